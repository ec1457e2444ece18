/*
 * workflow.h: the record workflow (record.h) as an actor asks for it:
 *
 *   CREATE   a draft of one student's year (person_id and school_year: the
 *            student's class that year is found first), or of a class
 *            (class_id)
 *   SIGN     one record (record_id): its homeroom teacher signs a draft, a
 *            principal seals a record the teacher signed; or a class
 *            (class_id) by its homeroom teacher
 *   SEAL     a school's year (school and school_year) by a principal
 *   CORRECT  a new version of sealed record record_id
 *
 * record_work_prepare reads, decides, assembles and signs on the caller's
 * thread; record_work_store_tx writes the batch in the group commit (with
 * one audit entry per record); record_work_result then reads back a single
 * record. A refusal (or an absent record, class or student, alike) leaves
 * its audit entry in w->refused, to be made durable before the answer.
 */
#ifndef TABULA_DOMAIN_RECORDS_WORKFLOW_H
#define TABULA_DOMAIN_RECORDS_WORKFLOW_H

#include "domain/records/record.h"

struct actor;
struct db;

struct record_work {
	/* in */
	enum record_op op;
	struct actor *by;
	int64_t now;
	int64_t class_id;   /* a class's records */
	int64_t person_id;  /* CREATE of one student's year */
	int64_t record_id;  /* SIGN or CORRECT of one record */
	const char *school; /* SEAL: the school's code */
	int school_year;    /* CREATE of one student, SEAL */
	/* out */
	bool single;		     /* one record asked for: it answers (record_work_result) */
	struct record_batch b;	     /* what was prepared and stored; b.p says why not */
	struct audit_entry *refused; /* the refusal to record before answering, or NULL */
	struct record_row row;	     /* single: the record as stored */
	/* private */
	bool refusal;
};

/* Prepare w (see above). ERR_OK: store it (record_work_store_tx) when
 * w->b.n, else it is done; otherwise w->b.p says why, and w->refused holds
 * the refusal's audit entry when the caller was refused. */
int record_work_prepare(struct db *db, struct record_work *w) __attribute__((warn_unused_result));

/* The write job: store the prepared batch (ctx: the struct record_work). */
int record_work_store_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Once stored, for a single record: w->row as stored now; or ERR_CONFLICT
 * "record_stale" (w->b.p, naming the record) when its grades changed and
 * it became a draft again instead. Nothing to do for a bulk one. */
int record_work_result(struct db *db, struct record_work *w) __attribute__((warn_unused_result));

#endif
