-- Queries of src/domain/support/escalation.c (su-clock): moving tickets
-- between levels, by hand and by the sweep.

-- A ticket as a move reads it.
-- columns: support_move_ticket
t.id, t.org_id, t.category_id, t.status, t.level, t.first_due_ms, t.resolve_due_ms,
t.next_due_ms, t.first_left_ms, t.resolve_left_ms, t.escalations, t.breached, t.updated_at_ms

-- name: support_move_ticket_get
SELECT {{support_move_ticket}}
FROM support_tickets t WHERE t.id = ?;

-- The overdue tickets of a sweep, a batch at a time in the order they fell
-- due (parameters: at, then the last (next_due_ms, id) taken, then the
-- batch size). Only the partial index support_tickets_due is read.
-- name: support_sweep_batch
SELECT {{support_move_ticket}}
FROM support_tickets t
WHERE t.next_due_ms <= ? AND t.next_due_ms >= ? AND NOT (t.next_due_ms = ? AND t.id <= ?)
ORDER BY t.next_due_ms, t.id
LIMIT ?;

-- An organisation as a move sees it.
-- name: support_move_org
SELECT id, parent_id, kind, code, country FROM orgs WHERE id = ?;

-- The country of an org: its own, or its nearest ancestor's.
-- name: support_org_country
SELECT country FROM orgs
WHERE country IS NOT NULL AND substr(?, 1, length(path)) = path
ORDER BY length(path) DESC
LIMIT 1;

-- name: support_move_org_path
SELECT path FROM orgs WHERE id = ?;

-- name: support_deadlines_all
SELECT category_id, level, first_answer_min, resolve_min FROM support_deadlines;

-- The org a ticket last came up from to org (parameters: ticket, org).
-- name: support_came_up_from
SELECT from_org_id FROM support_events
WHERE ticket_id = ? AND kind = 'escalated' AND to_org_id = ?
ORDER BY id DESC
LIMIT 1;

-- A move by hand: the ticket changes only if it is still where the move
-- read it (the org and the updated instant).
-- name: support_move_ticket_set
UPDATE support_tickets SET org_id = ?, level = ?, status = ?, level_since_ms = ?,
	first_due_ms = ?, resolve_due_ms = ?, first_left_ms = ?, resolve_left_ms = ?,
	next_due_ms = ?, escalations = ?, breached = ?, updated_at_ms = ?
WHERE id = ? AND org_id = ? AND updated_at_ms = ?;

-- A move by the sweep (SQLite: one prepared statement a ticket): only if
-- the ticket is still due when the sweep read it.
-- name: support_sweep_move_one
UPDATE support_tickets SET org_id = ?, level = ?, status = ?, level_since_ms = ?,
	first_due_ms = ?, resolve_due_ms = ?, next_due_ms = ?, escalations = ?, breached = ?,
	updated_at_ms = ?
WHERE id = ? AND next_due_ms = ?;

-- name: support_move_event_insert
INSERT INTO support_events (ticket_id, kind, from_org_id, to_org_id, reason, by_id, at_ms)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: support_move_notice_insert
INSERT INTO support_notices (org_id, ticket_id, event_id, kind, created_at_ms)
VALUES (?, ?, ?, ?, ?);

-- PostgreSQL only (prepared on first use, so SQLite never sees it): a batch
-- of the sweep in three statements of arrays. The tickets as eleven arrays
-- (id, the next_due_ms read, org, level, status, level_since, first_due,
-- resolve_due, next_due, escalations, breached); a ticket changed since it
-- was read is left alone (it is not returned, and its moves are not written).
-- name: support_sweep_store_tickets
UPDATE support_tickets t SET org_id = v.org_id, level = v.level, status = v.status,
	level_since_ms = v.level_since, first_due_ms = v.first_due, resolve_due_ms = v.resolve_due,
	next_due_ms = v.next_due, escalations = v.escalations, breached = v.breached,
	updated_at_ms = v.level_since
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]),
	CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]),
	CAST(? AS BIGINT[]), CAST(? AS INTEGER[]), CAST(? AS INTEGER[]))
	AS v (id, old_due, org_id, level, status, level_since, first_due, resolve_due, next_due,
		escalations, breached)
WHERE t.id = v.id AND t.next_due_ms = v.old_due
RETURNING t.id;

-- The moves as six arrays (ticket, kind, from, to, reason, at), in order.
-- name: support_sweep_store_events
INSERT INTO support_events (ticket_id, kind, from_org_id, to_org_id, reason, at_ms)
SELECT e.tid, e.kind, e.from_org, e.to_org, e.reason, e.at
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]),
	CAST(? AS TEXT[]), CAST(? AS BIGINT[])) WITH ORDINALITY AS e (tid, kind, from_org, to_org,
	reason, at, n)
ORDER BY e.n
RETURNING id, ticket_id, kind, from_org_id, to_org_id, at_ms;

-- The notices as five arrays (org, ticket, event, kind, at), in order.
-- name: support_sweep_store_notices
INSERT INTO support_notices (org_id, ticket_id, event_id, kind, created_at_ms)
SELECT x.org, x.tid, x.eid, x.kind, x.at
FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[]),
	CAST(? AS BIGINT[])) WITH ORDINALITY AS x (org, tid, eid, kind, at, n)
ORDER BY x.n;

-- SQLite: a batch of the sweep in three statements. The tickets as one
-- JSON array of [id, next_due_ms read, org, level, status, level_since,
-- first_due, resolve_due, next_due, escalations, breached] (the writer
-- holds the store alone, so nothing changed them since the batch read them).
-- name: support_sweep_store_tickets_json
UPDATE support_tickets SET org_id = v.value ->> 2, level = v.value ->> 3, status = v.value ->> 4,
	level_since_ms = v.value ->> 5, first_due_ms = v.value ->> 6,
	resolve_due_ms = v.value ->> 7, next_due_ms = v.value ->> 8,
	escalations = v.value ->> 9, breached = v.value ->> 10, updated_at_ms = v.value ->> 5
FROM json_each(?) AS v
WHERE support_tickets.id = v.value ->> 0 AND support_tickets.next_due_ms = v.value ->> 1;

-- The moves as one JSON array of [ticket, kind, from, to, reason, at].
-- name: support_sweep_store_events_json
INSERT INTO support_events (ticket_id, kind, from_org_id, to_org_id, reason, at_ms)
SELECT v.value ->> 0, v.value ->> 1, v.value ->> 2, v.value ->> 3, v.value ->> 4, v.value ->> 5
FROM json_each(?) AS v
ORDER BY v.key;

-- name: support_events_last
SELECT coalesce(max(id), 0) AS id FROM support_events;

-- The notices of the events after an id: both orgs of each move, the
-- ministry of a breach.
-- name: support_sweep_store_notices_after
INSERT INTO support_notices (org_id, ticket_id, event_id, kind, created_at_ms)
SELECT CASE WHEN s.side = 0 THEN e.from_org_id ELSE e.to_org_id END AS org_id, e.ticket_id, e.id,
	e.kind, e.at_ms
FROM support_events e CROSS JOIN (SELECT 0 AS side UNION ALL SELECT 1 AS side) AS s
WHERE e.id > ? AND (s.side = 0 OR e.to_org_id IS NOT NULL)
ORDER BY e.id, s.side;
