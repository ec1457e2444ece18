-- Queries of src/domain/support/notice.c.

-- name: support_notice_insert
INSERT INTO support_notices (org_id, ticket_id, event_id, kind, created_at_ms)
VALUES (?, ?, ?, ?, ?);

-- The notices of the orgs under a path prefix, newest first (parameters:
-- prefix twice, unread only 0/1, the last id seen or 0 twice, limit).
-- name: support_notice_list
SELECT n.id, n.org_id, o.code AS org_code, o.path AS org_path, n.ticket_id, n.kind,
	n.created_at_ms, n.read_at_ms, u.username AS read_by, t.subject
FROM support_notices n JOIN orgs o ON o.id = n.org_id
JOIN support_tickets t ON t.id = n.ticket_id
LEFT JOIN users u ON u.id = n.read_by
WHERE substr(o.path, 1, length(?)) = ?
  AND (? = 0 OR n.read_at_ms IS NULL)
  AND (? = 0 OR n.id < ?)
ORDER BY n.id DESC
LIMIT ?;

-- name: support_notice_by_id
SELECT n.id, n.org_id, o.path AS org_path, n.read_at_ms
FROM support_notices n JOIN orgs o ON o.id = n.org_id
WHERE n.id = ?;

-- name: support_notice_read
UPDATE support_notices SET read_at_ms = ?, read_by = ? WHERE id = ? AND read_at_ms IS NULL;
