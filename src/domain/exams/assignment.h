/*
 * assignment.h: assigning an exam session's candidates to sites, rooms and
 * seats, with their candidate numbers, after registration closes
 * (docs/exams.md, "Rooms, numbers and cards").
 *
 * Who: the managers of the session's office (registrars reaching its org:
 * the ministry's or the province's officers); others 403 out_of_scope.
 * When: at or after closes_at (409 registration_open before). Whom: every
 * confirmed registration; submitted and returned ones are not seated (the
 * school has not confirmed them). Where: the council whose province holds
 * the school the candidate registers through (a free candidate: the site's
 * school), preferring the site that school hosts; grouped by the pack's
 * room_grouping (track and subjects), rooms of at most the pack's
 * room_max. The seating is rooms.h's rule, so running it again on the same
 * registrations gives the same seats and numbers. 409 not_enough_rooms
 * names the first council short and its numbers; nothing is changed.
 *
 * Storing: one transaction in the writer; only the seats that change are
 * written (a re-run that seats everyone alike writes none): by one prepared
 * statement per seat on SQLite, in batches of ASSIGNMENT_BATCH rows per
 * statement on PostgreSQL (assignment_store); one audit entry for the whole
 * assignment.
 */
#ifndef TABULA_DOMAIN_EXAMS_ASSIGNMENT_H
#define TABULA_DOMAIN_EXAMS_ASSIGNMENT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

#define ASSIGNMENT_BATCH 10000

/* The work function's context: in by, session_id, now_ms (the instant the
 * request arrived); out the counts, or p. */
struct exam_assign {
	struct actor *by;
	int64_t session_id;
	int64_t now_ms;
	/* out */
	int64_t candidates, rooms, sites;
	int64_t changed; /* seats written: those not held already */
	struct problem p;
};
int exam_assign_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One room of a session as GET .../rooms lists it. */
struct exam_room {
	int64_t site_id;
	const char *site, *site_name, *council;
	int room, candidates;
	const char *first_number, *last_number, *track, *subjects;
};

/* The rooms of session_id, for the staff reaching its office (404
 * not_found for no session or one the caller may not see). Strings and
 * the array in by->arena. */
struct exam_rooms_list {
	int64_t session_id;
	/* out */
	int64_t assigned_at; /* ms; 0: never assigned */
	const char *time_zone;
	struct exam_room *rooms;
	size_t n;
	struct problem p;
};
int exam_rooms_read(struct db *db, const struct actor *by, struct exam_rooms_list *x)
	__attribute__((warn_unused_result));

/* The grouping key of a registration: track "|" its subjects sorted and
 * joined by ",", from the stored JSON array text; in a (NULL: no memory). */
const char *exam_group_key(struct arena *a, const char *track, const char *subjects_json);

#endif
