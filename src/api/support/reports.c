/*
 * reports.c: the help desk's reports per level over HTTP
 * (domain/support/report.h).
 *
 *   GET /api/v1/support/reports?org=CODE&from=&to=
 *       {"org":{"code","name","kind"},"from","to","totals":{...},
 *        "children":[{"org":{...}, ...figures}],
 *        "by_category":[{"category":{"code","names"}, ...figures}]}
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/common/instant.h"
#include "domain/support/report.h"

static json_t *number_or_null(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

/* The figures of t, into o (a new object when o is NULL). */
static json_t *totals_json(json_t *o, const struct report_totals *t)
{
	if (!o)
		o = json_object();
	json_t *dist = json_array();
	for (int i = 0; i < 5; i++)
		json_array_append_new(dist, json_integer(t->scores[i]));
	json_object_set_new(o, "open", json_integer(t->open));
	json_object_set_new(o, "overdue", json_integer(t->overdue));
	json_object_set_new(o, "breached", json_integer(t->breached));
	json_object_set_new(o, "created", json_integer(t->created));
	json_object_set_new(o, "resolved", json_integer(t->resolved));
	json_object_set_new(o, "escalated", json_integer(t->escalated));
	json_object_set_new(o, "escalation_rate", number_or_null(t->escalation_rate));
	json_object_set_new(o, "median_first_answer_hours",
			    number_or_null(t->median_first_answer_h));
	json_object_set_new(o, "median_resolution_hours", number_or_null(t->median_resolution_h));
	json_object_set_new(o, "satisfaction",
			    json_pack("{s:I, s:o, s:o}", "count", (json_int_t)t->rated, "mean",
				      number_or_null(t->mean_score), "distribution", dist));
	return o;
}

void api_support_reports(struct req *r)
{
	struct report x = {
		.who = api_principal(r),
		.org_code = req_query(r, "org"),
		.from_text = req_query(r, "from"),
		.to_text = req_query(r, "to"),
		.now_ms = time_now_ms(),
		.arena = &r->arena,
	};
	if (x.org_code && !*x.org_code)
		x.org_code = NULL;
	if (x.from_text && !*x.from_text)
		x.from_text = NULL;
	if (x.to_text && !*x.to_text)
		x.to_text = NULL;
	int rc = report_compute(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	char from[40], to[40];
	instant_format(x.from_ms, x.offset, from, sizeof(from));
	instant_format(x.to_ms, x.offset, to, sizeof(to));
	json_t *children = json_array();
	for (int i = 0; i < x.nchildren; i++) {
		const struct report_group *g = &x.children[i];
		json_t *o = json_pack("{s:{s:s, s:s, s:s}}", "org", "code", g->code, "name",
				      g->name, "kind", g->kind);
		json_array_append_new(children, totals_json(o, &g->t));
	}
	json_t *cats = json_array();
	for (int i = 0; i < x.ncategories; i++) {
		const struct report_group *g = &x.categories[i];
		json_t *names = json_loads(g->name, 0, NULL);
		json_t *o = json_pack("{s:{s:s, s:o}}", "category", "code", g->code, "names",
				      names ? names : json_object());
		json_array_append_new(cats, totals_json(o, &g->t));
	}
	json_t *body =
		json_pack("{s:{s:s, s:s, s:s}, s:s, s:s, s:o, s:o, s:o}", "org", "code", x.org_code,
			  "name", x.org_name, "kind", x.org_kind, "from", from, "to", to, "totals",
			  totals_json(NULL, &x.totals), "children", children, "by_category", cats);
	api_json(r, 200, body);
}
