/* Unit tests of src/db/pgsql.c that need no server: how a SQLSTATE (or a
 * broken connection) becomes an err, which decides between 503
 * store_unavailable, 503 retry, 409, 422 and 500. */
#include "unit.h"

#include "core/err.h"
#include "db/driver.h"

UNIT_TEST(test_classify)
{
	UNUSED(state);
	static const struct {
		const char *state;
		int err;
	} cases[] = {
		{"23505", ERR_CONFLICT},    /* unique_violation */
		{"23503", ERR_INVALID},	    /* foreign_key_violation */
		{"40001", ERR_RETRY},	    /* serialization_failure */
		{"40P01", ERR_RETRY},	    /* deadlock_detected */
		{"40003", ERR_UNAVAILABLE}, /* statement_completion_unknown */
		{"08000", ERR_UNAVAILABLE}, /* connection_exception */
		{"08006", ERR_UNAVAILABLE}, /* connection_failure */
		{"08001", ERR_UNAVAILABLE}, /* sqlclient_unable_to_establish_sqlconnection */
		{"57P01", ERR_UNAVAILABLE}, /* admin_shutdown */
		{"57P02", ERR_UNAVAILABLE}, /* crash_shutdown */
		{"57P03", ERR_UNAVAILABLE}, /* cannot_connect_now */
		{"53100", ERR_UNAVAILABLE}, /* disk_full */
		{"53300", ERR_UNAVAILABLE}, /* too_many_connections */
		{"25006", ERR_UNAVAILABLE}, /* read_only_sql_transaction */
		{"58030", ERR_UNAVAILABLE}, /* io_error */
		{"53200", ERR_NOMEM},	    /* out_of_memory */
		{"57014", ERR_DB},	    /* query_canceled: not the store's state */
		{"42P01", ERR_DB},	    /* undefined_table: a bug, logged as 500 */
		{"42601", ERR_DB},	    /* syntax_error */
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		if (db_pg_classify(cases[i].state, false) != cases[i].err)
			fail_msg("%s: %d, want %d", cases[i].state,
				 db_pg_classify(cases[i].state, false), cases[i].err);
		/* On a broken connection every failure is the store's. */
		assert_int_equal(db_pg_classify(cases[i].state, true), ERR_UNAVAILABLE);
	}
	/* libpq's own errors carry no SQLSTATE. */
	assert_int_equal(db_pg_classify(NULL, false), ERR_DB);
	assert_int_equal(db_pg_classify(NULL, true), ERR_UNAVAILABLE);
}

UNIT_MAIN()
