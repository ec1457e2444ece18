/*
 * grant.h: the roles an account holds, and at which organisation.
 */
#ifndef TABULA_DOMAIN_GRANT_H
#define TABULA_DOMAIN_GRANT_H

#include "core/arena.h"
#include "core/err.h"
#include "domain/access/role.h"

struct db_conn;

/* The grants of user_id with their orgs (strings in a), at most
 * PRINCIPAL_MAX_GRANTS into out; *n gets the count. Rows naming an unknown
 * role are skipped. */
int user_grants_read(struct db_conn *c, struct arena *a, int64_t user_id, struct grant *out, int *n)
	__attribute__((warn_unused_result));

#endif
