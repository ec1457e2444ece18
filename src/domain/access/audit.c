/*
 * audit.c: the hash chain of audit.h (BLAKE2b-256 through crypto/hash.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/access/audit.h"

#define AUDIT_VERSION "tabula.audit.v1"
#define AUDIT_PAGE 1000

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
	if (!prev_hex || strlen(prev_hex) != 2 * HASH_BYTES ||
	    bytes_unhex(prev, sizeof(prev), prev_hex, 2 * HASH_BYTES))
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

int audit_chain_begin(struct db_conn *c, struct audit_chain *ch)
{
	struct db_res res;
	int rc = db_row(c, Q_AUDIT_HEAD_LOCK, NULL, 0, &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	ch->seq = db_int(&res, 0);
	snprintf(ch->prev, sizeof(ch->prev), "%s", db_text(&res, 1, NULL));
	db_done(&res);
	ch->now = time_now_unix();
	return ERR_OK;
}

int audit_chain_add(struct db_conn *c, struct audit_chain *ch, struct audit_entry *e, size_t n)
{
	char hash[AUDIT_HASH_HEX];
	for (size_t i = 0; i < n; i++) {
		e[i].seq = ch->seq + 1;
		if (!e[i].at)
			e[i].at = ch->now;
		if (audit_hash(ch->prev, &e[i], hash)) {
			log_error("audit: the chain head holds no valid hash");
			return ERR_DB;
		}
		struct db_val v[] = {
			DBV_INT(e[i].seq),
			DBV_INT(e[i].at),
			e[i].user_id ? DBV_INT(e[i].user_id) : DBV_NULL,
			DBV_TEXT(or_empty(e[i].username)),
			DBV_TEXT(or_empty(e[i].role)),
			dbv_text_or_null(e[i].org_code),
			DBV_TEXT(or_empty(e[i].action)),
			e[i].person_id ? DBV_INT(e[i].person_id) : DBV_NULL,
			dbv_text_or_null(e[i].subject),
			DBV_INT(e[i].allowed ? 1 : 0),
			DBV_TEXT(or_empty(e[i].ip)),
			DBV_TEXT(ch->prev),
			DBV_TEXT(hash),
		};
		int rc = db_exec(c, Q_AUDIT_INSERT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return rc;
		ch->seq++;
		memcpy(ch->prev, hash, sizeof(ch->prev));
	}
	return ERR_OK;
}

int audit_chain_end(struct db_conn *c, struct audit_chain *ch)
{
	struct db_val hv[] = { DBV_INT(ch->seq), DBV_TEXT(ch->prev) };
	return db_exec(c, Q_AUDIT_HEAD_SET, hv, 2, NULL);
}

int audit_append(struct db_conn *c, struct audit_entry *e, size_t n)
{
	if (!n)
		return ERR_OK;
	struct audit_chain ch;
	int rc = audit_chain_begin(c, &ch);
	if (!rc)
		rc = audit_chain_add(c, &ch, e, n);
	return rc ? rc : audit_chain_end(c, &ch);
}

static int broken(struct audit_report *out, int64_t seq, int64_t id, const char *why)
{
	out->bad_seq = seq;
	out->bad_id = id;
	snprintf(out->why, sizeof(out->why), "%s", why);
	return ERR_INVALID;
}

static int head_read(struct db_conn *c, int64_t *seq, char hash[AUDIT_HASH_HEX])
{
	struct db_res res;
	int rc = db_row(c, Q_AUDIT_HEAD_GET, NULL, 0, &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	*seq = db_int(&res, 0);
	snprintf(hash, AUDIT_HASH_HEX, "%s", db_text(&res, 1, NULL));
	db_done(&res);
	return ERR_OK;
}

int audit_verify(struct db_conn *c, int64_t expect_seq, const char *expect_hash,
		 struct audit_report *out)
{
	memset(out, 0, sizeof(*out));
	/* The head first: entries appended while we walk are past it. */
	int rc = head_read(c, &out->head_seq, out->head_hash);
	if (rc)
		return rc;
	char prev[AUDIT_HASH_HEX] = AUDIT_ZERO_HASH;
	int64_t last = 0;
	bool anchor_seen = false;
	int bad = ERR_OK;
	while (!bad && last < out->head_seq) {
		struct db_res res;
		struct db_val v[] = { DBV_INT(last), DBV_INT(AUDIT_PAGE) };
		rc = db_query(c, Q_AUDIT_CHAIN_PAGE, v, 2, &res);
		if (rc)
			return rc;
		int step, rows = 0;
		while (!bad && (step = db_next(&res)) == 1) {
			rows++;
			int64_t id = db_int(&res, 0);
			struct audit_entry e = {
				.seq = db_int(&res, 1),
				.at = db_int(&res, 2),
				.user_id = db_null(&res, 3) ? 0 : db_int(&res, 3),
				.username = db_text(&res, 4, NULL),
				.role = db_text(&res, 5, NULL),
				.org_code = db_null(&res, 6) ? NULL : db_text(&res, 6, NULL),
				.action = db_text(&res, 7, NULL),
				.person_id = db_null(&res, 8) ? 0 : db_int(&res, 8),
				.subject = db_null(&res, 9) ? NULL : db_text(&res, 9, NULL),
				.allowed = db_int(&res, 10) != 0,
				.ip = db_text(&res, 11, NULL),
			};
			const char *stored_prev = db_text(&res, 12, NULL);
			const char *stored = db_text(&res, 13, NULL);
			char h[AUDIT_HASH_HEX];
			if (last == out->head_seq)
				break; /* appended after we read the head */
			if (e.seq != last + 1)
				bad = broken(out, last + 1, 0,
					     "missing: the entry is not in the log (deleted or "
					     "renumbered)");
			else if (strcmp(stored_prev, prev))
				bad = broken(out, e.seq, id,
					     "prev_hash does not match the entry before it "
					     "(an entry before it was removed or reordered)");
			else if (audit_hash(prev, &e, h) || strcmp(h, stored))
				bad = broken(out, e.seq, id,
					     "the entry was changed: its hash does not match its "
					     "fields");
			if (bad)
				break;
			if (expect_seq && e.seq == expect_seq) {
				anchor_seen = true;
				if (!expect_hash || strcmp(expect_hash, stored))
					bad = broken(out, e.seq, id,
						     "does not match the anchor recorded outside the "
						     "database");
			}
			memcpy(prev, stored, AUDIT_HASH_HEX - 1);
			prev[AUDIT_HASH_HEX - 1] = '\0';
			last = e.seq;
			out->entries++;
		}
		db_done(&res);
		if (!bad && step < 0)
			return step;
		if (!rows)
			break;
	}
	if (bad)
		return bad;
	if (last < out->head_seq)
		return broken(out, last + 1, 0,
			      "missing: the head says the log is longer (entries cut off the "
			      "end)");
	if (strcmp(prev, out->head_hash))
		return broken(out, last, 0, "the head's hash does not match the last entry");
	if (expect_seq && !anchor_seen)
		return broken(out, expect_seq, 0,
			      "missing: the anchor's entry is past the end of the log (entries "
			      "cut off the end)");
	/* Rows past the head that the head has not caught up with. */
	struct db_res res;
	rc = db_row(c, Q_AUDIT_MAX_SEQ, NULL, 0, &res);
	if (rc)
		return rc;
	int64_t max = db_int(&res, 0);
	db_done(&res);
	int64_t head2;
	char hash2[AUDIT_HASH_HEX];
	rc = head_read(c, &head2, hash2);
	if (rc)
		return rc;
	if (max > head2)
		return broken(out, head2 + 1, 0, "an entry past the head (added outside the log)");
	return ERR_OK;
}
