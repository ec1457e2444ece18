/*
 * account.c: accounts as staff manage them (account.h): who may grant and
 * manage what, the stored account, its codes, password and second factor,
 * and a school's bulk issuing.
 */
#include "core/base.h"
#include "domain/access/grant.h"
#include "core/json.h"
#include "core/log.h"
#include "crypto/bytes.h"
#include "crypto/password.h"
#include "db/db.h"
#include "domain/access/account.h"
#include "domain/access/actor.h"
#include "domain/access/guardian.h"
#include "domain/access/user.h"

/* Lower is higher: the enum's order is the hierarchy, the three
 * personal roles rank together below teachers, and a support agent ranks
 * with teachers (a school admin may appoint one at the school). */
static int rank(enum role r)
{
	if (r == ROLE_SUPPORT_AGENT)
		return ROLE_TEACHER;
	return r > ROLE_GUARDIAN ? ROLE_GUARDIAN : (int)r;
}

/* The account managers' roles that rank at or above `role`. */
static unsigned granting_roles(enum role role)
{
	unsigned mask = 0;
	for (int r = 0; r < ROLE__COUNT; r++)
		if (rank((enum role)r) <= rank(role))
			mask |= ROLE_BIT(r);
	return mask & ACCOUNT_MANAGERS;
}

bool account_may_grant(const struct principal *who, enum role role, const char *org_path)
{
	return principal_reaches(who, granting_roles(role), org_path);
}

bool account_may_manage(const struct principal *who, const struct account *acc)
{
	if (acc->ngrants == 0)
		return account_may_grant(who, ROLE_MINISTRY_ADMIN, NULL);
	for (int i = 0; i < acc->ngrants; i++)
		if (!account_may_grant(who, acc->grants[i].role, acc->grants[i].org_path))
			return false;
	return true;
}

int account_password_validate(const char *password, const char *username, const char *field,
			      struct problem *p)
{
	const char *pw = password;
	size_t len = strlen(pw);
	if (len > PASSWORD_MAX_BYTES)
		return problem_set(p, P_TOO_LONG, field, "A password has at most 1024 bytes.");
	if (!utf8_valid(pw, len) || utf8_length(pw, len) < PASSWORD_MIN_CHARS)
		return problem_set(p, P_TOO_SHORT, field, "A password has at least 8 characters.");
	if (username && !strcmp(pw, username))
		return problem_set(p, P_SAME_AS_USERNAME, field,
				   "The password may not be the user name.");
	return ERR_OK;
}

/* The current row of the `account` columns into acc (strings in a); its
 * grants are read apart. */
static int account_read_row(struct db_res *res, struct arena *a, struct account *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->id = db_int(res, C_ACCOUNT__ID);
	acc->username = db_dup(res, C_ACCOUNT__USERNAME, a);
	acc->disabled = db_int(res, C_ACCOUNT__DISABLED) != 0;
	acc->must_change_password = db_int(res, C_ACCOUNT__MUST_CHANGE_PASSWORD) != 0;
	acc->totp_enabled = db_int(res, C_ACCOUNT__TOTP_ENABLED) != 0;
	acc->created_at = db_int(res, C_ACCOUNT__CREATED_AT);
	acc->person_id = db_int0(res, C_ACCOUNT__PERSON_ID);
	return acc->username ? ERR_OK : ERR_NOMEM;
}

int account_get(struct db_conn *c, struct arena *a, const char *username, struct account *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_ACCOUNT_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	rc = account_read_row(&res, a, out);
	db_done(&res);
	return rc ? rc : user_grants_read(c, a, out->id, out->grants, &out->ngrants);
}

int account_list(struct db_conn *c, struct arena *a, const char *path, int64_t after, int limit,
		 struct account *out, int *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(path), DBV_TEXT(path), DBV_INT(after), DBV_INT(limit)};
	int rc = db_query(c, Q_ACCOUNT_LIST_SUBTREE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	*n = 0;
	while (!rc && *n < limit && (step = db_next(&res)) == 1) {
		rc = account_read_row(&res, a, &out[*n]);
		(*n)++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	for (int i = 0; !rc && i < *n; i++)
		rc = user_grants_read(c, a, out[i].id, out[i].grants, &out[i].ngrants);
	return rc;
}

int account_insert(struct db_conn *c, const struct account_input *in, int64_t now, int64_t *id,
		   struct problem *p)
{
	struct db_val v[] = {DBV_TEXT(in->username),
			     DBV_TEXT(in->password_hash ? in->password_hash : ACCOUNT_NO_PASSWORD),
			     DBV_INT(now),
			     DBV_INT(in->must_change_password ? 1 : 0),
			     in->created_by ? DBV_INT(in->created_by) : DBV_NULL,
			     in->person_id ? DBV_INT(in->person_id) : DBV_NULL};
	struct db_res res;
	int rc = db_row(c, Q_ACCOUNT_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_USERNAME, "username", "This user name is taken.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_ACCOUNT_INSERT__ID);
	db_done(&res);
	struct db_val rv[] = {DBV_INT(*id), DBV_TEXT(role_name(in->role)),
			      in->org_id ? DBV_INT(in->org_id) : DBV_NULL, DBV_INT(now)};
	rc = db_exec(c, Q_USER_ROLE_INSERT, rv, 4, NULL);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int account_code_issue(struct db_conn *c, int64_t user_id, const char *username, int64_t created_by,
		       int64_t now, int64_t ttl, char code[CODE_TEXT_MAX])
{
	struct db_val ev[] = {DBV_INT(now), DBV_INT(user_id)};
	int rc = db_exec(c, Q_CODE_END_LIVE, ev, 2, NULL);
	if (rc)
		return rc;
	char canonical[CODE_CHARS + 1], hash[CODE_HASH_HEX];
	code_new(code);
	code_normalise(code, canonical);
	code_hash(username, canonical, hash);
	struct db_val v[] = {DBV_INT(user_id), DBV_TEXT(hash), DBV_INT(now),
			     created_by ? DBV_INT(created_by) : DBV_NULL, DBV_INT(now + ttl)};
	return db_exec(c, Q_CODE_INSERT, v, ARRAY_SIZE(v), NULL);
}

int account_code_redeem(struct db_conn *c, int64_t user_id, const char *username,
			const char *canonical, int64_t now)
{
	char hash[CODE_HASH_HEX];
	code_hash(username, canonical, hash);
	struct db_val v[] = {DBV_INT(now), DBV_INT(user_id), DBV_TEXT(hash), DBV_INT(now)};
	int changes = 0;
	int rc = db_exec(c, Q_CODE_CONSUME, v, ARRAY_SIZE(v), &changes);
	if (rc)
		return rc;
	return changes == 1 ? ERR_OK : ERR_UNAUTHORIZED;
}

int account_code_check(struct db_conn *c, int64_t user_id, const char *username,
		       const char *canonical, int64_t now)
{
	char hash[CODE_HASH_HEX];
	code_hash(username, canonical, hash);
	struct db_val v[] = {DBV_INT(user_id), DBV_TEXT(hash), DBV_INT(now)};
	struct db_res res;
	int rc = db_row(c, Q_CODE_LIVE, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_UNAUTHORIZED;
	if (rc == ERR_OK)
		db_done(&res);
	return rc;
}

int account_password_set(struct db_conn *c, int64_t user_id, const char *hash)
{
	struct db_val v[] = {DBV_TEXT(hash), DBV_INT(user_id)};
	return db_exec(c, Q_ACCOUNT_SET_PASSWORD, v, 2, NULL);
}

int account_set_disabled(struct db_conn *c, int64_t user_id, bool disabled)
{
	struct db_val v[] = {DBV_INT(disabled ? 1 : 0), DBV_INT(user_id)};
	return db_exec(c, Q_ACCOUNT_SET_DISABLED, v, 2, NULL);
}

int account_totp_store(struct db_conn *c, int64_t user_id, const char *sealed)
{
	struct db_val v[] = {DBV_TEXT(sealed), DBV_INT(user_id)};
	return db_exec(c, Q_ACCOUNT_TOTP_SET, v, 2, NULL);
}

int account_totp_get(struct db_conn *c, struct arena *a, int64_t user_id, const char **sealed,
		     bool *enabled)
{
	struct db_res res;
	struct db_val v = DBV_INT(user_id);
	int rc = db_row(c, Q_ACCOUNT_TOTP_SECRET, &v, 1, &res);
	if (rc)
		return rc;
	bool set = !db_null(&res, C_ACCOUNT_TOTP_SECRET__TOTP_SECRET);
	*sealed = set ? db_dup(&res, C_ACCOUNT_TOTP_SECRET__TOTP_SECRET, a) : NULL;
	*enabled = db_int(&res, C_ACCOUNT_TOTP_SECRET__TOTP_ENABLED) != 0;
	db_done(&res);
	return *sealed || !set ? ERR_OK : ERR_NOMEM;
}

int account_totp_enable(struct db_conn *c, int64_t user_id, bool on)
{
	struct db_val v[] = {DBV_INT(on ? 1 : 0), DBV_INT(user_id)};
	return db_exec(c, Q_ACCOUNT_TOTP_ENABLE, v, 2, NULL);
}

int account_totp_use_step(struct db_conn *c, int64_t user_id, int64_t step)
{
	struct db_val v[] = {DBV_INT(step), DBV_INT(user_id), DBV_INT(step)};
	int changes = 0;
	int rc = db_exec(c, Q_ACCOUNT_TOTP_STEP, v, 3, &changes);
	return rc ? rc : changes == 1 ? ERR_OK : ERR_UNAUTHORIZED;
}

/* ---- bulk issuing ---- */

/* "g1234-k7mq": the role's letter, the student id, four random letters, so
 * a second guardian of the same child gets a name of its own. */
static const char *bulk_username(struct arena *a, enum role role, int64_t student)
{
	static const char lower[] = "23456789abcdefghjkmnpqrstvwxyz";
	char suffix[5];
	for (int i = 0; i < 4; i++)
		suffix[i] = lower[bytes_random_below(sizeof(lower) - 1)];
	suffix[4] = '\0';
	const char *letter = role == ROLE_GUARDIAN ? "g" : role == ROLE_STUDENT ? "s" : "c";
	return arena_printf(a, "%s%" PRId64 "-%s", letter, student, suffix);
}

/* A student's or candidate's own account, if the person has one already:
 * the item is then skipped (its user name kept). */
static int bulk_own_account(struct db_conn *c, struct account_bulk *x, struct bulk_item *it,
			    bool *has)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(it->student), DBV_TEXT(role_name(x->parsed))};
	int rc = db_row(c, Q_BULK_HAS_ACCOUNT, v, ARRAY_SIZE(v), &res);
	*has = rc == ERR_OK;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	it->username = db_dup(&res, C_BULK_HAS_ACCOUNT__USERNAME, x->by->arena);
	it->skipped = "has_account";
	db_done(&res);
	return it->username ? ERR_OK : ERR_NOMEM;
}

/* One student's account, its guardian link and its code. */
static int bulk_one(struct db_conn *c, struct account_bulk *x, int64_t school_id,
		    struct bulk_item *it)
{
	bool guardian = x->parsed == ROLE_GUARDIAN, has = false;
	int rc = guardian ? ERR_OK : bulk_own_account(c, x, it, &has);
	if (rc || has)
		return problem_err(&x->p, rc);
	int64_t by = x->by->who->user_id;
	struct account_input in = {
		.username = bulk_username(x->by->arena, x->parsed, it->student),
		.role = x->parsed,
		.org_id = school_id,
		.person_id = guardian ? 0 : it->student,
		.created_by = by,
	};
	if (!in.username)
		return problem_err(&x->p, ERR_NOMEM);
	int64_t id = 0;
	rc = account_insert(c, &in, x->now, &id, &x->p);
	if (rc)
		return rc;
	if (guardian)
		rc = guardian_link_insert(c, it->student, id, x->relation, x->now, by);
	if (!rc)
		rc = account_code_issue(c, id, in.username, by, x->now, x->ttl, it->code);
	if (!rc)
		it->username = in.username;
	return problem_err(&x->p, rc);
}

/* The current row of the `bulk_student` columns into it (strings in a). */
static int bulk_student_read_row(struct db_res *res, struct arena *a, struct bulk_item *it)
{
	memset(it, 0, sizeof(*it));
	it->student = db_int(res, C_BULK_STUDENT__ID);
	it->given_name = db_dup(res, C_BULK_STUDENT__GIVEN_NAME, a);
	it->family_name = db_dup(res, C_BULK_STUDENT__FAMILY_NAME, a);
	it->grade = db_int(res, C_BULK_STUDENT__GRADE);
	return it->given_name && it->family_name ? ERR_OK : ERR_NOMEM;
}

/* The students listed by id, each enrolled at the school now. */
static int bulk_students_listed(struct db_conn *c, struct account_bulk *x, int64_t school_id)
{
	int rc = ERR_OK;
	for (int i = 0; i < x->nstudents && !rc; i++) {
		struct db_res res;
		struct db_val v[] = {DBV_INT(x->students[i]), DBV_INT(school_id)};
		rc = db_row(c, Q_BULK_STUDENT_AT, v, ARRAY_SIZE(v), &res);
		if (rc == ERR_NOTFOUND) {
			problem_set(&x->p, P_UNKNOWN_STUDENT, "students",
				    "A student is not enrolled at this school now.");
			x->p.ext_name = "student";
			x->p.ext_value = x->students[i];
			return ERR_INVALID;
		}
		if (rc)
			return problem_err(&x->p, rc);
		rc = bulk_student_read_row(&res, x->by->arena, &x->items[x->n++]);
		db_done(&res);
	}
	return problem_err(&x->p, rc);
}

/* The students of x->grade at the school, at most ACCOUNT_BULK_MAX. */
static int bulk_students_of_grade(struct db_conn *c, struct account_bulk *x, int64_t school_id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(school_id), DBV_INT(x->grade)};
	int rc = db_query(c, Q_BULK_STUDENTS_GRADE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n >= ACCOUNT_BULK_MAX) {
			db_done(&res);
			return problem_set(&x->p, P_TOO_MANY, "grade",
					   "Too many students for one request; "
					   "send lists of ids instead.");
		}
		rc = bulk_student_read_row(&res, x->by->arena, &x->items[x->n++]);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

/* What the request says, before anything is read: a role a school issues,
 * a relation, the students by id or by grade. */
static int bulk_check(struct account_bulk *x)
{
	int role = role_parse(x->role);
	if (role != ROLE_GUARDIAN && role != ROLE_STUDENT && role != ROLE_CANDIDATE)
		return problem_set(&x->p, P_INVALID, "role",
				   "Schools issue guardian, student or candidate accounts.");
	x->parsed = (enum role)role;
	x->relation = guardian_relation(x->relation ? x->relation : "guardian");
	if (!x->relation)
		return problem_set(&x->p, P_INVALID, "relation",
				   "A relation is mother, father, guardian or other.");
	if (!x->students && !x->by_grade)
		return problem_set(&x->p, P_REQUIRED, "students",
				   "Give the students' ids or a grade.");
	if (x->students && x->by_grade)
		return problem_set(&x->p, P_INVALID, "grade",
				   "Give the students' ids or a grade, not both.");
	return ERR_OK;
}

/* The school, which the caller may grant the role at. */
static int bulk_school(struct db_conn *c, struct account_bulk *x, int64_t *school_id)
{
	struct access_org_ref org;
	int rc = access_org_lookup(c, x->by->arena, x->school, &org);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No organisation has this code.");
	if (rc)
		return problem_err(&x->p, rc);
	if (!account_may_grant(x->by->who, x->parsed, org.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, NULL,
				   "This school is outside your scope.");
	if (!org.school)
		return problem_set(&x->p, P_NOT_A_SCHOOL, NULL, "Accounts are issued by a school.");
	*school_id = org.id;
	return ERR_OK;
}

int account_bulk_tx(struct db_conn *c, void *ctx)
{
	struct account_bulk *x = ctx;
	int64_t school_id = 0;
	int rc = bulk_check(x);
	if (!rc)
		rc = bulk_school(c, x, &school_id);
	if (rc)
		return rc;
	int cap = x->students ? x->nstudents : ACCOUNT_BULK_MAX;
	x->items = arena_calloc(x->by->arena, (size_t)cap + 1, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	x->n = 0;
	x->now = time_now_unix();
	rc = x->students ? bulk_students_listed(c, x, school_id)
			 : bulk_students_of_grade(c, x, school_id);
	for (int i = 0; !rc && i < x->n; i++)
		rc = bulk_one(c, x, school_id, &x->items[i]);
	return rc;
}
