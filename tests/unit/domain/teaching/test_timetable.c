/* Unit tests of src/domain/teaching/timetable.c: room names, a week's own
 * duplicates, clash detection, the problem it becomes, the unique indexes
 * as the backstop on a real SQLite database, and a class's week put as the
 * actor (who may, its subjects and teachers, clashes named, a lost race
 * explained). */
#include "fixture.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/registry/org.h"
#include "domain/teaching/subject.h"
#include "domain/teaching/timetable.h"
#include "domain/access/user.h"

UNIT_TEST(test_room_normalize)
{
	UNUSED(state);
	char out[256];
	assert_int_equal(timetable_room_normalize("  \xdb\xb1\xdb\xb0\xdb\xb1 ", out, sizeof(out)),
			 ERR_OK);
	assert_string_equal(out, "101"); /* Persian digits, trimmed */
	assert_int_equal(timetable_room_normalize("Ph\xc3\xb2ng   A  2", out, sizeof(out)), ERR_OK);
	assert_string_equal(out, "Ph\xc3\xb2ng A 2");
	/* "o" + combining grave is the same room as "ò" (NFC). */
	assert_int_equal(timetable_room_normalize("Pho\xcc\x80ng A 2", out, sizeof(out)), ERR_OK);
	assert_string_equal(out, "Ph\xc3\xb2ng A 2");
	assert_int_equal(timetable_room_normalize("   ", out, sizeof(out)), ERR_OK);
	assert_string_equal(out, "");
	char room[64];
	memset(room, 'r', 32);
	room[32] = '\0';
	assert_int_equal(timetable_room_normalize(room, out, sizeof(out)), ERR_OK);
	room[32] = 'r';
	room[33] = '\0';
	assert_int_equal(timetable_room_normalize(room, out, sizeof(out)), ERR_INVALID);
	assert_int_equal(timetable_room_normalize("\xff", out, sizeof(out)), ERR_INVALID);
}

UNIT_TEST(test_duplicate)
{
	UNUSED(state);
	struct timetable_slot w[4] = {{.weekday = 1, .period = 1},
				      {.weekday = 1, .period = 2},
				      {.weekday = 2, .period = 1},
				      {.weekday = 1, .period = 2}};
	assert_int_equal(timetable_duplicate(w, 3), -1);
	assert_int_equal(timetable_duplicate(w, 4), 3);
	assert_int_equal(timetable_duplicate(w, 0), -1);
	w[2] = (struct timetable_slot){.weekday = 7, .period = 12};
	w[3] = (struct timetable_slot){.weekday = 7, .period = 12};
	assert_int_equal(timetable_duplicate(w, 4), 3);
}

/* A slot of class `cls` at d/k with a teacher id and a room. */
static struct timetable_slot slot(int64_t cls, int d, int k, int64_t teacher, const char *room)
{
	return (struct timetable_slot){.class_id = cls,
				       .weekday = d,
				       .period = k,
				       .teacher_id = teacher,
				       .room = room,
				       .class_name = cls == 1 ? "6A" : "6B",
				       .school = "S1"};
}

UNIT_TEST(test_find_clash)
{
	UNUSED(state);
	struct timetable_clash k;
	struct timetable_slot taken[] = {slot(2, 1, 1, 7, "101"), slot(2, 1, 2, 0, "102"),
					 slot(3, 2, 1, 8, NULL)};
	/* Nothing shared: no clash. */
	struct timetable_slot a[] = {slot(1, 1, 1, 9, "103"), slot(1, 1, 2, 7, "101")};
	timetable_find_clash(a, 2, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_NONE);
	assert_int_equal(k.index, -1);
	assert_null(k.other);
	/* The same teacher at the same time. */
	struct timetable_slot b[] = {slot(1, 3, 3, 7, NULL), slot(1, 2, 1, 8, "101")};
	timetable_find_clash(b, 2, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_TEACHER);
	assert_int_equal(k.index, 1);
	assert_ptr_equal(k.other, &taken[2]);
	/* The same room at the same time. */
	struct timetable_slot c[] = {slot(1, 1, 2, 9, "102")};
	timetable_find_clash(c, 1, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_ROOM);
	assert_int_equal(k.index, 0);
	assert_ptr_equal(k.other, &taken[1]);
	/* Both at one slot: the teacher is reported. */
	struct timetable_slot d[] = {slot(1, 1, 1, 7, "101")};
	timetable_find_clash(d, 1, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_TEACHER);
	/* The first clashing slot of the week wins, whatever its kind. */
	struct timetable_slot e[] = {slot(1, 1, 2, 0, "102"), slot(1, 1, 1, 7, NULL)};
	timetable_find_clash(e, 2, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_ROOM);
	assert_int_equal(k.index, 0);
	/* No teacher and no room never clash; the class's own slots neither. */
	struct timetable_slot f[] = {slot(1, 1, 2, 0, NULL), slot(1, 1, 1, 0, NULL)};
	timetable_find_clash(f, 2, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_NONE);
	struct timetable_slot own[] = {slot(2, 1, 1, 7, "101")};
	timetable_find_clash(own, 1, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_NONE);
	/* Room names compare exactly (they are stored normalised). */
	struct timetable_slot g[] = {slot(1, 1, 2, 0, "102a")};
	timetable_find_clash(g, 1, taken, 3, &k);
	assert_int_equal(k.kind, TIMETABLE_CLASH_NONE);
}

UNIT_TEST(test_clash_problem)
{
	UNUSED(state);
	struct arena a;
	arena_init(&a, 4096, 1 << 20);
	struct class_ref cls = {.id = 1, .name = "6A", .school = "S1"};
	struct timetable_slot taken[] = {slot(2, 2, 3, 7, "101")};
	taken[0].school = "S9";
	struct timetable_slot week[] = {slot(1, 1, 1, 0, NULL), slot(1, 2, 3, 7, NULL)};
	week[1].teacher = "le.van.an";
	struct timetable_clash k;
	timetable_find_clash(week, 2, taken, 1, &k);
	struct problem p = {0};
	assert_int_equal(timetable_clash_problem(&a, &cls, week, &k, &p), ERR_CONFLICT);
	assert_int_equal(p.err, ERR_CONFLICT);
	assert_problem(p, "teacher_clash", "periods[1]");
	assert_string_equal(p.detail,
			    "Teacher le.van.an already teaches class 6B of school S9 on Tuesday, "
			    "period 3.");
	assert_string_equal(p.ext_name, "other_class");
	assert_int_equal(p.ext_value, 2);
	/* The same school is not named. */
	taken[0].school = "S1";
	week[1] = slot(1, 2, 3, 0, "101");
	timetable_find_clash(week, 2, taken, 1, &k);
	assert_int_equal(timetable_clash_problem(&a, &cls, week, &k, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "room_clash");
	assert_string_equal(p.detail, "Room 101 is already used by class 6B on Tuesday, period 3.");
	arena_release(&a);
}

UNIT_TEST(test_unique_kind)
{
	UNUSED(state);
	/* The drivers' texts (src/db/sqlite.c, src/db/pgsql.c). */
	assert_int_equal(timetable_unique_kind("sqlite: UNIQUE constraint failed: "
					       "timetable.school_year, timetable.teacher_id, "
					       "timetable.weekday, timetable.period"),
			 TIMETABLE_CLASH_TEACHER);
	assert_int_equal(
		timetable_unique_kind("sqlite: UNIQUE constraint failed: timetable.org_id, "
				      "timetable.school_year, timetable.room, "
				      "timetable.weekday, timetable.period"),
		TIMETABLE_CLASH_ROOM);
	assert_int_equal(timetable_unique_kind("sqlite: UNIQUE constraint failed: "
					       "timetable.class_id, timetable.weekday, "
					       "timetable.period"),
			 TIMETABLE_CLASH_NONE);
	assert_int_equal(timetable_unique_kind("pgsql: 23505 ERROR:  duplicate key value violates "
					       "unique constraint \"timetable_teacher\"\nDETAIL:  "
					       "Key (school_year, teacher_id, weekday, period)="
					       "(2025, 3, 1, 1) already exists."),
			 TIMETABLE_CLASH_TEACHER);
	assert_int_equal(timetable_unique_kind("pgsql: 23505 ERROR:  duplicate key value violates "
					       "unique constraint \"timetable_room\"\nDETAIL:  Key "
					       "(org_id, school_year, room, weekday, period)="
					       "(4, 2025, 101, 1, 1) already exists."),
			 TIMETABLE_CLASH_ROOM);
	assert_int_equal(
		timetable_unique_kind("pgsql: 23505 ERROR:  duplicate key value violates "
				      "unique constraint \"timetable_class\"\nDETAIL:  Key "
				      "(class_id, weekday, period)=(9, 1, 1) already exists."),
		TIMETABLE_CLASH_NONE);
	assert_int_equal(timetable_unique_kind(NULL), TIMETABLE_CLASH_NONE);
}

/* ---- on SQLite: the check and the unique indexes ---- */

struct fixture {
	struct unit_store st;
	struct arena a;
	struct class_ref cls[2];
	int64_t teacher, subject;
};

struct setup_ctx {
	struct fixture *f;
	struct problem p;
};

static int setup_fn(struct db_conn *c, void *arg)
{
	struct setup_ctx *x = arg;
	struct fixture *f = x->f;
	int64_t id = 0;
	int rc = unit_vn_school(c, "Org", &id, &x->p);
	if (rc)
		return rc;
	struct user_input u = {.username = "teacher.one",
			       .password_hash = "$argon2id$fake",
			       .role = ROLE_TEACHER,
			       .org = "S"};
	rc = user_create(c, &u, &f->teacher, &x->p);
	const char *names[] = {"6A", "6B"};
	for (int i = 0; !rc && i < 2; i++) {
		struct db_res res;
		struct db_val v[] = {DBV_INT(id),	 DBV_INT(2025), DBV_INT(6),
				     DBV_TEXT(names[i]), DBV_NULL,	DBV_INT(0)};
		rc = db_row(c, Q_CLASS_INSERT, v, ARRAY_SIZE(v), &res);
		if (rc)
			return rc;
		int64_t cid = db_int(&res, C_CLASS_INSERT__ID);
		db_done(&res);
		rc = class_get(c, &f->a, cid, &f->cls[i]);
	}
	struct subject s;
	if (!rc)
		rc = subject_get(c, &f->a, "VN", "lower_secondary", "TOAN", "subject", &s, &x->p);
	f->subject = s.id;
	return rc;
}

static int setup_db(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	arena_init(&f->a, 8192, 1 << 24);
	struct setup_ctx x = {.f = f};
	if (unit_store_open(&f->st, "test.db", 0) || db_write(f->st.db, setup_fn, &x)) {
		print_error("setup: %s\n", x.p.detail ? x.p.detail : "");
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown_db(void **state)
{
	struct fixture *f = *state;
	unit_store_close(&f->st);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* A write job: save one class's week, or insert one slot without the check. */
struct week_job {
	struct fixture *f;
	int cls;
	struct timetable_slot *week;
	int n;
	bool insert_only;
	struct problem p;
};

static int week_fn(struct db_conn *c, void *arg)
{
	struct week_job *x = arg;
	const struct class_ref *cls = &x->f->cls[x->cls];
	if (x->insert_only)
		return timetable_insert_slot(c, &x->f->a, cls, x->week, 0, &x->p);
	return timetable_save(c, &x->f->a, cls, x->week, x->n, &x->p);
}

static int run_week(struct fixture *f, int cls, struct timetable_slot *week, int n,
		    bool insert_only, struct problem *p)
{
	struct week_job x = {.f = f, .cls = cls, .week = week, .n = n, .insert_only = insert_only};
	for (int i = 0; i < n; i++) {
		week[i].class_id = f->cls[cls].id;
		week[i].subject_id = f->subject;
	}
	int rc = db_write(f->st.db, week_fn, &x);
	*p = x.p;
	return rc;
}

struct read_job {
	struct fixture *f;
	int64_t class_id, teacher_id;
	struct timetable_slot *items;
	int n;
};

static int read_fn(struct db_conn *c, void *arg)
{
	struct read_job *x = arg;
	if (x->teacher_id)
		return timetable_teacher_read(c, &x->f->a, 2025, x->teacher_id, &x->items, &x->n);
	return timetable_class_read(c, &x->f->a, x->class_id, &x->items, &x->n);
}

UNIT_TEST_WITH(test_save_and_backstop, setup_db, teardown_db)
{
	struct fixture *f = *state;
	struct problem p = {0};
	struct timetable_slot a[] = {
		{.weekday = 1, .period = 1, .teacher_id = f->teacher, .teacher = "teacher.one"},
		{.weekday = 1, .period = 2, .room = "101"},
	};
	assert_int_equal(run_week(f, 0, a, 2, false, &p), ERR_OK);
	/* Replacing the week with itself: its own slots do not clash. */
	assert_int_equal(run_week(f, 0, a, 2, false, &p), ERR_OK);
	/* The check: 6B wants the teacher at Monday 1. */
	struct timetable_slot b[] = {
		{.weekday = 2, .period = 1, .room = "101"},
		{.weekday = 1, .period = 1, .teacher_id = f->teacher, .teacher = "teacher.one"},
	};
	assert_int_equal(run_week(f, 1, b, 2, false, &p), ERR_CONFLICT);
	assert_problem(p, "teacher_clash", "periods[1]");
	assert_int_equal(p.ext_value, f->cls[0].id);
	assert_non_null(strstr(p.detail, "6A"));
	/* The backstop: the same slot inserted without the check. */
	assert_int_equal(run_week(f, 1, &b[1], 1, true, &p), ERR_CONFLICT);
	assert_problem(p, "teacher_clash", "periods[0]");
	struct timetable_slot room[] = {{.weekday = 1, .period = 2, .room = "101"}};
	assert_int_equal(run_week(f, 1, room, 1, false, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "room_clash");
	assert_int_equal(run_week(f, 1, room, 1, true, &p), ERR_CONFLICT);
	assert_problem(p, "room_clash", "periods[0]");
	/* A class's own slot twice: the week was written at the same moment. */
	struct timetable_slot again[] = {{.weekday = 1, .period = 1}};
	assert_int_equal(run_week(f, 0, again, 1, true, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "timetable_changed");
	assert_null(p.field);
	/* Nothing of the refused weeks was stored. */
	struct read_job r = {.f = f, .class_id = f->cls[1].id};
	assert_int_equal(db_read(f->st.db, read_fn, &r), ERR_OK);
	assert_int_equal(r.n, 0);
	r = (struct read_job){.f = f, .class_id = f->cls[0].id};
	assert_int_equal(db_read(f->st.db, read_fn, &r), ERR_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.items[0].subject, "TOAN");
	assert_string_equal(r.items[0].teacher, "teacher.one");
	assert_null(r.items[0].room);
	assert_string_equal(r.items[1].room, "101");
	assert_null(r.items[1].teacher);
	assert_string_equal(r.items[1].class_name, "6A");
	assert_string_equal(r.items[1].school, "S");
	/* Another time is free; the teacher's week lists both classes. */
	struct timetable_slot ok[] = {
		{.weekday = 1,
		 .period = 3,
		 .teacher_id = f->teacher,
		 .teacher = "teacher.one",
		 .room = "101"},
	};
	assert_int_equal(run_week(f, 1, ok, 1, false, &p), ERR_OK);
	r = (struct read_job){.f = f, .teacher_id = f->teacher};
	assert_int_equal(db_read(f->st.db, read_fn, &r), ERR_OK);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.items[0].class_id, f->cls[0].id);
	assert_int_equal(r.items[1].class_id, f->cls[1].id);
	assert_int_equal(r.items[1].period, 3);
}

/* ---- a class's week put as the actor ---- */

/* Put one period (Monday 1) of class_id's week as `by`. */
static int put_one(struct tf *f, struct actor *by, int64_t class_id, const char *subject,
		   const char *teacher, const char *room, struct timetable_put *x)
{
	struct timetable_slot *w = arena_calloc(&f->a, 1, sizeof(*w));
	assert_non_null(w);
	*w = (struct timetable_slot){
		.weekday = 1, .period = 1, .subject = subject, .teacher = teacher, .room = room};
	*x = (struct timetable_put){.by = by, .id = class_id, .week = w, .n = 1};
	return work_write(f->st.db, timetable_put_tx, x);
}

/* Class 6B of the fixture's school and year, with TOAN taught by teacher.two. */
static int64_t class_6b(struct tf *f)
{
	struct class_create k = {
		.by = &f->as_admin, .school = "S", .name = "6B", .year = 2025, .grade = 6};
	assert_int_equal(work_write(f->st.db, class_create_tx, &k), ERR_OK);
	struct class_edit e = {
		.by = &f->as_admin, .id = k.id, .subject = "TOAN", .teacher = "teacher.two"};
	assert_int_equal(work_write(f->st.db, class_assign_tx, &e), ERR_OK);
	return k.id;
}

UNIT_TEST_WITH(test_put_clashes, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct timetable_put x;
	assert_int_equal(put_one(f, &f->as_admin, f->class_id, "TOAN", "teacher.one", "101", &x),
			 ERR_OK);
	int64_t b = class_6b(f);
	/* teacher.one teaches 6A then: 409 naming 6A. */
	assert_int_equal(put_one(f, &f->as_admin, b, "TOAN", "teacher.one", NULL, &x),
			 ERR_CONFLICT);
	assert_int_equal(x.p.id, P_TEACHER_CLASH);
	assert_string_equal(x.p.field, "periods[0]");
	assert_string_equal(x.p.ext_name, "other_class");
	assert_int_equal(x.p.ext_value, f->class_id);
	/* Room 101 is 6A's then. */
	assert_int_equal(put_one(f, &f->as_admin, b, "TOAN", "teacher.two", "101", &x),
			 ERR_CONFLICT);
	assert_int_equal(x.p.id, P_ROOM_CLASH);
	/* Another room is free. */
	assert_int_equal(put_one(f, &f->as_admin, b, "TOAN", "teacher.two", "102", &x), ERR_OK);
	struct timetable_class_view v = {.id = b};
	assert_int_equal(timetable_class_view_read(f->st.db, &f->as_teacher2, &v), ERR_OK);
	assert_int_equal(v.nslots, 1);
	assert_string_equal(v.slots[0].room, "102");
	assert_string_equal(v.slots[0].subject_name_en, "Mathematics");
}

UNIT_TEST_WITH(test_put_refusals, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct timetable_put x;
	/* Only the administration sets a week. */
	assert_int_equal(put_one(f, &f->as_teacher, f->class_id, "TOAN", NULL, NULL, &x),
			 ERR_FORBIDDEN);
	assert_int_equal(x.p.id, P_FORBIDDEN);
	/* A subject of the level the class does not take; no such subject. */
	assert_int_equal(put_one(f, &f->as_admin, f->class_id, "VAN", NULL, NULL, &x), ERR_INVALID);
	assert_int_equal(x.p.id, P_SUBJECT_NOT_IN_CLASS);
	assert_string_equal(x.p.field, "periods[0].subject");
	assert_int_equal(put_one(f, &f->as_admin, f->class_id, "NOPE", NULL, NULL, &x),
			 ERR_INVALID);
	assert_int_equal(x.p.id, P_UNKNOWN_SUBJECT);
	/* A teacher of no school. */
	assert_int_equal(put_one(f, &f->as_admin, f->class_id, "TOAN", "admin.s", NULL, &x),
			 ERR_INVALID);
	assert_int_equal(x.p.id, P_UNKNOWN_TEACHER);
	assert_string_equal(x.p.field, "periods[0].teacher");
	/* A weekday and period twice, before any write. */
	struct timetable_slot twice[] = {{.weekday = 2, .period = 3}, {.weekday = 2, .period = 3}};
	struct problem p = {0};
	assert_int_equal(timetable_week_check(&f->a, twice, 2, &p), ERR_INVALID);
	assert_int_equal(p.id, P_DUPLICATE);
	assert_string_equal(p.field, "periods[1]");
	assert_int_equal(timetable_week_check(&f->a, twice, 1, &p), ERR_OK);
}

UNIT_TEST_WITH(test_put_explain, tf_setup, tf_teardown)
{
	struct tf *f = *state;
	struct timetable_put x;
	assert_int_equal(put_one(f, &f->as_admin, f->class_id, "TOAN", "teacher.one", NULL, &x),
			 ERR_OK);
	int64_t b = class_6b(f);
	assert_int_equal(put_one(f, &f->as_admin, b, "TOAN", "teacher.one", NULL, &x),
			 ERR_CONFLICT);
	/* As if the unique index had refused the insert after both passed the
	 * check: the clash names no class until explained. */
	problem_set(&x.p, P_TEACHER_CLASH, "periods[0]", "A moment ago.");
	assert_null(x.p.ext_name);
	timetable_put_explain(f->st.db, &x, ERR_CONFLICT);
	assert_int_equal(x.p.id, P_TEACHER_CLASH);
	assert_string_equal(x.p.ext_name, "other_class");
	assert_int_equal(x.p.ext_value, f->class_id);
	/* When no other class holds the slot any more, the week changed. */
	struct timetable_put empty = {.by = &f->as_admin, .id = f->class_id};
	assert_int_equal(work_write(f->st.db, timetable_put_tx, &empty), ERR_OK);
	problem_set(&x.p, P_TEACHER_CLASH, "periods[0]", "A moment ago.");
	timetable_put_explain(f->st.db, &x, ERR_CONFLICT);
	assert_int_equal(x.p.id, P_TIMETABLE_CHANGED);
	/* Any other failure is left as it is. */
	problem_set(&x.p, P_UNKNOWN_TEACHER, "periods[0].teacher", NULL);
	timetable_put_explain(f->st.db, &x, ERR_INVALID);
	assert_int_equal(x.p.id, P_UNKNOWN_TEACHER);
}

int main(void)
{
	return unit_run(LOG_ERROR, NULL, NULL);
}
