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
#include "db/db.h"
#include "domain/access/role.h"

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
			      struct problem *p);

struct account_grant {
	enum role role;
	const char *org_code; /* NULL if unbound */
	const char *org_path;
};

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
	struct account_grant grants[PRINCIPAL_MAX_GRANTS];
};

/* Read an account with its grants; ERR_NOTFOUND if none. */
int account_get(struct db_conn *c, struct arena *a, const char *username, struct account *out);
/* True if the principal may manage the account (see above). */
bool account_may_manage(const struct principal *who, const struct account *acc);

/* Up to `limit` accounts with a role in the subtree of `path`, ids above
 * `after`, in id order; *n gets the count. */
int account_list(struct db_conn *c, struct arena *a, const char *path, int64_t after, int limit,
		 struct account *out, int *n);

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
		   struct problem *p);

/* End the user's live codes and record a fresh one, returned in `code`,
 * expiring at now + ttl. */
int account_code_issue(struct db_conn *c, int64_t user_id, const char *username, int64_t created_by,
		       int64_t now, int64_t ttl, char code[CODE_TEXT_MAX]);
/* Use up a live code (canonical form). ERR_UNAUTHORIZED if it is wrong,
 * used or expired. */
int account_code_redeem(struct db_conn *c, int64_t user_id, const char *username,
			const char *canonical, int64_t now);

/* ERR_OK if the canonical code is live for the user now, else
 * ERR_UNAUTHORIZED; uses nothing up (account_code_redeem does). */
int account_code_check(struct db_conn *c, int64_t user_id, const char *username,
		       const char *canonical, int64_t now);

/* Set the password hash and clear must_change_password. */
int account_password_set(struct db_conn *c, int64_t user_id, const char *hash);
int account_set_disabled(struct db_conn *c, int64_t user_id, bool disabled);

/* TOTP: store a sealed secret (not yet enabled), read it, enable/disable,
 * and accept a time step once (ERR_UNAUTHORIZED if it, or a later one, was
 * already used: a replayed code). */
int account_totp_store(struct db_conn *c, int64_t user_id, const char *sealed);
int account_totp_get(struct db_conn *c, struct arena *a, int64_t user_id, const char **sealed,
		     bool *enabled);
int account_totp_enable(struct db_conn *c, int64_t user_id, bool on);
int account_totp_use_step(struct db_conn *c, int64_t user_id, int64_t step);

/* ---- bulk issuing ---- */

struct bulk_item {
	int64_t student;
	const char *given_name, *family_name; /* in the arena */
	int64_t grade;
	const char *username; /* NULL if skipped */
	char code[CODE_TEXT_MAX];
	const char *skipped; /* NULL, or why: "has_account" */
};

struct bulk_request {
	enum role role; /* guardian, student or candidate */
	int64_t school_id;
	const char *relation;	 /* guardians: mother, father, guardian, other */
	const int64_t *students; /* NULL: every student of `grade` */
	int nstudents;
	int64_t grade;
	int64_t created_by, now, ttl;
	int max_items;
};

/* Create one account per student with a one-time code, in one write job.
 * *items (arena) holds one entry per student; a student not at the school
 * fails the whole request (unknown_student, with the id). */
int account_bulk_issue(struct db_conn *c, struct arena *a, const struct bulk_request *req,
		       struct bulk_item **items, int *n, struct problem *p);

#endif
