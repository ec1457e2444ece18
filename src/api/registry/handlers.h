/*
 * handlers.h: the HTTP handlers of the student registry: organisations, students, transfers,
 * imports and exports (one file per resource here).
 */
#ifndef TABULA_API_REGISTRY_HANDLERS_H
#define TABULA_API_REGISTRY_HANDLERS_H

#include <jansson.h>

struct req;
struct arena;
struct student;
struct transfer;

/* The JSON of a student and of a transfer, as every registry answer has it. */
json_t *api_student_json(struct arena *a, const struct student *s);
json_t *api_transfer_json(struct arena *a, const struct transfer *t);

void api_orgs_create(struct req *r);
void api_orgs_get(struct req *r);
void api_orgs_update(struct req *r);
void api_orgs_move(struct req *r);
void api_orgs_children(struct req *r);
void api_orgs_history(struct req *r);
void api_orgs_promote(struct req *r);
void api_students_create(struct req *r);
void api_students_search(struct req *r);
void api_students_get(struct req *r);
void api_students_update(struct req *r);
void api_students_history(struct req *r);
void api_students_enrol(struct req *r);
void api_students_leave(struct req *r);
void api_students_merge(struct req *r);
void api_transfers_request(struct req *r);
void api_transfers_list(struct req *r);
void api_transfers_get(struct req *r);
void api_transfers_approve(struct req *r);
void api_transfers_refuse(struct req *r);
void api_imports_students(struct req *r);
void api_exports_students(struct req *r);

#endif
