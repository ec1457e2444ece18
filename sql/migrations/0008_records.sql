-- 0008_records: signed school records (issue 7, docs/records.md): the
-- signing keys of schools, homeroom teachers, principals and the instance's
-- ministry key, and the year-end records they sign (W3C Verifiable
-- Credentials with eddsa-jcs-2022 proofs).

-- One Ed25519 key per signer and role at a school, per school, and one for
-- the instance (role 'ministry', no org): the trust list's signer. The
-- secret half is the 32-byte seed sealed with crypto_secretbox under a key
-- derived from the server secret (src/domain/signing_key.h); it never leaves
-- the server in clear. A key signs from valid_from until valid_until (set
-- when it is rotated or revoked; NULL while it is the signer's active key).
-- revoked_at: signatures made at or after it are not trusted (it may lie
-- before the revocation was recorded, for a key suspected lost since then).
CREATE TABLE signing_keys (
	id {{pk}},
	org_id {{bigint}} REFERENCES orgs (id),
	role TEXT NOT NULL CHECK (role IN ('homeroom_teacher', 'principal', 'school', 'ministry')),
	user_id {{bigint}} REFERENCES users (id),
	public_key TEXT NOT NULL,
	sealed_seed TEXT NOT NULL,
	valid_from {{bigint}} NOT NULL,
	valid_until {{bigint}},
	revoked_at {{bigint}},
	revoke_reason TEXT,
	created_by {{bigint}} REFERENCES users (id),
	changed_by {{bigint}} REFERENCES users (id)
);
CREATE UNIQUE INDEX signing_keys_public ON signing_keys (public_key);
-- At most one active key per signer, role and school.
CREATE UNIQUE INDEX signing_keys_active ON signing_keys (coalesce(org_id, 0), role, coalesce(user_id, 0))
	WHERE valid_until IS NULL;
CREATE INDEX signing_keys_org ON signing_keys (org_id, id);

-- A student's year-end record at a school. A record is assembled (draft),
-- signed by the homeroom teacher (teacher_signed) and by the principal
-- (sealed). A correction is a new version (version + 1, previous_id) that
-- supersedes the old one when it is sealed; the old stays as it was signed.
-- credential: the credential's JSON as served (with its proofs once signed);
-- subject_hash: BLAKE2b-256 (hex) of the canonical credentialSubject, to tell a
-- record whose grades changed since it was assembled; doc_hash: once the
-- homeroom teacher signed, the SHA-256 (hex) of the canonical document the
-- proofs sign, so the principal's proof is made without parsing the record
-- again; rev: bumped by every change, so a write made from an earlier read
-- fails instead of overwriting.
CREATE TABLE records (
	id {{pk}},
	uuid TEXT NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	grade INTEGER NOT NULL,
	class_id {{bigint}} NOT NULL REFERENCES classes (id),
	version INTEGER NOT NULL,
	previous_id {{bigint}} REFERENCES records (id),
	superseded_by {{bigint}} REFERENCES records (id),
	status TEXT NOT NULL CHECK (status IN ('draft', 'teacher_signed', 'sealed', 'superseded')),
	rev INTEGER NOT NULL,
	subject_hash TEXT NOT NULL,
	doc_hash TEXT,
	credential TEXT NOT NULL,
	teacher_key_id {{bigint}} REFERENCES signing_keys (id),
	teacher_by {{bigint}} REFERENCES users (id),
	teacher_at {{bigint}},
	principal_key_id {{bigint}} REFERENCES signing_keys (id),
	principal_by {{bigint}} REFERENCES users (id),
	principal_at {{bigint}},
	created_by {{bigint}} REFERENCES users (id),
	created_at {{bigint}} NOT NULL,
	updated_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX records_uuid ON records (uuid);
-- One record per student, year and version: a second draft of the same
-- version fails, so two concurrent assemblies cannot both land.
CREATE UNIQUE INDEX records_version ON records (person_id, school_year, version);
CREATE INDEX records_school ON records (org_id, school_year, status, class_id);
CREATE INDEX records_class ON records (class_id, person_id);

-- A class's students of an earlier year: enrolments closed at the year's end
-- (record_roster). Partial, so imports and enrolments (current = 1) never
-- pay for it; only closing an enrolment adds a row.
CREATE INDEX enrolments_closed_class ON enrolments (org_id, school_year, class) WHERE current = 0;
