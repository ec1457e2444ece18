/* Unit tests of src/domain/exams/evidence.c that need no store: the
 * claims of a registration, who may act on it, kinds and accepted types,
 * and the check before an upload. */
#include "unit.h"
#include "scratch.h"

#include "domain/exams/evidence.h"

UNIT_TEST_WITH(test_claims, scratch_setup, scratch_teardown)
{
	(void)state;
	const char **v;
	int n = -1;
	struct exam_reg_ref r = {.category = "UT1",
				 .exemptions = "[\"foreign_language_certificate\"]"};
	assert_int_equal(exam_reg_claims(&a, &r, &v, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "category:UT1");
	assert_string_equal(v[1], "exemption:foreign_language_certificate");
	struct exam_reg_ref none = {.exemptions = "[]"};
	assert_int_equal(exam_reg_claims(&a, &none, &v, &n), ERR_OK);
	assert_int_equal(n, 0);
	struct exam_reg_ref objects = {.exemptions = "[{\"code\":\"x\"}, 7]"};
	assert_int_equal(exam_reg_claims(&a, &objects, &v, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "exemption:x");
}

UNIT_TEST_WITH(test_access, scratch_setup, scratch_teardown)
{
	(void)state;
	struct exam_reg_ref r = {.person_id = 42, .org_path = "/1/2/3/9/", .office_path = "/1/2/"};
	struct principal school = {.user_id = 1, .ngrants = 1};
	school.grants[0] =
		(struct grant){.role = ROLE_SCHOOL_ADMIN, .org_id = 9, .org_path = "/1/2/3/9/"};
	struct principal other = {.user_id = 2, .ngrants = 1};
	other.grants[0] =
		(struct grant){.role = ROLE_SCHOOL_ADMIN, .org_id = 10, .org_path = "/1/2/3/10/"};
	struct principal teacher = {.user_id = 3, .ngrants = 1};
	teacher.grants[0] =
		(struct grant){.role = ROLE_TEACHER, .org_id = 9, .org_path = "/1/2/3/9/"};
	struct principal self = {.user_id = 4, .person_id = 42, .ngrants = 1};
	self.grants[0] =
		(struct grant){.role = ROLE_CANDIDATE, .org_id = 9, .org_path = "/1/2/3/9/"};
	struct principal stranger = {.user_id = 5, .person_id = 43, .ngrants = 1};
	stranger.grants[0] = self.grants[0];
	struct principal province = {.user_id = 6, .ngrants = 1};
	province.grants[0] =
		(struct grant){.role = ROLE_PROVINCE_OFFICER, .org_id = 2, .org_path = "/1/2/"};
	struct {
		const struct principal *p;
		bool read, review;
	} cases[] = {{&school, true, true}, {&other, false, false},    {&teacher, false, false},
		     {&self, true, false},  {&stranger, false, false}, {&province, true, true}};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct actor by = {.who = cases[i].p, .arena = &a};
		struct access_decision d;
		bool reviewer;
		exam_reg_access(&by, &r, &d, &reviewer);
		assert_int_equal(d.allowed, cases[i].read);
		assert_int_equal(reviewer, cases[i].review);
	}
}

UNIT_TEST(test_kinds_and_types)
{
	(void)state;
	assert_true(exam_evidence_kind_valid("category"));
	assert_true(exam_evidence_kind_valid("exemption"));
	assert_false(exam_evidence_kind_valid("region"));
	assert_false(exam_evidence_kind_valid(NULL));
	assert_true(exam_evidence_media_accepted("application/pdf"));
	assert_true(exam_evidence_media_accepted("image/heic"));
	assert_false(exam_evidence_media_accepted("text/html"));
	assert_false(exam_evidence_media_accepted("application/zip"));
}

UNIT_TEST(test_upload_check)
{
	(void)state;
	struct exam_evidence_upload pdf = {.bytes = "%PDF-1.4\n%%EOF\n", .len = 15};
	assert_int_equal(exam_evidence_check(&pdf), ERR_OK);
	assert_string_equal(pdf.media_type, "application/pdf");
	assert_int_equal(strlen(pdf.sha256), 64);
	struct exam_evidence_upload html = {.bytes = "<html><script>x</script></html>", .len = 31};
	assert_int_not_equal(exam_evidence_check(&html), ERR_OK);
	assert_string_equal(html.p.code, "unsupported_media_type");
	assert_string_equal(html.p.field, "file");
	struct exam_evidence_upload empty = {.bytes = "", .len = 0};
	assert_int_not_equal(exam_evidence_check(&empty), ERR_OK);
	assert_string_equal(empty.p.code, "required");
}

UNIT_MAIN()
