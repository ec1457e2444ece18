-- 0009_teaching_comments: what a teacher writes beside the grades
-- (docs/teaching.md): the teacher's comment per student, subject and term
-- (Circular 27 and Iran's descriptive evaluation assess by comment as well
-- as by level), and the qualities and competences Circular 27 rates per
-- student and term (Tốt / Đạt / Cần cố gắng). Every table of school data
-- carries the owning school (org_id). 0008 is another branch's.

-- One comment per student, subject and term; none is no row.
CREATE TABLE gradebook_comments (
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	subject_id {{bigint}} NOT NULL REFERENCES subjects (id),
	term INTEGER NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	comment TEXT NOT NULL,
	updated_at {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id),
	PRIMARY KEY (school_year, person_id, subject_id, term)
) {{without_rowid}};

-- A student's qualities and competences for a school year, both terms in
-- one row (like gradebooks, so the year-end computation reads them in the
-- same key order): `levels` is term I and term II separated by '|', each
-- one character per quality or competence in the order of
-- tt27_quality_name() (src/domain/grading.h): '0' Tốt, '1' Đạt,
-- '2' Cần cố gắng, '-' not rated.
CREATE TABLE gradebook_qualities (
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	levels TEXT NOT NULL,
	updated_at {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id),
	PRIMARY KEY (school_year, person_id)
) {{without_rowid}};

-- Every change of a quality or competence already rated: who, what, when
-- (grade_changes does the same for assessments of a subject).
CREATE TABLE quality_changes (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	term INTEGER NOT NULL,
	quality TEXT NOT NULL,
	old_value INTEGER,
	new_value INTEGER,
	changed_by {{bigint}} REFERENCES users (id),
	changed_at {{bigint}} NOT NULL
);
CREATE INDEX quality_changes_person ON quality_changes (person_id, id);
