/*
 * credential.c: the credential of a school record (credential.h), written
 * canonically straight from the facts.
 */
#include "core/base.h"
#include "core/log.h"
#include "core/jcs.h"
#include "crypto/bytes.h"
#include "crypto/hash.h"
#include "domain/records/credential.h"

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
	bytes_random(b + 6, sizeof(b) - 6);
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

/* ---- canonical JSON, written directly ----
 *
 * Members in sorted order (every key here is ASCII, so byte order is UTF-16
 * order), strings escaped by jcs_append_string, integers in decimal, no
 * other numbers. test_credential.c checks that the bytes are exactly what
 * jcs_append makes of the same record.
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

/* "key": "value" */
static void cw_member(struct cw *w, const char *key, const char *value)
{
	cw_key(w, key);
	cw_str(w, value);
}

/* "key": [a, b] of two strings. */
static void cw_pair(struct cw *w, const char *key, const char *a, const char *b)
{
	cw_key(w, key);
	cw_open(w, "[");
	cw_next(w);
	cw_str(w, a);
	cw_next(w);
	cw_str(w, b);
	cw_close(w, "]");
}

/* ---- the subject ---- */

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

/* A student's results by the class's policy: each subject's, and the
 * overall result of each term and of the year ([GB_TERMS]). */
struct results {
	enum policy_id pol;
	struct gb_subject_result subject[GB_MAX_SUBJECTS];
	struct gb_overall period[GB_TERMS + 1];
};

static void results_compute(const struct record_class *k, const struct record_student *s,
			    struct results *x)
{
	x->pol = (enum policy_id)k->cls.policy;
	int n = k->nsubjects;
	struct gb_mark marks[GB_MAX_SUBJECTS];
	for (int i = 0; i < n; i++)
		gb_subject_result(x->pol, k->subjects[i].scored, &s->rows[i], &x->subject[i]);
	for (int p = 0; p <= GB_TERMS; p++) {
		for (int i = 0; i < n; i++) {
			const struct subject *sub = &k->subjects[i];
			const struct gb_subject_result *r = &x->subject[i];
			marks[i] = (struct gb_mark){
				.scored = sub->scored,
				.units = sub->units,
				.value = p == GB_TERMS ? r->year : r->term[p],
				.test = p == GB_TERMS ? r->year_test : r->test[p],
			};
		}
		gb_overall(x->pol, n, marks, s->qualities.v[p == GB_TERMS ? GB_TERMS - 1 : p],
			   &x->period[p]);
	}
}

/* birthDate, familyName, givenName and (when known) nationalId. */
static void cw_person(struct cw *w, const struct record_student *s)
{
	cw_member(w, "birthDate", s->birth_date);
	cw_member(w, "familyName", s->family_name);
	cw_member(w, "givenName", s->given_name);
	if (s->national_id && *s->national_id) {
		cw_key(w, "nationalId");
		cw_open(w, "{");
		cw_member(w, "country", s->country);
		cw_member(w, "value", s->national_id);
		cw_close(w, "}");
	}
}

static void cw_attendances(struct cw *w, const struct record_student *s)
{
	if (!s->attended[0] && !s->attended[1])
		return;
	cw_key(w, "attendance");
	cw_open(w, "{");
	if (s->attended[1])
		cw_attendance(w, "byPeriod", s->attendance[1]);
	if (s->attended[0])
		cw_attendance(w, "daily", s->attendance[0]);
	cw_close(w, "}");
}

/* The year's outcome: ir-20's average, the flagged subjects, the result of
 * the year and of each term. */
static void cw_outcome(struct cw *w, const struct record_class *k, const struct results *x)
{
	const struct gb_overall *year = &x->period[GB_TERMS];
	cw_key(w, "outcome");
	cw_open(w, "{");
	if (year->average != GB_NONE) {
		char d[16];
		record_decimal(year->average, 2, d);
		cw_member(w, "average", d);
	}
	cw_key(w, "flaggedSubjects");
	cw_open(w, "[");
	for (int i = 0; i < k->nsubjects; i++)
		if (year->flagged & (1ull << i)) {
			cw_next(w);
			cw_str(w, k->subjects[i].code);
		}
	cw_close(w, "]");
	cw_member(w, "result", year->result);
	cw_key(w, "termResults");
	cw_open(w, "[");
	for (int t = 0; t < GB_TERMS; t++) {
		cw_next(w);
		cw_str(w, x->period[t].result);
	}
	cw_close(w, "]");
	cw_close(w, "}");
}

/* One subject: code, the teacher's comment (policies that keep one), name,
 * term results, vn-tt27's periodic test, ir-20's units, the year's. */
static void cw_subject(struct cw *w, enum policy_id pol, const struct subject *sub,
		       const char *comment, const struct gb_subject_result *r)
{
	cw_next(w);
	cw_open(w, "{");
	cw_member(w, "code", sub->code);
	if (comment && gb_policy_comments(pol))
		cw_member(w, "comment", comment);
	cw_member(w, "name", sub->name);
	cw_member(w, "nameEn", sub->name_en);
	cw_key(w, "terms");
	cw_open(w, "[");
	for (int t = 0; t < GB_TERMS; t++) {
		cw_next(w);
		cw_result(w, pol, sub->scored, r->term[t]);
	}
	cw_close(w, "]");
	if (pol == POLICY_VN_TT27 && sub->scored) {
		cw_key(w, "test");
		if (r->year_test == GB_NONE)
			cw_raw(w, "null", 4);
		else
			cw_int(w, r->year_test / 100);
	}
	if (pol == POLICY_IR_20) {
		cw_key(w, "units");
		cw_int(w, sub->units > 0 ? sub->units : 1);
	}
	cw_key(w, "year");
	cw_result(w, pol, sub->scored, r->year);
	cw_close(w, "}");
}

/* "schoolRecord": the class, the year's results and everything beside. */
static void cw_school_record(struct cw *w, const struct record_class *k,
			     const struct record_student *s, const struct results *x)
{
	bool tt27 = x->pol == POLICY_VN_TT27;
	cw_key(w, "schoolRecord");
	cw_open(w, "{");
	cw_attendances(w, s);
	cw_member(w, "class", k->cls.name);
	if (tt27)
		cw_qualities(w, "competences", &s->qualities, record_competences,
			     ARRAY_SIZE(record_competences));
	cw_key(w, "grade");
	cw_int(w, k->cls.grade);
	cw_outcome(w, k, x);
	cw_member(w, "policy", policy_name(x->pol));
	if (tt27)
		cw_qualities(w, "qualities", &s->qualities, record_qualities,
			     ARRAY_SIZE(record_qualities));
	char sy[16];
	snprintf(sy, sizeof(sy), "%d-%d", k->cls.school_year, k->cls.school_year + 1);
	cw_member(w, "schoolYear", sy);
	cw_key(w, "subjects");
	cw_open(w, "[");
	for (int i = 0; i < k->nsubjects; i++)
		cw_subject(w, x->pol, &k->subjects[i], s->comments ? s->comments[i] : NULL,
			   &x->subject[i]);
	cw_close(w, "]");
	cw_member(w, "type", "SchoolYearRecord");
	cw_close(w, "}");
}

int record_subject_write(const struct record_class *k, const struct record_student *s,
			 struct buf *b, bool *complete)
{
	*complete = false;
	if (k->cls.policy < 0)
		return ERR_INVALID;
	struct results x;
	results_compute(k, s, &x);
	struct cw w = {.b = b};
	cw_open(&w, "{");
	cw_person(&w, s);
	cw_school_record(&w, k, s, &x);
	cw_key(&w, "tabulaId");
	cw_int(&w, s->person_id);
	cw_close(&w, "}");
	if (!w.rc)
		*complete = x.period[GB_TERMS].complete;
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
	uint8_t h[HASH_BYTES];
	hash_blake2b(h, p ? p : "", n);
	bytes_hex(out, h, sizeof(h));
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

/* ---- the document ---- */

static void cw_issuer(struct cw *w, const struct record_doc *d)
{
	cw_key(w, "issuer");
	cw_open(w, "{");
	cw_member(w, "code", d->school_code);
	if (d->issuer_did)
		cw_member(w, "id", d->issuer_did);
	cw_member(w, "name", d->school_name);
	cw_close(w, "}");
}

int record_doc_write(const struct record_doc *d, const char *subject, size_t len, struct buf *b)
{
	struct cw w = {.b = b};
	cw_open(&w, "{");
	cw_pair(&w, "@context", RECORD_CONTEXT_VC, RECORD_CONTEXT_TABULA);
	cw_key(&w, "credentialSubject");
	cw_raw(&w, subject, len);
	cw_member(&w, "id", d->uuid);
	cw_issuer(&w, d);
	if (d->previous)
		cw_member(&w, "previousVersion", d->previous);
	cw_pair(&w, "type", "VerifiableCredential", "SchoolRecordCredential");
	if (d->valid_from) {
		char t[32];
		time_iso8601(d->valid_from, t, sizeof(t));
		cw_member(&w, "validFrom", t);
	}
	cw_close(&w, "}");
	return w.rc;
}

json_t *record_context_json(void)
{
	return json_pack("[s,s]", RECORD_CONTEXT_VC, RECORD_CONTEXT_TABULA);
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
	json_t *j = json_pack("{s:o, s:s, s:[s,s], s:o}", "@context", record_context_json(), "id",
			      d->uuid, "type", "VerifiableCredential", "SchoolRecordCredential",
			      "issuer", issuer);
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
