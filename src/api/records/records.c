/*
 * records.c: signed school records over HTTP (docs/records.md).
 *
 *   GET  /api/v1/records?student=&school=&year=    list (scoped, audited)
 *   GET  /api/v1/records/{id}                      the credential (?download=1: a file)
 *   POST /api/v1/records                           a draft for one student and year
 *   POST /api/v1/classes/{id}/records              drafts for a whole class
 *   POST /api/v1/records/{id}/sign                 the homeroom teacher, then the principal
 *   POST /api/v1/classes/{id}/records/sign         the homeroom teacher signs the class
 *   POST /api/v1/orgs/{code}/records/sign          a principal seals the school's year
 *   POST /api/v1/records/{id}/correct              a new version of a sealed record
 *   GET  /api/v1/records/{id}/qr.svg               the printed record's QR code
 *   POST /api/v1/records/{id}/share                a holder shares the whole record
 *   POST /api/v1/verify                            anyone: check a record
 *   GET  /api/v1/public/records/{uuid}             anyone: the verification page's view
 *   GET  /api/v1/trust-list                        anyone: the keys, signed
 *   GET  /api/v1/signing-keys?school=              a school's keys (registrars)
 *   POST /api/v1/signing-keys/rotate               a new key for a signer
 *   POST /api/v1/signing-keys/{id}/revoke          revoke, from a date
 *
 * Writes are prepared on the request's thread (reads, access, assembly and
 * signatures: src/domain/record.h) and stored by one group-commit job that
 * first checks nothing read has changed and appends one audit entry per
 * student touched. Reads of records are answered through the audit log like
 * reads of the student (record.read, record.list).
 */
#include "core/base.h"

#include <ctype.h>

#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/records/handlers.h"
#include "api/teaching/teaching.h"
#include "domain/access/access.h"
#include "domain/access/audit.h"
#include "domain/common/calendar.h"
#include "domain/records/qr.h"
#include "domain/records/record.h"
#include "domain/records/signing_key.h"
#include "domain/registry/student.h"
#include "domain/records/trust.h"

static const char *iso_time(struct arena *a, int64_t t)
{
	char buf[32];
	time_iso8601(t, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

static json_t *opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *signer_json(struct arena *a, const char *username, int64_t at)
{
	if (!at)
		return json_null();
	return json_pack("{s:o, s:s}", "username", opt_str(username), "at", iso_time(a, at));
}

/* A record as lists show it (not the credential). */
static json_t *record_summary(struct arena *a, const struct record_row *r)
{
	json_t *j = json_pack(
		"{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s}", "id", (json_int_t)r->id,
		"uuid", r->uuid, "student", (json_int_t)r->person_id, "given_name",
		r->given_name ? r->given_name : "", "family_name",
		r->family_name ? r->family_name : "", "school", r->school, "school_year",
		teaching_year_text(a, r->school_year), "grade", r->grade, "class", r->class_name,
		"version", r->version, "status", record_status_name(r->status));
	if (!j)
		return NULL;
	json_object_set_new(j, "previous_id",
			    r->previous_id ? json_integer(r->previous_id) : json_null());
	json_object_set_new(j, "superseded_by", opt_str(r->successor));
	json_object_set_new(j, "homeroom_teacher", signer_json(a, r->teacher, r->teacher_at));
	json_object_set_new(j, "principal", signer_json(a, r->principal, r->principal_at));
	json_object_set_new(j, "created_at", json_string(iso_time(a, r->created_at)));
	json_object_set_new(j, "updated_at", json_string(iso_time(a, r->updated_at)));
	return j;
}

/* "2025-2026" or its start year alone, from a query parameter. */
static bool year_param_or_reply(struct req *r, const char *name, int *out)
{
	const char *s = req_query(r, name);
	*out = 0;
	if (!s || !*s)
		return true;
	struct problem p = {0};
	char full[32];
	if (!strchr(s, '-')) {
		char *end;
		long y = strtol(s, &end, 10);
		snprintf(full, sizeof(full), "%ld-%ld", y, y + 1);
		if (*end)
			full[0] = '\0';
	} else {
		snprintf(full, sizeof(full), "%s", s);
	}
	if (school_year_parse(full, out, &p)) {
		res_error(r, P_INVALID, name, "A school year such as 2025-2026.");
		return false;
	}
	return true;
}

static bool id_param_or_reply(struct req *r, const char *name, int64_t max, int64_t *out)
{
	const char *s = req_query(r, name);
	if (!s || !*s)
		return true;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > max) {
		res_error(r, P_INVALID, name, "This must be a positive whole number in range.");
		return false;
	}
	*out = v;
	return true;
}

/* ---- reads ---- */

struct rec_read {
	struct req *r;
	int64_t id;
	struct record_row row;
	bool found;
	struct access_decision d;
};

static int rec_read(struct db_conn *c, void *arg)
{
	struct rec_read *x = arg;
	int rc = record_get(c, &x->r->arena, x->id, &x->row);
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(x->r), &x->d);
		return ERR_OK;
	}
	if (rc)
		return rc;
	x->found = true;
	return record_access_read(c, api_principal(x->r), &x->row, ACCESS_READ, &x->d);
}

/* The start of the record reads: the {id} record if the caller may read
 * it, with its `record.read` audit entry (subject "record:ID" and `what`)
 * in *e for the answer; NULL once answered (a refusal is answered 404 and
 * recorded, as for an absent record). */
static struct rec_read *readable_or_reply(struct req *r, const char *what,
					  struct audit_entry **e)
{
	struct rec_read *x = arena_calloc(&r->arena, 1, sizeof(*x));
	*e = arena_calloc(&r->arena, 1, sizeof(**e));
	if (!x || !*e) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return NULL;
	int rc = db_read(api_app(r)->db, rec_read, x);
	if (rc) {
		api_problem(r, rc, NULL);
		return NULL;
	}
	api_audit_fill(r, &x->d, "record.read", x->found ? x->row.person_id : 0, *e);
	(*e)->subject = arena_printf(&r->arena, "record:%" PRId64 "%s", x->id, what);
	if (!x->d.allowed) {
		struct problem p;
		problem_set(&p, P_NOT_FOUND, NULL, "No such record.");
		api_audit_reply(r, *e, 1, 0, NULL, &p);
		return NULL;
	}
	return x;
}

void api_records_get(struct req *r)
{
	struct audit_entry *e;
	struct rec_read *x = readable_or_reply(r, "", &e);
	if (!x)
		return;
	const char *dl = req_query(r, "download");
	bool download = dl && (!strcmp(dl, "1") || !strcmp(dl, "true"));
	if (download)
		res_header(r, "Content-Disposition",
			   arena_printf(&r->arena,
					"attachment; filename=\"school-record-%d-%d-%" PRId64
					"-v%d.json\"",
					x->row.school_year, x->row.school_year + 1,
					x->row.person_id, x->row.version));
	res_header(r, "Cache-Control", "no-store");
	api_audit_body_reply(r, e, 1, 200, download ? "application/vc" : "application/json",
			     x->row.credential, strlen(x->row.credential));
}

struct rec_list {
	struct req *r;
	int64_t student, after;
	const char *school;
	int year, limit;
	struct org_ref ref;
	struct access_decision sd; /* the student or school as a whole */
	int n;
	struct record_row *rows;
	struct access_decision *d;
	bool more;
	struct problem p;
};

static int rec_list_read(struct db_conn *c, void *arg)
{
	struct rec_list *x = arg;
	const struct principal *who = api_principal(x->r);
	struct arena *a = &x->r->arena;
	int rc;
	struct db_res res;
	if (x->student) {
		struct student s;
		rc = student_get(c, a, x->student, &s);
		if (rc == ERR_NOTFOUND) {
			access_absent(who, &x->sd);
			return ERR_OK;
		}
		if (!rc)
			rc = access_student(c, who, ACCESS_READ, x->student, s.school_path, &x->sd);
		if (rc)
			return rc;
		struct db_val v[] = {DBV_INT(x->student), DBV_INT(x->year), DBV_INT(x->year),
				     DBV_INT(x->after), DBV_INT(x->limit + 1)};
		rc = db_query(c, Q_RECORDS_LIST_STUDENT, v, 5, &res);
	} else {
		rc = school_ref(c, x->school, &x->ref, &x->p);
		if (rc == ERR_INVALID) {
			access_absent(who, &x->sd);
			return ERR_OK;
		}
		if (rc)
			return rc;
		access_org(who, ACCESS_READ, x->ref.path, &x->sd);
		if (!x->sd.allowed)
			return ERR_OK;
		struct db_val v[] = {DBV_INT(x->ref.id), DBV_INT(x->year), DBV_INT(x->year),
				     DBV_INT(x->after), DBV_INT(x->limit + 1)};
		rc = db_query(c, Q_RECORDS_LIST_SCHOOL, v, 5, &res);
	}
	if (rc)
		return rc;
	int step = 0, seen = 0;
	while ((step = db_next(&res)) == 1) {
		if (++seen > x->limit) {
			x->more = true;
			break;
		}
		rc = record_read_row(&res, a, &x->rows[x->n]);
		if (rc)
			break;
		x->n++;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	/* Each row decided again: a teacher sees their classes' records. */
	for (int i = 0; !rc && i < x->n; i++)
		rc = record_access_read(c, who, &x->rows[i], ACCESS_LIST, &x->d[i]);
	return rc;
}

void api_records_list(struct req *r)
{
	struct rec_list *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	int64_t limit = 50;
	x->after = 0;
	if (!id_param_or_reply(r, "student", INT64_MAX, &x->student) ||
	    !id_param_or_reply(r, "limit", 500, &limit) ||
	    !id_param_or_reply(r, "after", INT64_MAX, &x->after) ||
	    !year_param_or_reply(r, "year", &x->year))
		return;
	x->school = req_query(r, "school");
	if (x->school && !*x->school)
		x->school = NULL;
	if (!x->student && !x->school) {
		res_error(r, P_REQUIRED, "student", "Say whose records: ?student=ID or ?school=CODE.");
		return;
	}
	x->limit = (int)limit;
	x->rows = arena_calloc(&r->arena, (size_t)x->limit + 1, sizeof(*x->rows));
	x->d = arena_calloc(&r->arena, (size_t)x->limit + 1, sizeof(*x->d));
	if (!x->rows || !x->d) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	int rc = db_read(api_app(r)->db, rec_list_read, x);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	struct audit_entry *e = arena_calloc(&r->arena, (size_t)x->n + 1, sizeof(*e));
	if (!e) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	json_t *items = json_array();
	size_t ne = 0;
	for (int i = 0; i < x->n; i++) {
		if (!x->d[i].allowed)
			continue;
		api_audit_fill(r, &x->d[i], "record.list", x->rows[i].person_id, &e[ne]);
		e[ne++].subject = arena_printf(&r->arena, "record:%" PRId64, x->rows[i].id);
		json_array_append_new(items, record_summary(&r->arena, &x->rows[i]));
	}
	if (!ne && !x->sd.allowed) {
		/* Nothing the caller may see, of a student or school they may
		 * not read: the answer for one that does not exist. */
		json_decref(items);
		struct problem p;
		api_audit_fill(r, &x->sd, "record.list", x->student, e);
		e->subject = x->school;
		problem_set(&p, P_NOT_FOUND, NULL, x->student ? "No such student." : "No such school.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	json_t *j = json_pack("{s:o}", "items", items);
	json_object_set_new(j, "next",
			    x->more && x->n ? json_string(arena_printf(&r->arena, "%" PRId64,
								       x->rows[x->n - 1].id))
					    : json_null());
	api_audit_reply(r, e, ne, 200, j, NULL);
}

/* ---- the workflow ---- */

struct rec_op {
	struct req *r;
	struct record_batch b;
	int64_t class_id, person_id, record_id, org_id;
	int year;
	const char *school;
	bool single, answered;
	struct problem p; /* problems of the handler's own reads */
};

static const char *op_action(enum record_op op)
{
	switch (op) {
	case RECORD_OP_CREATE:
		return "record.create";
	case RECORD_OP_SIGN:
		return "record.sign";
	case RECORD_OP_SEAL:
		return "record.seal";
	default:
		return "record.correct";
	}
}

static int op_audit(struct db_conn *c, void *ctx, const struct record_batch *b)
{
	struct rec_op *x = ctx;
	struct audit_entry *e = arena_calloc(&x->r->arena, (size_t)b->n, sizeof(*e));
	if (!e)
		return ERR_NOMEM;
	for (int i = 0; i < b->n; i++) {
		const struct record_item *it = &b->items[i];
		api_audit_fill(x->r, &b->d, record_item_action(b, it), it->person_id, &e[i]);
		e[i].subject = arena_printf(&x->r->arena, "record %s", it->uuid);
	}
	return audit_append(c, e, (size_t)b->n);
}

static int op_prepare(struct db_conn *c, void *arg)
{
	struct rec_op *x = arg;
	return record_prepare(c, &x->b, x->class_id, x->person_id, x->record_id, x->org_id,
			      x->year);
}

static int op_store(struct db_conn *c, void *arg)
{
	struct rec_op *x = arg;
	return record_store(c, &x->b);
}

static json_t *item_json(const struct record_item *it)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:b, s:i}", "id", (json_int_t)it->id, "uuid",
			 it->uuid, "student", (json_int_t)it->person_id, "status",
			 record_status_name(it->to), "stale", it->stale, "version", it->version);
}

static json_t *ids_json(const int64_t *ids, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* A bulk operation's answer. */
static void reply_bulk(struct req *r, struct rec_op *x, const char *done_key, enum record_status to)
{
	const struct record_batch *b = &x->b;
	json_t *items = json_array(), *stale = json_array();
	for (int i = 0; i < b->n; i++) {
		json_array_append_new(items, item_json(&b->items[i]));
		if (b->items[i].stale)
			json_array_append_new(stale, json_integer(b->items[i].id));
	}
	res_json(r, 200,
		 json_pack("{s:i, s:o, s:o, s:o, s:o}", done_key, record_batch_count(b, to, false),
			   "stale", stale, "incomplete", ids_json(b->incomplete, b->nincomplete),
			   "skipped", ids_json(b->existing, b->nexisting), "records", items));
}

/* One record's answer: its summary, read back after the write. */
struct rec_back {
	struct req *r;
	int64_t id;
	struct record_row row;
};

static int rec_back_read(struct db_conn *c, void *arg)
{
	struct rec_back *x = arg;
	return record_get(c, &x->r->arena, x->id, &x->row);
}

static void reply_single(struct req *r, struct rec_op *x, int status)
{
	const struct record_item *it = &x->b.items[0];
	if (it->stale) {
		struct problem p;
		problem_set(&p, P_RECORD_STALE, NULL, "The grades changed since this record was assembled; it is a draft "
			    "again with the current grades, for the homeroom teacher to review "
			    "and sign.");
		p.ext_name = "record";
		p.ext_value = it->id;
		res_problem(r, &p);
		return;
	}
	struct rec_back back = {.r = r, .id = it->id};
	int rc = db_read(api_app(r)->db, rec_back_read, &back);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, status, record_summary(&r->arena, &back.row));
}

static void op_finish(struct req *r, int rc, void *arg)
{
	struct rec_op *x = arg;
	if (rc) {
		api_problem(r, rc, &x->b.p);
		return;
	}
	switch (x->b.op) {
	case RECORD_OP_CREATE:
		if (x->single)
			reply_single(r, x, 201);
		else
			reply_bulk(r, x, "created", RECORD_DRAFT);
		return;
	case RECORD_OP_SIGN:
		if (x->single)
			reply_single(r, x, 200);
		else
			reply_bulk(r, x, "signed", RECORD_TEACHER_SIGNED);
		return;
	case RECORD_OP_SEAL:
		if (x->single)
			reply_single(r, x, 200);
		else
			reply_bulk(r, x, "sealed", RECORD_SEALED);
		return;
	case RECORD_OP_CORRECT:
		reply_single(r, x, 201);
		return;
	}
}

/* Prepare on this thread, then store through the group commit. */
static void run_op(struct req *r, struct rec_op *x)
{
	x->b.a = &r->arena;
	x->b.who = api_principal(r);
	x->b.now = time_now_unix();
	x->b.before_write = op_audit;
	x->b.ctx = x;
	int rc = db_read(api_app(r)->db, op_prepare, x);
	/* Signing is done: the opened key is not kept past this point. */
	record_batch_release(&x->b);
	if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN) {
		/* Refused (or absent alike): on record, then answered. */
		struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
		if (!e) {
			api_problem(r, ERR_NOMEM, NULL);
			return;
		}
		api_audit_fill(r, &x->b.d, op_action(x->b.op), x->b.refused_person, e);
		e->allowed = false;
		e->subject = x->record_id ? arena_printf(&r->arena, "record:%" PRId64, x->record_id)
			     : x->class_id ? teaching_class_subject(r, x->class_id)
					   : x->school;
		api_audit_reply(r, e, 1, 0, NULL, &x->b.p);
		return;
	}
	if (rc) {
		api_problem(r, rc, &x->b.p);
		return;
	}
	if (!x->b.n) {
		if (x->single) {
			api_problem(r, ERR_INTERNAL, NULL);
			return;
		}
		op_finish(r, ERR_OK, x);
		return;
	}
	api_write(r, op_store, x, op_finish);
}

static struct rec_op *op_new(struct req *r, enum record_op op)
{
	struct rec_op *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return NULL;
	}
	x->r = r;
	x->b.op = op;
	return x;
}

/* POST /api/v1/records {"student","school_year"}: the student's class that
 * year is found first. */
struct find_class {
	struct rec_op *x;
	bool student_visible;
	struct problem p;
};

static int find_class_read(struct db_conn *c, void *arg)
{
	struct find_class *f = arg;
	struct rec_op *x = f->x;
	struct student s;
	int rc = student_get(c, &x->r->arena, x->person_id, &s);
	struct access_decision d;
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(x->r), &x->b.d);
		return ERR_OK;
	}
	if (!rc)
		rc = access_student(c, api_principal(x->r), ACCESS_READ, x->person_id,
				    s.school_path, &d);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v[] = {DBV_INT(x->person_id), DBV_INT(x->year)};
	rc = db_row(c, Q_RECORD_ENROLMENT_OF_YEAR, v, 2, &res);
	if (rc == ERR_NOTFOUND) {
		/* Without a class that year no one may make its record; say so
		 * only to those who may see the student. */
		x->b.d = d;
		f->student_visible = d.allowed;
		return ERR_OK;
	}
	if (rc)
		return rc;
	int64_t org = db_int(&res, 0);
	const char *name = arena_strdup(&x->r->arena, db_text(&res, 2, NULL));
	db_done(&res);
	if (!name)
		return ERR_NOMEM;
	struct db_val k[] = {DBV_INT(org), DBV_INT(x->year), DBV_TEXT(name)};
	rc = db_row(c, Q_CLASS_BY_NAME, k, 3, &res);
	struct class_ref cls;
	if (rc == ERR_OK) {
		rc = class_read_row(&res, &x->r->arena, &cls);
		db_done(&res);
	}
	x->b.d = d;
	f->student_visible = d.allowed;
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	/* The student, or that year's class (its teachers, the school's
	 * registrars), must be the caller's to read: else as if absent. */
	struct access_class ak = {
		.id = cls.id, .school_path = cls.path, .homeroom_id = cls.homeroom_id};
	struct access_decision cd;
	rc = access_class(c, api_principal(x->r), ACCESS_CLASS_READ, &ak, &cd);
	if (rc)
		return rc;
	if (d.allowed || cd.allowed)
		x->class_id = cls.id;
	f->student_visible = false;
	return ERR_OK;
}

void api_records_create(struct req *r)
{
	struct rec_op *x = op_new(r, RECORD_OP_CREATE);
	if (!x)
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int64_t student = 0;
	const char *year = NULL;
	int rc = json_get_int(body, "student", true, 1, INT64_MAX, &student, &x->p);
	if (!rc)
		rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	x->person_id = student;
	x->single = true;
	struct find_class f = {.x = x};
	rc = db_read(api_app(r)->db, find_class_read, &f);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (!x->class_id) {
		if (f.student_visible) {
			res_error(r, P_NO_CLASS, "school_year", "The student was in no class that year, so no homeroom teacher "
				  "can sign a record of it.");
			return;
		}
		struct audit_entry *e = arena_calloc(&r->arena, 1, sizeof(*e));
		struct problem p;
		if (!e) {
			api_problem(r, ERR_NOMEM, NULL);
			return;
		}
		api_audit_fill(r, &x->b.d, "record.create", x->person_id, e);
		e->allowed = false;
		problem_set(&p, P_NOT_FOUND, NULL, "No such student.");
		api_audit_reply(r, e, 1, 0, NULL, &p);
		return;
	}
	run_op(r, x);
}

void api_records_create_class(struct req *r)
{
	struct rec_op *x = op_new(r, RECORD_OP_CREATE);
	if (x && api_path_id_or_reply(r, "id", &x->class_id))
		run_op(r, x);
}

void api_records_sign_class(struct req *r)
{
	struct rec_op *x = op_new(r, RECORD_OP_SIGN);
	if (x && api_path_id_or_reply(r, "id", &x->class_id))
		run_op(r, x);
}

void api_records_correct(struct req *r)
{
	struct rec_op *x = op_new(r, RECORD_OP_CORRECT);
	if (!x || !api_path_id_or_reply(r, "id", &x->record_id))
		return;
	x->single = true;
	run_op(r, x);
}

struct status_peek {
	struct req *r;
	int64_t id;
	enum record_status status;
};

static int status_peek_read(struct db_conn *c, void *arg)
{
	struct status_peek *s = arg;
	struct record_row row;
	int rc = record_get(c, &s->r->arena, s->id, &row);
	if (rc == ERR_NOTFOUND) {
		s->status = RECORD_DRAFT; /* prepare answers 404 */
		return ERR_OK;
	}
	if (!rc)
		s->status = row.status;
	return rc;
}

/* The homeroom teacher signs a draft; a principal a teacher-signed record. */
void api_records_sign(struct req *r)
{
	struct status_peek s = {.r = r};
	if (!api_path_id_or_reply(r, "id", &s.id))
		return;
	int rc = db_read(api_app(r)->db, status_peek_read, &s);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	struct rec_op *x = op_new(r, s.status == RECORD_DRAFT ? RECORD_OP_SIGN : RECORD_OP_SEAL);
	if (!x)
		return;
	x->record_id = s.id;
	x->single = true;
	run_op(r, x);
}

struct school_find {
	struct req *r;
	const char *code;
	struct org_ref ref;
	struct problem p;
};

static int school_find_read(struct db_conn *c, void *arg)
{
	struct school_find *f = arg;
	return school_ref(c, f->code, &f->ref, &f->p);
}

void api_records_seal_school(struct req *r)
{
	struct rec_op *x = op_new(r, RECORD_OP_SEAL);
	if (!x)
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *year = NULL;
	int rc = json_get_string(body, "school_year", true, 16, &year, &x->p);
	if (!rc)
		rc = school_year_parse(year, &x->year, &x->p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	struct school_find f = {.r = r, .code = req_param(r, "code")};
	x->school = f.code;
	rc = db_read(api_app(r)->db, school_find_read, &f);
	if (rc == ERR_INVALID) {
		res_error(r, P_NOT_FOUND, NULL, "No such school.");
		return;
	}
	if (rc) {
		api_problem(r, rc, &f.p);
		return;
	}
	x->org_id = f.ref.id;
	run_op(r, x);
}

/* ---- verification ---- */

struct verify_ctx {
	struct db_conn *c;
	struct arena *a;
};

static int verify_lookup(void *ctx, const char *multikey, struct trust_key *out)
{
	struct verify_ctx *v = ctx;
	struct skey k;
	const char *school = NULL;
	int rc = skey_by_public(v->c, v->a, multikey, &k, &school);
	if (rc)
		return rc;
	*out = (struct trust_key){.school = school,
				  .role = k.role,
				  .valid_from = k.valid_from,
				  .valid_until = k.valid_until,
				  .revoked_at = k.revoked_at};
	return ERR_OK;
}

static int verify_status(void *ctx, const char *id, const json_t *cred, struct trust_status *out)
{
	struct verify_ctx *v = ctx;
	struct record_row row;
	int rc = record_by_uuid(v->c, v->a, id, &row);
	if (rc == ERR_NOTFOUND) {
		out->standing = TRUST_UNKNOWN;
		return ERR_OK;
	}
	if (rc)
		return rc;
	json_error_t e;
	json_t *stored = json_loads(row.credential, 0, &e);
	bool equal = stored && json_equal(stored, (json_t *)(uintptr_t)cred);
	json_decref(stored);
	if (row.status == RECORD_SUPERSEDED) {
		out->standing = equal ? TRUST_SUPERSEDED : TRUST_DIFFERENT;
		out->successor = row.successor;
		out->superseded_at = row.updated_at;
	} else if (row.status != RECORD_SEALED) {
		out->standing = TRUST_UNSEALED;
	} else {
		out->standing = equal ? TRUST_CURRENT : TRUST_DIFFERENT;
	}
	return ERR_OK;
}

struct verify_job {
	struct req *r;
	json_t *cred;
	struct trust_report rep;
	struct record_row row;
	bool held;
};

static int verify_read(struct db_conn *c, void *arg)
{
	struct verify_job *x = arg;
	struct verify_ctx v = {.c = c, .a = &x->r->arena};
	int rc = trust_check_record(x->cred, time_now_unix(), verify_lookup, &v, verify_status, &v,
				    &x->r->arena, &x->rep);
	const char *id = json_string_value(json_object_get(x->cred, "id"));
	if (!rc && id) {
		int got = record_by_uuid(c, &x->r->arena, id, &x->row);
		x->held = got == ERR_OK;
		if (got && got != ERR_NOTFOUND)
			rc = got;
	}
	return rc;
}

void api_verify(struct req *r)
{
	json_t *cred = req_json_or_reply(r);
	if (!cred)
		return;
	if (!json_is_object(cred)) {
		json_decref(cred);
		res_error(r, P_TYPE, NULL, "Send the credential (a JSON object).");
		return;
	}
	struct verify_job x = {.r = r, .cred = cred};
	int rc = db_read(api_app(r)->db, verify_read, &x);
	json_decref(cred);
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	json_t *checks = json_array();
	for (int i = 0; i < x.rep.n; i++) {
		const struct trust_check *k = &x.rep.checks[i];
		json_array_append_new(checks,
				      json_pack("{s:s, s:b, s:s}", "check", k->name, "ok",
						k->result == TRUST_PASS, "detail", k->detail));
	}
	json_t *j = json_pack("{s:b, s:o}", "valid", x.rep.valid, "checks", checks);
	/* Where the issuer's copy stands; nothing about the student. */
	json_object_set_new(j, "status",
			    x.held ? json_string(record_status_name(x.row.status)) : json_null());
	json_object_set_new(j, "superseded_by", opt_str(x.held ? x.row.successor : NULL));
	res_json(r, 200, j);
}

/* ---- printing and the public verification page ---- */

/* The record's id in a URL: its uuid without "urn:uuid:". */
static const char *uuid_bare(const char *uuid)
{
	return strncmp(uuid, "urn:uuid:", 9) ? uuid : uuid + 9;
}

/* This server's public address: the public_url setting, else the request's
 * Host (letters, digits, '.', '-', ':', '[', ']' only). */
static const char *public_base(struct req *r)
{
	const struct app *app = api_app(r);
	const char *u = app->cfg ? app->cfg->public_url : NULL;
	if (u && *u) {
		size_t n = strlen(u);
		while (n && u[n - 1] == '/')
			n--;
		return arena_printf(&r->arena, "%.*s", (int)n, u);
	}
	const char *host = req_header(r, "Host");
	bool ok = host && *host && strlen(host) < 256;
	for (const char *c = host; ok && *c; c++)
		ok = isalnum((unsigned char)*c) || strchr(".-:[]", *c);
	return arena_printf(&r->arena, "%s://%s", app->tls ? "https" : "http",
			    ok ? host : "localhost");
}

void api_records_qr(struct req *r)
{
	struct audit_entry *e;
	struct rec_read *x = readable_or_reply(r, " qr", &e);
	if (!x)
		return;
	char code[QR_CODE_LEN + 1];
	qr_record_code(x->row.credential, code);
	const char *url =
		arena_printf(&r->arena, "%s/verify/%s", public_base(r), uuid_bare(x->row.uuid));
	struct buf b = BUF_INIT(0);
	int rc = qr_svg(url, code, &b, NULL);
	const char *svg = rc ? NULL : arena_strdup(&r->arena, b.p);
	size_t len = b.len;
	buf_release(&b);
	if (!svg) {
		api_problem(r, rc ? rc : ERR_NOMEM, NULL);
		return;
	}
	res_header(r, "Cache-Control", "no-store");
	api_audit_body_reply(r, e, 1, 200, "image/svg+xml", svg, len);
}

struct public_job {
	struct req *r;
	const char *uuid;
	struct record_row row;
	bool found, shared;
	json_t *cred;
	struct trust_report rep;
};

static int public_read(struct db_conn *c, void *arg)
{
	struct public_job *x = arg;
	struct arena *a = &x->r->arena;
	int rc = record_by_uuid(c, a, x->uuid, &x->row);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	/* Drafts and records awaiting the principal are nobody's business. */
	if (x->row.status != RECORD_SEALED && x->row.status != RECORD_SUPERSEDED)
		return ERR_OK;
	struct db_res res;
	rc = db_row(c, Q_RECORD_SHARED, (struct db_val[]){DBV_INT(x->row.id)}, 1, &res);
	if (rc)
		return rc;
	x->shared = db_int(&res, 0) != 0;
	db_done(&res);
	json_error_t e;
	x->cred = json_loads(x->row.credential, 0, &e);
	if (!x->cred)
		return ERR_INTERNAL;
	x->found = true;
	struct verify_ctx v = {.c = c, .a = a};
	return trust_check_record(x->cred, time_now_unix(), verify_lookup, &v, verify_status, &v, a,
				  &x->rep);
}

static json_t *checks_json(const struct trust_report *rep)
{
	json_t *checks = json_array();
	for (int i = 0; i < rep->n; i++) {
		const struct trust_check *k = &rep->checks[i];
		json_array_append_new(checks,
				      json_pack("{s:s, s:b, s:s}", "check", k->name, "ok",
						k->result == TRUST_PASS, "detail", k->detail));
	}
	return checks;
}

void api_public_record(struct req *r)
{
	const char *id = req_param(r, "uuid");
	if (!id || strlen(id) != 36 || strspn(id, "0123456789abcdef-") != 36) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	struct public_job x = {.r = r, .uuid = arena_printf(&r->arena, "urn:uuid:%s", id)};
	int rc = db_read(api_app(r)->db, public_read, &x);
	if (rc) {
		json_decref(x.cred);
		api_problem(r, rc, NULL);
		return;
	}
	if (!x.found) {
		res_error(r, P_NOT_FOUND, NULL, "No such record.");
		return;
	}
	json_t *subj = json_object_get(x.cred, "credentialSubject");
	json_t *sr = json_object_get(subj, "schoolRecord");
	json_t *issuer = json_object_get(x.cred, "issuer");
	json_t *outcome = json_object_get(json_object_get(sr, "outcome"), "result");
	char code[QR_CODE_LEN + 1];
	qr_record_code(x.row.credential, code);
	json_t *signers = json_array();
	if (x.row.teacher_at)
		json_array_append_new(signers,
				      json_pack("{s:s, s:s}", "role", "homeroom_teacher", "at",
						iso_time(&r->arena, x.row.teacher_at)));
	if (x.row.principal_at)
		json_array_append_new(signers, json_pack("{s:s, s:s}", "role", "principal", "at",
							 iso_time(&r->arena, x.row.principal_at)));
	json_t *j = json_pack(
		"{s:s, s:b, s:o, s:s, s:o, s:s, s:O*, s:O*, s:O*, s:O*, s:O*, s:i, s:o, s:b}", "id",
		id, "valid", x.rep.valid, "checks", checks_json(&x.rep), "status",
		record_status_name(x.row.status), "superseded_by",
		x.row.successor ? json_string(uuid_bare(x.row.successor)) : json_null(), "code",
		code, "school_name", json_object_get(issuer, "name"), "school",
		json_object_get(issuer, "code"), "school_year", json_object_get(sr, "schoolYear"),
		"valid_from", json_object_get(x.cred, "validFrom"), "outcome", outcome, "grade",
		x.row.grade, "signers", signers, "shared", x.shared);
	if (j && x.shared)
		json_object_set(j, "credential", x.cred);
	json_decref(x.cred);
	res_header(r, "Cache-Control", "no-store");
	res_json(r, 200, j);
}

struct share_job {
	struct req *r;
	int64_t id;
	bool full;
	struct problem p;
};

static int share_write(struct db_conn *c, void *arg)
{
	struct share_job *x = arg;
	struct record_row row;
	struct access_decision d;
	int rc = record_get(c, &x->r->arena, x->id, &row);
	if (rc == ERR_NOTFOUND) {
		access_absent(api_principal(x->r), &d);
		row.person_id = 0;
	} else if (rc) {
		return rc;
	} else {
		rc = record_access_read(c, api_principal(x->r), &row, ACCESS_READ, &d);
		if (rc)
			return rc;
	}
	const char *subject = arena_printf(&x->r->arena, "record:%" PRId64 " %s", x->id,
					   x->full ? "full" : "minimal");
	bool sealed = d.allowed && (row.status == RECORD_SEALED || row.status == RECORD_SUPERSEDED);
	if (!sealed) {
		struct audit_entry *e = arena_calloc(&x->r->arena, 1, sizeof(*e));
		if (!e)
			return ERR_NOMEM;
		api_audit_fill(x->r, &d, "record.share", row.person_id, e);
		e->allowed = false;
		e->subject = subject;
		api_write_refused(x->r, e);
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such record.");
	}
	rc = db_exec(c, Q_RECORD_SHARE_SET,
		     (struct db_val[]){DBV_INT(x->full ? 1 : 0), DBV_INT(x->id)}, 2, NULL);
	if (!rc)
		rc = api_audit_in_job(c, x->r, &d, "record.share", row.person_id, subject);
	return rc;
}

static void share_finish(struct req *r, int rc, void *arg)
{
	struct share_job *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	res_json(r, 200, json_pack("{s:I, s:b}", "id", (json_int_t)x->id, "shared", x->full));
}

void api_records_share(struct req *r)
{
	struct share_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	int rc = json_get_bool(body, "full", true, &x->full, &x->p);
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, share_write, x, share_finish);
}

/* ---- the trust list ---- */

struct trust_job {
	struct req *r;
	const char *school;
	struct skey ministry;
	bool missing;
	json_t *list;
	struct problem p;
};

static int trust_read(struct db_conn *c, void *arg)
{
	struct trust_job *x = arg;
	int rc = skey_active(c, &x->r->arena, 0, SKEY_MINISTRY, 0, &x->ministry);
	if (rc == ERR_NOTFOUND) {
		x->missing = true;
		return ERR_OK;
	}
	if (!rc)
		rc = trust_list_build(c, x->school, &x->ministry, time_now_unix(), &x->list);
	return rc;
}

static int trust_key_write(struct db_conn *c, void *arg)
{
	struct trust_job *x = arg;
	int rc = skey_active_or_new(c, &x->r->arena, 0, SKEY_MINISTRY, 0, time_now_unix(),
				    &x->ministry, &x->p);
	if (!rc && x->ministry.fresh)
		rc = skey_insert(c, &x->ministry, 0);
	return rc;
}

static void trust_reply(struct req *r, struct trust_job *x)
{
	x->missing = false;
	int rc = db_read(api_app(r)->db, trust_read, x);
	if (!rc && x->missing)
		rc = ERR_RETRY;
	if (rc == ERR_NOTFOUND) {
		res_error(r, P_NOT_FOUND, "school", "No such school.");
		return;
	}
	if (!rc)
		rc = trust_list_sign(x->list, &x->ministry, time_now_unix());
	if (rc == ERR_RETRY) {
		json_decref(x->list);
		api_problem(r, skey_unavailable(&x->p), &x->p);
		return;
	}
	if (rc) {
		json_decref(x->list);
		api_problem(r, rc, NULL);
		return;
	}
	res_header(r, "Cache-Control", "no-cache");
	res_json(r, 200, x->list);
}

static void trust_key_finish(struct req *r, int rc, void *arg)
{
	if (rc) {
		api_problem(r, rc, &((struct trust_job *)arg)->p);
		return;
	}
	trust_reply(r, arg);
}

void api_trust_list(struct req *r)
{
	struct trust_job *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	x->school = req_query(r, "school");
	if (x->school && !*x->school)
		x->school = NULL;
	if (!skey_available()) {
		api_problem(r, skey_unavailable(&x->p), &x->p);
		return;
	}
	int rc = db_read(api_app(r)->db, trust_read, x);
	if (rc == ERR_NOTFOUND) {
		res_error(r, P_NOT_FOUND, "school", "No such school.");
		return;
	}
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	if (x->missing) {
		/* The instance's first trust list: its key is made once. */
		api_write(r, trust_key_write, x, trust_key_finish);
		return;
	}
	rc = trust_list_sign(x->list, &x->ministry, time_now_unix());
	if (rc) {
		json_decref(x->list);
		api_problem(r, rc == ERR_RETRY ? skey_unavailable(&x->p) : rc, &x->p);
		return;
	}
	res_header(r, "Cache-Control", "no-cache");
	res_json(r, 200, x->list);
}

/* ---- signing keys ---- */

static json_t *key_json(struct arena *a, struct db_res *res)
{
	struct skey k = {0};
	snprintf(k.multikey, sizeof(k.multikey), "%s", db_text(res, 3, NULL));
	char method[SKEY_METHOD_MAX];
	skey_method(&k, method);
	json_t *j =
		json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_int(res, 0), "role",
			  db_text(res, 1, NULL), "public_key", k.multikey, "verification_method",
			  method, "valid_from", iso_time(a, db_int(res, 4)));
	if (!j)
		return NULL;
	json_object_set_new(j, "username",
			    db_null(res, 2) ? json_null() : json_string(db_text(res, 2, NULL)));
	json_object_set_new(j, "valid_until",
			    db_null(res, 5) ? json_null()
					    : json_string(iso_time(a, db_int(res, 5))));
	json_object_set_new(j, "revoked_at",
			    db_null(res, 6) ? json_null()
					    : json_string(iso_time(a, db_int(res, 6))));
	json_object_set_new(j, "revoke_reason",
			    db_null(res, 7) ? json_null() : json_string(db_text(res, 7, NULL)));
	return j;
}

/* The national administrator: a ministry_admin bound to no org. */
static bool national_admin(const struct principal *p)
{
	for (int i = 0; i < p->ngrants; i++)
		if (p->grants[i].role == ROLE_MINISTRY_ADMIN && !p->grants[i].org_path)
			return true;
	return false;
}

/* The org whose keys are managed: a school the caller's registrar grants
 * reach (ACCESS_WRITE), or none (0: the ministry key, national admins). */
static int keys_scope(struct db_conn *c, struct req *r, const char *school, int64_t *org_id,
		      struct problem *p)
{
	*org_id = 0;
	if (!school || !*school) {
		if (national_admin(api_principal(r)))
			return ERR_OK;
		return problem_set(p, P_FORBIDDEN, "school", "Only the national administrator manages the ministry key; "
				   "name a school.");
	}
	struct org_ref ref;
	int rc = school_ref(c, school, &ref, p);
	if (rc == ERR_INVALID)
		return problem_set(p, P_NOT_FOUND, "school", "No such school.");
	if (rc)
		return rc;
	struct access_decision d;
	access_org(api_principal(r), ACCESS_WRITE, ref.path, &d);
	if (!d.allowed)
		return d.visible ? problem_set(p, P_FORBIDDEN, NULL, "Only the school's administration manages its keys.")
				 : problem_set(p, P_NOT_FOUND, "school", "No such school.");
	*org_id = ref.id;
	return ERR_OK;
}

struct keys_list {
	struct req *r;
	const char *school;
	json_t *items;
	struct problem p;
};

static int keys_list_read(struct db_conn *c, void *arg)
{
	struct keys_list *x = arg;
	int64_t org = 0;
	int rc = keys_scope(c, x->r, x->school, &org, &x->p);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v = DBV_INT(org);
	rc = db_query(c, Q_SIGNING_KEYS_OF_ORG, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		json_t *k = key_json(&x->r->arena, &res);
		if (k)
			json_array_append_new(x->items, k);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

void api_signing_keys_list(struct req *r)
{
	struct keys_list x = {.r = r, .school = req_query(r, "school"), .items = json_array()};
	int rc = db_read(api_app(r)->db, keys_list_read, &x);
	if (rc) {
		json_decref(x.items);
		api_problem(r, rc, &x.p);
		return;
	}
	res_json(r, 200, json_pack("{s:o}", "items", x.items));
}

struct key_change {
	struct req *r;
	const char *school, *username, *reason;
	int role;
	int64_t id, since;
	struct skey out;
	int64_t org_id;
	struct problem p;
};

static int key_rotate_write(struct db_conn *c, void *arg)
{
	struct key_change *x = arg;
	int rc =
		keys_scope(c, x->r, x->role == SKEY_MINISTRY ? NULL : x->school, &x->org_id, &x->p);
	if (rc)
		return rc;
	int64_t user = 0;
	if (x->role == SKEY_HOMEROOM_TEACHER || x->role == SKEY_PRINCIPAL) {
		struct db_res res;
		struct db_val v[] = {
			DBV_TEXT(x->username),
			DBV_TEXT(x->role == SKEY_PRINCIPAL ? "school_admin" : "teacher"),
			DBV_INT(x->org_id)};
		rc = db_row(c, Q_SIGNING_USER_AT, v, 3, &res);
		if (rc == ERR_NOTFOUND)
			return problem_set(&x->p, P_UNKNOWN_USER, "username", x->role == SKEY_PRINCIPAL
						   ? "No school_admin of the school has this name."
						   : "No teacher of the school has this name.");
		if (rc)
			return problem_err(&x->p, rc);
		user = db_int(&res, 0);
		db_done(&res);
	}
	return skey_rotate(c, &x->r->arena, x->org_id, (enum skey_role)x->role, user,
			   time_now_unix(), api_principal(x->r)->user_id, &x->out, &x->p);
}

/* The key as the list shows it. */
struct key_back {
	struct req *r;
	int64_t id, org;
	json_t *item;
};

static int key_back_read(struct db_conn *c, void *arg)
{
	struct key_back *x = arg;
	struct db_res res;
	struct db_val v = DBV_INT(x->org);
	int rc = db_query(c, Q_SIGNING_KEYS_OF_ORG, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1)
		if (db_int(&res, 0) == x->id) {
			json_decref(x->item);
			x->item = key_json(&x->r->arena, &res);
		}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static void key_reply(struct req *r, int status, int64_t id, int64_t org)
{
	struct key_back back = {.r = r, .id = id, .org = org};
	int rc = db_read(api_app(r)->db, key_back_read, &back);
	if (!rc && !back.item)
		rc = ERR_NOTFOUND;
	if (rc) {
		api_problem(r, rc, NULL);
		return;
	}
	res_json(r, status, back.item);
}

static void key_rotate_finish(struct req *r, int rc, void *arg)
{
	struct key_change *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	log_info("records: %s key of %s%s rotated by %s", skey_role_name((enum skey_role)x->role),
		 x->school ? x->school : "the instance", x->username ? x->username : "",
		 api_principal(r)->username);
	key_reply(r, 201, x->out.id, x->org_id);
}

void api_signing_keys_rotate(struct req *r)
{
	struct key_change *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *role = NULL, *school = NULL, *username = NULL;
	int rc = json_get_string(body, "role", true, 32, &role, &x->p);
	if (!rc && (x->role = skey_role_parse(role)) < 0)
		rc = problem_set(&x->p, P_UNKNOWN_VALUE, "role", "The role is homeroom_teacher, principal, school or ministry.");
	if (!rc)
		rc = json_get_string(body, "school", x->role != SKEY_MINISTRY, 32, &school, &x->p);
	bool signer = x->role == SKEY_HOMEROOM_TEACHER || x->role == SKEY_PRINCIPAL;
	if (!rc)
		rc = json_get_string(body, "username", signer, 64, &username, &x->p);
	x->school = school ? arena_strdup(&r->arena, school) : NULL;
	x->username = username ? arena_strdup(&r->arena, username) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	if (!skey_available()) {
		api_problem(r, skey_unavailable(&x->p), &x->p);
		return;
	}
	api_write(r, key_rotate_write, x, key_rotate_finish);
}

static int key_revoke_write(struct db_conn *c, void *arg)
{
	struct key_change *x = arg;
	struct skey k;
	int rc = skey_get(c, &x->r->arena, x->id, &k);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such signing key.");
	if (rc)
		return problem_err(&x->p, rc);
	x->org_id = k.org_id;
	if (k.org_id) {
		struct db_res res;
		struct db_val v = DBV_INT(k.org_id);
		rc = db_row(c, Q_RECORD_SCHOOL, &v, 1, &res);
		if (rc)
			return problem_err(&x->p, rc == ERR_NOTFOUND ? ERR_DB : rc);
		struct access_decision d;
		access_org(api_principal(x->r), ACCESS_WRITE, db_text(&res, 1, NULL), &d);
		db_done(&res);
		if (!d.allowed)
			return problem_set(&x->p, P_NOT_FOUND, NULL, "No such signing key.");
	} else if (!national_admin(api_principal(x->r))) {
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such signing key.");
	}
	int64_t now = time_now_unix();
	return skey_revoke(c, x->id, x->since ? x->since : now, now, x->reason,
			   api_principal(x->r)->user_id, &x->p);
}

static void key_revoke_finish(struct req *r, int rc, void *arg)
{
	struct key_change *x = arg;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	log_info("records: signing key %" PRId64 " revoked by %s", x->id,
		 api_principal(r)->username);
	key_reply(r, 200, x->id, x->org_id);
}

void api_signing_keys_revoke(struct req *r)
{
	struct key_change *x = arena_calloc(&r->arena, 1, sizeof(*x));
	if (!x) {
		api_problem(r, ERR_NOMEM, NULL);
		return;
	}
	x->r = r;
	if (!api_path_id_or_reply(r, "id", &x->id))
		return;
	json_t *body = req_json_or_reply(r);
	if (!body)
		return;
	const char *since = NULL, *reason = NULL;
	int rc = json_get_string(body, "since", false, 40, &since, &x->p);
	if (!rc && since && !trust_time_parse(since, &x->since))
		rc = problem_set(&x->p, P_INVALID, "since", "A date and time such as 2026-06-01T00:00:00Z.");
	if (!rc)
		rc = json_get_string(body, "reason", true, 500, &reason, &x->p);
	if (!rc && !*reason)
		rc = problem_set(&x->p, P_REQUIRED, "reason", "Say why the key is revoked.");
	x->reason = reason ? arena_strdup(&r->arena, reason) : NULL;
	json_decref(body);
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_write(r, key_revoke_write, x, key_revoke_finish);
}
