/*
 * pages_controversies.c — the controversies of a cycle: the list, creating
 * and editing one, the participant's page that shows one statement at a
 * time (agree / disagree / pass) and takes proposals, the facilitators'
 * statements page (adding and moderating), the report with the opinion map,
 * frozen reports, and Pol.is' export layout in and out.
 *
 * The rules live in domain/controversy.c and the map in engines/opinion.c;
 * the map is recomputed by the background worker (domain/opinion_worker.c),
 * which a vote wakes once its transaction is committed. Every form works
 * without JavaScript.
 */
#include "pages.h"
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "opinion_map.h"
#include "seminar_page.h"
#include "../core/text.h"
#include "../domain/controversy.h"
#include "../domain/opinion_worker.h"
#include "../domain/participant.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The identity cookie lasts as long as the seminars' (same cookie). */
#define IDENTITY_MAX_AGE (180 * 86400)
/* Uncertain statements: more than this share of passes. */
#define UNCERTAIN_SHARE 0.30
#define DIVISIVE_SHOWN 5

static const char *cv_url(http_req *r, const cycle_ctx *cx, const store_controversy *c, const char *suffix)
{
	return cp_url(r, cx, arena_printf(r->pool, "/controversies/%s%s", c->uid, suffix ? suffix : ""));
}

static const char *state_label(http_req *r, const char *state)
{
	if (strcmp(state, "draft") == 0)
		return T(r, "in preparation");
	if (strcmp(state, "open") == 0)
		return T(r, "open");
	if (strcmp(state, "closed") == 0)
		return T(r, "closed");
	return state;
}

static const char *status_label(http_req *r, const store_statement *x)
{
	if (strcmp(x->status, "pending") == 0)
		return T(r, "awaiting moderation");
	if (strcmp(x->status, "rejected") == 0)
		return T(r, "rejected");
	return x->is_meta ? T(r, "meta (about the debate)") : T(r, "accepted");
}

static const char *group_name(int g)
{
	static const char *const N[] = {"A", "B", "C", "D", "E"};
	return g >= 0 && g < 5 ? N[g] : "?";
}

static const char *pct(http_req *r, int n, int d)
{
	if (d <= 0)
		return "—";
	/* French puts a no-break space before the sign, English none. */
	return arena_printf(r->pool, r->lang == LANG_EN ? "%d%%" : "%d\u00a0%%", (int)lround(100.0 * n / d));
}

/* ---- loading ---- */

static bool load(http_req *r, const cycle_ctx *cx, store_controversy *c)
{
	store_rc rc = store_controversy_get(r->db, r->pool, cx->c.id, r->param[1], c);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such controversy in this cycle."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

/* The controversy of a participant page, for anyone who may see the cycle,
 * or who joined this controversy by its code. *has_p tells whether this
 * browser holds an identity in the cycle. */
static bool open_participant(http_req *r, cycle_ctx *cx, store_controversy *c, store_participant *p,
			     bool *has_p)
{
	*has_p = false;
	memset(cx, 0, sizeof *cx);
	store_cycle cy;
	store_rc rc = store_cycle_by_slug(r->db, r->pool, r->param[0], &cy);
	cycle_rc vr = CYCLE_NOTFOUND;
	if (rc == STORE_OK)
		vr = cycle_view(r->db, r->pool, &cy, r->user, cx);
	if (rc == STORE_ERROR || vr == CYCLE_ERROR) {
		cp_fail(r);
		return false;
	}
	store_rc cr = STORE_NOTFOUND;
	if (rc == STORE_OK) {
		cr = store_controversy_get(r->db, r->pool, cx->c.id, r->param[1], c);
		if (cr == STORE_ERROR) {
			cp_fail(r);
			return false;
		}
		if (cr == STORE_OK)
			*has_p = sp_participant(r, cx, p);
	}
	if (vr == CYCLE_NOTFOUND) {
		bool joined = false;
		if (cr == STORE_OK && *has_p &&
		    store_controversy_joined(r->db, c->id, p->id, &joined) != STORE_OK) {
			cp_fail(r);
			return false;
		}
		if (!joined) {
			http_fail(r, 404, T(r, "There is no such cycle, or it is open to its members only."));
			return false;
		}
	}
	if (cr == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such controversy in this cycle."));
		return false;
	}
	/* A draft is for the facilitators only. */
	if (strcmp(c->state, "draft") == 0 && !cycle_can_facilitate(cx)) {
		http_fail(r, 404, T(r, "There is no such controversy in this cycle."));
		return false;
	}
	return true;
}

static void begin(http_req *r, const cycle_ctx *cx, const char *title)
{
	if (cycle_visible(cx))
		cp_begin(r, cx, title, "controversies");
	else
		page_begin(r, arena_printf(r->pool, "%s — %s", title, cx->c.title));
}

/* ---- list ---- */

/* GET /c/{slug}/controversies */
void page_controversies(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	store_controversy *c;
	size_t n;
	if (store_controversy_list(r->db, r->pool, cx.c.id, &c, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	bool fac = cycle_can_facilitate(&cx);
	cp_begin(r, &cx, T(r, "Controversies"), "controversies");
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(r, "Controversies"),
		    T(r, "Short statements to agree or disagree with. The map shows where participants disagree, "
			 "and what unites them across their disagreements."));
	if (fac && !cx.c.archived)
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a> <a href=\"%s\">%s</a></p>",
			    cp_url(r, &cx, "/controversies/new"), T(r, "New controversy"),
			    cp_url(r, &cx, "/controversies/import"), T(r, "Import a Pol.is conversation"));
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		if (fac || strcmp(c[i].state, "draft") != 0)
			shown++;
	if (!shown) {
		html_printf(o, "<p>%s</p>", T(r, "No controversy yet."));
		page_end(r);
		return;
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(r, "Controversies of this cycle"), T(r, "Title"), T(r, "State"), T(r, "Statements"),
		    T(r, "Participants"), T(r, "Votes"));
	for (size_t i = 0; i < n; i++) {
		if (!fac && strcmp(c[i].state, "draft") == 0)
			continue;
		html_printf(o, "<tr><td><a href=\"%s\">%s</a> — <a href=\"%s\">%s</a>", cv_url(r, &cx, &c[i], NULL),
			    c[i].title, cv_url(r, &cx, &c[i], "/report"), T(r, "report"));
		if (fac)
			html_printf(o, " — <a href=\"%s\">%s</a>", cv_url(r, &cx, &c[i], "/statements"),
				    T(r, "statements"));
		html_printf(o, "</td><td>%s</td><td>%lld</td><td>%lld</td><td>%lld</td></tr>", state_label(r, c[i].state),
			    (long long)c[i].nstatements, (long long)c[i].nvoters, (long long)c[i].nvotes);
	}
	html_raw(o, "</tbody></table>");
	page_end(r);
}

/* ---- create and edit ---- */

static void controversy_form(http_req *r, const store_controversy *c, const problems *pb, const char *action,
			     const char *submit, bool with_state)
{
	buf *o = &r->out;
	cp_errors(r, pb);
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\">", action);
	page_csrf_field(r);
	cp_input(r, "title", T(r, "Title"), "text", c->title ? c->title : "", cp_error(r, pb, "title"), true, NULL);
	cp_input(r, "question", T(r, "Question put to participants"), "text", c->question ? c->question : "",
		 cp_error(r, pb, "question"), false, T(r, "Shown above every statement, such as “What should digital technology be for?”"));
	cp_textarea(r, "description", T(r, "Description"), c->description ? c->description : "",
		    cp_error(r, pb, "description"), 5, false, T(r, "Markdown. What the debate is about and how the map is made."));
	if (with_state) {
		const char *opts[] = {"draft", T(r, "in preparation (facilitators only)"), "open",
				      T(r, "open: participants vote and propose"), "closed",
				      T(r, "closed: the map stays, nothing changes"), NULL};
		cp_select(r, "state", T(r, "State"), opts, c->state, cp_error(r, pb, "state"));
	}
	if (c->proposals)
		html_printf(o, "<div class=\"check\"><input type=\"checkbox\" id=\"proposals\" name=\"proposals\" value=\"1\" checked>"
			       "<label for=\"proposals\">%s</label></div>", T(r, "Participants may propose statements (moderated)"));
	else
		html_printf(o, "<div class=\"check\"><input type=\"checkbox\" id=\"proposals\" name=\"proposals\" value=\"1\">"
			       "<label for=\"proposals\">%s</label></div>", T(r, "Participants may propose statements (moderated)"));
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form>", submit);
}

static void read_form(http_req *r, store_controversy *c)
{
	c->title = text_trim(r->pool, http_form(r, "title") ?: "");
	c->question = text_trim(r->pool, http_form(r, "question") ?: "");
	c->description = http_form(r, "description") ?: "";
	const char *st = http_form(r, "state");
	if (st)
		c->state = st;
	c->proposals = http_form(r, "proposals") != NULL;
}

/* GET /c/{slug}/controversies/new */
void page_controversy_new(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_controversy c = {.state = "open", .proposals = true};
	cp_begin(r, &cx, T(r, "New controversy"), "controversies");
	html_printf(&r->out, "<h1>%s</h1>", T(r, "New controversy"));
	controversy_form(r, &c, NULL, cp_url(r, &cx, "/controversies"), T(r, "Create"), true);
	page_end(r);
}

/* POST /c/{slug}/controversies */
void page_controversy_create(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_controversy c = {0};
	read_form(r, &c);
	problems pb;
	problems_init(&pb, r->pool);
	int64_t id;
	if (!controversy_create(r->db, r->pool, &cx, &c, r->now, &pb, &id)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		cp_begin(r, &cx, T(r, "New controversy"), "controversies");
		html_printf(&r->out, "<h1>%s</h1>", T(r, "New controversy"));
		controversy_form(r, &c, &pb, cp_url(r, &cx, "/controversies"), T(r, "Create"), true);
		page_end(r);
		return;
	}
	http_redirect(r, cv_url(r, &cx, &c, "/statements"), "controversy_saved");
}

/* GET /c/{slug}/controversies/{uid}/edit */
void page_controversy_edit(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_steer(r, &cx) || !load(r, &cx, &c))
		return;
	cp_begin(r, &cx, T(r, "Edit the controversy"), "controversies");
	html_printf(&r->out, "<h1>%s</h1>", T(r, "Edit the controversy"));
	controversy_form(r, &c, NULL, cv_url(r, &cx, &c, "/edit"), T(r, "Save"), true);
	page_end(r);
}

/* POST /c/{slug}/controversies/{uid}/edit */
void page_controversy_update(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_steer(r, &cx) || !load(r, &cx, &c))
		return;
	read_form(r, &c);
	problems pb;
	problems_init(&pb, r->pool);
	controversy_check(&c, &pb);
	if (pb.n) {
		r->status = 422;
		cp_begin(r, &cx, T(r, "Edit the controversy"), "controversies");
		html_printf(&r->out, "<h1>%s</h1>", T(r, "Edit the controversy"));
		controversy_form(r, &c, &pb, cv_url(r, &cx, &c, "/edit"), T(r, "Save"), true);
		page_end(r);
		return;
	}
	c.updated_at = r->now;
	if (store_controversy_update(r->db, &c) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cv_url(r, &cx, &c, "/statements"), "controversy_saved");
}

/* ---- the participant's page ---- */

static void identity_form(http_req *r, const cycle_ctx *cx, const store_controversy *c, const char *nickname,
			  const char *org, const problems *pb)
{
	buf *o = &r->out;
	html_printf(o, "<section aria-labelledby=\"take-part\"><h2 id=\"take-part\">%s</h2><p>%s</p>", T(r, "Take part"),
		    T(r, "Choose a nickname and say what kind of organisation you come from. No account is needed; "
			 "the same nickname serves at the cycle's seminars."));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cv_url(r, cx, c, "/identity"));
	page_csrf_field(r);
	cp_errors(r, pb);
	cp_input(r, "nickname", T(r, "Nickname"), "text", nickname, cp_error(r, pb, "nickname"), true, NULL);
	sp_org_select(r, org, cp_error(r, pb, "org_kind"));
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form></section>", T(r, "Take part"));
}

static const char *vote_word(http_req *r, int v)
{
	return v > 0 ? T(r, "agree") : v < 0 ? T(r, "disagree") : T(r, "pass");
}

/* Three buttons that vote on statement number. */
static void vote_buttons(http_req *r, const cycle_ctx *cx, const store_controversy *c, int64_t number, bool small)
{
	buf *o = &r->out;
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"%s\">", cv_url(r, cx, c, "/vote"),
		    small ? "vote-again" : "vote");
	page_csrf_field(r);
	html_printf(o, "<input type=\"hidden\" name=\"statement\" value=\"%lld\">", (long long)number);
	/* In the table of one's votes every row has these buttons: each says
	 * which statement it is for, for screen readers. */
	const char *which = small ? arena_printf(r->pool, " — %s", arena_printf(r->pool, T(r, "Statement %lld"),
										   (long long)number))
				  : "";
	html_printf(o, "<button type=\"submit\" name=\"value\" value=\"agree\" class=\"agree\">%s<span class=\"sr-only\">%s</span></button> "
		       "<button type=\"submit\" name=\"value\" value=\"disagree\" class=\"disagree\">%s<span class=\"sr-only\">%s</span></button> "
		       "<button type=\"submit\" name=\"value\" value=\"pass\" class=\"pass\">%s<span class=\"sr-only\">%s</span></button></form>",
		    T(r, "Agree"), which, T(r, "Disagree"), which, small ? T(r, "Pass") : T(r, "Pass / unsure"), which);
}

static void proposal_form(http_req *r, const cycle_ctx *cx, const store_controversy *c, const char *body,
			  const problems *pb)
{
	buf *o = &r->out;
	html_printf(o, "<section aria-labelledby=\"propose\"><h2 id=\"propose\">%s</h2><p>%s</p>",
		    T(r, "Propose a statement"),
		    T(r, "One short claim that others can agree or disagree with. A facilitator reads it before it is shown."));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\">", cv_url(r, cx, c, "/propose"));
	page_csrf_field(r);
	cp_errors(r, pb);
	cp_textarea(r, "body", T(r, "Your statement"), body, cp_error(r, pb, "body"), 3, true,
		    T(r, "280 characters at most."));
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form></section>", T(r, "Propose"));
}

static void participant_page(http_req *r, cycle_ctx *cx, store_controversy *c, bool has_p, store_participant *p,
			     const char *alert, const problems *id_pb, const char *proposal, const problems *prop_pb)
{
	buf *o = &r->out;
	begin(r, cx, c->title);
	html_printf(o, "<h1>%s</h1>", c->title);
	if (*c->question)
		html_printf(o, "<p class=\"lead\">%s</p>", c->question);
	if (*c->description)
		html_markdown(o, c->description);
	html_printf(o, "<p><a href=\"%s\">%s</a>", cv_url(r, cx, c, "/report"), T(r, "See the opinion map"));
	if (cycle_can_facilitate(cx))
		html_printf(o, " · <a href=\"%s\">%s</a>", cv_url(r, cx, c, "/statements"),
			    T(r, "Statements and moderation"));
	html_raw(o, "</p>");
	page_form_errors(r, alert);
	bool open = strcmp(c->state, "open") == 0 && !cx->c.archived;
	if (!open) {
		html_printf(o, "<p class=\"notice\">%s</p>", T(r, "This controversy is closed: votes are no longer taken."));
	} else if (!has_p) {
		identity_form(r, cx, c, http_form(r, "nickname") ?: (r->user ? r->user->name : ""),
			      http_form(r, "org_kind") ?: "", id_pb);
	} else {
		store_statement next;
		int64_t left = 0;
		uint64_t rnd;
		account_random(&rnd, sizeof rnd);
		int k = controversy_next(r->db, r->pool, c, p->id, (double)(rnd >> 11) / 9007199254740992.0, &next, &left);
		if (k < 0) {
			cp_fail(r);
			return;
		}
		html_printf(o, "<section aria-labelledby=\"to-vote\"><h2 id=\"to-vote\">%s</h2>", T(r, "Your turn"));
		html_printf(o, "<p class=\"hint\">%s — %s</p>",
			    arena_printf(r->pool, T(r, "Taking part as %s"), p->nickname),
			    left ? arena_printf(r->pool, TN(r, "%lld statement left", "%lld statements left", (unsigned long)left),
						(long long)left)
				 : T(r, "no statement left"));
		if (k == 0) {
			html_printf(o, "<p>%s</p>", T(r, "You have voted on every statement. Come back later: others may "
						     "propose new ones."));
		} else {
			html_printf(o, "<blockquote class=\"statement\" id=\"statement\"><p>%s</p><p class=\"hint\">%s</p></blockquote>",
				    next.body, arena_printf(r->pool, T(r, "Statement %lld"), (long long)next.number));
			vote_buttons(r, cx, c, next.number, false);
		}
		html_raw(o, "</section>");
		if (c->proposals)
			proposal_form(r, cx, c, proposal ? proposal : "", prop_pb);
		store_opinion_vote *mine;
		size_t nm;
		store_statement *all;
		size_t nall;
		if (store_opinion_votes_of(r->db, r->pool, c->id, p->id, &mine, &nm) != STORE_OK ||
		    store_statement_list(r->db, r->pool, c->id, &all, &nall) != STORE_OK) {
			cp_fail(r);
			return;
		}
		if (nm) {
			html_printf(o, "<details><summary>%s</summary><table><caption>%s</caption><thead><tr>"
				       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
				    arena_printf(r->pool, TN(r, "Your %zu vote", "Your %zu votes", nm), nm),
				    T(r, "Your votes; a new vote replaces the old one"), T(r, "Statement"), T(r, "Your vote"),
				    T(r, "Change it"));
			/* Both lists come in order of statement number: one merge. */
			size_t j = 0;
			for (size_t i = 0; i < nm; i++) {
				while (j < nall && all[j].number < mine[i].statement_number)
					j++;
				bool found = j < nall && all[j].number == mine[i].statement_number;
				const char *body = found ? all[j].body : "";
				bool votable = found && strcmp(all[j].status, "accepted") == 0;
				html_printf(o, "<tr><td>%s</td><td>%s</td><td>", body, vote_word(r, mine[i].value));
				if (votable)
					vote_buttons(r, cx, c, mine[i].statement_number, true);
				html_raw(o, "</td></tr>");
			}
			html_raw(o, "</tbody></table></details>");
		}
	}
	page_end(r);
}

/* GET /c/{slug}/controversies/{uid} */
void page_controversy(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	participant_page(r, &cx, &c, has_p, &p, NULL, NULL, NULL, NULL);
}

/* POST /c/{slug}/controversies/{uid}/identity */
void page_controversy_identity(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	if (cx.c.archived || strcmp(c.state, "open") != 0) {
		r->status = 409;
		participant_page(r, &cx, &c, has_p, &p,
				 cx.c.archived ? T(r, "This cycle is archived: nothing can change in it.")
					       : T(r, "This controversy is closed: it no longer takes participants."),
				 NULL, NULL, NULL);
		return;
	}
	if (!has_p) {
		const char *cookie = sp_cookie_name(r, cx.c.id);
		problems pb;
		problems_init(&pb, r->pool);
		char token[ACCOUNT_TOKEN_LEN + 1];
		const char *nickname = text_trim(r->pool, http_form(r, "nickname") ?: "");
		if (!participant_identify(r->db, r->pool, cx.c.id, http_cookie(r, cookie), r->user, nickname,
					  http_form(r, "org_kind") ?: "", r->now, &pb, &p, token)) {
			if (!pb.n) {
				cp_fail(r);
				return;
			}
			r->status = 422;
			participant_page(r, &cx, &c, false, &p, NULL, &pb, NULL, NULL);
			return;
		}
		if (token[0])
			http_set_cookie(r, cookie, token, IDENTITY_MAX_AGE);
	}
	http_redirect(r, cv_url(r, &cx, &c, NULL), "controversy_joined");
}

/* POST /c/{slug}/controversies/{uid}/vote */
void page_controversy_vote(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	if (!has_p) {
		r->status = 403;
		participant_page(r, &cx, &c, false, &p, T(r, "Choose a nickname before voting."), NULL, NULL, NULL);
		return;
	}
	int64_t number;
	const char *vs = http_form(r, "value") ?: "";
	int value = strcmp(vs, "agree") == 0 ? 1 : strcmp(vs, "disagree") == 0 ? -1 : strcmp(vs, "pass") == 0 ? 0 : 2;
	if (!text_parse_i64(http_form(r, "statement") ?: "", &number)) {
		r->status = 422;
		participant_page(r, &cx, &c, true, &p, T(r, "This vote names no statement."), NULL, NULL, NULL);
		return;
	}
	if (cx.c.archived) {
		r->status = 409;
		participant_page(r, &cx, &c, true, &p, T(r, "This cycle is archived: nothing can change in it."), NULL,
				 NULL, NULL);
		return;
	}
	const char *why;
	int rc = controversy_vote(r->db, r->pool, &c, p.id, number, value, r->now, &why);
	if (rc < 0) {
		cp_fail(r);
		return;
	}
	if (rc) {
		r->status = rc;
		participant_page(r, &cx, &c, true, &p,
				 rc == 404   ? T(r, "There is no such statement in this controversy.")
				 : rc == 422 ? T(r, "Choose agree, disagree or pass.")
					     : T(r, why),
				 NULL, NULL, NULL);
		return;
	}
	http_after_commit(r, opinion_worker_poke, c.id);
	http_redirect(r, arena_printf(r->pool, "%s#to-vote", cv_url(r, &cx, &c, NULL)), "opinion_voted");
}

/* POST /c/{slug}/controversies/{uid}/propose */
void page_controversy_propose(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	if (!has_p) {
		r->status = 403;
		participant_page(r, &cx, &c, false, &p, T(r, "Choose a nickname before proposing a statement."), NULL,
				 NULL, NULL);
		return;
	}
	const char *body = http_form(r, "body") ?: "";
	problems pb;
	problems_init(&pb, r->pool);
	const char *why = NULL;
	int64_t number;
	if (cx.c.archived)
		why = N_("This cycle is archived: nothing can change in it.");
	else if (controversy_add_statement(r->db, r->pool, &c, body, false, p.id, 0, r->now, &pb, &why, &number))
		goto done;
	if (!pb.n && !why) {
		cp_fail(r);
		return;
	}
	r->status = why ? 409 : 422;
	participant_page(r, &cx, &c, true, &p, why ? T(r, why) : NULL, NULL, body, &pb);
	return;
done:
	http_redirect(r, arena_printf(r->pool, "%s#propose", cv_url(r, &cx, &c, NULL)), "statement_proposed");
}

/* ---- the facilitators' statements page ---- */

static void statements_page(http_req *r, const cycle_ctx *cx, const store_controversy *c, const char *body,
			    const problems *pb)
{
	store_statement *x;
	size_t n;
	if (store_statement_list(r->db, r->pool, c->id, &x, &n) != STORE_OK) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	cp_begin(r, cx, arena_printf(r->pool, "%s — %s", T(r, "Statements"), c->title), "controversies");
	html_printf(o, "<h1>%s</h1><p>%s — <a href=\"%s\">%s</a> · <a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
		    c->title, state_label(r, c->state), cv_url(r, cx, c, NULL), T(r, "participant page"),
		    cv_url(r, cx, c, "/report"), T(r, "report"), cv_url(r, cx, c, "/edit"), T(r, "edit"));
	html_printf(o, "<p>%s <strong class=\"code\">%s</strong> — %s</p>", T(r, "Join code:"),
		    sp_code_display(r, c->join_code),
		    T(r, "People from outside the cycle join at /join with this code."));
	if (!cx->c.archived) {
		html_printf(o, "<section aria-labelledby=\"add\"><h2 id=\"add\">%s</h2>", T(r, "Add a statement"));
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\">", cv_url(r, cx, c, "/statements"));
		page_csrf_field(r);
		cp_errors(r, pb);
		cp_textarea(r, "body", T(r, "Statement"), body, cp_error(r, pb, "body"), 2, true,
			    T(r, "280 characters at most. Statements added here are accepted at once."));
		html_printf(o, "<p><button type=\"submit\">%s</button></p></form></section>", T(r, "Add"));
	}
	size_t pending = 0;
	for (size_t i = 0; i < n; i++)
		pending += strcmp(x[i].status, "pending") == 0;
	html_printf(o, "<h2>%s</h2><p>%s</p>", T(r, "Moderation"),
		    arena_printf(r->pool, TN(r, "%zu statement awaits moderation.", "%zu statements await moderation.",
					     pending), pending));
	html_printf(o, "<table class=\"statements\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "</tr></thead><tbody>",
		    T(r, "Every statement, awaiting moderation first"), T(r, "No."), T(r, "Statement"), T(r, "Status"),
		    T(r, "Votes (agree / disagree / pass)"), T(r, "Moderate"));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			bool pend = strcmp(x[i].status, "pending") == 0;
			if (pend != (pass == 0))
				continue;
			html_printf(o, "<tr><td>%lld</td><td>%s", (long long)x[i].number, x[i].body);
			if (x[i].author_name)
				html_printf(o, "<br><span class=\"hint\">%s %s</span>",
					    strcmp(x[i].origin, "participant") == 0 ? T(r, "proposed by") : T(r, "by"),
					    x[i].author_name);
			html_printf(o, "</td><td>%s", status_label(r, &x[i]));
			if (*x[i].note)
				html_printf(o, "<br><span class=\"hint\">%s</span>", x[i].note);
			html_printf(o, "</td><td>%lld / %lld / %lld</td><td>", (long long)x[i].agree,
				    (long long)x[i].disagree, (long long)x[i].pass);
			if (!cx->c.archived) {
				const char *id = arena_printf(r->pool, "note-%lld", (long long)x[i].number);
				html_printf(o, "<form method=\"post\" action=\"%s\" class=\"moderate\">",
					    cv_url(r, cx, c, "/moderate"));
				page_csrf_field(r);
				html_printf(o, "<input type=\"hidden\" name=\"statement\" value=\"%lld\">", (long long)x[i].number);
				const char *which = arena_printf(r->pool, " — %s",
								 arena_printf(r->pool, T(r, "Statement %lld"),
									      (long long)x[i].number));
				if (pend || strcmp(x[i].status, "rejected") == 0 || x[i].is_meta)
					html_printf(o, "<button type=\"submit\" name=\"action\" value=\"accept\">%s<span class=\"sr-only\">%s</span></button> ",
						    T(r, "Accept"), which);
				if (strcmp(x[i].status, "rejected") != 0)
					html_printf(o, "<button type=\"submit\" name=\"action\" value=\"reject\">%s<span class=\"sr-only\">%s</span></button> ",
						    T(r, "Reject"), which);
				if (!x[i].is_meta)
					html_printf(o, "<button type=\"submit\" name=\"action\" value=\"meta\">%s<span class=\"sr-only\">%s</span></button> ",
						    T(r, "Mark as meta"), which);
				if (!pend)
					html_printf(o, "<button type=\"submit\" name=\"action\" value=\"pending\">%s<span class=\"sr-only\">%s</span></button>",
						    T(r, "Back to the queue"), which);
				html_printf(o, "<label for=\"%s\" class=\"hint\">%s</label><input type=\"text\" id=\"%s\" "
					       "name=\"note\" maxlength=\"200\"></form>",
					    id, T(r, "Reason (for a rejection)"), id);
			}
			html_raw(o, "</td></tr>");
		}
	html_raw(o, "</tbody></table>");
	html_printf(o, "<h2>%s</h2><p>%s</p><ul>", T(r, "Export in Pol.is’ layout"),
		    T(r, "The same three files as Pol.is publishes, to analyse elsewhere or to check the map."));
	static const char *const files[] = {"votes.csv", "comments.csv", "participants-votes.csv"};
	for (int i = 0; i < 3; i++)
		html_printf(o, "<li><a href=\"%s\">%s</a></li>",
			    cv_url(r, cx, c, arena_printf(r->pool, "/polis/%s", files[i])), files[i]);
	html_raw(o, "</ul>");
	page_end(r);
}

/* GET /c/{slug}/controversies/{uid}/statements */
void page_controversy_statements(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_facilitate(r, &cx) || !load(r, &cx, &c))
		return;
	statements_page(r, &cx, &c, "", NULL);
}

/* POST /c/{slug}/controversies/{uid}/statements */
void page_controversy_add(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_steer(r, &cx) || !load(r, &cx, &c))
		return;
	const char *body = http_form(r, "body") ?: "";
	problems pb;
	problems_init(&pb, r->pool);
	const char *why;
	int64_t number;
	if (!controversy_add_statement(r->db, r->pool, &c, body, true, 0, r->user->id, r->now, &pb, &why, &number)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		statements_page(r, &cx, &c, body, &pb);
		return;
	}
	http_after_commit(r, opinion_worker_poke, c.id);
	http_redirect(r, cv_url(r, &cx, &c, "/statements"), "statement_added");
}

/* POST /c/{slug}/controversies/{uid}/moderate */
void page_controversy_moderate(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_steer(r, &cx) || !load(r, &cx, &c))
		return;
	int64_t number;
	int action = controversy_mod_of(http_form(r, "action"));
	if (!text_parse_i64(http_form(r, "statement") ?: "", &number) || action < 0) {
		http_fail(r, 422, T(r, "Choose a statement and what to do with it."));
		return;
	}
	int rc = controversy_moderate(r->db, r->pool, &c, number, (controversy_mod)action, http_form(r, "note"),
				      r->user->id, r->now);
	if (rc < 0) {
		cp_fail(r);
		return;
	}
	if (rc == 404) {
		http_fail(r, 404, T(r, "There is no such statement in this controversy."));
		return;
	}
	http_after_commit(r, opinion_worker_poke, c.id);
	http_redirect(r, cv_url(r, &cx, &c, "/statements"), "statement_moderated");
}

/* ---- the report ---- */

/* Texts of the statements, by number. */
typedef struct texts {
	int n;
	const int64_t *number;
	const char *const *body;
	const bool *is_meta;
} texts;

static const char *text_of(const texts *t, int64_t number)
{
	for (int i = 0; i < t->n; i++)
		if (t->number[i] == number)
			return t->body[i];
	return "";
}

static int cmp_divisive(const void *a, const void *b)
{
	const cmap_statement *x = *(const cmap_statement *const *)a, *y = *(const cmap_statement *const *)b;
	double dx = isfinite(x->divisive) ? x->divisive : 0, dy = isfinite(y->divisive) ? y->divisive : 0;
	return dx < dy ? 1 : dx > dy ? -1 : (x->number > y->number) - (x->number < y->number);
}

static double pass_share(const cmap_statement *s)
{
	int n = s->agree + s->disagree + s->pass;
	return n ? (double)s->pass / n : 0;
}

static int cmp_uncertain(const void *a, const void *b)
{
	const cmap_statement *x = *(const cmap_statement *const *)a, *y = *(const cmap_statement *const *)b;
	double dx = pass_share(x), dy = pass_share(y);
	return dx < dy ? 1 : dx > dy ? -1 : (x->number > y->number) - (x->number < y->number);
}

/* The whole report of map m: summary, picture with its table, groups,
 * consensus, divisive and uncertain statements. me is the viewer's
 * participant id (0 none). */
static void report_body(http_req *r, const controversy_map *m, const texts *t, int64_t me)
{
	buf *o = &r->out;
	html_printf(o, "<p>%s %s</p>",
		    arena_printf(r->pool, TN(r, "%d participant voted (%lld votes).", "%d participants voted (%lld votes).",
					     (unsigned long)m->nvoters),
				 m->nvoters, (long long)m->nvotes),
		    arena_printf(r->pool, TN(r, "%d votes on enough statements to be placed in an opinion group.",
					     "%d vote on enough statements to be placed in an opinion group.",
					     (unsigned long)m->nclustered),
				 m->nclustered));
	int mine = -1;
	for (int i = 0; i < m->npeople; i++)
		if (me && m->people[i].participant_id == me)
			mine = i;
	if (m->ngroups == 0) {
		html_printf(o, "<p class=\"notice\">%s</p>",
			    T(r, "Not enough votes yet to draw opinion groups: the map appears once a few participants have "
				 "voted on several statements."));
	} else {
		opinion_map_svg(r, m, mine);
		if (mine >= 0 && m->people[mine].group >= 0)
			html_printf(o, "<p><strong>%s</strong></p>",
				    arena_printf(r->pool, T(r, "You are in group %s."), group_name(m->people[mine].group)));
		else if (mine >= 0)
			html_printf(o, "<p>%s</p>", T(r, "Vote on a few more statements to be placed in a group."));
		html_printf(o, "<h2 id=\"groups\">%s</h2>", T(r, "Opinion groups"));
		for (int g = 0; g < m->ngroups; g++) {
			const cmap_group *cg = &m->groups[g];
			html_printf(o, "<section class=\"ogroup g%d\" aria-labelledby=\"group-%d\"><h3 id=\"group-%d\">%s</h3>", g,
				    g, g,
				    arena_printf(r->pool, TN(r, "Group %s — %d participant", "Group %s — %d participants",
							     (unsigned long)cg->size),
						 group_name(g), cg->size));
			if (!cg->nrep) {
				html_printf(o, "<p>%s</p>", T(r, "No statement sets this group apart clearly."));
				html_raw(o, "</section>");
				continue;
			}
			html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				       "<th scope=\"col\">%s</th></tr></thead><tbody>",
				    arena_printf(r->pool, T(r, "What sets group %s apart"), group_name(g)), T(r, "Statement"),
				    T(r, "The group"), T(r, "Everyone else"));
			for (int k = 0; k < cg->nrep; k++) {
				const cmap_rep *rp = &cg->rep[k];
				const cmap_statement *s = controversy_map_statement(m, rp->number);
				int rest_for = 0, rest_seen = 0;
				if (s) {
					int all_for = rp->agree ? s->agree : s->disagree;
					int all_seen = s->agree + s->disagree + s->pass;
					rest_for = all_for - rp->n_for;
					rest_seen = all_seen - rp->n_seen;
				}
				html_printf(o, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>", text_of(t, rp->number),
					    arena_printf(r->pool, rp->agree ? T(r, "%s agree") : T(r, "%s disagree"),
							 pct(r, rp->n_for, rp->n_seen)),
					    arena_printf(r->pool, rp->agree ? T(r, "%s agree") : T(r, "%s disagree"),
							 pct(r, rest_for, rest_seen)));
			}
			html_raw(o, "</tbody></table></section>");
		}
	}
	/* Consensus. */
	html_printf(o, "<h2 id=\"consensus\">%s</h2>", T(r, "What unites participants"));
	if (!m->nconsensus) {
		html_printf(o, "<p>%s</p>", T(r, "No statement gathers a clear majority yet."));
	} else {
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "</tr></thead><tbody>",
			    T(r, "Statements a clear majority agrees or disagrees with"), T(r, "Statement"), T(r, "Share"));
		for (int k = 0; k < m->nconsensus; k++) {
			const cmap_consensus *cc = &m->consensus[k];
			const cmap_statement *s = controversy_map_statement(m, cc->number);
			int seen = s ? s->agree + s->disagree + s->pass : 0;
			html_printf(o, "<tr><td>%s</td><td>%s</td></tr>", text_of(t, cc->number),
				    arena_printf(r->pool, cc->agree ? T(r, "%s agree") : T(r, "%s disagree"),
						 pct(r, s ? (cc->agree ? s->agree : s->disagree) : 0, seen)));
		}
		html_raw(o, "</tbody></table>");
	}
	/* Group-informed consensus and divisive statements: need groups. */
	const cmap_statement **ord = arena_alloc(r->pool, (size_t)(m->nst ? m->nst : 1) * sizeof *ord);
	int nord = 0;
	for (int j = 0; j < m->nst; j++)
		if (m->st[j].in_map && m->st[j].agree + m->st[j].disagree + m->st[j].pass > 0)
			ord[nord++] = &m->st[j];
	if (m->ngroups >= 2 && nord) {
		qsort(ord, (size_t)nord, sizeof *ord, cmp_divisive);
		html_printf(o, "<h2 id=\"divisive\">%s</h2>", T(r, "What divides the groups"));
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>",
			    T(r, "Statements on which the groups differ most (share of each group that agrees)"),
			    T(r, "Statement"));
		for (int g = 0; g < m->ngroups; g++)
			html_printf(o, "<th scope=\"col\">%s</th>", arena_printf(r->pool, T(r, "Group %s"), group_name(g)));
		html_raw(o, "</tr></thead><tbody>");
		for (int k = 0; k < nord && k < DIVISIVE_SHOWN; k++) {
			html_printf(o, "<tr><td>%s</td>", text_of(t, ord[k]->number));
			for (int g = 0; g < m->ngroups; g++)
				html_printf(o, "<td>%s</td>", pct(r, ord[k]->g_agree[g], ord[k]->g_seen[g]));
			html_raw(o, "</tr>");
		}
		html_raw(o, "</tbody></table>");
	}
	qsort(ord, (size_t)nord, sizeof *ord, cmp_uncertain);
	int nunc = 0;
	while (nunc < nord && pass_share(ord[nunc]) > UNCERTAIN_SHARE)
		nunc++;
	html_printf(o, "<h2 id=\"uncertain\">%s</h2>", T(r, "What leaves participants unsure"));
	if (!nunc) {
		html_printf(o, "<p>%s</p>",
			    arena_printf(r->pool, T(r, "No statement has more than %d%% of passes."),
					 (int)lround(UNCERTAIN_SHARE * 100)));
	} else {
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "</tr></thead><tbody>",
			    arena_printf(r->pool, T(r, "Statements with more than %d%% of passes"),
					 (int)lround(UNCERTAIN_SHARE * 100)),
			    T(r, "Statement"), T(r, "Passes"));
		for (int k = 0; k < nunc; k++)
			html_printf(o, "<tr><td>%s</td><td>%s</td></tr>", text_of(t, ord[k]->number),
				    pct(r, ord[k]->pass, ord[k]->agree + ord[k]->disagree + ord[k]->pass));
		html_raw(o, "</tbody></table>");
	}
	html_printf(o, "<p class=\"hint\">%s</p>",
		    T(r, "How the map is made: each participant is placed by their votes (a principal component analysis), "
			 "participants close to each other form groups (k-means, the number of groups chosen by the "
			 "silhouette), and a statement represents a group when the group agrees or disagrees with it "
			 "clearly more than the others. Same method as Pol.is."));
}

/* GET /c/{slug}/controversies/{uid}/report */
void page_controversy_report(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	store_statement *x;
	size_t n;
	store_opinion_result res;
	store_rc rr = store_opinion_result_get(r->db, r->pool, c.id, &res);
	bool stale = false;
	if (rr == STORE_ERROR || store_statement_list(r->db, r->pool, c.id, &x, &n) != STORE_OK ||
	    controversy_stale(r->db, r->pool, &c, &stale) < 0) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	begin(r, &cx, arena_printf(r->pool, "%s — %s", T(r, "Opinion map"), c.title));
	html_printf(o, "<h1>%s</h1><p class=\"lead\">%s</p>", c.title, T(r, "Opinion map"));
	html_printf(o, "<p><a href=\"%s\">%s</a></p>", cv_url(r, &cx, &c, NULL), T(r, "Back to the statements"));
	controversy_map m;
	if (rr == STORE_NOTFOUND || !controversy_map_read(r->pool, res.data, &m)) {
		html_printf(o, "<p class=\"notice\">%s</p>", T(r, "No vote yet: the map appears after the first votes."));
	} else {
		html_printf(o, "<p class=\"hint\">%s%s</p>",
			    arena_printf(r->pool, T(r, "Computed %s."), page_time(r, res.computed_at)),
			    stale ? arena_printf(r->pool, " %s", T(r, "New votes are being taken into account; reload in a moment.")) : "");
		int64_t *num = arena_alloc(r->pool, (n ? n : 1) * sizeof *num);
		const char **body = arena_alloc(r->pool, (n ? n : 1) * sizeof *body);
		for (size_t j = 0; j < n; j++) {
			num[j] = x[j].number;
			body[j] = x[j].body;
		}
		texts t = {(int)n, num, body, NULL};
		report_body(r, &m, &t, has_p ? p.id : 0);
	}
	if (cycle_can_facilitate(&cx)) {
		store_opinion_report *fr;
		size_t nf;
		if (store_opinion_report_list(r->db, r->pool, c.id, &fr, &nf) != STORE_OK) {
			cp_fail(r);
			return;
		}
		html_printf(o, "<h2>%s</h2>", T(r, "Frozen reports"));
		if (nf) {
			html_raw(o, "<ul>");
			for (size_t i = 0; i < nf; i++)
				html_printf(o, "<li><a href=\"%s\">%s</a> — %s%s%s</li>",
					    cv_url(r, &cx, &c, arena_printf(r->pool, "/reports/%lld", (long long)fr[i].number)),
					    arena_printf(r->pool, T(r, "Report %lld"), (long long)fr[i].number),
					    page_time(r, fr[i].frozen_at), fr[i].frozen_by_name ? ", " : "",
					    fr[i].frozen_by_name ? fr[i].frozen_by_name : "");
			html_raw(o, "</ul>");
		}
		if (rr == STORE_OK && res.nvotes > 0 && !cx.c.archived) {
			html_printf(o, "<form method=\"post\" action=\"%s\">", cv_url(r, &cx, &c, "/freeze"));
			page_csrf_field(r);
			html_printf(o, "<p>%s</p><button type=\"submit\">%s</button></form>",
				    T(r, "Freezing keeps this map and the statements as they are now in the cycle's record, "
					 "whatever happens next."),
				    T(r, "Freeze this report"));
		}
	}
	page_end(r);
}

/* POST /c/{slug}/controversies/{uid}/freeze */
void page_controversy_freeze(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_steer(r, &cx) || !load(r, &cx, &c))
		return;
	int64_t number;
	int rc = controversy_freeze(r->db, r->pool, &c, r->user->id, r->now, &number);
	if (rc < 0) {
		cp_fail(r);
		return;
	}
	if (rc == 409) {
		http_fail(r, 409, T(r, "There is no map to freeze yet."));
		return;
	}
	http_redirect(r, cv_url(r, &cx, &c, arena_printf(r->pool, "/reports/%lld", (long long)number)), "report_frozen");
}

/* GET /c/{slug}/controversies/{uid}/reports/{n} */
void page_controversy_frozen(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	store_participant p;
	bool has_p;
	if (!open_participant(r, &cx, &c, &p, &has_p))
		return;
	int64_t number;
	store_opinion_report rep;
	store_rc rc = STORE_NOTFOUND;
	if (text_parse_i64(r->param[2], &number))
		rc = store_opinion_report_get(r->db, r->pool, c.id, number, &rep);
	if (rc == STORE_ERROR) {
		cp_fail(r);
		return;
	}
	controversy_frozen f;
	if (rc == STORE_NOTFOUND || !controversy_frozen_read(r->pool, rep.data, &f)) {
		http_fail(r, 404, T(r, "There is no such report."));
		return;
	}
	buf *o = &r->out;
	const char *title = arena_printf(r->pool, T(r, "Report %lld"), (long long)number);
	begin(r, &cx, arena_printf(r->pool, "%s — %s", title, f.title ? f.title : c.title));
	html_printf(o, "<h1>%s</h1><p class=\"lead\">%s</p>", f.title ? f.title : c.title, title);
	html_printf(o, "<p class=\"hint\">%s</p>",
		    arena_printf(r->pool, T(r, "Frozen %s by %s; the figures and statements are those of that moment."),
				 page_time(r, rep.frozen_at), rep.frozen_by_name ? rep.frozen_by_name : "—"));
	if (f.question && *f.question)
		html_printf(o, "<p>%s</p>", f.question);
	texts t = {f.nst, f.number, f.body, f.is_meta};
	report_body(r, &f.map, &t, has_p ? p.id : 0);
	html_printf(o, "<p><a href=\"%s\">%s</a></p>", cv_url(r, &cx, &c, "/report"), T(r, "The current map"));
	page_end(r);
}

/* ---- Pol.is' layout ---- */

/* GET /c/{slug}/controversies/{uid}/polis/{file} */
void page_controversy_polis(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!cp_open_facilitate(r, &cx) || !load(r, &cx, &c))
		return;
	buf b = {0};
	int rc = controversy_export_polis(r->db, r->pool, &c, r->param[2], &b);
	if (rc == 404) {
		buf_free(&b);
		http_fail(r, 404, T(r, "There is no page at this address."));
		return;
	}
	if (rc < 0) {
		buf_free(&b);
		cp_fail(r);
		return;
	}
	http_set_header(r, "Content-Disposition",
			arena_printf(r->pool, "attachment; filename=\"%s-%s\"", c.uid, r->param[2]));
	http_body(r, "text/csv; charset=utf-8", b.data ? b.data : "", b.len);
	buf_free(&b);
}

static void import_page(http_req *r, const cycle_ctx *cx, const store_controversy *c, const char *error,
			const problems *pb)
{
	buf *o = &r->out;
	cp_begin(r, cx, T(r, "Import a Pol.is conversation"), "controversies");
	html_printf(o, "<h1>%s</h1><p>%s</p>", T(r, "Import a Pol.is conversation"),
		    T(r, "Choose the files of a Pol.is export: comments.csv, and votes.csv or participants-votes.csv. "
			 "The conversation becomes a controversy of this cycle, closed, with its statements, "
			 "participants and votes. Nothing is imported if a file is invalid."));
	html_printf(o, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"stack\">",
		    cp_url(r, cx, "/controversies/import"));
	page_csrf_field(r);
	page_form_errors(r, error);
	cp_errors(r, pb);
	cp_input(r, "title", T(r, "Title"), "text", c->title ? c->title : "", cp_error(r, pb, "title"), true, NULL);
	static const char *const files[] = {"comments", "votes", "participants_votes"};
	const char *labels[] = {T(r, "comments.csv (required)"), T(r, "votes.csv"),
				T(r, "participants-votes.csv (when there is no votes.csv)")};
	for (int i = 0; i < 3; i++)
		html_printf(o, "<div class=\"field\"><label for=\"%s\">%s</label><input type=\"file\" id=\"%s\" name=\"%s\" "
			       "accept=\"text/csv,.csv\"></div>",
			    files[i], labels[i], files[i], files[i]);
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form>", T(r, "Import"));
	page_end(r);
}

/* GET /c/{slug}/controversies/import */
void page_controversy_import_form(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_controversy c = {0};
	import_page(r, &cx, &c, NULL, NULL);
}

/* POST /c/{slug}/controversies/import */
void page_controversy_import(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_steer(r, &cx))
		return;
	store_controversy c = {.state = "closed", .proposals = false};
	c.title = text_trim(r->pool, http_form(r, "title") ?: "");
	const char *com = http_form(r, "comments"), *vot = http_form(r, "votes"), *pv = http_form(r, "participants_votes");
	if (vot && !*vot)
		vot = NULL;
	if (pv && !*pv)
		pv = NULL;
	if (!com || !*com || (!vot && !pv)) {
		r->status = 422;
		import_page(r, &cx, &c, T(r, "Choose comments.csv, and votes.csv or participants-votes.csv."), NULL);
		return;
	}
	polis_data d;
	char err[300];
	if (polis_parse(r->pool, vot, vot ? strlen(vot) : 0, com, strlen(com), pv, pv ? strlen(pv) : 0, &d, err,
			sizeof err) < 0) {
		r->status = 422;
		import_page(r, &cx, &c, arena_printf(r->pool, "%s %s", T(r, "The files were refused:"), err), NULL);
		return;
	}
	problems pb;
	problems_init(&pb, r->pool);
	int64_t id;
	if (!controversy_import_polis(r->db, r->pool, &cx, &c, &d, r->now, &pb, &id)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		import_page(r, &cx, &c, NULL, &pb);
		return;
	}
	http_after_commit(r, opinion_worker_poke, id);
	http_redirect(r, cv_url(r, &cx, &c, "/report"), "controversy_saved");
}
