/*
 * notice.c: what a level is told (notice.h).
 */
#include "core/base.h"

#include "db/db.h"
#include "domain/support/access.h"
#include "domain/support/notice.h"

static int list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct support_notice_list *x = ctx;
	struct arena *a = by->arena;
	const struct principal *p = by->who;
	const char *scope;
	if (x->org) {
		struct support_org o;
		int rc = support_org_by_code(c, a, x->org, &o);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_ORG, "org", NULL);
		if (rc)
			return problem_err(&x->p, rc);
		if (!principal_reaches(p, SUPPORT_STAFF, o.path))
			return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
					   "You are not support staff of this organisation.");
		scope = o.path;
	} else {
		scope = principal_scope(p, SUPPORT_STAFF);
		if (!scope && principal_reaches(p, SUPPORT_STAFF, "/"))
			scope = "/";
		if (!scope)
			return problem_set(&x->p, P_FORBIDDEN, NULL,
					   "Only support staff receive notices.");
		scope = arena_strdup(a, scope);
		if (!scope)
			return problem_err(&x->p, ERR_NOMEM);
	}
	x->items = arena_calloc(a, (size_t)x->limit + 1, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_val v[] = {DBV_TEXT(scope),	DBV_TEXT(scope),   DBV_INT(x->unread ? 1 : 0),
			     DBV_INT(x->after), DBV_INT(x->after), DBV_INT(x->limit + 1)};
	struct db_res res;
	int rc = db_query(c, Q_SUPPORT_NOTICE_LIST, v, ARRAY_SIZE(v), &res), step = 0, seen = 0;
	int64_t last = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (seen++ == x->limit) {
			x->next = last;
			break;
		}
		last = db_int(&res, C_SUPPORT_NOTICE_LIST__ID);
		size_t plen;
		const char *path = db_text(&res, C_SUPPORT_NOTICE_LIST__ORG_PATH, &plen);
		if (!principal_reaches(p, SUPPORT_STAFF, path))
			continue;
		struct support_notice *n = &x->items[x->n++];
		n->id = last;
		n->ticket_id = db_int(&res, C_SUPPORT_NOTICE_LIST__TICKET_ID);
		n->created_at = db_int(&res, C_SUPPORT_NOTICE_LIST__CREATED_AT_MS);
		n->read_at = db_int0(&res, C_SUPPORT_NOTICE_LIST__READ_AT_MS);
		n->org = db_dup(&res, C_SUPPORT_NOTICE_LIST__ORG_CODE, a);
		n->kind = db_dup(&res, C_SUPPORT_NOTICE_LIST__KIND, a);
		n->subject = db_dup(&res, C_SUPPORT_NOTICE_LIST__SUBJECT, a);
		n->read_by = db_null(&res, C_SUPPORT_NOTICE_LIST__READ_BY)
				     ? NULL
				     : db_dup(&res, C_SUPPORT_NOTICE_LIST__READ_BY, a);
		if (!n->org || !n->kind || !n->subject)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

int support_notice_list_read(struct db *db, const struct actor *by, struct support_notice_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, list_work, x);
}

int support_notice_read_tx(struct db_conn *c, void *ctx)
{
	struct support_notice_mark *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_row(c, Q_SUPPORT_NOTICE_BY_ID, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such notice.");
	if (rc)
		return problem_err(&x->p, rc);
	size_t plen;
	bool mine = principal_reaches(x->by->who, SUPPORT_STAFF,
				      db_text(&res, C_SUPPORT_NOTICE_BY_ID__ORG_PATH, &plen));
	db_done(&res);
	if (!mine)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such notice.");
	struct db_val uv[] = {DBV_INT(x->now), DBV_INT(x->by->who->user_id), DBV_INT(x->id)};
	rc = db_exec(c, Q_SUPPORT_NOTICE_READ, uv, ARRAY_SIZE(uv), NULL);
	if (rc)
		return problem_err(&x->p, rc);
	(void)a;
	x->out.id = x->id;
	x->out.read_at = x->now;
	return ERR_OK;
}
