/*
 * teaching.h: what the teaching resources (classes.c, grades.c,
 * attendance.c, timetable.c) share: the JSON of subjects and classes, the
 * optional ?school_year= and the audit entries' subject of a class.
 * (A read of personal data is answered by api_audit_decision_reply().)
 */
#ifndef TABULA_API_TEACHING_H
#define TABULA_API_TEACHING_H

#include "api/common/api.h"
#include "domain/teaching/class.h"
#include "domain/teaching/subject.h"

/* "2025-2026" for start year 2025, in the arena. */
const char *teaching_year_text(struct arena *a, int year);
/* The optional ?school_year= ("2025-2026") into *year, left as it is when
 * absent or empty; or answer p's problem (filled) and return false. */
bool teaching_year_query_or_reply(struct req *r, int *year, struct problem *p);
json_t *teaching_subject_json(const struct subject *s);
json_t *teaching_class_json(struct arena *a, const struct class_ref *c);

/* "class:ID", the audit entries' subject for a class, in r's arena. */
const char *teaching_class_subject(struct req *r, int64_t class_id);

#endif
