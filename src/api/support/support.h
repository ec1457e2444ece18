/*
 * support.h: the JSON shapes the support resources share (ticket_json.c).
 */
#ifndef TABULA_API_SUPPORT_SUPPORT_H
#define TABULA_API_SUPPORT_SUPPORT_H

#include <jansson.h>

#include "domain/support/ticket.h"

/* An instant (Unix ms) as RFC 3339 at offset seconds, or null for
 * SUPPORT_NONE. */
json_t *support_instant_json(int64_t ms, int offset);

/* A ticket as its reader may see it; with its thread, history and
 * attachments when t has them (the single read). */
json_t *support_ticket_json(const struct support_ticket *t, bool full);

/* An attachment without its bytes. */
json_t *support_attachment_json(const struct support_attachment_item *a);

#endif
