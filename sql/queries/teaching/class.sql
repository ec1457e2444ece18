-- Queries of src/domain/teaching/class.c.

-- A class as every read returns it (class_read_row reads it by name); its
-- id stays first.
-- columns: class
c.id, c.org_id, c.school_year, c.grade, c.name, c.homeroom_id, o.code AS school,
o.path AS school_path, o.country, o.level, u.username AS homeroom

-- fragment: class_from
FROM classes c JOIN orgs o ON o.id = c.org_id LEFT JOIN users u ON u.id = c.homeroom_id

-- The current enrolments of a class: its school, grade and school year under
-- its name (enrolments aliased e; parameters org_id, grade, school_year, name).
-- fragment: in_class
e.current = 1 AND e.org_id = ? AND e.grade = ? AND e.school_year = ? AND e.class = ?

-- name: class_insert
INSERT INTO classes (org_id, school_year, grade, name, homeroom_id, created_at)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: class_by_id
SELECT {{class}}
{{class_from}}
WHERE c.id = ?;

-- name: class_by_name
SELECT {{class}}
{{class_from}}
WHERE c.org_id = ? AND c.school_year = ? AND c.name = ?;

-- The id alone, for reads that need no more of the class.
-- name: class_id_by_name
SELECT id FROM classes WHERE org_id = ? AND school_year = ? AND name = ?;

-- name: class_list_school
SELECT {{class}}
{{class_from}}
WHERE c.org_id = ? AND (? = 0 OR c.school_year = ?)
ORDER BY c.school_year DESC, c.grade, c.name
LIMIT 1000;

-- name: class_set_homeroom
UPDATE classes SET homeroom_id = ? WHERE id = ?;

-- name: class_subject_assign
INSERT INTO class_subjects (class_id, subject_id, org_id, teacher_id) VALUES (?, ?, ?, ?)
ON CONFLICT (class_id, subject_id) DO UPDATE SET teacher_id = excluded.teacher_id;

-- A class's subjects, each with its teacher (the subject first, for
-- subject_read).
-- name: class_subjects_of
SELECT {{subject}}, cs.teacher_id, u.username AS teacher
FROM class_subjects cs JOIN subjects s ON s.id = cs.subject_id
LEFT JOIN users u ON u.id = cs.teacher_id
WHERE cs.class_id = ?
ORDER BY s.position;

-- name: class_subject_teacher
SELECT teacher_id FROM class_subjects WHERE class_id = ? AND subject_id = ?;

-- A class's students, in roster order.
-- name: class_members
SELECT p.id, p.given_name, p.family_name FROM enrolments e JOIN persons p ON p.id = e.person_id
WHERE {{in_class}}
ORDER BY p.family_name, p.given_name, p.id;

-- name: class_member_set
UPDATE enrolments SET class = ?
WHERE person_id = ? AND current = 1 AND org_id = ? AND school_year = ? AND grade = ?;

-- A teacher of the school, by user name.
-- name: class_teacher_at
SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.username = ? AND r.role = 'teacher' AND r.org_id = ? AND u.disabled = 0;
