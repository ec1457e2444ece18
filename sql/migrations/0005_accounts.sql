-- 0005_accounts: what accounts need beyond a password. A first-login
-- password change, an optional TOTP second factor (the secret sealed with the
-- server secret), who created the account, and one-time codes (staff resets
-- and bulk-issued sheets), stored hashed.

ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret TEXT;            -- sealed; NULL: never set up
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step {{bigint}};   -- last time step accepted (no replay)
ALTER TABLE users ADD COLUMN created_by {{bigint}} REFERENCES users (id);

-- A one-time code lets its user set a password once. Only the BLAKE2b hash
-- of (user name, code) is kept. A user has at most one live code: issuing a
-- new one ends the others.
CREATE TABLE user_codes (
	id {{pk}},
	user_id {{bigint}} NOT NULL REFERENCES users (id),
	code_hash TEXT NOT NULL,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	expires_at {{bigint}} NOT NULL,
	used_at {{bigint}}
);
CREATE INDEX user_codes_user ON user_codes (user_id, used_at);
