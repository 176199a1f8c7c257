/*
 * diff.h — word-level difference between two texts, for comparing
 * revisions. Pure: no I/O. Texts are split into tokens (runs of word
 * characters, runs of spaces, single punctuation marks, UTF-8 aware) and the
 * shortest edit script between the token sequences is found (Myers'
 * algorithm), then adjacent edits are merged into spans.
 */
#ifndef FAB_DIFF_H
#define FAB_DIFF_H

#include <stddef.h>

#include "../core/mem.h"

typedef enum { DIFF_SAME, DIFF_DEL, DIFF_INS } diff_op;

/* One span: a byte range of the old text (DIFF_SAME, DIFF_DEL) or of the
 * new text (DIFF_INS). Spans come in reading order; a replacement is a
 * DIFF_DEL followed by a DIFF_INS. */
typedef struct diff_span {
	diff_op op;
	const char *text;	/* points into the old or new text */
	size_t len;
} diff_span;

/* Diffs old_text against new_text (both NUL-terminated UTF-8). The spans
 * array and its count are allocated from a; the texts must outlive it.
 * No span is empty and no two neighbours have the same op, so identical
 * texts give one DIFF_SAME span and two empty texts none. Among shortest
 * scripts, the common beginning is kept first. Word tokens are runs of
 * ASCII letters and digits and of bytes >= 0x80 (so "café" or "l’été" is
 * one token); spaces are runs of ASCII white space.
 * When the texts are too different to diff at a bounded cost (more than
 * 20000 token edits), the result is one DIFF_DEL of the whole old text and
 * one DIFF_INS of the whole new text (either omitted when its text is
 * empty). */
diff_span *diff_words(arena *a, const char *old_text, const char *new_text, size_t *nspans);

/* Counts of words (word tokens, as above) inserted and deleted in a span
 * list, for summaries. Either pointer may be NULL. */
void diff_stats(const diff_span *spans, size_t n, size_t *ins_words, size_t *del_words);

#endif
