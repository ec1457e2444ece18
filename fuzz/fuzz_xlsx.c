/*
 * fuzz_xlsx.c: the XLSX reader (domain/common/xlsx.c: libzip and libxml2)
 * over arbitrary bytes, and over the score import's rows built on it.
 *
 * Besides "no crash, no leak, no UB" it checks what xlsx.h promises: every
 * row has 1..XLSX_COLS_MAX cells, each NUL-terminated and shorter than
 * XLSX_CELL_MAX; a failure is ERR_INVALID with a sentence, or ERR_NOMEM.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/base.h"
#include "core/arena.h"
#include "domain/common/xlsx.h"
#include "domain/exams/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row(int64_t line, int n, const char *const *cells, void *ctx)
{
	size_t *rows = ctx;
	(void)line;
	if (n < 1 || n > XLSX_COLS_MAX)
		abort();
	for (int i = 0; i < n; i++)
		if (!cells[i] || strlen(cells[i]) >= XLSX_CELL_MAX)
			abort();
	++*rows;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[160] = "";
	size_t rows = 0;
	int rc = xlsx_read(data, size, row, &rows, err, sizeof(err));
	if (rc && rc != ERR_INVALID && rc != ERR_NOMEM)
		abort();
	if (rc == ERR_INVALID && !err[0])
		abort();
	struct arena a;
	arena_init(&a, 4096, 64u << 20);
	struct exam_score_rows x = {0};
	rc = exam_scores_xlsx(&a, (const char *)data, size, &x);
	if (rc == ERR_OK && x.n > rows)
		abort();
	arena_release(&a);
	return 0;
}
