/*
 * gradebook.c: the stored row of a student's assessments, its values and
 * the results computed from it (gradebook.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "core/json.h"
#include "domain/teaching/gradebook.h"

/* One character per slot in the stored text, in enum order. */
static const char slot_keys[GB__SLOTS] = {'1', '2', '3', '4', '5', '6',
					  'm', 'f', 's', 'l', 't', 'p'};
static const char *const slot_names[GB__SLOTS] = {
	"regular1", "regular2", "regular3", "regular4", "regular5", "regular6",
	"midterm",  "final",	"score",    "level",	"test",	    "pass",
};

void gb_row_init(struct gb_row *r)
{
	for (int k = 0; k < GB_TERMS; k++)
		for (int i = 0; i < GB__SLOTS; i++)
			r->v[k][i] = GB_NONE;
}

static int slot_of_key(char c)
{
	for (int i = 0; i < GB__SLOTS; i++)
		if (slot_keys[i] == c)
			return i;
	return -1;
}

int gb_decode(const char *s, size_t len, struct gb_row *r)
{
	gb_row_init(r);
	const char *p = s, *end = s + len;
	int term = 0;
	while (p < end) {
		if (*p == '|') {
			if (++term >= GB_TERMS)
				return ERR_INVALID;
			p++;
			continue;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		int slot = slot_of_key(*p);
		if (slot < 0 || p + 2 >= end || p[1] != '=')
			return ERR_INVALID;
		p += 2;
		int v = 0, digits = 0;
		while (p < end && *p >= '0' && *p <= '9' && digits < 6) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (!digits || (p < end && *p != ',' && *p != '|'))
			return ERR_INVALID;
		r->v[term][slot] = v;
	}
	return ERR_OK;
}

size_t gb_encode(const struct gb_row *r, char *out)
{
	size_t n = 0;
	for (int k = 0; k < GB_TERMS; k++) {
		if (k)
			out[n++] = '|';
		bool first = true;
		for (int i = 0; i < GB__SLOTS; i++) {
			int v = r->v[k][i];
			if (v == GB_NONE)
				continue;
			if (v < 0 || v > 999999)
				v = 0; /* never stored: values are checked on entry */
			if (!first)
				out[n++] = ',';
			first = false;
			out[n++] = slot_keys[i];
			out[n++] = '=';
			char tmp[8];
			int m = 0;
			do {
				tmp[m++] = (char)('0' + v % 10);
				v /= 10;
			} while (v);
			while (m)
				out[n++] = tmp[--m];
		}
	}
	/* Trailing separators of empty terms carry nothing. */
	while (n && out[n - 1] == '|')
		n--;
	out[n] = '\0';
	return n;
}

int gb_slot_parse(const char *name)
{
	for (int i = 0; name && i < GB__SLOTS; i++)
		if (!strcmp(name, slot_names[i]))
			return i;
	return -1;
}

const char *gb_slot_name(enum gb_slot s)
{
	return (unsigned)s < GB__SLOTS ? slot_names[s] : "unknown";
}

int gb_slot_check(enum policy_id pol, bool scored, enum gb_slot slot, struct problem *p)
{
	bool ok = false;
	const char *detail = "";
	switch (pol) {
	case POLICY_VN_TT22:
		ok = scored ? slot <= GB_FINAL : slot == GB_PASS;
		detail = scored ? "A scored subject takes regular1 to regular6, midterm and final."
				: "A subject assessed by comment takes pass.";
		break;
	case POLICY_VN_TT27:
		ok = slot == GB_LEVEL || (scored && slot == GB_TEST);
		detail = scored ? "This subject takes level and test."
				: "This subject takes level; it has no periodic test.";
		break;
	case POLICY_IR_DESCRIPTIVE:
		ok = slot == GB_LEVEL;
		detail = "Descriptive evaluation takes level.";
		break;
	case POLICY_IR_20:
		ok = slot == GB_SCORE;
		detail = "This subject takes score (0-20).";
		break;
	default:
		break;
	}
	return ok ? ERR_OK : problem_set(p, P_WRONG_ASSESSMENT, "assessment", detail);
}

static int read_code(json_t *v, const char *(*code)(int), int n, const char *field,
		     const char *detail, int *out, struct problem *p)
{
	if (!json_is_string(v))
		return problem_set(p, P_TYPE, field, detail);
	for (int i = 0; i < n; i++)
		if (!strcmp(json_string_value(v), code(i))) {
			*out = i;
			return ERR_OK;
		}
	return problem_set(p, P_UNKNOWN_VALUE, field, detail);
}

static const char *tt27_code(int i)
{
	return tt27_subject_code((enum tt27_subject_level)i);
}

static const char *ird_code(int i)
{
	return ird_level_code((enum ird_level)i);
}

static int read_dec(json_t *v, int max, int step, const char *field, const char *detail, int *out,
		    struct problem *p)
{
	int h = 0;
	enum problem_id id = dec_from_json(v, max, step, &h);
	if (id != P_NONE)
		return problem_set(p, id, field, detail);
	*out = h;
	return ERR_OK;
}

int gb_value_read(enum policy_id pol, enum gb_slot slot, json_t *v, const char *field, int *out,
		  struct problem *p)
{
	if (!v || json_is_null(v)) {
		*out = GB_NONE;
		return ERR_OK;
	}
	switch (slot) {
	case GB_PASS:
		if (!json_is_boolean(v))
			return problem_set(p, P_TYPE, field,
					   "Passed (true, Đạt) or not (false, Chưa đạt).");
		*out = json_is_true(v);
		return ERR_OK;
	case GB_LEVEL:
		if (pol == POLICY_VN_TT27)
			return read_code(v, tt27_code, 3, field,
					 "The level is hoan_thanh_tot, hoan_thanh or "
					 "chua_hoan_thanh.",
					 out, p);
		return read_code(v, ird_code, 4, field,
				 "The level is very_good, good, acceptable or needs_effort.", out,
				 p);
	case GB_TEST:
		return read_dec(v, 1000, 100, field,
				"A periodic test is a whole number from 0 to 10.", out, p);
	case GB_SCORE:
		return read_dec(v, 2000, 1, field,
				"A score is a number from 0 to 20 with at most two decimals.", out,
				p);
	default:
		return read_dec(v, 1000, 10, field,
				"A score is a number from 0 to 10 with at most one decimal.", out,
				p);
	}
}

json_t *gb_value_json(enum policy_id pol, enum gb_slot slot, int v)
{
	if (v == GB_NONE)
		return json_null();
	switch (slot) {
	case GB_PASS:
		return json_boolean(v);
	case GB_LEVEL: {
		const char *c = pol == POLICY_VN_TT27 ? tt27_code(v) : ird_code(v);
		return c ? json_string(c) : json_null();
	}
	case GB_TEST:
		return json_integer(v / 100);
	default:
		/* Printed with ten significant digits: 830 is 8.3. */
		return json_real(v / 100.0);
	}
}

bool gb_policy_comments(enum policy_id pol)
{
	return pol == POLICY_VN_TT27 || pol == POLICY_IR_DESCRIPTIVE;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int gb_comment_read(json_t *v, const char *field, struct arena *a, const char **out,
		    struct problem *p)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_string(v))
		return problem_set(p, P_TYPE, field, "A comment is text, or null to erase it.");
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	while (len && is_blank(*s))
		s++, len--;
	while (len && is_blank(s[len - 1]))
		len--;
	if (!len)
		return ERR_OK;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch < 0x20 && !is_blank((char)ch)) || ch == 0x7f)
			return problem_set(p, P_INVALID, field,
					   "A comment is text: lines, no control characters.");
	}
	if (!utf8_valid(s, len) || utf8_length(s, len) > GB_COMMENT_MAX)
		return problem_set(p, P_TOO_LONG, field, "A comment has at most 2000 characters.");
	*out = arena_strndup(a, s, len);
	return *out ? ERR_OK : ERR_NOMEM;
}

void gb_qualities_init(struct gb_qualities *q)
{
	for (int k = 0; k < GB_TERMS; k++)
		for (int i = 0; i < GB_QUALITIES; i++)
			q->v[k][i] = GB_NONE;
}

int gb_qualities_decode(const char *s, size_t len, struct gb_qualities *q)
{
	gb_qualities_init(q);
	int term = 0, i = 0;
	bool ok = true;
	for (size_t at = 0; ok && at < len; at++) {
		char ch = s[at];
		if (ch == '|') {
			ok = ++term < GB_TERMS;
			i = 0;
		} else if (i < GB_QUALITIES && (ch == '-' || (ch >= '0' && ch <= '2'))) {
			q->v[term][i++] = ch == '-' ? GB_NONE : ch - '0';
		} else {
			ok = false;
		}
	}
	if (ok)
		return ERR_OK;
	gb_qualities_init(q);
	return ERR_INVALID;
}

size_t gb_qualities_encode(const struct gb_qualities *q, char *out)
{
	size_t n = 0;
	for (int k = 0; k < GB_TERMS; k++) {
		if (k)
			out[n++] = '|';
		for (int i = 0; i < GB_QUALITIES; i++) {
			static const char marks[] = "012-"; /* by level; unrated */
			int v = q->v[k][i];
			out[n++] = marks[v >= TT27_TOT && v <= TT27_CCG ? v : 3];
		}
	}
	out[n] = '\0';
	return n;
}

int gb_qualities_read(json_t *v, const char *field, struct arena *a, int levels[GB_QUALITIES],
		      bool set[GB_QUALITIES], struct problem *p)
{
	for (int i = 0; i < GB_QUALITIES; i++) {
		levels[i] = GB_NONE;
		set[i] = false;
	}
	if (!json_is_object(v))
		return problem_set(p, P_TYPE, field,
				   "The qualities and competences are an object: "
				   "{\"yeu_nuoc\": \"tot\", ...}.");
	if (!json_object_size(v))
		return problem_set(p, P_REQUIRED, field,
				   "Rate at least one quality or competence.");
	const char *key;
	json_t *lv;
	json_object_foreach(v, key, lv)
	{
		int q = tt27_quality_parse(key);
		const char *at = strlen(key) <= 32 ? arena_printf(a, "%s.%s", field, key) : field;
		if (!at)
			return ERR_NOMEM;
		if (q < 0)
			return problem_set(
				p, P_UNKNOWN_VALUE, at,
				"The qualities are yeu_nuoc, nhan_ai, cham_chi, "
				"trung_thuc, trach_nhiem; the competences tu_chu_tu_hoc, "
				"giao_tiep_hop_tac, giai_quyet_van_de, ngon_ngu, tinh_toan, "
				"khoa_hoc, cong_nghe, tin_hoc, tham_mi, the_chat.");
		set[q] = true;
		if (json_is_null(lv))
			continue;
		const char *name = json_string_value(lv);
		for (int l = TT27_TOT; name && l <= TT27_CCG; l++)
			if (!strcmp(name, tt27_quality_level_code((enum tt27_quality_level)l)))
				levels[q] = l;
		if (levels[q] == GB_NONE)
			return problem_set(p, name ? P_UNKNOWN_VALUE : P_TYPE, at,
					   "The level is tot, dat or can_co_gang (null erases).");
	}
	return ERR_OK;
}

json_t *gb_qualities_json(const int levels[GB_QUALITIES])
{
	json_t *o = json_object();
	for (int i = 0; i < GB_QUALITIES; i++) {
		const char *code =
			levels[i] == GB_NONE
				? NULL
				: tt27_quality_level_code((enum tt27_quality_level)levels[i]);
		json_object_set_new(o, tt27_quality_name(i),
				    code ? json_string(code) : json_null());
	}
	return o;
}

void gb_subject_result(enum policy_id pol, bool scored, const struct gb_row *r,
		       struct gb_subject_result *out)
{
	for (int k = 0; k < GB_TERMS; k++) {
		const int *v = r->v[k];
		out->test[k] = v[GB_TEST];
		out->term[k] = GB_NONE;
		switch (pol) {
		case POLICY_VN_TT22:
			if (!scored) {
				out->term[k] = v[GB_PASS];
				break;
			}
			if (v[GB_MIDTERM] != GB_NONE && v[GB_FINAL] != GB_NONE) {
				struct tt22_scores s = {.midterm = v[GB_MIDTERM],
							.final = v[GB_FINAL]};
				for (int i = GB_R1; i <= GB_R6; i++)
					if (v[i] != GB_NONE)
						s.regular[s.nregular++] = v[i];
				if (s.nregular)
					out->term[k] = tt22_term_average(&s);
			}
			break;
		case POLICY_VN_TT27:
		case POLICY_IR_DESCRIPTIVE:
			out->term[k] = v[GB_LEVEL];
			break;
		case POLICY_IR_20:
			out->term[k] = v[GB_SCORE];
			break;
		default:
			break;
		}
	}
	out->year_test = out->test[GB_TERMS - 1];
	if (pol == POLICY_VN_TT22 && scored)
		out->year = out->term[0] != GB_NONE && out->term[1] != GB_NONE
				    ? tt22_year_average(out->term[0], out->term[1])
				    : GB_NONE;
	else
		out->year = out->term[GB_TERMS - 1];
}

/* vn-tt22: a level from the scored subjects' averages and the commented
 * subjects' pass; below 5.0 and Chưa đạt flagged. */
static void overall_tt22(int n, const struct gb_mark *m, struct gb_overall *out)
{
	int values[GB_MAX_SUBJECTS];
	struct tt22_standing st = {.averages = values};
	for (int i = 0; i < n; i++) {
		if (m[i].scored) {
			values[st.nscored++] = m[i].value;
			if (m[i].value != GB_NONE && m[i].value < 500)
				out->flagged |= 1ull << i;
		} else {
			st.ncommented++;
			if (m[i].value == 0) {
				st.commented_failed++;
				out->flagged |= 1ull << i;
			}
		}
	}
	if (out->complete)
		out->result = tt22_level_code(tt22_result(&st));
}

/* vn-tt27: an outcome from the subjects' levels, their periodic tests and
 * the qualities and competences (the required ones rated, every rated one
 * counted); Chưa hoàn thành flagged. */
static void overall_tt27(int n, const struct gb_mark *m, const int *qualities,
			 struct gb_overall *out)
{
	int values[GB_MAX_SUBJECTS], tests[GB_MAX_SUBJECTS], q[GB_QUALITIES];
	struct tt27_standing st = {
		.nsubjects = n, .subject_levels = values, .tests = tests, .quality_levels = q};
	for (int i = 0; i < GB_QUALITIES; i++) {
		int l = qualities ? qualities[i] : GB_NONE;
		if (l != GB_NONE)
			q[st.nqualities++] = l;
		else if (i < TT27_QUALITIES_REQUIRED)
			out->complete = false;
	}
	for (int i = 0; i < n; i++) {
		values[i] = m[i].value;
		tests[i] = m[i].test == GB_NONE ? -1 : m[i].test / 100;
		if (m[i].value == TT27_CHT)
			out->flagged |= 1ull << i;
	}
	if (out->complete)
		out->result = tt27_outcome_code(tt27_result(&st));
}

/* ir-descriptive: promoted, or remedial with a level needing effort. */
static void overall_ird(int n, const struct gb_mark *m, struct gb_overall *out)
{
	for (int i = 0; i < n; i++)
		if (m[i].value == IRD_NEEDS_EFFORT)
			out->flagged |= 1ull << i;
	if (out->complete)
		out->result = out->flagged ? "remedial" : "promoted";
}

/* ir-20: the unit-weighted average; failed with a score below 10. */
static void overall_ir20(int n, const struct gb_mark *m, struct gb_overall *out)
{
	int values[GB_MAX_SUBJECTS], units[GB_MAX_SUBJECTS];
	for (int i = 0; i < n; i++) {
		values[i] = m[i].value;
		units[i] = m[i].units > 0 ? m[i].units : 1;
		if (m[i].value != GB_NONE && m[i].value < 1000)
			out->flagged |= 1ull << i;
	}
	if (out->complete) {
		out->average = ir20_average(n, values, units);
		out->result = out->flagged ? "failed" : "passed";
	}
}

void gb_overall(enum policy_id pol, int n, const struct gb_mark *m, const int *qualities,
		struct gb_overall *out)
{
	out->complete = n > 0;
	out->average = GB_NONE;
	out->flagged = 0;
	out->result = "incomplete";
	if (n > GB_MAX_SUBJECTS)
		n = GB_MAX_SUBJECTS;
	for (int i = 0; i < n; i++)
		if (m[i].value == GB_NONE)
			out->complete = false;
	switch (pol) {
	case POLICY_VN_TT22:
		overall_tt22(n, m, out);
		break;
	case POLICY_VN_TT27:
		overall_tt27(n, m, qualities, out);
		break;
	case POLICY_IR_DESCRIPTIVE:
		overall_ird(n, m, out);
		break;
	case POLICY_IR_20:
		overall_ir20(n, m, out);
		break;
	default:
		out->complete = false;
		break;
	}
}

/* ---- a class's students in a save ---- */

int gb_student_index(const int64_t *students, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (students[mid] == id)
			return mid;
		if (students[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int gb_entry_student(struct arena *a, const int64_t *students, int n, bool *seen, int i, int64_t id,
		     struct problem *p)
{
	int at = gb_student_index(students, n, id);
	if (at < 0 || seen[at])
		return problem_set(p, at < 0 ? P_NOT_IN_THIS_CLASS : P_DUPLICATE,
				   arena_printf(a, "grades[%d].student", i),
				   at < 0 ? "This student is not in the class."
					  : "This student is listed twice.");
	seen[at] = true;
	return at;
}
