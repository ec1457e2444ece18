/*
 * calendar.c: working weeks, holiday files and their rows (calendar.h).
 */
#include "core/base.h"
#include "core/json.h"
#include "db/db.h"
#include "domain/common/calendar.h"
#include "domain/common/instant.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/support/calendar.h"

static const char *const wday_keys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* "HH:MM" (00:00..24:00) as minutes, or -1. */
static int hhmm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || m > 59 || (h == 24 && m))
		return -1;
	return h * 60 + m;
}

static int week_bad(struct problem *p, const char *detail)
{
	return problem_set(p, P_INVALID, "week", detail);
}

int support_week_parse(const char *text, struct support_calendar *out, struct problem *p)
{
	memset(out->nintervals, 0, sizeof(out->nintervals));
	json_t *w = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	if (!json_is_object(w)) {
		json_decref(w);
		return week_bad(p, "The working week is not a JSON object.");
	}
	int rc = ERR_OK, total = 0;
	if (json_object_size(w) != 7)
		rc = week_bad(p, "The working week names each day, sun to sat, once.");
	for (int d = 0; !rc && d < 7; d++) {
		json_t *day = json_object_get(w, wday_keys[d]);
		if (!json_is_array(day) || json_array_size(day) > SUPPORT_DAY_INTERVALS) {
			rc = week_bad(p, "Each day is a list of at most four [start, end] times.");
			break;
		}
		int last = -1;
		for (size_t i = 0; i < json_array_size(day); i++) {
			json_t *iv = json_array_get(day, i);
			int s = json_is_array(iv) && json_array_size(iv) == 2
					? hhmm(json_string_value(json_array_get(iv, 0)))
					: -1;
			int e = s >= 0 ? hhmm(json_string_value(json_array_get(iv, 1))) : -1;
			if (s < 0 || e <= s || s < last) {
				rc = week_bad(p,
					      "Each interval is [\"HH:MM\", \"HH:MM\"], starting "
					      "before it ends and after the one before.");
				break;
			}
			out->intervals[d][i][0] = s;
			out->intervals[d][i][1] = e;
			out->nintervals[d]++;
			total += e - s;
			last = e;
		}
	}
	if (!rc && !total)
		rc = week_bad(p, "The working week has no working time.");
	json_decref(w);
	return rc;
}

const char *support_week_json(struct arena *a, const struct support_calendar *c)
{
	/* Saturday first: the week as Iran counts it; JSON order is for people. */
	static const int order[7] = {6, 0, 1, 2, 3, 4, 5};
	char buf[1024];
	size_t n = 0;
	buf[n++] = '{';
	for (int k = 0; k < 7; k++) {
		int d = order[k];
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s\"%s\":[", k ? "," : "",
				      wday_keys[d]);
		for (int i = 0; i < c->nintervals[d]; i++) {
			int s = c->intervals[d][i][0], e = c->intervals[d][i][1];
			n += (size_t)snprintf(buf + n, sizeof(buf) - n,
					      "%s[\"%02d:%02d\",\"%02d:%02d\"]", i ? "," : "",
					      s / 60, s % 60, e / 60, e % 60);
		}
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "]");
	}
	snprintf(buf + n, sizeof(buf) - n, "}");
	return arena_strdup(a, buf);
}

int support_calendar_load(struct db_conn *c, struct arena *a, const char *country,
			  struct support_calendar *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	struct db_res res;
	struct db_val v = DBV_TEXT(country ? country : "");
	int rc = db_row(c, Q_SUPPORT_CALENDAR_GET, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_SUPPORT_CALENDAR_UNKNOWN, "country", NULL);
	if (rc)
		return problem_err(p, rc);
	out->country = db_dup(&res, C_SUPPORT_CALENDAR_GET__COUNTRY, a);
	out->time_zone = db_dup(&res, C_SUPPORT_CALENDAR_GET__TIME_ZONE, a);
	const char *week = db_dup(&res, C_SUPPORT_CALENDAR_GET__WEEK, a);
	db_done(&res);
	if (!out->country || !out->time_zone || !week)
		return problem_err(p, ERR_NOMEM);
	if (!zone_offset(out->time_zone, &out->offset))
		return problem_set(p, P_UNKNOWN_TIME_ZONE, "time_zone", NULL);
	rc = support_week_parse(week, out, p);
	if (rc)
		return rc;
	int cap = 64, step = 0;
	out->holidays = arena_alloc(a, sizeof(int32_t) * (size_t)cap);
	if (!out->holidays)
		return problem_err(p, ERR_NOMEM);
	rc = db_query(c, Q_SUPPORT_HOLIDAY_DAYS, &v, 1, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		int y, m, d;
		if (!date_parse_iso(db_text(&res, C_SUPPORT_HOLIDAY_DAYS__DATE, NULL), &y, &m, &d))
			continue;
		if (out->nholidays == cap) {
			int32_t *more = arena_alloc(a, sizeof(int32_t) * (size_t)cap * 2);
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, out->holidays, sizeof(int32_t) * (size_t)cap);
			out->holidays = more;
			cap *= 2;
		}
		out->holidays[out->nholidays++] = (int32_t)day_from_civil(y, m, d);
	}
	db_done(&res);
	rc = rc ? rc : step < 0 ? step : ERR_OK;
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* ---- holiday files ---- */

/* A fault of the file: the field at fault (in a; "holidays" if a ran
 * out) and why. */
static int holidays_bad(struct problem *p, struct arena *a, const char *field, const char *detail)
{
	(void)a;
	return problem_set(p, P_INVALID_HOLIDAYS, field ? field : "holidays", detail);
}

static int cmp_holiday(const void *x, const void *y)
{
	return strcmp(((const struct support_holiday *)x)->date,
		      ((const struct support_holiday *)y)->date);
}

/* Whether the Gregorian y-m-d falls in the file's year. */
static bool in_year(const char *country, int year, int y, int m, int d)
{
	if (!strcmp(country, "VN"))
		return y == year;
	if (y < JALALI_YEAR_MIN + 621 || y > JALALI_YEAR_MAX + 621)
		return false;
	int jy, jm, jd;
	gregorian_to_jalali(y, m, d, &jy, &jm, &jd);
	return jy == year;
}

static int holiday_read(struct arena *a, const char *country, int year, json_t *h, size_t i,
			struct support_holiday *out, struct problem *p)
{
	const char *at = arena_printf(a, "holidays[%zu]", i);
	if (!at)
		return problem_err(p, ERR_NOMEM);
	if (!json_is_object(h))
		return holidays_bad(p, a, at,
				    "A holiday is an object with a date, a calendar "
				    "and names.");
	const char *date = json_string_value(json_object_get(h, "date"));
	const char *jdate = json_string_value(json_object_get(h, "jdate"));
	const char *cal = json_string_value(json_object_get(h, "calendar"));
	const char *f = arena_printf(a, "%s.calendar", at);
	if (!cal || (strcmp(cal, "gregorian") && strcmp(cal, "solar_hijri") &&
		     strcmp(cal, "lunar_hijri") && strcmp(cal, "lunisolar")))
		return holidays_bad(p, a, f,
				    "The calendar is gregorian, solar_hijri, lunar_hijri "
				    "or lunisolar.");
	int y, m, d;
	if (!date == !jdate)
		return holidays_bad(p, a, arena_printf(a, "%s.date", at),
				    "A holiday has either a date or a jdate.");
	if (jdate) {
		f = arena_printf(a, "%s.jdate", at);
		int jy = 0, jm = 0, jd = 0;
		char tail = 0;
		if (strcmp(cal, "solar_hijri"))
			return holidays_bad(p, a, f,
					    "A jdate is a Solar Hijri day: its calendar is "
					    "solar_hijri.");
		if (strlen(jdate) != 10 ||
		    sscanf(jdate, "%4d-%2d-%2d%c", &jy, &jm, &jd, &tail) != 3 ||
		    !jalali_valid(jy, jm, jd))
			return holidays_bad(p, a, f,
					    "A jdate is a real Solar Hijri date, "
					    "YYYY-MM-DD.");
		if (jy != year || strcmp(country, "IR"))
			return holidays_bad(p, a, f, "The day is not in the file's year.");
		jalali_to_gregorian(jy, jm, jd, &y, &m, &d);
	} else {
		f = arena_printf(a, "%s.date", at);
		if (!date_parse_iso(date, &y, &m, &d))
			return holidays_bad(p, a, f,
					    "A date is a real Gregorian date, YYYY-MM-DD.");
		if (!in_year(country, year, y, m, d))
			return holidays_bad(p, a, f, "The day is not in the file's year.");
	}
	date_format_iso(y, m, d, out->date);
	out->calendar = arena_strdup(a, cal);
	json_t *names = json_object_get(h, "names");
	f = arena_printf(a, "%s.names", at);
	if (!json_is_object(names))
		return holidays_bad(p, a, f, "A holiday has names in fa, vi and en.");
	json_t *clean = json_object();
	static const char *const langs[] = {"fa", "vi", "en"};
	for (size_t k = 0; clean && k < ARRAY_SIZE(langs); k++) {
		const char *s = json_string_value(json_object_get(names, langs[k]));
		size_t len = s ? strlen(s) : 0;
		if (!len || !utf8_valid(s, len) || utf8_length(s, len) > 200) {
			json_decref(clean);
			return holidays_bad(p, a, arena_printf(a, "%s.%s", f, langs[k]),
					    "A holiday has a name of 1 to 200 characters in fa, vi "
					    "and en.");
		}
		json_object_set_new(clean, langs[k], json_string(s));
	}
	char *dump = clean ? json_dumps(clean, JSON_COMPACT) : NULL;
	json_decref(clean);
	out->names = dump ? arena_strdup(a, dump) : NULL;
	free(dump);
	if (!out->names || !out->calendar)
		return problem_err(p, ERR_NOMEM);
	return ERR_OK;
}

int support_holiday_file_parse(struct arena *a, const char *text, size_t len,
			       struct support_holiday_file *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	static const struct json_limits lim = {.max_depth = 8, .max_string = 4096};
	json_t *root = NULL;
	int rc = json_decode_object(text, len, &lim, &root, p);
	if (rc)
		return rc;
	const char *country = json_string_value(json_object_get(root, "country"));
	json_t *jy = json_object_get(root, "year");
	json_t *days = json_object_get(root, "holidays");
	if (!country || (strcmp(country, "IR") && strcmp(country, "VN"))) {
		rc = holidays_bad(p, a, "country", "The country is IR or VN.");
	} else if (!json_is_integer(jy) ||
		   (!strcmp(country, "IR") ? json_integer_value(jy) < JALALI_YEAR_MIN + 200 ||
						     json_integer_value(jy) > JALALI_YEAR_MAX - 100
					   : json_integer_value(jy) < DATE_YEAR_MIN + 100 ||
						     json_integer_value(jy) > DATE_YEAR_MAX - 99)) {
		rc = holidays_bad(p, a, "year",
				  "The year is a Solar Hijri year for IR (1378..1533), a Gregorian "
				  "one for VN (2000..2100).");
	} else if (!json_is_array(days) || !json_array_size(days) ||
		   json_array_size(days) > SUPPORT_HOLIDAYS_MAX) {
		rc = holidays_bad(p, a, "holidays", "The file lists 1 to 64 holidays.");
	}
	if (!rc) {
		out->country = arena_strdup(a, country);
		out->year = (int)json_integer_value(jy);
		out->n = (int)json_array_size(days);
		out->days = arena_calloc(a, (size_t)out->n, sizeof(*out->days));
		if (!out->country || !out->days)
			rc = problem_err(p, ERR_NOMEM);
	}
	for (int i = 0; !rc && i < out->n; i++)
		rc = holiday_read(a, out->country, out->year, json_array_get(days, (size_t)i),
				  (size_t)i, &out->days[i], p);
	json_decref(root);
	if (rc)
		return rc;
	qsort(out->days, (size_t)out->n, sizeof(*out->days), cmp_holiday);
	for (int i = 1; i < out->n; i++)
		if (!strcmp(out->days[i].date, out->days[i - 1].date))
			return holidays_bad(
				p, a, "holidays",
				arena_printf(a, "The file names %s twice.", out->days[i].date));
	return ERR_OK;
}

int support_holidays_replace(struct db_conn *c, const struct support_holiday_file *f,
			     struct problem *p)
{
	for (int i = 0; i < f->n; i++) {
		struct db_val v[] = {DBV_TEXT(f->country), DBV_TEXT(f->days[i].date),
				     DBV_INT(f->year)};
		struct db_res res;
		int rc = db_row(c, Q_SUPPORT_HOLIDAY_TAKEN, v, 3, &res);
		if (rc == ERR_OK) {
			db_done(&res);
			return problem_set(p, P_SUPPORT_HOLIDAY_TAKEN, "holidays", NULL);
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(p, rc);
	}
	struct db_val k[] = {DBV_TEXT(f->country), DBV_INT(f->year)};
	int rc = db_exec(c, Q_SUPPORT_HOLIDAYS_DELETE, k, 2, NULL);
	for (int i = 0; !rc && i < f->n; i++) {
		struct db_val v[] = {DBV_TEXT(f->country), DBV_INT(f->year),
				     DBV_TEXT(f->days[i].date), DBV_TEXT(f->days[i].names),
				     DBV_TEXT(f->days[i].calendar)};
		rc = db_exec(c, Q_SUPPORT_HOLIDAY_INSERT, v, 5, NULL);
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* ---- the calendars API ---- */

static int view_read(struct db_conn *c, void *ctx)
{
	struct support_calendar_view *x = ctx;
	struct arena *a = x->by->arena;
	x->n = 0;
	int rc = support_calendar_load(c, a, x->country, &x->cal, &x->p);
	if (rc)
		return rc;
	x->week = support_week_json(a, &x->cal);
	if (!x->week)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_val v[] = {DBV_TEXT(x->country), DBV_INT(x->year), DBV_INT(x->year)};
	struct db_res res;
	int cap = 0, step = 0;
	rc = db_query(c, Q_SUPPORT_HOLIDAYS_LIST, v, 3, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == cap) {
			int more = cap ? cap * 2 : 64;
			struct support_holiday_row *rows =
				arena_calloc(a, (size_t)more, sizeof(*rows));
			if (!rows) {
				rc = ERR_NOMEM;
				break;
			}
			if (x->n)
				memcpy(rows, x->rows, sizeof(*rows) * (size_t)x->n);
			x->rows = rows;
			cap = more;
		}
		struct support_holiday_row *h = &x->rows[x->n++];
		h->year = (int)db_int(&res, C_SUPPORT_HOLIDAYS_LIST__YEAR);
		h->date = db_dup(&res, C_SUPPORT_HOLIDAYS_LIST__DATE, a);
		h->calendar = db_dup(&res, C_SUPPORT_HOLIDAYS_LIST__CALENDAR, a);
		h->names = db_dup(&res, C_SUPPORT_HOLIDAYS_LIST__NAMES, a);
		if (!h->date || !h->calendar || !h->names)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	rc = rc ? rc : step < 0 ? step : ERR_OK;
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

int support_calendar_view_read(struct db *db, struct support_calendar_view *x)
{
	int rc = work_read(db, view_read, x);
	if (rc && !x->p.id)
		problem_err(&x->p, rc);
	return rc;
}

int support_holidays_put_decode(struct arena *a, struct support_holidays_put *x)
{
	int rc = support_holiday_file_parse(a, x->text, x->len, &x->file, &x->p);
	if (rc)
		return rc;
	if (strcmp(x->file.country, x->country))
		return problem_set(&x->p, P_INVALID_HOLIDAYS, "country",
				   "The file is for another country than the address names.");
	if (x->file.year != x->year)
		return problem_set(&x->p, P_INVALID_HOLIDAYS, "year",
				   "The file is for another year than the address names.");
	return ERR_OK;
}

/* Whether p may load the holidays of country: a ministry_admin bound to no
 * org, or to the ministry of that country. */
static int may_load(struct db_conn *c, const struct principal *p, const char *country, bool *ok)
{
	*ok = false;
	for (int i = 0; p && i < p->ngrants && !*ok; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role != ROLE_MINISTRY_ADMIN)
			continue;
		if (!g->org_id) {
			*ok = true;
			break;
		}
		struct db_val v = DBV_INT(g->org_id);
		struct db_res res;
		int rc = db_row(c, Q_SUPPORT_ORG_KIND_COUNTRY, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc)
			return rc;
		*ok = !strcmp(db_text(&res, C_SUPPORT_ORG_KIND_COUNTRY__KIND, NULL), "ministry") &&
		      !strcmp(db_text(&res, C_SUPPORT_ORG_KIND_COUNTRY__COUNTRY, NULL), country);
		db_done(&res);
	}
	return ERR_OK;
}

int support_holidays_put_tx(struct db_conn *c, void *ctx)
{
	struct support_holidays_put *x = ctx;
	x->loaded = 0;
	bool ok;
	int rc = may_load(c, x->by ? x->by->who : NULL, x->country, &ok);
	if (rc)
		return problem_err(&x->p, rc);
	if (!ok)
		return problem_set(&x->p, P_OUT_OF_SCOPE, NULL,
				   "Only the ministry of this country loads its holidays.");
	struct db_val v = DBV_TEXT(x->country);
	struct db_res res;
	rc = db_row(c, Q_SUPPORT_CALENDAR_GET, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_SUPPORT_CALENDAR_UNKNOWN, "country", NULL);
	if (rc)
		return problem_err(&x->p, rc);
	db_done(&res);
	rc = support_holidays_replace(c, &x->file, &x->p);
	if (!rc)
		x->loaded = x->file.n;
	return rc;
}

struct load_ctx {
	const struct support_holiday_file *f;
	struct problem *p;
};

static int load_tx(struct db_conn *c, void *arg)
{
	struct load_ctx *x = arg;
	struct db_val v = DBV_TEXT(x->f->country);
	struct db_res res;
	int rc = db_row(c, Q_SUPPORT_CALENDAR_GET, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(x->p, P_SUPPORT_CALENDAR_UNKNOWN, "country", NULL);
	if (rc)
		return problem_err(x->p, rc);
	db_done(&res);
	return support_holidays_replace(c, x->f, x->p);
}

int support_holidays_load(struct db *db, struct arena *a, const char *text, size_t len,
			  struct support_holiday_file *out, struct problem *p)
{
	int rc = support_holiday_file_parse(a, text, len, out, p);
	if (rc)
		return rc;
	struct load_ctx x = {out, p};
	rc = work_write(db, load_tx, &x);
	if (rc && !p->id)
		problem_err(p, rc);
	return rc;
}

/* ---- the embedded files, for `tabula migrate` ---- */

struct seed_ctx {
	struct arena *a;
	int loaded;
};

static int seed_tx(struct db_conn *c, void *arg)
{
	struct seed_ctx *x = arg;
	x->loaded = 0;
	for (size_t i = 0; i < support_holiday_files_count; i++) {
		const struct support_embedded_file *e = &support_holiday_files[i];
		struct support_holiday_file f;
		struct problem p = {0};
		if (support_holiday_file_parse(x->a, e->text, e->len, &f, &p))
			return ERR_INVALID; /* the build checked them: never */
		struct db_val k[] = {DBV_TEXT(f.country), DBV_INT(f.year)};
		struct db_res res;
		int rc = db_row(c, Q_SUPPORT_HOLIDAYS_COUNT, k, 2, &res);
		if (rc)
			return rc;
		int64_t n = db_int(&res, C_SUPPORT_HOLIDAYS_COUNT__N);
		db_done(&res);
		if (n)
			continue;
		rc = support_holidays_replace(c, &f, &p);
		if (rc == ERR_CONFLICT)
			continue; /* a day another file holds: the rows loaded win */
		if (rc)
			return rc;
		x->loaded++;
	}
	return ERR_OK;
}

int support_holidays_seed(struct db *db, int *loaded)
{
	struct arena a;
	arena_init(&a, 64 * 1024, 0);
	struct seed_ctx x = {.a = &a};
	int rc = work_write(db, seed_tx, &x);
	*loaded = rc ? 0 : x.loaded;
	arena_release(&a);
	return rc;
}
