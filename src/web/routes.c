/*
 * routes.c — every page and API endpoint of the server, in one table.
 * Adding a page means writing its handler and adding one line here; the
 * OpenAPI file in docs/ must list every /api/ line (a test checks it).
 */
#include "pages.h"
#include "../api/api.h"

const route web_routes[] = {
	{"GET", "/", page_home, 0},
	{"GET", "/lang/{code}", page_lang, 0},
	{"GET", "/static/{name}", page_static, 0},
	{"GET", "/favicon.ico", page_favicon, 0},
	{"GET", "/events/heartbeat", page_events_heartbeat, 0},

	{"GET", "/login", page_login_form, 0},
	{"POST", "/login", page_login, ROUTE_OWN_TX},
	{"POST", "/logout", page_logout, 0},

	{"GET", "/account", page_account, ROUTE_AUTH},
	{"POST", "/account/profile", page_account_profile, ROUTE_AUTH},
	{"POST", "/account/password", page_account_password, ROUTE_AUTH},
	{"POST", "/account/sessions", page_account_sessions, ROUTE_AUTH},
	{"POST", "/account/tokens", page_account_token_create, ROUTE_AUTH},
	{"POST", "/account/tokens/{id}/delete", page_account_token_delete, ROUTE_AUTH},
	{"GET", "/account/export", page_account_export, ROUTE_AUTH},
	{"POST", "/account/delete", page_account_delete, ROUTE_AUTH},

	{"GET", "/admin/users", page_admin_users, ROUTE_ADMIN},
	{"POST", "/admin/users", page_admin_user_create, ROUTE_ADMIN},
	{"POST", "/admin/users/{id}", page_admin_user_update, ROUTE_ADMIN},
	{"POST", "/admin/users/{id}/delete", page_admin_user_delete, ROUTE_ADMIN},

	{"GET", "/api/v1/health", api_health, ROUTE_API},
	{"GET", "/api/v1/openapi.json", api_openapi, ROUTE_API},
	{"GET", "/api/v1/me", api_me, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/me/export", api_me_export, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/tokens", api_tokens_list, ROUTE_API | ROUTE_AUTH},
	{"POST", "/api/v1/tokens", api_tokens_create, ROUTE_API | ROUTE_AUTH},
	{"DELETE", "/api/v1/tokens/{id}", api_tokens_delete, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/users", api_users_list, ROUTE_API | ROUTE_ADMIN},
	{"POST", "/api/v1/users", api_users_create, ROUTE_API | ROUTE_ADMIN},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
