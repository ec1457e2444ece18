-- Queries of src/domain/access/user.c and session.c.

-- name: user_insert
INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)
RETURNING id;

-- The order of these columns, and of the `grant` columns below, is kept
-- for src/domain/registry/import.c, which reads them by number; to go after
-- the merge.
-- name: user_by_username
SELECT id, password_hash, disabled, must_change_password, totp_enabled, totp_secret,
       totp_last_step
FROM users WHERE username = ?;

-- name: user_role_insert
INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES (?, ?, ?, ?);

-- A grant with its org (user_grants_read reads it by name).
-- columns: grant
r.role, r.org_id, o.code, o.path

-- The grants of a user, in the order they were given.
-- name: user_roles_of
SELECT {{grant}}
FROM user_roles r LEFT JOIN orgs o ON o.id = r.org_id
WHERE r.user_id = ?
ORDER BY r.id;

-- A student account's person (tabula user add --role student --student ID).
-- name: user_person_set
UPDATE users SET person_id = ? WHERE id = ?;

-- name: person_exists
SELECT 1 FROM persons WHERE id = ?;

-- name: session_insert
INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?);

-- name: session_lookup
SELECT s.user_id, u.username, s.expires_at, u.person_id, s.id, u.must_change_password,
       u.totp_enabled
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.token_hash = ? AND s.revoked = 0 AND s.expires_at > ? AND u.disabled = 0;

-- name: session_revoke
UPDATE sessions SET revoked = 1 WHERE token_hash = ?;

-- Every session of a user but one (0 ends them all).
-- name: session_revoke_user
UPDATE sessions SET revoked = 1 WHERE user_id = ? AND id <> ? AND revoked = 0;

-- name: session_revoke_id
UPDATE sessions SET revoked = 1 WHERE id = ?;
