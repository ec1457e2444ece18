-- Queries of src/demo/exams.c.

-- The students enrolled now in a grade of a school, lowest id first.
-- name: demo_exam_students
SELECT e.person_id
FROM enrolments e JOIN orgs o ON o.id = e.org_id
WHERE o.code = ? AND e.grade = ? AND e.current = 1
ORDER BY e.person_id
LIMIT ?;
