/*
 * org.c: the organisation tree (org.h): validation, the store, and what
 * an actor may add, change, move and read.
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "domain/access/access.h"
#include "domain/access/actor.h"
#include "domain/common/work.h"
#include "domain/registry/org.h"
#include "domain/registry/reads.h"

static const char *const kinds[] = {"ministry", "province", "district", "school"};

static int kind_level(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kind && !strcmp(kind, kinds[i]))
			return (int)i;
	return -1;
}

static bool code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > ORG_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			return false;
	}
	return true;
}

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

/* The details any org may carry, and those only schools may. */
static int org_validate_details(const struct org_input *in, bool school, struct problem *p)
{
	static const char *const countries[] = {"IR", "VN"};
	static const char *const levels[] = {"primary", "lower_secondary", "upper_secondary"};
	static const char *const sectors[] = {"public", "private"};
	if (in->country && !one_of(in->country, countries, ARRAY_SIZE(countries)))
		return problem_set(p, P_INVALID, "country", "The country is IR or VN.");
	if (in->address && utf8_length(in->address, strlen(in->address)) > 500)
		return problem_set(p, P_TOO_LONG, "address",
				   "An address has at most 500 characters.");
	if (in->level && !school)
		return problem_set(p, P_INVALID, "level", "Only schools have a level.");
	if (in->level && !one_of(in->level, levels, ARRAY_SIZE(levels)))
		return problem_set(p, P_INVALID, "level",
				   "Level is primary, lower_secondary or upper_secondary.");
	if (in->sector && !school)
		return problem_set(p, P_INVALID, "sector", "Only schools have a sector.");
	if (in->sector && !one_of(in->sector, sectors, ARRAY_SIZE(sectors)))
		return problem_set(p, P_INVALID, "sector", "Sector is public or private.");
	return ERR_OK;
}

int org_validate(const struct org_input *in, struct problem *p)
{
	if (!in->code || !*in->code)
		return problem_set(p, P_REQUIRED, "code", "An organisation needs a code.");
	if (!code_valid(in->code))
		return problem_set(p, P_INVALID, "code",
				   "A code has 1 to 32 letters A-Z, digits, '-', '_' or '.'.");
	if (!in->name || !*in->name)
		return problem_set(p, P_REQUIRED, "name", "An organisation needs a name.");
	if (!utf8_valid(in->name, strlen(in->name)))
		return problem_set(p, P_INVALID, "name", "A name must be valid UTF-8.");
	if (utf8_length(in->name, strlen(in->name)) > ORG_NAME_MAX)
		return problem_set(p, P_TOO_LONG, "name", "A name has at most 200 characters.");
	int level = kind_level(in->kind);
	if (level < 0)
		return problem_set(p, P_INVALID, "kind",
				   "Kind is one of ministry, province, district, school.");
	if (level == 0 && in->parent)
		return problem_set(p, P_INVALID, "parent", "A ministry has no parent.");
	if (level > 0 && !in->parent)
		return problem_set(p, P_REQUIRED, "parent",
				   "This kind of organisation needs a parent.");
	if (in->parent && !code_valid(in->parent))
		return problem_set(p, P_UNKNOWN_PARENT, "parent",
				   "No organisation has this parent code.");
	return org_validate_details(in, level == 3, p);
}

/* The org coded `code`, to be a parent: its id, kind level, path (into
 * path, cut to 512 bytes; *plen its whole length) and, when country is
 * given and still empty, its country. P_UNKNOWN_PARENT if there is none. */
static int parent_get(struct db_conn *c, const char *code, int64_t *id, int *level, char path[512],
		      size_t *plen, char *country, struct problem *p)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_UNKNOWN_PARENT, "parent",
				   "No organisation has this parent code.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_ORG__ID);
	*level = kind_level(db_text(&res, C_ORG__KIND, NULL));
	if (country && !country[0] && !db_null(&res, C_ORG__COUNTRY))
		snprintf(country, 3, "%s", db_text(&res, C_ORG__COUNTRY, NULL));
	snprintf(path, 512, "%s", db_text(&res, C_ORG__PATH, plen));
	db_done(&res);
	return ERR_OK;
}

/* The parent of a new org of kind level `level`: its id, path (into
 * parent_path, 512 bytes) and country (into country, unless set). */
static int parent_read(struct db_conn *c, const char *code, int level, int64_t *id,
		       char parent_path[512], char country[3], struct problem *p)
{
	int parent_level = -1;
	size_t plen = 0;
	int rc = parent_get(c, code, id, &parent_level, parent_path, &plen, country, p);
	if (rc)
		return rc;
	if (plen >= 512 - 24)
		return problem_set(p, P_ORG_TOO_DEEP, "parent", "The hierarchy is too deep.");
	if (parent_level != level - 1)
		return problem_set(p, P_WRONG_PARENT_KIND, "parent",
				   "The parent must be one level up: a province under a "
				   "ministry, a district under a province, a school "
				   "under a district.");
	return ERR_OK;
}

int org_create(struct db_conn *c, const struct org_input *in, int64_t *id, struct problem *p)
{
	int rc = org_validate(in, p);
	if (rc)
		return rc;
	int64_t parent_id = 0;
	char parent_path[512] = "/";
	char country[3] = "";
	if (in->country)
		snprintf(country, sizeof(country), "%s", in->country);
	if (in->parent) {
		rc = parent_read(c, in->parent, kind_level(in->kind), &parent_id, parent_path,
				 country, p);
		if (rc)
			return rc;
	}
	int64_t now = time_now_unix();
	struct db_val v[] = {DBV_TEXT(in->code), DBV_TEXT(in->name),
			     DBV_TEXT(in->kind), parent_id ? DBV_INT(parent_id) : DBV_NULL,
			     DBV_INT(now),	 DBV_INT(now)};
	struct db_res res;
	rc = db_row(c, Q_ORG_INSERT, v, ARRAY_SIZE(v), &res);
	if (rc == ERR_CONFLICT)
		return problem_set(p, P_DUPLICATE_CODE, "code",
				   "Another organisation already has this code.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_ORG_INSERT__ID);
	db_done(&res);
	char path[560];
	snprintf(path, sizeof(path), "%s%" PRId64 "/", parent_path, *id);
	struct db_val pv[] = {DBV_TEXT(path), DBV_INT(*id)};
	rc = db_exec(c, Q_ORG_SET_PATH, pv, 2, NULL);
	if (!rc) {
		struct db_val dv[] = {country[0] ? DBV_TEXT(country) : DBV_NULL,
				      dbv_text_or_null(in->address),
				      dbv_text_or_null(in->level),
				      dbv_text_or_null(in->sector),
				      DBV_INT(now),
				      DBV_INT(*id)};
		rc = db_exec(c, Q_ORG_SET_DETAILS, dv, ARRAY_SIZE(dv), NULL);
	}
	return rc ? problem_err(p, rc) : ERR_OK;
}

int org_get(struct db_conn *c, struct arena *a, const char *code, struct org *out)
{
	struct db_res res;
	struct db_val v = DBV_TEXT(code);
	int rc = db_row(c, Q_ORG_BY_CODE, &v, 1, &res);
	if (rc)
		return rc;
	*out = (struct org){
		.id = db_int(&res, C_ORG__ID),
		.code = db_dup(&res, C_ORG__CODE, a),
		.name = db_dup(&res, C_ORG__NAME, a),
		.kind = db_dup(&res, C_ORG__KIND, a),
		.parent = reads_dup_or_null(&res, C_ORG__PARENT, a),
		.path = db_dup(&res, C_ORG__PATH, a),
		.created_at = db_int(&res, C_ORG__CREATED_AT),
		.updated_at = db_int(&res, C_ORG__UPDATED_AT),
		.country = reads_dup_or_null(&res, C_ORG__COUNTRY, a),
		.address = reads_dup_or_null(&res, C_ORG__ADDRESS, a),
		.level = reads_dup_or_null(&res, C_ORG__LEVEL, a),
		.sector = reads_dup_or_null(&res, C_ORG__SECTOR, a),
		.parent_id = db_int0(&res, C_ORG__PARENT_ID),
	};
	db_done(&res);
	if (!out->code || !out->name || !out->kind || !out->path)
		return ERR_NOMEM;
	return ERR_OK;
}

int org_update(struct db_conn *c, const struct org *cur, const struct org_input *in,
	       struct problem *p)
{
	struct org_input next = {
		.code = cur->code,
		.name = in->name ? in->name : cur->name,
		.kind = cur->kind,
		.parent = cur->parent,
		.country = cur->country,
		.address = in->address ? in->address : cur->address,
		.level = in->level ? in->level : cur->level,
		.sector = in->sector ? in->sector : cur->sector,
	};
	int rc = org_validate(&next, p);
	if (rc)
		return rc;
	struct db_val v[] = {DBV_TEXT(next.name),	   dbv_text_or_null(next.address),
			     dbv_text_or_null(next.level), dbv_text_or_null(next.sector),
			     DBV_INT(time_now_unix()),	   DBV_INT(cur->id)};
	rc = db_exec(c, Q_ORG_UPDATE, v, ARRAY_SIZE(v), NULL);
	return rc ? problem_err(p, rc) : ERR_OK;
}

int org_move(struct db_conn *c, const struct org *cur, const char *parent, int64_t by_user,
	     struct problem *p)
{
	int level = kind_level(cur->kind);
	if (level <= 0)
		return problem_set(p, P_INVALID, "parent", "A ministry cannot move.");
	int64_t parent_id = 0;
	int parent_level = -1;
	char parent_path[512] = "";
	size_t plen = 0;
	int rc = parent_get(c, parent, &parent_id, &parent_level, parent_path, &plen, NULL, p);
	if (rc)
		return rc;
	if (parent_level != level - 1)
		return problem_set(p, P_WRONG_PARENT_KIND, "parent",
				   "The new parent must be one level up.");
	if (parent_id == cur->parent_id)
		return problem_set(p, P_SAME_PARENT, "parent",
				   "The organisation is already there.");
	char new_path[600];
	snprintf(new_path, sizeof(new_path), "%s%" PRId64 "/", parent_path, cur->id);
	int64_t now = time_now_unix();
	struct db_val mv[] = {DBV_INT(parent_id), DBV_INT(now), DBV_INT(cur->id)};
	rc = db_exec(c, Q_ORG_MOVE, mv, 3, NULL);
	/* The subtree's paths: replace the old prefix with the new one. */
	struct db_val pv[] = {DBV_TEXT(new_path), DBV_TEXT(cur->path), DBV_TEXT(cur->path),
			      DBV_TEXT(cur->path)};
	if (!rc)
		rc = db_exec(c, Q_ORG_REPATH_SUBTREE, pv, 4, NULL);
	struct db_val rv[] = {DBV_INT(cur->id), cur->parent_id ? DBV_INT(cur->parent_id) : DBV_NULL,
			      DBV_INT(parent_id), DBV_INT(now),
			      by_user ? DBV_INT(by_user) : DBV_NULL};
	if (!rc)
		rc = db_exec(c, Q_ORG_MOVE_RECORD, rv, 5, NULL);
	return rc ? problem_err(p, rc) : ERR_OK;
}

/* ---- what an actor may do ---- */

struct org_fetch {
	struct arena *a;
	const char *code;
	struct org *o;
};

static int org_fetch_work(struct db_conn *c, void *ctx)
{
	struct org_fetch *x = ctx;
	return org_get(c, x->a, x->code, x->o);
}

int org_load(struct db *db, struct arena *a, const char *code, struct org *out)
{
	struct org_fetch x = {.a = a, .code = code, .o = out};
	return work_read(db, org_fetch_work, &x);
}

int org_create_tx(struct db_conn *c, void *ctx)
{
	struct org_create *x = ctx;
	const struct principal *who = x->by->who;
	if (!x->in.parent) {
		if (!principal_reaches(who, ROLE_BIT(ROLE_MINISTRY_ADMIN), "/"))
			return problem_set(&x->p, P_OUT_OF_SCOPE, "parent",
					   "Only a national administrator may add a ministry.");
		return org_create(c, &x->in, &x->id, &x->p);
	}
	/* Scope is checked against the parent as committed; an unknown
	 * parent is org_create's to answer. */
	struct org parent;
	int rc = org_get(c, x->by->arena, x->in.parent, &parent);
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	if (!rc && !principal_reaches(who, ORG_MANAGERS, parent.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "parent",
				   "You may only add organisations inside your own.");
	return org_create(c, &x->in, &x->id, &x->p);
}

/* Inside a write: the org `code`, which must exist and lie in the subtree
 * of one of by's `roles`. */
static int org_reach(struct db_conn *c, struct actor *by, const char *code, unsigned roles,
		     struct org *o, struct problem *p)
{
	int rc = org_get(c, by->arena, code, o);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_NOT_FOUND, NULL, "No such organisation.");
	if (rc)
		return problem_err(p, rc);
	if (!principal_reaches(by->who, roles, o->path))
		return problem_set(p, P_OUT_OF_SCOPE, NULL,
				   "This organisation is outside your reach.");
	return ERR_OK;
}

int org_update_tx(struct db_conn *c, void *ctx)
{
	struct org_update *x = ctx;
	struct org o = {0};
	int rc = org_reach(c, x->by, x->code, ACCESS_REGISTRARS, &o, &x->p);
	return rc ? rc : org_update(c, &o, &x->in, &x->p);
}

int org_move_tx(struct db_conn *c, void *ctx)
{
	struct org_move *x = ctx;
	struct org o = {0};
	int rc = org_reach(c, x->by, x->code, ORG_MANAGERS, &o, &x->p);
	if (rc)
		return rc;
	/* The caller must reach the new parent too; an unknown one is
	 * org_move's to answer. */
	struct org np = {0};
	rc = org_get(c, x->by->arena, x->parent, &np);
	if (rc && rc != ERR_NOTFOUND)
		return problem_err(&x->p, rc);
	if (!rc && !principal_reaches(x->by->who, ORG_MANAGERS, np.path))
		return problem_set(&x->p, P_OUT_OF_SCOPE, "parent",
				   "The new parent is outside your reach.");
	return org_move(c, &o, x->parent, x->by->who->user_id, &x->p);
}

/* ---- reads of what lies under an org ---- */

struct listing_work {
	struct actor *by;
	const char *code;
	struct org_listing *out;
};

/* The org of the listing, if by's staff roles reach it (else absent). */
static int listing_org(struct db_conn *c, struct listing_work *w)
{
	int rc = org_get(c, w->by->arena, w->code, &w->out->org);
	if (rc)
		return rc;
	struct access_decision d;
	access_org(w->by->who, ACCESS_READ, w->out->org.path, &d);
	return d.allowed ? ERR_OK : ERR_NOTFOUND;
}

/* The child of the current row of Q_ORG_CHILDREN, strings in a. */
static int child_row(struct db_res *res, struct arena *a, struct org_child *k)
{
	*k = (struct org_child){
		.code = db_dup(res, C_ORG_CHILDREN__CODE, a),
		.name = db_dup(res, C_ORG_CHILDREN__NAME, a),
		.kind = db_dup(res, C_ORG_CHILDREN__KIND, a),
		.country = reads_dup_or_null(res, C_ORG_CHILDREN__COUNTRY, a),
		.level = reads_dup_or_null(res, C_ORG_CHILDREN__LEVEL, a),
		.sector = reads_dup_or_null(res, C_ORG_CHILDREN__SECTOR, a),
		.children = db_int(res, C_ORG_CHILDREN__CHILDREN),
		.students = db_int(res, C_ORG_CHILDREN__STUDENTS),
	};
	return k->code && k->name && k->kind ? ERR_OK : ERR_NOMEM;
}

static int children_rows(struct db_conn *c, struct arena *a, struct org_listing *out)
{
	struct db_res res;
	struct db_val v = DBV_INT(out->org.id);
	size_t cap = 0;
	int rc = db_query(c, Q_ORG_CHILDREN, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct org_child *room =
			reads_grow(a, out->children, out->nchildren, &cap, sizeof(*room));
		if (!room) {
			rc = ERR_NOMEM;
			break;
		}
		out->children = room;
		rc = child_row(&res, a, &room[out->nchildren]);
		if (!rc)
			out->nchildren++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

static int children_work(struct db_conn *c, void *ctx)
{
	struct listing_work *w = ctx;
	int rc = listing_org(c, w);
	if (!rc)
		rc = children_rows(c, w->by->arena, w->out);
	if (rc)
		return rc;
	const char *path = w->out->org.path;
	struct db_val pv[] = {DBV_TEXT(path), DBV_TEXT(path)};
	struct db_res res;
	rc = db_row(c, Q_ORG_COUNT_STUDENTS_SUBTREE, pv, 2, &res);
	if (!rc) {
		w->out->students = db_int(&res, C_ORG_COUNT_STUDENTS_SUBTREE__N);
		db_done(&res);
	}
	return rc;
}

/* The move of the current row of Q_ORG_MOVES_OF, strings in a. */
static int move_row(struct db_res *res, struct arena *a, struct org_move_entry *m)
{
	*m = (struct org_move_entry){
		.from = reads_dup_or_null(res, C_ORG_MOVES_OF__FROM_PARENT, a),
		.to = db_dup(res, C_ORG_MOVES_OF__TO_PARENT, a),
		.moved_at = db_int(res, C_ORG_MOVES_OF__MOVED_AT),
	};
	return m->to ? ERR_OK : ERR_NOMEM;
}

static int history_work(struct db_conn *c, void *ctx)
{
	struct listing_work *w = ctx;
	struct org_listing *out = w->out;
	int rc = listing_org(c, w);
	if (rc)
		return rc;
	struct db_res res;
	struct db_val v = DBV_INT(out->org.id);
	size_t cap = 0;
	rc = db_query(c, Q_ORG_MOVES_OF, &v, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct org_move_entry *room =
			reads_grow(w->by->arena, out->moves, out->nmoves, &cap, sizeof(*room));
		if (!room) {
			rc = ERR_NOMEM;
			break;
		}
		out->moves = room;
		rc = move_row(&res, w->by->arena, &room[out->nmoves]);
		if (!rc)
			out->nmoves++;
	}
	db_done(&res);
	return !rc && step < 0 ? step : rc;
}

int org_children_read(struct db *db, struct actor *by, const char *code, struct org_listing *out)
{
	memset(out, 0, sizeof(*out));
	if (!by)
		return ERR_NOMEM;
	struct listing_work w = {.by = by, .code = code, .out = out};
	return work_read(db, children_work, &w);
}

int org_history_read(struct db *db, struct actor *by, const char *code, struct org_listing *out)
{
	memset(out, 0, sizeof(*out));
	if (!by)
		return ERR_NOMEM;
	struct listing_work w = {.by = by, .code = code, .out = out};
	return work_read(db, history_work, &w);
}
