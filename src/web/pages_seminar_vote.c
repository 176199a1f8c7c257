/*
 * pages_seminar_vote.c — the participant's side of a seminar: joining with
 * the code shown on the screen, the participant page in each state (the
 * candidates, the ballot of the seminar's method, the ranking of the working
 * groups, one's group), casting a ballot, attaching this browser's identity
 * to an account, and the projector view with its live counts.
 *
 * Every form works without JavaScript; the only script is assets/seminar.js,
 * which keeps the projector's counts live. The facilitator's pages (control,
 * results, groups, exports) are elsewhere; so are the rules, in
 * domain/seminar.c: this file reads forms and writes pages.
 */
#include "chart.h"
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "qr.h"
#include "seminar_page.h"
#include "sse.h"
#include "../core/assets.h"
#include "../core/ratelimit.h"
#include "../core/text.h"
#include "../domain/participant.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Join attempts per client address and window (seconds). Wrong codes are
 * the brake on guessing; every attempt, right or wrong, counts towards a
 * much higher cap, high enough for a whole room joining from behind one
 * address (a venue's Wi-Fi) and low enough to stop a flood. */
#define JOIN_WRONG_LIMIT 20
#define JOIN_ANY_LIMIT 1000
#define JOIN_WINDOW 300
/* The identity cookie lasts long enough for the working groups that
 * follow the seminar day. */
#define IDENTITY_MAX_AGE (180 * 86400)

static ratelimit *join_wrong, *join_any;
static pthread_once_t join_once = PTHREAD_ONCE_INIT;

static void join_limiters_make(void)
{
	join_wrong = ratelimit_new(JOIN_WRONG_LIMIT, JOIN_WINDOW);
	join_any = ratelimit_new(JOIN_ANY_LIMIT, JOIN_WINDOW);
}

/* ---- what every participant page loads ---- */

typedef struct vote_view {
	cycle_ctx cx;
	store_seminar sm;
	store_participant p;
	bool has_p;		/* this browser holds an identity in the cycle */
	bool joined;		/* ... and it joined this seminar */
	int state;
	seminar_params prm;
	store_candidate *cand;	/* every candidate, order of presentation */
	size_t ncand;
	int *idx;		/* the current round's candidates (indices into cand) */
	int nround;
} vote_view;

static bool vv_open(http_req *r, vote_view *v)
{
	memset(v, 0, sizeof *v);
	if (!sp_open_participant(r, &v->cx, &v->sm, &v->p, &v->has_p))
		return false;
	if ((v->has_p && store_seminar_joined(r->db, v->sm.id, v->p.id, &v->joined) != STORE_OK) ||
	    store_candidate_list(r->db, r->pool, v->sm.id, &v->cand, &v->ncand) != STORE_OK) {
		cp_fail(r);
		return false;
	}
	v->state = seminar_state_of(v->sm.state);
	seminar_params_read(&v->sm, &v->prm);
	v->idx = arena_alloc(r->pool, (v->ncand ? v->ncand : 1) * sizeof *v->idx);
	for (size_t i = 0; i < v->ncand; i++)
		if (v->sm.round <= 1 || v->cand[i].runoff)
			v->idx[v->nround++] = (int)i;
	return true;
}

/* The id and name of the ballot control of round candidate k. */
static const char *cand_field(http_req *r, const vote_view *v, int k)
{
	return arena_printf(r->pool, "c-%s", v->cand[v->idx[k]].uid);
}

/* ---- the join form ---- */

/* Nickname and organisation kind, the fields of both join forms. */
static void identity_fields(http_req *r, const char *nickname, const char *org, const problems *pb)
{
	cp_input(r, "nickname", T(r, "Nickname"), "text", nickname, cp_error(r, pb, "nickname"), true,
		 T(r, "How the facilitators and your working group will see you. No account is needed."));
	sp_org_select(r, org, cp_error(r, pb, "org_kind"));
}

static void join_page(http_req *r, const char *code, const char *nickname, const char *org,
		      const problems *pb, const char *alert)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Join with a code"));
	html_printf(o, "<h1>%s</h1><p class=\"lead\">%s</p>", T(r, "Join with a code"),
		    T(r, "Type the code shown on the screen, choose a nickname and say what kind of "
			 "organisation you come from."));
	page_form_errors(r, alert);
	html_raw(o, "<form method=\"post\" action=\"/join\" class=\"stack\" novalidate>");
	page_csrf_field(r);
	cp_errors(r, pb);
	cp_input(r, "code", T(r, "Join code"), "text", code, cp_error(r, pb, "code"), true,
		 T(r, "Six letters and digits, such as ABC DEF. Spaces do not matter."));
	identity_fields(r, nickname, org, pb);
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form>", T(r, "Join"));
	page_end(r);
}

/* GET /join */
void page_join_form(http_req *r)
{
	const char *code = http_query(r, "code");
	char norm[8];
	if (code && seminar_code_normalise(code, norm))
		code = sp_code_display(r, norm);
	join_page(r, code ? code : "", "", "", NULL, NULL);
}

/* Whether a seminar still takes participants: from préparation up to the
 * sign-up to the groups, in a cycle not archived. */
static bool join_open(int state, const store_cycle *c)
{
	return state >= SEM_PREPARATION && state <= SEM_GROUPS_OPEN && !c->archived;
}

/* Joins the controversy cv of cycle c by its code: its participant pages
 * open to this identity even in a members-only cycle. */
static void join_controversy(http_req *r, const store_controversy *cv, const store_cycle *c, const char *typed,
			     const char *nickname, const char *org)
{
	problems pb;
	problems_init(&pb, r->pool);
	if (strcmp(cv->state, "open") != 0 || c->archived) {
		problems_add(&pb, "code", N_("This controversy is closed: it no longer takes participants."));
		r->status = 422;
		join_page(r, typed, nickname, org, &pb, NULL);
		return;
	}
	const char *cookie = sp_cookie_name(r, c->id);
	store_participant p;
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!participant_identify(r->db, r->pool, c->id, http_cookie(r, cookie), r->user, nickname, org, r->now, &pb,
				  &p, token)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		join_page(r, typed, nickname, org, &pb, NULL);
		return;
	}
	if (store_controversy_join(r->db, cv->id, p.id, r->now) != STORE_OK) {
		cp_fail(r);
		return;
	}
	if (token[0])
		http_set_cookie(r, cookie, token, IDENTITY_MAX_AGE);
	http_redirect(r, arena_printf(r->pool, "/c/%s/controversies/%s", c->slug, cv->uid), "controversy_joined");
}

/* POST /join */
void page_join(http_req *r)
{
	const char *typed = text_trim(r->pool, http_form(r, "code") ?: "");
	const char *nickname = text_trim(r->pool, http_form(r, "nickname") ?: "");
	const char *org = http_form(r, "org_kind") ?: "";
	pthread_once(&join_once, join_limiters_make);
	const char *key = r->ip ? r->ip : "";
	int wait = ratelimit_check(join_wrong, key, r->now);
	int wait_any = ratelimit_check(join_any, key, r->now);
	if (wait_any > wait)
		wait = wait_any;
	if (wait > 0) {
		char s[16];
		snprintf(s, sizeof s, "%d", wait);
		http_set_header(r, "Retry-After", s);
		int minutes = (wait + 59) / 60;
		r->status = 429;
		join_page(r, typed, nickname, org, NULL,
			  arena_printf(r->pool,
				       TN(r, "Too many attempts to join. Try again in %d minute.",
					  "Too many attempts to join. Try again in %d minutes.", (unsigned long)minutes),
				       minutes));
		return;
	}
	ratelimit_hit(join_any, key, r->now);

	problems pb;
	problems_init(&pb, r->pool);
	char code[8];
	store_seminar sm;
	store_cycle c;
	if (!seminar_code_normalise(typed, code)) {
		problems_add(&pb, "code", N_("This is not a join code: it has six letters and digits, such as ABC DEF."));
		ratelimit_hit(join_wrong, key, r->now);
	} else {
		store_rc rc = store_seminar_by_code(r->db, r->pool, code, &sm);
		if (rc == STORE_OK)
			rc = store_cycle_by_id(r->db, r->pool, sm.cycle_id, &c);
		if (rc == STORE_ERROR) {
			cp_fail(r);
			return;
		}
		if (rc == STORE_NOTFOUND) {
			/* The same form takes the code of a controversy. */
			store_controversy cv;
			store_rc cr = store_controversy_by_code(r->db, r->pool, code, &cv);
			if (cr == STORE_OK)
				cr = store_cycle_by_id(r->db, r->pool, cv.cycle_id, &c);
			if (cr == STORE_ERROR) {
				cp_fail(r);
				return;
			}
			if (cr == STORE_OK) {
				join_controversy(r, &cv, &c, typed, nickname, org);
				return;
			}
			problems_add(&pb, "code", N_("No seminar has this code: check it on the screen."));
			ratelimit_hit(join_wrong, key, r->now);
		} else if (!join_open(seminar_state_of(sm.state), &c))
			problems_add(&pb, "code", N_("This seminar is over: it no longer accepts participants."));
	}
	if (pb.n) {
		r->status = 422;
		join_page(r, typed, nickname, org, &pb, NULL);
		return;
	}
	const char *cookie = sp_cookie_name(r, c.id);
	store_participant p;
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!seminar_join(r->db, r->pool, &sm, http_cookie(r, cookie), r->user, nickname, org, r->now, &pb,
			  &p, token)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		join_page(r, typed, nickname, org, &pb, NULL);
		return;
	}
	if (token[0])
		http_set_cookie(r, cookie, token, IDENTITY_MAX_AGE);
	sp_publish_counts(r, &sm);
	http_redirect(r, arena_printf(r->pool, "/c/%s/seminars/%s", c.slug, sm.uid), "seminar_joined");
}

/* ---- explanations ---- */

/* How the seminar's method counts, shown before anyone votes. */
static void method_rules(http_req *r, const vote_view *v)
{
	buf *o = &r->out;
	const seminar_params *p = &v->prm;
	switch (p->method) {
	case TALLY_APPROVAL:
		if (p->max_approvals > 0)
			html_printf(o, "<p>%s</p>",
				    arena_printf(r->pool,
						 TN(r, "Approve the scenario you support (%d at most).",
						    "Approve the scenarios you support (up to %d).",
						    (unsigned long)p->max_approvals),
						 p->max_approvals));
		else
			html_printf(o, "<p>%s</p>", T(r, "Approve every scenario you support, as many as you like."));
		html_printf(o, "<p>%s</p>", T(r, "The scenarios with the most approvals are retained."));
		break;
	case TALLY_DOTS: {
		int m = p->dots_max > 0 ? p->dots_max : p->dots;
		html_printf(o, "<p>%s %s</p>",
			    arena_printf(r->pool, TN(r, "You have %d dot to share among the scenarios.",
						     "You have %d dots to share among the scenarios.", (unsigned long)p->dots),
					 p->dots),
			    arena_printf(r->pool, TN(r, "You may put at most %d dot on one scenario.",
						     "You may put at most %d dots on one scenario.", (unsigned long)m),
					 m));
		html_printf(o, "<p>%s</p>", T(r, "The scenarios with the most dots are retained."));
		break;
	}
	case TALLY_SCHULZE:
	case TALLY_BORDA:
		html_printf(o, "<p>%s</p>",
			    T(r, "Rank the scenarios: 1 for the one you prefer, 2 for the next, and so on. You may "
				 "give the same rank to several scenarios when you like them equally."));
		if (p->unranked_ignore)
			html_printf(o, "<p>%s</p>",
				    T(r, "A scenario you leave unranked means you have no opinion on it: your ballot "
					 "does not compare it with the others."));
		else
			html_printf(o, "<p>%s</p>",
				    T(r, "A scenario you leave unranked counts as below every scenario you rank."));
		if (p->method == TALLY_SCHULZE)
			html_printf(o, "<p>%s</p>",
				    T(r, "Every pair of scenarios is compared: the winner is the one that a majority "
					 "prefers to each other, directly or through a chain of majorities (Schulze method)."));
		else
			html_printf(o, "<p>%s</p>",
				    T(r, "On your ballot each scenario earns one point for every scenario ranked below "
					 "it; the scenarios with the most points are retained (Borda count)."));
		break;
	case TALLY_MJ:
		html_printf(o, "<p>%s</p>",
			    arena_printf(r->pool,
					 T(r, "Give each scenario one of seven grades, from “%s” to “%s”."),
					 sp_grade_label(r, 0), sp_grade_label(r, TALLY_MJ_GRADES - 1)));
		html_printf(o, "<p>%s</p>",
			    T(r, "Each scenario’s majority grade is the median of the grades it received: at least "
				 "half of the voters gave it that grade or better. With an even number of voters, the "
				 "lower of the two middle grades is taken."));
		html_printf(o, "<p>%s</p>",
			    T(r, "The scenarios are ranked by majority grade. When two have the same, one median "
				 "grade is removed from each and the medians of what remains are compared, again and "
				 "again until they differ."));
		html_printf(o, "<p>%s</p>",
			    arena_printf(r->pool, T(r, "A scenario you do not grade counts as “%s”."),
					 sp_grade_label(r, 0)));
		break;
	}
}

/* ---- the ballot ---- */

/* Text values of a stored ballot, one per round candidate ("" for
 * nothing), or NULL when there is none. *cast_at receives its time. */
static const char **stored_ballot(http_req *r, const vote_view *v, int64_t *cast_at, bool *err)
{
	*err = false;
	if (!v->joined)
		return NULL;
	store_ballot b;
	store_rc rc = store_ballot_get(r->db, r->pool, v->sm.id, v->p.id, v->sm.round, &b);
	if (rc == STORE_ERROR)
		*err = true;
	if (rc != STORE_OK)
		return NULL;
	int n = v->nround;
	int16_t *x = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *x);
	if (!seminar_choice_parse(b.choice, n, x))
		return NULL;
	const char **vals = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *vals);
	for (int k = 0; k < n; k++) {
		bool none = v->prm.method == TALLY_MJ ? x[k] < 0 : v->prm.method != TALLY_DOTS && x[k] <= 0;
		vals[k] = none ? "" : arena_printf(r->pool, "%d", x[k]);
	}
	*cast_at = b.updated_at;
	return vals;
}

static bool has_summary(const store_candidate *c)
{
	return c->summary && *c->summary;
}

/* What a ballot control's aria-describedby names: its error, then the
 * candidate's summary. */
static const char *described_ids(http_req *r, const char *id, const char *err, const store_candidate *c)
{
	return arena_printf(r->pool, "%s%s%s", err ? arena_printf(r->pool, "%s-error", id) : "",
			    err && has_summary(c) ? " " : "",
			    has_summary(c) ? arena_printf(r->pool, "%s-hint", id) : "");
}

/* The summary (as hint) and the error of a ballot field. */
static void choice_notes(http_req *r, const char *id, const char *err, const store_candidate *c,
			 const char *hint_class)
{
	if (has_summary(c))
		html_printf(&r->out, "<p class=\"%s\" id=\"%s-hint\">%s</p>", hint_class, id, c->summary);
	if (err)
		html_printf(&r->out, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, err);
}

static void aria_attrs(http_req *r, const char *ids, bool invalid)
{
	if (invalid)
		html_raw(&r->out, " aria-invalid=\"true\"");
	if (*ids)
		html_printf(&r->out, " aria-describedby=\"%s\"", ids);
}

/* One field per candidate of the round, in the method's shape. */
static void ballot_choices(http_req *r, const vote_view *v, const char **vals, const problems *pb)
{
	buf *o = &r->out;
	int n = v->nround;
	for (int k = 0; k < n; k++) {
		const char *id = cand_field(r, v, k);
		const char *val = vals ? vals[k] : "";
		const char *err = cp_error(r, pb, id);
		const store_candidate *c = &v->cand[v->idx[k]];
		const char *ids = described_ids(r, id, err, c);
		switch (v->prm.method) {
		case TALLY_APPROVAL:
			/* The label follows the box; hint and error below. */
			html_printf(o, "<div class=\"field check choice%s\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"1\"%s",
				    err ? " invalid" : "", id, id, strcmp(val, "1") == 0 ? " checked" : "");
			aria_attrs(r, ids, err != NULL);
			html_printf(o, "><label for=\"%s\">%s</label></div>", id, c->title);
			choice_notes(r, id, err, c, "hint choice-hint");
			break;
		case TALLY_DOTS: {
			int m = v->prm.dots_max > 0 ? v->prm.dots_max : v->prm.dots;
			html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", err ? " invalid" : "", id, c->title);
			choice_notes(r, id, err, c, "hint");
			html_printf(o, "<input type=\"number\" id=\"%s\" name=\"%s\" min=\"0\" max=\"%d\" step=\"1\" "
				       "inputmode=\"numeric\" value=\"%s\"",
				    id, id, m, *val ? val : "0");
			aria_attrs(r, ids, err != NULL);
			html_raw(o, "></div>");
			break;
		}
		case TALLY_SCHULZE:
		case TALLY_BORDA: {
			html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", err ? " invalid" : "", id, c->title);
			choice_notes(r, id, err, c, "hint");
			html_printf(o, "<select id=\"%s\" name=\"%s\"", id, id);
			aria_attrs(r, ids, err != NULL);
			html_printf(o, "><option value=\"\">%s</option>", T(r, "not ranked"));
			for (int x = 1; x <= n; x++) {
				const char *xs = arena_printf(r->pool, "%d", x);
				html_printf(o, "<option value=\"%d\"%s>%d</option>", x, strcmp(val, xs) == 0 ? " selected" : "", x);
			}
			html_raw(o, "</select></div>");
			break;
		}
		case TALLY_MJ: {
			html_printf(o, "<fieldset class=\"grades%s\" id=\"%s\"", err ? " invalid" : "", id);
			aria_attrs(r, ids, false);
			html_printf(o, "><legend>%s</legend>", c->title);
			choice_notes(r, id, err, c, "hint");
			html_raw(o, "<div class=\"grade-row\">");
			for (int g = 0; g < TALLY_MJ_GRADES; g++) {
				const char *gs = arena_printf(r->pool, "%d", g);
				html_printf(o, "<label><input type=\"radio\" name=\"%s\" value=\"%d\"%s> %s</label>", id, g,
					    strcmp(val, gs) == 0 ? " checked" : "", sp_grade_label(r, g));
			}
			html_raw(o, "</div></fieldset>");
			break;
		}
		}
	}
}

static const char *ballot_legend(http_req *r, const vote_view *v)
{
	switch (v->prm.method) {
	case TALLY_APPROVAL: return T(r, "Which scenarios do you approve?");
	case TALLY_DOTS: return T(r, "Share your dots among the scenarios");
	case TALLY_MJ: return T(r, "Grade each scenario");
	default: return T(r, "Rank the scenarios");
	}
}

/* The section with the ballot form; vals (NULL: the stored ballot) and pb
 * re-show a refused ballot. */
static bool ballot_section(http_req *r, const vote_view *v, const char **vals, const problems *pb)
{
	buf *o = &r->out;
	int64_t cast_at = 0;
	bool err;
	const char **stored = stored_ballot(r, v, &cast_at, &err);
	if (err)
		return false;
	html_printf(o, "<section aria-labelledby=\"ballot-h\"><h2 id=\"ballot-h\">%s</h2>", T(r, "Your ballot"));
	if (v->sm.round >= 2)
		html_printf(o, "<p class=\"notice\">%s</p>",
			    T(r, "Second round: only the scenarios tied at the cut are on the ballot."));
	html_printf(o, "<h3>%s</h3>", T(r, "How the vote works"));
	method_rules(r, v);
	if (stored)
		html_printf(o, "<p class=\"notice\">%s</p>",
			    arena_printf(r->pool, T(r, "Your ballot was recorded on %s. You can change it until the vote closes."),
					 page_time(r, cast_at)));
	else
		html_printf(o, "<p>%s</p>", T(r, "You can change your ballot until the vote closes."));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack wide ballot\" novalidate>",
		    sp_url(r, &v->cx, &v->sm, "/ballot"));
	page_csrf_field(r);
	cp_errors(r, pb);
	const char *err_all = cp_error(r, pb, "ballot");
	if (err_all)
		html_raw(o, "<fieldset id=\"ballot\" class=\"invalid\" aria-describedby=\"ballot-error ballot-hint\">");
	else
		html_raw(o, "<fieldset id=\"ballot\" aria-describedby=\"ballot-hint\">");
	html_printf(o, "<legend>%s</legend>", ballot_legend(r, v));
	const char *hint = "";
	switch (v->prm.method) {
	case TALLY_APPROVAL:
		hint = v->prm.max_approvals > 0
			       ? arena_printf(r->pool, TN(r, "Tick the scenario you approve (%d at most).",
							  "Tick the scenarios you approve (%d at most).",
							  (unsigned long)v->prm.max_approvals),
					      v->prm.max_approvals)
			       : T(r, "Tick every scenario you approve.");
		break;
	case TALLY_DOTS: {
		int m = v->prm.dots_max > 0 ? v->prm.dots_max : v->prm.dots;
		hint = arena_printf(r->pool, T(r, "%d dots in all, at most %d on one scenario."), v->prm.dots, m);
		break;
	}
	case TALLY_MJ:
		hint = T(r, "Choose one grade per scenario.");
		break;
	default:
		hint = T(r, "1 is your first choice; equal ranks are allowed.");
		break;
	}
	html_printf(o, "<p class=\"hint\" id=\"ballot-hint\">%s</p>", hint);
	if (err_all)
		html_printf(o, "<p class=\"field-error\" id=\"ballot-error\">%s</p>", err_all);
	ballot_choices(r, v, vals ? vals : stored, pb);
	html_printf(o, "</fieldset><p><button type=\"submit\">%s</button></p></form></section>",
		    stored ? T(r, "Change my ballot") : T(r, "Cast my ballot"));
	return true;
}

/* The ballot as recorded, read-only, after the vote closed. */
static bool recorded_ballot(http_req *r, const vote_view *v)
{
	buf *o = &r->out;
	int64_t cast_at = 0;
	bool err;
	const char **vals = stored_ballot(r, v, &cast_at, &err);
	if (err)
		return false;
	if (!vals) {
		html_printf(o, "<p>%s</p>", T(r, "You did not vote in this round."));
		return true;
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    arena_printf(r->pool, T(r, "Your ballot as recorded on %s"), page_time(r, cast_at)),
		    T(r, "Scenario"), T(r, "Your choice"));
	for (int k = 0; k < v->nround; k++) {
		const char *val = vals[k];
		int x = *val ? atoi(val) : -1;
		const char *shown;
		switch (v->prm.method) {
		case TALLY_APPROVAL:
			shown = x == 1 ? T(r, "approved") : T(r, "not approved");
			break;
		case TALLY_DOTS:
			shown = arena_printf(r->pool, TN(r, "%d dot", "%d dots", (unsigned long)(x > 0 ? x : 0)), x > 0 ? x : 0);
			break;
		case TALLY_MJ:
			shown = x >= 0 ? sp_grade_label(r, x)
				       : arena_printf(r->pool, T(r, "not graded (counts as “%s”)"), sp_grade_label(r, 0));
			break;
		default:
			shown = x > 0 ? arena_printf(r->pool, T(r, "rank %d"), x) : T(r, "not ranked");
			break;
		}
		html_printf(o, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>", v->cand[v->idx[k]].title, shown);
	}
	html_raw(o, "</tbody></table>");
	return true;
}

/* ---- the working groups ---- */

typedef struct group_view {
	seminar_groups g;
	const store_seminar_person *me;	/* NULL when not among the people */
} group_view;

static bool groups_read(http_req *r, const vote_view *v, group_view *gv)
{
	memset(gv, 0, sizeof *gv);
	if (!seminar_groups_load(r->db, r->pool, &v->sm, &gv->g))
		return false;
	for (size_t i = 0; v->joined && i < gv->g.npeople; i++)
		if (gv->g.people[i].participant_id == v->p.id)
			gv->me = &gv->g.people[i];
	return true;
}

static void prefs_section(http_req *r, const vote_view *v, const group_view *gv, const char **vals,
			  const problems *pb)
{
	buf *o = &r->out;
	int G = (int)gv->g.ngroups;
	const char **stored = NULL;
	if (gv->me && *gv->me->ranks) {
		int16_t *x = arena_alloc(r->pool, (size_t)(G ? G : 1) * sizeof *x);
		if (seminar_choice_parse(gv->me->ranks, G, x)) {
			stored = arena_alloc(r->pool, (size_t)(G ? G : 1) * sizeof *stored);
			for (int j = 0; j < G; j++)
				stored[j] = x[j] > 0 ? arena_printf(r->pool, "%d", x[j]) : "";
		}
	}
	html_printf(o, "<section aria-labelledby=\"groups-h\"><h2 id=\"groups-h\">%s</h2>", T(r, "Choose your working group"));
	html_printf(o, "<p>%s</p><p>%s</p>",
		    T(r, "There is one working group per retained scenario. Rank the groups: 1 for the one you "
			 "would most like to join. You may rank only some of them, and give the same rank to several."),
		    T(r, "The groups are formed so that the worst choice anyone gets is as good as possible, then "
			 "so that as many people as possible get their first choices."));
	if (stored)
		html_printf(o, "<p class=\"notice\">%s</p>",
			    T(r, "Your choices are recorded. You can change them until sign-up closes."));
	else
		html_printf(o, "<p>%s</p>", T(r, "You can change your choices until sign-up closes."));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", sp_url(r, &v->cx, &v->sm, "/prefs"));
	page_csrf_field(r);
	cp_errors(r, pb);
	const char *err_all = cp_error(r, pb, "groups");
	if (err_all)
		html_raw(o, "<fieldset id=\"groups\" class=\"invalid\" aria-describedby=\"groups-error groups-hint\">");
	else
		html_raw(o, "<fieldset id=\"groups\" aria-describedby=\"groups-hint\">");
	html_printf(o, "<legend>%s</legend>", T(r, "Rank the groups"));
	html_printf(o, "<p class=\"hint\" id=\"groups-hint\">%s</p>", T(r, "1 is your first choice; equal ranks are allowed."));
	if (err_all)
		html_printf(o, "<p class=\"field-error\" id=\"groups-error\">%s</p>", err_all);
	const char **cur = vals ? vals : stored;
	for (int j = 0; j < G; j++) {
		const char *id = arena_printf(r->pool, "g-%s", gv->g.groups[j].uid);
		const char *err = cp_error(r, pb, id);
		const char *val = cur ? cur[j] : "";
		html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", err ? " invalid" : "", id,
			    gv->g.groups[j].title);
		if (err)
			html_printf(o, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, err);
		html_printf(o, "<select id=\"%s\" name=\"%s\"", id, id);
		if (err)
			html_printf(o, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
		html_printf(o, "><option value=\"\">%s</option>", T(r, "not ranked"));
		for (int x = 1; x <= G; x++) {
			const char *xs = arena_printf(r->pool, "%d", x);
			html_printf(o, "<option value=\"%d\"%s>%d</option>", x, strcmp(val, xs) == 0 ? " selected" : "", x);
		}
		html_raw(o, "</select></div>");
	}
	html_printf(o, "</fieldset><p><button type=\"submit\">%s</button></p></form></section>",
		    T(r, "Save my choices"));
}

static void my_group(http_req *r, const vote_view *v, const group_view *gv)
{
	buf *o = &r->out;
	html_printf(o, "<section aria-labelledby=\"mygroup-h\"><h2 id=\"mygroup-h\">%s</h2>", T(r, "Your working group"));
	const store_candidate *grp = NULL;
	for (size_t j = 0; gv->me && j < gv->g.ngroups; j++)
		if (gv->g.groups[j].scenario_id == gv->me->group_scenario)
			grp = &gv->g.groups[j];
	if (!grp) {
		html_printf(o, "<p>%s</p></section>", T(r, "You are not in a working group of this seminar."));
		return;
	}
	if (sp_cycle_visible(&v->cx))
		html_printf(o, "<p class=\"lead\">%s <a href=\"%s\">%s</a></p>", T(r, "Your group:"),
			    cp_url(r, &v->cx, arena_printf(r->pool, "/scenarios/%s", grp->uid)), grp->title);
	else
		html_printf(o, "<p class=\"lead\">%s <strong>%s</strong></p>", T(r, "Your group:"), grp->title);
	if (gv->me->manual)
		html_printf(o, "<p>%s</p>", T(r, "The facilitators placed you in this group."));
	else if (gv->me->group_rank > 0)
		html_printf(o, "<p>%s</p>",
			    arena_printf(r->pool, T(r, "It was your choice number %lld."), (long long)gv->me->group_rank));
	else
		html_printf(o, "<p>%s</p>", T(r, "You had not ranked this group."));
	html_raw(o, "</section>");
}

/* ---- the participant page ---- */

static void candidate_list(http_req *r, const vote_view *v)
{
	buf *o = &r->out;
	bool links = sp_cycle_visible(&v->cx);
	html_printf(o, "<section aria-labelledby=\"cand-h\"><h2 id=\"cand-h\">%s</h2><ol class=\"cards candidates\">",
		    T(r, "The candidate scenarios"));
	for (size_t i = 0; i < v->ncand; i++) {
		const store_candidate *c = &v->cand[i];
		bool now = v->state == SEM_PRESENTATION && v->sm.presenting == c->scenario_id;
		html_raw(o, "<li");
		if (now)
			html_raw(o, " class=\"presenting\" aria-current=\"true\"");
		html_raw(o, "><h3>");
		if (links)
			html_printf(o, "<a href=\"%s\">%s</a>", cp_url(r, &v->cx, arena_printf(r->pool, "/scenarios/%s", c->uid)),
				    c->title);
		else
			html_printf(o, "%s", c->title);
		html_raw(o, "</h3>");
		if (now)
			html_printf(o, "<p><strong>%s</strong></p>", T(r, "Being presented now"));
		if (c->summary && *c->summary)
			html_printf(o, "<p>%s</p>", c->summary);
		html_raw(o, "</li>");
	}
	html_raw(o, "</ol></section>");
}

static void refresh_link(http_req *r, const vote_view *v)
{
	html_printf(&r->out, "<p><a href=\"%s\">%s</a></p>", sp_url(r, &v->cx, &v->sm, NULL),
		    T(r, "Refresh this page to see what comes next"));
}

static void join_section(http_req *r, const vote_view *v, const problems *pb)
{
	buf *o = &r->out;
	html_printf(o, "<section aria-labelledby=\"join-h\"><h2 id=\"join-h\">%s</h2>", T(r, "Join this seminar"));
	html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", sp_url(r, &v->cx, &v->sm, "/join"));
	page_csrf_field(r);
	cp_errors(r, pb);
	identity_fields(r, http_form(r, "nickname") ?: "", http_form(r, "org_kind") ?: "", pb);
	html_printf(o, "<p><button type=\"submit\">%s</button></p></form></section>", T(r, "Join"));
}

/* The whole page. vals and pb re-show the form of the current state (the
 * ballot, or the ranking of the groups) or the join form; alert is a
 * message above everything (a refused ballot). */
static void participant_page(http_req *r, vote_view *v, const char **vals, const problems *pb,
			     const char *alert)
{
	buf *o = &r->out;
	group_view gv;
	bool need_groups = v->state == SEM_GROUPS_OPEN || v->state == SEM_GROUPS_DONE;
	if (need_groups && !groups_read(r, v, &gv)) {
		cp_fail(r);
		return;
	}
	size_t mark = o->len;
	sp_begin(r, &v->cx, v->sm.title);
	html_printf(o, "<h1>%s</h1>", v->sm.title);
	html_printf(o, "<p class=\"lead\">%s · %s%s</p>",
		    arena_printf(r->pool, T(r, "State: %s"), sp_state_label(r, v->sm.state)),
		    arena_printf(r->pool, T(r, "Method: %s"), sp_method_label(r, v->sm.method)),
		    v->sm.round >= 2 ? arena_printf(r->pool, " · %s", T(r, "second round")) : "");
	page_form_errors(r, alert);
	if (cycle_can_facilitate(&v->cx))
		html_printf(o, "<p><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
			    sp_url(r, &v->cx, &v->sm, "/control"), T(r, "Control page"),
			    sp_url(r, &v->cx, &v->sm, "/projector"), T(r, "Projector view"));
	if (v->joined) {
		html_printf(o, "<p>%s</p>",
			    arena_printf(r->pool, T(r, "You take part as %s (%s)."), v->p.nickname,
					 sp_org_label(r, v->p.org_kind)));
		if (r->user && !v->p.user_id) {
			html_printf(o, "<form method=\"post\" action=\"%s\" class=\"inline\">", sp_url(r, &v->cx, &v->sm, "/attach"));
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Keep this identity on my account"));
		}
	} else if (join_open(v->state, &v->cx.c)) {
		join_section(r, v, pb);
		pb = NULL;
	} else {
		html_printf(o, "<p>%s</p>", T(r, "This seminar no longer accepts participants."));
	}
	bool ok = true;
	switch (v->state) {
	case SEM_PREPARATION:
		html_printf(o, "<p>%s</p>", T(r, "The seminar has not started yet."));
		candidate_list(r, v);
		html_printf(o, "<h2>%s</h2>", T(r, "How the vote works"));
		method_rules(r, v);
		refresh_link(r, v);
		break;
	case SEM_PRESENTATION:
		candidate_list(r, v);
		html_printf(o, "<h2>%s</h2>", T(r, "How the vote works"));
		method_rules(r, v);
		refresh_link(r, v);
		break;
	case SEM_VOTE_OPEN:
		if (v->joined)
			ok = ballot_section(r, v, vals, pb);
		else
			html_printf(o, "<p>%s</p>", T(r, "The vote is open: join the seminar to vote."));
		break;
	case SEM_VOTE_CLOSED:
		html_printf(o, "<p class=\"notice\">%s</p>", T(r, "The vote is closed. The results will be announced soon."));
		if (v->joined)
			ok = recorded_ballot(r, v);
		refresh_link(r, v);
		break;
	default:
		html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>", sp_url(r, &v->cx, &v->sm, "/results"),
			    T(r, "See the results"));
		if (v->state == SEM_GROUPS_OPEN && v->joined)
			prefs_section(r, v, &gv, vals, pb);
		else if (v->state == SEM_GROUPS_DONE && v->joined)
			my_group(r, v, &gv);
		break;
	}
	if (!ok) {
		o->len = mark;
		cp_fail(r);
		return;
	}
	page_end(r);
}

/* GET /c/{slug}/seminars/{uid} */
void page_seminar_participant(http_req *r)
{
	vote_view v;
	if (vv_open(r, &v))
		participant_page(r, &v, NULL, NULL, NULL);
}

/* POST /c/{slug}/seminars/{uid}/join */
void page_seminar_join(http_req *r)
{
	vote_view v;
	if (!vv_open(r, &v))
		return;
	if (v.joined) {
		http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), NULL);
		return;
	}
	if (!join_open(v.state, &v.cx.c)) {
		r->status = 409;
		participant_page(r, &v, NULL, NULL, T(r, "This seminar is over: it no longer accepts participants."));
		return;
	}
	const char *cookie = sp_cookie_name(r, v.cx.c.id);
	problems pb;
	problems_init(&pb, r->pool);
	char token[ACCOUNT_TOKEN_LEN + 1];
	store_participant p;
	if (!seminar_join(r->db, r->pool, &v.sm, http_cookie(r, cookie), r->user,
			  text_trim(r->pool, http_form(r, "nickname") ?: ""), http_form(r, "org_kind") ?: "", r->now,
			  &pb, &p, token)) {
		if (!pb.n) {
			cp_fail(r);
			return;
		}
		r->status = 422;
		participant_page(r, &v, NULL, &pb, NULL);
		return;
	}
	if (token[0])
		http_set_cookie(r, cookie, token, IDENTITY_MAX_AGE);
	sp_publish_counts(r, &v.sm);
	http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), "seminar_joined");
}

/* Reads a whole number from a form value; false when it is not one. */
static bool form_int(const char *s, long lo, long hi, long *out)
{
	int64_t x;
	if (!text_parse_i64(s, &x) || x < lo || x > hi)
		return false;
	*out = (long)x;
	return true;
}

/* What is wrong with a ballot, as seminar_cast says it. */
static const char *ballot_error(tally_error e)
{
	switch (e) {
	case TALLY_E_TOO_MANY: return N_("Too many scenarios approved.");
	case TALLY_E_DOTS_TOTAL: return N_("More dots than you have.");
	case TALLY_E_DOTS_ONE: return N_("Too many dots on one scenario.");
	case TALLY_E_EMPTY: return N_("The ballot is empty: choose at least one scenario.");
	default: return N_("A value of the ballot is not possible.");
	}
}

/* POST /c/{slug}/seminars/{uid}/ballot */
void page_seminar_ballot(http_req *r)
{
	vote_view v;
	if (!vv_open(r, &v))
		return;
	if (v.state != SEM_VOTE_OPEN) {
		r->status = 409;
		participant_page(r, &v, NULL, NULL,
				 v.state < SEM_VOTE_OPEN ? T(r, "The vote is not open yet: your ballot was not recorded.")
							 : T(r, "The vote is closed: your ballot was not recorded."));
		return;
	}
	if (!v.joined) {
		r->status = 403;
		participant_page(r, &v, NULL, NULL, T(r, "Join the seminar before voting: your ballot was not recorded."));
		return;
	}
	int n = v.nround;
	const char **vals = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *vals);
	int16_t *bv = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *bv);
	problems pb;
	problems_init(&pb, r->pool);
	for (int k = 0; k < n; k++) {
		const char *id = cand_field(r, &v, k);
		const char *s = text_trim(r->pool, http_form(r, id) ?: "");
		vals[k] = s;
		long x = 0;
		switch (v.prm.method) {
		case TALLY_APPROVAL:
			if (*s && strcmp(s, "1") != 0)
				problems_add(&pb, id, N_("A value of the ballot is not possible."));
			bv[k] = *s ? 1 : 0;
			break;
		case TALLY_DOTS:
			if (*s && !form_int(s, 0, 10000, &x))
				problems_add(&pb, id, N_("Enter a whole number of dots, 0 or more."));
			bv[k] = (int16_t)x;
			break;
		case TALLY_SCHULZE:
		case TALLY_BORDA:
			if (*s && !form_int(s, 1, n, &x))
				problems_add(&pb, id, N_("Choose a rank from the list."));
			bv[k] = (int16_t)x;
			break;
		case TALLY_MJ:
			x = -1;
			if (*s && !form_int(s, 0, TALLY_MJ_GRADES - 1, &x))
				problems_add(&pb, id, N_("Choose one of the grades."));
			bv[k] = (int16_t)x;
			break;
		}
	}
	if (!pb.n) {
		/* The rules of the method, checked first on a copy to tell which
		 * field a broken rule belongs to; seminar_cast checks again. */
		int16_t *copy = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *copy);
		memcpy(copy, bv, (size_t)n * sizeof *bv);
		int cand = -1;
		tally_error e = seminar_ballot_normalise(&v.prm, n, copy, &cand);
		const char *why = NULL;
		if (e != TALLY_OK) {
			bool on_one = (e == TALLY_E_VALUE || e == TALLY_E_DOTS_ONE) && cand >= 0 && cand < n;
			problems_add(&pb, on_one ? cand_field(r, &v, cand) : "ballot", ballot_error(e));
		} else if (!seminar_cast(r->db, r->pool, &v.sm, v.p.id, bv, n, r->now, &why, &cand)) {
			if (!why) {
				cp_fail(r);
				return;
			}
			problems_add(&pb, "ballot", why);
		}
	}
	if (pb.n) {
		r->status = 422;
		participant_page(r, &v, vals, &pb, NULL);
		return;
	}
	sp_publish_counts(r, &v.sm);
	http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), "ballot_cast");
}

/* POST /c/{slug}/seminars/{uid}/prefs */
void page_seminar_prefs(http_req *r)
{
	vote_view v;
	if (!vv_open(r, &v))
		return;
	if (v.state != SEM_GROUPS_OPEN) {
		r->status = 409;
		participant_page(r, &v, NULL, NULL,
				 T(r, "Sign-up to the working groups is not open: your choices were not recorded."));
		return;
	}
	if (!v.joined) {
		r->status = 403;
		participant_page(r, &v, NULL, NULL, T(r, "Join the seminar first: your choices were not recorded."));
		return;
	}
	group_view gv;
	if (!groups_read(r, &v, &gv)) {
		cp_fail(r);
		return;
	}
	int G = (int)gv.g.ngroups;
	const char **vals = arena_alloc(r->pool, (size_t)(G ? G : 1) * sizeof *vals);
	int16_t *ranks = arena_alloc(r->pool, (size_t)(G ? G : 1) * sizeof *ranks);
	problems pb;
	problems_init(&pb, r->pool);
	for (int j = 0; j < G; j++) {
		const char *id = arena_printf(r->pool, "g-%s", gv.g.groups[j].uid);
		const char *s = text_trim(r->pool, http_form(r, id) ?: "");
		long x = 0;
		vals[j] = s;
		if (*s && !form_int(s, 1, G, &x))
			problems_add(&pb, id, N_("Choose a rank from the list."));
		ranks[j] = (int16_t)x;
	}
	const char *why = NULL;
	if (!pb.n && !seminar_group_prefs(r->db, r->pool, &v.sm, v.p.id, ranks, G, r->now, &why)) {
		if (!why) {
			cp_fail(r);
			return;
		}
		problems_add(&pb, "groups", why);
	}
	if (pb.n) {
		r->status = 422;
		participant_page(r, &v, vals, &pb, NULL);
		return;
	}
	http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), "prefs_saved");
}

/* POST /c/{slug}/seminars/{uid}/attach */
void page_seminar_attach(http_req *r)
{
	vote_view v;
	if (!vv_open(r, &v))
		return;
	if (!v.has_p) {
		http_fail(r, 409, T(r, "This browser holds no identity in this cycle: join the seminar first."));
		return;
	}
	if (v.p.user_id == r->user->id) {
		http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), "identity_attached");
		return;
	}
	if (v.p.user_id) {
		http_fail(r, 409, T(r, "This identity is already attached to another account."));
		return;
	}
	store_participant other;
	store_rc rc = store_participant_for_user(r->db, r->pool, v.cx.c.id, r->user->id, &other);
	if (rc == STORE_OK && other.id != v.p.id) {
		http_fail(r, 409, T(r, "Your account already holds another identity in this cycle."));
		return;
	}
	if (rc == STORE_ERROR || store_participant_attach(r->db, v.p.id, r->user->id) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, sp_url(r, &v.cx, &v.sm, NULL), "identity_attached");
}

/* ---- the projector ---- */

/* The join link as people type it or scan it: absolute when the Host
 * header is a plain host name or address, relative otherwise. */
static const char *join_base(http_req *r)
{
	const char *host = http_header_in(r, "Host");
	size_t n = host ? strlen(host) : 0;
	if (n == 0 || n > 255)
		return "";
	for (size_t i = 0; i < n; i++) {
		char ch = host[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			  ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']';
		if (!ok)
			return "";
	}
	return arena_printf(r->pool, "%s://%s", r->secure ? "https" : "http", host);
}

/* A frame of its own: the screen shows no site navigation, and the head
 * carries a refresh for browsers without JavaScript (seminar.js keeps the
 * page live otherwise). */
static void projector_begin(http_req *r, const char *title, int refresh_s)
{
	buf *o = &r->out;
	const asset *css = assets_get("style.css");
	html_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>%s — fabrique</title>"
		       "<link rel=\"stylesheet\" href=\"/static/style.css?v=%s\">"
		       "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"
		       "<noscript><meta http-equiv=\"refresh\" content=\"%d\"></noscript>"
		       "</head><body class=\"projector\"><main id=\"main\">",
		    i18n_code(r->lang), title, css ? arena_strndup(r->pool, css->etag + 1, 8) : "0", refresh_s);
}

static void result_chart(http_req *r, const seminar_outcome *oc, const tally_result *t, const int *map,
			 const char *id, const char *caption)
{
	buf *o = &r->out;
	int n = t->ncand;
	const char **names = arena_alloc(r->pool, (size_t)(n ? n : 1) * sizeof *names);
	bool *ret = arena_zalloc(r->pool, (size_t)(n ? n : 1) * sizeof *ret);
	for (int i = 0; i < n; i++) {
		int c = map ? map[i] : i;
		names[i] = oc->cand[c].title;
		ret[i] = oc->retained[c];
	}
	chart_frame f = {.lang = r->lang, .id = id, .caption = caption};
	switch (t->method) {
	case TALLY_MJ: {
		const char *grades[TALLY_MJ_GRADES];
		for (int g = 0; g < TALLY_MJ_GRADES; g++)
			grades[g] = sp_grade_label(r, g);
		chart_mj(o, &f, t, names, ret, grades);
		break;
	}
	case TALLY_SCHULZE:
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    caption, T(r, "Rank"), T(r, "Scenario"), T(r, "Retained"));
		for (int i = 0; i < n; i++) {
			int c = t->order[i];
			html_printf(o, "<tr><td>%d</td><th scope=\"row\">%s</th><td>%s</td></tr>", t->rank[c], names[c],
				    ret[c] ? T(r, "✓ retained") : "");
		}
		html_raw(o, "</tbody></table>");
		break;
	default: {
		chart_bar *rows;
		int k = chart_bar_rows(r->pool, t, names, ret, &rows);
		chart_bars(o, &f, t->method == TALLY_APPROVAL ? T(r, "Approvals") : t->method == TALLY_DOTS ? T(r, "Dots") : T(r, "Points"),
			   rows, k);
		break;
	}
	}
}

static void projector_results(http_req *r, const seminar_outcome *oc)
{
	buf *o = &r->out;
	html_printf(o, "<section aria-labelledby=\"res-h\"><h2 id=\"res-h\">%s</h2>", T(r, "Results"));
	html_printf(o, "<p>%s</p>", arena_printf(r->pool, TN(r, "%llu ballot counted.", "%llu ballots counted.",
							     (unsigned long)oc->ballots),
						 (unsigned long long)oc->ballots));
	if (oc->tie)
		html_printf(o, "<p class=\"notice\">%s</p>",
			    T(r, "A tie straddles the cut: the facilitators will resolve it."));
	else {
		html_printf(o, "<h3>%s</h3><ol class=\"retained\">", T(r, "Retained scenarios"));
		for (size_t i = 0; i < oc->ncand; i++) {
			int c = oc->final_order[i];
			if (oc->retained[c])
				html_printf(o, "<li>%s</li>", oc->cand[c].title);
		}
		html_raw(o, "</ol>");
	}
	result_chart(r, oc, oc->tally, NULL, "r1", oc->runoff ? T(r, "First round") : T(r, "The vote"));
	if (oc->runoff)
		result_chart(r, oc, oc->runoff, oc->runoff_idx, "r2", T(r, "Second round"));
	html_raw(o, "</section>");
}

/* GET /c/{slug}/seminars/{uid}/projector */
void page_seminar_projector(http_req *r)
{
	vote_view v;
	memset(&v, 0, sizeof v);
	if (!cp_open_facilitate(r, &v.cx) || !sp_load(r, &v.cx, &v.sm))
		return;
	v.state = seminar_state_of(v.sm.state);
	seminar_params_read(&v.sm, &v.prm);
	int64_t joined = 0, ballots = 0;
	seminar_outcome oc;
	bool show_results = v.state >= SEM_VOTE_CLOSED;
	if (store_seminar_counts(r->db, v.sm.id, v.sm.round, &joined, &ballots) != STORE_OK ||
	    store_candidate_list(r->db, r->pool, v.sm.id, &v.cand, &v.ncand) != STORE_OK ||
	    (show_results && !seminar_outcome_compute(r->db, r->pool, &v.sm, &oc))) {
		cp_fail(r);
		return;
	}
	buf *o = &r->out;
	projector_begin(r, arena_printf(r->pool, "%s — %s", v.sm.title, T(r, "Projector view")),
			v.state >= SEM_RESULTS ? 30 : 5);
	html_printf(o, "<h1>%s</h1><p class=\"lead\">%s</p>", v.sm.title,
		    arena_printf(r->pool, T(r, "State: %s"), sp_state_label(r, v.sm.state)));
	html_printf(o, "<div class=\"live\" data-events=\"%s\" data-state=\"%s\" data-round=\"%lld\" data-presenting=\"%lld\">",
		    sp_url(r, &v.cx, &v.sm, "/events"), v.sm.state, (long long)v.sm.round, (long long)v.sm.presenting);
	if (v.state <= SEM_VOTE_OPEN) {
		const char *base = join_base(r);
		const char *link = arena_printf(r->pool, "%s/join?code=%s", base, v.sm.join_code);
		html_printf(o, "<section class=\"join-screen\" aria-labelledby=\"join-h\"><h2 id=\"join-h\">%s</h2><div>", T(r, "Join the seminar"));
		html_printf(o, "<p>%s</p><p class=\"join-link\">%s</p>", T(r, "Go to"),
			    *base ? arena_printf(r->pool, "%s/join", base) : "/join");
		html_printf(o, "<p>%s</p><p class=\"join-code\">%s</p></div>", T(r, "and type the code"),
			    sp_code_display(r, v.sm.join_code));
		qr_svg(o, link, "qr", arena_printf(r->pool, T(r, "QR code of the join link %s"), link));
		html_raw(o, "</section>");
	}
	if (v.state == SEM_PRESENTATION && v.sm.presenting)
		for (size_t i = 0; i < v.ncand; i++)
			if (v.cand[i].scenario_id == v.sm.presenting)
				html_printf(o, "<p class=\"now\">%s <strong>%s</strong></p>", T(r, "Now presented:"), v.cand[i].title);
	html_printf(o, "<div aria-live=\"polite\"><dl class=\"counts\"><div><dt>%s</dt><dd id=\"n-joined\">%lld</dd></div>"
		       "<div><dt>%s</dt><dd id=\"n-ballots\">%lld</dd></div></dl></div>",
		    T(r, "Participants"), (long long)joined,
		    v.sm.round >= 2 ? T(r, "Ballots (second round)") : T(r, "Ballots"), (long long)ballots);
	if (show_results)
		projector_results(r, &oc);
	if (v.state == SEM_GROUPS_OPEN)
		html_printf(o, "<p class=\"now\">%s</p>",
			    T(r, "Sign-up to the working groups is open: rank the groups on the seminar page."));
	html_printf(o, "</div><p class=\"hint\"><a href=\"%s\">%s</a> · <a href=\"%s\">%s</a></p>",
		    sp_url(r, &v.cx, &v.sm, "/control"), T(r, "Control page"), sp_url(r, &v.cx, &v.sm, "/projector"),
		    T(r, "Refresh"));
	const asset *js = assets_get("seminar.js");
	html_printf(o, "<script src=\"/static/seminar.js?v=%s\" defer></script></main></body></html>\n",
		    js ? arena_strndup(r->pool, js->etag + 1, 8) : "0");
}

/* GET /c/{slug}/seminars/{uid}/events */
void page_seminar_events(http_req *r)
{
	cycle_ctx cx;
	store_seminar sm;
	if (!cp_open_facilitate(r, &cx) || !sp_load(r, &cx, &sm))
		return;
	sse_open(r, sp_topic(r, &sm), 15);
	/* The first event carries the counts as they are now (every view of
	 * this seminar gets them again, which is harmless). */
	sp_publish_counts(r, &sm);
}
