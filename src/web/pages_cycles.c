/* pages_cycles.c — the list of cycles, creating one, a cycle's overview
 * with its timeline, its settings (fields, phases, archive, copy), export
 * and import of bundles. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"
#include "../domain/bundle.h"
#include "../domain/catalog.h"
#include "../domain/scenario.h"

#include <stdlib.h>
#include <string.h>

static const char *const visibility_options_ids[] = {"public", "members", "unlisted"};

/* value/label pairs for the visibility select. */
static const char *const *visibility_options(http_req *r)
{
	const char **o = arena_alloc(r->pool, 7 * sizeof *o);
	for (int i = 0; i < 3; i++) {
		o[2 * i] = visibility_options_ids[i];
		o[2 * i + 1] = cp_visibility_label(r, visibility_options_ids[i]);
	}
	o[6] = NULL;
	return o;
}

/* GET /cycles */
void page_cycles(http_req *r)
{
	buf *o = &r->out;
	bool archived = http_query(r, "archived") != NULL;
	store_cycle *c;
	size_t n;
	if (store_cycle_list(r->db, r->pool, r->user ? r->user->id : 0, r->user && r->user->is_admin,
			     archived, &c, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	page_begin(r, T(r, "Cycles"));
	html_printf(o, "<h1>%s</h1>", T(r, "Cycles"));
	html_printf(o, "<p class=\"lead\">%s</p>",
		    T(r, "Each cycle is one edition of a foresight exercise: signals and references, "
			 "scenarios, a seminar, debates and a published cahier."));
	if (r->user)
		html_printf(o, "<p><a class=\"button\" href=\"/cycles/new\">%s</a> <a href=\"/cycles/import\">%s</a></p>",
			    T(r, "Start a cycle"), T(r, "Import a cycle"));
	if (!n)
		html_printf(o, "<p>%s</p>", T(r, "There is no cycle to show yet."));
	html_raw(o, "<ul class=\"cards\">");
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<li><h2><a href=\"/c/%s\">%s</a></h2>", c[i].slug, c[i].title);
		if (c[i].question[0])
			html_printf(o, "<p>%s</p>", c[i].question);
		html_printf(o, "<p class=\"hint\">%s%s</p></li>", cp_visibility_label(r, c[i].visibility),
			    c[i].archived ? arena_printf(r->pool, " · %s", T(r, "archived")) : "");
	}
	html_raw(o, "</ul>");
	if (archived)
		html_printf(o, "<p><a href=\"/cycles\">%s</a></p>", T(r, "Hide archived cycles"));
	else
		html_printf(o, "<p><a href=\"/cycles?archived=1\">%s</a></p>", T(r, "Show archived cycles too"));
	page_end(r);
}

/* The fields of a cycle, shared by creation and settings. */
static void cycle_fields(http_req *r, const store_cycle *c, const problems *p)
{
	cp_input(r, "title", T(r, "Title"), "text", c->title, cp_error(r, p, "title"), true, NULL);
	cp_input(r, "slug", T(r, "Address"), "text", c->slug, cp_error(r, p, "slug"), true,
		 T(r, "Lower-case letters, digits and dashes; the cycle will be at /c/<address>."));
	cp_textarea(r, "question", T(r, "Guiding question"), c->question, cp_error(r, p, "question"), 2,
		    false, T(r, "The question or angle the cycle explores."));
	cp_textarea(r, "description", T(r, "Description"), c->description, cp_error(r, p, "description"), 6,
		    false, T(r, "Markdown is accepted."));
	cp_input(r, "horizon", T(r, "Horizon year"), "number",
		 c->horizon ? arena_printf(r->pool, "%lld", (long long)c->horizon) : "",
		 cp_error(r, p, "horizon"), false, NULL);
	cp_select(r, "visibility", T(r, "Who can read it"), visibility_options(r), c->visibility,
		  cp_error(r, p, "visibility"));
}

static void read_cycle_form(http_req *r, store_cycle *c)
{
	c->title = text_trim(r->pool, http_form(r, "title") ?: "");
	c->slug = text_trim(r->pool, http_form(r, "slug") ?: "");
	c->question = text_trim(r->pool, http_form(r, "question") ?: "");
	c->description = http_form(r, "description") ?: "";
	c->visibility = http_form(r, "visibility") ?: "";
	const char *h = text_trim(r->pool, http_form(r, "horizon") ?: "");
	int64_t y = 0;
	c->horizon = *h ? (text_parse_i64(h, &y) ? y : -1) : 0;
}

static void new_cycle_page(http_req *r, const store_cycle *c, const problems *p, bool builtins)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Start a cycle"));
	html_printf(o, "<h1>%s</h1>", T(r, "Start a cycle"));
	html_raw(o, "<form method=\"post\" action=\"/cycles\" class=\"stack\" novalidate>");
	page_csrf_field(r);
	cp_errors(r, p);
	cycle_fields(r, c, p);
	html_printf(o, "<div class=\"field check\"><input type=\"checkbox\" id=\"builtins\" name=\"builtins\" value=\"1\"%s>"
		       "<label for=\"builtins\">%s</label></div>",
		    builtins ? " checked" : "",
		    T(r, "Start with the built-in templates and taxonomies (rupture scenario, micro-story, "
			 "fiche-défi, proposal; the 29 dynamics, the 7 qualities...)"));
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Create the cycle"));
	page_end(r);
}

/* GET /cycles/new */
void page_cycle_new(http_req *r)
{
	store_cycle c = {.visibility = "members", .title = "", .slug = "", .question = "", .description = ""};
	new_cycle_page(r, &c, NULL, true);
}

/* POST /cycles */
void page_cycle_create(http_req *r)
{
	store_cycle c = {0};
	read_cycle_form(r, &c);
	problems p;
	problems_init(&p, r->pool);
	if (c.horizon < 0) {
		problems_add(&p, "horizon", N_("Enter a year between 1900 and 2300."));
		c.horizon = 0;
	}
	bool builtins = http_form(r, "builtins") != NULL;
	int64_t id = 0;
	cycle_rc rc = p.n ? CYCLE_NOTFOUND
			  : cycle_create(r->db, r->pool, &c, r->user->id, builtins, r->now, &p, &id);
	if (rc == CYCLE_ERROR) {
		cp_fail(r);
		return;
	}
	if (rc != CYCLE_OK) {
		r->status = 422;
		new_cycle_page(r, &c, &p, builtins);
		return;
	}
	http_redirect(r, arena_printf(r->pool, "/c/%s", c.slug), "cycle_created");
}

/* GET /c/{slug} */
void page_cycle(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	buf *o = &r->out;
	store_phase *ph;
	size_t nph;
	store_count *counts;
	size_t ncounts;
	int64_t members = 0, items = 0;
	store_item *none;
	size_t nnone;
	store_item_filter f = {.limit = 1};
	if (store_phase_list(r->db, r->pool, cx.c.id, &ph, &nph) != STORE_OK ||
	    store_scenario_facet(r->db, r->pool, cx.c.id, &counts, &ncounts) != STORE_OK ||
	    store_member_count(r->db, cx.c.id, "", &members) != STORE_OK ||
	    store_item_list(r->db, r->pool, cx.c.id, &f, &none, &nnone, &items) != STORE_OK) {
		cp_fail(r);
		return;
	}
	cp_begin(r, &cx, T(r, "Overview"), "home");
	html_printf(o, "<h1>%s</h1>", cx.c.title);
	if (cx.c.question[0])
		html_printf(o, "<p class=\"lead\">%s</p>", cx.c.question);
	if (cx.c.archived)
		html_printf(o, "<p class=\"notice\">%s</p>", T(r, "This cycle is archived: it can be read, not changed."));
	int cur = cycle_current_phase(ph, nph, cp_today(r));
	html_printf(o, "<section aria-labelledby=\"now-h\"><h2 id=\"now-h\">%s</h2>", T(r, "What is happening now"));
	if (cur >= 0) {
		const char *kind = ph[cur].kind;
		html_printf(o, "<p>%s</p>", arena_printf(r->pool, T(r, "Current phase: %s (%s)."), ph[cur].name,
						      cp_phase_label(r, kind)));
		const char *what = !strcmp(kind, "explore") ? T(r, "Participants gather signals, references and inspirations in the library.")
			: !strcmp(kind, "imagine") ? T(r, "Participants write scenarios in the cycle's templates, or continue the openings others left.")
			: !strcmp(kind, "select") ? T(r, "The seminar: candidate scenarios are presented and put to the vote.")
			: !strcmp(kind, "enrich") ? T(r, "Working groups enrich the retained scenarios.")
			: !strcmp(kind, "debate") ? T(r, "Participants say where they agree and disagree.")
			: !strcmp(kind, "publish") ? T(r, "Facilitators consolidate and publish the findings.")
			: T(r, "Organisations form coalitions to act on the findings.");
		html_printf(o, "<p>%s</p>", what);
	} else {
		html_printf(o, "<p>%s</p>", T(r, "No phase is under way."));
	}
	if (cycle_can_write(&cx))
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a> <a class=\"button\" href=\"%s\">%s</a></p>",
			    cp_url(r, &cx, "/scenarios/new"), T(r, "Write a scenario"),
			    cp_url(r, &cx, "/library/new"), T(r, "Add to the library"));
	else if (!r->user)
		html_printf(o, "<p><a href=\"/login?next=%s\">%s</a></p>", text_urlencode(r->pool, r->path),
			    T(r, "Sign in to take part."));
	html_raw(o, "</section>");
	html_printf(o, "<section aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">%s</h2>", T(r, "Timeline"));
	if (!nph)
		html_printf(o, "<p>%s</p>", T(r, "The facilitators have not set the phases yet."));
	html_raw(o, "<ol class=\"timeline\">");
	for (size_t i = 0; i < nph; i++) {
		const char *when = ph[i].starts_on && ph[i].ends_on
			? arena_printf(r->pool, T(r, "%s to %s"), ph[i].starts_on, ph[i].ends_on)
			: ph[i].starts_on ? arena_printf(r->pool, T(r, "from %s"), ph[i].starts_on) : "";
		if ((int)i == cur)
			html_raw(o, "<li class=\"current\" aria-current=\"step\">");
		else
			html_raw(o, "<li>");
		html_printf(o, "<strong>%s</strong> <span class=\"tag\">%s</span> <span class=\"hint\">%s</span>%s</li>",
			    ph[i].name, cp_phase_label(r, ph[i].kind), when,
			    (int)i == cur ? arena_printf(r->pool, " — %s", T(r, "now")) : "");
	}
	html_raw(o, "</ol></section>");
	html_printf(o, "<section aria-labelledby=\"fig-h\"><h2 id=\"fig-h\">%s</h2><ul>", T(r, "In figures"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li>", cp_url(r, &cx, "/library"),
		    arena_printf(r->pool, TN(r, "%lld reference in the library", "%lld references in the library", items),
				 (long long)items));
	for (size_t i = 0; i < ncounts; i++)
		html_printf(o, "<li><a href=\"%s\">%s</a></li>",
			    cp_url(r, &cx, arena_printf(r->pool, "/scenarios?status=%s", counts[i].key)),
			    arena_printf(r->pool, TN(r, "%lld scenario %s", "%lld scenarios %s", counts[i].n),
					 (long long)counts[i].n, cp_status_label(r, counts[i].key)));
	html_printf(o, "<li>%s</li></ul></section>",
		    arena_printf(r->pool, TN(r, "%lld member", "%lld members", members), (long long)members));
	if (cx.c.description[0]) {
		html_printf(o, "<section aria-labelledby=\"about-h\"><h2 id=\"about-h\">%s</h2><div class=\"prose\">",
			    T(r, "About this cycle"));
		html_markdown(o, cx.c.description);
		html_raw(o, "</div></section>");
	}
	page_end(r);
}

static const char *date_type(const char *v)
{
	return !v || !*v || cycle_date_ok(v) ? "date" : "text";
}

static void settings_page(http_req *r, cycle_ctx *cx, const store_cycle *c, const problems *p,
			  const store_phase *ph, size_t nph, const problems *pp)
{
	buf *o = &r->out;
	cp_begin(r, cx, T(r, "Settings"), "settings");
	html_printf(o, "<h1>%s</h1>", T(r, "Settings"));
	html_printf(o, "<section aria-labelledby=\"f-h\"><h2 id=\"f-h\">%s</h2>", T(r, "The cycle"));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cp_url(r, cx, "/settings"));
	page_csrf_field(r);
	cp_errors(r, p);
	cycle_fields(r, c, p);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Save"));

	/* Phases: one fieldset per phase plus an empty one; "add" keeps what was
	 * typed and shows one more row, without JavaScript. */
	html_printf(o, "<section aria-labelledby=\"ph-h\"><h2 id=\"ph-h\">%s</h2>", T(r, "Phases"));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide\" novalidate>", cp_url(r, cx, "/phases"));
	page_csrf_field(r);
	cp_errors(r, pp);
	const char **kinds = arena_alloc(r->pool, 15 * sizeof *kinds);
	for (int i = 0; i < 7; i++) {
		kinds[2 * i] = cycle_phase_kinds[i];
		kinds[2 * i + 1] = cp_phase_label(r, cycle_phase_kinds[i]);
	}
	kinds[14] = NULL;
	for (size_t i = 0; i < nph; i++) {
		html_printf(o, "<fieldset class=\"row\"><legend>%s</legend>",
			    arena_printf(r->pool, T(r, "Phase %zu"), i + 1));
		const char *id = arena_printf(r->pool, "phase-%zu-", i);
		cp_input(r, arena_printf(r->pool, "%sname", id), T(r, "Name"), "text", ph[i].name,
			 cp_error(r, pp, arena_printf(r->pool, "%sname", id)), false, NULL);
		cp_select(r, arena_printf(r->pool, "%skind", id), T(r, "Kind"), kinds, ph[i].kind, NULL);
		/* A refused date goes back as text: a date input would blank it. */
		cp_input(r, arena_printf(r->pool, "%sstart", id), T(r, "Starts on"),
			 date_type(ph[i].starts_on), ph[i].starts_on,
			 cp_error(r, pp, arena_printf(r->pool, "%sstart", id)), false, NULL);
		cp_input(r, arena_printf(r->pool, "%send", id), T(r, "Ends on"), date_type(ph[i].ends_on),
			 ph[i].ends_on, cp_error(r, pp, arena_printf(r->pool, "%send", id)), false, NULL);
		html_raw(o, "</fieldset>");
	}
	html_printf(o, "<p class=\"hint\">%s</p>", T(r, "Leave a phase's name empty to remove it."));
	html_printf(o, "<p><button type=\"submit\" name=\"add\" value=\"1\" class=\"secondary\">%s</button> "
		       "<button type=\"submit\">%s</button></p></form></section>",
		    T(r, "Add a phase"), T(r, "Save the phases"));

	html_printf(o, "<section aria-labelledby=\"ar-h\"><h2 id=\"ar-h\">%s</h2>", T(r, "Archive"));
	html_printf(o, "<form method=\"post\" action=\"%s\">", cp_url(r, cx, "/archive"));
	page_csrf_field(r);
	html_printf(o, "<input type=\"hidden\" name=\"archived\" value=\"%s\"><p>%s</p><button type=\"submit\">%s</button></form></section>",
		    cx->c.archived ? "0" : "1",
		    cx->c.archived ? T(r, "The cycle is archived: nobody can change it.")
				   : T(r, "An archived cycle stays readable but nobody can change it."),
		    cx->c.archived ? T(r, "Reopen the cycle") : T(r, "Archive the cycle"));

	html_printf(o, "<section aria-labelledby=\"cp-h\"><h2 id=\"cp-h\">%s</h2>", T(r, "Start the next edition"));
	html_printf(o, "<p>%s</p>", T(r, "Copies the phases, taxonomies, templates and facilitators into a new cycle; "
					 "the library and scenarios stay here."));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cp_url(r, cx, "/copy"));
	page_csrf_field(r);
	cp_input(r, "copy-title", T(r, "Title of the new cycle"), "text", "", NULL, true, NULL);
	cp_input(r, "copy-slug", T(r, "Address of the new cycle"), "text", "", NULL, true, NULL);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Copy the cycle"));

	html_printf(o, "<section aria-labelledby=\"ex-h\"><h2 id=\"ex-h\">%s</h2>", T(r, "Export"));
	html_printf(o, "<p>%s</p><p><a class=\"button\" href=\"%s\" download>%s</a></p></section>",
		    T(r, "The whole cycle as one JSON file (docs/formats.md), to keep or to import elsewhere."),
		    cp_url(r, cx, "/export"), T(r, "Download the bundle"));
	page_end(r);
}

/* GET /c/{slug}/settings */
void page_cycle_settings(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_facilitate(r, &cx))
		return;
	store_phase *ph;
	size_t nph;
	if (store_phase_list(r->db, r->pool, cx.c.id, &ph, &nph) != STORE_OK) {
		cp_fail(r);
		return;
	}
	store_phase *more = arena_zalloc(r->pool, (nph + 1) * sizeof *more);
	if (nph)
		memcpy(more, ph, nph * sizeof *ph);
	more[nph].kind = nph < 7 ? cycle_phase_kinds[nph] : "act";
	settings_page(r, &cx, &cx.c, NULL, more, nph + 1, NULL);
}

/* POST /c/{slug}/settings */
void page_cycle_settings_save(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_cycle c = cx.c;
	read_cycle_form(r, &c);
	problems p;
	problems_init(&p, r->pool);
	if (c.horizon < 0) {
		problems_add(&p, "horizon", N_("Enter a year between 1900 and 2300."));
		c.horizon = 0;
	}
	cycle_check(&c, &p);
	store_rc rc = STORE_OK;
	if (!p.n) {
		c.updated_at = r->now;
		rc = store_cycle_update(r->db, &c);
		if (rc == STORE_EXISTS)
			problems_add(&p, "slug", N_("This address is already used by another cycle."));
		else if (rc != STORE_OK) {
			cp_fail(r);
			return;
		}
	}
	if (p.n) {
		store_phase *ph;
		size_t nph;
		if (store_phase_list(r->db, r->pool, cx.c.id, &ph, &nph) != STORE_OK) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		settings_page(r, &cx, &c, &p, ph, nph, NULL);
		return;
	}
	http_redirect(r, arena_printf(r->pool, "/c/%s/settings", c.slug), "saved");
}

/* POST /c/{slug}/phases */
void page_cycle_phases(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	problems p;
	problems_init(&p, r->pool);
	store_phase *ph = arena_zalloc(r->pool, 41 * sizeof *ph);
	size_t n = 0;
	for (size_t i = 0; i < 40; i++) {
		const char *id = arena_printf(r->pool, "phase-%zu-", i);
		const char *name = http_form(r, arena_printf(r->pool, "%sname", id));
		if (!name)
			break;
		name = text_trim(r->pool, name);
		const char *kind = http_form(r, arena_printf(r->pool, "%skind", id));
		const char *start = text_trim(r->pool, http_form(r, arena_printf(r->pool, "%sstart", id)) ?: "");
		const char *end = text_trim(r->pool, http_form(r, arena_printf(r->pool, "%send", id)) ?: "");
		if (!*name && !*start && !*end)
			continue;
		const char *fid = arena_printf(r->pool, "phase-%zu-", n);
		if (!*name)
			problems_add(&p, arena_printf(r->pool, "%sname", fid), N_("Enter a name."));
		if (!cycle_phase_kind_ok(kind))
			problems_add(&p, arena_printf(r->pool, "%skind", fid), N_("Choose a kind."));
		if (*start && !cycle_date_ok(start))
			problems_add(&p, arena_printf(r->pool, "%sstart", fid), N_("Enter a date as YYYY-MM-DD."));
		if (*end && !cycle_date_ok(end))
			problems_add(&p, arena_printf(r->pool, "%send", fid), N_("Enter a date as YYYY-MM-DD."));
		else if (*start && *end && strcmp(start, end) > 0)
			problems_add(&p, arena_printf(r->pool, "%send", fid), N_("The end comes before the start."));
		ph[n++] = (store_phase){.name = name, .kind = kind ? kind : "", .starts_on = start, .ends_on = end};
	}
	if (p.n || http_form(r, "add")) {
		if (!p.n) {
			ph[n] = (store_phase){.name = "", .kind = n < 7 ? cycle_phase_kinds[n] : "act"};
			n++;
		}
		r->status = p.n ? 422 : 200;
		settings_page(r, &cx, &cx.c, NULL, ph, n, &p);
		return;
	}
	if (store_phase_replace(r->db, cx.c.id, ph, n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, "/settings"), "saved");
}

/* POST /c/{slug}/archive */
void page_cycle_archive(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_facilitate(r, &cx))
		return;
	const char *v = http_form(r, "archived");
	cx.c.archived = v && !strcmp(v, "1");
	cx.c.updated_at = r->now;
	if (store_cycle_update(r->db, &cx.c) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, NULL), cx.c.archived ? "archived" : "reopened");
}

/* POST /c/{slug}/copy */
void page_cycle_copy(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_facilitate(r, &cx))
		return;
	problems p;
	problems_init(&p, r->pool);
	int64_t id;
	const char *slug = text_trim(r->pool, http_form(r, "copy-slug") ?: "");
	const char *title = text_trim(r->pool, http_form(r, "copy-title") ?: "");
	cycle_rc rc = cycle_copy(r->db, r->pool, &cx.c, slug, title, r->user->id, r->now, &p, &id);
	if (rc == CYCLE_ERROR) {
		cp_fail(r);
		return;
	}
	if (rc != CYCLE_OK) {
		const char *msg = p.n ? page_problem_text(r, &p.v[0]) : "";
		http_fail(r, 422, arena_printf(r->pool, "%s %s", T(r, "The cycle could not be copied:"), msg));
		return;
	}
	http_redirect(r, arena_printf(r->pool, "/c/%s/settings", slug), "cycle_created");
}

/* GET /c/{slug}/export */
void page_cycle_export(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_facilitate(r, &cx))
		return;
	buf out = BUF_INIT;
	if (bundle_export(r->db, r->pool, cx.c.id, &out) != 0) {
		buf_free(&out);
		cp_fail(r);
		return;
	}
	http_body(r, "application/json", buf_cstr(&out), out.len);
	buf_free(&out);
	http_set_header(r, "Content-Disposition",
			arena_printf(r->pool, "attachment; filename=\"%s.json\"", cx.c.slug));
}

static void import_page(http_req *r, const char *error)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Import a cycle"));
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(r, "Import a cycle"),
		    T(r, "Choose a bundle exported by fabrique (a JSON file). Nothing is imported if any part of it is invalid."));
	html_raw(o, "<form method=\"post\" action=\"/cycles/import\" enctype=\"multipart/form-data\" class=\"stack\">");
	page_csrf_field(r);
	page_form_errors(r, error);
	html_printf(o, "<div class=\"field\"><label for=\"bundle\">%s</label><input type=\"file\" id=\"bundle\" name=\"bundle\" "
		       "accept=\"application/json,.json\" required></div>", T(r, "Bundle file"));
	cp_input(r, "slug", T(r, "New address (optional)"), "text", "", NULL, false,
		 T(r, "To import a cycle whose address is already used here."));
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Import"));
	page_end(r);
}

/* GET /cycles/import */
void page_cycle_import_form(http_req *r)
{
	import_page(r, NULL);
}

/* POST /cycles/import */
void page_cycle_import(http_req *r)
{
	const char *text = http_form(r, "bundle");
	const char *slug = text_trim(r->pool, http_form(r, "slug") ?: "");
	if (!text || !*text) {
		r->status = 422;
		import_page(r, T(r, "Choose a bundle file."));
		return;
	}
	int64_t id;
	const char *path = "", *msgid = "", *detail = NULL;
	int rc = bundle_import(r->db, r->pool, text, strlen(text), *slug ? slug : NULL, r->now, &id,
			       &path, &msgid, &detail);
	if (rc == -2) {
		cp_fail(r);
		return;
	}
	if (rc != 0) {
		/* The request's transaction is rolled back on a 4xx. */
		r->status = 422;
		import_page(r, arena_printf(r->pool, "%s %s: %s%s%s", T(r, "The bundle was refused:"), path,
					    T(r, msgid), detail ? " — " : "", detail ? detail : ""));
		return;
	}
	store_cycle c;
	if (store_cycle_by_id(r->db, r->pool, id, &c) != STORE_OK ||
	    store_member_set(r->db, id, r->user->id, "facilitator", r->now) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, arena_printf(r->pool, "/c/%s", c.slug), "imported");
}
