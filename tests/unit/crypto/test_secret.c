/* Unit tests of src/crypto/secret.c: loading the secret file and its
 * refusals, sub-keys per purpose and id, and sealed values. The secret is
 * process-wide, so the tests run in order: the first finds none loaded. */
#include "unit.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "core/err.h"
#include "crypto/bytes.h"
#include "crypto/secret.h"

static char dir[256];

/* Write len bytes to dir/name with the given mode; the path into path. */
static void put_file(char *path, size_t size, const char *name, const void *p, size_t len,
		     mode_t mode)
{
	snprintf(path, size, "%s/%s", dir, name);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Load a secret of these bytes (at least 32). */
static void load(const char *name, const void *p, size_t len)
{
	char path[512], err[256] = "";
	put_file(path, sizeof(path), name, p, len, 0600);
	if (secret_load(path, err, sizeof(err)) != ERR_OK)
		fail_msg("secret_load %s: %s", path, err);
	assert_true(secret_available());
}

static const char secret_a[] = "0123456789abcdef0123456789abcdef-a";
static const char secret_b[] = "0123456789abcdef0123456789abcdef-b";

static int setup(void **state)
{
	UNUSED(state);
	unit_tmpdir(dir, sizeof(dir));
	return 0;
}

static int teardown(void **state)
{
	UNUSED(state);
	secret_unload();
	unit_rmdir(dir);
	return 0;
}

/* Before any secret: every use answers ERR_INVALID and writes nothing. */
UNIT_TEST(test_none_loaded)
{
	UNUSED(state);
	assert_false(secret_available());
	unsigned char key[32];
	memset(key, 0x5a, sizeof(key));
	assert_int_equal(secret_derive("totp____", 1, key), ERR_INVALID);
	assert_int_equal(key[0], 0x5a);
	char *sealed = NULL;
	assert_int_equal(secret_seal("totp____", (const unsigned char *)"x", 1, &sealed),
			 ERR_INVALID);
	assert_null(sealed);
	/* A well-formed value: "v1." and the base64url of a nonce and a tag. */
	static const uint8_t box[24 + 16];
	char text[3 + 64] = "v1.";
	bytes_b64(text + 3, sizeof(text) - 3, box, sizeof(box));
	unsigned char out[16];
	size_t n = 12345;
	assert_int_equal(secret_open("totp____", text, out, sizeof(out), &n), ERR_INVALID);
	assert_int_equal(n, 12345);
}

UNIT_TEST(test_load_refusals)
{
	UNUSED(state);
	char path[512], err[256];

	/* Missing: the path and the reason in the message. */
	snprintf(path, sizeof(path), "%s/absent", dir);
	err[0] = '\0';
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, strerror(ENOENT)));

	/* A directory is not a file. */
	err[0] = '\0';
	assert_int_equal(secret_load(dir, err, sizeof(err)), ERR_IO);
	assert_non_null(strstr(err, "regular file"));

	/* Open to the group or to others. */
	static const mode_t open_modes[] = {0640, 0604, 0660, 0644, 0610, 0601, 0620, 0602};
	for (size_t i = 0; i < ARRAY_SIZE(open_modes); i++) {
		put_file(path, sizeof(path), "open", secret_a, sizeof(secret_a), open_modes[i]);
		err[0] = '\0';
		assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO);
		assert_non_null(strstr(err, "chmod 600"));
	}

	/* Too short: empty, and one byte short of 32. */
	put_file(path, sizeof(path), "short", "", 0, 0600);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO);
	assert_non_null(strstr(err, "fewer than 32 bytes"));
	put_file(path, sizeof(path), "short", secret_a, 31, 0600);
	err[0] = '\0';
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_IO);
	assert_non_null(strstr(err, "fewer than 32 bytes"));

	/* A small message buffer is cut, not overrun. */
	char small[12];
	memset(small, 'x', sizeof(small));
	assert_int_equal(secret_load(path, small, 8), ERR_IO);
	assert_int_equal(small[7], '\0');
	assert_int_equal(small[8], 'x');

	/* Nothing of it loaded a secret. */
	assert_false(secret_available());

	/* 32 bytes are enough; owner read-only is fine too. */
	put_file(path, sizeof(path), "exact", secret_a, 32, 0400);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_OK);
	assert_true(secret_available());
	secret_unload();
	assert_false(secret_available());
}

UNIT_TEST(test_derive)
{
	UNUSED(state);
	load("a", secret_a, sizeof(secret_a));
	unsigned char k1[32], k2[32];
	static const unsigned char zero[32];
	assert_int_equal(secret_derive("totp____", 1, k1), ERR_OK);
	assert_memory_not_equal(k1, zero, 32);
	/* Same purpose and id: same key. */
	assert_int_equal(secret_derive("totp____", 1, k2), ERR_OK);
	assert_memory_equal(k1, k2, 32);
	/* Another id, another purpose: another key. */
	assert_int_equal(secret_derive("totp____", 2, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);
	assert_int_equal(secret_derive("signkey_", 1, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);
	assert_int_equal(secret_derive("totp___x", 1, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);
	assert_int_equal(secret_derive("totp____", UINT64_MAX, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);

	/* The key follows the file's content, not its name. */
	load("a-again", secret_a, sizeof(secret_a));
	assert_int_equal(secret_derive("totp____", 1, k2), ERR_OK);
	assert_memory_equal(k1, k2, 32);
	load("b", secret_b, sizeof(secret_b));
	assert_int_equal(secret_derive("totp____", 1, k2), ERR_OK);
	assert_memory_not_equal(k1, k2, 32);

	/* Unloaded: refused again. */
	secret_unload();
	assert_int_equal(secret_derive("totp____", 1, k2), ERR_INVALID);
}

UNIT_TEST(test_seal_open)
{
	UNUSED(state);
	load("a", secret_a, sizeof(secret_a));
	static const size_t lens[] = {0, 1, 20, 32, 64, 255, 256};
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		unsigned char in[256], out[256];
		size_t len = lens[i];
		bytes_random(in, len);
		char *s1 = NULL, *s2 = NULL;
		assert_int_equal(secret_seal("totp____", in, len, &s1), ERR_OK);
		assert_int_equal(secret_seal("totp____", in, len, &s2), ERR_OK);
		/* "v1." and the base64url of a 24-byte nonce, the text and a
		 * 16-byte tag. */
		assert_memory_equal(s1, "v1.", 3);
		assert_int_equal(strlen(s1), 3 + bytes_b64_len(24 + len + 16) - 1);
		/* A fresh nonce each time. */
		assert_string_not_equal(s1, s2);
		size_t n = 0;
		memset(out, 0, sizeof(out));
		assert_int_equal(secret_open("totp____", s1, out, len, &n), ERR_OK);
		assert_int_equal(n, len);
		assert_memory_equal(out, in, len);
		assert_int_equal(secret_open("totp____", s2, out, sizeof(out), &n), ERR_OK);
		assert_int_equal(n, len);
		assert_memory_equal(out, in, len);
		/* Too small an output is refused. */
		if (len)
			assert_int_equal(secret_open("totp____", s1, out, len - 1, &n),
					 ERR_INVALID);
		/* Another purpose's key does not open it. */
		assert_int_equal(secret_open("signkey_", s1, out, sizeof(out), &n), ERR_INVALID);
		free(s1);
		free(s2);
	}
}

/* Any change of the text is refused: every character replaced, cut short,
 * made longer, another version prefix, another secret. */
UNIT_TEST(test_tampering)
{
	UNUSED(state);
	load("a", secret_a, sizeof(secret_a));
	static const unsigned char in[20] = "twenty bytes of seed";
	char *sealed = NULL;
	assert_int_equal(secret_seal("totp____", in, sizeof(in), &sealed), ERR_OK);
	size_t len = strlen(sealed);
	unsigned char out[64];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		char keep = sealed[i];
		sealed[i] = keep == 'A' ? 'B' : 'A';
		if (secret_open("totp____", sealed, out, sizeof(out), &n) != ERR_INVALID)
			fail_msg("a change at %zu was accepted", i);
		sealed[i] = keep;
	}
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_OK);

	char *copy = malloc(len + 2);
	assert_non_null(copy);
	for (size_t cut = 0; cut < len; cut++) {
		memcpy(copy, sealed, cut);
		copy[cut] = '\0';
		assert_int_equal(secret_open("totp____", copy, out, sizeof(out), &n), ERR_INVALID);
	}
	memcpy(copy, sealed, len);
	memcpy(copy + len, "A", 2);
	assert_int_equal(secret_open("totp____", copy, out, sizeof(out), &n), ERR_INVALID);
	memcpy(copy, sealed, len + 1);
	copy[1] = '2';
	assert_int_equal(secret_open("totp____", copy, out, sizeof(out), &n), ERR_INVALID);
	free(copy);
	assert_int_equal(secret_open("totp____", NULL, out, sizeof(out), &n), ERR_INVALID);
	assert_int_equal(secret_open("totp____", "v1.", out, sizeof(out), &n), ERR_INVALID);
	assert_int_equal(secret_open("totp____", "v1.!!!!", out, sizeof(out), &n), ERR_INVALID);

	/* Under another secret the same text does not open. */
	load("b", secret_b, sizeof(secret_b));
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_INVALID);
	load("a", secret_a, sizeof(secret_a));
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_OK);
	assert_memory_equal(out, in, sizeof(in));
	free(sealed);
}

/* What can be sealed can be opened: past the limit sealing refuses. */
UNIT_TEST(test_seal_limit)
{
	UNUSED(state);
	load("a", secret_a, sizeof(secret_a));
	unsigned char in[SECRET_SEAL_MAX + 1], out[SECRET_SEAL_MAX + 1];
	bytes_random(in, sizeof(in));
	char *sealed = NULL;
	size_t n = 0;
	assert_int_equal(secret_seal("totp____", in, SECRET_SEAL_MAX, &sealed), ERR_OK);
	assert_int_equal(secret_open("totp____", sealed, out, sizeof(out), &n), ERR_OK);
	assert_int_equal(n, SECRET_SEAL_MAX);
	assert_memory_equal(out, in, SECRET_SEAL_MAX);
	free(sealed);
	sealed = NULL;
	assert_int_equal(secret_seal("totp____", in, SECRET_SEAL_MAX + 1, &sealed), ERR_TOOLARGE);
	assert_null(sealed);
}

int main(void)
{
	return unit_run(LOG_WARN, setup, teardown);
}
