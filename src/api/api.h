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

#endif
