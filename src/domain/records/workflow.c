/*
 * workflow.c: the record workflow for an actor (workflow.h), with the
 * audit of what is stored and of what is refused; and the batch's own
 * small helpers (record.h).
 */
#include "core/base.h"
#include "crypto/bytes.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/records/workflow.h"
#include "domain/registry/student.h"

const char *record_item_action(const struct record_batch *b, const struct record_item *it)
{
	if (it->stale)
		return "record.refresh";
	switch (it->to) {
	case RECORD_TEACHER_SIGNED:
		return "record.sign";
	case RECORD_SEALED:
		return "record.seal";
	default:
		return b->op == RECORD_OP_CORRECT ? "record.correct" : "record.create";
	}
}

void record_batch_release(struct record_batch *b)
{
	/* The keys stay known (record_store stores or checks them); only the
	 * opened secret goes. */
	bytes_wipe(b->sk, sizeof(b->sk));
}

int record_batch_count(const struct record_batch *b, enum record_status to, bool stale)
{
	int n = 0;
	for (int i = 0; i < b->n; i++)
		n += b->items[i].to == to && b->items[i].stale == stale;
	return n;
}

/* ---- for an actor ---- */

/* The action a refusal of op is recorded as. */
static const char *op_action(enum record_op op)
{
	switch (op) {
	case RECORD_OP_CREATE:
		return "record.create";
	case RECORD_OP_SIGN:
		return "record.sign";
	case RECORD_OP_SEAL:
		return "record.seal";
	default:
		return "record.correct";
	}
}

/* One student's year asked for, refused as if the student did not exist. */
static int refused_student(struct record_work *w)
{
	w->refusal = true;
	w->b.refused_person = w->person_id;
	return problem_set(&w->b.p, P_NOT_FOUND, NULL, "No such student.");
}

/* The class a student was in during a school year: ERR_NOTFOUND if none. */
static int class_of_year(struct db_conn *c, struct arena *a, int64_t person, int year,
			 struct class_ref *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person), DBV_INT(year)};
	int rc = db_row(c, Q_RECORD_ENROLMENT_OF_YEAR, v, 2, &res);
	if (rc)
		return rc;
	int64_t org = db_int(&res, C_RECORD_ENROLMENT_OF_YEAR__ORG_ID);
	const char *name = db_dup(&res, C_RECORD_ENROLMENT_OF_YEAR__CLASS, a);
	db_done(&res);
	if (!name)
		return ERR_NOMEM;
	struct db_val k[] = {DBV_INT(org), DBV_INT(year), DBV_TEXT(name)};
	rc = db_row(c, Q_CLASS_BY_NAME, k, 3, &res);
	if (rc)
		return rc;
	rc = class_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

/* CREATE of one student's year: the student's class that year, when the
 * caller may read the student or that class (its teachers, the school's
 * registrars); else refused as if absent. A student they may read who was
 * in no class that year is a 409: no homeroom teacher could sign it. */
static int find_class(struct db_conn *c, struct record_work *w)
{
	const struct principal *who = w->by->who;
	struct student s;
	struct access_decision d;
	int rc = student_get(c, w->by->arena, w->person_id, &s);
	if (rc == ERR_NOTFOUND) {
		access_absent(who, &w->b.d);
		return refused_student(w);
	}
	if (!rc)
		rc = access_student(c, who, ACCESS_READ, w->person_id, s.school_path, &d);
	if (rc)
		return problem_err(&w->b.p, rc);
	w->b.d = d;
	struct class_ref cls;
	rc = class_of_year(c, w->by->arena, w->person_id, w->school_year, &cls);
	if (rc == ERR_NOTFOUND && d.allowed)
		return problem_set(&w->b.p, P_NO_CLASS, "school_year",
				   "The student was in no class that year, so no homeroom teacher "
				   "can sign a record of it.");
	if (rc == ERR_NOTFOUND)
		return refused_student(w);
	if (rc)
		return problem_err(&w->b.p, rc);
	struct access_class k = {
		.id = cls.id, .school_path = cls.path, .homeroom_id = cls.homeroom_id};
	struct access_decision cd;
	rc = access_class(c, who, ACCESS_CLASS_READ, &k, &cd);
	if (rc)
		return problem_err(&w->b.p, rc);
	if (!d.allowed && !cd.allowed)
		return refused_student(w);
	w->class_id = cls.id;
	return ERR_OK;
}

/* SIGN of one record: a draft is the homeroom teacher's to sign, any other
 * the principal's to seal. An absent record stays a SIGN: prepare answers
 * it as absent. */
static int sign_or_seal(struct db_conn *c, struct record_work *w)
{
	struct record_row row;
	int rc = record_get(c, w->by->arena, w->record_id, &row);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return problem_err(&w->b.p, rc);
	if (row.status != RECORD_DRAFT)
		w->b.op = RECORD_OP_SEAL;
	return ERR_OK;
}

/* SEAL of a school's year: the school, by code. */
static int school_of(struct db_conn *c, struct record_work *w, int64_t *org_id)
{
	struct org_ref ref;
	int rc = school_ref(c, w->school, &ref, &w->b.p);
	if (rc == ERR_INVALID)
		return problem_set(&w->b.p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	*org_id = ref.id;
	return ERR_OK;
}

/* What the operation needs first (the student's class, whether to sign
 * or seal, the school), then the batch; a refusal is marked as one. */
static int prepare_work(struct db_conn *c, void *arg)
{
	struct record_work *w = arg;
	int64_t org_id = 0;
	int rc = ERR_OK;
	if (w->op == RECORD_OP_CREATE && w->person_id)
		rc = find_class(c, w);
	else if (w->op == RECORD_OP_SIGN && w->record_id)
		rc = sign_or_seal(c, w);
	else if (w->op == RECORD_OP_SEAL)
		rc = school_of(c, w, &org_id);
	if (rc)
		return rc;
	rc = record_prepare(c, &w->b, w->class_id, w->person_id, w->record_id, org_id,
			    w->school_year);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		w->refusal = true;
	return rc;
}

/* The refusal's audit entry, naming the record, the class or the school
 * asked for. */
static int note_refusal(struct record_work *w, int rc)
{
	struct arena *a = w->by->arena;
	struct audit_entry *e = arena_calloc(a, 1, sizeof(*e));
	if (!e)
		return problem_err(&w->b.p, ERR_NOMEM);
	actor_audit_fill(w->by, &w->b.d, op_action(w->b.op), w->b.refused_person, e);
	e->allowed = false;
	e->subject = w->record_id  ? arena_printf(a, "record:%" PRId64, w->record_id)
		     : w->class_id ? arena_printf(a, "class:%" PRId64, w->class_id)
				   : w->school;
	w->refused = e;
	return rc;
}

/* The batch's audit entries, written before its records (before_write). */
static int audit_batch(struct db_conn *c, void *ctx, const struct record_batch *b)
{
	struct record_work *w = ctx;
	struct arena *a = w->by->arena;
	struct audit_entry *e = arena_calloc(a, (size_t)b->n, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	for (int i = 0; i < b->n; i++) {
		const struct record_item *it = &b->items[i];
		actor_audit_fill(w->by, &b->d, record_item_action(b, it), it->person_id, &e[i]);
		e[i].subject = arena_printf(a, "record %s", it->uuid);
	}
	return audit_append(c, e, (size_t)b->n);
}

int record_work_prepare(struct db *db, struct record_work *w)
{
	struct record_batch *b = &w->b;
	b->op = w->op;
	b->who = w->by->who;
	b->now = w->now;
	b->a = w->by->arena;
	b->before_write = audit_batch;
	b->ctx = w;
	w->single = (w->op == RECORD_OP_CREATE && w->person_id) || w->record_id;
	int rc = work_read(db, prepare_work, w);
	/* Signing is done: the opened key is not kept past this point. */
	record_batch_release(b);
	if (rc && w->refusal)
		return note_refusal(w, rc);
	if (rc)
		return rc;
	if (w->single && !b->n)
		return problem_err(&b->p, ERR_INTERNAL);
	return ERR_OK;
}

int record_work_store_tx(struct db_conn *c, void *ctx)
{
	struct record_work *w = ctx;
	return record_store(c, &w->b);
}

/* The single record as stored now. */
static int result_work(struct db_conn *c, void *arg)
{
	struct record_work *w = arg;
	return record_get(c, w->by->arena, w->b.items[0].id, &w->row);
}

int record_work_result(struct db *db, struct record_work *w)
{
	if (!w->single)
		return ERR_OK;
	const struct record_item *it = &w->b.items[0];
	if (it->stale) {
		problem_set(&w->b.p, P_RECORD_STALE, NULL,
			    "The grades changed since this record was assembled; it is a draft "
			    "again with the current grades, for the homeroom teacher to review "
			    "and sign.");
		w->b.p.ext_name = "record";
		w->b.p.ext_value = it->id;
		return ERR_CONFLICT;
	}
	return problem_err(&w->b.p, work_read(db, result_work, w));
}
