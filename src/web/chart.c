/* chart.c — seminar results as inline SVG beside a table; see chart.h.
 *
 * Geometry is in viewBox units, always whole numbers so that html_printf's
 * %d writes every coordinate. Colours are fixed here (not in the stylesheet)
 * because an SVG copied out of the page, or printed in a publication, must
 * still read right; their contrast ratios against white are noted beside
 * them (WCAG 2.1 relative luminance). */
#include "chart.h"

#include <math.h>
#include <string.h>

#include "html.h"

/* Translation in lang; the name T with the message second is what
 * xgettext's -kT:2 (Makefile, tests/check_po.sh) extracts. */
#define T(lang, msgid) i18n_get((lang), (msgid))

#define INK "#1b1f24"	  /* text: 16.1:1 on white */
#define AXIS "#4a5560"	  /* 7.6:1 */
#define BAR_KEPT "#1d4e89" /* retained bar: 8.4:1 */
#define BAR_OTHER "#6b7681" /* other bars: 4.6:1, lighter than the retained ones */

/* Majority judgment grades, worst to best: red to green to blue-green,
 * each darker than the one before (relative luminance .29 .24 .17 .12 .084
 * .056 .030), all at least 3:1 against white (3.1 3.6 4.8 6.2 7.8 9.9
 * 13.1). The count written on a segment is black on the two lightest (5.3
 * and 4.6:1 against ink, more against black) and white on the others
 * (4.8:1 and up). */
static const char *const grade_fill[TALLY_MJ_GRADES] = {
	"#e86d5b", "#d16a11", "#8f6e08", "#546913", "#1f5e1f", "#0d4c3c", "#08344a",
};

/* Bar charts and merit profiles: the picture's width and layout. */
enum {
	VIEW_W = 640,
	PAD = 8,
	ROW_H = 66,	/* one candidate: a line of label, then its bar */
	LABEL_Y = 18,	/* baseline of the label, from the row's top */
	BAR_Y = 26,	/* top of the bar, from the row's top */
	BAR_H = 26,
	TEXT_Y = 45,	/* baseline of the text beside the bar */
	BARS_W = 440,	/* longest bar of a bar chart */
	MJ_W = 420,	/* every bar of a merit profile */
	MJ_TOP = 40,	/* room for the "50 %" mark above the bars */
	LEGEND_COLS = 3,
	LEGEND_COL_W = 210,
	LEGEND_ROW_H = 28,
	LABEL_MAX = 44,	/* code points of a label drawn in a picture */
};

/* The frame's id with every character outside [A-Za-z0-9_-] dropped. */
static void frame_id(const chart_frame *f, char *out, size_t n)
{
	size_t k = 0;
	for (const char *s = f->id; s && *s && k + 1 < n; s++) {
		char c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_')
			out[k++] = c;
	}
	if (k == 0) {
		/* Callers pass an id buffer far larger than the default. */
		if (n >= sizeof "chart")
			memcpy(out, "chart", sizeof "chart");
		else if (n)
			out[0] = 0;
		return;
	}
	out[k] = 0;
}

/* Writes v with at most two decimals, trailing zeros dropped, with the
 * decimal separator of lang; a non-finite value as a dash. */
static void put_num(buf *b, i18n_lang lang, double v)
{
	if (!isfinite(v) || fabs(v) > 1e15) {
		html_raw(b, "—");
		return;
	}
	long long c = llround(v * 100);
	if (c < 0) {
		html_raw(b, "-");
		c = -c;
	}
	html_printf(b, "%lld", c / 100);
	int frac = (int)(c % 100);
	if (frac == 0)
		return;
	if (lang == LANG_EN)
		html_raw(b, ".");
	else
		html_raw(b, ",");
	if (frac % 10 == 0)
		html_printf(b, "%d", frac / 10);
	else
		html_printf(b, "%d%d", frac / 10, frac % 10);
}

/* Writes s as text, cut after max code points with an ellipsis: a picture
 * cannot wrap a long name, and the table beside it has the whole of it. */
static void put_short(buf *b, const char *s, int max)
{
	if (!s)
		return;
	size_t i = 0;
	int cp = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cp == max)
				break;
			cp++;
		}
	}
	html_textn(b, s, i);
	if (s[i])
		html_raw(b, "…");
}

/* Opens the figure: <figure>, caption, the body that lays the picture and
 * the table out, and the <svg> start tag with its title. */
static void open_figure(buf *b, const chart_frame *f, const char *id, const char *svg_class, int w,
			int h, const char *title)
{
	html_printf(b, "<figure class=\"chart\" id=\"%s\">\n<figcaption>%s</figcaption>\n", id, f->caption);
	html_raw(b, "<div class=\"chart-body\">\n");
	html_printf(b,
		    "<svg class=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-labelledby=\"%s-t\" font-size=\"18\" fill=\"" INK "\">\n"
		    "<title id=\"%s-t\">%s</title>\n",
		    svg_class, w, h, w, h, id, id, title);
}

static void close_figure(buf *b)
{
	html_raw(b, "</div>\n</figure>\n");
}

/* Opens a table of figures with its caption. */
static void open_table(buf *b, const char *caption)
{
	/* tabindex: on a narrow screen the table scrolls sideways, and a
	 * scrolling region must be reachable from the keyboard. */
	html_printf(b, "<table class=\"chart-data\" tabindex=\"0\">\n<caption>%s</caption>\n", caption);
}

/* "✓ retained" in a table cell; the tick is hidden from screen readers,
 * which read the word. */
static void put_retained(buf *b, i18n_lang lang)
{
	html_printf(b, "<span aria-hidden=\"true\">✓ </span>%s", T(lang, "retained"));
}

/* The lower median grade of a profile of total votes (total > 0): the
 * grade of the vote at 0-based position (total - 1) / 2, votes sorted from
 * worst to best. */
static int lower_median(const uint64_t *profile, uint64_t total)
{
	uint64_t want = (total - 1) / 2, seen = 0;
	for (int g = 0; g < TALLY_MJ_GRADES; g++) {
		seen += profile[g];
		if (seen > want)
			return g;
	}
	return TALLY_MJ_GRADES - 1;
}

/* Candidate c's median grade: t->median[c] when it is a grade, else the
 * lower median of its profile (total > 0 votes). */
static int median_of(const tally_result *t, int c, const uint64_t *profile, uint64_t total)
{
	if (t->median && t->median[c] >= 0 && t->median[c] < TALLY_MJ_GRADES)
		return t->median[c];
	return lower_median(profile, total);
}

/* Candidate shown at position k: t's ranking order, else index order. */
static int cand_at(const tally_result *t, int k)
{
	return t->order ? t->order[k] : k;
}

/* --- bar charts ------------------------------------------------------ */

int chart_bar_rows(arena *a, const tally_result *t, const char *const *names, const bool *retained,
		   chart_bar **rows)
{
	int n = t->ncand > 0 ? t->ncand : 0;
	chart_bar *r = arena_zalloc(a, sizeof *r * (size_t)(n > 0 ? n : 1));
	for (int k = 0; k < n; k++) {
		int c = cand_at(t, k);
		r[k].label = names ? names[c] : NULL;
		r[k].value = t->score ? t->score[c] : 0;
		r[k].rank = t->rank ? t->rank[c] : 0;
		r[k].retained = retained ? retained[c] : false;
	}
	*rows = r;
	return n;
}

void chart_bars(buf *b, const chart_frame *f, const char *value_head, const chart_bar *rows, int n)
{
	i18n_lang lang = f->lang;
	char id[64];
	frame_id(f, id, sizeof id);
	if (n < 0)
		n = 0;
	double max = 0;
	bool any_rank = false, any_kept = false;
	for (int i = 0; i < n; i++) {
		if (isfinite(rows[i].value) && rows[i].value > max)
			max = rows[i].value;
		any_rank |= rows[i].rank > 0;
		any_kept |= rows[i].retained;
	}

	int h = n > 0 ? 2 * PAD + n * ROW_H : 2 * PAD + 32;
	open_figure(b, f, id, "chart-svg", VIEW_W, h, f->caption);
	if (n == 0)
		html_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", PAD, PAD + 22, T(lang, "No data"));
	else
		html_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" AXIS "\" stroke-width=\"2\"/>\n",
			    PAD, PAD, PAD, h - PAD);
	for (int i = 0; i < n; i++) {
		const chart_bar *r = &rows[i];
		int y = PAD + i * ROW_H;
		html_printf(b, "<text x=\"%d\" y=\"%d\">", PAD + 4, y + LABEL_Y);
		if (r->rank > 0)
			html_printf(b, "%d. ", r->rank);
		put_short(b, r->label, LABEL_MAX);
		html_raw(b, "</text>\n");
		int w = 0;
		if (max > 0 && isfinite(r->value) && r->value > 0) {
			w = (int)lround(r->value / max * BARS_W);
			if (w < 2)
				w = 2; /* a positive value always shows */
		}
		if (w > 0) {
			if (r->retained)
				html_raw(b, "<rect fill=\"" BAR_KEPT "\"");
			else
				html_raw(b, "<rect fill=\"" BAR_OTHER "\"");
			html_printf(b, " x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", PAD, y + BAR_Y, w, BAR_H);
		}
		html_printf(b, "<text x=\"%d\" y=\"%d\">", PAD + w + 8, y + TEXT_Y);
		put_num(b, lang, r->value);
		if (r->retained)
			html_printf(b, "<tspan font-weight=\"700\"> ✓ %s</tspan>", T(lang, "retained"));
		html_raw(b, "</text>\n");
	}
	html_raw(b, "</svg>\n");

	open_table(b, T(lang, "Figures shown in the chart"));
	html_raw(b, "<thead><tr>");
	if (any_rank)
		html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Rank"));
	html_printf(b, "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th>", T(lang, "Scenario"),
		    value_head);
	if (any_kept)
		html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Retained"));
	html_raw(b, "</tr></thead>\n<tbody>\n");
	if (n == 0)
		html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", 2 + any_rank + any_kept, T(lang, "No data"));
	for (int i = 0; i < n; i++) {
		const chart_bar *r = &rows[i];
		html_raw(b, "<tr>");
		if (any_rank) {
			if (r->rank > 0)
				html_printf(b, "<td>%d</td>", r->rank);
			else
				html_raw(b, "<td></td>");
		}
		html_printf(b, "<th scope=\"row\">%s</th><td class=\"num\">", r->label);
		put_num(b, lang, r->value);
		html_raw(b, "</td>");
		if (any_kept) {
			html_raw(b, "<td>");
			if (r->retained)
				put_retained(b, lang);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	close_figure(b);
}

/* --- majority judgment ----------------------------------------------- */

/* The grade's name, or a dash when the caller gave none. */
static const char *grade_name(const char *const *grades, int g)
{
	return grades && grades[g] ? grades[g] : "—";
}

void chart_mj(buf *b, const chart_frame *f, const tally_result *t, const char *const *names,
	      const bool *retained, const char *const *grades)
{
	i18n_lang lang = f->lang;
	char id[64];
	frame_id(f, id, sizeof id);
	int n = t->ncand > 0 ? t->ncand : 0;
	bool any_kept = false;
	for (int c = 0; retained && c < n; c++)
		any_kept |= retained[c];

	int legend_y = MJ_TOP + n * ROW_H + 12;
	int legend_rows = (TALLY_MJ_GRADES + LEGEND_COLS - 1) / LEGEND_COLS;
	int h = legend_y + legend_rows * LEGEND_ROW_H + PAD;
	open_figure(b, f, id, "chart-svg", VIEW_W, h, f->caption);
	if (n == 0)
		html_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", PAD, MJ_TOP + 22, T(lang, "No data"));

	for (int k = 0; k < n; k++) {
		int c = cand_at(t, k);
		const uint64_t *prof = t->profile ? t->profile + (size_t)c * TALLY_MJ_GRADES : NULL;
		uint64_t total = 0;
		for (int g = 0; prof && g < TALLY_MJ_GRADES; g++)
			total += prof[g];
		int y = MJ_TOP + k * ROW_H;
		html_printf(b, "<text x=\"%d\" y=\"%d\">", PAD, y + LABEL_Y);
		if (t->rank && t->rank[c] > 0)
			html_printf(b, "%d. ", t->rank[c]);
		put_short(b, names ? names[c] : NULL, LABEL_MAX);
		if (retained && retained[c])
			html_printf(b, "<tspan font-weight=\"700\"> ✓ %s</tspan>", T(lang, "retained"));
		html_raw(b, "</text>\n");
		if (total == 0) {
			html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"" BAR_OTHER
				       "\"/>\n<text x=\"%d\" y=\"%d\">%s</text>\n",
				    PAD, y + BAR_Y, MJ_W, BAR_H, PAD + MJ_W + 10, y + TEXT_Y, T(lang, "no ballots"));
			continue;
		}
		/* Segments end at rounded cumulative shares, so they tile the
		 * bar exactly whatever the rounding. Rectangles, then their
		 * numbers, each set in a group carrying the shared attributes:
		 * at 19 candidates this halves the picture's weight. */
		html_raw(b, "<g stroke=\"#fff\">");
		uint64_t cum = 0;
		for (int g = 0; g < TALLY_MJ_GRADES; g++) {
			int x0 = PAD + (int)lround((double)cum / (double)total * MJ_W);
			cum += prof[g];
			int x1 = PAD + (int)lround((double)cum / (double)total * MJ_W);
			if (x1 > x0)
				html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
					    x0, y + BAR_Y, x1 - x0, BAR_H, grade_fill[g]);
		}
		html_raw(b, "</g>\n<g font-size=\"16\" text-anchor=\"middle\" fill=\"#fff\">");
		cum = 0;
		for (int g = 0; g < TALLY_MJ_GRADES; g++) {
			int x0 = PAD + (int)lround((double)cum / (double)total * MJ_W);
			cum += prof[g];
			int x1 = PAD + (int)lround((double)cum / (double)total * MJ_W);
			int digits = 1;
			for (uint64_t v = prof[g]; v >= 10; v /= 10)
				digits++;
			if (x1 - x0 < 10 * digits + 8)
				continue;
			if (g < 2)
				html_raw(b, "<text fill=\"#000\"");
			else
				html_raw(b, "<text");
			html_printf(b, " x=\"%d\" y=\"%d\">%llu</text>", (x0 + x1) / 2, y + TEXT_Y - 1,
				    (unsigned long long)prof[g]);
		}
		html_raw(b, "</g>\n");
		html_printf(b, "<text x=\"%d\" y=\"%d\" font-weight=\"700\">%s</text>\n", PAD + MJ_W + 10, y + TEXT_Y,
			    grade_name(grades, median_of(t, c, prof, total)));
	}
	if (n > 0) {
		/* The median line, drawn across each bar only (a line through the
		 * labels between them would cross their text); a white halo keeps
		 * it visible on dark segments. */
		int x = PAD + MJ_W / 2;
		html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"16\">%s</text>\n", x,
			    MJ_TOP - 14, T(lang, "50%"));
		for (int k = 0; k < n; k++) {
			int y1 = MJ_TOP + k * ROW_H + BAR_Y - 6, y2 = y1 + BAR_H + 12;
			html_printf(b,
				    "<line class=\"median\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#fff\" stroke-width=\"6\"/>\n"
				    "<line class=\"median\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" INK "\" stroke-width=\"2\"/>\n",
				    x, y1, x, y2, x, y1, x, y2);
		}
	}
	/* The legend: grades worst to best, row by row. */
	for (int g = 0; g < TALLY_MJ_GRADES; g++) {
		int x = PAD + (g % LEGEND_COLS) * LEGEND_COL_W, y = legend_y + (g / LEGEND_COLS) * LEGEND_ROW_H;
		html_printf(b,
			    "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"%s\"/>"
			    "<text x=\"%d\" y=\"%d\" font-size=\"16\">%s</text>\n",
			    x, y, grade_fill[g], x + 26, y + 15, grade_name(grades, g));
	}
	html_raw(b, "</svg>\n");

	open_table(b, T(lang, "Figures shown in the chart"));
	html_raw(b, "<thead><tr>");
	if (t->rank)
		html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Rank"));
	html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Scenario"));
	for (int g = 0; g < TALLY_MJ_GRADES; g++)
		html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", grade_name(grades, g));
	html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Median grade"));
	if (any_kept)
		html_printf(b, "<th scope=\"col\">%s</th>", T(lang, "Retained"));
	html_raw(b, "</tr></thead>\n<tbody>\n");
	if (n == 0)
		html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>\n", TALLY_MJ_GRADES + 2 + (t->rank != NULL),
			    T(lang, "No data"));
	for (int k = 0; k < n; k++) {
		int c = cand_at(t, k);
		const uint64_t *prof = t->profile ? t->profile + (size_t)c * TALLY_MJ_GRADES : NULL;
		uint64_t total = 0;
		html_raw(b, "<tr>");
		if (t->rank)
			html_printf(b, "<td>%d</td>", t->rank[c]);
		html_printf(b, "<th scope=\"row\">%s</th>", names ? names[c] : NULL);
		for (int g = 0; g < TALLY_MJ_GRADES; g++) {
			uint64_t v = prof ? prof[g] : 0;
			total += v;
			html_printf(b, "<td class=\"num\">%llu</td>", (unsigned long long)v);
		}
		if (total == 0)
			html_printf(b, "<td>%s</td>", T(lang, "no ballots"));
		else
			html_printf(b, "<td>%s</td>", grade_name(grades, median_of(t, c, prof, total)));
		if (any_kept) {
			html_raw(b, "<td>");
			if (retained[c])
				put_retained(b, lang);
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
	close_figure(b);
}

/* --- Schulze ---------------------------------------------------------- */

static int64_t cell(const int64_t *m, int n, int i, int j)
{
	return m ? m[(size_t)i * (size_t)n + (size_t)j] : 0;
}

/* Digits of |v| plus one for a sign. */
static int width_of(int64_t v)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int d = 2;
	for (; u >= 10; u /= 10)
		d++;
	return d;
}

/* The heat matrix of margins, rows and columns numbered 1..n in ranking
 * order. Positive margins are blue, negative orange to red, two shades each
 * (the darker from half the largest margin up); white text on all four
 * (8.4, 5.1, 4.9 and 8.7:1). A zero margin is a white cell with an outline. */
static void heat_matrix(buf *b, const chart_frame *f, const char *id, const tally_result *t)
{
	i18n_lang lang = f->lang;
	int n = t->ncand > 0 ? t->ncand : 0;
	int64_t maxabs = 0;
	int digits = 2;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			if (i == j)
				continue;
			int64_t m = cell(t->pairwise, n, i, j) - cell(t->pairwise, n, j, i);
			int64_t a = m < 0 ? -m : m;
			if (a > maxabs)
				maxabs = a;
			if (width_of(m) > digits)
				digits = width_of(m);
		}
	int cs = 10 * digits + 14;
	if (cs < 40)
		cs = 40;
	int left = 40, top = 36;
	int w = n > 0 ? left + n * cs + PAD : 240, h = n > 0 ? top + n * cs + PAD : 40;
	html_printf(b,
		    "<svg class=\"chart-matrix\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-labelledby=\"%s-t\" font-size=\"16\" fill=\"" INK "\">\n"
		    "<title id=\"%s-t\">%s</title>\n",
		    w, h, w, h, id, id, T(lang, "Margins: voters preferring the row minus voters preferring the column"));
	if (n == 0)
		html_printf(b, "<text x=\"%d\" y=\"%d\">%s</text>\n", PAD, 26, T(lang, "No data"));
	for (int k = 0; k < n; k++) {
		html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"700\">%d</text>\n",
			    left + k * cs + cs / 2, top - 10, k + 1);
		html_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"700\">%d</text>\n", left - 10,
			    top + k * cs + cs / 2 + 6, k + 1);
	}
	for (int r = 0; r < n; r++) {
		int i = cand_at(t, r);
		for (int k = 0; k < n; k++) {
			int j = cand_at(t, k);
			int x = left + k * cs, y = top + r * cs;
			if (i == j) {
				html_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eef3f9\" stroke=\"#fff\"/>\n",
					    x, y, cs, cs);
				continue;
			}
			int64_t m = cell(t->pairwise, n, i, j) - cell(t->pairwise, n, j, i);
			bool strong = 2 * (m < 0 ? -m : m) >= maxabs;
			if (m == 0)
				html_raw(b, "<rect fill=\"#fff\" stroke=\"" BAR_OTHER "\"");
			else if (m > 0 && strong)
				html_raw(b, "<rect fill=\"#1d4e89\" stroke=\"#fff\"");
			else if (m > 0)
				html_raw(b, "<rect fill=\"#4170a8\" stroke=\"#fff\"");
			else if (strong)
				html_raw(b, "<rect fill=\"#8a2a12\" stroke=\"#fff\"");
			else
				html_raw(b, "<rect fill=\"#b65420\" stroke=\"#fff\"");
			html_printf(b, " x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", x, y, cs, cs);
			if (m == 0)
				html_raw(b, "<text");
			else
				html_raw(b, "<text fill=\"#fff\"");
			html_printf(b, " text-anchor=\"middle\" x=\"%d\" y=\"%d\">", x + cs / 2, y + cs / 2 + 6);
			if (m > 0)
				html_printf(b, "+%lld", (long long)m);
			else if (m < 0)
				html_printf(b, "−%lld", (long long)-m);
			else
				html_raw(b, "0");
			html_raw(b, "</text>\n");
		}
	}
	html_raw(b, "</svg>\n");
}

/* One matrix as a table: row i, column j holds m[i][j]; a cell where the
 * row beats the column is bold with a "✓" and a word for screen readers. */
static void matrix_table(buf *b, i18n_lang lang, const tally_result *t, const char *const *names,
			 const int64_t *m, const char *caption)
{
	int n = t->ncand > 0 ? t->ncand : 0;
	open_table(b, caption);
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th>", T(lang, "Scenario"));
	for (int k = 0; k < n; k++)
		html_printf(b,
			    "<th scope=\"col\" class=\"num\"><span aria-hidden=\"true\">%d</span>"
			    "<span class=\"sr-only\">%s</span></th>",
			    k + 1, names ? names[cand_at(t, k)] : NULL);
	html_raw(b, "</tr></thead>\n<tbody>\n");
	if (n == 0)
		html_printf(b, "<tr><td>%s</td></tr>\n", T(lang, "No data"));
	for (int r = 0; r < n; r++) {
		int i = cand_at(t, r);
		html_printf(b, "<tr><th scope=\"row\">%d. %s</th>", r + 1, names ? names[i] : NULL);
		for (int k = 0; k < n; k++) {
			int j = cand_at(t, k);
			if (i == j) {
				html_raw(b, "<td class=\"num\">—</td>");
				continue;
			}
			long long v = (long long)cell(m, n, i, j);
			if (cell(m, n, i, j) > cell(m, n, j, i))
				html_printf(b,
					    "<td class=\"num\"><strong>%lld</strong><span aria-hidden=\"true\"> ✓</span>"
					    "<span class=\"sr-only\"> (%s)</span></td>",
					    v, T(lang, "wins"));
			else
				html_printf(b, "<td class=\"num\">%lld</td>", v);
		}
		html_raw(b, "</tr>\n");
	}
	html_raw(b, "</tbody>\n</table>\n");
}

void chart_schulze(buf *b, const chart_frame *f, const tally_result *t, const char *const *names)
{
	i18n_lang lang = f->lang;
	char id[64];
	frame_id(f, id, sizeof id);
	html_printf(b, "<figure class=\"chart\" id=\"%s\">\n<figcaption>%s</figcaption>\n", id, f->caption);
	html_raw(b, "<div class=\"chart-body\">\n");
	heat_matrix(b, f, id, t);
	matrix_table(b, lang, t, names, t->pairwise,
		     T(lang, "Pairwise preferences: voters who prefer the row to the column"));
	matrix_table(b, lang, t, names, t->paths,
		     T(lang, "Strongest paths: strength of the strongest path from the row to the column"));
	html_printf(b, "<p class=\"chart-note\">%s</p>\n",
		    T(lang, "✓ and bold: the row beats the column. Rows and columns are numbered in ranking order."));
	close_figure(b);
}
