/*
 * teaching.h: what the teaching resources (classes.c, grades.c,
 * attendance.c) share: JSON of subjects and classes, and loading a class
 * with the caller's access checked.
 */
#ifndef TABULA_API_TEACHING_H
#define TABULA_API_TEACHING_H

#include "api/api.h"
#include "domain/class.h"
#include "domain/subject.h"

/* "2025-2026" for start year 2025, in the arena. */
const char *teaching_year_text(struct arena *a, int year);
json_t *teaching_subject_json(const struct subject *s);
json_t *teaching_class_json(struct arena *a, const struct class_ref *c);

/* Read class id and check the caller may do `act` with it (class_access):
 * p says why not (404 outside the caller's reach, 403 otherwise). */
int teaching_class_load(struct db_conn *c, struct req *r, int64_t id, enum class_act act,
			int64_t teacher_id, struct class_ref *out, struct problem *p);

#endif
