/* ratelimit.c — see ratelimit.h. Open addressing on a 64-bit hash of the key;
 * two keys with the same hash share a counter, which at worst makes a limit
 * apply a little early to a colliding key. */
#include "ratelimit.h"
#include "mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define RL_SLOTS 8192
#define RL_PROBE 16

struct rl_slot {
	uint64_t key;
	int64_t start;
	int count;
};

struct ratelimit {
	pthread_mutex_t mu;
	int max, window;
	struct rl_slot slot[RL_SLOTS];
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}

ratelimit *ratelimit_new(int max, int window_s)
{
	ratelimit *r = mem_calloc(1, sizeof *r);
	pthread_mutex_init(&r->mu, NULL);
	r->max = max;
	r->window = window_s;
	return r;
}

void ratelimit_free(ratelimit *r)
{
	if (!r)
		return;
	pthread_mutex_destroy(&r->mu);
	free(r);
}

/* Finds key's slot, or claims an empty, expired or oldest one. */
static struct rl_slot *lookup(ratelimit *r, uint64_t k, int64_t now, int create)
{
	struct rl_slot *victim = NULL;
	for (int i = 0; i < RL_PROBE; i++) {
		struct rl_slot *s = &r->slot[(k + (uint64_t)i) % RL_SLOTS];
		if (s->key == k) {
			if (now - s->start >= r->window) {
				s->start = now;
				s->count = 0;
			}
			return s;
		}
		if (s->key == 0 || now - s->start >= r->window) {
			if (!victim || victim->key != 0)
				victim = s;
		} else if (!victim || (victim->key != 0 && s->start < victim->start &&
					now - victim->start < r->window)) {
			victim = s;
		}
	}
	if (!create)
		return NULL;
	victim->key = k;
	victim->start = now;
	victim->count = 0;
	return victim;
}

int ratelimit_check(ratelimit *r, const char *key, int64_t now)
{
	pthread_mutex_lock(&r->mu);
	struct rl_slot *s = lookup(r, hash(key), now, 0);
	int wait = 0;
	if (s && s->count >= r->max)
		wait = (int)(s->start + r->window - now);
	pthread_mutex_unlock(&r->mu);
	return wait > 0 ? wait : 0;
}

void ratelimit_hit(ratelimit *r, const char *key, int64_t now)
{
	pthread_mutex_lock(&r->mu);
	struct rl_slot *s = lookup(r, hash(key), now, 1);
	s->count++;
	pthread_mutex_unlock(&r->mu);
}

void ratelimit_reset(ratelimit *r, const char *key)
{
	pthread_mutex_lock(&r->mu);
	uint64_t k = hash(key);
	for (int i = 0; i < RL_PROBE; i++) {
		struct rl_slot *s = &r->slot[(k + (uint64_t)i) % RL_SLOTS];
		if (s->key == k) {
			memset(s, 0, sizeof *s);
			break;
		}
	}
	pthread_mutex_unlock(&r->mu);
}
