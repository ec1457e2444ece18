-- support_users.sql: teachers with sessions, straight into the store, who
-- file tickets in bench/support_http (the same text on SQLite and
-- PostgreSQL).
--
-- Before it runs, bench_tokens(i, hash) holds the lines of exams_tokens
-- (the stored hash of the session token "bench-exams-I") and the org chain
-- BENCH-M > BENCH-P > BENCH-D > BENCH-S exists. For every line: an account
-- "bt<I>", the teacher role at the school BENCH-S (not support staff: its
-- tickets land at the school), a session valid until 2100. PostgreSQL's
-- sequences are moved past the ids after.
CREATE TABLE bench_base AS SELECT
	(SELECT coalesce(max(id), 0) FROM users) AS u,
	(SELECT coalesce(max(id), 0) FROM user_roles) AS r,
	(SELECT coalesce(max(id), 0) FROM sessions) AS s,
	(SELECT id FROM orgs WHERE code = 'BENCH-S') AS school;

INSERT INTO users (id, username, password_hash, disabled, created_at)
SELECT b.u + t.i, 'bt' || CAST(t.i AS TEXT), '!', 0, 1750000000
FROM bench_tokens t CROSS JOIN bench_base b;

INSERT INTO user_roles (id, user_id, role, org_id, created_at)
SELECT b.r + t.i, b.u + t.i, 'teacher', b.school, 1750000000
FROM bench_tokens t CROSS JOIN bench_base b;

INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, revoked)
SELECT b.s + t.i, t.hash, b.u + t.i, 1750000000, 4102444800, 0
FROM bench_tokens t CROSS JOIN bench_base b;

DROP TABLE bench_base;
