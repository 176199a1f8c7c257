/* scenario.c — scenarios: validated saves with revisions, workflow, forks. */
#include "scenario.h"
#include "catalog.h"
#include "library.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../engines/fold.h"

#include <string.h>

const char *const scenario_statuses[] = {"brouillon", "candidat", "retenu", "non_retenu",
					 "enrichi", "consolide", "publie", NULL};

bool scenario_status_ok(const char *st)
{
	for (size_t i = 0; st && scenario_statuses[i]; i++)
		if (!strcmp(scenario_statuses[i], st))
			return true;
	return false;
}

static bool is_draft_or_candidate(const char *st)
{
	return !strcmp(st, "brouillon") || !strcmp(st, "candidat");
}

bool scenario_can_move(const cycle_ctx *cx, bool is_author, const char *from, const char *to)
{
	if (!scenario_status_ok(to) || cx->c.archived)
		return false;
	if (cycle_can_facilitate(cx))
		return true;
	if (!strcmp(from, to))
		return is_author && cycle_can_write(cx);
	return is_author && cycle_can_write(cx) && is_draft_or_candidate(from) &&
	       is_draft_or_candidate(to);
}

bool scenario_can_edit(const cycle_ctx *cx, bool is_author)
{
	if (cx->c.archived)
		return false;
	return cycle_can_facilitate(cx) || (is_author && cycle_can_write(cx));
}

struct lookups {
	store *s;
	int64_t cycle_id;
};

static bool term_cb(void *ctx, const char *taxonomy, const char *code)
{
	struct lookups *l = ctx;
	return catalog_term_exists(l->s, l->cycle_id, taxonomy, code);
}

static bool ref_cb(void *ctx, const char *uid)
{
	struct lookups *l = ctx;
	arena *a = arena_new();
	store_item it;
	bool yes = store_item_get(l->s, a, l->cycle_id, uid, &it) == STORE_OK;
	arena_free(a);
	return yes;
}

size_t scenario_check_content(store *s, int64_t cycle_id, const json_t *tpl, const json_t *content,
			      bool relaxed, tpl_error *errs, size_t max)
{
	struct lookups l = {s, cycle_id};
	tpl_lookup lk = {term_cb, ref_cb, &l};
	tpl_error all[64];
	size_t n = tpl_validate(tpl, content, &lk, all, 64), k = 0;
	for (size_t i = 0; i < n && i < 64; i++) {
		if (relaxed && all[i].code == TPL_REQUIRED)
			continue;
		if (k < max)
			errs[k] = all[i];
		k++;
	}
	return k;
}

/* The stored content: the template's sections from the input in template
 * order, then whatever the old content held for sections the template no
 * longer has (kept, shown as removed). */
static json_t *merge_content(const json_t *defs, const json_t *input, const char *old_text)
{
	json_t *out = json_object();
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		json_t *v = id ? json_object_get(input, id) : NULL;
		int t = tpl_type_from_name(json_string_value(json_object_get(d, "type")));
		if (v && t >= 0 && !tpl_value_empty((tpl_type)t, v))
			json_object_set(out, id, v);
	}
	json_t *old = old_text ? json_loads(old_text, 0, NULL) : NULL;
	const char *key;
	json_t *v;
	json_object_foreach(old, key, v) {
		bool known = false;
		json_array_foreach(defs, i, d)
			if (!strcmp(json_string_value(json_object_get(d, "id")) ?: "", key))
				known = true;
		if (!known)
			json_object_set(out, key, v);
	}
	json_decref(old);
	return out;
}

static char *dump(arena *a, const json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *r = arena_strdup(a, s ? s : "{}");
	free(s);
	return r;
}

static void check_plain(problems *p, const char *field, const char *v, size_t max,
			const char *msgid)
{
	if (v && (!text_utf8_valid(v, strlen(v)) || text_utf8_len(v) > max))
		problems_add(p, field, msgid);
}

bool scenario_save(store *s, arena *a, store_scenario *sc, const scenario_input *in,
		   int64_t author, int64_t now, problems *p)
{
	if (!in->title || !*in->title)
		problems_add(p, "title", N_("Enter a title."));
	check_plain(p, "title", in->title, 200, N_("Keep the title under 200 characters."));
	check_plain(p, "summary", in->summary, 2000, N_("Keep the summary under 2000 characters."));
	if (in->status && !scenario_status_ok(in->status))
		problems_add(p, "status", N_("Choose a status."));
	store_template t;
	if (store_template_by_id(s, a, sc->template_id, &t) != STORE_OK)
		return false;
	json_t *defs = catalog_sections(&t);
	if (!defs)
		return false;
	json_t *tpl = json_pack("{sO}", "sections", defs);
	tpl_error errs[64];
	json_t *input = in->sections ? json_incref(in->sections) : json_object();
	const char *status = in->status ? in->status : sc->status ? sc->status : "brouillon";
	bool relaxed = in->opening || !strcmp(status, "brouillon");
	size_t n = scenario_check_content(s, sc->cycle_id, tpl, input, relaxed, errs, 64);
	for (size_t i = 0; i < n && i < 64; i++)
		problems_add_tpl(p, "s.", &errs[i]);
	json_decref(tpl);
	if (p->n) {
		json_decref(defs);
		json_decref(input);
		return false;
	}
	json_t *content = merge_content(defs, input, sc->id ? sc->sections : NULL);
	json_decref(defs);
	json_decref(input);
	sc->title = in->title;
	sc->summary = in->summary ? in->summary : "";
	if (in->status)
		sc->status = in->status;
	if (!sc->status)
		sc->status = "brouillon";
	sc->opening = in->opening;
	sc->sections = dump(a, content);
	json_decref(content);
	sc->revision++;
	sc->updated_at = now;
	store_rc r;
	if (!sc->id) {
		if (!sc->uid || !*sc->uid)
			sc->uid = cycle_new_uid(a);
		sc->created_by = author;
		sc->created_at = now;
		r = store_scenario_create(s, sc, &sc->id);
		if (r == STORE_EXISTS) {
			problems_add(p, "uid", N_("This identifier is already used in the cycle."));
			return false;
		}
		sc->template_slug = t.slug;
	} else {
		r = store_scenario_update(s, sc);
	}
	if (r != STORE_OK)
		return false;
	store_revision rev = {.scenario_id = sc->id, .number = sc->revision, .title = sc->title,
			      .summary = sc->summary, .status = sc->status, .sections = sc->sections,
			      .author_id = author, .note = in->note, .created_at = now};
	if (store_revision_add(s, &rev, NULL) != STORE_OK)
		return false;
	if (author && !in->keep_authors && store_author_add(s, sc->id, author) != STORE_OK)
		return false;
	return scenario_reindex(s, a, sc);
}

bool scenario_fork(store *s, arena *a, const store_scenario *parent, const char *title,
		   int64_t user, int64_t now, store_scenario *out)
{
	memset(out, 0, sizeof *out);
	out->cycle_id = parent->cycle_id;
	out->template_id = parent->template_id;
	out->parent_id = parent->id;
	out->status = "brouillon";
	out->sections = "{}";
	json_t *content = json_loads(parent->sections, 0, NULL);
	scenario_input in = {.title = title && *title ? title : parent->title,
			     .summary = parent->summary, .status = "brouillon",
			     .sections = content, .note = parent->uid};
	problems p;
	problems_init(&p, a);
	bool ok = scenario_save(s, a, out, &in, user, now, &p);
	json_decref(content);
	if (!ok && p.n) {
		/* The parent no longer fits its template (it changed since, or
		 * cites an item now gone), or the new title is too long: start
		 * the continuation from the parent's title and summary only. */
		problems_init(&p, a);
		out->revision = 0;
		in.sections = NULL;
		in.title = parent->title;
		ok = scenario_save(s, a, out, &in, user, now, &p);
	}
	return ok;
}

bool scenario_restore(store *s, arena *a, store_scenario *sc, int64_t number, int64_t author,
		      int64_t now)
{
	store_revision rev;
	if (store_revision_get(s, a, sc->id, number, &rev) != STORE_OK)
		return false;
	sc->title = rev.title;
	sc->summary = rev.summary;
	sc->sections = rev.sections;
	sc->revision++;
	sc->updated_at = now;
	if (store_scenario_update(s, sc) != STORE_OK)
		return false;
	store_revision nr = {.scenario_id = sc->id, .number = sc->revision, .title = sc->title,
			     .summary = sc->summary, .status = sc->status, .sections = sc->sections,
			     .author_id = author,
			     .note = arena_printf(a, "restore %lld", (long long)number),
			     .created_at = now};
	return store_revision_add(s, &nr, NULL) == STORE_OK && scenario_reindex(s, a, sc);
}

static bool collect_family(store *s, arena *a, const store_scenario *node, int depth,
			   store_scenario **out, int **dep, size_t *n, size_t *cap)
{
	if (*n >= 500)
		return true;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		store_scenario *v = arena_alloc(a, nc * sizeof *v);
		int *d = arena_alloc(a, nc * sizeof *d);
		if (*n) {
			memcpy(v, *out, *n * sizeof *v);
			memcpy(d, *dep, *n * sizeof *d);
		}
		*out = v;
		*dep = d;
		*cap = nc;
	}
	(*out)[*n] = *node;
	(*dep)[*n] = depth;
	(*n)++;
	store_scenario_filter f = {.parent_id = node->id};
	store_scenario *kids;
	size_t nk;
	if (store_scenario_list(s, a, node->cycle_id, &f, &kids, &nk) != STORE_OK)
		return false;
	for (size_t i = 0; i < nk; i++)
		if (!collect_family(s, a, &kids[i], depth + 1, out, dep, n, cap))
			return false;
	return true;
}

bool scenario_family(store *s, arena *a, const store_scenario *sc, store_scenario **out,
		     int **depth, size_t *n)
{
	store_scenario root = *sc;
	for (int hops = 0; root.parent_id && hops < 100; hops++) {
		store_scenario up;
		if (store_scenario_by_id(s, a, root.parent_id, &up) != STORE_OK)
			return false;
		root = up;
	}
	size_t cap = 0;
	*n = 0;
	*out = NULL;
	*depth = NULL;
	return collect_family(s, a, &root, 0, out, depth, n, &cap);
}

static void put_strings(buf *b, const json_t *arr, const char *prefix)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (json_is_string(x))
			buf_printf(b, "%s%s\n", prefix, json_string_value(x));
}

char *scenario_section_text(arena *a, const json_t *def, const json_t *v)
{
	buf b = BUF_INIT;
	int t = tpl_type_from_name(json_string_value(json_object_get(def, "type")));
	size_t i, j;
	json_t *x, *y;
	if (json_is_string(v)) {
		buf_puts(&b, json_string_value(v));
	} else if (json_is_integer(v)) {
		buf_printf(&b, "%lld", (long long)json_integer_value(v));
	} else if (t == TPL_CHRONICLE) {
		json_array_foreach(v, i, x)
			buf_printf(&b, "%lld — %s\n", (long long)json_integer_value(json_object_get(x, "year")),
				   json_string_value(json_object_get(x, "text")) ?: "");
	} else if (t == TPL_PHASES) {
		json_array_foreach(v, i, x) {
			buf_printf(&b, "%zu. %s\n%s\n", i + 1,
				   json_string_value(json_object_get(x, "title")) ?: "",
				   json_string_value(json_object_get(x, "text")) ?: "");
			put_strings(&b, json_object_get(x, "tags"), "#");
		}
	} else if (t == TPL_PROS_CONS) {
		put_strings(&b, json_object_get(v, "pros"), "+ ");
		put_strings(&b, json_object_get(v, "cons"), "− ");
	} else if (t == TPL_GRID) {
		json_t *rows = json_object_get(def, "rows"), *cols = json_object_get(def, "columns");
		json_array_foreach(v, i, x)
			json_array_foreach(x, j, y) {
				const char *pre = arena_printf(a, "%s / %s : ",
					json_string_value(json_array_get(rows, i)) ?: "",
					json_string_value(json_array_get(cols, j)) ?: "");
				put_strings(&b, y, pre);
			}
	} else if (t == TPL_ACTORS) {
		json_array_foreach(v, i, x)
			buf_printf(&b, "%s : %s\n",
				   json_string_value(json_object_get(x, "category")) ?: "",
				   json_string_value(json_object_get(x, "role")) ?: "");
	} else if (json_is_array(v)) {
		put_strings(&b, v, "");
	}
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

char *scenario_fulltext(arena *a, const store_scenario *sc, const json_t *defs)
{
	json_t *content = json_loads(sc->sections, 0, NULL);
	buf b = BUF_INIT;
	buf_printf(&b, "%s\n", sc->summary ? sc->summary : "");
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		json_t *v = id ? json_object_get(content, id) : NULL;
		int t = tpl_type_from_name(json_string_value(json_object_get(d, "type")));
		if (v && t != TPL_REFS && t != TPL_TAGS)
			buf_printf(&b, "%s\n", scenario_section_text(a, d, v));
	}
	json_decref(content);
	char *r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* Adds taxonomy:code to tags unless already there. */
static void add_tag(arena *a, store_tag **v, size_t *n, size_t *cap, const char *tax,
		    const char *code)
{
	if (!tax || !code)
		return;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].taxonomy, tax) && !strcmp((*v)[i].code, code))
			return;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		store_tag *w = arena_alloc(a, nc * sizeof *w);
		if (*n)
			memcpy(w, *v, *n * sizeof *w);
		*v = w;
		*cap = nc;
	}
	(*v)[(*n)++] = (store_tag){arena_strdup(a, tax), arena_strdup(a, code)};
}

bool scenario_reindex(store *s, arena *a, const store_scenario *sc)
{
	store_template t;
	if (store_template_by_id(s, a, sc->template_id, &t) != STORE_OK)
		return false;
	json_t *defs = catalog_sections(&t);
	json_t *content = json_loads(sc->sections, 0, NULL);
	store_tag *tags = NULL;
	size_t n = 0, cap = 0, i, j, k;
	json_t *d, *x, *y;
	json_array_foreach(defs, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		const char *tax = json_string_value(json_object_get(d, "taxonomy"));
		int type = tpl_type_from_name(json_string_value(json_object_get(d, "type")));
		json_t *v = id ? json_object_get(content, id) : NULL;
		if (!v || !tax)
			continue;
		if (type == TPL_TAGS)
			json_array_foreach(v, j, x)
				add_tag(a, &tags, &n, &cap, tax, json_string_value(x));
		else if (type == TPL_PHASES)
			json_array_foreach(v, j, x)
				json_array_foreach(json_object_get(x, "tags"), k, y)
					add_tag(a, &tags, &n, &cap, tax, json_string_value(y));
		else if (type == TPL_ACTORS)
			json_array_foreach(v, j, x)
				add_tag(a, &tags, &n, &cap, tax,
					json_string_value(json_object_get(x, "category")));
	}
	json_decref(content);
	bool ok = store_tagging_set(s, sc->cycle_id, "scenario", sc->id, tags, n) == STORE_OK;
	if (ok && defs) {
		const char *body = scenario_fulltext(a, sc, defs);
		ok = store_search_put(s, sc->cycle_id, "scenario", sc->id, fold_text(a, sc->title),
				      fold_text(a, body)) == STORE_OK;
	}
	json_decref(defs);
	return ok;
}

bool scenario_rebuild_index(store *s)
{
	arena *a = arena_new();
	bool ok = store_begin(s) == STORE_OK && store_search_clear(s) == STORE_OK;
	store_scenario *sc;
	size_t n = 0;
	if (ok)
		ok = store_scenario_list(s, a, 0, NULL, &sc, &n) == STORE_OK;
	for (size_t i = 0; ok && i < n; i++)
		ok = scenario_reindex(s, a, &sc[i]);
	store_cycle *c;
	size_t nc = 0;
	if (ok)
		ok = store_cycle_list(s, a, 0, true, true, &c, &nc) == STORE_OK;
	for (size_t k = 0; ok && k < nc; k++) {
		store_item *it;
		size_t ni;
		int64_t total;
		ok = store_item_list(s, a, c[k].id, NULL, &it, &ni, &total) == STORE_OK;
		for (size_t i = 0; ok && i < ni; i++)
			ok = library_reindex(s, a, &it[i]);
	}
	if (ok)
		ok = store_commit(s) == STORE_OK;
	else if (store_in_transaction(s))
		store_rollback(s);
	arena_free(a);
	return ok;
}
