/*
 * articles.c: the public knowledge base over HTTP (domain/support/article.h).
 *
 *   GET  /api/v1/support/articles?q=&lang=&country=&category=&limit=
 *        (no session) {"items":[{"slug","country","category","lang","title",
 *        "excerpt","feedback":{"solved","not_solved"}}]}, the best first
 *   GET  /api/v1/support/articles/{slug}?lang=   (no session) the article
 *   POST /api/v1/support/articles                (ministry_admin) 201
 *   PUT  /api/v1/support/articles/{slug}         (ministry_admin) 200 / 201
 *   POST /api/v1/support/articles/{slug}/feedback {"solved":bool}
 *        (no session) 201 {"feedback":{"solved","not_solved"}}
 */
#include "core/base.h"
#include "core/json.h"
#include "core/log.h"
#include "api/common/api.h"
#include "api/support/handlers.h"
#include "domain/support/article.h"

#define EXCERPT_CHARS 160

/* The first n characters of s (UTF-8), with an ellipsis when cut. */
static json_t *excerpt(const char *s)
{
	size_t len = strlen(s), at = 0;
	int chars = 0;
	while (at < len && chars < EXCERPT_CHARS) {
		at++;
		while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
		chars++;
	}
	if (at >= len)
		return json_string(s);
	char *cut = malloc(at + 4);
	if (!cut)
		return NULL;
	memcpy(cut, s, at);
	memcpy(cut + at, "\xE2\x80\xA6", 4); /* … */
	json_t *j = json_string(cut);
	free(cut);
	return j;
}

static json_t *feedback_json(int64_t solved, int64_t not_solved)
{
	return json_pack("{s:I, s:I}", "solved", (json_int_t)solved, "not_solved",
			 (json_int_t)not_solved);
}

static json_t *nullable(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The article as JSON; with lang >= 0, also its text in that language (or
 * the first it has: en, fa, vi) as lang/title/body. */
static json_t *article_json(const struct article *art, int lang)
{
	json_t *texts = json_object();
	for (int i = 0; i < ARTICLE_LANGS; i++)
		if (art->texts[i].title)
			json_object_set_new(texts, article_langs[i],
					    json_pack("{s:s, s:s}", "title", art->texts[i].title,
						      "body", art->texts[i].body));
	char created[32], updated[32];
	time_iso8601(art->created_at_ms / 1000, created, sizeof(created));
	time_iso8601(art->updated_at_ms / 1000, updated, sizeof(updated));
	json_t *o = json_pack("{s:s, s:o, s:o, s:b, s:o, s:o, s:s, s:s}", "slug", art->slug,
			      "country", nullable(art->country), "category",
			      nullable(art->category), "published", art->published, "texts", texts,
			      "feedback", feedback_json(art->solved, art->not_solved), "created_at",
			      created, "updated_at", updated);
	if (o && lang >= 0) {
		static const int fallback[] = {2, 0, 1};
		int shown = art->texts[lang].title ? lang : -1;
		for (int i = 0; shown < 0 && i < 3; i++)
			if (art->texts[fallback[i]].title)
				shown = fallback[i];
		if (shown >= 0) {
			json_object_set_new(o, "lang", json_string(article_langs[shown]));
			json_object_set_new(o, "title", json_string(art->texts[shown].title));
			json_object_set_new(o, "body", json_string(art->texts[shown].body));
		}
	}
	return o;
}

void api_articles_search(struct req *r)
{
	struct article_search x = {
		.q = req_query(r, "q"),
		.lang = req_query(r, "lang"),
		.country = req_query(r, "country"),
		.category = req_query(r, "category"),
		.arena = &r->arena,
	};
	if (x.lang && !*x.lang)
		x.lang = NULL;
	if (x.country && !*x.country)
		x.country = NULL;
	if (x.category && !*x.category)
		x.category = NULL;
	int64_t limit;
	if (!api_query_int_or_reply(r, "limit", 1, ARTICLE_LIMIT_MAX, 20, &limit))
		return;
	x.limit = (int)limit;
	int rc = article_search(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < x.n; i++) {
		const struct article_hit *h = &x.hits[i];
		const struct article_text *t = &h->art.texts[h->lang];
		json_array_append_new(
			items, json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:o}", "slug", h->art.slug,
					 "country", nullable(h->art.country), "category",
					 nullable(h->art.category), "lang", article_langs[h->lang],
					 "title", t->title, "excerpt", excerpt(t->body), "feedback",
					 feedback_json(h->art.solved, h->art.not_solved)));
	}
	api_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_articles_get(struct req *r)
{
	struct article_get x = {
		.who = api_principal(r),
		.slug = req_param(r, "slug"),
		.arena = &r->arena,
	};
	const char *lang = req_query(r, "lang");
	int li = -1;
	if (lang && *lang && (li = article_lang_index(lang)) < 0) {
		struct problem p = {0};
		api_problem(r, problem_set(&p, P_INVALID, "lang", "A language is fa, vi or en."),
			    &p);
		return;
	}
	int rc = article_get(api_app(r)->db, &x);
	if (rc) {
		api_problem(r, rc, &x.p);
		return;
	}
	api_json(r, 200, article_json(&x.art, li < 0 ? 2 : li));
}

static void write_finish(struct req *r, int rc, void *ctx)
{
	struct article_write *x = ctx;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, x->created ? 201 : 200, article_json(&x->in, -1));
}

static int write_decode(struct req *r, json_t *body, void *ctx)
{
	struct article_write *x = ctx;
	return article_decode(body, &r->arena, x->replace ? req_param(r, "slug") : NULL, &x->in,
			      &x->p);
}

static void article_write(struct req *r, bool replace)
{
	struct article_write *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->by = api_actor(r);
	x->replace = replace;
	api_write_body(r, write_decode, x, &x->p, article_write_tx, write_finish);
}

void api_articles_create(struct req *r)
{
	article_write(r, false);
}

void api_articles_put(struct req *r)
{
	article_write(r, true);
}

static void feedback_finish(struct req *r, int rc, void *ctx)
{
	struct article_feedback *x = ctx;
	if (rc) {
		api_problem(r, rc, &x->p);
		return;
	}
	api_json(r, 201,
		 json_pack("{s:o}", "feedback", feedback_json(x->n_solved, x->n_not_solved)));
}

static int feedback_decode(struct req *r, json_t *body, void *ctx)
{
	(void)r;
	struct article_feedback *x = ctx;
	return json_get_bool(body, "solved", true, &x->solved, &x->p);
}

void api_articles_feedback(struct req *r)
{
	struct article_feedback *x = api_context_or_reply(r, sizeof(*x));
	if (!x)
		return;
	x->slug = req_param(r, "slug");
	const struct principal *who = api_principal(r);
	x->user_id = who ? who->user_id : 0;
	api_write_body(r, feedback_decode, x, &x->p, article_feedback_tx, feedback_finish);
}
