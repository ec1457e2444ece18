/*
 * article.h: the public knowledge base of the help desk (docs/support.md,
 * "Knowledge base and canned answers").
 *
 * An article has a slug (1..80 of [a-z0-9-], starting with a letter or a
 * digit), an optional country (IR or VN; none: both), an optional category
 * code (one of support_categories' codes: account, records, ...), a
 * published flag and one text per language (fa, vi, en; at least one):
 * a title of 1..200 characters and a body of 1..20,000.
 *
 * Rules:
 *  - anyone reads and searches published articles, without a session;
 *    the search folds the query and the texts the same way
 *    (domain/common/text: Arabic yeh and kaf, Persian digits, Vietnamese
 *    tones and marks, case), and an article matches when every word of the
 *    query is in its title or body in one language;
 *  - a ministry_admin writes: an unbound one (the national administrator)
 *    any article, one bound to a country's ministry only that country's
 *    articles (403 out_of_scope otherwise; articles for both countries are
 *    the national administrator's);
 *  - "did this solve it": anyone (signed in or not) answers yes or no for
 *    a published article; the answers are counted in the article.
 */
#ifndef TABULA_DOMAIN_SUPPORT_ARTICLE_H
#define TABULA_DOMAIN_SUPPORT_ARTICLE_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/actor.h"

#include <jansson.h>

struct db;
struct db_conn;

#define ARTICLE_SLUG_MAX  80
#define ARTICLE_TITLE_MAX 200
#define ARTICLE_BODY_MAX  20000
#define ARTICLE_QUERY_MAX 200 /* characters of a search */
#define ARTICLE_LANGS	  3   /* fa, vi, en */
#define ARTICLE_LIMIT_MAX 100

/* "fa", "vi", "en" by index; -1 for any other text. */
int article_lang_index(const char *lang);
extern const char *const article_langs[ARTICLE_LANGS];

/* One language's text. */
struct article_text {
	const char *title, *body; /* NULL: the article has none in this language */
};

/* An article as written and as read. */
struct article {
	int64_t id;
	const char *slug;
	const char *country;  /* NULL: both countries */
	const char *category; /* NULL: none */
	bool published;
	struct article_text texts[ARTICLE_LANGS];
	int64_t created_at_ms, updated_at_ms;
	int64_t solved, not_solved; /* the feedback counted */
};

/*
 * Decode an article from JSON o ({"slug","country"?,"category"?,
 * "published"?,"texts":{"fa":{"title","body"},...}}) into *out, strings
 * copied into a. slug_from_path (may be NULL) is the slug of PUT's path:
 * the body's slug, if given, must be the same. published defaults to true.
 * ERR_OK, or ERR_INVALID with p naming the field (e.g. "texts.fa.title").
 */
int article_decode(json_t *o, struct arena *a, const char *slug_from_path, struct article *out,
		   struct problem *p) __attribute__((warn_unused_result));

/* The search key of a text (title, a space, body), folded in a: the same
 * folding as the query's. ERR_INVALID for text that is not UTF-8. */
int article_search_key(struct arena *a, const char *title, const char *body, const char **out)
	__attribute__((warn_unused_result));

/* Write an article (work function): create (409 article_exists when the
 * slug is taken) or, with `replace`, create or replace its texts and
 * settings. `by` may write it (the rules above). *created says which. */
struct article_write {
	struct actor *by;
	struct article in;
	bool replace;
	/* out */
	bool created;
	struct problem p;
};
int article_write_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* The same for the demo and the command line: no actor, no scope check. */
int article_seed_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* Read one article by slug: published ones for anyone; unpublished ones
 * only for a ministry_admin (staff != NULL and holding the role). 404
 * not_found otherwise. */
struct article_get {
	const struct principal *who; /* may be NULL */
	const char *slug;
	struct arena *arena;
	/* out */
	struct article art;
	struct problem p;
};
int article_get(struct db *db, struct article_get *x) __attribute__((warn_unused_result));

/* A hit of a search: the article and the language whose text matched. */
struct article_hit {
	struct article art; /* only texts[lang] is filled */
	int lang;
	int score; /* query words found in the title */
};

/* Search published articles. q (may be NULL or empty: every article),
 * lang (NULL: any language; a hit is shown in the first language that
 * matches, in the order asked, fa, vi, en), country (NULL: all; IR or VN
 * lists that country's and both countries'), category (NULL: all). At most
 * `limit` hits, the best first (more query words in the title, then the
 * slug). 422 invalid on lang, country or q that cannot be read. */
struct article_search {
	const char *q, *lang, *country, *category;
	int limit;
	struct arena *arena;
	/* out */
	struct article_hit *hits;
	int n;
	struct problem p;
};
int article_search(struct db *db, struct article_search *x) __attribute__((warn_unused_result));

/* "Did this solve it" (work function): one answer for published article
 * slug, by user_id (0: not signed in). The counts after it go to
 * solved/not_solved. */
struct article_feedback {
	const char *slug;
	bool solved;
	int64_t user_id;
	/* out */
	int64_t n_solved, n_not_solved;
	struct problem p;
};
int article_feedback_tx(struct db_conn *c, void *ctx) __attribute__((warn_unused_result));

/* The seed articles embedded at build (data/support/articles/, one JSON file each,
 * tools/embed_articles.sh): file name and NUL-terminated bytes. */
struct article_file {
	const char *name;
	const unsigned char *bytes;
};
extern const struct article_file article_files[];
extern const size_t article_files_count;

/* Load every embedded seed article into db, replacing those of the same
 * slug. *n gets how many. ERR_OK or the first failure (p says which). */
int article_seed_all(struct db *db, struct arena *a, int *n, struct problem *p)
	__attribute__((warn_unused_result));

#endif
