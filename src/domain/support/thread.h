/*
 * thread.h: a ticket's messages (replies and internal notes), its history
 * and its attachments as a read shows them (docs/support.md, "Tickets").
 *
 * The requester replies; staff of the current level reply and write notes
 * (never shown to the requester); staff of the origin org read only. A
 * requester's reply to a waiting ticket resumes its clock; the first staff
 * reply at a level is its first answer (ticket.h).
 */
#ifndef TABULA_DOMAIN_SUPPORT_THREAD_H
#define TABULA_DOMAIN_SUPPORT_THREAD_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/support/ticket.h"

struct db_conn;

/* Insert one message; *id gets it. */
int support_message_insert(struct db_conn *c, int64_t ticket, int64_t org, const char *kind,
			   const char *body, int64_t author, bool staff, int64_t at, int64_t *id)
	__attribute__((warn_unused_result));

/* Whether staff replied at org since `since` (ms). */
int support_staff_replied(struct db_conn *c, int64_t ticket, int64_t org, int64_t since, bool *out)
	__attribute__((warn_unused_result));

/* t's messages (notes only when staff), events and attachments into a. */
int support_thread_read(struct db_conn *c, struct arena *a, struct support_ticket *t, bool staff)
	__attribute__((warn_unused_result));

#endif
