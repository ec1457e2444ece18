#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/teaching/gradebook.h"

/* One character per slot in the stored text, in enum order. */
static const char slot_keys[GB__SLOTS] = { '1', '2', '3', '4', '5', '6',
					   'm', 'f', 's', 'l', 't', 'p' };
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

static int read_dec(json_t *v, int max, int step, const char *field, const char *detail,
		    int *out, struct problem *p)
{
	int h = 0;
	const char *code = dec_from_json(v, max, step, &h);
	if (code)
		return problem_code(p, code, field, detail);
	*out = h;
	return ERR_OK;
}

int gb_value_read(enum policy_id pol, enum gb_slot slot, json_t *v, const char *field,
		  int *out, struct problem *p)
{
	if (!v || json_is_null(v)) {
		*out = GB_NONE;
		return ERR_OK;
	}
	switch (slot) {
	case GB_PASS:
		if (!json_is_boolean(v))
			return problem_set(p, P_TYPE, field, "Passed (true, Đạt) or not (false, Chưa đạt).");
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
			return problem_set(p, P_INVALID, field, "A comment is text: lines, no control characters.");
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
		return problem_set(p, P_TYPE, field, "The qualities and competences are an object: "
				   "{\"yeu_nuoc\": \"tot\", ...}.");
	if (!json_object_size(v))
		return problem_set(p, P_REQUIRED, field, "Rate at least one quality or competence.");
	const char *key;
	json_t *lv;
	json_object_foreach(v, key, lv)
	{
		int q = tt27_quality_parse(key);
		const char *at = strlen(key) <= 32 ? arena_printf(a, "%s.%s", field, key) : field;
		if (!at)
			return ERR_NOMEM;
		if (q < 0)
			return problem_set(p, P_UNKNOWN_VALUE, at, "The qualities are yeu_nuoc, nhan_ai, cham_chi, "
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
			return problem_set(p, name ? P_UNKNOWN_VALUE : P_TYPE, at, "The level is tot, dat or can_co_gang (null erases).");
	}
	return ERR_OK;
}

json_t *gb_qualities_json(const int levels[GB_QUALITIES])
{
	json_t *o = json_object();
	for (int i = 0; i < GB_QUALITIES; i++) {
		const char *code = levels[i] == GB_NONE
					   ? NULL
					   : tt27_quality_level_code((enum tt27_quality_level)levels[i]);
		json_object_set_new(o, tt27_quality_name(i), code ? json_string(code) : json_null());
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
				struct tt22_scores s = { .midterm = v[GB_MIDTERM], .final = v[GB_FINAL] };
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
	int values[GB_MAX_SUBJECTS], tests[GB_MAX_SUBJECTS], units[GB_MAX_SUBJECTS];
	switch (pol) {
	case POLICY_VN_TT22: {
		struct tt22_standing st = { .averages = values };
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
		break;
	}
	case POLICY_VN_TT27: {
		/* Qualities and competences: the required ones rated, every rated
		 * one counted. */
		int q[GB_QUALITIES];
		struct tt27_standing st = { .nsubjects = n, .subject_levels = values, .tests = tests,
					    .quality_levels = q };
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
		break;
	}
	case POLICY_IR_DESCRIPTIVE:
		for (int i = 0; i < n; i++)
			if (m[i].value == IRD_NEEDS_EFFORT)
				out->flagged |= 1ull << i;
		if (out->complete)
			out->result = out->flagged ? "remedial" : "promoted";
		break;
	case POLICY_IR_20:
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
		break;
	default:
		out->complete = false;
		break;
	}
}

/* ---- stored gradebooks ---- */

/* The index of student id in students[0..n) (ascending), or -1. */
static int find_id(const int64_t *students, int n, int64_t id)
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

static int find_student(const struct gb_class_rows *r, int64_t id)
{
	return find_id(r->students, r->n, id);
}

/* The comments of the class's students for a subject, into r->comments. */
static int class_comments(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  int64_t subject_id, struct gb_class_rows *r)
{
	r->comments = arena_calloc(a, (size_t)r->n + 1, sizeof(*r->comments));
	if (!r->comments)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = { DBV_INT(subject_id), DBV_INT(cls->org_id), DBV_INT(cls->grade),
			      DBV_INT(cls->school_year), DBV_TEXT(cls->name) };
	int rc = db_query(c, Q_GRADEBOOK_COMMENTS_CLASS, v, 5, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = find_student(r, db_int(&res, 0));
		int64_t term = db_int(&res, 1);
		if (at < 0 || term < 1 || term > GB_TERMS)
			continue;
		size_t len;
		const char *text = db_text(&res, 2, &len);
		r->comments[at][term - 1] = arena_strndup(a, text, len);
		if (!r->comments[at][term - 1])
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_class_rows(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		  int64_t subject_id, bool comments, struct gb_class_rows *out)
{
	out->n = 0;
	out->comments = NULL;
	out->students = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(int64_t));
	out->rows = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(struct gb_row));
	if (!out->students || !out->rows)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = { DBV_INT(subject_id), DBV_INT(cls->org_id), DBV_INT(cls->grade),
			      DBV_INT(cls->school_year), DBV_TEXT(cls->name) };
	int rc = db_query(c, Q_GRADEBOOK_CLASS_SUBJECT, v, 5, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		out->students[out->n] = db_int(&res, 0);
		size_t len = 0;
		const char *text = db_null(&res, 1) ? "" : db_text(&res, 1, &len);
		/* A row that does not decode is shown empty rather than refused. */
		if (gb_decode(text, len, &out->rows[out->n]))
			gb_row_init(&out->rows[out->n]);
		out->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc && comments)
		rc = class_comments(c, a, cls, subject_id, out);
	return rc;
}

int gb_term_locked(struct db_conn *c, int64_t org_id, int school_year, int term, bool *locked)
{
	struct db_res res;
	struct db_val v[] = { DBV_INT(org_id), DBV_INT(school_year), DBV_INT(term) };
	int rc = db_row(c, Q_TERM_LOCK_GET, v, 3, &res);
	*locked = false;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	*locked = db_int(&res, 0) != 0;
	db_done(&res);
	return ERR_OK;
}

int gb_term_set(struct db_conn *c, int64_t org_id, int school_year, int term, bool lock,
		const char *reason, int64_t by_user, struct problem *p)
{
	bool locked;
	int rc = gb_term_locked(c, org_id, school_year, term, &locked);
	if (rc)
		return problem_err(p, rc);
	if (locked == lock)
		return problem_set(p, lock ? P_ALREADY_LOCKED : P_NOT_LOCKED, "term", lock ? "This term's report cards are locked already."
					: "This term's report cards are not locked.");
	int64_t now = time_now_unix();
	struct db_val v[] = { DBV_INT(org_id), DBV_INT(school_year), DBV_INT(term),
			      DBV_INT(lock), by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(now) };
	rc = db_exec(c, Q_TERM_LOCK_SET, v, 6, NULL);
	if (!rc) {
		struct db_val e[] = { DBV_INT(org_id),	 DBV_INT(school_year),
				      DBV_INT(term),	 DBV_TEXT(lock ? "lock" : "unlock"),
				      dbv_text_or_null(reason),
				      by_user ? DBV_INT(by_user) : DBV_NULL, DBV_INT(now) };
		rc = db_exec(c, Q_TERM_LOCK_EVENT_INSERT, e, 7, NULL);
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* Refuse a save of a locked term: ERR_CONFLICT "term_locked". */
static int term_open(struct db_conn *c, const struct class_ref *cls, int term, struct problem *p)
{
	bool locked;
	int rc = gb_term_locked(c, cls->org_id, cls->school_year, term, &locked);
	if (rc)
		return problem_err(p, rc);
	if (locked)
		return problem_set(p, P_TERM_LOCKED, "term", "The report cards of this term are locked; the principal "
				   "must unlock the term first.");
	return ERR_OK;
}

/* The index of entry i's student among the class's, refusing a student
 * not in the class or listed twice (seen[] marks those met). */
static int entry_student(struct arena *a, const int64_t *students, int n, bool *seen, int i,
			 int64_t id, struct problem *p)
{
	int at = find_id(students, n, id);
	if (at < 0 || seen[at])
		return problem_set(p, at < 0 ? P_NOT_IN_THIS_CLASS : P_DUPLICATE, arena_printf(a, "grades[%d].student", i), at < 0 ? "This student is not in the class."
					  : "This student is listed twice.");
	seen[at] = true;
	return at;
}

static bool same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

int gb_save_class(struct db_conn *c, struct arena *a, const struct gb_save *s, int *changed,
		  struct problem *p)
{
	*changed = 0;
	int rc = term_open(c, s->cls, s->term, p);
	if (rc)
		return rc;
	bool comments = false;
	for (int i = 0; i < s->n; i++)
		comments |= s->entries[i].has_comment;
	struct gb_class_rows rows;
	rc = gb_class_rows(c, a, s->cls, s->subject->id, comments, &rows);
	if (rc)
		return problem_err(p, rc);
	size_t nr = (size_t)rows.n + 1, ne = (size_t)s->n + 1;
	bool *dirty = arena_calloc(a, nr, sizeof(bool));
	bool *cdirty = arena_calloc(a, nr, sizeof(bool));
	bool *seen = arena_calloc(a, nr, sizeof(bool));
	const char **ctext = arena_calloc(a, nr, sizeof(*ctext));
	int *olds = arena_calloc(a, ne, sizeof(int));
	bool *vchanged = arena_calloc(a, ne, sizeof(bool));
	int64_t *ids = arena_calloc(a, nr, sizeof(int64_t));
	if (!dirty || !cdirty || !seen || !ctext || !olds || !vchanged || !ids)
		return problem_err(p, ERR_NOMEM);
	int k = s->term - 1;
	int64_t now = time_now_unix();
	for (int i = 0; i < s->n; i++) {
		const struct gb_entry *e = &s->entries[i];
		int at = entry_student(a, rows.students, rows.n, seen, i, e->student, p);
		if (at < 0)
			return at;
		const char *had = rows.comments ? rows.comments[at][k] : NULL;
		if (e->has_comment && !same_text(had, e->comment)) {
			cdirty[at] = true;
			ctext[at] = e->comment;
		}
		olds[i] = rows.rows[at].v[k][s->slot];
		if (e->keep_value || olds[i] == e->value)
			continue;
		rows.rows[at].v[k][s->slot] = e->value;
		dirty[at] = vchanged[i] = true;
	}
	int nids = 0;
	for (int i = 0; i < rows.n; i++)
		if (dirty[i] || cdirty[i])
			ids[nids++] = rows.students[i];
	if (s->before_write && nids) {
		rc = s->before_write(c, s->ctx, ids, nids);
		if (rc)
			return problem_err(p, rc);
	}
	for (int i = 0; i < s->n; i++) {
		int old = olds[i], now_v = s->entries[i].value;
		if (!vchanged[i] || old == GB_NONE)
			continue;
		struct db_val v[] = { DBV_INT(s->cls->org_id),
				      DBV_INT(s->cls->school_year),
				      DBV_INT(s->entries[i].student),
				      DBV_INT(s->subject->id),
				      DBV_INT(s->term),
				      DBV_TEXT(gb_slot_name(s->slot)),
				      DBV_INT(old),
				      now_v == GB_NONE ? DBV_NULL : DBV_INT(now_v),
				      s->by_user ? DBV_INT(s->by_user) : DBV_NULL,
				      DBV_INT(now) };
		rc = db_exec(c, Q_GRADE_CHANGE_INSERT, v, ARRAY_SIZE(v), NULL);
		if (rc)
			return problem_err(p, rc);
	}
	for (int i = 0; i < rows.n; i++) {
		if (dirty[i]) {
			char text[GB_TEXT_MAX];
			size_t len = gb_encode(&rows.rows[i], text);
			struct db_val v[] = { DBV_INT(s->cls->school_year),
					      DBV_INT(rows.students[i]),
					      DBV_INT(s->subject->id),
					      DBV_INT(s->cls->org_id),
					      DBV_TEXTN(text, len),
					      DBV_INT(now),
					      s->by_user ? DBV_INT(s->by_user) : DBV_NULL };
			rc = db_exec(c, Q_GRADEBOOK_UPSERT, v, ARRAY_SIZE(v), NULL);
		}
		if (!rc && cdirty[i] && ctext[i]) {
			struct db_val v[] = { DBV_INT(s->cls->school_year),
					      DBV_INT(rows.students[i]),
					      DBV_INT(s->subject->id),
					      DBV_INT(s->term),
					      DBV_INT(s->cls->org_id),
					      DBV_TEXT(ctext[i]),
					      DBV_INT(now),
					      s->by_user ? DBV_INT(s->by_user) : DBV_NULL };
			rc = db_exec(c, Q_GRADEBOOK_COMMENT_UPSERT, v, ARRAY_SIZE(v), NULL);
		} else if (!rc && cdirty[i]) {
			struct db_val v[] = { DBV_INT(s->cls->school_year), DBV_INT(rows.students[i]),
					      DBV_INT(s->subject->id), DBV_INT(s->term) };
			rc = db_exec(c, Q_GRADEBOOK_COMMENT_DELETE, v, ARRAY_SIZE(v), NULL);
		}
		if (rc)
			return problem_err(p, rc);
		*changed += dirty[i] || cdirty[i];
	}
	return ERR_OK;
}

int gb_class_qualities(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		       struct gb_class_qualities *out)
{
	out->n = 0;
	out->students = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(int64_t));
	out->rows = arena_alloc(a, CLASS_MAX_MEMBERS * sizeof(struct gb_qualities));
	if (!out->students || !out->rows)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = { DBV_INT(cls->org_id), DBV_INT(cls->grade), DBV_INT(cls->school_year),
			      DBV_TEXT(cls->name) };
	int rc = db_query(c, Q_GRADEBOOK_QUALITIES_CLASS, v, 4, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		out->students[out->n] = db_int(&res, 0);
		size_t len = 0;
		const char *text = db_null(&res, 1) ? "" : db_text(&res, 1, &len);
		/* A row that does not decode is shown unrated rather than refused. */
		gb_qualities_decode(text, len, &out->rows[out->n]);
		out->n++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_save_qualities(struct db_conn *c, struct arena *a, const struct gb_quality_save *s,
		      int *changed, struct problem *p)
{
	*changed = 0;
	int rc = term_open(c, s->cls, s->term, p);
	if (rc)
		return rc;
	struct gb_class_qualities rows;
	rc = gb_class_qualities(c, a, s->cls, &rows);
	if (rc)
		return problem_err(p, rc);
	size_t nr = (size_t)rows.n + 1;
	bool *dirty = arena_calloc(a, nr, sizeof(bool));
	bool *seen = arena_calloc(a, nr, sizeof(bool));
	int64_t *ids = arena_calloc(a, nr, sizeof(int64_t));
	struct gb_qualities *before = arena_alloc(a, nr * sizeof(*before));
	if (!dirty || !seen || !ids || !before)
		return problem_err(p, ERR_NOMEM);
	memcpy(before, rows.rows, (size_t)rows.n * sizeof(*before));
	int k = s->term - 1;
	for (int i = 0; i < s->n; i++) {
		const struct gb_quality_entry *e = &s->entries[i];
		int at = entry_student(a, rows.students, rows.n, seen, i, e->student, p);
		if (at < 0)
			return at;
		for (int q = 0; q < GB_QUALITIES; q++)
			if (e->set[q] && rows.rows[at].v[k][q] != e->levels[q]) {
				rows.rows[at].v[k][q] = e->levels[q];
				dirty[at] = true;
			}
	}
	int nids = 0;
	for (int i = 0; i < rows.n; i++)
		if (dirty[i])
			ids[nids++] = rows.students[i];
	if (s->before_write && nids) {
		rc = s->before_write(c, s->ctx, ids, nids);
		if (rc)
			return problem_err(p, rc);
	}
	int64_t now = time_now_unix();
	for (int i = 0; !rc && i < rows.n; i++) {
		if (!dirty[i])
			continue;
		for (int q = 0; !rc && q < GB_QUALITIES; q++) {
			int old = before[i].v[k][q], nv = rows.rows[i].v[k][q];
			if (old == nv || old == GB_NONE)
				continue;
			struct db_val v[] = { DBV_INT(s->cls->org_id),
					      DBV_INT(s->cls->school_year),
					      DBV_INT(rows.students[i]),
					      DBV_INT(s->term),
					      DBV_TEXT(tt27_quality_name(q)),
					      DBV_INT(old),
					      nv == GB_NONE ? DBV_NULL : DBV_INT(nv),
					      s->by_user ? DBV_INT(s->by_user) : DBV_NULL,
					      DBV_INT(now) };
			rc = db_exec(c, Q_QUALITY_CHANGE_INSERT, v, ARRAY_SIZE(v), NULL);
		}
		char text[GB_QUALITIES_TEXT];
		size_t len = gb_qualities_encode(&rows.rows[i], text);
		struct db_val v[] = { DBV_INT(s->cls->school_year),
				      DBV_INT(rows.students[i]),
				      DBV_INT(s->cls->org_id),
				      DBV_TEXTN(text, len),
				      DBV_INT(now),
				      s->by_user ? DBV_INT(s->by_user) : DBV_NULL };
		if (!rc)
			rc = db_exec(c, Q_GRADEBOOK_QUALITIES_UPSERT, v, ARRAY_SIZE(v), NULL);
		*changed += !rc;
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* The marks of a card's subjects for term k (GB_TERMS: the year). */
static void card_overall(struct gb_card *card, int k, struct gb_mark *marks)
{
	for (int i = 0; i < card->n; i++) {
		const struct gb_card_subject *s = &card->subjects[i];
		marks[i].scored = s->subject.scored;
		marks[i].units = s->subject.units;
		marks[i].value = k == GB_TERMS ? s->result.year : s->result.term[k];
		marks[i].test = k == GB_TERMS ? s->result.year_test : s->result.test[k];
	}
	const int *q = card->qualities.v[k == GB_TERMS ? GB_TERMS - 1 : k];
	gb_overall(card->policy, card->n, marks, q, k == GB_TERMS ? &card->year : &card->term[k]);
}

/* The student's comments of the year, onto the card's subjects. */
static int card_comments(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
			 struct gb_card *card)
{
	struct db_res res;
	struct db_val v[] = { DBV_INT(school_year), DBV_INT(person_id) };
	int rc = db_query(c, Q_GRADEBOOK_COMMENTS_STUDENT, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t subject = db_int(&res, 0), term = db_int(&res, 1);
		for (int i = 0; i < card->n; i++) {
			if (card->subjects[i].subject.id != subject || term < 1 || term > GB_TERMS)
				continue;
			size_t len;
			const char *text = db_text(&res, 2, &len);
			card->subjects[i].comments[term - 1] = arena_strndup(a, text, len);
			if (!card->subjects[i].comments[term - 1])
				rc = ERR_NOMEM;
		}
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_qualities_of(struct db_conn *c, int64_t person_id, int school_year, struct gb_qualities *q)
{
	struct db_res res;
	struct db_val v[] = { DBV_INT(school_year), DBV_INT(person_id) };
	int rc = db_row(c, Q_GRADEBOOK_QUALITIES_OF, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	size_t len;
	const char *text = db_text(&res, 0, &len);
	gb_qualities_decode(text, len, q);
	db_done(&res);
	return ERR_OK;
}

int gb_card_read(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
		 int64_t class_id, int64_t org_id, enum policy_id pol, struct gb_card *out)
{
	memset(out, 0, sizeof(*out));
	out->policy = pol;
	out->subjects = arena_calloc(a, GB_MAX_SUBJECTS, sizeof(*out->subjects));
	if (!out->subjects)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = { DBV_INT(school_year), DBV_INT(person_id), DBV_INT(class_id) };
	int rc = db_query(c, class_id ? Q_GRADEBOOK_STUDENT_CLASS : Q_GRADEBOOK_STUDENT, v,
			  class_id ? 3 : 2, &res);
	int step = 0;
	while (!rc && out->n < GB_MAX_SUBJECTS && (step = db_next(&res)) == 1) {
		struct gb_card_subject *s = &out->subjects[out->n++];
		rc = subject_read_row(&res, 0, a, &s->subject);
		size_t len = 0;
		const char *text = db_null(&res, 8) ? "" : db_text(&res, 8, &len);
		if (gb_decode(text, len, &s->row))
			gb_row_init(&s->row);
		gb_subject_result(pol, s->subject.scored, &s->row, &s->result);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (!rc)
		rc = card_comments(c, a, person_id, school_year, out);
	gb_qualities_init(&out->qualities);
	if (!rc && pol == POLICY_VN_TT27)
		rc = gb_qualities_of(c, person_id, school_year, &out->qualities);
	for (int k = 0; !rc && k < GB_TERMS; k++)
		rc = gb_term_locked(c, org_id, school_year, k + 1, &out->locked[k]);
	if (rc)
		return rc;
	struct gb_mark marks[GB_MAX_SUBJECTS];
	for (int k = 0; k <= GB_TERMS; k++)
		card_overall(out, k, marks);
	return ERR_OK;
}

/* ---- the year-end computation ---- */

struct gb_year_subject {
	bool known, scored;
	int units;
	char code[16];
};

struct year_row {
	int64_t person, org, subject;
	struct gb_row row;
};

static int year_load(struct db_conn *c, struct gb_year *y)
{
	struct db_res res;
	int rc = db_query(c, Q_GRADEBOOK_SCHOOLS, NULL, 0, &res);
	int cap = 0, step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (y->nschools == cap) {
			cap = cap ? cap * 2 : 1024;
			int64_t *ids = realloc(y->school_ids, (size_t)cap * sizeof(*ids));
			if (ids)
				y->school_ids = ids;
			signed char *pol = realloc(y->school_policy, (size_t)cap);
			if (pol)
				y->school_policy = pol;
			if (!ids || !pol) {
				rc = ERR_NOMEM;
				break;
			}
		}
		y->school_ids[y->nschools] = db_int(&res, 0);
		y->school_policy[y->nschools++] = (signed char)policy_for_school(
			db_text(&res, 1, NULL), db_text(&res, 2, NULL));
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	rc = db_query(c, Q_SUBJECT_ALL, NULL, 0, &res);
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, 0);
		if (id <= 0 || id > 100000)
			continue;
		if (id >= y->nsubjects) {
			int64_t n = id * 2 + 1;
			struct gb_year_subject *s = realloc(y->subjects, (size_t)n * sizeof(*s));
			if (!s) {
				rc = ERR_NOMEM;
				break;
			}
			memset(s + y->nsubjects, 0, (size_t)(n - y->nsubjects) * sizeof(*s));
			y->subjects = s;
			y->nsubjects = n;
		}
		struct gb_year_subject *s = &y->subjects[id];
		s->known = true;
		s->scored = db_int(&res, 6) != 0;
		s->units = db_null(&res, 7) ? 1 : (int)db_int(&res, 7);
		snprintf(s->code, sizeof(s->code), "%s", db_text(&res, 3, NULL));
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int school_policy(const struct gb_year *y, int64_t org)
{
	int lo = 0, hi = y->nschools - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (y->school_ids[mid] == org)
			return y->school_policy[mid];
		if (y->school_ids[mid] < org)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Compute and store one student's year result from rows[0..n), with their
 * term II qualities (NULL: none rated). */
static int year_student(struct db_conn *c, struct gb_year *y, const struct year_row *rows,
			int n, const int *qualities, int64_t now)
{
	int pol = school_policy(y, rows[0].org);
	if (pol < 0) {
		y->skipped++;
		return ERR_OK;
	}
	struct gb_mark marks[GB_MAX_SUBJECTS] = { 0 };
	const char *codes[GB_MAX_SUBJECTS];
	int m = 0;
	for (int i = 0; i < n && m < GB_MAX_SUBJECTS; i++) {
		int64_t sid = rows[i].subject;
		if (sid <= 0 || sid >= y->nsubjects || !y->subjects[sid].known)
			continue;
		const struct gb_year_subject *s = &y->subjects[sid];
		struct gb_subject_result r;
		gb_subject_result((enum policy_id)pol, s->scored, &rows[i].row, &r);
		marks[m] = (struct gb_mark){ .scored = s->scored, .units = s->units,
					     .value = r.year, .test = r.year_test };
		codes[m++] = s->code;
	}
	struct gb_overall o;
	gb_overall((enum policy_id)pol, m, marks, qualities, &o);
	char flagged[GB_MAX_SUBJECTS * 17] = "";
	size_t len = 0;
	for (int i = 0; i < m; i++)
		if (o.flagged & (1ull << i))
			len += (size_t)snprintf(flagged + len, sizeof(flagged) - len, "%s%s",
						len ? "," : "", codes[i]);
	y->students++;
	y->incomplete += !o.complete;
	struct db_val v[] = { DBV_INT(y->school_year),
			      DBV_INT(rows[0].person),
			      DBV_INT(rows[0].org),
			      DBV_TEXT(policy_name((enum policy_id)pol)),
			      o.average == GB_NONE ? DBV_NULL : DBV_INT(o.average),
			      DBV_TEXT(o.result),
			      len ? DBV_TEXTN(flagged, len) : DBV_NULL,
			      DBV_INT(now) };
	return db_exec(c, Q_YEAR_RESULT_UPSERT, v, ARRAY_SIZE(v), NULL);
}

struct year_qualities {
	int64_t person;
	int levels[GB_QUALITIES]; /* term II */
};

/* The term II qualities of the students in (y->after, last], in person
 * order, into y->qbuf (at most y->page of them: a page's students). */
static int year_qualities(struct db_conn *c, struct gb_year *y, int64_t last, int *n)
{
	*n = 0;
	if (!y->qbuf && !(y->qbuf = malloc((size_t)y->page * sizeof(struct year_qualities))))
		return ERR_NOMEM;
	struct year_qualities *qs = y->qbuf;
	struct db_res res;
	struct db_val v[] = { DBV_INT(y->school_year), DBV_INT(y->after), DBV_INT(last) };
	int rc = db_query(c, Q_GRADEBOOK_QUALITIES_RANGE, v, 3, &res);
	int step = 0;
	while (!rc && *n < y->page && (step = db_next(&res)) == 1) {
		struct gb_qualities q;
		size_t len;
		const char *text = db_text(&res, 1, &len);
		gb_qualities_decode(text, len, &q);
		qs[*n].person = db_int(&res, 0);
		memcpy(qs[*n].levels, q.v[GB_TERMS - 1], sizeof(qs[*n].levels));
		(*n)++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_year_page(struct db_conn *c, void *ctx)
{
	struct gb_year *y = ctx;
	int rc = ERR_OK;
	if (!y->page)
		y->page = 20000;
	if (!y->buf) {
		y->buf = malloc((size_t)y->page * sizeof(struct year_row));
		if (!y->buf)
			return ERR_NOMEM;
		rc = year_load(c, y);
		if (rc)
			return rc;
	}
	struct year_row *rows = y->buf;
	struct db_res res;
	struct db_val v[] = { DBV_INT(y->school_year), DBV_INT(y->after), DBV_INT(y->page) };
	rc = db_query(c, Q_GRADEBOOK_YEAR_PAGE, v, 3, &res);
	int n = 0, step = 0;
	while (!rc && n < y->page && (step = db_next(&res)) == 1) {
		struct year_row *r = &rows[n++];
		r->person = db_int(&res, 0);
		r->org = db_int(&res, 1);
		r->subject = db_int(&res, 2);
		size_t len;
		const char *text = db_text(&res, 3, &len);
		if (gb_decode(text, len, &r->row))
			gb_row_init(&r->row);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return rc;
	y->rows += n;
	/* A full page may end inside a student's rows: leave the last student
	 * for the next page, unless it fills the page alone. */
	int end = n;
	if (n == y->page) {
		while (end > 0 && rows[end - 1].person == rows[n - 1].person)
			end--;
		if (end == 0)
			end = n;
		y->rows -= n - end;
	} else {
		y->done = true;
	}
	int nq = 0;
	if (end > 0)
		rc = year_qualities(c, y, rows[end - 1].person, &nq);
	const struct year_qualities *qs = y->qbuf;
	int64_t now = time_now_unix();
	for (int i = 0, at = 0; i < end && !rc;) {
		int j = i;
		while (j < end && rows[j].person == rows[i].person)
			j++;
		/* Both lists are in person order: a merge. */
		while (at < nq && qs[at].person < rows[i].person)
			at++;
		const int *q = at < nq && qs[at].person == rows[i].person ? qs[at].levels : NULL;
		rc = year_student(c, y, rows + i, j - i, q, now);
		i = j;
	}
	if (!rc && end > 0)
		y->after = rows[end - 1].person;
	return rc;
}

void gb_year_release(struct gb_year *y)
{
	free(y->school_ids);
	free(y->school_policy);
	free(y->subjects);
	free(y->buf);
	free(y->qbuf);
	y->qbuf = NULL;
	y->school_ids = NULL;
	y->school_policy = NULL;
	y->subjects = NULL;
	y->buf = NULL;
}
