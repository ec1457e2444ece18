/*
 * evidence.h: the evidence a candidate uploads for a priority category or
 * an exemption they claim, and the registration as the evidence and the
 * schools' reviews see it (docs/exams.md, "Evidence, review and free
 * candidates").
 *
 * Claims: a registration's category ("category:UT1") and each of its
 * exemptions ("exemption:foreign_language"). A category, and an exemption
 * whose pack entry says "evidence": true, without evidence is listed in
 * missing_evidence, and a school cannot confirm the
 * registration while one is (review.h).
 *
 * Who (exam_reg_access):
 *  - the candidate (the account's own person, users.person_id) reads the
 *    registration, uploads and downloads its evidence;
 *  - the registrars (school_admin, district, province, ministry officers)
 *    reaching the registration's school read, upload (a scan handed in on
 *    paper) and review it: the school_admin of the school is the school's
 *    exam officer;
 *  - staff reaching the session's office read it;
 *  - anyone else: 404 not_found, as if absent.
 *
 * Uploads:
 *  - ?kind=category|exemption (422 invalid on "kind") &code=C, a claim the
 *    registration makes (422 evidence_not_claimed on "code");
 *  - 1 .. EXAM_EVIDENCE_MAX_BYTES bytes (422 required on "file", 413 past
 *    it) of a type libmagic finds in the bytes among PDF, JPEG, PNG, WebP
 *    and HEIC (415 unsupported_media_type on "file"); the declared type
 *    is ignored;
 *  - while the registration window is open; after it closes only for a
 *    registration the school returned, until rooms are assigned (409
 *    registration_closed, rooms_assigned);
 *  - the same bytes for the same claim answer the stored item (200, no
 *    new row); other bytes are a new item (201); all are kept;
 *  - an upload to a returned registration puts it back to submitted: the
 *    candidate answered the school.
 * Every upload and every download is audited (exams.evidence.upload,
 * exams.evidence.read).
 */
#ifndef TABULA_DOMAIN_EXAMS_EVIDENCE_H
#define TABULA_DOMAIN_EXAMS_EVIDENCE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

#define EXAM_EVIDENCE_MAX_BYTES ((size_t)8 << 20) /* 8 MiB: a phone's photo of a page */
#define EXAM_EVIDENCE_CODE_MAX	64
#define EXAM_EVIDENCE_MEDIA_MAX 64

/* A registration as the evidence and the reviews need it. */
struct exam_reg_ref {
	int64_t id, session_id, person_id, org_id;
	const char *org_path;	   /* the registration's school */
	const char *office_path;   /* the session's office */
	const char *status;	   /* submitted, confirmed, returned */
	const char *status_reason; /* NULL: none */
	const char *category;	   /* NULL: none */
	const char *exemptions;	   /* stored JSON text, or NULL */
	int64_t opens_at_ms, closes_at_ms;
	bool assigned;		      /* rooms assigned for the session */
	const char *pack, *time_zone; /* the session's */
	int offset;		      /* time_zone's, seconds */
};
/* Read registration id into *out (strings in a); ERR_NOTFOUND if absent. */
int exam_reg_ref_get(struct db_conn *c, struct arena *a, int64_t id, struct exam_reg_ref *out)
	__attribute__((warn_unused_result));
/* exam_reg_ref_get for a route on registration id: *subject (may be NULL)
 * gets its audit subject "exam_registration:<id>" (in a). Absent: 404
 * not_found in p ("No such registration.") and ERR_NOTFOUND; other
 * failures in p too. */
int exam_reg_ref_load(struct db_conn *c, struct arena *a, int64_t id, struct exam_reg_ref *out,
		      const char **subject, struct problem *p) __attribute__((warn_unused_result));

/* What by may do with registration r (the rules above), decided into d
 * (allowed: may read); *reviewer: may review it. No I/O. */
void exam_reg_access(const struct actor *by, const struct exam_reg_ref *r,
		     struct access_decision *d, bool *reviewer);

/* Refuse by's action on r (d as exam_reg_access decided it): noted as
 * refused in the audit trail; then p says 404 not_found when r is out of
 * by's sight, else 403 forbidden with detail. Returns the error. */
int exam_reg_refuse(struct actor *by, const struct exam_reg_ref *r, struct access_decision *d,
		    const char *action, const char *subject, const char *detail, struct problem *p)
	__attribute__((warn_unused_result));

/* The claims of r: "category:<code>", "exemption:<code>", into *out (an
 * array in a), *n of them. */
int exam_reg_claims(struct arena *a, const struct exam_reg_ref *r, const char ***out, int *n)
	__attribute__((warn_unused_result));

/* One item of evidence, without its bytes. */
struct exam_evidence_item {
	int64_t id;
	const char *kind, *code, *media_type, *sha256;
	const char *uploaded_by; /* username, or NULL */
	int64_t size, uploaded_at_ms;
};

/* The evidence of a registration and the claims still without any. */
struct exam_evidence_state {
	struct exam_evidence_item *items; /* oldest first */
	int n;
	const char **missing; /* "category:UT1", ... */
	int nmissing;
};
/* The state of r, read through c (strings in a). */
int exam_evidence_state_read(struct db_conn *c, struct arena *a, const struct exam_reg_ref *r,
			     struct exam_evidence_state *out) __attribute__((warn_unused_result));

/* Whether media type t is one evidence may have. */
bool exam_evidence_media_accepted(const char *t);
/* Whether s is a kind: "category" or "exemption". */
bool exam_evidence_kind_valid(const char *s);

/* An upload (work function, once exam_evidence_check passed). */
struct exam_evidence_upload {
	struct actor *by;
	int64_t registration_id;
	const char *kind, *code;
	const void *bytes;
	size_t len;
	int64_t now_ms;	  /* when the request arrived */
	const char *lang; /* the reader's, for the window's refusal */
	/* set by exam_evidence_check */
	char media_type[EXAM_EVIDENCE_MEDIA_MAX];
	char sha256[65];
	/* out */
	bool existing; /* the same bytes were stored for the claim */
	int offset;    /* the session's zone's, seconds: for the instants */
	struct exam_evidence_item item;
	struct problem p;
};
/* Check the bytes before the transaction: 422 required on "file" when
 * empty, 413 past the limit, 415 unsupported_media_type when libmagic
 * finds no accepted type; sets media_type and sha256. No I/O. */
int exam_evidence_check(struct exam_evidence_upload *x) __attribute__((warn_unused_result));
int exam_evidence_upload_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One item with its bytes, for the candidate and the staff who read the
 * registration (404 not_found otherwise); audit is the read's entry, to
 * be durable before the answer. */
struct exam_evidence_fetch {
	int64_t registration_id, id;
	/* out */
	int64_t person_id;
	struct exam_evidence_item item;
	const void *bytes; /* NULL: no such item */
	size_t len;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int exam_evidence_fetch_read(struct db *db, const struct actor *by, struct exam_evidence_fetch *x)
	__attribute__((warn_unused_result));

#endif
