/* pages_search.c — searching a cycle's scenarios and library, accents and
 * capitals ignored (engines/fold.c folds both the index and the query),
 * with a snippet of each result where the words matched are marked. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"
#include "../domain/catalog.h"
#include "../domain/scenario.h"
#include "../engines/fold.h"

#include <jansson.h>
#include <string.h>

#define PER_PAGE 20
#define MAX_TERMS 16
#define SNIPPET_WIDTH 240

static const char *search_url(http_req *r, const cycle_ctx *cx, const char *q, const char *kind, int64_t page)
{
	const char *s = arena_printf(r->pool, "/search?q=%s", text_urlencode(r->pool, q));
	if (*kind)
		s = arena_printf(r->pool, "%s&kind=%s", s, kind);
	if (page > 1)
		s = arena_printf(r->pool, "%s&page=%lld", s, (long long)page);
	return cp_url(r, cx, s);
}

/* Writes the snippet of text around the terms, matches in <mark>. */
static void snippet(http_req *r, const char *text, char *const *terms, size_t nterms)
{
	const char **pieces;
	size_t n = fold_snippet(r->pool, text, terms, nterms, SNIPPET_WIDTH, &pieces);
	if (!n || (n == 1 && !*pieces[0]))
		return;
	buf *o = &r->out;
	html_raw(o, "<p class=\"snippet\">");
	for (size_t i = 0; i < n; i++) {
		if (i % 2)
			html_printf(o, "<mark>%s</mark>", pieces[i]);
		else
			html_printf(o, "%s", pieces[i]);
	}
	html_raw(o, "</p>");
}

/* Template sections already read, by template id. */
typedef struct tpl_cache {
	int64_t id[PER_PAGE];
	json_t *defs[PER_PAGE];
	size_t n;
} tpl_cache;

static json_t *template_defs(http_req *r, tpl_cache *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return c->defs[i];
	store_template t;
	json_t *defs = NULL;
	if (store_template_by_id(r->db, r->pool, id, &t) == STORE_OK)
		defs = catalog_sections(&t);
	if (!defs)
		defs = json_array();
	arena_defer(r->pool, (void (*)(void *))json_decref, defs);
	if (c->n < PER_PAGE) {
		c->id[c->n] = id;
		c->defs[c->n++] = defs;
	}
	return defs;
}

/* The targets of one page of hits, read in two queries. */
typedef struct targets {
	store_scenario *sc;
	size_t nsc;
	store_item *it;
	size_t nit;
} targets;

static bool load_targets(http_req *r, const store_hit *h, size_t n, targets *t)
{
	int64_t *si = arena_alloc(r->pool, (n + 1) * sizeof *si), *ii = arena_alloc(r->pool, (n + 1) * sizeof *ii);
	size_t ns = 0, ni = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(h[i].kind, "scenario"))
			si[ns++] = h[i].target_id;
		else
			ii[ni++] = h[i].target_id;
	}
	return store_scenario_by_ids(r->db, r->pool, si, ns, &t->sc, &t->nsc) == STORE_OK &&
	       store_item_by_ids(r->db, r->pool, ii, ni, &t->it, &t->nit) == STORE_OK;
}

/* One result. A hit whose target has gone (deleted meanwhile) is skipped. */
static void result(http_req *r, const cycle_ctx *cx, const store_hit *h, const targets *t, char *const *terms,
		   size_t nterms, tpl_cache *cache)
{
	buf *o = &r->out;
	if (!strcmp(h->kind, "scenario")) {
		const store_scenario *sc = NULL;
		for (size_t i = 0; i < t->nsc; i++)
			if (t->sc[i].id == h->target_id && t->sc[i].cycle_id == cx->c.id)
				sc = &t->sc[i];
		if (!sc)
			return;
		html_printf(o, "<li><h3><a href=\"%s\">%s</a></h3><p class=\"meta\"><span class=\"tag\">%s</span> · %s</p>",
			    cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s", sc->uid)), sc->title, T(r, "Scenario"),
			    cp_status_label(r, sc->status));
		snippet(r, scenario_fulltext(r->pool, sc, template_defs(r, cache, sc->template_id)), terms, nterms);
		html_raw(o, "</li>");
		return;
	}
	const store_item *it = NULL;
	for (size_t i = 0; i < t->nit; i++)
		if (t->it[i].id == h->target_id && t->it[i].cycle_id == cx->c.id)
			it = &t->it[i];
	if (!it)
		return;
	html_printf(o, "<li><h3><a href=\"%s\">%s</a></h3><p class=\"meta\"><span class=\"tag\">%s</span> · %s</p>",
		    cp_url(r, cx, arena_printf(r->pool, "/library/%s", it->uid)), it->title, T(r, "Library"),
		    cp_kind_label(r, it->kind));
	snippet(r, it->summary && *it->summary ? it->summary : it->source, terms, nterms);
	html_raw(o, "</li>");
}

static void kind_link(http_req *r, const cycle_ctx *cx, const char *q, const char *kind, const char *current,
		      const char *label, int64_t n)
{
	const char *text = n >= 0 ? arena_printf(r->pool, "%s (%lld)", label, (long long)n) : label;
	if (!strcmp(kind, current))
		html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"true\">%s</a></li>", search_url(r, cx, q, kind, 1), text);
	else
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", search_url(r, cx, q, kind, 1), text);
}

/* GET /c/{slug}/search */
void page_search(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	buf *o = &r->out;
	const char *q = text_trim(r->pool, http_query(r, "q") ?: "");
	if (strlen(q) > 500)
		q = "";
	const char *kind = http_query(r, "kind") ?: "";
	if (strcmp(kind, "scenario") && strcmp(kind, "item"))
		kind = "";
	int64_t page = 1;
	const char *pv = http_query(r, "page");
	if (!pv || !text_parse_i64(pv, &page) || page < 1 || page > 1000)
		page = 1;
	char *terms[MAX_TERMS];
	size_t nterms = fold_terms(r->pool, q, terms, MAX_TERMS);
	store_hit *hits = NULL;
	size_t nhits = 0;
	int64_t total = 0;
	/* One query per page: the kind links carry no counts, which would cost
	 * two more full searches on a large library. */
	if (nterms &&
	    store_search(r->db, r->pool, cx.c.id, terms, nterms, kind, (page - 1) * PER_PAGE, PER_PAGE, &hits,
			 &nhits, &total) != STORE_OK) {
		cp_fail(r);
		return;
	}
	cp_begin(r, &cx, *q ? arena_printf(r->pool, T(r, "Search: %s"), q) : T(r, "Search"), "search");
	html_printf(o, "<h1>%s</h1>", T(r, "Search"));
	html_printf(o, "<form method=\"get\" action=\"%s\" role=\"search\" class=\"search\">", cp_url(r, &cx, "/search"));
	html_printf(o, "<div class=\"field\"><label for=\"q\">%s</label><p class=\"hint\" id=\"q-hint\">%s</p>"
		       "<input type=\"search\" id=\"q\" name=\"q\" value=\"%s\" aria-describedby=\"q-hint\"></div>",
		    T(r, "Search the scenarios and the library of this cycle"),
		    T(r, "Accents and capitals do not matter; every word must appear, as a whole word or the start of one."),
		    q);
	if (*kind)
		html_printf(o, "<input type=\"hidden\" name=\"kind\" value=\"%s\">", kind);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Search"));
	if (!*q) {
		page_end(r);
		return;
	}
	html_printf(o, "<section aria-labelledby=\"res-h\"><h2 id=\"res-h\">%s</h2>",
		    total >= STORE_SEARCH_WINDOW ? arena_printf(r->pool, T(r, "At least %d results"), STORE_SEARCH_WINDOW)
				  : arena_printf(r->pool, TN(r, "%lld result", "%lld results", total), (long long)total));
	html_printf(o, "<nav aria-label=\"%s\"><ul class=\"facet\">", T(r, "Kind of result"));
	kind_link(r, &cx, q, "", kind, T(r, "everything"), -1);
	kind_link(r, &cx, q, "scenario", kind, T(r, "scenarios"), -1);
	kind_link(r, &cx, q, "item", kind, T(r, "library"), -1);
	html_raw(o, "</ul></nav>");
	if (!total) {
		html_printf(o, "<p>%s</p></section>",
			    T(r, "No result. Try fewer words, or the start of a word."));
		page_end(r);
		return;
	}
	targets tg;
	if (!load_targets(r, hits, nhits, &tg)) {
		cp_fail(r);
		return;
	}
	html_raw(o, "<ol class=\"results\">");
	tpl_cache cache = {.n = 0};
	for (size_t i = 0; i < nhits; i++)
		result(r, &cx, &hits[i], &tg, terms, nterms, &cache);
	html_raw(o, "</ol>");
	if (!nhits)
		html_printf(o, "<p>%s</p>", T(r, "There is nothing on this page."));
	int64_t pages = (total + PER_PAGE - 1) / PER_PAGE;
	if (pages > 1) {
		html_printf(o, "<nav aria-label=\"%s\"><ul class=\"pager\">", T(r, "Pages"));
		if (page > 1)
			html_printf(o, "<li><a rel=\"prev\" href=\"%s\">%s</a></li>", search_url(r, &cx, q, kind, page - 1),
				    T(r, "Previous page"));
		html_printf(o, "<li>%s</li>", arena_printf(r->pool, T(r, "Page %lld of %lld"), (long long)page,
							  (long long)pages));
		if (page < pages)
			html_printf(o, "<li><a rel=\"next\" href=\"%s\">%s</a></li>", search_url(r, &cx, q, kind, page + 1),
				    T(r, "Next page"));
		html_raw(o, "</ul></nav>");
	}
	html_raw(o, "</section>");
	page_end(r);
}
