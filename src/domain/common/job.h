/*
 * job.h: background jobs (bulk imports): their rows, their per-row error
 * reports, and the bookkeeping that lets the server stop cleanly while one
 * runs.
 *
 * A job row says what ran, for whom, how far it got (total, processed,
 * succeeded, failed) and how it ended (running, done, failed, with a
 * message). Errors are one row per input line: line, field, code, message.
 *
 * Job threads are counted: a thread that will use the database takes a slot
 * with jobs_begin() before it exists and gives it back with jobs_end() as
 * the last thing it does. jobs_wait_idle() asks running jobs to stop at their
 * next safe point (jobs_stopping() turns true) and waits until every slot is
 * back, so the database is never closed under a job.
 */
#ifndef TABULA_DOMAIN_JOB_H
#define TABULA_DOMAIN_JOB_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"

/* Jobs that may run at once in one process. */
#define JOBS_MAX_RUNNING 4

struct job {
	int64_t id;
	const char *kind;   /* "import_students" */
	int64_t user_id;    /* 0: started from the command line */
	const char *status; /* running, done, failed */
	int64_t total, processed, succeeded, failed;
	const char *message; /* NULL until the end */
	int64_t created_at;
	int64_t finished_at; /* 0 while running */
};

/* Insert a running job inside a write job. user_id 0 stores NULL. */
int job_create(struct db_conn *c, const char *kind, int64_t user_id, int64_t total, int64_t *id);
/* Add to the counters, inside the write job that did the work counted. */
int job_add_progress(struct db_conn *c, int64_t id, int64_t processed, int64_t succeeded,
		     int64_t failed);
/* Record the end: status "done" or "failed", the final counters, a message
 * (may be NULL). */
int job_finish(struct db_conn *c, int64_t id, const char *status, int64_t processed,
	       int64_t succeeded, int64_t failed, const char *message);
/* Record the error of one input line (field may be NULL). A second error for
 * the same line is ignored: the first fault is the one reported. */
int job_error_add(struct db_conn *c, int64_t id, int64_t line, const char *field, const char *code,
		  const char *message);
/* Read a job; strings in a. ERR_NOTFOUND if absent. */
int job_get(struct db_conn *c, struct arena *a, int64_t id, struct job *out);
/* Append the error report as CSV ("line,field,code,message", then one record
 * per error in line order) to out; ERR_TOOLARGE past out's maximum. */
int job_errors_csv(struct db_conn *c, int64_t id, struct buf *out);

/* Take a slot for a job thread: ERR_RETRY when JOBS_MAX_RUNNING run already,
 * ERR_UNSUPPORTED once jobs_wait_idle() has begun. */
int jobs_begin(void);
/* What jobs_begin() would answer now, without taking a slot: for refusing
 * work early (the answer may change before jobs_begin is called). */
int jobs_available(void);
/* Give the slot back; the last call of a job thread. */
void jobs_end(void);
/* True once the process is stopping: jobs end at their next safe point. */
bool jobs_stopping(void);
/* Ask every job to stop and wait until none runs. */
void jobs_wait_idle(void);
/* Start fn(arg) on a detached thread that holds a slot from jobs_begin();
 * fn must call jobs_end() last. ERR_INTERNAL if no thread could start (the
 * slot is then still the caller's). */
int jobs_spawn(void *(*fn)(void *), void *arg);

#endif
