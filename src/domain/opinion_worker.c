/*
 * opinion_worker.c — the background thread of opinion_worker.h. The queue
 * is a small set of controversy ids under one mutex: a poke adds an id (at
 * most once), the thread takes the whole set after its delay, so a burst of
 * a hundred votes on one controversy costs one computation.
 */
#include "opinion_worker.h"
#include "controversy.h"
#include "../core/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define QUEUE_MAX 1024	/* distinct controversies waiting; more are dropped
			 * until the next vote pokes them again */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running, stopping;
static int delay;
static int64_t queue[QUEUE_MAX];
static int nqueue;
static uint64_t runs;

static void add_locked(int64_t id)
{
	for (int i = 0; i < nqueue; i++)
		if (queue[i] == id)
			return;
	if (nqueue < QUEUE_MAX)
		queue[nqueue++] = id;
}

static void compute(store *s, int64_t id)
{
	arena *a = arena_new();
	char err[256];
	if (controversy_recompute(s, a, id, (int64_t)time(NULL), err, sizeof err) < 0)
		log_error(NULL, "opinion map: %s", err);
	else {
		pthread_mutex_lock(&lock);
		runs++;
		pthread_mutex_unlock(&lock);
	}
	arena_free(a);
}

/* Queues every controversy whose stored map is older than its votes. */
static void catch_up(store *s)
{
	arena *a = arena_new();
	int64_t *ids;
	size_t n;
	if (store_controversy_ids(s, a, &ids, &n) == STORE_OK)
		for (size_t i = 0; i < n; i++) {
			store_controversy c;
			bool stale = false;
			if (store_controversy_by_id(s, a, ids[i], &c) == STORE_OK &&
			    controversy_stale(s, a, &c, &stale) == 0 && stale) {
				pthread_mutex_lock(&lock);
				add_locked(ids[i]);
				pthread_mutex_unlock(&lock);
			}
		}
	arena_free(a);
}

static void *loop(void *unused)
{
	(void)unused;
	char err[256];
	store *s = store_pool_get(err, sizeof err);
	if (!s) {
		log_error(NULL, "opinion map worker: no database: %s", err);
		return NULL;
	}
	catch_up(s);
	for (;;) {
		pthread_mutex_lock(&lock);
		while (!stopping && nqueue == 0)
			pthread_cond_wait(&wake, &lock);
		if (stopping) {
			pthread_mutex_unlock(&lock);
			break;
		}
		pthread_mutex_unlock(&lock);
		if (delay > 0) {
			struct timespec ts = {delay / 1000, (long)(delay % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
		pthread_mutex_lock(&lock);
		int n = nqueue;
		int64_t ids[QUEUE_MAX];
		memcpy(ids, queue, (size_t)n * sizeof *ids);
		nqueue = 0;
		pthread_mutex_unlock(&lock);
		for (int i = 0; i < n; i++)
			compute(s, ids[i]);
	}
	return NULL;
}

void opinion_worker_start(int delay_ms)
{
	pthread_mutex_lock(&lock);
	if (running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	delay = delay_ms;
	stopping = false;
	running = pthread_create(&thread, NULL, loop, NULL) == 0;
	if (!running)
		log_error(NULL, "opinion map worker: cannot start a thread");
	pthread_mutex_unlock(&lock);
}

void opinion_worker_poke(int64_t id)
{
	pthread_mutex_lock(&lock);
	if (running) {
		add_locked(id);
		pthread_cond_signal(&wake);
	}
	pthread_mutex_unlock(&lock);
}

void opinion_worker_stop(void)
{
	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	pthread_mutex_lock(&lock);
	running = false;
	nqueue = 0;
	pthread_mutex_unlock(&lock);
}

uint64_t opinion_worker_runs(void)
{
	pthread_mutex_lock(&lock);
	uint64_t n = runs;
	pthread_mutex_unlock(&lock);
	return n;
}
