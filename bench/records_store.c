/*
 * records_store.c: sign and store a year of school records, two proofs
 * each, through the production code path, then measure verifying them.
 *
 *   records_store -s SECRET_FILE [-y YEAR] [-w WORKERS] [-v VERIFY_N] DBURL
 *
 * On a database made by `gen_gradebooks -c` (classes of 40 with a homeroom
 * teacher, a principal per school, both terms locked): for every school,
 * each class's homeroom teacher signs the class (record_prepare SIGN: read,
 * assemble, sign, on a reader connection in a worker thread; record_store:
 * a group-commit write job with its audit entries) and then the school's
 * principal seals the year (SEAL: read back, re-assemble to check nothing
 * changed, add the second proof, store). That is what POST
 * /api/v1/classes/{id}/records/sign and POST /api/v1/orgs/{code}/records/sign
 * do, without HTTP. Prints name=value lines: the store's wall time and
 * rate, raw libsodium sign/verify rates beside it (the ceiling), and the
 * rate of verifying stored records on one core, with the crypto alone and
 * with every check of `tabula verify --trust-list` (parse, signatures, trust,
 * revocation, dates). Single-thread loops report per_s (wall clock) and
 * per_cpu_s (per second of the thread's CPU time: the rate of one core of
 * its own, which other load on a shared machine leaves about the same).
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "domain/teaching/class.h"
#include "domain/records/record.h"
#include "domain/records/trust.h"
#include "crypto/dataintegrity.h"

#include <pthread.h>
#include <sodium.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This thread's CPU time: a rate per core that other load on a shared
 * machine does not change (much), beside the wall-clock one. */
static double tcpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc, const struct problem *p)
{
	fprintf(stderr, "records_store: %s: %s%s%s\n", what, err_str(rc),
		p && p->detail ? ": " : "", p && p->detail ? p->detail : "");
	exit(1);
}

static struct db *db;
static int year = 2025;
static int64_t *schools;
static int nschools;
static _Atomic int next_school;
static _Atomic long sealed_total, signed_total;

/* ---- one school ---- */

struct school_work {
	int64_t id;
	struct class_ref classes[64];
	int nclasses;
	int64_t principal;
	char principal_name[32];
	struct arena a;
};

static int school_read(struct db_conn *c, void *arg)
{
	struct school_work *w = arg;
	struct db_res res;
	struct db_val v[] = {DBV_INT(w->id), DBV_INT(year), DBV_INT(year)};
	int rc = db_query(c, Q_CLASS_LIST_SCHOOL, v, 3, &res);
	int step = 0;
	while (!rc && w->nclasses < 64 && (step = db_next(&res)) == 1)
		rc = class_read_row(&res, &w->a, &w->classes[w->nclasses++]);
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	snprintf(w->principal_name, sizeof(w->principal_name), "p-%" PRId64, w->id);
	struct db_val u[] = {DBV_TEXT(w->principal_name), DBV_TEXT("school_admin"), DBV_INT(w->id)};
	rc = db_row(c, Q_SIGNING_USER_AT, u, 3, &res);
	if (rc)
		return rc;
	w->principal = db_int(&res, 0);
	db_done(&res);
	return ERR_OK;
}

/* A signer as the API would load them: one role at the school. */
static void principal_of(struct principal *p, int64_t user, const char *name, enum role role,
			 const struct class_ref *k)
{
	memset(p, 0, sizeof(*p));
	p->user_id = user;
	p->username = name;
	p->ngrants = 1;
	p->grants[0] = (struct grant){
		.role = role, .org_id = k->org_id, .org_code = k->school, .org_path = k->path};
}

/* The audit entries, as the API appends them (src/api/records.c). */
static int audit(struct db_conn *c, void *ctx, const struct record_batch *b)
{
	struct arena *a = ctx;
	struct audit_entry *e = arena_calloc(a, (size_t)b->n, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	for (int i = 0; i < b->n; i++)
		e[i] = (struct audit_entry){.user_id = b->who->user_id,
					    .username = b->who->username,
					    .role = role_name(b->d.grant->role),
					    .org_code = b->d.grant->org_code,
					    .action = record_item_action(b, &b->items[i]),
					    .person_id = b->items[i].person_id,
					    .subject =
						    arena_printf(a, "record %s", b->items[i].uuid),
					    .allowed = true,
					    .ip = "bench"};
	return audit_append(c, e, (size_t)b->n);
}

/* One batch in flight: prepared here, stored by the writer. */
struct slot {
	struct db_job job; /* first: the done callback casts back */
	struct record_batch b;
	struct principal who;
	struct arena a;
	int64_t class_id, org_id;
	bool busy;
	pthread_mutex_t *lock;
	pthread_cond_t *cond;
};

static int slot_prepare(struct db_conn *c, void *arg)
{
	struct slot *s = arg;
	return record_prepare(c, &s->b, s->class_id, 0, 0, s->org_id, year);
}

static int slot_store(struct db_conn *c, void *arg)
{
	struct slot *s = arg;
	return record_store(c, &s->b);
}

static void slot_done(struct db_job *job)
{
	struct slot *s = (struct slot *)job;
	if (job->rc)
		die("store", job->rc, &s->b.p);
	if (s->b.op == RECORD_OP_SEAL)
		atomic_fetch_add(&sealed_total, record_batch_count(&s->b, RECORD_SEALED, false));
	else
		atomic_fetch_add(&signed_total,
				 record_batch_count(&s->b, RECORD_TEACHER_SIGNED, false));
	pthread_mutex_lock(s->lock);
	s->busy = false;
	pthread_cond_broadcast(s->cond);
	pthread_mutex_unlock(s->lock);
}

#define SLOTS 6

struct worker {
	pthread_t t;
	struct slot slots[SLOTS];
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static struct slot *free_slot(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	for (;;) {
		for (int i = 0; i < SLOTS; i++)
			if (!w->slots[i].busy) {
				w->slots[i].busy = true;
				pthread_mutex_unlock(&w->lock);
				arena_release(&w->slots[i].a);
				arena_init(&w->slots[i].a, 1 << 16, 0);
				return &w->slots[i];
			}
		pthread_cond_wait(&w->cond, &w->lock);
	}
}

static void wait_idle(struct worker *w)
{
	pthread_mutex_lock(&w->lock);
	for (int i = 0; i < SLOTS; i++)
		while (w->slots[i].busy)
			pthread_cond_wait(&w->cond, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

/* Prepare a batch in a free slot and queue its store; `sync`: wait for it
 * (the school's first class, which makes the school's key). */
static void run_batch(struct worker *w, enum record_op op, const struct principal *who,
		      int64_t class_id, int64_t org_id, bool sync)
{
	struct slot *s = free_slot(w);
	s->who = *who;
	s->class_id = class_id;
	s->org_id = org_id;
	s->b = (struct record_batch){.op = op,
				     .who = &s->who,
				     .now = time_now_unix(),
				     .a = &s->a,
				     .before_write = audit,
				     .ctx = &s->a};
	int rc = db_read(db, slot_prepare, s);
	record_batch_release(&s->b);
	if (rc)
		die("prepare", rc, &s->b.p);
	s->job = (struct db_job){.fn = slot_store, .ctx = s, .done = slot_done};
	s->lock = &w->lock;
	s->cond = &w->cond;
	db_submit(db, &s->job);
	if (sync)
		wait_idle(w);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		int i = atomic_fetch_add(&next_school, 1);
		if (i >= nschools)
			break;
		struct school_work sw = {.id = schools[i]};
		arena_init(&sw.a, 1 << 14, 0);
		int rc = db_read(db, school_read, &sw);
		if (rc)
			die("school", rc, NULL);
		struct principal who;
		for (int k = 0; k < sw.nclasses; k++) {
			const struct class_ref *cls = &sw.classes[k];
			principal_of(&who, cls->homeroom_id, cls->homeroom, ROLE_TEACHER, cls);
			run_batch(w, RECORD_OP_SIGN, &who, cls->id, 0, k == 0);
		}
		wait_idle(w); /* the class's records are stored before the principal reads them */
		if (sw.nclasses) {
			principal_of(&who, sw.principal, sw.principal_name, ROLE_SCHOOL_ADMIN,
				     &sw.classes[0]);
			run_batch(w, RECORD_OP_SEAL, &who, 0, sw.id, true);
		}
		arena_release(&sw.a);
	}
	wait_idle(w);
	return NULL;
}

static int schools_read(struct db_conn *c, void *arg)
{
	UNUSED(arg);
	struct db_res res;
	int rc = db_query(c, Q_GRADEBOOK_SCHOOLS, NULL, 0, &res);
	int step = 0, cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (nschools == cap) {
			cap = cap ? cap * 2 : 1024;
			schools = realloc(schools, (size_t)cap * sizeof(*schools));
			if (!schools)
				return ERR_NOMEM;
		}
		schools[nschools++] = db_int(&res, 0);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* ---- verification of stored records ---- */

struct sample {
	int n, cap;
	char **texts;
	json_t *list;
	struct problem p;
};

static int sample_read(struct db_conn *c, void *arg)
{
	struct sample *s = arg;
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	int rc = ERR_OK;
	for (int64_t id = 1; !rc && s->n < s->cap; id++) {
		struct record_row r;
		rc = record_get(c, &a, id, &r);
		if (rc == ERR_NOTFOUND)
			break;
		if (!rc && r.status == RECORD_SEALED)
			s->texts[s->n++] = strdup(r.credential);
		if ((id & 1023) == 0) {
			arena_release(&a);
			arena_init(&a, 1 << 16, 0);
		}
	}
	arena_release(&a);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	arena_init(&a, 4096, 0);
	struct skey m;
	rc = skey_active_or_new(c, &a, 0, SKEY_MINISTRY, 0, time_now_unix(), &m, &s->p);
	if (!rc && m.fresh)
		rc = skey_insert(c, &m, 0);
	if (!rc)
		rc = trust_list_build(c, NULL, &m, time_now_unix(), &s->list);
	if (!rc)
		rc = trust_list_sign(s->list, &m, time_now_unix());
	arena_release(&a);
	return rc;
}

/* One measured loop: wall and this thread's CPU. */
struct lap {
	double wall, cpu;
};

static struct lap lap_start(void)
{
	return (struct lap){now(), tcpu()};
}

static void lap_report(const char *name, long n, struct lap l, const char *extra)
{
	double wall = now() - l.wall, c = tcpu() - l.cpu;
	printf("name=%s n=%ld per_s=%.0f per_cpu_s=%.0f%s\n", name, n, (double)n / wall,
	       (double)n / c, extra);
	fflush(stdout);
}

static void raw_rates(long n)
{
	uint8_t pk[32], sk[64], sig[64], msg[64];
	crypto_sign_keypair(pk, sk);
	randombytes_buf(msg, sizeof(msg));
	struct lap l = lap_start();
	for (long i = 0; i < n; i++)
		crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	lap_report("raw_ed25519_sign", n, l, "");
	l = lap_start();
	long ok = 0;
	for (long i = 0; i < n; i++)
		ok += crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) == 0;
	lap_report("raw_ed25519_verify", n, l, ok == n ? "" : " FAILED");
}

static void verify_rates(int n)
{
	struct sample s = {.cap = n};
	s.texts = calloc((size_t)n, sizeof(char *));
	int rc = s.texts ? db_write(db, sample_read, &s) : ERR_NOMEM;
	if (rc)
		die("sample", rc, &s.p);
	size_t bytes = 0;
	for (int i = 0; i < s.n; i++)
		bytes += strlen(s.texts[i]);
	printf("name=record_bytes avg=%.0f n=%d\n", s.n ? (double)bytes / s.n : 0.0, s.n);
	struct arena a;
	arena_init(&a, 1 << 20, 0);
	struct trust_list l;
	if (trust_list_load(s.list, &a, &l) || !l.signature_ok)
		die("trust list", ERR_INVALID, NULL);
	printf("name=trust_list keys=%zu\n", l.n);
	json_t **docs = calloc((size_t)s.n, sizeof(*docs));
	/* Parse only. */
	struct lap t = lap_start();
	for (int i = 0; i < s.n; i++) {
		json_error_t e;
		docs[i] = json_loads(s.texts[i], JSON_REJECT_DUPLICATES, &e);
	}
	lap_report("record_parse", s.n, t, "");
	/* The two signatures alone (the document canonicalised once). */
	t = lap_start();
	long ok = 0;
	for (int i = 0; i < s.n; i++) {
		uint8_t pks[2][32];
		const json_t *proofs = json_object_get(docs[i], "proof");
		for (int k = 0; k < 2; k++)
			di_method_key(
				json_string_value(json_object_get(json_array_get(proofs, (size_t)k),
								  "verificationMethod")),
				pks[k]);
		const char *whys[2];
		ok += di_verify_set(docs[i], 2, (const uint8_t(*)[32])pks, whys) == 0;
	}
	lap_report("record_verify_signatures", s.n, t, ok == s.n ? "" : " FAILED");
	/* Everything `tabula verify --trust-list` checks, from the text. */
	t = lap_start();
	ok = 0;
	for (int i = 0; i < s.n; i++) {
		json_error_t e;
		json_t *doc = json_loads(s.texts[i], JSON_REJECT_DUPLICATES, &e);
		struct trust_report rep;
		struct arena ra;
		arena_init(&ra, 4096, 0);
		if (doc && !trust_check_record(doc, time_now_unix(), trust_list_lookup, &l, NULL,
					       NULL, &ra, &rep))
			ok += rep.valid;
		arena_release(&ra);
		json_decref(doc);
	}
	lap_report("record_verify_full", s.n, t, ok == s.n ? "" : " FAILED");
	for (int i = 0; i < s.n; i++) {
		json_decref(docs[i]);
		free(s.texts[i]);
	}
	free(docs);
	free(s.texts);
	json_decref(s.list);
	arena_release(&a);
}

int main(int argc, char **argv)
{
	const char *secret = NULL;
	int workers = 2, verify_n = 20000;
	int opt;
	while ((opt = getopt(argc, argv, "s:y:w:v:")) != -1) {
		if (opt == 's')
			secret = optarg;
		else if (opt == 'y')
			year = (int)strtol(optarg, NULL, 10);
		else if (opt == 'w')
			workers = (int)strtol(optarg, NULL, 10);
		else if (opt == 'v')
			verify_n = (int)strtol(optarg, NULL, 10);
		else
			return 2;
	}
	if (optind != argc - 1 || !secret || workers < 1 || workers > 16) {
		fprintf(stderr, "usage: records_store -s SECRET_FILE [-y YEAR] [-w WORKERS] "
				"[-v VERIFY_N] DBURL\n");
		return 2;
	}
	char err[512];
	if (sodium_init() < 0 || secret_load(secret, err, sizeof(err))) {
		fprintf(stderr, "records_store: %s\n", err);
		return 1;
	}
	log_set_level(LOG_WARN);
	struct db_options o = {.readers = workers + 1, .migrate = true};
	if (db_open(argv[optind], &o, &db, err, sizeof(err))) {
		fprintf(stderr, "records_store: %s\n", err);
		return 1;
	}
	int rc = db_read(db, schools_read, NULL);
	if (rc)
		die("schools", rc, NULL);
	raw_rates(20000);
	double t0 = now(), c0 = cpu();
	struct worker *w = calloc((size_t)workers, sizeof(*w));
	for (int i = 0; i < workers; i++) {
		pthread_mutex_init(&w[i].lock, NULL);
		pthread_cond_init(&w[i].cond, NULL);
		for (int k = 0; k < SLOTS; k++)
			arena_init(&w[i].slots[k].a, 1 << 16, 0);
		pthread_create(&w[i].t, NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < workers; i++)
		pthread_join(w[i].t, NULL);
	double secs = now() - t0, cpus = cpu() - c0;
	long sealed = atomic_load(&sealed_total), signed_n = atomic_load(&signed_total);
	printf("name=store_records schools=%d workers=%d teacher_signed=%ld sealed=%ld "
	       "seconds=%.1f "
	       "per_s=%.0f cpu_seconds=%.1f cpu_us_per_record=%.0f\n",
	       nschools, workers, signed_n, sealed, secs, (double)sealed / secs, cpus,
	       sealed ? cpus * 1e6 / (double)sealed : 0.0);
	fflush(stdout);
	for (int i = 0; i < workers; i++)
		for (int k = 0; k < SLOTS; k++)
			arena_release(&w[i].slots[k].a);
	free(w);
	if (verify_n > 0)
		verify_rates(verify_n);
	db_close(db);
	free(schools);
	return sealed == signed_n && sealed > 0 ? 0 : 1;
}
