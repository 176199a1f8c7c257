/*
 * opinion_worker.h — recomputing opinion maps in the background. A vote is
 * answered as soon as it is saved; it then pokes the worker, which waits a
 * moment for more votes (a batch), recomputes every controversy poked in
 * the meantime on its own database connection, and stores the maps. Votes
 * never wait for a computation.
 */
#ifndef FAB_OPINION_WORKER_H
#define FAB_OPINION_WORKER_H

#include <stdint.h>

/* Starts the worker thread (once; later calls do nothing). delay_ms is how
 * long it gathers votes before computing. It first computes the maps that
 * are older than their votes (e.g. after a restart). Uses store_pool_get,
 * so store_pool_init must have been called. */
void opinion_worker_start(int delay_ms);

/* Asks for the map of controversy id to be recomputed. Never blocks; does
 * nothing when the worker is not running. */
void opinion_worker_poke(int64_t id);

/* Stops the worker after the computation under way, if any. */
void opinion_worker_stop(void);

/* Maps computed since start (for tests and logs). */
uint64_t opinion_worker_runs(void);

#endif
