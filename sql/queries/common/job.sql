-- Queries of src/domain/common/job.c.

-- name: job_insert
INSERT INTO jobs (kind, user_id, status, total, created_at) VALUES (?, ?, 'running', ?, ?)
RETURNING id;

-- name: job_progress
UPDATE jobs SET processed = ?, succeeded = ?, failed = ? WHERE id = ?;

-- name: job_finish
UPDATE jobs SET status = ?, processed = ?, succeeded = ?, failed = ?, message = ?, finished_at = ?
WHERE id = ?;

-- name: job_by_id
SELECT id, kind, user_id, status, total, processed, succeeded, failed, message, created_at,
       finished_at
FROM jobs WHERE id = ?;

-- name: job_error_insert
INSERT INTO job_errors (job_id, line, field, code, message) VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: job_errors_of
SELECT line, field, code, message FROM job_errors WHERE job_id = ? ORDER BY line;

-- Progress as increments, in the same transaction as the rows they count, so
-- batches that commit in any order (PostgreSQL's several writers) add up and
-- a batch rolled back takes its counts with it.
-- name: job_add_progress
UPDATE jobs SET processed = processed + ?, succeeded = succeeded + ?, failed = failed + ?
WHERE id = ?;
