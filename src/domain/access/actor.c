/*
 * actor.c: the audit entries of an actor's decisions (actor.h).
 */
#include "core/base.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"

const char *actor_ip(const struct actor *a)
{
	const char *ip = !a ? NULL : a->ip ? a->ip : a->address ? a->address(a->address_src) : NULL;
	return ip ? ip : "-";
}

void actor_audit_fill(const struct actor *a, const struct access_decision *d, const char *action,
		      int64_t person_id, struct audit_entry *e)
{
	const struct principal *who = a ? a->who : NULL;
	memset(e, 0, sizeof(*e));
	e->user_id = who ? who->user_id : 0;
	e->username = who ? who->username : "";
	e->role = d && d->grant ? role_name(d->grant->role) : "";
	e->org_code = d && d->grant ? d->grant->org_code : NULL;
	e->action = action;
	e->person_id = person_id;
	e->allowed = d && d->allowed;
	e->ip = actor_ip(a);
}

int actor_audit(struct db_conn *c, const struct actor *a, const struct access_decision *d,
		const char *action, int64_t person_id, const char *subject)
{
	struct audit_entry e;
	actor_audit_fill(a, d, action, person_id, &e);
	e.subject = subject;
	return audit_append(c, &e, 1);
}

int actor_refuse(struct actor *a, const struct access_decision *d, const char *action,
		 int64_t person_id, const char *subject)
{
	struct audit_entry *e = arena_calloc(a->arena, 1, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	actor_audit_fill(a, d, action, person_id, e);
	e->subject = subject ? arena_strdup(a->arena, subject) : NULL;
	if (subject && !e->subject)
		return ERR_NOMEM;
	a->refused = e;
	return ERR_OK;
}

int actor_may_read_student(struct db_conn *c, const struct actor *a, enum access_action act,
			   int64_t person_id, struct access_decision *d)
{
	const char *school_path = NULL;
	int rc = access_student_school(c, a->arena, person_id, &school_path);
	if (rc == ERR_NOTFOUND) {
		access_absent(a->who, d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	return access_student(c, a->who, act, person_id, school_path, d);
}

int actor_may_write_student(struct db_conn *c, struct actor *a, int64_t person_id,
			    const char *school_path, const char *action, struct problem *p)
{
	struct access_decision d;
	int rc = access_student(c, a->who, ACCESS_WRITE, person_id, school_path, &d);
	if (rc)
		return problem_err(p, rc);
	if (d.allowed) {
		rc = actor_audit(c, a, &d, action, person_id, NULL);
		return problem_err(p, rc);
	}
	if (actor_refuse(a, &d, action, person_id, NULL))
		return problem_err(p, ERR_NOMEM);
	if (!d.visible)
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	return problem_set(p, P_FORBIDDEN, NULL, "Your role may not change this student's record.");
}

struct actor_read {
	const struct actor *by;
	actor_read_fn fn;
	void *ctx;
};

static int actor_read_work(struct db_conn *c, void *ctx)
{
	struct actor_read *r = ctx;
	return r->fn(c, r->by, r->ctx);
}

int actor_work_read(struct db *db, const struct actor *by, actor_read_fn fn, void *ctx)
{
	struct actor_read r = {.by = by, .fn = fn, .ctx = ctx};
	return work_read(db, actor_read_work, &r);
}

int actor_audit_student_read(const struct actor *a, const struct access_decision *d,
			     const char *action, int64_t person_id, struct audit_entry **out,
			     struct problem *p)
{
	*out = arena_calloc(a->arena, 1, sizeof(**out));
	if (!*out)
		return problem_err(p, ERR_NOMEM);
	actor_audit_fill(a, d, action, person_id, *out);
	if (!d->allowed)
		problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	return ERR_OK;
}

int actor_may_write_org(struct actor *a, const char *org_path, const char *action,
			int64_t person_id, const char *subject, const char *field,
			const char *detail, struct access_decision *d, struct problem *p)
{
	struct access_decision mine;
	if (!d)
		d = &mine;
	access_org(a->who, ACCESS_WRITE, org_path, d);
	if (d->allowed)
		return ERR_OK;
	if (actor_refuse(a, d, action, person_id, subject))
		return problem_err(p, ERR_NOMEM);
	return problem_set(p, P_OUT_OF_SCOPE, field, detail);
}
