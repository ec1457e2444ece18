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

int problem_set(struct problem *p, int err, const char *code, const char *field,
		const char *detail)
{
	if (p) {
		p->err = err;
		p->status = 0;
		p->code = code;
		p->field = field;
		p->detail = detail;
		p->ext_name = NULL;
		p->ext_value = 0;
	}
	return err;
}
