/*
 * access.h: who may see and act on a support ticket, and where a new one
 * lands (docs/support.md, "Tickets").
 *
 *  - Support staff of an org X: holders of SUPPORT_STAFF whose grant
 *    reaches X (held at X or an ancestor).
 *  - A ticket at org T is read and acted on by T's support staff; staff
 *    reaching its origin org (where it was filed) but not T read it only;
 *    anyone else sees nothing (404: never sideways). Its requester reads
 *    it without the notes and without who among staff read it.
 *  - A new ticket lands, for a guardian naming their child, at the child's
 *    school; for a student or candidate account, at their own school; for
 *    staff, at the org of their grant, one level up when they are support
 *    staff of it (a principal asks the district), never above the
 *    ministry.
 */
#ifndef TABULA_DOMAIN_SUPPORT_ACCESS_H
#define TABULA_DOMAIN_SUPPORT_ACCESS_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/access.h"

struct db_conn;

/* The support staff roles; defined here once, used everywhere. */
#define SUPPORT_STAFF                                                        \
	(ROLE_BIT(ROLE_SUPPORT_AGENT) | ROLE_BIT(ROLE_SCHOOL_ADMIN) |        \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_MINISTRY_ADMIN))

/* How a reader stands to a ticket. */
enum support_role {
	SUPPORT_ROLE_NONE, /* sees nothing: 404 */
	SUPPORT_REQUESTER, /* filed it: reads it without notes, replies */
	SUPPORT_ORIGIN,	   /* staff of the org it was filed at, now elsewhere: reads only */
	SUPPORT_ACTING,	   /* staff of its current level: everything */
};

/* The places of a ticket as the rules see them. */
struct support_ticket_ref {
	int64_t requester_id;
	const char *org_path, *origin_path;
};

/* How p stands to ticket t; *g gets the grant it rests on (NULL for the
 * requester without a staff grant reaching it). No I/O. Acting staff win
 * over the requester (a principal reading a ticket escalated to them). */
enum support_role support_role_of(const struct principal *p, const struct support_ticket_ref *t,
				  const struct grant **g);

/* The decision for the audit log, from a role. */
void support_decision(const struct principal *p, enum support_role role, const struct grant *g,
		      struct access_decision *d);

/* An org as a ticket's level. */
struct support_org {
	int64_t id, parent_id; /* parent 0: none */
	const char *code, *name, *kind, *path, *country;
};
int support_org_get(struct db_conn *c, struct arena *a, int64_t id, struct support_org *out)
	__attribute__((warn_unused_result));
int support_org_by_code(struct db_conn *c, struct arena *a, const char *code,
			struct support_org *out) __attribute__((warn_unused_result));

/* Where a new ticket by p lands: *out the org; `student` (0: none) the
 * child named, `org` (NULL: none) the code of the caller's grant they file
 * from. Problems: 422 required on student (a guardian names their child),
 * unknown_student (not their child), required/unknown_org on org. */
int support_landing(struct db_conn *c, struct arena *a, const struct principal *p, int64_t student,
		    const char *org, struct support_org *out, struct problem *pb)
	__attribute__((warn_unused_result));

#endif
