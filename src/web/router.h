/*
 * router.h — maps a method and a path to a handler through a route table.
 *
 * Patterns are literal segments and {name} placeholders that match one
 * non-empty segment ("/api/v1/tokens/{id}"). HEAD is served by GET routes.
 * Pure: no I/O, unit-tested on its own.
 */
#ifndef FAB_ROUTER_H
#define FAB_ROUTER_H

#include <stddef.h>

#define ROUTER_MAX_PARAMS 4

/* Route flags. */
enum {
	ROUTE_API = 1,		/* JSON answers and errors; CSRF by header */
	ROUTE_AUTH = 2,		/* requires a logged-in user */
	ROUTE_ADMIN = 4,	/* requires an instance administrator */
	ROUTE_NOCSRF = 8,	/* unsafe method exempt from CSRF (none so far) */
	ROUTE_OWN_TX = 16,	/* the handler's domain call opens its own short
				 * transaction (login: no write lock while hashing) */
};

struct http_req;
typedef void (*route_fn)(struct http_req *r);

typedef struct route {
	const char *method;
	const char *pattern;
	route_fn fn;
	unsigned flags;
} route;

/* Finds the route for method and path. On a match returns it and fills
 * params[] with pointers into path_copy (a writable copy of path the caller
 * provides, at least strlen(path)+1 bytes, whose placeholders are cut out
 * and NUL-terminated). Returns NULL otherwise, setting *path_exists when
 * some route matches the path with another method (405 rather than 404) and
 * writing those methods, comma-separated, into allow (allowlen bytes). */
const route *router_match(const route *table, size_t n, const char *method, const char *path,
			  char *path_copy, const char *params[ROUTER_MAX_PARAMS],
			  int *path_exists, char *allow, size_t allowlen);

#endif
