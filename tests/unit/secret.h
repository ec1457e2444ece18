/*
 * secret.h: a server secret for the unit tests that seal or sign with it.
 * Include after unit.h. Helpers are static inline: each test file is its
 * own program.
 */
#ifndef TABULA_TEST_SECRET_H
#define TABULA_TEST_SECRET_H

#include "unit.h"

#include <fcntl.h>
#include <sodium.h>

#include "core/err.h"
#include "crypto/secret.h"

#define UNIT_SECRET_BYTES 32

/* Write UNIT_SECRET_BYTES bytes (NULL: random ones) to dir/name, readable
 * by the owner alone, and load that file as the server secret. */
static inline void unit_secret_load(const char *dir, const char *name, const void *bytes)
{
	unsigned char random[UNIT_SECRET_BYTES];
	if (!bytes) {
		randombytes_buf(random, sizeof(random));
		bytes = random;
	}
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, UNIT_SECRET_BYTES), UNIT_SECRET_BYTES);
	close(fd);
	assert_int_equal(secret_load(path, err, sizeof(err)), ERR_OK);
}

#endif
