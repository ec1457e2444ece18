/*
 * exams.c: the demo's national exam (issue 13, docs/demo.md "An open exam
 * session"): the priority regions of Hà Nội's upper-secondary schools (a
 * mix of KV1, KV2-NT, KV2 and KV3), an open vn-thpt-2025 session run by
 * the ministry (VN) from three days before the demo ran to three weeks
 * after, with Hà Nội's council (01) and a site at each THPT school (the
 * one at DEMO_EXAM_SCHOOL registers free candidates); candidate accounts for the grade 12
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
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/db.h"
#include "demo/demo.h"
#include "domain/access/user.h"
#include "domain/exams/assignment.h"
#include "domain/exams/registration.h"
#include "domain/exams/review.h"
#include "domain/exams/score.h"
#include "domain/exams/session.h"
#include "domain/records/credential.h"
#include "domain/registry/import.h"
#include "domain/registry/student.h"
#include "domain/registry/transfer.h"

#define EXAM_SESSION_NAME "Kỳ thi tốt nghiệp THPT năm 2027 (thử nghiệm)"
#define EXAM_PACK	  "vn-thpt-2025"
#define EXAM_OFFICE	  "VN"
#define EXAM_OFFICER	  "vn.ministry"
#define EXAM_MOVER_FROM	  "VN-HN-DD04" /* Kim Liên, KV1 in the demo */
#define EXAM_MOVE_DATE	  "2026-10-26"
/* The mock exam Hà Nội ran earlier in the year: closed, seated, its
 * results published, re-marking requests still open. */
#define MOCK_SESSION_NAME "Kỳ thi thử tốt nghiệp THPT năm 2027, đợt 1 (Hà Nội)"
#define MOCK_OFFICE	  "VN-HN"
#define MOCK_OFFICER	  "hanoi"
#define MOCK_CANDIDATES	  48

/* The regions of the demo's upper-secondary schools: a mix, so that the
 * rule shows (the real Hà Nội urban districts are all KV3). */
static struct exam_region_in regions[] = {
	{DEMO_EXAM_SCHOOL, "KV2"},
	{"VN-HN-CG03", "KV2-NT"},
	{EXAM_MOVER_FROM, "KV1"},
	{"VN-HN-HK04", "KV3"},
};

static struct exam_council_in councils[] = {{"01", "Hội đồng thi Sở GD&ĐT Hà Nội", "VN-HN"}};

static struct exam_site_in mock_sites[] = {
	{"HN-PDP-T", "01", DEMO_EXAM_SCHOOL, "Điểm thi thử Trường THPT Phan Đình Phùng", 4, false},
};

static struct exam_site_in sites[] = {
	{"HN-PDP", "01", DEMO_EXAM_SCHOOL, "Điểm thi Trường THPT Phan Đình Phùng", 20, true},
	{"HN-YH", "01", "VN-HN-CG03", "Điểm thi Trường THPT Yên Hòa", 16, false},
	{"HN-KL", "01", EXAM_MOVER_FROM, "Điểm thi Trường THPT Kim Liên", 16, false},
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
	 "grade 12, registered already (the receipt); seated in a mock exam: card, results"},
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
	/* The first MOCK_CANDIDATES students but the fresh one and the
	 * mover (the registered one first), for the mock exam. */
	int64_t mock[MOCK_CANDIDATES];
	int nmock;
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
	if (!rc) {
		int step;
		while ((step = db_next(&res)) == 1) {
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				int64_t *more = realloc(ids, (size_t)cap * sizeof(*ids));
				if (!more) {
					rc = ERR_NOMEM;
					break;
				}
				ids = more;
			}
			ids[n++] = db_int(&res, C_DEMO_EXAM_GRADE12__PERSON_ID);
		}
		if (!rc && step < 0)
			rc = ERR_DB;
		db_done(&res); /* the statement is cached: leave it reset */
	}
	j->students = n;
	/* The featured: the mover, and the first two others (by national id). */
	static const int others[] = {CAND_FRESH, CAND_REGISTERED};
	j->featured[CAND_MOVER] = j->mover;
	for (int i = 0, k = 0; i < n && k < (int)ARRAY_SIZE(others); i++)
		if (ids[i] != j->mover)
			j->featured[others[k++]] = ids[i];
	if (j->featured[CAND_REGISTERED])
		j->mock[j->nmock++] = j->featured[CAND_REGISTERED];
	for (int i = 0; i < n && j->nmock < MOCK_CANDIDATES; i++)
		if (ids[i] != j->mover && ids[i] != j->featured[CAND_FRESH] &&
		    ids[i] != j->featured[CAND_REGISTERED])
			j->mock[j->nmock++] = ids[i];
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

/* ---- the mock exam: closed, seated, results published ---- */

/* The account name of person, in a. */
struct username_job {
	int64_t person;
	struct arena *a;
	const char *username;
};

static int username_read(struct db_conn *c, void *arg)
{
	struct username_job *j = arg;
	struct db_res res;
	struct db_val v = DBV_INT(j->person);
	int rc = db_row(c, Q_DEMO_EXAM_ACCOUNT_OF, &v, 1, &res);
	if (rc)
		return rc;
	j->username = db_dup(&res, C_DEMO_EXAM_ACCOUNT_OF__USERNAME, j->a);
	db_done(&res);
	return j->username ? ERR_OK : ERR_NOMEM;
}

/* Candidate i registers for the mock at an instant inside its window, and
 * the school exam officer confirms the registration. */
static int mock_register(struct db *db, int64_t session, int64_t opens_ms, int i, int64_t person,
			 struct actor *officer)
{
	static const char *sets[][4] = {
		{"math", "literature", "physics", "chemistry"},
		{"math", "literature", "history", "geography"},
		{"math", "literature", "foreign_language", "informatics"},
	};
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	struct username_job u = {.person = person, .a = &a};
	int rc = db_read(db, username_read, &u);
	char key[80];
	snprintf(key, sizeof(key), "demo-mock-%" PRId64 "-%" PRId64, session, person);
	struct exam_registration_create x = {.by = &by,
					     .session_id = session,
					     .now = opens_ms + (int64_t)(i + 1) * 3600 *
								       1000, /* hour by hour */
					     .lang = "vi",
					     .key = key,
					     .in = {.subjects = sets[i % 3], .nsubjects = 4}};
	if (!rc)
		rc = import_principal_load(db, &a, u.username, &who);
	who.person_id = person;
	if (!rc)
		rc = db_write(db, exam_registration_create_tx, &x);
	struct exam_review_create rv = {.by = officer,
					.registration_id = x.r.id,
					.decision = "confirmed",
					.now_ms = x.now + (int64_t)86400 * 1000};
	if (!rc)
		rc = db_write(db, exam_review_create_tx, &rv);
	if (rc)
		log_error("demo: mock registration of student %" PRId64 ": %s", person,
			  x.p.detail	? x.p.detail
			  : rv.p.detail ? rv.p.detail
					: err_str(rc));
	arena_release(&a);
	return rc;
}

/* A score in hundredths for registration id and subject k, from both: 3.00
 * to 9.75 by quarters, the same on every run. */
static int mock_score(int64_t id, int k)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u + (uint64_t)k * 0xBF58476D1CE4E5B9u;
	h ^= h >> 31;
	return 300 + (int)(h % 28) * 25;
}

/* The scores of every seated candidate of the mock, imported as the
 * office would import its CSV file. */
static int mock_scores(struct db *db, struct actor *office, int64_t session)
{
	struct arena *a = office->arena;
	struct exam_registration_list l = {.session_id = session, .limit = 100};
	int rc = exam_registration_list_read(db, office, &l);
	struct buf csv = {0};
	rc = rc ? rc : buf_append(&csv, "candidate_number,subject,score\n", 31);
	for (int i = 0; !rc && i < l.n; i++) {
		const struct exam_registration *r = &l.items[i];
		json_t *subjects = r->candidate_number ? json_loads(r->subjects, 0, NULL) : NULL;
		size_t k;
		json_t *s;
		json_array_foreach(subjects, k, s)
		{
			char line[96], score[8];
			exam_score_text(mock_score(r->id, (int)k), score);
			int len = snprintf(line, sizeof(line), "%s,%s,%s\n", r->candidate_number,
					   json_string_value(s), score);
			if (!rc && len > 0 && len < (int)sizeof(line))
				rc = buf_append(&csv, line, (size_t)len);
		}
		json_decref(subjects);
	}
	char hex[RECORD_HASH_HEX];
	struct exam_score_rows rows = {0};
	struct exam_scores_import x = {.by = office,
				       .session_id = session,
				       .now_ms = time_now_ms(),
				       .format = "csv",
				       .sha256 = hex,
				       .in = &rows};
	if (!rc) {
		record_hash_hex(csv.p, csv.len, hex);
		x.size = (int64_t)csv.len;
		rc = exam_scores_csv(a, csv.p, csv.len, &rows);
	}
	if (!rc)
		rc = db_write(db, exam_scores_import_tx, &x);
	if (rc)
		log_error("demo: mock scores: %s", x.p.detail ? x.p.detail : err_str(rc));
	buf_release(&csv);
	return rc;
}

/*
 * The mock exam, made once: Hà Nội's office opens it 60 days before the
 * demo ran, for 15 days; the first MOCK_CANDIDATES grade 12 students of
 * DEMO_EXAM_SCHOOL (DEMO_EXAM_REGISTERED among them) registered hour by
 * hour in it and their school confirmed them; it is seated now, scored,
 * its results published 20 days ago, and re-marking requests are taken
 * for ten more days. A second run finds it by its name and adds nothing.
 */
static int mock_fill(struct db *db, const int64_t *people, int n, bool *made)
{
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal office_who = {0}, school_who = {0};
	struct actor office = {.who = &office_who, .arena = &a};
	struct actor school = {.who = &school_who, .arena = &a};
	int64_t id = 0;
	int rc = import_principal_load(db, &a, MOCK_OFFICER, &office_who);
	if (!rc)
		rc = import_principal_load(db, &a, DEMO_EXAM_OFFICER, &school_who);
	if (!rc)
		rc = session_find(db, &office, MOCK_SESSION_NAME, &id);
	*made = false;
	if (rc || id) {
		arena_release(&a);
		return rc;
	}
	int64_t now = time_now_unix() / 3600 * 3600;
	char opens[32], closes[32], results[32], remarks[32];
	time_iso8601(now - (int64_t)60 * 86400, opens, sizeof(opens));
	time_iso8601(now - (int64_t)45 * 86400, closes, sizeof(closes));
	time_iso8601(now - (int64_t)20 * 86400, results, sizeof(results));
	time_iso8601(now + (int64_t)10 * 86400, remarks, sizeof(remarks));
	struct exam_session_create x = {.by = &office,
					.org = MOCK_OFFICE,
					.pack = EXAM_PACK,
					.name = MOCK_SESSION_NAME,
					.time_zone = "Asia/Ho_Chi_Minh",
					.opens_at = opens,
					.closes_at = closes,
					.results_at = results,
					.remarks_close_at = remarks,
					.councils = councils,
					.ncouncils = (int)ARRAY_SIZE(councils),
					.sites = mock_sites,
					.nsites = (int)ARRAY_SIZE(mock_sites)};
	rc = db_write(db, exam_session_create_tx, &x);
	if (rc)
		log_error("demo: mock exam: %s", x.p.detail ? x.p.detail : err_str(rc));
	for (int i = 0; !rc && i < n; i++)
		rc = mock_register(db, x.id, (now - (int64_t)60 * 86400) * 1000, i, people[i],
				   &school);
	struct exam_assign as = {.by = &office, .session_id = x.id, .now_ms = time_now_ms()};
	if (!rc) {
		rc = db_write(db, exam_assign_tx, &as);
		if (rc)
			log_error("demo: mock seating: %s",
				  as.p.detail ? as.p.detail : err_str(rc));
	}
	if (!rc)
		rc = mock_scores(db, &office, x.id);
	*made = !rc;
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
	bool mock = false;
	if (!rc)
		rc = mock_fill(db, acc.mock, acc.nmock, &mock);
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
		fprintf(progress,
			"demo: a mock exam by %s, closed, %d candidates confirmed, seated and "
			"scored, results published (%s); %s sees a card and results\n",
			MOCK_OFFICE, acc.nmock, mock ? "new" : "already made",
			DEMO_EXAM_REGISTERED);
	}
	arena_release(&a);
	return rc;
}
