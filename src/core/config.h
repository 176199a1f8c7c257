/*
 * config.h — the server's settings and where each came from.
 *
 * A setting is looked up in this order, first found wins: command-line flag,
 * FABRIQUE_<KEY> environment variable, the configuration file (--config or
 * FABRIQUE_CONFIG), the built-in default. `fabrique serve --print-config`
 * prints every key with its value and source.
 */
#ifndef FAB_CONFIG_H
#define FAB_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct config config;

/* Creates a configuration holding the defaults. Freed with config_free(). */
config *config_new(void);
void config_free(config *c);

/* Sets key to value, recording source (copied). Returns 0, or -1 when the key
 * is unknown. */
int config_set(config *c, const char *key, const char *value, const char *source);

/* Reads "key = value" lines ('#' starts a comment). Returns 0, or -1 with a
 * message naming the file and line in err. */
int config_load_file(config *c, const char *path, char *err, size_t errlen);

/* Applies every FABRIQUE_<KEY> variable that is set. */
void config_load_env(config *c);

/* Where the value of key came from ("default", "flag --db", ...). */
const char *config_source(const config *c, const char *key);

/* Value of a known key (never NULL for a known key; "" when empty). */
const char *config_get(const config *c, const char *key);
bool config_get_bool(const config *c, const char *key);

/* Parses key as an integer within [min, max]; -1 with a message in err when
 * the value is not one. */
int config_get_int(const config *c, const char *key, int64_t min, int64_t max,
		   int64_t *out, char *err, size_t errlen);

/* Copies a database URL into out with any password replaced by "***", so
 * that printing it leaks nothing. */
void config_redact_url(const char *url, char *out, size_t n);

/* Prints "key = value    # source" for every key (passwords redacted). */
void config_print(const config *c, FILE *f);

/* Iterates the known keys: returns the i-th key name and help, NULL past the
 * end. Used by --help texts. */
const char *config_key(int i, const char **help);

#endif
