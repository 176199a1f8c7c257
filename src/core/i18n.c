/* i18n.c — see i18n.h. The .mo layout (magic, count, two tables of
 * length/offset pairs, originals sorted by msgfmt) is the one documented in
 * the GNU gettext manual, "The Format of GNU MO Files". */
#include "i18n.h"
#include "assets.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MO_MAGIC 0x950412deu

/* Catalogues checked once by i18n_init; looked up without re-checking. */
static const unsigned char *catalogue[LANG_COUNT];
static int catalogue_swap[LANG_COUNT];

static uint32_t rd32(const unsigned char *p, int swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	if (swap)
		v = __builtin_bswap32(v);
	return v;
}

/* Checks a .mo image well enough that lookups never read out of bounds. */
static int mo_valid(const unsigned char *mo, size_t len, int *swap)
{
	if (len < 28)
		return 0;
	uint32_t magic;
	memcpy(&magic, mo, 4);
	if (magic == MO_MAGIC)
		*swap = 0;
	else if (__builtin_bswap32(magic) == MO_MAGIC)
		*swap = 1;
	else
		return 0;
	uint32_t n = rd32(mo + 8, *swap), o = rd32(mo + 12, *swap), t = rd32(mo + 16, *swap);
	if ((uint64_t)o + 8ull * n > len || (uint64_t)t + 8ull * n > len)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t l1 = rd32(mo + o + 8 * i, *swap), p1 = rd32(mo + o + 8 * i + 4, *swap);
		uint32_t l2 = rd32(mo + t + 8 * i, *swap), p2 = rd32(mo + t + 8 * i + 4, *swap);
		if ((uint64_t)p1 + l1 >= len || mo[p1 + l1] != 0)
			return 0;
		if ((uint64_t)p2 + l2 >= len || mo[p2 + l2] != 0)
			return 0;
	}
	return 1;
}

/* Lookup in an image already checked by mo_valid. */
static const char *mo_find(const unsigned char *mo, int swap, const char *msgid)
{
	uint32_t n = rd32(mo + 8, swap), o = rd32(mo + 12, swap), t = rd32(mo + 16, swap);
	uint32_t lo = 0, hi = n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *orig = (const char *)mo + rd32(mo + o + 8 * mid + 4, swap);
		int c = strcmp(msgid, orig);
		if (c == 0) {
			uint32_t tl = rd32(mo + t + 8 * mid, swap);
			const char *tr = (const char *)mo + rd32(mo + t + 8 * mid + 4, swap);
			return tl ? tr : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *i18n_mo_lookup(const unsigned char *mo, size_t len, const char *msgid)
{
	int swap;
	if (!mo || !mo_valid(mo, len, &swap))
		return NULL;
	return mo_find(mo, swap, msgid);
}

void i18n_init(void)
{
	size_t len;
	const unsigned char *fr = assets_find("fr.mo", &len);
	int swap;
	if (!fr || !mo_valid(fr, len, &swap)) {
		fprintf(stderr, "fabrique: the embedded French catalogue is missing or damaged\n");
		abort();
	}
	catalogue[LANG_FR] = fr;
	catalogue_swap[LANG_FR] = swap;
}

const char *i18n_get(i18n_lang lang, const char *msgid)
{
	if (lang == LANG_EN || (unsigned)lang >= LANG_COUNT || !catalogue[lang])
		return msgid;
	/* The header entry (msgid "") is not a translation of anything. */
	if (!*msgid)
		return msgid;
	const char *t = mo_find(catalogue[lang], catalogue_swap[lang], msgid);
	return t ? t : msgid;
}

const char *i18n_nget(i18n_lang lang, const char *singular, const char *plural, unsigned long n)
{
	if (lang == LANG_FR && catalogue[LANG_FR]) {
		/* In a .mo file a plural entry's original is "singular\0plural"
		 * and its translation the forms separated by NULs; strcmp on the
		 * singular finds it. */
		const char *t = mo_find(catalogue[LANG_FR], catalogue_swap[LANG_FR], singular);
		if (t)
			return n > 1 ? t + strlen(t) + 1 : t;
		return n > 1 ? plural : singular;
	}
	return n != 1 ? plural : singular;
}

const char *i18n_code(i18n_lang lang)
{
	return lang == LANG_EN ? "en" : "fr";
}

const char *i18n_name(i18n_lang lang)
{
	return lang == LANG_EN ? "English" : "Français";
}

int i18n_parse(const char *code)
{
	if (!code)
		return -1;
	if (strncasecmp(code, "fr", 2) == 0 && (code[2] == 0 || code[2] == '-' || code[2] == '_'))
		return LANG_FR;
	if (strncasecmp(code, "en", 2) == 0 && (code[2] == 0 || code[2] == '-' || code[2] == '_'))
		return LANG_EN;
	return -1;
}

i18n_lang i18n_negotiate(const char *h)
{
	if (!h)
		return LANG_FR;
	double best_q = -1;
	int best = LANG_FR;
	while (*h) {
		while (*h == ' ' || *h == ',')
			h++;
		const char *tag = h;
		while (*h && *h != ',' && *h != ';' && *h != ' ')
			h++;
		size_t taglen = (size_t)(h - tag);
		double q = 1.0;
		while (*h && *h != ',') {
			if (*h == ';') {
				const char *p = h + 1;
				while (*p == ' ')
					p++;
				if (p[0] == 'q' && p[1] == '=')
					q = strtod(p + 2, NULL);
			}
			h++;
		}
		/* Only the primary subtag decides ("en" of "en-Latn-GB"). */
		size_t primary = 0;
		while (primary < taglen && tag[primary] != '-' && tag[primary] != '_')
			primary++;
		taglen = primary;
		char code[16];
		if (taglen > 0 && taglen < sizeof code) {
			memcpy(code, tag, taglen);
			code[taglen] = 0;
			int l = i18n_parse(code);
			if (l >= 0 && q > best_q && q > 0) {
				best_q = q;
				best = l;
			}
		}
	}
	return (i18n_lang)best;
}
