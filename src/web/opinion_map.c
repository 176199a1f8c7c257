/*
 * opinion_map.c — the SVG picture and table of an opinion map (see
 * opinion_map.h). Coordinates are the engine's projections, scaled to the
 * picture; the axes have no meaning of their own (a principal component
 * analysis), so none are drawn or labelled.
 */
#include "opinion_map.h"
#include "html.h"

#include <math.h>
#include <string.h>

#define W 600
#define H 400
#define PAD 28
#define BIN_ABOVE 400	/* participants beyond which points are binned */
#define CELLS_X 60
#define CELLS_Y 40

static const char *const letters[] = {"A", "B", "C", "D", "E"};

static int px(double x, double lo, double hi)
{
	return hi > lo ? PAD + (int)lround((x - lo) / (hi - lo) * (W - 2 * PAD)) : W / 2;
}

static int py(double y, double lo, double hi)
{
	/* SVG's y grows downwards. */
	return hi > lo ? H - PAD - (int)lround((y - lo) / (hi - lo) * (H - 2 * PAD)) : H / 2;
}

void opinion_map_svg(http_req *r, const controversy_map *m, int me)
{
	buf *o = &r->out;
	double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
	bool any = false;
	for (int i = 0; i < m->npeople; i++) {
		const cmap_person *p = &m->people[i];
		if (!isfinite(p->x) || !isfinite(p->y) || p->nvotes == 0)
			continue;
		if (!any || p->x < x0)
			x0 = p->x;
		if (!any || p->x > x1)
			x1 = p->x;
		if (!any || p->y < y0)
			y0 = p->y;
		if (!any || p->y > y1)
			y1 = p->y;
		any = true;
	}
	html_printf(o, "<figure class=\"chart omap\" id=\"map\"><figcaption>%s</figcaption><div class=\"chart-body\">",
		    T(r, "Opinion map: each point is a participant, placed by their votes"));
	html_printf(o, "<svg class=\"omap\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-labelledby=\"map-t\" font-size=\"18\"><title id=\"map-t\">%s</title>"
		       "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" class=\"om-bg\"/>",
		    W, H, W, H,
		    T(r, "Participants who vote alike are close; the letters mark the opinion groups. The table gives the same information."),
		    W, H);
	if (m->npeople > BIN_ABOVE) {
		/* counts per cell and per group (index ngroups: no group) */
		int n1 = OPINION_MAX_GROUPS + 1;
		int *cell = arena_zalloc(r->pool, (size_t)CELLS_X * CELLS_Y * (size_t)n1 * sizeof *cell);
		for (int i = 0; i < m->npeople; i++) {
			const cmap_person *p = &m->people[i];
			if (!isfinite(p->x) || !isfinite(p->y) || p->nvotes == 0)
				continue;
			int cx = (px(p->x, x0, x1) - PAD) * CELLS_X / (W - 2 * PAD + 1);
			int cy = (py(p->y, y0, y1) - PAD) * CELLS_Y / (H - 2 * PAD + 1);
			cx = cx < 0 ? 0 : cx >= CELLS_X ? CELLS_X - 1 : cx;
			cy = cy < 0 ? 0 : cy >= CELLS_Y ? CELLS_Y - 1 : cy;
			int g = p->group >= 0 ? p->group : OPINION_MAX_GROUPS;
			cell[(cy * CELLS_X + cx) * n1 + g]++;
		}
		for (int c = 0; c < CELLS_X * CELLS_Y; c++)
			for (int g = 0; g < n1; g++) {
				int k = cell[c * n1 + g];
				if (!k)
					continue;
				double rad = 2.5 * sqrt((double)k);
				if (rad > 9)
					rad = 9;
				html_printf(o, "<circle cx=\"%d\" cy=\"%d\" r=\"%.1f\" class=\"%s\"/>",
					    PAD + (c % CELLS_X) * (W - 2 * PAD) / CELLS_X + 4,
					    PAD + (c / CELLS_X) * (H - 2 * PAD) / CELLS_Y + 4, rad,
					    g < OPINION_MAX_GROUPS ? letters[g] : "om-none");
			}
	} else {
		for (int i = 0; i < m->npeople; i++) {
			const cmap_person *p = &m->people[i];
			if (!isfinite(p->x) || !isfinite(p->y) || p->nvotes == 0)
				continue;
			html_printf(o, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" class=\"%s\"/>", px(p->x, x0, x1),
				    py(p->y, y0, y1), p->group >= 0 && p->group < 5 ? letters[p->group] : "om-none");
		}
	}
	/* Each label is drawn twice, a white halo under the letter, so it
	 * reads over the points. */
	for (int g = 0; g < m->ngroups; g++)
		for (int k = 0; k < 2; k++)
			html_printf(o, "<text x=\"%d\" y=\"%d\" class=\"%s\" text-anchor=\"middle\">%s</text>",
				    px(m->groups[g].x, x0, x1), py(m->groups[g].y, y0, y1) + 6, k ? "om-label" : "om-halo",
				    letters[g]);
	if (me >= 0 && me < m->npeople && isfinite(m->people[me].x)) {
		int x = px(m->people[me].x, x0, x1), y = py(m->people[me].y, y0, y1);
		html_printf(o, "<circle cx=\"%d\" cy=\"%d\" r=\"9\" class=\"om-me\"/>"
			       "<text x=\"%d\" y=\"%d\" class=\"om-halo\">%s</text>"
			       "<text x=\"%d\" y=\"%d\" class=\"om-me-label\">%s</text>",
			    x, y, x + 12, y - 10, T(r, "you"), x + 12, y - 10, T(r, "you"));
	}
	html_raw(o, "</svg>");
	/* The table: what the picture says, in words. */
	html_printf(o, "<table class=\"chart-data\" tabindex=\"0\"><caption>%s</caption><thead><tr>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "Opinion groups on the map"), T(r, "Group"), T(r, "Participants"), T(r, "Share of those placed"));
	int placed = 0;
	for (int g = 0; g < m->ngroups; g++)
		placed += m->groups[g].size;
	int my_group = me >= 0 && me < m->npeople ? m->people[me].group : -1;
	for (int g = 0; g < m->ngroups; g++) {
		html_printf(o, "<tr><th scope=\"row\"><span class=\"swatch %s\" aria-hidden=\"true\"></span> %s%s</th>"
			       "<td class=\"num\">%d</td><td class=\"num\">%s</td></tr>",
			    letters[g], letters[g], g == my_group ? arena_printf(r->pool, " (%s)", T(r, "your group")) : "",
			    m->groups[g].size,
			    arena_printf(r->pool, r->lang == LANG_EN ? "%d%%" : "%d\u00a0%%",
					 placed ? (int)lround(100.0 * m->groups[g].size / placed) : 0));
	}
	int none = 0;
	for (int i = 0; i < m->npeople; i++)
		none += m->people[i].group < 0 && m->people[i].nvotes > 0;
	if (none)
		html_printf(o, "<tr><th scope=\"row\">%s</th><td class=\"num\">%d</td><td class=\"num\">—</td></tr>",
			    T(r, "Too few votes to be placed in a group"), none);
	html_raw(o, "</tbody></table></div></figure>");
}
