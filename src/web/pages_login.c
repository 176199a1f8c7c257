/* pages_login.c — sign in and sign out. */
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/log.h"
#include "../domain/account.h"

#include <stdio.h>
#include <string.h>

static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/account";
	return next;
}

static void login_form(http_req *r, const char *email, const char *error)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Sign in"));
	html_printf(o, "<h1>%s</h1>", T(r, "Sign in"));
	html_raw(o, "<form method=\"post\" action=\"/login\" class=\"stack\">");
	page_csrf_field(r);
	page_form_errors(r, error);
	const char *next = http_query(r, "next");
	if (!next)
		next = http_form(r, "next");
	html_printf(o, "<input type=\"hidden\" name=\"next\" value=\"%s\">", safe_next(next));
	page_field(r, "email", T(r, "E-mail address"), "email", email, NULL, "username", true);
	page_field(r, "password", T(r, "Password"), "password", NULL, NULL, "current-password", true);
	html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Sign in"));
	html_printf(o, "<p class=\"hint\">%s</p>",
		    T(r, "Seminar participants do not need an account: they join with the code shown in the room."));
	page_end(r);
}

/* GET /login */
void page_login_form(http_req *r)
{
	login_form(r, NULL, NULL);
}

/* POST /login */
void page_login(http_req *r)
{
	const char *email = http_form(r, "email");
	const char *password = http_form(r, "password");
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0;
	account_rc rc = account_login(r->db, r->pool, email, password, r->ip,
				      http_header_in(r, "User-Agent"), r->now,
				      http_current_options()->session_days, &u, token, &retry);
	if (rc == ACCOUNT_OK) {
		http_set_cookie(r, "fab_session", token, http_current_options()->session_days * 86400);
		http_redirect(r, safe_next(http_form(r, "next")), "welcome");
		return;
	}
	if (rc == ACCOUNT_LIMITED) {
		int minutes = (retry + 59) / 60;
		char s[16];
		snprintf(s, sizeof s, "%d", retry);
		http_set_header(r, "Retry-After", s);
		r->status = 429;
		login_form(r, email, arena_printf(r->pool,
			TN(r, "Too many failed sign-in attempts. Try again in %d minute.",
			      "Too many failed sign-in attempts. Try again in %d minutes.", (unsigned long)minutes), minutes));
		return;
	}
	if (rc == ACCOUNT_ERROR) {
		log_error(r->id, "login failed: %s", store_errmsg(r->db));
		http_fail(r, 500, T(r, "Sign-in is unavailable for a moment. Please try again."));
		return;
	}
	/* Rejected logins still count towards the limits: the failed attempt
	 * must not be rolled back with the rest of this request, and the
	 * limiter is in memory, so a 4xx answer is right here. */
	r->status = 401;
	login_form(r, email, T(r, "The e-mail address or the password is not correct."));
}

/* POST /logout */
void page_logout(http_req *r)
{
	if (r->session_hash)
		store_session_delete(r->db, r->session_hash);
	http_set_cookie(r, "fab_session", "", -1);
	http_redirect(r, "/", "bye");
}
