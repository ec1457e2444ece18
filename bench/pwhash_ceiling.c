/*
 * pwhash_ceiling.c: the most Argon2id verifications per second this machine
 * can do with Tabula's parameters (m = 19 MiB, t = 2, p = 1), one thread per
 * core, nothing else: the ceiling for login throughput (bench/logins).
 *
 *   cc -O2 -o pwhash_ceiling bench/pwhash_ceiling.c $(pkg-config --cflags --libs libsodium)
 * -pthread
 *   ./pwhash_ceiling [threads] [seconds]
 */
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char hash[crypto_pwhash_STRBYTES];
static atomic_long done;
static atomic_bool stop;

static void *worker(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop)) {
		if (crypto_pwhash_str_verify(hash, "bench-password", 14) != 0) {
			fprintf(stderr, "verify failed\n");
			exit(1);
		}
		atomic_fetch_add(&done, 1);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = argc > 1 ? atoi(argv[1]) : (int)cores;
	int seconds = argc > 2 ? atoi(argv[2]) : 10;
	if (sodium_init() < 0 || threads < 1 || threads > 256 || seconds < 1)
		return 2;
	if (crypto_pwhash_str_alg(hash, "bench-password", 14, 2, (size_t)19 * 1024 * 1024,
				  crypto_pwhash_ALG_ARGON2ID13))
		return 1;
	pthread_t t[256];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	sleep((unsigned)seconds);
	atomic_store(&stop, true);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("PWHASH threads=%d verifies=%ld seconds=%.2f rate=%.1f/s\n", threads,
	       atomic_load(&done), s, (double)atomic_load(&done) / s);
	return 0;
}
