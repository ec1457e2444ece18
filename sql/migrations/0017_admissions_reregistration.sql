-- 0017_admissions_reregistration: rule sets on rounds, children registered
-- from home, and the yearly re-registration of continuing students
-- (docs/admissions.md, "Rule sets", "A new child", "Re-registration").
--
-- persons.status gains 'applicant': a child a guardian registered from home
-- for an admission round, owned by the round's office (a district or a
-- province) and not enrolled anywhere yet. The registry's statuses are now:
-- applicant, enrolled, graduated, dropped_out, moved_abroad, merged.

-- The rule set a round was made with (data/admissions/rules/<name>.json), or
-- NULL: none.
ALTER TABLE admission_rounds ADD COLUMN rules TEXT;

-- Each child registered from home: which round, who registered it, and the
-- Idempotency-Key of that POST (per account), so a retry makes one child.
-- The row is written first, claiming the key (a retry running beside the
-- first waits for it on the unique index), and gets its person in the same
-- transaction: a committed row always has one.
CREATE TABLE admission_children (
	id {{pk}},
	round_id {{bigint}} NOT NULL REFERENCES admission_rounds (id),
	person_id {{bigint}} REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	created_by {{bigint}} NOT NULL REFERENCES users (id),
	idem_key TEXT,
	created_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX admission_children_idem ON admission_children (created_by, idem_key)
	WHERE idem_key IS NOT NULL;
CREATE INDEX admission_children_round ON admission_children (round_id, id);

-- A re-registration campaign: the continuing students of a school (or of
-- every school under an office) confirm their details for school_year (its
-- start year) during [opens_at, closes_at), Unix seconds.
CREATE TABLE admission_reregistrations (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	opens_at {{bigint}} NOT NULL,
	closes_at {{bigint}} NOT NULL,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX admission_reregistrations_org ON admission_reregistrations (org_id, closes_at);

-- Every confirmation a guardian made, each version kept; `current` marks the
-- latest per child and campaign. org_id is the child's school when it
-- confirmed. Corrections are free text the school acts on.
CREATE TABLE admission_reregistration_confirmations (
	id {{pk}},
	campaign_id {{bigint}} NOT NULL REFERENCES admission_reregistrations (id),
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	version INTEGER NOT NULL,
	current INTEGER NOT NULL,
	corrections TEXT,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	idem_key TEXT
);
CREATE UNIQUE INDEX admission_rereg_conf_version
	ON admission_reregistration_confirmations (campaign_id, person_id, version);
CREATE UNIQUE INDEX admission_rereg_conf_current
	ON admission_reregistration_confirmations (campaign_id, person_id) WHERE current = 1;
CREATE UNIQUE INDEX admission_rereg_conf_idem
	ON admission_reregistration_confirmations (created_by, idem_key) WHERE idem_key IS NOT NULL;
