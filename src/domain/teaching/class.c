#include "core/base.h"
#include "core/json.h"
#include "domain/teaching/class.h"

int class_access(struct db_conn *c, const struct principal *p, const struct class_ref *cls,
		 enum class_act act, int64_t teacher_id, struct access_decision *d,
		 struct problem *pr)
{
	struct access_decision own;
	if (!d)
		d = &own;
	struct access_class k = { .id = cls->id, .school_path = cls->path,
				  .homeroom_id = cls->homeroom_id,
				  .subject_teacher_id = teacher_id };
	int rc = access_class(c, p, (enum access_class_act)act, &k, d);
	if (rc)
		return problem_err(pr, rc);
	if (d->allowed)
		return ERR_OK;
	if (!d->visible)
		return problem_set(pr, P_NOT_FOUND, NULL, "No such class.");
	return problem_set(pr, P_FORBIDDEN, NULL, act == CLASS_GRADE ? "Only the subject's teacher and the school's "
						"administration enter these grades."
			   : act == CLASS_ATTEND
				   ? "Only the class's teachers and the school's administration "
				     "take its attendance."
			   : act == CLASS_READ
				   ? "Only the class's teachers and the school's administration "
				     "see this class."
				   : "Only the school's administration manages classes.");
}

static const char *dup_col(struct arena *a, struct db_res *res, int col)
{
	if (db_null(res, col))
		return NULL;
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

int class_read_row(struct db_res *res, struct arena *a, struct class_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, 0);
	out->org_id = db_int(res, 1);
	out->school_year = (int)db_int(res, 2);
	out->grade = (int)db_int(res, 3);
	out->name = dup_col(a, res, 4);
	out->homeroom_id = db_null(res, 5) ? 0 : db_int(res, 5);
	out->school = dup_col(a, res, 6);
	out->path = dup_col(a, res, 7);
	out->country = dup_col(a, res, 8);
	out->level = dup_col(a, res, 9);
	out->homeroom = dup_col(a, res, 10);
	out->policy = policy_for_school(out->country, out->level);
	return out->name && out->school && out->path ? ERR_OK : ERR_NOMEM;
}

int class_get(struct db_conn *c, struct arena *a, int64_t id, struct class_ref *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_CLASS_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = class_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int class_name_check(const char *name, struct problem *p)
{
	size_t n = name ? strlen(name) : 0;
	if (!n)
		return problem_set(p, P_REQUIRED, "name", "The class needs a name.");
	if (!utf8_valid(name, n) || utf8_length(name, n) > CLASS_NAME_MAX)
		return problem_set(p, P_TOO_LONG, "name", "A class name has at most 32 characters.");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return problem_set(p, P_INVALID, "name", "A class name is one line of text.");
	return ERR_OK;
}

int class_teacher_id(struct db_conn *c, const char *username, int64_t org_id,
		     const char *field, int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v[] = { DBV_TEXT(username), DBV_INT(org_id) };
	int rc = db_row(c, Q_CLASS_TEACHER_AT, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_TEACHER, field, "No teacher of this school has this user name.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

int class_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  struct class_member **items, int *n)
{
	*n = 0;
	*items = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(**items));
	if (!*items)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = { DBV_INT(cls->org_id), DBV_INT(cls->grade), DBV_INT(cls->school_year),
			      DBV_TEXT(cls->name) };
	int rc = db_query(c, Q_CLASS_MEMBERS, v, 4, &res);
	int step = 0;
	while (!rc && *n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		struct class_member *m = &(*items)[(*n)++];
		m->id = db_int(&res, 0);
		m->given_name = dup_col(a, &res, 1);
		m->family_name = dup_col(a, &res, 2);
		if (!m->given_name || !m->family_name)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int class_add_members(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		      const int64_t *ids, int n, struct problem *p)
{
	for (int i = 0; i < n; i++) {
		struct db_val v[] = { DBV_TEXT(cls->name), DBV_INT(ids[i]), DBV_INT(cls->org_id),
				      DBV_INT(cls->school_year), DBV_INT(cls->grade) };
		int changes = 0;
		int rc = db_exec(c, Q_CLASS_MEMBER_SET, v, 5, &changes);
		if (rc)
			return problem_err(p, rc);
		if (changes != 1)
			return problem_set(p, P_NOT_ENROLLED_HERE, arena_printf(a, "students[%d]", i), "This student is not enrolled in this class's school, "
					   "grade and school year.");
	}
	return ERR_OK;
}
