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

/* Tickets (su-tickets): tickets.c, attachments.c, categories.c, notices.c. */
void api_support_tickets_create(struct req *r);
void api_support_tickets_list(struct req *r);
void api_support_tickets_get(struct req *r);
void api_support_tickets_message(struct req *r);
void api_support_tickets_status(struct req *r);
void api_support_tickets_escalate(struct req *r);
void api_support_tickets_send_back(struct req *r);
void api_support_attachments_upload(struct req *r);
void api_support_attachments_get(struct req *r);
void api_support_categories_list(struct req *r);
void api_support_deadlines_put(struct req *r);
void api_support_notices_list(struct req *r);
void api_support_notices_read(struct req *r);

#endif
