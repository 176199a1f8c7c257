/* pages_account.c — the profile page: name, password, sessions, personal
 * API tokens, download of one's data, deletion of one's account. */
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/log.h"
#include "../core/text.h"
#include "../domain/account.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct account_view {
	const char *name_error, *password_error, *token_error, *delete_error;
	const char *new_token, *name_value, *token_name;
};

static void account_page(http_req *r, const struct account_view *v)
{
	buf *o = &r->out;
	store_user *u = r->user;
	page_begin(r, T(r, "My account"));
	html_printf(o, "<h1>%s</h1>", T(r, "My account"));

	html_printf(o, "<section aria-labelledby=\"profile-h\"><h2 id=\"profile-h\">%s</h2>", T(r, "Profile"));
	html_printf(o, "<p>%s <strong>%s</strong></p>", T(r, "E-mail address:"), u->email);
	if (u->is_admin)
		html_printf(o, "<p>%s</p>", T(r, "You are an administrator of this instance."));
	html_raw(o, "<form method=\"post\" action=\"/account/profile\" class=\"stack\">");
	page_csrf_field(r);
	page_field(r, "name", T(r, "Display name"), "text", v->name_value ? v->name_value : u->name,
		   v->name_error, "name", true);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Save"));

	html_printf(o, "<section aria-labelledby=\"pw-h\"><h2 id=\"pw-h\">%s</h2>", T(r, "Password"));
	html_raw(o, "<form method=\"post\" action=\"/account/password\" class=\"stack\">");
	page_csrf_field(r);
	page_form_errors(r, v->password_error);
	page_field(r, "current", T(r, "Current password"), "password", NULL, NULL, "current-password", true);
	page_field(r, "password", T(r, "New password (at least 10 characters)"), "password", NULL, NULL,
		   "new-password", true);
	page_field(r, "confirm", T(r, "New password again"), "password", NULL, NULL, "new-password", true);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Change password"));

	store_session *sess;
	size_t ns = 0;
	store_session_list(r->db, r->pool, u->id, r->now, &sess, &ns);
	html_printf(o, "<section aria-labelledby=\"sess-h\"><h2 id=\"sess-h\">%s</h2>", T(r, "Sessions"));
	html_printf(o, "<p>%s</p>", arena_printf(r->pool, TN(r, "You are signed in on %zu browser or device.", "You are signed in on %zu browsers or devices.", ns), ns));
	html_raw(o, "<form method=\"post\" action=\"/account/sessions\">");
	page_csrf_field(r);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Sign out everywhere else"));

	html_printf(o, "<section aria-labelledby=\"tok-h\"><h2 id=\"tok-h\">%s</h2>", T(r, "API tokens"));
	html_printf(o, "<p>%s</p>", T(r, "A personal token lets a script use the JSON API in your name: "
					 "send it as the header Authorization: Bearer followed by the token."));
	if (v->new_token)
		html_printf(o, "<div class=\"flash\" role=\"status\"><p>%s</p><p><code class=\"token\">%s</code></p></div>",
			    T(r, "Here is your new token. Copy it now: it will not be shown again."), v->new_token);
	store_token *tok;
	size_t nt = 0;
	store_token_list(r->db, r->pool, u->id, &tok, &nt);
	if (nt) {
		html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(r, "Your tokens"), T(r, "Name"), T(r, "Begins with"), T(r, "Created"), T(r, "Last used"),
			    T(r, "Action"));
		for (size_t i = 0; i < nt; i++) {
			html_printf(o, "<tr><td>%s</td><td><code>%s…</code></td><td>%s</td><td>%s</td><td>",
				    tok[i].name, tok[i].prefix, page_time(r, tok[i].created_at),
				    tok[i].last_used_at ? page_time(r, tok[i].last_used_at) : T(r, "never"));
			html_printf(o, "<form method=\"post\" action=\"/account/tokens/%lld/delete\">",
				    (long long)tok[i].id);
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" aria-label=\"%s\">%s</button></form></td></tr>",
				    arena_printf(r->pool, T(r, "Revoke the token %s"), tok[i].name), T(r, "Revoke"));
		}
		html_raw(o, "</tbody></table>");
	}
	html_raw(o, "<form method=\"post\" action=\"/account/tokens\" class=\"stack\">");
	page_csrf_field(r);
	page_field(r, "token_name", T(r, "Name of the new token"), "text", v->token_name, v->token_error, "off", true);
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Create a token"));

	html_printf(o, "<section aria-labelledby=\"data-h\"><h2 id=\"data-h\">%s</h2>", T(r, "Your data"));
	html_printf(o, "<p>%s</p><p><a class=\"button\" href=\"/account/export\" download>%s</a></p>",
		    T(r, "Download everything fabrique holds about you, as a JSON file."),
		    T(r, "Download my data"));
	html_printf(o, "<h3>%s</h3><p>%s</p>", T(r, "Delete my account"),
		    T(r, "Your account, sessions and tokens are deleted at once. Ballots you cast stay "
			 "counted but anonymous. This cannot be undone."));
	html_raw(o, "<form method=\"post\" action=\"/account/delete\" class=\"stack danger\">");
	page_csrf_field(r);
	page_field(r, "delete_password", T(r, "Your password, to confirm"), "password", NULL, v->delete_error,
		   "current-password", true);
	html_printf(o, "<button type=\"submit\" class=\"danger\">%s</button></form></section>",
		    T(r, "Delete my account"));
	page_end(r);
}

/* GET /account */
void page_account(http_req *r)
{
	struct account_view v = {0};
	account_page(r, &v);
}

/* POST /account/profile */
void page_account_profile(http_req *r)
{
	const char *name = text_trim(r->pool, http_form(r, "name") ? http_form(r, "name") : "");
	const char *msg = account_check_name(name);
	if (msg) {
		struct account_view v = {.name_error = T(r, msg), .name_value = name};
		r->status = 422;
		account_page(r, &v);
		return;
	}
	if (store_user_set_profile(r->db, r->user->id, name, r->now) != STORE_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	http_redirect(r, "/account", "profile");
}

/* POST /account/password */
void page_account_password(http_req *r)
{
	const char *fresh = http_form(r, "password"), *confirm = http_form(r, "confirm");
	const char *msgid = NULL;
	account_rc rc;
	if (!fresh || !confirm || strcmp(fresh, confirm) != 0) {
		msgid = N_("The two new passwords are not the same.");
		rc = ACCOUNT_INVALID;
	} else {
		rc = account_change_password(r->db, r->user, http_form(r, "current"), fresh,
					     r->session_hash, r->now, &msgid);
	}
	if (rc == ACCOUNT_OK) {
		http_redirect(r, "/account", "password");
		return;
	}
	if (rc == ACCOUNT_ERROR) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	struct account_view v = {.password_error = T(r, msgid)};
	r->status = 422;
	account_page(r, &v);
}

/* POST /account/sessions — closes every other session. */
void page_account_sessions(http_req *r)
{
	if (store_session_delete_others(r->db, r->user->id, r->session_hash) != STORE_OK) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	http_redirect(r, "/account", "sessions");
}

/* POST /account/tokens */
void page_account_token_create(http_req *r)
{
	char full[ACCOUNT_TOKEN_LEN + 5];
	int64_t id;
	const char *msgid = NULL;
	account_rc rc = account_create_token(r->db, r->user->id, http_form(r, "token_name"), r->now, &id,
					     full, &msgid);
	struct account_view v = {0};
	if (rc == ACCOUNT_OK) {
		r->status = 201;
		v.new_token = full;
	} else if (rc == ACCOUNT_INVALID) {
		r->status = 422;
		v.token_error = T(r, msgid);
		v.token_name = http_form(r, "token_name");
	} else {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	account_page(r, &v);
}

/* POST /account/tokens/{id}/delete */
void page_account_token_delete(http_req *r)
{
	int64_t id;
	if (!text_parse_i64(r->param[0], &id) ||
	    store_token_delete(r->db, r->user->id, id) == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such token."));
		return;
	}
	http_redirect(r, "/account", "token_deleted");
}

/* GET /account/export — all of the user's data as a JSON download. */
void page_account_export(http_req *r)
{
	json_t *j = account_export(r->db, r->pool, r->user);
	if (!j) {
		http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
		return;
	}
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(j);
	/* JSON, not HTML: written raw into the body on purpose. */
	r->content_type = "application/json";
	http_set_header(r, "Content-Disposition", "attachment; filename=\"fabrique-my-data.json\"");
	html_raw_trusted(&r->out, s); /* trusted: JSON from jansson, served as application/json */
	free(s);
}

/* POST /account/delete */
void page_account_delete(http_req *r)
{
	const char *msgid = NULL;
	account_rc rc = account_delete(r->db, r->user, http_form(r, "delete_password"), &msgid);
	if (rc == ACCOUNT_OK) {
		http_set_cookie(r, "fab_session", "", -1);
		r->user = NULL;
		http_redirect(r, "/", "deleted");
		return;
	}
	if (rc == ACCOUNT_ERROR) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	struct account_view v = {.delete_error = T(r, msgid)};
	r->status = 422;
	account_page(r, &v);
}
