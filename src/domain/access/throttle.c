/*
 * throttle.c: the back-off table of throttle.h. Keys are hashed with
 * SipHash (crypto/hash.h) under a key drawn when the table is made.
 */
#include "core/base.h"
#include "crypto/hash.h"
#include "domain/access/throttle.h"

#include <pthread.h>

const struct throttle_policy throttle_pair = {5, 1, 900, 3600};
const struct throttle_policy throttle_address = {100, 1, 900, 3600};
const struct throttle_policy throttle_account = {50, 1, 60, 3600};

#define PROBE 16

struct slot {
	uint64_t key; /* 0: free */
	int64_t last_fail;
	int64_t blocked_until;
	int32_t failures;
	int32_t forget;
};

struct throttle {
	pthread_mutex_t mu;
	size_t mask;
	uint8_t hkey[HASH_SHORT_KEY_BYTES];
	struct slot *slots;
};

struct throttle *throttle_new(size_t slots)
{
	size_t cap = 64;
	while (cap < slots)
		cap <<= 1;
	struct throttle *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->slots = calloc(cap, sizeof(*t->slots));
	if (!t->slots) {
		free(t);
		return NULL;
	}
	t->mask = cap - 1;
	hash_short_key(t->hkey);
	pthread_mutex_init(&t->mu, NULL);
	return t;
}

void throttle_free(struct throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t->slots);
	free(t);
}

static uint64_t key_hash(const struct throttle *t, const char *key)
{
	uint64_t v = hash_short(key, strlen(key), t->hkey);
	return v ? v : 1;
}

static bool stale(const struct slot *s, int64_t now)
{
	return s->key && now >= s->blocked_until && now - s->last_fail > s->forget;
}

/* The key's slot, or NULL; with create, a free, stale or the stalest slot
 * of the neighbourhood is taken. Called under the mutex. */
static struct slot *find(struct throttle *t, uint64_t k, int64_t now, bool create)
{
	struct slot *victim = NULL;
	for (size_t i = 0; i < PROBE; i++) {
		struct slot *s = &t->slots[(k + i) & t->mask];
		if (s->key == k)
			return s;
		if (!create)
			continue;
		if (!s->key || stale(s, now)) {
			if (!victim || victim->key)
				victim = s;
		} else if (!victim || (victim->key && s->last_fail < victim->last_fail)) {
			victim = s;
		}
	}
	if (victim)
		memset(victim, 0, sizeof(*victim));
	return victim;
}

int64_t throttle_wait(struct throttle *t, const char *key, int64_t now)
{
	uint64_t k = key_hash(t, key);
	pthread_mutex_lock(&t->mu);
	struct slot *s = find(t, k, now, false);
	int64_t wait = s && s->blocked_until > now ? s->blocked_until - now : 0;
	pthread_mutex_unlock(&t->mu);
	return wait;
}

void throttle_fail(struct throttle *t, const char *key, const struct throttle_policy *p,
		   int64_t now)
{
	uint64_t k = key_hash(t, key);
	pthread_mutex_lock(&t->mu);
	struct slot *s = find(t, k, now, true);
	if (s) {
		if (s->key == k && now - s->last_fail > p->forget_seconds)
			s->failures = 0;
		s->key = k;
		s->forget = p->forget_seconds;
		s->last_fail = now;
		s->failures++;
		int past = s->failures - p->free_failures;
		if (past >= 0) {
			int64_t block = p->cap_seconds;
			if (past < 30)
				block = (int64_t)p->base_seconds << past;
			if (block > p->cap_seconds)
				block = p->cap_seconds;
			s->blocked_until = now + block;
		}
	}
	pthread_mutex_unlock(&t->mu);
}

void throttle_clear(struct throttle *t, const char *key)
{
	uint64_t k = key_hash(t, key);
	pthread_mutex_lock(&t->mu);
	struct slot *s = find(t, k, 0, false);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&t->mu);
}
