-- Queries of src/domain/admissions/child.c.

-- name: child_by_key
SELECT person_id FROM admission_children WHERE created_by = ? AND idem_key = ?;

-- name: child_insert
INSERT INTO admission_children (round_id, person_id, org_id, created_by, idem_key, created_at)
VALUES (?, ?, ?, ?, ?, ?);
