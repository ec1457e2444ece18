/* Unit tests of src/domain/common/work.c on a temporary SQLite store: work
 * functions read in the caller's thread, write through the group commit,
 * and hand their result back, to work_write's caller or to the done
 * callback of work_submit. */
#include "unit.h"
#include "store.h"

#include <pthread.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/common/work.h"

static int setup(void **state)
{
	return unit_store_setup(state, "work.db", 2);
}

/* ---- work functions ---- */

/* Insert a job row of this kind, then answer `answer`. */
struct insert {
	const char *kind;
	int answer;
	int64_t id;
	int ran; /* times fn ran */
	pthread_t thread;
};

static int insert_fn(struct db_conn *c, void *ctx)
{
	struct insert *x = ctx;
	x->ran++;
	x->thread = pthread_self();
	struct db_val v[] = {DBV_TEXT(x->kind), DBV_NULL, DBV_INT(0), DBV_INT(1)};
	struct db_res res;
	int rc = db_row(c, Q_JOB_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	x->id = db_int(&res, C_JOB_INSERT__ID);
	db_done(&res);
	return x->answer;
}

/* Does row id hold this kind? ERR_OK or ERR_NOTFOUND. */
struct look {
	int64_t id;
	const char *kind;
	pthread_t thread;
};

static int look_fn(struct db_conn *c, void *ctx)
{
	struct look *l = ctx;
	l->thread = pthread_self();
	struct db_val v = DBV_INT(l->id);
	struct db_res res;
	int rc = db_row(c, Q_JOB_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = strcmp(db_text(&res, C_JOB_BY_ID__KIND, NULL), l->kind) ? ERR_NOTFOUND : ERR_OK;
	db_done(&res);
	return rc;
}

static int stored(struct db *db, int64_t id, const char *kind)
{
	struct look l = {id, kind, pthread_self()};
	return work_read(db, look_fn, &l);
}

/* ---- done callbacks ---- */

struct waiter {
	struct db *db;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int calls;
	int rc;
	int visible; /* stored() from inside done */
	struct insert *x;
	pthread_t thread;
};

static void waiter_init(struct waiter *w, struct db *db, struct insert *x)
{
	memset(w, 0, sizeof(*w));
	w->db = db;
	w->x = x;
	w->rc = 12345;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
}

static void on_done(void *arg, int rc)
{
	struct waiter *w = arg;
	int visible = stored(w->db, w->x->id, w->x->kind);
	pthread_mutex_lock(&w->lock);
	w->calls++;
	w->rc = rc;
	w->visible = visible;
	w->thread = pthread_self();
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

static void waiter_wait(struct waiter *w, int calls)
{
	pthread_mutex_lock(&w->lock);
	while (w->calls < calls)
		pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

static void waiter_release(struct waiter *w)
{
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
}

/* ---- tests ---- */

UNIT_TEST_WITH(test_read, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct look l = {.id = 1, .kind = "x"};
	assert_int_equal(work_read(f->db, look_fn, &l), ERR_NOTFOUND);
	assert_true(pthread_equal(l.thread, pthread_self()));
	/* A reader does not write: the error comes back, nothing is stored. */
	struct insert x = {.kind = "from-read"};
	assert_int_not_equal(work_read(f->db, insert_fn, &x), ERR_OK);
	assert_int_equal(x.ran, 1);
	assert_int_equal(stored(f->db, 1, "from-read"), ERR_NOTFOUND);
}

UNIT_TEST_WITH(test_write, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct insert x = {.kind = "written"};
	assert_int_equal(work_write(f->db, insert_fn, &x), ERR_OK);
	assert_int_equal(x.ran, 1);
	assert_false(pthread_equal(x.thread, pthread_self()));
	assert_int_equal(stored(f->db, x.id, "written"), ERR_OK);

	/* The function's error comes back, and what it wrote is undone. */
	static const int errs[] = {ERR_INVALID, ERR_CONFLICT, ERR_FORBIDDEN, ERR_NOTFOUND};
	for (size_t i = 0; i < ARRAY_SIZE(errs); i++) {
		struct insert y = {.kind = "refused", .answer = errs[i]};
		assert_int_equal(work_write(f->db, insert_fn, &y), errs[i]);
		assert_int_equal(y.ran, 1);
		assert_true(y.id > 0);
		assert_int_equal(stored(f->db, y.id, "refused"), ERR_NOTFOUND);
	}
	assert_int_equal(stored(f->db, x.id, "written"), ERR_OK);
}

/* work_submit with the bookkeeping in an arena: done(arg, rc) once, on the
 * writer's thread, with the write already visible to readers. */
UNIT_TEST_WITH(test_submit_arena, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena a;
	arena_init(&a, 0, 0);
	struct insert x = {.kind = "submitted"};
	struct waiter w;
	waiter_init(&w, f->db, &x);
	assert_int_equal(work_submit(f->db, &a, insert_fn, &x, on_done, &w), ERR_OK);
	assert_true(a.used > 0);
	waiter_wait(&w, 1);
	assert_int_equal(w.rc, ERR_OK);
	assert_int_equal(w.visible, ERR_OK);
	assert_false(pthread_equal(w.thread, pthread_self()));
	assert_true(pthread_equal(w.thread, x.thread));
	/* Once: a later write does not call it again. */
	struct insert y = {.kind = "later"};
	assert_int_equal(work_write(f->db, insert_fn, &y), ERR_OK);
	assert_int_equal(w.calls, 1);
	waiter_release(&w);

	/* A failing function: done gets its error and nothing is stored. */
	struct insert z = {.kind = "failing", .answer = ERR_CONFLICT};
	waiter_init(&w, f->db, &z);
	assert_int_equal(work_submit(f->db, &a, insert_fn, &z, on_done, &w), ERR_OK);
	waiter_wait(&w, 1);
	assert_int_equal(w.rc, ERR_CONFLICT);
	assert_int_equal(w.visible, ERR_NOTFOUND);
	waiter_release(&w);
	arena_release(&a);
}

enum { MANY = 50 };

/* Without an arena the bookkeeping is the heap's (freed after done, which
 * a leak checker sees); many at once all come back, each once. */
UNIT_TEST_WITH(test_submit_heap, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct insert xs[MANY];
	struct waiter ws[MANY];
	char kinds[MANY][24];
	for (int i = 0; i < MANY; i++) {
		snprintf(kinds[i], sizeof(kinds[i]), "heap-%d", i);
		xs[i] = (struct insert){.kind = kinds[i],
					.answer = i % 5 == 4 ? ERR_INVALID : ERR_OK};
		waiter_init(&ws[i], f->db, &xs[i]);
		assert_int_equal(work_submit(f->db, NULL, insert_fn, &xs[i], on_done, &ws[i]),
				 ERR_OK);
	}
	for (int i = 0; i < MANY; i++) {
		waiter_wait(&ws[i], 1);
		assert_int_equal(ws[i].calls, 1);
		assert_int_equal(xs[i].ran, 1);
		assert_int_equal(ws[i].rc, xs[i].answer);
		assert_int_equal(ws[i].visible, xs[i].answer ? ERR_NOTFOUND : ERR_OK);
		waiter_release(&ws[i]);
	}
}

/* No room in the arena: ERR_NOMEM, nothing queued, done never called. */
UNIT_TEST_WITH(test_submit_nomem, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct arena a;
	arena_init(&a, 64, 64);
	assert_non_null(arena_alloc(&a, 64));
	struct insert x = {.kind = "never"};
	struct waiter w;
	waiter_init(&w, f->db, &x);
	assert_int_equal(work_submit(f->db, &a, insert_fn, &x, on_done, &w), ERR_NOMEM);
	/* One writer takes jobs in order: once this write is back, a queued
	 * job would have run. */
	struct insert y = {.kind = "after"};
	assert_int_equal(work_write(f->db, insert_fn, &y), ERR_OK);
	assert_int_equal(x.ran, 0);
	assert_int_equal(w.calls, 0);
	waiter_release(&w);
	arena_release(&a);
}

UNIT_TEST_WITH(test_metrics, setup, unit_store_teardown)
{
	struct unit_store *f = *state;
	struct insert x = {.kind = "m"};
	assert_int_equal(work_write(f->db, insert_fn, &x), ERR_OK);
	struct buf b = BUF_INIT(0);
	work_metrics(f->db, &b);
	assert_non_null(b.p);
	assert_non_null(strstr(b.p, "\ntabula_db_jobs_total{outcome=\"ok\"} 1\n"));
	assert_non_null(strstr(b.p, "\ntabula_db_commits_total 1\n"));
	buf_release(&b);
}

UNIT_MAIN()
