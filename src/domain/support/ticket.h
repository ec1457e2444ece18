/*
 * ticket.h: support tickets (docs/support.md, "Tickets").
 *
 * Rules (who sees what: access.h; the clock: clock.h):
 *  - a signed-in user files a ticket in a category of the landing org's
 *    country (422 unknown_support_category on "category"); subject 1..200
 *    characters, body 1..20,000 (422 on the field); it lands where
 *    access.h says; with an Idempotency-Key the account used before, the
 *    first answer is given again and nothing is written;
 *  - the clock at a level: level_since = arrival; first due = add(since,
 *    first_answer_min) until a staff reply at the level; resolve due =
 *    add(since, resolve_min); next due = the earlier; deadlines from
 *    support_deadlines (category, level);
 *  - waiting pauses the clock: the working time left is kept, the due
 *    instants are NULL; a reply of the requester (or staff setting it
 *    open) resumes it: dues = add(now, left), waited += working time
 *    paused;
 *  - resolved and closed: nothing is due; the requester may reopen a
 *    resolved ticket within 7 days (the level's full deadlines from now);
 *  - tickets naming a student are the child's data: every read and write
 *    is audited.
 */
#ifndef TABULA_DOMAIN_SUPPORT_TICKET_H
#define TABULA_DOMAIN_SUPPORT_TICKET_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"
#include "domain/support/access.h"

struct db;
struct db_conn;

/* An instant or duration that is NULL in the store. */
#define SUPPORT_NONE	    INT64_MIN
#define SUPPORT_KEY_MAX	    200
#define SUPPORT_SUBJECT_MAX 200
#define SUPPORT_BODY_MAX    20000
#define SUPPORT_REASON_MAX  2000
#define SUPPORT_REOPEN_MS   (7LL * 86400 * 1000)

struct support_message {
	int64_t id;
	const char *kind, *body, *author;
	bool staff;
	int64_t created_at;
};

struct support_event {
	const char *kind, *from, *to, *status, *reason, *by; /* NULL: none */
	int64_t at;
};

struct support_attachment_item {
	int64_t id, message_id, size, uploaded_at;
	const char *name, *media_type, *sha256;
};

/* What the reader may do (the JSON's "can"). */
struct support_can {
	bool reply, note, escalate, send_back, resolve, close, reopen, rate;
};

struct support_ticket {
	int64_t id, org_id, origin_org_id, category_id, requester_id, student_id;
	const char *level, *subject, *lang, *status;
	/* SUPPORT_NONE when NULL */
	int64_t level_since, first_due, resolve_due, first_left, resolve_left, next_due;
	int64_t first_answer, resolved_at, closed_at;
	int escalations;
	bool breached;
	int64_t waited;
	int satisfaction; /* 0: none */
	const char *satisfaction_comment;
	int64_t created_at, updated_at;
	const char *org_code, *org_name, *org_kind, *org_path;
	const char *origin_code, *origin_name, *origin_path;
	const char *category_code, *category_names, *country, *requester;
	const char *given_name, *family_name; /* the student's; NULL: none */
	int offset;			      /* the country's zone, seconds */
	int64_t now;			      /* when it was read: "overdue" */
	enum support_role role;		      /* how the reader stands */
	struct support_can can;
	/* The single read only: */
	struct support_message *messages;
	int nmessages;
	struct support_event *events;
	int nevents;
	struct support_attachment_item *attachments;
	int nattachments;
};

/* File a ticket (work function for the group commit). */
struct support_ticket_create {
	struct actor *by;
	int64_t now;
	const char *key; /* Idempotency-Key, or NULL */
	const char *lang;
	const char *category, *subject, *body, *org;
	int64_t student;
	/* The plan (create_read, or the write itself when not planned): a
	 * ticket the key made already, else where it lands, its category and
	 * its due instants. */
	bool planned;
	int64_t replay_id;
	struct support_org land;
	int64_t category_id;
	const char *category_names;
	int64_t first_due, resolve_due;
	int offset;
	/* out */
	bool replayed;
	struct support_ticket t;
	struct problem p;
};
/* The plan, in a read snapshot before the write (the write then costs its
 * inserts alone): ERR_OK, or the problem (nothing to write). */
int support_ticket_create_read(struct db *db, struct support_ticket_create *x)
	__attribute__((warn_unused_result));
int support_ticket_create_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* One ticket with its thread, history and attachments as by may read it
 * (else 404); audit: the entry to make durable first (n 0 or 1). */
struct support_ticket_view {
	int64_t id;
	struct support_ticket t;
	struct access_decision d;
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int support_ticket_view_read(struct db *db, const struct actor *by, struct support_ticket_view *x)
	__attribute__((warn_unused_result));

/* A page of tickets: view "mine", "queue" or "history". */
struct support_ticket_list {
	const char *view;     /* mine | queue | history */
	const char *org;      /* code, or NULL: every org the caller is staff of */
	const char *statuses; /* ",open,answered," or NULL */
	bool overdue;
	const char *q; /* or NULL */
	int64_t after; /* the last id of the previous page, or 0 */
	int limit;
	int64_t now;
	struct support_ticket *items;
	int n;
	int64_t next; /* 0: no more */
	struct audit_entry *audit;
	size_t naudit;
	struct problem p;
};
int support_ticket_list_read(struct db *db, const struct actor *by, struct support_ticket_list *x)
	__attribute__((warn_unused_result));

/* A message on a ticket (work function): kind "reply" or "note". */
struct support_message_post {
	struct actor *by;
	int64_t id, now;
	const char *kind, *body;
	int64_t message_id; /* out */
	struct support_ticket t;
	struct problem p;
};
int support_message_post_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* A status change (work function): waiting, open, resolved, closed. */
struct support_status_change {
	struct actor *by;
	int64_t id, now;
	const char *status, *reason;
	struct support_ticket t;
	struct problem p;
};
int support_status_change_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Escalate (dir +1) or send back (dir -1) by hand (work function). */
struct support_ticket_move {
	struct actor *by;
	int64_t id, now;
	int dir;
	const char *reason;
	struct support_ticket t;
	struct problem p;
};
int support_ticket_move_by_hand_tx(struct db_conn *c, void *ctx)
	__attribute__((warn_unused_result));

/* ---- shared by the support files (thread, attachment, escalation) ---- */

/* Ticket id read in a transaction (no thread), the reader's role and
 * rights set for by at now. ERR_NOTFOUND if there is none. */
int support_ticket_load(struct db_conn *c, struct arena *a, const struct principal *by, int64_t id,
			int64_t now, struct support_ticket *out)
	__attribute__((warn_unused_result));
/* Load id for a write by `by`: absent or out of sight: 404 (the refusal
 * noted for a ticket naming a student); otherwise ERR_OK with t and d. */
int support_ticket_for_write(struct db_conn *c, struct actor *by, int64_t id, int64_t now,
			     const char *action, struct support_ticket *t,
			     struct access_decision *d, struct problem *p)
	__attribute__((warn_unused_result));
/* Audit a write on t when it names a student. */
int support_ticket_audit(struct db_conn *c, const struct actor *by, const struct access_decision *d,
			 const struct support_ticket *t, const char *action)
	__attribute__((warn_unused_result));
/* The clock after a message, in the message's transaction: a requester's
 * reply to a waiting ticket resumes it (status open); a staff reply is the
 * level's first answer (the first ever too) and makes an open ticket
 * answered; a requester's reply to an answered ticket makes it open. */
int support_ticket_requester_resume(struct db_conn *c, struct arena *a, struct support_ticket *t,
				    int64_t now, struct problem *p)
	__attribute__((warn_unused_result));
int support_ticket_staff_answered(struct db_conn *c, struct support_ticket *t, int64_t now)
	__attribute__((warn_unused_result));
int support_ticket_requester_replied(struct db_conn *c, struct support_ticket *t, int64_t now)
	__attribute__((warn_unused_result));
/* The store's value of a maybe-NULL instant. */
struct db_val support_dbv_ms(int64_t ms);

#endif
