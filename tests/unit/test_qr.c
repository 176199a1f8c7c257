/* test_qr.c — QR codes as SVG (qr.h). The drawing is read back: the path's
 * runs are turned into a module matrix that must equal, module for module,
 * the symbol libqrencode gives for the same text at level M, with a blank
 * quiet zone of 4 modules and every run as long as it can be. */
#include "unit.h"

#include <qrencode.h>

#include "web/qr.h"

static int count(const char *h, const char *n)
{
	int k = 0;
	for (const char *p = h; (p = strstr(p, n)); p += strlen(n))
		k++;
	return k;
}

/* Draws text, reads the SVG back and compares it with libqrencode's symbol. */
static void check_text(const char *text)
{
	buf b = BUF_INIT;
	assert_true(qr_svg(&b, text, "join", "QR code of the join link"));
	const char *out = buf_cstr(&b);

	/* Looks well formed: one svg, one title, one rect, one path, closed. */
	assert_memory_equal(out, "<svg class=\"qr\" viewBox=\"0 0 ", 29);
	assert_string_equal(out + b.len - 7, "</svg>\n");
	assert_int_equal(count(out, "<svg"), 1);
	assert_int_equal(count(out, "</svg>"), 1);
	assert_int_equal(count(out, "<path"), 1);
	assert_int_equal(count(out, "<title"), 1);
	assert_int_equal(count(out, "</title>"), 1);
	unit_assert_contains(out, "role=\"img\" aria-labelledby=\"join-t\"");
	unit_assert_contains(out, "shape-rendering=\"crispEdges\"");
	unit_assert_contains(out, "<title id=\"join-t\">QR code of the join link</title>");

	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(q);
	int w = q->width, n = w + 8;
	int vw = 0, vh = 0;
	assert_int_equal(sscanf(strstr(out, "viewBox=\""), "viewBox=\"0 0 %d %d\"", &vw, &vh), 2);
	assert_int_equal(vw, n);
	assert_int_equal(vh, n);
	char rect[64];
	snprintf(rect, sizeof rect, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", n, n);
	unit_assert_contains(out, rect);

	/* Read the path back. */
	unsigned char *m = calloc((size_t)n * (size_t)n, 1);
	const char *d = strstr(out, " d=\"");
	assert_non_null(d);
	d += 4;
	int runs = 0, last_y = -1, last_end = -1;
	while (*d == 'M') {
		int x, y, len, back, used = 0;
		assert_int_equal(sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &len, &back, &used), 4);
		assert_true(used > 0);
		assert_int_equal(len, back);
		assert_true(len >= 1 && x >= 0 && y >= 0 && x + len <= n && y < n);
		/* Runs go row by row, left to right, never touching: merged. */
		assert_true(y > last_y || (y == last_y && x > last_end));
		last_y = y;
		last_end = x + len;
		for (int i = 0; i < len; i++) {
			assert_int_equal(m[(size_t)y * (size_t)n + (size_t)(x + i)], 0);
			m[(size_t)y * (size_t)n + (size_t)(x + i)] = 1;
		}
		runs++;
		d += used;
	}
	assert_string_equal(d, "\"/>\n</svg>\n");
	assert_true(runs > 0);
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n; x++) {
			int want = 0;
			if (x >= 4 && x < 4 + w && y >= 4 && y < 4 + w)
				want = q->data[(size_t)(y - 4) * (size_t)w + (size_t)(x - 4)] & 1;
			if (m[(size_t)y * (size_t)n + (size_t)x] != want)
				fail_msg("module (%d, %d): drawn %d, symbol %d", x, y, m[(size_t)y * n + x], want);
		}
	free(m);
	QRcode_free(q);
	buf_free(&b);
}

static void test_decode(void **state)
{
	(void)state;
	check_text("https://fabrique.example/s/ABCD-2345");
	check_text("a");
	check_text("Séminaire « Ruptures » — code 4242 ✓");
	/* A long link: a larger version, with alignment patterns. */
	char longer[600];
	for (int i = 0; i < 599; i++)
		longer[i] = "abcdefghijklmnopqrstuvwxyz0123456789/-"[i % 38];
	longer[599] = 0;
	check_text(longer);
}

static void test_size(void **state)
{
	(void)state;
	/* A short text fits version 1: 21 modules, 29 with the quiet zone. */
	buf b = BUF_INIT;
	assert_true(qr_svg(&b, "HELLO", "x", "t"));
	unit_assert_contains(buf_cstr(&b), "viewBox=\"0 0 29 29\"");
	/* The finder pattern's top row starts at (4, 4), seven modules long. */
	unit_assert_contains(buf_cstr(&b), "d=\"M4 4h7v1h-7z");
	buf_free(&b);
}

static void test_escape_and_failures(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	assert_true(qr_svg(&b, "<x>", "a\"b<c>", "Code <of> \"it\""));
	unit_assert_contains(buf_cstr(&b), "aria-labelledby=\"abc-t\"");
	unit_assert_contains(buf_cstr(&b), "<title id=\"abc-t\">Code &lt;of&gt; &quot;it&quot;</title>");
	unit_assert_not_contains(buf_cstr(&b), "<x>");
	unit_assert_not_contains(buf_cstr(&b), "<of>");
	buf_reset(&b);
	assert_true(qr_svg(&b, "x", NULL, "t"));
	unit_assert_contains(buf_cstr(&b), "<title id=\"qr-t\">");

	/* Nothing to encode, or too much: false and nothing written. */
	buf_reset(&b);
	assert_false(qr_svg(&b, NULL, "x", "t"));
	assert_false(qr_svg(&b, "", "x", "t"));
	char *big = malloc(8001);
	memset(big, 'z', 8000);
	big[8000] = 0;
	assert_false(qr_svg(&b, big, "x", "t"));
	assert_int_equal(b.len, 0);
	free(big);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_escape_and_failures),
	};
	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
