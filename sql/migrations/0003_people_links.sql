-- 0003_people_links: which account belongs to which person. A student's own
-- account points at their person record; a guardian's account is linked to
-- each child it may see. Access checks (src/domain/access.c) read these.

ALTER TABLE users ADD COLUMN person_id {{bigint}} REFERENCES persons (id);
CREATE INDEX users_person ON users (person_id);

CREATE TABLE guardians (
	id {{pk}},
	person_id {{bigint}} NOT NULL REFERENCES persons (id), -- the child
	user_id {{bigint}} NOT NULL REFERENCES users (id),     -- the guardian's account
	relation TEXT NOT NULL, -- mother, father, guardian, other
	created_at {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id)
);
CREATE UNIQUE INDEX guardians_pair ON guardians (person_id, user_id);
CREATE INDEX guardians_user ON guardians (user_id, person_id);
