/*
 * record.h: signed year-end school records (issue 7, docs/records.md): the
 * stored record and its workflow.
 *
 * A record is a W3C Verifiable Credential 2.0 about one student's school
 * year at one school (credential.h), assembled from the class's facts
 * (facts.h) once both terms' report cards are locked at the school. It is
 * signed twice with eddsa-jcs-2022 (a proof set, proofset.h): by the
 * class's homeroom teacher, then by a principal (school_admin) of the
 * school, which seals it.
 *
 *   draft --(homeroom teacher signs)--> teacher_signed --(principal)--> sealed
 *   sealed --(a correction is sealed)--> superseded
 *
 * A correction is a new version of the record (previousVersion names the
 * old one's id); the old one is superseded only when the correction is
 * sealed, and stays verifiable as it was signed.
 *
 * Work is split so that no signing happens on the database writer: a
 * prepare step (record_prepare) reads through any connection, decides
 * access, assembles the credentials and signs them in the caller's thread;
 * record_store() then writes the batch inside a write job, first checking
 * that nothing it read has changed (each record's rev, the school's term
 * locks, the keys used), so a batch made from stale reads fails with
 * ERR_CONFLICT and changes nothing. workflow.h runs both for an actor.
 */
#ifndef TABULA_DOMAIN_RECORD_H
#define TABULA_DOMAIN_RECORD_H

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/records/credential.h"
#include "domain/records/facts.h"
#include "domain/records/proofset.h"
#include "domain/records/signing_key.h"

enum record_status {
	RECORD_DRAFT,
	RECORD_TEACHER_SIGNED,
	RECORD_SEALED,
	RECORD_SUPERSEDED,
	RECORD__STATUSES
};

/* "draft", "teacher_signed", "sealed", "superseded", and back (-1). */
const char *record_status_name(enum record_status s);
int record_status_parse(const char *name);

/* ---- stored records ---- */

struct record_row {
	int64_t id, person_id, org_id, class_id, previous_id, superseded_by;
	int school_year, grade, version;
	int64_t rev;
	enum record_status status;
	const char *uuid, *subject_hash, *credential;
	const char *doc_hash; /* once teacher-signed: the signed document's hash, else NULL */
	int64_t teacher_key_id, teacher_by, teacher_at;
	int64_t principal_key_id, principal_by, principal_at;
	int64_t created_at, updated_at;
	/* joined */
	const char *school, *school_path, *class_name, *given_name, *family_name;
	int64_t homeroom_id;
	const char *teacher, *principal; /* signers' user names, or NULL */
	const char *successor;		 /* the superseding record's uuid, or NULL */
};

int record_get(struct db_conn *c, struct arena *a, int64_t id, struct record_row *out)
	__attribute__((warn_unused_result));
int record_by_uuid(struct db_conn *c, struct arena *a, const char *uuid, struct record_row *out)
	__attribute__((warn_unused_result));
/* Read the current row of a result of the `record` columns (record.sql). */
int record_read_row(struct db_res *res, struct arena *a, struct record_row *r)
	__attribute__((warn_unused_result));

/*
 * May principal p read record r (its credential)? Allowed when the caller
 * may read the student (access_student) or the record's class
 * (access_class: its homeroom and subject teachers, registrars of the
 * issuing school); drafts and records awaiting the principal only to staff.
 */
int record_access_read(struct db_conn *c, const struct principal *p, const struct record_row *r,
		       enum access_action act, struct access_decision *out)
	__attribute__((warn_unused_result));

/*
 * GET /api/v1/records/{id} and its QR code: record `id` if actor `by` may
 * read it. Either way x->entry is its `record.read` audit entry (subject
 * "record:ID" and `what`), to be made durable before the answer; refused
 * (or absent alike), x->p says 404. Strings live in by's arena.
 */
struct actor;
struct record_read {
	int64_t id;	  /* in */
	const char *what; /* in: "" or " qr" */
	struct record_row row;
	bool allowed;
	struct audit_entry entry;
	struct problem p;
};
struct db;
int record_read_as(struct db *db, const struct actor *by, struct record_read *x)
	__attribute__((warn_unused_result));

/*
 * A write job: a holder of sealed record `id` (the student, a guardian:
 * whoever may read it) shows the whole record on the public verification
 * page, or stops showing it. Anyone else, and any record not sealed, is
 * told 404 (the refusal noted on the actor); the change is audited
 * (record.share).
 */
struct record_share {
	struct actor *by;
	int64_t id;
	bool full;
	struct problem p;
};
int record_share_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* ---- the workflow ---- */

enum record_op {
	RECORD_OP_CREATE,  /* assemble drafts */
	RECORD_OP_SIGN,	   /* the homeroom teacher signs (a class: drafts made first) */
	RECORD_OP_SEAL,	   /* the principal signs: sealed */
	RECORD_OP_CORRECT, /* a new version of a sealed record, as a draft */
};

/* One record a batch writes. */
struct record_item {
	int64_t id; /* 0: a new row */
	int64_t rev;
	int64_t person_id, class_id;
	int grade, version;
	int64_t previous_id;
	char uuid[RECORD_UUID_MAX];
	enum record_status from, to;
	bool stale; /* the grades changed since it was assembled: refreshed, unsigned */
	char subject_hash[RECORD_HASH_HEX];
	char doc_hash[RECORD_HASH_HEX]; /* "" until the teacher signs */
	const char *credential;		/* in the batch's arena */
	bool signed_now; /* signed with the batch's signer key (its id is known at store) */
	/* signers kept from before (teacher) or set now */
	int64_t teacher_key_id, teacher_by, teacher_at;
	int64_t principal_key_id, principal_by, principal_at;
};

/* Who signs and with what, and everything a batch writes. One batch is one
 * school and school year. */
struct record_batch {
	/* in */
	enum record_op op;
	const struct principal *who;
	int64_t now;
	struct arena *a;
	/* decided by prepare */
	struct access_decision d;
	int64_t org_id;
	int school_year;
	int64_t lock_marker;
	struct skey school_key, signer_key; /* when signing */
	bool have_keys;
	uint8_t sk[64]; /* signer_key opened, once per batch; record_batch_release wipes it */
	int n, cap;
	struct record_item *items;
	/* students left out, with why: an existing record (create), results
	 * not complete */
	int nexisting, nincomplete;
	int64_t *existing, *incomplete;
	int64_t refused_person; /* the person a refusal is about (0: unknown) */
	struct problem p;
	/* Called by record_store once it knows it will write, before writing
	 * anything (the audit entries go first). */
	int (*before_write)(struct db_conn *c, void *ctx, const struct record_batch *b);
	void *ctx;
};

/* The audit action of an item ("record.create", "record.sign" ...). */
const char *record_item_action(const struct record_batch *b, const struct record_item *it);

/*
 * Prepare a batch (b->op, who, now and a set) through any connection:
 *   CREATE   a draft for person (0: every student of the class without a
 *            record for the year); registrars reaching the school and the
 *            class's homeroom teacher
 *   SIGN     record_id by its class's homeroom teacher (0: every draft of
 *            class_id, and drafts made first for students without one)
 *   SEAL     record_id by a principal (school_admin) of the school (0:
 *            every record of org_id and school_year awaiting the principal)
 *   CORRECT  a new draft version of sealed record_id
 * Refused: ERR_NOTFOUND (the caller may not see it; as if absent) or
 * ERR_FORBIDDEN, with b->p and b->d set. A term not locked is ERR_CONFLICT
 * "term_not_locked"; signing without a server secret ERR_RETRY
 * "signing_unavailable". A single record whose grades changed since it was
 * assembled becomes a refreshed draft (item.stale); the caller stores it
 * and answers 409 "record_stale".
 */
int record_prepare(struct db_conn *c, struct record_batch *b, int64_t class_id, int64_t person_id,
		   int64_t record_id, int64_t org_id, int school_year)
	__attribute__((warn_unused_result));

/* Write a prepared batch inside a write job (see the top of this file). */
int record_store(struct db_conn *c, struct record_batch *b) __attribute__((warn_unused_result));

/* Wipe the batch's opened key (call once the batch is done with). */
void record_batch_release(struct record_batch *b);

/* Counts of a stored batch, for answers. */
int record_batch_count(const struct record_batch *b, enum record_status to, bool stale);

#endif
