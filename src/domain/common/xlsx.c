/*
 * xlsx.c: the first sheet of a workbook as rows (xlsx.h), through libzip
 * and libxml2's xmlTextReader.
 */
#include "core/base.h"
#include "core/err.h"
#include "domain/common/xlsx.h"

#include <libxml/xmlreader.h>
#include <zip.h>

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return ERR_INVALID;
}

/* Inflate part `name` into a malloc'd NUL-terminated buffer. */
static int part_read(zip_t *z, const char *name, char **out, size_t *len, char *err, size_t errlen)
{
	zip_stat_t st;
	*out = NULL;
	if (zip_stat(z, name, 0, &st) || !(st.valid & ZIP_STAT_SIZE))
		return ERR_NOTFOUND;
	if (st.size > XLSX_PART_MAX)
		return fail(err, errlen, "A part of the workbook is too large once unpacked.");
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return fail(err, errlen, "A part of the workbook cannot be opened.");
	char *buf = malloc((size_t)st.size + 1);
	if (!buf) {
		zip_fclose(f);
		return ERR_NOMEM;
	}
	zip_int64_t n = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (n < 0 || (zip_uint64_t)n != st.size) {
		free(buf);
		return fail(err, errlen, "A part of the workbook cannot be read.");
	}
	buf[n] = '\0';
	*out = buf;
	*len = (size_t)n;
	return ERR_OK;
}

static xmlTextReaderPtr reader_for(const char *buf, size_t len)
{
	return xmlReaderForMemory(buf, (int)len, NULL, NULL,
				  XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_NOERROR |
					  XML_PARSE_NOWARNING);
}

static bool is_elem(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
	       !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

static bool is_end(xmlTextReaderPtr r, const char *name)
{
	return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT &&
	       !strcmp((const char *)xmlTextReaderConstLocalName(r), name);
}

/* The path of the first sheet: the r:id of workbook.xml's first <sheet>,
 * its Target in the relationships, under xl/. */
static int first_sheet(zip_t *z, char *path, size_t cap, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	char rid[128] = "";
	snprintf(path, cap, "xl/worksheets/sheet1.xml");
	int rc = part_read(z, "xl/workbook.xml", &buf, &len, err, errlen);
	if (rc == ERR_NOTFOUND)
		return fail(err, errlen, "This is not an XLSX workbook (no xl/workbook.xml).");
	if (rc)
		return rc;
	xmlTextReaderPtr r = reader_for(buf, len);
	while (r && xmlTextReaderRead(r) == 1)
		if (is_elem(r, "sheet")) {
			xmlChar *id = xmlTextReaderGetAttributeNs(
				r, (const xmlChar *)"id",
				(const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/"
						 "2006/relationships");
			if (id)
				snprintf(rid, sizeof(rid), "%s", (const char *)id);
			xmlFree(id);
			break;
		}
	xmlFreeTextReader(r);
	free(buf);
	if (!rid[0])
		return ERR_OK;
	rc = part_read(z, "xl/_rels/workbook.xml.rels", &buf, &len, err, errlen);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	r = reader_for(buf, len);
	while (r && xmlTextReaderRead(r) == 1)
		if (is_elem(r, "Relationship")) {
			xmlChar *id = xmlTextReaderGetAttribute(r, (const xmlChar *)"Id");
			xmlChar *target = xmlTextReaderGetAttribute(r, (const xmlChar *)"Target");
			if (id && target && !strcmp((const char *)id, rid)) {
				const char *t = (const char *)target;
				if (t[0] == '/')
					snprintf(path, cap, "%s", t + 1);
				else
					snprintf(path, cap, "xl/%s", t);
			}
			xmlFree(id);
			xmlFree(target);
		}
	xmlFreeTextReader(r);
	free(buf);
	return ERR_OK;
}

struct strings {
	char **s;
	size_t n, cap;
};

static void strings_free(struct strings *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->s[i]);
	free(t->s);
}

/* Append the text of the current node to cell (at most XLSX_CELL_MAX). */
static void text_append(xmlTextReaderPtr r, char *cell, size_t *len)
{
	const char *v = (const char *)xmlTextReaderConstValue(r);
	size_t n = v ? strlen(v) : 0;
	if (*len + n >= XLSX_CELL_MAX)
		n = XLSX_CELL_MAX - 1 - *len;
	memcpy(cell + *len, v ? v : "", n);
	*len += n;
	cell[*len] = '\0';
}

/* xl/sharedStrings.xml: each <si>'s text (the <t> of its runs joined). */
static int strings_read(zip_t *z, struct strings *t, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int rc = part_read(z, "xl/sharedStrings.xml", &buf, &len, err, errlen);
	if (rc == ERR_NOTFOUND)
		return ERR_OK;
	if (rc)
		return rc;
	xmlTextReaderPtr r = reader_for(buf, len);
	char cell[XLSX_CELL_MAX];
	size_t clen = 0;
	bool in_t = false, in_rph = false;
	int ret;
	while (!rc && r && (ret = xmlTextReaderRead(r)) == 1) {
		if (is_elem(r, "si")) {
			clen = 0;
			cell[0] = '\0';
		} else if (is_elem(r, "rPh")) {
			in_rph = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "rPh")) {
			in_rph = false;
		} else if (is_elem(r, "t")) {
			in_t = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "t")) {
			in_t = false;
		} else if (in_t && !in_rph &&
			   (xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT ||
			    xmlTextReaderNodeType(r) == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			text_append(r, cell, &clen);
		} else if (is_end(r, "si")) {
			if (t->n == XLSX_STRINGS_MAX) {
				rc = fail(err, errlen, "The workbook has too many strings.");
				break;
			}
			if (t->n == t->cap) {
				size_t cap = t->cap ? t->cap * 2 : 256;
				char **s = realloc(t->s, cap * sizeof(*s));
				if (!s) {
					rc = ERR_NOMEM;
					break;
				}
				t->s = s;
				t->cap = cap;
			}
			if (!(t->s[t->n] = strdup(cell)))
				rc = ERR_NOMEM;
			else
				t->n++;
		}
	}
	if (!rc && (!r || ret < 0))
		rc = fail(err, errlen, "The workbook's strings are not well-formed XML.");
	xmlFreeTextReader(r);
	free(buf);
	return rc;
}

/* The 0-based column of a cell reference "BC12", or -1. */
static int column_of(const char *ref)
{
	int col = 0, n = 0;
	for (; ref && *ref >= 'A' && *ref <= 'Z' && n < 4; ref++, n++)
		col = col * 26 + (*ref - 'A' + 1);
	return n ? col - 1 : -1;
}

struct sheet {
	char cells[XLSX_COLS_MAX][XLSX_CELL_MAX];
	const char *ptr[XLSX_COLS_MAX];
	int ncells;
};

int xlsx_read(const void *data, size_t len, xlsx_row_fn fn, void *ctx, char *err, size_t errlen)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return fail(err, errlen, "This is not an XLSX workbook (not a zip file).");
	}
	zip_error_fini(&ze);
	char path[256];
	struct strings t = {0};
	char *buf = NULL;
	size_t blen = 0;
	struct sheet *sh = NULL;
	int rc = first_sheet(z, path, sizeof(path), err, errlen);
	if (!rc)
		rc = strings_read(z, &t, err, errlen);
	if (!rc) {
		rc = part_read(z, path, &buf, &blen, err, errlen);
		if (rc == ERR_NOTFOUND)
			rc = fail(err, errlen, "The workbook has no sheet.");
	}
	if (!rc && !(sh = calloc(1, sizeof(*sh))))
		rc = ERR_NOMEM;
	xmlTextReaderPtr r = rc ? NULL : reader_for(buf, blen);
	int64_t row = 0;
	int col = -1, ret = 1;
	char type[16] = "";
	char value[XLSX_CELL_MAX];
	size_t vlen = 0;
	bool in_v = false, in_is_t = false;
	while (!rc && r && (ret = xmlTextReaderRead(r)) == 1) {
		if (is_elem(r, "row")) {
			xmlChar *rr = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
			row = rr ? strtoll((const char *)rr, NULL, 10) : row + 1;
			xmlFree(rr);
			sh->ncells = 0;
			for (int i = 0; i < XLSX_COLS_MAX; i++)
				sh->cells[i][0] = '\0';
			if (xmlTextReaderIsEmptyElement(r))
				continue;
		} else if (is_elem(r, "c")) {
			xmlChar *ref = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
			xmlChar *ty = xmlTextReaderGetAttribute(r, (const xmlChar *)"t");
			col = ref ? column_of((const char *)ref) : col + 1;
			snprintf(type, sizeof(type), "%s", ty ? (const char *)ty : "n");
			xmlFree(ref);
			xmlFree(ty);
			vlen = 0;
			value[0] = '\0';
		} else if (is_elem(r, "v")) {
			in_v = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "v")) {
			in_v = false;
		} else if (is_elem(r, "t")) {
			in_is_t = !xmlTextReaderIsEmptyElement(r);
		} else if (is_end(r, "t")) {
			in_is_t = false;
		} else if ((in_v || in_is_t) &&
			   (xmlTextReaderNodeType(r) == XML_READER_TYPE_TEXT ||
			    xmlTextReaderNodeType(r) == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
			text_append(r, value, &vlen);
		} else if (is_end(r, "c")) {
			if (col < 0 || col >= XLSX_COLS_MAX)
				continue;
			const char *v = value;
			if (!strcmp(type, "s")) {
				long i = strtol(value, NULL, 10);
				v = i >= 0 && (size_t)i < t.n ? t.s[i] : "";
			}
			snprintf(sh->cells[col], XLSX_CELL_MAX, "%s", v);
			if (col + 1 > sh->ncells)
				sh->ncells = col + 1;
		} else if (is_end(r, "row")) {
			for (int i = 0; i < sh->ncells; i++)
				sh->ptr[i] = sh->cells[i];
			if (sh->ncells)
				rc = fn(row, sh->ncells, sh->ptr, ctx);
		}
	}
	if (!rc && buf && (!r || ret < 0))
		rc = fail(err, errlen, "The sheet is not well-formed XML.");
	xmlFreeTextReader(r);
	free(buf);
	free(sh);
	strings_free(&t);
	zip_close(z);
	return rc;
}
