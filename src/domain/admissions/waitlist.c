/*
 * waitlist.c: waitlists and the chains of seats a decline sets moving
 * (waitlist.h).
 */
#include "core/base.h"
#include "domain/admissions/waitlist.h"

uint32_t waitlist_rank(const struct match_instance *m, uint32_t i, uint32_t s)
{
	size_t k = m->first[i], end = m->first[i + 1];
	for (; k < end; k++)
		if (m->choices[k].school == s)
			return (uint32_t)(k - m->first[i]);
	return (uint32_t)(end - m->first[i]);
}

/* Applicant i's group at school s (MATCH_NO_GROUP when none or not
 * ranked). */
static uint32_t group_at(const struct match_instance *m, uint32_t i, uint32_t s)
{
	for (size_t k = m->first[i]; k < m->first[i + 1]; k++)
		if (m->choices[k].school == s)
			return m->choices[k].group;
	return MATCH_NO_GROUP;
}

bool waitlist_on(const struct match_instance *m, const uint32_t *school, const bool *gone,
		 uint32_t i, uint32_t s)
{
	if (gone && gone[i])
		return false;
	uint32_t len = (uint32_t)(m->first[i + 1] - m->first[i]);
	uint32_t want = waitlist_rank(m, i, s);
	if (want == len)
		return false;
	return school[i] == MATCH_UNASSIGNED || want < waitlist_rank(m, i, school[i]);
}

bool waitlist_before(const struct match_instance *m, uint32_t s, uint32_t i, uint32_t j)
{
	uint32_t gi = group_at(m, i, s), gj = group_at(m, j, s);
	if (gi != gj)
		return gi < gj;
	if (m->lottery[i] != m->lottery[j])
		return m->lottery[i] < m->lottery[j];
	if (m->tiebreak && m->tiebreak[i] != m->tiebreak[j])
		return m->tiebreak[i] < m->tiebreak[j];
	return i < j;
}

uint32_t waitlist_position(const struct match_instance *m, const uint32_t *school, const bool *gone,
			   uint32_t i, uint32_t s)
{
	if (!waitlist_on(m, school, gone, i, s))
		return 0;
	uint32_t pos = 1;
	for (uint32_t j = 0; j < m->n_applicants; j++)
		if (j != i && waitlist_on(m, school, gone, j, s) && waitlist_before(m, s, j, i))
			pos++;
	return pos;
}

/* How many present applicants hold school s. */
static uint64_t holders(const struct match_instance *m, const uint32_t *school, const bool *gone,
			uint32_t s)
{
	uint64_t n = 0;
	for (uint32_t i = 0; i < m->n_applicants; i++)
		n += school[i] == s && !(gone && gone[i]);
	return n;
}

size_t waitlist_chain(const struct match_instance *m, uint32_t *school, const bool *gone,
		      uint32_t s, struct waitlist_move *moves)
{
	size_t n = 0;
	while (s != MATCH_UNASSIGNED && holders(m, school, gone, s) < m->capacity[s]) {
		uint32_t best = MATCH_UNASSIGNED;
		for (uint32_t i = 0; i < m->n_applicants; i++)
			if (waitlist_on(m, school, gone, i, s) &&
			    (best == MATCH_UNASSIGNED || waitlist_before(m, s, i, best)))
				best = i;
		if (best == MATCH_UNASSIGNED)
			break;
		uint32_t from = school[best];
		school[best] = s;
		moves[n++] = (struct waitlist_move){.applicant = best, .from = from, .to = s};
		s = from;
	}
	return n;
}

int waitlist_resume(const struct match_instance *m, const struct waitlist_change *ch,
		    const uint32_t *before, uint32_t *after, struct waitlist_move *moves,
		    size_t *nmoves)
{
	uint32_t ns = m->n_schools, n = m->n_applicants;
	size_t total = m->first[n];
	uint32_t *capacity = malloc((ns ? ns : 1) * sizeof(*capacity));
	bool *pinned_at = calloc(ns ? ns : 1, sizeof(*pinned_at));
	size_t *first = malloc(((size_t)n + 1) * sizeof(*first));
	struct match_choice *choices = malloc((total ? total : 1) * sizeof(*choices));
	int rc = capacity && pinned_at && first && choices ? ERR_OK : ERR_NOMEM;
	for (uint32_t s = 0; !rc && s < ns; s++) {
		uint64_t c = (uint64_t)m->capacity[s] + (ch->added ? ch->added[s] : 0);
		capacity[s] = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
	}
	for (uint32_t i = 0; !rc && ch->pin && i < n; i++)
		if (ch->pin[i] != MATCH_UNASSIGNED && ch->pin[i] < ns)
			pinned_at[ch->pin[i]] = true;
	size_t k = 0;
	for (uint32_t i = 0; !rc && i < n; i++) {
		first[i] = k;
		if (ch->gone && ch->gone[i])
			continue;
		uint32_t pin = ch->pin ? ch->pin[i] : MATCH_UNASSIGNED;
		for (size_t j = m->first[i]; j < m->first[i + 1]; j++) {
			struct match_choice c = m->choices[j];
			if (c.school == pin) {
				choices[k++] = (struct match_choice){c.school, 0};
				break;
			}
			/* below a pin's group 0 at a school with pins */
			if (c.school < ns && pinned_at[c.school] && c.group != MATCH_NO_GROUP)
				c.group++;
			choices[k++] = c;
		}
	}
	if (!rc) {
		first[n] = k;
		struct match_instance w = *m;
		w.capacity = capacity;
		w.first = first;
		w.choices = choices;
		rc = match_run(&w, after);
	}
	*nmoves = 0;
	for (uint32_t i = 0; !rc && i < n; i++)
		if (!(ch->gone && ch->gone[i]) && after[i] != before[i])
			moves[(*nmoves)++] = (struct waitlist_move){
				.applicant = i, .from = before[i], .to = after[i]};
	free(capacity);
	free(pinned_at);
	free(first);
	free(choices);
	return rc;
}
