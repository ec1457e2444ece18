/*
 * api.h: the JSON API's shared plumbing. Each resource file (one folder per
 * capability: api/registry/, api/access/, ...) decodes a request, calls one
 * domain function and encodes the answer; it runs no query and decides no
 * scope. Shared here: the application context, the route flags, the gate
 * in front of every handler, waiting for a write or a hash without holding
 * a thread, and answering. Each capability declares its handlers in its
 * own handlers.h.
 */
#ifndef TABULA_API_H
#define TABULA_API_H

#include "core/config.h"
#include "domain/common/work.h"
#include "domain/access/role.h"
#include "http/request.h"
#include "http/router.h"

#include <pthread.h>

struct db;
struct http_server;
struct password_job;
struct throttle;

/* The reads waiting for their audit entries to be appended (reply.c): one
 * queue per server, so that a drain job takes only its own server's reads.
 * Set with API_AUDIT_QUEUE_INIT; the lock guards the other fields. */
struct audit_wait;
struct api_audit_queue {
	pthread_mutex_t lock;
	struct audit_wait *first, *last; /* queued since the last drain took them */
	bool pending;			 /* a drain is submitted and has not taken them */
};
#define API_AUDIT_QUEUE_INIT                      \
	{                                         \
		.lock = PTHREAD_MUTEX_INITIALIZER \
	}

struct app {
	struct db *db;
	const struct config *cfg;
	struct http_server *srv;   /* set once the server runs */
	struct throttle *throttle; /* failed logins, codes, TOTP (owned by main) */
	bool tls;		   /* served over TLS: Secure cookies */
	struct api_audit_queue audit_queue;
};

/* Route flags: who may call. API_PUBLIC needs no login; otherwise the caller
 * must be logged in and, if any role bits are set, hold one of them. */
#define API_PUBLIC    (1u << 31)
#define API_LOGGED_IN 0u
/* Also open to a session that must change its password first. */
#define API_PENDING_OK (1u << 30)
/* Bounded by admission control: at most admission_queue such requests in
 * flight; past it 503 queue_full at once (docs/reliability.md). */
#define API_QUEUED (1u << 29)
_Static_assert(ROLE__COUNT <= 29, "the role bits stay below the route flags");
#define API_ROLE_MASK ((1u << ROLE__COUNT) - 1)
#define API_STAFF                                                          \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN) | ROLE_BIT(ROLE_TEACHER))
/* Those who register students and decide transfers for the schools they reach. */
#define API_REGISTRARS                                                     \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER) | ROLE_BIT(ROLE_SCHOOL_ADMIN))
#define API_ORG_MANAGERS                                                   \
	(ROLE_BIT(ROLE_MINISTRY_ADMIN) | ROLE_BIT(ROLE_PROVINCE_OFFICER) | \
	 ROLE_BIT(ROLE_DISTRICT_OFFICER))

extern const struct route api_routes[];
extern const size_t api_routes_count;

/* The http `before` hook: authenticates and checks the route's roles. */
bool api_before(struct req *r);

/* The caller, once api_before let the request through; NULL on public routes. */
static inline const struct principal *api_principal(struct req *r)
{
	return r->user;
}

/* The caller as the domain sees it (principal, address, the request's
 * arena), made on first use; NULL only if memory ran out. */
struct actor;
struct actor *api_actor(struct req *r);

/* The caller's session (state beyond the identity), after api_before. */
struct session;
const struct session *api_session(struct req *r);

static inline struct app *api_app(struct req *r)
{
	return r->app;
}

/* Run fn in a write transaction (group commit) without holding a server
 * thread: the request is suspended and `finish` answers once the commit is
 * durable. rc is fn's result or the commit's failure. */
typedef void (*api_finish_fn)(struct req *r, int rc, void *ctx);
void api_write(struct req *r, work_fn fn, void *ctx, api_finish_fn finish);

/* The context of a handler: `size` zeroed bytes in the request's arena,
 * once the caller's actor is made (api_actor(r) is then not NULL); NULL
 * once the request is answered 503 (memory ran out). */
void *api_context_or_reply(struct req *r, size_t size);

/* Decode a write's JSON body into its context ctx: ERR_OK, or the error
 * with the context's problem filled. Strings that must outlive body are
 * copied into the request's arena. */
typedef int (*api_decode_fn)(struct req *r, json_t *body, void *ctx);

/* The rest of a write handler once its context is made: read the JSON
 * body, decode it into ctx, release the body; then answer ctx's problem
 * p if the decoding failed, or run fn as api_write() does. */
void api_write_body(struct req *r, api_decode_fn decode, void *ctx, const struct problem *p,
		    work_fn fn, api_finish_fn finish);

/* Audited reads (reply.c): the domain fills the entries (the actor's
 * decisions, domain/access/actor.h); the answer leaves once they are
 * durable. */
struct audit_entry;
/* Answer a read once its n audit entries are durable: `body` (the reference
 * is taken) with `status`, or, if body is NULL, the problem p (copied). If
 * the entries cannot be stored the read is not answered with data. */
void api_audit_reply(struct req *r, struct audit_entry *e, size_t n, int status, json_t *body,
		     const struct problem *p);
/* Answer a read decided by the domain once its n audit entries e are
 * durable: allowed, `status` and `body` (the reference is taken; NULL:
 * 503, memory ran out); refused, the problem p. */
void api_audit_decision_reply(struct req *r, struct audit_entry *e, size_t n, bool allowed,
			      int status, json_t *body, const struct problem *p);
/* The same for a body that is not JSON (body in the arena or static). */
void api_audit_body_reply(struct req *r, struct audit_entry *e, size_t n, int status,
			  const char *ctype, const char *body, size_t len);
/* Run a password job on the hashing pool without holding a server thread:
 * the request is suspended and `finish` runs once the job is done, with
 * job->rc (ERR_RETRY if the pool's queue was full). */
typedef void (*api_hash_finish_fn)(struct req *r, struct password_job *job);
void api_hash(struct req *r, struct password_job *job, api_hash_finish_fn finish);

/*
 * The test build (core/failalloc.h) carries a request's allocation counter
 * over a wait: api_failalloc_resume() before a continuation runs (it also
 * answers X-Tabula-Alloc-Waited, the count when the request last began to
 * wait: failures past it come after the write was committed), and
 * api_failalloc_done() after it. Empty otherwise.
 */
#ifdef TABULA_FAILALLOC
void api_failalloc_resume(struct req *r);
void api_failalloc_done(void);
#else
static inline void api_failalloc_resume(struct req *r)
{
	(void)r;
}
static inline void api_failalloc_done(void)
{
}
#endif

/* Answer `status` with j (the reference is taken), unless j is NULL or a
 * jansson allocation failed on this thread since the request began (or
 * resumed): the document may then lack a member, so answer 503. */
void api_json(struct req *r, int status, json_t *j);

/* Answer a problem; a bare database failure becomes a generic 500/503
 * (the detail goes to the log, never to the client). A 503 that a retry
 * may cure carries Retry-After. */
void api_problem(struct req *r, int rc, const struct problem *p);

/* Parse the numeric {name} path parameter, or answer 404 and return false. */
bool api_path_id_or_reply(struct req *r, const char *name, int64_t *id);

/* A positive whole number up to max from the query parameter `name` into
 * *out; absent or empty, *out is left as it is (or, if required, 422
 * required is answered). Otherwise answer 422 invalid and return false. */
bool api_query_id_or_reply(struct req *r, const char *name, bool required, int64_t max,
			   int64_t *out);

/* A whole number in [min, max] from the query parameter `name` into *out
 * (def when absent or empty), or answer 422 out_of_range and return false. */
bool api_query_int_or_reply(struct req *r, const char *name, int64_t min, int64_t max, int64_t def,
			    int64_t *out);

/* Answer a stored file (an uploaded document) once its read's audit entry
 * is durable: an attachment named "<name>-<id>.<ext>", never shown inline
 * (sandboxed, not cached: a file a family sent is data, not a page), its
 * SHA-256 in X-Content-SHA256. */
void api_file_reply(struct req *r, struct audit_entry *e, const char *name, int64_t id,
		    const char *media_type, const char *sha256, const void *bytes, size_t len);

/* The Idempotency-Key header into *key (copied into the request's arena;
 * NULL when absent): 1 to max characters, or answer 422 invalid on
 * "Idempotency-Key" and return false. */
bool api_idempotency_key_or_reply(struct req *r, size_t max, const char **key);

/* The page a keyset-paged list asks for: ?after= (an id; 0 when absent)
 * into *after and ?limit= (1..1000, 100 when absent) into *limit, or
 * answer 422 and return false. */
bool api_page_or_reply(struct req *r, int64_t *after, int *limit);

/* A page of a keyset-paged list: {"items": items, "next": next or null}.
 * Takes the reference to items. */
json_t *api_page_json(json_t *items, const char *next);

/* Handlers of the server itself (health.c, jobs.c). */
void api_healthz(struct req *r);
void api_readyz(struct req *r);
void api_metrics(struct req *r);
void api_jobs_get(struct req *r);
void api_jobs_errors(struct req *r);

#define SESSION_COOKIE "tabula_session"
#define CSRF_COOKIE    "tabula_csrf"
#define CSRF_HEADER    "X-CSRF-Token"

#endif
