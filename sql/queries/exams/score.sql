-- score.sql: exam scores, their imports and the results a candidate sees
-- (domain/exams/score.c).

-- name: score_session
SELECT s.id AS id, s.org_id AS org_id, o.path AS org_path, s.results_at_ms AS results_at_ms,
       s.remarks_close_at_ms AS remarks_close_at_ms, s.assigned_at AS assigned_at,
       s.time_zone AS time_zone
FROM exam_sessions s JOIN orgs o ON o.id = s.org_id
WHERE s.id = ?;

-- The seated candidates of a session by candidate number.
-- name: score_candidates
SELECT id, candidate_number, subjects, org_id
FROM exam_registrations
WHERE session_id = ? AND candidate_number IS NOT NULL
ORDER BY candidate_number;

-- name: score_import_insert
INSERT INTO exam_score_imports (session_id, org_id, format, sha256, size, rows, imported_at,
                                imported_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: score_upsert
INSERT INTO exam_scores (registration_id, subject, org_id, score, import_id, imported_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (registration_id, subject) DO UPDATE SET score = excluded.score,
    import_id = excluded.import_id, imported_at = excluded.imported_at;

-- name: score_of_registration
SELECT subject, score
FROM exam_scores
WHERE registration_id = ?
ORDER BY subject;

-- A registration with its session's publication and re-marking window.
-- name: score_registration
SELECT r.id AS id, r.person_id AS person_id, r.org_id AS org_id,
       r.candidate_number AS candidate_number, s.id AS session_id,
       s.results_at_ms AS results_at_ms, s.remarks_close_at_ms AS remarks_close_at_ms,
       s.time_zone AS time_zone, o.path AS office_path, so.path AS school_path
FROM exam_registrations r
JOIN exam_sessions s ON s.id = r.session_id
JOIN orgs o ON o.id = s.org_id
JOIN orgs so ON so.id = r.org_id
WHERE r.id = ?;

-- name: score_set
UPDATE exam_scores SET score = ? WHERE registration_id = ? AND subject = ?;
