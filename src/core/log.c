/* log.c — see log.h. Lines are written whole under a mutex so that threads
 * never interleave inside a line. */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <time.h>

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
	fprintf(f, "%s - %s [%s] \"%s %s %s\" %d %zu\n", host ? host : "-",
		user && *user ? user : "-", date, method, path, version, status, bytes);
	fflush(f);
	pthread_mutex_unlock(&log_mu);
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
	pthread_mutex_lock(&log_mu);
	fprintf(f, "%s %s req=%s ", date, level, reqid ? reqid : "-");
	vfprintf(f, fmt, ap);
	fputc('\n', f);
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
