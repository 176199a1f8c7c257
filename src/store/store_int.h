/* store_int.h — what the store's feature files share. Private to src/store/. */
#ifndef FAB_STORE_INT_H
#define FAB_STORE_INT_H

#include "db.h"
#include "store.h"

struct store {
	db *db;
	int in_tx;
};

/* Maps a db_step/db_exec result to a store_rc. */
store_rc store_rc_of(int dbrc);

/* Copies column c of the current row into the arena (NULL stays NULL). */
const char *store_col_str(db_stmt *st, int c, arena *a);

/* The tables of the schema in an order where each comes after the tables it
 * references (backup, restore and check walk them). NULL-terminated. */
extern const char *const store_tables[];

#endif
