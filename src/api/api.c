/* api.c — JSON helpers and the account, token, user and health endpoints. */
#include "api.h"
#include "../core/assets.h"
#include "../core/text.h"
#include "../domain/account.h"
#include "../web/html.h"
#include "../web/layout.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>


void api_reply(http_req *r, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	r->status = status;
	r->content_type = "application/json";
	buf_reset(&r->out);
	buf_puts(&r->out, s);
	buf_putc(&r->out, '\n');
	free(s);
}

json_t *api_body(http_req *r)
{
	json_t *j = api_body_value(r);
	if (j && !json_is_object(j)) {
		http_fail(r, 400, T(r, "The body must be a JSON object."));
		return NULL;
	}
	return j;
}

bool api_string(http_req *r, json_t *obj, const char *key, bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v)) {
		if (required) {
			http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' is required."), key));
			return false;
		}
		*out = NULL;
		return true;
	}
	if (!json_is_string(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be a string."), key));
		return false;
	}
	*out = json_string_value(v);
	if (strlen(*out) != json_string_length(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' cannot contain a NUL character."), key));
		return false;
	}
	return true;
}

bool api_bool(http_req *r, json_t *obj, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	if (!v)
		return true;
	if (!json_is_boolean(v)) {
		http_fail(r, 400, arena_printf(r->pool, T(r, "The field '%s' must be true or false."), key));
		return false;
	}
	*out = json_is_true(v);
	return true;
}

json_t *api_user_json(const store_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:I}", "id", (json_int_t)u->id, "email", u->email, "name",
			 u->name, "is_admin", u->is_admin, "created_at", (json_int_t)u->created_at);
}

/* GET /api/v1/health */
void api_health(http_req *r)
{
	int v = store_schema_version(r->db);
	bool ok = v == store_schema_latest();
	api_reply(r, ok ? 200 : 503,
		  json_pack("{s:s, s:s, s:s, s:i}", "status", ok ? "ok" : "degraded", "version",
			    FABRIQUE_VERSION, "database", store_backend(r->db), "schema", v));
}

/* GET /api/v1/openapi.json */
void api_openapi(http_req *r)
{
	const asset *a = assets_get("openapi.json");
	r->content_type = "application/json";
	if (a)
		html_raw_trusted(&r->out, (const char *)a->data); /* trusted: our own embedded JSON */
}

/* GET /api/v1/me */
void api_me(http_req *r)
{
	json_t *j = api_user_json(r->user);
	/* A browser script signed in by cookie needs the token for X-CSRF-Token. */
	if (!r->via_token) {
		json_object_set_new(j, "csrf_token", json_string(page_csrf(r)));
	}
	api_reply(r, 200, j);
}

/* GET /api/v1/me/export */
void api_me_export(http_req *r)
{
	json_t *j = account_export(r->db, r->pool, r->user);
	if (!j) {
		http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
		return;
	}
	api_reply(r, 200, j);
}

static json_t *token_json(const store_token *t)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)t->id, "name", t->name, "prefix",
			      t->prefix, "created_at", (json_int_t)t->created_at);
	json_object_set_new(j, "last_used_at", t->last_used_at ? json_integer(t->last_used_at) : json_null());
	return j;
}

/* GET /api/v1/tokens */
void api_tokens_list(http_req *r)
{
	store_token *t;
	size_t n;
	if (store_token_list(r->db, r->pool, r->user->id, &t, &n) != STORE_OK) {
		http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, token_json(&t[i]));
	api_reply(r, 200, json_pack("{s:o}", "tokens", a));
}

/* POST /api/v1/tokens {"name"} */
void api_tokens_create(http_req *r)
{
	json_t *b = api_body(r);
	const char *name;
	if (!b || !api_string(r, b, "name", true, &name))
		return;
	char full[ACCOUNT_TOKEN_LEN + 5];
	int64_t id;
	const char *msgid = NULL;
	account_rc rc = account_create_token(r->db, r->user->id, name, r->now, &id, full, &msgid);
	if (rc == ACCOUNT_INVALID) {
		http_fail(r, 422, T(r, msgid));
		return;
	}
	if (rc != ACCOUNT_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	char prefix[13];
	snprintf(prefix, sizeof prefix, "%.12s", full);
	api_reply(r, 201, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)id, "name",
				    text_trim(r->pool, name), "prefix", prefix, "token", full, "created_at",
				    (json_int_t)r->now));
}

/* DELETE /api/v1/tokens/{id} */
void api_tokens_delete(http_req *r)
{
	int64_t id;
	if (!text_parse_i64(r->param[0], &id)) {
		http_fail(r, 400, T(r, "The token id must be a whole number."));
		return;
	}
	store_rc rc = store_token_delete(r->db, r->user->id, id);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such token."));
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	r->status = 204;
}

/* GET /api/v1/users (administrators) */
void api_users_list(http_req *r)
{
	store_user *u;
	size_t n;
	if (store_user_list(r->db, r->pool, &u, &n) != STORE_OK) {
		http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
		return;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, api_user_json(&u[i]));
	api_reply(r, 200, json_pack("{s:o}", "users", a));
}

/* POST /api/v1/users {"email", "name", "password", "is_admin"} (administrators) */
void api_users_create(http_req *r)
{
	json_t *b = api_body(r);
	const char *email, *name, *password;
	bool admin = false;
	if (!b || !api_string(r, b, "email", true, &email) || !api_string(r, b, "name", true, &name) ||
	    !api_string(r, b, "password", true, &password) || !api_bool(r, b, "is_admin", &admin))
		return;
	int64_t id;
	const char *msgid = NULL;
	account_rc rc = account_create(r->db, email, name, password, admin, r->now, &id, &msgid);
	if (rc == ACCOUNT_INVALID || rc == ACCOUNT_EXISTS) {
		http_fail(r, rc == ACCOUNT_EXISTS ? 409 : 422, T(r, msgid));
		return;
	}
	if (rc != ACCOUNT_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	store_user u;
	if (store_user_by_id(r->db, r->pool, id, &u) != STORE_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	api_reply(r, 201, api_user_json(&u));
}
