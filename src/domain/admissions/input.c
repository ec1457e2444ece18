/*
 * input.c: decoding `tabula admissions match` input (input.h).
 *
 * Ids are mapped to indexes with an open-addressing table keyed by SipHash
 * under a random key (an input cannot be built to make it slow); a
 * duplicate choice is found with a per-school stamp, so a decode is linear
 * in the input. The first fault in document order is reported, naming the
 * item: `applicants[3] ("A4"): choices[1]: no school "S9"`.
 */
#include "core/base.h"
#include "crypto/hash.h"
#include "domain/admissions/input.h"

#define LOTTERY_CONTEXT "tabula-admissions-lottery:"

/* ---- the id table ---- */

struct id_table {
	uint32_t *slot; /* index + 1, 0: empty */
	size_t mask;
	const char **id; /* the ids the indexes name */
	uint8_t key[HASH_SHORT_KEY_BYTES];
};

static int table_init(struct id_table *t, size_t n, const char **id)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	t->slot = calloc(cap, sizeof(*t->slot));
	t->mask = cap - 1;
	t->id = id;
	hash_short_key(t->key);
	return t->slot ? ERR_OK : ERR_NOMEM;
}

static void table_release(struct id_table *t)
{
	free(t->slot);
	t->slot = NULL;
}

/* The index of id (len bytes) or, when absent and add is set, add `index`
 * under it. Returns the index found, or UINT32_MAX when absent. */
static uint32_t table_find(struct id_table *t, const char *id, size_t len, bool add, uint32_t index)
{
	size_t i = hash_short(id, len, t->key) & t->mask;
	for (; t->slot[i]; i = (i + 1) & t->mask) {
		const char *other = t->id[t->slot[i] - 1];
		if (!strncmp(other, id, len) && other[len] == '\0')
			return t->slot[i] - 1;
	}
	if (add)
		t->slot[i] = index + 1;
	return UINT32_MAX;
}

/* ---- the lottery ---- */

static void lottery_key(uint64_t seed, uint8_t key[HASH_SHORT_KEY_BYTES])
{
	char text[64];
	int n = snprintf(text, sizeof(text), LOTTERY_CONTEXT "%" PRIu64, seed);
	uint8_t digest[HASH_BYTES];
	hash_blake2b(digest, text, (size_t)n);
	memcpy(key, digest, HASH_SHORT_KEY_BYTES);
}

static uint64_t lottery_with(const uint8_t key[HASH_SHORT_KEY_BYTES], const char *id, size_t len)
{
	return hash_short(id, len, key) >> 11;
}

uint64_t match_lottery_draw(uint64_t seed, const char *id, size_t len)
{
	uint8_t key[HASH_SHORT_KEY_BYTES];
	lottery_key(seed, key);
	return lottery_with(key, id, len);
}

/* ---- decoding ---- */

void match_input_init(struct match_input *in)
{
	memset(in, 0, sizeof(*in));
}

void match_input_release(struct match_input *in)
{
	free(in->school_id);
	free(in->applicant_id);
	free(in->lottery);
	free(in->drawn);
	free(in->capacity);
	free(in->tiebreak);
	free(in->first);
	free(in->choices);
	free(in->ids);
	match_input_init(in);
}

/* The item a message is about: "schools[2]", `applicants[3] ("A4")`, or
 * the document itself (what NULL). */
struct item {
	const char *what;
	size_t i;
	const char *id; /* NULL until known */
};

static int fail(struct match_input *in, const struct item *it, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static int fail(struct match_input *in, const struct item *it, const char *fmt, ...)
{
	int n = 0;
	if (it && it->id)
		n = snprintf(in->why, sizeof(in->why), "%s[%zu] (\"%s\"): ", it->what, it->i,
			     it->id);
	else if (it)
		n = snprintf(in->why, sizeof(in->why), "%s[%zu]: ", it->what, it->i);
	if (n < 0 || (size_t)n >= sizeof(in->why))
		return ERR_INVALID;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->why + n, sizeof(in->why) - (size_t)n, fmt, ap);
	va_end(ap);
	return ERR_INVALID;
}

int match_input_parse(const char *text, size_t len, json_t **root, struct match_input *in)
{
	json_error_t e;
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (*root)
		return ERR_OK;
	if (json_error_code(&e) == json_error_out_of_memory)
		return ERR_NOMEM;
	return fail(in, NULL, "not JSON: %s at line %d, column %d", e.text, e.line, e.column);
}

/* The members of obj by name, in one pass: out[k] is the value of
 * names[k] or NULL (a JSON null counts as absent); *unknown is the first
 * other member's name, or NULL. */
static void members(json_t *obj, const char *const *names, size_t count, json_t **out,
		    const char **unknown)
{
	for (size_t k = 0; k < count; k++)
		out[k] = NULL;
	*unknown = NULL;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		size_t k = 0;
		while (k < count && strcmp(key, names[k]))
			k++;
		if (k < count)
			out[k] = json_is_null(v) ? NULL : v;
		else if (!*unknown)
			*unknown = key;
	}
}

/* v as an integer in [min, max] into *out. */
static int get_int(struct match_input *in, const struct item *it, json_t *v, const char *name,
		   int64_t min, int64_t max, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(in, it, "\"%s\" must be an integer from %" PRId64 " to %" PRId64, name,
			    min, max);
	*out = json_integer_value(v);
	return ERR_OK;
}

static bool id_ok(json_t *v)
{
	if (!json_is_string(v))
		return false;
	size_t n = json_string_length(v);
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	if (n == 0 || n > MATCH_INPUT_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

/* Check v as the id of *it and copy it into the pool at *pos: the copy
 * (and it->id names it), or NULL with in->why set. */
static const char *take_id(struct match_input *in, struct item *it, json_t *v, size_t *pos)
{
	if (!v) {
		fail(in, it, "\"id\" is missing");
		return NULL;
	}
	if (!id_ok(v)) {
		fail(in, it, "\"id\" must be a string of 1 to %d bytes without control characters",
		     MATCH_INPUT_ID_MAX);
		return NULL;
	}
	size_t n = json_string_length(v);
	char *dst = in->ids + *pos;
	memcpy(dst, json_string_value(v), n + 1);
	*pos += n + 1;
	it->id = dst;
	return dst;
}

/* Bytes the ids of an array's objects need, with their NULs, and the
 * choices its objects list (what is not well formed counts 0: it fails
 * later). */
static void count_items(json_t *arr, size_t *id_bytes, size_t *choices)
{
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item)
	{
		json_t *v = json_object_get(item, "id");
		if (json_is_string(v))
			*id_bytes += json_string_length(v) + 1;
		if (choices)
			*choices += json_array_size(json_object_get(item, "choices"));
	}
}

static int decode_schools(struct match_input *in, json_t *arr, struct id_table *t, size_t *pos)
{
	static const char *const names[] = {"id", "capacity"};
	size_t n = json_array_size(arr);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(arr, i), *f[2];
		struct item it = {"schools", i, NULL};
		const char *unknown;
		if (!json_is_object(s))
			return fail(in, &it, "must be an object");
		members(s, names, 2, f, &unknown);
		const char *id = take_id(in, &it, f[0], pos);
		if (!id)
			return ERR_INVALID;
		if (unknown)
			return fail(in, &it, "unknown field \"%s\"", unknown);
		in->school_id[i] = id;
		uint32_t other = table_find(t, id, strlen(id), true, (uint32_t)i);
		if (other != UINT32_MAX)
			return fail(in, &it, "duplicate id, also schools[%" PRIu32 "]", other);
		if (!f[1])
			return fail(in, &it, "\"capacity\" is missing");
		if (!json_is_integer(f[1]))
			return fail(in, &it, "\"capacity\" must be an integer");
		json_int_t cap = json_integer_value(f[1]);
		if (cap < 0)
			return fail(in, &it, "capacity %" JSON_INTEGER_FORMAT " is negative", cap);
		in->capacity[i] = cap > (json_int_t)UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	}
	return ERR_OK;
}

/* What decoding the applicants shares: the school table, the per-school
 * stamp that finds a duplicate choice (stamp[s] is a + 1 when applicant a
 * listed school s, at choices[at[s]]), the lottery key, the pool. */
struct applicants {
	struct id_table *schools, seen;
	uint32_t *stamp, *at;
	uint8_t key[HASH_SHORT_KEY_BYTES];
	size_t pos;
};

static int decode_choices(struct match_input *in, const struct item *it, uint32_t a, json_t *list,
			  struct applicants *x)
{
	if (!list)
		return fail(in, it, "\"choices\" is missing");
	if (!json_is_array(list))
		return fail(in, it, "\"choices\" must be an array of school ids");
	size_t base = in->first[a], j;
	json_t *c;
	json_array_foreach(list, j, c)
	{
		if (!json_is_string(c))
			return fail(in, it, "choices[%zu]: must be a school id (a string)", j);
		const char *sid = json_string_value(c);
		uint32_t s = table_find(x->schools, sid, json_string_length(c), false, 0);
		if (s == UINT32_MAX)
			return fail(in, it, "choices[%zu]: no school \"%s\"", j, sid);
		if (x->stamp[s] == a + 1)
			return fail(in, it, "choices[%zu]: \"%s\" is already choices[%" PRIu32 "]",
				    j, sid, x->at[s]);
		x->stamp[s] = a + 1;
		x->at[s] = (uint32_t)j;
		in->choices[base + j] = (struct match_choice){s, MATCH_NO_GROUP};
	}
	in->first[a + 1] = base + json_array_size(list);
	return ERR_OK;
}

/* A priority at a school the applicant listed becomes that choice's
 * group; elsewhere it is checked and has no effect. */
static int decode_priority(struct match_input *in, const struct item *it, uint32_t a, json_t *pri,
			   struct applicants *x)
{
	if (!pri)
		return ERR_OK;
	if (!json_is_object(pri))
		return fail(in, it, "\"priority\" must be an object of school id: group");
	const char *sid;
	json_t *g;
	json_object_foreach(pri, sid, g)
	{
		uint32_t s = table_find(x->schools, sid, strlen(sid), false, 0);
		if (s == UINT32_MAX)
			return fail(in, it, "priority: no school \"%s\"", sid);
		if (!json_is_integer(g) || json_integer_value(g) < 0 ||
		    json_integer_value(g) > MATCH_INPUT_GROUP_MAX)
			return fail(in, it,
				    "priority[\"%s\"]: must be an integer from 0 to %" PRId64, sid,
				    MATCH_INPUT_GROUP_MAX);
		if (x->stamp[s] == a + 1)
			in->choices[in->first[a] + x->at[s]].group =
				(uint32_t)json_integer_value(g);
	}
	return ERR_OK;
}

static int decode_applicant(struct match_input *in, json_t *ap, uint32_t a, struct applicants *x)
{
	static const char *const names[] = {"id", "choices", "priority", "lottery"};
	json_t *f[4];
	struct item it = {"applicants", a, NULL};
	const char *unknown;
	if (!json_is_object(ap))
		return fail(in, &it, "must be an object");
	members(ap, names, 4, f, &unknown);
	const char *id = take_id(in, &it, f[0], &x->pos);
	if (!id)
		return ERR_INVALID;
	if (unknown)
		return fail(in, &it, "unknown field \"%s\"", unknown);
	in->applicant_id[a] = id;
	size_t len = strlen(id);
	uint32_t other = table_find(&x->seen, id, len, true, a);
	if (other != UINT32_MAX)
		return fail(in, &it, "duplicate id, also applicants[%" PRIu32 "]", other);
	int rc = decode_choices(in, &it, a, f[1], x);
	if (!rc)
		rc = decode_priority(in, &it, a, f[2], x);
	if (rc)
		return rc;
	int64_t lot = 0;
	if (f[3] && (rc = get_int(in, &it, f[3], "lottery", 0, MATCH_INPUT_NUMBER_MAX, &lot)))
		return rc;
	in->drawn[a] = !f[3];
	in->lottery[a] = f[3] ? (uint64_t)lot : lottery_with(x->key, id, len);
	return ERR_OK;
}

static int decode_applicants(struct match_input *in, json_t *arr, struct id_table *schools,
			     size_t pos)
{
	uint32_t ns = in->m.n_schools;
	struct applicants x = {.schools = schools,
			       .stamp = calloc(ns ? ns : 1, sizeof(uint32_t)),
			       .at = malloc((ns ? ns : 1) * sizeof(uint32_t)),
			       .pos = pos};
	int rc = table_init(&x.seen, in->m.n_applicants, in->applicant_id);
	if (!rc && (!x.stamp || !x.at))
		rc = ERR_NOMEM;
	lottery_key(in->seed, x.key);
	for (uint32_t a = 0; a < in->m.n_applicants && !rc; a++)
		rc = decode_applicant(in, json_array_get(arr, a), a, &x);
	table_release(&x.seen);
	free(x.stamp);
	free(x.at);
	return rc;
}

static int by_id(const void *x, const void *y, void *ids)
{
	const char *const *id = ids;
	return strcmp(id[*(const uint32_t *)x], id[*(const uint32_t *)y]);
}

/* tiebreak[a]: a's place among the applicants with its lottery number,
 * ordered by id, so that the engine's order depends on no array order. */
static int order_ties(struct match_input *in)
{
	uint32_t n = in->m.n_applicants;
	uint32_t *order = malloc((n ? n : 1) * sizeof(*order));
	int rc = order ? match_lottery_order(n, in->lottery, NULL, order) : ERR_NOMEM;
	for (uint32_t r = 0; !rc && r < n;) {
		uint32_t end = r + 1;
		while (end < n && in->lottery[order[end]] == in->lottery[order[r]])
			end++;
		if (end - r > 1)
			qsort_r(order + r, end - r, sizeof(*order), by_id, in->applicant_id);
		for (uint32_t k = r; k < end; k++)
			in->tiebreak[order[k]] = k - r;
		r = end;
	}
	free(order);
	return rc;
}

/* The array member v called name, or ERR_INVALID. */
static int check_array(struct match_input *in, json_t *v, const char *name, size_t max)
{
	if (!v)
		return fail(in, NULL, "\"%s\" is missing", name);
	if (!json_is_array(v))
		return fail(in, NULL, "\"%s\" must be an array", name);
	if (json_array_size(v) > max)
		return fail(in, NULL, "\"%s\" has %zu items, more than %zu", name,
			    json_array_size(v), max);
	return ERR_OK;
}

int match_input_from_json(json_t *root, struct match_input *in)
{
	static const char *const names[] = {"seed", "schools", "applicants"};
	json_t *f[3];
	const char *unknown;
	if (!json_is_object(root))
		return fail(in, NULL, "the input must be a JSON object");
	members(root, names, 3, f, &unknown);
	if (unknown)
		return fail(in, NULL, "unknown field \"%s\"", unknown);
	int rc;
	int64_t seed = 0;
	if (!f[0])
		return fail(in, NULL, "\"seed\" is missing");
	if ((rc = get_int(in, NULL, f[0], "seed", 0, MATCH_INPUT_NUMBER_MAX, &seed)))
		return rc;
	in->seed = (uint64_t)seed;
	if ((rc = check_array(in, f[1], "schools", MATCH_MAX_SCHOOLS)) ||
	    (rc = check_array(in, f[2], "applicants", MATCH_MAX_APPLICANTS)))
		return rc;

	uint32_t ns = (uint32_t)json_array_size(f[1]);
	uint32_t n = (uint32_t)json_array_size(f[2]);
	size_t total = 0, id_total = 0;
	count_items(f[1], &id_total, NULL);
	count_items(f[2], &id_total, &total);
	in->school_id = calloc(ns ? ns : 1, sizeof(*in->school_id));
	in->capacity = calloc(ns ? ns : 1, sizeof(*in->capacity));
	in->applicant_id = calloc(n ? n : 1, sizeof(*in->applicant_id));
	in->lottery = calloc(n ? n : 1, sizeof(*in->lottery));
	in->drawn = calloc(n ? n : 1, sizeof(*in->drawn));
	in->tiebreak = calloc(n ? n : 1, sizeof(*in->tiebreak));
	in->first = calloc((size_t)n + 1, sizeof(*in->first));
	in->choices = calloc(total ? total : 1, sizeof(*in->choices));
	in->ids = malloc(id_total ? id_total : 1);
	if (!in->school_id || !in->capacity || !in->applicant_id || !in->lottery || !in->drawn ||
	    !in->tiebreak || !in->first || !in->choices || !in->ids)
		return ERR_NOMEM;
	in->m = (struct match_instance){.n_schools = ns,
					.capacity = in->capacity,
					.n_applicants = n,
					.lottery = in->lottery,
					.tiebreak = in->tiebreak,
					.first = in->first,
					.choices = in->choices};

	struct id_table t;
	size_t pos = 0;
	rc = table_init(&t, ns, in->school_id);
	if (!rc)
		rc = decode_schools(in, f[1], &t, &pos);
	if (!rc)
		rc = decode_applicants(in, f[2], &t, pos);
	table_release(&t);
	if (!rc)
		rc = order_ties(in);
	return rc;
}

int match_input_decode(const char *text, size_t len, struct match_input *in)
{
	json_t *root = NULL;
	int rc = match_input_parse(text, len, &root, in);
	if (!rc)
		rc = match_input_from_json(root, in);
	json_decref(root);
	return rc;
}
