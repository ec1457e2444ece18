/*
 * placements.c: sealing and running an admission round over HTTP.
 *
 *   POST /api/v1/admissions/rounds/{id}/seal    seal the inputs (after close)
 *   POST /api/v1/admissions/rounds/{id}/run     place from the sealed inputs
 *   GET  /api/v1/admissions/rounds/{id}/inputs  the sealed inputs, as
 *        `tabula admissions match --input` reads them
 *
 * The rules are domain/admissions/placement.h's. Seal and run answer the
 * round as stored now (its hashes); run adds the counts.
 */
#include "core/base.h"
#include "core/json.h"
#include "api/common/api.h"
#include "api/admissions/admissions.h"
#include "api/admissions/handlers.h"
#include "domain/admissions/placement.h"

static void seal_finish(struct req *r, int rc, void *arg)
{
	struct placement_op *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		admissions_reply_round(r, 200, x->round_id, NULL);
}

static void run_finish(struct req *r, int rc, void *arg)
{
	struct placement_op *x = arg;
	if (rc)
		api_problem(r, rc, &x->p);
	else
		admissions_reply_round(
			r, 200, x->round_id,
			json_pack("{s:i, s:i}", "placed", x->placed, "unplaced", x->unplaced));
}

/* Run fn on round {id} for the caller, answering with finish. */
static void placement_write(struct req *r, work_fn fn, api_finish_fn finish)
{
	struct placement_op *x = api_context_or_reply(r, sizeof(*x));
	if (!x || !api_path_id_or_reply(r, "id", &x->round_id))
		return;
	x->by = api_actor(r);
	api_write(r, fn, x, finish);
}

void api_rounds_seal(struct req *r)
{
	placement_write(r, placement_seal_tx, seal_finish);
}

void api_rounds_run(struct req *r)
{
	placement_write(r, placement_run_tx, run_finish);
}

void api_rounds_inputs(struct req *r)
{
	struct placement_inputs x = {0};
	if (!api_path_id_or_reply(r, "id", &x.round_id))
		return;
	int rc = placement_inputs_read(api_app(r)->db, api_actor(r), &x);
	if (rc)
		api_problem(r, rc, &x.p);
	else
		res_body(r, 200, "application/json", x.text, x.len);
}
