/* catalog.c — taxonomies and templates: built-ins, installing, editing. */
#include "catalog.h"
#include "cycle.h"
#include "../core/assets.h"
#include "../core/text.h"

#include <string.h>

const char *const catalog_builtin_taxonomies[] = {
	"dynamiques", "qualites", "incertitudes", "odd", "acteurs", "organisations", "dimensions", NULL};
const char *const catalog_builtin_templates[] = {
	"rupture", "micro-histoire", "fiche-defi", "proposition", NULL};

static json_t *load_asset(const char *dir, const char *slug)
{
	char name[128];
	if (!cycle_slug_ok(slug))
		return NULL;
	snprintf(name, sizeof name, "builtin/%s/%s.json", dir, slug);
	size_t len;
	const unsigned char *data = assets_find(name, &len);
	return data ? json_loadb((const char *)data, len, 0, NULL) : NULL;
}

json_t *catalog_builtin_taxonomy(const char *slug)
{
	return load_asset("taxonomies", slug);
}

json_t *catalog_builtin_template(const char *slug)
{
	return load_asset("templates", slug);
}

const char *catalog_check_code(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 1 || n > 40 || !text_utf8_valid(code, n))
		return N_("Enter a code of 1 to 40 characters.");
	/* A code appears in addresses (/taxonomies/x/terms/CODE) and in tags
	 * ("taxonomy:code"), so it keeps clear of their separators. */
	for (size_t i = 0; i < n; i++)
		if (strchr(" :/?#%", code[i]) || (unsigned char)code[i] < 0x20)
			return N_("A code cannot contain spaces or the characters : / ? # %.");
	return NULL;
}

/* A string member of obj: *out set and true when present and a string (or
 * absent and optional, *out then ""). */
static bool str_member(const json_t *obj, const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (!v) {
		*out = "";
		return !required;
	}
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return text_utf8_valid(*out, strlen(*out));
}

/* A JSON array of strings, serialised compactly; NULL when v is not one. */
static char *string_array(arena *a, const json_t *v)
{
	if (!v)
		return arena_strdup(a, "[]");
	if (!json_is_array(v))
		return NULL;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
		if (!json_is_string(x))
			return NULL;
	char *s = json_dumps(v, JSON_COMPACT);
	char *r = arena_strdup(a, s);
	free(s);
	return r;
}

int catalog_install_taxonomy(store *s, arena *a, int64_t cycle_id, const json_t *tax,
			     const char **path, const char **msgid)
{
	*path = "";
	if (!json_is_object(tax)) {
		*msgid = N_("expected an object");
		return -1;
	}
	store_taxonomy t = {.cycle_id = cycle_id};
	if (!str_member(tax, "slug", true, &t.slug) || !cycle_slug_ok(t.slug)) {
		*path = ".slug";
		*msgid = N_("expected a slug of lower-case letters, digits, - or _");
		return -1;
	}
	if (!str_member(tax, "name", true, &t.name) || !*t.name) {
		*path = ".name";
		*msgid = N_("expected a non-empty string");
		return -1;
	}
	if (!str_member(tax, "description", false, &t.description)) {
		*path = ".description";
		*msgid = N_("expected a string");
		return -1;
	}
	json_t *terms = json_object_get(tax, "terms");
	if (!json_is_array(terms)) {
		*path = ".terms";
		*msgid = N_("expected an array");
		return -1;
	}
	int64_t tid;
	store_rc r = store_taxonomy_create(s, &t, &tid);
	if (r == STORE_EXISTS) {
		*path = ".slug";
		*msgid = N_("a taxonomy with this slug already exists in the cycle");
		return -1;
	}
	if (r != STORE_OK) {
		*msgid = N_("the database failed");
		return -2;
	}
	size_t i;
	json_t *term;
	json_array_foreach(terms, i, term) {
		store_term st = {.taxonomy_id = tid};
		const char *field = NULL;
		if (!json_is_object(term))
			field = "";
		else if (!str_member(term, "code", true, &st.code) || catalog_check_code(st.code))
			field = ".code";
		else if (!str_member(term, "label", true, &st.label) || !*st.label)
			field = ".label";
		else if (!str_member(term, "definition", false, &st.definition))
			field = ".definition";
		else if (!(st.hashtags = string_array(a, json_object_get(term, "hashtags"))))
			field = ".hashtags";
		else if (!(st.examples = string_array(a, json_object_get(term, "examples"))))
			field = ".examples";
		if (field) {
			*path = arena_printf(a, ".terms[%zu]%s", i, field);
			*msgid = !*field ? N_("expected an object")
				 : !strcmp(field, ".code") ? N_("expected a code of 1 to 40 characters without spaces or colons")
				 : !strcmp(field, ".label") ? N_("expected a non-empty string")
				 : !strcmp(field, ".definition") ? N_("expected a string")
				 : N_("expected an array of strings");
			return -1;
		}
		r = store_term_create(s, &st, NULL);
		if (r == STORE_EXISTS) {
			*path = arena_printf(a, ".terms[%zu].code", i);
			*msgid = N_("this code is used twice");
			return -1;
		}
		if (r != STORE_OK) {
			*msgid = N_("the database failed");
			return -2;
		}
	}
	return 0;
}

struct lookup_ctx {
	store *s;
	int64_t cycle_id;
};

static bool taxonomy_exists_cb(void *ctx, const char *slug)
{
	struct lookup_ctx *c = ctx;
	return catalog_taxonomy_exists(c->s, c->cycle_id, slug);
}

int catalog_install_template(store *s, arena *a, int64_t cycle_id, const json_t *tpl,
			     const char **path, const char **msgid, tpl_error *terr)
{
	*path = "";
	if (!json_is_object(tpl)) {
		*msgid = N_("expected an object");
		return -1;
	}
	store_template t = {.cycle_id = cycle_id};
	if (!str_member(tpl, "slug", true, &t.slug) || !cycle_slug_ok(t.slug)) {
		*path = ".slug";
		*msgid = N_("expected a slug of lower-case letters, digits, - or _");
		return -1;
	}
	if (!str_member(tpl, "name", true, &t.name) || !*t.name) {
		*path = ".name";
		*msgid = N_("expected a non-empty string");
		return -1;
	}
	if (!str_member(tpl, "description", false, &t.description)) {
		*path = ".description";
		*msgid = N_("expected a string");
		return -1;
	}
	struct lookup_ctx lc = {s, cycle_id};
	if (tpl_check_definition(tpl, taxonomy_exists_cb, &lc, terr, 1)) {
		*path = arena_printf(a, ".%s", terr->path);
		*msgid = NULL;
		return -1;
	}
	char *sections = json_dumps(json_object_get(tpl, "sections"), JSON_COMPACT | JSON_PRESERVE_ORDER);
	t.sections = arena_strdup(a, sections);
	free(sections);
	store_rc r = store_template_create(s, &t, NULL);
	if (r == STORE_EXISTS) {
		*path = ".slug";
		*msgid = N_("a template with this slug already exists in the cycle");
		return -1;
	}
	if (r != STORE_OK) {
		*msgid = N_("the database failed");
		return -2;
	}
	return 0;
}

json_t *catalog_sections(const store_template *t)
{
	json_t *j = json_loads(t->sections, 0, NULL);
	if (j && !json_is_array(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

bool catalog_taxonomy_exists(store *s, int64_t cycle_id, const char *slug)
{
	arena *a = arena_new();
	store_taxonomy t;
	bool yes = store_taxonomy_get(s, a, cycle_id, slug, &t) == STORE_OK;
	arena_free(a);
	return yes;
}

bool catalog_term_exists(store *s, int64_t cycle_id, const char *taxonomy, const char *code)
{
	arena *a = arena_new();
	store_taxonomy t;
	store_term term;
	bool yes = store_taxonomy_get(s, a, cycle_id, taxonomy, &t) == STORE_OK &&
		   store_term_get(s, a, t.id, code, &term) == STORE_OK;
	arena_free(a);
	return yes;
}

bool catalog_template_save(store *s, arena *a, store_template *t, const char *sections_json,
			   bool create, int64_t now, problems *p)
{
	if (!cycle_slug_ok(t->slug))
		problems_add(p, "slug", N_("Use 1 to 40 lower-case letters, digits, - or _, "
					   "starting with a letter or a digit."));
	if (!t->name || !*t->name)
		problems_add(p, "name", N_("Enter a name."));
	json_error_t jerr;
	json_t *sections = json_loads(sections_json ? sections_json : "", 0, &jerr);
	if (!sections) {
		problems_add(p, "sections", N_("The sections are not valid JSON."));
		return false;
	}
	json_t *tpl = json_pack("{sO}", "sections", sections);
	tpl_error errs[16];
	struct lookup_ctx lc = {s, t->cycle_id};
	size_t n = tpl_check_definition(tpl, taxonomy_exists_cb, &lc, errs, 16);
	for (size_t i = 0; i < n && i < 16; i++)
		problems_add_tpl(p, "", &errs[i]);
	json_decref(tpl);
	if (p->n) {
		json_decref(sections);
		return false;
	}
	char *text = json_dumps(sections, JSON_COMPACT | JSON_PRESERVE_ORDER);
	t->sections = arena_strdup(a, text);
	free(text);
	json_decref(sections);
	t->updated_at = now;
	store_rc r = create ? store_template_create(s, t, &t->id) : store_template_update(s, t);
	if (r == STORE_EXISTS) {
		problems_add(p, "slug", N_("Another template of this cycle already uses this slug."));
		return false;
	}
	return r == STORE_OK;
}
