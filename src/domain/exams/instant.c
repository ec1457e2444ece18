/*
 * instant.c: the exam window and its words (instant.h).
 */
#include "core/base.h"

#include "domain/exams/instant.h"

int exam_window_at(int64_t opens, int64_t closes, int64_t now)
{
	if (now < opens)
		return -1;
	return now < closes ? 0 : 1;
}

/* The Persian sentences of exam_window_detail (kept whole: clang-format
 * cannot split right-to-left text stably). */
/* clang-format off */
static const char fa_closed[] = "مهلت ثبت‌نام آزمون در %s (به وقت %s) به پایان رسید.";
static const char fa_not_open[] = "ثبت‌نام آزمون هنوز باز نشده است؛ در %s (به وقت %s) باز می‌شود.";
/* clang-format on */

const char *exam_window_detail(struct arena *a, const char *lang, bool closed, int64_t ms,
			       int offset, const char *zone)
{
	const char *when = instant_words(a, lang, ms, offset);
	if (!when)
		return NULL;
	if (!strcmp(lang, "vi"))
		return closed ? arena_printf(a, "Đã hết hạn đăng ký dự thi lúc %s (giờ %s).", when,
					     zone)
			      : arena_printf(a, "Chưa mở đăng ký dự thi; mở lúc %s (giờ %s).", when,
					     zone);
	if (!strcmp(lang, "fa"))
		return arena_printf(a, closed ? fa_closed : fa_not_open, when, zone);
	return closed ? arena_printf(a, "Registration closed at %s (%s time).", when, zone)
		      : arena_printf(a, "Registration opens at %s (%s time).", when, zone);
}
