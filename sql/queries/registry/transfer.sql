-- Queries of src/domain/registry/transfer.c.

-- A transfer as every read returns it.
-- columns: transfer
t.id, t.person_id, f.code AS from_school, f.path AS from_path, tt.code AS to_school,
tt.path AS to_path, t.effective_date, t.status, t.reason, t.requested_at, t.decided_at,
t.from_org_id, t.to_org_id

-- A transfer with its two schools.
-- fragment: transfer_from
FROM transfers t JOIN orgs f ON f.id = t.from_org_id JOIN orgs tt ON tt.id = t.to_org_id

-- name: transfer_insert
INSERT INTO transfers (person_id, from_org_id, to_org_id, effective_date, status,
                       requested_by, requested_at)
VALUES (?, ?, ?, ?, 'requested', ?, ?)
RETURNING id;

-- name: transfer_by_id
SELECT {{transfer}}
{{transfer_from}}
WHERE t.id = ?;

-- name: transfer_decide
UPDATE transfers SET status = ?, reason = ?, decided_by = ?, decided_at = ?
WHERE id = ? AND status = 'requested';

-- name: transfers_of_person
SELECT {{transfer}}
{{transfer_from}}
WHERE t.person_id = ? OR t.person_id IN (SELECT merged_id FROM person_merges WHERE kept_id = ?)
ORDER BY t.id;

-- Open and decided transfers touching a school, newest first.
-- name: transfers_of_school
SELECT {{transfer}}
{{transfer_from}}
WHERE (t.from_org_id = ? OR t.to_org_id = ?) AND (? = '' OR t.status = ?) AND t.id < ?
ORDER BY t.id DESC LIMIT ?;
