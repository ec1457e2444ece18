/* Unit tests of src/domain/exams/instant.c and the window of
 * registration.c: instants with and without offsets in a session's zone,
 * their RFC 3339 form with milliseconds, the closing millisecond (closes_at
 * - 1 open, closes_at closed), Accept-Language, the words of an instant in
 * en, vi and fa (Solar Hijri, Persian digits), and receipt numbers. */
#include "unit.h"

#include "domain/exams/instant.h"
#include "domain/exams/registration.h"

static int64_t at(const char *s, int offset)
{
	int64_t ms = 0;
	if (!instant_parse(s, offset, &ms))
		fail_msg("not an instant: %s", s);
	return ms;
}

UNIT_TEST(test_zones_and_instants)
{
	(void)state;
	int vn, ir, none = 12345;
	assert_true(zone_offset("Asia/Ho_Chi_Minh", &vn));
	assert_int_equal(vn, 7 * 3600);
	assert_true(zone_offset("Asia/Tehran", &ir));
	assert_int_equal(ir, 3 * 3600 + 1800);
	assert_false(zone_offset("Mars/Olympus", &none));
	assert_int_equal(none, 12345);
	/* 2026-05-13 17:00 in Hanoi is 10:00 UTC. */
	int64_t t = at("2026-05-13T17:00", vn);
	assert_true(t == at("2026-05-13T10:00:00Z", vn));
	assert_true(t == at("2026-05-13T17:00:00.000+07:00", 0));
	assert_true(t == at("2026-05-13T13:30:00+03:30", vn));
	assert_true(t + 1 == at("2026-05-13T17:00:00.001+07:00", 0));
	assert_true(t + 120 == at("2026-05-13T17:00:00.12+07:00", 0));
	char buf[40];
	instant_format(t, vn, buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-13T17:00:00.000+07:00");
	instant_format(t - 1, vn, buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-13T16:59:59.999+07:00");
	instant_format(t, ir, buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-13T13:30:00.000+03:30");
	instant_format(t, -3 * 3600, buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-13T07:00:00.000-03:00");
	char day[11];
	instant_date(at("2026-05-13T23:30:00+07:00", 0), vn, day);
	assert_string_equal(day, "2026-05-13");
	instant_date(at("2026-05-13T23:30:00+07:00", 0), 0, day);
	assert_string_equal(day, "2026-05-13");
	instant_date(at("2026-05-14T01:30:00+07:00", 0), 0, day);
	assert_string_equal(day, "2026-05-13");
	int64_t ms;
	assert_false(instant_parse("2026-05-13", vn, &ms));
	assert_false(instant_parse("2026-02-30T10:00", vn, &ms));
	assert_false(instant_parse("2026-05-13T24:00", vn, &ms));
	assert_false(instant_parse("2026-05-13T10:00:00.1234Z", vn, &ms));
	assert_false(instant_parse("2026-05-13T10:00:00.Z", vn, &ms));
	assert_false(instant_parse("2026-05-13T10:00:00+7", vn, &ms));
	assert_false(instant_parse("2026-05-13T10:00:00 junk", vn, &ms));
	assert_false(instant_parse(NULL, vn, &ms));
}

UNIT_TEST(test_closing_millisecond)
{
	(void)state;
	int64_t opens = 1000, closes = 5000;
	assert_int_equal(exam_window_at(opens, closes, opens - 1), -1);
	assert_int_equal(exam_window_at(opens, closes, opens), 0);
	assert_int_equal(exam_window_at(opens, closes, closes - 1), 0);
	assert_int_equal(exam_window_at(opens, closes, closes), 1);
	assert_int_equal(exam_window_at(opens, closes, closes + 1), 1);
	/* The refusal carries the instant and says it in the reader's words. */
	struct arena a;
	arena_init(&a, 4096, 0);
	int vn;
	assert_true(zone_offset("Asia/Ho_Chi_Minh", &vn));
	struct exam_session s = {.time_zone = "Asia/Ho_Chi_Minh", .offset = vn};
	s.opens_at = at("2026-05-04T07:00", vn);
	s.closes_at = at("2026-05-13T17:00", vn);
	struct problem p = {0};
	assert_int_equal(exam_window_check(&s, s.closes_at - 1, "vi", &a, &p), ERR_OK);
	assert_int_equal(exam_window_check(&s, s.closes_at, "vi", &a, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "registration_closed");
	assert_int_equal(p.status, 409);
	assert_string_equal(p.ext_str_name, "closes_at");
	assert_string_equal(p.ext_str_value, "2026-05-13T17:00:00.000+07:00");
	assert_non_null(strstr(p.detail, "17:00 ngày 13/05/2026"));
	assert_int_equal(exam_window_check(&s, s.closes_at + 1, "en", &a, &p), ERR_CONFLICT);
	assert_non_null(strstr(p.detail, "17:00 on 13 May 2026"));
	/* 13 May 2026 is 23 Ordibehesht 1405. */
	assert_int_equal(exam_window_check(&s, s.closes_at, "fa", &a, &p), ERR_CONFLICT);
	assert_non_null(strstr(p.detail, "۱۷:۰۰ ۲۳ اردیبهشت ۱۴۰۵"));
	assert_int_equal(exam_window_check(&s, s.opens_at - 1, "en", &a, &p), ERR_CONFLICT);
	assert_string_equal(p.code, "registration_not_open");
	assert_string_equal(p.ext_str_name, "opens_at");
	assert_string_equal(p.ext_str_value, "2026-05-04T07:00:00.000+07:00");
	assert_int_equal(exam_window_check(&s, s.opens_at, "en", &a, &p), ERR_OK);
	arena_release(&a);
}

UNIT_TEST(test_languages)
{
	(void)state;
	assert_string_equal(language_pick(NULL), "en");
	assert_string_equal(language_pick(""), "en");
	assert_string_equal(language_pick("vi"), "vi");
	assert_string_equal(language_pick("vi-VN,vi;q=0.9,en;q=0.8"), "vi");
	assert_string_equal(language_pick("fa-IR"), "fa");
	assert_string_equal(language_pick("de, fa;q=0.5, vi;q=0.7"), "vi");
	assert_string_equal(language_pick("en;q=0.2, fa"), "fa");
	assert_string_equal(language_pick("fr, de"), "en");
	assert_string_equal(language_pick("fa;q=0"), "en");
	assert_string_equal(language_pick("vie"), "en");
}

UNIT_TEST(test_receipt_numbers)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096, 0);
	/* Luhn over the 7-digit id: 0000001 -> 8 (2 doubled; 10 - 2). */
	assert_string_equal(exam_receipt_number(&a, 12, 1), "12-00000018");
	assert_string_equal(exam_receipt_number(&a, 3, 7992739), "3-79927398");
	assert_string_equal(exam_receipt_number(&a, 3, 12345678), "3-123456782");
	arena_release(&a);
}

UNIT_MAIN()
