/*
 * calendar.h: a country's working time for the support clock
 * (docs/support.md, "Calendars and holidays").
 *
 * A calendar is the working week of support_calendars.week (local
 * [start, end) intervals per weekday) in the country's fixed zone
 * (domain/common/instant), and the public holidays of support_holidays as
 * local day numbers. Holidays come from files, one per country and year
 * (data/support/holidays/IR-1405.json ...): embedded at build, loaded by
 * `tabula migrate` for a (country, year) without rows, replaced by
 * `tabula support holidays` and PUT /api/v1/support/calendars/{c}/holidays/{y}.
 */
#ifndef TABULA_DOMAIN_SUPPORT_CALENDAR_H
#define TABULA_DOMAIN_SUPPORT_CALENDAR_H

#include "core/arena.h"
#include "core/err.h"

struct db_conn;
struct db;

/* Intervals a weekday may have. */
#define SUPPORT_DAY_INTERVALS 4
/* Holidays one file may name. */
#define SUPPORT_HOLIDAYS_MAX 64

/* One country's working time. */
struct support_calendar {
	const char *country;   /* IR | VN */
	const char *time_zone; /* Asia/Tehran ... */
	int offset;	       /* seconds east of UTC of time_zone */
	/* intervals[wday][i] = [start_min, end_min) local minutes since
	 * midnight, sorted and apart; wday 0 = Sunday .. 6 = Saturday. */
	int nintervals[7];
	int intervals[7][SUPPORT_DAY_INTERVALS][2];
	int nholidays;
	int32_t *holidays; /* sorted local day numbers (days since 1970-01-01) */
};

/*
 * Read a working week, {"sat":[["08:00","16:00"]], ..., "fri":[]}: every
 * weekday named once ("sun".."sat"), each a list of at most
 * SUPPORT_DAY_INTERVALS ["HH:MM","HH:MM"] pairs (00:00..24:00), each
 * starting before it ends and after the one before ends; at least one
 * minute of work in the week. ERR_OK, or ERR_INVALID with p (field
 * "week").
 */
int support_week_parse(const char *json, struct support_calendar *out, struct problem *p);

/* The week of c as JSON text in a ({"sat":[["08:00","16:00"]],...}, Saturday
 * first), NULL if memory ran out. */
const char *support_week_json(struct arena *a, const struct support_calendar *c);

/* Load a country's calendar (its week and every holiday row) into out, in
 * a. ERR_NOTFOUND with p (support_calendar_unknown) when the country has
 * none. */
int support_calendar_load(struct db_conn *c, struct arena *a, const char *country,
			  struct support_calendar *out, struct problem *p);

/* ---- holidays ---- */

struct support_holiday {
	char date[11];	      /* Gregorian "YYYY-MM-DD" */
	const char *calendar; /* gregorian | solar_hijri | lunar_hijri | lunisolar */
	const char *names;    /* JSON {"fa","vi","en"} (compact) */
};

/* A holiday file: {"country","year","holidays":[{"date"|"jdate",
 * "calendar","names":{"fa","vi","en"}}]}. */
struct support_holiday_file {
	const char *country;
	int year; /* Solar Hijri for IR, Gregorian for VN */
	int n;
	struct support_holiday *days; /* sorted by date */
};

/*
 * Read a holiday file from len bytes at text, in a. Checks: a known
 * country; a year in range; each day a real date ("date" Gregorian, or
 * "jdate" Solar Hijri "1405-01-01", converted) inside the year it names
 * (the Solar Hijri year for IR, with a lunar Hijri day allowed anywhere
 * in it), a known calendar (solar_hijri only with jdate), names in fa, vi
 * and en (1..200 characters), no date twice; at most
 * SUPPORT_HOLIDAYS_MAX days. ERR_OK, or a problem with the field at fault
 * (ERR_BADREQUEST for JSON that is not an object, ERR_INVALID otherwise).
 */
int support_holiday_file_parse(struct arena *a, const char *text, size_t len,
			       struct support_holiday_file *out, struct problem *p);

/* Replace the rows of (f->country, f->year) with f's days. ERR_CONFLICT
 * with p (support_holiday_taken, field "holidays") if a day is held by
 * another year of the country. */
int support_holidays_replace(struct db_conn *c, const struct support_holiday_file *f,
			     struct problem *p);

/* Read a holiday file and replace its (country, year) rows, as the
 * operator (`tabula support holidays`: no access check). ERR_OK with *out
 * read, or p. */
int support_holidays_load(struct db *db, struct arena *a, const char *text, size_t len,
			  struct support_holiday_file *out, struct problem *p);

/* Load every embedded holiday file whose (country, year) has no rows yet;
 * *loaded counts the files loaded. For `tabula migrate`. */
int support_holidays_seed(struct db *db, int *loaded);

/* ---- the calendars API (GET and PUT /api/v1/support/calendars/...) ---- */

struct actor;

/* A holiday row as people read it. */
struct support_holiday_row {
	int year;
	const char *date, *calendar, *names; /* names: JSON text */
};

/* GET: a country's calendar and its holidays (of one year, or all: year
 * 0), for anyone signed in. In by->arena. */
struct support_calendar_view {
	const struct actor *by;
	const char *country;
	int year;
	struct support_calendar cal;
	const char *week; /* JSON text */
	int n;
	struct support_holiday_row *rows;
	struct problem p;
};
int support_calendar_view_read(struct db *db, struct support_calendar_view *x);

/* PUT: replace (country, year)'s holidays with a file, as a national
 * ministry_admin or one bound to the country's ministry. The file must
 * name the same country and year (invalid_holidays, field country or
 * year). ERR_OK with `loaded` days. */
struct support_holidays_put {
	struct actor *by;
	const char *country;
	int year;
	const char *text; /* the file */
	size_t len;
	struct support_holiday_file file;
	int loaded;
	struct problem p;
};
/* Read the file (no I/O): call before the write; ERR_OK or x->p. */
int support_holidays_put_decode(struct arena *a, struct support_holidays_put *x);
int support_holidays_put_tx(struct db_conn *c, void *ctx);

/* The embedded holiday files (build/gen/holidays.c, from
 * data/support/holidays/ by tools/embed_holidays.sh). */
struct support_embedded_file {
	const char *name; /* "IR-1405.json" */
	const char *text;
	size_t len;
};
extern const struct support_embedded_file support_holiday_files[];
extern const size_t support_holiday_files_count;

#endif
