/*
 * class.c: classes, their subjects, teachers and students, and who may do
 * what with them (class.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "core/json.h"
#include "domain/access/audit.h"
#include "domain/common/work.h"
#include "domain/registry/student.h"
#include "domain/teaching/class.h"

/* ---- who may do what ---- */

/* The detail of a refusal the caller may see (403). */
static const char *refusal_detail(enum class_act act)
{
	switch (act) {
	case CLASS_GRADE:
		return "Only the subject's teacher and the school's administration enter these "
		       "grades.";
	case CLASS_ATTEND:
		return "Only the class's teachers and the school's administration take its "
		       "attendance.";
	case CLASS_READ:
		return "Only the class's teachers and the school's administration see this class.";
	default:
		return "Only the school's administration manages classes.";
	}
}

int class_access(struct db_conn *c, const struct principal *p, const struct class_ref *cls,
		 enum class_act act, int64_t teacher_id, struct access_decision *d,
		 struct problem *pr)
{
	struct access_decision own;
	if (!d)
		d = &own;
	struct access_class k = {.id = cls->id,
				 .school_path = cls->path,
				 .homeroom_id = cls->homeroom_id,
				 .subject_teacher_id = teacher_id};
	int rc = access_class(c, p, (enum access_class_act)act, &k, d);
	if (rc)
		return problem_err(pr, rc);
	if (d->allowed)
		return ERR_OK;
	if (!d->visible)
		return problem_set(pr, P_NOT_FOUND, NULL, "No such class.");
	return problem_set(pr, P_FORBIDDEN, NULL, refusal_detail(act));
}

int class_load(struct db_conn *c, const struct actor *by, int64_t id, enum class_act act,
	       int64_t teacher_id, struct class_ref *out, struct access_decision *d,
	       struct problem *p)
{
	int rc = class_get(c, by->arena, id, out);
	if (rc == ERR_NOTFOUND) {
		if (d)
			access_absent(by->who, d);
		return problem_set(p, P_NOT_FOUND, NULL, "No such class.");
	}
	if (rc)
		return problem_err(p, rc);
	return class_access(c, by->who, out, act, teacher_id, d, p);
}

int class_school_load(struct db_conn *c, const struct actor *by, const char *code,
		      enum access_action act, struct org_ref *out, struct problem *p)
{
	int rc = school_ref(c, code, out, p);
	if (rc == ERR_INVALID)
		return problem_set(p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	struct access_decision d;
	access_org(by->who, act, out->path, &d);
	if (d.allowed)
		return ERR_OK;
	if (!d.visible)
		return problem_set(p, P_NOT_FOUND, NULL, "No such school.");
	return problem_set(p, P_FORBIDDEN, NULL,
			   "Only the school's administration manages its classes and terms.");
}

/* ---- rows ---- */

int class_read_row(struct db_res *res, struct arena *a, struct class_ref *out)
{
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_CLASS__ID);
	out->org_id = db_int(res, C_CLASS__ORG_ID);
	out->school_year = (int)db_int(res, C_CLASS__SCHOOL_YEAR);
	out->grade = (int)db_int(res, C_CLASS__GRADE);
	out->name = db_dup(res, C_CLASS__NAME, a);
	out->homeroom_id = db_int0(res, C_CLASS__HOMEROOM_ID);
	out->school = db_dup(res, C_CLASS__SCHOOL, a);
	out->path = db_dup(res, C_CLASS__SCHOOL_PATH, a);
	out->country = db_null(res, C_CLASS__COUNTRY) ? NULL : db_dup(res, C_CLASS__COUNTRY, a);
	out->level = db_null(res, C_CLASS__LEVEL) ? NULL : db_dup(res, C_CLASS__LEVEL, a);
	out->homeroom = db_null(res, C_CLASS__HOMEROOM) ? NULL : db_dup(res, C_CLASS__HOMEROOM, a);
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

int class_by_name(struct db_conn *c, struct arena *a, int64_t org_id, int school_year,
		  const char *name, struct class_ref *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year), DBV_TEXT(name)};
	int rc = db_row(c, Q_CLASS_BY_NAME, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	rc = class_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int class_id_by_name(struct db_conn *c, int64_t org_id, int school_year, const char *name,
		     int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year), DBV_TEXT(name)};
	int rc = db_row(c, Q_CLASS_ID_BY_NAME, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_CLASS_ID_BY_NAME__ID);
	db_done(&res);
	return ERR_OK;
}

int class_name_check(const char *name, struct problem *p)
{
	size_t n = name ? strlen(name) : 0;
	if (!n)
		return problem_set(p, P_REQUIRED, "name", "The class needs a name.");
	if (!utf8_valid(name, n) || utf8_length(name, n) > CLASS_NAME_MAX)
		return problem_set(p, P_TOO_LONG, "name",
				   "A class name has at most 32 characters.");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return problem_set(p, P_INVALID, "name",
					   "A class name is one line of text.");
	return ERR_OK;
}

int class_teacher_id(struct db_conn *c, const char *username, int64_t org_id, const char *field,
		     int64_t *id, struct problem *p)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(username), DBV_INT(org_id)};
	int rc = db_row(c, Q_CLASS_TEACHER_AT, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_TEACHER, field,
				   "No teacher of this school has this user name.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_CLASS_TEACHER_AT__ID);
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
	struct db_val v[] = {DBV_INT(cls->org_id), DBV_INT(cls->grade), DBV_INT(cls->school_year),
			     DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_CLASS_MEMBERS, v, 4, &res);
	int step = 0;
	while (!rc && *n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		struct class_member *m = &(*items)[(*n)++];
		m->id = db_int(&res, C_CLASS_MEMBERS__ID);
		m->given_name = db_dup(&res, C_CLASS_MEMBERS__GIVEN_NAME, a);
		m->family_name = db_dup(&res, C_CLASS_MEMBERS__FAMILY_NAME, a);
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
		struct db_val v[] = {DBV_TEXT(cls->name), DBV_INT(ids[i]), DBV_INT(cls->org_id),
				     DBV_INT(cls->school_year), DBV_INT(cls->grade)};
		int changes = 0;
		int rc = db_exec(c, Q_CLASS_MEMBER_SET, v, 5, &changes);
		if (rc)
			return problem_err(p, rc);
		if (changes != 1)
			return problem_set(p, P_NOT_ENROLLED_HERE,
					   arena_printf(a, "students[%d]", i),
					   "This student is not enrolled in this class's school, "
					   "grade and school year.");
	}
	return ERR_OK;
}

int class_subjects(struct db_conn *c, struct arena *a, int64_t class_id,
		   struct class_subject **items, int *n)
{
	*n = 0;
	*items = arena_calloc(a, CLASS_SUBJECTS_MAX, sizeof(**items));
	if (!*items)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(class_id);
	int rc = db_query(c, Q_CLASS_SUBJECTS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && *n < CLASS_SUBJECTS_MAX && (step = db_next(&res)) == 1) {
		struct class_subject *s = &(*items)[(*n)++];
		rc = subject_read(&res, a, &s->subject);
		if (!rc && !db_null(&res, C_CLASS_SUBJECTS_OF__TEACHER) &&
		    !(s->teacher = db_dup(&res, C_CLASS_SUBJECTS_OF__TEACHER, a)))
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* ---- the audit of reads ---- */

const char *class_audit_subject(struct arena *a, int64_t class_id)
{
	return arena_printf(a, "class:%" PRId64, class_id);
}

int class_audit_entries(const struct actor *by, const struct access_decision *d, const char *action,
			int64_t class_id, const int64_t *ids, int n, struct audit_entry **out,
			size_t *count)
{
	size_t k = d->allowed ? (size_t)n : 1;
	struct audit_entry *e = arena_calloc(by->arena, k + 1, sizeof(*e));
	const char *subject = class_audit_subject(by->arena, class_id);
	*out = e;
	*count = e && subject ? k : 0;
	if (!e || !subject)
		return ERR_NOMEM;
	if (!d->allowed) {
		actor_audit_fill(by, d, action, 0, e);
		e->subject = subject;
		return ERR_OK;
	}
	for (int i = 0; i < n; i++) {
		actor_audit_fill(by, d, action, ids[i], &e[i]);
		e[i].subject = subject;
	}
	return ERR_OK;
}

int class_audit_roster(const struct actor *by, const struct access_decision *d, const char *action,
		       int64_t class_id, const void *rows, int n, size_t size, size_t id_at,
		       struct audit_entry **out, size_t *count, struct problem *p)
{
	int64_t *ids = arena_calloc(by->arena, (size_t)n + 1, sizeof(*ids));
	if (!ids)
		return problem_err(p, ERR_NOMEM);
	const unsigned char *row = rows;
	for (int i = 0; i < n; i++)
		memcpy(&ids[i], row + (size_t)i * size + id_at, sizeof(*ids));
	return problem_err(p, class_audit_entries(by, d, action, class_id, ids, n, out, count));
}

/* ---- a class with its subjects and students ---- */

/* class_view_read's snapshot: the class decided, then its subjects and
 * students when allowed (a refusal is an answer, not a failure). */
static int class_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct class_view *x = ctx;
	int rc = class_load(c, by, x->id, CLASS_READ, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		return ERR_OK; /* refused (x->d, x->p): answered and recorded as such */
	if (!rc)
		rc = class_subjects(c, by->arena, x->id, &x->subjects, &x->nsubjects);
	if (!rc)
		rc = class_members(c, by->arena, &x->cls, &x->members, &x->nmembers);
	return problem_err(&x->p, rc);
}

int class_view_read(struct db *db, const struct actor *by, struct class_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, class_view_work, x);
	if (rc)
		return rc;
	return class_audit_roster(by, &x->d, "class.read", x->id, x->members, x->nmembers,
				  sizeof(*x->members), offsetof(struct class_member, id), &x->audit,
				  &x->naudit, &x->p);
}

/* ---- a school's classes ---- */

/* class_list_read's snapshot: the school decided, then its classes into
 * a growing array in by's arena. */
static int class_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct class_list *x = ctx;
	struct org_ref school;
	int rc = class_school_load(c, by, x->school, ACCESS_READ, &school, &x->p);
	if (rc == ERR_FORBIDDEN)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = {DBV_INT(school.id), DBV_INT(x->year), DBV_INT(x->year)};
	rc = db_query(c, Q_CLASS_LIST_SCHOOL, v, 3, &res);
	int step = 0, cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct class_ref *items =
				arena_calloc(by->arena, (size_t)cap, sizeof(*items));
			if (!items) {
				rc = ERR_NOMEM;
				break;
			}
			if (x->n)
				memcpy(items, x->items, (size_t)x->n * sizeof(*items));
			x->items = items;
		}
		rc = class_read_row(&res, by->arena, &x->items[x->n++]);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int class_list_read(struct db *db, const struct actor *by, struct class_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, class_list_work, x);
}

/* ---- changes ---- */

/* The homeroom teacher's id for a new class: 0 for none. */
static int homeroom_of(struct db_conn *c, const char *username, int64_t org_id, const char *field,
		       int64_t *id, struct problem *p)
{
	*id = 0;
	return username ? class_teacher_id(c, username, org_id, field, id, p) : ERR_OK;
}

int class_create_tx(struct db_conn *c, void *ctx)
{
	struct class_create *x = ctx;
	struct org_ref school;
	int64_t homeroom;
	int rc = class_school_load(c, x->by, x->school, ACCESS_WRITE, &school, &x->p);
	if (!rc)
		rc = student_grade_fits(&school, school.country, x->grade, &x->p);
	if (!rc)
		rc = homeroom_of(c, x->homeroom, school.id, "homeroom_teacher", &homeroom, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = {DBV_INT(school.id),
			     DBV_INT(x->year),
			     DBV_INT(x->grade),
			     DBV_TEXT(x->name),
			     homeroom ? DBV_INT(homeroom) : DBV_NULL,
			     DBV_INT(time_now_unix())};
	rc = db_row(c, Q_CLASS_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(&x->p, P_CLASS_EXISTS, "name",
				   "The school has a class of this name in this school year.");
	if (rc)
		return problem_err(&x->p, rc);
	x->id = db_int(&res, C_CLASS_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

int class_assign_tx(struct db_conn *c, void *ctx)
{
	struct class_edit *x = ctx;
	struct class_ref cls = {0};
	struct subject s = {0};
	int64_t teacher = 0;
	int rc = class_load(c, x->by, x->id, CLASS_MANAGE, 0, &cls, NULL, &x->p);
	if (!rc)
		rc = subject_get(c, x->by->arena, cls.country, cls.level, x->subject, "subject", &s,
				 &x->p);
	if (!rc)
		rc = homeroom_of(c, x->teacher, cls.org_id, "teacher", &teacher, &x->p);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_INT(cls.id), DBV_INT(s.id), DBV_INT(cls.org_id),
			     teacher ? DBV_INT(teacher) : DBV_NULL};
	rc = db_exec(c, Q_CLASS_SUBJECT_ASSIGN, v, 4, NULL);
	return problem_err(&x->p, rc);
}

int class_homeroom_tx(struct db_conn *c, void *ctx)
{
	struct class_edit *x = ctx;
	struct class_ref cls = {0};
	int64_t teacher = 0;
	int rc = class_load(c, x->by, x->id, CLASS_MANAGE, 0, &cls, NULL, &x->p);
	if (!rc)
		rc = homeroom_of(c, x->teacher, cls.org_id, x->field, &teacher, &x->p);
	if (rc)
		return rc;
	struct db_val v[] = {teacher ? DBV_INT(teacher) : DBV_NULL, DBV_INT(cls.id)};
	rc = db_exec(c, Q_CLASS_SET_HOMEROOM, v, 2, NULL);
	return problem_err(&x->p, rc);
}

int class_place_tx(struct db_conn *c, void *ctx)
{
	struct class_edit *x = ctx;
	struct class_ref cls = {0};
	struct access_decision d = {0};
	int rc = class_load(c, x->by, x->id, CLASS_MANAGE, 0, &cls, &d, &x->p);
	if (rc)
		return rc;
	/* Placing a student changes their enrolment: one entry each, written
	 * before the change (the chain lock first, docs/access.md). */
	const char *subject = class_audit_subject(x->by->arena, cls.id);
	for (int i = 0; !rc && i < x->nstudents; i++)
		rc = subject ? actor_audit(c, x->by, &d, "class.place", x->students[i], subject)
			     : ERR_NOMEM;
	if (rc)
		return problem_err(&x->p, rc);
	return class_add_members(c, x->by->arena, &cls, x->students, x->nstudents, &x->p);
}
