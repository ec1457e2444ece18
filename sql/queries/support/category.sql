-- Queries of src/domain/support/category.c.

-- A country's categories with their deadlines, by position then level.
-- name: support_category_list
SELECT c.id, c.code, c.names, c.position, d.level, d.first_answer_min, d.resolve_min
FROM support_categories c
LEFT JOIN support_deadlines d ON d.category_id = c.id
WHERE c.country = ? AND c.active = 1
ORDER BY c.position, c.id, d.level;

-- name: support_category_by_id
SELECT id, country, code FROM support_categories WHERE id = ?;

-- name: support_deadline_upsert
INSERT INTO support_deadlines (category_id, level, first_answer_min, resolve_min)
VALUES (?, ?, ?, ?)
ON CONFLICT (category_id, level) DO UPDATE SET first_answer_min = excluded.first_answer_min,
	resolve_min = excluded.resolve_min;

-- The country of an account: its roles' orgs, its children's, its own.
-- name: support_user_country
SELECT x.country FROM (
	SELECT o.country, 1 AS rank FROM user_roles r JOIN orgs o ON o.id = r.org_id
	WHERE r.user_id = ? AND o.country IS NOT NULL
	UNION ALL
	SELECT p.country, 2 AS rank FROM guardians g JOIN persons p ON p.id = g.person_id
	WHERE g.user_id = ?
	UNION ALL
	SELECT p.country, 3 AS rank FROM users u JOIN persons p ON p.id = u.person_id
	WHERE u.id = ?
) AS x
ORDER BY x.rank
LIMIT 1;
