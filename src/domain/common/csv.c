/*
 * csv.c: see csv.h. One byte at a time through a small state machine; the
 * record being read is decoded into a fixed buffer (fields NUL-terminated
 * back to back), so nothing grows with the input.
 */
#include "core/base.h"
#include "core/err.h"
#include "domain/common/csv.h"

enum state {
	S_FIELD,      /* at the start of a field */
	S_UNQUOTED,   /* inside an unquoted field */
	S_QUOTED,     /* inside a quoted field */
	S_QUOTE_SEEN, /* a quote inside a quoted field: the end, or the first of "" */
	S_JUNK,	      /* after a closing quote, something other than , or a line end */
};

struct csv_parser {
	enum state state;
	bool in_record; /* a record has begun (some byte of it was read) */
	bool after_cr;	/* the last byte ended a line with CR: swallow one LF */
	int bom;	/* BOM bytes matched at the start; -1 once past it */
	int64_t line;	/* the line the next byte is on */
	int64_t row_line;
	size_t raw; /* raw bytes of the record so far */
	enum csv_error error;
	int nfields;
	size_t len;	    /* bytes used in buf */
	size_t field_start; /* where the current field begins in buf */
	size_t start[CSV_FIELDS_MAX];
	size_t lens[CSV_FIELDS_MAX];
	const char *fields[CSV_FIELDS_MAX];
	/* Decoded bytes never exceed raw bytes, and each field adds one NUL. */
	char buf[CSV_LINE_MAX + CSV_FIELDS_MAX + 1];
};

static const struct {
	const char *code, *message;
} csv_errors[] = {
#define CSV_ERROR_ROW(name, code, msg) {code, msg},
	CSV_ERROR_LIST(CSV_ERROR_ROW)
#undef CSV_ERROR_ROW
};

const char *csv_error_code(enum csv_error e)
{
	return (size_t)e < ARRAY_SIZE(csv_errors) ? csv_errors[e].code : "invalid";
}

const char *csv_error_message(enum csv_error e)
{
	return (size_t)e < ARRAY_SIZE(csv_errors) ? csv_errors[e].message : "";
}

void csv_reset(struct csv_parser *p)
{
	p->state = S_FIELD;
	p->in_record = false;
	p->after_cr = false;
	p->bom = 0;
	p->line = 1;
	p->row_line = 1;
	p->raw = 0;
	p->error = CSV_OK;
	p->nfields = 0;
	p->len = 0;
	p->field_start = 0;
}

struct csv_parser *csv_new(void)
{
	struct csv_parser *p = malloc(sizeof(*p));
	if (p)
		csv_reset(p);
	return p;
}

void csv_free(struct csv_parser *p)
{
	free(p);
}

static void fail(struct csv_parser *p, enum csv_error e)
{
	if (p->error == CSV_OK)
		p->error = e;
}

/* Store one decoded byte of the current field. */
static inline void put(struct csv_parser *p, char c)
{
	if (p->error)
		return;
	if (p->len - p->field_start >= CSV_FIELD_MAX) {
		fail(p, CSV_FIELD_TOO_LONG);
		return;
	}
	p->buf[p->len++] = c;
}

/* Close the current field. */
static void end_field(struct csv_parser *p)
{
	if (p->error)
		return;
	if (p->nfields == CSV_FIELDS_MAX) {
		fail(p, CSV_TOO_MANY_FIELDS);
		return;
	}
	p->start[p->nfields] = p->field_start;
	p->lens[p->nfields] = p->len - p->field_start;
	p->nfields++;
	p->buf[p->len++] = '\0';
	p->field_start = p->len;
}

/* Close the record and report it; the parser is then ready for the next. */
static int end_record(struct csv_parser *p, csv_row_fn fn, void *ctx)
{
	end_field(p);
	struct csv_row row = {.line = p->row_line, .error = p->error};
	if (!p->error) {
		for (int i = 0; i < p->nfields; i++)
			p->fields[i] = p->buf + p->start[i];
		row.nfields = p->nfields;
		row.fields = p->fields;
		row.lens = p->lens;
	}
	p->state = S_FIELD;
	p->in_record = false;
	p->raw = 0;
	p->error = CSV_OK;
	p->nfields = 0;
	p->len = 0;
	p->field_start = 0;
	return fn(&row, ctx);
}

/* One byte through the machine (the BOM is already dealt with). */
static int step(struct csv_parser *p, char c, csv_row_fn fn, void *ctx)
{
	bool eol = c == '\n' || c == '\r';
	if (p->after_cr) {
		p->after_cr = false;
		if (c == '\n')
			return 0; /* the LF of a CRLF */
	}
	if (!p->in_record) {
		if (eol) {
			/* A blank line. */
			p->line++;
			p->after_cr = c == '\r';
			return 0;
		}
		p->in_record = true;
		p->row_line = p->line;
	}
	bool quoted = p->state == S_QUOTED;
	if (eol && !quoted) {
		p->line++;
		p->after_cr = c == '\r';
		if (p->state == S_JUNK)
			fail(p, CSV_BAD_QUOTE);
		return end_record(p, fn, ctx);
	}
	if (++p->raw > CSV_LINE_MAX)
		fail(p, CSV_LINE_TOO_LONG);
	if (c == '\n')
		p->line++; /* inside quotes */
	switch (p->state) {
	case S_FIELD:
		if (c == '"') {
			p->state = S_QUOTED;
		} else if (c == ',') {
			end_field(p);
		} else {
			put(p, c);
			p->state = S_UNQUOTED;
		}
		break;
	case S_UNQUOTED:
		if (c == ',') {
			end_field(p);
			p->state = S_FIELD;
		} else {
			put(p, c);
		}
		break;
	case S_QUOTED:
		if (c == '"')
			p->state = S_QUOTE_SEEN;
		else
			put(p, c);
		break;
	case S_QUOTE_SEEN:
		if (c == '"') {
			put(p, '"');
			p->state = S_QUOTED;
		} else if (c == ',') {
			end_field(p);
			p->state = S_FIELD;
		} else {
			/* "ab"c: keep reading the way a spreadsheet would (c is
			 * outside quotes), but the record is refused. */
			fail(p, CSV_BAD_QUOTE);
			p->state = S_JUNK;
		}
		break;
	case S_JUNK:
		if (c == ',')
			p->state = S_FIELD;
		else if (c == '"')
			p->state = S_QUOTED;
		break;
	}
	return 0;
}

static const char bom[3] = {'\xEF', '\xBB', '\xBF'};

/* The start of the input did not turn out to be a BOM: the bytes held back
 * are data after all. */
static int bom_replay(struct csv_parser *p, csv_row_fn fn, void *ctx)
{
	int held = p->bom;
	p->bom = -1;
	for (int i = 0; i < held && i < (int)sizeof(bom); i++) {
		int rc = step(p, bom[i], fn, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int csv_feed(struct csv_parser *p, const char *data, size_t len, csv_row_fn fn, void *ctx)
{
	size_t i = 0;
	while (p->bom >= 0 && i < len) {
		if (data[i] == bom[p->bom]) {
			i++;
			if (++p->bom == 3)
				p->bom = -1;
		} else {
			int rc = bom_replay(p, fn, ctx);
			if (rc)
				return rc;
		}
	}
	for (; i < len; i++) {
		/* The common case, an ordinary byte of an unquoted field, without
		 * the full machine. */
		char c = data[i];
		if (p->state == S_UNQUOTED && c != ',' && c != '\n' && c != '\r' && !p->error &&
		    p->raw < CSV_LINE_MAX && p->len - p->field_start < CSV_FIELD_MAX) {
			p->raw++;
			p->buf[p->len++] = c;
			continue;
		}
		int rc = step(p, c, fn, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int csv_finish(struct csv_parser *p, csv_row_fn fn, void *ctx)
{
	if (p->bom > 0) {
		int rc = bom_replay(p, fn, ctx);
		if (rc)
			return rc;
	}
	if (!p->in_record)
		return 0;
	if (p->state == S_QUOTED)
		fail(p, CSV_UNTERMINATED_QUOTE);
	else if (p->state == S_JUNK)
		fail(p, CSV_BAD_QUOTE);
	return end_record(p, fn, ctx);
}

/* ---- writing ---- */

static bool defuse_trigger(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/* Zero or more single quotes, then a character a spreadsheet would take
 * for the start of a formula. */
static bool formula_like(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == '\'')
		i++;
	return i < len && defuse_trigger(s[i]);
}

size_t csv_undefuse(const char *s, size_t len)
{
	return len && s[0] == '\'' && formula_like(s, len) ? 1 : 0;
}

int csv_write_cell(struct buf *out, const char *s, size_t len, bool first)
{
	bool quote = false;
	size_t doubled = 0;
	for (size_t i = 0; i < len; i++) {
		quote |= s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
		doubled += s[i] == '"';
	}
	/* A cell that already starts with quotes and then such a character gets
	 * one quote more too, so that csv_undefuse gives it back. */
	bool defuse = formula_like(s, len);
	/* Exactly what is written, so a cell that fits under the buffer's
	 * maximum is not refused. */
	size_t need = (first ? 0 : 1) + (quote ? 2 : 0) + (defuse ? 1 : 0) + len + doubled;
	int rc = buf_reserve(out, need);
	if (rc)
		return rc;
	char *o = out->p + out->len;
	if (!first)
		*o++ = ',';
	if (quote)
		*o++ = '"';
	if (defuse)
		*o++ = '\'';
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	if (quote)
		*o++ = '"';
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
	return ERR_OK;
}

int csv_write_end(struct buf *out)
{
	return buf_append(out, "\r\n", 2);
}
