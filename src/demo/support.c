/*
 * support.c: the demo's help desk (issue 18, docs/demo.md "The help desk"):
 * support agents at a Vietnamese school, its district and its province;
 * the seed articles of the knowledge base; canned answers at the district
 * and the province; and tickets at several levels in both countries:
 * filed at past instants by the demo's guardian, teachers and principals,
 * some answered, some resolved with a satisfaction score, some left to go
 * overdue, and the sweep run at a past instant so that those climbed a
 * level (or two) on their deadlines, as a late-running sweep would have
 * done.
 *
 * Everything goes through the domain operations the API and the sweep use;
 * the accounts are written as the demo writes its others. A second run
 * adds nothing: an account is found by its name, a ticket by its
 * requester's Idempotency-Key, an article by its slug, a canned answer by
 * its title at its org, and the sweep at the same instant changes nothing.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "db/db.h"
#include "demo/demo.h"
#include "domain/access/user.h"
#include "domain/registry/import.h"
#include "domain/support/article.h"
#include "domain/support/calendar.h"
#include "domain/support/canned.h"
#include "domain/support/clock.h"
#include "domain/support/escalation.h"
#include "domain/support/satisfaction.h"
#include "domain/support/ticket.h"

static const struct demo_login support_logins[] = {
	{DEMO_SUPPORT_SCHOOL, "support_agent", DEMO_SUPPORT_SCHOOL_ORG,
	 "support agent, Phan Đình Phùng: the school's tickets"},
	{DEMO_SUPPORT_DISTRICT, "support_agent", DEMO_SUPPORT_DISTRICT_ORG,
	 "support agent, Ba Đình district: escalated and overdue tickets, canned answers"},
	{DEMO_SUPPORT_PROVINCE, "support_agent", DEMO_SUPPORT_PROVINCE_ORG,
	 "support agent, Hà Nội department: what climbed to the province, reports"},
};

_Static_assert(ARRAY_SIZE(support_logins) == DEMO_SUPPORT_AGENTS, "demo.h counts the agents");

/* The accounts that have tickets, printed after the agents. */
static const struct demo_login requesters[] = {
	{"teacher.pdp", "teacher", "VN-HN-BD03",
	 "has tickets: at the school, escalated to the district and province, breached, waiting, "
	 "resolved"},
	{"principal.pdp", "school_admin", "VN-HN-BD03",
	 "has a ticket at the district (a principal asks the level above)"},
	{DEMO_GUARDIAN, "guardian", NULL,
	 "has tickets about the child: one at the school, one escalated"},
	{"teacher.beheshti", "teacher", "IR-THR-S0101", "has a resolved ticket, rated"},
	{"principal.beheshti", "school_admin", "IR-THR-S0101",
	 "has a ticket that climbed to the ministry; answers the school's tickets"},
};

static struct demo_login all_logins[ARRAY_SIZE(support_logins) + ARRAY_SIZE(requesters)];

const struct demo_login *demo_support_logins(size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < ARRAY_SIZE(support_logins); i++)
		all_logins[k++] = support_logins[i];
	for (size_t i = 0; i < ARRAY_SIZE(requesters); i++)
		all_logins[k++] = requesters[i];
	*n = k;
	return all_logins;
}

/* ---- the accounts ---- */

struct accounts_job {
	const char *hash;
	int made;
	struct problem p;
};

static int accounts_write(struct db_conn *c, void *arg)
{
	struct accounts_job *j = arg;
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(support_logins); i++) {
		struct arena a;
		arena_init(&a, 1024, 0);
		struct user_login have;
		rc = user_login_get(c, &a, support_logins[i].username, &have);
		arena_release(&a);
		if (rc != ERR_NOTFOUND)
			continue;
		struct user_input in = {.username = support_logins[i].username,
					.password_hash = j->hash,
					.role = ROLE_SUPPORT_AGENT,
					.org = support_logins[i].org};
		int64_t id;
		rc = user_create(c, &in, &id, &j->p);
		j->made += !rc;
	}
	return rc;
}

/* ---- canned answers ---- */

struct demo_canned {
	const char *org, *by, *lang, *title, *body;
};

static const struct demo_canned canned[] = {
	{DEMO_SUPPORT_DISTRICT_ORG, DEMO_SUPPORT_DISTRICT, "vi", "Đặt lại mật khẩu",
	 "Chào thầy/cô, nhà trường cấp mã đặt lại mật khẩu dùng một lần (12 ký tự, hiệu lực 14 "
	 "ngày). Trên trang đăng nhập chọn «Tôi có mã dùng một lần» rồi đặt mật khẩu mới."},
	{DEMO_SUPPORT_DISTRICT_ORG, DEMO_SUPPORT_DISTRICT, "vi", "Đã mở khóa sổ điểm",
	 "Phòng đã mở khóa sổ điểm của học kỳ. Thầy/cô vui lòng nhập lại và lưu; sau khi hoàn tất "
	 "xin báo để nhà trường khóa lại."},
	{DEMO_SUPPORT_DISTRICT_ORG, DEMO_SUPPORT_DISTRICT, "en", "Password reset",
	 "Your school issues a one-time reset code (12 characters, valid for 14 days). On the "
	 "sign-in page choose \"I have a one-time code\" and set a new password."},
	{DEMO_SUPPORT_PROVINCE_ORG, DEMO_SUPPORT_PROVINCE, "vi", "Chuyển cho Bộ",
	 "Sở đã ghi nhận và chuyển yêu cầu lên Bộ Giáo dục và Đào tạo vì vượt thẩm quyền của Sở."},
	{"IR-THR-D01", "tehran.d01", "fa", "بازیابی گذرواژه",
	 "با سلام، مدیر مدرسه برای حساب شما "
	 "کد بازیابی یک‌بارمصرف صادر می‌کند "
	 "(۱۲ نویسه، ۱۴ روز اعتبار). "
	 "در صفحهٔ ورود «کد یک‌بارمصرف دارم» "
	 "را بزنید و گذرواژهٔ تازه بگذارید."},
	{"IR-THR-D01", "tehran.d01", "fa", "ارجاع به اداره کل",
	 "درخواست شما بررسی شد و برای تصمیم به اداره کل آموزش و پرورش استان ارجاع شد."},
};

/* Add the canned answers an org does not have yet (by title); *made counts them. */
static int canned_fill(struct db *db, int *made)
{
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(canned); i++) {
		struct arena a;
		arena_init(&a, 1 << 14, 0);
		struct principal who = {0};
		struct actor by = {.who = &who, .arena = &a};
		rc = import_principal_load(db, &a, canned[i].by, &who);
		struct canned_list l = {.who = &who,
					.org_code = canned[i].org,
					.lang = canned[i].lang,
					.arena = &a};
		if (!rc)
			rc = canned_list(db, &l);
		bool have = false;
		for (int k = 0; !rc && k < l.n; k++)
			have = have || !strcmp(l.items[k].title, canned[i].title);
		if (!rc && !have) {
			struct canned_write w = {.by = &by,
						 .org_code = canned[i].org,
						 .lang = canned[i].lang,
						 .title = canned[i].title,
						 .body = canned[i].body};
			rc = db_write(db, canned_write_tx, &w);
			if (rc)
				log_error("demo: canned answer %s: %s", canned[i].title,
					  w.p.detail ? w.p.detail : err_str(rc));
			*made += !rc;
		}
		arena_release(&a);
	}
	return rc;
}

/* ---- tickets ---- */

/* What staff do with a ticket after the sweep, at its level then. */
enum demo_act { ACT_NONE, ACT_ANSWER, ACT_NOTE, ACT_WAIT, ACT_RESOLVE };

struct demo_ticket {
	const char *country, *requester;
	bool child; /* names the guardian's child */
	const char *lang, *category, *subject, *body;
	/* Working minutes from filing to the sweep; negative: filed that many
	 * minutes before the demo ran (after the sweep: nothing due yet). */
	int work_min;
	enum demo_act act;
	const char *answer;
	int score; /* the requester's rating once resolved (0: none) */
	const char *comment;
};

static const struct demo_ticket tickets[] = {
	{"VN", "teacher.pdp", false, "vi", "teaching", "Sổ điểm lớp 10A1 không lưu được",
	 "Khi lưu điểm thường xuyên môn Toán, hệ thống báo lỗi và không lưu. Nhờ hỗ trợ mở khóa.",
	 6 * 60, ACT_NONE, NULL, 0, NULL},
	{"VN", "principal.pdp", false, "vi", "records", "Cấp lại học bạ cho học sinh chuyển trường",
	 "Trường cần cấp lại học bạ điện tử cho một học sinh chuyển đến từ quận Đống Đa.", 3 * 60,
	 ACT_ANSWER, "Phòng đã nhận. Trường gửi giúp quyết định tiếp nhận học sinh để đối chiếu.",
	 0, NULL},
	{"VN", "teacher.pdp", false, "vi", "account", "Tài khoản giáo viên bị khóa",
	 "Tôi nhập sai mật khẩu nhiều lần và tài khoản bị khóa.", 20 * 60, ACT_NOTE,
	 "Đã kiểm tra: tài khoản không bị vô hiệu hóa, chỉ bị chờ do nhập sai mã.", 0, NULL},
	{"VN", "teacher.pdp", false, "vi", "exams", "Lịch thi thử bị trùng với lịch kiểm tra",
	 "Lịch thi thử của Sở trùng với lịch kiểm tra giữa kỳ của trường.", 50 * 60, ACT_NONE, NULL,
	 0, NULL},
	{"VN", "teacher.pdp", false, "vi", "other", "Đề nghị thêm hướng dẫn nhập điểm",
	 "Xin bổ sung hướng dẫn nhập điểm nhận xét cho môn Giáo dục thể chất.", -120, ACT_NONE,
	 NULL, 0, NULL},
	{"VN", "teacher.pdp", false, "vi", "account", "Quên mật khẩu sau kỳ nghỉ",
	 "Tôi không nhớ mật khẩu sau kỳ nghỉ.", 2 * 60, ACT_RESOLVE,
	 "Nhà trường đã cấp mã đặt lại mật khẩu cho thầy. Thầy đăng nhập lại giúp.", 5,
	 "Được hỗ trợ nhanh, cảm ơn nhà trường."},
	{"VN", "teacher.pdp", false, "vi", "fees", "Khoản thu bán trú tháng 11",
	 "Phụ huynh hỏi về khoản thu bán trú tháng 11 bị tính hai lần.", 60, ACT_WAIT,
	 "Thầy gửi giúp tên học sinh và biên lai để trường kiểm tra.", 0, NULL},
	{"IR", DEMO_GUARDIAN, true, "fa", "registration",
	 "ثبت‌نام پایهٔ دوم برای سال آینده",
	 "ثبت‌نام فرزندم برای پایهٔ دوم از چه تاریخی شروع "
	 "می‌شود؟",
	 60, ACT_NONE, NULL, 0, NULL},
	{"IR", DEMO_GUARDIAN, true, "fa", "records",
	 "کارنامهٔ نیم‌سال اول در سامانه نیست",
	 "کارنامهٔ نیم‌سال اول فرزندم هنوز در سامانه دیده "
	 "نمی‌شود.",
	 10 * 60, ACT_NONE, NULL, 0, NULL},
	{"IR", "teacher.beheshti", false, "fa", "teaching", "ثبت نمره‌های ماهانه",
	 "نمره‌های ماهانهٔ کلاس اول الف ذخیره نمی‌شود.",
	 2 * 60, ACT_RESOLVE,
	 "مشکل برطرف شد؛ نمره‌ها را دوباره ذخیره کنید.", 4,
	 NULL},
	{"IR", "principal.beheshti", false, "fa", "account", "دسترسی معاون آموزشی به سامانه",
	 "برای معاون آموزشی تازهٔ مدرسه حساب کاربری لازم داریم.", 30 * 60, ACT_ANSWER,
	 "درخواست در وزارت بررسی می‌شود "
	 "و نتیجه از همین‌جا اعلام خواهد شد.",
	 0, NULL},
};

/* The demo's support staff of each org a ticket may climb to. */
static const char *const staff_of[][2] = {
	{"VN-HN-BD03", DEMO_SUPPORT_SCHOOL},
	{"VN-HN-BD", DEMO_SUPPORT_DISTRICT},
	{"VN-HN", DEMO_SUPPORT_PROVINCE},
	{"VN", "vn.ministry"},
	{"IR-THR-S0101", "principal.beheshti"},
	{"IR-THR-D01", "tehran.d01"},
	{"IR-THR", "tehran"},
	{"IR", "ir.ministry"},
};

#define MINUTE_MS (60LL * 1000)

struct back_job {
	const char *country;
	int64_t to;
	int64_t work;
	int64_t from; /* out */
	struct problem p;
};

/* The latest instant (on a quarter hour) with at least `work` ms of
 * working time between it and `to` in the country's calendar. */
static int back_read(struct db_conn *c, void *arg)
{
	struct back_job *j = arg;
	struct arena a;
	arena_init(&a, 1 << 14, 0);
	struct support_calendar cal;
	int rc = support_calendar_load(c, &a, j->country, &cal, &j->p);
	j->from = j->to / (15 * MINUTE_MS) * (15 * MINUTE_MS);
	for (int i = 0; !rc && i < 40000 && support_clock_between(&cal, j->from, j->to) < j->work;
	     i++)
		j->from -= 15 * MINUTE_MS;
	arena_release(&a);
	return rc;
}

struct child_job {
	const char *guardian;
	int64_t person;
};

static int child_read(struct db_conn *c, void *arg)
{
	struct child_job *j = arg;
	struct db_res res;
	struct db_val v = DBV_TEXT(j->guardian);
	int rc = db_row(c, Q_DEMO_SUPPORT_CHILD, &v, 1, &res);
	if (rc)
		return rc;
	j->person = db_int(&res, C_DEMO_SUPPORT_CHILD__PERSON_ID);
	db_done(&res);
	return ERR_OK;
}

struct org_job {
	int64_t ticket;
	char code[32];
};

static int org_read(struct db_conn *c, void *arg)
{
	struct org_job *j = arg;
	struct db_res res;
	struct db_val v = DBV_INT(j->ticket);
	int rc = db_row(c, Q_DEMO_SUPPORT_TICKET_ORG, &v, 1, &res);
	if (rc)
		return rc;
	snprintf(j->code, sizeof(j->code), "%s",
		 db_text(&res, C_DEMO_SUPPORT_TICKET_ORG__CODE, NULL));
	db_done(&res);
	return ERR_OK;
}

/* File ticket i at `at` (an Idempotency-Key per ticket, so a second run
 * files nothing): *id the ticket, *made false when it was there. */
static int ticket_file(struct db *db, size_t i, int64_t at, int64_t *id, bool *made)
{
	const struct demo_ticket *d = &tickets[i];
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	int rc = import_principal_load(db, &a, d->requester, &who);
	struct child_job cj = {.guardian = d->requester};
	if (!rc && d->child)
		rc = db_read(db, child_read, &cj);
	char key[32];
	snprintf(key, sizeof(key), "demo-support-%zu", i + 1);
	struct support_ticket_create x = {.by = &by,
					  .now = at,
					  .key = key,
					  .lang = d->lang,
					  .category = d->category,
					  .subject = d->subject,
					  .body = d->body,
					  .student = cj.person};
	if (!rc) {
		rc = db_write(db, support_ticket_create_tx, &x);
		if (rc)
			log_error("demo: ticket \"%s\": %s", d->subject,
				  x.p.detail ? x.p.detail : err_str(rc));
	}
	*id = rc ? 0 : x.t.id;
	*made = !rc && !x.replayed;
	arena_release(&a);
	return rc;
}

/* What staff of the ticket's level then do with ticket i, at `at`. */
static int ticket_act(struct db *db, size_t i, int64_t id, int64_t at)
{
	const struct demo_ticket *d = &tickets[i];
	if (d->act == ACT_NONE)
		return ERR_OK;
	struct org_job oj = {.ticket = id};
	int rc = db_read(db, org_read, &oj);
	const char *staff = NULL;
	for (size_t k = 0; !rc && k < ARRAY_SIZE(staff_of); k++)
		if (!strcmp(staff_of[k][0], oj.code))
			staff = staff_of[k][1];
	if (rc || !staff)
		return rc;
	struct arena a;
	arena_init(&a, 1 << 16, 0);
	struct principal who = {0};
	struct actor by = {.who = &who, .arena = &a};
	rc = import_principal_load(db, &a, staff, &who);
	struct problem p = {0};
	if (!rc && d->act == ACT_NOTE) {
		struct support_message_post m = {
			.by = &by, .id = id, .now = at, .kind = "note", .body = d->answer};
		rc = db_write(db, support_message_post_tx, &m);
		p = m.p;
	}
	if (!rc && (d->act == ACT_ANSWER || d->act == ACT_WAIT || d->act == ACT_RESOLVE)) {
		struct support_message_post m = {
			.by = &by, .id = id, .now = at, .kind = "reply", .body = d->answer};
		rc = db_write(db, support_message_post_tx, &m);
		p = m.p;
	}
	if (!rc && (d->act == ACT_WAIT || d->act == ACT_RESOLVE)) {
		struct support_status_change s = {.by = &by,
						  .id = id,
						  .now = at + 5 * MINUTE_MS,
						  .status = d->act == ACT_WAIT ? "waiting"
									       : "resolved"};
		rc = db_write(db, support_status_change_tx, &s);
		p = s.p;
	}
	if (rc)
		log_error("demo: ticket %" PRId64 " by %s: %s", id, staff,
			  p.detail ? p.detail : err_str(rc));
	/* The requester rates a resolved ticket. */
	struct principal asker = {0};
	struct actor asks = {.who = &asker, .arena = &a};
	if (!rc && d->act == ACT_RESOLVE && d->score)
		rc = import_principal_load(db, &a, d->requester, &asker);
	if (!rc && d->act == ACT_RESOLVE && d->score) {
		struct support_rate r = {.by = &asks,
					 .id = id,
					 .now = at + 60 * MINUTE_MS,
					 .score = d->score,
					 .comment = d->comment};
		rc = db_write(db, support_rate_tx, &r);
		if (rc)
			log_error("demo: rating ticket %" PRId64 ": %s", id,
				  r.p.detail ? r.p.detail : err_str(rc));
	}
	arena_release(&a);
	return rc;
}

struct sweep_lines {
	FILE *out;
};

static void sweep_line(void *arg, const char *text)
{
	struct sweep_lines *l = arg;
	if (l->out)
		fprintf(l->out, "demo: sweep: %s\n", text);
}

/* su-desk: the knowledge base's seed articles (data/support/articles/),
 * loaded as `PUT /api/v1/support/articles/{slug}` would: replaced when
 * there, so a second run changes nothing. */
int demo_support_articles(struct db *db, FILE *progress)
{
	struct arena a;
	arena_init(&a, (size_t)64 * 1024, 16u << 20);
	struct problem p = {0};
	int n = 0;
	int rc = article_seed_all(db, &a, &n, &p);
	arena_release(&a);
	if (!rc && progress)
		fprintf(progress, "demo: %d knowledge base articles (fa, vi, en)\n", n);
	return rc;
}

int demo_support_fill(struct db *db, FILE *progress)
{
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	struct accounts_job acc = {.hash = hash};
	/* The holidays first (as `tabula migrate` loads them), so that the
	 * tickets' deadlines skip them. */
	int holidays = 0;
	if (!rc)
		rc = support_holidays_seed(db, &holidays);
	if (!rc && progress && holidays)
		fprintf(progress, "demo: %d holiday files loaded (a country's year each)\n",
			holidays);
	if (!rc)
		rc = demo_support_articles(db, progress);
	if (!rc) {
		rc = db_write(db, accounts_write, &acc);
		if (rc)
			log_error("demo: support accounts: %s",
				  acc.p.detail ? acc.p.detail : err_str(rc));
	}
	int canned_made = 0;
	if (!rc)
		rc = canned_fill(db, &canned_made);
	/* The sweep runs an hour ago; tickets are filed the working time
	 * before it that sends them where they are meant to be. */
	int64_t now = time_now_ms() / MINUTE_MS * MINUTE_MS;
	int64_t sweep_at = now - 60 * MINUTE_MS;
	int64_t ids[ARRAY_SIZE(tickets)] = {0};
	bool made[ARRAY_SIZE(tickets)] = {0};
	int nmade = 0;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(tickets); i++) {
		struct back_job b = {.country = tickets[i].country,
				     .to = sweep_at,
				     .work = (int64_t)tickets[i].work_min * MINUTE_MS};
		if (tickets[i].work_min >= 0)
			rc = db_read(db, back_read, &b);
		else
			b.from = now + (int64_t)tickets[i].work_min * MINUTE_MS;
		if (!rc)
			rc = ticket_file(db, i, b.from, &ids[i], &made[i]);
		nmade += made[i];
	}
	struct support_sweep sw = {.at_ms = sweep_at};
	struct sweep_lines sl = {.out = progress};
	sw.line = sweep_line;
	sw.line_arg = &sl;
	if (!rc && nmade) {
		rc = support_sweep_run(db, &sw);
		if (rc)
			log_error("demo: support sweep: %s",
				  sw.p.detail ? sw.p.detail : err_str(rc));
	}
	for (size_t i = 0; !rc && i < ARRAY_SIZE(tickets); i++)
		if (made[i])
			rc = ticket_act(db, i, ids[i], sweep_at + 20 * MINUTE_MS);
	if (!rc && progress) {
		fprintf(progress, "demo: %zu support agents (%d new) at %s, %s and %s\n",
			ARRAY_SIZE(support_logins), acc.made, DEMO_SUPPORT_SCHOOL_ORG,
			DEMO_SUPPORT_DISTRICT_ORG, DEMO_SUPPORT_PROVINCE_ORG);
		fprintf(progress, "demo: %zu canned answers (%d new)\n", ARRAY_SIZE(canned),
			canned_made);
		fprintf(progress,
			"demo: %zu support tickets (%d new) in Hà Nội and Tehran; the sweep an "
			"hour "
			"ago escalated %" PRId64 " times and marked %" PRId64 " breached\n",
			ARRAY_SIZE(tickets), nmade, sw.escalated, sw.breached);
	}
	return rc;
}
