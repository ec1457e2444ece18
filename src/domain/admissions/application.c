/*
 * application.c: applications to admission rounds (application.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/admissions/appeal.h"
#include "domain/admissions/application.h"
#include "domain/admissions/offer.h"
#include "domain/admissions/priority.h"
#include "domain/admissions/review.h"
#include "domain/admissions/second_round.h"
#include "domain/common/work.h"

/* ---- the ranked list ---- */

int application_choices_check(const struct round *r, const char *const *choices, int n,
			      struct arena *a, struct problem *p)
{
	if (n < 1)
		return problem_set(p, P_REQUIRED, "choices", "Rank at least one school.");
	if (n > r->max_choices)
		return problem_set(
			p, P_TOO_MANY, "choices",
			arena_printf(a, "This round takes at most %d choices.", r->max_choices));
	for (int i = 0; i < n; i++) {
		const char *field = arena_printf(a, "choices[%d]", i);
		if (!field)
			return problem_err(p, ERR_NOMEM);
		if (round_school_index(r, choices[i]) < 0)
			return problem_set(p, P_SCHOOL_NOT_IN_ROUND, field, NULL);
		for (int j = 0; j < i; j++)
			if (!strcmp(choices[i], choices[j]))
				return problem_set(p, P_DUPLICATE, field,
						   "A school is ranked twice.");
	}
	return ERR_OK;
}

const char *application_choices_join(struct arena *a, const char *const *choices, int n)
{
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(choices[i]) + 1;
	char *s = arena_alloc(a, len);
	if (!s)
		return NULL;
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		size_t k = strlen(choices[i]);
		if (i)
			s[at++] = ',';
		memcpy(s + at, choices[i], k);
		at += k;
	}
	s[at] = '\0';
	return s;
}

int application_choices_split(struct arena *a, const char *text, const char ***out, int *n)
{
	int count = *text ? 1 : 0;
	for (const char *t = text; *t; t++)
		count += *t == ',';
	*n = 0;
	*out = arena_calloc(a, (size_t)count + 1, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	const char *start = text;
	while (*text && *n < count) {
		const char *end = strchr(start, ',');
		size_t k = end ? (size_t)(end - start) : strlen(start);
		if (!((*out)[(*n)++] = arena_strndup(a, start, k)))
			return ERR_NOMEM;
		if (!end)
			break;
		start = end + 1;
	}
	return ERR_OK;
}

/* ---- the claims ---- */

static bool round_has_school(const void *ctx, const char *code)
{
	return round_school_index(ctx, code) >= 0;
}

int application_claims_check(const struct round *r, const char *claims, struct arena *a,
			     struct problem *p)
{
	struct priority_rules rules;
	struct priority_claims got;
	int rc = priority_rules_parse(a, r->priorities, &rules, p);
	if (rc || !claims)
		return rc;
	json_t *v = json_loads(claims, 0, NULL);
	if (!v)
		return problem_set(p, P_INVALID, "claims", NULL);
	rc = priority_claims_check(a, v, &rules, round_has_school, r, &got, p);
	json_decref(v);
	return rc;
}

/* ---- rows ---- */

static int application_read_row(struct db_res *res, struct arena *a, struct application *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_APPLICATION__ID);
	out->round_id = db_int(res, C_APPLICATION__ROUND_ID);
	out->person_id = db_int(res, C_APPLICATION__PERSON_ID);
	out->version = (int)db_int(res, C_APPLICATION__VERSION);
	out->created_at = db_int(res, C_APPLICATION__CREATED_AT);
	out->updated_at = db_int(res, C_APPLICATION__UPDATED_AT);
	out->given_name = db_dup(res, C_APPLICATION__GIVEN_NAME, a);
	out->family_name = db_dup(res, C_APPLICATION__FAMILY_NAME, a);
	out->placed_known = !db_null(res, C_APPLICATION__RUN_AT);
	out->lottery = db_int0(res, C_APPLICATION__LOTTERY);
	if (!db_null(res, C_APPLICATION__CLAIMS) &&
	    !(out->claims = db_dup(res, C_APPLICATION__CLAIMS, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPLICATION__PRIORITY) &&
	    !(out->priority = db_dup(res, C_APPLICATION__PRIORITY, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPLICATION__CUTOFFS) &&
	    !(out->cutoffs = db_dup(res, C_APPLICATION__CUTOFFS, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPLICATION__OFFER_STATUS) &&
	    !(out->offer_status = db_dup(res, C_APPLICATION__OFFER_STATUS, a)))
		return ERR_NOMEM;
	out->offer_at = db_int0(res, C_APPLICATION__OFFER_AT);
	if (!db_null(res, C_APPLICATION__MOVED_FROM) &&
	    !(out->moved_from = db_dup(res, C_APPLICATION__MOVED_FROM, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_APPLICATION__PLACED_SCHOOL) &&
	    !(out->placed_school = db_dup(res, C_APPLICATION__PLACED_SCHOOL, a)))
		return ERR_NOMEM;
	const char *choices = db_dup(res, C_APPLICATION__CHOICES, a);
	if (!out->given_name || !out->family_name || !choices)
		return ERR_NOMEM;
	return application_choices_split(a, choices, &out->choices, &out->nchoices);
}

static int application_get(struct db_conn *c, struct arena *a, int64_t id, struct application *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_APPLICATION_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = application_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

static int application_versions(struct db_conn *c, struct arena *a, struct application *x)
{
	x->nversions = 0;
	x->versions = arena_calloc(a, (size_t)x->version + 1, sizeof(*x->versions));
	if (!x->versions)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_query(c, Q_APPLICATION_VERSIONS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && x->nversions < x->version && (step = db_next(&res)) == 1) {
		struct application_version *e = &x->versions[x->nversions++];
		e->version = (int)db_int(&res, C_APPLICATION_VERSIONS_OF__VERSION);
		e->created_at = db_int(&res, C_APPLICATION_VERSIONS_OF__CREATED_AT);
		e->created_by = db_null(&res, C_APPLICATION_VERSIONS_OF__CREATED_BY)
					? NULL
					: db_dup(&res, C_APPLICATION_VERSIONS_OF__CREATED_BY, a);
		const char *choices = db_dup(&res, C_APPLICATION_VERSIONS_OF__CHOICES, a);
		rc = choices ? application_choices_split(a, choices, &e->choices, &e->nchoices)
			     : ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int version_insert(struct db_conn *c, int64_t id, int version, int64_t org_id,
			  const char *choices, int64_t now, int64_t by)
{
	struct db_val v[] = {DBV_INT(id),	DBV_INT(version), DBV_INT(org_id),
			     DBV_TEXT(choices), DBV_INT(now),	  DBV_INT(by)};
	return db_exec(c, Q_APPLICATION_VERSION_INSERT, v, ARRAY_SIZE(v), NULL);
}

/* ---- who applies ---- */

/*
 * May `by` apply or edit for child person_id (action for the audit)? The
 * child must be linked to by's account as a guardian. Refused: noted on
 * the actor, p says 404 not_found (the child is out of sight) or 403
 * forbidden. *school_path gets the child's school's path.
 */
int application_guardian_decide(struct db_conn *c, struct actor *by, int64_t person_id,
				const char *action, const char *subject, const char **school_path,
				struct access_decision *d, struct problem *p)
{
	int rc = access_student_school(c, by->arena, person_id, school_path);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, d);
	} else if (rc) {
		return problem_err(p, rc);
	} else {
		rc = access_student(c, by->who, ACCESS_READ, person_id, *school_path, d);
		if (rc)
			return problem_err(p, rc);
		if (d->allowed && d->grant && d->grant->role == ROLE_GUARDIAN)
			return ERR_OK;
	}
	bool seen = d->allowed || d->visible;
	d->allowed = false;
	rc = actor_refuse(by, d, action, person_id, subject);
	if (rc)
		return problem_err(p, rc);
	if (!seen)
		return problem_set(p, P_NOT_FOUND, "student", "No such student.");
	return problem_set(p, P_FORBIDDEN, NULL,
			   "Only a guardian linked to the child applies for it.");
}

/* The window's refusal at now, or ERR_OK while r is open. */
static int window_open(const struct round *r, int64_t now, struct problem *p)
{
	switch (round_phase_at(r, now)) {
	case ROUND_UPCOMING:
		return problem_set(p, P_ROUND_NOT_OPEN, NULL, NULL);
	case ROUND_CLOSED:
		return problem_set(p, P_ROUND_CLOSED, NULL, NULL);
	default:
		return ERR_OK;
	}
}

static const char *round_subject(struct arena *a, int64_t round_id)
{
	return arena_printf(a, "admission_round:%" PRId64, round_id);
}

/* ---- create and edit ---- */

/* The application an account made earlier with key, into *id. */
static int application_by_key(struct db_conn *c, int64_t user_id, const char *key, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user_id), DBV_TEXT(key)};
	int rc = db_row(c, Q_APPLICATION_BY_KEY, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_APPLICATION_BY_KEY__ID);
	db_done(&res);
	return ERR_OK;
}

/* The window open at now, the ranked list and the claims fit the round:
 * the list joined for storage in *joined, or the problem. */
static int list_checked(const struct round *r, int64_t now, const char **choices, int n,
			const char *claims, struct arena *a, const char **joined, struct problem *p)
{
	int rc = window_open(r, now, p);
	if (!rc)
		rc = application_choices_check(r, (const char *const *)choices, n, a, p);
	if (!rc)
		rc = application_claims_check(r, claims, a, p);
	if (rc)
		return rc;
	*joined = application_choices_join(a, (const char *const *)choices, n);
	return *joined ? ERR_OK : problem_err(p, ERR_NOMEM);
}

int application_create_tx(struct db_conn *c, void *ctx)
{
	struct application_create *x = ctx;
	struct arena *a = x->by->arena;
	int64_t user = x->by->who->user_id;
	if (x->key) {
		int rc = application_by_key(c, user, x->key, &x->id);
		if (!rc) {
			x->replayed = true;
			return ERR_OK;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(&x->p, rc);
	}
	struct round r;
	int rc = round_get(c, a, x->round_id, &r);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such admission round.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *subject = round_subject(a, r.id), *school_path;
	struct access_decision d;
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = application_guardian_decide(c, x->by, x->student, "admissions.apply", subject,
					 &school_path, &d, &x->p);
	if (rc)
		return rc;
	if (strncmp(school_path, r.org_path, strlen(r.org_path)))
		return problem_set(&x->p, P_OUTSIDE_ROUND_AREA, "student",
				   "The child's school is not under the round's office.");
	if ((rc = second_round_eligible(c, r.id, x->student, &x->p)))
		return rc;
	int64_t now = time_now_unix();
	const char *choices = NULL;
	rc = list_checked(&r, now, x->choices, x->nchoices, x->claims, a, &choices, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = {DBV_INT(r.id),
			     DBV_INT(x->student),
			     DBV_INT(r.org_id),
			     DBV_TEXT(choices),
			     DBV_INT(now),
			     DBV_INT(user),
			     DBV_INT(now),
			     x->key ? DBV_TEXT(x->key) : DBV_NULL,
			     x->claims ? DBV_TEXT(x->claims) : DBV_NULL};
	rc = db_row(c, Q_APPLICATION_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND && x->key) {
		/* A retry that ran beside the first: answer what the first made. */
		rc = application_by_key(c, user, x->key, &x->id);
		if (!rc) {
			x->replayed = true;
			return ERR_OK;
		}
	}
	if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
		return problem_set(&x->p, P_DUPLICATE_APPLICATION, "student", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_APPLICATION_INSERT__ID);
	db_done(&res);
	rc = version_insert(c, x->id, 1, r.org_id, choices, now, user);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "admissions.apply", x->student, subject);
	return problem_err(&x->p, rc);
}

int application_edit_tx(struct db_conn *c, void *ctx)
{
	struct application_edit *x = ctx;
	struct arena *a = x->by->arena;
	struct application app;
	struct round r;
	int rc = application_get(c, a, x->id, &app);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (!rc)
		rc = round_get(c, a, app.round_id, &r);
	if (rc)
		return problem_err(&x->p, rc);
	const char *subject = round_subject(a, r.id), *school_path;
	struct access_decision d;
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = application_guardian_decide(c, x->by, app.person_id, "admissions.edit", subject,
					 &school_path, &d, &x->p);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return rc;
	int64_t now = time_now_unix();
	if (!x->claims_given)
		x->claims = app.claims;
	const char *choices = NULL;
	rc = list_checked(&r, now, x->choices, x->nchoices, x->claims, a, &choices, &x->p);
	if (rc)
		return rc;
	int changes = 0;
	struct db_val v[] = {DBV_INT(app.version + 1),
			     DBV_TEXT(choices),
			     x->claims ? DBV_TEXT(x->claims) : DBV_NULL,
			     DBV_INT(now),
			     DBV_INT(app.id),
			     DBV_INT(app.version)};
	rc = db_exec(c, Q_APPLICATION_UPDATE, v, ARRAY_SIZE(v), &changes);
	if (!rc && changes != 1)
		return problem_set(&x->p, P_CONFLICT, NULL,
				   "The application changed meanwhile; try again.");
	if (!rc)
		rc = version_insert(c, app.id, app.version + 1, r.org_id, choices, now,
				    x->by->who->user_id);
	if (!rc && x->claims_given) /* a changed claim is pending again (review.h) */
		rc = review_claims_reset(c, a, app.id, r.org_id, app.claims, x->claims, now,
					 x->by->who->user_id);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "admissions.edit", app.person_id, subject);
	return problem_err(&x->p, rc);
}

/* ---- reads ---- */

/* Decide a read of application app (in round r) by `by`: the child's
 * readers, staff reaching the round's office, and staff of a school it
 * ranks (those who see it in the round's list). */
static int read_decide(struct db_conn *c, const struct actor *by, const struct application *app,
		       const struct round *r, struct access_decision *d)
{
	const char *school_path;
	int rc = access_student_school(c, by->arena, app->person_id, &school_path);
	if (rc)
		return rc;
	rc = access_student(c, by->who, ACCESS_READ, app->person_id, school_path, d);
	if (rc || d->allowed)
		return rc;
	const struct grant *g = principal_reach(by->who, ACCESS_STAFF, r->org_path);
	/* The staff of a school it ranks: they list it, and review it. */
	for (int i = 0; !g && i < app->nchoices; i++) {
		int k = round_school_index(r, app->choices[i]);
		if (k >= 0)
			g = principal_reach(by->who, ACCESS_STAFF, r->schools[k].path);
	}
	if (g) {
		d->allowed = d->visible = true;
		d->grant = g;
	}
	return ERR_OK;
}

static int application_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct application_view *x = ctx;
	struct round r;
	int rc = application_get(c, by->arena, x->id, &x->a);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, &x->d);
		return ERR_OK;
	}
	if (!rc)
		rc = round_get(c, by->arena, x->a.round_id, &r);
	if (!rc)
		rc = read_decide(c, by, &x->a, &r, &x->d);
	if (!rc && x->d.allowed)
		rc = application_versions(c, by->arena, &x->a);
	if (!rc && x->d.allowed)
		rc = verification_read(c, by->arena, x->a.id, x->a.round_id, x->a.claims,
				       &x->a.verification);
	if (!rc && x->d.allowed)
		rc = offer_waitlists_read(c, by->arena, &x->a);
	if (!rc && x->d.allowed)
		rc = appeal_list_of(c, by->arena, &x->a);
	return problem_err(&x->p, rc);
}

int application_view_read(struct db *db, const struct actor *by, struct application_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, application_view_work, x);
	if (rc)
		return rc;
	rc = actor_audit_student_read(by, &x->d, "admissions.read", x->a.person_id, &x->audit,
				      &x->p);
	if (!rc && !x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	return rc;
}

/* Whether application app ranks one of the schools of r that p's staff
 * grants reach. */
static bool ranks_school_of(const struct principal *p, const struct round *r,
			    const struct application *app)
{
	for (int i = 0; i < app->nchoices; i++) {
		int k = round_school_index(r, app->choices[i]);
		if (k >= 0 && principal_reaches(p, ACCESS_STAFF, r->schools[k].path))
			return true;
	}
	return false;
}

static int application_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct application_list *x = ctx;
	struct round r;
	int rc = round_load(c, by, x->round_id, time_now_unix(), &r, &x->p);
	if (rc)
		return rc;
	struct access_decision d = {.allowed = true, .visible = true};
	d.grant = principal_reach(by->who, ACCESS_STAFF, r.org_path);
	bool all = d.grant != NULL;
	for (int i = 0; !d.grant && i < r.nschools; i++)
		d.grant = principal_reach(by->who, ACCESS_STAFF, r.schools[i].path);
	if (!d.grant)
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only the staff of the round's office and schools list its "
				   "applications.");
	x->items = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	/* School staff skip the applications that rank none of their schools:
	 * read in pages until the page is full or the round's list ends. */
	int64_t after = x->after;
	for (;;) {
		struct db_res res;
		struct db_val v[] = {DBV_INT(r.id), DBV_INT(after), DBV_INT(x->limit + 1)};
		rc = db_query(c, Q_APPLICATION_LIST_ROUND, v, ARRAY_SIZE(v), &res);
		int step = 0, seen = 0;
		while (!rc && (step = db_next(&res)) == 1) {
			struct application *app = &x->items[x->n];
			seen++;
			rc = application_read_row(&res, by->arena, app);
			if (rc)
				break;
			after = app->id;
			if (!all && !ranks_school_of(by->who, &r, app))
				continue;
			rc = verification_read(c, by->arena, app->id, app->round_id, app->claims,
					       &app->verification);
			if (rc)
				break;
			if (x->review && (int)app->verification->status != x->review - 1)
				continue;
			if (x->n == x->limit) {
				x->more = true;
				break;
			}
			actor_audit_fill(by, &d, "admissions.list", app->person_id,
					 &x->audit[x->n]);
			x->audit[x->n].subject = round_subject(by->arena, r.id);
			x->n++;
		}
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		if (rc)
			return problem_err(&x->p, rc);
		if (x->more || seen <= x->limit)
			break;
	}
	x->naudit = (size_t)x->n;
	return ERR_OK;
}

int application_list_read(struct db *db, const struct actor *by, struct application_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, application_list_work, x);
}

static int application_mine_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct application_list *x = ctx;
	const struct principal *p = by->who;
	struct access_decision d = {.allowed = true, .visible = true};
	for (int i = 0; p && i < p->ngrants && !d.grant; i++)
		if (p->grants[i].role == ROLE_GUARDIAN)
			d.grant = &p->grants[i];
	x->items = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	if (!d.grant)
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_INT(p->user_id), DBV_INT(x->round_id), DBV_INT(x->round_id),
			     DBV_INT(x->limit)};
	int rc = db_query(c, Q_APPLICATION_LIST_LINKED, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && x->n < x->limit && (step = db_next(&res)) == 1) {
		struct application *app = &x->items[x->n];
		rc = application_read_row(&res, by->arena, app);
		if (!rc)
			rc = verification_read(c, by->arena, app->id, app->round_id, app->claims,
					       &app->verification);
		if (rc)
			break;
		actor_audit_fill(by, &d, "admissions.read", app->person_id, &x->audit[x->n]);
		x->audit[x->n].subject = round_subject(by->arena, app->round_id);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	x->naudit = (size_t)x->n;
	return problem_err(&x->p, rc);
}

int application_mine_read(struct db *db, const struct actor *by, struct application_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, application_mine_work, x);
}
