/*
 * student_store.c: the person rows of students and their search keys
 * (student.h): inserting one student or a batch, likely duplicates, the
 * national id's uniqueness, and edits of the identity.
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/common/calendar.h"
#include "domain/common/text.h"
#include "domain/registry/student.h"
#include "domain/registry/student_store.h"

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

/* ---- likely duplicates and national ids ---- */

/* The stored students that s is a likely duplicate of (same dup key, a
 * national id missing on either side), into ids[0..max); their number. */
static int stored_duplicates(struct db_conn *c, const struct student_new *s, int64_t *ids, int max,
			     int *n)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(s->dup_key);
	*n = 0;
	int rc = db_query(c, Q_PERSON_IDS_BY_DUP_KEY, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		bool other_has_id = !db_null(&res, C_PERSON_IDS_BY_DUP_KEY__NATIONAL_ID);
		if ((!s->national_id[0] || !other_has_id) && *n < max)
			ids[(*n)++] = db_int(&res, C_PERSON_IDS_BY_DUP_KEY__ID);
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step; /* a failed step is not the end of the rows */
	return rc;
}

/* Find likely duplicates by folded name, birth date and sex, stored or
 * deferred in b (may be NULL): sets *dup and flags the older records too
 * when a national id is missing on either side. */
static int find_likely_duplicates(struct db_conn *c, const struct student_batch *b,
				  const struct student_new *s, bool *dup)
{
	int64_t ids[5];
	int n = 0;
	*dup = false;
	int rc = stored_duplicates(c, s, ids, (int)ARRAY_SIZE(ids), &n);
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
	int64_t existing = db_int(&res, C_PERSON_ID_BY_NATIONAL_ID__ID);
	db_done(&res);
	problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id",
		    "A student with this national id is already registered.");
	p->ext_name = "existing_id";
	p->ext_value = existing;
	return ERR_CONFLICT;
}

/* ---- inserting ---- */

/* The person row of s at school (review flagged when dup); its id. */
static int person_insert(struct db_conn *c, const struct student_new *s,
			 const struct org_ref *school, const char *status, bool dup, int64_t now,
			 int64_t *id, struct problem *p)
{
	struct db_val v[] = {
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
		DBV_TEXT(status),
		dup ? DBV_TEXT("possible_duplicate") : DBV_NULL,
		DBV_INT(now),
		DBV_INT(now),
	};
	struct db_res res;
	int rc = db_row(c, Q_PERSON_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id",
				   "A student with this national id is already registered.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_PERSON_INSERT__ID);
	db_done(&res);
	return ERR_OK;
}

/* The first (current) enrolment of person id, from the school year's start. */
static int first_enrolment(struct db_conn *c, int64_t id, const struct student_new *s,
			   const struct org_ref *school, int64_t now)
{
	char start[11];
	school_year_start(school->country[0] ? school->country : s->country, s->school_year, start);
	struct db_val v[] = {DBV_INT(id),
			     DBV_INT(school->id),
			     DBV_INT(s->school_year),
			     DBV_INT(s->grade),
			     s->class_name[0] ? DBV_TEXT(s->class_name) : DBV_NULL,
			     DBV_TEXT(start),
			     DBV_INT(now)};
	return db_exec(c, Q_ENROLMENT_INSERT, v, ARRAY_SIZE(v), NULL);
}

/* student_insert; with b, the search keys are deferred into it. */
static int insert_student(struct db_conn *c, struct student_batch *b, const struct student_new *s,
			  const struct org_ref *school, int64_t *id, bool *flagged,
			  struct problem *p)
{
	int rc = s->national_id[0] ? national_id_free(c, s->country, s->national_id, p) : ERR_OK;
	if (rc)
		return rc;
	bool dup = false;
	rc = find_likely_duplicates(c, b, s, &dup);
	if (rc)
		return problem_err(p, rc);
	int64_t now = time_now_unix();
	rc = person_insert(c, s, school, "enrolled", dup, now, id, p);
	if (rc)
		return rc;
	rc = b ? batch_add(b, *id, s) : names_insert(c, *id, s);
	if (!rc)
		rc = first_enrolment(c, *id, s, school, now);
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

int student_insert_applicant(struct db_conn *c, const struct student_new *s, int64_t office_id,
			     int64_t *id, bool *flagged, struct problem *p)
{
	int rc = s->national_id[0] ? national_id_free(c, s->country, s->national_id, p) : ERR_OK;
	if (rc)
		return rc;
	bool dup = false;
	rc = find_likely_duplicates(c, NULL, s, &dup);
	if (rc)
		return problem_err(p, rc);
	struct org_ref office = {.id = office_id};
	rc = person_insert(c, s, &office, "applicant", dup, time_now_unix(), id, p);
	if (rc)
		return rc;
	rc = names_insert(c, *id, s);
	if (rc)
		return problem_err(p, rc);
	*flagged = dup;
	return ERR_OK;
}

int student_prepare_applicant(const struct student_input *in, struct student_new *s,
			      struct problem *p)
{
	memset(s, 0, sizeof(*s));
	return student_prepare_identity(in, s, p);
}

/* ---- identity ---- */

/* Copy column col of res into the fixed buffer out. */
#define IDENTITY_COPY(out, res, col) snprintf(out, sizeof(out), "%s", db_text(res, col, NULL))

int student_identity_get(struct db_conn *c, int64_t id, struct student_identity *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_PERSON_IDENTITY, &v, 1, &res);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	IDENTITY_COPY(out->country, &res, C_PERSON_IDENTITY__COUNTRY);
	IDENTITY_COPY(out->national_id, &res, C_PERSON_IDENTITY__NATIONAL_ID);
	IDENTITY_COPY(out->sector_id, &res, C_PERSON_IDENTITY__SECTOR_ID);
	IDENTITY_COPY(out->given, &res, C_PERSON_IDENTITY__GIVEN_NAME);
	IDENTITY_COPY(out->family, &res, C_PERSON_IDENTITY__FAMILY_NAME);
	IDENTITY_COPY(out->birth, &res, C_PERSON_IDENTITY__BIRTH_DATE);
	IDENTITY_COPY(out->sex, &res, C_PERSON_IDENTITY__SEX);
	out->org_id = db_int(&res, C_PERSON_IDENTITY__ORG_ID);
	IDENTITY_COPY(out->status, &res, C_PERSON_IDENTITY__STATUS);
	out->merged_into = db_int0(&res, C_PERSON_IDENTITY__MERGED_INTO);
	db_done(&res);
	return ERR_OK;
}

int student_names_delete(struct db_conn *c, int64_t id, const struct student_identity *old)
{
	char both[2 * (4 * STUDENT_NAME_MAX + 1) + 2], fg[STUDENT_KEY_MAX], gf[STUDENT_KEY_MAX];
	char key[STUDENT_KEY_MAX + 16];
	snprintf(both, sizeof(both), "%s %s", old->family, old->given);
	if (text_fold(both, fg, sizeof(fg)))
		return ERR_INTERNAL;
	snprintf(both, sizeof(both), "%s %s", old->given, old->family);
	if (text_fold(both, gf, sizeof(gf)))
		return ERR_INTERNAL;
	student_dup_key(fg, old->birth, old->sex, key, sizeof(key));
	struct db_val v[] = {DBV_INT(id), DBV_TEXT(key), DBV_TEXT(gf)};
	return db_exec(c, Q_PERSON_NAMES_DELETE, v, 3, NULL);
}

/* The identity after an edit: the fields of in that are given, the old
 * ones otherwise (strings borrowed from both). */
static int identity_merge(const struct student_identity *old, const struct student_input *in,
			  struct student_input *out, struct problem *p)
{
	if (in->country && strcmp(in->country, old->country))
		return problem_set(p, P_IMMUTABLE, "country",
				   "The country of a record cannot change.");
	*out = (struct student_input){
		.country = old->country,
		.national_id = in->national_id ? in->national_id : old->national_id,
		.sector_id = in->sector_id ? in->sector_id : old->sector_id,
		.given_name = in->given_name ? in->given_name : old->given,
		.family_name = in->family_name ? in->family_name : old->family,
		.birth_date = in->birth_date ? in->birth_date : old->birth,
		.sex = in->sex ? in->sex : old->sex,
	};
	/* A VN record's sector id follows its national id. */
	if (!strcmp(old->country, "VN") && in->national_id && !in->sector_id)
		out->sector_id = NULL;
	return ERR_OK;
}

/* Store the edited identity s of person id, replacing old's search keys. */
static int identity_store(struct db_conn *c, int64_t id, const struct student_identity *old,
			  const struct student_new *s, struct problem *p)
{
	struct db_val v[] = {s->national_id[0] ? DBV_TEXT(s->national_id) : DBV_NULL,
			     s->sector_id[0] ? DBV_TEXT(s->sector_id) : DBV_NULL,
			     DBV_TEXT(s->given_name),
			     DBV_TEXT(s->family_name),
			     DBV_TEXT(s->birth_date),
			     DBV_TEXT(s->sex),
			     DBV_TEXT(s->key_fg),
			     DBV_TEXT(s->key_gf),
			     DBV_INT(time_now_unix()),
			     DBV_INT(id)};
	int rc = db_exec(c, Q_PERSON_UPDATE, v, ARRAY_SIZE(v), NULL);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_NATIONAL_ID, "national_id",
				   "A student with this national id is already registered.");
	if (!rc)
		rc = student_names_delete(c, id, old);
	if (!rc)
		rc = names_insert(c, id, s);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int student_update(struct db_conn *c, int64_t id, const struct student_input *in, struct problem *p)
{
	struct student_identity old;
	int rc = student_identity_get(c, id, &old);
	if (rc)
		return problem_err(p, rc);
	if (old.merged_into)
		return problem_set(p, P_MERGED, NULL,
				   "This record was merged into another; edit that one.");
	struct student_input merged;
	rc = identity_merge(&old, in, &merged, p);
	if (rc)
		return rc;
	struct student_new s;
	memset(&s, 0, sizeof(s));
	rc = student_prepare_identity(&merged, &s, p);
	if (rc)
		return rc;
	if (s.national_id[0] && strcmp(s.national_id, old.national_id)) {
		rc = national_id_free(c, s.country, s.national_id, p);
		if (rc)
			return rc;
	}
	return identity_store(c, id, &old, &s, p);
}

/* ---- the registrar's writes: create and edit ---- */

int student_create_tx(struct db_conn *c, void *ctx)
{
	struct student_create *x = ctx;
	struct org_ref school = {0};
	int rc = school_ref(c, x->s.school, &school, &x->p);
	if (rc)
		return rc;
	struct access_decision d;
	rc = actor_may_write_org(x->by, school.path, "student.create", 0, x->s.school, "school",
				 "You may only register students at schools you manage.", &d,
				 &x->p);
	if (!rc)
		rc = student_grade_fits(&school, x->s.country, x->s.grade, &x->p);
	if (!rc)
		rc = student_insert(c, &x->s, &school, &x->id, &x->flagged, &x->p);
	if (!rc && actor_audit(c, x->by, &d, "student.create", x->id, NULL))
		rc = problem_err(&x->p, ERR_DB);
	return rc;
}

/* A copy of s in a (NULL stays NULL); *ok turns false when a is exhausted. */
static const char *keep(struct arena *a, const char *s, bool *ok)
{
	char *copy = s ? arena_strdup(a, s) : NULL;
	if (s && !copy)
		*ok = false;
	return copy;
}

int student_edit_prepare(struct student_edit *x, const struct student_input *in)
{
	if (in->school || in->grade || in->school_year || in->class_name)
		return problem_set(&x->p, P_USE_ENROLMENTS,
				   in->school  ? "school"
				   : in->grade ? "grade"
					       : "school_year",
				   "Placement changes go through transfers, enrolments and "
				   "promotion, not edits.");
	if (!x->by)
		return problem_err(&x->p, ERR_NOMEM);
	struct arena *a = x->by->arena;
	bool ok = true;
	x->in = (struct student_input){
		.country = keep(a, in->country, &ok),
		.national_id = keep(a, in->national_id, &ok),
		.sector_id = keep(a, in->sector_id, &ok),
		.given_name = keep(a, in->given_name, &ok),
		.family_name = keep(a, in->family_name, &ok),
		.birth_date = keep(a, in->birth_date, &ok),
		.sex = keep(a, in->sex, &ok),
	};
	return ok ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
}

int student_edit_tx(struct db_conn *c, void *ctx)
{
	struct student_edit *x = ctx;
	int rc = student_may_write(c, x->by, x->id, "student.update", &x->p);
	return rc ? rc : student_update(c, x->id, &x->in, &x->p);
}
