/*
 * api_controversies.c — the JSON API of a cycle's controversies: listing
 * and creating them, changing them (state, proposals, texts), their
 * statements (added by facilitators, proposed by participants, moderated),
 * votes, the stored opinion map and the reports frozen from it. The rules
 * are src/domain/controversy.c's and the permissions those of the web
 * pages (src/web/pages_controversies.c): a draft is for the facilitators
 * only; facilitators add and moderate statements; anyone who may see the
 * cycle and is signed in votes and proposes with the participant identity
 * of their account in the cycle; an archived cycle takes nothing.
 */
#include "api.h"
#include "../core/text.h"
#include "../domain/controversy.h"
#include "../domain/cycle.h"
#include "../domain/opinion_worker.h"
#include "../domain/participant.h"
#include "../domain/problems.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const char *s)
{
	return s ? s : "";
}

/* A controversy as JSON. The join code lets people from outside the cycle
 * in: facilitators only, as on the web. */
static json_t *controversy_json(const store_controversy *c, bool fac)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "uid", c->uid, "title",
			 str(c->title), "question", str(c->question), "description", str(c->description), "state",
			 c->state, "proposals", c->proposals, "join_code",
			 fac && c->join_code ? json_string(c->join_code) : json_null(), "created_by",
			 c->created_by ? json_integer(c->created_by) : json_null(), "created_at",
			 api_time(c->created_at), "updated_at", api_time(c->updated_at));
}

/* A statement as JSON; its author's name for facilitators only. */
static json_t *statement_json(const store_statement *x, bool fac)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:s, s:s, s:o, s:I, s:I, s:I, s:o}", "number", (json_int_t)x->number,
			 "body", str(x->body), "status", x->status, "is_meta", x->is_meta, "origin", str(x->origin),
			 "note", str(x->note), "author",
			 fac && x->author_name ? json_string(x->author_name) : json_null(), "agree",
			 (json_int_t)x->agree, "disagree", (json_int_t)x->disagree, "pass", (json_int_t)x->pass,
			 "created_at", api_time(x->created_at));
}

/* Loads the controversy of r->param[1]; false after answering 404 (also
 * for a draft the caller may not see) or 500. */
static bool open_controversy(http_req *r, const cycle_ctx *cx, store_controversy *c)
{
	store_rc rc = store_controversy_get(r->db, r->pool, cx->c.id, r->param[1], c);
	if (rc == STORE_ERROR) {
		api_read_failed(r);
		return false;
	}
	if (rc == STORE_NOTFOUND || (strcmp(c->state, "draft") == 0 && !cycle_can_facilitate(cx))) {
		http_fail(r, 404, T(r, "There is no such controversy in this cycle."));
		return false;
	}
	return true;
}

/* Participants' writes: refused in an archived cycle (403). */
static bool need_not_archived(http_req *r, const cycle_ctx *cx)
{
	if (!cx->c.archived)
		return true;
	http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
	return false;
}

/* Answers status with the controversy and its statements: every one for
 * facilitators, the accepted ones for the others. */
static void reply_controversy(http_req *r, const cycle_ctx *cx, const store_controversy *c, int status)
{
	store_statement *x;
	size_t n;
	if (store_statement_list(r->db, r->pool, c->id, &x, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	bool fac = cycle_can_facilitate(cx);
	json_t *j = controversy_json(c, fac);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		if (fac || strcmp(x[i].status, "accepted") == 0)
			json_array_append_new(a, statement_json(&x[i], fac));
	json_object_set_new(j, "statements", a);
	api_reply(r, status, j);
}

/* Answers status with statement number of c, with its counts. */
static void reply_statement(http_req *r, const cycle_ctx *cx, const store_controversy *c, int64_t number,
			    int status)
{
	store_statement *x;
	size_t n;
	if (store_statement_list(r->db, r->pool, c->id, &x, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (x[i].number == number) {
			api_reply(r, status, statement_json(&x[i], cycle_can_facilitate(cx)));
			return;
		}
	api_read_failed(r);
}

/* The participant identity of the caller's account in the cycle; when
 * there is none yet, a new one from nickname and org_kind (422 naming
 * those fields when they are not valid). false after answering. */
static bool identity(http_req *r, const cycle_ctx *cx, const char *nickname, const char *org_kind,
		     store_participant *p)
{
	/* Looked up first: participant_identify would give the identity a new
	 * cookie token and so sign out the browser that holds the old one. */
	store_rc rc = store_participant_for_user(r->db, r->pool, cx->c.id, r->user->id, p);
	if (rc == STORE_OK)
		return true;
	if (rc != STORE_NOTFOUND) {
		api_read_failed(r);
		return false;
	}
	problems pb;
	problems_init(&pb, r->pool);
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!participant_identify(r->db, r->pool, cx->c.id, NULL, r->user,
				  nickname ? text_trim(r->pool, nickname) : "", org_kind ? org_kind : "", r->now, &pb,
				  p, token)) {
		if (pb.n)
			api_problems(r, &pb);
		else
			api_write_failed(r);
		return false;
	}
	return true;
}

/* GET /api/v1/cycles/{slug}/controversies */
void api_controversies_list(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx))
		return;
	store_controversy *c;
	size_t n;
	if (store_controversy_list(r->db, r->pool, cx.c.id, &c, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	bool fac = cycle_can_facilitate(&cx);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		if (!fac && strcmp(c[i].state, "draft") == 0)
			continue;
		json_t *j = controversy_json(&c[i], fac);
		json_object_set_new(j, "counts",
				    json_pack("{s:I, s:I, s:I}", "statements", (json_int_t)c[i].nstatements, "voters",
					      (json_int_t)c[i].nvoters, "votes", (json_int_t)c[i].nvotes));
		json_array_append_new(a, j);
	}
	api_reply(r, 200, json_pack("{s:o}", "controversies", a));
}

/* POST /api/v1/cycles/{slug}/controversies {"title", "question",
 * "description", "state", "proposals"} (facilitators) */
void api_controversies_create(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *title, *question, *description, *state;
	store_controversy c = {.state = "open", .proposals = true};
	if (!b || !api_string(r, b, "title", false, &title) || !api_string(r, b, "question", false, &question) ||
	    !api_string(r, b, "description", false, &description) || !api_string(r, b, "state", false, &state) ||
	    !api_bool(r, b, "proposals", &c.proposals))
		return;
	c.title = text_trim(r->pool, title ? title : "");
	c.question = text_trim(r->pool, question ? question : "");
	c.description = description ? description : "";
	if (state)
		c.state = state;
	problems pb;
	problems_init(&pb, r->pool);
	int64_t id;
	if (!controversy_create(r->db, r->pool, &cx, &c, r->now, &pb, &id)) {
		if (pb.n)
			api_problems(r, &pb);
		else
			api_write_failed(r);
		return;
	}
	store_controversy saved;
	if (store_controversy_by_id(r->db, r->pool, id, &saved) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	reply_controversy(r, &cx, &saved, 201);
}

/* GET /api/v1/cycles/{slug}/controversies/{uid} */
void api_controversy_get(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (api_cycle_open(r, &cx) && open_controversy(r, &cx, &c))
		reply_controversy(r, &cx, &c, 200);
}

/* PATCH /api/v1/cycles/{slug}/controversies/{uid} {"title", "question",
 * "description", "state", "proposals"} (facilitators): the members given
 * change, the others stay; the same rules as the edit form. */
void api_controversy_update(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	json_t *b = api_body(r);
	const char *title, *question, *description, *state;
	if (!b || !api_string(r, b, "title", false, &title) || !api_string(r, b, "question", false, &question) ||
	    !api_string(r, b, "description", false, &description) || !api_string(r, b, "state", false, &state) ||
	    !api_bool(r, b, "proposals", &c.proposals))
		return;
	if (title)
		c.title = text_trim(r->pool, title);
	if (question)
		c.question = text_trim(r->pool, question);
	if (description)
		c.description = description;
	if (state)
		c.state = state;
	problems pb;
	problems_init(&pb, r->pool);
	controversy_check(&c, &pb);
	if (pb.n) {
		api_problems(r, &pb);
		return;
	}
	c.updated_at = r->now;
	if (store_controversy_update(r->db, &c) != STORE_OK) {
		api_write_failed(r);
		return;
	}
	reply_controversy(r, &cx, &c, 200);
}

/* A frozen report's heading as JSON: its number, the controversy's title
 * then, when and by whom it was frozen. */
static json_t *frozen_json(const store_opinion_report *rep)
{
	return json_pack("{s:I, s:s, s:o, s:o}", "number", (json_int_t)rep->number, "title", str(rep->title),
			 "frozen_at", api_time(rep->frozen_at), "frozen_by",
			 rep->frozen_by_name ? json_string(rep->frozen_by_name) : json_null());
}

/* POST /api/v1/cycles/{slug}/controversies/{uid}/reports (facilitators),
 * no body or {}: freezes the current map into the cycle's record, as the
 * report page's button does; 409 while no map was ever computed. */
void api_controversy_freeze(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	if (r->body_len > 0 && !api_body(r)) /* nothing to send; if anything, a JSON object */
		return;
	int64_t number;
	int rc = controversy_freeze(r->db, r->pool, &c, r->user->id, r->now, &number);
	if (rc < 0) {
		api_write_failed(r);
		return;
	}
	if (rc == 409) {
		http_fail(r, 409, T(r, "There is no map to freeze yet."));
		return;
	}
	store_opinion_report rep;
	if (store_opinion_report_get(r->db, r->pool, c.id, number, &rep) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	api_reply(r, 201, frozen_json(&rep));
}

/* GET /api/v1/cycles/{slug}/controversies/{uid}/reports — the frozen
 * reports, newest first, without their content. */
void api_controversy_reports(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	store_opinion_report *rep;
	size_t n;
	if (store_opinion_report_list(r->db, r->pool, c.id, &rep, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, frozen_json(&rep[i]));
	api_reply(r, 200, json_pack("{s:o}", "reports", a));
}

/* GET /api/v1/cycles/{slug}/controversies/{uid}/reports/{n} — one frozen
 * report: its heading, and under "report" what was frozen (the title and
 * question of that moment, the map as the worker wrote it, and the
 * statements' numbers, texts, status and meta flags: every statement for
 * facilitators, the accepted ones for the others). */
void api_controversy_frozen(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	int64_t number;
	store_opinion_report rep;
	store_rc rc = STORE_NOTFOUND;
	if (text_parse_i64(r->param[2], &number))
		rc = store_opinion_report_get(r->db, r->pool, c.id, number, &rep);
	if (rc == STORE_ERROR) {
		api_read_failed(r);
		return;
	}
	json_t *data = rc == STORE_OK && rep.data ? json_loads(rep.data, 0, NULL) : NULL;
	if (!json_is_object(data)) {
		json_decref(data);
		http_fail(r, 404, T(r, "There is no such report."));
		return;
	}
	/* The texts of rejected and pending statements were frozen too (the
	 * record is the facilitators'); others read the accepted ones only,
	 * as everywhere else. */
	json_t *st = json_object_get(data, "statements");
	if (!cycle_can_facilitate(&cx) && json_is_array(st))
		for (size_t i = json_array_size(st); i-- > 0;) {
			const char *status = json_string_value(json_object_get(json_array_get(st, i), "status"));
			if (!status || strcmp(status, "accepted") != 0)
				json_array_remove(st, i);
		}
	json_t *j = frozen_json(&rep);
	json_object_set_new(j, "report", data);
	api_reply(r, 200, j);
}

/* POST /api/v1/cycles/{slug}/controversies/{uid}/statements {"body",
 * "nickname", "org_kind"} — a facilitator's statement is accepted at once;
 * anyone else proposes one, pending until moderated, with the identity of
 * their account (nickname and org_kind create it when there is none). */
void api_controversy_statement_add(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	bool fac = cycle_can_facilitate(&cx);
	if (fac ? !api_need_steer(r, &cx) : !need_not_archived(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *body, *nickname, *org_kind;
	if (!b || !api_string(r, b, "body", false, &body) || !api_string(r, b, "nickname", false, &nickname) ||
	    !api_string(r, b, "org_kind", false, &org_kind))
		return;
	store_participant p = {0};
	if (!fac && !identity(r, &cx, nickname, org_kind, &p))
		return;
	problems pb;
	problems_init(&pb, r->pool);
	const char *why = NULL;
	int64_t number;
	if (!controversy_add_statement(r->db, r->pool, &c, body ? body : "", fac, fac ? 0 : p.id,
				       fac ? r->user->id : 0, r->now, &pb, &why, &number)) {
		if (why)
			http_fail(r, 409, T(r, why));
		else if (pb.n)
			api_problems(r, &pb);
		else
			api_write_failed(r);
		return;
	}
	if (fac)
		http_after_commit(r, opinion_worker_poke, c.id);
	reply_statement(r, &cx, &c, number, 201);
}

/* POST /api/v1/cycles/{slug}/controversies/{uid}/statements/{n}/moderation
 * {"action": "accept" | "reject" | "meta" | "pending", "note"} (facilitators) */
void api_controversy_moderate(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	int64_t number;
	if (!text_parse_i64(r->param[2], &number)) {
		http_fail(r, 404, T(r, "There is no such statement in this controversy."));
		return;
	}
	json_t *b = api_body(r);
	const char *action, *note;
	if (!b || !api_string(r, b, "action", false, &action) || !api_string(r, b, "note", false, &note))
		return;
	int mod = controversy_mod_of(action);
	if (mod < 0) {
		problems pb;
		problems_init(&pb, r->pool);
		problems_add(&pb, "action", N_("Choose a statement and what to do with it."));
		api_problems(r, &pb);
		return;
	}
	int rc = controversy_moderate(r->db, r->pool, &c, number, (controversy_mod)mod, note, r->user->id, r->now);
	if (rc == 404) {
		http_fail(r, 404, T(r, "There is no such statement in this controversy."));
		return;
	}
	if (rc) {
		api_write_failed(r);
		return;
	}
	http_after_commit(r, opinion_worker_poke, c.id);
	reply_statement(r, &cx, &c, number, 200);
}

/* 1 agree, -1 disagree, 0 pass, 2 for anything else. */
static int vote_value(const char *v)
{
	if (!v)
		return 2;
	return strcmp(v, "agree") == 0 ? 1 : strcmp(v, "disagree") == 0 ? -1 : strcmp(v, "pass") == 0 ? 0 : 2;
}

/* POST /api/v1/cycles/{slug}/controversies/{uid}/votes {"statement",
 * "vote": "agree" | "disagree" | "pass", "nickname", "org_kind"} — with
 * the identity of the caller's account in the cycle; a new vote on a
 * statement replaces the old one. */
void api_controversy_vote(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !need_not_archived(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	json_t *b = api_body(r);
	const char *vote, *nickname, *org_kind;
	bool has_number;
	int64_t number = 0;
	if (!b || !api_int(r, b, "statement", &has_number, &number) || !api_string(r, b, "vote", false, &vote) ||
	    !api_string(r, b, "nickname", false, &nickname) || !api_string(r, b, "org_kind", false, &org_kind))
		return;
	int value = vote_value(vote);
	problems pb;
	problems_init(&pb, r->pool);
	if (!has_number)
		problems_add(&pb, "statement", N_("This vote names no statement."));
	if (value == 2)
		problems_add(&pb, "vote", N_("Choose agree, disagree or pass."));
	if (pb.n) {
		api_problems(r, &pb);
		return;
	}
	store_participant p;
	if (!identity(r, &cx, nickname, org_kind, &p))
		return;
	const char *why = NULL;
	int rc = controversy_vote(r->db, r->pool, &c, p.id, number, value, r->now, &why);
	if (rc < 0) {
		api_write_failed(r);
		return;
	}
	if (rc == 404) {
		http_fail(r, 404, T(r, "There is no such statement in this controversy."));
		return;
	}
	if (rc) { /* 409: closed controversy, statement not accepted */
		http_fail(r, rc, why ? T(r, why) : T(r, "Choose agree, disagree or pass."));
		return;
	}
	http_after_commit(r, opinion_worker_poke, c.id);
	api_reply(r, 200, json_pack("{s:I, s:s, s:{s:I, s:s, s:s}}", "statement", (json_int_t)number, "vote", vote,
				    "participant", "id", (json_int_t)p.id, "nickname", str(p.nickname), "org_kind",
				    str(p.org_kind)));
}

/* GET /api/v1/cycles/{slug}/controversies/{uid}/report — the stored
 * opinion map as the worker wrote it (null before the first computation),
 * when it was computed, and whether votes or moderation came since. */
void api_controversy_report(http_req *r)
{
	cycle_ctx cx;
	store_controversy c;
	if (!api_cycle_open(r, &cx) || !open_controversy(r, &cx, &c))
		return;
	store_opinion_result res;
	store_rc rc = store_opinion_result_get(r->db, r->pool, c.id, &res);
	bool stale = false;
	if (rc == STORE_ERROR || controversy_stale(r->db, r->pool, &c, &stale) < 0) {
		api_read_failed(r);
		return;
	}
	json_t *map = rc == STORE_OK && res.data ? json_loads(res.data, 0, NULL) : NULL;
	if (map && !json_is_object(map)) {
		json_decref(map);
		map = NULL;
	}
	api_reply(r, 200, json_pack("{s:o, s:o, s:b}", "map", map ? map : json_null(), "computed_at",
				    map ? api_time(res.computed_at) : json_null(), "stale", stale));
}
