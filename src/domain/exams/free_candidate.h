/*
 * free_candidate.h: free candidates (thí sinh tự do: graduates of earlier
 * years, those who left school) registered at a designated site by its
 * staff (docs/exams.md, "Evidence, review and free candidates").
 *
 * Rules, in order:
 *  - an Idempotency-Key the account used before answers the registration
 *    it made then and changes nothing (the one-time code is not shown
 *    again: it is stored only hashed; reissue it with
 *    POST /users/{username}/reset-code);
 *  - the session exists and the caller sees it (404 not_found);
 *  - the site: a site of the session (422 invalid on "site") that
 *    registers free candidates (422 not_free_candidate_site on "site"),
 *    whose school the caller reaches as a registrar (403 out_of_scope on
 *    "site"): its school_admin, the officers above it;
 *  - the person: "student" (an id in the registry the caller may read,
 *    else 422 unknown_student on "student"), or "person" checked as the
 *    registry checks a new record (422 on "person.<field>": the national
 *    id by the pack's country rule, required here; names; birth date; sex).
 *    A national id the registry holds names that record when its birth
 *    date and sex agree (409 identity_mismatch on "person.birth_date"
 *    otherwise); else a new record, status "applicant", owned by the
 *    site's school, flagged possible_duplicate when the registry's
 *    likely-duplicate rule says so;
 *  - the registration, as the candidate's own (registration.h: the window,
 *    the pack's combination rule for kind "free", exemptions, category),
 *    kind "free", at the site's school;
 *  - a candidate account for the person if they have none ("c<id>-xxxx",
 *    held at the site's school) with a one-time code, as the account
 *    sheets issue them; a person who has one keeps it (no code).
 * Audited exams.free_candidate.
 */
#ifndef TABULA_DOMAIN_EXAMS_FREE_CANDIDATE_H
#define TABULA_DOMAIN_EXAMS_FREE_CANDIDATE_H

#include "core/err.h"
#include "crypto/code.h"
#include "domain/access/actor.h"

struct db_conn;

#define FREE_CANDIDATE_KEY_MAX 200

struct free_candidate_create {
	struct actor *by;
	int64_t session_id;
	int64_t student; /* 0: person */
	const char *national_id, *given_name, *family_name, *birth_date, *sex;
	const char *site;
	const char **subjects;
	int nsubjects;
	const char **exemptions;
	int nexemptions;
	const char *category, *track; /* NULL: none, the pack's default */
	const char *key;	      /* Idempotency-Key, or NULL */
	int64_t now_ms;		      /* when the request arrived */
	const char *lang;	      /* the reader's, for the window's refusal */
	int64_t ttl;		      /* the code's lifetime, seconds */
	/* out */
	int64_t person_id, registration_id;
	bool replayed, person_created, flagged;
	const char *username; /* the candidate's account */
	bool account_created; /* issued now: code holds its one-time code */
	char code[CODE_TEXT_MAX];
	struct problem p;
};
int free_candidate_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
