-- Queries of src/domain/registry/org.c.

-- name: org_insert
INSERT INTO orgs (code, name, kind, parent_id, path, created_at, updated_at)
VALUES (?, ?, ?, ?, '', ?, ?)
RETURNING id;

-- name: org_set_path
UPDATE orgs SET path = ? WHERE id = ?;

-- An organisation as org reads return it.
-- columns: org
o.id, o.code, o.name, o.kind, p.code AS parent, o.path, o.created_at, o.updated_at,
o.country, o.address, o.level, o.sector, o.parent_id

-- name: org_by_code
SELECT {{org}}
FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
WHERE o.code = ?;

-- name: org_count_children
SELECT count(*) AS n FROM orgs WHERE parent_id = ?;

-- name: org_by_id
SELECT {{org}}
FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
WHERE o.id = ?;

-- name: org_ref_by_code
SELECT id, kind, path, country, level, name FROM orgs WHERE code = ?;

-- name: org_details_by_code
SELECT country, address, level, sector FROM orgs WHERE code = ?;

-- name: org_set_details
UPDATE orgs SET country = ?, address = ?, level = ?, sector = ?, updated_at = ? WHERE id = ?;

-- name: org_update
UPDATE orgs SET name = ?, address = ?, level = ?, sector = ?, updated_at = ? WHERE id = ?;

-- name: org_children
SELECT o.code, o.name, o.kind, o.country, o.level, o.sector,
       (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id) AS children,
       (SELECT count(*) FROM orgs so JOIN enrolments e ON e.org_id = so.id AND e.current = 1
        WHERE substr(so.path, 1, length(o.path)) = o.path) AS students
FROM orgs o WHERE o.parent_id = ? ORDER BY o.code;

-- name: org_count_students_subtree
SELECT count(*) AS n FROM persons s JOIN orgs o ON o.id = s.org_id
WHERE s.status = 'enrolled' AND substr(o.path, 1, length(?)) = ?;

-- name: org_move
UPDATE orgs SET parent_id = ?, updated_at = ? WHERE id = ?;

-- name: org_repath_subtree
UPDATE orgs SET path = ? || substr(path, length(?) + 1)
WHERE substr(path, 1, length(?)) = ?;

-- name: org_move_record
INSERT INTO org_moves (org_id, from_parent_id, to_parent_id, moved_at, moved_by)
VALUES (?, ?, ?, ?, ?);

-- name: org_moves_of
SELECT f.code AS from_parent, t.code AS to_parent, m.moved_at FROM org_moves m
LEFT JOIN orgs f ON f.id = m.from_parent_id JOIN orgs t ON t.id = m.to_parent_id
WHERE m.org_id = ? ORDER BY m.id;
