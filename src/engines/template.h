/*
 * template.h — templates as data: checking a template definition and
 * validating scenario content against it. Pure: no I/O, no store; the
 * caller supplies lookups for taxonomy terms and library items.
 *
 * Both a template and a scenario's content are jansson values in the
 * shapes docs/formats.md describes. Problems come back as codes with the
 * path of the offending value, never as sentences: the web, API and CLI
 * layers turn them into messages in the user's language.
 */
#ifndef FAB_TEMPLATE_H
#define FAB_TEMPLATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TPL_OK = 0,
	TPL_REQUIRED,		/* required section is empty */
	TPL_TYPE,		/* wrong JSON type; want names the expected one */
	TPL_TOO_FEW,		/* fewer than n items */
	TPL_TOO_MANY,		/* more than n items */
	TPL_EXACT,		/* not exactly n items (phases) */
	TPL_TOO_LONG,		/* text longer than n characters */
	TPL_YEAR_RANGE,		/* year outside [n, n2] */
	TPL_EMPTY_ITEM,		/* an item of a list is blank */
	TPL_UNKNOWN_TERM,	/* tag code not in taxonomy `want` */
	TPL_UNKNOWN_REF,	/* library item uid not found */
	TPL_BAD_UTF8,		/* string is not valid UTF-8 */
	TPL_GRID_SHAPE,		/* grid has not n rows / n2 columns */
	/* template definition problems */
	TPL_DEF_ID,		/* missing or malformed section id */
	TPL_DEF_DUPLICATE,	/* section id used twice */
	TPL_DEF_TYPE,		/* unknown section type */
	TPL_DEF_LABEL,		/* missing label */
	TPL_DEF_CONSTRAINT,	/* a constraint is malformed or contradictory (min > max...) */
	TPL_DEF_TAXONOMY,	/* taxonomy required by the type, or unknown */
} tpl_code;

/* One problem. path is relative to the content object (or the template
 * object for definition checks): "chronique[2].year", "sections[4].count";
 * "" is the object itself. section is the section id concerned ("" when
 * none). n and n2 carry the limit broken: TPL_TOO_FEW n = min, TPL_TOO_MANY
 * n = max, TPL_EXACT n = count, TPL_TOO_LONG n = max_length,
 * TPL_YEAR_RANGE [n, n2], TPL_GRID_SHAPE n rows × n2 columns; for
 * TPL_DEF_DUPLICATE n is the index of the section that used the id first,
 * for a contradictory min > max (or min_year > max_year) n and n2 are the
 * two values, for a count out of range [n, n2] is the allowed range.
 * want names the expected JSON type ("string", "integer", "array",
 * "object", "boolean") for TPL_TYPE and for a constraint of the wrong
 * type, and the taxonomy slug for TPL_UNKNOWN_TERM and an unknown
 * taxonomy. */
typedef struct tpl_error {
	tpl_code code;
	char section[48];
	char path[128];
	char want[48];		/* expected type name or taxonomy slug */
	long n, n2;
} tpl_error;

/* Lookups supplied by the caller; either may be NULL, which accepts every
 * value. */
typedef struct tpl_lookup {
	bool (*term_exists)(void *ctx, const char *taxonomy, const char *code);
	bool (*ref_exists)(void *ctx, const char *uid);
	void *ctx;
} tpl_lookup;

/* Section types, in the order of docs/formats.md. */
typedef enum {
	TPL_TEXT, TPL_LIST, TPL_HORIZON, TPL_CHRONICLE, TPL_PHASES,
	TPL_PROS_CONS, TPL_GRID, TPL_REFS, TPL_TAGS, TPL_ACTORS,
	TPL_NTYPES
} tpl_type;

/* Type from its name ("text", "pros_cons"...); -1 when unknown or NULL. */
int tpl_type_from_name(const char *name);
/* Name of a type (a static string); NULL when t is not a type. */
const char *tpl_type_name(tpl_type t);

/* Checks a template definition object (its "sections" array and every
 * constraint; not its slug, name or description). Each section must be an
 * object with a well-formed id used once, a known type and a non-blank
 * label; help must be a string and required a boolean; any other key must
 * be a constraint of the section's type (a misspelt key is a
 * TPL_DEF_CONSTRAINT). min, max and max_length are non-negative integers
 * (at most 10^9) with min <= max; min_year and max_year integers within
 * ±100000, in order once the defaults fill in a missing one; phases need a count from 1 to 12; a grid needs rows and columns,
 * non-empty arrays of non-blank strings; pros_label and cons_label are
 * non-blank strings; tags need a taxonomy, and any taxonomy given must be
 * a slug that taxonomy_exists (when not NULL) knows. Writes up to max
 * problems to errs (errs may be NULL when max is 0) and returns how many
 * there are in all (0: the template is sound). */
size_t tpl_check_definition(const json_t *tpl,
			    bool (*taxonomy_exists)(void *ctx, const char *slug), void *ctx,
			    tpl_error *errs, size_t max);

/* Validates content (an object keyed by section id) against a sound
 * template. Unknown keys are not errors: they are kept as removed sections.
 * An absent or null section is empty; an empty section is a problem only
 * when required (TPL_REQUIRED), and nothing else is checked in it. A
 * non-empty one is checked for JSON types, strings that are valid UTF-8
 * without NUL (TPL_BAD_UTF8), blank items (TPL_EMPTY_ITEM: an item of a
 * list, of a pros or cons side, of a grid cell, a ref, a tag or phase tag,
 * a chronicle entry's text, or an actor whose category and role are both
 * blank), counts, lengths in characters, year ranges, the grid's shape,
 * and tag codes and refs through lk (which may be NULL, as may either of
 * its callbacks). A phase's title and text may be blank; chronicle years
 * have no range. Writes up to max problems, in the template's section
 * order (within a section: its own count or shape, then its items in
 * order), and returns how many there are in all. */
size_t tpl_validate(const json_t *tpl, const json_t *content, const tpl_lookup *lk,
		    tpl_error *errs, size_t max);

/* True when a section value counts as empty for its type (see formats.md):
 * NULL or JSON null for every type, a text of white space only, an empty
 * array, a grid whose rows are arrays of empty cells, a pros_cons whose
 * sides are both absent, null or empty. A value of the wrong JSON type is
 * not empty (tpl_validate then reports its type). */
bool tpl_value_empty(tpl_type t, const json_t *value);

#endif
