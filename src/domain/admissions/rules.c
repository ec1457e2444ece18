/*
 * rules.c: admission rule sets as data (rules.h).
 */
#include "core/base.h"
#include "core/log.h"
#include <jansson.h>

#include "domain/admissions/priority.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"
#include "domain/common/calendar.h"

/* ---- checking one file ---- */

/* The fault of a file, into err; always ERR_INVALID. */
static int fault(char *err, size_t errlen, const char *file, const char *what)
{
	snprintf(err, errlen, "admission rules %s: %s", file, what);
	return ERR_INVALID;
}

static bool only_members(json_t *o, const char *const *names, size_t n, const char **unknown)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = !strcmp(key, names[i]);
		if (!known) {
			*unknown = key;
			return false;
		}
	}
	return true;
}

/* A code of the data: 1 to 64 of [a-z0-9_-]. */
static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

/* {"fa", "vi", "en"}: each a non-empty string, nothing else. */
static bool label_ok(json_t *v)
{
	static const char *const langs[] = {"fa", "vi", "en"};
	const char *unknown;
	if (!json_is_object(v) || !only_members(v, langs, ARRAY_SIZE(langs), &unknown))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(langs); i++) {
		json_t *s = json_object_get(v, langs[i]);
		if (!json_is_string(s) || !json_string_length(s))
			return false;
	}
	return true;
}

static bool int_in(json_t *v, json_int_t lo, json_int_t hi, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return false;
	*out = (int)json_integer_value(v);
	return true;
}

static int age_parse(json_t *v, struct rule_age *age, const char *file, char *err, size_t errlen)
{
	static const char *const names[] = {"calendar", "cutoff", "min_age", "max_age"};
	static const char *const cut_names[] = {"month", "day"};
	const char *unknown;
	if (!json_is_object(v))
		return fault(err, errlen, file, "\"age\" must be an object");
	if (!only_members(v, names, ARRAY_SIZE(names), &unknown))
		return fault(err, errlen, file, "\"age\" has an unknown member");
	const char *cal = json_string_value(json_object_get(v, "calendar"));
	if (cal && !strcmp(cal, "gregorian"))
		age->calendar = RULE_GREGORIAN;
	else if (cal && !strcmp(cal, "jalali"))
		age->calendar = RULE_JALALI;
	else
		return fault(err, errlen, file,
			     "\"age.calendar\" must be \"gregorian\" or \"jalali\"");
	json_t *cut = json_object_get(v, "cutoff");
	if (!json_is_object(cut) || !only_members(cut, cut_names, 2, &unknown) ||
	    !int_in(json_object_get(cut, "month"), 1, 12, &age->month) ||
	    !int_in(json_object_get(cut, "day"), 1, 31, &age->day))
		return fault(err, errlen, file,
			     "\"age.cutoff\" must be {\"month\": 1..12, \"day\": 1..31}");
	/* A day every year of that calendar has, or 29 February / 30 Esfand. */
	int days = age->calendar == RULE_GREGORIAN ? date_days_in_month(2000, age->month)
		   : age->month <= 6		   ? 31
						   : 30;
	if (age->day > days)
		return fault(err, errlen, file, "\"age.cutoff\" is not a day of that calendar");
	if (!int_in(json_object_get(v, "min_age"), 0, 30, &age->min_age))
		return fault(err, errlen, file, "\"age.min_age\" must be an integer 0..30");
	age->max_age = 0;
	json_t *max = json_object_get(v, "max_age");
	if (max && !int_in(max, age->min_age ? age->min_age : 1, 30, &age->max_age))
		return fault(err, errlen, file,
			     "\"age.max_age\" must be an integer from min_age to 30");
	return ERR_OK;
}

/* The categories: [{"code", "label"}], each also a group of priorities,
 * and every category group of priorities listed here. */
static int categories_check(json_t *list, json_t *groups, const char *file, char *err,
			    size_t errlen)
{
	static const char *const names[] = {"code", "label"};
	const char *unknown;
	if (!json_is_array(list))
		return fault(err, errlen, file, "\"categories\" must be a list");
	json_t *by_law = json_object_get(json_object_get(groups, "groups"), "categories");
	size_t i;
	json_t *c;
	json_array_foreach(list, i, c)
	{
		const char *code = json_string_value(json_object_get(c, "code"));
		if (!json_is_object(c) || !only_members(c, names, 2, &unknown) || !code ||
		    !code_ok(code) || !label_ok(json_object_get(c, "label")))
			return fault(err, errlen, file,
				     "each of \"categories\" is {\"code\", \"label\": {\"fa\", "
				     "\"vi\", \"en\"}}");
		if (!json_object_get(by_law, code))
			return fault(err, errlen, file,
				     "a category has no group in \"priorities.groups.categories\"");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(code, json_string_value(json_object_get(json_array_get(list, j),
									    "code"))))
				return fault(err, errlen, file, "a category is listed twice");
	}
	const char *key;
	json_t *g;
	json_object_foreach(by_law, key, g)
	{
		bool listed = false;
		json_array_foreach(list, i, c) listed |=
			!strcmp(key, json_string_value(json_object_get(c, "code")));
		if (!listed)
			return fault(err, errlen, file,
				     "a category of \"priorities\" has no entry in \"categories\"");
	}
	return ERR_OK;
}

/* The documents: [{"kind", "required"?, "claim"?}], kinds distinct. */
static int documents_check(json_t *list, const char *file, char *err, size_t errlen)
{
	static const char *const names[] = {"kind", "required", "claim"};
	const char *unknown;
	if (!json_is_array(list))
		return fault(err, errlen, file, "\"documents\" must be a list");
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
	{
		const char *kind = json_string_value(json_object_get(d, "kind"));
		json_t *req = json_object_get(d, "required");
		json_t *claim = json_object_get(d, "claim");
		const char *cl = json_string_value(claim);
		if (!json_is_object(d) || !only_members(d, names, 3, &unknown) || !kind ||
		    !code_ok(kind) || (req && !json_is_boolean(req)) ||
		    (claim && (!cl || (strcmp(cl, "area") && strcmp(cl, "siblings") &&
				       strcmp(cl, "categories")))))
			return fault(err, errlen, file,
				     "each of \"documents\" is {\"kind\", \"required\": true or "
				     "false, \"claim\": \"area\", \"siblings\" or \"categories\"}");
		for (size_t j = 0; j < i; j++)
			if (!strcmp(kind, json_string_value(json_object_get(json_array_get(list, j),
									    "kind"))))
				return fault(err, errlen, file, "a document kind is listed twice");
	}
	return ERR_OK;
}

static int nid_parse(json_t *v, const char *country, struct rule_set *out, const char *file,
		     char *err, size_t errlen)
{
	static const char *const names[] = {"scheme", "required"};
	/* The national id schemes the registry checks (registry/nid.h). */
	static const char *const schemes[][2] = {{"ir_national_code", "IR"},
						 {"vn_personal_id", "VN"}};
	const char *unknown;
	const char *scheme = json_string_value(json_object_get(v, "scheme"));
	json_t *req = json_object_get(v, "required");
	if (!json_is_object(v) || !only_members(v, names, 2, &unknown) || !scheme ||
	    !json_is_boolean(req))
		return fault(err, errlen, file,
			     "\"national_id\" is {\"scheme\", \"required\": true or false}");
	for (size_t i = 0; i < ARRAY_SIZE(schemes); i++)
		if (!strcmp(scheme, schemes[i][0])) {
			if (strcmp(schemes[i][1], country))
				return fault(err, errlen, file,
					     "\"national_id.scheme\" is not the country's");
			out->nid_country = strdup(schemes[i][1]);
			out->nid_required = json_is_true(req);
			return out->nid_country ? ERR_OK : ERR_NOMEM;
		}
	return fault(err, errlen, file,
		     "\"national_id.scheme\" must be \"ir_national_code\" or \"vn_personal_id\"");
}

static char *dump(json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* The checks of a parsed document. */
static int document_check(json_t *doc, const char *file, struct rule_set *out, char *err,
			  size_t errlen)
{
	static const char *const names[] = {"name",	 "country",	"grade",      "label",
					    "age",	 "max_choices", "priorities", "categories",
					    "documents", "national_id"};
	const char *unknown = NULL;
	if (!json_is_object(doc))
		return fault(err, errlen, file, "a rule set is a JSON object");
	if (!only_members(doc, names, ARRAY_SIZE(names), &unknown)) {
		char what[128];
		snprintf(what, sizeof(what), "unknown member \"%.64s\"", unknown);
		return fault(err, errlen, file, what);
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!json_object_get(doc, names[i])) {
			char what[64];
			snprintf(what, sizeof(what), "\"%s\" is missing", names[i]);
			return fault(err, errlen, file, what);
		}
	const char *name = json_string_value(json_object_get(doc, "name"));
	char expect[RULES_NAME_MAX + 8];
	if (!name || !code_ok(name))
		return fault(err, errlen, file, "\"name\" must be 1 to 64 of a-z, 0-9, _ and -");
	snprintf(expect, sizeof(expect), "%s.json", name);
	if (strcmp(expect, file))
		return fault(err, errlen, file, "the file must be named after \"name\" + .json");
	const char *country = json_string_value(json_object_get(doc, "country"));
	char start[11];
	school_year_start(country ? country : "", 2025, start);
	if (!*start)
		return fault(err, errlen, file,
			     "\"country\" must be a country whose school year Tabula knows "
			     "(IR, VN)");
	if (!int_in(json_object_get(doc, "grade"), 1, 12, &out->grade))
		return fault(err, errlen, file, "\"grade\" must be an integer 1..12");
	if (!int_in(json_object_get(doc, "max_choices"), 1, ROUND_CHOICES_MAX, &out->max_choices))
		return fault(err, errlen, file, "\"max_choices\" must be an integer 1..20");
	if (!label_ok(json_object_get(doc, "label")))
		return fault(err, errlen, file, "\"label\" is {\"fa\", \"vi\", \"en\"}");
	int rc = age_parse(json_object_get(doc, "age"), &out->age, file, err, errlen);
	if (rc)
		return rc;
	json_t *prio = json_object_get(doc, "priorities");
	struct arena a;
	struct priority_rules pr;
	struct problem p = {0};
	arena_init(&a, 4096, 1u << 20);
	rc = priority_rules_check(&a, prio, &pr, &p);
	if (rc) {
		char what[200];
		snprintf(what, sizeof(what), "\"priorities\" refused at \"%.100s\"",
			 p.field ? p.field : "priorities");
		arena_release(&a);
		return fault(err, errlen, file, what);
	}
	arena_release(&a);
	if (json_object_get(prio, "zones"))
		return fault(err, errlen, file,
			     "\"priorities\" holds groups only: zones are each round's own");
	rc = categories_check(json_object_get(doc, "categories"), prio, file, err, errlen);
	if (!rc)
		rc = documents_check(json_object_get(doc, "documents"), file, err, errlen);
	if (!rc)
		rc = nid_parse(json_object_get(doc, "national_id"), country, out, file, err,
			       errlen);
	if (rc)
		return rc;
	out->name = strdup(name);
	out->country = strdup(country);
	out->priorities = json_object_size(prio) ? dump(prio) : NULL;
	out->documents = dump(json_object_get(doc, "documents"));
	out->json = dump(doc);
	if (!out->name || !out->country || (json_object_size(prio) && !out->priorities) ||
	    !out->documents || !out->json)
		return ERR_NOMEM;
	return ERR_OK;
}

int rule_set_parse(const char *file, const char *text, struct rule_set *out, char *err,
		   size_t errlen)
{
	memset(out, 0, sizeof(*out));
	json_error_t je;
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		char what[240];
		snprintf(what, sizeof(what), "not JSON: %.160s at line %d, column %d", je.text,
			 je.line, je.column);
		return fault(err, errlen, file, what);
	}
	int rc = document_check(doc, file, out, err, errlen);
	json_decref(doc);
	if (rc) {
		if (rc == ERR_NOMEM)
			fault(err, errlen, file, "out of memory");
		rule_set_release(out);
	}
	return rc;
}

void rule_set_release(struct rule_set *rs)
{
	free(rs->name);
	free(rs->country);
	free(rs->priorities);
	free(rs->documents);
	free(rs->nid_country);
	free(rs->json);
	memset(rs, 0, sizeof(*rs));
}

/* ---- the embedded rule sets ---- */

static int rule_parse_item(const char *file, const char *text, void *out, char *err, size_t errlen)
{
	return rule_set_parse(file, text, out, err, errlen);
}

/* Loaded once for the life of the process; never released. */
static struct embedded_set sets = {.what = "admission rules",
				   .files = rule_files,
				   .nfiles = &rule_files_count,
				   .size = sizeof(struct rule_set),
				   .name_offset = offsetof(struct rule_set, name),
				   .parse = rule_parse_item};

int rules_init(void)
{
	return embedded_set_ready(&sets);
}

size_t rules_count(void)
{
	return embedded_set_count(&sets);
}

const struct rule_set *rules_at(size_t i)
{
	return embedded_set_at(&sets, i);
}

const struct rule_set *rules_find(const char *name)
{
	return embedded_set_find(&sets, name);
}

/* ---- the age rule ---- */

int rules_entry_year(const char *country, int64_t closes_at)
{
	int64_t days = closes_at >= 0 ? closes_at / 86400 : -((-closes_at + 86399) / 86400);
	/* Civil date from days since 1970-01-01 (H. Hinnant's algorithm). */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX - 1)
		return 0;
	char iso[11];
	date_format_iso((int)y, m, d, iso);
	int year = school_year_of_date(country, iso);
	return year < 0 ? 0 : year + 1;
}

/* The cut-off day of year y of the rule's calendar, as a Gregorian date:
 * a day the year lacks (29 February, 30 Esfand) becomes the month's last. */
static void cutoff_of(const struct rule_age *age, int y, int *gy, int *gm, int *gd)
{
	if (age->calendar == RULE_GREGORIAN) {
		int last = date_days_in_month(y, age->month);
		*gy = y;
		*gm = age->month;
		*gd = age->day < last ? age->day : last;
		return;
	}
	int d = age->day;
	if (age->month == 12 && d == 30 && !jalali_is_leap(y))
		d = 29;
	jalali_to_gregorian(y, age->month, d, gy, gm, gd);
}

int rule_age_window(const struct rule_age *age, const char *country, int entry_year,
		    char earliest[11], char latest[11])
{
	char start[11];
	int sy, sm, sd;
	earliest[0] = latest[0] = '\0';
	school_year_start(country, entry_year, start);
	if (!*start || !date_parse_iso(start, &sy, &sm, &sd))
		return ERR_INVALID;
	int cy = sy, jm, jd;
	if (age->calendar == RULE_JALALI)
		gregorian_to_jalali(sy, sm, sd, &cy, &jm, &jd);
	int lo = age->calendar == RULE_JALALI ? JALALI_YEAR_MIN : DATE_YEAR_MIN;
	int y = cy - age->min_age, gy, gm, gd;
	if (y < lo + 1 || (age->max_age && cy - age->max_age - 1 < lo))
		return ERR_INVALID;
	cutoff_of(age, y, &gy, &gm, &gd);
	date_format_iso(gy, gm, gd, latest);
	if (age->max_age) {
		/* The day after the cut-off, max_age + 1 years before. */
		cutoff_of(age, cy - age->max_age - 1, &gy, &gm, &gd);
		if (++gd > date_days_in_month(gy, gm)) {
			gd = 1;
			if (++gm > 12) {
				gm = 1;
				gy++;
			}
		}
		date_format_iso(gy, gm, gd, earliest);
	}
	return ERR_OK;
}

bool rule_age_admits(const char *earliest, const char *latest, const char *birth)
{
	return (!*earliest || strcmp(birth, earliest) >= 0) && strcmp(birth, latest) <= 0;
}
