-- Queries of src/domain/records/. A record as every read returns it: the
-- columns of `record` (record_read_row reads them by name), then its
-- credential (the empty string in lists, which do not need it).
-- columns: record
r.id, r.uuid, r.person_id, r.org_id, r.school_year, r.grade, r.class_id, r.version,
r.previous_id, r.superseded_by, r.status, r.rev, r.subject_hash,
r.teacher_key_id, r.teacher_by, r.teacher_at, r.principal_key_id, r.principal_by,
r.principal_at, r.created_at, r.updated_at, o.code AS school, o.path AS school_path,
c.name AS class_name, c.homeroom_id, p.given_name, p.family_name,
tu.username AS teacher, pu.username AS principal, s.uuid AS successor, r.doc_hash

-- fragment: record_from
FROM records r JOIN orgs o ON o.id = r.org_id JOIN classes c ON c.id = r.class_id
JOIN persons p ON p.id = r.person_id
LEFT JOIN users tu ON tu.id = r.teacher_by LEFT JOIN users pu ON pu.id = r.principal_by
LEFT JOIN records s ON s.id = r.superseded_by

-- name: record_by_id
SELECT {{record}}, r.credential
{{record_from}}
WHERE r.id = ?;

-- name: record_by_uuid
SELECT {{record}}, r.credential
{{record_from}}
WHERE r.uuid = ?;

-- Every record of a class, each student's versions in order.
-- name: records_of_class
SELECT {{record}}, r.credential
{{record_from}}
WHERE r.class_id = ?
ORDER BY r.person_id, r.version;

-- The classes of a school's year with records in a state.
-- name: records_classes_in_status
SELECT DISTINCT class_id FROM records
WHERE org_id = ? AND school_year = ? AND status = ?
ORDER BY class_id;

-- A student's newest version for a school year.
-- name: record_latest_of
SELECT id, status, version FROM records
WHERE person_id = ? AND school_year = ?
ORDER BY version DESC LIMIT 1;

-- A student's records (0: any year), in id order from a cursor.
-- name: records_list_student
SELECT {{record}}, '' AS credential
{{record_from}}
WHERE r.person_id = ? AND (? = 0 OR r.school_year = ?) AND r.id > ?
ORDER BY r.id LIMIT ?;

-- A school's records (0: any year), in id order from a cursor.
-- name: records_list_school
SELECT {{record}}, '' AS credential
{{record_from}}
WHERE r.org_id = ? AND (? = 0 OR r.school_year = ?) AND r.id > ?
ORDER BY r.id LIMIT ?;

-- name: record_insert
INSERT INTO records (uuid, person_id, org_id, school_year, grade, class_id, version, previous_id,
                     status, rev, subject_hash, doc_hash, credential, teacher_key_id,
                     teacher_by, teacher_at, principal_key_id, principal_by, principal_at,
                     created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- A change made from a read of revision `rev`: no row changes if another
-- change came first.
-- name: record_update
UPDATE records
SET status = ?, rev = rev + 1, subject_hash = ?, doc_hash = ?, credential = ?, teacher_key_id = ?,
    teacher_by = ?, teacher_at = ?, principal_key_id = ?, principal_by = ?, principal_at = ?,
    updated_at = ?
WHERE id = ? AND rev = ?;

-- name: record_supersede
UPDATE records SET status = 'superseded', superseded_by = ?, rev = rev + 1, updated_at = ?
WHERE id = ? AND status = 'sealed';

-- ---- facts ----

-- A class's students for its year: current enrolments under its name, and
-- those closed at the year's end (through the partial index of 0008).
-- Parameters: org, grade, year, class, org, year, class, grade.
-- fragment: record_class_students
(SELECT e.person_id FROM enrolments e
 WHERE e.org_id = ? AND e.grade = ? AND e.current = 1 AND e.school_year = ? AND e.class = ?
 UNION
 SELECT e.person_id FROM enrolments e
 WHERE e.org_id = ? AND e.school_year = ? AND e.class = ? AND e.current = 0 AND e.grade = ?
   AND e.end_reason IN ('promoted', 'repeated', 'completed', 'graduated'))

-- name: record_roster
SELECT p.id, p.given_name, p.family_name, p.birth_date, p.country, p.national_id
FROM persons p
WHERE p.id IN {{record_class_students}}
ORDER BY p.id;

-- The same students' gradebook rows for the year.
-- name: record_class_gradebooks
SELECT g.person_id, g.subject_id, g.scores FROM gradebooks g
WHERE g.school_year = ? AND g.person_id IN {{record_class_students}}
ORDER BY g.person_id, g.subject_id;

-- The same students' qualities and competences for the year (vn-tt27).
-- name: record_class_qualities
SELECT q.person_id, q.levels FROM gradebook_qualities q
WHERE q.school_year = ? AND q.person_id IN {{record_class_students}}
ORDER BY q.person_id;

-- The same students' term II comments (the year's, as the report card
-- shows them), every subject (vn-tt27, ir-descriptive).
-- name: record_class_comments
SELECT c.person_id, c.subject_id, c.comment FROM gradebook_comments c
WHERE c.school_year = ? AND c.term = 2 AND c.person_id IN {{record_class_students}}
ORDER BY c.person_id, c.subject_id;

-- Attendance totals of a class: per student, daily (period 0) or by period.
-- name: record_class_attendance
SELECT person_id, CASE WHEN period = 0 THEN 0 ELSE 1 END AS by_period, status, count(*) AS n
FROM attendance WHERE class_id = ?
GROUP BY person_id, CASE WHEN period = 0 THEN 0 ELSE 1 END, status;

-- The school's last term-lock event of a year: changes when a term is
-- locked or unlocked, so a write can tell its read went stale.
-- name: record_lock_marker
SELECT coalesce(max(id), 0) AS marker FROM term_lock_events WHERE org_id = ? AND school_year = ?;

-- The class a student was in during a school year (current first).
-- name: record_enrolment_of_year
SELECT e.org_id, e.grade, e.class FROM enrolments e
WHERE e.person_id = ? AND e.school_year = ? AND e.class IS NOT NULL
  AND (e.current = 1 OR e.end_reason IN ('promoted', 'repeated', 'completed', 'graduated'))
ORDER BY e.current DESC, e.id DESC LIMIT 1;

-- name: record_school
SELECT name, path, kind FROM orgs WHERE id = ?;

-- ---- sharing (the public verification page) ----

-- name: record_shared
SELECT shared_full FROM records WHERE id = ?;

-- name: record_share_set
UPDATE records SET shared_full = ? WHERE id = ?;
