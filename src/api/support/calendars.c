/*
 * calendars.c: the support calendars over HTTP (su-clock; docs/support.md,
 * "Calendars and holidays").
 *
 *   GET /api/v1/support/calendars/{country}[?year=]   anyone signed in
 *       {"country","time_zone","week":{...},"holidays":[{"date","year",
 *       "calendar","names"}]}
 *   PUT /api/v1/support/calendars/{country}/holidays/{year}   body: a
 *       holiday file (a national ministry_admin, or one of that country's
 *       ministry); answers {"country","year","loaded"}
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/access/actor.h"
#include "domain/support/calendar.h"

void api_support_calendars_get(struct req *r)
{
	struct support_calendar_view x = {0};
	int64_t year = 0;
	if (!api_query_int_or_reply(r, "year", 1, 9999, 0, &year))
		return;
	x.by = api_actor(r);
	if (!x.by) {
		api_problem(r, problem_err(&x.p, ERR_NOMEM), &x.p);
		return;
	}
	x.country = req_param(r, "country");
	x.year = (int)year;
	int rc = support_calendar_view_read(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *days = json_array();
	for (int i = 0; days && i < x.n; i++) {
		const struct support_holiday_row *h = &x.rows[i];
		json_array_append_new(days, json_pack("{s:s,s:i,s:s,s:o?}", "date", h->date, "year",
						      h->year, "calendar", h->calendar, "names",
						      json_loads(h->names, 0, NULL)));
	}
	json_t *week = json_loads(x.week, 0, NULL);
	api_json(r, 200,
		 days && week
			 ? json_pack("{s:s,s:s,s:o,s:o}", "country", x.cal.country, "time_zone",
				     x.cal.time_zone, "week", week, "holidays", days)
			 : NULL);
}

static void holidays_finish(struct req *r, int rc, void *arg)
{
	struct support_holidays_put *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		api_json(r, 200,
			 json_pack("{s:s,s:i,s:i}", "country", x->country, "year", x->year,
				   "loaded", x->loaded));
}

void api_support_holidays_put(struct req *r)
{
	struct support_holidays_put *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->country = req_param(r, "country");
	const char *y = req_param(r, "year");
	char *end = NULL;
	long year = y ? strtol(y, &end, 10) : 0;
	if (!y || !*y || *end || year < 1 || year > 9999) {
		problem_set(&x->p, P_NOT_FOUND, NULL, NULL);
		api_problem(r, ERR_NOTFOUND, &x->p);
		return;
	}
	x->year = (int)year;
	if (r->body_too_large) {
		api_problem(r, problem_set(&x->p, P_BODY_TOO_LARGE, NULL, NULL), &x->p);
		return;
	}
	x->text = r->body.p ? r->body.p : "";
	x->len = r->body.len;
	int rc = support_holidays_put_decode(&r->arena, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, support_holidays_put_tx, x, holidays_finish);
}
