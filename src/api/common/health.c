/*
 * health.c: GET /healthz and GET /metrics.
 */
#include "core/base.h"
#include "api/common/api.h"
#include "http/server.h"

static const char healthz_body[] = "{\"status\":\"ok\"}";

/* Liveness only: constant and cheap, so a load balancer can poll it hard. */
void api_healthz(struct req *r)
{
	res_body(r, 200, "application/json", healthz_body, sizeof(healthz_body) - 1);
}

/* Prometheus text format. Aggregates only: no personal data, no secrets. */
void api_metrics(struct req *r)
{
	struct app *app = api_app(r);
	struct buf b = BUF_INIT(4u << 20);
	int rc = http_server_metrics(r->srv, &b);
	rc = rc || work_metrics(app->db, &b);
	char *out = !rc && b.p ? arena_strndup(&r->arena, b.p, b.len) : NULL;
	size_t len = b.len;
	buf_release(&b);
	if (!out) {
		res_error(r, P_OUT_OF_MEMORY, NULL, "The server is out of memory.");
		return;
	}
	res_body(r, 200, "text/plain; version=0.0.4; charset=utf-8", out, len);
}
