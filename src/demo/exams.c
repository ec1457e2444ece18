/*
 * exams.c: the demo's national exam (issue 13, docs/demo.md "An open exam
 * session"): the priority regions of Hà Nội's upper-secondary schools (a
 * mix of KV1, KV2-NT, KV2 and KV3), an open vn-thpt-2025 session run by
 * the ministry (VN) from three days before the demo ran to three weeks
 * after, with Hà Nội's council (01) and a site at each THPT school (one of
 * them registers free candidates); candidate accounts for the grade 12
 * students of DEMO_EXAM_SCHOOL, three of them printed: one who has not
 * registered, one whose history has a transfer (grades 10 and 11 and the
 * start of grade 12 at another school, so the region rule picks that
 * school's region), one who has registered already (the receipt shows).
 *
 * The session, the regions and the registration go through the domain
 * operations the API uses (exam_session_create_tx, exam_regions_set_tx,
 * exam_registration_create_tx, audited like the API's); the accounts and
 * the transfer are written as the demo writes its others. A second run
 * adds nothing: the session is found by its name, a region set is left, an
 * account is found by its person, the mover is moved once, and the
 * registration is made with an idempotency key.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/db.h"
#include "demo/demo.h"
#include "domain/access/user.h"
#include "domain/exams/registration.h"
#include "domain/exams/session.h"
#include "domain/registry/import.h"
#include "domain/registry/student.h"
#include "domain/registry/transfer.h"

#define EXAM_SESSION_NAME "Kỳ thi tốt nghiệp THPT năm 2027 (thử nghiệm)"
#define EXAM_PACK	  "vn-thpt-2025"
#define EXAM_OFFICE	  "VN"
#define EXAM_OFFICER	  "vn.ministry"
#define EXAM_MOVER_FROM	  "VN-HN-DD04" /* Kim Liên, KV1 in the demo */
#define EXAM_MOVE_DATE	  "2026-10-26"

/* The regions of the demo's upper-secondary schools: a mix, so that the
 * rule shows (the real Hà Nội urban districts are all KV3). */
static struct exam_region_in regions[] = {
	{DEMO_EXAM_SCHOOL, "KV2"},
	{"VN-HN-CG03", "KV2-NT"},
	{EXAM_MOVER_FROM, "KV1"},
	{"VN-HN-HK04", "KV3"},
};

static struct exam_council_in councils[] = {{"01", "Hội đồng thi Sở GD&ĐT Hà Nội", "VN-HN"}};

static struct exam_site_in sites[] = {
	{"HN-PDP", "01", DEMO_EXAM_SCHOOL, "Điểm thi Trường THPT Phan Đình Phùng", 20, false},
	{"HN-YH", "01", "VN-HN-CG03", "Điểm thi Trường THPT Yên Hòa", 16, false},
	{"HN-KL", "01", EXAM_MOVER_FROM, "Điểm thi Trường THPT Kim Liên", 16, true},
	{"HN-VD", "01", "VN-HN-HK04", "Điểm thi Trường THPT Việt Đức", 16, false},
};

/* The printed candidates, in the order of demo_exam_logins. */
enum { CAND_FRESH, CAND_MOVER, CAND_REGISTERED, NFEATURED };

static const struct demo_login exam_logins[] = {
	{DEMO_EXAM_OFFICER, "school_admin", DEMO_EXAM_SCHOOL,
	 "school exam officer, Phan Đình Phùng: reviews registrations"},
	{DEMO_EXAM_CANDIDATE, "candidate", DEMO_EXAM_SCHOOL,
	 "grade 12 at Phan Đình Phùng: can register in the open exam session"},
	{DEMO_EXAM_MOVER, "candidate", DEMO_EXAM_SCHOOL,
	 "grade 12, moved from Kim Liên (KV1): the region rule shows"},
	{DEMO_EXAM_REGISTERED, "candidate", DEMO_EXAM_SCHOOL,
	 "grade 12, registered already: the receipt shows"},
};

const struct demo_login *demo_exam_logins(size_t *n)
{
	*n = ARRAY_SIZE(exam_logins);
	return exam_logins;
}

/* ---- the regions ---- */

/* Set the regions of the schools that have none yet, as the ministry. */
struct regions_job {
	struct exam_region_in missing[ARRAY_SIZE(regions)];
	int n;
};

static int regions_read(struct db_conn *c, void *arg)
{
	struct regions_job *j = arg;
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++) {
		struct db_res res;
		struct db_val v = DBV_TEXT(regions[i].org);
		int rc = db_row(c, Q_DEMO_EXAM_REGION_OF, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			j->missing[j->n++] = regions[i];
		else if (rc)
			return rc;
		else
			db_done(&res);
	}
	return ERR_OK;
}

static int regions_fill(struct db *db, struct actor *by)
{
	struct regions_job j = {0};
	int rc = db_read(db, regions_read, &j);
	if (rc || !j.n)
		return rc;
	struct exam_regions_set x = {.by = by, .items = j.missing, .n = j.n};
	rc = db_write(db, exam_regions_set_tx, &x);
	if (rc)
		log_error("demo: exam regions: %s", x.p.detail ? x.p.detail : err_str(rc));
	return rc;
}

/* ---- the session ---- */

/* The session named `name` by sees, into *id (0: none yet). */
static int session_find(struct db *db, struct actor *by, const char *name, int64_t *id)
{
	struct exam_session_list x = {0};
	int rc = exam_session_list_read(db, by, &x);
	*id = 0;
	for (int i = 0; !rc && i < x.n; i++)
		if (!strcmp(x.items[i].name, name))
			*id = x.items[i].id;
	return rc;
}

static int session_open(struct db *db, struct actor *by, int64_t *id, bool *made)
{
	int rc = session_find(db, by, EXAM_SESSION_NAME, id);
	*made = false;
	if (rc || *id)
		return rc;
	/* Whole hours, from three days before now to three weeks after. */
	int64_t now = time_now_unix() / 3600 * 3600;
	char opens[32], closes[32];
	time_iso8601(now - (int64_t)3 * 86400, opens, sizeof(opens));
	time_iso8601(now + (int64_t)21 * 86400, closes, sizeof(closes));
	struct exam_session_create x = {.by = by,
					.org = EXAM_OFFICE,
					.pack = EXAM_PACK,
					.name = EXAM_SESSION_NAME,
					.time_zone = "Asia/Ho_Chi_Minh",
					.opens_at = opens,
					.closes_at = closes,
					.councils = councils,
					.ncouncils = (int)ARRAY_SIZE(councils),
					.sites = sites,
					.nsites = (int)ARRAY_SIZE(sites)};
	rc = db_write(db, exam_session_create_tx, &x);
	if (rc)
		log_error("demo: exam session: %s", x.p.detail ? x.p.detail : err_str(rc));
	*id = x.id;
	*made = !rc;
	return rc;
}

/* ---- the mover ---- */

/* The first grade 12 student of EXAM_MOVER_FROM who was there in grade 10
 * moves to DEMO_EXAM_SCHOOL on EXAM_MOVE_DATE (once). */
struct mover_job {
	int64_t person, by;
	bool moved; /* by this run */
	struct problem p;
};

static int mover_write(struct db_conn *c, void *arg)
{
	struct mover_job *j = arg;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(EXAM_MOVER_FROM), DBV_INT(DEMO_SCHOOL_YEAR)};
	int rc = db_row(c, Q_DEMO_EXAM_MOVER, v, ARRAY_SIZE(v), &res);
	if (rc)
		return problem_err(&j->p, rc);
	j->person = db_int(&res, C_DEMO_EXAM_MOVER__PERSON_ID);
	bool here = db_int(&res, C_DEMO_EXAM_MOVER__CURRENT) != 0;
	db_done(&res);
	if (!here)
		return ERR_OK;
	struct org_ref to;
	int64_t tid = 0;
	rc = school_ref(c, DEMO_EXAM_SCHOOL, &to, &j->p);
	if (!rc)
		rc = transfer_request(c, j->person, &to, EXAM_MOVE_DATE, j->by, &tid, &j->p);
	if (!rc)
		rc = transfer_approve(c, tid, j->by, &j->p);
	j->moved = !rc;
	return rc;
}

/* ---- the candidates' accounts ---- */

/* An account for each grade 12 student of DEMO_EXAM_SCHOOL who has none:
 * the featured ones by the names of exam_logins, the others
 * "candidate.pdp.<person id>". */
struct accounts_job {
	const char *hash;
	int64_t mover;
	int64_t featured[NFEATURED];
	int students, made;
	struct problem p;
};

static int account_of(struct db_conn *c, int64_t person, bool *has)
{
	struct db_res res;
	struct db_val v = DBV_INT(person);
	int rc = db_row(c, Q_DEMO_EXAM_ACCOUNT_OF, &v, 1, &res);
	*has = rc == ERR_OK;
	if (!rc)
		db_done(&res);
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

/* The school exam officer's account, unless it exists. */
static int officer_write(struct db_conn *c, struct accounts_job *j)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct user_login have;
	int rc = user_login_get(c, &a, DEMO_EXAM_OFFICER, &have);
	arena_release(&a);
	if (rc != ERR_NOTFOUND)
		return rc;
	struct user_input in = {.username = DEMO_EXAM_OFFICER,
				.password_hash = j->hash,
				.role = ROLE_SCHOOL_ADMIN,
				.org = DEMO_EXAM_SCHOOL};
	int64_t id;
	return user_create(c, &in, &id, &j->p);
}

static int accounts_write(struct db_conn *c, void *arg)
{
	struct accounts_job *j = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(DEMO_EXAM_SCHOOL);
	int64_t *ids = NULL;
	int n = 0, cap = 0;
	int rc = db_query(c, Q_DEMO_EXAM_GRADE12, &v, 1, &res);
	int step;
	while (!rc && (step = db_next(&res)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			int64_t *more = realloc(ids, (size_t)cap * sizeof(*ids));
			if (!more) {
				db_done(&res);
				rc = ERR_NOMEM;
				break;
			}
			ids = more;
		}
		ids[n++] = db_int(&res, C_DEMO_EXAM_GRADE12__PERSON_ID);
	}
	if (!rc && step < 0)
		rc = ERR_DB;
	j->students = n;
	/* The featured: the mover, and the first two others by id. */
	static const int others[] = {CAND_FRESH, CAND_REGISTERED};
	j->featured[CAND_MOVER] = j->mover;
	for (int i = 0, k = 0; i < n && k < (int)ARRAY_SIZE(others); i++)
		if (ids[i] != j->mover)
			j->featured[others[k++]] = ids[i];
	if (!rc)
		rc = officer_write(c, j);
	for (int i = 0; !rc && i < n; i++) {
		bool has = false;
		rc = account_of(c, ids[i], &has);
		if (rc || has)
			continue;
		char name[48];
		const char *username = name;
		snprintf(name, sizeof(name), "candidate.pdp.%" PRId64, ids[i]);
		for (int k = 0; k < NFEATURED; k++)
			if (j->featured[k] == ids[i])
				username = exam_logins[1 + k].username;
		struct user_input in = {.username = username,
					.password_hash = j->hash,
					.role = ROLE_CANDIDATE,
					.org = DEMO_EXAM_SCHOOL,
					.person_id = ids[i]};
		int64_t id;
		rc = user_create(c, &in, &id, &j->p);
		j->made += !rc;
	}
	free(ids);
	return rc;
}

/* ---- the registration ---- */

/* DEMO_EXAM_REGISTERED registers (Mathematics, Literature, Physics,
 * Chemistry); *made false when an earlier run had. */
static int register_one(struct db *db, int64_t session, int64_t person, bool *made)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	static const char *subjects[] = {"math", "literature", "physics", "chemistry"};
	char key[64];
	snprintf(key, sizeof(key), "demo-exam-%" PRId64 "-%s", session, DEMO_EXAM_REGISTERED);
	struct exam_registration_create x = {
		.by = &by,
		.session_id = session,
		.now = time_now_ms(),
		.lang = "vi",
		.key = key,
		.in = {.subjects = subjects, .nsubjects = (int)ARRAY_SIZE(subjects)}};
	int rc = import_principal_load(db, &a, DEMO_EXAM_REGISTERED, &who);
	who.person_id = person; /* as a session of the account carries it */
	if (!rc)
		rc = db_write(db, exam_registration_create_tx, &x);
	if (rc)
		log_error("demo: exam registration of %s: %s", DEMO_EXAM_REGISTERED,
			  x.p.detail ? x.p.detail : err_str(rc));
	*made = !rc && !x.replayed;
	arena_release(&a);
	return rc;
}

static int user_id(struct db_conn *c, void *arg)
{
	int64_t *id = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(EXAM_OFFICER);
	int rc = db_row(c, Q_USER_BY_USERNAME, &v, 1, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_USER_BY_USERNAME__ID);
	db_done(&res);
	return ERR_OK;
}

int demo_exams_fill(struct db *db, FILE *progress)
{
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal officer = {0};
	struct actor by = {.who = &officer, .arena = &a};
	if (!rc)
		rc = import_principal_load(db, &a, EXAM_OFFICER, &officer);
	if (!rc)
		rc = regions_fill(db, &by);
	int64_t session = 0;
	bool made = false;
	if (!rc)
		rc = session_open(db, &by, &session, &made);
	struct mover_job m = {0};
	if (!rc)
		rc = db_read(db, user_id, &m.by);
	if (!rc) {
		rc = db_write(db, mover_write, &m);
		if (rc)
			log_error("demo: exam mover: %s", m.p.detail ? m.p.detail : err_str(rc));
	}
	struct accounts_job acc = {.hash = hash, .mover = m.person};
	if (!rc) {
		rc = db_write(db, accounts_write, &acc);
		if (rc)
			log_error("demo: candidate accounts: %s",
				  acc.p.detail ? acc.p.detail : err_str(rc));
	}
	bool registered = false;
	if (!rc)
		rc = register_one(db, session, acc.featured[CAND_REGISTERED], &registered);
	if (!rc && progress) {
		fprintf(progress,
			"demo: regions for %zu upper-secondary schools; an open exam session "
			"(%s, %s, id %" PRId64 ", %s) with %zu sites\n",
			ARRAY_SIZE(regions), EXAM_PACK, EXAM_OFFICE, session,
			made ? "new" : "already made", ARRAY_SIZE(sites));
		fprintf(progress,
			"demo: %d grade 12 students of %s with candidate accounts (%d new); "
			"%s moved from %s (student %" PRId64 "); %s registered (%s)\n",
			acc.students, DEMO_EXAM_SCHOOL, acc.made, DEMO_EXAM_MOVER, EXAM_MOVER_FROM,
			m.person, DEMO_EXAM_REGISTERED, registered ? "new" : "already");
	}
	arena_release(&a);
	return rc;
}
