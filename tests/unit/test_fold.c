/* test_fold.c — folding for search (fold.h): samples of the folding table
 * (Latin-1 Supplement, Latin Extended-A, ligatures, ß, the typographic
 * apostrophe, combining accents), what is left alone, splitting a query
 * into terms (quotes, FTS operators, *, - dropped; duplicates; the 64-byte
 * cut), and snippets (a match in the middle with ellipses on both sides,
 * no match, several terms, accents ignored in the match but kept in the
 * pieces, long words). Expected snippets are worked out by hand from the
 * character positions written beside them. */
#include "unit.h"

#include "core/text.h"
#include "engines/fold.h"

static void expect_fold(const char *in, const char *want)
{
	arena *a = arena_new();
	char *got = fold_text(a, in);
	if (strcmp(got, want))
		fail_msg("fold(\"%s\") = \"%s\", expected \"%s\"", in, got, want);
	/* never longer, and folding twice changes nothing */
	assert_true(strlen(got) <= strlen(in));
	assert_string_equal(fold_text(a, got), got);
	arena_free(a);
}

static void test_fold_samples(void **state)
{
	(void)state;
	expect_fold("", "");
	expect_fold("HELLO World 42", "hello world 42");
	expect_fold("École", "ecole");
	expect_fold("É", "e");
	expect_fold("ÉÈÊËéèêë", "eeeeeeee");
	expect_fold("ÀÁÂÃÄÅàáâãäå", "aaaaaaaaaaaa");
	expect_fold("ÌÍÎÏìíîï ÒÓÔÕÖØòóôõöø ÙÚÛÜùúûü ÝýŸÿ", "iiiiiiii oooooooooooo uuuuuuuu yyyy");
	expect_fold("Ça, ç", "ca, c");
	expect_fold("Œuvre, cœur", "oeuvre, coeur");
	expect_fold("Æther, ex æquo", "aether, ex aequo");
	expect_fold("Straße", "strasse");
	expect_fold("Ñandú", "nandu");
	expect_fold("l’été", "l'ete");
	expect_fold("Ðð Þþ", "dd thth");
	/* Latin Extended-A */
	expect_fold("ŁÓDŹ", "lodz");
	expect_fold("Ĳssel", "ijssel");
	expect_fold("Dvořák", "dvorak");
	expect_fold("Şişli", "sisli");
	expect_fold("Ąę Ćč Ďđ Ğġ Ħĩ Ĵķ Ńň Őő Ŕř Śš Ţť Ůű Ŵŷ Žż ſ",
		    "ae cc dd gg hi jk nn oo rr ss tt uu wy zz s");
	expect_fold("Ŋ", "ŋ");
	/* decomposed accents fold like composed ones */
	expect_fold("re\xCC\x81seau", "reseau");
	/* everything else is kept */
	expect_fold("Ωμέγα", "Ωμέγα");
	expect_fold("€ 100 % × ÷ « » ‘x’ – …", "€ 100 % × ÷ « » ‘x' – …");
	expect_fold("ĸ µ ª", "ĸ µ ª");
	expect_fold("日本語 😀", "日本語 😀");
	expect_fold("tab\there\nnew", "tab\there\nnew");
	arena *a = arena_new();
	assert_null(fold_text(a, NULL));
	arena_free(a);
}

/* Every code point of U+00C0..U+017F folds to lower-case ASCII letters or
 * is one of the few non-letters or letters without a base kept as they
 * are. */
static void test_fold_table(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
		char in[3] = {(char)(0xC0 | cp >> 6), (char)(0x80 | (cp & 0x3F)), 0};
		const char *out = fold_text(a, in);
		bool ascii = *out != 0;
		for (const char *p = out; *p; p++)
			ascii = ascii && *p >= 'a' && *p <= 'z';
		if (cp == 0xD7 || cp == 0xF7 || cp == 0x138 || cp == 0x14B)
			assert_string_equal(out, in); /* × ÷ ĸ ŋ */
		else if (cp == 0x14A)
			assert_string_equal(out, "ŋ");
		else if (!ascii)
			fail_msg("U+%04X folds to \"%s\"", cp, out);
	}
	/* upper and lower case of a pair fold alike */
	static const char *const pairs[][2] = {
		{"À", "à"}, {"Ç", "ç"}, {"É", "é"}, {"Ô", "ô"}, {"Ü", "ü"}, {"Ā", "ā"},
		{"Č", "č"}, {"Ě", "ě"}, {"Ł", "ł"}, {"Ő", "ő"}, {"Œ", "œ"}, {"Ž", "ž"},
	};
	for (size_t i = 0; i < UNIT_LEN(pairs); i++)
		assert_string_equal(fold_text(a, pairs[i][0]), fold_text(a, pairs[i][1]));
	arena_free(a);
}

/* ---- terms ---- */

/* Splits query and compares with want (NULL-terminated). */
static void expect_terms_max(const char *query, size_t max, const char *const *want)
{
	arena *a = arena_new();
	char *terms[16];
	memset(terms, 0, sizeof terms);
	size_t n = fold_terms(a, query, terms, max);
	size_t nwant = 0;
	while (want[nwant])
		nwant++;
	bool ok = n == nwant;
	for (size_t i = 0; ok && i < n; i++)
		ok = !strcmp(terms[i], want[i]);
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			print_message("  term %zu: \"%s\"\n", i, terms[i]);
		fail_msg("terms of \"%s\": %zu, expected %zu", query, n, nwant);
	}
	/* nothing an FTS query could read as syntax */
	for (size_t i = 0; i < n; i++) {
		assert_true(*terms[i]);
		assert_true(strlen(terms[i]) <= 64);
		assert_true(text_utf8_valid(terms[i], strlen(terms[i])));
		assert_null(strpbrk(terms[i], "\"'*-+:^()[]{} \t\n&|!<>~"));
	}
	arena_free(a);
}

#define TERMS(q, ...)                                                  \
	do {                                                           \
		static const char *const w_[] = {__VA_ARGS__, NULL};   \
		expect_terms_max(q, 16, w_);                           \
	} while (0)

static void test_terms(void **state)
{
	(void)state;
	TERMS("Réseau  vélo", "reseau", "velo");
	TERMS("\"réseau social\" AND vélo* -voiture NEAR(a b) OR NOT x", "reseau", "social", "velo",
	      "voiture", "a", "b", "x");
	/* operators count only in capitals; lower-case they are words */
	TERMS("and or not near", "and", "or", "not", "near");
	TERMS("l’école", "l", "ecole");
	TERMS("c'est foo-bar", "c", "est", "foo", "bar");
	TERMS("«Démocratie»", "democratie");
	TERMS("x\" OR 1=1 --", "x", "1");
	TERMS("title:ŒUVRE^2", "title", "oeuvre", "2");
	TERMS("Vélo velo VELO vélo", "velo");
	TERMS("ville's 2030!", "ville", "s", "2030");
	TERMS("Ωμέγα 日本語", "Ωμέγα", "日本語");
	TERMS("re\xCC\x81seau", "reseau");
	static const char *const none[] = {NULL};
	expect_terms_max("", 16, none);
	expect_terms_max("\" * - ( ) : ^ AND OR NOT NEAR …", 16, none);
	expect_terms_max("a b c", 0, none);
	arena *a = arena_new();
	char *t[4];
	assert_int_equal(fold_terms(a, NULL, t, 4), 0);
	arena_free(a);
	/* at most max terms */
	static const char *const two[] = {"a", "b", NULL};
	expect_terms_max("a b c d", 2, two);
}

static void test_terms_long(void **state)
{
	(void)state;
	arena *a = arena_new();
	char q[200], *t[4];
	/* 70 ASCII letters: cut at 64 */
	memset(q, 'A', 70);
	q[70] = 0;
	assert_int_equal(fold_terms(a, q, t, 4), 1);
	assert_int_equal(strlen(t[0]), 64);
	assert_true(t[0][0] == 'a' && t[0][63] == 'a');
	/* 63 letters then a 2-byte letter that does not fold: the cut falls
	 * inside it, so the term ends before it */
	memset(q, 'b', 63);
	strcpy(q + 63, "жж");
	assert_int_equal(fold_terms(a, q, t, 4), 1);
	assert_int_equal(strlen(t[0]), 63);
	/* 62 letters and an accented one: folded first, then cut (64 bytes) */
	memset(q, 'c', 62);
	strcpy(q + 62, "éé");
	assert_int_equal(fold_terms(a, q, t, 4), 1);
	assert_int_equal(strlen(t[0]), 64);
	assert_int_equal(t[0][63], 'e');
	arena_free(a);
}

/* ---- snippets ---- */

static void expect_pieces(const char *text, const char *const *terms, size_t nterms, size_t width,
			  const char *const *want, size_t nwant)
{
	arena *a = arena_new();
	const char **pieces = NULL;
	size_t n = fold_snippet(a, text, (char *const *)terms, nterms, width, &pieces);
	bool ok = n == nwant;
	for (size_t i = 0; ok && i < n; i++)
		ok = !strcmp(pieces[i], want[i]);
	if (!ok) {
		for (size_t i = 0; i < n; i++)
			print_message("  piece %zu: \"%s\"\n", i, pieces[i]);
		for (size_t i = 0; i < nwant; i++)
			print_message("  expected %zu: \"%s\"\n", i, want[i]);
		fail_msg("snippet of \"%s\" (width %zu) differs", text, width);
	}
	arena_free(a);
}

#define SNIP(text, terms, width, ...)                                                \
	do {                                                                         \
		static const char *const w_[] = {__VA_ARGS__};                       \
		expect_pieces(text, terms, UNIT_LEN(terms), width, w_, UNIT_LEN(w_)); \
	} while (0)

/* Character positions of the words of LONG:
 * Le 0-2, premier 3-10, jour 11-15, les 17-20, habitants 21-30, du 31-33,
 * quartier 34-42, ont 43-46, installé 47-55, un 56-58, réseau 59-65,
 * de 66-68, chaleur 69-76, partagé 77-84, entre 85-90, les 91-94,
 * immeubles 95-104, de 105-107, la 108-110, rue 111-114; 115 in all. */
static const char LONG[] = "Le premier jour, les habitants du quartier ont installé un réseau "
			   "de chaleur partagé entre les immeubles de la rue.";

/* un 0-2, deux 3-7, trois 8-13, quatre 14-20, cinq 21-25, six 26-29,
 * sept 30-34, huit 35-39, neuf 40-44, dix 45-48; 48 in all. */
static const char COUNT[] = "un deux trois quatre cinq six sept huit neuf dix";

static void test_snippet_middle(void **state)
{
	(void)state;
	/* width 30 around "réseau" (59-65, 6 long): 12 characters before, so the
	 * window is 47-77; it starts at "installé" (47) and ends after
	 * "chaleur" (76), "partagé" (77-84) not fitting. */
	static const char *const t1[] = {"reseau"};
	SNIP(LONG, t1, 30, "…installé un ", "réseau", " de chaleur…");
	/* the term as the user typed it works too: it is folded */
	static const char *const t2[] = {"RÉSEAU"};
	SNIP(LONG, t2, 30, "…installé un ", "réseau", " de chaleur…");
	/* a prefix of the word marks the whole word; a word's middle is no match */
	static const char *const t3[] = {"rés"};
	SNIP(LONG, t3, 30, "…installé un ", "réseau", " de chaleur…");
	static const char *const t4[] = {"seau", "alle"};
	SNIP(LONG, t4, 30, "Le premier jour, les habitants…");
}

static void test_snippet_edges(void **state)
{
	(void)state;
	/* near the end: the window 37-57 would pass the end (48), so it moves
	 * back to 28-48 and starts at "sept" (30) */
	static const char *const t1[] = {"dix"};
	SNIP(COUNT, t1, 20, "…sept huit neuf ", "dix");
	/* at the start */
	static const char *const t2[] = {"un"};
	SNIP(COUNT, t2, 12, "", "un", " deux…");
	/* no match: the beginning, cut after the last whole word within 12
	 * characters ("deux" ends at 7, "trois" at 13) */
	static const char *const t3[] = {"zebre"};
	SNIP(COUNT, t3, 12, "un deux…");
	static const char *const t0[] = {""};
	SNIP(COUNT, t0, 12, "un deux…"); /* an empty term matches nothing */
	/* a text within the width is whole, without ellipses */
	SNIP("Un réseau", t3, 80, "Un réseau");
	static const char *const t4[] = {"reseau"};
	SNIP("Un réseau", t4, 80, "Un ", "réseau");
	SNIP("Un réseau", t4, 9, "Un ", "réseau");
	/* a matched word longer than the width is given whole */
	static const char *const t5[] = {"anticonst"};
	SNIP("x anticonstitutionnellement y", t5, 10, "…", "anticonstitutionnellement", "…");
	/* no match and a first word longer than the width: cut inside it */
	SNIP("Anticonstitutionnellement dit", t3, 10, "Anticonsti…");
	/* an empty text */
	arena *a = arena_new();
	const char **pieces = NULL;
	assert_int_equal(fold_snippet(a, "", (char *const *)t4, 1, 10, &pieces), 0);
	assert_non_null(pieces);
	assert_string_equal(pieces[0], "");
	pieces = NULL;
	assert_int_equal(fold_snippet(a, NULL, (char *const *)t4, 1, 10, &pieces), 0);
	assert_non_null(pieces);
	/* no terms at all */
	assert_int_equal(fold_snippet(a, "Un deux", NULL, 0, 10, &pieces), 1);
	assert_string_equal(pieces[0], "Un deux");
	arena_free(a);
}

static void test_snippet_terms(void **state)
{
	(void)state;
	/* two terms, both in the window: "six" (26-29) centres a window of 22,
	 * 9 before: 17-39, from "cinq" (21) to "huit" (ends at 39); the match
	 * cut after gets a "…" piece of its own */
	static const char *const t1[] = {"huit", "six"};
	SNIP(COUNT, t1, 22, "…cinq ", "six", " sept ", "huit", "…");
	/* every matching word of a whole text is marked, accents ignored in the
	 * match but kept in the pieces */
	static const char *const t2[] = {"reseau", "velo"};
	SNIP("Réseaux et vélos, réseau de VÉLOS", t2, 100, "", "Réseaux", " et ", "vélos", ", ",
	     "réseau", " de ", "VÉLOS");
	static const char *const t3[] = {"ecole"};
	SNIP("L’École des mines", t3, 100, "L’", "École", " des mines");
	static const char *const t4[] = {"coeur"};
	SNIP("Au cœur de la ville", t4, 100, "Au ", "cœur", " de la ville");
	/* decomposed text matches too and keeps its bytes */
	static const char *const t5[] = {"ete"};
	SNIP("un e\xCC\x81te\xCC\x81 chaud", t5, 100, "un ", "e\xCC\x81te\xCC\x81", " chaud");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_samples),
		cmocka_unit_test(test_fold_table),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_terms_long),
		cmocka_unit_test(test_snippet_middle),
		cmocka_unit_test(test_snippet_edges),
		cmocka_unit_test(test_snippet_terms),
	};
	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
