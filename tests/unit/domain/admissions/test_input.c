/* Unit tests of src/domain/admissions/input.c: the JSON input of
 * `tabula admissions match`, its error messages and the drawn lottery. */
#include "unit.h"

#include "domain/admissions/input.h"

static int decode(const char *text, struct match_input *in)
{
	match_input_init(in);
	return match_input_decode(text, strlen(text), in);
}

/* text is refused as bad input with exactly this message. */
static void bad(const char *text, const char *message)
{
	struct match_input in;
	int rc = decode(text, &in);
	if (rc != ERR_INVALID || strcmp(in.why, message))
		fail_msg("%s\n  want %s\n  got  %d %s", text, message, rc, in.why);
	match_input_release(&in);
}

/* text is refused as bad input with a message that starts so. */
static void bad_prefix(const char *text, const char *prefix)
{
	struct match_input in;
	int rc = decode(text, &in);
	if (rc != ERR_INVALID || strncmp(in.why, prefix, strlen(prefix)))
		fail_msg("%s\n  want %s...\n  got  %d %s", text, prefix, rc, in.why);
	match_input_release(&in);
}

#define SCHOOLS \
	"\"schools\": [{\"id\": \"S1\", \"capacity\": 1}, {\"id\": \"S2\", \"capacity\": 2}]"
#define DOC(applicants) "{\"seed\": 7, " SCHOOLS ", \"applicants\": [" applicants "]}"
#define A1		"{\"id\": \"A1\", \"choices\": [\"S2\", \"S1\"]}"

/* The contract's example, decoded into the engine's arrays. */
UNIT_TEST(test_example)
{
	UNUSED(state);
	struct match_input in;
	assert_int_equal(
		decode("{\"seed\": 42, \"schools\": [{\"id\": \"S1\", \"capacity\": 30}, "
		       "{\"id\": \"S2\", \"capacity\": 0}, {\"id\": \"S3\", \"capacity\": "
		       "9223372036854775807}], \"applicants\": [{\"id\": \"A1\", "
		       "\"choices\": [\"S2\", \"S1\"], \"priority\": {\"S2\": 1, \"S3\": 0}, "
		       "\"lottery\": 123}, {\"id\": \"A2\", \"choices\": [], \"priority\": "
		       "null, \"lottery\": null}]}",
		       &in),
		ERR_OK);
	assert_int_equal(in.seed, 42);
	assert_int_equal(in.m.n_schools, 3);
	assert_string_equal(in.school_id[1], "S2");
	assert_int_equal(in.capacity[0], 30);
	assert_int_equal(in.capacity[1], 0);
	assert_int_equal(in.capacity[2], UINT32_MAX); /* as good as unlimited */
	assert_int_equal(in.m.n_applicants, 2);
	assert_string_equal(in.applicant_id[0], "A1");
	assert_int_equal(in.first[0], 0);
	assert_int_equal(in.first[1], 2);
	assert_int_equal(in.first[2], 2);
	assert_int_equal(in.choices[0].school, 1);
	assert_int_equal(in.choices[0].group, 1);
	assert_int_equal(in.choices[1].school, 0);
	assert_int_equal(in.choices[1].group, MATCH_NO_GROUP);
	assert_int_equal(in.lottery[0], 123);
	assert_false(in.drawn[0]);
	assert_true(in.drawn[1]); /* null is absent */
	assert_int_equal(in.lottery[1], match_lottery_draw(42, "A2", 2));

	uint32_t school[2];
	assert_int_equal(match_run(&in.m, school), ERR_OK);
	assert_int_equal(school[0], 0); /* S2 has no seat */
	assert_int_equal(school[1], MATCH_UNASSIGNED);
	match_input_release(&in);
}

UNIT_TEST(test_bad_documents)
{
	UNUSED(state);
	bad_prefix("nope", "not JSON: ");
	bad_prefix("", "not JSON: ");
	bad_prefix("{\"seed\": 1, \"seed\": 2}", "not JSON: duplicate object key");
	bad_prefix("{\"seed\": 99999999999999999999}", "not JSON: too big integer");
	bad_prefix(DOC(A1) " x", "not JSON: end of file expected");
	bad("[]", "the input must be a JSON object");
	bad("7", "the input must be a JSON object");
	bad("{\"seed\": 1, \"schools\": [], \"applicants\": [], \"sed\": 1}",
	    "unknown field \"sed\"");
	bad("{\"schools\": [], \"applicants\": []}", "\"seed\" is missing");
	bad("{\"seed\": null, \"schools\": [], \"applicants\": []}", "\"seed\" is missing");
	bad("{\"seed\": \"1\", \"schools\": [], \"applicants\": []}",
	    "\"seed\" must be an integer from 0 to 9007199254740991");
	bad("{\"seed\": 1.0, \"schools\": [], \"applicants\": []}",
	    "\"seed\" must be an integer from 0 to 9007199254740991");
	bad("{\"seed\": -1, \"schools\": [], \"applicants\": []}",
	    "\"seed\" must be an integer from 0 to 9007199254740991");
	bad("{\"seed\": 9007199254740992, \"schools\": [], \"applicants\": []}",
	    "\"seed\" must be an integer from 0 to 9007199254740991");
	bad("{\"seed\": 1, \"applicants\": []}", "\"schools\" is missing");
	bad("{\"seed\": 1, \"schools\": {}, \"applicants\": []}", "\"schools\" must be an array");
	bad("{\"seed\": 1, \"schools\": []}", "\"applicants\" is missing");
	bad("{\"seed\": 1, \"schools\": [], \"applicants\": 3}", "\"applicants\" must be an array");
}

UNIT_TEST(test_bad_schools)
{
	UNUSED(state);
#define S(schools) "{\"seed\": 1, \"schools\": [" schools "], \"applicants\": []}"
	bad(S("{\"id\": \"S1\", \"capacity\": 1}, 3"), "schools[1]: must be an object");
	bad(S("{\"capacity\": 1}"), "schools[0]: \"id\" is missing");
	const char *bad_id = "schools[0]: \"id\" must be a string of 1 to 128 bytes without "
			     "control characters";
	bad(S("{\"id\": 5, \"capacity\": 1}"), bad_id);
	bad(S("{\"id\": null, \"capacity\": 1}"), "schools[0]: \"id\" is missing");
	bad(S("{\"id\": \"\", \"capacity\": 1}"), bad_id);
	bad(S("{\"id\": \"S\\n1\", \"capacity\": 1}"), bad_id);
	char long_id[512];
	snprintf(long_id, sizeof(long_id), S("{\"id\": \"%0129d\", \"capacity\": 1}"), 0);
	bad(long_id, bad_id);
	snprintf(long_id, sizeof(long_id), S("{\"id\": \"%0128d\", \"capacity\": 1}"), 0);
	struct match_input in;
	assert_int_equal(decode(long_id, &in), ERR_OK); /* 128 bytes is fine */
	match_input_release(&in);
	bad(S("{\"id\": \"S1\", \"capacity\": 1, \"name\": \"x\"}"),
	    "schools[0] (\"S1\"): unknown field \"name\"");
	bad(S("{\"id\": \"S1\"}"), "schools[0] (\"S1\"): \"capacity\" is missing");
	bad(S("{\"id\": \"S1\", \"capacity\": \"30\"}"),
	    "schools[0] (\"S1\"): \"capacity\" must be an integer");
	bad(S("{\"id\": \"S1\", \"capacity\": 30.0}"),
	    "schools[0] (\"S1\"): \"capacity\" must be an integer");
	bad(S("{\"id\": \"S1\", \"capacity\": -1}"),
	    "schools[0] (\"S1\"): capacity -1 is negative");
	bad(S("{\"id\": \"S1\", \"capacity\": 1}, {\"id\": \"S2\", \"capacity\": 1}, "
	      "{\"id\": \"S1\", \"capacity\": 2}"),
	    "schools[2] (\"S1\"): duplicate id, also schools[0]");
#undef S
}

UNIT_TEST(test_bad_applicants)
{
	UNUSED(state);
	bad(DOC(A1 ", []"), "applicants[1]: must be an object");
	bad(DOC("{\"choices\": []}"), "applicants[0]: \"id\" is missing");
	bad(DOC("{\"id\": 1, \"choices\": []}"),
	    "applicants[0]: \"id\" must be a string of 1 to 128 bytes without control characters");
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"lotery\": 3}"),
	    "applicants[0] (\"A1\"): unknown field \"lotery\"");
	bad(DOC(A1 ", " A1), "applicants[1] (\"A1\"): duplicate id, also applicants[0]");
	bad(DOC("{\"id\": \"A1\"}"), "applicants[0] (\"A1\"): \"choices\" is missing");
	bad(DOC("{\"id\": \"A1\", \"choices\": \"S1\"}"),
	    "applicants[0] (\"A1\"): \"choices\" must be an array of school ids");
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\", 2]}"),
	    "applicants[0] (\"A1\"): choices[1]: must be a school id (a string)");
	/* The example of the issue, word for word. */
	bad(DOC(A1 ", {\"id\": \"A2\", \"choices\": []}, {\"id\": \"A3\", \"choices\": [\"S1\"]}, "
		   "{\"id\": \"A4\", \"choices\": [\"S1\", \"S9\"]}"),
	    "applicants[3] (\"A4\"): choices[1]: no school \"S9\"");
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\", \"S2\", \"S1\"]}"),
	    "applicants[0] (\"A1\"): choices[2]: \"S1\" is already choices[0]");
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"priority\": [1]}"),
	    "applicants[0] (\"A1\"): \"priority\" must be an object of school id: group");
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S9\": 1}}"),
	    "applicants[0] (\"A1\"): priority: no school \"S9\"");
	const char *group = "applicants[0] (\"A1\"): priority[\"S1\"]: must be an integer from 0 "
			    "to 2147483647";
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S1\": 1.5}}"), group);
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S1\": \"1\"}}"), group);
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S1\": -1}}"), group);
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S1\": null}}"), group);
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S1\"], \"priority\": {\"S1\": 2147483648}}"),
	    group);
	const char *lottery = "applicants[0] (\"A1\"): \"lottery\" must be an integer from 0 to "
			      "9007199254740991";
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"lottery\": \"5\"}"), lottery);
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"lottery\": 5.5}"), lottery);
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"lottery\": -5}"), lottery);
	bad(DOC("{\"id\": \"A1\", \"choices\": [], \"lottery\": 9007199254740992}"), lottery);
	/* The first fault in document order is the one reported. */
	bad(DOC("{\"id\": \"A1\", \"choices\": [\"S9\"], \"lottery\": -5}"),
	    "applicants[0] (\"A1\"): choices[0]: no school \"S9\"");
}

/* Drawn numbers: pinned values (computed by tools/admissions_lottery.py,
 * an implementation apart from Tabula's), within 2^53, depending on the
 * seed and the id alone. */
UNIT_TEST(test_lottery_draw)
{
	UNUSED(state);
	assert_int_equal(match_lottery_draw(7, "A2", 2), UINT64_C(6449701415153089));
	assert_int_equal(match_lottery_draw(42, "A1", 2), UINT64_C(8013959171874909));
	assert_int_equal(match_lottery_draw(0, "x", 1), UINT64_C(2569927166926968));
	assert_int_equal(match_lottery_draw(UINT64_C(9007199254740991), "\xc3\xa9l\xc3\xa8ve-7", 9),
			 UINT64_C(8490438544891618));
	assert_int_not_equal(match_lottery_draw(7, "A1", 2), match_lottery_draw(8, "A1", 2));
	assert_int_not_equal(match_lottery_draw(7, "A1", 2), match_lottery_draw(7, "A2", 2));
	for (int i = 0; i < 1000; i++) {
		char id[16];
		int n = snprintf(id, sizeof(id), "B%d", i);
		assert_true(match_lottery_draw(1, id, (size_t)n) < (UINT64_C(1) << 53));
	}
}

/* ---- order independence ---- */

static uint64_t rng_state = 0xad;

static uint32_t below(uint32_t n)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) % n);
}

/* A random document: 12 schools of 0-3 seats, 80 applicants with 0-4
 * choices and some priorities; half give a lottery number out of five
 * (ties), the others draw theirs. */
static json_t *random_doc(void)
{
	json_t *schools = json_array(), *applicants = json_array();
	for (int s = 0; s < 12; s++) {
		char sid[3] = {'S', (char)('a' + s), 0};
		json_array_append_new(schools,
				      json_pack("{s:s,s:i}", "id", sid, "capacity", (int)below(4)));
	}
	for (int a = 0; a < 80; a++) {
		char id[8];
		snprintf(id, sizeof(id), "A%02d", a);
		json_t *ap = json_pack("{s:s}", "id", id), *choices = json_array(),
		       *priority = json_object();
		uint32_t k = below(5);
		bool used[12] = {0};
		for (uint32_t j = 0; j < k; j++) {
			uint32_t s = below(12);
			if (used[s])
				continue;
			used[s] = true;
			char sid[3] = {'S', (char)('a' + s), 0};
			json_array_append_new(choices, json_string(sid));
			if (!below(3))
				json_object_set_new(priority, sid, json_integer(below(3)));
		}
		json_object_set_new(ap, "choices", choices);
		json_object_set_new(ap, "priority", priority);
		if (below(2))
			json_object_set_new(ap, "lottery", json_integer(below(5)));
		json_array_append_new(applicants, ap);
	}
	return json_pack("{s:i,s:o,s:o}", "seed", 2025, "schools", schools, "applicants",
			 applicants);
}

/* Decode and place doc; return each applicant's school id and lottery
 * number, keyed by applicant id, as a new object. */
static json_t *placements(json_t *doc)
{
	struct match_input in;
	match_input_init(&in);
	assert_int_equal(match_input_from_json(doc, &in), ERR_OK);
	uint32_t *school = malloc(in.m.n_applicants * sizeof(*school));
	assert_int_equal(match_run(&in.m, school), ERR_OK);
	json_t *out = json_object();
	for (uint32_t a = 0; a < in.m.n_applicants; a++)
		json_object_set_new(
			out, in.applicant_id[a],
			json_pack("[s?,I]",
				  school[a] == MATCH_UNASSIGNED ? NULL : in.school_id[school[a]],
				  (json_int_t)in.lottery[a]));
	free(school);
	match_input_release(&in);
	return out;
}

/* Shuffle the applicants and the schools: the same placements, the same
 * numbers, for every applicant; ties between given numbers included. */
UNIT_TEST(test_order_independence)
{
	UNUSED(state);
	for (int round = 0; round < 20; round++) {
		json_t *doc = random_doc();
		json_t *want = placements(doc);
		json_t *again = placements(doc);
		assert_true(json_equal(want, again)); /* reproducible */
		json_decref(again);
		for (int shuffle = 0; shuffle < 5; shuffle++) {
			const char *names[] = {"applicants", "schools"};
			for (size_t k = 0; k < 2; k++) {
				json_t *arr = json_object_get(doc, names[k]);
				for (size_t i = json_array_size(arr) - 1; i > 0; i--) {
					size_t j = below((uint32_t)i + 1);
					json_t *x = json_incref(json_array_get(arr, i));
					json_array_set(arr, i, json_array_get(arr, j));
					json_array_set_new(arr, j, x);
				}
			}
			json_t *got = placements(doc);
			assert_true(json_equal(want, got));
			json_decref(got);
		}
		json_decref(want);
		json_decref(doc);
	}
}

/* Equal given numbers: the id that sorts first wins, whatever the order. */
UNIT_TEST(test_tie_by_id)
{
	UNUSED(state);
	const char *docs[] = {
		"{\"seed\": 1, \"schools\": [{\"id\": \"S\", \"capacity\": 1}], \"applicants\": "
		"[{\"id\": \"b\", \"choices\": [\"S\"], \"lottery\": 5}, {\"id\": \"a\", "
		"\"choices\": [\"S\"], \"lottery\": 5}]}",
		"{\"seed\": 1, \"schools\": [{\"id\": \"S\", \"capacity\": 1}], \"applicants\": "
		"[{\"id\": \"a\", \"choices\": [\"S\"], \"lottery\": 5}, {\"id\": \"b\", "
		"\"choices\": [\"S\"], \"lottery\": 5}]}",
	};
	for (size_t i = 0; i < ARRAY_SIZE(docs); i++) {
		struct match_input in;
		assert_int_equal(decode(docs[i], &in), ERR_OK);
		uint32_t school[2];
		assert_int_equal(match_run(&in.m, school), ERR_OK);
		for (uint32_t a = 0; a < 2; a++)
			assert_int_equal(school[a] == 0, !strcmp(in.applicant_id[a], "a"));
		match_input_release(&in);
	}
}

UNIT_MAIN()
