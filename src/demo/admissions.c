/*
 * admissions.c: the demo's admission round (issue 16): Tehran district 1
 * admits children to grade 1 of its two primary schools, open from a day
 * before the demo ran to a week after, with DEMO_APPLICANTS applications
 * made by the children's guardians, and one more guardian
 * (DEMO_GUARDIAN) whose child has not applied yet.
 *
 * The demo has no children below school age, and a guardian applies only
 * for a child attending a school under the round's office
 * (application.h), so the entrants are the district's youngest pupils, its
 * grade 1 children. Everything goes through the domain functions the API
 * uses: the round is created by the district officer (round_create_tx),
 * each application by its guardian (application_create_tx, audited as the
 * API's). Like the rest of the demo, a second run adds nothing: the round
 * is found by its name, the accounts and links by their names, and each
 * application is made with an idempotency key, so a repeat returns it.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "demo/demo.h"
#include "domain/access/guardian.h"
#include "domain/access/user.h"
#include "domain/admissions/application.h"
#include "domain/admissions/document.h"
#include "domain/admissions/review.h"
#include "domain/admissions/placement.h"
#include "domain/admissions/reregistration.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"
#include "domain/registry/import.h"
#include "domain/registry/student.h"

#define ROUND_NAME                                                                          \
	"ثبت‌نام پایه اول، منطقه ۱ تهران، سال تحصیلی " \
	"۱۴۰۶-۱۴۰۷"
#define ROUND_SEED   INT64_C(14061407)
#define SCHOOL_FIRST "IR-THR-S0101" /* the most wanted */
#define SCHOOL_OTHER "IR-THR-S0104"
/* What the round asks for (document.h); only verified claims count. */
#define ROUND_DOCUMENTS                                        \
	"[{\"kind\":\"birth_certificate\",\"required\":true}," \
	"{\"claim\":\"area\",\"kind\":\"proof_of_address\"}]"

/* Three applicants in four rank SCHOOL_FIRST first: 27 of 36, for 24
 * seats there, so the lottery decides who gets it. */
static struct round_school_in round_schools[] = {
	{SCHOOL_FIRST, DEMO_APPLICANTS * 2 / 3},
	{SCHOOL_OTHER, DEMO_APPLICANTS * 2 / 3},
};

/* The round of ROUND_NAME `by` sees, into *id (0: none yet). */
static int round_find(struct db *db, struct actor *by, int64_t *id)
{
	struct round_list x = {0};
	int rc = round_list_read(db, by, &x);
	*id = 0;
	for (int i = 0; !rc && i < x.n; i++)
		if (!strcmp(x.items[i].name, ROUND_NAME))
			*id = x.items[i].id;
	return rc;
}

static int round_open(struct db *db, struct actor *by, int64_t *id, bool *made)
{
	int rc = round_find(db, by, id);
	*made = false;
	if (rc || *id)
		return rc;
	int64_t now = time_now_unix();
	struct round_create x = {.by = by,
				 .org = DEMO_ROUND_DISTRICT,
				 .name = ROUND_NAME,
				 .grade = 1,
				 .opens_at = now - 86400,
				 .closes_at = now + (int64_t)7 * 86400,
				 .max_choices = 2,
				 .seed = ROUND_SEED,
				 .schools = round_schools,
				 .nschools = (int)ARRAY_SIZE(round_schools),
				 .documents = ROUND_DOCUMENTS,
				 .verify_claims = true,
				 .rules = "ir-grade1"};
	rc = rules_round_defaults(&x, &x.p); /* its priorities, as the API takes them */
	if (!rc)
		rc = db_write(db, round_create_tx, &x);
	if (rc)
		log_error("demo: admission round: %s", x.p.detail ? x.p.detail : err_str(rc));
	*id = x.id;
	*made = !rc;
	return rc;
}

/* A guardian account and its link to a child, made unless they exist. */
struct guardian_job {
	const char *username;
	const char *hash; /* DEMO_PASSWORD's */
	int64_t child;
	const char *relation;
	struct problem p;
};

static int guardian_write(struct db_conn *c, void *arg)
{
	struct guardian_job *j = arg;
	struct arena a;
	arena_init(&a, 1024, 0);
	struct user_login have;
	int rc = user_login_get(c, &a, j->username, &have);
	int64_t id = rc ? 0 : have.id;
	arena_release(&a);
	if (rc == ERR_NOTFOUND) {
		struct user_input in = {
			.username = j->username, .password_hash = j->hash, .role = ROLE_GUARDIAN};
		rc = user_create(c, &in, &id, &j->p);
	}
	if (!rc)
		rc = guardian_link_insert(c, j->child, id, j->relation, time_now_unix(), 0);
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

/* Apply for child as guardian `username`; *made false when an earlier run
 * had. */
static int apply(struct db *db, const char *username, int64_t round_id, int64_t child,
		 const char **choices, bool *made)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	char key[64];
	snprintf(key, sizeof(key), "demo-%" PRId64 "-%s", round_id, username);
	struct application_create x = {.by = &by,
				       .round_id = round_id,
				       .student = child,
				       .choices = choices,
				       .nchoices = 2,
				       .key = key};
	int rc = import_principal_load(db, &a, username, &who);
	if (!rc)
		rc = db_write(db, application_create_tx, &x);
	if (rc)
		log_error("demo: application of %s: %s", username,
			  x.p.detail ? x.p.detail : err_str(rc));
	*made = !rc && !x.replayed;
	arena_release(&a);
	return rc;
}

/* The child DEMO_GUARDIAN may apply for, as read back. */
struct child_job {
	int64_t id;
	struct arena *a;
	struct student s;
};

static int child_read(struct db_conn *c, void *arg)
{
	struct child_job *j = arg;
	return student_get(c, j->a, j->id, &j->s);
}

/* ---- documents and reviews (docs/admissions.md, "Documents and verification") ---- */

/* A 1 x 1 PNG, as a phone would send a photo of a paper, only smaller. */
static const unsigned char demo_png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
	0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00,
	0x00, 0x90, 0x77, 0x53, 0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xf0, 0xe2, 0x02, 0x00, 0x05, 0x74, 0x02, 0xa9, 0x73, 0x8f, 0xe7,
	0x68, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* What the school tells a family whose paper it returns. */
static const char demo_return_reason[] =
	"عکس شناسنامه تار است؛ تصویر روشن‌تری بفرستید.";

#define DEMO_DOCUMENTS 6 /* the first applicants upload a birth certificate */

/* A review by the district officer, unless the item has one already (a
 * second run of the demo adds nothing). */
struct demo_review {
	struct review_create x;
	bool made;
};

static int demo_review_write(struct db_conn *c, void *arg)
{
	struct demo_review *j = arg;
	enum review_state st;
	int rc = review_latest(c, j->x.application_id, j->x.target, &st);
	if (rc || st != REVIEW_PENDING)
		return rc;
	j->made = true;
	return review_create_tx(c, &j->x);
}

/* The demo applicant i's application (guardian.d01.<i>) in round_id: its
 * guardian uploads a birth certificate (the same bytes again on a second
 * run: the same document), and the officer verifies it, returns it with a
 * reason, or leaves it waiting. */
static int demo_document(struct db *db, int64_t round_id, int i, int *reviewed)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0}, officer = {0};
	struct actor by = {.who = &who, .arena = &a}, off = {.who = &officer, .arena = &a};
	char username[32];
	snprintf(username, sizeof(username), "guardian.d01.%02d", i);
	struct application_list mine = {.round_id = round_id, .limit = 1};
	int rc = import_principal_load(db, &a, username, &who);
	if (!rc)
		rc = application_mine_read(db, &by, &mine);
	if (!rc && mine.n != 1)
		rc = ERR_NOTFOUND;
	struct document_upload up = {
		.by = &by, .kind = "birth_certificate", .bytes = demo_png, .len = sizeof(demo_png)};
	if (!rc) {
		up.application_id = mine.items[0].id;
		rc = document_upload_check(&up);
	}
	if (!rc)
		rc = db_write(db, document_upload_tx, &up);
	if (rc) {
		log_error("demo: document of %s: %s", username,
			  up.p.detail ? up.p.detail : err_str(rc));
		arena_release(&a);
		return rc;
	}
	/* Two verified, two returned, the rest in the school's queue. */
	struct demo_review j = {.x = {.by = &off, .application_id = up.application_id}};
	j.x.target = arena_printf(&a, "document:%" PRId64, up.id);
	j.x.decision = i <= 2 ? "verified" : "returned";
	j.x.reason = demo_return_reason;
	if (i <= 4) {
		rc = import_principal_load(db, &a, DEMO_ROUND_OFFICER, &officer);
		if (!rc)
			rc = j.x.target ? db_write(db, demo_review_write, &j) : ERR_NOMEM;
		if (rc)
			log_error("demo: review of %s: %s", username,
				  j.x.p.detail ? j.x.p.detail : err_str(rc));
		*reviewed += j.made;
	}
	arena_release(&a);
	return rc;
}

/* Documents for the first DEMO_DOCUMENTS applications of round_id, and a
 * few reviews, so that the school's queue has work. */
static int demo_admissions_documents(struct db *db, FILE *progress, int64_t round_id)
{
	int rc = ERR_OK, reviewed = 0;
	for (int i = 1; !rc && i <= DEMO_DOCUMENTS && i <= DEMO_APPLICANTS; i++)
		rc = demo_document(db, round_id, i, &reviewed);
	if (!rc && progress)
		fprintf(progress,
			"demo: %d applications have a birth certificate; 2 verified, 2 returned "
			"with a reason, the rest waiting for review (%s)\n",
			DEMO_DOCUMENTS, reviewed ? "new" : "already made");
	return rc;
}

/* ---- a round that has already run: offers, waitlists, explanations ----
 *
 * An early round for grade 1 of the same district, its window a month ago,
 * sealed and run: DEMO_OFFER_APPLICANTS of the round's applicants (the
 * same children, by their guardians) ranked OFFER_FIRST then OFFER_OTHER,
 * two seats at OFFER_FIRST. Priority categories make the result the same
 * on every database (the lottery draws from the application ids): two
 * children of category "first" take OFFER_FIRST, one of "second" waits
 * first in line, DEMO_OFFER_GUARDIAN's child (category "third") is placed
 * at OFFER_OTHER and waits second for OFFER_FIRST; the rest have no group.
 * That guardian sees an offer to accept or decline, a waitlist position
 * and an explanation. A second run finds the round by its name and adds
 * nothing.
 */
#define OFFER_ROUND_NAME                                                               \
	"ثبت‌نام زودهنگام پایه اول، منطقه ۱ تهران " \
	"(جایابی "                                                               \
	"انجام شده)"
#define OFFER_FIRST	      SCHOOL_FIRST
#define OFFER_OTHER	      SCHOOL_OTHER
#define DEMO_OFFER_APPLICANTS 8
#define DEMO_OFFER_CHILD      4 /* children[DEMO_OFFER_CHILD]: DEMO_OFFER_GUARDIAN's */

static struct round_school_in offer_schools[] = {{OFFER_FIRST, 2}, {OFFER_OTHER, 10}};

/* The category of applicant i (1-based) of the run round, or NULL. */
static const char *offer_category(int i)
{
	return i <= 2 ? "first" : i == 3 ? "second" : i == DEMO_OFFER_CHILD ? "third" : NULL;
}

/* Apply for children[i] in the run round as guardian.d01.NN, with its
 * category's claim. */
static int offer_apply(struct db *db, int64_t round_id, int i, int64_t child)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	char username[32], key[64], claims[64];
	snprintf(username, sizeof(username), "guardian.d01.%02d", i);
	snprintf(key, sizeof(key), "demo-%" PRId64 "-%s", round_id, username);
	const char *cat = offer_category(i);
	if (cat)
		snprintf(claims, sizeof(claims), "{\"categories\":[\"%s\"]}", cat);
	const char *choices[] = {OFFER_FIRST, OFFER_OTHER};
	struct application_create x = {.by = &by,
				       .round_id = round_id,
				       .student = child,
				       .choices = choices,
				       .nchoices = 2,
				       .key = key,
				       .claims = cat ? claims : NULL};
	int rc = import_principal_load(db, &a, username, &who);
	if (!rc)
		rc = db_write(db, application_create_tx, &x);
	if (rc)
		log_error("demo: application of %s: %s", username,
			  x.p.detail ? x.p.detail : err_str(rc));
	arena_release(&a);
	return rc;
}

static int offer_window_write(struct db_conn *c, void *arg)
{
	const int64_t *id = arg;
	int64_t now = time_now_unix();
	struct db_val v[] = {DBV_INT(now - (int64_t)35 * 86400), DBV_INT(now - (int64_t)28 * 86400),
			     DBV_INT(*id)};
	return db_exec(c, Q_DEMO_ROUND_WINDOW, v, ARRAY_SIZE(v), NULL);
}

/* The run round of OFFER_ROUND_NAME `by` sees into *r (r->id 0: none). */
static int offer_round_find(struct db *db, struct actor *by, struct round *r)
{
	struct round_list x = {0};
	int rc = round_list_read(db, by, &x);
	memset(r, 0, sizeof(*r));
	for (int i = 0; !rc && i < x.n; i++)
		if (!strcmp(x.items[i].name, OFFER_ROUND_NAME))
			*r = x.items[i];
	return rc;
}

static int demo_offers_fill(struct db *db, FILE *progress, const int64_t *children, int n)
{
	if (n <= DEMO_OFFER_APPLICANTS)
		return ERR_INVALID;
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal officer = {0};
	struct actor by = {.who = &officer, .arena = &a};
	struct round r = {0};
	bool made = false;
	if (!rc)
		rc = import_principal_load(db, &a, DEMO_ROUND_OFFICER, &officer);
	if (!rc)
		rc = offer_round_find(db, &by, &r);
	if (!rc && !r.id) {
		int64_t now = time_now_unix();
		struct round_create x = {
			.by = &by,
			.org = DEMO_ROUND_DISTRICT,
			.name = OFFER_ROUND_NAME,
			.grade = 1,
			.opens_at = now - 86400,
			.closes_at = now + 86400,
			.max_choices = 2,
			.seed = ROUND_SEED + 1,
			.schools = offer_schools,
			.nschools = (int)ARRAY_SIZE(offer_schools),
			.priorities = "{\"groups\":{\"categories\":{\"first\":1,\"second\":2,"
				      "\"third\":3}}}",
			.priorities_given = true};
		rc = db_write(db, round_create_tx, &x);
		if (rc)
			log_error("demo: admission round: %s",
				  x.p.detail ? x.p.detail : err_str(rc));
		r.id = x.id;
		made = !rc;
		for (int i = 1; !rc && i <= DEMO_OFFER_APPLICANTS; i++)
			rc = offer_apply(db, r.id, i, children[i]);
		if (!rc)
			rc = db_write(db, offer_window_write, &r.id);
	}
	struct guardian_job g = {.username = DEMO_OFFER_GUARDIAN,
				 .hash = hash,
				 .child = children[DEMO_OFFER_CHILD],
				 .relation = "father"};
	if (!rc)
		rc = db_write(db, guardian_write, &g);
	struct placement_op op = {.by = &by, .round_id = r.id};
	if (!rc && !r.sealed_at) {
		rc = db_write(db, placement_seal_tx, &op);
		if (rc)
			log_error("demo: seal: %s", op.p.detail ? op.p.detail : err_str(rc));
	}
	if (!rc && !r.run_at) {
		rc = db_write(db, placement_run_tx, &op);
		if (rc)
			log_error("demo: run: %s", op.p.detail ? op.p.detail : err_str(rc));
	}
	if (!rc && progress)
		fprintf(progress,
			"demo: an admission round already run, %d applications (%s); %s has an "
			"offer to accept or decline, a waitlist place and an explanation\n",
			DEMO_OFFER_APPLICANTS, made ? "new" : "already made", DEMO_OFFER_GUARDIAN);
	arena_release(&a);
	return rc;
}

/* ---- re-registration ---- */

#define REREG_CONFIRMED 5 /* confirmations the demo makes */

/* A confirmation by guardian `username` for child, with corrections or
 * NULL; *made false when an earlier run had made it (its key). */
static int rereg_confirm(struct db *db, const char *username, int64_t campaign, int64_t child,
			 const char *corrections, bool *made)
{
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	char key[64];
	snprintf(key, sizeof(key), "demo-rereg-%" PRId64 "-%s", campaign, username);
	struct rereg_confirm x = {.by = &by,
				  .campaign_id = campaign,
				  .student = child,
				  .corrections = corrections,
				  .key = key};
	int rc = import_principal_load(db, &a, username, &who);
	if (!rc)
		rc = db_write(db, rereg_confirm_tx, &x);
	if (rc)
		log_error("demo: re-registration of %s: %s", username,
			  x.p.detail ? x.p.detail : err_str(rc));
	*made = !rc && !x.replayed;
	arena_release(&a);
	return rc;
}

/*
 * The re-registration of school (DEMO_GUARDIAN's child's) for the next
 * school year, opened by the district officer from a day before the demo
 * ran to two weeks after, with REREG_CONFIRMED confirmations by the
 * guardians of other children of that school (one with a correction);
 * DEMO_GUARDIAN's child, children[0], has not confirmed. A second run finds
 * the campaign by its school and year and makes nothing new.
 */
static int demo_reregistration_fill(struct db *db, FILE *progress, const int64_t *children, int n,
				    const char *school)
{
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal officer = {0};
	struct actor by = {.who = &officer, .arena = &a};
	int64_t now = time_now_unix();
	int year = rules_entry_year("IR", now);
	int64_t id = 0;
	int rc = rereg_find_read(db, school, year, &id);
	char years[16];
	snprintf(years, sizeof(years), "%d-%d", year, year + 1);
	if (!rc && !id) {
		struct rereg_create x = {.by = &by,
					 .org = school,
					 .school_year = years,
					 .opens_at = now - 86400,
					 .closes_at = now + (int64_t)14 * 86400};
		rc = import_principal_load(db, &a, DEMO_ROUND_OFFICER, &officer);
		if (!rc)
			rc = db_write(db, rereg_create_tx, &x);
		if (rc)
			log_error("demo: re-registration: %s",
				  x.p.detail ? x.p.detail : err_str(rc));
		id = x.id;
	}
	int confirmed = 0, made = 0;
	for (int i = 1; !rc && i < n && i <= DEMO_APPLICANTS && confirmed < REREG_CONFIRMED; i++) {
		struct child_job c = {.id = children[i], .a = &a};
		rc = db_read(db, child_read, &c);
		if (rc || strcmp(c.s.school, school))
			continue;
		char username[32];
		snprintf(username, sizeof(username), "guardian.d01.%02d", i);
		bool one = false;
		rc = rereg_confirm(db, username, id, children[i],
				   confirmed ? NULL : "نشانی منزل تغییر کرده است.", &one);
		confirmed++;
		made += one;
	}
	if (!rc && progress) {
		fprintf(progress,
			"demo: a re-registration for %s at %s, open for two weeks, %d confirmed "
			"(%s)\n",
			years, school, confirmed, made ? "new" : "already made");
		fprintf(progress, "demo: %s can confirm student %" PRId64 " in it\n", DEMO_GUARDIAN,
			children[0]);
	}
	arena_release(&a);
	return rc;
}

int demo_admissions_fill(struct db *db, FILE *progress, const int64_t *children, int n)
{
	if (n < DEMO_APPLICANTS + 1) {
		log_error("demo: admissions: %d grade 1 children in %s, want %d", n,
			  DEMO_ROUND_DISTRICT, DEMO_APPLICANTS + 1);
		return ERR_INVALID;
	}
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal officer = {0};
	struct actor by = {.who = &officer, .arena = &a};
	int64_t round_id = 0;
	bool made = false;
	if (!rc)
		rc = import_principal_load(db, &a, DEMO_ROUND_OFFICER, &officer);
	if (!rc)
		rc = round_open(db, &by, &round_id, &made);
	/* children[0] is DEMO_GUARDIAN's, who has not applied. */
	struct guardian_job g = {.username = DEMO_GUARDIAN,
				 .hash = hash,
				 .child = children[0],
				 .relation = "mother"};
	if (!rc) {
		rc = db_write(db, guardian_write, &g);
		if (rc)
			log_error("demo: guardian %s: %s", g.username,
				  g.p.detail ? g.p.detail : err_str(rc));
	}
	int applied = 0;
	for (int i = 1; !rc && i <= DEMO_APPLICANTS; i++) {
		char username[32];
		snprintf(username, sizeof(username), "guardian.d01.%02d", i);
		g = (struct guardian_job){.username = username,
					  .hash = hash,
					  .child = children[i],
					  .relation = i % 3 ? "mother" : "father"};
		rc = db_write(db, guardian_write, &g);
		if (rc) {
			log_error("demo: guardian %s: %s", username,
				  g.p.detail ? g.p.detail : err_str(rc));
			break;
		}
		const char *first[] = {SCHOOL_FIRST, SCHOOL_OTHER};
		const char *other[] = {SCHOOL_OTHER, SCHOOL_FIRST};
		bool one = false;
		rc = apply(db, username, round_id, children[i], i % 4 ? first : other, &one);
		applied += one;
	}
	struct child_job child = {.id = children[0], .a = &a};
	if (!rc)
		rc = db_read(db, child_read, &child);
	if (!rc)
		rc = demo_admissions_documents(db, progress, round_id);
	if (!rc && progress) {
		fprintf(progress,
			"demo: an admission round to grade 1 of %s, open for a week, with %d "
			"applications (%s)\n",
			DEMO_ROUND_DISTRICT, DEMO_APPLICANTS,
			made || applied ? "new" : "already made");
		fprintf(progress,
			"demo: %s can apply for %s %s (student %" PRId64
			", grade %d at %s) in that round\n",
			DEMO_GUARDIAN, child.s.given_name, child.s.family_name, child.id,
			child.s.grade, child.s.school);
	}
	if (!rc)
		rc = demo_reregistration_fill(db, progress, children, n, child.s.school);
	arena_release(&a);
	return rc ? rc : demo_offers_fill(db, progress, children, n);
}
