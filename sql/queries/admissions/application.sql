-- Queries of src/domain/admissions/application.c.

-- An application as every read returns it (application_read_row).
-- columns: application
a.id, a.round_id, a.person_id, a.version, a.choices, a.created_at, a.updated_at,
p.given_name, p.family_name, r.run_at, ps.code AS placed_school, a.lottery, a.claims,
a.priority, r.cutoffs
-- offers (0016): the answer, when it changed, the school a move came from
, a.offer_status, a.offer_at, mf.code AS moved_from

-- fragment: application_from
FROM admission_applications a JOIN persons p ON p.id = a.person_id
JOIN admission_rounds r ON r.id = a.round_id
LEFT JOIN orgs ps ON ps.id = a.placed_school_id
LEFT JOIN orgs mf ON mf.id = a.moved_from_id

-- No row when the child has one already or the account used the key:
-- a concurrent retry waits for the first to commit instead of failing.
-- name: application_insert
INSERT INTO admission_applications (round_id, person_id, org_id, version, choices, created_at,
	created_by, updated_at, idem_key, claims)
VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: application_version_insert
INSERT INTO admission_application_versions (application_id, version, org_id, choices,
	created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?);

-- name: application_update
UPDATE admission_applications SET version = ?, choices = ?, claims = ?, updated_at = ?
WHERE id = ? AND version = ?;

-- name: application_by_id
SELECT {{application}}
{{application_from}}
WHERE a.id = ?;

-- The application an account made with an Idempotency-Key.
-- name: application_by_key
SELECT id FROM admission_applications WHERE created_by = ? AND idem_key = ?;

-- name: application_of_child
SELECT id FROM admission_applications WHERE round_id = ? AND person_id = ?;

-- name: application_list_round
SELECT {{application}}
{{application_from}}
WHERE a.round_id = ? AND a.id > ?
ORDER BY a.id
LIMIT ?;

-- name: application_versions_of
SELECT v.version, v.choices, v.created_at, u.username AS created_by
FROM admission_application_versions v LEFT JOIN users u ON u.id = v.created_by
WHERE v.application_id = ?
ORDER BY v.version;

-- The applications of the children linked to a guardian's account, newest
-- first (parameters: user id, round id or 0 twice).
-- name: application_list_linked
SELECT {{application}}
{{application_from}}
WHERE a.person_id IN (SELECT g.person_id FROM guardians g WHERE g.user_id = ?)
  AND (? = 0 OR a.round_id = ?)
ORDER BY a.id DESC
LIMIT ?;
