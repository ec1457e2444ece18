/* Unit tests of src/domain/signing_key.c: keys are made only with a server
 * secret, their seeds sealed so that they open only under that secret and
 * in the row of their own public key. */
#include "unit.h"
#include "secret.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>

#include "crypto/secret.h"
#include "domain/records/signing_key.h"

UNIT_TEST(test_roles)
{
	UNUSED(state);
	for (int r = 0; r < SKEY__ROLES; r++)
		assert_int_equal(skey_role_parse(skey_role_name((enum skey_role)r)), r);
	assert_int_equal(skey_role_parse("homeroom_teacher"), SKEY_HOMEROOM_TEACHER);
	assert_int_equal(skey_role_parse("teacher"), -1);
	assert_int_equal(skey_role_parse(NULL), -1);
}

UNIT_TEST(test_no_secret_no_key)
{
	UNUSED(state);
	secret_unload();
	struct arena a;
	arena_init(&a, 1024, 0);
	struct skey k;
	struct problem p = {0};
	assert_false(skey_available());
	assert_int_equal(skey_generate(&a, 7, SKEY_PRINCIPAL, 3, 1000, &k, &p), ERR_RETRY);
	assert_string_equal(p.code, "signing_unavailable");
	assert_int_equal(p.status, 503);
	arena_release(&a);
}

UNIT_TEST(test_generate_open_sign)
{
	UNUSED(state);
	char dir[256];
	unit_tmpdir(dir, sizeof(dir));
	unit_secret_load(dir, "s1", NULL);
	struct arena a;
	arena_init(&a, 1024, 0);
	struct skey k, other;
	struct problem p = {0};
	assert_int_equal(skey_generate(&a, 7, SKEY_HOMEROOM_TEACHER, 3, 1000, &k, &p), ERR_OK);
	assert_true(k.fresh);
	assert_int_equal(k.valid_from, 1000);
	assert_int_equal(k.valid_until, 0);
	assert_memory_equal(k.multikey, "z6Mk", 4);
	assert_memory_equal(k.sealed, "v1.", 3);
	char method[SKEY_METHOD_MAX], did[SKEY_DID_MAX], want[SKEY_METHOD_MAX];
	skey_method(&k, method);
	skey_did(&k, did);
	snprintf(want, sizeof(want), "did:key:%s#%s", k.multikey, k.multikey);
	assert_string_equal(method, want);
	assert_int_equal(strncmp(method, did, strlen(did)), 0);
	/* The sealed seed gives back this very key: it signs, the public key
	 * verifies. */
	uint8_t sk[64], sig[64];
	assert_int_equal(skey_open(&k, sk), ERR_OK);
	crypto_sign_detached(sig, NULL, (const unsigned char *)"record", 6, sk);
	assert_int_equal(crypto_sign_verify_detached(sig, (const unsigned char *)"record", 6, k.pk),
			 0);
	/* Nothing of the seed shows in the sealed text. */
	char hex[129];
	sodium_bin2hex(hex, sizeof(hex), sk, 32);
	assert_null(strstr(k.sealed, hex));
	sodium_memzero(sk, sizeof(sk));

	/* Two keys never share a seed; a sealed seed in another key's row
	 * does not open. */
	assert_int_equal(skey_generate(&a, 7, SKEY_HOMEROOM_TEACHER, 3, 1000, &other, &p), ERR_OK);
	assert_memory_not_equal(other.pk, k.pk, 32);
	struct skey swapped = other;
	swapped.sealed = k.sealed;
	assert_int_equal(skey_open(&swapped, sk), ERR_INVALID);
	/* A changed character: refused. */
	struct skey changed = k;
	changed.sealed = arena_strdup(&a, k.sealed);
	size_t n = strlen(changed.sealed);
	changed.sealed[n - 3] = changed.sealed[n - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(skey_open(&changed, sk), ERR_INVALID);
	struct skey garbage = k;
	garbage.sealed = "v2.abc";
	assert_int_equal(skey_open(&garbage, sk), ERR_INVALID);

	/* Under another server secret the key does not open at all. */
	unit_secret_load(dir, "s2", NULL);
	assert_int_equal(skey_open(&k, sk), ERR_INVALID);
	secret_unload();
	assert_int_equal(skey_open(&k, sk), ERR_RETRY);
	arena_release(&a);
	unit_rmdir(dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;

	return unit_run(LOG_WARN, NULL, NULL);
}
