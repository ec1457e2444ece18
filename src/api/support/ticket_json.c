/*
 * ticket_json.c: a ticket as JSON (support.h).
 */
#include "core/base.h"
#include "api/support/support.h"
#include "domain/common/instant.h"

json_t *support_instant_json(int64_t ms, int offset)
{
	if (ms == SUPPORT_NONE)
		return json_null();
	char s[48];
	instant_format(ms, offset, s, sizeof(s));
	return json_string(s);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *support_attachment_json(const struct support_attachment_item *a)
{
	return json_pack("{s:I,s:s,s:s,s:I,s:s}", "id", (json_int_t)a->id, "name", a->name,
			 "media_type", a->media_type, "size", (json_int_t)a->size, "sha256",
			 a->sha256);
}

static json_t *can_json(const struct support_can *k)
{
	return json_pack("{s:b,s:b,s:b,s:b,s:b,s:b,s:b,s:b}", "reply", k->reply, "note", k->note,
			 "escalate", k->escalate, "send_back", k->send_back, "resolve", k->resolve,
			 "close", k->close, "reopen", k->reopen, "rate", k->rate);
}

static json_t *thread_json(const struct support_ticket *t, json_t *out)
{
	bool staff = t->role == SUPPORT_ACTING || t->role == SUPPORT_ORIGIN;
	json_t *msgs = json_array(), *events = json_array(), *atts = json_array();
	for (int i = 0; msgs && i < t->nmessages; i++) {
		const struct support_message *m = &t->messages[i];
		json_t *mine = json_array();
		for (int j = 0; mine && j < t->nattachments; j++)
			if (t->attachments[j].message_id == m->id)
				json_array_append_new(mine,
						      support_attachment_json(&t->attachments[j]));
		json_array_append_new(msgs,
				      json_pack("{s:I,s:s,s:s,s:{s:o,s:b},s:o,s:o}", "id",
						(json_int_t)m->id, "kind", m->kind, "body", m->body,
						"author", "username", str_or_null(m->author),
						"staff", m->staff, "created_at",
						support_instant_json(m->created_at, t->offset),
						"attachments", mine ? mine : json_array()));
	}
	for (int i = 0; events && i < t->nevents; i++) {
		const struct support_event *e = &t->events[i];
		/* The requester is not told which staff member did what. */
		const char *by = staff || (e->by && !strcmp(e->by, t->requester)) ? e->by : NULL;
		json_array_append_new(
			events,
			json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "kind", e->kind, "from",
				  str_or_null(e->from), "to", str_or_null(e->to), "status",
				  str_or_null(e->status), "reason", str_or_null(e->reason), "at",
				  support_instant_json(e->at, t->offset), "by", str_or_null(by)));
	}
	for (int i = 0; atts && i < t->nattachments; i++)
		json_array_append_new(atts, support_attachment_json(&t->attachments[i]));
	json_object_set_new(out, "messages", msgs ? msgs : json_null());
	json_object_set_new(out, "events", events ? events : json_null());
	json_object_set_new(out, "attachments", atts ? atts : json_null());
	return out;
}

json_t *support_ticket_json(const struct support_ticket *t, bool full)
{
	json_t *names = json_loads(t->category_names, 0, NULL);
	json_t *student = json_null();
	if (t->student_id) {
		char name[512];
		snprintf(name, sizeof(name), "%s %s", t->given_name ? t->given_name : "",
			 t->family_name ? t->family_name : "");
		student = json_pack("{s:I,s:s}", "id", (json_int_t)t->student_id, "name", name);
	}
	bool staff = t->role == SUPPORT_ACTING || t->role == SUPPORT_ORIGIN;
	bool overdue = t->next_due != SUPPORT_NONE && t->next_due <= t->now;
	json_t *satisfaction = t->satisfaction
				       ? json_pack("{s:i,s:o}", "score", t->satisfaction, "comment",
						   str_or_null(t->satisfaction_comment))
				       : json_null();
	json_t *out = json_pack(
		"{s:I,s:s,s:{s:s,s:o},s:s,s:{s:s,s:s,s:s},s:{s:s,s:s},s:s,s:o,s:o,s:o,s:o,s:o,s:o,"
		"s:o,s:{s:o,s:o},s:b,s:b,s:i,s:o,s:o}",
		"id", (json_int_t)t->id, "subject", t->subject, "category", "code",
		t->category_code, "names", names ? names : json_object(), "status", t->status,
		"org", "code", t->org_code, "name", t->org_name, "kind", t->org_kind, "origin",
		"code", t->origin_code, "name", t->origin_name, "level", t->level, "student",
		student ? student : json_null(), "requester",
		staff ? json_pack("{s:s}", "username", t->requester) : json_null(), "created_at",
		support_instant_json(t->created_at, t->offset), "updated_at",
		support_instant_json(t->updated_at, t->offset), "first_answer_at",
		support_instant_json(t->first_answer, t->offset), "resolved_at",
		support_instant_json(t->resolved_at, t->offset), "closed_at",
		support_instant_json(t->closed_at, t->offset), "due", "first_answer",
		support_instant_json(t->first_due, t->offset), "resolve",
		support_instant_json(t->resolve_due, t->offset), "overdue", overdue, "breached",
		t->breached, "escalations", t->escalations, "satisfaction",
		satisfaction ? satisfaction : json_null(), "can", can_json(&t->can));
	if (out && full)
		thread_json(t, out);
	return out;
}
