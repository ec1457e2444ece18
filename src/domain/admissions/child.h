/*
 * child.h: a new child registered from home by a guardian, for an admission
 * round (docs/admissions.md, "A new child").
 *
 * Rules, in order:
 *  - a guardian account (the route admits no other role) while the round is
 *    open: a round not yet open is 404 not_found (guardians do not see it
 *    before), a closed one 409 round_closed;
 *  - the round has a rule set (409 no_rule_set), whose country the child
 *    is registered in;
 *  - relation: mother, father, guardian or other (422 invalid);
 *  - the identity as the registry checks it (422 with the field: the
 *    national id by the country's rule, names, birth date, sex), the
 *    national id required when the rule set says so (422 required);
 *  - the rule set's age rule (422 age_not_eligible on birth_date, the
 *    dates in the detail);
 *  - a national id already in the registry: 409 already_registered (on
 *    national_id, naming nobody); a likely duplicate by name, birth date and
 *    sex is stored and flagged possible_duplicate for the school to review;
 *  - an Idempotency-Key the account used before answers the child it made
 *    then and changes nothing.
 * The child is a person with status "applicant", owned by the round's
 * office, the caller linked as its guardian; audited admissions.child.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_CHILD_H
#define TABULA_DOMAIN_ADMISSIONS_CHILD_H

#include "core/err.h"
#include "domain/access/actor.h"

struct db_conn;

#define CHILD_KEY_MAX 200

struct child_create {
	struct actor *by;
	int64_t round_id;
	const char *given_name, *family_name, *birth_date, *sex, *national_id, *relation;
	const char *key; /* Idempotency-Key, or NULL */
	/* out */
	int64_t id;
	bool replayed, flagged;
	struct problem p;
};
int child_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
