/*
 * free_candidate.c: free candidates registered at a designated site
 * (free_candidate.h).
 */
#include "core/base.h"
#include "crypto/bytes.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/access/account.h"
#include "domain/exams/free_candidate.h"
#include "domain/exams/pack.h"
#include "domain/exams/registration.h"
#include "domain/exams/session.h"
#include "domain/registry/student.h"
#include "domain/registry/student_store.h"

/* On PostgreSQL, take the lock of x->key for the account until the
 * transaction ends. Its writers run transactions side by side: without
 * the lock a retry sent beside the first reads no registration of the
 * key, goes on to insert the same person (409 duplicate_national_id once
 * the first commits) or waits on the registration's key and then answers
 * the first's registration as a candidate's replay (403). With it the
 * retry waits here, and the read after it (read committed) finds what the
 * first made. A 64-bit FNV-1a of account and key names the lock; two keys
 * that share one only wait for each other. SQLite runs one write at a
 * time and needs none. */
static int key_lock(struct db_conn *c, const struct free_candidate_create *x)
{
	if (!x->key || db_conn_kind(c) != DB_PGSQL)
		return ERR_OK;
	uint64_t h = 14695981039346656037u;
	uint64_t user = (uint64_t)x->by->who->user_id;
	for (int i = 0; i < 8; i++) {
		h ^= (user >> (8 * i)) & 0xffu;
		h *= 1099511628211u;
	}
	for (const unsigned char *k = (const unsigned char *)x->key; *k; k++) {
		h ^= *k;
		h *= 1099511628211u;
	}
	int64_t id;
	memcpy(&id, &h, sizeof(id));
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_FREE_CANDIDATE_KEY_LOCK, &v, 1, &res);
	if (!rc)
		db_done(&res);
	return rc;
}

/* The registration the account made with x->key before, if any: the
 * answer is then that one. */
static int replay_find(struct db_conn *c, struct free_candidate_create *x)
{
	if (!x->key)
		return ERR_NOTFOUND;
	struct db_res res;
	struct db_val v[] = {DBV_INT(x->by->who->user_id), DBV_TEXT(x->key)};
	int rc = db_row(c, Q_FREE_CANDIDATE_REPLAY, v, ARRAY_SIZE(v), &res);
	if (rc)
		return rc;
	x->registration_id = db_int(&res, C_FREE_CANDIDATE_REPLAY__ID);
	x->person_id = db_int(&res, C_FREE_CANDIDATE_REPLAY__PERSON_ID);
	db_done(&res);
	x->replayed = true;
	return ERR_OK;
}

/* The site of session s named x->site, which registers free candidates at
 * a school the caller reaches as a registrar. */
static int site_decide(struct free_candidate_create *x, const struct exam_session *s,
		       const struct exam_site **out, struct access_decision *d)
{
	const struct exam_site *site = NULL;
	for (int i = 0; !site && i < s->nsites; i++)
		if (!strcmp(s->sites[i].code, x->site))
			site = &s->sites[i];
	if (!site)
		return problem_set(&x->p, P_INVALID, "site",
				   "The session has no site of this code.");
	if (!site->free_candidates)
		return problem_set(&x->p, P_NOT_FREE_CANDIDATE_SITE, "site", NULL);
	const char *subject =
		arena_printf(x->by->arena, "exam_session:%" PRId64 " site:%s", s->id, site->code);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_may_write_org(x->by, site->school_path, "exams.free_candidate", 0, subject,
				     "site",
				     "Only the staff of the site's school register free "
				     "candidates there.",
				     d, &x->p);
	if (rc)
		return rc;
	*out = site;
	return ERR_OK;
}

/* The registry's person x->student, which the caller may read. */
static int person_by_id(struct db_conn *c, struct free_candidate_create *x)
{
	const char *path;
	struct access_decision d;
	int rc = access_student_school(c, x->by->arena, x->student, &path);
	if (!rc)
		rc = access_student(c, x->by->who, ACCESS_READ, x->student, path, &d);
	if (rc == ERR_NOTFOUND || (!rc && !d.allowed))
		return problem_set(&x->p, P_UNKNOWN_STUDENT, "student",
				   "No student of this id that you may read.");
	if (rc)
		return problem_err(&x->p, rc);
	x->person_id = x->student;
	return ERR_OK;
}

/* A problem on a field of "person": its field named "person.<field>". */
static int person_field(struct free_candidate_create *x, int rc)
{
	if (x->p.field)
		x->p.field = arena_printf(x->by->arena, "person.%s", x->p.field);
	return rc;
}

/* The person the body describes: the registry's record of its national
 * id when birth date and sex agree, else a new applicant record owned by
 * the site's school. */
static int person_by_identity(struct db_conn *c, struct free_candidate_create *x,
			      const char *country, int64_t school_id)
{
	if (!x->national_id || !*x->national_id)
		return problem_set(&x->p, P_REQUIRED, "person.national_id",
				   "A free candidate is registered with their national id.");
	struct student_input in = {.country = country,
				   .national_id = x->national_id,
				   .given_name = x->given_name,
				   .family_name = x->family_name,
				   .birth_date = x->birth_date,
				   .sex = x->sex};
	struct student_new *s = arena_calloc(x->by->arena, 1, sizeof(*s));
	if (!s)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = student_prepare_applicant(&in, s, &x->p);
	if (rc)
		return person_field(x, rc);
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(s->country), DBV_TEXT(s->national_id)};
	rc = db_row(c, Q_FREE_CANDIDATE_PERSON, v, ARRAY_SIZE(v), &res);
	if (!rc) {
		x->person_id = db_int(&res, C_FREE_CANDIDATE_PERSON__ID);
		bool same = !strcmp(db_text(&res, C_FREE_CANDIDATE_PERSON__BIRTH_DATE, NULL),
				    s->birth_date) &&
			    !strcmp(db_text(&res, C_FREE_CANDIDATE_PERSON__SEX, NULL), s->sex);
		db_done(&res);
		if (!same)
			return problem_set(&x->p, P_IDENTITY_MISMATCH, "person.birth_date", NULL);
		return ERR_OK;
	}
	if (rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	rc = student_insert_applicant(c, s, school_id, &x->person_id, &x->flagged, &x->p);
	if (rc)
		return person_field(x, rc);
	x->person_created = true;
	return ERR_OK;
}

/* Register x->person_id at the site's school as a free candidate, by
 * the candidate's own rules (registration.h). */
static int free_candidate_register(struct db_conn *c, struct free_candidate_create *x,
				   const struct exam_site *site)
{
	struct exam_registration_create *rx = arena_calloc(x->by->arena, 1, sizeof(*rx));
	if (!rx)
		return problem_err(&x->p, ERR_NOMEM);
	rx->by = x->by;
	rx->session_id = x->session_id;
	rx->now = x->now_ms;
	rx->lang = x->lang;
	rx->key = x->key;
	rx->in = (struct exam_choice){.track = x->track,
				      .subjects = x->subjects,
				      .nsubjects = x->nsubjects,
				      .exemptions = x->exemptions,
				      .nexemptions = x->nexemptions,
				      .category = x->category};
	rx->for_person = x->person_id;
	rx->for_school = site->school_id;
	int rc = exam_registration_create_tx(c, rx);
	if (rc && rx->replayed) {
		/* The insert met the first registration of the key (a retry that
		 * ran beside it): answer that one, as a replay does, not as the
		 * candidate's own replay the registration answers. */
		x->registration_id = rx->r.id;
		x->person_id = rx->r.person_id;
		x->replayed = true;
		return ERR_OK;
	}
	if (rc) {
		x->p = rx->p;
		return rc;
	}
	x->registration_id = rx->r.id;
	return ERR_OK;
}

/* "c1234-k7mq", as the account sheets name candidate accounts. */
static const char *candidate_username(struct arena *a, int64_t person)
{
	static const char lower[] = "23456789abcdefghjkmnpqrstvwxyz";
	char suffix[5];
	for (int i = 0; i < 4; i++)
		suffix[i] = lower[bytes_random_below(sizeof(lower) - 1)];
	suffix[4] = '\0';
	return arena_printf(a, "c%" PRId64 "-%s", person, suffix);
}

/* The person's candidate account: the one they have (x->username), or a
 * new one held at the school with its one-time code. */
static int account_ensure(struct db_conn *c, struct free_candidate_create *x, int64_t school_id)
{
	struct db_res res;
	struct db_val v = DBV_INT(x->person_id);
	int rc = db_row(c, Q_FREE_CANDIDATE_ACCOUNT, &v, 1, &res);
	if (!rc) {
		x->username = db_dup(&res, C_FREE_CANDIDATE_ACCOUNT__USERNAME, x->by->arena);
		db_done(&res);
		return x->username ? ERR_OK : problem_err(&x->p, ERR_NOMEM);
	}
	if (rc != ERR_NOTFOUND || x->replayed)
		return problem_err(&x->p, rc == ERR_NOTFOUND ? ERR_OK : rc);
	int64_t now = x->now_ms / 1000, by = x->by->who->user_id, id = 0;
	struct account_input in = {.username = candidate_username(x->by->arena, x->person_id),
				   .role = ROLE_CANDIDATE,
				   .org_id = school_id,
				   .person_id = x->person_id,
				   .created_by = by};
	if (!in.username)
		return problem_err(&x->p, ERR_NOMEM);
	rc = account_insert(c, &in, now, &id, &x->p);
	if (rc)
		return rc;
	rc = account_code_issue(c, id, in.username, by, now, x->ttl, x->code);
	if (rc)
		return problem_err(&x->p, rc);
	x->username = in.username;
	x->account_created = true;
	return ERR_OK;
}

int free_candidate_create_tx(struct db_conn *c, void *ctx)
{
	struct free_candidate_create *x = ctx;
	struct arena *a = x->by->arena;
	x->replayed = x->person_created = x->flagged = x->account_created = false;
	x->code[0] = '\0';
	int rc = key_lock(c, x);
	if (rc)
		return problem_err(&x->p, rc);
	rc = replay_find(c, x);
	if (!rc)
		return account_ensure(c, x, 0);
	if (rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	struct exam_session s;
	rc = exam_session_get(c, a, x->session_id, &s);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such session.");
	if (rc)
		return problem_err(&x->p, rc);
	const struct exam_pack *pk = exam_pack_find(s.pack);
	if (!pk)
		return problem_err(&x->p, ERR_INTERNAL);
	const struct exam_site *site;
	struct access_decision d;
	rc = site_decide(x, &s, &site, &d);
	if (rc)
		return rc;
	rc = x->student ? person_by_id(c, x)
			: person_by_identity(c, x, pk->country, site->school_id);
	if (rc)
		return rc;
	rc = free_candidate_register(c, x, site);
	if (rc)
		return rc;
	if (x->replayed)
		return account_ensure(c, x, 0);
	rc = account_ensure(c, x, site->school_id);
	if (rc)
		return rc;
	const char *subject = arena_printf(a, "exam_registration:%" PRId64, x->registration_id);
	if (!subject)
		return problem_err(&x->p, ERR_NOMEM);
	rc = actor_audit(c, x->by, &d, "exams.free_candidate", x->person_id, subject);
	return problem_err(&x->p, rc);
}
