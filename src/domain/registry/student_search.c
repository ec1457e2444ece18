/*
 * student_search.c: finding students (student.h): by national id or name,
 * a school's list, keyset-paged; and what an actor may list.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/text.h"
#include "domain/common/work.h"
#include "domain/registry/nid.h"
#include "domain/registry/reads.h"
#include "domain/registry/student.h"

/* The largest code point, so that key + it bounds every key with the prefix
 * key (byte order, which is code point order in UTF-8). */
static const char key_top[] = "\xf4\x8f\xbf\xbf";

int student_name_range(const char *q, char *lo, char *hi, size_t len)
{
	int rc = text_fold(q, lo, len);
	if (rc)
		return rc;
	size_t n = strlen(lo);
	if (n + sizeof(key_top) > len)
		return ERR_TOOLARGE;
	memcpy(hi, lo, n);
	memcpy(hi + n, key_top, sizeof(key_top));
	return ERR_OK;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* The key of a name-order cursor: the hex digits of after[0..hexlen). */
static int cursor_key(struct arena *a, const char *after, size_t hexlen, const char **key)
{
	if (hexlen % 2 || hexlen / 2 >= STUDENT_KEY_MAX)
		return ERR_INVALID;
	char *k = arena_alloc(a, hexlen / 2 + 1);
	if (!k)
		return ERR_NOMEM;
	for (size_t i = 0; i < hexlen / 2; i++) {
		int hi = hexval(after[2 * i]), lo = hexval(after[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return ERR_INVALID;
		k[i] = (char)(hi * 16 + lo);
	}
	k[hexlen / 2] = '\0';
	if (!utf8_valid(k, hexlen / 2))
		return ERR_INVALID;
	*key = k;
	return ERR_OK;
}

/* Cursors are opaque to clients: "<id>" in id order, "<hex of key>.<id>" in
 * name order. */
static int cursor_parse(struct arena *a, const char *after, bool named, const char **key,
			int64_t *id)
{
	*key = "";
	*id = 0;
	if (!after || !*after)
		return ERR_OK;
	const char *dot = strrchr(after, '.');
	const char *num = after;
	if (named) {
		if (!dot)
			return ERR_INVALID;
		int rc = cursor_key(a, after, (size_t)(dot - after), key);
		if (rc)
			return rc;
		num = dot + 1;
	} else if (dot) {
		return ERR_INVALID;
	}
	char *end;
	errno = 0;
	long long v = strtoll(num, &end, 10);
	if (errno || end == num || *end || v < 0)
		return ERR_INVALID;
	*id = v;
	return ERR_OK;
}

static const char *cursor_make(struct arena *a, const char *key, int64_t id)
{
	if (!key)
		return arena_printf(a, "%" PRId64, id);
	size_t n = strlen(key);
	char *out = arena_alloc(a, 2 * n + 24);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)key[i]);
	snprintf(out + 2 * n, 24, ".%" PRId64, id);
	return out;
}

/* ---- search ---- */

/* A search as planned: which statement, with what. */
struct search_plan {
	bool by_id, by_name, name_order;
	char nid[256];				       /* by_id: the national id's digits */
	char lo[STUDENT_KEY_MAX], hi[STUDENT_KEY_MAX]; /* by_name: the key range */
	const char *ckey;			       /* the cursor: key (name order) and id */
	int64_t cid;
};

/* What q->q asks for: a national id (8 digits or more, Persian digits and
 * missing leading zeros allowed), a name prefix, or nothing (a list). */
static int plan_query(const struct student_query *q, struct search_plan *sp, struct problem *p)
{
	if (!q->q || !*q->q)
		return ERR_OK;
	if (text_digits_ascii(q->q, sp->nid, sizeof(sp->nid)))
		return problem_set(p, P_TOO_LONG, "q", "The search is too long.");
	char digits[32];
	if (!nid_normalize(sp->nid, digits, sizeof(digits)) && all_digits(digits) &&
	    strlen(digits) >= 8) {
		sp->by_id = true;
		/* Iranian codes typed without leading zeros. */
		if (strlen(digits) < 10)
			snprintf(sp->nid, sizeof(sp->nid), "%010lld", strtoll(digits, NULL, 10));
		else
			memcpy(sp->nid, digits, strlen(digits) + 1);
		return ERR_OK;
	}
	if (student_name_range(q->q, sp->lo, sp->hi, sizeof(sp->lo)))
		return problem_set(p, P_TOO_LONG, "q", "The search is too long.");
	sp->by_name = sp->lo[0] != '\0';
	return ERR_OK;
}

/* The statement of a name search and its parameters into v; their number. */
static size_t bind_name(const struct student_query *q, const struct search_plan *sp,
			const char *scope, enum query_id *qid, struct db_val *v)
{
	size_t n = 0;
	if (q->school_id) {
		*qid = Q_STUDENT_SEARCH_NAME_SCHOOL;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_TEXT(sp->lo);
		v[n++] = DBV_TEXT(sp->hi);
		v[n++] = DBV_TEXT(sp->lo);
		v[n++] = DBV_TEXT(sp->hi);
		v[n++] = DBV_INT(sp->cid);
	} else {
		*qid = Q_STUDENT_SEARCH_NAME;
		v[n++] = DBV_TEXT(sp->lo);
		v[n++] = DBV_TEXT(sp->hi);
		v[n++] = DBV_TEXT(sp->ckey);
		v[n++] = DBV_INT(sp->cid);
	}
	v[n++] = DBV_INT(q->grade);
	v[n++] = DBV_INT(q->grade);
	if (!q->school_id) {
		v[n++] = DBV_TEXT(scope);
		v[n++] = DBV_TEXT(scope);
	}
	return n;
}

/* The statement of the planned search and its parameters into v (room for
 * 12), but for the page size; their number, or 0 when the query names
 * nothing to search (p: required). */
static size_t bind_search(const struct student_query *q, const struct search_plan *sp,
			  enum query_id *qid, struct db_val *v, struct problem *p)
{
	const char *scope = q->scope && *q->scope ? q->scope : "/";
	size_t n = 0;
	if (sp->by_id) {
		*qid = Q_STUDENT_BY_NATIONAL_ID;
		v[n++] = DBV_TEXT(sp->nid);
		v[n++] = DBV_INT(sp->cid);
		v[n++] = DBV_TEXT(scope);
		v[n++] = DBV_TEXT(scope);
	} else if (sp->by_name) {
		n = bind_name(q, sp, scope, qid, v);
	} else if (q->school_id && q->review_only) {
		*qid = Q_STUDENT_LIST_REVIEW;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(sp->cid);
	} else if (q->school_id && q->grade) {
		*qid = Q_STUDENT_LIST_SCHOOL_GRADE;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(q->grade);
		v[n++] = DBV_INT(sp->cid);
	} else if (q->school_id) {
		*qid = Q_STUDENT_LIST_SCHOOL;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(sp->cid);
	} else {
		problem_set(p, P_REQUIRED, "q", "Search by name or national id, or name a school.");
	}
	return n;
}

/* Read up to limit + 1 rows of the statement into out->items (one more than
 * asked tells whether there is a next page), with their keys in name
 * order. */
static int search_rows(struct db_conn *c, struct arena *a, enum query_id qid,
		       const struct db_val *v, size_t n, int limit, bool name_order,
		       struct student_page *out)
{
	out->items = arena_calloc(a, (size_t)limit + 1, sizeof(struct student));
	if (!out->items)
		return ERR_NOMEM;
	struct db_res res;
	int rc = db_query(c, qid, v, n, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct student *s = &out->items[out->n];
		rc = student_read_row(&res, a, s);
		if (!rc && name_order) {
			s->cursor_key = db_dup(&res, C_STUDENT_SEARCH_NAME__NAME_KEY, a);
			if (!s->cursor_key)
				rc = ERR_NOMEM;
		}
		if (!rc)
			out->n++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

int student_search(struct db_conn *c, struct arena *a, const struct student_query *q,
		   struct student_page *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	struct search_plan sp = {0};
	int rc = plan_query(q, &sp, p);
	if (rc)
		return rc;
	sp.name_order = sp.by_name && !q->school_id;
	rc = cursor_parse(a, q->after, sp.name_order, &sp.ckey, &sp.cid);
	if (rc == ERR_NOMEM)
		return problem_err(p, rc);
	if (rc)
		return problem_set(p, P_INVALID, "after", "This paging cursor is not valid.");
	struct db_val v[12];
	enum query_id qid = Q__COUNT;
	size_t n = bind_search(q, &sp, &qid, v, p);
	if (!n)
		return p->err;
	v[n++] = DBV_INT(q->limit + 1);
	rc = search_rows(c, a, qid, v, n, q->limit, sp.name_order, out);
	if (rc)
		return problem_err(p, rc);
	if (out->n > q->limit) {
		out->n = q->limit;
		const struct student *last = &out->items[q->limit - 1];
		out->next = cursor_make(a, sp.name_order ? last->cursor_key : NULL, last->id);
	}
	return ERR_OK;
}

/* ---- what an actor may list ---- */

struct list_work {
	struct actor *by;
	struct student_list *x;
	enum access_list_kind kind;
	int64_t after_id;	   /* linked lists: the last id seen */
	struct access_decision *d; /* one per item of the page */
};

/* The records a guardian's or student's account is linked to (its
 * children, its own record), in id order. */
static int linked_read(struct db_conn *c, struct list_work *w)
{
	const struct principal *who = w->by->who;
	struct arena *a = w->by->arena;
	struct student_page *page = &w->x->page;
	int limit = w->x->q.limit;
	page->items = arena_calloc(a, (size_t)limit + 1, sizeof(struct student));
	if (!page->items)
		return ERR_NOMEM;
	struct db_val v[] = {DBV_INT(who->user_id), DBV_INT(who->person_id), DBV_INT(w->after_id),
			     DBV_INT(limit + 1)};
	struct db_res res;
	int rc = db_query(c, Q_GUARDIAN_LINKED_STUDENTS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (page->n == limit) {
			page->next = arena_printf(a, "%" PRId64, page->items[page->n - 1].id);
			break;
		}
		rc = student_read_row(&res, a, &page->items[page->n]);
		if (!rc)
			page->n++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

/* A search of by's subtree; a school named must be within by's reach. */
static int subtree_read(struct db_conn *c, struct list_work *w)
{
	struct student_list *x = w->x;
	if (x->school) {
		struct org_ref school;
		struct access_decision d;
		int rc = school_ref_listable(c, w->by->who, x->school, &school, &d, &x->p);
		if (rc)
			return rc;
		x->q.school_id = school.id;
	}
	return student_search(c, w->by->arena, &x->q, &x->page, &x->p);
}

static int list_work(struct db_conn *c, void *ctx)
{
	struct list_work *w = ctx;
	struct student_page *page = &w->x->page;
	int rc = ERR_OK;
	if (w->kind == ACCESS_LIST_LINKED)
		rc = linked_read(c, w);
	else if (w->kind == ACCESS_LIST_SUBTREE)
		rc = subtree_read(c, w);
	if (rc || !page->n)
		return rc;
	/* Every item is decided again: several grants search their common
	 * ancestor, and a list is no way around the rules of a read. */
	w->d = arena_calloc(w->by->arena, (size_t)page->n, sizeof(*w->d));
	if (!w->d)
		return ERR_NOMEM;
	for (int i = 0; i < page->n && !rc; i++)
		rc = access_student(c, w->by->who, ACCESS_LIST, page->items[i].id,
				    page->items[i].school_path, &w->d[i]);
	return rc;
}

/* Plan the list for by: its kind, the subtree it stays in, and for a
 * linked list the id its cursor names. */
static int list_plan(struct list_work *w, struct problem *p)
{
	struct student_list *x = w->x;
	const char *scope = NULL;
	w->kind = access_list_plan(w->by->who, x->linked, &scope);
	x->q.scope = scope ? arena_strdup(w->by->arena, scope) : "/\x01";
	if (!x->q.scope)
		return problem_err(p, ERR_NOMEM);
	if (w->kind != ACCESS_LIST_LINKED || !x->q.after || !*x->q.after)
		return ERR_OK;
	char *end;
	errno = 0;
	long long v = strtoll(x->q.after, &end, 10);
	if (errno || *end || v <= 0)
		return problem_set(p, P_INVALID, "after", "This paging cursor is not valid.");
	w->after_id = v;
	return ERR_OK;
}

/* Keep the items by may list, each with its audit entry. */
static int list_keep_allowed(struct list_work *w)
{
	struct student_list *x = w->x;
	x->audit = arena_calloc(w->by->arena, (size_t)x->page.n + 1, sizeof(*x->audit));
	if (!x->audit)
		return ERR_NOMEM;
	int n = 0;
	for (int i = 0; i < x->page.n; i++) {
		if (!w->d[i].allowed)
			continue;
		actor_audit_fill(w->by, &w->d[i], "student.list", x->page.items[i].id,
				 &x->audit[n]);
		x->page.items[n++] = x->page.items[i];
	}
	x->page.n = n;
	return ERR_OK;
}

int student_list(struct db *db, struct actor *by, struct student_list *x)
{
	memset(&x->page, 0, sizeof(x->page));
	x->audit = NULL;
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	struct list_work w = {.by = by, .x = x};
	int rc = list_plan(&w, &x->p);
	if (rc)
		return rc;
	rc = work_read(db, list_work, &w);
	if (!rc)
		rc = list_keep_allowed(&w);
	if (rc && x->p.err != rc)
		problem_err(&x->p, rc);
	return rc;
}
