/*
 * grant.c: the roles an account holds, and where (grant.h).
 */
#include "core/base.h"
#include "db/db.h"
#include "domain/access/grant.h"

/* Read the current row of user_roles_of into g: ERR_OK, ERR_NOMEM, or
 * ERR_INVALID for a role this build does not know (the row is skipped). */
static int grant_read_row(struct db_res *res, struct arena *a, struct grant *g)
{
	int role = role_parse(db_text(res, C_GRANT__ROLE, NULL));
	if (role < 0)
		return ERR_INVALID;
	g->role = (enum role)role;
	g->org_id = db_int0(res, C_GRANT__ORG_ID);
	g->org_code = db_null(res, C_GRANT__CODE) ? NULL : db_dup(res, C_GRANT__CODE, a);
	g->org_path = db_null(res, C_GRANT__PATH) ? NULL : db_dup(res, C_GRANT__PATH, a);
	bool bound = !db_null(res, C_GRANT__PATH);
	return bound && (!g->org_code || !g->org_path) ? ERR_NOMEM : ERR_OK;
}

int user_grants_read(struct db_conn *c, struct arena *a, int64_t user_id, struct grant *out, int *n)
{
	struct db_res res;
	struct db_val v = DBV_INT(user_id);
	int rc = db_query(c, Q_USER_ROLES_OF, &v, 1, &res);
	int step = 0;
	*n = 0;
	while (!rc && *n < PRINCIPAL_MAX_GRANTS && (step = db_next(&res)) == 1) {
		rc = grant_read_row(&res, a, &out[*n]);
		if (rc == ERR_OK)
			(*n)++;
		else if (rc == ERR_INVALID)
			rc = ERR_OK;
	}
	db_done(&res);
	return rc ? rc : step < 0 ? step : ERR_OK;
}
