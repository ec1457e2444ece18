#include "core/base.h"
#include "domain/common/calendar.h"
#include "domain/registry/nid.h"

#define FIELD "national_id"

enum scan {
	SCAN_OK,
	SCAN_EMPTY,
	SCAN_BADCHAR, /* something that is neither a digit nor a separator */
	SCAN_LONG,    /* more digits than fit */
};

/*
 * One pass over in: digits (ASCII, Persian, Arabic-Indic) are copied as ASCII,
 * separators skipped. A bad character outranks a length problem, so that the
 * clerk hears about the letter before the count.
 */
static enum scan scan_digits(const char *in, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0;
	bool bad = false, overflow = false;
	if (outlen)
		out[0] = '\0';
	if (!s)
		return SCAN_EMPTY;
	while (*s) {
		int digit = -1;
		size_t step = 1;
		if (*s >= '0' && *s <= '9') {
			digit = *s - '0';
		} else if (*s == ' ' || *s == '\t' || *s == '-' || *s == '.') {
			/* separator */
		} else if (s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9) {
			digit = s[1] - 0xB0; /* U+06F0-06F9 Persian */
			step = 2;
		} else if (s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9) {
			digit = s[1] - 0xA0; /* U+0660-0669 Arabic-Indic */
			step = 2;
		} else if ((s[0] == 0xC2 && s[1] == 0xA0) || (s[0] == 0xD8 && s[1] == 0x9C)) {
			step = 2; /* U+00A0 no-break space; U+061C Arabic letter mark (RTL paste) */
		} else if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F)) {
			step = 3; /* U+200E/200F left-to-right/right-to-left mark */
		} else {
			bad = true;
			break;
		}
		if (digit >= 0) {
			if (n + 1 < outlen)
				out[n] = (char)('0' + digit);
			else
				overflow = true;
			n++;
		}
		s += step;
	}
	if (bad) {
		if (outlen)
			out[0] = '\0';
		return SCAN_BADCHAR;
	}
	if (overflow) {
		if (outlen)
			out[0] = '\0';
		return SCAN_LONG;
	}
	if (n == 0)
		return SCAN_EMPTY;
	out[n] = '\0';
	return SCAN_OK;
}

int nid_normalize(const char *in, char *out, size_t outlen)
{
	return scan_digits(in, out, outlen) == SCAN_OK ? ERR_OK : ERR_INVALID;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ---- Iran ---- */

/* The check digit of the first nine digits of d. */
static int ir_check_digit(const char *d)
{
	int s = 0;
	for (int i = 0; i < 9; i++)
		s += (d[i] - '0') * (10 - i);
	int r = s % 11;
	return r < 2 ? r : 11 - r;
}

int nid_check_ir(const char *digits, struct problem *p)
{
	size_t n = digits ? strlen(digits) : 0;
	if (n == 0)
		return problem_set(p, P_REQUIRED, FIELD, "A national code is required.");
	if (!all_digits(digits, n))
		return problem_set(p, P_INVALID, FIELD,
				   "An Iranian national code has only digits.");
	if (n < 8 || n > 10)
		return problem_set(p, P_WRONG_LENGTH, FIELD,
				   "An Iranian national code has 10 digits.");
	char d[10];
	memset(d, '0', 10 - n);
	memcpy(d + 10 - n, digits, n);
	bool equal = true;
	for (int i = 1; i < 10; i++)
		equal = equal && d[i] == d[0];
	if (equal)
		return problem_set(p, P_REPEATED_DIGITS, FIELD,
				   "A national code cannot be ten equal digits.");
	if (d[9] - '0' != ir_check_digit(d))
		return problem_set(p, P_CHECK_DIGIT, FIELD,
				   "This national code's check digit is wrong; check for a "
				   "typing mistake.");
	return ERR_OK;
}

void nid_ir_make(uint32_t seed9, char out[11])
{
	uint32_t v = seed9 % 1000000000u;
	for (int i = 8; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	/* Nine equal digits d always get d as check digit (the weights sum to
	 * 54, and 54 = -1 mod 11), so change the ninth. */
	if (!memcmp(out, out + 1, 8))
		out[8] = (char)('0' + (out[8] - '0' + 1) % 10);
	out[9] = (char)('0' + ir_check_digit(out));
	out[10] = '\0';
}

/* ---- Vietnam ---- */

struct province {
	char code[4];
	const char *name;
};

/* Birth-registration province codes of Decree 137/2015, ascending. */
static const struct province provinces[] = {
	{"001", "Hà Nội"},	    {"002", "Hà Giang"},    {"004", "Cao Bằng"},
	{"006", "Bắc Kạn"},	    {"008", "Tuyên Quang"}, {"010", "Lào Cai"},
	{"011", "Điện Biên"},	    {"012", "Lai Châu"},    {"014", "Sơn La"},
	{"015", "Yên Bái"},	    {"017", "Hòa Bình"},    {"019", "Thái Nguyên"},
	{"020", "Lạng Sơn"},	    {"022", "Quảng Ninh"},  {"024", "Bắc Giang"},
	{"025", "Phú Thọ"},	    {"026", "Vĩnh Phúc"},   {"027", "Bắc Ninh"},
	{"030", "Hải Dương"},	    {"031", "Hải Phòng"},   {"033", "Hưng Yên"},
	{"034", "Thái Bình"},	    {"035", "Hà Nam"},	    {"036", "Nam Định"},
	{"037", "Ninh Bình"},	    {"038", "Thanh Hóa"},   {"040", "Nghệ An"},
	{"042", "Hà Tĩnh"},	    {"044", "Quảng Bình"},  {"045", "Quảng Trị"},
	{"046", "Thừa Thiên Huế"},  {"048", "Đà Nẵng"},	    {"049", "Quảng Nam"},
	{"051", "Quảng Ngãi"},	    {"052", "Bình Định"},   {"054", "Phú Yên"},
	{"056", "Khánh Hòa"},	    {"058", "Ninh Thuận"},  {"060", "Bình Thuận"},
	{"062", "Kon Tum"},	    {"064", "Gia Lai"},	    {"066", "Đắk Lắk"},
	{"067", "Đắk Nông"},	    {"068", "Lâm Đồng"},    {"070", "Bình Phước"},
	{"072", "Tây Ninh"},	    {"074", "Bình Dương"},  {"075", "Đồng Nai"},
	{"077", "Bà Rịa–Vũng Tàu"}, {"079", "Hồ Chí Minh"}, {"080", "Long An"},
	{"082", "Tiền Giang"},	    {"083", "Bến Tre"},	    {"084", "Trà Vinh"},
	{"086", "Vĩnh Long"},	    {"087", "Đồng Tháp"},   {"089", "An Giang"},
	{"091", "Kiên Giang"},	    {"092", "Cần Thơ"},	    {"093", "Hậu Giang"},
	{"094", "Sóc Trăng"},	    {"095", "Bạc Liêu"},    {"096", "Cà Mau"},
};

const char *nid_vn_province_name(const char code3[3])
{
	size_t lo = 0, hi = ARRAY_SIZE(provinces);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = memcmp(code3, provinces[mid].code, 3);
		if (c == 0)
			return provinces[mid].name;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *nid_vn_province_at(size_t i, const char **name)
{
	if (i >= ARRAY_SIZE(provinces))
		return NULL;
	if (name)
		*name = provinces[i].name;
	return provinces[i].code;
}

int nid_check_vn(const char *digits, struct problem *p)
{
	size_t n = digits ? strlen(digits) : 0;
	if (n == 0)
		return problem_set(p, P_REQUIRED, FIELD, "A personal id number is required.");
	if (!all_digits(digits, n))
		return problem_set(p, P_INVALID, FIELD,
				   "A Vietnamese personal id number has only digits.");
	if (n != 12)
		return problem_set(p, P_WRONG_LENGTH, FIELD,
				   "A Vietnamese personal id number has 12 digits.");
	if (!nid_vn_province_name(digits))
		return problem_set(p, P_UNKNOWN_PROVINCE, FIELD,
				   "The first three digits of this id number are not a province "
				   "code; check for a typing mistake.");
	return ERR_OK;
}

int nid_check_vn_birth(const char *cccd, const char *birth_date_iso, char sex, struct problem *p)
{
	int rc = nid_check_vn(cccd, p);
	if (rc)
		return rc;
	int year;
	if (!date_parse_iso(birth_date_iso, &year, NULL, NULL))
		return problem_set(p, P_INVALID, "birth_date",
				   "A birth date is a real date written like 2012-09-05.");
	if (sex != 'F' && sex != 'M')
		return problem_set(p, P_INVALID, "sex", "Sex is F or M.");
	int d4 = cccd[3] - '0';
	int century = 1900 + d4 / 2 * 100;
	if (year / 100 * 100 != century)
		return problem_set(p, P_CENTURY_MISMATCH, FIELD,
				   "The 4th digit of this id number gives a different century of "
				   "birth than the birth date.");
	if ((cccd[4] - '0') * 10 + (cccd[5] - '0') != year % 100)
		return problem_set(p, P_BIRTH_YEAR_MISMATCH, FIELD,
				   "The 5th and 6th digits of this id number are not the last two "
				   "digits of the birth year.");
	bool female = d4 % 2 == 1;
	if (female && sex == 'M')
		return problem_set(p, P_SEX_MISMATCH, FIELD,
				   "The 4th digit of this id number says female, but the sex "
				   "given is male.");
	if (!female && sex == 'F')
		return problem_set(p, P_SEX_MISMATCH, FIELD,
				   "The 4th digit of this id number says male, but the sex given "
				   "is female.");
	return ERR_OK;
}

void nid_vn_make(const char *province3, int year, char sex, uint32_t serial, char out[13])
{
	assert(nid_vn_province_name(province3) && year >= 1900 && year <= 2399 &&
	       (sex == 'F' || sex == 'M'));
	memcpy(out, province3, 3);
	out[3] = (char)('0' + (year / 100 - 19) * 2 + (sex == 'F'));
	out[4] = (char)('0' + year / 10 % 10);
	out[5] = (char)('0' + year % 10);
	uint32_t v = serial % 1000000u;
	for (int i = 11; i >= 6; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[12] = '\0';
}

/* ---- both ---- */

int nid_canonical(const char *country, const char *raw, char out[NID_MAX], struct problem *p)
{
	out[0] = '\0';
	bool ir = country && !strcmp(country, "IR");
	bool vn = country && !strcmp(country, "VN");
	if (!ir && !vn)
		return problem_set(p, P_UNKNOWN_COUNTRY, "country",
				   "National ids are known for Iran (IR) and Vietnam (VN) only.");
	char d[NID_MAX];
	switch (scan_digits(raw, d, sizeof(d))) {
	case SCAN_OK:
		break;
	case SCAN_EMPTY:
		return problem_set(p, P_REQUIRED, FIELD,
				   ir ? "A national code is required."
				      : "A personal id number is required.");
	case SCAN_BADCHAR:
		return problem_set(p, P_INVALID, FIELD,
				   ir ? "An Iranian national code has only digits."
				      : "A Vietnamese personal id number has only digits.");
	case SCAN_LONG:
		return problem_set(p, P_WRONG_LENGTH, FIELD,
				   ir ? "An Iranian national code has 10 digits."
				      : "A Vietnamese personal id number has 12 digits.");
	}
	int rc = ir ? nid_check_ir(d, p) : nid_check_vn(d, p);
	if (rc)
		return rc;
	size_t n = strlen(d);
	if (ir && n < 10) {
		memset(out, '0', 10 - n);
		memcpy(out + 10 - n, d, n + 1);
	} else {
		memcpy(out, d, n + 1);
	}
	return ERR_OK;
}
