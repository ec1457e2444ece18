/*
 * compat.c: the handler helpers of before the domain took over scope and
 * audit (src/domain/access/actor.h); each forwards to the actor. To go once
 * no handler calls them.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "domain/access/actor.h"
#include "domain/registry/student.h"

void api_audit_fill(struct req *r, const struct access_decision *d, const char *action,
		    int64_t person_id, struct audit_entry *e)
{
	actor_audit_fill(api_actor(r), d, action, person_id, e);
}
void api_write_refused(struct req *r, const struct audit_entry *e)
{
	struct actor *a = api_actor(r);
	struct audit_entry *copy = a ? arena_calloc(&r->arena, 1, sizeof(*copy)) : NULL;
	if (copy) {
		*copy = *e;
		a->refused = copy;
	}
}

int api_student_read(struct db_conn *c, struct req *r, int64_t id, struct student *s,
		     struct access_decision *d)
{
	return student_read_as(c, api_actor(r), id, s, d);
}

/* ---- writes ---- */

int api_audit_in_job(struct db_conn *c, struct req *r, const struct access_decision *d,
		     const char *action, int64_t person_id, const char *subject)
{
	return actor_audit(c, api_actor(r), d, action, person_id, subject);
}

int api_access_write(struct db_conn *c, struct req *r, int64_t person_id, const char *school_path,
		     const char *action, struct problem *p)
{
	return actor_may_write_student(c, api_actor(r), person_id, school_path, action, p);
}
