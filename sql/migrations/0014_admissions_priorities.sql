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
-- A run stores what its explanations need (docs/admissions.md,
-- "Explanations"): per school the last applicant it admitted, and per
-- application its groups as sealed.
--   admission_rounds.cutoffs:
--     {"<school code>": {"full": true, "group": 2 | null, "lottery": N | null}}
--   admission_applications.priority: {"<school code>": group}, NULL: none
ALTER TABLE admission_rounds ADD COLUMN priorities TEXT;
ALTER TABLE admission_rounds ADD COLUMN cutoffs TEXT;
ALTER TABLE admission_applications ADD COLUMN claims TEXT;
ALTER TABLE admission_applications ADD COLUMN priority TEXT;
