/* target_router.c — router_match on arbitrary paths and methods over a table
 * shaped like the server's (literals, placeholders, several methods per
 * path). Checks the contract of router.h: parameters are non-empty single
 * segments inside the caller's copy, Allow is a terminated string within its
 * buffer, and a match has the requested method (HEAD served by GET). */
#include "fuzz.h"

#include "web/router.h"

static void h(struct http_req *r) { (void)r; }

static const route table[] = {
	{"GET", "/", h, 0},
	{"GET", "/lang/{code}", h, 0},
	{"GET", "/static/{name}", h, 0},
	{"GET", "/login", h, 0},
	{"POST", "/login", h, 0},
	{"POST", "/account/tokens/{id}/delete", h, 0},
	{"POST", "/admin/users/{id}", h, 0},
	{"POST", "/admin/users/{id}/delete", h, 0},
	{"GET", "/api/v1/tokens", h, 0},
	{"POST", "/api/v1/tokens", h, 0},
	{"DELETE", "/api/v1/tokens/{id}", h, 0},
	{"GET", "/a/{x}/b/{y}/c/{z}/d/{w}", h, 0},
	{"PUT", "/{a}/{b}", h, 0},
};
static const char *methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const char *method = methods[data[0] % 8];
	size_t allowlen = data[1] % 40; /* 0 .. 39, small ones included */
	char *path = fuzz_cstr(data + 2, size - 2);
	size_t plen = strlen(path);
	char *copy = malloc(plen + 1);
	char *allow = malloc(allowlen ? allowlen : 1);
	if (!copy || !allow)
		abort();
	memcpy(copy, path, plen + 1);
	const char *params[ROUTER_MAX_PARAMS];
	int exists = -1;
	const route *rt = router_match(table, sizeof table / sizeof table[0], method, path, copy, params,
				       &exists, allow, allowlen);
	FUZZ_CHECK(exists == 0 || exists == 1);
	if (allowlen)
		FUZZ_CHECK(memchr(allow, 0, allowlen) != NULL);
	if (rt) {
		const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
		FUZZ_CHECK(strcmp(rt->method, want) == 0);
		int placeholders = 0;
		for (const char *p = rt->pattern; *p; p++)
			placeholders += *p == '{';
		for (int i = 0; i < ROUTER_MAX_PARAMS; i++) {
			if (i >= placeholders) {
				FUZZ_CHECK(params[i] == NULL);
				continue;
			}
			FUZZ_CHECK(params[i] >= copy && params[i] <= copy + plen);
			FUZZ_CHECK(*params[i] != 0);
			FUZZ_CHECK(strchr(params[i], '/') == NULL);
			FUZZ_CHECK(params[i] + strlen(params[i]) <= copy + plen);
		}
	} else if (!exists && allowlen) {
		FUZZ_CHECK(allow[0] == 0);
	}
	free(allow);
	free(copy);
	free(path);
	return 0;
}
