/*
 * import_batch.h: the importer's state and its pipeline of batches
 * (internal to src/domain/registry/; see import.h and
 * docs/internals/import.md).
 *
 * The importing thread parses, checks and prepares rows (import.c) and
 * fills batches; a writer thread stores them (import_batch.c). Up to
 * `inflight` batches are queued at once, so preparing the next batch
 * overlaps storing the last ones, and the writer's group commit puts the
 * batches it finds waiting into one transaction. Batches are settled
 * (their outcome looked at, counted, reported) in the order they were made.
 */
#ifndef TABULA_DOMAIN_REGISTRY_IMPORT_BATCH_H
#define TABULA_DOMAIN_REGISTRY_IMPORT_BATCH_H

#include "db/db.h"
#include "domain/registry/import.h"
#include "domain/registry/student.h"

#include <pthread.h>

/* The longest message of a row's error. */
#define IMPORT_MSG_MAX 200

/* A school as the rows name it, looked up once per import. */
struct school_entry {
	char code[33];
	int rc;		     /* ERR_OK, or ERR_INVALID with the problem below */
	enum problem_id pid; /* unknown_school, not_a_school, out_of_scope */
	const char *detail;  /* static */
	struct org_ref ref;
};

struct school_slot {
	struct school_entry *e;
};

/* The schools of an import, by code (open addressing). */
struct school_cache {
	struct school_slot *slots;
	size_t cap, n; /* cap: a power of two */
};

/* The entry for code (at most 32 bytes, checked by student_prepare), looked
 * up on a reader of db the first time, with whether who reaches it with
 * one of `roles`. A database failure is returned, not cached. */
int import_school_get(struct school_cache *c, struct db *db, const struct principal *who,
		      unsigned roles, const char *code, struct school_entry **out)
	__attribute__((warn_unused_result));

/* A row checked and prepared, to be stored. */
struct irow {
	int64_t line;
	const struct school_entry *school;
	struct student_new s;
};

/* A row's error, for the job's report. */
struct ierr {
	int64_t line;
	const char *field; /* static or NULL */
	enum problem_id id;
	char message[IMPORT_MSG_MAX];
};

struct importer;

/* The rows of one write job, and the errors they account for. */
struct batch {
	struct db_job job;
	struct importer *im;
	struct irow *rows;
	int nrows;
	struct ierr *errs;
	int npre;	   /* errors found before the write */
	int nerrs;	   /* npre plus the conflicts the write found */
	int64_t processed; /* input rows this batch accounts for */
	int64_t succeeded; /* set by the write */
	int64_t last_line; /* of the last input row it accounts for */
	bool queued, finished;
	/* A row the write could not store for an unexpected reason. */
	int64_t bad_line;
	char dberr[256];
	struct student_batch names; /* the rows' search keys, stored sorted at the end */
	struct batch *next;	    /* in the importer's queue */
};

struct importer {
	const struct import_options *o;
	int batch_rows;
	struct import_header header;
	bool header_seen;
	int fatal;     /* an err that ends the import */
	char *message; /* out->message */
	size_t message_len;
	struct school_cache schools;
	int inflight;		     /* batches that may be queued at once */
	struct batch *pool;	     /* inflight + 1: the queued, the one being filled */
	struct batch *cur;	     /* being filled */
	struct batch *qhead, *qtail; /* queued, oldest first */
	int nqueued;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int64_t processed, succeeded, failed;
	int64_t done_line; /* every input line up to it is settled */
	bool stopped;
};

/* Set up im for options o, reporting into message (len bytes): its pool of
 * batches (o's batch_rows and inflight, or the defaults) with the first
 * one current. ERR_NOMEM; importer_close is due either way. */
int importer_open(struct importer *im, const struct import_options *o, char *message, size_t len)
	__attribute__((warn_unused_result));
/* Free what importer_open made. */
void importer_close(struct importer *im);

/* Add an error of `line` to b: problem `id` of the list on `field` (static
 * or NULL), with a message (copied; NULL for none). */
void import_error_add(struct batch *b, int64_t line, const char *field, enum problem_id id,
		      const char *message);

/* The current batch is full (or the input ended): queue it, settle batches
 * while too many are queued, and make the next one current. */
int importer_flush(struct importer *im) __attribute__((warn_unused_result));

/* Settle every queued batch (they run whatever happens); the first failure. */
int importer_drain(struct importer *im) __attribute__((warn_unused_result));

#endif
