/*
 * exams_rooms.c: seating a national exam session (issue 13, "room
 * assignment for 1,000,000 candidates in < 60 s"), beside its ceiling.
 *
 * Generates a session shaped like Vietnam's 2022 one: N candidates
 * (default 1,000,000) in 63 councils, 2,500 upper-secondary schools,
 * 2,243 sites hosted by schools, 36 elective pairs (the 2025 pack's
 * grouping key) drawn with a skew, rooms per council about 6 % above what
 * the grouping needs; a candidate prefers the site their school hosts.
 * Then runs, in PAIRS alternating pairs (A B A B ...):
 *   A  rooms_assign (src/domain/exams/rooms.c) on the session
 *   B  the ceiling: qsort of the same N 32-byte keys by the same order
 *      (rooms_order_cmp: council, group, site, school, id), the one sort
 *      the engine needs, and nothing else
 * and prints one line per run and a summary:
 *   EXAMS_ROOMS n=N rooms=R assign_s_median=F sort_s_median=F ratio_median=F
 * plus a check of the result (rooms over room_max, numbers not unique).
 *
 *   exams_rooms [-n N] [-p PAIRS]
 *
 * Built by bench/exams_rooms against build/libtabula.a.
 */
#define _POSIX_C_SOURCE 200809L
#include "core/base.h"
#include "domain/exams/rooms.h"

#include <time.h>
#include <unistd.h>

static uint64_t rng = 0x2545f4914f6cdd1du;
static uint32_t rnd(uint32_t below)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717u) >> 33) % below;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum { COUNCILS = 63, SCHOOLS = 2500, SITES = 2243, GROUPS = 36, PAIRS_MAX = 64 };

int main(int argc, char **argv)
{
	size_t n = 1000000;
	int pairs = 5, opt;
	while ((opt = getopt(argc, argv, "n:p:")) != -1) {
		if (opt == 'n')
			n = strtoul(optarg, NULL, 10);
		else if (opt == 'p')
			pairs = (int)strtol(optarg, NULL, 10);
		else
			return fprintf(stderr, "usage: exams_rooms [-n N] [-p PAIRS]\n"), 2;
	}
	if (pairs < 1 || pairs > PAIRS_MAX || n < 1 || n > 20000000)
		return fprintf(stderr, "exams_rooms: bad -n or -p\n"), 2;

	/* schools: council 1..63 (two digits), some host a site */
	static uint32_t school_council[SCHOOLS], school_site[SCHOOLS];
	for (uint32_t s = 0; s < SCHOOLS; s++) {
		school_council[s] = 1 + s % COUNCILS;
		school_site[s] = ROOMS_NONE;
	}
	struct rooms_site *site = calloc(SITES, sizeof(*site));
	struct rooms_candidate *c = malloc(n * sizeof(*c));
	struct rooms_seat *seat = malloc(n * sizeof(*seat));
	struct rooms_order_key *keys = malloc(n * sizeof(*keys));
	if (!site || !c || !seat || !keys)
		return fprintf(stderr, "exams_rooms: out of memory\n"), 1;
	for (uint32_t i = 0; i < SITES; i++) {
		uint32_t host = i; /* the first 2,243 schools host one each */
		school_site[host] = i;
		site[i] = (struct rooms_site){.key = 1000 + i, .council = school_council[host]};
	}
	/* elective pairs with a skew: pair g drawn with weight 1/(g+1) */
	double wsum = 0, cum[GROUPS];
	for (int g = 0; g < GROUPS; g++)
		cum[g] = (wsum += 1.0 / (g + 1));
	static uint32_t count[COUNCILS + 1][GROUPS];
	for (size_t i = 0; i < n; i++) {
		uint32_t s = rnd(SCHOOLS);
		double u = rnd(1u << 30) / (double)(1u << 30) * wsum;
		uint32_t g = 0;
		while (g + 1 < GROUPS && cum[g] < u)
			g++;
		c[i] = (struct rooms_candidate){.key = 5000000 + i * 7 + rnd(7),
						.council = school_council[s],
						.group = g,
						.school = s,
						.site_pref = school_site[s]};
		count[c[i].council][g]++;
	}
	/* rooms: 6 % above the council's need, spread over its sites */
	uint64_t total_rooms = 0;
	for (uint32_t k = 1; k <= COUNCILS; k++) {
		uint64_t need = rooms_needed(count[k], GROUPS, 24);
		uint64_t have = need + need * 6 / 100 + 1;
		uint32_t nsites = 0;
		for (uint32_t i = 0; i < SITES; i++)
			nsites += site[i].council == k;
		for (uint32_t i = 0, j = 0; i < SITES; i++)
			if (site[i].council == k) {
				site[i].rooms = (uint32_t)(have / nsites + (j++ < have % nsites));
				total_rooms += site[i].rooms;
			}
	}

	double ta[PAIRS_MAX], tb[PAIRS_MAX], ratio[PAIRS_MAX];
	struct rooms_instance m = {24, n, c, SITES, site};
	for (int p = 0; p < pairs; p++) {
		double t0 = now_s();
		struct rooms_shortfall sf;
		int rc = rooms_assign(&m, seat, &sf);
		ta[p] = now_s() - t0;
		if (rc != ERR_OK)
			return fprintf(stderr, "exams_rooms: rooms_assign %d\n", rc), 1;
		t0 = now_s();
		for (size_t i = 0; i < n; i++)
			keys[i] =
				(struct rooms_order_key){c[i].council, c[i].group,  c[i].site_pref,
							 (uint32_t)i,  c[i].school, c[i].key};
		qsort(keys, n, sizeof(*keys), rooms_order_cmp);
		tb[p] = now_s() - t0;
		ratio[p] = ta[p] / tb[p];
		printf("pair %d: assign %.3f s, sort %.3f s, ratio %.2f\n", p + 1, ta[p], tb[p],
		       ratio[p]);
	}
	/* check the last result: rooms within 24, numbers unique per council */
	uint8_t *seen = calloc(100 * 1000000u, 1);
	uint32_t *fill = calloc((size_t)SITES * 1024, sizeof(*fill));
	size_t bad = 0, used = 0, home = 0, with_home = 0;
	if (!seen || !fill)
		return fprintf(stderr, "exams_rooms: out of memory\n"), 1;
	for (size_t i = 0; i < n; i++) {
		if (seen[seat[i].number]++ || seat[i].room >= 1024)
			bad++;
		else if (++fill[(size_t)seat[i].site * 1024 + seat[i].room] > 24)
			bad++;
		if (fill[(size_t)seat[i].site * 1024 + seat[i].room] == 1)
			used++;
		if (c[i].site_pref != ROOMS_NONE) {
			with_home++;
			home += seat[i].site == c[i].site_pref;
		}
	}
	printf("EXAMS_ROOMS n=%zu sites=%d rooms_available=%" PRIu64 " rooms_used=%zu "
	       "at_home_site=%.1f%% faults=%zu pairs=%d assign_s_median=%.3f sort_s_median=%.3f "
	       "ratio_median=%.2f\n",
	       n, SITES, total_rooms, used,
	       100.0 * (double)home / (double)(with_home ? with_home : 1), bad, pairs,
	       median(ta, pairs), median(tb, pairs), median(ratio, pairs));
	free(seen);
	free(fill);
	free(keys);
	free(seat);
	free(c);
	free(site);
	return bad ? 1 : 0;
}
