-- Queries of src/domain/signing_key.c and the trust list (src/domain/trust.c).
-- Key reads return, in order:
--   0 id, 1 org_id, 2 role, 3 user_id, 4 public_key, 5 sealed_seed,
--   6 valid_from, 7 valid_until, 8 revoked_at

-- name: signing_key_insert
INSERT INTO signing_keys (org_id, role, user_id, public_key, sealed_seed, valid_from, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- The active key of a signer and role at a school (0 for no org / no user),
-- through the signing_keys_active index.
-- name: signing_key_active
SELECT id, org_id, role, user_id, public_key, sealed_seed, valid_from, valid_until, revoked_at
FROM signing_keys
WHERE coalesce(org_id, 0) = ? AND role = ? AND coalesce(user_id, 0) = ? AND valid_until IS NULL;

-- name: signing_key_by_id
SELECT id, org_id, role, user_id, public_key, sealed_seed, valid_from, valid_until, revoked_at
FROM signing_keys WHERE id = ?;

-- name: signing_key_by_public
SELECT k.id, k.org_id, k.role, k.user_id, k.public_key, k.sealed_seed, k.valid_from,
       k.valid_until, k.revoked_at, o.code
FROM signing_keys k LEFT JOIN orgs o ON o.id = k.org_id
WHERE k.public_key = ?;

-- name: signing_key_retire
UPDATE signing_keys SET valid_until = ?, changed_by = ? WHERE id = ? AND valid_until IS NULL;

-- name: signing_key_revoke
UPDATE signing_keys
SET revoked_at = ?, revoke_reason = ?, valid_until = coalesce(valid_until, ?), changed_by = ?
WHERE id = ? AND revoked_at IS NULL;

-- A school's keys (or, with 0, the ministry keys), oldest first.
-- name: signing_keys_of_org
SELECT k.id, k.role, u.username, k.public_key, k.valid_from, k.valid_until, k.revoked_at,
       k.revoke_reason
FROM signing_keys k LEFT JOIN users u ON u.id = k.user_id
WHERE coalesce(k.org_id, 0) = ?
ORDER BY k.id;

-- The trust list: every school's keys, a page at a time in id order.
-- name: trust_list_keys
SELECT k.id, k.public_key, k.role, o.code, o.name, k.valid_from, k.valid_until, k.revoked_at
FROM signing_keys k JOIN orgs o ON o.id = k.org_id
WHERE k.id > ?
ORDER BY k.id
LIMIT ?;

-- ... or one school's.
-- name: trust_list_keys_school
SELECT k.id, k.public_key, k.role, o.code, o.name, k.valid_from, k.valid_until, k.revoked_at
FROM signing_keys k JOIN orgs o ON o.id = k.org_id
WHERE o.code = ? AND k.id > ?
ORDER BY k.id
LIMIT ?;

-- An account holding a role at an org, by user name (whose key is rotated).
-- name: signing_user_at
SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.username = ? AND r.role = ? AND r.org_id = ? AND u.disabled = 0;
