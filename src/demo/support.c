/*
 * support.c: the help desk of the demo (docs/support.md).
 */
#include "core/base.h"
#include "core/arena.h"
#include "demo/demo.h"
#include "domain/support/article.h"

/* su-desk: the knowledge base's seed articles (data/support/articles/),
 * loaded as `PUT /api/v1/support/articles/{slug}` would: replaced when
 * there, so a second run changes nothing. */
int demo_support_articles(struct db *db, FILE *progress)
{
	struct arena a;
	arena_init(&a, (size_t)64 * 1024, 16u << 20);
	struct problem p = {0};
	int n = 0;
	int rc = article_seed_all(db, &a, &n, &p);
	arena_release(&a);
	if (!rc && progress)
		fprintf(progress, "demo: %d knowledge base articles (fa, vi, en)\n", n);
	return rc;
}
