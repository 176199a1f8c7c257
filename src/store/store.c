/*
 * store.c — connections, migrations, transactions and the per-thread
 * connection pool. Migrations are the embedded files "sqlite/NNN_*.sql" and
 * "postgres/NNN_*.sql"; the applied ones are listed in schema_migrations.
 */
#include "store_int.h"
#include "../core/assets.h"
#include "../core/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const store_tables[] = {"users", "sessions", "api_tokens", "cycles", "phases", "members",
				    "invitations", "taxonomies", "terms", "templates", "library",
				    "observations", "scenarios", "scenario_authors", "revisions",
				    "taggings", "seminars", "seminar_candidates", "participants",
				    "seminar_joins", "ballots", "group_prefs", "group_members",
				    "seminar_events", "controversies", "statements",
				    "opinion_votes", "opinion_results", "opinion_reports",
				    "controversy_joins", NULL};

void *store_grow(arena *a, void *v, size_t len, size_t *cap, size_t size)
{
	if (len < *cap)
		return v;
	size_t ncap = *cap ? *cap * 2 : 8;
	void *w = arena_alloc(a, ncap * size);
	if (len)
		memcpy(w, v, len * size);
	*cap = ncap;
	return w;
}

store_rc store_run(db_stmt *st)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW)
		;
	db_finalize(st);
	return store_rc_of(rc);
}

store_rc store_insert_id(store *s, db_stmt *st, int64_t *id)
{
	int rc = store_step_guarded(s, st);
	if (rc == DB_ROW && id)
		*id = db_col_int(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? STORE_OK : store_rc_of(rc);
}

const char *store_in_list(arena *a, size_t n)
{
	size_t cap = n * 6 + 1, used = 0;
	char *t = arena_alloc(a, cap);
	t[0] = 0;
	for (size_t i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(t + used, cap - used, "%s$%zu", i ? ", " : "", i + 1);
	return t;
}

store_rc store_touch(store *s, db_stmt *st)
{
	int rc = store_step_guarded(s, st);
	db_finalize(st);
	return rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_NOTFOUND : store_rc_of(rc);
}

store_rc store_collect(db_stmt *st, arena *a, size_t size, store_reader rd, void *out, size_t *n)
{
	char *v = NULL;
	size_t cap = 0;
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, *n, &cap, size);
		memset(v + *n * size, 0, size);
		rd(st, a, v + *n * size);
		(*n)++;
	}
	db_finalize(st);
	memcpy(out, &v, sizeof v);
	return store_rc_of(rc);
}

store_rc store_fetch(db_stmt *st, arena *a, store_reader rd, void *out)
{
	int rc = db_step(st);
	store_rc r = rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_NOTFOUND : store_rc_of(rc);
	if (rc == DB_ROW)
		rd(st, a, out);
	db_finalize(st);
	return r;
}

store_rc store_one_int(db_stmt *st, int64_t *v)
{
	int rc = db_step(st);
	store_rc r = rc == DB_ROW ? STORE_OK : rc == DB_DONE ? STORE_NOTFOUND : store_rc_of(rc);
	if (rc == DB_ROW)
		*v = db_col_int(st, 0);
	db_finalize(st);
	return r;
}

void store_bind_opt(db_stmt *st, int idx, const char *s)
{
	if (s && *s)
		db_bind_text(st, idx, s);
	else
		db_bind_null(st, idx);
}

store_rc store_rc_of(int rc)
{
	switch (rc) {
	case DB_DONE:
	case DB_ROW:
		return STORE_OK;
	case DB_CONSTRAINT:
		return STORE_EXISTS;
	case DB_BUSY:
		return STORE_BUSY;
	default:
		return STORE_ERROR;
	}
}

const char *store_col_str(db_stmt *st, int c, arena *a)
{
	return arena_strdup(a, db_col_text(st, c));
}

int store_step_guarded(store *s, db_stmt *st)
{
	if (!s->in_tx || db_backend(s->db) != DB_POSTGRES)
		return db_step(st);
	if (db_exec(s->db, "SAVEPOINT fab_guard") != DB_DONE)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW || rc == DB_DONE)
		db_exec(s->db, "RELEASE SAVEPOINT fab_guard");
	else
		db_exec(s->db, "ROLLBACK TO SAVEPOINT fab_guard");
	return rc;
}

store_rc store_open(const char *url, store **out, char *err, size_t errlen)
{
	db *d;
	if (db_open(url, &d, err, errlen) < 0)
		return STORE_ERROR;
	/* The words of the search index, for expanding prefixes
	 * (store_search.c). FTS5 looks for the index only when the table is
	 * read, so this holds before the migrations have created it. */
	if (db_backend(d) == DB_SQLITE &&
	    db_exec(d, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab "
		       "USING fts5vocab(main, search_index, 'instance')") != DB_DONE) {
		snprintf(err, errlen, "cannot open the search index's vocabulary: %s", db_errmsg(d));
		db_close(d);
		return STORE_ERROR;
	}
	store *s = mem_calloc(1, sizeof *s);
	s->db = d;
	*out = s;
	return STORE_OK;
}

void store_close(store *s)
{
	if (!s)
		return;
	if (s->in_tx)
		store_rollback(s);
	db_close(s->db);
	free(s);
}

const char *store_errmsg(store *s) { return db_errmsg(s->db); }

const char *store_backend(store *s)
{
	return db_backend(s->db) == DB_SQLITE ? "sqlite" : "postgres";
}

/*
 * SQLite has one writer at a time, and its busy handler retries by sleeping,
 * which is unfair: under load the same threads keep losing and some requests
 * wait for seconds. Writers of this process therefore queue first-come,
 * first-served on a ticket lock before asking SQLite for the write lock.
 * Only the server's pooled connections (all on one database) queue; other
 * connections, and other processes such as a command line run beside the
 * server, still meet SQLite's busy timeout.
 */
static pthread_mutex_t writer_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t writer_cv = PTHREAD_COND_INITIALIZER;
static unsigned long writer_next, writer_serving;

static void writer_acquire(void)
{
	pthread_mutex_lock(&writer_mu);
	unsigned long ticket = writer_next++;
	while (ticket != writer_serving)
		pthread_cond_wait(&writer_cv, &writer_mu);
	pthread_mutex_unlock(&writer_mu);
}

static void writer_release(void)
{
	pthread_mutex_lock(&writer_mu);
	writer_serving++;
	pthread_cond_broadcast(&writer_cv);
	pthread_mutex_unlock(&writer_mu);
}

store_rc store_begin(store *s)
{
	bool sqlite = db_backend(s->db) == DB_SQLITE;
	bool queue = sqlite && s->pooled;
	if (queue)
		writer_acquire();
	int rc = db_exec(s->db, sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
	if (rc == DB_DONE)
		s->in_tx = queue ? 2 : 1;
	else if (queue)
		writer_release();
	return store_rc_of(rc);
}

bool store_in_transaction(store *s)
{
	return s->in_tx != 0;
}

/* Ends the transaction's hold on the writer queue. */
static void end_tx(store *s)
{
	if (s->in_tx == 2)
		writer_release();
	s->in_tx = 0;
}

store_rc store_commit(store *s)
{
	int rc = db_exec(s->db, "COMMIT");
	if (rc != DB_DONE)
		db_exec(s->db, "ROLLBACK");
	end_tx(s);
	return store_rc_of(rc);
}

store_rc store_rollback(store *s)
{
	int rc = db_exec(s->db, "ROLLBACK");
	end_tx(s);
	return store_rc_of(rc);
}

static const char *migration_prefix(store *s)
{
	return db_backend(s->db) == DB_SQLITE ? "sqlite/" : "postgres/";
}

/* Version number of an embedded migration name "sqlite/NNN_x.sql", or -1. */
static int migration_version(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(name, prefix, n) != 0)
		return -1;
	const char *p = name + n;
	if (p[0] < '0' || p[0] > '9')
		return -1;
	return atoi(p);
}

int store_schema_latest(void)
{
	int latest = 0;
	const asset *a;
	for (size_t i = 0; (a = assets_at(i)); i++) {
		int v = migration_version(a->name, "sqlite/");
		if (v > latest)
			latest = v;
	}
	return latest;
}

int store_schema_version(store *s)
{
	/* An empty database has no migrations table yet: version 0. */
	db_stmt *st = db_prepare(s->db, db_backend(s->db) == DB_SQLITE
		? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
		: "SELECT COUNT(*) FROM information_schema.tables "
		  "WHERE table_schema = current_schema() AND table_name = 'schema_migrations'");
	int rc = db_step(st);
	int64_t exists = rc == DB_ROW ? db_col_int(st, 0) : -1;
	db_finalize(st);
	if (exists <= 0)
		return exists == 0 ? 0 : -1;
	st = db_prepare(s->db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	rc = db_step(st);
	int v = rc == DB_ROW ? (int)db_col_int(st, 0) : -1;
	db_finalize(st);
	return v;
}

store_rc store_migrate(store *s, char *err, size_t errlen)
{
	/* The common case, nothing to do, must only read: taking the write
	 * lock here would make a backup or a start-up wait for writers. */
	int before = store_schema_version(s);
	if (before >= store_schema_latest())
		return STORE_OK;
	if (db_exec(s->db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			   "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)") != DB_DONE) {
		snprintf(err, errlen, "cannot create the migrations table: %s", db_errmsg(s->db));
		return STORE_ERROR;
	}
	const char *prefix = migration_prefix(s);
	const asset *a;
	for (size_t i = 0; (a = assets_at(i)); i++) {
		int v = migration_version(a->name, prefix);
		if (v <= 0)
			continue;
		if (store_begin(s) != STORE_OK) {
			snprintf(err, errlen, "cannot start migration %s: %s", a->name, db_errmsg(s->db));
			return STORE_ERROR;
		}
		/* Re-read the version inside the transaction: another process
		 * may have migrated while we waited for the lock. */
		int current = store_schema_version(s);
		if (current < 0 || current >= v) {
			store_rollback(s);
			if (current < 0) {
				snprintf(err, errlen, "cannot read the schema version: %s", db_errmsg(s->db));
				return STORE_ERROR;
			}
			continue;
		}
		if (db_exec(s->db, (const char *)a->data) != DB_DONE) {
			snprintf(err, errlen, "migration %s failed: %s", a->name, db_errmsg(s->db));
			store_rollback(s);
			return STORE_ERROR;
		}
		db_stmt *st = db_prepare(s->db, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)");
		db_bind_int(st, 1, v);
		db_bind_int(st, 2, (int64_t)time(NULL));
		int rc = db_step(st);
		db_finalize(st);
		if (rc != DB_DONE || store_commit(s) != STORE_OK) {
			snprintf(err, errlen, "cannot record migration %s: %s", a->name, db_errmsg(s->db));
			store_rollback(s);
			return STORE_ERROR;
		}
	}
	return STORE_OK;
}

/* ---- per-thread pool ---- */

struct pooled {
	store *s;
	struct pooled *next;
};

static char *pool_url;
static struct pooled *pool_all;
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local store *pool_mine;

void store_pool_init(const char *url)
{
	free(pool_url);
	pool_url = mem_strdup(url);
}

store *store_pool_get(char *err, size_t errlen)
{
	if (pool_mine)
		return pool_mine;
	store *s;
	if (store_open(pool_url, &s, err, errlen) != STORE_OK)
		return NULL;
	struct pooled *p = mem_alloc(sizeof *p);
	p->s = s;
	pthread_mutex_lock(&pool_mu);
	p->next = pool_all;
	pool_all = p;
	pthread_mutex_unlock(&pool_mu);
	s->pooled = 1;
	pool_mine = s;
	return s;
}

void store_pool_close_all(void)
{
	pthread_mutex_lock(&pool_mu);
	struct pooled *p = pool_all;
	pool_all = NULL;
	pthread_mutex_unlock(&pool_mu);
	while (p) {
		struct pooled *next = p->next;
		store_close(p->s);
		free(p);
		p = next;
	}
	pool_mine = NULL;
	free(pool_url);
	pool_url = NULL;
}
