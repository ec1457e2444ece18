/*
 * article.c: the public knowledge base (article.h).
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db.h"
#include "domain/access/role.h"
#include "domain/common/text.h"
#include "domain/common/work.h"
#include "domain/support/article.h"

const char *const article_langs[ARTICLE_LANGS] = {"fa", "vi", "en"};

int article_lang_index(const char *lang)
{
	for (int i = 0; lang && i < ARTICLE_LANGS; i++)
		if (!strcmp(lang, article_langs[i]))
			return i;
	return -1;
}

static bool slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > ARTICLE_SLUG_MAX || *s == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool country_ok(const char *s)
{
	return !strcmp(s, "IR") || !strcmp(s, "VN");
}

/* A string member of o at `path` (for the problem's field), copied into a. */
static int member_string(json_t *o, const char *key, const char *path, bool required, size_t max,
			 struct arena *a, const char **out, struct problem *p)
{
	const char *s = NULL;
	int rc = json_get_string(o, key, required, max, &s, p);
	if (rc) {
		p->field = path;
		return rc;
	}
	if (s && !(*out = arena_strdup(a, s)))
		return problem_err(p, ERR_NOMEM);
	return ERR_OK;
}

int article_decode(json_t *o, struct arena *a, const char *slug_from_path, struct article *out,
		   struct problem *p)
{
	memset(out, 0, sizeof(*out));
	if (!json_is_object(o))
		return problem_set(p, P_NOT_AN_OBJECT, NULL, NULL);
	int rc = member_string(o, "slug", "slug", !slug_from_path, ARTICLE_SLUG_MAX, a, &out->slug,
			       p);
	if (rc)
		return rc;
	if (slug_from_path) {
		if (out->slug && strcmp(out->slug, slug_from_path))
			return problem_set(p, P_INVALID, "slug",
					   "The slug of the body differs from the address's.");
		out->slug = slug_from_path;
	}
	if (!slug_ok(out->slug))
		return problem_set(p, P_INVALID, "slug",
				   "A slug is 1 to 80 of a-z, 0-9 and '-', not starting with '-'.");
	rc = member_string(o, "country", "country", false, 2, a, &out->country, p);
	if (rc)
		return rc;
	if (out->country && !country_ok(out->country))
		return problem_set(p, P_INVALID, "country", "A country is IR or VN.");
	rc = member_string(o, "category", "category", false, 32, a, &out->category, p);
	if (rc)
		return rc;
	out->published = true;
	rc = json_get_bool(o, "published", false, &out->published, p);
	if (rc)
		return rc;
	json_t *texts = json_object_get(o, "texts");
	if (!texts || !json_is_object(texts))
		return problem_set(p, P_REQUIRED, "texts",
				   "Give the texts: {\"fa\":{\"title\",\"body\"}, ...}.");
	const char *key;
	json_t *t;
	int n = 0;
	json_object_foreach(texts, key, t)
	{
		int li = article_lang_index(key);
		const char *path = arena_printf(a, "texts.%s", key);
		if (!path)
			return problem_err(p, ERR_NOMEM);
		if (li < 0)
			return problem_set(p, P_INVALID, path, "A language is fa, vi or en.");
		if (!json_is_object(t))
			return problem_set(p, P_TYPE, path, "A text is {\"title\",\"body\"}.");
		const char *tp = arena_printf(a, "texts.%s.title", key);
		const char *bp = arena_printf(a, "texts.%s.body", key);
		if (!tp || !bp)
			return problem_err(p, ERR_NOMEM);
		rc = member_string(t, "title", tp, true, ARTICLE_TITLE_MAX, a,
				   &out->texts[li].title, p);
		if (!rc)
			rc = member_string(t, "body", bp, true, ARTICLE_BODY_MAX, a,
					   &out->texts[li].body, p);
		if (rc)
			return rc;
		n++;
	}
	if (n == 0)
		return problem_set(p, P_REQUIRED, "texts",
				   "Give the text in one language at least.");
	return ERR_OK;
}

/*
 * Fold text into buf (the search key). text_fold works on at most
 * TEXT_MAX_UNITS characters at once, so a long body is folded in pieces cut
 * at white space (or, in a run without any, at a character boundary): the
 * folding of a word never depends on the words around it.
 */
#define FOLD_PIECE 400 /* bytes: fewer characters than TEXT_MAX_UNITS */
static int fold_into(struct buf *out, const char *s)
{
	char piece[FOLD_PIECE + 1];
	char folded[FOLD_PIECE * 8 + 1];
	size_t n = strlen(s);
	size_t at = 0;
	while (at < n) {
		size_t len = n - at;
		if (len > FOLD_PIECE) {
			len = FOLD_PIECE;
			size_t cut = len;
			while (cut > 0 && !strchr(" \t\n\r", s[at + cut]))
				cut--;
			if (cut == 0) /* no space: a character boundary */
				while (len > 0 && ((unsigned char)s[at + len] & 0xC0) == 0x80)
					len--;
			else
				len = cut;
		}
		memcpy(piece, s + at, len);
		piece[len] = '\0';
		int rc = text_fold(piece, folded, sizeof(folded));
		if (rc)
			return rc;
		if (*folded && out->len > 0 && buf_append(out, " ", 1))
			return ERR_NOMEM;
		if (*folded && buf_append(out, folded, strlen(folded)))
			return ERR_NOMEM;
		at += len;
		while (at < n && strchr(" \t\n\r", s[at]))
			at++;
	}
	return ERR_OK;
}

int article_search_key(struct arena *a, const char *title, const char *body, const char **out)
{
	struct buf b;
	buf_init(&b, ARTICLE_BODY_MAX * 4 + ARTICLE_TITLE_MAX * 4 + 16);
	int rc = fold_into(&b, title);
	if (!rc)
		rc = fold_into(&b, body);
	if (!rc && !(*out = arena_strndup(a, b.p ? b.p : "", b.len)))
		rc = ERR_NOMEM;
	buf_release(&b);
	return rc;
}

/* ---- writing ---- */

/* The category row of the article's country, or 0 (no country or no
 * category); 422 invalid when the code is no category anywhere. */
static int category_resolve(struct db_conn *c, const struct article *in, int64_t *id,
			    struct problem *p)
{
	*id = 0;
	if (!in->category)
		return ERR_OK;
	struct db_res res;
	struct db_val v[] = {DBV_TEXT(in->category)};
	int rc = db_row(c, Q_ARTICLE_CATEGORY_KNOWN, v, 1, &res);
	if (rc)
		return problem_err(p, rc);
	int64_t known = db_int(&res, C_ARTICLE_CATEGORY_KNOWN__N);
	db_done(&res);
	if (!known)
		return problem_set(p, P_INVALID, "category", "There is no category of this code.");
	if (!in->country)
		return ERR_OK;
	struct db_val w[] = {DBV_TEXT(in->country), DBV_TEXT(in->category)};
	rc = db_row(c, Q_ARTICLE_CATEGORY_ID, w, 2, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(p, P_INVALID, "category",
				   "The article's country has no category of this code.");
	if (rc)
		return problem_err(p, rc);
	*id = db_int(&res, C_ARTICLE_CATEGORY_ID__ID);
	db_done(&res);
	return ERR_OK;
}

/* Whether p may write an article of `country` (NULL: both): an unbound
 * ministry_admin any; a bound one those of its ministry's country. */
static int may_write(struct db_conn *c, const struct principal *who, const char *country, bool *ok)
{
	*ok = false;
	if (!who)
		return ERR_OK;
	for (int i = 0; i < who->ngrants; i++) {
		const struct grant *g = &who->grants[i];
		if (g->role != ROLE_MINISTRY_ADMIN)
			continue;
		if (!g->org_id) {
			*ok = true;
			return ERR_OK;
		}
		if (!country)
			continue;
		struct db_res res;
		struct db_val v = DBV_INT(g->org_id);
		int rc = db_row(c, Q_ARTICLE_ORG_COUNTRY, &v, 1, &res);
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc)
			return rc;
		size_t len;
		const char *gc = db_text(&res, C_ARTICLE_ORG_COUNTRY__COUNTRY, &len);
		bool same = !strcmp(gc, country);
		db_done(&res);
		if (same) {
			*ok = true;
			return ERR_OK;
		}
	}
	return ERR_OK;
}

/* Store x->in (the scope already decided). */
static int article_store(struct db_conn *c, struct article_write *x, int64_t by)
{
	struct article *in = &x->in;
	struct arena scratch;
	arena_init(&scratch, 64 * 1024, 4u << 20);
	int64_t cat = 0;
	int rc = category_resolve(c, in, &cat, &x->p);
	if (rc)
		goto out;
	struct db_res res;
	struct db_val s = DBV_TEXT(in->slug);
	int64_t now = time_now_ms();
	rc = db_row(c, Q_ARTICLE_BY_SLUG, &s, 1, &res);
	if (rc && rc != ERR_NOTFOUND) {
		rc = problem_err(&x->p, rc);
		goto out;
	}
	in->created_at_ms = in->updated_at_ms = now;
	struct db_val catv = cat ? DBV_INT(cat) : DBV_NULL;
	struct db_val byv = by ? DBV_INT(by) : DBV_NULL;
	if (rc == ERR_OK) {
		in->id = db_int(&res, C_ARTICLE_BY_SLUG__ID);
		in->created_at_ms = db_int(&res, C_ARTICLE_BY_SLUG__CREATED_AT_MS);
		in->solved = db_int(&res, C_ARTICLE_BY_SLUG__SOLVED);
		in->not_solved = db_int(&res, C_ARTICLE_BY_SLUG__NOT_SOLVED);
		db_done(&res);
		if (!x->replace) {
			rc = problem_set(&x->p, P_ARTICLE_EXISTS, "slug", NULL);
			goto out;
		}
		x->created = false;
		struct db_val v[] = {dbv_text_or_null(in->country),
				     catv,
				     dbv_text_or_null(in->category),
				     DBV_INT(in->published ? 1 : 0),
				     DBV_INT(now),
				     byv,
				     DBV_INT(in->id)};
		rc = db_exec(c, Q_ARTICLE_UPDATE, v, ARRAY_SIZE(v), NULL);
		if (!rc) {
			struct db_val id = DBV_INT(in->id);
			rc = db_exec(c, Q_ARTICLE_TEXTS_DELETE, &id, 1, NULL);
		}
	} else {
		x->created = true;
		struct db_val v[] = {DBV_TEXT(in->slug),
				     dbv_text_or_null(in->country),
				     catv,
				     dbv_text_or_null(in->category),
				     DBV_INT(in->published ? 1 : 0),
				     DBV_INT(now),
				     DBV_INT(now),
				     byv};
		rc = db_row(c, Q_ARTICLE_INSERT, v, ARRAY_SIZE(v), &res);
		if (rc == ERR_CONFLICT) {
			rc = problem_set(&x->p, P_ARTICLE_EXISTS, "slug", NULL);
			goto out;
		}
		if (!rc) {
			in->id = db_int(&res, C_ARTICLE_INSERT__ID);
			db_done(&res);
		}
	}
	for (int i = 0; !rc && i < ARTICLE_LANGS; i++) {
		if (!in->texts[i].title)
			continue;
		const char *key;
		rc = article_search_key(&scratch, in->texts[i].title, in->texts[i].body, &key);
		if (rc == ERR_INVALID || rc == ERR_TOOLARGE) {
			rc = problem_set(&x->p, P_INVALID, "texts",
					 "A text cannot be read as Unicode text.");
			goto out;
		}
		if (rc)
			break;
		struct db_val v[] = {DBV_INT(in->id), DBV_TEXT(article_langs[i]),
				     DBV_TEXT(in->texts[i].title), DBV_TEXT(in->texts[i].body),
				     DBV_TEXT(key)};
		rc = db_exec(c, Q_ARTICLE_TEXT_INSERT, v, ARRAY_SIZE(v), NULL);
	}
	if (rc)
		rc = problem_err(&x->p, rc);
out:
	arena_release(&scratch);
	return rc;
}

int article_write_tx(struct db_conn *c, void *ctx)
{
	struct article_write *x = ctx;
	bool ok;
	int rc = may_write(c, x->by->who, x->in.country, &ok);
	if (rc)
		return problem_err(&x->p, rc);
	if (!ok)
		return problem_set(&x->p, P_OUT_OF_SCOPE, "country",
				   x->in.country ? "Only the national administrator or one of "
						   "this country's ministry writes its articles."
						 : "Only the national administrator writes "
						   "articles for both countries.");
	return article_store(c, x, x->by->who->user_id);
}

int article_seed_tx(struct db_conn *c, void *ctx)
{
	return article_store(c, ctx, 0);
}

/* ---- reading ---- */

struct get_ctx {
	struct article_get *x;
};

static bool is_admin(const struct principal *who)
{
	return who && principal_has(who, ROLE_BIT(ROLE_MINISTRY_ADMIN));
}

static int get_fn(struct db_conn *c, void *ctx)
{
	struct article_get *x = ctx;
	struct article *art = &x->art;
	struct db_res res;
	struct db_val s = DBV_TEXT(x->slug);
	int rc = db_row(c, Q_ARTICLE_BY_SLUG, &s, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No article has this slug.");
	if (rc)
		return problem_err(&x->p, rc);
	art->id = db_int(&res, C_ARTICLE_BY_SLUG__ID);
	art->slug = db_dup(&res, C_ARTICLE_BY_SLUG__SLUG, x->arena);
	art->country = db_null(&res, C_ARTICLE_BY_SLUG__COUNTRY)
			       ? NULL
			       : db_dup(&res, C_ARTICLE_BY_SLUG__COUNTRY, x->arena);
	art->category = db_null(&res, C_ARTICLE_BY_SLUG__CATEGORY)
				? NULL
				: db_dup(&res, C_ARTICLE_BY_SLUG__CATEGORY, x->arena);
	art->published = db_int(&res, C_ARTICLE_BY_SLUG__PUBLISHED) != 0;
	art->created_at_ms = db_int(&res, C_ARTICLE_BY_SLUG__CREATED_AT_MS);
	art->updated_at_ms = db_int(&res, C_ARTICLE_BY_SLUG__UPDATED_AT_MS);
	art->solved = db_int(&res, C_ARTICLE_BY_SLUG__SOLVED);
	art->not_solved = db_int(&res, C_ARTICLE_BY_SLUG__NOT_SOLVED);
	db_done(&res);
	if (!art->slug)
		return problem_err(&x->p, ERR_NOMEM);
	if (!art->published && !is_admin(x->who))
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No article has this slug.");
	struct db_val id = DBV_INT(art->id);
	rc = db_query(c, Q_ARTICLE_TEXTS, &id, 1, &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		size_t len;
		int li = article_lang_index(db_text(&res, C_ARTICLE_TEXTS__LANG, &len));
		if (li < 0)
			continue;
		art->texts[li].title = db_dup(&res, C_ARTICLE_TEXTS__TITLE, x->arena);
		art->texts[li].body = db_dup(&res, C_ARTICLE_TEXTS__BODY, x->arena);
		if (!art->texts[li].title || !art->texts[li].body)
			rc = ERR_NOMEM;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	return problem_err(&x->p, rc);
}

int article_get(struct db *db, struct article_get *x)
{
	memset(&x->art, 0, sizeof(x->art));
	return work_read(db, get_fn, x);
}

/* The words of a folded query, each NUL-terminated, in a. */
static int query_words(struct arena *a, const char *folded, const char ***words, int *n)
{
	*n = 0;
	size_t len = strlen(folded);
	*words = arena_calloc(a, len / 2 + 2, sizeof(**words));
	char *copy = arena_strdup(a, folded);
	if (!*words || !copy)
		return ERR_NOMEM;
	for (char *s = copy; *s;) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		char *e = s;
		while (*e && *e != ' ')
			e++;
		bool end = !*e;
		*e = '\0';
		(*words)[(*n)++] = s;
		s = end ? e : e + 1;
	}
	return ERR_OK;
}

/* A LIKE pattern for word w: %w% with the escape character '!'. */
static const char *like_pattern(struct arena *a, const char *w)
{
	size_t n = strlen(w);
	char *p = arena_alloc(a, n * 2 + 3);
	if (!p)
		return NULL;
	size_t j = 0;
	p[j++] = '%';
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '%' || w[i] == '_' || w[i] == '!')
			p[j++] = '!';
		p[j++] = w[i];
	}
	p[j++] = '%';
	p[j] = '\0';
	return p;
}

struct search_ctx {
	struct article_search *x;
	const char **words;
	int nwords;
	const char *pattern;
	int lang; /* -1: any */
};

static int hit_cmp(const void *a, const void *b)
{
	const struct article_hit *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(x->art.slug, y->art.slug);
}

static int search_fn(struct db_conn *c, void *ctx)
{
	struct search_ctx *s = ctx;
	struct article_search *x = s->x;
	struct arena *a = x->arena;
	const char *lang = s->lang >= 0 ? article_langs[s->lang] : "";
	const char *country = x->country ? x->country : "";
	const char *category = x->category ? x->category : "";
	struct db_val v[] = {DBV_TEXT(lang),	   DBV_TEXT(lang),     DBV_TEXT(country),
			     DBV_TEXT(country),	   DBV_TEXT(category), DBV_TEXT(category),
			     DBV_TEXT(s->pattern), DBV_INT(1)};
	struct db_res res;
	int cap = 64;
	x->n = 0;
	x->hits = arena_calloc(a, (size_t)cap, sizeof(*x->hits));
	if (!x->hits)
		return problem_err(&x->p, ERR_NOMEM);
	int64_t last = 0;
	int rc = db_query(c, Q_ARTICLE_SEARCH, v, ARRAY_SIZE(v), &res);
	int step = 0;
	while (!rc && (step = db_next(&res)) == 1) {
		int64_t id = db_int(&res, C_ARTICLE_SEARCH__ID);
		if (id == last) /* shown already, in an earlier language */
			continue;
		size_t len;
		const char *key = db_text(&res, C_ARTICLE_SEARCH__SEARCH_KEY, &len);
		bool all = true;
		for (int i = 0; all && i < s->nwords; i++)
			all = strstr(key, s->words[i]) != NULL;
		if (!all)
			continue;
		last = id;
		if (x->n == cap) {
			struct article_hit *more = arena_calloc(a, (size_t)cap * 2, sizeof(*more));
			if (!more) {
				rc = ERR_NOMEM;
				break;
			}
			memcpy(more, x->hits, (size_t)cap * sizeof(*more));
			x->hits = more;
			cap *= 2;
		}
		struct article_hit *h = &x->hits[x->n++];
		h->art.id = id;
		h->lang = article_lang_index(db_text(&res, C_ARTICLE_SEARCH__LANG, &len));
		if (h->lang < 0)
			h->lang = 2;
		h->art.slug = db_dup(&res, C_ARTICLE_SEARCH__SLUG, a);
		h->art.country = db_null(&res, C_ARTICLE_SEARCH__COUNTRY)
					 ? NULL
					 : db_dup(&res, C_ARTICLE_SEARCH__COUNTRY, a);
		h->art.category = db_null(&res, C_ARTICLE_SEARCH__CATEGORY)
					  ? NULL
					  : db_dup(&res, C_ARTICLE_SEARCH__CATEGORY, a);
		h->art.published = true;
		h->art.texts[h->lang].title = db_dup(&res, C_ARTICLE_SEARCH__TITLE, a);
		h->art.texts[h->lang].body = db_dup(&res, C_ARTICLE_SEARCH__BODY, a);
		h->art.solved = db_int(&res, C_ARTICLE_SEARCH__SOLVED);
		h->art.not_solved = db_int(&res, C_ARTICLE_SEARCH__NOT_SOLVED);
		if (!h->art.slug || !h->art.texts[h->lang].title || !h->art.texts[h->lang].body) {
			rc = ERR_NOMEM;
			break;
		}
		/* The title's words count first: fold it to score. */
		char ft[ARTICLE_TITLE_MAX * 8 + 1];
		if (!text_fold(h->art.texts[h->lang].title, ft, sizeof(ft)))
			for (int i = 0; i < s->nwords; i++)
				h->score += strstr(ft, s->words[i]) != NULL;
	}
	db_done(&res);
	if (!rc && step < 0)
		rc = step;
	if (rc)
		return problem_err(&x->p, rc);
	qsort(x->hits, (size_t)x->n, sizeof(*x->hits), hit_cmp);
	if (x->n > x->limit)
		x->n = x->limit;
	return ERR_OK;
}

int article_search(struct db *db, struct article_search *x)
{
	struct search_ctx s = {.x = x, .lang = -1};
	if (x->lang) {
		s.lang = article_lang_index(x->lang);
		if (s.lang < 0)
			return problem_set(&x->p, P_INVALID, "lang", "A language is fa, vi or en.");
	}
	if (x->country && !country_ok(x->country))
		return problem_set(&x->p, P_INVALID, "country", "A country is IR or VN.");
	if (x->limit <= 0 || x->limit > ARTICLE_LIMIT_MAX)
		x->limit = 20;
	const char *q = x->q ? x->q : "";
	if (utf8_length(q, strlen(q)) > ARTICLE_QUERY_MAX)
		return problem_set(&x->p, P_TOO_LONG, "q", "A search is at most 200 characters.");
	char folded[ARTICLE_QUERY_MAX * 8 + 1];
	int rc = text_fold(q, folded, sizeof(folded));
	if (rc)
		return problem_set(&x->p, P_INVALID, "q", "The search cannot be read as text.");
	rc = query_words(x->arena, folded, &s.words, &s.nwords);
	if (rc)
		return problem_err(&x->p, rc);
	/* SQL narrows by the longest word; every word is checked on the rows. */
	const char *longest = "";
	for (int i = 0; i < s.nwords; i++)
		if (strlen(s.words[i]) > strlen(longest))
			longest = s.words[i];
	s.pattern = like_pattern(x->arena, longest);
	if (!s.pattern)
		return problem_err(&x->p, ERR_NOMEM);
	return work_read(db, search_fn, &s);
}

/* ---- feedback ---- */

int article_feedback_tx(struct db_conn *c, void *ctx)
{
	struct article_feedback *x = ctx;
	struct db_res res;
	struct db_val s = DBV_TEXT(x->slug);
	int rc = db_row(c, Q_ARTICLE_BY_SLUG, &s, 1, &res);
	if (rc == ERR_NOTFOUND)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No article has this slug.");
	if (rc)
		return problem_err(&x->p, rc);
	int64_t id = db_int(&res, C_ARTICLE_BY_SLUG__ID);
	bool published = db_int(&res, C_ARTICLE_BY_SLUG__PUBLISHED) != 0;
	x->n_solved = db_int(&res, C_ARTICLE_BY_SLUG__SOLVED);
	x->n_not_solved = db_int(&res, C_ARTICLE_BY_SLUG__NOT_SOLVED);
	db_done(&res);
	if (!published)
		return problem_set(&x->p, P_NOT_FOUND, NULL, "No article has this slug.");
	struct db_val v[] = {DBV_INT(id), DBV_INT(x->solved ? 1 : 0),
			     x->user_id ? DBV_INT(x->user_id) : DBV_NULL, DBV_INT(time_now_ms())};
	rc = db_exec(c, Q_ARTICLE_FEEDBACK_INSERT, v, ARRAY_SIZE(v), NULL);
	if (rc)
		return problem_err(&x->p, rc);
	if (x->solved)
		x->n_solved++;
	else
		x->n_not_solved++;
	return ERR_OK;
}

/* ---- the seed ---- */

int article_seed_all(struct db *db, struct arena *a, int *n, struct problem *p)
{
	*n = 0;
	for (size_t i = 0; i < article_files_count; i++) {
		const char *text = (const char *)article_files[i].bytes;
		json_error_t jerr;
		json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
		if (!o) {
			log_error("seed article %s: %s (line %d)", article_files[i].name, jerr.text,
				  jerr.line);
			return problem_set(p, P_INVALID, article_files[i].name,
					   "A seed article is not JSON.");
		}
		struct article_write x = {.replace = true};
		int rc = article_decode(o, a, NULL, &x.in, &x.p);
		json_decref(o);
		if (!rc)
			rc = work_write(db, article_seed_tx, &x);
		if (rc) {
			log_error("seed article %s: %s %s", article_files[i].name,
				  x.p.code ? x.p.code : err_str(rc), x.p.field ? x.p.field : "");
			*p = x.p;
			return rc;
		}
		(*n)++;
	}
	return ERR_OK;
}
