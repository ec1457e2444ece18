#include "core/base.h"
#include "core/jcs.h"
#include "core/log.h"
#include "crypto/dataintegrity.h"
#include "domain/records/record.h"
#include "domain/registry/student.h"
#include "domain/records/trust.h"

#include <sodium.h>

static const char *const status_names[RECORD__STATUSES] = {"draft", "teacher_signed", "sealed",
							   "superseded"};

const char *record_status_name(enum record_status s)
{
	return (unsigned)s < RECORD__STATUSES ? status_names[s] : "unknown";
}

int record_status_parse(const char *name)
{
	for (int i = 0; name && i < RECORD__STATUSES; i++)
		if (!strcmp(name, status_names[i]))
			return i;
	return -1;
}

void record_uuid(char out[RECORD_UUID_MAX])
{
	/* Version 7 (RFC 9562): 48 bits of Unix milliseconds, then random, so
	 * records made together sit together in the uuid index instead of
	 * landing on random pages of it. */
	uint8_t b[16];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)(ms >> (40 - 8 * i));
	randombytes_buf(b + 6, sizeof(b) - 6);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x70);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(out, RECORD_UUID_MAX,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

void record_decimal(int h, int decimals, char out[16])
{
	if (h < 0 || h > 99999999)
		h = 0;
	/* Digits by hand: results are written for every subject of every
	 * record, and snprintf showed in the profile. */
	char tmp[12];
	int n = 0, whole = h / 100;
	do {
		tmp[n++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	int o = 0;
	while (n)
		out[o++] = tmp[--n];
	if (decimals >= 1) {
		out[o++] = '.';
		out[o++] = (char)('0' + (h % 100) / 10);
	}
	if (decimals >= 2)
		out[o++] = (char)('0' + h % 10);
	out[o] = '\0';
}

/* ---- facts ---- */

static const char *dup_col(struct arena *a, struct db_res *res, int col)
{
	if (db_null(res, col))
		return NULL;
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

static int student_index(const struct record_class *k, int64_t id)
{
	int lo = 0, hi = k->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (k->students[mid].person_id == id)
			return mid;
		if (k->students[mid].person_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int att_status(const char *s)
{
	static const char *const names[RECORD_ATT__N] = {"present", "late", "absent_excused",
							 "absent_unexcused"};
	for (int i = 0; i < RECORD_ATT__N; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

/* The roster parameters: the class twice, for both halves of the union. */
static void roster_params(const struct class_ref *k, struct db_val v[8])
{
	v[0] = DBV_INT(k->org_id);
	v[1] = DBV_INT(k->grade);
	v[2] = DBV_INT(k->school_year);
	v[3] = DBV_TEXT(k->name);
	v[4] = DBV_INT(k->org_id);
	v[5] = DBV_INT(k->school_year);
	v[6] = DBV_TEXT(k->name);
	v[7] = DBV_INT(k->grade);
}

static int load_subjects(struct db_conn *c, struct arena *a, struct record_class *out)
{
	out->subjects = arena_calloc(a, GB_MAX_SUBJECTS, sizeof(*out->subjects));
	if (!out->subjects)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(out->cls.id);
	int rc = db_query(c, Q_CLASS_SUBJECTS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && out->nsubjects < GB_MAX_SUBJECTS && (step = db_next(&res)) == 1)
		rc = subject_read_row(&res, 0, a, &out->subjects[out->nsubjects++]);
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int load_roster(struct db_conn *c, struct arena *a, int64_t only, struct record_class *out)
{
	out->students = arena_calloc(a, CLASS_MAX_MEMBERS, sizeof(*out->students));
	if (!out->students)
		return ERR_NOMEM;
	struct db_val v[8];
	roster_params(&out->cls, v);
	struct db_res res;
	int rc = db_query(c, Q_RECORD_ROSTER, v, 8, &res);
	int step = 0;
	while (!rc && out->n < CLASS_MAX_MEMBERS && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, 0);
		if (only && id != only)
			continue;
		struct record_student *s = &out->students[out->n++];
		s->person_id = id;
		s->given_name = dup_col(a, &res, 1);
		s->family_name = dup_col(a, &res, 2);
		s->birth_date = dup_col(a, &res, 3);
		s->country = dup_col(a, &res, 4);
		s->national_id = dup_col(a, &res, 5);
		s->rows = arena_alloc(a, (size_t)(out->nsubjects + 1) * sizeof(*s->rows));
		if (!s->given_name || !s->family_name || !s->birth_date || !s->country || !s->rows)
			rc = ERR_NOMEM;
		for (int i = 0; !rc && i < out->nsubjects; i++)
			gb_row_init(&s->rows[i]);
		gb_qualities_init(&s->qualities);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The class's students' rows of a per-class query (school year, then the
 * roster parameters): row i's person in column 0. */
static int class_query(struct db_conn *c, const struct record_class *k, enum query_id q,
		       struct db_res *res)
{
	struct db_val v[9];
	v[0] = DBV_INT(k->cls.school_year);
	roster_params(&k->cls, v + 1);
	return db_query(c, q, v, 9, res);
}

static int load_grades(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_GRADEBOOKS, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, 0));
		int64_t sid = db_int(&res, 1);
		if (at < 0)
			continue;
		for (int i = 0; i < out->nsubjects; i++) {
			if (out->subjects[i].id != sid)
				continue;
			size_t len;
			const char *text = db_text(&res, 2, &len);
			/* A row that does not decode counts as no grades. */
			if (gb_decode(text, len, &out->students[at].rows[i]))
				gb_row_init(&out->students[at].rows[i]);
			break;
		}
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* vn-tt27: every student's qualities and competences, one query. */
static int load_qualities(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_QUALITIES, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, 0));
		if (at < 0 || db_null(&res, 1))
			continue;
		size_t len;
		const char *text = db_text(&res, 1, &len);
		/* A row that does not decode counts as none rated. */
		gb_qualities_decode(text, len, &out->students[at].qualities);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* vn-tt27, ir-descriptive: every student's term II comments, one query. */
static int load_comments(struct db_conn *c, struct arena *a, struct record_class *out)
{
	for (int i = 0; i < out->n; i++) {
		out->students[i].comments =
			arena_calloc(a, (size_t)out->nsubjects + 1, sizeof(const char *));
		if (!out->students[i].comments)
			return ERR_NOMEM;
	}
	struct db_res res;
	int rc = class_query(c, out, Q_RECORD_CLASS_COMMENTS, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, 0));
		int64_t sid = db_int(&res, 1);
		for (int i = 0; at >= 0 && i < out->nsubjects; i++) {
			if (out->subjects[i].id != sid)
				continue;
			out->students[at].comments[i] = dup_col(a, &res, 2);
			if (!out->students[at].comments[i])
				rc = ERR_NOMEM;
			break;
		}
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int load_attendance(struct db_conn *c, struct record_class *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(out->cls.id);
	int rc = db_query(c, Q_RECORD_CLASS_ATTENDANCE, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int at = student_index(out, db_int(&res, 0));
		int kind = db_int(&res, 1) ? 1 : 0;
		int st = att_status(db_text(&res, 2, NULL));
		if (at < 0 || st < 0)
			continue;
		out->students[at].attendance[kind][st] += (int)db_int(&res, 3);
		out->students[at].attended[kind] = true;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int record_class_load(struct db_conn *c, struct arena *a, int64_t class_id, int64_t only_person,
		      struct record_class *out)
{
	memset(out, 0, sizeof(*out));
	int rc = class_get(c, a, class_id, &out->cls);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v = DBV_INT(out->cls.org_id);
	rc = db_row(c, Q_RECORD_SCHOOL, &v, 1, &res);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_DB : rc;
	out->school_name = dup_col(a, &res, 0);
	db_done(&res);
	if (!out->school_name)
		return ERR_NOMEM;
	for (int k = 0; k < GB_TERMS; k++) {
		rc = gb_term_locked(c, out->cls.org_id, out->cls.school_year, k + 1,
				    &out->locked[k]);
		if (rc)
			return rc;
	}
	struct db_val m[] = {DBV_INT(out->cls.org_id), DBV_INT(out->cls.school_year)};
	rc = db_row(c, Q_RECORD_LOCK_MARKER, m, 2, &res);
	if (rc)
		return rc;
	out->lock_marker = db_int(&res, 0);
	db_done(&res);
	rc = load_subjects(c, a, out);
	if (!rc)
		rc = load_roster(c, a, only_person, out);
	if (!rc && out->n)
		rc = load_grades(c, out);
	if (!rc && out->n)
		rc = load_attendance(c, out);
	/* vn-tt27's outcome also rests on the qualities and competences, and
	 * the record carries them; comments are read for the policies that
	 * keep them. One query each for the whole class. */
	if (!rc && out->n && out->cls.policy == POLICY_VN_TT27)
		rc = load_qualities(c, out);
	if (!rc && out->n && out->cls.policy >= 0 &&
	    gb_policy_comments((enum policy_id)out->cls.policy))
		rc = load_comments(c, a, out);
	return rc;
}

/* ---- canonical JSON, written directly ----
 *
 * The subject and the document are written in their RFC 8785 form straight
 * from the facts: members in sorted order (every key here is ASCII, so byte
 * order is UTF-16 order), strings escaped by jcs_append_string, integers in
 * decimal, no other numbers. What is signed, hashed and stored are these
 * bytes, without building a jansson tree first; test_record.c checks that
 * they are exactly what jcs_append makes of the same record.
 */
struct cw {
	struct buf *b;
	int rc;
	bool first; /* no member or element written yet at this level */
};

static void cw_raw(struct cw *w, const char *s, size_t n)
{
	if (!w->rc)
		w->rc = buf_append(w->b, s, n);
}

static void cw_open(struct cw *w, const char *c)
{
	cw_raw(w, c, 1);
	w->first = true;
}

static void cw_close(struct cw *w, const char *c)
{
	cw_raw(w, c, 1);
	w->first = false;
}

/* The separator before an array element or object member. */
static void cw_next(struct cw *w)
{
	if (!w->first)
		cw_raw(w, ",", 1);
	w->first = false;
}

/* A member's key (a plain ASCII identifier: nothing to escape). */
static void cw_key(struct cw *w, const char *k)
{
	cw_next(w);
	cw_raw(w, "\"", 1);
	cw_raw(w, k, strlen(k));
	cw_raw(w, "\":", 2);
}

static void cw_str(struct cw *w, const char *s)
{
	if (!s)
		cw_raw(w, "null", 4);
	else if (!w->rc)
		w->rc = jcs_append_string(w->b, s, strlen(s));
}

static void cw_int(struct cw *w, int64_t v)
{
	char digits[24];
	size_t at = sizeof(digits);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[--at] = '-';
	cw_raw(w, digits + at, sizeof(digits) - at);
}

/* A subject's result for a period, as the record writes it (NULL: null). */
static const char *result_text(enum policy_id pol, bool scored, int v, char d[16])
{
	if (v == GB_NONE)
		return NULL;
	switch (pol) {
	case POLICY_VN_TT22:
		if (!scored)
			return v ? "dat" : "chua_dat";
		record_decimal(v, 1, d);
		return d;
	case POLICY_VN_TT27:
		return tt27_subject_code((enum tt27_subject_level)v);
	case POLICY_IR_DESCRIPTIVE:
		return ird_level_code((enum ird_level)v);
	default:
		record_decimal(v, 2, d);
		return d;
	}
}

static void cw_result(struct cw *w, enum policy_id pol, bool scored, int v)
{
	char d[16];
	cw_str(w, result_text(pol, scored, v, d));
}

static void cw_attendance(struct cw *w, const char *key, const int counts[RECORD_ATT__N])
{
	cw_key(w, key);
	cw_open(w, "{");
	cw_key(w, "absentExcused");
	cw_int(w, counts[RECORD_ATT_EXCUSED]);
	cw_key(w, "absentUnexcused");
	cw_int(w, counts[RECORD_ATT_UNEXCUSED]);
	cw_key(w, "late");
	cw_int(w, counts[RECORD_ATT_LATE]);
	cw_key(w, "present");
	cw_int(w, counts[RECORD_ATT_PRESENT]);
	cw_close(w, "}");
}

/*
 * vn-tt27's qualities and competences under stable English keys, in the
 * keys' sorted order (the canonical form's), each with the index of the
 * quality in grading.h's list. The record writes the five qualities under
 * "qualities" and the three general and seven specific competences under
 * "competences".
 */
struct record_quality {
	const char *key;
	int quality;
};
static const struct record_quality record_qualities[] = {
	{"compassion", 1},     /* nhan_ai */
	{"diligence", 2},      /* cham_chi */
	{"honesty", 3},	       /* trung_thuc */
	{"patriotism", 0},     /* yeu_nuoc */
	{"responsibility", 4}, /* trach_nhiem */
};
static const struct record_quality record_competences[] = {
	{"aesthetics", 13},		   /* tham_mi */
	{"communicationCollaboration", 6}, /* giao_tiep_hop_tac */
	{"informatics", 12},		   /* tin_hoc */
	{"language", 8},		   /* ngon_ngu */
	{"mathematics", 9},		   /* tinh_toan */
	{"physical", 14},		   /* the_chat */
	{"problemSolvingCreativity", 7},   /* giai_quyet_van_de */
	{"science", 10},		   /* khoa_hoc */
	{"selfDirectedLearning", 5},	   /* tu_chu_tu_hoc */
	{"technology", 11},		   /* cong_nghe */
};
_Static_assert(ARRAY_SIZE(record_qualities) + ARRAY_SIZE(record_competences) == GB_QUALITIES,
	       "every vn-tt27 quality has its record key");

static void cw_level(struct cw *w, int v)
{
	cw_str(w, v == GB_NONE ? NULL : tt27_quality_level_code((enum tt27_quality_level)v));
}

/* One group: "key": {"KEY": {"terms": [I, II], "year": II}, ...}, a
 * quality rated in neither term left out; the year's rating is term II's,
 * as the report card's year result takes it. */
static void cw_qualities(struct cw *w, const char *key, const struct gb_qualities *q,
			 const struct record_quality *list, size_t n)
{
	cw_key(w, key);
	cw_open(w, "{");
	for (size_t i = 0; i < n; i++) {
		int at = list[i].quality;
		if (q->v[0][at] == GB_NONE && q->v[GB_TERMS - 1][at] == GB_NONE)
			continue;
		cw_key(w, list[i].key);
		cw_open(w, "{");
		cw_key(w, "terms");
		cw_open(w, "[");
		for (int t = 0; t < GB_TERMS; t++) {
			cw_next(w);
			cw_level(w, q->v[t][at]);
		}
		cw_close(w, "]");
		cw_key(w, "year");
		cw_level(w, q->v[GB_TERMS - 1][at]);
		cw_close(w, "}");
	}
	cw_close(w, "}");
}

int record_subject_write(const struct record_class *k, const struct record_student *s,
			 struct buf *b, bool *complete)
{
	*complete = false;
	if (k->cls.policy < 0)
		return ERR_INVALID;
	enum policy_id pol = (enum policy_id)k->cls.policy;
	int n = k->nsubjects;
	struct gb_subject_result res[GB_MAX_SUBJECTS];
	struct gb_mark marks[GB_MAX_SUBJECTS];
	struct gb_overall period[GB_TERMS + 1];
	for (int i = 0; i < n; i++)
		gb_subject_result(pol, k->subjects[i].scored, &s->rows[i], &res[i]);
	for (int p = 0; p <= GB_TERMS; p++) {
		for (int i = 0; i < n; i++) {
			const struct subject *sub = &k->subjects[i];
			marks[i] = (struct gb_mark){
				.scored = sub->scored,
				.units = sub->units,
				.value = p == GB_TERMS ? res[i].year : res[i].term[p],
				.test = p == GB_TERMS ? res[i].year_test : res[i].test[p],
			};
		}
		gb_overall(pol, n, marks, s->qualities.v[p == GB_TERMS ? GB_TERMS - 1 : p],
			   &period[p]);
	}
	const struct gb_overall *year = &period[GB_TERMS];
	struct cw w = {.b = b};
	cw_open(&w, "{");
	cw_key(&w, "birthDate");
	cw_str(&w, s->birth_date);
	cw_key(&w, "familyName");
	cw_str(&w, s->family_name);
	cw_key(&w, "givenName");
	cw_str(&w, s->given_name);
	if (s->national_id && *s->national_id) {
		cw_key(&w, "nationalId");
		cw_open(&w, "{");
		cw_key(&w, "country");
		cw_str(&w, s->country);
		cw_key(&w, "value");
		cw_str(&w, s->national_id);
		cw_close(&w, "}");
	}
	cw_key(&w, "schoolRecord");
	cw_open(&w, "{");
	if (s->attended[0] || s->attended[1]) {
		cw_key(&w, "attendance");
		cw_open(&w, "{");
		if (s->attended[1])
			cw_attendance(&w, "byPeriod", s->attendance[1]);
		if (s->attended[0])
			cw_attendance(&w, "daily", s->attendance[0]);
		cw_close(&w, "}");
	}
	cw_key(&w, "class");
	cw_str(&w, k->cls.name);
	if (pol == POLICY_VN_TT27)
		cw_qualities(&w, "competences", &s->qualities, record_competences,
			     ARRAY_SIZE(record_competences));
	cw_key(&w, "grade");
	cw_int(&w, k->cls.grade);
	cw_key(&w, "outcome");
	cw_open(&w, "{");
	if (year->average != GB_NONE) {
		char d[16];
		record_decimal(year->average, 2, d);
		cw_key(&w, "average");
		cw_str(&w, d);
	}
	cw_key(&w, "flaggedSubjects");
	cw_open(&w, "[");
	for (int i = 0; i < n; i++)
		if (year->flagged & (1ull << i)) {
			cw_next(&w);
			cw_str(&w, k->subjects[i].code);
		}
	cw_close(&w, "]");
	cw_key(&w, "result");
	cw_str(&w, year->result);
	cw_key(&w, "termResults");
	cw_open(&w, "[");
	for (int t = 0; t < GB_TERMS; t++) {
		cw_next(&w);
		cw_str(&w, period[t].result);
	}
	cw_close(&w, "]");
	cw_close(&w, "}");
	cw_key(&w, "policy");
	cw_str(&w, policy_name(pol));
	if (pol == POLICY_VN_TT27)
		cw_qualities(&w, "qualities", &s->qualities, record_qualities,
			     ARRAY_SIZE(record_qualities));
	char sy[16];
	snprintf(sy, sizeof(sy), "%d-%d", k->cls.school_year, k->cls.school_year + 1);
	cw_key(&w, "schoolYear");
	cw_str(&w, sy);
	cw_key(&w, "subjects");
	cw_open(&w, "[");
	for (int i = 0; i < n; i++) {
		const struct subject *sub = &k->subjects[i];
		cw_next(&w);
		cw_open(&w, "{");
		cw_key(&w, "code");
		cw_str(&w, sub->code);
		if (s->comments && s->comments[i] && gb_policy_comments(pol)) {
			cw_key(&w, "comment");
			cw_str(&w, s->comments[i]);
		}
		cw_key(&w, "name");
		cw_str(&w, sub->name);
		cw_key(&w, "nameEn");
		cw_str(&w, sub->name_en);
		cw_key(&w, "terms");
		cw_open(&w, "[");
		for (int t = 0; t < GB_TERMS; t++) {
			cw_next(&w);
			cw_result(&w, pol, sub->scored, res[i].term[t]);
		}
		cw_close(&w, "]");
		if (pol == POLICY_VN_TT27 && sub->scored) {
			cw_key(&w, "test");
			if (res[i].year_test == GB_NONE)
				cw_raw(&w, "null", 4);
			else
				cw_int(&w, res[i].year_test / 100);
		}
		if (pol == POLICY_IR_20) {
			cw_key(&w, "units");
			cw_int(&w, sub->units > 0 ? sub->units : 1);
		}
		cw_key(&w, "year");
		cw_result(&w, pol, sub->scored, res[i].year);
		cw_close(&w, "}");
	}
	cw_close(&w, "]");
	cw_key(&w, "type");
	cw_str(&w, "SchoolYearRecord");
	cw_close(&w, "}");
	cw_key(&w, "tabulaId");
	cw_int(&w, s->person_id);
	cw_close(&w, "}");
	if (!w.rc)
		*complete = year->complete;
	return w.rc;
}

json_t *record_subject_json(const struct record_class *k, const struct record_student *s,
			    bool *complete)
{
	struct buf b = BUF_INIT(1 << 20);
	json_t *j = NULL;
	if (!record_subject_write(k, s, &b, complete)) {
		json_error_t e;
		j = json_loadb(b.p, b.len, 0, &e);
	}
	buf_release(&b);
	return j;
}

void record_hash_hex(const char *p, size_t n, char out[RECORD_HASH_HEX])
{
	uint8_t h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)(p ? p : ""), n, NULL, 0);
	sodium_bin2hex(out, RECORD_HASH_HEX, h, sizeof(h));
}

int record_doc_write(const struct record_doc *d, const char *subject, size_t len, struct buf *b)
{
	struct cw w = {.b = b};
	cw_open(&w, "{");
	cw_key(&w, "@context");
	cw_open(&w, "[");
	cw_next(&w);
	cw_str(&w, TRUST_VC_CONTEXT);
	cw_next(&w);
	cw_str(&w, TRUST_TABULA_CONTEXT);
	cw_close(&w, "]");
	cw_key(&w, "credentialSubject");
	cw_raw(&w, subject, len);
	cw_key(&w, "id");
	cw_str(&w, d->uuid);
	cw_key(&w, "issuer");
	cw_open(&w, "{");
	cw_key(&w, "code");
	cw_str(&w, d->school_code);
	if (d->issuer_did) {
		cw_key(&w, "id");
		cw_str(&w, d->issuer_did);
	}
	cw_key(&w, "name");
	cw_str(&w, d->school_name);
	cw_close(&w, "}");
	if (d->previous) {
		cw_key(&w, "previousVersion");
		cw_str(&w, d->previous);
	}
	cw_key(&w, "type");
	cw_open(&w, "[");
	cw_next(&w);
	cw_str(&w, "VerifiableCredential");
	cw_next(&w);
	cw_str(&w, "SchoolRecordCredential");
	cw_close(&w, "]");
	if (d->valid_from) {
		char t[32];
		time_iso8601(d->valid_from, t, sizeof(t));
		cw_key(&w, "validFrom");
		cw_str(&w, t);
	}
	cw_close(&w, "}");
	return w.rc;
}

int record_subject_hash(const json_t *subject, char out[RECORD_HASH_HEX])
{
	struct buf b = BUF_INIT(1 << 20);
	int rc = jcs_append(&b, subject);
	if (!rc)
		record_hash_hex(b.p, b.len, out);
	buf_release(&b);
	return rc;
}

json_t *record_credential(const struct record_doc *d)
{
	json_t *issuer = json_pack("{s:s, s:s}", "name", d->school_name, "code", d->school_code);
	if (issuer && d->issuer_did) {
		/* The id first, as people read an issuer. */
		json_t *with = json_pack("{s:s}", "id", d->issuer_did);
		json_object_update(with, issuer);
		json_decref(issuer);
		issuer = with;
	}
	json_t *j = json_pack("{s:[s,s], s:s, s:[s,s], s:o}", "@context", TRUST_VC_CONTEXT,
			      TRUST_TABULA_CONTEXT, "id", d->uuid, "type", "VerifiableCredential",
			      "SchoolRecordCredential", "issuer", issuer);
	if (!j)
		return NULL;
	if (d->valid_from) {
		char t[32];
		time_iso8601(d->valid_from, t, sizeof(t));
		json_object_set_new(j, "validFrom", json_string(t));
	}
	if (d->previous)
		json_object_set_new(j, "previousVersion", json_string(d->previous));
	json_object_set(j, "credentialSubject", (json_t *)(uintptr_t)d->subject);
	return j;
}

int record_proof(const uint8_t doc_hash[32], const struct skey *k, const uint8_t sk[64],
		 int64_t now, json_t **out)
{
	char created[32], method[SKEY_METHOD_MAX];
	time_iso8601(now, created, sizeof(created));
	skey_method(k, method);
	json_t *opt = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				"cryptosuite", DI_SUITE, "created", created, "verificationMethod",
				method, "proofPurpose", "assertionMethod");
	if (!opt || di_sign_hashed(doc_hash, opt, sk)) {
		json_decref(opt);
		return ERR_INTERNAL;
	}
	*out = opt;
	return ERR_OK;
}

int record_add_proof(json_t *cred, const struct skey *k, const uint8_t sk[64], int64_t now)
{
	uint8_t doc[32];
	if (di_document_hash(cred, NULL, doc))
		return ERR_INTERNAL;
	return record_add_proof_hashed(cred, doc, k, sk, now);
}

int record_add_proof_hashed(json_t *cred, const uint8_t doc_hash[32], const struct skey *k,
			    const uint8_t sk[64], int64_t now)
{
	json_t *opt;
	int rc = record_proof(doc_hash, k, sk, now, &opt);
	if (rc)
		return rc;
	json_t *set = json_object_get(cred, "proof");
	if (!json_is_array(set)) {
		set = json_array();
		json_object_set_new(cred, "proof", set);
	}
	return json_array_append_new(set, opt) ? ERR_NOMEM : ERR_OK;
}

/* ---- stored records ---- */

/* Every query that reads records returns the `record` columns, then the
 * credential. */
_Static_assert(C_RECORD_BY_ID__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORD_BY_UUID__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_OF_CLASS__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_LIST_STUDENT__CREDENTIAL == C_RECORD__COUNT &&
		       C_RECORDS_LIST_SCHOOL__CREDENTIAL == C_RECORD__COUNT,
	       "the credential follows the record columns");

static int64_t int_or_zero(struct db_res *res, int col)
{
	return db_null(res, col) ? 0 : db_int(res, col);
}

int record_read_row(struct db_res *res, struct arena *a, struct record_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_int(res, C_RECORD__ID);
	r->uuid = dup_col(a, res, C_RECORD__UUID);
	r->person_id = db_int(res, C_RECORD__PERSON_ID);
	r->org_id = db_int(res, C_RECORD__ORG_ID);
	r->school_year = (int)db_int(res, C_RECORD__SCHOOL_YEAR);
	r->grade = (int)db_int(res, C_RECORD__GRADE);
	r->class_id = db_int(res, C_RECORD__CLASS_ID);
	r->version = (int)db_int(res, C_RECORD__VERSION);
	r->previous_id = int_or_zero(res, C_RECORD__PREVIOUS_ID);
	r->superseded_by = int_or_zero(res, C_RECORD__SUPERSEDED_BY);
	int st = record_status_parse(db_text(res, C_RECORD__STATUS, NULL));
	r->status = st < 0 ? RECORD_DRAFT : (enum record_status)st;
	r->rev = db_int(res, C_RECORD__REV);
	r->subject_hash = dup_col(a, res, C_RECORD__SUBJECT_HASH);
	r->credential = dup_col(a, res, C_RECORD__COUNT);
	r->teacher_key_id = int_or_zero(res, C_RECORD__TEACHER_KEY_ID);
	r->teacher_by = int_or_zero(res, C_RECORD__TEACHER_BY);
	r->teacher_at = int_or_zero(res, C_RECORD__TEACHER_AT);
	r->principal_key_id = int_or_zero(res, C_RECORD__PRINCIPAL_KEY_ID);
	r->principal_by = int_or_zero(res, C_RECORD__PRINCIPAL_BY);
	r->principal_at = int_or_zero(res, C_RECORD__PRINCIPAL_AT);
	r->created_at = db_int(res, C_RECORD__CREATED_AT);
	r->updated_at = db_int(res, C_RECORD__UPDATED_AT);
	r->school = dup_col(a, res, C_RECORD__SCHOOL);
	r->school_path = dup_col(a, res, C_RECORD__SCHOOL_PATH);
	r->class_name = dup_col(a, res, C_RECORD__CLASS_NAME);
	r->homeroom_id = int_or_zero(res, C_RECORD__HOMEROOM_ID);
	r->given_name = dup_col(a, res, C_RECORD__GIVEN_NAME);
	r->family_name = dup_col(a, res, C_RECORD__FAMILY_NAME);
	r->teacher = dup_col(a, res, C_RECORD__TEACHER);
	r->principal = dup_col(a, res, C_RECORD__PRINCIPAL);
	r->successor = dup_col(a, res, C_RECORD__SUCCESSOR);
	r->doc_hash = dup_col(a, res, C_RECORD__DOC_HASH);
	return r->uuid && r->subject_hash && r->credential && r->school && r->school_path &&
			       r->class_name
		       ? ERR_OK
		       : ERR_NOMEM;
}

static int record_row_by(struct db_conn *c, struct arena *a, enum query_id q, struct db_val v,
			 struct record_row *out)
{
	struct db_res res;
	int rc = db_row(c, q, &v, 1, &res);
	if (rc)
		return rc;
	rc = record_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

int record_get(struct db_conn *c, struct arena *a, int64_t id, struct record_row *out)
{
	return record_row_by(c, a, Q_RECORD_BY_ID, DBV_INT(id), out);
}

int record_by_uuid(struct db_conn *c, struct arena *a, const char *uuid, struct record_row *out)
{
	return record_row_by(c, a, Q_RECORD_BY_UUID, DBV_TEXT(uuid), out);
}

int record_access_read(struct db_conn *c, const struct principal *p, const struct record_row *r,
		       enum access_action act, struct access_decision *out)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct student s;
	int rc = student_get(c, &a, r->person_id, &s);
	if (!rc)
		rc = access_student(c, p, act, r->person_id,
				    s.school_path ? s.school_path : r->school_path, out);
	arena_release(&a);
	if (rc == ERR_NOTFOUND) {
		access_absent(p, out);
		rc = ERR_OK;
	}
	if (rc)
		return rc;
	if (!out->allowed) {
		/* The issuing class's teachers and the school's registrars. */
		struct access_class k = {.id = r->class_id,
					 .school_path = r->school_path,
					 .homeroom_id = r->homeroom_id};
		struct access_decision d;
		rc = access_class(c, p, ACCESS_CLASS_READ, &k, &d);
		if (rc)
			return rc;
		if (d.allowed)
			*out = d;
	}
	/* Unsealed records are the school's work in progress. */
	if (out->allowed && (r->status == RECORD_DRAFT || r->status == RECORD_TEACHER_SIGNED) &&
	    !(out->grant && (ROLE_BIT(out->grant->role) & ACCESS_STAFF)))
		out->allowed = out->visible = false;
	return ERR_OK;
}

/* ---- the workflow ---- */

const char *record_item_action(const struct record_batch *b, const struct record_item *it)
{
	if (it->stale)
		return "record.refresh";
	switch (it->to) {
	case RECORD_TEACHER_SIGNED:
		return "record.sign";
	case RECORD_SEALED:
		return "record.seal";
	default:
		return b->op == RECORD_OP_CORRECT ? "record.correct" : "record.create";
	}
}

static const struct grant *grant_at(const struct principal *p, enum role role, const char *path)
{
	for (int i = 0; i < p->ngrants; i++) {
		const struct grant *g = &p->grants[i];
		if (g->role == role && g->org_path && path &&
		    !strncmp(path, g->org_path, strlen(g->org_path)))
			return g;
	}
	return NULL;
}

static int refuse(struct record_batch *b, bool visible, const char *code, const char *detail)
{
	b->d.allowed = false;
	b->d.visible = visible;
	if (!visible)
		return problem_set(&b->p, P_NOT_FOUND, NULL, "No such record or class.");
	return problem_code(&b->p, code, NULL, detail);
}

/*
 * Decide whether the caller may do b->op with class cls (see record.h):
 * b->d gets the decision (and its grant, for the audit log). `seen`: the
 * caller may read the record asked for (1: a 403 rather than a 404; 0: a
 * 404, as for the student; -1: no record asked for, the class decides).
 */
static int decide(struct db_conn *c, struct record_batch *b, const struct class_ref *cls, int seen)
{
	const struct principal *who = b->who;
	struct access_class k = {
		.id = cls->id, .school_path = cls->path, .homeroom_id = cls->homeroom_id};
	struct access_decision rd;
	int rc = access_class(c, who, ACCESS_CLASS_READ, &k, &rd);
	if (rc)
		return problem_err(&b->p, rc);
	bool visible = seen >= 0 ? seen == 1 : rd.allowed || rd.visible;
	const struct grant *tg = grant_at(who, ROLE_TEACHER, cls->path);
	bool homeroom = tg && cls->homeroom_id && cls->homeroom_id == who->user_id;
	b->d = rd;
	switch (b->op) {
	case RECORD_OP_CREATE:
	case RECORD_OP_CORRECT:
		rc = access_class(c, who, ACCESS_CLASS_MANAGE, &k, &b->d);
		if (rc)
			return problem_err(&b->p, rc);
		if (b->d.allowed)
			return ERR_OK;
		if (homeroom) {
			b->d = (struct access_decision){
				.allowed = true, .visible = true, .grant = tg};
			return ERR_OK;
		}
		return refuse(b, visible, "forbidden",
			      "The class's homeroom teacher and the school's administration "
			      "assemble its records.");
	case RECORD_OP_SIGN:
		if (homeroom) {
			b->d = (struct access_decision){
				.allowed = true, .visible = true, .grant = tg};
			return ERR_OK;
		}
		if (visible && !cls->homeroom_id)
			return problem_set(&b->p, P_NO_HOMEROOM_TEACHER, NULL, "The class has no homeroom teacher to sign its records.");
		return refuse(b, visible, "not_homeroom_teacher",
			      "Only the class's homeroom teacher signs its records first.");
	case RECORD_OP_SEAL: {
		const struct grant *g = grant_at(who, ROLE_SCHOOL_ADMIN, cls->path);
		if (g) {
			b->d = (struct access_decision){
				.allowed = true, .visible = true, .grant = g};
			return ERR_OK;
		}
		return refuse(b, visible, "not_principal",
			      "Only a principal (school_admin) of the school seals its records.");
	}
	}
	return ERR_INTERNAL;
}

static int need_locked(struct record_batch *b, const struct record_class *k)
{
	if (k->cls.policy < 0)
		return problem_set(&b->p, P_NO_POLICY, NULL, "The school's level is not set, so no grading policy applies.");
	if (!k->locked[0] || !k->locked[1])
		return problem_set(&b->p, P_TERM_NOT_LOCKED, "school_year", "Both terms' report cards must be locked before the year's "
				   "records are made or signed.");
	if (b->org_id && (b->org_id != k->cls.org_id || b->school_year != k->cls.school_year))
		return problem_err(&b->p, ERR_INTERNAL);
	b->org_id = k->cls.org_id;
	b->school_year = k->cls.school_year;
	b->lock_marker = k->lock_marker;
	return ERR_OK;
}

static int push(struct record_batch *b, struct record_item **out)
{
	*out = NULL;
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct record_item *items = arena_calloc(b->a, (size_t)cap, sizeof(*items));
		if (!items) {
			problem_err(&b->p, ERR_NOMEM);
			return ERR_NOMEM;
		}
		if (b->n)
			memcpy(items, b->items, (size_t)b->n * sizeof(*items));
		b->items = items;
		b->cap = cap;
	}
	*out = &b->items[b->n++];
	memset(*out, 0, sizeof(**out));
	return ERR_OK;
}

static int note(struct record_batch *b, int64_t **list, int *n, int64_t id)
{
	int64_t *grown = arena_alloc(b->a, (size_t)(*n + 1) * sizeof(int64_t));
	if (!grown)
		return problem_err(&b->p, ERR_NOMEM);
	if (*n)
		memcpy(grown, *list, (size_t)*n * sizeof(int64_t));
	grown[(*n)++] = id;
	*list = grown;
	return ERR_OK;
}

/* The active keys of the school and of the signer (made when missing),
 * and the signer's secret key opened once for the batch. */
static int need_keys(struct db_conn *c, struct record_batch *b)
{
	if (b->have_keys)
		return ERR_OK;
	if (!skey_available())
		return skey_unavailable(&b->p);
	enum skey_role role = b->op == RECORD_OP_SEAL ? SKEY_PRINCIPAL : SKEY_HOMEROOM_TEACHER;
	int rc = skey_active_or_new(c, b->a, b->org_id, SKEY_SCHOOL, 0, b->now, &b->school_key,
				    &b->p);
	if (!rc)
		rc = skey_active_or_new(c, b->a, b->org_id, role, b->who->user_id, b->now,
					&b->signer_key, &b->p);
	if (rc)
		return rc;
	rc = skey_open(&b->signer_key, b->sk);
	if (rc == ERR_RETRY)
		return skey_unavailable(&b->p);
	if (rc) {
		log_error("records: signing key %" PRId64 " does not open under this server "
			  "secret",
			  b->signer_key.id);
		return problem_set(&b->p, P_SIGNING_KEY_UNUSABLE, NULL, "The signing key cannot be opened with this server's secret.");
	}
	b->have_keys = true;
	return ERR_OK;
}

void record_batch_release(struct record_batch *b)
{
	/* The keys stay known (record_store stores or checks them); only the
	 * opened secret goes. */
	sodium_memzero(b->sk, sizeof(b->sk));
}

/* Student s's subject, canonical, into sb, and its hash. */
static int subject_into(struct record_batch *b, const struct record_class *k,
			const struct record_student *s, struct buf *sb, char hash[RECORD_HASH_HEX],
			bool *complete)
{
	buf_reset(sb);
	int rc = record_subject_write(k, s, sb, complete);
	if (rc)
		return problem_err(&b->p, rc == ERR_INVALID ? ERR_INTERNAL : rc);
	record_hash_hex(sb->p, sb->len, hash);
	return ERR_OK;
}

/* The document d around subject sb, canonical, copied into the arena with
 * `extra` bytes to spare; *len gets its length. */
static char *doc_into(struct record_batch *b, const struct record_doc *d, const struct buf *sb,
		      size_t extra, size_t *len)
{
	struct buf db = BUF_INIT(1 << 20);
	char *out = NULL;
	if (!record_doc_write(d, sb->p, sb->len, &db) &&
	    (out = arena_alloc(b->a, db.len + extra + 1))) {
		memcpy(out, db.p, db.len + 1);
		*len = db.len;
	}
	buf_release(&db);
	return out;
}

/* The draft credential of student s (previous: the uuid a correction
 * replaces) into item it. *complete: whether the year's results are in. */
static int draft_into(struct record_batch *b, const struct record_class *k,
		      const struct record_student *s, const char *previous, struct record_item *it,
		      bool *complete)
{
	struct buf sb = BUF_INIT(1 << 20);
	int rc = subject_into(b, k, s, &sb, it->subject_hash, complete);
	struct record_doc d = {.uuid = it->uuid,
			       .school_name = k->school_name,
			       .school_code = k->cls.school,
			       .previous = previous};
	size_t len;
	it->doc_hash[0] = '\0';
	it->credential = rc ? NULL : doc_into(b, &d, &sb, 0, &len);
	buf_release(&sb);
	if (rc)
		return rc;
	return it->credential ? ERR_OK : problem_err(&b->p, ERR_NOMEM);
}

/*
 * Append proof to the stored text `doc` (len bytes, ending in "}" or, once
 * signed, "]}"): the signed document's bytes stay as they are, the proof
 * set ("proof", last) gains the proof. The text has room for it (doc_into's
 * extra, or a fresh copy).
 */
static const char *with_proof(struct record_batch *b, const char *doc, size_t len,
			      const json_t *proof)
{
	char *text = json_dumps(proof, JSON_COMPACT);
	if (!text)
		return NULL;
	bool first = len >= 2 && strcmp(doc + len - 2, "]}");
	size_t m = strlen(text);
	char *out = arena_alloc(b->a, len + m + 16);
	if (out) {
		size_t at = len - (first ? 1 : 2);
		memcpy(out, doc, at);
		if (first) {
			memcpy(out + at, ",\"proof\":[", 10);
			at += 10;
		} else {
			out[at++] = ',';
		}
		memcpy(out + at, text, m);
		memcpy(out + at + m, "]}", 3);
	}
	free(text);
	return out;
}

/* The homeroom teacher's signature over a fresh credential for s. */
static int teacher_sign_into(struct db_conn *c, struct record_batch *b,
			     const struct record_class *k, const struct record_student *s,
			     const char *previous, struct record_item *it, bool *complete)
{
	struct buf sb = BUF_INIT(1 << 20);
	char hash[RECORD_HASH_HEX];
	int rc = subject_into(b, k, s, &sb, hash, complete);
	if (!rc && it->id && strcmp(hash, it->subject_hash)) {
		/* The grades changed since the draft was made: refresh it. */
		buf_release(&sb);
		it->stale = true;
		it->to = RECORD_DRAFT;
		return draft_into(b, k, s, previous, it, complete);
	}
	if (!rc && *complete)
		rc = need_keys(c, b);
	if (rc || !*complete) {
		buf_release(&sb);
		return rc;
	}
	char did[SKEY_DID_MAX];
	skey_did(&b->school_key, did);
	struct record_doc d = {.uuid = it->uuid,
			       .issuer_did = did,
			       .school_name = k->school_name,
			       .school_code = k->cls.school,
			       .valid_from = b->now,
			       .previous = previous};
	size_t len = 0;
	char *doc = doc_into(b, &d, &sb, 0, &len);
	buf_release(&sb);
	if (!doc)
		return problem_err(&b->p, ERR_NOMEM);
	/* What the proofs sign is these bytes: hashed once, kept for the
	 * principal's proof. */
	uint8_t dh[32];
	crypto_hash_sha256(dh, (const unsigned char *)doc, len);
	json_t *proof = NULL;
	rc = record_proof(dh, &b->signer_key, b->sk, b->now, &proof);
	it->credential = rc ? NULL : with_proof(b, doc, len, proof);
	json_decref(proof);
	if (rc || !it->credential)
		return problem_err(&b->p, rc ? rc : ERR_NOMEM);
	sodium_bin2hex(it->doc_hash, sizeof(it->doc_hash), dh, sizeof(dh));
	memcpy(it->subject_hash, hash, sizeof(hash));
	it->to = RECORD_TEACHER_SIGNED;
	it->signed_now = true;
	it->teacher_by = b->who->user_id;
	it->teacher_at = b->now;
	return ERR_OK;
}

/* The principal's signature added to a teacher-signed record (row r). */
static int principal_sign_into(struct db_conn *c, struct record_batch *b,
			       const struct record_class *k, const struct record_student *s,
			       const struct record_row *r, const char *previous,
			       struct record_item *it)
{
	bool complete;
	struct buf sb = BUF_INIT(1 << 20);
	char hash[RECORD_HASH_HEX];
	int rc = subject_into(b, k, s, &sb, hash, &complete);
	buf_release(&sb);
	if (rc)
		return rc;
	if (strcmp(hash, r->subject_hash)) {
		/* Changed since the teacher signed: back to a draft for them. */
		it->stale = true;
		it->to = RECORD_DRAFT;
		it->teacher_key_id = it->teacher_by = it->teacher_at = 0;
		return draft_into(b, k, s, previous, it, &complete);
	}
	rc = need_keys(c, b);
	if (rc)
		return rc;
	/* The document the teacher signed, by its hash: the principal's proof
	 * goes beside theirs without parsing or serialising the record again. */
	uint8_t dh[32];
	size_t n = strlen(r->credential);
	if (!r->doc_hash ||
	    sodium_hex2bin(dh, sizeof(dh), r->doc_hash, strlen(r->doc_hash), NULL, NULL, NULL) ||
	    n < 2 || strcmp(r->credential + n - 2, "]}"))
		return problem_err(&b->p, ERR_DB);
	json_t *proof = NULL;
	rc = record_proof(dh, &b->signer_key, b->sk, b->now, &proof);
	it->credential = rc ? NULL : with_proof(b, r->credential, n, proof);
	json_decref(proof);
	if (rc || !it->credential)
		return problem_err(&b->p, rc ? rc : ERR_NOMEM);
	memcpy(it->subject_hash, hash, sizeof(hash));
	it->to = RECORD_SEALED;
	it->signed_now = true;
	it->principal_by = b->who->user_id;
	it->principal_at = b->now;
	return ERR_OK;
}

/* An item for stored row r, as it stands. */
static int item_of_row(struct record_batch *b, const struct record_row *r, struct record_item **out)
{
	int rc = push(b, out);
	if (rc)
		return rc;
	struct record_item *it = *out;
	it->id = r->id;
	it->rev = r->rev;
	it->person_id = r->person_id;
	it->class_id = r->class_id;
	it->grade = r->grade;
	it->version = r->version;
	it->previous_id = r->previous_id;
	it->from = it->to = r->status;
	snprintf(it->uuid, sizeof(it->uuid), "%s", r->uuid);
	snprintf(it->subject_hash, sizeof(it->subject_hash), "%s", r->subject_hash);
	snprintf(it->doc_hash, sizeof(it->doc_hash), "%s", r->doc_hash ? r->doc_hash : "");
	it->credential = r->credential;
	it->teacher_key_id = r->teacher_key_id;
	it->teacher_by = r->teacher_by;
	it->teacher_at = r->teacher_at;
	it->principal_key_id = r->principal_key_id;
	it->principal_by = r->principal_by;
	it->principal_at = r->principal_at;
	return ERR_OK;
}

/* A new draft item for student s (version, previous: a correction's). */
static int item_new(struct record_batch *b, const struct record_class *k,
		    const struct record_student *s, int version, int64_t previous_id,
		    struct record_item **out)
{
	int rc = push(b, out);
	if (rc)
		return rc;
	struct record_item *it = *out;
	it->person_id = s->person_id;
	it->class_id = k->cls.id;
	it->grade = k->cls.grade;
	it->version = version;
	it->previous_id = previous_id;
	it->from = it->to = RECORD_DRAFT;
	record_uuid(it->uuid);
	return ERR_OK;
}

/* The id a stored correction draft names as its previous version. */
static const char *previous_of(struct record_batch *b, const struct record_row *r)
{
	if (!r->previous_id)
		return NULL;
	json_error_t e;
	json_t *j = json_loads(r->credential, 0, &e);
	const char *prev = json_string_value(json_object_get(j, "previousVersion"));
	const char *out = prev ? arena_strdup(b->a, prev) : NULL;
	json_decref(j);
	return out;
}

/* Every record of class k: rows in a, each student's newest version found
 * by latest(). */
struct class_rows {
	int n;
	struct record_row *rows;
};

static int class_rows_load(struct db_conn *c, struct arena *a, int64_t class_id,
			   struct class_rows *out)
{
	out->n = 0;
	int cap = 64;
	out->rows = arena_alloc(a, (size_t)cap * sizeof(*out->rows));
	if (!out->rows)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(class_id);
	int rc = db_query(c, Q_RECORDS_OF_CLASS, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		if (out->n == cap) {
			struct record_row *rows = arena_alloc(a, (size_t)cap * 2 * sizeof(*rows));
			if (!rows) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(rows, out->rows, (size_t)cap * sizeof(*rows));
			out->rows = rows;
			cap *= 2;
		}
		rc = record_read_row(&res, a, &out->rows[out->n++]);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static const struct record_row *latest(const struct class_rows *rows, int64_t person)
{
	const struct record_row *hit = NULL;
	for (int i = 0; i < rows->n; i++)
		if (rows->rows[i].person_id == person)
			hit = &rows->rows[i]; /* ordered by version */
	return hit;
}

/* CREATE for class k (all its students, or the one loaded). */
static int prepare_create(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			  bool single)
{
	struct class_rows rows;
	int rc = class_rows_load(c, b->a, k->cls.id, &rows);
	if (rc)
		return problem_err(&b->p, rc);
	for (int i = 0; i < k->n; i++) {
		const struct record_student *s = &k->students[i];
		/* A record made in another class of the year counts too. */
		struct db_res res;
		struct db_val v[] = {DBV_INT(s->person_id), DBV_INT(k->cls.school_year)};
		rc = db_row(c, Q_RECORD_LATEST_OF, v, 2, &res);
		if (rc == ERR_OK) {
			int64_t existing = db_int(&res, 0);
			db_done(&res);
			if (single) {
				problem_set(&b->p, P_RECORD_EXISTS, "student", "The student has a record for this year already; "
					    "correct it instead.");
				b->p.ext_name = "existing_id";
				b->p.ext_value = existing;
				return ERR_CONFLICT;
			}
			rc = note(b, &b->existing, &b->nexisting, s->person_id);
			if (rc)
				return rc;
			continue;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(&b->p, rc);
		struct record_item *it;
		bool complete;
		rc = item_new(b, k, s, 1, 0, &it);
		if (!rc)
			rc = draft_into(b, k, s, NULL, it, &complete);
		if (rc)
			return rc;
		if (!complete) {
			b->n--;
			if (single)
				return problem_set(&b->p, P_RESULTS_INCOMPLETE, "student", "The student's year results are not all in.");
			rc = note(b, &b->incomplete, &b->nincomplete, s->person_id);
			if (rc)
				return rc;
		}
	}
	return ERR_OK;
}

/* SIGN a class: every draft, and drafts made first for students without a
 * record; or (only) the one record asked for. */
static int prepare_sign(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			const struct record_row *only)
{
	struct class_rows rows = {0};
	int rc = only ? ERR_OK : class_rows_load(c, b->a, k->cls.id, &rows);
	if (rc)
		return problem_err(&b->p, rc);
	for (int i = 0; i < k->n; i++) {
		const struct record_student *s = &k->students[i];
		const struct record_row *r = only ? only : latest(&rows, s->person_id);
		struct record_item *it;
		const char *previous = NULL;
		if (r && r->status != RECORD_DRAFT) {
			rc = note(b, &b->existing, &b->nexisting, s->person_id);
			if (rc)
				return rc;
			continue;
		}
		if (!r) {
			/* Made in another class of the year? Then not here. */
			struct db_res res;
			struct db_val v[] = {DBV_INT(s->person_id), DBV_INT(k->cls.school_year)};
			rc = db_row(c, Q_RECORD_LATEST_OF, v, 2, &res);
			if (rc == ERR_OK) {
				db_done(&res);
				rc = note(b, &b->existing, &b->nexisting, s->person_id);
				if (rc)
					return rc;
				continue;
			}
			if (rc != ERR_NOTFOUND)
				return problem_err(&b->p, rc);
			rc = item_new(b, k, s, 1, 0, &it);
		} else {
			previous = previous_of(b, r);
			rc = item_of_row(b, r, &it);
		}
		bool complete = false;
		if (!rc)
			rc = teacher_sign_into(c, b, k, s, previous, it, &complete);
		if (rc)
			return rc;
		if (!complete && !it->stale) {
			if (only)
				return problem_set(&b->p, P_RESULTS_INCOMPLETE, NULL, "The student's year results are not all in.");
			b->n--;
			rc = note(b, &b->incomplete, &b->nincomplete, s->person_id);
			if (rc)
				return rc;
		}
	}
	return ERR_OK;
}

/* SEAL the records of class k awaiting the principal (or only `only`). */
static int prepare_seal(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			const struct record_row *only)
{
	struct class_rows rows = {0};
	int rc = only ? ERR_OK : class_rows_load(c, b->a, k->cls.id, &rows);
	if (rc)
		return problem_err(&b->p, rc);
	for (int i = 0; i < k->n; i++) {
		const struct record_student *s = &k->students[i];
		const struct record_row *r = only ? only : latest(&rows, s->person_id);
		if (!r || r->status != RECORD_TEACHER_SIGNED)
			continue;
		struct record_item *it;
		rc = item_of_row(b, r, &it);
		if (!rc)
			rc = principal_sign_into(c, b, k, s, r, previous_of(b, r), it);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* CORRECT: a new draft version of sealed record r. */
static int prepare_correct(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			   const struct record_row *r)
{
	if (r->status != RECORD_SEALED)
		return problem_set(&b->p, r->status == RECORD_SUPERSEDED ? P_SUPERSEDED : P_NOT_SEALED, NULL, r->status == RECORD_SUPERSEDED
				? "A correction replaced this record; correct the newest "
				  "version."
				: "Only a sealed record is corrected; this one can still "
				  "be signed as it is.");
	struct db_res res;
	struct db_val v[] = {DBV_INT(r->person_id), DBV_INT(r->school_year)};
	int rc = db_row(c, Q_RECORD_LATEST_OF, v, 2, &res);
	if (rc)
		return problem_err(&b->p, rc == ERR_NOTFOUND ? ERR_DB : rc);
	int64_t newest = db_int(&res, 0);
	db_done(&res);
	if (newest != r->id)
		return problem_set(&b->p, P_CORRECTION_PENDING, NULL, "A correction of this record is being made already.");
	if (!k->n)
		return problem_set(&b->p, P_NOT_IN_CLASS, NULL, "The student is no longer on the class's roster for that year.");
	struct record_item *it;
	bool complete;
	rc = item_new(b, k, &k->students[0], r->version + 1, r->id, &it);
	if (!rc)
		rc = draft_into(b, k, &k->students[0], r->uuid, it, &complete);
	if (rc)
		return rc;
	if (!complete)
		return problem_set(&b->p, P_RESULTS_INCOMPLETE, NULL, "The student's year results are not all in.");
	if (!strcmp(it->subject_hash, r->subject_hash))
		return problem_set(&b->p, P_UNCHANGED, NULL, "The record says what the gradebook says; correct the grades "
				   "first (unlock the term, change them, lock it again).");
	return ERR_OK;
}

/* The class and (single ops) the record asked for, with access decided. */
static int load_for(struct db_conn *c, struct record_batch *b, int64_t class_id, int64_t person_id,
		    const struct record_row *r, struct record_class *k)
{
	int rc = record_class_load(c, b->a, class_id, person_id, k);
	if (rc == ERR_NOTFOUND)
		return refuse(b, false, NULL, NULL);
	if (rc)
		return problem_err(&b->p, rc);
	int seen = -1;
	if (r) {
		struct access_decision rd;
		rc = record_access_read(c, b->who, r, ACCESS_READ, &rd);
		if (rc)
			return problem_err(&b->p, rc);
		seen = rd.allowed;
	}
	rc = decide(c, b, &k->cls, seen);
	return rc ? rc : need_locked(b, k);
}

int record_prepare(struct db_conn *c, struct record_batch *b, int64_t class_id, int64_t person_id,
		   int64_t record_id, int64_t org_id, int school_year)
{
	struct record_class k;
	struct record_row r;
	b->n = 0;
	b->nexisting = b->nincomplete = 0;
	b->refused_person = person_id;
	if (record_id) {
		int rc = record_get(c, b->a, record_id, &r);
		if (rc == ERR_NOTFOUND) {
			access_absent(b->who, &b->d);
			return problem_set(&b->p, P_NOT_FOUND, NULL, "No such record.");
		}
		if (rc)
			return problem_err(&b->p, rc);
		b->refused_person = r.person_id;
		rc = load_for(c, b, r.class_id, r.person_id, &r, &k);
		if (rc)
			return rc;
		switch (b->op) {
		case RECORD_OP_SIGN:
			if (r.status != RECORD_DRAFT)
				return problem_set(&b->p, P_NOT_DRAFT, NULL, "The homeroom teacher has signed this record "
						   "already.");
			return k.n ? prepare_sign(c, b, &k, &r)
				   : problem_set(&b->p, P_NOT_IN_CLASS, NULL, "The student is no longer on the class's roster.");
		case RECORD_OP_SEAL:
			if (r.status != RECORD_TEACHER_SIGNED)
				return problem_set(&b->p, r.status == RECORD_DRAFT ? P_TEACHER_SIGNS_FIRST
								 : P_ALREADY_SEALED, NULL, r.status == RECORD_DRAFT
						? "The homeroom teacher signs the record first."
						: "This record is sealed already.");
			return k.n ? prepare_seal(c, b, &k, &r)
				   : problem_set(&b->p, P_NOT_IN_CLASS, NULL, "The student is no longer on the class's roster.");
		case RECORD_OP_CORRECT:
			return prepare_correct(c, b, &k, &r);
		default:
			return problem_err(&b->p, ERR_INTERNAL);
		}
	}
	if (b->op == RECORD_OP_SEAL) {
		/* The school decides access; then every class of its year with
		 * records awaiting the principal. */
		struct db_res res;
		struct db_val o = DBV_INT(org_id);
		int rc = db_row(c, Q_RECORD_SCHOOL, &o, 1, &res);
		if (rc == ERR_NOTFOUND)
			return refuse(b, false, NULL, NULL);
		if (rc)
			return problem_err(&b->p, rc);
		struct class_ref school = {.path = arena_strdup(b->a, db_text(&res, 1, NULL))};
		db_done(&res);
		if (!school.path)
			return problem_err(&b->p, ERR_NOMEM);
		rc = decide(c, b, &school, -1);
		if (rc)
			return rc;
		struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year),
				     DBV_TEXT(record_status_name(RECORD_TEACHER_SIGNED))};
		int64_t *classes = NULL;
		int nclasses = 0;
		rc = db_query(c, Q_RECORDS_CLASSES_IN_STATUS, v, 3, &res);
		int step = 0;
		while (!rc && (step = db_next(&res)) == 1)
			rc = note(b, &classes, &nclasses, db_int(&res, 0));
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		if (rc)
			return problem_err(&b->p, rc);
		for (int i = 0; i < nclasses; i++) {
			rc = load_for(c, b, classes[i], 0, NULL, &k);
			if (!rc)
				rc = prepare_seal(c, b, &k, NULL);
			if (rc)
				return rc;
		}
		return ERR_OK;
	}
	int rc = load_for(c, b, class_id, person_id, NULL, &k);
	if (rc)
		return rc;
	if (person_id && !k.n)
		return problem_set(&b->p, P_NOT_IN_CLASS, "student", "The student is not on the class's roster for that year.");
	if (b->op == RECORD_OP_CREATE)
		return prepare_create(c, b, &k, person_id != 0);
	if (b->op == RECORD_OP_SIGN)
		return prepare_sign(c, b, &k, NULL);
	return problem_err(&b->p, ERR_INTERNAL);
}

int record_batch_count(const struct record_batch *b, enum record_status to, bool stale)
{
	int n = 0;
	for (int i = 0; i < b->n; i++)
		n += b->items[i].to == to && b->items[i].stale == stale;
	return n;
}

/* ---- storing ---- */

static struct db_val opt_int(int64_t v)
{
	return v ? DBV_INT(v) : DBV_NULL;
}

static int store_item(struct db_conn *c, struct record_batch *b, struct record_item *it)
{
	if (it->signed_now) {
		if (it->to == RECORD_TEACHER_SIGNED)
			it->teacher_key_id = b->signer_key.id;
		else
			it->principal_key_id = b->signer_key.id;
	}
	const char *status = record_status_name(it->to);
	int rc;
	if (!it->id) {
		struct db_val v[] = {DBV_TEXT(it->uuid),
				     DBV_INT(it->person_id),
				     DBV_INT(b->org_id),
				     DBV_INT(b->school_year),
				     DBV_INT(it->grade),
				     DBV_INT(it->class_id),
				     DBV_INT(it->version),
				     opt_int(it->previous_id),
				     DBV_TEXT(status),
				     DBV_TEXT(it->subject_hash),
				     it->doc_hash[0] ? DBV_TEXT(it->doc_hash) : DBV_NULL,
				     DBV_TEXT(it->credential),
				     opt_int(it->teacher_key_id),
				     opt_int(it->teacher_by),
				     opt_int(it->teacher_at),
				     opt_int(it->principal_key_id),
				     opt_int(it->principal_by),
				     opt_int(it->principal_at),
				     opt_int(b->who->user_id),
				     DBV_INT(b->now),
				     DBV_INT(b->now)};
		struct db_res res;
		rc = db_row(c, Q_RECORD_INSERT, v, ARRAY_SIZE(v), &res);
		if (rc == ERR_CONFLICT)
			return problem_set(&b->p, P_RECORD_EXISTS, NULL, "A record of this student and year was made meanwhile.");
		if (rc)
			return problem_err(&b->p, rc);
		it->id = db_int(&res, 0);
		db_done(&res);
	} else {
		struct db_val v[] = {DBV_TEXT(status),
				     DBV_TEXT(it->subject_hash),
				     it->doc_hash[0] ? DBV_TEXT(it->doc_hash) : DBV_NULL,
				     DBV_TEXT(it->credential),
				     opt_int(it->teacher_key_id),
				     opt_int(it->teacher_by),
				     opt_int(it->teacher_at),
				     opt_int(it->principal_key_id),
				     opt_int(it->principal_by),
				     opt_int(it->principal_at),
				     DBV_INT(b->now),
				     DBV_INT(it->id),
				     DBV_INT(it->rev)};
		int changes = 0;
		rc = db_exec(c, Q_RECORD_UPDATE, v, ARRAY_SIZE(v), &changes);
		if (rc)
			return problem_err(&b->p, rc);
		if (!changes)
			return problem_set(&b->p, P_RECORD_CHANGED, NULL, "The record changed meanwhile; try again.");
		it->rev++;
	}
	if (it->to == RECORD_SEALED && it->previous_id) {
		struct db_val v[] = {DBV_INT(it->id), DBV_INT(b->now), DBV_INT(it->previous_id)};
		int changes = 0;
		rc = db_exec(c, Q_RECORD_SUPERSEDE, v, 3, &changes);
		if (rc)
			return problem_err(&b->p, rc);
		if (!changes)
			return problem_set(&b->p, P_RECORD_CHANGED, NULL, "The corrected record changed meanwhile.");
	}
	return ERR_OK;
}

int record_store(struct db_conn *c, struct record_batch *b)
{
	if (!b->n)
		return ERR_OK;
	/* The term locks as they were read: nothing unlocked and relocked. */
	struct db_res res;
	struct db_val m[] = {DBV_INT(b->org_id), DBV_INT(b->school_year)};
	int rc = db_row(c, Q_RECORD_LOCK_MARKER, m, 2, &res);
	if (rc)
		return problem_err(&b->p, rc);
	int64_t marker = db_int(&res, 0);
	db_done(&res);
	if (marker != b->lock_marker)
		return problem_set(&b->p, P_RECORD_CHANGED, NULL, "The school's term locks changed meanwhile; try again.");
	if (b->before_write) {
		rc = b->before_write(c, b->ctx, b);
		if (rc)
			return problem_err(&b->p, rc);
	}
	if (b->have_keys) {
		struct skey *keys[] = {&b->school_key, &b->signer_key};
		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			rc = keys[i]->fresh ? skey_insert(c, keys[i], b->who->user_id)
					    : skey_check_active(c, keys[i]->id, &b->p);
			if (rc)
				return rc == b->p.err ? rc
						      : problem_err(&b->p, rc);
		}
	}
	for (int i = 0; i < b->n; i++) {
		rc = store_item(c, b, &b->items[i]);
		if (rc)
			return rc;
	}
	return ERR_OK;
}
