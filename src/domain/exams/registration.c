/*
 * registration.c: candidates' registrations (registration.h).
 */
#include "core/base.h"
#include "core/log.h"
#include <jansson.h>

#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/exams/instant.h"
#include "domain/exams/registration.h"
#include "domain/exams/eligibility.h"
#include "domain/exams/review.h"

/* ---- receipt numbers and the window ---- */

const char *exam_receipt_number(struct arena *a, int64_t session_id, int64_t id)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%07" PRId64, id);
	/* Luhn: from the rightmost digit, double every second one. */
	int sum = 0;
	size_t n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return arena_printf(a, "%" PRId64 "-%s%d", session_id, digits, (10 - sum % 10) % 10);
}

int exam_window_check(const struct exam_session *s, int64_t now, const char *lang, struct arena *a,
		      struct problem *p)
{
	int at = exam_window_at(s->opens_at, s->closes_at, now);
	if (!at)
		return ERR_OK;
	bool closed = at > 0;
	int64_t when = closed ? s->closes_at : s->opens_at;
	char iso[40];
	instant_format(when, s->offset, iso, sizeof(iso));
	problem_set(
		p, closed ? P_REGISTRATION_CLOSED : P_REGISTRATION_NOT_OPEN, NULL,
		exam_window_detail(a, lang ? lang : "en", closed, when, s->offset, s->time_zone));
	p->ext_str_name = closed ? "closes_at" : "opens_at";
	p->ext_str_value = arena_strdup(a, iso);
	return ERR_CONFLICT;
}

/* ---- rows ---- */

static int registration_read_row(struct db_res *res, struct arena *a, struct exam_registration *out)
{
	bool nomem = false;
	memset(out, 0, sizeof(*out));
	out->id = db_int(res, C_EXAM_REGISTRATION__ID);
	out->session_id = db_int(res, C_EXAM_REGISTRATION__SESSION_ID);
	out->person_id = db_int(res, C_EXAM_REGISTRATION__PERSON_ID);
	out->org_id = db_int(res, C_EXAM_REGISTRATION__ORG_ID);
	out->version = (int)db_int(res, C_EXAM_REGISTRATION__VERSION);
	out->bonus = db_int(res, C_EXAM_REGISTRATION__BONUS);
	out->created_at = db_int(res, C_EXAM_REGISTRATION__CREATED_AT_MS);
	out->updated_at = db_int(res, C_EXAM_REGISTRATION__UPDATED_AT_MS);
	out->room = db_int0(res, C_EXAM_REGISTRATION__ROOM);
	out->seat = db_int0(res, C_EXAM_REGISTRATION__SEAT);
	out->kind = db_dup(res, C_EXAM_REGISTRATION__KIND, a);
	out->number = db_dup(res, C_EXAM_REGISTRATION__NUMBER, a);
	out->track = db_dup(res, C_EXAM_REGISTRATION__TRACK, a);
	out->subjects = db_dup(res, C_EXAM_REGISTRATION__SUBJECTS, a);
	out->exemptions = db_dup(res, C_EXAM_REGISTRATION__EXEMPTIONS, a);
	out->category = db_dup_or_null(res, C_EXAM_REGISTRATION__CATEGORY, a, &nomem);
	out->region = db_dup(res, C_EXAM_REGISTRATION__REGION, a);
	out->region_school = db_dup_or_null(res, C_EXAM_REGISTRATION__REGION_SCHOOL, a, &nomem);
	out->status = db_dup(res, C_EXAM_REGISTRATION__STATUS, a);
	out->status_reason = db_dup_or_null(res, C_EXAM_REGISTRATION__STATUS_REASON, a, &nomem);
	out->given_name = db_dup(res, C_EXAM_REGISTRATION__GIVEN_NAME, a);
	out->family_name = db_dup(res, C_EXAM_REGISTRATION__FAMILY_NAME, a);
	out->birth_date = db_dup(res, C_EXAM_REGISTRATION__BIRTH_DATE, a);
	out->national_id = db_dup_or_null(res, C_EXAM_REGISTRATION__NATIONAL_ID, a, &nomem);
	out->sex = db_dup(res, C_EXAM_REGISTRATION__SEX, a);
	out->school = db_dup(res, C_EXAM_REGISTRATION__SCHOOL, a);
	out->school_name = db_dup(res, C_EXAM_REGISTRATION__SCHOOL_NAME, a);
	out->school_path = db_dup(res, C_EXAM_REGISTRATION__SCHOOL_PATH, a);
	out->candidate_number =
		db_dup_or_null(res, C_EXAM_REGISTRATION__CANDIDATE_NUMBER, a, &nomem);
	out->site = db_dup_or_null(res, C_EXAM_REGISTRATION__SITE, a, &nomem);
	if (nomem || !out->kind || !out->number || !out->track || !out->subjects ||
	    !out->exemptions || !out->region || !out->status || !out->given_name ||
	    !out->family_name || !out->birth_date || !out->sex || !out->school ||
	    !out->school_name || !out->school_path)
		return ERR_NOMEM;
	return ERR_OK;
}

/* The session's zone and the region's points onto r. */
static void registration_dress(struct exam_registration *r, const struct exam_session *s)
{
	const struct exam_pack *pk = exam_pack_find(s->pack);
	r->time_zone = s->time_zone;
	r->offset = s->offset;
	r->region_points = pk ? exam_pack_region_points(pk, r->region) : 0;
	if (r->region_points < 0)
		r->region_points = 0;
}

static int registration_get(struct db_conn *c, struct arena *a, int64_t id,
			    struct exam_registration *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_EXAM_REGISTRATION_BY_ID, &v, 1, &res);
	if (rc)
		return rc;
	rc = registration_read_row(&res, a, out);
	db_done(&res);
	return rc;
}

static int registration_versions(struct db_conn *c, struct arena *a, struct exam_registration *x)
{
	x->nversions = 0;
	x->versions = arena_calloc(a, (size_t)x->version + 1, sizeof(*x->versions));
	if (!x->versions)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(x->id);
	int rc = db_query(c, Q_EXAM_REGISTRATION_VERSIONS_OF, &v, 1, &res);
	int step = 0;
	while (!rc && x->nversions < x->version && (step = db_next(&res)) == 1) {
		struct exam_registration_version *e = &x->versions[x->nversions++];
		bool nomem = false;
		e->version = (int)db_int(&res, C_EXAM_REGISTRATION_VERSIONS_OF__VERSION);
		e->created_at = db_int(&res, C_EXAM_REGISTRATION_VERSIONS_OF__CREATED_AT_MS);
		e->track = db_dup(&res, C_EXAM_REGISTRATION_VERSIONS_OF__TRACK, a);
		e->subjects = db_dup(&res, C_EXAM_REGISTRATION_VERSIONS_OF__SUBJECTS, a);
		e->exemptions = db_dup(&res, C_EXAM_REGISTRATION_VERSIONS_OF__EXEMPTIONS, a);
		e->category =
			db_dup_or_null(&res, C_EXAM_REGISTRATION_VERSIONS_OF__CATEGORY, a, &nomem);
		e->created_by = db_dup_or_null(&res, C_EXAM_REGISTRATION_VERSIONS_OF__CREATED_BY, a,
					       &nomem);
		e->region = db_dup(&res, C_EXAM_REGISTRATION_VERSIONS_OF__REGION, a);
		e->region_school = db_dup_or_null(
			&res, C_EXAM_REGISTRATION_VERSIONS_OF__REGION_SCHOOL, a, &nomem);
		e->bonus = db_int(&res, C_EXAM_REGISTRATION_VERSIONS_OF__BONUS);
		if (nomem || !e->track || !e->subjects || !e->exemptions || !e->region)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* ---- the person and their history ---- */

struct exam_person {
	int64_t id, school_id;
	const char *school_path;
};

static int person_get(struct db_conn *c, struct arena *a, int64_t id, struct exam_person *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(id);
	int rc = db_row(c, Q_EXAM_PERSON, &v, 1, &res);
	if (rc)
		return rc;
	out->id = id;
	out->school_id = db_int(&res, C_EXAM_PERSON__ORG_ID);
	out->school_path = db_dup(&res, C_EXAM_PERSON__SCHOOL_PATH, a);
	db_done(&res);
	return out->school_path ? ERR_OK : ERR_NOMEM;
}

static int history_read(struct db_conn *c, struct arena *a, int64_t person_id,
			struct exam_stay **out, int *n)
{
	*n = 0;
	*out = arena_calloc(a, 65, sizeof(**out));
	if (!*out)
		return ERR_NOMEM;
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = db_query(c, Q_EXAM_PERSON_HISTORY, &v, 1, &res);
	int step = 0;
	while (!rc && *n < 64 && (step = db_next(&res)) == 1) {
		struct exam_stay *s = &(*out)[(*n)++];
		bool nomem = false;
		s->school_id = db_int(&res, C_EXAM_PERSON_HISTORY__ORG_ID);
		s->school = db_dup(&res, C_EXAM_PERSON_HISTORY__SCHOOL, a);
		s->school_name = db_dup(&res, C_EXAM_PERSON_HISTORY__SCHOOL_NAME, a);
		s->grade = (int)db_int(&res, C_EXAM_PERSON_HISTORY__GRADE);
		s->school_year = (int)db_int(&res, C_EXAM_PERSON_HISTORY__SCHOOL_YEAR);
		s->start_date = db_dup(&res, C_EXAM_PERSON_HISTORY__START_DATE, a);
		s->end_date = db_dup_or_null(&res, C_EXAM_PERSON_HISTORY__END_DATE, a, &nomem);
		s->region = db_dup_or_null(&res, C_EXAM_PERSON_HISTORY__REGION, a, &nomem);
		if (nomem || !s->school || !s->school_name || !s->start_date)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The region of person_id as of now in the session's zone. */
static int region_of(struct db_conn *c, struct arena *a, const struct exam_pack *pk,
		     const struct exam_session *s, int64_t person_id, int64_t now,
		     struct exam_region_result *out, int64_t *school_id)
{
	struct exam_stay *stays;
	int n;
	char today[11];
	int rc = history_read(c, a, person_id, &stays, &n);
	if (rc)
		return rc;
	instant_date(now, s->offset, today);
	exam_region_decide(pk, stays, n, today, out);
	*school_id = out->stay >= 0 ? stays[out->stay].school_id : 0;
	return ERR_OK;
}

/* ---- who acts ---- */

/* The caller's candidate grant, or NULL. */
static const struct grant *candidate_grant(const struct principal *p)
{
	for (int i = 0; p && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_CANDIDATE)
			return &p->grants[i];
	return NULL;
}

/* A candidate acting for themself: d allowed on their candidate grant;
 * anyone else 403 not_a_candidate. */
static int candidate_decide(const struct actor *by, struct access_decision *d, struct problem *p)
{
	const struct grant *g = candidate_grant(by->who);
	if (!g || !by->who->person_id)
		return problem_set(p, P_NOT_A_CANDIDATE, NULL, NULL);
	*d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
	return ERR_OK;
}

static const char *session_subject(struct arena *a, int64_t id)
{
	return arena_printf(a, "exam_session:%" PRId64, id);
}

/* ---- the choice ---- */

/* codes[0..n) as a compact JSON array, in a. */
static const char *codes_json(struct arena *a, const char *const *codes, int n)
{
	json_t *arr = json_array();
	for (int i = 0; arr && i < n; i++)
		if (json_array_append_new(arr, json_string(codes[i]))) {
			json_decref(arr);
			return NULL;
		}
	char *s = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	json_decref(arr);
	const char *out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return out;
}

/* The choice checked against pk, and its parts for storage. */
struct choice_stored {
	const char *track, *subjects, *exemptions;
	int category_points;
};

static int choice_check(const struct exam_pack *pk, const char *kind, const struct exam_choice *in,
			struct arena *a, struct choice_stored *out, struct problem *p)
{
	int rc = exam_combination_check(pk, kind, in->track, (const char *const *)in->subjects,
					in->nsubjects, a, p);
	if (!rc)
		rc = exam_exemptions_check(pk, (const char *const *)in->subjects, in->nsubjects,
					   (const char *const *)in->exemptions, in->nexemptions, a,
					   p);
	if (rc)
		return rc;
	out->category_points = 0;
	if (in->category) {
		out->category_points = exam_pack_category_points(pk, in->category);
		if (out->category_points < 0)
			return problem_set(p, P_UNKNOWN_CATEGORY, "category",
					   arena_printf(a,
							"The exam %s has no priority category %s.",
							pk->name, in->category));
	}
	out->track = in->track ? in->track : pk->tracks[pk->default_track].code;
	out->subjects = codes_json(a, (const char *const *)in->subjects, in->nsubjects);
	out->exemptions = codes_json(a, (const char *const *)in->exemptions, in->nexemptions);
	return out->subjects && out->exemptions ? ERR_OK : problem_err(p, ERR_NOMEM);
}

/* ---- create and edit ---- */

static int registration_by_key(struct db_conn *c, int64_t user_id, const char *key, int64_t *id)
{
	struct db_res res;
	struct db_val v[] = {DBV_INT(user_id), DBV_TEXT(key)};
	int rc = db_row(c, Q_EXAM_REGISTRATION_BY_KEY, v, 2, &res);
	if (rc)
		return rc;
	*id = db_int(&res, C_EXAM_REGISTRATION_BY_KEY__ID);
	db_done(&res);
	return ERR_OK;
}

/*
 * The first answer of registration id, for a retry: the registration as
 * its first version made it (a later edit or review does not change what
 * the first POST answered), audited as a read by its candidate.
 */
static int registration_first(struct db_conn *c, struct exam_registration_create *x, int64_t id)
{
	struct arena *a = x->by->arena;
	struct exam_session s;
	int rc = registration_get(c, a, id, &x->r);
	if (!rc)
		rc = registration_versions(c, a, &x->r);
	if (!rc)
		rc = exam_session_get_row(c, a, x->r.session_id, &s);
	if (rc)
		return problem_err(&x->p, rc);
	registration_dress(&x->r, &s);
	const struct exam_pack *pk = exam_pack_find(s.pack);
	if (x->r.nversions > 0 && pk) {
		const struct exam_registration_version *v = &x->r.versions[0];
		x->r.version = 1;
		x->r.track = v->track;
		x->r.subjects = v->subjects;
		x->r.exemptions = v->exemptions;
		x->r.category = v->category;
		x->r.region = v->region;
		x->r.region_school = v->region_school;
		x->r.region_points = exam_pack_region_points(pk, v->region);
		if (x->r.region_points < 0)
			x->r.region_points = 0;
		x->r.bonus = v->bonus;
		x->r.updated_at = x->r.created_at;
		x->r.status = "submitted";
		x->r.status_reason = NULL;
		x->r.candidate_number = x->r.site = NULL;
		x->r.room = x->r.seat = 0;
	}
	x->r.versions = NULL;
	x->r.nversions = 0;
	x->replayed = true;
	struct access_decision d;
	rc = candidate_decide(x->by, &d, &x->p);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "exams.replay", x->r.person_id,
				 session_subject(a, x->r.session_id));
	return problem_err(&x->p, rc);
}

/* The registration id as the write left it, for the answer. */
static int registration_written(struct db_conn *c, struct arena *a, int64_t id,
				const struct exam_session *s, struct exam_registration *out)
{
	int rc = registration_get(c, a, id, out);
	if (!rc)
		registration_dress(out, s);
	return rc;
}

/* What a version stores besides the choice: the region and the bonus. */
struct version_points {
	const char *region;
	int64_t region_school, bonus;
};

static int version_insert(struct db_conn *c, int64_t id, int version, int64_t org_id,
			  const struct choice_stored *ch, const char *category,
			  const struct version_points *pts, int64_t now, int64_t by)
{
	struct db_val v[] = {DBV_INT(id),
			     DBV_INT(version),
			     DBV_INT(org_id),
			     DBV_TEXT(ch->track),
			     DBV_TEXT(ch->subjects),
			     DBV_TEXT(ch->exemptions),
			     dbv_text_or_null(category),
			     DBV_TEXT(pts->region),
			     pts->region_school ? DBV_INT(pts->region_school) : DBV_NULL,
			     DBV_INT(pts->bonus),
			     DBV_INT(now),
			     by ? DBV_INT(by) : DBV_NULL};
	return db_exec(c, Q_EXAM_REGISTRATION_VERSION_INSERT, v, ARRAY_SIZE(v), NULL);
}

int exam_registration_insert(struct db_conn *c, const struct actor *by,
			     const struct exam_session *s, const struct exam_registration_new *n,
			     int64_t *id, bool *raced, struct problem *p)
{
	struct arena *a = by->arena;
	int64_t user = by->who ? by->who->user_id : 0;
	*raced = false;
	const struct exam_pack *pk = exam_pack_find(s->pack);
	if (!pk)
		return problem_err(p, ERR_INTERNAL);
	int rc = exam_window_check(s, n->now, n->lang, a, p);
	if (rc)
		return rc;
	struct choice_stored ch;
	rc = choice_check(pk, n->kind, n->in, a, &ch, p);
	if (rc)
		return rc;
	struct exam_region_result region;
	int64_t region_school;
	if (n->region) {
		region = *n->region;
		region_school = n->region_school_id;
	} else if ((rc = region_of(c, a, pk, s, n->person_id, n->now, &region, &region_school))) {
		return problem_err(p, rc);
	}
	/* The person's number: unique in the session as the person is. */
	const char *number = exam_receipt_number(a, s->id, n->person_id);
	if (!number)
		return problem_err(p, ERR_NOMEM);
	struct db_res res;
	struct db_val v[] = {DBV_INT(s->id),
			     DBV_INT(n->person_id),
			     DBV_INT(n->org_id),
			     DBV_TEXT(n->kind),
			     DBV_TEXT(number),
			     DBV_TEXT(ch.track),
			     DBV_TEXT(ch.subjects),
			     DBV_TEXT(ch.exemptions),
			     dbv_text_or_null(n->in->category),
			     DBV_TEXT(region.region),
			     region_school ? DBV_INT(region_school) : DBV_NULL,
			     DBV_INT(region.points + ch.category_points),
			     dbv_text_or_null(n->key),
			     user ? DBV_INT(user) : DBV_NULL,
			     DBV_INT(n->now),
			     DBV_INT(n->now)};
	rc = db_row(c, Q_EXAM_REGISTRATION_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_NOTFOUND && n->key && user && !registration_by_key(c, user, n->key, id)) {
		*raced = true;
		return ERR_OK;
	}
	if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_REGISTRATION, NULL, NULL);
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_EXAM_REGISTRATION_INSERT__ID);
	db_done(&res);
	rc = version_insert(c, *id, 1, n->org_id, &ch, n->in->category,
			    &(struct version_points){region.region, region_school,
						     region.points + ch.category_points},
			    n->now, user);
	if (!rc && n->out) {
		*n->out = (struct exam_registration){
			.id = *id,
			.session_id = s->id,
			.person_id = n->person_id,
			.org_id = n->org_id,
			.kind = n->kind,
			.number = number,
			.track = ch.track,
			.version = 1,
			.subjects = ch.subjects,
			.exemptions = ch.exemptions,
			.category = n->in->category,
			.region = region.region,
			.bonus = region.points + ch.category_points,
			.status = "submitted",
			.created_at = n->now,
			.updated_at = n->now,
		};
	}
	return problem_err(p, rc);
}

int exam_registration_read_written(struct db_conn *c, struct arena *a, int64_t id,
				   const struct exam_session *s, struct exam_registration *out)
{
	return registration_written(c, a, id, s, out);
}

/* ---- a candidate's own registration, its reads before the write ---- */

static int prepare_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_registration_create *x = ctx;
	struct exam_registration_pre *pre = &x->pre;
	struct arena *a = by->arena;
	int64_t person_id = by->who->person_id;
	struct db_res res;
	struct db_val v = DBV_INT(person_id);
	int rc = exam_session_get_row(c, a, x->session_id, &pre->s);
	if (!rc && (rc = db_row(c, Q_EXAM_PERSON, &v, 1, &res)) == ERR_OK) {
		bool nomem = false;
		pre->given_name = db_dup(&res, C_EXAM_PERSON__GIVEN_NAME, a);
		pre->family_name = db_dup(&res, C_EXAM_PERSON__FAMILY_NAME, a);
		pre->birth_date = db_dup(&res, C_EXAM_PERSON__BIRTH_DATE, a);
		pre->national_id = db_dup_or_null(&res, C_EXAM_PERSON__NATIONAL_ID, a, &nomem);
		pre->sex = db_dup(&res, C_EXAM_PERSON__SEX, a);
		pre->school_id = db_int(&res, C_EXAM_PERSON__ORG_ID);
		pre->school = db_dup(&res, C_EXAM_PERSON__SCHOOL, a);
		pre->school_name = db_dup(&res, C_EXAM_PERSON__SCHOOL_NAME, a);
		pre->school_path = db_dup(&res, C_EXAM_PERSON__SCHOOL_PATH, a);
		db_done(&res);
		if (nomem || !pre->given_name || !pre->family_name || !pre->birth_date ||
		    !pre->sex || !pre->school || !pre->school_name || !pre->school_path)
			return ERR_NOMEM;
	}
	if (rc == ERR_NOTFOUND || (!rc && !exam_session_visible(NULL, &pre->s, pre->school_path))) {
		pre->rc = problem_set(&pre->p, P_NOT_FOUND, NULL, "No such exam session.");
		return ERR_OK;
	}
	if (rc)
		return rc;
	const struct exam_pack *pk = exam_pack_find(pre->s.pack);
	if (!pk)
		return ERR_INTERNAL;
	rc = exam_eligibility_check(c, pk, person_id, &pre->p);
	if (rc) {
		pre->rc = rc;
		return pre->p.id == P_NONE ? rc : ERR_OK;
	}
	struct exam_stay *stays;
	int n;
	char today[11];
	if ((rc = history_read(c, a, person_id, &stays, &n)))
		return rc;
	instant_date(x->now, pre->s.offset, today);
	exam_region_decide(pk, stays, n, today, &pre->region);
	if (pre->region.stay >= 0) {
		pre->region_school_id = stays[pre->region.stay].school_id;
		pre->region_school = stays[pre->region.stay].school;
	}
	return ERR_OK;
}

int exam_registration_prepare_read(struct db *db, struct exam_registration_create *x)
{
	x->pre = (struct exam_registration_pre){0};
	if (x->for_person || !x->by->who || !x->by->who->person_id || !candidate_grant(x->by->who))
		return ERR_OK; /* the write decides, and reads for itself */
	int rc = actor_work_read(db, x->by, prepare_work, x);
	x->pre.ready = rc == ERR_OK;
	return rc;
}

/* A retry whose first request made a registration gets the first answer,
 * whatever this one would have met (the window closed since, a choice
 * that no longer passes): *done when it did. */
static int replay_if_made(struct db_conn *c, struct exam_registration_create *x, bool *done)
{
	*done = false;
	int64_t id;
	int rc = x->key ? registration_by_key(c, x->by->who->user_id, x->key, &id) : ERR_NOTFOUND;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return problem_err(&x->p, rc);
	*done = true;
	x->p = (struct problem){0};
	return registration_first(c, x, id);
}

/* The write of a candidate's own registration, its reads made before
 * (x->pre): the row, its first version and the audit entry; the answer
 * from what was read and written, not read back. */
static int create_prepared(struct db_conn *c, struct exam_registration_create *x,
			   const struct access_decision *d)
{
	struct exam_registration_pre *pre = &x->pre;
	bool done;
	int rc;
	if (pre->rc) {
		x->p = pre->p;
		rc = replay_if_made(c, x, &done);
		if (rc || done)
			return rc;
		x->p = pre->p;
		return pre->rc;
	}
	int64_t person_id = x->by->who->person_id;
	struct exam_registration_new n = {.person_id = person_id,
					  .org_id = pre->school_id,
					  .kind = "student",
					  .in = &x->in,
					  .key = x->key,
					  .now = x->now,
					  .lang = x->lang,
					  .region = &pre->region,
					  .region_school_id = pre->region_school_id,
					  .out = &x->r};
	int64_t id;
	bool raced = false;
	rc = exam_registration_insert(c, x->by, &pre->s, &n, &id, &raced, &x->p);
	if (rc) {
		struct problem first = x->p;
		int prc = replay_if_made(c, x, &done);
		if (prc || done)
			return prc;
		x->p = first;
		return rc;
	}
	if (raced) /* a retry that ran beside the first: answer what the first made */
		return registration_first(c, x, id);
	rc = actor_audit(c, x->by, d, "exams.register", person_id,
			 session_subject(x->by->arena, pre->s.id));
	if (rc)
		return problem_err(&x->p, rc);
	struct exam_registration *r = &x->r;
	r->given_name = pre->given_name;
	r->family_name = pre->family_name;
	r->birth_date = pre->birth_date;
	r->national_id = pre->national_id;
	r->sex = pre->sex;
	r->school = pre->school;
	r->school_name = pre->school_name;
	r->school_path = pre->school_path;
	r->region_school = pre->region_school;
	registration_dress(r, &pre->s);
	return ERR_OK;
}

int exam_registration_create_tx(struct db_conn *c, void *ctx)
{
	struct exam_registration_create *x = ctx;
	struct arena *a = x->by->arena;
	struct access_decision d = {.allowed = true, .visible = true};
	int rc = x->for_person ? ERR_OK : candidate_decide(x->by, &d, &x->p);
	if (rc)
		return rc;
	if (x->pre.ready && !x->for_person)
		return create_prepared(c, x, &d);
	if (x->for_person && x->by->who->ngrants)
		d.grant = &x->by->who->grants[0];
	int64_t user = x->by->who->user_id;
	int64_t person_id = x->for_person ? x->for_person : x->by->who->person_id;
	if (x->key) {
		int64_t id;
		rc = registration_by_key(c, user, x->key, &id);
		if (!rc)
			return registration_first(c, x, id);
		if (rc != ERR_NOTFOUND)
			return problem_err(&x->p, rc);
	}
	struct exam_session s;
	struct exam_person person;
	rc = exam_session_get_row(c, a, x->session_id, &s);
	if (!rc)
		rc = person_get(c, a, person_id, &person);
	if (rc == ERR_NOTFOUND ||
	    (!rc && !x->for_person && !exam_session_visible(NULL, &s, person.school_path)))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	const struct exam_pack *pk = exam_pack_find(s.pack);
	if (!pk)
		return problem_err(&x->p, ERR_INTERNAL);
	/* A free candidate sits at the site's school; anyone else must be in
	 * the pack's final year. */
	if (x->for_person)
		person.school_id = x->for_school;
	else if ((rc = exam_eligibility_check(c, pk, person_id, &x->p)))
		return rc;
	struct exam_registration_new n = {.person_id = person_id,
					  .org_id = person.school_id,
					  .kind = x->for_person ? "free" : "student",
					  .in = &x->in,
					  .key = x->key,
					  .now = x->now,
					  .lang = x->lang};
	int64_t id;
	bool raced = false;
	rc = exam_registration_insert(c, x->by, &s, &n, &id, &raced, &x->p);
	if (rc)
		return rc;
	if (raced) /* a retry that ran beside the first: answer what the first made */
		return registration_first(c, x, id);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "exams.register", person_id,
				 session_subject(a, s.id));
	if (!rc)
		rc = registration_written(c, a, id, &s, &x->r);
	return problem_err(&x->p, rc);
}

int exam_registration_edit_tx(struct db_conn *c, void *ctx)
{
	struct exam_registration_edit *x = ctx;
	struct arena *a = x->by->arena;
	struct access_decision d;
	struct exam_registration cur;
	struct exam_session s;
	int rc = registration_get(c, a, x->id, &cur);
	bool mine = !rc && x->by->who && x->by->who->person_id == cur.person_id &&
		    candidate_grant(x->by->who);
	if (rc == ERR_NOTFOUND || (!rc && !mine))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	if (!rc)
		rc = candidate_decide(x->by, &d, &x->p);
	if (!rc)
		rc = exam_session_get_row(c, a, cur.session_id, &s);
	if (rc)
		return problem_err(&x->p, rc);
	const struct exam_pack *pk = exam_pack_find(s.pack);
	if (!pk)
		return problem_err(&x->p, ERR_INTERNAL);
	rc = exam_window_check(&s, x->now, x->lang, a, &x->p);
	if (rc)
		return rc;
	struct choice_stored ch;
	rc = choice_check(pk, cur.kind, &x->in, a, &ch, &x->p);
	if (rc)
		return rc;
	struct exam_region_result region;
	int64_t region_school;
	rc = region_of(c, a, pk, &s, cur.person_id, x->now, &region, &region_school);
	if (rc)
		return problem_err(&x->p, rc);
	int changes = 0;
	struct db_val v[] = {DBV_INT(cur.version + 1),
			     DBV_TEXT(ch.track),
			     DBV_TEXT(ch.subjects),
			     DBV_TEXT(ch.exemptions),
			     dbv_text_or_null(x->in.category),
			     DBV_TEXT(region.region),
			     region_school ? DBV_INT(region_school) : DBV_NULL,
			     DBV_INT(region.points + ch.category_points),
			     DBV_INT(x->now),
			     DBV_INT(cur.id),
			     DBV_INT(cur.version)};
	rc = db_exec(c, Q_EXAM_REGISTRATION_UPDATE, v, ARRAY_SIZE(v), &changes);
	if (!rc && changes != 1)
		return problem_set(&x->p, P_CONFLICT, NULL,
				   "The registration changed meanwhile; try again.");
	if (!rc)
		rc = version_insert(c, cur.id, cur.version + 1, cur.org_id, &ch, x->in.category,
				    &(struct version_points){region.region, region_school,
							     region.points + ch.category_points},
				    x->now, x->by->who->user_id);
	if (!rc)
		rc = actor_audit(c, x->by, &d, "exams.edit", cur.person_id,
				 session_subject(a, s.id));
	if (!rc)
		rc = registration_written(c, a, cur.id, &s, &x->r);
	return problem_err(&x->p, rc);
}

/* ---- reads ---- */

/* May by read registration r of session s? The candidate; the readers of
 * the person's record (guardians, staff reaching its school); staff
 * reaching the registration's school or the session's office. */
static int read_decide(struct db_conn *c, const struct actor *by, const struct exam_registration *r,
		       const struct exam_session *s, struct access_decision *d)
{
	const struct principal *p = by->who;
	const struct grant *g = candidate_grant(p);
	if (g && p->person_id == r->person_id) {
		*d = (struct access_decision){.allowed = true, .visible = true, .grant = g};
		return ERR_OK;
	}
	const char *school_path;
	int rc = access_student_school(c, by->arena, r->person_id, &school_path);
	if (!rc)
		rc = access_student(c, p, ACCESS_READ, r->person_id, school_path, d);
	if (rc || d->allowed)
		return rc;
	g = principal_reach(p, ACCESS_STAFF, r->school_path);
	if (!g)
		g = principal_reach(p, ACCESS_STAFF, s->org_path);
	if (g) {
		d->allowed = d->visible = true;
		d->grant = g;
	}
	return ERR_OK;
}

static int registration_view_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_registration_view *x = ctx;
	struct exam_session s;
	int rc = registration_get(c, by->arena, x->id, &x->r);
	if (rc == ERR_NOTFOUND) {
		access_absent(by->who, &x->d);
		return ERR_OK;
	}
	if (!rc)
		rc = exam_session_get_row(c, by->arena, x->r.session_id, &s);
	if (!rc)
		rc = read_decide(c, by, &x->r, &s, &x->d);
	if (!rc && x->d.allowed) {
		registration_dress(&x->r, &s);
		rc = registration_versions(c, by->arena, &x->r);
		if (!rc)
			rc = exam_review_view_of(c, by->arena, x->r.id, &x->r.review);
	}
	return problem_err(&x->p, rc);
}

int exam_registration_view_read(struct db *db, const struct actor *by,
				struct exam_registration_view *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, registration_view_work, x);
	if (rc)
		return rc;
	rc = actor_audit_student_read(by, &x->d, "exams.read", x->r.person_id, &x->audit, &x->p);
	if (!rc && !x->d.allowed)
		problem_set(&x->p, P_NOT_FOUND, NULL, "No such registration.");
	return rc;
}

/* Read the rows of a list query into x (one audit entry each, decided by
 * d), at most x->limit, x->more when there are others. */
static int list_rows(struct db_conn *c, const struct actor *by, struct exam_registration_list *x,
		     enum query_id q, const struct db_val *v, size_t nv,
		     const struct access_decision *d, const char *action)
{
	x->items = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->items));
	x->audit = arena_calloc(by->arena, (size_t)x->limit + 1, sizeof(*x->audit));
	if (!x->items || !x->audit)
		return problem_err(&x->p, ERR_NOMEM);
	struct db_res res;
	int rc = db_query(c, q, v, nv, &res);
	int step = 0;
	struct exam_session s = {0};
	while (!rc && (step = db_next(&res)) == 1) {
		if (x->n == x->limit) {
			x->more = true;
			break;
		}
		struct exam_registration *r = &x->items[x->n];
		rc = registration_read_row(&res, by->arena, r);
		if (rc)
			break;
		actor_audit_fill(by, d, action, r->person_id, &x->audit[x->n]);
		x->audit[x->n].subject = session_subject(by->arena, r->session_id);
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	/* Each item's zone and points: its session's (usually one). */
	for (int i = 0; !rc && i < x->n; i++) {
		if (s.id != x->items[i].session_id)
			rc = exam_session_get_row(c, by->arena, x->items[i].session_id, &s);
		if (!rc)
			registration_dress(&x->items[i], &s);
	}
	x->naudit = (size_t)x->n;
	return problem_err(&x->p, rc);
}

static int registration_list_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_registration_list *x = ctx;
	struct exam_session s;
	int rc = exam_session_get_row(c, by->arena, x->session_id, &s);
	if (rc == ERR_NOTFOUND || (!rc && !exam_session_visible(by->who, &s, NULL)))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	struct access_decision d = {.allowed = true, .visible = true};
	d.grant = principal_reach(by->who, ACCESS_STAFF, s.org_path);
	int64_t school_id = 0;
	if (x->school) {
		struct access_org_ref org;
		rc = access_org_lookup(c, by->arena, x->school, &org);
		if (rc == ERR_NOTFOUND || (!rc && !org.school))
			return problem_set(&x->p, P_UNKNOWN_SCHOOL, "school", NULL);
		if (rc)
			return problem_err(&x->p, rc);
		school_id = org.id;
		if (!d.grant)
			d.grant = principal_reach(by->who, ACCESS_STAFF, org.path);
	}
	if (!d.grant)
		return problem_set(
			&x->p, P_FORBIDDEN, NULL,
			"Only the staff of the session's office list all its "
			"registrations; a school's staff list their school's (?school=).");
	const char *status = x->status ? x->status : "";
	struct db_val v[] = {DBV_INT(s.id),	   DBV_INT(school_id), DBV_INT(school_id),
			     DBV_TEXT(status),	   DBV_TEXT(status),   DBV_INT(x->after),
			     DBV_INT(x->limit + 1)};
	return list_rows(c, by, x, Q_EXAM_REGISTRATION_LIST_SESSION, v, ARRAY_SIZE(v), &d,
			 "exams.list");
}

int exam_registration_list_read(struct db *db, const struct actor *by,
				struct exam_registration_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, registration_list_work, x);
}

static int registration_mine_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_registration_list *x = ctx;
	const struct principal *p = by->who;
	struct access_decision d = {.allowed = true, .visible = true};
	if (!p)
		return ERR_OK;
	d.grant = candidate_grant(p);
	for (int i = 0; p && !d.grant && i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_GUARDIAN)
			d.grant = &p->grants[i];
	if (!d.grant) {
		x->items = NULL;
		return ERR_OK;
	}
	struct db_val v[] = {DBV_INT(candidate_grant(p) ? p->person_id : 0), DBV_INT(p->user_id),
			     DBV_INT(x->limit + 1)};
	return list_rows(c, by, x, Q_EXAM_REGISTRATION_LIST_MINE, v, ARRAY_SIZE(v), &d,
			 "exams.read");
}

int exam_registration_mine_read(struct db *db, const struct actor *by,
				struct exam_registration_list *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	return actor_work_read(db, by, registration_mine_work, x);
}

/* ---- prefill ---- */

static int prefill_work(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_prefill *x = ctx;
	struct arena *a = by->arena;
	int rc = candidate_decide(by, &x->d, &x->p);
	if (rc)
		return rc;
	x->person_id = by->who->person_id;
	rc = exam_session_get_row(c, a, x->session_id, &x->s);
	struct db_res res;
	struct db_val v = DBV_INT(x->person_id);
	if (!rc)
		rc = db_row(c, Q_EXAM_PERSON, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	bool nomem = false;
	x->given_name = db_dup(&res, C_EXAM_PERSON__GIVEN_NAME, a);
	x->family_name = db_dup(&res, C_EXAM_PERSON__FAMILY_NAME, a);
	x->birth_date = db_dup(&res, C_EXAM_PERSON__BIRTH_DATE, a);
	x->national_id = db_dup_or_null(&res, C_EXAM_PERSON__NATIONAL_ID, a, &nomem);
	x->sex = db_dup(&res, C_EXAM_PERSON__SEX, a);
	x->school = db_dup(&res, C_EXAM_PERSON__SCHOOL, a);
	x->school_name = db_dup(&res, C_EXAM_PERSON__SCHOOL_NAME, a);
	const char *path = db_dup(&res, C_EXAM_PERSON__SCHOOL_PATH, a);
	db_done(&res);
	if (nomem || !x->given_name || !x->family_name || !x->birth_date || !x->sex || !x->school ||
	    !x->school_name || !path)
		return problem_err(&x->p, ERR_NOMEM);
	if (!exam_session_visible(NULL, &x->s, path))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	x->pack = exam_pack_find(x->s.pack);
	if (!x->pack)
		return problem_err(&x->p, ERR_INTERNAL);
	rc = history_read(c, a, x->person_id, &x->stays, &x->nstays);
	if (rc)
		return problem_err(&x->p, rc);
	char today[11];
	instant_date(time_now_ms(), x->s.offset, today);
	exam_region_decide(x->pack, x->stays, x->nstays, today, &x->region);
	return ERR_OK;
}

int exam_prefill_read(struct db *db, const struct actor *by, struct exam_prefill *x)
{
	if (!by)
		return problem_err(&x->p, ERR_NOMEM);
	int rc = actor_work_read(db, by, prefill_work, x);
	if (rc)
		return rc;
	return actor_audit_student_read(by, &x->d, "exams.prefill", x->person_id, &x->audit, &x->p);
}
