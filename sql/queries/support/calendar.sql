-- Queries of src/domain/support/calendar.c (su-clock).

-- name: support_calendar_get
SELECT country, time_zone, week FROM support_calendars WHERE country = ?;

-- Every holiday of a country, as the clock reads them.
-- name: support_holiday_days
SELECT date FROM support_holidays WHERE country = ? ORDER BY date;

-- The holidays of a country (every year: the year parameter 0), for people.
-- name: support_holidays_list
SELECT year, date, calendar, names FROM support_holidays
WHERE country = ? AND (? = 0 OR year = ?)
ORDER BY date;

-- The year of another file that holds a day already.
-- name: support_holiday_taken
SELECT year FROM support_holidays WHERE country = ? AND date = ? AND year <> ?;

-- name: support_holidays_delete
DELETE FROM support_holidays WHERE country = ? AND year = ?;

-- name: support_holiday_insert
INSERT INTO support_holidays (country, year, date, names, calendar) VALUES (?, ?, ?, ?, ?);

-- name: support_holidays_count
SELECT count(*) AS n FROM support_holidays WHERE country = ? AND year = ?;

-- The kind and country of the org a grant is bound to.
-- name: support_org_kind_country
SELECT kind, country FROM orgs WHERE id = ?;
