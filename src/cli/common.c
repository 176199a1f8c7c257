/* common.c — option parsing and database opening shared by the commands. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

config *cli_config(int *argc, char **argv)
{
	config *c = config_new();
	const char *keys[64], *vals[64];
	int nflags = 0, out = 1;
	const char *file = getenv("FABRIQUE_CONFIG");
	const char *file_src = file ? "environment FABRIQUE_CONFIG" : NULL;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		char key[64];
		const char *val = NULL;
		int consumed = 0;
		if (strncmp(a, "--", 2) == 0 && a[2]) {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (n < sizeof key) {
				memcpy(key, a + 2, n);
				key[n] = 0;
				for (char *p = key; *p; p++)
					if (*p == '-')
						*p = '_';
				if (config_get(c, key)) {
					if (eq) {
						val = eq + 1;
					} else if (i + 1 < *argc) {
						val = argv[++i];
					} else {
						fprintf(stderr, "fabrique: option %s needs a value\n", a);
						config_free(c);
						return NULL;
					}
					consumed = 1;
				}
			}
		}
		if (!consumed) {
			argv[out++] = argv[i];
			continue;
		}
		if (strcmp(key, "config") == 0) {
			file = val;
			file_src = "flag --config";
		} else if (nflags < 64) {
			keys[nflags] = argv[i - (strchr(a, '=') ? 0 : 1)];
			vals[nflags] = val;
			nflags++;
		}
	}
	argv[out] = NULL;
	*argc = out;
	if (file) {
		char err[512];
		config_set(c, "config", file, file_src);
		if (config_load_file(c, file, err, sizeof err) < 0) {
			fprintf(stderr, "fabrique: %s\n", err);
			config_free(c);
			return NULL;
		}
	}
	config_load_env(c);
	for (int i = 0; i < nflags; i++) {
		char key[64];
		const char *a = keys[i] + 2;
		size_t n = strcspn(a, "=");
		if (n >= sizeof key)
			n = sizeof key - 1;
		memcpy(key, a, n);
		key[n] = 0;
		for (char *p = key; *p; p++)
			if (*p == '-')
				*p = '_';
		char src[80];
		snprintf(src, sizeof src, "flag --%s", key);
		for (char *p = src + 7; *p; p++)
			if (*p == '_')
				*p = '-';
		config_set(c, key, vals[i], src);
	}
	return c;
}

store *cli_open_store(config *c)
{
	char err[512];
	store *s;
	if (store_open(config_get(c, "db"), &s, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", err);
		return NULL;
	}
	if (store_migrate(s, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", err);
		store_close(s);
		return NULL;
	}
	return s;
}

const char *cli_option(int argc, char **argv, int *i, const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != 0)
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}
