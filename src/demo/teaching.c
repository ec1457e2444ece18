/*
 * demo_teaching.c: the teaching side of `tabula demo` (issue 6), for the
 * first class of each demo school, the class whose homeroom teacher is the
 * demo teacher login (demo_homeroom_first_class):
 *
 *   IR-THR-S0101 (ir-descriptive)  1-الف, grade 1: فارسی, ریاضی, علوم, قرآن
 *       and هنر taught by teacher.beheshti, تربیت بدنی by pe.beheshti;
 *       Saturday to Wednesday, four periods a day.
 *   VN-HN-BD03 (vn-tt22)  10A1, grade 10 with the natural-science electives:
 *       Toán and HĐTN by teacher.pdp, each other subject by its own teacher
 *       (van.pdp, anh.pdp, ...); Monday to Saturday mornings, five periods.
 *
 * For each: the subjects and their teachers (accounts made with the demo
 * password where missing), term I's gradebook complete (plausible scores
 * or levels from a per-student ability; ir-descriptive with the teacher's
 * comment per subject), a week of whole-day attendance (the week of 16
 * November 2026) and the weekly timetable.
 *
 * Everything is a function of the student's person id and fixed tables, so
 * a run makes the same data. Like the rest of the demo, what exists is left
 * as it is and only what is missing is added: a subject already assigned,
 * an assessment, comment or mark already entered, a class with a week are
 * not touched. So a second run writes nothing. The writes go through the
 * domain's own saves (gb_save_class, attendance_save_class,
 * timetable_save), without audit entries (the demo's data is synthetic, as
 * its students are).
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "domain/teaching/attendance.h"
#include "domain/teaching/class.h"
#include "demo/demo.h"
#include "domain/teaching/gradebook.h"
#include "domain/access/role.h"
#include "domain/registry/student.h"
#include "domain/teaching/subject.h"
#include "domain/teaching/timetable.h"
#include "domain/access/user.h"

/* A subject of a demo class: its code, its teacher, and (vn-tt22 scored)
 * the regular assessments per term (Circular 22 art. 7: 2 for up to 35
 * periods a year, 3 up to 70, 4 above). */
struct dt_subject {
	const char *code, *teacher;
	int regular;
};

/* One period of the week: weekday (1 Monday .. 7 Sunday), period, subject
 * code, room (NULL: none, e.g. the schoolyard). */
struct dt_period {
	int weekday, period;
	const char *subject, *room;
};

struct dt_plan {
	const char *school;
	const char *login; /* the demo teacher whose password the new accounts share */
	const struct dt_subject *subjects;
	size_t nsubjects;
	const struct dt_period *week;
	size_t nweek;
	const char *const *days; /* the attendance week, ISO dates */
	size_t ndays;
	const char *excused; /* the note of an excused absence */
};

static const struct dt_subject ir_subjects[] = {
	{"FA", "teacher.beheshti", 0},	{"MATH", "teacher.beheshti", 0},
	{"SCI", "teacher.beheshti", 0}, {"QURAN", "teacher.beheshti", 0},
	{"ART", "teacher.beheshti", 0}, {"PE", "pe.beheshti", 0},
};

/* Grade 1: فارسی eight periods, ریاضی four, the others two. */
static const struct dt_period ir_week[] = {
	{6, 1, "FA", "101"}, {6, 2, "MATH", "101"}, {6, 3, "FA", "101"},    {6, 4, "QURAN", "101"},
	{7, 1, "FA", "101"}, {7, 2, "MATH", "101"}, {7, 3, "SCI", "101"},   {7, 4, "ART", "101"},
	{1, 1, "FA", "101"}, {1, 2, "MATH", "101"}, {1, 3, "PE", NULL},	    {1, 4, "FA", "101"},
	{2, 1, "FA", "101"}, {2, 2, "MATH", "101"}, {2, 3, "QURAN", "101"}, {2, 4, "ART", "101"},
	{3, 1, "FA", "101"}, {3, 2, "SCI", "101"},  {3, 3, "PE", NULL},	    {3, 4, "FA", "101"},
};

/* Saturday 23 to Wednesday 27 Aban 1405. */
static const char *const ir_days[] = {"2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17",
				      "2026-11-18"};

static const struct dt_subject vn_subjects[] = {
	{"VAN", "van.pdp", 4},	 {"TOAN", "teacher.pdp", 4}, {"TA", "anh.pdp", 4},
	{"SU", "su.pdp", 3},	 {"LY", "ly.pdp", 3},	     {"HOA", "hoa.pdp", 3},
	{"SINH", "sinh.pdp", 3}, {"TIN", "tin.pdp", 3},	     {"QPAN", "qpan.pdp", 2},
	{"GDTC", "gdtc.pdp", 0}, {"HDTN", "teacher.pdp", 0}, {"GDDP", "su.pdp", 0},
};

/* Toán, Vật lí and Hóa học with their chuyên đề periods; Monday opens with
 * the flag ceremony and Saturday ends with the class meeting (HĐTN). */
static const struct dt_period vn_week[] = {
	{1, 1, "HDTN", "P.201"}, {1, 2, "TOAN", "P.201"},      {1, 3, "TOAN", "P.201"},
	{1, 4, "VAN", "P.201"},	 {1, 5, "TA", "P.201"},	       {2, 1, "LY", "P.201"},
	{2, 2, "HOA", "P.201"},	 {2, 3, "VAN", "P.201"},       {2, 4, "VAN", "P.201"},
	{2, 5, "SU", "P.201"},	 {3, 1, "TOAN", "P.201"},      {3, 2, "TA", "P.201"},
	{3, 3, "SINH", "P.201"}, {3, 4, "TIN", "Phòng Tin 1"}, {3, 5, "GDTC", NULL},
	{4, 1, "HOA", "P.201"},	 {4, 2, "LY", "P.201"},	       {4, 3, "TA", "P.201"},
	{4, 4, "SU", "P.201"},	 {4, 5, "QPAN", NULL},	       {5, 1, "VAN", "P.201"},
	{5, 2, "TOAN", "P.201"}, {5, 3, "SINH", "P.201"},      {5, 4, "TIN", "Phòng Tin 1"},
	{5, 5, "GDTC", NULL},	 {6, 1, "LY", "P.201"},	       {6, 2, "HOA", "P.201"},
	{6, 3, "GDDP", "P.201"}, {6, 4, "HDTN", "P.201"},      {6, 5, "HDTN", "P.201"},
};

/* Monday 16 to Saturday 21 November 2026. */
static const char *const vn_days[] = {"2026-11-16", "2026-11-17", "2026-11-18",
				      "2026-11-19", "2026-11-20", "2026-11-21"};

static const struct dt_plan plans[] = {
	{"IR-THR-S0101", "teacher.beheshti", ir_subjects, ARRAY_SIZE(ir_subjects), ir_week,
	 ARRAY_SIZE(ir_week), ir_days, ARRAY_SIZE(ir_days),
	 "بیماری؛ ولی دانش\u200cآموز اطلاع داده است."},
	{"VN-HN-BD03", "teacher.pdp", vn_subjects, ARRAY_SIZE(vn_subjects), vn_week,
	 ARRAY_SIZE(vn_week), vn_days, ARRAY_SIZE(vn_days), "Ốm, gia đình đã xin phép."},
};

/* ---- the teacher's comments (ir-descriptive), by subject and level ---- */

struct dt_comments {
	const char *subject;
	const char *level[4]; /* enum ird_level */
};

static const struct dt_comments ir_comments[] = {
	{"FA",
	 {"روان و درست می\u200cخواند و املای او بسیار خوب است.",
	  "خواندن او خوب است؛ در نوشتن برخی نشانه\u200cها باید دقت بیشتری کند.",
	  "نشانه\u200cها را می\u200cشناسد ولی در روخوانی کند است؛ روزی چند دقیقه "
	  "خواندن در خانه به او کمک می\u200cکند.",
	  "در شناخت و نوشتن نشانه\u200cها مشکل دارد؛ با همکاری خانواده برنامهٔ "
	  "تمرین ویژه دارد."}},
	{"MATH",
	 {"اعداد را به\u200cخوبی می\u200cشناسد و جمع و تفریق ساده را با دقت انجام می\u200cدهد.",
	  "جمع و تفریق ساده را انجام می\u200cدهد؛ در مسئله\u200cهای تصویری گاهی عجله "
	  "می\u200cکند.",
	  "در شمارش و مقایسهٔ اعداد به کمک نیاز دارد؛ تمرین با اشیای واقعی پیشنهاد "
	  "می\u200cشود.",
	  "هنوز در شناخت اعداد و شمارش مشکل دارد؛ تمرین بیشتری لازم است."}},
	{"SCI",
	 {"با دقت مشاهده می\u200cکند و در کار گروهی پرسش\u200cهای خوبی مطرح می\u200cکند.",
	  "در آزمایش\u200cهای کلاس فعال است و مشاهده\u200cهای خود را بیان می\u200cکند.",
	  "در فعالیت\u200cها شرکت می\u200cکند ولی در بیان مشاهده\u200cها به کمک نیاز دارد.",
	  "در فعالیت\u200cهای علوم کم\u200cتوجه است؛ تشویق به مشارکت لازم است."}},
	{"QURAN",
	 {"سوره\u200cها را با صوت زیبا و درست می\u200cخواند.",
	  "سوره\u200cهای کوتاه را به\u200cخوبی حفظ کرده است.",
	  "در حفظ سوره\u200cها به تمرین بیشتری نیاز دارد.",
	  "در روخوانی و حفظ سوره\u200cها نیاز به تلاش بیشتر دارد."}},
	{"ART",
	 {"در نقاشی و کاردستی خلاق است و کارهایش را با دقت کامل می\u200cکند.",
	  "در فعالیت\u200cهای هنری علاقه\u200cمند و فعال است.",
	  "کارهای هنری را گاهی ناتمام رها می\u200cکند؛ تمرکز بیشتری لازم دارد.",
	  "در فعالیت\u200cهای هنری مشارکت کمی دارد."}},
	{"PE",
	 {"در بازی\u200cها و حرکات پایه چابک و هماهنگ است و روحیهٔ همکاری دارد.",
	  "در فعالیت\u200cهای ورزشی فعال است و قوانین بازی را رعایت می\u200cکند.",
	  "در حرکات پایه به تمرین بیشتری نیاز دارد.",
	  "در فعالیت\u200cهای ورزشی کم\u200cتحرک است؛ تشویق به بازی\u200cهای گروهی لازم است."}},
};

static const char *ir_comment(const char *subject, int level)
{
	for (size_t i = 0; i < ARRAY_SIZE(ir_comments); i++)
		if (!strcmp(ir_comments[i].subject, subject) && level >= 0 && level < 4)
			return ir_comments[i].level[level];
	return NULL;
}

/* ---- values from a student's id ---- */

/* A well-mixed hash of a few integers (splitmix64's finaliser). */
static uint64_t mix(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = a * 0x9e3779b97f4a7c15u ^ b * 0xbf58476d1ce4e5b9u ^ c * 0x94d049bb133111ebu;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* A student's ability in hundredths of a 0-10 scale: 5.0 to 9.5, about
 * 7.25 on average (the mean of three draws). */
static int ability(int64_t person)
{
	int sum = 0;
	for (int i = 0; i < 3; i++)
		sum += (int)(mix((uint64_t)person, 7, (uint64_t)i) % 1000);
	return 500 + sum * 450 / 3000;
}

/* The student's standing in a subject: ability and a subject's bent, ±0.8. */
static int standing(int64_t person, int64_t subject)
{
	return ability(person) + (int)(mix((uint64_t)person, (uint64_t)subject, 11) % 161) - 80;
}

/* A vn-tt22 score for one assessment (slot): the standing, ±1.0, 2-10;
 * regular assessments in halves, the mid-term and final in tenths. */
static int tt22_score(int64_t person, int64_t subject, enum gb_slot slot)
{
	int v = standing(person, subject) +
		(int)(mix((uint64_t)person, (uint64_t)subject, 100 + (uint64_t)slot) % 201) - 100;
	int step = slot <= GB_R6 ? 50 : 10;
	v = (v + step / 2) / step * step;
	return v < 200 ? 200 : v > 1000 ? 1000 : v;
}

/* An ir-descriptive level from the standing: in a first grade mostly خیلی
 * خوب and خوب, a few نیاز به تلاش بیشتر. */
static int ird_level(int64_t person, int64_t subject)
{
	int s = standing(person, subject);
	return s >= 760	  ? IRD_VERY_GOOD
	       : s >= 640 ? IRD_GOOD
	       : s >= 540 ? IRD_ACCEPTABLE
			  : IRD_NEEDS_EFFORT;
}

/* A day's mark: mostly present, a few late or away. */
static int day_status(int64_t person, int day)
{
	uint64_t r = mix((uint64_t)person, 31, (uint64_t)day) % 1000;
	return r < 935	 ? ATT_PRESENT
	       : r < 960 ? ATT_LATE
	       : r < 990 ? ATT_ABSENT_EXCUSED
			 : ATT_ABSENT_UNEXCUSED;
}

/* ---- the write job ---- */

struct dt_job {
	struct problem p;
	const char *failed; /* what was being written */
	/* counts of what was added */
	int accounts, subjects, grades, comments, marks, weeks;
	char classes[ARRAY_SIZE(plans)][4 * CLASS_NAME_MAX + 1]; /* their names */
};

/* The id of a teacher account of the school, made (with hash) if missing. */
static int teacher_id(struct db_conn *c, struct arena *a, const char *username, const char *school,
		      const char *hash, struct dt_job *j, int64_t *id)
{
	struct user_login u;
	int rc = user_login_get(c, a, username, &u);
	if (rc == ERR_OK) {
		*id = u.id;
		return ERR_OK;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	struct user_input in = {
		.username = username, .password_hash = hash, .role = ROLE_TEACHER, .org = school};
	rc = user_create(c, &in, id, &j->p);
	j->accounts += !rc;
	return rc;
}

/* Give the class the subject and its teacher, unless it has the subject. */
static int assign(struct db_conn *c, const struct class_ref *cls, const struct subject *s,
		  int64_t teacher, struct dt_job *j)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(cls->id), DBV_INT(s->id)};
	int rc = db_row(c, Q_CLASS_SUBJECT_TEACHER, v, 2, &res);
	if (rc == ERR_OK) {
		db_done(&res);
		return ERR_OK;
	}
	if (rc != ERR_NOTFOUND)
		return rc;
	struct db_val a[] = {DBV_INT(cls->id), DBV_INT(s->id), DBV_INT(cls->org_id),
			     DBV_INT(teacher)};
	rc = db_exec(c, Q_CLASS_SUBJECT_ASSIGN, a, 4, NULL);
	j->subjects += !rc;
	return rc;
}

/* Term I of one assessment (slot) of a subject for the class: a value for
 * each student without one, and (ir-descriptive levels) a comment for each
 * student without one. */
static int fill_slot(struct db_conn *c, struct arena *a, const struct class_ref *cls,
		     const struct subject *s, int64_t teacher, enum gb_slot slot, struct dt_job *j)
{
	enum policy_id pol = (enum policy_id)cls->policy;
	bool comments = gb_policy_comments(pol);
	struct gb_class_rows rows;
	int rc = gb_class_rows(c, a, cls, s->id, comments, &rows);
	if (rc)
		return rc;
	struct gb_entry *e = arena_calloc(a, (size_t)rows.n + 1, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	int n = 0, values = 0, texts = 0;
	for (int i = 0; i < rows.n; i++) {
		int64_t person = rows.students[i];
		int value =
			pol == POLICY_VN_TT22
				? (slot == GB_PASS
					   ? mix((uint64_t)person, (uint64_t)s->id, 3) % 100 >= 2
					   : tt22_score(person, s->id, slot))
				: ird_level(person, s->id);
		bool need_value = rows.rows[i].v[0][slot] == GB_NONE;
		bool need_comment = comments && !rows.comments[i][0];
		if (!need_value && !need_comment)
			continue;
		e[n] = (struct gb_entry){.student = person,
					 .value = value,
					 .keep_value = !need_value,
					 .has_comment = need_comment};
		if (need_comment)
			e[n].comment =
				ir_comment(s->code, need_value ? value : rows.rows[i].v[0][slot]);
		values += need_value;
		texts += need_comment;
		n++;
	}
	if (!n)
		return ERR_OK;
	struct gb_save save = {.cls = cls,
			       .subject = s,
			       .term = 1,
			       .slot = slot,
			       .entries = e,
			       .n = n,
			       .by_user = teacher};
	int changed;
	rc = gb_save_class(c, a, &save, &changed, &j->p);
	j->grades += values;
	j->comments += texts;
	return rc;
}

/* Term I complete: vn-tt22 scored subjects their regular assessments, mid-term
 * and final; commented ones pass; ir-descriptive the level and comment. */
static int fill_gradebook(struct db_conn *c, struct arena *a, const struct class_ref *cls,
			  const struct subject *s, const struct dt_subject *ds, int64_t teacher,
			  struct dt_job *j)
{
	if (cls->policy == POLICY_IR_DESCRIPTIVE)
		return fill_slot(c, a, cls, s, teacher, GB_LEVEL, j);
	if (cls->policy != POLICY_VN_TT22)
		return ERR_OK;
	if (!s->scored)
		return fill_slot(c, a, cls, s, teacher, GB_PASS, j);
	int rc = ERR_OK;
	for (int k = 0; !rc && k < ds->regular; k++)
		rc = fill_slot(c, a, cls, s, teacher, (enum gb_slot)(GB_R1 + k), j);
	if (!rc)
		rc = fill_slot(c, a, cls, s, teacher, GB_MIDTERM, j);
	if (!rc)
		rc = fill_slot(c, a, cls, s, teacher, GB_FINAL, j);
	return rc;
}

/* A day's whole-day marks for the students not yet marked, taken by the
 * homeroom teacher. */
static int fill_day(struct db_conn *c, struct arena *a, const struct dt_plan *plan,
		    const struct class_ref *cls, int day, struct dt_job *j)
{
	struct attendance_mark *marks;
	int n;
	int rc = attendance_class_read(c, a, cls, plan->days[day], 0, &marks, &n);
	if (rc)
		return rc;
	struct attendance_entry *e = arena_calloc(a, (size_t)n + 1, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (marks[i].status != ATT_NONE)
			continue;
		int st = day_status(marks[i].student, day);
		e[k++] = (struct attendance_entry){
			.student = marks[i].student,
			.status = st,
			.note = st == ATT_ABSENT_EXCUSED ? plan->excused : NULL,
		};
	}
	if (!k)
		return ERR_OK;
	struct attendance_save save = {.cls = cls,
				       .date = plan->days[day],
				       .period = 0,
				       .entries = e,
				       .n = k,
				       .by_user = cls->homeroom_id};
	int changed;
	rc = attendance_save_class(c, a, &save, &changed, &j->p);
	j->marks += changed;
	return rc;
}

/* The class's week, unless it has one. */
static int fill_week(struct db_conn *c, struct arena *a, const struct dt_plan *plan,
		     const struct class_ref *cls, const struct subject *subjects,
		     const int64_t *teachers, struct dt_job *j)
{
	struct timetable_slot *have;
	int n;
	int rc = timetable_class_read(c, a, cls->id, &have, &n);
	if (rc || n)
		return rc;
	struct timetable_slot *week = arena_calloc(a, plan->nweek, sizeof(*week));
	if (!week)
		return ERR_NOMEM;
	for (size_t i = 0; i < plan->nweek; i++) {
		const struct dt_period *p = &plan->week[i];
		size_t s = 0;
		while (s < plan->nsubjects && strcmp(plan->subjects[s].code, p->subject))
			s++;
		if (s == plan->nsubjects)
			return ERR_INTERNAL; /* the tables disagree */
		week[i] = (struct timetable_slot){.weekday = p->weekday,
						  .period = p->period,
						  .subject_id = subjects[s].id,
						  .subject = subjects[s].code,
						  .teacher_id = teachers[s],
						  .teacher = plan->subjects[s].teacher,
						  .room = p->room,
						  .class_id = cls->id};
	}
	rc = timetable_save(c, a, cls, week, (int)plan->nweek, &j->p);
	j->weeks += !rc;
	return rc;
}

static int fill_class(struct db_conn *c, struct arena *a, const struct dt_plan *plan, size_t at,
		      struct dt_job *j)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(plan->school);
	int rc = db_row(c, Q_DEMO_FIRST_CLASS, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK; /* no classes: nothing to teach */
	if (rc)
		return rc;
	int64_t id = db_int(&res, C_DEMO_FIRST_CLASS__ID);
	db_done(&res);
	struct class_ref cls;
	rc = class_get(c, a, id, &cls);
	if (rc)
		return rc;
	snprintf(j->classes[at], sizeof(j->classes[at]), "%s", cls.name);
	struct user_login login;
	rc = user_login_get(c, a, plan->login, &login);
	if (rc)
		return rc == ERR_NOTFOUND ? ERR_OK : rc;
	struct subject *subjects = arena_calloc(a, plan->nsubjects, sizeof(*subjects));
	int64_t *teachers = arena_calloc(a, plan->nsubjects, sizeof(*teachers));
	if (!subjects || !teachers)
		return ERR_NOMEM;
	for (size_t i = 0; !rc && i < plan->nsubjects; i++) {
		const struct dt_subject *ds = &plan->subjects[i];
		j->failed = ds->code;
		rc = subject_get(c, a, cls.country, cls.level, ds->code, "subject", &subjects[i],
				 &j->p);
		if (!rc)
			rc = teacher_id(c, a, ds->teacher, plan->school, login.password_hash, j,
					&teachers[i]);
		if (!rc)
			rc = assign(c, &cls, &subjects[i], teachers[i], j);
		if (!rc)
			rc = fill_gradebook(c, a, &cls, &subjects[i], ds, teachers[i], j);
	}
	j->failed = "attendance";
	for (size_t d = 0; !rc && d < plan->ndays; d++)
		rc = fill_day(c, a, plan, &cls, (int)d, j);
	j->failed = "timetable";
	if (!rc)
		rc = fill_week(c, a, plan, &cls, subjects, teachers, j);
	j->failed = NULL;
	return rc;
}

static int demo_teaching_write(struct db_conn *c, void *arg)
{
	struct dt_job *j = arg;
	struct arena a;
	arena_init(&a, (size_t)64 * 1024, 0);
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(plans); i++)
		rc = fill_class(c, &a, &plans[i], i, j);
	arena_release(&a);
	return rc;
}

int demo_teaching_fill(struct db *db, FILE *progress)
{
	struct dt_job j = {0};
	int rc = db_write(db, demo_teaching_write, &j);
	if (rc)
		log_error("demo: teaching%s%s: %s", j.failed ? " " : "", j.failed ? j.failed : "",
			  j.p.detail ? j.p.detail : err_str(rc));
	if (!rc && progress) {
		int added = j.accounts + j.subjects + j.grades + j.comments + j.marks + j.weeks;
		fprintf(progress,
			"demo: teaching of %s (%s) and %s (%s): subjects and teachers, term I's "
			"gradebook, a week of attendance, the timetable",
			j.classes[0], plans[0].school, j.classes[1], plans[1].school);
		if (added)
			fprintf(progress,
				" (%d accounts, %d subjects, %d assessments, %d comments, %d "
				"marks, "
				"%d weeks added)\n",
				j.accounts, j.subjects, j.grades, j.comments, j.marks, j.weeks);
		else
			fprintf(progress, " (already there)\n");
	}
	return rc;
}
