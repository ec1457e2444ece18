/* Unit tests of src/domain/records/record.c without a database: the
 * statuses' stable names, which the store and the API carry. (The stored
 * record's reads and writes are exercised through the workflow in
 * test_workflow.c.) */
#include "unit.h"

#include "domain/records/record.h"

UNIT_TEST(test_status)
{
	UNUSED(state);
	const char *names[RECORD__STATUSES] = {"draft", "teacher_signed", "sealed", "superseded"};
	for (int s = 0; s < RECORD__STATUSES; s++) {
		assert_string_equal(record_status_name((enum record_status)s), names[s]);
		assert_int_equal(record_status_parse(names[s]), s);
	}
	assert_string_equal(record_status_name(RECORD__STATUSES), "unknown");
	assert_int_equal(record_status_parse("sealed "), -1);
	assert_int_equal(record_status_parse("Sealed"), -1);
	assert_int_equal(record_status_parse(NULL), -1);
}

UNIT_MAIN()
