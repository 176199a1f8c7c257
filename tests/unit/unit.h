/*
 * unit.h — what the cmocka unit tests share: the cmocka includes, scratch
 * directories and files, and fresh databases.
 *
 * A fresh database is a SQLite file in a new temporary directory, or, when
 * FABRIQUE_TEST_PG is set (scripts/test.sh sets it to a server's base URL and
 * FABRIQUE_TEST_PGDIR to its directory), a new PostgreSQL database made with
 * `scripts/pg.sh createdb` and dropped again when the test closes it. The
 * tests run from the repository root, where scripts/pg.sh is found.
 *
 * Not for: anything a production file would include. Each test binary runs
 * exactly one cmocka group, because scripts/test.sh reads one summary line.
 */
#ifndef FAB_UNIT_H
#define FAB_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/mem.h"
#include "store/store.h"

/* Number of elements of an array. */
#define UNIT_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Asserts that haystack contains needle, printing both when it does not. */
#define unit_assert_contains(haystack, needle)                                            \
	do {                                                                              \
		const char *h_ = (haystack), *n_ = (needle);                              \
		if (!h_ || !strstr(h_, n_))                                               \
			fail_msg("expected \"%s\" to contain \"%s\"", h_ ? h_ : "(null)", n_); \
	} while (0)

#define unit_assert_not_contains(haystack, needle)                                         \
	do {                                                                               \
		const char *h_ = (haystack), *n_ = (needle);                               \
		if (h_ && strstr(h_, n_))                                                  \
			fail_msg("expected \"%s\" not to contain \"%s\"", h_, n_);         \
	} while (0)

/* Makes a new empty directory under $TMPDIR (or /tmp) into out. */
static inline void unit_tmpdir(char *out, size_t n)
{
	const char *base = getenv("TMPDIR");
	snprintf(out, n, "%s/fabrique-unit-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(out))
		fail_msg("cannot create a temporary directory under %s", base ? base : "/tmp");
}

/* Removes dir and the files in it (one level: the tests make no subdirectories). */
static inline void unit_rmdir(const char *dir)
{
	if (!dir || !*dir)
		return;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char path[1024];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			remove(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Writes len bytes to path, replacing it. */
static inline void unit_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	if (len && fwrite(data, 1, len, f) != len)
		fail_msg("cannot write %s", path);
	fclose(f);
}

/* Reads the whole of path into a NUL-terminated heap buffer (the caller
 * frees it), its length in *len. When path cannot be opened: NULL if
 * may_be_absent, else the test fails naming the file and what_for (where
 * the data must be). */
static inline char *unit_read_file(const char *path, size_t *len, bool may_be_absent, const char *what_for)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (may_be_absent)
			return NULL;
		fail_msg("cannot open %s: %s", path, what_for);
	}
	size_t cap = 1 << 16, n = 0, got;
	char *s = mem_alloc(cap + 1);
	while ((got = fread(s + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			s = mem_realloc(s, cap + 1);
		}
	}
	fclose(f);
	s[n] = 0;
	*len = n;
	return s;
}

/* The PostgreSQL server's base URL when the PostgreSQL run is on, else NULL. */
static inline const char *unit_pg_base(void)
{
	const char *u = getenv("FABRIQUE_TEST_PG");
	return u && *u ? u : NULL;
}

/* A fresh database: s is open and, unless asked otherwise, migrated. */
typedef struct unit_db {
	store *s;
	int pg;
	char dir[512];	 /* SQLite: the temporary directory holding the file */
	char url[1024];	 /* the store URL */
	char name[64];	 /* PostgreSQL: the database name */
} unit_db;

/* Creates database name on the test server; writes its URL into url. */
static inline void unit_pg_createdb(const char *name, char *url, size_t n)
{
	const char *dir = getenv("FABRIQUE_TEST_PGDIR");
	if (dir && *dir) {
		char cmd[256];
		snprintf(cmd, sizeof cmd, "sh scripts/pg.sh createdb \"$FABRIQUE_TEST_PGDIR\" %s", name);
		FILE *p = popen(cmd, "r");
		if (!p)
			fail_msg("cannot run %s", cmd);
		char line[1024];
		url[0] = 0;
		while (fgets(line, sizeof line, p))
			if (strncmp(line, "postgres", 8) == 0) {
				line[strcspn(line, "\r\n")] = 0;
				snprintf(url, n, "%s", line);
			}
		int rc = pclose(p);
		if (rc != 0 || !url[0])
			fail_msg("'%s' failed (run the tests from the repository root)", cmd);
		return;
	}
	/* No server directory: create it over the base URL instead. */
	PGconn *c = PQconnectdb(unit_pg_base());
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("cannot connect to %s: %s", unit_pg_base(), PQerrorMessage(c));
	char q[128];
	snprintf(q, sizeof q, "CREATE DATABASE %s", name);
	PGresult *r = PQexec(c, q);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fail_msg("%s: %s", q, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	snprintf(url, n, "%s/%s", unit_pg_base(), name);
}

static inline void unit_pg_dropdb(const char *name)
{
	PGconn *c = PQconnectdb(unit_pg_base());
	if (PQstatus(c) == CONNECTION_OK) {
		char q[128];
		snprintf(q, sizeof q, "DROP DATABASE IF EXISTS %s", name);
		PQclear(PQexec(c, q));
	}
	PQfinish(c);
}

/* Opens a fresh database of the given backend (pg: PostgreSQL), migrated
 * when migrate is true. Fails the test when that is impossible. */
static inline void unit_db_open_backend(unit_db *u, int pg, bool migrate)
{
	static int counter;
	memset(u, 0, sizeof *u);
	u->pg = pg;
	if (pg) {
		if (!unit_pg_base())
			fail_msg("FABRIQUE_TEST_PG is not set");
		snprintf(u->name, sizeof u->name, "fabt_%ld_%d", (long)getpid(), ++counter);
		unit_pg_createdb(u->name, u->url, sizeof u->url);
	} else {
		unit_tmpdir(u->dir, sizeof u->dir);
		snprintf(u->url, sizeof u->url, "sqlite:%s/test.db", u->dir);
	}
	char err[512] = "";
	if (store_open(u->url, &u->s, err, sizeof err) != STORE_OK)
		fail_msg("store_open(%s): %s", u->url, err);
	if (migrate && store_migrate(u->s, err, sizeof err) != STORE_OK)
		fail_msg("store_migrate(%s): %s", u->url, err);
}

/* A fresh migrated database: PostgreSQL when FABRIQUE_TEST_PG is set, else SQLite. */
static inline void unit_db_open(unit_db *u)
{
	unit_db_open_backend(u, unit_pg_base() != NULL, true);
}

/* Closes the store and removes the database. */
static inline void unit_db_close(unit_db *u)
{
	store_close(u->s);
	u->s = NULL;
	if (u->pg)
		unit_pg_dropdb(u->name);
	else
		unit_rmdir(u->dir);
}

#endif
