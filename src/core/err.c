#include "core/base.h"
#include "core/err.h"

const char *err_str(int err)
{
	switch (err) {
#define ERR_CASE(name, value, status, word) \
	case value:                         \
		return word;
		ERR_LIST(ERR_CASE)
#undef ERR_CASE
	}
	return "internal";
}

int err_status(int err)
{
	switch (err) {
#define ERR_CASE(name, value, status, word) \
	case value:                         \
		return status;
		ERR_LIST(ERR_CASE) /* NOLINT(bugprone-branch-clone): codes share statuses */
#undef ERR_CASE
	}
	return 500;
}

static const struct problem_def defs[P__COUNT] = {
	[P_NONE] = {ERR_INTERNAL, 500, "internal", "error.internal", ""},
#define PROBLEM_DEF(name, e, st, c, sentence) [P_##name] = {e, st, c, "error." c, sentence},
	PROBLEM_LIST(PROBLEM_DEF)
#undef PROBLEM_DEF
};

const struct problem_def *problem_def(enum problem_id id)
{
	return id > P_NONE && id < P__COUNT ? &defs[id] : &defs[P_INTERNAL];
}

enum problem_id problem_by_code(const char *code)
{
	for (int i = P_NONE + 1; code && i < P__COUNT; i++)
		if (!strcmp(defs[i].code, code))
			return (enum problem_id)i;
	return P_NONE;
}

int problem_fill(struct problem *p, enum problem_id id, const char *field, const char *detail)
{
	const struct problem_def *d = problem_def(id);
	if (p) {
		*p = (struct problem){.id = id,
				      .err = d->err,
				      .status = d->status,
				      .code = d->code,
				      .field = field,
				      .detail = detail};
	}
	return d->err;
}

/* The list's problem for a bare error code. */
static enum problem_id generic(int err)
{
	switch (err) {
	case ERR_NOMEM:
		return P_OUT_OF_MEMORY;
	case ERR_INVALID:
		return P_INVALID;
	case ERR_NOTFOUND:
		return P_NOT_FOUND;
	case ERR_CONFLICT:
		return P_CONFLICT;
	case ERR_FORBIDDEN:
		return P_FORBIDDEN;
	case ERR_UNAUTHORIZED:
		return P_UNAUTHORIZED;
	case ERR_RETRY:
		return P_RETRY;
	case ERR_UNAVAILABLE:
		return P_STORE_UNAVAILABLE;
	case ERR_TOOLARGE:
		return P_TOO_LARGE;
	case ERR_BADREQUEST:
		return P_BAD_REQUEST;
	case ERR_UNSUPPORTED:
		return P_UNSUPPORTED_MEDIA_TYPE;
	default:
		return P_INTERNAL;
	}
}

void problem_err_fill(struct problem *p, int err)
{
	if (err == ERR_OK)
		return;
	problem_set(p, generic(err), NULL, NULL);
	if (p)
		p->err = err; /* ERR_DB and ERR_IO stay themselves, for the log */
}

int problem_code(struct problem *p, const char *code, const char *field, const char *detail)
{
	enum problem_id id = problem_by_code(code);
	if (id == P_NONE) {
		fprintf(stderr, "tabula: problem code '%s' is not in core/problems.h\n",
			code ? code : "(null)");
		id = P_INTERNAL;
	}
	return problem_set(p, id, field, detail);
}
