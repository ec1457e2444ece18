/*
 * placeholders.c: SQLite's '?' parameters as PostgreSQL's $n.
 */
#include "core/base.h"
#include "db/driver.h"

char *db_pg_placeholders(const char *sql)
{
	size_t n = strlen(sql);
	char *out = malloc(n * 4 + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	int param = 0;
	char quote = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = sql[i];
		if (quote) {
			if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '?') {
			o += (size_t)snprintf(out + o, 8, "$%d", ++param);
			continue;
		}
		out[o++] = ch;
	}
	out[o] = '\0';
	return out;
}
