-- Queries of src/domain/exams/free_candidate.c: free candidates
-- registered at a designated site.

-- The registration an account made with an Idempotency-Key (parameters:
-- account, key).
-- name: free_candidate_replay
SELECT r.id, r.person_id FROM exam_registrations r
WHERE r.created_by = ? AND r.idem_key = ?;

-- The person of a national id, as the identity check needs it.
-- name: free_candidate_person
SELECT p.id, p.birth_date, p.sex FROM persons p
WHERE p.country = ? AND p.national_id = ?;

-- The person's candidate account, if any.
-- name: free_candidate_account
SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE u.person_id = ? AND r.role = 'candidate'
ORDER BY u.id
LIMIT 1;

-- PostgreSQL only (prepared on first use, so SQLite, whose one writer runs
-- every write alone, never sees it): the lock of an account's
-- Idempotency-Key, held to the end of the transaction, so that a retry
-- sent beside the first waits for it and then finds its registration
-- (parameter: the key's 64-bit hash).
-- name: free_candidate_key_lock
SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))) AS l;
