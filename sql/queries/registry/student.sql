-- Queries of src/domain/registry/student.c.

-- A student as every read returns it (student_read_row reads it by name).
-- columns: student
p.id, p.country, p.national_id, p.sector_id, p.given_name, p.family_name,
p.birth_date, p.sex, p.status, p.review, p.merged_into, p.created_at, p.updated_at,
o.code AS school, o.path AS school_path, e.grade, e.class, e.school_year, o.id AS school_id

-- A person with its school and its current enrolment (if any).
-- fragment: student_from
FROM persons p JOIN orgs o ON o.id = p.org_id
LEFT JOIN enrolments e ON e.person_id = p.id AND e.current = 1

-- name: student_by_id
SELECT {{student}}
{{student_from}}
WHERE p.id = ?;

-- name: student_by_national_id
SELECT {{student}}
{{student_from}}
WHERE p.national_id = ? AND p.id > ? AND substr(o.path, 1, length(?)) = ?
ORDER BY p.id LIMIT ?;

-- Name search, in name order; the cursor is the last (name_key, id) seen.
-- (Within one school: the school's persons in id order, keys compared.)
-- The caller's scope is an org path prefix ('/' for the whole country).
-- name: student_search_name
SELECT {{student}}, n.name_key
FROM person_names n JOIN persons p ON p.id = n.person_id
JOIN orgs o ON o.id = p.org_id
LEFT JOIN enrolments e ON e.person_id = p.id AND e.current = 1
WHERE n.name_key >= ? AND n.name_key < ? AND (n.name_key, n.person_id) > (?, ?)
  AND (? = 0 OR e.grade = ?) AND substr(o.path, 1, length(?)) = ?
ORDER BY n.name_key, n.person_id LIMIT ?;

-- name: student_search_name_school
SELECT {{student}}, p.key_fg
{{student_from}}
WHERE p.org_id = ? AND ((p.key_fg >= ? AND p.key_fg < ?) OR (p.key_gf >= ? AND p.key_gf < ?))
  AND p.id > ? AND (? = 0 OR e.grade = ?)
ORDER BY p.id LIMIT ?;

-- The students of a school (optionally one grade), in id order.
-- name: student_list_school
SELECT {{student}}
{{student_from}}
WHERE p.org_id = ? AND p.id > ?
ORDER BY p.id LIMIT ?;

-- name: student_list_school_grade
SELECT {{student}}
FROM enrolments e JOIN persons p ON p.id = e.person_id
JOIN orgs o ON o.id = p.org_id
WHERE e.current = 1 AND e.org_id = ? AND e.grade = ? AND e.person_id > ?
ORDER BY e.person_id LIMIT ?;

-- Records flagged for review (likely duplicates) at a school.
-- name: student_list_review
SELECT {{student}}
{{student_from}}
WHERE p.org_id = ? AND p.review IS NOT NULL AND p.id > ?
ORDER BY p.id LIMIT ?;

-- name: person_id_by_national_id
SELECT id FROM persons WHERE country = ? AND national_id = ?;

-- Likely duplicates: the persons whose "family given" search key, which ends
-- with birth date and sex (student_new.dup_key, schema 0006), is this one.
-- name: person_ids_by_dup_key
SELECT p.id, p.national_id FROM person_names n JOIN persons p ON p.id = n.person_id
WHERE n.name_key = ? AND p.merged_into IS NULL ORDER BY p.id LIMIT 5;

-- name: person_insert
INSERT INTO persons (country, national_id, sector_id, given_name, family_name, birth_date,
                     sex, key_fg, key_gf, org_id, status, review, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: person_identity
SELECT country, national_id, sector_id, given_name, family_name, birth_date, sex, org_id,
       status, merged_into
FROM persons WHERE id = ?;

-- name: person_update
UPDATE persons SET national_id = ?, sector_id = ?, given_name = ?, family_name = ?,
       birth_date = ?, sex = ?, key_fg = ?, key_gf = ?, updated_at = ?
WHERE id = ?;

-- name: person_set_org
UPDATE persons SET org_id = ?, updated_at = ? WHERE id = ?;

-- name: person_set_status
UPDATE persons SET status = ?, updated_at = ? WHERE id = ?;

-- name: person_set_review
UPDATE persons SET review = ?, updated_at = ? WHERE id = ?;

-- name: person_merge_into
UPDATE persons SET merged_into = ?, status = 'merged', review = NULL, national_id = NULL,
       updated_at = ?
WHERE id = ?;

-- name: person_merge_record
INSERT INTO person_merges (kept_id, merged_id, merged_by, merged_at) VALUES (?, ?, ?, ?);

-- name: person_merges_of
SELECT kept_id, merged_id, merged_at FROM person_merges
WHERE kept_id = ? OR merged_id = ? ORDER BY id;

-- name: person_name_insert
INSERT INTO person_names (name_key, person_id) VALUES (?, ?);

-- name: person_names_delete
DELETE FROM person_names WHERE person_id = ? AND name_key IN (?, ?);
