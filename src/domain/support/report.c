/*
 * report.c: the help desk's reports per level (report.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/common/instant.h"
#include "domain/common/work.h"
#include "domain/support/calendar.h"
#include "domain/support/canned.h"
#include "domain/support/clock.h"
#include "domain/support/report.h"

#include <math.h>

#define DAY_MS (24LL * 3600 * 1000)

/* Working seconds of a group's answered and resolved tickets. */
struct secs {
	int32_t *v;
	size_t n, cap;
};

static int secs_push(struct secs *s, int64_t ms)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		int32_t *v = realloc(s->v, cap * sizeof(*v));
		if (!v)
			return ERR_NOMEM;
		s->v = v;
		s->cap = cap;
	}
	if (ms < 0)
		ms = 0;
	int64_t sec = ms / 1000;
	s->v[s->n++] = sec > INT32_MAX ? INT32_MAX : (int32_t)sec;
	return ERR_OK;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* The median in hours, one decimal; -1 when there is none. */
static double median_hours(struct secs *s)
{
	if (!s->n)
		return -1;
	qsort(s->v, s->n, sizeof(*s->v), cmp_i32);
	double m = s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + (double)s->v[s->n / 2]) / 2;
	return round(m / 360.0) / 10.0;
}

/* A group being counted. */
struct acc {
	struct report_totals t;
	int64_t score_sum;
	struct secs first, resolution;
};

/* The counts of one (origin org, category) of the store. */
struct counts {
	int64_t created, open, overdue, breached, resolved, escalated, scores[5];
};

static void acc_count(struct acc *a, const struct counts *k)
{
	a->t.created += k->created;
	a->t.open += k->open;
	a->t.overdue += k->overdue;
	a->t.breached += k->breached;
	a->t.resolved += k->resolved;
	a->t.escalated += k->escalated;
	for (int i = 0; i < 5; i++) {
		a->t.scores[i] += k->scores[i];
		a->t.rated += k->scores[i];
		a->score_sum += (i + 1) * k->scores[i];
	}
}

/* One answered or resolved ticket's working times (ms; < 0: none). */
static int acc_times(struct acc *a, int64_t first, int64_t resolution)
{
	int rc = first >= 0 ? secs_push(&a->first, first) : ERR_OK;
	if (!rc && resolution != INT64_MIN)
		rc = secs_push(&a->resolution, resolution);
	return rc;
}

static void acc_finish(struct acc *a)
{
	struct report_totals *t = &a->t;
	t->escalation_rate = t->created ? round(1000.0 * t->escalated / t->created) / 1000.0 : -1;
	t->mean_score = t->rated ? round(100.0 * a->score_sum / t->rated) / 100.0 : -1;
	t->median_first_answer_h = median_hours(&a->first);
	t->median_resolution_h = median_hours(&a->resolution);
}

static void acc_release(struct acc *a)
{
	free(a->first.v);
	free(a->resolution.v);
	a->first = a->resolution = (struct secs){0};
}

/* A child: its id, for finding a ticket's child by the origin's path. */
struct child_ref {
	int64_t id;
	int index;
};

static int cmp_child(const void *a, const void *b)
{
	const struct child_ref *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

struct work {
	struct report *x;
	struct support_calendar cal;
	int64_t org_id;
	const char *path;
	struct acc total;
	struct acc *children, *categories;
	struct child_ref *child_ids;
	int64_t *category_ids;
	struct child_ref *orgs; /* the subtree's orgs and their child (malloc) */
	size_t norgs;
};

static int org_read(struct db_conn *c, struct work *w)
{
	struct report *x = w->x;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->org_code);
	int rc = db_row(c, Q_REPORT_ORG, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NO_SUCH_ORG, "org", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	w->org_id = db_int(&res, C_REPORT_ORG__ID);
	w->path = db_dup(&res, C_REPORT_ORG__PATH, x->arena);
	x->org_code = db_dup(&res, C_REPORT_ORG__CODE, x->arena);
	x->org_name = db_dup(&res, C_REPORT_ORG__NAME, x->arena);
	x->org_kind = db_dup(&res, C_REPORT_ORG__KIND, x->arena);
	x->country = db_null(&res, C_REPORT_ORG__COUNTRY)
			     ? NULL
			     : db_dup(&res, C_REPORT_ORG__COUNTRY, x->arena);
	db_done(&res);
	if (!w->path || !x->org_code || !x->org_name || !x->org_kind)
		return problem_err(&x->p, ERR_NOMEM);
	return ERR_OK;
}

/* An instant of the query: RFC 3339, or a local date (its midnight). */
static bool instant_read(const char *s, int offset, int64_t *ms)
{
	char buf[40];
	if (strlen(s) == 10) {
		snprintf(buf, sizeof(buf), "%sT00:00", s);
		s = buf;
	}
	return instant_parse(s, offset, ms);
}

static int period_read(struct report *x)
{
	x->to_ms = x->now_ms;
	if (x->to_text && !instant_read(x->to_text, x->offset, &x->to_ms))
		return problem_set(&x->p, P_INVALID, "to",
				   "An instant is RFC 3339 (2026-03-18T13:00:00+03:30) or a date.");
	x->from_ms = x->to_ms - 30 * DAY_MS;
	if (x->from_text && !instant_read(x->from_text, x->offset, &x->from_ms))
		return problem_set(&x->p, P_INVALID, "from",
				   "An instant is RFC 3339 (2026-03-18T13:00:00+03:30) or a date.");
	if (x->to_ms <= x->from_ms || x->to_ms - x->from_ms > REPORT_SPAN_MAX_MS)
		return problem_set(&x->p, P_REPORT_PERIOD, "to", NULL);
	return ERR_OK;
}

static int children_read(struct db_conn *c, struct work *w)
{
	struct report *x = w->x;
	struct db_res res;
	struct db_val v = DBV_INT(w->org_id);
	int cap = 16;
	x->children = arena_calloc(x->arena, (size_t)cap, sizeof(*x->children));
	w->child_ids = arena_calloc(x->arena, (size_t)cap, sizeof(*w->child_ids));
	if (!x->children || !w->child_ids)
		return ERR_NOMEM;
	int rc = db_query(c, Q_REPORT_CHILDREN, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->nchildren == cap) {
			struct report_group *more =
				arena_calloc(x->arena, (size_t)cap * 2, sizeof(*more));
			struct child_ref *ids =
				arena_calloc(x->arena, (size_t)cap * 2, sizeof(*ids));
			if (!more || !ids) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, x->children, (size_t)cap * sizeof(*more));
			memcpy(ids, w->child_ids, (size_t)cap * sizeof(*ids));
			x->children = more;
			w->child_ids = ids;
			cap *= 2;
		}
		struct report_group *g = &x->children[x->nchildren];
		g->code = db_dup(&res, C_REPORT_CHILDREN__CODE, x->arena);
		g->name = db_dup(&res, C_REPORT_CHILDREN__NAME, x->arena);
		g->kind = db_dup(&res, C_REPORT_CHILDREN__KIND, x->arena);
		w->child_ids[x->nchildren] =
			(struct child_ref){db_int(&res, C_REPORT_CHILDREN__ID), x->nchildren};
		x->nchildren++;
		if (!g->code || !g->name || !g->kind)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc)
		qsort(w->child_ids, (size_t)x->nchildren, sizeof(*w->child_ids), cmp_child);
	return rc;
}

static int categories_read(struct db_conn *c, struct work *w)
{
	struct report *x = w->x;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->country);
	int cap = 16;
	x->categories = arena_calloc(x->arena, (size_t)cap, sizeof(*x->categories));
	w->category_ids = arena_calloc(x->arena, (size_t)cap, sizeof(*w->category_ids));
	if (!x->categories || !w->category_ids)
		return ERR_NOMEM;
	int rc = db_query(c, Q_REPORT_CATEGORIES, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->ncategories == cap)
			continue; /* more than a country has: the rest are not broken down */
		struct report_group *g = &x->categories[x->ncategories];
		g->code = db_dup(&res, C_REPORT_CATEGORIES__CODE, x->arena);
		g->name = db_dup(&res, C_REPORT_CATEGORIES__NAMES, x->arena);
		w->category_ids[x->ncategories++] = db_int(&res, C_REPORT_CATEGORIES__ID);
		if (!g->code || !g->name)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc;
}

/* The child whose subtree holds origin_path (below w->path), or -1. */
static int child_of(const struct work *w, const char *origin_path)
{
	size_t n = strlen(w->path);
	if (strncmp(origin_path, w->path, n))
		return -1;
	const char *s = origin_path + n;
	int64_t id = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		id = id * 10 + (*s - '0');
	if (*s != '/' || !id)
		return -1;
	struct child_ref key = {.id = id};
	const struct child_ref *hit = bsearch(&key, w->child_ids, (size_t)w->x->nchildren,
					      sizeof(*w->child_ids), cmp_child);
	return hit ? hit->index : -1;
}

/* Every org of the subtree with the child it lies under (index -1: the
 * report's org itself), sorted by id, into w->orgs. */
static int subtree_read(struct db_conn *c, struct work *w, const char *pattern)
{
	struct db_val v = DBV_TEXT(pattern);
	struct db_res res;
	size_t cap = 64;
	w->norgs = 0;
	w->orgs = malloc(cap * sizeof(*w->orgs));
	if (!w->orgs)
		return ERR_NOMEM;
	int rc = db_query(c, Q_REPORT_SUBTREE, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (w->norgs == cap) {
			struct child_ref *more = realloc(w->orgs, cap * 2 * sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			w->orgs = more;
			cap *= 2;
		}
		size_t len;
		const char *path = db_text(&res, C_REPORT_SUBTREE__PATH, &len);
		w->orgs[w->norgs++] =
			(struct child_ref){db_int(&res, C_REPORT_SUBTREE__ID), child_of(w, path)};
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc)
		qsort(w->orgs, w->norgs, sizeof(*w->orgs), cmp_child);
	return rc;
}

/* The child an origin org lies under, or -1. */
static int child_of_org(const struct work *w, int64_t org)
{
	struct child_ref key = {.id = org};
	const struct child_ref *hit = bsearch(&key, w->orgs, w->norgs, sizeof(*w->orgs), cmp_child);
	return hit ? hit->index : -1;
}

static int category_of(const struct work *w, int64_t id)
{
	for (int i = 0; i < w->x->ncategories; i++)
		if (w->category_ids[i] == id)
			return i;
	return -1;
}

/* The groups a row of origin org and category adds to: the report's
 * total, its child, its category (NULL when none). */
static void groups_of(struct work *w, int64_t org, int64_t cat, struct acc *out[3])
{
	int child = child_of_org(w, org);
	int k = category_of(w, cat);
	out[0] = &w->total;
	out[1] = child >= 0 ? &w->children[child] : NULL;
	out[2] = k >= 0 ? &w->categories[k] : NULL;
}

static int counts_read(struct db_conn *c, struct work *w, const char *pattern)
{
	struct report *x = w->x;
	struct db_val v[] = {DBV_INT(x->now_ms), DBV_TEXT(pattern), DBV_INT(x->from_ms),
			     DBV_INT(x->to_ms)};
	struct db_res res;
	int rc = db_query(c, Q_REPORT_COUNTS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct counts k = {
			.created = db_int0(&res, C_REPORT_COUNTS__CREATED),
			.open = db_int0(&res, C_REPORT_COUNTS__OPEN),
			.overdue = db_int0(&res, C_REPORT_COUNTS__OVERDUE),
			.breached = db_int0(&res, C_REPORT_COUNTS__BREACHED),
			.resolved = db_int0(&res, C_REPORT_COUNTS__RESOLVED),
			.escalated = db_int0(&res, C_REPORT_COUNTS__ESCALATED),
			.scores = {db_int0(&res, C_REPORT_COUNTS__S1),
				   db_int0(&res, C_REPORT_COUNTS__S2),
				   db_int0(&res, C_REPORT_COUNTS__S3),
				   db_int0(&res, C_REPORT_COUNTS__S4),
				   db_int0(&res, C_REPORT_COUNTS__S5)},
		};
		struct acc *g[3];
		groups_of(w, db_int(&res, C_REPORT_COUNTS__ORIGIN_ORG_ID),
			  db_int(&res, C_REPORT_COUNTS__CATEGORY_ID), g);
		for (int i = 0; i < 3; i++)
			if (g[i])
				acc_count(g[i], &k);
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int durations_read(struct db_conn *c, struct work *w, const char *pattern)
{
	struct report *x = w->x;
	struct db_val v[] = {DBV_TEXT(pattern), DBV_INT(x->from_ms), DBV_INT(x->to_ms)};
	struct db_res res;
	int rc = db_query(c, Q_REPORT_DURATIONS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t created = db_int(&res, C_REPORT_DURATIONS__CREATED_AT_MS);
		int64_t first = -1, resolution = INT64_MIN;
		if (!db_null(&res, C_REPORT_DURATIONS__FIRST_ANSWER_MS))
			first = support_clock_between(
				&w->cal, created,
				db_int(&res, C_REPORT_DURATIONS__FIRST_ANSWER_MS));
		if (!db_null(&res, C_REPORT_DURATIONS__RESOLVED_AT_MS))
			resolution = support_clock_between(
					     &w->cal, created,
					     db_int(&res, C_REPORT_DURATIONS__RESOLVED_AT_MS)) -
				     db_int0(&res, C_REPORT_DURATIONS__WAITED_MS);
		struct acc *g[3];
		groups_of(w, db_int(&res, C_REPORT_DURATIONS__ORIGIN_ORG_ID),
			  db_int(&res, C_REPORT_DURATIONS__CATEGORY_ID), g);
		for (int i = 0; !rc && i < 3; i++)
			if (g[i])
				rc = acc_times(g[i], first, resolution);
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int tickets_read(struct db_conn *c, struct work *w)
{
	const char *pattern = arena_printf(w->x->arena, "%s%%", w->path);
	if (!pattern)
		return ERR_NOMEM;
	int rc = subtree_read(c, w, pattern);
	if (!rc)
		rc = counts_read(c, w, pattern);
	if (!rc)
		rc = durations_read(c, w, pattern);
	return rc;
}

static int report_fn(struct db_conn *c, void *ctx)
{
	struct work *w = ctx;
	struct report *x = w->x;
	int rc = org_read(c, w);
	if (rc)
		return rc;
	if (!principal_reaches(x->who, SUPPORT_STAFF, w->path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "org",
				   "You are not support staff of this level.");
	if (!x->country)
		return problem_set(&x->p, P_SUPPORT_CALENDAR_UNKNOWN, "org",
				   "The organisation belongs to no country.");
	rc = support_calendar_load(c, x->arena, x->country, &w->cal, &x->p);
	if (rc)
		return rc;
	x->offset = w->cal.offset;
	rc = period_read(x);
	if (rc)
		return rc;
	rc = children_read(c, w);
	if (!rc)
		rc = categories_read(c, w);
	if (rc)
		return problem_err(&x->p, rc);
	w->children = calloc((size_t)x->nchildren + 1, sizeof(*w->children));
	w->categories = calloc((size_t)x->ncategories + 1, sizeof(*w->categories));
	if (!w->children || !w->categories)
		return problem_err(&x->p, ERR_NOMEM);
	rc = tickets_read(c, w);
	if (rc)
		return problem_err(&x->p, rc);
	acc_finish(&w->total);
	x->totals = w->total.t;
	for (int i = 0; i < x->nchildren; i++) {
		acc_finish(&w->children[i]);
		x->children[i].t = w->children[i].t;
	}
	for (int i = 0; i < x->ncategories; i++) {
		acc_finish(&w->categories[i]);
		x->categories[i].t = w->categories[i].t;
	}
	return ERR_OK;
}

int report_compute(struct db *db, struct report *x)
{
	if (!x->org_code)
		return problem_set(&x->p, P_REQUIRED, "org", "Name the level (an org code).");
	struct work w = {.x = x};
	int rc = work_read(db, report_fn, &w);
	acc_release(&w.total);
	for (int i = 0; w.children && i < x->nchildren; i++)
		acc_release(&w.children[i]);
	for (int i = 0; w.categories && i < x->ncategories; i++)
		acc_release(&w.categories[i]);
	free(w.children);
	free(w.categories);
	free(w.orgs);
	return rc;
}

static int raw_fn(struct db_conn *c, void *ctx)
{
	struct report_raw *x = ctx;
	struct db_res res;
	struct db_val v = DBV_TEXT(x->org_code);
	int rc = db_row(c, Q_REPORT_ORG, &v, 1, &res);
	if (rc)
		return rc;
	char pattern[512];
	size_t len;
	snprintf(pattern, sizeof(pattern), "%s%%", db_text(&res, C_REPORT_ORG__PATH, &len));
	db_done(&res);
	struct db_val w[] = {DBV_INT(x->now_ms), DBV_TEXT(pattern), DBV_INT(x->from_ms),
			     DBV_INT(x->to_ms)};
	rc = db_row(c, Q_REPORT_RAW_TOTALS, w, ARRAY_SIZE(w), &res);
	if (rc)
		return rc;
	x->created = db_int0(&res, C_REPORT_RAW_TOTALS__CREATED);
	x->open = db_int0(&res, C_REPORT_RAW_TOTALS__OPEN);
	x->overdue = db_int0(&res, C_REPORT_RAW_TOTALS__OVERDUE);
	x->breached = db_int0(&res, C_REPORT_RAW_TOTALS__BREACHED);
	x->resolved = db_int0(&res, C_REPORT_RAW_TOTALS__RESOLVED);
	x->escalated = db_int0(&res, C_REPORT_RAW_TOTALS__ESCALATED);
	x->rated = db_int0(&res, C_REPORT_RAW_TOTALS__RATED);
	x->score_sum = db_int0(&res, C_REPORT_RAW_TOTALS__SCORE_SUM);
	db_done(&res);
	return ERR_OK;
}

int report_raw_totals(struct db *db, struct report_raw *x)
{
	return work_read(db, raw_fn, x);
}
