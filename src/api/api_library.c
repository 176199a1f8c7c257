/*
 * api_library.c — the JSON API of a cycle's library: references, signals
 * and their observations (src/domain/library.c holds the rules). Members
 * add items; the person who added an item and the facilitators change or
 * delete it.
 */
#include "api.h"
#include "../core/text.h"
#include "../domain/cycle.h"
#include "../domain/library.h"
#include "../domain/problems.h"

#include <stdlib.h>
#include <string.h>

static json_t *opt_string(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* An item as JSON (the bundle's fields, people by account id), with its
 * observations obs[0..nobs) when with_obs. */
static json_t *item_json(const store_item *it, bool with_obs, const store_observation *obs, size_t nobs)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o}",
			      "uid", it->uid, "kind", it->kind, "title", it->title, "source",
			      it->source ? it->source : "", "url", it->url ? it->url : "", "date",
			      opt_string(it->date), "summary", it->summary ? it->summary : "", "tags",
			      api_json_array(it->tags), "status", it->status ? it->status : "",
			      "speaker_type", it->speaker_type ? it->speaker_type : "", "problem_category",
			      it->problem_category ? it->problem_category : "", "created_by",
			      it->created_by ? json_integer(it->created_by) : json_null(), "created_at",
			      api_time(it->created_at), "updated_at", api_time(it->updated_at));
	if (with_obs) {
		json_t *a = json_array();
		for (size_t i = 0; i < nobs; i++)
			json_array_append_new(a, json_pack("{s:o, s:s, s:s, s:o}", "date", opt_string(obs[i].observed_on),
							   "status", obs[i].status ? obs[i].status : "", "note",
							   obs[i].note ? obs[i].note : "", "created_at",
							   api_time(obs[i].created_at)));
		json_object_set_new(j, "observations", a);
	}
	return j;
}

/* Answers status with the item of that id and its observations. */
static void reply_item(http_req *r, int status, int64_t id)
{
	store_item it;
	store_observation *obs;
	size_t n;
	if (store_item_by_id(r->db, r->pool, id, &it) != STORE_OK ||
	    store_observation_list(r->db, r->pool, id, &obs, &n) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	api_reply(r, status, item_json(&it, true, obs, n));
}

/* Counts per value as a JSON object. */
static json_t *facet_json(const store_count *c, size_t n)
{
	json_t *j = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(j, c[i].key, json_integer(c[i].n));
	return j;
}

/* GET /api/v1/cycles/{slug}/library?kind&tag&status&year&offset&limit */
void api_library_list(http_req *r)
{
	cycle_ctx cx;
	int64_t offset, limit, year;
	if (!api_cycle_open(r, &cx) || !api_query_int(r, "offset", 0, 0, 1000000, &offset) ||
	    !api_query_int(r, "limit", 50, 1, 500, &limit) || !api_query_int(r, "year", 0, 1000, 2300, &year))
		return;
	store_item_filter f = {.kind = http_query(r, "kind"), .tag = http_query(r, "tag"),
			       .status = http_query(r, "status"),
			       .year = year ? arena_printf(r->pool, "%04lld", (long long)year) : NULL,
			       .offset = offset, .limit = limit};
	store_item *it;
	store_count *kinds, *statuses;
	size_t n, nk, ns;
	int64_t total;
	if (store_item_list(r->db, r->pool, cx.c.id, &f, &it, &n, &total) != STORE_OK ||
	    store_item_facet(r->db, r->pool, cx.c.id, "kind", &kinds, &nk) != STORE_OK ||
	    store_item_facet(r->db, r->pool, cx.c.id, "status", &statuses, &ns) != STORE_OK) {
		api_read_failed(r);
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, item_json(&it[i], false, NULL, 0));
	api_reply(r, 200, json_pack("{s:o, s:I, s:I, s:I, s:{s:o, s:o}}", "items", a, "total", (json_int_t)total,
				    "offset", (json_int_t)offset, "limit", (json_int_t)limit, "facets", "kind",
				    facet_json(kinds, nk), "status", facet_json(statuses, ns)));
}

/* Reads the item fields present in b over it (date null or "" clears the
 * date). false after answering 400. */
static bool read_item(http_req *r, json_t *b, store_item *it)
{
	const char *kind, *title, *source, *url, *date, *summary, *status, *speaker, *problem;
	json_t *tags;
	if (!api_string(r, b, "kind", false, &kind) || !api_string(r, b, "title", false, &title) ||
	    !api_string(r, b, "source", false, &source) || !api_string(r, b, "url", false, &url) ||
	    !api_string(r, b, "date", false, &date) || !api_string(r, b, "summary", false, &summary) ||
	    !api_string(r, b, "status", false, &status) || !api_string(r, b, "speaker_type", false, &speaker) ||
	    !api_string(r, b, "problem_category", false, &problem) || !api_strings(r, b, "tags", &tags))
		return false;
	if (kind)
		it->kind = kind;
	if (title)
		it->title = text_trim(r->pool, title);
	if (source)
		it->source = source;
	if (url)
		it->url = text_trim(r->pool, url);
	if (date || json_is_null(json_object_get(b, "date")))
		it->date = date && *date ? date : NULL;
	if (summary)
		it->summary = summary;
	if (status)
		it->status = status;
	if (speaker)
		it->speaker_type = speaker;
	if (problem)
		it->problem_category = problem;
	if (tags) {
		char *s = json_dumps(tags, JSON_COMPACT);
		it->tags = arena_strdup(r->pool, s);
		free(s);
	}
	return true;
}

/* Saves it through library_save: 422 with problems, 500 on a failure,
 * else status with the item. */
static void save_item(http_req *r, store_item *it, int status)
{
	problems p;
	problems_init(&p, r->pool);
	if (!library_save(r->db, r->pool, it, r->now, &p)) {
		if (p.n)
			api_problems(r, &p);
		else
			api_write_failed(r);
		return;
	}
	reply_item(r, status, it->id);
}

/* POST /api/v1/cycles/{slug}/library {"kind", "title", "source", "url",
 * "date", "summary", "tags", "status", "speaker_type", "problem_category"} */
void api_library_create(http_req *r)
{
	cycle_ctx cx;
	if (!api_cycle_open(r, &cx) || !api_need_write(r, &cx))
		return;
	json_t *b = api_body(r);
	store_item it = {.cycle_id = cx.c.id, .title = "", .source = "", .url = "", .summary = "",
			 .tags = "[]", .status = "", .speaker_type = "", .problem_category = "",
			 .created_by = r->user->id};
	if (!b || !read_item(r, b, &it))
		return;
	save_item(r, &it, 201);
}

/* Loads the item of r->param[1]; false after answering 404 or 500. */
static bool open_item(http_req *r, const cycle_ctx *cx, store_item *it)
{
	store_rc rc = store_item_get(r->db, r->pool, cx->c.id, r->param[1], it);
	if (rc == STORE_NOTFOUND)
		http_fail(r, 404, T(r, "Nothing exists at this address."));
	else if (rc != STORE_OK)
		api_read_failed(r);
	return rc == STORE_OK;
}

/* The person who added the item (while they may write) and the
 * facilitators of a cycle not archived may change it; else 403. */
static bool may_change(http_req *r, const cycle_ctx *cx, const store_item *it)
{
	if (cycle_can_facilitate(cx) && !cx->c.archived)
		return true;
	bool creator = r->user && it->created_by == r->user->id;
	if (creator && cycle_can_write(cx))
		return true;
	if (cx->c.archived && cx->role >= CYCLE_PARTICIPANT)
		return api_need_write(r, cx);
	http_fail(r, 403, T(r, "Only the person who added this item and the facilitators can change it."));
	return false;
}

/* GET /api/v1/cycles/{slug}/library/{uid} */
void api_library_get(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (api_cycle_open(r, &cx) && open_item(r, &cx, &it))
		reply_item(r, 200, it.id);
}

/* PATCH /api/v1/cycles/{slug}/library/{uid} — any of the fields of POST;
 * tags replace the item's tags. */
void api_library_update(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!api_cycle_open(r, &cx) || !open_item(r, &cx, &it) || !may_change(r, &cx, &it))
		return;
	json_t *b = api_body(r);
	if (!b || !read_item(r, b, &it))
		return;
	save_item(r, &it, 200);
}

/* DELETE /api/v1/cycles/{slug}/library/{uid} */
void api_library_delete(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!api_cycle_open(r, &cx) || !open_item(r, &cx, &it) || !may_change(r, &cx, &it))
		return;
	int64_t citing;
	int rc = library_delete(r->db, &it, &citing);
	if (rc == 1) {
		http_fail(r, 409, arena_printf(r->pool, TN(r, "%lld scenario cites this item: remove the reference first.",
							  "%lld scenarios cite this item: remove the references first.", citing),
					       (long long)citing));
		return;
	}
	if (rc) {
		api_write_failed(r);
		return;
	}
	r->status = 204;
}

/* POST /api/v1/cycles/{slug}/library/{uid}/observations {"date",
 * "status", "note"} — members record what they observed; a status moves
 * the item's. */
void api_library_observe(http_req *r)
{
	cycle_ctx cx;
	store_item it;
	if (!api_cycle_open(r, &cx) || !api_need_write(r, &cx) || !open_item(r, &cx, &it))
		return;
	json_t *b = api_body(r);
	const char *date, *status, *note;
	if (!b || !api_string(r, b, "date", false, &date) || !api_string(r, b, "status", false, &status) ||
	    !api_string(r, b, "note", false, &note))
		return;
	problems p;
	problems_init(&p, r->pool);
	if (!library_observe(r->db, r->pool, &it, date, status, note ? text_trim(r->pool, note) : NULL,
			     r->user->id, r->now, &p)) {
		if (!p.n) {
			api_write_failed(r);
			return;
		}
		/* The domain names the date as the web form does. */
		for (size_t i = 0; i < p.n; i++)
			if (!strcmp(p.v[i].field, "observed_on"))
				p.v[i].field = "date";
		api_problems(r, &p);
		return;
	}
	reply_item(r, 201, it.id);
}
