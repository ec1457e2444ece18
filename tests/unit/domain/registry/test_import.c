/* Unit tests of src/domain/registry/import.c without a database: the CSV
 * header mapped onto the student columns, one data row decoded into a
 * student input, and the scan that checks an upload before a job is made. */
#include "unit.h"

#include "core/err.h"
#include "core/log.h"
#include "domain/registry/import.h"

/* A csv_row over the cells given (NULL-terminated), line `line`. */
struct row {
	const char *cells[CSV_FIELDS_MAX + 1];
	size_t lens[CSV_FIELDS_MAX];
	struct csv_row r;
};

static void row_make(struct row *w, int64_t line, const char *const *cells)
{
	memset(w, 0, sizeof(*w));
	int n = 0;
	for (; cells[n]; n++) {
		w->cells[n] = cells[n];
		w->lens[n] = strlen(cells[n]);
	}
	w->r = (struct csv_row){.line = line, .nfields = n, .fields = w->cells, .lens = w->lens};
}

static int header(const char *const *cells, struct import_header *h, struct problem *p, char *msg,
		  size_t msglen)
{
	struct row w;
	row_make(&w, 1, cells);
	return import_header_parse(&w.r, h, p, msg, msglen);
}

UNIT_TEST(test_header_mapping)
{
	UNUSED(state);
	struct import_header h;
	struct problem p = {0};
	char msg[400];
	/* Any order; the optional columns may be left out. */
	const char *const cols[] = {"school",	  "grade",   "family_name", "given_name",  "sex",
				    "birth_date", "country", "school_year", "national_id", NULL};
	assert_int_equal(header(cols, &h, &p, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(h.nfields, 9);
	assert_int_equal(h.at[IC_SCHOOL], 0);
	assert_int_equal(h.at[IC_GRADE], 1);
	assert_int_equal(h.at[IC_FAMILY_NAME], 2);
	assert_int_equal(h.at[IC_GIVEN_NAME], 3);
	assert_int_equal(h.at[IC_SEX], 4);
	assert_int_equal(h.at[IC_BIRTH_DATE], 5);
	assert_int_equal(h.at[IC_COUNTRY], 6);
	assert_int_equal(h.at[IC_SCHOOL_YEAR], 7);
	assert_int_equal(h.at[IC_NATIONAL_ID], 8);
	assert_int_equal(h.at[IC_SECTOR_ID], -1);
	assert_int_equal(h.at[IC_CLASS], -1);
	/* Every column, as an export writes them. */
	const char *all[IC__COUNT + 1] = {0};
	for (int i = 0; i < IC__COUNT; i++)
		all[i] = import_columns[i];
	assert_int_equal(header(all, &h, &p, msg, sizeof(msg)), ERR_OK);
	for (int i = 0; i < IC__COUNT; i++)
		assert_int_equal(h.at[i], i);
}

UNIT_TEST(test_header_faults)
{
	UNUSED(state);
	struct import_header h;
	struct problem p = {0};
	char msg[400];
	const char *const unknown[] = {"national_id", "country",  "given_name", "family_name",
				       "birth_date",  "sex",	  "school",	"grade",
				       "school_year", "nickname", NULL};
	assert_int_equal(header(unknown, &h, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "unknown_column");
	assert_non_null(strstr(p.detail, "\"nickname\""));
	const char *const twice[] = {"national_id", "country", "given_name", "given_name", NULL};
	assert_int_equal(header(twice, &h, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_problem(p, "duplicate_column", "given_name");
	const char *const missing[] = {"national_id", "country",     "given_name",
				       "family_name", "birth_date",  "sex",
				       "school",      "school_year", NULL};
	assert_int_equal(header(missing, &h, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_problem(p, "missing_column", "grade");
	/* Names are exact: case and blanks count. */
	const char *const upper[] = {"National_ID", NULL};
	assert_int_equal(header(upper, &h, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "unknown_column");
}

/* The header of the rows below. */
static void row_header(struct import_header *h)
{
	const char *const cols[] = {"national_id", "country", "given_name", "family_name",
				    "birth_date",  "sex",     "school",	    "grade",
				    "school_year", "class",   NULL};
	struct problem p = {0};
	char msg[400];
	assert_int_equal(header(cols, h, &p, msg, sizeof(msg)), ERR_OK);
}

UNIT_TEST(test_row_decode)
{
	UNUSED(state);
	struct import_header h;
	row_header(&h);
	/* Cells are trimmed; the quote an export puts before a formula
	 * character goes; Persian digits make a grade. */
	const char *const cells[] = {" 0012345679 ", "IR", "Sara", "\t'=Ahmadi",
				     "2014-05-02",   "F",  "S1",   "\xdb\xb5",
				     "2025-2026",    "",   NULL};
	struct row w;
	row_make(&w, 7, cells);
	struct import_record rec;
	struct problem p = {0};
	char msg[200];
	assert_int_equal(import_row_decode(&w.r, &h, &rec, &p, msg, sizeof(msg)), ERR_OK);
	assert_string_equal(rec.in.national_id, "0012345679");
	assert_string_equal(rec.in.country, "IR");
	assert_string_equal(rec.in.given_name, "Sara");
	assert_string_equal(rec.in.family_name, "=Ahmadi");
	assert_string_equal(rec.in.birth_date, "2014-05-02");
	assert_string_equal(rec.in.sex, "F");
	assert_string_equal(rec.in.school, "S1");
	assert_int_equal(rec.in.grade, 5);
	assert_string_equal(rec.in.school_year, "2025-2026");
	assert_string_equal(rec.in.class_name, "");
	assert_string_equal(rec.in.sector_id, ""); /* no such column */
	/* The decoded input is what POST /students validates. */
	struct student_new s;
	assert_int_equal(student_prepare(&rec.in, &s, &p), ERR_OK);
	assert_string_equal(s.family_name, "=Ahmadi");
}

UNIT_TEST(test_row_faults)
{
	UNUSED(state);
	struct import_header h;
	row_header(&h);
	struct import_record rec;
	struct problem p = {0};
	char msg[200];
	struct row w;
	/* A wrong number of cells. */
	const char *const short_row[] = {"0012345679", "IR", NULL};
	row_make(&w, 3, short_row);
	assert_int_equal(import_row_decode(&w.r, &h, &rec, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "wrong_field_count");
	assert_string_equal(p.detail, "This row has 2 cells; the header has 10.");
	/* Grades. */
	const char *grades[][2] = {{"", "required"},
				   {"five", "invalid"},
				   {"13", "out_of_range"},
				   {"0", "out_of_range"}};
	for (size_t i = 0; i < ARRAY_SIZE(grades); i++) {
		const char *const cells[] = {"",	   "IR", "Sara", "Ahmadi",
					     "2014-05-02", "F",	 "S1",	 grades[i][0],
					     "2025-2026",  "",	 NULL};
		row_make(&w, 4, cells);
		assert_int_equal(import_row_decode(&w.r, &h, &rec, &p, msg, sizeof(msg)),
				 ERR_INVALID);
		assert_string_equal(p.code, grades[i][1]);
		assert_string_equal(p.field, "grade");
	}
	/* A cell that is not UTF-8 names its column. */
	const char *const bad_text[] = {"",   "IR", "Sara\xff",	 "Ahmadi", "2014-05-02", "F",
					"S1", "5",  "2025-2026", "",	   NULL};
	row_make(&w, 5, bad_text);
	assert_int_equal(import_row_decode(&w.r, &h, &rec, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_problem(p, "invalid_text", "given_name");
	/* The CSV reader's own faults keep their code. */
	struct csv_row broken = {.line = 6, .error = CSV_UNTERMINATED_QUOTE};
	assert_int_equal(import_row_decode(&broken, &h, &rec, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "unterminated_quote");
}

UNIT_TEST(test_scan)
{
	UNUSED(state);
	const char *csv = "national_id,country,given_name,family_name,birth_date,sex,school,grade,"
			  "school_year\r\n"
			  "0012345679,IR,Sara,Ahmadi,2014-05-02,F,S1,5,2025-2026\r\n"
			  ",,,,,,,,\r\n" /* blank: not counted */
			  "0012345679,IR,Sara,Ahmadi,2014-05-02,F,S1,5,2025-2026\r\n";
	struct import_mem m = {.data = csv, .len = strlen(csv)};
	struct import_source src = {.read = import_mem_read, .ctx = &m};
	struct problem p = {0};
	char msg[400];
	int64_t rows = -1;
	assert_int_equal(import_scan(&src, &rows, &p, msg, sizeof(msg)), ERR_OK);
	assert_int_equal(rows, 2);
	m = (struct import_mem){.data = "", .len = 0};
	assert_int_equal(import_scan(&src, &rows, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "no_header");
	m = (struct import_mem){.data = "name,grade\n", .len = 11};
	assert_int_equal(import_scan(&src, &rows, &p, msg, sizeof(msg)), ERR_INVALID);
	assert_string_equal(p.code, "unknown_column");
}

UNIT_MAIN()
