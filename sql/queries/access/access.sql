-- Queries of src/domain/access/access.c: what a teacher teaches, and the
-- places the rules are asked about.

-- Does user ? teach the current class of student ? (its homeroom teacher, or
-- the teacher of one of its subjects)? The student's current enrolment names
-- the class (enrolments.class) at its school, grade and year.
-- name: access_teaches_student
SELECT 1 FROM enrolments e
JOIN classes c ON c.org_id = e.org_id AND c.school_year = e.school_year
	AND c.name = e.class AND c.grade = e.grade
WHERE e.person_id = ? AND e.current = 1
  AND (c.homeroom_id = ?
       OR EXISTS (SELECT 1 FROM class_subjects cs WHERE cs.class_id = c.id AND cs.teacher_id = ?))
LIMIT 1;

-- Does user ? teach a subject of class ?
-- name: access_teaches_class
SELECT 1 FROM class_subjects WHERE class_id = ? AND teacher_id = ? LIMIT 1;

-- An organisation by its code, as the rules see it: where it sits in the
-- tree and whether it is a school.
-- name: access_org_by_code
SELECT id, kind, path FROM orgs WHERE code = ?;

-- The org path of a student's school (the school that owns the record), to
-- decide with access_student.
-- name: access_student_school
SELECT o.path AS school_path FROM persons p JOIN orgs o ON o.id = p.org_id WHERE p.id = ?;
