/* Unit tests of src/domain/teaching/grade.c and term_lock.c on a temporary
 * SQLite database: who may enter a subject's grades, a save refused under
 * a locked term, the change history and the audit of each student whose
 * grade changes, and the refusals of the body's grades. */
#include "fixture.h"

#include "domain/teaching/grade.h"
#include "domain/teaching/term_lock.h"

/* Save `json` (a list of grades) as `by`: TOAN, term `term`, regular1. */
static int save(struct tf *f, struct actor *by, int term, const char *json, struct grades_save *x)
{
	*x = (struct grades_save){
		.by = by, .id = f->class_id, .subject_code = "TOAN", .term = term, .slot = GB_R1};
	json_error_t err;
	json_t *grades = json_loads(json, 0, &err);
	assert_non_null(grades);
	int rc = grades_save_prepare(f->st.db, x, grades);
	json_decref(grades);
	return rc ? rc : work_write(f->st.db, grades_save_tx, x);
}

/* "[{student 0: v0}, {student 1: v1}]" for the fixture's students. */
static const char *two(struct tf *f, const char *v0, const char *v1)
{
	return arena_printf(&f->a,
			    "[{\"student\": %" PRId64 ", \"value\": %s}, {\"student\": %" PRId64
			    ", \"value\": %s}]",
			    f->students[0], v0, f->students[1], v1);
}

/* Student i's regular1 of a term in the class's TOAN gradebook. */
static int regular1(struct tf *f, int i, int term)
{
	struct grades_view v = {.id = f->class_id, .subject_code = "TOAN"};
	assert_int_equal(grades_view_read(f->st.db, &f->as_admin, &v), ERR_OK);
	for (int k = 0; k < v.rows.n; k++)
		if (v.rows.students[k] == f->students[i])
			return v.rows.rows[k].v[term - 1][GB_R1];
	return GB_NONE;
}

static int term_change(struct tf *f, struct actor *by, int term, bool lock, struct problem *p)
{
	struct term_lock_change x = {.by = by,
				     .school = "S",
				     .year = 2025,
				     .term = term,
				     .lock = lock,
				     .reason = lock ? NULL : "A correction."};
	int rc = work_write(f->st.db, term_lock_tx, &x);
	*p = x.p;
	return rc;
}

UNIT_TEST_WITH(test_save_audit_and_history, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct grades_save x;
	int64_t audit = tf_audit_count(f);
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8", "7.5"), &x), ERR_OK);
	assert_int_equal(x.changed, 2);
	assert_int_equal(regular1(f, 0, 1), 800);
	assert_int_equal(regular1(f, 1, 1), 750);
	assert_int_equal(tf_audit_count(f), audit + 2);
	/* The same values again change nothing and record nothing. */
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8", "7.5"), &x), ERR_OK);
	assert_int_equal(x.changed, 0);
	assert_int_equal(tf_audit_count(f), audit + 2);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM grade_changes"), 0);
	/* A correction of one: kept in grade_changes, one more entry. */
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "9", "7.5"), &x), ERR_OK);
	assert_int_equal(x.changed, 1);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM grade_changes WHERE old_value = 800 "
				     "AND new_value = 900 AND assessment = 'regular1'"),
			 1);
	assert_int_equal(tf_audit_count(f), audit + 3);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM audit_log WHERE action = "
				     "'grades.update' AND subject LIKE '% TOAN term 1 regular1'"),
			 3);
}

UNIT_TEST_WITH(test_locked_term, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct grades_save x;
	struct problem p;
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8", "7"), &x), ERR_OK);
	/* Only the administration locks; twice is refused. */
	assert_int_equal(term_change(f, &f->as_teacher, 1, true, &p), ERR_FORBIDDEN);
	assert_int_equal(p.id, P_FORBIDDEN);
	assert_int_equal(term_change(f, &f->as_admin, 1, true, &p), ERR_OK);
	assert_int_equal(term_change(f, &f->as_admin, 1, true, &p), ERR_CONFLICT);
	assert_int_equal(p.id, P_ALREADY_LOCKED);
	/* A save of the locked term is refused and changes nothing ... */
	int64_t audit = tf_audit_count(f);
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "10", "10"), &x), ERR_CONFLICT);
	assert_int_equal(x.p.id, P_TERM_LOCKED);
	assert_string_equal(x.p.field, "term");
	assert_int_equal(regular1(f, 0, 1), 800);
	assert_int_equal(tf_audit_count(f), audit);
	/* ... the other term is open ... */
	assert_int_equal(save(f, &f->as_teacher, 2, two(f, "6", "6"), &x), ERR_OK);
	assert_int_equal(regular1(f, 0, 2), 600);
	/* ... and once unlocked, so is term 1. */
	assert_int_equal(term_change(f, &f->as_admin, 1, false, &p), ERR_OK);
	assert_int_equal(term_change(f, &f->as_admin, 1, false, &p), ERR_CONFLICT);
	assert_int_equal(p.id, P_NOT_LOCKED);
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "10", "10"), &x), ERR_OK);
	assert_int_equal(regular1(f, 0, 1), 1000);
	/* The history keeps both events, oldest first. */
	struct term_locks l = {.school = "S", .year = 2025};
	assert_int_equal(term_locks_read(f->st.db, &f->as_teacher, &l), ERR_OK);
	assert_false(l.locked[0]);
	assert_int_equal(l.nevents, 2);
	assert_string_equal(l.events[0].action, "lock");
	assert_string_equal(l.events[1].action, "unlock");
	assert_string_equal(l.events[1].reason, "A correction.");
	assert_string_equal(l.events[1].by, "admin.s");
}

UNIT_TEST_WITH(test_refusals, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct grades_save x;
	int64_t audit = tf_audit_count(f);
	/* Not the subject's teacher: refused before any write, the refusal
	 * made ready for the log, naming the class. */
	assert_int_equal(save(f, &f->as_teacher2, 1, two(f, "8", "7"), &x), ERR_FORBIDDEN);
	assert_true(x.refused);
	assert_int_equal(x.p.id, P_FORBIDDEN);
	assert_int_equal(x.naudit, 1);
	assert_false(x.audit[0].allowed);
	assert_string_equal(x.audit[0].action, "grades.update");
	assert_string_equal(x.audit[0].subject, arena_printf(&f->a, "class:%" PRId64, f->class_id));
	assert_int_equal(tf_audit_count(f), audit);
	/* The administration may. */
	assert_int_equal(save(f, &f->as_admin, 1, two(f, "8", "7"), &x), ERR_OK);
	/* A value out of the policy's range, too precise, of the wrong type. */
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8", "11"), &x), ERR_INVALID);
	assert_false(x.refused);
	assert_int_equal(x.p.id, P_OUT_OF_RANGE);
	assert_string_equal(x.p.field, "grades[1].value");
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8.25", "7"), &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_TOO_PRECISE);
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "\"tot\"", "7"), &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_TYPE);
	/* Comments are not kept under vn-tt22. */
	const char *commented = arena_printf(
		&f->a, "[{\"student\": %" PRId64 ", \"comment\": \"Good\"}]", f->students[0]);
	assert_int_equal(save(f, &f->as_teacher, 1, commented, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_WRONG_ASSESSMENT);
	assert_string_equal(x.p.field, "grades[0].comment");
	/* A student of another class, or one given twice. */
	const char *other =
		arena_printf(&f->a, "[{\"student\": %" PRId64 ", \"value\": 5}]", f->students[3]);
	assert_int_equal(save(f, &f->as_teacher, 1, other, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_NOT_IN_THIS_CLASS);
	assert_string_equal(x.p.field, "grades[0].student");
	const char *twice = arena_printf(&f->a,
					 "[{\"student\": %" PRId64 ", \"value\": 5}, {\"student\": "
					 "%" PRId64 ", \"value\": 6}]",
					 f->students[0], f->students[0]);
	assert_int_equal(save(f, &f->as_teacher, 1, twice, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_DUPLICATE);
	assert_string_equal(x.p.field, "grades[1].student");
	/* None of these changed the stored grades. */
	assert_int_equal(regular1(f, 0, 1), 800);
	assert_int_equal(regular1(f, 1, 1), 700);
}

UNIT_TEST_WITH(test_view, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct grades_save x;
	assert_int_equal(save(f, &f->as_teacher, 1, two(f, "8", "7"), &x), ERR_OK);
	struct grades_view v = {.id = f->class_id, .subject_code = "TOAN"};
	assert_int_equal(grades_view_read(f->st.db, &f->as_teacher, &v), ERR_OK);
	assert_true(v.d.allowed);
	assert_int_equal(v.nmembers, 3);
	assert_int_equal(v.naudit, 3);
	assert_string_equal(v.audit[0].action, "grades.read");
	/* A subject the class does not take; the qualities outside vn-tt27. */
	v = (struct grades_view){.id = f->class_id, .subject_code = "VAN"};
	assert_int_equal(grades_view_read(f->st.db, &f->as_teacher, &v), ERR_INVALID);
	assert_int_equal(v.p.id, P_SUBJECT_NOT_IN_CLASS);
	v = (struct grades_view){.id = f->class_id, .qualities = true};
	assert_int_equal(grades_view_read(f->st.db, &f->as_teacher, &v), ERR_INVALID);
	assert_int_equal(v.p.id, P_WRONG_ASSESSMENT);
	/* Another teacher reads nothing: one refused entry. */
	v = (struct grades_view){.id = f->class_id, .subject_code = "TOAN"};
	assert_int_equal(grades_view_read(f->st.db, &f->as_teacher2, &v), ERR_OK);
	assert_false(v.d.allowed);
	assert_int_equal(v.nmembers, 0);
	assert_int_equal(v.naudit, 1);
	assert_false(v.audit[0].allowed);
}

int main(void)
{
	return unit_run(LOG_ERROR, NULL, NULL);
}
