/*
 * bundle.c — a whole cycle as one JSON file (docs/formats.md, "Cycle
 * bundle").
 *
 * Export writes the keys in the order of the format and every array in a
 * stable order (phases, taxonomies, terms and templates by position,
 * members by role then e-mail, library items and scenarios in creation
 * order, observations by date with undated ones last, revisions oldest
 * first), the same whatever the backend, so that export,
 * import into an empty instance and export again give the same bytes.
 *
 * Import checks and writes in one pass inside the caller's transaction and
 * stops at the first offending value, naming it by its JSON path
 * ("$.scenarios[3].sections.chronique[0].year") with an English msgid.
 * The caller rolls back on any failure, so a bad bundle imports nothing.
 *
 * Not for: deciding who may export or import a cycle (the CLI, web and API
 * layers do), nor reading or writing files.
 */
#include "bundle.h"
#include "account.h"
#include "catalog.h"
#include "cycle.h"
#include "library.h"
#include "scenario.h"
#include "../core/i18n.h"
#include "../core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Largest bundle accepted by bundle_import. */
#define BUNDLE_MAX_BYTES ((size_t)64 << 20)

/* ---- timestamps ---- */

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 32 bytes). */
static void format_time(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, n, "1970-01-01T00:00:00Z");
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" exactly (a real calendar instant, years
 * 1900 to 9999); false on anything else. */
static bool parse_time(const char *s, int64_t *out)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	if (!s || strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	}
	struct tm tm = {0};
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = atoi(s + 11);
	tm.tm_min = atoi(s + 14);
	tm.tm_sec = atoi(s + 17);
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 59)
		return false;
	time_t t = timegm(&tm);
	char back[32];
	format_time((int64_t)t, back, sizeof back);
	if (strcmp(back, s) != 0) /* 2026-02-30 and the like */
		return false;
	*out = (int64_t)t;
	return true;
}

/* ---- export ---- */

typedef struct exporter {
	store *s;
	arena *a;
	json_t *emails;		/* user id (decimal text) -> e-mail or null */
	bool failed;
} exporter;

static json_t *jstr(const char *s)
{
	json_t *v = json_string(s ? s : "");
	/* The store only holds text checked as UTF-8; should a row slip
	 * through, the key stays in place rather than vanish. */
	return v ? v : json_string("");
}

static json_t *jstr_or_null(const char *s)
{
	return s && *s ? jstr(s) : json_null();
}

static json_t *jtime(int64_t t)
{
	char b[32];
	format_time(t, b, sizeof b);
	return json_string(b);
}

/* Stored JSON text (template sections, content, tags) as a value; marks
 * the export failed when the text is not JSON. */
static json_t *jparse(exporter *ex, const char *text, const char *fallback)
{
	json_t *v = json_loads(text && *text ? text : fallback, JSON_DECODE_ANY, NULL);
	if (!v) {
		ex->failed = true;
		return json_loads(fallback, JSON_DECODE_ANY, NULL);
	}
	return v;
}

/* The e-mail of a user id, null when 0 or the account is gone. */
static json_t *jemail(exporter *ex, int64_t id)
{
	if (!id)
		return json_null();
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	json_t *v = json_object_get(ex->emails, key);
	if (!v) {
		store_user u;
		store_rc r = store_user_by_id(ex->s, ex->a, id, &u);
		if (r == STORE_OK)
			v = jstr(u.email);
		else if (r == STORE_NOTFOUND)
			v = json_null();
		else {
			ex->failed = true;
			return json_null();
		}
		json_object_set_new(ex->emails, key, v);
	}
	return json_incref(v);
}

static int member_cmp(const void *x, const void *y)
{
	const store_member *a = x, *b = y;
	int c = strcmp(a->role, b->role);
	return c ? c : strcmp(a->email, b->email);
}

static int item_cmp(const void *x, const void *y)
{
	const store_item *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Observations by date, undated ones last, then in the order recorded: the
 * same on both backends (they sort NULL differently). */
static int observation_cmp(const void *x, const void *y)
{
	const store_observation *a = x, *b = y;
	const char *da = a->observed_on && *a->observed_on ? a->observed_on : NULL;
	const char *db = b->observed_on && *b->observed_on ? b->observed_on : NULL;
	if (da && db) {
		int c = strcmp(da, db);
		if (c)
			return c;
	} else if (da || db) {
		return da ? -1 : 1;
	}
	return a->id < b->id ? -1 : a->id > b->id;
}

static json_t *export_cycle(const store_cycle *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "slug", jstr(c->slug));
	json_object_set_new(o, "title", jstr(c->title));
	json_object_set_new(o, "question", jstr(c->question));
	json_object_set_new(o, "description", jstr(c->description));
	json_object_set_new(o, "horizon", c->horizon ? json_integer(c->horizon) : json_null());
	json_object_set_new(o, "visibility", jstr(c->visibility));
	json_object_set_new(o, "archived", json_boolean(c->archived));
	json_object_set_new(o, "created_at", jtime(c->created_at));
	json_object_set_new(o, "updated_at", jtime(c->updated_at));
	return o;
}

static json_t *export_phases(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_phase *ph;
	size_t n;
	if (store_phase_list(ex->s, ex->a, cycle_id, &ph, &n) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", jstr(ph[i].name));
		json_object_set_new(o, "kind", jstr(ph[i].kind));
		json_object_set_new(o, "starts_on", jstr_or_null(ph[i].starts_on));
		json_object_set_new(o, "ends_on", jstr_or_null(ph[i].ends_on));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_members(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_member *m;
	size_t n;
	if (store_member_list(ex->s, ex->a, cycle_id, &m, &n) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	if (n > 1)
		qsort(m, n, sizeof *m, member_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "email", jstr(m[i].email));
		json_object_set_new(o, "name", jstr(m[i].name));
		json_object_set_new(o, "role", jstr(m[i].role));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_taxonomies(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_taxonomy *t;
	size_t n;
	if (store_taxonomy_list(ex->s, ex->a, cycle_id, &t, &n) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "slug", jstr(t[i].slug));
		json_object_set_new(o, "name", jstr(t[i].name));
		json_object_set_new(o, "description", jstr(t[i].description));
		json_t *terms = json_array();
		store_term *tm;
		size_t nt;
		if (store_term_list(ex->s, ex->a, t[i].id, &tm, &nt) != STORE_OK) {
			ex->failed = true;
			nt = 0;
		}
		for (size_t k = 0; k < nt; k++) {
			json_t *to = json_object();
			json_object_set_new(to, "code", jstr(tm[k].code));
			json_object_set_new(to, "label", jstr(tm[k].label));
			json_object_set_new(to, "definition", jstr(tm[k].definition));
			json_object_set_new(to, "hashtags", jparse(ex, tm[k].hashtags, "[]"));
			json_object_set_new(to, "examples", jparse(ex, tm[k].examples, "[]"));
			json_array_append_new(terms, to);
		}
		json_object_set_new(o, "terms", terms);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_templates(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_template *t;
	size_t n;
	if (store_template_list(ex->s, ex->a, cycle_id, &t, &n) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "slug", jstr(t[i].slug));
		json_object_set_new(o, "name", jstr(t[i].name));
		json_object_set_new(o, "description", jstr(t[i].description));
		json_object_set_new(o, "sections", jparse(ex, t[i].sections, "[]"));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_library(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_item *it;
	size_t n;
	int64_t total;
	if (store_item_list(ex->s, ex->a, cycle_id, NULL, &it, &n, &total) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	if (n > 1)
		qsort(it, n, sizeof *it, item_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "uid", jstr(it[i].uid));
		json_object_set_new(o, "kind", jstr(it[i].kind));
		json_object_set_new(o, "title", jstr(it[i].title));
		json_object_set_new(o, "source", jstr(it[i].source));
		json_object_set_new(o, "url", jstr(it[i].url));
		json_object_set_new(o, "date", jstr_or_null(it[i].date));
		json_object_set_new(o, "summary", jstr(it[i].summary));
		json_object_set_new(o, "tags", jparse(ex, it[i].tags, "[]"));
		json_object_set_new(o, "status", jstr(it[i].status));
		json_object_set_new(o, "speaker_type", jstr(it[i].speaker_type));
		json_object_set_new(o, "problem_category", jstr(it[i].problem_category));
		json_object_set_new(o, "created_by", jemail(ex, it[i].created_by));
		json_object_set_new(o, "created_at", jtime(it[i].created_at));
		json_object_set_new(o, "updated_at", jtime(it[i].updated_at));
		json_t *obs = json_array();
		store_observation *ob;
		size_t no;
		if (store_observation_list(ex->s, ex->a, it[i].id, &ob, &no) != STORE_OK) {
			ex->failed = true;
			no = 0;
		}
		if (no > 1)
			qsort(ob, no, sizeof *ob, observation_cmp);
		for (size_t k = 0; k < no; k++) {
			json_t *oo = json_object();
			json_object_set_new(oo, "date", jstr_or_null(ob[k].observed_on));
			json_object_set_new(oo, "status", jstr(ob[k].status));
			json_object_set_new(oo, "note", jstr(ob[k].note));
			json_array_append_new(obs, oo);
		}
		json_object_set_new(o, "observations", obs);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *export_scenarios(exporter *ex, int64_t cycle_id)
{
	json_t *arr = json_array();
	store_scenario *sc;
	size_t n;
	if (store_scenario_list(ex->s, ex->a, cycle_id, NULL, &sc, &n) != STORE_OK) {
		ex->failed = true;
		return arr;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "uid", jstr(sc[i].uid));
		json_object_set_new(o, "template", jstr(sc[i].template_slug));
		json_object_set_new(o, "title", jstr(sc[i].title));
		json_object_set_new(o, "summary", jstr(sc[i].summary));
		json_object_set_new(o, "status", jstr(sc[i].status));
		json_object_set_new(o, "parent", jstr_or_null(sc[i].parent_uid));
		json_object_set_new(o, "opening", json_boolean(sc[i].opening));
		json_t *authors = json_array();
		store_member *au;
		size_t na;
		if (store_author_list(ex->s, ex->a, sc[i].id, &au, &na) != STORE_OK) {
			ex->failed = true;
			na = 0;
		}
		for (size_t k = 0; k < na; k++)
			json_array_append_new(authors, jstr(au[k].email));
		json_object_set_new(o, "authors", authors);
		json_object_set_new(o, "created_at", jtime(sc[i].created_at));
		json_object_set_new(o, "updated_at", jtime(sc[i].updated_at));
		json_object_set_new(o, "sections", jparse(ex, sc[i].sections, "{}"));
		json_t *revs = json_array();
		store_revision *rv;
		size_t nr;
		if (store_revision_list(ex->s, ex->a, sc[i].id, false, &rv, &nr) != STORE_OK) {
			ex->failed = true;
			nr = 0;
		}
		for (size_t k = nr; k-- > 0;) { /* the store lists newest first */
			json_t *ro = json_object();
			json_object_set_new(ro, "number", json_integer(rv[k].number));
			json_object_set_new(ro, "title", jstr(rv[k].title));
			json_object_set_new(ro, "summary", jstr(rv[k].summary));
			json_object_set_new(ro, "status", jstr(rv[k].status));
			json_object_set_new(ro, "sections", jparse(ex, rv[k].sections, "{}"));
			json_object_set_new(ro, "author",
					    rv[k].author_email ? jstr(rv[k].author_email) : json_null());
			json_object_set_new(ro, "note", jstr(rv[k].note));
			json_object_set_new(ro, "created_at", jtime(rv[k].created_at));
			json_array_append_new(revs, ro);
		}
		json_object_set_new(o, "revisions", revs);
		json_array_append_new(arr, o);
	}
	return arr;
}

int bundle_export(store *s, arena *a, int64_t cycle_id, buf *out)
{
	store_cycle c;
	if (store_cycle_by_id(s, a, cycle_id, &c) != STORE_OK)
		return -1;
	exporter ex = {s, a, json_object(), false};
	json_t *root = json_object();
	json_object_set_new(root, "format", json_string(BUNDLE_FORMAT));
	json_object_set_new(root, "version", json_integer(BUNDLE_VERSION));
	json_object_set_new(root, "cycle", export_cycle(&c));
	json_object_set_new(root, "phases", export_phases(&ex, cycle_id));
	json_object_set_new(root, "members", export_members(&ex, cycle_id));
	json_object_set_new(root, "taxonomies", export_taxonomies(&ex, cycle_id));
	json_object_set_new(root, "templates", export_templates(&ex, cycle_id));
	json_object_set_new(root, "library", export_library(&ex, cycle_id));
	json_object_set_new(root, "scenarios", export_scenarios(&ex, cycle_id));
	int rc = -1;
	if (!ex.failed) {
		/* Objects keep the order of insertion (and of parsing, for
		 * stored content): never sort keys. */
		char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (text) {
			buf_puts(out, text);
			buf_putc(out, '\n');
			free(text);
			rc = 0;
		}
	}
	json_decref(root);
	json_decref(ex.emails);
	return rc;
}

/* ---- import: paths, messages and field readers ---- */

typedef struct importer {
	store *s;
	arena *a;
	int64_t now, cycle_id;
	const char *path, *msgid, *detail;	/* the first problem */
	json_t *users;		/* e-mail -> user id */
	json_t *names;		/* e-mail -> name given under members */
	json_t *terms;		/* "taxonomy:code" -> true, every term of the cycle */
	json_t *items;		/* library uid -> true */
	json_t *scenarios;	/* scenario uid -> scenario id */
	json_t *templates;	/* template slug -> {"id", "def": {"sections"}} */
} importer;

/* Records the offending value (path as printf) and its msgid; returns -1. */
static int bad(importer *im, const char *msgid, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(importer *im, const char *msgid, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	im->path = arena_vprintf(im->a, fmt, ap);
	va_end(ap);
	im->msgid = msgid;
	return -1;
}

/* Records a database failure; returns -2. */
static int dberr(importer *im)
{
	im->path = "$";
	im->msgid = N_("the database failed");
	im->detail = arena_strdup(im->a, store_errmsg(im->s));
	return -2;
}

/* The path of member key of the value at base: "base.key", or
 * base["key"] when the key is not a plain word. */
static const char *kp(importer *im, const char *base, const char *key)
{
	bool plain = *key != 0;
	for (const char *p = key; *p && plain; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
	if (plain)
		return arena_printf(im->a, "%s.%s", base, key);
	json_t *k = json_string(key);
	char *q = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
	const char *r = arena_printf(im->a, "%s[%s]", base, q ? q : "\"?\"");
	free(q);
	json_decref(k);
	return r;
}

/* Refuses the first key of obj that is not in allowed (NULL-terminated). */
static int only_keys(importer *im, const json_t *obj, const char *base, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		bool ok = false;
		for (size_t i = 0; allowed[i] && !ok; i++)
			ok = !strcmp(allowed[i], key);
		if (!ok)
			return bad(im, N_("unknown key"), "%s", kp(im, base, key));
	}
	return 0;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

enum {
	F_OPT = 0,		/* absent is "" (or NULL with F_NULL) */
	F_REQ = 1,		/* must be present */
	F_NONEMPTY = 2,		/* must not be blank */
	F_NULL = 4,		/* null accepted, read as NULL */
};

/* A string member; *out is "" or NULL (F_NULL) when absent. */
static int get_str(importer *im, const json_t *obj, const char *base, const char *key, int flags,
		   const char **out)
{
	json_t *v = json_object_get(obj, key);
	*out = (flags & F_NULL) ? NULL : "";
	if (!v) {
		if (flags & F_REQ)
			return bad(im, N_("this key is required"), "%s", kp(im, base, key));
		return 0;
	}
	if (json_is_null(v) && (flags & F_NULL))
		return 0;
	if (!json_is_string(v))
		return bad(im, (flags & F_NULL) ? N_("expected a string or null") : N_("expected a string"),
			   "%s", kp(im, base, key));
	*out = json_string_value(v);
	if ((flags & F_NONEMPTY) && blank(*out))
		return bad(im, N_("expected a non-empty string"), "%s", kp(im, base, key));
	return 0;
}

static int get_bool(importer *im, const json_t *obj, const char *base, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);
	*out = false;
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return bad(im, N_("expected true or false"), "%s", kp(im, base, key));
	*out = json_is_true(v);
	return 0;
}

/* A timestamp member; dflt when absent. */
static int get_time(importer *im, const json_t *obj, const char *base, const char *key, int64_t dflt,
		    int64_t *out)
{
	json_t *v = json_object_get(obj, key);
	*out = dflt;
	if (!v)
		return 0;
	if (!json_is_string(v) || !parse_time(json_string_value(v), out))
		return bad(im, N_("expected a UTC date and time such as 2026-11-22T09:30:00Z"), "%s",
			   kp(im, base, key));
	return 0;
}

/* An optional array member; *out NULL when absent. */
static int get_array(importer *im, const json_t *obj, const char *base, const char *key,
		     json_t **out)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return bad(im, N_("expected an array"), "%s", kp(im, base, key));
	*out = v;
	return 0;
}

/* A date member (null or absent: NULL) that ok() accepts. */
static int get_date(importer *im, const json_t *obj, const char *base, const char *key,
		    bool (*ok)(const char *), const char *msgid, const char **out)
{
	if (get_str(im, obj, base, key, F_NULL, out) < 0)
		return -1;
	if (*out && !ok(*out))
		return bad(im, msgid, "%s", kp(im, base, key));
	return 0;
}

/* A uid of a library item or scenario: 1 to 40 of [A-Za-z0-9_-]. */
static bool uid_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The message of a template problem (definition or content). */
static const char *tpl_msgid(const tpl_error *e)
{
	switch (e->code) {
	case TPL_TYPE:
		if (!strcmp(e->want, "string"))
			return N_("expected a string");
		if (!strcmp(e->want, "integer"))
			return N_("expected an integer");
		if (!strcmp(e->want, "array"))
			return N_("expected an array");
		if (!strcmp(e->want, "object"))
			return N_("expected an object");
		if (!strcmp(e->want, "boolean"))
			return N_("expected true or false");
		return N_("wrong type of value");
	case TPL_REQUIRED: return N_("this section is required");
	case TPL_TOO_FEW: return N_("too few items");
	case TPL_TOO_MANY: return N_("too many items");
	case TPL_EXACT: return N_("not the number of items the template asks for");
	case TPL_TOO_LONG: return N_("text too long");
	case TPL_YEAR_RANGE: return N_("year out of the template's range");
	case TPL_EMPTY_ITEM: return N_("empty item");
	case TPL_UNKNOWN_TERM: return N_("unknown term code");
	case TPL_UNKNOWN_REF: return N_("unknown library item");
	case TPL_BAD_UTF8: return N_("invalid UTF-8");
	case TPL_GRID_SHAPE: return N_("the grid does not have the template's rows and columns");
	case TPL_DEF_ID: return N_("missing or malformed section id");
	case TPL_DEF_DUPLICATE: return N_("section id used twice");
	case TPL_DEF_TYPE: return N_("unknown section type");
	case TPL_DEF_LABEL: return N_("missing or malformed label");
	case TPL_DEF_CONSTRAINT: return N_("malformed constraint");
	case TPL_DEF_TAXONOMY: return N_("missing or unknown taxonomy");
	default: return N_("invalid value");
	}
}

/* ---- import: people ---- */

/* Checks and normalises (trimmed, lower case) an e-mail at path. */
static int email_at(importer *im, const char *raw, const char *path, const char **out)
{
	const char *e = text_lower(im->a, text_trim(im->a, raw));
	const char *msg = account_check_email(e);
	if (msg)
		return bad(im, msg, "%s", path);
	*out = e;
	return 0;
}

/* The id of the account of a normalised e-mail, created without a password
 * (named name, or the part before @) when the instance does not know it. */
static int user_for(importer *im, const char *email, const char *name, int64_t *id)
{
	json_t *v = json_object_get(im->users, email);
	if (v) {
		*id = (int64_t)json_integer_value(v);
		return 0;
	}
	store_user u;
	store_rc r = store_user_by_email(im->s, im->a, email, &u);
	if (r == STORE_OK) {
		*id = u.id;
	} else if (r == STORE_NOTFOUND) {
		if (!name || !*name) {
			json_t *given = json_object_get(im->names, email);
			name = given ? json_string_value(given)
				     : arena_strndup(im->a, email, strcspn(email, "@"));
		}
		if (store_user_create(im->s, email, name, "", false, im->now, id) != STORE_OK)
			return dberr(im);
	} else {
		return dberr(im);
	}
	json_object_set_new(im->users, email, json_integer(*id));
	return 0;
}

/* A person named by e-mail or null (*id 0) at path. */
static int person_at(importer *im, const json_t *v, const char *path, int64_t *id)
{
	*id = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(im, N_("expected an e-mail address or null"), "%s", path);
	const char *email;
	if (email_at(im, json_string_value(v), path, &email) < 0)
		return -1;
	return user_for(im, email, NULL, id);
}

/* ---- import: the parts of a bundle ---- */

static int import_cycle(importer *im, const json_t *root, const char *slug)
{
	static const char *const keys[] = {"slug", "title", "question", "description", "horizon",
					   "visibility", "archived", "created_at", "updated_at", NULL};
	json_t *o = json_object_get(root, "cycle");
	if (!o)
		return bad(im, N_("this key is required"), "$.cycle");
	if (!json_is_object(o))
		return bad(im, N_("expected an object"), "$.cycle");
	if (only_keys(im, o, "$.cycle", keys) < 0)
		return -1;
	store_cycle c = {0};
	const char *base = "$.cycle";
	if (get_str(im, o, base, "slug", F_REQ, &c.slug) < 0)
		return -1;
	if (slug)
		c.slug = slug;
	if (!cycle_slug_ok(c.slug))
		return bad(im, N_("expected a slug of lower-case letters, digits, - or _"), "$.cycle.slug");
	if (get_str(im, o, base, "title", F_REQ | F_NONEMPTY, &c.title) < 0 ||
	    get_str(im, o, base, "question", F_OPT, &c.question) < 0 ||
	    get_str(im, o, base, "description", F_OPT, &c.description) < 0)
		return -1;
	json_t *h = json_object_get(o, "horizon");
	if (h && !json_is_null(h)) {
		if (!json_is_integer(h))
			return bad(im, N_("expected an integer or null"), "$.cycle.horizon");
		c.horizon = (int64_t)json_integer_value(h);
		if (c.horizon < 1900 || c.horizon > 2300)
			return bad(im, N_("expected a year between 1900 and 2300"), "$.cycle.horizon");
	}
	if (get_str(im, o, base, "visibility", F_OPT, &c.visibility) < 0)
		return -1;
	if (!json_object_get(o, "visibility"))
		c.visibility = "members";
	if (strcmp(c.visibility, "public") && strcmp(c.visibility, "members") &&
	    strcmp(c.visibility, "unlisted"))
		return bad(im, N_("expected public, members or unlisted"), "$.cycle.visibility");
	if (get_bool(im, o, base, "archived", &c.archived) < 0 ||
	    get_time(im, o, base, "created_at", im->now, &c.created_at) < 0 ||
	    get_time(im, o, base, "updated_at", c.created_at, &c.updated_at) < 0)
		return -1;
	/* The domain's own rules (lengths...), as the web form applies them. */
	problems p;
	problems_init(&p, im->a);
	cycle_check(&c, &p);
	if (p.n)
		return bad(im, p.v[0].msgid ? p.v[0].msgid : N_("invalid value"), "%s",
			   kp(im, base, p.v[0].field));
	store_cycle old;
	store_rc r = store_cycle_by_slug(im->s, im->a, c.slug, &old);
	if (r == STORE_OK)
		return bad(im, N_("a cycle with this slug already exists"), "$.cycle.slug");
	if (r != STORE_NOTFOUND)
		return dberr(im);
	r = store_cycle_create(im->s, &c, &im->cycle_id);
	if (r == STORE_EXISTS)
		return bad(im, N_("a cycle with this slug already exists"), "$.cycle.slug");
	return r == STORE_OK ? 0 : dberr(im);
}

static int import_phases(importer *im, const json_t *arr)
{
	static const char *const keys[] = {"name", "kind", "starts_on", "ends_on", NULL};
	size_t n = arr ? json_array_size(arr) : 0;
	if (n > 40) /* as the web form and the API */
		return bad(im, N_("A cycle has at most 40 phases."), "$.phases");
	store_phase *ph = arena_zalloc(im->a, (n + 1) * sizeof *ph);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		const char *base = arena_printf(im->a, "$.phases[%zu]", i);
		if (!json_is_object(o))
			return bad(im, N_("expected an object"), "%s", base);
		if (only_keys(im, o, base, keys) < 0 ||
		    get_str(im, o, base, "name", F_REQ | F_NONEMPTY, &ph[i].name) < 0)
			return -1;
		if (text_utf8_len(ph[i].name) > 200)
			return bad(im, N_("Keep this under 200 characters."), "%s.name", base);
		if (get_str(im, o, base, "kind", F_REQ, &ph[i].kind) < 0)
			return -1;
		if (!cycle_phase_kind_ok(ph[i].kind))
			return bad(im, N_("unknown phase kind"), "%s.kind", base);
		if (get_date(im, o, base, "starts_on", cycle_date_ok, N_("expected a date YYYY-MM-DD or null"),
			     &ph[i].starts_on) < 0 ||
		    get_date(im, o, base, "ends_on", cycle_date_ok, N_("expected a date YYYY-MM-DD or null"),
			     &ph[i].ends_on) < 0)
			return -1;
		if (ph[i].starts_on && ph[i].ends_on && strcmp(ph[i].ends_on, ph[i].starts_on) < 0)
			return bad(im, N_("The end comes before the start."), "%s.ends_on", base);
	}
	if (store_phase_replace(im->s, im->cycle_id, ph, n) != STORE_OK)
		return dberr(im);
	return 0;
}

static int import_members(importer *im, const json_t *arr)
{
	static const char *const keys[] = {"email", "name", "role", NULL};
	size_t n = arr ? json_array_size(arr) : 0;
	json_t *seen = json_object();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *o = json_array_get(arr, i);
		const char *base = arena_printf(im->a, "$.members[%zu]", i);
		const char *raw, *email, *name, *role, *msg;
		int64_t uid;
		if (!json_is_object(o)) {
			rc = bad(im, N_("expected an object"), "%s", base);
		} else if (only_keys(im, o, base, keys) < 0 ||
			   get_str(im, o, base, "email", F_REQ, &raw) < 0 ||
			   email_at(im, raw, arena_printf(im->a, "%s.email", base), &email) < 0) {
			rc = -1;
		} else if (json_object_get(seen, email)) {
			rc = bad(im, N_("this e-mail address is listed twice"), "%s.email", base);
		} else if (get_str(im, o, base, "name", F_OPT, &name) < 0) {
			rc = -1;
		} else if (*name && (msg = account_check_name(name))) {
			rc = bad(im, msg, "%s.name", base);
		} else if (get_str(im, o, base, "role", F_REQ, &role) < 0) {
			rc = -1;
		} else if (strcmp(role, "facilitator") && strcmp(role, "participant")) {
			rc = bad(im, N_("expected facilitator or participant"), "%s.role", base);
		} else {
			json_object_set_new(seen, email, json_true());
			if (*name)
				json_object_set_new(im->names, email, json_string(name));
			if ((rc = user_for(im, email, name, &uid)) == 0 &&
			    store_member_set(im->s, im->cycle_id, uid, role, im->now) != STORE_OK)
				rc = dberr(im);
		}
	}
	json_decref(seen);
	return rc;
}

/* A taxonomy's or template's own keys; terms are checked one level down. */
static int check_catalog_keys(importer *im, const json_t *o, const char *base, bool taxonomy)
{
	static const char *const tax_keys[] = {"slug", "name", "description", "terms", NULL};
	static const char *const term_keys[] = {"code", "label", "definition", "hashtags",
						"examples", NULL};
	static const char *const tpl_keys[] = {"slug", "name", "description", "sections", NULL};
	if (only_keys(im, o, base, taxonomy ? tax_keys : tpl_keys) < 0)
		return -1;
	json_t *terms = json_object_get(o, "terms");
	if (!taxonomy || !json_is_array(terms))
		return 0;
	size_t i;
	json_t *t;
	json_array_foreach(terms, i, t) {
		if (json_is_object(t) &&
		    only_keys(im, t, arena_printf(im->a, "%s.terms[%zu]", base, i), term_keys) < 0)
			return -1;
	}
	return 0;
}

/* Installs $.taxonomies (taxonomy true) or $.templates. */
static int import_catalog(importer *im, const json_t *arr, bool taxonomy)
{
	static const char *const builtin_keys[] = {"builtin", NULL};
	const char *what = taxonomy ? "taxonomies" : "templates";
	size_t n = arr ? json_array_size(arr) : 0;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i), *owned = NULL;
		const char *base = arena_printf(im->a, "$.%s[%zu]", what, i);
		if (!json_is_object(o))
			return bad(im, N_("expected an object"), "%s", base);
		json_t *b = json_object_get(o, "builtin");
		if (b) {
			if (only_keys(im, o, base, builtin_keys) < 0)
				return -1;
			if (!json_is_string(b))
				return bad(im, N_("expected a string"), "%s.builtin", base);
			owned = taxonomy ? catalog_builtin_taxonomy(json_string_value(b))
					 : catalog_builtin_template(json_string_value(b));
			if (!owned)
				return bad(im, taxonomy ? N_("unknown built-in taxonomy")
							: N_("unknown built-in template"),
					   "%s.builtin", base);
		} else if (check_catalog_keys(im, o, base, taxonomy) < 0) {
			return -1;
		}
		const char *path = "", *msgid = NULL;
		tpl_error terr;
		memset(&terr, 0, sizeof terr);
		int rc = taxonomy
			? catalog_install_taxonomy(im->s, im->a, im->cycle_id, owned ? owned : o, &path, &msgid)
			: catalog_install_template(im->s, im->a, im->cycle_id, owned ? owned : o, &path,
						   &msgid, &terr);
		json_decref(owned);
		if (rc == -2)
			return dberr(im);
		if (rc < 0) {
			if (!msgid)
				msgid = tpl_msgid(&terr);
			/* A built-in is named by its slug only: that is the value
			 * to blame (a duplicate, a missing taxonomy...). */
			if (b)
				return bad(im, msgid, "%s.builtin", base);
			return bad(im, msgid, "%s%s", base, path ? path : "");
		}
	}
	return 0;
}

/* Remembers every term of the cycle as "taxonomy:code". */
static int load_terms(importer *im)
{
	store_taxonomy *t;
	size_t n;
	if (store_taxonomy_list(im->s, im->a, im->cycle_id, &t, &n) != STORE_OK)
		return dberr(im);
	for (size_t i = 0; i < n; i++) {
		store_term *tm;
		size_t nt;
		if (store_term_list(im->s, im->a, t[i].id, &tm, &nt) != STORE_OK)
			return dberr(im);
		for (size_t k = 0; k < nt; k++)
			json_object_set_new(im->terms, arena_printf(im->a, "%s:%s", t[i].slug, tm[k].code),
					    json_true());
	}
	return 0;
}

/* Remembers every template of the cycle with its definition. */
static int load_templates(importer *im)
{
	store_template *t;
	size_t n;
	if (store_template_list(im->s, im->a, im->cycle_id, &t, &n) != STORE_OK)
		return dberr(im);
	for (size_t i = 0; i < n; i++) {
		json_t *sections = catalog_sections(&t[i]);
		if (!sections)
			sections = json_array();
		json_object_set_new(im->templates, t[i].slug,
				    json_pack("{s:I, s:s, s:{s:o}}", "id", (json_int_t)t[i].id, "slug",
					      t[i].slug, "def", "sections", sections));
	}
	return 0;
}

static bool term_known(void *ctx, const char *taxonomy, const char *code)
{
	importer *im = ctx;
	char key[256];
	int k = snprintf(key, sizeof key, "%s:%s", taxonomy, code);
	return k > 0 && (size_t)k < sizeof key && json_object_get(im->terms, key) != NULL;
}

static bool ref_known(void *ctx, const char *uid)
{
	importer *im = ctx;
	return json_object_get(im->items, uid) != NULL;
}

static int import_observations(importer *im, const json_t *arr, const char *base, int64_t item_id)
{
	static const char *const keys[] = {"date", "status", "note", NULL};
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		const char *p = arena_printf(im->a, "%s.observations[%zu]", base, i);
		store_observation ob = {.item_id = item_id, .created_at = im->now};
		if (!json_is_object(o))
			return bad(im, N_("expected an object"), "%s", p);
		if (only_keys(im, o, p, keys) < 0 ||
		    get_date(im, o, p, "date", cycle_date_ok, N_("expected a date YYYY-MM-DD or null"),
			     &ob.observed_on) < 0 ||
		    get_str(im, o, p, "status", F_OPT, &ob.status) < 0)
			return -1;
		if (*ob.status && !library_status_ok(ob.status))
			return bad(im, N_("unknown signal status"), "%s.status", p);
		if (get_str(im, o, p, "note", F_OPT, &ob.note) < 0)
			return -1;
		if (store_observation_add(im->s, &ob, NULL) != STORE_OK)
			return dberr(im);
	}
	return 0;
}

static int import_item(importer *im, const json_t *o, size_t i)
{
	static const char *const keys[] = {"uid", "kind", "title", "source", "url", "date", "summary",
					   "tags", "status", "speaker_type", "problem_category",
					   "created_by", "created_at", "updated_at", "observations",
					   NULL};
	const char *base = arena_printf(im->a, "$.library[%zu]", i);
	if (!json_is_object(o))
		return bad(im, N_("expected an object"), "%s", base);
	if (only_keys(im, o, base, keys) < 0)
		return -1;
	store_item it = {.cycle_id = im->cycle_id};
	if (get_str(im, o, base, "uid", F_REQ, &it.uid) < 0)
		return -1;
	if (!uid_ok(it.uid))
		return bad(im, N_("expected a uid of 1 to 40 letters, digits, - or _"), "%s.uid", base);
	if (json_object_get(im->items, it.uid))
		return bad(im, N_("duplicate uid"), "%s.uid", base);
	if (get_str(im, o, base, "kind", F_REQ, &it.kind) < 0)
		return -1;
	if (!library_kind_ok(it.kind))
		return bad(im, N_("unknown library kind"), "%s.kind", base);
	if (get_str(im, o, base, "title", F_REQ | F_NONEMPTY, &it.title) < 0 ||
	    get_str(im, o, base, "source", F_OPT, &it.source) < 0 ||
	    get_str(im, o, base, "url", F_OPT, &it.url) < 0 ||
	    get_date(im, o, base, "date", library_date_ok,
		     N_("expected a date YYYY, YYYY-MM or YYYY-MM-DD, or null"), &it.date) < 0 ||
	    get_str(im, o, base, "summary", F_OPT, &it.summary) < 0)
		return -1;
	json_t *tags;
	if (get_array(im, o, base, "tags", &tags) < 0)
		return -1;
	size_t k;
	json_t *t;
	json_array_foreach(tags, k, t) {
		if (!json_is_string(t))
			return bad(im, N_("expected a string"), "%s.tags[%zu]", base, k);
		const char *v = json_string_value(t);
		if (!strchr(v, ':') || !json_object_get(im->terms, v))
			return bad(im, N_("unknown taxonomy term (expected taxonomy:code)"), "%s.tags[%zu]",
				   base, k);
	}
	char *tags_text = tags ? json_dumps(tags, JSON_COMPACT) : NULL;
	it.tags = arena_strdup(im->a, tags_text ? tags_text : "[]");
	free(tags_text);
	if (get_str(im, o, base, "status", F_OPT, &it.status) < 0)
		return -1;
	if (*it.status && !library_status_ok(it.status))
		return bad(im, N_("unknown signal status"), "%s.status", base);
	if (get_str(im, o, base, "speaker_type", F_OPT, &it.speaker_type) < 0 ||
	    get_str(im, o, base, "problem_category", F_OPT, &it.problem_category) < 0)
		return -1;
	int rc = person_at(im, json_object_get(o, "created_by"),
			   arena_printf(im->a, "%s.created_by", base), &it.created_by);
	if (rc < 0)
		return rc;
	json_t *obs;
	if (get_time(im, o, base, "created_at", im->now, &it.created_at) < 0 ||
	    get_time(im, o, base, "updated_at", it.created_at, &it.updated_at) < 0 ||
	    get_array(im, o, base, "observations", &obs) < 0)
		return -1;
	/* The domain's own rules (lengths, address...), as the web form
	 * applies them; fields are named as the JSON keys. */
	problems p;
	problems_init(&p, im->a);
	library_check(im->s, &it, &p);
	if (p.n)
		return bad(im, p.v[0].msgid ? p.v[0].msgid : N_("invalid value"), "%s",
			   kp(im, base, p.v[0].field));
	store_rc r = store_item_create(im->s, &it, &it.id);
	if (r == STORE_EXISTS)
		return bad(im, N_("duplicate uid"), "%s.uid", base);
	if (r != STORE_OK)
		return dberr(im);
	json_object_set_new(im->items, it.uid, json_true());
	if (obs && (rc = import_observations(im, obs, base, it.id)) < 0)
		return rc;
	if (!library_reindex(im->s, im->a, &it))
		return dberr(im);
	return 0;
}

/* Validates content against the template definition def; the first
 * problem is reported under base (".sections" or a revision's). */
static int check_content(importer *im, const json_t *def, const json_t *content, const char *base,
			 bool opening)
{
	if (!json_is_object(content))
		return bad(im, N_("expected an object"), "%s", base);
	tpl_lookup lk = {term_known, ref_known, im};
	tpl_error errs[64], err;
	memset(&err, 0, sizeof err);
	size_t n = tpl_validate(def, content, &lk, errs, 64), k;
	/* A draft or an opening may leave required sections empty, as in
	 * scenario_save. */
	for (k = 0; k < n && k < 64; k++)
		if (!(opening && errs[k].code == TPL_REQUIRED))
			break;
	if (k == n || k == 64)
		return 0;
	err = errs[k];
	if (!err.path[0])
		return bad(im, tpl_msgid(&err), "%s", base);
	return bad(im, tpl_msgid(&err), "%s.%s", base, err.path);
}

static int import_revisions(importer *im, const json_t *arr, const char *base, int64_t scenario_id)
{
	static const char *const keys[] = {"number", "title", "summary", "status", "sections",
					   "author", "note", "created_at", NULL};
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		const char *p = arena_printf(im->a, "%s.revisions[%zu]", base, i);
		store_revision rv = {.scenario_id = scenario_id};
		if (!json_is_object(o))
			return bad(im, N_("expected an object"), "%s", p);
		if (only_keys(im, o, p, keys) < 0)
			return -1;
		json_t *num = json_object_get(o, "number");
		if (!num)
			return bad(im, N_("this key is required"), "%s.number", p);
		if (!json_is_integer(num))
			return bad(im, N_("expected an integer"), "%s.number", p);
		if (json_integer_value(num) != (json_int_t)(i + 1))
			return bad(im, N_("revisions are numbered 1, 2, 3… in order"), "%s.number", p);
		rv.number = (int64_t)(i + 1);
		if (get_str(im, o, p, "title", F_REQ | F_NONEMPTY, &rv.title) < 0 ||
		    get_str(im, o, p, "summary", F_OPT, &rv.summary) < 0 ||
		    get_str(im, o, p, "status", F_REQ, &rv.status) < 0)
			return -1;
		if (!scenario_status_ok(rv.status))
			return bad(im, N_("unknown scenario status"), "%s.status", p);
		/* A past revision was valid against the template of its day,
		 * which may since have changed: only its shape is checked. */
		json_t *sections = json_object_get(o, "sections");
		if (!sections)
			return bad(im, N_("this key is required"), "%s.sections", p);
		if (!json_is_object(sections))
			return bad(im, N_("expected an object"), "%s.sections", p);
		char *text = json_dumps(sections, JSON_COMPACT | JSON_PRESERVE_ORDER);
		rv.sections = arena_strdup(im->a, text ? text : "{}");
		free(text);
		int rc = person_at(im, json_object_get(o, "author"), arena_printf(im->a, "%s.author", p),
				   &rv.author_id);
		if (rc < 0)
			return rc;
		if (get_str(im, o, p, "note", F_OPT, &rv.note) < 0 ||
		    get_time(im, o, p, "created_at", im->now, &rv.created_at) < 0)
			return -1;
		if (store_revision_add(im->s, &rv, NULL) != STORE_OK)
			return dberr(im);
	}
	return 0;
}

static int import_scenario(importer *im, const json_t *o, size_t i)
{
	static const char *const keys[] = {"uid", "template", "title", "summary", "status", "parent",
					   "opening", "authors", "created_at", "updated_at",
					   "sections", "revisions", NULL};
	const char *base = arena_printf(im->a, "$.scenarios[%zu]", i);
	if (!json_is_object(o))
		return bad(im, N_("expected an object"), "%s", base);
	if (only_keys(im, o, base, keys) < 0)
		return -1;
	store_scenario sc = {.cycle_id = im->cycle_id};
	if (get_str(im, o, base, "uid", F_REQ, &sc.uid) < 0)
		return -1;
	if (!uid_ok(sc.uid))
		return bad(im, N_("expected a uid of 1 to 40 letters, digits, - or _"), "%s.uid", base);
	if (json_object_get(im->scenarios, sc.uid))
		return bad(im, N_("duplicate uid"), "%s.uid", base);
	const char *tslug;
	if (get_str(im, o, base, "template", F_REQ, &tslug) < 0)
		return -1;
	json_t *tpl = json_object_get(im->templates, tslug);
	if (!tpl)
		return bad(im, N_("unknown template"), "%s.template", base);
	sc.template_id = (int64_t)json_integer_value(json_object_get(tpl, "id"));
	sc.template_slug = json_string_value(json_object_get(tpl, "slug"));
	if (get_str(im, o, base, "title", F_REQ | F_NONEMPTY, &sc.title) < 0)
		return -1;
	if (text_utf8_len(sc.title) > 200)
		return bad(im, N_("Keep the title under 200 characters."), "%s.title", base);
	if (get_str(im, o, base, "summary", F_OPT, &sc.summary) < 0)
		return -1;
	if (text_utf8_len(sc.summary) > 2000)
		return bad(im, N_("Keep the summary under 2000 characters."), "%s.summary", base);
	if (get_str(im, o, base, "status", F_OPT, &sc.status) < 0)
		return -1;
	if (!json_object_get(o, "status"))
		sc.status = "brouillon";
	if (!scenario_status_ok(sc.status))
		return bad(im, N_("unknown scenario status"), "%s.status", base);
	json_t *parent = json_object_get(o, "parent");
	if (parent && !json_is_null(parent) && !json_is_string(parent))
		return bad(im, N_("expected a uid or null"), "%s.parent", base);
	if (get_bool(im, o, base, "opening", &sc.opening) < 0)
		return -1;
	json_t *authors;
	if (get_array(im, o, base, "authors", &authors) < 0)
		return -1;
	size_t na = authors ? json_array_size(authors) : 0;
	int64_t *author_ids = arena_zalloc(im->a, (na + 1) * sizeof *author_ids);
	for (size_t k = 0; k < na; k++) {
		int rc = person_at(im, json_array_get(authors, k),
				   arena_printf(im->a, "%s.authors[%zu]", base, k), &author_ids[k]);
		if (rc < 0)
			return rc;
		if (!sc.created_by)
			sc.created_by = author_ids[k];
	}
	if (get_time(im, o, base, "created_at", im->now, &sc.created_at) < 0 ||
	    get_time(im, o, base, "updated_at", sc.created_at, &sc.updated_at) < 0)
		return -1;
	json_t *sections = json_object_get(o, "sections");
	const char *spath = arena_printf(im->a, "%s.sections", base);
	if (!sections)
		return bad(im, N_("this key is required"), "%s", spath);
	int rc = check_content(im, json_object_get(tpl, "def"), sections, spath,
			       sc.opening || !strcmp(sc.status, "brouillon"));
	if (rc < 0)
		return rc;
	char *text = json_dumps(sections, JSON_COMPACT | JSON_PRESERVE_ORDER);
	sc.sections = arena_strdup(im->a, text ? text : "{}");
	free(text);
	json_t *revs = json_object_get(o, "revisions");
	if (revs && !json_is_array(revs))
		return bad(im, N_("expected an array"), "%s.revisions", base);
	/* Without revisions the current content becomes revision 1. */
	sc.revision = revs ? (int64_t)json_array_size(revs) : 1;
	store_rc r = store_scenario_create(im->s, &sc, &sc.id);
	if (r == STORE_EXISTS)
		return bad(im, N_("duplicate uid"), "%s.uid", base);
	if (r != STORE_OK)
		return dberr(im);
	json_object_set_new(im->scenarios, sc.uid, json_integer(sc.id));
	for (size_t k = 0; k < na; k++)
		if (author_ids[k] && store_author_add(im->s, sc.id, author_ids[k]) != STORE_OK)
			return dberr(im);
	if (revs) {
		if ((rc = import_revisions(im, revs, base, sc.id)) < 0)
			return rc;
	} else {
		store_revision rv = {.scenario_id = sc.id, .number = 1, .title = sc.title,
				     .summary = sc.summary, .status = sc.status,
				     .sections = sc.sections, .author_id = sc.created_by,
				     .note = "", .created_at = sc.updated_at};
		if (store_revision_add(im->s, &rv, NULL) != STORE_OK)
			return dberr(im);
	}
	if (!scenario_reindex(im->s, im->a, &sc))
		return dberr(im);
	return 0;
}

/* Second pass over the scenarios: parents, now that every uid is known,
 * so that a fork may come before the scenario it continues. */
static int link_parents(importer *im, const json_t *arr)
{
	size_t n = arr ? json_array_size(arr) : 0;
	/* parent index of each scenario, n when none */
	size_t *up = arena_alloc(im->a, (n + 1) * sizeof *up);
	json_t *index = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(index, json_string_value(json_object_get(json_array_get(arr, i), "uid")),
				    json_integer((json_int_t)i));
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *p = json_object_get(json_array_get(arr, i), "parent");
		up[i] = n;
		if (!json_is_string(p))
			continue;
		const char *puid = json_string_value(p);
		json_t *pi = json_object_get(index, puid);
		if (!pi)
			rc = bad(im, N_("unknown parent scenario"), "$.scenarios[%zu].parent", i);
		else if ((size_t)json_integer_value(pi) == i)
			rc = bad(im, N_("a scenario cannot be its own parent"), "$.scenarios[%zu].parent", i);
		else
			up[i] = (size_t)json_integer_value(pi);
	}
	/* A chain of parents longer than n goes round in a loop. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t at = i, steps = 0;
		while (at != n && steps <= n) {
			at = up[at];
			steps++;
		}
		if (at != n)
			rc = bad(im, N_("the parents of this scenario form a loop"), "$.scenarios[%zu].parent", i);
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (up[i] == n)
			continue;
		json_t *o = json_array_get(arr, i), *po = json_array_get(arr, up[i]);
		int64_t id = (int64_t)json_integer_value(
			json_object_get(im->scenarios, json_string_value(json_object_get(o, "uid"))));
		int64_t pid = (int64_t)json_integer_value(
			json_object_get(im->scenarios, json_string_value(json_object_get(po, "uid"))));
		if (store_scenario_set_parent(im->s, id, pid) != STORE_OK)
			rc = dberr(im);
	}
	json_decref(index);
	return rc;
}

static int import_all(importer *im, const json_t *root, const char *slug)
{
	static const char *const keys[] = {"format", "version", "cycle", "phases", "members",
					   "taxonomies", "templates", "library", "scenarios", NULL};
	if (!json_is_object(root))
		return bad(im, N_("expected an object"), "$");
	if (only_keys(im, root, "$", keys) < 0)
		return -1;
	json_t *format = json_object_get(root, "format");
	if (!format)
		return bad(im, N_("this key is required"), "$.format");
	if (!json_is_string(format) || strcmp(json_string_value(format), BUNDLE_FORMAT))
		return bad(im, N_("not a fabrique bundle"), "$.format");
	json_t *version = json_object_get(root, "version");
	if (!version)
		return bad(im, N_("this key is required"), "$.version");
	if (!json_is_integer(version))
		return bad(im, N_("expected an integer"), "$.version");
	if (json_integer_value(version) != BUNDLE_VERSION)
		return bad(im, N_("unsupported bundle version"), "$.version");
	json_t *phases, *members, *taxonomies, *templates, *library, *scenarios;
	if (get_array(im, root, "$", "phases", &phases) < 0 ||
	    get_array(im, root, "$", "members", &members) < 0 ||
	    get_array(im, root, "$", "taxonomies", &taxonomies) < 0 ||
	    get_array(im, root, "$", "templates", &templates) < 0 ||
	    get_array(im, root, "$", "library", &library) < 0 ||
	    get_array(im, root, "$", "scenarios", &scenarios) < 0)
		return -1;
	int rc;
	if ((rc = import_cycle(im, root, slug)) < 0 || (rc = import_phases(im, phases)) < 0 ||
	    (rc = import_members(im, members)) < 0 || (rc = import_catalog(im, taxonomies, true)) < 0 ||
	    (rc = load_terms(im)) < 0 || (rc = import_catalog(im, templates, false)) < 0 ||
	    (rc = load_templates(im)) < 0)
		return rc;
	size_t i;
	json_t *o;
	json_array_foreach(library, i, o) {
		if ((rc = import_item(im, o, i)) < 0)
			return rc;
	}
	json_array_foreach(scenarios, i, o) {
		if ((rc = import_scenario(im, o, i)) < 0)
			return rc;
	}
	return link_parents(im, scenarios);
}

int bundle_import(store *s, arena *a, const char *text, size_t len, const char *slug,
		  int64_t now, int64_t *cycle_id, const char **path, const char **msgid,
		  const char **detail)
{
	*cycle_id = 0;
	*path = NULL;
	*msgid = NULL;
	*detail = NULL;
	if (len > BUNDLE_MAX_BYTES) {
		*path = "$";
		*msgid = N_("the bundle is too large");
		return -1;
	}
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		*path = "$";
		*msgid = N_("the file is not valid JSON");
		*detail = arena_printf(a, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	importer im = {
		.s = s, .a = a, .now = now,
		.users = json_object(), .names = json_object(), .terms = json_object(),
		.items = json_object(), .scenarios = json_object(), .templates = json_object(),
	};
	int rc = import_all(&im, root, slug);
	json_decref(im.users);
	json_decref(im.names);
	json_decref(im.terms);
	json_decref(im.items);
	json_decref(im.scenarios);
	json_decref(im.templates);
	json_decref(root);
	if (rc < 0) {
		/* Paths point into the arena, never into the freed JSON. */
		*path = im.path ? im.path : "$";
		*msgid = im.msgid ? im.msgid : N_("invalid value");
		*detail = im.detail;
		return rc;
	}
	*cycle_id = im.cycle_id;
	return 0;
}
