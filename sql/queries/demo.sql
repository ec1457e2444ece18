-- Queries of src/domain/demo.c.

-- A finished enrolment of an earlier school year, for the demo's histories:
-- what the registry would hold had the student been in it since grade 1.
-- name: demo_enrolment_past
INSERT INTO enrolments (person_id, org_id, school_year, grade, class, start_date, end_date,
                        end_reason, current, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?);
