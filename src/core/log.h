/*
 * log.h — the server's two logs: an access log in the Common Log Format and
 * an error log with one line per event, each tagged with the request id so a
 * user's report ("erreur, référence 3f2a…") leads to its line.
 */
#ifndef FAB_LOG_H
#define FAB_LOG_H

#include <stdio.h>

/* Sets where each log goes; NULL disables it. Defaults: access to stdout,
 * errors to stderr. Not thread-safe: call before serving. */
void log_set_access(FILE *f);
void log_set_error(FILE *f);

/* Sends the access log to the file at path (appending), remembered so that
 * log_reopen() can open it anew after rotation. Returns 0 or -1. */
int log_open_access(const char *path);
/* Reopens the access log file given to log_open_access; no-op otherwise. */
void log_reopen(void);

/* One Common Log Format line: host ident authuser [date] "request" status bytes. */
void log_access(const char *host, const char *user, const char *method,
		const char *path, const char *version, int status, size_t bytes);

/* One error line: timestamp, level, request id (or "-"), message. Thread-safe. */
void log_error(const char *reqid, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
