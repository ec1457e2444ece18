/*
 * rooms.h: seating an exam session's candidates in sites and rooms, and
 * their candidate numbers (issue 13, part 7).
 *
 * The engine knows no JSON, no ids as text and no store: candidates and
 * sites are flat arrays, and the result is one seat per candidate. The
 * rule (docs/exams.md, "Rooms, numbers and cards"):
 *
 *  - a candidate sits in their own council, at one of its sites;
 *  - a room holds at most room_max candidates (24), all of one grouping
 *    key (the pack's room_grouping: e.g. the same elective set), so a
 *    group g of n_g candidates in a council needs ceil(n_g / room_max)
 *    rooms; the engine uses exactly that many, the fewest possible, so it
 *    fails only when no seating at all exists: the council's rooms are
 *    fewer than the sum of those ceilings (ROOMS short, reported with the
 *    numbers);
 *  - near home: a candidate may name a preferred site of the council (the
 *    caller's choice: the site their own school hosts). Full rooms of
 *    candidates of one group who prefer one site are opened at that site
 *    while it has rooms; the rest of a group is packed in rooms of 24 in
 *    its order, each room at the preferred site of its first candidate if
 *    that site still has a room, else at the council's first site (by
 *    key) with a free room;
 *  - order: candidates of a group by (preferred site, school, key); rooms
 *    numbered 1, 2, ... per site in the order they are opened; seats
 *    1..k in a room in the group's order; candidate numbers are the council's
 *    two digits and a six-digit sequence 000001.. that follows the
 *    seating: sites by key, rooms, seats. Every choice is made from the
 *    candidates' and sites' keys and values, never from the arrays'
 *    order, so the same session gives the same seating on every run.
 *
 * Cost: O(n log n + s log s) for n candidates and s sites (two sorts),
 * memory about 48 bytes per candidate and 24 per site besides the
 * caller's arrays.
 */
#ifndef TABULA_DOMAIN_EXAMS_ROOMS_H
#define TABULA_DOMAIN_EXAMS_ROOMS_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

/* No preferred site. */
#define ROOMS_NONE UINT32_MAX
/* Council codes are two digits; the sequence six. */
#define ROOMS_COUNCIL_MAX 99u
#define ROOMS_SEQ_MAX	  999999u

/* The order candidates are seated in: by council, group, preferred site
 * (its rank among the council's sites), school, key; index (the
 * candidate's) last, so that no two compare equal. rooms_assign sorts by
 * rooms_order_cmp once; bench/exams_rooms times the same sort as its
 * ceiling. */
struct rooms_order_key {
	uint32_t council;
	uint32_t group;
	uint32_t pref; /* site rank, or ROOMS_NONE */
	uint32_t index;
	uint64_t school;
	uint64_t key;
};
int rooms_order_cmp(const void *a, const void *b);

/* A candidate to seat. key orders candidates and must be unique (the
 * registration's id); school orders them within a group (the id of the
 * school they register through); group is the grouping key as a number
 * (the caller numbers the distinct keys in a fixed order, e.g. sorted). */
struct rooms_candidate {
	uint64_t key;
	uint32_t council; /* 0 .. ROOMS_COUNCIL_MAX */
	uint32_t group;
	uint64_t school;
	uint32_t site_pref; /* a site index, or ROOMS_NONE; a site of another council counts as none
			     */
};

/* An exam site: key orders the sites of a council (the site's id) and must
 * be unique; rooms is how many rooms it has (0 allowed). */
struct rooms_site {
	uint64_t key;
	uint32_t council;
	uint32_t rooms;
};

/* A candidate's seat: site index, room 1.., seat 1..room_max, and the
 * candidate number as an integer: council * 1,000,000 + sequence, printed
 * with eight digits ("%08" PRIu32). */
struct rooms_seat {
	uint32_t site;
	uint32_t room;
	uint32_t seat;
	uint32_t number;
};

/* Why a seating failed (ERR_CONFLICT): the first council (lowest code)
 * without enough rooms, its candidates, the rooms it needs and has, and
 * how many councils are short in all. */
struct rooms_shortfall {
	uint32_t council;
	uint32_t candidates;
	uint64_t rooms_needed;
	uint64_t rooms_available;
	uint32_t councils_short;
};

struct rooms_instance {
	uint32_t room_max; /* 1 .. ROOMS_SEQ_MAX */
	size_t n_candidates;
	const struct rooms_candidate *candidates;
	size_t n_sites;
	const struct rooms_site *sites;
};

/*
 * Seat the candidates of m: on ERR_OK, seat[i] is candidate i's seat
 * (seat has n_candidates entries). ERR_CONFLICT when some council has too
 * few rooms: *short_out says which (seat is then undefined); ERR_INVALID
 * when m is malformed (room_max 0, a council past 99, a council with more
 * than 999,999 candidates, a NULL array with a count); ERR_NOMEM.
 * short_out may be NULL.
 */
int rooms_assign(const struct rooms_instance *m, struct rooms_seat *seat,
		 struct rooms_shortfall *short_out) __attribute__((warn_unused_result));

/* Rooms a council needs for its groups: sum of ceil(n_g / room_max). The
 * sizes are the candidates per group. */
uint64_t rooms_needed(const uint32_t *group_sizes, size_t n_groups, uint32_t room_max);

#endif
