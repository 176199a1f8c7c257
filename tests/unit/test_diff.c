/* test_diff.c — word-level differences (diff.h): identical texts, pure
 * insertions and deletions, replacements, accented words kept whole,
 * punctuation and white space as tokens, empty texts, the cost bound and
 * its fallback, word counts; and, on random texts, that the spans rebuild
 * both texts and that the edit count is the minimum a longest common
 * subsequence (computed here independently) allows. Expected spans are
 * worked out by hand from the tokens. */
#include "unit.h"

#include "core/text.h"
#include "engines/diff.h"

/* One expected span. */
typedef struct {
	diff_op op;
	const char *text;
} want_span;

static const char *op_name(diff_op op)
{
	return op == DIFF_SAME ? "SAME" : op == DIFF_DEL ? "DEL" : "INS";
}

static void print_spans(const diff_span *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		print_message("  %s \"%.*s\"\n", op_name(s[i].op), (int)s[i].len, s[i].text);
}

/* Diffs the texts and compares the spans with want[0..nwant). */
static void expect_diff(const char *old_text, const char *new_text, const want_span *want,
			size_t nwant)
{
	arena *a = arena_new();
	size_t n = 99;
	diff_span *s = diff_words(a, old_text, new_text, &n);
	assert_non_null(s);
	bool ok = n == nwant;
	for (size_t i = 0; ok && i < n; i++)
		ok = s[i].op == want[i].op && s[i].len == strlen(want[i].text) &&
		     memcmp(s[i].text, want[i].text, s[i].len) == 0;
	if (!ok) {
		print_message("got:\n");
		print_spans(s, n);
		print_message("expected:\n");
		for (size_t i = 0; i < nwant; i++)
			print_message("  %s \"%s\"\n", op_name(want[i].op), want[i].text);
		arena_free(a);
		fail_msg("diff of \"%s\" and \"%s\" differs", old_text, new_text);
	}
	/* spans point into the texts themselves */
	for (size_t i = 0; i < n; i++) {
		const char *base = s[i].op == DIFF_INS ? new_text : old_text;
		assert_true(s[i].text >= base && s[i].text + s[i].len <= base + strlen(base));
	}
	arena_free(a);
}

#define S(t) {DIFF_SAME, t}
#define D(t) {DIFF_DEL, t}
#define I(t) {DIFF_INS, t}
#define EXPECT(o, n, ...)                                              \
	do {                                                           \
		static const want_span w_[] = {__VA_ARGS__};           \
		expect_diff(o, n, w_, UNIT_LEN(w_));                   \
	} while (0)

static void test_identical(void **state)
{
	(void)state;
	EXPECT("Le chat dort.", "Le chat dort.", S("Le chat dort."));
	EXPECT("x", "x", S("x"));
	EXPECT("  \n", "  \n", S("  \n"));
	EXPECT("l’été à Orléans", "l’été à Orléans", S("l’été à Orléans"));
}

static void test_insert(void **state)
{
	(void)state;
	/* [le][ ][chat] → [le][ ][gros][ ][chat]: the common beginning "le " is
	 * kept first, so the insertion is "gros " */
	EXPECT("le chat", "le gros chat", S("le "), I("gros "), S("chat"));
	EXPECT("le chat", "le chat dort", S("le chat"), I(" dort"));
	EXPECT("chat", "le chat", I("le "), S("chat"));
	EXPECT("a b", "a, b", S("a"), I(","), S(" b"));
}

static void test_delete(void **state)
{
	(void)state;
	EXPECT("le gros chat", "le chat", S("le "), D("gros "), S("chat"));
	EXPECT("le chat dort", "le chat", S("le chat"), D(" dort"));
	EXPECT("le chat", "chat", D("le "), S("chat"));
	/* [a][ ][a] → [a]: the first "a" is kept */
	EXPECT("a a", "a", S("a"), D(" a"));
}

static void test_replace(void **state)
{
	(void)state;
	EXPECT("Le chat mange la souris", "Le chien mange la souris", S("Le "), D("chat"),
	       I("chien"), S(" mange la souris"));
	EXPECT("a b c", "a X c", S("a "), D("b"), I("X"), S(" c"));
	EXPECT("x", "y", D("x"), I("y"));
	/* the three spaces are kept, so two replacements */
	EXPECT("one two three four", "one 2 3 four", S("one "), D("two"), I("2"), S(" "),
	       D("three"), I("3"), S(" four"));
	/* several tokens replaced together: one DEL, then one INS */
	EXPECT("début: A B C. fin", "début: x. fin", S("début: "), D("A B C"), I("x"),
	       S(". fin"));
}

static void test_tokens(void **state)
{
	(void)state;
	/* accented words stay whole: "été" and "étang" share bytes but not a token */
	EXPECT("un été réussi", "un étang réussi", S("un "), D("été"), I("étang"), S(" réussi"));
	EXPECT("Ça change", "Ça chante", S("Ça "), D("change"), I("chante"));
	EXPECT("l’été", "l’hiver", D("l’été"), I("l’hiver"));
	EXPECT("Œuvre", "Œuvres", D("Œuvre"), I("Œuvres"));
	/* punctuation is one token per character */
	EXPECT("a,b", "a;b", S("a"), D(","), I(";"), S("b"));
	EXPECT("Quoi ?!", "Quoi ?", S("Quoi ?"), D("!"));
	/* a run of white space is one token */
	EXPECT("a  b", "a b", S("a"), D("  "), I(" "), S("b"));
	EXPECT("ligne un\nligne deux", "ligne un\n\nligne deux", S("ligne un"), D("\n"),
	       I("\n\n"), S("ligne deux"));
	/* digits are word characters */
	EXPECT("en 2030", "en 2031", S("en "), D("2030"), I("2031"));
}

static void test_empty(void **state)
{
	(void)state;
	arena *a = arena_new();
	size_t n = 99;
	diff_span *s = diff_words(a, "", "", &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	arena_free(a);
	EXPECT("", "abc", I("abc"));
	EXPECT("abc", "", D("abc"));
	EXPECT("", " ", I(" "));
}

/* "a a a ... a" (w words) against "b b ... b": the spaces are common, so the
 * shortest script has 2w edits (w words deleted, w inserted). */
static char *words(const char *word, size_t w, const char *tail)
{
	size_t len = strlen(word);
	char *s = malloc(w * (len + 1) + strlen(tail) + 1);
	char *p = s;
	for (size_t i = 0; i < w; i++) {
		if (i)
			*p++ = ' ';
		memcpy(p, word, len);
		p += len;
	}
	memcpy(p, tail, strlen(tail) + 1);
	return s;
}

static void test_bound(void **state)
{
	(void)state;
	arena *a = arena_new();
	size_t n;
	/* 20000 edits: still diffed, DEL "a", INS "b", SAME " "... */
	char *o = words("a", 10000, ""), *nw = words("b", 10000, "");
	diff_span *s = diff_words(a, o, nw, &n);
	assert_int_equal(n, 3 * 10000 - 1);
	assert_int_equal(s[0].op, DIFF_DEL);
	assert_int_equal(s[0].len, 1);
	assert_int_equal(s[1].op, DIFF_INS);
	assert_int_equal(s[2].op, DIFF_SAME);
	assert_int_equal(s[2].len, 1);
	assert_int_equal(s[n - 1].op, DIFF_INS);
	size_t ins, del;
	diff_stats(s, n, &ins, &del);
	assert_int_equal(ins, 10000);
	assert_int_equal(del, 10000);
	free(nw);
	/* 20001 edits (one more token inserted): the whole texts */
	nw = words("b", 10000, ",");
	s = diff_words(a, o, nw, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].op, DIFF_DEL);
	assert_ptr_equal(s[0].text, o);
	assert_int_equal(s[0].len, strlen(o));
	assert_int_equal(s[1].op, DIFF_INS);
	assert_ptr_equal(s[1].text, nw);
	assert_int_equal(s[1].len, strlen(nw));
	free(nw);
	free(o);
	/* 20002 edits */
	o = words("a", 10001, "");
	nw = words("b", 10001, "");
	s = diff_words(a, o, nw, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].op, DIFF_DEL);
	assert_int_equal(s[0].len, strlen(o));
	assert_int_equal(s[1].op, DIFF_INS);
	assert_int_equal(s[1].len, strlen(nw));
	diff_stats(s, n, &ins, &del);
	assert_int_equal(ins, 10001);
	assert_int_equal(del, 10001);
	free(nw);
	free(o);
	/* the bound counts edits, not cost: a common beginning does not save an
	 * insertion of 20001 tokens from the fallback */
	const char *title = "titre";
	char *big = malloc(5 + 20001 + 1);
	memcpy(big, "titre", 5);
	memset(big + 5, '!', 20001);
	big[5 + 20001] = 0;
	s = diff_words(a, title, big, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].op, DIFF_DEL);
	assert_int_equal(s[0].len, 5);
	assert_int_equal(s[1].op, DIFF_INS);
	assert_int_equal(s[1].len, 5 + 20001);
	/* an empty side is left out of the fallback */
	s = diff_words(a, "", big + 5, &n);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].op, DIFF_INS);
	assert_int_equal(s[0].len, 20001);
	/* ...and 20000 are diffed */
	big[5 + 20000] = 0;
	s = diff_words(a, title, big, &n);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].op, DIFF_SAME);
	assert_int_equal(s[0].len, 5);
	assert_int_equal(s[1].op, DIFF_INS);
	assert_int_equal(s[1].len, 20000);
	free(big);
	arena_free(a);
}

static void test_stats(void **state)
{
	(void)state;
#define SP(op, lit) {op, lit, sizeof(lit) - 1}
	const diff_span spans[] = {
		SP(DIFF_DEL, "deux mots, "),
		SP(DIFF_INS, "trois petits mots"),
		SP(DIFF_SAME, "pas compté du tout"),
		SP(DIFF_INS, " l’été 2030 !"),	/* l’été is one word */
		SP(DIFF_DEL, "  ,;  "),		/* no word */
		SP(DIFF_INS, "Œuvre"),
	};
#undef SP
	size_t ins = 99, del = 99;
	diff_stats(spans, UNIT_LEN(spans), &ins, &del);
	assert_int_equal(ins, 6);
	assert_int_equal(del, 2);
	/* a span cut inside a word counts its piece */
	const diff_span part[] = {{DIFF_DEL, "abc def", 2}};
	diff_stats(part, 1, &ins, &del);
	assert_int_equal(ins, 0);
	assert_int_equal(del, 1);
	diff_stats(NULL, 0, &ins, &del);
	assert_int_equal(ins, 0);
	assert_int_equal(del, 0);
	diff_stats(spans, UNIT_LEN(spans), NULL, &del); /* either pointer may be NULL */
	assert_int_equal(del, 2);
	diff_stats(spans, UNIT_LEN(spans), &ins, NULL);
	assert_int_equal(ins, 6);
	/* on a real diff */
	arena *a = arena_new();
	size_t n;
	diff_span *s = diff_words(a, "Le chat mange la souris.", "Le chien mange la souris !", &n);
	diff_stats(s, n, &ins, &del);
	assert_int_equal(ins, 1);
	assert_int_equal(del, 1);
	arena_free(a);
}

/* ---- properties on random texts ---- */

/* Tokens the way diff.h describes them, written again here. */
static size_t tok_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	bool word = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
	bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
	size_t n = 1;
	while (s[n]) {
		unsigned char d = (unsigned char)s[n];
		bool w2 = d >= 0x80 || (d >= '0' && d <= '9') || ((d | 32) >= 'a' && (d | 32) <= 'z');
		bool s2 = d == ' ' || d == '\t' || d == '\n' || d == '\r' || d == '\f' || d == '\v';
		if (!((word && w2) || (space && s2)))
			break;
		n++;
	}
	return n;
}

/* Splits s[0..len) into at most max tokens (start, length). */
static size_t tokenize(const char *s, size_t len, const char **tok, size_t *tl, size_t max)
{
	size_t n = 0, i = 0;
	char *copy = strndup(s, len);
	while (i < len && n < max) {
		size_t l = tok_len(copy + i);
		tok[n] = s + i;
		tl[n] = l;
		n++;
		i += l;
	}
	free(copy);
	return n;
}

static size_t lcs(const char **a, const size_t *al, size_t n, const char **b, const size_t *bl,
		  size_t m)
{
	size_t *row = calloc((m + 1) * (n + 1), sizeof *row);
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t *c = &row[i * (m + 1) + j];
			if (al[i - 1] == bl[j - 1] && !memcmp(a[i - 1], b[j - 1], al[i - 1]))
				*c = row[(i - 1) * (m + 1) + j - 1] + 1;
			else {
				size_t up = row[(i - 1) * (m + 1) + j], left = row[i * (m + 1) + j - 1];
				*c = up > left ? up : left;
			}
		}
	size_t r = row[n * (m + 1) + m];
	free(row);
	return r;
}

static uint64_t rng = 88172645463325252ull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void random_text(char *out, size_t ntok)
{
	static const char *const pieces[] = {"a", "b", "c", "été", "x1", " ", "  ", "\n", ",", "."};
	out[0] = 0;
	for (size_t i = 0; i < ntok; i++)
		strcat(out, pieces[rnd(UNIT_LEN(pieces))]);
}

static void test_random_minimal(void **state)
{
	(void)state;
	enum { MAXT = 60 };
	for (int round = 0; round < 2000; round++) {
		char o[MAXT * 5 + 1], nw[MAXT * 5 + 1];
		random_text(o, rnd(MAXT));
		if (rnd(3) == 0) {
			/* a variant of o: a few tokens changed */
			strcpy(nw, o);
			size_t l = strlen(nw);
			for (int k = 0; k < 3 && l; k++)
				nw[rnd((unsigned)l)] = "ab ,"[rnd(4)];
			if (!text_utf8_valid(nw, strlen(nw)))
				strcpy(nw, o);
		} else {
			random_text(nw, rnd(MAXT));
		}
		arena *a = arena_new();
		size_t n;
		diff_span *s = diff_words(a, o, nw, &n);
		/* SAME + DEL rebuild the old text, SAME + INS the new one */
		char ro[sizeof o], rn[sizeof nw];
		size_t lo = 0, ln = 0, edits = 0;
		for (size_t i = 0; i < n; i++) {
			assert_true(s[i].len > 0);
			if (i)
				assert_true(s[i].op != s[i - 1].op);
			if (i && s[i].op == DIFF_DEL)
				assert_true(s[i - 1].op != DIFF_INS); /* DEL before INS */
			if (s[i].op != DIFF_INS) {
				memcpy(ro + lo, s[i].text, s[i].len);
				lo += s[i].len;
			}
			if (s[i].op != DIFF_DEL) {
				memcpy(rn + ln, s[i].text, s[i].len);
				ln += s[i].len;
			}
			if (s[i].op != DIFF_SAME) {
				const char *tk[MAXT * 4];
				size_t tl[MAXT * 4];
				edits += tokenize(s[i].text, s[i].len, tk, tl, MAXT * 4);
			}
		}
		ro[lo] = 0;
		rn[ln] = 0;
		assert_string_equal(ro, o);
		assert_string_equal(rn, nw);
		/* as few token edits as the longest common subsequence allows */
		const char *ta[MAXT * 4], *tb[MAXT * 4];
		size_t la[MAXT * 4], lb[MAXT * 4];
		size_t na = tokenize(o, strlen(o), ta, la, MAXT * 4);
		size_t nb = tokenize(nw, strlen(nw), tb, lb, MAXT * 4);
		size_t best = na + nb - 2 * lcs(ta, la, na, tb, lb, nb);
		if (edits != best) {
			print_spans(s, n);
			fail_msg("round %d: %zu edits, shortest is %zu, for \"%s\" -> \"%s\"", round,
				 edits, best, o, nw);
		}
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical),
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_replace),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_random_minimal),
	};
	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
