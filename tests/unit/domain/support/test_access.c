/* Unit tests of src/domain/support/access.c and attachment.c that need no
 * store: how a reader stands to a ticket (up the tree, never sideways, the
 * origin read-only, the requester) and the check of an attachment's bytes. */
#include "unit.h"

#include "domain/support/access.h"
#include "domain/support/attachment.h"

static struct principal one(int64_t user, enum role role, int64_t org, const char *path)
{
	struct principal p = {.user_id = user, .ngrants = 1};
	p.grants[0] = (struct grant){.role = role, .org_id = org, .org_path = path};
	return p;
}

UNIT_TEST(test_role_of)
{
	(void)state;
	/* Filed at school /1/2/3/9/ by user 50, now at the district /1/2/3/. */
	struct support_ticket_ref t = {
		.requester_id = 50, .org_path = "/1/2/3/", .origin_path = "/1/2/3/9/"};
	const struct grant *g;
	struct principal district = one(1, ROLE_SUPPORT_AGENT, 3, "/1/2/3/");
	struct principal province = one(2, ROLE_PROVINCE_OFFICER, 2, "/1/2/");
	struct principal school = one(3, ROLE_SUPPORT_AGENT, 9, "/1/2/3/9/");
	struct principal sibling = one(4, ROLE_DISTRICT_OFFICER, 30, "/1/2/30/");
	struct principal teacher = one(5, ROLE_TEACHER, 9, "/1/2/3/9/");
	struct principal requester = one(50, ROLE_TEACHER, 9, "/1/2/3/9/");
	struct principal prefix = one(6, ROLE_SUPPORT_AGENT, 31, "/1/2/31/");
	struct principal national = {.user_id = 7, .ngrants = 1};
	national.grants[0] = (struct grant){.role = ROLE_MINISTRY_ADMIN};
	assert_int_equal(support_role_of(&district, &t, &g), SUPPORT_ACTING);
	assert_ptr_equal(g, &district.grants[0]);
	assert_int_equal(support_role_of(&province, &t, &g), SUPPORT_ACTING);
	assert_int_equal(support_role_of(&national, &t, &g), SUPPORT_ACTING);
	assert_int_equal(support_role_of(&school, &t, &g), SUPPORT_ORIGIN);
	assert_int_equal(support_role_of(&sibling, &t, &g), SUPPORT_ROLE_NONE);
	assert_null(g);
	assert_int_equal(support_role_of(&prefix, &t, &g), SUPPORT_ROLE_NONE);
	assert_int_equal(support_role_of(&teacher, &t, &g), SUPPORT_ROLE_NONE);
	assert_int_equal(support_role_of(&requester, &t, &g), SUPPORT_REQUESTER);
	assert_int_equal(support_role_of(NULL, &t, &g), SUPPORT_ROLE_NONE);
	struct access_decision d;
	support_decision(&school, SUPPORT_ORIGIN, &school.grants[0], &d);
	assert_true(d.allowed);
	support_decision(&sibling, SUPPORT_ROLE_NONE, NULL, &d);
	assert_false(d.allowed);
	assert_false(d.visible);
	assert_ptr_equal(d.grant, &sibling.grants[0]);
	/* Teachers are not support staff; principals and agents are. */
	assert_false(SUPPORT_STAFF & ROLE_BIT(ROLE_TEACHER));
	assert_true(SUPPORT_STAFF & ROLE_BIT(ROLE_SCHOOL_ADMIN));
	assert_true(SUPPORT_STAFF & ROLE_BIT(ROLE_SUPPORT_AGENT));
}

UNIT_TEST(test_attachment_check)
{
	(void)state;
	struct support_attachment_upload pdf = {.bytes = "%PDF-1.4\n%%EOF\n", .len = 15};
	assert_int_equal(support_attachment_check(&pdf), ERR_OK);
	assert_string_equal(pdf.media_type, "application/pdf");
	assert_int_equal(strlen(pdf.sha256), 64);
	struct support_attachment_upload html = {
		.bytes = "<!DOCTYPE html><html><body>x</body></html>", .len = 42};
	assert_int_not_equal(support_attachment_check(&html), ERR_OK);
	assert_string_equal(html.p.code, "unsupported_media_type");
	assert_string_equal(html.p.field, "file");
	struct support_attachment_upload empty = {.bytes = "", .len = 0};
	assert_int_not_equal(support_attachment_check(&empty), ERR_OK);
	assert_string_equal(empty.p.code, "required");
	struct support_attachment_upload big = {.bytes = "%PDF", .len = SUPPORT_ATTACHMENT_MAX + 1};
	assert_int_not_equal(support_attachment_check(&big), ERR_OK);
	assert_int_equal(big.p.status, 413);
}

UNIT_MAIN()
