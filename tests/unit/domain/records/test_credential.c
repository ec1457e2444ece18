/* Unit tests of src/domain/records/credential.c: results written as exact
 * decimal strings, the credentialSubject assembled from a class's facts
 * (its exact canonical form, pinned here, since every signed record
 * depends on it), the hash that tells a stale record, ids, and the
 * credential around a subject with its @context. */
#include "unit.h"

#include <sodium.h>

#include "core/jcs.h"
#include "domain/records/credential.h"
#include "domain/records/record.h"

UNIT_TEST(test_decimal)
{
	UNUSED(state);
	char d[16];
	record_decimal(840, 1, d);
	assert_string_equal(d, "8.4");
	record_decimal(800, 1, d);
	assert_string_equal(d, "8.0");
	record_decimal(1000, 1, d);
	assert_string_equal(d, "10.0");
	record_decimal(1725, 2, d);
	assert_string_equal(d, "17.25");
	record_decimal(1705, 2, d);
	assert_string_equal(d, "17.05");
	record_decimal(0, 2, d);
	assert_string_equal(d, "0.00");
	record_decimal(900, 0, d);
	assert_string_equal(d, "9");
}

UNIT_TEST(test_uuid)
{
	UNUSED(state);
	char a[RECORD_UUID_MAX], b[RECORD_UUID_MAX];
	record_uuid(a);
	record_uuid(b);
	assert_int_equal(strlen(a), 9 + 36);
	assert_memory_equal(a, "urn:uuid:", 9);
	assert_int_equal(a[9 + 14], '7');
	assert_non_null(strchr("89ab", a[9 + 19]));
	assert_string_not_equal(a, b);
	/* Time-ordered: made later, sorted later (the first 48 bits). */
	usleep(2000);
	record_uuid(b);
	assert_true(strcmp(a, b) < 0);
}

/* A VN class of one student: TOAN scored, GDTC by comment. */
static struct subject subjects[2] = {
	{.id = 1, .code = "TOAN", .name = "Toán", .name_en = "Mathematics", .scored = true},
	{.id = 2, .code = "GDTC", .name = "Giáo dục thể chất", .name_en = "Physical education"},
};
static struct gb_row rows[2];
static struct record_student student = {.person_id = 42,
					.given_name = "An",
					.family_name = "Nguyễn",
					.birth_date = "2013-03-04",
					.country = "VN",
					.national_id = "001213000042",
					.rows = rows};
static struct record_class klass = {
	.cls = {.id = 9,
		.org_id = 3,
		.school_year = 2025,
		.grade = 6,
		.name = "6A",
		.school = "S1",
		.policy = POLICY_VN_TT22},
	.school_name = "School One",
	.nsubjects = 2,
	.subjects = subjects,
	.n = 1,
	.students = &student,
};

static void grade(const char *toan, const char *gdtc)
{
	assert_int_equal(gb_decode(toan, strlen(toan), &rows[0]), ERR_OK);
	assert_int_equal(gb_decode(gdtc, strlen(gdtc), &rows[1]), ERR_OK);
}

static char *canonical(const json_t *j)
{
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(jcs_append(&b, j), 0);
	buf_append(&b, "", 1);
	return b.p;
}

UNIT_TEST(test_subject)
{
	UNUSED(state);
	grade("1=800,m=700,f=700|1=800,m=700,f=900", "p=1|p=1");
	bool complete = false;
	json_t *s = record_subject_json(&klass, &student, &complete);
	assert_non_null(s);
	assert_true(complete);
	char *text = canonical(s);
	/* Term I (8 + 14 + 21) / 6 = 7.2, term II 49 / 6 = 8.2, year (7.2 +
	 * 16.4) / 3 = 7.9; fewer than six scored subjects: chua_dat. */
	assert_string_equal(
		text,
		"{\"birthDate\":\"2013-03-04\",\"familyName\":\"Nguyễn\",\"givenName\":\"An\","
		"\"nationalId\":{\"country\":\"VN\",\"value\":\"001213000042\"},"
		"\"schoolRecord\":{\"class\":\"6A\",\"grade\":6,\"outcome\":{\"flaggedSubjects\":[]"
		","
		"\"result\":\"chua_dat\",\"termResults\":[\"chua_dat\",\"chua_dat\"]},"
		"\"policy\":\"vn-tt22\",\"schoolYear\":\"2025-2026\",\"subjects\":["
		"{\"code\":\"TOAN\",\"name\":\"Toán\",\"nameEn\":\"Mathematics\","
		"\"terms\":[\"7.2\",\"8.2\"],\"year\":\"7.9\"},"
		"{\"code\":\"GDTC\",\"name\":\"Giáo dục thể chất\",\"nameEn\":\"Physical "
		"education\","
		"\"terms\":[\"dat\",\"dat\"],\"year\":\"dat\"}],\"type\":\"SchoolYearRecord\"},"
		"\"tabulaId\":42}");
	free(text);
	char h1[RECORD_HASH_HEX], h2[RECORD_HASH_HEX];
	assert_int_equal(record_subject_hash(s, h1), 0);
	json_decref(s);
	/* The same facts, the same hash; one grade changed, another. */
	s = record_subject_json(&klass, &student, &complete);
	assert_int_equal(record_subject_hash(s, h2), 0);
	assert_string_equal(h1, h2);
	json_decref(s);
	grade("1=800,m=700,f=700|1=800,m=700,f=800", "p=1|p=1");
	s = record_subject_json(&klass, &student, &complete);
	assert_int_equal(record_subject_hash(s, h2), 0);
	assert_string_not_equal(h1, h2);
	json_decref(s);
	/* A missing final: incomplete, the year result null. */
	grade("1=800,m=700,f=700|1=800,m=700", "p=1|p=0");
	s = record_subject_json(&klass, &student, &complete);
	assert_false(complete);
	json_t *sub0 =
		json_array_get(json_object_get(json_object_get(s, "schoolRecord"), "subjects"), 0);
	assert_true(json_is_null(json_object_get(sub0, "year")));
	json_decref(s);
}

UNIT_TEST(test_attendance_and_ir20)
{
	UNUSED(state);
	grade("1=800,m=700,f=700|1=800,m=700,f=900", "p=1|p=1");
	/* Attendance appears only once some was taken. */
	student.attended[0] = true;
	student.attendance[0][RECORD_ATT_PRESENT] = 160;
	student.attendance[0][RECORD_ATT_UNEXCUSED] = 2;
	bool complete;
	json_t *s = record_subject_json(&klass, &student, &complete);
	json_t *att = json_object_get(json_object_get(s, "schoolRecord"), "attendance");
	assert_non_null(json_object_get(att, "daily"));
	assert_null(json_object_get(att, "byPeriod"));
	assert_int_equal(json_integer_value(
				 json_object_get(json_object_get(att, "daily"), "absentUnexcused")),
			 2);
	json_decref(s);
	memset(student.attendance, 0, sizeof(student.attendance));
	student.attended[0] = false;

	/* ir-20: scores and the unit-weighted average with two decimals. */
	struct subject ir[2] = {
		{.id = 1,
		 .code = "MATH",
		 .name = "ریاضیات",
		 .name_en = "Mathematics",
		 .scored = true,
		 .units = 3},
		{.id = 2,
		 .code = "FA",
		 .name = "فارسی",
		 .name_en = "Persian",
		 .scored = true,
		 .units = 1},
	};
	struct record_class k = klass;
	k.cls.policy = POLICY_IR_20;
	k.subjects = ir;
	grade("s=1700|s=1800", "s=950|s=950");
	s = record_subject_json(&k, &student, &complete);
	assert_true(complete);
	json_t *rec = json_object_get(s, "schoolRecord");
	json_t *math = json_array_get(json_object_get(rec, "subjects"), 0);
	assert_string_equal(json_string_value(json_object_get(math, "year")), "18.00");
	assert_int_equal(json_integer_value(json_object_get(math, "units")), 3);
	json_t *out = json_object_get(rec, "outcome");
	/* (3 * 18 + 9.5) / 4 = 15.875 -> 15.88; FA below 10: failed. */
	assert_string_equal(json_string_value(json_object_get(out, "average")), "15.88");
	assert_string_equal(json_string_value(json_object_get(out, "result")), "failed");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(out, "flaggedSubjects"), 0)),
		"FA");
	json_decref(s);
}

UNIT_TEST(test_credential)
{
	UNUSED(state);
	json_t *subject = json_pack("{s:i}", "tabulaId", 42);
	struct record_doc d = {.uuid = "urn:uuid:00000000-0000-4000-8000-000000000001",
			       .school_name = "School One",
			       .school_code = "S1",
			       .subject = subject};
	json_t *draft = record_credential(&d);
	assert_null(json_object_get(json_object_get(draft, "issuer"), "id"));
	assert_null(json_object_get(draft, "validFrom"));
	assert_null(json_object_get(draft, "previousVersion"));
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(draft, "@context"), 0)),
		RECORD_CONTEXT_VC);
	assert_string_equal(json_string_value(json_array_get(json_object_get(draft, "type"), 1)),
			    "SchoolRecordCredential");
	d.issuer_did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
	d.valid_from = 1780000000;
	d.previous = "urn:uuid:00000000-0000-4000-8000-000000000000";
	json_t *signed_doc = record_credential(&d);
	const char *first =
		json_object_iter_key(json_object_iter(json_object_get(signed_doc, "issuer")));
	assert_string_equal(first, "id");
	assert_string_equal(json_string_value(json_object_get(signed_doc, "validFrom")),
			    "2026-05-28T20:26:40Z");
	assert_string_equal(json_string_value(json_object_get(signed_doc, "previousVersion")),
			    d.previous);
	assert_true(json_equal(json_object_get(signed_doc, "credentialSubject"), subject));
	json_decref(draft);
	json_decref(signed_doc);
	json_decref(subject);
}

/* The credential's @context, the same list in the same order wherever it
 * is written: the JSON document, the canonical bytes, record_context_json
 * (what proofs carry). */
UNIT_TEST(test_context)
{
	UNUSED(state);
	json_t *want = json_pack("[s,s]", "https://www.w3.org/ns/credentials/v2",
				 "https://tabula.example/ns/records/v1");
	json_t *ctx = record_context_json();
	assert_true(json_equal(ctx, want));
	json_t *subject = json_pack("{s:i}", "tabulaId", 42);
	struct record_doc d = {.uuid = "urn:uuid:1",
			       .school_name = "School One",
			       .school_code = "S1",
			       .subject = subject};
	json_t *cred = record_credential(&d);
	assert_true(json_equal(json_object_get(cred, "@context"), want));
	struct buf b = BUF_INIT(1 << 20);
	const char *text = "{\"tabulaId\":42}";
	assert_int_equal(record_doc_write(&d, text, strlen(text), &b), 0);
	json_error_t e;
	json_t *back = json_loadb(b.p, b.len, 0, &e);
	assert_non_null(back);
	assert_true(json_equal(json_object_get(back, "@context"), want));
	assert_true(json_equal(back, cred));
	buf_release(&b);
	json_decref(back);
	json_decref(cred);
	json_decref(subject);
	json_decref(ctx);
	json_decref(want);
}

/* What record_subject_write and record_doc_write write is exactly what RFC
 * 8785 makes of the same values (jcs_append), for every policy and every
 * optional member: the bytes signed and stored are canonical. */
static void assert_canonical(const char *p, size_t n)
{
	json_error_t e;
	json_t *j = json_loadb(p, n, 0, &e);
	assert_non_null(j);
	char *again = canonical(j);
	if (strlen(again) != n || memcmp(again, p, n))
		fail_msg("not canonical:\n%.*s\n%s", (int)n, p, again);
	free(again);
	json_decref(j);
}

UNIT_TEST(test_canonical_writers)
{
	UNUSED(state);
	struct subject tt27[2] = {
		{.id = 1,
		 .code = "TV",
		 .name = "Tiếng Việt",
		 .name_en = "Vietnamese",
		 .scored = true},
		{.id = 2, .code = "DD", .name = "Đạo đức", .name_en = "Ethics"},
	};
	struct subject ir[2] = {
		{.id = 1,
		 .code = "FA",
		 .name = "فارسی \"ادبیات\"",
		 .name_en = "Persian\n",
		 .scored = true,
		 .units = 2},
		{.id = 2,
		 .code = "MATH",
		 .name = "ریاضی",
		 .name_en = "Mathematics",
		 .scored = true},
	};
	struct {
		int policy;
		struct subject *subjects;
		const char *a, *b;
		bool attended;
		const char *nid;
	} cases[] = {
		{POLICY_VN_TT22, subjects, "1=800,m=700,f=700|1=800,m=700,f=900", "p=1|p=0", true,
		 "001213000042"},
		{POLICY_VN_TT27, tt27, "l=0|l=0,t=900", "l=1|l=2", false, NULL},
		{POLICY_IR_DESCRIPTIVE, ir, "l=0|l=3", "l=1|l=1", true, ""},
		{POLICY_IR_20, ir, "s=1725|s=1900", "s=950", false, "0012345679"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct record_class k = klass;
		k.cls.policy = cases[i].policy;
		k.subjects = cases[i].subjects;
		grade(cases[i].a, cases[i].b);
		student.national_id = cases[i].nid;
		student.attended[0] = student.attended[1] = cases[i].attended;
		student.attendance[1][RECORD_ATT_LATE] = cases[i].attended ? 3 : 0;
		struct buf sb = BUF_INIT(1 << 20), db = BUF_INIT(1 << 20);
		bool complete;
		assert_int_equal(record_subject_write(&k, &student, &sb, &complete), 0);
		assert_canonical(sb.p, sb.len);
		/* The hash is of those bytes, whichever way it is computed. */
		json_t *subject = record_subject_json(&k, &student, &complete);
		char h1[RECORD_HASH_HEX], h2[RECORD_HASH_HEX];
		record_hash_hex(sb.p, sb.len, h1);
		assert_int_equal(record_subject_hash(subject, h2), 0);
		assert_string_equal(h1, h2);
		/* The document: a draft, a signed one, a correction. */
		struct record_doc docs[] = {
			{.uuid = "urn:uuid:1",
			 .school_name = "Trường \"A\"",
			 .school_code = "S1",
			 .subject = subject},
			{.uuid = "urn:uuid:2",
			 .issuer_did = "did:key:z6Mk",
			 .school_name = "S",
			 .school_code = "S1",
			 .valid_from = 1780000000,
			 .subject = subject},
			{.uuid = "urn:uuid:3",
			 .issuer_did = "did:key:z6Mk",
			 .school_name = "S",
			 .school_code = "S1",
			 .valid_from = 1780000000,
			 .previous = "urn:uuid:2",
			 .subject = subject},
		};
		for (size_t d = 0; d < ARRAY_SIZE(docs); d++) {
			buf_reset(&db);
			assert_int_equal(record_doc_write(&docs[d], sb.p, sb.len, &db), 0);
			json_t *cred = record_credential(&docs[d]);
			char *want = canonical(cred);
			assert_string_equal(db.p, want);
			free(want);
			json_decref(cred);
		}
		json_decref(subject);
		buf_release(&sb);
		buf_release(&db);
	}
	student.national_id = "001213000042";
	student.attended[0] = student.attended[1] = false;
	memset(student.attendance, 0, sizeof(student.attendance));
}

/* vn-tt27's qualities and competences under their English keys, and the
 * teacher's term II comment on each subject (vn-tt27, ir-descriptive),
 * pinned: a signed record depends on these bytes. */
static char *subject_text(const struct record_class *k, const struct record_student *s,
			  bool *complete)
{
	struct buf b = BUF_INIT(1 << 20);
	assert_int_equal(record_subject_write(k, s, &b, complete), 0);
	assert_canonical(b.p, b.len);
	buf_append(&b, "", 1);
	return b.p;
}

UNIT_TEST(test_qualities_and_comments)
{
	UNUSED(state);
	struct subject tt27[2] = {
		{.id = 1,
		 .code = "TV",
		 .name = "Tiếng Việt",
		 .name_en = "Vietnamese",
		 .scored = true},
		{.id = 2, .code = "DD", .name = "Đạo đức", .name_en = "Ethics"},
	};
	struct record_class k = klass;
	k.cls.policy = POLICY_VN_TT27;
	k.cls.grade = 3;
	k.cls.name = "3A";
	k.subjects = tt27;
	grade("l=0|l=0,t=900", "l=1|l=1");
	const char *comments[2] = {"Đọc lưu loát,\n\"viết\" đẹp.", NULL};
	struct record_student st = student;
	st.national_id = NULL;
	st.comments = comments;
	gb_qualities_init(&st.qualities);
	for (int i = 0; i < TT27_QUALITIES_REQUIRED; i++)
		st.qualities.v[1][i] = TT27_TOT;
	st.qualities.v[0][0] = TT27_DAT;			      /* yeu_nuoc, term I */
	st.qualities.v[1][4] = TT27_DAT;			      /* trach_nhiem */
	st.qualities.v[1][tt27_quality_parse("ngon_ngu")] = TT27_CCG; /* counts once rated */
	bool complete = false;
	char *text = subject_text(&k, &st, &complete);
	assert_true(complete);
	assert_string_equal(
		text,
		"{\"birthDate\":\"2013-03-04\",\"familyName\":\"Nguyễn\",\"givenName\":\"An\","
		"\"schoolRecord\":{\"class\":\"3A\",\"competences\":{"
		"\"communicationCollaboration\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"},"
		"\"language\":{\"terms\":[null,\"can_co_gang\"],\"year\":\"can_co_gang\"},"
		"\"problemSolvingCreativity\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"},"
		"\"selfDirectedLearning\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"}},"
		"\"grade\":3,\"outcome\":{\"flaggedSubjects\":[],\"result\":\"chua_hoan_thanh\","
		"\"termResults\":[\"incomplete\",\"chua_hoan_thanh\"]},\"policy\":\"vn-tt27\","
		"\"qualities\":{"
		"\"compassion\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"},"
		"\"diligence\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"},"
		"\"honesty\":{\"terms\":[null,\"tot\"],\"year\":\"tot\"},"
		"\"patriotism\":{\"terms\":[\"dat\",\"tot\"],\"year\":\"tot\"},"
		"\"responsibility\":{\"terms\":[null,\"dat\"],\"year\":\"dat\"}},"
		"\"schoolYear\":\"2025-2026\",\"subjects\":["
		"{\"code\":\"TV\",\"comment\":\"Đọc lưu loát,\\n\\\"viết\\\" đẹp.\","
		"\"name\":\"Tiếng Việt\",\"nameEn\":\"Vietnamese\","
		"\"terms\":[\"hoan_thanh_tot\",\"hoan_thanh_tot\"],\"test\":9,"
		"\"year\":\"hoan_thanh_tot\"},"
		"{\"code\":\"DD\",\"name\":\"Đạo đức\",\"nameEn\":\"Ethics\","
		"\"terms\":[\"hoan_thanh\",\"hoan_thanh\"],\"year\":\"hoan_thanh\"}],"
		"\"type\":\"SchoolYearRecord\"},\"tabulaId\":42}");
	free(text);
	/* Every quality rated: fifteen keys, all canonical; none rated: two
	 * empty groups. */
	for (int t = 0; t < GB_TERMS; t++)
		for (int i = 0; i < GB_QUALITIES; i++)
			st.qualities.v[t][i] = (t + i) % 3;
	text = subject_text(&k, &st, &complete);
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	json_t *rec = json_object_get(j, "schoolRecord");
	assert_int_equal(json_object_size(json_object_get(rec, "qualities")), 5);
	assert_int_equal(json_object_size(json_object_get(rec, "competences")), 10);
	json_decref(j);
	free(text);
	gb_qualities_init(&st.qualities);
	text = subject_text(&k, &st, &complete);
	assert_false(complete);
	assert_non_null(strstr(text, "\"competences\":{},"));
	assert_non_null(strstr(text, "\"qualities\":{},"));
	free(text);

	/* ir-descriptive: the comments, no qualities. */
	struct subject ir[2] = {
		{.id = 1, .code = "FA", .name = "فارسی", .name_en = "Persian", .scored = true},
		{.id = 2,
		 .code = "MATH",
		 .name = "ریاضی",
		 .name_en = "Mathematics",
		 .scored = true},
	};
	k.cls.policy = POLICY_IR_DESCRIPTIVE;
	k.cls.grade = 4;
	k.cls.name = "4A";
	k.subjects = ir;
	grade("l=0|l=1", "l=2|l=3");
	comments[0] = NULL;
	comments[1] = "جدول ضرب را تمرین کند.";
	st.qualities.v[1][0] = TT27_TOT; /* not the policy's: not written */
	text = subject_text(&k, &st, &complete);
	assert_true(complete);
	assert_string_equal(
		text,
		"{\"birthDate\":\"2013-03-04\",\"familyName\":\"Nguyễn\",\"givenName\":\"An\","
		"\"schoolRecord\":{\"class\":\"4A\",\"grade\":4,\"outcome\":{"
		"\"flaggedSubjects\":[\"MATH\"],\"result\":\"remedial\","
		"\"termResults\":[\"promoted\",\"remedial\"]},\"policy\":\"ir-descriptive\","
		"\"schoolYear\":\"2025-2026\",\"subjects\":["
		"{\"code\":\"FA\",\"name\":\"فارسی\",\"nameEn\":\"Persian\","
		"\"terms\":[\"very_good\",\"good\"],\"year\":\"good\"},"
		"{\"code\":\"MATH\",\"comment\":\"جدول ضرب را تمرین کند.\",\"name\":\"ریاضی\","
		"\"nameEn\":\"Mathematics\",\"terms\":[\"acceptable\",\"needs_effort\"],"
		"\"year\":\"needs_effort\"}],\"type\":\"SchoolYearRecord\"},\"tabulaId\":42}");
	free(text);
	/* vn-tt22 keeps no comments on the record. */
	k.cls.policy = POLICY_VN_TT22;
	k.subjects = subjects;
	grade("1=800,m=700,f=700|1=800,m=700,f=900", "p=1|p=1");
	comments[0] = "x";
	text = subject_text(&k, &st, &complete);
	assert_null(strstr(text, "comment"));
	assert_null(strstr(text, "qualities"));
	free(text);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
