/*
 * role.c: role names and what a principal's grants reach (role.h).
 */
#include "core/base.h"
#include "domain/access/role.h"

static const struct {
	const char *name;
	bool bound;
} roles[] = {
#define ROLE_ROW(e, name, bound) {name, bound},
	ROLE_LIST(ROLE_ROW)
#undef ROLE_ROW
};

int role_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (!strcmp(roles[i].name, name))
			return (int)i;
	return -1;
}

const char *role_name(enum role r)
{
	return (size_t)r < ARRAY_SIZE(roles) ? roles[r].name : "unknown";
}

bool role_needs_org(enum role r)
{
	return (size_t)r < ARRAY_SIZE(roles) && roles[r].bound;
}

static bool grant_reaches(const struct grant *g, const char *path)
{
	if (!g->org_path)
		return g->role == ROLE_MINISTRY_ADMIN;
	return path && !strncmp(path, g->org_path, strlen(g->org_path));
}

const struct grant *principal_reach(const struct principal *p, unsigned mask, const char *path)
{
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if ((mask & ROLE_BIT(g->role)) && grant_reaches(g, path))
			return g;
	}
	return NULL;
}

bool principal_reaches(const struct principal *p, unsigned mask, const char *path)
{
	return principal_reach(p, mask, path) != NULL;
}

bool principal_has(const struct principal *p, unsigned mask)
{
	for (int i = 0; i < p->ngrants; i++)
		if (mask & ROLE_BIT(p->grants[i].role))
			return true;
	return false;
}

const char *principal_scope(const struct principal *p, unsigned mask)
{
	const char *scope = NULL;
	size_t len = 0;
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (!(mask & ROLE_BIT(g->role)))
			continue;
		if (!g->org_path) {
			if (g->role == ROLE_MINISTRY_ADMIN)
				return "/";
			continue;
		}
		if (!scope) {
			scope = g->org_path;
			len = strlen(scope);
			continue;
		}
		/* Shorten to the common prefix, ending at a '/'. */
		size_t k = 0;
		while (k < len && g->org_path[k] && g->org_path[k] == scope[k])
			k++;
		while (k > 0 && scope[k - 1] != '/')
			k--;
		len = k;
	}
	if (!scope)
		return NULL;
	if (len <= 1)
		return "/";
	static _Thread_local char buf[512];
	if (len >= sizeof(buf))
		return "/";
	memcpy(buf, scope, len);
	buf[len] = '\0';
	return buf;
}
