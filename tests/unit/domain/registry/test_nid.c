/* Unit tests of src/domain/nid.c: Iranian national codes and Vietnamese
 * personal id numbers, as typed, checked and generated. */
#include "unit.h"

#include "core/err.h"
#include "domain/registry/nid.h"

/* Persian ۰-۹ and Arabic-Indic ٠-٩ digits, spelled in UTF-8. */
#define FA0  "\xdb\xb0"
#define FA1  "\xdb\xb1"
#define FA2  "\xdb\xb2"
#define FA3  "\xdb\xb3"
#define FA4  "\xdb\xb4"
#define FA5  "\xdb\xb5"
#define FA6  "\xdb\xb6"
#define FA7  "\xdb\xb7"
#define FA9  "\xdb\xb9"
#define AR0  "\xd9\xa0"
#define AR1  "\xd9\xa1"
#define AR2  "\xd9\xa2"
#define AR3  "\xd9\xa3"
#define AR4  "\xd9\xa4"
#define AR5  "\xd9\xa5"
#define AR6  "\xd9\xa6"
#define AR7  "\xd9\xa7"
#define AR9  "\xd9\xa9"
#define NBSP "\xc2\xa0"
#define RLM  "\xe2\x80\x8f"

struct canon_case {
	const char *country, *raw;
	int err;
	const char *want; /* canonical form, or the problem code */
	const char *field;
};

static const struct canon_case canon[] = {
	/* Iran: the worked example of DESIGN.md and real-looking codes. */
	{"IR", "0012345679", ERR_OK, "0012345679", NULL},
	{"IR", "0012345678", ERR_INVALID, "check_digit", "national_id"},
	{"IR", "0499370899", ERR_OK, "0499370899", NULL},
	{"IR", "4271467685", ERR_OK, "4271467685", NULL},
	{"IR", "4271467686", ERR_INVALID, "check_digit", "national_id"},
	{"IR", "1234567891", ERR_OK, "1234567891", NULL}, /* r = 1: check digit r */
	{"IR", "9876543210", ERR_OK, "9876543210", NULL}, /* r = 0 */
	{"IR", "1000000001", ERR_OK, "1000000001", NULL}, /* r = 10: check 11 - r */
	{"IR", "1000000000", ERR_INVALID, "check_digit", "national_id"},
	/* Leading zeros lost: 8 and 9 digits are padded. */
	{"IR", "12345679", ERR_OK, "0012345679", NULL},
	{"IR", "012345679", ERR_OK, "0012345679", NULL},
	{"IR", "84575948", ERR_OK, "0084575948", NULL},
	{"IR", "12345678", ERR_INVALID, "check_digit", "national_id"},
	{"IR", "1234567", ERR_INVALID, "wrong_length", "national_id"},
	{"IR", "00123456790", ERR_INVALID, "wrong_length", "national_id"},
	{"IR", "0012345679001234567900123456790012345679", ERR_INVALID, "wrong_length",
	 "national_id"},
	/* Persian and Arabic-Indic digits, separators, marks pasted from RTL. */
	{"IR", FA0 FA0 FA1 FA2 FA3 FA4 FA5 FA6 FA7 FA9, ERR_OK, "0012345679", NULL},
	{"IR", AR0 AR0 AR1 AR2 AR3 AR4 AR5 AR6 AR7 AR9, ERR_OK, "0012345679", NULL},
	{"IR", FA1 FA2 FA3 FA4 FA5 FA6 FA7 FA9, ERR_OK, "0012345679", NULL},
	{"IR", "00" FA1 "2345" AR6 "79", ERR_OK, "0012345679", NULL},
	{"IR", "001-234567-9", ERR_OK, "0012345679", NULL},
	{"IR", " 001 234 567 9 ", ERR_OK, "0012345679", NULL},
	{"IR", "001.234.567.9", ERR_OK, "0012345679", NULL},
	{"IR", "001" NBSP "2345679\t", ERR_OK, "0012345679", NULL},
	{"IR", RLM FA0 FA0 FA1 FA2 FA3 FA4 FA5 FA6 FA7 FA9 RLM, ERR_OK, "0012345679", NULL},
	/* Ten equal digits pass the check digit but are refused. */
	{"IR", "1111111111", ERR_INVALID, "repeated_digits", "national_id"},
	{"IR", "0000000000", ERR_INVALID, "repeated_digits", "national_id"},
	{"IR", "00000000", ERR_INVALID, "repeated_digits", "national_id"},
	{"IR", "9999999999", ERR_INVALID, "repeated_digits", "national_id"},
	/* Not digits. */
	{"IR", "00123456a9", ERR_INVALID, "invalid", "national_id"},
	{"IR", "+0012345679", ERR_INVALID, "invalid", "national_id"},
	{"IR", "0012345679/", ERR_INVALID, "invalid", "national_id"},
	{"IR",
	 "\xef\xbc\x90\xef\xbc\x90"
	 "12345679",
	 ERR_INVALID, "invalid", "national_id"},
	{"IR", "00123456\xdb", ERR_INVALID, "invalid", "national_id"},
	{"IR", "\xff", ERR_INVALID, "invalid", "national_id"},
	{"IR", "", ERR_INVALID, "required", "national_id"},
	{"IR", " - . ", ERR_INVALID, "required", "national_id"},
	{"IR", NULL, ERR_INVALID, "required", "national_id"},
	/* A letter is reported before the length. */
	{"IR", "x0012345679001234567900123456790012345679", ERR_INVALID, "invalid", "national_id"},

	/* Vietnam: 12 digits, a real province code first. */
	{"VN", "001200012345", ERR_OK, "001200012345", NULL},
	{"VN", "079312001234", ERR_OK, "079312001234", NULL},
	{"VN", "096099000001", ERR_OK, "096099000001", NULL},
	{"VN", "079 312 001 234", ERR_OK, "079312001234", NULL},
	{"VN", FA0 FA7 FA9 "312001234", ERR_OK, "079312001234", NULL},
	{"VN", "003200012345", ERR_INVALID, "unknown_province", "national_id"},
	{"VN", "000200012345", ERR_INVALID, "unknown_province", "national_id"},
	{"VN", "097200012345", ERR_INVALID, "unknown_province", "national_id"},
	{"VN", "999200012345", ERR_INVALID, "unknown_province", "national_id"},
	{"VN", "07931200123", ERR_INVALID, "wrong_length", "national_id"},
	{"VN", "0793120012345", ERR_INVALID, "wrong_length", "national_id"},
	{"VN", "79312001234", ERR_INVALID, "wrong_length", "national_id"}, /* no padding */
	{"VN", "0012345679", ERR_INVALID, "wrong_length", "national_id"},
	{"VN", "07931200123A", ERR_INVALID, "invalid", "national_id"},
	{"VN", "", ERR_INVALID, "required", "national_id"},

	/* Other countries. */
	{"XX", "0012345679", ERR_INVALID, "unknown_country", "country"},
	{"ir", "0012345679", ERR_INVALID, "unknown_country", "country"},
	{"", "0012345679", ERR_INVALID, "unknown_country", "country"},
	{NULL, "0012345679", ERR_INVALID, "unknown_country", "country"},
};

UNIT_TEST(test_canonical)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(canon); i++) {
		const struct canon_case *t = &canon[i];
		struct problem p = {.err = 12345};
		char out[NID_MAX];
		memset(out, 'x', sizeof(out));
		int rc = nid_canonical(t->country, t->raw, out, &p);
		bool ok;
		if (t->err == ERR_OK)
			ok = rc == ERR_OK && !strcmp(out, t->want) && p.err == 12345;
		else
			ok = rc == t->err && p.err == rc && p.code && !strcmp(p.code, t->want) &&
			     p.field && !strcmp(p.field, t->field) && p.detail && out[0] == '\0';
		if (!ok)
			fail_msg("case %zu (%s \"%s\"): rc %d, out \"%.16s\", code %s, field %s", i,
				 t->country ? t->country : "NULL", t->raw ? t->raw : "NULL", rc,
				 out, rc && p.code ? p.code : "-", rc && p.field ? p.field : "-");
	}
}

/* The sentences a clerk reads. */
UNIT_TEST(test_messages)
{
	UNUSED(state);
	struct problem p;
	char out[NID_MAX];
	assert_int_equal(nid_canonical("IR", "123", out, &p), ERR_INVALID);
	assert_string_equal(p.detail, "An Iranian national code has 10 digits.");
	assert_int_equal(nid_canonical("IR", "0012345678", out, &p), ERR_INVALID);
	assert_string_equal(
		p.detail, "This national code's check digit is wrong; check for a typing mistake.");
	assert_int_equal(nid_canonical("IR", "2222222222", out, &p), ERR_INVALID);
	assert_string_equal(p.detail, "A national code cannot be ten equal digits.");
	assert_int_equal(nid_canonical("VN", "003200012345", out, &p), ERR_INVALID);
	assert_non_null(strstr(p.detail, "province"));
	/* A NULL problem is allowed. */
	assert_int_equal(nid_canonical("IR", "0012345678", out, NULL), ERR_INVALID);
	assert_int_equal(nid_check_ir("0012345678", NULL), ERR_INVALID);
	assert_int_equal(nid_check_vn("003200012345", NULL), ERR_INVALID);
}

UNIT_TEST(test_normalize)
{
	UNUSED(state);
	char out[11];
	assert_int_equal(nid_normalize(FA0 FA0 FA1 FA2 FA3 FA4 FA5 FA6 FA7 FA9, out, sizeof(out)),
			 ERR_OK);
	assert_string_equal(out, "0012345679");
	assert_int_equal(nid_normalize("12-34 56.7", out, sizeof(out)), ERR_OK);
	assert_string_equal(out, "1234567");
	/* Exactly full, then one too many. */
	assert_int_equal(nid_normalize("0123456789", out, sizeof(out)), ERR_OK);
	assert_string_equal(out, "0123456789");
	assert_int_equal(nid_normalize("01234567890", out, sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "");
	assert_int_equal(nid_normalize("", out, sizeof(out)), ERR_INVALID);
	assert_int_equal(nid_normalize("   ", out, sizeof(out)), ERR_INVALID);
	assert_int_equal(nid_normalize("12a", out, sizeof(out)), ERR_INVALID);
	assert_string_equal(out, "");
	assert_int_equal(nid_normalize(NULL, out, sizeof(out)), ERR_INVALID);
	assert_int_equal(nid_normalize("1", out, 1), ERR_INVALID);
	assert_int_equal(nid_normalize("1", out, 0), ERR_INVALID);
	/* A lead byte at the very end is not read past. */
	assert_int_equal(nid_normalize("1\xdb", out, sizeof(out)), ERR_INVALID);
	assert_int_equal(nid_normalize("1\xe2\x80", out, sizeof(out)), ERR_INVALID);
}

UNIT_TEST(test_check_ir)
{
	UNUSED(state);
	struct problem p;
	assert_int_equal(nid_check_ir("0012345679", &p), ERR_OK);
	assert_int_equal(nid_check_ir("12345679", &p), ERR_OK);
	assert_int_equal(nid_check_ir("012345679", &p), ERR_OK);
	assert_int_equal(nid_check_ir(FA0 FA0 FA1 FA2 FA3 FA4 FA5 FA6 FA7 FA9, &p), ERR_INVALID);
	assert_string_equal(p.code, "invalid"); /* ASCII digits only: normalise first */
	assert_int_equal(nid_check_ir("1234567", &p), ERR_INVALID);
	assert_string_equal(p.code, "wrong_length");
	assert_int_equal(nid_check_ir(NULL, &p), ERR_INVALID);
	assert_string_equal(p.code, "required");
	/* Exactly one of the ten possible last digits is right. */
	char code[11] = "0499370890";
	int right = 0;
	for (char c = '0'; c <= '9'; c++) {
		code[9] = c;
		right += nid_check_ir(code, NULL) == ERR_OK;
	}
	assert_int_equal(right, 1);
}

struct birth_case {
	const char *cccd, *birth;
	char sex;
	int err;
	const char *code, *field;
};

static const struct birth_case births[] = {
	{"079312001234", "2012-05-01", 'F', ERR_OK, NULL, NULL},
	{"079212001234", "2012-05-01", 'M', ERR_OK, NULL, NULL},
	{"001099001234", "1999-12-31", 'M', ERR_OK, NULL, NULL},
	{"001199001234", "1999-12-31", 'F', ERR_OK, NULL, NULL},
	{"001200001234", "2000-01-01", 'M', ERR_OK, NULL, NULL},
	{"001405001234", "2105-01-01", 'M', ERR_OK, NULL, NULL},
	{"001505001234", "2105-01-01", 'F', ERR_OK, NULL, NULL},
	/* Sex disagrees. */
	{"079312001234", "2012-05-01", 'M', ERR_INVALID, "sex_mismatch", "national_id"},
	{"079212001234", "2012-05-01", 'F', ERR_INVALID, "sex_mismatch", "national_id"},
	/* Year disagrees. */
	{"079312001234", "2013-05-01", 'F', ERR_INVALID, "birth_year_mismatch", "national_id"},
	{"079312001234", "2021-05-01", 'F', ERR_INVALID, "birth_year_mismatch", "national_id"},
	/* Century disagrees: same last two digits, other century. */
	{"079312001234", "1912-05-01", 'F', ERR_INVALID, "century_mismatch", "national_id"},
	{"079112001234", "2012-05-01", 'F', ERR_INVALID, "century_mismatch", "national_id"},
	{"079512001234", "2012-05-01", 'F', ERR_INVALID, "century_mismatch", "national_id"},
	{"079612001234", "2012-05-01", 'M', ERR_INVALID, "century_mismatch", "national_id"},
	{"079912001234", "2012-05-01", 'F', ERR_INVALID, "century_mismatch", "national_id"},
	/* The id itself. */
	{"003312001234", "2012-05-01", 'F', ERR_INVALID, "unknown_province", "national_id"},
	{"07931200123", "2012-05-01", 'F', ERR_INVALID, "wrong_length", "national_id"},
	{NULL, "2012-05-01", 'F', ERR_INVALID, "required", "national_id"},
	/* The other inputs. */
	{"079312001234", "2012-02-30", 'F', ERR_INVALID, "invalid", "birth_date"},
	{"079312001234", "12/05/2012", 'F', ERR_INVALID, "invalid", "birth_date"},
	{"079312001234", NULL, 'F', ERR_INVALID, "invalid", "birth_date"},
	{"079312001234", "2012-05-01", 'f', ERR_INVALID, "invalid", "sex"},
	{"079312001234", "2012-05-01", 'X', ERR_INVALID, "invalid", "sex"},
	{"079312001234", "2012-05-01", '\0', ERR_INVALID, "invalid", "sex"},
};

UNIT_TEST(test_vn_birth)
{
	UNUSED(state);
	for (size_t i = 0; i < ARRAY_SIZE(births); i++) {
		const struct birth_case *t = &births[i];
		struct problem p = {.err = 12345};
		int rc = nid_check_vn_birth(t->cccd, t->birth, t->sex, &p);
		bool ok;
		if (t->err == ERR_OK)
			ok = rc == ERR_OK && p.err == 12345;
		else
			ok = rc == t->err && p.err == rc && !strcmp(p.code, t->code) &&
			     !strcmp(p.field, t->field) && p.detail;
		if (!ok)
			fail_msg("case %zu (%s %s %c): rc %d, code %s, field %s", i,
				 t->cccd ? t->cccd : "NULL", t->birth ? t->birth : "NULL",
				 t->sex ? t->sex : '0', rc, rc ? p.code : "-", rc ? p.field : "-");
	}
	struct problem p;
	assert_int_equal(nid_check_vn_birth("079312001234", "2012-05-01", 'M', &p), ERR_INVALID);
	assert_string_equal(
		p.detail,
		"The 4th digit of this id number says female, but the sex given is male.");
}

UNIT_TEST(test_provinces)
{
	UNUSED(state);
	assert_string_equal(nid_vn_province_name("001"), "Hà Nội");
	assert_string_equal(nid_vn_province_name("079"), "Hồ Chí Minh");
	assert_string_equal(nid_vn_province_name("096"), "Cà Mau");
	assert_string_equal(nid_vn_province_name("046"), "Thừa Thiên Huế");
	/* Three characters are read, nothing after them. */
	assert_string_equal(nid_vn_province_name("0480000"), "Đà Nẵng");
	static const char *const unknown[] = {"000", "003", "005", "097", "099", "100", "abc"};
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_null(nid_vn_province_name(unknown[i]));
	/* 63 codes, ascending, each found by name lookup. */
	size_t n = 0;
	const char *code, *name, *prev = "000";
	while ((code = nid_vn_province_at(n, &name))) {
		assert_int_equal(strlen(code), 3);
		assert_true(strcmp(prev, code) < 0);
		assert_ptr_equal(nid_vn_province_name(code), name);
		prev = code;
		n++;
	}
	assert_int_equal(n, 63);
	assert_null(nid_vn_province_at(63, NULL));
	assert_non_null(nid_vn_province_at(0, NULL));
}

UNIT_TEST(test_ir_make)
{
	UNUSED(state);
	static const uint32_t seeds[] = {0,	    1,	       12345679,   1234567,    111111111,
					 222222222, 999999999, 1000000000, 4294967295u};
	char out[11];
	nid_ir_make(1234567, out); /* 001234567 -> check digit 9 */
	assert_string_equal(out, "0012345679");
	nid_ir_make(0, out); /* nine zeros: the ninth is bumped */
	assert_string_equal(out, "0000000019");
	nid_ir_make(1000000000, out); /* mod 10^9 */
	assert_string_equal(out, "0000000019");
	for (size_t i = 0; i < ARRAY_SIZE(seeds); i++) {
		nid_ir_make(seeds[i], out);
		assert_int_equal(strlen(out), 10);
		assert_int_equal(nid_check_ir(out, NULL), ERR_OK);
	}
	for (uint32_t s = 0; s < 200000; s++) {
		nid_ir_make(s * 4999u + 17u, out);
		if (nid_check_ir(out, NULL) != ERR_OK)
			fail_msg("seed %" PRIu32 ": %s", s * 4999u + 17u, out);
	}
	for (uint32_t d = 0; d <= 9; d++) {
		nid_ir_make(d * 111111111u, out);
		assert_int_equal(nid_check_ir(out, NULL), ERR_OK);
	}
}

UNIT_TEST(test_vn_make)
{
	UNUSED(state);
	char out[13];
	nid_vn_make("079", 2012, 'F', 1234, out);
	assert_string_equal(out, "079312001234");
	nid_vn_make("001", 1999, 'M', 4001234, out); /* serial mod 10^6 */
	assert_string_equal(out, "001099001234");
	nid_vn_make("096", 2399, 'F', 999999, out);
	assert_string_equal(out, "096999999999");
	static const int years[] = {1900, 1950, 1999, 2000, 2012, 2099, 2100, 2199};
	const char *code;
	for (size_t i = 0; (code = nid_vn_province_at(i, NULL)); i++) {
		for (size_t y = 0; y < ARRAY_SIZE(years); y++) {
			for (int s = 0; s < 2; s++) {
				char sex = s ? 'F' : 'M';
				char birth[11];
				snprintf(birth, sizeof(birth), "%04d-06-15", years[y]);
				nid_vn_make(code, years[y], sex, (uint32_t)(i * 7919 + y), out);
				struct problem p;
				assert_int_equal(nid_check_vn(out, &p), ERR_OK);
				assert_int_equal(nid_check_vn_birth(out, birth, sex, &p), ERR_OK);
				assert_int_equal(nid_check_vn_birth(out, birth, s ? 'M' : 'F', &p),
						 ERR_INVALID);
				char canon_out[NID_MAX];
				assert_int_equal(nid_canonical("VN", out, canon_out, &p), ERR_OK);
				assert_string_equal(canon_out, out);
			}
		}
	}
}

UNIT_MAIN()
