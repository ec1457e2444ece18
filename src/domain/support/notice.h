/*
 * notice.h: what a level is told (a ticket escalated to it or away from
 * it, sent back, breached) (docs/support.md, "Escalation").
 *
 * Support staff read the notices of the orgs they are staff of (?org=:
 * one org's subtree they reach; ?unread=1: not yet read by anyone); one
 * of them marks a notice read (404 for anyone else).
 */
#ifndef TABULA_DOMAIN_SUPPORT_NOTICE_H
#define TABULA_DOMAIN_SUPPORT_NOTICE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

struct db;
struct db_conn;

struct support_notice {
	int64_t id, ticket_id, created_at, read_at; /* read_at 0: unread */
	const char *org, *kind, *read_by, *subject;
};

struct support_notice_list {
	const char *org; /* or NULL */
	bool unread;
	int64_t after;
	int limit;
	struct support_notice *items;
	int n;
	int64_t next;
	struct problem p;
};
int support_notice_list_read(struct db *db, const struct actor *by, struct support_notice_list *x)
	__attribute__((warn_unused_result));

struct support_notice_mark {
	struct actor *by;
	int64_t id, now;
	struct support_notice out;
	struct problem p;
};
int support_notice_read_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

#endif
