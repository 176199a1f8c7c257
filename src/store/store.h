/*
 * store.h — the only way the rest of fabrique reads or writes data: named
 * operations over one connection. Two backends sit behind it (SQLite and
 * PostgreSQL, chosen by the URL); callers never see SQL.
 *
 * Strings returned in records are allocated from the arena passed in and
 * live as long as it. Every operation returns a store_rc; STORE_ERROR leaves
 * the reason in store_errmsg().
 */
#ifndef FAB_STORE_H
#define FAB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/mem.h"

typedef struct store store;

typedef enum {
	STORE_OK = 0,
	STORE_NOTFOUND = 1,	/* no such row */
	STORE_EXISTS = 2,	/* a unique value is already taken */
	STORE_ERROR = -1,	/* the database failed; see store_errmsg() */
	STORE_BUSY = -2,	/* the database stayed locked; the caller may retry */
} store_rc;

/* ---- connections and transactions (store.c) ---- */

/* Opens a connection to "sqlite:PATH" or "postgres://...". Returns STORE_OK,
 * or STORE_ERROR with a message in err. Close with store_close(). */
store_rc store_open(const char *url, store **out, char *err, size_t errlen);
void store_close(store *s);
const char *store_errmsg(store *s);
/* "sqlite" or "postgres". */
const char *store_backend(store *s);

/* Applies every embedded migration newer than the database's version, each
 * in its own transaction. Returns STORE_OK or STORE_ERROR (message in err). */
store_rc store_migrate(store *s, char *err, size_t errlen);
/* Highest migration applied, 0 for an empty database, -1 on error. */
int store_schema_version(store *s);
/* Highest migration embedded in this binary. */
int store_schema_latest(void);

/* One transaction at a time per connection. store_begin takes the write lock
 * at once on SQLite so that two writers never deadlock upgrading. */
store_rc store_begin(store *s);
bool store_in_transaction(store *s);
store_rc store_commit(store *s);
store_rc store_rollback(store *s);

/* Per-thread connections for the server: store_pool_init records the URL,
 * store_pool_get opens this thread's connection on first use and returns it
 * (NULL with a message in err when it cannot), store_pool_close_all closes
 * every connection once the worker threads have stopped. */
void store_pool_init(const char *url);
store *store_pool_get(char *err, size_t errlen);
void store_pool_close_all(void);

/* ---- accounts (store_account.c) ---- */

typedef struct store_user {
	int64_t id;
	const char *email, *name, *pwhash;
	bool is_admin;
	int64_t created_at, updated_at;
} store_user;

typedef struct store_session {
	int64_t id, created_at, expires_at;
	const char *ip, *user_agent;
} store_session;

typedef struct store_token {
	int64_t id;
	const char *name, *prefix;
	int64_t created_at, last_used_at; /* last_used_at 0 when never used */
} store_token;

/* Creates a user; email must already be normalised (lower case). Returns
 * STORE_OK with the id, or STORE_EXISTS when the e-mail is taken. */
store_rc store_user_create(store *s, const char *email, const char *name,
			   const char *pwhash, bool is_admin, int64_t now, int64_t *id);
store_rc store_user_by_id(store *s, arena *a, int64_t id, store_user *out);
store_rc store_user_by_email(store *s, arena *a, const char *email, store_user *out);
/* All users ordered by id; *out is an arena array of *n records. */
store_rc store_user_list(store *s, arena *a, store_user **out, size_t *n);
store_rc store_user_count(store *s, int64_t *n);
store_rc store_user_set_password(store *s, int64_t id, const char *pwhash, int64_t now);
store_rc store_user_set_profile(store *s, int64_t id, const char *name, int64_t now);
store_rc store_user_set_admin(store *s, int64_t id, bool is_admin, int64_t now);
/* Deletes the user with their sessions and tokens. */
store_rc store_user_delete(store *s, int64_t id);

/* Sessions are looked up by the SHA-256 hex of their token. */
store_rc store_session_create(store *s, int64_t user_id, const char *token_hash,
			      int64_t now, int64_t expires_at, const char *ip,
			      const char *user_agent);
/* The user owning an unexpired session, STORE_NOTFOUND otherwise. */
store_rc store_session_user(store *s, arena *a, const char *token_hash, int64_t now,
			    store_user *out);
store_rc store_session_delete(store *s, const char *token_hash);
/* Ends every session of the user except keep_hash (NULL: all of them). */
store_rc store_session_delete_others(store *s, int64_t user_id, const char *keep_hash);
/* The user's unexpired sessions, oldest first. */
store_rc store_session_list(store *s, arena *a, int64_t user_id, int64_t now, store_session **out,
			    size_t *n);
store_rc store_session_purge(store *s, int64_t now);

store_rc store_token_create(store *s, int64_t user_id, const char *name, const char *prefix,
			    const char *token_hash, int64_t now, int64_t *id);
/* The user owning the token; records the use time. */
store_rc store_token_user(store *s, arena *a, const char *token_hash, int64_t now,
			  store_user *out);
store_rc store_token_list(store *s, arena *a, int64_t user_id, store_token **out, size_t *n);
/* Deletes token id if it belongs to user_id; STORE_NOTFOUND otherwise. */
store_rc store_token_delete(store *s, int64_t user_id, int64_t id);

/* ---- maintenance (store_admin.c) ---- */

/* Checks the database: the engine's own integrity check where it has one,
 * foreign keys, and the schema version. Writes one line per problem to out;
 * returns STORE_OK when there is none, STORE_ERROR otherwise. */
store_rc store_check(store *s, FILE *out);

/* Writes a consistent copy of the whole database, taken online, as a SQLite
 * file at path (which must not exist). The format is the same whatever the
 * backend, so a backup of one backend restores into the other. */
store_rc store_backup(store *s, const char *path, char *err, size_t errlen);

/* Replaces every row of the database with the rows of a backup file made by
 * store_backup, in one transaction: on failure nothing changes. */
store_rc store_restore(store *s, const char *path, char *err, size_t errlen);

#endif
