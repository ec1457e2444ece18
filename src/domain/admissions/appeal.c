/*
 * appeal.c: appeals against a placement and their decisions (appeal.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/admissions/appeal.h"
#include "domain/admissions/application.h"
#include "domain/admissions/offer.h"
#include "domain/admissions/round.h"
#include "domain/common/work.h"

static int appeal_read_row(struct db_res *res, struct arena *a, struct appeal *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_APPEAL__ID);
	out->round_id = db_int(res, C_APPEAL__ROUND_ID);
	out->application_id = db_int(res, C_APPEAL__APPLICATION_ID);
	out->person_id = db_int(res, C_APPEAL__PERSON_ID);
	out->filed_at = db_int(res, C_APPEAL__FILED_AT);
	out->decided_at = db_int0(res, C_APPEAL__DECIDED_AT);
	out->status = db_dup(res, C_APPEAL__STATUS, a);
	out->reason = db_dup(res, C_APPEAL__REASON, a);
	if (!out->status || !out->reason)
		return ERR_NOMEM;
	if (!db_null(res, C_APPEAL__DECIDED_BY) &&
	    !(out->decided_by = db_dup(res, C_APPEAL__DECIDED_BY, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPEAL__DECISION_REASON) &&
	    !(out->decision_reason = db_dup(res, C_APPEAL__DECISION_REASON, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPEAL__SCHOOL) && !(out->school = db_dup(res, C_APPEAL__SCHOOL, a)))
		return ERR_NOMEM;
	return ERR_OK;
}

static int appeal_get(struct db_conn *c, struct arena *a, int64_t id, struct appeal *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_APPEAL_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = appeal_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int appeal_list_of(struct db_conn *c, struct arena *a, struct application *app)
{
	enum { MAX = 100 };
	app->nappeals = 0;
	app->appeals = arena_calloc(a, MAX, sizeof(*app->appeals));
	if (!app->appeals)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(app->id);
	int rc = db_query(c, Q_APPEAL_OF_APPLICATION, &v, 1, &res);
	int step = 0;
	while (!rc && app->nappeals < MAX && (step = db_next(&res)) == 1)
		rc = appeal_read_row(&res, a, &app->appeals[app->nappeals++]);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* A reason: 1 .. APPEAL_REASON_MAX characters (code points). */
static int reason_check(const char *s, struct problem *p)
{
	size_t n = 0;
	for (const unsigned char *t = (const unsigned char *)(s ? s : ""); *t; t++)
		n += (*t & 0xC0) != 0x80;
	if (!n)
		return problem_set(p, P_REQUIRED, "reason", "Give a reason.");
	if (n > APPEAL_REASON_MAX)
		return problem_set(p, P_TOO_LONG, "reason", "A reason is at most 2000 characters.");
	return ERR_OK;
}

int appeal_file_tx(struct db_conn *c, void *ctx)
{
	struct appeal_file *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->application_id);
	int rc = db_row(c, Q_OFFER_OF_APPLICATION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t round_id = db_int(&res, C_OFFER_OF_APPLICATION__ROUND_ID);
	int64_t person = db_int(&res, C_OFFER_OF_APPLICATION__PERSON_ID);
	int64_t org_id = db_int(&res, C_OFFER_OF_APPLICATION__ORG_ID);
	bool ran = !db_null(&res, C_OFFER_OF_APPLICATION__RUN_AT);
	db_done(&res);
	const char *subject = arena_printf(a, "admission_application:%" PRId64, x->application_id);
	const char *school_path;
	struct access_decision d;
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = application_guardian_decide(c, x->by, person, "admissions.appeal", subject,
					 &school_path, &d, &x->p);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return rc;
	if (!ran)
		return problem_set(&x->p, P_ROUND_NOT_RUN, NULL,
				   "Appeals are filed once the round has been run.");
	if ((rc = reason_check(x->reason, &x->p)))
		return rc;
	struct db_val ins[] = {DBV_INT(round_id),	 DBV_INT(x->application_id),
			       DBV_INT(org_id),		 DBV_TEXT(x->reason),
			       DBV_INT(time_now_unix()), DBV_INT(x->by->who->user_id)};
	rc = db_row(c, Q_APPEAL_INSERT, ins, ARRAY_SIZE(ins), &res);
	if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
		return problem_set(&x->p, P_APPEAL_OPEN, NULL, NULL);
	if (rc)
		return problem_err(&x->p, rc);
	int64_t id = db_int(&res, C_APPEAL_INSERT__ID);
	db_done(&res);
	rc = actor_audit(c, x->by, &d, "admissions.appeal", person, subject);
	if (!rc)
		rc = appeal_get(c, a, id, &x->out);
	return problem_err(&x->p, rc);
}

/* Round id for its officers: 404 out of sight, 403 seen; d gets the
 * officer's grant. */
static int officer_round(struct db_conn *c, const struct actor *by, int64_t id, struct round *r,
			 struct access_decision *d, struct problem *p)
{
	int rc = round_load(c, by, id, time_now_unix(), r, p);
	if (rc)
		return rc;
	const struct grant *g = principal_reach(by->who, ROUND_OFFICERS, r->org_path);
	if (!g)
		return problem_set(p, P_FORBIDDEN, NULL,
				   "Only the officers of the round's office decide its appeals.");
	*d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
	return ERR_OK;
}

/* The seat an upheld appeal adds: school (a code) must be one of round
 * r's, ranked by the application above its offer (any ranked one when
 * unplaced), the offer not declined and the offers open. *school_id gets
 * its org id. */
static int appeal_school_check(struct db_conn *c, struct arena *a, const struct round *r,
			       bool offers_closed, int64_t application_id, const char *school,
			       int64_t *school_id, struct problem *p)
{
	int k = round_school_index(r, school);
	if (k < 0)
		return problem_set(p, P_SCHOOL_NOT_IN_ROUND, "school", NULL);
	struct db_res res;
	struct db_val v = DBV_INT(application_id);
	int rc = db_row(c, Q_APPEAL_APPLICATION, &v, 1, &res);
	if (rc)
		return problem_err(p, rc);
	const char *choices = db_dup(&res, C_APPEAL_APPLICATION__CHOICES, a);
	const char *status = db_null(&res, C_APPEAL_APPLICATION__OFFER_STATUS)
				     ? NULL
				     : db_dup(&res, C_APPEAL_APPLICATION__OFFER_STATUS, a);
	const char *placed = db_null(&res, C_APPEAL_APPLICATION__PLACED_SCHOOL)
				     ? NULL
				     : db_dup(&res, C_APPEAL_APPLICATION__PLACED_SCHOOL, a);
	db_done(&res);
	const char **list;
	int n;
	if (!choices || application_choices_split(a, choices, &list, &n))
		return problem_err(p, ERR_NOMEM);
	if (offers_closed)
		return problem_set(p, P_OFFERS_CLOSED, NULL, NULL);
	if (status && !strcmp(status, "declined"))
		return problem_set(p, P_OFFER_DECLINED, NULL, NULL);
	for (int i = 0; i < n; i++) {
		if (placed && !strcmp(list[i], placed))
			break;
		if (!strcmp(list[i], school)) {
			*school_id = r->schools[k].id;
			return ERR_OK;
		}
	}
	return problem_set(p, P_INVALID, "school",
			   "The school must be one the family ranked above its offer.");
}

int appeal_decide_tx(struct db_conn *c, void *ctx)
{
	struct appeal_decision *x = ctx;
	struct arena *a = x->by->arena;
	struct appeal ap;
	int rc = offer_lock(c, 'p', x->id);
	if (!rc)
		rc = appeal_get(c, a, x->id, &ap);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such appeal.");
	if (rc)
		return problem_err(&x->p, rc);
	struct round r;
	struct access_decision d;
	rc = officer_round(c, x->by, ap.round_id, &r, &d, &x->p);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such appeal.");
	if (rc)
		return rc;
	if (strcmp(ap.status, "open"))
		return problem_set(&x->p, P_APPEAL_DECIDED, NULL, NULL);
	bool upheld = x->decision && !strcmp(x->decision, "upheld");
	if (!upheld && !(x->decision && !strcmp(x->decision, "dismissed")))
		return problem_set(&x->p, P_INVALID, "decision",
				   "A decision is \"upheld\" or \"dismissed\".");
	if ((rc = reason_check(x->reason, &x->p)))
		return rc;
	if (x->school && !upheld)
		return problem_set(&x->p, P_INVALID, "school",
				   "Only an upheld appeal places the child at a school.");
	int64_t school_id = 0, now = time_now_unix();
	if (x->school) {
		struct db_res res;
		struct db_val v = DBV_INT(r.id);
		bool closed = false;
		rc = db_row(c, Q_APPEAL_OFFERS_CLOSED, &v, 1, &res);
		if (rc)
			return problem_err(&x->p, rc);
		closed = !db_null(&res, C_APPEAL_OFFERS_CLOSED__OFFERS_CLOSED_AT);
		db_done(&res);
		rc = appeal_school_check(c, a, &r, closed, ap.application_id, x->school, &school_id,
					 &x->p);
		if (rc)
			return rc;
	}
	int changes = 0;
	struct db_val u[] = {DBV_TEXT(upheld ? "upheld" : "dismissed"),
			     DBV_INT(now),
			     DBV_INT(x->by->who->user_id),
			     DBV_TEXT(x->reason),
			     school_id ? DBV_INT(school_id) : DBV_NULL,
			     DBV_INT(ap.id)};
	rc = db_exec(c, Q_APPEAL_DECIDE, u, ARRAY_SIZE(u), &changes);
	if (!rc && changes != 1)
		return problem_set(&x->p, P_APPEAL_DECIDED, NULL, NULL);
	const char *subject = arena_printf(a, "admission_appeal:%" PRId64, ap.id);
	if (!rc && !subject)
		rc = ERR_NOMEM;
	if (!rc)
		rc = actor_audit(c, x->by, &d,
				 upheld ? "admissions.appeal_upheld"
					: "admissions.appeal_dismissed",
				 ap.person_id, subject);
	if (!rc && school_id) {
		struct db_val s[] = {DBV_INT(r.id), DBV_INT(school_id)};
		rc = db_exec(c, Q_APPEAL_ADD_SEAT, s, ARRAY_SIZE(s), NULL);
	}
	if (rc)
		return problem_err(&x->p, rc);
	if (school_id) {
		struct offer_cause cause = {.kind = "appeal", .appeal_id = ap.id};
		rc = offer_resume(c, x->by, &d, &r, &cause, now, &x->moved, &x->p);
		if (rc)
			return rc;
	}
	return problem_err(&x->p, appeal_get(c, a, ap.id, &x->out));
}

static int appeal_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct appeal_list *x = ctx;
	struct round r;
	struct access_decision d;
	int rc = officer_round(c, by, x->round_id, &r, &d, &x->p);
	if (rc)
		return rc;
	if (x->status && strcmp(x->status, "open") && strcmp(x->status, "upheld") &&
	    strcmp(x->status, "dismissed"))
		return problem_set(&x->p, P_INVALID, "status",
				   "A status is open, upheld or dismissed.");
	x->items = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	const char *st = x->status ? x->status : "";
	struct db_res res;
	struct db_val v[] = {DBV_INT(r.id), DBV_TEXT(st), DBV_TEXT(st), DBV_INT(x->after),
			     DBV_INT(x->limit + 1)};
	rc = db_query(c, Q_APPEAL_LIST_ROUND, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == x->limit) {
			x->more = true;
			break;
		}
		struct appeal *ap = &x->items[x->n];
		if ((rc = appeal_read_row(&res, by->arena, ap)))
			break;
		actor_audit_fill(by, &d, "admissions.list", ap->person_id, &x->audit[x->n]);
		x->audit[x->n].subject = arena_printf(by->arena, "admission_round:%" PRId64, r.id);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

int appeal_list_read(struct db *db, const struct actor *by, struct appeal_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, appeal_list_work, x);
}
