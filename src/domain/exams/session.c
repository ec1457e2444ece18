/*
 * session.c: exam sessions, councils, sites and school regions
 * (session.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/exams/instant.h"
#include "domain/exams/session.h"

const char *exam_session_status(const struct exam_session *s, int64_t now)
{
	switch (exam_window_at(s->opens_at, s->closes_at, now)) {
	case -1:
		return "upcoming";
	case 0:
		return "open";
	default:
		return "closed";
	}
}

/* Whether path a is a prefix of path b (paths end in '/'). */
static bool path_under(const char *b, const char *a)
{
	return a && b && !strncmp(a, b, strlen(a));
}

/* ---- rows ---- */

static int64_t instant_or_none(struct db_res *res, int col)
{
	return db_null(res, col) ? EXAM_NO_INSTANT : db_int(res, col);
}

static int session_read_row(struct db_res *res, struct arena *a, struct exam_session *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_EXAM_SESSION__ID);
	out->org_id = db_int(res, C_EXAM_SESSION__ORG_ID);
	out->org = db_dup(res, C_EXAM_SESSION__ORG, a);
	out->org_path = db_dup(res, C_EXAM_SESSION__ORG_PATH, a);
	out->pack = db_dup(res, C_EXAM_SESSION__PACK, a);
	out->name = db_dup(res, C_EXAM_SESSION__NAME, a);
	out->time_zone = db_dup(res, C_EXAM_SESSION__TIME_ZONE, a);
	out->opens_at = db_int(res, C_EXAM_SESSION__OPENS_AT_MS);
	out->closes_at = db_int(res, C_EXAM_SESSION__CLOSES_AT_MS);
	out->results_at = instant_or_none(res, C_EXAM_SESSION__RESULTS_AT_MS);
	out->remarks_close_at = instant_or_none(res, C_EXAM_SESSION__REMARKS_CLOSE_AT_MS);
	out->created_at = db_int(res, C_EXAM_SESSION__CREATED_AT);
	out->assigned_at = db_int0(res, C_EXAM_SESSION__ASSIGNED_AT);
	if (!out->org || !out->org_path || !out->pack || !out->name || !out->time_zone)
		return ERR_NOMEM;
	/* A zone stored is a zone known: the create checked it. */
	if (!zone_offset(out->time_zone, &out->offset))
		out->offset = 0;
	return ERR_OK;
}

static int councils_read(struct db_conn *c, struct arena *a, struct exam_session *s)
{
	s->ncouncils = 0;
	s->councils = arena_calloc(a, EXAM_COUNCILS_MAX, sizeof(*s->councils));
	if (!s->councils)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(s->id);
	int rc = db_query(c, Q_EXAM_COUNCILS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && s->ncouncils < EXAM_COUNCILS_MAX && (step = db_next(&res)) == 1) {
		struct exam_council *k = &s->councils[s->ncouncils++];
		k->code = db_dup(&res, C_EXAM_COUNCILS_OF__CODE, a);
		k->name = db_dup(&res, C_EXAM_COUNCILS_OF__NAME, a);
		k->org = db_dup(&res, C_EXAM_COUNCILS_OF__ORG, a);
		k->org_path = db_dup(&res, C_EXAM_COUNCILS_OF__ORG_PATH, a);
		k->org_id = db_int(&res, C_EXAM_COUNCILS_OF__ORG_ID);
		if (!k->code || !k->name || !k->org || !k->org_path)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int sites_read(struct db_conn *c, struct arena *a, struct exam_session *s)
{
	s->nsites = 0;
	s->sites = arena_calloc(a, EXAM_SITES_MAX, sizeof(*s->sites));
	if (!s->sites)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(s->id);
	int rc = db_query(c, Q_EXAM_SITES_OF, &v, 1, &res);
	int step = 0;
	while (!rc && s->nsites < EXAM_SITES_MAX && (step = db_next(&res)) == 1) {
		struct exam_site *t = &s->sites[s->nsites++];
		t->id = db_int(&res, C_EXAM_SITES_OF__ID);
		t->code = db_dup(&res, C_EXAM_SITES_OF__CODE, a);
		t->council = db_dup(&res, C_EXAM_SITES_OF__COUNCIL_CODE, a);
		t->school = db_dup(&res, C_EXAM_SITES_OF__SCHOOL, a);
		t->school_path = db_dup(&res, C_EXAM_SITES_OF__SCHOOL_PATH, a);
		t->school_id = db_int(&res, C_EXAM_SITES_OF__ORG_ID);
		t->name = db_dup(&res, C_EXAM_SITES_OF__NAME, a);
		t->rooms = db_int(&res, C_EXAM_SITES_OF__ROOMS);
		t->free_candidates = db_int(&res, C_EXAM_SITES_OF__FREE_CANDIDATES) != 0;
		if (!t->code || !t->council || !t->school || !t->school_path || !t->name)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int exam_session_get_row(struct db_conn *c, struct arena *a, int64_t id, struct exam_session *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_EXAM_SESSION_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = session_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int exam_session_get(struct db_conn *c, struct arena *a, int64_t id, struct exam_session *out)
{
	int rc = exam_session_get_row(c, a, id, out);
	if (!rc)
		rc = councils_read(c, a, out);
	return rc ? rc : sites_read(c, a, out);
}

/* ---- who sees a session ---- */

bool exam_session_visible(const struct principal *p, const struct exam_session *s,
			  const char *candidate_path)
{
	for (int i = 0; p && i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(ROLE_BIT(g->role) & ACCESS_STAFF))
			continue;
		if (g->role == ROLE_MINISTRY_ADMIN && !g->org_id)
			return true;
		if (path_under(s->org_path, g->org_path) || path_under(g->org_path, s->org_path))
			return true;
	}
	return candidate_path && path_under(candidate_path, s->org_path);
}

int exam_candidate_school_path(struct db_conn *c, const struct actor *by, const char **path)
{
	*path = NULL;
	const struct principal *p = by->who;
	if (!p || !p->person_id || !principal_has(p, ROLE_BIT(ROLE_CANDIDATE)))
		return ERR_OK;
	struct db_res res;
	struct db_val v = DBV_INT(p->person_id);
	int rc = db_row(c, Q_EXAM_PERSON_SCHOOL_PATH, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	*path = db_dup(&res, C_EXAM_PERSON_SCHOOL_PATH__PATH, by->arena);
	db_done(&res);
	return *path ? ERR_OK : ERR_NOMEM;
}

/* ---- create and change ---- */

/* An org by code: its id, kind, path and name (in a). ERR_NOTFOUND. */
static int org_of(struct db_conn *c, struct arena *a, const char *code, int64_t *id,
		  const char **kind, const char **path, const char **name)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_EXAM_ORG_BY_CODE, &v, 1, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_EXAM_ORG_BY_CODE__ID);
	*kind = db_dup(&res, C_EXAM_ORG_BY_CODE__KIND, a);
	*path = db_dup(&res, C_EXAM_ORG_BY_CODE__PATH, a);
	*name = db_dup(&res, C_EXAM_ORG_BY_CODE__NAME, a);
	db_done(&res);
	return *kind && *path && *name ? ERR_OK : ERR_NOMEM;
}

/* Read instant text (NULL: keep *out) in the zone of offset. */
static int instant_in(const char *text, int offset, const char *field, int64_t *out,
		      struct problem *p)
{
	if (!text)
		return ERR_OK;
	if (!instant_parse(text, offset, out))
		return problem_set(p, P_INVALID, field,
				   "An instant is RFC 3339 (2026-05-13T17:00:00.000+07:00), or "
				   "local time in the session's zone without an offset.");
	return ERR_OK;
}

/* The window's order: opens < closes <= results_at <= remarks_close_at. */
static int window_check(const struct exam_session *s, struct problem *p)
{
	if (s->opens_at >= s->closes_at)
		return problem_set(p, P_INVALID, "closes_at",
				   "The session must close after it opens.");
	if (s->results_at != EXAM_NO_INSTANT && s->results_at < s->closes_at)
		return problem_set(p, P_INVALID, "results_at",
				   "Results are published after registration closes.");
	if (s->remarks_close_at != EXAM_NO_INSTANT &&
	    (s->results_at == EXAM_NO_INSTANT || s->remarks_close_at <= s->results_at))
		return problem_set(p, P_INVALID, "remarks_close_at",
				   "Re-marking requests close after the results are published.");
	return ERR_OK;
}

static int councils_insert(struct db_conn *c, struct exam_session_create *x,
			   const struct exam_pack *pk, const char *office_path)
{
	struct arena *a = x->by->arena;
	if (x->ncouncils < 1)
		return problem_set(&x->p, P_REQUIRED, "councils",
				   "A session has 1 to 100 councils.");
	if (x->ncouncils > EXAM_COUNCILS_MAX)
		return problem_set(&x->p, P_TOO_MANY, "councils",
				   "A session has 1 to 100 councils.");
	for (int i = 0; i < x->ncouncils; i++) {
		const struct exam_council_in *k = &x->councils[i];
		const char *field = arena_printf(a, "councils[%d].code", i);
		if (!field)
			return problem_err(&x->p, ERR_NOMEM);
		bool digits = strlen(k->code) == (size_t)pk->council_digits;
		for (const char *d = k->code; digits && *d; d++)
			digits = *d >= '0' && *d <= '9';
		if (!digits)
			return problem_set(&x->p, P_INVALID, field,
					   arena_printf(a, "A council code is %d digits.",
							pk->council_digits));
		for (int j = 0; j < i; j++)
			if (!strcmp(k->code, x->councils[j].code))
				return problem_set(&x->p, P_DUPLICATE, field,
						   "A council code is given twice.");
		int64_t org_id;
		const char *kind, *path, *name;
		const char *org_field = arena_printf(a, "councils[%d].org", i);
		int rc = org_of(c, a, k->org, &org_id, &kind, &path, &name);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_ORG, org_field, NULL);
		if (rc)
			return problem_err(&x->p, rc);
		if (!path_under(path, office_path))
			return problem_set(
				&x->p, P_OUT_OF_SCOPE, org_field,
				"A council's organisation is under the session's office.");
		struct db_val v[] = {DBV_INT(x->id), DBV_TEXT(k->code),
				     DBV_TEXT(k->name && *k->name ? k->name : name),
				     DBV_INT(org_id)};
		rc = db_exec(c, Q_EXAM_COUNCIL_INSERT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return problem_err(&x->p, rc);
	}
	return ERR_OK;
}

static int sites_insert(struct db_conn *c, struct exam_session_create *x)
{
	struct arena *a = x->by->arena;
	if (x->nsites > EXAM_SITES_MAX)
		return problem_set(&x->p, P_TOO_MANY, "sites", "A session has at most 5000 sites.");
	for (int i = 0; i < x->nsites; i++) {
		const struct exam_site_in *t = &x->sites[i];
		const char *field = arena_printf(a, "sites[%d]", i);
		if (!field)
			return problem_err(&x->p, ERR_NOMEM);
		int k = -1;
		for (int j = 0; j < x->ncouncils && k < 0; j++)
			if (!strcmp(x->councils[j].code, t->council))
				k = j;
		if (k < 0)
			return problem_set(&x->p, P_UNKNOWN_COUNCIL,
					   arena_printf(a, "%s.council", field), NULL);
		for (int j = 0; j < i; j++)
			if (!strcmp(t->code, x->sites[j].code))
				return problem_set(&x->p, P_DUPLICATE,
						   arena_printf(a, "%s.code", field),
						   "A site code is given twice.");
		if (t->rooms < 1 || t->rooms > 10000)
			return problem_set(&x->p, P_OUT_OF_RANGE,
					   arena_printf(a, "%s.rooms", field),
					   "A site has 1 to 10000 rooms.");
		int64_t sid, cid;
		const char *kind, *path, *name, *ckind, *cpath, *cname;
		const char *sfield = arena_printf(a, "%s.school", field);
		int rc = org_of(c, a, t->school, &sid, &kind, &path, &name);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_SCHOOL, sfield, NULL);
		if (!rc)
			rc = org_of(c, a, x->councils[k].org, &cid, &ckind, &cpath, &cname);
		if (rc)
			return problem_err(&x->p, rc);
		if (strcmp(kind, "school"))
			return problem_set(&x->p, P_NOT_A_SCHOOL, sfield, NULL);
		if (!path_under(path, cpath))
			return problem_set(&x->p, P_OUT_OF_SCOPE, sfield,
					   "A site's school is under its council's organisation.");
		struct db_val v[] = {DBV_INT(x->id),
				     DBV_TEXT(t->council),
				     DBV_INT(sid),
				     DBV_TEXT(t->code),
				     DBV_TEXT(t->name && *t->name ? t->name : name),
				     DBV_INT(t->rooms),
				     DBV_INT(t->free_candidates ? 1 : 0)};
		rc = db_exec(c, Q_EXAM_SITE_INSERT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return problem_err(&x->p, rc == ERR_CONFLICT ? ERR_INVALID : rc);
	}
	return ERR_OK;
}

int exam_session_create_tx(struct db_conn *c, void *ctx)
{
	struct exam_session_create *x = ctx;
	struct arena *a = x->by->arena;
	const struct exam_pack *pk = exam_pack_find(x->pack);
	if (!pk)
		return problem_set(&x->p, P_UNKNOWN_PACK, "pack", NULL);
	if (!x->name || !*x->name)
		return problem_set(&x->p, P_REQUIRED, "name", "The session needs a name.");
	struct exam_session s = {.results_at = EXAM_NO_INSTANT,
				 .remarks_close_at = EXAM_NO_INSTANT};
	s.time_zone = x->time_zone ? x->time_zone : pk->time_zone;
	if (!zone_offset(s.time_zone, &s.offset))
		return problem_set(&x->p, P_UNKNOWN_TIME_ZONE, "time_zone", NULL);
	if (!x->opens_at)
		return problem_set(&x->p, P_REQUIRED, "opens_at", NULL);
	if (!x->closes_at)
		return problem_set(&x->p, P_REQUIRED, "closes_at", NULL);
	int rc = instant_in(x->opens_at, s.offset, "opens_at", &s.opens_at, &x->p);
	if (!rc)
		rc = instant_in(x->closes_at, s.offset, "closes_at", &s.closes_at, &x->p);
	if (!rc)
		rc = instant_in(x->results_at, s.offset, "results_at", &s.results_at, &x->p);
	if (!rc)
		rc = instant_in(x->remarks_close_at, s.offset, "remarks_close_at",
				&s.remarks_close_at, &x->p);
	if (!rc)
		rc = window_check(&s, &x->p);
	if (rc)
		return rc;
	int64_t org_id;
	const char *kind, *path, *name;
	rc = org_of(c, a, x->org, &org_id, &kind, &path, &name);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_UNKNOWN_ORG, "org", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	if (strcmp(kind, "ministry") && strcmp(kind, "province"))
		return problem_set(&x->p, P_INVALID, "org",
				   "An exam session belongs to a ministry or a province.");
	if (!principal_reaches(x->by->who, EXAM_SESSION_MANAGERS, path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "Only the managers of this office or of one above it run its "
				   "exam sessions.");
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id),
			     DBV_TEXT(pk->name),
			     DBV_TEXT(x->name),
			     DBV_TEXT(s.time_zone),
			     DBV_INT(s.opens_at),
			     DBV_INT(s.closes_at),
			     s.results_at == EXAM_NO_INSTANT ? DBV_NULL : DBV_INT(s.results_at),
			     s.remarks_close_at == EXAM_NO_INSTANT ? DBV_NULL
								   : DBV_INT(s.remarks_close_at),
			     DBV_INT(time_now_ms()),
			     DBV_INT(x->by->who->user_id)};
	rc = db_row(c, Q_EXAM_SESSION_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_EXAM_SESSION_INSERT__ID);
	db_done(&res);
	rc = councils_insert(c, x, pk, path);
	if (!rc)
		rc = sites_insert(c, x);
	if (rc)
		return rc;
	rc = exam_session_get(c, a, x->id, &x->s);
	return problem_err(&x->p, rc);
}

int exam_session_edit_tx(struct db_conn *c, void *ctx)
{
	struct exam_session_create *x = ctx;
	struct arena *a = x->by->arena;
	struct exam_session s;
	int rc = exam_session_get(c, a, x->id, &s);
	if (rc == ERR_NOTFOUND || (!rc && !exam_session_visible(x->by->who, &s, NULL)))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	if (!principal_reaches(x->by->who, EXAM_SESSION_MANAGERS, s.org_path))
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only the managers of the session's office change it.");
	if (x->name && !*x->name)
		return problem_set(&x->p, P_REQUIRED, "name", "The session needs a name.");
	if (x->results_at_given && !x->results_at)
		s.results_at = EXAM_NO_INSTANT;
	if (x->remarks_close_at_given && !x->remarks_close_at)
		s.remarks_close_at = EXAM_NO_INSTANT;
	rc = instant_in(x->opens_at, s.offset, "opens_at", &s.opens_at, &x->p);
	if (!rc)
		rc = instant_in(x->closes_at, s.offset, "closes_at", &s.closes_at, &x->p);
	if (!rc)
		rc = instant_in(x->results_at, s.offset, "results_at", &s.results_at, &x->p);
	if (!rc)
		rc = instant_in(x->remarks_close_at, s.offset, "remarks_close_at",
				&s.remarks_close_at, &x->p);
	if (!rc)
		rc = window_check(&s, &x->p);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_TEXT(x->name ? x->name : s.name),
			     DBV_INT(s.opens_at),
			     DBV_INT(s.closes_at),
			     s.results_at == EXAM_NO_INSTANT ? DBV_NULL : DBV_INT(s.results_at),
			     s.remarks_close_at == EXAM_NO_INSTANT ? DBV_NULL
								   : DBV_INT(s.remarks_close_at),
			     DBV_INT(s.id)};
	rc = db_exec(c, Q_EXAM_SESSION_UPDATE, v, ARRAY_SIZE(v), NULL);
	if (!rc)
		rc = exam_session_get(c, a, s.id, &x->s);
	return problem_err(&x->p, rc);
}

/* ---- reads ---- */

static int session_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_session_view *x = ctx;
	const char *cand;
	int rc = exam_session_get(c, by->arena, x->id, &x->s);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (!rc)
		rc = exam_candidate_school_path(c, by, &cand);
	if (rc)
		return problem_err(&x->p, rc);
	if (!exam_session_visible(by->who, &x->s, cand))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	return ERR_OK;
}

int exam_session_view_read(struct db *db, const struct actor *by, struct exam_session_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, session_view_work, x);
}

/* Append the rows of a list query to x, skipping those already there and,
 * for a candidate, those closed at now. */
static int session_list_add(struct db_conn *c, const struct actor *by, struct exam_session_list *x,
			    enum query_id q, const struct db_val *v, size_t nv, bool staff,
			    int64_t now)
{
	struct db_res res;
	int rc = db_query(c, q, v, nv, &res);
	int step = 0;
	while (!rc && x->n < 500 && (step = db_next(&res)) == 1) {
		struct exam_session *s = &x->items[x->n];
		rc = session_read_row(&res, by->arena, s);
		bool dup = false;
		for (int i = 0; !rc && i < x->n && !dup; i++)
			dup = x->items[i].id == s->id;
		if (!rc && !dup && (staff || now < s->closes_at))
			x->n++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int newest_first(const void *pa, const void *pb)
{
	const struct exam_session *a = pa, *b = pb;
	if (a->opens_at != b->opens_at)
		return a->opens_at < b->opens_at ? 1 : -1;
	return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static int session_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_session_list *x = ctx;
	const struct principal *p = by->who;
	int64_t now = time_now_ms();
	const char *cand;
	x->items = arena_calloc(by->arena, 501, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = ERR_OK;
	for (int i = 0; !rc && p && i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(ROLE_BIT(g->role) & ACCESS_STAFF))
			continue;
		if (g->role != ROLE_MINISTRY_ADMIN && !g->org_path)
			continue;
		const char *path = g->org_path ? g->org_path : "/";
		struct db_val under[] = {DBV_TEXT(path), DBV_TEXT(path)};
		rc = session_list_add(c, by, x, Q_EXAM_SESSION_LIST_UNDER, under, 2, true, now);
		struct db_val over = DBV_TEXT(path);
		if (!rc)
			rc = session_list_add(c, by, x, Q_EXAM_SESSION_LIST_OVER, &over, 1, true,
					      now);
	}
	if (!rc)
		rc = exam_candidate_school_path(c, by, &cand);
	if (!rc && cand) {
		struct db_val over = DBV_TEXT(cand);
		rc = session_list_add(c, by, x, Q_EXAM_SESSION_LIST_OVER, &over, 1, false, now);
	}
	if (!rc && x->n > 1)
		qsort(x->items, (size_t)x->n, sizeof(*x->items), newest_first);
	return problem_err(&x->p, rc);
}

int exam_session_list_read(struct db *db, const struct actor *by, struct exam_session_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, session_list_work, x);
}

/* ---- regions ---- */

/* Whether every pack has region code (a school's region serves them all). */
static bool region_known(const char *code)
{
	size_t n = exam_packs_count();
	for (size_t i = 0; i < n; i++)
		if (exam_pack_region_points(exam_pack_at(i), code) < 0)
			return false;
	return n > 0;
}

int exam_regions_set_tx(struct db_conn *c, void *ctx)
{
	struct exam_regions_set *x = ctx;
	struct arena *a = x->by->arena;
	int64_t now = time_now_ms();
	if (x->n < 1)
		return problem_set(&x->p, P_REQUIRED, "regions", "Give at least one school.");
	for (int i = 0; i < x->n; i++) {
		const char *field = arena_printf(a, "regions[%d].org", i);
		const char *rfield = arena_printf(a, "regions[%d].region", i);
		int64_t id;
		const char *kind, *path, *name;
		if (!field || !rfield)
			return problem_err(&x->p, ERR_NOMEM);
		if (!region_known(x->items[i].region))
			return problem_set(&x->p, P_UNKNOWN_REGION, rfield, NULL);
		int rc = org_of(c, a, x->items[i].org, &id, &kind, &path, &name);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_SCHOOL, field, NULL);
		if (rc)
			return problem_err(&x->p, rc);
		if (strcmp(kind, "school"))
			return problem_set(&x->p, P_NOT_A_SCHOOL, field, NULL);
		if (!principal_reaches(x->by->who, EXAM_SESSION_MANAGERS, path))
			return problem_set(&x->p, P_OUT_OF_SCOPE, field,
					   "Only the province's or the ministry's managers set a "
					   "school's region.");
		struct db_val v[] = {DBV_INT(id), DBV_TEXT(x->items[i].region), DBV_INT(now),
				     DBV_INT(x->by->who->user_id)};
		rc = db_exec(c, Q_EXAM_REGION_UPSERT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return problem_err(&x->p, rc);
	}
	return ERR_OK;
}
