/*
 * api_cycles.c — the JSON API of cycles: listing and creating them, their
 * settings, phases and copies, members and invitations, taxonomies and
 * their terms, templates, search, and the bundle export and import. Also
 * the helpers that api_library.c and api_scenarios.c share (api.h).
 *
 * The rules live in src/domain/: handlers check JSON types (400), load the
 * cycle as the caller sees it (404), ask the domain whether the caller may
 * act (403), call it, and turn its problems into a 422. Writes run in the
 * request's transaction, which the server rolls back on any answer >= 400.
 */
#include "api.h"
#include "../core/text.h"
#include "../domain/bundle.h"
#include "../domain/catalog.h"
#include "../domain/cycle.h"
#include "../domain/problems.h"
#include "../domain/scenario.h"
#include "../engines/fold.h"
#include "../web/layout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void decref(void *p) { json_decref(p); }

/* ---- helpers shared by the cycle handlers (api.h) ---- */

bool api_cycle_open(http_req *r, cycle_ctx *cx)
{
	cycle_rc rc = cycle_open(r->db, r->pool, r->param[0], r->user, cx);
	if (rc == CYCLE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such cycle, or it is open to its members only."));
		return false;
	}
	if (rc != CYCLE_OK) {
		api_read_failed(r);
		return false;
	}
	return true;
}

bool api_need_write(http_req *r, const cycle_ctx *cx)
{
	if (cycle_can_write(cx))
		return true;
	http_fail(r, 403, cx->c.archived && cx->role >= CYCLE_PARTICIPANT
			      ? T(r, "This cycle is archived: it can be read, not changed.")
			      : T(r, "Only members of this cycle can do this."));
	return false;
}

bool api_need_facilitate(http_req *r, const cycle_ctx *cx)
{
	if (cycle_can_facilitate(cx))
		return true;
	http_fail(r, 403, T(r, "Only the facilitators of this cycle can do this."));
	return false;
}

bool api_need_steer(http_req *r, const cycle_ctx *cx)
{
	if (!api_need_facilitate(r, cx))
		return false;
	if (!cx->c.archived)
		return true;
	http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
	return false;
}

void api_problems(http_req *r, const problems *p)
{
	json_t *list = json_array();
	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s}", "field", p->v[i].field, "message",
						      page_problem_text(r, &p->v[i])));
	const char *msg = arena_printf(r->pool, TN(r, "The request has %zu error.", "The request has %zu errors.",
						   p->n), p->n);
	api_reply(r, 422, json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", "invalid", "message", msg,
				    "request_id", r->id, "problems", list));
}

void api_read_failed(http_req *r)
{
	http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
}

void api_write_failed(http_req *r)
{
	http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
}

json_t *api_time(int64_t t)
{
	if (!t)
		return json_null();
	time_t tt = (time_t)t;
	struct tm tm;
	char s[32];
	gmtime_r(&tt, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

json_t *api_json_array(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_array(j)) {
		json_decref(j);
		return json_array();
	}
	return j;
}

json_t *api_body_value(http_req *r)
{
	const char *ct = http_header_in(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		http_fail(r, 415, T(r, "Send the request body as JSON with the header Content-Type: application/json."));
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The body is not valid JSON (line %d, column %d): %s"),
					       e.line, e.column, e.text));
		return NULL;
	}
	arena_defer(r->pool, decref, j);
	return j;
}

bool api_int(http_req *r, json_t *obj, const char *key, bool *present, int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	*present = false;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_integer(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be a whole number."), key));
		return false;
	}
	*present = true;
	*out = json_integer_value(v);
	return true;
}

bool api_array(http_req *r, json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_array(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be an array."), key));
		return false;
	}
	*out = v;
	return true;
}

bool api_object(http_req *r, json_t *obj, const char *key, json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_object(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be an object."), key));
		return false;
	}
	*out = v;
	return true;
}

bool api_strings(http_req *r, json_t *obj, const char *key, json_t **out)
{
	if (!api_array(r, obj, key, out))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(*out, i, x) {
		if (!json_is_string(x)) {
			http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be an array of strings."), key));
			return false;
		}
		if (strlen(json_string_value(x)) != json_string_length(x)) {
			http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' cannot contain a NUL character."), key));
			return false;
		}
	}
	return true;
}

bool api_query_int(http_req *r, const char *name, int64_t def, int64_t min, int64_t max,
		   int64_t *out)
{
	const char *v = http_query(r, name);
	if (!v || !*v) {
		*out = def;
		return true;
	}
	if (!text_parse_i64(v, out) || *out < min || *out > max) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The parameter '%s' must be a whole number from %lld to %lld."),
					       name, (long long)min, (long long)max));
		return false;
	}
	return true;
}

/* A string member that must be one of a few values, for query parameters. */
static bool query_choice(http_req *r, const char *name, const char *const *allowed, const char **out)
{
	const char *v = http_query(r, name);
	*out = NULL;
	if (!v || !*v)
		return true;
	for (size_t i = 0; allowed[i]; i++)
		if (!strcmp(allowed[i], v)) {
			*out = v;
			return true;
		}
	http_fail(r, 400, arena_printf(r->pool, T(r, "The parameter '%s' does not accept this value."), name));
	return false;
}

static void not_found(http_req *r)
{
	http_fail(r, 404, T(r, "Nothing exists at this address."));
}

/* ---- cycles ---- */

static const char *role_name(const cycle_ctx *cx)
{
	switch (cx->role) {
	case CYCLE_FACILITATOR:
		return "facilitator";
	case CYCLE_PARTICIPANT:
		return "participant";
	default:
		return NULL;
	}
}

static json_t *cycle_json(const cycle_ctx *cx)
{
	const store_cycle *c = &cx->c;
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:o, s:o, s:s?}", "slug", c->slug, "title",
			 c->title, "question", c->question ? c->question : "", "description",
			 c->description ? c->description : "", "horizon",
			 c->horizon ? json_integer(c->horizon) : json_null(), "visibility", c->visibility,
			 "archived", (int)c->archived, "created_at", api_time(c->created_at), "updated_at",
			 api_time(c->updated_at), "role", role_name(cx));
}

static json_t *opt_string(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* The cycle's phases as a JSON array, NULL on a database failure. */
static json_t *phases_json(http_req *r, int64_t cycle_id)
{
	store_phase *ph;
	size_t n;
	if (store_phase_list(r->db, r->pool, cycle_id, &ph, &n) != STORE_OK)
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "name", ph[i].name, "kind", ph[i].kind,
						   "starts_on", opt_string(ph[i].starts_on), "ends_on",
						   opt_string(ph[i].ends_on)));
	return a;
}

/* Answers status with the cycle of that id as the caller sees it, with its
 * phases. */
static void reply_cycle(http_req *r, int status, int64_t id)
{
	store_cycle c;
	cycle_ctx cx;
	json_t *ph;
	if (store_cycle_by_id(r->db, r->pool, id, &c) != STORE_OK ||
	    cycle_view(r->db, r->pool, &c, r->user, &cx) == CYCLE_ERROR ||
	    !(ph = phases_json(r, id))) {
		api_read_failed(r);
		return;
	}
	json_t *j = cycle_json(&cx);
	json_object_set_new(j, "phases", ph);
	api_reply(r, status, j);
}

/* GET /api/v1/cycles[?archived=1] */
void api_cycles_list(http_req *r)
{
	const char *arch = http_query(r, "archived");
	bool with_archived = arch && (!strcmp(arch, "1") || !strcmp(arch, "true"));
	store_cycle *c;
	size_t n;
	if (store_cycle_list(r->db, r->pool, r->user ? r->user->id : 0, r->user && r->user->is_admin,
			     with_archived, &c, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		cycle_ctx cx;
		cycle_rc rc = cycle_view(r->db, r->pool, &c[i], r->user, &cx);
		if (rc == CYCLE_ERROR) {
			json_decref(a);
			api_read_failed(r);
			return;
		}
		if (rc == CYCLE_OK)
			json_array_append_new(a, cycle_json(&cx));
	}
	api_reply(r, 200, json_pack("{s:o}", "cycles", a));
}

/* POST /api/v1/cycles {"slug", "title", "question", "description", "horizon",
 * "visibility", "builtins"} */
void api_cycles_create(http_req *r)
{
	json_t *b = api_body(r);
	const char *slug, *title, *question, *description, *visibility;
	bool builtins = true, has_horizon;
	int64_t horizon = 0;
	if (!b || !api_string(r, b, "slug", true, &slug) || !api_string(r, b, "title", true, &title) ||
	    !api_string(r, b, "question", false, &question) ||
	    !api_string(r, b, "description", false, &description) ||
	    !api_string(r, b, "visibility", false, &visibility) ||
	    !api_int(r, b, "horizon", &has_horizon, &horizon) || !api_bool(r, b, "builtins", &builtins))
		return;
	store_cycle c = {.slug = slug, .title = text_trim(r->pool, title),
			 .question = question ? question : "", .description = description ? description : "",
			 .horizon = has_horizon ? horizon : 0, .visibility = visibility ? visibility : "members"};
	problems p;
	problems_init(&p, r->pool);
	int64_t id;
	cycle_rc rc = cycle_create(r->db, r->pool, &c, r->user->id, builtins, r->now, &p, &id);
	if (rc == CYCLE_NOTFOUND) {
		api_problems(r, &p);
		return;
	}
	if (rc != CYCLE_OK) {
		api_write_failed(r);
		return;
	}
	reply_cycle(r, 201, id);
}

/* GET /api/v1/cycles/{slug} */
void api_cycle_get(http_req *r)
{
	cycle_ctx cx;
	if (api_cycle_open(r, &cx))
		reply_cycle(r, 200, cx.c.id);
}

/* PATCH /api/v1/cycles/{slug} — any of slug, title, question, description,
 * horizon (null: none), visibility, archived. */
void api_cycle_update(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_facilitate(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *slug, *title, *question, *description, *visibility;
	bool archived = cx.c.archived, has_horizon;
	int64_t horizon = 0;
	if (!b || !api_string(r, b, "slug", false, &slug) || !api_string(r, b, "title", false, &title) ||
	    !api_string(r, b, "question", false, &question) ||
	    !api_string(r, b, "description", false, &description) ||
	    !api_string(r, b, "visibility", false, &visibility) ||
	    !api_int(r, b, "horizon", &has_horizon, &horizon) || !api_bool(r, b, "archived", &archived))
		return;
	store_cycle c = cx.c;
	if (slug)
		c.slug = slug;
	if (title)
		c.title = text_trim(r->pool, title);
	if (question)
		c.question = question;
	if (description)
		c.description = description;
	if (visibility)
		c.visibility = visibility;
	if (has_horizon)
		c.horizon = horizon;
	else if (json_is_null(json_object_get(b, "horizon")))
		c.horizon = 0;
	c.archived = archived;
	c.updated_at = r->now;
	problems p;
	problems_init(&p, r->pool);
	cycle_check(&c, &p);
	if (p.n) {
		api_problems(r, &p);
		return;
	}
	store_rc rc = store_cycle_update(r->db, &c);
	if (rc == STORE_EXISTS) {
		problems_add(&p, "slug", N_("This address is already used by another cycle."));
		api_problems(r, &p);
		return;
	}
	if (rc != STORE_OK) {
		api_write_failed(r);
		return;
	}
	reply_cycle(r, 200, c.id);
}

#define MAX_PHASES 40

/* PUT /api/v1/cycles/{slug}/phases — [{"name", "kind", "starts_on",
 * "ends_on"}] (or {"phases": [...]}), replacing every phase. */
void api_cycle_phases(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	json_t *b = api_body_value(r);
	if (!b)
		return;
	json_t *list = b;
	if (json_is_object(b) && !api_array(r, b, "phases", &list))
		return;
	if (!json_is_array(list)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be an array."), "phases"));
		return;
	}
	size_t n = json_array_size(list);
	problems p;
	problems_init(&p, r->pool);
	if (n > MAX_PHASES) {
		problems_add(&p, "phases", N_("A cycle has at most 40 phases."));
		api_problems(r, &p);
		return;
	}
	store_phase *ph = arena_zalloc(r->pool, (n + 1) * sizeof *ph);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(list, i);
		const char *at = arena_printf(r->pool, "phases[%zu]", i);
		const char *name, *kind, *start, *end;
		if (!json_is_object(o)) {
			http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be an object."), at));
			return;
		}
		if (!api_string(r, o, "name", false, &name) || !api_string(r, o, "kind", false, &kind) ||
		    !api_string(r, o, "starts_on", false, &start) || !api_string(r, o, "ends_on", false, &end))
			return;
		name = text_trim(r->pool, name ? name : "");
		if (!*name)
			problems_add(&p, arena_printf(r->pool, "%s.name", at), N_("Enter a name."));
		else if (text_utf8_len(name) > 200)
			problems_add(&p, arena_printf(r->pool, "%s.name", at), N_("Keep this under 200 characters."));
		if (!cycle_phase_kind_ok(kind))
			problems_add(&p, arena_printf(r->pool, "%s.kind", at), N_("Choose a kind."));
		if (start && *start && !cycle_date_ok(start))
			problems_add(&p, arena_printf(r->pool, "%s.starts_on", at), N_("Enter a date as YYYY-MM-DD."));
		if (end && *end && !cycle_date_ok(end))
			problems_add(&p, arena_printf(r->pool, "%s.ends_on", at), N_("Enter a date as YYYY-MM-DD."));
		else if (start && *start && end && *end && strcmp(start, end) > 0)
			problems_add(&p, arena_printf(r->pool, "%s.ends_on", at), N_("The end comes before the start."));
		ph[i] = (store_phase){.name = name, .kind = kind, .starts_on = start, .ends_on = end};
	}
	if (p.n) {
		api_problems(r, &p);
		return;
	}
	if (store_phase_replace(r->db, cx.c.id, ph, n) != STORE_OK) {
		api_write_failed(r);
		return;
	}
	json_t *out = phases_json(r, cx.c.id);
	if (!out) {
		api_read_failed(r);
		return;
	}
	api_reply(r, 200, json_pack("{s:o}", "phases", out));
}

/* POST /api/v1/cycles/{slug}/copy {"slug", "title"} */
void api_cycle_copy(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_facilitate(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *slug, *title;
	if (!b || !api_string(r, b, "slug", true, &slug) || !api_string(r, b, "title", true, &title))
		return;
	problems p;
	problems_init(&p, r->pool);
	int64_t id;
	cycle_rc rc = cycle_copy(r->db, r->pool, &cx.c, slug, text_trim(r->pool, title), r->user->id, r->now,
				 &p, &id);
	if (rc == CYCLE_NOTFOUND) {
		api_problems(r, &p);
		return;
	}
	if (rc != CYCLE_OK) {
		api_write_failed(r);
		return;
	}
	reply_cycle(r, 201, id);
}

/* GET /api/v1/cycles/{slug}/export — the bundle (docs/formats.md). */
void api_cycle_export(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_facilitate(r, &cx))
		return;
	buf_reset(&r->out);
	if (bundle_export(r->db, r->pool, cx.c.id, &r->out) != 0) {
		api_read_failed(r);
		return;
	}
	r->status = 200;
	r->content_type = "application/json";
	http_set_header(r, "Content-Disposition", arena_printf(r->pool, "attachment; filename=\"%s.json\"", cx.c.slug));
}

/* POST /api/v1/cycles/import[?slug=NEW] — the body is a bundle. */
void api_cycles_import(http_req *r)
{
	if (!api_body(r))
		return;
	const char *slug = http_query(r, "slug");
	if (slug && !*slug)
		slug = NULL;
	if (slug && !cycle_slug_ok(slug)) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "slug", N_("Use 1 to 40 lower-case letters, digits, - or _, "
					   "starting with a letter or a digit."));
		api_problems(r, &p);
		return;
	}
	int64_t id;
	const char *path = "", *msgid = NULL, *detail = NULL;
	int rc = bundle_import(r->db, r->pool, r->body, r->body_len, slug, r->now, &id, &path, &msgid,
			       &detail);
	if (rc == -1) {
		json_t *e = json_pack("{s:s, s:s, s:s, s:s}", "code", "invalid_bundle", "message",
				      msgid ? T(r, msgid) : T(r, "The bundle is not valid; nothing was imported."), "request_id", r->id,
				      "path", path ? path : "$");
		if (detail)
			json_object_set_new(e, "detail", json_string(detail));
		api_reply(r, 422, json_pack("{s:o}", "error", e));
		return;
	}
	if (rc != 0 || store_member_set(r->db, id, r->user->id, "facilitator", r->now) != STORE_OK) {
		api_write_failed(r);
		return;
	}
	reply_cycle(r, 201, id);
}

/* ---- members ---- */

/* GET /api/v1/cycles/{slug}/members — facilitators also see e-mails and
 * pending invitations. */
void api_members_list(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx))
		return;
	bool fac = cycle_can_facilitate(&cx);
	if (!cx.member && !fac) {
		http_fail(r, 403, T(r, "Only members of this cycle can do this."));
		return;
	}
	store_member *m;
	size_t n;
	if (store_member_list(r->db, r->pool, cx.c.id, &m, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_pack("{s:I, s:s, s:s}", "user_id", (json_int_t)m[i].user_id, "name", m[i].name,
				      "role", m[i].role);
		if (fac) {
			json_object_set_new(j, "email", json_string(m[i].email));
			json_object_set_new(j, "joined_at", api_time(m[i].created_at));
		}
		json_array_append_new(a, j);
	}
	json_t *out = json_pack("{s:o}", "members", a);
	if (fac) {
		store_invitation *inv;
		size_t ni;
		if (store_invitation_list(r->db, r->pool, cx.c.id, r->now, &inv, &ni) != STORE_OK) {
			json_decref(out);
			api_read_failed(r);
			return;
		}
		json_t *ia = json_array();
		for (size_t i = 0; i < ni; i++)
			json_array_append_new(ia, json_pack("{s:s, s:s, s:o, s:o}", "email", inv[i].email, "role",
							    inv[i].role, "created_at", api_time(inv[i].created_at),
							    "expires_at", api_time(inv[i].expires_at)));
		json_object_set_new(out, "invitations", ia);
	}
	api_reply(r, 200, out);
}

/* Answers 409 and returns false when the cycle has no facilitator left. */
static bool keeps_a_facilitator(http_req *r, int64_t cycle_id)
{
	int64_t n = 0;
	if (store_member_count(r->db, cycle_id, "facilitator", &n) != STORE_OK) {
		api_write_failed(r);
		return false;
	}
	if (n == 0) {
		http_fail(r, 409, T(r, "A cycle needs at least one facilitator."));
		return false;
	}
	return true;
}

/* POST /api/v1/cycles/{slug}/members {"email", "role"} — adds an existing
 * account (or changes its role), or invites the address. */
void api_members_add(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *email, *role;
	if (!b || !api_string(r, b, "email", true, &email) || !api_string(r, b, "role", true, &role))
		return;
	problems p;
	problems_init(&p, r->pool);
	char token[64];
	cycle_rc rc = cycle_invite(r->db, r->pool, &cx, email, role, r->now, &p, token);
	if (rc == CYCLE_NOTFOUND) {
		api_problems(r, &p);
		return;
	}
	if (rc != CYCLE_OK) {
		api_write_failed(r);
		return;
	}
	if (!keeps_a_facilitator(r, cx.c.id))
		return;
	if (token[0])
		api_reply(r, 200, json_pack("{s:b, s:s}", "invited", 1, "invitation_url",
					    arena_printf(r->pool, "/invitations/%s", token)));
	else
		api_reply(r, 200, json_pack("{s:b}", "added", 1));
}

/* DELETE /api/v1/cycles/{slug}/members/{user_id} */
void api_members_remove(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	int64_t uid;
	if (!text_parse_i64(r->param[1], &uid)) {
		not_found(r);
		return;
	}
	store_rc rc = store_member_remove(r->db, cx.c.id, uid);
	if (rc == STORE_NOTFOUND) {
		not_found(r);
		return;
	}
	if (rc != STORE_OK) {
		api_write_failed(r);
		return;
	}
	if (!keeps_a_facilitator(r, cx.c.id))
		return;
	r->status = 204;
}

/* ---- taxonomies and terms ---- */

/* How many items and scenarios carry each code of the taxonomy. */
typedef struct counts {
	store_count *v;
	size_t n;
} counts;

static bool load_counts(http_req *r, int64_t cycle_id, const char *taxonomy, counts *c)
{
	return store_tagging_counts(r->db, r->pool, cycle_id, taxonomy, &c->v, &c->n) == STORE_OK;
}

static int64_t count_of(const counts *c, const char *code)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i].key, code))
			return c->v[i].n;
	return 0;
}

static json_t *term_json(const store_term *t, int64_t count, bool full)
{
	json_t *j = json_pack("{s:s, s:s, s:I}", "code", t->code, "label", t->label, "count", (json_int_t)count);
	if (full) {
		json_object_set_new(j, "definition", json_string(t->definition ? t->definition : ""));
		json_object_set_new(j, "hashtags", api_json_array(t->hashtags));
		json_object_set_new(j, "examples", api_json_array(t->examples));
	}
	return j;
}

/* The taxonomy with its terms and their usage counts; NULL on a failure. */
static json_t *taxonomy_json(http_req *r, const store_taxonomy *t, bool full)
{
	store_term *terms;
	size_t n;
	counts c;
	if (store_term_list(r->db, r->pool, t->id, &terms, &n) != STORE_OK ||
	    !load_counts(r, t->cycle_id, t->slug, &c))
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, term_json(&terms[i], count_of(&c, terms[i].code), full));
	return json_pack("{s:s, s:s, s:s, s:o}", "slug", t->slug, "name", t->name, "description",
			 t->description ? t->description : "", "terms", a);
}

/* GET /api/v1/cycles/{slug}/taxonomies */
void api_taxonomies_list(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx))
		return;
	store_taxonomy *t;
	size_t n;
	if (store_taxonomy_list(r->db, r->pool, cx.c.id, &t, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = taxonomy_json(r, &t[i], false);
		if (!j) {
			json_decref(a);
			api_read_failed(r);
			return;
		}
		json_array_append_new(a, j);
	}
	api_reply(r, 200, json_pack("{s:o}", "taxonomies", a));
}

/* Turns the path and msgid of a catalog installation into a 422 (path
 * relative to the body, e.g. ".terms[3].code"). */
static void catalog_problem(http_req *r, const char *path, const char *msgid, const tpl_error *terr)
{
	problems p;
	problems_init(&p, r->pool);
	const char *field = path && *path == '.' ? path + 1 : path ? path : "";
	if (msgid)
		problems_add(&p, field, msgid);
	else
		problems_add_tpl(&p, "", terr);
	p.v[0].field = field; /* a JSON path of the body, brackets kept */
	api_problems(r, &p);
}

/* The object to install: the body, or the built-in named by its "builtin"
 * member (a new reference the caller releases). NULL after answering. */
static json_t *catalog_input(http_req *r, json_t *b, json_t *(*builtin)(const char *))
{
	const char *name;
	if (!api_string(r, b, "builtin", false, &name))
		return NULL;
	if (!name)
		return json_incref(b);
	json_t *j = builtin(name);
	if (!j) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "builtin", N_("There is no built-in set of that name."));
		api_problems(r, &p);
	}
	return j;
}

/* POST /api/v1/cycles/{slug}/taxonomies — a taxonomy object
 * (docs/formats.md) or {"builtin": slug}. */
void api_taxonomies_create(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	json_t *b = api_body(r);
	json_t *tax = b ? catalog_input(r, b, catalog_builtin_taxonomy) : NULL;
	if (!tax)
		return;
	const char *path, *msgid;
	int rc = catalog_install_taxonomy(r->db, r->pool, cx.c.id, tax, &path, &msgid);
	const char *slug = arena_strdup(r->pool, json_string_value(json_object_get(tax, "slug")));
	json_decref(tax);
	if (rc == -1) {
		catalog_problem(r, path, msgid, NULL);
		return;
	}
	store_taxonomy t;
	json_t *j;
	if (rc != 0 || store_taxonomy_get(r->db, r->pool, cx.c.id, slug, &t) != STORE_OK ||
	    !(j = taxonomy_json(r, &t, true))) {
		api_write_failed(r);
		return;
	}
	api_reply(r, 201, j);
}

/* Loads the taxonomy of r->param[1]; false after answering 404 or 500. */
static bool open_taxonomy(http_req *r, const cycle_ctx *cx, store_taxonomy *t)
{
	store_rc rc = store_taxonomy_get(r->db, r->pool, cx->c.id, r->param[1], t);
	if (rc == STORE_NOTFOUND)
		not_found(r);
	else if (rc != STORE_OK)
		api_read_failed(r);
	return rc == STORE_OK;
}

/* GET /api/v1/cycles/{slug}/taxonomies/{tax} */
void api_taxonomy_get(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy t;
	if (!api_cycle_open(r, &cx) || !open_taxonomy(r, &cx, &t))
		return;
	json_t *j = taxonomy_json(r, &t, true);
	if (!j) {
		api_read_failed(r);
		return;
	}
	api_reply(r, 200, j);
}

/* Reads the term fields present in b over t and checks them. false after
 * answering 400; problems go to p. */
static bool read_term(http_req *r, json_t *b, store_term *t, problems *p)
{
	const char *code, *label, *definition;
	json_t *hashtags, *examples;
	if (!api_string(r, b, "code", false, &code) || !api_string(r, b, "label", false, &label) ||
	    !api_string(r, b, "definition", false, &definition) || !api_strings(r, b, "hashtags", &hashtags) ||
	    !api_strings(r, b, "examples", &examples))
		return false;
	if (code)
		t->code = code;
	if (label)
		t->label = text_trim(r->pool, label);
	if (definition)
		t->definition = definition;
	if (hashtags) {
		char *s = json_dumps(hashtags, JSON_COMPACT);
		t->hashtags = arena_strdup(r->pool, s);
		free(s);
	}
	if (examples) {
		char *s = json_dumps(examples, JSON_COMPACT);
		t->examples = arena_strdup(r->pool, s);
		free(s);
	}
	const char *bad = catalog_check_code(t->code);
	if (bad)
		problems_add(p, "code", bad);
	if (!t->label || !*t->label)
		problems_add(p, "label", N_("Enter a label."));
	else if (text_utf8_len(t->label) > 200)
		problems_add(p, "label", N_("Keep this under 200 characters."));
	if (t->definition && text_utf8_len(t->definition) > 20000)
		problems_add(p, "definition", N_("Keep the description under 20000 characters."));
	return true;
}

/* Saves a term created or changed: problems give 422 (a taken code
 * included), a failure 500. Answers status with the term on success. */
static void save_term(http_req *r, const cycle_ctx *cx, const store_taxonomy *tax, store_term *t,
		      problems *p, bool create, int status)
{
	if (p->n) {
		api_problems(r, p);
		return;
	}
	store_rc rc = create ? store_term_create(r->db, t, &t->id) : store_term_update(r->db, t);
	if (rc == STORE_EXISTS) {
		problems_add(p, "code", N_("This code is already used in this taxonomy."));
		api_problems(r, p);
		return;
	}
	counts c;
	store_term saved;
	if (rc != STORE_OK || store_term_get(r->db, r->pool, tax->id, t->code, &saved) != STORE_OK ||
	    !load_counts(r, cx->c.id, tax->slug, &c)) {
		api_write_failed(r);
		return;
	}
	api_reply(r, status, term_json(&saved, count_of(&c, saved.code), true));
}

/* POST /api/v1/cycles/{slug}/taxonomies/{tax}/terms {"code", "label",
 * "definition", "hashtags", "examples"} */
void api_terms_create(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy tax;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_taxonomy(r, &cx, &tax))
		return;
	json_t *b = api_body(r);
	store_term t = {.taxonomy_id = tax.id, .definition = "", .hashtags = "[]", .examples = "[]"};
	problems p;
	problems_init(&p, r->pool);
	if (!b || !read_term(r, b, &t, &p))
		return;
	save_term(r, &cx, &tax, &t, &p, true, 201);
}

/* Loads the term of r->param[2] and how many targets carry it; false after
 * answering 404 or 500. */
static bool open_term(http_req *r, const cycle_ctx *cx, const store_taxonomy *tax, store_term *t,
		      int64_t *uses)
{
	store_rc rc = store_term_get(r->db, r->pool, tax->id, r->param[2], t);
	counts c;
	if (rc == STORE_NOTFOUND) {
		not_found(r);
		return false;
	}
	if (rc != STORE_OK || !load_counts(r, cx->c.id, tax->slug, &c)) {
		api_read_failed(r);
		return false;
	}
	*uses = count_of(&c, t->code);
	return true;
}

static void term_in_use(http_req *r)
{
	http_fail(r, 409, T(r, "This term is in use: remove it from the items and scenarios that carry it first."));
}

/* PATCH /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code} — any of the
 * term's fields; the code of a term in use cannot change. */
void api_term_update(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy tax;
	store_term t;
	int64_t uses;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_taxonomy(r, &cx, &tax) ||
	    !open_term(r, &cx, &tax, &t, &uses))
		return;
	json_t *b = api_body(r);
	problems p;
	problems_init(&p, r->pool);
	const char *old = t.code;
	if (!b || !read_term(r, b, &t, &p))
		return;
	if (uses && strcmp(old, t.code)) {
		term_in_use(r);
		return;
	}
	save_term(r, &cx, &tax, &t, &p, false, 200);
}

/* DELETE /api/v1/cycles/{slug}/taxonomies/{tax}/terms/{code} — refused
 * while items or scenarios carry the term. */
void api_term_delete(http_req *r)
{
	cycle_ctx cx;
	store_taxonomy tax;
	store_term t;
	int64_t uses;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_taxonomy(r, &cx, &tax) ||
	    !open_term(r, &cx, &tax, &t, &uses))
		return;
	if (uses) {
		term_in_use(r);
		return;
	}
	if (store_term_delete(r->db, tax.id, t.id) != STORE_OK) {
		api_write_failed(r);
		return;
	}
	r->status = 204;
}

/* ---- templates ---- */

/* The template with its sections; NULL on a failure. */
static json_t *template_json(http_req *r, const store_template *t)
{
	int64_t uses = 0;
	json_t *sections = catalog_sections(t);
	if (!sections || store_template_uses(r->db, t->id, &uses) != STORE_OK) {
		json_decref(sections);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:I, s:o}", "slug", t->slug, "name", t->name, "description",
			 t->description ? t->description : "", "sections", sections, "uses", (json_int_t)uses,
			 "updated_at", api_time(t->updated_at));
}

/* Answers status with the template of that slug. */
static void reply_template(http_req *r, int status, int64_t cycle_id, const char *slug)
{
	store_template t;
	json_t *j;
	if (store_template_get(r->db, r->pool, cycle_id, slug, &t) != STORE_OK || !(j = template_json(r, &t))) {
		api_read_failed(r);
		return;
	}
	api_reply(r, status, j);
}

/* GET /api/v1/cycles/{slug}/templates */
void api_templates_list(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx))
		return;
	store_template *t;
	size_t n;
	if (store_template_list(r->db, r->pool, cx.c.id, &t, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *j = template_json(r, &t[i]);
		if (!j) {
			json_decref(a);
			api_read_failed(r);
			return;
		}
		json_array_append_new(a, j);
	}
	api_reply(r, 200, json_pack("{s:o}", "templates", a));
}

/* Saves a template definition through catalog_template_save. */
static void save_template(http_req *r, const cycle_ctx *cx, store_template *t, json_t *sections,
			  bool create)
{
	char *text = json_dumps(sections, JSON_COMPACT | JSON_PRESERVE_ORDER);
	const char *sections_json = arena_strdup(r->pool, text);
	free(text);
	problems p;
	problems_init(&p, r->pool);
	if (!catalog_template_save(r->db, r->pool, t, sections_json, create, r->now, &p)) {
		/* Definition errors as JSON paths of the body ("sections[2].max"),
		 * not the web editor's dotted field names. */
		for (size_t i = 0; i < p.n; i++)
			if (!p.v[i].msgid)
				p.v[i].field = arena_strdup(r->pool, p.v[i].tpl.path);
		if (p.n)
			api_problems(r, &p);
		else
			api_write_failed(r);
		return;
	}
	reply_template(r, create ? 201 : 200, cx->c.id, t->slug);
}

/* POST /api/v1/cycles/{slug}/templates — a template object
 * {"slug", "name", "description", "sections"} or {"builtin": slug}. */
void api_templates_create(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *builtin;
	if (!b || !api_string(r, b, "builtin", false, &builtin))
		return;
	if (builtin) {
		json_t *tpl = catalog_input(r, b, catalog_builtin_template);
		if (!tpl)
			return;
		const char *path, *msgid;
		tpl_error terr;
		int rc = catalog_install_template(r->db, r->pool, cx.c.id, tpl, &path, &msgid, &terr);
		const char *slug = arena_strdup(r->pool, json_string_value(json_object_get(tpl, "slug")));
		json_decref(tpl);
		if (rc == -1)
			catalog_problem(r, path, msgid, &terr);
		else if (rc != 0)
			api_write_failed(r);
		else
			reply_template(r, 201, cx.c.id, slug);
		return;
	}
	const char *slug, *name, *description;
	json_t *sections;
	if (!api_string(r, b, "slug", true, &slug) || !api_string(r, b, "name", true, &name) ||
	    !api_string(r, b, "description", false, &description) || !api_array(r, b, "sections", &sections))
		return;
	if (!sections) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' is required."), "sections"));
		return;
	}
	store_template t = {.cycle_id = cx.c.id, .slug = slug, .name = text_trim(r->pool, name),
			    .description = description ? description : ""};
	save_template(r, &cx, &t, sections, true);
}

/* Loads the template of r->param[1]; false after answering 404 or 500. */
static bool open_template(http_req *r, const cycle_ctx *cx, store_template *t)
{
	store_rc rc = store_template_get(r->db, r->pool, cx->c.id, r->param[1], t);
	if (rc == STORE_NOTFOUND)
		not_found(r);
	else if (rc != STORE_OK)
		api_read_failed(r);
	return rc == STORE_OK;
}

/* GET /api/v1/cycles/{slug}/templates/{tpl} */
void api_template_get(http_req *r)
{
	cycle_ctx cx;
	store_template t;
	if (!api_cycle_open(r, &cx) || !open_template(r, &cx, &t))
		return;
	json_t *j = template_json(r, &t);
	if (!j) {
		api_read_failed(r);
		return;
	}
	api_reply(r, 200, j);
}

/* PUT /api/v1/cycles/{slug}/templates/{tpl} {"name", "description",
 * "sections"} — description unchanged when absent. Content already written
 * in scenarios stays (removed sections are kept, see docs/formats.md). */
void api_template_put(http_req *r)
{
	cycle_ctx cx;
	store_template t;
	if (!api_cycle_open(r, &cx) || !api_need_steer(r, &cx) || !open_template(r, &cx, &t))
		return;
	json_t *b = api_body(r);
	const char *name, *description;
	json_t *sections;
	if (!b || !api_string(r, b, "name", true, &name) || !api_string(r, b, "description", false, &description) ||
	    !api_array(r, b, "sections", &sections))
		return;
	if (!sections) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' is required."), "sections"));
		return;
	}
	t.name = text_trim(r->pool, name);
	if (description)
		t.description = description;
	save_template(r, &cx, &t, sections, false);
}

/* ---- search ---- */

#define SEARCH_TERMS 16
#define SNIPPET_WIDTH 200

/* The text a hit's snippet is cut from, with its uid and title; false on a
 * failure. */
static bool hit_text(http_req *r, const store_hit *h, const char **uid, const char **title,
		     const char **text)
{
	if (!strcmp(h->kind, "scenario")) {
		store_scenario sc;
		store_template t;
		if (store_scenario_by_id(r->db, r->pool, h->target_id, &sc) != STORE_OK ||
		    store_template_by_id(r->db, r->pool, sc.template_id, &t) != STORE_OK)
			return false;
		json_t *defs = catalog_sections(&t);
		*uid = sc.uid;
		*title = sc.title;
		*text = defs ? scenario_fulltext(r->pool, &sc, defs) : sc.summary;
		json_decref(defs);
		return true;
	}
	store_item it;
	if (store_item_by_id(r->db, r->pool, h->target_id, &it) != STORE_OK)
		return false;
	*uid = it.uid;
	*title = it.title;
	*text = arena_printf(r->pool, "%s\n%s", it.summary ? it.summary : "", it.source ? it.source : "");
	return true;
}

/* GET /api/v1/cycles/{slug}/search?q=...&kind=scenario|item&offset&limit */
void api_search(http_req *r)
{
	static const char *const kinds[] = {"scenario", "item", NULL};
	cycle_ctx cx;
	const char *kind;
	int64_t offset, limit;
	if (!api_cycle_open(r, &cx) || !query_choice(r, "kind", kinds, &kind) ||
	    !api_query_int(r, "offset", 0, 0, 1000, &offset) || !api_query_int(r, "limit", 20, 1, 100, &limit))
		return;
	const char *q = http_query(r, "q");
	char *terms[SEARCH_TERMS];
	size_t nterms = fold_terms(r->pool, q ? q : "", terms, SEARCH_TERMS);
	store_hit *hits;
	size_t n;
	int64_t total;
	if (store_search(r->db, r->pool, cx.c.id, terms, nterms, kind, offset, limit, &hits, &n, &total) !=
	    STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *results = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *uid, *title, *text, **pieces;
		if (!hit_text(r, &hits[i], &uid, &title, &text)) {
			json_decref(results);
			api_read_failed(r);
			return;
		}
		size_t np = fold_snippet(r->pool, text, terms, nterms, SNIPPET_WIDTH, &pieces);
		json_t *snippet = json_array();
		for (size_t k = 0; k < np; k++)
			if (*pieces[k])
				json_array_append_new(snippet, json_pack("{s:s, s:b}", "text", pieces[k], "match",
									 (int)(k % 2 == 1)));
		json_array_append_new(results, json_pack("{s:s, s:s, s:s, s:o}", "kind", hits[i].kind, "uid", uid,
							 "title", title, "snippet", snippet));
	}
	api_reply(r, 200, json_pack("{s:s, s:I, s:I, s:o}", "query", q ? q : "", "total", (json_int_t)total,
				    "offset", (json_int_t)offset, "results", results));
}
