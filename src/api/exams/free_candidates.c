/*
 * free_candidates.c: free candidates registered at a designated site.
 *
 *   POST /api/v1/exams/sessions/{id}/free-candidates   (Idempotency-Key)
 *        {"person": {"national_id","given_name","family_name","birth_date",
 *         "sex"} | "student": id, "site": "CODE", "track"?, "subjects": [...],
 *         "exemptions"?: [...], "category"?: "UT1"}
 *        201 {"registration": {...}, "person": {"id","created",
 *         "possible_duplicate"}, "account": {"username","code","issued"}}
 *
 * The rules are domain/exams/free_candidate.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "api/exams/review_json.h"
#include "domain/exams/free_candidate.h"
#include "domain/common/instant.h"

#define FREE_LIST_MAX 40

/* A string member copied into the arena (absent: *out stays NULL). */
static int member(struct req *r, json_t *obj, const char *key, const char *field, bool required,
		  size_t max, const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(obj, key, required, max, &s, p);
	if (rc && field)
		p->field = field;
	if (!rc && s && !(*out = arena_strdup(&r->arena, s)))
		rc = problem_err(p, ERR_NOMEM);
	return rc;
}

/* A list of codes into *out (strings in the arena). */
static int codes(struct req *r, json_t *body, const char *key, bool required, const char ***out,
		 int *n, struct problem *p)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return required ? problem_set(p, P_REQUIRED, key, NULL) : ERR_OK;
	if (!json_is_array(v))
		return problem_set(p, P_TYPE, key, "A list of codes.");
	size_t k = json_array_size(v);
	if (k > FREE_LIST_MAX)
		return problem_set(p, P_TOO_MANY, key, NULL);
	const char **items = arena_calloc(&r->arena, k + 1, sizeof(*items));
	if (!items)
		return problem_err(p, ERR_NOMEM);
	for (size_t i = 0; i < k; i++) {
		json_t *e = json_array_get(v, i);
		if (!json_is_string(e) || json_string_length(e) > 64)
			return problem_set(p, P_TYPE, arena_printf(&r->arena, "%s[%zu]", key, i),
					   "A code is a string.");
		if (!(items[i] = arena_strdup(&r->arena, json_string_value(e))))
			return problem_err(p, ERR_NOMEM);
	}
	*out = items;
	*n = (int)k;
	return ERR_OK;
}

static int create_decode(struct req *r, json_t *body, void *ctx)
{
	struct free_candidate_create *x = ctx;
	json_t *person = json_object_get(body, "person");
	json_t *student = json_object_get(body, "student");
	int rc = ERR_OK;
	if (student && !json_is_null(student)) {
		if (person && !json_is_null(person))
			return problem_set(&x->p, P_INVALID, "person",
					   "Give a person or a student's id, not both.");
		rc = json_get_int(body, "student", true, 1, INT64_MAX, &x->student, &x->p);
	} else if (!person || json_is_null(person)) {
		return problem_set(&x->p, P_REQUIRED, "person",
				   "Give the person's identity or a student's id.");
	} else if (!json_is_object(person)) {
		return problem_set(&x->p, P_TYPE, "person", "The person is an object.");
	} else {
		rc = member(r, person, "national_id", "person.national_id", true, 32,
			    &x->national_id, &x->p);
		if (!rc)
			rc = member(r, person, "given_name", "person.given_name", true, 100,
				    &x->given_name, &x->p);
		if (!rc)
			rc = member(r, person, "family_name", "person.family_name", true, 100,
				    &x->family_name, &x->p);
		if (!rc)
			rc = member(r, person, "birth_date", "person.birth_date", true, 32,
				    &x->birth_date, &x->p);
		if (!rc)
			rc = member(r, person, "sex", "person.sex", true, 16, &x->sex, &x->p);
	}
	if (!rc)
		rc = member(r, body, "site", NULL, true, 32, &x->site, &x->p);
	if (!rc)
		rc = member(r, body, "track", NULL, false, 64, &x->track, &x->p);
	if (!rc)
		rc = member(r, body, "category", NULL, false, 64, &x->category, &x->p);
	if (!rc)
		rc = codes(r, body, "subjects", true, &x->subjects, &x->nsubjects, &x->p);
	if (!rc)
		rc = codes(r, body, "exemptions", false, &x->exemptions, &x->nexemptions, &x->p);
	return rc;
}

static void create_finish(struct req *r, int rc, void *arg)
{
	struct free_candidate_create *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	json_t *j = json_object();
	json_t *account = json_pack("{s:s, s:b}", "username", x->username ? x->username : "",
				    "issued", x->account_created);
	if (account)
		json_object_set_new(account, "code",
				    x->account_created ? json_string(x->code) : json_null());
	json_t *person = json_pack("{s:I, s:b, s:b}", "id", (json_int_t)x->person_id, "created",
				   x->person_created, "possible_duplicate", x->flagged);
	json_object_set_new(j, "account", account);
	json_object_set_new(j, "person", person);
	json_object_set_new(j, "replayed", json_boolean(x->replayed));
	exams_registration_reply(r, 201, x->registration_id, j);
}

void api_exam_free_candidates_create(struct req *r)
{
	struct free_candidate_create *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->session_id))
		return;
	x->now_ms = time_now_ms(); /* the request's arrival */
	x->lang = language_pick(req_header(r, "Accept-Language"));
	x->by = api_actor(r);
	x->ttl = api_app(r)->cfg->code_ttl;
	const char *key = req_header(r, "Idempotency-Key");
	if (key && (!*key || strlen(key) > FREE_CANDIDATE_KEY_MAX)) {
		problem_set(&x->p, P_INVALID, "Idempotency-Key",
			    "An Idempotency-Key is 1 to 200 characters.");
		res_problem(r, &x->p);
		return;
	}
	x->key = key ? arena_strdup(&r->arena, key) : NULL;
	api_write_body(r, create_decode, x, &x->p, free_candidate_create_tx, create_finish);
}
