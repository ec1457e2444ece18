-- Queries of src/demo/exams.c (the demo's exam session, docs/demo.md).

-- The grade 12 students enrolled now at the school with this code, by
-- national id, those without one last (the same people on every run and
-- store, whatever ids the store gave).
-- name: demo_exam_grade12
SELECT e.person_id FROM enrolments e JOIN orgs o ON o.id = e.org_id
JOIN persons p ON p.id = e.person_id
WHERE o.code = ? AND e.current = 1 AND e.grade = 12
ORDER BY p.national_id IS NULL, p.national_id, e.person_id;

-- The demo's mover: the first (by national id) student in grade 12 at the school
-- with this code in school year ?, who was there in grade 10 too, and is
-- there still or left it by a transfer (current 1: not moved yet).
-- name: demo_exam_mover
SELECT e.person_id, e.current FROM enrolments e JOIN orgs o ON o.id = e.org_id
JOIN persons p ON p.id = e.person_id
WHERE o.code = ? AND e.school_year = ? AND e.grade = 12
  AND (e.current = 1 OR e.end_reason = 'transferred')
  AND EXISTS (SELECT 1 FROM enrolments p
              WHERE p.person_id = e.person_id AND p.org_id = e.org_id AND p.grade = 10)
ORDER BY p.national_id IS NULL, p.national_id, e.person_id LIMIT 1;

-- The priority region a school has, if any.
-- name: demo_exam_region_of
SELECT r.region FROM exam_regions r JOIN orgs o ON o.id = r.org_id WHERE o.code = ?;

-- The account of a person with this role, if any (a second run issues none again).
-- name: demo_exam_account_of
SELECT u.username FROM users u WHERE u.person_id = ?;
