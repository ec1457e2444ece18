-- Queries of src/domain/admissions/round.c.

-- A round as every read returns it (round_read_row reads it by name).
-- columns: round
r.id, r.org_id, o.code AS org, o.path AS org_path, r.name, r.grade, r.opens_at,
r.closes_at, r.max_choices, r.seed, r.created_at, r.sealed_at, r.inputs_sha256, r.run_at,
r.results_sha256, r.priorities, r.documents, r.verify_claims
-- second rounds (0016): the parent, the child, when the offers closed
, r.parent_round_id, r.offers_closed_at,
(SELECT c.id FROM admission_rounds c WHERE c.parent_round_id = r.id) AS second_round_id,
r.rules

-- fragment: round_from
FROM admission_rounds r JOIN orgs o ON o.id = r.org_id

-- An organisation as a round sees it: the owner, or one of its schools.
-- name: round_org_by_code
SELECT id, kind, path FROM orgs WHERE code = ?;

-- name: round_insert
INSERT INTO admission_rounds (org_id, name, grade, opens_at, closes_at, max_choices, seed,
	created_at, created_by, priorities)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: round_school_insert
INSERT INTO admission_round_schools (round_id, school_id, org_id, capacity, position)
VALUES (?, ?, ?, ?, ?);

-- name: round_by_id
SELECT {{round}}
{{round_from}}
WHERE r.id = ?;

-- The rounds owned by the offices on a path and under it, newest window
-- first (parameters: the path twice).
-- name: round_list_under
SELECT {{round}}
{{round_from}}
WHERE substr(o.path, 1, length(?)) = ?
ORDER BY r.opens_at DESC, r.id DESC
LIMIT 1000;

-- The rounds of the offices above a school and the school's own office
-- (parameter: the school's path; an office's path is a prefix of it).
-- name: round_list_over
SELECT {{round}}
{{round_from}}
WHERE substr(?, 1, length(o.path)) = o.path
ORDER BY r.opens_at DESC, r.id DESC
LIMIT 1000;

-- name: round_schools_of
SELECT s.code AS school, s.name AS school_name, s.path AS school_path, rs.school_id,
	rs.capacity
FROM admission_round_schools rs JOIN orgs s ON s.id = rs.school_id
WHERE rs.round_id = ?
ORDER BY rs.position;

-- Whether an account is the guardian of a child whose school is on a path
-- (parameters: user id, the path twice).
-- name: round_guardian_in_area
SELECT 1 AS found
FROM guardians g JOIN persons p ON p.id = g.person_id JOIN orgs o ON o.id = p.org_id
WHERE g.user_id = ? AND substr(o.path, 1, length(?)) = ?
LIMIT 1;

-- The schools of a guardian's linked children, for the rounds they see.
-- name: round_guardian_schools
SELECT DISTINCT o.path AS school_path
FROM guardians g JOIN persons p ON p.id = g.person_id JOIN orgs o ON o.id = p.org_id
WHERE g.user_id = ?
LIMIT 100;

-- name: round_update
UPDATE admission_rounds SET name = ?, grade = ?, opens_at = ?, closes_at = ?, max_choices = ?,
	seed = ?, priorities = ?
WHERE id = ?;

-- name: round_schools_clear
DELETE FROM admission_round_schools WHERE round_id = ?;

-- name: round_set_rules
UPDATE admission_rounds SET rules = ? WHERE id = ?;

-- name: round_org_country
SELECT country FROM orgs WHERE id = ?;
