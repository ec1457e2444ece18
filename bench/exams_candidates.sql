-- exams_candidates.sql: a million final-year candidates, straight into the
-- store (bench/exams_http; the same text on SQLite and PostgreSQL).
--
-- Before it runs, bench_tokens(i, hash) holds the lines of exams_tokens
-- (the stored hash of the session token "bench-exams-I"). For every line it
-- makes what a school's enrolment and its account sheet would: a person
-- enrolled in grade 12 at one of the Vietnamese upper-secondary schools
-- (round robin), the enrolment (since September 2023, so the region rule
-- has a history to read), a candidate account held at the school with
-- users.person_id set, and a session valid for a day. Ids follow the
-- store's largest ones; PostgreSQL's sequences are moved past them after.
CREATE TABLE bench_base AS SELECT
	(SELECT coalesce(max(id), 0) FROM persons) AS p,
	(SELECT coalesce(max(id), 0) FROM users) AS u,
	(SELECT coalesce(max(id), 0) FROM enrolments) AS e,
	(SELECT coalesce(max(id), 0) FROM user_roles) AS r,
	(SELECT coalesce(max(id), 0) FROM sessions) AS s;
CREATE TABLE bench_schools AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id
	FROM orgs WHERE kind = 'school' AND level = 'upper_secondary' AND code LIKE 'VN-%';
CREATE TABLE bench_n AS SELECT count(*) AS n FROM bench_schools;

INSERT INTO persons (id, country, national_id, sector_id, given_name, family_name, birth_date,
	sex, key_fg, key_gf, org_id, status, created_at, updated_at)
SELECT b.p + t.i, 'VN', CAST(t.i + 900000000000 AS TEXT), CAST(t.i + 900000000000 AS TEXT),
	'An', 'Nguyễn ' || CAST(t.i AS TEXT), '2008-03-14', CASE WHEN t.i % 2 = 0 THEN 'M' ELSE 'F' END,
	'nguyen ' || CAST(t.i AS TEXT) || ' an', 'an nguyen ' || CAST(t.i AS TEXT), s.id, 'enrolled',
	1750000000, 1750000000
FROM bench_tokens t CROSS JOIN bench_base b CROSS JOIN bench_n n
JOIN bench_schools s ON s.k = t.i % n.n;

INSERT INTO enrolments (id, person_id, org_id, school_year, grade, start_date, current, created_at)
SELECT b.e + t.i, b.p + t.i, s.id, 2025, 12, '2023-09-05', 1, 1750000000
FROM bench_tokens t CROSS JOIN bench_base b CROSS JOIN bench_n n
JOIN bench_schools s ON s.k = t.i % n.n;

INSERT INTO users (id, username, password_hash, disabled, created_at, person_id)
SELECT b.u + t.i, 'bc' || CAST(t.i AS TEXT), '!', 0, 1750000000, b.p + t.i
FROM bench_tokens t CROSS JOIN bench_base b;

INSERT INTO user_roles (id, user_id, role, org_id, created_at)
SELECT b.r + t.i, b.u + t.i, 'candidate', s.id, 1750000000
FROM bench_tokens t CROSS JOIN bench_base b CROSS JOIN bench_n n
JOIN bench_schools s ON s.k = t.i % n.n;

INSERT INTO sessions (id, token_hash, user_id, created_at, expires_at, revoked)
SELECT b.s + t.i, t.hash, b.u + t.i, 1750000000, 4102444800, 0
FROM bench_tokens t CROSS JOIN bench_base b;

DROP TABLE bench_base;
DROP TABLE bench_schools;
DROP TABLE bench_n;
