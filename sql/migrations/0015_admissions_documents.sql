-- 0015_admissions_documents: the documents a round asks for, the files
-- families upload for an application, and the schools' reviews of each
-- document and claim (docs/admissions.md, "Documents and verification").
--   admission_rounds.documents: [{"kind": "birth_certificate",
--     "required": true}, {"kind": "proof_of_address", "claim": "area"}]
--     (compact JSON checked by src/domain/admissions/document.c), NULL: none
--   admission_rounds.verify_claims: 1 when only verified claims give a
--     priority group at the seal
ALTER TABLE admission_rounds ADD COLUMN documents TEXT;
ALTER TABLE admission_rounds ADD COLUMN verify_claims INTEGER NOT NULL DEFAULT 0;

-- Every file uploaded, kept: the current document of a kind is the latest
-- (highest id). The bytes live here, not on a disk beside the web root, so
-- a backup or a standby carries them and a file is written in one
-- transaction with its row. media_type is the type libmagic found in the
-- bytes, never the one the client declared.
CREATE TABLE admission_documents (
	id {{pk}},
	application_id {{bigint}} NOT NULL REFERENCES admission_applications (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	kind TEXT NOT NULL,
	media_type TEXT NOT NULL,
	size {{bigint}} NOT NULL,
	sha256 TEXT NOT NULL,
	content {{blob}} NOT NULL,
	uploaded_at {{bigint}} NOT NULL,
	uploaded_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX admission_documents_app ON admission_documents (application_id, kind, id);

-- Every review of an item of an application ("document:<id>",
-- "claim:area", "claim:sibling:<school>", "claim:category:<name>"), kept
-- as a trail; the latest (highest id) per target counts. decision is
-- verified or returned from a school; pending when the family changed the
-- item since (a new claim resets it).
CREATE TABLE admission_reviews (
	id {{pk}},
	application_id {{bigint}} NOT NULL REFERENCES admission_applications (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	target TEXT NOT NULL,
	decision TEXT NOT NULL,
	reason TEXT,
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX admission_reviews_app ON admission_reviews (application_id, target, id);
