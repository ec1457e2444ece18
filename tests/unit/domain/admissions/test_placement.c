/* Unit tests of src/domain/admissions/placement.c that need no store: the
 * cutoffs of a placement, and the explanation built from stored cutoffs. */
#include "unit.h"
#include "scratch.h"

#include "core/buf.h"
#include "domain/admissions/application.h"
#include "domain/admissions/input.h"
#include "domain/admissions/placement.h"
#include "domain/admissions/priority.h"

static uint64_t rng = 88172645463325252u;

static uint32_t next(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

/* Whether i ranks after j at school s (the engine's order). */
static bool after(const struct match_input *in, uint32_t s, uint32_t i, uint32_t j)
{
	uint32_t gi = placement_group_at(in, i, s), gj = placement_group_at(in, j, s);
	if (gi != gj)
		return gi > gj;
	if (in->lottery[i] != in->lottery[j])
		return in->lottery[i] > in->lottery[j];
	return in->tiebreak[i] > in->tiebreak[j];
}

/* A random instance: 4 schools of 0 to 2 seats, 7 applicants ranking up
 * to 4 of them, groups 0 to 2 or none, lotteries 0 to 9 (ties happen). */
static void random_input(struct buf *b)
{
	buf_puts(b, "{\"seed\": 1, \"schools\": [");
	for (int s = 0; s < 4; s++)
		buf_printf(b, "%s{\"id\": \"S%d\", \"capacity\": %u}", s ? ", " : "", s, next(3));
	buf_puts(b, "], \"applicants\": [");
	for (int i = 0; i < 7; i++) {
		int order[4] = {0, 1, 2, 3};
		for (int k = 3; k > 0; k--) {
			int j = (int)next((uint32_t)k + 1), t = order[k];
			order[k] = order[j];
			order[j] = t;
		}
		int n = (int)next(5);
		buf_printf(b, "%s{\"id\": \"A%d\", \"lottery\": %u, \"choices\": [", i ? ", " : "",
			   i, next(10));
		for (int k = 0; k < n; k++)
			buf_printf(b, "%s\"S%d\"", k ? ", " : "", order[k]);
		buf_puts(b, "], \"priority\": {");
		bool first = true;
		for (int s = 0; s < 4; s++) {
			uint32_t g = next(4);
			if (g < 3) {
				buf_printf(b, "%s\"S%d\": %u", first ? "" : ", ", s, g);
				first = false;
			}
		}
		buf_puts(b, "}}");
	}
	buf_puts(b, "]}");
}

/* On random instances: each school's cutoff is the worst it admitted,
 * and every school an applicant ranked above its placement was full with
 * a cutoff before the applicant (what the explanations promise). */
UNIT_TEST(test_cutoffs_explain_every_refusal)
{
	(void)state;
	for (int round = 0; round < 3000; round++) {
		struct buf b;
		buf_init(&b, 0);
		random_input(&b);
		struct match_input in;
		match_input_init(&in);
		assert_int_equal(match_input_decode(b.p, b.len, &in), ERR_OK);
		uint32_t school[7], last[4];
		uint64_t count[4];
		assert_int_equal(match_run(&in.m, school), ERR_OK);
		placement_cutoffs(&in, school, last, count);
		for (uint32_t s = 0; s < 4; s++) {
			assert_true(count[s] <= in.capacity[s]);
			assert_true((count[s] == 0) == (last[s] == MATCH_UNASSIGNED));
			for (uint32_t i = 0; i < 7; i++)
				if (school[i] == s && i != last[s])
					assert_true(after(&in, s, last[s], i));
		}
		for (uint32_t i = 0; i < 7; i++)
			for (size_t k = in.first[i]; k < in.first[i + 1]; k++) {
				uint32_t s = in.choices[k].school;
				if (s == school[i])
					break;
				assert_true(count[s] >= in.capacity[s]);
				if (last[s] != MATCH_UNASSIGNED)
					assert_true(after(&in, s, i, last[s]));
			}
		match_input_release(&in);
		buf_release(&b);
	}
}

UNIT_TEST_WITH(test_explain, scratch_setup, scratch_teardown)
{
	(void)state;
	const char *choices[] = {"S1", "S2", "S3"};
	struct application app = {
		.choices = choices,
		.nchoices = 3,
		.placed_known = true,
		.placed_school = "S2",
		.lottery = 600,
		.priority = "{\"S1\":3,\"S2\":2}",
		.cutoffs = "{\"S1\":{\"full\":true,\"group\":2,\"lottery\":412},"
			   "\"S2\":{\"full\":false,\"group\":null,\"lottery\":900},"
			   "\"S3\":{\"full\":false,\"group\":null,\"lottery\":null}}",
	};
	struct placement_explanation e;
	assert_int_equal(placement_explain(&a, &app, &e), ERR_OK);
	assert_int_equal(e.nabove, 1);
	assert_string_equal(e.above[0].school, "S1");
	assert_true(e.above[0].full && e.above[0].admitted);
	assert_int_equal(e.above[0].cut_group, 2);
	assert_int_equal(e.above[0].cut_lottery, 412);
	assert_int_equal(e.above[0].your_group, 3);
	assert_int_equal(e.above[0].your_lottery, 600);
	assert_non_null(e.placed);
	assert_string_equal(e.placed->school, "S2");
	assert_false(e.placed->full);
	assert_int_equal(e.placed->cut_group, PRIORITY_NONE);
	assert_int_equal(e.placed->cut_lottery, 900);
	assert_int_equal(e.placed->your_group, 2);
	/* Unplaced: every ranked school; one that admitted nobody. */
	app.placed_school = NULL;
	app.priority = NULL;
	assert_int_equal(placement_explain(&a, &app, &e), ERR_OK);
	assert_int_equal(e.nabove, 3);
	assert_null(e.placed);
	assert_false(e.above[2].admitted);
	assert_int_equal(e.above[1].your_group, PRIORITY_NONE);
	/* Before a run, or a run that kept no cutoffs: nothing to explain. */
	app.cutoffs = NULL;
	assert_int_equal(placement_explain(&a, &app, &e), ERR_NOTFOUND);
	app.placed_known = false;
	assert_int_equal(placement_explain(&a, &app, &e), ERR_NOTFOUND);
}

UNIT_MAIN()
