/*
 * library.h — the references of a cycle (signals, inspirations, actor
 * questions...): field rules, saving with tags and the search index, and
 * the observations of signals to watch.
 */
#ifndef FAB_LIBRARY_H
#define FAB_LIBRARY_H

#include <stdbool.h>
#include <stdint.h>

#include "cycle.h"
#include "problems.h"

/* Kinds and signal statuses of docs/formats.md, NULL-terminated. */
extern const char *const library_kinds[];
extern const char *const library_statuses[];
bool library_kind_ok(const char *k);
bool library_status_ok(const char *st);
/* Date of a library item: YYYY, YYYY-MM or YYYY-MM-DD. */
bool library_date_ok(const char *d);

/* Checks every field of it (tags against the cycle's taxonomies). */
void library_check(store *s, const store_item *it, problems *p);

/* Creates (it->id == 0, a uid is drawn unless it->uid is set) or updates
 * an item after checking it, then refreshes its tags and search entry.
 * Returns true on success; false with problems, or with none on a
 * database failure. */
bool library_save(store *s, arena *a, store_item *it, int64_t now, problems *p);

/* Deletes an item, its tags and its search entry: 0. An item that
 * scenarios cite stays (their content would no longer validate): 1, with
 * the number of citing scenarios in *citing. -1 on a database failure. */
int library_delete(store *s, const store_item *it, int64_t *citing);

/* Adds an observation to a signal and moves its status when given. */
bool library_observe(store *s, arena *a, store_item *it, const char *date, const char *status,
		     const char *note, int64_t user_id, int64_t now, problems *p);

/* Refreshes the tags and the search entry of an item. */
bool library_reindex(store *s, arena *a, const store_item *it);

#endif
