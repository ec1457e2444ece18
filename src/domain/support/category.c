/*
 * category.c: ticket categories and their deadlines (category.h).
 */
#include "core/base.h"

#include "db/db.h"
#include "domain/support/access.h"
#include "domain/support/category.h"

bool support_level_valid(const char *s)
{
	return s && (!strcmp(s, "school") || !strcmp(s, "district") || !strcmp(s, "province") ||
		     !strcmp(s, "ministry"));
}

static int user_country(struct db_conn *c, struct arena *a, int64_t user, const char **out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user), DBV_INT(user), DBV_INT(user)};
	int rc = db_row(c, Q_SUPPORT_USER_COUNTRY, v, 3, &res);
	if (rc == ERR_NOTFOUND) {
		*out = "IR";
		return ERR_OK;
	}
	if (rc)
		return rc;
	*out = db_dup(&res, C_SUPPORT_USER_COUNTRY__COUNTRY, a);
	db_done(&res);
	return *out ? ERR_OK : ERR_NOMEM;
}

/* The categories of country into out->items. */
static int categories_read(struct db_conn *c, struct arena *a, const char *country,
			   struct support_category_list *x)
{
	int cap = 32;
	x->items = arena_calloc(a, (size_t)cap, sizeof(*x->items));
	if (!x->items)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_TEXT(country);
	int rc = db_query(c, Q_SUPPORT_CATEGORY_LIST, &v, 1, &res), step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, C_SUPPORT_CATEGORY_LIST__ID);
		struct support_category *k = x->n ? &x->items[x->n - 1] : NULL;
		if (!k || k->id != id) {
			if (x->n == cap)
				break;
			k = &x->items[x->n++];
			k->id = id;
			k->code = db_dup(&res, C_SUPPORT_CATEGORY_LIST__CODE, a);
			k->names = db_dup(&res, C_SUPPORT_CATEGORY_LIST__NAMES, a);
			k->position = (int)db_int(&res, C_SUPPORT_CATEGORY_LIST__POSITION);
			if (!k->code || !k->names) {
				rc = ERR_NOMEM;
				break;
			}
		}
		if (db_null(&res, C_SUPPORT_CATEGORY_LIST__LEVEL) ||
		    k->ndeadlines == SUPPORT_LEVELS)
			continue;
		struct support_deadline *d = &k->deadlines[k->ndeadlines++];
		d->level = db_dup(&res, C_SUPPORT_CATEGORY_LIST__LEVEL, a);
		d->first_answer_min = db_int(&res, C_SUPPORT_CATEGORY_LIST__FIRST_ANSWER_MIN);
		d->resolve_min = db_int(&res, C_SUPPORT_CATEGORY_LIST__RESOLVE_MIN);
		if (!d->level)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct support_category_list *x = ctx;
	int rc = ERR_OK;
	if (!x->country)
		rc = user_country(c, by->arena, by->who ? by->who->user_id : 0, &x->country);
	if (!rc)
		rc = categories_read(c, by->arena, x->country, x);
	return problem_err(&x->p, rc);
}

int support_category_list_read(struct db *db, const struct actor *by,
			       struct support_category_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, list_work, x);
}

/* A ministry_admin of country: national, or bound to an org of it. */
static int country_admin(struct db_conn *c, struct arena *a, const struct principal *p,
			 const char *country, bool *out)
{
	*out = false;
	for (int i = 0; p && i < p->ngrants && !*out; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role != ROLE_MINISTRY_ADMIN)
			continue;
		if (!g->org_id) {
			*out = true;
			break;
		}
		struct support_org o;
		int rc = support_org_get(c, a, g->org_id, &o);
		if (rc)
			return rc;
		*out = !strcmp(o.country, country);
	}
	return ERR_OK;
}

int support_deadlines_put_tx(struct db_conn *c, void *ctx)
{
	struct support_deadlines_put *x = ctx;
	struct arena *a = x->by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_row(c, Q_SUPPORT_CATEGORY_BY_ID, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such category.");
	if (rc)
		return problem_err(&x->p, rc);
	x->country = db_dup(&res, C_SUPPORT_CATEGORY_BY_ID__COUNTRY, a);
	db_done(&res);
	if (!x->country)
		return problem_err(&x->p, ERR_NOMEM);
	bool admin;
	rc = country_admin(c, a, x->by->who, x->country, &admin);
	if (rc)
		return problem_err(&x->p, rc);
	if (!admin)
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only a ministry administrator of the category's country sets "
				   "its deadlines.");
	for (int i = 0; i < x->nin && !rc; i++) {
		struct db_val dv[] = {DBV_INT(x->id), DBV_TEXT(x->in[i].level),
				      DBV_INT(x->in[i].first_answer_min),
				      DBV_INT(x->in[i].resolve_min)};
		rc = db_exec(c, Q_SUPPORT_DEADLINE_UPSERT, dv, ARRAY_SIZE(dv), NULL);
	}
	struct support_category_list all = {0};
	if (!rc)
		rc = categories_read(c, a, x->country, &all);
	for (int i = 0; !rc && i < all.n; i++)
		if (all.items[i].id == x->id)
			x->out = all.items[i];
	return problem_err(&x->p, rc);
}
