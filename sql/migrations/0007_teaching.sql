-- 0007_teaching: subjects, classes, teacher assignments, gradebooks, report
-- cards and their locks, attendance and the timetable (docs/teaching.md).
-- Every table of school data carries the owning school (org_id).

-- Reference subjects per country and school level. `scored`: vn-tt22 scores
-- the subject (else it is assessed by comment, Đạt / Chưa đạt); vn-tt27 gives
-- it a periodic test. `units`: the weight of an ir-20 subject (واحد).
CREATE TABLE subjects (
	id {{pk}},
	country TEXT NOT NULL,
	level TEXT NOT NULL,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	scored INTEGER NOT NULL,
	units INTEGER,
	position INTEGER NOT NULL
);
CREATE UNIQUE INDEX subjects_code ON subjects (country, level, code);

-- A class (homeroom) of a school for one school year (start year).
-- Its students are the current enrolments with the same school, school year
-- and class name (enrolments.class).
CREATE TABLE classes (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	grade INTEGER NOT NULL,
	name TEXT NOT NULL,
	homeroom_id {{bigint}} REFERENCES users (id),
	created_at {{bigint}} NOT NULL
);
CREATE UNIQUE INDEX classes_name ON classes (org_id, school_year, name);
CREATE INDEX classes_homeroom ON classes (homeroom_id);

-- Which subjects a class has, and who teaches each.
CREATE TABLE class_subjects (
	class_id {{bigint}} NOT NULL REFERENCES classes (id),
	subject_id {{bigint}} NOT NULL REFERENCES subjects (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	teacher_id {{bigint}} REFERENCES users (id),
	PRIMARY KEY (class_id, subject_id)
);
CREATE INDEX class_subjects_teacher ON class_subjects (teacher_id, class_id);

-- One row per student, subject and school year holding that year's
-- assessments in a compact text encoding (src/domain/gradebook.h), so the
-- year-end computation is one scan in key order.
CREATE TABLE gradebooks (
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	subject_id {{bigint}} NOT NULL REFERENCES subjects (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	scores TEXT NOT NULL,
	updated_at {{bigint}} NOT NULL,
	updated_by {{bigint}} REFERENCES users (id),
	PRIMARY KEY (school_year, person_id, subject_id)
) {{without_rowid}};

-- Every change of an assessment already entered: who changed what, when.
CREATE TABLE grade_changes (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	subject_id {{bigint}} NOT NULL REFERENCES subjects (id),
	term INTEGER NOT NULL,
	assessment TEXT NOT NULL,
	old_value INTEGER,
	new_value INTEGER,
	changed_by {{bigint}} REFERENCES users (id),
	changed_at {{bigint}} NOT NULL
);
CREATE INDEX grade_changes_person ON grade_changes (person_id, id);

-- Report cards of a school's term, locked by the principal at term end.
-- Term 1 and 2 (Vietnam: học kỳ I and II; Iran: نوبت اول and دوم).
CREATE TABLE term_locks (
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	term INTEGER NOT NULL,
	locked INTEGER NOT NULL,
	changed_by {{bigint}} REFERENCES users (id),
	changed_at {{bigint}} NOT NULL,
	PRIMARY KEY (org_id, school_year, term)
);
CREATE TABLE term_lock_events (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	term INTEGER NOT NULL,
	action TEXT NOT NULL, -- lock, unlock
	reason TEXT,
	by_user {{bigint}} REFERENCES users (id),
	at {{bigint}} NOT NULL
);
CREATE INDEX term_lock_events_org ON term_lock_events (org_id, school_year, id);

-- Year results computed from the gradebooks by the school's policy.
-- average: hundredths (vn-tt22, ir-20), NULL otherwise; result: the
-- policy's level or outcome code; subjects: the codes to resit or repeat.
CREATE TABLE year_results (
	school_year INTEGER NOT NULL,
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	policy TEXT NOT NULL,
	average INTEGER,
	result TEXT NOT NULL,
	subjects TEXT,
	computed_at {{bigint}} NOT NULL,
	PRIMARY KEY (school_year, person_id)
) {{without_rowid}};

-- Attendance by day (period 0) or by period (1..). Every status taken is
-- kept, so "taken, all present" differs from "not taken".
CREATE TABLE attendance (
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	date TEXT NOT NULL,
	period INTEGER NOT NULL,
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	class_id {{bigint}} NOT NULL REFERENCES classes (id),
	status TEXT NOT NULL CHECK (status IN ('present', 'late', 'absent_excused', 'absent_unexcused')),
	note TEXT,
	recorded_by {{bigint}} REFERENCES users (id),
	recorded_at {{bigint}} NOT NULL,
	PRIMARY KEY (person_id, date, period)
) {{without_rowid}};
CREATE INDEX attendance_class ON attendance (class_id, date, period);

CREATE TABLE attendance_changes (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	person_id {{bigint}} NOT NULL REFERENCES persons (id),
	date TEXT NOT NULL,
	period INTEGER NOT NULL,
	old_status TEXT NOT NULL,
	new_status TEXT NOT NULL,
	changed_by {{bigint}} REFERENCES users (id),
	changed_at {{bigint}} NOT NULL
);
CREATE INDEX attendance_changes_person ON attendance_changes (person_id, id);

-- The weekly timetable: a class, at a weekday (1 Monday .. 7 Sunday) and
-- period, has a subject with a teacher in a room. A teacher or a room in two
-- places at once is refused (the unique indexes back the check up).
CREATE TABLE timetable (
	id {{pk}},
	org_id {{bigint}} NOT NULL REFERENCES orgs (id),
	school_year INTEGER NOT NULL,
	class_id {{bigint}} NOT NULL REFERENCES classes (id),
	weekday INTEGER NOT NULL,
	period INTEGER NOT NULL,
	subject_id {{bigint}} NOT NULL REFERENCES subjects (id),
	teacher_id {{bigint}} REFERENCES users (id),
	room TEXT
);
CREATE UNIQUE INDEX timetable_class ON timetable (class_id, weekday, period);
CREATE UNIQUE INDEX timetable_teacher ON timetable (school_year, teacher_id, weekday, period);
CREATE UNIQUE INDEX timetable_room ON timetable (org_id, school_year, room, weekday, period);

-- Reference subjects. IR: Persian names; VN: Vietnamese names; English beside.
-- IR primary subjects are assessed descriptively (scored = 0); IR secondary
-- subjects carry units. VN primary: scored = has a periodic test (TT27 art. 7);
-- VN secondary: scored, or assessed by comment (TT22 art. 5).
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('IR', 'primary', 'FA', 'فارسی', 'Persian', 0, NULL, 1),
	('IR', 'primary', 'MATH', 'ریاضی', 'Mathematics', 0, NULL, 2),
	('IR', 'primary', 'SCI', 'علوم تجربی', 'Science', 0, NULL, 3),
	('IR', 'primary', 'SOC', 'مطالعات اجتماعی', 'Social studies', 0, NULL, 4),
	('IR', 'primary', 'REL', 'هدیه‌های آسمان', 'Religious education', 0, NULL, 5),
	('IR', 'primary', 'QURAN', 'آموزش قرآن', 'Quran', 0, NULL, 6),
	('IR', 'primary', 'THINK', 'تفکر و پژوهش', 'Thinking and research', 0, NULL, 7),
	('IR', 'primary', 'TECH', 'کار و فناوری', 'Work and technology', 0, NULL, 8),
	('IR', 'primary', 'ART', 'هنر', 'Art', 0, NULL, 9),
	('IR', 'primary', 'PE', 'تربیت بدنی', 'Physical education', 0, NULL, 10);
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('IR', 'lower_secondary', 'FA', 'ادبیات فارسی', 'Persian literature', 1, 4, 1),
	('IR', 'lower_secondary', 'WRIT', 'نگارش', 'Persian writing', 1, 2, 2),
	('IR', 'lower_secondary', 'MATH', 'ریاضی', 'Mathematics', 1, 4, 3),
	('IR', 'lower_secondary', 'SCI', 'علوم تجربی', 'Science', 1, 4, 4),
	('IR', 'lower_secondary', 'SOC', 'مطالعات اجتماعی', 'Social studies', 1, 3, 5),
	('IR', 'lower_secondary', 'AR', 'عربی', 'Arabic', 1, 2, 6),
	('IR', 'lower_secondary', 'EN', 'زبان انگلیسی', 'English', 1, 2, 7),
	('IR', 'lower_secondary', 'REL', 'پیام‌های آسمان', 'Religious education', 1, 2, 8),
	('IR', 'lower_secondary', 'QURAN', 'قرآن', 'Quran', 1, 2, 9),
	('IR', 'lower_secondary', 'TECH', 'کار و فناوری', 'Work and technology', 1, 2, 10),
	('IR', 'lower_secondary', 'THINK', 'تفکر و سبک زندگی', 'Thinking and lifestyle', 1, 1, 11),
	('IR', 'lower_secondary', 'ART', 'فرهنگ و هنر', 'Culture and art', 1, 1, 12),
	('IR', 'lower_secondary', 'PE', 'تربیت بدنی', 'Physical education', 1, 2, 13);
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('IR', 'upper_secondary', 'FA', 'فارسی', 'Persian literature', 1, 2, 1),
	('IR', 'upper_secondary', 'WRIT', 'نگارش', 'Persian writing', 1, 2, 2),
	('IR', 'upper_secondary', 'MATH', 'ریاضیات', 'Mathematics', 1, 4, 3),
	('IR', 'upper_secondary', 'PHYS', 'فیزیک', 'Physics', 1, 3, 4),
	('IR', 'upper_secondary', 'CHEM', 'شیمی', 'Chemistry', 1, 3, 5),
	('IR', 'upper_secondary', 'BIO', 'زیست‌شناسی', 'Biology', 1, 3, 6),
	('IR', 'upper_secondary', 'GEOM', 'هندسه', 'Geometry', 1, 2, 7),
	('IR', 'upper_secondary', 'AR', 'عربی', 'Arabic', 1, 2, 8),
	('IR', 'upper_secondary', 'EN', 'زبان انگلیسی', 'English', 1, 2, 9),
	('IR', 'upper_secondary', 'REL', 'دین و زندگی', 'Religion and life', 1, 3, 10),
	('IR', 'upper_secondary', 'GEO', 'جغرافیای ایران', 'Geography of Iran', 1, 2, 11),
	('IR', 'upper_secondary', 'DEF', 'آمادگی دفاعی', 'Defence readiness', 1, 1, 12),
	('IR', 'upper_secondary', 'PE', 'تربیت بدنی', 'Physical education', 1, 2, 13);
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('VN', 'primary', 'TV', 'Tiếng Việt', 'Vietnamese', 1, NULL, 1),
	('VN', 'primary', 'TOAN', 'Toán', 'Mathematics', 1, NULL, 2),
	('VN', 'primary', 'DD', 'Đạo đức', 'Ethics', 0, NULL, 3),
	('VN', 'primary', 'TNXH', 'Tự nhiên và Xã hội', 'Nature and society', 0, NULL, 4),
	('VN', 'primary', 'KH', 'Khoa học', 'Science', 1, NULL, 5),
	('VN', 'primary', 'LSDL', 'Lịch sử và Địa lí', 'History and geography', 1, NULL, 6),
	('VN', 'primary', 'TIN', 'Tin học và Công nghệ', 'Informatics and technology', 1, NULL, 7),
	('VN', 'primary', 'TA', 'Tiếng Anh', 'English', 1, NULL, 8),
	('VN', 'primary', 'GDTC', 'Giáo dục thể chất', 'Physical education', 0, NULL, 9),
	('VN', 'primary', 'AN', 'Âm nhạc', 'Music', 0, NULL, 10),
	('VN', 'primary', 'MT', 'Mĩ thuật', 'Fine arts', 0, NULL, 11),
	('VN', 'primary', 'HDTN', 'Hoạt động trải nghiệm', 'Experiential activities', 0, NULL, 12);
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('VN', 'lower_secondary', 'VAN', 'Ngữ văn', 'Literature', 1, NULL, 1),
	('VN', 'lower_secondary', 'TOAN', 'Toán', 'Mathematics', 1, NULL, 2),
	('VN', 'lower_secondary', 'TA', 'Tiếng Anh', 'English', 1, NULL, 3),
	('VN', 'lower_secondary', 'GDCD', 'Giáo dục công dân', 'Civic education', 1, NULL, 4),
	('VN', 'lower_secondary', 'LSDL', 'Lịch sử và Địa lí', 'History and geography', 1, NULL, 5),
	('VN', 'lower_secondary', 'KHTN', 'Khoa học tự nhiên', 'Natural science', 1, NULL, 6),
	('VN', 'lower_secondary', 'CN', 'Công nghệ', 'Technology', 1, NULL, 7),
	('VN', 'lower_secondary', 'TIN', 'Tin học', 'Informatics', 1, NULL, 8),
	('VN', 'lower_secondary', 'GDTC', 'Giáo dục thể chất', 'Physical education', 0, NULL, 9),
	('VN', 'lower_secondary', 'NT', 'Nghệ thuật', 'Arts', 0, NULL, 10),
	('VN', 'lower_secondary', 'HDTN', 'Hoạt động trải nghiệm, hướng nghiệp', 'Experiential and career activities', 0, NULL, 11),
	('VN', 'lower_secondary', 'GDDP', 'Nội dung giáo dục của địa phương', 'Local education content', 0, NULL, 12);
INSERT INTO subjects (country, level, code, name, name_en, scored, units, position) VALUES
	('VN', 'upper_secondary', 'VAN', 'Ngữ văn', 'Literature', 1, NULL, 1),
	('VN', 'upper_secondary', 'TOAN', 'Toán', 'Mathematics', 1, NULL, 2),
	('VN', 'upper_secondary', 'TA', 'Tiếng Anh', 'English', 1, NULL, 3),
	('VN', 'upper_secondary', 'SU', 'Lịch sử', 'History', 1, NULL, 4),
	('VN', 'upper_secondary', 'LY', 'Vật lí', 'Physics', 1, NULL, 5),
	('VN', 'upper_secondary', 'HOA', 'Hóa học', 'Chemistry', 1, NULL, 6),
	('VN', 'upper_secondary', 'SINH', 'Sinh học', 'Biology', 1, NULL, 7),
	('VN', 'upper_secondary', 'DIA', 'Địa lí', 'Geography', 1, NULL, 8),
	('VN', 'upper_secondary', 'KTPL', 'Giáo dục kinh tế và pháp luật', 'Economic and legal education', 1, NULL, 9),
	('VN', 'upper_secondary', 'TIN', 'Tin học', 'Informatics', 1, NULL, 10),
	('VN', 'upper_secondary', 'CN', 'Công nghệ', 'Technology', 1, NULL, 11),
	('VN', 'upper_secondary', 'QPAN', 'Giáo dục quốc phòng và an ninh', 'National defence and security', 1, NULL, 12),
	('VN', 'upper_secondary', 'GDTC', 'Giáo dục thể chất', 'Physical education', 0, NULL, 13),
	('VN', 'upper_secondary', 'HDTN', 'Hoạt động trải nghiệm, hướng nghiệp', 'Experiential and career activities', 0, NULL, 14),
	('VN', 'upper_secondary', 'GDDP', 'Nội dung giáo dục của địa phương', 'Local education content', 0, NULL, 15);
