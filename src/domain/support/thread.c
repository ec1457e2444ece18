/*
 * thread.c: a ticket's messages, history and attachments (thread.h), and
 * posting a message (ticket.h, support_message_post_tx).
 */
#include "core/base.h"

#include "db/db.h"
#include "domain/support/thread.h"

int support_message_insert(struct db_conn *c, int64_t ticket, int64_t org, const char *kind,
			   const char *body, int64_t author, bool staff, int64_t at, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(ticket),
			     DBV_INT(org),
			     DBV_TEXT(kind),
			     DBV_TEXT(body),
			     author ? DBV_INT(author) : DBV_NULL,
			     DBV_INT(staff ? 1 : 0),
			     DBV_INT(at)};
	int rc = db_row(c, Q_SUPPORT_MESSAGE_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_SUPPORT_MESSAGE_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

int support_staff_replied(struct db_conn *c, int64_t ticket, int64_t org, int64_t since, bool *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(ticket), DBV_INT(org), DBV_INT(since)};
	int rc = db_row(c, Q_SUPPORT_STAFF_REPLIED, v, ARRAY_SIZE(v), &res);
	*out = rc == ERR_OK;
	if (!rc)
		db_done(&res);
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

static int messages_read(struct db_conn *c, struct arena *a, struct support_ticket *t, bool staff)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(t->id), DBV_INT(staff ? 1 : 0)};
	int cap = 16, rc = db_query(c, Q_SUPPORT_MESSAGES_OF, v, 2, &res), step = 0;
	t->messages = arena_calloc(a, (size_t)cap, sizeof(*t->messages));
	if (!t->messages && !rc) {
		db_done(&res);
		return ERR_NOMEM;
	}
	while (!rc && (step = db_next(&res)) == 1) {
		if (t->nmessages == cap) {
			struct support_message *m = arena_calloc(a, (size_t)cap * 2, sizeof(*m));
			if (!m) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(m, t->messages, (size_t)cap * sizeof(*m));
			t->messages = m;
			cap *= 2;
		}
		struct support_message *m = &t->messages[t->nmessages++];
		bool nomem = false;
		m->id = db_int(&res, C_SUPPORT_MESSAGES_OF__ID);
		m->kind = db_dup(&res, C_SUPPORT_MESSAGES_OF__KIND, a);
		m->body = db_dup(&res, C_SUPPORT_MESSAGES_OF__BODY, a);
		m->author = db_dup_or_null(&res, C_SUPPORT_MESSAGES_OF__AUTHOR, a, &nomem);
		m->staff = db_int(&res, C_SUPPORT_MESSAGES_OF__STAFF) != 0;
		m->created_at = db_int(&res, C_SUPPORT_MESSAGES_OF__CREATED_AT_MS);
		if (nomem || !m->kind || !m->body)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int events_read(struct db_conn *c, struct arena *a, struct support_ticket *t)
{
	struct db_res res;
	struct db_val v = DBV_INT(t->id);
	int cap = 16, rc = db_query(c, Q_SUPPORT_EVENTS_OF, &v, 1, &res), step = 0;
	t->events = arena_calloc(a, (size_t)cap, sizeof(*t->events));
	if (!t->events && !rc) {
		db_done(&res);
		return ERR_NOMEM;
	}
	while (!rc && (step = db_next(&res)) == 1) {
		if (t->nevents == cap) {
			struct support_event *e = arena_calloc(a, (size_t)cap * 2, sizeof(*e));
			if (!e) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(e, t->events, (size_t)cap * sizeof(*e));
			t->events = e;
			cap *= 2;
		}
		struct support_event *e = &t->events[t->nevents++];
		bool nomem = false;
		e->kind = db_dup(&res, C_SUPPORT_EVENTS_OF__KIND, a);
		e->from = db_dup_or_null(&res, C_SUPPORT_EVENTS_OF__FROM_CODE, a, &nomem);
		e->to = db_dup_or_null(&res, C_SUPPORT_EVENTS_OF__TO_CODE, a, &nomem);
		e->status = db_dup_or_null(&res, C_SUPPORT_EVENTS_OF__STATUS, a, &nomem);
		e->reason = db_dup_or_null(&res, C_SUPPORT_EVENTS_OF__REASON, a, &nomem);
		e->by = db_dup_or_null(&res, C_SUPPORT_EVENTS_OF__BY_NAME, a, &nomem);
		e->at = db_int(&res, C_SUPPORT_EVENTS_OF__AT_MS);
		if (nomem || !e->kind)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int attachments_read(struct db_conn *c, struct arena *a, struct support_ticket *t)
{
	struct db_res res;
	struct db_val v = DBV_INT(t->id);
	int cap = 16, rc = db_query(c, Q_SUPPORT_ATTACHMENTS_OF, &v, 1, &res), step = 0;
	t->attachments = arena_calloc(a, (size_t)cap, sizeof(*t->attachments));
	if (!t->attachments && !rc) {
		db_done(&res);
		return ERR_NOMEM;
	}
	while (!rc && (step = db_next(&res)) == 1) {
		if (t->nattachments == cap) {
			struct support_attachment_item *e =
				arena_calloc(a, (size_t)cap * 2, sizeof(*e));
			if (!e) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(e, t->attachments, (size_t)cap * sizeof(*e));
			t->attachments = e;
			cap *= 2;
		}
		struct support_attachment_item *e = &t->attachments[t->nattachments++];
		e->id = db_int(&res, C_SUPPORT_ATTACHMENTS_OF__ID);
		e->message_id = db_int0(&res, C_SUPPORT_ATTACHMENTS_OF__MESSAGE_ID);
		e->size = db_int(&res, C_SUPPORT_ATTACHMENTS_OF__SIZE);
		e->uploaded_at = db_int(&res, C_SUPPORT_ATTACHMENTS_OF__UPLOADED_AT_MS);
		e->name = db_dup(&res, C_SUPPORT_ATTACHMENTS_OF__NAME, a);
		e->media_type = db_dup(&res, C_SUPPORT_ATTACHMENTS_OF__MEDIA_TYPE, a);
		e->sha256 = db_dup(&res, C_SUPPORT_ATTACHMENTS_OF__SHA256, a);
		if (!e->name || !e->media_type || !e->sha256)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int support_thread_read(struct db_conn *c, struct arena *a, struct support_ticket *t, bool staff)
{
	int rc = messages_read(c, a, t, staff);
	if (!rc)
		rc = events_read(c, a, t);
	if (!rc)
		rc = attachments_read(c, a, t);
	return rc;
}

int support_message_post_tx(struct db_conn *c, void *ctx)
{
	struct support_message_post *x = ctx;
	struct support_ticket *t = &x->t;
	struct access_decision d;
	int rc = support_ticket_for_write(c, x->by, x->id, x->now, "support.message", t, &d, &x->p);
	if (rc)
		return rc;
	bool note = !strcmp(x->kind, "note");
	if (t->role == SUPPORT_ORIGIN)
		return problem_set(&x->p, P_SUPPORT_READ_ONLY, NULL, NULL);
	if (note && t->role != SUPPORT_ACTING)
		return problem_set(&x->p, P_FORBIDDEN, "kind", "Only staff write internal notes.");
	if (note ? !t->can.note : !t->can.reply)
		return problem_set(&x->p, P_TICKET_CLOSED, NULL, NULL);
	bool staff = t->role == SUPPORT_ACTING;
	rc = support_message_insert(c, t->id, t->org_id, x->kind, x->body, x->by->who->user_id,
				    staff, x->now, &x->message_id);
	if (rc)
		return problem_err(&x->p, rc);
	if (!note) {
		if (staff)
			rc = support_ticket_staff_answered(c, t, x->now);
		else if (!strcmp(t->status, "waiting"))
			rc = support_ticket_requester_resume(c, x->by->arena, t, x->now, &x->p);
		else
			rc = support_ticket_requester_replied(c, t, x->now);
		if (rc)
			return problem_err(&x->p, rc);
	}
	rc = support_ticket_audit(c, x->by, &d, t, "support.message");
	if (!rc)
		rc = support_ticket_load(c, x->by->arena, x->by->who, t->id, x->now, t);
	return problem_err(&x->p, rc);
}
