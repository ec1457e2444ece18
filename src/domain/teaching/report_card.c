/*
 * report_card.c: a student's report card (report_card.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/common/work.h"
#include "domain/teaching/class.h"
#include "domain/teaching/report_card.h"
#include "domain/teaching/term_lock.h"

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
	struct db_val v[] = {DBV_INT(school_year), DBV_INT(person_id)};
	int rc = db_query(c, Q_GRADEBOOK_COMMENTS_STUDENT, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t subject = db_int(&res, C_GRADEBOOK_COMMENTS_STUDENT__SUBJECT_ID);
		int64_t term = db_int(&res, C_GRADEBOOK_COMMENTS_STUDENT__TERM);
		for (int i = 0; i < card->n; i++) {
			if (card->subjects[i].subject.id != subject || term < 1 || term > GB_TERMS)
				continue;
			const char *text = db_dup(&res, C_GRADEBOOK_COMMENTS_STUDENT__COMMENT, a);
			card->subjects[i].comments[term - 1] = text;
			if (!text)
				rc = ERR_NOMEM;
		}
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_qualities_of(struct db_conn *c, int64_t person_id, int school_year, struct gb_qualities *q)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(school_year), DBV_INT(person_id)};
	int rc = db_row(c, Q_GRADEBOOK_QUALITIES_OF, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	size_t len;
	const char *text = db_text(&res, C_GRADEBOOK_QUALITIES_OF__LEVELS, &len);
	/* Stored text that does not decode reads as nothing rated. */
	(void)gb_qualities_decode(text, len, q);
	db_done(&res);
	return ERR_OK;
}

/* The card's subjects with the student's rows and their results. */
static int card_subjects(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
			 int64_t class_id, struct gb_card *out)
{
	out->subjects = arena_calloc(a, GB_MAX_SUBJECTS, sizeof(*out->subjects));
	if (!out->subjects)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v[] = {DBV_INT(school_year), DBV_INT(person_id), DBV_INT(class_id)};
	int rc = db_query(c, class_id ? Q_GRADEBOOK_STUDENT_CLASS : Q_GRADEBOOK_STUDENT, v,
			  class_id ? 3 : 2, &res);
	int step = 0;
	while (!rc && out->n < GB_MAX_SUBJECTS && (step = db_next(&res)) == 1) {
		struct gb_card_subject *s = &out->subjects[out->n++];
		rc = subject_read(&res, a, &s->subject);
		size_t len = 0;
		const char *text = db_text(&res, C_SUBJECT_SCORES__SCORES, &len);
		if (gb_decode(text, len, &s->row))
			gb_row_init(&s->row);
		gb_subject_result(out->policy, s->subject.scored, &s->row, &s->result);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

int gb_card_read(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
		 int64_t class_id, int64_t org_id, enum policy_id pol, struct gb_card *out)
{
	memset(out, 0, sizeof(*out));
	out->policy = pol;
	gb_qualities_init(&out->qualities);
	int rc = card_subjects(c, a, person_id, school_year, class_id, out);
	if (!rc)
		rc = card_comments(c, a, person_id, school_year, out);
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

int year_result_of(struct db_conn *c, struct arena *a, int64_t person_id, int school_year,
		   struct year_result_row *out)
{
	memset(out, 0, sizeof(*out));
	struct db_res res;
	struct db_val v[] = {DBV_INT(school_year), DBV_INT(person_id)};
	int rc = db_row(c, Q_YEAR_RESULT_OF, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	out->stored = true;
	out->policy = db_dup(&res, C_YEAR_RESULT_OF__POLICY, a);
	out->average = db_null(&res, C_YEAR_RESULT_OF__AVERAGE)
			       ? GB_NONE
			       : (int)db_int(&res, C_YEAR_RESULT_OF__AVERAGE);
	out->result = db_dup(&res, C_YEAR_RESULT_OF__RESULT, a);
	out->subjects = db_null(&res, C_YEAR_RESULT_OF__SUBJECTS)
				? NULL
				: db_dup(&res, C_YEAR_RESULT_OF__SUBJECTS, a);
	out->computed_at = db_int(&res, C_YEAR_RESULT_OF__COMPUTED_AT);
	bool nomem = !out->policy || !out->result ||
		     (!out->subjects && !db_null(&res, C_YEAR_RESULT_OF__SUBJECTS));
	db_done(&res);
	return nomem ? ERR_NOMEM : ERR_OK;
}

/* ---- a student's card, read as the actor ---- */

/* The class the student's enrolment of year x->year names (0: none), whose
 * subjects the card lists. */
static int card_class(struct db_conn *c, const struct report_card_view *x, int64_t school_id,
		      int64_t *class_id)
{
	*class_id = 0;
	if (x->s.school_year != x->year || !x->s.class_name)
		return ERR_OK;
	int rc = class_id_by_name(c, school_id, x->year, x->s.class_name, class_id);
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

/* report_card_read's snapshot: the student decided, then the year, the
 * school's policy, the card and the stored result. */
static int report_card_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct report_card_view *x = ctx;
	int rc = student_year_read_as(c, by, x->id, &x->s, &x->d, &x->year, &x->p);
	if (rc || !x->d.allowed)
		return rc;
	struct org_ref school;
	rc = school_ref(c, x->s.school, &school, &x->p);
	if (rc)
		return rc;
	int pol = policy_for_school(school.country, school.level);
	if (pol < 0)
		return problem_set(&x->p, P_NO_POLICY, NULL,
				   "The school's level is not set, so no grading policy applies.");
	int64_t class_id;
	rc = card_class(c, x, school.id, &class_id);
	if (!rc)
		rc = gb_card_read(c, by->arena, x->id, x->year, class_id, school.id,
				  (enum policy_id)pol, &x->card);
	if (!rc)
		rc = year_result_of(c, by->arena, x->id, x->year, &x->stored);
	return rc;
}

int report_card_read(struct db *db, const struct actor *by, struct report_card_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, report_card_work, x);
	if (rc)
		return rc;
	return actor_audit_student_read(by, &x->d, "report_card.read", x->id, &x->audit, &x->p);
}
