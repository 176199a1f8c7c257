/* target_utf8.c — text_utf8_valid against an independent reading of the
 * Unicode Standard's table 3-7 (well-formed UTF-8 byte sequences), and
 * text_utf8_len against the number of characters that reading finds. */
#include "fuzz.h"

#include "core/text.h"

/* Number of code points when s[0..n) is well-formed UTF-8 without NUL,
 * else -1. Written from table 3-7, not from text.c. */
static long reference(const uint8_t *s, size_t n)
{
	long count = 0;
	size_t i = 0;
	while (i < n) {
		uint8_t b = s[i];
		uint8_t lo = 0x80, hi = 0xBF;
		size_t len;
		if (b == 0x00)
			return -1;
		if (b <= 0x7F)
			len = 1;
		else if (b >= 0xC2 && b <= 0xDF)
			len = 2;
		else if (b == 0xE0)
			len = 3, lo = 0xA0;
		else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF)
			len = 3;
		else if (b == 0xED)
			len = 3, hi = 0x9F;
		else if (b == 0xF0)
			len = 4, lo = 0x90;
		else if (b >= 0xF1 && b <= 0xF3)
			len = 4;
		else if (b == 0xF4)
			len = 4, hi = 0x8F;
		else
			return -1;
		if (len > n - i)
			return -1;
		for (size_t k = 1; k < len; k++) {
			uint8_t c = s[i + k];
			uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
			if (c < l || c > h)
				return -1;
		}
		i += len;
		count++;
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long want = reference(data, size);
	bool got = text_utf8_valid((const char *)data, size);
	FUZZ_CHECK(got == (want >= 0));
	if (got) {
		char *s = fuzz_cstr(data, size);
		FUZZ_CHECK((long)text_utf8_len(s) == want);
		free(s);
	}
	/* Every prefix agrees too (a cut inside a character is invalid). */
	if (size > 0) {
		size_t cut = data[0] % (size + 1);
		FUZZ_CHECK(text_utf8_valid((const char *)data, cut) == (reference(data, cut) >= 0));
	}
	return 0;
}
