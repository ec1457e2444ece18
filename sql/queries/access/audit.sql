-- Queries of src/domain/audit.c and src/api/audit.c.

-- Lock the chain's head for this transaction (a no-op update takes the row
-- lock on PostgreSQL; SQLite has one writer) and read it.
-- name: audit_head_lock
UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash;

-- name: audit_head_set
UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1;

-- name: audit_head_get
SELECT seq, hash FROM audit_head WHERE id = 1;

-- name: audit_insert
INSERT INTO audit_log (seq, at, user_id, username, role, org_code, action, person_id,
                       subject, allowed, ip, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- The chain in order, a page at a time from a seq.
-- name: audit_chain_page
SELECT id, seq, at, user_id, username, role, org_code, action, person_id, subject,
       allowed, ip, prev_hash, hash
FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?;

-- name: audit_max_seq
SELECT coalesce(max(seq), 0) AS seq FROM audit_log;

-- One student's trail, newest first, from a cursor (the last id seen).
-- name: audit_of_person
SELECT id, at, username, role, org_code, action, person_id, allowed, ip
FROM audit_log WHERE person_id = ? AND id < ?
ORDER BY id DESC LIMIT ?;
