-- Queries of src/domain/registry/export.c (the export walks a subtree's schools).

-- The schools of a subtree (the org's path is a prefix of theirs), keyset
-- paged by id.
-- name: import_schools_in_subtree
SELECT id, code FROM orgs
WHERE kind = 'school' AND substr(path, 1, length(?)) = ? AND id > ?
ORDER BY id LIMIT ?;
