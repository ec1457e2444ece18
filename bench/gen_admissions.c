/*
 * gen_admissions.c: a national-scale input for `tabula admissions match`.
 *
 * Schools sit on a square grid of zones (one school per cell). Families
 * live in the zones, more of them in some (towns) than others; each ranks
 * CHOICES distinct schools from the window of zones around its home, drawn
 * without replacement with weights that favour nearer and better-liked
 * schools, so demand is local and a few schools are much sought after, as
 * in a real city. Priorities: group 1 (a sibling) at one of the choices for
 * one family in ten, group 2 (the home zone) at the home school when it is
 * ranked, nothing elsewhere. Capacities follow each zone's population so
 * that they sum to about RATIO times the applicants. One applicant in
 * LOTTERY_EVERY carries a lottery number; the others get theirs from the
 * seed.
 *
 *   gen_admissions [-n APPLICANTS] [-s SCHOOLS] [-k CHOICES] [-r RATIO]
 *                  [-l LOTTERY_EVERY] [-S SEED] > input.json
 *
 * Defaults: 1,000,000 applicants, 10,000 schools, 5 choices, ratio 1.05,
 * one lottery in 10 given, seed 1. The same flags give the same bytes.
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o gen_admissions gen_admissions.c -lm
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW 3 /* zones either side of home that a family considers */

static uint64_t rng_state;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double unit(void)
{
	return (double)(rng() >> 11) * 0x1.0p-53;
}

static long flag_long(const char *s, const char *name, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < min || v > max) {
		fprintf(stderr, "gen_admissions: %s must be between %ld and %ld\n", name, min, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long n = 1000000, schools = 10000, k = 5, lottery_every = 10, seed = 1;
	double ratio = 1.05;
	int opt;
	while ((opt = getopt(argc, argv, "n:s:k:r:l:S:")) != -1) {
		switch (opt) {
		case 'n':
			n = flag_long(optarg, "-n", 1, 100000000);
			break;
		case 's':
			schools = flag_long(optarg, "-s", 1, 10000000);
			break;
		case 'k':
			k = flag_long(optarg, "-k", 0, 20);
			break;
		case 'r':
			ratio = strtod(optarg, NULL);
			break;
		case 'l':
			lottery_every = flag_long(optarg, "-l", 0, 1000000000);
			break;
		case 'S':
			seed = flag_long(optarg, "-S", 0, 1000000000);
			break;
		default:
			fprintf(stderr, "usage: gen_admissions [-n N] [-s SCHOOLS] [-k CHOICES] "
					"[-r RATIO] [-l LOTTERY_EVERY] [-S SEED]\n");
			return 2;
		}
	}
	if (!(ratio > 0 && ratio < 100)) {
		fprintf(stderr, "gen_admissions: -r must be between 0 and 100\n");
		return 2;
	}
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 1;

	/* The grid: side x side zones; schools beyond side*side do not exist. */
	long side = (long)floor(sqrt((double)schools));
	schools = side * side;
	double *density = malloc(sizeof(double) * (size_t)schools);
	double *appeal = malloc(sizeof(double) * (size_t)schools);
	long *home_count = calloc((size_t)schools, sizeof(long));
	long *home = malloc(sizeof(long) * (size_t)n);
	if (!density || !appeal || !home_count || !home)
		return 1;

	/* Population: a few towns (gaussian bumps) over a thin countryside. */
	long towns = side / 4 + 1;
	double *tx = malloc(sizeof(double) * (size_t)towns);
	double *ty = malloc(sizeof(double) * (size_t)towns);
	double *tr = malloc(sizeof(double) * (size_t)towns);
	if (!tx || !ty || !tr)
		return 1;
	for (long t = 0; t < towns; t++) {
		tx[t] = unit() * (double)side;
		ty[t] = unit() * (double)side;
		tr[t] = 1.5 + unit() * (double)side / 12.0;
	}
	double total = 0;
	for (long z = 0; z < schools; z++) {
		double x = (double)(z % side), y = (double)(z / side), d = 0.15;
		for (long t = 0; t < towns; t++) {
			double dx = x - tx[t], dy = y - ty[t];
			d += exp(-(dx * dx + dy * dy) / (2 * tr[t] * tr[t]));
		}
		density[z] = d;
		total += d;
		/* Most schools are liked alike; some much more (lognormal). */
		double u1 = unit() + 1e-12, u2 = unit();
		appeal[z] = exp(0.6 * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2));
	}
	/* Homes: inverse CDF over the density. */
	double *cdf = malloc(sizeof(double) * (size_t)schools);
	if (!cdf)
		return 1;
	double acc = 0;
	for (long z = 0; z < schools; z++)
		cdf[z] = (acc += density[z] / total);
	for (long a = 0; a < n; a++) {
		double u = unit();
		long lo = 0, hi = schools - 1;
		while (lo < hi) {
			long mid = (lo + hi) / 2;
			if (cdf[mid] < u)
				lo = mid + 1;
			else
				hi = mid;
		}
		home[a] = lo;
		home_count[lo]++;
	}

	/* Capacities: each school serves its zone's families times the ratio,
	 * give or take a fifth, so that the sum comes near ratio * n. */
	printf("{\"seed\": %ld,\n\"schools\": [\n", seed);
	long seats = 0;
	for (long z = 0; z < schools; z++) {
		double c = (double)home_count[z] * ratio * (0.8 + 0.4 * unit());
		long cap = lround(c);
		seats += cap;
		printf("{\"id\": \"S%05ld\", \"capacity\": %ld}%s\n", z, cap,
		       z + 1 < schools ? "," : "");
	}
	printf("],\n\"applicants\": [\n");

	/* Choices: weighted sampling without replacement in the window. */
	enum { CAND = (2 * WINDOW + 1) * (2 * WINDOW + 1) };
	long cand[CAND];
	double w[CAND];
	for (long a = 0; a < n; a++) {
		long hx = home[a] % side, hy = home[a] / side, nc = 0;
		for (long dy = -WINDOW; dy <= WINDOW; dy++) {
			for (long dx = -WINDOW; dx <= WINDOW; dx++) {
				long x = hx + dx, y = hy + dy;
				if (x < 0 || y < 0 || x >= side || y >= side)
					continue;
				long z = y * side + x;
				cand[nc] = z;
				w[nc] = appeal[z] / (1.0 + (double)(dx * dx + dy * dy));
				nc++;
			}
		}
		long want = k < nc ? k : nc;
		long picked[32];
		for (long i = 0; i < want; i++) {
			double sum = 0;
			for (long c = 0; c < nc; c++)
				sum += w[c];
			double u = unit() * sum;
			long c = 0;
			while (c + 1 < nc && (u -= w[c]) > 0)
				c++;
			picked[i] = cand[c];
			w[c] = 0;
		}
		printf("{\"id\": \"A%07ld\", \"choices\": [", a);
		for (long i = 0; i < want; i++)
			printf("%s\"S%05ld\"", i ? ", " : "", picked[i]);
		printf("], \"priority\": {");
		long sibling = -1;
		if (want && unit() < 0.1)
			sibling = picked[(long)(unit() * (double)want)];
		if (sibling >= 0)
			printf("\"S%05ld\": 1", sibling);
		for (long i = 0; i < want; i++)
			if (picked[i] == home[a] && home[a] != sibling)
				printf("%s\"S%05ld\": 2", sibling >= 0 ? ", " : "", home[a]);
		printf("}");
		if (lottery_every && a % lottery_every == 0)
			printf(", \"lottery\": %llu", (unsigned long long)(rng() >> 11));
		printf("}%s\n", a + 1 < n ? "," : "");
	}
	printf("]}\n");
	fprintf(stderr,
		"gen_admissions: %ld applicants, %ld schools, %ld seats (%.3f per "
		"applicant)\n",
		n, schools, seats, (double)seats / (double)n);
	free(density);
	free(appeal);
	free(home_count);
	free(home);
	free(tx);
	free(ty);
	free(tr);
	free(cdf);
	return 0;
}
