/* layout.c — see layout.h. */
#include "layout.h"
#include "html.h"
#include "../core/assets.h"
#include "../core/text.h"
#include "../domain/account.h"

#include <string.h>
#include <time.h>

/* Flash codes carried by the fab_flash cookie across a redirect. Only codes
 * travel, so a cookie can never inject a message. */
static const struct {
	const char *code, *msgid;
} flashes[] = {
	{"welcome", N_("You are signed in.")},
	{"bye", N_("You are signed out.")},
	{"password", N_("Your password has been changed. Your other sessions have been closed.")},
	{"profile", N_("Your profile has been saved.")},
	{"token_deleted", N_("The token has been revoked.")},
	{"deleted", N_("Your account has been deleted. Thank you for your contributions.")},
	{"user_created", N_("The account has been created.")},
	{"user_deleted", N_("The account has been deleted.")},
	{"user_updated", N_("The account has been updated.")},
	{"sessions", N_("Your other sessions have been closed.")},
	{"cycle_created", N_("The cycle has been created.")},
	{"saved", N_("Your changes have been saved.")},
	{"archived", N_("The cycle is archived.")},
	{"reopened", N_("The cycle is open again.")},
	{"imported", N_("The cycle has been imported.")},
	{"member_added", N_("The person has been added to the cycle.")},
	{"member_removed", N_("The person has been removed from the cycle.")},
	{"joined", N_("Welcome to the cycle.")},
	{"scenario_saved", N_("The scenario has been saved.")},
	{"scenario_forked", N_("Your continuation has been created: write the rest of the story.")},
	{"status_changed", N_("The status has been changed.")},
	{"seminar_created", N_("The seminar has been created.")},
	{"seminar_moved", N_("The seminar has moved on.")},
	{"tie_resolved", N_("The tie has been resolved and the resolution recorded.")},
	{"person_moved", N_("The person has been moved; the move is recorded.")},
	{"restored", N_("The revision has been restored.")},
	{"item_created", N_("The reference has been added to the library.")},
	{"item_saved", N_("The reference has been saved.")},
	{"item_deleted", N_("The reference has been deleted.")},
	{"observation_added", N_("The observation has been recorded.")},
	{"taxonomy_created", N_("The taxonomy has been added to the cycle.")},
	{"taxonomy_saved", N_("The taxonomy has been saved.")},
	{"term_created", N_("The term has been added.")},
	{"term_saved", N_("The term has been saved.")},
	{"term_deleted", N_("The term has been deleted.")},
	{"template_created", N_("The template has been created.")},
	{"template_saved", N_("The template has been saved.")},
	{"seminar_joined", N_("You have joined the seminar.")},
	{"controversy_joined", N_("You are taking part in the controversy.")},
	{"opinion_voted", N_("Your vote is recorded.")},
	{"statement_proposed", N_("Thank you: your statement will be shown once a facilitator accepts it.")},
	{"statement_added", N_("The statement is added.")},
	{"statement_moderated", N_("The statement is moderated.")},
	{"controversy_saved", N_("The controversy is saved.")},
	{"report_frozen", N_("The report is frozen into the cycle's record.")},
	{"ballot_cast", N_("Your ballot is recorded; you can change it until the vote closes.")},
	{"prefs_saved", N_("Your choice of groups is recorded; you can change it until sign-up closes.")},
	{"identity_attached", N_("Your seminar identity is now kept on your account.")},
};

static const char *flash_text(http_req *r)
{
	const char *code = http_cookie(r, "fab_flash");
	if (!code)
		return NULL;
	http_set_cookie(r, "fab_flash", "", -1);
	for (size_t i = 0; i < sizeof flashes / sizeof flashes[0]; i++)
		if (strcmp(flashes[i].code, code) == 0)
			return T(r, flashes[i].msgid);
	return NULL;
}

const char *page_csrf(http_req *r)
{
	if (!r->csrf) {
		unsigned char raw[32];
		char *tok = arena_alloc(r->pool, ACCOUNT_TOKEN_LEN + 1);
		account_random(raw, sizeof raw);
		text_b64url(raw, sizeof raw, tok);
		r->csrf = tok;
		http_set_cookie(r, "fab_csrf", tok, 0);
	}
	return r->csrf;
}

void page_csrf_field(http_req *r)
{
	html_printf(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", page_csrf(r));
}

static void nav_link(http_req *r, const char *href, const char *label)
{
	if (strcmp(r->path, href) == 0)
		html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
	else
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", href, label);
}

void page_begin(http_req *r, const char *title)
{
	buf *o = &r->out;
	const asset *css = assets_get("style.css");
	html_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>%s — fabrique</title>"
		       "<link rel=\"stylesheet\" href=\"/static/style.css?v=%s\">"
		       "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\">"
		       "</head><body>",
		    i18n_code(r->lang), title, css ? arena_strndup(r->pool, css->etag + 1, 8) : "0");
	html_printf(o, "<a class=\"skip\" href=\"#main\">%s</a>", T(r, "Skip to content"));
	html_printf(o, "<header class=\"site\"><a class=\"brand\" href=\"/\">"
		       "<img src=\"/static/icon.svg\" alt=\"\" width=\"28\" height=\"28\"> fabrique</a>"
		       "<nav aria-label=\"%s\"><ul>",
		    T(r, "Main navigation"));
	nav_link(r, "/", T(r, "Home"));
	nav_link(r, "/cycles", T(r, "Cycles"));
	if (r->user) {
		nav_link(r, "/account", T(r, "My account"));
		if (r->user->is_admin)
			nav_link(r, "/admin/users", T(r, "Administration"));
	} else {
		nav_link(r, "/login", T(r, "Sign in"));
	}
	html_raw(o, "</ul></nav><div class=\"tools\">");
	/* The switch is a pair of links: a language preference is not worth a
	 * form, and links work without JavaScript and without a token. */
	html_printf(o, "<ul class=\"lang\" aria-label=\"%s\">", T(r, "Language"));
	for (int l = 0; l < LANG_COUNT; l++) {
		if ((i18n_lang)l == r->lang)
			html_printf(o, "<li><span lang=\"%s\" aria-current=\"true\">%s</span></li>",
				    i18n_code((i18n_lang)l), i18n_name((i18n_lang)l));
		else
			html_printf(o, "<li><a href=\"/lang/%s?next=%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li>",
				    i18n_code((i18n_lang)l), text_urlencode(r->pool, r->path), i18n_code((i18n_lang)l),
				    i18n_code((i18n_lang)l), i18n_name((i18n_lang)l));
	}
	html_raw(o, "</ul>");
	if (r->user) {
		html_raw(o, "<form method=\"post\" action=\"/logout\" class=\"logout\">");
		page_csrf_field(r);
		html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Sign out"));
	}
	html_raw(o, "</div></header><main id=\"main\" tabindex=\"-1\">");
	const char *flash = r->flash ? r->flash : flash_text(r);
	if (flash)
		html_printf(o, "<p class=\"flash\" role=\"status\">%s</p>", flash);
}

void page_end(http_req *r)
{
	html_printf(&r->out,
		    "</main><footer class=\"site\"><p>%s · <a href=\"/api/v1/health\">API</a> · "
		    "fabrique %s</p></footer></body></html>\n",
		    T(r, "fabrique — collective foresight cycles"), FABRIQUE_VERSION);
}

void page_error(http_req *r, int status, const char *message)
{
	const char *title;
	switch (status) {
	case 400: title = T(r, "Invalid request"); break;
	case 401: title = T(r, "Sign-in required"); break;
	case 403: title = T(r, "Access refused"); break;
	case 404: title = T(r, "Page not found"); break;
	case 405: title = T(r, "Method not allowed"); break;
	case 413: title = T(r, "Request too large"); break;
	case 431: title = T(r, "Request headers too large"); break;
	case 429: title = T(r, "Too many attempts"); break;
	default: title = status >= 500 ? T(r, "Something went wrong") : T(r, "Error"); break;
	}
	page_begin(r, title);
	html_printf(&r->out, "<h1>%s</h1><p class=\"error\">%s</p>", title, message);
	html_printf(&r->out, "<p>%s <code>%s</code></p><p><a href=\"/\">%s</a></p>",
		    T(r, "Reference of this request:"), r->id, T(r, "Back to the home page"));
	page_end(r);
}

void page_field(http_req *r, const char *id, const char *label, const char *type,
		const char *value, const char *error, const char *autocomplete, bool required)
{
	buf *o = &r->out;
	html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", error ? " invalid" : "", id, label);
	if (error)
		html_printf(o, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, error);
	html_printf(o, "<input id=\"%s\" name=\"%s\" type=\"%s\"", id, id, type);
	if (value && strcmp(type, "password") != 0)
		html_printf(o, " value=\"%s\"", value);
	if (autocomplete)
		html_printf(o, " autocomplete=\"%s\"", autocomplete);
	if (required)
		html_raw(o, " required");
	if (error)
		html_printf(o, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", id);
	html_raw(o, "></div>");
}

void page_form_errors(http_req *r, const char *message)
{
	if (message)
		html_printf(&r->out, "<div class=\"form-errors\" role=\"alert\"><p>%s</p></div>", message);
}

const char *page_time(http_req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char s[64];
	if (r->lang == LANG_FR)
		strftime(s, sizeof s, "%d/%m/%Y %H:%M UTC", &tm);
	else
		strftime(s, sizeof s, "%Y-%m-%d %H:%M UTC", &tm);
	return arena_strdup(r->pool, s);
}
