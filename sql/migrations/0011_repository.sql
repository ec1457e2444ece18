-- 0011_repository: the national repository of sealed records (issue 7,
-- docs/records.md "National repository"). A province instance submits its
-- sealed records to the ministry instance, which checks each against the
-- keys of the province trust lists it imported and keeps those that pass.

-- Ministry side: the keys of imported trust lists (a province's schools,
-- homeroom teachers and principals). school is the org code as the
-- province's list names it: the schools need not exist as orgs here.
-- list_signer: the verificationMethod of the list that brought the key in.
CREATE TABLE repository_keys (
	id {{pk}},
	public_key TEXT NOT NULL,
	school TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('homeroom_teacher', 'principal', 'school')),
	valid_from {{bigint}} NOT NULL,
	valid_until {{bigint}},
	revoked_at {{bigint}},
	list_signer TEXT NOT NULL,
	imported_by {{bigint}} REFERENCES users (id),
	imported_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX repository_keys_public ON repository_keys (public_key);

-- Ministry side: the records accepted, as received (canonical JSON), one
-- per credential id. hash: SHA-256 (hex) of the canonical credential, so a
-- resubmission of the same bytes is a duplicate and another record under
-- the same id a conflict. school: the issuer's code (issuer.code).
CREATE TABLE repository_records (
	id {{pk}},
	uuid TEXT NOT NULL,
	hash TEXT NOT NULL,
	school TEXT NOT NULL,
	credential TEXT NOT NULL,
	received_by {{bigint}} REFERENCES users (id),
	received_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX repository_records_uuid ON repository_records (uuid);
CREATE INDEX repository_records_school ON repository_records (school, id);

-- Province side: how far `tabula records submit` got per ministry URL: the
-- last local records.id whose batch the ministry answered.
CREATE TABLE repository_cursor (
	target TEXT PRIMARY KEY,
	last_record {{bigint}} NOT NULL,
	updated_at {{bigint}} NOT NULL
);
