-- Queries of src/domain/support/report.c: the reports per level.

-- name: report_org
SELECT id, code, name, kind, path, country FROM orgs WHERE code = ?;

-- The children of an org, by code.
-- name: report_children
SELECT id, code, name, kind FROM orgs WHERE parent_id = ? ORDER BY code;

-- The categories of a country.
-- name: report_categories
SELECT id, code, names FROM support_categories WHERE country = ? ORDER BY position, id;

-- The orgs of a subtree (parameter: its path followed by '%'): each
-- ticket's origin is mapped to the report's child through them.
-- name: report_subtree
SELECT id, path FROM orgs WHERE path LIKE ?;

-- The counting figures of the tickets filed in a subtree and made in a
-- period, per origin org and category (parameters: now, the
-- subtree's path and '%', from, to); the caller adds them up per group.
-- name: report_counts
SELECT t.origin_org_id, t.category_id, count(*) AS created,
	sum(CASE WHEN t.status IN ('open', 'answered', 'waiting') THEN 1 ELSE 0 END) AS open,
	sum(CASE WHEN t.status IN ('open', 'answered', 'waiting') AND t.next_due_ms <= ?
		THEN 1 ELSE 0 END) AS overdue,
	sum(t.breached) AS breached,
	sum(CASE WHEN t.resolved_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
	sum(CASE WHEN t.escalations > 0 THEN 1 ELSE 0 END) AS escalated,
	sum(CASE WHEN t.satisfaction = 1 THEN 1 ELSE 0 END) AS s1,
	sum(CASE WHEN t.satisfaction = 2 THEN 1 ELSE 0 END) AS s2,
	sum(CASE WHEN t.satisfaction = 3 THEN 1 ELSE 0 END) AS s3,
	sum(CASE WHEN t.satisfaction = 4 THEN 1 ELSE 0 END) AS s4,
	sum(CASE WHEN t.satisfaction = 5 THEN 1 ELSE 0 END) AS s5
FROM orgs o JOIN support_tickets t ON t.origin_org_id = o.id
WHERE o.path LIKE ? AND t.created_at_ms >= ? AND t.created_at_ms < ?
GROUP BY t.origin_org_id, t.category_id;

-- The instants of the same tickets that were answered or resolved
-- (parameters: the subtree's path and '%', from, to): the caller computes
-- each one's working time for the medians.
-- name: report_durations
SELECT t.origin_org_id, t.category_id, t.created_at_ms, t.first_answer_ms, t.resolved_at_ms,
	t.waited_ms
FROM orgs o JOIN support_tickets t ON t.origin_org_id = o.id
WHERE o.path LIKE ? AND t.created_at_ms >= ? AND t.created_at_ms < ?
  AND (t.first_answer_ms IS NOT NULL OR t.resolved_at_ms IS NOT NULL);

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
