#include "core/base.h"
#include "core/json.h"
#include "crypto/bytes.h"
#include "crypto/password.h"
#include "domain/access/account.h"

/* Lower is higher: the enum's order is the hierarchy, and the three
 * personal roles rank together below teachers. */
static int rank(enum role r)
{
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
		return problem_set(p, P_SAME_AS_USERNAME, field, "The password may not be the user name.");
	return ERR_OK;
}

static int read_grants(struct db_conn *c, struct arena *a, struct account *acc)
{
	struct db_res res;
	struct db_val v = DBV_INT(acc->id);
	int rc = db_query(c, Q_ACCOUNT_GRANTS, &v, 1, &res);
	int step = 0;
	acc->ngrants = 0;
	while (rc == ERR_OK && (step = db_next(&res)) == 1) {
		int role = role_parse(db_text(&res, 0, NULL));
		if (role < 0 || acc->ngrants >= PRINCIPAL_MAX_GRANTS)
			continue;
		struct account_grant *g = &acc->grants[acc->ngrants++];
		g->role = (enum role)role;
		g->org_path = db_null(&res, 1) ? NULL : arena_strdup(a, db_text(&res, 1, NULL));
		g->org_code = db_null(&res, 2) ? NULL : arena_strdup(a, db_text(&res, 2, NULL));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Columns: id, username, disabled, must_change_password, created_at, person_id. */
static void read_account(struct db_res *res, struct arena *a, struct account *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->id = db_int(res, 0);
	acc->username = arena_strdup(a, db_text(res, 1, NULL));
	acc->disabled = db_int(res, 2) != 0;
	acc->must_change_password = db_int(res, 3) != 0;
	acc->created_at = db_int(res, 4);
	acc->person_id = db_null(res, 5) ? 0 : db_int(res, 5);
}

int account_get(struct db_conn *c, struct arena *a, const char *username, struct account *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(username);
	int rc = db_row(c, Q_ACCOUNT_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	read_account(&res, a, out);
	db_done(&res);
	return out->username ? read_grants(c, a, out) : ERR_NOMEM;
}

int account_list(struct db_conn *c, struct arena *a, const char *path, int64_t after, int limit,
		 struct account *out, int *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(path), DBV_TEXT(path), DBV_INT(after), DBV_INT(limit)};
	int rc = db_query(c, Q_ACCOUNT_LIST_SUBTREE, v, 4, &res);
	int step = 0;
	*n = 0;
	while (rc == ERR_OK && *n < limit && (step = db_next(&res)) == 1) {
		read_account(&res, a, &out[*n]);
		out[*n].totp_enabled = db_int(&res, 6) != 0;
		(*n)++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	for (int i = 0; !rc && i < *n; i++)
		rc = read_grants(c, a, &out[i]);
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
	*id = db_int(&res, 0);
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
	*sealed = db_null(&res, 0) ? NULL : arena_strdup(a, db_text(&res, 0, NULL));
	*enabled = db_int(&res, 1) != 0;
	db_done(&res);
	return ERR_OK;
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

static int bulk_one(struct db_conn *c, struct arena *a, const struct bulk_request *req,
		    struct bulk_item *it, struct problem *p)
{
	int rc;
	if (req->role != ROLE_GUARDIAN) {
		/* One own account per person and role: reissue with a reset code. */
		struct db_res res;
		struct db_val v[] = {DBV_INT(it->student), DBV_TEXT(role_name(req->role))};
		rc = db_row(c, Q_BULK_HAS_ACCOUNT, v, 2, &res);
		if (rc == ERR_OK) {
			it->username = arena_strdup(a, db_text(&res, 0, NULL));
			it->skipped = "has_account";
			db_done(&res);
			return ERR_OK;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(p, rc);
	}
	struct account_input in = {
		.username = bulk_username(a, req->role, it->student),
		.role = req->role,
		.org_id = req->school_id,
		.person_id = req->role == ROLE_GUARDIAN ? 0 : it->student,
		.created_by = req->created_by,
	};
	if (!in.username)
		return problem_err(p, ERR_NOMEM);
	int64_t id = 0;
	rc = account_insert(c, &in, req->now, &id, p);
	if (rc)
		return rc;
	if (req->role == ROLE_GUARDIAN) {
		struct db_val gv[] = {DBV_INT(it->student), DBV_INT(id), DBV_TEXT(req->relation),
				      DBV_INT(req->now), DBV_INT(req->created_by)};
		rc = db_exec(c, Q_GUARDIAN_LINK_INSERT, gv, ARRAY_SIZE(gv), NULL);
		if (rc)
			return problem_err(p, rc);
	}
	rc = account_code_issue(c, id, in.username, req->created_by, req->now, req->ttl, it->code);
	if (rc)
		return problem_err(p, rc);
	it->username = in.username;
	return ERR_OK;
}

static void bulk_read_student(struct db_res *res, struct arena *a, struct bulk_item *it)
{
	memset(it, 0, sizeof(*it));
	it->student = db_int(res, 0);
	it->given_name = arena_strdup(a, db_text(res, 1, NULL));
	it->family_name = arena_strdup(a, db_text(res, 2, NULL));
	it->grade = db_int(res, 3);
}

int account_bulk_issue(struct db_conn *c, struct arena *a, const struct bulk_request *req,
		       struct bulk_item **items, int *n, struct problem *p)
{
	int cap = req->students ? req->nstudents : req->max_items;
	struct bulk_item *out = arena_calloc(a, (size_t)cap + 1, sizeof(*out));
	if (!out)
		return problem_err(p, ERR_NOMEM);
	int count = 0, rc = ERR_OK;
	if (req->students) {
		for (int i = 0; i < req->nstudents && !rc; i++) {
			struct db_res res;
			struct db_val v[] = {DBV_INT(req->students[i]), DBV_INT(req->school_id)};
			rc = db_row(c, Q_BULK_STUDENT_AT, v, 2, &res);
			if (rc == ERR_NOTFOUND) {
				problem_set(p, P_UNKNOWN_STUDENT, "students", "A student is not enrolled at this school now.");
				p->ext_name = "student";
				p->ext_value = req->students[i];
				return ERR_INVALID;
			}
			if (rc)
				return problem_err(p, rc);
			bulk_read_student(&res, a, &out[count++]);
			db_done(&res);
		}
	} else {
		struct db_res res;
		struct db_val v[] = {DBV_INT(req->school_id), DBV_INT(req->grade)};
		rc = db_query(c, Q_BULK_STUDENTS_GRADE, v, 2, &res);
		int step = 0;
		while (rc == ERR_OK && (step = db_next(&res)) == 1) {
			if (count >= cap) {
				db_done(&res);
				return problem_set(p, P_TOO_MANY, "grade", "Too many students for one request; "
						   "send lists of ids instead.");
			}
			bulk_read_student(&res, a, &out[count++]);
		}
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		if (rc)
			return problem_err(p, rc);
	}
	for (int i = 0; i < count; i++) {
		rc = bulk_one(c, a, req, &out[i], p);
		if (rc)
			return rc;
	}
	*items = out;
	*n = count;
	return ERR_OK;
}
