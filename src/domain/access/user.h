/*
 * user.h: accounts: creating one (the command line, staff), reading what a
 * login needs, and the staff's management of the accounts in their part of
 * the tree (account.h holds the scope rules and the stored operations).
 */
#ifndef TABULA_DOMAIN_USER_H
#define TABULA_DOMAIN_USER_H

#include "core/arena.h"
#include "core/err.h"
#include "crypto/code.h"
#include "domain/access/account.h"
#include "domain/access/grant.h"
#include "domain/access/role.h"

struct actor;
struct db;
struct db_conn;

#define USERNAME_MAX 64

struct user_input {
	const char *username;
	const char *password_hash; /* already hashed */
	enum role role;
	const char *org;	   /* org code, required for staff roles */
	bool must_change_password; /* a first login must set a new password */
	int64_t person_id;	   /* a student account: the student it is (0: none) */
};

/* Check a user name: 3-64 of a-z 0-9 . _ - @ (stored lower-case). */
int user_name_validate(const char *username, struct problem *p) __attribute__((warn_unused_result));

/* In a write: create the account with its first role; with in->person_id,
 * the student must exist (unknown_student on "student"). *id gets the new
 * account's id. */
int user_create(struct db_conn *c, const struct user_input *in, int64_t *id, struct problem *p)
	__attribute__((warn_unused_result));

/* `tabula user add`: user_create as a work function (work_write). */
struct user_add {
	struct user_input in;
	int64_t id; /* out */
	struct problem p;
};
int user_add_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

struct user_login {
	int64_t id;
	const char *password_hash; /* in the arena */
	bool disabled;
	bool must_change_password;
	bool totp_enabled;
	const char *totp_secret; /* sealed (crypto/secret.h), in the arena; NULL if none */
};

/* Fetch what a login needs. ERR_NOTFOUND if no such user. */
int user_login_get(struct db_conn *c, struct arena *a, const char *username, struct user_login *out)
	__attribute__((warn_unused_result));

/* ---- staff managing accounts (POST, GET /api/v1/users...) ----
 *
 * Staff create accounts only inside their subtree and with a role at or
 * below their own (account_may_grant). An account the caller may not
 * manage (account_may_manage) is answered as absent: 404 not_found. */

/* Create an account with a one-time code to set its password. */
struct user_new {
	struct actor *by;
	const char *username, *role; /* the role's name */
	const char *org;	     /* its org's code; NULL: unbound (ministry_admin) */
	int64_t ttl;		     /* the code's lifetime */
	/* out */
	int64_t id, now;
	enum role parsed;
	char code[CODE_TEXT_MAX];
	struct problem p;
};
int user_new_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A page of the accounts holding a role in a subtree the caller manages:
 * `org`'s (NULL: the subtree all the caller's managing grants share). */
struct user_list {
	struct actor *by;
	const char *org;
	int64_t after; /* ids above it */
	int limit;     /* 1 .. */
	/* out, in the actor's arena */
	struct account *items;
	int n;
	int64_t next; /* the cursor of the next page; 0: none */
	struct problem p;
};
int user_list(struct db *db, struct user_list *x) __attribute__((warn_unused_result));

/* One account the caller manages, with its grants (strings in the actor's
 * arena). */
int user_get(struct db *db, struct actor *by, const char *username, struct account *out,
	     struct problem *p) __attribute__((warn_unused_result));

/* Change an account the caller manages, other than their own. */
enum user_change_op {
	USER_DISABLE,	 /* lock it and end its sessions */
	USER_ENABLE,	 /* unlock it */
	USER_RESET_CODE, /* a fresh one-time code to set a password */
};
struct user_change {
	struct actor *by;
	const char *username;
	enum user_change_op op;
	int64_t ttl; /* USER_RESET_CODE: the code's lifetime */
	/* out */
	struct account acc;
	int64_t now;
	char code[CODE_TEXT_MAX];
	struct problem p;
};
int user_change_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
