/* store_int.h — what the store's feature files share. Private to src/store/. */
#ifndef FAB_STORE_INT_H
#define FAB_STORE_INT_H

#include "db.h"
#include "store.h"

struct store {
	db *db;
	int in_tx;  /* 0 none, 1 open, 2 open and holding the SQLite writer queue */
	int pooled; /* a server connection from store_pool_get */
};

/* Maps a db_step/db_exec result to a store_rc. */
store_rc store_rc_of(int dbrc);

/* Steps a statement that may break a constraint (a duplicate e-mail, say)
 * without spoiling the caller's transaction: PostgreSQL aborts a whole
 * transaction on any error, so inside one the statement runs under a
 * savepoint that is rolled back on failure. SQLite only undoes the failed
 * statement, so there it is a plain db_step. */
int store_step_guarded(store *s, db_stmt *st);

/* Copies column c of the current row into the arena (NULL stays NULL). */
const char *store_col_str(db_stmt *st, int c, arena *a);

/* Makes room for one more element in an arena array of *cap elements of
 * size bytes holding len; returns the (possibly moved) array. */
void *store_grow(arena *a, void *v, size_t len, size_t *cap, size_t size);

/* Runs a statement that returns nothing, and finalizes it. */
store_rc store_run(db_stmt *st);

/* Runs an INSERT ... RETURNING id and finalizes it; a broken constraint
 * leaves the caller's transaction usable. id may be NULL. */
store_rc store_insert_id(store *s, db_stmt *st, int64_t *id);

/* Runs an UPDATE or DELETE ... RETURNING id and finalizes it: STORE_OK when
 * a row was touched, STORE_NOTFOUND when none was. */
store_rc store_touch(store *s, db_stmt *st);

/* Reads the current row of st into the record at row. */
typedef void (*store_reader)(db_stmt *st, arena *a, void *row);

/* Runs st and collects every row into an arena array of records of size
 * bytes (*out, *n), then finalizes st. */
store_rc store_collect(db_stmt *st, arena *a, size_t size, store_reader rd, void *out, size_t *n);

/* Runs st expecting at most one row, read into out; STORE_NOTFOUND when
 * there is none. Finalizes st. */
store_rc store_fetch(db_stmt *st, arena *a, store_reader rd, void *out);

/* Reads u.id, u.email, u.name, role, created_at into a store_member. */
void store_read_member(db_stmt *st, arena *a, void *row);

/* SQL text "$1, $2, ..., $n" (n at most 100) for an IN list, from fixed
 * pieces; allocated from a. */
const char *store_in_list(arena *a, size_t n);

/* Reads p.id, p.cycle_id, p.user_id, p.created_at, p.nickname, p.org_kind
 * into a store_participant. */
void store_read_participant(db_stmt *st, arena *a, void *row);

/* Reads (key text, n) into a store_count. */
void store_read_count(db_stmt *st, arena *a, void *row);

/* Runs a statement that returns one integer (COUNT...) and finalizes it. */
store_rc store_one_int(db_stmt *st, int64_t *v);

/* Binds text, or NULL when s is NULL or empty. */
void store_bind_opt(db_stmt *st, int idx, const char *s);

/* The tables of the schema in an order where each comes after the tables it
 * references (backup, restore and check walk them). NULL-terminated. */
extern const char *const store_tables[];

#endif
