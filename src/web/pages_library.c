/* pages_library.c — a cycle's library: the list with its facets and
 * pages, adding and editing a reference (kind, source, date, Markdown
 * summary, tags), one reference with the scenarios that cite it, and the
 * dated observations of signals to watch. The rules live in
 * domain/library.c; this file only reads forms and writes pages. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"
#include "../domain/library.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

/* The filters of the list, read from the query string and checked. */
typedef struct lib_filter {
	const char *kind, *status, *tag, *year;
	int64_t page;
} lib_filter;

static const char *trimmed(http_req *r, const char *name)
{
	return text_trim(r->pool, http_form(r, name) ?: "");
}

static bool year_ok(const char *y)
{
	if (strlen(y) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (y[i] < '0' || y[i] > '9')
			return false;
	return true;
}

static void read_filter(http_req *r, lib_filter *f)
{
	const char *v;
	f->kind = (v = http_query(r, "kind")) && library_kind_ok(v) ? v : "";
	f->status = (v = http_query(r, "status")) && library_status_ok(v) ? v : "";
	f->tag = (v = http_query(r, "tag")) && strchr(v, ':') && strlen(v) < 120 ? v : "";
	f->year = (v = http_query(r, "year")) && year_ok(v) ? v : "";
	int64_t page = 1;
	v = http_query(r, "page");
	f->page = v && text_parse_i64(v, &page) && page >= 1 && page <= 100000 ? page : 1;
}

/* The list's address with the filters of f and that page. */
static const char *list_url(http_req *r, const cycle_ctx *cx, const lib_filter *f, int64_t page)
{
	const char *q = "";
	const char *names[] = {"kind", "status", "tag", "year"};
	const char *values[] = {f->kind, f->status, f->tag, f->year};
	for (int i = 0; i < 4; i++)
		if (values[i] && *values[i])
			q = arena_printf(r->pool, "%s%c%s=%s", q, *q ? '&' : '?', names[i],
					 text_urlencode(r->pool, values[i]));
	if (page > 1)
		q = arena_printf(r->pool, "%s%cpage=%lld", q, *q ? '&' : '?', (long long)page);
	return cp_url(r, cx, arena_printf(r->pool, "/library%s", q));
}

static const char *item_url(http_req *r, const cycle_ctx *cx, const char *uid)
{
	return cp_url(r, cx, arena_printf(r->pool, "/library/%s", uid));
}

/* The label of a tag "taxonomy:code": "Taxonomy name: term label", or the
 * tag itself when the cycle no longer has it. */
static const char *tag_label(http_req *r, const cycle_ctx *cx, const char *tag, const char **tax,
			     const char **code)
{
	const char *colon = strchr(tag, ':');
	*tax = colon ? arena_strndup(r->pool, tag, (size_t)(colon - tag)) : tag;
	*code = colon ? colon + 1 : "";
	store_taxonomy t;
	store_term term;
	if (store_taxonomy_get(r->db, r->pool, cx->c.id, *tax, &t) != STORE_OK ||
	    store_term_get(r->db, r->pool, t.id, *code, &term) != STORE_OK)
		return tag;
	return arena_printf(r->pool, "%s: %s", t.name, term.label);
}

/* One facet link; the current one is marked. */
static void facet_link(http_req *r, const char *href, const char *label, int64_t n, bool current)
{
	const char *text = n >= 0 ? arena_printf(r->pool, "%s (%lld)", label, (long long)n) : label;
	if (current)
		html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"true\">%s</a></li>", href, text);
	else
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", href, text);
}

static void pager(http_req *r, const cycle_ctx *cx, const lib_filter *f, int64_t total)
{
	int64_t pages = (total + PER_PAGE - 1) / PER_PAGE;
	if (pages <= 1)
		return;
	buf *o = &r->out;
	html_printf(o, "<nav aria-label=\"%s\"><ul class=\"pager\">", T(r, "Pages"));
	if (f->page > 1)
		html_printf(o, "<li><a rel=\"prev\" href=\"%s\">%s</a></li>", list_url(r, cx, f, f->page - 1),
			    T(r, "Previous page"));
	html_printf(o, "<li>%s</li>", arena_printf(r->pool, T(r, "Page %lld of %lld"), (long long)f->page,
						  (long long)pages));
	if (f->page < pages)
		html_printf(o, "<li><a rel=\"next\" href=\"%s\">%s</a></li>", list_url(r, cx, f, f->page + 1),
			    T(r, "Next page"));
	html_raw(o, "</ul></nav>");
}

/* value/label pairs of the kinds, with a first empty choice when blank is
 * given. */
static const char *const *kind_options(http_req *r, const char *blank)
{
	const char **o = arena_alloc(r->pool, 20 * sizeof *o);
	size_t k = 0;
	if (blank) {
		o[k++] = "";
		o[k++] = blank;
	}
	for (size_t i = 0; library_kinds[i]; i++) {
		o[k++] = library_kinds[i];
		o[k++] = cp_kind_label(r, library_kinds[i]);
	}
	o[k] = NULL;
	return o;
}

static const char *const *status_options(http_req *r, const char *blank)
{
	const char **o = arena_alloc(r->pool, 12 * sizeof *o);
	size_t k = 0;
	o[k++] = "";
	o[k++] = blank;
	for (size_t i = 0; library_statuses[i]; i++) {
		o[k++] = library_statuses[i];
		o[k++] = cp_signal_label(r, library_statuses[i]);
	}
	o[k] = NULL;
	return o;
}

/* GET /c/{slug}/library */
void page_library(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	buf *o = &r->out;
	lib_filter f;
	read_filter(r, &f);
	store_item_filter sf = {.kind = f.kind, .status = f.status, .tag = f.tag, .year = f.year,
				.offset = (f.page - 1) * PER_PAGE, .limit = PER_PAGE};
	store_item *items;
	size_t n;
	int64_t total = 0;
	store_count *kinds, *statuses;
	size_t nkinds, nstatuses;
	if (store_item_list(r->db, r->pool, cx.c.id, &sf, &items, &n, &total) != STORE_OK ||
	    store_item_facet(r->db, r->pool, cx.c.id, "kind", &kinds, &nkinds) != STORE_OK ||
	    store_item_facet(r->db, r->pool, cx.c.id, "status", &statuses, &nstatuses) != STORE_OK) {
		cp_fail(r);
		return;
	}
	cp_begin(r, &cx, T(r, "Library"), "library");
	html_printf(o, "<h1>%s</h1>", T(r, "Library"));
	html_printf(o, "<p class=\"lead\">%s</p>",
		    T(r, "Early signs, signals to watch, references, inspirations, counter-models and actor "
			 "questions gathered by the participants."));
	if (cycle_can_write(&cx))
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>", cp_url(r, &cx, "/library/new"),
			    T(r, "Add to the library"));

	/* Facets: every link keeps the other filters and goes back to page 1. */
	html_printf(o, "<section aria-labelledby=\"facets-h\" class=\"facets\"><h2 id=\"facets-h\">%s</h2>",
		    T(r, "Filter"));
	int64_t all = 0;
	for (size_t i = 0; i < nkinds; i++)
		all += kinds[i].n;
	lib_filter g = f;
	g.page = 1;
	html_printf(o, "<h3 id=\"fk-h\">%s</h3><ul class=\"facet\" aria-labelledby=\"fk-h\">", T(r, "Kind"));
	g.kind = "";
	facet_link(r, list_url(r, &cx, &g, 1), T(r, "all kinds"), all, !*f.kind);
	for (size_t i = 0; i < nkinds; i++) {
		g.kind = kinds[i].key;
		facet_link(r, list_url(r, &cx, &g, 1), cp_kind_label(r, kinds[i].key), kinds[i].n,
			   !strcmp(f.kind, kinds[i].key));
	}
	html_raw(o, "</ul>");
	g.kind = f.kind;
	if (nstatuses) {
		html_printf(o, "<h3 id=\"fs-h\">%s</h3><ul class=\"facet\" aria-labelledby=\"fs-h\">",
			    T(r, "Signals to watch"));
		g.status = "";
		facet_link(r, list_url(r, &cx, &g, 1), T(r, "any status"), -1, !*f.status);
		for (size_t i = 0; i < nstatuses; i++) {
			g.status = statuses[i].key;
			facet_link(r, list_url(r, &cx, &g, 1), cp_signal_label(r, statuses[i].key), statuses[i].n,
				   !strcmp(f.status, statuses[i].key));
		}
		html_raw(o, "</ul>");
		g.status = f.status;
	}
	/* The other filters by a form, which also carries the year. */
	html_printf(o, "<form method=\"get\" action=\"%s\" class=\"filters\">", cp_url(r, &cx, "/library"));
	cp_select(r, "kind", T(r, "Kind"), kind_options(r, T(r, "all kinds")), f.kind, NULL);
	cp_select(r, "status", T(r, "Status of the signal"), status_options(r, T(r, "any status")), f.status, NULL);
	cp_input(r, "year", T(r, "Year"), "text", f.year, NULL, false, NULL);
	if (*f.tag)
		html_printf(o, "<input type=\"hidden\" name=\"tag\" value=\"%s\">", f.tag);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Filter"));
	if (*f.tag || *f.year) {
		html_printf(o, "<p>%s</p><ul class=\"facet\">", T(r, "Also filtered by:"));
		if (*f.tag) {
			const char *tax, *code;
			g.tag = "";
			html_printf(o, "<li>%s — <a href=\"%s\">%s</a></li>",
				    arena_printf(r->pool, T(r, "tag %s"), tag_label(r, &cx, f.tag, &tax, &code)),
				    list_url(r, &cx, &g, 1), T(r, "remove this filter"));
			g.tag = f.tag;
		}
		if (*f.year) {
			g.year = "";
			html_printf(o, "<li>%s — <a href=\"%s\">%s</a></li>",
				    arena_printf(r->pool, T(r, "year %s"), f.year), list_url(r, &cx, &g, 1),
				    T(r, "remove this filter"));
		}
		html_raw(o, "</ul>");
	}
	html_raw(o, "</section>");

	html_printf(o, "<section aria-labelledby=\"items-h\"><h2 id=\"items-h\">%s</h2>",
		    arena_printf(r->pool, TN(r, "%lld reference", "%lld references", total), (long long)total));
	if (!n)
		html_printf(o, "<p>%s</p>", total ? T(r, "There is nothing on this page.")
						 : T(r, "No reference matches these filters yet."));
	if (n)
		html_raw(o, "<ul class=\"items\">");
	for (size_t i = 0; i < n; i++) {
		store_item *it = &items[i];
		html_printf(o, "<li><h3><a href=\"%s\">%s</a></h3><p class=\"meta\"><span class=\"tag\">%s</span>",
			    item_url(r, &cx, it->uid), it->title, cp_kind_label(r, it->kind));
		if (it->status && *it->status)
			html_printf(o, " · %s", cp_signal_label(r, it->status));
		if (it->date && *it->date) {
			/* The date leads to the references of its year; the
			 * accessible name starts with the visible text. */
			const char *year = arena_strndup(r->pool, it->date, 4);
			html_printf(o, " · <a href=\"%s\" aria-label=\"%s\">%s</a>",
				    list_url(r, &cx, &(lib_filter){.kind = f.kind, .year = year}, 1),
				    arena_printf(r->pool, T(r, "%s: the references of %s"), it->date, year), it->date);
		}
		if (it->source && *it->source)
			html_printf(o, " · %s", it->source);
		html_raw(o, "</p></li>");
	}
	if (n)
		html_raw(o, "</ul>");
	pager(r, &cx, &f, total);
	html_raw(o, "</section>");
	page_end(r);
}

/* ---- the form of a reference ---- */

/* Whether the JSON array tags holds the string tag. */
static bool has_tag(const json_t *tags, const char *tag)
{
	size_t i;
	json_t *v;
	json_array_foreach(tags, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), tag))
			return true;
	return false;
}

/* The cycle's taxonomies with their terms, for the tag checkboxes. */
typedef struct tag_choices {
	store_taxonomy *tax;
	size_t ntax;
	store_term **terms;
	size_t *nterms;
} tag_choices;

static bool load_choices(http_req *r, const cycle_ctx *cx, tag_choices *c)
{
	if (store_taxonomy_list(r->db, r->pool, cx->c.id, &c->tax, &c->ntax) != STORE_OK)
		return false;
	c->terms = arena_zalloc(r->pool, (c->ntax + 1) * sizeof *c->terms);
	c->nterms = arena_zalloc(r->pool, (c->ntax + 1) * sizeof *c->nterms);
	for (size_t i = 0; i < c->ntax; i++)
		if (store_term_list(r->db, r->pool, c->tax[i].id, &c->terms[i], &c->nterms[i]) != STORE_OK)
			return false;
	return true;
}

/* Checkboxes of every term of the cycle's taxonomies, one fieldset each. */
static void tag_fields(http_req *r, const tag_choices *c, const char *tags_json, const char *error)
{
	buf *o = &r->out;
	json_t *tags = json_loads(tags_json ? tags_json : "[]", 0, NULL);
	if (!json_is_array(tags)) {
		json_decref(tags);
		tags = json_array();
	}
	arena_defer(r->pool, (void (*)(void *))json_decref, tags);
	html_printf(o, "<fieldset id=\"tags\" class=\"tags%s\"", error ? " invalid" : "");
	if (error)
		html_raw(o, " aria-describedby=\"tags-error\"");
	html_printf(o, "><legend>%s</legend>", T(r, "Tags"));
	if (error)
		html_printf(o, "<p class=\"field-error\" id=\"tags-error\">%s</p>", error);
	if (!c->ntax)
		html_printf(o, "<p class=\"hint\">%s</p>", T(r, "This cycle has no taxonomy yet."));
	for (size_t i = 0; i < c->ntax; i++) {
		if (!c->nterms[i])
			continue;
		html_printf(o, "<fieldset><legend>%s</legend><div class=\"checks\">", c->tax[i].name);
		for (size_t j = 0; j < c->nterms[i]; j++) {
			const store_term *t = &c->terms[i][j];
			const char *value = arena_printf(r->pool, "%s:%s", c->tax[i].slug, t->code);
			html_printf(o, "<div class=\"field check\"><input type=\"checkbox\" id=\"tag-%zu-%zu\" "
				       "name=\"tags\" value=\"%s\"%s><label for=\"tag-%zu-%zu\">%s — %s</label></div>",
				    i, j, value, has_tag(tags, value) ? " checked" : "", i, j, t->code, t->label);
		}
		html_raw(o, "</div></fieldset>");
	}
	html_raw(o, "</fieldset>");
}

/* The status select of the form, with its hint (cp_select has none). */
static void status_select(http_req *r, const char *selected, const char *error, const char *hint)
{
	buf *o = &r->out;
	const char *const *opts = status_options(r, T(r, "none"));
	if (error)
		html_raw(o, "<div class=\"field invalid\">");
	else
		html_raw(o, "<div class=\"field\">");
	html_printf(o, "<label for=\"status\">%s</label><p class=\"hint\" id=\"status-hint\">%s</p>",
		    T(r, "Status of the signal"), hint);
	if (error)
		html_printf(o, "<p class=\"field-error\" id=\"status-error\">%s</p><select id=\"status\" name=\"status\" "
			       "aria-invalid=\"true\" aria-describedby=\"status-error status-hint\">", error);
	else
		html_raw(o, "<select id=\"status\" name=\"status\" aria-describedby=\"status-hint\">");
	for (size_t i = 0; opts[i]; i += 2) {
		html_printf(o, "<option value=\"%s\"", opts[i]);
		if (selected && !strcmp(selected, opts[i]))
			html_raw(o, " selected");
		html_printf(o, ">%s</option>", opts[i + 1]);
	}
	html_raw(o, "</select></div>");
}

static void item_form_page(http_req *r, const cycle_ctx *cx, const store_item *it, const problems *p,
			   bool create)
{
	buf *o = &r->out;
	const char *title = create ? T(r, "Add to the library") : T(r, "Edit the reference");
	tag_choices choices;
	if (!load_choices(r, cx, &choices)) {
		cp_fail(r);
		return;
	}
	cp_begin(r, cx, title, "library");
	html_printf(o, "<h1>%s</h1>", title);
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide\" novalidate>",
		    create ? cp_url(r, cx, "/library") : item_url(r, cx, it->uid));
	page_csrf_field(r);
	cp_errors(r, p);
	cp_select(r, "kind", T(r, "Kind"), kind_options(r, create ? T(r, "Choose a kind") : NULL), it->kind,
		  cp_error(r, p, "kind"));
	cp_input(r, "title", T(r, "Title"), "text", it->title, cp_error(r, p, "title"), true, NULL);
	cp_input(r, "source", T(r, "Source"), "text", it->source, cp_error(r, p, "source"), false,
		 T(r, "Who published or said it: a newspaper, a company, a person..."));
	cp_input(r, "url", T(r, "Web address"), "url", it->url, cp_error(r, p, "url"), false, NULL);
	cp_input(r, "date", T(r, "Date"), "text", it->date, cp_error(r, p, "date"), false,
		 T(r, "YYYY, YYYY-MM or YYYY-MM-DD."));
	cp_textarea(r, "summary", T(r, "Summary"), it->summary, cp_error(r, p, "summary"), 8, false,
		    T(r, "Markdown is accepted."));
	tag_fields(r, &choices, it->tags, cp_error(r, p, "tags"));
	status_select(r, it->status, cp_error(r, p, "status"),
		      T(r, "Only for a signal to watch; a new signal starts as \"to watch\"."));
	html_printf(o, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>", T(r, "Actor question"),
		    T(r, "Only for an actor question: who asks it, and what kind of problem it raises."));
	cp_input(r, "speaker_type", T(r, "Speaker type"), "text", it->speaker_type,
		 cp_error(r, p, "speaker_type"), false, NULL);
	cp_input(r, "problem_category", T(r, "Problem category"), "text", it->problem_category,
		 cp_error(r, p, "problem_category"), false, NULL);
	html_raw(o, "</fieldset>");
	html_printf(o, "<p><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></p></form>",
		    create ? T(r, "Add the reference") : T(r, "Save"),
		    create ? cp_url(r, cx, "/library") : item_url(r, cx, it->uid), T(r, "Cancel"));
	page_end(r);
}

/* Reads the form into it (keeping its id, uid and creator). */
static void read_item_form(http_req *r, store_item *it)
{
	it->kind = http_form(r, "kind") ?: "";
	it->title = trimmed(r, "title");
	it->source = trimmed(r, "source");
	it->url = trimmed(r, "url");
	it->date = trimmed(r, "date");
	it->summary = http_form(r, "summary") ?: "";
	it->status = http_form(r, "status") ?: "";
	it->speaker_type = trimmed(r, "speaker_type");
	it->problem_category = trimmed(r, "problem_category");
	json_t *tags = json_array();
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, "tags") && r->fields[i].value[0])
			json_array_append_new(tags, json_string(r->fields[i].value));
	char *s = json_dumps(tags, JSON_COMPACT);
	it->tags = arena_strdup(r->pool, s ? s : "[]");
	free(s);
	json_decref(tags);
	if (!strcmp(it->kind, "signal") && !*it->status)
		it->status = "a_surveiller";
}

/* Checks the item; problems come back in the order of the form. */
static void check_item(http_req *r, const store_item *it, problems *p)
{
	problems all;
	problems_init(&all, r->pool);
	library_check(r->db, it, &all);
	if (*it->status && strcmp(it->kind, "signal") && library_kind_ok(it->kind))
		problems_add(&all, "status", N_("Only a signal to watch has a status: choose \"none\"."));
	static const char *const order[] = {"kind", "title", "source", "url", "date", "summary", "tags",
					    "status", "speaker_type", "problem_category", NULL};
	for (size_t f = 0; order[f]; f++)
		for (size_t i = 0; i < all.n; i++)
			if (!strcmp(all.v[i].field, order[f]))
				problems_add(p, all.v[i].field, all.v[i].msgid);
	for (size_t i = 0; i < all.n; i++) {
		bool known = false;
		for (size_t f = 0; order[f] && !known; f++)
			known = !strcmp(all.v[i].field, order[f]);
		if (!known)
			problems_add(p, all.v[i].field, all.v[i].msgid);
	}
}

/* Saves it (checked first); false when the page has been answered. */
static bool save_item(http_req *r, const cycle_ctx *cx, store_item *it, bool create)
{
	problems p;
	problems_init(&p, r->pool);
	check_item(r, it, &p);
	if (!p.n && !library_save(r->db, r->pool, it, r->now, &p) && !p.n) {
		cp_fail(r);
		return false;
	}
	if (p.n) {
		r->status = 422;
		item_form_page(r, cx, it, &p, create);
		return false;
	}
	return true;
}

/* GET /c/{slug}/library/new */
void page_library_new(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_write(r, &cx))
		return;
	store_item it = {.kind = "", .title = "", .tags = "[]", .status = ""};
	const char *kind = http_query(r, "kind");
	if (kind && library_kind_ok(kind))
		it.kind = kind;
	item_form_page(r, &cx, &it, NULL, true);
}

/* POST /c/{slug}/library */
void page_library_create(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_write(r, &cx))
		return;
	store_item it = {.cycle_id = cx.c.id, .created_by = r->user->id};
	read_item_form(r, &it);
	if (!save_item(r, &cx, &it, true))
		return;
	http_redirect(r, item_url(r, &cx, it.uid), "item_created");
}

/* ---- one reference ---- */

/* Loads the item of r->param[1]; answers 404 or 500 and returns false. */
static bool load_item(http_req *r, const cycle_ctx *cx, store_item *it)
{
	store_rc rc = store_item_get(r->db, r->pool, cx->c.id, r->param[1], it);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such reference in this cycle's library."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

/* The creator and the facilitators may change or delete a reference. */
static bool can_edit(const cycle_ctx *cx, const store_item *it)
{
	return cycle_can_write(cx) &&
	       (cycle_can_facilitate(cx) || (cx->user && it->created_by && it->created_by == cx->user->id));
}

static bool open_editable(http_req *r, cycle_ctx *cx, store_item *it)
{
	if (!cp_open_write(r, cx) || !load_item(r, cx, it))
		return false;
	if (!can_edit(cx, it)) {
		http_fail(r, 403, T(r, "Only the person who added this reference and the facilitators can change it."));
		return false;
	}
	return true;
}

/* What the observation form of a signal holds. */
typedef struct obs_form {
	const char *date, *status, *note;
	const problems *p;
} obs_form;

static void item_page(http_req *r, const cycle_ctx *cx, const store_item *it, const obs_form *of)
{
	buf *o = &r->out;
	bool signal = !strcmp(it->kind, "signal");
	store_observation *obs = NULL;
	size_t nobs = 0;
	store_scenario *sc;
	size_t nsc;
	if ((signal && store_observation_list(r->db, r->pool, it->id, &obs, &nobs) != STORE_OK) ||
	    store_scenario_list(r->db, r->pool, cx->c.id, NULL, &sc, &nsc) != STORE_OK) {
		cp_fail(r);
		return;
	}
	json_t *tags = json_loads(it->tags ? it->tags : "[]", 0, NULL);
	if (tags)
		arena_defer(r->pool, (void (*)(void *))json_decref, tags);
	cp_begin(r, cx, it->title, "library");
	html_printf(o, "<p class=\"crumb\"><a href=\"%s\">%s</a></p>", cp_url(r, cx, "/library"),
		    T(r, "Back to the library"));
	html_printf(o, "<h1>%s</h1><dl class=\"meta\">", it->title);
	html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Kind"), cp_kind_label(r, it->kind));
	if (signal && it->status && *it->status)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Status of the signal"), cp_signal_label(r, it->status));
	if (it->date && *it->date)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Date"), it->date);
	if (it->source && *it->source)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Source"), it->source);
	if (it->url && *it->url) {
		if (!strncmp(it->url, "https://", 8) || !strncmp(it->url, "http://", 7))
			html_printf(o, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></dd>",
				    T(r, "Web address"), it->url, it->url);
		else
			html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Web address"), it->url);
	}
	if (it->speaker_type && *it->speaker_type)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Speaker type"), it->speaker_type);
	if (it->problem_category && *it->problem_category)
		html_printf(o, "<dt>%s</dt><dd>%s</dd>", T(r, "Problem category"), it->problem_category);
	html_printf(o, "<dt>%s</dt><dd>%s</dd></dl>", T(r, "Added on"), page_time(r, it->created_at));
	if (it->summary && *it->summary) {
		html_printf(o, "<section aria-labelledby=\"sum-h\"><h2 id=\"sum-h\">%s</h2><div class=\"prose\">",
			    T(r, "Summary"));
		html_markdown(o, it->summary);
		html_raw(o, "</div></section>");
	}
	if (json_array_size(tags)) {
		html_printf(o, "<section aria-labelledby=\"tags-h\"><h2 id=\"tags-h\">%s</h2><ul class=\"facet\">",
			    T(r, "Tags"));
		size_t i;
		json_t *v;
		json_array_foreach(tags, i, v) {
			const char *tag = json_string_value(v), *tax, *code;
			if (!tag)
				continue;
			const char *label = tag_label(r, cx, tag, &tax, &code);
			html_printf(o, "<li><a href=\"%s\">%s</a></li>",
				    cp_url(r, cx, arena_printf(r->pool, "/taxonomies/%s?term=%s", text_urlencode(r->pool, tax),
							       text_urlencode(r->pool, code))),
				    label);
		}
		html_raw(o, "</ul></section>");
	}
	if (signal) {
		html_printf(o, "<section aria-labelledby=\"obs-h\"><h2 id=\"obs-h\">%s</h2>", T(r, "Observations"));
		if (!nobs)
			html_printf(o, "<p>%s</p>", T(r, "Nothing has been observed yet."));
		else
			html_raw(o, "<ol class=\"observations\">");
		for (size_t i = 0; i < nobs; i++) {
			html_printf(o, "<li><time datetime=\"%s\">%s</time>", obs[i].observed_on, obs[i].observed_on);
			if (obs[i].status && *obs[i].status)
				html_printf(o, " — <strong>%s</strong>", cp_signal_label(r, obs[i].status));
			html_printf(o, " — %s</li>", obs[i].note);
		}
		if (nobs)
			html_raw(o, "</ol>");
		if (cycle_can_write(cx)) {
			html_printf(o, "<h3>%s</h3><form method=\"post\" action=\"%s\" class=\"stack\" novalidate>",
				    T(r, "Record an observation"),
				    item_url(r, cx, arena_printf(r->pool, "%s/observations", it->uid)));
			page_csrf_field(r);
			cp_errors(r, of->p);
			cp_input(r, "observed_on", T(r, "Observed on"), "date", of->date,
				 cp_error(r, of->p, "observed_on"), true, NULL);
			cp_select(r, "status", T(r, "New status of the signal"),
				  status_options(r, T(r, "unchanged")), of->status, cp_error(r, of->p, "status"));
			cp_textarea(r, "note", T(r, "What was observed"), of->note, cp_error(r, of->p, "note"), 3,
				    true, NULL);
			html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Record"));
		}
		html_raw(o, "</section>");
	}
	/* The scenarios citing the item: its uid as a JSON string inside
	 * their content (refs sections hold uids). */
	const char *needle = arena_printf(r->pool, "\"%s\"", it->uid);
	html_printf(o, "<section aria-labelledby=\"cit-h\"><h2 id=\"cit-h\">%s</h2>", T(r, "Cited by"));
	size_t cited = 0;
	for (size_t i = 0; i < nsc; i++) {
		if (!sc[i].sections || !strstr(sc[i].sections, needle))
			continue;
		if (!cited++)
			html_raw(o, "<ul>");
		html_printf(o, "<li><a href=\"%s\">%s</a> <span class=\"hint\">(%s)</span></li>",
			    cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s", sc[i].uid)), sc[i].title,
			    cp_status_label(r, sc[i].status));
	}
	if (cited)
		html_raw(o, "</ul>");
	else
		html_printf(o, "<p>%s</p>", T(r, "No scenario cites this reference yet."));
	html_raw(o, "</section>");
	if (can_edit(cx, it)) {
		html_printf(o, "<section aria-labelledby=\"ed-h\"><h2 id=\"ed-h\">%s</h2>", T(r, "Change"));
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>",
			    item_url(r, cx, arena_printf(r->pool, "%s/edit", it->uid)), T(r, "Edit the reference"));
		html_printf(o, "<form method=\"post\" action=\"%s\">",
			    item_url(r, cx, arena_printf(r->pool, "%s/delete", it->uid)));
		page_csrf_field(r);
		html_printf(o, "<p class=\"hint\">%s</p><button type=\"submit\" class=\"danger\">%s</button></form></section>",
			    T(r, "Deleting a reference cannot be undone; scenarios citing it keep its identifier."),
			    T(r, "Delete the reference"));
	}
	page_end(r);
}

/* GET /c/{slug}/library/{uid} */
void page_library_item(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!cp_open(r, &cx) || !load_item(r, &cx, &it))
		return;
	obs_form of = {.date = cp_today(r), .status = "", .note = ""};
	item_page(r, &cx, &it, &of);
}

/* GET /c/{slug}/library/{uid}/edit */
void page_library_edit(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!open_editable(r, &cx, &it))
		return;
	item_form_page(r, &cx, &it, NULL, false);
}

/* POST /c/{slug}/library/{uid} */
void page_library_update(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!open_editable(r, &cx, &it))
		return;
	read_item_form(r, &it);
	if (!save_item(r, &cx, &it, false))
		return;
	http_redirect(r, item_url(r, &cx, it.uid), "item_saved");
}

/* POST /c/{slug}/library/{uid}/delete */
void page_library_delete(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!open_editable(r, &cx, &it))
		return;
	int64_t citing;
	int rc = library_delete(r->db, &it, &citing);
	if (rc == 1) {
		http_fail(r, 409, arena_printf(r->pool, TN(r, "%lld scenario cites this item: remove the reference first.",
							  "%lld scenarios cite this item: remove the references first.", citing),
					       (long long)citing));
		return;
	}
	if (rc) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, "/library"), "item_deleted");
}

/* POST /c/{slug}/library/{uid}/observations */
void page_library_observe(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!cp_open_write(r, &cx) || !load_item(r, &cx, &it))
		return;
	if (strcmp(it.kind, "signal")) {
		http_fail(r, 422, T(r, "Only a signal to watch has observations."));
		return;
	}
	obs_form of = {.date = trimmed(r, "observed_on"), .status = http_form(r, "status") ?: "",
		       .note = trimmed(r, "note")};
	problems p;
	problems_init(&p, r->pool);
	store_item before = it;
	if (!library_observe(r->db, r->pool, &it, of.date, of.status, of.note, r->user->id, r->now, &p)) {
		if (!p.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		of.p = &p;
		item_page(r, &cx, &before, &of);
		return;
	}
	http_redirect(r, item_url(r, &cx, it.uid), "observation_added");
}
