/*
 * document.h: the documents a round asks families for, and the files they
 * upload for an application (docs/admissions.md, "Documents and
 * verification"; the schools' reviews are review.h's).
 *
 * A round's documents, as JSON (create, and edit before it opens):
 *   [{"kind": "birth_certificate", "required": true},
 *    {"kind": "proof_of_address", "claim": "area"},
 *    {"kind": "sibling_proof", "claim": "siblings"},
 *    {"kind": "war_invalid_child", "claim": "category:war_invalid_child"}]
 * A kind is 1..64 characters of [a-z0-9_]; `claim` ties the document to
 * the claim it supports: it is expected (listed as missing until
 * uploaded) when the application makes that claim, as a `required` one
 * always is.
 *
 * Uploads:
 *  - only the child's linked guardian (404 not_found out of sight, 403
 *    forbidden for staff), of a kind the round asks for (422
 *    unknown_document_kind on "kind");
 *  - while the round is open; after it closes, only to replace a document
 *    the school returned, until the seal (409 round_not_open,
 *    round_closed, round_sealed);
 *  - 1 .. DOCUMENT_MAX_BYTES bytes (422 required on "file"; the route
 *    refuses more with 413) of a type libmagic finds in the bytes among
 *    PDF, JPEG, PNG, WebP and HEIC (415 unsupported_media_type on "file");
 *    the found type is stored and served, the declared one is a hint;
 *  - the same bytes as the current document of the kind answer that one
 *    (nothing is written but the audit entry); other bytes make a new
 *    document, the kind's current one; the old ones stay for the trail.
 * Every upload and every download is audited.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_DOCUMENT_H
#define TABULA_DOMAIN_ADMISSIONS_DOCUMENT_H

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/admissions/review.h"

struct db;
struct db_conn;
struct round;
struct round_create;

#define DOCUMENT_MAX_BYTES ((size_t)8 << 20) /* 8 MiB: a phone's photo of a page */
#define DOCUMENT_KIND_MAX  64
#define DOCUMENT_KINDS_MAX 20
#define DOCUMENT_MEDIA_MAX 64

/* What a round asks for. */
struct document_rule {
	const char *kind;
	bool required;
	const char *claim; /* "area", "siblings", "category:<name>", or NULL */
};
struct document_rules {
	struct document_rule *items;
	int n;
};

/* Whether s is a kind: 1..DOCUMENT_KIND_MAX of [a-z0-9_]. */
bool document_kind_valid(const char *s);
/*
 * Check the rules v (a JSON array, or NULL / null: none) into *out,
 * strings in a. 422 with the field: type (not a list, an item not an
 * object), invalid ("documents[i].kind", ".claim", an unknown member),
 * duplicate (a kind twice), too_many.
 */
int document_rules_check(struct arena *a, json_t *v, struct document_rules *out, struct problem *p)
	__attribute__((warn_unused_result));
/* The stored text (NULL: none) into *out; trusted as checked. */
int document_rules_parse(struct arena *a, const char *text, struct document_rules *out)
	__attribute__((warn_unused_result));
/* The rule of kind, or NULL. */
const struct document_rule *document_rule_find(const struct document_rules *r, const char *kind);

/* Whether media type t is one a document may have. */
bool document_media_accepted(const char *t);

/*
 * Store x->documents and x->verify_claims on round x->id (round_create_tx
 * and round_edit_tx, once the edit has kept what the body left out).
 */
int document_round_save(struct db_conn *c, const struct round_create *x)
	__attribute__((warn_unused_result));

/* An upload (work function, once document_upload_check passed). */
struct document_upload {
	struct actor *by;
	int64_t application_id;
	const char *kind;
	const void *bytes;
	size_t len;
	/* set by document_upload_check */
	char media_type[DOCUMENT_MEDIA_MAX];
	char sha256[65];
	/* out */
	int64_t id;
	bool existing;		    /* the same bytes were the kind's current document */
	struct review_document doc; /* as stored, with its review */
	struct problem p;
};
/* Check the bytes, before the transaction: 422 required on "file" when
 * empty, 415 unsupported_media_type when libmagic finds no accepted type;
 * sets media_type and sha256. No I/O. */
int document_upload_check(struct document_upload *x) __attribute__((warn_unused_result));
int document_upload_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One document with its bytes, as `by` may read it: the child's readers,
 * the staff reaching the round's office, the reviewers of a ranked school
 * (404 not_found otherwise). audit is the entry to make durable first. */
struct document_fetch {
	int64_t application_id, id;
	/* out */
	int64_t person_id;
	const char *kind, *media_type, *sha256;
	int64_t size, uploaded_at;
	const void *bytes;
	size_t len;
	struct access_decision d;
	struct audit_entry *audit;
	struct problem p;
};
int document_fetch_read(struct db *db, const struct actor *by, struct document_fetch *x)
	__attribute__((warn_unused_result));

/* An application as the documents and the reviews need it. */
struct document_app {
	int64_t id, round_id, person_id, org_id;
	const char **choices;
	int nchoices;
	const char *claims; /* stored text, or NULL */
};
/* Read application id into *out and its round into *r (in a); ERR_NOTFOUND
 * if the application is absent. What every document and review route
 * starts with. */
int document_app_round_get(struct db_conn *c, struct arena *a, int64_t id, struct document_app *out,
			   struct round *r) __attribute__((warn_unused_result));

/*
 * May `by` read application (person_id, school choices) of round r?
 * Decided into d (the child's readers, staff reaching the office, the
 * reviewers of a ranked school); *reviewer says whether by may review it.
 * Shared by the documents and the reviews.
 */
struct round;
int document_access(struct db_conn *c, const struct actor *by, int64_t person_id,
		    const char *const *choices, int nchoices, const struct round *r,
		    struct access_decision *d, bool *reviewer) __attribute__((warn_unused_result));

#endif
