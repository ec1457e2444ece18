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

static int fail(struct match_input *in, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int fail(struct match_input *in, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(in->why, sizeof(in->why), fmt, ap);
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
	return fail(in, "not JSON: %s at line %d, column %d", e.text, e.line, e.column);
}

/* Refuse any member of obj not in the NULL-terminated list. */
static int only_fields(struct match_input *in, json_t *obj, const char *const *known,
		       const char *where)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = !strcmp(key, known[i]);
		if (!ok)
			return fail(in, "%sunknown field \"%s\"", where, key);
	}
	return ERR_OK;
}

/* An integer member in [min, max]: ERR_OK with *out, 1 when absent or null
 * (the caller decides whether that is allowed), or ERR_INVALID. */
static int get_int(struct match_input *in, json_t *obj, const char *name, int64_t min, int64_t max,
		   int64_t *out, const char *where)
{
	json_t *v = json_object_get(obj, name);
	if (!v || json_is_null(v))
		return 1;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail(in, "%s\"%s\" must be an integer from %" PRId64 " to %" PRId64, where,
			    name, min, max);
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

/* Copy obj's "id" into the pool at *pos. `what` is "schools" or
 * "applicants", i the item's position, for messages. */
static int take_id(struct match_input *in, json_t *obj, const char *what, size_t i, size_t *pos,
		   const char **out)
{
	json_t *v = json_object_get(obj, "id");
	if (!v)
		return fail(in, "%s[%zu]: \"id\" is missing", what, i);
	if (!id_ok(v))
		return fail(in,
			    "%s[%zu]: \"id\" must be a string of 1 to %d bytes without control "
			    "characters",
			    what, i, MATCH_INPUT_ID_MAX);
	size_t n = json_string_length(v);
	char *dst = in->ids + *pos;
	memcpy(dst, json_string_value(v), n + 1);
	*pos += n + 1;
	*out = dst;
	return ERR_OK;
}

/* Bytes the ids of an array's objects need, with their NULs (0 for what
 * is not an object with a string id: that fails later). */
static size_t id_bytes(json_t *arr)
{
	size_t total = 0, i;
	json_t *item;
	json_array_foreach(arr, i, item)
	{
		json_t *v = json_object_get(item, "id");
		if (json_is_string(v))
			total += json_string_length(v) + 1;
	}
	return total;
}

static int decode_schools(struct match_input *in, json_t *arr, struct id_table *t, size_t *pos)
{
	static const char *const known[] = {"id", "capacity", NULL};
	size_t n = json_array_size(arr);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(arr, i);
		char where[64 + MATCH_INPUT_ID_MAX];
		if (!json_is_object(s))
			return fail(in, "schools[%zu]: must be an object", i);
		snprintf(where, sizeof(where), "schools[%zu]: ", i);
		int rc = only_fields(in, s, known, where);
		if (!rc)
			rc = take_id(in, s, "schools", i, pos, &in->school_id[i]);
		if (rc)
			return rc;
		const char *id = in->school_id[i];
		size_t len = strlen(id);
		uint32_t other = table_find(t, id, len, true, (uint32_t)i);
		if (other != UINT32_MAX)
			return fail(in,
				    "schools[%zu] (\"%s\"): duplicate id, also schools[%" PRIu32
				    "]",
				    i, id, other);
		snprintf(where, sizeof(where), "schools[%zu] (\"%s\"): ", i, id);
		json_t *c = json_object_get(s, "capacity");
		if (!c || json_is_null(c))
			return fail(in, "%s\"capacity\" is missing", where);
		if (!json_is_integer(c))
			return fail(in, "%s\"capacity\" must be an integer", where);
		json_int_t cap = json_integer_value(c);
		if (cap < 0)
			return fail(in, "%scapacity %" JSON_INTEGER_FORMAT " is negative", where,
				    cap);
		in->capacity[i] = cap > (json_int_t)UINT32_MAX ? UINT32_MAX : (uint32_t)cap;
	}
	return ERR_OK;
}

/* The per-school stamp that finds a duplicate choice: stamp[s] is a + 1
 * when applicant a listed school s, at choices[at[s]]. */
struct stamps {
	uint32_t *stamp, *at;
};

static int decode_choices(struct match_input *in, json_t *ap, uint32_t a, struct id_table *schools,
			  struct stamps *st, size_t base, const char *where)
{
	json_t *list = json_object_get(ap, "choices");
	if (!list || json_is_null(list))
		return fail(in, "%s\"choices\" is missing", where);
	if (!json_is_array(list))
		return fail(in, "%s\"choices\" must be an array of school ids", where);
	size_t j;
	json_t *c;
	json_array_foreach(list, j, c)
	{
		if (!json_is_string(c))
			return fail(in, "%schoices[%zu]: must be a school id (a string)", where, j);
		const char *sid = json_string_value(c);
		uint32_t s = table_find(schools, sid, json_string_length(c), false, 0);
		if (s == UINT32_MAX)
			return fail(in, "%schoices[%zu]: no school \"%s\"", where, j, sid);
		if (st->stamp[s] == a + 1)
			return fail(in, "%schoices[%zu]: \"%s\" is already choices[%" PRIu32 "]",
				    where, j, sid, st->at[s]);
		st->stamp[s] = a + 1;
		st->at[s] = (uint32_t)j;
		in->choices[base + j] = (struct match_choice){s, MATCH_NO_GROUP};
	}
	return ERR_OK;
}

static int decode_priority(struct match_input *in, json_t *ap, uint32_t a, struct id_table *schools,
			   struct stamps *st, size_t base, const char *where)
{
	json_t *pri = json_object_get(ap, "priority");
	if (!pri || json_is_null(pri))
		return ERR_OK;
	if (!json_is_object(pri))
		return fail(in, "%s\"priority\" must be an object of school id: group", where);
	const char *sid;
	json_t *g;
	json_object_foreach(pri, sid, g)
	{
		uint32_t s = table_find(schools, sid, strlen(sid), false, 0);
		if (s == UINT32_MAX)
			return fail(in, "%spriority: no school \"%s\"", where, sid);
		if (!json_is_integer(g) || json_integer_value(g) < 0 ||
		    json_integer_value(g) > MATCH_INPUT_GROUP_MAX)
			return fail(in, "%spriority[\"%s\"]: must be an integer from 0 to %" PRId64,
				    where, sid, MATCH_INPUT_GROUP_MAX);
		if (st->stamp[s] == a + 1)
			in->choices[base + st->at[s]].group = (uint32_t)json_integer_value(g);
	}
	return ERR_OK;
}

static int decode_applicants(struct match_input *in, json_t *arr, struct id_table *schools,
			     size_t *pos)
{
	static const char *const known[] = {"id", "choices", "priority", "lottery", NULL};
	uint32_t n = in->m.n_applicants;
	struct id_table seen;
	struct stamps st = {calloc(in->m.n_schools ? in->m.n_schools : 1, sizeof(uint32_t)),
			    malloc((in->m.n_schools ? in->m.n_schools : 1) * sizeof(uint32_t))};
	uint8_t key[HASH_SHORT_KEY_BYTES];
	int rc = table_init(&seen, n, in->applicant_id);
	if (rc || !st.stamp || !st.at) {
		rc = ERR_NOMEM;
		goto done;
	}
	lottery_key(in->seed, key);
	in->first[0] = 0;
	for (uint32_t a = 0; a < n; a++) {
		json_t *ap = json_array_get(arr, a);
		char where[64 + MATCH_INPUT_ID_MAX];
		if (!json_is_object(ap)) {
			rc = fail(in, "applicants[%" PRIu32 "]: must be an object", a);
			goto done;
		}
		snprintf(where, sizeof(where), "applicants[%" PRIu32 "]: ", a);
		rc = only_fields(in, ap, known, where);
		if (!rc)
			rc = take_id(in, ap, "applicants", a, pos, &in->applicant_id[a]);
		if (rc)
			goto done;
		const char *id = in->applicant_id[a];
		size_t len = strlen(id);
		uint32_t other = table_find(&seen, id, len, true, a);
		if (other != UINT32_MAX) {
			rc = fail(in,
				  "applicants[%" PRIu32 "] (\"%s\"): duplicate id, also "
				  "applicants[%" PRIu32 "]",
				  a, id, other);
			goto done;
		}
		snprintf(where, sizeof(where), "applicants[%" PRIu32 "] (\"%s\"): ", a, id);
		size_t base = in->first[a];
		rc = decode_choices(in, ap, a, schools, &st, base, where);
		if (!rc)
			rc = decode_priority(in, ap, a, schools, &st, base, where);
		if (rc)
			goto done;
		in->first[a + 1] = base + json_array_size(json_object_get(ap, "choices"));
		int64_t lot = 0;
		rc = get_int(in, ap, "lottery", 0, MATCH_INPUT_NUMBER_MAX, &lot, where);
		if (rc < 0)
			goto done;
		in->drawn[a] = rc == 1;
		in->lottery[a] = rc == 1 ? lottery_with(key, id, len) : (uint64_t)lot;
		rc = ERR_OK;
	}
done:
	table_release(&seen);
	free(st.stamp);
	free(st.at);
	return rc;
}

/* Lottery order with ties to the id that sorts first: tiebreak[a] is a's
 * place in it, so the engine's order needs no id and no array order. */
struct by_draw {
	uint64_t lottery;
	const char *id;
	uint32_t index;
};

static int by_draw_cmp(const void *x, const void *y)
{
	const struct by_draw *a = x, *b = y;
	if (a->lottery != b->lottery)
		return a->lottery < b->lottery ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int order_ties(struct match_input *in)
{
	uint32_t n = in->m.n_applicants;
	struct by_draw *d = malloc((n ? n : 1) * sizeof(*d));
	if (!d)
		return ERR_NOMEM;
	for (uint32_t a = 0; a < n; a++)
		d[a] = (struct by_draw){in->lottery[a], in->applicant_id[a], a};
	qsort(d, n, sizeof(*d), by_draw_cmp);
	for (uint32_t r = 0; r < n; r++)
		in->tiebreak[d[r].index] = r;
	free(d);
	return ERR_OK;
}

/* The array member `name` of root, or ERR_INVALID. */
static int get_array(struct match_input *in, json_t *root, const char *name, json_t **out,
		     size_t max)
{
	json_t *v = json_object_get(root, name);
	if (!v || json_is_null(v))
		return fail(in, "\"%s\" is missing", name);
	if (!json_is_array(v))
		return fail(in, "\"%s\" must be an array", name);
	if (json_array_size(v) > max)
		return fail(in, "\"%s\" has %zu items, more than %zu", name, json_array_size(v),
			    max);
	*out = v;
	return ERR_OK;
}

int match_input_from_json(json_t *root, struct match_input *in)
{
	static const char *const known[] = {"seed", "schools", "applicants", NULL};
	if (!json_is_object(root))
		return fail(in, "the input must be a JSON object");
	int rc = only_fields(in, root, known, "");
	if (rc)
		return rc;
	int64_t seed = 0;
	rc = get_int(in, root, "seed", 0, MATCH_INPUT_NUMBER_MAX, &seed, "");
	if (rc == 1)
		return fail(in, "\"seed\" is missing");
	if (rc)
		return rc;
	in->seed = (uint64_t)seed;
	json_t *schools, *applicants;
	rc = get_array(in, root, "schools", &schools, MATCH_MAX_SCHOOLS);
	if (!rc)
		rc = get_array(in, root, "applicants", &applicants, MATCH_MAX_APPLICANTS);
	if (rc)
		return rc;

	uint32_t ns = (uint32_t)json_array_size(schools);
	uint32_t n = (uint32_t)json_array_size(applicants);
	size_t total = 0, i;
	json_t *ap;
	json_array_foreach(applicants, i, ap) total +=
		json_array_size(json_object_get(ap, "choices"));
	size_t id_total = id_bytes(schools) + id_bytes(applicants);

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
		rc = decode_schools(in, schools, &t, &pos);
	if (!rc)
		rc = decode_applicants(in, applicants, &t, &pos);
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
