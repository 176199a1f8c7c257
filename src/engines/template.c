/*
 * template.c — templates as data (see template.h and docs/formats.md):
 * checking a template definition, validating a scenario's content against
 * a sound template, and telling when a section's value is empty.
 *
 * Pure: no I/O, no store. Taxonomy terms and library items are looked up
 * through the caller's callbacks. Problems are codes with JSON paths, never
 * sentences. Not for: the built-in templates' data, storing templates, or
 * rendering sections.
 */
#include "template.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/text.h"

/* Defaults of a horizon section's year range. */
#define TPL_YEAR_MIN 1900
#define TPL_YEAR_MAX 2300
/* Bounds of a phases section's count. */
#define TPL_PHASES_MIN 1
#define TPL_PHASES_MAX 12

static const char *const type_names[TPL_NTYPES] = {
	"text", "list", "horizon", "chronicle", "phases",
	"pros_cons", "grid", "refs", "tags", "actors",
};

int tpl_type_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int t = 0; t < TPL_NTYPES; t++)
		if (strcmp(name, type_names[t]) == 0)
			return t;
	return -1;
}

const char *tpl_type_name(tpl_type t)
{
	if ((int)t < 0 || t >= TPL_NTYPES)
		return NULL;
	return type_names[t];
}

/* ---- problem lists ---- */

/* Where problems go: up to max written to errs, all of them counted. */
typedef struct sink {
	tpl_error *errs;
	size_t max;
	size_t count;
	const char *section;	/* id of the section being looked at, or "" */
} sink;

/* Records one problem; path is a printf format. want may be NULL. */
static void report(sink *k, tpl_code code, const char *want, long n, long n2,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void report(sink *k, tpl_code code, const char *want, long n, long n2,
		   const char *fmt, ...)
{
	if (k->count < k->max && k->errs) {
		tpl_error *e = &k->errs[k->count];
		memset(e, 0, sizeof *e);
		e->code = code;
		snprintf(e->section, sizeof e->section, "%s", k->section ? k->section : "");
		snprintf(e->want, sizeof e->want, "%s", want ? want : "");
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->path, sizeof e->path, fmt, ap);
		va_end(ap);
		e->n = n;
		e->n2 = n2;
	}
	k->count++;
}

/* ---- small predicates ---- */

/* True for an identifier written by people: [a-z0-9][a-z0-9_-]{0,39}. */
static bool is_slug(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  (i > 0 && (c == '_' || c == '-'));
		if (!ok)
			return false;
	}
	return true;
}

/* Decodes the code point at s (valid UTF-8 assumed; a stray byte is taken
 * alone); stores its length in *len. */
static unsigned decode(const unsigned char *s, size_t *len)
{
	unsigned c = s[0];
	if (c < 0xC2) { /* ASCII, or a byte that cannot start a sequence */
		*len = 1;
		return c;
	}
	if (c < 0xE0 && (s[1] & 0xC0) == 0x80) {
		*len = 2;
		return (c & 0x1F) << 6 | (s[1] & 0x3F);
	}
	if (c < 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
		*len = 3;
		return (c & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	}
	if (c < 0xF5 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		*len = 4;
		return (c & 0x07) << 18 | (unsigned)(s[1] & 0x3F) << 12 |
		       (unsigned)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	}
	*len = 1;
	return c;
}

/* White space for "blank": ASCII white space, no-break spaces, the
 * typographic spaces U+2000..U+200B, U+3000 and the byte order mark. */
static bool is_space_cp(unsigned cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* True when the string holds nothing but white space (or nothing). */
static bool is_blank(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t len;
		unsigned cp = decode(p + i, &len);
		if (len > n - i || !is_space_cp(cp))
			return false;
		i += len;
	}
	return true;
}

/* True for a JSON null or an absent value. */
static bool is_absent(const json_t *v)
{
	return !v || json_is_null(v);
}

/* ---- emptiness ---- */

/* An absent or null side of a pros_cons, or an empty array. */
static bool side_empty(const json_t *side)
{
	return is_absent(side) || (json_is_array(side) && json_array_size(side) == 0);
}

bool tpl_value_empty(tpl_type t, const json_t *value)
{
	if (is_absent(value))
		return true;
	switch (t) {
	case TPL_TEXT:
		return json_is_string(value) &&
		       is_blank(json_string_value(value), json_string_length(value));
	case TPL_HORIZON:
		return false;
	case TPL_LIST:
	case TPL_CHRONICLE:
	case TPL_PHASES:
	case TPL_REFS:
	case TPL_TAGS:
	case TPL_ACTORS:
		return json_is_array(value) && json_array_size(value) == 0;
	case TPL_PROS_CONS:
		return json_is_object(value) && side_empty(json_object_get(value, "pros")) &&
		       side_empty(json_object_get(value, "cons"));
	case TPL_GRID: {
		if (!json_is_array(value))
			return false;
		size_t i, j;
		json_t *row, *cell;
		json_array_foreach(value, i, row) {
			if (!json_is_array(row))
				return false;
			json_array_foreach(row, j, cell) {
				if (!json_is_array(cell) || json_array_size(cell) != 0)
					return false;
			}
		}
		return true;
	}
	default:
		return false;
	}
}

/* ---- definition checks ---- */

/* Constraint keys each type accepts besides id, type, label, help, required. */
static const char *const type_keys[TPL_NTYPES][5] = {
	[TPL_TEXT] = {"max_length"},
	[TPL_LIST] = {"min", "max"},
	[TPL_HORIZON] = {"min_year", "max_year"},
	[TPL_CHRONICLE] = {"min", "max"},
	[TPL_PHASES] = {"count", "taxonomy"},
	[TPL_PROS_CONS] = {"pros_label", "cons_label", "min", "max"},
	[TPL_GRID] = {"rows", "columns"},
	[TPL_REFS] = {"min", "max"},
	[TPL_TAGS] = {"taxonomy", "min", "max"},
	[TPL_ACTORS] = {"taxonomy", "min", "max"},
};

static bool key_allowed(int type, const char *key)
{
	static const char *const common[] = {"id", "type", "label", "help", "required"};
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		if (strcmp(key, common[i]) == 0)
			return true;
	if (type < 0)
		return true; /* unknown type: already reported, nothing to compare */
	for (size_t i = 0; i < 5 && type_keys[type][i]; i++)
		if (strcmp(key, type_keys[type][i]) == 0)
			return true;
	return false;
}

/* A string property that must be a non-blank string when present (label,
 * help...). Returns false, after reporting with code, when it is not. */
static bool check_string(sink *k, tpl_code code, const json_t *v, bool blank_ok, size_t i,
			 const char *key)
{
	if (!json_is_string(v)) {
		report(k, code, "string", 0, 0, "sections[%zu].%s", i, key);
		return false;
	}
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (!text_utf8_valid(s, n) || (!blank_ok && is_blank(s, n))) {
		report(k, code, "string", 0, 0, "sections[%zu].%s", i, key);
		return false;
	}
	return true;
}

/* A non-negative integer constraint; *out receives it, or -1 when absent
 * or malformed (reported). */
static void check_count(sink *k, const json_t *sec, size_t i, const char *key, long *out)
{
	*out = -1;
	json_t *v = json_object_get(sec, key);
	if (!v)
		return;
	if (!json_is_integer(v)) {
		report(k, TPL_DEF_CONSTRAINT, "integer", 0, 0, "sections[%zu].%s", i, key);
		return;
	}
	json_int_t x = json_integer_value(v);
	if (x < 0 || x > 1000000000) {
		report(k, TPL_DEF_CONSTRAINT, "integer", (long)x, 0, "sections[%zu].%s", i, key);
		return;
	}
	*out = (long)x;
}

/* min and max of list-like types: each a non-negative integer, min <= max. */
static void check_min_max(sink *k, const json_t *sec, size_t i)
{
	long mn, mx;
	check_count(k, sec, i, "min", &mn);
	check_count(k, sec, i, "max", &mx);
	if (mn >= 0 && mx >= 0 && mn > mx)
		report(k, TPL_DEF_CONSTRAINT, NULL, mn, mx, "sections[%zu].min", i);
}

/* A taxonomy slug: required or not, a slug, and known to the caller. */
static void check_taxonomy(sink *k, const json_t *sec, size_t i, bool required,
			   bool (*taxonomy_exists)(void *, const char *), void *ctx)
{
	json_t *v = json_object_get(sec, "taxonomy");
	if (!v) {
		if (required)
			report(k, TPL_DEF_TAXONOMY, NULL, 0, 0, "sections[%zu].taxonomy", i);
		return;
	}
	if (!json_is_string(v) || !is_slug(json_string_value(v)) ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		report(k, TPL_DEF_TAXONOMY, NULL, 0, 0, "sections[%zu].taxonomy", i);
		return;
	}
	const char *slug = json_string_value(v);
	if (taxonomy_exists && !taxonomy_exists(ctx, slug))
		report(k, TPL_DEF_TAXONOMY, slug, 0, 0, "sections[%zu].taxonomy", i);
}

/* A grid's rows or columns: a required non-empty array of non-blank strings. */
static void check_labels(sink *k, const json_t *sec, size_t i, const char *key)
{
	json_t *v = json_object_get(sec, key);
	if (!json_is_array(v) || json_array_size(v) == 0) {
		report(k, TPL_DEF_CONSTRAINT, "array", 0, 0, "sections[%zu].%s", i, key);
		return;
	}
	size_t j;
	json_t *label;
	json_array_foreach(v, j, label) {
		if (!json_is_string(label) ||
		    !text_utf8_valid(json_string_value(label), json_string_length(label)) ||
		    is_blank(json_string_value(label), json_string_length(label)))
			report(k, TPL_DEF_CONSTRAINT, "string", 0, 0, "sections[%zu].%s[%zu]", i,
			       key, j);
	}
}

/* The constraints of one section of a known type. */
static void check_constraints(sink *k, const json_t *sec, size_t i, int type,
			      bool (*taxonomy_exists)(void *, const char *), void *ctx)
{
	long n;
	switch ((tpl_type)type) {
	case TPL_TEXT:
		check_count(k, sec, i, "max_length", &n);
		break;
	case TPL_LIST:
	case TPL_CHRONICLE:
	case TPL_REFS:
		check_min_max(k, sec, i);
		break;
	case TPL_HORIZON: {
		long lo = TPL_YEAR_MIN, hi = TPL_YEAR_MAX;
		bool ok = true;
		static const char *const keys[2] = {"min_year", "max_year"};
		for (int w = 0; w < 2; w++) {
			json_t *v = json_object_get(sec, keys[w]);
			if (!v)
				continue;
			if (!json_is_integer(v) || json_integer_value(v) < -100000 ||
			    json_integer_value(v) > 100000) {
				report(k, TPL_DEF_CONSTRAINT, "integer", 0, 0, "sections[%zu].%s", i,
				       keys[w]);
				ok = false;
				continue;
			}
			*(w ? &hi : &lo) = (long)json_integer_value(v);
		}
		if (ok && lo > hi)
			report(k, TPL_DEF_CONSTRAINT, NULL, lo, hi, "sections[%zu].min_year", i);
		break;
	}
	case TPL_PHASES: {
		json_t *v = json_object_get(sec, "count");
		if (!v)
			report(k, TPL_DEF_CONSTRAINT, "integer", TPL_PHASES_MIN, TPL_PHASES_MAX,
			       "sections[%zu].count", i);
		else if (!json_is_integer(v))
			report(k, TPL_DEF_CONSTRAINT, "integer", TPL_PHASES_MIN, TPL_PHASES_MAX,
			       "sections[%zu].count", i);
		else if (json_integer_value(v) < TPL_PHASES_MIN ||
			 json_integer_value(v) > TPL_PHASES_MAX)
			report(k, TPL_DEF_CONSTRAINT, NULL, TPL_PHASES_MIN, TPL_PHASES_MAX,
			       "sections[%zu].count", i);
		check_taxonomy(k, sec, i, false, taxonomy_exists, ctx);
		break;
	}
	case TPL_PROS_CONS: {
		static const char *const keys[2] = {"pros_label", "cons_label"};
		for (int w = 0; w < 2; w++) {
			json_t *v = json_object_get(sec, keys[w]);
			if (v)
				check_string(k, TPL_DEF_CONSTRAINT, v, false, i, keys[w]);
		}
		check_min_max(k, sec, i);
		break;
	}
	case TPL_GRID:
		check_labels(k, sec, i, "rows");
		check_labels(k, sec, i, "columns");
		break;
	case TPL_TAGS:
		check_taxonomy(k, sec, i, true, taxonomy_exists, ctx);
		check_min_max(k, sec, i);
		break;
	case TPL_ACTORS:
		check_taxonomy(k, sec, i, false, taxonomy_exists, ctx);
		check_min_max(k, sec, i);
		break;
	default:
		break;
	}
}

size_t tpl_check_definition(const json_t *tpl,
			    bool (*taxonomy_exists)(void *ctx, const char *slug), void *ctx,
			    tpl_error *errs, size_t max)
{
	sink k = {errs, max, 0, ""};
	if (!json_is_object(tpl)) {
		report(&k, TPL_TYPE, "object", 0, 0, "%s", "");
		return k.count;
	}
	json_t *sections = json_object_get(tpl, "sections");
	if (!json_is_array(sections)) {
		report(&k, TPL_TYPE, "array", 0, 0, "sections");
		return k.count;
	}
	size_t i;
	json_t *sec;
	json_array_foreach(sections, i, sec) {
		k.section = "";
		if (!json_is_object(sec)) {
			report(&k, TPL_TYPE, "object", 0, 0, "sections[%zu]", i);
			continue;
		}
		/* id: a well-formed slug, not used by an earlier section. */
		json_t *id = json_object_get(sec, "id");
		const char *sid = json_is_string(id) ? json_string_value(id) : NULL;
		if (!sid || strlen(sid) != json_string_length(id) || !is_slug(sid)) {
			report(&k, TPL_DEF_ID, NULL, 0, 0, "sections[%zu].id", i);
		} else {
			k.section = sid;
			for (size_t j = 0; j < i; j++) {
				json_t *other = json_object_get(json_array_get(sections, j), "id");
				if (json_is_string(other) && json_equal(other, id)) {
					report(&k, TPL_DEF_DUPLICATE, NULL, (long)j, 0,
					       "sections[%zu].id", i);
					break;
				}
			}
		}
		/* type */
		json_t *tv = json_object_get(sec, "type");
		int type = json_is_string(tv) ? tpl_type_from_name(json_string_value(tv)) : -1;
		if (type < 0)
			report(&k, TPL_DEF_TYPE, NULL, 0, 0, "sections[%zu].type", i);
		/* label, help, required */
		json_t *label = json_object_get(sec, "label");
		if (!label)
			report(&k, TPL_DEF_LABEL, "string", 0, 0, "sections[%zu].label", i);
		else
			check_string(&k, TPL_DEF_LABEL, label, false, i, "label");
		json_t *help = json_object_get(sec, "help");
		if (help)
			check_string(&k, TPL_DEF_CONSTRAINT, help, true, i, "help");
		json_t *req = json_object_get(sec, "required");
		if (req && !json_is_boolean(req))
			report(&k, TPL_DEF_CONSTRAINT, "boolean", 0, 0, "sections[%zu].required", i);
		/* keys the type does not know, in the object's order */
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)sec, key, val) {
			if (!key_allowed(type, key))
				report(&k, TPL_DEF_CONSTRAINT, NULL, 0, 0, "sections[%zu].%s", i, key);
		}
		if (type >= 0)
			check_constraints(&k, sec, i, type, taxonomy_exists, ctx);
	}
	return k.count;
}

/* ---- content validation ---- */

/* Paths are built in buffers of PATH_LEN bytes, the size of tpl_error.path;
 * a longer path is cut (section ids are at most 40 bytes, so only absurdly
 * deep content could reach it). */
#define PATH_LEN 128

static void path_fmt(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void path_fmt(char *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out, PATH_LEN, fmt, ap);
	va_end(ap);
}

/* What validating one section needs. */
typedef struct vstate {
	sink k;
	const tpl_lookup *lk;
} vstate;

/* A string value at path: valid UTF-8 without NUL, else TPL_BAD_UTF8.
 * Returns true when it is a usable string. */
static bool string_ok(vstate *st, const json_t *v, const char *path)
{
	if (!json_is_string(v)) {
		report(&st->k, TPL_TYPE, "string", 0, 0, "%s", path);
		return false;
	}
	if (!text_utf8_valid(json_string_value(v), json_string_length(v))) {
		report(&st->k, TPL_BAD_UTF8, NULL, 0, 0, "%s", path);
		return false;
	}
	return true;
}

/* An item of a list of strings: a string, valid, not blank. Returns true
 * when it passed those checks. */
static bool item_ok(vstate *st, const json_t *v, const char *path)
{
	if (!string_ok(st, v, path))
		return false;
	if (is_blank(json_string_value(v), json_string_length(v))) {
		report(&st->k, TPL_EMPTY_ITEM, NULL, 0, 0, "%s", path);
		return false;
	}
	return true;
}

/* The section's min and max as integers, -1 when not set. */
static long constraint(const json_t *sec, const char *key)
{
	json_t *v = json_object_get(sec, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	return (long)json_integer_value(v);
}

/* The count checks of a non-empty array at path. */
static void check_size(vstate *st, const json_t *sec, size_t size, const char *path)
{
	long mn = constraint(sec, "min"), mx = constraint(sec, "max");
	if (mn >= 0 && (long)size < mn)
		report(&st->k, TPL_TOO_FEW, NULL, mn, 0, "%s", path);
	if (mx >= 0 && (long)size > mx)
		report(&st->k, TPL_TOO_MANY, NULL, mx, 0, "%s", path);
}

/* The taxonomy slug of a section, or NULL. */
static const char *taxonomy_of(const json_t *sec)
{
	json_t *v = json_object_get(sec, "taxonomy");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A term code at path (already a non-blank string). */
static void check_term(vstate *st, const char *taxonomy, const char *code, const char *path)
{
	if (taxonomy && st->lk && st->lk->term_exists &&
	    !st->lk->term_exists(st->lk->ctx, taxonomy, code))
		report(&st->k, TPL_UNKNOWN_TERM, taxonomy, 0, 0, "%s", path);
}

/* An array of strings at path: type, size, and each item through item_ok;
 * tags are then looked up in taxonomy, refs in the library. */
enum { ITEMS_PLAIN, ITEMS_TERMS, ITEMS_REFS };

static void check_strings(vstate *st, const json_t *sec, const json_t *v, const char *path,
			  bool sized, int kind, const char *taxonomy)
{
	if (!json_is_array(v)) {
		report(&st->k, TPL_TYPE, "array", 0, 0, "%s", path);
		return;
	}
	if (sized)
		check_size(st, sec, json_array_size(v), path);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		char p[PATH_LEN];
		path_fmt(p, "%s[%zu]", path, i);
		if (!item_ok(st, item, p))
			continue;
		const char *s = json_string_value(item);
		if (kind == ITEMS_TERMS)
			check_term(st, taxonomy, s, p);
		else if (kind == ITEMS_REFS && st->lk && st->lk->ref_exists &&
			 !st->lk->ref_exists(st->lk->ctx, s))
			report(&st->k, TPL_UNKNOWN_REF, NULL, 0, 0, "%s", p);
	}
}

/* A member of an entry object that must be a string when present; absent
 * counts as "". Returns the string, or NULL after a report. */
static const char *member_string(vstate *st, const json_t *entry, const char *key,
				 const char *path)
{
	char p[PATH_LEN];
	path_fmt(p, "%s.%s", path, key);
	json_t *v = json_object_get(entry, key);
	if (!v)
		return "";
	if (!string_ok(st, v, p))
		return NULL;
	return json_string_value(v);
}

static void validate_text(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!string_ok(st, v, path))
		return;
	long mx = constraint(sec, "max_length");
	if (mx >= 0 && text_utf8_len(json_string_value(v)) > (size_t)mx)
		report(&st->k, TPL_TOO_LONG, NULL, mx, 0, "%s", path);
}

static void validate_horizon(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_integer(v)) {
		report(&st->k, TPL_TYPE, "integer", 0, 0, "%s", path);
		return;
	}
	json_t *lo_v = json_object_get(sec, "min_year"), *hi_v = json_object_get(sec, "max_year");
	long lo = json_is_integer(lo_v) ? (long)json_integer_value(lo_v) : TPL_YEAR_MIN;
	long hi = json_is_integer(hi_v) ? (long)json_integer_value(hi_v) : TPL_YEAR_MAX;
	json_int_t y = json_integer_value(v);
	if (y < lo || y > hi)
		report(&st->k, TPL_YEAR_RANGE, NULL, lo, hi, "%s", path);
}

static void validate_chronicle(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_array(v)) {
		report(&st->k, TPL_TYPE, "array", 0, 0, "%s", path);
		return;
	}
	check_size(st, sec, json_array_size(v), path);
	size_t i;
	json_t *entry;
	json_array_foreach(v, i, entry) {
		char p[PATH_LEN];
		path_fmt(p, "%s[%zu]", path, i);
		if (!json_is_object(entry)) {
			report(&st->k, TPL_TYPE, "object", 0, 0, "%s", p);
			continue;
		}
		if (!json_is_integer(json_object_get(entry, "year")))
			report(&st->k, TPL_TYPE, "integer", 0, 0, "%s.year", p);
		json_t *text = json_object_get(entry, "text");
		char tp[PATH_LEN];
		path_fmt(tp, "%s.text", p);
		item_ok(st, text, tp);
	}
}

static void validate_phases(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_array(v)) {
		report(&st->k, TPL_TYPE, "array", 0, 0, "%s", path);
		return;
	}
	long count = constraint(sec, "count");
	if (count >= 0 && (long)json_array_size(v) != count)
		report(&st->k, TPL_EXACT, NULL, count, 0, "%s", path);
	const char *taxonomy = taxonomy_of(sec);
	size_t i;
	json_t *phase;
	json_array_foreach(v, i, phase) {
		char p[PATH_LEN];
		path_fmt(p, "%s[%zu]", path, i);
		if (!json_is_object(phase)) {
			report(&st->k, TPL_TYPE, "object", 0, 0, "%s", p);
			continue;
		}
		member_string(st, phase, "title", p);
		member_string(st, phase, "text", p);
		json_t *tags = json_object_get(phase, "tags");
		if (!is_absent(tags)) {
			char tp[PATH_LEN];
			path_fmt(tp, "%s.tags", p);
			check_strings(st, sec, tags, tp, false, ITEMS_TERMS, taxonomy);
		}
	}
}

static void validate_pros_cons(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_object(v)) {
		report(&st->k, TPL_TYPE, "object", 0, 0, "%s", path);
		return;
	}
	static const char *const sides[2] = {"pros", "cons"};
	for (int w = 0; w < 2; w++) {
		char p[PATH_LEN];
		path_fmt(p, "%s.%s", path, sides[w]);
		json_t *side = json_object_get(v, sides[w]);
		if (is_absent(side)) {
			/* an absent side is an empty one: only min can object */
			long mn = constraint(sec, "min");
			if (mn > 0)
				report(&st->k, TPL_TOO_FEW, NULL, mn, 0, "%s", p);
			continue;
		}
		check_strings(st, sec, side, p, true, ITEMS_PLAIN, NULL);
	}
}

static void validate_grid(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_array(v)) {
		report(&st->k, TPL_TYPE, "array", 0, 0, "%s", path);
		return;
	}
	json_t *rows_v = json_object_get(sec, "rows"), *cols_v = json_object_get(sec, "columns");
	long rows = json_is_array(rows_v) ? (long)json_array_size(rows_v) : -1;
	long cols = json_is_array(cols_v) ? (long)json_array_size(cols_v) : -1;
	if (rows >= 0 && (long)json_array_size(v) != rows)
		report(&st->k, TPL_GRID_SHAPE, NULL, rows, cols, "%s", path);
	size_t i;
	json_t *row;
	json_array_foreach(v, i, row) {
		char rp[PATH_LEN];
		path_fmt(rp, "%s[%zu]", path, i);
		if (!json_is_array(row)) {
			report(&st->k, TPL_TYPE, "array", 0, 0, "%s", rp);
			continue;
		}
		if (cols >= 0 && (long)json_array_size(row) != cols)
			report(&st->k, TPL_GRID_SHAPE, NULL, rows, cols, "%s", rp);
		size_t j;
		json_t *cell;
		json_array_foreach(row, j, cell) {
			char cp[PATH_LEN];
			path_fmt(cp, "%s[%zu]", rp, j);
			check_strings(st, sec, cell, cp, false, ITEMS_PLAIN, NULL);
		}
	}
}

static void validate_actors(vstate *st, const json_t *sec, const json_t *v, const char *path)
{
	if (!json_is_array(v)) {
		report(&st->k, TPL_TYPE, "array", 0, 0, "%s", path);
		return;
	}
	check_size(st, sec, json_array_size(v), path);
	const char *taxonomy = taxonomy_of(sec);
	size_t i;
	json_t *actor;
	json_array_foreach(v, i, actor) {
		char p[PATH_LEN];
		path_fmt(p, "%s[%zu]", path, i);
		if (!json_is_object(actor)) {
			report(&st->k, TPL_TYPE, "object", 0, 0, "%s", p);
			continue;
		}
		const char *cat = member_string(st, actor, "category", p);
		const char *role = member_string(st, actor, "role", p);
		if (!cat || !role)
			continue;
		bool cat_blank = is_blank(cat, strlen(cat));
		if (cat_blank && is_blank(role, strlen(role))) {
			report(&st->k, TPL_EMPTY_ITEM, NULL, 0, 0, "%s", p);
			continue;
		}
		if (!cat_blank) {
			char cp[PATH_LEN];
			path_fmt(cp, "%s.category", p);
			check_term(st, taxonomy, cat, cp);
		}
	}
}

size_t tpl_validate(const json_t *tpl, const json_t *content, const tpl_lookup *lk,
		    tpl_error *errs, size_t max)
{
	vstate st = {{errs, max, 0, ""}, lk};
	if (!json_is_object(content)) {
		report(&st.k, TPL_TYPE, "object", 0, 0, "%s", "");
		return st.k.count;
	}
	json_t *sections = json_object_get(tpl, "sections");
	size_t i;
	json_t *sec;
	json_array_foreach(sections, i, sec) {
		json_t *id = json_object_get(sec, "id");
		json_t *tv = json_object_get(sec, "type");
		if (!json_is_string(id) || !json_is_string(tv))
			continue; /* not a sound template: nothing sensible to check */
		int type = tpl_type_from_name(json_string_value(tv));
		if (type < 0)
			continue;
		const char *sid = json_string_value(id);
		st.k.section = sid;
		char path[PATH_LEN];
		path_fmt(path, "%s", sid);
		json_t *v = json_object_get(content, sid);
		if (tpl_value_empty((tpl_type)type, v)) {
			if (json_is_true(json_object_get(sec, "required")))
				report(&st.k, TPL_REQUIRED, NULL, 0, 0, "%s", path);
			continue;
		}
		switch ((tpl_type)type) {
		case TPL_TEXT:
			validate_text(&st, sec, v, path);
			break;
		case TPL_LIST:
			check_strings(&st, sec, v, path, true, ITEMS_PLAIN, NULL);
			break;
		case TPL_HORIZON:
			validate_horizon(&st, sec, v, path);
			break;
		case TPL_CHRONICLE:
			validate_chronicle(&st, sec, v, path);
			break;
		case TPL_PHASES:
			validate_phases(&st, sec, v, path);
			break;
		case TPL_PROS_CONS:
			validate_pros_cons(&st, sec, v, path);
			break;
		case TPL_GRID:
			validate_grid(&st, sec, v, path);
			break;
		case TPL_REFS:
			check_strings(&st, sec, v, path, true, ITEMS_REFS, NULL);
			break;
		case TPL_TAGS:
			check_strings(&st, sec, v, path, true, ITEMS_TERMS, taxonomy_of(sec));
			break;
		case TPL_ACTORS:
			validate_actors(&st, sec, v, path);
			break;
		default:
			break;
		}
	}
	return st.k.count;
}
