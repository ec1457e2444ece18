/* Unit tests of src/domain/teaching/class.c on a temporary SQLite database:
 * who may create and change a class, its subjects and homeroom teacher,
 * placing students (all or nothing, each placing audited), and a class's
 * read with its audit entries. */
#include "fixture.h"

/* Run a class write as a work function; its result. */
static int run(struct tf *f, work_fn fn, void *ctx)
{
	return work_write(f->st.db, fn, ctx);
}

UNIT_TEST_WITH(test_create, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	assert_true(f->class_id > 0);
	/* A second 6A of the same year is refused. */
	struct class_create k = {
		.by = &f->as_admin, .school = "S", .name = "6A", .year = 2025, .grade = 6};
	assert_int_equal(run(f, class_create_tx, &k), ERR_CONFLICT);
	assert_int_equal(k.p.id, P_CLASS_EXISTS);
	assert_string_equal(k.p.field, "name");
	/* ... but not in another year. */
	k = (struct class_create){
		.by = &f->as_admin, .school = "S", .name = "6A", .year = 2026, .grade = 6};
	assert_int_equal(run(f, class_create_tx, &k), ERR_OK);
	assert_true(k.id > f->class_id);
	/* A teacher sees the school but does not manage it. */
	k = (struct class_create){
		.by = &f->as_teacher, .school = "S", .name = "6B", .year = 2025, .grade = 6};
	assert_int_equal(run(f, class_create_tx, &k), ERR_FORBIDDEN);
	assert_int_equal(k.p.id, P_FORBIDDEN);
	/* An unknown school is 404, as one outside the caller's reach. */
	k = (struct class_create){
		.by = &f->as_admin, .school = "NOPE", .name = "6B", .year = 2025, .grade = 6};
	assert_int_equal(run(f, class_create_tx, &k), ERR_NOTFOUND);
	assert_int_equal(k.p.id, P_NOT_FOUND);
	/* A grade the school does not teach; a homeroom teacher of no school. */
	k = (struct class_create){
		.by = &f->as_admin, .school = "S", .name = "1A", .year = 2025, .grade = 1};
	assert_int_equal(run(f, class_create_tx, &k), ERR_INVALID);
	assert_int_equal(k.p.id, P_GRADE_NOT_TAUGHT);
	k = (struct class_create){.by = &f->as_admin,
				  .school = "S",
				  .name = "6B",
				  .year = 2025,
				  .grade = 6,
				  .homeroom = "admin.s"};
	assert_int_equal(run(f, class_create_tx, &k), ERR_INVALID);
	assert_int_equal(k.p.id, P_UNKNOWN_TEACHER);
	assert_string_equal(k.p.field, "homeroom_teacher");
}

UNIT_TEST_WITH(test_view_and_its_audit, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	int64_t before = tf_audit_count(f);
	/* The homeroom teacher reads the class: one entry per student shown. */
	struct class_view v = {.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_teacher, &v), ERR_OK);
	assert_true(v.d.allowed);
	assert_int_equal(v.nmembers, 3);
	assert_int_equal(v.nsubjects, 1);
	assert_string_equal(v.subjects[0].subject.code, "TOAN");
	assert_string_equal(v.subjects[0].teacher, "teacher.one");
	assert_string_equal(v.cls.homeroom, "teacher.one");
	assert_int_equal(v.naudit, 3);
	for (size_t i = 0; i < v.naudit; i++) {
		assert_string_equal(v.audit[i].action, "class.read");
		assert_true(v.audit[i].allowed);
		assert_int_equal(v.audit[i].person_id, v.members[i].id);
		assert_string_equal(v.audit[i].subject,
				    arena_printf(&f->a, "class:%" PRId64, f->class_id));
	}
	/* Another teacher of the school: refused, visible, one refused entry. */
	v = (struct class_view){.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_teacher2, &v), ERR_OK);
	assert_false(v.d.allowed);
	assert_int_equal(v.p.id, P_FORBIDDEN);
	assert_int_equal(v.naudit, 1);
	assert_false(v.audit[0].allowed);
	assert_int_equal(v.audit[0].person_id, 0);
	/* An absent class is refused alike, as not found. */
	v = (struct class_view){.id = f->class_id + 1000};
	assert_int_equal(class_view_read(f->st.db, &f->as_admin, &v), ERR_OK);
	assert_false(v.d.allowed);
	assert_int_equal(v.p.id, P_NOT_FOUND);
	assert_int_equal(v.naudit, 1);
	/* Reads append nothing themselves: the caller does, before answering. */
	assert_int_equal(tf_audit_count(f), before);
}

UNIT_TEST_WITH(test_subjects_and_homeroom, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	/* Only the administration manages the class. */
	struct class_edit e = {.by = &f->as_teacher, .id = f->class_id, .subject = "VAN"};
	assert_int_equal(run(f, class_assign_tx, &e), ERR_FORBIDDEN);
	assert_int_equal(e.p.id, P_FORBIDDEN);
	/* A subject of another level, a teacher of no school. */
	e = (struct class_edit){.by = &f->as_admin, .id = f->class_id, .subject = "NOPE"};
	assert_int_equal(run(f, class_assign_tx, &e), ERR_INVALID);
	assert_int_equal(e.p.id, P_UNKNOWN_SUBJECT);
	e = (struct class_edit){
		.by = &f->as_admin, .id = f->class_id, .subject = "TOAN", .teacher = "admin.s"};
	assert_int_equal(run(f, class_assign_tx, &e), ERR_INVALID);
	assert_int_equal(e.p.id, P_UNKNOWN_TEACHER);
	assert_string_equal(e.p.field, "teacher");
	/* teacher.two teaches TOAN now (the subject changes hands): they read
	 * the class, teacher.one as its homeroom teacher still does. */
	e = (struct class_edit){
		.by = &f->as_admin, .id = f->class_id, .subject = "TOAN", .teacher = "teacher.two"};
	assert_int_equal(run(f, class_assign_tx, &e), ERR_OK);
	struct class_view v = {.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_teacher2, &v), ERR_OK);
	assert_true(v.d.allowed);
	assert_string_equal(v.subjects[0].teacher, "teacher.two");
	/* Without the homeroom, teacher.one no longer sees the class. */
	e = (struct class_edit){.by = &f->as_admin, .id = f->class_id, .field = "homeroom"};
	assert_int_equal(run(f, class_homeroom_tx, &e), ERR_OK);
	v = (struct class_view){.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_teacher, &v), ERR_OK);
	assert_false(v.d.allowed);
	/* The refusal of an unknown teacher names the body's field. */
	e = (struct class_edit){
		.by = &f->as_admin, .id = f->class_id, .teacher = "nobody", .field = "homeroom"};
	assert_int_equal(run(f, class_homeroom_tx, &e), ERR_INVALID);
	assert_int_equal(e.p.id, P_UNKNOWN_TEACHER);
	assert_string_equal(e.p.field, "homeroom");
	e = (struct class_edit){.by = &f->as_admin,
				.id = f->class_id,
				.teacher = "teacher.one",
				.field = "homeroom_teacher"};
	assert_int_equal(run(f, class_homeroom_tx, &e), ERR_OK);
	v = (struct class_view){.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_teacher, &v), ERR_OK);
	assert_true(v.d.allowed);
	assert_string_equal(v.cls.homeroom, "teacher.one");
}

UNIT_TEST_WITH(test_place_students, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	int64_t before = tf_audit_count(f);
	/* The grade 7 student cannot be placed in 6A: nothing changes, the
	 * placing of student 3 before it included. */
	int64_t both[] = {f->students[3], f->students[4]};
	struct class_edit e = {
		.by = &f->as_admin, .id = f->class_id, .students = both, .nstudents = 2};
	assert_int_equal(run(f, class_place_tx, &e), ERR_INVALID);
	assert_int_equal(e.p.id, P_NOT_ENROLLED_HERE);
	assert_string_equal(e.p.field, "students[1]");
	assert_int_equal(tf_audit_count(f), before);
	struct class_view v = {.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_admin, &v), ERR_OK);
	assert_int_equal(v.nmembers, 3);
	/* A teacher does not place students. */
	e = (struct class_edit){
		.by = &f->as_teacher, .id = f->class_id, .students = both, .nstudents = 1};
	assert_int_equal(run(f, class_place_tx, &e), ERR_FORBIDDEN);
	/* Student 3 alone: placed, and the placing is on record. */
	e = (struct class_edit){
		.by = &f->as_admin, .id = f->class_id, .students = both, .nstudents = 1};
	assert_int_equal(run(f, class_place_tx, &e), ERR_OK);
	assert_int_equal(tf_audit_count(f), before + 1);
	assert_int_equal(tf_count(f, "SELECT count(*) FROM audit_log WHERE action = "
				     "'class.place' AND allowed = 1"),
			 1);
	v = (struct class_view){.id = f->class_id};
	assert_int_equal(class_view_read(f->st.db, &f->as_admin, &v), ERR_OK);
	assert_int_equal(v.nmembers, 4);
	assert_int_equal(v.naudit, 4);
}

UNIT_TEST_WITH(test_list, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct class_list l = {.school = "S"};
	assert_int_equal(class_list_read(f->st.db, &f->as_teacher, &l), ERR_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "6A");
	assert_int_equal(l.items[0].policy, POLICY_VN_TT22);
	/* Outside the caller's reach, or no school: 404 alike. */
	struct principal far = f->teacher;
	far.grants[0].org_path = "/999/";
	struct actor as_far = {.who = &far, .ip = "-", .arena = &f->a};
	l = (struct class_list){.school = "S"};
	assert_int_equal(class_list_read(f->st.db, &as_far, &l), ERR_NOTFOUND);
	assert_int_equal(l.p.id, P_NOT_FOUND);
	l = (struct class_list){.school = "D"};
	assert_int_equal(class_list_read(f->st.db, &f->as_admin, &l), ERR_NOTFOUND);
}

int main(void)
{
	return unit_run(LOG_ERROR, NULL, NULL);
}
