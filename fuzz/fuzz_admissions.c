/*
 * fuzz_admissions.c: `tabula admissions match` from the bytes up: the input
 * decoder (domain/admissions/input.h) and the engine (match.h).
 *
 * Checked besides memory safety:
 * - a refusal is ERR_INVALID with a message (or ERR_NOMEM);
 * - an accepted input has ids that are unique and within the limits, a
 *   drawn lottery number that is the seed's and a given one in range;
 * - the engine's placement is stable: everyone is at a school they listed,
 *   within capacity, and nobody prefers a school with a free seat or one
 *   holding an applicant it ranks lower;
 * - placing twice gives the same result.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "domain/admissions/input.h"
#include "domain/admissions/match.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* School s's order of applicant a at choice c: (group, lottery rank). */
static uint64_t key(const struct match_choice *c, const uint32_t *rank, uint32_t a)
{
	return (uint64_t)c->group << 32 | rank[a];
}

static void check_stable(const struct match_instance *m, const uint32_t *school)
{
	uint32_t n = m->n_applicants, ns = m->n_schools;
	uint32_t *order = malloc((n ? n : 1) * sizeof(*order));
	uint32_t *rank = malloc((n ? n : 1) * sizeof(*rank));
	uint32_t *count = calloc(ns ? ns : 1, sizeof(*count));
	uint64_t *worst = calloc(ns ? ns : 1, sizeof(*worst));
	if (!order || !rank || !count || !worst)
		abort();
	if (match_lottery_order(n, m->lottery, m->tiebreak, order))
		abort();
	for (uint32_t r = 0; r < n; r++)
		rank[order[r]] = r;
	/* Individually rational, within capacity; the worst held per school. */
	for (uint32_t a = 0; a < n; a++) {
		if (school[a] == MATCH_UNASSIGNED)
			continue;
		size_t j = m->first[a];
		while (j < m->first[a + 1] && m->choices[j].school != school[a])
			j++;
		if (j == m->first[a + 1])
			abort();
		uint32_t s = school[a];
		if (++count[s] > m->capacity[s])
			abort();
		uint64_t k = key(&m->choices[j], rank, a);
		if (k > worst[s])
			worst[s] = k;
	}
	/* No one envies with justice, no seat is wasted. */
	for (uint32_t a = 0; a < n; a++) {
		for (size_t j = m->first[a]; j < m->first[a + 1]; j++) {
			uint32_t s = m->choices[j].school;
			if (s == school[a])
				break;
			if (count[s] < m->capacity[s] || key(&m->choices[j], rank, a) < worst[s])
				abort();
		}
	}
	free(order);
	free(rank);
	free(count);
	free(worst);
}

static void check_input(const struct match_input *in)
{
	for (uint32_t a = 0; a < in->m.n_applicants; a++) {
		const char *id = in->applicant_id[a];
		size_t len = strlen(id);
		if (!len || len > MATCH_INPUT_ID_MAX || in->lottery[a] > MATCH_INPUT_NUMBER_MAX)
			abort();
		if (in->drawn[a] && in->lottery[a] != match_lottery_draw(in->seed, id, len))
			abort();
		for (uint32_t b = 0; b < a && a < 200; b++)
			if (!strcmp(in->applicant_id[b], id))
				abort();
	}
	for (uint32_t s = 0; s < in->m.n_schools && s < 200; s++)
		for (uint32_t t = 0; t < s; t++)
			if (!strcmp(in->school_id[s], in->school_id[t]))
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	if (!text)
		return 0;
	struct match_input in;
	match_input_init(&in);
	int rc = match_input_decode(text, size, &in);
	free(text);
	if (rc) {
		if (rc != ERR_NOMEM && (rc != ERR_INVALID || !in.why[0]))
			abort();
		match_input_release(&in);
		return 0;
	}
	check_input(&in);
	uint32_t n = in.m.n_applicants;
	uint32_t *first = malloc((n ? n : 1) * sizeof(*first));
	uint32_t *again = malloc((n ? n : 1) * sizeof(*again));
	if (!first || !again)
		abort();
	if (match_run(&in.m, first) || match_run(&in.m, again))
		abort();
	if (n && memcmp(first, again, n * sizeof(*first)))
		abort();
	check_stable(&in.m, first);
	free(first);
	free(again);
	match_input_release(&in);
	return 0;
}
