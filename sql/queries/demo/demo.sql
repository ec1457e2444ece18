-- Queries of src/domain/demo.c.

-- A finished enrolment of an earlier school year, for the demo's histories:
-- what the registry would hold had the student been in it since grade 1.
-- name: demo_enrolment_past
INSERT INTO enrolments (person_id, org_id, school_year, grade, class, start_date, end_date,
                        end_reason, current, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?);

-- name: demo_classes_from_enrolments
-- A class row for every class name the current enrolments use (once).
INSERT INTO classes (org_id, school_year, grade, name, created_at)
SELECT DISTINCT e.org_id, e.school_year, e.grade, e.class, CAST(? AS BIGINT)
FROM enrolments e
WHERE e.current = 1 AND e.class IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM classes c
                  WHERE c.org_id = e.org_id AND c.school_year = e.school_year AND c.name = e.class);

-- name: demo_homeroom_first_class
-- The demo teacher takes the first class (lowest grade, first name) of their school.
UPDATE classes SET homeroom_id = ?
WHERE id = (SELECT c.id FROM classes c JOIN orgs o ON o.id = c.org_id
            WHERE o.code = ? ORDER BY c.grade, c.name LIMIT 1);

-- name: demo_first_class
-- The class demo_homeroom_first_class picks: the first (lowest grade, first
-- name) of the school; src/domain/demo_teaching.c fills its teaching.
SELECT c.id FROM classes c JOIN orgs o ON o.id = c.org_id
WHERE o.code = ? ORDER BY c.grade, c.name LIMIT 1;

-- Signed records for the demo (src/domain/demo_records.c): the first class
-- (lowest grade, first name) a school had in an earlier school year.
-- name: demo_past_first_class
SELECT grade, class FROM enrolments
WHERE org_id = ? AND school_year = ? AND current = 0 AND class IS NOT NULL
ORDER BY grade, class LIMIT 1;

-- That class, with a homeroom teacher, unless it is there already.
-- name: demo_class_for_year
INSERT INTO classes (org_id, school_year, grade, name, homeroom_id, created_at)
SELECT CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS INTEGER), CAST(? AS TEXT),
       CAST(? AS BIGINT), CAST(? AS BIGINT)
WHERE NOT EXISTS (SELECT 1 FROM classes WHERE org_id = ? AND school_year = ? AND name = ?);

-- Every subject of the school's country and level, taught by one teacher.
-- name: demo_class_all_subjects
INSERT INTO class_subjects (class_id, subject_id, org_id, teacher_id)
SELECT CAST(? AS BIGINT), s.id, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM subjects s
WHERE s.country = ? AND s.level = ?
ON CONFLICT (class_id, subject_id) DO NOTHING;

-- The demo's round that has already run (src/demo/admissions.c): its
-- window moved into the past once its applications are made.
-- name: demo_round_window
UPDATE admission_rounds SET opens_at = ?, closes_at = ? WHERE id = ?;
