/* pages_admin.c — instance administration: the list of accounts, creating
 * one, granting or removing the administrator role, deleting one. */
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"
#include "../domain/account.h"

#include <string.h>

struct admin_view {
	const char *error, *email, *name;
};

static void users_page(http_req *r, const struct admin_view *v)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Accounts"));
	html_printf(o, "<h1>%s</h1>", T(r, "Accounts"));
	store_user *u;
	size_t n = 0;
	if (store_user_list(r->db, r->pool, &u, &n) != STORE_OK) {
		http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
		return;
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    arena_printf(r->pool, TN(r, "%zu account", "%zu accounts", n), n), T(r, "Name"), T(r, "E-mail address"),
		    T(r, "Role"), T(r, "Created"), T(r, "Actions"));
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<tr><td id=\"user-%lld\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>", (long long)u[i].id,
			    u[i].name, u[i].email, u[i].is_admin ? T(r, "administrator") : T(r, "member"),
			    page_time(r, u[i].created_at));
		if (u[i].id != r->user->id) {
			html_printf(o, "<form method=\"post\" action=\"/admin/users/%lld\" class=\"inline\">",
				    (long long)u[i].id);
			page_csrf_field(r);
			html_printf(o, "<input type=\"hidden\" name=\"is_admin\" value=\"%s\">",
				    u[i].is_admin ? "0" : "1");
			/* Named "<visible text> <name>" so that the accessible name
			 * starts with the visible label (WCAG 2.5.3). */
			html_printf(o, "<button type=\"submit\" id=\"role-%lld\" aria-labelledby=\"role-%lld user-%lld\">"
				       "%s</button></form> ",
				    (long long)u[i].id, (long long)u[i].id, (long long)u[i].id,
				    u[i].is_admin ? T(r, "Remove administrator") : T(r, "Make administrator"));
			html_printf(o, "<form method=\"post\" action=\"/admin/users/%lld/delete\" class=\"inline\">",
				    (long long)u[i].id);
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" class=\"danger\" aria-label=\"%s\">%s</button></form>",
				    arena_printf(r->pool, T(r, "Delete the account of %s"), u[i].name), T(r, "Delete"));
		} else {
			html_printf(o, "<a href=\"/account\">%s</a>", T(r, "My account"));
		}
		html_raw(o, "</td></tr>");
	}
	html_raw(o, "</tbody></table>");
	html_printf(o, "<section aria-labelledby=\"new-h\"><h2 id=\"new-h\">%s</h2>", T(r, "Create an account"));
	html_raw(o, "<form method=\"post\" action=\"/admin/users\" class=\"stack\">");
	page_csrf_field(r);
	page_form_errors(r, v->error);
	page_field(r, "email", T(r, "E-mail address"), "email", v->email, NULL, "off", true);
	page_field(r, "name", T(r, "Display name"), "text", v->name, NULL, "off", true);
	page_field(r, "password", T(r, "Initial password (at least 10 characters)"), "password", NULL, NULL,
		   "new-password", true);
	html_printf(o, "<div class=\"field check\"><input type=\"checkbox\" id=\"is_admin\" name=\"is_admin\" value=\"1\">"
		       "<label for=\"is_admin\">%s</label></div>", T(r, "Administrator of the instance"));
	html_printf(o, "<button type=\"submit\">%s</button></form></section>", T(r, "Create the account"));
	page_end(r);
}

/* GET /admin/users */
void page_admin_users(http_req *r)
{
	struct admin_view v = {0};
	users_page(r, &v);
}

/* POST /admin/users */
void page_admin_user_create(http_req *r)
{
	const char *msgid = NULL;
	int64_t id;
	const char *admin = http_form(r, "is_admin");
	account_rc rc = account_create(r->db, http_form(r, "email"), http_form(r, "name"),
				       http_form(r, "password"), admin && strcmp(admin, "1") == 0, r->now, &id,
				       &msgid);
	if (rc == ACCOUNT_OK) {
		http_redirect(r, "/admin/users", "user_created");
		return;
	}
	if (rc == ACCOUNT_ERROR) {
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
		return;
	}
	struct admin_view v = {T(r, msgid), http_form(r, "email"), http_form(r, "name")};
	r->status = rc == ACCOUNT_EXISTS ? 409 : 422;
	users_page(r, &v);
}

static int64_t target_id(http_req *r)
{
	int64_t id;
	if (!text_parse_i64(r->param[0], &id) || id <= 0)
		return 0;
	return id;
}

/* Answers a change to one account: back to the list with flash, or why not. */
static void answer_change(http_req *r, store_rc rc, const char *flash)
{
	if (rc == STORE_NOTFOUND)
		http_fail(r, 404, T(r, "There is no such account."));
	else if (rc != STORE_OK)
		http_fail(r, 500, T(r, "Your change could not be saved. Please try again."));
	else
		http_redirect(r, "/admin/users", flash);
}

/* POST /admin/users/{id} — sets is_admin to the form's 0 or 1. */
void page_admin_user_update(http_req *r)
{
	int64_t id = target_id(r);
	const char *flag = http_form(r, "is_admin");
	if (!flag || (strcmp(flag, "0") != 0 && strcmp(flag, "1") != 0)) {
		http_fail(r, 400, T(r, "The field is_admin must be 0 or 1."));
		return;
	}
	if (id == r->user->id) {
		http_fail(r, 409, T(r, "You cannot change your own role: ask another administrator."));
		return;
	}
	answer_change(r, id ? store_user_set_admin(r->db, id, flag[0] == '1', r->now) : STORE_NOTFOUND,
		      "user_updated");
}

/* POST /admin/users/{id}/delete */
void page_admin_user_delete(http_req *r)
{
	int64_t id = target_id(r);
	if (id == r->user->id) {
		http_fail(r, 409, T(r, "Delete your own account from your account page."));
		return;
	}
	answer_change(r, id ? store_user_delete(r->db, id) : STORE_NOTFOUND, "user_deleted");
}
