/* Unit tests of src/domain/admissions/match.c: deferred acceptance on
 * worked examples, and against every matching of many small instances. */
#include "unit.h"

#include "domain/admissions/match.h"

#define NO MATCH_NO_GROUP
#define UN MATCH_UNASSIGNED

/* A small instance written out: up to 8 schools and 8 applicants, lists
 * of up to 8 choices. */
struct small {
	uint32_t ns, n;
	uint32_t capacity[8];
	uint64_t lottery[8];
	uint32_t tiebreak[8];
	bool use_tiebreak;
	uint32_t len[8];
	struct match_choice list[8][8];
	/* built by small_instance */
	size_t first[9];
	struct match_choice choices[64];
};

static struct match_instance small_instance(struct small *x)
{
	size_t k = 0;
	for (uint32_t a = 0; a < x->n; a++) {
		x->first[a] = k;
		for (uint32_t j = 0; j < x->len[a]; j++)
			x->choices[k++] = x->list[a][j];
	}
	x->first[x->n] = k;
	return (struct match_instance){.n_schools = x->ns,
				       .capacity = x->capacity,
				       .n_applicants = x->n,
				       .lottery = x->lottery,
				       .tiebreak = x->use_tiebreak ? x->tiebreak : NULL,
				       .first = x->first,
				       .choices = x->choices};
}

static void run_small(struct small *x, uint32_t *out)
{
	struct match_instance m = small_instance(x);
	assert_int_equal(match_run(&m, out), ERR_OK);
}

/* ---- the reference: the definitions, checked directly ---- */

/* Where applicant a ranks school s: 0 best; len[a] for not listed (or
 * unassigned: no school at all is worse than any listed one). */
static uint32_t pref(const struct small *x, uint32_t a, uint32_t s)
{
	for (uint32_t j = 0; j < x->len[a]; j++)
		if (x->list[a][j].school == s)
			return j;
	return x->len[a];
}

static uint32_t group_at(const struct small *x, uint32_t a, uint32_t s)
{
	for (uint32_t j = 0; j < x->len[a]; j++)
		if (x->list[a][j].school == s)
			return x->list[a][j].group;
	return NO;
}

/* True if school s ranks applicant a before applicant b. */
static bool before(const struct small *x, uint32_t s, uint32_t a, uint32_t b)
{
	uint32_t ga = group_at(x, a, s), gb = group_at(x, b, s);
	if (ga != gb)
		return ga < gb;
	if (x->lottery[a] != x->lottery[b])
		return x->lottery[a] < x->lottery[b];
	if (x->use_tiebreak && x->tiebreak[a] != x->tiebreak[b])
		return x->tiebreak[a] < x->tiebreak[b];
	return a < b;
}

/* Stable: each applicant is placed at a school it listed (individually
 * rational) within capacity, and no applicant prefers a school that has
 * a free seat (non-wasteful) or holds someone it ranks lower (no
 * justified envy). */
static bool stable(const struct small *x, const uint32_t *mu)
{
	uint32_t count[8] = {0};
	for (uint32_t a = 0; a < x->n; a++) {
		if (mu[a] == UN)
			continue;
		if (pref(x, a, mu[a]) == x->len[a] || ++count[mu[a]] > x->capacity[mu[a]])
			return false;
	}
	for (uint32_t a = 0; a < x->n; a++) {
		uint32_t mine = mu[a] == UN ? x->len[a] : pref(x, a, mu[a]);
		for (uint32_t j = 0; j < mine; j++) {
			uint32_t s = x->list[a][j].school;
			if (count[s] < x->capacity[s])
				return false;
			for (uint32_t b = 0; b < x->n; b++)
				if (mu[b] == s && before(x, s, a, b))
					return false;
		}
	}
	return true;
}

/* Every matching of x (each applicant at one of its listed schools or
 * nowhere, within capacity), the stable ones handed to check. */
struct enumeration {
	const struct small *x;
	const uint32_t *da;
	uint32_t mu[8], count[8];
	int stable_found;
	bool da_found;
};

static void enumerate(struct enumeration *e, uint32_t a)
{
	const struct small *x = e->x;
	if (a == x->n) {
		if (!stable(x, e->mu))
			return;
		e->stable_found++;
		bool same = true;
		for (uint32_t b = 0; b < x->n; b++) {
			uint32_t got = e->da[b] == UN ? x->len[b] : pref(x, b, e->da[b]);
			uint32_t other = e->mu[b] == UN ? x->len[b] : pref(x, b, e->mu[b]);
			/* applicant-optimal: DA's school is as good as any stable one */
			assert_true(got <= other);
			same = same && e->da[b] == e->mu[b];
		}
		e->da_found = e->da_found || same;
		return;
	}
	e->mu[a] = UN;
	enumerate(e, a + 1);
	for (uint32_t j = 0; j < x->len[a]; j++) {
		uint32_t s = x->list[a][j].school;
		if (e->count[s] == x->capacity[s])
			continue;
		e->count[s]++;
		e->mu[a] = s;
		enumerate(e, a + 1);
		e->count[s]--;
	}
}

/* ---- worked examples ---- */

/* Boston (immediate acceptance), for the comparison: round r, every
 * unplaced applicant applies to its r-th school, which takes the best of
 * them into its remaining seats for good. */
static void boston(const struct small *x, uint32_t *mu)
{
	uint32_t left[8];
	for (uint32_t s = 0; s < x->ns; s++)
		left[s] = x->capacity[s];
	for (uint32_t a = 0; a < x->n; a++)
		mu[a] = UN;
	for (uint32_t r = 0; r < 8; r++) {
		for (uint32_t s = 0; s < x->ns; s++) {
			for (;;) {
				uint32_t best = UN;
				for (uint32_t a = 0; a < x->n; a++)
					if (mu[a] == UN && r < x->len[a] &&
					    x->list[a][r].school == s &&
					    (best == UN || before(x, s, a, best)))
						best = a;
				if (best == UN || !left[s])
					break;
				mu[best] = s;
				left[s]--;
			}
		}
	}
}

/* Abdulkadiroglu and Sonmez (2003): three applicants, three one-seat
 * schools. i1: s2 s1 s3; i2: s1 s2 s3; i3: s1 s2 s3. Priorities:
 * s1: i1 > i3 > i2; s2: i2 > i1 > i3; s3: i3 > i1 > i2. Boston gives
 * i1-s2, i2-s3, i3-s1, where i2 envies i1 at s2 with justice (and would
 * have done better by ranking s2 first); DA gives i1-s1, i2-s2, i3-s3,
 * stable, and truth-telling is safe. */
UNIT_TEST(test_textbook)
{
	UNUSED(state);
	struct small x = {
		.ns = 3,
		.n = 3,
		.capacity = {1, 1, 1},
		.lottery = {0, 0, 0},
		.len = {3, 3, 3},
		.list = {{{1, 2}, {0, 1}, {2, 2}},  /* i1: s2 s1 s3 */
			 {{0, 3}, {1, 1}, {2, 3}},  /* i2: s1 s2 s3 */
			 {{0, 2}, {1, 3}, {2, 1}}}, /* i3: s1 s2 s3 */
	};
	uint32_t da[3], bo[3];
	run_small(&x, da);
	assert_int_equal(da[0], 0);
	assert_int_equal(da[1], 1);
	assert_int_equal(da[2], 2);
	assert_true(stable(&x, da));
	boston(&x, bo);
	assert_int_equal(bo[0], 1);
	assert_int_equal(bo[1], 2);
	assert_int_equal(bo[2], 0);
	assert_false(stable(&x, bo));

	/* Under Boston i2 gains by lying (s2 first); under DA it cannot. */
	struct small lie = x;
	lie.list[1][0] = x.list[1][1];
	lie.list[1][1] = x.list[1][0];
	boston(&lie, bo);
	assert_int_equal(bo[1], 1);
	run_small(&lie, da);
	assert_int_equal(da[1], 1); /* the same school it got by telling the truth */
}

/* One seat, one group: the lower lottery number wins; equal numbers go to
 * the lower tie-break, then to the lower index. */
UNIT_TEST(test_lottery_ties)
{
	UNUSED(state);
	struct small x = {
		.ns = 1,
		.n = 3,
		.capacity = {1},
		.lottery = {30, 10, 20},
		.len = {1, 1, 1},
		.list = {{{0, NO}}, {{0, NO}}, {{0, NO}}},
	};
	uint32_t mu[3];
	run_small(&x, mu);
	assert_int_equal(mu[0], UN);
	assert_int_equal(mu[1], 0);
	assert_int_equal(mu[2], UN);

	x.lottery[0] = x.lottery[1] = x.lottery[2] = 5;
	run_small(&x, mu);
	assert_int_equal(mu[0], 0); /* no tie-break: the lowest index */

	x.use_tiebreak = true;
	x.tiebreak[0] = 9;
	x.tiebreak[1] = 4;
	x.tiebreak[2] = 7;
	run_small(&x, mu);
	assert_int_equal(mu[1], 0);
	assert_int_equal(mu[0], UN);
	assert_int_equal(mu[2], UN);
}

/* Groups come before the lottery; no group ranks after every group. */
UNIT_TEST(test_groups)
{
	UNUSED(state);
	struct small x = {
		.ns = 2,
		.n = 3,
		.capacity = {1, 1},
		.lottery = {1, 2, 3},
		.len = {2, 2, 2},
		/* A0 has no group at s0 and the best number; A2 group 7; A1 group 0 at s1. */
		.list = {{{0, NO}, {1, NO}}, {{1, 0}, {0, NO}}, {{0, 7}, {1, NO}}},
	};
	uint32_t mu[3];
	run_small(&x, mu);
	assert_int_equal(mu[2], 0); /* group 7 beats no group with a better number */
	assert_int_equal(mu[1], 1); /* group 0 at s1 */
	assert_int_equal(mu[0], UN);

	x.list[0][0].group = 3; /* now A0 has group 3 at s0: lower than 7 */
	run_small(&x, mu);
	assert_int_equal(mu[0], 0);
	assert_int_equal(mu[2], UN); /* s1 is held by A1's group 0 */
	assert_int_equal(mu[1], 1);
}

/* A school of capacity 0 takes no one; an applicant with no choices is
 * placed nowhere; the others are unaffected. */
UNIT_TEST(test_capacity_zero_and_no_choices)
{
	UNUSED(state);
	struct small x = {
		.ns = 2,
		.n = 3,
		.capacity = {0, 2},
		.lottery = {1, 2, 3},
		.len = {2, 0, 1},
		.list = {{{0, 0}, {1, NO}}, {{0, 0}}, {{0, NO}}},
	};
	uint32_t mu[3];
	run_small(&x, mu);
	assert_int_equal(mu[0], 1);
	assert_int_equal(mu[1], UN);
	assert_int_equal(mu[2], UN);
	assert_true(stable(&x, mu));
}

/* Capacity past the number of applicants costs nothing; duplicate choices
 * are harmless; no schools or no applicants at all are fine. */
UNIT_TEST(test_edges)
{
	UNUSED(state);
	struct small x = {
		.ns = 2,
		.n = 2,
		.capacity = {UINT32_MAX, 1},
		.lottery = {1, 2},
		.len = {3, 2},
		.list = {{{1, NO}, {1, NO}, {0, NO}}, {{1, 0}, {0, NO}}},
	};
	uint32_t mu[2] = {7, 7};
	run_small(&x, mu);
	assert_int_equal(mu[0], 0);
	assert_int_equal(mu[1], 1);

	struct match_instance empty = {0};
	assert_int_equal(match_run(&empty, mu), ERR_OK);
	struct small none = {.ns = 0, .n = 2, .lottery = {1, 2}, .len = {0, 0}};
	run_small(&none, mu);
	assert_int_equal(mu[0], UN);
	assert_int_equal(mu[1], UN);
}

/* Malformed instances are refused and the output is left alone. */
UNIT_TEST(test_invalid)
{
	UNUSED(state);
	struct small x = {
		.ns = 1,
		.n = 2,
		.capacity = {1},
		.lottery = {1, 2},
		.len = {1, 1},
		.list = {{{0, NO}}, {{0, NO}}},
	};
	uint32_t mu[2] = {42, 42};
	struct match_instance m = small_instance(&x);
	x.choices[1].school = 1; /* out of range */
	assert_int_equal(match_run(&m, mu), ERR_INVALID);
	x.choices[1].school = 0;
	x.first[0] = 1;
	assert_int_equal(match_run(&m, mu), ERR_INVALID);
	x.first[0] = 0;
	x.first[1] = 3; /* decreasing: first[2] is 2 */
	assert_int_equal(match_run(&m, mu), ERR_INVALID);
	x.first[1] = 1;
	struct match_instance no_lottery = m;
	no_lottery.lottery = NULL;
	assert_int_equal(match_run(&no_lottery, mu), ERR_INVALID);
	struct match_instance no_capacity = m;
	no_capacity.capacity = NULL;
	assert_int_equal(match_run(&no_capacity, mu), ERR_INVALID);
	assert_int_equal(mu[0], 42);
	assert_int_equal(match_run(&m, mu), ERR_OK);
	assert_int_equal(mu[0], 0);
}

/* ---- brute force ---- */

static uint64_t rng_state = 0x5eed;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return (uint32_t)(rng() % n);
}

static void random_instance(struct small *x)
{
	memset(x, 0, sizeof(*x));
	x->ns = 2 + below(3);
	x->n = 3 + below(5);
	for (uint32_t s = 0; s < x->ns; s++)
		x->capacity[s] = below(6) ? 1 : 2 * below(2); /* mostly 1, some 0 and 2 */
	x->use_tiebreak = below(2);
	for (uint32_t a = 0; a < x->n; a++) {
		x->lottery[a] = below(4); /* few numbers: many ties */
		x->tiebreak[a] = below(3);
		uint32_t order[8];
		for (uint32_t s = 0; s < x->ns; s++)
			order[s] = s;
		for (uint32_t s = x->ns - 1; s > 0; s--) {
			uint32_t t = below(s + 1), tmp = order[s];
			order[s] = order[t];
			order[t] = tmp;
		}
		x->len[a] = below(8) ? 1 + below(x->ns) : 0;
		for (uint32_t j = 0; j < x->len[a]; j++)
			x->list[a][j] = (struct match_choice){order[j], below(4) ? below(10) : NO};
	}
}

/* For many random small instances: DA's matching is stable, and every
 * applicant likes it at least as much as any other stable matching. */
UNIT_TEST(test_brute_force)
{
	UNUSED(state);
	int instances = 20000, with_several = 0;
	for (int i = 0; i < instances; i++) {
		struct small x;
		random_instance(&x);
		uint32_t da[8];
		run_small(&x, da);
		assert_true(stable(&x, da));
		struct enumeration e = {.x = &x, .da = da};
		enumerate(&e, 0);
		assert_true(e.da_found);
		assert_true(e.stable_found >= 1);
		with_several += e.stable_found > 1;
	}
	/* The property is only tested where there is a choice to make. */
	print_message("%d of %d instances have several stable matchings\n", with_several,
		      instances);
	assert_true(with_several > instances / 50);
}

/* The lottery order against a comparison sort: big and small numbers,
 * many ties, with and without a tie-break. */
struct ref {
	uint64_t lottery;
	uint32_t tiebreak, index;
};

static int ref_cmp(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	if (a->lottery != b->lottery)
		return a->lottery < b->lottery ? -1 : 1;
	if (a->tiebreak != b->tiebreak)
		return a->tiebreak < b->tiebreak ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

UNIT_TEST(test_lottery_order)
{
	UNUSED(state);
	enum { N = 5000 };
	static uint64_t lottery[N];
	static uint32_t tiebreak[N], order[N];
	static struct ref want[N];
	for (int round = 0; round < 8; round++) {
		uint32_t n = round == 0 ? 0 : round == 1 ? 1 : N - below(100);
		bool use_tiebreak = round % 2;
		for (uint32_t i = 0; i < n; i++) {
			lottery[i] = round < 4 ? below(50) : rng() >> (round == 7 ? 0 : 11);
			tiebreak[i] = round == 5 ? below(3) : (uint32_t)rng();
			want[i] = (struct ref){lottery[i], use_tiebreak ? tiebreak[i] : 0, i};
		}
		qsort(want, n, sizeof(*want), ref_cmp);
		assert_int_equal(
			match_lottery_order(n, lottery, use_tiebreak ? tiebreak : NULL, order),
			ERR_OK);
		for (uint32_t i = 0; i < n; i++)
			assert_int_equal(order[i], want[i].index);
	}
}

UNIT_MAIN()
