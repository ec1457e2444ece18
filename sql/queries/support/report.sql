-- Queries of src/domain/support/report.c: the reports per level.

-- name: report_org
SELECT id, code, name, kind, path, country FROM orgs WHERE code = ?;

-- The children of an org, by code.
-- name: report_children
SELECT id, code, name, kind FROM orgs WHERE parent_id = ? ORDER BY code;

-- The categories of a country.
-- name: report_categories
SELECT id, code, names FROM support_categories WHERE country = ? ORDER BY position, id;

-- Every ticket filed in a subtree (parameters: the subtree's path followed
-- by '%', from, to) with what the figures need; the caller aggregates.
-- name: report_tickets
SELECT t.created_at_ms, t.first_answer_ms, t.resolved_at_ms, t.waited_ms, t.status,
	t.next_due_ms, t.breached, t.escalations, t.satisfaction, t.category_id,
	o.path AS origin_path
FROM orgs o JOIN support_tickets t ON t.origin_org_id = o.id
WHERE o.path LIKE ? AND t.created_at_ms >= ? AND t.created_at_ms < ?;

-- The counting figures in SQL alone (parameters: the subtree's path and
-- '%', now, from, to): bench/support_reports compares the report with it.
-- name: report_raw_totals
SELECT count(*) AS created,
	coalesce(sum(CASE WHEN t.status IN ('open', 'answered', 'waiting') THEN 1 ELSE 0 END), 0)
		AS open,
	coalesce(sum(CASE WHEN t.status IN ('open', 'answered', 'waiting')
		AND t.next_due_ms <= ? THEN 1 ELSE 0 END), 0) AS overdue,
	coalesce(sum(t.breached), 0) AS breached,
	coalesce(sum(CASE WHEN t.resolved_at_ms IS NOT NULL THEN 1 ELSE 0 END), 0) AS resolved,
	coalesce(sum(CASE WHEN t.escalations > 0 THEN 1 ELSE 0 END), 0) AS escalated,
	count(t.satisfaction) AS rated, coalesce(sum(t.satisfaction), 0) AS score_sum
FROM orgs o JOIN support_tickets t ON t.origin_org_id = o.id
WHERE o.path LIKE ? AND t.created_at_ms >= ? AND t.created_at_ms < ?;
