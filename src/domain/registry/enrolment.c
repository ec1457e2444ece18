#include "core/base.h"
#include "core/log.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"

static const char *const leave_reasons[] = { "graduated", "dropped_out", "moved_abroad",
					     "deceased" };

bool enrolment_leave_reason_valid(const char *reason)
{
	for (size_t i = 0; i < ARRAY_SIZE(leave_reasons); i++)
		if (reason && !strcmp(reason, leave_reasons[i]))
			return true;
	return false;
}

static int set_org(struct db_conn *c, int64_t person_id, int64_t org_id)
{
	struct db_val v[] = { DBV_INT(org_id), DBV_INT(time_now_unix()), DBV_INT(person_id) };
	return db_exec(c, Q_PERSON_SET_ORG, v, 3, NULL);
}

static int set_status(struct db_conn *c, int64_t person_id, const char *status)
{
	struct db_val v[] = { DBV_TEXT(status), DBV_INT(time_now_unix()), DBV_INT(person_id) };
	return db_exec(c, Q_PERSON_SET_STATUS, v, 3, NULL);
}

static int insert(struct db_conn *c, int64_t person_id, int64_t org_id, int year, int grade,
		  const char *class_name, const char *start)
{
	struct db_val v[] = { DBV_INT(person_id),
			      DBV_INT(org_id),
			      DBV_INT(year),
			      DBV_INT(grade),
			      class_name && *class_name ? DBV_TEXT(class_name) : DBV_NULL,
			      DBV_TEXT(start),
			      DBV_INT(time_now_unix()) };
	return db_exec(c, Q_ENROLMENT_INSERT, v, ARRAY_SIZE(v), NULL);
}

static int close_current(struct db_conn *c, int64_t enrolment_id, const char *date,
			 const char *reason, const char *note)
{
	struct db_val v[] = { DBV_TEXT(date), DBV_TEXT(reason), dbv_text_or_null(note),
			      DBV_INT(enrolment_id) };
	return db_exec(c, Q_ENROLMENT_CLOSE, v, 4, NULL);
}

int enrolment_add(struct db_conn *c, int64_t person_id, const struct org_ref *school,
		  int school_year, int grade, const char *class_name, const char *start_date,
		  struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &v, 1, &res);
	if (rc == ERR_OK) {
		db_done(&res);
		return problem_set(p, P_ALREADY_ENROLLED, NULL, "This student is enrolled at a school now; ask that school for "
				   "a transfer.");
	}
	if (rc != ERR_NOTFOUND)
		return problem_err(p, rc);
	rc = insert(c, person_id, school->id, school_year, grade, class_name, start_date);
	if (!rc)
		rc = set_org(c, person_id, school->id);
	if (!rc)
		rc = set_status(c, person_id, "enrolled");
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_ALREADY_ENROLLED, NULL, "This student is enrolled at a school now.");
	return rc ? problem_err(p, rc) : ERR_OK;
}

int enrolment_leave(struct db_conn *c, int64_t person_id, const char *reason, const char *date,
		    const char *note, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_ENROLLED, NULL, "This student is not enrolled anywhere now.");
	if (rc)
		return problem_err(p, rc);
	int64_t eid = db_int(&res, 0);
	db_done(&res);
	rc = close_current(c, eid, date, reason, note);
	if (!rc)
		rc = set_status(c, person_id, reason);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int school_last_grade(const struct org_ref *school, const char *country)
{
	const char *c = school->country[0] ? school->country : country;
	if (!strcmp(school->level, "primary"))
		return strcmp(c, "VN") ? 6 : 5;
	if (!strcmp(school->level, "lower_secondary"))
		return 9;
	return 12;
}

static bool in_list(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int enrolment_promote(struct db_conn *c, const struct org_ref *school, const char *country,
		      int from_year, const int64_t *repeat, size_t nrepeat,
		      struct promotion_result *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	const char *cc = school->country[0] ? school->country : country;
	char end[11], start[11];
	school_year_end(cc, from_year, end);
	school_year_start(cc, from_year + 1, start);
	int last = school_last_grade(school, country);
	int64_t after = 0;
	enum { PAGE = 500 };
	struct row {
		int64_t eid, pid;
		int grade;
		char class_name[132];
	} *rows = malloc(PAGE * sizeof(*rows));
	if (!rows)
		return problem_err(p, ERR_NOMEM);
	int rc = ERR_OK;
	for (;;) {
		/* Read a page first: the statement must be finished before the
		 * writes below change the rows it walks. */
		struct db_res res;
		struct db_val v[] = { DBV_INT(school->id), DBV_INT(from_year), DBV_INT(after),
				      DBV_INT(PAGE) };
		int n = 0, step = 0;
		rc = db_query(c, Q_ENROLMENT_SCHOOL_YEAR, v, 4, &res);
		while (!rc && n < PAGE && (step = db_next(&res)) == 1) {
			rows[n].eid = db_int(&res, 0);
			rows[n].pid = db_int(&res, 1);
			rows[n].grade = (int)db_int(&res, 2);
			snprintf(rows[n].class_name, sizeof(rows[n].class_name), "%s",
				 db_text(&res, 3, NULL));
			n++;
		}
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		if (rc || n == 0)
			break;
		for (int i = 0; i < n && !rc; i++) {
			const struct row *r = &rows[i];
			if (in_list(repeat, nrepeat, r->pid)) {
				rc = close_current(c, r->eid, end, "repeated", NULL);
				if (!rc)
					rc = insert(c, r->pid, school->id, from_year + 1, r->grade,
						    NULL, start);
				out->repeated++;
			} else if (r->grade >= last) {
				bool done = r->grade >= 12;
				rc = close_current(c, r->eid, end, done ? "graduated" : "completed",
						   NULL);
				if (!rc)
					rc = set_status(c, r->pid, done ? "graduated" : "completed");
				if (done)
					out->graduated++;
				else
					out->completed++;
			} else {
				rc = close_current(c, r->eid, end, "promoted", NULL);
				if (!rc)
					rc = insert(c, r->pid, school->id, from_year + 1,
						    r->grade + 1, NULL, start);
				out->promoted++;
			}
		}
		after = rows[n - 1].pid;
		if (n < PAGE)
			break;
	}
	free(rows);
	return rc ? problem_err(p, rc) : ERR_OK;
}
