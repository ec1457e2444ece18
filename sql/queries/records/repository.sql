-- repository.sql: the national repository (sql/migrations/0010_repository.sql).

-- name: repository_key_upsert
INSERT INTO repository_keys (public_key, school, role, valid_from, valid_until, revoked_at,
                             list_signer, imported_by, imported_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (public_key) DO UPDATE SET school = excluded.school, role = excluded.role,
  valid_from = excluded.valid_from, valid_until = excluded.valid_until,
  revoked_at = excluded.revoked_at, list_signer = excluded.list_signer,
  imported_by = excluded.imported_by, imported_at = excluded.imported_at;

-- name: repository_key_by_public
SELECT school, role, valid_from, valid_until, revoked_at
FROM repository_keys WHERE public_key = ?;

-- name: repository_record_by_uuid
SELECT id, hash, school, credential, received_at FROM repository_records WHERE uuid = ?;

-- name: repository_record_insert
INSERT INTO repository_records (uuid, hash, school, credential, received_by, received_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: repository_cursor_get
SELECT last_record FROM repository_cursor WHERE target = ?;

-- name: repository_cursor_set
INSERT INTO repository_cursor (target, last_record, updated_at) VALUES (?, ?, ?)
ON CONFLICT (target) DO UPDATE SET last_record = excluded.last_record,
  updated_at = excluded.updated_at;

-- name: repository_cursor_reset
DELETE FROM repository_cursor WHERE target = ?;

-- name: repository_sealed_after
SELECT id, credential FROM records
WHERE status IN ('sealed', 'superseded') AND id > ?
ORDER BY id LIMIT ?;
