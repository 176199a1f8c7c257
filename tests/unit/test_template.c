/* test_template.c — templates as data (template.h): type names, emptiness,
 * every section type and every constraint of docs/formats.md with a passing
 * and a failing value (code, path, want, n, n2 checked), the definition
 * checks (every TPL_DEF_* case), removed sections, the lookups, and the
 * limit on written problems. Templates are small ones built here; JSON is
 * written with ' for " to keep the C strings readable. */
#include "unit.h"

#include <jansson.h>

#include "engines/template.h"

/* ---- helpers ---- */

/* Parses JSON written with ' for ", failing the test on a syntax error.
 * The caller decrefs. */
static json_t *J(const char *text)
{
	char *s = strdup(text);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t err;
	json_t *j = json_loads(s, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!j)
		fail_msg("bad test JSON (%s): %s", err.text, s);
	free(s);
	return j;
}

/* The taxonomies and library the lookups know. */
static bool taxonomy_known(void *ctx, const char *slug)
{
	(void)ctx;
	return !strcmp(slug, "qualites") || !strcmp(slug, "dynamiques") || !strcmp(slug, "acteurs");
}

static int lookups; /* calls of the two lookups below */

static bool term_known(void *ctx, const char *taxonomy, const char *code)
{
	(void)ctx;
	lookups++;
	static const char *const known[][2] = {
		{"qualites", "frugal"}, {"qualites", "inclusif"}, {"dynamiques", "01"},
		{"dynamiques", "02"}, {"dynamiques", "29"}, {"acteurs", "citoyens"},
		{"acteurs", "chercheurs"},
	};
	for (size_t i = 0; i < UNIT_LEN(known); i++)
		if (!strcmp(known[i][0], taxonomy) && !strcmp(known[i][1], code))
			return true;
	return false;
}

static bool ref_known(void *ctx, const char *uid)
{
	(void)ctx;
	lookups++;
	return !strcmp(uid, "ref-1") || !strcmp(uid, "ref-2") || !strcmp(uid, "R_3");
}

static const tpl_lookup lookup = {term_known, ref_known, NULL};

/* A template {"sections": [...]} from the sections' JSON; it must be sound,
 * so that every validation test runs against a template the definition
 * check accepts. */
static json_t *template_of(const char *sections)
{
	json_t *tpl = json_object();
	json_object_set_new(tpl, "sections", J(sections));
	tpl_error e[4];
	size_t n = tpl_check_definition(tpl, taxonomy_known, NULL, e, 4);
	if (n)
		fail_msg("test template unsound: code %d at %s", e[0].code, e[0].path);
	return tpl;
}

#define MAXE 16

/* Validates content against the sections with the test lookups. */
static size_t run(const char *sections, const char *content, const tpl_lookup *lk,
		  tpl_error *errs, size_t max)
{
	json_t *tpl = template_of(sections);
	json_t *c = J(content);
	size_t n = tpl_validate(tpl, c, lk, errs, max);
	json_decref(c);
	json_decref(tpl);
	return n;
}

static void print_errors(const tpl_error *e, size_t n)
{
	for (size_t i = 0; i < n && i < MAXE; i++)
		print_message("  #%zu code %d section '%s' path '%s' want '%s' n %ld n2 %ld\n", i,
			      e[i].code, e[i].section, e[i].path, e[i].want, e[i].n, e[i].n2);
}

/* Content valid against sections. */
static void expect_ok(const char *sections, const char *content)
{
	tpl_error e[MAXE];
	size_t n = run(sections, content, &lookup, e, MAXE);
	if (n) {
		print_errors(e, n);
		fail_msg("%zu problems, expected none, for %s", n, content);
	}
}

/* Checks one problem against what is expected (want NULL: ""). */
static void expect_err(const tpl_error *e, tpl_code code, const char *path, const char *want,
		       long n, long n2)
{
	if (e->code != code || strcmp(e->path, path) || strcmp(e->want, want ? want : "") ||
	    e->n != n || e->n2 != n2) {
		print_errors(e, 1);
		fail_msg("expected code %d path '%s' want '%s' n %ld n2 %ld", code, path,
			 want ? want : "", n, n2);
	}
}

/* Exactly one problem, as described. */
static void expect1(const char *sections, const char *content, tpl_code code, const char *path,
		    const char *want, long n, long n2)
{
	tpl_error e[MAXE];
	size_t count = run(sections, content, &lookup, e, MAXE);
	if (count != 1) {
		print_errors(e, count);
		fail_msg("%zu problems, expected 1 (code %d at %s) for %s", count, code, path, content);
	}
	expect_err(&e[0], code, path, want, n, n2);
}

/* Definition check of a template given as its sections' JSON. */
static size_t def(const char *sections, tpl_error *e, size_t max)
{
	json_t *tpl = json_object();
	json_object_set_new(tpl, "sections", J(sections));
	size_t n = tpl_check_definition(tpl, taxonomy_known, NULL, e, max);
	json_decref(tpl);
	return n;
}

/* Exactly one definition problem, as described. */
static void def1(const char *sections, tpl_code code, const char *path, const char *want, long n,
		 long n2)
{
	tpl_error e[MAXE];
	size_t count = def(sections, e, MAXE);
	if (count != 1) {
		print_errors(e, count);
		fail_msg("%zu definition problems, expected 1 (code %d at %s) for %s", count, code,
			 path, sections);
	}
	expect_err(&e[0], code, path, want, n, n2);
}

/* ---- names and emptiness ---- */

static void test_type_names(void **state)
{
	(void)state;
	static const char *const names[] = {"text", "list", "horizon", "chronicle", "phases",
					    "pros_cons", "grid", "refs", "tags", "actors"};
	assert_int_equal(UNIT_LEN(names), TPL_NTYPES);
	for (int t = 0; t < TPL_NTYPES; t++) {
		assert_int_equal(tpl_type_from_name(names[t]), t);
		assert_string_equal(tpl_type_name((tpl_type)t), names[t]);
	}
	assert_int_equal(tpl_type_from_name("TEXT"), -1);
	assert_int_equal(tpl_type_from_name("pros-cons"), -1);
	assert_int_equal(tpl_type_from_name(""), -1);
	assert_int_equal(tpl_type_from_name("texts"), -1);
	assert_int_equal(tpl_type_from_name(NULL), -1);
	assert_null(tpl_type_name(TPL_NTYPES));
	assert_null(tpl_type_name((tpl_type)-1));
}

static void test_value_empty(void **state)
{
	(void)state;
	static const struct {
		tpl_type t;
		const char *json;
		bool empty;
	} cases[] = {
		{TPL_TEXT, "''", true},
		{TPL_TEXT, "' \\t\\n'", true},
		{TPL_TEXT, "'\\u00a0\\u202f'", true},	/* no-break spaces */
		{TPL_TEXT, "'x'", false},
		{TPL_TEXT, "[]", false},		/* wrong type: not empty */
		{TPL_LIST, "[]", true},
		{TPL_LIST, "['']", false},
		{TPL_LIST, "''", false},
		{TPL_HORIZON, "2050", false},
		{TPL_HORIZON, "0", false},
		{TPL_CHRONICLE, "[]", true},
		{TPL_CHRONICLE, "[{}]", false},
		{TPL_PHASES, "[]", true},
		{TPL_PHASES, "[{}, {}, {}]", false},
		{TPL_PROS_CONS, "{}", true},
		{TPL_PROS_CONS, "{'pros': [], 'cons': []}", true},
		{TPL_PROS_CONS, "{'pros': null, 'cons': []}", true},
		{TPL_PROS_CONS, "{'pros': ['a'], 'cons': []}", false},
		{TPL_PROS_CONS, "{'pros': [], 'cons': ['b']}", false},
		{TPL_PROS_CONS, "{'pros': 3}", false},
		{TPL_PROS_CONS, "[]", false},
		{TPL_GRID, "[]", true},
		{TPL_GRID, "[[], []]", true},
		{TPL_GRID, "[[[], [], []], [[], [], []]]", true},
		{TPL_GRID, "[[[], ['x'], []], [[], [], []]]", false},
		{TPL_GRID, "[[[], [''], []]]", false},
		{TPL_GRID, "[[[], 3]]", false},
		{TPL_GRID, "[3]", false},
		{TPL_REFS, "[]", true},
		{TPL_REFS, "['ref-1']", false},
		{TPL_TAGS, "[]", true},
		{TPL_TAGS, "['frugal']", false},
		{TPL_ACTORS, "[]", true},
		{TPL_ACTORS, "[{}]", false},
	};
	for (size_t i = 0; i < UNIT_LEN(cases); i++) {
		json_t *v = J(cases[i].json);
		if (tpl_value_empty(cases[i].t, v) != cases[i].empty)
			fail_msg("%s as %s: expected %s", cases[i].json, tpl_type_name(cases[i].t),
				 cases[i].empty ? "empty" : "not empty");
		json_decref(v);
	}
	/* absent and null are empty for every type */
	json_t *null = json_null();
	for (int t = 0; t < TPL_NTYPES; t++) {
		assert_true(tpl_value_empty((tpl_type)t, NULL));
		assert_true(tpl_value_empty((tpl_type)t, null));
	}
	json_decref(null);
}

/* ---- every section type ---- */

static const char TEXT[] = "[{'id': 'recit', 'type': 'text', 'label': 'R', 'max_length': 5}]";
static const char TEXT_REQ[] = "[{'id': 'recit', 'type': 'text', 'label': 'R', 'required': true}]";

static void test_text(void **state)
{
	(void)state;
	expect_ok(TEXT, "{'recit': 'court'}");
	/* five characters, six bytes: max_length counts characters */
	expect_ok(TEXT, "{'recit': 'h\\u00e9llo'}");
	expect_ok(TEXT, "{'recit': '\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00'}"); /* 3 emoji, 12 bytes */
	expect1(TEXT, "{'recit': 'h\\u00e9llo!'}", TPL_TOO_LONG, "recit", NULL, 5, 0);
	expect1(TEXT, "{'recit': 42}", TPL_TYPE, "recit", "string", 0, 0);
	expect1(TEXT, "{'recit': ['a']}", TPL_TYPE, "recit", "string", 0, 0);
	/* empty and optional: fine, whatever max_length says */
	expect_ok(TEXT, "{'recit': ''}");
	expect_ok(TEXT, "{}");
	expect_ok(TEXT, "{'recit': null}");
	/* required */
	expect_ok(TEXT_REQ, "{'recit': 'Face \\u00e0 une crise'}");
	expect1(TEXT_REQ, "{}", TPL_REQUIRED, "recit", NULL, 0, 0);
	expect1(TEXT_REQ, "{'recit': ''}", TPL_REQUIRED, "recit", NULL, 0, 0);
	expect1(TEXT_REQ, "{'recit': ' \\n\\t '}", TPL_REQUIRED, "recit", NULL, 0, 0);
	expect1(TEXT_REQ, "{'recit': null}", TPL_REQUIRED, "recit", NULL, 0, 0);
	/* no max_length: any length */
	char big[5000 + 32];
	memset(big, 'a', sizeof big);
	memcpy(big, "{'recit': '", 11);
	strcpy(big + 11 + 5000, "'}");
	expect_ok(TEXT_REQ, big);
}

static const char LIST[] = "[{'id': 'signes', 'type': 'list', 'label': 'S', 'min': 2, 'max': 3}]";

static void test_list(void **state)
{
	(void)state;
	expect_ok(LIST, "{'signes': ['a', 'b']}");
	expect_ok(LIST, "{'signes': ['a', 'b', 'c']}");
	expect_ok(LIST, "{'signes': []}"); /* min applies only when not empty */
	expect1(LIST, "{'signes': ['a']}", TPL_TOO_FEW, "signes", NULL, 2, 0);
	expect1(LIST, "{'signes': ['a', 'b', 'c', 'd']}", TPL_TOO_MANY, "signes", NULL, 3, 0);
	expect1(LIST, "{'signes': ['a', ' \\t ']}", TPL_EMPTY_ITEM, "signes[1]", NULL, 0, 0);
	expect1(LIST, "{'signes': ['', 'b']}", TPL_EMPTY_ITEM, "signes[0]", NULL, 0, 0);
	expect1(LIST, "{'signes': ['a', 7]}", TPL_TYPE, "signes[1]", "string", 0, 0);
	expect1(LIST, "{'signes': ['a', null]}", TPL_TYPE, "signes[1]", "string", 0, 0);
	expect1(LIST, "{'signes': 'a, b'}", TPL_TYPE, "signes", "array", 0, 0);
	expect1("[{'id': 'l', 'type': 'list', 'label': 'L', 'required': true}]", "{'l': []}",
		TPL_REQUIRED, "l", NULL, 0, 0);
	/* one problem per offending value: a count and two blank items */
	tpl_error e[MAXE];
	assert_int_equal(run(LIST, "{'signes': ['', 'b', ' ', 'd']}", &lookup, e, MAXE), 3);
	expect_err(&e[0], TPL_TOO_MANY, "signes", NULL, 3, 0);
	expect_err(&e[1], TPL_EMPTY_ITEM, "signes[0]", NULL, 0, 0);
	expect_err(&e[2], TPL_EMPTY_ITEM, "signes[2]", NULL, 0, 0);
	assert_string_equal(e[2].section, "signes");
}

static const char HORIZON[] = "[{'id': 'horizon', 'type': 'horizon', 'label': 'H'}]";
static const char HORIZON_RANGE[] =
	"[{'id': 'horizon', 'type': 'horizon', 'label': 'H', 'required': true, "
	"'min_year': 2000, 'max_year': 2100}]";

static void test_horizon(void **state)
{
	(void)state;
	expect_ok(HORIZON, "{'horizon': 2050}");
	expect_ok(HORIZON, "{'horizon': 1900}");
	expect_ok(HORIZON, "{'horizon': 2300}");
	expect_ok(HORIZON, "{}");
	expect1(HORIZON, "{'horizon': 1899}", TPL_YEAR_RANGE, "horizon", NULL, 1900, 2300);
	expect1(HORIZON, "{'horizon': 2301}", TPL_YEAR_RANGE, "horizon", NULL, 1900, 2300);
	expect1(HORIZON, "{'horizon': -5}", TPL_YEAR_RANGE, "horizon", NULL, 1900, 2300);
	expect1(HORIZON, "{'horizon': '2050'}", TPL_TYPE, "horizon", "integer", 0, 0);
	expect1(HORIZON, "{'horizon': 2050.0}", TPL_TYPE, "horizon", "integer", 0, 0);
	expect1(HORIZON, "{'horizon': true}", TPL_TYPE, "horizon", "integer", 0, 0);
	expect1(HORIZON, "{'horizon': ''}", TPL_TYPE, "horizon", "integer", 0, 0);
	expect_ok(HORIZON_RANGE, "{'horizon': 2000}");
	expect_ok(HORIZON_RANGE, "{'horizon': 2100}");
	expect1(HORIZON_RANGE, "{'horizon': 1999}", TPL_YEAR_RANGE, "horizon", NULL, 2000, 2100);
	expect1(HORIZON_RANGE, "{'horizon': 2101}", TPL_YEAR_RANGE, "horizon", NULL, 2000, 2100);
	expect1(HORIZON_RANGE, "{'horizon': null}", TPL_REQUIRED, "horizon", NULL, 0, 0);
	/* only one bound given: the other keeps its default */
	expect1("[{'id': 'h', 'type': 'horizon', 'label': 'H', 'min_year': 2020}]",
		"{'h': 2301}", TPL_YEAR_RANGE, "h", NULL, 2020, 2300);
}

static const char CHRONICLE[] =
	"[{'id': 'chronique', 'type': 'chronicle', 'label': 'C', 'min': 2, 'max': 3}]";

static void test_chronicle(void **state)
{
	(void)state;
	expect_ok(CHRONICLE, "{'chronique': [{'year': 2014, 'text': 'Dix villes'}, "
			     "{'year': 2030, 'text': 'La suite'}]}");
	/* chronicle years have no range */
	expect_ok(CHRONICLE, "{'chronique': [{'year': 1789, 'text': 'a'}, {'year': 3000, 'text': 'b'}]}");
	expect_ok(CHRONICLE, "{'chronique': []}");
	expect1(CHRONICLE, "{'chronique': [{'year': 2014, 'text': 'a'}]}", TPL_TOO_FEW, "chronique",
		NULL, 2, 0);
	expect1(CHRONICLE,
		"{'chronique': [{'year': 1, 'text': 'a'}, {'year': 2, 'text': 'b'}, "
		"{'year': 3, 'text': 'c'}, {'year': 4, 'text': 'd'}]}",
		TPL_TOO_MANY, "chronique", NULL, 3, 0);
	expect1(CHRONICLE,
		"{'chronique': [{'year': 1, 'text': 'a'}, {'year': 2, 'text': 'b'}, "
		"{'year': '2030', 'text': 'c'}]}",
		TPL_TYPE, "chronique[2].year", "integer", 0, 0);
	expect1(CHRONICLE, "{'chronique': [{'text': 'a'}, {'year': 2, 'text': 'b'}]}", TPL_TYPE,
		"chronique[0].year", "integer", 0, 0);
	expect1(CHRONICLE, "{'chronique': [{'year': 1, 'text': 'a'}, {'year': 2, 'text': '  '}]}",
		TPL_EMPTY_ITEM, "chronique[1].text", NULL, 0, 0);
	expect1(CHRONICLE, "{'chronique': [{'year': 1, 'text': 'a'}, {'year': 2}]}", TPL_TYPE,
		"chronique[1].text", "string", 0, 0);
	expect1(CHRONICLE, "{'chronique': [{'year': 1, 'text': 'a'}, 'b']}", TPL_TYPE,
		"chronique[1]", "object", 0, 0);
	expect1(CHRONICLE, "{'chronique': {'year': 1, 'text': 'a'}}", TPL_TYPE, "chronique",
		"array", 0, 0);
}

static const char PHASES[] =
	"[{'id': 'phases', 'type': 'phases', 'label': 'P', 'count': 3, 'taxonomy': 'dynamiques'}]";

static void test_phases(void **state)
{
	(void)state;
	expect_ok(PHASES, "{'phases': [{'title': 'Un', 'text': 'a', 'tags': ['01']}, "
			  "{'title': 'Deux', 'text': 'b', 'tags': []}, "
			  "{'title': 'Trois', 'text': 'c', 'tags': ['02', '29']}]}");
	/* blank titles and texts, absent tags: a draft in progress */
	expect_ok(PHASES, "{'phases': [{'title': '', 'text': ''}, {}, {'tags': null}]}");
	expect_ok(PHASES, "{'phases': []}");
	expect1(PHASES, "{'phases': [{}, {}]}", TPL_EXACT, "phases", NULL, 3, 0);
	expect1(PHASES, "{'phases': [{}, {}, {}, {}]}", TPL_EXACT, "phases", NULL, 3, 0);
	expect1(PHASES, "{'phases': [{}, {'tags': ['99']}, {}]}", TPL_UNKNOWN_TERM,
		"phases[1].tags[0]", "dynamiques", 0, 0);
	expect1(PHASES, "{'phases': [{}, {'tags': ['01', ' ']}, {}]}", TPL_EMPTY_ITEM,
		"phases[1].tags[1]", NULL, 0, 0);
	expect1(PHASES, "{'phases': [{}, {}, {'tags': '01'}]}", TPL_TYPE, "phases[2].tags", "array",
		0, 0);
	expect1(PHASES, "{'phases': [{'title': 3}, {}, {}]}", TPL_TYPE, "phases[0].title", "string",
		0, 0);
	expect1(PHASES, "{'phases': [{}, {'text': []}, {}]}", TPL_TYPE, "phases[1].text", "string",
		0, 0);
	expect1(PHASES, "{'phases': [{}, 'deux', {}]}", TPL_TYPE, "phases[1]", "object", 0, 0);
	expect1(PHASES, "{'phases': 'un deux trois'}", TPL_TYPE, "phases", "array", 0, 0);
	expect1("[{'id': 'p', 'type': 'phases', 'label': 'P', 'count': 2, 'required': true}]",
		"{'p': []}", TPL_REQUIRED, "p", NULL, 0, 0);
	/* no taxonomy: tags are not looked up */
	expect_ok("[{'id': 'p', 'type': 'phases', 'label': 'P', 'count': 1}]",
		  "{'p': [{'tags': ['anything']}]}");
}

static const char PROS[] =
	"[{'id': 'souhaitable', 'type': 'pros_cons', 'label': 'S', 'pros_label': 'Pour', "
	"'cons_label': 'Contre', 'min': 1, 'max': 3}]";

static void test_pros_cons(void **state)
{
	(void)state;
	expect_ok(PROS, "{'souhaitable': {'pros': ['moins de biens'], 'cons': ['x', 'y', 'z']}}");
	expect_ok(PROS, "{'souhaitable': {'pros': [], 'cons': []}}"); /* empty */
	expect_ok(PROS, "{'souhaitable': {}}");
	expect1(PROS, "{'souhaitable': {'pros': ['a'], 'cons': []}}", TPL_TOO_FEW,
		"souhaitable.cons", NULL, 1, 0);
	expect1(PROS, "{'souhaitable': {'pros': ['a']}}", TPL_TOO_FEW, "souhaitable.cons", NULL, 1,
		0);
	expect1(PROS, "{'souhaitable': {'pros': ['a', 'b', 'c', 'd'], 'cons': ['e']}}",
		TPL_TOO_MANY, "souhaitable.pros", NULL, 3, 0);
	expect1(PROS, "{'souhaitable': {'pros': ['a', 'b', 'c'], 'cons': ['', 'e']}}",
		TPL_EMPTY_ITEM, "souhaitable.cons[0]", NULL, 0, 0);
	expect1("[{'id': 'souhaitable', 'type': 'pros_cons', 'label': 'S'}]",
		"{'souhaitable': {'pros': ['a', 'b', 'c', ' '], 'cons': []}}", TPL_EMPTY_ITEM,
		"souhaitable.pros[3]", NULL, 0, 0);
	expect1(PROS, "{'souhaitable': {'pros': ['a'], 'cons': 'b'}}", TPL_TYPE,
		"souhaitable.cons", "array", 0, 0);
	expect1(PROS, "{'souhaitable': {'pros': [1], 'cons': ['b']}}", TPL_TYPE,
		"souhaitable.pros[0]", "string", 0, 0);
	expect1(PROS, "{'souhaitable': ['a', 'b']}", TPL_TYPE, "souhaitable", "object", 0, 0);
	expect1("[{'id': 's', 'type': 'pros_cons', 'label': 'S', 'required': true}]",
		"{'s': {'pros': [], 'cons': []}}", TPL_REQUIRED, "s", NULL, 0, 0);
}

static const char GRID[] =
	"[{'id': 'anticipation', 'type': 'grid', 'label': 'A', "
	"'rows': ['Entreprise', 'Acteur public'], "
	"'columns': ['Opportunit\\u00e9s', 'Menaces', 'Conditions de r\\u00e9ussite']}]";

static void test_grid(void **state)
{
	(void)state;
	expect_ok(GRID, "{'anticipation': [[['a'], [], ['b', 'c']], [[], ['d'], []]]}");
	/* empty, whatever the shape */
	expect_ok(GRID, "{'anticipation': []}");
	expect_ok(GRID, "{'anticipation': [[[], [], []], [[], [], []]]}");
	expect_ok(GRID, "{'anticipation': [[[]]]}");
	expect1(GRID, "{'anticipation': [[['a'], [], []]]}", TPL_GRID_SHAPE, "anticipation", NULL, 2,
		3);
	expect1(GRID, "{'anticipation': [[['a'], [], []], [[], []]]}", TPL_GRID_SHAPE,
		"anticipation[1]", NULL, 2, 3);
	expect1(GRID, "{'anticipation': [[['a'], [], []], [[], [], [], []]]}", TPL_GRID_SHAPE,
		"anticipation[1]", NULL, 2, 3);
	expect1(GRID, "{'anticipation': [[['a'], [], ['b', ' ']], [[], [], []]]}", TPL_EMPTY_ITEM,
		"anticipation[0][2][1]", NULL, 0, 0);
	expect1(GRID, "{'anticipation': [[['a'], [], ['b', 5]], [[], [], []]]}", TPL_TYPE,
		"anticipation[0][2][1]", "string", 0, 0);
	expect1(GRID, "{'anticipation': [[['a'], [], 'b'], [[], [], []]]}", TPL_TYPE,
		"anticipation[0][2]", "array", 0, 0);
	expect1(GRID, "{'anticipation': [[['a'], [], []], 'x']}", TPL_TYPE, "anticipation[1]",
		"array", 0, 0);
	expect1(GRID, "{'anticipation': {'Entreprise': []}}", TPL_TYPE, "anticipation", "array", 0,
		0);
	expect1("[{'id': 'g', 'type': 'grid', 'label': 'G', 'required': true, 'rows': ['r'], "
		"'columns': ['c']}]",
		"{'g': [[[]]]}", TPL_REQUIRED, "g", NULL, 0, 0);
	/* wrong row count and a short row: two problems, the grid's first */
	tpl_error e[MAXE];
	assert_int_equal(run(GRID, "{'anticipation': [[['a']]]}", &lookup, e, MAXE), 2);
	expect_err(&e[0], TPL_GRID_SHAPE, "anticipation", NULL, 2, 3);
	expect_err(&e[1], TPL_GRID_SHAPE, "anticipation[0]", NULL, 2, 3);
}

static const char REFS[] =
	"[{'id': 'references', 'type': 'refs', 'label': 'R', 'min': 1, 'max': 2}]";

static void test_refs(void **state)
{
	(void)state;
	expect_ok(REFS, "{'references': ['ref-1', 'R_3']}");
	expect_ok(REFS, "{'references': []}");
	expect1(REFS, "{'references': ['ref-1', 'ref-9']}", TPL_UNKNOWN_REF, "references[1]", NULL,
		0, 0);
	expect1(REFS, "{'references': ['ref-1', 'ref-2', 'R_3']}", TPL_TOO_MANY, "references", NULL,
		2, 0);
	expect1("[{'id': 'r', 'type': 'refs', 'label': 'R', 'min': 2}]", "{'r': ['ref-1']}",
		TPL_TOO_FEW, "r", NULL, 2, 0);
	expect1(REFS, "{'references': ['']}", TPL_EMPTY_ITEM, "references[0]", NULL, 0, 0);
	expect1(REFS, "{'references': [12]}", TPL_TYPE, "references[0]", "string", 0, 0);
	expect1(REFS, "{'references': 'ref-1'}", TPL_TYPE, "references", "array", 0, 0);
	/* without a lookup every uid is accepted */
	tpl_error e[MAXE];
	assert_int_equal(run(REFS, "{'references': ['nowhere']}", NULL, e, MAXE), 0);
	tpl_lookup terms_only = {term_known, NULL, NULL};
	assert_int_equal(run(REFS, "{'references': ['nowhere']}", &terms_only, e, MAXE), 0);
}

static const char TAGS[] =
	"[{'id': 'qualites', 'type': 'tags', 'label': 'Q', 'taxonomy': 'qualites', 'min': 1, "
	"'max': 2}]";

static void test_tags(void **state)
{
	(void)state;
	expect_ok(TAGS, "{'qualites': ['frugal', 'inclusif']}");
	expect_ok(TAGS, "{'qualites': []}");
	expect1(TAGS, "{'qualites': ['frugal', 'cher']}", TPL_UNKNOWN_TERM, "qualites[1]",
		"qualites", 0, 0);
	/* a code of another taxonomy is unknown here */
	expect1(TAGS, "{'qualites': ['01']}", TPL_UNKNOWN_TERM, "qualites[0]", "qualites", 0, 0);
	expect1(TAGS, "{'qualites': ['frugal', 'inclusif', 'frugal']}", TPL_TOO_MANY, "qualites",
		NULL, 2, 0);
	expect1("[{'id': 't', 'type': 'tags', 'label': 'T', 'taxonomy': 'qualites', 'min': 2}]",
		"{'t': ['frugal']}", TPL_TOO_FEW, "t", NULL, 2, 0);
	expect1(TAGS, "{'qualites': [' ']}", TPL_EMPTY_ITEM, "qualites[0]", NULL, 0, 0);
	expect1(TAGS, "{'qualites': [true]}", TPL_TYPE, "qualites[0]", "string", 0, 0);
	expect1(TAGS, "{'qualites': 'frugal'}", TPL_TYPE, "qualites", "array", 0, 0);
	expect1("[{'id': 't', 'type': 'tags', 'label': 'T', 'taxonomy': 'qualites', "
		"'required': true}]",
		"{'t': []}", TPL_REQUIRED, "t", NULL, 0, 0);
	/* without a lookup every code is accepted */
	tpl_error e[MAXE];
	assert_int_equal(run(TAGS, "{'qualites': ['cher']}", NULL, e, MAXE), 0);
	tpl_lookup refs_only = {NULL, ref_known, NULL};
	assert_int_equal(run(TAGS, "{'qualites': ['cher']}", &refs_only, e, MAXE), 0);
}

static const char ACTORS[] =
	"[{'id': 'acteurs', 'type': 'actors', 'label': 'A', 'taxonomy': 'acteurs', 'max': 2}]";

static void test_actors(void **state)
{
	(void)state;
	expect_ok(ACTORS, "{'acteurs': [{'category': 'citoyens', 'role': 'votent'}, "
			  "{'category': 'chercheurs', 'role': ''}]}");
	expect_ok(ACTORS, "{'acteurs': [{'role': 'sans cat\\u00e9gorie'}]}");
	expect1(ACTORS, "{'acteurs': [{'category': 'martiens', 'role': 'r'}]}", TPL_UNKNOWN_TERM,
		"acteurs[0].category", "acteurs", 0, 0);
	expect1(ACTORS, "{'acteurs': [{'category': 'citoyens'}, {'category': ' ', 'role': ''}]}",
		TPL_EMPTY_ITEM, "acteurs[1]", NULL, 0, 0);
	expect1(ACTORS, "{'acteurs': [{'category': 'citoyens', 'role': 3}]}", TPL_TYPE,
		"acteurs[0].role", "string", 0, 0);
	expect1(ACTORS, "{'acteurs': [{'category': ['citoyens']}]}", TPL_TYPE,
		"acteurs[0].category", "string", 0, 0);
	expect1(ACTORS, "{'acteurs': ['citoyens']}", TPL_TYPE, "acteurs[0]", "object", 0, 0);
	expect1(ACTORS, "{'acteurs': {'category': 'citoyens'}}", TPL_TYPE, "acteurs", "array", 0,
		0);
	expect1(ACTORS,
		"{'acteurs': [{'category': 'citoyens'}, {'category': 'citoyens'}, {'role': 'x'}]}",
		TPL_TOO_MANY, "acteurs", NULL, 2, 0);
	expect1("[{'id': 'a', 'type': 'actors', 'label': 'A', 'min': 2}]", "{'a': [{'role': 'x'}]}",
		TPL_TOO_FEW, "a", NULL, 2, 0);
	/* without a taxonomy, any category */
	expect_ok("[{'id': 'a', 'type': 'actors', 'label': 'A'}]",
		  "{'a': [{'category': 'martiens', 'role': 'r'}]}");
	expect1("[{'id': 'a', 'type': 'actors', 'label': 'A', 'required': true}]", "{'a': []}",
		TPL_REQUIRED, "a", NULL, 0, 0);
}

/* Strings must be valid UTF-8 without NUL, wherever they are. jansson
 * refuses such strings when parsing, but content may be built in C. */
static void test_bad_utf8(void **state)
{
	(void)state;
	json_t *tpl = template_of(
		"[{'id': 't', 'type': 'text', 'label': 'T'}, {'id': 'l', 'type': 'list', 'label': 'L'},"
		" {'id': 'g', 'type': 'tags', 'label': 'G', 'taxonomy': 'qualites'}]");
	json_t *c = json_object();
	json_object_set_new(c, "t", json_stringn_nocheck("caf\xC3", 4));
	json_t *l = json_array();
	json_array_append_new(l, json_string("ok"));
	json_array_append_new(l, json_stringn_nocheck("a\0b", 3));
	json_object_set_new(c, "l", l);
	json_t *g = json_array();
	json_array_append_new(g, json_stringn_nocheck("\xED\xA0\x80", 3)); /* a surrogate */
	json_object_set_new(c, "g", g);
	tpl_error e[MAXE];
	lookups = 0;
	assert_int_equal(tpl_validate(tpl, c, &lookup, e, MAXE), 3);
	expect_err(&e[0], TPL_BAD_UTF8, "t", NULL, 0, 0);
	expect_err(&e[1], TPL_BAD_UTF8, "l[1]", NULL, 0, 0);
	expect_err(&e[2], TPL_BAD_UTF8, "g[0]", NULL, 0, 0);
	assert_int_equal(lookups, 0); /* never looked up */
	json_decref(c);
	json_decref(tpl);
}

/* ---- the whole content ---- */

/* A template with every type, like the built-in ones put together. */
static const char ALL[] =
	"[{'id': 'horizon', 'type': 'horizon', 'label': 'H', 'required': true},"
	" {'id': 'chronique', 'type': 'chronicle', 'label': 'C', 'min': 1},"
	" {'id': 'recit', 'type': 'text', 'label': 'R', 'required': true, 'max_length': 100},"
	" {'id': 'signes', 'type': 'list', 'label': 'S'},"
	" {'id': 'phases', 'type': 'phases', 'label': 'P', 'count': 2, 'taxonomy': 'dynamiques'},"
	" {'id': 'souhaitable', 'type': 'pros_cons', 'label': 'S'},"
	" {'id': 'anticipation', 'type': 'grid', 'label': 'A', 'rows': ['a', 'b'],"
	"  'columns': ['x', 'y', 'z']},"
	" {'id': 'references', 'type': 'refs', 'label': 'R'},"
	" {'id': 'incertitudes', 'type': 'tags', 'label': 'I', 'taxonomy': 'qualites'},"
	" {'id': 'acteurs', 'type': 'actors', 'label': 'A', 'taxonomy': 'acteurs'}]";

static void test_whole_content(void **state)
{
	(void)state;
	expect_ok(ALL, "{'horizon': 2040, 'chronique': [{'year': 2030, 'text': 'x'}],"
		       " 'recit': 'Face \\u00e0 une crise', 'signes': ['a'],"
		       " 'phases': [{'title': 't', 'text': 'x', 'tags': ['01']}, {}],"
		       " 'souhaitable': {'pros': ['p'], 'cons': []},"
		       " 'anticipation': [[[], ['o'], []], [[], [], []]],"
		       " 'references': ['ref-1'], 'incertitudes': ['frugal'],"
		       " 'acteurs': [{'category': 'citoyens', 'role': 'r'}]}");
	/* the minimum: the two required sections */
	expect_ok(ALL, "{'horizon': 2040, 'recit': 'r'}");
	/* removed sections (keys the template does not know) are ignored */
	expect_ok(ALL, "{'horizon': 2040, 'recit': 'r', 'ancienne': [1, {'x': null}],"
		       " 'Mal Nommee': 'x', '': 3}");
	/* content that is not an object */
	tpl_error e[MAXE];
	assert_int_equal(run(ALL, "['horizon']", &lookup, e, MAXE), 1);
	expect_err(&e[0], TPL_TYPE, "", "object", 0, 0);
	assert_int_equal(run(ALL, "null", &lookup, e, MAXE), 1);
	expect_err(&e[0], TPL_TYPE, "", "object", 0, 0);
}

/* Problems come in the template's order, whatever the content's key order,
 * and each names its section. */
static void test_order_and_sections(void **state)
{
	(void)state;
	const char *content =
		"{'acteurs': [{'category': 'martiens'}], 'incertitudes': ['x'],"
		" 'references': ['zz'], 'anticipation': [[['x']]],"
		" 'souhaitable': {'pros': [''], 'cons': []}, 'phases': [{}],"
		" 'signes': [''], 'recit': '', 'chronique': [{'year': 'y', 'text': 't'}],"
		" 'horizon': 1000}";
	tpl_error e[MAXE];
	size_t n = run(ALL, content, &lookup, e, MAXE);
	static const struct {
		tpl_code code;
		const char *section, *path;
	} want[] = {
		{TPL_YEAR_RANGE, "horizon", "horizon"},
		{TPL_TYPE, "chronique", "chronique[0].year"},
		{TPL_REQUIRED, "recit", "recit"},
		{TPL_EMPTY_ITEM, "signes", "signes[0]"},
		{TPL_EXACT, "phases", "phases"},
		{TPL_EMPTY_ITEM, "souhaitable", "souhaitable.pros[0]"},
		{TPL_GRID_SHAPE, "anticipation", "anticipation"},
		{TPL_GRID_SHAPE, "anticipation", "anticipation[0]"},
		{TPL_UNKNOWN_REF, "references", "references[0]"},
		{TPL_UNKNOWN_TERM, "incertitudes", "incertitudes[0]"},
		{TPL_UNKNOWN_TERM, "acteurs", "acteurs[0].category"},
	};
	if (n != UNIT_LEN(want)) {
		print_errors(e, n);
		fail_msg("%zu problems, expected %zu", n, UNIT_LEN(want));
	}
	for (size_t i = 0; i < n; i++) {
		if (e[i].code != want[i].code || strcmp(e[i].section, want[i].section) ||
		    strcmp(e[i].path, want[i].path)) {
			print_errors(e, n);
			fail_msg("problem %zu: expected code %d at %s", i, want[i].code, want[i].path);
		}
	}
}

/* Beyond max, problems are counted but not written. */
static void test_max(void **state)
{
	(void)state;
	const char *content = "{'signes': ['', ' ', '', ' ', '']}";
	const char *sections = "[{'id': 'signes', 'type': 'list', 'label': 'S'}]";
	tpl_error e[4];
	memset(e, 0x5a, sizeof e);
	assert_int_equal(run(sections, content, &lookup, e, 2), 5);
	expect_err(&e[0], TPL_EMPTY_ITEM, "signes[0]", NULL, 0, 0);
	expect_err(&e[1], TPL_EMPTY_ITEM, "signes[1]", NULL, 0, 0);
	const unsigned char *p = (const unsigned char *)&e[2];
	for (size_t i = 0; i < 2 * sizeof e[0]; i++)
		assert_int_equal(p[i], 0x5a);
	assert_int_equal(run(sections, content, &lookup, NULL, 0), 5);
	json_t *tpl = template_of("[]");
	json_t *c = J("{}");
	assert_int_equal(tpl_validate(tpl, c, &lookup, NULL, 0), 0);
	json_decref(c);
	json_decref(tpl);
	/* same for definitions */
	memset(e, 0x5a, sizeof e);
	assert_int_equal(def("[{}, {}, {}]", e, 1), 9); /* id, type, label of each */
	expect_err(&e[0], TPL_DEF_ID, "sections[0].id", NULL, 0, 0);
	p = (const unsigned char *)&e[1];
	for (size_t i = 0; i < 3 * sizeof e[0]; i++)
		assert_int_equal(p[i], 0x5a);
}

/* The lookups get the taxonomy of the section and the code as written. */
static void test_lookup_arguments(void **state)
{
	(void)state;
	lookups = 0;
	expect_ok(ALL, "{'horizon': 2040, 'recit': 'r', 'incertitudes': ['frugal', 'inclusif'],"
		       " 'references': ['ref-2'], 'phases': [{'tags': ['29']}, {}],"
		       " 'acteurs': [{'category': 'chercheurs', 'role': 'r'}, {'role': 'x'}]}");
	/* 2 tags + 1 ref + 1 phase tag + 1 category (the blank one is not looked up) */
	assert_int_equal(lookups, 5);
}

/* ---- definition checks ---- */

static void test_def_sound(void **state)
{
	(void)state;
	tpl_error e[MAXE];
	assert_int_equal(def(ALL, e, MAXE), 0);
	assert_int_equal(def("[]", e, MAXE), 0);
	/* every optional property and constraint, each of its type */
	assert_int_equal(
		def("[{'id': 'a', 'type': 'text', 'label': 'A', 'help': '', 'required': false,"
		    "  'max_length': 0},"
		    " {'id': 'b', 'type': 'list', 'label': 'B', 'min': 0, 'max': 0},"
		    " {'id': 'c', 'type': 'horizon', 'label': 'C', 'min_year': 2030, 'max_year': 2030},"
		    " {'id': 'd', 'type': 'chronicle', 'label': 'D', 'min': 2, 'max': 8},"
		    " {'id': 'e', 'type': 'phases', 'label': 'E', 'count': 12},"
		    " {'id': 'f', 'type': 'pros_cons', 'label': 'F', 'pros_label': 'P',"
		    "  'cons_label': 'C', 'min': 1, 'max': 1},"
		    " {'id': 'g', 'type': 'grid', 'label': 'G', 'rows': ['r'], 'columns': ['c']},"
		    " {'id': 'h', 'type': 'refs', 'label': 'H', 'min': 1},"
		    " {'id': 'i', 'type': 'tags', 'label': 'I', 'taxonomy': 'qualites', 'max': 7},"
		    " {'id': 'j', 'type': 'actors', 'label': 'J', 'taxonomy': 'acteurs', 'min': 1},"
		    " {'id': '0_x-y', 'type': 'actors', 'label': 'K'}]",
		    e, MAXE),
		0);
	/* ids: 1 to 40 characters */
	assert_int_equal(def("[{'id': 'a234567890123456789012345678901234567890', 'type': 'text',"
			     " 'label': 'L'}]",
			     e, MAXE),
			 0);
	/* the taxonomy check is skipped without a callback */
	json_t *tpl = json_object();
	json_object_set_new(tpl, "sections",
			    J("[{'id': 't', 'type': 'tags', 'label': 'T', 'taxonomy': 'inconnue'}]"));
	assert_int_equal(tpl_check_definition(tpl, NULL, NULL, e, MAXE), 0);
	json_decref(tpl);
}

static void test_def_shape(void **state)
{
	(void)state;
	tpl_error e[MAXE];
	json_t *t = J("[]");
	assert_int_equal(tpl_check_definition(t, NULL, NULL, e, MAXE), 1);
	expect_err(&e[0], TPL_TYPE, "", "object", 0, 0);
	json_decref(t);
	t = J("{'slug': 'x'}");
	assert_int_equal(tpl_check_definition(t, NULL, NULL, e, MAXE), 1);
	expect_err(&e[0], TPL_TYPE, "sections", "array", 0, 0);
	json_decref(t);
	t = J("{'sections': {'id': 'x'}}");
	assert_int_equal(tpl_check_definition(t, NULL, NULL, e, MAXE), 1);
	expect_err(&e[0], TPL_TYPE, "sections", "array", 0, 0);
	json_decref(t);
	def1("[{'id': 'a', 'type': 'text', 'label': 'A'}, 'b']", TPL_TYPE, "sections[1]", "object", 0,
	     0);
}

static void test_def_id(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"[{'type': 'text', 'label': 'L'}]",
		"[{'id': '', 'type': 'text', 'label': 'L'}]",
		"[{'id': 'Recit', 'type': 'text', 'label': 'L'}]",
		"[{'id': '-recit', 'type': 'text', 'label': 'L'}]",
		"[{'id': '_recit', 'type': 'text', 'label': 'L'}]",
		"[{'id': 'le recit', 'type': 'text', 'label': 'L'}]",
		"[{'id': 'r\\u00e9cit', 'type': 'text', 'label': 'L'}]",
		"[{'id': 'a.b', 'type': 'text', 'label': 'L'}]",
		"[{'id': 'a2345678901234567890123456789012345678901', 'type': 'text', 'label': 'L'}]",
		"[{'id': 7, 'type': 'text', 'label': 'L'}]",
		"[{'id': null, 'type': 'text', 'label': 'L'}]",
		"[{'id': 'a\\u0000b', 'type': 'text', 'label': 'L'}]",
	};
	for (size_t i = 0; i < UNIT_LEN(bad); i++)
		def1(bad[i], TPL_DEF_ID, "sections[0].id", NULL, 0, 0);
	tpl_error e[MAXE];
	assert_int_equal(def("[{'type': 'text', 'label': 'L'}]", e, MAXE), 1);
	assert_string_equal(e[0].section, "");
}

static void test_def_duplicate(void **state)
{
	(void)state;
	tpl_error e[MAXE];
	assert_int_equal(def("[{'id': 'a', 'type': 'text', 'label': 'A'},"
			     " {'id': 'b', 'type': 'list', 'label': 'B'},"
			     " {'id': 'a', 'type': 'list', 'label': 'C'},"
			     " {'id': 'b', 'type': 'refs', 'label': 'D'}]",
			     e, MAXE),
			 2);
	expect_err(&e[0], TPL_DEF_DUPLICATE, "sections[2].id", NULL, 0, 0);
	assert_string_equal(e[0].section, "a");
	expect_err(&e[1], TPL_DEF_DUPLICATE, "sections[3].id", NULL, 1, 0);
}

static void test_def_type(void **state)
{
	(void)state;
	def1("[{'id': 'a', 'type': 'paragraph', 'label': 'A'}]", TPL_DEF_TYPE, "sections[0].type",
	     NULL, 0, 0);
	def1("[{'id': 'a', 'label': 'A'}]", TPL_DEF_TYPE, "sections[0].type", NULL, 0, 0);
	def1("[{'id': 'a', 'type': 1, 'label': 'A'}]", TPL_DEF_TYPE, "sections[0].type", NULL, 0, 0);
	def1("[{'id': 'a', 'type': 'Text', 'label': 'A'}]", TPL_DEF_TYPE, "sections[0].type", NULL,
	     0, 0);
	/* unknown type: its constraints cannot be judged and are not reported */
	def1("[{'id': 'a', 'type': 'paragraph', 'label': 'A', 'words': 3}]", TPL_DEF_TYPE,
	     "sections[0].type", NULL, 0, 0);
}

static void test_def_label(void **state)
{
	(void)state;
	def1("[{'id': 'a', 'type': 'text'}]", TPL_DEF_LABEL, "sections[0].label", "string", 0, 0);
	def1("[{'id': 'a', 'type': 'text', 'label': ''}]", TPL_DEF_LABEL, "sections[0].label",
	     "string", 0, 0);
	def1("[{'id': 'a', 'type': 'text', 'label': '  '}]", TPL_DEF_LABEL, "sections[0].label",
	     "string", 0, 0);
	def1("[{'id': 'a', 'type': 'text', 'label': ['A']}]", TPL_DEF_LABEL, "sections[0].label",
	     "string", 0, 0);
	tpl_error e[MAXE];
	def("[{'id': 'b', 'type': 'text'}]", e, MAXE);
	assert_string_equal(e[0].section, "b");
}

static void test_def_constraint(void **state)
{
	(void)state;
	static const struct {
		const char *sections, *path, *want;
		long n, n2;
	} cases[] = {
		/* common properties of the wrong type */
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'help': 3}]", "sections[0].help", "string", 0, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'required': 'yes'}]",
		 "sections[0].required", "boolean", 0, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'required': 1}]", "sections[0].required",
		 "boolean", 0, 0},
		/* unknown keys, typos and other types' constraints */
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'maxlength': 3}]",
		 "sections[0].maxlength", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'min': 3}]", "sections[0].min", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'count': 3}]", "sections[0].count", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'taxonomy': 'qualites'}]",
		 "sections[0].taxonomy", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'min': 2000}]", "sections[0].min",
		 NULL, 0, 0},
		{"[{'id': 'a', 'type': 'refs', 'label': 'A', 'Max': 2}]", "sections[0].Max", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': 3, 'min': 1}]",
		 "sections[0].min", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'pros_label': 'P'}]",
		 "sections[0].pros_label", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': 'qualites', 'count': 2}]",
		 "sections[0].count", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'min_year': 2000}]",
		 "sections[0].min_year", NULL, 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': ['r'], 'columns': ['c'],"
		 " 'cells': 3}]",
		 "sections[0].cells", NULL, 0, 0},
		/* max_length */
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'max_length': -1}]",
		 "sections[0].max_length", "integer", -1, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'max_length': 2.5}]",
		 "sections[0].max_length", "integer", 0, 0},
		{"[{'id': 'a', 'type': 'text', 'label': 'A', 'max_length': '100'}]",
		 "sections[0].max_length", "integer", 0, 0},
		/* min and max */
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'min': -1}]", "sections[0].min", "integer",
		 -1, 0},
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'max': '3'}]", "sections[0].max",
		 "integer", 0, 0},
		{"[{'id': 'a', 'type': 'list', 'label': 'A', 'min': 5, 'max': 2}]", "sections[0].min",
		 NULL, 5, 2},
		{"[{'id': 'a', 'type': 'chronicle', 'label': 'A', 'min': 3, 'max': 1}]",
		 "sections[0].min", NULL, 3, 1},
		{"[{'id': 'a', 'type': 'refs', 'label': 'A', 'min': true}]", "sections[0].min",
		 "integer", 0, 0},
		{"[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': 'qualites', 'min': 4,"
		 " 'max': 3}]",
		 "sections[0].min", NULL, 4, 3},
		{"[{'id': 'a', 'type': 'actors', 'label': 'A', 'max': -2}]", "sections[0].max",
		 "integer", -2, 0},
		{"[{'id': 'a', 'type': 'pros_cons', 'label': 'A', 'min': 2, 'max': 1}]",
		 "sections[0].min", NULL, 2, 1},
		/* years */
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'min_year': 2100, 'max_year': 2000}]",
		 "sections[0].min_year", NULL, 2100, 2000},
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'min_year': 2400}]",
		 "sections[0].min_year", NULL, 2400, 2300},
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'max_year': 1800}]",
		 "sections[0].min_year", NULL, 1900, 1800},
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'min_year': '2000'}]",
		 "sections[0].min_year", "integer", 0, 0},
		{"[{'id': 'a', 'type': 'horizon', 'label': 'A', 'max_year': 2050.5}]",
		 "sections[0].max_year", "integer", 0, 0},
		/* phases' count: required, 1 to 12 */
		{"[{'id': 'a', 'type': 'phases', 'label': 'A'}]", "sections[0].count", "integer", 1,
		 12},
		{"[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': 0}]", "sections[0].count", NULL,
		 1, 12},
		{"[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': 13}]", "sections[0].count",
		 NULL, 1, 12},
		{"[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': '3'}]", "sections[0].count",
		 "integer", 1, 12},
		/* pros_cons headings */
		{"[{'id': 'a', 'type': 'pros_cons', 'label': 'A', 'pros_label': 3}]",
		 "sections[0].pros_label", "string", 0, 0},
		{"[{'id': 'a', 'type': 'pros_cons', 'label': 'A', 'cons_label': ''}]",
		 "sections[0].cons_label", "string", 0, 0},
		/* grid: rows and columns, non-empty arrays of non-blank strings */
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'columns': ['c']}]", "sections[0].rows",
		 "array", 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': ['r']}]", "sections[0].columns",
		 "array", 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': [], 'columns': ['c']}]",
		 "sections[0].rows", "array", 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': 'r', 'columns': ['c']}]",
		 "sections[0].rows", "array", 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': ['r', ''], 'columns': ['c']}]",
		 "sections[0].rows[1]", "string", 0, 0},
		{"[{'id': 'a', 'type': 'grid', 'label': 'A', 'rows': ['r'], 'columns': ['c', 2]}]",
		 "sections[0].columns[1]", "string", 0, 0},
	};
	for (size_t i = 0; i < UNIT_LEN(cases); i++)
		def1(cases[i].sections, TPL_DEF_CONSTRAINT, cases[i].path, cases[i].want, cases[i].n,
		     cases[i].n2);
}

static void test_def_taxonomy(void **state)
{
	(void)state;
	def1("[{'id': 'a', 'type': 'tags', 'label': 'A'}]", TPL_DEF_TAXONOMY, "sections[0].taxonomy",
	     NULL, 0, 0);
	def1("[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': 'Mes Tags'}]", TPL_DEF_TAXONOMY,
	     "sections[0].taxonomy", NULL, 0, 0);
	def1("[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': ''}]", TPL_DEF_TAXONOMY,
	     "sections[0].taxonomy", NULL, 0, 0);
	def1("[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': 3}]", TPL_DEF_TAXONOMY,
	     "sections[0].taxonomy", NULL, 0, 0);
	def1("[{'id': 'a', 'type': 'tags', 'label': 'A', 'taxonomy': 'inconnue'}]", TPL_DEF_TAXONOMY,
	     "sections[0].taxonomy", "inconnue", 0, 0);
	def1("[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': 3, 'taxonomy': 'inconnue'}]",
	     TPL_DEF_TAXONOMY, "sections[0].taxonomy", "inconnue", 0, 0);
	def1("[{'id': 'a', 'type': 'actors', 'label': 'A', 'taxonomy': 'inconnue'}]",
	     TPL_DEF_TAXONOMY, "sections[0].taxonomy", "inconnue", 0, 0);
	/* optional for phases and actors */
	tpl_error e[MAXE];
	assert_int_equal(def("[{'id': 'a', 'type': 'phases', 'label': 'A', 'count': 3},"
			     " {'id': 'b', 'type': 'actors', 'label': 'B'}]",
			     e, MAXE),
			 0);
}

/* Several problems in one section and across sections, in order. */
static void test_def_many(void **state)
{
	(void)state;
	tpl_error e[MAXE];
	size_t n = def("[{'id': 'Bad', 'type': 'list', 'label': '', 'min': 3, 'max': 1, 'mni': 0},"
		       " {'id': 'ok', 'type': 'tags', 'label': 'T', 'taxonomy': 'nope'}]",
		       e, MAXE);
	assert_int_equal(n, 5);
	expect_err(&e[0], TPL_DEF_ID, "sections[0].id", NULL, 0, 0);
	expect_err(&e[1], TPL_DEF_LABEL, "sections[0].label", "string", 0, 0);
	expect_err(&e[2], TPL_DEF_CONSTRAINT, "sections[0].mni", NULL, 0, 0);
	expect_err(&e[3], TPL_DEF_CONSTRAINT, "sections[0].min", NULL, 3, 1);
	expect_err(&e[4], TPL_DEF_TAXONOMY, "sections[1].taxonomy", "nope", 0, 0);
	assert_string_equal(e[4].section, "ok");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_value_empty),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_horizon),
		cmocka_unit_test(test_chronicle),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_pros_cons),
		cmocka_unit_test(test_grid),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_actors),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_whole_content),
		cmocka_unit_test(test_order_and_sections),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_lookup_arguments),
		cmocka_unit_test(test_def_sound),
		cmocka_unit_test(test_def_shape),
		cmocka_unit_test(test_def_id),
		cmocka_unit_test(test_def_duplicate),
		cmocka_unit_test(test_def_type),
		cmocka_unit_test(test_def_label),
		cmocka_unit_test(test_def_constraint),
		cmocka_unit_test(test_def_taxonomy),
		cmocka_unit_test(test_def_many),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
