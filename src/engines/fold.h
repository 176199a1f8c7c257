/*
 * fold.h — accent- and case-insensitive text for search, and highlighted
 * snippets. Pure: no I/O. Folding maps Latin letters with diacritics to
 * their base letters (é→e, Œ→oe, ß→ss...), lower-cases, and keeps other
 * characters; both backends index folded text so that "reseau" finds
 * "réseau" on SQLite and PostgreSQL alike.
 */
#ifndef FAB_FOLD_H
#define FAB_FOLD_H

#include <stddef.h>

#include "../core/mem.h"

/* The folded copy of s (valid UTF-8), allocated from a; never longer than
 * s. Also drops combining marks (U+0300..U+036F) and turns ’ into '.
 * NULL gives NULL. */
char *fold_text(arena *a, const char *s);

/* Splits a user's query into folded search terms: words of letters and
 * digits, at most max terms, each at most 64 bytes; quotes and operators
 * are ignored so a query can never inject FTS syntax. Letters and digits
 * are ASCII ones and non-ASCII characters outside punctuation, symbol and
 * space blocks; every other character separates words; the words AND, OR,
 * NOT and NEAR written in capitals are dropped, and so are repeated terms.
 * A longer term is cut at 64 bytes on a character boundary. Returns the
 * count; terms are allocated from a. */
size_t fold_terms(arena *a, const char *query, char **terms, size_t max);

/* A snippet of text (original, not folded) around the first place where
 * any term matches the start of a word, accents and case ignored: at most
 * about width characters, cut at word boundaries, with "…" where text was
 * cut. The result is a list of pieces alternating plain and matched text,
 * so the caller escapes each piece and wraps matches in <mark>; pieces[i]
 * is a match when i is odd. Returns the number of pieces (at least 1 for a
 * non-empty text); pieces are allocated from a. When nothing matches, the
 * snippet is the beginning of the text.
 * Details: a matched piece is the whole word whose folded form starts with
 * a (folded, non-empty) term, and every such word inside the snippet is a
 * match; the first match is centred in the window. The first piece may be
 * "" (text starting with a match); a last plain piece is left out when it
 * would be "". "…" is part of the first or last plain piece (a piece "…"
 * alone follows a match cut after). A text of at most width characters is
 * whole; a matched word longer than width is given whole; when no whole
 * word fits, the text is cut inside its first word. Words are runs of
 * letters and digits as for fold_terms. An empty or NULL text gives 0 and
 * one piece "". */
size_t fold_snippet(arena *a, const char *text, char *const *terms, size_t nterms,
		    size_t width, const char ***pieces);

#endif
