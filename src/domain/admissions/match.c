/*
 * match.c: student-proposing deferred acceptance over flat arrays.
 *
 * Every applicant gets one number, its rank in the lottery order (lottery,
 * tie-break, index), so that a school's order is the 64-bit key
 * (group << 32 | rank): one integer compare, and the key names the
 * applicant again through by_rank. Each school keeps the applicants it
 * holds in a max-heap of keys (the worst held on top) in one shared array,
 * sized by the seats it can ever fill: min(capacity, applicants who list
 * it). Free applicants wait on a stack; the order in which they propose
 * does not change the outcome (the result is the applicant-optimal stable
 * matching whatever the order), so a stack is as good as a queue and
 * cheaper.
 */
#include "core/base.h"
#include "domain/admissions/match.h"

/* One applicant in the lottery order's sort. */
struct draw {
	uint64_t lottery;
	uint32_t tiebreak;
	uint32_t index;
};

/* Byte d of the sort key, least significant first: the tie-break's four
 * bytes, then the lottery's eight. */
static unsigned digit(const struct draw *x, unsigned d)
{
	return d < 4 ? (x->tiebreak >> (8 * d)) & 0xff
		     : (unsigned)(x->lottery >> (8 * (d - 4))) & 0xff;
}

/* A least-significant-digit radix sort, a byte at a time: stable, so equal
 * keys keep the index order they start in, and O(n) where a comparison
 * sort of a million applicants costs several times more. A byte that is
 * the same in every key (the high bytes of small numbers, a tie-break
 * that is absent) costs one counting pass and no move. */
int match_lottery_order(uint32_t n, const uint64_t *lottery, const uint32_t *tiebreak,
			uint32_t *order)
{
	enum { DIGITS = 12 };
	struct draw *a = malloc((n ? n : 1) * sizeof(*a)), *b = malloc((n ? n : 1) * sizeof(*b));
	size_t(*count)[256] = calloc(DIGITS, sizeof(*count));
	if (!a || !b || !count) {
		free(a);
		free(b);
		free(count);
		return ERR_NOMEM;
	}
	for (uint32_t i = 0; i < n; i++) {
		a[i] = (struct draw){lottery[i], tiebreak ? tiebreak[i] : 0, i};
		for (unsigned d = 0; d < DIGITS; d++)
			count[d][digit(&a[i], d)]++;
	}
	for (unsigned d = 0; d < DIGITS && n; d++) {
		if (count[d][digit(&a[0], d)] == n)
			continue;
		size_t at = 0;
		for (unsigned v = 0; v < 256; v++) {
			size_t c = count[d][v];
			count[d][v] = at;
			at += c;
		}
		for (uint32_t i = 0; i < n; i++)
			b[count[d][digit(&a[i], d)]++] = a[i];
		struct draw *t = a;
		a = b;
		b = t;
	}
	for (uint32_t i = 0; i < n; i++)
		order[i] = a[i].index;
	free(a);
	free(b);
	free(count);
	return ERR_OK;
}

/* Add key to the max-heap h of n keys (room for n + 1). */
static void heap_push(uint64_t *h, uint32_t n, uint64_t key)
{
	uint32_t i = n;
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (h[parent] >= key)
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = key;
}

/* Replace the top of the max-heap h of n keys by key (which is smaller). */
static void heap_replace_top(uint64_t *h, uint32_t n, uint64_t key)
{
	uint32_t i = 0;
	for (;;) {
		uint64_t l = 2 * (uint64_t)i + 1;
		if (l >= n)
			break;
		uint32_t c = (uint32_t)l;
		if (c + 1 < n && h[c + 1] > h[c])
			c++;
		if (h[c] <= key)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = key;
}

/* The shape checks of match_run's contract. */
static int check(const struct match_instance *m)
{
	if (m->n_schools > MATCH_MAX_SCHOOLS || m->n_applicants > MATCH_MAX_APPLICANTS)
		return ERR_INVALID;
	if (m->n_schools && !m->capacity)
		return ERR_INVALID;
	if (m->n_applicants && (!m->lottery || !m->first))
		return ERR_INVALID;
	if (!m->n_applicants)
		return ERR_OK;
	if (m->first[0] != 0)
		return ERR_INVALID;
	for (uint32_t a = 0; a < m->n_applicants; a++)
		if (m->first[a + 1] < m->first[a])
			return ERR_INVALID;
	size_t total = m->first[m->n_applicants];
	if (total && !m->choices)
		return ERR_INVALID;
	for (size_t i = 0; i < total; i++)
		if (m->choices[i].school >= m->n_schools)
			return ERR_INVALID;
	return ERR_OK;
}

int match_run(const struct match_instance *m, uint32_t *school)
{
	int rc = check(m);
	if (rc)
		return rc;
	uint32_t n = m->n_applicants, ns = m->n_schools;
	size_t total = n ? m->first[n] : 0;

	uint32_t *seats = calloc(ns ? ns : 1, sizeof(*seats));
	uint32_t *held = calloc(ns ? ns : 1, sizeof(*held));
	size_t *heap_at = malloc(((size_t)ns + 1) * sizeof(*heap_at));
	uint32_t *rank = malloc((n ? n : 1) * sizeof(*rank));
	uint32_t *by_rank = malloc((n ? n : 1) * sizeof(*by_rank));
	size_t *next = malloc((n ? n : 1) * sizeof(*next));
	uint32_t *stack = malloc((n ? n : 1) * sizeof(*stack));
	uint64_t *keys = NULL;
	rc = ERR_NOMEM;
	if (!seats || !held || !heap_at || !rank || !by_rank || !next || !stack)
		goto done;

	/* The lottery order, once for all schools. */
	if ((rc = match_lottery_order(n, m->lottery, m->tiebreak, by_rank)))
		goto done;
	rc = ERR_NOMEM;
	for (uint32_t r = 0; r < n; r++)
		rank[by_rank[r]] = r;

	/* Seats a school can ever fill: its capacity, but no more than the
	 * applicants who list it, so that a huge capacity costs nothing. */
	for (size_t i = 0; i < total; i++) {
		uint32_t s = m->choices[i].school;
		if (seats[s] < m->capacity[s])
			seats[s]++;
	}
	heap_at[0] = 0;
	for (uint32_t s = 0; s < ns; s++)
		heap_at[s + 1] = heap_at[s] + seats[s];
	keys = calloc(heap_at[ns] ? heap_at[ns] : 1, sizeof(*keys));
	if (!keys)
		goto done;

	uint32_t top = 0;
	for (uint32_t a = n; a-- > 0;) {
		next[a] = m->first[a];
		stack[top++] = a;
	}
	while (top) {
		uint32_t a = stack[--top];
		if (next[a] == m->first[a + 1])
			continue; /* every school refused: unplaced */
		struct match_choice c = m->choices[next[a]++];
		uint64_t key = (uint64_t)c.group << 32 | rank[a];
		uint64_t *h = keys + heap_at[c.school];
		uint32_t cnt = held[c.school];
		if (cnt < seats[c.school]) {
			heap_push(h, cnt, key);
			held[c.school] = cnt + 1;
		} else if (cnt == 0 || key > h[0]) {
			stack[top++] = a; /* refused: on to the next choice */
		} else {
			uint32_t loser = by_rank[(uint32_t)h[0]];
			heap_replace_top(h, cnt, key);
			stack[top++] = loser;
		}
	}

	for (uint32_t a = 0; a < n; a++)
		school[a] = MATCH_UNASSIGNED;
	for (uint32_t s = 0; s < ns; s++)
		for (uint32_t i = 0; i < held[s]; i++)
			school[by_rank[(uint32_t)keys[heap_at[s] + i]]] = s;
	rc = ERR_OK;
done:
	free(seats);
	free(held);
	free(heap_at);
	free(rank);
	free(by_rank);
	free(next);
	free(stack);
	free(keys);
	return rc;
}
