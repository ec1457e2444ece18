/*
 * attachment.h: files attached to a ticket (docs/support.md, "Tickets").
 *
 *  - who: the requester and staff of the ticket's current level, while it
 *    takes replies (404 for anyone who cannot see it; 403
 *    support_read_only for the origin's staff);
 *  - what: 1 .. SUPPORT_ATTACHMENT_MAX bytes (422 required on "file", 413
 *    body_too_large), a PDF, JPEG, PNG, WebP or HEIC file by its content
 *    (core/mediatype: 415 unsupported_media_type otherwise); the name
 *    (?name=, 1..200 characters, no path) is kept for the download;
 *  - stored in the database as a blob with its SHA-256; read back by whoever
 *    reads the ticket, as an attachment, never inline.
 */
#ifndef TABULA_DOMAIN_SUPPORT_ATTACHMENT_H
#define TABULA_DOMAIN_SUPPORT_ATTACHMENT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/support/ticket.h"

struct db;
struct db_conn;

#define SUPPORT_ATTACHMENT_MAX	((size_t)10 << 20) /* 10 MB */
#define SUPPORT_ATTACHMENT_NAME 200

struct support_attachment_upload {
	struct actor *by;
	int64_t id, now; /* the ticket */
	const char *name;
	const void *bytes;
	size_t len;
	char media_type[64];
	char sha256[65];
	struct support_attachment_item item; /* out */
	struct problem p;
};
/* Check the bytes before the write: size, type by content, hash. */
int support_attachment_check(struct support_attachment_upload *x)
	__attribute__((warn_unused_result));
int support_attachment_upload_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

struct support_attachment_fetch {
	int64_t ticket, id;
	struct support_attachment_item item;
	const void *bytes;
	size_t len;
	struct access_decision d;
	int64_t student; /* the ticket's, for the audit (0: none) */
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int support_attachment_fetch_read(struct db *db, const struct actor *by,
				  struct support_attachment_fetch *x)
	__attribute__((warn_unused_result));

#endif
