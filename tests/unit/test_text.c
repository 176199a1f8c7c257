/* test_text.c — UTF-8 validation, hex, base64url, trimming, lower-casing,
 * constant-time equality and integer parsing (text.h). Expected values come
 * from RFC 3629 (UTF-8), the Unicode Standard's table 3-7 of well-formed
 * byte sequences, and RFC 4648 (base16, base64url). */
#include "unit.h"

#include "core/text.h"

/* A byte string with its length, since some contain NUL. */
typedef struct {
	const char *s;
	size_t n;
	const char *why;
} bytes;

#define B(lit, why) {lit, sizeof(lit) - 1, why}

static void test_utf8_valid(void **state)
{
	(void)state;
	static const bytes ok[] = {
		B("", "empty"),
		B("plain ASCII ~\x7f", "ASCII up to DEL"),
		B("\xC2\x80", "U+0080, smallest 2-byte"),
		B("\xC3\xA9t\xC3\xA9", "été"),
		B("\xDF\xBF", "U+07FF, largest 2-byte"),
		B("\xE0\xA0\x80", "U+0800, smallest 3-byte"),
		B("\xE2\x82\xAC", "U+20AC euro sign"),
		B("\xED\x9F\xBF", "U+D7FF, just below the surrogates"),
		B("\xEE\x80\x80", "U+E000, just above the surrogates"),
		B("\xEF\xBF\xBF", "U+FFFF"),
		B("\xEF\xBB\xBF", "U+FEFF byte order mark"),
		B("\xF0\x90\x80\x80", "U+10000, smallest 4-byte"),
		B("\xF0\x9F\x98\x80", "U+1F600"),
		B("\xF4\x8F\xBF\xBF", "U+10FFFF, the last code point"),
	};
	static const bytes bad[] = {
		B("\x80", "lone continuation byte"),
		B("\xBF", "lone continuation byte"),
		B("a\x80z", "continuation byte between ASCII"),
		B("\xC0\x80", "overlong NUL"),
		B("\xC0\xAF", "overlong '/'"),
		B("\xC1\xBF", "overlong 2-byte"),
		B("\xE0\x80\xAF", "overlong 3-byte '/'"),
		B("\xE0\x9F\xBF", "overlong U+07FF in 3 bytes"),
		B("\xF0\x80\x80\xAF", "overlong 4-byte '/'"),
		B("\xF0\x8F\xBF\xBF", "overlong U+FFFF in 4 bytes"),
		B("\xED\xA0\x80", "U+D800 high surrogate"),
		B("\xED\xAF\xBF", "U+DBFF"),
		B("\xED\xB0\x80", "U+DC00 low surrogate"),
		B("\xED\xBF\xBF", "U+DFFF"),
		B("\xED\xA0\xBD\xED\xB8\x80", "CESU-8 surrogate pair"),
		B("\xF4\x90\x80\x80", "U+110000"),
		B("\xF5\x80\x80\x80", "lead byte F5"),
		B("\xF7\xBF\xBF\xBF", "U+1FFFFF"),
		B("\xF8\x88\x80\x80\x80", "5-byte form"),
		B("\xFC\x84\x80\x80\x80\x80", "6-byte form"),
		B("\xFE", "byte FE"),
		B("\xFF", "byte FF"),
		B("\xC3", "truncated 2-byte at end"),
		B("\xE2\x82", "truncated 3-byte at end"),
		B("\xF0\x9F\x98", "truncated 4-byte at end"),
		B("\xC3z", "2-byte cut by ASCII"),
		B("\xE2\x82z", "3-byte cut by ASCII"),
		B("\xF0\x9F\x98z", "4-byte cut by ASCII"),
		B("\xE2\xC3\xA9", "3-byte cut by a new lead byte"),
		B("a\0b", "NUL inside"),
		B("\0", "NUL alone"),
		B("ok\0", "NUL at the end"),
	};
	for (size_t i = 0; i < UNIT_LEN(ok); i++)
		if (!text_utf8_valid(ok[i].s, ok[i].n))
			fail_msg("rejected valid UTF-8: %s", ok[i].why);
	for (size_t i = 0; i < UNIT_LEN(bad); i++)
		if (text_utf8_valid(bad[i].s, bad[i].n))
			fail_msg("accepted invalid UTF-8: %s", bad[i].why);
}

/* The length bounds what is read: a valid prefix is valid, a cut inside a
 * character is not, and bytes past n are ignored. */
static void test_utf8_length_bound(void **state)
{
	(void)state;
	const char *s = "\xC3\xA9\xE2\x82\xAC\xFF";
	assert_true(text_utf8_valid(s, 0));
	assert_false(text_utf8_valid(s, 1));
	assert_true(text_utf8_valid(s, 2));
	assert_false(text_utf8_valid(s, 3));
	assert_false(text_utf8_valid(s, 4));
	assert_true(text_utf8_valid(s, 5));
	assert_false(text_utf8_valid(s, 6));
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(text_utf8_len(""), 0);
	assert_int_equal(text_utf8_len("abc"), 3);
	assert_int_equal(text_utf8_len("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4);
}

static void test_hex(void **state)
{
	(void)state;
	char out[64];
	/* RFC 4648 section 10, base16 (lower case here). */
	text_hex((const unsigned char *)"", 0, out);
	assert_string_equal(out, "");
	text_hex((const unsigned char *)"f", 1, out);
	assert_string_equal(out, "66");
	text_hex((const unsigned char *)"fo", 2, out);
	assert_string_equal(out, "666f");
	text_hex((const unsigned char *)"foobar", 6, out);
	assert_string_equal(out, "666f6f626172");
	const unsigned char raw[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	text_hex(raw, sizeof raw, out);
	assert_string_equal(out, "00017f80abff");
}

static void test_b64url(void **state)
{
	(void)state;
	/* RFC 4648 section 10 test vectors, with the padding removed. */
	static const char *in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *want[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
	char out[64];
	for (size_t i = 0; i < UNIT_LEN(in); i++) {
		memset(out, '#', sizeof out);
		text_b64url((const unsigned char *)in[i], strlen(in[i]), out);
		assert_string_equal(out, want[i]);
	}
	/* The URL-safe alphabet of section 5: 62 is '-', 63 is '_'.
	 * fb ff bf = 111110 111111 111110 111111 -> 62 63 62 63. */
	const unsigned char url[] = {0xfb, 0xff, 0xbf};
	text_b64url(url, 3, out);
	assert_string_equal(out, "-_-_");
	/* 00 10 83 = 000000 000001 000010 000011 -> "ABCD". */
	const unsigned char abcd[] = {0x00, 0x10, 0x83};
	text_b64url(abcd, 3, out);
	assert_string_equal(out, "ABCD");
	/* 32 bytes give ceil(256 / 6) = 43 characters. */
	unsigned char key[32];
	memset(key, 0xff, sizeof key);
	text_b64url(key, sizeof key, out);
	assert_int_equal(strlen(out), 43);
	/* 30 bytes of ff are 40 '_'; the last two bytes ffff -> "__8". */
	assert_string_equal(out, "__________________________________________8");
}

static void test_trim_lower(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_null(text_trim(a, NULL));
	assert_string_equal(text_trim(a, ""), "");
	assert_string_equal(text_trim(a, " \t\r\n\f\v "), "");
	assert_string_equal(text_trim(a, "  inner  space \n"), "inner  space");
	assert_string_equal(text_trim(a, "x"), "x");
	/* Only ASCII white space: a no-break space (U+00A0) stays. */
	assert_string_equal(text_trim(a, "\xC2\xA0x "), "\xC2\xA0x");
	const char *orig = "  keep  ";
	text_trim(a, orig);
	assert_string_equal(orig, "  keep  "); /* a copy, the input is untouched */

	assert_string_equal(text_lower(a, "MiXeD-Case_09@EXAMPLE.Org"), "mixed-case_09@example.org");
	assert_string_equal(text_lower(a, ""), "");
	/* Only ASCII letters: É (C3 89) is left alone. */
	assert_string_equal(text_lower(a, "\xC3\x89T\xC3\x89"), "\xC3\x89t\xC3\x89");
	arena_free(a);
}

/* RFC 3986: unreserved characters (ALPHA DIGIT - . _ ~) stay, and '/' as
 * promised by text.h; every other byte becomes %XX, upper-case hex being
 * the form section 2.1 asks producers to use. */
static void test_urlencode(void **state)
{
	(void)state;
	arena *a = arena_new();
	assert_string_equal(text_urlencode(a, ""), "");
	assert_string_equal(text_urlencode(a, "AZaz09-._~/"), "AZaz09-._~/");
	assert_string_equal(text_urlencode(a, "/a b?c=d&e#f"), "/a%20b%3Fc%3Dd%26e%23f");
	assert_string_equal(text_urlencode(a, "100%"), "100%25");
	assert_string_equal(text_urlencode(a, "+:@!$'()*,;[]"), "%2B%3A%40%21%24%27%28%29%2A%2C%3B%5B%5D");
	assert_string_equal(text_urlencode(a, "\"<>\\^`{|}"), "%22%3C%3E%5C%5E%60%7B%7C%7D");
	assert_string_equal(text_urlencode(a, "\xC3\xA9t\xC3\xA9"), "%C3%A9t%C3%A9");
	assert_string_equal(text_urlencode(a, "\x01\x7f\xff\n"), "%01%7F%FF%0A");
	/* The worst case: every byte triples. */
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = 0;
	const char *enc = text_urlencode(a, all);
	size_t keep = 26 + 26 + 10 + 5; /* letters, digits, - . _ ~ / */
	assert_int_equal(strlen(enc), keep + 3 * (255 - keep));
	arena_free(a);
}

static void test_equal_ct(void **state)
{
	(void)state;
	assert_true(text_equal_ct("", ""));
	assert_true(text_equal_ct("secret-token", "secret-token"));
	assert_false(text_equal_ct("secret-token", "secret-tokeN"));
	assert_false(text_equal_ct("Secret-token", "secret-token"));
	assert_false(text_equal_ct("secret", "secret-token"));
	assert_false(text_equal_ct("secret-token", "secret"));
	assert_false(text_equal_ct("", "x"));
	/* Differences that cancel out under a sum but not under OR of XORs. */
	assert_false(text_equal_ct("ab", "ba"));
	assert_false(text_equal_ct("\x01\x02", "\x02\x01"));
}

static void test_parse_i64(void **state)
{
	(void)state;
	int64_t v = 0;
	assert_true(text_parse_i64("0", &v));
	assert_int_equal(v, 0);
	assert_true(text_parse_i64("42", &v));
	assert_int_equal(v, 42);
	assert_true(text_parse_i64("-17", &v));
	assert_int_equal(v, -17);
	assert_true(text_parse_i64("9223372036854775807", &v));
	assert_true(v == INT64_MAX);
	assert_true(text_parse_i64("-9223372036854775808", &v));
	assert_true(v == INT64_MIN);

	static const char *bad[] = {
		"", "-", "+", "abc", "12a", "a12", "1 ", " 1", "\t1", "+1", "1.0", "1e3",
		"0x10", "--1", "- 1", "9223372036854775808", "-9223372036854775809",
		"99999999999999999999999", "\n5", "\v5", "\f5", "\r5",
	};
	for (size_t i = 0; i < UNIT_LEN(bad); i++) {
		v = 12345;
		if (text_parse_i64(bad[i], &v))
			fail_msg("accepted \"%s\" as %lld", bad[i], (long long)v);
	}
	assert_false(text_parse_i64(NULL, &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_length_bound),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_b64url),
		cmocka_unit_test(test_trim_lower),
		cmocka_unit_test(test_urlencode),
		cmocka_unit_test(test_equal_ct),
		cmocka_unit_test(test_parse_i64),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
