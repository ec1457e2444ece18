/*
 * escalation.c: tickets moving between levels, by hand and by the sweep
 * (escalation.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/common/instant.h"
#include "domain/common/work.h"
#include "domain/support/calendar.h"
#include "domain/support/clock.h"
#include "domain/support/escalation.h"

#include <pthread.h>

#define NONE   INT64_MIN /* a NULL instant */
#define MIN_MS 60000LL

/* ---- what a move needs to know: orgs, deadlines, calendars ---- */

struct org_info {
	int64_t id, parent;
	const char *kind, *code, *country;
};

struct deadline {
	int64_t category;
	const char *level;
	int64_t first_min, resolve_min;
};

/* The orgs, deadlines and calendars read so far: one move's, or a whole
 * sweep's (kept across its batches, in a). */
struct env {
	struct arena *a;
	struct org_info *orgs; /* open addressing on id; id 0: empty */
	size_t cap, n;
	struct deadline *deadlines;
	int ndeadlines;
	bool deadlines_read;
	struct support_calendar cals[8];
	int ncals;
};

static size_t slot_of(int64_t id, size_t cap)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 20) & (cap - 1);
}

static int org_put(struct env *e, const struct org_info *o)
{
	if ((e->n + 1) * 2 > e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 256;
		struct org_info *more = arena_calloc(e->a, cap, sizeof(*more));
		if (!more)
			return ERR_NOMEM;
		for (size_t i = 0; i < e->cap; i++)
			if (e->orgs[i].id) {
				size_t s = slot_of(e->orgs[i].id, cap);
				while (more[s].id)
					s = (s + 1) & (cap - 1);
				more[s] = e->orgs[i];
			}
		e->orgs = more;
		e->cap = cap;
	}
	size_t s = slot_of(o->id, e->cap);
	while (e->orgs[s].id && e->orgs[s].id != o->id)
		s = (s + 1) & (e->cap - 1);
	if (!e->orgs[s].id)
		e->n++;
	e->orgs[s] = *o;
	return ERR_OK;
}

/* Org id (read through c the first time). ERR_NOTFOUND if there is none. */
static int org_get(struct db_conn *c, struct env *e, int64_t id, const struct org_info **out)
{
	if (e->cap) {
		size_t s = slot_of(id, e->cap);
		for (; e->orgs[s].id; s = (s + 1) & (e->cap - 1))
			if (e->orgs[s].id == id) {
				*out = &e->orgs[s];
				return ERR_OK;
			}
	}
	struct db_val v = DBV_INT(id);
	struct db_res res;
	int rc = db_row(c, Q_SUPPORT_MOVE_ORG, &v, 1, &res);
	if (rc)
		return rc;
	struct org_info o = {
		.id = id,
		.parent = db_int0(&res, C_SUPPORT_MOVE_ORG__PARENT_ID),
		.kind = db_dup(&res, C_SUPPORT_MOVE_ORG__KIND, e->a),
		.code = db_dup(&res, C_SUPPORT_MOVE_ORG__CODE, e->a),
		.country = db_null(&res, C_SUPPORT_MOVE_ORG__COUNTRY)
				   ? NULL
				   : db_dup(&res, C_SUPPORT_MOVE_ORG__COUNTRY, e->a),
	};
	db_done(&res);
	if (!o.kind || !o.code)
		return ERR_NOMEM;
	if (!o.country || !*o.country) {
		/* An org without a country of its own takes its ancestors'. */
		rc = db_row(c, Q_SUPPORT_MOVE_ORG_PATH, &v, 1, &res);
		if (rc)
			return rc;
		const char *path = db_dup(&res, C_SUPPORT_MOVE_ORG_PATH__PATH, e->a);
		db_done(&res);
		struct db_val pv = DBV_TEXT(path ? path : "");
		rc = db_row(c, Q_SUPPORT_ORG_COUNTRY, &pv, 1, &res);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		o.country = rc ? "" : db_dup(&res, C_SUPPORT_ORG_COUNTRY__COUNTRY, e->a);
		if (!rc)
			db_done(&res);
		if (!o.country)
			return ERR_NOMEM;
	}
	rc = org_put(e, &o);
	if (rc)
		return rc;
	return org_get(c, e, id, out);
}

/* The deadlines of a category at a level; false if it has none. */
static int deadline_get(struct db_conn *c, struct env *e, int64_t category, const char *level,
			const struct deadline **out)
{
	*out = NULL;
	if (!e->deadlines_read) {
		struct db_res res;
		int rc = db_query(c, Q_SUPPORT_DEADLINES_ALL, NULL, 0, &res), step = 0, cap = 0;
		while (!rc && (step = db_next(&res)) == 1) {
			if (e->ndeadlines == cap) {
				int more = cap ? cap * 2 : 64;
				struct deadline *d = arena_calloc(e->a, (size_t)more, sizeof(*d));
				if (!d) {
					rc = ERR_NOMEM;
					break;
				}
				if (e->ndeadlines)
					memcpy(d, e->deadlines, sizeof(*d) * (size_t)e->ndeadlines);
				e->deadlines = d;
				cap = more;
			}
			struct deadline *d = &e->deadlines[e->ndeadlines++];
			d->category = db_int(&res, C_SUPPORT_DEADLINES_ALL__CATEGORY_ID);
			d->level = db_dup(&res, C_SUPPORT_DEADLINES_ALL__LEVEL, e->a);
			d->first_min = db_int(&res, C_SUPPORT_DEADLINES_ALL__FIRST_ANSWER_MIN);
			d->resolve_min = db_int(&res, C_SUPPORT_DEADLINES_ALL__RESOLVE_MIN);
			if (!d->level)
				rc = ERR_NOMEM;
		}
		db_done(&res);
		rc = rc ? rc : step < 0 ? step : ERR_OK;
		if (rc)
			return rc;
		e->deadlines_read = true;
	}
	for (int i = 0; i < e->ndeadlines; i++)
		if (e->deadlines[i].category == category && !strcmp(e->deadlines[i].level, level)) {
			*out = &e->deadlines[i];
			break;
		}
	return ERR_OK;
}

static int calendar_get(struct db_conn *c, struct env *e, const char *country,
			const struct support_calendar **out, struct problem *p)
{
	for (int i = 0; i < e->ncals; i++)
		if (!strcmp(e->cals[i].country, country)) {
			*out = &e->cals[i];
			return ERR_OK;
		}
	if (e->ncals == (int)ARRAY_SIZE(e->cals))
		return problem_set(p, P_SUPPORT_CALENDAR_UNKNOWN, "country", NULL);
	int rc = support_calendar_load(c, e->a, country, &e->cals[e->ncals], p);
	if (rc)
		return rc;
	*out = &e->cals[e->ncals++];
	return ERR_OK;
}

/* ---- a ticket's clock at a level ---- */

struct ticket {
	int64_t id, org, category, escalations, updated_at;
	int64_t first_due, resolve_due, next_due, first_left, resolve_left; /* NONE: NULL */
	int64_t old_next_due;
	const char *status, *level;
	int breached;
	int moves; /* the sweep's moves of it */
};

static int64_t or_none(struct db_res *res, int col)
{
	return db_null(res, col) ? NONE : db_int(res, col);
}

static int ticket_read(struct db_res *res, struct arena *a, struct ticket *t)
{
	t->id = db_int(res, C_SUPPORT_MOVE_TICKET__ID);
	t->org = db_int(res, C_SUPPORT_MOVE_TICKET__ORG_ID);
	t->category = db_int(res, C_SUPPORT_MOVE_TICKET__CATEGORY_ID);
	t->status = db_dup(res, C_SUPPORT_MOVE_TICKET__STATUS, a);
	t->level = db_dup(res, C_SUPPORT_MOVE_TICKET__LEVEL, a);
	t->first_due = or_none(res, C_SUPPORT_MOVE_TICKET__FIRST_DUE_MS);
	t->resolve_due = or_none(res, C_SUPPORT_MOVE_TICKET__RESOLVE_DUE_MS);
	t->next_due = or_none(res, C_SUPPORT_MOVE_TICKET__NEXT_DUE_MS);
	t->first_left = or_none(res, C_SUPPORT_MOVE_TICKET__FIRST_LEFT_MS);
	t->resolve_left = or_none(res, C_SUPPORT_MOVE_TICKET__RESOLVE_LEFT_MS);
	t->escalations = db_int(res, C_SUPPORT_MOVE_TICKET__ESCALATIONS);
	t->breached = (int)db_int(res, C_SUPPORT_MOVE_TICKET__BREACHED);
	t->updated_at = db_int(res, C_SUPPORT_MOVE_TICKET__UPDATED_AT_MS);
	t->old_next_due = t->next_due;
	t->moves = 0;
	return t->status && t->level ? ERR_OK : ERR_NOMEM;
}

static struct db_val inst(int64_t ms)
{
	return ms == NONE ? DBV_NULL : DBV_INT(ms);
}

static int64_t earlier(int64_t a, int64_t b)
{
	if (a == NONE)
		return b;
	if (b == NONE)
		return a;
	return a < b ? a : b;
}

/* Put t at org `to` from at_ms: its level, status and clock there. */
static int arrive(struct db_conn *c, struct env *e, struct ticket *t, const struct org_info *to,
		  int64_t at_ms, struct problem *p)
{
	const struct support_calendar *cal;
	int rc = calendar_get(c, e, to->country, &cal, p);
	if (rc)
		return rc;
	const struct deadline *d;
	rc = deadline_get(c, e, t->category, to->kind, &d);
	if (rc)
		return problem_err(p, rc);
	t->org = to->id;
	t->level = to->kind;
	t->first_due = t->resolve_due = t->next_due = NONE;
	if (!strcmp(t->status, "waiting")) {
		/* The clock is paused: the new level's whole deadlines are left. */
		t->first_left = d ? d->first_min * MIN_MS : NONE;
		t->resolve_left = d ? d->resolve_min * MIN_MS : NONE;
		return ERR_OK;
	}
	if (!strcmp(t->status, "answered"))
		t->status = "open";
	if (d) {
		t->first_due = support_clock_add(cal, at_ms, d->first_min * MIN_MS);
		t->resolve_due = support_clock_add(cal, at_ms, d->resolve_min * MIN_MS);
		t->next_due = earlier(t->first_due, t->resolve_due);
	}
	return ERR_OK;
}

/* Write one move's event and its notices (to_org 0: only from_org is
 * told). */
static int event_write(struct db_conn *c, int64_t ticket, const char *kind, int64_t from_org,
		       int64_t to_org, const char *reason, int64_t by, int64_t at_ms)
{
	struct db_val ev[] = {DBV_INT(ticket),
			      DBV_TEXT(kind),
			      DBV_INT(from_org),
			      to_org ? DBV_INT(to_org) : DBV_NULL,
			      dbv_text_or_null(reason),
			      by ? DBV_INT(by) : DBV_NULL,
			      DBV_INT(at_ms)};
	struct db_res res;
	int rc = db_row(c, Q_SUPPORT_MOVE_EVENT_INSERT, ev, ARRAY_SIZE(ev), &res);
	if (rc)
		return rc;
	int64_t event = db_int(&res, C_SUPPORT_MOVE_EVENT_INSERT__ID);
	db_done(&res);
	struct db_val n[] = {DBV_INT(from_org), DBV_INT(ticket), DBV_INT(event), DBV_TEXT(kind),
			     DBV_INT(at_ms)};
	rc = db_exec(c, Q_SUPPORT_MOVE_NOTICE_INSERT, n, ARRAY_SIZE(n), NULL);
	if (!rc && to_org) {
		n[0] = DBV_INT(to_org);
		rc = db_exec(c, Q_SUPPORT_MOVE_NOTICE_INSERT, n, ARRAY_SIZE(n), NULL);
	}
	return rc;
}

/* ---- by hand ---- */

static int move_tx(struct db_conn *c, struct arena *a, int64_t id, int dir, int64_t by,
		   const char *reason, int64_t at_ms, struct problem *p)
{
	struct arena own;
	bool mine = !a;
	if (mine) {
		arena_init(&own, 16384, 0);
		a = &own;
	}
	struct env e = {.a = a};
	struct ticket t;
	struct db_val v = DBV_INT(id);
	struct db_res res;
	int rc = db_row(c, Q_SUPPORT_MOVE_TICKET_GET, &v, 1, &res);
	if (rc == ERR_NOTFOUND) {
		rc = problem_set(p, P_NOT_FOUND, NULL, "No such ticket.");
		goto out;
	}
	if (rc) {
		rc = problem_err(p, rc);
		goto out;
	}
	rc = ticket_read(&res, a, &t);
	db_done(&res);
	if (rc) {
		rc = problem_err(p, rc);
		goto out;
	}
	if (!strcmp(t.status, "resolved") || !strcmp(t.status, "closed")) {
		rc = problem_set(p, P_SUPPORT_TICKET_CLOSED, NULL, NULL);
		goto out;
	}
	const struct org_info *from, *to;
	rc = org_get(c, &e, t.org, &from);
	int64_t to_id = 0;
	if (!rc && dir > 0) {
		to_id = from->parent;
		if (!to_id) {
			rc = problem_set(p, P_SUPPORT_TOP_LEVEL, NULL, NULL);
			goto out;
		}
	} else if (!rc) {
		struct db_val k[] = {DBV_INT(t.id), DBV_INT(t.org)};
		rc = db_row(c, Q_SUPPORT_CAME_UP_FROM, k, 2, &res);
		if (rc == ERR_NOTFOUND) {
			rc = problem_set(p, P_SUPPORT_BOTTOM_LEVEL, NULL, NULL);
			goto out;
		}
		if (!rc) {
			to_id = db_int(&res, C_SUPPORT_CAME_UP_FROM__FROM_ORG_ID);
			db_done(&res);
		}
	}
	if (!rc)
		rc = org_get(c, &e, to_id, &to);
	if (rc) {
		rc = problem_err(p, rc);
		goto out;
	}
	int64_t from_id = t.org, read_at = t.updated_at;
	rc = arrive(c, &e, &t, to, at_ms, p);
	if (rc)
		goto out;
	if (dir > 0)
		t.escalations++;
	struct db_val u[] = {DBV_INT(t.org),	     DBV_TEXT(t.level),	   DBV_TEXT(t.status),
			     DBV_INT(at_ms),	     inst(t.first_due),	   inst(t.resolve_due),
			     inst(t.first_left),     inst(t.resolve_left), inst(t.next_due),
			     DBV_INT(t.escalations), DBV_INT(t.breached),  DBV_INT(at_ms),
			     DBV_INT(t.id),	     DBV_INT(from_id),	   DBV_INT(read_at)};
	int changed = 0;
	rc = db_exec(c, Q_SUPPORT_MOVE_TICKET_SET, u, ARRAY_SIZE(u), &changed);
	if (!rc && !changed) {
		rc = problem_set(p, P_CONFLICT, NULL,
				 "The ticket changed while it was being moved; try again.");
		goto out;
	}
	if (!rc)
		rc = event_write(c, t.id, dir > 0 ? "escalated" : "sent_back", from_id, to_id,
				 reason, by, at_ms);
	if (rc)
		rc = problem_err(p, rc);
out:
	if (mine)
		arena_release(&own);
	return rc;
}

bool support_ticket_move_tx(struct db_conn *c, struct arena *a, int64_t ticket_id, int dir,
			    int64_t by_user, const char *reason, int64_t at_ms, struct problem *pb)
{
	return move_tx(c, a, ticket_id, dir, by_user, reason, at_ms, pb) == ERR_OK;
}

/* ---- the sweep ---- */

/* One move of a sweep batch. */
struct move {
	int64_t ticket;
	const char *kind; /* escalated | breached */
	int64_t from, to; /* to 0: a breach */
	const char *reason;
	int64_t at;
	const char *line;
};

struct batch {
	struct support_sweep *s;
	struct env *env;
	struct arena *a; /* this batch's: lines, arrays */
	int64_t last_due, last_id;
	int n;	  /* tickets read */
	int read; /* of at most this many */
	struct ticket *tickets;
	int nmoves, capmoves;
	struct move *moves;
	bool *dropped; /* per ticket: changed since it was read (SQLite) */
};

static int move_add(struct batch *b, const struct move *m)
{
	if (b->nmoves == b->capmoves) {
		int cap = b->capmoves ? b->capmoves * 2 : 1024;
		struct move *more = arena_alloc(b->a, sizeof(*more) * (size_t)cap);
		if (!more)
			return ERR_NOMEM;
		if (b->nmoves)
			memcpy(more, b->moves, sizeof(*more) * (size_t)b->nmoves);
		b->moves = more;
		b->capmoves = cap;
	}
	b->moves[b->nmoves++] = *m;
	return ERR_OK;
}

/* Climb t as far as it is overdue as of at. */
static int climb(struct db_conn *c, struct batch *b, struct ticket *t, struct problem *p)
{
	int64_t at = b->s->at_ms;
	while (t->next_due != NONE && t->next_due <= at) {
		int64_t due = t->next_due;
		bool first = t->first_due != NONE && t->first_due == due;
		const struct org_info *from, *to = NULL;
		int rc = org_get(c, b->env, t->org, &from);
		if (!rc && from->parent)
			rc = org_get(c, b->env, from->parent, &to);
		if (rc)
			return problem_err(p, rc);
		const struct support_calendar *cal;
		rc = calendar_get(c, b->env, from->country, &cal, p);
		if (rc)
			return rc;
		char when[40];
		instant_format(due, cal->offset, when, sizeof(when));
		const char *why = first ? "first answer" : "resolution";
		struct move m = {.ticket = t->id, .from = from->id, .at = due};
		m.reason = arena_printf(b->a, "%s due %s", why, when);
		if (!to) {
			m.kind = "breached";
			m.line = arena_printf(b->a, "ticket %" PRId64 ": %s breached (%s due %s)",
					      t->id, from->code, why, when);
			t->breached = 1;
			t->next_due = NONE;
		} else {
			m.kind = "escalated";
			m.to = to->id;
			m.line = arena_printf(b->a, "ticket %" PRId64 ": %s -> %s (%s due %s)",
					      t->id, from->code, to->code, why, when);
			rc = arrive(c, b->env, t, to, due, p);
			if (rc)
				return rc;
			t->escalations++;
		}
		t->updated_at = due;
		if (!m.reason || !m.line)
			return problem_err(p, ERR_NOMEM);
		rc = move_add(b, &m);
		if (rc)
			return problem_err(p, rc);
		t->moves++;
	}
	return ERR_OK;
}

/* An array being built: a PostgreSQL literal, "{1,NULL,3}" or {"a b","c"},
 * or JSON, [1,null,3] or ["a b","c"]; rows of JSON arrays with arr_row. */
struct arr {
	char *p;
	size_t len, cap;
	bool json;
	int depth;  /* JSON: 1 inside a row of a list of rows */
	bool fresh; /* JSON: nothing yet in the open row */
};

static int arr_add(struct arena *a, struct arr *x, const char *item, bool quote)
{
	size_t n = strlen(item) * 2 + 4;
	if (x->len + n + 2 > x->cap) {
		size_t cap = (x->cap ? x->cap * 2 : 4096) + n;
		char *p = arena_alloc(a, cap);
		if (!p)
			return ERR_NOMEM;
		if (x->len)
			memcpy(p, x->p, x->len);
		x->p = p;
		x->cap = cap;
	}
	/* The first item opens the list; in a fresh JSON row, nothing comes
	 * before it (arr_row wrote the row's "["). */
	if (!(x->json && x->depth && x->fresh)) {
		char sep = !x->len ? (x->json ? '[' : '{') : ',';
		x->p[x->len++] = sep;
	}
	x->fresh = false;
	if (quote)
		x->p[x->len++] = '"';
	for (const char *s = item; *s; s++) {
		if (quote && (*s == '"' || *s == '\\'))
			x->p[x->len++] = '\\';
		x->p[x->len++] = *s;
	}
	if (quote)
		x->p[x->len++] = '"';
	return ERR_OK;
}

static int arr_int(struct arena *a, struct arr *x, int64_t v)
{
	char buf[24];
	if (v == NONE)
		return arr_add(a, x, x->json ? "null" : "NULL", false);
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return arr_add(a, x, buf, false);
}

/* JSON: open a row ("[" after "[" or ","), or close it ("]"). */
static int arr_row(struct arena *a, struct arr *x, bool open)
{
	if (x->len + 4 > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 4096;
		char *p = arena_alloc(a, cap);
		if (!p)
			return ERR_NOMEM;
		if (x->len)
			memcpy(p, x->p, x->len);
		x->p = p;
		x->cap = cap;
	}
	if (open) {
		char sep = x->len ? ',' : '[';
		x->p[x->len++] = sep;
		x->p[x->len++] = '[';
		x->depth = 1;
		x->fresh = true;
	} else {
		x->p[x->len++] = ']';
		x->depth = 0;
	}
	return ERR_OK;
}

static struct db_val arr_val(struct arr *x)
{
	if (!x->len) {
		x->p = x->json ? "[]" : "{}";
		x->len = 2;
		return DBV_TEXTN(x->p, x->len);
	}
	x->p[x->len++] = x->json ? ']' : '}';
	return DBV_TEXTN(x->p, x->len);
}

/* SQLite: the batch in three statements: the tickets and the moves as
 * JSON, the notices from the events written. */
static int store_json(struct db_conn *c, struct batch *b)
{
	struct arr t = {.json = true}, m = {.json = true};
	int rc = ERR_OK;
	for (int i = 0; !rc && i < b->n; i++) {
		const struct ticket *k = &b->tickets[i];
		if (!k->moves)
			continue;
		rc = arr_row(b->a, &t, true);
		rc = rc ? rc : arr_int(b->a, &t, k->id);
		rc = rc ? rc : arr_int(b->a, &t, k->old_next_due);
		rc = rc ? rc : arr_int(b->a, &t, k->org);
		rc = rc ? rc : arr_add(b->a, &t, k->level, true);
		rc = rc ? rc : arr_add(b->a, &t, k->status, true);
		rc = rc ? rc : arr_int(b->a, &t, k->updated_at);
		rc = rc ? rc : arr_int(b->a, &t, k->first_due);
		rc = rc ? rc : arr_int(b->a, &t, k->resolve_due);
		rc = rc ? rc : arr_int(b->a, &t, k->next_due);
		rc = rc ? rc : arr_int(b->a, &t, k->escalations);
		rc = rc ? rc : arr_int(b->a, &t, k->breached);
		rc = rc ? rc : arr_row(b->a, &t, false);
	}
	for (int i = 0; !rc && i < b->nmoves; i++) {
		const struct move *k = &b->moves[i];
		rc = arr_row(b->a, &m, true);
		rc = rc ? rc : arr_int(b->a, &m, k->ticket);
		rc = rc ? rc : arr_add(b->a, &m, k->kind, true);
		rc = rc ? rc : arr_int(b->a, &m, k->from);
		rc = rc ? rc : arr_int(b->a, &m, k->to ? k->to : NONE);
		rc = rc ? rc : arr_add(b->a, &m, k->reason, true);
		rc = rc ? rc : arr_int(b->a, &m, k->at);
		rc = rc ? rc : arr_row(b->a, &m, false);
	}
	if (rc)
		return rc;
	struct db_res res;
	rc = db_row(c, Q_SUPPORT_EVENTS_LAST, NULL, 0, &res);
	if (rc)
		return rc;
	int64_t last = db_int(&res, C_SUPPORT_EVENTS_LAST__ID);
	db_done(&res);
	struct db_val v = arr_val(&t);
	rc = db_exec(c, Q_SUPPORT_SWEEP_STORE_TICKETS_JSON, &v, 1, NULL);
	v = arr_val(&m);
	rc = rc ? rc : db_exec(c, Q_SUPPORT_SWEEP_STORE_EVENTS_JSON, &v, 1, NULL);
	v = DBV_INT(last);
	return rc ? rc : db_exec(c, Q_SUPPORT_SWEEP_STORE_NOTICES_AFTER, &v, 1, NULL);
}

static int cmp_id(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* PostgreSQL: the batch in three statements of arrays: the tickets (those
 * changed since they were read are left alone, and so are their moves),
 * the moves, their notices. */
static int store_arrays(struct db_conn *c, struct batch *b)
{
	struct arr t[11] = {{0}}, m[6] = {{0}}, n[5] = {{0}};
	int rc = ERR_OK;
	for (int i = 0; !rc && i < b->n; i++) {
		const struct ticket *k = &b->tickets[i];
		if (!k->moves)
			continue;
		rc = arr_int(b->a, &t[0], k->id);
		rc = rc ? rc : arr_int(b->a, &t[1], k->old_next_due);
		rc = rc ? rc : arr_int(b->a, &t[2], k->org);
		rc = rc ? rc : arr_add(b->a, &t[3], k->level, true);
		rc = rc ? rc : arr_add(b->a, &t[4], k->status, true);
		rc = rc ? rc : arr_int(b->a, &t[5], k->updated_at);
		rc = rc ? rc : arr_int(b->a, &t[6], k->first_due);
		rc = rc ? rc : arr_int(b->a, &t[7], k->resolve_due);
		rc = rc ? rc : arr_int(b->a, &t[8], k->next_due);
		rc = rc ? rc : arr_int(b->a, &t[9], k->escalations);
		rc = rc ? rc : arr_int(b->a, &t[10], k->breached);
	}
	if (rc)
		return rc;
	struct db_val v[11];
	for (int i = 0; i < 11; i++)
		v[i] = arr_val(&t[i]);
	int64_t *done = arena_alloc(b->a, sizeof(int64_t) * (size_t)(b->n + 1));
	if (!done)
		return ERR_NOMEM;
	int ndone = 0, step = 0;
	struct db_res res;
	rc = db_query(c, Q_SUPPORT_SWEEP_STORE_TICKETS, v, 11, &res);
	while (!rc && ndone < b->n && (step = db_next(&res)) == 1)
		done[ndone++] = db_int(&res, C_SUPPORT_SWEEP_STORE_TICKETS__ID);
	db_done(&res);
	rc = rc ? rc : step < 0 ? step : ERR_OK;
	if (rc)
		return rc;
	qsort(done, (size_t)ndone, sizeof(*done), cmp_id);
	int mi = 0, nm = 0;
	for (int i = 0; !rc && i < b->n; i++) {
		const struct ticket *k = &b->tickets[i];
		b->dropped[i] =
			k->moves && !bsearch(&k->id, done, (size_t)ndone, sizeof(*done), cmp_id);
		for (int j = 0; !rc && j < k->moves; j++, mi++) {
			if (b->dropped[i])
				continue;
			const struct move *x = &b->moves[mi];
			nm++;
			rc = arr_int(b->a, &m[0], x->ticket);
			rc = rc ? rc : arr_add(b->a, &m[1], x->kind, true);
			rc = rc ? rc : arr_int(b->a, &m[2], x->from);
			rc = rc ? rc : arr_int(b->a, &m[3], x->to ? x->to : NONE);
			rc = rc ? rc : arr_add(b->a, &m[4], x->reason, true);
			rc = rc ? rc : arr_int(b->a, &m[5], x->at);
		}
	}
	if (rc || !nm)
		return rc;
	for (int i = 0; i < 6; i++)
		v[i] = arr_val(&m[i]);
	rc = db_query(c, Q_SUPPORT_SWEEP_STORE_EVENTS, v, 6, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t ev = db_int(&res, C_SUPPORT_SWEEP_STORE_EVENTS__ID);
		int64_t tid = db_int(&res, C_SUPPORT_SWEEP_STORE_EVENTS__TICKET_ID);
		int64_t at = db_int(&res, C_SUPPORT_SWEEP_STORE_EVENTS__AT_MS);
		const char *kind = db_text(&res, C_SUPPORT_SWEEP_STORE_EVENTS__KIND, NULL);
		for (int side = 0; !rc && side < 2; side++) {
			int col = side ? C_SUPPORT_SWEEP_STORE_EVENTS__TO_ORG_ID
				       : C_SUPPORT_SWEEP_STORE_EVENTS__FROM_ORG_ID;
			if (db_null(&res, col))
				continue;
			rc = arr_int(b->a, &n[0], db_int(&res, col));
			rc = rc ? rc : arr_int(b->a, &n[1], tid);
			rc = rc ? rc : arr_int(b->a, &n[2], ev);
			rc = rc ? rc : arr_add(b->a, &n[3], kind, true);
			rc = rc ? rc : arr_int(b->a, &n[4], at);
		}
	}
	db_done(&res);
	rc = rc ? rc : step < 0 ? step : ERR_OK;
	if (rc)
		return rc;
	for (int i = 0; i < 5; i++)
		v[i] = arr_val(&n[i]);
	return db_exec(c, Q_SUPPORT_SWEEP_STORE_NOTICES, v, 5, NULL);
}

static int batch_tx(struct db_conn *c, void *ctx)
{
	struct batch *b = ctx;
	struct support_sweep *s = b->s;
	b->n = b->nmoves = b->capmoves = 0;
	int limit = s->batch > 0 ? s->batch : SUPPORT_SWEEP_BATCH;
	b->read = limit;
	b->tickets = arena_alloc(b->a, sizeof(*b->tickets) * (size_t)limit);
	b->dropped = arena_calloc(b->a, (size_t)limit, sizeof(bool));
	if (!b->tickets || !b->dropped)
		return problem_err(&s->p, ERR_NOMEM);
	struct db_val q[] = {DBV_INT(s->at_ms), DBV_INT(b->last_due), DBV_INT(b->last_due),
			     DBV_INT(b->last_id), DBV_INT(limit)};
	struct db_res res;
	int rc = db_query(c, Q_SUPPORT_SWEEP_BATCH, q, ARRAY_SIZE(q), &res), step = 0;
	while (!rc && b->n < limit && (step = db_next(&res)) == 1)
		rc = ticket_read(&res, b->a, &b->tickets[b->n++]);
	db_done(&res);
	rc = rc ? rc : step < 0 ? step : ERR_OK;
	if (rc)
		return problem_err(&s->p, rc);
	for (int i = 0; i < b->n; i++) {
		struct ticket *t = &b->tickets[i];
		int nm = b->nmoves;
		struct problem p = {0};
		rc = climb(c, b, t, &p);
		if (rc == ERR_NOTFOUND || p.id == P_SUPPORT_CALENDAR_UNKNOWN) {
			/* An org gone or a country without a calendar: the
			 * ticket stays as it is, the sweep goes on. */
			log_warn("support sweep: ticket %" PRId64 " left as it is: %s", t->id,
				 p.code ? p.code : err_str(rc));
			b->nmoves = nm;
			t->next_due = t->old_next_due;
			continue;
		}
		if (rc) {
			s->p = p;
			return rc;
		}
	}
	if (b->n) {
		b->last_due = b->tickets[b->n - 1].old_next_due;
		b->last_id = b->tickets[b->n - 1].id;
	}
	if (!b->nmoves)
		return ERR_OK;
	rc = db_conn_kind(c) == DB_SQLITE ? store_json(c, b) : store_arrays(c, b);
	if (rc)
		log_error("support sweep: a batch failed: %s", db_errmsg(c));
	return rc ? problem_err(&s->p, rc) : ERR_OK;
}

int support_sweep_run(struct db *db, struct support_sweep *s)
{
	struct arena env_arena;
	arena_init(&env_arena, 65536, 0);
	struct env env = {.a = &env_arena};
	s->tickets = s->escalated = s->breached = 0;
	s->batches = 0;
	memset(&s->p, 0, sizeof(s->p));
	struct batch b = {.s = s, .env = &env, .last_due = INT64_MIN, .last_id = 0};
	int rc = ERR_OK;
	for (;;) {
		struct arena ba;
		arena_init(&ba, 1 << 20, 0);
		b.a = &ba;
		rc = work_write(db, batch_tx, &b);
		bool more = !rc && b.n == b.read;
		if (!rc) {
			s->batches++;
			int mi = 0;
			for (int i = 0; i < b.n; i++) {
				const struct ticket *t = &b.tickets[i];
				if (t->moves && !b.dropped[i])
					s->tickets++;
				for (int k = 0; k < t->moves; k++, mi++) {
					const struct move *m = &b.moves[mi];
					if (b.dropped[i])
						continue;
					if (m->to)
						s->escalated++;
					else
						s->breached++;
					if (s->line)
						s->line(s->line_arg, m->line);
				}
			}
		}
		arena_release(&ba);
		if (rc || !more)
			break;
	}
	arena_release(&env_arena);
	if (rc && !s->p.id)
		problem_err(&s->p, rc);
	return rc;
}

/* ---- the server's sweep ---- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stop;
	struct db *db;
	int seconds;
} sweeper = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *sweeper_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sweeper.lock);
	while (!sweeper.stop) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += sweeper.seconds;
		while (!sweeper.stop &&
		       pthread_cond_timedwait(&sweeper.wake, &sweeper.lock, &until) != ETIMEDOUT)
			;
		if (sweeper.stop)
			break;
		pthread_mutex_unlock(&sweeper.lock);
		struct support_sweep s = {.at_ms = time_now_ms()};
		int64_t t0 = time_now_ms();
		int rc = support_sweep_run(sweeper.db, &s);
		if (rc)
			log_error("support sweep: %s (%s)", s.p.code ? s.p.code : err_str(rc),
				  s.p.detail ? s.p.detail : "");
		else if (s.escalated || s.breached)
			log_info("support sweep: escalated %" PRId64 ", breached %" PRId64
				 " (%" PRId64 " tickets, %" PRId64 " ms)",
				 s.escalated, s.breached, s.tickets, time_now_ms() - t0);
		pthread_mutex_lock(&sweeper.lock);
	}
	pthread_mutex_unlock(&sweeper.lock);
	return NULL;
}

int support_sweeper_start(struct db *db, int seconds)
{
	if (seconds <= 0 || sweeper.running)
		return ERR_OK;
	sweeper.db = db;
	sweeper.seconds = seconds;
	sweeper.stop = false;
	if (pthread_create(&sweeper.thread, NULL, sweeper_main, NULL))
		return ERR_NOMEM;
	sweeper.running = true;
	return ERR_OK;
}

void support_sweeper_stop(void)
{
	if (!sweeper.running)
		return;
	pthread_mutex_lock(&sweeper.lock);
	sweeper.stop = true;
	pthread_cond_signal(&sweeper.wake);
	pthread_mutex_unlock(&sweeper.lock);
	pthread_join(sweeper.thread, NULL);
	sweeper.running = false;
}
