/*
 * db_sqlite.c — the SQLite side of db.h, and the dispatch for both drivers.
 *
 * Connections run in WAL mode with synchronous=FULL (an answered write is on
 * disk before the answer leaves), foreign keys on, and a busy timeout so that
 * writers from several threads queue rather than fail, the file mapped for
 * reads, and the search index's ranking function registered. Prepared
 * statements are cached per connection, keyed by the address of their SQL
 * text.
 */
#include "db.h"
#include "db_int.h"
#include "../core/mem.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 128

/* Reads map the database file rather than copy its pages: a search walks
 * thousands of index pages, and with a page cache per connection each
 * worker thread copied them again from the kernel (pread was a tenth of a
 * loaded search's time). The mapping is shared by every connection and
 * costs address space, not memory. */
#define SQLITE_MMAP_BYTES "268435456"

struct cache_entry {
	const char *sql;
	sqlite3_stmt *st;
	int in_use;
};

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	struct cache_entry cache[CACHE_SLOTS];
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	struct cache_entry *entry; /* NULL when not cached */
	int prep_rc;
};

static struct sqlite_db *S(db *d) { return (struct sqlite_db *)d; }
static struct sqlite_stmt *SS(db_stmt *s) { return (struct sqlite_stmt *)s; }

/* Rewrites $N parameters to ?N outside string literals. Caller frees. */
static char *rewrite_params(const char *sql)
{
	char *out = mem_strdup(sql);
	int quote = 0;
	for (char *p = out; *p; p++) {
		if (*p == '\'')
			quote = !quote;
		else if (!quote && *p == '$' && p[1] >= '0' && p[1] <= '9')
			*p = '?';
	}
	return out;
}

static void sqlite_close(db *d)
{
	struct sqlite_db *s = S(d);
	for (int i = 0; i < CACHE_SLOTS; i++)
		if (s->cache[i].st)
			sqlite3_finalize(s->cache[i].st);
	sqlite3_close_v2(s->h);
	free(s->base.err);
	free(s);
}

static void set_err(db *d, const char *msg)
{
	free(d->err);
	d->err = mem_strdup(msg ? msg : "unknown error");
}

static int map_rc(db *d, int rc)
{
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE || rc == SQLITE_OK)
		return DB_DONE;
	set_err(d, sqlite3_errmsg(S(d)->h));
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return DB_CONSTRAINT;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static int sqlite_exec(db *d, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(S(d)->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		set_err(d, msg ? msg : sqlite3_errmsg(S(d)->h));
		sqlite3_free(msg);
		int code = rc & 0xff;
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return DB_CONSTRAINT;
		return (code == SQLITE_BUSY || code == SQLITE_LOCKED) ? DB_BUSY : DB_ERROR;
	}
	return DB_DONE;
}

static db_stmt *sqlite_prepare(db *d, const char *sql, int cached)
{
	struct sqlite_db *s = S(d);
	struct sqlite_stmt *st = mem_calloc(1, sizeof *st);
	st->base.d = d;
	size_t slot = ((uintptr_t)sql >> 3) % CACHE_SLOTS;
	struct cache_entry *e = &s->cache[slot];
	if (cached && e->sql == sql && e->st && !e->in_use) {
		e->in_use = 1;
		st->st = e->st;
		st->entry = e;
		return &st->base;
	}
	char *text = rewrite_params(sql);
	sqlite3_stmt *h = NULL;
	int rc = sqlite3_prepare_v3(s->h, text, -1, SQLITE_PREPARE_PERSISTENT, &h, NULL);
	free(text);
	if (rc != SQLITE_OK) {
		st->prep_rc = rc;
		set_err(d, sqlite3_errmsg(s->h));
		return &st->base;
	}
	st->st = h;
	if (cached && !e->in_use) {
		if (e->st)
			sqlite3_finalize(e->st);
		e->sql = sql;
		e->st = h;
		e->in_use = 1;
		st->entry = e;
	}
	return &st->base;
}

static void sqlite_bind_int(db_stmt *s, int idx, int64_t v)
{
	if (SS(s)->st)
		sqlite3_bind_int64(SS(s)->st, idx, v);
}

static void sqlite_bind_text(db_stmt *s, int idx, const char *v)
{
	if (!SS(s)->st)
		return;
	if (v)
		sqlite3_bind_text(SS(s)->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(SS(s)->st, idx);
}

static int sqlite_step(db_stmt *s)
{
	struct sqlite_stmt *st = SS(s);
	if (!st->st)
		return DB_ERROR;
	return map_rc(s->d, sqlite3_step(st->st));
}

static int sqlite_col_count(db_stmt *s) { return SS(s)->st ? sqlite3_column_count(SS(s)->st) : 0; }
static const char *sqlite_col_name(db_stmt *s, int c) { return sqlite3_column_name(SS(s)->st, c); }
static bool sqlite_col_null(db_stmt *s, int c) { return sqlite3_column_type(SS(s)->st, c) == SQLITE_NULL; }
static int64_t sqlite_col_int(db_stmt *s, int c) { return sqlite3_column_int64(SS(s)->st, c); }
static const char *sqlite_col_text(db_stmt *s, int c)
{
	return (const char *)sqlite3_column_text(SS(s)->st, c);
}

static void sqlite_finalize(db_stmt *s)
{
	struct sqlite_stmt *st = SS(s);
	if (st->entry) {
		sqlite3_reset(st->st);
		sqlite3_clear_bindings(st->st);
		st->entry->in_use = 0;
	} else if (st->st) {
		sqlite3_finalize(st->st);
	}
	free(st);
}

static void sqlite_reset(db_stmt *s)
{
	if (SS(s)->st) {
		sqlite3_reset(SS(s)->st);
		sqlite3_clear_bindings(SS(s)->st);
	}
}

static const struct db_ops sqlite_ops = {
	sqlite_close, sqlite_exec, sqlite_prepare, sqlite_bind_int, sqlite_bind_text,
	sqlite_step, sqlite_col_count, sqlite_col_name, sqlite_col_null, sqlite_col_int,
	sqlite_col_text, sqlite_finalize, sqlite_reset,
};

/* SQLite's memory statistics take one process-wide mutex on every
 * allocation; with a connection per worker thread that mutex was where
 * concurrent searches spent a fifth of their time (futex waits), and
 * fabrique never reads the statistics. It must be set before SQLite
 * initialises, hence once, before the first connection. */
static void sqlite_global_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, db **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_global_setup);
	struct sqlite_db *s = mem_calloc(1, sizeof *s);
	s->base.ops = &sqlite_ops;
	s->base.kind = DB_SQLITE;
	int rc = sqlite3_open_v2(path, &s->h,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open SQLite database %s: %s", path,
			 s->h ? sqlite3_errmsg(s->h) : sqlite3_errstr(rc));
		sqlite3_close_v2(s->h);
		free(s);
		return -1;
	}
	sqlite3_busy_timeout(s->h, 10000);
	sqlite3_extended_result_codes(s->h, 1);
	if (sqlite_exec(&s->base, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
				  "PRAGMA foreign_keys=ON; PRAGMA mmap_size=" SQLITE_MMAP_BYTES ";") != DB_DONE) {
		snprintf(err, errlen, "cannot set up SQLite database %s: %s", path, s->base.err);
		sqlite_close(&s->base);
		return -1;
	}
	if ((rc = db_sqlite_register_rank(s->h)) != SQLITE_OK) {
		snprintf(err, errlen, "cannot set up SQLite database %s: no FTS5 ranking (%s)", path,
			 sqlite3_errstr(rc));
		sqlite_close(&s->base);
		return -1;
	}
	*out = &s->base;
	return 0;
}

/* ---- dispatch shared by both drivers ---- */

int db_open(const char *url, db **out, char *err, size_t errlen)
{
	if (strncmp(url, "sqlite:", 7) == 0) {
		const char *path = url + 7;
		if (strncmp(path, "//", 2) == 0)
			path += 2;
		if (!*path) {
			snprintf(err, errlen, "database URL 'sqlite:' needs a file path");
			return -1;
		}
		return db_sqlite_open(path, out, err, errlen);
	}
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
		return db_postgres_open(url, out, err, errlen);
	snprintf(err, errlen, "unknown database URL '%s' (expected sqlite:PATH or postgres://...)", url);
	return -1;
}

void db_close(db *d)
{
	if (d)
		d->ops->close(d);
}
db_kind db_backend(const db *d) { return d->kind; }
const char *db_errmsg(db *d) { return d->err ? d->err : ""; }
int db_exec(db *d, const char *sql) { return d->ops->exec(d, sql); }
db_stmt *db_prepare(db *d, const char *sql) { return d->ops->prepare(d, sql, 1); }
db_stmt *db_prepare_dynamic(db *d, const char *sql) { return d->ops->prepare(d, sql, 0); }
void db_bind_int(db_stmt *s, int i, int64_t v) { s->d->ops->bind_int(s, i, v); }
void db_bind_text(db_stmt *s, int i, const char *v) { s->d->ops->bind_text(s, i, v); }
void db_bind_null(db_stmt *s, int i) { s->d->ops->bind_text(s, i, NULL); }
int db_step(db_stmt *s) { return s->d->ops->step(s); }
int db_col_count(db_stmt *s) { return s->d->ops->col_count(s); }
const char *db_col_name(db_stmt *s, int c) { return s->d->ops->col_name(s, c); }
bool db_col_null(db_stmt *s, int c) { return s->d->ops->col_null(s, c); }
int64_t db_col_int(db_stmt *s, int c) { return s->d->ops->col_int(s, c); }
const char *db_col_text(db_stmt *s, int c) { return s->d->ops->col_text(s, c); }
void db_reset(db_stmt *s) { s->d->ops->reset(s); }
void db_finalize(db_stmt *s)
{
	if (s)
		s->d->ops->finalize(s);
}
