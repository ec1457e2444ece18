-- Queries of src/domain/admissions/offer.c: offers, their answers, the
-- moves down the waitlists.

-- After a run: every placed application holds an offer, the others none.
-- name: offer_after_run
UPDATE admission_applications
SET offer_status = CASE WHEN placed_school_id IS NULL THEN NULL ELSE 'offered' END,
	offer_at = CASE WHEN placed_school_id IS NULL THEN NULL ELSE CAST(? AS BIGINT) END,
	moved_from_id = NULL
WHERE round_id = ?;

-- Whether a round's placement has been answered or changed since its run:
-- an accepted or declined offer, a move, an upheld appeal with a seat.
-- name: offer_started
SELECT 1 AS found FROM admission_applications
WHERE round_id = ? AND offer_status IN ('accepted', 'declined')
UNION ALL
SELECT 1 AS found FROM admission_moves WHERE round_id = ?
LIMIT 1;

-- The round of an application as its offer needs it.
-- name: offer_of_application
SELECT a.id, a.round_id, a.person_id, a.org_id, a.offer_status, a.placed_school_id,
	r.run_at, r.offers_closed_at
FROM admission_applications a JOIN admission_rounds r ON r.id = a.round_id
WHERE a.id = ?;

-- name: offer_answer
UPDATE admission_applications SET offer_status = ?, offer_at = ?
WHERE id = ? AND offer_status = ?;

-- Every application of a round with where it stands now.
-- name: offer_state
SELECT a.id, ps.code AS school, a.offer_status
FROM admission_applications a LEFT JOIN orgs ps ON ps.id = a.placed_school_id
WHERE a.round_id = ?
ORDER BY a.id;

-- Seats added by appeals, per school of a round.
-- name: offer_added_seats
SELECT s.code AS school, rs.added_seats
FROM admission_round_schools rs JOIN orgs s ON s.id = rs.school_id
WHERE rs.round_id = ?;

-- The schools upheld appeals placed applications at (the latest wins).
-- name: offer_pins
SELECT ap.application_id, s.code AS school
FROM admission_appeals ap JOIN orgs s ON s.id = ap.school_id
WHERE ap.round_id = ? AND ap.status = 'upheld'
ORDER BY ap.id;

-- A move: the application's new seat, offered again.
-- name: offer_move
UPDATE admission_applications
SET placed_school_id = ?, offer_status = 'offered', offer_at = ?, moved_from_id = ?
WHERE id = ?;

-- name: offer_move_insert
INSERT INTO admission_moves (round_id, org_id, application_id, from_school_id, to_school_id,
	cause, cause_application_id, appeal_id, at, by_user)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: offer_person_of
SELECT person_id FROM admission_applications WHERE id = ?;

-- Serialise the changes of one round's placement (answers, moves, appeals,
-- a re-run, a second round): the first statement of each such write takes
-- the round's row, so PostgreSQL's concurrent writers read the placement
-- only once the one before has committed. (SQLite has one writer.)
-- name: offer_lock_round
UPDATE admission_rounds SET run_at = run_at WHERE id = ?;

-- name: offer_lock_round_of_application
UPDATE admission_rounds SET run_at = run_at
WHERE id = (SELECT round_id FROM admission_applications WHERE id = ?);

-- name: offer_lock_round_of_appeal
UPDATE admission_rounds SET run_at = run_at
WHERE id = (SELECT round_id FROM admission_appeals WHERE id = ?);
