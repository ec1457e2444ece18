-- 0004_audit: the tamper-evident access log (src/domain/audit.c, docs/access.md).
-- Every read and write of a student's personal data appends one row. Rows
-- form a hash chain: seq counts from 1 with no gaps, prev_hash is the hash
-- of row seq-1 (64 zeros before the first), and hash is BLAKE2b-256 over
-- prev_hash and a canonical encoding of the row. audit_head holds the last
-- seq and hash; appending locks it (an UPDATE in the writer's transaction),
-- which serialises PostgreSQL's several writers on the chain.
CREATE TABLE audit_log (
	id {{pk}},
	seq {{bigint}} NOT NULL,
	at {{bigint}} NOT NULL,              -- Unix seconds (UTC)
	user_id {{bigint}},                  -- NULL for the command line
	username TEXT NOT NULL,
	role TEXT NOT NULL,                  -- the role the decision rests on ('' if none)
	org_code TEXT,                       -- where that role is held
	action TEXT NOT NULL,                -- student.read, student.update ...
	person_id {{bigint}},                -- the student (NULL for an export of an org)
	subject TEXT,                        -- what else names the data (an org code)
	allowed INTEGER NOT NULL,            -- 1 allowed, 0 refused
	ip TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE INDEX audit_log_person ON audit_log (person_id, id);

CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq {{bigint}} NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
