/* log.c — see log.h. Lines are written whole under a mutex so that threads
 * never interleave inside a line. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <time.h>

#include <stdlib.h>
#include <string.h>

static FILE *access_f;
static FILE *error_f;
static int access_set, error_set;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;

void log_set_access(FILE *f)
{
	access_f = f;
	access_set = 1;
}

static char access_path[4096];

int log_open_access(const char *path)
{
	FILE *f = fopen(path, "a");
	if (!f)
		return -1;
	snprintf(access_path, sizeof access_path, "%s", path);
	pthread_mutex_lock(&log_mu);
	access_f = f;
	access_set = 1;
	pthread_mutex_unlock(&log_mu);
	return 0;
}

void log_reopen(void)
{
	if (!access_path[0])
		return;
	FILE *f = fopen(access_path, "a");
	if (!f)
		return;
	pthread_mutex_lock(&log_mu);
	FILE *old = access_f;
	access_f = f;
	pthread_mutex_unlock(&log_mu);
	if (old && old != stdout)
		fclose(old);
}

void log_set_error(FILE *f)
{
	error_f = f;
	error_set = 1;
}

/* Caller holds log_mu when the file may be swapped by log_reopen. */
static FILE *acc(void) { return access_set ? access_f : stdout; }
static FILE *err(void) { return error_set ? error_f : stderr; }

/* Copies s with '"', '\\' and control characters written as \xHH, so that
 * a request cannot forge a log line (libmicrohttpd hands us decoded paths).
 * Returns a malloc'd string. */
static char *clean(const char *s)
{
	if (!s)
		s = "-";
	size_t n = strlen(s);
	char *out = malloc(4 * n + 1), *o = out;
	if (!out)
		abort();
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
			snprintf(o, 5, "\\x%02x", c);
			o += 4;
		} else {
			*o++ = (char)c;
		}
	}
	*o = 0;
	return out;
}

void log_access(const char *host, const char *user, const char *method,
		const char *path, const char *version, int status, size_t bytes)
{
	if (!acc())
		return;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%d/%b/%Y:%H:%M:%S +0000", &tm);
	pthread_mutex_lock(&log_mu);
	FILE *f = acc();
	if (!f) {
		pthread_mutex_unlock(&log_mu);
		return;
	}
	char *cpath = clean(path), *cmethod = clean(method), *cuser = clean(user && *user ? user : "-");
	fprintf(f, "%s - %s [%s] \"%s %s %s\" %d %zu\n", host ? host : "-", cuser, date, cmethod,
		cpath, version, status, bytes);
	fflush(f);
	pthread_mutex_unlock(&log_mu);
	free(cpath);
	free(cmethod);
	free(cuser);
}

static void vlog(const char *level, const char *reqid, const char *fmt, va_list ap)
{
	FILE *f = err();
	if (!f)
		return;
	char date[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	char *cmsg = clean(msg);
	pthread_mutex_lock(&log_mu);
	fprintf(f, "%s %s req=%s %s\n", date, level, reqid ? reqid : "-", cmsg);
	free(cmsg);
	fflush(f);
	pthread_mutex_unlock(&log_mu);
}

void log_error(const char *reqid, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error", reqid, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("info", NULL, fmt, ap);
	va_end(ap);
}
