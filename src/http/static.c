#include "core/base.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/request.h"
#include "http/static.h"

#include <dirent.h>
#include <sys/stat.h>

#define STATIC_MAX_FILES 2000
#define STATIC_MAX_BYTES (64u << 20)

struct static_file {
	char *path; /* "/app.js" */
	char *data;
	size_t len;
	const char *ctype;
	char etag[24];
};

struct static_files {
	struct static_file *f;
	size_t n;
	size_t bytes;
	const struct static_file *index;
};

static const char *content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
		{".yaml", "text/yaml; charset=utf-8"},
		{".webmanifest", "application/manifest+json"},
	};
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < ARRAY_SIZE(types); i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int add_file(struct static_files *s, const char *full, const char *rel, char *err,
		    size_t errlen)
{
	if (s->n >= STATIC_MAX_FILES) {
		snprintf(err, errlen, "web root has more than %d files", STATIC_MAX_FILES);
		return -1;
	}
	FILE *f = fopen(full, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read %s", full);
		return -1;
	}
	struct buf b = BUF_INIT(STATIC_MAX_BYTES);
	char chunk[16384];
	size_t got;
	int rc = 0;
	while (!rc && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(&b, chunk, got);
	fclose(f);
	if (rc || s->bytes + b.len > STATIC_MAX_BYTES) {
		buf_release(&b);
		snprintf(err, errlen, "web root is larger than %u bytes", STATIC_MAX_BYTES);
		return -1;
	}
	struct static_file *sf = &s->f[s->n++];
	sf->path = strdup(rel);
	sf->len = b.len;
	sf->data = buf_detach(&b, NULL);
	if (!sf->data)
		sf->data = strdup("");
	sf->ctype = content_type(rel);
	snprintf(sf->etag, sizeof(sf->etag), "\"%016" PRIx64 "\"", fnv1a(sf->data, sf->len));
	s->bytes += sf->len;
	if (!strcmp(rel, "/index.html"))
		s->index = sf;
	return sf->path && sf->data ? 0 : -1;
}

static int walk(struct static_files *s, const char *dir, const char *rel, int depth, char *err,
		size_t errlen)
{
	if (depth > 8)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "cannot open web root %s", dir);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char full[4096], sub[1024];
		snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
		struct stat st;
		if (lstat(full, &st))
			continue;
		if (S_ISDIR(st.st_mode))
			rc = walk(s, full, sub, depth + 1, err, errlen);
		else if (S_ISREG(st.st_mode))
			rc = add_file(s, full, sub, err, errlen);
	}
	closedir(d);
	return rc;
}

void static_free(struct static_files *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->f[i].path);
		free(s->f[i].data);
	}
	free(s->f);
	free(s);
}

struct static_files *static_load(const char *root, char *err, size_t errlen)
{
	struct static_files *s = calloc(1, sizeof(*s));
	if (s)
		s->f = calloc(STATIC_MAX_FILES, sizeof(*s->f));
	if (!s || !s->f) {
		static_free(s);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (walk(s, root, "", 0, err, errlen)) {
		static_free(s);
		return NULL;
	}
	log_info("web: %zu files, %zu bytes from %s", s->n, s->bytes, root);
	return s;
}

static const struct static_file *find(const struct static_files *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->f[i].path, path))
			return &s->f[i];
	return NULL;
}

bool static_serve(struct static_files *s, struct req *r)
{
	if (!s || (r->method != HTTP_GET && r->method != HTTP_HEAD))
		return false;
	const struct static_file *f = find(s, r->path);
	if (!f) {
		const char *last = strrchr(r->path, '/');
		if (!s->index || (last && strchr(last, '.')))
			return false;
		f = s->index;
	}
	res_header(r, "ETag", f->etag);
	res_header(r, "Cache-Control", "no-cache");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && !strcmp(inm, f->etag)) {
		/* The type goes with the 304 too: the server picks the CSP by type, and
		 * a browser applies a 304's headers to its cached copy, so a 304 of
		 * index.html without it would get the API's "default-src 'none'". */
		res_body(r, 304, f->ctype, "", 0);
		return true;
	}
	res_body(r, 200, f->ctype, f->data, f->len);
	return true;
}
