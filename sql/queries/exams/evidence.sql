-- Queries of src/domain/exams/evidence.c: the evidence candidates upload
-- for a priority category or an exemption, and the registration as the
-- evidence and the reviews see it.

-- A registration with its school and its session's office and window.
-- name: exam_evidence_registration
SELECT r.id, r.session_id, r.person_id, r.org_id, o.path AS org_path, r.status,
	r.status_reason, r.category, r.exemptions, so.path AS office_path, s.opens_at_ms,
	s.closes_at_ms, s.assigned_at, s.pack, s.time_zone
FROM exam_registrations r
JOIN orgs o ON o.id = r.org_id
JOIN exam_sessions s ON s.id = r.session_id
JOIN orgs so ON so.id = s.org_id
WHERE r.id = ?;

-- An item as every read returns it.
-- columns: exam_evidence
e.id, e.registration_id, e.kind, e.code, e.media_type, e.size, e.sha256, e.uploaded_at_ms,
u.username AS uploaded_by

-- name: exam_evidence_insert
INSERT INTO exam_evidence (registration_id, org_id, kind, code, media_type, sha256, bytes, size,
	uploaded_at_ms, uploaded_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- Every item of a registration, oldest first.
-- name: exam_evidence_of
SELECT {{exam_evidence}}
FROM exam_evidence e LEFT JOIN users u ON u.id = e.uploaded_by
WHERE e.registration_id = ?
ORDER BY e.id;

-- The latest item for one claim with the same bytes (parameters:
-- registration, kind, code, sha256): a repeated upload answers it.
-- name: exam_evidence_same
SELECT {{exam_evidence}}
FROM exam_evidence e LEFT JOIN users u ON u.id = e.uploaded_by
WHERE e.registration_id = ? AND e.kind = ? AND e.code = ? AND e.sha256 = ?
ORDER BY e.id DESC
LIMIT 1;

-- One item with its bytes (parameters: registration, item).
-- name: exam_evidence_content
SELECT {{exam_evidence}}, e.bytes
FROM exam_evidence e LEFT JOIN users u ON u.id = e.uploaded_by
WHERE e.registration_id = ? AND e.id = ?;

-- A returned registration the candidate answered with new evidence is
-- submitted again (parameters: at, by, registration).
-- name: exam_evidence_resubmit
UPDATE exam_registrations
SET status = 'submitted', status_reason = NULL, status_at = ?, status_by = ?
WHERE id = ? AND status = 'returned';
