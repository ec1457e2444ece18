/*
 * enrolment.c: enrolling, leaving, promotion and the history of a
 * student's enrolments (enrolment.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/calendar.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/reads.h"

static const char *const leave_reasons[] = {"graduated", "dropped_out", "moved_abroad", "deceased"};

bool enrolment_leave_reason_valid(const char *reason)
{
	for (size_t i = 0; i < ARRAY_SIZE(leave_reasons); i++)
		if (reason && !strcmp(reason, leave_reasons[i]))
			return true;
	return false;
}

static int set_org(struct db_conn *c, int64_t person_id, int64_t org_id)
{
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(time_now_unix()), DBV_INT(person_id)};
	return db_exec(c, Q_PERSON_SET_ORG, v, 3, NULL);
}

static int set_status(struct db_conn *c, int64_t person_id, const char *status)
{
	struct db_val v[] = {DBV_TEXT(status), DBV_INT(time_now_unix()), DBV_INT(person_id)};
	return db_exec(c, Q_PERSON_SET_STATUS, v, 3, NULL);
}

static int insert(struct db_conn *c, int64_t person_id, int64_t org_id, int year, int grade,
		  const char *class_name, const char *start)
{
	struct db_val v[] = {DBV_INT(person_id),
			     DBV_INT(org_id),
			     DBV_INT(year),
			     DBV_INT(grade),
			     class_name && *class_name ? DBV_TEXT(class_name) : DBV_NULL,
			     DBV_TEXT(start),
			     DBV_INT(time_now_unix())};
	return db_exec(c, Q_ENROLMENT_INSERT, v, ARRAY_SIZE(v), NULL);
}

static int close_current(struct db_conn *c, int64_t enrolment_id, const char *date,
			 const char *reason, const char *note)
{
	struct db_val v[] = {DBV_TEXT(date), DBV_TEXT(reason), dbv_text_or_null(note),
			     DBV_INT(enrolment_id)};
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
		return problem_set(p, P_ALREADY_ENROLLED, NULL,
				   "This student is enrolled at a school now; ask that school for "
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
		return problem_set(p, P_ALREADY_ENROLLED, NULL,
				   "This student is enrolled at a school now.");
	return rc ? problem_err(p, rc) : ERR_OK;
}

int enrolment_leave(struct db_conn *c, int64_t person_id, const char *reason, const char *date,
		    const char *note, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_ENROLLED, NULL,
				   "This student is not enrolled anywhere now.");
	if (rc)
		return problem_err(p, rc);
	int64_t eid = db_int(&res, C_ENROLMENT_CURRENT__ID);
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

/* ---- promotion ---- */

static bool in_list(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* One current enrolment of the year being ended. */
struct promotion_row {
	int64_t eid, pid;
	int grade;
};

/* What a promotion applies to each row. */
struct promotion {
	const struct org_ref *school;
	int from_year, last_grade;
	char end[11], start[11]; /* the year's last day, the next one's first */
	const int64_t *repeat;
	size_t nrepeat;
	struct promotion_result *out;
};

enum { PROMOTION_PAGE = 500 };

/* The next page (up to PROMOTION_PAGE) of the year's current enrolments
 * after person `after`, into rows; *n of them. The statement is finished
 * before the writes that follow change the rows it walks. */
static int promotion_page(struct db_conn *c, const struct promotion *pr, int64_t after,
			  struct promotion_row *rows, int *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(pr->school->id), DBV_INT(pr->from_year), DBV_INT(after),
			     DBV_INT(PROMOTION_PAGE)};
	int step = 0;
	*n = 0;
	int rc = db_query(c, Q_ENROLMENT_SCHOOL_YEAR, v, 4, &res);
	while (!rc && *n < PROMOTION_PAGE && (step = db_next(&res)) == 1) {
		rows[*n].eid = db_int(&res, C_ENROLMENT_SCHOOL_YEAR__ID);
		rows[*n].pid = db_int(&res, C_ENROLMENT_SCHOOL_YEAR__PERSON_ID);
		rows[*n].grade = (int)db_int(&res, C_ENROLMENT_SCHOOL_YEAR__GRADE);
		(*n)++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

/* End row r's year: repeat it, leave the school, or move up a grade. */
static int promotion_apply(struct db_conn *c, const struct promotion *pr,
			   const struct promotion_row *r)
{
	int64_t school = pr->school->id;
	int next = pr->from_year + 1;
	int rc;
	if (in_list(pr->repeat, pr->nrepeat, r->pid)) {
		rc = close_current(c, r->eid, pr->end, "repeated", NULL);
		if (!rc)
			rc = insert(c, r->pid, school, next, r->grade, NULL, pr->start);
		pr->out->repeated++;
	} else if (r->grade >= pr->last_grade) {
		const char *why = r->grade >= 12 ? "graduated" : "completed";
		rc = close_current(c, r->eid, pr->end, why, NULL);
		if (!rc)
			rc = set_status(c, r->pid, why);
		if (r->grade >= 12)
			pr->out->graduated++;
		else
			pr->out->completed++;
	} else {
		rc = close_current(c, r->eid, pr->end, "promoted", NULL);
		if (!rc)
			rc = insert(c, r->pid, school, next, r->grade + 1, NULL, pr->start);
		pr->out->promoted++;
	}
	return rc;
}

int enrolment_promote(struct db_conn *c, const struct org_ref *school, const char *country,
		      int from_year, const int64_t *repeat, size_t nrepeat,
		      struct promotion_result *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	const char *cc = school->country[0] ? school->country : country;
	struct promotion pr = {.school = school,
			       .from_year = from_year,
			       .last_grade = school_last_grade(school, country),
			       .repeat = repeat,
			       .nrepeat = nrepeat,
			       .out = out};
	school_year_end(cc, from_year, pr.end);
	school_year_start(cc, from_year + 1, pr.start);
	struct promotion_row *rows = malloc(PROMOTION_PAGE * sizeof(*rows));
	if (!rows)
		return problem_err(p, ERR_NOMEM);
	int64_t after = 0;
	int n = 0;
	int rc = ERR_OK;
	do {
		rc = promotion_page(c, &pr, after, rows, &n);
		for (int i = 0; i < n && !rc; i++)
			rc = promotion_apply(c, &pr, &rows[i]);
		if (n)
			after = rows[n - 1].pid;
	} while (!rc && n == PROMOTION_PAGE);
	free(rows);
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* ---- the writes of the API ---- */

int student_enrol_tx(struct db_conn *c, void *ctx)
{
	struct student_enrol *x = ctx;
	struct student s;
	int rc = student_get(c, x->by->arena, x->id, &s);
	if (rc)
		return rc == ERR_NOTFOUND
			       ? problem_set(&x->p, P_NOT_FOUND, NULL, "No such student.")
			       : problem_err(&x->p, rc);
	struct org_ref school;
	rc = school_ref(c, x->school, &school, &x->p);
	if (rc)
		return rc;
	struct access_decision d;
	rc = actor_may_write_org(x->by, school.path, "student.enrol", x->id, x->school, "school",
				 "You may only enrol students at schools you manage.", &d, &x->p);
	if (!rc)
		rc = student_grade_fits(&school, s.country, x->grade, &x->p);
	if (!rc && actor_audit(c, x->by, &d, "student.enrol", x->id, x->school))
		rc = problem_err(&x->p, ERR_DB);
	if (rc)
		return rc;
	char start[11];
	if (x->date)
		snprintf(start, sizeof(start), "%s", x->date);
	else
		school_year_start(school.country[0] ? school.country : s.country, x->year, start);
	return enrolment_add(c, x->id, &school, x->year, x->grade, x->class_name, start, &x->p);
}

int student_leave_tx(struct db_conn *c, void *ctx)
{
	struct student_leave *x = ctx;
	int rc = student_may_write(c, x->by, x->id, "student.leave", &x->p);
	return rc ? rc : enrolment_leave(c, x->id, x->reason, x->date, x->note, &x->p);
}

int school_promote_tx(struct db_conn *c, void *ctx)
{
	struct school_promote *x = ctx;
	struct org_ref school;
	int rc = school_ref(c, x->school, &school, &x->p);
	if (rc == ERR_INVALID)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such school.");
	if (rc)
		return rc;
	struct access_decision d;
	access_org(x->by->who, ACCESS_WRITE, school.path, &d);
	if (!d.allowed)
		return problem_set(&x->p, P_OUT_OF_SCOPE, NULL,
				   "This school is outside your reach.");
	return enrolment_promote(c, &school, "IR", x->from_year, x->repeat, x->nrepeat, &x->out,
				 &x->p);
}

/* ---- history ---- */

/* The enrolment of the current row of Q_ENROLMENT_HISTORY, strings in a. */
static int history_row(struct db_res *res, struct arena *a, struct enrolment_entry *e)
{
	*e = (struct enrolment_entry){
		.id = db_int(res, C_ENROLMENT_HISTORY__ID),
		.person_id = db_int(res, C_ENROLMENT_HISTORY__PERSON_ID),
		.school = db_dup(res, C_ENROLMENT_HISTORY__SCHOOL, a),
		.school_name = db_dup(res, C_ENROLMENT_HISTORY__SCHOOL_NAME, a),
		.school_year = (int)db_int(res, C_ENROLMENT_HISTORY__SCHOOL_YEAR),
		.grade = (int)db_int(res, C_ENROLMENT_HISTORY__GRADE),
		.class_name = reads_dup_or_null(res, C_ENROLMENT_HISTORY__CLASS, a),
		.start_date = db_dup(res, C_ENROLMENT_HISTORY__START_DATE, a),
		.end_date = reads_dup_or_null(res, C_ENROLMENT_HISTORY__END_DATE, a),
		.end_reason = reads_dup_or_null(res, C_ENROLMENT_HISTORY__END_REASON, a),
		.note = reads_dup_or_null(res, C_ENROLMENT_HISTORY__NOTE, a),
		.current = db_int(res, C_ENROLMENT_HISTORY__CURRENT) != 0,
	};
	return e->school && e->school_name && e->start_date ? ERR_OK : ERR_NOMEM;
}

int enrolment_history(struct db_conn *c, struct arena *a, int64_t person_id,
		      struct enrolment_entry **out, size_t *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person_id), DBV_INT(person_id)};
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = db_query(c, Q_ENROLMENT_HISTORY, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct enrolment_entry *room = reads_grow(a, *out, *n, &cap, sizeof(**out));
		if (!room) {
			rc = ERR_NOMEM;
			break;
		}
		*out = room;
		rc = history_row(&res, a, &room[*n]);
		if (!rc)
			(*n)++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}
