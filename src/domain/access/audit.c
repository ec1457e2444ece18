/*
 * audit.c: the hash chain of audit.h (BLAKE2b-256 through crypto/hash.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/access/audit.h"
#include "domain/common/work.h"

#define AUDIT_VERSION "tabula.audit.v1"
#define AUDIT_PAGE    1000

static void put_bytes(struct hash_state *st, const char *s, size_t n)
{
	unsigned char len[8];
	uint64_t v = s ? (uint64_t)n : UINT64_MAX;
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(v >> (8 * i));
	hash_update(st, len, sizeof(len));
	if (s && n)
		hash_update(st, (const unsigned char *)s, n);
}

static void put_text(struct hash_state *st, const char *s)
{
	put_bytes(st, s, s ? strlen(s) : 0);
}

static void put_int(struct hash_state *st, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof(buf), "%" PRId64, v);
	put_bytes(st, buf, (size_t)n);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

int audit_hash(const char *prev_hex, const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	uint8_t prev[HASH_BYTES], h[HASH_BYTES];
	if (!prev_hex || strlen(prev_hex) != (size_t)2 * HASH_BYTES ||
	    bytes_unhex(prev, sizeof(prev), prev_hex, (size_t)2 * HASH_BYTES))
		return ERR_INVALID;
	struct hash_state st;
	hash_init(&st);
	put_text(&st, AUDIT_VERSION);
	hash_update(&st, prev, sizeof(prev));
	put_int(&st, e->seq);
	put_int(&st, e->at);
	if (e->user_id)
		put_int(&st, e->user_id);
	else
		put_bytes(&st, NULL, 0);
	put_text(&st, or_empty(e->username));
	put_text(&st, or_empty(e->role));
	put_text(&st, e->org_code);
	put_text(&st, or_empty(e->action));
	if (e->person_id)
		put_int(&st, e->person_id);
	else
		put_bytes(&st, NULL, 0);
	put_text(&st, e->subject);
	put_int(&st, e->allowed ? 1 : 0);
	put_text(&st, or_empty(e->ip));
	hash_final(&st, h);
	bytes_hex(out, h, sizeof(h));
	return ERR_OK;
}

/* The chain's head by query q (locking it or not): its last seq and hash. */
static int head_read(struct db_conn *c, enum query_id q, int64_t *seq, char hash[AUDIT_HASH_HEX])
{
	struct db_res res;
	int rc = db_row(c, q, NULL, 0, &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	*seq = db_int(&res, C_AUDIT_HEAD__SEQ);
	snprintf(hash, AUDIT_HASH_HEX, "%s", db_text(&res, C_AUDIT_HEAD__HASH, NULL));
	db_done(&res);
	return ERR_OK;
}

int audit_chain_begin(struct db_conn *c, struct audit_chain *ch)
{
	int rc = head_read(c, Q_AUDIT_HEAD_LOCK, &ch->seq, ch->prev);
	ch->now = time_now_unix();
	return rc;
}

#define AUDIT_COLS  13 /* the values of one entry's row */
#define AUDIT_BUNCH 8  /* entries in one audit_insert_8 */

/* Entry e chained after prev (its hash into hash), as its row's values. */
static void entry_values(const struct audit_entry *e, const char *prev, const char *hash,
			 struct db_val *v)
{
	struct db_val row[AUDIT_COLS] = {
		DBV_INT(e->seq),
		DBV_INT(e->at),
		e->user_id ? DBV_INT(e->user_id) : DBV_NULL,
		DBV_TEXT(or_empty(e->username)),
		DBV_TEXT(or_empty(e->role)),
		dbv_text_or_null(e->org_code),
		DBV_TEXT(or_empty(e->action)),
		e->person_id ? DBV_INT(e->person_id) : DBV_NULL,
		dbv_text_or_null(e->subject),
		DBV_INT(e->allowed ? 1 : 0),
		DBV_TEXT(or_empty(e->ip)),
		DBV_TEXT(prev),
		DBV_TEXT(hash),
	};
	memcpy(v, row, sizeof(row));
}

/* Chain and insert e[0..n), n <= AUDIT_BUNCH: eight in one statement,
 * fewer one by one. */
static int chain_bunch(struct db_conn *c, struct audit_chain *ch, struct audit_entry *e, size_t n)
{
	char hashes[AUDIT_BUNCH + 1][AUDIT_HASH_HEX];
	struct db_val v[AUDIT_BUNCH * AUDIT_COLS];
	memcpy(hashes[0], ch->prev, AUDIT_HASH_HEX);
	for (size_t i = 0; i < n; i++) {
		e[i].seq = ch->seq + 1 + (int64_t)i;
		if (!e[i].at)
			e[i].at = ch->now;
		if (audit_hash(hashes[i], &e[i], hashes[i + 1])) {
			log_error("audit: the chain head holds no valid hash");
			return ERR_DB;
		}
		entry_values(&e[i], hashes[i], hashes[i + 1], &v[i * AUDIT_COLS]);
	}
	int rc = ERR_OK;
	if (n == AUDIT_BUNCH)
		rc = db_exec(c, Q_AUDIT_INSERT_8, v, ARRAY_SIZE(v), NULL);
	for (size_t i = 0; n < AUDIT_BUNCH && !rc && i < n; i++)
		rc = db_exec(c, Q_AUDIT_INSERT, &v[i * AUDIT_COLS], AUDIT_COLS, NULL);
	if (rc)
		return rc;
	ch->seq += (int64_t)n;
	memcpy(ch->prev, hashes[n], sizeof(ch->prev));
	return ERR_OK;
}

int audit_chain_add(struct db_conn *c, struct audit_chain *ch, struct audit_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i += AUDIT_BUNCH) {
		size_t k = n - i < AUDIT_BUNCH ? n - i : AUDIT_BUNCH;
		int rc = chain_bunch(c, ch, e + i, k);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

int audit_chain_end(struct db_conn *c, struct audit_chain *ch)
{
	struct db_val hv[] = {DBV_INT(ch->seq), DBV_TEXT(ch->prev)};
	return db_exec(c, Q_AUDIT_HEAD_SET, hv, 2, NULL);
}

/* Append now: lock the head, chain, insert, move the head. */
static int append_now(struct db_conn *c, struct audit_entry *e, size_t n)
{
	struct audit_chain ch;
	int rc = audit_chain_begin(c, &ch);
	if (!rc)
		rc = audit_chain_add(c, &ch, e, n);
	return rc ? rc : audit_chain_end(c, &ch);
}

/*
 * Entries held until the writer's commit (db_tx_hook): the batch's jobs
 * add to it in the order they run, a job undone takes its entries back,
 * and just before COMMIT every entry is chained under one lock of the
 * head, which is then held only for the length of the commit, not of the
 * batch. The entries are copies (their strings in `strings`), so they
 * outlive the jobs' own memory.
 */
struct audit_pending {
	struct audit_entry *e;
	size_t n, cap;
	struct arena strings;
};

static int pending_flush(struct db_conn *c, void *state)
{
	struct audit_pending *q = state;
	return q->n ? append_now(c, q->e, q->n) : ERR_OK;
}

static size_t pending_mark(void *state)
{
	return ((struct audit_pending *)state)->n;
}

static void pending_rewind(void *state, size_t mark)
{
	struct audit_pending *q = state;
	if (mark < q->n)
		q->n = mark; /* the strings stay in the arena until clear */
}

static void pending_clear(void *state)
{
	struct audit_pending *q = state;
	q->n = 0;
	arena_release(&q->strings);
}

static void pending_free(void *state)
{
	struct audit_pending *q = state;
	arena_release(&q->strings);
	free(q->e);
	free(q);
}

/* The connection's pending list, made at its first use; NULL when the
 * hook is another's or memory runs out (then append at once). */
static struct audit_pending *pending_of(struct db_tx_hook *h)
{
	if (h->state)
		return h->before_commit == pending_flush ? h->state : NULL;
	struct audit_pending *q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	arena_init(&q->strings, 16384, 0);
	*h = (struct db_tx_hook){.before_commit = pending_flush,
				 .mark = pending_mark,
				 .rewind = pending_rewind,
				 .clear = pending_clear,
				 .free = pending_free,
				 .state = q};
	return q;
}

static int pending_add(struct audit_pending *q, const struct audit_entry *e, size_t n)
{
	if (q->n + n > q->cap) {
		size_t cap = q->cap ? q->cap : 64;
		while (cap < q->n + n)
			cap *= 2;
		struct audit_entry *grown = realloc(q->e, cap * sizeof(*grown));
		if (!grown)
			return ERR_NOMEM;
		q->e = grown;
		q->cap = cap;
	}
	int64_t now = time_now_unix();
	for (size_t i = 0; i < n; i++) {
		struct audit_entry *d = &q->e[q->n + i];
		*d = e[i];
		if (!d->at)
			d->at = now;
		if (audit_entry_keep(&q->strings, d))
			return ERR_NOMEM;
	}
	q->n += n;
	return ERR_OK;
}

int audit_append(struct db_conn *c, struct audit_entry *e, size_t n)
{
	if (!n)
		return ERR_OK;
	struct db_tx_hook *h = db_tx_hook(c);
	struct audit_pending *q = h ? pending_of(h) : NULL;
	return q ? pending_add(q, e, n) : append_now(c, e, n);
}

void audit_entry_read_row(struct db_res *res, struct audit_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seq = db_int(res, C_AUDIT_ENTRY__SEQ);
	e->at = db_int(res, C_AUDIT_ENTRY__AT);
	e->user_id = db_int0(res, C_AUDIT_ENTRY__USER_ID);
	e->username = db_text(res, C_AUDIT_ENTRY__USERNAME, NULL);
	e->role = db_text(res, C_AUDIT_ENTRY__ROLE, NULL);
	if (!db_null(res, C_AUDIT_ENTRY__ORG_CODE))
		e->org_code = db_text(res, C_AUDIT_ENTRY__ORG_CODE, NULL);
	e->action = db_text(res, C_AUDIT_ENTRY__ACTION, NULL);
	e->person_id = db_int0(res, C_AUDIT_ENTRY__PERSON_ID);
	if (!db_null(res, C_AUDIT_ENTRY__SUBJECT))
		e->subject = db_text(res, C_AUDIT_ENTRY__SUBJECT, NULL);
	e->allowed = db_int(res, C_AUDIT_ENTRY__ALLOWED) != 0;
	e->ip = db_text(res, C_AUDIT_ENTRY__IP, NULL);
}

int audit_entry_keep(struct arena *a, struct audit_entry *e)
{
	const char **text[] = {&e->username, &e->role,	  &e->org_code,
			       &e->action,   &e->subject, &e->ip};
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		if (*text[i] && !(*text[i] = arena_strdup(a, *text[i])))
			return ERR_NOMEM;
	return ERR_OK;
}

/* ---- verify ---- */

/* An anchor's place in the order of the walk. */
struct anchor_ref {
	int64_t seq;
	size_t i;
};

/* A walk along the chain: what audit_verify has seen so far. */
struct audit_walk {
	const struct audit_anchor *anchors;
	struct anchor_ref *order;  /* the anchors in seq order */
	size_t n, next;		   /* anchors; the next one (in order) to meet */
	char prev[AUDIT_HASH_HEX]; /* the hash of the last entry checked */
	int64_t last;		   /* its seq */
	struct audit_report *out;
};

static int broken(struct audit_report *out, int64_t seq, int64_t id, const char *why)
{
	out->bad_seq = seq;
	out->bad_id = id;
	snprintf(out->why, sizeof(out->why), "%s", why);
	return ERR_INVALID;
}

/* Meet the anchors of entry seq, whose hash is `hash` (NULL: the chain
 * does not reach it); id is its row. */
static int walk_anchors(struct audit_walk *w, int64_t seq, int64_t id, const char *hash)
{
	for (; w->next < w->n; w->next++) {
		size_t i = w->order[w->next].i;
		const struct audit_anchor *a = &w->anchors[i];
		if (a->seq > seq)
			break;
		if (!hash || !a->hash || strcmp(a->hash, hash)) {
			w->out->anchor = i + 1;
			snprintf(w->out->found, sizeof(w->out->found), "%s", hash ? hash : "");
			return broken(
				w->out, a->seq, id,
				hash ? "does not match the anchor recorded outside the database"
				     : "missing: the anchor's entry is past the end of the log "
				       "(entries cut off the end)");
		}
		w->out->anchors_met++;
		w->out->agreed = a->seq;
	}
	return ERR_OK;
}

/* Check the current row of audit_chain_page against the chain so far and
 * the anchors, then make it the last entry seen. */
static int walk_row(struct audit_walk *w, struct db_res *res)
{
	struct audit_entry e;
	audit_entry_read_row(res, &e);
	int64_t id = db_int(res, C_AUDIT_CHAIN_PAGE__ID);
	const char *stored_prev = db_text(res, C_AUDIT_CHAIN_PAGE__PREV_HASH, NULL);
	const char *stored = db_text(res, C_AUDIT_CHAIN_PAGE__HASH, NULL);
	char h[AUDIT_HASH_HEX];
	if (e.seq != w->last + 1)
		return broken(w->out, w->last + 1, 0,
			      "missing: the entry is not in the log (deleted or renumbered)");
	if (strcmp(stored_prev, w->prev))
		return broken(w->out, e.seq, id,
			      "prev_hash does not match the entry before it "
			      "(an entry before it was removed or reordered)");
	if (audit_hash(w->prev, &e, h) || strcmp(h, stored))
		return broken(w->out, e.seq, id,
			      "the entry was changed: its hash does not match its fields");
	int rc = walk_anchors(w, e.seq, id, h);
	if (rc)
		return rc;
	snprintf(w->prev, sizeof(w->prev), "%s", stored);
	w->last = e.seq;
	w->out->entries++;
	return ERR_OK;
}

/* Check the next page of entries, up to the head read at the start (later
 * entries are past it); *rows gets the number checked. */
static int walk_page(struct db_conn *c, struct audit_walk *w, int *rows)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(w->last), DBV_INT(AUDIT_PAGE)};
	int rc = db_query(c, Q_AUDIT_CHAIN_PAGE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	*rows = 0;
	while (!rc && w->last < w->out->head_seq && (step = db_next(&res)) == 1) {
		(*rows)++;
		rc = walk_row(w, &res);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* After the walk: the head names the last entry, every anchor was met. */
static int walk_end(struct audit_walk *w)
{
	if (w->last < w->out->head_seq)
		return broken(w->out, w->last + 1, 0,
			      "missing: the head says the log is longer (entries cut off the end)");
	if (strcmp(w->prev, w->out->head_hash))
		return broken(w->out, w->last, 0, "the head's hash does not match the last entry");
	return walk_anchors(w, INT64_MAX, 0, NULL);
}

/* Rows past the head that the head has not caught up with. */
static int walk_past_head(struct db_conn *c, struct audit_report *out)
{
	struct db_res res;
	int rc = db_row(c, Q_AUDIT_MAX_SEQ, NULL, 0, &res);
	if (rc)
		return rc;
	int64_t max = db_int(&res, C_AUDIT_MAX_SEQ__SEQ);
	db_done(&res);
	int64_t head;
	char hash[AUDIT_HASH_HEX];
	rc = head_read(c, Q_AUDIT_HEAD_GET, &head, hash);
	if (!rc && max > head)
		return broken(out, head + 1, 0, "an entry past the head (added outside the log)");
	return rc;
}

/* By seq, then by index: a stable order. */
static int by_seq(const void *x, const void *y)
{
	const struct anchor_ref *a = x, *b = y;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

int audit_verify_anchors(struct db_conn *c, const struct audit_anchor *a, size_t n,
			 struct audit_report *out)
{
	memset(out, 0, sizeof(*out));
	struct audit_walk w = {.anchors = a, .n = n, .prev = AUDIT_ZERO_HASH, .out = out};
	if (n) {
		w.order = malloc(n * sizeof(*w.order));
		if (!w.order)
			return ERR_NOMEM;
		for (size_t i = 0; i < n; i++)
			w.order[i] = (struct anchor_ref){a[i].seq, i};
		qsort(w.order, n, sizeof(*w.order), by_seq);
	}
	/* The head first: entries appended while we walk are past it. */
	int rc = head_read(c, Q_AUDIT_HEAD_GET, &out->head_seq, out->head_hash);
	if (!rc) /* anchors of the empty chain */
		rc = walk_anchors(&w, 0, 0, AUDIT_ZERO_HASH);
	int rows = 1;
	while (!rc && rows && w.last < out->head_seq)
		rc = walk_page(c, &w, &rows);
	if (!rc)
		rc = walk_end(&w);
	if (!rc)
		rc = walk_past_head(c, out);
	free(w.order);
	return rc;
}

int audit_verify(struct db_conn *c, int64_t expect_seq, const char *expect_hash,
		 struct audit_report *out)
{
	struct audit_anchor a = {.seq = expect_seq, .hash = expect_hash};
	return audit_verify_anchors(c, &a, expect_seq > 0 ? 1 : 0, out);
}

struct audit_check {
	const struct audit_anchor *a;
	size_t n;
	struct audit_report *out;
};

static int audit_check_read(struct db_conn *c, void *ctx)
{
	struct audit_check *x = ctx;
	return audit_verify_anchors(c, x->a, x->n, x->out);
}

int audit_check_anchors(struct db *db, const struct audit_anchor *a, size_t n,
			struct audit_report *out)
{
	struct audit_check x = {.a = a, .n = n, .out = out};
	return work_read(db, audit_check_read, &x);
}

int audit_check(struct db *db, int64_t expect_seq, const char *expect_hash,
		struct audit_report *out)
{
	struct audit_anchor a = {.seq = expect_seq, .hash = expect_hash};
	return audit_check_anchors(db, &a, expect_seq > 0 ? 1 : 0, out);
}
