-- Queries of src/domain/subject.c. Subject reads return, in order:
--   0 id, 1 country, 2 level, 3 code, 4 name, 5 name_en, 6 scored, 7 units

-- name: subject_list
SELECT id, country, level, code, name, name_en, scored, units FROM subjects
WHERE (? = '' OR country = ?) AND (? = '' OR level = ?)
ORDER BY country, level, position;

-- name: subject_by_code
SELECT id, country, level, code, name, name_en, scored, units FROM subjects
WHERE country = ? AND level = ? AND code = ?;

-- Every subject, for computations that need them all in memory.
-- name: subject_all
SELECT id, country, level, code, name, name_en, scored, units FROM subjects ORDER BY id;
