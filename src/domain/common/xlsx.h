/*
 * xlsx.h: reading the first sheet of an XLSX workbook (Office Open XML
 * SpreadsheetML) as rows of text cells: libzip opens the package, libxml2's
 * streaming reader (xmlTextReader) reads its parts; nothing is parsed by
 * hand.
 *
 * The first sheet is the first <sheet> of xl/workbook.xml, found through
 * xl/_rels/workbook.xml.rels. Cells are text as a spreadsheet shows the
 * stored value: shared strings (t="s") and inline strings looked up, numbers
 * as written in the file ("7.25"), booleans "0"/"1"; formulas give their
 * cached value. Columns past XLSX_COLS_MAX are ignored; a missing cell is
 * "". Rows are numbered as the sheet numbers them (r="..."), 1-based.
 *
 * Limits: each part at most XLSX_PART_MAX bytes once inflated (a zip bomb
 * is refused, not inflated), at most XLSX_STRINGS_MAX shared strings.
 */
#ifndef TABULA_DOMAIN_COMMON_XLSX_H
#define TABULA_DOMAIN_COMMON_XLSX_H

#include <stddef.h>
#include <stdint.h>

#define XLSX_COLS_MAX	 64
#define XLSX_PART_MAX	 (64u << 20)
#define XLSX_STRINGS_MAX 4000000
#define XLSX_CELL_MAX	 4096

/* One row: cells[0..ncells) (the last non-empty cell ends it). Valid only
 * during the call; a non-zero return stops the reading and is returned. */
typedef int (*xlsx_row_fn)(int64_t row, int ncells, const char *const *cells, void *ctx);

/*
 * Read the first sheet of the workbook in data[0..len). ERR_OK, what fn
 * returned, ERR_INVALID with a sentence in err (not a workbook, a part
 * missing or malformed, a limit passed) or ERR_NOMEM.
 */
int xlsx_read(const void *data, size_t len, xlsx_row_fn fn, void *ctx, char *err, size_t errlen)
	__attribute__((warn_unused_result));

#endif
