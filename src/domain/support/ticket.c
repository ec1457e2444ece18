/*
 * ticket.c: support tickets (ticket.h): filing, the clock at a level,
 * status changes, reads and lists.
 */
#include "core/base.h"
#include "core/log.h"
#include <pthread.h>

#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/common/instant.h"
#include "domain/support/clock.h"
#include "domain/support/escalation.h"
#include "domain/support/thread.h"
#include "domain/support/ticket.h"

#define MINUTE_MS 60000LL

struct db_val support_dbv_ms(int64_t ms)
{
	return ms == SUPPORT_NONE ? DBV_NULL : DBV_INT(ms);
}

static int64_t ms_or_none(struct db_res *res, int col)
{
	return db_null(res, col) ? SUPPORT_NONE : db_int(res, col);
}

static int ticket_row(struct db_res *res, struct arena *a, struct support_ticket *t)
{
	bool nomem = false;
	memset(t, 0, sizeof(*t));
	t->id = db_int(res, C_SUPPORT_TICKET__ID);
	t->org_id = db_int(res, C_SUPPORT_TICKET__ORG_ID);
	t->origin_org_id = db_int(res, C_SUPPORT_TICKET__ORIGIN_ORG_ID);
	t->category_id = db_int(res, C_SUPPORT_TICKET__CATEGORY_ID);
	t->requester_id = db_int(res, C_SUPPORT_TICKET__REQUESTER_ID);
	t->student_id = db_int0(res, C_SUPPORT_TICKET__STUDENT_ID);
	t->level = db_dup(res, C_SUPPORT_TICKET__LEVEL, a);
	t->subject = db_dup(res, C_SUPPORT_TICKET__SUBJECT, a);
	t->lang = db_dup(res, C_SUPPORT_TICKET__LANG, a);
	t->status = db_dup(res, C_SUPPORT_TICKET__STATUS, a);
	t->level_since = db_int(res, C_SUPPORT_TICKET__LEVEL_SINCE_MS);
	t->first_due = ms_or_none(res, C_SUPPORT_TICKET__FIRST_DUE_MS);
	t->resolve_due = ms_or_none(res, C_SUPPORT_TICKET__RESOLVE_DUE_MS);
	t->first_left = ms_or_none(res, C_SUPPORT_TICKET__FIRST_LEFT_MS);
	t->resolve_left = ms_or_none(res, C_SUPPORT_TICKET__RESOLVE_LEFT_MS);
	t->next_due = ms_or_none(res, C_SUPPORT_TICKET__NEXT_DUE_MS);
	t->first_answer = ms_or_none(res, C_SUPPORT_TICKET__FIRST_ANSWER_MS);
	t->resolved_at = ms_or_none(res, C_SUPPORT_TICKET__RESOLVED_AT_MS);
	t->closed_at = ms_or_none(res, C_SUPPORT_TICKET__CLOSED_AT_MS);
	t->escalations = (int)db_int(res, C_SUPPORT_TICKET__ESCALATIONS);
	t->breached = db_int(res, C_SUPPORT_TICKET__BREACHED) != 0;
	t->waited = db_int(res, C_SUPPORT_TICKET__WAITED_MS);
	t->satisfaction = (int)db_int0(res, C_SUPPORT_TICKET__SATISFACTION);
	t->satisfaction_comment =
		db_dup_or_null(res, C_SUPPORT_TICKET__SATISFACTION_COMMENT, a, &nomem);
	t->created_at = db_int(res, C_SUPPORT_TICKET__CREATED_AT_MS);
	t->updated_at = db_int(res, C_SUPPORT_TICKET__UPDATED_AT_MS);
	t->org_code = db_dup(res, C_SUPPORT_TICKET__ORG_CODE, a);
	t->org_name = db_dup(res, C_SUPPORT_TICKET__ORG_NAME, a);
	t->org_kind = db_dup(res, C_SUPPORT_TICKET__ORG_KIND, a);
	t->org_path = db_dup(res, C_SUPPORT_TICKET__ORG_PATH, a);
	t->origin_code = db_dup(res, C_SUPPORT_TICKET__ORIGIN_CODE, a);
	t->origin_name = db_dup(res, C_SUPPORT_TICKET__ORIGIN_NAME, a);
	t->origin_path = db_dup(res, C_SUPPORT_TICKET__ORIGIN_PATH, a);
	t->category_code = db_dup(res, C_SUPPORT_TICKET__CATEGORY_CODE, a);
	t->category_names = db_dup(res, C_SUPPORT_TICKET__CATEGORY_NAMES, a);
	t->country = db_dup(res, C_SUPPORT_TICKET__COUNTRY, a);
	t->requester = db_dup(res, C_SUPPORT_TICKET__REQUESTER, a);
	t->given_name = db_dup_or_null(res, C_SUPPORT_TICKET__GIVEN_NAME, a, &nomem);
	t->family_name = db_dup_or_null(res, C_SUPPORT_TICKET__FAMILY_NAME, a, &nomem);
	const char *zone = db_dup_or_null(res, C_SUPPORT_TICKET__TIME_ZONE, a, &nomem);
	if (!zone || !zone_offset(zone, &t->offset))
		t->offset = 0;
	if (nomem || !t->level || !t->subject || !t->lang || !t->status || !t->org_code ||
	    !t->org_name || !t->org_kind || !t->org_path || !t->origin_code || !t->origin_name ||
	    !t->origin_path || !t->category_code || !t->category_names || !t->country ||
	    !t->requester)
		return ERR_NOMEM;
	return ERR_OK;
}

static bool is(const char *s, const char *v)
{
	return s && !strcmp(s, v);
}

/* What the reader may do with t now. */
static void rights(struct support_ticket *t)
{
	struct support_can *k = &t->can;
	memset(k, 0, sizeof(*k));
	bool acting = t->role == SUPPORT_ACTING, mine = t->role == SUPPORT_REQUESTER;
	bool live = is(t->status, "open") || is(t->status, "answered") || is(t->status, "waiting");
	k->reply = (acting || mine) && live;
	k->note = acting && !is(t->status, "closed");
	k->escalate = acting && live && !is(t->level, "ministry");
	k->send_back = acting && live && t->org_id != t->origin_org_id;
	k->resolve = acting && live;
	k->close = (acting || mine) && !is(t->status, "closed");
	k->reopen = (acting && (is(t->status, "resolved") || is(t->status, "closed"))) ||
		    (mine && is(t->status, "resolved") && t->resolved_at != SUPPORT_NONE &&
		     t->now - t->resolved_at <= SUPPORT_REOPEN_MS);
	k->rate =
		mine && (is(t->status, "resolved") || is(t->status, "closed")) && !t->satisfaction;
}

int support_ticket_load(struct db_conn *c, struct arena *a, const struct principal *by, int64_t id,
			int64_t now, struct support_ticket *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_SUPPORT_TICKET_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = ticket_row(&res, a, out);
	db_done(&res);
	if (rc)
		return rc;
	const struct grant *g;
	out->now = now;
	out->role = support_role_of(
		by,
		&(struct support_ticket_ref){out->requester_id, out->org_path, out->origin_path},
		&g);
	rights(out);
	return ERR_OK;
}

static const char *ticket_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "support_ticket:%" PRId64, id);
}

int support_ticket_audit(struct db_conn *c, const struct actor *by, const struct access_decision *d,
			 const struct support_ticket *t, const char *action)
{
	if (!t->student_id)
		return ERR_OK;
	return actor_audit(c, by, d, action, t->student_id, ticket_subject(by->arena, t->id));
}

int support_ticket_for_write(struct db_conn *c, struct actor *by, int64_t id, int64_t now,
			     const char *action, struct support_ticket *t,
			     struct access_decision *d, struct problem *p)
{
	int rc = support_ticket_load(c, by->arena, by->who, id, now, t);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such ticket.");
	if (rc)
		return problem_err(p, rc);
	const struct grant *g;
	support_role_of(by->who,
			&(struct support_ticket_ref){t->requester_id, t->org_path, t->origin_path},
			&g);
	support_decision(by->who, t->role, g, d);
	if (t->role != SUPPORT_ROLE_NONE)
		return ERR_OK;
	if (t->student_id &&
	    actor_refuse(by, d, action, t->student_id, ticket_subject(by->arena, id)))
		return problem_err(p, ERR_NOMEM);
	return problem_set(p, P_NOT_FOUND, NULL, "No such ticket.");
}

/* ---- the clock ---- */

static int64_t earlier(int64_t a, int64_t b)
{
	if (a == SUPPORT_NONE)
		return b;
	if (b == SUPPORT_NONE)
		return a;
	return a < b ? a : b;
}

/* The deadlines of a category at a level in ms (SUPPORT_NONE: none). */
static int deadlines_at(struct db_conn *c, int64_t category, const char *level, int64_t *first,
			int64_t *resolve)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(category), DBV_TEXT(level)};
	*first = *resolve = SUPPORT_NONE;
	int rc = db_row(c, Q_SUPPORT_DEADLINE_AT, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	*first = db_int(&res, C_SUPPORT_DEADLINE_AT__FIRST_ANSWER_MIN) * MINUTE_MS;
	*resolve = db_int(&res, C_SUPPORT_DEADLINE_AT__RESOLVE_MIN) * MINUTE_MS;
	db_done(&res);
	return ERR_OK;
}

static int64_t add_or_none(const struct support_calendar *cal, int64_t from, int64_t work)
{
	return work == SUPPORT_NONE ? SUPPORT_NONE : support_clock_add(cal, from, work);
}

/* Write t's status and clock as they stand. */
static int clock_write(struct db_conn *c, struct support_ticket *t, int64_t now)
{
	t->next_due = earlier(t->first_due, t->resolve_due);
	t->updated_at = now;
	struct db_val v[] = {DBV_TEXT(t->status),
			     support_dbv_ms(t->first_due),
			     support_dbv_ms(t->resolve_due),
			     support_dbv_ms(t->first_left),
			     support_dbv_ms(t->resolve_left),
			     support_dbv_ms(t->next_due),
			     support_dbv_ms(t->first_answer),
			     support_dbv_ms(t->resolved_at),
			     support_dbv_ms(t->closed_at),
			     DBV_INT(t->waited),
			     DBV_INT(t->level_since),
			     DBV_INT(now),
			     DBV_INT(t->id)};
	return db_exec(c, Q_SUPPORT_TICKET_CLOCK_SET, v, ARRAY_SIZE(v), NULL);
}

/*
 * A country's calendar, kept for CALENDAR_TTL_MS after it is read: filing
 * a ticket would otherwise read the week and every holiday each time. A
 * holiday file loaded meanwhile (by the API or the command line, in any
 * process) reaches the deadlines of tickets within that time. The cache
 * owns its copy (malloc); callers get theirs in their arena.
 */
#define CALENDAR_TTL_MS 10000
static struct calendar_slot {
	char country[4];
	int64_t at_ms;
	struct support_calendar cal; /* holidays: malloc'd; strings: static copies below */
	char time_zone[64];
} calendar_cache[2];
static pthread_mutex_t calendar_lock = PTHREAD_MUTEX_INITIALIZER;

/* from copied into to, its holidays in arena a. */
static bool calendar_copy(const struct support_calendar *from, struct arena *a,
			  struct support_calendar *to)
{
	*to = *from;
	to->holidays = NULL;
	if (!from->nholidays)
		return true;
	to->holidays = arena_alloc(a, sizeof(int32_t) * (size_t)from->nholidays);
	if (!to->holidays)
		return false;
	memcpy(to->holidays, from->holidays, sizeof(int32_t) * (size_t)from->nholidays);
	return true;
}

static int calendar_cached(struct db_conn *c, struct arena *a, const char *country,
			   struct support_calendar *out, struct problem *p)
{
	int64_t now = time_now_ms();
	bool hit = false;
	pthread_mutex_lock(&calendar_lock);
	for (size_t i = 0; i < ARRAY_SIZE(calendar_cache) && !hit; i++) {
		struct calendar_slot *k = &calendar_cache[i];
		if (country && !strcmp(k->country, country) && now - k->at_ms < CALENDAR_TTL_MS &&
		    calendar_copy(&k->cal, a, out)) {
			out->country = k->country[0] == 'I' ? "IR" : "VN";
			out->time_zone = arena_strdup(a, k->time_zone);
			hit = out->time_zone != NULL;
		}
	}
	pthread_mutex_unlock(&calendar_lock);
	if (hit)
		return ERR_OK;
	int rc = support_calendar_load(c, a, country, out, p);
	if (rc || !out->country || strlen(out->country) != 2 || !out->time_zone ||
	    strlen(out->time_zone) >= sizeof(calendar_cache[0].time_zone))
		return rc;
	pthread_mutex_lock(&calendar_lock);
	struct calendar_slot *k = &calendar_cache[strcmp(out->country, "IR") ? 1 : 0];
	int32_t *days = out->nholidays ? malloc(sizeof(int32_t) * (size_t)out->nholidays) : NULL;
	if (days || !out->nholidays) {
		if (days)
			memcpy(days, out->holidays, sizeof(int32_t) * (size_t)out->nholidays);
		free(k->cal.holidays);
		k->cal = *out;
		k->cal.holidays = days;
		snprintf(k->country, sizeof(k->country), "%s", out->country);
		snprintf(k->time_zone, sizeof(k->time_zone), "%s", out->time_zone);
		k->cal.country = NULL;
		k->cal.time_zone = NULL;
		k->at_ms = now;
	}
	pthread_mutex_unlock(&calendar_lock);
	return ERR_OK;
}

static int calendar_of(struct db_conn *c, struct arena *a, const struct support_ticket *t,
		       struct support_calendar *cal, struct problem *p)
{
	return calendar_cached(c, a, t->country, cal, p);
}

static int event_add(struct db_conn *c, int64_t ticket, const char *kind, int64_t from, int64_t to,
		     const char *status, const char *reason, int64_t by, int64_t at)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(ticket),
			     DBV_TEXT(kind),
			     from ? DBV_INT(from) : DBV_NULL,
			     to ? DBV_INT(to) : DBV_NULL,
			     dbv_text_or_null(status),
			     dbv_text_or_null(reason),
			     by ? DBV_INT(by) : DBV_NULL,
			     DBV_INT(at)};
	int rc = db_row(c, Q_SUPPORT_EVENT_INSERT, v, ARRAY_SIZE(v), &res);
	if (!rc)
		db_done(&res);
	return rc;
}

/* Pause t at now: the working time left kept, nothing due. */
static void clock_pause(const struct support_calendar *cal, struct support_ticket *t, int64_t now)
{
	t->first_left = t->first_due == SUPPORT_NONE
				? SUPPORT_NONE
				: support_clock_between(cal, now, t->first_due);
	t->resolve_left = t->resolve_due == SUPPORT_NONE
				  ? SUPPORT_NONE
				  : support_clock_between(cal, now, t->resolve_due);
	t->first_due = t->resolve_due = SUPPORT_NONE;
}

/* Resume a waiting t at now: dues from what was left, the pause counted. */
static int clock_resume(struct db_conn *c, const struct support_calendar *cal,
			struct support_ticket *t, int64_t now)
{
	struct db_res res;
	struct db_val v = DBV_INT(t->id);
	int rc = db_row(c, Q_SUPPORT_WAITING_SINCE, &v, 1, &res);
	if (rc && rc != ERR_NOTFOUND)
		return rc;
	if (!rc) {
		int64_t since = db_int(&res, C_SUPPORT_WAITING_SINCE__AT_MS);
		db_done(&res);
		t->waited += support_clock_between(cal, since, now);
	}
	t->first_due = add_or_none(cal, now, t->first_left);
	t->resolve_due = add_or_none(cal, now, t->resolve_left);
	t->first_left = t->resolve_left = SUPPORT_NONE;
	return ERR_OK;
}

/* Reopen a resolved or closed t at now: the level's full deadlines. */
static int clock_reopen(struct db_conn *c, const struct support_calendar *cal,
			struct support_ticket *t, int64_t now)
{
	int64_t first, resolve;
	int rc = deadlines_at(c, t->category_id, t->level, &first, &resolve);
	bool replied = false;
	if (!rc)
		rc = support_staff_replied(c, t->id, t->org_id, t->level_since, &replied);
	if (rc)
		return rc;
	t->first_due = replied ? SUPPORT_NONE : add_or_none(cal, now, first);
	t->resolve_due = add_or_none(cal, now, resolve);
	t->first_left = t->resolve_left = SUPPORT_NONE;
	t->resolved_at = t->closed_at = SUPPORT_NONE;
	return ERR_OK;
}

int support_ticket_requester_resume(struct db_conn *c, struct arena *a, struct support_ticket *t,
				    int64_t now, struct problem *p)
{
	struct support_calendar cal;
	int rc = calendar_of(c, a, t, &cal, p);
	if (!rc)
		rc = clock_resume(c, &cal, t, now);
	t->status = "open";
	if (!rc)
		rc = clock_write(c, t, now);
	if (!rc)
		rc = event_add(c, t->id, "status", 0, 0, "open", NULL, t->requester_id, now);
	return problem_err(p, rc);
}

int support_ticket_staff_answered(struct db_conn *c, struct support_ticket *t, int64_t now)
{
	if (t->first_answer == SUPPORT_NONE)
		t->first_answer = now;
	t->first_due = SUPPORT_NONE;
	t->first_left = SUPPORT_NONE; /* answered while waiting: nothing left to answer first */
	if (is(t->status, "open"))
		t->status = "answered";
	return clock_write(c, t, now);
}

int support_ticket_requester_replied(struct db_conn *c, struct support_ticket *t, int64_t now)
{
	if (is(t->status, "answered"))
		t->status = "open";
	return clock_write(c, t, now);
}

/* ---- filing ---- */

static int ticket_get(struct db_conn *c, struct arena *a, const struct principal *by, int64_t id,
		      int64_t now, struct support_ticket *out)
{
	return support_ticket_load(c, a, by, id, now, out);
}

static int ticket_by_key(struct db_conn *c, int64_t user, const char *key, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user), DBV_TEXT(key)};
	int rc = db_row(c, Q_SUPPORT_TICKET_BY_KEY, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_SUPPORT_TICKET_BY_KEY__ID);
	db_done(&res);
	return ERR_OK;
}

/* A retry's answer: the ticket as it stands, audited as a read. */
static int create_replay(struct db_conn *c, struct support_ticket_create *x, int64_t id)
{
	int rc = ticket_get(c, x->by->arena, x->by->who, id, x->now, &x->t);
	if (rc)
		return problem_err(&x->p, rc);
	x->replayed = true;
	struct access_decision d;
	const struct grant *g;
	support_role_of(
		x->by->who,
		&(struct support_ticket_ref){x->t.requester_id, x->t.org_path, x->t.origin_path},
		&g);
	support_decision(x->by->who, SUPPORT_REQUESTER, g, &d);
	return problem_err(&x->p, support_ticket_audit(c, x->by, &d, &x->t, "support.replay"));
}

/* What a new ticket needs before its rows are written: a ticket the key
 * made already, where it lands, its category and its due instants. */
static int create_plan_rest(struct db_conn *c, struct support_ticket_create *x);

static int create_plan(struct db_conn *c, struct support_ticket_create *x)
{
	struct arena *a = x->by->arena;
	const struct principal *who = x->by->who;
	int rc;
	x->planned = true;
	x->replay_id = 0;
	struct support_org *org = &x->land;
	rc = support_landing(c, a, who, x->student, x->org, org, &x->p);
	if (!rc)
		rc = create_plan_rest(c, x);
	/* A retry of a ticket made already answers it, whatever the plan
	 * says now; a new key is found by the insert's conflict (one look-up
	 * less on the way of every new ticket). */
	if (rc && x->key && !ticket_by_key(c, who->user_id, x->key, &x->replay_id)) {
		memset(&x->p, 0, sizeof(x->p));
		return ERR_OK;
	}
	return rc;
}

static int create_plan_rest(struct db_conn *c, struct support_ticket_create *x)
{
	struct arena *a = x->by->arena;
	struct support_org *org = &x->land;
	int rc;
	struct db_res res;
	struct db_val cv[] = {DBV_TEXT(org->kind), DBV_TEXT(org->country), DBV_TEXT(x->category)};
	rc = db_row(c, Q_SUPPORT_CATEGORY_AT_LEVEL, cv, ARRAY_SIZE(cv), &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_SUPPORT_UNKNOWN_CATEGORY, "category", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	x->category_id = db_int(&res, C_SUPPORT_CATEGORY_AT_LEVEL__ID);
	x->category_names = db_dup(&res, C_SUPPORT_CATEGORY_AT_LEVEL__NAMES, a);
	bool has = !db_null(&res, C_SUPPORT_CATEGORY_AT_LEVEL__FIRST_ANSWER_MIN);
	int64_t first =
		has ? db_int(&res, C_SUPPORT_CATEGORY_AT_LEVEL__FIRST_ANSWER_MIN) * MINUTE_MS
		    : SUPPORT_NONE;
	int64_t resolve = has ? db_int(&res, C_SUPPORT_CATEGORY_AT_LEVEL__RESOLVE_MIN) * MINUTE_MS
			      : SUPPORT_NONE;
	db_done(&res);
	struct support_calendar cal;
	rc = calendar_cached(c, a, org->country, &cal, &x->p);
	if (rc)
		return rc;
	x->offset = cal.offset;
	x->first_due = add_or_none(&cal, x->now, first);
	x->resolve_due = add_or_none(&cal, x->now, resolve);
	return ERR_OK;
}

static int create_plan_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	(void)by;
	return create_plan(c, ctx);
}

int support_ticket_create_read(struct db *db, struct support_ticket_create *x)
{
	return actor_work_read(db, x->by, create_plan_work, x);
}

int support_ticket_create_tx(struct db_conn *c, void *ctx)
{
	struct support_ticket_create *x = ctx;
	struct arena *a = x->by->arena;
	const struct principal *who = x->by->who;
	int64_t id;
	int rc = x->planned ? ERR_OK : create_plan(c, x);
	if (rc)
		return rc;
	if (x->replay_id)
		return create_replay(c, x, x->replay_id);
	const struct support_org org = x->land;
	const char *names = x->category_names;
	int64_t category = x->category_id;
	int64_t first_due = x->first_due, resolve_due = x->resolve_due;
	struct db_res res;
	struct db_val v[] = {DBV_INT(org.id),
			     DBV_INT(org.id),
			     DBV_TEXT(org.kind),
			     DBV_INT(category),
			     DBV_TEXT(x->subject),
			     DBV_INT(who->user_id),
			     x->student ? DBV_INT(x->student) : DBV_NULL,
			     DBV_TEXT(x->lang),
			     DBV_INT(x->now),
			     support_dbv_ms(first_due),
			     support_dbv_ms(resolve_due),
			     support_dbv_ms(earlier(first_due, resolve_due)),
			     dbv_text_or_null(x->key),
			     DBV_INT(x->now),
			     DBV_INT(x->now),
			     DBV_TEXT(x->body)};
	/* PostgreSQL: the three rows in one statement (one round trip in the
	 * writer's group); SQLite, in process, three. */
	bool one = db_conn_kind(c) == DB_PGSQL;
	rc = db_row(c, one ? Q_SUPPORT_TICKET_INSERT_ALL : Q_SUPPORT_TICKET_INSERT, v,
		    ARRAY_SIZE(v) - (one ? 0 : 1), &res);
	if (rc == ERR_NOTFOUND && x->key && !ticket_by_key(c, who->user_id, x->key, &id))
		return create_replay(c, x, id);
	if (rc)
		return problem_err(&x->p, rc);
	_Static_assert((int)C_SUPPORT_TICKET_INSERT__ID == (int)C_SUPPORT_TICKET_INSERT_ALL__ID,
		       "one column");
	id = db_int(&res, C_SUPPORT_TICKET_INSERT__ID);
	db_done(&res);
	if (!one) {
		int64_t mid;
		rc = support_message_insert(c, id, org.id, "reply", x->body, who->user_id, false,
					    x->now, &mid);
		if (!rc)
			rc = event_add(c, id, "created", 0, org.id, "open", NULL, who->user_id,
				       x->now);
		if (rc)
			return problem_err(&x->p, rc);
	}
	if (x->student) { /* the child's name for the answer */
		rc = ticket_get(c, a, who, id, x->now, &x->t);
		if (rc)
			return problem_err(&x->p, rc);
	} else { /* the answer from what was written: no read back */
		struct support_ticket *t = &x->t;
		*t = (struct support_ticket){.id = id,
					     .org_id = org.id,
					     .origin_org_id = org.id,
					     .category_id = category,
					     .requester_id = who->user_id,
					     .level = org.kind,
					     .subject = x->subject,
					     .lang = x->lang,
					     .status = "open",
					     .level_since = x->now,
					     .first_due = first_due,
					     .resolve_due = resolve_due,
					     .first_left = SUPPORT_NONE,
					     .resolve_left = SUPPORT_NONE,
					     .next_due = earlier(first_due, resolve_due),
					     .first_answer = SUPPORT_NONE,
					     .resolved_at = SUPPORT_NONE,
					     .closed_at = SUPPORT_NONE,
					     .created_at = x->now,
					     .updated_at = x->now,
					     .org_code = org.code,
					     .org_name = org.name,
					     .org_kind = org.kind,
					     .org_path = org.path,
					     .origin_code = org.code,
					     .origin_name = org.name,
					     .origin_path = org.path,
					     .category_code = x->category,
					     .category_names = names ? names : "{}",
					     .country = org.country,
					     .requester = who->username,
					     .offset = x->offset,
					     .now = x->now};
		const struct grant *g;
		t->role = support_role_of(
			who,
			&(struct support_ticket_ref){t->requester_id, t->org_path, t->origin_path},
			&g);
		rights(t);
	}
	struct access_decision d;
	support_decision(who, SUPPORT_REQUESTER, NULL, &d);
	return problem_err(&x->p, support_ticket_audit(c, x->by, &d, &x->t, "support.create"));
}

/* ---- status ---- */

static int status_refuse(struct support_status_change *x)
{
	return problem_set(&x->p, P_SUPPORT_STATUS_NOT_ALLOWED, "status",
			   arena_printf(x->by->arena, "A %s ticket cannot be set %s by you.",
					x->t.status, x->status));
}

int support_status_change_tx(struct db_conn *c, void *ctx)
{
	struct support_status_change *x = ctx;
	struct arena *a = x->by->arena;
	struct support_ticket *t = &x->t;
	struct access_decision d;
	int rc = support_ticket_for_write(c, x->by, x->id, x->now, "support.status", t, &d, &x->p);
	if (rc)
		return rc;
	if (t->role == SUPPORT_ORIGIN)
		return problem_set(&x->p, P_SUPPORT_READ_ONLY, NULL, NULL);
	bool acting = t->role == SUPPORT_ACTING;
	const char *from = t->status;
	bool waiting = is(from, "waiting");
	struct support_calendar cal;
	rc = calendar_of(c, a, t, &cal, &x->p);
	if (rc)
		return rc;
	if (is(x->status, "waiting")) {
		if (!acting || !(is(from, "open") || is(from, "answered")))
			return status_refuse(x);
		clock_pause(&cal, t, x->now);
	} else if (is(x->status, "open")) {
		if (acting && waiting) {
			rc = clock_resume(c, &cal, t, x->now);
		} else if (is(from, "resolved") || (acting && is(from, "closed"))) {
			if (!acting && t->now - t->resolved_at > SUPPORT_REOPEN_MS)
				return problem_set(&x->p, P_SUPPORT_REOPEN_EXPIRED, "status", NULL);
			rc = clock_reopen(c, &cal, t, x->now);
		} else {
			return status_refuse(x);
		}
	} else if (is(x->status, "resolved")) {
		if (!acting || !(is(from, "open") || is(from, "answered") || waiting))
			return status_refuse(x);
		if (waiting)
			rc = clock_resume(c, &cal, t, x->now);
		t->first_due = t->resolve_due = SUPPORT_NONE;
		t->resolved_at = x->now;
	} else if (is(x->status, "closed")) {
		if (is(from, "closed"))
			return status_refuse(x);
		if (waiting)
			rc = clock_resume(c, &cal, t, x->now);
		t->first_due = t->resolve_due = SUPPORT_NONE;
		t->first_left = t->resolve_left = SUPPORT_NONE;
		t->closed_at = x->now;
	} else {
		return problem_set(&x->p, P_UNKNOWN_VALUE, "status",
				   "The status is waiting, open, resolved or closed.");
	}
	if (rc)
		return problem_err(&x->p, rc);
	t->status = x->status;
	rc = clock_write(c, t, x->now);
	if (!rc)
		rc = event_add(c, t->id, "status", 0, 0, x->status, x->reason, x->by->who->user_id,
			       x->now);
	if (!rc)
		rc = support_ticket_audit(c, x->by, &d, t, "support.status");
	if (!rc)
		rc = ticket_get(c, a, x->by->who, t->id, x->now, t);
	return problem_err(&x->p, rc);
}

/* ---- escalate and send back by hand ---- */

int support_ticket_move_by_hand_tx(struct db_conn *c, void *ctx)
{
	struct support_ticket_move *x = ctx;
	struct support_ticket *t = &x->t;
	struct access_decision d;
	const char *action = x->dir > 0 ? "support.escalate" : "support.send_back";
	int rc = support_ticket_for_write(c, x->by, x->id, x->now, action, t, &d, &x->p);
	if (rc)
		return rc;
	if (t->role != SUPPORT_ACTING)
		return problem_set(
			&x->p, t->role == SUPPORT_ORIGIN ? P_SUPPORT_READ_ONLY : P_FORBIDDEN, NULL,
			"Only the support staff of the ticket's current level move it.");
	if (is(t->status, "resolved") || is(t->status, "closed"))
		return problem_set(&x->p, P_SUPPORT_TICKET_CLOSED, NULL, NULL);
	if (!(x->dir > 0 ? t->can.escalate : t->can.send_back)) {
		if (x->dir > 0 && is(t->level, "ministry"))
			return problem_set(&x->p, P_SUPPORT_TOP_LEVEL, NULL, NULL);
		if (x->dir < 0)
			return problem_set(&x->p, P_SUPPORT_BOTTOM_LEVEL, NULL, NULL);
		return problem_set(&x->p, P_SUPPORT_STATUS_NOT_ALLOWED, NULL,
				   "This ticket cannot be escalated now.");
	}
	if (!support_ticket_move_tx(c, x->by->arena, t->id, x->dir, x->by->who->user_id, x->reason,
				    x->now, &x->p))
		return x->p.err ? x->p.err : ERR_INTERNAL;
	rc = support_ticket_audit(c, x->by, &d, t, action);
	if (!rc)
		rc = ticket_get(c, x->by->arena, x->by->who, t->id, x->now, t);
	return problem_err(&x->p, rc);
}

/* ---- reads ---- */

static int view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct support_ticket_view *x = ctx;
	struct arena *a = by->arena;
	int rc = support_ticket_load(c, a, by->who, x->id, time_now_ms(), &x->t);
	if (rc == ERR_NOTFOUND) {
		x->d = (struct access_decision){0};
		return ERR_OK;
	}
	if (rc)
		return problem_err(&x->p, rc);
	const struct grant *g;
	support_role_of(
		by->who,
		&(struct support_ticket_ref){x->t.requester_id, x->t.org_path, x->t.origin_path},
		&g);
	support_decision(by->who, x->t.role, g, &x->d);
	if (!x->d.allowed)
		return ERR_OK;
	bool staff = x->t.role == SUPPORT_ACTING || x->t.role == SUPPORT_ORIGIN;
	rc = support_thread_read(c, a, &x->t, staff);
	return problem_err(&x->p, rc);
}

int support_ticket_view_read(struct db *db, const struct actor *by, struct support_ticket_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, view_work, x);
	if (rc)
		return rc;
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such ticket.");
	if (!x->t.student_id) /* no child's data, or nothing read */
		return ERR_OK;
	rc = actor_audit_student_read(by, &x->d, "support.read", x->t.student_id, &x->audit, &x->p);
	if (rc)
		return rc;
	x->audit->subject = ticket_subject(by->arena, x->t.id);
	x->naudit = 1;
	if (!x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such ticket.");
	return ERR_OK;
}

static int list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct support_ticket_list *x = ctx;
	struct arena *a = by->arena;
	const struct principal *p = by->who;
	bool mine = !strcmp(x->view, "mine");
	const char *scope = NULL;
	if (!mine) {
		if (x->org) {
			struct support_org org;
			int rc = support_org_by_code(c, a, x->org, &org);
			if (rc == ERR_NOTFOUND)
				return problem_set(&x->p, P_UNKNOWN_ORG, "org", NULL);
			if (rc)
				return problem_err(&x->p, rc);
			if (!principal_reaches(p, SUPPORT_STAFF, org.path))
				return problem_set(
					&x->p, P_OUT_OF_SCOPE, "org",
					"You are not support staff of this organisation.");
			scope = org.path;
		} else {
			scope = principal_scope(p, SUPPORT_STAFF);
			if (!scope && principal_reaches(p, SUPPORT_STAFF, "/"))
				scope = "/";
			if (!scope)
				return problem_set(&x->p, P_FORBIDDEN, "view",
						   "Only support staff have a queue.");
			scope = arena_strdup(a, scope);
			if (!scope)
				return problem_err(&x->p, ERR_NOMEM);
		}
	}
	const char *st = x->statuses ? x->statuses : "";
	const char *q = x->q ? x->q : "";
	struct db_val v[] = {mine ? DBV_INT(p->user_id) : DBV_TEXT(scope),
			     DBV_TEXT(mine ? "" : scope),
			     DBV_TEXT(st),
			     DBV_TEXT(st),
			     DBV_INT(x->overdue ? 1 : 0),
			     DBV_INT(x->now),
			     DBV_TEXT(q),
			     DBV_TEXT(q),
			     DBV_INT(x->after),
			     DBV_INT(x->after),
			     DBV_INT(x->limit + 1)};
	enum query_id qid = mine			  ? Q_SUPPORT_TICKET_LIST_MINE
			    : !strcmp(x->view, "history") ? Q_SUPPORT_TICKET_LIST_HISTORY
							  : Q_SUPPORT_TICKET_LIST_QUEUE;
	const struct db_val *params = v;
	size_t nparams = ARRAY_SIZE(v);
	struct db_val mv[ARRAY_SIZE(v) - 1];
	if (mine) { /* one parameter less: the requester, not a prefix twice */
		mv[0] = v[0];
		memcpy(&mv[1], &v[2], sizeof(v) - 2 * sizeof(v[0]));
		params = mv;
		nparams = ARRAY_SIZE(mv);
	}
	x->items = arena_calloc(a, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(a, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_res res;
	int rc = db_query(c, qid, params, nparams, &res);
	int step = 0, seen = 0;
	int64_t last = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (seen++ == x->limit) {
			x->next = last;
			break;
		}
		struct support_ticket *t = &x->items[x->n];
		rc = ticket_row(&res, a, t);
		if (rc)
			break;
		last = t->id;
		const struct grant *g;
		t->now = x->now;
		t->role = support_role_of(
			p,
			&(struct support_ticket_ref){t->requester_id, t->org_path, t->origin_path},
			&g);
		/* queue: acting staff only; history: the origin's read-only view */
		bool keep = mine ? true
			    : !strcmp(x->view, "history")
				    ? t->role == SUPPORT_ORIGIN || t->role == SUPPORT_ACTING
				    : t->role == SUPPORT_ACTING;
		if (!keep)
			continue;
		rights(t);
		if (t->student_id) {
			struct access_decision d;
			support_decision(p, t->role, g, &d);
			actor_audit_fill(by, &d, "support.list", t->student_id,
					 &x->audit[x->naudit]);
			x->audit[x->naudit++].subject = ticket_subject(a, t->id);
		}
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

int support_ticket_list_read(struct db *db, const struct actor *by, struct support_ticket_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, list_work, x);
}
