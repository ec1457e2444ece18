/*
 * config.h: server settings from flags, environment and a config file.
 *
 * Precedence, highest first: command-line flags, TABULA_* environment
 * variables, the config file (--config FILE or TABULA_CONFIG), built-in
 * defaults. Every key has the same name in all three places: flag --body-max,
 * variable TABULA_BODY_MAX, file key body_max. See docs/configuration.md.
 */
#ifndef TABULA_CONFIG_H
#define TABULA_CONFIG_H

/* X(key, type, default, help): type is STR or INT. */
#define CONFIG_LIST(X)                                                                          \
	X(db, STR, "sqlite:tabula.db", "database: sqlite:PATH or postgres://...")               \
	X(listen, STR, "127.0.0.1:8080", "address and port to serve on")                        \
	X(threads, INT, 0, "HTTP worker threads (0: one per core)")                             \
	X(writer_threads, INT, 0, "database writer threads (0: 1 on SQLite, 4 on PostgreSQL)")  \
	X(db_pool, INT, 0, "reader connections (0: threads + 2)")                               \
	X(body_max, INT, 8388608, "largest request body in bytes (413 past it)")                \
	X(max_headers, INT, 64, "most request headers accepted (431 past it)")                  \
	X(json_depth, INT, 32, "deepest JSON nesting accepted")                                 \
	X(string_max, INT, 65536, "longest JSON string in bytes")                               \
	X(timeout, INT, 30, "seconds a connection may stay idle")                               \
	X(conn_limit, INT, 10000, "most open connections")                                      \
	X(conn_per_address, INT, 1000, "most open connections from one client address")         \
	X(header_timeout, INT, 10, "seconds a request's header fields may take to arrive")      \
	X(body_min_rate, INT, 1024, "bytes per second a request body must average (408 below)") \
	X(shutdown_grace, INT, 10, "seconds in-flight requests get to finish on SIGTERM")       \
	X(session_ttl, INT, 43200, "seconds a login session lasts")                             \
	X(code_ttl, INT, 1209600, "seconds a one-time code stays valid")                        \
	X(hash_threads, INT, 0, "password hashing threads (0: one per core)")                   \
	X(hash_queue, INT, 1024, "password hashes that may wait (503 past it)")                 \
	X(admission_queue, INT, 1024,                                                           \
	  "registration writes in flight at once (503 queue_full past it; 0: no bound)")        \
	X(secret_file, STR, "", "file of the server secret (TOTP secrets are sealed with it)")  \
	X(tls_cert, STR, "", "PEM certificate chain: serve HTTPS")                              \
	X(tls_key, STR, "", "PEM private key of tls_cert")                                      \
	X(access_log, STR, "-", "access log: '-' (stderr), 'off' or a file path")               \
	X(log_level, STR, "info", "debug, info, warn or error")                                 \
	X(web_root, STR, "", "folder of the web app's static files ('' : ./web if present)")    \
	X(public_url, STR, "",                                                                  \
	  "this server's public address for printed QR codes ('': from Host)")                  \
	X(support_sweep_seconds, INT, 60, "seconds between the server's support sweeps (0: none)")

enum config_type { CONFIG_STR, CONFIG_INT };

struct config {
#define CONFIG_FIELD_STR(k)		 const char *k;
#define CONFIG_FIELD_INT(k)		 long long k;
#define CONFIG_FIELD(k, type, def, help) CONFIG_FIELD_##type(k)
	CONFIG_LIST(CONFIG_FIELD)
#undef CONFIG_FIELD
#undef CONFIG_FIELD_STR
#undef CONFIG_FIELD_INT
	/* Strings loaded from the file or environment live here. */
	char *owned[32];
	int nowned;
};

/* Fill defaults. */
void config_init(struct config *c);
void config_release(struct config *c);

/*
 * Load file, environment and flags, in that order of increasing precedence.
 * argv holds only the flags of a command (after "serve"); unknown flags are
 * an error unless allow_unknown. On error writes a message to err and
 * returns -1.
 */
int config_load(struct config *c, int argc, char **argv, bool allow_unknown, char *err,
		size_t errlen);

/* Set one key from text (file or environment form); -1 if unknown or bad. */
int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen);

/* Write "--flag  help (default)" lines for usage messages. */
void config_usage(FILE *out);

#endif
