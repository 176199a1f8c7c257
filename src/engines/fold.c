/*
 * fold.c — accent- and case-insensitive text for search, and highlighted
 * snippets (see fold.h).
 *
 * Folding works code point by code point: ASCII letters are lower-cased;
 * the letters of Latin-1 Supplement and Latin Extended-A become their base
 * letters in lower case (É→e, Ł→l, Œ→oe, Æ→ae, ß→ss, Ĳ→ij, Þ→th); the
 * combining diacritical marks U+0300..U+036F are dropped, so decomposed
 * text folds like composed text; the typographic apostrophe ’ becomes '.
 * Everything else is copied unchanged, so the folded text is never longer
 * than the original.
 *
 * Pure: no I/O; allocation from the caller's arena. Not for: full Unicode
 * case folding or collation, or building FTS queries (the store quotes the
 * terms fold_terms returns).
 */
#include "fold.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ---- code points ---- */

/* Decodes the code point at s into *cp and returns its length; a byte that
 * does not start a well-formed sequence is returned alone as U+FFFD. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07;
	else
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			goto bad;
		v = v << 6 | (s[k] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 1;
}

/* Folding of U+00C0..U+00FF and U+0100..U+017F, one character per code
 * point: a letter is the folded letter, '.' keeps the code point, and
 * digits stand for the longer foldings in multi[]. */
static const char latin1[64 + 1] =
	"aaaaaa3c" "eeeeiiii" "dnooooo." "ouuuuy54"	/* U+00C0..U+00DF */
	"aaaaaa3c" "eeeeiiii" "dnooooo." "ouuuuy5y";	/* U+00E0..U+00FF */
static const char latin_ext_a[128 + 1] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"	/* ..U+0127 */
	"iiiiiiiiii" "11" "jj" "kk" "." "llllllllll" "nnnnnn" "n"	/* ..U+0149 */
	"6." "oooooo" "22" "rrrrrr" "ssssssss" "tttttt"		/* ..U+0167 */
	"uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";			/* ..U+017F */
static const char *const multi[] = {
	[1] = "ij", [2] = "oe", [3] = "ae", [4] = "ss", [5] = "th",
	[6] = "\xC5\x8B", /* Ŋ → ŋ */
};

/* Writes the folding of cp (whose UTF-8 form is src[0..len)) at out and
 * returns the number of bytes written (at most len). */
static size_t fold_cp(uint32_t cp, const char *src, size_t len, char *out)
{
	char c = 0;
	if (cp < 0x80) {
		out[0] = (cp >= 'A' && cp <= 'Z') ? (char)(cp + 32) : (char)cp;
		return 1;
	}
	if (cp >= 0x300 && cp <= 0x36F)
		return 0; /* combining diacritical mark */
	if (cp == 0x2019) {
		out[0] = '\'';
		return 1;
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		c = latin1[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		c = latin_ext_a[cp - 0x100];
	if (c >= 'a' && c <= 'z') {
		out[0] = c;
		return 1;
	}
	if (c >= '1' && c <= '6') {
		const char *m = multi[c - '0'];
		size_t n = strlen(m);
		memcpy(out, m, n); /* every multi[] entry is 2 bytes, like its source */
		return n;
	}
	memcpy(out, src, len);
	return len;
}

/* Folds src[0..n) into out, which has room for n bytes; returns the
 * folded length (out is not terminated). */
static size_t fold_into(const char *src, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = decode(s + i, &cp);
		if (len > n - i)
			len = n - i;
		o += fold_cp(cp, src + i, len, out + o);
		i += len;
	}
	return o;
}

char *fold_text(arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	out[fold_into(s, n, out)] = 0;
	return out;
}

/* Letters and digits for words: ASCII letters and digits, and non-ASCII
 * characters outside the punctuation, symbol and space blocks. */
static bool is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA; /* ª µ º */
	if (cp == 0xD7 || cp == 0xF7)
		return false; /* × ÷ */
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x1680 || cp == 0xFEFF ||
	    cp == 0xFFFD)
		return false;
	return true;
}

/* The end (byte offset) of the word starting at s[i], or i when s[i] does
 * not start a word; *chars receives its length in code points. */
static size_t word_end(const unsigned char *s, size_t i, size_t *chars)
{
	size_t nc = 0;
	for (;;) {
		uint32_t cp;
		if (!s[i])
			break;
		size_t len = decode(s + i, &cp);
		if (!is_word_cp(cp))
			break;
		i += len;
		nc++;
	}
	*chars = nc;
	return i;
}

/* ---- query terms ---- */

#define FOLD_TERM_MAX 64

/* FTS operators, dropped when written in capitals. */
static bool is_operator(const char *w, size_t n)
{
	static const char *const ops[] = {"AND", "OR", "NOT", "NEAR"};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strlen(ops[i]) == n && memcmp(ops[i], w, n) == 0)
			return true;
	return false;
}

size_t fold_terms(arena *a, const char *query, char **terms, size_t max)
{
	assert(terms || max == 0);
	if (!query)
		return 0;
	const unsigned char *s = (const unsigned char *)query;
	size_t count = 0, i = 0;
	while (s[i] && count < max) {
		size_t chars, e = word_end(s, i, &chars);
		if (e == i) {
			uint32_t cp;
			i += decode(s + i, &cp);
			continue;
		}
		size_t n = e - i;
		if (!is_operator(query + i, n)) {
			char *t = arena_alloc(a, n + 1);
			size_t tn = fold_into(query + i, n, t);
			if (tn > FOLD_TERM_MAX) {
				/* cut at a character boundary */
				tn = FOLD_TERM_MAX;
				while (tn > 0 && ((unsigned char)t[tn] & 0xC0) == 0x80)
					tn--;
			}
			t[tn] = 0;
			bool dup = tn == 0;
			for (size_t k = 0; k < count && !dup; k++)
				dup = strcmp(terms[k], t) == 0;
			if (!dup)
				terms[count++] = t;
		}
		i = e;
	}
	return count;
}

/* ---- snippets ---- */

/* A word of the text: bytes [b, e), characters [cb, ce). */
typedef struct word {
	size_t b, e, cb, ce;
	bool match;
} word;

static const char ellipsis[] = "\xE2\x80\xA6"; /* … */

/* The piece text[b..e), with "…" before and/or after. */
static const char *piece(arena *a, const char *text, size_t b, size_t e, bool before, bool after)
{
	return arena_printf(a, "%s%.*s%s", before ? ellipsis : "", (int)(e - b), text + b,
			    after ? ellipsis : "");
}

size_t fold_snippet(arena *a, const char *text, char *const *terms, size_t nterms,
		    size_t width, const char ***pieces)
{
	assert(pieces && (terms || nterms == 0));
	if (!text || !*text) {
		const char **none = arena_alloc(a, sizeof *none);
		none[0] = "";
		*pieces = none;
		return 0;
	}
	/* the terms, folded (callers usually pass fold_terms' output already) */
	char **ft = arena_alloc(a, (nterms ? nterms : 1) * sizeof *ft);
	size_t nft = 0;
	for (size_t i = 0; i < nterms; i++) {
		if (!terms[i])
			continue;
		char *t = fold_text(a, terms[i]);
		if (*t)
			ft[nft++] = t;
	}

	/* the words, with their positions in bytes and characters */
	const unsigned char *s = (const unsigned char *)text;
	size_t nwords = 0, cap = 16, total = 0, i = 0, first = (size_t)-1;
	word *w = arena_alloc(a, cap * sizeof *w);
	char *buf = arena_alloc(a, strlen(text) + 1);
	while (s[i]) {
		size_t chars, e = word_end(s, i, &chars);
		if (e == i) {
			uint32_t cp;
			i += decode(s + i, &cp);
			total++;
			continue;
		}
		if (nwords == cap) {
			word *bigger = arena_alloc(a, 2 * cap * sizeof *w);
			memcpy(bigger, w, cap * sizeof *w);
			w = bigger;
			cap *= 2;
		}
		word *wd = &w[nwords];
		wd->b = i;
		wd->e = e;
		wd->cb = total;
		wd->ce = total + chars;
		wd->match = false;
		size_t fn = fold_into(text + i, e - i, buf);
		for (size_t k = 0; k < nft && !wd->match; k++) {
			size_t tn = strlen(ft[k]);
			wd->match = tn <= fn && memcmp(buf, ft[k], tn) == 0;
		}
		if (wd->match && first == (size_t)-1)
			first = nwords;
		nwords++;
		total += chars;
		i = e;
	}
	size_t len = i;

	/* the window, in characters */
	size_t ws = 0, we = total;
	if (total > width) {
		if (first != (size_t)-1) {
			size_t cb = w[first].cb, ce = w[first].ce, mlen = ce - cb;
			if (mlen >= width) {
				ws = cb;
				we = ce;
			} else {
				size_t before = (width - mlen) / 2;
				ws = cb > before ? cb - before : 0;
				we = ws + width;
				if (we > total) {
					we = total;
					ws = total - width;
				}
			}
		} else {
			we = width;
		}
	}

	/* cut at word boundaries, in bytes */
	size_t start = 0, end = len;
	if (ws > 0) {
		size_t k = 0;
		while (k < nwords && w[k].cb < ws)
			k++;
		start = k < nwords ? w[k].b : len;
	}
	if (we < total) {
		size_t k = nwords;
		while (k > 0 && w[k - 1].ce > we)
			k--;
		if (k > 0 && w[k - 1].e > start) {
			end = w[k - 1].e;
		} else {
			/* no whole word fits: cut inside, at character we */
			size_t c = 0, b = 0;
			while (s[b] && c < we) {
				uint32_t cp;
				b += decode(s + b, &cp);
				c++;
			}
			end = b > start ? b : start;
		}
	}

	/* the pieces: plain, match, plain, match... */
	size_t nmatch = 0;
	for (size_t k = 0; k < nwords; k++)
		if (w[k].match && w[k].b >= start && w[k].e <= end)
			nmatch++;
	const char **out = arena_alloc(a, (2 * nmatch + 2) * sizeof *out);
	size_t np = 0, pos = start;
	bool cut_before = start > 0, cut_after = end < len;
	for (size_t k = 0; k < nwords; k++) {
		if (!w[k].match || w[k].b < start || w[k].e > end)
			continue;
		const char *plain = piece(a, text, pos, w[k].b, np == 0 && cut_before, false);
		out[np++] = plain;
		out[np++] = piece(a, text, w[k].b, w[k].e, false, false);
		pos = w[k].e;
	}
	if (pos < end || cut_after || np == 0) {
		const char *plain = piece(a, text, pos, end, np == 0 && cut_before, cut_after);
		out[np++] = plain;
	}
	*pieces = out;
	return np;
}
