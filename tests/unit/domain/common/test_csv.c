/* Unit tests of src/domain/csv.c: the streaming reader (records, quotes,
 * line ends, the BOM, line numbers, limits, resynchronisation) fed in every
 * possible split, and the writer (quoting, formula defusing, round trips). */
#include "unit.h"

#include "core/buf.h"
#include "core/err.h"
#include "domain/common/csv.h"

/* Every record as text: "L<line> E<error> [len:bytes]...\n", so that fields
 * holding commas, quotes and line ends compare exactly. */
static int collect(const struct csv_row *row, void *ctx)
{
	struct buf *out = ctx;
	assert_int_equal(buf_printf(out, "L%" PRId64 " E%s", row->line, csv_error_code(row->error)),
			 ERR_OK);
	if (row->error)
		assert_int_equal(row->nfields, 0);
	for (int i = 0; i < row->nfields; i++) {
		assert_int_equal(row->fields[i][row->lens[i]], '\0');
		assert_int_equal(buf_printf(out, " [%zu:", row->lens[i]), ERR_OK);
		assert_int_equal(buf_append(out, row->fields[i], row->lens[i]), ERR_OK);
		assert_int_equal(buf_puts(out, "]"), ERR_OK);
	}
	assert_int_equal(buf_puts(out, "\n"), ERR_OK);
	return 0;
}

/* Parse data fed in the given chunk sizes (0-terminated list; the rest in
 * one piece) and return what collect() made; the caller frees it. */
static char *parse_chunks(const char *data, size_t len, const size_t *sizes)
{
	struct csv_parser *p = csv_new();
	assert_non_null(p);
	struct buf out;
	buf_init(&out, 0);
	buf_puts(&out, "");
	size_t pos = 0;
	for (; sizes && *sizes && pos < len; sizes++) {
		size_t n = *sizes < len - pos ? *sizes : len - pos;
		assert_int_equal(csv_feed(p, data + pos, n, collect, &out), 0);
		pos += n;
	}
	assert_int_equal(csv_feed(p, data + pos, len - pos, collect, &out), 0);
	assert_int_equal(csv_finish(p, collect, &out), 0);
	csv_free(p);
	return buf_detach(&out, NULL);
}

static char *parse(const char *data, size_t len)
{
	return parse_chunks(data, len, NULL);
}

static void expect(const char *data, const char *want)
{
	char *got = parse(data, strlen(data));
	assert_string_equal(got, want);
	free(got);
}

UNIT_TEST(test_basic)
{
	(void)state;
	expect("a,b,c\n1,2,3\n", "L1 Eok [1:a] [1:b] [1:c]\nL2 Eok [1:1] [1:2] [1:3]\n");
	/* No line end after the last record. */
	expect("a,b\n1,2", "L1 Eok [1:a] [1:b]\nL2 Eok [1:1] [1:2]\n");
	/* Empty fields, an empty last field. */
	expect(",a,,\n", "L1 Eok [0:] [1:a] [0:] [0:]\n");
	/* A quote inside an unquoted field is an ordinary character. */
	expect("a\"b,c\n", "L1 Eok [3:a\"b] [1:c]\n");
	/* Spaces are kept. */
	expect(" a , b \n", "L1 Eok [3: a ] [3: b ]\n");
	/* Nothing at all: no record. */
	expect("", "");
}

UNIT_TEST(test_quotes)
{
	(void)state;
	expect("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", "L1 Eok [3:a,b] [8:say \"hi\"] [0:]\n");
	/* Line ends inside quotes belong to the field and count as lines. */
	expect("\"one\ntwo\",x\nnext,y\n", "L1 Eok [7:one\ntwo] [1:x]\nL3 Eok [4:next] [1:y]\n");
	expect("\"a\r\nb\",x\r\nz\r\n", "L1 Eok [4:a\r\nb] [1:x]\nL3 Eok [1:z]\n");
	/* A record that is just "" is one empty field, not a blank line. */
	expect("\"\"\n", "L1 Eok [0:]\n");
}

UNIT_TEST(test_line_ends)
{
	(void)state;
	expect("a\r\nb\r\n", "L1 Eok [1:a]\nL2 Eok [1:b]\n");
	expect("a\rb\rc", "L1 Eok [1:a]\nL2 Eok [1:b]\nL3 Eok [1:c]\n");
	expect("a\n\n\r\n\rb\n", "L1 Eok [1:a]\nL5 Eok [1:b]\n");
	expect("\n\na\n", "L3 Eok [1:a]\n");
	expect("a\r\n\r\n", "L1 Eok [1:a]\n");
}

UNIT_TEST(test_bom)
{
	(void)state;
	expect("\xEF\xBB\xBFname,x\n", "L1 Eok [4:name] [1:x]\n");
	/* Only at the very start. */
	expect("a\n\xEF\xBB\xBF"
	       "b\n",
	       "L1 Eok [1:a]\nL2 Eok [4:\xEF\xBB\xBF"
	       "b]\n");
	/* Something that starts like a BOM is data. */
	expect("\xEF\xBBx,y\n", "L1 Eok [3:\xEF\xBBx] [1:y]\n");
	expect("\xEF", "L1 Eok [1:\xEF]\n");
	expect("\xEF\xBB\xBF", "");
}

UNIT_TEST(test_errors)
{
	(void)state;
	/* Something after a closing quote: the record is refused, the next one
	 * is read. */
	expect("\"ab\"c,d\nx,y\n", "L1 Ebad_quote\nL2 Eok [1:x] [1:y]\n");
	expect("\"ab\" ,d\r\nx\n", "L1 Ebad_quote\nL2 Eok [1:x]\n");
	/* While skipping, quotes are still followed: the line end inside the
	 * quotes does not end the bad record. */
	expect("\"a\"b,\"c\nd\",e\nx\n", "L1 Ebad_quote\nL3 Eok [1:x]\n");
	/* The input ends inside quotes. */
	expect("a\n\"open,b\nc", "L1 Eok [1:a]\nL2 Eunterminated_quote\n");
}

/* A tricky input: every feature and every error, to cut at every byte. */
static const char tricky[] = "\xEF\xBB\xBF"
			     "national_id,given_name,note\r\n"
			     "0012345679,\"Ali, \"\"the\"\" 2nd\",\"two\r\nlines\"\r\n"
			     "\r\n"
			     "123,\xd8\xb9\xd9\x84\xdb\x8c,plain\n"
			     "\"bad\"x,y,z\n"
			     "\rlast,\"\",\"\"\"\"\r"
			     "\"unterminated,\nstill";

UNIT_TEST(test_every_split)
{
	(void)state;
	size_t len = sizeof(tricky) - 1;
	char *whole = parse(tricky, len);
	assert_string_equal(whole,
			    "L1 Eok [11:national_id] [10:given_name] [4:note]\n"
			    "L2 Eok [10:0012345679] [14:Ali, \"the\" 2nd] [10:two\r\nlines]\n"
			    "L5 Eok [3:123] [6:\xd8\xb9\xd9\x84\xdb\x8c] [5:plain]\n"
			    "L6 Ebad_quote\n"
			    "L8 Eok [4:last] [0:] [1:\"]\n"
			    "L9 Eunterminated_quote\n");
	/* Two pieces, cut at every position. */
	for (size_t cut = 0; cut <= len; cut++) {
		size_t sizes[] = {cut, 0};
		char *got = parse_chunks(tricky, len, cut ? sizes : NULL);
		assert_string_equal(got, whole);
		free(got);
	}
	/* One byte at a time, and in threes. */
	size_t ones[sizeof(tricky)], threes[sizeof(tricky)];
	for (size_t i = 0; i < len; i++) {
		ones[i] = 1;
		threes[i] = 3;
	}
	ones[len] = threes[len] = 0;
	char *got = parse_chunks(tricky, len, ones);
	assert_string_equal(got, whole);
	free(got);
	got = parse_chunks(tricky, len, threes);
	assert_string_equal(got, whole);
	free(got);
	free(whole);
}

UNIT_TEST(test_limits)
{
	(void)state;
	struct buf in;
	buf_init(&in, 0);
	/* A field of exactly CSV_FIELD_MAX bytes, quoted or not, is fine. */
	for (int i = 0; i < CSV_FIELD_MAX; i++)
		buf_puts(&in, "x");
	buf_puts(&in, ",\"");
	for (int i = 0; i < CSV_FIELD_MAX; i++)
		buf_puts(&in, "y");
	buf_puts(&in, "\"\n");
	/* One byte more, then a good row that must be read again. */
	for (int i = 0; i <= CSV_FIELD_MAX; i++)
		buf_puts(&in, "z");
	buf_puts(&in, "\nok\n");
	char *got = parse(in.p, in.len);
	char want[64];
	snprintf(want, sizeof(want), "L1 Eok [%d:", CSV_FIELD_MAX);
	assert_memory_equal(got, want, strlen(want));
	assert_non_null(strstr(got, "\nL2 Efield_too_long\nL3 Eok [2:ok]\n"));
	free(got);

	/* CSV_FIELDS_MAX fields are fine, one more is not. */
	buf_reset(&in);
	for (int i = 1; i < CSV_FIELDS_MAX; i++)
		buf_puts(&in, ",");
	buf_puts(&in, "\n");
	for (int i = 0; i < CSV_FIELDS_MAX; i++)
		buf_puts(&in, ",");
	buf_puts(&in, "\nok\n");
	got = parse(in.p, in.len);
	assert_int_equal(strncmp(got, "L1 Eok [0:]", 11), 0);
	assert_non_null(strstr(got, "\nL2 Etoo_many_fields\nL3 Eok [2:ok]\n"));
	free(got);

	/* A record of more than CSV_LINE_MAX bytes from fields that are each
	 * short enough; inside it a quoted line end, so resynchronising must
	 * follow quotes. The next record starts on the right line. */
	buf_reset(&in);
	buf_puts(&in, "\"a\nb\"");
	for (int i = 0; i < 20; i++) {
		buf_puts(&in, ",");
		for (int k = 0; k < 4000; k++)
			buf_puts(&in, "w");
	}
	buf_puts(&in, ",\"x\ny\"\r\nafter\n");
	got = parse(in.p, in.len);
	assert_string_equal(got, "L1 Eline_too_long\nL4 Eok [5:after]\n");
	free(got);

	/* Exactly CSV_LINE_MAX raw bytes is fine. */
	buf_reset(&in);
	for (int i = 0; i < CSV_LINE_MAX / 4096; i++) {
		if (i)
			buf_puts(&in, ",");
		for (int k = 0; k < (i ? 4095 : 4096); k++)
			buf_puts(&in, "v");
	}
	assert_int_equal(in.len, CSV_LINE_MAX);
	buf_puts(&in, "\n");
	got = parse(in.p, in.len);
	assert_int_equal(strncmp(got, "L1 Eok", 6), 0);
	free(got);
	buf_reset(&in);
	for (int i = 0; i <= CSV_LINE_MAX / 4096; i++) {
		if (i)
			buf_puts(&in, ",");
		for (int k = 0; k < 4095; k++)
			buf_puts(&in, "v");
	}
	buf_puts(&in, "\nz");
	got = parse(in.p, in.len);
	assert_string_equal(got, "L1 Eline_too_long\nL2 Eok [1:z]\n");
	free(got);
	buf_release(&in);
}

static int stop_at_second(const struct csv_row *row, void *ctx)
{
	int *seen = ctx;
	return ++*seen == 2 ? 42 + (int)row->line : 0;
}

UNIT_TEST(test_stop)
{
	(void)state;
	struct csv_parser *p = csv_new();
	int seen = 0;
	assert_int_equal(csv_feed(p, "a\nb\nc\n", 6, stop_at_second, &seen), 44);
	assert_int_equal(seen, 2);
	/* A reset parser starts over at line 1. */
	csv_reset(p);
	seen = 0;
	assert_int_equal(csv_feed(p, "\nx\ny", 4, stop_at_second, &seen), 0);
	assert_int_equal(csv_finish(p, stop_at_second, &seen), 45);
	csv_free(p);
	csv_free(NULL);
}

UNIT_TEST(test_writer)
{
	(void)state;
	struct buf out;
	buf_init(&out, 0);
	const char *cells[] = {"plain", "a,b",	       "say \"hi\"", "two\nlines",
			       "",	"=SUM(A1:A9)", "+98 21",     "-1",
			       "@cmd",	"\tx",	       "'=already",  "ok=fine"};
	for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
		assert_int_equal(csv_write_cell(&out, cells[i], strlen(cells[i]), i == 0), ERR_OK);
	assert_int_equal(csv_write_end(&out), ERR_OK);
	assert_string_equal(out.p, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,'=SUM(A1:A9),"
				   "'+98 21,'-1,'@cmd,'\tx,''=already,ok=fine\r\n");
	assert_int_equal(csv_undefuse("'=SUM(A1:A9)", 12), 1);
	assert_int_equal(csv_undefuse("''=already", 10), 1);
	assert_int_equal(csv_undefuse("'''-x", 5), 1);
	assert_int_equal(csv_undefuse("''x", 3), 0);
	assert_int_equal(csv_undefuse("'\rx", 3), 1);
	assert_int_equal(csv_undefuse("'abc", 4), 0);
	assert_int_equal(csv_undefuse("'", 1), 0);
	assert_int_equal(csv_undefuse("=x", 2), 0);
	buf_release(&out);

	/* A ceiling on the buffer is an error, not a partial cell. */
	struct buf small;
	buf_init(&small, 8);
	assert_int_equal(csv_write_cell(&small, "0123456789", 10, true), ERR_TOOLARGE);
	assert_int_equal(small.len, 0);
	buf_release(&small);
}

struct cells {
	const char *const *want;
	size_t n;
	int rows;
};

static int check_cells(const struct csv_row *row, void *ctx)
{
	struct cells *c = ctx;
	assert_int_equal(row->error, CSV_OK);
	assert_int_equal((size_t)row->nfields, c->n);
	for (size_t i = 0; i < c->n; i++) {
		size_t skip = csv_undefuse(row->fields[i], row->lens[i]);
		assert_int_equal(row->lens[i] - skip, strlen(c->want[i]));
		assert_memory_equal(row->fields[i] + skip, c->want[i], strlen(c->want[i]));
	}
	c->rows++;
	return 0;
}

UNIT_TEST(test_round_trip)
{
	(void)state;
	static const char *const cells[] = {"plain",
					    "a,b",
					    "say \"hi\"",
					    "two\r\nlines",
					    "",
					    "=1+2",
					    "-5",
					    "@x",
					    "\xd8\xb9\xd9\x84\xdb\x8c",
					    "Nguy\xe1\xbb\x85n",
					    "\"",
					    ",",
					    "'=already",
					    "''+x",
					    "'"};
	struct buf out;
	buf_init(&out, 0);
	for (int r = 0; r < 3; r++) {
		for (size_t i = 0; i < ARRAY_SIZE(cells); i++)
			csv_write_cell(&out, cells[i], strlen(cells[i]), i == 0);
		csv_write_end(&out);
	}
	struct cells c = {cells, ARRAY_SIZE(cells), 0};
	struct csv_parser *p = csv_new();
	/* Cut anywhere: the same cells. */
	for (size_t cut = 0; cut <= out.len; cut += 7) {
		csv_reset(p);
		c.rows = 0;
		assert_int_equal(csv_feed(p, out.p, cut, check_cells, &c), 0);
		assert_int_equal(csv_feed(p, out.p + cut, out.len - cut, check_cells, &c), 0);
		assert_int_equal(csv_finish(p, check_cells, &c), 0);
		assert_int_equal(c.rows, 3);
	}
	csv_free(p);
	buf_release(&out);
}

UNIT_MAIN()
