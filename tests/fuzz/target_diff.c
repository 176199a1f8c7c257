/* target_diff.c — diff_words on arbitrary pairs of texts: the input is cut
 * at its first NUL byte, or else in the middle, into the old and the new
 * text. Checks the contract of diff.h: SAME and DEL spans laid end to end
 * give the old text and SAME and INS spans the new one, each span points
 * into its own text, no span is empty, neighbours differ in op, an INS is
 * never followed by a DEL, identical texts give at most one SAME span, and
 * diff_stats counts no more words than the texts hold. */
#include "fuzz.h"

#include <stdbool.h>

#include "engines/diff.h"

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], p = i ? (unsigned char)s[i - 1] : ' ';
		bool is = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
		bool was = i && (p >= 0x80 || (p >= '0' && p <= '9') ||
				 ((p | 32) >= 'a' && (p | 32) <= 'z'));
		w += is && !was;
	}
	return w;
}

static void check(arena *a, const char *old_text, const char *new_text)
{
	size_t lo = strlen(old_text), ln = strlen(new_text);
	size_t n = (size_t)-1;
	diff_span *s = diff_words(a, old_text, new_text, &n);
	FUZZ_CHECK(s != NULL && n != (size_t)-1);
	size_t po = 0, pn = 0;
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(s[i].op == DIFF_SAME || s[i].op == DIFF_DEL || s[i].op == DIFF_INS);
		FUZZ_CHECK(s[i].len > 0);
		if (i) {
			FUZZ_CHECK(s[i].op != s[i - 1].op);
			FUZZ_CHECK(!(s[i - 1].op == DIFF_INS && s[i].op == DIFF_DEL));
		}
		if (s[i].op != DIFF_INS) {
			FUZZ_CHECK(po + s[i].len <= lo);
			FUZZ_CHECK(memcmp(old_text + po, s[i].text, s[i].len) == 0);
			if (s[i].op == DIFF_DEL)
				FUZZ_CHECK(s[i].text == old_text + po);
			po += s[i].len;
		}
		if (s[i].op != DIFF_DEL) {
			FUZZ_CHECK(pn + s[i].len <= ln);
			FUZZ_CHECK(memcmp(new_text + pn, s[i].text, s[i].len) == 0);
			if (s[i].op == DIFF_INS)
				FUZZ_CHECK(s[i].text == new_text + pn);
			pn += s[i].len;
		}
	}
	FUZZ_CHECK(po == lo && pn == ln);
	size_t ins = 0, del = 0;
	diff_stats(s, n, &ins, &del);
	FUZZ_CHECK(ins <= count_words(new_text, ln) && del <= count_words(old_text, lo));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t cut = nul ? (size_t)(nul - data) : size / 2;
	char *old_text = fuzz_cstr(data, cut);
	size_t rest = nul ? size - cut - 1 : size - cut;
	char *new_text = fuzz_cstr(data + size - rest, rest);
	arena *a = arena_new();
	check(a, old_text, new_text);
	check(a, new_text, old_text);
	/* identical texts: one SAME span, or none when empty */
	size_t n;
	diff_span *s = diff_words(a, old_text, old_text, &n);
	FUZZ_CHECK(n == (*old_text ? 1u : 0u));
	if (n)
		FUZZ_CHECK(s[0].op == DIFF_SAME && s[0].len == strlen(old_text));
	arena_free(a);
	free(new_text);
	free(old_text);
	return 0;
}
