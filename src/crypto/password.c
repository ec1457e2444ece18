#include "core/base.h"
#include "core/err.h"
#include "crypto/password.h"

#include <semaphore.h>
#include <sodium.h>
#include <unistd.h>

#define OPSLIMIT 2
#define MEMLIMIT ((size_t)19 * 1024 * 1024)

static sem_t hash_slots;
static char dummy_hash[PASSWORD_HASH_MAX];

int crypto_init(int slots)
{
	if (sodium_init() < 0)
		return ERR_INTERNAL;
	if (slots <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		slots = cores > 0 ? (int)cores : 1;
	}
	if (sem_init(&hash_slots, 0, (unsigned)slots))
		return ERR_INTERNAL;
	return password_hash("tabula-dummy-password", 21, dummy_hash);
}

int password_hash(const char *password, size_t len, char out[PASSWORD_HASH_MAX])
{
	while (sem_wait(&hash_slots) && errno == EINTR)
		;
	int rc = crypto_pwhash_str_alg(out, password, len, OPSLIMIT, MEMLIMIT,
				       crypto_pwhash_ALG_ARGON2ID13);
	sem_post(&hash_slots);
	return rc == 0 ? ERR_OK : ERR_NOMEM;
}

int password_verify(const char *hash, const char *password, size_t len)
{
	while (sem_wait(&hash_slots) && errno == EINTR)
		;
	int rc = crypto_pwhash_str_verify(hash, password, len);
	sem_post(&hash_slots);
	return rc == 0 ? ERR_OK : ERR_UNAUTHORIZED;
}

void password_verify_dummy(const char *password, size_t len)
{
	password_verify(dummy_hash, password, len);
}
