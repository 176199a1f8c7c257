/*
 * html.h — the only way to write HTML: escaped by default.
 *
 * html_text and every %s of html_printf escape & < > " ' so that user data
 * can never become markup. Markup is written with html_raw, which accepts
 * only a string literal (the macro refuses anything else at compile time),
 * or with html_raw_trusted for a fragment already built by these functions;
 * tests/check_html.sh fails the build on any other way of writing output from
 * handler code.
 */
#ifndef FAB_HTML_H
#define FAB_HTML_H

#include <stddef.h>

#include "../core/buf.h"

/* Appends s with & < > " ' escaped; NULL writes nothing. */
void html_text(buf *b, const char *s);
void html_textn(buf *b, const char *s, size_t n);

/* printf whose %s arguments are escaped. Supports %s %c %d %i %u %ld %lu
 * %lld %llu %zu %%; widths and precisions are not supported: an unsupported
 * conversion writes "%?" and ends the output there. */
void html_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends markup from a string literal. */
#define html_raw(b, literal) html_raw_literal_((b), "" literal "")
void html_raw_literal_(buf *b, const char *literal);

/* Appends a fragment that was itself produced by the html_ functions. Every
 * call must carry a comment saying where the fragment comes from. */
void html_raw_trusted(buf *b, const char *fragment);

/* Appends Markdown rendered by cmark in its safe mode: raw HTML is dropped
 * and links or images with javascript:, vbscript:, file: or data: URLs lose
 * their target, so a participant's text can carry emphasis, lists and links
 * but never markup of its own. NULL or "" writes nothing. */
void html_markdown(buf *b, const char *md);

#endif
