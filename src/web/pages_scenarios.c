/* pages_scenarios.c — scenarios of a cycle: the list with its openings,
 * writing one in a template, reading, editing with validation, the status
 * workflow, forks ("raconter la suite"), history, diff, restore, print. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "scenario_form.h"
#include "../core/assets.h"
#include "../core/text.h"
#include "../domain/catalog.h"
#include "../domain/scenario.h"

#include <stdlib.h>
#include <string.h>

static void decref(void *p) { json_decref(p); }

/* Parses JSON text into a value freed with the request. */
static json_t *req_json(http_req *r, const char *text)
{
	json_t *j = json_loads(text ? text : "{}", 0, NULL);
	if (!j)
		j = json_object();
	arena_defer(r->pool, decref, j);
	return j;
}

static void facet_link(http_req *r, const char *href, bool current, const char *label)
{
	if (current)
		html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
	else
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", href, label);
}

/* GET /c/{slug}/scenarios */
void page_scenarios(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	buf *o = &r->out;
	const char *status = http_query(r, "status");
	const char *tpl = http_query(r, "template");
	store_scenario_filter f = {.status = status, .template_slug = tpl};
	store_scenario *sc, *op;
	size_t n, nop;
	store_count *facet;
	size_t nfacet;
	store_template *tp;
	size_t ntp;
	store_scenario_filter fo = {.openings = 1};
	if (store_scenario_list(r->db, r->pool, cx.c.id, &f, &sc, &n) != STORE_OK ||
	    store_scenario_list(r->db, r->pool, cx.c.id, &fo, &op, &nop) != STORE_OK ||
	    store_scenario_facet(r->db, r->pool, cx.c.id, &facet, &nfacet) != STORE_OK ||
	    store_template_list(r->db, r->pool, cx.c.id, &tp, &ntp) != STORE_OK) {
		cp_fail(r);
		return;
	}
	cp_begin(r, &cx, T(r, "Scenarios"), "scenarios");
	html_printf(o, "<h1>%s</h1>", T(r, "Scenarios"));
	if (cycle_can_write(&cx))
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>", cp_url(r, &cx, "/scenarios/new"),
			    T(r, "Write a scenario"));
	if (nop && !status && !tpl) {
		html_printf(o, "<section aria-labelledby=\"op-h\"><h2 id=\"op-h\">%s</h2><p>%s</p><ul class=\"cards\">",
			    T(r, "Openings to continue"),
			    T(r, "Stories left open for others: pick one and tell what happens next."));
		for (size_t i = 0; i < nop; i++) {
			html_printf(o, "<li><h3><a href=\"%s\">%s</a></h3><p>%s</p>",
				    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", op[i].uid)), op[i].title,
				    op[i].summary);
			if (cycle_can_write(&cx)) {
				html_printf(o, "<form method=\"post\" action=\"%s\">",
					    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/fork", op[i].uid)));
				page_csrf_field(r);
				html_printf(o, "<button type=\"submit\" aria-label=\"%s\">%s</button></form>",
					    arena_printf(r->pool, T(r, "Continue the story: %s"), op[i].title),
					    T(r, "Continue the story"));
			}
			html_raw(o, "</li>");
		}
		html_raw(o, "</ul></section>");
	}
	html_printf(o, "<nav aria-label=\"%s\" class=\"facets\"><ul>", T(r, "Filter by status"));
	facet_link(r, cp_url(r, &cx, "/scenarios"), !status, T(r, "all"));
	for (size_t i = 0; i < nfacet; i++)
		facet_link(r, cp_url(r, &cx, arena_printf(r->pool, "/scenarios?status=%s", facet[i].key)),
			   status && !strcmp(status, facet[i].key),
			   arena_printf(r->pool, "%s (%lld)", cp_status_label(r, facet[i].key), (long long)facet[i].n));
	html_raw(o, "</ul></nav>");
	html_printf(o, "<h2>%s</h2>", arena_printf(r->pool, TN(r, "%zu scenario", "%zu scenarios", n), n));
	html_raw(o, "<ul class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		const char *tname = sc[i].template_slug;
		for (size_t k = 0; k < ntp; k++)
			if (tp[k].id == sc[i].template_id)
				tname = tp[k].name;
		html_printf(o, "<li><h3><a href=\"%s\">%s</a></h3>",
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc[i].uid)), sc[i].title);
		if (sc[i].summary[0])
			html_printf(o, "<p>%s</p>", sc[i].summary);
		html_printf(o, "<p class=\"hint\"><span class=\"status status-%s\">%s</span> · %s%s</p></li>", sc[i].status,
			    cp_status_label(r, sc[i].status), tname,
			    sc[i].parent_uid ? arena_printf(r->pool, " · %s", T(r, "continuation")) : "");
	}
	html_raw(o, "</ul>");
	page_end(r);
}

/* Loads the scenario of r->param[1] in cx's cycle; answers 404 when none. */
static bool load_scenario(http_req *r, const cycle_ctx *cx, store_scenario *sc)
{
	store_rc rc = store_scenario_get(r->db, r->pool, cx->c.id, r->param[1], sc);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such scenario in this cycle."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

static bool is_author(http_req *r, const store_scenario *sc)
{
	bool yes = false;
	if (r->user)
		store_author_is(r->db, sc->id, r->user->id, &yes);
	return yes;
}

/* The editor page, for a new scenario (sc->id 0) or an existing one. */
static void editor_page(http_req *r, const cycle_ctx *cx, const store_scenario *sc,
			const store_template *t, const json_t *content, const char *title,
			const char *summary, bool opening, const problems *p, const char *add)
{
	buf *o = &r->out;
	json_t *defs = req_json(r, t->sections);
	const char *heading = sc->id ? arena_printf(r->pool, T(r, "Edit: %s"), sc->title)
				     : arena_printf(r->pool, T(r, "New scenario: %s"), t->name);
	cp_begin(r, cx, heading, "scenarios");
	html_printf(o, "<h1>%s</h1>", heading);
	if (t->description[0])
		html_printf(o, "<p class=\"lead\">%s</p>", t->description);
	const char *action = sc->id ? cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s", sc->uid))
				    : cp_url(r, cx, "/scenarios");
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide editor\" novalidate>", action);
	page_csrf_field(r);
	if (!sc->id)
		html_printf(o, "<input type=\"hidden\" name=\"template\" value=\"%s\">", t->slug);
	cp_errors(r, p);
	cp_input(r, "title", arena_printf(r->pool, "%s (%s)", T(r, "Title"), T(r, "required")), "text", title,
		 cp_error(r, p, "title"), false, NULL);
	cp_textarea(r, "summary", T(r, "Summary"), summary, cp_error(r, p, "summary"), 3, false,
		    T(r, "Two or three sentences: what the scenario tells."));
	sf_fields(r, cx, defs, content, p, add);
	if (cycle_can_facilitate(cx) || !sc->id)
		html_printf(o, "<div class=\"field check\"><input type=\"checkbox\" id=\"opening\" name=\"opening\" value=\"1\"%s>"
			       "<label for=\"opening\">%s</label></div>",
			    opening ? " checked" : "", T(r, "This is an opening others may continue"));
	if (sc->id)
		cp_input(r, "note", T(r, "What changed (optional)"), "text", http_form(r, "note") ?: "", NULL, false,
			 T(r, "Shown in the history."));
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form>", T(r, "Save"));
	const asset *js = assets_get("editor.js");
	html_printf(o, "<script src=\"/static/editor.js?v=%s\" defer></script>",
		    js ? arena_strndup(r->pool, js->etag + 1, 8) : "0");
	page_end(r);
}

static void choose_template_page(http_req *r, const cycle_ctx *cx)
{
	buf *o = &r->out;
	store_template *tp;
	size_t n;
	if (store_template_list(r->db, r->pool, cx->c.id, &tp, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	cp_begin(r, cx, T(r, "Write a scenario"), "scenarios");
	html_printf(o, "<h1>%s</h1><p>%s</p><ul class=\"cards\">", T(r, "Write a scenario"),
		    T(r, "Choose the template to write in."));
	for (size_t i = 0; i < n; i++)
		html_printf(o, "<li><h2><a href=\"%s\">%s</a></h2><p>%s</p></li>",
			    cp_url(r, cx, arena_printf(r->pool, "/scenarios/new?template=%s", tp[i].slug)), tp[i].name,
			    tp[i].description);
	html_raw(o, "</ul>");
	if (!n)
		html_printf(o, "<p>%s</p>", T(r, "This cycle has no template yet."));
	page_end(r);
}

/* GET /c/{slug}/scenarios/new */
void page_scenario_new(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_write(r, &cx))
		return;
	const char *slug = http_query(r, "template");
	store_template t;
	if (!slug || store_template_get(r->db, r->pool, cx.c.id, slug, &t) != STORE_OK) {
		choose_template_page(r, &cx);
		return;
	}
	store_scenario sc = {0};
	editor_page(r, &cx, &sc, &t, NULL, "", "", false, NULL, NULL);
}

/* Reads the editor's form and saves, or re-renders with the problems (or
 * with one more slot when an "add" button was pressed). */
static void save_from_form(http_req *r, cycle_ctx *cx, store_scenario *sc, const store_template *t)
{
	json_t *defs = req_json(r, t->sections);
	json_t *content = sf_parse(r, defs);
	arena_defer(r->pool, decref, content);
	const char *title = text_trim(r->pool, http_form(r, "title") ?: "");
	const char *summary = text_trim(r->pool, http_form(r, "summary") ?: "");
	bool opening = http_form(r, "opening") != NULL;
	if (sc->id && !cycle_can_facilitate(cx))
		opening = sc->opening;
	const char *add = http_form(r, "add");
	if (add) {
		editor_page(r, cx, sc, t, content, title, summary, opening, NULL, add);
		return;
	}
	problems p;
	problems_init(&p, r->pool);
	scenario_input in = {.title = title, .summary = summary, .opening = opening, .sections = content,
			     .note = text_trim(r->pool, http_form(r, "note") ?: "")};
	if (!scenario_save(r->db, r->pool, sc, &in, r->user->id, r->now, &p)) {
		if (!p.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		editor_page(r, cx, sc, t, content, title, summary, opening, &p, NULL);
		return;
	}
	http_redirect(r, cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s", sc->uid)), "scenario_saved");
}

/* POST /c/{slug}/scenarios */
void page_scenario_create(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_write(r, &cx))
		return;
	store_template t;
	const char *slug = http_form(r, "template");
	if (!slug || store_template_get(r->db, r->pool, cx.c.id, slug, &t) != STORE_OK) {
		http_fail(r, 422, T(r, "Choose a template of this cycle."));
		return;
	}
	store_scenario sc = {.cycle_id = cx.c.id, .template_id = t.id, .status = "brouillon"};
	save_from_form(r, &cx, &sc, &t);
}

/* Loads the scenario of the path for editing, with its template; answers
 * 404, 403 or 500 and returns false when it cannot be edited. */
static bool open_for_edit(http_req *r, cycle_ctx *cx, store_scenario *sc, store_template *t)
{
	if (!cp_open(r, cx) || !load_scenario(r, cx, sc))
		return false;
	if (!scenario_can_edit(cx, is_author(r, sc))) {
		http_fail(r, 403, T(r, "Only the authors and the facilitators can edit this scenario."));
		return false;
	}
	if (store_template_by_id(r->db, r->pool, sc->template_id, t) != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

/* GET /c/{slug}/scenarios/{uid}/edit */
void page_scenario_edit(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	store_template t;
	if (open_for_edit(r, &cx, &sc, &t))
		editor_page(r, &cx, &sc, &t, req_json(r, sc.sections), sc.title, sc.summary, sc.opening, NULL,
			    NULL);
}

/* POST /c/{slug}/scenarios/{uid} */
void page_scenario_update(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	store_template t;
	if (open_for_edit(r, &cx, &sc, &t))
		save_from_form(r, &cx, &sc, &t);
}

static void status_form(http_req *r, const cycle_ctx *cx, const store_scenario *sc, bool author)
{
	buf *o = &r->out;
	const char **opts = arena_alloc(r->pool, 15 * sizeof *opts);
	size_t k = 0;
	for (size_t i = 0; scenario_statuses[i]; i++)
		if (scenario_can_move(cx, author, sc->status, scenario_statuses[i])) {
			opts[k++] = scenario_statuses[i];
			opts[k++] = cp_status_label(r, scenario_statuses[i]);
		}
	opts[k] = NULL;
	if (k <= 2)
		return;
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"inline-form\">",
		    cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s/status", sc->uid)));
	page_csrf_field(r);
	cp_select(r, "status", T(r, "Status"), opts, sc->status, NULL);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Change the status"));
}

/* GET /c/{slug}/scenarios/{uid} and .../print */
static void show_scenario(http_req *r, bool print)
{
	cycle_ctx cx;
	store_scenario sc;
	store_template t;
	if (!cp_open(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	store_member *authors;
	size_t nauthors;
	store_scenario *fam;
	int *depth;
	size_t nfam;
	if (store_template_by_id(r->db, r->pool, sc.template_id, &t) != STORE_OK ||
	    store_author_list(r->db, r->pool, sc.id, &authors, &nauthors) != STORE_OK ||
	    !scenario_family(r->db, r->pool, &sc, &fam, &depth, &nfam)) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	bool author = is_author(r, &sc);
	json_t *defs = req_json(r, t.sections);
	json_t *content = req_json(r, sc.sections);
	if (print)
		page_begin(r, sc.title);
	else
		cp_begin(r, &cx, sc.title, "scenarios");
	html_printf(o, "<article class=\"scenario%s\"><header><p class=\"hint\">%s · <span class=\"status status-%s\">%s</span>%s</p>"
		       "<h1>%s</h1>",
		    print ? " print" : "", t.name, sc.status, cp_status_label(r, sc.status),
		    sc.opening ? arena_printf(r->pool, " · %s", T(r, "opening to continue")) : "", sc.title);
	if (nauthors) {
		const char *names = "";
		for (size_t i = 0; i < nauthors; i++)
			names = arena_printf(r->pool, "%s%s%s", names, i ? ", " : "", authors[i].name);
		html_printf(o, "<p class=\"authors\">%s</p>", arena_printf(r->pool, TN(r, "Author: %s", "Authors: %s", nauthors), names));
	}
	if (sc.parent_uid)
		html_printf(o, "<p>%s <a href=\"%s\">%s</a></p>", T(r, "Continues:"),
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc.parent_uid)), sc.parent_uid);
	if (sc.summary[0])
		html_printf(o, "<p class=\"lead\">%s</p>", sc.summary);
	html_raw(o, "</header>");
	if (!print) {
		html_raw(o, "<div class=\"actions\">");
		if (scenario_can_edit(&cx, author))
			html_printf(o, "<a class=\"button\" href=\"%s\">%s</a> ",
				    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/edit", sc.uid)), T(r, "Edit"));
		html_printf(o, "<a href=\"%s\">%s</a> · <a href=\"%s\">%s</a>",
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/history", sc.uid)),
			    arena_printf(r->pool, TN(r, "History (%lld revision)", "History (%lld revisions)", sc.revision),
					 (long long)sc.revision),
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/print", sc.uid)), T(r, "Print view"));
		if (cycle_can_write(&cx)) {
			html_printf(o, "<form method=\"post\" action=\"%s\" class=\"inline-form\">",
				    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/fork", sc.uid)));
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" class=\"secondary\">%s</button></form>", T(r, "Continue the story"));
		}
		status_form(r, &cx, &sc, author);
		html_raw(o, "</div>");
	}
	sf_show(r, &cx, defs, content, 2);
	sf_show_removed(r, defs, content);
	if (nfam > 1 && !print) {
		html_printf(o, "<section aria-labelledby=\"fam-h\"><h2 id=\"fam-h\">%s</h2><ul class=\"family\">",
			    T(r, "The family of this story"));
		for (size_t i = 0; i < nfam; i++) {
			html_printf(o, "<li class=\"depth-%d\">%s", depth[i] > 6 ? 6 : depth[i],
				    depth[i] ? "↳ " : "");
			if (fam[i].id == sc.id)
				html_printf(o, "<strong aria-current=\"page\">%s</strong>", fam[i].title);
			else
				html_printf(o, "<a href=\"%s\">%s</a>",
					    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", fam[i].uid)), fam[i].title);
			html_raw(o, "</li>");
		}
		html_raw(o, "</ul></section>");
	}
	html_raw(o, "</article>");
	page_end(r);
}

void page_scenario(http_req *r)
{
	show_scenario(r, false);
}

void page_scenario_print(http_req *r)
{
	show_scenario(r, true);
}

/* POST /c/{slug}/scenarios/{uid}/status */
void page_scenario_status(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!cp_open(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	const char *to = http_form(r, "status");
	if (!scenario_status_ok(to)) {
		http_fail(r, 422, T(r, "Choose a status."));
		return;
	}
	if (!scenario_can_move(&cx, is_author(r, &sc), sc.status, to)) {
		http_fail(r, 403, T(r, "You cannot give this scenario that status."));
		return;
	}
	if (strcmp(sc.status, to)) {
		json_t *content = req_json(r, sc.sections);
		scenario_input in = {.title = sc.title, .summary = sc.summary, .status = to, .opening = sc.opening,
				     .sections = content, .note = arena_printf(r->pool, "status: %s", to),
				     .keep_authors = true};
		problems p;
		problems_init(&p, r->pool);
		if (!scenario_save(r->db, r->pool, &sc, &in, r->user->id, r->now, &p)) {
			if (!p.n) {
				cp_fail(r);
				return;
			}
			/* Leaving the draft status needs a complete scenario. */
			r->status = 422;
			cp_begin(r, &cx, sc.title, "scenarios");
			html_printf(&r->out, "<h1>%s</h1><p>%s</p>", sc.title,
				    arena_printf(r->pool, T(r, "The scenario cannot become “%s” yet: complete it first."),
						 cp_status_label(r, to)));
			html_raw(&r->out, "<ul class=\"form-errors\">");
			for (size_t i = 0; i < p.n; i++)
				html_printf(&r->out, "<li>%s — %s</li>", p.v[i].field, page_problem_text(r, &p.v[i]));
			html_printf(&r->out, "</ul><p><a class=\"button\" href=\"%s\">%s</a></p>",
				    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/edit", sc.uid)), T(r, "Edit"));
			page_end(r);
			return;
		}
	}
	http_redirect(r, cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc.uid)), "status_changed");
}

/* POST /c/{slug}/scenarios/{uid}/fork */
void page_scenario_fork(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc, fork;
	if (!cp_open_write(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	const char *title = arena_printf(r->pool, T(r, "%s (continued)"), sc.title);
	if (!scenario_fork(r->db, r->pool, &sc, title, r->user->id, r->now, &fork)) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/edit", fork.uid)), "scenario_forked");
}

/* GET /c/{slug}/scenarios/{uid}/history */
void page_scenario_history(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!cp_open(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	store_revision *rev;
	size_t n;
	if (store_revision_list(r->db, r->pool, sc.id, true, &rev, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	bool can = scenario_can_edit(&cx, is_author(r, &sc));
	cp_begin(r, &cx, arena_printf(r->pool, T(r, "History: %s"), sc.title), "scenarios");
	html_printf(o, "<h1>%s</h1><p><a href=\"%s\">%s</a></p>", arena_printf(r->pool, T(r, "History: %s"), sc.title),
		    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc.uid)), T(r, "Back to the scenario"));
	html_printf(o, "<form method=\"get\" action=\"%s\">", cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/diff", sc.uid)));
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "Revisions, newest first"), T(r, "Revision"), T(r, "Date"), T(r, "Author"), T(r, "Note"),
		    T(r, "Compare from"), T(r, "to"));
	for (size_t i = 0; i < n; i++) {
		long long num = (long long)rev[i].number;
		html_printf(o, "<tr><th scope=\"row\">%lld</th><td>%s</td><td>%s</td><td>%s</td>", num,
			    page_time(r, rev[i].created_at), rev[i].author_name ? rev[i].author_name : T(r, "former participant"),
			    rev[i].note);
		html_printf(o, "<td><input type=\"radio\" name=\"from\" value=\"%lld\" id=\"from-%lld\"%s>"
			       "<label for=\"from-%lld\" class=\"sr-only\">%s</label></td>",
			    num, num, i == 1 || (n == 1 && i == 0) ? " checked" : "", num,
			    arena_printf(r->pool, T(r, "Compare from revision %lld"), num));
		html_printf(o, "<td><input type=\"radio\" name=\"to\" value=\"%lld\" id=\"to-%lld\"%s>"
			       "<label for=\"to-%lld\" class=\"sr-only\">%s</label></td></tr>",
			    num, num, i == 0 ? " checked" : "", num, arena_printf(r->pool, T(r, "Compare to revision %lld"), num));
	}
	html_printf(o, "</tbody></table><button type=\"submit\">%s</button></form>", T(r, "Show the differences"));
	if (can && n > 1) {
		html_printf(o, "<h2>%s</h2><form method=\"post\" action=\"%s\" class=\"stack\">", T(r, "Restore a revision"),
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/restore", sc.uid)));
		page_csrf_field(r);
		const char **opts = arena_alloc(r->pool, (2 * n + 1) * sizeof *opts);
		for (size_t i = 0; i < n; i++) {
			opts[2 * i] = arena_printf(r->pool, "%lld", (long long)rev[i].number);
			opts[2 * i + 1] = arena_printf(r->pool, T(r, "Revision %lld"), (long long)rev[i].number);
		}
		opts[2 * n] = NULL;
		cp_select(r, "revision", T(r, "Revision"), opts, n > 1 ? opts[2] : opts[0], NULL);
		html_printf(o, "<p class=\"hint\">%s</p><button type=\"submit\">%s</button></form>",
			    T(r, "Restoring adds a new revision; nothing is lost."), T(r, "Restore"));
	}
	page_end(r);
}

static void diff_block(http_req *r, const char *label, const char *a, const char *b)
{
	buf *o = &r->out;
	if (!strcmp(a, b))
		return;
	size_t n;
	diff_span *sp = diff_words(r->pool, a, b, &n);
	html_printf(o, "<section class=\"diff\"><h2>%s</h2><p class=\"diff-text\">", label);
	for (size_t i = 0; i < n; i++) {
		const char *t = arena_strndup(r->pool, sp[i].text, sp[i].len);
		if (sp[i].op == DIFF_SAME)
			html_printf(o, "%s", t);
		else if (sp[i].op == DIFF_DEL)
			html_printf(o, "<del><span class=\"sr-only\">%s </span>%s</del>", T(r, "[removed:"), t);
		else
			html_printf(o, "<ins><span class=\"sr-only\">%s </span>%s</ins>", T(r, "[added:"), t);
		if (sp[i].op != DIFF_SAME)
			html_raw(o, "<span class=\"sr-only\">]</span>");
	}
	html_raw(o, "</p></section>");
}

/* GET /c/{slug}/scenarios/{uid}/diff?from=N&to=M */
void page_scenario_diff(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!cp_open(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	int64_t from, to;
	store_revision ra, rb;
	store_template t;
	if (!text_parse_i64(http_query(r, "from") ?: "", &from) || !text_parse_i64(http_query(r, "to") ?: "", &to)) {
		http_fail(r, 400, T(r, "Choose two revisions to compare."));
		return;
	}
	store_rc r1 = store_revision_get(r->db, r->pool, sc.id, from, &ra);
	store_rc r2 = store_revision_get(r->db, r->pool, sc.id, to, &rb);
	if (r1 == STORE_NOTFOUND || r2 == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such revision."));
		return;
	}
	if (r1 != STORE_OK || r2 != STORE_OK || store_template_by_id(r->db, r->pool, sc.template_id, &t) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	json_t *defs = req_json(r, t.sections);
	json_t *ca = req_json(r, ra.sections), *cb = req_json(r, rb.sections);
	const char *h = arena_printf(r->pool, T(r, "Changes from revision %lld to %lld"), (long long)from, (long long)to);
	cp_begin(r, &cx, h, "scenarios");
	html_printf(o, "<h1>%s</h1><p><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>", h,
		    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc.uid)), sc.title,
		    cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s/history", sc.uid)), T(r, "History"));
	html_printf(o, "<p class=\"hint\">%s</p>", T(r, "Removed words are struck through, added words are underlined."));
	size_t before = o->len;
	diff_block(r, T(r, "Title"), ra.title, rb.title);
	diff_block(r, T(r, "Summary"), ra.summary, rb.summary);
	if (strcmp(ra.status, rb.status))
		diff_block(r, T(r, "Status"), cp_status_label(r, ra.status), cp_status_label(r, rb.status));
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		if (!id)
			continue;
		diff_block(r, json_string_value(json_object_get(d, "label")) ?: id,
			   scenario_section_text(r->pool, d, json_object_get(ca, id)),
			   scenario_section_text(r->pool, d, json_object_get(cb, id)));
	}
	if (o->len == before)
		html_printf(o, "<p>%s</p>", T(r, "These two revisions have the same content."));
	page_end(r);
}

/* POST /c/{slug}/scenarios/{uid}/restore */
void page_scenario_restore(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!cp_open(r, &cx) || !load_scenario(r, &cx, &sc))
		return;
	if (!scenario_can_edit(&cx, is_author(r, &sc))) {
		http_fail(r, 403, T(r, "Only the authors and the facilitators can edit this scenario."));
		return;
	}
	int64_t num;
	store_revision rev;
	if (!text_parse_i64(http_form(r, "revision") ?: "", &num) ||
	    store_revision_get(r->db, r->pool, sc.id, num, &rev) != STORE_OK) {
		http_fail(r, 404, T(r, "There is no such revision."));
		return;
	}
	if (!scenario_restore(r->db, r->pool, &sc, num, r->user->id, r->now)) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, arena_printf(r->pool, "/scenarios/%s", sc.uid)), "restored");
}
