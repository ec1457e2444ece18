/*
 * assignment.c: the room assignment of an exam session in the store
 * (assignment.h); the seating itself is rooms.c's.
 *
 * The transaction reads four lists (councils, sites, the candidates'
 * schools, the confirmed candidates, each one query), maps schools to
 * councils by org path in memory (a few thousand schools against a few
 * dozen councils, rather than a join of every candidate with every
 * council), numbers the grouping keys by their sorted order (so the
 * seating does not depend on the order rows arrive in), seats everyone,
 * and writes the seats back in batches. Arrays of a row per candidate are
 * malloc'd and freed here: a million candidates must not live in the
 * request's arena.
 */
#include "core/base.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/access.h"
#include "domain/common/work.h"
#include "domain/exams/assignment.h"
#include "domain/exams/pack.h"
#include "domain/exams/rooms.h"

/* ---- grouping keys ---- */

static int str_order(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The grouping key into out (cap bytes): false if it does not fit. */
static bool group_key_buf(char *out, size_t cap, const char *track, const char *json)
{
	enum { MAX = 32, TEXT = 1024 };
	char copy[TEXT];
	const char *item[MAX];
	size_t n = 0;
	if (!json)
		json = "";
	if (strlen(json) >= sizeof(copy))
		return false;
	memcpy(copy, json, strlen(json) + 1);
	/* the strings of a JSON array of codes ([a-z_] letters: no escapes) */
	for (char *s = copy; *s && n < MAX;) {
		char *q = strchr(s, '"');
		char *e = q ? strchr(q + 1, '"') : NULL;
		if (!e)
			break;
		*e = '\0';
		item[n++] = q + 1;
		s = e + 1;
	}
	qsort(item, n, sizeof(*item), str_order);
	int w = snprintf(out, cap, "%s|", track);
	if (w < 0 || (size_t)w >= cap)
		return false;
	size_t o = (size_t)w;
	for (size_t i = 0; i < n; i++) {
		w = snprintf(out + o, cap - o, "%s%s", i ? "," : "", item[i]);
		if (w < 0 || (size_t)w >= cap - o)
			return false;
		o += (size_t)w;
	}
	return true;
}

const char *exam_group_key(struct arena *a, const char *track, const char *subjects_json)
{
	char buf[1100];
	return group_key_buf(buf, sizeof(buf), track, subjects_json) ? arena_strdup(a, buf) : NULL;
}

/* Distinct grouping keys: an open-addressing table of malloc'd strings,
 * each with the number it was first given. */
struct groups {
	char **key;
	uint32_t *id;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211u;
	return h;
}

static void groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->cap; i++)
		free(g->key ? g->key[i] : NULL);
	free(g->key);
	free(g->id);
	memset(g, 0, sizeof(*g));
}

static int groups_grow(struct groups *g)
{
	size_t cap = g->cap ? g->cap * 2 : 256;
	char **key = calloc(cap, sizeof(*key));
	uint32_t *id = calloc(cap, sizeof(*id));
	if (!key || !id) {
		free(key);
		free(id);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < g->cap; i++) {
		if (!g->key[i])
			continue;
		size_t h = fnv(g->key[i]) & (cap - 1);
		while (key[h])
			h = (h + 1) & (cap - 1);
		key[h] = g->key[i];
		id[h] = g->id[i];
	}
	free(g->key);
	free(g->id);
	g->key = key;
	g->id = id;
	g->cap = cap;
	return ERR_OK;
}

/* The number of key s (given the next free number if new). */
static int groups_find(struct groups *g, const char *s, uint32_t *out)
{
	if (2 * (g->n + 1) > g->cap && groups_grow(g))
		return ERR_NOMEM;
	size_t h = fnv(s) & (g->cap - 1);
	while (g->key[h] && strcmp(g->key[h], s))
		h = (h + 1) & (g->cap - 1);
	if (!g->key[h]) {
		if (!(g->key[h] = strdup(s)))
			return ERR_NOMEM;
		g->id[h] = (uint32_t)g->n++;
	}
	*out = g->id[h];
	return ERR_OK;
}

/* rank[first number] = the key's place in sorted order. */
static int groups_ranks(const struct groups *g, uint32_t *rank)
{
	const char **sorted = malloc((g->n ? g->n : 1) * sizeof(*sorted));
	if (!sorted)
		return ERR_NOMEM;
	for (size_t i = 0, k = 0; i < g->cap; i++)
		if (g->key[i])
			sorted[k++] = g->key[i];
	qsort(sorted, g->n, sizeof(*sorted), str_order);
	for (size_t r = 0; r < g->n; r++) {
		/* find the number of sorted[r]: keys are distinct */
		size_t h = fnv(sorted[r]) & (g->cap - 1);
		while (g->key[h] && strcmp(g->key[h], sorted[r]))
			h = (h + 1) & (g->cap - 1);
		rank[g->id[h]] = (uint32_t)r;
	}
	free(sorted);
	return ERR_OK;
}

/* ---- the session's shape ---- */

struct council {
	uint32_t code;
	const char *path;
};

struct school {
	int64_t id;
	uint32_t council; /* ROOMS_NONE: under no council */
	uint32_t site;	  /* the site it hosts in its council, or ROOMS_NONE */
};

struct plan {
	struct council *councils;
	size_t ncouncils;
	struct rooms_site *sites;
	int64_t *site_org;
	size_t nsites;
	struct school *schools;
	size_t nschools;
	/* candidates, and the seats they hold now (number 0: none) */
	int64_t *reg;
	struct held {
		int64_t site;
		uint32_t number, room, seat;
	} * held;
	struct rooms_candidate *cand;
	size_t n, cap_reg, cap_cand, cap_held; /* the three arrays' rooms */
	struct groups groups;
	struct rooms_seat *seat;
	size_t no_council;
};

static void plan_free(struct plan *pl)
{
	free(pl->sites);
	free(pl->site_org);
	free(pl->schools);
	free(pl->reg);
	free(pl->held);
	free(pl->cand);
	free(pl->seat);
	groups_free(&pl->groups);
}

static bool council_code(const char *s, uint32_t *out)
{
	if (!s || strlen(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*out = (uint32_t)((s[0] - '0') * 10 + (s[1] - '0'));
	return true;
}

static int councils_read(struct db_conn *c, struct arena *a, int64_t session, struct plan *pl)
{
	struct db_res res;
	struct db_val v = DBV_INT(session);
	int rc = db_query(c, Q_ASSIGNMENT_COUNCILS, &v, 1, &res), step = 0;
	size_t cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct council *more =
			arena_reserve(a, pl->councils, pl->ncouncils, &cap, sizeof(*more), 64);
		if (!more) {
			rc = ERR_NOMEM;
			break;
		}
		pl->councils = more;
		struct council *k = &pl->councils[pl->ncouncils];
		size_t len;
		if (!council_code(db_text(&res, C_ASSIGNMENT_COUNCILS__CODE, &len), &k->code))
			continue; /* not two digits: numbers cannot start with it */
		if (!(k->path = db_dup(&res, C_ASSIGNMENT_COUNCILS__ORG_PATH, a)))
			rc = ERR_NOMEM;
		else
			pl->ncouncils++;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static int sites_read(struct db_conn *c, int64_t session, struct plan *pl)
{
	struct db_res res;
	struct db_val v = DBV_INT(session);
	int rc = db_query(c, Q_ASSIGNMENT_SITES, &v, 1, &res), step = 0;
	size_t cap = 0, ocap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct rooms_site *s =
			arena_reserve(NULL, pl->sites, pl->nsites, &cap, sizeof(*s), 256);
		if (s)
			pl->sites = s;
		int64_t *o = arena_reserve(NULL, pl->site_org, pl->nsites, &ocap, sizeof(*o), 256);
		if (o)
			pl->site_org = o;
		if (!s || !o) {
			rc = ERR_NOMEM;
			break;
		}
		uint32_t code;
		size_t len;
		if (!council_code(db_text(&res, C_ASSIGNMENT_SITES__COUNCIL_CODE, &len), &code))
			continue;
		int64_t rooms = db_int(&res, C_ASSIGNMENT_SITES__ROOMS);
		pl->sites[pl->nsites] =
			(struct rooms_site){.key = (uint64_t)db_int(&res, C_ASSIGNMENT_SITES__ID),
					    .council = code,
					    .rooms = rooms < 0	      ? 0
						     : rooms > 100000 ? 100000
								      : (uint32_t)rooms};
		pl->site_org[pl->nsites++] = db_int(&res, C_ASSIGNMENT_SITES__ORG_ID);
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* The council of a school at path: the council whose province's path is
 * the longest prefix of it. */
static uint32_t council_of(const struct plan *pl, const char *path)
{
	uint32_t best = ROOMS_NONE;
	size_t best_len = 0;
	for (size_t i = 0; i < pl->ncouncils; i++) {
		size_t l = strlen(pl->councils[i].path);
		if (l > best_len && !strncmp(path, pl->councils[i].path, l)) {
			best = pl->councils[i].code;
			best_len = l;
		}
	}
	return best;
}

static int schools_read(struct db_conn *c, int64_t session, struct plan *pl)
{
	struct db_res res;
	struct db_val v = DBV_INT(session);
	int rc = db_query(c, Q_ASSIGNMENT_SCHOOLS, &v, 1, &res), step = 0;
	size_t cap = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct school *more =
			arena_reserve(NULL, pl->schools, pl->nschools, &cap, sizeof(*more), 256);
		if (!more) {
			rc = ERR_NOMEM;
			break;
		}
		pl->schools = more;
		size_t len;
		struct school *s = &pl->schools[pl->nschools++];
		s->id = db_int(&res, C_ASSIGNMENT_SCHOOLS__ID);
		s->council = council_of(pl, db_text(&res, C_ASSIGNMENT_SCHOOLS__PATH, &len));
		s->site = ROOMS_NONE;
		/* the site it hosts in its council, the lowest id (sites come by id) */
		for (size_t i = 0; i < pl->nsites && s->council != ROOMS_NONE; i++)
			if (pl->site_org[i] == s->id && pl->sites[i].council == s->council) {
				s->site = (uint32_t)i;
				break;
			}
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

static const struct school *school_find(const struct plan *pl, int64_t id)
{
	size_t lo = 0, hi = pl->nschools;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pl->schools[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pl->nschools && pl->schools[lo].id == id ? &pl->schools[lo] : NULL;
}

static int candidates_read(struct db_conn *c, int64_t session, struct plan *pl)
{
	struct db_res res;
	struct db_val v = DBV_INT(session);
	int rc = db_query(c, Q_ASSIGNMENT_CANDIDATES, &v, 1, &res), step = 0;
	char key[1100];
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t org = db_int(&res, C_ASSIGNMENT_CANDIDATES__ORG_ID);
		const struct school *s = school_find(pl, org);
		if (!s || s->council == ROOMS_NONE) {
			pl->no_council++;
			continue;
		}
		int64_t *r = arena_reserve(NULL, pl->reg, pl->n, &pl->cap_reg, sizeof(*r), 4096);
		if (r)
			pl->reg = r;
		struct rooms_candidate *k =
			arena_reserve(NULL, pl->cand, pl->n, &pl->cap_cand, sizeof(*k), 4096);
		if (k)
			pl->cand = k;
		struct held *h =
			arena_reserve(NULL, pl->held, pl->n, &pl->cap_held, sizeof(*h), 4096);
		if (h)
			pl->held = h;
		if (!r || !k || !h) {
			rc = ERR_NOMEM;
			break;
		}
		size_t len;
		const char *track = db_text(&res, C_ASSIGNMENT_CANDIDATES__TRACK, &len);
		const char *subjects = db_text(&res, C_ASSIGNMENT_CANDIDATES__SUBJECTS, &len);
		uint32_t g;
		if (!group_key_buf(key, sizeof(key), track ? track : "", subjects))
			key[0] = '\0'; /* not a list of codes: a group of its own */
		if (groups_find(&pl->groups, key, &g)) {
			rc = ERR_NOMEM;
			break;
		}
		int64_t id = db_int(&res, C_ASSIGNMENT_CANDIDATES__ID);
		pl->reg[pl->n] = id;
		const char *num = db_text(&res, C_ASSIGNMENT_CANDIDATES__CANDIDATE_NUMBER, &len);
		pl->held[pl->n] = (struct held){
			.site = db_int0(&res, C_ASSIGNMENT_CANDIDATES__SITE_ID),
			.number = num && len == 8 ? (uint32_t)strtoul(num, NULL, 10) : 0,
			.room = (uint32_t)db_int0(&res, C_ASSIGNMENT_CANDIDATES__ROOM),
			.seat = (uint32_t)db_int0(&res, C_ASSIGNMENT_CANDIDATES__SEAT)};
		pl->cand[pl->n++] = (struct rooms_candidate){.key = (uint64_t)id,
							     .council = s->council,
							     .group = g,
							     .school = (uint64_t)org,
							     .site_pref = s->site};
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}

/* Whether candidate i's new seat is the one they hold. */
static bool unchanged(const struct plan *pl, size_t i)
{
	const struct held *h = &pl->held[i];
	const struct rooms_seat *s = &pl->seat[i];
	return h->number && h->number == s->number && h->room == s->room && h->seat == s->seat &&
	       h->site == (int64_t)pl->sites[s->site].key;
}

/* Write the seats that change, in the one transaction: seats of
 * registrations no longer confirmed are cleared; on SQLite, each changed
 * seat that held a number is cleared first (numbers move between
 * candidates; the unique index must never see one twice), then each new
 * seat is written by one prepared statement; on PostgreSQL the new seats go
 * in batches of five arrays (one round trip per ASSIGNMENT_BATCH),
 * after one statement clearing the session when any changed seat held a
 * number. *changed counts the seats written. */
static int seats_store(struct db_conn *c, int64_t session, const struct plan *pl, int64_t *changed)
{
	struct db_val v = DBV_INT(session);
	int rc = db_exec(c, Q_ASSIGNMENT_CLEAR_UNCONFIRMED, &v, 1, NULL);
	bool moved = false, sqlite = db_conn_kind(c) == DB_SQLITE;
	*changed = 0;
	for (size_t i = 0; i < pl->n && !rc; i++) {
		if (unchanged(pl, i) || !pl->held[i].number)
			continue;
		moved = true;
		if (sqlite) {
			struct db_val u[] = {DBV_NULL, DBV_NULL, DBV_NULL, DBV_NULL,
					     DBV_INT(pl->reg[i])};
			rc = db_exec(c, Q_ASSIGNMENT_STORE_ONE, u, ARRAY_SIZE(u), NULL);
		}
	}
	if (!rc && moved && !sqlite)
		rc = db_exec(c, Q_ASSIGNMENT_CLEAR, &v, 1, NULL);
	if (sqlite) {
		for (size_t i = 0; i < pl->n && !rc; i++) {
			if (unchanged(pl, i))
				continue;
			const struct rooms_seat *s = &pl->seat[i];
			char number[16];
			snprintf(number, sizeof(number), "%08" PRIu32, s->number);
			struct db_val u[] = {
				DBV_TEXT(number), DBV_INT((int64_t)pl->sites[s->site].key),
				DBV_INT(s->room), DBV_INT(s->seat), DBV_INT(pl->reg[i])};
			rc = db_exec(c, Q_ASSIGNMENT_STORE_ONE, u, ARRAY_SIZE(u), NULL);
			++*changed;
		}
		return rc;
	}
	/* five array literals, "{1,2,3}", built in one buffer */
	enum { W = 20 };
	size_t cap = (size_t)ASSIGNMENT_BATCH * W + 4;
	char *text = malloc(5 * cap);
	if (!text)
		return ERR_NOMEM;
	for (size_t i = 0; i < pl->n && !rc;) {
		size_t k = 0, len[5] = {1, 1, 1, 1, 1};
		char *col[5];
		for (int j = 0; j < 5; j++) {
			col[j] = text + (size_t)j * cap;
			col[j][0] = '{';
		}
		for (; k < ASSIGNMENT_BATCH && i < pl->n; i++) {
			if (!moved && unchanged(pl, i))
				continue;
			const struct rooms_seat *s = &pl->seat[i];
			const char *sep = k ? "," : "";
			len[0] += (size_t)snprintf(col[0] + len[0], W + 1, "%s%" PRId64, sep,
						   pl->reg[i]);
			len[1] += (size_t)snprintf(col[1] + len[1], W + 1, "%s%08" PRIu32, sep,
						   s->number);
			len[2] += (size_t)snprintf(col[2] + len[2], W + 1, "%s%" PRIu64, sep,
						   pl->sites[s->site].key);
			len[3] += (size_t)snprintf(col[3] + len[3], W + 1, "%s%" PRIu32, sep,
						   s->room);
			len[4] += (size_t)snprintf(col[4] + len[4], W + 1, "%s%" PRIu32, sep,
						   s->seat);
			k++;
		}
		if (!k)
			break;
		struct db_val b[5];
		for (int j = 0; j < 5; j++) {
			col[j][len[j]++] = '}';
			col[j][len[j]] = '\0';
			b[j] = DBV_TEXTN(col[j], len[j]);
		}
		rc = db_exec(c, Q_ASSIGNMENT_STORE, b, ARRAY_SIZE(b), NULL);
		*changed += (int64_t)k;
	}
	free(text);
	return rc;
}

/* The problem for a council short of rooms (or candidates under none). */
static int shortfall(struct exam_assign *x, struct arena *a, const struct rooms_shortfall *sf)
{
	char code[8];
	snprintf(code, sizeof(code), "%02" PRIu32, sf->council);
	const char *d = arena_printf(
		a,
		"Council %s has %" PRIu32 " confirmed candidates, who need %" PRIu64
		" rooms of their groups; its sites have %" PRIu64 " rooms (%" PRIu32
		" council(s) short in all). Add rooms or sites, then assign again.",
		code, sf->candidates, sf->rooms_needed, sf->rooms_available, sf->councils_short);
	problem_set(&x->p, P_NOT_ENOUGH_ROOMS, "sites", d);
	x->p.ext_name = "rooms_needed";
	x->p.ext_value = (int64_t)sf->rooms_needed;
	return x->p.err;
}

int exam_assign_tx(struct db_conn *c, void *ctx)
{
	struct exam_assign *x = ctx;
	struct arena *a = x->by->arena;
	x->candidates = x->rooms = x->sites = x->changed = 0;
	struct db_res res;
	struct db_val v = DBV_INT(x->session_id);
	int rc = db_row(c, Q_ASSIGNMENT_SESSION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *path = db_dup(&res, C_ASSIGNMENT_SESSION__ORG_PATH, a);
	const char *code = db_dup(&res, C_ASSIGNMENT_SESSION__ORG_CODE, a);
	const char *pack_name = db_dup(&res, C_ASSIGNMENT_SESSION__PACK, a);
	int64_t closes = db_int(&res, C_ASSIGNMENT_SESSION__CLOSES_AT_MS);
	db_done(&res);
	if (!path || !code || !pack_name)
		return problem_err(&x->p, ERR_NOMEM);
	const char *subject = arena_printf(a, "exam_session:%" PRId64, x->session_id);
	struct access_decision d;
	rc = actor_may_write_org(
		x->by, path, "exam_assign", 0, subject, NULL,
		"Only the managers of the office running the session assign rooms.", &d, &x->p);
	if (rc)
		return rc;
	if (x->now_ms < closes)
		return problem_set(&x->p, P_REGISTRATION_OPEN, NULL, NULL);
	const struct exam_pack *pk = exam_pack_find(pack_name);
	if (!pk)
		return problem_err(&x->p, ERR_INTERNAL);

	struct plan pl = {0};
	rc = councils_read(c, a, x->session_id, &pl);
	if (!rc)
		rc = sites_read(c, x->session_id, &pl);
	if (!rc)
		rc = schools_read(c, x->session_id, &pl);
	if (!rc)
		rc = candidates_read(c, x->session_id, &pl);
	if (rc) {
		plan_free(&pl);
		return problem_err(&x->p, rc);
	}
	if (pl.no_council) {
		const char *dd = arena_printf(
			a,
			"%zu confirmed candidates register through schools under no council of "
			"the session; add their province's council, then assign again.",
			pl.no_council);
		plan_free(&pl);
		return problem_set(&x->p, P_NOT_ENOUGH_ROOMS, "councils", dd);
	}
	uint32_t *rank = malloc((pl.groups.n ? pl.groups.n : 1) * sizeof(*rank));
	pl.seat = malloc((pl.n ? pl.n : 1) * sizeof(*pl.seat));
	if (!rank || !pl.seat || groups_ranks(&pl.groups, rank)) {
		free(rank);
		plan_free(&pl);
		return problem_err(&x->p, ERR_NOMEM);
	}
	for (size_t i = 0; i < pl.n; i++)
		pl.cand[i].group = rank[pl.cand[i].group];
	free(rank);
	struct rooms_instance m = {(uint32_t)pk->room_max, pl.n, pl.cand, pl.nsites, pl.sites};
	struct rooms_shortfall sf;
	rc = rooms_assign(&m, pl.seat, &sf);
	if (rc == ERR_CONFLICT) {
		rc = shortfall(x, a, &sf);
		plan_free(&pl);
		return rc;
	}
	if (!rc)
		rc = seats_store(c, x->session_id, &pl, &x->changed);
	if (!rc) {
		struct db_val u[] = {DBV_INT(x->now_ms), DBV_INT(x->session_id)};
		rc = db_exec(c, Q_ASSIGNMENT_DONE, u, ARRAY_SIZE(u), NULL);
	}
	if (!rc) {
		/* rooms and sites used */
		bool *site_used = calloc(pl.nsites ? pl.nsites : 1, sizeof(*site_used));
		if (!site_used) {
			rc = ERR_NOMEM;
		} else {
			for (size_t i = 0; i < pl.n; i++) {
				x->rooms += pl.seat[i].seat == 1;
				if (!site_used[pl.seat[i].site]) {
					site_used[pl.seat[i].site] = true;
					x->sites++;
				}
			}
			free(site_used);
		}
		x->candidates = (int64_t)pl.n;
	}
	plan_free(&pl);
	if (!rc) {
		const char *what = arena_printf(a, "%s seated=%" PRId64 " rooms=%" PRId64, subject,
						x->candidates, x->rooms);
		rc = what ? actor_audit(c, x->by, &d, "exam_assign", 0, what) : ERR_NOMEM;
	}
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

/* ---- the rooms of a session ---- */

static int rooms_read_fn(struct db_conn *c, const struct actor *by, void *ctx)
{
	struct exam_rooms_list *x = ctx;
	struct arena *a = by->arena;
	struct db_res res;
	struct db_val v = DBV_INT(x->session_id);
	int rc = db_row(c, Q_ASSIGNMENT_SESSION, &v, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	if (rc)
		return problem_err(&x->p, rc);
	const char *path = db_dup(&res, C_ASSIGNMENT_SESSION__ORG_PATH, a);
	x->time_zone = db_dup(&res, C_ASSIGNMENT_SESSION__TIME_ZONE, a);
	x->assigned_at = db_int0(&res, C_ASSIGNMENT_SESSION__ASSIGNED_AT);
	db_done(&res);
	if (!path || !x->time_zone)
		return problem_err(&x->p, ERR_NOMEM);
	struct access_decision d;
	access_org(by->who, ACCESS_READ, path, &d);
	if (!d.allowed)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No such exam session.");
	rc = db_query(c, Q_ASSIGNMENT_ROOMS, &v, 1, &res);
	size_t cap = 0;
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		struct exam_room *more = arena_reserve(a, x->rooms, x->n, &cap, sizeof(*more), 64);
		if (!more) {
			rc = ERR_NOMEM;
			break;
		}
		x->rooms = more;
		struct exam_room *r = &x->rooms[x->n++];
		r->site_id = db_int(&res, C_ASSIGNMENT_ROOMS__SITE_ID);
		r->site = db_dup(&res, C_ASSIGNMENT_ROOMS__SITE, a);
		r->site_name = db_dup(&res, C_ASSIGNMENT_ROOMS__SITE_NAME, a);
		r->council = db_dup(&res, C_ASSIGNMENT_ROOMS__COUNCIL, a);
		r->room = (int)db_int(&res, C_ASSIGNMENT_ROOMS__ROOM);
		r->candidates = (int)db_int(&res, C_ASSIGNMENT_ROOMS__CANDIDATES);
		r->first_number = db_dup(&res, C_ASSIGNMENT_ROOMS__FIRST_NUMBER, a);
		r->last_number = db_dup(&res, C_ASSIGNMENT_ROOMS__LAST_NUMBER, a);
		r->track = db_dup(&res, C_ASSIGNMENT_ROOMS__TRACK, a);
		r->subjects = db_dup(&res, C_ASSIGNMENT_ROOMS__SUBJECTS, a);
		if (!r->site || !r->site_name || !r->council || !r->first_number ||
		    !r->last_number || !r->track || !r->subjects)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return rc ? problem_err(&x->p, rc) : ERR_OK;
}

int exam_rooms_read(struct db *db, const struct actor *by, struct exam_rooms_list *x)
{
	return actor_work_read(db, by, rooms_read_fn, x);
}
