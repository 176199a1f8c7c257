/*
 * layout.h — the frame every HTML page shares: doctype, head, skip link,
 * header with navigation and language switch, flash message, main, footer.
 * Handlers write their content between page_begin and page_end.
 */
#ifndef FAB_LAYOUT_H
#define FAB_LAYOUT_H

#include "http.h"

/* Opens the page; title is translated text (escaped here). */
void page_begin(http_req *r, const char *title);
/* Closes main and writes the footer. */
void page_end(http_req *r);

/* A full error page with status, message and the request id. */
void page_error(http_req *r, int status, const char *message);

/* The CSRF token of this browser, creating it (and its cookie) if needed. */
const char *page_csrf(http_req *r);
/* A hidden input carrying the CSRF token, for every POST form. */
void page_csrf_field(http_req *r);

/* Writes a labelled input with an optional error message linked to it by
 * aria-describedby. type is "text", "email", "password"...; value may be NULL;
 * error is translated text or NULL; autocomplete may be NULL. */
void page_field(http_req *r, const char *id, const char *label, const char *type,
		const char *value, const char *error, const char *autocomplete, bool required);

/* An error summary at the top of a form (role="alert"), or nothing. */
void page_form_errors(http_req *r, const char *message);

/* Formats a Unix time as a date and time in the request's language (arena). */
const char *page_time(http_req *r, int64_t t);

struct problem;
struct tpl_error;
/* The sentence for a domain problem or a template error, in the request's
 * language (messages.c; arena-allocated). */
const char *page_problem_text(http_req *r, const struct problem *p);
const char *page_tpl_message(http_req *r, const struct tpl_error *e);

#endif
