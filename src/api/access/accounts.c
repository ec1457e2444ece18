/*
 * accounts.c: accounts issued in bulk by a school.
 *
 *   POST /api/v1/orgs/{code}/accounts
 *        {"role": "guardian"|"student"|"candidate",
 *         "students": [ids] | "grade": N, "relation": "mother"...}
 *
 * One account per student, each with a one-time code: a guardian account is
 * linked to the child (guardians), a student or candidate account is the
 * person's own (users.person_id; a person who has one is skipped), all in
 * one write job (domain/access/account.h). The answer is JSON, or the
 * printable CSV sheet when the client asks for text/csv. Codes are hashed
 * with BLAKE2b (random codes need no Argon2id), so a thousand accounts take
 * milliseconds of CPU.
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/access/handlers.h"
#include "domain/access/account.h"

/* A spreadsheet must not read a name as a formula. Returns ERR_OK or the
 * first buf_* failure (the sheet is then incomplete). */
static int csv_field(struct buf *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	int rc = ERR_OK;
	if (quote || formula)
		rc = buf_append(out, "\"", 1);
	if (!rc && formula)
		rc = buf_append(out, "'", 1);
	for (const char *p = s; !rc && *p; p++) {
		if (*p == '"')
			rc = buf_append(out, "\"", 1);
		if (!rc)
			rc = buf_append(out, p, 1);
	}
	if (!rc && (quote || formula))
		rc = buf_append(out, "\"", 1);
	return rc;
}

/* The sheet, all of it or a problem: never a truncated sheet with 201. */
static void reply_csv(struct req *r, struct account_bulk *b, const char *expires)
{
	struct buf out;
	buf_init(&out, 0);
	int rc = buf_printf(&out,
			    "student,family_name,given_name,grade,username,code,expires_at\r\n");
	for (int i = 0; !rc && i < b->n; i++) {
		const struct bulk_item *it = &b->items[i];
		if (it->skipped)
			continue;
		rc = buf_printf(&out, "%" PRId64 ",", it->student);
		if (!rc)
			rc = csv_field(&out, it->family_name);
		if (!rc)
			rc = buf_append(&out, ",", 1);
		if (!rc)
			rc = csv_field(&out, it->given_name);
		if (!rc)
			rc = buf_printf(&out, ",%" PRId64 ",%s,%s,%s\r\n", it->grade, it->username,
					it->code, expires);
	}
	char *body = rc ? NULL : arena_alloc(&r->arena, out.len ? out.len : 1);
	const char *disposition =
		body ? arena_printf(&r->arena, "attachment; filename=\"accounts-%s.csv\"",
				    b->school)
		     : NULL;
	if (!disposition) {
		buf_release(&out);
		api_problem(r, rc && rc != ERR_NOMEM ? rc : ERR_NOMEM, NULL);
		return;
	}
	memcpy(body, out.p, out.len);
	res_header(r, "Content-Disposition", disposition);
	res_body(r, 201, "text/csv; charset=utf-8", body, out.len);
	buf_release(&out);
}

static json_t *bulk_json(const struct account_bulk *b, const char *expires)
{
	json_t *items = json_array(), *skipped = json_array();
	int created = 0;
	for (int i = 0; i < b->n; i++) {
		const struct bulk_item *it = &b->items[i];
		if (it->skipped) {
			json_array_append_new(skipped,
					      json_pack("{s:I, s:s, s:s}", "student",
							(json_int_t)it->student, "username",
							it->username, "reason", it->skipped));
			continue;
		}
		created++;
		json_array_append_new(items,
				      json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}", "student",
						(json_int_t)it->student, "family_name",
						it->family_name, "given_name", it->given_name,
						"grade", (json_int_t)it->grade, "username",
						it->username, "code", it->code));
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "school", b->school, "role",
			 role_name(b->parsed), "expires_at", expires, "created", created, "items",
			 items, "skipped", skipped);
}

static void bulk_finish(struct req *r, int rc, void *arg)
{
	struct account_bulk *b = arg;
	if (rc) {
		api_problem(r, rc, &b->p);
		return;
	}
	char expires[32];
	time_iso8601(b->now + b->ttl, expires, sizeof(expires));
	const char *accept = req_header(r, "Accept");
	if (accept && strstr(accept, "text/csv"))
		reply_csv(r, b, expires);
	else
		api_json(r, 201, bulk_json(b, expires));
}

/* The "students" list into b->students (arena), or a problem. */
static int student_ids(struct req *r, json_t *students, struct account_bulk *b)
{
	if (!json_is_array(students))
		return problem_set(&b->p, P_TYPE, "students", "A list of student ids.");
	size_t n = json_array_size(students);
	if (n == 0 || n > ACCOUNT_BULK_MAX)
		return problem_set(&b->p, P_OUT_OF_RANGE, "students",
				   "Between 1 and 5000 students per request.");
	int64_t *ids = arena_calloc(&r->arena, n, sizeof(int64_t));
	if (!ids)
		return problem_err(&b->p, ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(students, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return problem_set(&b->p, P_TYPE, "students", "A list of student ids.");
		ids[i] = json_integer_value(v);
	}
	b->students = ids;
	b->nstudents = (int)n;
	return ERR_OK;
}

/* The body into b: the role, the relation, the students or a grade. */
static int bulk_decode(struct req *r, json_t *body, struct account_bulk *b)
{
	const char *role = NULL, *relation = NULL;
	int rc = json_get_string(body, "role", true, 16, &role, &b->p);
	if (!rc)
		rc = json_get_string(body, "relation", false, 16, &relation, &b->p);
	json_t *students = json_object_get(body, "students"),
	       *grade = json_object_get(body, "grade");
	b->by_grade = grade && !json_is_null(grade);
	if (!rc && b->by_grade)
		rc = json_get_int(body, "grade", true, 0, 20, &b->grade, &b->p);
	if (!rc && students)
		rc = student_ids(r, students, b);
	if (!rc) {
		b->role = arena_strdup(&r->arena, role);
		b->relation = relation ? arena_strdup(&r->arena, relation) : NULL;
		if (!b->role || (relation && !b->relation))
			rc = problem_err(&b->p, ERR_NOMEM);
	}
	return rc;
}

void api_orgs_accounts(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct account_bulk *b = arena_calloc(&r->arena, 1, sizeof(*b));
	int rc = b && (b->by = api_actor(r)) ? bulk_decode(r, body, b) : ERR_NOMEM;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, b ? &b->p : NULL);
		return;
	}
	b->school = req_param(r, "code");
	b->ttl = api_app(r)->cfg->code_ttl;
	api_write(r, account_bulk_tx, b, bulk_finish);
}
