/*
 * orgs.c: POST /api/v1/orgs, GET /api/v1/orgs/{code}.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/api.h"
#include "domain/org.h"

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
				return problem_set(&oc->p, ERR_FORBIDDEN, "out_of_scope", "parent",
						   "You may only add organisations inside your own.");
		}
	} else if (!principal_reaches(oc->who, ROLE_BIT(ROLE_MINISTRY_ADMIN), "/")) {
		return problem_set(&oc->p, ERR_FORBIDDEN, "out_of_scope", "parent",
				   "Only a national administrator may add a ministry.");
	}
	return org_create(c, &oc->in, &oc->id, &oc->p);
}

static json_t *org_json(const struct org *o)
{
	return json_pack("{s:s, s:s, s:s, s:s?}", "code", o->code, "name", o->name, "kind", o->kind,
			 "parent", o->parent);
}

static void org_create_finish(struct req *r, int rc, void *arg)
{
	struct org_create *oc = arg;
	if (rc) {
		api_problem(r, rc, &oc->p);
		return;
	}
	struct org o = { .code = oc->in.code, .name = oc->in.name, .kind = oc->in.kind,
			 .parent = oc->in.parent };
	json_t *j = org_json(&o);
	json_object_set_new(j, "id", json_integer(oc->id));
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/orgs/%s", oc->in.code));
	res_json(r, 201, j);
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
		rc = org_validate(&oc->in, p);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, p);
		return;
	}
	api_write(r, org_create_write, oc, org_create_finish);
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

void api_orgs_get(struct req *r)
{
	struct org_get g = { .r = r, .code = req_param(r, "code") };
	int rc = db_read(api_app(r)->db, org_get_read, &g);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = org_json(&g.o);
	json_object_set_new(j, "id", json_integer(g.o.id));
	res_json(r, 200, j);
}
