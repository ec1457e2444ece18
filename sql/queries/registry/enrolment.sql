-- Queries of src/domain/registry/enrolment.c.

-- name: enrolment_insert
INSERT INTO enrolments (person_id, org_id, school_year, grade, class, start_date, current, created_at)
VALUES (?, ?, ?, ?, ?, ?, 1, ?);

-- name: enrolment_current
SELECT id, org_id, school_year, grade, class FROM enrolments WHERE person_id = ? AND current = 1;

-- name: enrolment_close
UPDATE enrolments SET current = 0, end_date = ?, end_reason = ?, note = ? WHERE id = ?;

-- Every enrolment of a person, oldest first, for the history.
-- name: enrolment_history
SELECT e.id, o.code AS school, o.name AS school_name, e.school_year, e.grade, e.class, e.start_date, e.end_date,
       e.end_reason, e.note, e.current, e.person_id
FROM enrolments e JOIN orgs o ON o.id = e.org_id
WHERE e.person_id = ? OR e.person_id IN (SELECT merged_id FROM person_merges WHERE kept_id = ?)
ORDER BY e.start_date, e.id;

-- Current enrolments of a school for one school year, for promotion.
-- name: enrolment_school_year
SELECT e.id, e.person_id, e.grade, e.class FROM enrolments e
WHERE e.org_id = ? AND e.current = 1 AND e.school_year = ? AND e.person_id > ?
ORDER BY e.person_id LIMIT ?;
