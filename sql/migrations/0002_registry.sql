-- 0002_registry: the student registry. Persons (one record for life),
-- their search keys, enrolments per school year, transfers between schools,
-- organisation details and moves, background jobs.

ALTER TABLE orgs ADD COLUMN country TEXT;  -- IR or VN, from the ministry down
ALTER TABLE orgs ADD COLUMN address TEXT;
ALTER TABLE orgs ADD COLUMN level TEXT;    -- schools: primary, lower_secondary, upper_secondary
ALTER TABLE orgs ADD COLUMN sector TEXT;   -- schools: public, private

-- Moving an org (a school to another district) keeps where it was.
CREATE TABLE org_moves (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	from_parent_id {{bigint}} REFERENCES orgs (id),
	to_parent_id {{bigint}} NOT NULL REFERENCES orgs (id),
	moved_at {{bigint}} NOT NULL,
	moved_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX org_moves_org ON org_moves (org_id, id);

-- A person: a student now; guardians and staff later. `id` is the lifelong
-- Tabula id. national_id is canonical digits (NULL when unknown); dup_key is
-- the folded name, birth date and sex, for likely-duplicate checks.
CREATE TABLE persons (
	id {{pk}},
	country TEXT NOT NULL,
	national_id TEXT,
	sector_id TEXT,
	given_name TEXT NOT NULL,
	family_name TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	sex TEXT NOT NULL,
	dup_key TEXT NOT NULL,
	key_fg TEXT NOT NULL, -- folded "family given", for searches within a school
	key_gf TEXT NOT NULL, -- folded "given family"
	org_id {{bigint}} NOT NULL REFERENCES orgs (id), -- the owning school
	status TEXT NOT NULL,  -- enrolled, graduated, dropped_out, moved_abroad, merged
	review TEXT,           -- NULL, or possible_duplicate
	merged_into {{bigint}} REFERENCES persons (id),
	created_at {{bigint}} NOT NULL,
	updated_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX persons_national_id ON persons (country, national_id);
CREATE INDEX persons_dup ON persons (dup_key);
CREATE INDEX persons_org ON persons (org_id, id);
CREATE INDEX persons_review ON persons (org_id, id) WHERE review IS NOT NULL;

-- Name search keys: the folded "family given" and "given family" of each
-- person, ordered, so a prefix search is one index range in name order.
-- Only the primary key: a search within one school walks that school's
-- persons (persons_org) and compares key_fg / key_gf instead, which keeps
-- bulk imports from paying for a second index of random keys.
-- Byte order (the collate_c macro: COLLATE "C" on PostgreSQL, SQLite's default) so
-- that a prefix is a range whatever the database's locale.
CREATE TABLE person_names (
	name_key TEXT {{collate_c}} NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	PRIMARY KEY (name_key, person_id)
) {{without_rowid}};

-- A placement of a person at a school for a school year (school_year is the
-- start year: 2025 for 2025-2026). Exactly one is current while enrolled.
CREATE TABLE enrolments (
	id {{pk}},
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	grade INTEGER NOT NULL,
	class TEXT,
	start_date TEXT NOT NULL,
	end_date TEXT,
	end_reason TEXT, -- promoted, repeated, transferred, graduated, dropped_out, moved_abroad, merged
	note TEXT,
	current INTEGER NOT NULL,
	created_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX enrolments_current ON enrolments (person_id) WHERE current = 1;
CREATE INDEX enrolments_person ON enrolments (person_id, id);
CREATE INDEX enrolments_school ON enrolments (org_id, grade, person_id) WHERE current = 1;

-- Transfers: requested by the receiving school, decided by the sending one.
CREATE TABLE transfers (
	id {{pk}},
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	from_org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	to_org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	effective_date TEXT NOT NULL,
	status TEXT NOT NULL, -- requested, approved, refused, cancelled
	reason TEXT,
	requested_by {{bigint}} REFERENCES users (id),
	requested_at {{bigint}} NOT NULL,
	decided_by {{bigint}} REFERENCES users (id),
	decided_at {{bigint}}
);
CREATE INDEX transfers_person ON transfers (person_id, id);
CREATE INDEX transfers_from ON transfers (from_org_id, status, id);
CREATE INDEX transfers_to ON transfers (to_org_id, status, id);
CREATE UNIQUE INDEX transfers_open ON transfers (person_id) WHERE status = 'requested';

-- Merges: the duplicate record points at the kept one; both histories stay.
CREATE TABLE person_merges (
	id {{pk}},
	kept_id {{bigint}} NOT NULL REFERENCES persons (id),
	merged_id {{bigint}} NOT NULL REFERENCES persons (id),
	merged_by {{bigint}} REFERENCES users (id),
	merged_at {{bigint}} NOT NULL
);
CREATE INDEX person_merges_kept ON person_merges (kept_id);

-- Background jobs (imports) and their per-row error reports.
CREATE TABLE jobs (
	id {{pk}},
	kind TEXT NOT NULL,
	user_id {{bigint}} REFERENCES users (id),
	status TEXT NOT NULL, -- running, done, failed
	total {{bigint}} NOT NULL DEFAULT 0,
	processed {{bigint}} NOT NULL DEFAULT 0,
	succeeded {{bigint}} NOT NULL DEFAULT 0,
	failed {{bigint}} NOT NULL DEFAULT 0,
	message TEXT,
	created_at {{bigint}} NOT NULL,
	finished_at {{bigint}}
);
CREATE TABLE job_errors (
	job_id {{bigint}} NOT NULL REFERENCES jobs (id),
	line {{bigint}} NOT NULL,
	field TEXT,
	code TEXT NOT NULL,
	message TEXT NOT NULL,
	PRIMARY KEY (job_id, line)
) {{without_rowid}};
