-- Queries of src/domain/teaching/: the gradebook rows and their saves
-- (grade.c), term locks (term_lock.c), report cards (report_card.c) and
-- the year-end results (year_result.c).

-- A subject of a student's report card with the student's gradebook row
-- (NULL scores: no grades yet).
-- columns: subject_scores
{{subject}}, g.scores

-- One subject's gradebook rows for a class's students (NULL scores: none yet).
-- name: gradebook_class_subject
SELECT e.person_id, g.scores FROM enrolments e
LEFT JOIN gradebooks g ON g.school_year = e.school_year AND g.person_id = e.person_id
                      AND g.subject_id = ?
WHERE {{in_class}}
ORDER BY e.person_id;

-- name: gradebook_upsert
INSERT INTO gradebooks (school_year, person_id, subject_id, org_id, scores, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (school_year, person_id, subject_id) DO UPDATE
SET scores = excluded.scores, org_id = excluded.org_id, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by;

-- name: grade_change_insert
INSERT INTO grade_changes (org_id, school_year, person_id, subject_id, term, assessment,
                           old_value, new_value, changed_by, changed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: grade_changes_of
SELECT g.term, g.assessment, g.old_value, g.new_value, u.username, g.changed_at, s.code
FROM grade_changes g JOIN subjects s ON s.id = g.subject_id
LEFT JOIN users u ON u.id = g.changed_by
WHERE g.person_id = ? AND g.school_year = ?
ORDER BY g.id LIMIT 500;

-- A student's gradebook for a year over their class's subjects.
-- name: gradebook_student_class
SELECT {{subject_scores}}
FROM class_subjects cs JOIN subjects s ON s.id = cs.subject_id
LEFT JOIN gradebooks g ON g.school_year = ? AND g.person_id = ? AND g.subject_id = s.id
WHERE cs.class_id = ?
ORDER BY s.position;

-- ... or over the subjects with grades, for a student without a class.
-- name: gradebook_student
SELECT {{subject_scores}}
FROM gradebooks g JOIN subjects s ON s.id = g.subject_id
WHERE g.school_year = ? AND g.person_id = ?
ORDER BY s.position;

-- name: term_lock_get
SELECT locked FROM term_locks WHERE org_id = ? AND school_year = ? AND term = ?;

-- name: term_lock_set
INSERT INTO term_locks (org_id, school_year, term, locked, changed_by, changed_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (org_id, school_year, term) DO UPDATE
SET locked = excluded.locked, changed_by = excluded.changed_by, changed_at = excluded.changed_at;

-- name: term_lock_event_insert
INSERT INTO term_lock_events (org_id, school_year, term, action, reason, by_user, at)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: term_lock_events_of
SELECT e.term, e.action, e.reason, u.username, e.at
FROM term_lock_events e LEFT JOIN users u ON u.id = e.by_user
WHERE e.org_id = ? AND e.school_year = ?
ORDER BY e.id LIMIT 200;

-- Year-end computation: the year's gradebooks in key order, a page at a time.
-- name: gradebook_year_page
SELECT person_id, org_id, subject_id, scores FROM gradebooks
WHERE school_year = ? AND person_id > ?
ORDER BY person_id, subject_id
LIMIT ?;

-- name: gradebook_schools
SELECT id, country, level FROM orgs WHERE kind = 'school' ORDER BY id;

-- name: year_result_upsert
INSERT INTO year_results (school_year, person_id, org_id, policy, average, result, subjects,
                          computed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (school_year, person_id) DO UPDATE
SET org_id = excluded.org_id, policy = excluded.policy, average = excluded.average,
    result = excluded.result, subjects = excluded.subjects, computed_at = excluded.computed_at;

-- name: year_result_of
SELECT policy, average, result, subjects, computed_at FROM year_results
WHERE school_year = ? AND person_id = ?;

-- name: year_result_count
SELECT count(*) AS students,
       coalesce(sum(CASE WHEN result = 'incomplete' THEN 1 ELSE 0 END), 0) AS incomplete
FROM year_results WHERE school_year = ?;

-- ---- comments and qualities (0009) ----

-- One subject's comments for a class's students, both terms.
-- name: gradebook_comments_class
SELECT e.person_id, c.term, c.comment FROM enrolments e
JOIN gradebook_comments c ON c.school_year = e.school_year AND c.person_id = e.person_id
                         AND c.subject_id = ?
WHERE {{in_class}}
ORDER BY e.person_id, c.term;

-- name: gradebook_comment_upsert
INSERT INTO gradebook_comments (school_year, person_id, subject_id, term, org_id, comment,
                                updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (school_year, person_id, subject_id, term) DO UPDATE
SET comment = excluded.comment, org_id = excluded.org_id, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by;

-- name: gradebook_comment_delete
DELETE FROM gradebook_comments
WHERE school_year = ? AND person_id = ? AND subject_id = ? AND term = ?;

-- A student's comments of a year, every subject.
-- name: gradebook_comments_student
SELECT subject_id, term, comment FROM gradebook_comments
WHERE school_year = ? AND person_id = ?
ORDER BY subject_id, term;

-- The qualities and competences of a class's students (NULL levels: none yet).
-- name: gradebook_qualities_class
SELECT e.person_id, q.levels FROM enrolments e
LEFT JOIN gradebook_qualities q ON q.school_year = e.school_year AND q.person_id = e.person_id
WHERE {{in_class}}
ORDER BY e.person_id;

-- name: gradebook_qualities_upsert
INSERT INTO gradebook_qualities (school_year, person_id, org_id, levels, updated_at, updated_by)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (school_year, person_id) DO UPDATE
SET levels = excluded.levels, org_id = excluded.org_id, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by;

-- name: gradebook_qualities_of
SELECT levels FROM gradebook_qualities WHERE school_year = ? AND person_id = ?;

-- Year-end computation: the qualities of the students of one page of
-- gradebook rows (person ids in (after, last]), in the same key order.
-- name: gradebook_qualities_range
SELECT person_id, levels FROM gradebook_qualities
WHERE school_year = ? AND person_id > ? AND person_id <= ?
ORDER BY person_id;

-- name: quality_change_insert
INSERT INTO quality_changes (org_id, school_year, person_id, term, quality, old_value,
                             new_value, changed_by, changed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);
