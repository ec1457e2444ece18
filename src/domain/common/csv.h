/*
 * csv.h: a streaming RFC 4180 reader and a CSV writer for spreadsheets.
 *
 * Reading. Feed the parser bytes in chunks of any size, cut anywhere (inside
 * a quoted field, between CR and LF, inside the UTF-8 BOM); it calls back
 * once per record with its fields. What it accepts:
 *  - fields separated by ','; records ended by LF, CRLF or a lone CR;
 *  - a field in double quotes may hold ',', CR, LF and '""' (one quote);
 *    a quote inside an unquoted field is an ordinary character;
 *  - a UTF-8 byte order mark at the very start is skipped;
 *  - blank lines (no byte between two line ends) are skipped, not reported;
 *  - the last record needs no line end.
 * Bytes are passed through as they are (no UTF-8 check, NULs included): the
 * caller judges the text.
 *
 * Limits, so that no input makes the parser grow: a field holds at most
 * CSV_FIELD_MAX bytes, a record at most CSV_FIELDS_MAX fields and
 * CSV_LINE_MAX raw bytes (quotes and separators included, line ends inside
 * quotes too). A record past a limit, or with a character other than ',' or
 * a line end after a closing quote, is reported once with an error and no
 * fields; the parser keeps track of quotes while it skips the rest, and
 * starts afresh after the next line end outside quotes. Input that ends
 * inside quotes is an unterminated_quote record.
 *
 * Line numbers are 1-based and count LF, CRLF and a lone CR outside quotes
 * as one line end each, and LF inside quoted fields; each record carries the
 * line it starts on, the number a spreadsheet user sees.
 *
 * Writing. csv_write_cell quotes a cell only when it must and defuses
 * formula injection: a cell starting with '=', '+', '-', '@', TAB or CR gets
 * a leading single quote, so a spreadsheet shows it as text instead of
 * running it (OWASP "CSV injection"). A cell that starts with single quotes
 * and then one of those gets one quote more as well, so csv_undefuse (drop
 * one leading quote from such cells) gives every cell back exactly.
 */
#ifndef TABULA_DOMAIN_CSV_H
#define TABULA_DOMAIN_CSV_H

#include "core/buf.h"

#define CSV_FIELD_MAX  4096
#define CSV_FIELDS_MAX 64
#define CSV_LINE_MAX   65536

/* X(name, stable code, message) */
#define CSV_ERROR_LIST(X)                                                               \
	X(OK, "ok", "")                                                                 \
	X(LINE_TOO_LONG, "line_too_long", "This row is longer than 64 KiB.")            \
	X(FIELD_TOO_LONG, "field_too_long", "A cell of this row is longer than 4 KiB.") \
	X(TOO_MANY_FIELDS, "too_many_fields", "This row has more than 64 cells.")       \
	X(BAD_QUOTE, "bad_quote",                                                       \
	  "A quoted cell is followed by something other than a comma or a line end.")   \
	X(UNTERMINATED_QUOTE, "unterminated_quote",                                     \
	  "A quoted cell is not closed before the end "                                 \
	  "of the file.")

enum csv_error {
#define CSV_ERROR_ENUM(name, code, msg) CSV_##name,
	CSV_ERROR_LIST(CSV_ERROR_ENUM)
#undef CSV_ERROR_ENUM
};

/* The stable machine word of an error ("line_too_long") and a sentence. */
const char *csv_error_code(enum csv_error e);
const char *csv_error_message(enum csv_error e);

/* One record, valid only during the callback. fields[i] is NUL-terminated
 * and lens[i] its length (a field may hold NUL bytes of its own). With an
 * error, nfields is 0. */
struct csv_row {
	int64_t line;
	int nfields;
	const char *const *fields;
	const size_t *lens;
	enum csv_error error;
};

/* Called for each record; a non-zero return stops csv_feed/csv_finish, which
 * return that value (the parser must then only be freed). */
typedef int (*csv_row_fn)(const struct csv_row *row, void *ctx);

struct csv_parser;

/* A parser with its fixed buffers (about 70 KiB); NULL when out of memory.
 * csv_free(NULL) does nothing. */
struct csv_parser *csv_new(void);
void csv_free(struct csv_parser *p);
/* Start again at line 1, as for a new file. */
void csv_reset(struct csv_parser *p);

/* Parse len more bytes; complete records go to fn. Returns 0 or what fn
 * returned to stop. */
int csv_feed(struct csv_parser *p, const char *data, size_t len, csv_row_fn fn, void *ctx);
/* The input has ended: report the last record if it had no line end. */
int csv_finish(struct csv_parser *p, csv_row_fn fn, void *ctx);

/* Append one cell, preceded by ',' unless first: quoted if it holds ',',
 * '"', CR or LF (quotes doubled), defused as said above. ERR_OK or the
 * buffer's ERR_TOOLARGE / ERR_NOMEM. */
int csv_write_cell(struct buf *out, const char *s, size_t len, bool first);
/* End a record with CRLF. */
int csv_write_end(struct buf *out);

/* Length of the prefix csv_write_cell put on a defused cell: 1 if s is one
 * or more single quotes followed by one of = + - @ TAB CR, else 0. */
size_t csv_undefuse(const char *s, size_t len);

#endif
