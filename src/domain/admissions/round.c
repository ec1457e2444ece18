/*
 * round.c: admission rounds: their checks, who sees them, and their store
 * (round.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/admissions/document.h"
#include "domain/admissions/priority.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"
#include "domain/common/calendar.h"
#include "domain/common/scope_list.h"
#include "domain/common/work.h"

/* ---- the window ---- */

enum round_phase round_phase_at(const struct round *r, int64_t now)
{
	if (now < r->opens_at)
		return ROUND_UPCOMING;
	return now < r->closes_at ? ROUND_OPEN : ROUND_CLOSED;
}

const char *round_phase_name(enum round_phase ph)
{
	switch (ph) {
	case ROUND_UPCOMING:
		return "upcoming";
	case ROUND_OPEN:
		return "open";
	default:
		return "closed";
	}
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard
 * Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* n digits at s as a number, or -1 if one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool round_instant_parse(const char *s, int64_t *out)
{
	if (!s || strlen(s) < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	int y, m, d;
	if (!date_parse_iso(date, &y, &m, &d))
		return false;
	int hh = digits(s + 11, 2), mm = digits(s + 14, 2), ss = digits(s + 17, 2);
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
		return false;
	const char *z = s + 19;
	int64_t offset = 0;
	if ((z[0] == 'Z' || z[0] == 'z') && !z[1]) {
		offset = 0;
	} else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
		int oh = digits(z + 1, 2), om = digits(z + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return false;
		offset = (int64_t)(oh * 60 + om) * 60 * (z[0] == '-' ? -1 : 1);
	} else {
		return false;
	}
	*out = days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 + ss -
	       offset;
	return true;
}

/* ---- who sees a round ---- */

/* Whether path a is a prefix of path b (paths end in '/'). */
static bool path_under(const char *b, const char *a)
{
	return a && b && !strncmp(a, b, strlen(a));
}

int round_visible(struct db_conn *c, const struct principal *p, const struct round *r, int64_t now,
		  bool *visible)
{
	*visible = false;
	if (!p)
		return ERR_OK;
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(ROLE_BIT(g->role) & ACCESS_STAFF))
			continue;
		if (g->role == ROLE_MINISTRY_ADMIN && !g->org_id) {
			*visible = true;
			return ERR_OK;
		}
		if (path_under(r->org_path, g->org_path) || path_under(g->org_path, r->org_path)) {
			*visible = true;
			return ERR_OK;
		}
	}
	if (!principal_has(p, ROLE_BIT(ROLE_GUARDIAN)) || now < r->opens_at)
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_INT(p->user_id), DBV_TEXT(r->org_path), DBV_TEXT(r->org_path)};
	int rc = db_row(c, Q_ROUND_GUARDIAN_IN_AREA, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	db_done(&res);
	*visible = true;
	return ERR_OK;
}

/* ---- rows ---- */

static int round_read_row(struct db_res *res, struct arena *a, struct round *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_ROUND__ID);
	out->org_id = db_int(res, C_ROUND__ORG_ID);
	out->org = db_dup(res, C_ROUND__ORG, a);
	out->org_path = db_dup(res, C_ROUND__ORG_PATH, a);
	out->name = db_dup(res, C_ROUND__NAME, a);
	out->grade = (int)db_int(res, C_ROUND__GRADE);
	out->opens_at = db_int(res, C_ROUND__OPENS_AT);
	out->closes_at = db_int(res, C_ROUND__CLOSES_AT);
	out->max_choices = (int)db_int(res, C_ROUND__MAX_CHOICES);
	out->seed = db_int(res, C_ROUND__SEED);
	out->created_at = db_int(res, C_ROUND__CREATED_AT);
	out->sealed_at = db_int0(res, C_ROUND__SEALED_AT);
	out->run_at = db_int0(res, C_ROUND__RUN_AT);
	if (!db_null(res, C_ROUND__INPUTS_SHA256) &&
	    !(out->inputs_sha256 = db_dup(res, C_ROUND__INPUTS_SHA256, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_ROUND__PRIORITIES) &&
	    !(out->priorities = db_dup(res, C_ROUND__PRIORITIES, a)))
		return ERR_NOMEM;
	out->verify_claims = db_int0(res, C_ROUND__VERIFY_CLAIMS) != 0;
	if (!db_null(res, C_ROUND__DOCUMENTS) &&
	    !(out->documents = db_dup(res, C_ROUND__DOCUMENTS, a)))
		return ERR_NOMEM;
	out->parent_round_id = db_int0(res, C_ROUND__PARENT_ROUND_ID);
	out->second_round_id = db_int0(res, C_ROUND__SECOND_ROUND_ID);
	out->offers_closed_at = db_int0(res, C_ROUND__OFFERS_CLOSED_AT);
	if (!db_null(res, C_ROUND__RULES) && !(out->rules = db_dup(res, C_ROUND__RULES, a)))
		return ERR_NOMEM;
	if (!db_null(res, C_ROUND__RESULTS_SHA256) &&
	    !(out->results_sha256 = db_dup(res, C_ROUND__RESULTS_SHA256, a)))
		return ERR_NOMEM;
	return out->org && out->org_path && out->name ? ERR_OK : ERR_NOMEM;
}

static int round_schools_read(struct db_conn *c, struct arena *a, struct round *r)
{
	r->nschools = 0;
	r->schools = arena_calloc(a, ROUND_SCHOOLS_MAX, sizeof(*r->schools));
	if (!r->schools)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(r->id);
	int rc = db_query(c, Q_ROUND_SCHOOLS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && r->nschools < ROUND_SCHOOLS_MAX && (step = db_next(&res)) == 1) {
		struct round_school *s = &r->schools[r->nschools++];
		s->code = db_dup(&res, C_ROUND_SCHOOLS_OF__SCHOOL, a);
		s->name = db_dup(&res, C_ROUND_SCHOOLS_OF__SCHOOL_NAME, a);
		s->path = db_dup(&res, C_ROUND_SCHOOLS_OF__SCHOOL_PATH, a);
		s->id = db_int(&res, C_ROUND_SCHOOLS_OF__SCHOOL_ID);
		s->capacity = db_int(&res, C_ROUND_SCHOOLS_OF__CAPACITY);
		if (!s->code || !s->name || !s->path)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int round_get(struct db_conn *c, struct arena *a, int64_t id, struct round *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_ROUND_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = round_read_row(&res, a, out);
	db_done(&res);
	return rc ? rc : round_schools_read(c, a, out);
}

int round_load(struct db_conn *c, const struct actor *by, int64_t id, int64_t now,
	       struct round *out, struct problem *p)
{
	int rc = round_get(c, by->arena, id, out);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such admission round.");
	if (rc)
		return problem_err(p, rc);
	bool visible;
	rc = round_visible(c, by->who, out, now, &visible);
	if (rc)
		return problem_err(p, rc);
	if (!visible)
		return problem_set(p, P_NOT_FOUND, NULL, "No such admission round.");
	return ERR_OK;
}

int round_school_index(const struct round *r, const char *code)
{
	for (int i = 0; i < r->nschools; i++)
		if (!strcmp(r->schools[i].code, code))
			return i;
	return -1;
}

/* ---- create ---- */

int round_create_check(const struct round_create *x, struct problem *p)
{
	if (!x->name || !*x->name)
		return problem_set(p, P_REQUIRED, "name", "The round needs a name.");
	if (x->grade < 1 || x->grade > 12)
		return problem_set(p, P_OUT_OF_RANGE, "grade", "The entry grade is 1 to 12.");
	if (x->opens_at >= x->closes_at)
		return problem_set(p, P_INVALID, "closes_at",
				   "The round must close after it opens.");
	if (x->max_choices < 1 || x->max_choices > ROUND_CHOICES_MAX)
		return problem_set(p, P_OUT_OF_RANGE, "max_choices",
				   "A family ranks 1 to 20 schools.");
	if (x->seed < 0 || x->seed > ROUND_SEED_MAX)
		return problem_set(p, P_OUT_OF_RANGE, "seed", "The seed is 0 to 2^53 - 1.");
	if (x->nschools < 1)
		return problem_set(p, P_REQUIRED, "schools", "A round has at least one school.");
	if (x->nschools > ROUND_SCHOOLS_MAX)
		return problem_set(p, P_TOO_MANY, "schools", "A round has at most 1000 schools.");
	for (int i = 0; i < x->nschools; i++) {
		if (x->schools[i].capacity < 0)
			return problem_set(p, P_OUT_OF_RANGE, "schools",
					   "A capacity is 0 or more.");
		for (int j = 0; j < i; j++)
			if (!strcmp(x->schools[i].code, x->schools[j].code))
				return problem_set(p, P_DUPLICATE, "schools",
						   "A school is listed twice.");
	}
	return ERR_OK;
}

/* The priorities of x: well formed, each zone at a school of x's. */
static int round_priorities_check(struct round_create *x)
{
	struct priority_rules rules;
	int rc = priority_rules_parse(x->by->arena, x->priorities, &rules, &x->p);
	for (int z = 0; !rc && z < rules.nzones; z++) {
		bool found = false;
		for (int i = 0; i < x->nschools && !found; i++)
			found = !strcmp(x->schools[i].code, rules.zones[z].school);
		if (!found) {
			const char *field = arena_printf(x->by->arena, "priorities.zones.%s",
							 rules.zones[z].school);
			if (!field)
				return problem_err(&x->p, ERR_NOMEM);
			return problem_set(&x->p, P_SCHOOL_NOT_IN_ROUND, field,
					   "A zone belongs to a school of the round.");
		}
	}
	return rc;
}

/* An org by code: its id, kind and path (in a). ERR_NOTFOUND if none. */
static int org_of(struct db_conn *c, struct arena *a, const char *code, int64_t *id,
		  const char **kind, const char **path)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ROUND_ORG_BY_CODE, &v, 1, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_ROUND_ORG_BY_CODE__ID);
	*kind = db_dup(&res, C_ROUND_ORG_BY_CODE__KIND, a);
	*path = db_dup(&res, C_ROUND_ORG_BY_CODE__PATH, a);
	db_done(&res);
	return *kind && *path ? ERR_OK : ERR_NOMEM;
}

/* Insert x's schools into round x->id of office org_id at path: each a
 * school under the office. */
static int round_schools_insert(struct db_conn *c, struct round_create *x, int64_t org_id,
				const char *path)
{
	struct arena *a = x->by->arena;
	for (int i = 0; i < x->nschools; i++) {
		const char *field = arena_printf(a, "schools[%d].code", i);
		int64_t sid;
		const char *skind, *spath;
		if (!field)
			return problem_err(&x->p, ERR_NOMEM);
		int rc = org_of(c, a, x->schools[i].code, &sid, &skind, &spath);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_SCHOOL, field, NULL);
		if (rc)
			return problem_err(&x->p, rc);
		if (strcmp(skind, "school"))
			return problem_set(&x->p, P_NOT_A_SCHOOL, field, NULL);
		if (!path_under(spath, path))
			return problem_set(&x->p, P_OUTSIDE_ROUND_AREA, field,
					   "This school is not under the round's office.");
		struct db_val s[] = {DBV_INT(x->id), DBV_INT(sid), DBV_INT(org_id),
				     DBV_INT(x->schools[i].capacity), DBV_INT(i)};
		rc = db_exec(c, Q_ROUND_SCHOOL_INSERT, s, ARRAY_SIZE(s), NULL);
		if (rc)
			return problem_err(&x->p, rc);
	}
	return ERR_OK;
}

int round_create_tx(struct db_conn *c, void *ctx)
{
	struct round_create *x = ctx;
	struct arena *a = x->by->arena;
	int64_t org_id;
	const char *kind, *path;
	int rc = round_create_check(x, &x->p);
	if (!rc)
		rc = round_priorities_check(x);
	if (rc)
		return rc;
	rc = org_of(c, a, x->org, &org_id, &kind, &path);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_UNKNOWN_ORG, "org", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	if (strcmp(kind, "district") && strcmp(kind, "province"))
		return problem_set(&x->p, P_INVALID, "org",
				   "A round belongs to a district or a province.");
	if (!principal_reaches(x->by->who, ROUND_OFFICERS, path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "Only the officers of this office or of one above it run its "
				   "rounds.");
	int64_t now = time_now_unix();
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id),
			     DBV_TEXT(x->name),
			     DBV_INT(x->grade),
			     DBV_INT(x->opens_at),
			     DBV_INT(x->closes_at),
			     DBV_INT(x->max_choices),
			     DBV_INT(x->seed),
			     DBV_INT(now),
			     DBV_INT(x->by->who->user_id),
			     x->priorities ? DBV_TEXT(x->priorities) : DBV_NULL};
	rc = db_row(c, Q_ROUND_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_ROUND_INSERT__ID);
	db_done(&res);
	rc = document_round_save(c, x);
	if (rc)
		return problem_err(&x->p, rc);
	rc = round_schools_insert(c, x, org_id, path);
	return rc ? rc : rules_round_attach(c, x, org_id);
}

/* ---- edit ---- */

int round_edit_tx(struct db_conn *c, void *ctx)
{
	struct round_create *x = ctx;
	struct arena *a = x->by->arena;
	struct round r;
	int rc = round_load(c, x->by, x->id, time_now_unix(), &r, &x->p);
	if (rc)
		return rc;
	if (!principal_reaches(x->by->who, ROUND_OFFICERS, r.org_path))
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only the officers of the round's office change it.");
	if (round_phase_at(&r, time_now_unix()) != ROUND_UPCOMING)
		return problem_set(&x->p, P_ROUND_STARTED, NULL, NULL);
	/* What the body leaves out stays as it is. */
	bool new_schools = x->nschools >= 0;
	if (!x->name)
		x->name = r.name;
	if (!x->grade)
		x->grade = r.grade;
	if (x->opens_at == INT64_MIN)
		x->opens_at = r.opens_at;
	if (x->closes_at == INT64_MIN)
		x->closes_at = r.closes_at;
	if (!x->max_choices)
		x->max_choices = r.max_choices;
	if (x->seed < 0)
		x->seed = r.seed;
	if (!new_schools) {
		x->nschools = r.nschools;
		x->schools = arena_calloc(a, (size_t)r.nschools + 1, sizeof(*x->schools));
		if (!x->schools)
			return problem_err(&x->p, ERR_NOMEM);
		for (int i = 0; i < r.nschools; i++)
			x->schools[i] =
				(struct round_school_in){r.schools[i].code, r.schools[i].capacity};
	}
	if (!x->priorities_given)
		x->priorities = r.priorities;
	if (!x->documents_given)
		x->documents = r.documents;
	if (!x->verify_claims_given)
		x->verify_claims = r.verify_claims;
	rc = round_create_check(x, &x->p);
	if (!rc)
		rc = round_priorities_check(x);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_TEXT(x->name),
			     DBV_INT(x->grade),
			     DBV_INT(x->opens_at),
			     DBV_INT(x->closes_at),
			     DBV_INT(x->max_choices),
			     DBV_INT(x->seed),
			     x->priorities ? DBV_TEXT(x->priorities) : DBV_NULL,
			     DBV_INT(r.id)};
	rc = db_exec(c, Q_ROUND_UPDATE, v, ARRAY_SIZE(v), NULL);
	if (!rc)
		rc = document_round_save(c, x);
	if (rc || !new_schools)
		return problem_err(&x->p, rc);
	struct db_val id = DBV_INT(r.id);
	rc = db_exec(c, Q_ROUND_SCHOOLS_CLEAR, &id, 1, NULL);
	if (rc)
		return problem_err(&x->p, rc);
	return round_schools_insert(c, x, r.org_id, r.org_path);
}

/* ---- reads ---- */

static int round_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct round_view *x = ctx;
	int64_t now = time_now_unix();
	int rc = round_load(c, by, x->id, now, &x->r, &x->p);
	if (!rc)
		x->phase = round_phase_at(&x->r, now);
	return rc;
}

int round_view_read(struct db *db, const struct actor *by, struct round_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, round_view_work, x);
}

/* A family sees a round once its window opens. */
static bool round_open(const void *item, int64_t now)
{
	return now >= ((const struct round *)item)->opens_at;
}

static int round_read_item(struct db_res *res, struct arena *a, void *item)
{
	return round_read_row(res, a, item);
}

/* Newest window first, then newest round: the order of every list. */
static int round_newest_first(const void *pa, const void *pb)
{
	const struct round *a = pa, *b = pb;
	if (a->opens_at != b->opens_at)
		return a->opens_at < b->opens_at ? 1 : -1;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int round_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct round_list *x = ctx;
	const struct principal *p = by->who;
	struct scope_list l = {.size = sizeof(struct round),
			       .id_offset = offsetof(struct round, id),
			       .max = 1000,
			       .read = round_read_item,
			       .open = round_open,
			       .now = time_now_unix()};
	int rc = scope_list_init(&l, by->arena);
	if (!rc)
		rc = scope_list_staff(c, by->arena, p, &l, Q_ROUND_LIST_UNDER, Q_ROUND_LIST_OVER);
	if (!rc && p && principal_has(p, ROLE_BIT(ROLE_GUARDIAN))) {
		const char *paths[100] = {0};
		int npaths = 0;
		struct db_res res;
		struct db_val u = DBV_INT(p->user_id);
		rc = db_query(c, Q_ROUND_GUARDIAN_SCHOOLS, &u, 1, &res);
		int step = 0;
		while (!rc && npaths < 100 && (step = db_next(&res)) == 1)
			if (!(paths[npaths++] = db_dup(&res, C_ROUND_GUARDIAN_SCHOOLS__SCHOOL_PATH,
						       by->arena)))
				rc = ERR_NOMEM;
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		for (int i = 0; !rc && i < npaths; i++) {
			struct db_val over = DBV_TEXT(paths[i]);
			rc = scope_list_add(c, by->arena, &l, Q_ROUND_LIST_OVER, &over, 1, false);
		}
	}
	x->items = l.items;
	x->n = l.n;
	/* Several grants and children merge several lists. */
	if (!rc && x->n > 1)
		qsort(x->items, (size_t)x->n, sizeof(*x->items), round_newest_first);
	return problem_err(&x->p, rc);
}

int round_list_read(struct db *db, const struct actor *by, struct round_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, round_list_work, x);
}
