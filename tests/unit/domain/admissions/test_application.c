/* Unit tests of src/domain/admissions/application.c: the ranked list's
 * rules and how it is stored. */
#include "unit.h"
#include "scratch.h"

#include "domain/admissions/application.h"

static struct round_school schools[] = {{.code = "S1"}, {.code = "S2"}, {.code = "S3"}};
static const struct round round2 = {.max_choices = 2, .schools = schools, .nschools = 3};

/* choices are refused with this code on this field. */
static void refused(const char *const *choices, int n, const char *code, const char *field)
{
	struct problem p = {0};
	assert_int_equal(application_choices_check(&round2, choices, n, &a, &p), ERR_INVALID);
	assert_string_equal(p.code, code);
	assert_string_equal(p.field, field);
}

UNIT_TEST_WITH(test_choices, scratch_setup, scratch_teardown)
{
	(void)state;
	struct problem p = {0};
	const char *two[] = {"S2", "S1"};
	assert_int_equal(application_choices_check(&round2, two, 2, &a, &p), ERR_OK);
	assert_int_equal(application_choices_check(&round2, two, 1, &a, &p), ERR_OK);
	refused(two, 0, "required", "choices");
	const char *three[] = {"S1", "S2", "S3"};
	refused(three, 3, "too_many", "choices");
	const char *unknown[] = {"S1", "X9"};
	refused(unknown, 2, "school_not_in_round", "choices[1]");
	const char *twice[] = {"S3", "S3"};
	refused(twice, 2, "duplicate", "choices[1]");
}

UNIT_TEST_WITH(test_stored_form, scratch_setup, scratch_teardown)
{
	(void)state;
	const char *in[] = {"S-2", "S.1", "s_3"};
	const char *text = application_choices_join(&a, in, 3);
	assert_string_equal(text, "S-2,S.1,s_3");
	const char **out;
	int n;
	assert_int_equal(application_choices_split(&a, text, &out, &n), ERR_OK);
	assert_int_equal(n, 3);
	for (int i = 0; i < 3; i++)
		assert_string_equal(out[i], in[i]);
	assert_string_equal(application_choices_join(&a, in, 1), "S-2");
	assert_int_equal(application_choices_split(&a, "S1", &out, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_string_equal(out[0], "S1");
	assert_int_equal(application_choices_split(&a, "", &out, &n), ERR_OK);
	assert_int_equal(n, 0);
}

UNIT_MAIN()
