-- Queries of src/domain/admissions/second_round.c.

-- The seats of a round's schools that no offered or accepted application
-- holds (capacity plus seats added by appeals), in the round's order.
-- name: second_round_free
SELECT s.code AS school, rs.capacity + rs.added_seats - (
	SELECT COUNT(*) FROM admission_applications a
	WHERE a.round_id = rs.round_id AND a.placed_school_id = rs.school_id
	  AND a.offer_status IN ('offered', 'accepted')) AS free
FROM admission_round_schools rs JOIN orgs s ON s.id = rs.school_id
WHERE rs.round_id = ?
ORDER BY rs.position;

-- name: second_round_link
UPDATE admission_rounds SET parent_round_id = ? WHERE id = ?;

-- name: second_round_close_offers
UPDATE admission_rounds SET offers_closed_at = ? WHERE id = ? AND offers_closed_at IS NULL;

-- name: second_round_parent
SELECT parent_round_id FROM admission_rounds WHERE id = ?;

-- A child's application in a round, for eligibility.
-- name: second_round_child
SELECT placed_school_id, offer_status FROM admission_applications
WHERE round_id = ? AND person_id = ?;
