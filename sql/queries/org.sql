-- Queries of src/domain/org.c.

-- name: org_insert
INSERT INTO orgs (code, name, kind, parent_id, path, created_at, updated_at)
VALUES (?, ?, ?, ?, '', ?, ?)
RETURNING id;

-- name: org_set_path
UPDATE orgs SET path = ? WHERE id = ?;

-- name: org_by_code
SELECT o.id, o.code, o.name, o.kind, p.code, o.path, o.created_at, o.updated_at
FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
WHERE o.code = ?;

-- name: org_count_children
SELECT count(*) FROM orgs WHERE parent_id = ?;
