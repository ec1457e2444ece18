-- 0022_support: the help desk that climbs school -> district -> province ->
-- ministry on working-time deadlines (docs/support.md). Instants are Unix
-- milliseconds (*_ms); durations of working time are minutes (*_min).

-- A country's working week and zone. week is JSON: for each weekday
-- ("sat" .. "fri") a list of [start, end) local times, e.g.
-- {"sat":[["08:00","16:00"]], ..., "thu":[["08:00","12:00"]], "fri":[]}.
CREATE TABLE support_calendars (
	country TEXT PRIMARY KEY,
	time_zone TEXT NOT NULL,
	week TEXT NOT NULL,
	updated_at_ms {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id)
);
INSERT INTO support_calendars (country, time_zone, week, updated_at_ms) VALUES
('IR', 'Asia/Tehran', '{"sat":[["08:00","16:00"]],"sun":[["08:00","16:00"]],"mon":[["08:00","16:00"]],"tue":[["08:00","16:00"]],"wed":[["08:00","16:00"]],"thu":[["08:00","12:00"]],"fri":[]}', 0),
('VN', 'Asia/Ho_Chi_Minh', '{"mon":[["08:00","12:00"],["13:00","17:00"]],"tue":[["08:00","12:00"],["13:00","17:00"]],"wed":[["08:00","12:00"],["13:00","17:00"]],"thu":[["08:00","12:00"],["13:00","17:00"]],"fri":[["08:00","12:00"],["13:00","17:00"]],"sat":[],"sun":[]}', 0);

-- Public holidays, per country and year (the year of the file that loaded
-- them: a Gregorian year for VN, a Solar Hijri year for IR). A load for
-- (country, year) replaces that year's rows. date is the civil date
-- (Gregorian, "YYYY-MM-DD"); names is JSON {fa, vi, en}; calendar says on
-- which calendar the day is fixed (gregorian, solar_hijri, lunar_hijri,
-- lunisolar) for people reading the list.
CREATE TABLE support_holidays (
	country TEXT NOT NULL,
	year INTEGER NOT NULL,
	date TEXT NOT NULL,
	names TEXT NOT NULL,
	calendar TEXT NOT NULL,
	PRIMARY KEY (country, date)
);
CREATE INDEX support_holidays_year ON support_holidays (country, year);

-- Ticket categories per country, with names in fa/vi/en (JSON).
CREATE TABLE support_categories (
	id {{pk}},
	country TEXT NOT NULL,
	code TEXT NOT NULL,
	names TEXT NOT NULL,
	position INTEGER NOT NULL,
	active INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX support_categories_code ON support_categories (country, code);

-- The deadlines of a category at each level (school, district, province,
-- ministry), in working minutes from the moment the ticket reached it.
CREATE TABLE support_deadlines (
	category_id {{bigint}} NOT NULL REFERENCES support_categories (id),
	level TEXT NOT NULL,
	first_answer_min INTEGER NOT NULL,
	resolve_min INTEGER NOT NULL,
	PRIMARY KEY (category_id, level)
);

-- A ticket. org_id is where it lives now (its level is that org's kind);
-- origin_org_id where it was filed. status: open (waiting for staff),
-- answered (staff replied, still open), waiting (for the requester: the
-- clock is paused), resolved, closed. The clock at the current level:
-- level_since_ms (reached it), first_due_ms (the first answer at this
-- level, NULL once answered here), resolve_due_ms; while waiting the due
-- instants are NULL and *_left_ms hold the working time that was left.
-- next_due_ms is the earlier of the two due instants, NULL when nothing is
-- due (waiting, resolved, closed): the sweep reads only this index.
-- breached: overdue at the ministry, where there is no level above.
CREATE TABLE support_tickets (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	origin_org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	level TEXT NOT NULL,
	category_id {{bigint}} NOT NULL REFERENCES support_categories (id),
	subject TEXT NOT NULL,
	requester_id {{bigint}} NOT NULL REFERENCES users (id),
	student_id {{bigint}} REFERENCES persons (id),
	lang TEXT NOT NULL,
	status TEXT NOT NULL,
	level_since_ms {{bigint}} NOT NULL,
	first_due_ms {{bigint}},
	resolve_due_ms {{bigint}},
	first_left_ms {{bigint}},
	resolve_left_ms {{bigint}},
	next_due_ms {{bigint}},
	first_answer_ms {{bigint}},
	resolved_at_ms {{bigint}},
	closed_at_ms {{bigint}},
	escalations INTEGER NOT NULL DEFAULT 0,
	breached INTEGER NOT NULL DEFAULT 0,
	waited_ms {{bigint}} NOT NULL DEFAULT 0,
	satisfaction INTEGER,
	satisfaction_comment TEXT,
	idem_key TEXT,
	created_at_ms {{bigint}} NOT NULL,
	updated_at_ms {{bigint}} NOT NULL
);
CREATE INDEX support_tickets_due ON support_tickets (next_due_ms) WHERE next_due_ms IS NOT NULL;
CREATE INDEX support_tickets_org ON support_tickets (org_id, status, id);
CREATE INDEX support_tickets_requester ON support_tickets (requester_id, id);
CREATE UNIQUE INDEX support_tickets_idem ON support_tickets (requester_id, idem_key)
	WHERE idem_key IS NOT NULL;

-- The thread: kind reply (seen by the requester) or note (internal: staff
-- only). No deletion: a correction is a new message.
CREATE TABLE support_messages (
	id {{pk}},
	ticket_id {{bigint}} NOT NULL REFERENCES support_tickets (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	kind TEXT NOT NULL,
	body TEXT NOT NULL,
	author_id {{bigint}} REFERENCES users (id),
	staff INTEGER NOT NULL,
	created_at_ms {{bigint}} NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, id);

-- The ticket's history: created, escalated (by hand or by the sweep: by
-- NULL), sent_back, status changes, breached. from_org_id/to_org_id for
-- moves between levels; reason as given.
CREATE TABLE support_events (
	id {{pk}},
	ticket_id {{bigint}} NOT NULL REFERENCES support_tickets (id),
	kind TEXT NOT NULL,
	from_org_id {{bigint}} REFERENCES orgs (id),
	to_org_id {{bigint}} REFERENCES orgs (id),
	status TEXT,
	reason TEXT,
	by_id {{bigint}} REFERENCES users (id),
	at_ms {{bigint}} NOT NULL
);
CREATE INDEX support_events_ticket ON support_events (ticket_id, id);

-- Attachments, checked by content (media_type is what libmagic found),
-- kept in the store, never beside the web root.
CREATE TABLE support_attachments (
	id {{pk}},
	ticket_id {{bigint}} NOT NULL REFERENCES support_tickets (id),
	message_id {{bigint}} REFERENCES support_messages (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	name TEXT NOT NULL,
	media_type TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	bytes {{blob}} NOT NULL,
	size {{bigint}} NOT NULL,
	uploaded_at_ms {{bigint}} NOT NULL,
	uploaded_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX support_attachments_ticket ON support_attachments (ticket_id, id);

-- What a level is told: a ticket escalated to it or away from it, sent
-- back, breached. Staff of org_id see them until one of them reads it.
CREATE TABLE support_notices (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	ticket_id {{bigint}} NOT NULL REFERENCES support_tickets (id),
	event_id {{bigint}} NOT NULL REFERENCES support_events (id),
	kind TEXT NOT NULL,
	created_at_ms {{bigint}} NOT NULL,
	read_at_ms {{bigint}},
	read_by {{bigint}} REFERENCES users (id)
);
CREATE INDEX support_notices_org ON support_notices (org_id, id);

-- Canned answers of a level (an org), in one language.
CREATE TABLE support_canned (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	lang TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at_ms {{bigint}} NOT NULL,
	created_by {{bigint}} REFERENCES users (id),
	updated_at_ms {{bigint}} NOT NULL
);
CREATE INDEX support_canned_org ON support_canned (org_id, lang, id);

-- The public knowledge base: an article (country NULL: both) with one text
-- per language; search_key is the title and body normalised for search
-- (domain/common/text). Feedback rows answer "did this solve it".
CREATE TABLE support_articles (
	id {{pk}},
	slug TEXT NOT NULL,
	country TEXT,
	category_id {{bigint}} REFERENCES support_categories (id),
	published INTEGER NOT NULL DEFAULT 1,
	created_at_ms {{bigint}} NOT NULL,
	updated_at_ms {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id)
);
CREATE UNIQUE INDEX support_articles_slug ON support_articles (slug);
CREATE TABLE support_article_texts (
	article_id {{bigint}} NOT NULL REFERENCES support_articles (id),
	lang TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	search_key TEXT NOT NULL,
	PRIMARY KEY (article_id, lang)
);
CREATE TABLE support_article_feedback (
	id {{pk}},
	article_id {{bigint}} NOT NULL REFERENCES support_articles (id),
	solved INTEGER NOT NULL,
	user_id {{bigint}} REFERENCES users (id),
	at_ms {{bigint}} NOT NULL
);
CREATE INDEX support_article_feedback_article ON support_article_feedback (article_id);

-- The categories both countries start with, and their deadlines per level
-- in working minutes (an administrator changes them through the API):
-- a day's answer at the school, two at the district, and so on; exams are
-- answered in half the time.
INSERT INTO support_categories (country, code, names, position) VALUES
('IR', 'account', '{"fa":"حساب کاربری و ورود","vi":"Tài khoản và đăng nhập","en":"Accounts and sign-in"}', 1),
('IR', 'records', '{"fa":"پرونده و گواهی‌ها","vi":"Hồ sơ và chứng nhận","en":"Records and certificates"}', 2),
('IR', 'registration', '{"fa":"ثبت‌نام و پذیرش","vi":"Đăng ký và tuyển sinh","en":"Registration and admission"}', 3),
('IR', 'exams', '{"fa":"آزمون‌ها","vi":"Thi cử","en":"Exams"}', 4),
('IR', 'teaching', '{"fa":"حضور و غیاب و نمره‌ها","vi":"Điểm danh và điểm số","en":"Attendance and grades"}', 5),
('IR', 'fees', '{"fa":"هزینه‌ها و پرداخت","vi":"Khoản thu và thanh toán","en":"Fees and payments"}', 6),
('IR', 'other', '{"fa":"سایر","vi":"Khác","en":"Other"}', 7),
('VN', 'account', '{"fa":"حساب کاربری و ورود","vi":"Tài khoản và đăng nhập","en":"Accounts and sign-in"}', 1),
('VN', 'records', '{"fa":"پرونده و گواهی‌ها","vi":"Hồ sơ và chứng nhận","en":"Records and certificates"}', 2),
('VN', 'registration', '{"fa":"ثبت‌نام و پذیرش","vi":"Đăng ký và tuyển sinh","en":"Registration and admission"}', 3),
('VN', 'exams', '{"fa":"آزمون‌ها","vi":"Thi cử","en":"Exams"}', 4),
('VN', 'teaching', '{"fa":"حضور و غیاب و نمره‌ها","vi":"Điểm danh và điểm số","en":"Attendance and grades"}', 5),
('VN', 'fees', '{"fa":"هزینه‌ها و پرداخت","vi":"Khoản thu và thanh toán","en":"Fees and payments"}', 6),
('VN', 'other', '{"fa":"سایر","vi":"Khác","en":"Other"}', 7);

INSERT INTO support_deadlines (category_id, level, first_answer_min, resolve_min)
SELECT c.id, l.column1,
	CASE WHEN c.code = 'exams' THEN l.column2 / 2 ELSE l.column2 END,
	CASE WHEN c.code = 'exams' THEN l.column3 / 2 ELSE l.column3 END
FROM support_categories c
CROSS JOIN (VALUES ('school', 240, 960), ('district', 480, 1920),
	('province', 960, 2880), ('ministry', 1440, 4800)) AS l;
