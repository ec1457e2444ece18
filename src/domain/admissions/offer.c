/*
 * offer.c: offers, their answers and the moves down the waitlists
 * (offer.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/admissions/application.h"
#include "domain/admissions/input.h"
#include "domain/admissions/offer.h"
#include "domain/admissions/placement.h"
#include "domain/admissions/waitlist.h"
#include "domain/common/work.h"

int offer_lock(struct db_conn *c, char kind, int64_t id)
{
	struct db_val v = DBV_INT(id);
	enum query_id q = kind == 'a'	? Q_OFFER_LOCK_ROUND_OF_APPLICATION
			  : kind == 'p' ? Q_OFFER_LOCK_ROUND_OF_APPEAL
					: Q_OFFER_LOCK_ROUND;
	return db_exec(c, q, &v, 1, NULL);
}

int offer_rerun_check(struct db_conn *c, int64_t round_id, struct problem *p)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(round_id), DBV_INT(round_id)};
	int rc = offer_lock(c, 'r', round_id);
	if (rc)
		return problem_err(p, rc);
	rc = db_row(c, Q_OFFER_STARTED, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return problem_err(p, rc);
	db_done(&res);
	return problem_set(p, P_OFFERS_STARTED, NULL, NULL);
}

int offer_after_run(struct db_conn *c, int64_t round_id, int64_t now)
{
	struct db_val v[] = {DBV_INT(now), DBV_INT(round_id)};
	return db_exec(c, Q_OFFER_AFTER_RUN, v, ARRAY_SIZE(v), NULL);
}

/* ---- the market as it stands ---- */

/* A round's sealed market and where every applicant stands now; every
 * array malloc'd, [n_applicants] or [n_schools]. */
struct market {
	struct match_input in;
	int64_t *app_id;  /* applicant -> application id (ascending) */
	uint32_t *school; /* where it is placed now, or MATCH_UNASSIGNED */
	bool *gone;	  /* declined */
	uint32_t *pin;	  /* an upheld appeal's school, or MATCH_UNASSIGNED */
	uint32_t *added;  /* seats added per school */
};

static void market_release(struct market *mk)
{
	match_input_release(&mk->in);
	free(mk->app_id);
	free(mk->school);
	free(mk->gone);
	free(mk->pin);
	free(mk->added);
	memset(mk, 0, sizeof(*mk));
}

/* The applicant index of application id, or MATCH_UNASSIGNED. */
static uint32_t market_find(const struct market *mk, int64_t id)
{
	uint32_t lo = 0, hi = mk->in.m.n_applicants;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (mk->app_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mk->in.m.n_applicants && mk->app_id[lo] == id ? lo : MATCH_UNASSIGNED;
}

/* The school index of code, or MATCH_UNASSIGNED. */
static uint32_t market_school(const struct market *mk, const char *code)
{
	for (uint32_t s = 0; code && s < mk->in.m.n_schools; s++)
		if (!strcmp(mk->in.school_id[s], code))
			return s;
	return MATCH_UNASSIGNED;
}

/* Load round_id's market (sealed inputs, placements, declines, pins,
 * added seats) into *mk (market_release it in any case). */
static int market_load(struct db_conn *c, struct arena *a, int64_t round_id, struct market *mk,
		       struct problem *p)
{
	memset(mk, 0, sizeof(*mk));
	match_input_init(&mk->in);
	const char *text;
	size_t len;
	int rc = placement_sealed_inputs(c, a, round_id, &text, &len, p);
	if (rc)
		return rc;
	rc = match_input_decode(text, len, &mk->in);
	if (rc == ERR_INVALID) {
		log_error("admission round %" PRId64 ": sealed inputs refused: %s", round_id,
			  mk->in.why);
		return problem_set(p, P_INTERNAL, NULL, NULL);
	}
	if (rc)
		return problem_err(p, rc);
	uint32_t n = mk->in.m.n_applicants, ns = mk->in.m.n_schools;
	mk->app_id = calloc((size_t)n + 1, sizeof(*mk->app_id));
	mk->school = calloc((size_t)n + 1, sizeof(*mk->school));
	mk->gone = calloc((size_t)n + 1, sizeof(*mk->gone));
	mk->pin = calloc((size_t)n + 1, sizeof(*mk->pin));
	mk->added = calloc((size_t)ns + 1, sizeof(*mk->added));
	if (!mk->app_id || !mk->school || !mk->gone || !mk->pin || !mk->added)
		return problem_err(p, ERR_NOMEM);
	for (uint32_t i = 0; i < n; i++) {
		mk->app_id[i] = strtoll(mk->in.applicant_id[i], NULL, 10);
		mk->school[i] = mk->pin[i] = MATCH_UNASSIGNED;
	}
	struct db_res res;
	struct db_val v = DBV_INT(round_id);
	int step = 0;
	rc = db_query(c, Q_OFFER_STATE, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		uint32_t i = market_find(mk, db_int(&res, C_OFFER_STATE__ID));
		if (i == MATCH_UNASSIGNED)
			continue;
		size_t k;
		const char *st = db_null(&res, C_OFFER_STATE__OFFER_STATUS)
					 ? NULL
					 : db_text(&res, C_OFFER_STATE__OFFER_STATUS, &k);
		mk->gone[i] = st && !strcmp(st, "declined");
		if (!db_null(&res, C_OFFER_STATE__SCHOOL))
			mk->school[i] = market_school(mk, db_text(&res, C_OFFER_STATE__SCHOOL, &k));
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc)
		rc = db_query(c, Q_OFFER_ADDED_SEATS, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		size_t k;
		uint32_t s = market_school(mk, db_text(&res, C_OFFER_ADDED_SEATS__SCHOOL, &k));
		if (s != MATCH_UNASSIGNED)
			mk->added[s] = (uint32_t)db_int(&res, C_OFFER_ADDED_SEATS__ADDED_SEATS);
	}
	if (!rc) {
		db_done(&res);
		if (step < 0)
			rc = step;
	}
	if (!rc)
		rc = db_query(c, Q_OFFER_PINS, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		size_t k;
		uint32_t i = market_find(mk, db_int(&res, C_OFFER_PINS__APPLICATION_ID));
		if (i != MATCH_UNASSIGNED)
			mk->pin[i] = market_school(mk, db_text(&res, C_OFFER_PINS__SCHOOL, &k));
	}
	if (!rc) {
		db_done(&res);
		if (step < 0)
			rc = step;
	}
	return problem_err(p, rc);
}

/* ---- waitlist places, stored ---- */

/* Applicant i's places as stored: [{"position", "school"}] in its order
 * of choice, or NULL when it waits nowhere. */
static char *waitlists_text(const struct match_input *in, uint32_t i, const uint32_t *pos)
{
	const struct match_instance *m = &in->m;
	json_t *list = json_array();
	for (size_t k = m->first[i]; list && k < m->first[i + 1]; k++)
		if (pos[k] &&
		    json_array_append_new(list,
					  json_pack("{s:I, s:s}", "position", (json_int_t)pos[k],
						    "school", in->school_id[m->choices[k].school])))
			json_decref(list), list = NULL;
	char *text = list && json_array_size(list) ? json_dumps(list, JSON_COMPACT) : NULL;
	json_decref(list);
	return text;
}

int offer_waitlists_store(struct db_conn *c, int64_t round_id, const struct match_input *in,
			  const uint32_t *school, const bool *gone)
{
	const struct match_instance *m = &in->m;
	uint32_t n = m->n_applicants;
	uint32_t *pos = malloc((m->first[n] + 1) * sizeof(*pos));
	char **text = calloc((size_t)n + 1, sizeof(*text));
	bool *write = calloc((size_t)n + 1, sizeof(*write));
	int rc = pos && text && write ? waitlist_positions(m, school, gone, pos) : ERR_NOMEM;
	for (uint32_t i = 0; !rc && i < n; i++)
		text[i] = waitlists_text(in, i, pos);
	/* The rows that change: the stored text read first, in the inputs'
	 * (id) order, so that a decline rewrites the waitlists it moved only. */
	struct db_res res;
	struct db_val v = DBV_INT(round_id);
	int step = 0;
	uint32_t i = 0;
	if (!rc)
		rc = db_query(c, Q_OFFER_WAITLISTS_OF_ROUND, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, C_OFFER_WAITLISTS_OF_ROUND__ID);
		while (i < n && strtoll(in->applicant_id[i], NULL, 10) < id)
			i++;
		if (i == n || strtoll(in->applicant_id[i], NULL, 10) != id)
			continue;
		size_t len;
		const char *old =
			db_null(&res, C_OFFER_WAITLISTS_OF_ROUND__WAITLISTS)
				? NULL
				: db_text(&res, C_OFFER_WAITLISTS_OF_ROUND__WAITLISTS, &len);
		write[i] = old ? !text[i] || strcmp(old, text[i]) : text[i] != NULL;
	}
	if (!rc) {
		db_done(&res);
		if (step < 0)
			rc = step;
	}
	for (i = 0; !rc && i < n; i++) {
		if (!write[i])
			continue;
		struct db_val u[] = {text[i] ? DBV_TEXT(text[i]) : DBV_NULL,
				     DBV_INT(strtoll(in->applicant_id[i], NULL, 10))};
		rc = db_exec(c, Q_OFFER_WAITLISTS_SET, u, ARRAY_SIZE(u), NULL);
	}
	for (i = 0; text && i < n; i++)
		free(text[i]);
	free(text);
	free(write);
	free(pos);
	return rc;
}

/* ---- resuming after a decline or an appeal ---- */

static int move_store(struct db_conn *c, struct actor *by, const struct access_decision *d,
		      const struct round *r, const struct market *mk,
		      const struct waitlist_move *mv, const struct offer_cause *cause, int64_t now)
{
	int to = round_school_index(r, mk->in.school_id[mv->to]);
	int from = mv->from == MATCH_UNASSIGNED ? -1
						: round_school_index(r, mk->in.school_id[mv->from]);
	if (to < 0)
		return ERR_INVALID;
	int64_t app = mk->app_id[mv->applicant];
	struct db_val fromv = from < 0 ? DBV_NULL : DBV_INT(r->schools[from].id);
	struct db_val u[] = {DBV_INT(r->schools[to].id), DBV_INT(now), fromv, DBV_INT(app)};
	int rc = db_exec(c, Q_OFFER_MOVE, u, ARRAY_SIZE(u), NULL);
	struct db_val ins[] = {DBV_INT(r->id),
			       DBV_INT(r->org_id),
			       DBV_INT(app),
			       fromv,
			       DBV_INT(r->schools[to].id),
			       DBV_TEXT(cause->kind),
			       cause->application_id ? DBV_INT(cause->application_id) : DBV_NULL,
			       cause->appeal_id ? DBV_INT(cause->appeal_id) : DBV_NULL,
			       DBV_INT(now),
			       DBV_INT(by->who->user_id)};
	if (!rc)
		rc = db_exec(c, Q_OFFER_MOVE_INSERT, ins, ARRAY_SIZE(ins), NULL);
	struct db_res res;
	struct db_val v = DBV_INT(app);
	int64_t person = 0;
	if (!rc && !(rc = db_row(c, Q_OFFER_PERSON_OF, &v, 1, &res))) {
		person = db_int(&res, C_OFFER_PERSON_OF__PERSON_ID);
		db_done(&res);
	}
	const char *subject = arena_printf(by->arena, "admission_application:%" PRId64, app);
	if (!rc && !subject)
		rc = ERR_NOMEM;
	if (!rc)
		rc = actor_audit(c, by, d, "admissions.move", person, subject);
	return rc;
}

int offer_resume(struct db_conn *c, struct actor *by, const struct access_decision *d,
		 const struct round *r, const struct offer_cause *cause, int64_t now, int *moved,
		 struct problem *p)
{
	struct market mk;
	*moved = 0;
	int rc = market_load(c, by->arena, r->id, &mk, p);
	uint32_t n = mk.in.m.n_applicants;
	uint32_t *after = rc ? NULL : calloc((size_t)n + 1, sizeof(*after));
	struct waitlist_move *moves = rc ? NULL : calloc((size_t)n + 1, sizeof(*moves));
	size_t nmoves = 0;
	if (!rc && (!after || !moves))
		rc = problem_err(p, ERR_NOMEM);
	if (!rc) {
		struct waitlist_change ch = {.gone = mk.gone, .pin = mk.pin, .added = mk.added};
		rc = problem_err(p,
				 waitlist_resume(&mk.in.m, &ch, mk.school, after, moves, &nmoves));
	}
	for (size_t k = 0; !rc && k < nmoves; k++) {
		rc = move_store(c, by, d, r, &mk, &moves[k], cause, now);
		if (rc == ERR_INVALID)
			rc = problem_set(p, P_INTERNAL, NULL, NULL);
		else
			rc = problem_err(p, rc);
	}
	if (!rc) /* the decline or the appeal moved places even where no seat moved */
		rc = problem_err(p, offer_waitlists_store(c, r->id, &mk.in, after, mk.gone));
	if (!rc)
		*moved = (int)nmoves;
	free(after);
	free(moves);
	market_release(&mk);
	return rc;
}

/* ---- answers ---- */

int offer_answer_tx(struct db_conn *c, void *ctx)
{
	struct offer_answer *x = ctx;
	struct arena *a = x->by->arena;
	const char *action = x->accept ? "admissions.accept" : "admissions.decline";
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = offer_lock(c, 'a', x->id);
	if (!rc)
		rc = db_row(c, Q_OFFER_OF_APPLICATION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t round_id = db_int(&res, C_OFFER_OF_APPLICATION__ROUND_ID);
	int64_t person = db_int(&res, C_OFFER_OF_APPLICATION__PERSON_ID);
	const char *status = db_null(&res, C_OFFER_OF_APPLICATION__OFFER_STATUS)
				     ? NULL
				     : db_dup(&res, C_OFFER_OF_APPLICATION__OFFER_STATUS, a);
	bool closed = !db_null(&res, C_OFFER_OF_APPLICATION__OFFERS_CLOSED_AT);
	db_done(&res);
	const char *subject = arena_printf(a, "admission_application:%" PRId64, x->id),
		   *school_path;
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	rc = application_guardian_decide(c, x->by, person, action, subject, &school_path, &d,
					 &x->p);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such application.");
	if (rc)
		return rc;
	if (!status)
		return problem_set(&x->p, P_NO_OFFER, NULL, NULL);
	const char *want = x->accept ? "accepted" : "declined";
	if (!strcmp(status, want))
		return ERR_OK; /* the same answer again: nothing changes */
	if (closed)
		return problem_set(&x->p, P_OFFERS_CLOSED, NULL, NULL);
	if (x->accept && !strcmp(status, "declined"))
		return problem_set(&x->p, P_OFFER_DECLINED, NULL, NULL);
	int64_t now = time_now_unix();
	int changes = 0;
	struct db_val u[] = {DBV_TEXT(want), DBV_INT(now), DBV_INT(x->id), DBV_TEXT(status)};
	rc = db_exec(c, Q_OFFER_ANSWER, u, ARRAY_SIZE(u), &changes);
	if (!rc && changes != 1)
		return problem_set(&x->p, P_CONFLICT, NULL,
				   "The offer changed meanwhile; read it and try again.");
	if (!rc)
		rc = actor_audit(c, x->by, &d, action, person, subject);
	if (rc)
		return problem_err(&x->p, rc);
	x->changed = true;
	if (x->accept)
		return ERR_OK;
	struct round r;
	rc = round_get(c, a, round_id, &r);
	if (rc)
		return problem_err(&x->p, rc);
	struct offer_cause cause = {.kind = "decline", .application_id = x->id};
	return offer_resume(c, x->by, &d, &r, &cause, now, &x->moved, &x->p);
}

/* ---- waitlists ---- */

int offer_waitlists_read(struct db_conn *c, struct arena *a, struct application *app)
{
	app->waitlists = NULL;
	app->nwaitlists = 0;
	if (!app->placed_known)
		return ERR_OK;
	struct db_res res;
	struct db_val v = DBV_INT(app->id);
	int rc = db_row(c, Q_OFFER_WAITLISTS_OF, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	size_t len = 0;
	const char *text = db_null(&res, C_OFFER_WAITLISTS_OF__WAITLISTS)
				   ? NULL
				   : db_text(&res, C_OFFER_WAITLISTS_OF__WAITLISTS, &len);
	json_t *list = text ? json_loadb(text, len, 0, NULL) : NULL;
	db_done(&res);
	size_t k, n = json_array_size(list);
	json_t *e;
	app->waitlists = n ? arena_calloc(a, n, sizeof(*app->waitlists)) : NULL;
	if (n && !app->waitlists)
		rc = ERR_NOMEM;
	json_array_foreach(list, k, e)
	{
		const char *school = json_string_value(json_object_get(e, "school"));
		json_int_t at = json_integer_value(json_object_get(e, "position"));
		if (rc || !school || at < 1 || !app->waitlists)
			continue;
		struct offer_waitlist *w = &app->waitlists[app->nwaitlists];
		if (!(w->school = arena_strdup(a, school)))
			rc = ERR_NOMEM;
		w->position = (uint32_t)at;
		app->nwaitlists += !rc;
	}
	json_decref(list);
	return rc;
}
