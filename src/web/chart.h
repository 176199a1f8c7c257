/*
 * chart.h — seminar results drawn as inline SVG, each beside an HTML table
 * of the same figures.
 *
 * Every function writes one <figure class="chart"> holding a <figcaption>,
 * an <svg role="img"> named by its <title>, and the table that is the
 * accessible alternative (screen readers skip the picture's inside and read
 * the table). Nothing is told by colour alone: bars carry their number as
 * text, retained candidates a "✓" and the translated word, the median grade
 * is written out, winning cells of the Schulze tables are bold with a
 * visually hidden word. The pictures use a fixed viewBox and scale with the
 * stylesheet's width (.chart rules of assets/style.css); colours are
 * presentation attributes (no style attribute, which the CSP forbids) with
 * at least 3:1 against white, and text at least 4.5:1 against what it sits on.
 *
 * Every string the caller passes (labels, captions, grade names, column
 * heads) is text and is escaped on output; built-in words are translated
 * into f->lang. Nothing here counts votes: the figures come from a
 * tally_result (engines/tally.h) or from the caller.
 *
 * Not for: deciding what is retained (the caller says so), or pages.
 */
#ifndef FAB_CHART_H
#define FAB_CHART_H

#include <stdbool.h>

#include "../core/buf.h"
#include "../core/i18n.h"
#include "../core/mem.h"
#include "../engines/tally.h"

/* What every chart needs besides its data. */
typedef struct chart_frame {
	i18n_lang lang;	     /* language of the built-in words and numbers */
	const char *id;	     /* id prefix, unique in the page; only ASCII letters,
			      * digits, '-' and '_' are kept ("chart" if none) */
	const char *caption; /* the figure's caption and the picture's name */
} chart_frame;

/* One row of a bar chart. */
typedef struct chart_bar {
	const char *label; /* the candidate's name (text; NULL writes nothing) */
	double value;	   /* drawn from 0; a negative or non-finite value
			    * draws no bar but is still written */
	int rank;	   /* 1-based rank shown in the table; 0 = no rank column */
	bool retained;	   /* marked with "✓ retained" in the picture and table */
} chart_bar;

/* Appends a horizontal bar chart of rows[0..n) in the order given (pass
 * them in ranking order), bars scaled to the largest value, each bar ending
 * with its value, and a table Rank | Scenario | value_head | Retained (the
 * rank column only when some row has a rank, the retained column only when
 * some row is retained). value_head names the figures ("Approbations",
 * "Points"...). Values are written with at most two decimals, with the
 * language's decimal separator. n may be 0 (a "no data" chart). */
void chart_bars(buf *b, const chart_frame *f, const char *value_head, const chart_bar *rows, int n);

/* Fills *rows with t's candidates in ranking order (t->order, or index
 * order when t->order is NULL): label names[c], value t->score[c] (0 when
 * score is NULL), rank t->rank[c] (0 when NULL), retained retained[c]
 * (retained may be NULL: none). names has t->ncand entries. The array is
 * allocated from a; returns t->ncand. For approval, dots and Borda. */
int chart_bar_rows(arena *a, const tally_result *t, const char *const *names, const bool *retained,
		   chart_bar **rows);

/* Appends majority judgment merit profiles: for each candidate, in t's
 * ranking order, one bar split into TALLY_MJ_GRADES segments worst to best
 * (t->profile, each with its count written on it when it fits), all bars the
 * same length (100 % of the voters), a vertical line at 50 % where the
 * median grade lies, the median grade's name written after the bar (from
 * t->median, or worked out from the profile as the lower median when
 * t->median is NULL), a legend of the grades, and a table Rank | Scenario |
 * one count per grade | Median grade | Retained. grades holds the
 * TALLY_MJ_GRADES grade names, worst first, already translated. names has
 * t->ncand entries; retained may be NULL. A candidate with no votes gets an
 * empty bar and "no ballots" instead of a median. */
void chart_mj(buf *b, const chart_frame *f, const tally_result *t, const char *const *names,
	      const bool *retained, const char *const *grades);

/* Appends the Schulze figures, candidates in t's ranking order and numbered
 * 1..n in that order: a heat matrix of the margins d[i][j] - d[j][i] with
 * each margin written in its cell, then two tables, the pairwise matrix
 * t->pairwise and the strongest paths t->paths, where a cell in which the
 * row beats the column (d[i][j] > d[j][i], resp. p[i][j] > p[j][i]) is bold
 * with a "✓" and a visually hidden word, and a line explaining the mark.
 * Column heads show the number and carry the full name for screen readers.
 * names has t->ncand entries. A NULL pairwise or paths matrix reads as
 * zeros. */
void chart_schulze(buf *b, const chart_frame *f, const tally_result *t, const char *const *names);

#endif
