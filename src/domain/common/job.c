#include "core/base.h"
#include "core/log.h"
#include "domain/common/csv.h"
#include "domain/common/job.h"

#include <pthread.h>

/* ---- rows ---- */

int job_create(struct db_conn *c, const char *kind, int64_t user_id, int64_t total, int64_t *id)
{
	struct db_val v[] = {DBV_TEXT(kind), user_id ? DBV_INT(user_id) : DBV_NULL, DBV_INT(total),
			     DBV_INT(time_now_unix())};
	struct db_res res;
	int rc = db_row(c, Q_JOB_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_JOB_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

int job_add_progress(struct db_conn *c, int64_t id, int64_t processed, int64_t succeeded,
		     int64_t failed)
{
	struct db_val v[] = {DBV_INT(processed), DBV_INT(succeeded), DBV_INT(failed), DBV_INT(id)};
	return db_exec(c, Q_JOB_ADD_PROGRESS, v, ARRAY_SIZE(v), NULL);
}

int job_finish(struct db_conn *c, int64_t id, const char *status, int64_t processed,
	       int64_t succeeded, int64_t failed, const char *message)
{
	struct db_val v[] = {DBV_TEXT(status), DBV_INT(processed),	  DBV_INT(succeeded),
			     DBV_INT(failed),  dbv_text_or_null(message), DBV_INT(time_now_unix()),
			     DBV_INT(id)};
	return db_exec(c, Q_JOB_FINISH, v, ARRAY_SIZE(v), NULL);
}

int job_error_add(struct db_conn *c, int64_t id, int64_t line, const char *field, const char *code,
		  const char *message)
{
	struct db_val v[] = {DBV_INT(id), DBV_INT(line), dbv_text_or_null(field), DBV_TEXT(code),
			     DBV_TEXT(message)};
	return db_exec(c, Q_JOB_ERROR_INSERT, v, ARRAY_SIZE(v), NULL);
}

/* A nullable text column: NULL stays NULL. */
static const char *dup_text_or_null(struct arena *a, struct db_res *res, int col)
{
	return db_null(res, col) ? NULL : db_dup(res, col, a);
}

int job_get(struct db_conn *c, struct arena *a, int64_t id, struct job *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_JOB_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = db_int(&res, C_JOB_BY_ID__ID);
	out->kind = db_dup(&res, C_JOB_BY_ID__KIND, a);
	out->user_id = db_int0(&res, C_JOB_BY_ID__USER_ID);
	out->status = db_dup(&res, C_JOB_BY_ID__STATUS, a);
	out->total = db_int(&res, C_JOB_BY_ID__TOTAL);
	out->processed = db_int(&res, C_JOB_BY_ID__PROCESSED);
	out->succeeded = db_int(&res, C_JOB_BY_ID__SUCCEEDED);
	out->failed = db_int(&res, C_JOB_BY_ID__FAILED);
	out->message = dup_text_or_null(a, &res, C_JOB_BY_ID__MESSAGE);
	out->created_at = db_int(&res, C_JOB_BY_ID__CREATED_AT);
	out->finished_at = db_int0(&res, C_JOB_BY_ID__FINISHED_AT);
	db_done(&res);
	return out->kind && out->status ? ERR_OK : ERR_NOMEM;
}

int job_errors_csv(struct db_conn *c, int64_t id, struct buf *out)
{
	int rc = buf_puts(out, "line,field,code,message\r\n");
	struct db_res res;
	struct db_val v = DBV_INT(id);
	if (!rc)
		rc = db_query(c, Q_JOB_ERRORS_OF, &v, 1, &res);
	if (rc)
		return rc;
	int step;
	while ((step = db_next(&res)) == 1) {
		char line[24];
		int n = snprintf(line, sizeof(line), "%" PRId64,
				 db_int(&res, C_JOB_ERRORS_OF__LINE));
		size_t flen, clen, mlen;
		const char *field = db_text(&res, C_JOB_ERRORS_OF__FIELD, &flen);
		const char *code = db_text(&res, C_JOB_ERRORS_OF__CODE, &clen);
		const char *msg = db_text(&res, C_JOB_ERRORS_OF__MESSAGE, &mlen);
		rc = csv_write_cell(out, line, (size_t)n, true);
		if (!rc)
			rc = csv_write_cell(out, field, flen, false);
		if (!rc)
			rc = csv_write_cell(out, code, clen, false);
		if (!rc)
			rc = csv_write_cell(out, msg, mlen, false);
		if (!rc)
			rc = csv_write_end(out);
		if (rc)
			break;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc;
}

/* ---- threads ---- */

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_idle = PTHREAD_COND_INITIALIZER;
static int jobs_running;
static atomic_bool jobs_stop;

int jobs_begin(void)
{
	int rc = ERR_OK;
	pthread_mutex_lock(&jobs_lock);
	if (atomic_load(&jobs_stop))
		rc = ERR_UNSUPPORTED;
	else if (jobs_running >= JOBS_MAX_RUNNING)
		rc = ERR_RETRY;
	else
		jobs_running++;
	pthread_mutex_unlock(&jobs_lock);
	return rc;
}

int jobs_available(void)
{
	pthread_mutex_lock(&jobs_lock);
	int rc = atomic_load(&jobs_stop)	    ? ERR_UNSUPPORTED
		 : jobs_running >= JOBS_MAX_RUNNING ? ERR_RETRY
						    : ERR_OK;
	pthread_mutex_unlock(&jobs_lock);
	return rc;
}

void jobs_end(void)
{
	pthread_mutex_lock(&jobs_lock);
	if (--jobs_running == 0)
		pthread_cond_broadcast(&jobs_idle);
	pthread_mutex_unlock(&jobs_lock);
}

bool jobs_stopping(void)
{
	return atomic_load_explicit(&jobs_stop, memory_order_relaxed);
}

void jobs_wait_idle(void)
{
	pthread_mutex_lock(&jobs_lock);
	atomic_store(&jobs_stop, true);
	if (jobs_running)
		log_info("waiting for %d background job(s) to stop", jobs_running);
	while (jobs_running > 0)
		pthread_cond_wait(&jobs_idle, &jobs_lock);
	pthread_mutex_unlock(&jobs_lock);
}

int jobs_spawn(void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	pthread_t t;
	if (pthread_attr_init(&attr))
		return ERR_INTERNAL;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return rc ? ERR_INTERNAL : ERR_OK;
}
