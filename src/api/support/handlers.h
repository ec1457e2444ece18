/*
 * handlers.h: the support capability's HTTP handlers (docs/support.md),
 * one block per part.
 */
#ifndef TABULA_API_SUPPORT_HANDLERS_H
#define TABULA_API_SUPPORT_HANDLERS_H

#include "http/request.h"

/* su-clock: calendars and holidays (calendars.c). */
void api_support_calendars_get(struct req *r);
void api_support_holidays_put(struct req *r);

#endif
