/*
 * signing_keys.c: the keys that sign records (docs/records.md, "Keys"),
 * managed by the registrars reaching a school, the ministry key by the
 * national administrator (signing_key.h decides):
 *
 *   GET  /api/v1/signing-keys?school=         a school's keys
 *   POST /api/v1/signing-keys/rotate          a new key for a signer
 *   POST /api/v1/signing-keys/{id}/revoke     revoke, from a date
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/encode.h"
#include "api/records/handlers.h"
#include "domain/records/signing_key.h"
#include "domain/records/trust.h"

static json_t *key_json(struct arena *a, const struct skey_info *k)
{
	struct skey key = {0};
	snprintf(key.multikey, sizeof(key.multikey), "%s", k->multikey);
	char method[SKEY_METHOD_MAX];
	skey_method(&key, method);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)k->id, "role", k->role,
			      "public_key", k->multikey, "verification_method", method,
			      "valid_from", records_iso_time(a, k->valid_from));
	if (!j)
		return NULL;
	json_object_set_new(j, "username", records_opt_str(k->username));
	json_object_set_new(j, "valid_until",
			    k->valid_until ? json_string(records_iso_time(a, k->valid_until))
					   : json_null());
	json_object_set_new(j, "revoked_at",
			    k->revoked_at ? json_string(records_iso_time(a, k->revoked_at))
					  : json_null());
	json_object_set_new(j, "revoke_reason", records_opt_str(k->revoke_reason));
	return j;
}

void api_signing_keys_list(struct req *r)
{
	struct skey_listing x = {.school = req_query(r, "school")};
	struct actor *by = api_actor(r);
	int rc = by ? skey_list_as(api_app(r)->db, by, &x) : ERR_NOMEM;
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++)
		json_array_append_new(items, key_json(&r->arena, &x.keys[i]));
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

/* Answer with key id as the list shows it now. */
static void key_reply(struct req *r, int status, int64_t id)
{
	struct skey_info k;
	int rc = skey_info_fetch(api_app(r)->db, &r->arena, id, &k);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	api_json(r, status, key_json(&r->arena, &k));
}

static void rotate_finish(struct req *r, int rc, void *arg)
{
	struct skey_rotation *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	log_info("records: %s key of %s%s rotated by %s", skey_role_name(x->role),
		 x->school ? x->school : "the instance", x->username ? x->username : "",
		 api_principal(r)->username);
	key_reply(r, 201, x->key.id);
}

/* {"role", "school" (not for the ministry key), "username" (signers)}. */
static int rotation_decode(struct req *r, json_t *body, void *ctx)
{
	struct skey_rotation *x = ctx;
	const char *role = NULL, *school = NULL, *username = NULL;
	int rc = json_get_string(body, "role", true, 32, &role, &x->p);
	int parsed = rc ? -1 : skey_role_parse(role);
	if (!rc && parsed < 0)
		rc = problem_set(&x->p, P_UNKNOWN_VALUE, "role",
				 "The role is homeroom_teacher, principal, school or ministry.");
	x->role = (enum skey_role)parsed;
	if (!rc)
		rc = json_get_string(body, "school", x->role != SKEY_MINISTRY, 32, &school, &x->p);
	bool signer = x->role == SKEY_HOMEROOM_TEACHER || x->role == SKEY_PRINCIPAL;
	if (!rc)
		rc = json_get_string(body, "username", signer, 64, &username, &x->p);
	x->school = school ? arena_strdup(&r->arena, school) : NULL;
	x->username = username ? arena_strdup(&r->arena, username) : NULL;
	return rc;
}

void api_signing_keys_rotate(struct req *r)
{
	struct skey_rotation *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->now = time_now_unix();
	api_write_body(r, rotation_decode, x, &x->p, skey_rotate_tx, rotate_finish);
}

static void revoke_finish(struct req *r, int rc, void *arg)
{
	struct skey_revocation *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	log_info("records: signing key %" PRId64 " revoked by %s", x->id,
		 api_principal(r)->username);
	key_reply(r, 200, x->id);
}

/* {"since" (optional), "reason"}. */
static int revocation_decode(struct req *r, json_t *body, void *ctx)
{
	struct skey_revocation *x = ctx;
	const char *since = NULL, *reason = NULL;
	int rc = json_get_string(body, "since", false, 40, &since, &x->p);
	if (!rc && since && !trust_time_parse(since, &x->since))
		rc = problem_set(&x->p, P_INVALID, "since",
				 "A date and time such as 2026-06-01T00:00:00Z.");
	if (!rc)
		rc = json_get_string(body, "reason", true, 500, &reason, &x->p);
	if (!rc && !*reason)
		rc = problem_set(&x->p, P_REQUIRED, "reason", "Say why the key is revoked.");
	x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
	return rc;
}

void api_signing_keys_revoke(struct req *r)
{
	struct skey_revocation *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->id))
		return;
	x->by = api_actor(r);
	x->now = time_now_unix();
	api_write_body(r, revocation_decode, x, &x->p, skey_revoke_tx, revoke_finish);
}
