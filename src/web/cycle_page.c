/* cycle_page.c — see cycle_page.h. */
#include "cycle_page.h"
#include "html.h"
#include "layout.h"

#include <string.h>
#include <time.h>

bool cp_open(http_req *r, cycle_ctx *cx)
{
	cycle_rc rc = cycle_open(r->db, r->pool, r->param[0], r->user, cx);
	if (rc == CYCLE_NOTFOUND) {
		http_fail(r, 404, T(r, "There is no such cycle, or it is open to its members only."));
		return false;
	}
	if (rc != CYCLE_OK) {
		cp_fail(r);
		return false;
	}
	return true;
}

bool cp_open_write(http_req *r, cycle_ctx *cx)
{
	if (!cp_open(r, cx))
		return false;
	if (!cycle_can_write(cx)) {
		http_fail(r, 403, cx->c.archived && cx->role >= CYCLE_PARTICIPANT
					  ? T(r, "This cycle is archived: it can be read, not changed.")
					  : T(r, "Only members of this cycle can do this."));
		return false;
	}
	return true;
}

bool cp_open_facilitate(http_req *r, cycle_ctx *cx)
{
	if (!cp_open(r, cx))
		return false;
	if (!cycle_can_facilitate(cx)) {
		http_fail(r, 403, T(r, "Only the facilitators of this cycle can do this."));
		return false;
	}
	return true;
}

bool cp_open_steer(http_req *r, cycle_ctx *cx)
{
	if (!cp_open_facilitate(r, cx))
		return false;
	if (cx->c.archived) {
		http_fail(r, 403, T(r, "This cycle is archived: it can be read, not changed."));
		return false;
	}
	return true;
}

void cp_fail(http_req *r)
{
	http_fail(r, 500, T(r, "Your data could not be read. Please try again."));
}

const char *cp_url(http_req *r, const cycle_ctx *cx, const char *suffix)
{
	return arena_printf(r->pool, "/c/%s%s", cx->c.slug, suffix ? suffix : "");
}

const char *cp_today(http_req *r)
{
	time_t t = (time_t)r->now;
	struct tm tm;
	gmtime_r(&t, &tm);
	char s[16];
	strftime(s, sizeof s, "%Y-%m-%d", &tm);
	return arena_strdup(r->pool, s);
}

static void nav_item(http_req *r, const cycle_ctx *cx, const char *key, const char *active,
		     const char *suffix, const char *label)
{
	const char *href = cp_url(r, cx, suffix);
	if (!strcmp(key, active))
		html_printf(&r->out, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>", href, label);
	else
		html_printf(&r->out, "<li><a href=\"%s\">%s</a></li>", href, label);
}

void cp_begin(http_req *r, const cycle_ctx *cx, const char *title, const char *active)
{
	buf *o = &r->out;
	page_begin(r, arena_printf(r->pool, "%s — %s", title, cx->c.title));
	html_printf(o, "<nav class=\"cycle\" aria-label=\"%s\"><p class=\"crumb\"><a href=\"/cycles\">%s</a> › "
		       "<a href=\"%s\">%s</a>%s</p><ul>",
		    T(r, "Cycle"), T(r, "Cycles"), cp_url(r, cx, NULL), cx->c.title,
		    cx->c.archived ? arena_printf(r->pool, " (%s)", T(r, "archived")) : "");
	nav_item(r, cx, "home", active, NULL, T(r, "Overview"));
	nav_item(r, cx, "library", active, "/library", T(r, "Library"));
	nav_item(r, cx, "scenarios", active, "/scenarios", T(r, "Scenarios"));
	nav_item(r, cx, "seminars", active, "/seminars", T(r, "Seminars"));
	nav_item(r, cx, "controversies", active, "/controversies", T(r, "Controversies"));
	nav_item(r, cx, "taxonomies", active, "/taxonomies", T(r, "Taxonomies"));
	nav_item(r, cx, "templates", active, "/templates", T(r, "Templates"));
	nav_item(r, cx, "search", active, "/search", T(r, "Search"));
	if (cx->member || cycle_can_facilitate(cx))
		nav_item(r, cx, "members", active, "/members", T(r, "Members"));
	if (cycle_can_facilitate(cx))
		nav_item(r, cx, "settings", active, "/settings", T(r, "Settings"));
	html_raw(o, "</ul></nav>");
}

static void field_open(http_req *r, const char *id, const char *label, const char *error,
		       const char *hint)
{
	buf *o = &r->out;
	html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", error ? " invalid" : "", id, label);
	if (hint)
		html_printf(o, "<p class=\"hint\" id=\"%s-hint\">%s</p>", id, hint);
	if (error)
		html_printf(o, "<p class=\"field-error\" id=\"%s-error\">%s</p>", id, error);
}

static void described_by(http_req *r, const char *id, const char *error, const char *hint)
{
	if (error)
		html_raw(&r->out, " aria-invalid=\"true\"");
	if (error || hint)
		html_printf(&r->out, " aria-describedby=\"%s%s%s\"", error ? arena_printf(r->pool, "%s-error", id) : "",
			    error && hint ? " " : "", hint ? arena_printf(r->pool, "%s-hint", id) : "");
}

void cp_textarea(http_req *r, const char *id, const char *label, const char *value,
		 const char *error, int rows, bool required, const char *hint)
{
	field_open(r, id, label, error, hint);
	html_printf(&r->out, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"", id, id, rows);
	if (required)
		html_raw(&r->out, " required");
	described_by(r, id, error, hint);
	html_printf(&r->out, ">%s</textarea></div>", value ? value : "");
}

void cp_input(http_req *r, const char *id, const char *label, const char *type, const char *value,
	      const char *error, bool required, const char *hint)
{
	field_open(r, id, label, error, hint);
	html_printf(&r->out, "<input id=\"%s\" name=\"%s\" type=\"%s\" value=\"%s\"", id, id, type,
		    value ? value : "");
	if (required)
		html_raw(&r->out, " required");
	described_by(r, id, error, hint);
	html_raw(&r->out, "></div>");
}

void cp_select(http_req *r, const char *id, const char *label, const char *const *options,
	       const char *selected, const char *error)
{
	field_open(r, id, label, error, NULL);
	html_printf(&r->out, "<select id=\"%s\" name=\"%s\"", id, id);
	described_by(r, id, error, NULL);
	html_raw(&r->out, ">");
	for (size_t i = 0; options[i]; i += 2)
		html_printf(&r->out, "<option value=\"%s\"%s>%s</option>", options[i],
			    selected && !strcmp(selected, options[i]) ? " selected" : "", options[i + 1]);
	html_raw(&r->out, "</select></div>");
}

const char *cp_error(http_req *r, const problems *p, const char *field)
{
	const problem *x = p ? problems_for(p, field) : NULL;
	return x ? page_problem_text(r, x) : NULL;
}

void cp_errors(http_req *r, const problems *p)
{
	if (!p || !p->n)
		return;
	buf *o = &r->out;
	html_printf(o, "<div class=\"form-errors\" role=\"alert\" tabindex=\"-1\" id=\"errors\"><p>%s</p><ul>",
		    arena_printf(r->pool, TN(r, "%zu problem to fix:", "%zu problems to fix:", p->n), p->n));
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].field[0])
			html_printf(o, "<li><a href=\"#%s\">%s</a></li>", p->v[i].field, page_problem_text(r, &p->v[i]));
		else
			html_printf(o, "<li>%s</li>", page_problem_text(r, &p->v[i]));
	}
	html_raw(o, "</ul></div>");
}

struct label { const char *code, *msgid; };

static const char *find_label(http_req *r, const struct label *t, const char *code)
{
	for (size_t i = 0; code && t[i].code; i++)
		if (!strcmp(t[i].code, code))
			return T(r, t[i].msgid);
	return code ? code : "";
}

const char *cp_status_label(http_req *r, const char *status)
{
	static const struct label t[] = {
		{"brouillon", N_("draft")}, {"candidat", N_("candidate")}, {"retenu", N_("retained")},
		{"non_retenu", N_("not retained")}, {"enrichi", N_("enriched")},
		{"consolide", N_("consolidated")}, {"publie", N_("published")}, {NULL, NULL}};
	return find_label(r, t, status);
}

const char *cp_kind_label(http_req *r, const char *kind)
{
	static const struct label t[] = {
		{"signe", N_("early sign")}, {"signal", N_("signal to watch")},
		{"reference", N_("reference")}, {"inspiration", N_("inspiration")},
		{"contre_modele", N_("counter-model")}, {"imaginaire", N_("imaginary")},
		{"question", N_("actor question")}, {"interview", N_("interview")}, {NULL, NULL}};
	return find_label(r, t, kind);
}

const char *cp_phase_label(http_req *r, const char *kind)
{
	static const struct label t[] = {
		{"explore", N_("Explore")}, {"imagine", N_("Imagine")}, {"select", N_("Select")},
		{"enrich", N_("Enrich")}, {"debate", N_("Debate")}, {"publish", N_("Publish")},
		{"act", N_("Act")}, {NULL, NULL}};
	return find_label(r, t, kind);
}

const char *cp_signal_label(http_req *r, const char *status)
{
	static const struct label t[] = {
		{"a_surveiller", N_("to watch")}, {"observe", N_("observed")},
		{"confirme", N_("confirmed")}, {"estompe", N_("faded")}, {NULL, NULL}};
	return find_label(r, t, status);
}

const char *cp_visibility_label(http_req *r, const char *v)
{
	static const struct label t[] = {
		{"public", N_("public")}, {"members", N_("members only")},
		{"unlisted", N_("unlisted (anyone with the link)")}, {NULL, NULL}};
	return find_label(r, t, v);
}

const char *cp_role_label(http_req *r, const char *role)
{
	static const struct label t[] = {
		{"facilitator", N_("facilitator")}, {"participant", N_("participant")}, {NULL, NULL}};
	return find_label(r, t, role);
}
