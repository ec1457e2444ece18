-- Queries of src/domain/class.c. Class reads return, in order:
--   0 id, 1 org_id, 2 school_year, 3 grade, 4 name, 5 homeroom_id,
--   6 school code, 7 school path, 8 country, 9 level, 10 homeroom username

-- name: class_insert
INSERT INTO classes (org_id, school_year, grade, name, homeroom_id, created_at)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: class_by_id
SELECT c.id, c.org_id, c.school_year, c.grade, c.name, c.homeroom_id, o.code, o.path,
       o.country, o.level, u.username
FROM classes c JOIN orgs o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.homeroom_id
WHERE c.id = ?;

-- name: class_by_name
SELECT c.id, c.org_id, c.school_year, c.grade, c.name, c.homeroom_id, o.code, o.path,
       o.country, o.level, u.username
FROM classes c JOIN orgs o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.homeroom_id
WHERE c.org_id = ? AND c.school_year = ? AND c.name = ?;

-- name: class_list_school
SELECT c.id, c.org_id, c.school_year, c.grade, c.name, c.homeroom_id, o.code, o.path,
       o.country, o.level, u.username
FROM classes c JOIN orgs o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.homeroom_id
WHERE c.org_id = ? AND (? = 0 OR c.school_year = ?)
ORDER BY c.school_year DESC, c.grade, c.name
LIMIT 1000;

-- name: class_set_homeroom
UPDATE classes SET homeroom_id = ? WHERE id = ?;

-- name: class_subject_assign
INSERT INTO class_subjects (class_id, subject_id, org_id, teacher_id) VALUES (?, ?, ?, ?)
ON CONFLICT (class_id, subject_id) DO UPDATE SET teacher_id = excluded.teacher_id;

-- name: class_subjects_of
SELECT s.id, s.country, s.level, s.code, s.name, s.name_en, s.scored, s.units,
       cs.teacher_id, u.username
FROM class_subjects cs JOIN subjects s ON s.id = cs.subject_id
LEFT JOIN users u ON u.id = cs.teacher_id
WHERE cs.class_id = ?
ORDER BY s.position;

-- name: class_subject_teacher
SELECT teacher_id FROM class_subjects WHERE class_id = ? AND subject_id = ?;

-- A class's students: the current enrolments of its school, grade and year
-- under its name (enrolments_school narrows to the grade).
-- name: class_members
SELECT p.id, p.given_name, p.family_name FROM enrolments e JOIN persons p ON p.id = e.person_id
WHERE e.current = 1 AND e.org_id = ? AND e.grade = ? AND e.school_year = ? AND e.class = ?
ORDER BY p.family_name, p.given_name, p.id;

-- name: class_member_set
UPDATE enrolments SET class = ?
WHERE person_id = ? AND current = 1 AND org_id = ? AND school_year = ? AND grade = ?;

-- A teacher of the school, by user name.
-- name: class_teacher_at
SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.username = ? AND r.role = 'teacher' AND r.org_id = ? AND u.disabled = 0;
