-- Queries of src/domain/access/account.c: accounts as staff manage them,
-- passwords, one-time codes, TOTP and bulk issuing.

-- name: account_insert
INSERT INTO users (username, password_hash, created_at, must_change_password, created_by,
                   person_id)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: account_set_password
UPDATE users SET password_hash = ?, must_change_password = 0 WHERE id = ?;

-- name: account_set_must_change
UPDATE users SET must_change_password = ? WHERE id = ?;

-- name: account_set_disabled
UPDATE users SET disabled = ? WHERE id = ?;

-- name: code_end_live
UPDATE user_codes SET used_at = ? WHERE user_id = ? AND used_at IS NULL;

-- name: code_insert
INSERT INTO user_codes (user_id, code_hash, created_at, created_by, expires_at)
VALUES (?, ?, ?, ?, ?);

-- Consume a live code: one row changed, or the code is wrong, used or old.
-- name: code_consume
UPDATE user_codes SET used_at = ?
WHERE user_id = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?;

-- A live code matches (checked before the new password is hashed).
-- name: code_live
SELECT id FROM user_codes
WHERE user_id = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?;

-- An account as staff see it (account_read_row reads it by name); its
-- grants come from user_roles_of.
-- columns: account
u.id, u.username, u.disabled, u.must_change_password, u.created_at, u.person_id,
u.totp_enabled

-- name: account_by_username
SELECT {{account}} FROM users u WHERE u.username = ?;

-- Accounts holding a role at an org of a subtree (path prefix), id order.
-- name: account_list_subtree
SELECT DISTINCT {{account}}
FROM users u JOIN user_roles r ON r.user_id = u.id JOIN orgs o ON o.id = r.org_id
WHERE substr(o.path, 1, length(?)) = ? AND u.id > ?
ORDER BY u.id LIMIT ?;

-- name: account_totp_set
UPDATE users SET totp_secret = ?, totp_enabled = 0, totp_last_step = NULL WHERE id = ?;

-- name: account_totp_secret
SELECT totp_secret, totp_enabled FROM users WHERE id = ?;

-- name: account_totp_enable
UPDATE users SET totp_enabled = ? WHERE id = ?;

-- Accept a time step once: no change means it (or a later one) was used.
-- name: account_totp_step
UPDATE users SET totp_last_step = ?
WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?);

-- A student as a sheet of accounts names it (bulk_student_read_row).
-- columns: bulk_student
p.id, p.given_name, p.family_name, e.grade

-- fragment: bulk_student_from
FROM enrolments e JOIN persons p ON p.id = e.person_id

-- The students currently enrolled at a school in one grade, for bulk issuing.
-- name: bulk_students_grade
SELECT {{bulk_student}}
{{bulk_student_from}}
WHERE e.org_id = ? AND e.current = 1 AND e.grade = ?
ORDER BY p.family_name, p.given_name, p.id;

-- One student, if currently enrolled at the school.
-- name: bulk_student_at
SELECT {{bulk_student}}
{{bulk_student_from}}
WHERE e.person_id = ? AND e.org_id = ? AND e.current = 1;

-- Whether the person already has an account with this role.
-- name: bulk_has_account
SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.person_id = ? AND r.role = ?;
