-- Queries of src/domain/admissions/review.c: the schools' reviews of an
-- application's documents and claims.

-- name: review_insert
INSERT INTO admission_reviews (application_id, org_id, target, decision, reason, created_at,
	created_by)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- The latest review of each target of an application.
-- name: review_latest_of
SELECT v.target, v.decision, v.reason, v.created_at, u.username AS created_by
FROM admission_reviews v LEFT JOIN users u ON u.id = v.created_by
WHERE v.application_id = ?
  AND v.id = (SELECT max(w.id) FROM admission_reviews w
	      WHERE w.application_id = v.application_id AND w.target = v.target)
ORDER BY v.target;

-- Every review of an application, oldest first: the trail.
-- name: review_trail_of
SELECT v.id, v.target, v.decision, v.reason, v.created_at, u.username AS created_by
FROM admission_reviews v LEFT JOIN users u ON u.id = v.created_by
WHERE v.application_id = ?
ORDER BY v.id;

-- The documents rules of a round (for an application's status).
-- name: review_round_rules
SELECT documents, verify_claims, sealed_at FROM admission_rounds WHERE id = ?;

-- The latest decision on one item (parameters: application, target).
-- name: review_latest_target
SELECT decision FROM admission_reviews WHERE application_id = ? AND target = ?
ORDER BY id DESC
LIMIT 1;
