/*
 * audit.h: the tamper-evident access log.
 *
 * Each entry says who (account, role, the org that role is held at) did
 * what (action) to which student, when, from where, and whether it was
 * allowed. Entries are appended inside write jobs (group commit) and form a
 * hash chain: entry n stores prev_hash = hash of entry n-1 and
 *
 *   hash = BLAKE2b-256(le64(15) || "tabula.audit.v1" || prev_hash's 32 bytes
 *                      || every field in a fixed order)
 *
 * each field (as the version string) written as an 8-byte little-endian
 * length and its bytes (integers in decimal; a NULL as the length 2^64-1
 * and no bytes), so no two different entries encode alike
 * (docs/access.md gives the order). The one-row audit_head table holds the last seq and
 * hash; appending updates it first, which on PostgreSQL locks it until the
 * transaction ends, so the chain has one order whatever the writers (the
 * append is deferred to the commit: audit_append).
 */
#ifndef TABULA_DOMAIN_AUDIT_H
#define TABULA_DOMAIN_AUDIT_H

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/access.h"

struct actor;
struct db;

#define AUDIT_HASH_HEX	65 /* 64 hex digits and a NUL */
#define AUDIT_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* One entry. Strings are borrowed; NULL username/role/ip are stored as "". */
struct audit_entry {
	int64_t seq;	 /* set by audit_append */
	int64_t at;	 /* Unix seconds; 0: now */
	int64_t user_id; /* 0: none (the command line) */
	const char *username;
	const char *role;
	const char *org_code; /* may be NULL */
	const char *action;   /* "student.read" ... */
	int64_t person_id;    /* 0: none */
	const char *subject;  /* may be NULL: another name of the data (an org code) */
	bool allowed;
	const char *ip;
};

/* hash = BLAKE2b-256(prev || encoding(e)), as 64 lower-case hex digits.
 * prev is 64 hex digits. ERR_INVALID if prev is not. */
int audit_hash(const char *prev_hex, const struct audit_entry *e, char out[AUDIT_HASH_HEX])
	__attribute__((warn_unused_result));

/* Append n entries in order, inside a write job. In a writer's batch
 * (db_tx_hook) they are copied and held until the batch commits: just
 * before COMMIT every entry of the batch's jobs that were not undone is
 * chained under one lock of the head (lock and read the head, chain,
 * insert, move the head), so the lock is held for the commit alone and
 * the writers do not queue behind each other's whole batches. Outside a
 * batch they are chained at once and each entry's seq (and at, if 0) is
 * set; in a batch e is left as it was. An entry's `at` is the instant it
 * was appended, not the commit's. */
int audit_append(struct db_conn *c, struct audit_entry *e, size_t n)
	__attribute__((warn_unused_result));

/* The same in steps, for many callers' entries under one head lock:
 * begin locks and reads the head, add chains and inserts, end moves the
 * head. All inside one write job. */
struct audit_chain {
	int64_t seq;
	int64_t now;
	char prev[AUDIT_HASH_HEX];
};
int audit_chain_begin(struct db_conn *c, struct audit_chain *ch)
	__attribute__((warn_unused_result));
int audit_chain_add(struct db_conn *c, struct audit_chain *ch, struct audit_entry *e, size_t n)
	__attribute__((warn_unused_result));
int audit_chain_end(struct db_conn *c, struct audit_chain *ch) __attribute__((warn_unused_result));

/* What audit_verify found. */
struct audit_report {
	int64_t entries;  /* entries checked */
	int64_t head_seq; /* what audit_head says */
	char head_hash[AUDIT_HASH_HEX];
	int64_t bad_seq; /* first broken entry (0: none) */
	int64_t bad_id;	 /* its row id, when there is a row */
	char why[160];	 /* what is wrong with it */
	/* Anchors (audit_verify_anchors): */
	size_t anchor;		    /* 1 + the index of the anchor that failed (0: none) */
	char found[AUDIT_HASH_HEX]; /* the chain's hash at that anchor's entry ("": none) */
	size_t anchors_met;	    /* anchors the chain passed through */
	int64_t agreed;		    /* the greatest seq of an anchor met (0: none) */
};

/* A point the chain must pass through, known from outside the database:
 * entry seq (0: the empty chain, hash 64 zeros) has hash `hash` (64 hex
 * digits). `--expect SEQ:HASH`, or a checkpoint's count and head. */
struct audit_anchor {
	int64_t seq;
	const char *hash;
};

/*
 * Walk the whole chain in seq order and check: seq runs 1, 2, 3 ... with no
 * gap or repeat (a deleted or inserted row), each prev_hash is the previous
 * entry's hash, each hash recomputes from the row (a changed field), and the
 * head names the last entry (rows cut off the end, or added past the head).
 * If expect_seq > 0, the entry at that seq must also have hash expect_hash
 * (an anchor recorded outside the database, which also catches the tail cut
 * off and the head rewritten to match). ERR_OK if whole; ERR_INVALID with
 * the report filled if broken; another error if the database failed.
 */
int audit_verify(struct db_conn *c, int64_t expect_seq, const char *expect_hash,
		 struct audit_report *out) __attribute__((warn_unused_result));

/* audit_verify with n anchors in any order: each anchor's entry must be in
 * the chain with the anchor's hash. When one is not, the report names the
 * entry, the anchor (out->anchor) and the hash found there (out->found),
 * and out->agreed says up to which entry earlier anchors vouched for the
 * chain. Anchors are checked in seq order, so the first that fails is the
 * lowest. */
int audit_verify_anchors(struct db_conn *c, const struct audit_anchor *a, size_t n,
			 struct audit_report *out) __attribute__((warn_unused_result));

/* audit_verify on a reader connection of db (`tabula audit verify`). */
int audit_check(struct db *db, int64_t expect_seq, const char *expect_hash,
		struct audit_report *out) __attribute__((warn_unused_result));
/* audit_verify_anchors on a reader connection of db. */
int audit_check_anchors(struct db *db, const struct audit_anchor *a, size_t n,
			struct audit_report *out) __attribute__((warn_unused_result));

/* The current row of the `audit_entry` columns (audit.sql) into e; its
 * strings are borrowed from the row (valid until the next db_next). */
void audit_entry_read_row(struct db_res *res, struct audit_entry *e);
/* Copy e's borrowed strings into a. ERR_NOMEM if a is exhausted. */
int audit_entry_keep(struct arena *a, struct audit_entry *e) __attribute__((warn_unused_result));

#endif
