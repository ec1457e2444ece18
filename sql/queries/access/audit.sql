-- Queries of src/domain/access/audit.c: the chain and a student's trail.

-- The chain's head: the last entry's seq and hash (head_read_row).
-- columns: audit_head
seq, hash

-- Lock the chain's head for this transaction (a no-op update takes the row
-- lock on PostgreSQL; SQLite has one writer) and read it.
-- name: audit_head_lock
UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING {{audit_head}};

-- name: audit_head_set
UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1;

-- name: audit_head_get
SELECT {{audit_head}} FROM audit_head WHERE id = 1;

-- name: audit_insert
INSERT INTO audit_log (seq, at, user_id, username, role, org_code, action, person_id,
                       subject, allowed, ip, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- Eight entries in one statement (audit_chain_add: one round trip for
-- eight entries of a group).
-- name: audit_insert_8
INSERT INTO audit_log (seq, at, user_id, username, role, org_code, action, person_id,
                       subject, allowed, ip, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?),
       (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- An entry's fields, those the hash covers (audit_entry_read_row).
-- columns: audit_entry
seq, at, user_id, username, role, org_code, action, person_id, subject, allowed, ip

-- The chain in order, a page at a time from a seq.
-- name: audit_chain_page
SELECT {{audit_entry}}, id, prev_hash, hash
FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?;

-- name: audit_max_seq
SELECT coalesce(max(seq), 0) AS seq FROM audit_log;

-- One student's trail, newest first, from a cursor (the last id seen).
-- name: audit_of_person
SELECT {{audit_entry}}, id
FROM audit_log WHERE person_id = ? AND id < ?
ORDER BY id DESC LIMIT ?;
