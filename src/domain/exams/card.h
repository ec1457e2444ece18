/*
 * card.h: a candidate's admission card (docs/exams.md, "Rooms, numbers and
 * cards"): where and when they sit, as a W3C Verifiable Credential signed
 * the way school records are (records/proofset.h: one eddsa-jcs-2022 proof)
 * with the exam office's key (its "school" key, records/signing_key.h,
 * made on first use), so a phone holding the trust list, or `tabula
 * verify`, checks it offline: the QR holds the whole signed card.
 *
 * Who reads it: whoever may read the registration (the candidate, their
 * guardians, the staff reaching their school or the session's office;
 * others 404), audited. Before the room assignment: 409 not_assigned.
 */
#ifndef TABULA_DOMAIN_EXAMS_CARD_H
#define TABULA_DOMAIN_EXAMS_CARD_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/exams/registration.h"

struct db;
struct db_conn;

#define EXAM_CARD_TYPE "ExamAdmissionCard"

/*
 * Read the registration for its card (exam_card_read), then sign it in a
 * write (exam_card_sign_tx: the office's key is made and stored the first
 * time). credential is the signed card (a new reference, the caller's).
 */
struct exam_card {
	struct actor *by;
	int64_t registration_id;
	int64_t now; /* Unix seconds */
	/* out */
	struct exam_registration_view view; /* the registration and its audit entry */
	json_t *credential;
	const char *candidate_number;
	struct problem p;
};
/* The registration as by may read it: ERR_OK with x->view filled (refused:
 * view.d.allowed false and x->p), 409 not_assigned before the seating. */
int exam_card_read(struct db *db, struct exam_card *x) __attribute__((warn_unused_result));
int exam_card_sign_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
