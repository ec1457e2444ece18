-- 0020_exams_results: the scores of an exam session, imported per subject,
-- their imports, and the candidates' requests for re-marking with the
-- staff's decisions (docs/exams.md, "Results and re-marking"). The room
-- assignment itself fills exam_registrations.candidate_number, site_id,
-- room and seat (0019) and exam_sessions.assigned_at.

-- One import of a score file (CSV or XLSX): all its rows or none.
CREATE TABLE exam_score_imports (
	id {{pk}},
	session_id {{bigint}} NOT NULL REFERENCES exam_sessions (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	format TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size {{bigint}} NOT NULL,
	rows INTEGER NOT NULL,
	imported_at {{bigint}} NOT NULL,
	imported_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX exam_score_imports_session ON exam_score_imports (session_id, id);

-- A candidate's score in one subject, in hundredths of a point (0..1000):
-- the latest import's, or the re-marking's new score. org_id is the
-- registration's school (the owning organisation).
CREATE TABLE exam_scores (
	registration_id {{bigint}} NOT NULL REFERENCES exam_registrations (id),
	subject TEXT NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	score INTEGER NOT NULL,
	import_id {{bigint}} REFERENCES exam_score_imports (id),
	imported_at {{bigint}} NOT NULL,
	PRIMARY KEY (registration_id, subject)
);

-- A request to re-mark one subject, and the decision on it: the score
-- before and after, who decided and when. Every request is kept; one per
-- registration and subject.
CREATE TABLE exam_remarks (
	id {{pk}},
	registration_id {{bigint}} NOT NULL REFERENCES exam_registrations (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	subject TEXT NOT NULL,
	status TEXT NOT NULL,
	old_score INTEGER NOT NULL,
	new_score INTEGER,
	requested_at {{bigint}} NOT NULL,
	requested_by {{bigint}} REFERENCES users (id),
	decided_at {{bigint}},
	decided_by {{bigint}} REFERENCES users (id)
);
CREATE UNIQUE INDEX exam_remarks_subject ON exam_remarks (registration_id, subject);
