/*
 * bundle.h — a whole cycle as one JSON file (docs/formats.md, "Cycle
 * bundle"): export in a canonical byte order and all-or-nothing import
 * with the JSON path of the first offending value.
 */
#ifndef FAB_BUNDLE_H
#define FAB_BUNDLE_H

#include <jansson.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../store/store.h"

#define BUNDLE_FORMAT "fabrique-bundle"
#define BUNDLE_VERSION 1

/* Writes the cycle's bundle into out (two-space indentation, final
 * newline). Returns 0, or -1 on a database failure. */
int bundle_export(store *s, arena *a, int64_t cycle_id, buf *out);

/* Imports a bundle held in text (len bytes). The caller runs it in a
 * transaction and rolls back on failure. slug, when not NULL, replaces the
 * bundle's cycle slug. On success returns 0 with the new cycle's id; on a
 * bad bundle returns -1 with *path (e.g. "$.scenarios[3].sections.x") and
 * *msgid (an English message id, for i18n_get); -2 on a database failure
 * (*msgid then says so). Users unknown to the instance are created without
 * a password. */
int bundle_import(store *s, arena *a, const char *text, size_t len, const char *slug,
		  int64_t now, int64_t *cycle_id, const char **path, const char **msgid,
		  const char **detail);

#endif
