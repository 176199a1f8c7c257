/* cmd_serve.c — `fabrique serve` and `fabrique demo`. */
#include "cli.h"
#include "../domain/opinion_worker.h"
#include "../core/log.h"
#include "../domain/account.h"
#include "../domain/demo.h"
#include "../web/http.h"
#include "../web/pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Fills opt from the configuration; -1 after printing what is wrong. */
static int options_from(config *c, http_options *opt)
{
	char err[256];
	int64_t threads, max_body, max_header, timeout, maxconn, days;
	if (config_get_int(c, "threads", 0, 256, &threads, err, sizeof err) < 0 ||
	    config_get_int(c, "max_body", 1024, 1ll << 32, &max_body, err, sizeof err) < 0 ||
	    config_get_int(c, "max_header", 2048, 1 << 20, &max_header, err, sizeof err) < 0 ||
	    config_get_int(c, "timeout", 1, 3600, &timeout, err, sizeof err) < 0 ||
	    config_get_int(c, "max_connections", 16, 100000, &maxconn, err, sizeof err) < 0 ||
	    config_get_int(c, "session_days", 1, 3650, &days, err, sizeof err) < 0) {
		fprintf(stderr, "fabrique: %s\n", err);
		return -1;
	}
	if (threads == 0) {
		/* Twice the cores: a thread waiting for a disk sync or the
		 * write lock should not leave a core idle. */
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n < 2 ? 4 : 2 * n;
	}
	opt->listen = config_get(c, "listen");
	opt->threads = (unsigned)threads;
	opt->max_body = (size_t)max_body;
	opt->max_header = (size_t)max_header;
	opt->timeout = (unsigned)timeout;
	opt->max_connections = (unsigned)maxconn;
	opt->trust_proxy = config_get_bool(c, "trust_proxy");
	opt->session_days = days;
	opt->routes = web_routes;
	opt->nroutes = web_nroutes;
	const char *al = config_get(c, "access_log");
	if (strcmp(al, "off") == 0) {
		log_set_access(NULL);
	} else if (strcmp(al, "-") != 0) {
		if (log_open_access(al) < 0) {
			fprintf(stderr, "fabrique: cannot open access log %s\n", al);
			return -1;
		}
	}
	return 0;
}

static int serve_with(config *c)
{
	http_options opt;
	if (options_from(c, &opt) < 0)
		return 1;
	store *s = cli_open_store(c);
	if (!s)
		return 1;
	store_close(s);
	store_pool_init(config_get(c, "db"));
	/* Votes within this delay make one recomputation of their map. */
	opinion_worker_start(300);
	int rc = http_serve(&opt);
	opinion_worker_stop();
	store_pool_close_all();
	return rc == 0 ? 0 : 1;
}

/* "127.0.0.1:8080" reads better as "localhost:8080" in a browser's bar. */
static const char *display_host(const char *listen, char *out, size_t n)
{
	if (strncmp(listen, "127.0.0.1:", 10) == 0)
		snprintf(out, n, "localhost:%s", listen + 10);
	else
		snprintf(out, n, "%s", listen);
	return out;
}

static bool has_flag(int argc, char **argv, const char *flag)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return true;
	return false;
}

static int reject_extra(int argc, char **argv, const char *allowed)
{
	for (int i = 1; i < argc; i++) {
		if (allowed && strcmp(argv[i], allowed) == 0)
			continue;
		fprintf(stderr, "fabrique: unknown option '%s' (see 'fabrique %s --help')\n", argv[i], argv[0]);
		return -1;
	}
	return 0;
}

/* The settings of serve and demo, whose only own flag is --print-config;
 * NULL after printing what is wrong. */
static config *serve_config(int *argc, char **argv)
{
	config *c = cli_config(argc, argv);
	if (c && reject_extra(*argc, argv, "--print-config") < 0) {
		config_free(c);
		c = NULL;
	}
	return c;
}

int cmd_serve(int argc, char **argv)
{
	config *c = serve_config(&argc, argv);
	if (!c)
		return 2;
	if (has_flag(argc, argv, "--print-config")) {
		config_print(c, stdout);
		config_free(c);
		return 0;
	}
	int rc = serve_with(c);
	config_free(c);
	return rc;
}

int cmd_demo(int argc, char **argv)
{
	config *c = serve_config(&argc, argv);
	if (!c)
		return 2;
	char dir[] = "/tmp/fabrique-demo-XXXXXX";
	bool temporary = false;
	if (strcmp(config_source(c, "db"), "default") == 0) {
		if (!mkdtemp(dir)) {
			perror("fabrique: cannot create a temporary directory");
			config_free(c);
			return 1;
		}
		char url[128];
		snprintf(url, sizeof url, "sqlite:%s/demo.db", dir);
		config_set(c, "db", url, "demo (temporary database)");
		temporary = true;
	}
	if (has_flag(argc, argv, "--print-config")) {
		config_print(c, stdout);
		config_free(c);
		if (temporary)
			rmdir(dir);
		return 0;
	}
	int rc = 1;
	store *s = cli_open_store(c);
	if (s) {
		char password[24];
		account_generate_password(password);
		if (demo_load(s, password) == 0) {
			char host[300], dbshown[4096];
			config_redact_url(config_get(c, "db"), dbshown, sizeof dbshown);
			store_close(s);
			s = NULL;
			const char *listen = config_get(c, "listen");
			printf("fabrique demo on http://%s/\n"
			       "  administrator: %s\n  member:        %s\n  password:      %s\n"
			       "  database:      %s%s\n",
			       display_host(listen, host, sizeof host),
			       DEMO_ADMIN_EMAIL, DEMO_MEMBER_EMAIL, password, dbshown,
			       temporary ? " (deleted on exit)" : "");
			fflush(stdout);
			rc = serve_with(c);
		}
		store_close(s);
	}
	if (temporary) {
		const char *suffixes[] = {"/demo.db", "/demo.db-wal", "/demo.db-shm"};
		for (int i = 0; i < 3; i++) {
			char p[128];
			snprintf(p, sizeof p, "%s%s", dir, suffixes[i]);
			unlink(p);
		}
		rmdir(dir);
	}
	config_free(c);
	return rc;
}
