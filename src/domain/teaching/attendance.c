/*
 * attendance.c: the rules of attendance.h. Dates are strict ISO strings, so
 * they compare as strings.
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/common/work.h"
#include "domain/teaching/attendance.h"

static const char *const status_names[ATT__STATUSES] = {
	"present",
	"late",
	"absent_excused",
	"absent_unexcused",
};

int attendance_status_parse(const char *name)
{
	for (int i = 0; name && i < ATT__STATUSES; i++)
		if (!strcmp(name, status_names[i]))
			return i;
	return -1;
}

const char *attendance_status_name(int status)
{
	return status >= 0 && status < ATT__STATUSES ? status_names[status] : "unknown";
}

static bool country_is(const char *country, const char *code)
{
	return country && !strcmp(country, code);
}

void attendance_term1_end(const char *country, int start_year, char out_iso[11])
{
	char start[11];
	out_iso[0] = '\0';
	school_year_start(country, start_year, start);
	if (!start[0])
		return;
	if (country_is(country, "IR")) {
		/* 30 Dey of the Solar Hijri year whose Mehr opened the school year. */
		int gy, gm, gd;
		jalali_to_gregorian(start_year - 621, 10, 30, &gy, &gm, &gd);
		date_format_iso(gy, gm, gd, out_iso);
	} else if (country_is(country, "VN")) {
		date_format_iso(start_year + 1, 1, 17, out_iso);
	}
}

int attendance_term_of(const char *country, int start_year, const char *iso)
{
	char start[11], t1[11], end[11];
	if (!date_parse_iso(iso, NULL, NULL, NULL))
		return 0;
	school_year_start(country, start_year, start);
	school_year_end(country, start_year, end);
	attendance_term1_end(country, start_year, t1);
	if (!start[0] || !end[0] || !t1[0])
		return 0;
	if (strcmp(iso, start) < 0 || strcmp(iso, end) > 0)
		return 0;
	return strcmp(iso, t1) <= 0 ? 1 : 2;
}

void attendance_today(const char *country, int64_t now, char out_iso[11])
{
	int64_t offset = country_is(country, "VN")   ? 7 * 3600
			 : country_is(country, "IR") ? 3 * 3600 + 1800
						     : 0;
	char buf[32];
	time_iso8601(now + offset, buf, sizeof(buf));
	memcpy(out_iso, buf, 10);
	out_iso[10] = '\0';
}

int attendance_date_check(const char *country, int start_year, const char *iso, int64_t now,
			  struct problem *p)
{
	if (!date_parse_iso(iso, NULL, NULL, NULL))
		return problem_set(p, P_INVALID, "date",
				   "A date is written YYYY-MM-DD, like 2026-11-20.");
	char today[11];
	attendance_today(country, now, today);
	if (strcmp(iso, today) > 0)
		return problem_set(p, P_FUTURE, "date",
				   "Attendance cannot be taken for a day that has not come.");
	if (!attendance_term_of(country, start_year, iso))
		return problem_set(p, P_OUTSIDE_SCHOOL_YEAR, "date",
				   "The date lies outside the class's school year.");
	return ERR_OK;
}

/* ---- stored marks ---- */

/* A status column: ATT_NONE for NULL (no mark); an unknown word (never
 * stored: the table's CHECK) also reads as none. */
static int status_col(struct db_res *res, int col)
{
	if (db_null(res, col))
		return ATT_NONE;
	int s = attendance_status_parse(db_text(res, col, NULL));
	return s < 0 ? ATT_NONE : s;
}

/* The class's students and their marks for one date and period, by id. */
struct class_marks {
	int n;
	int64_t *students;
	int *status;
	const char **note;
};

static int class_marks_read(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			    const char *date, int period, struct class_marks *out)
{
	out->n = 0;
	out->students = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(int64_t));
	out->status = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(int));
	out->note = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(char *));
	if (!out->students || !out->status || !out->note)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(date),	  DBV_INT(period),	     DBV_INT(cls->org_id),
			     DBV_INT(cls->grade), DBV_INT(cls->school_year), DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_ATTENDANCE_CLASS_MARKS, v, ARRAY_SIZE(v), &res);
	int step = 0;
	bool nomem = false;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		int k = out->n++;
		out->students[k] = db_int(&res, C_ATTENDANCE_CLASS_MARKS__PERSON_ID);
		out->status[k] = status_col(&res, C_ATTENDANCE_CLASS_MARKS__STATUS);
		out->note[k] = db_dup_or_null(&res, C_ATTENDANCE_CLASS_MARKS__NOTE, a, &nomem);
		if (nomem)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int find_student(const struct class_marks *m, int64_t id)
{
	int lo = 0, hi = m->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (m->students[mid] == id)
			return mid;
		if (m->students[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static bool same_note(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* A save worked out on the stored marks: per entry the status it replaces
 * and whether it is written; the students written, in entry order. */
struct take_plan {
	int *olds;
	bool *write;
	int64_t *ids;
	int nids;
};

static int take_plan(struct arena *a, const struct attendance_save *s, const struct class_marks *m,
		     struct take_plan *w, struct problem *p)
{
	bool *seen = arena_calloc(a, (size_t)m->n + 1, sizeof(bool));
	w->olds = arena_calloc(a, (size_t)s->n + 1, sizeof(int));
	w->write = arena_calloc(a, (size_t)s->n + 1, sizeof(bool));
	w->ids = arena_calloc(a, (size_t)s->n + 1, sizeof(int64_t));
	if (!seen || !w->olds || !w->write || !w->ids)
		return problem_err(p, ERR_NOMEM);
	for (int i = 0; i < s->n; i++) {
		const struct attendance_entry *e = &s->entries[i];
		int at = find_student(m, e->student);
		if (at < 0 || seen[at])
			return problem_set(p, at < 0 ? P_NOT_IN_THIS_CLASS : P_DUPLICATE,
					   arena_printf(a, "entries[%d].student", i),
					   at < 0 ? "This student is not in the class."
						  : "This student is listed twice.");
		seen[at] = true;
		w->olds[i] = m->status[at];
		w->write[i] = m->status[at] != e->status || !same_note(m->note[at], e->note);
		if (w->write[i])
			w->ids[w->nids++] = e->student;
	}
	return ERR_OK;
}

/* Entry i's mark and, for a status that replaces another, its change. */
static int take_write(struct db_conn *c, const struct attendance_save *s, int i, int old,
		      int64_t now)
{
	const struct attendance_entry *e = &s->entries[i];
	struct db_val by = s->by_user ? DBV_INT(s->by_user) : DBV_NULL;
	const char *status = attendance_status_name(e->status);
	struct db_val v[] = {DBV_INT(e->student),
			     DBV_TEXT(s->date),
			     DBV_INT(s->period),
			     DBV_INT(s->cls->org_id),
			     DBV_INT(s->cls->id),
			     DBV_TEXT(status),
			     dbv_text_or_null(e->note),
			     by,
			     DBV_INT(now)};
	int rc = db_exec(c, Q_ATTENDANCE_UPSERT, v, ARRAY_SIZE(v), NULL);
	if (rc || old == ATT_NONE || old == e->status)
		return rc;
	struct db_val h[] = {DBV_INT(s->cls->org_id),
			     DBV_INT(e->student),
			     DBV_TEXT(s->date),
			     DBV_INT(s->period),
			     DBV_TEXT(attendance_status_name(old)),
			     DBV_TEXT(status),
			     by,
			     DBV_INT(now)};
	return db_exec(c, Q_ATTENDANCE_CHANGE_INSERT, h, ARRAY_SIZE(h), NULL);
}

int attendance_save_class(struct db_conn *c, struct arena *a, const struct attendance_save *s,
			  int *changed, struct problem *p)
{
	*changed = 0;
	struct class_marks m;
	int rc = class_marks_read(c, a, s->cls, s->date, s->period, &m);
	if (rc)
		return problem_err(p, rc);
	struct take_plan w = {0};
	rc = take_plan(a, s, &m, &w, p);
	if (rc)
		return rc;
	if (s->before_write && w.nids && (rc = s->before_write(c, s->ctx, w.ids, w.nids)))
		return problem_err(p, rc);
	int64_t now = time_now_unix();
	for (int i = 0; !rc && i < s->n; i++) {
		if (!w.write[i])
			continue;
		rc = take_write(c, s, i, w.olds[i], now);
		*changed += !rc;
	}
	return problem_err(p, rc);
}

int attendance_class_read(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  const char *date, int period, struct attendance_mark **items, int *n)
{
	*n = 0;
	*items = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(**items));
	if (!*items)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(date),	  DBV_INT(period),	     DBV_INT(cls->org_id),
			     DBV_INT(cls->grade), DBV_INT(cls->school_year), DBV_TEXT(cls->name)};
	int rc = db_query(c, Q_ATTENDANCE_CLASS_ROSTER, v, ARRAY_SIZE(v), &res);
	int step = 0;
	bool nomem = false;
	while (!rc && *n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		struct attendance_mark *m = &(*items)[(*n)++];
		m->student = db_int(&res, C_ATTENDANCE_CLASS_ROSTER__ID);
		m->given_name = db_dup(&res, C_ATTENDANCE_CLASS_ROSTER__GIVEN_NAME, a);
		m->family_name = db_dup(&res, C_ATTENDANCE_CLASS_ROSTER__FAMILY_NAME, a);
		m->status = status_col(&res, C_ATTENDANCE_CLASS_ROSTER__STATUS);
		m->note = db_dup_or_null(&res, C_ATTENDANCE_CLASS_ROSTER__NOTE, a, &nomem);
		if (!m->given_name || !m->family_name || nomem)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The dates that can hold marks of a school year in either country. */
static void year_range(int start_year, char lo[11], char hi[11])
{
	char ir[11], vn[11];
	school_year_start("IR", start_year, ir);
	school_year_start("VN", start_year, vn);
	memcpy(lo, strcmp(ir, vn) < 0 ? ir : vn, 11);
	school_year_end("IR", start_year, ir);
	school_year_end("VN", start_year, vn);
	memcpy(hi, strcmp(ir, vn) > 0 ? ir : vn, 11);
}

int attendance_student_year(struct db_conn *c, struct arena *a, int64_t person_id, int start_year,
			    struct attendance_year *out)
{
	memset(out, 0, sizeof(*out));
	out->school_year = start_year;
	out->records = arena_calloc(a, ATTENDANCE_RECORDS_MAX, sizeof(*out->records));
	if (!out->records)
		return ERR_NOMEM;
	char lo[11], hi[11];
	year_range(start_year, lo, hi);
	if (!lo[0] || !hi[0])
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_INT(person_id), DBV_TEXT(lo), DBV_TEXT(hi)};
	int rc = db_query(c, Q_ATTENDANCE_OF_PERSON, v, ARRAY_SIZE(v), &res);
	int step = 0;
	bool nomem = false;
	while (!rc && (step = db_next(&res)) == 1) {
		const char *date = db_text(&res, C_ATTENDANCE_OF_PERSON__DATE, NULL);
		int term = attendance_term_of(db_text(&res, C_ATTENDANCE_OF_PERSON__COUNTRY, NULL),
					      start_year, date);
		int status = status_col(&res, C_ATTENDANCE_OF_PERSON__STATUS);
		if (!term || status == ATT_NONE)
			continue; /* another school year where the school is */
		out->counts[term - 1][status]++;
		if (out->nrecords == ATTENDANCE_RECORDS_MAX)
			continue;
		struct attendance_record *r = &out->records[out->nrecords++];
		r->date = db_dup(&res, C_ATTENDANCE_OF_PERSON__DATE, a);
		r->period = (int)db_int(&res, C_ATTENDANCE_OF_PERSON__PERIOD);
		r->status = status;
		r->note = db_dup_or_null(&res, C_ATTENDANCE_OF_PERSON__NOTE, a, &nomem);
		r->class_id = db_int(&res, C_ATTENDANCE_OF_PERSON__CLASS_ID);
		if (!r->date || nomem)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* ---- a class's marks of a day ---- */

/* attendance_view_read's snapshot: the class decided, the day checked,
 * then its roster with the marks. */
static int attendance_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct attendance_view *x = ctx;
	int rc = class_load(c, by, x->id, CLASS_READ, 0, &x->cls, &x->d, &x->p);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
		return ERR_OK; /* refused (x->d, x->p): answered and recorded as such */
	/* A day in the future or outside the class's year has no marks to show:
	 * say so, as a save of that day would. */
	if (!rc)
		rc = attendance_date_check(x->cls.country, x->cls.school_year, x->date,
					   time_now_unix(), &x->p);
	if (!rc)
		rc = attendance_class_read(c, by->arena, &x->cls, x->date, x->period, &x->marks,
					   &x->nmarks);
	if (rc && rc != x->p.err)
		problem_err(&x->p, rc);
	return rc;
}

int attendance_view_read(struct db *db, const struct actor *by, struct attendance_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, attendance_view_work, x);
	if (rc)
		return rc;
	return class_audit_roster(by, &x->d, "attendance.read", x->id, x->marks, x->nmarks,
				  sizeof(*x->marks), offsetof(struct attendance_mark, student),
				  &x->audit, &x->naudit, &x->p);
}

/* ---- taking a class's marks ---- */

/* attendance_take_check's snapshot: the class decided (CLASS_ATTEND), the
 * day checked against its school year where the school is. */
static int attendance_take_work(struct db_conn *c, void *ctx)
{
	struct attendance_take *x = ctx;
	int rc = class_load(c, x->by, x->id, CLASS_ATTEND, 0, &x->cls, &x->d, &x->p);
	x->refused = rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN;
	if (rc)
		return rc;
	return attendance_date_check(x->cls.country, x->cls.school_year, x->date, time_now_unix(),
				     &x->p);
}

int attendance_take_check(struct db *db, struct attendance_take *x)
{
	if (!x->by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = work_read(db, attendance_take_work, x);
	if (!x->refused)
		return rc;
	/* A refused save is on record, naming the class (nothing changed). */
	int arc = class_audit_entries(x->by, &x->d, "attendance.update", x->id, NULL, 0, &x->audit,
				      &x->naudit);
	return arc ? problem_err(&x->p, arc) : rc;
}

/* Before the save writes anything: one entry per student it changes. */
static int take_audit(struct db_conn *c, void *ctx, const int64_t *students, int n)
{
	struct attendance_take *x = ctx;
	struct arena *a = x->by->arena;
	const char *subject =
		x->period ? arena_printf(a, "class:%" PRId64 " %s period %d", x->cls.id, x->date,
					 x->period)
			  : arena_printf(a, "class:%" PRId64 " %s day", x->cls.id, x->date);
	struct audit_entry *e = arena_calloc(a, (size_t)n, sizeof(*e));
	if (!subject || !e)
		return ERR_NOMEM;
	for (int i = 0; i < n; i++) {
		actor_audit_fill(x->by, &x->d, "attendance.update", students[i], &e[i]);
		e[i].subject = subject;
	}
	return audit_append(c, e, (size_t)n);
}

int attendance_take_tx(struct db_conn *c, void *ctx)
{
	struct attendance_take *x = ctx;
	struct attendance_save s = {.cls = &x->cls,
				    .date = x->date,
				    .period = x->period,
				    .entries = x->entries,
				    .n = x->n,
				    .by_user = x->by->who ? x->by->who->user_id : 0,
				    .before_write = take_audit,
				    .ctx = x};
	return attendance_save_class(c, x->by->arena, &s, &x->changed, &x->p);
}

/* ---- a student's year ---- */

/* attendance_student_read's snapshot: the student decided, then the year's
 * marks. */
static int attendance_student_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct attendance_student_view *x = ctx;
	int rc = student_year_read_as(c, by, x->id, &x->s, &x->d, &x->year, &x->p);
	if (rc || !x->d.allowed)
		return rc;
	return attendance_student_year(c, by->arena, x->id, x->year, &x->y);
}

int attendance_student_read(struct db *db, const struct actor *by,
			    struct attendance_student_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, attendance_student_work, x);
	if (rc)
		return rc;
	return actor_audit_student_read(by, &x->d, "attendance.read", x->id, &x->audit, &x->p);
}
