/*
 * main.c: the tabula command. It only dispatches: each command lives in
 * src/cli/ (cli.h lists them with their usage).
 */
#include "core/base.h"
#include "core/json.h"
#include "core/version.h"
#include "cli/cli.h"

static int version(int argc, char **argv)
{
	UNUSED(argc);
	UNUSED(argv);
	printf("tabula %s\n", TABULA_VERSION);
	return 0;
}

static int help(int argc, char **argv)
{
	UNUSED(argc);
	UNUSED(argv);
	cli_usage(stdout);
	return 0;
}

/* A command is its name and, for two-word commands, the second word. */
static const struct command {
	const char *name, *sub;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"serve", NULL, cli_serve},
	{"migrate", NULL, cli_migrate},
	{"user", "add", cli_user_add},
	{"demo", NULL, cli_demo},
	{"audit", NULL, cli_audit},
	{"import", NULL, cli_import},
	{"export", NULL, cli_export},
	{"report-cards", NULL, cli_report_cards},
	{"verify", NULL, cli_verify},
	{"trust-list", NULL, cli_trust_list},
	{"records", "submit", cli_records_submit},
	{"admissions", "match", cli_admissions},
	{"support", NULL, cli_support},
	{"routes", NULL, cli_routes},
	{"version", NULL, version},
	{"--version", NULL, version},
	{"help", NULL, help},
	{"--help", NULL, help},
	{"-h", NULL, help},
};

int main(int argc, char **argv)
{
	json_init(); /* jansson's allocator: failures noted, and counted in the test build */
	if (argc < 2) {
		cli_usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *c = &commands[i];
		if (strcmp(argv[1], c->name))
			continue;
		if (!c->sub)
			return c->run(argc - 2, argv + 2);
		if (argc >= 3 && !strcmp(argv[2], c->sub))
			return c->run(argc - 3, argv + 3);
	}
	fprintf(stderr, "tabula: unknown command '%s'\n\n", argv[1]);
	cli_usage(stderr);
	return 2;
}
