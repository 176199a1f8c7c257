/* router.c — see router.h. Linear scan: the table is small and the match of
 * one route costs a few byte comparisons. */
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

const route *router_match(const route *table, size_t n, const char *method, const char *path,
			  char *path_copy, const char *params[ROUTER_MAX_PARAMS],
			  int *path_exists, char *allow, size_t allowlen)
{
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
	*path_exists = 0;
	if (allowlen)
		allow[0] = 0;
	for (size_t i = 0; i < n; i++) {
		if (!match(table[i].pattern, path, path_copy, params))
			continue;
		if (strcmp(table[i].method, m) == 0)
			return &table[i];
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
	return NULL;
}
