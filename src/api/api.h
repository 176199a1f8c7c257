/*
 * api.h — the JSON API under /api/v1/: helpers shared by its handlers and
 * the handlers themselves. Errors are {"error": {"code", "message",
 * "request_id"}} (see http_fail); successes are objects.
 */
#ifndef FAB_API_H
#define FAB_API_H

#include <jansson.h>
#include <stdbool.h>

#include "../web/http.h"

/* Answers with status and the JSON value j, whose reference is stolen. */
void api_reply(http_req *r, int status, json_t *j);

/* The request body as a JSON object (owned by the request's pool), or NULL
 * after answering 400/415 with a message saying what is wrong. */
json_t *api_body(http_req *r);

/* Reads a string member. Returns true and sets *out (NULL when absent and
 * not required); false after answering 400 when the member is missing but
 * required, or of another type. */
bool api_string(http_req *r, json_t *obj, const char *key, bool required, const char **out);
/* Same for a boolean member; *out untouched when absent. */
bool api_bool(http_req *r, json_t *obj, const char *key, bool *out);

/* A user as JSON (no secrets). */
json_t *api_user_json(const store_user *u);

/* Handlers. */
void api_health(http_req *r);
void api_openapi(http_req *r);
void api_me(http_req *r);
void api_me_export(http_req *r);
void api_tokens_list(http_req *r);
void api_tokens_create(http_req *r);
void api_tokens_delete(http_req *r);
void api_users_list(http_req *r);
void api_users_create(http_req *r);

/* ---- cycles and their content (api_cycles.c, api_library.c,
 * api_scenarios.c, api_controversies.c) ----
 * Every handler below works on the cycle named by r->param[0], seen by
 * r->user with the rules of src/domain/cycle.h: a cycle that is missing or
 * not visible to the caller is a 404; a visible one where the caller may
 * not do something is a 403. Records carry ISO 8601 UTC timestamps as the
 * bundle does (docs/formats.md). */

struct cycle_ctx;
struct problems;

/* Loads the cycle of r->param[0] as the caller sees it into cx. Returns
 * false after answering 404 (absent or invisible) or 500. */
bool api_cycle_open(http_req *r, struct cycle_ctx *cx);
/* Each returns true when the caller may act, else answers 403 (saying
 * whether the cycle is archived or the caller lacks the role) and returns
 * false. write: a member of a cycle not archived (cycle_can_write).
 * facilitate: a facilitator or administrator, archived or not
 * (cycle_can_facilitate). steer: facilitate, in a cycle not archived. */
bool api_need_write(http_req *r, const struct cycle_ctx *cx);
bool api_need_facilitate(http_req *r, const struct cycle_ctx *cx);
bool api_need_steer(http_req *r, const struct cycle_ctx *cx);

/* Answers 422 {"error": {"code": "invalid", "message", "request_id",
 * "problems": [{"field", "message"}]}}, each message translated by
 * page_problem_text. */
void api_problems(http_req *r, const struct problems *p);
/* Answers 500 after a failed read / a failed write. */
void api_read_failed(http_req *r);
void api_write_failed(http_req *r);

/* A Unix time as a new JSON string "2026-11-22T09:30:00Z"; null for 0. */
json_t *api_time(int64_t t);
/* A JSON array text (as the store keeps tags, hashtags...) as a new JSON
 * value; an empty array when the text is not an array. */
json_t *api_json_array(const char *text);

/* The request body as any JSON value (object or array), or NULL after
 * answering 400/415 like api_body. */
json_t *api_body_value(http_req *r);
/* Typed members, in the manner of api_string: true with *out set (NULL,
 * or *present false, when absent or null); false after answering 400 when
 * the member has another type. api_strings wants an array of strings. */
bool api_int(http_req *r, json_t *obj, const char *key, bool *present, int64_t *out);
bool api_array(http_req *r, json_t *obj, const char *key, json_t **out);
bool api_object(http_req *r, json_t *obj, const char *key, json_t **out);
bool api_strings(http_req *r, json_t *obj, const char *key, json_t **out);
/* A whole-number query parameter within [min, max], def when absent;
 * false after answering 400. */
bool api_query_int(http_req *r, const char *name, int64_t def, int64_t min, int64_t max,
		   int64_t *out);

/* api_cycles.c */
void api_cycles_list(http_req *r);
void api_cycles_create(http_req *r);
void api_cycles_import(http_req *r);
void api_cycle_get(http_req *r);
void api_cycle_update(http_req *r);
void api_cycle_phases(http_req *r);
void api_cycle_copy(http_req *r);
void api_cycle_export(http_req *r);
void api_members_list(http_req *r);
void api_members_add(http_req *r);
void api_members_remove(http_req *r);
void api_taxonomies_list(http_req *r);
void api_taxonomies_create(http_req *r);
void api_taxonomy_get(http_req *r);
void api_terms_create(http_req *r);
void api_term_update(http_req *r);
void api_term_delete(http_req *r);
void api_templates_list(http_req *r);
void api_templates_create(http_req *r);
void api_template_get(http_req *r);
void api_template_put(http_req *r);
void api_search(http_req *r);
/* api_library.c */
void api_library_list(http_req *r);
void api_library_create(http_req *r);
void api_library_get(http_req *r);
void api_library_update(http_req *r);
void api_library_delete(http_req *r);
void api_library_observe(http_req *r);
/* api_scenarios.c */
void api_scenarios_list(http_req *r);
void api_scenarios_create(http_req *r);
void api_scenario_get(http_req *r);
void api_scenario_update(http_req *r);
void api_scenario_status(http_req *r);
void api_scenario_fork(http_req *r);
void api_scenario_revisions(http_req *r);
void api_scenario_revision(http_req *r);
void api_scenario_diff(http_req *r);
void api_scenario_restore(http_req *r);
/* api_controversies.c */
void api_controversies_list(http_req *r);
void api_controversies_create(http_req *r);
void api_controversy_get(http_req *r);
void api_controversy_statement_add(http_req *r);
void api_controversy_moderate(http_req *r);
void api_controversy_vote(http_req *r);
void api_controversy_report(http_req *r);
void api_controversy_update(http_req *r);
void api_controversy_freeze(http_req *r);
void api_controversy_reports(http_req *r);
void api_controversy_frozen(http_req *r);

#endif
