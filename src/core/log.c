#include "core/base.h"
#include "core/log.h"

#include <pthread.h>
#include <unistd.h>

static _Atomic int log_min_level = LOG_INFO;

void log_set_level(enum log_level level)
{
	atomic_store(&log_min_level, (int)level);
}

int log_level_parse(const char *s)
{
	static const char *const names[] = {"debug", "info", "warn", "error"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}

int64_t time_now_unix(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t time_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t time_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void time_iso8601(int64_t unix_seconds, char *out, size_t outlen)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, outlen, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char *const tags[] = {"debug", "info", "warn", "error"};
	if ((int)level < atomic_load(&log_min_level))
		return;
	char line[1024];
	char ts[32];
	time_iso8601(time_now_unix(), ts, sizeof(ts));
	int n = snprintf(line, sizeof(line), "%s %s ", ts, tags[level]);
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	/* One write() per line keeps lines whole between threads. */
	ssize_t w = write(STDERR_FILENO, line, len);
	UNUSED(w);
}

/* Access log: a small ring of per-thread buffers, each with its own lock so
 * the flusher thread never races the writer. */
#define ACCESS_BUF_SIZE 16384
#define ACCESS_SLOTS	256

struct access_slot {
	pthread_mutex_t lock;
	size_t len;
	char data[ACCESS_BUF_SIZE];
};

static int access_fd = -1;
static bool access_owns_fd;
static struct access_slot *access_slots[ACCESS_SLOTS];
static _Atomic int access_nslots;
static _Thread_local struct access_slot *access_mine;

int log_access_open(const char *target)
{
	if (!target || !*target || !strcmp(target, "off"))
		return 0;
	if (!strcmp(target, "-") || !strcmp(target, "stderr")) {
		access_fd = STDERR_FILENO;
		return 0;
	}
	FILE *f = fopen(target, "a");
	if (!f)
		return -1;
	access_fd = dup(fileno(f));
	fclose(f);
	access_owns_fd = true;
	return access_fd < 0 ? -1 : 0;
}

static void access_slot_flush(struct access_slot *s)
{
	if (s->len && access_fd >= 0) {
		ssize_t w = write(access_fd, s->data, s->len);
		UNUSED(w);
	}
	s->len = 0;
}

static struct access_slot *access_slot_get(void)
{
	if (access_mine)
		return access_mine;
	int i = atomic_fetch_add(&access_nslots, 1);
	if (i >= ACCESS_SLOTS) {
		atomic_fetch_sub(&access_nslots, 1);
		return NULL;
	}
	struct access_slot *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	access_slots[i] = s;
	access_mine = s;
	return s;
}

bool log_access_enabled(void)
{
	return access_fd >= 0;
}

void log_access(const char *client, const char *method, const char *path, int status, size_t bytes,
		double millis)
{
	if (access_fd < 0)
		return;
	char line[768];
	char ts[32];
	time_iso8601(time_now_unix(), ts, sizeof(ts));
	int n = snprintf(line, sizeof(line), "%s %s %s %.300s %d %zu %.3fms\n", ts,
			 client ? client : "-", method, path, status, bytes, millis);
	if (n <= 0)
		return;
	size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
	struct access_slot *s = access_slot_get();
	if (!s) {
		ssize_t w = write(access_fd, line, len);
		UNUSED(w);
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (s->len + len > sizeof(s->data))
		access_slot_flush(s);
	memcpy(s->data + s->len, line, len);
	s->len += len;
	pthread_mutex_unlock(&s->lock);
}

void log_flush(void)
{
	int n = atomic_load(&access_nslots);
	for (int i = 0; i < n && i < ACCESS_SLOTS; i++) {
		struct access_slot *s = access_slots[i];
		if (!s)
			continue;
		pthread_mutex_lock(&s->lock);
		access_slot_flush(s);
		pthread_mutex_unlock(&s->lock);
	}
}

void log_access_close(void)
{
	log_flush();
	if (access_owns_fd && access_fd >= 0)
		close(access_fd);
	/* Only called once every logging thread has stopped. */
	int n = atomic_exchange(&access_nslots, 0);
	for (int i = 0; i < n && i < ACCESS_SLOTS; i++) {
		if (access_slots[i])
			pthread_mutex_destroy(&access_slots[i]->lock);
		free(access_slots[i]);
		access_slots[i] = NULL;
	}
	access_mine = NULL;
	access_fd = -1;
	access_owns_fd = false;
}
