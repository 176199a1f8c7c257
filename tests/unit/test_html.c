/* test_html.c — the escape-by-default HTML writer (html.h). The five
 * characters are those that can end a text node or a quoted attribute value
 * (HTML Living Standard, "Serializing HTML fragments" and attribute value
 * states); &amp; &lt; &gt; &quot; are the named references of HTML. */
#include "unit.h"

#include "web/html.h"

/* The reference for ' may be written &#39;, &#x27; or &apos;. */
static void assert_apostrophe(const char *s)
{
	assert_null(strchr(s, '\''));
	assert_true(strstr(s, "&#39;") || strstr(s, "&#x27;") || strstr(s, "&apos;"));
}

static void test_text_escapes(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_text(&b, "a&b<c>d\"e");
	assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e");
	buf_reset(&b);
	html_text(&b, "it's");
	assert_apostrophe(buf_cstr(&b));
	assert_memory_equal(buf_cstr(&b), "it&", 3);
	buf_reset(&b);
	/* Already-escaped text is escaped again: the writer never trusts input. */
	html_text(&b, "&amp;");
	assert_string_equal(buf_cstr(&b), "&amp;amp;");
	buf_reset(&b);
	/* Nothing else changes: UTF-8, other punctuation, control characters. */
	html_text(&b, "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC / = ` ; \t\n");
	assert_string_equal(buf_cstr(&b), "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC / = ` ; \t\n");
	buf_reset(&b);
	html_text(&b, "<<>>");
	assert_string_equal(buf_cstr(&b), "&lt;&lt;&gt;&gt;");
	buf_reset(&b);
	html_text(&b, NULL);
	html_text(&b, "");
	assert_int_equal(b.len, 0);
	/* html_textn stops at n. */
	html_textn(&b, "<b>bold</b>", 3);
	assert_string_equal(buf_cstr(&b), "&lt;b&gt;");
	html_textn(&b, NULL, 5);
	assert_string_equal(buf_cstr(&b), "&lt;b&gt;");
	/* Appends to what is there. */
	html_text(&b, "&");
	assert_string_equal(buf_cstr(&b), "&lt;b&gt;&amp;");
	buf_free(&b);
}

/* A long string of specials, so the output is several times the input. */
static void test_text_long(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	char in[3001];
	for (int i = 0; i < 3000; i++)
		in[i] = "<&>x"[i % 4];
	in[3000] = 0;
	html_text(&b, in);
	/* 750 each of &lt; (4) &amp; (5) &gt; (4) x (1). */
	assert_int_equal(b.len, 750 * (4 + 5 + 4 + 1));
	assert_memory_equal(b.data, "&lt;&amp;&gt;x&lt;", 18);
	assert_null(strchr(b.data, '<'));
	buf_free(&b);
}

static void test_printf(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	/* The format is markup; the %s argument is text. */
	html_printf(&b, "<p class=\"x\">%s</p>", "<script>alert(1)</script>");
	assert_string_equal(buf_cstr(&b), "<p class=\"x\">&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	buf_reset(&b);
	html_printf(&b, "<a title=\"%s\">", "\" onmouseover=\"steal()");
	assert_string_equal(buf_cstr(&b), "<a title=\"&quot; onmouseover=&quot;steal()\">");
	buf_reset(&b);
	html_printf(&b, "<a title='%s'>", "x' onclick='y");
	assert_memory_equal(buf_cstr(&b), "<a title='x", 11);
	assert_int_equal(strchr(buf_cstr(&b) + 11, '\'') - buf_cstr(&b), (long)b.len - 2);
	buf_reset(&b);
	const char *none = NULL; /* NULL writes nothing (html.h) */
	volatile int keep = 0;    /* hides the constant NULL from the format checker */
	html_printf(&b, "[%s|%s]", keep ? "x" : none, "");
	assert_string_equal(buf_cstr(&b), "[|]");
	buf_reset(&b);
	html_printf(&b, "no conversions & <b>");
	assert_string_equal(buf_cstr(&b), "no conversions & <b>");
	buf_reset(&b);
	html_printf(&b, "%s", "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_printf_numbers(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_printf(&b, "%d %i %d %u", -2147483647 - 1, 42, 0, 4294967295u);
	assert_string_equal(buf_cstr(&b), "-2147483648 42 0 4294967295");
	buf_reset(&b);
	html_printf(&b, "%ld|%li|%lu", -5L, 6L, 7UL);
	assert_string_equal(buf_cstr(&b), "-5|6|7");
	buf_reset(&b);
	html_printf(&b, "%lld|%lli|%llu", (long long)INT64_MIN, (long long)INT64_MAX,
		    (unsigned long long)UINT64_MAX);
	assert_string_equal(buf_cstr(&b),
			    "-9223372036854775808|9223372036854775807|18446744073709551615");
	buf_reset(&b);
	html_printf(&b, "%zu%%", (size_t)100);
	assert_string_equal(buf_cstr(&b), "100%");
	buf_reset(&b);
	html_printf(&b, "%% %s %%%d", "<", 5);
	assert_string_equal(buf_cstr(&b), "% &lt; %5");
	buf_reset(&b);
	/* Mixed: arguments are consumed in order. */
	html_printf(&b, "%s=%d;%s=%llu;%s=%zu", "a", 1, "b", 2ULL, "<c>", (size_t)3);
	assert_string_equal(buf_cstr(&b), "a=1;b=2;&lt;c&gt;=3");
	buf_free(&b);
}

/* An unsupported conversion shows visibly rather than vanishing. */
static void test_printf_unsupported(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_printf(&b, "x%xy", 255u);
	unit_assert_not_contains(buf_cstr(&b), "ff");
	unit_assert_not_contains(buf_cstr(&b), "255");
	assert_memory_equal(buf_cstr(&b), "x%", 2);
	buf_free(&b);
}

static void test_raw(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_raw(&b, "<br>");
	html_raw_trusted(&b, "<i>&amp;</i>");
	html_raw_trusted(&b, NULL);
	assert_string_equal(buf_cstr(&b), "<br><i>&amp;</i>");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_text_long),
		cmocka_unit_test(test_printf),
		cmocka_unit_test(test_printf_numbers),
		cmocka_unit_test(test_printf_unsupported),
		cmocka_unit_test(test_raw),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
