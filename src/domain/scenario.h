/*
 * scenario.h — scenarios written in a template: saving with validation and
 * a new revision each time, the status workflow, forks ("raconter la
 * suite"), the family of forks and the word diff between revisions.
 */
#ifndef FAB_SCENARIO_H
#define FAB_SCENARIO_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cycle.h"
#include "problems.h"
#include "../engines/diff.h"

/* Statuses in workflow order, NULL-terminated. */
extern const char *const scenario_statuses[];
bool scenario_status_ok(const char *st);

/* Whether the person of cx may move a scenario from one status to another:
 * facilitators to any status; authors between brouillon and candidat. */
bool scenario_can_move(const cycle_ctx *cx, bool is_author, const char *from, const char *to);
/* Whether the person may edit the scenario: authors and facilitators, in a
 * cycle that is not archived. */
bool scenario_can_edit(const cycle_ctx *cx, bool is_author);

/* Validates content against a template object {"sections": [...]} with the
 * cycle's terms and library as lookups. When relaxed, required sections
 * may be empty: a draft is work in progress, and an opening is a story
 * begun for others to continue; a scenario leaves the draft status only
 * complete. Returns the number of problems, up to max in errs. */
size_t scenario_check_content(store *s, int64_t cycle_id, const json_t *tpl, const json_t *content,
			      bool relaxed, tpl_error *errs, size_t max);

/* What a save changes. sections is the content for the template's
 * sections (keys of removed sections are ignored: the stored ones stay). */
typedef struct scenario_input {
	const char *title, *summary, *status;	/* status NULL: unchanged */
	bool opening;
	json_t *sections;			/* borrowed */
	const char *note;			/* the revision's note, may be NULL */
	bool keep_authors;			/* a status change or a restore: the
						 * person is not made an author */
} scenario_input;

/* Validates input against sc's template and the title rules (required
 * sections may stay empty in a draft or an opening), then writes
 * it: a new scenario when sc->id is 0 (sc->cycle_id and sc->template_id
 * set; uid drawn unless set), else an update. Each save adds a revision by
 * author (0: none), refreshes tags and the search entry, and records the
 * author. Returns true on success; false with problems (fields "title",
 * "summary", "status", template errors under "s."), or with none on a
 * database failure. */
bool scenario_save(store *s, arena *a, store_scenario *sc, const scenario_input *in,
		   int64_t author, int64_t now, problems *p);

/* Forks parent for user: a new draft in the same template with a copy of
 * the content, linked to its parent. The new scenario is in *out. */
bool scenario_fork(store *s, arena *a, const store_scenario *parent, const char *title,
		   int64_t user, int64_t now, store_scenario *out);

/* Restores revision number as a new revision. */
bool scenario_restore(store *s, arena *a, store_scenario *sc, int64_t number, int64_t author,
		      int64_t now);

/* The root of sc's family and every descendant, in a depth-first order
 * with depths (out arrays from a). */
bool scenario_family(store *s, arena *a, const store_scenario *sc, store_scenario **out,
		     int **depth, size_t *n);

/* The content of one section as plain text, for diffs and search: lists
 * as lines, chronicle as "year — text", grid as "row / column: item"... */
char *scenario_section_text(arena *a, const json_t *section_def, const json_t *value);

/* The whole content as text, for the search index. */
char *scenario_fulltext(arena *a, const store_scenario *sc, const json_t *sections_def);

/* Refreshes the tags and the search entry of a scenario. */
bool scenario_reindex(store *s, arena *a, const store_scenario *sc);

/* Rebuilds the whole search index (scenarios and library items of every
 * cycle), in one transaction of its own: after a restore, since backups
 * leave the index out as derived data. */
bool scenario_rebuild_index(store *s);

#endif
