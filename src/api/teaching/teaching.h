/*
 * teaching.h: what the teaching resources (classes.c, grades.c,
 * attendance.c) share: JSON of subjects and classes, and loading a class
 * with the caller's access checked.
 */
#ifndef TABULA_API_TEACHING_H
#define TABULA_API_TEACHING_H

#include "api/common/api.h"
#include "domain/teaching/class.h"
#include "domain/teaching/subject.h"

/* "2025-2026" for start year 2025, in the arena. */
const char *teaching_year_text(struct arena *a, int year);
json_t *teaching_subject_json(const struct subject *s);
json_t *teaching_class_json(struct arena *a, const struct class_ref *c);

/* Read class id and check the caller may do `act` with it (class_access):
 * p says why not (404 absent or outside the caller's reach, 403 otherwise).
 * *d (may be NULL) gets the decision; an absent class is decided as
 * refused (access_absent), so the caller records both alike. */
int teaching_class_load(struct db_conn *c, struct req *r, int64_t id, enum class_act act,
			int64_t teacher_id, struct class_ref *out, struct access_decision *d,
			struct problem *p);

/* May the caller do act (ACCESS_READ: see; ACCESS_WRITE: manage) with the
 * classes and term locks of the school at `path` (access_org)? ERR_OK, or p
 * says 404 "not_found" (outside their reach) or 403 "forbidden". */
int teaching_school_access(struct req *r, const char *path, enum access_action act,
			   struct problem *p);

/*
 * Answer a read of a class's personal data once its audit entries are
 * durable (api_audit_reply): allowed (d), one entry `action` per student in
 * ids[0..n) naming the class as subject, then `status` and `body`; refused (or the class
 * absent), one refused entry naming the class and the problem p. The
 * reference to body is taken.
 */
void teaching_reply_audited(struct req *r, const struct access_decision *d, const char *action,
			    int64_t class_id, const int64_t *ids, int n, int status, json_t *body,
			    const struct problem *p);

/* "class:ID", the audit entries' subject for a class, in r's arena. */
const char *teaching_class_subject(struct req *r, int64_t class_id);

#endif
