#include "core/base.h"
#include "core/config.h"

#include <ctype.h>

struct config_key {
	const char *name;
	enum config_type type;
	size_t offset;
	const char *help;
	const char *def_str;
	long long def_int;
};

#define CONFIG_DEF_STR(def) (const char *)(def), 0
#define CONFIG_DEF_INT(def) NULL, (long long)(def)
#define CONFIG_KEY(k, type, def, help) \
	{#k, CONFIG_##type, offsetof(struct config, k), help, CONFIG_DEF_##type(def)},
static const struct config_key config_keys[] = {CONFIG_LIST(CONFIG_KEY)};
#undef CONFIG_KEY

static const struct config_key *config_find(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const char *k = config_keys[i].name;
		if (strlen(k) == len && !memcmp(k, name, len))
			return &config_keys[i];
	}
	return NULL;
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];
		char *field = (char *)c + k->offset;
		if (k->type == CONFIG_STR)
			memcpy(field, &k->def_str, sizeof(k->def_str));
		else
			memcpy(field, &k->def_int, sizeof(k->def_int));
	}
}

void config_release(struct config *c)
{
	for (int i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	c->nowned = 0;
}

static int config_apply(struct config *c, const struct config_key *k, const char *value, char *err,
			size_t errlen)
{
	char *field = (char *)c + k->offset;
	if (k->type == CONFIG_INT) {
		char *end;
		errno = 0;
		long long v = strtoll(value, &end, 10);
		if (errno || end == value || *end || v < 0) {
			snprintf(err, errlen, "%s: '%s' is not a non-negative whole number",
				 k->name, value);
			return -1;
		}
		memcpy(field, &v, sizeof(v));
		return 0;
	}
	if (c->nowned >= (int)ARRAY_SIZE(c->owned)) {
		snprintf(err, errlen, "too many settings");
		return -1;
	}
	char *copy = strdup(value);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->owned[c->nowned++] = copy;
	memcpy(field, &copy, sizeof(copy));
	return 0;
}

int config_set(struct config *c, const char *key, const char *value, char *err, size_t errlen)
{
	const struct config_key *k = config_find(key, strlen(key));
	if (!k) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return -1;
	}
	return config_apply(c, k, value, err, errlen);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* File format: "key = value" lines; '#' starts a comment line. */
static int config_load_file(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open config file %s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		/* Whole lines only: a line cut at a buffer's end or at a NUL would
		 * have its tail read as a setting of its own. */
		if (len > 4096 || memchr(line, '\0', (size_t)len)) {
			snprintf(err, errlen, "%s:%d: line too long or holds a NUL byte", path,
				 lineno);
			rc = -1;
			break;
		}
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		char *key = trim(s), *value = trim(eq + 1);
		size_t vlen = strlen(value);
		if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
			value[vlen - 1] = '\0';
			value++;
		}
		char sub[512];
		if (config_set(c, key, value, sub, sizeof(sub))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, sub);
			rc = -1;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

static void config_env_name(const char *key, char *out, size_t outlen)
{
	size_t n = (size_t)snprintf(out, outlen, "TABULA_%s", key);
	for (size_t i = 7; i < n && i < outlen; i++)
		out[i] = (char)toupper((unsigned char)out[i]);
}

static const char *flag_key(const char *arg, char *key, size_t keylen)
{
	if (strncmp(arg, "--", 2) != 0)
		return NULL;
	arg += 2;
	size_t n = strcspn(arg, "=");
	if (n >= keylen)
		return NULL;
	for (size_t i = 0; i < n; i++)
		key[i] = (char)(arg[i] == '-' ? '_' : arg[i]);
	key[n] = '\0';
	return arg[n] == '=' ? arg + n + 1 : arg + n;
}

int config_load(struct config *c, int argc, char **argv, bool allow_unknown, char *err,
		size_t errlen)
{
	/* The config file is named first, so find it before anything else. */
	const char *file = getenv("TABULA_CONFIG");
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			file = argv[i + 1];
		else if (!strncmp(argv[i], "--config=", 9))
			file = argv[i] + 9;
	}
	if (file && *file && config_load_file(c, file, err, errlen))
		return -1;

	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		char name[64];
		config_env_name(config_keys[i].name, name, sizeof(name));
		const char *v = getenv(name);
		if (v && config_apply(c, &config_keys[i], v, err, errlen))
			return -1;
	}

	for (int i = 0; i < argc; i++) {
		char key[64];
		const char *rest = flag_key(argv[i], key, sizeof(key));
		if (!rest) {
			if (allow_unknown)
				continue;
			snprintf(err, errlen, "unexpected argument '%s'", argv[i]);
			return -1;
		}
		if (!strcmp(key, "config")) {
			if (!*rest && !strchr(argv[i], '=')) {
				if (i + 1 >= argc) {
					snprintf(err, errlen, "flag '%s' needs a value", argv[i]);
					return -1;
				}
				i++;
			}
			continue;
		}
		const struct config_key *k = config_find(key, strlen(key));
		if (!k) {
			if (allow_unknown)
				continue;
			snprintf(err, errlen, "unknown flag '%s'", argv[i]);
			return -1;
		}
		const char *value = rest;
		if (!*rest && !strchr(argv[i], '=')) {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "flag '%s' needs a value", argv[i]);
				return -1;
			}
			value = argv[++i];
		}
		if (config_apply(c, k, value, err, errlen))
			return -1;
	}
	return 0;
}

void config_usage(FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
		const struct config_key *k = &config_keys[i];
		char flag[64];
		size_t n = (size_t)snprintf(flag, sizeof(flag), "--%s", k->name);
		for (size_t j = 2; j < n; j++)
			if (flag[j] == '_')
				flag[j] = '-';
		if (k->type == CONFIG_STR)
			fprintf(out, "  %-18s %s (default '%s')\n", flag, k->help, k->def_str);
		else
			fprintf(out, "  %-18s %s (default %lld)\n", flag, k->help, k->def_int);
	}
}
