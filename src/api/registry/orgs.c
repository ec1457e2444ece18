/*
 * orgs.c: the organisation tree.
 *
 *   POST  /api/v1/orgs                        add (inside the caller's subtree)
 *   GET   /api/v1/orgs/{code}                 read
 *   PATCH /api/v1/orgs/{code}                 name and school details
 *   POST  /api/v1/orgs/{code}/move            under another parent; history kept
 *   GET   /api/v1/orgs/{code}/children        the level below, with counts
 *   GET   /api/v1/orgs/{code}/history         where it has been
 *   POST  /api/v1/orgs/{code}/promotions      end a school year at a school
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "core/log.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"

struct org_create {
	struct org_input in;
	const struct principal *who;
	int64_t id;
	struct problem p;
};

/* Runs on the writer: scope is checked against the parent as committed. */
static int org_create_write(struct db_conn *c, void *arg)
{
	struct org_create *oc = arg;
	if (oc->in.parent) {
		struct db_res res;
		struct db_val v = DBV_TEXT(oc->in.parent);
		int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
		if (rc == ERR_OK) {
			bool ok = principal_reaches(oc->who, API_ORG_MANAGERS, db_text(&res, 5, NULL));
			db_done(&res);
			if (!ok)
				return problem_set(&oc->p, P_OUT_OF_SCOPE, "parent", "You may only add organisations inside your own.");
		}
	} else if (!principal_reaches(oc->who, ROLE_BIT(ROLE_MINISTRY_ADMIN), "/")) {
		return problem_set(&oc->p, P_OUT_OF_SCOPE, "parent", "Only a national administrator may add a ministry.");
	}
	return org_create(c, &oc->in, &oc->id, &oc->p);
}

static json_t *org_json(const struct org *o)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "code", o->code, "name",
			 o->name, "kind", o->kind, "parent", o->parent, "country", o->country,
			 "address", o->address, "level", o->level, "sector", o->sector);
}

/* The optional detail fields of a body, copied into the arena. */
static int detail_fields(struct req *r, json_t *body, struct org_input *in, struct problem *p)
{
	const char *country = NULL, *address = NULL, *level = NULL, *sector = NULL;
	int rc = json_get_string(body, "country", false, 2, &country, p);
	if (!rc)
		rc = json_get_string(body, "address", false, 500, &address, p);
	if (!rc)
		rc = json_get_string(body, "level", false, 24, &level, p);
	if (!rc)
		rc = json_get_string(body, "sector", false, 16, &sector, p);
	in->country = country ? arena_strdup(&r->arena, country) : NULL;
	in->address = address ? arena_strdup(&r->arena, address) : NULL;
	in->level = level ? arena_strdup(&r->arena, level) : NULL;
	in->sector = sector ? arena_strdup(&r->arena, sector) : NULL;
	return rc;
}

struct org_get {
	struct req *r;
	const char *code;
	struct org o;
};

static int org_get_read(struct db_conn *c, void *arg)
{
	struct org_get *g = arg;
	return org_get(c, &g->r->arena, g->code, &g->o);
}

/* Answer with the org as stored now. */
static void reply_org(struct req *r, int status, const char *code)
{
	struct org_get g = { .r = r, .code = code };
	int rc = db_read(api_app(r)->db, org_get_read, &g);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = org_json(&g.o);
	json_object_set_new(j, "id", json_integer(g.o.id));
	res_json(r, status, j);
}

void api_orgs_get(struct req *r)
{
	reply_org(r, 200, req_param(r, "code"));
}

static void org_create_finish(struct req *r, int rc, void *arg)
{
	struct org_create *oc = arg;
	if (rc) {
		api_problem(r, rc, &oc->p);
		return;
	}
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/orgs/%s", oc->in.code));
	reply_org(r, 201, oc->in.code);
}

void api_orgs_create(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct org_create *oc = arena_calloc(&r->arena, 1, sizeof(*oc));
	if (!oc) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	struct problem *p = &oc->p;
	const char *code = NULL, *name = NULL, *kind = NULL, *parent = NULL;
	int rc = json_get_string(body, "code", true, ORG_CODE_MAX, &code, p);
	if (!rc)
		rc = json_get_string(body, "name", true, ORG_NAME_MAX, &name, p);
	if (!rc)
		rc = json_get_string(body, "kind", true, 16, &kind, p);
	if (!rc)
		rc = json_get_string(body, "parent", false, ORG_CODE_MAX, &parent, p);
	if (!rc) {
		/* Copy out of the JSON document, which dies here. */
		oc->in.code = arena_strdup(&r->arena, code);
		oc->in.name = arena_strdup(&r->arena, name);
		oc->in.kind = arena_strdup(&r->arena, kind);
		oc->in.parent = parent ? arena_strdup(&r->arena, parent) : NULL;
		oc->who = api_principal(r);
		rc = detail_fields(r, body, &oc->in, p);
	}
	if (!rc) {
		rc = org_validate(&oc->in, p);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, p);
		return;
	}
	api_write(r, org_create_write, oc, org_create_finish);
}


/* ---- edit and move ---- */

struct org_change {
	struct req *r;
	const char *code;
	struct org_input in;
	const char *parent; /* move */
	struct problem p;
};

/* Inside a write: the org must exist and be inside the caller's subtree. */
static int org_reach(struct db_conn *c, struct org_change *x, unsigned roles, struct org *o)
{
	int rc = org_get(c, &x->r->arena, x->code, o);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such organisation.");
	if (rc)
		return problem_err(&x->p, rc);
	if (!principal_reaches(api_principal(x->r), roles, o->path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, NULL, "This organisation is outside your reach.");
	return ERR_OK;
}

static int org_update_write(struct db_conn *c, void *arg)
{
	struct org_change *x = arg;
	struct org o;
	int rc = org_reach(c, x, API_REGISTRARS, &o);
	return rc ? rc : org_update(c, &o, &x->in, &x->p);
}

static void org_change_finish(struct req *r, int rc, void *arg)
{
	struct org_change *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	reply_org(r, 200, x->code);
}

/* The start of the edit and move handlers: the request's state for the
 * {code} in the path and the decoded JSON body (the caller owns *body), or
 * NULL once the request is answered. */
static struct org_change *org_change_or_reply(struct req *r, json_t **body)
{
	*body = req_json_or_reply(r);
	if (!*body)
		return NULL;
	struct org_change *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(*body);
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	x->r = r;
	x->code = req_param(r, "code");
	return x;
}

void api_orgs_update(struct req *r)
{
	json_t *body;
	struct org_change *x = org_change_or_reply(r, &body);
	if (!x)
		return;
	const char *name = NULL;
	int rc = json_get_string(body, "name", false, ORG_NAME_MAX, &name, &x->p);
	if (!rc)
		rc = detail_fields(r, body, &x->in, &x->p);
	if (!rc && x->in.country)
		rc = problem_set(&x->p, P_IMMUTABLE, "country", "An organisation's country does not change.");
	if (!rc && (json_object_get(body, "code") || json_object_get(body, "kind") ||
		    json_object_get(body, "parent")))
		rc = problem_set(&x->p, P_IMMUTABLE, json_object_get(body, "parent") ? "parent" : "code", "Code and kind do not change; use /move for the parent.");
	x->in.name = name ? arena_strdup(&r->arena, name) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, org_update_write, x, org_change_finish);
}

static int org_move_write(struct db_conn *c, void *arg)
{
	struct org_change *x = arg;
	struct org o;
	int rc = org_reach(c, x, API_ORG_MANAGERS, &o);
	if (rc)
		return rc;
	/* The caller must reach the new parent too. */
	struct org np;
	rc = org_get(c, &x->r->arena, x->parent, &np);
	if (rc == ERR_OK && !principal_reaches(api_principal(x->r), API_ORG_MANAGERS, np.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "parent", "The new parent is outside your reach.");
	return org_move(c, &o, x->parent, api_principal(x->r)->user_id, &x->p);
}

void api_orgs_move(struct req *r)
{
	json_t *body;
	struct org_change *x = org_change_or_reply(r, &body);
	if (!x)
		return;
	const char *parent = NULL;
	int rc = json_get_string(body, "parent", true, ORG_CODE_MAX, &parent, &x->p);
	x->parent = parent ? arena_strdup(&r->arena, parent) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, org_move_write, x, org_change_finish);
}

/* ---- children and history ---- */

struct org_list {
	struct req *r;
	const char *code;
	struct org o;
	json_t *items;
	int64_t students;
};

static int org_children_read(struct db_conn *c, void *arg)
{
	struct org_list *x = arg;
	int rc = org_get(c, &x->r->arena, x->code, &x->o);
	if (rc)
		return rc;
	if (!principal_reaches(api_principal(x->r), API_STAFF, x->o.path))
		return ERR_NOTFOUND;
	struct db_res res;
	struct db_val v = DBV_INT(x->o.id);
	rc = db_query(c, Q_ORG_CHILDREN, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I}", "code", db_text(&res, 0, NULL),
				      "name", db_text(&res, 1, NULL), "kind", db_text(&res, 2, NULL),
				      "children", (json_int_t)db_int(&res, 6), "students",
				      (json_int_t)db_int(&res, 7));
		if (!j)
			continue;
		for (int col = 3; col <= 5; col++) {
			static const char *const keys[] = { "country", "level", "sector" };
			json_object_set_new(j, keys[col - 3],
					    db_null(&res, col) ? json_null()
							       : json_string(db_text(&res, col, NULL)));
		}
		json_array_append_new(x->items, j);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	struct db_val pv[] = { DBV_TEXT(x->o.path), DBV_TEXT(x->o.path) };
	rc = db_row(c, Q_ORG_COUNT_STUDENTS_SUBTREE, pv, 2, &res);
	if (!rc) {
		x->students = db_int(&res, 0);
		db_done(&res);
	}
	return rc;
}

void api_orgs_children(struct req *r)
{
	struct org_list x = { .r = r, .code = req_param(r, "code"), .items = json_array() };
	int rc = db_read(api_app(r)->db, org_children_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = org_json(&x.o);
	json_object_set_new(j, "students", json_integer(x.students));
	json_object_set_new(j, "items", x.items);
	res_json(r, 200, j);
}

static int org_history_read(struct db_conn *c, void *arg)
{
	struct org_list *x = arg;
	int rc = org_get(c, &x->r->arena, x->code, &x->o);
	if (rc)
		return rc;
	if (!principal_reaches(api_principal(x->r), API_STAFF, x->o.path))
		return ERR_NOTFOUND;
	struct db_res res;
	struct db_val v = DBV_INT(x->o.id);
	rc = db_query(c, Q_ORG_MOVES_OF, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		char when[32];
		time_iso8601(db_int(&res, 2), when, sizeof(when));
		json_t *j = json_pack("{s:s?, s:s, s:s}", "from",
				      db_null(&res, 0) ? NULL : db_text(&res, 0, NULL), "to",
				      db_text(&res, 1, NULL), "moved_at", when);
		if (j)
			json_array_append_new(x->items, j);
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

void api_orgs_history(struct req *r)
{
	struct org_list x = { .r = r, .code = req_param(r, "code"), .items = json_array() };
	int rc = db_read(api_app(r)->db, org_history_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = org_json(&x.o);
	json_object_set_new(j, "moves", x.items);
	res_json(r, 200, j);
}

/* ---- promotion ---- */

struct promote {
	struct req *r;
	const char *code;
	int from_year;
	int64_t *repeat;
	size_t nrepeat;
	struct promotion_result out;
	struct problem p;
};

static int promote_write(struct db_conn *c, void *arg)
{
	struct promote *x = arg;
	struct org_ref school;
	int rc = school_ref(c, x->code, &school, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	if (!principal_reaches(api_principal(x->r), API_REGISTRARS, school.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, NULL, "This school is outside your reach.");
	return enrolment_promote(c, &school, "IR", x->from_year, x->repeat, x->nrepeat, &x->out,
				 &x->p);
}

static void promote_finish(struct req *r, int rc, void *arg)
{
	struct promote *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_json(r, 200,
		 json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "school", x->code, "to_year",
			   arena_printf(&r->arena, "%d-%d", x->from_year + 1, x->from_year + 2),
			   "promoted", x->out.promoted, "repeated", x->out.repeated, "graduated",
			   x->out.graduated, "completed", x->out.completed));
}

void api_orgs_promote(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct promote *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	x->code = req_param(r, "code");
	const char *year = NULL;
	int rc = json_get_string(body, "from_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->from_year, &x->p);
	if (!rc)
		x->p.field = NULL;
	json_t *rep = json_object_get(body, "repeat");
	if (!rc && rep && !json_is_array(rep))
		rc = problem_set(&x->p, P_TYPE, "repeat", "repeat is a list of student ids.");
	if (!rc && rep) {
		x->nrepeat = json_array_size(rep);
		x->repeat = arena_calloc(&r->arena, x->nrepeat + 1, sizeof(int64_t));
		for (size_t i = 0; x->repeat && i < x->nrepeat; i++) {
			json_t *e = json_array_get(rep, i);
			if (!json_is_integer(e) || json_integer_value(e) <= 0) {
				rc = problem_set(&x->p, P_TYPE, "repeat", "repeat is a list of student ids.");
				break;
			}
			x->repeat[i] = json_integer_value(e);
		}
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, promote_write, x, promote_finish);
}
