/*
 * export.c: the students enrolled now at an organisation, as CSV
 * (export.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/csv.h"
#include "domain/common/work.h"
#include "domain/registry/export.h"
#include "domain/registry/import.h"
#include "domain/registry/org.h"
#include "domain/registry/reads.h"
#include "domain/registry/student.h"

struct export_ctx {
	const struct principal *who;
	const struct export_options *o;
	struct org org;
	struct arena *a;
	struct problem *p;
	/* paging */
	int64_t school_id;
	const char *after; /* NULL or after_buf */
	char after_buf[24];
	struct arena page_arena; /* the current page's students */
	struct student_page page;
	int64_t schools[200];
	int nschools;
	int64_t school_after;
};

static int export_org_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	int rc = org_get(c, x->a, x->o->code, &x->org);
	if (rc == ERR_NOTFOUND)
		return problem_set(x->p, P_NO_SUCH_ORG, "org", "No organisation has this code.");
	if (rc)
		return problem_err(x->p, rc);
	if (x->o->school_only && strcmp(x->org.kind, "school"))
		return problem_set(x->p, P_NOT_A_SCHOOL, "school",
				   "This organisation is not a school.");
	if (!principal_reaches(x->who, x->o->roles, x->org.path))
		return problem_set(x->p, P_OUT_OF_SCOPE, "org",
				   "This organisation is outside your reach.");
	return ERR_OK;
}

static int export_schools_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	struct db_val v[] = {DBV_TEXT(x->org.path), DBV_TEXT(x->org.path), DBV_INT(x->school_after),
			     DBV_INT((int64_t)ARRAY_SIZE(x->schools))};
	struct db_res res;
	x->nschools = 0;
	int rc = db_query(c, Q_IMPORT_SCHOOLS_IN_SUBTREE, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1)
		x->schools[x->nschools++] = db_int(&res, C_IMPORT_SCHOOLS_IN_SUBTREE__ID);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int export_page_read(struct db_conn *c, void *arg)
{
	struct export_ctx *x = arg;
	struct student_query q = {.school_id = x->school_id, .limit = 1000, .after = x->after};
	return student_search(c, &x->page_arena, &q, &x->page, x->p);
}

static int export_row(struct buf *out, const struct student *s)
{
	char grade[8], year[16];
	snprintf(grade, sizeof(grade), "%d", s->grade);
	snprintf(year, sizeof(year), "%d-%d", s->school_year, s->school_year + 1);
	const char *v[IC__COUNT] = {
		[IC_NATIONAL_ID] = s->national_id, [IC_COUNTRY] = s->country,
		[IC_GIVEN_NAME] = s->given_name,   [IC_FAMILY_NAME] = s->family_name,
		[IC_BIRTH_DATE] = s->birth_date,   [IC_SEX] = s->sex,
		[IC_SCHOOL] = s->school,	   [IC_GRADE] = grade,
		[IC_SCHOOL_YEAR] = year,	   [IC_SECTOR_ID] = s->sector_id,
		[IC_CLASS] = s->class_name,
	};
	int rc = ERR_OK;
	for (int i = 0; i < IC__COUNT && !rc; i++)
		rc = csv_write_cell(out, v[i] ? v[i] : "", v[i] ? strlen(v[i]) : 0, i == 0);
	return rc ? rc : csv_write_end(out);
}

/* Every student enrolled now at one school, page by page. */
static int export_school(struct db *db, struct export_ctx *x, int64_t school_id, struct buf *out,
			 int64_t *rows)
{
	int (*flush)(struct buf *, void *) = x->o->flush;
	x->school_id = school_id;
	x->after = NULL;
	for (;;) {
		arena_init(&x->page_arena, (size_t)256 * 1024, 0);
		int rc = work_read(db, export_page_read, x);
		for (int i = 0; !rc && i < x->page.n; i++) {
			const struct student *s = &x->page.items[i];
			/* What an import makes: enrolled now, not merged away. */
			if (!s->grade || s->merged_into || strcmp(s->status, "enrolled"))
				continue;
			rc = export_row(out, s);
			if (!rc)
				++*rows;
		}
		bool more = !rc && x->page.next;
		if (more) {
			snprintf(x->after_buf, sizeof(x->after_buf), "%s", x->page.next);
			x->after = x->after_buf;
		}
		arena_release(&x->page_arena);
		if (!rc && flush && out->len > (size_t)1024 * 1024)
			rc = flush(out, x->o->ctx);
		if (rc)
			return rc;
		if (!more)
			return ERR_OK;
	}
}

int export_students(struct db *db, const struct principal *who, const struct export_options *o,
		    struct buf *out, int64_t *rows, struct problem *p)
{
	struct arena a;
	arena_init(&a, 4096, 0);
	struct export_ctx x = {.who = who, .o = o, .a = &a, .p = p};
	*rows = 0;
	int rc = work_read(db, export_org_read, &x);
	if (!rc)
		rc = buf_append(out, "\xEF\xBB\xBF", 3);
	for (int i = 0; !rc && i < IC__COUNT; i++)
		rc = csv_write_cell(out, import_columns[i], strlen(import_columns[i]), i == 0);
	if (!rc)
		rc = csv_write_end(out);
	if (!rc && !strcmp(x.org.kind, "school")) {
		rc = export_school(db, &x, x.org.id, out, rows);
	} else if (!rc) {
		/* x.org.path lives in a, for the whole export. */
		do {
			rc = work_read(db, export_schools_read, &x);
			int n = x.nschools;
			int64_t ids[ARRAY_SIZE(x.schools)];
			memcpy(ids, x.schools, (size_t)n * sizeof(ids[0]));
			for (int i = 0; !rc && i < n; i++)
				rc = export_school(db, &x, ids[i], out, rows);
			if (n)
				x.school_after = ids[n - 1];
			if (n < (int)ARRAY_SIZE(x.schools))
				break;
		} while (!rc);
	}
	if (!rc && o->flush && out->len)
		rc = o->flush(out, o->ctx);
	arena_release(&a);
	if (rc && p->err != rc)
		problem_err(p, rc);
	return rc;
}

int export_students_as(struct db *db, struct actor *by, const struct export_options *o,
		       struct buf *out, int64_t *rows, struct audit_entry **audit,
		       struct problem *p)
{
	*audit = NULL;
	*rows = 0;
	if (!by)
		return problem_err(p, ERR_NOMEM);
	int rc = export_students(db, by->who, o, out, rows, p);
	if (rc == ERR_TOOLARGE)
		return problem_set(p, P_EXPORT_TOO_LARGE, NULL,
				   "This export is too large to send at once: export one school or "
				   "district at a time, or use the tabula export command.");
	if (rc && rc != ERR_FORBIDDEN) {
		if (o->school_only && p->field && !strcmp(p->field, "org"))
			p->field = "school";
		return rc;
	}
	/* The entry names the caller's first grant. */
	struct access_decision d;
	access_absent(by->who, &d);
	d.allowed = rc == ERR_OK;
	*audit = reads_audit_entry(by, &d, "student.export", 0, o->code);
	if (!*audit)
		return problem_err(p, ERR_NOMEM);
	return rc;
}
