/*
 * cli.h: the `tabula` commands, one file each under src/cli/, and what they
 * share (common.c). Each command takes the arguments after its name and
 * returns the exit status: 0 done, 1 failed, 2 bad usage. src/main.c only
 * dispatches.
 */
#ifndef TABULA_CLI_H
#define TABULA_CLI_H

#include <stdio.h>

struct config;
struct db;

/* tabula serve [settings]: the HTTP server (serve.c). */
int cli_serve(int argc, char **argv);
/* tabula migrate --db URL (migrate.c). */
int cli_migrate(int argc, char **argv);
/* tabula user add --db URL --username U --role ROLE [--org CODE]
 * [--student ID] --password-stdin [--must-change-password] (user.c). */
int cli_user_add(int argc, char **argv);
/* tabula demo --db URL: fill a demo data set, print the logins (demo.c). */
int cli_demo(int argc, char **argv);
/* tabula audit verify --db URL [--expect SEQ:HASH] [--checkpoints FILE
 * [--key MULTIKEY]], tabula audit checkpoint --db URL [--out FILE] (audit.c). */
int cli_audit(int argc, char **argv);
/* tabula import students --db URL [--as USERNAME] FILE.csv (students.c). */
int cli_import(int argc, char **argv);
/* tabula export students --db URL --org CODE [--as USERNAME] (students.c). */
int cli_export(int argc, char **argv);
/* tabula report-cards compute --db URL --year 2025-2026 (report_cards.c). */
int cli_report_cards(int argc, char **argv);

/* tabula verify [--key MULTIBASE] FILE: check a credential's proofs offline. */
int cli_verify(int argc, char **argv);

/* tabula trust-list --db URL [--school CODE] [--secret-file F]: the signed
 * trust list on standard output. */
int cli_trust_list(int argc, char **argv);

/* tabula records submit --db URL --to URL --token TOKEN [--batch N]
 * [--max-batches N] [--restart]: send the sealed records the ministry at
 * URL has not acknowledged, in batches (docs/records.md). */
int cli_records_submit(int argc, char **argv);

/* tabula admissions match --input FILE.json: the placement engine over a
 * JSON file, the result as JSON on stdout; 2 on bad input (admissions.c). */
int cli_admissions(int argc, char **argv);

/* tabula support holidays --db URL --file F.json, tabula support sweep
 * --db URL [--at INSTANT] (support.c; docs/support.md). */
int cli_support(int argc, char **argv);

/* tabula routes: the HTTP routes, one per line (main.c). */
int cli_routes(int argc, char **argv);

/* ---- shared by the commands (common.c) ---- */

/* The usage text with every command and setting. */
void cli_usage(FILE *out);
/* Fill cfg from flags, TABULA_* variables and --config FILE, with every
 * numeric setting checked against its range; on failure it prints why,
 * leaves cfg released and returns -1. allow_unknown: the command has flags
 * of its own besides the settings. */
int cli_load_config(struct config *cfg, int argc, char **argv, bool allow_unknown);
/* cli_load_config without the range checks: cfg from flags, variables and
 * --config FILE; on failure it prints why, leaves cfg released and returns
 * -1. */
int cli_read_config(struct config *cfg, int argc, char **argv, bool allow_unknown);
/* Open cfg's database with `readers` reader connections; NULL (and a
 * message on stderr) on failure. */
struct db *cli_open_db(const struct config *cfg, int readers, bool migrate);
/* The value after flag `name`, or NULL. */
const char *cli_flag(int argc, char **argv, const char *name);
bool cli_flag_present(int argc, char **argv, const char *name);
/* The positional arguments of a command whose flags all take a value: up
 * to max of them into out; returns how many there are. */
int cli_positionals(int argc, char **argv, const char **out, int max);
/* A whole small file (a PEM) as a NUL-terminated malloc'd string (the
 * caller frees it), or NULL. */
char *cli_read_file(const char *path);
/* One line of password from stdin, without its line ending. */
int cli_read_password(char *out, size_t outlen);

#endif
