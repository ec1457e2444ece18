-- Queries of src/domain/support/thread.c: a ticket's messages.

-- name: support_message_insert
INSERT INTO support_messages (ticket_id, org_id, kind, body, author_id, staff, created_at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- The thread, oldest first; notes only when the reader is staff (second
-- parameter 1).
-- name: support_messages_of
SELECT m.id, m.kind, m.body, u.username AS author, m.staff, m.created_at_ms
FROM support_messages m LEFT JOIN users u ON u.id = m.author_id
WHERE m.ticket_id = ? AND (m.kind = 'reply' OR ? = 1)
ORDER BY m.id
LIMIT 2000;

-- Whether staff replied at an org since an instant (the level's first
-- answer was given).
-- name: support_staff_replied
SELECT 1 AS replied FROM support_messages
WHERE ticket_id = ? AND org_id = ? AND staff = 1 AND kind = 'reply' AND created_at_ms >= ?
LIMIT 1;
