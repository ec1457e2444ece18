/*
 * repository.c: the national repository (repository.h): who may use it,
 * imported trust lists and the key lookup over them, submissions, reads of
 * held records, and the province side's cursor.
 */
#include "core/base.h"
#include "core/jcs.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/records/repository.h"
#include "domain/records/signing_key.h"

int repository_admit(const struct actor *by, struct problem *p)
{
	if (by && skey_national_admin(by->who))
		return ERR_OK;
	return problem_set(p, P_FORBIDDEN, NULL,
			   "Only the national administrator of this instance uses the "
			   "repository.");
}

/* ---- trust lists ---- */

int repository_key_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	struct repository_lookup *l = ctx;
	struct db_res res;
	struct db_val v = DBV_TEXT(multikey);
	int rc = db_row(l->c, Q_REPOSITORY_KEY_BY_PUBLIC, &v, 1, &res);
	if (rc)
		return rc;
	const char *school = db_dup(&res, C_REPOSITORY_KEY_BY_PUBLIC__SCHOOL, l->a);
	int role = skey_role_parse(db_text(&res, C_REPOSITORY_KEY_BY_PUBLIC__ROLE, NULL));
	*out = (struct trust_key){
		.school = school,
		.role = role < 0 ? SKEY_MINISTRY : (enum skey_role)role,
		.valid_from = db_int(&res, C_REPOSITORY_KEY_BY_PUBLIC__VALID_FROM),
		.valid_until = db_int0(&res, C_REPOSITORY_KEY_BY_PUBLIC__VALID_UNTIL),
		.revoked_at = db_int0(&res, C_REPOSITORY_KEY_BY_PUBLIC__REVOKED_AT),
	};
	db_done(&res);
	return school ? ERR_OK : ERR_NOMEM;
}

int repository_import(struct db_conn *c, const struct trust_list *l, int64_t by_user, int64_t now,
		      size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct trust_list_key *k = &l->keys[i];
		if (k->key.role == SKEY_MINISTRY || !k->key.school)
			continue;
		struct db_val v[] = {
			DBV_TEXT(k->multikey),
			DBV_TEXT(k->key.school),
			DBV_TEXT(skey_role_name(k->key.role)),
			DBV_INT(k->key.valid_from),
			k->key.valid_until ? DBV_INT(k->key.valid_until) : DBV_NULL,
			k->key.revoked_at ? DBV_INT(k->key.revoked_at) : DBV_NULL,
			DBV_TEXT(l->signer),
			by_user ? DBV_INT(by_user) : DBV_NULL,
			DBV_INT(now),
		};
		int rc = db_exec(c, Q_REPOSITORY_KEY_UPSERT, v, 9, NULL);
		if (rc)
			return rc;
		++*n;
	}
	return ERR_OK;
}

int repository_import_load(struct repository_import_job *x, const json_t *doc, struct arena *a)
{
	int rc = trust_list_load(doc, a, &x->l);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_TRUST_LIST, NULL,
				   x->l.why ? x->l.why : "Not a trust list.");
	if (rc)
		return problem_err(&x->p, rc);
	if (!x->l.signature_ok)
		return problem_set(&x->p, P_TRUST_LIST_SIGNATURE, "proof",
				   "The trust list's proof does not verify.");
	return ERR_OK;
}

int repository_import_tx(struct db_conn *c, void *ctx)
{
	struct repository_import_job *x = ctx;
	return problem_err(&x->p, repository_import(c, &x->l, x->by, x->now, &x->n));
}

/* ---- submissions ---- */

static const char *const state_names[REPOSITORY__STATES] = {"pending", "accepted", "duplicate",
							    "rejected"};

const char *repository_state_name(enum repository_state s)
{
	return (unsigned)s < REPOSITORY__STATES ? state_names[s] : "unknown";
}

/* Item it is rejected by `check`, saying why. */
static void reject(struct repository_item *it, const char *check, const char *detail)
{
	it->state = REPOSITORY_REJECTED;
	it->check = check;
	it->detail = detail;
}

/* Fill an item from one submitted credential: its id, school, canonical
 * text and hash; a malformed one is rejected with the check "format". */
static int item_prepare(struct arena *a, const json_t *cred, struct repository_item *it)
{
	it->cred = cred;
	const char *id = json_string_value(json_object_get(cred, "id"));
	const char *school =
		json_string_value(json_object_get(json_object_get(cred, "issuer"), "code"));
	if (!json_is_object(cred) || !id || strncmp(id, "urn:uuid:", 9) || strlen(id) > 64 ||
	    !school) {
		reject(it, "format", "Not a sealed record: id (urn:uuid:) and issuer.code needed.");
		return ERR_OK;
	}
	it->uuid = id;
	it->school = school;
	struct buf b;
	buf_init(&b, 0);
	int rc = jcs_append(&b, cred);
	if (!rc) {
		uint8_t h[HASH_BYTES];
		hash_sha256(h, b.p, b.len);
		bytes_hex(it->hash, h, sizeof(h));
		char *t = arena_alloc(a, b.len + 1);
		if (!t) {
			rc = ERR_NOMEM;
		} else {
			memcpy(t, b.p, b.len);
			t[b.len] = 0;
			it->text = t;
		}
	}
	buf_release(&b);
	return rc;
}

/* Duplicate or conflict against what is held: ERR_NOTFOUND if nothing is. */
static int held_state(struct db_conn *c, struct repository_item *it)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(it->uuid);
	int rc = db_row(c, Q_REPOSITORY_RECORD_BY_UUID, &v, 1, &res);
	if (rc)
		return rc;
	if (!strcmp(db_text(&res, C_REPOSITORY_RECORD_BY_UUID__HASH, NULL), it->hash))
		it->state = REPOSITORY_DUPLICATE;
	else
		reject(it, "conflict", "Another record with this id is already held.");
	db_done(&res);
	return ERR_OK;
}

/* The checks of trust.h against the imported keys; the first that fails
 * rejects the item. */
static int item_check(struct repository_submission *x, struct repository_lookup *lk,
		      struct repository_item *it)
{
	struct trust_report rep;
	int rc = trust_check_record(it->cred, x->now, repository_key_lookup, lk, NULL, NULL, x->a,
				    &rep);
	if (rc)
		return rc;
	for (int k = 0; !rep.valid && k < rep.n; k++)
		if (rep.checks[k].result == TRUST_FAIL) {
			reject(it, arena_strdup(x->a, rep.checks[k].name), rep.checks[k].detail);
			break;
		}
	return ERR_OK;
}

/* Each pending item: a duplicate or conflict with what is held, else
 * the checks of trust.h. */
static int submit_read(struct db_conn *c, void *arg)
{
	struct repository_submission *x = arg;
	struct repository_lookup lk = {.c = c, .a = x->a};
	for (size_t i = 0; i < x->n; i++) {
		struct repository_item *it = &x->items[i];
		if (it->state != REPOSITORY_PENDING)
			continue;
		int rc = held_state(c, it);
		if (rc == ERR_NOTFOUND)
			rc = item_check(x, &lk, it);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

int repository_submit_check(struct db *db, struct repository_submission *x)
{
	size_t n = json_array_size(x->records);
	if (!json_is_array(x->records) || n == 0 || n > REPOSITORY_BATCH_MAX)
		return problem_set(&x->p, json_is_array(x->records) && n ? P_TOO_MANY : P_REQUIRED,
				   "records",
				   "Send {\"records\": [...]} with 1 to 100 sealed records.");
	x->n = n;
	x->items = arena_calloc(x->a, n, sizeof(*x->items));
	int rc = x->items ? ERR_OK : ERR_NOMEM;
	for (size_t i = 0; !rc && i < n; i++)
		rc = item_prepare(x->a, json_array_get(x->records, i), &x->items[i]);
	/* Checked here, on the caller's thread, not the writer's. */
	if (!rc)
		rc = work_read(db, submit_read, x);
	return problem_err(&x->p, rc);
}

int repository_submit_tx(struct db_conn *c, void *ctx)
{
	struct repository_submission *x = ctx;
	for (size_t i = 0; i < x->n; i++) {
		struct repository_item *it = &x->items[i];
		if (it->state != REPOSITORY_PENDING)
			continue;
		int rc = held_state(c, it);
		if (rc == ERR_OK)
			continue;
		if (rc != ERR_NOTFOUND)
			return problem_err(&x->p, rc);
		struct db_val v[] = {DBV_TEXT(it->uuid), DBV_TEXT(it->hash), DBV_TEXT(it->school),
				     DBV_TEXT(it->text), DBV_INT(x->by),     DBV_INT(x->now)};
		rc = db_exec(c, Q_REPOSITORY_RECORD_INSERT, v, 6, NULL);
		if (rc)
			return problem_err(&x->p, rc);
		it->state = REPOSITORY_ACCEPTED;
	}
	return ERR_OK;
}

/* ---- reads ---- */

struct held_read {
	struct arena *a;
	struct repository_read *x;
};

/* The held record's text, in the actor's arena. */
static int held_read(struct db_conn *c, void *arg)
{
	struct held_read *h = arg;
	struct repository_read *x = h->x;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->uuid);
	int rc = db_row(c, Q_REPOSITORY_RECORD_BY_UUID, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	x->found = true;
	x->text = db_dup(&res, C_REPOSITORY_RECORD_BY_UUID__CREDENTIAL, h->a);
	db_done(&res);
	return x->text ? ERR_OK : ERR_NOMEM;
}

int repository_read_as(struct db *db, const struct actor *by, struct repository_read *x)
{
	struct held_read h = {.a = by->arena, .x = x};
	x->found = false;
	int rc = work_read(db, held_read, &h);
	if (rc)
		return problem_err(&x->p, rc);
	if (!x->found)
		return ERR_OK;
	x->len = strlen(x->text);
	/* The ministry has no person row for a held record: the entry names
	 * the record instead. */
	actor_audit_fill(by, NULL, "repository.read", 0, &x->entry);
	x->entry.role = "ministry_admin";
	x->entry.allowed = true;
	x->entry.subject = arena_printf(by->arena, "record:%s", x->uuid);
	return x->entry.subject ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

/* ---- the province side ---- */

/* The target's cursor, then the records after it (outbox). */
static int outbox_read(struct db_conn *c, void *arg)
{
	struct repository_outbox *b = arg;
	struct db_val t = DBV_TEXT(b->target);
	struct db_res res;
	int rc = db_row(c, Q_REPOSITORY_CURSOR_GET, &t, 1, &res);
	b->after = 0;
	if (rc == ERR_OK) {
		b->after = db_int(&res, C_REPOSITORY_CURSOR_GET__LAST_RECORD);
		db_done(&res);
	} else if (rc != ERR_NOTFOUND) {
		return rc;
	}
	struct db_val v[] = {DBV_INT(b->after), DBV_INT(b->limit)};
	rc = db_query(c, Q_REPOSITORY_SEALED_AFTER, v, 2, &res);
	if (rc)
		return rc;
	b->last = b->after;
	int step;
	while ((step = db_next(&res)) == 1) {
		json_error_t e;
		json_t *cred = json_loads(
			db_text(&res, C_REPOSITORY_SEALED_AFTER__CREDENTIAL, NULL), 0, &e);
		if (!cred) {
			rc = ERR_INVALID;
			break;
		}
		json_array_append_new(b->records, cred);
		b->last = db_int(&res, C_REPOSITORY_SEALED_AFTER__ID);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int repository_outbox_read(struct db *db, struct repository_outbox *b)
{
	return work_read(db, outbox_read, b);
}

struct cursor_write {
	const char *target;
	int64_t last, now;
	bool reset;
};

/* Store or forget a target's cursor. */
static int cursor_write(struct db_conn *c, void *arg)
{
	struct cursor_write *w = arg;
	if (w->reset) {
		struct db_val t = DBV_TEXT(w->target);
		return db_exec(c, Q_REPOSITORY_CURSOR_RESET, &t, 1, NULL);
	}
	struct db_val v[] = {DBV_TEXT(w->target), DBV_INT(w->last), DBV_INT(w->now)};
	return db_exec(c, Q_REPOSITORY_CURSOR_SET, v, 3, NULL);
}

int repository_cursor_save(struct db *db, const char *target, int64_t last, int64_t now)
{
	struct cursor_write w = {.target = target, .last = last, .now = now};
	return work_write(db, cursor_write, &w);
}

int repository_cursor_reset(struct db *db, const char *target)
{
	struct cursor_write w = {.target = target, .reset = true};
	return work_write(db, cursor_write, &w);
}
