-- 0019_exams: national exam sessions, their councils and sites, the
-- priority regions of schools, and the candidates' registrations with
-- every version (docs/exams.md, "Packs, sessions and registration").
-- Instants are Unix milliseconds (*_ms, created_at, assigned_at,
-- status_at): the registration window is exact to the millisecond.

-- A session of a pack (data/exams/packs/NAME.json) run by an office
-- (the ministry or a province): its zone and the registration window
-- [opens_at_ms, closes_at_ms).
CREATE TABLE exam_sessions (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	pack TEXT NOT NULL,
	name TEXT NOT NULL,
	time_zone TEXT NOT NULL,
	opens_at_ms {{bigint}} NOT NULL,
	closes_at_ms {{bigint}} NOT NULL,
	results_at_ms {{bigint}},
	remarks_close_at_ms {{bigint}},
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	assigned_at {{bigint}}
);
CREATE INDEX exam_sessions_org ON exam_sessions (org_id, opens_at_ms);

-- The councils of a session: one per province (org_id), a 2-digit code
-- that starts its candidate numbers.
CREATE TABLE exam_councils (
	session_id {{bigint}} NOT NULL REFERENCES exam_sessions (id),
	code CHAR(2) NOT NULL,
	name TEXT NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	PRIMARY KEY (session_id, code)
);

-- The sites of a council: a school hosting `rooms` rooms; a site with
-- free_candidates = 1 registers free candidates.
CREATE TABLE exam_sites (
	id {{pk}},
	session_id {{bigint}} NOT NULL REFERENCES exam_sessions (id),
	council_code CHAR(2) NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	rooms INTEGER NOT NULL,
	free_candidates INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX exam_sites_code ON exam_sites (session_id, code);
CREATE INDEX exam_sites_council ON exam_sites (session_id, council_code);

-- The priority region of an upper-secondary school (KV1, KV2-NT, KV2,
-- KV3), set by the province or the ministry. A school without a row is KV3.
CREATE TABLE exam_regions (
	org_id {{bigint}} PRIMARY KEY REFERENCES orgs (id),
	region TEXT NOT NULL,
	updated_at {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id)
);

-- A candidate's registration: its current version (subjects and
-- exemptions as JSON arrays of codes, the pack's track, the category),
-- the region as computed when it was made (region_org_id: the school that
-- decided it) and the bonus in hundredths of a point; the school's review
-- status; the receipt `number`. idem_key: the Idempotency-Key of the POST
-- that made it, per account. candidate_number, site_id, room and seat are
-- set by the room assignment (0020).
CREATE TABLE exam_registrations (
	id {{pk}},
	session_id {{bigint}} NOT NULL REFERENCES exam_sessions (id),
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	kind TEXT NOT NULL,
	number TEXT NOT NULL,
	version INTEGER NOT NULL,
	track TEXT NOT NULL,
	subjects TEXT NOT NULL,
	exemptions TEXT NOT NULL,
	category TEXT,
	region TEXT NOT NULL,
	region_org_id {{bigint}} REFERENCES orgs (id),
	bonus INTEGER NOT NULL,
	status TEXT NOT NULL,
	status_reason TEXT,
	status_at {{bigint}},
	status_by {{bigint}} REFERENCES users (id),
	idem_key TEXT,
	created_by {{bigint}} REFERENCES users (id),
	created_at_ms {{bigint}} NOT NULL,
	updated_at_ms {{bigint}} NOT NULL,
	candidate_number TEXT,
	site_id {{bigint}} REFERENCES exam_sites (id),
	room INTEGER,
	seat INTEGER
);
CREATE UNIQUE INDEX exam_registrations_person ON exam_registrations (session_id, person_id);
CREATE UNIQUE INDEX exam_registrations_number ON exam_registrations (session_id, number);
CREATE UNIQUE INDEX exam_registrations_idem ON exam_registrations (created_by, idem_key)
	WHERE idem_key IS NOT NULL;
CREATE UNIQUE INDEX exam_registrations_candidate ON exam_registrations (session_id,
	candidate_number) WHERE candidate_number IS NOT NULL;
CREATE INDEX exam_registrations_school ON exam_registrations (session_id, org_id, id);

-- Every version of every registration, the first one included.
CREATE TABLE exam_registration_versions (
	registration_id {{bigint}} NOT NULL REFERENCES exam_registrations (id),
	version INTEGER NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	track TEXT NOT NULL,
	subjects TEXT NOT NULL,
	exemptions TEXT NOT NULL,
	category TEXT,
	created_at_ms {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	PRIMARY KEY (registration_id, version)
);
