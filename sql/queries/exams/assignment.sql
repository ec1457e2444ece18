-- assignment.sql: seating a session's confirmed candidates in rooms
-- (domain/exams/assignment.c, rooms.c).

-- name: assignment_session
SELECT s.id AS id, s.org_id AS org_id, s.pack AS pack, s.closes_at_ms AS closes_at_ms,
       s.assigned_at AS assigned_at, s.time_zone AS time_zone, o.path AS org_path,
       o.code AS org_code
FROM exam_sessions s JOIN orgs o ON o.id = s.org_id
WHERE s.id = ?;

-- name: assignment_councils
SELECT c.code AS code, o.path AS org_path
FROM exam_councils c JOIN orgs o ON o.id = c.org_id
WHERE c.session_id = ?
ORDER BY c.code;

-- name: assignment_sites
SELECT id, council_code, org_id, rooms
FROM exam_sites
WHERE session_id = ?
ORDER BY id;

-- The schools the confirmed candidates register through, with their paths.
-- name: assignment_schools
SELECT o.id AS id, o.path AS path
FROM orgs o
WHERE o.id IN (SELECT r.org_id FROM exam_registrations r
               WHERE r.session_id = ? AND r.status = 'confirmed')
ORDER BY o.id;

-- name: assignment_candidates
SELECT id, org_id, track, subjects, candidate_number, site_id, room, seat
FROM exam_registrations
WHERE session_id = ? AND status = 'confirmed'
ORDER BY id;

-- name: assignment_clear
UPDATE exam_registrations SET candidate_number = NULL, site_id = NULL, room = NULL, seat = NULL
WHERE session_id = ? AND site_id IS NOT NULL;

-- Seats held by registrations that are not confirmed (none, while reviews
-- stop at the assignment; kept so that a seat never outlives its reason).
-- name: assignment_clear_unconfirmed
UPDATE exam_registrations SET candidate_number = NULL, site_id = NULL, room = NULL, seat = NULL
WHERE session_id = ? AND site_id IS NOT NULL AND status <> 'confirmed';

-- One seat (SQLite: a prepared statement by primary key, run for every
-- candidate inside the one transaction, is the fastest write it has).
-- name: assignment_store_one
UPDATE exam_registrations SET candidate_number = ?, site_id = ?, room = ?, seat = ?
WHERE id = ?;

-- PostgreSQL only (prepared on first use, so SQLite never sees it): a
-- batch of seats in one statement, five arrays of the same length (ids,
-- candidate numbers, site ids, rooms, seats) given as array literals.
-- name: assignment_store
UPDATE exam_registrations SET candidate_number = v.cnum, site_id = v.sid, room = v.rno,
       seat = v.sno
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS INTEGER[]),
            CAST(? AS INTEGER[])) AS v (rid, cnum, sid, rno, sno)
WHERE exam_registrations.id = v.rid;

-- name: assignment_done
UPDATE exam_sessions SET assigned_at = ? WHERE id = ?;

-- The rooms of a session: one row per site and room.
-- name: assignment_rooms
SELECT st.id AS site_id, st.code AS site, st.name AS site_name, st.council_code AS council,
       r.room AS room, COUNT(*) AS candidates, MIN(r.candidate_number) AS first_number,
       MAX(r.candidate_number) AS last_number, MIN(r.track) AS track,
       MIN(r.subjects) AS subjects
FROM exam_registrations r JOIN exam_sites st ON st.id = r.site_id
WHERE r.session_id = ? AND r.site_id IS NOT NULL
GROUP BY st.id, st.code, st.name, st.council_code, r.room
ORDER BY st.council_code, st.code, r.room;
