-- Queries of src/domain/admissions/reregistration.c.

-- A campaign as every read returns it.
-- columns: rereg
c.id, o.code AS org, o.name AS org_name, o.path AS org_path, c.school_year, c.opens_at,
c.closes_at, c.created_at

-- name: rereg_org
SELECT id, kind, path FROM orgs WHERE code = ?;

-- name: rereg_insert
INSERT INTO admission_reregistrations (org_id, school_year, opens_at, closes_at, created_at,
	created_by)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: rereg_by_id
SELECT {{rereg}}
FROM admission_reregistrations c JOIN orgs o ON o.id = c.org_id
WHERE c.id = ?;

-- The child's school and current enrolment, to confirm against a campaign.
-- name: rereg_child_school
SELECT s.path AS school_path, e.grade
FROM enrolments e JOIN orgs s ON s.id = e.org_id
WHERE e.person_id = ? AND e.current = 1;

-- name: rereg_confirmation_by_key
SELECT id FROM admission_reregistration_confirmations WHERE created_by = ? AND idem_key = ?;

-- name: rereg_confirmation_last
SELECT max(version) AS version FROM admission_reregistration_confirmations
WHERE campaign_id = ? AND person_id = ?;

-- name: rereg_confirmation_retire
UPDATE admission_reregistration_confirmations SET current = 0
WHERE campaign_id = ? AND person_id = ? AND current = 1;

-- Nothing when a confirmation running beside this one took the version or
-- the key first.
-- name: rereg_confirmation_insert
INSERT INTO admission_reregistration_confirmations (campaign_id, person_id, org_id, version,
	current, corrections, created_at, created_by, idem_key)
VALUES (?, ?, (SELECT org_id FROM enrolments WHERE person_id = ? AND current = 1), ?, 1, ?, ?,
	?, ?)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: rereg_confirmation_by_id
SELECT id, campaign_id, person_id, version FROM admission_reregistration_confirmations
WHERE id = ?;

-- Every version of a child's confirmations in a campaign, oldest first.
-- name: rereg_confirmation_versions
SELECT f.version, f.corrections, f.created_at, u.username AS created_by
FROM admission_reregistration_confirmations f LEFT JOIN users u ON u.id = f.created_by
WHERE f.campaign_id = ? AND f.person_id = ?
ORDER BY f.version;

-- The linked children of an account enrolled under an open campaign's org
-- (parameters: now twice, the account), with the current confirmation.
-- name: rereg_mine
SELECT {{rereg}}, p.id AS person_id, p.given_name, p.family_name, p.birth_date, p.sex,
	s.code AS school, s.name AS school_name, e.grade, e.class,
	f.version AS confirmed_version, f.corrections, f.created_at AS confirmed_at
FROM guardians g
JOIN persons p ON p.id = g.person_id
JOIN enrolments e ON e.person_id = p.id AND e.current = 1
JOIN orgs s ON s.id = e.org_id
JOIN admission_reregistrations c ON c.opens_at <= ? AND c.closes_at > ?
JOIN orgs o ON o.id = c.org_id AND substr(s.path, 1, length(o.path)) = o.path
LEFT JOIN admission_reregistration_confirmations f
	ON f.campaign_id = c.id AND f.person_id = p.id AND f.current = 1
WHERE g.user_id = ?
ORDER BY c.id, p.id
LIMIT 200;

-- name: rereg_guardians_of
SELECT u.username, g.relation FROM guardians g JOIN users u ON u.id = g.user_id
WHERE g.person_id = ?
ORDER BY g.id
LIMIT 20;

-- Counts of a campaign (parameters: its org path twice, its id twice).
-- name: rereg_counts
SELECT
	(SELECT count(*) FROM enrolments e JOIN orgs s ON s.id = e.org_id
	 WHERE e.current = 1 AND substr(s.path, 1, length(?)) = ?) AS enrolled,
	(SELECT count(*) FROM admission_reregistration_confirmations f
	 WHERE f.campaign_id = ? AND f.current = 1) AS confirmed,
	(SELECT count(*) FROM admission_reregistration_confirmations f
	 WHERE f.campaign_id = ? AND f.current = 1 AND f.corrections IS NOT NULL) AS corrected;

-- The children enrolled under a campaign's org that have not confirmed, in
-- id order (parameters: the org path twice, after, the campaign, limit).
-- name: rereg_unconfirmed
SELECT p.id, p.given_name, p.family_name, s.code AS school, e.grade, e.class
FROM enrolments e JOIN orgs s ON s.id = e.org_id JOIN persons p ON p.id = e.person_id
WHERE e.current = 1 AND substr(s.path, 1, length(?)) = ? AND e.person_id > ?
	AND NOT EXISTS (SELECT 1 FROM admission_reregistration_confirmations f
		WHERE f.campaign_id = ? AND f.person_id = e.person_id AND f.current = 1)
ORDER BY e.person_id
LIMIT ?;

-- The first campaign of an org for a school year (the demo's, to find it again).
-- name: rereg_find
SELECT c.id FROM admission_reregistrations c JOIN orgs o ON o.id = c.org_id
WHERE o.code = ? AND c.school_year = ?
ORDER BY c.id
LIMIT 1;
