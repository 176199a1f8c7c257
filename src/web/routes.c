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

	/* pages: cycles */
	{"GET", "/cycles", page_cycles, 0},
	{"GET", "/cycles/new", page_cycle_new, ROUTE_AUTH},
	{"POST", "/cycles", page_cycle_create, ROUTE_AUTH},
	{"GET", "/cycles/import", page_cycle_import_form, ROUTE_AUTH},
	{"POST", "/cycles/import", page_cycle_import, ROUTE_AUTH},
	{"GET", "/c/{slug}", page_cycle, 0},
	{"GET", "/c/{slug}/settings", page_cycle_settings, ROUTE_AUTH},
	{"POST", "/c/{slug}/settings", page_cycle_settings_save, ROUTE_AUTH},
	{"POST", "/c/{slug}/phases", page_cycle_phases, ROUTE_AUTH},
	{"POST", "/c/{slug}/archive", page_cycle_archive, ROUTE_AUTH},
	{"POST", "/c/{slug}/copy", page_cycle_copy, ROUTE_AUTH},
	{"GET", "/c/{slug}/export", page_cycle_export, ROUTE_AUTH},
	/* end pages: cycles */
	/* pages: members (pages_members.c) */
	{"GET", "/c/{slug}/members", page_members, 0},
	{"POST", "/c/{slug}/members", page_members_invite, ROUTE_AUTH},
	{"POST", "/c/{slug}/members/{id}", page_members_role, ROUTE_AUTH},
	{"POST", "/c/{slug}/members/{id}/remove", page_members_remove, ROUTE_AUTH},
	{"POST", "/c/{slug}/invitations/{id}/delete", page_invitation_delete, ROUTE_AUTH},
	{"GET", "/invitations/{token}", page_invitation, 0},
	{"POST", "/invitations/{token}", page_invitation_accept, ROUTE_AUTH},
	/* end pages: members */
	/* pages: scenarios (pages_scenarios.c) */
	{"GET", "/c/{slug}/scenarios", page_scenarios, 0},
	{"GET", "/c/{slug}/scenarios/new", page_scenario_new, ROUTE_AUTH},
	{"POST", "/c/{slug}/scenarios", page_scenario_create, ROUTE_AUTH},
	{"GET", "/c/{slug}/scenarios/{uid}", page_scenario, 0},
	{"POST", "/c/{slug}/scenarios/{uid}", page_scenario_update, ROUTE_AUTH},
	{"GET", "/c/{slug}/scenarios/{uid}/edit", page_scenario_edit, ROUTE_AUTH},
	{"GET", "/c/{slug}/scenarios/{uid}/print", page_scenario_print, 0},
	{"POST", "/c/{slug}/scenarios/{uid}/status", page_scenario_status, ROUTE_AUTH},
	{"POST", "/c/{slug}/scenarios/{uid}/fork", page_scenario_fork, ROUTE_AUTH},
	{"GET", "/c/{slug}/scenarios/{uid}/history", page_scenario_history, 0},
	{"GET", "/c/{slug}/scenarios/{uid}/diff", page_scenario_diff, 0},
	{"POST", "/c/{slug}/scenarios/{uid}/restore", page_scenario_restore, ROUTE_AUTH},
	/* end pages: scenarios */
	/* pages: library, taxonomies, templates, search */
	/* end pages: library, taxonomies, templates, search */

	{"GET", "/api/v1/health", api_health, ROUTE_API},
	{"GET", "/api/v1/openapi.json", api_openapi, ROUTE_API},
	{"GET", "/api/v1/me", api_me, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/me/export", api_me_export, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/tokens", api_tokens_list, ROUTE_API | ROUTE_AUTH},
	{"POST", "/api/v1/tokens", api_tokens_create, ROUTE_API | ROUTE_AUTH},
	{"DELETE", "/api/v1/tokens/{id}", api_tokens_delete, ROUTE_API | ROUTE_AUTH},
	{"GET", "/api/v1/users", api_users_list, ROUTE_API | ROUTE_ADMIN},
	{"POST", "/api/v1/users", api_users_create, ROUTE_API | ROUTE_ADMIN},
	/* api: cycles (src/api/api_cycles.c) */
	/* end api: cycles */
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
