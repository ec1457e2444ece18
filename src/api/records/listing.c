/*
 * listing.c: GET /api/v1/records?student=&school=&year=&limit=&after=, the
 * records of a student or of a school that the caller may list (scoped and
 * audited by the domain, listing.h).
 */
#include "core/base.h"
#include "api/common/api.h"
#include "api/records/encode.h"
#include "api/records/handlers.h"
#include "domain/common/calendar.h"
#include "domain/records/listing.h"

/* "2025-2026" or its start year alone, from a query parameter (0: none). */
static bool year_param_or_reply(struct req *r, const char *name, int *out)
{
	const char *s = req_query(r, name);
	*out = 0;
	if (!s || !*s)
		return true;
	struct problem p = {0};
	char full[32];
	if (!strchr(s, '-')) {
		char *end;
		long y = strtol(s, &end, 10);
		snprintf(full, sizeof(full), "%ld-%ld", y, y + 1);
		if (*end)
			full[0] = '\0';
	} else {
		snprintf(full, sizeof(full), "%s", s);
	}
	if (school_year_parse(full, out, &p)) {
		res_error(r, P_INVALID, name, "A school year such as 2025-2026.");
		return false;
	}
	return true;
}

void api_records_list(struct req *r)
{
	struct record_listing *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	struct actor *by = api_actor(r);
	int64_t limit = 50;
	if (!api_query_id_or_reply(r, "student", false, INT64_MAX, &x->student) ||
	    !api_query_id_or_reply(r, "limit", false, RECORD_LIST_MAX, &limit) ||
	    !api_query_id_or_reply(r, "after", false, INT64_MAX, &x->after) ||
	    !year_param_or_reply(r, "year", &x->year))
		return;
	x->school = req_query(r, "school");
	if (x->school && !*x->school)
		x->school = NULL;
	x->limit = (int)limit;
	int rc = record_list_as(api_app(r)->db, by, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	if (!x->found) {
		api_audit_reply(r, x->entries, 1, 0, NULL, &x->p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x->n; i++)
		json_array_append_new(items, records_summary_json(&r->arena, &x->rows[i]));
	json_t *j =
		api_page_json(items, x->next ? arena_printf(&r->arena, "%" PRId64, x->next) : NULL);
	api_audit_reply(r, x->entries, (size_t)x->n, 200, j, NULL);
}
