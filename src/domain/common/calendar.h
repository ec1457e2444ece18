/*
 * calendar.h: civil dates, the Solar Hijri (Jalali) calendar and school years.
 *
 * Dates travel as ISO 8601 strings "YYYY-MM-DD" in the Gregorian calendar;
 * Jalali dates exist only for display and for reading dates people type in
 * Iran. Nothing here reads the clock or the locale.
 */
#ifndef TABULA_DOMAIN_CALENDAR_H
#define TABULA_DOMAIN_CALENDAR_H

#include "core/err.h"

/* Years a stored date may have. */
#define DATE_YEAR_MIN 1900
#define DATE_YEAR_MAX 2199

/* Years a school year may start in (it ends in the next one, at most 2100). */
#define SCHOOL_YEAR_MIN 1990
#define SCHOOL_YEAR_MAX 2099

/* Parse exactly "YYYY-MM-DD" with ASCII digits (callers convert Persian digits
 * first, see text_digits_ascii) naming a real Gregorian date with a year in
 * DATE_YEAR_MIN..DATE_YEAR_MAX. On success sets those of y, m, d that are not
 * NULL; on failure leaves them untouched. */
bool date_parse_iso(const char *s, int *y, int *m, int *d);

/* Write y-m-d as "YYYY-MM-DD" into out. The date must be valid, with y in
 * 0..9999. */
void date_format_iso(int y, int m, int d, char out[11]);

/* Days in Gregorian month m (1..12) of year y; 0 for a month out of range. */
int date_days_in_month(int y, int m);

/*
 * Solar Hijri (Jalali), the civil calendar of Iran. The conversions use the
 * break-year arithmetic of jalaali-js (Borkowski's algorithm: 33-year cycles
 * with corrections), which agrees with the official calendar for 1178-1633 AP;
 * 1 Farvardin 1404 is 2025-03-21. Jalali input years must be
 * JALALI_YEAR_MIN..JALALI_YEAR_MAX and Gregorian input years 1799..2254
 * (JALALI_YEAR_MIN + 621 .. JALALI_YEAR_MAX + 621); the arguments must name a
 * real date (see jalali_valid, date_days_in_month). Both are asserted.
 */
#define JALALI_YEAR_MIN 1178
#define JALALI_YEAR_MAX 1633

/* True if Jalali year jy (JALALI_YEAR_MIN..MAX) has 366 days (30 Esfand). */
bool jalali_is_leap(int jy);

/* True if jy/jm/jd is a real Jalali date with jy in JALALI_YEAR_MIN..MAX.
 * Months 1-6 have 31 days, 7-11 have 30, Esfand (12) 29 or 30. */
bool jalali_valid(int jy, int jm, int jd);

void jalali_to_gregorian(int jy, int jm, int jd, int *gy, int *gm, int *gd);
void gregorian_to_jalali(int gy, int gm, int gd, int *jy, int *jm, int *jd);

/* Parse "2025-2026": four ASCII digits, '-', four digits; the second year is
 * the first plus one and the first is SCHOOL_YEAR_MIN..SCHOOL_YEAR_MAX.
 * Sets *start_year, or fills p (field "school_year") and returns ERR_INVALID. */
int school_year_parse(const char *s, int *start_year, struct problem *p);

/*
 * First and last day of the school year that starts in start_year
 * (DATE_YEAR_MIN - 1 .. DATE_YEAR_MAX) in a country ("IR" or "VN"):
 *   IR: 1 Mehr of the Solar Hijri year that begins in March of start_year
 *       (2025 -> 1 Mehr 1404 = 2025-09-23) to 31 Khordad of the next Solar
 *       Hijri year (2026-06-21);
 *   VN: 5 September (the national opening day) to 31 May of start_year + 1.
 * An unknown country or a year out of range writes "" into out_iso.
 */
void school_year_start(const char *country, int start_year, char out_iso[11]);
void school_year_end(const char *country, int start_year, char out_iso[11]);

/* The start year of the school year that the ISO date falls in: a date before
 * that year's start (summer holidays included) belongs to the one before.
 * ERR_INVALID for an unknown country or a date date_parse_iso refuses. */
int school_year_of_date(const char *country, const char *iso);

#endif
