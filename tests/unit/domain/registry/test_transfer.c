/* Unit tests of src/domain/registry/transfer.c on a temporary SQLite
 * database: asking, approving and refusing a transfer, a pending transfer
 * blocking another, the effective date of the move, and who may ask and
 * decide (the actor's scope). */
#include "unit.h"
#include "store.h"

#include "core/arena.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"
#include "domain/registry/transfer.h"

struct fixture {
	struct unit_store st;
	struct arena a;
	struct org_ref school_a, school_b, school_c; /* A and B in D1, C in D2 */
	int64_t student;			     /* enrolled at A, grade 5, 2025-2026 */
};

/* ---- setup: M > P > D1 > A, B; P > D2 > C; one student at A ---- */

static int setup_fn(struct db_conn *c, void *ctx)
{
	struct fixture *f = ctx;
	const char *tree[][3] = {{"M", "ministry", NULL}, {"P", "province", "M"},
				 {"D1", "district", "P"}, {"D2", "district", "P"},
				 {"A", "school", "D1"},	  {"B", "school", "D1"},
				 {"C", "school", "D2"}};
	struct problem p = {0};
	int64_t id;
	for (size_t i = 0; i < ARRAY_SIZE(tree); i++) {
		struct org_input in = {.code = tree[i][0],
				       .name = tree[i][0],
				       .kind = tree[i][1],
				       .parent = tree[i][2],
				       .country = i ? NULL : "IR"};
		int rc = org_create(c, &in, &id, &p);
		if (rc)
			return rc;
	}
	int rc = school_ref(c, "A", &f->school_a, &p);
	if (!rc)
		rc = school_ref(c, "B", &f->school_b, &p);
	if (!rc)
		rc = school_ref(c, "C", &f->school_c, &p);
	struct student_input in = {.country = "IR",
				   .national_id = "0012345679",
				   .given_name = "Sara",
				   .family_name = "Ahmadi",
				   .birth_date = "2014-05-02",
				   .sex = "F",
				   .school = "A",
				   .grade = 5,
				   .school_year = "2025-2026"};
	struct student_new s;
	if (!rc)
		rc = student_prepare(&in, &s, &p);
	if (!rc)
		rc = student_insert(c, &s, &f->school_a, &f->student, NULL, &p);
	return rc;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	arena_init(&f->a, 8192, 0);
	if (unit_store_open(&f->st, "transfer.db", 1) || work_write(f->st.db, setup_fn, f)) {
		print_error("setup failed\n");
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unit_store_close(&f->st);
	arena_release(&f->a);
	free(f);
	return 0;
}

/* ---- the store's operations, each in a write of its own ---- */

struct op {
	enum { OP_REQUEST, OP_APPROVE, OP_REFUSE, OP_LEAVE } kind;
	int64_t person, transfer;
	const struct org_ref *to;
	const char *date;
	struct problem p;
};

static int op_fn(struct db_conn *c, void *ctx)
{
	struct op *o = ctx;
	switch (o->kind) {
	case OP_REQUEST:
		return transfer_request(c, o->person, o->to, o->date, 0, &o->transfer, &o->p);
	case OP_APPROVE:
		return transfer_approve(c, o->transfer, 0, &o->p);
	case OP_REFUSE:
		return transfer_refuse(c, o->transfer, "The class is full.", 0, &o->p);
	case OP_LEAVE:
		return enrolment_leave(c, o->person, "moved_abroad", o->date, NULL, &o->p);
	}
	return ERR_INTERNAL;
}

/* Run op; its result, with the problem's code in *code (NULL when none). */
static int run(struct fixture *f, struct op *o, const char **code)
{
	o->p = (struct problem){0};
	int rc = work_write(f->st.db, op_fn, o);
	*code = rc ? o->p.code : NULL;
	return rc;
}

static int request(struct fixture *f, const struct org_ref *to, const char *date, int64_t *id,
		   const char **code)
{
	struct op o = {.kind = OP_REQUEST, .person = f->student, .to = to, .date = date};
	int rc = run(f, &o, code);
	*id = o.transfer;
	return rc;
}

static int decide(struct fixture *f, int kind, int64_t id, const char **code)
{
	struct op o = {.kind = kind, .transfer = id};
	return run(f, &o, code);
}

/* What the tests read back. */
struct look {
	struct fixture *f;
	int64_t id;
	struct transfer t;
	struct student s;
	struct enrolment_entry *e;
	size_t ne;
};

static int look_fn(struct db_conn *c, void *ctx)
{
	struct look *l = ctx;
	int rc = l->id ? transfer_get(c, &l->f->a, l->id, &l->t) : ERR_OK;
	if (!rc)
		rc = student_get(c, &l->f->a, l->f->student, &l->s);
	if (!rc)
		rc = enrolment_history(c, &l->f->a, l->f->student, &l->e, &l->ne);
	return rc;
}

static void look(struct fixture *f, int64_t id, struct look *l)
{
	*l = (struct look){.f = f, .id = id};
	assert_int_equal(work_read(f->st.db, look_fn, l), ERR_OK);
}

/* ---- tests ---- */

UNIT_TEST_WITH(test_request_and_approve, setup, teardown)
{
	struct fixture *f = *state;
	const char *code;
	int64_t id, other;
	assert_int_equal(request(f, &f->school_b, "2025-11-01", &id, &code), ERR_OK);
	assert_true(id > 0);
	struct look l;
	look(f, id, &l);
	assert_string_equal(l.t.status, "requested");
	assert_string_equal(l.t.from_school, "A");
	assert_string_equal(l.t.to_school, "B");
	assert_string_equal(l.t.date, "2025-11-01");
	assert_int_equal(l.t.decided_at, 0);
	/* Asking does not move the student. */
	assert_string_equal(l.s.school, "A");
	assert_int_equal(l.ne, 1);

	/* A pending transfer blocks another, to any school. */
	assert_int_equal(request(f, &f->school_c, "2025-11-02", &other, &code), ERR_CONFLICT);
	assert_string_equal(code, "transfer_pending");
	assert_int_equal(request(f, &f->school_b, "2025-11-01", &other, &code), ERR_CONFLICT);

	/* Approved: the move takes effect on the transfer's date. */
	assert_int_equal(decide(f, OP_APPROVE, id, &code), ERR_OK);
	look(f, id, &l);
	assert_string_equal(l.t.status, "approved");
	assert_true(l.t.decided_at > 0);
	assert_string_equal(l.s.school, "B");
	assert_int_equal(l.s.grade, 5);
	assert_int_equal(l.s.school_year, 2025);
	assert_int_equal(l.ne, 2);
	assert_string_equal(l.e[0].school, "A");
	assert_false(l.e[0].current);
	assert_string_equal(l.e[0].end_date, "2025-11-01");
	assert_string_equal(l.e[0].end_reason, "transferred");
	assert_string_equal(l.e[1].school, "B");
	assert_true(l.e[1].current);
	assert_string_equal(l.e[1].start_date, "2025-11-01");
	assert_null(l.e[1].end_date);
	assert_int_equal(l.e[1].grade, 5);

	/* Decided once: neither approved nor refused again. */
	assert_int_equal(decide(f, OP_APPROVE, id, &code), ERR_CONFLICT);
	assert_string_equal(code, "already_decided");
	assert_int_equal(decide(f, OP_REFUSE, id, &code), ERR_CONFLICT);
	assert_string_equal(code, "already_decided");
	/* No longer pending: the student may be asked for again. */
	assert_int_equal(request(f, &f->school_a, "2026-01-10", &other, &code), ERR_OK);
	assert_true(other > id);
}

UNIT_TEST_WITH(test_refuse, setup, teardown)
{
	struct fixture *f = *state;
	const char *code;
	int64_t id, again;
	assert_int_equal(request(f, &f->school_b, "2025-11-01", &id, &code), ERR_OK);
	assert_int_equal(decide(f, OP_REFUSE, id, &code), ERR_OK);
	struct look l;
	look(f, id, &l);
	assert_string_equal(l.t.status, "refused");
	assert_string_equal(l.t.reason, "The class is full.");
	assert_true(l.t.decided_at > 0);
	/* Nothing moved. */
	assert_string_equal(l.s.school, "A");
	assert_int_equal(l.ne, 1);
	assert_true(l.e[0].current);
	assert_int_equal(decide(f, OP_APPROVE, id, &code), ERR_CONFLICT);
	assert_string_equal(code, "already_decided");
	/* A refusal leaves nothing pending. */
	assert_int_equal(request(f, &f->school_b, "2025-12-01", &again, &code), ERR_OK);
	assert_int_equal(decide(f, OP_APPROVE, 999999, &code), ERR_NOTFOUND);
	assert_string_equal(code, "not_found");
}

UNIT_TEST_WITH(test_request_rules, setup, teardown)
{
	struct fixture *f = *state;
	const char *code;
	int64_t id;
	assert_int_equal(request(f, &f->school_a, "2025-11-01", &id, &code), ERR_INVALID);
	assert_string_equal(code, "same_school");
	/* Asked for, then gone before the decision: approving fails whole. */
	assert_int_equal(request(f, &f->school_b, "2025-11-01", &id, &code), ERR_OK);
	struct op leave = {.kind = OP_LEAVE, .person = f->student, .date = "2025-10-20"};
	assert_int_equal(run(f, &leave, &code), ERR_OK);
	assert_int_equal(decide(f, OP_APPROVE, id, &code), ERR_CONFLICT);
	assert_string_equal(code, "not_enrolled");
	struct look l;
	look(f, id, &l);
	assert_string_equal(l.t.status, "requested"); /* the write was undone */
	/* Not enrolled anywhere: nothing to transfer from. */
	assert_int_equal(decide(f, OP_REFUSE, id, &code), ERR_OK);
	assert_int_equal(request(f, &f->school_b, "2025-11-01", &id, &code), ERR_CONFLICT);
	assert_string_equal(code, "not_enrolled");
}

/* ---- who may ask and decide ---- */

/* A school administrator of `school` (code and path). */
static void admin_of(struct fixture *f, const struct org_ref *school, const char *code,
		     struct principal *who, struct actor *by)
{
	*who = (struct principal){.user_id = 0, .username = code, .ngrants = 1};
	who->grants[0] = (struct grant){.role = ROLE_SCHOOL_ADMIN,
					.org_id = school->id,
					.org_code = code,
					.org_path = school->path};
	*by = (struct actor){.who = who, .ip = "-", .arena = &f->a};
}

UNIT_TEST_WITH(test_scope, setup, teardown)
{
	struct fixture *f = *state;
	struct principal pa, pb, pc;
	struct actor a, b, c;
	admin_of(f, &f->school_a, "A", &pa, &a);
	admin_of(f, &f->school_b, "B", &pb, &b);
	admin_of(f, &f->school_c, "C", &pc, &c);

	/* Only the receiving school asks. */
	struct transfer_request rq = {
		.student = f->student, .to = "B", .date = "2025-11-01", .by = &a};
	assert_int_equal(work_write(f->st.db, transfer_request_tx, &rq), ERR_FORBIDDEN);
	assert_problem(rq.p, "out_of_scope", "to_school");
	assert_non_null(a.refused); /* noted for the audit log */
	assert_false(a.refused->allowed);
	assert_string_equal(a.refused->subject, "B");
	rq.by = &b;
	rq.p = (struct problem){0};
	assert_int_equal(work_write(f->st.db, transfer_request_tx, &rq), ERR_OK);
	assert_null(b.refused);

	/* Approving is the sending school's: the receiving one sees it (403),
	 * another district does not (404). */
	struct transfer_decision d = {.id = rq.id, .by = &b};
	assert_int_equal(work_write(f->st.db, transfer_decide_tx, &d), ERR_FORBIDDEN);
	assert_string_equal(d.p.code, "forbidden");
	assert_non_null(b.refused);
	d = (struct transfer_decision){.id = rq.id, .by = &c};
	assert_int_equal(work_write(f->st.db, transfer_decide_tx, &d), ERR_NOTFOUND);
	assert_string_equal(d.p.code, "not_found");
	/* Refusing is either school's. */
	b.refused = NULL;
	d = (struct transfer_decision){.id = rq.id, .reason = "No room.", .by = &b};
	assert_int_equal(work_write(f->st.db, transfer_decide_tx, &d), ERR_OK);
	assert_null(b.refused);

	/* Asked again, the sending school approves. */
	rq.p = (struct problem){0};
	assert_int_equal(work_write(f->st.db, transfer_request_tx, &rq), ERR_OK);
	d = (struct transfer_decision){.id = rq.id, .by = &a};
	assert_int_equal(work_write(f->st.db, transfer_decide_tx, &d), ERR_OK);
	struct look l;
	look(f, rq.id, &l);
	assert_string_equal(l.t.status, "approved");
	assert_string_equal(l.s.school, "B");
}

UNIT_MAIN()
