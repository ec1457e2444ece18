/*
 * student_merge.c: merging a duplicate record into the one kept, and the
 * merges a history lists (student.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "domain/access/actor.h"
#include "domain/registry/reads.h"
#include "domain/registry/student.h"
#include "domain/registry/student_store.h"

/* The two identities, if they may be merged: both exist, neither is merged
 * already, same country, and no two different national ids. */
static int merge_check(struct db_conn *c, int64_t keep, int64_t dup, struct student_identity *k,
		       struct student_identity *d, struct problem *p)
{
	if (keep == dup)
		return problem_set(p, P_INVALID, "duplicate",
				   "A record cannot be merged into itself.");
	int rc = student_identity_get(c, keep, k);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such student.");
	if (!rc)
		rc = student_identity_get(c, dup, d);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_STUDENT, "duplicate", "No student has this id.");
	if (rc)
		return problem_err(p, rc);
	if (k->merged_into || d->merged_into)
		return problem_set(p, P_MERGED, "duplicate",
				   "One of these records is already merged.");
	if (strcmp(k->country, d->country))
		return problem_set(p, P_INVALID, "duplicate",
				   "Records of different countries cannot be merged.");
	if (k->national_id[0] && d->national_id[0] && strcmp(k->national_id, d->national_id))
		return problem_set(p, P_DIFFERENT_NATIONAL_ID, "duplicate",
				   "These records have different national ids: they are two "
				   "people.");
	return ERR_OK;
}

/* Close the duplicate's open enrolment (if it has one) on `today`. */
static int close_open_enrolment(struct db_conn *c, int64_t dup, const char *today)
{
	struct db_res res;
	struct db_val dv = DBV_INT(dup);
	int rc = db_row(c, Q_ENROLMENT_CURRENT, &dv, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	int64_t eid = db_int(&res, C_ENROLMENT_CURRENT__ID);
	db_done(&res);
	struct db_val cv[] = {DBV_TEXT(today), DBV_TEXT("merged"), DBV_NULL, DBV_INT(eid)};
	return db_exec(c, Q_ENROLMENT_CLOSE, cv, 4, NULL);
}

/* Merge record dup into keep (merge_check'ed), inside a write job. */
static int merge_records(struct db_conn *c, int64_t keep, int64_t dup,
			 const struct student_identity *k, const struct student_identity *d,
			 int64_t by_user, struct problem *p)
{
	int64_t now = time_now_unix();
	char today[32];
	time_iso8601(now, today, sizeof(today));
	today[10] = '\0';
	int rc = close_open_enrolment(c, dup, today);
	struct db_val mv[] = {DBV_INT(keep), DBV_INT(now), DBV_INT(dup)};
	if (!rc)
		rc = db_exec(c, Q_PERSON_MERGE_INTO, mv, 3, NULL);
	if (!rc && !k->national_id[0] && d->national_id[0]) {
		struct student_input in = {.national_id = d->national_id};
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
		rc = student_names_delete(c, dup, d);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int student_merge_tx(struct db_conn *c, void *ctx)
{
	struct student_merge *x = ctx;
	int rc = student_may_write(c, x->by, x->keep, "student.merge", &x->p);
	if (!rc) {
		rc = student_may_write(c, x->by, x->duplicate, "student.merge", &x->p);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_STUDENT, "duplicate",
					   "No student has this id.");
	}
	if (rc)
		return rc;
	struct student_identity k = {0}, d = {0};
	rc = merge_check(c, x->keep, x->duplicate, &k, &d, &x->p);
	if (rc)
		return rc;
	int64_t by_user = x->by->who ? x->by->who->user_id : 0;
	return merge_records(c, x->keep, x->duplicate, &k, &d, by_user, &x->p);
}

int student_merges_of(struct db_conn *c, struct arena *a, int64_t person_id,
		      struct student_merge_entry **out, size_t *n)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(person_id), DBV_INT(person_id)};
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = db_query(c, Q_PERSON_MERGES_OF, v, 2, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct student_merge_entry *room = reads_grow(a, *out, *n, &cap, sizeof(**out));
		if (!room) {
			rc = ERR_NOMEM;
			break;
		}
		*out = room;
		room[(*n)++] = (struct student_merge_entry){
			.kept = db_int(&res, C_PERSON_MERGES_OF__KEPT_ID),
			.merged = db_int(&res, C_PERSON_MERGES_OF__MERGED_ID),
			.merged_at = db_int(&res, C_PERSON_MERGES_OF__MERGED_AT),
		};
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}
