-- 0016_admissions_offers: offers and their answers, the moves down the
-- waitlists, second rounds and appeals (docs/admissions.md, "Offers and
-- waitlists", "The second round", "Appeals").
--
-- A run makes each placed application an offer (offer_status 'offered');
-- the family accepts or declines it ('accepted', 'declined', offer_at the
-- last change). A declined seat moves down the waitlists: the moved
-- application's placed_school_id changes, moved_from_id keeps where it
-- came from, and admission_moves keeps every move with its cause. Nothing
-- here is ever deleted.
ALTER TABLE admission_applications ADD COLUMN offer_status TEXT;
ALTER TABLE admission_applications ADD COLUMN offer_at {{bigint}};
ALTER TABLE admission_applications ADD COLUMN moved_from_id {{bigint}} REFERENCES orgs (id);

-- A second round is a child of the round whose unplaced it admits; making
-- it closes the parent's offers (offers_closed_at).
ALTER TABLE admission_rounds ADD COLUMN parent_round_id {{bigint}} REFERENCES admission_rounds (id);
ALTER TABLE admission_rounds ADD COLUMN offers_closed_at {{bigint}};
CREATE UNIQUE INDEX admission_rounds_parent ON admission_rounds (parent_round_id)
	WHERE parent_round_id IS NOT NULL;

-- Seats added above capacity by upheld appeals, per school of a round.
ALTER TABLE admission_round_schools ADD COLUMN added_seats INTEGER NOT NULL DEFAULT 0;

-- Appeals: filed by a guardian, decided once by an officer (upheld or
-- dismissed, with a reason; upheld with a school: a seat added there).
CREATE TABLE admission_appeals (
	id {{pk}},
	round_id {{bigint}} NOT NULL REFERENCES admission_rounds (id),
	application_id {{bigint}} NOT NULL REFERENCES admission_applications (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	reason TEXT NOT NULL,
	filed_at {{bigint}} NOT NULL,
	filed_by {{bigint}} REFERENCES users (id),
	status TEXT NOT NULL,
	decided_at {{bigint}},
	decided_by {{bigint}} REFERENCES users (id),
	decision_reason TEXT,
	school_id {{bigint}} REFERENCES orgs (id)
);
CREATE INDEX admission_appeals_round ON admission_appeals (round_id, status, id);
CREATE INDEX admission_appeals_application ON admission_appeals (application_id, id);
-- One open appeal per application.
CREATE UNIQUE INDEX admission_appeals_open ON admission_appeals (application_id)
	WHERE status = 'open';

-- Every move of an application from one school to another after the run:
-- cause 'decline' (cause_application_id declined) or 'appeal' (appeal_id
-- upheld). from_school_id NULL: it was unplaced.
CREATE TABLE admission_moves (
	id {{pk}},
	round_id {{bigint}} NOT NULL REFERENCES admission_rounds (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	application_id {{bigint}} NOT NULL REFERENCES admission_applications (id),
	from_school_id {{bigint}} REFERENCES orgs (id),
	to_school_id {{bigint}} NOT NULL REFERENCES orgs (id),
	cause TEXT NOT NULL,
	cause_application_id {{bigint}} REFERENCES admission_applications (id),
	appeal_id {{bigint}} REFERENCES admission_appeals (id),
	at {{bigint}} NOT NULL,
	by_user {{bigint}} REFERENCES users (id)
);
CREATE INDEX admission_moves_round ON admission_moves (round_id, id);
CREATE INDEX admission_moves_application ON admission_moves (application_id, id);
