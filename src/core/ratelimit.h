/*
 * ratelimit.h — counts events per key in fixed time windows, in memory.
 *
 * Used to slow down password guessing (per address and per account) and join
 * code guessing. Memory is bounded: a full table evicts the oldest window it
 * meets, which can only make the limiter more lenient, never block the
 * innocent. State is per process and lost on restart, which is acceptable
 * for a brake on guessing.
 */
#ifndef FAB_RATELIMIT_H
#define FAB_RATELIMIT_H

#include <stdint.h>

typedef struct ratelimit ratelimit;

/* A limiter allowing max events per key in each window of window_s seconds.
 * Thread-safe. Freed with ratelimit_free(). */
ratelimit *ratelimit_new(int max, int window_s);
void ratelimit_free(ratelimit *r);

/* Returns 0 when key may act now, else the seconds until it may. Counts
 * nothing. */
int ratelimit_check(ratelimit *r, const char *key, int64_t now);

/* Counts one event for key. */
void ratelimit_hit(ratelimit *r, const char *key, int64_t now);

/* Forgets key (after a successful login, say). */
void ratelimit_reset(ratelimit *r, const char *key);

#endif
