/*
 * placement.h: sealing a round's inputs and placing its applicants
 * (docs/admissions.md, "Seal and run").
 *
 * Sealing, once the round has closed, writes the engine's input exactly as
 * `tabula admissions match --input` reads it, in RFC 8785 canonical JSON:
 *   {"applicants": [{"choices": [...], "id": "<application id>"}, ...],
 *    "schools": [{"capacity": N, "id": "<school code>"}, ...], "seed": S}
 * (applications in id order, schools in the round's order), and its
 * SHA-256. Running decodes those stored inputs alone (their hash checked
 * first), draws the lottery from the seed, runs deferred acceptance
 * (match.h) and stores each application's school and lottery number; the
 * SHA-256 of the output, canonical and as the command prints it, is kept,
 * so a second run (or anyone's run of the published inputs) can be
 * compared with it.
 *
 * Both are for the officers who run the round (round.h's ROUND_OFFICERS
 * reaching its office): 404 not_found for a round out of sight, 403
 * forbidden for one seen. Seal: 409 round_not_closed, round_sealed. Run:
 * 409 round_not_sealed.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_PLACEMENT_H
#define TABULA_DOMAIN_ADMISSIONS_PLACEMENT_H

#include "core/err.h"
#include "domain/access/actor.h"

struct db_conn;

struct placement_op {
	struct actor *by;
	int64_t round_id;
	/* out (run) */
	int placed, unplaced;
	struct problem p;
};
int placement_seal_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));
int placement_run_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* The sealed inputs of round id for `by` (staff who read the round):
 * *text (in by's arena) and its length. 404 not_found for a round out of
 * sight, 409 round_not_sealed before the seal. */
struct placement_inputs {
	int64_t round_id;
	const char *text;
	size_t len;
	struct problem p;
};
struct db;
struct arena;
/* The stored inputs of sealed round id, their hash checked: *text (in a)
 * and its length; 409 round_not_sealed before the seal. */
int placement_sealed_inputs(struct db_conn *c, struct arena *a, int64_t id, const char **text,
			    size_t *len, struct problem *p) __attribute__((warn_unused_result));
int placement_inputs_read(struct db *db, const struct actor *by, struct placement_inputs *x)
	__attribute__((warn_unused_result));

/*
 * Why an application got its placement (docs/admissions.md,
 * "Explanations"), from what the last run stored: per school the last
 * applicant it admitted (its cutoff: group and lottery number) and whether
 * it was full, and the application's own group there.
 */
struct placement_why {
	const char *school;
	bool full;	   /* every seat taken (or none to take) */
	bool admitted;	   /* anyone admitted: cut_* is the last of them */
	int64_t cut_group; /* PRIORITY_NONE: the last admitted had no group */
	int64_t cut_lottery;
	int64_t your_group; /* PRIORITY_NONE: none at this school */
	int64_t your_lottery;
};
struct placement_explanation {
	struct placement_why *above; /* the schools ranked above the placement, or all */
	int nabove;
	struct placement_why *placed; /* NULL: unplaced */
};
struct application;
struct match_input;
/*
 * The cutoffs of a placement (school[i] as match_run gave it for in):
 * last[s] the applicant school s admitted last in its own order (group,
 * lottery, tie-break), MATCH_UNASSIGNED when none; count[s] how many it
 * admitted. Both have in->m.n_schools entries.
 */
void placement_cutoffs(const struct match_input *in, const uint32_t *school, uint32_t *last,
		       uint64_t *count);
/* Applicant i's group at school s in in, or MATCH_NO_GROUP. */
uint32_t placement_group_at(const struct match_input *in, uint32_t i, uint32_t s);
/* ERR_NOTFOUND when the round has not run (or ran before cutoffs were
 * kept); ERR_OK with *out in a; ERR_NOMEM. */
int placement_explain(struct arena *a, const struct application *app,
		      struct placement_explanation *out) __attribute__((warn_unused_result));

#endif
