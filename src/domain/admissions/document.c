/*
 * document.c: the documents a round asks for and the files families upload
 * (document.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/admissions/application.h"
#include "domain/admissions/document.h"
#include "domain/admissions/review.h"
#include "domain/admissions/round.h"
#include "domain/common/upload.h"
#include "domain/common/work.h"

/* ---- what a round asks for ---- */

bool document_kind_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return false;
	return n >= 1 && n <= DOCUMENT_KIND_MAX;
}

/* Whether claim names something an application claims: "area",
 * "siblings", "categories" (any category claimed: one certificate of
 * status, as the rule sets ask) or "category:<name>" (a category code of
 * priority.h). */
static bool claim_valid(const char *s)
{
	if (!strcmp(s, "area") || !strcmp(s, "siblings") || !strcmp(s, "categories"))
		return true;
	if (strncmp(s, "category:", 9))
		return false;
	s += 9;
	size_t n = strlen(s);
	if (n < 1 || n > 64)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == ',' || *s == 0x7f)
			return false;
	return true;
}

int document_rules_check(struct arena *a, json_t *v, struct document_rules *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_array(v))
		return problem_set(
			p, P_TYPE, "documents",
			"The documents are a list of {\"kind\", \"required\", \"claim\"}.");
	size_t n = json_array_size(v);
	if (n > DOCUMENT_KINDS_MAX)
		return problem_set(p, P_TOO_MANY, "documents",
				   "A round asks for at most 20 kinds of document.");
	out->items = arena_calloc(a, n + 1, sizeof(*out->items));
	if (!out->items)
		return problem_err(p, ERR_NOMEM);
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_array_get(v, i);
		struct document_rule *e = &out->items[i];
		const char *at = arena_printf(a, "documents[%zu]", i);
		if (!at)
			return problem_err(p, ERR_NOMEM);
		if (!json_is_object(d))
			return problem_set(p, P_TYPE, at,
					   "A document is {\"kind\", \"required\", \"claim\"}.");
		const char *key;
		json_t *val;
		json_object_foreach(d, key, val)
		{
			if (strcmp(key, "kind") && strcmp(key, "required") && strcmp(key, "claim"))
				return problem_set(p, P_INVALID, arena_printf(a, "%s.%s", at, key),
						   "Unknown member of a document.");
		}
		json_t *kind = json_object_get(d, "kind"), *req = json_object_get(d, "required"),
		       *claim = json_object_get(d, "claim");
		if (!kind)
			return problem_set(p, P_REQUIRED, arena_printf(a, "%s.kind", at), NULL);
		if (!json_is_string(kind) || !document_kind_valid(json_string_value(kind)))
			return problem_set(p, P_INVALID, arena_printf(a, "%s.kind", at),
					   "A kind is 1 to 64 characters of a-z, 0-9 and _.");
		if (req && !json_is_boolean(req) && !json_is_null(req))
			return problem_set(p, P_TYPE, arena_printf(a, "%s.required", at),
					   "required is true or false.");
		if (claim && !json_is_null(claim) &&
		    (!json_is_string(claim) || !claim_valid(json_string_value(claim))))
			return problem_set(p, P_INVALID, arena_printf(a, "%s.claim", at),
					   "A claim is \"area\", \"siblings\", \"categories\" or "
					   "\"category:<name>\".");
		e->kind = arena_strdup(a, json_string_value(kind));
		e->required = req && json_is_true(req);
		e->claim = claim && json_is_string(claim)
				   ? arena_strdup(a, json_string_value(claim))
				   : NULL;
		if (!e->kind || (claim && json_is_string(claim) && !e->claim))
			return problem_err(p, ERR_NOMEM);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(out->items[j].kind, e->kind))
				return problem_set(p, P_DUPLICATE, arena_printf(a, "%s.kind", at),
						   "A kind is listed twice.");
	}
	out->n = (int)n;
	return ERR_OK;
}

int document_rules_parse(struct arena *a, const char *text, struct document_rules *out)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		return ERR_OK;
	json_t *v = json_loads(text, 0, NULL);
	if (!v)
		return ERR_NOMEM;
	struct problem p = {0};
	int rc = document_rules_check(a, v, out, &p);
	json_decref(v);
	return rc;
}

const struct document_rule *document_rule_find(const struct document_rules *r, const char *kind)
{
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->items[i].kind, kind))
			return &r->items[i];
	return NULL;
}

bool document_media_accepted(const char *t)
{
	return upload_media_accepted(t);
}

int document_round_save(struct db_conn *c, const struct round_create *x)
{
	struct db_val v[] = {dbv_text_or_null(x->documents), DBV_INT(x->verify_claims ? 1 : 0),
			     DBV_INT(x->id)};
	return db_exec(c, Q_DOCUMENT_ROUND_SET, v, ARRAY_SIZE(v), NULL);
}

/* ---- who ---- */

int document_access(struct db_conn *c, const struct actor *by, int64_t person_id,
		    const char *const *choices, int nchoices, const struct round *r,
		    struct access_decision *d, bool *reviewer)
{
	const struct grant *g = principal_reach(by->who, REVIEWERS, r->org_path);
	for (int i = 0; !g && i < nchoices; i++) {
		int k = round_school_index(r, choices[i]);
		if (k >= 0)
			g = principal_reach(by->who, REVIEWERS, r->schools[k].path);
	}
	*reviewer = g != NULL;
	const char *school_path;
	int rc = access_student_school(c, by->arena, person_id, &school_path);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, d);
		rc = ERR_OK;
	} else if (!rc) {
		rc = access_student(c, by->who, ACCESS_READ, person_id, school_path, d);
	}
	if (rc || d->allowed)
		return rc;
	/* As the application's own read: staff reaching the office or a school
	 * it ranks. */
	const struct grant *staff = principal_reach(by->who, ACCESS_STAFF, r->org_path);
	for (int i = 0; !staff && i < nchoices; i++) {
		int k = round_school_index(r, choices[i]);
		if (k >= 0)
			staff = principal_reach(by->who, ACCESS_STAFF, r->schools[k].path);
	}
	if (staff) {
		d->allowed = d->visible = true;
		d->grant = staff;
	}
	return ERR_OK;
}

/* ---- the application ---- */

/* Read application id into *out (in a); ERR_NOTFOUND if absent. */
static int document_app_get(struct db_conn *c, struct arena *a, int64_t id,
			    struct document_app *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_DOCUMENT_APPLICATION, &v, 1, &res);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = db_int(&res, C_DOCUMENT_APPLICATION__ID);
	out->round_id = db_int(&res, C_DOCUMENT_APPLICATION__ROUND_ID);
	out->person_id = db_int(&res, C_DOCUMENT_APPLICATION__PERSON_ID);
	out->org_id = db_int(&res, C_DOCUMENT_APPLICATION__ORG_ID);
	const char *choices = db_dup(&res, C_DOCUMENT_APPLICATION__CHOICES, a);
	if (!db_null(&res, C_DOCUMENT_APPLICATION__CLAIMS))
		out->claims = db_dup(&res, C_DOCUMENT_APPLICATION__CLAIMS, a);
	db_done(&res);
	if (!choices)
		return ERR_NOMEM;
	return application_choices_split(a, choices, &out->choices, &out->nchoices);
}

int document_app_round_get(struct db_conn *c, struct arena *a, int64_t id, struct document_app *out,
			   struct round *r)
{
	int rc = document_app_get(c, a, id, out);
	return rc ? rc : round_get(c, a, out->round_id, r);
}

/* The current document of a kind: its id and hash, or ERR_NOTFOUND. */
static int current_of_kind(struct db_conn *c, struct arena *a, int64_t app, const char *kind,
			   int64_t *id, const char **sha256)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(app), DBV_TEXT(kind)};
	int rc = db_row(c, Q_DOCUMENT_CURRENT_KIND, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_DOCUMENT__ID);
	*sha256 = db_dup(&res, C_DOCUMENT__SHA256, a);
	db_done(&res);
	return *sha256 ? ERR_OK : ERR_NOMEM;
}

/* ---- upload ---- */

/* The stored document id of app, with its review, into *d. */
static int existing_read(struct db_conn *c, struct arena *a, int64_t app, int64_t id,
			 struct review_document *d)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(app), DBV_INT(id)};
	int rc = db_row(c, Q_DOCUMENT_BY_ID, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	d->media_type = db_dup(&res, C_DOCUMENT__MEDIA_TYPE, a);
	d->size = db_int(&res, C_DOCUMENT__SIZE);
	d->uploaded_at = db_int(&res, C_DOCUMENT__UPLOADED_AT);
	db_done(&res);
	const char *t = arena_printf(a, "document:%" PRId64, id);
	if (!d->media_type || !t)
		return ERR_NOMEM;
	return review_item_read(c, a, app, t, &d->item);
}

_Static_assert(DOCUMENT_MEDIA_MAX == UPLOAD_MEDIA_MAX, "a document's type is an upload's");

int document_upload_check(struct document_upload *x)
{
	return upload_check(x->bytes, x->len, DOCUMENT_MAX_BYTES, x->media_type, x->sha256, &x->p);
}

/* May by upload for the child of app: its linked guardian only. Refused:
 * noted, p says 404 (out of sight) or 403. */
static int uploader_decide(struct db_conn *c, struct actor *by, const struct document_app *app,
			   const char *subject, struct access_decision *d, struct problem *p)
{
	const char *school_path;
	int rc = access_student_school(c, by->arena, app->person_id, &school_path);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, d);
	} else if (rc) {
		return problem_err(p, rc);
	} else {
		rc = access_student(c, by->who, ACCESS_READ, app->person_id, school_path, d);
		if (rc)
			return problem_err(p, rc);
		if (d->allowed && d->grant && d->grant->role == ROLE_GUARDIAN)
			return ERR_OK;
	}
	bool seen = d->allowed || d->visible;
	d->allowed = false;
	rc = actor_refuse(by, d, "admissions.document.upload", app->person_id, subject);
	if (rc)
		return problem_err(p, rc);
	if (!seen)
		return problem_set(p, P_NOT_FOUND, NULL, "No such application.");
	return problem_set(p, P_FORBIDDEN, NULL,
			   "Only a guardian linked to the child uploads its documents.");
}

/* Whether the round takes an upload of kind now: open, or closed and not
 * sealed with the kind's current document returned by the school. */
static int upload_window(struct db_conn *c, struct arena *a, const struct round *r, int64_t app,
			 const char *kind, int64_t now, struct problem *p)
{
	enum round_phase ph = round_phase_at(r, now);
	if (ph == ROUND_UPCOMING)
		return problem_set(p, P_ROUND_NOT_OPEN, NULL, NULL);
	if (r->sealed_at)
		return problem_set(p, P_ROUND_SEALED, NULL, NULL);
	if (ph == ROUND_OPEN)
		return ERR_OK;
	int64_t id;
	const char *sha;
	enum review_state state = REVIEW_PENDING;
	int rc = current_of_kind(c, a, app, kind, &id, &sha);
	const char *target = rc ? NULL : arena_printf(a, "document:%" PRId64, id);
	if (!rc && !target)
		rc = ERR_NOMEM;
	if (!rc)
		rc = review_latest(c, app, target, &state);
	if (!rc && state == REVIEW_RETURNED)
		return ERR_OK;
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(p, rc);
	return problem_set(p, P_ROUND_CLOSED, NULL,
			   "The round has closed: only a document the school returned may be "
			   "sent again, until the seal.");
}

int document_upload_tx(struct db_conn *c, void *ctx)
{
	struct document_upload *x = ctx;
	struct arena *a = x->by->arena;
	struct document_app app;
	struct round r;
	int rc = document_app_round_get(c, a, x->application_id, &app, &r);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *subject = arena_printf(a, "admission_application:%" PRId64, app.id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	rc = uploader_decide(c, x->by, &app, subject, &d, &x->p);
	if (rc)
		return rc;
	struct document_rules rules;
	rc = document_rules_parse(a, r.documents, &rules);
	if (rc)
		return problem_err(&x->p, rc);
	if (!document_rule_find(&rules, x->kind))
		return problem_set(&x->p, P_UNKNOWN_DOCUMENT_KIND, "kind", NULL);
	int64_t now = time_now_unix();
	rc = upload_window(c, a, &r, app.id, x->kind, now, &x->p);
	if (rc)
		return rc;
	const char *sha = NULL;
	rc = current_of_kind(c, a, app.id, x->kind, &x->id, &sha);
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	x->existing = !rc && !strcmp(sha, x->sha256);
	x->doc = (struct review_document){.id = x->id,
					  .kind = x->kind,
					  .media_type = x->media_type,
					  .sha256 = x->sha256,
					  .size = (int64_t)x->len,
					  .uploaded_at = now};
	if (x->existing) {
		rc = existing_read(c, a, app.id, x->id, &x->doc);
		if (rc)
			return problem_err(&x->p, rc);
	} else {
		struct db_res res;
		struct db_val v[] = {DBV_INT(app.id),
				     DBV_INT(app.org_id),
				     DBV_TEXT(x->kind),
				     DBV_TEXT(x->media_type),
				     DBV_INT((int64_t)x->len),
				     DBV_TEXT(x->sha256),
				     DBV_BLOB(x->bytes, x->len),
				     DBV_INT(now),
				     DBV_INT(x->by->who->user_id)};
		rc = db_row(c, Q_DOCUMENT_INSERT, v, ARRAY_SIZE(v), &res);
		if (rc)
			return problem_err(&x->p, rc);
		x->id = x->doc.id = db_int(&res, C_DOCUMENT_INSERT__ID);
		db_done(&res);
		x->doc.item = (struct review_item){.state = REVIEW_PENDING};
	}
	subject = arena_printf(a, "admission_application:%" PRId64 " document:%" PRId64, app.id,
			       x->id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = actor_audit(c, x->by, &d, "admissions.document.upload", app.person_id, subject);
	return problem_err(&x->p, rc);
}

/* ---- download ---- */

static int document_fetch_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct document_fetch *x = ctx;
	struct arena *a = by->arena;
	struct document_app app;
	struct round r;
	int rc = document_app_round_get(c, a, x->application_id, &app, &r);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, &x->d);
		return ERR_OK;
	}
	bool reviewer;
	if (!rc)
		rc = document_access(c, by, app.person_id, (const char *const *)app.choices,
				     app.nchoices, &r, &x->d, &reviewer);
	if (rc || !x->d.allowed)
		return problem_err(&x->p, rc);
	x->person_id = app.person_id;
	struct db_res res;
	struct db_val v[] = {DBV_INT(app.id), DBV_INT(x->id)};
	rc = db_row(c, Q_DOCUMENT_CONTENT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND) {
		/* The caller reads the application: say plainly there is no
		 * such document, and audit the read that found nothing. */
		x->bytes = NULL;
		return ERR_OK;
	}
	if (rc)
		return problem_err(&x->p, rc);
	x->kind = db_dup(&res, C_DOCUMENT__KIND, a);
	x->media_type = db_dup(&res, C_DOCUMENT__MEDIA_TYPE, a);
	x->sha256 = db_dup(&res, C_DOCUMENT__SHA256, a);
	x->uploaded_at = db_int(&res, C_DOCUMENT__UPLOADED_AT);
	x->bytes = db_blob(&res, C_DOCUMENT_CONTENT__CONTENT, a, &x->len);
	db_done(&res);
	if (!x->kind || !x->media_type || !x->sha256 || !x->bytes)
		return problem_err(&x->p, ERR_NOMEM);
	return ERR_OK;
}

int document_fetch_read(struct db *db, const struct actor *by, struct document_fetch *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, document_fetch_work, x);
	if (rc)
		return rc;
	x->size = (int64_t)x->len;
	rc = actor_audit_student_read(by, &x->d, "admissions.document.read", x->person_id,
				      &x->audit, &x->p);
	if (rc)
		return rc;
	x->audit->subject =
		arena_printf(by->arena, "admission_application:%" PRId64 " document:%" PRId64,
			     x->application_id, x->id);
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	else if (!x->bytes)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such document.");
	return ERR_OK;
}
