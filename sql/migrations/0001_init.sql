-- 0001_init: organisations, accounts and sessions.
-- Runs on SQLite and PostgreSQL; {{pk}} and {{bigint}} are expanded by the
-- driver (src/db/migrate.c). Times are Unix seconds (UTC).

-- The hierarchy ministry > province > district > school. `path` holds the
-- ids from the root down ("/1/4/9/") so a subtree is a prefix.
CREATE TABLE orgs (
	id {{pk}},
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('ministry', 'province', 'district', 'school')),
	parent_id {{bigint}} REFERENCES orgs (id),
	path TEXT NOT NULL,
	created_at {{bigint}} NOT NULL,
	updated_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX orgs_code ON orgs (code);
CREATE INDEX orgs_parent ON orgs (parent_id);
CREATE INDEX orgs_path ON orgs (path);

CREATE TABLE users (
	id {{pk}},
	username TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username);

-- A person may hold several roles (a teacher who is also a parent); staff
-- roles carry the org they act for.
CREATE TABLE user_roles (
	id {{pk}},
	user_id {{bigint}} NOT NULL REFERENCES users (id),
	role TEXT NOT NULL,
	org_id {{bigint}} REFERENCES orgs (id),
	created_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, org_id);

-- Only a hash of each session token is stored.
CREATE TABLE sessions (
	id {{pk}},
	token_hash TEXT NOT NULL,
	user_id {{bigint}} NOT NULL REFERENCES users (id),
	created_at {{bigint}} NOT NULL,
	expires_at {{bigint}} NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_user ON sessions (user_id);
