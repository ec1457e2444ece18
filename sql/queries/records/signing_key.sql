-- Queries of src/domain/records/signing_key.c and the trust list
-- (src/domain/records/trust_list.c).

-- A key as every read returns it (skey_read_row reads it by name).
-- columns: signing_key
k.id, k.org_id, k.role, k.user_id, k.public_key, k.sealed_seed, k.valid_from, k.valid_until,
k.revoked_at

-- A key as its school's list shows it (skey_info_read_row).
-- columns: signing_key_info
k.id, k.role, u.username, k.public_key, k.valid_from, k.valid_until, k.revoked_at,
k.revoke_reason

-- fragment: signing_key_info_from
FROM signing_keys k LEFT JOIN users u ON u.id = k.user_id

-- A key as the trust list shows it (trust_list_key_json).
-- columns: trust_list_key
k.id, k.public_key, k.role, o.code, o.name, k.valid_from, k.valid_until, k.revoked_at

-- name: signing_key_insert
INSERT INTO signing_keys (org_id, role, user_id, public_key, sealed_seed, valid_from, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- The active key of a signer and role at a school (0 for no org / no user),
-- through the signing_keys_active index.
-- name: signing_key_active
SELECT {{signing_key}}
FROM signing_keys k
WHERE coalesce(k.org_id, 0) = ? AND k.role = ? AND coalesce(k.user_id, 0) = ?
  AND k.valid_until IS NULL;

-- name: signing_key_by_id
SELECT {{signing_key}}
FROM signing_keys k WHERE k.id = ?;

-- name: signing_key_by_public
SELECT {{signing_key}}, o.code
FROM signing_keys k LEFT JOIN orgs o ON o.id = k.org_id
WHERE k.public_key = ?;

-- name: signing_key_retire
UPDATE signing_keys SET valid_until = ?, changed_by = ? WHERE id = ? AND valid_until IS NULL;

-- name: signing_key_revoke
UPDATE signing_keys
SET revoked_at = ?, revoke_reason = ?, valid_until = coalesce(valid_until, ?), changed_by = ?
WHERE id = ? AND revoked_at IS NULL;

-- The org of a key being revoked, whose scope decides who may.
-- name: signing_key_org_path
SELECT path FROM orgs WHERE id = ?;

-- A school's keys (or, with 0, the ministry keys), oldest first.
-- name: signing_keys_of_org
SELECT {{signing_key_info}}
{{signing_key_info_from}}
WHERE coalesce(k.org_id, 0) = ?
ORDER BY k.id;

-- One of them, as the list shows it after a change.
-- name: signing_key_info_by_id
SELECT {{signing_key_info}}
{{signing_key_info_from}}
WHERE k.id = ?;

-- The trust list: every school's keys, a page at a time in id order.
-- name: trust_list_keys
SELECT {{trust_list_key}}
FROM signing_keys k JOIN orgs o ON o.id = k.org_id
WHERE k.id > ?
ORDER BY k.id
LIMIT ?;

-- ... or one school's.
-- name: trust_list_keys_school
SELECT {{trust_list_key}}
FROM signing_keys k JOIN orgs o ON o.id = k.org_id
WHERE o.code = ? AND k.id > ?
ORDER BY k.id
LIMIT ?;

-- An account holding a role at an org, by user name (whose key is rotated).
-- name: signing_user_at
SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.username = ? AND r.role = ? AND r.org_id = ? AND u.disabled = 0;
