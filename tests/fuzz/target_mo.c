/* target_mo.c — i18n_mo_lookup on arbitrary bytes as a .mo image. The first
 * byte gives the length (mod 64) of a msgid taken from the following bytes;
 * the rest is the image, which ends where the input ends so that the
 * sanitizer sees any read past it. A found translation must lie inside the
 * image and be NUL-terminated there. */
#include "fuzz.h"

#include "core/i18n.h"

static void check(const uint8_t *img, size_t len, const char *msgid)
{
	const char *t = i18n_mo_lookup(img, len, msgid);
	if (!t)
		return;
	const uint8_t *p = (const uint8_t *)t;
	FUZZ_CHECK(p >= img && p < img + len);
	FUZZ_CHECK(memchr(p, 0, (size_t)(img + len - p)) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t k = data[0] % 64;
	if (k > size - 1)
		k = size - 1;
	char *msgid = fuzz_cstr(data + 1, k);
	const uint8_t *img = data + 1 + k;
	size_t len = size - 1 - k;
	check(img, len, msgid);
	check(img, len, "");
	check(img, len, "Log in");
	/* The whole input as an image too (seeds are plain .mo files). */
	check(data, size, "");
	check(data, size, msgid);
	free(msgid);
	return 0;
}
