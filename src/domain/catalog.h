/*
 * catalog.h — the taxonomies and templates of a cycle: built-in sets
 * compiled into the binary (data/builtin/), installing them, and checked
 * creation and editing. Templates are data (docs/formats.md): a JSON array
 * of sections validated by src/engines/template.c.
 */
#ifndef FAB_CATALOG_H
#define FAB_CATALOG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "problems.h"
#include "../store/store.h"

/* The built-in taxonomy or template of that slug as a new JSON object
 * (caller decrefs), NULL when there is none. */
json_t *catalog_builtin_taxonomy(const char *slug);
json_t *catalog_builtin_template(const char *slug);
/* Slugs of the built-ins, NULL-terminated, in display order. */
extern const char *const catalog_builtin_taxonomies[];
extern const char *const catalog_builtin_templates[];

/* Installs a taxonomy object {"slug","name","description","terms":[...]}
 * into the cycle. On a problem, *path receives the JSON path (relative to
 * the object, e.g. ".terms[3].code") and *msgid the rule broken; returns
 * -1. Returns 0 on success, -2 on a database failure. */
int catalog_install_taxonomy(store *s, arena *a, int64_t cycle_id, const json_t *tax,
			     const char **path, const char **msgid);
/* Installs a template object {"slug","name","description","sections":[...]}
 * after checking its definition against the cycle's taxonomies. Same
 * results as catalog_install_taxonomy; a definition error gives the first
 * tpl_error in *terr and *msgid NULL. */
int catalog_install_template(store *s, arena *a, int64_t cycle_id, const json_t *tpl,
			     const char **path, const char **msgid, tpl_error *terr);

/* The template's sections as a JSON array (new reference), NULL when the
 * stored text is not JSON. */
json_t *catalog_sections(const store_template *t);
/* Whether the cycle has a taxonomy of that slug / a term of that code. */
bool catalog_taxonomy_exists(store *s, int64_t cycle_id, const char *slug);
bool catalog_term_exists(store *s, int64_t cycle_id, const char *taxonomy, const char *code);

/* Field rules for taxonomies and terms (msgid or NULL). */
const char *catalog_check_code(const char *code);

/* Saves a template's new definition (sections JSON text) after checking
 * it; problems are template errors under field "sections" or msgids on
 * "slug"/"name". Content already written in scenarios is untouched: a
 * removed section's content stays and shows as removed. */
bool catalog_template_save(store *s, arena *a, store_template *t, const char *sections_json,
			   bool create, int64_t now, problems *p);

#endif
