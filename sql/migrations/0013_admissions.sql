-- 0013_admissions: admission rounds and the applications families make to
-- them from home (docs/admissions.md). A round belongs to a district or a
-- province (org_id); its schools and the applications carry it too, so a
-- round's data is scoped and partitioned by the office that runs it.

-- A round: the entry grade, the window [opens_at, closes_at) in Unix
-- seconds, how many schools a family may rank, and the published seed of
-- the lottery. Once closed it is sealed: `inputs` is the engine's input
-- (RFC 8785 canonical JSON) and `inputs_sha256` its hash; a run places
-- from those inputs alone and records the hash of its output.
CREATE TABLE admission_rounds (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	name TEXT NOT NULL,
	grade INTEGER NOT NULL,
	opens_at {{bigint}} NOT NULL,
	closes_at {{bigint}} NOT NULL,
	max_choices INTEGER NOT NULL,
	seed {{bigint}} NOT NULL,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	sealed_at {{bigint}},
	inputs_sha256 TEXT,
	inputs TEXT,
	run_at {{bigint}},
	results_sha256 TEXT
);
CREATE INDEX admission_rounds_org ON admission_rounds (org_id, opens_at);

-- The schools of a round and their seats, in the order they were given.
CREATE TABLE admission_round_schools (
	round_id {{bigint}} NOT NULL REFERENCES admission_rounds (id),
	school_id {{bigint}} NOT NULL REFERENCES orgs (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	capacity INTEGER NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (round_id, school_id)
);

-- One application per child and round: its current ranked list (school
-- codes, most wanted first, comma-separated) and version. `idem_key` is
-- the Idempotency-Key of the POST that made it, per account. A run sets
-- the school it is placed at (NULL: unplaced) and its lottery number.
CREATE TABLE admission_applications (
	id {{pk}},
	round_id {{bigint}} NOT NULL REFERENCES admission_rounds (id),
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	version INTEGER NOT NULL,
	choices TEXT NOT NULL,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	updated_at {{bigint}} NOT NULL,
	idem_key TEXT,
	placed_school_id {{bigint}} REFERENCES orgs (id),
	lottery {{bigint}}
);
CREATE UNIQUE INDEX admission_applications_child ON admission_applications (round_id, person_id);
CREATE UNIQUE INDEX admission_applications_idem ON admission_applications (created_by, idem_key)
	WHERE idem_key IS NOT NULL;

-- Every version of every application, the first one included.
CREATE TABLE admission_application_versions (
	application_id {{bigint}} NOT NULL REFERENCES admission_applications (id),
	version INTEGER NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	choices TEXT NOT NULL,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	PRIMARY KEY (application_id, version)
);
