/*
 * admissions.c: `tabula admissions match --input FILE.json` (FILE "-" is
 * standard input): the placement engine over a JSON file (docs/admissions.md).
 *
 * Prints {"assignments": {ID: SCHOOL | null}, "lottery": {ID: N}} on
 * standard output, one applicant per line in input order, and exits 0. Bad
 * input is one line on standard error naming the item at fault and exit 2,
 * with nothing on standard output; any other failure (the file cannot be
 * read, memory) exit 1.
 *
 * For bench/admissions: --parse-only reads and parses the JSON and stops
 * (the time of that alone is the ceiling the whole command is measured
 * by); --timings prints the seconds each step took on standard error.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/buf.h"
#include "core/jcs.h"
#include "cli/cli.h"
#include "domain/admissions/input.h"
#include "domain/admissions/match.h"

#include <sodium.h>
#include <sys/stat.h>

/* Larger input files are refused: 4 GiB of JSON is some 40 million
 * applicants, past any country's intake in one run. */
#define INPUT_MAX ((size_t)4 << 30)
/* Output is written in pieces of about this size. */
#define FLUSH_AT ((size_t)1 << 20)

static int usage(void)
{
	fprintf(stderr, "usage: tabula admissions match --input FILE.json\n");
	return 2;
}

/* The whole of path ("-": stdin) into b, within INPUT_MAX: 0, or the
 * exit status after saying why on stderr. */
static int read_input(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!f) {
		fprintf(stderr, "tabula: %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct stat st;
	int rc = ERR_OK;
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode))
		rc = (uintmax_t)st.st_size > INPUT_MAX ? ERR_TOOLARGE
						       : buf_reserve(b, (size_t)st.st_size + 1);
	while (!rc) {
		if (b->cap - b->len < 2) {
			size_t more = b->cap ? b->cap : 1 << 16;
			rc = buf_reserve(b, more < INPUT_MAX - b->len ? more : INPUT_MAX - b->len);
			if (rc)
				break;
		}
		size_t room = b->cap - b->len - 1, n = fread(b->p + b->len, 1, room, f);
		b->len += n;
		b->p[b->len] = '\0';
		if (n < room)
			break;
	}
	int bad = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (rc == ERR_TOOLARGE) {
		fprintf(stderr, "tabula: %s: larger than %zu bytes\n", path, INPUT_MAX);
		return 2;
	}
	if (rc || bad) {
		fprintf(stderr, "tabula: %s: %s\n", path, rc ? err_str(rc) : strerror(bad));
		return 1;
	}
	return 0;
}

/* Write b to stdout and empty it once it holds at least `at` bytes. */
static int flush(struct buf *b, size_t at)
{
	if (b->len < at)
		return ERR_OK;
	if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len)
		return ERR_IO;
	buf_reset(b);
	return ERR_OK;
}

/* The start of applicant a's line in an object: `,\n    "ID": `. */
static int member(struct buf *b, uint32_t a, const char *id)
{
	int rc = buf_puts(b, a ? ",\n    " : "\n    ");
	if (!rc)
		rc = jcs_append_string(b, id, strlen(id));
	if (!rc)
		rc = buf_puts(b, ": ");
	return rc;
}

/* Append v in decimal (buf_printf costs more than the rest of the line). */
static int append_u64(struct buf *b, uint64_t v)
{
	char digits[20];
	size_t n = 0;
	do {
		digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return buf_append(b, digits + sizeof(digits) - n, n);
}

/* The result as JSON on stdout, one applicant a line, in input order:
 * ERR_OK, ERR_IO (stdout failed) or ERR_NOMEM. */
static int print_result(const struct match_input *in, const uint32_t *school)
{
	uint32_t n = in->m.n_applicants;
	struct buf b;
	buf_init(&b, 0);
	int rc = buf_puts(&b, "{\n  \"assignments\": {");
	for (uint32_t a = 0; a < n && !rc; a++) {
		rc = member(&b, a, in->applicant_id[a]);
		if (!rc && school[a] == MATCH_UNASSIGNED)
			rc = buf_puts(&b, "null");
		else if (!rc)
			rc = jcs_append_string(&b, in->school_id[school[a]],
					       strlen(in->school_id[school[a]]));
		if (!rc)
			rc = flush(&b, FLUSH_AT);
	}
	if (!rc)
		rc = buf_puts(&b, n ? "\n  },\n  \"lottery\": {" : "},\n  \"lottery\": {");
	for (uint32_t a = 0; a < n && !rc; a++) {
		rc = member(&b, a, in->applicant_id[a]);
		if (!rc)
			rc = append_u64(&b, in->lottery[a]);
		if (!rc)
			rc = flush(&b, FLUSH_AT);
	}
	if (!rc)
		rc = buf_puts(&b, n ? "\n  }\n}\n" : "}\n}\n");
	if (!rc)
		rc = flush(&b, 0);
	buf_release(&b);
	if (fflush(stdout) && !rc)
		rc = ERR_IO;
	return rc;
}

static bool timings;

static double seconds(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* With --timings: the wall and CPU seconds since the last step, on stderr
 * (on a busy machine the CPU time is the steadier figure). */
static void step(const char *name)
{
	static double wall, cpu;
	double w = seconds(CLOCK_MONOTONIC), c = seconds(CLOCK_PROCESS_CPUTIME_ID);
	if (timings && wall > 0)
		fprintf(stderr, "admissions: %-8s %7.3f s wall %7.3f s cpu\n", name, w - wall,
			c - cpu);
	wall = w;
	cpu = c;
}

/*
 * The parsed tree lives in an arena (core/arena.h): jansson's malloc is a
 * pointer bump and its free does nothing, and the whole tree goes at once
 * when the arena is released. A national input is some ten million small
 * values; with malloc and free they cost three times the placement itself
 * in CPU, and a sixth more memory. jansson's allocator is process-wide,
 * which is fine in a command that runs one thing on one thread; it is put
 * back as soon as the tree is gone.
 */
static struct arena tree;

static void *tree_alloc(size_t n)
{
	return arena_alloc(&tree, n);
}

static void tree_free(void *p)
{
	UNUSED(p);
}

static void tree_begin(void)
{
	arena_init(&tree, (size_t)64 << 20, 0);
	json_set_alloc_funcs(tree_alloc, tree_free);
}

static void tree_end(void)
{
	arena_release(&tree);
	json_init();
}

static int match(const char *path, bool parse_only)
{
	step("start");
	struct buf text;
	buf_init(&text, INPUT_MAX);
	int status = read_input(path, &text);
	if (status) {
		buf_release(&text);
		return status;
	}
	struct match_input in;
	match_input_init(&in);
	json_t *root = NULL;
	uint32_t *school = NULL;
	step("read");
	tree_begin();
	int rc = match_input_parse(text.p, text.len, &root, &in);
	buf_release(&text); /* before decoding: the peak is the tree alone */
	step("parse");
	if (!parse_only && !rc)
		rc = match_input_from_json(root, &in);
	root = NULL; /* no json_decref: it would only walk the tree */
	tree_end();
	step("decode");
	if (parse_only || rc)
		goto done;
	school = malloc((in.m.n_applicants ? in.m.n_applicants : 1) * sizeof(*school));
	rc = school ? match_run(&in.m, school) : ERR_NOMEM;
	step("match");
	if (!rc && (rc = print_result(&in, school)) == ERR_IO) {
		fprintf(stderr, "tabula: cannot write the result: %s\n", strerror(errno));
		status = 1;
		rc = ERR_OK;
	}
	step("write");
done:
	if (rc == ERR_INVALID) {
		fprintf(stderr, "tabula: %s\n", in.why);
		status = 2;
	} else if (rc) {
		fprintf(stderr, "tabula: admissions match: %s\n", err_str(rc));
		status = 1;
	}
	free(school);
	match_input_release(&in);
	step("release");
	return status;
}

int cli_admissions(int argc, char **argv)
{
	const char *input = NULL;
	bool parse_only = false;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--input") && i + 1 < argc)
			input = argv[++i];
		else if (!strcmp(argv[i], "--parse-only"))
			parse_only = true;
		else if (!strcmp(argv[i], "--timings"))
			timings = true;
		else
			return usage();
	}
	if (!input)
		return usage();
	if (sodium_init() < 0) /* hash_short_key's random bytes */
		return 1;
	return match(input, parse_only);
}
