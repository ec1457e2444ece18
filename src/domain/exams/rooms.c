/*
 * rooms.c: seating candidates in rooms of one group, near home, with
 * candidate numbers that follow the seats (the rule is in rooms.h).
 *
 * Sites are sorted by (council, key) and named by their rank in that
 * order from then on, so a preferred site compares by rank and never by
 * the caller's index. Candidates are sorted once by (council, group,
 * preferred site rank, school, key): a council is then a run, a group a
 * run inside it, and the candidates of a group who prefer one site a run
 * inside that. A room is a slice of `seated` (positions in the sorted
 * order); rooms are opened in the order the rule says and numbered per
 * site as they open, then put in site order by a stable counting sort
 * for the candidate numbers.
 */
#include "core/base.h"
#include "domain/exams/rooms.h"

struct room {
	uint32_t site; /* rank */
	uint32_t number;
	uint32_t first; /* into seated */
	uint32_t count;
};

int rooms_order_cmp(const void *pa, const void *pb)
{
	const struct rooms_order_key *a = pa, *b = pb;
	if (a->council != b->council)
		return a->council < b->council ? -1 : 1;
	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	if (a->pref != b->pref)
		return a->pref < b->pref ? -1 : 1;
	if (a->school != b->school)
		return a->school < b->school ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sites sorted through an index array; the context is the site array. */
struct site_rank {
	uint32_t council;
	uint32_t index;
	uint64_t key;
};

static int site_order(const void *pa, const void *pb)
{
	const struct site_rank *a = pa, *b = pb;
	if (a->council != b->council)
		return a->council < b->council ? -1 : 1;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

uint64_t rooms_needed(const uint32_t *group_sizes, size_t n_groups, uint32_t room_max)
{
	uint64_t need = 0;
	for (size_t i = 0; i < n_groups && room_max; i++)
		need += (group_sizes[i] + (uint64_t)room_max - 1) / room_max;
	return need;
}

/* The working state of one run of rooms_assign. */
struct seating {
	uint32_t room_max;
	struct rooms_order_key *c; /* [n] sorted */
	struct site_rank *site;	   /* [s] sorted */
	uint32_t *free;		   /* [s] rooms left, by rank */
	uint32_t *next;		   /* [s] the next room number, by rank */
	uint8_t *placed;	   /* [n] by sorted position */
	uint32_t *seated;	   /* [n] sorted positions, room by room */
	uint32_t n_seated;
	struct room *rooms; /* [n] */
	uint32_t n_rooms;
};

/* Open the next room at site rank r with the sorted positions given by
 * pos[0..count-1] (or, pos NULL, first .. first + count - 1). */
static void room_open(struct seating *w, uint32_t r, const uint32_t *pos, uint32_t first,
		      uint32_t count)
{
	w->rooms[w->n_rooms++] = (struct room){r, w->next[r]++, w->n_seated, count};
	w->free[r]--;
	for (uint32_t j = 0; j < count; j++) {
		uint32_t p = pos ? pos[j] : first + j;
		w->seated[w->n_seated++] = p;
		w->placed[p] = 1;
	}
}

/* Seat the group at sorted positions [g0, g1) of a council whose sites
 * are ranks [s0, s1); the council has enough rooms. *cursor is the first
 * rank that may still have a free room. scratch has room_max entries. */
static void seat_group(struct seating *w, uint32_t g0, uint32_t g1, uint32_t s0, uint32_t s1,
		       uint32_t *cursor, uint32_t *scratch)
{
	uint32_t R = w->room_max;
	/* full rooms at the preferred site */
	for (uint32_t p0 = g0; p0 < g1;) {
		uint32_t p1 = p0;
		while (p1 < g1 && w->c[p1].pref == w->c[p0].pref)
			p1++;
		uint32_t r = w->c[p0].pref;
		if (r != ROOMS_NONE) {
			uint32_t full = (p1 - p0) / R;
			for (uint32_t j = 0; j < full && w->free[r]; j++)
				room_open(w, r, NULL, p0 + j * R, R);
		}
		p0 = p1;
	}
	/* the rest, in order, in rooms of R */
	uint32_t k = 0;
	for (uint32_t p = g0; p <= g1; p++) {
		if (p < g1 && w->placed[p])
			continue;
		if (p < g1)
			scratch[k++] = p;
		if (k == R || (p == g1 && k)) {
			uint32_t r = w->c[scratch[0]].pref;
			if (r == ROOMS_NONE || !w->free[r]) {
				while (*cursor < s1 && !w->free[*cursor])
					(*cursor)++;
				r = *cursor;
			}
			assert(r >= s0 && r < s1 && w->free[r]);
			room_open(w, r, scratch, 0, k);
			k = 0;
		}
	}
}

/* Number the council's rooms [r0, n_rooms) in site order: the council's
 * code, then 1.. through sites, rooms, seats. */
static int number_council(struct seating *w, uint32_t council, uint32_t r0, uint32_t s0,
			  uint32_t s1, struct rooms_seat *out)
{
	uint32_t ns = s1 - s0, nr = w->n_rooms - r0;
	uint32_t *start = calloc((size_t)ns + 1, sizeof(*start));
	struct room *sorted = calloc(nr ? nr : 1, sizeof(*sorted));
	if (!start || !sorted) {
		free(start);
		free(sorted);
		return ERR_NOMEM;
	}
	for (uint32_t i = r0; i < w->n_rooms; i++)
		start[w->rooms[i].site - s0 + 1]++;
	for (uint32_t i = 0; i < ns; i++)
		start[i + 1] += start[i];
	for (uint32_t i = r0; i < w->n_rooms; i++)
		sorted[start[w->rooms[i].site - s0]++] = w->rooms[i];
	uint32_t seq = 0;
	for (uint32_t i = 0; i < nr; i++) {
		const struct room *rm = &sorted[i];
		for (uint32_t j = 0; j < rm->count; j++) {
			const struct rooms_order_key *c = &w->c[w->seated[rm->first + j]];
			out[c->index] = (struct rooms_seat){
				.site = w->site[rm->site].index,
				.room = rm->number,
				.seat = j + 1,
				.number = council * (ROOMS_SEQ_MAX + 1) + ++seq,
			};
		}
	}
	free(start);
	free(sorted);
	return ERR_OK;
}

static void seating_free(struct seating *w, uint32_t *rank, uint32_t *scratch)
{
	free(w->c);
	free(w->site);
	free(w->free);
	free(w->next);
	free(w->placed);
	free(w->seated);
	free(w->rooms);
	free(rank);
	free(scratch);
}

int rooms_assign(const struct rooms_instance *m, struct rooms_seat *seat,
		 struct rooms_shortfall *short_out)
{
	if (!m || m->room_max == 0 || m->room_max > ROOMS_SEQ_MAX ||
	    m->n_candidates > UINT32_MAX - 1 || m->n_sites > UINT32_MAX - 1 ||
	    (m->n_candidates && (!m->candidates || !seat)) || (m->n_sites && !m->sites))
		return ERR_INVALID;
	uint32_t n = (uint32_t)m->n_candidates, s = (uint32_t)m->n_sites, R = m->room_max;
	for (uint32_t i = 0; i < s; i++)
		if (m->sites[i].council > ROOMS_COUNCIL_MAX)
			return ERR_INVALID;
	for (uint32_t i = 0; i < n; i++)
		if (m->candidates[i].council > ROOMS_COUNCIL_MAX)
			return ERR_INVALID;

	struct seating w = {.room_max = R};
	uint32_t *rank = malloc((s ? s : 1) * sizeof(*rank));
	uint32_t *scratch = malloc(R * sizeof(*scratch));
	w.c = malloc((n ? n : 1) * sizeof(*w.c));
	w.site = malloc((s ? s : 1) * sizeof(*w.site));
	w.free = malloc((s ? s : 1) * sizeof(*w.free));
	w.next = malloc((s ? s : 1) * sizeof(*w.next));
	w.placed = calloc(n ? n : 1, 1);
	w.seated = malloc((n ? n : 1) * sizeof(*w.seated));
	w.rooms = malloc((n ? n : 1) * sizeof(*w.rooms));
	if (!rank || !scratch || !w.c || !w.site || !w.free || !w.next || !w.placed || !w.seated ||
	    !w.rooms) {
		seating_free(&w, rank, scratch);
		return ERR_NOMEM;
	}
	for (uint32_t i = 0; i < s; i++)
		w.site[i] = (struct site_rank){m->sites[i].council, i, m->sites[i].key};
	qsort(w.site, s, sizeof(*w.site), site_order);
	for (uint32_t r = 0; r < s; r++) {
		rank[w.site[r].index] = r;
		w.free[r] = m->sites[w.site[r].index].rooms;
		w.next[r] = 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		const struct rooms_candidate *x = &m->candidates[i];
		uint32_t pref = ROOMS_NONE;
		if (x->site_pref < s && m->sites[x->site_pref].council == x->council)
			pref = rank[x->site_pref];
		w.c[i] = (struct rooms_order_key){x->council, x->group, pref, i, x->school, x->key};
	}
	qsort(w.c, n, sizeof(*w.c), rooms_order_cmp);

	struct rooms_shortfall sf = {0};
	int rc = ERR_OK;
	uint32_t s0 = 0;
	for (uint32_t c0 = 0; c0 < n && rc == ERR_OK;) {
		uint32_t council = w.c[c0].council, c1 = c0;
		while (c1 < n && w.c[c1].council == council)
			c1++;
		while (s0 < s && w.site[s0].council < council)
			s0++;
		uint32_t s1 = s0;
		uint64_t have = 0, need = 0;
		while (s1 < s && w.site[s1].council == council)
			have += w.free[s1++];
		for (uint32_t g0 = c0; g0 < c1;) {
			uint32_t g1 = g0;
			while (g1 < c1 && w.c[g1].group == w.c[g0].group)
				g1++;
			need += (g1 - g0 + (uint64_t)R - 1) / R;
			g0 = g1;
		}
		if (c1 - c0 > ROOMS_SEQ_MAX) {
			rc = ERR_INVALID;
		} else if (need > have) {
			if (!sf.councils_short++)
				sf = (struct rooms_shortfall){council, c1 - c0, need, have, 1};
		} else if (!sf.councils_short) {
			uint32_t cursor = s0, r0 = w.n_rooms;
			for (uint32_t g0 = c0; g0 < c1;) {
				uint32_t g1 = g0;
				while (g1 < c1 && w.c[g1].group == w.c[g0].group)
					g1++;
				seat_group(&w, g0, g1, s0, s1, &cursor, scratch);
				g0 = g1;
			}
			rc = number_council(&w, council, r0, s0, s1, seat);
		}
		c0 = c1;
		s0 = s1;
	}
	seating_free(&w, rank, scratch);
	if (rc != ERR_OK)
		return rc;
	if (sf.councils_short) {
		if (short_out)
			*short_out = sf;
		return ERR_CONFLICT;
	}
	return ERR_OK;
}
