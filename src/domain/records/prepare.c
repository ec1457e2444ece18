/*
 * prepare.c: preparing a batch of the record workflow (record_prepare,
 * record.h): who may do what with which class, the checks before anything
 * is assembled, and each operation over the class's students.
 */
#include "core/base.h"
#include "domain/records/batch.h"

/* ---- who may ---- */

/* The caller's grant of `role` reaching the class's school (the one
 * subtree rule, principal_reach), or NULL. */
static const struct grant *grant_at(const struct principal *p, enum role role, const char *path)
{
	return path ? principal_reach(p, ROLE_BIT(role), path) : NULL;
}

/* Refuse: 404 (as if absent) to one who may not see it, else problem id. */
static int refuse(struct record_batch *b, bool visible, enum problem_id id, const char *detail)
{
	b->d.allowed = false;
	b->d.visible = visible;
	if (!visible)
		return problem_set(&b->p, P_NOT_FOUND, NULL, "No such record or class.");
	return problem_set(&b->p, id, NULL, detail);
}

/* Allowed through grant g. */
static int allow(struct record_batch *b, const struct grant *g)
{
	b->d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
	return ERR_OK;
}

/* CREATE, CORRECT: registrars reaching the school, the homeroom teacher. */
static int decide_assemble(struct db_conn *c, struct record_batch *b, const struct access_class *k,
			   const struct grant *homeroom, bool visible)
{
	int rc = access_class(c, b->who, ACCESS_CLASS_MANAGE, k, &b->d);
	if (rc)
		return problem_err(&b->p, rc);
	if (b->d.allowed)
		return ERR_OK;
	if (homeroom)
		return allow(b, homeroom);
	return refuse(b, visible, P_FORBIDDEN,
		      "The class's homeroom teacher and the school's administration "
		      "assemble its records.");
}

/* SIGN: the class's homeroom teacher only. */
static int decide_sign(struct record_batch *b, const struct class_ref *cls,
		       const struct grant *homeroom, bool visible)
{
	if (homeroom)
		return allow(b, homeroom);
	if (visible && !cls->homeroom_id)
		return problem_set(&b->p, P_NO_HOMEROOM_TEACHER, NULL,
				   "The class has no homeroom teacher to sign its records.");
	return refuse(b, visible, P_NOT_HOMEROOM_TEACHER,
		      "Only the class's homeroom teacher signs its records first.");
}

/* SEAL: a principal (school_admin) of the school. */
static int decide_seal(struct record_batch *b, const struct class_ref *cls, bool visible)
{
	const struct grant *g = grant_at(b->who, ROLE_SCHOOL_ADMIN, cls->path);
	if (g)
		return allow(b, g);
	return refuse(b, visible, P_NOT_PRINCIPAL,
		      "Only a principal (school_admin) of the school seals its records.");
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
	const struct grant *homeroom =
		tg && cls->homeroom_id && cls->homeroom_id == who->user_id ? tg : NULL;
	b->d = rd;
	switch (b->op) {
	case RECORD_OP_CREATE:
	case RECORD_OP_CORRECT:
		return decide_assemble(c, b, &k, homeroom, visible);
	case RECORD_OP_SIGN:
		return decide_sign(b, cls, homeroom, visible);
	case RECORD_OP_SEAL:
		return decide_seal(b, cls, visible);
	}
	return problem_err(&b->p, ERR_INTERNAL);
}

/* Records are made and signed only of a year whose report cards are
 * locked, under a grading policy; one batch is one school and year. */
static int need_locked(struct record_batch *b, const struct record_class *k)
{
	if (k->cls.policy < 0)
		return problem_set(&b->p, P_NO_POLICY, NULL,
				   "The school's level is not set, so no grading policy applies.");
	if (!k->locked[0] || !k->locked[1])
		return problem_set(&b->p, P_TERM_NOT_LOCKED, "school_year",
				   "Both terms' report cards must be locked before the year's "
				   "records are made or signed.");
	if (b->org_id && (b->org_id != k->cls.org_id || b->school_year != k->cls.school_year))
		return problem_err(&b->p, ERR_INTERNAL);
	b->org_id = k->cls.org_id;
	b->school_year = k->cls.school_year;
	b->lock_marker = k->lock_marker;
	return ERR_OK;
}

/* ---- what is stored already ---- */

/* Every record of a class: rows in a, each student's newest version found
 * by latest(). */
struct class_rows {
	int n;
	struct record_row *rows;
};

/* Every stored record of class_id into out (rows in a). */
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

/* The newest version of person's record among rows, or NULL. */
static const struct record_row *latest(const struct class_rows *rows, int64_t person)
{
	const struct record_row *hit = NULL;
	for (int i = 0; i < rows->n; i++)
		if (rows->rows[i].person_id == person)
			hit = &rows->rows[i]; /* ordered by version */
	return hit;
}

/* The id of a student's newest record of a year, in any class: ERR_OK,
 * ERR_NOTFOUND (none), or an error. */
static int latest_of(struct db_conn *c, int64_t person, int school_year, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person), DBV_INT(school_year)};
	int rc = db_row(c, Q_RECORD_LATEST_OF, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_RECORD_LATEST_OF__ID);
	db_done(&res);
	return ERR_OK;
}

/* ---- each operation ---- */

/* A draft item for student s of class k, left out again (and noted as
 * incomplete) when the year's results are not all in. single: that is a
 * problem rather than a note. */
static int create_one(struct record_batch *b, const struct record_class *k,
		      const struct record_student *s, bool single)
{
	struct record_item *it;
	bool complete = false;
	int rc = record_batch_item_new(b, k, s, 1, 0, &it);
	if (!rc)
		rc = record_batch_draft(b, k, s, NULL, it, &complete);
	if (rc || complete)
		return rc;
	record_batch_pop(b);
	if (single)
		return problem_set(&b->p, P_RESULTS_INCOMPLETE, "student",
				   "The student's year results are not all in.");
	return record_batch_note(b, &b->incomplete, &b->nincomplete, s->person_id);
}

/* CREATE for class k (all its students, or the one loaded). */
static int prepare_create(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			  bool single)
{
	for (int i = 0; i < k->n; i++) {
		const struct record_student *s = &k->students[i];
		/* A record made in another class of the year counts too. */
		int64_t existing;
		int rc = latest_of(c, s->person_id, k->cls.school_year, &existing);
		if (rc == ERR_OK && single) {
			problem_set(&b->p, P_RECORD_EXISTS, "student",
				    "The student has a record for this year already; "
				    "correct it instead.");
			b->p.ext_name = "existing_id";
			b->p.ext_value = existing;
			return ERR_CONFLICT;
		}
		if (rc == ERR_OK)
			rc = record_batch_note(b, &b->existing, &b->nexisting, s->person_id);
		else if (rc == ERR_NOTFOUND)
			rc = create_one(b, k, s, single);
		else
			rc = problem_err(&b->p, rc);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* The item SIGN works on for student s: the draft r, or, without one, a
 * new draft (*it NULL when s has a record made in another class of the
 * year: noted as existing). */
static int sign_item(struct db_conn *c, struct record_batch *b, const struct record_class *k,
		     const struct record_student *s, const struct record_row *r,
		     struct record_item **it, const char **previous)
{
	*it = NULL;
	*previous = NULL;
	if (r) {
		*previous = record_batch_previous_of(b, r);
		return record_batch_item_of_row(b, r, it);
	}
	int64_t existing;
	int rc = latest_of(c, s->person_id, k->cls.school_year, &existing);
	if (rc == ERR_OK)
		return record_batch_note(b, &b->existing, &b->nexisting, s->person_id);
	if (rc != ERR_NOTFOUND)
		return problem_err(&b->p, rc);
	return record_batch_item_new(b, k, s, 1, 0, it);
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
		if (r && r->status != RECORD_DRAFT) {
			rc = record_batch_note(b, &b->existing, &b->nexisting, s->person_id);
			if (rc)
				return rc;
			continue;
		}
		struct record_item *it;
		const char *previous;
		bool complete = false;
		rc = sign_item(c, b, k, s, r, &it, &previous);
		if (!rc && it)
			rc = record_batch_teacher_sign(c, b, k, s, previous, it, &complete);
		if (rc)
			return rc;
		if (!it || complete || it->stale)
			continue;
		if (only)
			return problem_set(&b->p, P_RESULTS_INCOMPLETE, NULL,
					   "The student's year results are not all in.");
		record_batch_pop(b);
		rc = record_batch_note(b, &b->incomplete, &b->nincomplete, s->person_id);
		if (rc)
			return rc;
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
		rc = record_batch_item_of_row(b, r, &it);
		if (!rc)
			rc = record_batch_principal_sign(c, b, k, s, r,
							 record_batch_previous_of(b, r), it);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* CORRECT: a new draft version of sealed record r. */
static int prepare_correct(struct db_conn *c, struct record_batch *b, const struct record_class *k,
			   const struct record_row *r)
{
	if (r->status == RECORD_SUPERSEDED)
		return problem_set(
			&b->p, P_SUPERSEDED, NULL,
			"A correction replaced this record; correct the newest version.");
	if (r->status != RECORD_SEALED)
		return problem_set(&b->p, P_NOT_SEALED, NULL,
				   "Only a sealed record is corrected; this one can still be "
				   "signed as it is.");
	int64_t newest;
	int rc = latest_of(c, r->person_id, r->school_year, &newest);
	if (rc)
		return problem_err(&b->p, rc == ERR_NOTFOUND ? ERR_DB : rc);
	if (newest != r->id)
		return problem_set(&b->p, P_CORRECTION_PENDING, NULL,
				   "A correction of this record is being made already.");
	if (!k->n)
		return problem_set(&b->p, P_NOT_IN_CLASS, NULL,
				   "The student is no longer on the class's roster for that year.");
	struct record_item *it;
	bool complete;
	rc = record_batch_item_new(b, k, &k->students[0], r->version + 1, r->id, &it);
	if (!rc)
		rc = record_batch_draft(b, k, &k->students[0], r->uuid, it, &complete);
	if (rc)
		return rc;
	if (!complete)
		return problem_set(&b->p, P_RESULTS_INCOMPLETE, NULL,
				   "The student's year results are not all in.");
	if (!strcmp(it->subject_hash, r->subject_hash))
		return problem_set(&b->p, P_UNCHANGED, NULL,
				   "The record says what the gradebook says; correct the grades "
				   "first (unlock the term, change them, lock it again).");
	return ERR_OK;
}

/* ---- preparing ---- */

/* The class and (single ops) the record asked for, with access decided. */
static int load_for(struct db_conn *c, struct record_batch *b, int64_t class_id, int64_t person_id,
		    const struct record_row *r, struct record_class *k)
{
	int rc = record_class_load(c, b->a, class_id, person_id, k);
	if (rc == ERR_NOTFOUND)
		return refuse(b, false, P_NOT_FOUND, NULL);
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

/* A record whose student left the class's roster: nothing to sign. */
static int not_on_roster(struct record_batch *b)
{
	return problem_set(&b->p, P_NOT_IN_CLASS, NULL,
			   "The student is no longer on the class's roster.");
}

/* SIGN, SEAL or CORRECT record_id. */
static int prepare_record(struct db_conn *c, struct record_batch *b, int64_t record_id)
{
	struct record_class k;
	struct record_row r;
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
			return problem_set(&b->p, P_NOT_DRAFT, NULL,
					   "The homeroom teacher has signed this record already.");
		return k.n ? prepare_sign(c, b, &k, &r) : not_on_roster(b);
	case RECORD_OP_SEAL:
		if (r.status == RECORD_DRAFT)
			return problem_set(&b->p, P_TEACHER_SIGNS_FIRST, NULL,
					   "The homeroom teacher signs the record first.");
		if (r.status != RECORD_TEACHER_SIGNED)
			return problem_set(&b->p, P_ALREADY_SEALED, NULL,
					   "This record is sealed already.");
		return k.n ? prepare_seal(c, b, &k, &r) : not_on_roster(b);
	case RECORD_OP_CORRECT:
		return prepare_correct(c, b, &k, &r);
	default:
		return problem_err(&b->p, ERR_INTERNAL);
	}
}

/* The classes of a school's year with records awaiting the principal. */
static int classes_awaiting(struct db_conn *c, struct record_batch *b, int64_t org_id,
			    int school_year, int64_t **classes, int *n)
{
	struct db_val v[] = {DBV_INT(org_id), DBV_INT(school_year),
			     DBV_TEXT(record_status_name(RECORD_TEACHER_SIGNED))};
	struct db_res res;
	int rc = db_query(c, Q_RECORDS_CLASSES_IN_STATUS, v, 3, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1)
		rc = record_batch_note(b, classes, n,
				       db_int(&res, C_RECORDS_CLASSES_IN_STATUS__CLASS_ID));
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&b->p, rc);
}

/* SEAL a school's year: the school decides access; then every class of
 * its year with records awaiting the principal. */
static int prepare_school(struct db_conn *c, struct record_batch *b, int64_t org_id,
			  int school_year)
{
	struct class_ref school = {0};
	int rc = record_school_get(c, b->a, org_id, NULL, &school.path);
	if (rc == ERR_NOTFOUND)
		return refuse(b, false, P_NOT_FOUND, NULL);
	if (rc)
		return problem_err(&b->p, rc);
	rc = decide(c, b, &school, -1);
	int64_t *classes = NULL;
	int nclasses = 0;
	if (!rc)
		rc = classes_awaiting(c, b, org_id, school_year, &classes, &nclasses);
	for (int i = 0; !rc && i < nclasses; i++) {
		struct record_class k;
		rc = load_for(c, b, classes[i], 0, NULL, &k);
		if (!rc)
			rc = prepare_seal(c, b, &k, NULL);
	}
	return rc;
}

/* CREATE or SIGN a class (or, CREATE, one student of it). */
static int prepare_class(struct db_conn *c, struct record_batch *b, int64_t class_id,
			 int64_t person_id)
{
	struct record_class k;
	int rc = load_for(c, b, class_id, person_id, NULL, &k);
	if (rc)
		return rc;
	if (person_id && !k.n)
		return problem_set(&b->p, P_NOT_IN_CLASS, "student",
				   "The student is not on the class's roster for that year.");
	if (b->op == RECORD_OP_CREATE)
		return prepare_create(c, b, &k, person_id != 0);
	if (b->op == RECORD_OP_SIGN)
		return prepare_sign(c, b, &k, NULL);
	return problem_err(&b->p, ERR_INTERNAL);
}

int record_prepare(struct db_conn *c, struct record_batch *b, int64_t class_id, int64_t person_id,
		   int64_t record_id, int64_t org_id, int school_year)
{
	b->n = 0;
	b->nexisting = b->nincomplete = 0;
	b->refused_person = person_id;
	if (record_id)
		return prepare_record(c, b, record_id);
	if (b->op == RECORD_OP_SEAL)
		return prepare_school(c, b, org_id, school_year);
	return prepare_class(c, b, class_id, person_id);
}
