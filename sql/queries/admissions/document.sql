-- Queries of src/domain/admissions/document.c: the documents a round asks
-- for and the files families upload.

-- name: document_round_set
UPDATE admission_rounds SET documents = ?, verify_claims = ? WHERE id = ?;

-- An application as an upload or a download needs it.
-- name: document_application
SELECT a.id, a.round_id, a.person_id, a.org_id, a.choices, a.claims
FROM admission_applications a
WHERE a.id = ?;

-- A document as every read returns it.
-- columns: document
d.id, d.application_id, d.kind, d.media_type, d.size, d.sha256, d.uploaded_at

-- The current document of each kind of an application: the latest.
-- name: document_current_of
SELECT {{document}}
FROM admission_documents d
WHERE d.application_id = ?
  AND d.id = (SELECT max(e.id) FROM admission_documents e
	      WHERE e.application_id = d.application_id AND e.kind = d.kind)
ORDER BY d.kind;

-- The current document of one kind (parameters: application, kind).
-- name: document_current_kind
SELECT {{document}}
FROM admission_documents d
WHERE d.application_id = ? AND d.kind = ?
ORDER BY d.id DESC
LIMIT 1;

-- name: document_insert
INSERT INTO admission_documents (application_id, org_id, kind, media_type, size, sha256,
	content, uploaded_at, uploaded_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- A document with its bytes (parameters: application, document).
-- name: document_content
SELECT {{document}}, d.content
FROM admission_documents d
WHERE d.application_id = ? AND d.id = ?;

-- A document without its bytes (parameters: application, document).
-- name: document_by_id
SELECT {{document}}
FROM admission_documents d
WHERE d.application_id = ? AND d.id = ?;
