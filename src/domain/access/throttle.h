/*
 * throttle.h: back-off for failed logins, code redemptions and TOTP checks.
 *
 * A key (an account, a client address, or the pair) collects failures. Past
 * `free_failures` each further failure blocks the key for base << k seconds
 * (k = failures past the free ones), capped at `cap_seconds`, so an attacker
 * cannot lock a real user out for longer than the cap. A key with no failure
 * for `forget_seconds` starts again from zero; a success clears it.
 *
 * The table is in memory and per process (a fixed number of slots; the
 * stalest entry is dropped when a neighbourhood is full). Behind a load
 * balancer each server throttles on its own, which multiplies the attempts
 * an attacker gets by the number of servers: see docs/accounts.md.
 * Keys are hashed with SipHash under a random key, so chosen keys cannot
 * crowd one neighbourhood. Thread-safe.
 */
#ifndef TABULA_DOMAIN_THROTTLE_H
#define TABULA_DOMAIN_THROTTLE_H

struct throttle_policy {
	int free_failures;
	int base_seconds;
	int cap_seconds;
	int forget_seconds;
};

/* The policies Tabula uses (docs/accounts.md). */
extern const struct throttle_policy throttle_pair;    /* account at one address */
extern const struct throttle_policy throttle_address; /* one client address */
extern const struct throttle_policy throttle_account; /* one account, any address */

struct throttle;

/* slots: table size (rounded up to a power of two); NULL if out of memory. */
struct throttle *throttle_new(size_t slots);
void throttle_free(struct throttle *t);

/* Seconds the key must still wait (0: it may try now). */
int64_t throttle_wait(struct throttle *t, const char *key, int64_t now);
/* Record a failure under the policy. */
void throttle_fail(struct throttle *t, const char *key, const struct throttle_policy *p,
		   int64_t now);
/* Forget the key's failures (after a success). */
void throttle_clear(struct throttle *t, const char *key);

#endif
