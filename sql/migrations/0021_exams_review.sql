-- 0021_exams_review: the evidence candidates upload for a priority
-- category or an exemption, and the schools' reviews of registrations
-- (docs/exams.md, "Evidence, review and free candidates").

-- Every file uploaded, kept (a new upload for the same claim is a new
-- row; the claim has evidence once it has one). The bytes live in the
-- store, never on a disk beside the web root: a backup or a standby
-- carries them and a file is written in one transaction with its row.
-- media_type is the type libmagic found in the bytes, never the one the
-- client declared. kind is category or exemption, code the claim's code
-- (UT1, foreign_language ...). Instants are Unix milliseconds.
CREATE TABLE exam_evidence (
	id {{pk}},
	registration_id {{bigint}} NOT NULL REFERENCES exam_registrations (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	kind TEXT NOT NULL,
	code TEXT NOT NULL,
	media_type TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	bytes {{blob}} NOT NULL,
	size {{bigint}} NOT NULL,
	uploaded_at_ms {{bigint}} NOT NULL,
	uploaded_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX exam_evidence_registration ON exam_evidence (registration_id, kind, code, id);

-- Every review of a registration by its school, kept as a trail: the
-- registration's status is the latest one's (or submitted again after the
-- candidate's edit). decision is confirmed or returned.
CREATE TABLE exam_reviews (
	id {{pk}},
	registration_id {{bigint}} NOT NULL REFERENCES exam_registrations (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	decision TEXT NOT NULL,
	reason TEXT,
	created_at_ms {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX exam_reviews_registration ON exam_reviews (registration_id, id);
