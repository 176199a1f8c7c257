/* pages_templates.c — a cycle's templates: the list with how much each is
 * used, one template shown readably (its sections, their types and
 * constraints in words), and the facilitators' editor, which works on the
 * sections as JSON (docs/formats.md) and reports every definition error
 * with its path. Checking and saving are catalog_template_save's job. */
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

static bool may_steer(const cycle_ctx *cx)
{
	return cycle_can_facilitate(cx) && !cx->c.archived;
}

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

static const char *tpl_url(http_req *r, const cycle_ctx *cx, const char *slug)
{
	return cp_url(r, cx, arena_printf(r->pool, "/templates/%s", slug));
}

/* The sections of stored JSON text, indented for the editor. */
static const char *pretty(http_req *r, const char *json)
{
	json_t *j = json_loads(json ? json : "[]", 0, NULL);
	if (!j)
		return json ? json : "";
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	const char *out = arena_strdup(r->pool, s ? s : "");
	free(s);
	return out;
}

/* ---- sections in words ---- */

static const char *type_label(http_req *r, const char *type)
{
	static const struct { const char *type, *msgid; } t[] = {
		{"text", N_("Markdown text")}, {"list", N_("list")}, {"horizon", N_("horizon year")},
		{"chronicle", N_("chronicle (dated entries)")}, {"phases", N_("phases")},
		{"pros_cons", N_("for and against")}, {"grid", N_("grid")},
		{"refs", N_("references from the library")}, {"tags", N_("tags")}, {"actors", N_("actors")},
	};
	for (size_t i = 0; type && i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].type, type))
			return T(r, t[i].msgid);
	return type ? type : "";
}

static bool get_long(const json_t *sec, const char *key, long *v)
{
	json_t *x = json_object_get(sec, key);
	if (!json_is_integer(x))
		return false;
	*v = (long)json_integer_value(x);
	return true;
}

/* The strings of a JSON array joined with ", ". */
static const char *joined(http_req *r, const json_t *a)
{
	const char *s = "";
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v)
		if (json_is_string(v))
			s = arena_printf(r->pool, "%s%s%s", s, *s ? ", " : "", json_string_value(v));
	return s;
}

/* The constraints of a section as a sentence. */
static const char *constraints_text(http_req *r, const json_t *sec)
{
	arena *a = r->pool;
	const char *type = json_string_value(json_object_get(sec, "type"));
	const char *s = "";
#define ADD(piece) (s = arena_printf(a, "%s%s%s", s, *s ? "; " : "", (piece)))
	if (json_is_true(json_object_get(sec, "required")))
		ADD(T(r, "required"));
	long mn, mx, n;
	bool has_min = get_long(sec, "min", &mn), has_max = get_long(sec, "max", &mx);
	bool per_side = type && !strcmp(type, "pros_cons");
	if (has_min && has_max)
		ADD(arena_printf(a, per_side ? T(r, "%ld to %ld items per side") : T(r, "%ld to %ld items"), mn, mx));
	else if (has_min)
		ADD(arena_printf(a, per_side ? TN(r, "at least %ld item per side", "at least %ld items per side", mn)
					     : TN(r, "at least %ld item", "at least %ld items", mn), mn));
	else if (has_max)
		ADD(arena_printf(a, per_side ? TN(r, "at most %ld item per side", "at most %ld items per side", mx)
					     : TN(r, "at most %ld item", "at most %ld items", mx), mx));
	if (get_long(sec, "max_length", &n))
		ADD(arena_printf(a, TN(r, "at most %ld character", "at most %ld characters", n), n));
	if (type && !strcmp(type, "horizon")) {
		long lo = 1900, hi = 2300;
		get_long(sec, "min_year", &lo);
		get_long(sec, "max_year", &hi);
		ADD(arena_printf(a, T(r, "a year from %ld to %ld"), lo, hi));
	}
	if (get_long(sec, "count", &n))
		ADD(arena_printf(a, TN(r, "exactly %ld phase", "exactly %ld phases", n), n));
	const char *tax = json_string_value(json_object_get(sec, "taxonomy"));
	if (tax)
		ADD(arena_printf(a, T(r, "terms of the taxonomy %s"), tax));
	const char *pl = json_string_value(json_object_get(sec, "pros_label"));
	const char *cl = json_string_value(json_object_get(sec, "cons_label"));
	if (pl || cl)
		ADD(arena_printf(a, T(r, "sides headed \"%s\" and \"%s\""), pl ? pl : T(r, "For"),
				 cl ? cl : T(r, "Against")));
	json_t *rows = json_object_get(sec, "rows"), *cols = json_object_get(sec, "columns");
	if (json_is_array(rows) && json_is_array(cols))
		ADD(arena_printf(a, T(r, "rows: %s; columns: %s"), joined(r, rows), joined(r, cols)));
#undef ADD
	return *s ? s : T(r, "none");
}

/* The sections as a table. */
static void sections_table(http_req *r, const json_t *sections)
{
	buf *o = &r->out;
	if (!json_array_size(sections)) {
		html_printf(o, "<p>%s</p>", T(r, "This template has no section yet."));
		return;
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "The sections, in order"), T(r, "Identifier"), T(r, "Label"), T(r, "Type"),
		    T(r, "Constraints"), T(r, "Help"));
	size_t i;
	json_t *sec;
	json_array_foreach(sections, i, sec) {
		html_printf(o, "<tr><th scope=\"row\"><code>%s</code></th><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			    json_string_value(json_object_get(sec, "id")) ?: "",
			    json_string_value(json_object_get(sec, "label")) ?: "",
			    type_label(r, json_string_value(json_object_get(sec, "type"))), constraints_text(r, sec),
			    json_string_value(json_object_get(sec, "help")) ?: "");
	}
	html_raw(o, "</tbody></table>");
}

/* The reference of section types the editor's hint links to. */
static void types_reference(http_req *r)
{
	buf *o = &r->out;
	static const struct { const char *type, *content, *keys; } t[] = {
		{"text", N_("a Markdown string"), "max_length"},
		{"list", N_("an array of strings"), "min, max"},
		{"horizon", N_("a year"), "min_year, max_year"},
		{"chronicle", N_("an array of {\"year\", \"text\"}"), "min, max"},
		{"phases", N_("an array of {\"title\", \"text\", \"tags\"}"), "count, taxonomy"},
		{"pros_cons", N_("{\"pros\": [...], \"cons\": [...]}"), "pros_label, cons_label, min, max"},
		{"grid", N_("rows of cells, each a list of strings"), "rows, columns"},
		{"refs", N_("identifiers of library items"), "min, max"},
		{"tags", N_("codes of a taxonomy's terms"), "taxonomy, min, max"},
		{"actors", N_("an array of {\"category\", \"role\"}"), "taxonomy, min, max"},
	};
	html_printf(o, "<section id=\"section-types\" aria-labelledby=\"types-h\"><h2 id=\"types-h\">%s</h2><p>%s</p>",
		    T(r, "Section types"),
		    T(r, "Every section has an \"id\" (lower-case letters, digits, - or _), a \"type\" and a "
			 "\"label\"; \"help\" and \"required\" (true or false) are optional. The other keys "
			 "depend on the type:"));
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "Section types and their constraints"), T(r, "Type"), T(r, "Content"), T(r, "Constraints"));
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		html_printf(o, "<tr><th scope=\"row\"><code>%s</code> (%s)</th><td>%s</td><td><code>%s</code></td></tr>",
			    t[i].type, type_label(r, t[i].type), T(r, t[i].content), t[i].keys);
	html_printf(o, "</tbody></table><p>%s</p></section>",
		    T(r, "phases need a count; tags need a taxonomy; a grid needs rows and columns (lists of "
			 "labels). Example: {\"id\": \"recit\", \"type\": \"text\", \"label\": \"The story\", "
			 "\"required\": true, \"max_length\": 3000}"));
}

/* ---- the editor ---- */

static bool form_field(const char *f)
{
	return !strcmp(f, "slug") || !strcmp(f, "name") || !strcmp(f, "description") || !strcmp(f, "builtin");
}

/* The JSON path of a template error, as in the definition: "sections[2].count". */
static const char *json_path(const problem *x)
{
	return x->tpl.path[0] ? x->tpl.path : "sections";
}

/* The error summary: fields by their id, template errors with their path
 * and a link to the sections. */
static void editor_errors(http_req *r, const problems *p)
{
	if (!p || !p->n)
		return;
	buf *o = &r->out;
	html_printf(o, "<div class=\"form-errors\" role=\"alert\" tabindex=\"-1\" id=\"errors\"><p>%s</p><ul>",
		    arena_printf(r->pool, TN(r, "%zu problem to fix:", "%zu problems to fix:", p->n), p->n));
	for (size_t i = 0; i < p->n; i++) {
		const problem *x = &p->v[i];
		if (form_field(x->field))
			html_printf(o, "<li><a href=\"#%s\">%s</a></li>", x->field, page_problem_text(r, x));
		else if (x->msgid)
			html_printf(o, "<li><a href=\"#sections\">%s</a></li>", page_problem_text(r, x));
		else
			html_printf(o, "<li><a href=\"#sections\"><code>%s</code> — %s</a></li>", json_path(x),
				    page_problem_text(r, x));
	}
	html_raw(o, "</ul></div>");
}

/* The sections textarea, with every error about them listed above it. */
static void sections_field(http_req *r, const char *value, const problems *p)
{
	buf *o = &r->out;
	size_t nerr = 0;
	for (size_t i = 0; p && i < p->n; i++)
		nerr += !form_field(p->v[i].field);
	html_printf(o, "<div class=\"field%s\"><label for=\"sections\">%s</label>", nerr ? " invalid" : "",
		    T(r, "Sections (JSON)"));
	html_printf(o, "<p class=\"hint\" id=\"sections-hint\">%s <a href=\"#section-types\">%s</a>.</p>",
		    T(r, "An array of sections in the order they are written; see"), T(r, "the section types and their constraints"));
	if (nerr) {
		html_raw(o, "<div class=\"field-error\" id=\"sections-error\"><ul>");
		for (size_t i = 0; i < p->n; i++) {
			const problem *x = &p->v[i];
			if (form_field(x->field))
				continue;
			if (x->msgid)
				html_printf(o, "<li>%s</li>", page_problem_text(r, x));
			else
				html_printf(o, "<li><code>%s</code> — %s</li>", json_path(x), page_problem_text(r, x));
		}
		html_raw(o, "</ul></div>");
	}
	html_raw(o, "<textarea id=\"sections\" name=\"sections\" rows=\"24\" class=\"code\" spellcheck=\"false\"");
	if (nerr)
		html_raw(o, " aria-invalid=\"true\" aria-describedby=\"sections-error sections-hint\">");
	else
		html_raw(o, " aria-describedby=\"sections-hint\">");
	html_printf(o, "%s</textarea></div>", value);
}

static void check_fields(const store_template *t, problems *p)
{
	if (!text_utf8_valid(t->name, strlen(t->name)) || text_utf8_len(t->name) > 200)
		problems_add(p, "name", N_("Keep the name under 200 characters."));
	if (!text_utf8_valid(t->description, strlen(t->description)) || text_utf8_len(t->description) > 5000)
		problems_add(p, "description", N_("Keep the description under 5000 characters."));
}

/* ---- pages ---- */

/* GET /c/{slug}/templates */
void page_templates(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	buf *o = &r->out;
	store_template *t;
	size_t n;
	if (store_template_list(r->db, r->pool, cx.c.id, &t, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	int64_t *uses = arena_zalloc(r->pool, (n + 1) * sizeof *uses);
	for (size_t i = 0; i < n; i++)
		if (store_template_uses(r->db, t[i].id, &uses[i]) != STORE_OK) {
			cp_fail(r);
			return;
		}
	bool write = cycle_can_write(&cx);
	cp_begin(r, &cx, T(r, "Templates"), "templates");
	html_printf(o, "<h1>%s</h1>", T(r, "Templates"));
	html_printf(o, "<p class=\"lead\">%s</p>",
		    T(r, "A template gives a scenario its sections: a chronicle, a story, what changes, "
			 "arguments for and against..."));
	if (may_steer(&cx))
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>", cp_url(r, &cx, "/templates/new"),
			    T(r, "New template"));
	if (!n) {
		html_printf(o, "<p>%s</p>", T(r, "This cycle has no template yet."));
		page_end(r);
		return;
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th>",
		    T(r, "The templates of this cycle"), T(r, "Template"), T(r, "Sections"), T(r, "Scenarios"));
	if (write)
		html_printf(o, "<th scope=\"col\">%s</th>", T(r, "Write"));
	html_raw(o, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		json_t *s = catalog_sections(&t[i]);
		size_t nsec = json_array_size(s);
		json_decref(s);
		html_printf(o, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th><td>%zu</td><td>%lld</td>",
			    tpl_url(r, &cx, t[i].slug), t[i].name, nsec, (long long)uses[i]);
		if (write)
			html_printf(o, "<td><a href=\"%s\">%s</a></td>",
				    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/new?template=%s", t[i].slug)),
				    T(r, "Write a scenario with this template"));
		html_raw(o, "</tr>");
	}
	html_raw(o, "</tbody></table>");
	page_end(r);
}

static bool load_template(http_req *r, const cycle_ctx *cx, store_template *t)
{
	store_rc rc = store_template_get(r->db, r->pool, cx->c.id, r->param[1], t);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "This cycle has no such template."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

/* The template page; form holds the editor's values (name, description,
 * sections text) and p its problems. */
static void template_page(http_req *r, const cycle_ctx *cx, const store_template *t, const store_template *form,
			  const problems *p)
{
	buf *o = &r->out;
	int64_t uses = 0;
	if (store_template_uses(r->db, t->id, &uses) != STORE_OK) {
		cp_fail(r);
		return;
	}
	json_t *sections = catalog_sections(t);
	if (sections)
		arena_defer(r->pool, (void (*)(void *))json_decref, sections);
	cp_begin(r, cx, t->name, "templates");
	html_printf(o, "<p class=\"crumb\"><a href=\"%s\">%s</a></p>", cp_url(r, cx, "/templates"),
		    T(r, "All the templates"));
	html_printf(o, "<h1>%s</h1>", t->name);
	if (t->description && *t->description) {
		html_raw(o, "<div class=\"prose\">");
		html_markdown(o, t->description);
		html_raw(o, "</div>");
	}
	html_printf(o, "<p>%s", arena_printf(r->pool, TN(r, "%lld scenario uses this template.",
							"%lld scenarios use this template.", uses),
					     (long long)uses));
	if (cycle_can_write(cx))
		html_printf(o, " <a href=\"%s\">%s</a>",
			    cp_url(r, cx, arena_printf(r->pool, "/scenarios/new?template=%s", t->slug)),
			    T(r, "Write a scenario with this template"));
	html_raw(o, "</p>");
	html_printf(o, "<section aria-labelledby=\"sec-h\"><h2 id=\"sec-h\">%s</h2>", T(r, "Sections"));
	sections_table(r, sections);
	html_printf(o, "<p class=\"notice\">%s</p></section>",
		    T(r, "Content already written for a removed section is kept and shown as removed."));
	if (may_steer(cx)) {
		html_printf(o, "<section aria-labelledby=\"ed-h\"><h2 id=\"ed-h\">%s</h2>", T(r, "Edit the template"));
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide\" novalidate>",
			    tpl_url(r, cx, t->slug));
		page_csrf_field(r);
		editor_errors(r, p);
		html_printf(o, "<p>%s <code>%s</code></p>", T(r, "Address (it cannot change):"), t->slug);
		cp_input(r, "name", T(r, "Name"), "text", form->name, cp_error(r, p, "name"), true, NULL);
		cp_textarea(r, "description", T(r, "Description"), form->description, cp_error(r, p, "description"), 3,
			    false, T(r, "Markdown is accepted."));
		sections_field(r, form->sections, p);
		html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Save the template"));
		types_reference(r);
	}
	page_end(r);
}

/* GET /c/{slug}/templates/{tpl} */
void page_template(http_req *r)
{
	cycle_ctx cx;
	store_template t;
	if (!cp_open(r, &cx) || !load_template(r, &cx, &t))
		return;
	store_template form = t;
	form.sections = pretty(r, t.sections);
	template_page(r, &cx, &t, &form, NULL);
}

/* POST /c/{slug}/templates/{tpl} */
void page_template_update(http_req *r)
{
	cycle_ctx cx;
	store_template t;
	if (!open_steer(r, &cx) || !load_template(r, &cx, &t))
		return;
	store_template nt = t;
	nt.name = trimmed(r, "name");
	nt.description = http_form(r, "description") ?: "";
	const char *text = http_form(r, "sections") ?: "";
	problems p;
	problems_init(&p, r->pool);
	check_fields(&nt, &p);
	if (!catalog_template_save(r->db, r->pool, &nt, text, false, r->now, &p)) {
		if (!p.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		store_template form = nt;
		form.sections = text;
		template_page(r, &cx, &t, &form, &p);
		return;
	}
	http_redirect(r, tpl_url(r, &cx, t.slug), "template_saved");
}

static void new_page(http_req *r, const cycle_ctx *cx, const store_template *form, const char *builtin,
		     const problems *p)
{
	buf *o = &r->out;
	cp_begin(r, cx, T(r, "New template"), "templates");
	html_printf(o, "<p class=\"crumb\"><a href=\"%s\">%s</a></p>", cp_url(r, cx, "/templates"),
		    T(r, "All the templates"));
	html_printf(o, "<h1>%s</h1>", T(r, "New template"));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide\" novalidate>", cp_url(r, cx, "/templates"));
	page_csrf_field(r);
	editor_errors(r, p);
	cp_input(r, "slug", T(r, "Address"), "text", form->slug, cp_error(r, p, "slug"), false,
		 T(r, "Lower-case letters, digits, - or _; it cannot change later. Left empty with a built-in "
		      "template, the built-in's address is used."));
	cp_input(r, "name", T(r, "Name"), "text", form->name, cp_error(r, p, "name"), false,
		 T(r, "Left empty with a built-in template, the built-in's name is used."));
	cp_textarea(r, "description", T(r, "Description"), form->description, cp_error(r, p, "description"), 3,
		    false, T(r, "Markdown is accepted."));
	const char **opts = arena_zalloc(r->pool, 24 * sizeof *opts);
	size_t k = 0;
	opts[k++] = "";
	opts[k++] = T(r, "none: write the sections below");
	for (size_t i = 0; catalog_builtin_templates[i] && k < 22; i++) {
		json_t *b = catalog_builtin_template(catalog_builtin_templates[i]);
		if (!b)
			continue;
		opts[k++] = catalog_builtin_templates[i];
		opts[k++] = arena_strdup(r->pool, json_string_value(json_object_get(b, "name")) ?: catalog_builtin_templates[i]);
		json_decref(b);
	}
	cp_select(r, "builtin", T(r, "Start from a built-in template"), opts, builtin, cp_error(r, p, "builtin"));
	html_printf(o, "<p class=\"hint\">%s</p>",
		    T(r, "With a built-in template, its sections are copied and the sections below are ignored; "
			 "you can change them afterwards."));
	sections_field(r, form->sections, p);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Create the template"));
	types_reference(r);
	page_end(r);
}

/* GET /c/{slug}/templates/new */
void page_template_new(http_req *r)
{
	cycle_ctx cx;
	if (!open_steer(r, &cx))
		return;
	const char *example = arena_printf(r->pool,
		"[\n  {\n    \"id\": \"recit\",\n    \"type\": \"text\",\n    \"label\": \"%s\",\n"
		"    \"required\": true\n  }\n]", T(r, "The story"));
	store_template form = {.slug = "", .name = "", .description = "", .sections = example};
	new_page(r, &cx, &form, "", NULL);
}

/* POST /c/{slug}/templates */
void page_template_create(http_req *r)
{
	cycle_ctx cx;
	if (!open_steer(r, &cx))
		return;
	store_template t = {.cycle_id = cx.c.id, .slug = trimmed(r, "slug"), .name = trimmed(r, "name"),
			    .description = http_form(r, "description") ?: ""};
	store_template form = t;
	form.sections = http_form(r, "sections") ?: "";
	const char *builtin = http_form(r, "builtin") ?: "";
	const char *text = form.sections;
	problems p;
	problems_init(&p, r->pool);
	if (*builtin) {
		json_t *b = NULL;
		for (size_t i = 0; catalog_builtin_templates[i] && !b; i++)
			if (!strcmp(catalog_builtin_templates[i], builtin))
				b = catalog_builtin_template(builtin);
		if (!b) {
			problems_add(&p, "builtin", N_("Choose a built-in template."));
		} else {
			char *s = json_dumps(json_object_get(b, "sections"), JSON_COMPACT | JSON_PRESERVE_ORDER);
			text = arena_strdup(r->pool, s ? s : "[]");
			free(s);
			if (!*t.slug)
				t.slug = arena_strdup(r->pool, json_string_value(json_object_get(b, "slug")) ?: "");
			if (!*t.name)
				t.name = arena_strdup(r->pool, json_string_value(json_object_get(b, "name")) ?: "");
			if (!*t.description)
				t.description = arena_strdup(r->pool, json_string_value(json_object_get(b, "description")) ?: "");
			json_decref(b);
			form.slug = t.slug;
			form.name = t.name;
		}
	}
	/* /templates/new is the creation form's address. */
	if (!strcmp(t.slug, "new"))
		problems_add(&p, "slug", N_("This address is reserved: choose another one."));
	check_fields(&t, &p);
	if (!catalog_template_save(r->db, r->pool, &t, text, true, r->now, &p)) {
		if (!p.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		new_page(r, &cx, &form, builtin, &p);
		return;
	}
	http_redirect(r, tpl_url(r, &cx, t.slug), "template_created");
}
