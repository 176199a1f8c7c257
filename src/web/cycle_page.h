/*
 * cycle_page.h — what the pages inside a cycle share: loading the cycle
 * named in the path with the visitor's role, the cycle's navigation, form
 * fields beyond page_field, and the labels of the domain's codes.
 */
#ifndef FAB_CYCLE_PAGE_H
#define FAB_CYCLE_PAGE_H

#include "http.h"
#include "../domain/cycle.h"
#include "../domain/problems.h"

/* Loads the cycle of r->param[0] as seen by r->user. On failure answers
 * 404 (absent or invisible) or 500 and returns false. */
bool cp_open(http_req *r, cycle_ctx *cx);
/* Like cp_open, then answers 403 and returns false unless the visitor may
 * write (members) or steer (facilitators). */
bool cp_open_write(http_req *r, cycle_ctx *cx);
bool cp_open_facilitate(http_req *r, cycle_ctx *cx);
/* Like cp_open_facilitate, and refuses (403) on an archived cycle: for
 * every change except archiving itself, copying and exporting. */
bool cp_open_steer(http_req *r, cycle_ctx *cx);

/* Begins a page inside the cycle: layout, breadcrumb and the cycle's
 * navigation with `active` marked ("home", "library", "scenarios",
 * "seminars", "taxonomies", "templates", "search", "members", "settings"). */
void cp_begin(http_req *r, const cycle_ctx *cx, const char *title, const char *active);

/* A textarea field (rows lines), with its error linked for assistive
 * technologies; hint may be NULL. */
void cp_textarea(http_req *r, const char *id, const char *label, const char *value,
		 const char *error, int rows, bool required, const char *hint);
/* A text-like input with a hint. */
void cp_input(http_req *r, const char *id, const char *label, const char *type, const char *value,
	      const char *error, bool required, const char *hint);
/* A select; options are value/label pairs, NULL-terminated. */
void cp_select(http_req *r, const char *id, const char *label, const char *const *options,
	       const char *selected, const char *error);

/* The translated error for field among p, NULL when none. */
const char *cp_error(http_req *r, const problems *p, const char *field);
/* The error summary of a form: a list of links to the fields in error. */
void cp_errors(http_req *r, const problems *p);

/* Translated labels of codes (the code itself when unknown). */
const char *cp_status_label(http_req *r, const char *status);
const char *cp_kind_label(http_req *r, const char *kind);
const char *cp_phase_label(http_req *r, const char *kind);
const char *cp_signal_label(http_req *r, const char *status);
const char *cp_visibility_label(http_req *r, const char *v);
const char *cp_role_label(http_req *r, const char *role);

/* Answers 500 with the usual message (a database failure). */
void cp_fail(http_req *r);

/* "/c/<slug>" + suffix, arena-allocated. */
const char *cp_url(http_req *r, const cycle_ctx *cx, const char *suffix);

/* Today as YYYY-MM-DD (UTC) from r->now. */
const char *cp_today(http_req *r);

#endif
