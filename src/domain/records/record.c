/*
 * record.c: the stored record (record.h): its rows, who may read it, a
 * read on an actor's behalf, sharing it on the public page, and storing a
 * prepared batch.
 */
#include "core/base.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/records/record.h"
#include "domain/registry/student.h"

static const char *const status_names[RECORD__STATUSES] = {"draft", "teacher_signed", "sealed",
							   "superseded"};

const char *record_status_name(enum record_status s)
{
	return (unsigned)s < RECORD__STATUSES ? status_names[s] : "unknown";
}

int record_status_parse(const char *name)
{
	for (int i = 0; name && i < RECORD__STATUSES; i++)
		if (!strcmp(name, status_names[i]))
			return i;
	return -1;
}

/* ---- rows ---- */

/* Every query that reads records returns the `record` columns, then the
 * credential. */
_Static_assert(C_RECORD_BY_ID__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORD_BY_UUID__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_OF_CLASS__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_LIST_STUDENT__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_LIST_SCHOOL__CREDENTIAL == C_RECORD__COUNT,
	       "the credential follows the record columns");
#define C_RECORD_CREDENTIAL C_RECORD_BY_ID__CREDENTIAL

/* A nullable text column: NULL stays NULL. */
static const char *text_or_null(struct db_res *res, int col, struct arena *a)
{
	return db_null(res, col) ? NULL : db_dup(res, col, a);
}

int record_read_row(struct db_res *res, struct arena *a, struct record_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_int(res, C_RECORD__ID);
	r->uuid = db_dup(res, C_RECORD__UUID, a);
	r->person_id = db_int(res, C_RECORD__PERSON_ID);
	r->org_id = db_int(res, C_RECORD__ORG_ID);
	r->school_year = (int)db_int(res, C_RECORD__SCHOOL_YEAR);
	r->grade = (int)db_int(res, C_RECORD__GRADE);
	r->class_id = db_int(res, C_RECORD__CLASS_ID);
	r->version = (int)db_int(res, C_RECORD__VERSION);
	r->previous_id = db_int0(res, C_RECORD__PREVIOUS_ID);
	r->superseded_by = db_int0(res, C_RECORD__SUPERSEDED_BY);
	int st = record_status_parse(db_text(res, C_RECORD__STATUS, NULL));
	r->status = st < 0 ? RECORD_DRAFT : (enum record_status)st;
	r->rev = db_int(res, C_RECORD__REV);
	r->subject_hash = db_dup(res, C_RECORD__SUBJECT_HASH, a);
	r->credential = db_dup(res, C_RECORD_CREDENTIAL, a);
	r->teacher_key_id = db_int0(res, C_RECORD__TEACHER_KEY_ID);
	r->teacher_by = db_int0(res, C_RECORD__TEACHER_BY);
	r->teacher_at = db_int0(res, C_RECORD__TEACHER_AT);
	r->principal_key_id = db_int0(res, C_RECORD__PRINCIPAL_KEY_ID);
	r->principal_by = db_int0(res, C_RECORD__PRINCIPAL_BY);
	r->principal_at = db_int0(res, C_RECORD__PRINCIPAL_AT);
	r->created_at = db_int(res, C_RECORD__CREATED_AT);
	r->updated_at = db_int(res, C_RECORD__UPDATED_AT);
	r->school = db_dup(res, C_RECORD__SCHOOL, a);
	r->school_path = db_dup(res, C_RECORD__SCHOOL_PATH, a);
	r->class_name = db_dup(res, C_RECORD__CLASS_NAME, a);
	r->homeroom_id = db_int0(res, C_RECORD__HOMEROOM_ID);
	r->given_name = text_or_null(res, C_RECORD__GIVEN_NAME, a);
	r->family_name = text_or_null(res, C_RECORD__FAMILY_NAME, a);
	r->teacher = text_or_null(res, C_RECORD__TEACHER, a);
	r->principal = text_or_null(res, C_RECORD__PRINCIPAL, a);
	r->successor = text_or_null(res, C_RECORD__SUCCESSOR, a);
	r->doc_hash = text_or_null(res, C_RECORD__DOC_HASH, a);
	return r->uuid && r->subject_hash && r->credential && r->school && r->school_path &&
			       r->class_name
		       ? ERR_OK
		       : ERR_NOMEM;
}

/* The one record query q (one parameter v) finds, into out. */
static int record_row_by(struct db_conn *c, struct arena *a, enum query_id q, struct db_val v,
			 struct record_row *out)
{
	struct db_res res;
	int rc = db_row(c, q, &v, 1, &res);
	if (rc)
		return rc;
	rc = record_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int record_get(struct db_conn *c, struct arena *a, int64_t id, struct record_row *out)
{
	return record_row_by(c, a, Q_RECORD_BY_ID, DBV_INT(id), out);
}

int record_by_uuid(struct db_conn *c, struct arena *a, const char *uuid, struct record_row *out)
{
	return record_row_by(c, a, Q_RECORD_BY_UUID, DBV_TEXT(uuid), out);
}

/* ---- who may read it ---- */

int record_access_read(struct db_conn *c, const struct principal *p, const struct record_row *r,
		       enum access_action act, struct access_decision *out)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct student s;
	int rc = student_get(c, &a, r->person_id, &s);
	if (!rc)
		rc = access_student(c, p, act, r->person_id,
				    s.school_path ? s.school_path : r->school_path, out);
	arena_release(&a);
	if (rc == ERR_NOTFOUND) {
		access_absent(p, out);
		rc = ERR_OK;
	}
	if (rc)
		return rc;
	if (!out->allowed) {
		/* The issuing class's teachers and the school's registrars. */
		struct access_class k = {.id = r->class_id,
					 .school_path = r->school_path,
					 .homeroom_id = r->homeroom_id};
		struct access_decision d;
		rc = access_class(c, p, ACCESS_CLASS_READ, &k, &d);
		if (rc)
			return rc;
		if (d.allowed)
			*out = d;
	}
	/* Unsealed records are the school's work in progress. */
	if (out->allowed && (r->status == RECORD_DRAFT || r->status == RECORD_TEACHER_SIGNED) &&
	    !(out->grant && (ROLE_BIT(out->grant->role) & ACCESS_STAFF)))
		out->allowed = out->visible = false;
	return ERR_OK;
}

struct read_work {
	const struct actor *by;
	struct record_read *x;
	struct access_decision d;
	bool found;
};

/* The record and the actor's decision on it (an absent one refused). */
static int read_work(struct db_conn *c, void *arg)
{
	struct read_work *w = arg;
	int rc = record_get(c, w->by->arena, w->x->id, &w->x->row);
	if (rc == ERR_NOTFOUND) {
		access_absent(w->by->who, &w->d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	w->found = true;
	return record_access_read(c, w->by->who, &w->x->row, ACCESS_READ, &w->d);
}

int record_read_as(struct db *db, const struct actor *by, struct record_read *x)
{
	struct read_work w = {.by = by, .x = x};
	int rc = work_read(db, read_work, &w);
	if (rc)
		return problem_err(&x->p, rc);
	x->allowed = w.d.allowed;
	actor_audit_fill(by, &w.d, "record.read", w.found ? x->row.person_id : 0, &x->entry);
	x->entry.subject = arena_printf(by->arena, "record:%" PRId64 "%s", x->id, x->what);
	if (!x->entry.subject)
		return problem_err(&x->p, ERR_NOMEM);
	if (!x->allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such record.");
	return ERR_OK;
}

/* ---- sharing on the public page ---- */

int record_share_tx(struct db_conn *c, void *ctx)
{
	struct record_share *x = ctx;
	struct actor *by = x->by;
	struct record_row row = {0};
	struct access_decision d;
	int rc = record_get(c, by->arena, x->id, &row);
	if (rc == ERR_NOTFOUND)
		access_absent(by->who, &d);
	else if (rc || (rc = record_access_read(c, by->who, &row, ACCESS_READ, &d)))
		return problem_err(&x->p, rc);
	const char *subject = arena_printf(by->arena, "record:%" PRId64 " %s", x->id,
					   x->full ? "full" : "minimal");
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	bool sealed = d.allowed && (row.status == RECORD_SEALED || row.status == RECORD_SUPERSEDED);
	if (!sealed) {
		/* Refused alike whether unseen or not sealed yet. */
		d.allowed = false;
		if (actor_refuse(by, &d, "record.share", row.person_id, subject))
			return problem_err(&x->p, ERR_NOMEM);
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such record.");
	}
	rc = db_exec(c, Q_RECORD_SHARE_SET,
		     (struct db_val[]){DBV_INT(x->full ? 1 : 0), DBV_INT(x->id)}, 2, NULL);
	if (!rc)
		rc = actor_audit(c, by, &d, "record.share", row.person_id, subject);
	return problem_err(&x->p, rc);
}

/* ---- storing a batch ---- */

static struct db_val opt_int(int64_t v)
{
	return v ? DBV_INT(v) : DBV_NULL;
}

/* A new row for item it. */
static int insert_item(struct db_conn *c, struct record_batch *b, struct record_item *it)
{
	struct db_val v[] = {DBV_TEXT(it->uuid),
			     DBV_INT(it->person_id),
			     DBV_INT(b->org_id),
			     DBV_INT(b->school_year),
			     DBV_INT(it->grade),
			     DBV_INT(it->class_id),
			     DBV_INT(it->version),
			     opt_int(it->previous_id),
			     DBV_TEXT(record_status_name(it->to)),
			     DBV_TEXT(it->subject_hash),
			     it->doc_hash[0] ? DBV_TEXT(it->doc_hash) : DBV_NULL,
			     DBV_TEXT(it->credential),
			     opt_int(it->teacher_key_id),
			     opt_int(it->teacher_by),
			     opt_int(it->teacher_at),
			     opt_int(it->principal_key_id),
			     opt_int(it->principal_by),
			     opt_int(it->principal_at),
			     opt_int(b->who->user_id),
			     DBV_INT(b->now),
			     DBV_INT(b->now)};
	struct db_res res;
	int rc = db_row(c, Q_RECORD_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(&b->p, P_RECORD_EXISTS, NULL,
				   "A record of this student and year was made meanwhile.");
	if (rc)
		return problem_err(&b->p, rc);
	it->id = db_int(&res, C_RECORD_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

/* Item it's row as read at revision it->rev, changed; a change in between
 * is a conflict. */
static int update_item(struct db_conn *c, struct record_batch *b, struct record_item *it)
{
	struct db_val v[] = {DBV_TEXT(record_status_name(it->to)),
			     DBV_TEXT(it->subject_hash),
			     it->doc_hash[0] ? DBV_TEXT(it->doc_hash) : DBV_NULL,
			     DBV_TEXT(it->credential),
			     opt_int(it->teacher_key_id),
			     opt_int(it->teacher_by),
			     opt_int(it->teacher_at),
			     opt_int(it->principal_key_id),
			     opt_int(it->principal_by),
			     opt_int(it->principal_at),
			     DBV_INT(b->now),
			     DBV_INT(it->id),
			     DBV_INT(it->rev)};
	int changes = 0;
	int rc = db_exec(c, Q_RECORD_UPDATE, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return problem_err(&b->p, rc);
	if (!changes)
		return problem_set(&b->p, P_RECORD_CHANGED, NULL,
				   "The record changed meanwhile; try again.");
	it->rev++;
	return ERR_OK;
}

/* A sealed correction supersedes the version it corrects. */
static int supersede_previous(struct db_conn *c, struct record_batch *b,
			      const struct record_item *it)
{
	struct db_val v[] = {DBV_INT(it->id), DBV_INT(b->now), DBV_INT(it->previous_id)};
	int changes = 0;
	int rc = db_exec(c, Q_RECORD_SUPERSEDE, v, 3, &changes);
	if (rc)
		return problem_err(&b->p, rc);
	if (!changes)
		return problem_set(&b->p, P_RECORD_CHANGED, NULL,
				   "The corrected record changed meanwhile.");
	return ERR_OK;
}

/* Item it written: inserted or updated, and a sealed correction's
 * predecessor superseded; the signer key's id set where it signed now. */
static int store_item(struct db_conn *c, struct record_batch *b, struct record_item *it)
{
	if (it->signed_now) {
		if (it->to == RECORD_TEACHER_SIGNED)
			it->teacher_key_id = b->signer_key.id;
		else
			it->principal_key_id = b->signer_key.id;
	}
	int rc = it->id ? update_item(c, b, it) : insert_item(c, b, it);
	if (!rc && it->to == RECORD_SEALED && it->previous_id)
		rc = supersede_previous(c, b, it);
	return rc;
}

/* The term locks as they were read: nothing unlocked and relocked since. */
static int check_locks_unchanged(struct db_conn *c, struct record_batch *b)
{
	int64_t marker;
	int rc = record_lock_marker(c, b->org_id, b->school_year, &marker);
	if (rc)
		return problem_err(&b->p, rc);
	if (marker != b->lock_marker)
		return problem_set(&b->p, P_RECORD_CHANGED, NULL,
				   "The school's term locks changed meanwhile; try again.");
	return ERR_OK;
}

/* The keys signed with: stored when made by this batch, else still active. */
static int store_or_check_keys(struct db_conn *c, struct record_batch *b)
{
	if (!b->have_keys)
		return ERR_OK;
	struct skey *keys[] = {&b->school_key, &b->signer_key};
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		int rc = keys[i]->fresh ? skey_insert(c, keys[i], b->who->user_id)
					: skey_check_active(c, keys[i]->id, &b->p);
		if (rc)
			return rc == b->p.err ? rc : problem_err(&b->p, rc);
	}
	return ERR_OK;
}

int record_store(struct db_conn *c, struct record_batch *b)
{
	if (!b->n)
		return ERR_OK;
	int rc = check_locks_unchanged(c, b);
	if (!rc && b->before_write && (rc = b->before_write(c, b->ctx, b)))
		rc = problem_err(&b->p, rc);
	if (!rc)
		rc = store_or_check_keys(c, b);
	for (int i = 0; !rc && i < b->n; i++)
		rc = store_item(c, b, &b->items[i]);
	return rc;
}
