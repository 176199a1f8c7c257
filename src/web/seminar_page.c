/*
 * seminar_page.c — loading a seminar and its participant identity, labels
 * of its codes, and the live-count events (see seminar_page.h).
 */
#include "seminar_page.h"
#include "layout.h"
#include "sse.h"

#include <stdio.h>
#include <string.h>

bool sp_load(http_req *r, const cycle_ctx *cx, store_seminar *sm)
{
	store_rc rc = store_seminar_get(r->db, r->pool, cx->c.id, r->param[1], sm);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such seminar in this cycle."));
		return false;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

const char *sp_cookie_name(http_req *r, int64_t cycle_id)
{
	return arena_printf(r->pool, "fab_p%lld", (long long)cycle_id);
}

bool sp_participant(http_req *r, const cycle_ctx *cx, store_participant *out)
{
	const char *tok = http_cookie(r, sp_cookie_name(r, cx->c.id));
	if (tok && *tok && strlen(tok) == ACCOUNT_TOKEN_LEN) {
		char hash[ACCOUNT_HASH_LEN + 1];
		account_hash_token(tok, hash);
		if (store_participant_by_token(r->db, r->pool, hash, out) == STORE_OK &&
		    out->cycle_id == cx->c.id)
			return true;
	}
	if (r->user && store_participant_for_user(r->db, r->pool, cx->c.id, r->user->id, out) == STORE_OK)
		return true;
	return false;
}

const char *sp_url(http_req *r, const cycle_ctx *cx, const store_seminar *sm, const char *suffix)
{
	return cp_url(r, cx, arena_printf(r->pool, "/seminars/%s%s", sm->uid, suffix ? suffix : ""));
}

const char *sp_state_label(http_req *r, const char *state)
{
	static const struct { const char *code, *msgid; } L[] = {
		{"preparation", N_("preparation")},
		{"presentation", N_("presentation")},
		{"vote_open", N_("vote open")},
		{"vote_closed", N_("vote closed")},
		{"results", N_("results")},
		{"groups_open", N_("sign-up to groups")},
		{"groups_done", N_("groups formed")},
	};
	for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
		if (state && strcmp(L[i].code, state) == 0)
			return T(r, L[i].msgid);
	return state ? state : "";
}

const char *sp_method_label(http_req *r, const char *method)
{
	static const struct { const char *code, *msgid; } L[] = {
		{"approval", N_("approval vote")},
		{"dots", N_("dot voting")},
		{"schulze", N_("ranked ballots (Schulze method)")},
		{"mj", N_("majority judgment")},
		{"borda", N_("ranked ballots (Borda count)")},
	};
	for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
		if (method && strcmp(L[i].code, method) == 0)
			return T(r, L[i].msgid);
	return method ? method : "";
}

const char *sp_org_label(http_req *r, const char *kind)
{
	static const struct { const char *code, *msgid; } L[] = {
		{"grand-groupe", N_("large company")},
		{"pme", N_("small or medium business")},
		{"start-up", N_("start-up")},
		{"institution-publique", N_("public institution")},
		{"collectivite", N_("local authority")},
		{"association", N_("association")},
		{"recherche", N_("research")},
		{"autre", N_("other")},
	};
	for (size_t i = 0; i < sizeof L / sizeof L[0]; i++)
		if (kind && strcmp(L[i].code, kind) == 0)
			return T(r, L[i].msgid);
	return kind ? kind : "";
}

const char *sp_grade_label(http_req *r, int grade)
{
	static const char *const G[TALLY_MJ_GRADES] = {
		N_("to reject"), N_("poor"), N_("fair"), N_("acceptable"),
		N_("good"), N_("very good"), N_("excellent"),
	};
	if (grade < 0 || grade >= TALLY_MJ_GRADES)
		return "";
	return T(r, G[grade]);
}

const char *sp_topic(http_req *r, const store_seminar *sm)
{
	return arena_printf(r->pool, "seminar:%lld", (long long)sm->id);
}

void sp_publish_counts(http_req *r, const store_seminar *sm)
{
	int64_t joined = 0, ballots = 0;
	if (store_seminar_counts(r->db, sm->id, sm->round, &joined, &ballots) != STORE_OK)
		return; /* only the live counts miss this change */
	/* The state is one of seminar_states: no character needs escaping.
	 * Read inside the request's transaction, the counts include its own
	 * change; they go out once it is committed. */
	http_publish_after_commit(r, sp_topic(r, sm), "counts",
		    arena_printf(r->pool, "{\"joined\":%lld,\"ballots\":%lld,\"state\":\"%s\",\"round\":%lld,"
					  "\"presenting\":%lld}",
				 (long long)joined, (long long)ballots, sm->state, (long long)sm->round,
				 (long long)sm->presenting));
}

bool sp_cycle_visible(const cycle_ctx *cx)
{
	return cycle_visible(cx);
}

bool sp_open_participant(http_req *r, cycle_ctx *cx, store_seminar *sm, store_participant *p,
			 bool *has_p)
{
	*has_p = false;
	memset(cx, 0, sizeof *cx);
	store_cycle c;
	store_rc rc = store_cycle_by_slug(r->db, r->pool, r->param[0], &c);
	cycle_rc vr = CYCLE_NOTFOUND;
	if (rc == STORE_OK)
		vr = cycle_view(r->db, r->pool, &c, r->user, cx);
	if (rc == STORE_ERROR || vr == CYCLE_ERROR) {
		cp_fail(r);
		return false;
	}
	store_rc sr = STORE_NOTFOUND;
	if (rc == STORE_OK) {
		sr = store_seminar_get(r->db, r->pool, cx->c.id, r->param[1], sm);
		if (sr == STORE_ERROR) {
			cp_fail(r);
			return false;
		}
		if (sr == STORE_OK)
			*has_p = sp_participant(r, cx, p);
	}
	if (vr == CYCLE_NOTFOUND) {
		/* An outsider: only the identity that joined this seminar. */
		bool joined = false;
		if (sr == STORE_OK && *has_p &&
		    store_seminar_joined(r->db, sm->id, p->id, &joined) != STORE_OK) {
			cp_fail(r);
			return false;
		}
		if (!joined) {
			http_fail(r, 404, T(r, "There is no such cycle, or it is open to its members only."));
			return false;
		}
	}
	if (sr == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such seminar in this cycle."));
		return false;
	}
	return true;
}

void sp_begin(http_req *r, const cycle_ctx *cx, const char *title)
{
	if (sp_cycle_visible(cx))
		cp_begin(r, cx, title, "seminars");
	else
		page_begin(r, arena_printf(r->pool, "%s — %s", title, cx->c.title));
}

const char *sp_code_display(http_req *r, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n != 6)
		return code ? code : "";
	return arena_printf(r->pool, "%.3s %.3s", code, code + 3);
}

void sp_org_select(http_req *r, const char *org, const char *error)
{
	size_t n = 0;
	while (seminar_org_kinds[n])
		n++;
	const char **opt = arena_alloc(r->pool, (2 * n + 3) * sizeof *opt);
	opt[0] = "";
	opt[1] = T(r, "Choose…");
	for (size_t i = 0; i < n; i++) {
		opt[2 + 2 * i] = seminar_org_kinds[i];
		opt[3 + 2 * i] = sp_org_label(r, seminar_org_kinds[i]);
	}
	opt[2 + 2 * n] = NULL;
	cp_select(r, "org_kind", T(r, "Kind of organisation you come from"), opt, org, error);
}
