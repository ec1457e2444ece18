/* Unit tests of src/domain/demo.c: the demo data set on a temporary SQLite
 * database, read back with plain SQL: the counts, every national id valid
 * and agreeing with its holder, ages that fit the grades, the flagged
 * duplicates, transfers and leavers; and a second run that adds nothing. */
#include "unit.h"
#include "secret.h"
#include "store.h"

#include "core/err.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/db.h"
#include "demo/demo.h"
#include "domain/admissions/application.h"
#include "domain/registry/import.h"
#include "domain/teaching/gradebook.h"
#include "domain/registry/nid.h"
#include "crypto/dataintegrity.h"
#include "crypto/secret.h"

#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>

struct fixture {
	struct unit_store st;
	sqlite3 *look; /* a plain connection for the checks */
};

static struct fixture fx; /* filled once: the demo takes a second or two */

static int group_setup(void **state)
{
	(void)state;
	if (crypto_init(1))
		return -1;
	if (unit_store_open(&fx.st, "demo.db", 0))
		return -1;
	if (demo_fill(fx.st.db, NULL))
		return -1;
	return sqlite3_open_v2(fx.st.path, &fx.look, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? 0
											      : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	sqlite3_close(fx.look);
	unit_store_close(&fx.st);
	return 0;
}

/* Whether an account named username exists. */
static bool one_text_exists(const char *username)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(fx.look, "SELECT 1 FROM users WHERE username = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("users: %s", sqlite3_errmsg(fx.look));
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* The one integer a query answers. */
static int64_t one(const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(fx.look, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(fx.look));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

UNIT_TEST(test_logins)
{
	(void)state;
	static const char *const want[] = {
		"admin",	 "ir.ministry",	     "vn.ministry", "tehran",
		"hanoi",	 "tehran.d01",	     "badinh",	    "principal.beheshti",
		"principal.pdp", "teacher.beheshti", "teacher.pdp", DEMO_GUARDIAN};
	size_t n;
	const struct demo_login *l = demo_logins(&n);
	for (size_t w = 0; w < ARRAY_SIZE(want); w++) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= !strcmp(l[i].username, want[w]);
		if (!found)
			fail_msg("no demo login %s", want[w]);
	}
	/* And the subject teachers of the demo classes (demo_teaching.c): one
	 * at IR-THR-S0101, nine at VN-HN-BD03, teachers there and nothing else;
	 * the guardians who applied in the admission round; the exam's logins
	 * (demo/exams.c: its officer, three printed candidates) and a candidate
	 * account for every other grade 12 student of DEMO_EXAM_SCHOOL; the
	 * help desk's agents (demo/support.c). */
	size_t nexam;
	demo_exam_logins(&nexam);
	int64_t grade12 = one("SELECT count(*) FROM enrolments e JOIN orgs o ON o.id = e.org_id "
			      "WHERE o.code = '" DEMO_EXAM_SCHOOL "' AND e.current = 1 AND "
			      "e.grade = 12");
	assert_true(grade12 > 100);
	assert_int_equal(one("SELECT count(*) FROM users"),
			 (int64_t)n + 10 + DEMO_APPLICANTS + 1 + grade12 + DEMO_SUPPORT_AGENTS);
	assert_int_equal(one("SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id "
			     "JOIN enrolments e ON e.person_id = u.person_id AND e.current = 1 "
			     "AND e.grade = 12 AND e.org_id = r.org_id WHERE r.role = 'candidate'"),
			 grade12);
	for (size_t i = 0; i < nexam; i++)
		if (!one_text_exists(demo_exam_logins(&nexam)[i].username))
			fail_msg("no exam login %s", demo_exam_logins(&nexam)[i].username);
	assert_int_equal(
		one("SELECT count(*) FROM users u WHERE u.username LIKE '%.beheshti' "
		    "AND u.username NOT LIKE '%.%.%' AND EXISTS (SELECT 1 FROM user_roles r "
		    "JOIN orgs o ON o.id = r.org_id WHERE r.user_id = u.id AND "
		    "r.role = 'teacher' AND o.code = 'IR-THR-S0101')"),
		2);
	assert_int_equal(
		one("SELECT count(*) FROM users u WHERE u.username LIKE '%.pdp' AND "
		    "EXISTS (SELECT 1 FROM user_roles r JOIN orgs o ON o.id = r.org_id "
		    "WHERE r.user_id = u.id AND r.role = 'teacher' AND o.code = 'VN-HN-BD03')"),
		10);
}

UNIT_TEST(test_counts)
{
	(void)state;
	assert_int_equal(one("SELECT count(*) FROM persons WHERE country = 'IR'"),
			 DEMO_IR_STUDENTS);
	assert_int_equal(one("SELECT count(*) FROM persons WHERE country = 'VN'"),
			 DEMO_VN_STUDENTS);
	assert_int_equal(
		one("SELECT count(*) FROM orgs WHERE kind = 'school' AND code LIKE 'IR-%'"), 25);
	assert_int_equal(
		one("SELECT count(*) FROM orgs WHERE kind = 'school' AND code LIKE 'VN-%'"), 16);
	assert_int_equal(one("SELECT count(*) FROM orgs WHERE kind = 'district'"), 9);
	/* Every school has students in every grade it teaches, and an address. */
	assert_int_equal(one("SELECT count(*) FROM orgs o WHERE kind = 'school' AND "
			     "(address IS NULL OR (SELECT count(DISTINCT grade) FROM enrolments e "
			     "WHERE e.org_id = o.id AND e.current = 1) != CASE "
			     "WHEN level = 'primary' AND country = 'IR' THEN 6 "
			     "WHEN level = 'primary' THEN 5 "
			     "WHEN level = 'lower_secondary' AND country = 'IR' THEN 3 "
			     "WHEN level = 'lower_secondary' THEN 4 ELSE 3 END)"),
			 0);
	/* About 1% have no national id. */
	int64_t none = one("SELECT count(*) FROM persons WHERE national_id IS NULL");
	assert_true(none > 200 && none < 800);
	/* Everyone enrolled has one current enrolment, in a class. */
	assert_int_equal(one("SELECT count(*) FROM persons p WHERE status = 'enrolled' AND "
			     "(SELECT count(*) FROM enrolments e WHERE e.person_id = p.id AND "
			     "e.current = 1 AND e.class IS NOT NULL AND e.school_year = 2026) != 1 "
			     "AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.person_id = p.id)"),
			 0);
	/* Some have the years before, ending where the next one starts. */
	assert_true(one("SELECT count(*) FROM enrolments WHERE current = 0 AND "
			"end_reason = 'promoted'") > 10000);
	assert_true(one("SELECT count(*) FROM enrolments WHERE end_reason = 'completed'") > 1000);
}

UNIT_TEST(test_ids_valid)
{
	(void)state;
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(fx.look,
				   "SELECT country, national_id, birth_date, sex, sector_id "
				   "FROM persons WHERE national_id IS NOT NULL",
				   -1, &st, NULL),
		SQLITE_OK);
	int n = 0, vn_hanoi = 0, vn = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *country = (const char *)sqlite3_column_text(st, 0);
		const char *nid = (const char *)sqlite3_column_text(st, 1);
		const char *birth = (const char *)sqlite3_column_text(st, 2);
		const char *sex = (const char *)sqlite3_column_text(st, 3);
		char canon[NID_MAX];
		struct problem p = {0};
		if (nid_canonical(country, nid, canon, &p) || strcmp(canon, nid))
			fail_msg("%s id %s: %s", country, nid,
				 p.detail ? p.detail : "not canonical");
		if (!strcmp(country, "VN")) {
			if (nid_check_vn_birth(canon, birth, sex[0], &p))
				fail_msg("VN id %s, %s %s: %s", nid, birth, sex, p.detail);
			const char *sector = (const char *)sqlite3_column_text(st, 4);
			assert_non_null(sector);
			assert_string_equal(sector, nid);
			vn++;
			vn_hanoi += !strncmp(nid, "001", 3);
		}
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, one("SELECT count(DISTINCT country || national_id) FROM persons"));
	assert_true(n > 39000);
	/* Most were registered in Hà Nội, some elsewhere. */
	assert_true(vn_hanoi > vn * 8 / 10 && vn_hanoi < vn);
}

UNIT_TEST(test_ages_fit_grades)
{
	(void)state;
	/* Age on the school-year start minus grade: 5 normally, one year more
	 * or less for a few. */
	const char *age = "(2026 - CAST(substr(p.birth_date, 1, 4) AS INTEGER) - e.grade)";
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM persons p JOIN enrolments e ON e.person_id = p.id "
		 "AND e.current = 1 WHERE %s NOT BETWEEN 4 AND 7",
		 age);
	assert_int_equal(one(sql), 0);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM persons p JOIN enrolments e ON e.person_id = p.id "
		 "AND e.current = 1 WHERE %s IN (5, 6)",
		 age);
	assert_true(one(sql) > 38000);
	/* Iran's schools are for boys or for girls. */
	assert_int_equal(
		one("SELECT count(*) FROM (SELECT p.org_id FROM persons p "
		    "WHERE p.country = 'IR' GROUP BY p.org_id HAVING count(DISTINCT sex) > 1)"),
		0);
}

UNIT_TEST(test_duplicates_transfers_leavers)
{
	(void)state;
	int64_t dups = DEMO_IR_DUPLICATES + DEMO_VN_DUPLICATES;
	int64_t flagged = one("SELECT count(*) FROM persons WHERE review = 'possible_duplicate'");
	assert_true(flagged >= 2 * dups);
	/* Each copy sits next to its original under one duplicate key: the
	 * "family given" search key with birth date and sex (schema 0006). */
	assert_true(one("SELECT count(*) FROM (SELECT n.name_key FROM persons p "
			"JOIN person_names n ON n.person_id = p.id "
			"AND n.name_key = p.key_fg || ' ' || p.birth_date || p.sex "
			"WHERE p.review IS NOT NULL GROUP BY n.name_key HAVING count(*) >= 2 AND "
			"count(p.national_id) < count(*))") >= dups);
	assert_true(one("SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id "
			"WHERE p.review IS NOT NULL AND o.code = 'IR-THR-S0101'") >= 2);
	assert_true(one("SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id "
			"WHERE p.review IS NOT NULL AND o.code = 'VN-HN-BD03'") >= 2);

	/* The plan's, and the exam's mover (demo/exams.c) from Kim Liên. */
	assert_int_equal(one("SELECT count(*) FROM transfers WHERE status = 'approved'"),
			 DEMO_IR_TRANSFERS + DEMO_VN_TRANSFERS + 1);
	/* Within a district (but the mover's), during the school year, closing
	 * one enrolment and opening the next. */
	assert_int_equal(one("SELECT count(*) FROM transfers t JOIN orgs a ON a.id = t.from_org_id "
			     "JOIN orgs b ON b.id = t.to_org_id WHERE a.parent_id != b.parent_id "
			     "OR a.level != b.level OR t.effective_date NOT BETWEEN '2026-09-05' "
			     "AND '2026-11-20'"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM transfers t JOIN orgs a ON a.id = t.from_org_id "
			     "JOIN orgs b ON b.id = t.to_org_id WHERE a.code = 'VN-HN-DD04' AND "
			     "b.code = '" DEMO_EXAM_SCHOOL "' AND t.effective_date = '2026-10-26'"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM enrolments WHERE end_reason = 'transferred'"),
			 DEMO_IR_TRANSFERS + DEMO_VN_TRANSFERS + 1);
	assert_int_equal(one("SELECT count(*) FROM persons WHERE status IN ('dropped_out', "
			     "'moved_abroad')"),
			 DEMO_IR_LEAVERS + DEMO_VN_LEAVERS);
	assert_int_equal(one("SELECT count(*) FROM enrolments WHERE end_reason IN ('dropped_out', "
			     "'moved_abroad') AND end_date BETWEEN '2026-09-05' AND '2026-11-20'"),
			 DEMO_IR_LEAVERS + DEMO_VN_LEAVERS);
}

/* ---- the teaching of the demo classes (demo_teaching.c) ---- */

/* The students of a demo school's class, as SQL. */
#define MEMBERS(code, cls)                                                                    \
	"SELECT e.person_id FROM enrolments e JOIN orgs o ON o.id = e.org_id WHERE o.code = " \
	"'" code "' AND e.current = 1 AND e.school_year = 2026 AND e.class = '" cls "'"
#define IR_CLASS MEMBERS("IR-THR-S0101", "1-الف")
#define VN_CLASS MEMBERS("VN-HN-BD03", "10A1")

UNIT_TEST(test_teaching_subjects_and_week)
{
	(void)state;
	/* Each class's subjects, every one with a teacher of its school. */
#define SUBJECTS_TAUGHT(cls, code)                                                                 \
	"SELECT count(*) FROM class_subjects cs JOIN classes c ON c.id = cs.class_id JOIN orgs o " \
	"ON o.id = c.org_id WHERE c.name = '" cls "' AND o.code = '" code "' AND EXISTS (SELECT "  \
	"1 FROM user_roles r WHERE r.user_id = cs.teacher_id AND r.role = 'teacher' AND "          \
	"r.org_id = c.org_id)"
	assert_int_equal(one(SUBJECTS_TAUGHT("1-الف", "IR-THR-S0101")), 6);
	assert_int_equal(one(SUBJECTS_TAUGHT("10A1", "VN-HN-BD03")), 12);
	/* The demo teachers teach some of them; other classes have none yet. */
	assert_int_equal(one("SELECT count(*) FROM class_subjects cs JOIN users u ON u.id = "
			     "cs.teacher_id WHERE u.username = 'teacher.pdp'"),
			 2);
	assert_int_equal(one("SELECT count(DISTINCT class_id) FROM class_subjects"), 2);
	/* The week: 20 periods Saturday to Wednesday, 30 Monday to Saturday,
	 * each subject as often as the plan says and every slot's subject one
	 * of the class's, taught by its teacher. */
	assert_int_equal(one("SELECT count(*) FROM timetable t JOIN classes c ON c.id = t.class_id "
			     "WHERE c.name = '1-الف' AND t.weekday IN (6, 7, 1, 2, 3)"),
			 20);
	assert_int_equal(one("SELECT count(*) FROM timetable t JOIN classes c ON c.id = t.class_id "
			     "JOIN subjects s ON s.id = t.subject_id WHERE c.name = '1-الف' AND "
			     "s.code = 'FA'"),
			 8);
	assert_int_equal(one("SELECT count(*) FROM timetable t JOIN classes c ON c.id = t.class_id "
			     "WHERE c.name = '10A1' AND t.weekday BETWEEN 1 AND 6"),
			 30);
	assert_int_equal(one("SELECT count(*) FROM timetable t JOIN class_subjects cs ON "
			     "cs.class_id = t.class_id AND cs.subject_id = t.subject_id AND "
			     "cs.teacher_id = t.teacher_id"),
			 50);
	assert_int_equal(one("SELECT count(*) FROM timetable t JOIN users u ON u.id = t.teacher_id "
			     "WHERE u.username = 'teacher.pdp'"),
			 7);
}

/* Term I complete, plausible, and term II empty. */
UNIT_TEST(test_teaching_gradebooks)
{
	(void)state;
	int64_t ir_n = one("SELECT count(*) FROM (" IR_CLASS ")");
	int64_t vn_n = one("SELECT count(*) FROM (" VN_CLASS ")");
	assert_true(ir_n >= 20 && vn_n >= 30);
	assert_int_equal(one("SELECT count(*) FROM gradebooks WHERE school_year = 2026 AND "
			     "person_id IN (" IR_CLASS ")"),
			 ir_n * 6);
	assert_int_equal(one("SELECT count(*) FROM gradebooks WHERE school_year = 2026 AND "
			     "person_id IN (" VN_CLASS ")"),
			 vn_n * 12);
	assert_int_equal(one("SELECT count(*) FROM gradebooks"), ir_n * 6 + vn_n * 12);
	/* ir-descriptive: the teacher's comment on every subject of term I. */
	assert_int_equal(one("SELECT count(*) FROM gradebook_comments WHERE term = 1 AND "
			     "length(comment) > 20 AND person_id IN (" IR_CLASS ")"),
			 ir_n * 6);
	assert_int_equal(one("SELECT count(*) FROM gradebook_comments"), ir_n * 6);

	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(fx.look,
				   "SELECT g.scores, s.scored, o.country, o.level, s.code "
				   "FROM gradebooks g JOIN subjects s ON s.id = g.subject_id "
				   "JOIN orgs o ON o.id = g.org_id",
				   -1, &st, NULL),
		SQLITE_OK);
	int levels[4] = {0}, toan_low = 0, toan_high = 0, rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		bool scored = sqlite3_column_int(st, 1) != 0;
		int pol = policy_for_school((const char *)sqlite3_column_text(st, 2),
					    (const char *)sqlite3_column_text(st, 3));
		struct gb_row r;
		assert_int_equal(gb_decode(text, strlen(text), &r), ERR_OK);
		struct gb_subject_result res;
		gb_subject_result((enum policy_id)pol, scored, &r, &res);
		if (res.term[0] == GB_NONE)
			fail_msg("term I incomplete: %s", text);
		assert_int_equal(res.term[1], GB_NONE);
		for (int i = 0; i < GB__SLOTS; i++) {
			int v = r.v[0][i];
			if (v != GB_NONE && pol == POLICY_VN_TT22 && i <= GB_FINAL)
				assert_true(v >= 200 && v <= 1000 && v % 10 == 0);
		}
		if (pol == POLICY_IR_DESCRIPTIVE)
			levels[res.term[0]]++;
		if (!strcmp((const char *)sqlite3_column_text(st, 4), "TOAN")) {
			toan_low += res.term[0] < 650;
			toan_high += res.term[0] >= 800;
			/* Four regular assessments, a mid-term and a final. */
			assert_int_not_equal(r.v[0][GB_R4], GB_NONE);
			assert_int_equal(r.v[0][GB_R5], GB_NONE);
		}
		rows++;
	}
	sqlite3_finalize(st);
	assert_int_equal(rows, ir_n * 6 + vn_n * 12);
	/* A spread: good and weak students, every level but mostly the better ones. */
	assert_true(toan_low > 0 && toan_high > 0);
	assert_true(levels[IRD_VERY_GOOD] > levels[IRD_NEEDS_EFFORT]);
	assert_true(levels[IRD_GOOD] > levels[IRD_ACCEPTABLE]);
	assert_true(levels[IRD_NEEDS_EFFORT] > 0);
}

UNIT_TEST(test_teaching_attendance)
{
	(void)state;
	int64_t ir_n = one("SELECT count(*) FROM (" IR_CLASS ")");
	int64_t vn_n = one("SELECT count(*) FROM (" VN_CLASS ")");
	/* Whole-day marks for every student on every school day of the week. */
	assert_int_equal(one("SELECT count(*) FROM attendance WHERE period = 0 AND date BETWEEN "
			     "'2026-11-14' AND '2026-11-18' AND person_id IN (" IR_CLASS ")"),
			 ir_n * 5);
	assert_int_equal(one("SELECT count(*) FROM attendance WHERE period = 0 AND date BETWEEN "
			     "'2026-11-16' AND '2026-11-21' AND person_id IN (" VN_CLASS ")"),
			 vn_n * 6);
	int64_t all = one("SELECT count(*) FROM attendance");
	assert_int_equal(all, ir_n * 5 + vn_n * 6);
	int64_t present = one("SELECT count(*) FROM attendance WHERE status = 'present'");
	assert_true(present * 100 > all * 85 && present < all);
	/* An excused absence says why. */
	assert_int_equal(one("SELECT count(*) FROM attendance WHERE status = 'absent_excused' AND "
			     "note IS NULL"),
			 0);
}

/* Last: a second run leaves everything as it was. */
/* The admission round (src/demo/admissions.c): grade 1 in the district,
 * open now, its two primary schools with fewer seats at the most wanted one
 * than applicants ranking it first, DEMO_APPLICANTS applications made by
 * linked guardians, and DEMO_GUARDIAN linked to an eligible child who has
 * not applied. */
UNIT_TEST(test_admission_round)
{
	(void)state;
	/* and the round already run (test_offer_round) */
	assert_int_equal(one("SELECT count(*) FROM admission_rounds"), 2);
	assert_int_equal(one("SELECT count(*) FROM admission_rounds r JOIN orgs o ON o.id = "
			     "r.org_id WHERE o.code = '" DEMO_ROUND_DISTRICT "' AND r.grade = 1 "
			     "AND r.opens_at <= CAST(strftime('%s', 'now') AS INTEGER) AND "
			     "CAST(strftime('%s', 'now') AS INTEGER) < r.closes_at "
			     "AND r.closes_at - r.opens_at = 8 * 86400 AND r.seed > 0"),
			 1);
	assert_int_equal(
		one("SELECT count(*) FROM admission_round_schools s JOIN orgs o ON "
		    "o.id = s.school_id WHERE s.round_id = (SELECT id FROM admission_rounds WHERE "
		    "run_at IS NULL) AND o.level = 'primary' AND o.path LIKE "
		    "(SELECT path FROM orgs WHERE code = '" DEMO_ROUND_DISTRICT "') || '%'"),
		2);
	/* The most wanted school has fewer seats than first choices. */
	assert_true(one("SELECT count(*) FROM admission_applications WHERE choices LIKE "
			"'IR-THR-S0101,%' AND round_id = (SELECT id FROM admission_rounds WHERE "
			"run_at IS NULL)") >
		    one("SELECT s.capacity FROM admission_round_schools s JOIN orgs o ON o.id = "
			"s.school_id WHERE o.code = 'IR-THR-S0101' AND s.round_id = (SELECT id "
			"FROM admission_rounds WHERE run_at IS NULL)"));
	assert_int_equal(one("SELECT count(*) FROM admission_applications WHERE round_id = (SELECT "
			     "id FROM admission_rounds WHERE run_at IS NULL)"),
			 DEMO_APPLICANTS);
	/* Each made by a guardian of the child, who is in grade 1 at a school of
	 * the district; one version each. */
	assert_int_equal(one("SELECT count(*) FROM admission_applications a JOIN guardians g ON "
			     "g.person_id = a.person_id AND g.user_id = a.created_by JOIN "
			     "enrolments e ON e.person_id = a.person_id AND e.current = 1 AND "
			     "e.grade = 1 JOIN admission_round_schools s ON s.round_id = "
			     "a.round_id AND s.school_id = e.org_id"),
			 DEMO_APPLICANTS + DEMO_OFFER_APPLICANTS);
	assert_int_equal(one("SELECT count(*) FROM admission_application_versions"),
			 DEMO_APPLICANTS + DEMO_OFFER_APPLICANTS);
	/* The printed guardian: one child, eligible, without an application. */
	assert_int_equal(one("SELECT count(*) FROM guardians g JOIN users u ON u.id = g.user_id "
			     "WHERE u.username = '" DEMO_GUARDIAN "'"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM guardians g JOIN users u ON u.id = g.user_id "
			     "JOIN user_roles r ON r.user_id = u.id AND r.role = 'guardian' JOIN "
			     "enrolments e ON e.person_id = g.person_id AND e.current = 1 AND "
			     "e.grade = 1 JOIN orgs o ON o.id = e.org_id AND o.code = "
			     "'IR-THR-S0101' WHERE u.username = '" DEMO_GUARDIAN "' AND NOT EXISTS "
			     "(SELECT 1 FROM admission_applications a WHERE a.person_id = "
			     "g.person_id)"),
			 1);
}

/* The round's documents (src/demo/admissions.c): it asks for a birth
 * certificate and a proof of address and counts verified claims only; six
 * applicants sent a PNG, two verified, two returned with a reason, the rest
 * in the queue. The same on every run. */
UNIT_TEST(test_admission_documents)
{
	(void)state;
	assert_int_equal(one("SELECT count(*) FROM admission_rounds WHERE verify_claims = 1 AND "
			     "documents LIKE '%birth_certificate%' AND documents LIKE "
			     "'%proof_of_address%'"),
			 1);
	assert_int_equal(
		one("SELECT count(*) FROM admission_documents WHERE media_type = "
		    "'image/png' AND kind = 'birth_certificate' AND length(content) = size "
		    "AND size > 0"),
		6);
	assert_int_equal(one("SELECT count(*) FROM admission_reviews WHERE decision = 'verified'"),
			 2);
	assert_int_equal(one("SELECT count(*) FROM admission_reviews WHERE decision = 'returned' "
			     "AND length(reason) > 0"),
			 2);
}

/* The exam (demo/exams.c): regions for the four THPT schools, an open
 * session by VN around now with one registration (DEMO_EXAM_REGISTERED's),
 * the mover's region KV1 from Kim Liên, and a mock exam by VN-HN closed,
 * confirmed, seated in rooms of at most 24 with unique 8-digit numbers of
 * council 01, and scored. */
UNIT_TEST(test_exam_session)
{
	(void)state;
	assert_int_equal(one("SELECT count(*) FROM exam_regions"), 4);
	assert_int_equal(one("SELECT count(DISTINCT region) FROM exam_regions"), 4);
	int64_t now = time_now_ms();
	assert_int_equal(one("SELECT count(*) FROM exam_sessions s JOIN orgs o ON o.id = s.org_id "
			     "WHERE o.code = 'VN' AND s.pack = 'vn-thpt-2025'"),
			 1);
	assert_true(one("SELECT min(opens_at_ms) FROM exam_sessions s JOIN orgs o ON o.id = "
			"s.org_id WHERE o.code = 'VN'") < now);
	assert_true(one("SELECT max(closes_at_ms) FROM exam_sessions s JOIN orgs o ON o.id = "
			"s.org_id WHERE o.code = 'VN'") > now + (int64_t)7 * 86400 * 1000);
	assert_int_equal(one("SELECT count(*) FROM exam_registrations r JOIN exam_sessions s ON "
			     "s.id = r.session_id JOIN orgs o ON o.id = s.org_id JOIN users u ON "
			     "u.person_id = r.person_id WHERE o.code = 'VN' AND u.username = "
			     "'" DEMO_EXAM_REGISTERED "' "
			     "AND r.status = 'submitted'"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM exam_sites WHERE free_candidates = 1"), 1);
	/* The mock exam. */
	assert_true(one("SELECT max(closes_at_ms) FROM exam_sessions s JOIN orgs o ON o.id = "
			"s.org_id WHERE o.code = 'VN-HN'") < now);
	assert_int_equal(
		one("SELECT count(*) FROM exam_registrations r JOIN exam_sessions s ON "
		    "s.id = r.session_id JOIN orgs o ON o.id = s.org_id WHERE o.code = "
		    "'VN-HN' AND r.status = 'confirmed' AND r.candidate_number LIKE '01%' AND "
		    "length(r.candidate_number) = 8"),
		48);
	assert_int_equal(one("SELECT count(DISTINCT candidate_number) FROM exam_registrations "
			     "WHERE candidate_number IS NOT NULL"),
			 48);
	assert_int_equal(one("SELECT count(*) FROM (SELECT site_id, room FROM exam_registrations "
			     "WHERE room IS NOT NULL GROUP BY site_id, room HAVING count(*) > 24)"),
			 0);
	assert_int_equal(one("SELECT count(*) FROM exam_scores"), 48 * 4);
}

UNIT_TEST(test_second_run_adds_nothing)
{
	(void)state;
	int64_t persons = one("SELECT count(*) FROM persons");
	int64_t enrolments = one("SELECT count(*) FROM enrolments");
	int64_t transfers = one("SELECT count(*) FROM transfers");
	int64_t orgs = one("SELECT count(*) FROM orgs");
	int64_t users = one("SELECT count(*) FROM users");
	int64_t grades =
		one("SELECT count(*) + sum(length(scores)) + sum(updated_at) FROM gradebooks");
	int64_t comments = one("SELECT count(*) + sum(updated_at) FROM gradebook_comments");
	int64_t marks = one("SELECT count(*) + sum(recorded_at) FROM attendance");
	int64_t slots = one("SELECT count(*) + sum(id) FROM timetable");
	int64_t subjects = one("SELECT count(*) FROM class_subjects");
	int64_t exam = one("SELECT (SELECT count(*) + sum(opens_at_ms) FROM exam_sessions) + "
			   "(SELECT count(*) + sum(updated_at_ms) FROM exam_registrations) + "
			   "(SELECT count(*) FROM exam_registration_versions) + "
			   "(SELECT count(*) + sum(updated_at) FROM exam_regions) + "
			   "(SELECT count(*) + sum(score) FROM exam_scores)");
	assert_int_equal(demo_fill(fx.st.db, NULL), ERR_OK);
	assert_int_equal(one("SELECT (SELECT count(*) + sum(opens_at_ms) FROM exam_sessions) + "
			     "(SELECT count(*) + sum(updated_at_ms) FROM exam_registrations) + "
			     "(SELECT count(*) FROM exam_registration_versions) + "
			     "(SELECT count(*) + sum(updated_at) FROM exam_regions) + "
			     "(SELECT count(*) + sum(score) FROM exam_scores)"),
			 exam);
	assert_int_equal(
		one("SELECT count(*) + sum(length(scores)) + sum(updated_at) FROM gradebooks"),
		grades);
	assert_int_equal(one("SELECT count(*) + sum(updated_at) FROM gradebook_comments"),
			 comments);
	assert_int_equal(one("SELECT count(*) + sum(recorded_at) FROM attendance"), marks);
	assert_int_equal(one("SELECT count(*) + sum(id) FROM timetable"), slots);
	assert_int_equal(one("SELECT count(*) FROM class_subjects"), subjects);
	assert_int_equal(one("SELECT count(*) FROM grade_changes"), 0);
	assert_int_equal(one("SELECT count(*) FROM attendance_changes"), 0);
	assert_int_equal(one("SELECT count(*) FROM persons"), persons);
	assert_int_equal(one("SELECT count(*) FROM enrolments"), enrolments);
	assert_int_equal(one("SELECT count(*) FROM transfers"), transfers);
	assert_int_equal(one("SELECT count(*) FROM orgs"), orgs);
	assert_int_equal(one("SELECT count(*) FROM users"), users);
	assert_int_equal(one("SELECT count(*) FROM admission_rounds"), 2);
	assert_int_equal(one("SELECT count(*) FROM admission_applications"),
			 DEMO_APPLICANTS + DEMO_OFFER_APPLICANTS);
	assert_int_equal(one("SELECT count(*) FROM admission_application_versions"),
			 DEMO_APPLICANTS + DEMO_OFFER_APPLICANTS);
	assert_int_equal(one("SELECT count(*) FROM guardians"), DEMO_APPLICANTS + 2);
	assert_int_equal(one("SELECT count(*) FROM admission_moves"), 0);
}

/* With a server secret the last step signs last year's records of a class at
 * each school of the demo's teacher and principal logins; they verify, and a
 * second run adds none. */
/* The printed guardian applies, as the API would have them: the round is
 * open to them and their child is eligible. (After the second run, which
 * counts the demo's own applications.) */
UNIT_TEST(test_guardian_applies)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	assert_int_equal(import_principal_load(fx.st.db, &a, DEMO_GUARDIAN, &who), ERR_OK);
	const char *choices[] = {"IR-THR-S0104", "IR-THR-S0101"};
	struct application_create x = {
		.by = &by,
		.round_id = one("SELECT id FROM admission_rounds WHERE run_at IS NULL"),
		.student = one("SELECT g.person_id FROM guardians g JOIN users u ON u.id = "
			       "g.user_id WHERE u.username = '" DEMO_GUARDIAN "'"),
		.choices = choices,
		.nchoices = 2};
	assert_int_equal(db_write(fx.st.db, application_create_tx, &x), ERR_OK);
	assert_true(x.id > 0 && !x.replayed);
	assert_int_equal(one("SELECT count(*) FROM admission_applications"),
			 DEMO_APPLICANTS + DEMO_OFFER_APPLICANTS + 1);
	arena_release(&a);
}

/* The round already run (src/demo/admissions.c): closed a month ago,
 * sealed, run; DEMO_OFFER_GUARDIAN's child holds an offer at its second
 * choice, the two of group 1 hold the first school's two seats. */
UNIT_TEST(test_offer_round)
{
	(void)state;
	assert_int_equal(one("SELECT count(*) FROM admission_rounds WHERE run_at IS NOT NULL AND "
			     "closes_at < CAST(strftime('%s', 'now') AS INTEGER) - 86400"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM admission_applications a JOIN admission_rounds "
			     "r ON r.id = a.round_id WHERE r.run_at IS NOT NULL AND "
			     "a.offer_status = 'offered'"),
			 DEMO_OFFER_APPLICANTS);
	assert_int_equal(one("SELECT count(*) FROM admission_applications a JOIN admission_rounds "
			     "r ON r.id = a.round_id JOIN orgs s ON s.id = a.placed_school_id "
			     "JOIN guardians g ON g.person_id = a.person_id JOIN users u ON u.id = "
			     "g.user_id WHERE r.run_at IS NOT NULL AND u.username = "
			     "'" DEMO_OFFER_GUARDIAN "' AND s.code = 'IR-THR-S0104'"),
			 1);
	assert_int_equal(one("SELECT count(*) FROM admission_applications a JOIN admission_rounds "
			     "r ON r.id = a.round_id JOIN orgs s ON s.id = a.placed_school_id "
			     "WHERE r.run_at IS NOT NULL AND s.code = 'IR-THR-S0101'"),
			 2);
}

UNIT_TEST(test_signed_records)
{
	(void)state;
	/* The fill above had no secret: no records, no keys. */
	assert_int_equal(one("SELECT count(*) FROM records"), 0);
	assert_int_equal(one("SELECT count(*) FROM signing_keys"), 0);
	unit_secret_load(fx.st.dir, "secret", NULL);
	assert_int_equal(demo_records(fx.st.db, NULL), ERR_OK);
	int64_t sealed = one("SELECT count(*) FROM records WHERE status = 'sealed'");
	assert_true(sealed >= 20);
	assert_int_equal(one("SELECT count(*) FROM records"), sealed);
	assert_int_equal(one("SELECT count(DISTINCT org_id) FROM records"), 2);
	assert_int_equal(one("SELECT count(*) FROM records WHERE school_year <> 2025"), 0);
	assert_true(one("SELECT count(*) FROM year_results WHERE school_year = 2025") >= sealed);
	assert_int_equal(one("SELECT count(*) FROM audit_log WHERE action = 'record.seal'"),
			 sealed);
	/* Each one's two proofs verify with the keys their did:keys name: the
	 * class's homeroom teacher's and the principal's. */
	sqlite3_stmt *st;
	assert_int_equal(
		sqlite3_prepare_v2(fx.look,
				   "SELECT r.credential, t.public_key, p.public_key "
				   "FROM records r JOIN signing_keys t ON t.id = r.teacher_key_id "
				   "JOIN signing_keys p ON p.id = r.principal_key_id",
				   -1, &st, NULL),
		SQLITE_OK);
	int64_t checked = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_error_t e;
		json_t *cred = json_loads((const char *)sqlite3_column_text(st, 0), 0, &e);
		assert_non_null(cred);
		json_t *proofs = json_object_get(cred, "proof");
		assert_int_equal(json_array_size(proofs), 2);
		uint8_t pks[2][32];
		for (int i = 0; i < 2; i++) {
			const char *vm = json_string_value(json_object_get(
				json_array_get(proofs, (size_t)i), "verificationMethod"));
			assert_int_equal(di_method_key(vm, pks[i]), 0);
			assert_non_null(strstr(vm, (const char *)sqlite3_column_text(st, 1 + i)));
		}
		const char *whys[2];
		assert_int_equal(di_verify_set(cred, 2, (const uint8_t(*)[32])pks, whys), 0);
		json_decref(cred);
		checked++;
	}
	sqlite3_finalize(st);
	assert_int_equal(checked, sealed);
	assert_int_equal(demo_records(fx.st.db, NULL), ERR_OK);
	assert_int_equal(one("SELECT count(*) FROM records"), sealed);
	secret_unload();
}

int main(void)
{
	return unit_run(LOG_WARN, group_setup, group_teardown);
}
