-- Queries of src/domain/access/guardian.c (the links access_student reads
-- through guardian_link_exists).

-- name: guardian_link_exists
SELECT 1 FROM guardians WHERE person_id = ? AND user_id = ?;

-- name: guardian_list
SELECT u.username, g.relation, g.created_at
FROM guardians g JOIN users u ON u.id = g.user_id
WHERE g.person_id = ?
ORDER BY g.id;

-- name: guardian_insert
INSERT INTO guardians (person_id, user_id, relation, created_at, created_by)
VALUES (?, ?, ?, ?, ?)
RETURNING created_at;

-- name: guardian_delete
DELETE FROM guardians WHERE person_id = ? AND user_id = ?;

-- name: guardian_user_by_name
SELECT id FROM users WHERE username = ?;

-- name: guardian_role_of
SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'guardian';

-- name: guardian_role_grant
INSERT INTO user_roles (user_id, role, org_id, created_at) VALUES (?, 'guardian', NULL, ?);

-- The students a guardian's account is linked to, and a student account's
-- own record, in id order from a cursor; the columns of student.sql.
-- Kept for src/api/registry/students.c; to go after the merge (to
-- sql/queries/registry/, with the domain function that reads it).
-- name: guardian_linked_students
SELECT {{student}}
FROM persons p JOIN orgs o ON o.id = p.org_id
LEFT JOIN enrolments e ON e.person_id = p.id AND e.current = 1
WHERE (p.id IN (SELECT g.person_id FROM guardians g WHERE g.user_id = ?) OR p.id = ?)
  AND p.id > ?
ORDER BY p.id LIMIT ?;
