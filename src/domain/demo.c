#include "core/base.h"
#include "core/log.h"
#include "crypto/password.h"
#include "domain/demo.h"
#include "domain/org.h"
#include "domain/user.h"

/* Two countries, one demo province each, with districts and schools named
 * the way people there name them. */
static const struct org_input demo_orgs[] = {
	{ "IR", "وزارت آموزش و پرورش", "ministry", NULL, "IR", NULL, NULL, NULL },
	{ "IR-THR", "اداره کل آموزش و پرورش استان تهران", "province", "IR", NULL, NULL, NULL, NULL },
	{ "IR-THR-D01", "آموزش و پرورش ناحیه ۱ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL },
	{ "IR-THR-D02", "آموزش و پرورش ناحیه ۲ تهران", "district", "IR-THR", NULL, NULL, NULL, NULL },
	{ "IR-THR-D03", "آموزش و پرورش شهرستان ری", "district", "IR-THR", NULL, NULL, NULL, NULL },
	{ "IR-THR-S0101", "دبستان شهید بهشتی", "school", "IR-THR-D01", NULL, NULL, "primary", "public" },
	{ "IR-THR-S0102", "دبیرستان دخترانه فرزانگان", "school", "IR-THR-D01", NULL, NULL, "upper_secondary", "public" },
	{ "IR-THR-S0103", "هنرستان فنی امیرکبیر", "school", "IR-THR-D01", NULL, NULL, "upper_secondary", "private" },
	{ "IR-THR-S0201", "دبستان پسرانه سعدی", "school", "IR-THR-D02", NULL, NULL, "primary", "public" },
	{ "IR-THR-S0202", "دبیرستان البرز", "school", "IR-THR-D02", NULL, NULL, "upper_secondary", "public" },
	{ "IR-THR-S0301", "دبستان دخترانه پروین اعتصامی", "school", "IR-THR-D03", NULL, NULL, "primary", "public" },
	{ "IR-THR-S0302", "دبیرستان علامه طباطبایی", "school", "IR-THR-D03", NULL, NULL, "upper_secondary", "public" },
	{ "VN", "Bộ Giáo dục và Đào tạo", "ministry", NULL, "VN", NULL, NULL, NULL },
	{ "VN-HN", "Sở Giáo dục và Đào tạo Hà Nội", "province", "VN", NULL, NULL, NULL, NULL },
	{ "VN-HN-BD", "Phòng GD&ĐT quận Ba Đình", "district", "VN-HN", NULL, NULL, NULL, NULL },
	{ "VN-HN-CG", "Phòng GD&ĐT quận Cầu Giấy", "district", "VN-HN", NULL, NULL, NULL, NULL },
	{ "VN-HN-BD01", "Trường Tiểu học Ba Đình", "school", "VN-HN-BD", NULL, NULL, "primary", "public" },
	{ "VN-HN-BD02", "Trường THCS Phan Chu Trinh", "school", "VN-HN-BD", NULL, NULL, "lower_secondary", "public" },
	{ "VN-HN-BD03", "Trường THPT Phan Đình Phùng", "school", "VN-HN-BD", NULL, NULL, "upper_secondary", "public" },
	{ "VN-HN-CG01", "Trường Tiểu học Nghĩa Tân", "school", "VN-HN-CG", NULL, NULL, "primary", "public" },
	{ "VN-HN-CG02", "Trường THCS Cầu Giấy", "school", "VN-HN-CG", NULL, NULL, "lower_secondary", "public" },
	{ "VN-HN-CG03", "Trường THPT Yên Hòa", "school", "VN-HN-CG", NULL, NULL, "upper_secondary", "public" },
};

static const struct demo_login logins[] = {
	{ "admin", "ministry_admin", NULL, "national administrator (both countries)" },
	{ "ir.ministry", "ministry_admin", "IR", "Iran's ministry" },
	{ "vn.ministry", "ministry_admin", "VN", "Vietnam's ministry" },
	{ "tehran", "province_officer", "IR-THR", "Tehran province office" },
	{ "hanoi", "province_officer", "VN-HN", "Hà Nội department" },
	{ "tehran.d01", "district_officer", "IR-THR-D01", "Tehran district 1" },
	{ "badinh", "district_officer", "VN-HN-BD", "Ba Đình district" },
	{ "principal.beheshti", "school_admin", "IR-THR-S0101", "principal, Shahid Beheshti" },
	{ "principal.pdp", "school_admin", "VN-HN-BD03", "principal, Phan Đình Phùng" },
};

const struct demo_login *demo_logins(size_t *n)
{
	*n = ARRAY_SIZE(logins);
	return logins;
}

struct demo_org_job {
	const struct org_input *in;
	struct problem p;
};

static int demo_org_write(struct db_conn *c, void *arg)
{
	struct demo_org_job *j = arg;
	int64_t id;
	int rc = org_create(c, j->in, &id, &j->p);
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

struct demo_user_job {
	struct user_input in;
	struct problem p;
};

static int demo_user_write(struct db_conn *c, void *arg)
{
	struct demo_user_job *j = arg;
	int64_t id;
	int rc = user_create(c, &j->in, &id, &j->p);
	return rc == ERR_CONFLICT ? ERR_OK : rc;
}

int demo_fill(struct db *db, FILE *progress)
{
	for (size_t i = 0; i < ARRAY_SIZE(demo_orgs); i++) {
		struct demo_org_job j = { .in = &demo_orgs[i] };
		int rc = db_write(db, demo_org_write, &j);
		if (rc) {
			log_error("demo: org %s: %s", demo_orgs[i].code,
				  j.p.detail ? j.p.detail : err_str(rc));
			return rc;
		}
	}
	if (progress)
		fprintf(progress, "demo: %zu organisations\n", ARRAY_SIZE(demo_orgs));
	char hash[PASSWORD_HASH_MAX];
	int rc = password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash);
	if (rc)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(logins); i++) {
		struct demo_user_job j = { .in = { .username = logins[i].username,
						   .password_hash = hash,
						   .role = (enum role)role_parse(logins[i].role),
						   .org = logins[i].org } };
		rc = db_write(db, demo_user_write, &j);
		if (rc) {
			log_error("demo: user %s: %s", logins[i].username,
				  j.p.detail ? j.p.detail : err_str(rc));
			return rc;
		}
	}
	if (progress)
		fprintf(progress, "demo: %zu accounts\n", ARRAY_SIZE(logins));
	return ERR_OK;
}
