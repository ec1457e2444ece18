/*
 * rooms.c: the room assignment of an exam session over HTTP.
 *
 *   POST /api/v1/exams/sessions/{id}/assign   seat every confirmed
 *        candidate (no body): 200 {"session","candidates","rooms","sites",
 *        "assigned_at"}
 *   GET  /api/v1/exams/sessions/{id}/rooms    one item per site and room
 *
 * The rules are domain/exams/assignment.h's.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/exams/handlers.h"
#include "domain/exams/assignment.h"
#include "domain/common/instant.h"

/* The instant ms in the session's zone (UTC for an unknown zone). */
static json_t *instant_json(int64_t ms, const char *zone)
{
	int offset = 0;
	char out[40];
	if (!zone || !zone_offset(zone, &offset))
		offset = 0;
	instant_format(ms, offset, out, sizeof(out));
	return json_string(out);
}

static void assign_finish(struct req *r, int rc, void *arg)
{
	struct exam_assign *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	json_t *o =
		json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "session", (json_int_t)x->session_id,
			  "candidates", (json_int_t)x->candidates, "rooms", (json_int_t)x->rooms,
			  "sites", (json_int_t)x->sites, "changed", (json_int_t)x->changed,
			  "assigned_at_ms", (json_int_t)x->now_ms);
	api_json(r, 200, o);
}

void api_exam_assign(struct req *r)
{
	struct exam_assign *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->now_ms = time_now_ms(); /* the instant the request arrived */
	if (!api_path_id_or_reply(r, "id", &x->session_id))
		return;
	x->by = api_actor(r);
	api_write(r, exam_assign_tx, x, assign_finish);
}

void api_exam_rooms(struct req *r)
{
	struct exam_rooms_list x = {0};
	if (!api_path_id_or_reply(r, "id", &x.session_id))
		return;
	int rc = exam_rooms_read(api_app(r)->db, api_actor(r), &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < x.n; i++) {
		const struct exam_room *m = &x.rooms[i];
		json_t *subjects = json_loads(m->subjects, 0, NULL);
		json_array_append_new(
			items,
			json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:o}", "site", m->site,
				  "site_name", m->site_name, "council", m->council, "room", m->room,
				  "candidates", m->candidates, "first_number", m->first_number,
				  "last_number", m->last_number, "track", m->track, "subjects",
				  subjects ? subjects : json_array()));
	}
	json_t *o =
		json_pack("{s:I, s:o, s:o}", "session", (json_int_t)x.session_id, "assigned_at",
			  x.assigned_at ? instant_json(x.assigned_at, x.time_zone) : json_null(),
			  "items", items);
	api_json(r, 200, o);
}
