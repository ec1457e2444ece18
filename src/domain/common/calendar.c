#include "core/base.h"
#include "domain/common/calendar.h"

static bool is_leap_gregorian(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap_gregorian(y) ? 29 : days[m - 1];
}

/* The value of n ASCII digits at s, or -1 if one of them is not a digit. */
static int digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool date_parse_iso(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int yy = digits_value(s, 4), mm = digits_value(s + 5, 2), dd = digits_value(s + 8, 2);
	if (yy < DATE_YEAR_MIN || yy > DATE_YEAR_MAX || mm < 1 || mm > 12 || dd < 1 ||
	    dd > date_days_in_month(yy, mm))
		return false;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return true;
}

static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

void date_format_iso(int y, int m, int d, char out[11])
{
	assert(y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, d, 2);
	out[10] = '\0';
}

/*
 * Solar Hijri arithmetic, transcribed from jalaali-js (MIT), which follows
 * Kazimierz M. Borkowski, "The Persian calendar for 3000 years" (1996).
 * jalaali-js divides with truncation toward zero, as C does; in the years
 * allowed here every operand that matters is positive anyway.
 */

/* Jalali years in which the pattern of leap years changes. */
static const int jalali_breaks[] = {-61,  9,	38,   199,  426,  686,	756,  818,  1111, 1181,
				    1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};

struct jalali_year {
	int leap;  /* years since the last leap year; 0: this one is leap */
	int gy;	   /* Gregorian year in which the Jalali year begins */
	int march; /* day in March of that year which is 1 Farvardin */
};

static void jalali_cal(int jy, struct jalali_year *r)
{
	assert(jy >= jalali_breaks[0] && jy < jalali_breaks[ARRAY_SIZE(jalali_breaks) - 1]);
	int gy = jy + 621;
	int leap_j = -14;
	int jp = jalali_breaks[0];
	int jump = 0;
	for (size_t i = 1; i < ARRAY_SIZE(jalali_breaks); i++) {
		int jm = jalali_breaks[i];
		jump = jm - jp;
		if (jy < jm)
			break;
		leap_j += jump / 33 * 8 + jump % 33 / 4;
		jp = jm;
	}
	int n = jy - jp;
	/* Leap years from AD 621 to the start of jy, in both calendars. */
	leap_j += n / 33 * 8 + (n % 33 + 3) / 4;
	if (jump % 33 == 4 && jump - n == 4)
		leap_j++;
	int leap_g = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
	r->gy = gy;
	r->march = 20 + leap_j - leap_g;
	/* Years since the last leap year. */
	if (jump - n < 6)
		n = n - jump + (jump + 4) / 33 * 33;
	int leap = ((n + 1) % 33 - 1) % 4;
	r->leap = leap == -1 ? 4 : leap;
}

/* Julian day number of a Gregorian date. */
static int g2d(int gy, int gm, int gd)
{
	int d = (gy + (gm - 8) / 6 + 100100) * 1461 / 4 + (153 * ((gm + 9) % 12) + 2) / 5 + gd -
		34840408;
	return d - (gy + 100100 + (gm - 8) / 6) / 100 * 3 / 4 + 752;
}

static void d2g(int jdn, int *gy, int *gm, int *gd)
{
	int j = 4 * jdn + 139361631;
	j = j + (4 * jdn + 183187720) / 146097 * 3 / 4 * 4 - 3908;
	int i = j % 1461 / 4 * 5 + 308;
	*gd = i % 153 / 5 + 1;
	*gm = i / 153 % 12 + 1;
	*gy = j / 1461 - 100100 + (8 - *gm) / 6;
}

bool jalali_is_leap(int jy)
{
	assert(jy >= JALALI_YEAR_MIN && jy <= JALALI_YEAR_MAX);
	struct jalali_year r;
	jalali_cal(jy, &r);
	return r.leap == 0;
}

bool jalali_valid(int jy, int jm, int jd)
{
	if (jy < JALALI_YEAR_MIN || jy > JALALI_YEAR_MAX || jm < 1 || jm > 12 || jd < 1)
		return false;
	if (jm <= 6)
		return jd <= 31;
	if (jm <= 11)
		return jd <= 30;
	return jd <= (jalali_is_leap(jy) ? 30 : 29);
}

void jalali_to_gregorian(int jy, int jm, int jd, int *gy, int *gm, int *gd)
{
	assert(jalali_valid(jy, jm, jd));
	struct jalali_year r;
	jalali_cal(jy, &r);
	int jdn = g2d(r.gy, 3, r.march) + (jm - 1) * 31 - jm / 7 * (jm - 7) + jd - 1;
	d2g(jdn, gy, gm, gd);
}

void gregorian_to_jalali(int gy, int gm, int gd, int *jy, int *jm, int *jd)
{
	assert(gy - 621 >= JALALI_YEAR_MIN && gy - 621 <= JALALI_YEAR_MAX);
	assert(gm >= 1 && gm <= 12 && gd >= 1 && gd <= date_days_in_month(gy, gm));
	int jdn = g2d(gy, gm, gd);
	int y = gy - 621;
	struct jalali_year r;
	jalali_cal(y, &r);
	int k = jdn - g2d(gy, 3, r.march); /* days since 1 Farvardin of y */
	if (k >= 0) {
		if (k <= 185) { /* the six 31-day months */
			*jy = y;
			*jm = 1 + k / 31;
			*jd = k % 31 + 1;
			return;
		}
		k -= 186;
	} else {
		/* Still in the previous Jalali year, after its first six months. */
		y--;
		k += 179;
		if (r.leap == 1)
			k++;
	}
	*jy = y;
	*jm = 7 + k / 30;
	*jd = k % 30 + 1;
}

int school_year_parse(const char *s, int *start_year, struct problem *p)
{
	if (!s || !*s)
		return problem_set(p, P_REQUIRED, "school_year",
				   "A school year is required, written like 2025-2026.");
	int a = -1, b = -1;
	if (strlen(s) == 9 && s[4] == '-') {
		a = digits_value(s, 4);
		b = digits_value(s + 5, 4);
	}
	if (a < 0 || b < 0)
		return problem_set(p, P_INVALID, "school_year",
				   "A school year is written like 2025-2026.");
	if (b != a + 1)
		return problem_set(p, P_INVALID, "school_year",
				   "A school year ends in the year after it starts: 2025-2026.");
	if (a < SCHOOL_YEAR_MIN || a > SCHOOL_YEAR_MAX)
		return problem_set(p, P_OUT_OF_RANGE, "school_year",
				   "A school year lies between 1990-1991 and 2099-2100.");
	*start_year = a;
	return ERR_OK;
}

static bool country_is(const char *country, const char *code)
{
	return country && !strcmp(country, code);
}

static bool school_year_in_range(int start_year)
{
	return start_year >= DATE_YEAR_MIN - 1 && start_year <= DATE_YEAR_MAX;
}

void school_year_start(const char *country, int start_year, char out_iso[11])
{
	out_iso[0] = '\0';
	if (!school_year_in_range(start_year))
		return;
	if (country_is(country, "IR")) {
		/* 1 Farvardin of year start_year - 621 AP falls in March of start_year. */
		int gy, gm, gd;
		jalali_to_gregorian(start_year - 621, 7, 1, &gy, &gm, &gd);
		date_format_iso(gy, gm, gd, out_iso);
	} else if (country_is(country, "VN")) {
		date_format_iso(start_year, 9, 5, out_iso);
	}
}

void school_year_end(const char *country, int start_year, char out_iso[11])
{
	out_iso[0] = '\0';
	if (!school_year_in_range(start_year))
		return;
	if (country_is(country, "IR")) {
		int gy, gm, gd;
		jalali_to_gregorian(start_year + 1 - 621, 3, 31, &gy, &gm, &gd);
		date_format_iso(gy, gm, gd, out_iso);
	} else if (country_is(country, "VN")) {
		date_format_iso(start_year + 1, 5, 31, out_iso);
	}
}

int school_year_of_date(const char *country, const char *iso)
{
	int y;
	if (!date_parse_iso(iso, &y, NULL, NULL))
		return ERR_INVALID;
	char start[11];
	school_year_start(country, y, start);
	if (!start[0])
		return ERR_INVALID;
	/* Strict ISO dates compare as strings. */
	return strcmp(iso, start) >= 0 ? y : y - 1;
}
