/* Unit tests of src/domain/records/workflow.c on a real SQLite database: a
 * class with locked report cards is assembled, signed by its homeroom
 * teacher and sealed by a principal, each step audited; the sealed records
 * verify online and carry the credential's @context in both proofs; a
 * refusal is answered as absent (or forbidden) with its audit entry; a
 * record whose grades changed before it was sealed goes back to the
 * teacher. */
#include "unit.h"
#include "store.h"
#include "writes.h"
#include "secret.h"

#include <fcntl.h>

#include "core/log.h"
#include "crypto/ed25519.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/access/user.h"
#include "domain/common/work.h"
#include "domain/records/verification.h"
#include "domain/records/workflow.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"

#define YEAR 2025
/* TOAN, term I then term II: year 7.9, complete. */
#define GRADES "1=800,m=700,f=700|1=800,m=700,f=900"

struct fixture {
	struct unit_store st;
	struct arena a;
	struct org_ref school;
	int64_t class_id, subject_id, teacher_id, principal_id;
	int64_t students[2];
	struct principal teacher, principal, stranger;
	struct problem p;
};

static int make_orgs(struct db_conn *c, struct fixture *f)
{
	int64_t id;
	int rc = unit_vn_school(c, "School One", &id, &f->p);
	if (!rc)
		rc = school_ref(c, "S", &f->school, &f->p);
	struct user_input t = {.username = "teacher.one",
			       .password_hash = "$argon2id$fake",
			       .role = ROLE_TEACHER,
			       .org = "S"};
	struct user_input s = {.username = "principal.one",
			       .password_hash = "$argon2id$fake",
			       .role = ROLE_SCHOOL_ADMIN,
			       .org = "S"};
	if (!rc)
		rc = user_create(c, &t, &f->teacher_id, &f->p);
	if (!rc)
		rc = user_create(c, &s, &f->principal_id, &f->p);
	return rc;
}

/* Class 6A of YEAR with the teacher as homeroom teacher, and TOAN. */
static int make_class(struct db_conn *c, struct fixture *f)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(f->school.id), DBV_INT(YEAR),	    DBV_INT(6),
			     DBV_TEXT("6A"),	    DBV_INT(f->teacher_id), DBV_INT(0)};
	int rc = db_row(c, Q_CLASS_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	f->class_id = db_int(&res, C_CLASS_INSERT__ID);
	db_done(&res);
	struct subject s;
	rc = subject_get(c, &f->a, "VN", "lower_secondary", "TOAN", "subject", &s, &f->p);
	if (rc)
		return rc;
	f->subject_id = s.id;
	struct db_val cs[] = {DBV_INT(f->class_id), DBV_INT(s.id), DBV_INT(f->school.id),
			      DBV_INT(f->teacher_id)};
	return db_exec(c, Q_CLASS_SUBJECT_ASSIGN, cs, ARRAY_SIZE(cs), NULL);
}

static int set_grades(struct db_conn *c, struct fixture *f, int64_t student, const char *grades)
{
	struct db_val g[] = {DBV_INT(YEAR),	    DBV_INT(student), DBV_INT(f->subject_id),
			     DBV_INT(f->school.id), DBV_TEXT(grades), DBV_INT(1),
			     DBV_INT(f->teacher_id)};
	return db_exec(c, Q_GRADEBOOK_UPSERT, g, ARRAY_SIZE(g), NULL);
}

/* Two students of 6A, graded, both terms locked. */
static int make_students(struct db_conn *c, struct fixture *f)
{
	const char *names[2][2] = {{"An", "2013-03-04"}, {"Binh", "2013-07-09"}};
	int rc = ERR_OK;
	for (int i = 0; !rc && i < 2; i++) {
		struct student_input in = {.country = "VN",
					   .given_name = names[i][0],
					   .family_name = "Nguyen",
					   .birth_date = names[i][1],
					   .sex = "F",
					   .school = "S",
					   .grade = 6,
					   .school_year = "2025-2026",
					   .class_name = "6A"};
		struct student_new s;
		rc = student_prepare(&in, &s, &f->p);
		if (!rc)
			rc = student_insert(c, &s, &f->school, &f->students[i], NULL, &f->p);
		if (!rc)
			rc = set_grades(c, f, f->students[i], GRADES);
	}
	for (int term = 1; !rc && term <= 2; term++)
		rc = gb_term_set(c, f->school.id, YEAR, term, true, NULL, f->principal_id, &f->p);
	return rc;
}

static int setup_fn(struct db_conn *c, void *arg)
{
	struct fixture *f = arg;
	int rc = make_orgs(c, f);
	if (!rc)
		rc = make_class(c, f);
	if (!rc)
		rc = make_students(c, f);
	return rc;
}

static void grant(struct principal *p, int64_t user, const char *name, enum role role,
		  const struct fixture *f)
{
	*p = (struct principal){.user_id = user, .username = name, .ngrants = 1};
	p->grants[0] = (struct grant){
		.role = role, .org_id = f->school.id, .org_code = "S", .org_path = f->school.path};
}

static int setup_db(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f || ed25519_init())
		return -1;
	arena_init(&f->a, 8192, 1 << 24);
	if (unit_store_open(&f->st, "test.db", 0) || db_write(f->st.db, setup_fn, f)) {
		print_error("setup: %s\n", f->p.detail ? f->p.detail : "");
		return -1;
	}
	grant(&f->teacher, f->teacher_id, "teacher.one", ROLE_TEACHER, f);
	grant(&f->principal, f->principal_id, "principal.one", ROLE_SCHOOL_ADMIN, f);
	f->stranger = (struct principal){.user_id = 999, .username = "stranger"};
	unit_secret_load(f->st.dir, "secret", "0123456789abcdef0123456789abcdef");
	*state = f;
	return 0;
}

static int teardown_db(void **state)
{
	struct fixture *f = *state;
	secret_unload();
	unit_store_close(&f->st);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* Run one step of the workflow as `who`: prepared, stored, answered. */
static int run(struct fixture *f, const struct principal *who, struct record_work *w)
{
	struct actor *by = arena_calloc(&f->a, 1, sizeof(*by));
	assert_non_null(by);
	*by = (struct actor){.who = who, .ip = "test", .arena = &f->a};
	w->by = by;
	w->now = time_now_unix();
	int rc = record_work_prepare(f->st.db, w);
	if (!rc && w->b.n)
		rc = work_write(f->st.db, record_work_store_tx, w);
	if (!rc)
		rc = record_work_result(f->st.db, w);
	return rc;
}

UNIT_TEST_WITH(test_sign_and_seal, setup_db, teardown_db)
{
	struct fixture *f = *state;
	struct record_work w = {.op = RECORD_OP_CREATE, .class_id = f->class_id};
	assert_int_equal(run(f, &f->teacher, &w), ERR_OK);
	assert_int_equal(record_batch_count(&w.b, RECORD_DRAFT, false), 2);
	assert_null(w.refused);

	w = (struct record_work){.op = RECORD_OP_SIGN, .class_id = f->class_id};
	assert_int_equal(run(f, &f->teacher, &w), ERR_OK);
	assert_int_equal(record_batch_count(&w.b, RECORD_TEACHER_SIGNED, false), 2);
	/* Each record's audit entry was written with it. */
	assert_string_equal(record_item_action(&w.b, &w.b.items[0]), "record.sign");

	w = (struct record_work){.op = RECORD_OP_SEAL, .school = "S", .school_year = YEAR};
	assert_int_equal(run(f, &f->principal, &w), ERR_OK);
	assert_int_equal(record_batch_count(&w.b, RECORD_SEALED, false), 2);
	int64_t id = w.b.items[0].id;

	/* The sealed record: the principal may read it; it verifies online,
	 * as its issuer holds it, both proofs carrying its @context. */
	struct actor by = {.who = &f->principal, .ip = "test", .arena = &f->a};
	struct record_read r = {.id = id, .what = ""};
	assert_int_equal(record_read_as(f->st.db, &by, &r), ERR_OK);
	assert_true(r.allowed);
	assert_int_equal(r.row.status, RECORD_SEALED);
	assert_string_equal(r.entry.action, "record.read");
	json_error_t e;
	json_t *cred = json_loads(r.row.credential, 0, &e);
	assert_non_null(cred);
	json_t *set = json_object_get(cred, "proof");
	assert_int_equal(json_array_size(set), 2);
	for (size_t i = 0; i < 2; i++)
		assert_true(json_equal(json_object_get(json_array_get(set, i), "@context"),
				       json_object_get(cred, "@context")));
	struct record_verification v = {.credential = cred, .now = time_now_unix(), .a = &f->a};
	assert_int_equal(record_verify(f->st.db, &v), ERR_OK);
	for (int i = 0; i < v.rep.n; i++)
		if (v.rep.checks[i].result != TRUST_PASS)
			fail_msg("%s: %s", v.rep.checks[i].name, v.rep.checks[i].detail);
	assert_true(v.rep.valid);
	assert_true(v.held);
	assert_int_equal(v.status, RECORD_SEALED);
	/* Changed, it does not. */
	json_object_set_new(json_object_get(cred, "credentialSubject"), "givenName",
			    json_string("Am"));
	assert_int_equal(record_verify(f->st.db, &v), ERR_OK);
	assert_false(v.rep.valid);
	json_decref(cred);
}

UNIT_TEST_WITH(test_refused, setup_db, teardown_db)
{
	struct fixture *f = *state;
	/* Someone who cannot see the class: as if it did not exist. */
	struct record_work w = {.op = RECORD_OP_SIGN, .class_id = f->class_id};
	assert_int_equal(run(f, &f->stranger, &w), ERR_NOTFOUND);
	assert_non_null(w.refused);
	assert_false(w.refused->allowed);
	assert_string_equal(w.refused->action, "record.sign");
	assert_string_equal(w.refused->subject, arena_printf(&f->a, "class:%" PRId64, f->class_id));
	assert_int_equal(w.b.p.status, 404);
	/* The principal sees it, but only its homeroom teacher signs first. */
	w = (struct record_work){.op = RECORD_OP_SIGN, .class_id = f->class_id};
	assert_int_equal(run(f, &f->principal, &w), ERR_FORBIDDEN);
	assert_non_null(w.refused);
	assert_string_equal(w.b.p.code, "not_homeroom_teacher");
	/* A student someone may not see: refused as absent, naming them. */
	w = (struct record_work){
		.op = RECORD_OP_CREATE, .person_id = f->students[0], .school_year = YEAR};
	assert_int_equal(run(f, &f->stranger, &w), ERR_NOTFOUND);
	assert_non_null(w.refused);
	assert_int_equal(w.refused->person_id, f->students[0]);
	assert_null(w.refused->subject);
}

static int regrade_fn(struct db_conn *c, void *arg)
{
	struct fixture *f = arg;
	int rc =
		gb_term_set(c, f->school.id, YEAR, 2, false, "Wrong final", f->principal_id, &f->p);
	if (!rc)
		rc = set_grades(c, f, f->students[0], "1=800,m=700,f=700|1=800,m=700,f=1000");
	if (!rc)
		rc = gb_term_set(c, f->school.id, YEAR, 2, true, NULL, f->principal_id, &f->p);
	return rc;
}

UNIT_TEST_WITH(test_stale, setup_db, teardown_db)
{
	struct fixture *f = *state;
	/* One student's draft, signed by the teacher. */
	struct record_work w = {
		.op = RECORD_OP_CREATE, .person_id = f->students[0], .school_year = YEAR};
	assert_int_equal(run(f, &f->teacher, &w), ERR_OK);
	assert_true(w.single);
	assert_int_equal(w.row.status, RECORD_DRAFT);
	int64_t id = w.row.id;
	w = (struct record_work){.op = RECORD_OP_SIGN, .record_id = id};
	assert_int_equal(run(f, &f->teacher, &w), ERR_OK);
	assert_int_equal(w.row.status, RECORD_TEACHER_SIGNED);
	/* The grades change before the principal seals: back to a draft. */
	assert_int_equal(db_write(f->st.db, regrade_fn, f), ERR_OK);
	w = (struct record_work){.op = RECORD_OP_SIGN, .record_id = id};
	assert_int_equal(run(f, &f->principal, &w), ERR_CONFLICT);
	assert_string_equal(w.b.p.code, "record_stale");
	assert_int_equal(w.b.p.ext_value, id);
	assert_int_equal(w.b.op, RECORD_OP_SEAL);
	struct actor by = {.who = &f->teacher, .ip = "test", .arena = &f->a};
	struct record_read r = {.id = id, .what = ""};
	assert_int_equal(record_read_as(f->st.db, &by, &r), ERR_OK);
	assert_int_equal(r.row.status, RECORD_DRAFT);
	assert_null(strstr(r.row.credential, "\"proof\""));
}

int main(void)
{
	return unit_run(LOG_ERROR, NULL, NULL);
}
