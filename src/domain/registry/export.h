/*
 * export.h: the students enrolled now at an organisation, as the CSV an
 * import reads (import.h): the same columns, so an export imports back as
 * it was.
 */
#ifndef TABULA_DOMAIN_EXPORT_H
#define TABULA_DOMAIN_EXPORT_H

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/access/role.h"

struct actor;
struct audit_entry;

struct export_options {
	const char *code; /* the organisation: a school, or a whole subtree */
	bool school_only; /* code must name a school (ERR_INVALID not_a_school) */
	unsigned roles;	  /* who must hold one of these reaching the organisation */
	/* With flush: called whenever out holds more than about 1 MiB, and at
	 * the end; it must empty out. Without: out's maximum bounds the
	 * export (ERR_TOOLARGE). */
	int (*flush)(struct buf *out, void *ctx);
	void *ctx;
};

/*
 * Write the students enrolled now at an organisation as CSV: a UTF-8 byte
 * order mark (so that spreadsheets read the names right), the header row,
 * then school by school in id order, students in id order. The caller must
 * reach the organisation (ERR_FORBIDDEN, code out_of_scope; ERR_NOTFOUND,
 * code unknown_org, if there is none; p's field is "org"). *rows counts the
 * students written. Pages are separate reads, not one snapshot.
 */
int export_students(struct db *db, const struct principal *who, const struct export_options *o,
		    struct buf *out, int64_t *rows, struct problem *p)
	__attribute__((warn_unused_result));

/*
 * GET /exports/students: export_students for actor `by` (o->roles: the
 * registrars). One audit entry names the organisation ("student.export",
 * not each student); *audit (in by's arena) is the entry to make durable
 * before answering an export or a refusal (ERR_FORBIDDEN), NULL for other
 * failures. With o->school_only, a fault of the code is said on "school"
 * (a refusal stays on "org"); an export too large for out is
 * export_too_large.
 */
int export_students_as(struct db *db, struct actor *by, const struct export_options *o,
		       struct buf *out, int64_t *rows, struct audit_entry **audit,
		       struct problem *p) __attribute__((warn_unused_result));

#endif
