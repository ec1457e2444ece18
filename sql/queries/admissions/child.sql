-- Queries of src/domain/admissions/child.c.

-- name: child_by_key
SELECT person_id FROM admission_children
WHERE created_by = ? AND idem_key = ? AND person_id IS NOT NULL;

-- Claim the key (or none): nothing when a retry with it committed first.
-- name: child_insert
INSERT INTO admission_children (round_id, org_id, created_by, idem_key, created_at)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: child_set_person
UPDATE admission_children SET person_id = ? WHERE id = ?;
