-- Queries of src/domain/teaching/subject.c.

-- A subject as every read returns it (subject_read reads it by name).
-- columns: subject
s.id, s.country, s.level, s.code, s.name, s.name_en, s.scored, s.units

-- name: subject_list
SELECT {{subject}} FROM subjects s
WHERE (? = '' OR s.country = ?) AND (? = '' OR s.level = ?)
ORDER BY s.country, s.level, s.position;

-- name: subject_by_code
SELECT {{subject}} FROM subjects s
WHERE s.country = ? AND s.level = ? AND s.code = ?;

-- Every subject, for computations that need them all in memory.
-- name: subject_all
SELECT {{subject}} FROM subjects s ORDER BY s.id;
