#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/calendar.h"
#include "domain/registry/nid.h"
#include "domain/registry/student.h"
#include "domain/common/text.h"

#include <ctype.h>
#include <strings.h>

/* ---- validation ---- */

static int prepare_name(const char *in, const char *field, char *out, size_t outlen,
			struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, field, "This name is required.");
	int rc = text_normalize_name(in, out, outlen);
	if (rc == ERR_TOOLARGE || (!rc && utf8_length(out, strlen(out)) > STUDENT_NAME_MAX))
		return problem_set(p, P_TOO_LONG, field, "A name has at most 100 characters.");
	if (rc)
		return problem_set(p, P_INVALID, field, "This name is not valid text.");
	if (!*out)
		return problem_set(p, P_REQUIRED, field, "This name is required.");
	return ERR_OK;
}

static int prepare_country(const char *in, char out[3], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "country", "The country is required: IR or VN.");
	if (strlen(in) != 2 || !strchr("IiVv", in[0]))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	out[0] = (char)toupper((unsigned char)in[0]);
	out[1] = (char)toupper((unsigned char)in[1]);
	out[2] = '\0';
	if (strcmp(out, "IR") && strcmp(out, "VN"))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	return ERR_OK;
}

static int prepare_sex(const char *in, char out[2], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "sex", "Sex is required: F or M.");
	if (!strcasecmp(in, "F") || !strcasecmp(in, "female"))
		out[0] = 'F';
	else if (!strcasecmp(in, "M") || !strcasecmp(in, "male"))
		out[0] = 'M';
	else
		return problem_set(p, P_INVALID, "sex", "Sex is F or M.");
	out[1] = '\0';
	return ERR_OK;
}

static int prepare_birth(const char *in, char out[11], struct problem *p)
{
	if (!in || !*in)
		return problem_set(p, P_REQUIRED, "birth_date", "The birth date is required (YYYY-MM-DD).");
	char ascii[32];
	int y, m, d;
	if (text_digits_ascii(in, ascii, sizeof(ascii)) || !date_parse_iso(ascii, &y, &m, &d))
		return problem_set(p, P_INVALID, "birth_date", "The birth date must be a real date written YYYY-MM-DD.");
	char today[32];
	time_iso8601(time_now_unix(), today, sizeof(today));
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	if (y < 1950 || strncmp(out, today, 10) > 0)
		return problem_set(p, P_OUT_OF_RANGE, "birth_date", "The birth date must be after 1950 and not in the future.");
	return ERR_OK;
}

/* Letters, digits and '-' only, for sector ids and class names typed by
 * people (Persian digits become ASCII). */
static int prepare_short(const char *in, const char *field, size_t max_chars, char *out,
			 size_t outlen, struct problem *p)
{
	out[0] = '\0';
	if (!in || !*in)
		return ERR_OK;
	int rc = text_normalize_name(in, out, outlen);
	if (rc || utf8_length(out, strlen(out)) > max_chars)
		return problem_set(p, P_TOO_LONG, field, "This value is too long.");
	return ERR_OK;
}

/* The "family given" search key as stored (schema 0006): the folded names,
 * then birth date and sex, so that one exact look-up finds likely duplicates
 * and a name prefix still finds the person. A space sorts before any letter,
 * so "an 2014-..." stays before "anh ..." and name order is kept. */
static void dup_key_make(const char *key_fg, const char *birth, const char *sex, char *out,
			 size_t outlen)
{
	snprintf(out, outlen, "%s %s%s", key_fg, birth, sex);
}

/* Identity fields: everything but the placement. */
static int prepare_identity(const struct student_input *in, struct student_new *s,
			    struct problem *p)
{
	int rc = prepare_country(in->country, s->country, p);
	s->national_id[0] = '\0';
	if (!rc && in->national_id && *in->national_id)
		rc = nid_canonical(s->country, in->national_id, s->national_id, p);
	if (!rc)
		rc = prepare_name(in->given_name, "given_name", s->given_name,
				  sizeof(s->given_name), p);
	if (!rc)
		rc = prepare_name(in->family_name, "family_name", s->family_name,
				  sizeof(s->family_name), p);
	if (!rc)
		rc = prepare_birth(in->birth_date, s->birth_date, p);
	if (!rc)
		rc = prepare_sex(in->sex, s->sex, p);
	if (!rc && s->national_id[0] && !strcmp(s->country, "VN"))
		rc = nid_check_vn_birth(s->national_id, s->birth_date, s->sex[0], p);
	if (!rc)
		rc = prepare_short(in->sector_id, "sector_id", 32, s->sector_id,
				   sizeof(s->sector_id), p);
	if (rc)
		return rc;
	/* In Vietnam the sector's student id is the personal id number. */
	if (!strcmp(s->country, "VN") && s->national_id[0]) {
		if (s->sector_id[0] && strcmp(s->sector_id, s->national_id))
			return problem_set(p, P_INVALID, "sector_id", "In Vietnam the student id is the personal id number.");
		memcpy(s->sector_id, s->national_id, strlen(s->national_id) + 1);
	}
	char both[2 * sizeof(s->given_name) + 2];
	snprintf(both, sizeof(both), "%s %s", s->family_name, s->given_name);
	rc = text_fold(both, s->key_fg, sizeof(s->key_fg));
	if (!rc) {
		snprintf(both, sizeof(both), "%s %s", s->given_name, s->family_name);
		rc = text_fold(both, s->key_gf, sizeof(s->key_gf));
	}
	if (rc)
		return problem_set(p, P_TOO_LONG, "given_name", "The names are too long together.");
	dup_key_make(s->key_fg, s->birth_date, s->sex, s->dup_key, sizeof(s->dup_key));
	return ERR_OK;
}

int student_prepare(const struct student_input *in, struct student_new *s, struct problem *p)
{
	memset(s, 0, sizeof(*s));
	int rc = prepare_identity(in, s, p);
	if (rc)
		return rc;
	if (!in->school || !*in->school)
		return problem_set(p, P_REQUIRED, "school", "The school (its code) is required.");
	size_t n = strlen(in->school);
	if (n >= sizeof(s->school))
		return problem_set(p, P_INVALID, "school", "No school has this code.");
	memcpy(s->school, in->school, n + 1);
	if (in->grade < 1 || in->grade > 12)
		return problem_set(p, P_OUT_OF_RANGE, "grade", "The grade is a number from 1 to 12.");
	s->grade = (int)in->grade;
	if (!in->school_year || !*in->school_year)
		return problem_set(p, P_REQUIRED, "school_year", "The school year is required, written like 2025-2026.");
	rc = school_year_parse(in->school_year, &s->school_year, p);
	if (rc)
		return rc;
	return prepare_short(in->class_name, "class", STUDENT_CLASS_MAX, s->class_name,
			     sizeof(s->class_name), p);
}

int school_ref(struct db_conn *c, const char *code, struct org_ref *out, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ORG_REF_BY_CODE, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_SCHOOL, "school", "No school has this code.");
	if (rc)
		return problem_err(p, rc);
	memset(out, 0, sizeof(*out));
	out->id = db_int(&res, 0);
	snprintf(out->kind, sizeof(out->kind), "%s", db_text(&res, 1, NULL));
	snprintf(out->path, sizeof(out->path), "%s", db_text(&res, 2, NULL));
	snprintf(out->country, sizeof(out->country), "%s", db_text(&res, 3, NULL));
	snprintf(out->level, sizeof(out->level), "%s", db_text(&res, 4, NULL));
	db_done(&res);
	if (strcmp(out->kind, "school"))
		return problem_set(p, P_NOT_A_SCHOOL, "school", "This organisation is not a school.");
	return ERR_OK;
}

int student_grade_fits(const struct org_ref *school, const char *country, int grade,
		       struct problem *p)
{
	const char *c = school->country[0] ? school->country : country;
	bool vn = !strcmp(c, "VN");
	int lo = 1, hi = 12;
	if (!strcmp(school->level, "primary"))
		hi = vn ? 5 : 6;
	else if (!strcmp(school->level, "lower_secondary"))
		lo = vn ? 6 : 7, hi = 9;
	else if (!strcmp(school->level, "upper_secondary"))
		lo = 10;
	if (grade < lo || grade > hi)
		return problem_set(p, P_GRADE_NOT_TAUGHT, "grade", "This school does not teach that grade.");
	return ERR_OK;
}

/* ---- storage ---- */

/* The search keys of a person: "family given" with birth date and sex
 * (dup_key), and "given family" unless both orders fold alike (then the
 * first already finds the person by either). */
static int names_insert(struct db_conn *c, int64_t id, const struct student_new *s)
{
	struct db_val v[] = {DBV_TEXT(s->dup_key), DBV_INT(id)};
	int rc = db_exec(c, Q_PERSON_NAME_INSERT, v, 2, NULL);
	if (!rc && strcmp(s->key_fg, s->key_gf)) {
		v[0] = DBV_TEXT(s->key_gf);
		rc = db_exec(c, Q_PERSON_NAME_INSERT, v, 2, NULL);
	}
	return rc;
}

/* ---- batches of search keys ---- */

struct student_batch_key {
	const char *key;
	int64_t id;
	bool has_nid; /* the person has a national id */
};

/* FNV-1a: the batch's dup keys are short and few. */
static uint32_t key_hash(const char *k)
{
	uint32_t h = 2166136261u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

int student_batch_init(struct student_batch *b, size_t students)
{
	memset(b, 0, sizeof(*b));
	b->cap = 2 * (students ? students : 1);
	b->nslots = 16;
	while (b->nslots < 2 * b->cap)
		b->nslots *= 2;
	b->keys = malloc(b->cap * sizeof(*b->keys));
	b->slots = calloc(b->nslots, sizeof(*b->slots));
	if (!b->keys || !b->slots) {
		student_batch_release(b);
		return ERR_NOMEM;
	}
	return ERR_OK;
}

void student_batch_release(struct student_batch *b)
{
	free(b->keys);
	free(b->slots);
	memset(b, 0, sizeof(*b));
}

void student_batch_reset(struct student_batch *b)
{
	if (b->nkeys)
		memset(b->slots, 0, b->nslots * sizeof(*b->slots));
	b->nkeys = 0;
}

/* Defer the search keys of person id; the dup key also goes in the hash. */
static int batch_add(struct student_batch *b, int64_t id, const struct student_new *s)
{
	if (b->nkeys + 2 > b->cap)
		return ERR_TOOLARGE; /* more students than the batch was made for */
	uint32_t *slot = &b->slots[key_hash(s->dup_key) & (b->nslots - 1)];
	while (*slot)
		slot = slot + 1 < b->slots + b->nslots ? slot + 1 : b->slots;
	*slot = (uint32_t)b->nkeys + 1;
	b->keys[b->nkeys++] = (struct student_batch_key){s->dup_key, id, s->national_id[0]};
	if (strcmp(s->key_fg, s->key_gf))
		b->keys[b->nkeys++] = (struct student_batch_key){s->key_gf, id, false};
	return ERR_OK;
}

static int key_order(const void *x, const void *y)
{
	const struct student_batch_key *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

int student_batch_flush(struct db_conn *c, struct student_batch *b)
{
	qsort(b->keys, b->nkeys, sizeof(*b->keys), key_order);
	int rc = ERR_OK;
	for (size_t i = 0; i < b->nkeys && !rc; i++) {
		struct db_val v[] = {DBV_TEXT(b->keys[i].key), DBV_INT(b->keys[i].id)};
		rc = db_exec(c, Q_PERSON_NAME_INSERT, v, 2, NULL);
	}
	student_batch_reset(b);
	return rc;
}

/* The batch's deferred students that s is a likely duplicate of (same dup
 * key, a national id missing on either side), appended to ids[n..max). */
static int batch_duplicates(const struct student_batch *b, const struct student_new *s,
			    int64_t *ids, int n, int max)
{
	for (size_t h = key_hash(s->dup_key) & (b->nslots - 1); b->slots[h];
	     h = (h + 1) & (b->nslots - 1)) {
		const struct student_batch_key *k = &b->keys[b->slots[h] - 1];
		if (!strcmp(k->key, s->dup_key) && (!s->national_id[0] || !k->has_nid) && n < max)
			ids[n++] = k->id;
	}
	return n;
}

/* Find likely duplicates by folded name, birth date and sex, stored or
 * deferred in b (may be NULL): sets *dup and flags the older records too
 * when a national id is missing on either side. */
static int find_likely_duplicates(struct db_conn *c, const struct student_batch *b,
				  const struct student_new *s, bool *dup)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(s->dup_key);
	int64_t ids[5];
	int n = 0;
	*dup = false;
	int rc = db_query(c, Q_PERSON_IDS_BY_DUP_KEY, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		bool other_has_id = !db_null(&res, 1);
		if ((!s->national_id[0] || !other_has_id) && n < (int)ARRAY_SIZE(ids))
			ids[n++] = db_int(&res, 0);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step; /* a failed step is not the end of the rows */
	if (rc)
		return rc;
	if (b)
		n = batch_duplicates(b, s, ids, n, (int)ARRAY_SIZE(ids));
	if (n)
		*dup = true;
	for (int i = 0; i < n; i++) {
		struct db_val u[] = {DBV_TEXT("possible_duplicate"), DBV_INT(time_now_unix()),
				     DBV_INT(ids[i])};
		rc = db_exec(c, Q_PERSON_SET_REVIEW, u, 3, NULL);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* ERR_OK if no record holds this national id; else ERR_CONFLICT with p
 * naming the record that does (by id only: the caller may not see it). */
static int national_id_free(struct db_conn *c, const char *country, const char *national_id,
			    struct problem *p)
{
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(country), DBV_TEXT(national_id)};
	int rc = db_row(c, Q_PERSON_ID_BY_NATIONAL_ID, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return problem_err(p, rc);
	int64_t existing = db_int(&res, 0);
	db_done(&res);
	problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id", "A student with this national id is already registered.");
	p->ext_name = "existing_id";
	p->ext_value = existing;
	return ERR_CONFLICT;
}

/* student_insert; with b, the search keys are deferred into it. */
static int insert_student(struct db_conn *c, struct student_batch *b, const struct student_new *s,
			  const struct org_ref *school, int64_t *id, bool *flagged,
			  struct problem *p)
{
	int rc;
	if (s->national_id[0]) {
		rc = national_id_free(c, s->country, s->national_id, p);
		if (rc)
			return rc;
	}
	bool dup = false;
	rc = find_likely_duplicates(c, b, s, &dup);
	if (rc)
		return problem_err(p, rc);
	int64_t now = time_now_unix();
	struct db_val pv[] = {
		DBV_TEXT(s->country),
		s->national_id[0] ? DBV_TEXT(s->national_id) : DBV_NULL,
		s->sector_id[0] ? DBV_TEXT(s->sector_id) : DBV_NULL,
		DBV_TEXT(s->given_name),
		DBV_TEXT(s->family_name),
		DBV_TEXT(s->birth_date),
		DBV_TEXT(s->sex),
		DBV_TEXT(s->key_fg),
		DBV_TEXT(s->key_gf),
		DBV_INT(school->id),
		dup ? DBV_TEXT("possible_duplicate") : DBV_NULL,
		DBV_INT(now),
		DBV_INT(now),
	};
	struct db_res res;
	rc = db_row(c, Q_PERSON_INSERT, pv, ARRAY_SIZE(pv), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id", "A student with this national id is already registered.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, 0);
	db_done(&res);
	rc = b ? batch_add(b, *id, s) : names_insert(c, *id, s);
	if (!rc) {
		char start[11];
		school_year_start(school->country[0] ? school->country : s->country, s->school_year,
				  start);
		struct db_val ev[] = {DBV_INT(*id),
				      DBV_INT(school->id),
				      DBV_INT(s->school_year),
				      DBV_INT(s->grade),
				      s->class_name[0] ? DBV_TEXT(s->class_name) : DBV_NULL,
				      DBV_TEXT(start),
				      DBV_INT(now)};
		rc = db_exec(c, Q_ENROLMENT_INSERT, ev, ARRAY_SIZE(ev), NULL);
	}
	if (rc)
		return problem_err(p, rc);
	if (flagged)
		*flagged = dup;
	return ERR_OK;
}

int student_insert(struct db_conn *c, const struct student_new *s, const struct org_ref *school,
		   int64_t *id, bool *flagged, struct problem *p)
{
	return insert_student(c, NULL, s, school, id, flagged, p);
}

int student_insert_batched(struct db_conn *c, struct student_batch *b, const struct student_new *s,
			   const struct org_ref *school, int64_t *id, bool *flagged,
			   struct problem *p)
{
	return insert_student(c, b, s, school, id, flagged, p);
}

/* ---- reading ---- */

static const char *dup_text(struct arena *a, struct db_res *res, int col)
{
	if (db_null(res, col))
		return NULL;
	size_t len;
	const char *s = db_text(res, col, &len);
	return arena_strndup(a, s, len);
}

int student_read_row(struct db_res *res, struct arena *a, struct student *s)
{
	memset(s, 0, sizeof(*s));
	s->id = db_int(res, 0);
	s->country = dup_text(a, res, 1);
	s->national_id = dup_text(a, res, 2);
	s->sector_id = dup_text(a, res, 3);
	s->given_name = dup_text(a, res, 4);
	s->family_name = dup_text(a, res, 5);
	s->birth_date = dup_text(a, res, 6);
	s->sex = dup_text(a, res, 7);
	s->status = dup_text(a, res, 8);
	s->review = dup_text(a, res, 9);
	s->merged_into = db_null(res, 10) ? 0 : db_int(res, 10);
	s->created_at = db_int(res, 11);
	s->updated_at = db_int(res, 12);
	s->school = dup_text(a, res, 13);
	s->school_path = dup_text(a, res, 14);
	s->grade = db_null(res, 15) ? 0 : (int)db_int(res, 15);
	s->class_name = dup_text(a, res, 16);
	s->school_year = db_null(res, 17) ? 0 : (int)db_int(res, 17);
	s->school_id = db_int(res, 18);
	if (!s->country || !s->given_name || !s->family_name || !s->birth_date || !s->sex ||
	    !s->status || !s->school || !s->school_path)
		return ERR_NOMEM;
	return ERR_OK;
}

int student_get(struct db_conn *c, struct arena *a, int64_t id, struct student *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_STUDENT_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = student_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

/* ---- search ---- */

/* The largest code point, so that key + it bounds every key with the prefix
 * key (byte order, which is code point order in UTF-8). */
static const char key_top[] = "\xf4\x8f\xbf\xbf";

int student_name_range(const char *q, char *lo, char *hi, size_t len)
{
	int rc = text_fold(q, lo, len);
	if (rc)
		return rc;
	size_t n = strlen(lo);
	if (n + sizeof(key_top) > len)
		return ERR_TOOLARGE;
	memcpy(hi, lo, n);
	memcpy(hi + n, key_top, sizeof(key_top));
	return ERR_OK;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Cursors are opaque to clients: "<id>" in id order, "<hex of key>.<id>" in
 * name order. */
static int cursor_parse(struct arena *a, const char *after, bool named, const char **key,
			int64_t *id)
{
	*key = "";
	*id = 0;
	if (!after || !*after)
		return ERR_OK;
	const char *dot = strrchr(after, '.');
	const char *num = after;
	if (named) {
		if (!dot)
			return ERR_INVALID;
		size_t hexlen = (size_t)(dot - after);
		if (hexlen % 2 || hexlen / 2 >= STUDENT_KEY_MAX)
			return ERR_INVALID;
		char *k = arena_alloc(a, hexlen / 2 + 1);
		if (!k)
			return ERR_NOMEM;
		for (size_t i = 0; i < hexlen / 2; i++) {
			int hi = hexval(after[2 * i]), lo = hexval(after[2 * i + 1]);
			if (hi < 0 || lo < 0)
				return ERR_INVALID;
			k[i] = (char)(hi * 16 + lo);
		}
		k[hexlen / 2] = '\0';
		if (!utf8_valid(k, hexlen / 2))
			return ERR_INVALID;
		*key = k;
		num = dot + 1;
	} else if (dot) {
		return ERR_INVALID;
	}
	char *end;
	errno = 0;
	long long v = strtoll(num, &end, 10);
	if (errno || end == num || *end || v < 0)
		return ERR_INVALID;
	*id = v;
	return ERR_OK;
}

static const char *cursor_make(struct arena *a, const char *key, int64_t id)
{
	if (!key)
		return arena_printf(a, "%" PRId64, id);
	size_t n = strlen(key);
	char *out = arena_alloc(a, 2 * n + 24);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", (unsigned char)key[i]);
	snprintf(out + 2 * n, 24, ".%" PRId64, id);
	return out;
}

int student_search(struct db_conn *c, struct arena *a, const struct student_query *q,
		   struct student_page *out, struct problem *p)
{
	memset(out, 0, sizeof(*out));
	int limit = q->limit;
	char qascii[256] = "";
	bool by_id = false, by_name = false;
	char lo[STUDENT_KEY_MAX], hi[STUDENT_KEY_MAX];
	if (q->q && *q->q) {
		if (text_digits_ascii(q->q, qascii, sizeof(qascii)))
			return problem_set(p, P_TOO_LONG, "q", "The search is too long.");
		char digits[32];
		if (!nid_normalize(qascii, digits, sizeof(digits)) && all_digits(digits) &&
		    strlen(digits) >= 8) {
			by_id = true;
			memcpy(qascii, digits, strlen(digits) + 1);
			/* Iranian codes typed without leading zeros. */
			if (strlen(qascii) < 10) {
				char padded[16];
				snprintf(padded, sizeof(padded), "%010lld",
					 strtoll(qascii, NULL, 10));
				memcpy(qascii, padded, 11);
			}
		} else {
			by_name = true;
			if (student_name_range(q->q, lo, hi, sizeof(lo)))
				return problem_set(p, P_TOO_LONG, "q", "The search is too long.");
			if (!lo[0])
				by_name = false;
		}
	}
	const char *ckey;
	int64_t cid;
	bool name_order = by_name && !q->school_id;
	int rc = cursor_parse(a, q->after, name_order, &ckey, &cid);
	if (rc == ERR_NOMEM)
		return problem_err(p, rc);
	if (rc)
		return problem_set(p, P_INVALID, "after", "This paging cursor is not valid.");
	const char *scope = q->scope && *q->scope ? q->scope : "/";
	/* One row more than asked tells whether there is a next page. */
	struct db_val v[12];
	size_t n = 0;
	enum query_id qid;
	if (by_id) {
		qid = Q_STUDENT_BY_NATIONAL_ID;
		v[n++] = DBV_TEXT(qascii);
		v[n++] = DBV_INT(cid);
		v[n++] = DBV_TEXT(scope);
		v[n++] = DBV_TEXT(scope);
	} else if (by_name) {
		if (q->school_id) {
			qid = Q_STUDENT_SEARCH_NAME_SCHOOL;
			v[n++] = DBV_INT(q->school_id);
			v[n++] = DBV_TEXT(lo);
			v[n++] = DBV_TEXT(hi);
			v[n++] = DBV_TEXT(lo);
			v[n++] = DBV_TEXT(hi);
			v[n++] = DBV_INT(cid);
		} else {
			qid = Q_STUDENT_SEARCH_NAME;
			v[n++] = DBV_TEXT(lo);
			v[n++] = DBV_TEXT(hi);
			v[n++] = DBV_TEXT(ckey);
			v[n++] = DBV_INT(cid);
		}
		v[n++] = DBV_INT(q->grade);
		v[n++] = DBV_INT(q->grade);
		if (!q->school_id) {
			v[n++] = DBV_TEXT(scope);
			v[n++] = DBV_TEXT(scope);
		}
	} else if (q->school_id && q->review_only) {
		qid = Q_STUDENT_LIST_REVIEW;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(cid);
	} else if (q->school_id && q->grade) {
		qid = Q_STUDENT_LIST_SCHOOL_GRADE;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(q->grade);
		v[n++] = DBV_INT(cid);
	} else if (q->school_id) {
		qid = Q_STUDENT_LIST_SCHOOL;
		v[n++] = DBV_INT(q->school_id);
		v[n++] = DBV_INT(cid);
	} else {
		return problem_set(p, P_REQUIRED, "q", "Search by name or national id, or name a school.");
	}
	v[n++] = DBV_INT(limit + 1);
	out->items = arena_calloc(a, (size_t)limit + 1, sizeof(struct student));
	if (!out->items)
		return problem_err(p, ERR_NOMEM);
	struct db_res res;
	rc = db_query(c, qid, v, n, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct student *s = &out->items[out->n];
		rc = student_read_row(&res, a, s);
		if (!rc && name_order)
			s->cursor_key = dup_text(a, &res, 19);
		if (!rc)
			out->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return problem_err(p, rc);
	if (out->n > limit) {
		out->n = limit;
		const struct student *last = &out->items[limit - 1];
		out->next = cursor_make(a, name_order ? last->cursor_key : NULL, last->id);
	}
	return ERR_OK;
}

/* ---- edits and merges ---- */

struct identity {
	char country[3];
	char national_id[16];
	char sector_id[33];
	char given[4 * STUDENT_NAME_MAX + 1];
	char family[4 * STUDENT_NAME_MAX + 1];
	char birth[11];
	char sex[2];
	int64_t org_id;
	char status[24];
	int64_t merged_into;
};

static int identity_get(struct db_conn *c, int64_t id, struct identity *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_PERSON_IDENTITY, &v, 1, &res);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	snprintf(out->country, sizeof(out->country), "%s", db_text(&res, 0, NULL));
	snprintf(out->national_id, sizeof(out->national_id), "%s", db_text(&res, 1, NULL));
	snprintf(out->sector_id, sizeof(out->sector_id), "%s", db_text(&res, 2, NULL));
	snprintf(out->given, sizeof(out->given), "%s", db_text(&res, 3, NULL));
	snprintf(out->family, sizeof(out->family), "%s", db_text(&res, 4, NULL));
	snprintf(out->birth, sizeof(out->birth), "%s", db_text(&res, 5, NULL));
	snprintf(out->sex, sizeof(out->sex), "%s", db_text(&res, 6, NULL));
	out->org_id = db_int(&res, 7);
	snprintf(out->status, sizeof(out->status), "%s", db_text(&res, 8, NULL));
	out->merged_into = db_null(&res, 9) ? 0 : db_int(&res, 9);
	db_done(&res);
	return ERR_OK;
}

/* Remove the search keys names_insert stored for this identity. */
static int names_delete(struct db_conn *c, int64_t id, const struct identity *old)
{
	char both[2 * (4 * STUDENT_NAME_MAX + 1) + 2], fg[STUDENT_KEY_MAX], gf[STUDENT_KEY_MAX];
	char key[STUDENT_KEY_MAX + 16];
	snprintf(both, sizeof(both), "%s %s", old->family, old->given);
	if (text_fold(both, fg, sizeof(fg)))
		return ERR_INTERNAL;
	snprintf(both, sizeof(both), "%s %s", old->given, old->family);
	if (text_fold(both, gf, sizeof(gf)))
		return ERR_INTERNAL;
	dup_key_make(fg, old->birth, old->sex, key, sizeof(key));
	struct db_val v[] = {DBV_INT(id), DBV_TEXT(key), DBV_TEXT(gf)};
	return db_exec(c, Q_PERSON_NAMES_DELETE, v, 3, NULL);
}

int student_update(struct db_conn *c, int64_t id, const struct student_input *in, struct problem *p)
{
	struct identity old;
	int rc = identity_get(c, id, &old);
	if (rc)
		return problem_err(p, rc);
	if (old.merged_into)
		return problem_set(p, P_MERGED, NULL, "This record was merged into another; edit that one.");
	struct student_input merged = {
		.country = old.country,
		.national_id = in->national_id ? in->national_id : old.national_id,
		.sector_id = in->sector_id ? in->sector_id : old.sector_id,
		.given_name = in->given_name ? in->given_name : old.given,
		.family_name = in->family_name ? in->family_name : old.family,
		.birth_date = in->birth_date ? in->birth_date : old.birth,
		.sex = in->sex ? in->sex : old.sex,
	};
	if (in->country && strcmp(in->country, old.country))
		return problem_set(p, P_IMMUTABLE, "country", "The country of a record cannot change.");
	/* A VN record's sector id follows its national id. */
	if (!strcmp(old.country, "VN") && in->national_id && !in->sector_id)
		merged.sector_id = NULL;
	struct student_new s;
	memset(&s, 0, sizeof(s));
	rc = prepare_identity(&merged, &s, p);
	if (rc)
		return rc;
	if (s.national_id[0] && strcmp(s.national_id, old.national_id)) {
		rc = national_id_free(c, s.country, s.national_id, p);
		if (rc)
			return rc;
	}
	struct db_val v[] = {s.national_id[0] ? DBV_TEXT(s.national_id) : DBV_NULL,
			     s.sector_id[0] ? DBV_TEXT(s.sector_id) : DBV_NULL,
			     DBV_TEXT(s.given_name),
			     DBV_TEXT(s.family_name),
			     DBV_TEXT(s.birth_date),
			     DBV_TEXT(s.sex),
			     DBV_TEXT(s.key_fg),
			     DBV_TEXT(s.key_gf),
			     DBV_INT(time_now_unix()),
			     DBV_INT(id)};
	rc = db_exec(c, Q_PERSON_UPDATE, v, ARRAY_SIZE(v), NULL);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id", "A student with this national id is already registered.");
	if (!rc)
		rc = names_delete(c, id, &old);
	if (!rc)
		rc = names_insert(c, id, &s);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int student_merge(struct db_conn *c, int64_t keep, int64_t dup, int64_t by_user, struct problem *p)
{
	if (keep == dup)
		return problem_set(p, P_INVALID, "duplicate", "A record cannot be merged into itself.");
	struct identity k, d;
	int rc = identity_get(c, keep, &k);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	if (!rc)
		rc = identity_get(c, dup, &d);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_STUDENT, "duplicate", "No student has this id.");
	if (rc)
		return problem_err(p, rc);
	if (k.merged_into || d.merged_into)
		return problem_set(p, P_MERGED, "duplicate", "One of these records is already merged.");
	if (strcmp(k.country, d.country))
		return problem_set(p, P_INVALID, "duplicate", "Records of different countries cannot be merged.");
	if (k.national_id[0] && d.national_id[0] && strcmp(k.national_id, d.national_id))
		return problem_set(p, P_DIFFERENT_NATIONAL_ID, "duplicate", "These records have different national ids: they are two "
				   "people.");
	int64_t now = time_now_unix();
	char today[32];
	time_iso8601(now, today, sizeof(today));
	today[10] = '\0';
	/* Close the duplicate's open enrolment. */
	struct db_res res;
	struct db_val dv = DBV_INT(dup);
	rc = db_row(c, Q_ENROLMENT_CURRENT, &dv, 1, &res);
	if (rc == ERR_OK) {
		int64_t eid = db_int(&res, 0);
		db_done(&res);
		struct db_val cv[] = {DBV_TEXT(today), DBV_TEXT("merged"), DBV_NULL, DBV_INT(eid)};
		rc = db_exec(c, Q_ENROLMENT_CLOSE, cv, 4, NULL);
	} else if (rc == ERR_NOTFOUND) {
		rc = ERR_OK;
	}
	struct db_val mv[] = {DBV_INT(keep), DBV_INT(now), DBV_INT(dup)};
	if (!rc)
		rc = db_exec(c, Q_PERSON_MERGE_INTO, mv, 3, NULL);
	if (!rc && !k.national_id[0] && d.national_id[0]) {
		struct student_input in = {.national_id = d.national_id};
		rc = student_update(c, keep, &in, p);
		if (rc)
			return rc;
	}
	struct db_val rv[] = {DBV_INT(keep), DBV_INT(dup), by_user ? DBV_INT(by_user) : DBV_NULL,
			      DBV_INT(now)};
	if (!rc)
		rc = db_exec(c, Q_PERSON_MERGE_RECORD, rv, 4, NULL);
	struct db_val sv[] = {DBV_NULL, DBV_INT(now), DBV_INT(keep)};
	if (!rc)
		rc = db_exec(c, Q_PERSON_SET_REVIEW, sv, 3, NULL);
	if (!rc)
		rc = names_delete(c, dup, &d);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int student_read_as(struct db_conn *c, const struct actor *by, int64_t id, struct student *s,
		    struct access_decision *d)
{
	int rc = student_get(c, by->arena, id, s);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	return access_student(c, by->who, ACCESS_READ, id, s->school_path, d);
}
