/*
 * mediatype.c: content typing through libmagic (mediatype.h).
 */
#include "core/base.h"
#include "core/log.h"
#include "core/mediatype.h"

#include <magic.h>
#include <pthread.h>
#include <stdlib.h>

/* One handle per thread, loaded on first use and kept for the thread's
 * life: magic_load reads the whole compiled database (a few MB), far too
 * slow per request, and a handle is not safe to share. It is closed when
 * its thread ends (the key's destructor) or, for the thread that calls
 * exit, at exit: nothing of it outlives the process's threads. */
static _Thread_local magic_t mediatype_cookie;
static _Thread_local bool mediatype_failed;
static pthread_key_t mediatype_key;
static pthread_once_t mediatype_once = PTHREAD_ONCE_INIT;
static bool mediatype_keyed;

static void mediatype_thread_end(void *m)
{
	magic_close(m);
}

static void mediatype_exit(void)
{
	if (mediatype_cookie) {
		if (mediatype_keyed)
			(void)pthread_setspecific(mediatype_key, NULL);
		magic_close(mediatype_cookie);
		mediatype_cookie = NULL;
	}
}

static void mediatype_setup(void)
{
	mediatype_keyed = pthread_key_create(&mediatype_key, mediatype_thread_end) == 0;
	(void)atexit(mediatype_exit);
}

static magic_t mediatype_handle(void)
{
	if (mediatype_cookie || mediatype_failed)
		return mediatype_cookie;
	(void)pthread_once(&mediatype_once, mediatype_setup);
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS |
			       MAGIC_NO_CHECK_TAR | MAGIC_NO_CHECK_ELF);
	if (m && magic_load(m, NULL)) {
		log_error("libmagic: cannot load its database: %s", magic_error(m));
		magic_close(m);
		m = NULL;
	}
	if (!m)
		mediatype_failed = true;
	else if (mediatype_keyed)
		(void)pthread_setspecific(mediatype_key, m);
	mediatype_cookie = m;
	return m;
}

void mediatype_detect(const void *p, size_t n, char *out, size_t cap)
{
	if (!cap)
		return;
	out[0] = '\0';
	magic_t m = mediatype_handle();
	const char *t = m ? magic_buffer(m, p, n) : NULL;
	if (t)
		snprintf(out, cap, "%s", t);
}
