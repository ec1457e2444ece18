-- 0023_support_desk: the desk's additions (docs/support.md, "Knowledge base
-- and canned answers"). An article's category is a category code shared by
-- both countries ("account", "exams", ...), since an article for both
-- countries (country NULL) cannot name one country's category row.
ALTER TABLE support_articles ADD COLUMN category TEXT;
CREATE INDEX support_article_texts_lang ON support_article_texts (lang, article_id);
-- Reports read the tickets filed in a subtree over a period: by the org
-- they were filed at, then the instant they were made.
CREATE INDEX support_tickets_origin_created ON support_tickets (origin_org_id, created_at_ms);
