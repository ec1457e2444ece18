/*
 * log.h: the server's two logs.
 *
 * The diagnostic log (log_info, log_error ...) goes to stderr, line by line.
 * The access log writes one line per request into per-thread buffers that are
 * flushed when full and by log_flush(), which the main thread calls twice a
 * second and at shutdown. Neither ever receives secrets: callers pass the
 * path without its query string and never a header value.
 */
#ifndef TABULA_LOG_H
#define TABULA_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Parse "debug", "info", "warn", "error"; -1 if none. */
int log_level_parse(const char *s);

void log_msg(enum log_level level, const char *fmt, ...) PRINTF_LIKE(2, 3);
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

/* Access log target: NULL or "off" disables it, "-" or "stderr" is stderr,
 * anything else a file opened for appending. */
int log_access_open(const char *target);
/* True if log_access writes anywhere (so callers can skip preparing a line). */
bool log_access_enabled(void);
void log_access(const char *client, const char *method, const char *path, int status, size_t bytes,
		double millis);
void log_flush(void);
void log_access_close(void);

/* Wall clock and monotonic clock helpers. */
int64_t time_now_unix(void);
/* The wall clock in Unix milliseconds (exam windows are exact to one). */
int64_t time_now_ms(void);
uint64_t time_mono_ns(void);
/* "2026-11-22T10:43:00Z" into out (at least 21 bytes). */
void time_iso8601(int64_t unix_seconds, char *out, size_t outlen);

#endif
