/* Unit tests of src/domain/access/audit.c: the hash chain. The chain is
 * written through audit_append into a temporary SQLite database, then
 * edited behind its back with SQLite itself, and audit_verify must name
 * the entry. A student's trail is read on the two-school fixture
 * (school_fixture.h). (The access rules: test_access.c.) */
#include "unit.h"

#include <sodium.h>
#include <sqlite3.h>

#include "core/err.h"
#include "core/log.h"
#include "core/arena.h"
#include "domain/access/actor.h"
#include "domain/access/audit_trail.h"

#include "school_fixture.h"

static const struct audit_entry base = {
	.seq = 7,
	.at = 1700000000,
	.user_id = 3,
	.username = "sara",
	.role = "school_admin",
	.org_code = "S1",
	.action = "student.read",
	.person_id = 42,
	.subject = NULL,
	.allowed = true,
	.ip = "127.0.0.1",
};

static void hash_of(const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	assert_int_equal(audit_hash(AUDIT_ZERO_HASH, e, out), ERR_OK);
}

UNIT_TEST(test_hash)
{
	UNUSED(state);
	char h0[AUDIT_HASH_HEX], h[AUDIT_HASH_HEX];
	hash_of(&base, h0);
	assert_int_equal(strlen(h0), 64);
	hash_of(&base, h);
	assert_string_equal(h, h0); /* deterministic */

	/* Every field counts. */
	struct audit_entry e;
#define CHANGED(stmt)                           \
	do {                                    \
		e = base;                       \
		stmt;                           \
		hash_of(&e, h);                 \
		assert_string_not_equal(h, h0); \
	} while (0)
	CHANGED(e.seq = 8);
	CHANGED(e.at = 1700000001);
	CHANGED(e.user_id = 0);
	CHANGED(e.username = "sarah");
	CHANGED(e.role = "teacher");
	CHANGED(e.org_code = NULL);
	CHANGED(e.org_code = "");
	CHANGED(e.action = "student.update");
	CHANGED(e.person_id = 43);
	CHANGED(e.subject = "");
	CHANGED(e.allowed = false);
	CHANGED(e.ip = "127.0.0.2");
#undef CHANGED

	/* Field boundaries are part of the encoding: "ab"+"c" is not "a"+"bc". */
	struct audit_entry a = base, b = base;
	a.username = "ab";
	a.role = "c";
	b.username = "a";
	b.role = "bc";
	char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];
	hash_of(&a, ha);
	hash_of(&b, hb);
	assert_string_not_equal(ha, hb);

	/* The previous hash is chained in. */
	char other[AUDIT_HASH_HEX];
	assert_int_equal(audit_hash(h0, &base, other), ERR_OK);
	assert_string_not_equal(other, h0);
	assert_int_equal(audit_hash("xyz", &base, h), ERR_INVALID);
	assert_int_equal(audit_hash(NULL, &base, h), ERR_INVALID);
}

/* ---- the chain in a database ---- */

static int db_setup(void **state)
{
	return unit_store_setup(state, "audit.db", 1);
}

struct append_job {
	struct audit_entry e[20];
	size_t n;
};

static int append_fn(struct db_conn *c, void *arg)
{
	struct append_job *j = arg;
	return audit_append(c, j->e, j->n);
}

struct verify_job {
	int64_t seq;
	const char *hash;
	struct audit_report rep;
};

static int verify_fn(struct db_conn *c, void *arg)
{
	struct verify_job *v = arg;
	return audit_verify(c, v->seq, v->hash, &v->rep);
}

static int verify(struct unit_store *f, struct audit_report *rep)
{
	struct verify_job v = {0};
	int rc = db_read(f->db, verify_fn, &v);
	*rep = v.rep;
	return rc;
}

/* Run SQL on the file behind the server's back. */
static void tamper(struct unit_store *f, const char *sql)
{
	sqlite3 *h;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(h);
}

static void fill(struct unit_store *f, int batches)
{
	for (int b = 0; b < batches; b++) {
		struct append_job j = {.n = 3};
		for (size_t i = 0; i < j.n; i++) {
			j.e[i] = base;
			j.e[i].at = 0;
			j.e[i].person_id = 100 + b;
		}
		assert_int_equal(db_write(f->db, append_fn, &j), ERR_OK);
		/* In a writer's batch the entries are chained as it commits:
		 * the head has moved past them once db_write returns. */
		struct audit_report rep;
		assert_int_equal(verify(f, &rep), ERR_OK);
		assert_int_equal(rep.head_seq, b * 3 + 3);
	}
}

UNIT_TEST_WITH(test_chain, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct audit_report rep;
	assert_int_equal(verify(f, &rep), ERR_OK); /* empty */
	assert_int_equal(rep.entries, 0);
	fill(f, 4);
	assert_int_equal(verify(f, &rep), ERR_OK);
	assert_int_equal(rep.entries, 12);
	assert_int_equal(rep.head_seq, 12);

	/* The anchor: right, wrong, past the end. */
	struct verify_job v = {.seq = 12, .hash = rep.head_hash};
	assert_int_equal(db_read(f->db, verify_fn, &v), ERR_OK);
	v.hash = AUDIT_ZERO_HASH;
	assert_int_equal(db_read(f->db, verify_fn, &v), ERR_INVALID);
	assert_int_equal(v.rep.bad_seq, 12);
	v.seq = 13;
	assert_int_equal(db_read(f->db, verify_fn, &v), ERR_INVALID);
	assert_int_equal(v.rep.bad_seq, 13);

	tamper(f, "UPDATE audit_log SET ip = '10.0.0.1' WHERE seq = 5");
	assert_int_equal(verify(f, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 5);
	assert_non_null(strstr(rep.why, "changed"));
	tamper(f, "UPDATE audit_log SET ip = '127.0.0.1' WHERE seq = 5");
	assert_int_equal(verify(f, &rep), ERR_OK);

	/* Recomputing the changed row's own hash is not enough: the next row
	 * holds the old one as prev_hash. */
	tamper(f, "UPDATE audit_log SET hash = '" AUDIT_ZERO_HASH "' WHERE seq = 6");
	assert_int_equal(verify(f, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 6);

	tamper(f, "DELETE FROM audit_log WHERE seq = 3");
	assert_int_equal(verify(f, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 3);
}

/* A group of many entries is inserted eight rows a statement and the rest
 * one by one: the chain holds all of them, in order, unbroken. */
UNIT_TEST_WITH(test_chain_bunches, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct append_job j = {.n = 19};
	for (size_t i = 0; i < j.n; i++) {
		j.e[i] = base;
		j.e[i].at = 0;
		j.e[i].person_id = 500 + (int64_t)i;
	}
	assert_int_equal(db_write(f->db, append_fn, &j), ERR_OK);
	struct audit_report rep;
	assert_int_equal(verify(f, &rep), ERR_OK);
	assert_int_equal(rep.entries, 19);
	assert_int_equal(rep.head_seq, 19);
	assert_int_equal(rep.bad_seq, 0);
}

UNIT_TEST_WITH(test_truncated, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct audit_report rep;
	fill(f, 2);
	tamper(f, "DELETE FROM audit_log WHERE seq = 6");
	assert_int_equal(verify(f, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 6);
	assert_non_null(strstr(rep.why, "cut off"));
}

UNIT_TEST_WITH(test_past_head, db_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct audit_report rep;
	fill(f, 1);
	tamper(f, "INSERT INTO audit_log (seq, at, username, role, action, allowed, ip, prev_hash, "
		  "hash) SELECT 4, at, username, role, action, allowed, ip, hash, hash "
		  "FROM audit_log WHERE seq = 3");
	assert_int_equal(verify(f, &rep), ERR_INVALID);
	assert_int_equal(rep.bad_seq, 4);
}

/* ---- a student's trail ---- */

static int trail_as(struct unit_store *f, struct arena *a, const char *who, int64_t student,
		    int64_t after, int limit, struct audit_trail *x)
{
	*x = (struct audit_trail){.by = arena_calloc(a, 1, sizeof(struct actor)),
				  .student = student,
				  .after = after,
				  .limit = limit};
	*x->by = (struct actor){.who = fixture_who(who), .ip = "-", .arena = a};
	return audit_trail(f->db, x);
}

static int trail_fill_fn(struct db_conn *c, void *arg)
{
	struct audit_entry e[4];
	const char *actions[] = {"student.read", "student.update", "guardian.list", "student.read"};
	for (int i = 0; i < 4; i++) {
		e[i] = base;
		e[i].at = 0;
		e[i].action = actions[i];
		e[i].person_id = i == 3 ? FIX_B : FIX_A;
		e[i].org_code = i == 1 ? NULL : "S1";
	}
	UNUSED(arg);
	return audit_append(c, e, 4);
}

UNIT_TEST_WITH(test_trail, fixture_setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena a;
	arena_init(&a, 4096, 0);
	assert_int_equal(db_write(f->db, trail_fill_fn, NULL), ERR_OK);
	/* A guardian reads the child's trail, newest first, a page at a time. */
	struct audit_trail x;
	assert_int_equal(trail_as(f, &a, "guardian", FIX_A, INT64_MAX, 2, &x), ERR_OK);
	assert_true(x.d.allowed);
	assert_int_equal(x.n, 2);
	assert_string_equal(x.items[0].e.action, "guardian.list");
	assert_string_equal(x.items[1].e.action, "student.update");
	assert_null(x.items[1].e.org_code);
	assert_string_equal(x.items[0].e.org_code, "S1");
	assert_string_equal(x.items[0].e.username, "sara");
	assert_int_equal(x.items[0].e.person_id, FIX_A);
	assert_true(x.items[0].id > x.items[1].id);
	assert_int_equal(x.next, x.items[1].id);
	assert_string_equal(x.audit.action, "audit.read");
	assert_true(x.audit.allowed);
	assert_int_equal(x.audit.person_id, FIX_A);
	assert_int_equal(trail_as(f, &a, "guardian", FIX_A, x.next, 2, &x), ERR_OK);
	assert_int_equal(x.n, 1);
	assert_string_equal(x.items[0].e.action, "student.read");
	assert_int_equal(x.next, 0);
	/* A teacher of the student reads it but not its trail: 403. */
	assert_int_equal(trail_as(f, &a, "teacher", FIX_A, INT64_MAX, 10, &x), ERR_OK);
	assert_false(x.d.allowed);
	assert_int_equal(x.p.status, 403);
	assert_int_equal(x.n, 0);
	assert_false(x.audit.allowed);
	/* Out of scope, or no such student: 404, alike. */
	assert_int_equal(trail_as(f, &a, "school_admin", FIX_B, INT64_MAX, 10, &x), ERR_OK);
	assert_false(x.d.allowed);
	assert_string_equal(x.p.code, "not_found");
	assert_int_equal(trail_as(f, &a, "school_admin", 4242, INT64_MAX, 10, &x), ERR_OK);
	assert_string_equal(x.p.code, "not_found");
	assert_int_equal(x.audit.person_id, 4242);
	assert_int_equal(trail_as(f, &a, "ministry_admin", FIX_B, INT64_MAX, 10, &x), ERR_OK);
	assert_string_equal(x.p.code, "not_found");
	assert_int_equal(trail_as(f, &a, "away_teacher", FIX_B, INT64_MAX, 10, &x), ERR_OK);
	assert_string_equal(x.p.code, "forbidden");
	arena_release(&a);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
