-- Queries of src/domain/support/attachment.c.

-- name: support_attachment_insert
INSERT INTO support_attachments (ticket_id, message_id, org_id, name, media_type, sha256, bytes,
	size, uploaded_at_ms, uploaded_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- A ticket's attachments without their bytes, oldest first.
-- name: support_attachments_of
SELECT id, message_id, name, media_type, size, sha256, uploaded_at_ms
FROM support_attachments WHERE ticket_id = ?
ORDER BY id
LIMIT 500;

-- One attachment with its bytes.
-- name: support_attachment_content
SELECT id, name, media_type, size, sha256, bytes
FROM support_attachments WHERE ticket_id = ? AND id = ?;
