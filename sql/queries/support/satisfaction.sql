-- Queries of src/domain/support/satisfaction.c: the requester's rating.

-- Rate once (parameters: score, comment, now, ticket id): no row changes
-- when the ticket was rated already.
-- name: satisfaction_set
UPDATE support_tickets SET satisfaction = ?, satisfaction_comment = ?, updated_at_ms = ?
WHERE id = ? AND satisfaction IS NULL AND status IN ('resolved', 'closed');
