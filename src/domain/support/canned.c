/*
 * canned.c: canned answers per level (canned.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/common/work.h"
#include "domain/support/canned.h"

static bool lang_ok(const char *l)
{
	return l && (!strcmp(l, "fa") || !strcmp(l, "vi") || !strcmp(l, "en"));
}

static int row_read(struct db_res *res, struct arena *a, struct canned *out)
{
	out->id = db_int(res, C_CANNED__ID);
	out->lang = db_dup(res, C_CANNED__LANG, a);
	out->title = db_dup(res, C_CANNED__TITLE, a);
	out->body = db_dup(res, C_CANNED__BODY, a);
	out->created_at_ms = db_int(res, C_CANNED__CREATED_AT_MS);
	out->updated_at_ms = db_int(res, C_CANNED__UPDATED_AT_MS);
	out->org_code = db_dup(res, C_CANNED__ORG_CODE, a);
	out->org_name = db_dup(res, C_CANNED__ORG_NAME, a);
	out->org_kind = db_dup(res, C_CANNED__ORG_KIND, a);
	out->org_path = db_dup(res, C_CANNED__ORG_PATH, a);
	return out->lang && out->title && out->body && out->org_code && out->org_name &&
			       out->org_kind && out->org_path
		       ? ERR_OK
		       : ERR_NOMEM;
}

/* The org with this code: id and path (in a). 404 unknown_org. */
static int org_find(struct db_conn *c, struct arena *a, const char *code, int64_t *id,
		    const char **path, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_CANNED_ORG, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NO_SUCH_ORG, "org", NULL);
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_CANNED_ORG__ID);
	*path = db_dup(&res, C_CANNED_ORG__PATH, a);
	db_done(&res);
	return *path ? ERR_OK : problem_err(p, ERR_NOMEM);
}

/* The org of the first support staff grant bound to one, or NULL. */
static const char *default_org(const struct principal *who)
{
	for (int i = 0; who && i < who->ngrants; i++)
		if ((ROLE_BIT(who->grants[i].role) & SUPPORT_STAFF) && who->grants[i].org_code)
			return who->grants[i].org_code;
	return NULL;
}

static int list_fn(struct db_conn *c, void *ctx)
{
	struct canned_list *x = ctx;
	int64_t org_id;
	const char *path;
	int rc = org_find(c, x->arena, x->org_code, &org_id, &path, &x->p);
	if (rc)
		return rc;
	if (!principal_reaches(x->who, SUPPORT_STAFF, path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "You are not support staff of this level.");
	const char *lang = x->lang ? x->lang : "";
	struct db_val v[] = {DBV_TEXT(path), DBV_TEXT(lang), DBV_TEXT(lang)};
	struct db_res res;
	int cap = 32;
	x->items = arena_calloc(x->arena, (size_t)cap, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	rc = db_query(c, Q_CANNED_FOR_PATH, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			struct canned *more =
				arena_calloc(x->arena, (size_t)cap * 2, sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, x->items, (size_t)cap * sizeof(*more));
			x->items = more;
			cap *= 2;
		}
		struct canned *e = &x->items[x->n++];
		rc = row_read(&res, x->arena, e);
		if (!rc)
			e->can_edit = principal_reaches(x->who, SUPPORT_STAFF, e->org_path);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

int canned_list(struct db *db, struct canned_list *x)
{
	if (x->lang && !lang_ok(x->lang))
		return problem_set(&x->p, P_INVALID, "lang", "A language is fa, vi or en.");
	if (!x->org_code)
		x->org_code = default_org(x->who);
	if (!x->org_code)
		return problem_set(&x->p, P_REQUIRED, "org", "Name the level (an org code).");
	return work_read(db, list_fn, x);
}

/* The fields of a create or change. */
static int fields_check(const struct canned_write *x, struct problem *p)
{
	if (!x->lang)
		return problem_set(p, P_REQUIRED, "lang", NULL);
	if (!lang_ok(x->lang))
		return problem_set(p, P_INVALID, "lang", "A language is fa, vi or en.");
	if (!x->title || !*x->title)
		return problem_set(p, P_REQUIRED, "title", NULL);
	if (utf8_length(x->title, strlen(x->title)) > CANNED_TITLE_MAX)
		return problem_set(p, P_TOO_LONG, "title", "A title is at most 200 characters.");
	if (!x->body || !*x->body)
		return problem_set(p, P_REQUIRED, "body", NULL);
	if (utf8_length(x->body, strlen(x->body)) > CANNED_BODY_MAX)
		return problem_set(p, P_TOO_LONG, "body", "A body is at most 5,000 characters.");
	return ERR_OK;
}

static int reread(struct db_conn *c, struct canned_write *x, int64_t id)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_CANNED_GET, &v, 1, &res);
	if (rc)
		return problem_err(&x->p, rc);
	rc = row_read(&res, x->by->arena, &x->out);
	db_done(&res);
	x->out.can_edit = true;
	return problem_err(&x->p, rc);
}

int canned_write_tx(struct db_conn *c, void *ctx)
{
	struct canned_write *x = ctx;
	const struct principal *who = x->by->who;
	int64_t now = time_now_ms();
	if (!x->id) {
		if (!x->org_code)
			return problem_set(&x->p, P_REQUIRED, "org", NULL);
		int64_t org_id;
		const char *path;
		int rc = org_find(c, x->by->arena, x->org_code, &org_id, &path, &x->p);
		if (rc)
			return rc;
		if (!principal_reaches(who, SUPPORT_STAFF, path))
			return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
					   "You are not support staff of this level.");
		rc = fields_check(x, &x->p);
		if (rc)
			return rc;
		struct db_val v[] = {DBV_INT(org_id),	DBV_TEXT(x->lang), DBV_TEXT(x->title),
				     DBV_TEXT(x->body), DBV_INT(now),	   DBV_INT(who->user_id),
				     DBV_INT(now)};
		struct db_res res;
		rc = db_row(c, Q_CANNED_INSERT, v, ARRAY_SIZE(v), &res);
		if (rc)
			return problem_err(&x->p, rc);
		int64_t id = db_int(&res, C_CANNED_INSERT__ID);
		db_done(&res);
		return reread(c, x, id);
	}
	int rc = reread(c, x, x->id);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No canned answer has this id.");
	if (rc)
		return rc;
	if (!principal_reaches(who, SUPPORT_STAFF, x->out.org_path)) {
		/* Staff below the answer's level see it (403); others do not (404). */
		bool below = false;
		for (int i = 0; i < who->ngrants; i++)
			if ((ROLE_BIT(who->grants[i].role) & SUPPORT_STAFF) &&
			    who->grants[i].org_path &&
			    !strncmp(who->grants[i].org_path, x->out.org_path,
				     strlen(x->out.org_path)))
				below = true;
		if (below)
			return problem_set(
				&x->p, P_OUT_OF_SCOPE, NULL,
				"Only the support staff of the answer's level change it.");
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No canned answer has this id.");
	}
	struct db_val id = DBV_INT(x->id);
	if (x->del)
		return problem_err(&x->p, db_exec(c, Q_CANNED_DELETE, &id, 1, NULL));
	rc = fields_check(x, &x->p);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_TEXT(x->lang), DBV_TEXT(x->title), DBV_TEXT(x->body), DBV_INT(now),
			     DBV_INT(x->id)};
	rc = db_exec(c, Q_CANNED_UPDATE, v, ARRAY_SIZE(v), NULL);
	if (rc)
		return problem_err(&x->p, rc);
	return reread(c, x, x->id);
}
