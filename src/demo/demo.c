/*
 * demo.c: `tabula demo`, a synthetic Tehran and Hà Nội to try Tabula with.
 *
 * The data is made in memory first (make_kids, make_plan: pure, from a fixed
 * seed) and then written: organisations and accounts, students in batches of
 * DEMO_BATCH through the group-commit writer, then the duplicates, transfers
 * and leavers. Because the data is the same on every run, each write first
 * looks for what it would add and skips itself when it is there: a batch when
 * its first national id is registered, a duplicate when its name, birth date
 * and sex are already held twice, a transfer or a leaver when the student is
 * no longer at the school the plan starts from. So a second run adds nothing
 * and a run after an interrupted one adds only what is missing.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "crypto/password.h"
#include "domain/common/calendar.h"
#include "demo/demo.h"
#include "domain/registry/enrolment.h"
#include "domain/registry/nid.h"
#include "domain/registry/org.h"
#include "domain/registry/student.h"
#include "domain/registry/transfer.h"
#include "domain/access/user.h"

#include <pthread.h>

/* ---- organisations ---- */

static const struct org_input demo_offices[] = {
	{"IR", "وزارت آموزش و پرورش", "ministry", NULL, "IR", NULL, NULL, NULL},
	{"IR-THR", "اداره کل آموزش و پرورش استان تهران", "province", "IR", NULL, NULL, NULL, NULL},
	{"IR-THR-D01", "آموزش و پرورش ناحیه ۱ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL},
	{"IR-THR-D02", "آموزش و پرورش ناحیه ۲ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL},
	{"IR-THR-D03", "آموزش و پرورش شهرستان ری", "district", "IR-THR", NULL, NULL, NULL, NULL},
	{"IR-THR-D04", "آموزش و پرورش ناحیه ۴ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL},
	{"IR-THR-D05", "آموزش و پرورش ناحیه ۵ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL},
	{"VN", "Bộ Giáo dục và Đào tạo", "ministry", NULL, "VN", NULL, NULL, NULL},
	{"VN-HN", "Sở Giáo dục và Đào tạo Hà Nội", "province", "VN", NULL, NULL, NULL, NULL},
	{"VN-HN-BD", "Phòng GD&ĐT quận Ba Đình", "district", "VN-HN", NULL, NULL, NULL, NULL},
	{"VN-HN-CG", "Phòng GD&ĐT quận Cầu Giấy", "district", "VN-HN", NULL, NULL, NULL, NULL},
	{"VN-HN-DD", "Phòng GD&ĐT quận Đống Đa", "district", "VN-HN", NULL, NULL, NULL, NULL},
	{"VN-HN-HK", "Phòng GD&ĐT quận Hoàn Kiếm", "district", "VN-HN", NULL, NULL, NULL, NULL},
};

struct demo_school {
	const char *code, *name, *district, *level, *sector, *address;
	char sex; /* Iran's schools teach boys (M) or girls (F); 0: both */
	int size; /* relative size of a year group */
};

#define P "primary"
#define L "lower_secondary"
#define U "upper_secondary"

/* Iranian schools first, then Vietnamese ones (see is_ir). */
static const struct demo_school demo_schools[] = {
	{"IR-THR-S0101", "دبستان شهید بهشتی", "IR-THR-D01", P, "public",
	 "خیابان شریعتی، بالاتر از پل رومی، کوچه شهید بهشتی، پلاک ۱۴، تهران", 'M', 4},
	{"IR-THR-S0102", "دبیرستان دخترانه فرزانگان", "IR-THR-D01", U, "public",
	 "میدان قدس، خیابان دربند، کوچه فرزانگان، تهران", 'F', 4},
	{"IR-THR-S0103", "هنرستان فنی امیرکبیر", "IR-THR-D01", U, "private",
	 "نیاوران، خیابان شهید باهنر، پلاک ۱۲۰، تهران", 'M', 3},
	{"IR-THR-S0104", "دبستان پسرانه فردوسی", "IR-THR-D01", P, "public",
	 "قیطریه، خیابان شهید لواسانی، کوچه فردوسی، تهران", 'M', 3},
	{"IR-THR-S0105", "دبیرستان دوره اول دخترانه حافظ", "IR-THR-D01", L, "public",
	 "زعفرانیه، خیابان مقدس اردبیلی، کوچه حافظ، تهران", 'F', 4},
	{"IR-THR-S0201", "دبستان پسرانه سعدی", "IR-THR-D02", P, "public",
	 "شهرک غرب، بلوار فرحزادی، کوچه سعدی، تهران", 'M', 3},
	{"IR-THR-S0202", "دبیرستان البرز", "IR-THR-D02", U, "public",
	 "خیابان انقلاب، نرسیده به چهارراه کالج، تهران", 'M', 4},
	{"IR-THR-S0203", "دبستان پسرانه ابن\u200cسینا", "IR-THR-D02", P, "public",
	 "شهرک غرب، خیابان ایران\u200cزمین، کوچه ابن\u200cسینا، تهران", 'M', 3},
	{"IR-THR-S0204", "دبیرستان دوره اول پسرانه شهید چمران", "IR-THR-D02", L, "public",
	 "خیابان پاتریس لومومبا، کوچه شهید چمران، تهران", 'M', 4},
	{"IR-THR-S0205", "دبستان غیردولتی دخترانه نیکان", "IR-THR-D02", P, "private",
	 "سعادت\u200cآباد، میدان کاج، خیابان نیکان، تهران", 'F', 2},
	{"IR-THR-S0301", "دبستان دخترانه پروین اعتصامی", "IR-THR-D03", P, "public",
	 "شهرری، خیابان فدائیان اسلام، کوچه پروین، تهران", 'F', 4},
	{"IR-THR-S0302", "دبیرستان علامه طباطبایی", "IR-THR-D03", U, "public",
	 "شهرری، میدان نماز، خیابان علامه طباطبایی، تهران", 'M', 3},
	{"IR-THR-S0303", "دبستان دخترانه شهید رجایی", "IR-THR-D03", P, "public",
	 "شهرری، خیابان قم، کوچه شهید رجایی، تهران", 'F', 3},
	{"IR-THR-S0304", "دبیرستان دوره اول پسرانه شیخ صدوق", "IR-THR-D03", L, "public",
	 "شهرری، خیابان ابن\u200cبابویه، نزدیک آرامگاه شیخ صدوق، تهران", 'M', 4},
	{"IR-THR-S0305", "دبیرستان دوره دوم دخترانه بنت\u200cالهدی", "IR-THR-D03", U, "public",
	 "شهرری، بلوار شهید رجایی، خیابان بنت\u200cالهدی، تهران", 'F', 3},
	{"IR-THR-S0401", "دبستان پسرانه خیام", "IR-THR-D04", P, "public",
	 "تهرانپارس، خیابان رشید، کوچه خیام، تهران", 'M', 4},
	{"IR-THR-S0402", "دبستان پسرانه شهید باهنر", "IR-THR-D04", P, "public",
	 "حکیمیه، بلوار بابایی، خیابان شهید باهنر، تهران", 'M', 3},
	{"IR-THR-S0403", "دبیرستان دوره اول دخترانه سیمین دانشور", "IR-THR-D04", L, "public",
	 "مجیدیه شمالی، کوچه سیمین دانشور، تهران", 'F', 3},
	{"IR-THR-S0404", "دبیرستان دوره اول دخترانه رابعه", "IR-THR-D04", L, "public",
	 "تهرانپارس، خیابان جشنواره، کوچه رابعه، تهران", 'F', 3},
	{"IR-THR-S0405", "دبیرستان دوره دوم پسرانه شهید مدرس", "IR-THR-D04", U, "public",
	 "لویزان، خیابان شهید مدرس، تهران", 'M', 4},
	{"IR-THR-S0501", "دبستان دخترانه مولوی", "IR-THR-D05", P, "public",
	 "پونک، خیابان سردار جنگل، کوچه مولوی، تهران", 'F', 4},
	{"IR-THR-S0502", "دبستان دخترانه عطار", "IR-THR-D05", P, "public",
	 "جنت\u200cآباد جنوبی، خیابان عطار، تهران", 'F', 3},
	{"IR-THR-S0503", "دبیرستان دوره اول پسرانه خوارزمی", "IR-THR-D05", L, "public",
	 "بزرگراه ستاری، خیابان خوارزمی، تهران", 'M', 4},
	{"IR-THR-S0504", "دبیرستان غیردولتی پسرانه دوره اول مفید", "IR-THR-D05", L, "private",
	 "شهران، خیابان کوهسار، کوچه مفید، تهران", 'M', 2},
	{"IR-THR-S0505", "دبیرستان دوره دوم دخترانه ملاصدرا", "IR-THR-D05", U, "public",
	 "پونک، بلوار میرزابابایی، خیابان ملاصدرا، تهران", 'F', 3},
	{"VN-HN-BD01", "Trường Tiểu học Ba Đình", "VN-HN-BD", P, "public",
	 "Số 6 phố Nguyễn Thiếp, Ba Đình, Hà Nội", 0, 3},
	{"VN-HN-BD02", "Trường THCS Phan Chu Trinh", "VN-HN-BD", L, "public",
	 "Số 8 phố Núi Trúc, Ba Đình, Hà Nội", 0, 3},
	{"VN-HN-BD03", "Trường THPT Phan Đình Phùng", "VN-HN-BD", U, "public",
	 "Số 67 phố Cửa Bắc, Ba Đình, Hà Nội", 0, 4},
	{"VN-HN-BD04", "Trường Tiểu học Kim Đồng", "VN-HN-BD", P, "public",
	 "Số 2 phố Giảng Võ, Ba Đình, Hà Nội", 0, 3},
	{"VN-HN-CG01", "Trường Tiểu học Nghĩa Tân", "VN-HN-CG", P, "public",
	 "Ngõ 6 phố Tô Hiệu, Nghĩa Tân, Cầu Giấy, Hà Nội", 0, 3},
	{"VN-HN-CG02", "Trường THCS Cầu Giấy", "VN-HN-CG", L, "public",
	 "Số 35 phố Trung Kính, Cầu Giấy, Hà Nội", 0, 3},
	{"VN-HN-CG03", "Trường THPT Yên Hòa", "VN-HN-CG", U, "public",
	 "Số 251 phố Nguyễn Khang, Cầu Giấy, Hà Nội", 0, 4},
	{"VN-HN-CG04", "Trường THCS Nghĩa Tân", "VN-HN-CG", L, "public",
	 "Số 2 phố Tô Hiệu, Nghĩa Tân, Cầu Giấy, Hà Nội", 0, 3},
	{"VN-HN-DD01", "Trường Tiểu học Trung Tự", "VN-HN-DD", P, "public",
	 "Phố Đặng Văn Ngữ, Trung Tự, Đống Đa, Hà Nội", 0, 3},
	{"VN-HN-DD02", "Trường Tiểu học Văn Chương", "VN-HN-DD", P, "public",
	 "Ngõ Văn Chương, Đống Đa, Hà Nội", 0, 2},
	{"VN-HN-DD03", "Trường THCS Láng Thượng", "VN-HN-DD", L, "public",
	 "Phố Chùa Láng, Láng Thượng, Đống Đa, Hà Nội", 0, 3},
	{"VN-HN-DD04", "Trường THPT Kim Liên", "VN-HN-DD", U, "public",
	 "Số 1 ngõ 4C phố Đặng Văn Ngữ, Đống Đa, Hà Nội", 0, 4},
	{"VN-HN-HK01", "Trường Tiểu học Điện Biên", "VN-HN-HK", P, "public",
	 "Phố Điện Biên Phủ, Hoàn Kiếm, Hà Nội", 0, 2},
	{"VN-HN-HK02", "Trường THCS Trưng Vương", "VN-HN-HK", L, "public",
	 "Số 1 phố Hàng Bài, Hoàn Kiếm, Hà Nội", 0, 3},
	{"VN-HN-HK03", "Trường THCS Ngô Sĩ Liên", "VN-HN-HK", L, "public",
	 "Số 12 phố Hàng Bông, Hoàn Kiếm, Hà Nội", 0, 2},
	{"VN-HN-HK04", "Trường THPT Việt Đức", "VN-HN-HK", U, "public",
	 "Số 47 phố Lý Thường Kiệt, Hoàn Kiếm, Hà Nội", 0, 4},
};

#undef P
#undef L
#undef U

#define NSCHOOLS ARRAY_SIZE(demo_schools)

/* Schools whose students all get their earlier years: the demo logins'. */
#define FEATURED_IR "IR-THR-S0101"
#define FEATURED_VN "VN-HN-BD03"

static bool is_ir(size_t school)
{
	return demo_schools[school].code[0] == 'I';
}

static const char *country_of(size_t school)
{
	return is_ir(school) ? "IR" : "VN";
}

/* The grades a school teaches (registry.md: Iran 1-6, 7-9, 10-12; Vietnam
 * 1-5, 6-9, 10-12). */
static void school_grades(size_t school, int *lo, int *hi)
{
	const char *level = demo_schools[school].level;
	if (!strcmp(level, "primary"))
		*lo = 1, *hi = is_ir(school) ? 6 : 5;
	else if (!strcmp(level, "lower_secondary"))
		*lo = is_ir(school) ? 7 : 6, *hi = 9;
	else
		*lo = 10, *hi = 12;
}

/* ---- accounts ---- */

/* Grouped by country, from the top of the tree down. */
static const struct demo_login logins[] = {
	{"admin", "ministry_admin", NULL, "national administrator (both countries)"},
	{"ir.ministry", "ministry_admin", "IR", "Iran's ministry"},
	{"tehran", "province_officer", "IR-THR", "Tehran province office"},
	{"tehran.d01", "district_officer", "IR-THR-D01", "Tehran district 1"},
	{"principal.beheshti", "school_admin", "IR-THR-S0101", "principal, Shahid Beheshti"},
	{"teacher.beheshti", "teacher", "IR-THR-S0101", "teacher, Shahid Beheshti"},
	{DEMO_GUARDIAN, "guardian", NULL,
	 "parent of a grade 1 child at IR-THR-S0101: can apply in the open admission round"},
	{DEMO_OFFER_GUARDIAN, "guardian", NULL,
	 "parent with an offer to accept or decline, a waitlist place and an explanation"},
	{"vn.ministry", "ministry_admin", "VN", "Vietnam's ministry"},
	{"hanoi", "province_officer", "VN-HN", "Hà Nội department"},
	{"badinh", "district_officer", "VN-HN-BD", "Ba Đình district"},
	{"principal.pdp", "school_admin", "VN-HN-BD03", "principal, Phan Đình Phùng"},
	{"teacher.pdp", "teacher", "VN-HN-BD03", "teacher, Phan Đình Phùng"},
};

const struct demo_login *demo_logins(size_t *n)
{
	*n = ARRAY_SIZE(logins);
	return logins;
}

/* ---- names ---- */

/* Persian names, most common first (picked with falling weights). */
static const char *const ir_boys[] = {
	"محمد",	    "علی",	"امیرحسین", "حسین",	"ابوالفضل", "امیرعلی",	"محمدطاها",
	"علیرضا",   "محمدمهدی", "امیرمحمد", "مهدی",	"رضا",	    "محمدرضا",	"امیررضا",
	"محمدحسین", "یوسف",	"طاها",	    "سبحان",	"آرین",	    "محمدامین", "یاسین",
	"امیرعباس", "ایلیا",	"آرتین",    "محمدجواد", "حسن",	    "امیرمهدی", "محمدعلی",
	"متین",	    "پارسا",	"عرفان",    "آراد",	"سامیار",   "رادین",	"بردیا",
	"کیان",	    "ماهان",	"سینا",	    "امید",	"مصطفی",    "مرتضی",	"سجاد",
	"هادی",	    "امین",	"نیما",	    "آرمین",	"داریوش",   "کوروش",
};

static const char *const ir_girls[] = {
	"فاطمه", "زهرا",  "حلما",   "ستایش",  "نازنین زهرا", "فاطمه زهرا", "رها",   "یسنا",
	"زینب",	 "مریم",  "باران",  "آوا",    "ریحانه",	     "هستی",	   "النا",  "آیلین",
	"مهسا",	 "محدثه", "سارینا", "کوثر",   "نیایش",	     "ملیکا",	   "مبینا", "حنانه",
	"کیانا", "آتنا",  "الینا",  "مائده",  "ترانه",	     "پرنیا",	   "نگار",  "یلدا",
	"غزل",	 "ثنا",	  "هلیا",   "درسا",   "رومینا",	     "محیا",	   "آنیتا", "سارا",
	"نرگس",	 "دینا",  "پریا",   "نیلوفر", "بهار",
};

static const char *const ir_family[] = {
	"محمدی",	 "حسینی",    "احمدی",	      "رضایی",	 "کریمی",	  "موسوی",
	"جعفری",	 "رحیمی",    "حیدری",	      "صادقی",	 "کاظمی",	  "قاسمی",
	"هاشمی",	 "مرادی",    "عباسی",	      "اکبری",	 "نوری",	  "محمودی",
	"رستمی",	 "ابراهیمی", "یوسفی",	      "زارعی",	 "سلیمانی",	  "امیری",
	"نجفی",		 "قربانی",   "شریفی",	      "بهرامی",	 "عزیزی",	  "طاهری",
	"حسن\u200cزاده", "علیزاده",  "صالحی",	      "افشار",	 "رحمانی",	  "اسدی",
	"خسروی",	 "باقری",    "نظری",	      "مرتضوی",	 "فرهادی",	  "میرزایی",
	"قادری",	 "جهانگیری", "توکلی",	      "دهقان",	 "ملکی",	  "شیرازی",
	"منصوری",	 "یزدانی",   "طالبی",	      "مختاری",	 "حسین\u200cپور", "رنجبر",
	"نادری",	 "غلامی",    "ولی\u200cزاده", "کامرانی", "تهرانی",	  "سبحانی",
	"شجاعی",	 "فتحی",     "کرمی",	      "عسگری",	 "پاکزاد",	  "نیک\u200cنام",
	"ملک\u200cزاده", "رفیعی",    "امینی",	      "ایزدی",
};

struct wname {
	const char *s;
	unsigned w;
};

/* Vietnamese family names with their rough shares in Hà Nội, per mille. */
static const struct wname vn_family[] = {
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95},    {"Phạm", 70}, {"Hoàng", 45}, {"Huỳnh", 5},
	{"Phan", 40},	 {"Vũ", 35},	{"Võ", 5},     {"Đặng", 21}, {"Bùi", 20},   {"Đỗ", 16},
	{"Hồ", 13},	 {"Ngô", 13},	{"Dương", 10}, {"Lý", 5},    {"Đinh", 8},   {"Đào", 7},
	{"Trịnh", 7},	 {"Mai", 5},	{"Lương", 5},  {"Hà", 4},    {"Tạ", 4},	    {"Cao", 4},
	{"Phùng", 3},	 {"Lưu", 3},	{"Chu", 3},    {"Tô", 3},    {"Kiều", 2},   {"Nghiêm", 2},
	{"Vương", 2},	 {"Triệu", 2},	{"Khuất", 1},  {"Quách", 1}, {"Doãn", 1},   {"Thái", 1},
	{"Đoàn", 5},	 {"Trương", 5}, {"Lâm", 3},    {"Lại", 2},   {"Nông", 2},   {"Giang", 2},
	{"Ninh", 2},	 {"Tống", 2},	{"La", 1},     {"Tăng", 1},  {"Hứa", 1},    {"Mạc", 1},
	{"Âu", 1},	 {"Thân", 1},	{"Phí", 1},    {"Lục", 1},
};

/* Middle names (tên đệm): Văn and Thị are less usual for children born
 * after 2005 than for their parents. */
static const struct wname vn_middle_m[] = {
	{"Minh", 150}, {"Văn", 110},  {"Đức", 100}, {"Gia", 70},   {"Bảo", 60},	  {"Quang", 60},
	{"Hoàng", 50}, {"Anh", 40},   {"Nhật", 40}, {"Duy", 40},   {"Thành", 40}, {"Hữu", 35},
	{"Tuấn", 30},  {"Trung", 30}, {"Đăng", 30}, {"Thanh", 30}, {"Quốc", 30},  {"Mạnh", 25},
	{"Công", 25},  {"Khánh", 25}, {"Việt", 25}, {"Tiến", 20},  {"Xuân", 20},  {"Hải", 20},
	{"Trọng", 20}, {"Ngọc", 10},
};

static const struct wname vn_middle_f[] = {
	{"Thị", 120}, {"Ngọc", 100}, {"Minh", 60}, {"Thu", 50}, {"Thanh", 50}, {"Phương", 50},
	{"Bảo", 50},  {"Khánh", 50}, {"Thùy", 40}, {"Hà", 30},	{"Mai", 30},   {"Gia", 30},
	{"Diệu", 25}, {"Quỳnh", 25}, {"Hoài", 20}, {"Tuệ", 20}, {"An", 20},    {"Kim", 20},
	{"Hồng", 20}, {"Thảo", 20},  {"Lan", 15},  {"Hải", 15}, {"Cẩm", 10},   {"Tường", 10},
	{"Bích", 10}, {"Hương", 10},
};

static const char *const vn_boys[] = {
	"Minh", "Anh",	 "Khôi", "Nam",	  "Huy",   "Phúc", "Khang", "Quân", "Đức",   "Long",
	"Duy",	"Hưng",	 "Tuấn", "Dũng",  "Hoàng", "Bảo",  "Hiếu",  "Hải",  "Kiên",  "Khánh",
	"Lâm",	"Phong", "Sơn",	 "Thành", "Trung", "Tùng", "Việt",  "Vinh", "Bách",  "Đạt",
	"Khoa", "Lộc",	 "Nhật", "Phát",  "Kiệt",  "An",   "Bình",  "Hùng", "Nghĩa", "Quang",
	"Tài",	"Thắng", "Tiến", "Trí",	  "Vũ",	   "Tú",
};

static const char *const vn_girls[] = {
	"Anh",	 "Linh",  "Ngọc",  "Trang", "Vy",   "Hà",    "Chi",  "An",    "Mai",
	"Hương", "Thảo",  "My",	   "Nhi",   "Châu", "Giang", "Hân",  "Khánh", "Phương",
	"Quỳnh", "Thư",	  "Ly",	   "Hằng",  "Hạnh", "Hiền",  "Hoa",  "Huyền", "Lan",
	"Ngân",	 "Nhung", "Oanh",  "Quyên", "Tâm",  "Trâm",  "Uyên", "Vân",   "Yến",
	"Diệp",	 "Thủy",  "Nhiên", "Ánh",   "Loan", "Nga",   "Tú",
};

/* Class sections: Iran writes grade-letter in abjad order ("3-الف"),
 * Vietnam grade, A and a number ("6A1"). */
static const char *const ir_sections[] = {"الف", "ب", "ج", "د", "ه", "و", "ز",
					  "ح",	 "ط", "ی", "ک", "ل", "م", "ن"};

static void class_name(size_t school, int grade, unsigned section, char out[32])
{
	if (is_ir(school))
		snprintf(out, 32, "%d-%s", grade, ir_sections[section % ARRAY_SIZE(ir_sections)]);
	else
		snprintf(out, 32, "%dA%u", grade, section + 1);
}

/* ---- randomness and dates ---- */

/* splitmix64: small, fast, and the same sequence on every machine. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t rng_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((rng_next(s) >> 32) * n) >> 32);
}

/* An index into a list ordered most common first: weight 1/(i + k). */
static size_t pick_ranked(uint64_t *s, size_t n, unsigned k)
{
	uint32_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += 100000u / (unsigned)(i + k);
	uint32_t x = rng_below(s, total);
	for (size_t i = 0; i < n; i++) {
		uint32_t w = 100000u / (unsigned)(i + k);
		if (x < w)
			return i;
		x -= w;
	}
	return n - 1;
}

static size_t pick_weighted(uint64_t *s, const struct wname *t, size_t n)
{
	uint32_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	uint32_t x = rng_below(s, total);
	for (size_t i = 0; i < n; i++) {
		if (x < t[i].w)
			return i;
		x -= t[i].w;
	}
	return n - 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard
 * Hinnant's algorithms). */
static int32_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

static void civil_from_days(int32_t z, int *year, int *month, int *day)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;
	*year = yoe + era * 400 + (m <= 2);
	*month = m;
	*day = d;
}

static void day_iso(int32_t days, char out[11])
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	date_format_iso(y, m, d, out);
}

static int32_t iso_days(const char *iso)
{
	int y = 1970, m = 1, d = 1;
	bool ok = date_parse_iso(iso, &y, &m, &d);
	assert(ok);
	(void)ok;
	return days_from_civil(y, m, d);
}

static int year_of_days(int32_t days)
{
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	return y;
}

/* A day in the first DEMO_EVENT_DAYS of the demo school year (so events are
 * in the past), at least `margin` days from either end of that span. */
static int32_t day_in_year(uint64_t *s, const char *country, int margin)
{
	char start[11];
	school_year_start(country, DEMO_SCHOOL_YEAR, start);
	int32_t lo = iso_days(start) + margin, hi = iso_days(start) + DEMO_EVENT_DAYS - margin;
	return lo + (int32_t)rng_below(s, (uint32_t)(hi - lo + 1));
}

/* ---- the students, in memory ---- */

enum { KID_NO_NID = 1, KID_HISTORY = 2, KID_USED = 4 };

/* One generated student, small enough to keep 40,000 of: names are indexes
 * into the tables above, the national id is rebuilt from its parts. */
struct demo_kid {
	uint32_t serial; /* IR: the nine digits before the check digit; VN: the last six */
	int32_t birth;	 /* days since 1970-01-01 */
	uint16_t given, middle, family;
	uint8_t school, grade, section;
	uint8_t province;  /* VN: index of nid_vn_province_at */
	uint8_t feeder[2]; /* the primary and the lower secondary school before */
	char sex;
	uint8_t flags;
};

/* Iranian national codes start with the code of the registry office that
 * issued them: Tehran's are 001-008; some children were born elsewhere. */
static const uint16_t ir_offices[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2,  3,	  4,   5,   6,	 7,
				      8, 1, 2, 3, 4, 5, 6, 7, 8, 92, 127, 228, 272, 499, 643};

/* The demo: generated students and the plan of what happens to them. */
struct demo_run {
	struct db *db;
	FILE *progress;
	struct demo_kid *kids;
	size_t nkids, nkids_ir;
	size_t first[NSCHOOLS], count[NSCHOOLS];
	uint8_t sections[NSCHOOLS][13]; /* classes per grade */
	struct org_ref refs[NSCHOOLS];
	/* The plan. */
	struct demo_dup {
		uint32_t kid;
		uint8_t school;
	} dups[DEMO_IR_DUPLICATES + DEMO_VN_DUPLICATES];
	struct demo_move {
		uint32_t kid;
		uint8_t to;
		int32_t date;
	} moves[DEMO_IR_TRANSFERS + DEMO_VN_TRANSFERS];
	struct demo_leave {
		uint32_t kid;
		int32_t date;
		const char *reason, *note;
	} leaves[DEMO_IR_LEAVERS + DEMO_VN_LEAVERS];
	/* The batch pipeline. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

/* A bijection of 0..999999, so counters give distinct, scattered serials. */
static uint32_t scatter6(uint32_t n)
{
	return (uint32_t)(((uint64_t)n * 479001u + 123457u) % 1000000u);
}

static size_t school_index(const char *code)
{
	for (size_t i = 0; i < NSCHOOLS; i++)
		if (!strcmp(demo_schools[i].code, code))
			return i;
	assert(!"no such demo school");
	return 0;
}

/* A school of `level` a student of `sex` could have come from: one in the
 * same district when there is one, else one in the province. */
static uint8_t pick_feeder(uint64_t *s, size_t school, const char *level, char sex)
{
	size_t cand[NSCHOOLS] = {0}, n = 0;
	for (int pass = 0; pass < 2 && !n; pass++)
		for (size_t i = 0; i < NSCHOOLS; i++)
			if (is_ir(i) == is_ir(school) && !strcmp(demo_schools[i].level, level) &&
			    (!demo_schools[i].sex || demo_schools[i].sex == sex) &&
			    (pass ||
			     !strcmp(demo_schools[i].district, demo_schools[school].district)))
				cand[n++] = i;
	assert(n > 0);
	return (uint8_t)cand[rng_below(s, (uint32_t)n)];
}

/* Ids given so far, per registry office (IR) or province (VN): the serials
 * are scatter6 of these, so no two students share an id. */
struct demo_counters {
	uint32_t ir[1000], vn[64];
};

/* Name, sex, birth date and national id of a student of k's grade and
 * school. */
static void make_identity(uint64_t *s, struct demo_kid *k, struct demo_counters *n)
{
	bool ir = is_ir(k->school);
	char sex = demo_schools[k->school].sex;
	if (!sex)
		sex = rng_below(s, 1000) < 515 ? 'M' : 'F';
	k->sex = sex;
	if (ir) {
		k->given = (uint16_t)(sex == 'M' ? pick_ranked(s, ARRAY_SIZE(ir_boys), 4)
						 : pick_ranked(s, ARRAY_SIZE(ir_girls), 4));
		k->family = (uint16_t)pick_ranked(s, ARRAY_SIZE(ir_family), 6);
	} else {
		k->family = (uint16_t)pick_weighted(s, vn_family, ARRAY_SIZE(vn_family));
		const struct wname *mt = sex == 'M' ? vn_middle_m : vn_middle_f;
		size_t mn = sex == 'M' ? ARRAY_SIZE(vn_middle_m) : ARRAY_SIZE(vn_middle_f);
		const char *const *gt = sex == 'M' ? vn_boys : vn_girls;
		size_t gn = sex == 'M' ? ARRAY_SIZE(vn_boys) : ARRAY_SIZE(vn_girls);
		k->middle = (uint16_t)pick_weighted(s, mt, mn);
		do
			k->given = (uint16_t)pick_ranked(s, gn, 3);
		while (!strcmp(gt[k->given], mt[k->middle].s));
	}
	/* Age 6 at the start of grade 1 (Iran: on 1 Mehr; Vietnam: in the
	 * calendar year); a few started a year late or early. */
	uint32_t roll = rng_below(s, 1000);
	int entry = DEMO_SCHOOL_YEAR - (k->grade - 1) - (roll < 40) + (roll >= 40 && roll < 48);
	int32_t lo, hi;
	if (ir) {
		char start[11];
		school_year_start("IR", entry, start);
		int y = entry, m = 9, d = 23;
		date_parse_iso(start, &y, &m, &d);
		lo = days_from_civil(entry - 7, m, d) + 1;
		hi = days_from_civil(entry - 6, m, d);
	} else {
		lo = days_from_civil(entry - 6, 1, 1);
		hi = days_from_civil(entry - 6, 12, 31);
	}
	k->birth = lo + (int32_t)rng_below(s, (uint32_t)(hi - lo + 1));
	if (rng_below(s, 1000) < 10) {
		k->flags |= KID_NO_NID;
	} else if (ir) {
		size_t o = rng_below(s, ARRAY_SIZE(ir_offices));
		k->serial = ir_offices[o] * 1000000u + scatter6(n->ir[ir_offices[o]]++);
	} else {
		k->province = rng_below(s, 1000) < 880 ? 0 : (uint8_t)(1 + rng_below(s, 62));
		k->serial = scatter6(n->vn[k->province]++);
	}
}

/* Spread `total` students over the schools of one country by size and the
 * number of grades each teaches, then make them school by school. */
static void make_country(uint64_t *s, struct demo_run *r, struct demo_counters *ids, bool ir,
			 size_t total)
{
	size_t weight[NSCHOOLS] = {0}, wsum = 0;
	for (size_t i = 0; i < NSCHOOLS; i++) {
		if (is_ir(i) != ir)
			continue;
		int lo, hi;
		school_grades(i, &lo, &hi);
		weight[i] = (size_t)demo_schools[i].size * (size_t)(hi - lo + 1);
		wsum += weight[i];
	}
	size_t given = 0;
	for (size_t i = 0; i < NSCHOOLS; i++) {
		r->count[i] = is_ir(i) == ir ? total * weight[i] / wsum : r->count[i];
		given += is_ir(i) == ir ? r->count[i] : 0;
	}
	for (size_t i = 0; given < total; i = (i + 1) % NSCHOOLS)
		if (is_ir(i) == ir)
			r->count[i]++, given++;

	for (size_t si = 0; si < NSCHOOLS; si++) {
		if (is_ir(si) != ir)
			continue;
		int lo, hi;
		school_grades(si, &lo, &hi);
		r->first[si] = r->nkids;
		unsigned per_grade[13] = {0};
		for (size_t i = 0; i < r->count[si]; i++) {
			struct demo_kid *k = &r->kids[r->nkids++];
			memset(k, 0, sizeof(*k));
			k->school = (uint8_t)si;
			k->grade = (uint8_t)(lo + (int)rng_below(s, (uint32_t)(hi - lo + 1)));
			per_grade[k->grade]++;
			make_identity(s, k, ids);
			if (k->grade > 1 &&
			    (!strcmp(demo_schools[si].code, ir ? FEATURED_IR : FEATURED_VN) ||
			     rng_below(s, 100) < 20))
				k->flags |= KID_HISTORY;
			k->feeder[0] = pick_feeder(s, si, "primary", k->sex);
			k->feeder[1] = pick_feeder(s, si, "lower_secondary", k->sex);
		}
		/* Classes of about 30 (Iran) or 40-45 (Hà Nội); students go to
		 * them in turn. */
		unsigned size = ir ? (lo == 1 ? 30 : 32) : (lo == 1 ? 40 : 45);
		unsigned seen[13] = {0};
		for (int g = lo; g <= hi; g++)
			r->sections[si][g] =
				(uint8_t)(per_grade[g] ? (per_grade[g] + size - 1) / size : 1);
		for (size_t i = r->first[si]; i < r->nkids; i++) {
			struct demo_kid *k = &r->kids[i];
			k->section = (uint8_t)(seen[k->grade]++ % r->sections[si][k->grade]);
		}
	}
}

static void make_kids(struct demo_run *r)
{
	uint64_t s = 0x7461627564656d6fu; /* "tabudemo" */
	struct demo_counters ids = {0};
	make_country(&s, r, &ids, true, DEMO_IR_STUDENTS - DEMO_IR_DUPLICATES);
	r->nkids_ir = r->nkids;
	make_country(&s, r, &ids, false, DEMO_VN_STUDENTS - DEMO_VN_DUPLICATES);
}

/* A random student of one country, not used by the plan yet, with a
 * national id (the plan finds them by it) and passing `ok`. */
static uint32_t pick_kid(uint64_t *s, struct demo_run *r, bool ir,
			 bool (*ok)(const struct demo_kid *))
{
	size_t lo = ir ? 0 : r->nkids_ir, n = ir ? r->nkids_ir : r->nkids - r->nkids_ir;
	for (;;) {
		uint32_t i = (uint32_t)(lo + rng_below(s, (uint32_t)n));
		struct demo_kid *k = &r->kids[i];
		if (k->flags & (KID_USED | KID_NO_NID) || (ok && !ok(k)))
			continue;
		k->flags |= KID_USED;
		return i;
	}
}

/* Another school of the same district, level and sex, or NSCHOOLS. */
static size_t partner_school(uint64_t *s, size_t school)
{
	const struct demo_school *a = &demo_schools[school];
	size_t cand[NSCHOOLS] = {0}, n = 0;
	for (size_t i = 0; i < NSCHOOLS; i++) {
		const struct demo_school *b = &demo_schools[i];
		if (i != school && !strcmp(a->district, b->district) &&
		    !strcmp(a->level, b->level) && a->sex == b->sex)
			cand[n++] = i;
	}
	return n ? cand[s ? rng_below(s, (uint32_t)n) : 0] : NSCHOOLS;
}

static bool has_partner(const struct demo_kid *k)
{
	return partner_school(NULL, k->school) < NSCHOOLS;
}

static bool old_enough_to_drop(const struct demo_kid *k)
{
	return k->grade >= 8;
}

static const char *const ir_abroad[] = {"مهاجرت خانواده به کانادا", "مهاجرت خانواده به آلمان",
					"مهاجرت خانواده به ترکیه", NULL};
static const char *const ir_dropped[] = {"ترک تحصیل برای کار در مغازه پدر",
					 "عدم مراجعه به مدرسه با وجود پیگیری",
					 "مشکلات مالی خانواده", NULL};
static const char *const vn_abroad[] = {"Gia đình chuyển sang Nhật Bản sinh sống",
					"Theo bố mẹ sang Hàn Quốc", "Đi du học Úc", NULL};
static const char *const vn_dropped[] = {"Nghỉ học đi làm", "Hoàn cảnh gia đình khó khăn", NULL};

/* Duplicates, transfers and leavers, drawn from the generated students. */
static void make_plan(struct demo_run *r)
{
	uint64_t s = 0x706c616e706c616eu; /* "planplan" */
	size_t nd = 0, nm = 0, nl = 0;
	for (int c = 0; c < 2; c++) {
		bool ir = c == 0;
		size_t featured = school_index(ir ? FEATURED_IR : FEATURED_VN);
		int ndup = ir ? DEMO_IR_DUPLICATES : DEMO_VN_DUPLICATES;
		for (int i = 0; i < ndup; i++) {
			uint32_t kid;
			if (i < 3) { /* some where the demo logins see them */
				do
					kid = (uint32_t)(r->first[featured] +
							 rng_below(&s,
								   (uint32_t)r->count[featured]));
				while (r->kids[kid].flags & KID_USED);
				r->kids[kid].flags |= KID_USED;
			} else {
				kid = pick_kid(&s, r, ir, NULL);
			}
			/* Mostly entered twice at the same school; twice at the
			 * school next door. */
			size_t school = r->kids[kid].school;
			size_t other = partner_school(&s, school);
			if (i >= ndup - 2 && other < NSCHOOLS)
				school = other;
			r->dups[nd++] = (struct demo_dup){kid, (uint8_t)school};
		}
		int nmove = ir ? DEMO_IR_TRANSFERS : DEMO_VN_TRANSFERS;
		for (int i = 0; i < nmove; i++) {
			uint32_t kid = pick_kid(&s, r, ir, has_partner);
			size_t to = partner_school(&s, r->kids[kid].school);
			r->moves[nm++] = (struct demo_move){kid, (uint8_t)to,
							    day_in_year(&s, ir ? "IR" : "VN", 20)};
		}
		int nleave = ir ? DEMO_IR_LEAVERS : DEMO_VN_LEAVERS;
		for (int i = 0; i < nleave; i++) {
			bool abroad = i % 3 == 0;
			uint32_t kid = pick_kid(&s, r, ir, abroad ? NULL : old_enough_to_drop);
			const char *const *notes = abroad ? (ir ? ir_abroad : vn_abroad)
							  : (ir ? ir_dropped : vn_dropped);
			size_t nnotes = 0;
			while (notes[nnotes])
				nnotes++;
			r->leaves[nl++] = (struct demo_leave){
				kid, day_in_year(&s, ir ? "IR" : "VN", 20),
				abroad ? "moved_abroad" : "dropped_out",
				notes[rng_below(&s, (uint32_t)nnotes + 1)] /* NULL: no note */
			};
		}
	}
}

/* ---- from a generated student to what the registry takes ---- */

struct kid_text {
	char nid[16], given[128], birth[11], class_name[32];
	const char *family;
};

static void kid_nid(const struct demo_kid *k, char out[16])
{
	out[0] = '\0';
	if (k->flags & KID_NO_NID)
		return;
	if (is_ir(k->school)) {
		nid_ir_make(k->serial, out);
	} else {
		const char *prov = nid_vn_province_at(k->province, NULL);
		nid_vn_make(prov, year_of_days(k->birth), k->sex, k->serial, out);
	}
}

/* The student_input of kid k enrolled at `school` (its own, or another for
 * a duplicate), without a national id if `no_nid`. Strings point into t. */
static void kid_input(const struct demo_run *r, const struct demo_kid *k, size_t school,
		      bool no_nid, struct kid_text *t, struct student_input *in)
{
	bool ir = is_ir(k->school);
	if (no_nid)
		t->nid[0] = '\0';
	else
		kid_nid(k, t->nid);
	if (ir) {
		const char *given = k->sex == 'M' ? ir_boys[k->given] : ir_girls[k->given];
		snprintf(t->given, sizeof(t->given), "%s", given);
		t->family = ir_family[k->family];
	} else {
		const char *middle =
			k->sex == 'M' ? vn_middle_m[k->middle].s : vn_middle_f[k->middle].s;
		const char *given = k->sex == 'M' ? vn_boys[k->given] : vn_girls[k->given];
		snprintf(t->given, sizeof(t->given), "%s %s", middle, given);
		t->family = vn_family[k->family].s;
	}
	day_iso(k->birth, t->birth);
	unsigned section = k->section;
	if (school != k->school)
		section %= r->sections[school][k->grade];
	class_name(school, k->grade, section, t->class_name);
	*in = (struct student_input){
		.country = ir ? "IR" : "VN",
		.national_id = t->nid[0] ? t->nid : NULL,
		.given_name = t->given,
		.family_name = t->family,
		.birth_date = t->birth,
		.sex = k->sex == 'M' ? "M" : "F",
		.school = demo_schools[school].code,
		.grade = k->grade,
		.school_year = DEMO_SCHOOL_YEAR_TEXT,
		.class_name = t->class_name,
	};
}

static int kid_prepare(const struct demo_run *r, const struct demo_kid *k, size_t school,
		       bool no_nid, struct student_new *out)
{
	struct kid_text t;
	struct student_input in;
	struct problem p = {0};
	kid_input(r, k, school, no_nid, &t, &in);
	int rc = student_prepare(&in, out, &p);
	if (rc)
		log_error("demo: student %s %s refused: %s", t.given, t.family,
			  p.detail ? p.detail : err_str(rc));
	return rc;
}

/* ---- writing: organisations and accounts ---- */

static int demo_org_put(struct db_conn *c, const struct org_input *in, struct problem *p)
{
	struct arena a;
	arena_init(&a, 2048, 0);
	struct org cur;
	int64_t id;
	int rc = org_get(c, &a, in->code, &cur);
	if (rc == ERR_NOTFOUND) {
		rc = org_create(c, in, &id, p);
	} else if (rc == ERR_OK && !strcmp(cur.kind, "school") && !cur.address) {
		/* Made by an older demo: give it its details. */
		struct org_input more = {
			.address = in->address, .level = in->level, .sector = in->sector};
		rc = org_update(c, &cur, &more, p);
	} else if (rc) {
		problem_err(p, rc);
	}
	arena_release(&a);
	return rc;
}

struct demo_orgs_job {
	size_t added;
	struct problem p;
	const char *failed;
};

/* Every org in one job: looked up first, so a second run writes nothing
 * (a refused insert would abort a PostgreSQL transaction). */
static int demo_orgs_write(struct db_conn *c, void *arg)
{
	struct demo_orgs_job *j = arg;
	for (size_t i = 0; i < ARRAY_SIZE(demo_offices) + NSCHOOLS; i++) {
		struct org_input in;
		if (i < ARRAY_SIZE(demo_offices)) {
			in = demo_offices[i];
		} else {
			const struct demo_school *s = &demo_schools[i - ARRAY_SIZE(demo_offices)];
			in = (struct org_input){s->code, s->name,    "school", s->district,
						NULL,	 s->address, s->level, s->sector};
		}
		int rc = demo_org_put(c, &in, &j->p);
		if (rc) {
			j->failed = in.code;
			return rc;
		}
	}
	return ERR_OK;
}

struct demo_users_job {
	const char *hash;
	struct problem p;
	const char *failed;
};

static int demo_users_write(struct db_conn *c, void *arg)
{
	struct demo_users_job *j = arg;
	for (size_t i = 0; i < ARRAY_SIZE(logins); i++) {
		struct arena a;
		arena_init(&a, 1024, 0);
		struct user_login have;
		int rc = user_login_get(c, &a, logins[i].username, &have);
		arena_release(&a);
		if (rc == ERR_NOTFOUND) {
			struct user_input in = {.username = logins[i].username,
						.password_hash = j->hash,
						.role = (enum role)role_parse(logins[i].role),
						.org = logins[i].org};
			int64_t id;
			rc = user_create(c, &in, &id, &j->p);
		}
		if (rc) {
			j->failed = logins[i].username;
			return rc;
		}
	}
	return ERR_OK;
}

struct demo_refs_job {
	struct demo_run *run;
	struct problem p;
};

static int demo_refs_read(struct db_conn *c, void *arg)
{
	struct demo_refs_job *j = arg;
	for (size_t i = 0; i < NSCHOOLS; i++) {
		int rc = school_ref(c, demo_schools[i].code, &j->run->refs[i], &j->p);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* ---- writing: students ---- */

/* Students per write job: big enough that a commit is rare, small enough
 * that a batch is quick to prepare. */
enum { DEMO_BATCH = 1000, DEMO_INFLIGHT = 4 };

struct demo_batch {
	struct db_job job; /* first: the done callback casts back */
	struct demo_run *run;
	struct student_new *s;
	uint32_t kid[DEMO_BATCH];
	size_t n;
	bool busy;
	/* Results, read once the job is done. */
	bool skipped;
	size_t past;
	struct problem p;
};

static int past_insert(struct db_conn *c, int64_t person, size_t school, int year, int grade,
		       const char *reason, unsigned section, const struct demo_run *r)
{
	char start[11], end[11], cls[32];
	school_year_start(country_of(school), year, start);
	school_year_end(country_of(school), year, end);
	class_name(school, grade, section % r->sections[school][grade], cls);
	struct db_val v[] = {DBV_INT(person),	      DBV_INT(r->refs[school].id),
			     DBV_INT(year),	      DBV_INT(grade),
			     DBV_TEXT(cls),	      DBV_TEXT(start),
			     DBV_TEXT(end),	      DBV_TEXT(reason),
			     DBV_INT(time_now_unix())};
	return db_exec(c, Q_DEMO_ENROLMENT_PAST, v, ARRAY_SIZE(v), NULL);
}

/* The years before this one, from grade 1: promoted every year, and
 * `completed` at the end of a level when the next is at another school. */
static int history_write(struct db_conn *c, const struct demo_run *r, const struct demo_kid *k,
			 int64_t person, size_t *rows)
{
	int lo, hi;
	school_grades(k->school, &lo, &hi);
	for (int g = 1; g < k->grade; g++) {
		size_t school = k->school;
		if (g < lo) {
			int plo, phi;
			school_grades(k->feeder[0], &plo, &phi);
			school = g <= phi ? k->feeder[0] : k->feeder[1];
		}
		int slo, shi;
		school_grades(school, &slo, &shi);
		/* A new school put them in another class. */
		unsigned section =
			school == k->school ? k->section : k->section * 7u + (unsigned)school;
		int rc = past_insert(c, person, school, DEMO_SCHOOL_YEAR - (k->grade - g), g,
				     g == shi ? "completed" : "promoted", section, r);
		if (rc)
			return rc;
		(*rows)++;
	}
	return ERR_OK;
}

static int demo_batch_write(struct db_conn *c, void *arg)
{
	struct demo_batch *b = arg;
	const struct demo_run *r = b->run;
	b->skipped = false;
	b->past = 0;
	/* The first national id of the batch says whether it was written. */
	for (size_t i = 0; i < b->n; i++) {
		if (!b->s[i].national_id[0])
			continue;
		struct db_res res;
		struct db_val v[] = {DBV_TEXT(b->s[i].country), DBV_TEXT(b->s[i].national_id)};
		int rc = db_row(c, Q_PERSON_ID_BY_NATIONAL_ID, v, 2, &res);
		if (rc == ERR_OK) {
			db_done(&res);
			b->skipped = true;
			return ERR_OK;
		}
		if (rc != ERR_NOTFOUND)
			return problem_err(&b->p, rc);
		break;
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct demo_kid *k = &r->kids[b->kid[i]];
		int64_t id;
		int rc = student_insert(c, &b->s[i], &r->refs[k->school], &id, NULL, &b->p);
		if (!rc && k->flags & KID_HISTORY)
			rc = history_write(c, r, k, id, &b->past);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

static void demo_batch_done(struct db_job *job)
{
	struct demo_batch *b = (struct demo_batch *)job;
	pthread_mutex_lock(&b->run->lock);
	b->busy = false;
	pthread_cond_broadcast(&b->run->cond);
	pthread_mutex_unlock(&b->run->lock);
}

static void batch_wait(struct demo_run *r, struct demo_batch *b)
{
	pthread_mutex_lock(&r->lock);
	while (b->busy)
		pthread_cond_wait(&r->cond, &r->lock);
	pthread_mutex_unlock(&r->lock);
}

/* Thousands with commas, as people read counts. */
static const char *count_str(size_t n, char out[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%zu", n);
	size_t o = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

struct demo_tally {
	size_t written, skipped, past;
	size_t done[2], skipped_in[2]; /* per country: 0 Iran, 1 Vietnam */
	bool said[2];
};

/* Account for a finished batch; its error, if it failed. */
static int batch_reap(struct demo_batch *b, struct demo_tally *t)
{
	if (!b->n)
		return ERR_OK;
	int rc = b->job.rc;
	int country = is_ir(b->run->kids[b->kid[0]].school) ? 0 : 1;
	if (rc) {
		log_error("demo: students: %s", b->p.detail ? b->p.detail : err_str(rc));
	} else if (b->skipped) {
		t->skipped += b->n;
		t->skipped_in[country] += b->n;
	} else {
		t->written += b->n;
		t->past += b->past;
	}
	t->done[country] += b->n;
	b->n = 0;
	return rc;
}

static void report(FILE *progress, size_t total, size_t skipped, const char *what,
		   const char *already);

/* A progress line for each province once its students are all stored. */
static void tally_say(const struct demo_run *r, struct demo_tally *t)
{
	static const char *const where[] = {"students in Tehran", "students in Hà Nội"};
	size_t total[2] = {r->nkids_ir, r->nkids - r->nkids_ir};
	for (int c = 0; c < 2; c++)
		if (!t->said[c] && t->done[c] == total[c]) {
			report(r->progress, total[c], t->skipped_in[c], where[c], "already there");
			t->said[c] = true;
		}
}

/* Prepare batches on this thread while the writer stores earlier ones. */
static int students_write(struct demo_run *r, struct demo_tally *t)
{
	struct demo_batch *slots = calloc(DEMO_INFLIGHT, sizeof(*slots));
	int rc = slots ? ERR_OK : ERR_NOMEM;
	for (size_t i = 0; !rc && i < DEMO_INFLIGHT; i++) {
		slots[i].run = r;
		slots[i].s = malloc(DEMO_BATCH * sizeof(*slots[i].s));
		if (!slots[i].s)
			rc = ERR_NOMEM;
	}
	size_t next = 0, slot = 0;
	while (!rc && next < r->nkids) {
		struct demo_batch *b = &slots[slot];
		slot = (slot + 1) % DEMO_INFLIGHT;
		batch_wait(r, b);
		rc = batch_reap(b, t);
		tally_say(r, t);
		/* A batch holds one country's students, so it skips as a whole. */
		size_t end = next < r->nkids_ir ? r->nkids_ir : r->nkids;
		while (!rc && b->n < DEMO_BATCH && next < end) {
			const struct demo_kid *k = &r->kids[next];
			rc = kid_prepare(r, k, k->school, false, &b->s[b->n]);
			b->kid[b->n++] = (uint32_t)next++;
		}
		if (rc)
			break;
		b->busy = true;
		b->job = (struct db_job){.fn = demo_batch_write, .ctx = b, .done = demo_batch_done};
		db_submit(r->db, &b->job);
	}
	for (size_t i = 0; slots && i < DEMO_INFLIGHT; i++) {
		batch_wait(r, &slots[i]);
		int brc = batch_reap(&slots[i], t);
		if (!rc)
			rc = brc;
		free(slots[i].s);
	}
	if (!rc)
		tally_say(r, t);
	free(slots);
	return rc;
}

/* ---- writing: duplicates, transfers, leavers ---- */

struct demo_plan_job {
	struct demo_run *run;
	struct student_new *dups; /* prepared duplicate records */
	int64_t by_ir, by_vn;	  /* who asks and approves: the province offices */
	size_t done;
	struct problem p;
};

static int demo_dups_write(struct db_conn *c, void *arg)
{
	struct demo_plan_job *j = arg;
	for (size_t i = 0; i < ARRAY_SIZE(j->run->dups); i++) {
		const struct student_new *s = &j->dups[i];
		struct db_res res;
		struct db_val v = DBV_TEXT(s->dup_key);
		int rc = db_query(c, Q_PERSON_IDS_BY_DUP_KEY, &v, 1, &res);
		int held = 0, step;
		while (!rc && (step = db_next(&res)) == 1)
			held++;
		db_done(&res);
		if (!rc && step < 0)
			rc = step;
		if (!rc && held < 2) {
			int64_t id;
			rc = student_insert(c, s, &j->run->refs[j->run->dups[i].school], &id, NULL,
					    &j->p);
			j->done++;
		}
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* The person and current school of a planned student; *person 0 when the
 * student is not enrolled now. */
static int kid_where(struct db_conn *c, const struct demo_kid *k, int64_t *person, int64_t *school)
{
	char nid[16];
	kid_nid(k, nid);
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(country_of(k->school)), DBV_TEXT(nid)};
	*person = *school = 0;
	int rc = db_row(c, Q_PERSON_ID_BY_NATIONAL_ID, v, 2, &res);
	if (rc)
		return rc;
	int64_t id = db_int(&res, C_PERSON_ID_BY_NATIONAL_ID__ID);
	db_done(&res);
	struct db_val pv = DBV_INT(id);
	rc = db_row(c, Q_ENROLMENT_CURRENT, &pv, 1, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	*person = id;
	*school = db_int(&res, C_ENROLMENT_CURRENT__ORG_ID);
	db_done(&res);
	return ERR_OK;
}

static int demo_moves_write(struct db_conn *c, void *arg)
{
	struct demo_plan_job *j = arg;
	const struct demo_run *r = j->run;
	for (size_t i = 0; i < ARRAY_SIZE(r->moves); i++) {
		const struct demo_move *m = &r->moves[i];
		const struct demo_kid *k = &r->kids[m->kid];
		int64_t person, at, tid;
		int rc = kid_where(c, k, &person, &at);
		if (rc)
			return problem_err(&j->p, rc);
		if (!person || at != r->refs[k->school].id)
			continue; /* moved already */
		char date[11];
		day_iso(m->date, date);
		int64_t by = is_ir(k->school) ? j->by_ir : j->by_vn;
		rc = transfer_request(c, person, &r->refs[m->to], date, by, &tid, &j->p);
		if (!rc)
			rc = transfer_approve(c, tid, by, &j->p);
		if (rc)
			return rc;
		j->done++;
	}
	return ERR_OK;
}

static int demo_leaves_write(struct db_conn *c, void *arg)
{
	struct demo_plan_job *j = arg;
	const struct demo_run *r = j->run;
	for (size_t i = 0; i < ARRAY_SIZE(r->leaves); i++) {
		const struct demo_leave *l = &r->leaves[i];
		const struct demo_kid *k = &r->kids[l->kid];
		int64_t person, at;
		int rc = kid_where(c, k, &person, &at);
		if (rc)
			return problem_err(&j->p, rc);
		if (!person || at != r->refs[k->school].id)
			continue; /* left already */
		char date[11];
		day_iso(l->date, date);
		rc = enrolment_leave(c, person, l->reason, date, l->note, &j->p);
		if (rc)
			return rc;
		j->done++;
	}
	return ERR_OK;
}

static int user_id_of(struct db_conn *c, const char *username, int64_t *id)
{
	struct arena a;
	arena_init(&a, 1024, 0);
	struct user_login u;
	int rc = user_login_get(c, &a, username, &u);
	arena_release(&a);
	*id = rc ? 0 : u.id;
	return rc == ERR_NOTFOUND ? ERR_OK : rc;
}

static int demo_who_read(struct db_conn *c, void *arg)
{
	struct demo_plan_job *j = arg;
	int rc = user_id_of(c, "tehran", &j->by_ir);
	return rc ? rc : user_id_of(c, "hanoi", &j->by_vn);
}

/* Classes for the class names the enrolments use, and a homeroom class for
 * each demo teacher, so a teacher's login shows their own students. */
static int demo_classes_write(struct db_conn *c, void *arg)
{
	UNUSED(arg);
	struct db_val now = DBV_INT(time_now_unix());
	int rc = db_exec(c, Q_DEMO_CLASSES_FROM_ENROLMENTS, &now, 1, NULL);
	static const char *const teachers[][2] = {{"teacher.beheshti", "IR-THR-S0101"},
						  {"teacher.pdp", "VN-HN-BD03"}};
	for (size_t i = 0; !rc && i < ARRAY_SIZE(teachers); i++) {
		int64_t id = 0;
		rc = user_id_of(c, teachers[i][0], &id);
		if (rc || !id)
			continue;
		struct db_val v[] = {DBV_INT(id), DBV_TEXT(teachers[i][1])};
		rc = db_exec(c, Q_DEMO_HOMEROOM_FIRST_CLASS, v, 2, NULL);
	}
	return rc;
}

/* ---- the whole ---- */

static void report(FILE *progress, size_t total, size_t skipped, const char *what,
		   const char *already)
{
	if (!progress)
		return;
	char a[32], b[32];
	if (!skipped)
		fprintf(progress, "demo: %s %s\n", count_str(total, a), what);
	else if (skipped == total)
		fprintf(progress, "demo: %s %s (%s)\n", count_str(total, a), what, already);
	else
		fprintf(progress, "demo: %s %s (%s new)\n", count_str(total, a), what,
			count_str(total - skipped, b));
}

static int write_orgs_and_users(struct demo_run *r)
{
	struct demo_orgs_job oj = {0};
	int rc = db_write(r->db, demo_orgs_write, &oj);
	if (rc) {
		log_error("demo: org %s: %s", oj.failed ? oj.failed : "?",
			  oj.p.detail ? oj.p.detail : err_str(rc));
		return rc;
	}
	if (r->progress)
		fprintf(r->progress, "demo: %zu organisations\n",
			ARRAY_SIZE(demo_offices) + NSCHOOLS);
	char hash[PASSWORD_HASH_MAX];
	rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	if (rc)
		return rc;
	struct demo_users_job uj = {.hash = hash};
	rc = db_write(r->db, demo_users_write, &uj);
	if (rc) {
		log_error("demo: user %s: %s", uj.failed ? uj.failed : "?",
			  uj.p.detail ? uj.p.detail : err_str(rc));
		return rc;
	}
	if (r->progress)
		fprintf(r->progress, "demo: %zu accounts\n", ARRAY_SIZE(logins));
	struct demo_refs_job fj = {.run = r};
	rc = db_read(r->db, demo_refs_read, &fj);
	if (rc)
		log_error("demo: schools: %s", fj.p.detail ? fj.p.detail : err_str(rc));
	return rc;
}

static int write_plan(struct demo_run *r)
{
	struct demo_plan_job j = {.run = r};
	size_t ndups = ARRAY_SIZE(r->dups);
	j.dups = malloc(ndups * sizeof(*j.dups));
	if (!j.dups)
		return ERR_NOMEM;
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ndups; i++)
		rc = kid_prepare(r, &r->kids[r->dups[i].kid], r->dups[i].school, true, &j.dups[i]);
	if (!rc)
		rc = db_write(r->db, demo_dups_write, &j);
	free(j.dups);
	j.dups = NULL;
	if (rc) {
		log_error("demo: duplicates: %s", j.p.detail ? j.p.detail : err_str(rc));
		return rc;
	}
	if (r->progress) {
		char a[32];
		fprintf(r->progress,
			"demo: %s students (%zu entered twice, the second time without a national "
			"id: flagged possible duplicates)\n",
			count_str(r->nkids + ndups, a), ndups);
	}

	rc = db_read(r->db, demo_who_read, &j);
	j.done = 0;
	if (!rc)
		rc = db_write(r->db, demo_moves_write, &j);
	if (rc) {
		log_error("demo: transfers: %s", j.p.detail ? j.p.detail : err_str(rc));
		return rc;
	}
	report(r->progress, ARRAY_SIZE(r->moves), ARRAY_SIZE(r->moves) - j.done,
	       "transfers between schools of a district", "already made");
	j.done = 0;
	rc = db_write(r->db, demo_leaves_write, &j);
	if (rc) {
		log_error("demo: leavers: %s", j.p.detail ? j.p.detail : err_str(rc));
		return rc;
	}
	report(r->progress, ARRAY_SIZE(r->leaves), ARRAY_SIZE(r->leaves) - j.done,
	       "students who left (dropped out, moved abroad)", "already left");
	return ERR_OK;
}

/* The entrants of the demo's admission round (demo_admissions_fill): grade
 * 1 pupils of DEMO_ROUND_DISTRICT's primary schools whom the plan leaves
 * alone, taken in turn from each school (the featured school first, so
 * children[0], DEMO_GUARDIAN's child, is one of its pupils). */
struct demo_entrants_job {
	struct demo_run *run;
	int64_t children[DEMO_APPLICANTS + 1];
	int n;
};

static int demo_entrants_read(struct db_conn *c, void *arg)
{
	struct demo_entrants_job *j = arg;
	const struct demo_run *r = j->run;
	size_t next[NSCHOOLS] = {0};
	bool more = true;
	while (more && j->n < (int)ARRAY_SIZE(j->children)) {
		more = false;
		for (size_t s = 0; s < NSCHOOLS && j->n < (int)ARRAY_SIZE(j->children); s++) {
			if (strcmp(demo_schools[s].district, DEMO_ROUND_DISTRICT) ||
			    strcmp(demo_schools[s].level, "primary"))
				continue;
			/* The next pupil of s who fits, if any. */
			while (next[s] < r->count[s]) {
				const struct demo_kid *k = &r->kids[r->first[s] + next[s]++];
				if (k->grade != 1 || k->flags & (KID_USED | KID_NO_NID))
					continue;
				int64_t person, at;
				int rc = kid_where(c, k, &person, &at);
				if (rc && rc != ERR_NOTFOUND)
					return rc;
				if (rc || !person || at != r->refs[s].id)
					continue;
				j->children[j->n++] = person;
				more = true;
				break;
			}
		}
	}
	return ERR_OK;
}

int demo_fill(struct db *db, FILE *progress)
{
	struct demo_run *r = calloc(1, sizeof(*r));
	if (!r)
		return ERR_NOMEM;
	r->db = db;
	r->progress = progress;
	r->kids = malloc((DEMO_IR_STUDENTS + DEMO_VN_STUDENTS) * sizeof(*r->kids));
	if (!r->kids) {
		free(r);
		return ERR_NOMEM;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	make_kids(r);
	make_plan(r);

	int rc = write_orgs_and_users(r);
	if (!rc) {
		struct demo_tally t = {0};
		rc = students_write(r, &t);
		if (!rc && progress && t.past) {
			char a[32];
			fprintf(progress, "demo: %s enrolments of earlier years\n",
				count_str(t.past, a));
		}
	}
	if (!rc)
		rc = write_plan(r);
	if (!rc)
		rc = db_write(db, demo_classes_write, NULL);
	rc = rc ? rc : demo_teaching_fill(db, progress);
	if (!rc)
		rc = demo_records(db, progress);
	if (!rc) {
		struct demo_entrants_job ej = {.run = r};
		rc = db_read(db, demo_entrants_read, &ej);
		if (!rc)
			rc = demo_admissions_fill(db, progress, ej.children, ej.n);
	}
	if (!rc)
		rc = demo_exams_fill(db, progress);
	if (!rc)
		rc = demo_support_fill(db, progress);
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
	free(r->kids);
	free(r);
	return rc;
}
