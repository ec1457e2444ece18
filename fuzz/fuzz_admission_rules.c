/*
 * fuzz_admission_rules.c: an admission rule file from the bytes up
 * (domain/admissions/rules.h, rule_set_parse), as if it were
 * data/admissions/rules/fuzz.json.
 *
 * Checked besides memory safety:
 * - a refusal is ERR_INVALID (or ERR_NOMEM) with a message naming the file;
 * - an accepted rule set is named "fuzz", its grade, max_choices and ages in
 *   range, its texts present, and its age rule gives, for every school year
 *   from 2000 to 2100, a window whose latest birth date is a real date not
 *   before the earliest.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "domain/admissions/round.h"
#include "domain/admissions/rules.h"
#include "domain/common/calendar.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_accepted(const struct rule_set *rs)
{
	if (strcmp(rs->name, "fuzz") || rs->grade < 1 || rs->grade > 12 || rs->max_choices < 1 ||
	    rs->max_choices > ROUND_CHOICES_MAX || !rs->documents || !rs->json || !rs->nid_country)
		abort();
	if (rs->age.min_age < 0 || (rs->age.max_age && rs->age.max_age < rs->age.min_age))
		abort();
	for (int year = 2000; year <= 2100; year++) {
		char earliest[11], latest[11];
		if (rule_age_window(&rs->age, rs->country, year, earliest, latest))
			continue; /* a year out of the calendar's range */
		if (!date_parse_iso(latest, NULL, NULL, NULL))
			abort();
		if (*earliest &&
		    (!date_parse_iso(earliest, NULL, NULL, NULL) || strcmp(earliest, latest) > 0))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct rule_set rs;
	char err[400] = "";
	int rc = rule_set_parse("fuzz.json", text, &rs, err, sizeof(err));
	if (rc == ERR_OK) {
		check_accepted(&rs);
		rule_set_release(&rs);
	} else if ((rc != ERR_INVALID && rc != ERR_NOMEM) ||
		   strncmp(err, "admission rules fuzz.json: ", 27)) {
		abort();
	}
	free(text);
	return 0;
}
