/*
 * role.h: the roles a person can hold, and the caller's identity.
 *
 * Role names are stable: the CLI, the API and the database use them as is.
 * Staff roles are bound to an organisation and reach its whole subtree.
 */
#ifndef TABULA_DOMAIN_ROLE_H
#define TABULA_DOMAIN_ROLE_H

/* X(enum name, stable name, must be bound to an org). A ministry_admin
 * without an org reaches the whole country (it creates the first ministry). */
#define ROLE_LIST(X)                                  \
	X(MINISTRY_ADMIN, "ministry_admin", false)    \
	X(PROVINCE_OFFICER, "province_officer", true) \
	X(DISTRICT_OFFICER, "district_officer", true) \
	X(SCHOOL_ADMIN, "school_admin", true)         \
	X(TEACHER, "teacher", true)                   \
	X(GUARDIAN, "guardian", false)                \
	X(STUDENT, "student", false)                  \
	X(CANDIDATE, "candidate", false)              \
	X(SUPPORT_AGENT, "support_agent", true)

/* clang-format off */
enum role {
#define ROLE_ENUM(e, name, bound) ROLE_##e,
	ROLE_LIST(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE__COUNT
};
/* clang-format on */

#define ROLE_BIT(r) (1u << (r))

/* The role of a stable name, or -1 if the name is not a role. */
int role_parse(const char *name);
/* The stable name of a role ("unknown" out of range). */
const char *role_name(enum role r);
/* Whether the role is always held at an organisation. */
bool role_needs_org(enum role r);

#define PRINCIPAL_MAX_GRANTS 8

/* One role held at one place. */
struct grant {
	enum role role;
	int64_t org_id;	      /* 0 if unbound */
	const char *org_code; /* NULL if unbound */
	const char *org_path; /* "/1/4/9/": the org and its ancestors' ids */
};

/* Who is calling; strings live in the request arena. */
struct principal {
	int64_t user_id;
	const char *username;
	int64_t person_id; /* the account's own person record (a student), or 0 */
	int ngrants;
	struct grant grants[PRINCIPAL_MAX_GRANTS];
};

/*
 * The subtree rule, the one place it is written: a grant reaches the org
 * with path `path` when it is held at that org or an ancestor (its path is
 * a prefix of `path`; paths end in '/', so "/1/4/" never reaches "/1/40/").
 * An unbound ministry_admin reaches every org; no other unbound grant
 * reaches any. A NULL path (no org) is reached only by the unbound
 * ministry_admin.
 *
 * principal_reach: the first of the principal's grants in `mask` (a
 * ROLE_BIT mask) that reaches `path`, or NULL.
 * principal_reaches: whether there is one.
 */
const struct grant *principal_reach(const struct principal *p, unsigned mask, const char *path);
bool principal_reaches(const struct principal *p, unsigned mask, const char *path);
/* The org path prefix that bounds what the principal's `roles` reach, for
 * filtering a search in SQL: "/" for a national administrator, the org's
 * path for one grant, and for several grants the longest path they all
 * share (the caller still checks each row with principal_reaches). NULL if
 * no grant in the mask is bound to an org. */
const char *principal_scope(const struct principal *p, unsigned mask);

/* True if the principal holds any role in the mask, anywhere. */
bool principal_has(const struct principal *p, unsigned roles);

#endif
