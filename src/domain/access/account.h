/*
 * account.h: accounts as staff manage them, passwords, one-time codes,
 * the TOTP second factor and bulk issuing by a school.
 *
 * Scope rules (docs/accounts.md):
 *  - Roles are ranked: ministry_admin > province_officer > district_officer
 *    > school_admin > teacher > guardian, student, candidate.
 *  - A caller may grant a role at an org if one of their account-managing
 *    grants (ministry_admin .. school_admin) reaches that org and ranks at or
 *    above the role. Only a national ministry_admin grants an unbound one.
 *  - A caller may manage an account (disable it, issue it a reset code) if
 *    they could grant each of its roles where it holds them.
 * All functions that take a db_conn run inside a read or write job.
 */
#ifndef TABULA_DOMAIN_ACCOUNT_H
#define TABULA_DOMAIN_ACCOUNT_H

#include "core/arena.h"
#include "core/err.h"
#include "crypto/code.h"
#include "domain/access/role.h"

struct actor;
struct db_conn;

/* The roles that manage accounts (the registrars). */
#define ACCOUNT_MANAGERS                                                   \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN))

/* The password_hash of an account that has none yet: no Argon2id string, so
 * no password matches it; its user sets one with a one-time code. */
#define ACCOUNT_NO_PASSWORD "!"

/* True if the principal may grant `role` at the org with this path (NULL:
 * unbound). */
bool account_may_grant(const struct principal *who, enum role role, const char *org_path);

/* Check a new password: 8 or more characters, at most PASSWORD_MAX_BYTES,
 * not the user name. Fills p with field `field`. */
int account_password_validate(const char *password, const char *username, const char *field,
			      struct problem *p) __attribute__((warn_unused_result));

/* An account as staff see it; strings in the arena. */
struct account {
	int64_t id;
	const char *username;
	bool disabled;
	bool must_change_password;
	bool totp_enabled;
	int64_t created_at;
	int64_t person_id; /* 0: none */
	int ngrants;
	struct grant grants[PRINCIPAL_MAX_GRANTS];
};

/* Read an account with its grants; ERR_NOTFOUND if none. */
int account_get(struct db_conn *c, struct arena *a, const char *username, struct account *out)
	__attribute__((warn_unused_result));
/* True if the principal may manage the account (see above). */
bool account_may_manage(const struct principal *who, const struct account *acc);

/* Up to `limit` accounts with a role in the subtree of `path`, ids above
 * `after`, in id order; *n gets the count. */
int account_list(struct db_conn *c, struct arena *a, const char *path, int64_t after, int limit,
		 struct account *out, int *n) __attribute__((warn_unused_result));

struct account_input {
	const char *username;
	enum role role;
	int64_t org_id;	   /* 0: unbound */
	int64_t person_id; /* 0: none */
	int64_t created_by;
	const char *password_hash; /* NULL: ACCOUNT_NO_PASSWORD */
	bool must_change_password;
};

/* Insert an account and its role. ERR_CONFLICT (duplicate_username) fills p. */
int account_insert(struct db_conn *c, const struct account_input *in, int64_t now, int64_t *id,
		   struct problem *p) __attribute__((warn_unused_result));

/* End the user's live codes and record a fresh one, returned in `code`,
 * expiring at now + ttl. */
int account_code_issue(struct db_conn *c, int64_t user_id, const char *username, int64_t created_by,
		       int64_t now, int64_t ttl, char code[CODE_TEXT_MAX])
	__attribute__((warn_unused_result));
/* Use up a live code (canonical form). ERR_UNAUTHORIZED if it is wrong,
 * used or expired. */
int account_code_redeem(struct db_conn *c, int64_t user_id, const char *username,
			const char *canonical, int64_t now) __attribute__((warn_unused_result));

/* ERR_OK if the canonical code is live for the user now, else
 * ERR_UNAUTHORIZED; uses nothing up (account_code_redeem does). */
int account_code_check(struct db_conn *c, int64_t user_id, const char *username,
		       const char *canonical, int64_t now) __attribute__((warn_unused_result));

/* Set the password hash and clear must_change_password. */
int account_password_set(struct db_conn *c, int64_t user_id, const char *hash)
	__attribute__((warn_unused_result));
/* Lock the account (no login, no live session: session_lookup checks it)
 * or unlock it. */
int account_set_disabled(struct db_conn *c, int64_t user_id, bool disabled)
	__attribute__((warn_unused_result));

/* TOTP: store a sealed secret (not yet enabled), read it, enable/disable,
 * and accept a time step once (ERR_UNAUTHORIZED if it, or a later one, was
 * already used: a replayed code). */
int account_totp_store(struct db_conn *c, int64_t user_id, const char *sealed)
	__attribute__((warn_unused_result));
int account_totp_get(struct db_conn *c, struct arena *a, int64_t user_id, const char **sealed,
		     bool *enabled) __attribute__((warn_unused_result));
int account_totp_enable(struct db_conn *c, int64_t user_id, bool on)
	__attribute__((warn_unused_result));
int account_totp_use_step(struct db_conn *c, int64_t user_id, int64_t step)
	__attribute__((warn_unused_result));

/* ---- bulk issuing (POST /api/v1/orgs/{code}/accounts) ---- */

/* The most students one request issues accounts for. */
#define ACCOUNT_BULK_MAX 5000

struct bulk_item {
	int64_t student;
	const char *given_name, *family_name; /* in the arena */
	int64_t grade;
	const char *username; /* the account's; for a skipped student, the one it has */
	char code[CODE_TEXT_MAX];
	const char *skipped; /* NULL, or why: "has_account" */
};

/*
 * A school issues one account per student, each with a one-time code, all
 * or nothing: a guardian account is linked to the child (guardians), a
 * student or candidate account is the person's own (users.person_id; a
 * person who has one is skipped). The caller must be able to grant the role
 * at the school. The students are a list of ids (each enrolled at the
 * school now, else 422 unknown_student naming it) or every student of a
 * grade (at most ACCOUNT_BULK_MAX).
 */
struct account_bulk {
	struct actor *by;
	const char *school;	 /* its code */
	const char *role;	 /* the role's name: guardian, student or candidate */
	const char *relation;	 /* guardians: mother, father, guardian (NULL), other */
	const int64_t *students; /* NULL: by grade */
	int nstudents;
	bool by_grade;
	int64_t grade;
	int64_t ttl; /* the codes' lifetime */
	/* out */
	enum role parsed;
	int64_t now;
	struct bulk_item *items; /* the actor's arena, one per student */
	int n;
	struct problem p;
};
int account_bulk_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
