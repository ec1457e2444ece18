/*
 * audit.c: `tabula audit verify --db URL [--expect SEQ:HASH]
 * [--checkpoints FILE [--key MULTIKEY]]` and `tabula audit checkpoint --db
 * URL [--out FILE]` (docs/access.md).
 *
 * Both read the server secret (--secret-file, as for serve) for the
 * checkpoint key: checkpoint signs with it; verify --checkpoints trusts
 * its public key unless --key names another.
 */
#include "core/base.h"
#include "core/config.h"
#include "core/log.h"
#include "crypto/secret.h"
#include "db/db.h"
#include "domain/access/audit.h"
#include "domain/access/audit_checkpoint.h"
#include "cli/cli.h"

#include <fcntl.h>
#include <unistd.h>

#define USAGE                                                                          \
	"usage: tabula audit verify --db URL [--expect SEQ:HASH] [--checkpoints FILE " \
	"[--key MULTIKEY]]\n"                                                          \
	"       tabula audit checkpoint --db URL [--out FILE]   (both: [--secret-file F])\n"

/* The checkpoints of a file, one JSON object a line (blank lines skipped). */
struct cp_file {
	struct audit_checkpoint *cp;
	size_t *line; /* each one's line number */
	size_t n;
};

static void cp_file_release(struct cp_file *f)
{
	free(f->cp);
	free(f->line);
	*f = (struct cp_file){0};
}

/* Read path into f: 0, or 1 after saying why on stdout (the file is evidence:
 * a line that is not a checkpoint fails the check). */
static int cp_file_read(const char *path, struct cp_file *f)
{
	*f = (struct cp_file){0};
	FILE *in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "tabula: %s: %s\n", path, strerror(errno));
		return 1;
	}
	char *line = NULL;
	size_t cap = 0, no = 0, alloc = 0;
	ssize_t len;
	int rc = 0;
	while (!rc && (len = getline(&line, &cap, in)) >= 0) {
		no++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		if (f->n == alloc) {
			alloc = alloc ? 2 * alloc : 16;
			struct audit_checkpoint *cp = realloc(f->cp, alloc * sizeof(*cp));
			if (cp)
				f->cp = cp;
			size_t *ln = cp ? realloc(f->line, alloc * sizeof(*ln)) : NULL;
			if (ln)
				f->line = ln;
			if (!cp || !ln) {
				fprintf(stderr, "tabula: out of memory\n");
				rc = 1;
				break;
			}
		}
		json_error_t e;
		json_t *j = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &e);
		const char *why = "not JSON";
		if (!j || audit_checkpoint_from_json(j, &f->cp[f->n], &why)) {
			printf("audit: %s line %zu is not a checkpoint: %s\n", path, no, why);
			rc = 1;
		}
		json_decref(j);
		f->line[f->n++] = no;
	}
	if (!rc && ferror(in)) {
		fprintf(stderr, "tabula: %s: %s\n", path, strerror(errno));
		rc = 1;
	}
	free(line);
	fclose(in);
	if (rc)
		cp_file_release(f);
	return rc;
}

/* Load the server secret named by cfg: 0, or 2 after saying why. */
static int load_secret(const struct config *cfg, const char *what)
{
	char err[512];
	if (*cfg->secret_file && !secret_load(cfg->secret_file, err, sizeof(err)))
		return 0;
	fprintf(stderr, "tabula: %s needs the server secret: %s\n", what,
		*cfg->secret_file ? err : "give --secret-file");
	return 2;
}

/* What --expect and --checkpoints ask of the chain. */
struct verify_args {
	int64_t expect_seq;
	const char *expect_hash;
	const char *cp_path;
	struct cp_file cps;
	struct audit_anchor *anchors; /* the checkpoints', then --expect's */
	size_t n;
};

/* Print what failed and return 1. */
static int print_broken(const struct verify_args *v, const struct audit_report *rep)
{
	if (rep->bad_id)
		printf("audit: BROKEN at entry %" PRId64 " (row id %" PRId64 "): %s\n",
		       rep->bad_seq, rep->bad_id, rep->why);
	else
		printf("audit: BROKEN at entry %" PRId64 ": %s\n", rep->bad_seq, rep->why);
	if (rep->anchor) {
		const char *found = *rep->found ? rep->found : "(no such entry)";
		if (rep->anchor > v->cps.n) {
			printf("audit: --expect %" PRId64 ":%s; the chain has %s there\n",
			       v->expect_seq, v->expect_hash, found);
		} else {
			const struct audit_checkpoint *cp = &v->cps.cp[rep->anchor - 1];
			printf("audit: checkpoint at %s line %zu (made %s: %" PRId64
			       " entries, head %s) disagrees with the chain, which has %s at entry "
			       "%" PRId64 "\n",
			       v->cp_path, v->cps.line[rep->anchor - 1], cp->at, cp->count,
			       cp->head, found, cp->count);
			printf("audit: entries 1..%" PRId64
			       " agree with the checkpoints before it; "
			       "the chain was rewritten or cut within entries %" PRId64 "..%" PRId64
			       "\n",
			       rep->agreed, rep->agreed + 1, cp->count);
		}
	}
	printf("audit: %" PRId64 " entries before entry %" PRId64 " are intact\n", rep->entries,
	       rep->bad_seq);
	return 1;
}

/* The chain against the anchors; 0 whole, 1 broken or failed. */
static int verify_chain(struct db *db, struct verify_args *v)
{
	struct audit_report rep;
	int rc = audit_check_anchors(db, v->anchors, v->n, &rep);
	if (rc == ERR_INVALID)
		return print_broken(v, &rep);
	if (rc) {
		fprintf(stderr, "tabula: cannot read the audit log: %s\n", err_str(rc));
		return 1;
	}
	printf("audit: %" PRId64 " entries, chain intact\n", rep.entries);
	if (v->cp_path)
		printf("audit: %zu checkpoints in %s, all signed by the trusted key; the chain "
		       "passes through each one's head (the latest covers entries 1..%" PRId64
		       ")\n",
		       v->cps.n, v->cp_path, rep.agreed);
	if (v->expect_seq)
		printf("audit: entries 1..%" PRId64 " hash to %s at entry %" PRId64
		       ", as --expect says\n",
		       v->expect_seq, v->expect_hash, v->expect_seq);
	printf("head: %" PRId64 ":%s\n", rep.head_seq, rep.head_hash);
	return 0;
}

/* Every checkpoint signed by the trusted key; 0, 1 (named), 2 (no key). */
static int verify_signatures(const struct config *cfg, const char *key_flag,
			     const struct verify_args *v)
{
	char trusted[MULTIKEY_TEXT_MAX];
	if (key_flag) {
		snprintf(trusted, sizeof(trusted), "%s", key_flag);
	} else {
		int rc = load_secret(cfg, "verify --checkpoints (or give --key MULTIKEY)");
		if (!rc && audit_checkpoint_key(trusted))
			rc = 1;
		secret_unload();
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < v->cps.n; i++) {
		const char *why;
		if (audit_checkpoint_check(&v->cps.cp[i], trusted, &why)) {
			printf("audit: checkpoint at %s line %zu (made %s, %" PRId64
			       " entries) is not valid: %s\n",
			       v->cp_path, v->cps.line[i], v->cps.cp[i].at, v->cps.cp[i].count,
			       why);
			return 1;
		}
	}
	return 0;
}

/* Parse --expect into v: 0, or 2 after saying why. */
static int parse_expect(const char *expect, struct verify_args *v)
{
	if (!expect)
		return 0;
	char *end;
	errno = 0;
	long long seq = strtoll(expect, &end, 10);
	if (errno || seq <= 0 || *end != ':' || strlen(end + 1) != 64) {
		fprintf(stderr, "tabula: --expect takes SEQ:HASH as printed by audit verify\n");
		return 2;
	}
	v->expect_seq = seq;
	v->expect_hash = end + 1;
	return 0;
}

/* tabula audit verify: 0 whole, 1 broken (or failed), 2 usage. */
static int audit_verify_cmd(int argc, char **argv)
{
	struct verify_args v = {.cp_path = cli_flag(argc, argv, "--checkpoints")};
	int rc = parse_expect(cli_flag(argc, argv, "--expect"), &v);
	if (rc)
		return rc;
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	if (v.cp_path)
		rc = cp_file_read(v.cp_path, &v.cps);
	if (!rc && v.cp_path)
		rc = verify_signatures(&cfg, cli_flag(argc, argv, "--key"), &v);
	v.anchors = rc ? NULL : calloc(v.cps.n + 1, sizeof(*v.anchors));
	if (!rc && !v.anchors)
		rc = 1;
	if (!rc) {
		for (size_t i = 0; i < v.cps.n; i++)
			v.anchors[v.n++] =
				(struct audit_anchor){v.cps.cp[i].count, v.cps.cp[i].head};
		if (v.expect_seq)
			v.anchors[v.n++] = (struct audit_anchor){v.expect_seq, v.expect_hash};
	}
	struct db *db = rc ? NULL : cli_open_db(&cfg, 1, false);
	if (!rc && !db)
		rc = 1;
	if (!rc)
		rc = verify_chain(db, &v);
	if (db)
		db_close(db);
	free(v.anchors);
	cp_file_release(&v.cps);
	config_release(&cfg);
	return rc;
}

/* Append line (with its LF) to path, durably. */
static int append_line(const char *path, const char *line)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	size_t n = strlen(line);
	int rc = write(fd, line, n) == (ssize_t)n && write(fd, "\n", 1) == 1 && !fsync(fd) ? 0 : -1;
	if (close(fd))
		rc = -1;
	return rc;
}

/* tabula audit checkpoint: 0 printed (and appended), 1 failed or the chain
 * is broken, 2 usage or no secret. */
static int audit_checkpoint_cmd(int argc, char **argv)
{
	const char *out = cli_flag(argc, argv, "--out");
	struct config cfg;
	if (cli_load_config(&cfg, argc, argv, true))
		return 2;
	int rc = load_secret(&cfg, "audit checkpoint");
	struct db *db = rc ? NULL : cli_open_db(&cfg, 1, false);
	if (!rc && !db)
		rc = 1;
	struct audit_checkpoint cp;
	struct audit_report rep;
	if (!rc) {
		int e = audit_checkpoint_make(db, time_now_unix(), &cp, &rep);
		if (e == ERR_INVALID) {
			printf("audit: BROKEN at entry %" PRId64 ": %s\n", rep.bad_seq, rep.why);
			printf("audit: no checkpoint made: a broken chain is not signed\n");
		} else if (e) {
			fprintf(stderr, "tabula: cannot make a checkpoint: %s\n", err_str(e));
		}
		rc = e ? 1 : 0;
	}
	json_t *j = rc ? NULL : audit_checkpoint_json(&cp);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	if (!rc && !text)
		rc = 1;
	if (!rc && (puts(text) < 0 || fflush(stdout)))
		rc = 1;
	if (!rc && out && append_line(out, text)) {
		fprintf(stderr, "tabula: %s: %s\n", out, strerror(errno));
		rc = 1;
	}
	free(text);
	json_decref(j);
	if (db)
		db_close(db);
	secret_unload();
	config_release(&cfg);
	return rc;
}

int cli_audit(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "verify"))
		return audit_verify_cmd(argc - 1, argv + 1);
	if (argc >= 1 && !strcmp(argv[0], "checkpoint"))
		return audit_checkpoint_cmd(argc - 1, argv + 1);
	fputs(USAGE, stderr);
	return 2;
}
