/* Unit tests of src/domain/exams/rooms.c: a worked example, and the
 * seating's properties over thousands of random sessions (rooms within
 * room_max and of one group, numbers unique and well formed, the fewest
 * rooms, a shortfall exactly when no seating exists, the same seating
 * whatever the order of the arrays, candidates near home). */
#include "unit.h"

#include "domain/exams/rooms.h"

/* A small deterministic generator (xorshift64*), so failures repeat. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint32_t rnd(uint32_t below)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return below ? (uint32_t)((rng_state * 2685821657736338717u) >> 33) % below : 0;
}

UNIT_TEST(test_rooms_worked_example)
{
	(void)state;
	/* council 1: site A (key 10, 2 rooms), site B (key 20, 1 room);
	 * 30 candidates of group 0 preferring B, 3 of group 1, no preference. */
	struct rooms_site sites[] = {{20, 1, 1}, {10, 1, 2}};
	struct rooms_candidate c[33];
	for (uint32_t i = 0; i < 30; i++)
		c[i] = (struct rooms_candidate){100 + i, 1, 0, 7, 0};
	for (uint32_t i = 30; i < 33; i++)
		c[i] = (struct rooms_candidate){100 + i, 1, 1, 8, ROOMS_NONE};
	struct rooms_instance m = {24, 33, c, 2, sites};
	struct rooms_seat seat[33];
	assert_int_equal(rooms_assign(&m, seat, NULL), ERR_OK);
	/* the first 24 fill a room at B, their preferred site */
	for (uint32_t i = 0; i < 24; i++) {
		assert_int_equal(seat[i].site, 0);
		assert_int_equal(seat[i].room, 1);
		assert_int_equal(seat[i].seat, i + 1);
	}
	/* B is full: the other 6 open room 1 at A (the first site by key) */
	for (uint32_t i = 24; i < 30; i++) {
		assert_int_equal(seat[i].site, 1);
		assert_int_equal(seat[i].room, 1);
		assert_int_equal(seat[i].seat, i - 23);
	}
	/* group 1 gets a room of its own: room 2 at A */
	for (uint32_t i = 30; i < 33; i++) {
		assert_int_equal(seat[i].site, 1);
		assert_int_equal(seat[i].room, 2);
	}
	/* numbers follow the seating: site A (key 10) first */
	assert_int_equal(seat[24].number, 1000001);
	assert_int_equal(seat[30].number, 1000007);
	assert_int_equal(seat[0].number, 1000010);
	assert_int_equal(seat[23].number, 1000033);
}

UNIT_TEST(test_rooms_shortfall_names_the_council)
{
	(void)state;
	/* council 2 needs 2 rooms (25 candidates) and has 1; council 5 none */
	struct rooms_site sites[] = {{1, 2, 1}};
	struct rooms_candidate c[26];
	for (uint32_t i = 0; i < 25; i++)
		c[i] = (struct rooms_candidate){i + 1, 2, 0, 1, ROOMS_NONE};
	c[25] = (struct rooms_candidate){99, 5, 0, 1, ROOMS_NONE};
	struct rooms_instance m = {24, 26, c, 1, sites};
	struct rooms_seat seat[26];
	struct rooms_shortfall sf;
	assert_int_equal(rooms_assign(&m, seat, &sf), ERR_CONFLICT);
	assert_int_equal(sf.council, 2);
	assert_int_equal(sf.candidates, 25);
	assert_int_equal(sf.rooms_needed, 2);
	assert_int_equal(sf.rooms_available, 1);
	assert_int_equal(sf.councils_short, 2);
}

UNIT_TEST(test_rooms_rejects_malformed)
{
	(void)state;
	struct rooms_site sites[] = {{1, 100, 1}};
	struct rooms_candidate c[] = {{1, 1, 0, 1, ROOMS_NONE}};
	struct rooms_seat seat[1];
	struct rooms_instance m = {0, 1, c, 0, NULL};
	assert_int_equal(rooms_assign(&m, seat, NULL), ERR_INVALID);
	m = (struct rooms_instance){24, 1, c, 1, sites};
	assert_int_equal(rooms_assign(&m, seat, NULL), ERR_INVALID);
	m = (struct rooms_instance){24, 0, NULL, 0, NULL};
	assert_int_equal(rooms_assign(&m, NULL, NULL), ERR_OK);
	assert_int_equal(rooms_needed((const uint32_t[]){24, 25, 1}, 3, 24), 4);
}

/* ---- random sessions ---- */

#define MAXC 600
#define MAXS 24
#define MAXG 6

struct session {
	uint32_t R;
	size_t n, s;
	struct rooms_candidate c[MAXC];
	struct rooms_site site[MAXS];
};

static void session_random(struct session *x)
{
	x->R = rnd(4) ? 24 : 1 + rnd(30);
	uint32_t councils[4], nc = 1 + rnd(4);
	for (uint32_t i = 0; i < nc; i++)
		councils[i] = rnd(100);
	x->s = rnd(MAXS + 1);
	for (size_t i = 0; i < x->s; i++)
		x->site[i] = (struct rooms_site){(uint64_t)rnd(1000) * MAXS + i, councils[rnd(nc)],
						 rnd(7)};
	x->n = rnd(MAXC + 1);
	uint32_t ng = 1 + rnd(MAXG);
	for (size_t i = 0; i < x->n; i++) {
		uint32_t pref = ROOMS_NONE;
		if (x->s && rnd(3))
			pref = rnd((uint32_t)x->s);
		x->c[i] = (struct rooms_candidate){(uint64_t)rnd(100000) * MAXC + i,
						   councils[rnd(nc)], rnd(ng), rnd(12), pref};
	}
}

/* What the rule says must fail: the first council (lowest code) whose
 * rooms are fewer than the sum of its groups' ceilings. */
static bool expected_shortfall(const struct session *x, struct rooms_shortfall *sf)
{
	uint32_t short_count = 0;
	for (uint32_t council = 0; council <= ROOMS_COUNCIL_MAX; council++) {
		uint32_t sizes[MAXG] = {0}, cands = 0;
		uint64_t have = 0;
		for (size_t i = 0; i < x->n; i++)
			if (x->c[i].council == council) {
				sizes[x->c[i].group]++;
				cands++;
			}
		for (size_t i = 0; i < x->s; i++)
			if (x->site[i].council == council)
				have += x->site[i].rooms;
		uint64_t need = rooms_needed(sizes, MAXG, x->R);
		if (cands && need > have && !short_count++)
			*sf = (struct rooms_shortfall){council, cands, need, have, 0};
	}
	sf->councils_short = short_count;
	return short_count > 0;
}

/* The properties of one successful seating. */
static void check_seating(const struct session *x, const struct rooms_seat *seat)
{
	/* per (site, room): count, group, seats taken */
	static uint32_t count[MAXS][MAXC + 1], group[MAXS][MAXC + 1];
	static uint8_t taken[MAXS][MAXC + 1][32];
	static uint8_t number_seen[100][MAXC + 2];
	memset(count, 0, sizeof(count));
	memset(taken, 0, sizeof(taken));
	memset(number_seen, 0, sizeof(number_seen));
	for (size_t i = 0; i < x->n; i++) {
		const struct rooms_seat *t = &seat[i];
		assert_true(t->site < x->s);
		assert_int_equal(x->site[t->site].council, x->c[i].council);
		assert_true(t->room >= 1 && t->room <= x->site[t->site].rooms);
		assert_true(t->seat >= 1 && t->seat <= x->R);
		if (count[t->site][t->room]++ == 0)
			group[t->site][t->room] = x->c[i].group;
		assert_int_equal(group[t->site][t->room], x->c[i].group);
		assert_true(count[t->site][t->room] <= x->R);
		if (x->R <= 32 * 8) {
			uint8_t *b = &taken[t->site][t->room][(t->seat - 1) / 8];
			assert_false(*b & (1u << ((t->seat - 1) % 8)));
			*b |= (uint8_t)(1u << ((t->seat - 1) % 8));
		}
		/* eight digits: the council's two, then 000001 .. */
		char text[16];
		int len = snprintf(text, sizeof(text), "%08" PRIu32, t->number);
		assert_int_equal(len, 8);
		assert_int_equal(t->number / 1000000, x->c[i].council);
		uint32_t seq = t->number % 1000000;
		assert_true(seq >= 1 && seq <= x->n);
		assert_false(number_seen[x->c[i].council][seq]);
		number_seen[x->c[i].council][seq] = 1;
	}
	/* the fewest rooms: per council, rooms used == sum of group ceilings;
	 * seats of a room are 1..k without gaps */
	for (uint32_t council = 0; council <= ROOMS_COUNCIL_MAX; council++) {
		uint32_t sizes[MAXG] = {0};
		uint64_t used = 0;
		for (size_t i = 0; i < x->n; i++)
			if (x->c[i].council == council)
				sizes[x->c[i].group]++;
		for (size_t si = 0; si < x->s; si++) {
			if (x->site[si].council != council)
				continue;
			for (uint32_t r = 1; r <= x->site[si].rooms; r++) {
				if (!count[si][r])
					continue;
				used++;
				for (uint32_t k = 0; k < count[si][r] && x->R <= 256; k++)
					assert_true(taken[si][r][k / 8] & (1u << (k % 8)));
			}
		}
		assert_int_equal(used, rooms_needed(sizes, MAXG, x->R));
	}
}

UNIT_TEST(test_rooms_random_sessions)
{
	(void)state;
	static struct session x, y;
	static struct rooms_seat seat[MAXC], seat2[MAXC];
	uint32_t placed_ok = 0, short_ok = 0;
	for (int round = 0; round < 4000; round++) {
		session_random(&x);
		struct rooms_instance m = {x.R, x.n, x.c, x.s, x.site};
		struct rooms_shortfall sf = {0}, want = {0};
		int rc = rooms_assign(&m, seat, &sf);
		if (expected_shortfall(&x, &want)) {
			assert_int_equal(rc, ERR_CONFLICT);
			assert_int_equal(sf.council, want.council);
			assert_int_equal(sf.candidates, want.candidates);
			assert_int_equal(sf.rooms_needed, want.rooms_needed);
			assert_int_equal(sf.rooms_available, want.rooms_available);
			assert_int_equal(sf.councils_short, want.councils_short);
			short_ok++;
			continue;
		}
		assert_int_equal(rc, ERR_OK);
		check_seating(&x, seat);
		placed_ok++;

		/* the same session with both arrays shuffled seats everyone alike */
		uint32_t cperm[MAXC], sperm[MAXS], sinv[MAXS];
		for (uint32_t i = 0; i < x.n; i++)
			cperm[i] = i;
		for (uint32_t i = 0; i < x.s; i++)
			sperm[i] = i;
		for (uint32_t i = (uint32_t)x.n; i > 1; i--) {
			uint32_t j = rnd(i), t = cperm[i - 1];
			cperm[i - 1] = cperm[j];
			cperm[j] = t;
		}
		for (uint32_t i = (uint32_t)x.s; i > 1; i--) {
			uint32_t j = rnd(i), t = sperm[i - 1];
			sperm[i - 1] = sperm[j];
			sperm[j] = t;
		}
		y = x;
		for (uint32_t i = 0; i < x.s; i++) {
			y.site[i] = x.site[sperm[i]];
			sinv[sperm[i]] = i;
		}
		for (uint32_t i = 0; i < x.n; i++) {
			y.c[i] = x.c[cperm[i]];
			if (y.c[i].site_pref != ROOMS_NONE)
				y.c[i].site_pref = sinv[y.c[i].site_pref];
		}
		struct rooms_instance m2 = {y.R, y.n, y.c, y.s, y.site};
		assert_int_equal(rooms_assign(&m2, seat2, NULL), ERR_OK);
		for (uint32_t i = 0; i < x.n; i++) {
			const struct rooms_seat *a = &seat[cperm[i]], *b = &seat2[i];
			assert_int_equal(x.site[a->site].key, y.site[b->site].key);
			assert_int_equal(a->room, b->room);
			assert_int_equal(a->seat, b->seat);
			assert_int_equal(a->number, b->number);
		}
	}
	/* both outcomes were exercised, many times */
	assert_true(placed_ok > 500);
	assert_true(short_ok > 500);
}

UNIT_TEST(test_rooms_near_home_when_rooms_are_ample)
{
	(void)state;
	/* Every site has more rooms than the council could ever use: only the
	 * remainder of a (group, preferred site) run, fewer than room_max, may
	 * sit elsewhere. */
	static struct session x;
	static struct rooms_seat seat[MAXC];
	for (int round = 0; round < 1000; round++) {
		session_random(&x);
		for (size_t i = 0; i < x.s; i++)
			x.site[i].rooms = MAXC;
		for (size_t i = 0; i < x.n; i++)
			if (x.c[i].site_pref != ROOMS_NONE)
				x.c[i].council = x.site[x.c[i].site_pref].council;
		struct rooms_instance m = {x.R, x.n, x.c, x.s, x.site};
		struct rooms_shortfall sf;
		int rc = rooms_assign(&m, seat, &sf);
		if (rc == ERR_CONFLICT) { /* a council without sites */
			assert_int_equal(sf.rooms_available, 0);
			continue;
		}
		assert_int_equal(rc, ERR_OK);
		static uint32_t away[MAXG][MAXS];
		memset(away, 0, sizeof(away));
		for (size_t i = 0; i < x.n; i++)
			if (x.c[i].site_pref != ROOMS_NONE && seat[i].site != x.c[i].site_pref)
				away[x.c[i].group][x.c[i].site_pref]++;
		for (int g = 0; g < MAXG; g++)
			for (size_t si = 0; si < x.s; si++)
				assert_true(away[g][si] < x.R);
	}
}

UNIT_MAIN()
