/* pages_home.c — the home page, the language switch and the heartbeat
 * stream that proves the Server-Sent Events machinery. */
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "sse.h"
#include "../core/text.h"

#include <stdlib.h>
#include <string.h>

/* GET / */
void page_home(http_req *r)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Home"));
	html_printf(o, "<h1>%s</h1>", T(r, "fabrique"));
	html_printf(o, "<p class=\"lead\">%s</p>",
		    T(r, "A platform for collective foresight cycles: gather signals, write scenarios "
			 "of the future, choose together in a seminar, enrich them in working groups, "
			 "map controversies, publish a cahier d'enjeux and build coalitions that act."));
	html_printf(o, "<section aria-labelledby=\"cycle-h\"><h2 id=\"cycle-h\">%s</h2><ol class=\"stages\">",
		    T(r, "The stages of a cycle"));
	static const char *const stages[][2] = {
		{N_("Explore"), N_("references, signals, imaginaries and questions from actors")},
		{N_("Imagine"), N_("scenarios and micro-stories written in shared templates")},
		{N_("Select"), N_("a seminar where participants vote and retain scenarios")},
		{N_("Enrich"), N_("working groups complete the retained scenarios")},
		{N_("Debate"), N_("an opinion map shows disagreements and common ground")},
		{N_("Publish"), N_("the cahier d'enjeux gathers the findings")},
		{N_("Act"), N_("coalitions of organisations take them forward")},
	};
	for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
		html_printf(o, "<li><strong>%s</strong> — %s</li>", T(r, stages[i][0]), T(r, stages[i][1]));
	html_raw(o, "</ol></section>");
	store_cycle *c;
	size_t n = 0;
	if (store_cycle_list(r->db, r->pool, r->user ? r->user->id : 0, r->user && r->user->is_admin, false, &c,
			     &n) == STORE_OK && n) {
		html_printf(o, "<section aria-labelledby=\"cycles-h\"><h2 id=\"cycles-h\">%s</h2><ul>", T(r, "Cycles"));
		for (size_t i = 0; i < n && i < 10; i++)
			html_printf(o, "<li><a href=\"/c/%s\">%s</a>%s%s</li>", c[i].slug, c[i].title,
				    c[i].question[0] ? " — " : "", c[i].question);
		html_printf(o, "</ul><p><a href=\"/cycles\">%s</a></p></section>", T(r, "All the cycles"));
	}
	store_open_seminar *sm;
	size_t ns = 0;
	if (store_seminar_open_public(r->db, r->pool, &sm, &ns) == STORE_OK && ns) {
		html_printf(o, "<section aria-labelledby=\"sem-h\"><h2 id=\"sem-h\">%s</h2><ul>",
			    T(r, "Seminars open now"));
		for (size_t i = 0; i < ns; i++)
			html_printf(o, "<li><a href=\"/c/%s/seminars/%s\">%s</a> — %s (%s)</li>", sm[i].cycle_slug,
				    sm[i].uid, sm[i].title, sm[i].cycle_title,
				    strcmp(sm[i].state, "vote_open") == 0 ? T(r, "the vote is open") : T(r, "presentation"));
		html_printf(o, "</ul><p><a href=\"/join\">%s</a></p></section>", T(r, "Join a seminar with its code"));
	}
	if (r->user)
		html_printf(o, "<p>%s <a href=\"/account\">%s</a></p>",
			    arena_printf(r->pool, T(r, "Signed in as %s."), r->user->name), T(r, "Open my account"));
	else
		html_printf(o, "<p><a class=\"button\" href=\"/login\">%s</a></p>", T(r, "Sign in"));
	page_end(r);
}

/* GET /lang/{code}?next=PATH — remembers the language for a year. */
void page_lang(http_req *r)
{
	int l = i18n_parse(r->param[0]);
	if (l < 0 || strlen(r->param[0]) != 2) {
		http_fail(r, 404, T(r, "This language is not available."));
		return;
	}
	r->lang = (i18n_lang)l;
	http_set_cookie(r, "fab_lang", i18n_code(r->lang), 365 * 86400);
	const char *next = http_query(r, "next");
	http_redirect(r, next && *next ? next : "/", NULL);
}

/* GET /events/heartbeat — a stream with a heartbeat every ?interval= seconds
 * (1 to 60, default 15). */
void page_events_heartbeat(http_req *r)
{
	const char *iv = http_query(r, "interval");
	int64_t s = 15;
	if (iv && !text_parse_i64(iv, &s))
		s = 0;
	if (s < 1 || s > 60) {
		http_fail(r, 400, T(r, "The interval must be a whole number of seconds from 1 to 60."));
		return;
	}
	sse_open(r, "heartbeat", (int)s);
}
