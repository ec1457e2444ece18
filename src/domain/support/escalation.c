/*
 * escalation.c: moving a ticket between levels (escalation.h).
 */
#include "core/base.h"

#include "db/db.h"
#include "domain/support/access.h"
#include "domain/support/clock.h"
#include "domain/support/escalation.h"
#include "domain/support/ticket.h"

#define MINUTE_MS 60000LL

static bool fail(struct problem *pb, int rc)
{
	problem_err(pb, rc);
	return false;
}

bool support_ticket_move_tx(struct db_conn *c, struct arena *a, int64_t ticket_id, int dir,
			    int64_t by_user, const char *reason, int64_t at_ms, struct problem *pb)
{
	struct support_ticket t;
	int rc = support_ticket_load(c, a, NULL, ticket_id, at_ms, &t);
	if (rc == ERR_NOTFOUND) {
		problem_set(pb, P_NOT_FOUND, NULL, "No such ticket.");
		return false;
	}
	if (rc)
		return fail(pb, rc);
	struct support_org from, to;
	rc = support_org_get(c, a, t.org_id, &from);
	if (rc)
		return fail(pb, rc);
	int64_t dest = 0;
	if (dir > 0) {
		dest = from.parent_id;
		if (!dest) {
			problem_set(pb, P_SUPPORT_TOP_LEVEL, NULL, NULL);
			return false;
		}
	} else {
		struct db_res res;
		struct db_val v[] = {DBV_INT(t.id), DBV_INT(t.org_id)};
		rc = db_row(c, Q_SUPPORT_LAST_CAME_FROM, v, 2, &res);
		if (rc == ERR_NOTFOUND) {
			problem_set(pb, P_SUPPORT_BOTTOM_LEVEL, NULL, NULL);
			return false;
		}
		if (rc)
			return fail(pb, rc);
		dest = db_int(&res, C_SUPPORT_LAST_CAME_FROM__FROM_ORG_ID);
		db_done(&res);
	}
	rc = support_org_get(c, a, dest, &to);
	if (rc)
		return fail(pb, rc);
	struct db_res res;
	struct db_val dv[] = {DBV_INT(t.category_id), DBV_TEXT(to.kind)};
	int64_t first = SUPPORT_NONE, resolve = SUPPORT_NONE;
	rc = db_row(c, Q_SUPPORT_DEADLINE_AT, dv, 2, &res);
	if (!rc) {
		first = db_int(&res, C_SUPPORT_DEADLINE_AT__FIRST_ANSWER_MIN) * MINUTE_MS;
		resolve = db_int(&res, C_SUPPORT_DEADLINE_AT__RESOLVE_MIN) * MINUTE_MS;
		db_done(&res);
	} else if (rc != ERR_NOTFOUND) {
		return fail(pb, rc);
	}
	struct support_calendar cal;
	if (support_calendar_load(c, a, t.country, &cal, pb))
		return false;
	bool waiting = !strcmp(t.status, "waiting");
	int64_t fd = SUPPORT_NONE, rd = SUPPORT_NONE, fl = SUPPORT_NONE, rl = SUPPORT_NONE;
	if (waiting) {
		fl = first;
		rl = resolve;
	} else {
		fd = first == SUPPORT_NONE ? SUPPORT_NONE : support_clock_add(&cal, at_ms, first);
		rd = resolve == SUPPORT_NONE ? SUPPORT_NONE
					     : support_clock_add(&cal, at_ms, resolve);
	}
	int64_t next = fd == SUPPORT_NONE ? rd : rd == SUPPORT_NONE ? fd : fd < rd ? fd : rd;
	const char *status = waiting ? "waiting" : "open";
	struct db_val v[] = {DBV_INT(to.id),	       DBV_TEXT(to.kind),  DBV_TEXT(status),
			     DBV_INT(at_ms),	       support_dbv_ms(fd), support_dbv_ms(rd),
			     support_dbv_ms(fl),       support_dbv_ms(rl), support_dbv_ms(next),
			     DBV_INT(dir > 0 ? 1 : 0), DBV_INT(at_ms),	   DBV_INT(t.id)};
	rc = db_exec(c, Q_SUPPORT_TICKET_MOVE_SET, v, ARRAY_SIZE(v), NULL);
	if (rc)
		return fail(pb, rc);
	const char *kind = dir > 0 ? "escalated" : "sent_back";
	struct db_val ev[] = {DBV_INT(t.id),
			      DBV_TEXT(kind),
			      DBV_INT(from.id),
			      DBV_INT(to.id),
			      DBV_TEXT(status),
			      dbv_text_or_null(reason),
			      by_user ? DBV_INT(by_user) : DBV_NULL,
			      DBV_INT(at_ms)};
	rc = db_row(c, Q_SUPPORT_EVENT_INSERT, ev, ARRAY_SIZE(ev), &res);
	if (rc)
		return fail(pb, rc);
	int64_t event = db_int(&res, C_SUPPORT_EVENT_INSERT__ID);
	db_done(&res);
	for (int i = 0; i < 2 && !rc; i++) {
		struct db_val nv[] = {DBV_INT(i ? to.id : from.id), DBV_INT(t.id), DBV_INT(event),
				      DBV_TEXT(kind), DBV_INT(at_ms)};
		rc = db_exec(c, Q_SUPPORT_NOTICE_INSERT, nv, ARRAY_SIZE(nv), NULL);
	}
	return rc ? fail(pb, rc) : true;
}
