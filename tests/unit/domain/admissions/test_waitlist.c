/* Unit tests of src/domain/admissions/waitlist.c: waitlists and the chains
 * a decline sets moving, on worked cases and against match_run on the
 * smaller market for thousands of random instances. */
#include "unit.h"

#include "domain/admissions/match.h"
#include "domain/admissions/waitlist.h"

#define NO   MATCH_NO_GROUP
#define UN   MATCH_UNASSIGNED
#define MAXN 10
#define MAXS 6

/* A small instance: lists as arrays of school indexes (groups apart). */
struct small {
	uint32_t ns, n;
	uint32_t capacity[MAXS];
	uint64_t lottery[MAXN];
	uint32_t len[MAXN];
	struct match_choice list[MAXN][MAXS];
	size_t first[MAXN + 1];
	struct match_choice choices[MAXN * MAXS];
};

/* The instance of x, with the applicants in `gone` given empty lists
 * (an applicant who lists nothing takes no seat: the smaller market). */
static struct match_instance build(struct small *x, const bool *gone)
{
	size_t k = 0;
	for (uint32_t a = 0; a < x->n; a++) {
		x->first[a] = k;
		for (uint32_t j = 0; !(gone && gone[a]) && j < x->len[a]; j++)
			x->choices[k++] = x->list[a][j];
	}
	x->first[x->n] = k;
	return (struct match_instance){.n_schools = x->ns,
				       .capacity = x->capacity,
				       .n_applicants = x->n,
				       .lottery = x->lottery,
				       .first = x->first,
				       .choices = x->choices};
}

static uint64_t rng_state = 0x3a17;

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

static void random_small(struct small *x)
{
	memset(x, 0, sizeof(*x));
	x->ns = 2 + below(MAXS - 1);
	x->n = 2 + below(MAXN - 1);
	for (uint32_t s = 0; s < x->ns; s++)
		x->capacity[s] = below(4); /* 0 .. 3 */
	for (uint32_t a = 0; a < x->n; a++) {
		x->lottery[a] = below(6); /* ties, so the index decides too */
		uint32_t perm[MAXS];
		for (uint32_t s = 0; s < x->ns; s++)
			perm[s] = s;
		for (uint32_t s = x->ns - 1; s > 0; s--) {
			uint32_t j = below(s + 1), t = perm[s];
			perm[s] = perm[j];
			perm[j] = t;
		}
		x->len[a] = below(x->ns + 1);
		for (uint32_t j = 0; j < x->len[a]; j++)
			x->list[a][j] = (struct match_choice){
				perm[j], below(3) ? NO : below(3)}; /* some priority groups */
	}
}

/* After each decline in turn, the placement equals match_run's on the
 * market without the declined; every move takes an applicant up its own
 * list (nobody is worse off). The chain alone (waitlist_chain) gives the
 * same placement most of the time, and not always: a decline can undo a
 * rejection cycle too. */
UNIT_TEST(test_declines_give_the_smaller_market_placement)
{
	UNUSED(state);
	struct small x;
	struct waitlist_move moves[MAXN], chain[MAXN * MAXS + 1];
	long moved = 0, chain_same = 0, chain_short = 0;
	for (int t = 0; t < 20000; t++) {
		random_small(&x);
		bool gone[MAXN] = {0};
		uint32_t school[MAXN], want[MAXN], after[MAXN];
		struct match_instance m = build(&x, NULL);
		assert_int_equal(match_run(&m, school), ERR_OK);
		uint32_t k = 1 + below(x.n);
		for (uint32_t step = 0; step < k; step++) {
			uint32_t d = below(x.n);
			bool was_gone = gone[d];
			uint32_t by_chain[MAXN];
			memcpy(by_chain, school, sizeof(by_chain));
			gone[d] = true;
			by_chain[d] = UN;
			if (!was_gone && school[d] != UN)
				waitlist_chain(&m, by_chain, gone, school[d], chain);
			struct waitlist_change ch = {.gone = gone};
			size_t n;
			assert_int_equal(waitlist_resume(&m, &ch, school, after, moves, &n),
					 ERR_OK);
			moved += (long)n;
			for (size_t i = 0; i < n; i++) {
				uint32_t a = moves[i].applicant;
				assert_false(gone[a]);
				assert_int_equal(moves[i].from, school[a]);
				assert_int_equal(moves[i].to, after[a]);
				assert_int_not_equal(moves[i].to, UN);
				if (moves[i].from != UN)
					assert_true(waitlist_rank(&m, a, moves[i].to) <
						    waitlist_rank(&m, a, moves[i].from));
			}
			struct small y = x;
			struct match_instance smaller = build(&y, gone);
			assert_int_equal(match_run(&smaller, want), ERR_OK);
			bool same = true;
			for (uint32_t a = 0; a < x.n; a++) {
				assert_int_equal(after[a], want[a]);
				same &= by_chain[a] == after[a];
			}
			if (!was_gone && n) {
				chain_same += same;
				chain_short += !same;
			}
			memcpy(school, after, sizeof(school));
		}
	}
	assert_true(moved > 5000);
	assert_true(chain_same > 10 * chain_short);
	assert_true(chain_short > 0);
}

/* A worked chain across three schools: S0, S1, S2 one seat each.
 * A0 ranks S0; A1 ranks S0, S1; A2 ranks S1, S2; A3 ranks S2.
 * Lottery A0 < A1 < A2 < A3: A0-S0, A1-S1, A2-S2, A3 unplaced. */
UNIT_TEST(test_worked_chain)
{
	UNUSED(state);
	struct small x = {.ns = 3, .n = 4, .capacity = {1, 1, 1}, .lottery = {1, 2, 3, 4}};
	x.len[0] = 1;
	x.list[0][0] = (struct match_choice){0, NO};
	x.len[1] = 2;
	x.list[1][0] = (struct match_choice){0, NO};
	x.list[1][1] = (struct match_choice){1, NO};
	x.len[2] = 2;
	x.list[2][0] = (struct match_choice){1, NO};
	x.list[2][1] = (struct match_choice){2, NO};
	x.len[3] = 1;
	x.list[3][0] = (struct match_choice){2, NO};
	struct match_instance m = build(&x, NULL);
	uint32_t school[4];
	bool gone[4] = {0};
	assert_int_equal(match_run(&m, school), ERR_OK);
	assert_int_equal(school[0], 0);
	assert_int_equal(school[1], 1);
	assert_int_equal(school[2], 2);
	assert_int_equal(school[3], UN);
	/* positions: A1 first at S0, A2 first at S1, A3 first at S2 */
	assert_int_equal(waitlist_position(&m, school, gone, 1, 0), 1);
	assert_int_equal(waitlist_position(&m, school, gone, 2, 1), 1);
	assert_int_equal(waitlist_position(&m, school, gone, 3, 2), 1);
	assert_int_equal(waitlist_position(&m, school, gone, 2, 2), 0); /* holds it */
	assert_int_equal(waitlist_position(&m, school, gone, 0, 1), 0); /* did not rank */
	struct waitlist_move moves[16];
	uint32_t after[4];
	size_t n;
	gone[0] = true;
	struct waitlist_change ch = {.gone = gone};
	assert_int_equal(waitlist_resume(&m, &ch, school, after, moves, &n), ERR_OK);
	assert_int_equal(n, 3);
	assert_int_equal(moves[0].applicant, 1);
	assert_int_equal(moves[0].from, 1);
	assert_int_equal(moves[0].to, 0);
	assert_int_equal(moves[1].applicant, 2);
	assert_int_equal(moves[1].from, 2);
	assert_int_equal(moves[1].to, 1);
	assert_int_equal(moves[2].applicant, 3);
	assert_int_equal(moves[2].from, UN);
	assert_int_equal(moves[2].to, 2);
	assert_int_equal(after[0], UN);
	assert_int_equal(after[3], 2);
	/* positions after: nobody waits anywhere any more */
	assert_int_equal(waitlist_position(&m, after, gone, 3, 2), 0);
	/* the same again changes nothing */
	uint32_t again[4];
	assert_int_equal(waitlist_resume(&m, &ch, after, again, moves, &n), ERR_OK);
	assert_int_equal(n, 0);
	/* the last in the chain declines: nobody waits for S2, its seat stays free */
	gone[3] = true;
	assert_int_equal(waitlist_resume(&m, &ch, after, again, moves, &n), ERR_OK);
	assert_int_equal(n, 0);
	assert_int_equal(again[3], UN);
}

/* Priority groups order a waitlist before the lottery. An appeal pins a
 * child at a school above its capacity: it keeps that seat whatever its
 * group and number, the others there keep theirs, and its old seat goes
 * down its old school's waitlist. */
UNIT_TEST(test_groups_and_pins)
{
	UNUSED(state);
	/* S0 one seat, S1 one seat. A0 (lottery 1) ranks S0, S1; A1 (lottery 2,
	 * group 0 at S0) ranks S0; A2 (lottery 3) ranks S0, S1; A3 (lottery 4)
	 * ranks S1. A1 takes S0 by its group, A0 takes S1; waiting at S0: A0
	 * then A2; at S1: A2 then A3. */
	struct small x = {.ns = 2, .n = 4, .capacity = {1, 1}, .lottery = {1, 2, 3, 4}};
	x.len[0] = 2;
	x.list[0][0] = (struct match_choice){0, NO};
	x.list[0][1] = (struct match_choice){1, NO};
	x.len[1] = 1;
	x.list[1][0] = (struct match_choice){0, 0};
	x.len[2] = 2;
	x.list[2][0] = (struct match_choice){0, NO};
	x.list[2][1] = (struct match_choice){1, NO};
	x.len[3] = 1;
	x.list[3][0] = (struct match_choice){1, NO};
	struct match_instance m = build(&x, NULL);
	uint32_t school[4], after[4];
	assert_int_equal(match_run(&m, school), ERR_OK);
	assert_int_equal(school[1], 0);
	assert_int_equal(school[0], 1);
	assert_int_equal(school[2], UN);
	assert_int_equal(waitlist_position(&m, school, NULL, 0, 0), 1);
	assert_int_equal(waitlist_position(&m, school, NULL, 2, 0), 2);
	assert_int_equal(waitlist_position(&m, school, NULL, 2, 1), 1);
	assert_int_equal(waitlist_position(&m, school, NULL, 3, 1), 2);
	/* an appeal places A2 at S0 above capacity: A1 keeps S0, A0 keeps S1 */
	uint32_t pin[4] = {UN, UN, 0, UN}, added[2] = {1, 0};
	struct waitlist_change ch = {.pin = pin, .added = added};
	struct waitlist_move moves[4];
	size_t n;
	assert_int_equal(waitlist_resume(&m, &ch, school, after, moves, &n), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(moves[0].applicant, 2);
	assert_int_equal(after[2], 0);
	assert_int_equal(after[1], 0);
	assert_int_equal(after[0], 1);
	/* an appeal places A0 at S0: its seat at S1 goes to A2, first there */
	uint32_t pin0[4] = {0, UN, UN, UN};
	ch.pin = pin0;
	assert_int_equal(waitlist_resume(&m, &ch, school, after, moves, &n), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(after[0], 0);
	assert_int_equal(after[1], 0);
	assert_int_equal(after[2], 1);
	assert_int_equal(after[3], UN);
	assert_int_equal(waitlist_position(&m, after, NULL, 3, 1), 1);
}

UNIT_MAIN()
