/*
 * transfer.c: asking, deciding and reading transfers (transfer.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/reads.h"
#include "domain/registry/transfer.h"

int transfer_read_row(struct db_res *res, struct arena *a, struct transfer *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_int(res, C_TRANSFER__ID);
	t->person_id = db_int(res, C_TRANSFER__PERSON_ID);
	t->from_school = db_dup(res, C_TRANSFER__FROM_SCHOOL, a);
	t->from_path = db_dup(res, C_TRANSFER__FROM_PATH, a);
	t->to_school = db_dup(res, C_TRANSFER__TO_SCHOOL, a);
	t->to_path = db_dup(res, C_TRANSFER__TO_PATH, a);
	t->date = db_dup(res, C_TRANSFER__EFFECTIVE_DATE, a);
	t->status = db_dup(res, C_TRANSFER__STATUS, a);
	t->reason = reads_dup_or_null(res, C_TRANSFER__REASON, a);
	t->requested_at = db_int(res, C_TRANSFER__REQUESTED_AT);
	t->decided_at = db_int0(res, C_TRANSFER__DECIDED_AT);
	t->from_id = db_int(res, C_TRANSFER__FROM_ORG_ID);
	t->to_id = db_int(res, C_TRANSFER__TO_ORG_ID);
	if (!t->from_school || !t->from_path || !t->to_school || !t->to_path || !t->date ||
	    !t->status)
		return ERR_NOMEM;
	return ERR_OK;
}

int transfer_get(struct db_conn *c, struct arena *a, int64_t id, struct transfer *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_TRANSFER_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = transfer_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

/* ---- the store ---- */

int transfer_request(struct db_conn *c, int64_t person_id, const struct org_ref *to,
		     const char *date, int64_t by_user, int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_ENROLLED, NULL,
				   "This student is not enrolled at a school now; enrol them "
				   "instead.");
	if (rc)
		return problem_err(p, rc);
	int64_t from = db_int(&res, C_ENROLMENT_CURRENT__ORG_ID);
	db_done(&res);
	if (from == to->id)
		return problem_set(p, P_SAME_SCHOOL, "to_school",
				   "The student is already at this school.");
	struct db_val iv[] = {DBV_INT(person_id),
			      DBV_INT(from),
			      DBV_INT(to->id),
			      DBV_TEXT(date),
			      by_user ? DBV_INT(by_user) : DBV_NULL,
			      DBV_INT(time_now_unix())};
	rc = db_row(c, Q_TRANSFER_INSERT, iv, ARRAY_SIZE(iv), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_TRANSFER_PENDING, NULL,
				   "A transfer of this student is already waiting for a decision.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_TRANSFER_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

static int decide(struct db_conn *c, int64_t id, const char *status, const char *reason,
		  int64_t by_user, struct problem *p)
{
	struct db_val v[] = {DBV_TEXT(status), dbv_text_or_null(reason),
			     by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(time_now_unix()),
			     DBV_INT(id)};
	int changes = 0;
	int rc = db_exec(c, Q_TRANSFER_DECIDE, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return problem_err(p, rc);
	if (changes != 1)
		return problem_set(p, P_ALREADY_DECIDED, NULL,
				   "This transfer has already been decided.");
	return ERR_OK;
}

/* Move the student of approved transfer t: the current enrolment ends on
 * t's date and one at the receiving school starts, same grade and year. */
static int transfer_apply(struct db_conn *c, const struct transfer *t, struct problem *p)
{
	struct db_res res;
	struct db_val pv = DBV_INT(t->person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &pv, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_ENROLLED, NULL,
				   "The student is no longer enrolled; refuse this transfer.");
	if (rc)
		return problem_err(p, rc);
	int64_t eid = db_int(&res, C_ENROLMENT_CURRENT__ID);
	int year = (int)db_int(&res, C_ENROLMENT_CURRENT__SCHOOL_YEAR);
	int grade = (int)db_int(&res, C_ENROLMENT_CURRENT__GRADE);
	db_done(&res);
	struct db_val cv[] = {DBV_TEXT(t->date), DBV_TEXT("transferred"), DBV_NULL, DBV_INT(eid)};
	rc = db_exec(c, Q_ENROLMENT_CLOSE, cv, 4, NULL);
	if (rc)
		return problem_err(p, rc);
	struct org_ref to = {.id = t->to_id};
	return enrolment_add(c, t->person_id, &to, year, grade, NULL, t->date, p);
}

int transfer_approve(struct db_conn *c, int64_t id, int64_t by_user, struct problem *p)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct transfer t = {0};
	int rc = transfer_get(c, &a, id, &t);
	if (rc == ERR_NOTFOUND)
		rc = problem_set(p, P_NOT_FOUND, NULL, "No such transfer.");
	else if (rc)
		rc = problem_err(p, rc);
	if (!rc)
		rc = decide(c, id, "approved", NULL, by_user, p);
	if (!rc)
		rc = transfer_apply(c, &t, p);
	arena_release(&a);
	return rc;
}

int transfer_refuse(struct db_conn *c, int64_t id, const char *reason, int64_t by_user,
		    struct problem *p)
{
	return decide(c, id, "refused", reason, by_user, p);
}

/* ---- writes of an actor ---- */

int transfer_request_tx(struct db_conn *c, void *ctx)
{
	struct transfer_request *x = ctx;
	struct org_ref to;
	int rc = school_ref(c, x->to, &to, &x->p);
	if (rc) {
		x->p.field = "to_school";
		return rc;
	}
	struct access_decision d;
	rc = actor_may_write_org(x->by, to.path, "transfer.request", x->student, x->to, "to_school",
				 "Only the receiving school (or an office above it) asks for a "
				 "transfer.",
				 &d, &x->p);
	if (rc)
		return rc;
	struct student s;
	rc = student_get(c, x->by->arena, x->student, &s);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.");
	if (rc)
		return problem_err(&x->p, rc);
	rc = actor_audit(c, x->by, &d, "transfer.request", x->student, x->to);
	if (rc)
		return problem_err(&x->p, rc);
	return transfer_request(c, x->student, &to, x->date, x->by->who->user_id, &x->id, &x->p);
}

/* Who may decide t: approving is the sending school's, refusing either
 * school's; seeing it (403 rather than 404) is either school's staff. */
static void decision_access(const struct principal *who, const struct transfer *t, bool refuse,
			    struct access_decision *d)
{
	struct access_decision from, to;
	access_org(who, ACCESS_WRITE, t->from_path, &from);
	access_org(who, ACCESS_WRITE, t->to_path, &to);
	*d = from.allowed || refuse ? (from.allowed ? from : to) : from;
	d->visible = from.visible || to.visible;
}

int transfer_decide_tx(struct db_conn *c, void *ctx)
{
	struct transfer_decision *x = ctx;
	const char *action = x->reason ? "transfer.refuse" : "transfer.approve";
	const char *subject = arena_printf(x->by->arena, "transfer %" PRId64, x->id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct transfer t = {0};
	struct access_decision d = {0};
	int rc = transfer_get(c, x->by->arena, x->id, &t);
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	if (rc)
		access_absent(x->by->who, &d);
	else
		decision_access(x->by->who, &t, x->reason != NULL, &d);
	if (rc || !d.allowed) {
		if (actor_refuse(x->by, &d, action, rc ? 0 : t.person_id, subject))
			return problem_err(&x->p, ERR_NOMEM);
		if (rc || !d.visible)
			return problem_set(&x->p, P_NOT_FOUND, NULL, "No such transfer.");
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   x->reason ? "Only the two schools may refuse a transfer."
					     : "Only the sending school approves a transfer.");
	}
	rc = actor_audit(c, x->by, &d, action, t.person_id, subject);
	if (rc)
		return problem_err(&x->p, rc);
	int64_t by_user = x->by->who->user_id;
	if (x->reason)
		return transfer_refuse(c, x->id, x->reason, by_user, &x->p);
	return transfer_approve(c, x->id, by_user, &x->p);
}

/* ---- reads ---- */

struct transfer_fetch {
	struct arena *a;
	int64_t id;
	struct transfer *t;
};

static int transfer_fetch_work(struct db_conn *c, void *ctx)
{
	struct transfer_fetch *x = ctx;
	return transfer_get(c, x->a, x->id, x->t);
}

int transfer_load(struct db *db, struct arena *a, int64_t id, struct transfer *out)
{
	struct transfer_fetch x = {.a = a, .id = id, .t = out};
	return work_read(db, transfer_fetch_work, &x);
}

int transfers_of_person(struct db_conn *c, struct arena *a, int64_t person_id,
			struct transfer **out, size_t *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person_id), DBV_INT(person_id)};
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = db_query(c, Q_TRANSFERS_OF_PERSON, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct transfer *room = reads_grow(a, *out, *n, &cap, sizeof(**out));
		if (!room) {
			rc = ERR_NOMEM;
			break;
		}
		*out = room;
		rc = transfer_read_row(&res, a, &room[*n]);
		if (!rc)
			(*n)++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

/* May who read t: either school's reach will do. */
static void read_access(const struct principal *who, const struct transfer *t,
			struct access_decision *d)
{
	access_org(who, ACCESS_READ, t->from_path, d);
	if (!d->allowed) {
		struct access_decision to;
		access_org(who, ACCESS_READ, t->to_path, &to);
		if (to.allowed || to.visible)
			*d = to;
	}
}

int transfer_read(struct db *db, struct actor *by, int64_t id, struct transfer_view *out)
{
	memset(out, 0, sizeof(*out));
	if (!by)
		return problem_err(&out->p, ERR_NOMEM);
	int rc = transfer_load(db, by->arena, id, &out->t);
	struct access_decision d;
	if (rc == ERR_NOTFOUND)
		access_absent(by->who, &d);
	else if (rc)
		return problem_err(&out->p, rc);
	else
		read_access(by->who, &out->t, &d);
	const char *subject = arena_printf(by->arena, "transfer %" PRId64, id);
	out->audit = subject ? reads_audit_entry(by, &d, "transfer.read",
						 d.allowed ? out->t.person_id : 0, subject)
			     : NULL;
	if (!out->audit)
		return problem_err(&out->p, ERR_NOMEM);
	if (!d.allowed)
		return problem_set(&out->p, P_NOT_FOUND, NULL, "No such transfer.");
	return ERR_OK;
}

/* The list's page size. */
#define TRANSFER_PAGE 100

/* Check the list's query: a school, a known status, a cursor that is an
 * id (*before: list below it). */
static int list_query_check(struct transfer_list *x, int64_t *before)
{
	static const char *const statuses[] = {"", "requested", "approved", "refused"};
	if (!x->status)
		x->status = "";
	if (!x->school || !*x->school)
		return problem_set(&x->p, P_REQUIRED, "school", "Name the school (its code).");
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
		known |= !strcmp(x->status, statuses[i]);
	if (!known)
		return problem_set(&x->p, P_INVALID, "status",
				   "Status is requested, approved or refused.");
	*before = INT64_MAX;
	if (x->after && *x->after) {
		char *end;
		long long v = strtoll(x->after, &end, 10);
		if (*end || v <= 0)
			return problem_set(&x->p, P_INVALID, "after",
					   "This paging cursor is not valid.");
		*before = v;
	}
	return ERR_OK;
}

struct list_work {
	struct actor *by;
	struct transfer_list *x;
	int64_t before;
};

/* The transfers of the school's page, with their audit entries. */
static int list_rows(struct db_conn *c, struct list_work *w, const struct org_ref *school,
		     const struct access_decision *d)
{
	struct transfer_list *x = w->x;
	struct arena *a = w->by->arena;
	x->items = arena_calloc(a, TRANSFER_PAGE, sizeof(*x->items));
	x->audit = arena_calloc(a, TRANSFER_PAGE, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return ERR_NOMEM;
	struct db_val v[] = {DBV_INT(school->id), DBV_INT(school->id), DBV_TEXT(x->status),
			     DBV_TEXT(x->status), DBV_INT(w->before),  DBV_INT(TRANSFER_PAGE + 1)};
	struct db_res res;
	int rc = db_query(c, Q_TRANSFERS_OF_SCHOOL, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == TRANSFER_PAGE) {
			x->next = arena_printf(a, "%" PRId64, x->items[x->n - 1].id);
			break;
		}
		struct transfer *t = &x->items[x->n];
		rc = transfer_read_row(&res, a, t);
		const char *subject = rc ? NULL : arena_printf(a, "transfer %" PRId64, t->id);
		if (!rc && !subject)
			rc = ERR_NOMEM;
		if (rc)
			break;
		actor_audit_fill(w->by, d, "transfer.list", t->person_id, &x->audit[x->n]);
		x->audit[x->n++].subject = subject;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int list_work(struct db_conn *c, void *ctx)
{
	struct list_work *w = ctx;
	struct transfer_list *x = w->x;
	struct org_ref school;
	struct access_decision d;
	int rc = school_ref_listable(c, w->by->who, x->school, &school, &d, &x->p);
	if (rc)
		return rc;
	return list_rows(c, w, &school, &d);
}

int transfer_list(struct db *db, struct actor *by, struct transfer_list *x)
{
	x->items = NULL;
	x->audit = NULL;
	x->n = 0;
	x->next = NULL;
	struct list_work w = {.by = by, .x = x};
	int rc = list_query_check(x, &w.before);
	if (rc)
		return rc;
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	rc = work_read(db, list_work, &w);
	if (rc && x->p.err != rc)
		problem_err(&x->p, rc);
	return rc;
}
