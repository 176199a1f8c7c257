/* target_accept_language.c — i18n_negotiate and i18n_parse on arbitrary
 * header values: never a crash, always a supported language. */
#include "fuzz.h"

#include "core/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = fuzz_cstr(data, size);
	i18n_lang l = i18n_negotiate(h);
	FUZZ_CHECK(l == LANG_FR || l == LANG_EN);
	FUZZ_CHECK(i18n_negotiate(h) == l); /* no hidden state */
	int p = i18n_parse(h);
	FUZZ_CHECK(p == -1 || p == LANG_FR || p == LANG_EN);
	/* A header naming only English at full weight picks English. */
	if (strcmp(h, "en") == 0)
		FUZZ_CHECK(l == LANG_EN);
	free(h);
	return 0;
}
