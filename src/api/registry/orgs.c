/*
 * orgs.c: the organisation tree over HTTP.
 *
 *   POST  /api/v1/orgs                        add (inside the caller's subtree)
 *   GET   /api/v1/orgs/{code}                 read
 *   PATCH /api/v1/orgs/{code}                 name and school details
 *   POST  /api/v1/orgs/{code}/move            under another parent; history kept
 *   GET   /api/v1/orgs/{code}/children        the level below, with counts
 *   GET   /api/v1/orgs/{code}/history         where it has been
 *   POST  /api/v1/orgs/{code}/promotions      end a school year at a school
 *
 * Who may change and read what is the domain's (src/domain/registry/org.h,
 * enrolment.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/registry/handlers.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/org.h"

/* ---- encoding ---- */

static json_t *org_json(const struct org *o)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}", "code", o->code, "name",
			 o->name, "kind", o->kind, "parent", o->parent, "country", o->country,
			 "address", o->address, "level", o->level, "sector", o->sector);
}

static json_t *child_json(const struct org_child *k)
{
	return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:I, s:I}", "code", k->code, "name",
			 k->name, "kind", k->kind, "country", k->country, "level", k->level,
			 "sector", k->sector, "children", (json_int_t)k->children, "students",
			 (json_int_t)k->students);
}

static json_t *move_json(const struct org_move_entry *m)
{
	char when[32];
	time_iso8601(m->moved_at, when, sizeof(when));
	return json_pack("{s:s?, s:s, s:s}", "from", m->from, "to", m->to, "moved_at", when);
}

/* Answer with the org as stored now. */
static void reply_org(struct req *r, int status, const char *code)
{
	struct org o;
	int rc = org_load(api_app(r)->db, &r->arena, code, &o);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = org_json(&o);
	json_object_set_new(j, "id", json_integer(o.id));
	api_json(r, status, j);
}

/* ---- decoding ---- */

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

/* The fields of a new org, copied out of the JSON document (which dies
 * before the write). */
static int create_fields(struct req *r, json_t *body, struct org_input *in, struct problem *p)
{
	const char *code = NULL, *name = NULL, *kind = NULL, *parent = NULL;
	int rc = json_get_string(body, "code", true, ORG_CODE_MAX, &code, p);
	if (!rc)
		rc = json_get_string(body, "name", true, ORG_NAME_MAX, &name, p);
	if (!rc)
		rc = json_get_string(body, "kind", true, 16, &kind, p);
	if (!rc)
		rc = json_get_string(body, "parent", false, ORG_CODE_MAX, &parent, p);
	if (rc)
		return rc;
	in->code = arena_strdup(&r->arena, code);
	in->name = arena_strdup(&r->arena, name);
	in->kind = arena_strdup(&r->arena, kind);
	in->parent = parent ? arena_strdup(&r->arena, parent) : NULL;
	return detail_fields(r, body, in, p);
}

/* ---- add, read ---- */

static void create_finish(struct req *r, int rc, void *arg)
{
	struct org_create *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/orgs/%s", x->in.code));
	reply_org(r, 201, x->in.code);
}

/* The body of an add: the new organisation, validated. */
static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct org_create *x = ctx;
	int rc = create_fields(r, body, &x->in, &x->p);
	if (!rc)
		rc = org_validate(&x->in, &x->p);
	return rc;
}

void api_orgs_create(struct req *r)
{
	struct org_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	api_write_body(r, create_decode, x, &x->p, org_create_tx, create_finish);
}

void api_orgs_get(struct req *r)
{
	reply_org(r, 200, req_param(r, "code"));
}

/* ---- edit and move ---- */

static void update_finish(struct req *r, int rc, void *arg)
{
	struct org_update *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_org(r, 200, x->code);
}

/* The body of an edit: name and details; code, kind, parent and country
 * do not change here. */
static int update_decode(struct req *r, json_t *body, void *ctx)
{
	struct org_update *x = ctx;
	const char *name = NULL;
	int rc = json_get_string(body, "name", false, ORG_NAME_MAX, &name, &x->p);
	if (!rc)
		rc = detail_fields(r, body, &x->in, &x->p);
	if (!rc && x->in.country)
		rc = problem_set(&x->p, P_IMMUTABLE, "country",
				 "An organisation's country does not change.");
	if (!rc && (json_object_get(body, "code") || json_object_get(body, "kind") ||
		    json_object_get(body, "parent")))
		rc = problem_set(&x->p, P_IMMUTABLE,
				 json_object_get(body, "parent") ? "parent" : "code",
				 "Code and kind do not change; use /move for the parent.");
	x->in.name = name ? arena_strdup(&r->arena, name) : NULL;
	return rc;
}

void api_orgs_update(struct req *r)
{
	struct org_update *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->code = req_param(r, "code");
	api_write_body(r, update_decode, x, &x->p, org_update_tx, update_finish);
}

static void move_finish(struct req *r, int rc, void *arg)
{
	struct org_move *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		reply_org(r, 200, x->code);
}

/* The body of a move: the new parent's code. */
static int move_decode(struct req *r, json_t *body, void *ctx)
{
	struct org_move *x = ctx;
	const char *parent = NULL;
	int rc = json_get_string(body, "parent", true, ORG_CODE_MAX, &parent, &x->p);
	x->parent = parent ? arena_strdup(&r->arena, parent) : NULL;
	return rc;
}

void api_orgs_move(struct req *r)
{
	struct org_move *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->code = req_param(r, "code");
	api_write_body(r, move_decode, x, &x->p, org_move_tx, move_finish);
}

/* ---- children and history ---- */

void api_orgs_children(struct req *r)
{
	struct org_listing x;
	int rc = org_children_read(api_app(r)->db, api_actor(r), req_param(r, "code"), &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < x.nchildren; i++)
		json_array_append_new(items, child_json(&x.children[i]));
	json_t *j = org_json(&x.org);
	json_object_set_new(j, "students", json_integer(x.students));
	json_object_set_new(j, "items", items);
	api_json(r, 200, j);
}

void api_orgs_history(struct req *r)
{
	struct org_listing x;
	int rc = org_history_read(api_app(r)->db, api_actor(r), req_param(r, "code"), &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *moves = json_array();
	for (size_t i = 0; i < x.nmoves; i++)
		json_array_append_new(moves, move_json(&x.moves[i]));
	json_t *j = org_json(&x.org);
	json_object_set_new(j, "moves", moves);
	api_json(r, 200, j);
}

/* ---- promotion ---- */

static void promote_finish(struct req *r, int rc, void *arg)
{
	struct school_promote *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 200,
		 json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "school", x->school, "to_year",
			   arena_printf(&r->arena, "%d-%d", x->from_year + 1, x->from_year + 2),
			   "promoted", x->out.promoted, "repeated", x->out.repeated, "graduated",
			   x->out.graduated, "completed", x->out.completed));
}

/* The body's "repeat": a list of student ids, into the arena. */
static int repeat_field(struct req *r, json_t *body, struct school_promote *x)
{
	json_t *rep = json_object_get(body, "repeat");
	if (!rep)
		return ERR_OK;
	if (!json_is_array(rep))
		return problem_set(&x->p, P_TYPE, "repeat", "repeat is a list of student ids.");
	size_t n = json_array_size(rep);
	int64_t *ids = arena_calloc(&r->arena, n + 1, sizeof(int64_t));
	if (!ids)
		return problem_err(&x->p, ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(rep, i);
		if (!json_is_integer(e) || json_integer_value(e) <= 0)
			return problem_set(&x->p, P_TYPE, "repeat",
					   "repeat is a list of student ids.");
		ids[i] = json_integer_value(e);
	}
	x->repeat = ids;
	x->nrepeat = n;
	return ERR_OK;
}

/* The body of a promotion: the year promoted from and who repeats it. */
static int promote_decode(struct req *r, json_t *body, void *ctx)
{
	struct school_promote *x = ctx;
	const char *year = NULL;
	int rc = json_get_string(body, "from_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->from_year, &x->p);
	if (!rc)
		rc = repeat_field(r, body, x);
	return rc;
}

void api_orgs_promote(struct req *r)
{
	struct school_promote *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->school = req_param(r, "code");
	api_write_body(r, promote_decode, x, &x->p, school_promote_tx, promote_finish);
}
