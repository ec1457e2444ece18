-- Queries of src/domain/exams/eligibility.c: who may register as a
-- school's candidate.

-- The grade of the person's current enrolment.
-- name: eligibility_current_grade
SELECT e.grade FROM enrolments e WHERE e.person_id = ? AND e.current = 1;
