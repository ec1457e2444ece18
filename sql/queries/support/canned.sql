-- Queries of src/domain/support/canned.c: canned answers per level.

-- columns: canned
c.id, c.lang, c.title, c.body, c.created_at_ms, c.updated_at_ms, o.code AS org_code,
o.name AS org_name, o.kind AS org_kind, o.path AS org_path

-- The answers a level sees: its own and its ancestors' (parameters: the
-- level's org path, lang or '', lang again), the nearest level first.
-- name: canned_for_path
SELECT {{canned}}
FROM support_canned c JOIN orgs o ON o.id = c.org_id
WHERE ? LIKE o.path || '%'
  AND (? = '' OR c.lang = ?)
ORDER BY length(o.path) DESC, c.title, c.id
LIMIT 500;

-- name: canned_get
SELECT {{canned}}
FROM support_canned c JOIN orgs o ON o.id = c.org_id
WHERE c.id = ?;

-- name: canned_insert
INSERT INTO support_canned (org_id, lang, title, body, created_at_ms, created_by, updated_at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: canned_update
UPDATE support_canned SET lang = ?, title = ?, body = ?, updated_at_ms = ? WHERE id = ?;

-- name: canned_delete
DELETE FROM support_canned WHERE id = ?;

-- name: canned_org
SELECT id, code, name, kind, path FROM orgs WHERE code = ?;
