/*
 * rules.h: admission rule sets, per country and entry grade, as data
 * (docs/admissions.md, "Rule sets").
 *
 * A rule set is a JSON file of data/admissions/rules/, embedded in the
 * binary at build (tools/embed_rules.sh) and checked once, at start, by
 * rules_init: the country, the entry grade, the age rule, the default
 * max_choices and priority groups, the categories by law with their labels
 * in fa, vi and en, the documents asked and the national id rule. Adding a
 * country is adding a file; nothing here names a country.
 *
 * The age rule: a child's age is counted in full years, in the rule's
 * calendar (Gregorian or Solar Hijri), on the cut-off day (month, day) of
 * the year in which the school year starts, that calendar's year; it must
 * be min_age at least and max_age at most (0: no upper bound). "Turns 6 in
 * the calendar year of entry" is a cut-off of 31 December with min and max
 * 6; "6 full years by 1 Mehr" is a cut-off of 31 Shahrivar (the day before
 * 1 Mehr) with min 6. A birthday on 29 February (or 30 Esfand) falls, in a
 * year without one, after the 28th (29 Esfand): the child turns a year
 * older on 1 March (1 Farvardin).
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_RULES_H
#define TABULA_DOMAIN_ADMISSIONS_RULES_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/common/embedded.h"

/* The embedded files (generated: build/gen/rules.c). */
extern const struct embedded_file rule_files[];
extern const size_t rule_files_count;

#define RULES_NAME_MAX 64

enum rule_calendar {
	RULE_GREGORIAN,
	RULE_JALALI,
};

struct rule_age {
	enum rule_calendar calendar;
	int month, day;	      /* the cut-off day in that calendar */
	int min_age, max_age; /* full years on the cut-off day; max_age 0: none */
};

/* A rule set as loaded; strings and texts owned by it (rule_set_release). */
struct rule_set {
	char *name, *country; /* "vn-grade1", "VN" */
	int grade, max_choices;
	struct rule_age age;
	char *priorities;  /* compact JSON (priority.h's rules), or NULL: none */
	char *documents;   /* compact JSON array of {"kind", "required", "claim"} */
	char *nid_country; /* whose national ids (nid.h): "IR", "VN" */
	bool nid_required;
	char *json; /* the whole document, compact, as GET shows it */
};

/*
 * Parse and check one rule file (text, NUL-terminated) named file (its
 * name must be the rule set's name + ".json"). On failure ERR_INVALID with
 * a sentence naming the file and the fault in err (errlen bytes), and out
 * holds nothing to release.
 */
int rule_set_parse(const char *file, const char *text, struct rule_set *out, char *err,
		   size_t errlen) __attribute__((warn_unused_result));
void rule_set_release(struct rule_set *rs);

/* Load the embedded rule sets, once (later calls answer the first's
 * result). A bad file or two files of one name: ERR_INVALID, logged with
 * the file and the fault; the server refuses to start. */
int rules_init(void) __attribute__((warn_unused_result));

/* The loaded rule sets, in name order (rules_init first). */
size_t rules_count(void);
const struct rule_set *rules_at(size_t i);
/* The rule set named name, or NULL. */
const struct rule_set *rules_find(const char *name);

/*
 * The start year of the school year a round admits to: the first one that
 * starts after the round closes (closes_at, Unix seconds) in country ("IR",
 * "VN"); 0 if the country is unknown.
 */
int rules_entry_year(const char *country, int64_t closes_at);

/*
 * The birth dates rule age admits for the school year starting in
 * entry_year in country: born on or after earliest (ISO; "" when there is no
 * upper age) and on or before latest. ERR_INVALID if the country or the
 * year is out of range.
 */
int rule_age_window(const struct rule_age *age, const char *country, int entry_year,
		    char earliest[11], char latest[11]) __attribute__((warn_unused_result));

/* Whether birth (ISO) lies in the window (rule_age_window). */
bool rule_age_admits(const char *earliest, const char *latest, const char *birth);

/* ---- rounds made with a rule set (rules_round.c) ---- */

struct db_conn;
struct round_create;

/*
 * A create naming rule set x->rules: 422 unknown_rule_set on "rules" if
 * there is none of that name; the grade, max_choices (left 0) and
 * priorities (not given) taken from it; name, opens_at, closes_at and seed
 * still required (422 required). No I/O.
 */
int rules_round_defaults(struct round_create *x, struct problem *p)
	__attribute__((warn_unused_result));

/* In round_create_tx, once round x->id is stored: the rule set's country
 * must be the office's (422 invalid on "rules"); the round keeps the rule
 * set's name. Nothing to do without x->rules. */
int rules_round_attach(struct db_conn *c, struct round_create *x, int64_t org_id)
	__attribute__((warn_unused_result));

#endif
