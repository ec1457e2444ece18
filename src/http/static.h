/*
 * static.h: the web app's files, read into memory once at start.
 *
 * Only regular files below the root are served, by exact relative path; no
 * path from a request is ever handed to the file system. "/" and any path
 * without a file extension that is not a file serve index.html (the app
 * routes on the client).
 */
#ifndef TABULA_HTTP_STATIC_H
#define TABULA_HTTP_STATIC_H

struct req;
struct static_files;

struct static_files *static_load(const char *root, char *err, size_t errlen);
void static_free(struct static_files *s);
/* Answer r from the files if the path names one; false if not. */
bool static_serve(struct static_files *s, struct req *r);

#endif
