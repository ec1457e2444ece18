-- remark.sql: requests for re-marking and their decisions
-- (domain/exams/remark.c).

-- name: remark_insert
INSERT INTO exam_remarks (registration_id, org_id, subject, status, old_score, requested_at,
                          requested_by)
VALUES (?, ?, ?, 'requested', ?, ?, ?)
ON CONFLICT (registration_id, subject) DO NOTHING;

-- name: remark_of_registration
SELECT m.id AS id, m.registration_id AS registration_id, m.subject AS subject,
       m.status AS status, m.old_score AS old_score, m.new_score AS new_score,
       m.requested_at AS requested_at, m.decided_at AS decided_at
FROM exam_remarks m
WHERE m.registration_id = ?
ORDER BY m.subject;

-- name: remark_get
SELECT m.id AS id, m.registration_id AS registration_id, m.subject AS subject,
       m.status AS status, m.old_score AS old_score, m.new_score AS new_score,
       r.person_id AS person_id, o.path AS office_path
FROM exam_remarks m
JOIN exam_registrations r ON r.id = m.registration_id
JOIN exam_sessions s ON s.id = r.session_id
JOIN orgs o ON o.id = s.org_id
WHERE m.id = ?;

-- name: remark_decide
UPDATE exam_remarks SET status = 'decided', new_score = ?, decided_at = ?, decided_by = ?
WHERE id = ? AND status = 'requested';

-- The requests for re-marking of a session in id order after a key, with
-- the candidate (parameters: session, status or '' twice, after, limit).
-- name: remark_list_session
SELECT m.id AS id, m.registration_id AS registration_id, m.subject AS subject,
       m.status AS status, m.old_score AS old_score, m.new_score AS new_score,
       m.requested_at AS requested_at, m.decided_at AS decided_at,
       r.person_id AS person_id, r.candidate_number AS candidate_number,
       p.given_name AS given_name, p.family_name AS family_name, o.code AS school
FROM exam_remarks m
JOIN exam_registrations r ON r.id = m.registration_id
JOIN persons p ON p.id = r.person_id
JOIN orgs o ON o.id = r.org_id
WHERE r.session_id = ? AND (? = '' OR m.status = ?) AND m.id > ?
ORDER BY m.id
LIMIT ?;
