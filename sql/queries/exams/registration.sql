-- Queries of src/domain/exams/registration.c.

-- A registration as every read returns it (registration_read_row).
-- columns: exam_registration
g.id, g.session_id, g.person_id, g.org_id, g.kind, g.number, g.version, g.track, g.subjects,
g.exemptions, g.category, g.region, g.bonus, g.status, g.status_reason, g.created_at_ms,
g.updated_at_ms, g.candidate_number, g.room, g.seat,
p.given_name, p.family_name, p.birth_date, p.national_id, p.sex,
o.code AS school, o.name AS school_name, o.path AS school_path,
ro.code AS region_school, t.code AS site

-- fragment: exam_registration_from
FROM exam_registrations g JOIN persons p ON p.id = g.person_id
JOIN orgs o ON o.id = g.org_id
LEFT JOIN orgs ro ON ro.id = g.region_org_id
LEFT JOIN exam_sites t ON t.id = g.site_id

-- The enrolments of a person, oldest first, with each school's region.
-- name: exam_person_history
SELECT e.org_id, o.code AS school, o.name AS school_name, e.grade, e.school_year,
	e.start_date, e.end_date, r.region
FROM enrolments e JOIN orgs o ON o.id = e.org_id
LEFT JOIN exam_regions r ON r.org_id = e.org_id
WHERE e.person_id = ?
ORDER BY e.start_date, e.id
LIMIT 64;

-- A person as a registration shows them, with the school that owns the record.
-- name: exam_person
SELECT p.id, p.given_name, p.family_name, p.birth_date, p.national_id, p.sex, p.org_id,
	o.code AS school, o.name AS school_name, o.path AS school_path
FROM persons p JOIN orgs o ON o.id = p.org_id
WHERE p.id = ?;

-- No row when the person is registered already or the account used the
-- key: a concurrent retry waits for the first to commit instead of failing.
-- The number is the registration's own once its id is known.
-- name: exam_registration_insert
INSERT INTO exam_registrations (session_id, person_id, org_id, kind, number, version, track,
	subjects, exemptions, category, region, region_org_id, bonus, status, idem_key,
	created_by, created_at_ms, updated_at_ms)
VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?)
ON CONFLICT DO NOTHING
RETURNING id;

-- name: exam_registration_version_insert
INSERT INTO exam_registration_versions (registration_id, version, org_id, track, subjects,
	exemptions, category, region, region_org_id, bonus, created_at_ms, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- A returned or confirmed registration, once edited, is submitted again:
-- the school reviews the new version (docs/exams.md, "Review").
-- name: exam_registration_update
UPDATE exam_registrations SET version = ?, track = ?, subjects = ?, exemptions = ?,
	category = ?, region = ?, region_org_id = ?, bonus = ?, updated_at_ms = ?,
	status = CASE WHEN status IN ('returned', 'confirmed') THEN 'submitted' ELSE status END,
	status_reason = CASE WHEN status IN ('returned', 'confirmed') THEN NULL
		ELSE status_reason END
WHERE id = ? AND version = ?;

-- name: exam_registration_by_id
SELECT {{exam_registration}}
{{exam_registration_from}}
WHERE g.id = ?;

-- The registration an account made with an Idempotency-Key.
-- name: exam_registration_by_key
SELECT id FROM exam_registrations WHERE created_by = ? AND idem_key = ?;

-- name: exam_registration_versions_of
SELECT v.version, v.track, v.subjects, v.exemptions, v.category, v.region,
	ro.code AS region_school, v.bonus, v.created_at_ms, u.username AS created_by
FROM exam_registration_versions v LEFT JOIN users u ON u.id = v.created_by
LEFT JOIN orgs ro ON ro.id = v.region_org_id
WHERE v.registration_id = ?
ORDER BY v.version;

-- A session's registrations in id order after a key (parameters: session,
-- school id or 0 twice, status or '' twice, after, limit).
-- name: exam_registration_list_session
SELECT {{exam_registration}}
{{exam_registration_from}}
WHERE g.session_id = ? AND (? = 0 OR g.org_id = ?) AND (? = '' OR g.status = ?) AND g.id > ?
ORDER BY g.id
LIMIT ?;

-- The registrations of an account's own person and of the children linked
-- to it, newest first (parameters: person id, user id, limit).
-- name: exam_registration_list_mine
SELECT {{exam_registration}}
{{exam_registration_from}}
WHERE g.person_id = ?
   OR g.person_id IN (SELECT gd.person_id FROM guardians gd WHERE gd.user_id = ?)
ORDER BY g.id DESC
LIMIT ?;
