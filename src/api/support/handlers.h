/*
 * handlers.h: the HTTP handlers of the help desk (one file per resource
 * here). Each part of the desk declares its handlers in a block of its own.
 */
#ifndef TABULA_API_SUPPORT_HANDLERS_H
#define TABULA_API_SUPPORT_HANDLERS_H

#include "http/request.h"

/* su-desk: the knowledge base (articles.c), canned answers (canned.c),
 * satisfaction (satisfaction.c) and reports (reports.c). */
void api_articles_search(struct req *r);
void api_articles_get(struct req *r);
void api_articles_create(struct req *r);
void api_articles_put(struct req *r);
void api_articles_feedback(struct req *r);
void api_canned_list(struct req *r);
void api_canned_create(struct req *r);
void api_canned_update(struct req *r);
void api_canned_delete(struct req *r);
void api_support_satisfaction(struct req *r);
void api_support_reports(struct req *r);

/* su-clock: calendars and holidays (calendars.c). */
void api_support_calendars_get(struct req *r);
void api_support_holidays_put(struct req *r);

#endif
