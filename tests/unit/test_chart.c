/* test_chart.c — seminar charts (chart.h): labels escaped in the picture and
 * in the table, numbers in both, retained rows marked with text, the figure
 * named for assistive technologies, bar lengths, the majority judgment
 * median line and named median on a profile worked out by hand, the Schulze
 * tables' marks, and empty inputs (no candidate, no ballot) drawn without
 * dividing by zero. The tally_result values are built by hand. */
#include "unit.h"

#include "core/i18n.h"
#include "web/chart.h"

static const char *const GRADES[TALLY_MJ_GRADES] = {
	"À rejeter", "Insuffisant", "Passable", "Assez bien", "Bien", "Très bien", "<b>Excellent</b>",
};

/* The output split at the end of the (first) picture: svg holds the
 * figure up to </svg>, rest what follows (the table). Both are malloc'd. */
static void split_svg(const char *out, char **svg, char **rest)
{
	const char *end = strstr(out, "</svg>");
	assert_non_null(end);
	*svg = strndup(out, (size_t)(end - out));
	*rest = strdup(end);
}

static int count(const char *h, const char *n)
{
	int k = 0;
	for (const char *p = h; (p = strstr(p, n)); p += strlen(n))
		k++;
	return k;
}

/* Nothing that could only come from a broken writer or a bad division. */
static void assert_sane(const char *out)
{
	unit_assert_not_contains(out, "%?");
	unit_assert_not_contains(out, "nan");
	unit_assert_not_contains(out, "inf\"");
	unit_assert_not_contains(out, "=\"-");
	assert_int_equal(count(out, "<figure"), count(out, "</figure>"));
	assert_int_equal(count(out, "<svg"), count(out, "</svg>"));
	assert_int_equal(count(out, "<table"), count(out, "</table>"));
	assert_int_equal(count(out, "<text"), count(out, "</text>"));
}

static void test_bars(void **state)
{
	(void)state;
	chart_bar rows[] = {
		{"<script>alert(1)</script> & co", 12, 1, true},
		{"Plain \"quoted\"", 7.5, 2, false},
		{"Nobody's", 0, 3, false},
	};
	chart_frame f = {LANG_EN, "res<1>", "Approvals <per> scenario"};
	buf b = BUF_INIT;
	chart_bars(&b, &f, "Approvals", rows, 3);
	const char *out = buf_cstr(&b);
	assert_sane(out);
	unit_assert_not_contains(out, "<script>");
	unit_assert_not_contains(out, "<per>");
	unit_assert_not_contains(out, "Nobody's");
	/* The id keeps only its safe characters; the picture is named. */
	unit_assert_contains(out, "<figure class=\"chart\" id=\"res1\">");
	unit_assert_contains(out, "<figcaption>Approvals &lt;per&gt; scenario</figcaption>");
	unit_assert_contains(out, "role=\"img\" aria-labelledby=\"res1-t\"");
	unit_assert_contains(out, "<title id=\"res1-t\">Approvals &lt;per&gt; scenario</title>");

	char *svg, *table;
	split_svg(out, &svg, &table);
	/* Labels escaped in both, with their rank in the picture. */
	unit_assert_contains(svg, ">1. &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</text>");
	unit_assert_contains(svg, ">2. Plain &quot;quoted&quot;</text>");
	unit_assert_contains(svg, ">3. Nobody&#39;s</text>");
	unit_assert_contains(table, "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</th>");
	unit_assert_contains(table, "<th scope=\"row\">Plain &quot;quoted&quot;</th>");
	/* The numbers are in both. */
	unit_assert_contains(svg, ">12<tspan");
	unit_assert_contains(svg, ">7.5</text>");
	unit_assert_contains(svg, ">0</text>");
	unit_assert_contains(table, "<td class=\"num\">12</td>");
	unit_assert_contains(table, "<td class=\"num\">7.5</td>");
	unit_assert_contains(table, "<td class=\"num\">0</td>");
	unit_assert_contains(table, "<td>1</td>");
	/* Bars scale to the largest: 440 for 12, 275 for 7.5, none for 0. */
	unit_assert_contains(svg, "width=\"440\" height=\"26\"");
	unit_assert_contains(svg, "width=\"275\" height=\"26\"");
	assert_int_equal(count(svg, "<rect"), 2);
	/* The retained row is marked by text in both, once each. */
	assert_int_equal(count(svg, "✓ retained"), 1);
	unit_assert_contains(svg, "<tspan font-weight=\"700\"> ✓ retained</tspan>");
	assert_int_equal(count(table, "✓ </span>retained"), 1);
	unit_assert_contains(table, "<th scope=\"col\">Retained</th>");
	unit_assert_contains(table, "<th scope=\"col\" class=\"num\">Approvals</th>");
	free(svg);
	free(table);

	/* French: decimal comma; no rank and no retained column when none. */
	i18n_init();
	chart_bar fr[] = {{"A", 2.25, 0, false}, {"B", 1.5, 0, false}, {"C", -1, 0, false}};
	f.lang = LANG_FR;
	buf_reset(&b);
	chart_bars(&b, &f, "Points", fr, 3);
	out = buf_cstr(&b);
	assert_sane(out);
	unit_assert_contains(out, "<td class=\"num\">2,25</td>");
	unit_assert_contains(out, "<td class=\"num\">1,5</td>");
	unit_assert_contains(out, "<td class=\"num\">-1</td>");
	unit_assert_contains(out, "<th scope=\"col\">Scénario</th>");
	unit_assert_not_contains(out, "✓");
	unit_assert_not_contains(out, ">Rank<");
	assert_int_equal(count(out, "<rect"), 2); /* no bar for a negative value */
	buf_free(&b);
}

static void test_bar_rows(void **state)
{
	(void)state;
	int order[] = {2, 0, 1}, level_start[] = {0, 1, 2, 3}, rank[] = {2, 3, 1};
	double score[] = {5, 3, 9};
	tally_result t = {.method = TALLY_APPROVAL, .ncand = 3, .ballots = 10, .nlevels = 3,
			  .order = order, .level_start = level_start, .rank = rank, .score = score};
	const char *names[] = {"A", "B", "C"};
	bool kept[] = {true, false, true};
	arena *a = arena_new();
	chart_bar *rows;
	assert_int_equal(chart_bar_rows(a, &t, names, kept, &rows), 3);
	assert_string_equal(rows[0].label, "C");
	assert_true(rows[0].value == 9 && rows[0].rank == 1 && rows[0].retained);
	assert_string_equal(rows[1].label, "A");
	assert_true(rows[1].value == 5 && rows[1].rank == 2 && rows[1].retained);
	assert_string_equal(rows[2].label, "B");
	assert_true(rows[2].value == 3 && rows[2].rank == 3 && !rows[2].retained);
	/* No ranking and no retained flags: index order, nothing retained. */
	t.order = NULL;
	t.rank = NULL;
	assert_int_equal(chart_bar_rows(a, &t, names, NULL, &rows), 3);
	assert_string_equal(rows[0].label, "A");
	assert_true(rows[0].rank == 0 && !rows[0].retained);
	/* No candidate. */
	t.ncand = 0;
	assert_int_equal(chart_bar_rows(a, &t, names, NULL, &rows), 0);
	arena_free(a);
}

/* The fill of the segment of the bar whose top is at y that covers x. */
static const char *fill_at(const char *svg, int x, int y, char *out, size_t n)
{
	for (const char *p = svg; (p = strstr(p, "<rect x=\"")); p++) {
		int rx, ry, rw, rh;
		char fill[16];
		if (sscanf(p, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%15[^\"]\"", &rx, &ry, &rw,
			   &rh, fill) == 5 &&
		    ry == y && rx <= x && x < rx + rw) {
			snprintf(out, n, "%s", fill);
			return out;
		}
	}
	return NULL;
}

/* The legend's fill for a grade name as written (escaped). */
static const char *legend_fill(const char *svg, const char *name, char *out, size_t n)
{
	char key[128];
	snprintf(key, sizeof key, "font-size=\"16\">%s</text>", name);
	const char *t = strstr(svg, key);
	assert_non_null(t);
	/* Backwards to the swatch's fill. */
	const char *f = t;
	while (f > svg && strncmp(f, "fill=\"", 6) != 0)
		f--;
	sscanf(f, "fill=\"%15[^\"]\"", out);
	(void)n;
	return out;
}

static void test_mj(void **state)
{
	(void)state;
	/* A: 10 votes 1 0 2 3 1 2 1 — sorted, the 5th (0-based 4) is grade 3.
	 * B: 5 votes 0 0 0 1 1 1 2 — the 3rd (0-based 2) is grade 5.
	 * B ranks first. */
	uint64_t profile[] = {1, 0, 2, 3, 1, 2, 1, 0, 0, 0, 1, 1, 1, 2};
	int order[] = {1, 0}, level_start[] = {0, 1, 2}, rank[] = {2, 1};
	const char *names[] = {"<i>A</i>", "B & co"};
	bool kept[] = {false, true};
	tally_result t = {.method = TALLY_MJ, .ncand = 2, .ballots = 10, .nlevels = 2, .order = order,
			  .level_start = level_start, .rank = rank, .profile = profile, .median = NULL};
	chart_frame f = {LANG_EN, "mj", "Merit profiles"};
	buf b = BUF_INIT;
	for (int pass = 0; pass < 2; pass++) {
		/* First with the medians worked out here, then with the engine's. */
		int median[] = {3, 5};
		t.median = pass ? median : NULL;
		buf_reset(&b);
		chart_mj(&b, &f, &t, names, kept, GRADES);
		const char *out = buf_cstr(&b);
		assert_sane(out);
		unit_assert_not_contains(out, "<i>");
		unit_assert_not_contains(out, "<b>");
		char *svg, *table;
		split_svg(out, &svg, &table);
		unit_assert_contains(svg, "<title id=\"mj-t\">Merit profiles</title>");
		/* Labels escaped, B first, the retained one marked. */
		const char *pb = strstr(svg, ">1. B &amp; co<tspan font-weight=\"700\"> ✓ retained</tspan></text>");
		const char *pa = strstr(svg, ">2. &lt;i&gt;A&lt;/i&gt;</text>");
		assert_non_null(pb);
		assert_non_null(pa);
		assert_true(pb < pa);
		/* The median line at 50 %: 8 + 420 / 2, across each bar (tops
		 * at 40 + 26 and 40 + 66 + 26), nowhere else. */
		unit_assert_contains(svg, "<line class=\"median\" x1=\"218\" y1=\"60\" x2=\"218\" y2=\"98\" "
					  "stroke=\"" "#1b1f24" "\"");
		unit_assert_contains(svg, "<line class=\"median\" x1=\"218\" y1=\"126\" x2=\"218\" y2=\"164\"");
		assert_int_equal(count(svg, "<line class=\"median\" x1=\"218\""), 4);
		assert_int_equal(count(svg, "<line"), 4);
		unit_assert_contains(svg, ">50%</text>");
		/* The named median after each bar, in ranking order. */
		const char *mb = strstr(svg, "font-weight=\"700\">Très bien</text>");
		const char *ma = strstr(svg, "font-weight=\"700\">Assez bien</text>");
		assert_non_null(mb);
		assert_non_null(ma);
		assert_true(pb < mb && mb < pa && pa < ma);
		/* The segment under the line is the median grade's colour: bars
		 * start at y 40 + 26 (B) and 40 + 66 + 26 (A). */
		char f1[16], f2[16];
		assert_non_null(fill_at(svg, 218, 66, f1, sizeof f1));
		assert_string_equal(f1, legend_fill(svg, "Très bien", f2, sizeof f2));
		assert_non_null(fill_at(svg, 218, 132, f1, sizeof f1));
		assert_string_equal(f1, legend_fill(svg, "Assez bien", f2, sizeof f2));
		/* A's segments by hand: 10 votes on 420 units, from x 8. */
		unit_assert_contains(svg, "<rect x=\"8\" y=\"132\" width=\"42\"");   /* grade 0: 1 vote */
		unit_assert_contains(svg, "<rect x=\"50\" y=\"132\" width=\"84\"");  /* grade 2: 2 votes */
		unit_assert_contains(svg, "<rect x=\"134\" y=\"132\" width=\"126\""); /* grade 3: 3 votes */
		assert_int_equal(count(svg, "y=\"132\" width="), 6);		       /* grade 1 has none */
		/* The legend names every grade, escaped. */
		unit_assert_contains(svg, ">À rejeter</text>");
		unit_assert_contains(svg, ">&lt;b&gt;Excellent&lt;/b&gt;</text>");
		/* The table: counts per grade, the median, the mark. */
		unit_assert_contains(table, "<th scope=\"col\" class=\"num\">&lt;b&gt;Excellent&lt;/b&gt;</th>");
		unit_assert_contains(table, "<th scope=\"row\">&lt;i&gt;A&lt;/i&gt;</th>"
					    "<td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">2</td>"
					    "<td class=\"num\">3</td><td class=\"num\">1</td><td class=\"num\">2</td>"
					    "<td class=\"num\">1</td><td>Assez bien</td><td></td></tr>");
		unit_assert_contains(table, "<td>1</td><th scope=\"row\">B &amp; co</th>"
					    "<td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td>"
					    "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">1</td>"
					    "<td class=\"num\">2</td><td>Très bien</td><td><span aria-hidden=\"true\">✓ "
					    "</span>retained</td></tr>");
		free(svg);
		free(table);
	}
	/* An even count takes the lower of the two middle grades: 2 votes,
	 * one grade 1 and one grade 6, the median is grade 1. */
	uint64_t even[] = {0, 1, 0, 0, 0, 0, 1};
	tally_result t2 = {.method = TALLY_MJ, .ncand = 1, .ballots = 2, .profile = even};
	const char *one[] = {"Solo"};
	buf_reset(&b);
	chart_mj(&b, &f, &t2, one, NULL, GRADES);
	unit_assert_contains(buf_cstr(&b), "font-weight=\"700\">Insuffisant</text>");
	unit_assert_contains(buf_cstr(&b), "<td>Insuffisant</td>");
	unit_assert_not_contains(buf_cstr(&b), ">Retained<");
	buf_free(&b);
}

static void test_schulze(void **state)
{
	(void)state;
	/* 3 candidates, ranking C (2), A (0), B (1). d[i][j]: */
	int64_t d[] = {0, 6, 3, /* A */ 4, 0, 2, /* B */ 7, 8, 0 /* C */};
	int64_t p[] = {0, 2, 0, 0, 0, 0, 4, 6, 0};
	int order[] = {2, 0, 1}, level_start[] = {0, 1, 2, 3}, rank[] = {2, 3, 1};
	tally_result t = {.method = TALLY_SCHULZE, .ncand = 3, .ballots = 10, .nlevels = 3, .order = order,
			  .level_start = level_start, .rank = rank, .pairwise = d, .paths = p};
	const char *names[] = {"A<", "B'", "C&"};
	chart_frame f = {LANG_EN, "sch", "Schulze"};
	buf b = BUF_INIT;
	chart_schulze(&b, &f, &t, names);
	const char *out = buf_cstr(&b);
	assert_sane(out);
	unit_assert_not_contains(out, "A<");
	unit_assert_contains(out, "<title id=\"sch-t\">");
	/* Margins in the heat matrix: row C, column A is 7 - 3 = +4. */
	unit_assert_contains(out, ">+4</text>");
	unit_assert_contains(out, ">−4</text>");
	unit_assert_contains(out, ">+6</text>");
	unit_assert_contains(out, ">+2</text>");
	/* Column heads: the number shown, the escaped name for screen readers. */
	unit_assert_contains(out, "<span aria-hidden=\"true\">1</span><span class=\"sr-only\">C&amp;</span>");
	unit_assert_contains(out, "<span aria-hidden=\"true\">3</span><span class=\"sr-only\">B&#39;</span>");
	/* Rows in ranking order: C's row of d is — 7 8, both wins. */
	unit_assert_contains(out, "<tr><th scope=\"row\">1. C&amp;</th><td class=\"num\">—</td>"
				  "<td class=\"num\"><strong>7</strong><span aria-hidden=\"true\"> ✓</span>"
				  "<span class=\"sr-only\"> (wins)</span></td>"
				  "<td class=\"num\"><strong>8</strong>");
	/* A's row: loses to C (3), beats B (6). */
	unit_assert_contains(out, "<tr><th scope=\"row\">2. A&lt;</th><td class=\"num\">3</td>"
				  "<td class=\"num\">—</td><td class=\"num\"><strong>6</strong>");
	/* Paths: B's row 0 0, no win. */
	unit_assert_contains(out, "<tr><th scope=\"row\">3. B&#39;</th><td class=\"num\">0</td>"
				  "<td class=\"num\">0</td><td class=\"num\">—</td></tr>");
	/* 3 wins in d, 3 in p. */
	assert_int_equal(count(out, "<strong>"), 6);
	unit_assert_contains(out, "<p class=\"chart-note\">");
	buf_free(&b);
}

static void test_empty(void **state)
{
	(void)state;
	chart_frame f = {LANG_EN, NULL, "Nothing"};
	buf b = BUF_INIT;
	/* No candidate at all. */
	chart_bars(&b, &f, "Votes", NULL, 0);
	assert_sane(buf_cstr(&b));
	unit_assert_contains(buf_cstr(&b), "id=\"chart\"");
	unit_assert_contains(buf_cstr(&b), ">No data</text>");
	unit_assert_contains(buf_cstr(&b), "<td colspan=\"2\">No data</td>");
	tally_result none = {.method = TALLY_MJ, .ncand = 0};
	buf_reset(&b);
	chart_mj(&b, &f, &none, NULL, NULL, GRADES);
	assert_sane(buf_cstr(&b));
	unit_assert_contains(buf_cstr(&b), ">No data</text>");
	unit_assert_not_contains(buf_cstr(&b), "class=\"median\"");
	buf_reset(&b);
	none.method = TALLY_SCHULZE;
	chart_schulze(&b, &f, &none, NULL);
	assert_sane(buf_cstr(&b));
	unit_assert_contains(buf_cstr(&b), ">No data</text>");

	/* Candidates but no ballot: every score 0, every profile empty. */
	chart_bar zero[] = {{"A", 0, 1, false}, {"B", 0, 1, false}};
	buf_reset(&b);
	chart_bars(&b, &f, "Votes", zero, 2);
	assert_sane(buf_cstr(&b));
	assert_int_equal(count(buf_cstr(&b), "<rect"), 0);
	assert_int_equal(count(buf_cstr(&b), "<td class=\"num\">0</td>"), 2);

	uint64_t profile[2 * TALLY_MJ_GRADES] = {0};
	int median[] = {0, 0}, rank[] = {1, 1};
	const char *names[] = {"A", "B"};
	tally_result mj = {.method = TALLY_MJ, .ncand = 2, .rank = rank, .profile = profile, .median = median};
	buf_reset(&b);
	chart_mj(&b, &f, &mj, names, NULL, GRADES);
	assert_sane(buf_cstr(&b));
	assert_int_equal(count(buf_cstr(&b), ">no ballots</text>"), 2);
	assert_int_equal(count(buf_cstr(&b), "<td>no ballots</td>"), 2);
	assert_int_equal(count(buf_cstr(&b), "fill=\"none\""), 2);
	/* No profile at all reads as no votes. */
	mj.profile = NULL;
	mj.median = NULL;
	buf_reset(&b);
	chart_mj(&b, &f, &mj, names, NULL, NULL);
	assert_sane(buf_cstr(&b));
	assert_int_equal(count(buf_cstr(&b), "<td>no ballots</td>"), 2);

	tally_result sch = {.method = TALLY_SCHULZE, .ncand = 2};
	buf_reset(&b);
	chart_schulze(&b, &f, &sch, names);
	assert_sane(buf_cstr(&b));
	assert_int_equal(count(buf_cstr(&b), "<strong>"), 0);
	assert_int_equal(count(buf_cstr(&b), ">0</text>"), 2);
	buf_free(&b);
}

/* A long name is cut in the picture, whole in the table; UTF-8 stays whole. */
static void test_long_label(void **state)
{
	(void)state;
	char name[400];
	size_t n = 0;
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(name + n, sizeof name - n, "é");
	snprintf(name + n, sizeof name - n, "<end>");
	chart_bar rows[] = {{name, 1, 0, false}};
	chart_frame f = {LANG_EN, "long", "Long"};
	buf b = BUF_INIT;
	chart_bars(&b, &f, "Votes", rows, 1);
	char *svg, *table;
	split_svg(buf_cstr(&b), &svg, &table);
	char want[200];
	size_t w = (size_t)snprintf(want, sizeof want, ">");
	for (int i = 0; i < 44; i++)
		w += (size_t)snprintf(want + w, sizeof want - w, "é");
	snprintf(want + w, sizeof want - w, "…</text>");
	unit_assert_contains(svg, want);
	unit_assert_not_contains(svg, "&lt;end&gt;");
	unit_assert_contains(table, "é&lt;end&gt;</th>");
	free(svg);
	free(table);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_bar_rows),
		cmocka_unit_test(test_mj),
		cmocka_unit_test(test_schulze),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_long_label),
	};
	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
