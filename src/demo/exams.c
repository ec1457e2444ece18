/*
 * exams.c: the demo's national exam session (issue 13, docs/exams.md):
 * Hà Nội's department runs the graduation exam of vn-thpt-2025, open from
 * a day before the demo ran to nine days after, with one council and a
 * site at each of the province's four upper-secondary schools; the
 * schools' priority regions are set; DEMO_CANDIDATES grade 12 students of
 * Phan Đình Phùng get candidate accounts (candidate.pdp1 ...), and all
 * but the first have registered. Everything goes through the domain
 * functions the API uses, and a second run adds nothing: the session is
 * found by its name, the accounts by theirs, and each registration is made
 * with an idempotency key.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "demo/demo.h"
#include "domain/access/user.h"
#include "domain/exams/instant.h"
#include "domain/exams/registration.h"
#include "domain/exams/session.h"
#include "domain/registry/import.h"

#define SESSION_NAME "Kỳ thi tốt nghiệp THPT năm 2027 (Hà Nội)"
#define OFFICER	     "hanoi"
#define SCHOOL	     "VN-HN-BD03"

static struct exam_council_in councils[] = {{"01", "Hội đồng thi Sở GD&ĐT Hà Nội", "VN-HN"}};
static struct exam_site_in sites[] = {
	{"BD03", "01", "VN-HN-BD03", NULL, 30, true},
	{"CG03", "01", "VN-HN-CG03", NULL, 30, false},
	{"DD04", "01", "VN-HN-DD04", NULL, 30, false},
	{"HK04", "01", "VN-HN-HK04", NULL, 30, false},
};
/* Central Hà Nội is KV3; the others show the rule's other regions. */
static struct exam_region_in regions[] = {
	{"VN-HN-BD03", "KV3"},
	{"VN-HN-CG03", "KV2"},
	{"VN-HN-DD04", "KV2-NT"},
	{"VN-HN-HK04", "KV1"},
};

/* The subjects each registered candidate chose, in turn. */
static const char *choices[][4] = {
	{"math", "literature", "physics", "chemistry"},
	{"math", "literature", "history", "geography"},
	{"math", "literature", "foreign_language", "informatics"},
	{"math", "literature", "chemistry", "biology"},
	{"math", "literature", "economics_law", "geography"},
};

/* The session of SESSION_NAME `by` sees, into *s (s->id 0: none). */
static int session_find(struct db *db, struct actor *by, struct exam_session *s)
{
	struct exam_session_list x = {0};
	int rc = exam_session_list_read(db, by, &x);
	s->id = 0;
	for (int i = 0; !rc && i < x.n; i++)
		if (!strcmp(x.items[i].name, SESSION_NAME))
			*s = x.items[i];
	return rc;
}

static int session_open(struct db *db, struct actor *by, struct exam_session *s, bool *made)
{
	int rc = session_find(db, by, s);
	*made = false;
	if (rc || s->id)
		return rc;
	char opens[40], closes[40], results[40];
	int64_t now = time_now_ms(), day = INT64_C(86400000);
	exam_instant_format(now - day, 7 * 3600, opens, sizeof(opens));
	exam_instant_format(now + 9 * day, 7 * 3600, closes, sizeof(closes));
	exam_instant_format(now + 60 * day, 7 * 3600, results, sizeof(results));
	struct exam_session_create x = {.by = by,
					.org = "VN-HN",
					.pack = "vn-thpt-2025",
					.name = SESSION_NAME,
					.opens_at = opens,
					.closes_at = closes,
					.results_at = results,
					.councils = councils,
					.ncouncils = (int)ARRAY_SIZE(councils),
					.sites = sites,
					.nsites = (int)ARRAY_SIZE(sites)};
	rc = db_write(db, exam_session_create_tx, &x);
	if (!rc) {
		struct exam_regions_set r = {
			.by = by, .items = regions, .n = (int)ARRAY_SIZE(regions)};
		rc = db_write(db, exam_regions_set_tx, &r);
		if (rc)
			x.p = r.p;
	}
	if (rc)
		log_error("demo: exam session: %s", x.p.detail ? x.p.detail : err_str(rc));
	*s = x.s;
	*made = !rc;
	return rc;
}

/* The first DEMO_CANDIDATES grade 12 students of SCHOOL. */
struct students_job {
	int64_t ids[DEMO_CANDIDATES];
	int n;
};

static int students_read(struct db_conn *c, void *arg)
{
	struct students_job *j = arg;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(SCHOOL), DBV_INT(12), DBV_INT(DEMO_CANDIDATES)};
	int rc = db_query(c, Q_DEMO_EXAM_STUDENTS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && j->n < DEMO_CANDIDATES && (step = db_next(&res)) == 1)
		j->ids[j->n++] = db_int(&res, C_DEMO_EXAM_STUDENTS__PERSON_ID);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* A candidate account for a person, made unless it exists. */
struct candidate_job {
	const char *username, *hash;
	int64_t person;
	struct problem p;
};

static int candidate_write(struct db_conn *c, void *arg)
{
	struct candidate_job *j = arg;
	struct arena a;
	arena_init(&a, 1024, 0);
	struct user_login have;
	int rc = user_login_get(c, &a, j->username, &have);
	arena_release(&a);
	if (rc != ERR_NOTFOUND)
		return rc;
	struct user_input in = {.username = j->username,
				.password_hash = j->hash,
				.role = ROLE_CANDIDATE,
				.org = SCHOOL,
				.person_id = j->person};
	int64_t id;
	return user_create(c, &in, &id, &j->p);
}

/* Register candidate `username` (person) for session_id; *made false when an
 * earlier run had. */
static int registration_make(struct db *db, const char *username, int64_t person,
			     int64_t session_id, int i, bool *made)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	char key[64];
	snprintf(key, sizeof(key), "demo-%" PRId64 "-%s", session_id, username);
	const char **subjects = choices[i % (int)ARRAY_SIZE(choices)];
	struct exam_registration_create x = {
		.by = &by,
		.session_id = session_id,
		.now = time_now_ms(),
		.lang = "vi",
		.key = key,
		.in = {.subjects = subjects, .nsubjects = 4, .category = i == 2 ? "UT2" : NULL}};
	int rc = import_principal_load(db, &a, username, &who);
	who.person_id = person; /* the account's own record, as a session has it */
	if (!rc)
		rc = db_write(db, exam_registration_create_tx, &x);
	if (rc)
		log_error("demo: registration of %s: %s", username,
			  x.p.detail ? x.p.detail : err_str(rc));
	*made = !rc && !x.replayed;
	arena_release(&a);
	return rc;
}

int demo_exams_fill(struct db *db, FILE *progress)
{
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal officer = {0};
	struct actor by = {.who = &officer, .arena = &a};
	struct exam_session s = {0};
	struct students_job st = {0};
	bool made = false;
	if (!rc)
		rc = import_principal_load(db, &a, OFFICER, &officer);
	if (!rc)
		rc = session_open(db, &by, &s, &made);
	if (!rc)
		rc = db_read(db, students_read, &st);
	if (!rc && st.n < DEMO_CANDIDATES) {
		log_error("demo: exams: %d grade 12 students at %s, want %d", st.n, SCHOOL,
			  DEMO_CANDIDATES);
		rc = ERR_INVALID;
	}
	int registered = 0;
	for (int i = 0; !rc && i < st.n; i++) {
		char username[32];
		snprintf(username, sizeof(username), "candidate.pdp%d", i + 1);
		struct candidate_job j = {.username = username, .hash = hash, .person = st.ids[i]};
		rc = db_write(db, candidate_write, &j);
		if (rc) {
			log_error("demo: candidate %s: %s", username,
				  j.p.detail ? j.p.detail : err_str(rc));
			break;
		}
		bool one = false;
		if (i > 0) /* candidate.pdp1 registers in the demo, by hand */
			rc = registration_make(db, username, st.ids[i], s.id, i - 1, &one);
		registered += one;
	}
	if (!rc && progress)
		fprintf(progress,
			"demo: the THPT exam session %" PRId64
			" of VN-HN, open for nine more days, with %d candidates of %s registered "
			"(%s)\n",
			s.id, DEMO_CANDIDATES - 1, SCHOOL,
			made || registered ? "new" : "already made");
	arena_release(&a);
	return rc;
}
