/*
 * demo_records.c: the demo's last step (demo_fill): signed school records of
 * the year before the demo's (DEMO_SCHOOL_YEAR - 1) for one class at each
 * school of the demo's teacher and principal logins, made the way a school
 * makes them: that year's class gets the demo teacher as homeroom teacher
 * and every subject of its level, grades for both terms (from a fixed seed),
 * both terms locked, the year's results computed, then the homeroom teacher
 * signs the class and the principal seals the school's year, through the
 * same functions the API uses (src/domain/record.h).
 *
 * Signing needs the server secret: without one the step says so and leaves
 * the records out. Like the rest of the demo it adds only what is missing:
 * grades only to a class without any, locks only where unlocked, records only
 * for students without one.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/log.h"
#include "domain/access/audit.h"
#include "demo/demo.h"
#include "domain/teaching/gradebook.h"
#include "domain/registry/import.h"
#include "domain/records/record.h"
#include "domain/records/signing_key.h"
#include "domain/registry/student.h"

static const struct {
	const char *school, *teacher, *principal;
} demo_signers[] = {
	{"VN-HN-BD03", "teacher.pdp", "principal.pdp"},
	{"IR-THR-S0101", "teacher.beheshti", "principal.beheshti"},
};

/* splitmix64, seeded by student and subject: the same grades every run. */
static uint32_t draw(uint64_t *s, uint32_t n)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint32_t)(z % n);
}

/* A year of plausible assessments of one subject under the policy. */
static void demo_grades(enum policy_id pol, bool scored, int64_t person, int64_t subject,
			struct gb_row *row)
{
	uint64_t s = (uint64_t)person * 1000003u + (uint64_t)subject;
	/* A student's level: most do well, a few struggle. */
	uint64_t t = (uint64_t)person;
	int base = 55 + (int)draw(&t, 35);
	gb_row_init(row);
	for (int k = 0; k < GB_TERMS; k++) {
		int *v = row->v[k];
		switch (pol) {
		case POLICY_VN_TT22:
			if (!scored) {
				v[GB_PASS] = draw(&s, 40) != 0;
				break;
			}
			for (int i = GB_R1; i <= GB_R3; i++)
				v[i] = (base + (int)draw(&s, 21) - 5) * 10;
			v[GB_MIDTERM] = (base + (int)draw(&s, 21) - 5) * 10;
			v[GB_FINAL] = (base + (int)draw(&s, 21) - 5) * 10;
			for (int i = GB_R1; i <= GB_FINAL; i++)
				if (v[i] > 1000)
					v[i] = 1000;
			break;
		case POLICY_VN_TT27:
			v[GB_LEVEL] = base > 75 ? TT27_HTT : base > 60 ? TT27_HT : (int)draw(&s, 3);
			if (scored && k == GB_TERMS - 1)
				v[GB_TEST] = (base / 10 + (int)draw(&s, 2)) * 100;
			break;
		case POLICY_IR_DESCRIPTIVE: {
			uint32_t r = draw(&s, 100);
			v[GB_LEVEL] = r < 45   ? IRD_VERY_GOOD
				      : r < 80 ? IRD_GOOD
				      : r < 99 ? IRD_ACCEPTABLE
					       : IRD_NEEDS_EFFORT;
			break;
		}
		case POLICY_IR_20:
			v[GB_SCORE] = 1000 + (base - 55) * 25 + (int)draw(&s, 8) * 25;
			if (v[GB_SCORE] > 2000)
				v[GB_SCORE] = 2000;
			break;
		default:
			break;
		}
	}
}

struct demo_setup {
	const char *school;
	int year;
	int64_t teacher, principal;
	int64_t class_id;
	const char *class_name;
	int graded;
	struct arena *a;
	struct problem p;
};

/* That year's class, its subjects, its grades and the school's term locks. */
static int demo_setup_write(struct db_conn *c, void *arg)
{
	struct demo_setup *x = arg;
	struct org_ref ref;
	int rc = school_ref(c, x->school, &ref, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = {DBV_INT(ref.id), DBV_INT(x->year)};
	rc = db_row(c, Q_DEMO_PAST_FIRST_CLASS, v, 2, &res);
	if (rc == ERR_NOTFOUND)
		return ERR_OK; /* no earlier year here: nothing to sign */
	if (rc)
		return rc;
	int grade = (int)db_int(&res, C_DEMO_PAST_FIRST_CLASS__GRADE);
	const char *name = db_dup(&res, C_DEMO_PAST_FIRST_CLASS__CLASS, x->a);
	db_done(&res);
	if (!name)
		return ERR_NOMEM;
	int64_t now = time_now_unix();
	struct db_val k[] = {DBV_INT(ref.id), DBV_INT(x->year),	   DBV_INT(grade),
			     DBV_TEXT(name),  DBV_INT(x->teacher), DBV_INT(now),
			     DBV_INT(ref.id), DBV_INT(x->year),	   DBV_TEXT(name)};
	rc = db_exec(c, Q_DEMO_CLASS_FOR_YEAR, k, ARRAY_SIZE(k), NULL);
	struct db_val n[] = {DBV_INT(ref.id), DBV_INT(x->year), DBV_TEXT(name)};
	if (!rc)
		rc = db_row(c, Q_CLASS_BY_NAME, n, 3, &res);
	if (rc)
		return rc;
	x->class_id = db_int(&res, C_CLASS_BY_NAME__ID);
	x->class_name = name;
	db_done(&res);
	struct db_val s[] = {DBV_INT(x->class_id), DBV_INT(ref.id), DBV_INT(x->teacher),
			     DBV_TEXT(ref.country), DBV_TEXT(ref.level)};
	rc = db_exec(c, Q_DEMO_CLASS_ALL_SUBJECTS, s, ARRAY_SIZE(s), NULL);
	struct record_class rk;
	if (!rc)
		rc = record_class_load(c, x->a, x->class_id, 0, &rk);
	if (rc)
		return rc;
	bool any = false;
	for (int i = 0; i < rk.n && !any; i++)
		for (int j = 0; j < rk.nsubjects && !any; j++)
			any = rk.students[i].rows[j].v[0][GB_FINAL] != GB_NONE ||
			      rk.students[i].rows[j].v[0][GB_LEVEL] != GB_NONE ||
			      rk.students[i].rows[j].v[0][GB_SCORE] != GB_NONE ||
			      rk.students[i].rows[j].v[0][GB_PASS] != GB_NONE;
	for (int i = 0; i < rk.n && !any && rk.cls.policy >= 0; i++) {
		for (int j = 0; j < rk.nsubjects && !rc; j++) {
			struct gb_row row;
			demo_grades((enum policy_id)rk.cls.policy, rk.subjects[j].scored,
				    rk.students[i].person_id, rk.subjects[j].id, &row);
			char text[GB_TEXT_MAX];
			size_t len = gb_encode(&row, text);
			struct db_val g[] = {
				DBV_INT(x->year),	    DBV_INT(rk.students[i].person_id),
				DBV_INT(rk.subjects[j].id), DBV_INT(ref.id),
				DBV_TEXTN(text, len),	    DBV_INT(now),
				DBV_INT(x->teacher)};
			rc = db_exec(c, Q_GRADEBOOK_UPSERT, g, ARRAY_SIZE(g), NULL);
			x->graded++;
		}
	}
	for (int term = 1; !rc && term <= GB_TERMS; term++) {
		bool locked;
		rc = gb_term_locked(c, ref.id, x->year, term, &locked);
		if (!rc && !locked)
			rc = gb_term_set(c, ref.id, x->year, term, true, NULL, x->principal, &x->p);
	}
	return rc;
}

/* The audit entries of the demo's signatures, as the API writes them. */
static int demo_audit(struct db_conn *c, void *ctx, const struct record_batch *b)
{
	struct arena *a = ctx;
	struct audit_entry *e = arena_calloc(a, (size_t)b->n, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	for (int i = 0; i < b->n; i++) {
		const struct grant *g = b->d.grant;
		e[i] = (struct audit_entry){
			.user_id = b->who->user_id,
			.username = b->who->username,
			.role = g ? role_name(g->role) : "",
			.org_code = g ? g->org_code : NULL,
			.action = record_item_action(b, &b->items[i]),
			.person_id = b->items[i].person_id,
			.subject = arena_printf(a, "record %s", b->items[i].uuid),
			.allowed = true,
			.ip = "demo",
		};
	}
	return audit_append(c, e, (size_t)b->n);
}

struct demo_sign {
	struct record_batch b;
	int64_t class_id, org_id;
	int year;
};

static int demo_sign_read(struct db_conn *c, void *arg)
{
	struct demo_sign *x = arg;
	return record_prepare(c, &x->b, x->class_id, 0, 0, x->org_id, x->year);
}

static int demo_sign_write(struct db_conn *c, void *arg)
{
	struct demo_sign *x = arg;
	return record_store(c, &x->b);
}

/* Prepare and store one batch as `who`; *done counts what it moved on. */
static int demo_sign(struct db *db, struct arena *a, enum record_op op, const struct principal *who,
		     int64_t class_id, int64_t org_id, int year, int *done)
{
	struct demo_sign x = {.b = {.op = op,
				    .who = who,
				    .now = time_now_unix(),
				    .a = a,
				    .before_write = demo_audit,
				    .ctx = a},
			      .class_id = class_id,
			      .org_id = org_id,
			      .year = year};
	int rc = db_read(db, demo_sign_read, &x);
	record_batch_release(&x.b);
	if (!rc && x.b.n)
		rc = db_write(db, demo_sign_write, &x);
	if (rc)
		log_error("demo: records: %s", x.b.p.detail ? x.b.p.detail : err_str(rc));
	else
		*done = record_batch_count(
			&x.b, op == RECORD_OP_SEAL ? RECORD_SEALED : RECORD_TEACHER_SIGNED, false);
	return rc;
}

struct school_id {
	const char *code;
	int64_t id;
	struct problem p;
};

static int school_id_read(struct db_conn *c, void *arg)
{
	struct school_id *s = arg;
	struct org_ref ref;
	int rc = school_ref(c, s->code, &ref, &s->p);
	s->id = rc ? 0 : ref.id;
	return rc;
}

int demo_records(struct db *db, FILE *progress)
{
	if (!skey_available()) {
		if (progress)
			fprintf(progress, "demo: no server secret (--secret-file): no signed "
					  "school records\n");
		return ERR_OK;
	}
	int year = DEMO_SCHOOL_YEAR - 1;
	int rc = ERR_OK;
	for (size_t i = 0; !rc && i < ARRAY_SIZE(demo_signers); i++) {
		struct arena a;
		arena_init(&a, 1 << 16, 0);
		struct principal teacher = {0}, principal = {0};
		rc = import_principal_load(db, &a, demo_signers[i].teacher, &teacher);
		if (!rc)
			rc = import_principal_load(db, &a, demo_signers[i].principal, &principal);
		struct demo_setup s = {.school = demo_signers[i].school,
				       .year = year,
				       .teacher = teacher.user_id,
				       .principal = principal.user_id,
				       .a = &a};
		struct school_id sid = {.code = demo_signers[i].school};
		if (!rc)
			rc = db_write(db, demo_setup_write, &s);
		if (!rc)
			rc = db_read(db, school_id_read, &sid);
		if (!rc && s.class_id && s.graded) {
			/* The year's results, as `tabula report-cards compute`. */
			struct gb_year y = {.school_year = year};
			while (!rc && !y.done)
				rc = db_write(db, gb_year_page, &y);
			gb_year_release(&y);
		}
		int signed_n = 0, sealed_n = 0;
		if (!rc && s.class_id)
			rc = demo_sign(db, &a, RECORD_OP_SIGN, &teacher, s.class_id, 0, year,
				       &signed_n);
		if (!rc && s.class_id)
			rc = demo_sign(db, &a, RECORD_OP_SEAL, &principal, 0, sid.id, year,
				       &sealed_n);
		if (!rc && progress && s.class_id && sealed_n)
			fprintf(progress,
				"demo: %d school records %d-%d of class %s at %s, signed by %s and "
				"sealed by %s\n",
				sealed_n, year, year + 1, s.class_name, demo_signers[i].school,
				demo_signers[i].teacher, demo_signers[i].principal);
		else if (!rc && progress && s.class_id)
			fprintf(progress,
				"demo: school records %d-%d of class %s at %s (already made)\n",
				year, year + 1, s.class_name, demo_signers[i].school);
		if (rc)
			log_error("demo: records at %s: %s", demo_signers[i].school,
				  s.p.detail ? s.p.detail : err_str(rc));
		arena_release(&a);
	}
	return rc;
}
