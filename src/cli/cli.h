/*
 * cli.h: `tabula` commands that live outside main.c.
 * Each takes the arguments after its name and returns the exit status.
 */
#ifndef TABULA_CLI_H
#define TABULA_CLI_H

/* tabula verify [--key MULTIBASE] FILE: check a credential's proofs offline. */
int cli_verify(int argc, char **argv);

/* tabula trust-list --db URL [--school CODE] [--secret-file F]: the signed
 * trust list on standard output. */
int cli_trust_list(int argc, char **argv);

/* tabula records submit --db URL --to URL --token TOKEN [--batch N]
 * [--max-batches N] [--restart]: send the sealed records the ministry at
 * URL has not acknowledged, in batches (docs/records.md). */
int cli_records_submit(int argc, char **argv);

#endif
