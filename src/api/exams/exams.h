/*
 * exams.h: the JSON shapes the exams resources share (exams.c).
 */
#ifndef TABULA_API_EXAMS_EXAMS_H
#define TABULA_API_EXAMS_EXAMS_H

#include <jansson.h>

#include "core/arena.h"
#include "domain/exams/registration.h"
#include "domain/exams/session.h"

/* An instant (Unix ms) as RFC 3339 at the zone's offset, or null for
 * EXAM_NO_INSTANT. */
json_t *exams_instant_json(int64_t ms, int offset);

/* Hundredths of a point as a decimal string: 25 -> "0.25", 200 -> "2.00". */
json_t *exams_points_json(int64_t hundredths);

/* A session; with_sites adds its councils and sites (one session's read). */
json_t *exams_session_json(const struct exam_session *s, bool with_sites);

/* A registration (the receipt): the versions when r has them. */
json_t *exams_registration_json(const struct exam_registration *r);

#endif
