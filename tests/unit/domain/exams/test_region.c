/* Unit tests of src/domain/exams/region.c: the region of the school
 * attended longest in grades 10-12, on histories with a transfer, with a
 * tie (the most recent wins), with stays outside the grades, and with no
 * upper-secondary stay at all (the pack's default, KV3). */
#include "unit.h"

#include "domain/exams/region.h"

static const struct exam_pack *pk;

static int setup(void **state)
{
	(void)state;
	if (exam_packs_init())
		return -1;
	pk = exam_pack_find("vn-thpt-2025");
	return pk ? 0 : -1;
}

UNIT_TEST_WITH(test_transfer_after_eight_months, setup, NULL)
{
	(void)state;
	/* Grade 10 at a KV1 school for 8 months, then grades 10-12 at a KV3
	 * school: the KV3 school was attended longest. */
	const struct exam_stay stays[] = {
		{1, "A", "A", "KV1", 10, 2023, "2023-09-05", "2024-05-05"},
		{2, "B", "B", "KV3", 10, 2023, "2024-05-05", "2024-05-31"},
		{2, "B", "B", "KV3", 11, 2024, "2024-09-05", "2025-05-31"},
		{2, "B", "B", "KV3", 12, 2025, "2025-09-05", NULL},
	};
	struct exam_region_result r;
	exam_region_decide(pk, stays, 4, "2026-05-01", &r);
	assert_int_equal(r.stay, 1);
	assert_string_equal(stays[r.stay].school, "B");
	assert_string_equal(r.region, "KV3");
	assert_int_equal(r.points, 0);
	/* 26 + 268 + 238 days. */
	assert_int_equal(r.days, 26 + 268 + 238);
	/* The other way round: eight months at the KV3 school, then the rest
	 * at the KV1 school: KV1, 0.75. */
	const struct exam_stay other[] = {
		{2, "B", "B", "KV3", 10, 2023, "2023-09-05", "2024-05-05"},
		{1, "A", "A", "KV1", 10, 2023, "2024-05-05", "2024-05-31"},
		{1, "A", "A", "KV1", 11, 2024, "2024-09-05", "2025-05-31"},
		{1, "A", "A", "KV1", 12, 2025, "2025-09-05", NULL},
	};
	exam_region_decide(pk, other, 4, "2026-05-01", &r);
	assert_string_equal(other[r.stay].school, "A");
	assert_string_equal(r.region, "KV1");
	assert_int_equal(r.points, 75);
}

UNIT_TEST_WITH(test_tie_goes_to_the_most_recent, setup, NULL)
{
	(void)state;
	/* 100 days each: the school attended last decides, whatever the
	 * order of the rows. */
	const struct exam_stay stays[] = {
		{7, "B", "B", "KV2", 11, 2024, "2024-09-01", "2024-12-10"},
		{5, "A", "A", "KV1", 10, 2023, "2023-09-01", "2023-12-10"},
	};
	struct exam_region_result r;
	exam_region_decide(pk, stays, 2, "2026-05-01", &r);
	assert_string_equal(stays[r.stay].school, "B");
	assert_string_equal(r.region, "KV2");
	assert_int_equal(r.points, 25);
	assert_int_equal(r.days, 100);
	const struct exam_stay swapped[] = {stays[1], stays[0]};
	exam_region_decide(pk, swapped, 2, "2026-05-01", &r);
	assert_string_equal(swapped[r.stay].school, "B");
	/* One day more at A and A wins. */
	const struct exam_stay longer[] = {
		{5, "A", "A", "KV1", 10, 2023, "2023-09-01", "2023-12-11"},
		{7, "B", "B", "KV2", 11, 2024, "2024-09-01", "2024-12-10"},
	};
	exam_region_decide(pk, longer, 2, "2026-05-01", &r);
	assert_string_equal(longer[r.stay].school, "A");
	assert_string_equal(r.region, "KV1");
}

UNIT_TEST_WITH(test_only_upper_secondary_counts, setup, NULL)
{
	(void)state;
	/* Nine years at a KV1 lower-secondary school count nothing; a school
	 * without a region counts as KV3. */
	const struct exam_stay stays[] = {
		{1, "L", "L", "KV1", 9, 2015, "2015-09-05", "2024-05-31"},
		{2, "U", "U", NULL, 10, 2024, "2024-09-05", NULL},
	};
	struct exam_region_result r;
	exam_region_decide(pk, stays, 2, "2025-01-05", &r);
	assert_string_equal(stays[r.stay].school, "U");
	assert_string_equal(r.region, "KV3");
	assert_int_equal(r.days, 122);
	/* An open stay counts up to today only; one that starts later, none. */
	const struct exam_stay future[] = {
		{3, "F", "F", "KV1", 10, 2026, "2026-09-05", NULL},
	};
	exam_region_decide(pk, future, 1, "2026-05-01", &r);
	assert_int_equal(r.days, 0);
	/* Nobody in upper secondary: the default region and no school. */
	exam_region_decide(pk, stays, 1, "2025-01-05", &r);
	assert_int_equal(r.stay, -1);
	assert_string_equal(r.region, "KV3");
	assert_int_equal(r.points, 0);
	exam_region_decide(pk, NULL, 0, "2025-01-05", &r);
	assert_int_equal(r.stay, -1);
}

UNIT_MAIN()
