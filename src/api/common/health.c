/*
 * health.c: GET /healthz (liveness), GET /readyz (readiness: can the store
 * take work) and GET /metrics.
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

static const char readyz_body[] = "{\"status\":\"ready\"}";

static void readyz_finish(struct req *r, int rc, void *ctx)
{
	UNUSED(ctx);
	if (rc)
		api_problem(r, ERR_UNAVAILABLE, NULL);
	else
		res_body(r, 200, "application/json", readyz_body, sizeof(readyz_body) - 1);
}

/*
 * Readiness: 503 store_unavailable while the store cannot take work, so a
 * load balancer sends requests elsewhere; 200 otherwise. Cheap while all
 * is well (nothing on SQLite, SELECT 1 on PostgreSQL); once a write failed
 * for want of the store (disk full, read-only file) it tries a small write
 * through the group commit, without holding a server thread, until one
 * commits.
 */
void api_readyz(struct req *r)
{
	bool probe = false;
	if (work_ready(api_app(r)->db, &probe)) {
		api_problem(r, ERR_UNAVAILABLE, NULL);
		return;
	}
	if (!probe) {
		res_body(r, 200, "application/json", readyz_body, sizeof(readyz_body) - 1);
		return;
	}
	api_write(r, work_probe_tx, NULL, readyz_finish);
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
