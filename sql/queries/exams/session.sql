-- Queries of src/domain/exams/session.c.

-- A session as every read returns it (session_read_row).
-- columns: exam_session
s.id, s.org_id, o.code AS org, o.path AS org_path, s.pack, s.name, s.time_zone,
s.opens_at_ms, s.closes_at_ms, s.results_at_ms, s.remarks_close_at_ms, s.created_at,
s.assigned_at

-- fragment: exam_session_from
FROM exam_sessions s JOIN orgs o ON o.id = s.org_id

-- An organisation by code, as a session sees it.
-- name: exam_org_by_code
SELECT id, kind, path, name FROM orgs WHERE code = ?;

-- name: exam_session_insert
INSERT INTO exam_sessions (org_id, pack, name, time_zone, opens_at_ms, closes_at_ms,
	results_at_ms, remarks_close_at_ms, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: exam_session_update
UPDATE exam_sessions SET name = ?, opens_at_ms = ?, closes_at_ms = ?, results_at_ms = ?,
	remarks_close_at_ms = ?
WHERE id = ?;

-- name: exam_council_insert
INSERT INTO exam_councils (session_id, code, name, org_id) VALUES (?, ?, ?, ?);

-- name: exam_site_insert
INSERT INTO exam_sites (session_id, council_code, org_id, code, name, rooms, free_candidates)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: exam_session_by_id
SELECT {{exam_session}}
{{exam_session_from}}
WHERE s.id = ?;

-- name: exam_councils_of
SELECT c.code, c.name, o.code AS org, o.path AS org_path, c.org_id
FROM exam_councils c JOIN orgs o ON o.id = c.org_id
WHERE c.session_id = ?
ORDER BY c.code;

-- name: exam_sites_of
SELECT t.id, t.code, t.council_code, o.code AS school, o.path AS school_path, t.org_id,
	t.name, t.rooms, t.free_candidates
FROM exam_sites t JOIN orgs o ON o.id = t.org_id
WHERE t.session_id = ?
ORDER BY t.council_code, t.code;

-- The sessions of the offices on a path and under it, newest window
-- first (parameters: the path twice).
-- name: exam_session_list_under
SELECT {{exam_session}}
{{exam_session_from}}
WHERE substr(o.path, 1, length(?)) = ?
ORDER BY s.opens_at_ms DESC, s.id DESC
LIMIT 500;

-- The sessions of the offices above an org and of the org itself
-- (parameter: the org's path; an office's path is a prefix of it).
-- name: exam_session_list_over
SELECT {{exam_session}}
{{exam_session_from}}
WHERE substr(?, 1, length(o.path)) = o.path
ORDER BY s.opens_at_ms DESC, s.id DESC
LIMIT 500;

-- The path of the school that owns a person's record.
-- name: exam_person_school_path
SELECT o.path FROM persons p JOIN orgs o ON o.id = p.org_id WHERE p.id = ?;

-- name: exam_region_upsert
INSERT INTO exam_regions (org_id, region, updated_at, updated_by) VALUES (?, ?, ?, ?)
ON CONFLICT (org_id) DO UPDATE SET region = excluded.region, updated_at = excluded.updated_at,
	updated_by = excluded.updated_by;
