/*
 * eligibility.h: who registers for a session of a pack (docs/exams.md,
 * "Evidence, review and free candidates").
 *
 * A school's candidate (kind "student") is a final-year student: enrolled
 * now in the last grade of the pack's upper secondary (its priority
 * grades' highest, 12 in Vietnam). Anyone else is registered as a free
 * candidate at a designated site (free_candidate.h). A candidate account
 * of a student in an earlier grade is refused 422 not_eligible.
 */
#ifndef TABULA_DOMAIN_EXAMS_ELIGIBILITY_H
#define TABULA_DOMAIN_EXAMS_ELIGIBILITY_H

#include "core/err.h"

struct db_conn;
struct exam_pack;

/* ERR_OK if person_id may register as a school's candidate for pack pk;
 * else 422 not_eligible (no field) in p. */
int exam_eligibility_check(struct db_conn *c, const struct exam_pack *pk, int64_t person_id,
			   struct problem *p) __attribute__((warn_unused_result));

#endif
