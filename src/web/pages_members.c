/* pages_members.c — the members of a cycle, invitations by e-mail address
 * or by account, role changes, and accepting an invitation link. fabrique
 * sends no mail: the facilitator passes the link on. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"
#include "pages.h"
#include "../core/text.h"

#include <string.h>

static void members_page(http_req *r, cycle_ctx *cx, const problems *p, const char *email,
			 const char *link)
{
	buf *o = &r->out;
	store_member *m;
	size_t n;
	store_invitation *inv = NULL;
	size_t ninv = 0;
	bool steer = cycle_can_facilitate(cx);
	if (store_member_list(r->db, r->pool, cx->c.id, &m, &n) != STORE_OK ||
	    (steer && store_invitation_list(r->db, r->pool, cx->c.id, r->now, &inv, &ninv) != STORE_OK)) {
		cp_fail(r);
		return;
	}
	cp_begin(r, cx, T(r, "Members"), "members");
	html_printf(o, "<h1>%s</h1>", T(r, "Members"));
	if (link) {
		const char *host = http_header_in(r, "Host");
		html_printf(o, "<div class=\"flash\" role=\"status\"><p>%s</p><p><code>%s://%s%s</code></p></div>",
			    T(r, "Invitation created. Send this link to the person; it works once, for 14 days:"),
			    r->secure ? "https" : "http", host ? host : "localhost", link);
	}
	html_printf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>%s<th scope=\"col\">%s</th>%s</tr></thead><tbody>",
		    arena_printf(r->pool, TN(r, "%zu member", "%zu members", n), n), T(r, "Name"),
		    steer ? arena_printf(r->pool, "%s", "") : "", T(r, "Role"), "");
	for (size_t i = 0; i < n; i++) {
		html_printf(o, "<tr><td id=\"m-%lld\">%s", (long long)m[i].user_id, m[i].name);
		if (steer)
			html_printf(o, " <span class=\"hint\">%s</span>", m[i].email);
		html_printf(o, "</td><td>%s", cp_role_label(r, m[i].role));
		if (steer && !cx->c.archived) {
			const char *other = !strcmp(m[i].role, "facilitator") ? "participant" : "facilitator";
			html_printf(o, " <form method=\"post\" class=\"inline\" action=\"%s\">",
				    cp_url(r, cx, arena_printf(r->pool, "/members/%lld", (long long)m[i].user_id)));
			page_csrf_field(r);
			html_printf(o, "<input type=\"hidden\" name=\"role\" value=\"%s\">"
				       "<button type=\"submit\" class=\"secondary\" id=\"r-%lld\" aria-labelledby=\"r-%lld m-%lld\">%s</button></form>",
				    other, (long long)m[i].user_id, (long long)m[i].user_id, (long long)m[i].user_id,
				    !strcmp(other, "facilitator") ? T(r, "Make facilitator") : T(r, "Make participant"));
			html_printf(o, " <form method=\"post\" class=\"inline\" action=\"%s\">",
				    cp_url(r, cx, arena_printf(r->pool, "/members/%lld/remove", (long long)m[i].user_id)));
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" class=\"danger\" id=\"x-%lld\" aria-labelledby=\"x-%lld m-%lld\">%s</button></form>",
				    (long long)m[i].user_id, (long long)m[i].user_id, (long long)m[i].user_id,
				    T(r, "Remove"));
		}
		html_raw(o, "</td></tr>");
	}
	html_raw(o, "</tbody></table>");
	if (!steer) {
		page_end(r);
		return;
	}
	if (ninv) {
		html_printf(o, "<h2>%s</h2><ul>", T(r, "Pending invitations"));
		for (size_t i = 0; i < ninv; i++) {
			html_printf(o, "<li>%s — %s <form method=\"post\" class=\"inline\" action=\"%s\">", inv[i].email,
				    cp_role_label(r, inv[i].role),
				    cp_url(r, cx, arena_printf(r->pool, "/invitations/%lld/delete", (long long)inv[i].id)));
			page_csrf_field(r);
			html_printf(o, "<button type=\"submit\" class=\"secondary\" aria-label=\"%s\">%s</button></form></li>",
				    arena_printf(r->pool, T(r, "Cancel the invitation of %s"), inv[i].email), T(r, "Cancel"));
		}
		html_raw(o, "</ul>");
	}
	if (!cx->c.archived) {
		html_printf(o, "<h2>%s</h2><p>%s</p>", T(r, "Invite someone"),
			    T(r, "An existing account is added at once; otherwise you get an invitation link to pass on."));
		html_printf(o, "<form method=\"post\" action=\"%s\" class=\"stack\" novalidate>", cp_url(r, cx, "/members"));
		page_csrf_field(r);
		cp_errors(r, p);
		cp_input(r, "email", T(r, "E-mail address"), "email", email, cp_error(r, p, "email"), true, NULL);
		const char *roles[] = {"participant", cp_role_label(r, "participant"), "facilitator",
				       cp_role_label(r, "facilitator"), NULL};
		cp_select(r, "role", T(r, "Role"), roles, "participant", cp_error(r, p, "role"));
		html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Invite"));
	}
	page_end(r);
}

/* GET /c/{slug}/members */
void page_members(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open(r, &cx))
		return;
	if (!cx.member && !cycle_can_facilitate(&cx)) {
		http_fail(r, r->user ? 403 : 401, T(r, "Only members of this cycle can see its members."));
		return;
	}
	members_page(r, &cx, NULL, "", NULL);
}

/* POST /c/{slug}/members */
void page_members_invite(http_req *r)
{
	cycle_ctx cx;
	if (!cp_open_facilitate(r, &cx))
		return;
	if (cx.c.archived) {
		http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
		return;
	}
	problems p;
	problems_init(&p, r->pool);
	const char *email = http_form(r, "email") ?: "";
	char token[64];
	cycle_rc rc = cycle_invite(r->db, r->pool, &cx, email, http_form(r, "role"), r->now, &p, token);
	if (rc == CYCLE_ERROR) {
		cp_fail(r);
		return;
	}
	if (rc != CYCLE_OK) {
		r->status = 422;
		members_page(r, &cx, &p, email, NULL);
		return;
	}
	if (!token[0]) {
		http_redirect(r, cp_url(r, &cx, "/members"), "member_added");
		return;
	}
	members_page(r, &cx, NULL, "", arena_printf(r->pool, "/invitations/%s", token));
}

/* POST /c/{slug}/members/{id} */
void page_members_role(http_req *r)
{
	cycle_ctx cx;
	int64_t id;
	if (!cp_open_steer(r, &cx))
		return;
	const char *role = http_form(r, "role");
	if (!text_parse_i64(r->param[1], &id) || !role ||
	    (strcmp(role, "facilitator") && strcmp(role, "participant"))) {
		http_fail(r, 400, T(r, "Choose a role."));
		return;
	}
	const char *held;
	store_rc rc = store_member_role(r->db, r->pool, cx.c.id, id, &held);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "This person is not a member of the cycle."));
		return;
	}
	if (rc != STORE_OK || store_member_set(r->db, cx.c.id, id, role, r->now) != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, "/members"), "saved");
}

/* POST /c/{slug}/members/{id}/remove */
void page_members_remove(http_req *r)
{
	cycle_ctx cx;
	int64_t id;
	if (!cp_open_steer(r, &cx))
		return;
	if (!text_parse_i64(r->param[1], &id)) {
		http_fail(r, 404, T(r, "This person is not a member of the cycle."));
		return;
	}
	store_rc rc = store_member_remove(r->db, cx.c.id, id);
	if (rc == STORE_NOTFOUND) {
		http_fail(r, 404, T(r, "This person is not a member of the cycle."));
		return;
	}
	if (rc != STORE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, cp_url(r, &cx, "/members"), "member_removed");
}

/* POST /c/{slug}/invitations/{id}/delete */
void page_invitation_delete(http_req *r)
{
	cycle_ctx cx;
	int64_t id;
	if (!cp_open_steer(r, &cx))
		return;
	if (!text_parse_i64(r->param[1], &id) || store_invitation_delete(r->db, cx.c.id, id) != STORE_OK) {
		http_fail(r, 404, T(r, "There is no such invitation."));
		return;
	}
	http_redirect(r, cp_url(r, &cx, "/members"), "saved");
}

/* GET /invitations/{token} */
void page_invitation(http_req *r)
{
	buf *o = &r->out;
	page_begin(r, T(r, "Invitation"));
	html_printf(o, "<h1>%s</h1>", T(r, "Invitation"));
	if (!r->user) {
		html_printf(o, "<p>%s</p><p><a class=\"button\" href=\"/login?next=%s\">%s</a></p>",
			    T(r, "You have been invited to take part in a cycle. Sign in to accept; "
				 "if you have no account yet, ask the facilitator who invited you to create one."),
			    text_urlencode(r->pool, r->path), T(r, "Sign in"));
	} else {
		html_printf(o, "<p>%s</p><form method=\"post\" action=\"%s\">", T(r, "You have been invited to take part in a cycle."),
			    r->path);
		page_csrf_field(r);
		html_printf(o, "<button type=\"submit\">%s</button></form>", T(r, "Accept the invitation"));
	}
	page_end(r);
}

/* POST /invitations/{token} */
void page_invitation_accept(http_req *r)
{
	const char *slug;
	cycle_rc rc = cycle_accept(r->db, r->pool, r->param[0], r->user, r->now, &slug);
	if (rc == CYCLE_NOTFOUND) {
		http_fail(r, 404, T(r, "This invitation is unknown, already used or expired."));
		return;
	}
	if (rc != CYCLE_OK) {
		cp_fail(r);
		return;
	}
	http_redirect(r, arena_printf(r->pool, "/c/%s", slug), "joined");
}
