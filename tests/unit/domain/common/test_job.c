/* Unit tests of src/domain/common/job.c: job rows (create, progress, finish,
 * read), the per-line errors and their CSV report, on a temporary SQLite
 * store; then the slots that let the server stop cleanly, which end with
 * jobs_wait_idle() and so come last. */
#include "unit.h"
#include "store.h"
#include "writes.h"

#include <pthread.h>

#include "core/log.h"
#include "domain/access/user.h"
#include "domain/common/job.h"

struct fixture {
	struct unit_store st;
	struct arena arena;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	if (unit_store_open(&f->st, "job.db", 2)) {
		free(f);
		return -1;
	}
	arena_init(&f->arena, 0, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_release(&f->arena);
	unit_store_close(&f->st);
	free(f);
	return 0;
}

/* ---- work functions around the calls under test ---- */

struct create_ctx {
	const char *kind;
	int64_t user_id, total, id;
	/* then, in the same write job: */
	int64_t processed, succeeded, failed; /* job_add_progress if any */
	int fail;			      /* the job's answer after all that */
};

static int create_fn(struct db_conn *c, void *ctx)
{
	struct create_ctx *x = ctx;
	int rc = job_create(c, x->kind, x->user_id, x->total, &x->id);
	if (!rc && (x->processed || x->succeeded || x->failed))
		rc = job_add_progress(c, x->id, x->processed, x->succeeded, x->failed);
	return rc ? rc : x->fail;
}

static int64_t create(struct db *db, const char *kind, int64_t total)
{
	struct create_ctx x = {.kind = kind, .total = total};
	assert_int_equal(db_write(db, create_fn, &x), ERR_OK);
	assert_true(x.id > 0);
	return x.id;
}

struct progress_ctx {
	int64_t id, processed, succeeded, failed;
	int fail;
};

static int progress_fn(struct db_conn *c, void *ctx)
{
	struct progress_ctx *x = ctx;
	int rc = job_add_progress(c, x->id, x->processed, x->succeeded, x->failed);
	return rc ? rc : x->fail;
}

struct finish_ctx {
	int64_t id;
	const char *status;
	int64_t processed, succeeded, failed;
	const char *message;
};

static int finish_fn(struct db_conn *c, void *ctx)
{
	struct finish_ctx *x = ctx;
	return job_finish(c, x->id, x->status, x->processed, x->succeeded, x->failed, x->message);
}

struct error_ctx {
	int64_t id, line;
	const char *field, *code, *message;
};

static int error_fn(struct db_conn *c, void *ctx)
{
	struct error_ctx *x = ctx;
	return job_error_add(c, x->id, x->line, x->field, x->code, x->message);
}

static int add_error(struct db *db, int64_t id, int64_t line, const char *field, const char *code,
		     const char *message)
{
	struct error_ctx x = {id, line, field, code, message};
	return db_write(db, error_fn, &x);
}

struct get_ctx {
	struct arena *a;
	int64_t id;
	struct job job;
};

static int get_fn(struct db_conn *c, void *ctx)
{
	struct get_ctx *x = ctx;
	return job_get(c, x->a, x->id, &x->job);
}

static struct job get(struct fixture *f, int64_t id)
{
	struct get_ctx x = {&f->arena, id, {0}};
	assert_int_equal(db_read(f->st.db, get_fn, &x), ERR_OK);
	return x.job;
}

struct csv_ctx {
	int64_t id;
	struct buf *out;
};

static int csv_fn(struct db_conn *c, void *ctx)
{
	struct csv_ctx *x = ctx;
	return job_errors_csv(c, x->id, x->out);
}

/* ---- rows ---- */

UNIT_TEST_WITH(test_create_and_get, setup, teardown)
{
	struct fixture *f = *state;
	int64_t before = time_now_unix();
	int64_t id = create(f->st.db, "import_students", 1200);
	struct job j = get(f, id);
	assert_int_equal(j.id, id);
	assert_string_equal(j.kind, "import_students");
	/* user 0 is stored as NULL and read back as 0. */
	assert_int_equal(j.user_id, 0);
	assert_string_equal(j.status, "running");
	assert_int_equal(j.total, 1200);
	assert_int_equal(j.processed, 0);
	assert_int_equal(j.succeeded, 0);
	assert_int_equal(j.failed, 0);
	assert_null(j.message);
	assert_in_range(j.created_at, before, time_now_unix());
	assert_int_equal(j.finished_at, 0);

	/* Ids are distinct; a missing one is NOTFOUND. */
	int64_t id2 = create(f->st.db, "import_students", 1);
	assert_true(id2 != id);
	struct get_ctx x = {&f->arena, id2 + 100, {0}};
	assert_int_equal(db_read(f->st.db, get_fn, &x), ERR_NOTFOUND);
}

/* A job started by a user keeps the user; an unknown user is refused. */
UNIT_TEST_WITH(test_user, setup, teardown)
{
	struct fixture *f = *state;
	struct unit_user_job u = {.in = {.username = "jobrunner",
					 .password_hash = "$argon2id$fake",
					 .role = ROLE_MINISTRY_ADMIN,
					 .org = NULL}};
	assert_int_equal(db_write(f->st.db, unit_user_fn, &u), ERR_OK);
	struct create_ctx x = {.kind = "import_students", .user_id = u.id, .total = 3};
	assert_int_equal(db_write(f->st.db, create_fn, &x), ERR_OK);
	assert_int_equal(get(f, x.id).user_id, u.id);

	struct create_ctx y = {.kind = "import_students", .user_id = u.id + 1000, .total = 3};
	assert_int_equal(db_write(f->st.db, create_fn, &y), ERR_INVALID);
}

/* Progress adds up, and a write job that fails takes its counts with it. */
UNIT_TEST_WITH(test_progress, setup, teardown)
{
	struct fixture *f = *state;
	struct create_ctx c = {
		.kind = "k", .total = 100, .processed = 10, .succeeded = 8, .failed = 2};
	assert_int_equal(db_write(f->st.db, create_fn, &c), ERR_OK);
	struct progress_ctx p = {c.id, 5, 5, 0, ERR_OK};
	assert_int_equal(db_write(f->st.db, progress_fn, &p), ERR_OK);
	assert_int_equal(db_write(f->st.db, progress_fn, &p), ERR_OK);
	struct job j = get(f, c.id);
	assert_int_equal(j.processed, 20);
	assert_int_equal(j.succeeded, 18);
	assert_int_equal(j.failed, 2);

	p = (struct progress_ctx){c.id, 50, 0, 50, ERR_CONFLICT};
	assert_int_equal(db_write(f->st.db, progress_fn, &p), ERR_CONFLICT);
	j = get(f, c.id);
	assert_int_equal(j.processed, 20);
	assert_int_equal(j.failed, 2);
	/* Still running, and total untouched. */
	assert_string_equal(j.status, "running");
	assert_int_equal(j.total, 100);

	/* The same when the create itself is in the failing job. */
	struct create_ctx gone = {.kind = "gone", .total = 1, .processed = 1, .fail = ERR_INVALID};
	assert_int_equal(db_write(f->st.db, create_fn, &gone), ERR_INVALID);
	struct get_ctx x = {&f->arena, gone.id, {0}};
	int rc = db_read(f->st.db, get_fn, &x);
	assert_true(rc == ERR_NOTFOUND || strcmp(x.job.kind, "gone"));
}

UNIT_TEST_WITH(test_finish, setup, teardown)
{
	struct fixture *f = *state;
	int64_t a = create(f->st.db, "import_students", 10);
	int64_t b = create(f->st.db, "import_students", 10);
	struct finish_ctx fa = {a, "done", 10, 9, 1, "9 of 10 imported."};
	assert_int_equal(db_write(f->st.db, finish_fn, &fa), ERR_OK);
	struct finish_ctx fb = {b, "failed", 3, 0, 3, NULL};
	assert_int_equal(db_write(f->st.db, finish_fn, &fb), ERR_OK);

	struct job j = get(f, a);
	assert_string_equal(j.status, "done");
	assert_int_equal(j.processed, 10);
	assert_int_equal(j.succeeded, 9);
	assert_int_equal(j.failed, 1);
	assert_string_equal(j.message, "9 of 10 imported.");
	assert_true(j.finished_at >= j.created_at);
	assert_true(j.finished_at > 0);
	j = get(f, b);
	assert_string_equal(j.status, "failed");
	assert_int_equal(j.processed, 3);
	assert_int_equal(j.failed, 3);
	assert_null(j.message);
	assert_true(j.finished_at > 0);
	/* The other job's row is its own. */
	assert_int_equal(get(f, a).succeeded, 9);
}

/* job_get copies its strings into the arena: none left, ERR_NOMEM. */
UNIT_TEST_WITH(test_get_nomem, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = create(f->st.db, "import_students", 1);
	struct arena small;
	arena_init(&small, 64, 64);
	assert_non_null(arena_alloc(&small, 64));
	struct get_ctx x = {&small, id, {0}};
	assert_int_equal(db_read(f->st.db, get_fn, &x), ERR_NOMEM);
	arena_release(&small);
}

/* ---- errors and their report ---- */

static char *report(struct fixture *f, int64_t id)
{
	struct buf b = BUF_INIT(0);
	struct csv_ctx x = {id, &b};
	assert_int_equal(db_read(f->st.db, csv_fn, &x), ERR_OK);
	assert_non_null(b.p);
	return b.p;
}

UNIT_TEST_WITH(test_errors_csv, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = create(f->st.db, "import_students", 50);
	int64_t other = create(f->st.db, "import_students", 50);

	/* No errors: the header line alone. */
	char *csv = report(f, id);
	assert_string_equal(csv, "line,field,code,message\r\n");
	free(csv);

	/* Added out of order; a second error on a line is ignored. */
	assert_int_equal(add_error(f->st.db, id, 12, "national_id", "check_digit",
				   "The national id's check digit is wrong."),
			 ERR_OK);
	assert_int_equal(add_error(f->st.db, id, 3, NULL, "wrong_field_count",
				   "The line has the wrong number of fields."),
			 ERR_OK);
	assert_int_equal(add_error(f->st.db, id, 12, "name", "required", "A later fault."), ERR_OK);
	/* Cells with commas, quotes and line breaks are quoted; a cell that a
	 * spreadsheet would run as a formula is defused. */
	assert_int_equal(add_error(f->st.db, id, 7, "name", "invalid", "Say \"hi\", then\nleave."),
			 ERR_OK);
	assert_int_equal(add_error(f->st.db, id, 9, "=cmd", "invalid", "+1 for @you"), ERR_OK);
	assert_int_equal(add_error(f->st.db, other, 1, "x", "invalid", "Another job's."), ERR_OK);

	csv = report(f, id);
	assert_string_equal(
		csv, "line,field,code,message\r\n"
		     "3,,wrong_field_count,The line has the wrong number of fields.\r\n"
		     "7,name,invalid,\"Say \"\"hi\"\", then\nleave.\"\r\n"
		     "9,'=cmd,invalid,'+1 for @you\r\n"
		     "12,national_id,check_digit,The national id's check digit is wrong.\r\n");
	free(csv);
	csv = report(f, other);
	assert_string_equal(csv, "line,field,code,message\r\n1,x,invalid,Another job's.\r\n");
	free(csv);
	/* A job that does not exist has an empty report. */
	csv = report(f, other + 100);
	assert_string_equal(csv, "line,field,code,message\r\n");
	free(csv);

	/* Errors need their job. */
	assert_int_equal(add_error(f->st.db, other + 100, 1, NULL, "invalid", "No job."),
			 ERR_INVALID);
}

/* Past the buffer's maximum: ERR_TOOLARGE, at the header or in a record,
 * and the connection is fine afterwards. */
UNIT_TEST_WITH(test_errors_csv_too_large, setup, teardown)
{
	struct fixture *f = *state;
	int64_t id = create(f->st.db, "import_students", 50);
	for (int line = 1; line <= 20; line++)
		assert_int_equal(add_error(f->st.db, id, line, "name", "required",
					   "This field is required."),
				 ERR_OK);
	char *full = report(f, id);
	size_t full_len = strlen(full);
	free(full);
	static const size_t maxes[] = {1, 10, 25, 26, 60, 300};
	for (size_t i = 0; i < ARRAY_SIZE(maxes); i++) {
		struct buf b = BUF_INIT(maxes[i]);
		struct csv_ctx x = {id, &b};
		assert_int_equal(db_read(f->st.db, csv_fn, &x), ERR_TOOLARGE);
		assert_true(b.len <= maxes[i]);
		buf_release(&b);
	}
	/* Exactly the report's length is enough. */
	struct buf b = BUF_INIT(full_len);
	struct csv_ctx x = {id, &b};
	assert_int_equal(db_read(f->st.db, csv_fn, &x), ERR_OK);
	assert_int_equal(b.len, full_len);
	buf_release(&b);
	full = report(f, id);
	assert_int_equal(strlen(full), full_len);
	free(full);
}

/* ---- slots ---- */

UNIT_TEST(test_slots)
{
	UNUSED(state);
	assert_false(jobs_stopping());
	assert_int_equal(jobs_available(), ERR_OK);
	for (int i = 0; i < JOBS_MAX_RUNNING; i++)
		assert_int_equal(jobs_begin(), ERR_OK);
	/* All taken: RETRY, and asking takes nothing. */
	assert_int_equal(jobs_available(), ERR_RETRY);
	assert_int_equal(jobs_begin(), ERR_RETRY);
	assert_int_equal(jobs_available(), ERR_RETRY);
	jobs_end();
	assert_int_equal(jobs_available(), ERR_OK);
	assert_int_equal(jobs_begin(), ERR_OK);
	assert_int_equal(jobs_begin(), ERR_RETRY);
	for (int i = 0; i < JOBS_MAX_RUNNING; i++)
		jobs_end();
	assert_int_equal(jobs_available(), ERR_OK);
	assert_false(jobs_stopping());
}

struct spawned {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	bool saw_stop;
};

/* A job thread: runs until asked to stop, then gives its slot back. */
static void *job_thread(void *arg)
{
	struct spawned *s = arg;
	pthread_mutex_lock(&s->lock);
	s->started = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	while (!jobs_stopping()) {
		struct timespec ms = {0, 1000000};
		nanosleep(&ms, NULL);
	}
	pthread_mutex_lock(&s->lock);
	s->saw_stop = true;
	pthread_mutex_unlock(&s->lock);
	jobs_end();
	return NULL;
}

/* Runs last: jobs_wait_idle() cannot be undone. */
UNIT_TEST(test_spawn_and_wait_idle)
{
	UNUSED(state);
	static struct spawned s[2];
	for (int i = 0; i < 2; i++) {
		pthread_mutex_init(&s[i].lock, NULL);
		pthread_cond_init(&s[i].cond, NULL);
		assert_int_equal(jobs_begin(), ERR_OK);
		assert_int_equal(jobs_spawn(job_thread, &s[i]), ERR_OK);
	}
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&s[i].lock);
		while (!s[i].started)
			pthread_cond_wait(&s[i].cond, &s[i].lock);
		pthread_mutex_unlock(&s[i].lock);
	}
	assert_false(jobs_stopping());
	/* Returns only once both threads have given their slots back. */
	jobs_wait_idle();
	for (int i = 0; i < 2; i++) {
		pthread_mutex_lock(&s[i].lock);
		bool saw = s[i].saw_stop;
		pthread_mutex_unlock(&s[i].lock);
		assert_true(saw);
	}
	assert_true(jobs_stopping());
	/* Stopping: no new job. */
	assert_int_equal(jobs_available(), ERR_UNSUPPORTED);
	assert_int_equal(jobs_begin(), ERR_UNSUPPORTED);
	/* With nothing running it returns at once. */
	jobs_wait_idle();
}

UNIT_MAIN()
