/*
 * encode.c: the JSON of records (encode.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "api/records/encode.h"
#include "domain/records/record.h"

const char *records_iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

json_t *records_opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Who signed and when, or null. */
static json_t *signer_json(struct arena *a, const char *username, int64_t at)
{
	if (!at)
		return json_null();
	return json_pack("{s:o, s:s}", "username", records_opt_str(username), "at",
			 records_iso_time(a, at));
}

json_t *records_summary_json(struct arena *a, const struct record_row *r)
{
	json_t *j =
		json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s}", "id",
			  (json_int_t)r->id, "uuid", r->uuid, "student", (json_int_t)r->person_id,
			  "given_name", r->given_name ? r->given_name : "", "family_name",
			  r->family_name ? r->family_name : "", "school", r->school, "school_year",
			  arena_printf(a, "%d-%d", r->school_year, r->school_year + 1), "grade",
			  r->grade, "class", r->class_name, "version", r->version, "status",
			  record_status_name(r->status));
	if (!j)
		return NULL;
	json_object_set_new(j, "previous_id",
			    r->previous_id ? json_integer(r->previous_id) : json_null());
	json_object_set_new(j, "superseded_by", records_opt_str(r->successor));
	json_object_set_new(j, "homeroom_teacher", signer_json(a, r->teacher, r->teacher_at));
	json_object_set_new(j, "principal", signer_json(a, r->principal, r->principal_at));
	json_object_set_new(j, "created_at", json_string(records_iso_time(a, r->created_at)));
	json_object_set_new(j, "updated_at", json_string(records_iso_time(a, r->updated_at)));
	return j;
}
