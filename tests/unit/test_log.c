/* test_log.c — the access log in the Common Log Format (NCSA httpd: host
 * ident authuser [dd/Mon/yyyy:HH:MM:SS zone] "request line" status bytes)
 * and the error log, one line per event (log.h). */
#include "unit.h"

#include <time.h>

#include "core/log.h"

static char *mem;
static size_t memlen;
static FILE *memf;

static int setup(void **state)
{
	(void)state;
	mem = NULL;
	memlen = 0;
	memf = open_memstream(&mem, &memlen);
	return memf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	log_set_access(NULL);
	log_set_error(NULL);
	fclose(memf);
	free(mem);
	return 0;
}

/* For the last test: the access log file it opened stays open (log.h has no
 * close), reachable from the logger, so the leak checker has nothing to say. */
static int teardown_keep_access(void **state)
{
	(void)state;
	log_set_error(NULL);
	fclose(memf);
	free(mem);
	return 0;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_access_format(void **state)
{
	(void)state;
	log_set_access(memf);
	time_t before = time(NULL);
	log_access("192.0.2.1", NULL, "GET", "/login?next=%2F", "HTTP/1.1", 200, 1234);
	log_access("2001:db8::2", "ada@example.org", "POST", "/account/password", "HTTP/1.0", 303, 0);
	fflush(memf);
	assert_int_equal(count_lines(mem), 2);

	char host[64], ident[8], user[64], date[64], zone[8], method[8], path[64], version[16];
	int status;
	unsigned long bytes;
	int n = sscanf(mem, "%63s %7s %63s [%63s %7[^]]] \"%7s %63s %15[^\"]\" %d %lu", host, ident, user,
		       date, zone, method, path, version, &status, &bytes);
	assert_int_equal(n, 10);
	assert_string_equal(host, "192.0.2.1");
	assert_string_equal(ident, "-");
	assert_string_equal(user, "-");
	assert_string_equal(zone, "+0000");
	assert_string_equal(method, "GET");
	assert_string_equal(path, "/login?next=%2F");
	assert_string_equal(version, "HTTP/1.1");
	assert_int_equal(status, 200);
	assert_int_equal(bytes, 1234);
	/* dd/Mon/yyyy:HH:MM:SS, in UTC, within a second or two of now. */
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(date, "%d/%b/%Y:%H:%M:%S", &tm);
	assert_non_null(end);
	assert_int_equal(*end, 0);
	time_t t = timegm(&tm);
	assert_true(t >= before - 1 && t <= time(NULL) + 1);

	const char *second = strchr(mem, '\n') + 1;
	n = sscanf(second, "%63s %7s %63s [%63s %7[^]]] \"%7s %63s %15[^\"]\" %d %lu", host, ident, user,
		   date, zone, method, path, version, &status, &bytes);
	assert_int_equal(n, 10);
	assert_string_equal(host, "2001:db8::2");
	assert_string_equal(user, "ada@example.org");
	assert_string_equal(method, "POST");
	assert_int_equal(status, 303);
	assert_int_equal(bytes, 0);
}

/* A request path is client data: a decoded %0A or a quote in it must not
 * start a forged line or end the quoted request field early. */
static void test_access_one_line(void **state)
{
	(void)state;
	log_set_access(memf);
	log_access("192.0.2.1", NULL, "GET",
		   "/x\" 200 1\n6.6.6.6 - admin [01/Jan/2030:00:00:00 +0000] \"GET /forged HTTP/1.1",
		   "HTTP/1.1", 404, 10);
	fflush(memf);
	assert_int_equal(count_lines(mem), 1);
	/* Exactly two unescaped quotes: the ones around the request. */
	int quotes = 0;
	for (const char *p = mem; *p; p++)
		if (*p == '"' && (p == mem || p[-1] != '\\'))
			quotes++;
	assert_int_equal(quotes, 2);
}

static void test_error_format(void **state)
{
	(void)state;
	log_set_error(memf);
	log_error("3f2a9c", "database said %s (%d)", "locked", 5);
	log_error(NULL, "no request");
	log_info("started on %s", "127.0.0.1:8080");
	fflush(memf);
	assert_int_equal(count_lines(mem), 3);
	char *l1 = mem, *l2 = strchr(l1, '\n') + 1, *l3 = strchr(l2, '\n') + 1;
	unit_assert_contains(l1, "error");
	unit_assert_contains(l1, "3f2a9c");
	unit_assert_contains(l1, "database said locked (5)\n");
	assert_true(strstr(l1, "3f2a9c") < strstr(l1, "database"));
	unit_assert_contains(l2, "no request\n");
	unit_assert_not_contains(l2, "(null)");
	unit_assert_contains(l3, "info");
	unit_assert_contains(l3, "started on 127.0.0.1:8080\n");
	/* Starts with an ISO 8601 UTC timestamp. */
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	assert_non_null(strptime(l1, "%Y-%m-%dT%H:%M:%SZ", &tm));
}

/* One event, one line, even when a message argument holds a newline. */
static void test_error_one_line(void **state)
{
	(void)state;
	log_set_error(memf);
	log_error("r1", "GET %s answered %d", "/a\n2030-01-01T00:00:00Z error req=- forged", 500);
	fflush(memf);
	assert_int_equal(count_lines(mem), 1);
}

static void test_disabled(void **state)
{
	(void)state;
	log_set_access(memf);
	log_access("h", NULL, "GET", "/", "HTTP/1.1", 200, 1);
	log_set_access(NULL);
	log_access("h", NULL, "GET", "/second", "HTTP/1.1", 200, 1);
	log_set_error(NULL);
	log_error("x", "nowhere");
	fflush(memf);
	assert_int_equal(count_lines(mem), 1);
	unit_assert_not_contains(mem, "/second");
}

/* log_reopen after the file was moved away (log rotation) writes to a new
 * file at the same path. */
static void test_reopen(void **state)
{
	(void)state;
	char dir[512], path[600], rotated[620];
	unit_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/access.log", dir);
	snprintf(rotated, sizeof rotated, "%s.1", path);
	assert_int_equal(log_open_access(path), 0);
	log_access("h", NULL, "GET", "/before", "HTTP/1.1", 200, 1);
	assert_int_equal(rename(path, rotated), 0);
	log_reopen();
	log_access("h", NULL, "GET", "/after", "HTTP/1.1", 200, 1);

	char text[512];
	FILE *f = fopen(rotated, "r");
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = 0;
	fclose(f);
	unit_assert_contains(text, "/before");
	unit_assert_not_contains(text, "/after");
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof text - 1, f);
	text[n] = 0;
	fclose(f);
	unit_assert_contains(text, "/after");
	unit_assert_not_contains(text, "/before");
	/* A directory that does not exist: refused. */
	char bad[700];
	snprintf(bad, sizeof bad, "%s/no/such/dir/access.log", dir);
	assert_int_equal(log_open_access(bad), -1);
	unit_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_one_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_one_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen, setup, teardown_keep_access),
	};
	return cmocka_run_group_tests_name("log", tests, NULL, NULL);
}
