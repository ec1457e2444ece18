/*
 * review.c: the schools' reviews of an application's documents and claims,
 * and where the application stands (review.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/admissions/document.h"
#include "domain/admissions/priority.h"
#include "domain/admissions/review.h"
#include "domain/admissions/round.h"
#include "domain/common/work.h"

/* ---- targets, states, status: no I/O ---- */

/* Whether [s, s+n) is a sibling's school code or a category name. */
static bool target_name_ok(const char *s, size_t n)
{
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.'))
			return false;
	}
	return true;
}

bool review_target_parse(const char *s, struct review_target *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(s) > REVIEW_TARGET_MAX)
		return false;
	if (!strncmp(s, "document:", 9)) {
		const char *d = s + 9;
		if (*d < '1' || *d > '9')
			return false;
		uint64_t v = 0;
		for (; *d; d++) {
			if (*d < '0' || *d > '9' ||
			    v > ((uint64_t)INT64_MAX - (uint64_t)(*d - '0')) / 10)
				return false;
			v = v * 10 + (uint64_t)(*d - '0');
		}
		out->kind = REVIEW_DOCUMENT;
		out->document = (int64_t)v;
		return true;
	}
	if (!strcmp(s, "claim:area")) {
		out->kind = REVIEW_AREA;
		return true;
	}
	const char *name = NULL;
	if (!strncmp(s, "claim:sibling:", 14)) {
		out->kind = REVIEW_SIBLING;
		name = s + 14;
	} else if (!strncmp(s, "claim:category:", 15)) {
		out->kind = REVIEW_CATEGORY;
		name = s + 15;
	} else {
		return false;
	}
	out->name = name;
	out->name_len = strlen(name);
	return target_name_ok(name, out->name_len);
}

static const char *const state_names[] = {"pending", "verified", "returned"};
static const char *const status_names[] = {"submitted", "returned", "verified"};

const char *review_state_name(enum review_state s)
{
	return (unsigned)s < ARRAY_SIZE(state_names) ? state_names[s] : "pending";
}

bool review_state_parse(const char *s, enum review_state *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(state_names); i++)
		if (!strcmp(s, state_names[i])) {
			*out = (enum review_state)i;
			return true;
		}
	return false;
}

const char *application_status_name(enum application_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "submitted";
}

bool application_status_parse(const char *s, enum application_status *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (!strcmp(s, status_names[i])) {
			*out = (enum application_status)i;
			return true;
		}
	return false;
}

enum application_status review_status(const struct review_item *items, int n, int nmissing)
{
	bool all = n > 0 && nmissing == 0;
	for (int i = 0; i < n; i++) {
		if (items[i].state == REVIEW_RETURNED)
			return APPLICATION_RETURNED;
		if (items[i].state != REVIEW_VERIFIED)
			all = false;
	}
	return all ? APPLICATION_VERIFIED : APPLICATION_SUBMITTED;
}

/* ---- reading the reviews ---- */

int review_latest(struct db_conn *c, int64_t app, const char *target, enum review_state *out)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(app), DBV_TEXT(target)};
	*out = REVIEW_PENDING;
	int rc = db_row(c, Q_REVIEW_LATEST_TARGET, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	size_t len;
	const char *d = db_text(&res, C_REVIEW_LATEST_TARGET__DECISION, &len);
	if (!review_state_parse(d, out))
		*out = REVIEW_PENDING;
	db_done(&res);
	return ERR_OK;
}

/* The latest review of every target of application app, into *out. */
struct latest {
	struct review_item *items;
	int n;
};

static int latest_read(struct db_conn *c, struct arena *a, int64_t app, struct latest *out)
{
	int cap = 16;
	out->n = 0;
	out->items = arena_calloc(a, (size_t)cap, sizeof(*out->items));
	if (!out->items)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(app);
	int rc = db_query(c, Q_REVIEW_LATEST_OF, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (out->n == cap) {
			struct review_item *more =
				arena_calloc(a, (size_t)cap * 2, sizeof(*out->items));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, out->items, (size_t)cap * sizeof(*more));
			out->items = more;
			cap *= 2;
		}
		struct review_item *e = &out->items[out->n++];
		e->target = db_dup(&res, C_REVIEW_LATEST_OF__TARGET, a);
		const char *d = db_dup(&res, C_REVIEW_LATEST_OF__DECISION, a);
		e->reason = db_null(&res, C_REVIEW_LATEST_OF__REASON)
				    ? NULL
				    : db_dup(&res, C_REVIEW_LATEST_OF__REASON, a);
		e->at = db_int(&res, C_REVIEW_LATEST_OF__CREATED_AT);
		e->by = db_null(&res, C_REVIEW_LATEST_OF__CREATED_BY)
				? NULL
				: db_dup(&res, C_REVIEW_LATEST_OF__CREATED_BY, a);
		if (!e->target || !d)
			rc = ERR_NOMEM;
		else if (!review_state_parse(d, &e->state))
			e->state = REVIEW_PENDING;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Item `target` as its latest review left it (never reviewed: pending). */
static struct review_item item_of(const struct latest *l, const char *target)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->items[i].target, target))
			return l->items[i];
	return (struct review_item){.target = target, .state = REVIEW_PENDING};
}

int review_item_read(struct db_conn *c, struct arena *a, int64_t app, const char *target,
		     struct review_item *out)
{
	struct latest l;
	int rc = latest_read(c, a, app, &l);
	if (!rc)
		*out = item_of(&l, target);
	return rc;
}

/* Whether the claims make the claim a document rule supports. */
static bool claim_made(const struct priority_claims *c, const char *claim)
{
	if (!claim)
		return false;
	if (!strcmp(claim, "area"))
		return c->area != NULL;
	if (!strcmp(claim, "siblings"))
		return c->nsiblings > 0;
	if (!strcmp(claim, "categories"))
		return c->ncategories > 0;
	if (!strncmp(claim, "category:", 9))
		for (int i = 0; i < c->ncategories; i++)
			if (!strcmp(c->categories[i], claim + 9))
				return true;
	return false;
}

/* The items of the claims, in the order area, siblings, categories. */
static int claim_items(struct arena *a, const struct priority_claims *cl, const struct latest *l,
		       struct review_item **out, int *n)
{
	*n = 0;
	*out = arena_calloc(a, 1 + (size_t)cl->nsiblings + (size_t)cl->ncategories, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	if (cl->area)
		(*out)[(*n)++] = item_of(l, "claim:area");
	for (int i = 0; i < cl->nsiblings; i++) {
		const char *t = arena_printf(a, "claim:sibling:%s", cl->siblings[i]);
		if (!t)
			return ERR_NOMEM;
		(*out)[(*n)++] = item_of(l, t);
	}
	for (int i = 0; i < cl->ncategories; i++) {
		const char *t = arena_printf(a, "claim:category:%s", cl->categories[i]);
		if (!t)
			return ERR_NOMEM;
		(*out)[(*n)++] = item_of(l, t);
	}
	return ERR_OK;
}

/* The current documents of app, with their items. */
static int documents_read(struct db_conn *c, struct arena *a, int64_t app, const struct latest *l,
			  struct verification *v)
{
	v->ndocuments = 0;
	v->documents = arena_calloc(a, DOCUMENT_KINDS_MAX + 1, sizeof(*v->documents));
	if (!v->documents)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val p = DBV_INT(app);
	int rc = db_query(c, Q_DOCUMENT_CURRENT_OF, &p, 1, &res);
	int step = 0;
	/* A round edited before it opened may have had more kinds: keep to
	 * the bound, the rest are never current items of a later round. */
	while (!rc && v->ndocuments < DOCUMENT_KINDS_MAX && (step = db_next(&res)) == 1) {
		struct review_document *d = &v->documents[v->ndocuments++];
		d->id = db_int(&res, C_DOCUMENT__ID);
		d->kind = db_dup(&res, C_DOCUMENT__KIND, a);
		d->media_type = db_dup(&res, C_DOCUMENT__MEDIA_TYPE, a);
		d->sha256 = db_dup(&res, C_DOCUMENT__SHA256, a);
		d->size = db_int(&res, C_DOCUMENT__SIZE);
		d->uploaded_at = db_int(&res, C_DOCUMENT__UPLOADED_AT);
		const char *t = arena_printf(a, "document:%" PRId64, d->id);
		if (!d->kind || !d->media_type || !d->sha256 || !t)
			rc = ERR_NOMEM;
		else
			d->item = item_of(l, t);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int verification_read(struct db_conn *c, struct arena *a, int64_t id, int64_t round_id,
		      const char *claims, struct verification **out)
{
	struct verification *v = arena_calloc(a, 1, sizeof(*v));
	if (!v)
		return ERR_NOMEM;
	const char *rules_text = NULL;
	struct db_res res;
	struct db_val p = DBV_INT(round_id);
	int rc = db_row(c, Q_REVIEW_ROUND_RULES, &p, 1, &res);
	if (rc)
		return rc;
	if (!db_null(&res, C_REVIEW_ROUND_RULES__DOCUMENTS) &&
	    !(rules_text = db_dup(&res, C_REVIEW_ROUND_RULES__DOCUMENTS, a)))
		rc = ERR_NOMEM;
	db_done(&res);
	struct document_rules rules;
	struct priority_claims cl = {0};
	struct latest l;
	if (!rc)
		rc = document_rules_parse(a, rules_text, &rules);
	if (!rc)
		rc = priority_claims_parse(a, claims, &cl);
	if (!rc)
		rc = latest_read(c, a, id, &l);
	if (!rc)
		rc = documents_read(c, a, id, &l, v);
	if (!rc)
		rc = claim_items(a, &cl, &l, &v->claims, &v->nclaims);
	if (rc)
		return rc;
	v->missing = arena_calloc(a, (size_t)rules.n + 1, sizeof(*v->missing));
	if (!v->missing)
		return ERR_NOMEM;
	for (int i = 0; i < rules.n; i++) {
		const struct document_rule *r = &rules.items[i];
		if (!r->required && !claim_made(&cl, r->claim))
			continue;
		bool have = false;
		for (int k = 0; k < v->ndocuments && !have; k++)
			have = !strcmp(v->documents[k].kind, r->kind);
		if (!have)
			v->missing[v->nmissing++] = r->kind;
	}
	/* The status over every current item: documents, then claims. */
	int n = v->ndocuments + v->nclaims;
	struct review_item *all = arena_calloc(a, (size_t)n + 1, sizeof(*all));
	if (!all)
		return ERR_NOMEM;
	for (int i = 0; i < v->ndocuments; i++)
		all[i] = v->documents[i].item;
	for (int i = 0; i < v->nclaims; i++)
		all[v->ndocuments + i] = v->claims[i];
	v->status = review_status(all, n, v->nmissing);
	*out = v;
	return ERR_OK;
}

/* ---- writing a review ---- */

static int review_insert(struct db_conn *c, int64_t app, int64_t org_id, const char *target,
			 const char *decision, const char *reason, int64_t t, int64_t user)
{
	struct db_val v[] = {DBV_INT(app),	 DBV_INT(org_id),	   DBV_TEXT(target),
			     DBV_TEXT(decision), dbv_text_or_null(reason), DBV_INT(t),
			     DBV_INT(user)};
	return db_exec(c, Q_REVIEW_INSERT, v, ARRAY_SIZE(v), NULL);
}

static bool listed(const char *const *list, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return true;
	return false;
}

/* Whether target t is a current item of app: 422 unknown_target when it
 * is not an item at all, 409 superseded for an older document. */
static int target_current(struct db_conn *c, struct arena *a, const struct document_app *app,
			  const struct review_target *t, struct problem *p)
{
	if (t->kind != REVIEW_DOCUMENT) {
		struct priority_claims cl = {0};
		int rc = priority_claims_parse(a, app->claims, &cl);
		if (rc)
			return problem_err(p, rc);
		bool ok = t->kind == REVIEW_AREA ? cl.area != NULL
			  : t->kind == REVIEW_SIBLING
				  ? listed(cl.siblings, cl.nsiblings, t->name, t->name_len)
				  : listed(cl.categories, cl.ncategories, t->name, t->name_len);
		return ok ? ERR_OK
			  : problem_set(p, P_UNKNOWN_TARGET, "target",
					"The application makes no such claim.");
	}
	struct db_res res;
	struct db_val v[] = {DBV_INT(app->id), DBV_INT(t->document)};
	int rc = db_row(c, Q_DOCUMENT_BY_ID, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_TARGET, "target",
				   "The application has no such document.");
	if (rc)
		return problem_err(p, rc);
	const char *kind = db_dup(&res, C_DOCUMENT__KIND, a);
	db_done(&res);
	if (!kind)
		return problem_err(p, ERR_NOMEM);
	struct db_val k[] = {DBV_INT(app->id), DBV_TEXT(kind)};
	rc = db_row(c, Q_DOCUMENT_CURRENT_KIND, k, ARRAY_SIZE(k), &res);
	if (rc)
		return problem_err(p, rc);
	int64_t current = db_int(&res, C_DOCUMENT__ID);
	db_done(&res);
	if (current != t->document)
		return problem_set(
			p, P_SUPERSEDED, "target",
			"The family sent a newer document of this kind; review that one.");
	return ERR_OK;
}

int review_create_tx(struct db_conn *c, void *ctx)
{
	struct review_create *x = ctx;
	struct arena *a = x->by->arena;
	struct document_app app;
	struct round r;
	int rc = document_app_round_get(c, a, x->application_id, &app, &r);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *subject = arena_printf(a, "admission_application:%" PRId64 " %s", app.id,
					   x->target ? x->target : "");
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	bool reviewer;
	rc = document_access(c, x->by, app.person_id, (const char *const *)app.choices,
			     app.nchoices, &r, &d, &reviewer);
	if (rc)
		return problem_err(&x->p, rc);
	if (!reviewer) {
		bool seen = d.allowed || d.visible;
		d.allowed = false;
		rc = actor_refuse(x->by, &d, "admissions.review", app.person_id, subject);
		if (rc)
			return problem_err(&x->p, rc);
		if (!seen)
			return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
		return problem_set(&x->p, P_FORBIDDEN, NULL,
				   "Only the administrators of a school the family ranks, and the "
				   "round's officers, review an application.");
	}
	if (r.sealed_at)
		return problem_set(&x->p, P_ROUND_SEALED, NULL, NULL);
	struct review_target t;
	if (!x->target || !review_target_parse(x->target, &t))
		return problem_set(&x->p, P_INVALID, "target",
				   "A target is document:<id>, claim:area, claim:sibling:<school> "
				   "or claim:category:<name>.");
	enum review_state st;
	if (!x->decision || !review_state_parse(x->decision, &st) || st == REVIEW_PENDING)
		return problem_set(&x->p, P_INVALID, "decision",
				   "A decision is verified or returned.");
	if (st == REVIEW_RETURNED && (!x->reason || !*x->reason))
		return problem_set(&x->p, P_REQUIRED, "reason",
				   "Say what the family must do when returning an item.");
	rc = target_current(c, a, &app, &t, &x->p);
	if (rc)
		return rc;
	/* The reason goes with a return; a verification keeps none. */
	rc = review_insert(c, app.id, app.org_id, x->target, review_state_name(st),
			   st == REVIEW_RETURNED ? x->reason : NULL, time_now_unix(),
			   x->by->who->user_id);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "admissions.review", app.person_id, subject);
	return problem_err(&x->p, rc);
}

/* ---- what a family's edit and the seal do ---- */

int review_claims_reset(struct db_conn *c, struct arena *a, int64_t id, int64_t org_id,
			const char *old, const char *now, int64_t t, int64_t user)
{
	struct priority_claims was = {0}, is = {0};
	int rc = priority_claims_parse(a, old, &was);
	if (!rc)
		rc = priority_claims_parse(a, now, &is);
	if (!rc && is.area && (!was.area || strcmp(was.area, is.area)))
		rc = review_insert(c, id, org_id, "claim:area", "pending", NULL, t, user);
	for (int i = 0; !rc && i < is.nsiblings; i++) {
		if (listed(was.siblings, was.nsiblings, is.siblings[i], strlen(is.siblings[i])))
			continue;
		const char *target = arena_printf(a, "claim:sibling:%s", is.siblings[i]);
		rc = target ? review_insert(c, id, org_id, target, "pending", NULL, t, user)
			    : ERR_NOMEM;
	}
	for (int i = 0; !rc && i < is.ncategories; i++) {
		if (listed(was.categories, was.ncategories, is.categories[i],
			   strlen(is.categories[i])))
			continue;
		const char *target = arena_printf(a, "claim:category:%s", is.categories[i]);
		rc = target ? review_insert(c, id, org_id, target, "pending", NULL, t, user)
			    : ERR_NOMEM;
	}
	return rc;
}

int review_claims_verified(struct db_conn *c, struct arena *a, int64_t id,
			   struct priority_claims *claims)
{
	struct latest l;
	int rc = latest_read(c, a, id, &l);
	if (rc)
		return rc;
	if (claims->area && item_of(&l, "claim:area").state != REVIEW_VERIFIED)
		claims->area = NULL;
	int k = 0;
	for (int i = 0; i < claims->nsiblings; i++) {
		const char *t = arena_printf(a, "claim:sibling:%s", claims->siblings[i]);
		if (!t)
			return ERR_NOMEM;
		if (item_of(&l, t).state == REVIEW_VERIFIED)
			claims->siblings[k++] = claims->siblings[i];
	}
	claims->nsiblings = k;
	k = 0;
	for (int i = 0; i < claims->ncategories; i++) {
		const char *t = arena_printf(a, "claim:category:%s", claims->categories[i]);
		if (!t)
			return ERR_NOMEM;
		if (item_of(&l, t).state == REVIEW_VERIFIED)
			claims->categories[k++] = claims->categories[i];
	}
	claims->ncategories = k;
	return ERR_OK;
}

/* ---- the trail ---- */

static int review_trail_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct review_trail *x = ctx;
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
	x->person_id = app.person_id;
	if (rc || !x->d.allowed)
		return problem_err(&x->p, rc);
	int cap = 16;
	x->items = arena_calloc(a, (size_t)cap, sizeof(*x->items));
	if (!x->items)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_res res;
	struct db_val v = DBV_INT(app.id);
	rc = db_query(c, Q_REVIEW_TRAIL_OF, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			struct review_trail_entry *more =
				arena_calloc(a, (size_t)cap * 2, sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, x->items, (size_t)cap * sizeof(*more));
			x->items = more;
			cap *= 2;
		}
		struct review_trail_entry *e = &x->items[x->n++];
		e->id = db_int(&res, C_REVIEW_TRAIL_OF__ID);
		e->target = db_dup(&res, C_REVIEW_TRAIL_OF__TARGET, a);
		e->decision = db_dup(&res, C_REVIEW_TRAIL_OF__DECISION, a);
		e->reason = db_null(&res, C_REVIEW_TRAIL_OF__REASON)
				    ? NULL
				    : db_dup(&res, C_REVIEW_TRAIL_OF__REASON, a);
		e->by = db_null(&res, C_REVIEW_TRAIL_OF__CREATED_BY)
				? NULL
				: db_dup(&res, C_REVIEW_TRAIL_OF__CREATED_BY, a);
		e->at = db_int(&res, C_REVIEW_TRAIL_OF__CREATED_AT);
		if (!e->target || !e->decision)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return problem_err(&x->p, rc ? rc : step < 0 ? step : ERR_OK);
}

int review_trail_read(struct db *db, const struct actor *by, struct review_trail *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, review_trail_work, x);
	if (rc)
		return rc;
	rc = actor_audit_student_read(by, &x->d, "admissions.review.read", x->person_id, &x->audit,
				      &x->p);
	if (!rc && !x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	return rc;
}
