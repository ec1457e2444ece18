/*
 * prefill.h: the application form prefilled from the registry
 * (docs/admissions.md, "The prefilled form").
 *
 * For a guardian linked to the child, in a round they may read: the
 * child's identity, current school and grade, the verdict of the round's
 * age rule (when it has a rule set), and suggested claims: `siblings`, the
 * round's schools where another child linked to the same account is
 * enrolled now; `area`, the area of the account's last application that
 * claimed one. A round out of sight is 404 not_found; a child out of sight
 * 404 not_found (field student); staff who see the child 403 forbidden (the
 * form is the family's). Audited (admissions.prefill), refusals too.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_PREFILL_H
#define TABULA_DOMAIN_ADMISSIONS_PREFILL_H

#include "core/err.h"
#include "domain/access/access.h"
#include "domain/access/actor.h"
#include "domain/registry/student.h"

struct db;

struct prefill_view {
	int64_t round_id, student;
	/* out */
	const char *rules; /* the round's rule set, or NULL */
	struct student s;
	bool age_known, eligible; /* the age rule's verdict, when the round has one */
	int entry_year;		  /* the school year's start year it was judged for */
	char earliest[11], latest[11];
	const char **siblings; /* school codes */
	int nsiblings;
	const char *area; /* or NULL */
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int prefill_read(struct db *db, const struct actor *by, struct prefill_view *x)
	__attribute__((warn_unused_result));

#endif
