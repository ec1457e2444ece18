/*
 * verify.c: checking records, for anyone (docs/records.md, "Verifying"):
 *
 *   POST /api/v1/verify                  the checks of a presented record
 *   GET  /api/v1/public/records/{uuid}   the verification page's view
 */
#include "core/base.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/encode.h"
#include "api/records/handlers.h"
#include "domain/records/verification.h"

/* The record's id in a URL: its uuid without "urn:uuid:". */
static const char *uuid_bare(const char *uuid)
{
	return strncmp(uuid, "urn:uuid:", 9) ? uuid : uuid + 9;
}

static json_t *checks_json(const struct trust_report *rep)
{
	json_t *checks = json_array();
	for (int i = 0; i < rep->n; i++) {
		const struct trust_check *k = &rep->checks[i];
		json_array_append_new(checks,
				      json_pack("{s:s, s:b, s:s}", "check", k->name, "ok",
						k->result == TRUST_PASS, "detail", k->detail));
	}
	return checks;
}

void api_verify(struct req *r)
{
	json_t *cred = req_json_or_reply(r);
	if (!cred)
		return;
	if (!json_is_object(cred)) {
		json_decref(cred);
		res_error(r, P_TYPE, NULL, "Send the credential (a JSON object).");
		return;
	}
	struct record_verification x = {.credential = cred, .now = time_now_unix(), .a = &r->arena};
	int rc = record_verify(api_app(r)->db, &x);
	json_decref(cred);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *j = json_pack("{s:b, s:o}", "valid", x.rep.valid, "checks", checks_json(&x.rep));
	/* Where the issuer's copy stands; nothing about the student. */
	json_object_set_new(j, "status",
			    x.held ? json_string(record_status_name(x.status)) : json_null());
	json_object_set_new(j, "superseded_by", records_opt_str(x.held ? x.successor : NULL));
	api_json(r, 200, j);
}

/* Who signed and when (no names: the page is public). */
static json_t *signers_json(struct arena *a, const struct record_row *row)
{
	json_t *signers = json_array();
	if (row->teacher_at)
		json_array_append_new(signers,
				      json_pack("{s:s, s:s}", "role", "homeroom_teacher", "at",
						records_iso_time(a, row->teacher_at)));
	if (row->principal_at)
		json_array_append_new(signers, json_pack("{s:s, s:s}", "role", "principal", "at",
							 records_iso_time(a, row->principal_at)));
	return signers;
}

/* The public view: the checks and a minimal record, the whole one if its
 * holder shares it. */
static json_t *public_json(struct arena *a, const char *id, const struct record_public *x)
{
	json_t *subj = json_object_get(x->credential, "credentialSubject");
	json_t *sr = json_object_get(subj, "schoolRecord");
	json_t *issuer = json_object_get(x->credential, "issuer");
	json_t *outcome = json_object_get(json_object_get(sr, "outcome"), "result");
	json_t *j = json_pack(
		"{s:s, s:b, s:o, s:s, s:o, s:s, s:O*, s:O*, s:O*, s:O*, s:O*, s:i, s:o, s:b}", "id",
		id, "valid", x->rep.valid, "checks", checks_json(&x->rep), "status",
		record_status_name(x->row.status), "superseded_by",
		x->row.successor ? json_string(uuid_bare(x->row.successor)) : json_null(), "code",
		x->code, "school_name", json_object_get(issuer, "name"), "school",
		json_object_get(issuer, "code"), "school_year", json_object_get(sr, "schoolYear"),
		"valid_from", json_object_get(x->credential, "validFrom"), "outcome", outcome,
		"grade", x->row.grade, "signers", signers_json(a, &x->row), "shared", x->shared);
	if (j && x->shared)
		json_object_set(j, "credential", x->credential);
	return j;
}

void api_public_record(struct req *r)
{
	const char *id = req_param(r, "uuid");
	if (!id || strlen(id) != 36 || strspn(id, "0123456789abcdef-") != 36) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	struct record_public x = {.uuid = arena_printf(&r->arena, "urn:uuid:%s", id),
				  .now = time_now_unix(),
				  .a = &r->arena};
	int rc = record_public_view(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (!x.found) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	json_t *j = public_json(&r->arena, id, &x);
	json_decref(x.credential);
	res_header(r, "Cache-Control", "no-store");
	api_json(r, 200, j);
}
