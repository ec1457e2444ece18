/* Unit tests of src/core/buf.c. */
#include "unit.h"

#include "core/buf.h"
#include "core/err.h"

UNIT_TEST(test_empty)
{
	UNUSED(state);
	struct buf b = BUF_INIT(0);
	assert_null(b.p);
	assert_int_equal(buf_append(&b, "", 0), ERR_OK);
	/* Even empty content is a NUL-terminated string once appended to. */
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	assert_int_equal(b.len, 0);
	buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.cap, 0);
}

/* Appends grow the buffer past its first allocation; content survives each
 * realloc. */
UNIT_TEST(test_append_growth)
{
	UNUSED(state);
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++) {
		char c = (char)('a' + i % 26);
		assert_int_equal(buf_append(&b, &c, 1), ERR_OK);
		assert_true(b.cap > b.len);
	}
	assert_int_equal(b.len, 1000);
	assert_true(b.cap >= 1001);
	assert_int_equal(strlen(b.p), 1000);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(b.p[i], 'a' + i % 26);

	assert_int_equal(buf_puts(&b, "XYZ"), ERR_OK);
	assert_int_equal(b.len, 1003);
	assert_string_equal(b.p + 1000, "XYZ");

	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(b.p, "");
	buf_release(&b);
}

UNIT_TEST(test_printf_growth)
{
	UNUSED(state);
	struct buf b = BUF_INIT(0);
	assert_int_equal(buf_printf(&b, "%s=%d;", "a", 1), ERR_OK);
	assert_int_equal(buf_printf(&b, "%s=%d;", "bb", -22), ERR_OK);
	assert_string_equal(b.p, "a=1;bb=-22;");
	assert_int_equal(b.len, 11);

	/* One printf much larger than the first capacity. */
	assert_int_equal(buf_printf(&b, "%0*d", 5000, 9), ERR_OK);
	assert_int_equal(b.len, 11 + 5000);
	assert_int_equal(strlen(b.p), b.len);
	assert_string_equal(b.p + b.len - 2, "09");
	assert_memory_equal(b.p, "a=1;bb=-22;0000", 15);
	buf_release(&b);
}

/* Past max: ERR_TOOLARGE and the buffer exactly as it was. */
UNIT_TEST(test_max_limit)
{
	UNUSED(state);
	struct buf b = BUF_INIT(10);
	assert_int_equal(buf_puts(&b, "0123456789"), ERR_OK); /* exactly max */
	char *p = b.p;
	size_t cap = b.cap;

	assert_int_equal(buf_append(&b, "x", 1), ERR_TOOLARGE);
	assert_int_equal(buf_puts(&b, "yz"), ERR_TOOLARGE);
	assert_int_equal(buf_printf(&b, "%d", 1), ERR_TOOLARGE);
	assert_int_equal(buf_reserve(&b, 1), ERR_TOOLARGE);
	assert_int_equal(buf_reserve(&b, SIZE_MAX), ERR_TOOLARGE);
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.cap, cap);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.p, "0123456789");

	/* Appending nothing is fine even when full. */
	assert_int_equal(buf_append(&b, "", 0), ERR_OK);
	assert_int_equal(buf_printf(&b, "%s", ""), ERR_OK);
	assert_string_equal(b.p, "0123456789");
	buf_release(&b);

	/* A printf that would cross the limit writes nothing at all. */
	struct buf c = BUF_INIT(8);
	assert_int_equal(buf_puts(&c, "abc"), ERR_OK);
	assert_int_equal(buf_printf(&c, "%s", "defghi"), ERR_TOOLARGE);
	assert_int_equal(c.len, 3);
	assert_string_equal(c.p, "abc");
	assert_int_equal(buf_printf(&c, "%s", "defgh"), ERR_OK);
	assert_string_equal(c.p, "abcdefgh");
	buf_release(&c);

	/* The default ceiling (max 0) still refuses absurd sizes. */
	struct buf d = BUF_INIT(0);
	assert_int_equal(buf_reserve(&d, SIZE_MAX / 2 + 1), ERR_TOOLARGE);
	assert_null(d.p);
	buf_release(&d);
}

UNIT_TEST(test_detach)
{
	UNUSED(state);
	struct buf b = BUF_INIT(0);
	assert_int_equal(buf_puts(&b, "hello"), ERR_OK);
	size_t len = 0;
	char *s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_int_equal(len, 5);
	assert_string_equal(s, "hello");
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);

	/* The buffer is reusable and independent of the detached bytes. */
	assert_int_equal(buf_puts(&b, "again"), ERR_OK);
	assert_string_equal(b.p, "again");
	assert_string_equal(s, "hello");
	free(s);
	buf_release(&b);

	/* len may be NULL; an unused buffer detaches NULL. */
	struct buf e = BUF_INIT(0);
	assert_null(buf_detach(&e, NULL));
	len = 99;
	assert_null(buf_detach(&e, &len));
	assert_int_equal(len, 0);
}

UNIT_MAIN()
