/*
 * pages_seminars.c — the facilitator's side of the seminar day: the list of
 * a cycle's seminars, creating and editing one, the control page that moves
 * it from state to state and resolves a tie across the cut, the results
 * with their explanations, the working groups, and the exports (ballots as
 * CSV and PrefLib, results as JSON and CSV, groups as CSV).
 */
#include "pages.h"
#include "chart.h"
#include "html.h"
#include "layout.h"
#include "seminar_page.h"
#include "../domain/seminar_export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- list ---- */

/* GET /c/{slug}/seminars */
void page_seminars(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	store_seminar *sm;
	size_t n;
	if (store_seminar_list(r->db, r->pool, cx.c.id, &sm, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	cp_begin(r, &cx, T(r, "Seminars"), "seminars");
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(r, "Seminars"),
		    T(r, "At a seminar, participants hear the candidate scenarios, vote, see which are retained and sign up to a working group for each."));
	html_printf(o, "<p><a href=\"/join\">%s</a>", T(r, "Join a seminar with its code"));
	if (cycle_can_facilitate(&cx) && !cx.c.archived)
		html_printf(o, " · <a class=\"button\" href=\"%s\">%s</a>", cp_url(r, &cx, "/seminars/new"),
			    T(r, "New seminar"));
	html_raw(o, "</p>");
	if (!n) {
		html_printf(o, "<p>%s</p>", T(r, "No seminar yet."));
	} else {
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(r, "Seminars of this cycle"), T(r, "Title"), T(r, "Ballot method"), T(r, "State"),
			    T(r, "Scenarios to retain"));
		for (size_t i = 0; i < n; i++) {
			html_printf(o, "<tr><td><a href=\"%s\">%s</a>", sp_url(r, &cx, &sm[i], NULL), sm[i].title);
			if (cycle_can_facilitate(&cx))
				html_printf(o, " — <a href=\"%s\">%s</a>", sp_url(r, &cx, &sm[i], "/control"),
					    T(r, "control"));
			html_printf(o, "</td><td>%s</td><td>%s</td><td>%lld</td></tr>", sp_method_label(r, sm[i].method),
				    sp_state_label(r, sm[i].state), (long long)sm[i].seats);
		}
		html_raw(o, "</tbody></table>");
	}
	page_end(r);
}

/* ---- create and edit ---- */

static const char *const method_codes[] = {"approval", "dots", "schulze", "mj", "borda", NULL};

static const char *num(http_req *r, int64_t v)
{
	return arena_printf(r->pool, "%lld", (long long)v);
}

static int64_t form_int(http_req *r, const char *name, int64_t def)
{
	const char *v = http_form(r, name);
	if (!v || !*v)
		return def;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (*end || x < -1000000 || x > 1000000)
		return -1000001; /* out of every range: the checks name the field */
	return x;
}

/* The form shared by creation and edition. cand_sel[i] says whether the
 * scenario sc[i] is a candidate. */
static void seminar_form(http_req *r, const cycle_ctx *cx, const store_seminar *sm, const seminar_params *p,
			 const store_scenario *sc, size_t nsc, const bool *cand_sel, const problems *pb,
			 const char *action, const char *submit)
{
	buf *o = &r->out;
	cp_errors(r, pb);
	html_printf(o, "<form method=\"post\" action=\"%s\">", action);
	page_csrf_field(r);
	cp_input(r, "title", T(r, "Title"), "text", sm->title, cp_error(r, pb, "title"), true, NULL);
	const char **mopts = arena_alloc(r->pool, 11 * sizeof *mopts);
	size_t k = 0;
	for (int i = 0; method_codes[i]; i++) {
		mopts[k++] = method_codes[i];
		mopts[k++] = sp_method_label(r, method_codes[i]);
	}
	mopts[k] = NULL;
	cp_select(r, "method", T(r, "Ballot method"), mopts, sm->method, cp_error(r, pb, "method"));
	cp_input(r, "seats", T(r, "Scenarios to retain"), "number", num(r, sm->seats), cp_error(r, pb, "seats"),
		 true, NULL);
	html_printf(o, "<fieldset><legend>%s</legend>", T(r, "Parameters of the method"));
	cp_input(r, "max_approvals", T(r, "Approval vote: most scenarios one may approve"), "number",
		 num(r, p->max_approvals), cp_error(r, pb, "max_approvals"), false, T(r, "0 for no limit."));
	cp_input(r, "dots", T(r, "Dot voting: dots per participant"), "number", num(r, p->dots),
		 cp_error(r, pb, "dots"), false, NULL);
	cp_input(r, "dots_max", T(r, "Dot voting: most dots on one scenario"), "number", num(r, p->dots_max),
		 cp_error(r, pb, "dots_max"), false, T(r, "0 for no limit."));
	const char *uopts[] = {"last", T(r, "below every ranked scenario (Debian's rule)"), "ignore",
			       T(r, "no opinion"), NULL};
	cp_select(r, "unranked", T(r, "Ranked ballots: a scenario left unranked counts as"), uopts,
		  p->unranked_ignore ? "ignore" : "last", NULL);
	html_raw(o, "</fieldset>");
	html_printf(o, "<fieldset><legend>%s</legend>", T(r, "Working groups"));
	cp_input(r, "group_min", T(r, "Smallest group"), "number", num(r, sm->group_min), cp_error(r, pb, "group_min"),
		 false, NULL);
	cp_input(r, "group_max", T(r, "Largest group"), "number", num(r, sm->group_max), cp_error(r, pb, "group_max"),
		 false, T(r, "0 for no limit."));
	cp_input(r, "max_share", T(r, "Most of one organisation kind in a group (%)"), "number",
		 num(r, sm->max_share), cp_error(r, pb, "max_share"), false, T(r, "0 for no rule."));
	html_raw(o, "</fieldset>");
	const char *cerr = cp_error(r, pb, "candidates");
	if (cerr)
		html_raw(o, "<fieldset id=\"candidates\" aria-describedby=\"candidates-error\">");
	else
		html_raw(o, "<fieldset id=\"candidates\">");
	html_printf(o, "<legend>%s</legend>", T(r, "Candidate scenarios, in order of presentation"));
	if (cerr)
		html_printf(o, "<p class=\"field-error\" id=\"candidates-error\">%s</p>", cerr);
	if (!nsc)
		html_printf(o, "<p>%s</p>", T(r, "This cycle has no scenario yet."));
	for (size_t i = 0; i < nsc; i++)
		html_printf(o, "<div class=\"check\"><input type=\"checkbox\" name=\"candidate\" value=\"%lld\" id=\"cand-%lld\"%s>"
			       "<label for=\"cand-%lld\">%s <span class=\"hint\">(%s)</span></label></div>",
			    (long long)sc[i].id, (long long)sc[i].id, cand_sel[i] ? " checked" : "", (long long)sc[i].id,
			    sc[i].title, cp_status_label(r, sc[i].status));
	html_printf(o, "</fieldset><button type=\"submit\">%s</button></form>", submit);
}

/* Reads the form into sm, p and the candidate ids. */
static void read_form(http_req *r, store_seminar *sm, seminar_params *p, int64_t **cand, size_t *ncand)
{
	sm->title = http_form(r, "title");
	sm->method = http_form(r, "method");
	sm->seats = form_int(r, "seats", 0);
	sm->group_min = form_int(r, "group_min", 0);
	sm->group_max = form_int(r, "group_max", 0);
	sm->max_share = form_int(r, "max_share", 0);
	memset(p, 0, sizeof *p);
	int m = tally_method_parse(sm->method ? sm->method : "");
	p->method = m < 0 ? TALLY_APPROVAL : (tally_method)m;
	p->max_approvals = (int)form_int(r, "max_approvals", 0);
	p->dots = (int)form_int(r, "dots", 5);
	p->dots_max = (int)form_int(r, "dots_max", 0);
	const char *u = http_form(r, "unranked");
	p->unranked_ignore = u && strcmp(u, "ignore") == 0;
	*cand = arena_alloc(r->pool, (r->nfields ? r->nfields : 1) * sizeof **cand);
	*ncand = 0;
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, "candidate") == 0)
			(*cand)[(*ncand)++] = strtoll(r->fields[i].value, NULL, 10);
}

static bool load_scenarios(http_req *r, const cycle_ctx *cx, store_scenario **sc, size_t *n)
{
	store_scenario_filter f = {0};
	if (store_scenario_list(r->db, r->pool, cx->c.id, &f, sc, n) != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

static void new_form_page(http_req *r, const cycle_ctx *cx, const store_seminar *sm, const seminar_params *p,
			  const int64_t *cand, size_t ncand, const problems *pb, bool defaults)
{
	store_scenario *sc;
	size_t nsc;
	if (!load_scenarios(r, cx, &sc, &nsc))
		return;
	bool *sel = arena_zalloc(r->pool, (nsc ? nsc : 1) * sizeof *sel);
	for (size_t i = 0; i < nsc; i++) {
		if (defaults)
			sel[i] = strcmp(sc[i].status, "candidat") == 0;
		for (size_t j = 0; j < ncand; j++)
			if (cand[j] == sc[i].id)
				sel[i] = true;
	}
	cp_begin(r, cx, T(r, "New seminar"), "seminars");
	html_printf(&r->out, "<h1>%s</h1>", T(r, "New seminar"));
	seminar_form(r, cx, sm, p, sc, nsc, sel, pb, cp_url(r, cx, "/seminars"), T(r, "Create the seminar"));
	page_end(r);
}

/* GET /c/{slug}/seminars/new */
void page_seminar_new(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_seminar sm = {.title = "", .method = "mj", .seats = 7, .group_min = 0, .group_max = 0};
	seminar_params p = {.method = TALLY_MJ, .dots = 5, .dots_max = 0};
	new_form_page(r, &cx, &sm, &p, NULL, 0, NULL, true);
}

/* POST /c/{slug}/seminars */
void page_seminar_create(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_seminar sm = {0};
	seminar_params p;
	int64_t *cand;
	size_t ncand;
	read_form(r, &sm, &p, &cand, &ncand);
	problems pb;
	problems_init(&pb, r->pool);
	if (!seminar_create(r->db, r->pool, &cx, &sm, &p, cand, ncand, r->now, &pb)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		new_form_page(r, &cx, &sm, &p, cand, ncand, &pb, false);
		return;
	}
	http_redirect(r, sp_url(r, &cx, &sm, "/control"), "seminar_created");
}

static void edit_page(http_req *r, const cycle_ctx *cx, const store_seminar *sm, const seminar_params *p,
		      const int64_t *cand, size_t ncand, const problems *pb)
{
	store_scenario *sc;
	size_t nsc;
	if (!load_scenarios(r, cx, &sc, &nsc))
		return;
	/* Candidates first, in their order, then the other scenarios. */
	store_scenario *ord = arena_alloc(r->pool, (nsc ? nsc : 1) * sizeof *ord);
	bool *sel = arena_zalloc(r->pool, (nsc ? nsc : 1) * sizeof *sel);
	size_t k = 0;
	for (size_t j = 0; j < ncand; j++)
		for (size_t i = 0; i < nsc; i++)
			if (sc[i].id == cand[j]) {
				sel[k] = true;
				ord[k++] = sc[i];
			}
	for (size_t i = 0; i < nsc; i++) {
		bool in = false;
		for (size_t j = 0; j < ncand; j++)
			in |= sc[i].id == cand[j];
		if (!in)
			ord[k++] = sc[i];
	}
	cp_begin(r, cx, T(r, "Edit the seminar"), "seminars");
	html_printf(&r->out, "<h1>%s</h1>", T(r, "Edit the seminar"));
	seminar_form(r, cx, sm, p, ord, k, sel, pb, sp_url(r, cx, sm, "/edit"), T(r, "Save"));
	page_end(r);
}

static bool open_control(http_req *r, cycle_ctx *cx, store_seminar *sm)
{
	return cp_open_steer(r, cx) && sp_load(r, cx, sm);
}

/* GET /c/{slug}/seminars/{uid}/edit */
void page_seminar_edit(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	store_candidate *c;
	size_t n;
	if (store_candidate_list(r->db, r->pool, sm.id, &c, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	int64_t *ids = arena_alloc(r->pool, (n ? n : 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = c[i].scenario_id;
	seminar_params p;
	seminar_params_read(&sm, &p);
	edit_page(r, &cx, &sm, &p, ids, n, NULL);
}

/* POST /c/{slug}/seminars/{uid}/edit */
void page_seminar_update(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	int st = seminar_state_of(sm.state);
	if (st >= SEM_RESULTS && st < SEM_GROUPS_DONE && http_form(r, "groups_only")) {
		/* People may join until sign-up closes: the group sizes and the
		 * diversity rule stay adjustable until the groups are formed, so
		 * that late arrivals never leave the assignment impossible. */
		store_seminar g = sm;
		g.group_min = form_int(r, "group_min", 0);
		g.group_max = form_int(r, "group_max", 0);
		g.max_share = form_int(r, "max_share", 0);
		seminar_params gp;
		seminar_params_read(&sm, &gp);
		problems gpb;
		problems_init(&gpb, r->pool);
		seminar_check(&g, &gp, -1, &gpb);
		if (gpb.n) {
			http_fail(r, 422, page_problem_text(r, &gpb.v[0]));
			return;
		}
		g.updated_at = r->now;
		if (store_seminar_update(r->db, &g) != STORE_OK) {
			cp_fail(r);
			return;
		}
		http_redirect(r, sp_url(r, &cx, &sm, "/groups"), "saved");
		return;
	}
	if (st != SEM_PREPARATION) {
		http_fail(r, 409, T(r, "The seminar can be changed only while it is in preparation."));
		return;
	}
	seminar_params p;
	int64_t *cand;
	size_t ncand;
	read_form(r, &sm, &p, &cand, &ncand);
	problems pb;
	problems_init(&pb, r->pool);
	seminar_check(&sm, &p, (long)ncand, &pb);
	for (size_t i = 0; !pb.n && i < ncand; i++) {
		store_scenario sc;
		if (store_scenario_by_id(r->db, r->pool, cand[i], &sc) != STORE_OK || sc.cycle_id != cx.c.id)
			problems_add(&pb, "candidates", N_("A candidate is not a scenario of this cycle."));
		for (size_t j = 0; j < i; j++)
			if (cand[j] == cand[i])
				problems_add(&pb, "candidates", N_("A scenario is listed twice."));
	}
	if (pb.n) {
		r->status = 422;
		edit_page(r, &cx, &sm, &p, cand, ncand, &pb);
		return;
	}
	sm.method = tally_method_name(p.method);
	sm.params = seminar_params_json(r->pool, &p);
	sm.updated_at = r->now;
	if (store_seminar_update(r->db, &sm) != STORE_OK ||
	    store_candidates_set(r->db, sm.id, cand, ncand) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, sp_url(r, &cx, &sm, "/control"), "saved");
}

/* ---- control ---- */

/* Writes the ranking of an outcome as a table: rank, scenario, retained or
 * tied. */
static void ranking_table(http_req *r, const cycle_ctx *cx, const seminar_outcome *o, bool show_retained)
{
	buf *out = &r->out;
	html_printf(out, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			 "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "Ranking"), T(r, "Rank"), T(r, "Scenario"), T(r, "Decision"));
	int *rankof = arena_alloc(r->pool, (o->ncand ? o->ncand : 1) * sizeof *rankof);
	for (size_t i = 0; i < o->ncand; i++)
		rankof[i] = o->tally->rank ? o->tally->rank[i] : 0;
	for (size_t k = 0; k < o->ncand; k++) {
		int i = o->final_order[k];
		bool tied = false;
		for (size_t t = 0; o->tie && t < o->ntied; t++)
			tied |= o->tied[t] == i;
		const char *decision = tied ? T(r, "tied across the cut")
				       : !show_retained ? ""
				       : o->retained[i] ? T(r, "✓ retained") : T(r, "not retained");
		if (o->retained[i] && show_retained)
			html_raw(out, "<tr class=\"retained\">");
		else
			html_raw(out, "<tr>");
		html_printf(out, "<td>%d</td><td>", rankof[i]);
		/* Someone let in by the seminar's code alone cannot open the
		 * cycle's scenarios: no link that would answer 404. */
		if (sp_cycle_visible(cx))
			html_printf(out, "<a href=\"%s\">%s</a>",
				    cp_url(r, cx, arena_printf(r->pool, "/scenarios/%s", o->cand[i].uid)), o->cand[i].title);
		else
			html_text(out, o->cand[i].title);
		html_printf(out, "</td><td>%s</td></tr>", decision);
	}
	html_raw(out, "</tbody></table>");
}

/* The facilitator's record of a seminar, newest last. */
static void record_list(http_req *r, const store_seminar *sm)
{
	store_seminar_event *ev;
	size_t n;
	if (store_seminar_events(r->db, r->pool, sm->id, &ev, &n) != STORE_OK || !n)
		return;
	buf *o = &r->out;
	html_printf(o, "<h2>%s</h2><ol class=\"record\">", T(r, "History of the seminar"));
	for (size_t i = 0; i < n; i++) {
		/* A <time> whose text is not a machine-readable date needs one in
		 * datetime. */
		time_t at = (time_t)ev[i].at;
		struct tm tm;
		char iso[32];
		gmtime_r(&at, &tm);
		strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
		html_printf(o, "<li><time datetime=\"%s\">%s</time> — %s", iso, page_time(r, ev[i].at),
			    ev[i].actor_name ? ev[i].actor_name : "");
		json_t *d = json_loads(ev[i].detail, 0, NULL);
		if (strcmp(ev[i].kind, "state") == 0)
			html_printf(o, " %s → %s", sp_state_label(r, json_string_value(json_object_get(d, "from"))),
				    sp_state_label(r, json_string_value(json_object_get(d, "to"))));
		else if (strcmp(ev[i].kind, "resolution") == 0) {
			const char *k = json_string_value(json_object_get(d, "kind"));
			if (k && strcmp(k, "lots") == 0)
				html_printf(o, " %s %lld", T(r, "tie resolved by lots drawn with seed"),
					    (long long)json_integer_value(json_object_get(d, "seed")));
			else if (k && strcmp(k, "runoff") == 0)
				html_printf(o, " %s", T(r, "tie resolved by a second round among the tied"));
			else
				html_printf(o, " %s %lld", T(r, "tie resolved by retaining one more; scenarios retained:"),
					    (long long)json_integer_value(json_object_get(d, "seats")));
		} else if (strcmp(ev[i].kind, "assignment") == 0)
			html_printf(o, " %s %lld", T(r, "groups assigned with seed"),
				    (long long)json_integer_value(json_object_get(d, "seed")));
		else if (strcmp(ev[i].kind, "move") == 0)
			html_printf(o, " %s %s", T(r, "moved by hand:"), json_string_value(json_object_get(d, "nickname")));
		else if (strcmp(ev[i].kind, "created") == 0)
			html_printf(o, " %s", T(r, "seminar created"));
		json_decref(d);
		html_raw(o, "</li>");
	}
	html_raw(o, "</ol>");
}

static void move_button(http_req *r, const cycle_ctx *cx, const store_seminar *sm, int to, const char *label)
{
	const char *why;
	if (!seminar_can_move(sm, to, &why))
		return;
	html_printf(&r->out, "<form method=\"post\" action=\"%s\" class=\"inline\">", sp_url(r, cx, sm, "/state"));
	page_csrf_field(r);
	html_printf(&r->out, "<input type=\"hidden\" name=\"to\" value=\"%s\"><button type=\"submit\">%s</button></form> ",
		    seminar_states[to], label);
}

/* GET /c/{slug}/seminars/{uid}/control */
void page_seminar_control(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open_facilitate(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	int64_t joined = 0, ballots = 0;
	store_candidate *c;
	size_t nc;
	if (store_seminar_counts(r->db, sm.id, sm.round, &joined, &ballots) != STORE_OK ||
	    store_candidate_list(r->db, r->pool, sm.id, &c, &nc) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	int st = seminar_state_of(sm.state);
	cp_begin(r, &cx, sm.title, "seminars");
	html_printf(o, "<h1>%s</h1><p>%s · %s</p>", sm.title, sp_method_label(r, sm.method),
		    arena_printf(r->pool, TN(r, "%lld scenario to retain among %zu", "%lld scenarios to retain among %zu", sm.seats),
				 (long long)sm.seats, nc));
	html_printf(o, "<ol class=\"states\" aria-label=\"%s\">", T(r, "States of the seminar"));
	for (int i = 0; i < SEM_NSTATES; i++)
		if (i == st)
			html_printf(o, "<li aria-current=\"step\" class=\"current\">%s (%s)</li>",
				    sp_state_label(r, seminar_states[i]), T(r, "now"));
		else
			html_printf(o, "<li>%s</li>", sp_state_label(r, seminar_states[i]));
	html_raw(o, "</ol>");
	html_printf(o, "<p class=\"counts\">%s · %s</p>",
		    arena_printf(r->pool, TN(r, "%lld participant joined", "%lld participants joined", joined), (long long)joined),
		    arena_printf(r->pool, TN(r, "%lld ballot cast", "%lld ballots cast", ballots), (long long)ballots));
	if (sm.round > 1)
		html_printf(o, "<p>%s</p>", T(r, "Second round among the tied scenarios."));
	html_printf(o, "<p>%s <strong class=\"code\">%s</strong> · <a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
		    T(r, "Join code:"), sm.join_code, sp_url(r, &cx, &sm, "/projector"), T(r, "Projector view"),
		    sp_url(r, &cx, &sm, NULL), T(r, "Participant page"));
	if (cx.c.archived) {
		html_printf(o, "<p>%s</p>", T(r, "The cycle is archived: the seminar cannot change."));
	} else {
		html_printf(o, "<h2>%s</h2><div class=\"actions\">", T(r, "Next step"));
		move_button(r, &cx, &sm, SEM_PRESENTATION, T(r, "Start the presentation"));
		move_button(r, &cx, &sm, SEM_PREPARATION, T(r, "Back to preparation"));
		move_button(r, &cx, &sm, SEM_VOTE_OPEN, st == SEM_VOTE_CLOSED ? T(r, "Reopen the vote") : T(r, "Open the vote"));
		move_button(r, &cx, &sm, SEM_VOTE_CLOSED, T(r, "Close the vote"));
		move_button(r, &cx, &sm, SEM_RESULTS, T(r, "Publish the results"));
		move_button(r, &cx, &sm, SEM_GROUPS_OPEN, T(r, "Open sign-up to the working groups"));
		move_button(r, &cx, &sm, SEM_GROUPS_DONE, T(r, "Form the groups"));
		html_raw(o, "</div>");
		if (st == SEM_PREPARATION)
			html_printf(o, "<p><a href=\"%s\">%s</a></p>", sp_url(r, &cx, &sm, "/edit"),
				    T(r, "Edit the seminar and its candidates"));
		if (st == SEM_PRESENTATION) {
			/* The scenario on stage: the projector and the participants'
			 * page follow it. */
			html_printf(o, "<h2>%s</h2><ol class=\"present\">", T(r, "Presentation"));
			for (size_t i = 0; i < nc; i++) {
				bool now = sm.presenting == c[i].scenario_id;
				html_printf(o, "<li>%s", c[i].title);
				if (now) {
					html_printf(o, " — <strong>%s</strong></li>", T(r, "presenting now"));
					continue;
				}
				html_printf(o, " <form method=\"post\" action=\"%s\" class=\"inline\">", sp_url(r, &cx, &sm, "/present"));
				page_csrf_field(r);
				html_printf(o, "<input type=\"hidden\" name=\"scenario\" value=\"%lld\"><button type=\"submit\">%s</button></form></li>",
					    (long long)c[i].scenario_id, arena_printf(r->pool, T(r, "Present “%s”"), c[i].title));
			}
			html_raw(o, "</ol>");
		}
	}
	if (st >= SEM_VOTE_CLOSED) {
		seminar_outcome oc;
		if (!seminar_outcome_compute(r->db, r->pool, &sm, &oc)) {
			cp_fail(r);
			return;
		}
		html_printf(o, "<h2>%s</h2>", T(r, "Outcome"));
		if (oc.tie && st == SEM_VOTE_CLOSED) {
			html_printf(o, "<div class=\"notice\" role=\"status\"><p>%s</p>",
				    T(r, "A tie straddles the cut: the tied scenarios cannot all be retained. Choose how to resolve it."));
			html_printf(o, "<form method=\"post\" action=\"%s\">", sp_url(r, &cx, &sm, "/resolve"));
			page_csrf_field(r);
			html_printf(o, "<fieldset><legend>%s</legend>", T(r, "Resolution"));
			if (sm.round < 2)
				html_printf(o, "<div class=\"check\"><input type=\"radio\" name=\"kind\" value=\"runoff\" id=\"k-runoff\" checked>"
					       "<label for=\"k-runoff\">%s</label></div>",
					    T(r, "A second round among the tied scenarios"));
			html_printf(o, "<div class=\"check\"><input type=\"radio\" name=\"kind\" value=\"lots\" id=\"k-lots\"%s>"
				       "<label for=\"k-lots\">%s</label></div>",
				    sm.round < 2 ? "" : " checked", T(r, "Lots drawn (the seed is recorded)"));
			html_printf(o, "<div class=\"check\"><input type=\"radio\" name=\"kind\" value=\"extra\" id=\"k-extra\">"
				       "<label for=\"k-extra\">%s</label></div></fieldset>",
				    T(r, "Retain one more scenario"));
			cp_input(r, "seed", T(r, "Seed for the lots (optional)"), "number", "", NULL, false,
				 T(r, "Leave empty to draw one; give one to repeat a draw made elsewhere."));
			html_printf(o, "<button type=\"submit\">%s</button></form></div>", T(r, "Resolve the tie"));
		}
		ranking_table(r, &cx, &oc, true);
		html_printf(o, "<p><a href=\"%s\">%s</a></p>", sp_url(r, &cx, &sm, "/results"), T(r, "Results and explanations"));
	}
	if (st >= SEM_GROUPS_OPEN)
		html_printf(o, "<p><a href=\"%s\">%s</a></p>", sp_url(r, &cx, &sm, "/groups"), T(r, "Working groups"));
	html_printf(o, "<h2>%s</h2><ul>", T(r, "Exports"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li>", sp_url(r, &cx, &sm, "/ballots.csv"), T(r, "Ballots (anonymous, CSV)"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li>", sp_url(r, &cx, &sm, "/ballots.preflib"), T(r, "Ranked ballots (anonymous, PrefLib)"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li>", sp_url(r, &cx, &sm, "/results.json"), T(r, "Results (JSON)"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li>", sp_url(r, &cx, &sm, "/results.csv"), T(r, "Results (CSV)"));
	html_printf(o, "<li><a href=\"%s\">%s</a></li></ul>", sp_url(r, &cx, &sm, "/groups.csv"), T(r, "Groups (CSV)"));
	record_list(r, &sm);
	page_end(r);
}

/* POST /c/{slug}/seminars/{uid}/state */
void page_seminar_state(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	int to = seminar_state_of(http_form(r, "to"));
	const char *why = NULL;
	if (!seminar_move(r->db, r->pool, &sm, to, r->user->id, r->now, &why)) {
		if (!why) {
			cp_fail(r);
			return;
		}
		http_fail(r, 409, T(r, why));
		return;
	}
	sp_publish_counts(r, &sm);
	http_redirect(r, sp_url(r, &cx, &sm, "/control"), "seminar_moved");
}

/* POST /c/{slug}/seminars/{uid}/present — which candidate is on stage. */
void page_seminar_present(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	if (seminar_state_of(sm.state) != SEM_PRESENTATION) {
		http_fail(r, 409, T(r, "Scenarios are presented during the presentation only."));
		return;
	}
	const char *v = http_form(r, "scenario");
	int64_t id = v ? strtoll(v, NULL, 10) : 0;
	store_candidate *c;
	size_t n;
	if (store_candidate_list(r->db, r->pool, sm.id, &c, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	bool found = false;
	for (size_t i = 0; i < n; i++)
		found |= c[i].scenario_id == id;
	if (!found) {
		http_fail(r, 422, T(r, "This scenario is not a candidate of the seminar."));
		return;
	}
	sm.presenting = id;
	sm.updated_at = r->now;
	if (store_seminar_update(r->db, &sm) != STORE_OK) {
		cp_fail(r);
		return;
	}
	sp_publish_counts(r, &sm);
	http_redirect(r, sp_url(r, &cx, &sm, "/control"), NULL);
}

/* POST /c/{slug}/seminars/{uid}/resolve */
void page_seminar_resolve(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	const char *k = http_form(r, "kind");
	seminar_resolve_kind kind;
	if (k && strcmp(k, "runoff") == 0)
		kind = SEM_RESOLVE_RUNOFF;
	else if (k && strcmp(k, "lots") == 0)
		kind = SEM_RESOLVE_LOTS;
	else if (k && strcmp(k, "extra") == 0)
		kind = SEM_RESOLVE_EXTRA;
	else {
		http_fail(r, 422, T(r, "Choose how to resolve the tie."));
		return;
	}
	const char *seed_s = http_form(r, "seed");
	uint64_t seed = 0;
	if (seed_s && *seed_s) {
		char *end;
		seed = strtoull(seed_s, &end, 10);
		if (*end || seed == 0 || seed >= (1ULL << 53)) {
			http_fail(r, 422, T(r, "The seed must be a whole number between 1 and 9007199254740991."));
			return;
		}
	}
	const char *why = NULL;
	if (!seminar_resolve(r->db, r->pool, &sm, kind, seed, r->user->id, r->now, &why)) {
		if (!why) {
			cp_fail(r);
			return;
		}
		http_fail(r, 409, T(r, why));
		return;
	}
	sp_publish_counts(r, &sm);
	http_redirect(r, sp_url(r, &cx, &sm, "/control"), "tie_resolved");
}

/* ---- results ---- */

/* Whether the visitor may see the results: facilitators once the vote is
 * closed, everyone who reads the cycle once they are published. */
static bool results_visible(const cycle_ctx *cx, const store_seminar *sm)
{
	int st = seminar_state_of(sm->state);
	return st >= SEM_RESULTS || (st == SEM_VOTE_CLOSED && cycle_can_facilitate(cx));
}

static void explain(http_req *r, const char *id, const char *caption, const tally_result *t,
		    const char *const *names, const bool *retained)
{
	chart_frame f = {.lang = r->lang, .id = id, .caption = caption};
	switch (t->method) {
	case TALLY_APPROVAL:
	case TALLY_DOTS:
	case TALLY_BORDA: {
		chart_bar *rows;
		int n = chart_bar_rows(r->pool, t, names, retained, &rows);
		const char *head = t->method == TALLY_APPROVAL ? T(r, "Approvals")
				   : t->method == TALLY_DOTS ? T(r, "Dots") : T(r, "Borda points");
		chart_bars(&r->out, &f, head, rows, n);
		break;
	}
	case TALLY_MJ: {
		const char *grades[TALLY_MJ_GRADES];
		for (int g = 0; g < TALLY_MJ_GRADES; g++)
			grades[g] = sp_grade_label(r, g);
		chart_mj(&r->out, &f, t, names, retained, grades);
		break;
	}
	case TALLY_SCHULZE:
		chart_schulze(&r->out, &f, t, names);
		break;
	}
}

static const char *method_rule(http_req *r, tally_method m)
{
	switch (m) {
	case TALLY_APPROVAL:
		return T(r, "Each participant approved the scenarios they support; the most approved come first.");
	case TALLY_DOTS:
		return T(r, "Each participant spread their dots over the scenarios; the scenarios with the most dots come first.");
	case TALLY_SCHULZE:
		return T(r, "Each participant ranked the scenarios. For every pair, the table counts who prefers one to the other; a scenario comes first when the strongest chain of majorities from it to every other is stronger than the chain back (Schulze method, margins).");
	case TALLY_MJ:
		return T(r, "Each participant graded every scenario. A scenario's grade is its median grade (the lower one when the number of voters is even); ties are broken by removing median grades one at a time until the tied scenarios differ.");
	case TALLY_BORDA:
		return T(r, "Each participant ranked the scenarios; a scenario gets one point for each scenario ranked below it, and the most points come first.");
	}
	return "";
}

/* GET /c/{slug}/seminars/{uid}/results */
void page_seminar_results(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	store_participant me;
	bool has_me;
	if (!sp_open_participant(r, &cx, &sm, &me, &has_me))
		return;
	if (!results_visible(&cx, &sm)) {
		http_fail(r, 403, T(r, "The results are shown once the vote is closed and the facilitators publish them."));
		return;
	}
	seminar_outcome oc;
	if (!seminar_outcome_compute(r->db, r->pool, &sm, &oc)) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	const char **names = arena_alloc(r->pool, (oc.ncand ? oc.ncand : 1) * sizeof *names);
	for (size_t i = 0; i < oc.ncand; i++)
		names[i] = oc.cand[i].title;
	sp_begin(r, &cx, T(r, "Results"));
	html_printf(o, "<h1>%s — %s</h1>", T(r, "Results"), sm.title);
	if (seminar_state_of(sm.state) < SEM_RESULTS)
		html_printf(o, "<p class=\"notice\">%s</p>", T(r, "Preview for facilitators: the results are not published yet."));
	html_printf(o, "<p>%s · %s · %s</p>", sp_method_label(r, sm.method),
		    arena_printf(r->pool, TN(r, "%llu ballot", "%llu ballots", oc.ballots), (unsigned long long)oc.ballots),
		    arena_printf(r->pool, TN(r, "%lld scenario retained", "%lld scenarios retained", oc.seats), (long long)oc.seats));
	html_printf(o, "<p>%s</p>", method_rule(r, oc.tally->method));
	if (oc.tie)
		html_printf(o, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(r, "A tie straddles the cut: the facilitators resolve it before the results are published."));
	json_t *res = sm.resolution && *sm.resolution ? json_loads(sm.resolution, 0, NULL) : NULL;
	if (res) {
		const char *k = json_string_value(json_object_get(res, "kind"));
		if (k && strcmp(k, "lots") == 0)
			html_printf(o, "<p>%s</p>", arena_printf(r->pool, T(r, "A tie across the cut was resolved by lots drawn with the seed %lld."),
								     (long long)json_integer_value(json_object_get(res, "seed"))));
		else if (k && strcmp(k, "runoff") == 0)
			html_printf(o, "<p>%s</p>", T(r, "A tie across the cut was resolved by a second round among the tied scenarios."));
		else if (k)
			html_printf(o, "<p>%s</p>", T(r, "A tie across the cut was resolved by retaining one more scenario."));
		json_t *then = json_object_get(res, "then");
		if (then && json_object_get(then, "seed"))
			html_printf(o, "<p>%s</p>", arena_printf(r->pool, T(r, "The second round tied again; lots were drawn with the seed %lld."),
								     (long long)json_integer_value(json_object_get(then, "seed"))));
		json_decref(res);
	}
	ranking_table(r, &cx, &oc, true);
	html_printf(o, "<h2>%s</h2>", T(r, "How the ranking was reached"));
	explain(r, "round1", T(r, "Count of the vote"), oc.tally, names, oc.retained);
	if (oc.runoff) {
		const char **rn = arena_alloc(r->pool, (oc.nrunoff ? oc.nrunoff : 1) * sizeof *rn);
		bool *rr = arena_alloc(r->pool, (oc.nrunoff ? oc.nrunoff : 1) * sizeof *rr);
		for (size_t i = 0; i < oc.nrunoff; i++) {
			rn[i] = oc.cand[oc.runoff_idx[i]].title;
			rr[i] = oc.retained[oc.runoff_idx[i]];
		}
		html_printf(o, "<h2>%s</h2>", T(r, "Second round"));
		explain(r, "round2", T(r, "Count of the second round"), oc.runoff, rn, rr);
	}
	html_printf(o, "<p><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>", sp_url(r, &cx, &sm, "/results.json"),
		    T(r, "Results (JSON)"), sp_url(r, &cx, &sm, "/results.csv"), T(r, "Results (CSV)"));
	page_end(r);
}

/* ---- groups ---- */

/* GET /c/{slug}/seminars/{uid}/groups */
void page_seminar_groups(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	bool fac = cycle_can_facilitate(&cx);
	int st = seminar_state_of(sm.state);
	if (st < SEM_GROUPS_OPEN || (!fac && st < SEM_GROUPS_DONE)) {
		http_fail(r, 403, T(r, "The working groups are shown once they are formed."));
		return;
	}
	seminar_groups g;
	if (!seminar_groups_load(r->db, r->pool, &sm, &g)) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	cp_begin(r, &cx, T(r, "Working groups"), "seminars");
	html_printf(o, "<h1>%s — %s</h1>", T(r, "Working groups"), sm.title);
	size_t with_prefs = 0;
	for (size_t i = 0; i < g.npeople; i++)
		with_prefs += *g.people[i].ranks != 0;
	html_printf(o, "<p>%s</p>", arena_printf(r->pool, T(r, "%zu of %zu participants ranked the groups."), with_prefs, g.npeople));
	if (st == SEM_GROUPS_DONE && fac) {
		/* How many got their first, second... choice. */
		int G = (int)g.ngroups;
		int64_t *cnt = arena_zalloc(r->pool, (size_t)(G + 2) * sizeof *cnt);
		int64_t manual = 0;
		for (size_t i = 0; i < g.npeople; i++) {
			int64_t k = g.people[i].group_rank;
			if (g.people[i].manual)
				manual++;
			cnt[k >= 1 && k <= G ? k : G + 1]++;
		}
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(r, "Choices obtained"), T(r, "Choice"), T(r, "Participants"));
		for (int k = 1; k <= G; k++)
			html_printf(o, "<tr><td>%s</td><td>%lld</td></tr>", arena_printf(r->pool, T(r, "choice no. %d"), k), (long long)cnt[k]);
		html_printf(o, "<tr><td>%s</td><td>%lld</td></tr></tbody></table>", T(r, "a group they did not rank"), (long long)cnt[G + 1]);
		if (manual)
			html_printf(o, "<p>%s</p>", arena_printf(r->pool, TN(r, "%lld person was moved by hand.", "%lld people were moved by hand.", manual), (long long)manual));
	}
	if (fac && st == SEM_GROUPS_OPEN && !cx.c.archived) {
		html_printf(o, "<form method=\"post\" action=\"%s\"><h2>%s</h2>", sp_url(r, &cx, &sm, "/edit"),
			    T(r, "Sizes of the groups"));
		page_csrf_field(r);
		html_raw(o, "<input type=\"hidden\" name=\"groups_only\" value=\"1\">");
		cp_input(r, "group_min", T(r, "Smallest group"), "number", num(r, sm.group_min), NULL, false, NULL);
		cp_input(r, "group_max", T(r, "Largest group"), "number", num(r, sm.group_max), NULL, false,
			 T(r, "0 for no limit."));
		cp_input(r, "max_share", T(r, "Most of one organisation kind in a group (%)"), "number",
			 num(r, sm.max_share), NULL, false, T(r, "0 for no rule."));
		html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Save"));
	}
	if (fac && st == SEM_GROUPS_DONE && !cx.c.archived && g.npeople && g.ngroups) {
		/* One form for any move: a form per person would weigh more
		 * than the page itself at a hundred participants. */
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"move\"><h2>%s</h2>",
			    sp_url(r, &cx, &sm, "/groups/move"), T(r, "Move someone by hand"));
		page_csrf_field(r);
		html_printf(o, "<label for=\"move-who\">%s</label><select id=\"move-who\" name=\"participant\">", T(r, "Participant"));
		for (size_t i = 0; i < g.npeople; i++)
			html_printf(o, "<option value=\"%lld\">%s</option>", (long long)g.people[i].participant_id, g.people[i].nickname);
		html_printf(o, "</select> <label for=\"move-to\">%s</label><select id=\"move-to\" name=\"group\">", T(r, "to the group"));
		for (size_t k = 0; k < g.ngroups; k++)
			html_printf(o, "<option value=\"%lld\">%s</option>", (long long)g.groups[k].scenario_id, g.groups[k].title);
		html_printf(o, "</select> <button type=\"submit\">%s</button></form>", T(r, "Move"));
	}
	for (size_t j = 0; j < g.ngroups; j++) {
		size_t size = 0;
		for (size_t i = 0; i < g.npeople; i++)
			size += g.people[i].group_scenario == g.groups[j].scenario_id;
		html_printf(o, "<section class=\"group\"><h2>%s</h2><p>%s</p><ul>", g.groups[j].title,
			    arena_printf(r->pool, TN(r, "%zu member", "%zu members", size), size));
		for (size_t i = 0; i < g.npeople; i++) {
			store_seminar_person *p = &g.people[i];
			if (p->group_scenario != g.groups[j].scenario_id)
				continue;
			html_printf(o, "<li>%s (%s)", p->nickname, sp_org_label(r, p->org_kind));
			if (fac) {
				if (p->group_rank)
					html_printf(o, " — %s", arena_printf(r->pool, T(r, "choice no. %lld"), (long long)p->group_rank));
				if (p->manual)
					html_printf(o, " — %s", T(r, "moved by hand"));
			}
			html_raw(o, "</li>");
		}
		html_raw(o, "</ul></section>");
	}
	if (st == SEM_GROUPS_DONE)
		html_printf(o, "<p><a href=\"%s\">%s</a></p>", sp_url(r, &cx, &sm, "/groups.csv"), T(r, "Groups (CSV)"));
	page_end(r);
}

/* POST /c/{slug}/seminars/{uid}/groups/move */
void page_seminar_group_move(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!open_control(r, &cx, &sm))
		return;
	const char *pid = http_form(r, "participant"), *gid = http_form(r, "group");
	const char *why = NULL;
	if (!pid || !gid ||
	    !seminar_move_person(r->db, r->pool, &sm, strtoll(pid, NULL, 10), strtoll(gid, NULL, 10), r->user->id, r->now, &why)) {
		if (pid && gid && !why) {
			cp_fail(r);
			return;
		}
		http_fail(r, why && strstr(why, "Unknown") ? 422 : 409, T(r, why ? why : N_("Unknown participant or group.")));
		return;
	}
	http_redirect(r, sp_url(r, &cx, &sm, "/groups"), "person_moved");
}

/* ---- exports ---- */

static void send_file(http_req *r, const char *type, const char *name, buf *b)
{
	http_set_header(r, "Content-Disposition", arena_printf(r->pool, "attachment; filename=\"%s\"", name));
	http_body(r, type, buf_cstr(b), b->len);
	buf_free(b);
}

/* GET /c/{slug}/seminars/{uid}/ballots.csv — facilitators. */
void page_seminar_ballots_csv(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open_facilitate(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	buf b = BUF_INIT;
	if (!seminar_ballots_csv(r->db, r->pool, &sm, &b)) {
		buf_free(&b);
		cp_fail(r);
		return;
	}
	send_file(r, "text/csv; charset=utf-8", arena_printf(r->pool, "%s-ballots.csv", sm.uid), &b);
}

/* GET /c/{slug}/seminars/{uid}/ballots.preflib — facilitators. */
void page_seminar_ballots_preflib(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open_facilitate(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	buf b = BUF_INIT;
	const char *ext = NULL;
	if (!seminar_ballots_preflib(r->db, r->pool, &sm, &b, &ext)) {
		buf_free(&b);
		cp_fail(r);
		return;
	}
	send_file(r, "text/plain; charset=utf-8", arena_printf(r->pool, "%s-ballots.%s", sm.uid, ext), &b);
}

static bool open_results(http_req *r, cycle_ctx *cx, store_seminar *sm, seminar_outcome *oc)
{
	store_participant me;
	bool has_me;
	if (!sp_open_participant(r, cx, sm, &me, &has_me))
		return false;
	if (!results_visible(cx, sm)) {
		http_fail(r, 403, T(r, "The results are shown once the vote is closed and the facilitators publish them."));
		return false;
	}
	if (!seminar_outcome_compute(r->db, r->pool, sm, oc)) {
		cp_fail(r);
		return false;
	}
	return true;
}

/* GET /c/{slug}/seminars/{uid}/results.json */
void page_seminar_results_json(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	seminar_outcome oc;
	if (!open_results(r, &cx, &sm, &oc))
		return;
	buf b = BUF_INIT;
	seminar_results_json(&sm, &oc, &b);
	send_file(r, "application/json", arena_printf(r->pool, "%s-results.json", sm.uid), &b);
}

/* GET /c/{slug}/seminars/{uid}/results.csv */
void page_seminar_results_csv(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	seminar_outcome oc;
	if (!open_results(r, &cx, &sm, &oc))
		return;
	buf b = BUF_INIT;
	seminar_results_csv(&oc, &b);
	send_file(r, "text/csv; charset=utf-8", arena_printf(r->pool, "%s-results.csv", sm.uid), &b);
}

/* GET /c/{slug}/seminars/{uid}/groups.csv — facilitators. */
void page_seminar_groups_csv(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open_facilitate(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	buf b = BUF_INIT;
	if (!seminar_groups_csv(r->db, r->pool, &sm, &b)) {
		buf_free(&b);
		cp_fail(r);
		return;
	}
	send_file(r, "text/csv; charset=utf-8", arena_printf(r->pool, "%s-groups.csv", sm.uid), &b);
}
