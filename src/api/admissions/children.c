/*
 * children.c: a new child registered from home.
 *
 *   POST /api/v1/admissions/rounds/{id}/children   a guardian, while the round is open;
 *                                                  takes Idempotency-Key
 *
 * The rules are domain/admissions/child.h's. The answer is the child as the
 * registry shows it (GET /api/v1/students/{id}), without its review flag:
 * that a likely duplicate exists is the school's business.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/admissions/handlers.h"
#include "api/registry/handlers.h"
#include "domain/admissions/child.h"
#include "domain/registry/student.h"

static void create_finish(struct req *r, int rc, void *arg)
{
	struct child_create *x = arg;
	struct student s;
	if (!rc)
		rc = student_load(api_app(r)->db, &r->arena, x->id, &s);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_header(r, "Location", arena_printf(&r->arena, "/api/v1/students/%" PRId64, x->id));
	json_t *j = api_student_json(&r->arena, &s);
	if (j) {
		json_object_del(j, "review");
		json_object_set_new(j, "round", json_integer(x->round_id));
	}
	api_json(r, 201, j);
}

/* A string member copied into the arena (NULL when absent). */
static int member(struct req *r, json_t *body, const char *key, bool required, size_t max,
		  const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(body, key, required, max, &s, p);
	if (!rc && s && !(*out = arena_strdup(&r->arena, s)))
		rc = problem_err(p, ERR_NOMEM);
	return rc;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct child_create *x = ctx;
	int rc = member(r, body, "given_name", true, STUDENT_NAME_MAX, &x->given_name, &x->p);
	if (!rc)
		rc = member(r, body, "family_name", true, STUDENT_NAME_MAX, &x->family_name, &x->p);
	if (!rc)
		rc = member(r, body, "birth_date", true, 32, &x->birth_date, &x->p);
	if (!rc)
		rc = member(r, body, "sex", true, 16, &x->sex, &x->p);
	if (!rc)
		rc = member(r, body, "national_id", false, 32, &x->national_id, &x->p);
	if (!rc)
		rc = member(r, body, "relation", true, 16, &x->relation, &x->p);
	return rc;
}

void api_children_create(struct req *r)
{
	struct child_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->round_id))
		return;
	x->by = api_actor(r);
	if (!api_idempotency_key_or_reply(r, CHILD_KEY_MAX, &x->key))
		return;
	api_write_body(r, create_decode, x, &x->p, child_create_tx, create_finish);
}
