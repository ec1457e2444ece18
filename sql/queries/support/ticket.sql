-- Queries of src/domain/support/ticket.c and access.c (docs/support.md, "Tickets").

-- A ticket as every read returns it, with its level's org, where it was
-- filed, its category, its requester and the student it names.
-- columns: support_ticket
t.id, t.org_id, t.origin_org_id, t.level, t.category_id, t.subject, t.requester_id,
t.student_id, t.lang, t.status, t.level_since_ms, t.first_due_ms, t.resolve_due_ms,
t.first_left_ms, t.resolve_left_ms, t.next_due_ms, t.first_answer_ms, t.resolved_at_ms,
t.closed_at_ms, t.escalations, t.breached, t.waited_ms, t.satisfaction,
t.satisfaction_comment, t.created_at_ms, t.updated_at_ms,
o.code AS org_code, o.name AS org_name, o.kind AS org_kind, o.path AS org_path,
g.code AS origin_code, g.name AS origin_name, g.path AS origin_path,
c.code AS category_code, c.names AS category_names, c.country,
u.username AS requester, p.given_name, p.family_name, cal.time_zone

-- fragment: support_ticket_from
FROM support_tickets t JOIN orgs o ON o.id = t.org_id
JOIN orgs g ON g.id = t.origin_org_id
JOIN support_categories c ON c.id = t.category_id
JOIN users u ON u.id = t.requester_id
LEFT JOIN persons p ON p.id = t.student_id
LEFT JOIN support_calendars cal ON cal.country = c.country

-- name: support_ticket_by_id
SELECT {{support_ticket}}
{{support_ticket_from}}
WHERE t.id = ?;

-- The ticket an account filed with an Idempotency-Key.
-- name: support_ticket_by_key
SELECT id FROM support_tickets WHERE requester_id = ? AND idem_key = ?;

-- An organisation as a ticket's level sees it.
-- name: support_org_by_id
SELECT id, code, name, kind, path, parent_id, country FROM orgs WHERE id = ?;

-- name: support_org_by_code
SELECT id, code, name, kind, path, parent_id, country FROM orgs WHERE code = ?;

-- The school that owns a student's record (their current school).
-- name: support_student_school
SELECT p.org_id, o.path FROM persons p JOIN orgs o ON o.id = p.org_id WHERE p.id = ?;

-- Whether an account is linked to a student as a guardian.
-- name: support_guardian_link
SELECT 1 AS linked FROM guardians WHERE person_id = ? AND user_id = ?;

-- A category of a country by its code, with its deadlines at one level.
-- name: support_category_at_level
SELECT c.id, c.code, c.names, d.first_answer_min, d.resolve_min
FROM support_categories c
LEFT JOIN support_deadlines d ON d.category_id = c.id AND d.level = ?
WHERE c.country = ? AND c.code = ? AND c.active = 1;

-- The deadlines of a category at a level.
-- name: support_deadline_at
SELECT first_answer_min, resolve_min FROM support_deadlines WHERE category_id = ? AND level = ?;

-- No row when the account used the key already: a concurrent retry waits
-- for the first to commit instead of failing.
-- name: support_ticket_insert
INSERT INTO support_tickets (org_id, origin_org_id, level, category_id, subject, requester_id,
	student_id, lang, status, level_since_ms, first_due_ms, resolve_due_ms, next_due_ms,
	idem_key, created_at_ms, updated_at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING id;

-- The clock and status of a ticket, written whole by ticket.c's rules.
-- name: support_ticket_clock_set
UPDATE support_tickets SET status = ?, first_due_ms = ?, resolve_due_ms = ?, first_left_ms = ?,
	resolve_left_ms = ?, next_due_ms = ?, first_answer_ms = ?, resolved_at_ms = ?,
	closed_at_ms = ?, waited_ms = ?, level_since_ms = ?, updated_at_ms = ?
WHERE id = ?;

-- name: support_event_insert
INSERT INTO support_events (ticket_id, kind, from_org_id, to_org_id, status, reason, by_id, at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- When the ticket last went to waiting.
-- name: support_waiting_since
SELECT at_ms FROM support_events
WHERE ticket_id = ? AND kind = 'status' AND status = 'waiting'
ORDER BY id DESC LIMIT 1;

-- The ticket's history, oldest first.
-- name: support_events_of
SELECT e.id, e.kind, fo.code AS from_code, tor.code AS to_code, e.status, e.reason,
	e.at_ms, u.username AS by_name
FROM support_events e LEFT JOIN orgs fo ON fo.id = e.from_org_id
LEFT JOIN orgs tor ON tor.id = e.to_org_id
LEFT JOIN users u ON u.id = e.by_id
WHERE e.ticket_id = ?
ORDER BY e.id
LIMIT 500;

-- Lists, newest first, keyset paged on the id (parameters end with: the
-- statuses as ",open,answered," or '' twice, overdue 0/1 and now, the
-- search text or '' twice, the last id seen or 0 twice, limit).
-- The caller's own.
-- name: support_ticket_list_mine
SELECT {{support_ticket}}
{{support_ticket_from}}
WHERE t.requester_id = ?
  AND (? = '' OR ? LIKE '%,' || t.status || ',%')
  AND (? = 0 OR t.next_due_ms <= ?)
  AND (? = '' OR lower(t.subject) LIKE '%' || lower(?) || '%')
  AND (? = 0 OR t.id < ?)
ORDER BY t.id DESC
LIMIT ?;

-- Tickets living under an org path prefix.
-- name: support_ticket_list_queue
SELECT {{support_ticket}}
{{support_ticket_from}}
WHERE substr(o.path, 1, length(?)) = ?
  AND (? = '' OR ? LIKE '%,' || t.status || ',%')
  AND (? = 0 OR t.next_due_ms <= ?)
  AND (? = '' OR lower(t.subject) LIKE '%' || lower(?) || '%')
  AND (? = 0 OR t.id < ?)
ORDER BY t.id DESC
LIMIT ?;

-- Tickets filed under an org path prefix (what its staff escalated).
-- name: support_ticket_list_history
SELECT {{support_ticket}}
{{support_ticket_from}}
WHERE substr(g.path, 1, length(?)) = ?
  AND (? = '' OR ? LIKE '%,' || t.status || ',%')
  AND (? = 0 OR t.next_due_ms <= ?)
  AND (? = '' OR lower(t.subject) LIKE '%' || lower(?) || '%')
  AND (? = 0 OR t.id < ?)
ORDER BY t.id DESC
LIMIT ?;

