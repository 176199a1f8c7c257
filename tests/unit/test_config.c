/* test_config.c — settings: defaults, the configuration file, FABRIQUE_*
 * variables, integer and boolean reading, and the precedence of
 * config.h's header comment (flag, environment, file, default) as applied
 * by cli_config. */
#include "unit.h"

#include "cli/cli.h"
#include "core/config.h"

static char dir[512];

/* Clears every FABRIQUE_<KEY> variable so that the caller's environment
 * cannot leak into the tests. */
static void clear_env(void)
{
	const char *k;
	for (int i = 0; (k = config_key(i, NULL)); i++) {
		char name[80] = "FABRIQUE_";
		size_t n = strlen(name);
		for (; *k && n < sizeof name - 1; k++)
			name[n++] = (char)(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
		name[n] = 0;
		unsetenv(name);
	}
}

static int setup(void **state)
{
	(void)state;
	unit_tmpdir(dir, sizeof dir);
	clear_env();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_rmdir(dir);
	clear_env();
	return 0;
}

/* Writes text to dir/name and returns the path (static storage). */
static const char *write_conf(const char *name, const char *text)
{
	static char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unit_write_file(path, text, strlen(text));
	return path;
}

static void test_defaults(void **state)
{
	(void)state;
	config *c = config_new();
	/* Every listed key has a value, never NULL. */
	const char *k, *help;
	int n = 0;
	for (int i = 0; (k = config_key(i, &help)); i++, n++) {
		assert_non_null(config_get(c, k));
		assert_non_null(help);
		assert_true(strlen(help) > 0);
	}
	assert_true(n >= 5);
	assert_null(config_key(n, NULL));
	assert_null(config_key(-1, NULL));
	/* The keys the command line documents. */
	assert_non_null(config_get(c, "listen"));
	assert_non_null(config_get(c, "db"));
	assert_non_null(config_get(c, "threads"));
	assert_non_null(config_get(c, "session_days"));
	assert_null(config_get(c, "no_such_key"));
	/* A database URL of one of the two accepted forms. */
	const char *db = config_get(c, "db");
	assert_true(strncmp(db, "sqlite:", 7) == 0 || strncmp(db, "postgres", 8) == 0);
	/* Unknown keys are refused, known ones replaced. */
	assert_int_equal(config_set(c, "no_such_key", "1", "test"), -1);
	assert_int_equal(config_set(c, "listen", "[::1]:9000", "test"), 0);
	assert_string_equal(config_get(c, "listen"), "[::1]:9000");
	config_free(c);
	config_free(NULL);
}

static void test_bool_int(void **state)
{
	(void)state;
	config *c = config_new();
	static const char *yes[] = {"1", "true", "yes", "on"};
	static const char *no[] = {"0", "false", "no", "off", ""};
	for (size_t i = 0; i < UNIT_LEN(yes); i++) {
		config_set(c, "trust_proxy", yes[i], "test");
		assert_true(config_get_bool(c, "trust_proxy"));
	}
	for (size_t i = 0; i < UNIT_LEN(no); i++) {
		config_set(c, "trust_proxy", no[i], "test");
		assert_false(config_get_bool(c, "trust_proxy"));
	}

	int64_t v = -1;
	char err[256];
	config_set(c, "threads", "8", "test");
	assert_int_equal(config_get_int(c, "threads", 0, 1024, &v, err, sizeof err), 0);
	assert_int_equal(v, 8);
	/* The bounds are inclusive. */
	config_set(c, "threads", "1024", "test");
	assert_int_equal(config_get_int(c, "threads", 0, 1024, &v, err, sizeof err), 0);
	assert_int_equal(v, 1024);
	config_set(c, "threads", "0", "test");
	assert_int_equal(config_get_int(c, "threads", 0, 1024, &v, err, sizeof err), 0);
	assert_int_equal(v, 0);
	static const char *bad[] = {"1025", "-1", "", "eight", "8x", "8.0", "0x10"};
	for (size_t i = 0; i < UNIT_LEN(bad); i++) {
		err[0] = 0;
		config_set(c, "threads", bad[i], "test");
		if (config_get_int(c, "threads", 0, 1024, &v, err, sizeof err) != -1)
			fail_msg("threads = '%s' accepted as %lld", bad[i], (long long)v);
		unit_assert_contains(err, "threads");
	}
	config_free(c);
}

/* Beyond the range of int64: not a number that fits, so refused even when
 * the allowed range is the whole of int64 (strtoll clamps such values). */
static void test_int_overflow(void **state)
{
	(void)state;
	config *c = config_new();
	int64_t v = -1;
	char err[256] = "";
	config_set(c, "max_body", "99999999999999999999", "test");
	int above = config_get_int(c, "max_body", 0, INT64_MAX, &v, err, sizeof err);
	config_set(c, "max_body", "-99999999999999999999", "test");
	int below = config_get_int(c, "max_body", INT64_MIN, INT64_MAX, &v, err, sizeof err);
	config_free(c); /* before asserting, so a failure leaks nothing */
	assert_int_equal(above, -1);
	assert_int_equal(below, -1);
}

static void test_file(void **state)
{
	(void)state;
	const char *path = write_conf("ok.conf",
				      "# fabrique settings\n"
				      "\n"
				      "listen = 0.0.0.0:8081\n"
				      "   threads=3   \n"
				      "max-body = 2048   # dashes name the same key as underscores\n"
				      "\tsession_days\t=\t7\n"
				      "access_log = off\n");
	config *c = config_new();
	char err[512] = "";
	assert_int_equal(config_load_file(c, path, err, sizeof err), 0);
	assert_string_equal(config_get(c, "listen"), "0.0.0.0:8081");
	assert_string_equal(config_get(c, "threads"), "3");
	assert_string_equal(config_get(c, "max_body"), "2048");
	assert_string_equal(config_get(c, "session_days"), "7");
	assert_string_equal(config_get(c, "access_log"), "off");
	/* print names the value and where it came from. */
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	config_print(c, f);
	fclose(f);
	unit_assert_contains(out, "0.0.0.0:8081");
	unit_assert_contains(out, path);
	unit_assert_contains(out, "default");
	free(out);
	config_free(c);
}

/* Loads text and expects failure with an error naming the file and line. */
static void expect_error(const char *text, int line)
{
	const char *path = write_conf("bad.conf", text);
	config *c = config_new();
	char err[512] = "";
	if (config_load_file(c, path, err, sizeof err) != -1)
		fail_msg("accepted: %s", text);
	char where[700];
	snprintf(where, sizeof where, "%s:%d:", path, line);
	unit_assert_contains(err, where);
	config_free(c);
}

static void test_file_errors(void **state)
{
	(void)state;
	expect_error("listen = a:1\nthreads 4\n", 2);
	expect_error("# comment\n\n\nno_such_key = 1\n", 4);
	expect_error("listen = a:1\n\n\n\n\nlisten\n", 6);
	expect_error("= value\n", 1);
	/* A missing file is an error naming it. */
	config *c = config_new();
	char err[512] = "", path[600];
	snprintf(path, sizeof path, "%s/missing.conf", dir);
	assert_int_equal(config_load_file(c, path, err, sizeof err), -1);
	unit_assert_contains(err, path);
	config_free(c);
}

/* A value longer than the reader's line buffer: either kept whole or
 * refused with the line it is on, never cut into a second "line". */
static void test_file_long_line(void **state)
{
	(void)state;
	size_t n = 6000;
	char *text = mem_alloc(n + 32);
	size_t used = (size_t)snprintf(text, n + 32, "access_log = ");
	memset(text + used, 'x', n);
	snprintf(text + used + n, n + 32 - used - n, "\n");
	const char *path = write_conf("long.conf", text);
	free(text);
	config *c = config_new();
	char err[512] = "";
	int rc = config_load_file(c, path, err, sizeof err);
	size_t got = strlen(config_get(c, "access_log"));
	config_free(c);
	if (rc == 0) {
		assert_int_equal(got, n);
	} else {
		char where[700];
		snprintf(where, sizeof where, "%s:1:", path);
		unit_assert_contains(err, where);
	}
}

static void test_source(void **state)
{
	(void)state;
	const char *path = write_conf("src.conf", "\n# two blank lines above\nthreads = 6\n");
	config *c = config_new();
	assert_string_equal(config_source(c, "threads"), "default");
	assert_null(config_source(c, "no_such_key"));
	char err[512];
	assert_int_equal(config_load_file(c, path, err, sizeof err), 0);
	unit_assert_contains(config_source(c, "threads"), path);
	char at[700];
	snprintf(at, sizeof at, "%s:3", path);
	unit_assert_contains(config_source(c, "threads"), at);
	setenv("FABRIQUE_TIMEOUT", "9", 1);
	config_load_env(c);
	unit_assert_contains(config_source(c, "timeout"), "FABRIQUE_TIMEOUT");
	assert_string_equal(config_source(c, "listen"), "default");
	config_free(c);
}

/* A database URL printed anywhere shows no password. */
static void test_redact(void **state)
{
	(void)state;
	static const struct {
		const char *url, *secret, *kept;
	} cases[] = {
		{"postgres://fab:s3cret@db.example.org:5432/fabrique", "s3cret", "db.example.org:5432/fabrique"},
		{"postgresql://fab:s3cret@localhost/fabrique?sslmode=require", "s3cret", "sslmode=require"},
		{"postgresql://localhost/fabrique?user=fab&password=s3cret&sslmode=require", "s3cret",
		 "sslmode=require"},
		{"postgresql://localhost/fabrique?password=s3cret", "s3cret", "localhost/fabrique"},
	};
	char out[512];
	for (size_t i = 0; i < UNIT_LEN(cases); i++) {
		config_redact_url(cases[i].url, out, sizeof out);
		unit_assert_not_contains(out, cases[i].secret);
		unit_assert_contains(out, cases[i].kept);
	}
	config_redact_url("postgres://fab:s3cret@db/x", out, sizeof out);
	unit_assert_contains(out, "fab");
	/* Nothing to hide: unchanged. */
	static const char *plain[] = {
		"sqlite:fabrique.db", "sqlite:/var/lib/fabrique/db.sqlite", "postgres://fab@db:5432/x",
		"postgresql://[::1]:5432/x", "postgresql:///fabrique?host=/run/postgresql",
	};
	for (size_t i = 0; i < UNIT_LEN(plain); i++) {
		config_redact_url(plain[i], out, sizeof out);
		assert_string_equal(out, plain[i]);
	}
	/* A small output buffer: cut, terminated, never overrun (an exact
	 * heap allocation lets the sanitizer build see an overrun). */
	for (size_t n = 1; n < 40; n++) {
		char *small = mem_alloc(n), shown[64];
		config_redact_url("postgres://fab:s3cret@db.example.org/x?password=s3cret", small, n);
		size_t got = strlen(small);
		snprintf(shown, sizeof shown, "%s", small);
		free(small);
		assert_true(got < n);
		unit_assert_not_contains(shown, "s3cret");
	}
	/* And config_print goes through it. */
	config *c = config_new();
	config_set(c, "db", "postgres://fab:s3cret@db.example.org/x", "test");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	config_print(c, f);
	fclose(f);
	unit_assert_not_contains(text, "s3cret");
	unit_assert_contains(text, "db.example.org/x");
	free(text);
	config_free(c);
}

static void test_env(void **state)
{
	(void)state;
	config *c = config_new();
	setenv("FABRIQUE_LISTEN", "10.0.0.1:80", 1);
	setenv("FABRIQUE_MAX_BODY", "4096", 1);
	setenv("FABRIQUE_SESSION_DAYS", "30", 1);
	setenv("FABRIQUE_NOT_A_KEY", "x", 1);
	config_load_env(c);
	assert_string_equal(config_get(c, "listen"), "10.0.0.1:80");
	assert_string_equal(config_get(c, "max_body"), "4096");
	assert_string_equal(config_get(c, "session_days"), "30");
	/* Keys without a variable keep their default. */
	config *d = config_new();
	assert_string_equal(config_get(c, "threads"), config_get(d, "threads"));
	config_free(d);
	/* An empty variable is a value too. */
	setenv("FABRIQUE_ACCESS_LOG", "", 1);
	config_load_env(c);
	assert_string_equal(config_get(c, "access_log"), "");
	unsetenv("FABRIQUE_NOT_A_KEY");
	config_free(c);
}

/* flag > environment > file > default, as documented in config.h. */
static void test_precedence(void **state)
{
	(void)state;
	const char *path = write_conf("prec.conf",
				      "listen = 1.1.1.1:1\n"
				      "threads = 3\n"
				      "max_body = 100\n");
	char pathcopy[600];
	snprintf(pathcopy, sizeof pathcopy, "%s", path);
	config *def = config_new();
	setenv("FABRIQUE_LISTEN", "2.2.2.2:2", 1);
	setenv("FABRIQUE_THREADS", "4", 1);
	char *argv[] = {"fabrique", "--listen=3.3.3.3:3", "--config", pathcopy, "positional",
			"--session-days", "9", NULL};
	int argc = (int)UNIT_LEN(argv) - 1;
	config *c = cli_config(&argc, argv);
	assert_non_null(c);
	assert_string_equal(config_get(c, "listen"), "3.3.3.3:3");  /* flag */
	assert_string_equal(config_get(c, "threads"), "4");	    /* environment over file */
	assert_string_equal(config_get(c, "max_body"), "100");	    /* file over default */
	assert_string_equal(config_get(c, "session_days"), "9");    /* flag with a separate value */
	assert_string_equal(config_get(c, "timeout"), config_get(def, "timeout")); /* default */
	unit_assert_contains(config_source(c, "listen"), "--listen");
	unit_assert_contains(config_source(c, "threads"), "FABRIQUE_THREADS");
	unit_assert_contains(config_source(c, "max_body"), pathcopy);
	assert_string_equal(config_source(c, "timeout"), "default");
	/* Arguments that are not settings stay, in order. */
	assert_int_equal(argc, 2);
	assert_string_equal(argv[1], "positional");
	config_free(c);

	/* The file named by FABRIQUE_CONFIG, with a bad line: refused. */
	const char *bad = write_conf("prec-bad.conf", "listen = 1.1.1.1:1\nnonsense\n");
	setenv("FABRIQUE_CONFIG", bad, 1);
	char *argv2[] = {"fabrique", NULL};
	argc = 1;
	c = cli_config(&argc, argv2);
	assert_null(c);
	unsetenv("FABRIQUE_CONFIG");
	config_free(def);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_long_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_precedence, setup, teardown),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
