-- Queries of src/domain/teaching/timetable.c.

-- A lesson of the timetable as every read returns it (slot_read reads it
-- by name).
-- columns: timetable_slot
t.weekday, t.period, s.code AS subject, s.name AS subject_name, s.name_en AS subject_name_en,
u.username AS teacher, t.room, t.class_id, c.name AS class_name, o.code AS school,
o.path AS school_path, t.teacher_id

-- fragment: timetable_from
FROM timetable t JOIN subjects s ON s.id = t.subject_id
JOIN classes c ON c.id = t.class_id JOIN orgs o ON o.id = t.org_id
LEFT JOIN users u ON u.id = t.teacher_id

-- name: timetable_of_class
SELECT {{timetable_slot}}
{{timetable_from}}
WHERE t.class_id = ?
ORDER BY t.weekday, t.period;

-- A teacher's week in a school year (the timetable_teacher index).
-- name: timetable_of_teacher
SELECT {{timetable_slot}}
{{timetable_from}}
WHERE t.school_year = ? AND t.teacher_id = ?
ORDER BY t.weekday, t.period;

-- Slots other classes hold that a new week could clash with: one room of
-- the school in that year, one teacher anywhere (prefixes of the unique
-- indexes timetable_room and timetable_teacher).
-- name: timetable_taken_room
SELECT {{timetable_slot}}
{{timetable_from}}
WHERE t.org_id = ? AND t.school_year = ? AND t.room = ? AND t.class_id <> ?;

-- name: timetable_taken_teacher
SELECT {{timetable_slot}}
{{timetable_from}}
WHERE t.school_year = ? AND t.teacher_id = ? AND t.class_id <> ?;

-- name: timetable_delete_class
DELETE FROM timetable WHERE class_id = ?;

-- name: timetable_insert
INSERT INTO timetable (org_id, school_year, class_id, weekday, period, subject_id, teacher_id,
                       room)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- The schools where an account holds the teacher role.
-- name: timetable_teacher_schools
SELECT u.id, o.path, o.country FROM users u
JOIN user_roles r ON r.user_id = u.id AND r.role = 'teacher'
JOIN orgs o ON o.id = r.org_id
WHERE u.username = ?
ORDER BY o.id;
