/*
 * submit.c: `tabula records submit --db URL --to URL --token TOKEN
 * [--batch N] [--max-batches N] [--restart] [--secret-file F]`, the province side of the
 * national repository (docs/records.md).
 *
 * Sends the sealed (and superseded) records in local id order, N at a time
 * (default 50, at most REPOSITORY_BATCH_MAX), to POST
 * /api/v1/repository/records at the ministry URL, authenticated with the
 * ministry account's bearer token. After each answered batch the last
 * record id of the batch is stored in repository_cursor for that URL, so a
 * rerun continues where the last one stopped. A run interrupted between the
 * ministry's answer and that store sends the batch again, which the ministry
 * answers as duplicates: nothing is stored twice. --restart forgets the
 * cursor; --max-batches stops after N batches. Prints each rejected record
 * and a summary on stdout. Exits 0 when every batch was answered, 1 on
 * failure, 2 on bad usage.
 *
 * Each batch also carries "audit_checkpoint": a checkpoint of the local
 * audit chain made at the start of the run (audit_checkpoint.h), signed
 * with the key derived from the server secret (--secret-file, as for
 * serve), so the ministry holds evidence of the province's log that a
 * later rewrite cannot match. Without a secret, or with the chain broken
 * (no checkpoint vouches for a broken chain), the batches go without one
 * and a warning says why: the records are signed on their own.
 */
#include "core/base.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "cli/cli.h"
#include "db/db.h"
#include "crypto/secret.h"
#include "domain/access/audit_checkpoint.h"
#include "domain/records/repository.h"

#include <curl/curl.h>

static const char *str_or(json_t *j, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(j, key));
	return s ? s : dflt;
}

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) ? 0 : size * n;
}

/* Each record the ministry rejected, with the check it failed. */
static void print_rejected(json_t *answer)
{
	size_t i;
	json_t *res;
	json_array_foreach(json_object_get(answer, "results"), i, res)
	{
		if (strcmp(str_or(res, "status", ""), "rejected"))
			continue;
		printf("rejected %s: %s: %s\n", str_or(res, "id", "(no id)"),
		       str_or(res, "check", "?"), str_or(res, "detail", ""));
	}
}

/* POST the batch (with the checkpoint, if any); *answer gets the parsed
 * 200 answer. */
static int post_batch(const char *url, const char *token, json_t *records, json_t *checkpoint,
		      json_t **answer)
{
	json_t *body = json_pack("{s:O}", "records", records);
	if (body && checkpoint && json_object_set(body, "audit_checkpoint", checkpoint)) {
		json_decref(body);
		body = NULL;
	}
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text)
		return ERR_NOMEM;
	char auth[1024];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	h = curl_slist_append(h, auth);
	struct buf out;
	buf_init(&out, 64u << 20);
	CURL *cu = curl_easy_init();
	int rc = cu && h ? ERR_OK : ERR_NOMEM;
	long status = 0;
	if (!rc) {
		curl_easy_setopt(cu, CURLOPT_URL, url);
		curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(cu, CURLOPT_POSTFIELDS, text);
		curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, collect);
		curl_easy_setopt(cu, CURLOPT_WRITEDATA, &out);
		curl_easy_setopt(cu, CURLOPT_TIMEOUT, 300L);
		CURLcode cc = curl_easy_perform(cu);
		if (cc != CURLE_OK) {
			fprintf(stderr, "tabula: %s: %s\n", url, curl_easy_strerror(cc));
			rc = ERR_IO;
		} else {
			curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &status);
		}
	}
	if (!rc && status != 200) {
		fprintf(stderr, "tabula: %s answered %ld: %.*s\n", url, status, (int)out.len,
			out.p ? out.p : "");
		rc = ERR_IO;
	}
	if (!rc) {
		json_error_t e;
		*answer = json_loadb(out.p, out.len, 0, &e);
		if (!json_is_object(*answer))
			rc = ERR_INVALID;
	}
	curl_easy_cleanup(cu);
	curl_slist_free_all(h);
	buf_release(&out);
	free(text);
	return rc;
}

/* What a run was asked to do, from the command line. */
struct submit_args {
	const char *to, *token;
	long batch, max_batches;
	bool restart;
	json_t *checkpoint; /* the run's audit checkpoint; NULL: none */
};

static bool submit_args_parse(int argc, char **argv, struct submit_args *a)
{
	*a = (struct submit_args){.batch = 50};
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--restart"))
			a->restart = true;
		if (i + 1 >= argc)
			continue;
		if (!strcmp(argv[i], "--to"))
			a->to = argv[i + 1];
		else if (!strcmp(argv[i], "--token"))
			a->token = argv[i + 1];
		else if (!strcmp(argv[i], "--batch"))
			a->batch = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--max-batches"))
			a->max_batches = strtol(argv[i + 1], NULL, 10);
	}
	return a->to && a->token && a->batch >= 1 && a->batch <= REPOSITORY_BATCH_MAX &&
	       a->max_batches >= 0;
}

/* What the ministry answered, summed over the batches. */
struct submit_totals {
	long batches, sent, accepted, duplicate, rejected;
};

/* Send batch after batch until none is left (or max_batches), each
 * answered batch moving the cursor on. */
static int submit_run(struct db *db, const struct submit_args *a, const char *url,
		      struct submit_totals *t)
{
	struct repository_outbox b = {.target = a->to, .limit = (int)a->batch};
	int rc = a->restart ? repository_cursor_reset(db, a->to) : ERR_OK;
	while (!rc && (!a->max_batches || t->batches < a->max_batches)) {
		b.records = json_array();
		rc = b.records ? repository_outbox_read(db, &b) : ERR_NOMEM;
		if (rc || !json_array_size(b.records)) {
			json_decref(b.records);
			break;
		}
		json_t *answer = NULL;
		rc = post_batch(url, a->token, b.records, a->checkpoint, &answer);
		if (!rc)
			rc = repository_cursor_save(db, a->to, b.last, time_now_unix());
		if (!rc) {
			t->batches++;
			t->sent += (long)json_array_size(b.records);
			t->accepted +=
				(long)json_integer_value(json_object_get(answer, "accepted"));
			t->duplicate +=
				(long)json_integer_value(json_object_get(answer, "duplicate"));
			t->rejected +=
				(long)json_integer_value(json_object_get(answer, "rejected"));
			print_rejected(answer);
		}
		json_decref(answer);
		json_decref(b.records);
	}
	return rc;
}

/* A checkpoint of db's audit chain signed with cfg's server secret, as
 * JSON; NULL (after a warning) when there is no secret or the chain is
 * broken. */
static json_t *checkpoint_now(const struct config *cfg, struct db *db)
{
	char err[512];
	struct audit_checkpoint cp;
	struct audit_report rep;
	json_t *j = NULL;
	if (!*cfg->secret_file || secret_load(cfg->secret_file, err, sizeof(err))) {
		fprintf(stderr,
			"tabula: warning: no server secret (%s): the batches go without an audit "
			"checkpoint\n",
			*cfg->secret_file ? err : "give --secret-file");
		return NULL;
	}
	int rc = audit_checkpoint_make(db, time_now_unix(), &cp, &rep);
	if (rc == ERR_INVALID)
		fprintf(stderr,
			"tabula: warning: the audit chain is BROKEN at entry %" PRId64
			" (%s): the batches go without an audit checkpoint\n",
			rep.bad_seq, rep.why);
	else if (rc)
		fprintf(stderr,
			"tabula: warning: no audit checkpoint (%s): the batches go without one\n",
			err_str(rc));
	else if (!(j = audit_checkpoint_json(&cp)))
		fprintf(stderr, "tabula: warning: out of memory: no audit checkpoint\n");
	else
		fprintf(stderr, "audit checkpoint: %" PRId64 " entries, head %s\n", cp.count,
			cp.head);
	secret_unload();
	return j;
}

int cli_records_submit(int argc, char **argv)
{
	struct submit_args args;
	if (!submit_args_parse(argc, argv, &args)) {
		fprintf(stderr,
			"usage: tabula records submit --db URL --to URL --token TOKEN "
			"[--batch 1..%d] [--max-batches N] [--restart] [--secret-file F]\n",
			REPOSITORY_BATCH_MAX);
		return 2;
	}
	struct config cfg;
	if (cli_read_config(&cfg, argc, argv, true))
		return 2;
	char err[512];
	struct db_options opt = {.readers = 1, .migrate = true};
	struct db *db = NULL;
	if (db_open(cfg.db, &opt, &db, err, sizeof(err))) {
		fprintf(stderr, "tabula: %s\n", err);
		config_release(&cfg);
		return 1;
	}
	char url[2048];
	size_t tl = strlen(args.to);
	snprintf(url, sizeof(url), "%.*s/api/v1/repository/records",
		 (int)(tl && args.to[tl - 1] == '/' ? tl - 1 : tl), args.to);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	args.checkpoint = checkpoint_now(&cfg, db);
	struct submit_totals t = {0};
	int rc = submit_run(db, &args, url, &t);
	printf("submitted %ld records in %ld batches: %ld accepted, %ld duplicate, %ld rejected\n",
	       t.sent, t.batches, t.accepted, t.duplicate, t.rejected);
	if (rc)
		fprintf(stderr, "tabula: submit stopped: %s (rerun to continue)\n", err_str(rc));
	curl_global_cleanup();
	json_decref(args.checkpoint);
	db_close(db);
	config_release(&cfg);
	return rc ? 1 : 0;
}
