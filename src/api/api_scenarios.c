/*
 * api_scenarios.c — the JSON API of scenarios: writing them in a template
 * (validated, one revision per save), the status workflow, forks
 * ("raconter la suite"), revisions, word diffs between revisions and
 * restoring an old one. The rules are src/domain/scenario.c's: members
 * write, authors and facilitators edit, facilitators move any status and
 * authors between brouillon and candidat.
 */
#include "api.h"
#include "../core/text.h"
#include "../domain/catalog.h"
#include "../domain/cycle.h"
#include "../domain/problems.h"
#include "../domain/scenario.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void decref(void *p) { json_decref(p); }

/* The stored content of a scenario or revision as a JSON object owned by
 * the request (an empty object when the text is not one). */
static json_t *content_of(http_req *r, const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	arena_defer(r->pool, decref, j);
	return j;
}

/* A scenario as JSON; with full, its content, authors and forks too.
 * NULL on a database failure. */
static json_t *scenario_json(http_req *r, const store_scenario *sc, bool full)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:I, s:o, s:o}", "uid", sc->uid,
			      "template", sc->template_slug ? sc->template_slug : "", "title", sc->title,
			      "summary", sc->summary ? sc->summary : "", "status", sc->status, "parent",
			      sc->parent_uid, "opening", (int)sc->opening, "revision", (json_int_t)sc->revision,
			      "created_at", api_time(sc->created_at), "updated_at", api_time(sc->updated_at));
	if (!full)
		return j;
	store_member *au;
	store_scenario *forks;
	size_t nau, nforks;
	store_scenario_filter f = {.parent_id = sc->id};
	if (store_author_list(r->db, r->pool, sc->id, &au, &nau) != STORE_OK ||
	    store_scenario_list(r->db, r->pool, sc->cycle_id, &f, &forks, &nforks) != STORE_OK) {
		json_decref(j);
		return NULL;
	}
	json_object_set(j, "sections", content_of(r, sc->sections));
	json_t *a = json_array();
	for (size_t i = 0; i < nau; i++)
		json_array_append_new(a, json_pack("{s:I, s:s}", "id", (json_int_t)au[i].user_id, "name", au[i].name));
	json_object_set_new(j, "authors", a);
	a = json_array();
	for (size_t i = 0; i < nforks; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "uid", forks[i].uid, "title", forks[i].title,
						   "status", forks[i].status));
	json_object_set_new(j, "forks", a);
	return j;
}

/* Answers status with the whole scenario of that id. */
static void reply_scenario(http_req *r, int status, int64_t id)
{
	store_scenario sc;
	json_t *j;
	if (store_scenario_by_id(r->db, r->pool, id, &sc) != STORE_OK || !(j = scenario_json(r, &sc, true))) {
		api_read_failed(r);
		return;
	}
	api_reply(r, status, j);
}

/* Answers 422 with the problems of a save. Template errors are named by
 * their JSON path in the body ("sections.chronique[0].year"), not by the
 * web editor's field names. */
static void scenario_problems(http_req *r, problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (!p->v[i].msgid)
			p->v[i].field = p->v[i].tpl.path[0] ? arena_printf(r->pool, "sections.%s", p->v[i].tpl.path)
							    : "sections";
	api_problems(r, p);
}

/* Saves through scenario_save with the caller as the revision's author:
 * 422 with problems, 500 on a failure, else status with the scenario. */
static void save(http_req *r, store_scenario *sc, const scenario_input *in, int status)
{
	problems p;
	problems_init(&p, r->pool);
	if (!scenario_save(r->db, r->pool, sc, in, r->user->id, r->now, &p)) {
		if (p.n)
			scenario_problems(r, &p);
		else
			api_write_failed(r);
		return;
	}
	reply_scenario(r, status, sc->id);
}

/* Loads the scenario of r->param[1]; false after answering 404 or 500. */
static bool open_scenario(http_req *r, const cycle_ctx *cx, store_scenario *sc)
{
	store_rc rc = store_scenario_get(r->db, r->pool, cx->c.id, r->param[1], sc);
	if (rc == STORE_NOTFOUND)
		http_fail(r, 404, T(r, "Nothing exists at this address."));
	else if (rc != STORE_OK)
		api_read_failed(r);
	return rc == STORE_OK;
}

/* Whether the caller is an author of sc; false after answering 500. */
static bool author_of(http_req *r, const store_scenario *sc, bool *yes)
{
	*yes = false;
	if (r->user && store_author_is(r->db, sc->id, r->user->id, yes) != STORE_OK) {
		api_read_failed(r);
		return false;
	}
	return true;
}

/* Authors and facilitators may edit, in a cycle not archived; else 403. */
static bool may_edit(http_req *r, const cycle_ctx *cx, const store_scenario *sc)
{
	bool author;
	if (!author_of(r, sc, &author))
		return false;
	if (scenario_can_edit(cx, author))
		return true;
	if (cx->c.archived && cx->role >= CYCLE_PARTICIPANT)
		http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
	else
		http_fail(r, 403, T(r, "Only the authors of this scenario and the facilitators can change it."));
	return false;
}

/* GET /api/v1/cycles/{slug}/scenarios?status&template&openings=1 */
void api_scenarios_list(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx))
		return;
	const char *status = http_query(r, "status"), *openings = http_query(r, "openings");
	if (status && *status && !scenario_status_ok(status)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The parameter '%s' does not accept this value."), "status"));
		return;
	}
	store_scenario_filter f = {.status = status, .template_slug = http_query(r, "template"),
				   .openings = openings && (!strcmp(openings, "1") || !strcmp(openings, "true"))};
	store_scenario *sc;
	store_count *facet;
	size_t n, nf;
	if (store_scenario_list(r->db, r->pool, cx.c.id, &f, &sc, &n) != STORE_OK ||
	    store_scenario_facet(r->db, r->pool, cx.c.id, &facet, &nf) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, scenario_json(r, &sc[i], false));
	json_t *st = json_object();
	for (size_t i = 0; i < nf; i++)
		json_object_set_new(st, facet[i].key, json_integer(facet[i].n));
	api_reply(r, 200, json_pack("{s:o, s:{s:o}}", "scenarios", a, "facets", "status", st));
}

/* POST /api/v1/cycles/{slug}/scenarios {"template", "title", "summary",
 * "sections", "opening", "note"} */
void api_scenarios_create(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_write(r, &cx))
		return;
	json_t *b = api_body(r);
	const char *tpl, *title, *summary, *note;
	json_t *sections;
	bool opening = false;
	if (!b || !api_string(r, b, "template", false, &tpl) || !api_string(r, b, "title", false, &title) ||
	    !api_string(r, b, "summary", false, &summary) || !api_object(r, b, "sections", &sections) ||
	    !api_bool(r, b, "opening", &opening) || !api_string(r, b, "note", false, &note))
		return;
	store_template t;
	store_rc rc = tpl ? store_template_get(r->db, r->pool, cx.c.id, tpl, &t) : STORE_NOTFOUND;
	if (rc == STORE_NOTFOUND) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "template", N_("Choose a template of the cycle."));
		api_problems(r, &p);
		return;
	}
	if (rc != STORE_OK) {
		api_read_failed(r);
		return;
	}
	store_scenario sc = {.cycle_id = cx.c.id, .template_id = t.id, .sections = "{}"};
	scenario_input in = {.title = title ? text_trim(r->pool, title) : NULL,
			     .summary = summary ? summary : "", .opening = opening, .sections = sections,
			     .note = note};
	save(r, &sc, &in, 201);
}

/* GET /api/v1/cycles/{slug}/scenarios/{uid} */
void api_scenario_get(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (api_cycle_open(r, &cx) && open_scenario(r, &cx, &sc))
		reply_scenario(r, 200, sc.id);
}

/* PATCH /api/v1/cycles/{slug}/scenarios/{uid} — any of title, summary,
 * sections (the whole content), opening, note (of the new revision). */
void api_scenario_update(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc) || !may_edit(r, &cx, &sc))
		return;
	json_t *b = api_body(r);
	const char *title, *summary, *note;
	json_t *sections;
	bool opening = sc.opening;
	if (!b || !api_string(r, b, "title", false, &title) || !api_string(r, b, "summary", false, &summary) ||
	    !api_object(r, b, "sections", &sections) || !api_bool(r, b, "opening", &opening) ||
	    !api_string(r, b, "note", false, &note))
		return;
	scenario_input in = {.title = title ? text_trim(r->pool, title) : sc.title,
			     .summary = summary ? summary : sc.summary, .opening = opening,
			     .sections = sections ? sections : content_of(r, sc.sections), .note = note};
	save(r, &sc, &in, 200);
}

/* POST /api/v1/cycles/{slug}/scenarios/{uid}/status {"status"} */
void api_scenario_status(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	bool author;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc) || !author_of(r, &sc, &author))
		return;
	json_t *b = api_body(r);
	const char *to;
	if (!b || !api_string(r, b, "status", true, &to))
		return;
	if (!scenario_status_ok(to)) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "status", N_("Choose a status."));
		api_problems(r, &p);
		return;
	}
	/* scenario_can_move allows "moving" to the same status to anyone; a
	 * no-op still needs the right to move it at all. */
	bool same = !strcmp(sc.status, to);
	if (!scenario_can_move(&cx, author, sc.status, to) ||
	    (same && !cycle_can_facilitate(&cx) && !(author && cycle_can_write(&cx)))) {
		if (cx.c.archived && cx.role >= CYCLE_PARTICIPANT)
			http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
		else
			http_fail(r, 403, T(r, "You may not move this scenario to this status."));
		return;
	}
	if (same) {
		reply_scenario(r, 200, sc.id);
		return;
	}
	scenario_input in = {.title = sc.title, .summary = sc.summary, .status = to, .opening = sc.opening,
			     .sections = content_of(r, sc.sections), .keep_authors = true};
	save(r, &sc, &in, 200);
}

/* POST /api/v1/cycles/{slug}/scenarios/{uid}/fork {"title"} — a new draft
 * continuing this one, by the caller. */
void api_scenario_fork(http_req *r)
{
	cycle_ctx cx;
	store_scenario parent, fork;
	if (!api_cycle_open(r, &cx) || !api_need_write(r, &cx) || !open_scenario(r, &cx, &parent))
		return;
	json_t *b = api_body(r);
	const char *title;
	if (!b || !api_string(r, b, "title", false, &title))
		return;
	title = title ? text_trim(r->pool, title) : NULL;
	if (title && text_utf8_len(title) > 200) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "title", N_("Keep the title under 200 characters."));
		api_problems(r, &p);
		return;
	}
	if (!scenario_fork(r->db, r->pool, &parent, title, r->user->id, r->now, &fork)) {
		api_write_failed(r);
		return;
	}
	reply_scenario(r, 201, fork.id);
}

static json_t *revision_json(http_req *r, const store_revision *rev, bool full)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "number", (json_int_t)rev->number, "title",
			      rev->title, "summary", rev->summary ? rev->summary : "", "status", rev->status,
			      "note", rev->note ? rev->note : "", "author",
			      rev->author_name ? json_pack("{s:I, s:s}", "id", (json_int_t)rev->author_id, "name",
							   rev->author_name)
					       : json_null(),
			      "created_at", api_time(rev->created_at));
	if (full)
		json_object_set(j, "sections", content_of(r, rev->sections));
	return j;
}

/* GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions — newest first. */
void api_scenario_revisions(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc))
		return;
	store_revision *rev;
	size_t n;
	if (store_revision_list(r->db, r->pool, sc.id, true, &rev, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, revision_json(r, &rev[i], false));
	api_reply(r, 200, json_pack("{s:o}", "revisions", a));
}

/* Loads revision number n of sc; false after answering 404 or 500. */
static bool open_revision(http_req *r, const store_scenario *sc, int64_t n, store_revision *rev)
{
	store_rc rc = store_revision_get(r->db, r->pool, sc->id, n, rev);
	if (rc == STORE_NOTFOUND)
		http_fail(r, 404, T(r, "Nothing exists at this address."));
	else if (rc != STORE_OK)
		api_read_failed(r);
	return rc == STORE_OK;
}

/* GET /api/v1/cycles/{slug}/scenarios/{uid}/revisions/{n} */
void api_scenario_revision(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	store_revision rev;
	int64_t n;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc))
		return;
	if (!text_parse_i64(r->param[2], &n)) {
		http_fail(r, 404, T(r, "Nothing exists at this address."));
		return;
	}
	if (open_revision(r, &sc, n, &rev))
		api_reply(r, 200, revision_json(r, &rev, true));
}

static json_t *spans_json(arena *a, const char *old_text, const char *new_text, bool *changed)
{
	size_t n;
	diff_span *sp = diff_words(a, old_text ? old_text : "", new_text ? new_text : "", &n);
	json_t *arr = json_array();
	*changed = false;
	for (size_t i = 0; i < n; i++) {
		static const char *const ops[] = {"same", "del", "ins"};
		json_t *text = json_stringn(sp[i].text, sp[i].len);
		json_array_append_new(arr, json_pack("{s:s, s:o}", "op", ops[sp[i].op], "text",
						     text ? text : json_string("")));
		if (sp[i].op != DIFF_SAME)
			*changed = true;
	}
	return arr;
}

/* Adds the diff of one section (def may be NULL for a removed section). */
static void diff_section(http_req *r, json_t *out, const char *id, const json_t *def, json_t *old_c,
			 json_t *new_c)
{
	json_t *ov = json_object_get(old_c, id), *nv = json_object_get(new_c, id);
	if (!ov && !nv)
		return;
	const char *label = json_string_value(json_object_get(def, "label"));
	bool changed;
	json_t *spans = spans_json(r->pool, ov ? scenario_section_text(r->pool, def, ov) : "",
				   nv ? scenario_section_text(r->pool, def, nv) : "", &changed);
	json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b, s:o}", "id", id, "label", label ? label : id,
					     "removed", def == NULL, "changed", changed, "spans", spans));
}

/* GET /api/v1/cycles/{slug}/scenarios/{uid}/diff?from=N&to=M — the word
 * diff of title, summary and each section (to: the current revision by
 * default; from: the one before to). */
void api_scenario_diff(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	int64_t from, to;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc) ||
	    !api_query_int(r, "to", sc.revision, 1, INT32_MAX, &to) ||
	    !api_query_int(r, "from", to > 1 ? to - 1 : to, 1, INT32_MAX, &from))
		return;
	store_revision a, b;
	store_template t;
	if (!open_revision(r, &sc, from, &a) || !open_revision(r, &sc, to, &b))
		return;
	if (store_template_by_id(r->db, r->pool, sc.template_id, &t) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *defs = catalog_sections(&t);
	if (!defs)
		defs = json_array();
	arena_defer(r->pool, decref, defs);
	json_t *old_c = content_of(r, a.sections), *new_c = content_of(r, b.sections);
	json_t *sections = json_array();
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = json_string_value(json_object_get(d, "id"));
		if (id)
			diff_section(r, sections, id, d, old_c, new_c);
	}
	/* Content of sections the template no longer has, in either revision. */
	json_t *both[2] = {old_c, new_c};
	json_t *seen = json_object();
	for (int k = 0; k < 2; k++) {
		const char *key;
		json_t *v;
		json_object_foreach(both[k], key, v) {
			bool known = false;
			json_array_foreach(defs, i, d)
				if (!strcmp(json_string_value(json_object_get(d, "id")) ?: "", key))
					known = true;
			if (!known && !json_object_get(seen, key)) {
				json_object_set_new(seen, key, json_true());
				diff_section(r, sections, key, NULL, old_c, new_c);
			}
		}
	}
	json_decref(seen);
	bool ct, cs;
	json_t *title = spans_json(r->pool, a.title, b.title, &ct);
	json_t *summary = spans_json(r->pool, a.summary, b.summary, &cs);
	api_reply(r, 200, json_pack("{s:I, s:I, s:{s:b, s:o}, s:{s:b, s:o}, s:o}", "from", (json_int_t)from, "to",
				    (json_int_t)to, "title", "changed", ct, "spans", title, "summary", "changed",
				    cs, "spans", summary, "sections", sections));
}

/* POST /api/v1/cycles/{slug}/scenarios/{uid}/restore {"revision"} — the
 * old revision's title, summary and content become a new revision. */
void api_scenario_restore(http_req *r)
{
	cycle_ctx cx;
	store_scenario sc;
	if (!api_cycle_open(r, &cx) || !open_scenario(r, &cx, &sc) || !may_edit(r, &cx, &sc))
		return;
	json_t *b = api_body(r);
	bool present;
	int64_t n = 0;
	if (!b || !api_int(r, b, "revision", &present, &n))
		return;
	if (!present) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' is required."), "revision"));
		return;
	}
	store_revision rev;
	store_rc rc = store_revision_get(r->db, r->pool, sc.id, n, &rev);
	if (rc == STORE_NOTFOUND) {
		problems p;
		problems_init(&p, r->pool);
		problems_add(&p, "revision", N_("There is no such revision."));
		api_problems(r, &p);
		return;
	}
	if (rc != STORE_OK || !scenario_restore(r->db, r->pool, &sc, n, r->user->id, r->now)) {
		api_write_failed(r);
		return;
	}
	reply_scenario(r, 200, sc.id);
}
