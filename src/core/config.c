/* config.c — see config.h. */
#include "config.h"
#include "mem.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct config_def {
	const char *key, *def, *help;
};

static const struct config_def defs[] = {
	{"listen", "127.0.0.1:8080", "address and port to listen on (HOST:PORT)"},
	{"db", "sqlite:fabrique.db", "database: sqlite:PATH or postgres://..."},
	{"threads", "0", "HTTP worker threads (0: two per core, at least 4)"},
	{"max_body", "1048576", "largest accepted request body, in bytes"},
	{"max_header", "16384", "largest accepted request head, in bytes"},
	{"timeout", "30", "seconds an idle connection is kept open"},
	{"max_connections", "4096", "simultaneous connections accepted"},
	{"trust_proxy", "false", "trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy"},
	{"access_log", "-", "access log: '-' for standard output, 'off', or a file"},
	{"session_days", "14", "days a login session lasts"},
	{"config", "", "configuration file read for the other keys"},
};
#define NDEFS (sizeof defs / sizeof defs[0])

struct config {
	char *value[NDEFS];
	char *source[NDEFS];
};

static int find(const char *key)
{
	for (size_t i = 0; i < NDEFS; i++)
		if (strcmp(defs[i].key, key) == 0)
			return (int)i;
	return -1;
}

config *config_new(void)
{
	config *c = mem_calloc(1, sizeof *c);
	for (size_t i = 0; i < NDEFS; i++) {
		c->value[i] = mem_strdup(defs[i].def);
		c->source[i] = mem_strdup("default");
	}
	return c;
}

void config_free(config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < NDEFS; i++) {
		free(c->value[i]);
		free(c->source[i]);
	}
	free(c);
}

int config_set(config *c, const char *key, const char *value, const char *source)
{
	int i = find(key);
	if (i < 0)
		return -1;
	free(c->value[i]);
	free(c->source[i]);
	c->value[i] = mem_strdup(value);
	c->source[i] = mem_strdup(source);
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return s;
}

int config_load_file(config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read configuration file %s", path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = 0;
		char *s = trim(line);
		if (!*s)
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
			free(line);
			fclose(f);
			return -1;
		}
		*eq = 0;
		char *key = trim(s), *val = trim(eq + 1);
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		char src[512];
		snprintf(src, sizeof src, "file %s:%d", path, lineno);
		if (strcmp(key, "config") == 0 || config_set(c, key, val, src) < 0) {
			snprintf(err, errlen, "%s:%d: unknown setting '%s'", path, lineno, key);
			free(line);
			fclose(f);
			return -1;
		}
	}
	free(line);
	fclose(f);
	return 0;
}

void config_load_env(config *c)
{
	for (size_t i = 0; i < NDEFS; i++) {
		char name[64] = "FABRIQUE_";
		size_t n = strlen(name);
		for (const char *k = defs[i].key; *k && n < sizeof name - 1; k++)
			name[n++] = (char)toupper((unsigned char)*k);
		name[n] = 0;
		const char *v = getenv(name);
		if (v) {
			char src[80];
			snprintf(src, sizeof src, "environment %s", name);
			config_set(c, defs[i].key, v, src);
		}
	}
}

const char *config_get(const config *c, const char *key)
{
	int i = find(key);
	return i < 0 ? NULL : c->value[i];
}

const char *config_source(const config *c, const char *key)
{
	int i = find(key);
	return i < 0 ? NULL : c->source[i];
}

bool config_get_bool(const config *c, const char *key)
{
	const char *v = config_get(c, key);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
		     strcmp(v, "yes") == 0 || strcmp(v, "on") == 0);
}

int config_get_int(const config *c, const char *key, int64_t min, int64_t max,
		   int64_t *out, char *err, size_t errlen)
{
	const char *v = config_get(c, key);
	char *end = NULL;
	errno = 0;
	long long x = v ? strtoll(v, &end, 10) : 0;
	if (!v || !*v || *end || errno == ERANGE || x < min || x > max) {
		snprintf(err, errlen, "setting %s must be a whole number from %lld to %lld (got '%s')",
			 key, (long long)min, (long long)max, v ? v : "");
		return -1;
	}
	*out = x;
	return 0;
}

void config_redact_url(const char *url, char *out, size_t n)
{
	/* Redact in a copy of the whole URL, then fit it into out: cutting
	 * first could leave a password visible. */
	char *u = mem_strdup(url);
	char *scheme = strstr(u, "://");
	if (scheme) {
		char *at = strchr(scheme + 3, '@');
		char *colon = strchr(scheme + 3, ':');
		if (at && colon && colon < at) {
			char *v = mem_alloc(strlen(u) + 8);
			snprintf(v, strlen(u) + 8, "%.*s:***%s", (int)(colon - u), u, at);
			free(u);
			u = v;
		}
	}
	char *pw = strstr(u, "password=");
	if (pw) {
		char *endp = strchr(pw, '&');
		char *v = mem_alloc(strlen(u) + 16);
		snprintf(v, strlen(u) + 16, "%.*spassword=***%s", (int)(pw - u), u, endp ? endp : "");
		free(u);
		u = v;
	}
	if (n) {
		size_t len = strlen(u);
		if (len >= n) {
			/* Too long to show whole: show nothing rather than a part. */
			snprintf(out, n, "%s", n > 4 ? "..." : "");
		} else {
			memcpy(out, u, len + 1);
		}
	}
	free(u);
}

void config_print(const config *c, FILE *f)
{
	for (size_t i = 0; i < NDEFS; i++) {
		char v[4096];
		config_redact_url(c->value[i], v, sizeof v);
		fprintf(f, "%-16s = %-28s # %s\n", defs[i].key, v, c->source[i]);
	}
}

const char *config_key(int i, const char **help)
{
	if (i < 0 || (size_t)i >= NDEFS)
		return NULL;
	if (help)
		*help = defs[i].help;
	return defs[i].key;
}
