-- 0010_record_share: a holder (the student or a guardian) may let the public
-- verification page show the whole record, not only its minimal view
-- (docs/records.md, "Verification page"). 0 minimal, 1 full.
ALTER TABLE records ADD COLUMN shared_full INTEGER NOT NULL DEFAULT 0;
