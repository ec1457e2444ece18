/*
 * accounts.c: accounts issued in bulk by a school.
 *
 *   POST /api/v1/orgs/{code}/accounts
 *        {"role": "guardian"|"student"|"candidate",
 *         "students": [ids] | "grade": N, "relation": "mother"...}
 *
 * One account per student, each with a one-time code: a guardian account is
 * linked to the child (guardians), a student or candidate account is the
 * person's own (users.person_id; a person who has one is skipped). All in
 * one write job, so the sheet is all or nothing. The answer is JSON, or the
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

#define BULK_MAX 5000

struct bulk {
	struct req *r;
	const struct principal *who;
	const char *code;
	struct bulk_request req;
	struct bulk_item *items;
	int n;
	struct problem p;
};

static int bulk_write(struct db_conn *c, void *arg)
{
	struct bulk *b = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(b->code);
	int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&b->p, P_NOT_FOUND, NULL, "No organisation has this code.");
	if (rc)
		return rc;
	b->req.school_id = db_int(&res, 0);
	bool school = !strcmp(db_text(&res, 3, NULL), "school");
	bool may = account_may_grant(b->who, b->req.role, db_text(&res, 5, NULL));
	db_done(&res);
	if (!may)
		return problem_set(&b->p, P_OUT_OF_SCOPE, NULL, "This school is outside your scope.");
	if (!school)
		return problem_set(&b->p, P_NOT_A_SCHOOL, NULL, "Accounts are issued by a school.");
	return account_bulk_issue(c, &b->r->arena, &b->req, &b->items, &b->n, &b->p);
}

/* A spreadsheet must not read a name as a formula. */
static void csv_field(struct buf *out, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	if (quote || formula)
		buf_append(out, "\"", 1);
	if (formula)
		buf_append(out, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_append(out, "\"", 1);
		buf_append(out, p, 1);
	}
	if (quote || formula)
		buf_append(out, "\"", 1);
}

static void reply_csv(struct req *r, struct bulk *b, const char *expires)
{
	struct buf out;
	buf_init(&out, 0);
	buf_printf(&out, "student,family_name,given_name,grade,username,code,expires_at\r\n");
	for (int i = 0; i < b->n; i++) {
		const struct bulk_item *it = &b->items[i];
		if (it->skipped)
			continue;
		buf_printf(&out, "%" PRId64 ",", it->student);
		csv_field(&out, it->family_name);
		buf_append(&out, ",", 1);
		csv_field(&out, it->given_name);
		buf_printf(&out, ",%" PRId64 ",%s,%s,%s\r\n", it->grade, it->username, it->code,
			   expires);
	}
	char *body = arena_alloc(&r->arena, out.len ? out.len : 1);
	if (!body) {
		buf_release(&out);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	memcpy(body, out.p, out.len);
	res_header(r, "Content-Disposition",
		   arena_printf(&r->arena, "attachment; filename=\"accounts-%s.csv\"", b->code));
	res_body(r, 201, "text/csv; charset=utf-8", body, out.len);
	buf_release(&out);
}

static void bulk_finish(struct req *r, int rc, void *arg)
{
	struct bulk *b = arg;
	if (rc) {
		api_problem(r, rc, &b->p);
		return;
	}
	char expires[32];
	time_iso8601(b->req.now + b->req.ttl, expires, sizeof(expires));
	const char *accept = req_header(r, "Accept");
	if (accept && strstr(accept, "text/csv")) {
		reply_csv(r, b, expires);
		return;
	}
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
	res_json(r, 201,
		 json_pack("{s:s, s:s, s:s, s:i, s:o, s:o}", "school", b->code, "role",
			   role_name(b->req.role), "expires_at", expires, "created", created,
			   "items", items, "skipped", skipped));
}

static bool relation_valid(const char *s)
{
	return !strcmp(s, "mother") || !strcmp(s, "father") || !strcmp(s, "guardian") ||
	       !strcmp(s, "other");
}

/* The "students" list into req->students (arena), or a problem. */
static int student_ids(struct req *r, json_t *students, struct bulk_request *req, struct problem *p)
{
	if (!json_is_array(students))
		return problem_set(p, P_TYPE, "students", "A list of student ids.");
	size_t n = json_array_size(students);
	if (n == 0 || n > BULK_MAX)
		return problem_set(p, P_OUT_OF_RANGE, "students", "Between 1 and 5000 students per request.");
	int64_t *ids = arena_calloc(&r->arena, n, sizeof(int64_t));
	if (!ids)
		return problem_err(p, ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(students, i);
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return problem_set(p, P_TYPE, "students", "A list of student ids.");
		ids[i] = json_integer_value(v);
	}
	req->students = ids;
	req->nstudents = (int)n;
	return ERR_OK;
}

void api_orgs_accounts(struct req *r)
{
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	struct bulk *b = arena_calloc(&r->arena, 1, sizeof(*b));
	if (!b) {
		json_decref(body);
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	struct problem p;
	const char *role = NULL, *relation = NULL;
	int rc = json_get_string(body, "role", true, 16, &role, &p);
	int parsed = rc ? -1 : role_parse(role);
	if (!rc && parsed != ROLE_GUARDIAN && parsed != ROLE_STUDENT && parsed != ROLE_CANDIDATE)
		rc = problem_set(&p, P_INVALID, "role", "Schools issue guardian, student or candidate accounts.");
	if (!rc)
		rc = json_get_string(body, "relation", false, 16, &relation, &p);
	if (!rc && relation && !relation_valid(relation))
		rc = problem_set(&p, P_INVALID, "relation", "A relation is mother, father, guardian or other.");
	json_t *students = rc ? NULL : json_object_get(body, "students");
	bool has_grade = !rc && json_object_get(body, "grade") &&
			 !json_is_null(json_object_get(body, "grade"));
	if (!rc && !students && !has_grade)
		rc = problem_set(&p, P_REQUIRED, "students", "Give the students' ids or a grade.");
	if (!rc && students && has_grade)
		rc = problem_set(&p, P_INVALID, "grade", "Give the students' ids or a grade, not both.");
	if (!rc && has_grade)
		rc = json_get_int(body, "grade", true, 0, 20, &b->req.grade, &p);
	if (!rc && students)
		rc = student_ids(r, students, &b->req, &p);
	if (!rc) {
		b->r = r;
		b->who = api_principal(r);
		b->code = req_param(r, "code");
		b->req.role = (enum role)parsed;
		b->req.relation = arena_strdup(&r->arena, relation ? relation : "guardian");
		b->req.created_by = b->who->user_id;
		b->req.now = time_now_unix();
		b->req.ttl = api_app(r)->cfg->code_ttl;
		b->req.max_items = BULK_MAX;
		if (!b->req.relation)
			rc = problem_err(&p, ERR_NOMEM);
	}
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &p);
		return;
	}
	api_write(r, bulk_write, b, bulk_finish);
}
