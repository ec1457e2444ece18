-- 0014_admissions_priorities: priority groups and residence zones per
-- round, and the claims an application makes (docs/admissions.md,
-- "Priority groups"). Both are small JSON documents checked by
-- src/domain/admissions/priority.c and stored as written (compact, keys
-- sorted): they are read whole, by the round's page and by the seal, and
-- never searched.
--   admission_rounds.priorities:
--     {"groups": {"sibling": 1, "zone": 2, "categories": {"law_a": 3}},
--      "zones": {"<school code>": ["<area code>", ...]}}     NULL: none
--   admission_applications.claims:
--     {"area": "<area code>", "siblings": ["<school code>"],
--      "categories": ["law_a"]}                               NULL: none
ALTER TABLE admission_rounds ADD COLUMN priorities TEXT;
ALTER TABLE admission_applications ADD COLUMN claims TEXT;
