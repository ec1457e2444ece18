/* Unit tests of src/crypto/code.c: the shape of fresh one-time codes, the
 * forgiving reading of typed ones, and the stored hash. */
#include "unit.h"

#include "crypto/code.h"

UNIT_TEST(test_alphabet)
{
	UNUSED(state);
	assert_int_equal(strlen(code_alphabet), 30);
	/* No look-alikes. */
	assert_null(strpbrk(code_alphabet, "0O1ILU"));
	/* Upper case and digits only, each once. */
	for (size_t i = 0; code_alphabet[i]; i++) {
		char ch = code_alphabet[i];
		assert_true((ch >= '2' && ch <= '9') || (ch >= 'A' && ch <= 'Z'));
		assert_ptr_equal(strchr(code_alphabet, ch), code_alphabet + i);
	}
}

UNIT_TEST(test_new)
{
	UNUSED(state);
	char first[CODE_TEXT_MAX];
	code_new(first);
	bool differs = false;
	int used[256] = {0};
	for (int round = 0; round < 1000; round++) {
		char c[CODE_TEXT_MAX];
		memset(c, 'x', sizeof(c));
		code_new(c);
		/* "XXXX-XXXX-XXXX": 14 characters and the NUL. */
		assert_int_equal(strlen(c), CODE_TEXT_MAX - 2);
		for (int i = 0; i < 14; i++) {
			if (i == 4 || i == 9) {
				assert_int_equal(c[i], '-');
			} else {
				assert_non_null(strchr(code_alphabet, c[i]));
				used[(unsigned char)c[i]]++;
			}
		}
		/* A fresh code reads as itself without its hyphens. */
		char canon[CODE_CHARS + 1];
		assert_true(code_normalise(c, canon));
		char want[CODE_CHARS + 1];
		memcpy(want, c, 4);
		memcpy(want + 4, c + 5, 4);
		memcpy(want + 8, c + 10, 4);
		want[12] = '\0';
		assert_string_equal(canon, want);
		differs |= strcmp(c, first) != 0;
	}
	assert_true(differs);
	/* 12,000 draws reach every letter of the alphabet. */
	for (size_t i = 0; code_alphabet[i]; i++)
		assert_true(used[(unsigned char)code_alphabet[i]] > 0);
}

UNIT_TEST(test_normalise)
{
	UNUSED(state);
	static const char *const good[] = {
		"7KXM-Q2PD-9HRT",	   "7KXMQ2PD9HRT",
		"7kxm-q2pd-9hrt",	   " 7KXM q2pd - 9hrt ",
		"7-K-X-M-Q-2-P-D-9-H-R-T", "--7KXMQ2PD9HRT--",
		"7KXM  Q2PD  9HRT",
	};
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		char out[CODE_CHARS + 1];
		memset(out, 'x', sizeof(out));
		if (!code_normalise(good[i], out))
			fail_msg("\"%s\" refused", good[i]);
		assert_string_equal(out, "7KXMQ2PD9HRT");
	}

	static const char *const bad[] = {
		"",
		"----",
		"7KXM-Q2PD-9HR",   /* 11 */
		"7KXM-Q2PD-9HRTX", /* 13 */
		"7KXM-Q2PD-9HRT-7KXM-Q2PD-9HRT",
		"7KXM-Q2PD-9HR0", /* look-alikes are not in the alphabet */
		"7KXM-Q2PD-9HRO",
		"7KXM-Q2PD-9HR1",
		"7KXM-Q2PD-9HRI",
		"7KXM-Q2PD-9HRL",
		"7KXM-Q2PD-9HRU",
		"7kxm-q2pd-9hro",
		"7KXM_Q2PD_9HRT", /* only spaces and hyphens are ignored */
		"7KXM.Q2PD.9HRT",
		"7KXM\tQ2PD\t9HRT",
		"7KXM-Q2PD-9HR\xc3\x89", /* É */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char out[CODE_CHARS + 1];
		if (code_normalise(bad[i], out))
			fail_msg("\"%s\" accepted", bad[i]);
	}
}

UNIT_TEST(test_hash)
{
	UNUSED(state);
	char h[CODE_HASH_HEX], h2[CODE_HASH_HEX];
	/* BLAKE2b-256 keyed with "tabula one-time code v1" over the user name,
	 * its NUL and the canonical code. */
	code_hash("alice", "7KXMQ2PD9HRT", h);
	assert_string_equal(h, "07ae670ab08e1ea82fb8f5424d3906bd835db1d84b0353f712a96c4e91b45aac");
	code_hash("alice", "7KXMQ2PD9HRT", h2);
	assert_string_equal(h2, h);
	/* Bound to the user and to every character of the code. */
	code_hash("alicf", "7KXMQ2PD9HRT", h2);
	assert_string_not_equal(h2, h);
	code_hash("alice", "7KXMQ2PD9HRS", h2);
	assert_string_not_equal(h2, h);
	code_hash("", "7KXMQ2PD9HRT", h2);
	assert_string_not_equal(h2, h);
	assert_int_equal(strlen(h2), CODE_HASH_HEX - 1);
	assert_int_equal(strspn(h2, "0123456789abcdef"), CODE_HASH_HEX - 1);
}

UNIT_MAIN()
