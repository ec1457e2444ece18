/*
 * exams_tokens.c: sign-in tokens for a million benchmark candidates.
 *
 * Prints "I,HASH" for I in 1..N, where HASH is what the server stores for
 * the session token "bench-exams-I" (src/crypto/token.c: BLAKE2b-256 of the
 * token, hex). bench/exams_http loads the lines into the store and makes
 * one candidate, account and session per line in SQL; the load clients
 * (bench/register.lua, bench/burst.c) send "bench-exams-I" as the bearer
 * token of candidate I. Benchmark databases only: the tokens are guessable.
 *
 *   exams_tokens N > tokens.csv
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o exams_tokens exams_tokens.c -lsodium
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;
	if (n <= 0 || sodium_init() < 0) {
		fprintf(stderr, "usage: exams_tokens N\n");
		return 2;
	}
	for (long i = 1; i <= n; i++) {
		char tok[64], hex[65];
		unsigned char h[32];
		int len = snprintf(tok, sizeof(tok), "bench-exams-%ld", i);
		crypto_generichash(h, sizeof(h), (const unsigned char *)tok, (size_t)len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		printf("%ld,%s\n", i, hex);
	}
	return 0;
}
