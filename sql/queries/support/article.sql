-- Queries of src/domain/support/article.c: the public knowledge base.

-- name: article_by_slug
SELECT a.id, a.slug, a.country, a.category, a.published, a.created_at_ms, a.updated_at_ms,
	(SELECT count(*) FROM support_article_feedback f WHERE f.article_id = a.id AND f.solved = 1)
		AS solved,
	(SELECT count(*) FROM support_article_feedback f WHERE f.article_id = a.id AND f.solved = 0)
		AS not_solved
FROM support_articles a
WHERE a.slug = ?;

-- The texts of one article, in the order fa, vi, en.
-- name: article_texts
SELECT lang, title, body FROM support_article_texts WHERE article_id = ?
ORDER BY CASE lang WHEN 'fa' THEN 1 WHEN 'vi' THEN 2 ELSE 3 END;

-- Search candidates (parameters: lang or '', lang again, country or '',
-- country again, category or '', category again, a LIKE pattern on the
-- folded key, 1 for published articles only or 0 for all):
-- the caller checks every word of the query against search_key and ranks.
-- name: article_search
SELECT a.id, a.slug, a.country, a.category, t.lang, t.title, t.body, t.search_key,
	(SELECT count(*) FROM support_article_feedback f WHERE f.article_id = a.id AND f.solved = 1)
		AS solved,
	(SELECT count(*) FROM support_article_feedback f WHERE f.article_id = a.id AND f.solved = 0)
		AS not_solved
FROM support_articles a JOIN support_article_texts t ON t.article_id = a.id
WHERE (? = '' OR t.lang = ?)
  AND (? = '' OR a.country IS NULL OR a.country = ?)
  AND (? = '' OR a.category = ?)
  AND t.search_key LIKE ? ESCAPE '!'
  AND (? = 0 OR a.published = 1)
ORDER BY a.id, CASE t.lang WHEN 'fa' THEN 1 WHEN 'vi' THEN 2 ELSE 3 END
LIMIT 2000;

-- name: article_insert
INSERT INTO support_articles (slug, country, category_id, category, published, created_at_ms,
	updated_at_ms, updated_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: article_update
UPDATE support_articles SET country = ?, category_id = ?, category = ?, published = ?,
	updated_at_ms = ?, updated_by = ?
WHERE id = ?;

-- name: article_texts_delete
DELETE FROM support_article_texts WHERE article_id = ?;

-- name: article_text_insert
INSERT INTO support_article_texts (article_id, lang, title, body, search_key)
VALUES (?, ?, ?, ?, ?);

-- The category row of a country's code (an article bound to a country).
-- name: article_category_id
SELECT id FROM support_categories WHERE country = ? AND code = ?;

-- Whether a code is a category in some country.
-- name: article_category_known
SELECT count(*) AS n FROM support_categories WHERE code = ?;

-- The country of an org (a ministry_admin's grant).
-- name: article_org_country
SELECT country FROM orgs WHERE id = ?;

-- name: article_feedback_insert
INSERT INTO support_article_feedback (article_id, solved, user_id, at_ms) VALUES (?, ?, ?, ?);
