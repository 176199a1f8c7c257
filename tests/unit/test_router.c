/* test_router.c — matching a method and path to a route (router.h): literal
 * segments, {name} placeholders, HEAD answered by GET (RFC 9110 section
 * 9.3.2), 405 with the Allow list of the methods the path has (sections
 * 15.5.6 and 10.2.1), and 404 otherwise. Also checks the real route table. */
#include "unit.h"

#include "web/pages.h"
#include "web/router.h"

static void h_a(struct http_req *r) { (void)r; }

static const route table[] = {
	{"GET", "/", h_a, 0},				/* 0 */
	{"GET", "/login", h_a, 0},			/* 1 */
	{"POST", "/login", h_a, 0},			/* 2 */
	{"GET", "/users/{id}", h_a, 0},			/* 3 */
	{"POST", "/users/{id}/delete", h_a, 0},		/* 4 */
	{"DELETE", "/api/v1/tokens/{id}", h_a, 0},	/* 5 */
	{"GET", "/a/{x}/b/{y}", h_a, 0},		/* 6 */
	{"PUT", "/items/{id}", h_a, 0},			/* 7 */
	{"GET", "/items/{id}", h_a, 0},			/* 8 */
	{"GET", "/items/new", h_a, 0},			/* 9: wins over 8, fewer placeholders */
	{"GET", "/p/{a}/{b}/{c}/{d}", h_a, 0},		/* 10: four placeholders */
};

/* One lookup with all the outputs. */
typedef struct {
	const route *rt;
	char copy[256];
	const char *params[ROUTER_MAX_PARAMS];
	int exists;
	char allow[128];
} lookup;

static void find(lookup *l, const char *method, const char *path)
{
	memset(l, 0x5a, sizeof *l);
	snprintf(l->copy, sizeof l->copy, "%s", path);
	l->rt = router_match(table, UNIT_LEN(table), method, path, l->copy, l->params, &l->exists,
			     l->allow, sizeof l->allow);
}

static void expect_route(const char *method, const char *path, int index)
{
	lookup l;
	find(&l, method, path);
	if (l.rt != &table[index])
		fail_msg("%s %s matched route %ld, expected %d", method, path,
			 l.rt ? (long)(l.rt - table) : -1L, index);
}

/* Whether the comma-separated list holds exactly the methods of want. */
static void expect_allow(const char *allow, const char *const *want, size_t n)
{
	char copy[128];
	snprintf(copy, sizeof copy, "%s", allow);
	size_t found = 0;
	for (char *save, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		size_t k;
		for (k = 0; k < n; k++)
			if (strcmp(tok, want[k]) == 0)
				break;
		if (k == n)
			fail_msg("Allow: \"%s\" lists %s, which it should not", allow, tok);
		found++;
	}
	if (found != n)
		fail_msg("Allow: \"%s\" has %zu methods, expected %zu (duplicates or missing)", allow,
			 found, n);
}

static void test_literal(void **state)
{
	(void)state;
	expect_route("GET", "/", 0);
	expect_route("GET", "/login", 1);
	expect_route("POST", "/login", 2);
	lookup l;
	find(&l, "GET", "/login");
	assert_null(l.params[0]);
	/* Case matters in paths. */
	find(&l, "GET", "/Login");
	assert_null(l.rt);
	/* Methods are case-sensitive (RFC 9110 section 9.1). */
	find(&l, "get", "/login");
	assert_null(l.rt);
}

static void test_placeholders(void **state)
{
	(void)state;
	lookup l;
	find(&l, "GET", "/users/42");
	assert_true(l.rt == &table[3]);
	assert_string_equal(l.params[0], "42");
	assert_null(l.params[1]);
	/* Parameters live in the caller's copy, not in the path. */
	assert_true(l.params[0] >= l.copy && l.params[0] < l.copy + sizeof l.copy);

	find(&l, "POST", "/users/7/delete");
	assert_true(l.rt == &table[4]);
	assert_string_equal(l.params[0], "7");

	find(&l, "GET", "/a/one/b/two");
	assert_true(l.rt == &table[6]);
	assert_string_equal(l.params[0], "one");
	assert_string_equal(l.params[1], "two");
	assert_null(l.params[2]);

	find(&l, "GET", "/p/1/22/333/4444");
	assert_true(l.rt == &table[10]);
	assert_string_equal(l.params[0], "1");
	assert_string_equal(l.params[1], "22");
	assert_string_equal(l.params[2], "333");
	assert_string_equal(l.params[3], "4444");

	/* Placeholder values are whatever the segment holds, dots, percent
	 * escapes and UTF-8 included. */
	find(&l, "DELETE", "/api/v1/tokens/%2E%2E");
	assert_true(l.rt == &table[5]);
	assert_string_equal(l.params[0], "%2E%2E");
	find(&l, "GET", "/users/\xC3\xA9l\xC3\xA8ve.json");
	assert_true(l.rt == &table[3]);
	assert_string_equal(l.params[0], "\xC3\xA9l\xC3\xA8ve.json");

	/* A placeholder matches one non-empty segment, no more, no less. */
	find(&l, "GET", "/users/");
	assert_null(l.rt);
	find(&l, "GET", "/users");
	assert_null(l.rt);
	find(&l, "GET", "/users/1/2");
	assert_null(l.rt);
	find(&l, "POST", "/users//delete");
	assert_null(l.rt);
	find(&l, "GET", "/a//b/x");
	assert_null(l.rt);
	find(&l, "GET", "/p/1/2/3");
	assert_null(l.rt);
}

static void test_head(void **state)
{
	(void)state;
	expect_route("HEAD", "/login", 1);
	expect_route("HEAD", "/users/5", 3);
	lookup l;
	/* HEAD on a path that has no GET: 405, listing what it has. */
	find(&l, "HEAD", "/users/5/delete");
	assert_null(l.rt);
	assert_int_equal(l.exists, 1);
	static const char *const post[] = {"POST"};
	expect_allow(l.allow, post, 1);
}

static void test_405(void **state)
{
	(void)state;
	lookup l;
	find(&l, "DELETE", "/login");
	assert_null(l.rt);
	assert_int_equal(l.exists, 1);
	static const char *const login[] = {"GET", "HEAD", "POST"};
	expect_allow(l.allow, login, 3);

	find(&l, "PATCH", "/items/9");
	assert_null(l.rt);
	assert_int_equal(l.exists, 1);
	static const char *const items[] = {"PUT", "GET", "HEAD"};
	expect_allow(l.allow, items, 3);

	/* /items/new is its own resource: the routes of /items/{id} that the
	 * path also matches do not answer for it, nor appear in Allow. */
	find(&l, "POST", "/items/new");
	assert_null(l.rt);
	assert_int_equal(l.exists, 1);
	static const char *const fresh[] = {"GET", "HEAD"};
	expect_allow(l.allow, fresh, 2);
	find(&l, "PUT", "/items/new");
	assert_null(l.rt);
	find(&l, "GET", "/items/new");
	assert_ptr_equal(l.rt, &table[9]);
	assert_null(l.params[0]);
	find(&l, "GET", "/items/newer");
	assert_ptr_equal(l.rt, &table[8]);
	assert_string_equal(l.params[0], "newer");

	find(&l, "GET", "/api/v1/tokens/3");
	assert_null(l.rt);
	assert_int_equal(l.exists, 1);
	static const char *const del[] = {"DELETE"};
	expect_allow(l.allow, del, 1);

	/* A small allow buffer is never overrun and stays a string (an exact
	 * heap allocation, so the sanitizer build sees any overrun). */
	char copy[64];
	char *allow = mem_alloc(5);
	const char *params[ROUTER_MAX_PARAMS];
	int exists = 0;
	snprintf(copy, sizeof copy, "/login");
	assert_null(router_match(table, UNIT_LEN(table), "PUT", "/login", copy, params, &exists,
				 allow, 5));
	assert_int_equal(exists, 1);
	assert_true(strlen(allow) < 5);
	free(allow);
}

static void test_no_match(void **state)
{
	(void)state;
	static const char *const paths[] = {
		"/nope", "", "//", "/login/x", "/loginx", "/logi", "/api/v1/tokens",
		"/api/v1/tokens/", "login", "/items", "/a/1/b",
	};
	for (size_t i = 0; i < UNIT_LEN(paths); i++) {
		lookup l;
		find(&l, "GET", paths[i]);
		if (l.rt)
			fail_msg("GET \"%s\" matched route %ld", paths[i], (long)(l.rt - table));
		if (l.exists != 0)
			fail_msg("GET \"%s\" claimed the path exists", paths[i]);
		if (l.allow[0] != 0)
			fail_msg("GET \"%s\" left Allow \"%s\"", paths[i], l.allow);
	}
}

/* Routes are exact: a trailing slash names another resource (no route). */
static void test_trailing_slash(void **state)
{
	(void)state;
	lookup l;
	find(&l, "GET", "/login/");
	assert_null(l.rt);
	assert_int_equal(l.exists, 0);
	find(&l, "POST", "/users/1/delete/");
	assert_null(l.rt);
	find(&l, "GET", "/users/1/");
	assert_null(l.rt);
	expect_route("GET", "/", 0);
}

/* The server's own table: every route is reachable by its own method and a
 * path made from its pattern, i.e. no earlier line shadows it, and the
 * placeholders come back as written. */
static void test_real_table(void **state)
{
	(void)state;
	assert_true(web_nroutes > 0);
	for (size_t i = 0; i < web_nroutes; i++) {
		const route *rt = &web_routes[i];
		char path[256], copy[256], allow[128];
		size_t o = 0;
		int np = 0;
		for (const char *p = rt->pattern; *p && o < sizeof path - 8;) {
			if (*p == '{') {
				o += (size_t)snprintf(path + o, sizeof path - o, "v%d", np++);
				p = strchr(p, '}');
				assert_non_null(p);
				p++;
			} else {
				path[o++] = *p++;
			}
		}
		path[o] = 0;
		assert_true(rt->pattern[0] == '/');
		snprintf(copy, sizeof copy, "%s", path);
		const char *params[ROUTER_MAX_PARAMS];
		int exists = 0;
		const route *got = router_match(web_routes, web_nroutes, rt->method, path, copy, params,
						&exists, allow, sizeof allow);
		if (got != rt)
			fail_msg("%s %s is answered by %s %s", rt->method, path,
				 got ? got->method : "nothing", got ? got->pattern : "");
		for (int k = 0; k < np; k++) {
			char want[16];
			snprintf(want, sizeof want, "v%d", k);
			assert_string_equal(params[k], want);
		}
		assert_non_null(rt->fn);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_405),
		cmocka_unit_test(test_no_match),
		cmocka_unit_test(test_trailing_slash),
		cmocka_unit_test(test_real_table),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
