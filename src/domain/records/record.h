/*
 * record.h: signed year-end school records (issue 7, docs/records.md).
 *
 * A record is a W3C Verifiable Credential 2.0 about one student's school
 * year at one school: who the student is, the class and grade, every
 * subject's results by the school's grading policy, attendance totals when
 * any were taken, and the year's outcome, assembled from the locked report
 * card (both terms locked at the school). It is signed twice with
 * eddsa-jcs-2022 (a proof set): by the class's homeroom teacher, then by a
 * principal (school_admin) of the school, which seals it.
 *
 *   draft --(homeroom teacher signs)--> teacher_signed --(principal)--> sealed
 *   sealed --(a correction is sealed)--> superseded
 *
 * A correction is a new version of the record (previousVersion names the
 * old one's id); the old one is superseded only when the correction is
 * sealed, and stays verifiable as it was signed.
 *
 * Work is split so that no signing happens on the database writer: a
 * prepare step (record_prepare_*) reads through any connection, decides
 * access, assembles the credentials and signs them in the caller's thread;
 * record_store() then writes the batch inside a write job, first checking
 * that nothing it read has changed (each record's rev, the school's term
 * locks, the keys used), so a batch made from stale reads fails with
 * ERR_CONFLICT and changes nothing.
 */
#ifndef TABULA_DOMAIN_RECORD_H
#define TABULA_DOMAIN_RECORD_H

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/teaching/class.h"
#include "domain/teaching/gradebook.h"
#include "domain/records/signing_key.h"
#include "domain/teaching/subject.h"

#define RECORD_UUID_MAX 48 /* "urn:uuid:" + 36 and a NUL, rounded */
#define RECORD_HASH_HEX 65

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

/* A fresh id: "urn:uuid:" and a version 7 UUID (time-ordered, random). */
void record_uuid(char out[RECORD_UUID_MAX]);

/* A result in hundredths as the record writes it: a decimal string with the
 * policy's decimals ("8.4" under vn-tt22, "17.25" under ir-20). */
void record_decimal(int hundredths, int decimals, char out[16]);

/* ---- facts: what a class's records say ---- */

enum {
	RECORD_ATT_PRESENT,
	RECORD_ATT_LATE,
	RECORD_ATT_EXCUSED,
	RECORD_ATT_UNEXCUSED,
	RECORD_ATT__N
};

struct record_student {
	int64_t person_id;
	const char *given_name, *family_name, *birth_date, *country, *national_id;
	struct gb_row *rows;		  /* one per class subject; empty when no grades */
	struct gb_qualities qualities;	  /* vn-tt27 ratings per term (GB_NONE: none) */
	const char **comments;		  /* vn-tt27, ir-descriptive: one per class
					     subject, the teacher's term II comment
					     (the year's); NULL: none */
	int attendance[2][RECORD_ATT__N]; /* [0] daily, [1] by period */
	bool attended[2];
};

/* A class in its school year, with its subjects, term locks and students
 * (the enrolments of that year under its name, current or ended at the
 * year's end: promoted, repeated, completed, graduated). */
struct record_class {
	struct class_ref cls;
	const char *school_name;
	int nsubjects;
	struct subject *subjects;
	bool locked[GB_TERMS];
	int64_t lock_marker; /* the school's last term-lock event of the year */
	int n;
	struct record_student *students;
};

/* Load class_id's facts into a (only_person: just that student, 0: all).
 * ERR_NOTFOUND if the class does not exist. */
int record_class_load(struct db_conn *c, struct arena *a, int64_t class_id, int64_t only_person,
		      struct record_class *out);

/*
 * The credentialSubject for student s of class k, written in its canonical
 * form (RFC 8785) into b: the same facts give the same bytes. *complete
 * says whether the year's results are all in (records are made only of
 * complete years). ERR_INVALID when the school has no grading policy.
 */
int record_subject_write(const struct record_class *k, const struct record_student *s,
			 struct buf *b, bool *complete);
/* The same as a JSON value (a new reference), for inspection. */
json_t *record_subject_json(const struct record_class *k, const struct record_student *s,
			    bool *complete);

/* BLAKE2b-256 of n bytes, in hex. */
void record_hash_hex(const char *p, size_t n, char out[RECORD_HASH_HEX]);

/* BLAKE2b-256 of the subject's canonical form (RFC 8785), in hex: tells a
 * record whose facts changed; kept inside Tabula, never published. */
int record_subject_hash(const json_t *subject, char out[RECORD_HASH_HEX]);

/* The credential around a subject. issuer_did NULL and valid_from 0 in a
 * draft (they are set when the homeroom teacher signs); previous: the id of
 * the version it corrects, or NULL. A new reference; subject is borrowed. */
struct record_doc {
	const char *uuid;
	const char *issuer_did;
	const char *school_name, *school_code;
	int64_t valid_from;
	const char *previous;
	const json_t *subject;
};
json_t *record_credential(const struct record_doc *d);
/* The same document, canonical (RFC 8785), around a subject given in its
 * canonical bytes (d->subject is not used): what the proofs sign, and what
 * is stored, the proof set appended as its last member. */
int record_doc_write(const struct record_doc *d, const char *subject, size_t len, struct buf *b);

/* Add k's eddsa-jcs-2022 proof, made at `now` with k's opened secret key
 * sk (skey_open), to the credential's proof set (an array, in signing
 * order). */
int record_add_proof(json_t *credential, const struct skey *k, const uint8_t sk[64], int64_t now);
/* The same over the document's hash (di_document_hash) computed before. */
int record_add_proof_hashed(json_t *credential, const uint8_t doc_hash[32], const struct skey *k,
			    const uint8_t sk[64], int64_t now);
/* Just the proof (*out, a new reference) over a document's hash. */
int record_proof(const uint8_t doc_hash[32], const struct skey *k, const uint8_t sk[64],
		 int64_t now, json_t **out);

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

int record_get(struct db_conn *c, struct arena *a, int64_t id, struct record_row *out);
int record_by_uuid(struct db_conn *c, struct arena *a, const char *uuid, struct record_row *out);
/* Read the current row of a result in record.sql's column order. */
int record_read_row(struct db_res *res, struct arena *a, struct record_row *r);

/*
 * May principal p read record r (its credential)? Allowed when the caller
 * may read the student (access_student) or the record's class
 * (access_class: its homeroom and subject teachers, registrars of the
 * issuing school); drafts and records awaiting the principal only to staff.
 */
int record_access_read(struct db_conn *c, const struct principal *p, const struct record_row *r,
		       enum access_action act, struct access_decision *out);

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
		   int64_t record_id, int64_t org_id, int school_year);

/* Write a prepared batch inside a write job (see the top of this file). */
int record_store(struct db_conn *c, struct record_batch *b);

/* Wipe the batch's opened key (call once the batch is done with). */
void record_batch_release(struct record_batch *b);

/* Counts of a stored batch, for answers. */
int record_batch_count(const struct record_batch *b, enum record_status to, bool stale);

#endif
