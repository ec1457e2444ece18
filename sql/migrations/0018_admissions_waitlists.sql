-- 0018_admissions_waitlists: each application's places on the waitlists
-- of the schools it ranked above its offer, as the last change of the
-- round's placement left them (docs/admissions.md, "Offers and
-- waitlists"). Written for the whole round by the run and by every decline
-- or upheld appeal (only the rows that change), so that reading one
-- application costs one row, not the round's whole market.
--   admission_applications.waitlists:
--     [{"position": 3, "school": "<school code>"}, ...] in the family's
--     order of choice; NULL: on no waitlist (or the round has not run)
ALTER TABLE admission_applications ADD COLUMN waitlists TEXT;
