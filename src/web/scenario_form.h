/*
 * scenario_form.h — the scenario editor generated from a template, and the
 * display of a scenario's sections. Form fields are named after the JSON
 * paths of docs/formats.md with dots ("s.chronique.2.year"), so that a
 * validation error's path names its field.
 */
#ifndef FAB_SCENARIO_FORM_H
#define FAB_SCENARIO_FORM_H

#include <jansson.h>

#include "cycle_page.h"

/* Reads the template's sections from the posted form into a new JSON
 * object (caller decrefs). Blank slots are dropped; a year that is not a
 * number is kept as the string typed so that validation names it. */
json_t *sf_parse(http_req *r, const json_t *defs);

/* Writes the fields of every section with content's values, p's errors
 * next to their fields, and one blank slot per list (two for the section
 * named by `add`, the section whose "add" button was pressed). */
void sf_fields(http_req *r, const cycle_ctx *cx, const json_t *defs, const json_t *content,
	       const problems *p, const char *add);

/* Writes the sections of content for reading (headings at level h). */
void sf_show(http_req *r, const cycle_ctx *cx, const json_t *defs, const json_t *content, int h);

/* Writes content kept for sections the template no longer has, or nothing. */
void sf_show_removed(http_req *r, const json_t *defs, const json_t *content);

#endif
