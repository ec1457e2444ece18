/*
 * notices.c: what a level is told, over HTTP.
 *
 *   GET  /api/v1/support/notices?org=&unread=1&after=&limit=
 *   POST /api/v1/support/notices/{id}/read
 *
 * The rules are domain/support/notice.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/common/instant.h"
#include "domain/support/notice.h"

static json_t *ms_json(int64_t ms)
{
	if (!ms)
		return json_null();
	char s[48];
	instant_format(ms, 0, s, sizeof(s));
	return json_string(s);
}

void api_support_notices_list(struct req *r)
{
	struct support_notice_list x = {0};
	int64_t limit = 50;
	if (!api_query_id_or_reply(r, "after", false, INT64_MAX, &x.after) ||
	    !api_query_int_or_reply(r, "limit", 1, 200, 50, &limit))
		return;
	x.limit = (int)limit;
	const char *org = req_query(r, "org"), *unread = req_query(r, "unread");
	x.org = org && *org ? org : NULL;
	x.unread = unread && !strcmp(unread, "1");
	int rc = support_notice_list_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; items && i < x.n; i++) {
		const struct support_notice *n = &x.items[i];
		json_array_append_new(
			items,
			json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)n->id,
				  "org", n->org, "ticket", (json_int_t)n->ticket_id, "subject",
				  n->subject, "kind", n->kind, "created_at", ms_json(n->created_at),
				  "read_at", ms_json(n->read_at), "read_by",
				  n->read_by ? json_string(n->read_by) : json_null()));
	}
	const char *next = x.next ? arena_printf(&r->arena, "%" PRId64, x.next) : NULL;
	api_json(r, 200, api_page_json(items, next));
}

static void read_finish(struct req *r, int rc, void *arg)
{
	struct support_notice_mark *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200,
			 json_pack("{s:I,s:o}", "id", (json_int_t)x->out.id, "read_at",
				   ms_json(x->out.read_at)));
}

void api_support_notices_read(struct req *r)
{
	struct support_notice_mark *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = time_now_ms();
	api_write(r, support_notice_read_tx, x, read_finish);
}
