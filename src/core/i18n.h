/*
 * i18n.h — translated messages, chosen per request.
 *
 * The catalogues are gettext .po files under po/, compiled by msgfmt during
 * the build and embedded in the binary. We read msgfmt's .mo output here
 * rather than calling gettext(3) because glibc picks the language from the
 * process-wide locale, while a server thread must answer each request in that
 * request's language, and because the machine need not have French locales
 * installed. Message ids are the English text; French is the default.
 */
#ifndef FAB_I18N_H
#define FAB_I18N_H

#include <stddef.h>

typedef enum { LANG_FR = 0, LANG_EN = 1, LANG_COUNT } i18n_lang;

/* Loads the embedded catalogues. Call once before serving; aborts with a
 * message if an embedded catalogue is malformed (a build error). */
void i18n_init(void);

/* Translation of msgid in lang, or msgid itself when it has none. The
 * result lives as long as the program. */
const char *i18n_get(i18n_lang lang, const char *msgid);

/* Plural-aware translation: the form of singular/plural for count n, by
 * each language's rule (French: n > 1 is plural; English: n != 1). */
const char *i18n_nget(i18n_lang lang, const char *singular, const char *plural, unsigned long n);

/* Marks a string for extraction without translating it (for tables). */
#define N_(s) (s)

/* Language code ("fr", "en") and its display name in that language. */
const char *i18n_code(i18n_lang lang);
const char *i18n_name(i18n_lang lang);

/* Parses a code ("fr", "en", "en-GB"...); returns -1 when not supported. */
int i18n_parse(const char *code);

/* Picks the best supported language from an Accept-Language header value,
 * honouring q-values; French when none matches or the header is NULL. */
i18n_lang i18n_negotiate(const char *accept_language);

/* Looks a msgid up in a .mo image; NULL when absent. Exposed for tests. */
const char *i18n_mo_lookup(const unsigned char *mo, size_t len, const char *msgid);

#endif
