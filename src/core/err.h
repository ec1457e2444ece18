/*
 * err.h: the one error vocabulary of Tabula.
 *
 * Functions that can fail return an int: ERR_OK (0) or a negative enum err.
 * The X-macro list below is the only place codes are defined; err_str() names
 * them, err_status() maps them to an HTTP status.
 */
#ifndef TABULA_ERR_H
#define TABULA_ERR_H

/* X(name, value, http status, stable machine word) */
#define ERR_LIST(X)                                   \
	X(OK, 0, 200, "ok")                           \
	X(NOMEM, -1, 503, "out_of_memory")            \
	X(INVALID, -2, 422, "invalid")                \
	X(NOTFOUND, -3, 404, "not_found")             \
	X(CONFLICT, -4, 409, "conflict")              \
	X(FORBIDDEN, -5, 403, "forbidden")            \
	X(UNAUTHORIZED, -6, 401, "unauthorized")      \
	X(RETRY, -7, 503, "retry")                    \
	X(DB, -8, 500, "database_error")              \
	X(IO, -9, 500, "io_error")                    \
	X(TOOLARGE, -10, 413, "too_large")            \
	X(BADREQUEST, -11, 400, "bad_request")        \
	X(UNSUPPORTED, -12, 415, "unsupported_media") \
	X(INTERNAL, -13, 500, "internal")             \
	X(UNAVAILABLE, -14, 503, "store_unavailable")

enum err {
#define ERR_ENUM(name, value, status, word) ERR_##name = (value),
	ERR_LIST(ERR_ENUM)
#undef ERR_ENUM
};

/* The stable machine word of an error code ("conflict"); "internal" if unknown. */
const char *err_str(int err);

/* The HTTP status that an error code answers with by default. */
int err_status(int err);

#include "core/problems.h"

/*
 * A problem: what went wrong, in the shape of RFC 9457 problem+json.
 * Domain code names it from the one list (core/problems.h) with the field
 * at fault and a sentence; the API layer turns it into a response. Strings
 * are static or owned by the request arena.
 */
struct problem {
	enum problem_id id; /* P_NONE: not set */
	int err;	    /* the list's enum err */
	int status;	    /* the list's HTTP status */
	const char *code;   /* the list's machine word */
	const char *field;  /* input field at fault, or NULL */
	const char *detail; /* human sentence; NULL: the list's */
	/* One optional extension member, e.g. "existing_id": 42 on a 409 that
	 * names the record already holding a unique value. */
	const char *ext_name;
	int64_t ext_value;
	/* One optional string extension member, e.g. "closes_at":
	 * "2026-05-13T17:00:00.000+07:00" on registration_closed. The value
	 * is static or in the request arena. */
	const char *ext_str_name, *ext_str_value;
};

/* Fill *p with problem `id` of the list, the field at fault (or NULL) and
 * a sentence (NULL: the list's), and return its err, so callers can write
 * `return problem_set(p, P_REQUIRED, "name", NULL)`. p may be NULL. */
int problem_fill(struct problem *p, enum problem_id id, const char *field, const char *detail);
static inline int problem_set(struct problem *p, enum problem_id id, const char *field,
			      const char *detail)
{
	/* Every entry's err is negative; saying so here lets the compiler and
	 * the analysers see that a `return problem_set(...)` never returns OK. */
	int err = problem_fill(p, id, field, detail);
	return err < 0 ? err : ERR_INTERNAL;
}

/* For a failure that is no fault of the input (the store failed, memory
 * ran out, a row was not found): fill *p with the list's generic problem
 * for err (P_INTERNAL, P_OUT_OF_MEMORY, P_RETRY, P_NOT_FOUND ...) and
 * return err unchanged. ERR_OK leaves p alone. */
void problem_err_fill(struct problem *p, int err);
static inline int problem_err(struct problem *p, int err)
{
	problem_err_fill(p, err);
	return err;
}

/* problem_set by the problem's code word, for codes kept in tables (CSV
 * row errors, grading's parse results). A code not in the list is a bug:
 * it is logged and becomes P_INTERNAL. */
int problem_code(struct problem *p, const char *code, const char *field, const char *detail);

#endif
