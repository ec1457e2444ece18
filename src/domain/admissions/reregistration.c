/*
 * reregistration.c: the yearly re-registration of continuing students
 * (reregistration.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/admissions/reregistration.h"
#include "domain/admissions/round.h"
#include "domain/common/calendar.h"
#include "domain/common/work.h"
#include "domain/registry/student.h"

/* Who opens a campaign: a school's administrators, the officers above. */
#define REREG_OPENERS (ROUND_OFFICERS | ROLE_BIT(ROLE_SCHOOL_ADMIN))

const char *rereg_phase(const struct rereg *x, int64_t now)
{
	return now < x->opens_at ? "upcoming" : now < x->closes_at ? "open" : "closed";
}

static const char *subject_of(struct arena *a, int64_t id)
{
	return arena_printf(a, "reregistration:%" PRId64, id);
}

static int rereg_read_row(struct db_res *res, struct arena *a, struct rereg *out)
{
	out->id = db_int(res, C_REREG__ID);
	out->org = db_dup(res, C_REREG__ORG, a);
	out->org_name = db_dup(res, C_REREG__ORG_NAME, a);
	out->org_path = db_dup(res, C_REREG__ORG_PATH, a);
	out->school_year = (int)db_int(res, C_REREG__SCHOOL_YEAR);
	out->opens_at = db_int(res, C_REREG__OPENS_AT);
	out->closes_at = db_int(res, C_REREG__CLOSES_AT);
	out->created_at = db_int(res, C_REREG__CREATED_AT);
	return out->org && out->org_name && out->org_path ? ERR_OK : ERR_NOMEM;
}

static int rereg_get(struct db_conn *c, struct arena *a, int64_t id, struct rereg *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_REREG_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = rereg_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

static const struct grant *guardian_grant(const struct principal *p)
{
	for (int i = 0; p && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_GUARDIAN)
			return &p->grants[i];
	return NULL;
}

/* ---- open a campaign ---- */

int rereg_create_tx(struct db_conn *c, void *ctx)
{
	struct rereg_create *x = ctx;
	int year;
	int rc = school_year_parse(x->school_year, &year, &x->p);
	if (rc)
		return rc;
	if (x->opens_at >= x->closes_at)
		return problem_set(&x->p, P_INVALID, "closes_at",
				   "The re-registration must close after it opens.");
	struct db_res res;
	struct db_val v = DBV_TEXT(x->org);
	rc = db_row(c, Q_REREG_ORG, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_UNKNOWN_ORG, "org", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	int64_t org_id = db_int(&res, C_REREG_ORG__ID);
	const char *path = db_dup(&res, C_REREG_ORG__PATH, x->by->arena);
	db_done(&res);
	if (!path)
		return problem_err(&x->p, ERR_NOMEM);
	if (!principal_reaches(x->by->who, REREG_OPENERS, path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "Only the school's administrators and the officers above it "
				   "open its re-registration.");
	struct db_val w[] = {DBV_INT(org_id),	       DBV_INT(year),
			     DBV_INT(x->opens_at),     DBV_INT(x->closes_at),
			     DBV_INT(time_now_unix()), DBV_INT(x->by->who->user_id)};
	rc = db_row(c, Q_REREG_INSERT, w, ARRAY_SIZE(w), &res);
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_REREG_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

/* ---- confirm ---- */

static int confirmation_by_key(struct db_conn *c, int64_t user, const char *key, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user), DBV_TEXT(key)};
	int rc = db_row(c, Q_REREG_CONFIRMATION_BY_KEY, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_REREG_CONFIRMATION_BY_KEY__ID);
	db_done(&res);
	return ERR_OK;
}

/* May `by` confirm for child x->student in campaign r: a linked guardian
 * (404 not_found out of sight, 403 forbidden for staff), the child enrolled
 * under r's org (422 not_in_campaign). The decision in d. */
static int confirm_decide(struct db_conn *c, struct rereg_confirm *x, const struct rereg *r,
			  struct access_decision *d)
{
	struct student s;
	int rc = student_read_as(c, x->by, x->student, &s, d);
	if (rc)
		return problem_err(&x->p, rc);
	if (d->allowed && d->grant && d->grant->role == ROLE_GUARDIAN) {
		if (s.grade > 0 && !strncmp(s.school_path, r->org_path, strlen(r->org_path)))
			return ERR_OK;
		return problem_set(&x->p, P_NOT_IN_CAMPAIGN, "student", NULL);
	}
	bool seen = d->allowed || d->visible;
	d->allowed = false;
	rc = actor_refuse(x->by, d, "admissions.reregistration.confirm", x->student,
			  subject_of(x->by->arena, r->id));
	if (rc)
		return problem_err(&x->p, rc);
	if (!seen)
		return problem_set(&x->p, P_NOT_FOUND, "student", "No such student.");
	return problem_set(&x->p, P_FORBIDDEN, NULL,
			   "Only a guardian linked to the child confirms its details.");
}

int rereg_confirm_tx(struct db_conn *c, void *ctx)
{
	struct rereg_confirm *x = ctx;
	struct arena *a = x->by->arena;
	int64_t user = x->by->who->user_id;
	x->replayed = false;
	if (x->key) {
		int rc = confirmation_by_key(c, user, x->key, &x->id);
		if (!rc) {
			x->replayed = true;
			return ERR_OK;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(&x->p, rc);
	}
	struct rereg r;
	int rc = rereg_get(c, a, x->campaign_id, &r);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such re-registration.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t now = time_now_unix();
	if (now < r.opens_at)
		return problem_set(&x->p, P_CAMPAIGN_NOT_OPEN, NULL, NULL);
	if (now >= r.closes_at)
		return problem_set(&x->p, P_CAMPAIGN_CLOSED, NULL, NULL);
	struct access_decision d;
	rc = confirm_decide(c, x, &r, &d);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val k[] = {DBV_INT(r.id), DBV_INT(x->student)};
	rc = db_row(c, Q_REREG_CONFIRMATION_LAST, k, 2, &res);
	if (rc)
		return problem_err(&x->p, rc);
	int version = (int)db_int0(&res, C_REREG_CONFIRMATION_LAST__VERSION) + 1;
	db_done(&res);
	rc = db_exec(c, Q_REREG_CONFIRMATION_RETIRE, k, 2, NULL);
	if (rc)
		return problem_err(&x->p, rc);
	struct db_val v[] = {DBV_INT(r.id),
			     DBV_INT(x->student),
			     DBV_INT(x->student),
			     DBV_INT(version),
			     x->corrections ? DBV_TEXT(x->corrections) : DBV_NULL,
			     DBV_INT(now),
			     DBV_INT(user),
			     x->key ? DBV_TEXT(x->key) : DBV_NULL};
	rc = db_row(c, Q_REREG_CONFIRMATION_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND && x->key && !confirmation_by_key(c, user, x->key, &x->id)) {
		x->replayed = true; /* a retry that ran beside the first */
		return ERR_OK;
	}
	if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
		return problem_set(&x->p, P_CONFLICT, NULL,
				   "The confirmation changed meanwhile; try again.");
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_REREG_CONFIRMATION_INSERT__ID);
	db_done(&res);
	rc = actor_audit(c, x->by, &d, "admissions.reregistration.confirm", x->student,
			 subject_of(a, r.id));
	return problem_err(&x->p, rc);
}

static int versions_read(struct db_conn *c, struct arena *a, int64_t campaign, int64_t person,
			 int max, struct rereg_confirmation **out, int *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(campaign), DBV_INT(person)};
	*n = 0;
	*out = arena_calloc(a, (size_t)max + 1, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	int rc = db_query(c, Q_REREG_CONFIRMATION_VERSIONS, v, 2, &res);
	int step = 0;
	while (!rc && *n < max && (step = db_next(&res)) == 1) {
		struct rereg_confirmation *e = &(*out)[(*n)++];
		e->version = (int)db_int(&res, C_REREG_CONFIRMATION_VERSIONS__VERSION);
		e->created_at = db_int(&res, C_REREG_CONFIRMATION_VERSIONS__CREATED_AT);
		if (!db_null(&res, C_REREG_CONFIRMATION_VERSIONS__CORRECTIONS) &&
		    !(e->corrections = db_dup(&res, C_REREG_CONFIRMATION_VERSIONS__CORRECTIONS, a)))
			rc = ERR_NOMEM;
		if (!db_null(&res, C_REREG_CONFIRMATION_VERSIONS__CREATED_BY) &&
		    !(e->created_by = db_dup(&res, C_REREG_CONFIRMATION_VERSIONS__CREATED_BY, a)))
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

struct confirmation_read {
	struct arena *a;
	struct rereg_confirmation_view *x;
};

static int confirmation_work(struct db_conn *c, void *ctx)
{
	struct confirmation_read *w = ctx;
	struct rereg_confirmation_view *x = w->x;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_row(c, Q_REREG_CONFIRMATION_BY_ID, &v, 1, &res);
	if (rc)
		return problem_err(&x->p, rc);
	x->campaign_id = db_int(&res, C_REREG_CONFIRMATION_BY_ID__CAMPAIGN_ID);
	x->student = db_int(&res, C_REREG_CONFIRMATION_BY_ID__PERSON_ID);
	x->version = (int)db_int(&res, C_REREG_CONFIRMATION_BY_ID__VERSION);
	db_done(&res);
	rc = versions_read(c, w->a, x->campaign_id, x->student, 1000, &x->versions, &x->nversions);
	return problem_err(&x->p, rc);
}

int rereg_confirmation_read(struct db *db, struct arena *a, struct rereg_confirmation_view *x)
{
	struct confirmation_read w = {a, x};
	return work_read(db, confirmation_work, &w);
}

/* ---- a guardian's children to confirm ---- */

static int guardians_read(struct db_conn *c, struct arena *a, struct rereg_item *it)
{
	struct db_res res;
	struct db_val v = DBV_INT(it->student);
	it->nguardians = 0;
	it->guardians = arena_calloc(a, 21, sizeof(*it->guardians));
	if (!it->guardians)
		return ERR_NOMEM;
	int rc = db_query(c, Q_REREG_GUARDIANS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && it->nguardians < 20 && (step = db_next(&res)) == 1) {
		struct guardian_ref *g = &it->guardians[it->nguardians++];
		g->username = db_dup(&res, C_REREG_GUARDIANS_OF__USERNAME, a);
		g->relation = db_dup(&res, C_REREG_GUARDIANS_OF__RELATION, a);
		if (!g->username || !g->relation)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int item_read_row(struct db_res *res, struct arena *a, struct rereg_item *it)
{
	memset(it, 0, sizeof(*it));
	int rc = rereg_read_row(res, a, &it->campaign);
	it->student = db_int(res, C_REREG_MINE__PERSON_ID);
	it->given_name = db_dup(res, C_REREG_MINE__GIVEN_NAME, a);
	it->family_name = db_dup(res, C_REREG_MINE__FAMILY_NAME, a);
	it->birth_date = db_dup(res, C_REREG_MINE__BIRTH_DATE, a);
	it->sex = db_dup(res, C_REREG_MINE__SEX, a);
	it->school = db_dup(res, C_REREG_MINE__SCHOOL, a);
	it->school_name = db_dup(res, C_REREG_MINE__SCHOOL_NAME, a);
	it->grade = (int)db_int(res, C_REREG_MINE__GRADE);
	it->next_grade = it->grade < 12 ? it->grade + 1 : 0;
	if (!db_null(res, C_REREG_MINE__CLASS) &&
	    !(it->class_name = db_dup(res, C_REREG_MINE__CLASS, a)))
		rc = ERR_NOMEM;
	if (!db_null(res, C_REREG_MINE__CONFIRMED_VERSION)) {
		it->confirmed.version = (int)db_int(res, C_REREG_MINE__CONFIRMED_VERSION);
		it->confirmed.created_at = db_int(res, C_REREG_MINE__CONFIRMED_AT);
		if (!db_null(res, C_REREG_MINE__CORRECTIONS) &&
		    !(it->confirmed.corrections = db_dup(res, C_REREG_MINE__CORRECTIONS, a)))
			rc = ERR_NOMEM;
	}
	if (!it->given_name || !it->family_name || !it->birth_date || !it->sex || !it->school ||
	    !it->school_name)
		rc = ERR_NOMEM;
	return rc;
}

static int rereg_mine_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct rereg_mine *x = ctx;
	struct access_decision d = {.allowed = true, .visible = true};
	d.grant = guardian_grant(by->who);
	x->items = arena_calloc(by->arena, 201, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, 201, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	if (!d.grant)
		return ERR_OK;
	int64_t now = time_now_unix();
	struct db_res res;
	struct db_val v[] = {DBV_INT(now), DBV_INT(now), DBV_INT(by->who->user_id)};
	int rc = db_query(c, Q_REREG_MINE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && x->n < 200 && (step = db_next(&res)) == 1) {
		struct rereg_item *it = &x->items[x->n];
		rc = item_read_row(&res, by->arena, it);
		if (rc)
			break;
		actor_audit_fill(by, &d, "admissions.reregistration.read", it->student,
				 &x->audit[x->n]);
		x->audit[x->n].subject = subject_of(by->arena, it->campaign.id);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	for (int i = 0; !rc && i < x->n; i++)
		rc = guardians_read(c, by->arena, &x->items[i]);
	x->naudit = (size_t)x->n;
	return problem_err(&x->p, rc);
}

int rereg_mine_read(struct db *db, const struct actor *by, struct rereg_mine *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, rereg_mine_work, x);
}

/* ---- the staff's view ---- */

static int counts_read(struct db_conn *c, struct rereg_view *x)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(x->r.org_path), DBV_TEXT(x->r.org_path), DBV_INT(x->r.id),
			     DBV_INT(x->r.id)};
	int rc = db_row(c, Q_REREG_COUNTS, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	x->enrolled = db_int(&res, C_REREG_COUNTS__ENROLLED);
	x->confirmed = db_int(&res, C_REREG_COUNTS__CONFIRMED);
	x->corrected = db_int(&res, C_REREG_COUNTS__CORRECTED);
	db_done(&res);
	return ERR_OK;
}

static int rereg_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct rereg_view *x = ctx;
	int rc = rereg_get(c, by->arena, x->id, &x->r);
	struct access_decision d = {.allowed = true, .visible = true};
	if (!rc && !(d.grant = principal_reach(by->who, REREG_OPENERS, x->r.org_path)))
		rc = ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such re-registration.");
	if (!rc)
		rc = counts_read(c, x);
	x->items = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!rc && (!x->items || !x->audit))
		rc = ERR_NOMEM;
	if (rc)
		return problem_err(&x->p, rc);
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(x->r.org_path), DBV_TEXT(x->r.org_path), DBV_INT(x->after),
			     DBV_INT(x->r.id), DBV_INT(x->limit + 1)};
	rc = db_query(c, Q_REREG_UNCONFIRMED, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == x->limit) {
			x->more = true;
			break;
		}
		struct rereg_child *ch = &x->items[x->n];
		ch->id = db_int(&res, C_REREG_UNCONFIRMED__ID);
		ch->given_name = db_dup(&res, C_REREG_UNCONFIRMED__GIVEN_NAME, by->arena);
		ch->family_name = db_dup(&res, C_REREG_UNCONFIRMED__FAMILY_NAME, by->arena);
		ch->school = db_dup(&res, C_REREG_UNCONFIRMED__SCHOOL, by->arena);
		ch->grade = (int)db_int(&res, C_REREG_UNCONFIRMED__GRADE);
		if (!db_null(&res, C_REREG_UNCONFIRMED__CLASS))
			ch->class_name = db_dup(&res, C_REREG_UNCONFIRMED__CLASS, by->arena);
		if (!ch->given_name || !ch->family_name || !ch->school)
			rc = ERR_NOMEM;
		actor_audit_fill(by, &d, "admissions.reregistration.list", ch->id, &x->audit[x->n]);
		x->audit[x->n].subject = subject_of(by->arena, x->r.id);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	x->naudit = (size_t)x->n;
	return problem_err(&x->p, rc);
}

int rereg_view_read(struct db *db, const struct actor *by, struct rereg_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, rereg_view_work, x);
}

struct find_job {
	const char *org;
	int school_year;
	int64_t id;
};

static int find_work(struct db_conn *c, void *ctx)
{
	struct find_job *j = ctx;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(j->org), DBV_INT(j->school_year)};
	int rc = db_row(c, Q_REREG_FIND, v, 2, &res);
	j->id = 0;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	j->id = db_int(&res, C_REREG_FIND__ID);
	db_done(&res);
	return ERR_OK;
}

int rereg_find_read(struct db *db, const char *org, int school_year, int64_t *id)
{
	struct find_job j = {org, school_year, 0};
	int rc = work_read(db, find_work, &j);
	*id = j.id;
	return rc;
}
