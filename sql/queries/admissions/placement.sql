-- Queries of src/domain/admissions/placement.c: sealing a round's inputs
-- and running the engine on them.

-- The applicants of the engine's input: every application, in id order.
-- name: placement_applicants
SELECT id, choices, claims FROM admission_applications WHERE round_id = ? ORDER BY id;

-- name: placement_seal
UPDATE admission_rounds SET sealed_at = ?, inputs_sha256 = ?, inputs = ?
WHERE id = ? AND sealed_at IS NULL;

-- name: placement_inputs
SELECT inputs, inputs_sha256 FROM admission_rounds WHERE id = ? AND sealed_at IS NOT NULL;

-- name: placement_set
UPDATE admission_applications SET placed_school_id = ?, lottery = ?, priority = ?
WHERE id = ? AND round_id = ?;

-- name: placement_ran
UPDATE admission_rounds SET run_at = ?, results_sha256 = ?, cutoffs = ? WHERE id = ?;
