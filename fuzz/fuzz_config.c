/*
 * fuzz_config.c: the config file parser, through config_load("--config F").
 *
 * The input is written to a memfd that stays open for the whole run and is
 * named by /proc/self/fd/N, so nothing touches the disk. TABULA_* variables
 * are removed from the environment first: only the file may set anything.
 *
 * Checked besides memory safety: an error comes with a message, success with
 * every string setting set and every number setting non-negative, and
 * config_release frees what the load took (LeakSanitizer).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/base.h"
#include "core/config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern char **environ;

static int fd = -1;
static char path[64];

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	UNUSED(argc);
	UNUSED(argv);
	/* Restart the scan after each removal: unsetenv reshuffles environ. */
	for (bool again = true; again;) {
		again = false;
		for (char **e = environ; *e; e++) {
			if (strncmp(*e, "TABULA_", 7) != 0)
				continue;
			char name[256];
			size_t n = strcspn(*e, "=");
			if (n >= sizeof(name))
				continue;
			memcpy(name, *e, n);
			name[n] = '\0';
			unsetenv(name);
			again = true;
			break;
		}
	}
	fd = memfd_create("fuzz_config", 0);
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		return 0;
	}
	/* No memfd (old kernel, seccomp): an unlinked-at-exit file in /tmp. */
	snprintf(path, sizeof(path), "/tmp/fuzz_config.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("fuzz_config: mkstemp");
		abort();
	}
	atexit(remove_file);
	return 0;
}

static void write_input(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) != 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t n = pwrite(fd, data + off, size - off, (off_t)off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
}

#define CHECK_STR(k) \
	if (!c.k)    \
		abort();
#define CHECK_INT(k) \
	if (c.k < 0) \
		abort();
#define CHECK(k, type, def, help) CHECK_##type(k)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	write_input(data, size);

	struct config c;
	config_init(&c);
	char *argv[] = {"--config", path};
	char err[512] = "";
	if (config_load(&c, (int)ARRAY_SIZE(argv), argv, false, err, sizeof(err)) == 0) {
		CONFIG_LIST(CHECK)
	} else if (!err[0]) {
		abort();
	}
	config_release(&c);
	return 0;
}
