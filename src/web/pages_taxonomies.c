/* pages_taxonomies.c — a cycle's taxonomies: the list (creating one or
 * adding a built-in), one taxonomy as a "periodic table" of its terms with
 * their usage counts and the detail of a chosen term, and the
 * facilitators' forms to edit the taxonomy and add, edit or delete terms.
 * Taxonomy slugs and term codes are referenced by tags and templates, so
 * a taxonomy's slug never changes here and a term's code only while
 * nothing carries it. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"
#include "../domain/catalog.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *trimmed(http_req *r, const char *name)
{
	return text_trim(r->pool, http_form(r, name) ?: "");
}

/* Facilitators change taxonomies, and only while the cycle is open. */
static bool open_steer(http_req *r, cycle_ctx *cx)
{
	if (!cp_open_facilitate(r, cx))
		return false;
	if (cx->c.archived) {
		http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
		return false;
	}
	return true;
}

static bool may_steer(const cycle_ctx *cx)
{
	return cycle_can_facilitate(cx) && !cx->c.archived;
}

static const char *tax_url(http_req *r, const cycle_ctx *cx, const char *tax, const char *suffix)
{
	return cp_url(r, cx, arena_printf(r->pool, "/taxonomies/%s%s", text_urlencode(r->pool, tax),
					  suffix ? suffix : ""));
}

static const char *term_url(http_req *r, const cycle_ctx *cx, const char *tax, const char *code)
{
	return tax_url(r, cx, tax, arena_printf(r->pool, "?term=%s#term", text_urlencode(r->pool, code)));
}

static const char *term_action(http_req *r, const cycle_ctx *cx, const char *tax, const char *code,
			       const char *suffix)
{
	return tax_url(r, cx, tax, arena_printf(r->pool, "/terms/%s%s", text_urlencode(r->pool, code),
						suffix ? suffix : ""));
}

static bool text_ok(const char *s, size_t max)
{
	return text_utf8_valid(s, strlen(s)) && text_utf8_len(s) <= max;
}

/* ---- the list ---- */

/* What the two forms of the list page hold. */
typedef struct list_forms {
	store_taxonomy fresh;
	const problems *p;	/* of the creation form */
	const char *builtin;
	const problems *pb;	/* of the built-in form */
} list_forms;

static void list_page(http_req *r, const cycle_ctx *cx, const list_forms *lf)
{
	buf *o = &r->out;
	store_taxonomy *tax;
	size_t ntax;
	if (store_taxonomy_list(r->db, r->pool, cx->c.id, &tax, &ntax) != STORE_OK) {
		cp_fail(r);
		return;
	}
	size_t *nterms = arena_zalloc(r->pool, (ntax + 1) * sizeof *nterms);
	int64_t *uses = arena_zalloc(r->pool, (ntax + 1) * sizeof *uses);
	for (size_t i = 0; i < ntax; i++) {
		store_term *terms;
		store_count *counts;
		size_t ncounts;
		if (store_term_list(r->db, r->pool, tax[i].id, &terms, &nterms[i]) != STORE_OK ||
		    store_tagging_counts(r->db, r->pool, cx->c.id, tax[i].slug, &counts, &ncounts) != STORE_OK) {
			cp_fail(r);
			return;
		}
		for (size_t j = 0; j < ncounts; j++)
			uses[i] += counts[j].n;
	}
	cp_begin(r, cx, T(r, "Taxonomies"), "taxonomies");
	html_printf(o, "<h1>%s</h1>", T(r, "Taxonomies"));
	html_printf(o, "<p class=\"lead\">%s</p>",
		    T(r, "Ordered lists of terms that tag references and scenarios: the dynamics, the qualities, "
			 "the uncertainty factors..."));
	if (!ntax) {
		html_printf(o, "<p>%s</p>", T(r, "This cycle has no taxonomy yet."));
	} else {
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(r, "The taxonomies of this cycle"), T(r, "Taxonomy"), T(r, "Address"), T(r, "Terms"),
			    T(r, "Tags given"));
		for (size_t i = 0; i < ntax; i++)
			html_printf(o, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td><code>%s</code></td>"
				       "<td>%zu</td><td>%lld</td></tr>",
				    tax_url(r, cx, tax[i].slug, NULL), tax[i].name, tax[i].slug, nterms[i],
				    (long long)uses[i]);
		html_raw(o, "</tbody></table>");
	}
	if (!may_steer(cx)) {
		page_end(r);
		return;
	}
	html_printf(o, "<section aria-labelledby=\"new-h\"><h2 id=\"new-h\">%s</h2>", T(r, "Create a taxonomy"));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cp_url(r, cx, "/taxonomies"));
	page_csrf_field(r);
	cp_errors(r, lf->p);
	cp_input(r, "slug", T(r, "Address"), "text", lf->fresh.slug, cp_error(r, lf->p, "slug"), true,
		 T(r, "Lower-case letters, digits, - or _; tags and templates use it, so it cannot change later."));
	cp_input(r, "name", T(r, "Name"), "text", lf->fresh.name, cp_error(r, lf->p, "name"), true, NULL);
	cp_textarea(r, "description", T(r, "Description"), lf->fresh.description,
		    cp_error(r, lf->p, "description"), 4, false, T(r, "Markdown is accepted."));
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Create the taxonomy"));

	html_printf(o, "<section aria-labelledby=\"bi-h\"><h2 id=\"bi-h\">%s</h2>", T(r, "Add a built-in taxonomy"));
	const char **opts = arena_zalloc(r->pool, 40 * sizeof *opts);
	size_t k = 0;
	for (size_t i = 0; catalog_builtin_taxonomies[i] && k < 36; i++) {
		const char *slug = catalog_builtin_taxonomies[i];
		bool present = false;
		for (size_t j = 0; j < ntax && !present; j++)
			present = !strcmp(tax[j].slug, slug);
		json_t *b = present ? NULL : catalog_builtin_taxonomy(slug);
		if (!b)
			continue;
		opts[k++] = slug;
		opts[k++] = arena_strdup(r->pool, json_string_value(json_object_get(b, "name")) ?: slug);
		json_decref(b);
	}
	if (!k) {
		html_printf(o, "<p>%s</p></section>", T(r, "Every built-in taxonomy is already in this cycle."));
		page_end(r);
		return;
	}
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cp_url(r, cx, "/taxonomies"));
	page_csrf_field(r);
	cp_errors(r, lf->pb);
	cp_select(r, "builtin", T(r, "Built-in taxonomy"), opts, lf->builtin, cp_error(r, lf->pb, "builtin"));
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Add it to the cycle"));
	page_end(r);
}

/* GET /c/{slug}/taxonomies */
void page_taxonomies(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	list_forms lf = {.fresh = {.slug = "", .name = "", .description = ""}, .builtin = ""};
	list_page(r, &cx, &lf);
}

static void check_taxonomy(const store_taxonomy *t, problems *p)
{
	if (!text_ok(t->name, 200))
		problems_add(p, "name", N_("Keep the name under 200 characters."));
	else if (!*t->name)
		problems_add(p, "name", N_("Enter a name."));
	if (!text_ok(t->description, 5000))
		problems_add(p, "description", N_("Keep the description under 5000 characters."));
}

/* POST /c/{slug}/taxonomies: a new taxonomy, or a built-in one. */
void page_taxonomy_create(http_req *r)
{
	cycle_ctx cx;
	if (!open_steer(r, &cx))
		return;
	problems p;
	problems_init(&p, r->pool);
	list_forms lf = {.fresh = {.slug = "", .name = "", .description = ""}, .builtin = ""};
	const char *builtin = http_form(r, "builtin");
	const char *slug;
	if (builtin) {
		lf.builtin = builtin;
		json_t *b = NULL;
		for (size_t i = 0; catalog_builtin_taxonomies[i] && !b; i++)
			if (!strcmp(catalog_builtin_taxonomies[i], builtin))
				b = catalog_builtin_taxonomy(builtin);
		if (!b) {
			problems_add(&p, "builtin", N_("Choose a built-in taxonomy."));
		} else {
			const char *path, *msgid;
			int rc = catalog_install_taxonomy(r->db, r->pool, cx.c.id, b, &path, &msgid);
			json_decref(b);
			if (rc == -2) {
				cp_fail(r);
				return;
			}
			if (rc)
				problems_add(&p, "builtin", !strcmp(path, ".slug")
					     ? N_("This cycle already has this taxonomy.")
					     : N_("This built-in taxonomy could not be installed."));
		}
		slug = builtin;
		lf.pb = &p;
	} else {
		store_taxonomy t = {.cycle_id = cx.c.id, .slug = trimmed(r, "slug"), .name = trimmed(r, "name"),
				    .description = http_form(r, "description") ?: ""};
		lf.fresh = t;
		lf.p = &p;
		if (!cycle_slug_ok(t.slug))
			problems_add(&p, "slug", N_("Use 1 to 40 lower-case letters, digits, - or _, "
						    "starting with a letter or a digit."));
		check_taxonomy(&t, &p);
		if (!p.n) {
			int64_t id;
			store_rc rc = store_taxonomy_create(r->db, &t, &id);
			if (rc == STORE_EXISTS)
				problems_add(&p, "slug", N_("Another taxonomy of this cycle already uses this address."));
			else if (rc != STORE_OK) {
				cp_fail(r);
				return;
			}
		}
		slug = t.slug;
	}
	if (p.n) {
		r->status = 422;
		list_page(r, &cx, &lf);
		return;
	}
	http_redirect(r, tax_url(r, &cx, slug, NULL), "taxonomy_created");
}

/* ---- one taxonomy ---- */

/* A term as its form holds it: hashtags and examples one per line. */
typedef struct term_form {
	const char *code, *label, *definition, *hashtags, *examples;
} term_form;

/* The lines of a JSON array of strings, joined by newlines. */
static const char *json_lines(http_req *r, const char *json)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	const char *s = "";
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v))
			s = arena_printf(r->pool, "%s%s%s", s, *s ? "\n" : "", json_string_value(v));
	json_decref(a);
	return s;
}

/* A JSON array of the non-blank lines of text (without a leading '#' when
 * hashtags); NULL when a line is longer than max or there are too many. */
static const char *lines_json(http_req *r, const char *text, bool hashtags, size_t max)
{
	json_t *a = json_array();
	const char *p = text;
	bool ok = true;
	while (*p && ok) {
		size_t n = strcspn(p, "\r\n");
		char *line = text_trim(r->pool, arena_strndup(r->pool, p, n));
		if (hashtags)
			while (*line == '#')
				line = text_trim(r->pool, line + 1);
		if (*line) {
			ok = text_utf8_len(line) <= max && json_array_size(a) < 100;
			json_array_append_new(a, json_string(line));
		}
		p += n;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	char *s = ok ? json_dumps(a, JSON_COMPACT) : NULL;
	const char *out = s ? arena_strdup(r->pool, s) : NULL;
	free(s);
	json_decref(a);
	return out;
}

static void term_fields(http_req *r, const term_form *tf, const problems *p, const char *code_hint)
{
	cp_input(r, "code", T(r, "Code"), "text", tf->code, cp_error(r, p, "code"), true,
		 code_hint ? code_hint : T(r, "1 to 40 characters without spaces or colons, e.g. 01 or frugal."));
	cp_input(r, "label", T(r, "Label"), "text", tf->label, cp_error(r, p, "label"), true, NULL);
	cp_textarea(r, "definition", T(r, "Definition"), tf->definition, cp_error(r, p, "definition"), 4, false, NULL);
	cp_textarea(r, "hashtags", T(r, "Hashtags"), tf->hashtags, cp_error(r, p, "hashtags"), 3, false,
		    T(r, "One per line, with or without #."));
	cp_textarea(r, "examples", T(r, "Examples"), tf->examples, cp_error(r, p, "examples"), 4, false,
		    T(r, "One per line."));
}

/* Reads and checks the term form into t (code, label, definition,
 * hashtags, examples); the form's text stays in tf. */
static void read_term(http_req *r, term_form *tf, store_term *t, problems *p)
{
	tf->code = trimmed(r, "code");
	tf->label = trimmed(r, "label");
	tf->definition = text_trim(r->pool, http_form(r, "definition") ?: "");
	tf->hashtags = http_form(r, "hashtags") ?: "";
	tf->examples = http_form(r, "examples") ?: "";
	const char *msg = catalog_check_code(tf->code);
	if (msg)
		problems_add(p, "code", msg);
	if (!*tf->label)
		problems_add(p, "label", N_("Enter a label."));
	else if (!text_ok(tf->label, 200))
		problems_add(p, "label", N_("Keep the label under 200 characters."));
	if (!text_ok(tf->definition, 5000))
		problems_add(p, "definition", N_("Keep the definition under 5000 characters."));
	t->code = tf->code;
	t->label = tf->label;
	t->definition = tf->definition;
	if (!(t->hashtags = lines_json(r, tf->hashtags, true, 100)))
		problems_add(p, "hashtags", N_("Give at most 100 hashtags of at most 100 characters each."));
	if (!(t->examples = lines_json(r, tf->examples, false, 1000)))
		problems_add(p, "examples", N_("Give at most 100 examples of at most 1000 characters each."));
}

/* What the taxonomy page's forms hold. */
typedef struct tax_forms {
	const char *name, *description;
	const problems *pt;	/* of the taxonomy form */
	term_form term;
	const problems *pn;	/* of the new term form */
} tax_forms;

static bool load_taxonomy(http_req *r, const cycle_ctx *cx, store_taxonomy *t)
{
	store_rc rc = store_taxonomy_get(r->db, r->pool, cx->c.id, r->param[1], t);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "This cycle has no such taxonomy."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

static int64_t count_of(const store_count *c, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(c[i].key, code))
			return c[i].n;
	return 0;
}

/* The detail of the chosen term under the grid. */
static bool term_detail(http_req *r, const cycle_ctx *cx, const store_taxonomy *tax, const store_term *t,
			int64_t uses)
{
	buf *o = &r->out;
	store_hit *hits;
	size_t nhits;
	if (store_tagging_targets(r->db, r->pool, cx->c.id, tax->slug, t->code, &hits, &nhits) != STORE_OK)
		return false;
	html_printf(o, "<section id=\"term\" aria-labelledby=\"term-h\" class=\"term\"><h2 id=\"term-h\">%s</h2>",
		    arena_printf(r->pool, "%s — %s", t->code, t->label));
	if (t->definition && *t->definition)
		html_printf(o, "<p>%s</p>", t->definition);
	json_t *tags = json_loads(t->hashtags ? t->hashtags : "[]", 0, NULL);
	if (json_array_size(tags)) {
		html_printf(o, "<h3>%s</h3><ul class=\"facet\">", T(r, "Hashtags"));
		size_t i;
		json_t *v;
		json_array_foreach(tags, i, v)
			html_printf(o, "<li>#%s</li>", json_string_value(v));
		html_raw(o, "</ul>");
	}
	json_decref(tags);
	json_t *ex = json_loads(t->examples ? t->examples : "[]", 0, NULL);
	if (json_array_size(ex)) {
		html_printf(o, "<h3>%s</h3><ul>", T(r, "Examples"));
		size_t i;
		json_t *v;
		json_array_foreach(ex, i, v)
			html_printf(o, "<li>%s</li>", json_string_value(v));
		html_raw(o, "</ul>");
	}
	json_decref(ex);
	html_printf(o, "<h3>%s</h3>", T(r, "Tagged with this term"));
	if (!nhits)
		html_printf(o, "<p>%s</p>", T(r, "Nothing carries this term yet."));
	for (int pass = 0; pass < 2; pass++) {
		const char *kind = pass ? "item" : "scenario";
		size_t k = 0;
		for (size_t i = 0; i < nhits; i++) {
			if (strcmp(hits[i].kind, kind) || !hits[i].uid)
				continue;
			if (!k++)
				html_printf(o, "<h4>%s</h4><ul>", pass ? T(r, "References") : T(r, "Scenarios"));
			html_printf(o, "<li><a href=\"%s\">%s</a></li>",
				    cp_url(r, cx, arena_printf(r->pool, pass ? "/library/%s" : "/scenarios/%s", hits[i].uid)),
				    hits[i].title);
		}
		if (k)
			html_raw(o, "</ul>");
	}
	html_printf(o, "<p><a href=\"%s\">%s</a></p>",
		    cp_url(r, cx, arena_printf(r->pool, "/library?tag=%s",
					       text_urlencode(r->pool, arena_printf(r->pool, "%s:%s", tax->slug, t->code)))),
		    T(r, "See the references with this tag in the library"));
	if (may_steer(cx)) {
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>",
			    term_action(r, cx, tax->slug, t->code, "/edit"), T(r, "Edit this term"));
		if (uses)
			html_printf(o, "<p class=\"hint\">%s</p>",
				    T(r, "This term is in use: remove it from what carries it before deleting it."));
		else {
			html_printf(o, "<form method=\"post\" action=\"%s\">",
				    term_action(r, cx, tax->slug, t->code, "/delete"));
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" class=\"danger\">%s</button></form>", T(r, "Delete this term"));
		}
	}
	html_raw(o, "</section>");
	return true;
}

static void taxonomy_page(http_req *r, const cycle_ctx *cx, const store_taxonomy *tax, const tax_forms *tf)
{
	buf *o = &r->out;
	store_term *terms;
	size_t nterms;
	store_count *counts;
	size_t ncounts;
	if (store_term_list(r->db, r->pool, tax->id, &terms, &nterms) != STORE_OK ||
	    store_tagging_counts(r->db, r->pool, cx->c.id, tax->slug, &counts, &ncounts) != STORE_OK) {
		cp_fail(r);
		return;
	}
	const char *chosen = http_query(r, "term");
	const store_term *sel = NULL;
	for (size_t i = 0; chosen && i < nterms && !sel; i++)
		if (!strcmp(terms[i].code, chosen))
			sel = &terms[i];
	if (chosen && *chosen && !sel) {
		http_fail(r, 404, T(r, "This taxonomy has no such term."));
		return;
	}
	cp_begin(r, cx, tax->name, "taxonomies");
	html_printf(o, "<p class=\"crumb\"><a href=\"%s\">%s</a></p>", cp_url(r, cx, "/taxonomies"),
		    T(r, "All the taxonomies"));
	html_printf(o, "<h1>%s</h1>", tax->name);
	if (tax->description && *tax->description) {
		html_raw(o, "<div class=\"prose\">");
		html_markdown(o, tax->description);
		html_raw(o, "</div>");
	}
	html_printf(o, "<section aria-labelledby=\"grid-h\"><h2 id=\"grid-h\">%s</h2>",
		    arena_printf(r->pool, TN(r, "%zu term", "%zu terms", nterms), nterms));
	if (!nterms)
		html_printf(o, "<p>%s</p>", T(r, "This taxonomy has no term yet."));
	else
		html_printf(o, "<p class=\"hint\">%s</p>",
			    T(r, "Each cell gives the term's number, code and label, and how many references and "
				 "scenarios carry it; choose one to see its definition and what it tags."));
	html_raw(o, "<ol class=\"periodic\">");
	for (size_t i = 0; i < nterms; i++) {
		int64_t n = count_of(counts, ncounts, terms[i].code);
		/* Markup goes through html_raw: html_printf would escape it. */
		if (n)
			html_raw(o, "<li class=\"used\">");
		else
			html_raw(o, "<li>");
		html_printf(o, "<a href=\"%s\"", term_url(r, cx, tax->slug, terms[i].code));
		if (sel == &terms[i])
			html_raw(o, " aria-current=\"true\"");
		html_printf(o, "><span class=\"num\">%zu</span> <span class=\"code\">%s</span> "
			       "<span class=\"label\">%s</span> <span class=\"count\">%s</span></a></li>",
			    i + 1, terms[i].code, terms[i].label,
			    arena_printf(r->pool, TN(r, "%lld use", "%lld uses", n), (long long)n));
	}
	html_raw(o, "</ol></section>");
	if (sel && !term_detail(r, cx, tax, sel, count_of(counts, ncounts, sel->code))) {
		cp_fail(r);
		return;
	}
	if (may_steer(cx)) {
		html_printf(o, "<section aria-labelledby=\"ed-h\"><h2 id=\"ed-h\">%s</h2>", T(r, "Edit the taxonomy"));
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>",
			    tax_url(r, cx, tax->slug, NULL));
		page_csrf_field(r);
		cp_errors(r, tf->pt);
		html_printf(o, "<p>%s <code>%s</code></p>", T(r, "Address (it cannot change):"), tax->slug);
		cp_input(r, "name", T(r, "Name"), "text", tf->name, cp_error(r, tf->pt, "name"), true, NULL);
		cp_textarea(r, "description", T(r, "Description"), tf->description, cp_error(r, tf->pt, "description"),
			    4, false, T(r, "Markdown is accepted."));
		html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Save the taxonomy"));
		html_printf(o, "<section aria-labelledby=\"add-h\"><h2 id=\"add-h\">%s</h2>", T(r, "Add a term"));
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>",
			    tax_url(r, cx, tax->slug, "/terms"));
		page_csrf_field(r);
		cp_errors(r, tf->pn);
		term_fields(r, &tf->term, tf->pn, NULL);
		html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Add the term"));
	}
	page_end(r);
}

static tax_forms fresh_forms(const store_taxonomy *t)
{
	return (tax_forms){.name = t->name, .description = t->description,
			   .term = {.code = "", .label = "", .definition = "", .hashtags = "", .examples = ""}};
}

/* GET /c/{slug}/taxonomies/{tax} */
void page_taxonomy(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	if (!cp_open(r, &cx) || !load_taxonomy(r, &cx, &t))
		return;
	tax_forms tf = fresh_forms(&t);
	taxonomy_page(r, &cx, &t, &tf);
}

/* POST /c/{slug}/taxonomies/{tax} */
void page_taxonomy_update(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	if (!open_steer(r, &cx) || !load_taxonomy(r, &cx, &t))
		return;
	tax_forms tf = fresh_forms(&t);
	store_taxonomy nt = t;
	nt.name = tf.name = trimmed(r, "name");
	nt.description = tf.description = http_form(r, "description") ?: "";
	problems p;
	problems_init(&p, r->pool);
	check_taxonomy(&nt, &p);
	if (p.n) {
		r->status = 422;
		tf.pt = &p;
		taxonomy_page(r, &cx, &t, &tf);
		return;
	}
	if (store_taxonomy_update(r->db, &nt) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, tax_url(r, &cx, t.slug, NULL), "taxonomy_saved");
}

/* POST /c/{slug}/taxonomies/{tax}/terms */
void page_term_create(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	if (!open_steer(r, &cx) || !load_taxonomy(r, &cx, &t))
		return;
	tax_forms tf = fresh_forms(&t);
	problems p;
	problems_init(&p, r->pool);
	store_term term = {.taxonomy_id = t.id};
	read_term(r, &tf.term, &term, &p);
	if (!p.n) {
		store_rc rc = store_term_create(r->db, &term, NULL);
		if (rc == STORE_EXISTS)
			problems_add(&p, "code", N_("Another term of this taxonomy already uses this code."));
		else if (rc != STORE_OK) {
			cp_fail(r);
			return;
		}
	}
	if (p.n) {
		r->status = 422;
		tf.pn = &p;
		taxonomy_page(r, &cx, &t, &tf);
		return;
	}
	http_redirect(r, term_url(r, &cx, t.slug, term.code), "term_created");
}

/* Loads the taxonomy and term of the path for a facilitator; *uses
 * receives how many targets carry the term. */
static bool open_term(http_req *r, cycle_ctx *cx, store_taxonomy *t, store_term *term, int64_t *uses)
{
	if (!open_steer(r, cx) || !load_taxonomy(r, cx, t))
		return false;
	store_rc rc = store_term_get(r->db, r->pool, t->id, r->param[2], term);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "This taxonomy has no such term."));
		return false;
	}
	store_count *counts;
	size_t n;
	if (rc != STORE_OK || store_tagging_counts(r->db, r->pool, cx->c.id, t->slug, &counts, &n) != STORE_OK) {
		cp_fail(r);
		return false;
	}
	*uses = count_of(counts, n, term->code);
	return true;
}

static void term_edit_page(http_req *r, const cycle_ctx *cx, const store_taxonomy *t, const store_term *term,
			   const term_form *tf, const problems *p, int64_t uses)
{
	buf *o = &r->out;
	const char *title = arena_printf(r->pool, T(r, "Edit the term %s"), term->code);
	cp_begin(r, cx, title, "taxonomies");
	html_printf(o, "<p class=\"crumb\"><a href=\"%s\">%s</a></p>", term_url(r, cx, t->slug, term->code), t->name);
	html_printf(o, "<h1>%s</h1>", title);
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>",
		    term_action(r, cx, t->slug, term->code, NULL));
	page_csrf_field(r);
	cp_errors(r, p);
	term_fields(r, tf, p, uses ? T(r, "This term is in use: its code cannot change.") : NULL);
	html_printf(o, "<p><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></p></form>", T(r, "Save the term"),
		    term_url(r, cx, t->slug, term->code), T(r, "Cancel"));
	page_end(r);
}

/* GET /c/{slug}/taxonomies/{tax}/terms/{code}/edit */
void page_term_edit(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	store_term term;
	int64_t uses;
	if (!open_term(r, &cx, &t, &term, &uses))
		return;
	term_form tf = {.code = term.code, .label = term.label, .definition = term.definition,
			.hashtags = json_lines(r, term.hashtags), .examples = json_lines(r, term.examples)};
	term_edit_page(r, &cx, &t, &term, &tf, NULL, uses);
}

/* POST /c/{slug}/taxonomies/{tax}/terms/{code} */
void page_term_update(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	store_term term;
	int64_t uses;
	if (!open_term(r, &cx, &t, &term, &uses))
		return;
	problems p;
	problems_init(&p, r->pool);
	term_form tf;
	store_term nt = term;
	read_term(r, &tf, &nt, &p);
	if (uses && strcmp(nt.code, term.code) && !problems_for(&p, "code"))
		problems_add(&p, "code", N_("This term is in use: its code cannot change."));
	if (!p.n) {
		store_rc rc = store_term_update(r->db, &nt);
		if (rc == STORE_EXISTS)
			problems_add(&p, "code", N_("Another term of this taxonomy already uses this code."));
		else if (rc != STORE_OK) {
			cp_fail(r);
			return;
		}
	}
	if (p.n) {
		r->status = 422;
		term_edit_page(r, &cx, &t, &term, &tf, &p, uses);
		return;
	}
	http_redirect(r, term_url(r, &cx, t.slug, nt.code), "term_saved");
}

/* POST /c/{slug}/taxonomies/{tax}/terms/{code}/delete */
void page_term_delete(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	store_term term;
	int64_t uses;
	if (!open_term(r, &cx, &t, &term, &uses))
		return;
	if (uses) {
		http_fail(r, 409, T(r, "This term is in use: remove it from what carries it before deleting it."));
		return;
	}
	if (store_term_delete(r->db, t.id, term.id) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, tax_url(r, &cx, t.slug, NULL), "term_deleted");
}
