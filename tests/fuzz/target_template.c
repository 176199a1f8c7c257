/* target_template.c — tpl_validate on arbitrary bytes parsed as scenario
 * content, against a fixed template with every section type and
 * constraint; and the same bytes read as a template (its sections, or the
 * array itself) through tpl_check_definition, then, when sound, used to
 * validate the fixed content and the input. Checks the contract of
 * template.h: the count does not depend on max, the problems written are
 * the first ones of the full list, every string field is terminated, codes
 * are of the right family, a validation problem names a section of the
 * template and its path starts with that section's id, and nothing
 * depends on hidden state. */
#include "fuzz.h"

#include <jansson.h>

#include "engines/template.h"

static const char TEMPLATE[] =
	"{\"sections\": ["
	"{\"id\": \"horizon\", \"type\": \"horizon\", \"label\": \"H\", \"required\": true,"
	" \"min_year\": 2000, \"max_year\": 2100},"
	"{\"id\": \"chronique\", \"type\": \"chronicle\", \"label\": \"C\", \"min\": 2, \"max\": 8},"
	"{\"id\": \"recit\", \"type\": \"text\", \"label\": \"R\", \"required\": true,"
	" \"max_length\": 40},"
	"{\"id\": \"signes\", \"type\": \"list\", \"label\": \"S\", \"min\": 1, \"max\": 3},"
	"{\"id\": \"phases\", \"type\": \"phases\", \"label\": \"P\", \"count\": 3,"
	" \"taxonomy\": \"dynamiques\"},"
	"{\"id\": \"souhaitable\", \"type\": \"pros_cons\", \"label\": \"S\", \"pros_label\": \"+\","
	" \"cons_label\": \"-\", \"min\": 1, \"max\": 2},"
	"{\"id\": \"anticipation\", \"type\": \"grid\", \"label\": \"A\", \"rows\": [\"a\", \"b\"],"
	" \"columns\": [\"x\", \"y\", \"z\"]},"
	"{\"id\": \"references\", \"type\": \"refs\", \"label\": \"R\", \"max\": 4},"
	"{\"id\": \"qualites\", \"type\": \"tags\", \"label\": \"Q\", \"taxonomy\": \"qualites\","
	" \"min\": 1, \"max\": 7},"
	"{\"id\": \"acteurs\", \"type\": \"actors\", \"label\": \"A\", \"taxonomy\": \"acteurs\","
	" \"max\": 5}"
	"]}";

static const char CONTENT[] =
	"{\"horizon\": 2050, \"chronique\": [{\"year\": 2030, \"text\": \"a\"}],"
	" \"recit\": \"r\", \"signes\": [\"x\", \"\"], \"phases\": [{}],"
	" \"souhaitable\": {\"pros\": [\"p\"]}, \"anticipation\": [[[\"c\"]]],"
	" \"references\": [\"ref-1\", \"nope\"], \"qualites\": [\"frugal\", \"x\"],"
	" \"acteurs\": [{\"category\": \"citoyens\", \"role\": \"r\"}]}";

static bool term_exists(void *ctx, const char *taxonomy, const char *code)
{
	(void)ctx;
	FUZZ_CHECK(taxonomy && code && *code);
	return strcmp(code, "frugal") == 0 || strcmp(code, "01") == 0 || strcmp(code, "citoyens") == 0;
}

static bool ref_exists(void *ctx, const char *uid)
{
	(void)ctx;
	FUZZ_CHECK(uid && *uid);
	return strncmp(uid, "ref-", 4) == 0;
}

static bool taxonomy_exists(void *ctx, const char *slug)
{
	(void)ctx;
	FUZZ_CHECK(slug && *slug);
	return strcmp(slug, "nope") != 0;
}

static const tpl_lookup lookup = {term_exists, ref_exists, NULL};

enum { MAXE = 64 };

static bool terminated(const char *s, size_t cap) { return memchr(s, 0, cap) != NULL; }

static void check_error(const tpl_error *e, bool definition, const json_t *tpl)
{
	FUZZ_CHECK(terminated(e->section, sizeof e->section));
	FUZZ_CHECK(terminated(e->path, sizeof e->path));
	FUZZ_CHECK(terminated(e->want, sizeof e->want));
	if (definition) {
		FUZZ_CHECK(e->code == TPL_TYPE || (e->code >= TPL_DEF_ID && e->code <= TPL_DEF_TAXONOMY));
		return;
	}
	FUZZ_CHECK(e->code >= TPL_REQUIRED && e->code <= TPL_GRID_SHAPE);
	if (!e->path[0]) { /* the content itself is not an object */
		FUZZ_CHECK(e->code == TPL_TYPE && !e->section[0]);
		return;
	}
	/* the section is one of the template's, and the path starts with it */
	bool found = false;
	size_t i;
	json_t *sec;
	json_array_foreach(json_object_get(tpl, "sections"), i, sec) {
		const char *id = json_string_value(json_object_get(sec, "id"));
		if (id && strcmp(id, e->section) == 0)
			found = true;
	}
	FUZZ_CHECK(found);
	size_t n = strlen(e->section);
	FUZZ_CHECK(strncmp(e->path, e->section, n) == 0);
	FUZZ_CHECK(e->path[n] == 0 || e->path[n] == '.' || e->path[n] == '[' ||
		   strlen(e->path) == sizeof e->path - 1);
}

/* Runs the validation three ways and checks they agree. */
static void validate(const json_t *tpl, const json_t *content)
{
	static tpl_error all[MAXE], few[3];
	size_t n = tpl_validate(tpl, content, &lookup, all, MAXE);
	FUZZ_CHECK(tpl_validate(tpl, content, &lookup, NULL, 0) == n);
	FUZZ_CHECK(tpl_validate(tpl, content, &lookup, few, 3) == n);
	for (size_t i = 0; i < n && i < 3; i++)
		FUZZ_CHECK(memcmp(&few[i], &all[i], sizeof few[i]) == 0);
	for (size_t i = 0; i < n && i < MAXE; i++)
		check_error(&all[i], false, tpl);
	/* no lookups: only fewer problems */
	FUZZ_CHECK(tpl_validate(tpl, content, NULL, NULL, 0) <= n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *tpl, *content;
	if (!tpl) {
		tpl = json_loads(TEMPLATE, 0, NULL);
		content = json_loads(CONTENT, 0, NULL);
		FUZZ_CHECK(tpl && content);
		FUZZ_CHECK(tpl_check_definition(tpl, taxonomy_exists, NULL, NULL, 0) == 0);
	}
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	if (!in)
		return 0;
	/* the input as content */
	validate(tpl, in);
	for (int t = 0; t < TPL_NTYPES; t++)
		(void)tpl_value_empty((tpl_type)t, in);
	if (json_is_object(in)) {
		const char *key;
		json_t *v;
		json_object_foreach(in, key, v) {
			for (int t = 0; t < TPL_NTYPES; t++)
				(void)tpl_value_empty((tpl_type)t, v);
		}
	}
	/* the input as a template */
	json_t *as_tpl = in;
	if (json_is_array(in)) {
		as_tpl = json_object();
		json_object_set(as_tpl, "sections", in);
	} else {
		json_incref(in);
	}
	static tpl_error all[MAXE], few[2];
	size_t n = tpl_check_definition(as_tpl, taxonomy_exists, NULL, all, MAXE);
	FUZZ_CHECK(tpl_check_definition(as_tpl, taxonomy_exists, NULL, NULL, 0) == n);
	FUZZ_CHECK(tpl_check_definition(as_tpl, taxonomy_exists, NULL, few, 2) == n);
	for (size_t i = 0; i < n && i < 2; i++)
		FUZZ_CHECK(memcmp(&few[i], &all[i], sizeof few[i]) == 0);
	for (size_t i = 0; i < n && i < MAXE; i++)
		check_error(&all[i], true, as_tpl);
	/* without the taxonomy callback: only fewer problems */
	FUZZ_CHECK(tpl_check_definition(as_tpl, NULL, NULL, NULL, 0) <= n);
	if (n == 0) {
		validate(as_tpl, content);
		validate(as_tpl, in);
	}
	json_decref(as_tpl);
	json_decref(in);
	return 0;
}
