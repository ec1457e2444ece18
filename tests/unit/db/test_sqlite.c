/* Unit tests of src/db/ on SQLite: opening and migrations, the query
 * interface, error mapping, and group commit through the writer queue. */
#include "unit.h"
#include "store.h"
#include "writes.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "db/driver.h"
#include "db/migrate.h"
#include "domain/registry/org.h"
#include "domain/access/session.h"
#include "domain/access/user.h"

#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>

static int setup(void **state)
{
	return unit_store_setup(state, "test.db", 0);
}

/* ---- small work functions ---- */

struct get_ctx {
	struct arena arena;
	const char *code;
	struct org org;
};

static int get_fn(struct db_conn *c, void *ctx)
{
	struct get_ctx *g = ctx;
	return org_get(c, &g->arena, g->code, &g->org);
}

/* org_get on a reader connection; its result (ERR_OK, ERR_NOTFOUND ...). */
static int org_exists(struct db *db, const char *code)
{
	struct get_ctx g = {.code = code};
	arena_init(&g.arena, 0, 0);
	int rc = db_read(db, get_fn, &g);
	arena_release(&g.arena);
	return rc;
}

struct count_ctx {
	int64_t parent;
	int64_t n;
};

static int count_children_fn(struct db_conn *c, void *ctx)
{
	struct count_ctx *x = ctx;
	struct db_res res;
	struct db_val v = DBV_INT(x->parent);
	int rc = db_row(c, Q_ORG_COUNT_CHILDREN, &v, 1, &res);
	if (rc)
		return rc;
	x->n = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

static int64_t count_children(struct db *db, int64_t parent)
{
	struct count_ctx x = {.parent = parent, .n = -1};
	assert_int_equal(db_read(db, count_children_fn, &x), ERR_OK);
	return x.n;
}

/* A value from db_metrics(): the number after "name " at a line start;
 * -1 if absent. Asserts nothing, so it is safe while the writer is held. */
static long long metric(struct db *db, const char *name)
{
	struct buf b = BUF_INIT(0);
	db_metrics(db, &b);
	char key[128];
	snprintf(key, sizeof(key), "\n%s ", name);
	const char *at = b.p ? strstr(b.p, key) : NULL;
	long long v = at ? strtoll(at + strlen(key), NULL, 10) : -1;
	buf_release(&b);
	return v;
}

/* ---- open and migrate ---- */

/* The migration files in sql/migrations (tests run from the repository
 * root); -1 if the folder is not there. */
static int count_migration_files(void)
{
	DIR *d = opendir("sql/migrations");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 9 && e->d_name[4] == '_' && !strcmp(e->d_name + len - 4, ".sql"))
			n++;
	}
	closedir(d);
	return n;
}

UNIT_TEST_WITH(test_migrations, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	assert_int_equal(db_kind(f->db), DB_SQLITE);
	assert_true(migrations_count > 0);
	assert_int_equal(db_migrations_applied(f->db), (int)migrations_count);
	int files = count_migration_files();
	if (files < 0)
		print_message("sql/migrations not found from here; compared with the built list\n");
	else
		assert_int_equal(db_migrations_applied(f->db), files);

	/* The file exists and reopening applies nothing. */
	char path[300];
	snprintf(path, sizeof(path), "%s/test.db", f->dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	db_close(f->db);
	f->db = NULL;
	struct db_options opt = {.migrate = true, .readers = 2};
	assert_int_equal(unit_store_reopen(f, &opt), ERR_OK);
	assert_int_equal(db_migrations_applied(f->db), 0);
	db_close(f->db);
	f->db = NULL;

	/* Without migrate nothing is even looked at. */
	opt.migrate = false;
	assert_int_equal(unit_store_reopen(f, &opt), ERR_OK);
	assert_int_equal(db_migrations_applied(f->db), 0);
	/* The schema is still there. */
	assert_int_equal(org_exists(f->db, "none"), ERR_NOTFOUND);
}

UNIT_TEST(test_open_errors)
{
	UNUSED(state);
	struct db *db = (struct db *)&db;
	char err[256] = "";
	assert_int_equal(db_open("mysql://localhost/x", NULL, &db, err, sizeof(err)), ERR_INVALID);
	assert_null(db);
	assert_true(err[0] != '\0');

	err[0] = '\0';
	assert_int_equal(db_open("sqlite:", NULL, &db, err, sizeof(err)), ERR_INVALID);
	assert_null(db);
	assert_true(err[0] != '\0');

	err[0] = '\0';
	int rc = db_open("sqlite:/nonexistent-tabula-dir/x.db", NULL, &db, err, sizeof(err));
	assert_int_not_equal(rc, ERR_OK);
	assert_null(db);
	assert_non_null(strstr(err, "/nonexistent-tabula-dir/x.db"));
}

/* ---- reads and writes ---- */

UNIT_TEST_WITH(test_org_insert_and_get, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	int64_t before = time_now_unix();
	int64_t id = 0;
	struct problem p = {0};
	assert_int_equal(unit_org_create(f->db, "MOE", "ministry", NULL, &id, &p), ERR_OK);
	assert_true(id > 0);

	struct get_ctx g = {.code = "MOE"};
	arena_init(&g.arena, 0, 0);
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_OK);
	assert_int_equal(g.org.id, id);
	assert_string_equal(g.org.code, "MOE");
	assert_string_equal(g.org.name, "Name of org");
	assert_string_equal(g.org.kind, "ministry");
	assert_null(g.org.parent);
	char path[64];
	snprintf(path, sizeof(path), "/%" PRId64 "/", id);
	assert_string_equal(g.org.path, path);
	assert_in_range(g.org.created_at, before, time_now_unix());
	assert_int_equal(g.org.updated_at, g.org.created_at);

	/* A child, read back with its parent's code. */
	int64_t pid = 0;
	assert_int_equal(unit_org_create(f->db, "P1", "province", "MOE", &pid, &p), ERR_OK);
	assert_true(pid > id);
	g.code = "P1";
	assert_int_equal(db_read(f->db, get_fn, &g), ERR_OK);
	assert_string_equal(g.org.parent, "MOE");
	assert_int_equal(count_children(f->db, id), 1);
	assert_int_equal(count_children(f->db, pid), 0);
	arena_release(&g.arena);
}

/* A unique index violation is ERR_CONFLICT with the field at fault, and the
 * failed write leaves nothing behind. */
UNIT_TEST_WITH(test_unique_conflict, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	int64_t id1 = 0;
	struct problem p = {0};
	assert_int_equal(unit_org_create(f->db, "MOE", "ministry", NULL, &id1, &p), ERR_OK);
	assert_int_equal(unit_org_create(f->db, "MOE", "ministry", NULL, NULL, &p), ERR_CONFLICT);
	assert_int_equal(p.err, ERR_CONFLICT);
	assert_problem(p, "duplicate_code", "code");
	/* Codes are case-sensitive: "moe" is another code. */
	assert_int_equal(unit_org_create(f->db, "moe", "ministry", NULL, NULL, &p), ERR_OK);

	struct unit_user_job u = {.in = {.username = "alice",
					 .password_hash = "$argon2id$fake",
					 .role = ROLE_SCHOOL_ADMIN,
					 .org = "MOE"}};
	assert_int_equal(db_write(f->db, unit_user_fn, &u), ERR_OK);
	assert_true(u.id > 0);
	struct unit_user_job u2 = u;
	u2.id = 0;
	u2.p = (struct problem){0};
	assert_int_equal(db_write(f->db, unit_user_fn, &u2), ERR_CONFLICT);
	assert_string_equal(u2.p.field, "username");

	/* A staff role at an unknown org is refused before any insert. */
	struct unit_user_job u3 = {.in = {.username = "bob",
					  .password_hash = "$argon2id$fake",
					  .role = ROLE_TEACHER,
					  .org = "NOPE"}};
	assert_int_equal(db_write(f->db, unit_user_fn, &u3), ERR_INVALID);
	assert_string_equal(u3.p.field, "org");
}

struct row_ctx {
	const char *code;
	int first, second, third;
	int64_t id;
};

static int row_fn(struct db_conn *c, void *ctx)
{
	struct row_ctx *x = ctx;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->code);
	/* Absent: NOTFOUND, and the cursor is already done. */
	struct db_val nope = DBV_TEXT("no-such-code");
	x->first = db_row(c, Q_ORG_BY_CODE, &nope, 1, &res);
	/* The same statement is usable straight away. */
	x->second = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (x->second == ERR_OK) {
		x->id = db_int(&res, 0);
		size_t len = 0;
		const char *code = db_text(&res, 1, &len);
		if (len != strlen(x->code) || memcmp(code, x->code, len))
			x->second = ERR_INTERNAL;
		/* parent code of a ministry: NULL, read as "" */
		if (!db_null(&res, 4) || strcmp(db_text(&res, 4, NULL), ""))
			x->second = ERR_INTERNAL;
		db_done(&res);
	}
	/* Wrong parameter count is a programming error, not a crash. */
	x->third = db_row(c, Q_ORG_BY_CODE, NULL, 0, &res);
	return ERR_OK;
}

UNIT_TEST_WITH(test_row_notfound, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	int64_t id = 0;
	assert_int_equal(unit_org_create(f->db, "MOE", "ministry", NULL, &id, NULL), ERR_OK);
	assert_int_equal(org_exists(f->db, "nope"), ERR_NOTFOUND);
	assert_int_equal(org_exists(f->db, ""), ERR_NOTFOUND);
	assert_int_equal(org_exists(f->db, "MOE"), ERR_OK);

	struct row_ctx x = {.code = "MOE"};
	assert_int_equal(db_read(f->db, row_fn, &x), ERR_OK);
	assert_int_equal(x.first, ERR_NOTFOUND);
	assert_int_equal(x.second, ERR_OK);
	assert_int_equal(x.id, id);
	assert_int_equal(x.third, ERR_INTERNAL);
}

/* Reader connections are read-only; a write there is a bug (500), not a
 * store that cannot write (503). */
UNIT_TEST_WITH(test_reader_is_read_only, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct unit_org_job x = {.in = {.code = "R", .name = "Name", .kind = "ministry"}};
	int rc = db_read(f->db, unit_org_fn, &x);
	assert_int_not_equal(rc, ERR_OK);
	assert_int_not_equal(rc, ERR_UNAVAILABLE);
	assert_int_equal(org_exists(f->db, "R"), ERR_NOTFOUND);
}

struct session_ctx {
	int64_t user_id;
	const char *hash;
	int changes[2];
};

static int session_fn(struct db_conn *c, void *ctx)
{
	struct session_ctx *x = ctx;
	int rc = session_create(c, x->user_id, x->hash, 1000, 60);
	if (rc)
		return rc;
	struct db_val v = DBV_TEXT("unknown-hash");
	rc = db_exec(c, Q_SESSION_REVOKE, &v, 1, &x->changes[0]);
	if (!rc) {
		v = DBV_TEXT(x->hash);
		rc = db_exec(c, Q_SESSION_REVOKE, &v, 1, &x->changes[1]);
	}
	return rc;
}

/* db_exec reports rows changed. */
UNIT_TEST_WITH(test_exec_changes, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct unit_user_job u = {.in = {.username = "carol",
					 .password_hash = "$argon2id$fake",
					 .role = ROLE_MINISTRY_ADMIN,
					 .org = NULL}};
	assert_int_equal(db_write(f->db, unit_user_fn, &u), ERR_OK);
	struct session_ctx s = {.user_id = u.id, .hash = "abc123", .changes = {-1, -1}};
	assert_int_equal(db_write(f->db, session_fn, &s), ERR_OK);
	assert_int_equal(s.changes[0], 0);
	assert_int_equal(s.changes[1], 1);
	/* The same token hash twice violates its unique index. */
	assert_int_equal(db_write(f->db, session_fn, &s), ERR_CONFLICT);
}

/* A job that fails after writing has its own writes undone. */
struct partial_ctx {
	struct problem p;
};

static int partial_fn(struct db_conn *c, void *ctx)
{
	struct partial_ctx *x = ctx;
	struct org_input ok = {.code = "PARTIAL", .name = "Name", .kind = "ministry"};
	int64_t id;
	int rc = org_create(c, &ok, &id, &x->p);
	if (rc)
		return rc;
	return ERR_FORBIDDEN; /* any error; this one says the insert worked */
}

UNIT_TEST_WITH(test_failed_write_rolls_back, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct partial_ctx x = {0};
	assert_int_equal(db_write(f->db, partial_fn, &x), ERR_FORBIDDEN);
	assert_int_equal(org_exists(f->db, "PARTIAL"), ERR_NOTFOUND);
	/* The writer goes on working. */
	assert_int_equal(unit_org_create(f->db, "AFTER", "ministry", NULL, NULL, NULL), ERR_OK);
	assert_int_equal(org_exists(f->db, "AFTER"), ERR_OK);
}

/* ---- group commit ---- */

/* Several threads submit jobs while the writer is held up inside a first
 * job, so they all queue and commit in groups. Every fourth job writes an
 * org and then fails on a duplicate code: its savepoint must undo its own
 * insert and nothing else. */

enum { THREADS = 4, PER_THREAD = 40, JOBS = THREADS * PER_THREAD };

struct group;

struct gjob {
	struct db_job job; /* first: done() gets this pointer */
	struct group *g;
	bool should_fail;
	char code[32];
	struct problem p;
	int64_t id;
	int rc_at_done;
	int visible_at_done; /* org_exists() from done(): after the commit */
};

struct group {
	struct db *db;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int finished;
	bool blocker_started, release_blocker;
	struct gjob jobs[JOBS];
	int next_thread;
};

static int blocker_fn(struct db_conn *c, void *ctx)
{
	struct group *g = ctx;
	struct org_input in = {.code = "BLOCK", .name = "Name", .kind = "ministry"};
	int64_t id;
	struct problem p;
	int rc = org_create(c, &in, &id, &p);
	pthread_mutex_lock(&g->lock);
	g->blocker_started = true;
	pthread_cond_broadcast(&g->cond);
	while (!g->release_blocker)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

static void blocker_done(struct db_job *job)
{
	struct group *g = job->ctx;
	pthread_mutex_lock(&g->lock);
	g->finished++;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static int gjob_fn(struct db_conn *c, void *ctx)
{
	struct gjob *j = ctx;
	struct org_input in = {
		.code = j->code, .name = "Province", .kind = "province", .parent = "M"};
	int rc = org_create(c, &in, &j->id, &j->p);
	if (rc || !j->should_fail)
		return rc;
	/* Written, now fail: the code of the ministry is taken. */
	struct org_input dup = {.code = "M", .name = "Again", .kind = "ministry"};
	int64_t id;
	return org_create(c, &dup, &id, &j->p);
}

static void gjob_done(struct db_job *job)
{
	struct gjob *j = (struct gjob *)job;
	j->rc_at_done = job->rc;
	j->visible_at_done = org_exists(j->g->db, j->code);
	pthread_mutex_lock(&j->g->lock);
	j->g->finished++;
	pthread_cond_broadcast(&j->g->cond);
	pthread_mutex_unlock(&j->g->lock);
}

static void *submitter(void *arg)
{
	struct group *g = arg;
	pthread_mutex_lock(&g->lock);
	int t = g->next_thread++;
	pthread_mutex_unlock(&g->lock);
	for (int i = 0; i < PER_THREAD; i++)
		db_submit(g->db, &g->jobs[t * PER_THREAD + i].job);
	return NULL;
}

static void run_group(struct unit_store *f, int batch_max, long long want_commits)
{
	if (batch_max) {
		db_close(f->db);
		f->db = NULL;
		struct db_options opt = {.migrate = true, .batch_max = batch_max};
		assert_int_equal(unit_store_reopen(f, &opt), ERR_OK);
	}
	int64_t mid = 0;
	assert_int_equal(unit_org_create(f->db, "M", "ministry", NULL, &mid, NULL), ERR_OK);

	struct group *g = calloc(1, sizeof(*g));
	assert_non_null(g);
	g->db = f->db;
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	for (int t = 0; t < THREADS; t++) {
		for (int i = 0; i < PER_THREAD; i++) {
			struct gjob *j = &g->jobs[t * PER_THREAD + i];
			j->g = g;
			j->should_fail = i % 4 == 3;
			snprintf(j->code, sizeof(j->code), "%s-%d-%d", j->should_fail ? "F" : "P",
				 t, i);
			j->job.fn = gjob_fn;
			j->job.ctx = j;
			j->job.done = gjob_done;
			j->rc_at_done = 12345;
		}
	}

	long long commits0 = metric(f->db, "tabula_db_commits_total");
	long long ok0 = metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}");
	long long bad0 = metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}");
	assert_true(commits0 >= 0 && ok0 >= 0 && bad0 >= 0);

	/* While the writer is held nothing may assert: a failed assertion
	 * would leave it waiting and db_close in the teardown with it. */

	/* Hold the writer inside the first job. */
	struct db_job blocker = {.fn = blocker_fn, .ctx = g, .done = blocker_done};
	db_submit(f->db, &blocker);
	pthread_mutex_lock(&g->lock);
	while (!g->blocker_started)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);

	/* Readers neither wait for the open transaction nor see into it. */
	int block_seen = org_exists(f->db, "BLOCK");

	pthread_t th[THREADS];
	int started = 0;
	for (int t = 0; t < THREADS; t++)
		if (pthread_create(&th[t], NULL, submitter, g) == 0)
			started++;
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	long long depth = metric(f->db, "tabula_db_write_queue_depth");

	pthread_mutex_lock(&g->lock);
	g->release_blocker = true;
	pthread_cond_broadcast(&g->cond);
	while (g->finished < 1 + started * PER_THREAD)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);

	assert_int_equal(started, THREADS);
	assert_int_equal(block_seen, ERR_NOTFOUND);
	assert_int_equal(depth, JOBS);
	assert_int_equal(blocker.rc, ERR_OK);
	assert_int_equal(org_exists(f->db, "BLOCK"), ERR_OK);

	int nok = 0;
	for (int k = 0; k < JOBS; k++) {
		struct gjob *j = &g->jobs[k];
		if (j->should_fail) {
			assert_int_equal(j->rc_at_done, ERR_CONFLICT);
			assert_int_equal(j->job.rc, ERR_CONFLICT);
			assert_string_equal(j->p.field, "code");
			/* Its own first insert was undone. */
			assert_int_equal(j->visible_at_done, ERR_NOTFOUND);
			assert_int_equal(org_exists(f->db, j->code), ERR_NOTFOUND);
		} else {
			nok++;
			assert_int_equal(j->rc_at_done, ERR_OK);
			assert_true(j->id > 0);
			/* done() runs only once the group is committed. */
			assert_int_equal(j->visible_at_done, ERR_OK);
		}
	}
	assert_int_equal(nok, JOBS - JOBS / 4);
	assert_int_equal(count_children(f->db, mid), nok);

	assert_int_equal(metric(f->db, "tabula_db_commits_total") - commits0, want_commits);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"ok\"}") - ok0, nok + 1);
	assert_int_equal(metric(f->db, "tabula_db_jobs_total{outcome=\"error\"}") - bad0,
			 JOBS - nok);
	assert_int_equal(metric(f->db, "tabula_db_write_queue_depth"), 0);

	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->cond);
	free(g);
}

/* Default batch_max (256): the blocker's commit, then one for all 160. */
UNIT_TEST_WITH(test_group_commit, setup, unit_store_teardown)
{
	run_group(*state, 0, 2);
}

/* batch_max 16: the blocker, then 160 / 16 groups. */
UNIT_TEST_WITH(test_group_commit_batch_max, setup, unit_store_teardown)
{
	run_group(*state, 16, 1 + JOBS / 16);
}

/* Which SQLite failures are the store's (503 store_unavailable) and which
 * are the statement's. */
UNIT_TEST(test_classify)
{
	UNUSED(state);
	static const struct {
		int rc, ext, err;
	} cases[] = {
		{SQLITE_FULL, SQLITE_FULL, ERR_UNAVAILABLE},
		{SQLITE_READONLY, SQLITE_READONLY, ERR_UNAVAILABLE},
		{SQLITE_READONLY_DBMOVED, SQLITE_READONLY_DBMOVED, ERR_UNAVAILABLE},
		{SQLITE_CANTOPEN, SQLITE_CANTOPEN, ERR_UNAVAILABLE},
		{SQLITE_IOERR_WRITE, SQLITE_IOERR_WRITE, ERR_UNAVAILABLE},
		{SQLITE_IOERR_FSYNC, SQLITE_IOERR_FSYNC, ERR_UNAVAILABLE},
		{SQLITE_BUSY, SQLITE_BUSY, ERR_UNAVAILABLE},
		{SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_SNAPSHOT, ERR_UNAVAILABLE},
		{SQLITE_LOCKED, SQLITE_LOCKED, ERR_UNAVAILABLE},
		{SQLITE_PERM, SQLITE_PERM, ERR_UNAVAILABLE},
		{SQLITE_IOERR_NOMEM, SQLITE_IOERR_NOMEM, ERR_NOMEM},
		{SQLITE_NOMEM, SQLITE_NOMEM, ERR_NOMEM},
		{SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_UNIQUE, ERR_CONFLICT},
		{SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_PRIMARYKEY, ERR_CONFLICT},
		{SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_FOREIGNKEY, ERR_INVALID},
		{SQLITE_ERROR, SQLITE_ERROR, ERR_DB},
		{SQLITE_CORRUPT, SQLITE_CORRUPT, ERR_DB},
		{SQLITE_MISUSE, SQLITE_MISUSE, ERR_DB},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (db_sqlite_classify(cases[i].rc, cases[i].ext) != cases[i].err)
			fail_msg("case %zu (%d/%d): %d, want %d", i, cases[i].rc, cases[i].ext,
				 db_sqlite_classify(cases[i].rc, cases[i].ext), cases[i].err);
}

UNIT_MAIN()
