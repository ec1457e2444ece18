/*
 * nid.h: national identifiers of people, as typed by clerks and parents.
 *
 *   IR  کد ملی (national code): 10 digits, the last a check digit over the
 *       first nine; codes written with 8 or 9 digits lost their leading zeros.
 *   VN  số định danh cá nhân (the 12-digit number on the CCCD citizen id card):
 *       province of birth registration (3 digits), century and sex (1), last
 *       two digits of the birth year (2), serial (6). No check digit.
 *
 * Everything here is pure: no database, no allocation. Problems are filled
 * with static strings.
 */
#ifndef TABULA_DOMAIN_NID_H
#define TABULA_DOMAIN_NID_H

#include "core/err.h"

/* Size of a buffer that holds any canonical national id and its NUL. */
#define NID_MAX 16

/* Copy the digits of in to out as ASCII: Persian (U+06F0-06F9) and
 * Arabic-Indic (U+0660-0669) digits become 0-9; spaces (ASCII space, tab,
 * no-break space), '-', '.' and the invisible direction marks that come with
 * text pasted from Persian documents (U+200E, U+200F, U+061C) are dropped.
 * ERR_INVALID if anything else
 * remains, or if the result is empty or does not fit in outlen bytes with its
 * NUL; out is then "" (when outlen > 0). */
int nid_normalize(const char *in, char *out, size_t outlen) __attribute__((warn_unused_result));

/*
 * The canonical form of a national id as stored: normalised as above, then
 * checked for country "IR" or "VN" (exact, upper case); an Iranian code of 8
 * or 9 digits is left-padded with zeros to 10. On success out holds the
 * digits. On failure returns ERR_INVALID with p filled (field "national_id",
 * or "country" for another country) and out "".
 */
int nid_canonical(const char *country, const char *raw, char out[NID_MAX], struct problem *p)
	__attribute__((warn_unused_result));

/* Check an Iranian national code given as 8 to 10 ASCII digits (shorter ones
 * count as left-padded with zeros): length, not ten equal digits, and the
 * check digit. Fills p (field "national_id") on failure. */
int nid_check_ir(const char *digits, struct problem *p) __attribute__((warn_unused_result));

/* Check the shape of a Vietnamese personal id number given as ASCII digits:
 * 12 of them, starting with one of the 63 province codes. Fills p (field
 * "national_id") on failure. */
int nid_check_vn(const char *digits, struct problem *p) __attribute__((warn_unused_result));

/* Check that a valid Vietnamese id (nid_check_vn) agrees with the holder's
 * stated birth date (strict ISO, see date_parse_iso) and sex ('F' or 'M'):
 * digit 4 gives the century (0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s,
 * 8/9 2300s) and the sex (even male, odd female), digits 5-6 the last two
 * digits of the birth year. A bad birth date fills p with field "birth_date",
 * a bad sex with field "sex"; a disagreement with field "national_id". */
int nid_check_vn_birth(const char *cccd, const char *birth_date_iso, char sex, struct problem *p)
	__attribute__((warn_unused_result));

/* The name of the province whose birth-registration code is the three digits
 * at code3 (no NUL needed), e.g. "079" -> "Hồ Chí Minh"; NULL if none. */
const char *nid_vn_province_name(const char code3[3]);

/* The i-th of the 63 province codes in ascending order ("001" ... "096"),
 * with its name in *name if name is not NULL; NULL when i >= 63. */
const char *nid_vn_province_at(size_t i, const char **name);

/* A valid Iranian code: the first nine digits are seed9 mod 10^9 with leading
 * zeros, the tenth the check digit; when those nine are all equal the ninth is
 * changed (a ten-equal-digit code would be refused). Deterministic. */
void nid_ir_make(uint32_t seed9, char out[11]);

/* A valid Vietnamese id for someone born in year (1900-2399) with sex 'F' or
 * 'M', registered in province3 (a code from the list, three digits), with
 * serial mod 10^6 as the last six digits. Deterministic. */
void nid_vn_make(const char *province3, int year, char sex, uint32_t serial, char out[13]);

#endif
