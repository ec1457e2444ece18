-- 0012_store_probe: where GET /readyz tries a small write once a write
-- failed because the store could not take it (disk full, read-only). The
-- probe inserts a row and deletes it in one transaction, so the table stays
-- empty (docs/reliability.md).
CREATE TABLE store_probe (
  id {{pk}},
  filler TEXT
);
