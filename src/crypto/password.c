#include "core/base.h"
#include "core/err.h"
#include "core/log.h"
#include "crypto/password.h"

#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OPSLIMIT 2
#define MEMLIMIT ((size_t)19 * 1024 * 1024)

static sem_t hash_slots;
static char dummy_hash[PASSWORD_HASH_MAX];

int crypto_init(int slots)
{
	if (sodium_init() < 0)
		return ERR_INTERNAL;
	if (slots <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		slots = cores > 0 ? (int)cores : 1;
	}
	if (sem_init(&hash_slots, 0, (unsigned)slots))
		return ERR_INTERNAL;
	return password_hash("tabula-dummy-password", 21, dummy_hash);
}

int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX])
{
	while (sem_wait(&hash_slots) && errno == EINTR)
		;
	int rc = crypto_pwhash_str_alg(out, password, len, OPSLIMIT, MEMLIMIT,
				       crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&hash_slots);
	return rc == 0 ? ERR_OK : ERR_NOMEM;
}

int password_verify(const char *hash, const char *password, size_t len)
{
	while (sem_wait(&hash_slots) && errno == EINTR)
		;
	int rc = crypto_pwhash_str_verify(hash, password, len);
	sem_post(&hash_slots);
	return rc == 0 ? ERR_OK : ERR_UNAUTHORIZED;
}

void password_verify_dummy(const char *password, size_t len)
{
	password_verify(dummy_hash, password, len);
}

/* ---- the hashing pool ----
 *
 * A FIFO under one mutex; each thread takes a job, runs it through the same
 * semaphore as the synchronous calls (so the CLI and the pool together never
 * run more hashes than slots) and calls done(). Threads lower their own
 * priority with setpriority() on their thread id, which Linux applies to
 * that thread alone. */

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct password_job *head, *tail;
	int queued, queue_max, running, nthreads, nice;
	long long done;
	bool stop, started;
	pthread_t threads[64];
} pool = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void run_job(struct password_job *j)
{
	switch (j->op) {
	case PASSWORD_VERIFY:
		j->rc = password_verify(j->hash ? j->hash : dummy_hash, j->password, j->len);
		break;
	case PASSWORD_HASH:
		j->rc = password_hash(j->password, j->len, j->out);
		break;
	case PASSWORD_VERIFY_THEN_HASH:
		j->rc = password_verify(j->hash ? j->hash : dummy_hash, j->password, j->len);
		if (j->rc == ERR_OK)
			j->rc = password_hash(j->password2, j->len2, j->out);
		break;
	}
}

static void *pool_main(void *arg)
{
	UNUSED(arg);
	/* SCHED_BATCH: a hashing thread that wakes up never preempts a worker;
	 * nice: when both want a core, the worker gets most of it. */
	pid_t tid = (pid_t)syscall(SYS_gettid);
	struct sched_param sp = {.sched_priority = 0};
	if (pool.nice && (sched_setscheduler(tid, SCHED_BATCH, &sp) ||
			  setpriority(PRIO_PROCESS, (id_t)tid, pool.nice)))
		log_warn("hashing thread: cannot lower its priority: %s", strerror(errno));
	pthread_mutex_lock(&pool.mu);
	for (;;) {
		while (!pool.head && !pool.stop)
			pthread_cond_wait(&pool.cv, &pool.mu);
		if (!pool.head)
			break;
		struct password_job *j = pool.head;
		pool.head = j->next;
		if (!pool.head)
			pool.tail = NULL;
		pool.queued--;
		pool.running++;
		pthread_mutex_unlock(&pool.mu);
		run_job(j);
		j->done(j); /* may free j: not touched after */
		pthread_mutex_lock(&pool.mu);
		pool.running--;
		pool.done++;
	}
	pthread_mutex_unlock(&pool.mu);
	return NULL;
}

int password_pool_start(int threads, int nice, int queue_max)
{
	if (threads <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? (int)cores : 1;
	}
	if (threads > (int)ARRAY_SIZE(pool.threads))
		threads = (int)ARRAY_SIZE(pool.threads);
	pool.nice = nice;
	pool.queue_max = queue_max > 0 ? queue_max : 1024;
	pool.stop = false;
	for (int i = 0; i < threads; i++) {
		if (pthread_create(&pool.threads[i], NULL, pool_main, NULL)) {
			password_pool_stop();
			return ERR_INTERNAL;
		}
		pool.nthreads++;
	}
	pool.started = true;
	return ERR_OK;
}

int password_submit(struct password_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&pool.mu);
	if (!pool.started || pool.stop || pool.queued >= pool.queue_max) {
		pthread_mutex_unlock(&pool.mu);
		return ERR_RETRY;
	}
	if (pool.tail)
		pool.tail->next = j;
	else
		pool.head = j;
	pool.tail = j;
	pool.queued++;
	pthread_cond_signal(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	return ERR_OK;
}

void password_pool_stop(void)
{
	pthread_mutex_lock(&pool.mu);
	pool.stop = true;
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	for (int i = 0; i < pool.nthreads; i++)
		pthread_join(pool.threads[i], NULL);
	pool.nthreads = 0;
	pool.started = false;
}

void password_pool_stats(int *queued, int *running, long long *done)
{
	pthread_mutex_lock(&pool.mu);
	*queued = pool.queued;
	*running = pool.running;
	*done = pool.done;
	pthread_mutex_unlock(&pool.mu);
}
