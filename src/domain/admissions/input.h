/*
 * input.h: the JSON input of `tabula admissions match`, decoded and checked
 * into the engine's arrays (match.h).
 *
 *   {"seed": N,
 *    "schools": [{"id": "S1", "capacity": 30}, ...],
 *    "applicants": [{"id": "A1", "choices": ["S2", "S1"],
 *                    "priority": {"S2": 1}, "lottery": 123}, ...]}
 *
 * Required: seed, schools, applicants, and in them id, capacity, choices
 * (which may be empty). Optional: priority (no group anywhere) and lottery
 * (drawn from the seed, match_lottery_draw). Any other member is refused, so
 * that a misspelt "priority" cannot silently drop every priority.
 * Limits: seed and lottery 0 .. MATCH_INPUT_NUMBER_MAX (exact in any JSON
 * reader, JavaScript's included); capacity any non-negative integer (past
 * the number of applicants it is as good as unlimited); priority groups
 * 0 .. MATCH_INPUT_GROUP_MAX; ids 1 .. MATCH_INPUT_ID_MAX bytes without
 * control characters; schools and applicants each at most
 * MATCH_MAX_SCHOOLS / MATCH_MAX_APPLICANTS; choices distinct known schools,
 * as many as there are schools. A priority at a school the applicant did
 * not choose is checked (the school must exist) and has no effect.
 *
 * Ties between equal lottery numbers go to the id that sorts first
 * (bytewise), so the result never depends on the order of the arrays.
 */
#ifndef TABULA_DOMAIN_ADMISSIONS_INPUT_H
#define TABULA_DOMAIN_ADMISSIONS_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "domain/admissions/match.h"

#define MATCH_INPUT_NUMBER_MAX INT64_C(9007199254740991) /* 2^53 - 1 */
#define MATCH_INPUT_GROUP_MAX  INT64_C(2147483647)
#define MATCH_INPUT_ID_MAX     128

/*
 * A decoded input: the instance for match_run and what the output needs.
 * Every array is owned here (malloc) and freed by match_input_release.
 */
struct match_input {
	struct match_instance m; /* points into the arrays below */
	uint64_t seed;
	const char **school_id;	   /* [m.n_schools] */
	const char **applicant_id; /* [m.n_applicants], in input order */
	uint64_t *lottery;	   /* [m.n_applicants] given or drawn */
	bool *drawn;		   /* [m.n_applicants] true: drawn from the seed */
	uint32_t *capacity, *tiebreak;
	size_t *first;
	struct match_choice *choices;
	char *ids; /* every id, NUL-terminated, one after another */
	/* On ERR_INVALID: the item at fault and why, e.g.
	 * `applicants[3] ("A4"): choices[1]: no school "S9"`. */
	char why[512];
};

/* Zero *in so that match_input_release may be called on it. */
void match_input_init(struct match_input *in);
/* Free what *in holds and zero it again. */
void match_input_release(struct match_input *in);

/*
 * Parse len bytes of JSON, refusing duplicate keys. ERR_OK with *root a new
 * reference (the caller decrefs it); ERR_INVALID with in->why ("not JSON:
 * ... at line L, column C"); ERR_NOMEM. Split from match_input_from_json
 * so that a caller may free the text before decoding.
 */
int match_input_parse(const char *text, size_t len, json_t **root, struct match_input *in);

/*
 * Check root and fill *in (which match_input_init prepared): ERR_OK, or
 * ERR_INVALID with in->why naming the first fault in document order, or
 * ERR_NOMEM. Missing lotteries are drawn from the seed. root is only read;
 * *in keeps no reference into it. On failure *in holds only what
 * match_input_release frees.
 */
int match_input_from_json(json_t *root, struct match_input *in);

/* match_input_parse then match_input_from_json. */
int match_input_decode(const char *text, size_t len, struct match_input *in);

/*
 * The lottery number of the applicant with id (len bytes) under seed:
 * key = the first 16 bytes of BLAKE2b-256("tabula-admissions-lottery:"
 * followed by the seed in decimal), number = SipHash-2-4(key, id) >> 11,
 * in 0 .. 2^53 - 1. It depends on the seed and the id alone.
 */
uint64_t match_lottery_draw(uint64_t seed, const char *id, size_t len);

#endif
