/*
 * test_placeholders.c: the PostgreSQL driver's '?' to $n rewrite
 * (src/db/placeholders.c).
 */
#include "unit.h"
#include "db/driver.h"

static void check(const char *in, const char *want)
{
	char *out = db_pg_placeholders(in);
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

UNIT_TEST(test_in_order)
{
	UNUSED(state);
	check("SELECT 1", "SELECT 1");
	check("", "");
	check("SELECT id FROM t WHERE a = ? AND b = ?", "SELECT id FROM t WHERE a = $1 AND b = $2");
	check("?,?", "$1,$2");
	check("(? = 0 OR g = ?)", "($1 = 0 OR g = $2)");
}

/* Past nine parameters the numbers grow a digit; the text around them stays. */
UNIT_TEST(test_many)
{
	UNUSED(state);
	check("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
	char in[1024] = "", want[4096] = "";
	size_t i = 0, w = 0;
	for (int k = 1; k <= 150; k++) {
		i += (size_t)snprintf(in + i, sizeof(in) - i, "?,");
		w += (size_t)snprintf(want + w, sizeof(want) - w, "$%d,", k);
	}
	check(in, want);
}

/* A '?' inside a string or a quoted identifier is text, including after a
 * doubled quote ('it''s'). */
UNIT_TEST(test_quotes)
{
	UNUSED(state);
	check("SELECT '?' , ?", "SELECT '?' , $1");
	check("SELECT \"a?\" FROM t WHERE x = ?", "SELECT \"a?\" FROM t WHERE x = $1");
	check("WHERE s = 'it''s ?' AND t = ?", "WHERE s = 'it''s ?' AND t = $1");
	check("WHERE s = '\"?' AND t = ?", "WHERE s = '\"?' AND t = $1");
	check("WHERE n LIKE '%?%' ESCAPE '\\\\' AND m = ?",
	      "WHERE n LIKE '%?%' ESCAPE '\\\\' AND m = $1");
}

/* Every statement of sql/queries/ rewrites with as many $n as it has '?'
 * outside quotes, and none is left. */
UNIT_TEST(test_every_query)
{
	UNUSED(state);
	for (int q = 0; q < Q__COUNT; q++) {
		char *out = db_pg_placeholders(query_sql[q]);
		assert_non_null(out);
		int marks = 0;
		char quote = 0;
		for (const char *s = query_sql[q]; *s; s++) {
			if (quote) {
				quote = *s == quote ? 0 : quote;
			} else if (*s == '\'' || *s == '"') {
				quote = *s;
			} else if (*s == '?') {
				marks++;
			}
		}
		char last[16];
		snprintf(last, sizeof(last), "$%d", marks);
		if (marks)
			assert_non_null(strstr(out, last));
		snprintf(last, sizeof(last), "$%d", marks + 1);
		assert_null(strstr(out, last));
		free(out);
	}
}

UNIT_MAIN()
