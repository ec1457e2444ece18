/*
 * password.h: password hashing with Argon2id (libsodium).
 *
 * Parameters are the ones OWASP recommends and DESIGN.md fixes: m = 19 MiB,
 * t = 2, p = 1. Hashing is costly on purpose, so at most `slots` hashes run
 * at once (a semaphore, one slot per core by default): a login storm queues
 * instead of taking every thread and all the memory.
 *
 * The server never hashes on an HTTP worker: it hands a struct password_job
 * to the hashing pool (password_pool_start), a few threads at a lower CPU
 * priority, and suspends the request until the job's done() runs. Reads keep
 * their workers and preempt the hashing when both want a core. The
 * synchronous calls below are for the command line and tests.
 */
#ifndef TABULA_CRYPTO_PASSWORD_H
#define TABULA_CRYPTO_PASSWORD_H

#define PASSWORD_HASH_MAX  128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_BYTES 1024

/* Initialise libsodium and the semaphore; slots 0 means one per core. */
int crypto_init(int slots);

/* Hash into out (PASSWORD_HASH_MAX bytes). */
int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX]);
/* ERR_OK if it matches, ERR_UNAUTHORIZED if not. */
int password_verify(const char *hash, const char *password, size_t len);
/* Spend the time of one verification without a stored hash, so an unknown
 * user name answers as slowly as a wrong password. */
void password_verify_dummy(const char *password, size_t len);

/* ---- the hashing pool ---- */

enum password_op {
	PASSWORD_VERIFY,	   /* hash (NULL: the dummy) against password; rc OK/UNAUTHORIZED */
	PASSWORD_HASH,		   /* password into out; rc OK/NOMEM */
	PASSWORD_VERIFY_THEN_HASH, /* verify, and if it matches hash password2 into out */
};

/* One unit of work. The submitter owns it and keeps it (and the strings it
 * points to) alive until done() has been called; done() runs on a hashing
 * thread and must only hand the result back (e.g. resume a request). */
struct password_job {
	enum password_op op;
	const char *hash;     /* VERIFY: the stored hash, NULL for the dummy */
	const char *password; /* not NUL-terminated necessarily */
	size_t len;
	const char *password2; /* VERIFY_THEN_HASH: the new password */
	size_t len2;
	char out[PASSWORD_HASH_MAX];
	int rc;
	void (*done)(struct password_job *job);
	void *ctx;
	struct password_job *next; /* private to password.c */
};

/* Start `threads` hashing threads (0: one per core) at nice value `nice`
 * (0 leaves the priority alone); at most `queue_max` jobs wait. Call once,
 * after crypto_init. */
int password_pool_start(int threads, int nice, int queue_max);
/* Queue a job. ERR_RETRY (and done() is not called) if the queue is full or
 * the pool is not running; the caller answers 503 then. */
int password_submit(struct password_job *job);
/* Finish the queued jobs and join the threads. */
void password_pool_stop(void);
/* Jobs waiting and running, for /metrics. */
void password_pool_stats(int *queued, int *running, long long *done);

#endif
