/* scenario_form.c — see scenario_form.h. */
#include "scenario_form.h"
#include "html.h"
#include "layout.h"
#include "../core/text.h"
#include "../domain/catalog.h"
#include "../domain/scenario.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SLOTS 200

static const char *sget(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

static long iget(const json_t *o, const char *k, long dflt)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

static const char *field(http_req *r, const char *fmt, const char *id, size_t i)
{
	return arena_printf(r->pool, fmt, id, i);
}

/* Every value posted under name (checkbox groups). */
static json_t *all_values(http_req *r, const char *name)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name) && r->fields[i].value[0])
			json_array_append_new(a, json_string(r->fields[i].value));
	return a;
}

/* A list of the non-blank inputs named prefix.0, prefix.1... */
static json_t *list_values(http_req *r, const char *prefix)
{
	json_t *a = json_array();
	for (size_t i = 0; i < MAX_SLOTS; i++) {
		const char *v = http_form(r, arena_printf(r->pool, "%s.%zu", prefix, i));
		if (!v)
			break;
		v = text_trim(r->pool, v);
		if (*v)
			json_array_append_new(a, json_string(v));
	}
	return a;
}

/* A year as an integer, or the string typed when it is not one. */
static json_t *year_value(http_req *r, const char *typed)
{
	const char *t = text_trim(r->pool, typed ? typed : "");
	int64_t y;
	if (text_parse_i64(t, &y))
		return json_integer(y);
	return json_string(t);
}

static void set_nonempty(json_t *out, const char *id, json_t *v)
{
	if ((json_is_array(v) && !json_array_size(v)) || (json_is_string(v) && !*json_string_value(v)))
		json_decref(v);
	else
		json_object_set_new(out, id, v);
}

json_t *sf_parse(http_req *r, const json_t *defs)
{
	json_t *out = json_object();
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = sget(d, "id");
		const char *name = arena_printf(r->pool, "s.%s", id);
		int type = tpl_type_from_name(sget(d, "type"));
		switch (type) {
		case TPL_TEXT: {
			const char *v = http_form(r, name);
			if (v)
				set_nonempty(out, id, json_string(text_trim(r->pool, v)));
			break;
		}
		case TPL_HORIZON: {
			const char *v = text_trim(r->pool, http_form(r, name) ?: "");
			if (*v)
				json_object_set_new(out, id, year_value(r, v));
			break;
		}
		case TPL_LIST:
			set_nonempty(out, id, list_values(r, name));
			break;
		case TPL_CHRONICLE: {
			json_t *a = json_array();
			for (size_t k = 0; k < MAX_SLOTS; k++) {
				const char *y = http_form(r, field(r, "s.%s.%zu.year", id, k));
				const char *t = http_form(r, field(r, "s.%s.%zu.text", id, k));
				if (!y && !t)
					break;
				y = text_trim(r->pool, y ? y : "");
				t = text_trim(r->pool, t ? t : "");
				if (*y || *t)
					json_array_append_new(a, json_pack("{soss}", "year", year_value(r, y), "text", t));
			}
			set_nonempty(out, id, a);
			break;
		}
		case TPL_PHASES: {
			json_t *a = json_array();
			bool any = false;
			long count = iget(d, "count", 3);
			for (long k = 0; k < count && k < 12; k++) {
				const char *t = text_trim(r->pool, http_form(r, field(r, "s.%s.%zu.title", id, (size_t)k)) ?: "");
				const char *x = text_trim(r->pool, http_form(r, field(r, "s.%s.%zu.text", id, (size_t)k)) ?: "");
				json_t *tags = all_values(r, field(r, "s.%s.%zu.tags", id, (size_t)k));
				any = any || *t || *x || json_array_size(tags);
				json_array_append_new(a, json_pack("{sssssO}", "title", t, "text", x, "tags", tags));
				json_decref(tags);
			}
			if (any)
				json_object_set_new(out, id, a);
			else
				json_decref(a);
			break;
		}
		case TPL_PROS_CONS: {
			json_t *pros = list_values(r, arena_printf(r->pool, "%s.pros", name));
			json_t *cons = list_values(r, arena_printf(r->pool, "%s.cons", name));
			if (json_array_size(pros) || json_array_size(cons))
				json_object_set_new(out, id, json_pack("{soso}", "pros", pros, "cons", cons));
			else {
				json_decref(pros);
				json_decref(cons);
			}
			break;
		}
		case TPL_GRID: {
			json_t *rows = json_object_get(d, "rows"), *cols = json_object_get(d, "columns");
			json_t *g = json_array();
			bool any = false;
			for (size_t ri = 0; ri < json_array_size(rows); ri++) {
				json_t *row = json_array();
				for (size_t ci = 0; ci < json_array_size(cols); ci++) {
					json_t *cell = json_array();
					const char *v = http_form(r, arena_printf(r->pool, "%s.%zu.%zu", name, ri, ci)) ?: "";
					const char *p = v;
					while (*p) {
						const char *nl = strchr(p, '\n');
						size_t len = nl ? (size_t)(nl - p) : strlen(p);
						const char *line = text_trim(r->pool, arena_strndup(r->pool, p, len));
						if (*line) {
							json_array_append_new(cell, json_string(line));
							any = true;
						}
						p += len + (nl ? 1 : 0);
					}
					json_array_append_new(row, cell);
				}
				json_array_append_new(g, row);
			}
			if (any)
				json_object_set_new(out, id, g);
			else
				json_decref(g);
			break;
		}
		case TPL_REFS:
			set_nonempty(out, id, list_values(r, name));
			break;
		case TPL_TAGS:
			set_nonempty(out, id, all_values(r, name));
			break;
		case TPL_ACTORS: {
			json_t *a = json_array();
			for (size_t k = 0; k < MAX_SLOTS; k++) {
				const char *c = http_form(r, field(r, "s.%s.%zu.category", id, k));
				const char *x = http_form(r, field(r, "s.%s.%zu.role", id, k));
				if (!c && !x)
					break;
				x = text_trim(r->pool, x ? x : "");
				if ((c && *c) || *x)
					json_array_append_new(a, json_pack("{ssss}", "category", c ? c : "", "role", x));
			}
			set_nonempty(out, id, a);
			break;
		}
		}
	}
	return out;
}

/* Terms of the cycle's taxonomy slug, as value/label pairs NULL-terminated
 * (the label "code — label"). */
static const char **term_options(http_req *r, const cycle_ctx *cx, const char *slug, size_t *n)
{
	store_taxonomy t;
	store_term *terms = NULL;
	*n = 0;
	if (!slug || store_taxonomy_get(r->db, r->pool, cx->c.id, slug, &t) != STORE_OK ||
	    store_term_list(r->db, r->pool, t.id, &terms, n) != STORE_OK)
		*n = 0;
	const char **o = arena_alloc(r->pool, (2 * *n + 1) * sizeof *o);
	for (size_t i = 0; i < *n; i++) {
		o[2 * i] = terms[i].code;
		o[2 * i + 1] = arena_printf(r->pool, "%s — %s", terms[i].code, terms[i].label);
	}
	o[2 * *n] = NULL;
	return o;
}

static bool has_value(const json_t *arr, const char *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (json_is_string(x) && !strcmp(json_string_value(x), v))
			return true;
	return false;
}

static void checkboxes(http_req *r, const char *name, const char **opts, const json_t *chosen)
{
	buf *o = &r->out;
	/* Labels wrap their box: no id per option keeps long lists light. */
	html_raw(o, "<ul class=\"checks\">");
	for (size_t i = 0; opts[i]; i += 2)
		html_printf(o, "<li><label><input type=\"checkbox\" name=\"%s\" value=\"%s\"%s> %s</label></li>",
			    name, opts[i], has_value(chosen, opts[i]) ? " checked" : "", opts[i + 1]);
	html_raw(o, "</ul>");
}

static const char *err_at(http_req *r, const problems *p, const char *name)
{
	const problem *x = p ? problems_for(p, name) : NULL;
	return x ? page_problem_text(r, x) : NULL;
}

/* One text input of a repeated group, with its error. */
static void slot_input(http_req *r, const char *name, const char *label, const char *type,
		       const char *value, const problems *p)
{
	cp_input(r, name, label, type, value, err_at(r, p, name), false, NULL);
}

static void add_button(http_req *r, const char *name, const char *label)
{
	html_printf(&r->out, "<p><button type=\"submit\" name=\"add\" value=\"%s\" class=\"secondary\" "
			     "data-add=\"%s\" formnovalidate>%s</button></p>",
		    name, name, label);
}

static void list_slots(http_req *r, const char *name, const char *label, const json_t *values,
		       size_t blanks, const problems *p)
{
	size_t n = json_array_size(values);
	html_printf(&r->out, "<div class=\"slots\" id=\"%s-slots\">", name);
	for (size_t k = 0; k < n + blanks && k < MAX_SLOTS; k++) {
		const char *v = k < n ? json_string_value(json_array_get(values, k)) : "";
		slot_input(r, arena_printf(r->pool, "%s.%zu", name, k),
			   arena_printf(r->pool, "%s %zu", label, k + 1), "text", v ? v : "", p);
	}
	html_raw(&r->out, "</div>");
	add_button(r, name, T(r, "Add an item"));
}

void sf_fields(http_req *r, const cycle_ctx *cx, const json_t *defs, const json_t *content,
	       const problems *p, const char *add)
{
	buf *o = &r->out;
	size_t i;
	json_t *d;
	json_array_foreach(defs, i, d) {
		const char *id = sget(d, "id");
		const char *name = arena_printf(r->pool, "s.%s", id);
		const char *label = sget(d, "label");
		const char *help = sget(d, "help");
		bool required = json_is_true(json_object_get(d, "required"));
		int type = tpl_type_from_name(sget(d, "type"));
		json_t *v = json_object_get(content, id);
		size_t blanks = add && !strcmp(add, name) ? 2 : 1;
		const char *full = required ? arena_printf(r->pool, "%s (%s)", label, T(r, "required")) : label;
		const problem *sec = p ? problems_for(p, name) : NULL;
		if (type == TPL_TEXT) {
			cp_textarea(r, name, full, json_string_value(v), sec ? page_problem_text(r, sec) : NULL, 6,
				    false, *help ? help : NULL);
			continue;
		}
		if (type == TPL_HORIZON) {
			const char *val = json_is_integer(v) ? arena_printf(r->pool, "%lld", (long long)json_integer_value(v))
							     : json_string_value(v);
			cp_input(r, name, full, "text", val, sec ? page_problem_text(r, sec) : NULL, false,
				 *help ? help : NULL);
			continue;
		}
		html_printf(o, "<fieldset class=\"section%s\" id=\"%s\"><legend>%s</legend>", sec ? " invalid" : "",
			    name, full);
		if (*help)
			html_printf(o, "<p class=\"hint\">%s</p>", help);
		if (sec)
			html_printf(o, "<p class=\"field-error\" role=\"alert\">%s</p>", page_problem_text(r, sec));
		switch (type) {
		case TPL_LIST:
			list_slots(r, name, T(r, "Item"), v, blanks, p);
			break;
		case TPL_CHRONICLE: {
			size_t n = json_array_size(v);
			html_printf(o, "<div class=\"slots\" id=\"%s-slots\">", name);
			for (size_t k = 0; k < n + blanks && k < MAX_SLOTS; k++) {
				json_t *e = json_array_get(v, k);
				json_t *yv = json_object_get(e, "year");
				const char *y = json_is_integer(yv) ? arena_printf(r->pool, "%lld", (long long)json_integer_value(yv))
								   : json_string_value(yv);
				html_printf(o, "<div class=\"row\">");
				slot_input(r, field(r, "s.%s.%zu.year", id, k), arena_printf(r->pool, T(r, "Year %zu"), k + 1),
					   "text", y ? y : "", p);
				slot_input(r, field(r, "s.%s.%zu.text", id, k), arena_printf(r->pool, T(r, "Event %zu"), k + 1),
					   "text", sget(e, "text"), p);
				html_raw(o, "</div>");
			}
			html_raw(o, "</div>");
			add_button(r, name, T(r, "Add a date"));
			break;
		}
		case TPL_PHASES: {
			long count = iget(d, "count", 3);
			size_t nopt;
			const char **opts = term_options(r, cx, json_string_value(json_object_get(d, "taxonomy")), &nopt);
			for (long k = 0; k < count && k < 12; k++) {
				json_t *e = json_array_get(v, (size_t)k);
				html_printf(o, "<fieldset class=\"phase\"><legend>%s</legend>",
					    arena_printf(r->pool, T(r, "Phase %ld"), k + 1));
				slot_input(r, field(r, "s.%s.%zu.title", id, (size_t)k), T(r, "Title"), "text",
					   sget(e, "title"), p);
				const char *tn = field(r, "s.%s.%zu.text", id, (size_t)k);
				cp_textarea(r, tn, T(r, "Text"), sget(e, "text"), err_at(r, p, tn), 4, false, NULL);
				if (nopt) {
					const char *gn = field(r, "s.%s.%zu.tags", id, (size_t)k);
					html_printf(o, "<fieldset class=\"tags\"><legend>%s</legend>", T(r, "Tags"));
					const problem *te = p ? problems_under(p, gn) : NULL;
					if (te)
						html_printf(o, "<p class=\"field-error\">%s</p>", page_problem_text(r, te));
					checkboxes(r, gn, opts, json_object_get(e, "tags"));
					html_raw(o, "</fieldset>");
				}
				html_raw(o, "</fieldset>");
			}
			break;
		}
		case TPL_PROS_CONS: {
			const char *pl = json_string_value(json_object_get(d, "pros_label"));
			const char *cl = json_string_value(json_object_get(d, "cons_label"));
			html_printf(o, "<h3>%s</h3>", pl ? pl : T(r, "For"));
			list_slots(r, arena_printf(r->pool, "%s.pros", name), T(r, "Argument"),
				   json_object_get(v, "pros"), add && !strcmp(add, arena_printf(r->pool, "%s.pros", name)) ? 2 : 1, p);
			html_printf(o, "<h3>%s</h3>", cl ? cl : T(r, "Against"));
			list_slots(r, arena_printf(r->pool, "%s.cons", name), T(r, "Argument"),
				   json_object_get(v, "cons"), add && !strcmp(add, arena_printf(r->pool, "%s.cons", name)) ? 2 : 1, p);
			break;
		}
		case TPL_GRID: {
			json_t *rows = json_object_get(d, "rows"), *cols = json_object_get(d, "columns");
			html_printf(o, "<p class=\"hint\">%s</p>", T(r, "One item per line in each cell."));
			for (size_t ri = 0; ri < json_array_size(rows); ri++)
				for (size_t ci = 0; ci < json_array_size(cols); ci++) {
					json_t *cell = json_array_get(json_array_get(v, ri), ci);
					const char *lines = "";
					size_t k;
					json_t *x;
					json_array_foreach(cell, k, x)
						lines = arena_printf(r->pool, "%s%s%s", lines, k ? "\n" : "",
								     json_string_value(x) ?: "");
					const char *cn = arena_printf(r->pool, "%s.%zu.%zu", name, ri, ci);
					const problem *ce = p ? problems_under(p, cn) : NULL;
					cp_textarea(r, cn, arena_printf(r->pool, "%s — %s",
									json_string_value(json_array_get(rows, ri)) ?: "",
									json_string_value(json_array_get(cols, ci)) ?: ""),
						    lines, ce ? page_problem_text(r, ce) : NULL, 3, false, NULL);
				}
			break;
		}
		case TPL_REFS: {
			/* References are typed (or picked from the suggestions of
			 * one shared list of the library) rather than offered as a
			 * box per item: a library holds hundreds. */
			size_t n = json_array_size(v);
			if (n) {
				html_printf(o, "<p>%s</p><ul>", T(r, "Linked now:"));
				for (size_t k = 0; k < n; k++) {
					const char *uid = json_string_value(json_array_get(v, k));
					store_item it;
					if (uid && store_item_get(r->db, r->pool, cx->c.id, uid, &it) == STORE_OK)
						html_printf(o, "<li>%s — %s</li>", uid, it.title);
				}
				html_raw(o, "</ul>");
			}
			html_printf(o, "<p class=\"hint\">%s</p>",
				    T(r, "Give the identifier of a library item; suggestions appear as you type its title."));
			html_printf(o, "<div class=\"slots\" id=\"%s-slots\">", name);
			for (size_t k = 0; k < n + blanks && k < MAX_SLOTS; k++) {
				const char *fn = arena_printf(r->pool, "%s.%zu", name, k);
				const char *err = err_at(r, p, fn);
				html_printf(o, "<div class=\"field%s\"><label for=\"%s\">%s</label>", err ? " invalid" : "", fn,
					    arena_printf(r->pool, T(r, "Reference %zu"), k + 1));
				if (err)
					html_printf(o, "<p class=\"field-error\" id=\"%s-error\">%s</p>", fn, err);
				html_printf(o, "<input id=\"%s\" name=\"%s\" type=\"text\" list=\"library-items\" value=\"%s\"",
					    fn, fn, k < n ? json_string_value(json_array_get(v, k)) ?: "" : "");
				if (err)
					html_printf(o, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", fn);
				html_raw(o, "></div>");
			}
			html_raw(o, "</div>");
			add_button(r, name, T(r, "Add a reference"));
			break;
		}
		case TPL_TAGS: {
			size_t nopt;
			const char **opts = term_options(r, cx, json_string_value(json_object_get(d, "taxonomy")), &nopt);
			checkboxes(r, name, opts, v);
			break;
		}
		case TPL_ACTORS: {
			size_t nopt, n = json_array_size(v);
			const char **terms = term_options(r, cx, json_string_value(json_object_get(d, "taxonomy")), &nopt);
			const char **opts = arena_alloc(r->pool, (2 * nopt + 3) * sizeof *opts);
			opts[0] = "";
			opts[1] = T(r, "(choose)");
			memcpy(opts + 2, terms, (2 * nopt + 1) * sizeof *opts);
			html_printf(o, "<div class=\"slots\" id=\"%s-slots\">", name);
			for (size_t k = 0; k < n + blanks && k < MAX_SLOTS; k++) {
				json_t *e = json_array_get(v, k);
				html_raw(o, "<div class=\"row\">");
				const char *cn = field(r, "s.%s.%zu.category", id, k);
				if (nopt)
					cp_select(r, cn, arena_printf(r->pool, T(r, "Actor %zu"), k + 1), opts,
						  sget(e, "category"), err_at(r, p, cn));
				else
					slot_input(r, cn, arena_printf(r->pool, T(r, "Actor %zu"), k + 1), "text",
						   sget(e, "category"), p);
				slot_input(r, field(r, "s.%s.%zu.role", id, k), arena_printf(r->pool, T(r, "Role %zu"), k + 1),
					   "text", sget(e, "role"), p);
				html_raw(o, "</div>");
			}
			html_raw(o, "</div>");
			add_button(r, name, T(r, "Add an actor"));
			break;
		}
		}
		html_raw(o, "</fieldset>");
	}
	bool refs = false;
	json_array_foreach(defs, i, d)
		refs = refs || tpl_type_from_name(sget(d, "type")) == TPL_REFS;
	if (refs) {
		store_item *items;
		size_t n;
		int64_t total;
		store_item_filter f = {.limit = 2000};
		if (store_item_list(r->db, r->pool, cx->c.id, &f, &items, &n, &total) != STORE_OK)
			n = 0;
		html_raw(o, "<datalist id=\"library-items\">");
		for (size_t k = 0; k < n; k++)
			html_printf(o, "<option value=\"%s\">%s</option>", items[k].uid, items[k].title);
		html_raw(o, "</datalist>");
	}
}

/* The terms of the taxonomies a page shows, each read once: a scenario
 * tags every phase, and a query per tag would be one per label. */
typedef struct labels {
	struct {
		const char *tax;
		store_term *terms;
		size_t n;
	} v[8];
	size_t n;
} labels;

/* code's label in taxonomy tax (the code itself when none). */
static const char *term_label(http_req *r, const cycle_ctx *cx, labels *lb, const char *tax, const char *code)
{
	if (!tax || !code)
		return code ? code : "";
	size_t k = 0;
	while (k < lb->n && strcmp(lb->v[k].tax, tax))
		k++;
	if (k == lb->n) {
		if (k == sizeof lb->v / sizeof lb->v[0])
			k = 0; /* more taxonomies than slots: reuse the first */
		else
			lb->n++;
		store_taxonomy t;
		lb->v[k].tax = tax;
		lb->v[k].terms = NULL;
		lb->v[k].n = 0;
		if (store_taxonomy_get(r->db, r->pool, cx->c.id, tax, &t) != STORE_OK ||
		    store_term_list(r->db, r->pool, t.id, &lb->v[k].terms, &lb->v[k].n) != STORE_OK)
			lb->v[k].n = 0;
	}
	for (size_t i = 0; i < lb->v[k].n; i++)
		if (!strcmp(lb->v[k].terms[i].code, code))
			return lb->v[k].terms[i].label;
	return code;
}

static void show_tags(http_req *r, const cycle_ctx *cx, labels *lb, const char *tax, const json_t *codes)
{
	buf *o = &r->out;
	size_t i;
	json_t *x;
	html_raw(o, "<ul class=\"tags\">");
	json_array_foreach(codes, i, x) {
		const char *code = json_string_value(x);
		if (!code)
			continue;
		html_printf(o, "<li><a class=\"tag\" href=\"%s\">%s</a></li>",
			    cp_url(r, cx, arena_printf(r->pool, "/taxonomies/%s?term=%s", tax ? tax : "",
						       text_urlencode(r->pool, code))),
			    arena_printf(r->pool, "%s %s", code, term_label(r, cx, lb, tax, code)));
	}
	html_raw(o, "</ul>");
}

static void show_strings(http_req *r, const json_t *arr)
{
	size_t i;
	json_t *x;
	html_raw(&r->out, "<ul>");
	json_array_foreach(arr, i, x)
		html_printf(&r->out, "<li>%s</li>", json_string_value(x) ?: "");
	html_raw(&r->out, "</ul>");
}

static void heading(http_req *r, int h, const char *text)
{
	html_printf(&r->out, "<h%d>%s</h%d>", h, text, h);
}

void sf_show(http_req *r, const cycle_ctx *cx, const json_t *defs, const json_t *content, int h)
{
	labels lb = {.n = 0};
	buf *o = &r->out;
	size_t i, k;
	json_t *d, *x;
	json_array_foreach(defs, i, d) {
		const char *id = sget(d, "id");
		int type = tpl_type_from_name(sget(d, "type"));
		json_t *v = json_object_get(content, id);
		if (!v || (type >= 0 && tpl_value_empty((tpl_type)type, v)))
			continue;
		const char *tax = json_string_value(json_object_get(d, "taxonomy"));
		html_printf(o, "<section class=\"sec sec-%s\" id=\"sec-%s\">", sget(d, "type"), id);
		heading(r, h, sget(d, "label"));
		switch (type) {
		case TPL_TEXT:
			html_raw(o, "<div class=\"prose\">");
			html_markdown(o, json_string_value(v));
			html_raw(o, "</div>");
			break;
		case TPL_HORIZON:
			html_printf(o, "<p class=\"horizon\">%lld</p>", (long long)json_integer_value(v));
			break;
		case TPL_LIST:
			show_strings(r, v);
			break;
		case TPL_CHRONICLE:
			html_raw(o, "<dl class=\"chronicle\">");
			json_array_foreach(v, k, x)
				html_printf(o, "<dt>%lld</dt><dd>%s</dd>", (long long)json_integer_value(json_object_get(x, "year")),
					    sget(x, "text"));
			html_raw(o, "</dl>");
			break;
		case TPL_PHASES:
			html_raw(o, "<ol class=\"phases\">");
			json_array_foreach(v, k, x) {
				html_printf(o, "<li><h%d>%s</h%d>", h + 1, sget(x, "title"), h + 1);
				html_raw(o, "<div class=\"prose\">");
				html_markdown(o, sget(x, "text"));
				html_raw(o, "</div>");
				show_tags(r, cx, &lb, tax, json_object_get(x, "tags"));
				html_raw(o, "</li>");
			}
			html_raw(o, "</ol>");
			break;
		case TPL_PROS_CONS: {
			const char *pl = json_string_value(json_object_get(d, "pros_label"));
			const char *cl = json_string_value(json_object_get(d, "cons_label"));
			html_raw(o, "<div class=\"pros-cons\"><div>");
			heading(r, h + 1, pl ? pl : T(r, "For"));
			show_strings(r, json_object_get(v, "pros"));
			html_raw(o, "</div><div>");
			heading(r, h + 1, cl ? cl : T(r, "Against"));
			show_strings(r, json_object_get(v, "cons"));
			html_raw(o, "</div></div>");
			break;
		}
		case TPL_GRID: {
			json_t *rows = json_object_get(d, "rows"), *cols = json_object_get(d, "columns");
			html_printf(o, "<div class=\"scroll\"><table class=\"grid\"><caption>%s</caption><thead><tr><td></td>",
				    sget(d, "label"));
			json_array_foreach(cols, k, x)
				html_printf(o, "<th scope=\"col\">%s</th>", json_string_value(x) ?: "");
			html_raw(o, "</tr></thead><tbody>");
			for (size_t ri = 0; ri < json_array_size(rows); ri++) {
				html_printf(o, "<tr><th scope=\"row\">%s</th>", json_string_value(json_array_get(rows, ri)) ?: "");
				for (size_t ci = 0; ci < json_array_size(cols); ci++) {
					html_raw(o, "<td>");
					json_t *cell = json_array_get(json_array_get(v, ri), ci);
					if (json_array_size(cell))
						show_strings(r, cell);
					html_raw(o, "</td>");
				}
				html_raw(o, "</tr>");
			}
			html_raw(o, "</tbody></table></div>");
			break;
		}
		case TPL_REFS:
			html_raw(o, "<ul>");
			json_array_foreach(v, k, x) {
				store_item it;
				const char *uid = json_string_value(x);
				if (uid && store_item_get(r->db, r->pool, cx->c.id, uid, &it) == STORE_OK)
					html_printf(o, "<li><a href=\"%s\">%s</a> <span class=\"hint\">%s</span></li>",
						    cp_url(r, cx, arena_printf(r->pool, "/library/%s", uid)), it.title,
						    cp_kind_label(r, it.kind));
			}
			html_raw(o, "</ul>");
			break;
		case TPL_TAGS:
			show_tags(r, cx, &lb, tax, v);
			break;
		case TPL_ACTORS:
			html_raw(o, "<ul>");
			json_array_foreach(v, k, x)
				html_printf(o, "<li><strong>%s</strong> — %s</li>",
					    term_label(r, cx, &lb, tax, sget(x, "category")), sget(x, "role"));
			html_raw(o, "</ul>");
			break;
		}
		html_raw(o, "</section>");
	}
}

void sf_show_removed(http_req *r, const json_t *defs, const json_t *content)
{
	buf *o = &r->out;
	const char *key;
	json_t *v;
	bool any = false;
	json_object_foreach((json_t *)content, key, v) {
		bool known = false;
		size_t i;
		json_t *d;
		json_array_foreach(defs, i, d)
			if (!strcmp(sget(d, "id"), key))
				known = true;
		if (known)
			continue;
		if (!any) {
			html_printf(o, "<section class=\"removed\" aria-labelledby=\"removed-h\"><h2 id=\"removed-h\">%s</h2><p>%s</p>",
				    T(r, "Removed sections"),
				    T(r, "The template no longer has these sections; what was written in them is kept."));
			any = true;
		}
		char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		html_printf(o, "<h3>%s</h3><pre>%s</pre>", key, text ? text : "");
		free(text);
	}
	if (any)
		html_raw(o, "</section>");
}
