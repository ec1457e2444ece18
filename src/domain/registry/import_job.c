/*
 * import_job.c: what surrounds an import run (import.h): its job row, the
 * background thread an upload runs on, and who runs a command-line import.
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/access.h"
#include "domain/access/actor.h"
#include "domain/common/job.h"
#include "domain/common/work.h"
#include "domain/registry/import.h"
#include "domain/registry/reads.h"

/* ---- its job row, its thread ---- */

int import_job_create_tx(struct db_conn *c, void *ctx)
{
	struct import_job *j = ctx;
	return job_create(c, IMPORT_KIND_STUDENTS, j->user_id, j->total, &j->id);
}

struct import_errors {
	int64_t id;
	struct buf *out;
};

static int import_errors_work(struct db_conn *c, void *ctx)
{
	struct import_errors *e = ctx;
	return job_errors_csv(c, e->id, e->out);
}

int import_errors_csv(struct db *db, int64_t job_id, struct buf *out)
{
	struct import_errors e = {.id = job_id, .out = out};
	return work_read(db, import_errors_work, &e);
}

/* What a background import owns: the data, a copy of the caller. */
struct import_task {
	struct db *db;
	int64_t job_id;
	char *data; /* malloc'd */
	size_t len;
	struct arena arena; /* the principal's strings */
	struct principal who;
};

static void import_task_free(struct import_task *t)
{
	if (!t)
		return;
	free(t->data);
	arena_release(&t->arena);
	free(t);
}

static void *import_thread(void *arg)
{
	struct import_task *t = arg;
	struct import_mem m = {.data = t->data, .len = t->len};
	struct import_source src = {.read = import_mem_read, .ctx = &m};
	struct import_options o = {.db = t->db,
				   .job_id = t->job_id,
				   .who = &t->who,
				   .roles = ACCESS_REGISTRARS,
				   .should_stop = jobs_stopping};
	struct import_result res;
	int rc = import_students(&o, &src, &res);
	log_info("import job %" PRId64 " by %s %s: %s", t->job_id, t->who.username,
		 rc ? "failed" : "done", res.message);
	import_task_free(t);
	jobs_end();
	return NULL;
}

/* Copy a principal (its strings into a), for a thread that outlives the
 * request it came with. */
static int principal_copy(struct arena *a, const struct principal *from, struct principal *to)
{
	*to = *from;
	to->username = arena_strdup(a, from->username ? from->username : "");
	if (!to->username)
		return ERR_NOMEM;
	for (int i = 0; i < to->ngrants; i++) {
		const struct grant *g = &from->grants[i];
		to->grants[i].org_code = g->org_code ? arena_strdup(a, g->org_code) : NULL;
		to->grants[i].org_path = g->org_path ? arena_strdup(a, g->org_path) : NULL;
		if ((g->org_code && !to->grants[i].org_code) ||
		    (g->org_path && !to->grants[i].org_path))
			return ERR_NOMEM;
	}
	return ERR_OK;
}

static int abandon_write(struct db_conn *c, void *ctx)
{
	const int64_t *id = ctx;
	return job_finish(c, *id, "failed", 0, 0, 0,
			  "The server could not start the import. Try again.");
}

static void abandon_done(void *arg, int rc)
{
	int64_t *id = arg;
	if (rc)
		log_error("import job %" PRId64 ": cannot record that it did not start: %s", *id,
			  err_str(rc));
	free(id);
}

/* Mark job_id failed, in a write of its own that nobody waits for: the
 * row must not stay "running". */
static void import_abandon(struct db *db, int64_t job_id)
{
	int64_t *id = malloc(sizeof(*id));
	if (id)
		*id = job_id;
	if (!id || work_submit(db, NULL, abandon_write, id, abandon_done, id)) {
		log_error("import job %" PRId64 ": cannot record that it did not start", job_id);
		free(id);
	}
}

int import_start(struct db *db, const struct actor *by, int64_t job_id, char *data, size_t len)
{
	/* The thread's slot is taken only now that the job row exists: taken
	 * earlier, it would be lost if the server stopped before this ran. */
	int rc = jobs_begin();
	struct import_task *t = rc || !by ? NULL : calloc(1, sizeof(*t));
	if (t) {
		*t = (struct import_task){.db = db, .job_id = job_id, .data = data, .len = len};
		data = NULL;
		arena_init(&t->arena, 1024, 0);
		if (principal_copy(&t->arena, by->who, &t->who) || jobs_spawn(import_thread, t)) {
			import_task_free(t);
			t = NULL;
		}
	}
	if (t)
		return ERR_OK;
	/* Rare: a race for the last slot, no memory, no thread. */
	free(data);
	if (!rc)
		jobs_end();
	import_abandon(db, job_id);
	return rc ? rc : ERR_RETRY;
}

/* ---- who runs a command-line import ---- */

void import_principal_national(struct principal *out)
{
	memset(out, 0, sizeof(*out));
	out->username = "(command line)";
	out->ngrants = 1;
	out->grants[0].role = ROLE_MINISTRY_ADMIN;
}

struct principal_load {
	struct arena *a;
	const char *username;
	struct principal *out;
};

static int principal_read(struct db_conn *c, void *arg)
{
	struct principal_load *l = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(l->username);
	int rc = db_row(c, Q_USER_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	struct principal *out = l->out;
	memset(out, 0, sizeof(*out));
	out->user_id = db_int(&res, C_USER_BY_USERNAME__ID);
	bool disabled = db_int(&res, C_USER_BY_USERNAME__DISABLED) != 0;
	db_done(&res);
	if (disabled)
		return ERR_FORBIDDEN;
	out->username = arena_strdup(l->a, l->username);
	struct db_val uv = DBV_INT(out->user_id);
	rc = db_query(c, Q_USER_ROLES_OF, &uv, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1 && out->ngrants < PRINCIPAL_MAX_GRANTS) {
		int role = role_parse(db_text(&res, C_USER_ROLES_OF__ROLE, NULL));
		if (role < 0)
			continue;
		struct grant *g = &out->grants[out->ngrants++];
		g->role = (enum role)role;
		g->org_id = db_int0(&res, C_USER_ROLES_OF__ORG_ID);
		g->org_code = reads_dup_or_null(&res, C_USER_ROLES_OF__CODE, l->a);
		g->org_path = reads_dup_or_null(&res, C_USER_ROLES_OF__PATH, l->a);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int import_principal_load(struct db *db, struct arena *a, const char *username,
			  struct principal *out)
{
	struct principal_load l = {.a = a, .username = username, .out = out};
	return work_read(db, principal_read, &l);
}
