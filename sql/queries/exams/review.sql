-- Queries of src/domain/exams/review.c: the schools' reviews of
-- registrations.

-- name: exam_review_insert
INSERT INTO exam_reviews (registration_id, org_id, decision, reason, created_at_ms, created_by)
VALUES (?, ?, ?, ?, ?, ?);

-- The registration's status as the latest review leaves it (parameters:
-- status, reason, at, by, registration).
-- name: exam_review_status_set
UPDATE exam_registrations
SET status = ?, status_reason = ?, status_at = ?, status_by = ?, updated_at_ms = ?
WHERE id = ?;

-- Every review of a registration, oldest first: the trail.
-- name: exam_review_trail
SELECT v.id, v.decision, v.reason, v.created_at_ms, u.username AS created_by
FROM exam_reviews v LEFT JOIN users u ON u.id = v.created_by
WHERE v.registration_id = ?
ORDER BY v.id;
