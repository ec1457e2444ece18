-- Queries of src/domain/teaching/attendance.c. A mark is one row of `attendance`:
-- a student on a date, for the whole day (period 0) or one period.

-- The marks of a class's students for one date and period, by person id
-- (NULL status: not taken). The class's students are its current
-- enrolments (class_members in class.sql).
-- name: attendance_class_marks
SELECT e.person_id, a.status, a.note FROM enrolments e
LEFT JOIN attendance a ON a.person_id = e.person_id AND a.date = ? AND a.period = ?
WHERE {{in_class}}
ORDER BY e.person_id;

-- The same with the students' names, in roster order.
-- name: attendance_class_roster
SELECT p.id, p.given_name, p.family_name, a.status, a.note FROM enrolments e
JOIN persons p ON p.id = e.person_id
LEFT JOIN attendance a ON a.person_id = e.person_id AND a.date = ? AND a.period = ?
WHERE {{in_class}}
ORDER BY p.family_name, p.given_name, p.id;

-- name: attendance_upsert
INSERT INTO attendance (person_id, date, period, org_id, class_id, status, note, recorded_by,
                        recorded_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (person_id, date, period) DO UPDATE
SET org_id = excluded.org_id, class_id = excluded.class_id, status = excluded.status,
    note = excluded.note, recorded_by = excluded.recorded_by,
    recorded_at = excluded.recorded_at;

-- name: attendance_change_insert
INSERT INTO attendance_changes (org_id, person_id, date, period, old_status, new_status,
                                changed_by, changed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- A student's marks between two dates (a primary-key range), newest first,
-- with the country of the school that took each (its term dates).
-- name: attendance_of_person
SELECT a.date, a.period, a.status, a.note, a.class_id, o.country FROM attendance a
JOIN orgs o ON o.id = a.org_id
WHERE a.person_id = ? AND a.date >= ? AND a.date <= ?
ORDER BY a.date DESC, a.period DESC;
