/* Unit tests of src/domain/throttle.c, on a clock the test moves. */
#include "unit.h"

#include "domain/access/throttle.h"

#include <sodium.h>

static const struct throttle_policy p = {3, 1, 8, 100};

UNIT_TEST(test_backoff_doubles_and_caps)
{
	UNUSED(state);
	struct throttle *t = throttle_new(64);
	assert_non_null(t);
	int64_t now = 1000;
	for (int i = 0; i < 2; i++) {
		throttle_fail(t, "u:amir", &p, now);
		assert_int_equal(throttle_wait(t, "u:amir", now), 0);
	}
	throttle_fail(t, "u:amir", &p, now); /* third: 1 s */
	assert_int_equal(throttle_wait(t, "u:amir", now), 1);
	assert_int_equal(throttle_wait(t, "u:other", now), 0);
	now += 1;
	assert_int_equal(throttle_wait(t, "u:amir", now), 0);
	throttle_fail(t, "u:amir", &p, now); /* 2 s */
	assert_int_equal(throttle_wait(t, "u:amir", now), 2);
	now += 2;
	throttle_fail(t, "u:amir", &p, now); /* 4 s */
	assert_int_equal(throttle_wait(t, "u:amir", now), 4);
	for (int i = 0; i < 40; i++) {
		now += 8;
		throttle_fail(t, "u:amir", &p, now);
	}
	assert_int_equal(throttle_wait(t, "u:amir", now), 8); /* capped */
	throttle_clear(t, "u:amir");
	assert_int_equal(throttle_wait(t, "u:amir", now), 0);
	throttle_free(t);
}

UNIT_TEST(test_forgets_after_quiet)
{
	UNUSED(state);
	struct throttle *t = throttle_new(64);
	int64_t now = 5000;
	for (int i = 0; i < 2; i++)
		throttle_fail(t, "ip:10.0.0.1", &p, now);
	now += 101;
	throttle_fail(t, "ip:10.0.0.1", &p, now); /* counts from one again */
	assert_int_equal(throttle_wait(t, "ip:10.0.0.1", now), 0);
	throttle_free(t);
}

/* A full table drops stale or old entries instead of failing. */
UNIT_TEST(test_many_keys)
{
	UNUSED(state);
	struct throttle *t = throttle_new(64);
	char key[32];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		for (int j = 0; j < 3; j++)
			throttle_fail(t, key, &p, 100 + i);
	}
	assert_int_equal(throttle_wait(t, "k999", 1099), 1);
	throttle_free(t);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
