/*
 * instant.c: instants, fixed zones and their words (instant.h).
 */
#include "core/base.h"

#include "domain/common/calendar.h"
#include "domain/common/instant.h"

/* The zones Tabula knows and their offsets (instant.h says why a table). */
static const struct {
	const char *name;
	int offset;
} zones[] = {
	{"UTC", 0},
	{"Asia/Ho_Chi_Minh", 7 * 3600},
	{"Asia/Saigon", 7 * 3600},
	{"Asia/Tehran", 3 * 3600 + 30 * 60},
};

bool zone_offset(const char *zone, int *offset)
{
	for (size_t i = 0; zone && i < ARRAY_SIZE(zones); i++)
		if (!strcmp(zones[i].name, zone)) {
			*offset = zones[i].offset;
			return true;
		}
	return false;
}

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (Howard
 * Hinnant's days_from_civil) and back. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* n ASCII digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool instant_parse(const char *s, int zone_offset, int64_t *ms)
{
	if (!s || strlen(s) < 16 || s[10] != 'T' || s[13] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	int y, m, d;
	if (!date_parse_iso(date, &y, &m, &d))
		return false;
	int hh = digits(s + 11, 2), mm = digits(s + 14, 2), ss = 0, frac = 0;
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return false;
	const char *z = s + 16;
	if (*z == ':') {
		ss = digits(z + 1, 2);
		if (ss < 0 || ss > 59)
			return false;
		z += 3;
		if (*z == '.') {
			int n = 0, scale = 100;
			for (z++; *z >= '0' && *z <= '9'; z++, n++) {
				if (n == 3)
					return false;
				frac += (*z - '0') * scale;
				scale /= 10;
			}
			if (!n)
				return false;
		}
	}
	int64_t offset = zone_offset;
	if (!*z) {
		offset = zone_offset;
	} else if ((z[0] == 'Z' || z[0] == 'z') && !z[1]) {
		offset = 0;
	} else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[3] == ':') {
		int oh = digits(z + 1, 2), om = digits(z + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return false;
		offset = (int64_t)(oh * 60 + om) * 60 * (z[0] == '-' ? -1 : 1);
	} else {
		return false;
	}
	int64_t secs = days_from_civil(y, m, d) * 86400 + (int64_t)hh * 3600 + (int64_t)mm * 60 +
		       ss - offset;
	*ms = secs * 1000 + frac;
	return true;
}

/* The local civil time of ms at offset. */
struct civil {
	int y, m, d, hh, mm, ss, milli;
};

static struct civil civil_at(int64_t ms, int offset)
{
	struct civil c;
	int64_t t = ms + (int64_t)offset * 1000;
	int64_t secs = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
	c.milli = (int)(t - secs * 1000);
	int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	int64_t rem = secs - days * 86400;
	civil_from_days(days, &c.y, &c.m, &c.d);
	c.hh = (int)(rem / 3600);
	c.mm = (int)(rem / 60 % 60);
	c.ss = (int)(rem % 60);
	return c;
}

int64_t instant_day(int64_t ms, int offset, int *minute, int *rest)
{
	int64_t t = ms + (int64_t)offset * 1000;
	int64_t day = t >= 0 ? t / 86400000 : -((-t + 86399999) / 86400000);
	int64_t in = t - day * 86400000;
	if (minute)
		*minute = (int)(in / 60000);
	if (rest)
		*rest = (int)(in % 60000);
	return day;
}

int64_t day_from_civil(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

void civil_from_day(int64_t day, int *y, int *m, int *d)
{
	civil_from_days(day, y, m, d);
}

void instant_format(int64_t ms, int offset, char *out, size_t outlen)
{
	struct civil c = civil_at(ms, offset);
	int off = offset < 0 ? -offset : offset;
	snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", c.y, c.m, c.d, c.hh,
		 c.mm, c.ss, c.milli, offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

void instant_date(int64_t ms, int offset, char out[11])
{
	struct civil c = civil_at(ms, offset);
	date_format_iso(c.y, c.m, c.d, out);
}

/* ---- languages ---- */

const char *language_pick(const char *h)
{
	static const char *const langs[] = {"fa", "vi", "en"};
	const char *best = "en";
	double best_q = -1;
	int best_at = INT_MAX;
	for (int at = 0; h && *h; at++) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		size_t n = strcspn(h, ";,");
		h += n;
		double q = 1;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *comma = strchr(h, ',');
			if (qs && (!comma || qs < comma))
				q = strtod(qs + 2, NULL);
			h = comma ? comma : h + strlen(h);
		}
		for (size_t i = 0; i < ARRAY_SIZE(langs); i++)
			if (n >= 2 && !strncmp(tag, langs[i], 2) &&
			    (n == 2 || tag[2] == '-' || tag[2] == ' ') && q > 0 &&
			    (q > best_q || (q == best_q && at < best_at))) {
				best = langs[i];
				best_q = q;
				best_at = at;
			}
	}
	return best;
}

/* s with ASCII digits as Persian digits (U+06F0..U+06F9), in a. */
static const char *persian_digits(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *out = arena_alloc(a, strlen(s) * 2 + 1), *o = out;
	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			*o++ = (char)0xDB;
			*o++ = (char)(0xB0 + (*s - '0'));
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

const char *instant_words(struct arena *a, const char *lang, int64_t ms, int offset)
{
	static const char *const en_months[] = {"January",   "February", "March",    "April",
						"May",	     "June",	 "July",     "August",
						"September", "October",	 "November", "December"};
	static const char *const fa_months[] = {"فروردین", "اردیبهشت", "خرداد", "تیر",
						"مرداد",   "شهریور",   "مهر",	"آبان",
						"آذر",	   "دی",       "بهمن",	"اسفند"};
	struct civil c = civil_at(ms, offset);
	if (!strcmp(lang, "vi"))
		return arena_printf(a, "%02d:%02d ngày %02d/%02d/%04d", c.hh, c.mm, c.d, c.m, c.y);
	if (!strcmp(lang, "fa")) {
		int jy, jm, jd;
		if (c.y < JALALI_YEAR_MIN + 621 || c.y > JALALI_YEAR_MAX + 621)
			return NULL;
		gregorian_to_jalali(c.y, c.m, c.d, &jy, &jm, &jd);
		return persian_digits(a, arena_printf(a, "%02d:%02d %d %s %d", c.hh, c.mm, jd,
						      fa_months[jm - 1], jy));
	}
	return arena_printf(a, "%02d:%02d on %d %s %04d", c.hh, c.mm, c.d, en_months[c.m - 1], c.y);
}
