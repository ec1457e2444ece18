-- Queries of src/domain/admissions/prefill.c.

-- The round's schools where the other children linked to an account are
-- enrolled now (parameters: round, account, the child itself).
-- name: prefill_sibling_schools
SELECT DISTINCT o.code AS school
FROM guardians g
JOIN enrolments e ON e.person_id = g.person_id AND e.current = 1
JOIN admission_round_schools rs ON rs.school_id = e.org_id AND rs.round_id = ?
JOIN orgs o ON o.id = e.org_id
WHERE g.user_id = ? AND g.person_id <> ?
ORDER BY o.code
LIMIT 100;

-- The claims of the account's last application that has any.
-- name: prefill_last_claims
SELECT claims FROM admission_applications
WHERE created_by = ? AND claims IS NOT NULL
ORDER BY id DESC
LIMIT 1;
