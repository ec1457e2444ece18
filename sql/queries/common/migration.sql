-- Queries of src/db/migrate.c.

-- name: migration_applied
SELECT version FROM schema_migrations WHERE version = ?;

-- name: migration_record
INSERT INTO schema_migrations (version, title, applied_at) VALUES (?, ?, ?);
