/*
 * student.c: a student's validation, its reads, and the writes that
 * register and edit one (student.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/calendar.h"
#include "domain/common/text.h"
#include "domain/common/work.h"
#include "domain/registry/nid.h"
#include "domain/registry/reads.h"
#include "domain/registry/student.h"
#include "domain/registry/student_store.h"

#include <ctype.h>
#include <strings.h>

/* ---- validation ---- */

static int prepare_name(const char *in, const char *field, char *out, size_t outlen,
			struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, field, "This name is required.");
	int rc = text_normalize_name(in, out, outlen);
	if (rc == ERR_TOOLARGE || (!rc && utf8_length(out, strlen(out)) > STUDENT_NAME_MAX))
		return problem_set(p, P_TOO_LONG, field, "A name has at most 100 characters.");
	if (rc)
		return problem_set(p, P_INVALID, field, "This name is not valid text.");
	if (!*out)
		return problem_set(p, P_REQUIRED, field, "This name is required.");
	return ERR_OK;
}

static int prepare_country(const char *in, char out[3], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "country", "The country is required: IR or VN.");
	if (strlen(in) != 2 || !strchr("IiVv", in[0]))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	out[0] = (char)toupper((unsigned char)in[0]);
	out[1] = (char)toupper((unsigned char)in[1]);
	out[2] = '\0';
	if (strcmp(out, "IR") && strcmp(out, "VN"))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	return ERR_OK;
}

static int prepare_sex(const char *in, char out[2], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "sex", "Sex is required: F or M.");
	if (!strcasecmp(in, "F") || !strcasecmp(in, "female"))
		out[0] = 'F';
	else if (!strcasecmp(in, "M") || !strcasecmp(in, "male"))
		out[0] = 'M';
	else
		return problem_set(p, P_INVALID, "sex", "Sex is F or M.");
	out[1] = '\0';
	return ERR_OK;
}

static int prepare_birth(const char *in, char out[11], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "birth_date",
				   "The birth date is required (YYYY-MM-DD).");
	char ascii[32];
	int y, m, d;
	if (text_digits_ascii(in, ascii, sizeof(ascii)) || !date_parse_iso(ascii, &y, &m, &d))
		return problem_set(p, P_INVALID, "birth_date",
				   "The birth date must be a real date written YYYY-MM-DD.");
	char today[32];
	time_iso8601(time_now_unix(), today, sizeof(today));
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	if (y < 1950 || strncmp(out, today, 10) > 0)
		return problem_set(p, P_OUT_OF_RANGE, "birth_date",
				   "The birth date must be after 1950 and not in the future.");
	return ERR_OK;
}

/* Letters, digits and '-' only, for sector ids and class names typed by
 * people (Persian digits become ASCII). */
static int prepare_short(const char *in, const char *field, size_t max_chars, char *out,
			 size_t outlen, struct problem *p)
{
	out[0] = '\0';
	if (!in || !*in)
		return ERR_OK;
	int rc = text_normalize_name(in, out, outlen);
	if (rc || utf8_length(out, strlen(out)) > max_chars)
		return problem_set(p, P_TOO_LONG, field, "This value is too long.");
	return ERR_OK;
}

/* The "family given" search key as stored (schema 0006): the folded names,
 * then birth date and sex, so that one exact look-up finds likely duplicates
 * and a name prefix still finds the person. A space sorts before any letter,
 * so "an 2014-..." stays before "anh ..." and name order is kept. */
void student_dup_key(const char *key_fg, const char *birth, const char *sex, char *out,
		     size_t outlen)
{
	snprintf(out, outlen, "%s %s%s", key_fg, birth, sex);
}

/* In Vietnam the sector's student id is the personal id number: given,
 * it must be that; absent, it becomes that. */
static int prepare_vn_sector_id(struct student_new *s, struct problem *p)
{
	if (strcmp(s->country, "VN") || !s->national_id[0])
		return ERR_OK;
	if (s->sector_id[0] && strcmp(s->sector_id, s->national_id))
		return problem_set(p, P_INVALID, "sector_id",
				   "In Vietnam the student id is the personal id number.");
	memcpy(s->sector_id, s->national_id, strlen(s->national_id) + 1);
	return ERR_OK;
}

/* The folded search keys of the prepared names (student_new.key_*). */
static int prepare_keys(struct student_new *s, struct problem *p)
{
	char both[2 * sizeof(s->given_name) + 2];
	snprintf(both, sizeof(both), "%s %s", s->family_name, s->given_name);
	int rc = text_fold(both, s->key_fg, sizeof(s->key_fg));
	if (!rc) {
		snprintf(both, sizeof(both), "%s %s", s->given_name, s->family_name);
		rc = text_fold(both, s->key_gf, sizeof(s->key_gf));
	}
	if (rc)
		return problem_set(p, P_TOO_LONG, "given_name", "The names are too long together.");
	student_dup_key(s->key_fg, s->birth_date, s->sex, s->dup_key, sizeof(s->dup_key));
	return ERR_OK;
}

int student_prepare_identity(const struct student_input *in, struct student_new *s,
			     struct problem *p)
{
	int rc = prepare_country(in->country, s->country, p);
	s->national_id[0] = '\0';
	if (!rc && in->national_id && *in->national_id)
		rc = nid_canonical(s->country, in->national_id, s->national_id, p);
	if (!rc)
		rc = prepare_name(in->given_name, "given_name", s->given_name,
				  sizeof(s->given_name), p);
	if (!rc)
		rc = prepare_name(in->family_name, "family_name", s->family_name,
				  sizeof(s->family_name), p);
	if (!rc)
		rc = prepare_birth(in->birth_date, s->birth_date, p);
	if (!rc)
		rc = prepare_sex(in->sex, s->sex, p);
	if (!rc && s->national_id[0] && !strcmp(s->country, "VN"))
		rc = nid_check_vn_birth(s->national_id, s->birth_date, s->sex[0], p);
	if (!rc)
		rc = prepare_short(in->sector_id, "sector_id", 32, s->sector_id,
				   sizeof(s->sector_id), p);
	if (!rc)
		rc = prepare_vn_sector_id(s, p);
	return rc ? rc : prepare_keys(s, p);
}

/* The placement fields: school, grade, school year, class. */
static int prepare_placement(const struct student_input *in, struct student_new *s,
			     struct problem *p)
{
	if (!in->school || !*in->school)
		return problem_set(p, P_REQUIRED, "school", "The school (its code) is required.");
	size_t n = strlen(in->school);
	if (n >= sizeof(s->school))
		return problem_set(p, P_INVALID, "school", "No school has this code.");
	memcpy(s->school, in->school, n + 1);
	if (in->grade < 1 || in->grade > 12)
		return problem_set(p, P_OUT_OF_RANGE, "grade",
				   "The grade is a number from 1 to 12.");
	s->grade = (int)in->grade;
	if (!in->school_year || !*in->school_year)
		return problem_set(p, P_REQUIRED, "school_year",
				   "The school year is required, written like 2025-2026.");
	int rc = school_year_parse(in->school_year, &s->school_year, p);
	if (rc)
		return rc;
	return prepare_short(in->class_name, "class", STUDENT_CLASS_MAX, s->class_name,
			     sizeof(s->class_name), p);
}

int student_prepare(const struct student_input *in, struct student_new *s, struct problem *p)
{
	memset(s, 0, sizeof(*s));
	int rc = student_prepare_identity(in, s, p);
	return rc ? rc : prepare_placement(in, s, p);
}

int student_date_parse(const char *typed, const char *field, char out[11], struct problem *p)
{
	char ascii[32];
	int y, m, d;
	if (!typed || text_digits_ascii(typed, ascii, sizeof(ascii)) ||
	    !date_parse_iso(ascii, &y, &m, &d))
		return problem_set(p, P_INVALID, field, "Write the date as YYYY-MM-DD.");
	date_format_iso(y, m, d, out);
	return ERR_OK;
}

int school_ref_listable(struct db_conn *c, const struct principal *who, const char *code,
			struct org_ref *out, struct access_decision *d, struct problem *p)
{
	int rc = school_ref(c, code, out, p);
	if (rc)
		return rc;
	access_org(who, ACCESS_LIST, out->path, d);
	if (!d->allowed)
		return problem_set(p, P_OUT_OF_SCOPE, "school",
				   "This school is outside your reach.");
	return ERR_OK;
}

int school_ref(struct db_conn *c, const char *code, struct org_ref *out, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ORG_REF_BY_CODE, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_SCHOOL, "school", "No school has this code.");
	if (rc)
		return problem_err(p, rc);
	memset(out, 0, sizeof(*out));
	out->id = db_int(&res, C_ORG_REF_BY_CODE__ID);
	snprintf(out->kind, sizeof(out->kind), "%s", db_text(&res, C_ORG_REF_BY_CODE__KIND, NULL));
	snprintf(out->path, sizeof(out->path), "%s", db_text(&res, C_ORG_REF_BY_CODE__PATH, NULL));
	snprintf(out->country, sizeof(out->country), "%s",
		 db_text(&res, C_ORG_REF_BY_CODE__COUNTRY, NULL));
	snprintf(out->level, sizeof(out->level), "%s",
		 db_text(&res, C_ORG_REF_BY_CODE__LEVEL, NULL));
	db_done(&res);
	if (strcmp(out->kind, "school"))
		return problem_set(p, P_NOT_A_SCHOOL, "school",
				   "This organisation is not a school.");
	return ERR_OK;
}

int student_grade_fits(const struct org_ref *school, const char *country, int grade,
		       struct problem *p)
{
	const char *c = school->country[0] ? school->country : country;
	bool vn = !strcmp(c, "VN");
	int lo = 1, hi = 12;
	if (!strcmp(school->level, "primary"))
		hi = vn ? 5 : 6;
	else if (!strcmp(school->level, "lower_secondary"))
		lo = vn ? 6 : 7, hi = 9;
	else if (!strcmp(school->level, "upper_secondary"))
		lo = 10;
	if (grade < lo || grade > hi)
		return problem_set(p, P_GRADE_NOT_TAUGHT, "grade",
				   "This school does not teach that grade.");
	return ERR_OK;
}

/* ---- reads ---- */

int student_read_row(struct db_res *res, struct arena *a, struct student *s)
{
	memset(s, 0, sizeof(*s));
	s->id = db_int(res, C_STUDENT__ID);
	s->country = db_dup(res, C_STUDENT__COUNTRY, a);
	s->national_id = reads_dup_or_null(res, C_STUDENT__NATIONAL_ID, a);
	s->sector_id = reads_dup_or_null(res, C_STUDENT__SECTOR_ID, a);
	s->given_name = db_dup(res, C_STUDENT__GIVEN_NAME, a);
	s->family_name = db_dup(res, C_STUDENT__FAMILY_NAME, a);
	s->birth_date = db_dup(res, C_STUDENT__BIRTH_DATE, a);
	s->sex = db_dup(res, C_STUDENT__SEX, a);
	s->status = db_dup(res, C_STUDENT__STATUS, a);
	s->review = reads_dup_or_null(res, C_STUDENT__REVIEW, a);
	s->merged_into = db_int0(res, C_STUDENT__MERGED_INTO);
	s->created_at = db_int(res, C_STUDENT__CREATED_AT);
	s->updated_at = db_int(res, C_STUDENT__UPDATED_AT);
	s->school = db_dup(res, C_STUDENT__SCHOOL, a);
	s->school_path = db_dup(res, C_STUDENT__SCHOOL_PATH, a);
	s->grade = (int)db_int0(res, C_STUDENT__GRADE);
	s->class_name = reads_dup_or_null(res, C_STUDENT__CLASS, a);
	s->school_year = (int)db_int0(res, C_STUDENT__SCHOOL_YEAR);
	s->school_id = db_int(res, C_STUDENT__SCHOOL_ID);
	if (!s->country || !s->given_name || !s->family_name || !s->birth_date || !s->sex ||
	    !s->status || !s->school || !s->school_path)
		return ERR_NOMEM;
	return ERR_OK;
}

int student_get(struct db_conn *c, struct arena *a, int64_t id, struct student *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_STUDENT_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = student_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int student_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
		    struct access_decision *d)
{
	int rc = student_get(c, by->arena, id, s);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	return access_student(c, by->who, ACCESS_READ, id, s->school_path, d);
}

int student_year_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
			 struct access_decision *d, int *year, struct problem *p)
{
	int rc = student_read_as(c, by, id, s, d);
	if (rc || !d->allowed)
		return rc;
	if (!*year)
		*year = s->school_year;
	if (!*year)
		return problem_set(p, P_REQUIRED, "school_year",
				   "The student is not enrolled now: say which school year.");
	return ERR_OK;
}

struct student_fetch {
	struct arena *a;
	int64_t id;
	struct student *s;
};

static int student_fetch_work(struct db_conn *c, void *ctx)
{
	struct student_fetch *x = ctx;
	return student_get(c, x->a, x->id, x->s);
}

int student_load(struct db *db, struct arena *a, int64_t id, struct student *out)
{
	struct student_fetch x = {.a = a, .id = id, .s = out};
	return work_read(db, student_fetch_work, &x);
}

struct student_read_work {
	struct actor *by;
	int64_t id;
	struct student *s;
	struct access_decision d;
};

static int student_read_work(struct db_conn *c, void *ctx)
{
	struct student_read_work *x = ctx;
	return student_read_as(c, x->by, x->id, x->s, &x->d);
}

int student_read(struct db *db, struct actor *by, int64_t id, struct student_view *out)
{
	memset(out, 0, sizeof(*out));
	if (!by)
		return problem_err(&out->p, ERR_NOMEM);
	struct student_read_work x = {.by = by, .id = id, .s = &out->s};
	int rc = work_read(db, student_read_work, &x);
	if (rc)
		return problem_err(&out->p, rc);
	out->audit = reads_audit_entry(by, &x.d, "student.read", id, NULL);
	if (!out->audit)
		return problem_err(&out->p, ERR_NOMEM);
	if (!x.d.allowed)
		return problem_set(&out->p, P_NOT_FOUND, NULL, "No such student.");
	return ERR_OK;
}

/* ---- writes ---- */

int student_may_write(struct db_conn *c, struct actor *by, int64_t id, const char *action,
		      struct problem *p)
{
	struct student s;
	int rc = student_get(c, by->arena, id, &s);
	if (rc == ERR_NOTFOUND) {
		struct access_decision d;
		access_absent(by->who, &d);
		if (actor_refuse(by, &d, action, id, NULL))
			return problem_err(p, ERR_NOMEM);
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	}
	if (rc)
		return problem_err(p, rc);
	return actor_may_write_student(c, by, id, s.school_path, action, p);
}
