/*
 * handlers.h: the HTTP handlers of subjects, classes, gradebooks, terms, attendance, timetables and
 * grading policies (one file per resource here).
 */
#ifndef TABULA_API_TEACHING_HANDLERS_H
#define TABULA_API_TEACHING_HANDLERS_H

struct req;

void api_policies_list(struct req *r);
void api_policies_evaluate(struct req *r);
void api_subjects_list(struct req *r);
void api_classes_create(struct req *r);
void api_classes_list(struct req *r);
void api_classes_get(struct req *r);
void api_classes_assign(struct req *r);
void api_classes_add_students(struct req *r);
void api_classes_update(struct req *r);
void api_grades_class_get(struct req *r);
void api_grades_class_save(struct req *r);
void api_grades_report_card(struct req *r);
void api_terms_list(struct req *r);
void api_terms_lock(struct req *r);
void api_terms_unlock(struct req *r);
void api_attendance_class_save(struct req *r);
void api_attendance_class_get(struct req *r);
void api_attendance_student(struct req *r);
void api_timetable_class_put(struct req *r);
void api_timetable_class_get(struct req *r);
void api_timetable_teacher(struct req *r);
void api_timetable_student(struct req *r);

#endif
