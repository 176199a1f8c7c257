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

/* The tables of the schema in an order where each comes after the tables it
 * references (backup, restore and check walk them). NULL-terminated. */
extern const char *const store_tables[];

#endif
