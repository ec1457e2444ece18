#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/registry/org.h"

static const char *const kinds[] = { "ministry", "province", "district", "school" };

static int kind_level(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kind && !strcmp(kind, kinds[i]))
			return (int)i;
	return -1;
}

static bool code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ORG_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			return false;
	}
	return true;
}

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* The details any org may carry, and those only schools may. */
static int org_validate_details(const struct org_input *in, bool school, struct problem *p)
{
	static const char *const countries[] = { "IR", "VN" };
	static const char *const levels[] = { "primary", "lower_secondary", "upper_secondary" };
	static const char *const sectors[] = { "public", "private" };
	if (in->country && !one_of(in->country, countries, ARRAY_SIZE(countries)))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	if (in->address && utf8_length(in->address, strlen(in->address)) > 500)
		return problem_set(p, P_TOO_LONG, "address", "An address has at most 500 characters.");
	if (in->level && !school)
		return problem_set(p, P_INVALID, "level", "Only schools have a level.");
	if (in->level && !one_of(in->level, levels, ARRAY_SIZE(levels)))
		return problem_set(p, P_INVALID, "level", "Level is primary, lower_secondary or upper_secondary.");
	if (in->sector && !school)
		return problem_set(p, P_INVALID, "sector", "Only schools have a sector.");
	if (in->sector && !one_of(in->sector, sectors, ARRAY_SIZE(sectors)))
		return problem_set(p, P_INVALID, "sector", "Sector is public or private.");
	return ERR_OK;
}

int org_validate(const struct org_input *in, struct problem *p)
{
	if (!in->code || !*in->code)
		return problem_set(p, P_REQUIRED, "code", "An organisation needs a code.");
	if (!code_valid(in->code))
		return problem_set(p, P_INVALID, "code", "A code has 1 to 32 letters A-Z, digits, '-', '_' or '.'.");
	if (!in->name || !*in->name)
		return problem_set(p, P_REQUIRED, "name", "An organisation needs a name.");
	if (!utf8_valid(in->name, strlen(in->name)))
		return problem_set(p, P_INVALID, "name", "A name must be valid UTF-8.");
	if (utf8_length(in->name, strlen(in->name)) > ORG_NAME_MAX)
		return problem_set(p, P_TOO_LONG, "name", "A name has at most 200 characters.");
	int level = kind_level(in->kind);
	if (level < 0)
		return problem_set(p, P_INVALID, "kind", "Kind is one of ministry, province, district, school.");
	if (level == 0 && in->parent)
		return problem_set(p, P_INVALID, "parent", "A ministry has no parent.");
	if (level > 0 && !in->parent)
		return problem_set(p, P_REQUIRED, "parent", "This kind of organisation needs a parent.");
	if (in->parent && !code_valid(in->parent))
		return problem_set(p, P_UNKNOWN_PARENT, "parent", "No organisation has this parent code.");
	return org_validate_details(in, level == 3, p);
}

int org_create(struct db_conn *c, const struct org_input *in, int64_t *id, struct problem *p)
{
	int rc = org_validate(in, p);
	if (rc)
		return rc;
	int level = kind_level(in->kind);
	int64_t parent_id = 0;
	char parent_path[512] = "/";
	char country[3] = "";
	if (in->country)
		snprintf(country, sizeof(country), "%s", in->country);
	if (in->parent) {
		struct db_res res;
		struct db_val v = DBV_TEXT(in->parent);
		rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(p, P_UNKNOWN_PARENT, "parent", "No organisation has this parent code.");
		if (rc)
			return problem_err(p, rc);
		parent_id = db_int(&res, 0);
		int parent_level = kind_level(db_text(&res, 3, NULL));
		if (!country[0] && !db_null(&res, 8))
			snprintf(country, sizeof(country), "%s", db_text(&res, 8, NULL));
		size_t plen;
		const char *path = db_text(&res, 5, &plen);
		if (plen < sizeof(parent_path) - 24)
			memcpy(parent_path, path, plen + 1);
		db_done(&res);
		if (plen >= sizeof(parent_path) - 24)
			return problem_set(p, P_ORG_TOO_DEEP, "parent", "The hierarchy is too deep.");
		if (parent_level != level - 1)
			return problem_set(p, P_WRONG_PARENT_KIND, "parent", "The parent must be one level up: a province under a "
					   "ministry, a district under a province, a school "
					   "under a district.");
	}
	int64_t now = time_now_unix();
	struct db_val v[] = { DBV_TEXT(in->code), DBV_TEXT(in->name), DBV_TEXT(in->kind),
			      parent_id ? DBV_INT(parent_id) : DBV_NULL, DBV_INT(now),
			      DBV_INT(now) };
	struct db_res res;
	rc = db_row(c, Q_ORG_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_CODE, "code", "Another organisation already has this code.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	char path[560];
	snprintf(path, sizeof(path), "%s%" PRId64 "/", parent_path, *id);
	struct db_val pv[] = { DBV_TEXT(path), DBV_INT(*id) };
	rc = db_exec(c, Q_ORG_SET_PATH, pv, 2, NULL);
	if (!rc) {
		struct db_val dv[] = { country[0] ? DBV_TEXT(country) : DBV_NULL,
				       dbv_text_or_null(in->address), dbv_text_or_null(in->level),
				       dbv_text_or_null(in->sector), DBV_INT(now), DBV_INT(*id) };
		rc = db_exec(c, Q_ORG_SET_DETAILS, dv, ARRAY_SIZE(dv), NULL);
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

static const char *opt_text(struct arena *a, struct db_res *res, int col)
{
	return db_null(res, col) ? NULL : arena_strdup(a, db_text(res, col, NULL));
}

int org_get(struct db_conn *c, struct arena *a, const char *code, struct org *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (rc)
		return rc;
	out->country = opt_text(a, &res, 8);
	out->address = opt_text(a, &res, 9);
	out->level = opt_text(a, &res, 10);
	out->sector = opt_text(a, &res, 11);
	out->parent_id = db_null(&res, 12) ? 0 : db_int(&res, 12);
	out->id = db_int(&res, 0);
	out->code = arena_strdup(a, db_text(&res, 1, NULL));
	out->name = arena_strdup(a, db_text(&res, 2, NULL));
	out->kind = arena_strdup(a, db_text(&res, 3, NULL));
	out->parent = db_null(&res, 4) ? NULL : arena_strdup(a, db_text(&res, 4, NULL));
	out->path = arena_strdup(a, db_text(&res, 5, NULL));
	out->created_at = db_int(&res, 6);
	out->updated_at = db_int(&res, 7);
	db_done(&res);
	if (!out->code || !out->name || !out->kind || !out->path)
		return ERR_NOMEM;
	return ERR_OK;
}

int org_update(struct db_conn *c, const struct org *cur, const struct org_input *in,
	       struct problem *p)
{
	struct org_input next = {
		.code = cur->code,
		.name = in->name ? in->name : cur->name,
		.kind = cur->kind,
		.parent = cur->parent,
		.country = cur->country,
		.address = in->address ? in->address : cur->address,
		.level = in->level ? in->level : cur->level,
		.sector = in->sector ? in->sector : cur->sector,
	};
	int rc = org_validate(&next, p);
	if (rc)
		return rc;
	struct db_val v[] = { DBV_TEXT(next.name),	    dbv_text_or_null(next.address),
			      dbv_text_or_null(next.level), dbv_text_or_null(next.sector),
			      DBV_INT(time_now_unix()),	    DBV_INT(cur->id) };
	rc = db_exec(c, Q_ORG_UPDATE, v, ARRAY_SIZE(v), NULL);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int org_move(struct db_conn *c, const struct org *cur, const char *parent, int64_t by_user,
	     struct problem *p)
{
	int level = kind_level(cur->kind);
	if (level <= 0)
		return problem_set(p, P_INVALID, "parent", "A ministry cannot move.");
	struct db_res res;
	struct db_val v = DBV_TEXT(parent);
	int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_PARENT, "parent", "No organisation has this parent code.");
	if (rc)
		return problem_err(p, rc);
	int64_t parent_id = db_int(&res, 0);
	int parent_level = kind_level(db_text(&res, 3, NULL));
	char parent_path[512];
	snprintf(parent_path, sizeof(parent_path), "%s", db_text(&res, 5, NULL));
	db_done(&res);
	if (parent_level != level - 1)
		return problem_set(p, P_WRONG_PARENT_KIND, "parent", "The new parent must be one level up.");
	if (parent_id == cur->parent_id)
		return problem_set(p, P_SAME_PARENT, "parent", "The organisation is already there.");
	char new_path[600];
	snprintf(new_path, sizeof(new_path), "%s%" PRId64 "/", parent_path, cur->id);
	int64_t now = time_now_unix();
	struct db_val mv[] = { DBV_INT(parent_id), DBV_INT(now), DBV_INT(cur->id) };
	rc = db_exec(c, Q_ORG_MOVE, mv, 3, NULL);
	/* The subtree's paths: replace the old prefix with the new one. */
	struct db_val pv[] = { DBV_TEXT(new_path), DBV_TEXT(cur->path), DBV_TEXT(cur->path),
			       DBV_TEXT(cur->path) };
	if (!rc)
		rc = db_exec(c, Q_ORG_REPATH_SUBTREE, pv, 4, NULL);
	struct db_val rv[] = { DBV_INT(cur->id),
			       cur->parent_id ? DBV_INT(cur->parent_id) : DBV_NULL,
			       DBV_INT(parent_id), DBV_INT(now),
			       by_user ? DBV_INT(by_user) : DBV_NULL };
	if (!rc)
		rc = db_exec(c, Q_ORG_MOVE_RECORD, rv, 5, NULL);
	return rc ? problem_err(p, rc) : ERR_OK;
}
