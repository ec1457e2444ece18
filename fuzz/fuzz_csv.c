/*
 * fuzz_csv.c: the streaming CSV reader and the writer over arbitrary bytes.
 *
 * Besides "no crash, no leak, no UB" it checks what csv.h promises:
 * - records come with line numbers that never go down, at most
 *   CSV_FIELDS_MAX fields of at most CSV_FIELD_MAX bytes each, every field
 *   NUL-terminated at its length; a record with an error has no fields;
 * - the records do not depend on how the input is cut: the whole input in
 *   one piece, and cut into pieces whose sizes come from the input itself,
 *   give the same records;
 * - what the writer makes of a record's fields reads back (after
 *   csv_undefuse) as the same fields.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/buf.h"
#include "domain/common/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every record, serialised unambiguously. */
struct seen {
	struct buf out;
	int64_t last_line;
};

static int record(const struct csv_row *row, void *ctx)
{
	struct seen *s = ctx;
	if (row->line < s->last_line || row->line < 1)
		abort();
	s->last_line = row->line;
	if (row->error && row->nfields)
		abort();
	if (row->nfields > CSV_FIELDS_MAX)
		abort();
	buf_printf(&s->out, "%" PRId64 " %d %d", row->line, (int)row->error, row->nfields);
	for (int i = 0; i < row->nfields; i++) {
		if (row->lens[i] > CSV_FIELD_MAX || row->fields[i][row->lens[i]] != '\0')
			abort();
		buf_printf(&s->out, " %zu:", row->lens[i]);
		buf_append(&s->out, row->fields[i], row->lens[i]);
	}
	buf_puts(&s->out, "\n");
	return 0;
}

/* A good record's fields, written out and read back. */
struct echo {
	const struct csv_row *want;
	int seen;
};

static int compare(const struct csv_row *row, void *ctx)
{
	struct echo *e = ctx;
	/* The first record is the "-" written before, so that a BOM at the
	 * start of a field is not at the start of the input. */
	if (e->seen++ == 0)
		return 0;
	if (e->seen > 2 || row->error || row->nfields != e->want->nfields)
		abort();
	for (int i = 0; i < row->nfields; i++) {
		size_t skip = csv_undefuse(row->fields[i], row->lens[i]);
		if (row->lens[i] - skip != e->want->lens[i] ||
		    memcmp(row->fields[i] + skip, e->want->fields[i], e->want->lens[i]))
			abort();
	}
	return 0;
}

static int write_back(const struct csv_row *row, void *ctx)
{
	UNUSED(ctx);
	if (row->error)
		return 0;
	/* A record of one empty field is written as an empty line, which
	 * reads as no record at all: the one shape that does not round-trip. */
	if (row->nfields == 1 && row->lens[0] == 0)
		return 0;
	/* The defusing quote may take a field past the reader's limit. */
	for (int i = 0; i < row->nfields; i++)
		if (row->lens[i] >= CSV_FIELD_MAX)
			return 0;
	struct buf out;
	buf_init(&out, 0);
	buf_puts(&out, "-\r\n");
	for (int i = 0; i < row->nfields; i++)
		if (csv_write_cell(&out, row->fields[i], row->lens[i], i == 0))
			abort();
	csv_write_end(&out);
	/* Quotes doubled may take the record past the line limit. */
	if (out.len - 3 <= CSV_LINE_MAX) {
		struct csv_parser *p = csv_new();
		struct echo e = {.want = row};
		csv_feed(p, out.p, out.len, compare, &e);
		csv_finish(p, compare, &e);
		if (e.seen != 2)
			abort();
		csv_free(p);
	}
	buf_release(&out);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct csv_parser *p = csv_new();
	if (!p)
		return 0;

	struct seen whole = {.last_line = 0};
	buf_init(&whole.out, 0);
	csv_feed(p, text, size, record, &whole);
	csv_finish(p, record, &whole);

	/* Cut where the input says: each byte's low bits give the next piece's
	 * size (1 to 8 bytes). */
	csv_reset(p);
	struct seen cut = {.last_line = 0};
	buf_init(&cut.out, 0);
	size_t pos = 0, k = 0;
	while (pos < size) {
		size_t n = 1 + (size_t)(data[k++ % size] & 7);
		if (n > size - pos)
			n = size - pos;
		csv_feed(p, text + pos, n, record, &cut);
		pos += n;
	}
	csv_finish(p, record, &cut);
	if (whole.out.len != cut.out.len ||
	    (whole.out.len && memcmp(whole.out.p, cut.out.p, whole.out.len)))
		abort();

	csv_reset(p);
	csv_feed(p, text, size, write_back, NULL);
	csv_finish(p, write_back, NULL);

	csv_free(p);
	buf_release(&whole.out);
	buf_release(&cut.out);
	return 0;
}
