/* router.c — see router.h. Linear scan: the table is small and the match of
 * one route costs a few byte comparisons. When several patterns match a
 * path, the one with the fewest placeholders names the resource, so that
 * /c/{slug}/scenarios/new is never taken for the scenario "new" and a wrong
 * method on it answers 405 rather than reaching another route. */
#include "router.h"

#include <stdio.h>
#include <string.h>

/* Matches pattern against path; fills params pointing into copy. */
static int match(const char *pattern, const char *path, char *copy,
		 const char *params[ROUTER_MAX_PARAMS])
{
	const char *p = pattern, *s = path;
	int np = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (!close || np == ROUTER_MAX_PARAMS)
				return 0;
			const char *end = strchr(s, '/');
			if (!end)
				end = s + strlen(s);
			if (end == s)
				return 0;
			size_t off = (size_t)(s - path), len = (size_t)(end - s);
			memcpy(copy + off, s, len);
			copy[off + len] = 0;
			params[np++] = copy + off;
			p = close + 1;
			s = end;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	for (int i = np; i < ROUTER_MAX_PARAMS; i++)
		params[i] = NULL;
	return *p == 0 && *s == 0;
}

static int placeholders(const char *pattern)
{
	int n = 0;
	for (; *pattern; pattern++)
		n += *pattern == '{';
	return n;
}

const route *router_match(const route *table, size_t n, const char *method, const char *path,
			  char *path_copy, const char *params[ROUTER_MAX_PARAMS],
			  int *path_exists, char *allow, size_t allowlen)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	*path_exists = 0;
	if (allowlen)
		allow[0] = 0;
	int best = -1;
	for (size_t i = 0; i < n; i++) {
		if (!match(table[i].pattern, path, path_copy, params))
			continue;
		int k = placeholders(table[i].pattern);
		if (best < 0 || k < best)
			best = k;
	}
	if (best < 0)
		return NULL;
	const route *found = NULL;
	for (size_t i = 0; i < n; i++) {
		if (placeholders(table[i].pattern) != best ||
		    !match(table[i].pattern, path, path_copy, params))
			continue;
		if (strcmp(table[i].method, m) == 0) {
			found = &table[i];
			break;
		}
		*path_exists = 1;
		if (!allowlen)
			continue;
		size_t used = strlen(allow);
		if (!strstr(allow, table[i].method) && used < allowlen) {
			int get = strcmp(table[i].method, "GET") == 0;
			snprintf(allow + used, allowlen - used, "%s%s%s", used ? ", " : "",
				 table[i].method, get ? ", HEAD" : "");
		}
	}
	if (found)
		match(found->pattern, path, path_copy, params);
	return found;
}
