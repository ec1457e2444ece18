/*
 * attendance.c: the rules of attendance.h. Dates are strict ISO strings, so
 * they compare as strings.
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/teaching/attendance.h"
#include "domain/common/calendar.h"

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
		return problem_set(p, P_INVALID, "date", "A date is written YYYY-MM-DD, like 2026-11-20.");
	char today[11];
	attendance_today(country, now, today);
	if (strcmp(iso, today) > 0)
		return problem_set(p, P_FUTURE, "date", "Attendance cannot be taken for a day that has not come.");
	if (!attendance_term_of(country, start_year, iso))
		return problem_set(p, P_OUTSIDE_SCHOOL_YEAR, "date", "The date lies outside the class's school year.");
	return ERR_OK;
}

/* ---- stored marks ---- */

static const char *dup_col(struct arena *a, struct db_res *res, int col)
{
	if (db_null(res, col))
		return NULL;
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

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
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		int k = out->n++;
		out->students[k] = db_int(&res, 0);
		out->status[k] = status_col(&res, 1);
		out->note[k] = dup_col(a, &res, 2);
		if (!db_null(&res, 2) && !out->note[k])
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

int attendance_save_class(struct db_conn *c, struct arena *a, const struct attendance_save *s,
			  int *changed, struct problem *p)
{
	*changed = 0;
	struct class_marks m;
	int rc = class_marks_read(c, a, s->cls, s->date, s->period, &m);
	if (rc)
		return problem_err(p, rc);
	bool *seen = arena_calloc(a, (size_t)m.n + 1, sizeof(bool));
	int *olds = arena_calloc(a, (size_t)s->n + 1, sizeof(int));
	bool *write = arena_calloc(a, (size_t)s->n + 1, sizeof(bool));
	int64_t *ids = arena_calloc(a, (size_t)s->n + 1, sizeof(int64_t));
	if (!seen || !olds || !write || !ids)
		return problem_err(p, ERR_NOMEM);
	int nids = 0;
	for (int i = 0; i < s->n; i++) {
		const struct attendance_entry *e = &s->entries[i];
		int at = find_student(&m, e->student);
		if (at < 0 || seen[at])
			return problem_set(p, at < 0 ? P_NOT_IN_THIS_CLASS : P_DUPLICATE, arena_printf(a, "entries[%d].student", i), at < 0 ? "This student is not in the class."
						  : "This student is listed twice.");
		seen[at] = true;
		olds[i] = m.status[at];
		write[i] = m.status[at] != e->status || !same_note(m.note[at], e->note);
		if (write[i])
			ids[nids++] = e->student;
	}
	if (s->before_write && nids) {
		rc = s->before_write(c, s->ctx, ids, nids);
		if (rc)
			return problem_err(p, rc);
	}
	int64_t now = time_now_unix();
	struct db_val by = s->by_user ? DBV_INT(s->by_user) : DBV_NULL;
	for (int i = 0; !rc && i < s->n; i++) {
		const struct attendance_entry *e = &s->entries[i];
		if (!write[i])
			continue;
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
		rc = db_exec(c, Q_ATTENDANCE_UPSERT, v, ARRAY_SIZE(v), NULL);
		if (!rc && olds[i] != ATT_NONE && olds[i] != e->status) {
			struct db_val h[] = {DBV_INT(s->cls->org_id),
					     DBV_INT(e->student),
					     DBV_TEXT(s->date),
					     DBV_INT(s->period),
					     DBV_TEXT(attendance_status_name(olds[i])),
					     DBV_TEXT(status),
					     by,
					     DBV_INT(now)};
			rc = db_exec(c, Q_ATTENDANCE_CHANGE_INSERT, h, ARRAY_SIZE(h), NULL);
		}
		if (!rc)
			(*changed)++;
	}
	return rc ? problem_err(p, rc) : ERR_OK;
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
	while (!rc && *n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		struct attendance_mark *m = &(*items)[(*n)++];
		m->student = db_int(&res, 0);
		m->given_name = dup_col(a, &res, 1);
		m->family_name = dup_col(a, &res, 2);
		m->status = status_col(&res, 3);
		m->note = dup_col(a, &res, 4);
		if (!m->given_name || !m->family_name || (!db_null(&res, 4) && !m->note))
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
	while (!rc && (step = db_next(&res)) == 1) {
		const char *date = db_text(&res, 0, NULL);
		int term = attendance_term_of(db_text(&res, 5, NULL), start_year, date);
		int status = status_col(&res, 2);
		if (!term || status == ATT_NONE)
			continue; /* another school year where the school is */
		out->counts[term - 1][status]++;
		if (out->nrecords == ATTENDANCE_RECORDS_MAX)
			continue;
		struct attendance_record *r = &out->records[out->nrecords++];
		r->date = arena_strdup(a, date);
		r->period = (int)db_int(&res, 1);
		r->status = status;
		r->note = dup_col(a, &res, 3);
		r->class_id = db_int(&res, 4);
		if (!r->date || (!db_null(&res, 3) && !r->note))
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}
