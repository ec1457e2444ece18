/*
 * offer.h: offers, their answers and the moves down the waitlists
 * (docs/admissions.md, "Offers and waitlists").
 *
 * A run makes each placed application an offer ("offered"). The child's
 * guardian accepts or declines it while the round's offers are open (a
 * second round closes them: 409 offers_closed). Repeating an answer
 * changes nothing; accepting a declined offer is 409 offer_declined; an
 * application without an offer is 409 no_offer. A decline frees the seat:
 * the placement resumes as deferred acceptance without the declined
 * (waitlist.h), each application that moves is offered its new school
 * ("moved_from" its old one), and each move is recorded and audited. Once
 * any offer is answered (or anything moved) the round cannot be run again
 * (409 offers_started): the answers are never silently undone.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_OFFER_H
#define TABULA_DOMAIN_ADMISSIONS_OFFER_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/admissions/round.h"

struct db_conn;
struct application;

/* Take round id's row for the rest of the transaction (kind: 'r' the
 * round itself, 'a' the round of application id, 'p' of appeal id), so
 * that concurrent changes of one placement run one after the other. */
int offer_lock(struct db_conn *c, char kind, int64_t id) __attribute__((warn_unused_result));

/* For placement_run_tx (it locks the round first): 409 offers_started once the round's placement
 * has been answered or changed; ERR_OK before. */
int offer_rerun_check(struct db_conn *c, int64_t round_id, struct problem *p)
	__attribute__((warn_unused_result));
/* For placement_run_tx, after it stored the placements: every placed
 * application holds a fresh offer made at now. */
int offer_after_run(struct db_conn *c, int64_t round_id, int64_t now)
	__attribute__((warn_unused_result));

/* Accept or decline the offer of application id (work function). out:
 * changed (false: the same answer again), moved (applications moved down
 * the waitlists by a decline). */
struct offer_answer {
	struct actor *by;
	int64_t id;
	bool accept;
	/* out */
	bool changed;
	int moved;
	struct problem p;
};
int offer_answer_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Why the placement resumes: a decline of application_id, or an appeal
 * (appeal_id) upheld with a seat. */
struct offer_cause {
	const char *kind; /* "decline", "appeal" */
	int64_t application_id, appeal_id;
};
/*
 * Resume round r's placement from the stored one after a decline or an
 * upheld appeal (already written): waitlist_resume on the sealed inputs,
 * the declined gone, the appeals' pins and added seats; each move stored,
 * recorded with its cause and audited (admissions.move, decision d) in c.
 * *moved gets their number.
 */
int offer_resume(struct db_conn *c, struct actor *by, const struct access_decision *d,
		 const struct round *r, const struct offer_cause *cause, int64_t now, int *moved,
		 struct problem *p) __attribute__((warn_unused_result));

/* An application's place on the waitlist of a school it ranked above its
 * offer (1 first). */
struct offer_waitlist {
	const char *school;
	uint32_t position;
};
/* The waitlists of app (placed_known: the round has run) into
 * app->waitlists / nwaitlists, in a; nothing before a run. */
int offer_waitlists_read(struct db_conn *c, struct arena *a, struct application *app)
	__attribute__((warn_unused_result));

#endif
