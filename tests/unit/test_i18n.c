/* test_i18n.c — language negotiation (RFC 9110 section 12.5.4 with the
 * q-values of section 12.4.2, language ranges of RFC 4647) and the .mo reader,
 * on images built here by hand following "The Format of GNU MO Files" in the
 * gettext manual, and on the embedded French catalogue. */
#include "unit.h"

#include "core/assets.h"
#include "core/i18n.h"
#include "core/text.h"

static void test_parse_code(void **state)
{
	(void)state;
	assert_int_equal(i18n_parse("fr"), LANG_FR);
	assert_int_equal(i18n_parse("en"), LANG_EN);
	assert_int_equal(i18n_parse("FR"), LANG_FR);
	assert_int_equal(i18n_parse("en-GB"), LANG_EN);
	assert_int_equal(i18n_parse("fr-CA"), LANG_FR);
	assert_int_equal(i18n_parse("de"), -1);
	assert_int_equal(i18n_parse("e"), -1);
	assert_int_equal(i18n_parse(""), -1);
	assert_int_equal(i18n_parse("english"), -1);
	assert_int_equal(i18n_parse(NULL), -1);
	/* ISO 639-1 codes. */
	assert_string_equal(i18n_code(LANG_FR), "fr");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_string_equal(i18n_name(LANG_EN), "English");
	assert_string_equal(i18n_name(LANG_FR), "Fran\xC3\xA7" "ais");
}

static void test_negotiate(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		i18n_lang want;
	} cases[] = {
		{"", LANG_FR},
		{"fr", LANG_FR},
		{"en", LANG_EN},
		{"de", LANG_FR},			/* nothing supported: the default */
		{"en-US", LANG_EN},			/* a range matches its prefix tag */
		{"EN-gb", LANG_EN},			/* tags are case-insensitive */
		{"en-US,en;q=0.9", LANG_EN},
		{"de-DE, de;q=0.9, en;q=0.5", LANG_EN},
		{"fr;q=0.5, en;q=0.8", LANG_EN},	/* highest q wins, not the first */
		{"en;q=0.5, fr;q=0.8", LANG_FR},
		{"en;q=0.3,fr;q=0.2", LANG_EN},
		{"fr-CA;q=0.3,en-GB;q=0.7", LANG_EN},
		{"en; q=0.8, fr; q=0.9", LANG_FR},	/* optional white space */
		{"en ;q=0.9, fr;q=0.8", LANG_EN},
		{"fr;q=0.001, en;q=0.002", LANG_EN},
		{"en;q=1.0", LANG_EN},
		{"en;q=0", LANG_FR},			/* q=0 means "not acceptable" */
		{"en;q=0.000", LANG_FR},
		{"en;q=0, fr;q=0", LANG_FR},
		{"de;q=1, en;q=0", LANG_FR},
		{"english;q=1, en;q=0.1", LANG_EN},	/* "english" is not "en" */
		{"en-Latn-GB-oxendict", LANG_EN},	/* a long but valid tag */
		{",,, ,en", LANG_EN},			/* empty list elements */
		{"en;level=1;q=0.4, fr;q=0.3", LANG_EN},
	};
	assert_int_equal(i18n_negotiate(NULL), LANG_FR);
	for (size_t i = 0; i < UNIT_LEN(cases); i++) {
		i18n_lang got = i18n_negotiate(cases[i].header);
		if (got != cases[i].want)
			fail_msg("Accept-Language: \"%s\" gave %s, expected %s", cases[i].header,
				 i18n_code(got), i18n_code(cases[i].want));
	}
}

/* ---- a .mo image built by hand ---- */

typedef struct {
	const char *orig, *trans;
} mo_entry;

/* Builds a .mo image of n entries (originals sorted by strcmp, as msgfmt
 * writes them): a 28-byte header (magic, revision 0, N, O, T, hash size S = 0,
 * hash offset H), then the table of N (length, offset) pairs of the originals
 * at O, the same for the translations at T, then the NUL-terminated strings.
 * Words are written big-endian when big is set. Caller frees. */
static unsigned char *mo_build(const mo_entry *e, uint32_t n, int big, size_t *len_out)
{
	size_t strings = 0;
	for (uint32_t i = 0; i < n; i++)
		strings += strlen(e[i].orig) + 1 + strlen(e[i].trans) + 1;
	uint32_t O = 28, T = O + 8 * n, S = T + 8 * n;
	size_t len = S + strings;
	unsigned char *mo = mem_calloc(1, len);
	uint32_t words[7] = {0x950412deu, 0, n, O, T, 0, S};
	uint32_t at = S;
#define PUT(off, v)                                                           \
	do {                                                                  \
		uint32_t v_ = (v);                                            \
		unsigned char *q_ = mo + (off);                               \
		for (int k_ = 0; k_ < 4; k_++)                                \
			q_[big ? 3 - k_ : k_] = (unsigned char)(v_ >> (8 * k_)); \
	} while (0)
	for (int w = 0; w < 7; w++)
		PUT(4 * w, words[w]);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l = (uint32_t)strlen(e[i].orig);
		PUT(O + 8 * i, l);
		PUT(O + 8 * i + 4, at);
		memcpy(mo + at, e[i].orig, l + 1);
		at += l + 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l = (uint32_t)strlen(e[i].trans);
		PUT(T + 8 * i, l);
		PUT(T + 8 * i + 4, at);
		memcpy(mo + at, e[i].trans, l + 1);
		at += l + 1;
	}
#undef PUT
	assert_int_equal(at, len);
	*len_out = len;
	return mo;
}

static const mo_entry fruit[] = {
	{"", "Content-Type: text/plain; charset=UTF-8\n"},
	{"Apple", "Pomme"},
	{"Banana", "Banane"},
	{"Cherry", "Cerise"},
	{"Log in", "Se connecter"},
	{"Zebra", "Z\xC3\xA8" "bre"},
	{"apple", "pomme (minuscule)"},
};

static void check_fruit(const unsigned char *mo, size_t len)
{
	assert_string_equal(i18n_mo_lookup(mo, len, "Apple"), "Pomme");
	assert_string_equal(i18n_mo_lookup(mo, len, "Banana"), "Banane");
	assert_string_equal(i18n_mo_lookup(mo, len, "Cherry"), "Cerise");
	assert_string_equal(i18n_mo_lookup(mo, len, "Log in"), "Se connecter");
	assert_string_equal(i18n_mo_lookup(mo, len, "Zebra"), "Z\xC3\xA8" "bre");
	assert_string_equal(i18n_mo_lookup(mo, len, "apple"), "pomme (minuscule)");
	unit_assert_contains(i18n_mo_lookup(mo, len, ""), "charset=UTF-8");
	/* Absent: before the first, between, after the last, prefixes. */
	assert_null(i18n_mo_lookup(mo, len, "AAA"));
	assert_null(i18n_mo_lookup(mo, len, "Apricot"));
	assert_null(i18n_mo_lookup(mo, len, "App"));
	assert_null(i18n_mo_lookup(mo, len, "Apples"));
	assert_null(i18n_mo_lookup(mo, len, "Log"));
	assert_null(i18n_mo_lookup(mo, len, "zzz"));
}

static void test_mo_little_endian(void **state)
{
	(void)state;
	size_t len;
	unsigned char *mo = mo_build(fruit, UNIT_LEN(fruit), 0, &len);
	assert_int_equal(mo[0], 0xde); /* the magic as a little-endian word */
	check_fruit(mo, len);
	free(mo);
}

static void test_mo_big_endian(void **state)
{
	(void)state;
	size_t len;
	unsigned char *mo = mo_build(fruit, UNIT_LEN(fruit), 1, &len);
	assert_int_equal(mo[0], 0x95);
	check_fruit(mo, len);
	free(mo);
}

/* Enough entries for the search to take many steps; every one is found. */
static void test_mo_many(void **state)
{
	(void)state;
	enum { N = 500 };
	mo_entry *e = mem_calloc(N, sizeof *e);
	char (*o)[16] = mem_calloc(N, 16), (*t)[16] = mem_calloc(N, 16);
	for (int i = 0; i < N; i++) {
		snprintf(o[i], 16, "msg %04d", i);
		snprintf(t[i], 16, "t%d", i);
		e[i].orig = o[i];
		e[i].trans = t[i];
	}
	size_t len;
	unsigned char *mo = mo_build(e, N, 0, &len);
	for (int i = 0; i < N; i++) {
		const char *got = i18n_mo_lookup(mo, len, o[i]);
		if (!got || strcmp(got, t[i]) != 0)
			fail_msg("%s -> %s, expected %s", o[i], got ? got : "(null)", t[i]);
	}
	assert_null(i18n_mo_lookup(mo, len, "msg 0500"));
	assert_null(i18n_mo_lookup(mo, len, "msg 00"));
	free(mo);
	free(e);
	free(o);
	free(t);
}

/* Damaged images are refused as a whole, without reading out of bounds
 * (the sanitizer build checks the reads). */
static void test_mo_damaged(void **state)
{
	(void)state;
	size_t len;
	unsigned char *mo = mo_build(fruit, UNIT_LEN(fruit), 0, &len);
	assert_null(i18n_mo_lookup(NULL, 0, "Apple"));
	assert_null(i18n_mo_lookup(mo, 0, "Apple"));
	assert_null(i18n_mo_lookup(mo, 27, "Apple"));
	/* Cut anywhere inside the string area: the last string loses its NUL. */
	assert_null(i18n_mo_lookup(mo, len - 1, "Apple"));
	/* Cut inside the tables. */
	for (size_t cut = 28; cut < 28 + 16 * UNIT_LEN(fruit); cut += 5) {
		unsigned char *copy = mem_alloc(cut);
		memcpy(copy, mo, cut);
		assert_null(i18n_mo_lookup(copy, cut, "Apple"));
		free(copy);
	}
	unsigned char *bad = mem_alloc(len);

	/* Wrong magic. */
	memcpy(bad, mo, len);
	bad[0] ^= 1;
	assert_null(i18n_mo_lookup(bad, len, "Apple"));

	/* A count whose tables would run past the end. */
	memcpy(bad, mo, len);
	bad[8] = 0xff, bad[9] = 0xff, bad[10] = 0xff, bad[11] = 0x0f;
	assert_null(i18n_mo_lookup(bad, len, "Apple"));

	/* Table offsets past the end, and near 2^32 (wrapping if added in 32 bits). */
	memcpy(bad, mo, len);
	bad[12] = 0xf0, bad[13] = 0xff, bad[14] = 0xff, bad[15] = 0xff;
	assert_null(i18n_mo_lookup(bad, len, "Apple"));
	memcpy(bad, mo, len);
	bad[16] = 0x00, bad[17] = 0x00, bad[18] = 0x10, bad[19] = 0x00;
	assert_null(i18n_mo_lookup(bad, len, "Apple"));

	/* A string offset past the end (entry 1's original, at O + 8 + 4). */
	memcpy(bad, mo, len);
	bad[28 + 12] = 0xff, bad[28 + 13] = 0xff, bad[28 + 14] = 0xff, bad[28 + 15] = 0xff;
	assert_null(i18n_mo_lookup(bad, len, "Apple"));

	/* A string length running past the end (entry 2's translation). */
	uint32_t T = 28 + 8 * (uint32_t)UNIT_LEN(fruit);
	memcpy(bad, mo, len);
	bad[T + 16] = 0xff, bad[T + 17] = 0xff, bad[T + 18] = 0xff, bad[T + 19] = 0x7f;
	assert_null(i18n_mo_lookup(bad, len, "Banana"));

	/* A string not NUL-terminated where its length says. */
	memcpy(bad, mo, len);
	bad[T + 8] = (unsigned char)(bad[T + 8] + 1); /* "Pomme" length 5 -> 6 */
	const char *got = i18n_mo_lookup(bad, len, "Apple");
	assert_true(got == NULL || strcmp(got, "Pomme") == 0);
	free(bad);
	free(mo);
}

/* The embedded French catalogue: present, a well-formed .mo per the format,
 * with the header entry, and every entry it holds is what i18n_get returns.
 * Translation is in progress, so no particular wording is required. */
static void test_embedded_catalogue(void **state)
{
	(void)state;
	i18n_init();
	size_t len = 0;
	const unsigned char *mo = assets_find("fr.mo", &len);
	assert_non_null(mo);
	assert_true(len >= 28);
	uint32_t magic, n, O, T;
	memcpy(&magic, mo, 4);
	assert_true(magic == 0x950412deu); /* msgfmt writes the machine's order */
	memcpy(&n, mo + 8, 4);
	memcpy(&O, mo + 12, 4);
	memcpy(&T, mo + 16, 4);
	assert_true(n >= 1);
	assert_true((uint64_t)O + 8ull * n <= len && (uint64_t)T + 8ull * n <= len);

	/* The header: the translation of "" (gettext's PO header entry). */
	const char *hdr = i18n_mo_lookup(mo, len, "");
	assert_non_null(hdr);
	unit_assert_contains(hdr, "charset=UTF-8");
	unit_assert_contains(hdr, "Language: fr");
	/* ... which i18n_get never hands out as a translation. */
	assert_string_equal(i18n_get(LANG_FR, ""), "");

	const char *prev = NULL;
	int translated = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol, oo, tl, to;
		memcpy(&ol, mo + O + 8 * i, 4);
		memcpy(&oo, mo + O + 8 * i + 4, 4);
		memcpy(&tl, mo + T + 8 * i, 4);
		memcpy(&to, mo + T + 8 * i + 4, 4);
		assert_true((uint64_t)oo + ol < len && (uint64_t)to + tl < len);
		const char *orig = (const char *)mo + oo, *tr = (const char *)mo + to;
		/* Sorted, which the binary search relies on. */
		if (prev)
			assert_true(strcmp(prev, orig) < 0);
		prev = orig;
		/* Each form (plural entries hold several, NUL-separated). */
		for (const char *form = tr; form <= tr + tl; form += strlen(form) + 1)
			assert_true(text_utf8_valid(form, strlen(form)));
		if (!*orig)
			continue;
		const char *got = i18n_get(LANG_FR, orig);
		if (strchr(orig, '\4') || memchr(orig, 0, ol) != NULL)
			continue; /* contexts and plural forms are not looked up by msgid */
		assert_string_equal(got, tr);
		assert_true(i18n_mo_lookup(mo, len, orig) == got);
		translated++;
	}

	/* Two entries that the catalogue must have by now. */
	static const char *known[] = {"The body must be a JSON object.", "There is no such token."};
	for (size_t i = 0; i < UNIT_LEN(known); i++) {
		const char *fr = i18n_get(LANG_FR, known[i]);
		if (fr == known[i] || !*fr)
			fail_msg("\"%s\" has no French translation", known[i]);
		assert_true(text_utf8_valid(fr, strlen(fr)));
	}
	assert_true(translated >= 2);

	/* Untranslated or unknown: the msgid itself, the same pointer. */
	const char *unknown = "No catalogue has this sentence, 7f3a.";
	assert_true(i18n_get(LANG_FR, unknown) == unknown);
	/* English is the msgid language: never looked up. */
	const char *en = "Log in";
	assert_true(i18n_get(LANG_EN, en) == en);
	assert_true(i18n_get(LANG_COUNT, en) == en);
}

/* The conversions of a printf format in order ("%zu", "%s", ...), without
 * "%%"; -1 when positional arguments are used (order may then differ). */
static int conversions(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%')
			continue;
		if (i + 1 < n && s[i + 1] == '%') {
			i++;
			continue;
		}
		size_t k = i + 1;
		while (k < n && strchr("0123456789.-+ #'", s[k]))
			k++;
		if (k < n && s[k] == '$')
			return -1;
		while (k < n && strchr("hlLqjzt", s[k]))
			k++;
		if (k >= n)
			break;
		size_t len = k - i + 1;
		if (o + len + 2 >= outlen)
			break;
		memcpy(out + o, s + i, len);
		o += len;
		out[o++] = ' ';
		i = k;
	}
	out[o] = 0;
	return 0;
}

/* Every translation in the embedded catalogue keeps the printf conversions
 * of its msgid, in order: a translation with a different conversion would
 * make printf read the wrong argument. Plural entries: each form against the
 * plural msgid. */
static void test_catalogue_formats(void **state)
{
	(void)state;
	i18n_init();
	size_t len = 0;
	const unsigned char *mo = assets_find("fr.mo", &len);
	assert_non_null(mo);
	uint32_t n, O, T;
	memcpy(&n, mo + 8, 4);
	memcpy(&O, mo + 12, 4);
	memcpy(&T, mo + 16, 4);
	int checked = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ol, oo, tl, to;
		memcpy(&ol, mo + O + 8 * i, 4);
		memcpy(&oo, mo + O + 8 * i + 4, 4);
		memcpy(&tl, mo + T + 8 * i, 4);
		memcpy(&to, mo + T + 8 * i + 4, 4);
		const char *orig = (const char *)mo + oo, *tr = (const char *)mo + to;
		if (!*orig || !memchr(orig, '%', ol))
			continue;
		/* The msgid to compare with: the plural one when there is one. */
		const char *id = orig;
		size_t idlen = strlen(orig);
		if (idlen < ol) {
			id = orig + idlen + 1;
			idlen = strlen(id);
		}
		char want[256], got[256];
		if (conversions(id, idlen, want, sizeof want) < 0)
			continue;
		for (const char *form = tr; form < tr + tl; form += strlen(form) + 1) {
			if (conversions(form, strlen(form), got, sizeof got) < 0)
				continue;
			if (strcmp(got, want) != 0)
				fail_msg("\"%s\" -> \"%s\": conversions [%s] instead of [%s]", orig, form, got, want);
			checked++;
		}
	}
	(void)checked;
}

/* Plural forms: English n != 1; French n > 1 (0 and 1 singular), as the
 * catalogue's Plural-Forms header says; an entry's translations are its
 * forms separated by NUL (MO format). */
static void test_nget(void **state)
{
	(void)state;
	i18n_init();
	const char *one = "%zu widget", *many = "%zu widgets"; /* in no catalogue */
	assert_true(i18n_nget(LANG_EN, one, many, 1) == one);
	assert_true(i18n_nget(LANG_EN, one, many, 0) == many);
	assert_true(i18n_nget(LANG_EN, one, many, 2) == many);
	assert_true(i18n_nget(LANG_FR, one, many, 1) == one);
	assert_true(i18n_nget(LANG_FR, one, many, 0) == one);
	assert_true(i18n_nget(LANG_FR, one, many, 2) == many);
	assert_true(i18n_nget(LANG_FR, one, many, 1000000) == many);

	/* A plural entry of the catalogue, if it is translated yet. */
	size_t len = 0;
	const unsigned char *mo = assets_find("fr.mo", &len);
	const char *hdr = i18n_mo_lookup(mo, len, "");
	assert_non_null(hdr);
	unit_assert_contains(hdr, "Plural-Forms:");
	unit_assert_contains(hdr, "n > 1");
	const char *s1 = "%zu account", *s2 = "%zu accounts";
	const char *t = i18n_mo_lookup(mo, len, s1);
	if (t) {
		const char *f0 = t, *f1 = t + strlen(t) + 1;
		assert_true(i18n_nget(LANG_FR, s1, s2, 0) == f0);
		assert_true(i18n_nget(LANG_FR, s1, s2, 1) == f0);
		assert_true(i18n_nget(LANG_FR, s1, s2, 2) == f1);
		assert_string_not_equal(f0, f1);
		unit_assert_contains(f0, "%zu");
		unit_assert_contains(f1, "%zu");
	}
	assert_true(i18n_nget(LANG_EN, s1, s2, 1) == s1);
	assert_true(i18n_nget(LANG_EN, s1, s2, 3) == s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_code),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_mo_little_endian),
		cmocka_unit_test(test_mo_big_endian),
		cmocka_unit_test(test_mo_many),
		cmocka_unit_test(test_mo_damaged),
		cmocka_unit_test(test_embedded_catalogue),
		cmocka_unit_test(test_catalogue_formats),
		cmocka_unit_test(test_nget),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
