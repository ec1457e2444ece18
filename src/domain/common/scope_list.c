/*
 * scope_list.c: rows seen through several scopes, merged (scope_list.h).
 */
#include "core/base.h"
#include "domain/access/access.h"
#include "domain/common/scope_list.h"

static void *item_at(const struct scope_list *l, int i)
{
	return (char *)l->items + (size_t)i * l->size;
}

static int64_t id_of(const struct scope_list *l, const void *item)
{
	int64_t id;
	memcpy(&id, (const char *)item + l->id_offset, sizeof(id));
	return id;
}

int scope_list_init(struct scope_list *l, struct arena *a)
{
	l->n = 0;
	l->items = arena_calloc(a, (size_t)l->max + 1, l->size);
	return l->items ? ERR_OK : ERR_NOMEM;
}

int scope_list_add(struct db_conn *c, struct arena *a, struct scope_list *l, enum query_id q,
		   const struct db_val *v, size_t nv, bool staff)
{
	struct db_res res;
	int rc = db_query(c, q, v, nv, &res);
	int step = 0;
	while (!rc && l->n < l->max && (step = db_next(&res)) == 1) {
		void *item = item_at(l, l->n);
		rc = l->read(&res, a, item);
		int64_t id = rc ? 0 : id_of(l, item);
		bool dup = false;
		for (int i = 0; !rc && i < l->n && !dup; i++)
			dup = id_of(l, item_at(l, i)) == id;
		if (!rc && !dup && (staff || !l->open || l->open(item, l->now)))
			l->n++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int scope_list_staff(struct db_conn *c, struct arena *a, const struct principal *p,
		     struct scope_list *l, enum query_id under, enum query_id over)
{
	int rc = ERR_OK;
	for (int i = 0; !rc && p && i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(ROLE_BIT(g->role) & ACCESS_STAFF))
			continue;
		if (g->role != ROLE_MINISTRY_ADMIN && !g->org_path)
			continue;
		const char *path = g->org_path ? g->org_path : "/";
		struct db_val below[] = {DBV_TEXT(path), DBV_TEXT(path)};
		rc = scope_list_add(c, a, l, under, below, ARRAY_SIZE(below), true);
		struct db_val above = DBV_TEXT(path);
		if (!rc)
			rc = scope_list_add(c, a, l, over, &above, 1, true);
	}
	return rc;
}
