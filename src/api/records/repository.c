/*
 * repository.c: the national repository's routes (docs/records.md,
 * "National repository"), on the ministry instance:
 *
 *   POST /api/v1/repository/trust          import a province's trust list
 *   POST /api/v1/repository/records        submit sealed records (a batch)
 *   GET  /api/v1/repository/records/{id}   a record as held
 *
 * All three are the national administrator's (a ministry_admin bound to no
 * org): submitting is an instance-to-instance act, done with an account the
 * ministry makes for each province, so no new role is needed.
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/jcs.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/handlers.h"
#include "domain/access/audit.h"
#include "domain/records/repository.h"
#include "domain/records/trust.h"

#include <sodium.h>

static bool national_admin_or_reply(struct req *r)
{
	const struct principal *p = api_principal(r);
	for (int i = 0; p && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_MINISTRY_ADMIN && !p->grants[i].org_path)
			return true;
	res_error(r, P_FORBIDDEN, NULL, "Only the national administrator of this instance uses the repository.");
	return false;
}

/* ---- trust list import ---- */

struct import_job {
	struct trust_list l;
	int64_t by;
	size_t n;
};

static int import_write(struct db_conn *c, void *arg)
{
	struct import_job *x = arg;
	return repository_import(c, &x->l, x->by, time_now_unix(), &x->n);
}

static void import_finish(struct req *r, int rc, void *arg)
{
	struct import_job *x = arg;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, 200,
		 json_pack("{s:I, s:s}", "imported", (json_int_t)x->n, "signer", x->l.signer));
}

void api_repository_trust(struct req *r)
{
	if (!national_admin_or_reply(r))
		return;
	json_t *doc = req_json_or_reply(r);
	if (!doc)
		return;
	struct import_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(doc);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->by = api_principal(r)->user_id;
	int rc = trust_list_load(doc, &r->arena, &x->l);
	json_decref(doc);
	if (rc == ERR_INVALID) {
		res_error(r, P_NOT_TRUST_LIST, NULL, x->l.why ? x->l.why : "Not a trust list.");
		return;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (!x->l.signature_ok) {
		res_error(r, P_TRUST_LIST_SIGNATURE, "proof", "The trust list's proof does not verify.");
		return;
	}
	api_write(r, import_write, x, import_finish);
}

/* ---- submission ---- */

enum item_state { ITEM_PENDING, ITEM_ACCEPTED, ITEM_DUPLICATE, ITEM_REJECTED };
static const char *const item_names[] = {"pending", "accepted", "duplicate", "rejected"};

struct item {
	json_t *cred; /* borrowed from the submission */
	const char *uuid, *school, *text;
	char hash[REPOSITORY_HASH_HEX];
	enum item_state state;
	const char *check, *detail;
};

struct submit_job {
	struct req *r;
	json_t *body;
	size_t n;
	struct item *items;
	int64_t by;
};

static void reject(struct item *it, const char *check, const char *detail)
{
	it->state = ITEM_REJECTED;
	it->check = check;
	it->detail = detail;
}

/* Duplicate or conflict against what is held: ERR_NOTFOUND if nothing is. */
static int held_state(struct db_conn *c, struct item *it)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(it->uuid);
	int rc = db_row(c, Q_REPOSITORY_RECORD_BY_UUID, &v, 1, &res);
	if (rc)
		return rc;
	if (!strcmp(db_text(&res, 1, NULL), it->hash))
		it->state = ITEM_DUPLICATE;
	else
		reject(it, "conflict", "Another record with this id is already held.");
	db_done(&res);
	return ERR_OK;
}

/* Checks run on the request's thread, not the writer's. */
static int submit_read(struct db_conn *c, void *arg)
{
	struct submit_job *x = arg;
	struct arena *a = &x->r->arena;
	struct repository_lookup lk = {.c = c, .a = a};
	int64_t now = time_now_unix();
	for (size_t i = 0; i < x->n; i++) {
		struct item *it = &x->items[i];
		if (it->state != ITEM_PENDING)
			continue;
		int rc = held_state(c, it);
		if (rc != ERR_NOTFOUND) {
			if (rc)
				return rc;
			continue;
		}
		struct trust_report rep;
		rc = trust_check_record(it->cred, now, repository_key_lookup, &lk, NULL, NULL, a,
					&rep);
		if (rc)
			return rc;
		for (int k = 0; !rep.valid && k < rep.n; k++)
			if (rep.checks[k].result == TRUST_FAIL) {
				reject(it, arena_strdup(a, rep.checks[k].name),
				       rep.checks[k].detail);
				break;
			}
	}
	return ERR_OK;
}

/* Stores what passed; a record that landed since the read (a concurrent
 * submission of the same batch) is a duplicate, not an error. */
static int submit_write(struct db_conn *c, void *arg)
{
	struct submit_job *x = arg;
	int64_t now = time_now_unix();
	for (size_t i = 0; i < x->n; i++) {
		struct item *it = &x->items[i];
		if (it->state != ITEM_PENDING)
			continue;
		int rc = held_state(c, it);
		if (rc == ERR_OK)
			continue;
		if (rc != ERR_NOTFOUND)
			return rc;
		struct db_val v[] = {DBV_TEXT(it->uuid), DBV_TEXT(it->hash), DBV_TEXT(it->school),
				     DBV_TEXT(it->text), DBV_INT(x->by),     DBV_INT(now)};
		rc = db_exec(c, Q_REPOSITORY_RECORD_INSERT, v, 6, NULL);
		if (rc)
			return rc;
		it->state = ITEM_ACCEPTED;
	}
	return ERR_OK;
}

static void submit_finish(struct req *r, int rc, void *arg)
{
	struct submit_job *x = arg;
	if (rc) {
		json_decref(x->body);
		api_problem(r, rc, NULL);
		return;
	}
	size_t count[4] = {0};
	json_t *results = json_array();
	for (size_t i = 0; i < x->n; i++) {
		const struct item *it = &x->items[i];
		count[it->state]++;
		json_t *j = json_pack("{s:I, s:s}", "index", (json_int_t)i, "status",
				      item_names[it->state]);
		json_object_set_new(j, "id", it->uuid ? json_string(it->uuid) : json_null());
		if (it->state == ITEM_REJECTED) {
			json_object_set_new(j, "check", json_string(it->check));
			json_object_set_new(j, "detail", json_string(it->detail ? it->detail : ""));
		}
		json_array_append_new(results, j);
	}
	json_decref(x->body);
	res_json(r, 200,
		 json_pack("{s:I, s:I, s:I, s:o}", "accepted", (json_int_t)count[ITEM_ACCEPTED],
			   "duplicate", (json_int_t)count[ITEM_DUPLICATE], "rejected",
			   (json_int_t)count[ITEM_REJECTED], "results", results));
}

/* Fill an item from one submitted credential; a malformed one is rejected
 * with the check "format". */
static int item_prepare(struct arena *a, json_t *cred, struct item *it)
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
		uint8_t h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const uint8_t *)b.p, b.len);
		sodium_bin2hex(it->hash, sizeof(it->hash), h, sizeof(h));
		char *t = arena_alloc(a, b.len + 1);
		if (!t)
			rc = ERR_NOMEM;
		else {
			memcpy(t, b.p, b.len);
			t[b.len] = 0;
			it->text = t;
		}
	}
	buf_release(&b);
	return rc;
}

void api_repository_submit(struct req *r)
{
	if (!national_admin_or_reply(r))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	json_t *records = json_object_get(body, "records");
	size_t n = json_array_size(records);
	if (!json_is_array(records) || n == 0 || n > REPOSITORY_BATCH_MAX) {
		enum problem_id why = json_is_array(records) && n ? P_TOO_MANY : P_REQUIRED;
		json_decref(body);
		res_error(r, why, "records",
			  "Send {\"records\": [...]} with 1 to 100 sealed records.");
		return;
	}
	struct submit_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	struct item *items = x ? arena_calloc(&r->arena, n, sizeof(*items)) : NULL;
	int rc = items ? ERR_OK : ERR_NOMEM;
	if (x) {
		*x = (struct submit_job){.r = r,
					 .body = body,
					 .n = n,
					 .items = items,
					 .by = api_principal(r)->user_id};
	}
	for (size_t i = 0; !rc && i < n; i++)
		rc = item_prepare(&r->arena, json_array_get(records, i), &items[i]);
	if (!rc)
		rc = db_read(api_app(r)->db, submit_read, x);
	if (rc) {
		json_decref(body);
		api_problem(r, rc, NULL);
		return;
	}
	api_write(r, submit_write, x, submit_finish);
}

/* ---- read back ---- */

struct get_job {
	const char *uuid;
	char *text;
	bool found;
};

static int get_read(struct db_conn *c, void *arg)
{
	struct get_job *x = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->uuid);
	int rc = db_row(c, Q_REPOSITORY_RECORD_BY_UUID, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	x->found = true;
	x->text = strdup(db_text(&res, 3, NULL));
	db_done(&res);
	return x->text ? ERR_OK : ERR_NOMEM;
}

void api_repository_get(struct req *r)
{
	if (!national_admin_or_reply(r))
		return;
	const char *id = req_param(r, "id");
	struct get_job x = {0};
	char urn[80];
	if (!id || strlen(id) > 64) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	snprintf(urn, sizeof(urn), "%s%s", strncmp(id, "urn:uuid:", 9) ? "urn:uuid:" : "", id);
	x.uuid = urn;
	int rc = db_read(api_app(r)->db, get_read, &x);
	if (rc) {
		free(x.text);
		api_problem(r, rc, NULL);
		return;
	}
	if (!x.found) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	size_t len = strlen(x.text);
	char *body = arena_alloc(&r->arena, len + 1);
	if (body)
		memcpy(body, x.text, len + 1);
	free(x.text);
	struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
	if (!body || !e) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	/* A held record is a child's data: its read is on the log like any
	 * other, naming the record (the ministry has no person row for it). */
	api_audit_fill(r, NULL, "repository.read", 0, e);
	e->role = "ministry_admin";
	e->allowed = true;
	e->subject = arena_printf(&r->arena, "record:%s", urn);
	api_audit_body_reply(r, e, 1, 200, "application/json", body, len);
}
