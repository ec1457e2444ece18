/*
 * listing.c: lists of records for an actor (listing.h).
 */
#include "core/base.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/records/listing.h"
#include "domain/registry/student.h"

struct list_work {
	struct actor *by;
	struct record_listing *x;
	struct access_decision whole; /* the student or school as a whole */
	int read;		      /* rows read, before each is decided */
	struct access_decision *d;    /* each row's decision */
};

/* A student's records, if the actor may read the student; else nothing,
 * decided as refused (an absent student alike). */
static int student_rows(struct db_conn *c, struct list_work *w, struct db_res *res, bool *query)
{
	const struct record_listing *x = w->x;
	struct student s;
	int rc = student_get(c, w->by->arena, x->student, &s);
	if (rc == ERR_NOTFOUND) {
		access_absent(w->by->who, &w->whole);
		return ERR_OK;
	}
	if (!rc)
		rc = access_student(c, w->by->who, ACCESS_READ, x->student, s.school_path,
				    &w->whole);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_INT(x->student), DBV_INT(x->year), DBV_INT(x->year),
			     DBV_INT(x->after), DBV_INT(x->limit + 1)};
	*query = true;
	return db_query(c, Q_RECORDS_LIST_STUDENT, v, 5, res);
}

/* A school's records, if the actor may read the school; else nothing. */
static int school_rows(struct db_conn *c, struct list_work *w, struct db_res *res, bool *query)
{
	struct record_listing *x = w->x;
	struct org_ref ref;
	int rc = school_ref(c, x->school, &ref, &x->p);
	if (rc == ERR_INVALID) {
		access_absent(w->by->who, &w->whole);
		return ERR_OK;
	}
	if (rc)
		return rc;
	access_org(w->by->who, ACCESS_READ, ref.path, &w->whole);
	if (!w->whole.allowed)
		return ERR_OK;
	struct db_val v[] = {DBV_INT(ref.id), DBV_INT(x->year), DBV_INT(x->year), DBV_INT(x->after),
			     DBV_INT(x->limit + 1)};
	*query = true;
	return db_query(c, Q_RECORDS_LIST_SCHOOL, v, 5, res);
}

/* Read up to limit rows; one more says there is a next page. */
static int read_rows(struct list_work *w, struct db_res *res)
{
	struct record_listing *x = w->x;
	int rc = ERR_OK, step;
	while ((step = db_next(res)) == 1) {
		if (w->read == x->limit) {
			x->next = x->rows[w->read - 1].id;
			break;
		}
		rc = record_read_row(res, w->by->arena, &x->rows[w->read]);
		if (rc)
			break;
		w->read++;
	}
	db_done(res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The page of rows, and each row's decision. */
static int list_work(struct db_conn *c, void *arg)
{
	struct list_work *w = arg;
	struct db_res res;
	bool query = false;
	int rc = w->x->student ? student_rows(c, w, &res, &query) : school_rows(c, w, &res, &query);
	if (!rc && query)
		rc = read_rows(w, &res);
	/* Each row decided again: a teacher sees their classes' records. */
	for (int i = 0; !rc && i < w->read; i++)
		rc = record_access_read(c, w->by->who, &w->x->rows[i], ACCESS_LIST, &w->d[i]);
	return rc;
}

/* Keep the rows the actor may list, each with its audit entry. */
static int keep_listed(struct list_work *w)
{
	struct record_listing *x = w->x;
	for (int i = 0; i < w->read; i++) {
		if (!w->d[i].allowed)
			continue;
		struct audit_entry *e = &x->entries[x->n];
		actor_audit_fill(w->by, &w->d[i], "record.list", x->rows[i].person_id, e);
		e->subject = arena_printf(w->by->arena, "record:%" PRId64, x->rows[i].id);
		if (!e->subject)
			return ERR_NOMEM;
		x->rows[x->n++] = x->rows[i];
	}
	return ERR_OK;
}

int record_list_as(struct db *db, struct actor *by, struct record_listing *x)
{
	if (!x->student && !x->school)
		return problem_set(&x->p, P_REQUIRED, "student",
				   "Say whose records: ?student=ID or ?school=CODE.");
	struct list_work w = {.by = by, .x = x};
	x->n = 0;
	x->next = 0;
	x->found = true;
	x->rows = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->rows));
	x->entries = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->entries));
	w.d = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*w.d));
	if (!x->rows || !x->entries || !w.d)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = work_read(db, list_work, &w);
	if (!rc)
		rc = keep_listed(&w);
	if (rc)
		return problem_err(&x->p, rc);
	if (!x->n && !w.whole.allowed) {
		/* Nothing the actor may see, of a student or school they may
		 * not read: the answer for one that does not exist. */
		x->found = false;
		actor_audit_fill(by, &w.whole, "record.list", x->student, &x->entries[0]);
		x->entries[0].subject = x->school;
		problem_set(&x->p, P_NOT_FOUND, NULL,
			    x->student ? "No such student." : "No such school.");
	}
	return ERR_OK;
}
