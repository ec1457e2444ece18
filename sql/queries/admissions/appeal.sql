-- Queries of src/domain/admissions/appeal.c: appeals and their decisions.

-- An appeal as every read returns it (appeal_read_row).
-- columns: appeal
ap.id, ap.round_id, ap.application_id, a.person_id, ap.status, ap.reason, ap.filed_at,
ap.decided_at, u.username AS decided_by, ap.decision_reason, s.code AS school

-- fragment: appeal_from
FROM admission_appeals ap JOIN admission_applications a ON a.id = ap.application_id
LEFT JOIN users u ON u.id = ap.decided_by
LEFT JOIN orgs s ON s.id = ap.school_id

-- No row when the application has an open appeal already.
-- name: appeal_insert
INSERT INTO admission_appeals (round_id, application_id, org_id, reason, filed_at, filed_by,
	status)
VALUES (?, ?, ?, ?, ?, ?, 'open')
ON CONFLICT DO NOTHING
RETURNING id;

-- name: appeal_by_id
SELECT {{appeal}}
{{appeal_from}}
WHERE ap.id = ?;

-- name: appeal_of_application
SELECT {{appeal}}
{{appeal_from}}
WHERE ap.application_id = ?
ORDER BY ap.id;

-- A round's appeals in id order after an id, of one status or all
-- (parameters: round, status or '' twice, after, limit).
-- name: appeal_list_round
SELECT {{appeal}}
{{appeal_from}}
WHERE ap.round_id = ? AND (? = '' OR ap.status = ?) AND ap.id > ?
ORDER BY ap.id
LIMIT ?;

-- name: appeal_decide
UPDATE admission_appeals SET status = ?, decided_at = ?, decided_by = ?, decision_reason = ?,
	school_id = ?
WHERE id = ? AND status = 'open';

-- name: appeal_add_seat
UPDATE admission_round_schools SET added_seats = added_seats + 1
WHERE round_id = ? AND school_id = ?;

-- The application an appeal decision acts on.
-- name: appeal_application
SELECT a.id, a.person_id, a.choices, a.offer_status, ps.code AS placed_school
FROM admission_applications a LEFT JOIN orgs ps ON ps.id = a.placed_school_id
WHERE a.id = ?;

-- name: appeal_offers_closed
SELECT offers_closed_at FROM admission_rounds WHERE id = ?;
