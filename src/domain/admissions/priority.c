/*
 * priority.c: priority groups, zones and claims (priority.h).
 */
#include "core/base.h"
#include "domain/admissions/priority.h"

/* A code: a string of 1 .. PRIORITY_CODE_MAX bytes without control
 * characters or commas. */
static bool code_ok(json_t *v)
{
	if (!json_is_string(v))
		return false;
	size_t n = json_string_length(v);
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	if (n == 0 || n > PRIORITY_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f || s[i] == ',')
			return false;
	return true;
}

/* The first member of obj not in names, or NULL. */
static const char *unknown_member(json_t *obj, const char *const *names, int n)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int k = 0;
		while (k < n && strcmp(key, names[k]))
			k++;
		if (k == n)
			return key;
	}
	return NULL;
}

/* Refuse with id on the field fmt names. */
static int bad(struct arena *a, struct problem *p, enum problem_id id, const char *detail,
	       const char *fmt, ...) PRINTF_LIKE(5, 6);
static int bad(struct arena *a, struct problem *p, enum problem_id id, const char *detail,
	       const char *fmt, ...)
{
	char field[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(field, sizeof(field), fmt, ap);
	va_end(ap);
	const char *copy = arena_strdup(a, field);
	if (!copy)
		return problem_err(p, ERR_NOMEM);
	return problem_set(p, id, copy, detail);
}

/* A group member (absent or null: PRIORITY_NONE). */
static int group_get(struct arena *a, json_t *v, const char *field, int64_t *out, struct problem *p)
{
	*out = PRIORITY_NONE;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > PRIORITY_GROUP_MAX)
		return bad(a, p, P_OUT_OF_RANGE,
			   "A priority group is an integer from 0 to 2147483647.", "%s", field);
	*out = json_integer_value(v);
	return ERR_OK;
}

/* A list of distinct codes into *out / *n; field names the list. */
static int codes_get(struct arena *a, json_t *list, const char *field, const char ***out, int *n,
		     struct problem *p)
{
	*n = 0;
	*out = NULL;
	if (!list || json_is_null(list))
		return ERR_OK;
	if (!json_is_array(list))
		return bad(a, p, P_INVALID, "A list of codes is expected.", "%s", field);
	size_t count = json_array_size(list);
	if (count > PRIORITY_LIST_MAX)
		return bad(a, p, P_TOO_MANY, NULL, "%s", field);
	*out = arena_calloc(a, count + 1, sizeof(**out));
	if (!*out)
		return problem_err(p, ERR_NOMEM);
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		if (!code_ok(c))
			return bad(a, p, P_INVALID,
				   "A code is 1 to 64 characters without commas or control "
				   "characters.",
				   "%s[%zu]", field, i);
		for (int j = 0; j < *n; j++)
			if (!strcmp((*out)[j], json_string_value(c)))
				return bad(a, p, P_DUPLICATE, "A code is listed twice.", "%s[%zu]",
					   field, i);
		if (!((*out)[(*n)++] = arena_strdup(a, json_string_value(c))))
			return problem_err(p, ERR_NOMEM);
	}
	return ERR_OK;
}

static int groups_check(struct arena *a, json_t *g, struct priority_rules *out, struct problem *p)
{
	static const char *const names[] = {"sibling", "zone", "categories"};
	if (!g || json_is_null(g))
		return ERR_OK;
	if (!json_is_object(g))
		return problem_set(p, P_INVALID, "priorities.groups", "The groups are an object.");
	const char *unknown = unknown_member(g, names, 3);
	if (unknown)
		return bad(a, p, P_INVALID, "Groups are sibling, zone and categories.",
			   "priorities.groups.%s", unknown);
	int rc = group_get(a, json_object_get(g, "sibling"), "priorities.groups.sibling",
			   &out->sibling, p);
	if (!rc)
		rc = group_get(a, json_object_get(g, "zone"), "priorities.groups.zone", &out->zone,
			       p);
	if (rc)
		return rc;
	json_t *cats = json_object_get(g, "categories");
	if (!cats || json_is_null(cats))
		return ERR_OK;
	if (!json_is_object(cats))
		return problem_set(p, P_INVALID, "priorities.groups.categories",
				   "The categories are an object of name: group.");
	size_t n = json_object_size(cats);
	if (n > PRIORITY_LIST_MAX)
		return problem_set(p, P_TOO_MANY, "priorities.groups.categories", NULL);
	out->categories = arena_calloc(a, n + 1, sizeof(*out->categories));
	out->category_group = arena_calloc(a, n + 1, sizeof(*out->category_group));
	if (!out->categories || !out->category_group)
		return problem_err(p, ERR_NOMEM);
	const char *key;
	json_t *v;
	json_object_foreach(cats, key, v)
	{
		json_t *name = json_string(key);
		bool ok = code_ok(name);
		json_decref(name);
		const char *field = arena_printf(a, "priorities.groups.categories.%s", key);
		if (!field)
			return problem_err(p, ERR_NOMEM);
		if (!ok)
			return problem_set(p, P_INVALID, field,
					   "A category is 1 to 64 characters without commas or "
					   "control characters.");
		int64_t grp;
		if ((rc = group_get(a, v, field, &grp, p)))
			return rc;
		if (grp == PRIORITY_NONE)
			return problem_set(p, P_OUT_OF_RANGE, field,
					   "A priority group is an integer from 0 to 2147483647.");
		if (!(out->categories[out->ncategories] = arena_strdup(a, key)))
			return problem_err(p, ERR_NOMEM);
		out->category_group[out->ncategories++] = grp;
	}
	return ERR_OK;
}

static int zones_check(struct arena *a, json_t *z, struct priority_rules *out, struct problem *p)
{
	if (!z || json_is_null(z))
		return ERR_OK;
	if (!json_is_object(z))
		return problem_set(p, P_INVALID, "priorities.zones",
				   "The zones are an object of school code: area codes.");
	size_t n = json_object_size(z);
	if (n > PRIORITY_LIST_MAX)
		return problem_set(p, P_TOO_MANY, "priorities.zones", NULL);
	out->zones = arena_calloc(a, n + 1, sizeof(*out->zones));
	if (!out->zones)
		return problem_err(p, ERR_NOMEM);
	const char *key;
	json_t *v;
	json_object_foreach(z, key, v)
	{
		struct priority_zone *zone = &out->zones[out->nzones++];
		const char *field = arena_printf(a, "priorities.zones.%s", key);
		if (!field || !(zone->school = arena_strdup(a, key)))
			return problem_err(p, ERR_NOMEM);
		if (!json_is_array(v))
			return problem_set(p, P_INVALID, field, "A zone is a list of area codes.");
		int rc = codes_get(a, v, field, &zone->areas, &zone->nareas, p);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

int priority_rules_check(struct arena *a, json_t *v, struct priority_rules *out, struct problem *p)
{
	static const char *const names[] = {"groups", "zones"};
	memset(out, 0, sizeof(*out));
	out->sibling = out->zone = PRIORITY_NONE;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_object(v))
		return problem_set(p, P_INVALID, "priorities",
				   "The priorities are an object with groups and zones.");
	const char *unknown = unknown_member(v, names, 2);
	if (unknown)
		return bad(a, p, P_INVALID, "The priorities have groups and zones.",
			   "priorities.%s", unknown);
	int rc = groups_check(a, json_object_get(v, "groups"), out, p);
	return rc ? rc : zones_check(a, json_object_get(v, "zones"), out, p);
}

int priority_rules_parse(struct arena *a, const char *text, struct priority_rules *out,
			 struct problem *p)
{
	if (!text)
		return priority_rules_check(a, NULL, out, p);
	json_t *v = json_loads(text, 0, NULL);
	if (!v)
		return problem_set(p, P_INTERNAL, NULL, NULL);
	int rc = priority_rules_check(a, v, out, p);
	json_decref(v);
	return rc;
}

static bool rules_category(const struct priority_rules *r, const char *name, int64_t *group)
{
	for (int i = 0; i < r->ncategories; i++)
		if (!strcmp(r->categories[i], name)) {
			*group = r->category_group[i];
			return true;
		}
	return false;
}

int priority_claims_check(struct arena *a, json_t *v, const struct priority_rules *rules,
			  bool (*has_school)(const void *ctx, const char *code), const void *ctx,
			  struct priority_claims *out, struct problem *p)
{
	static const char *const names[] = {"area", "siblings", "categories"};
	memset(out, 0, sizeof(*out));
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_object(v))
		return problem_set(p, P_INVALID, "claims",
				   "The claims are an object with area, siblings and categories.");
	const char *unknown = unknown_member(v, names, 3);
	if (unknown)
		return bad(a, p, P_INVALID, "The claims are area, siblings and categories.",
			   "claims.%s", unknown);
	json_t *area = json_object_get(v, "area");
	if (area && !json_is_null(area)) {
		if (!code_ok(area))
			return problem_set(p, P_INVALID, "claims.area",
					   "An area code is 1 to 64 characters without commas or "
					   "control characters.");
		if (!(out->area = arena_strdup(a, json_string_value(area))))
			return problem_err(p, ERR_NOMEM);
	}
	int rc = codes_get(a, json_object_get(v, "siblings"), "claims.siblings", &out->siblings,
			   &out->nsiblings, p);
	if (!rc)
		rc = codes_get(a, json_object_get(v, "categories"), "claims.categories",
			       &out->categories, &out->ncategories, p);
	if (rc)
		return rc;
	for (int i = 0; i < out->nsiblings; i++)
		if (!has_school(ctx, out->siblings[i]))
			return bad(a, p, P_SCHOOL_NOT_IN_ROUND, NULL, "%s[%zu]", "claims.siblings",
				   (size_t)i);
	int64_t g;
	for (int i = 0; i < out->ncategories; i++)
		if (!rules_category(rules, out->categories[i], &g))
			return bad(a, p, P_UNKNOWN_CATEGORY, NULL, "%s[%zu]", "claims.categories",
				   (size_t)i);
	return ERR_OK;
}

int priority_claims_parse(struct arena *a, const char *text, struct priority_claims *out)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		return ERR_OK;
	json_t *v = json_loads(text, 0, NULL);
	if (!v)
		return ERR_INVALID;
	struct problem p = {0};
	json_t *area = json_object_get(v, "area");
	int rc = ERR_OK;
	if (json_is_string(area) && !(out->area = arena_strdup(a, json_string_value(area))))
		rc = ERR_NOMEM;
	if (!rc)
		rc = codes_get(a, json_object_get(v, "siblings"), "claims.siblings", &out->siblings,
			       &out->nsiblings, &p);
	if (!rc)
		rc = codes_get(a, json_object_get(v, "categories"), "claims.categories",
			       &out->categories, &out->ncategories, &p);
	json_decref(v);
	return rc;
}

int64_t priority_group_at(const struct priority_rules *r, const struct priority_claims *c,
			  const char *school)
{
	int64_t best = PRIORITY_NONE;
#define TAKE(g)                                                                  \
	do {                                                                     \
		int64_t g_ = (g);                                                \
		if (g_ != PRIORITY_NONE && (best == PRIORITY_NONE || g_ < best)) \
			best = g_;                                               \
	} while (0)
	if (r->sibling != PRIORITY_NONE)
		for (int i = 0; i < c->nsiblings; i++)
			if (!strcmp(c->siblings[i], school))
				TAKE(r->sibling);
	if (r->zone != PRIORITY_NONE && c->area)
		for (int z = 0; z < r->nzones; z++)
			if (!strcmp(r->zones[z].school, school))
				for (int i = 0; i < r->zones[z].nareas; i++)
					if (!strcmp(r->zones[z].areas[i], c->area))
						TAKE(r->zone);
	for (int i = 0; i < c->ncategories; i++) {
		int64_t g;
		/* A category the round no longer defines gives nothing. */
		if (rules_category(r, c->categories[i], &g))
			TAKE(g);
	}
#undef TAKE
	return best;
}

const char *priority_text(struct arena *a, json_t *v, bool *nomem)
{
	*nomem = false;
	if (!v || json_is_null(v))
		return NULL;
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!s) {
		*nomem = true;
		return NULL;
	}
	const char *copy = arena_strdup(a, s);
	free(s);
	*nomem = !copy;
	return copy;
}
