-- Queries of src/demo/support.c (the demo's help desk, docs/demo.md).

-- The first child (by person id) linked to the guardian account with this name.
-- name: demo_support_child
SELECT g.person_id FROM guardians g JOIN users u ON u.id = g.user_id
WHERE u.username = ? ORDER BY g.person_id LIMIT 1;

-- Where a ticket lives now: its org's code.
-- name: demo_support_ticket_org
SELECT o.code FROM support_tickets t JOIN orgs o ON o.id = t.org_id WHERE t.id = ?;
