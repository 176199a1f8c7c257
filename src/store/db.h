/*
 * db.h — the store's private driver interface: one connection, prepared
 * statements, bound parameters, rows. Two drivers implement it, db_sqlite.c
 * and db_postgres.c. Only files under src/store/ include this header; the
 * rest of the program sees the named operations of store.h.
 *
 * SQL is written once for both drivers: parameters are $1, $2... (the SQLite
 * driver rewrites them to ?1, ?2...), ids come back through RETURNING, times
 * are BIGINT Unix seconds, flags are INTEGER 0/1. Nothing is ever formatted
 * into SQL text.
 */
#ifndef FAB_DB_H
#define FAB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef enum { DB_SQLITE, DB_POSTGRES } db_kind;

/* Results of db_step and db_exec. */
enum {
	DB_ROW = 1,		/* a row is available */
	DB_DONE = 0,		/* no more rows / statement finished */
	DB_ERROR = -1,		/* failure; db_errmsg() says why */
	DB_CONSTRAINT = -2,	/* a UNIQUE or PRIMARY KEY constraint refused it (other
				 * constraint failures are DB_ERROR: they are bugs) */
	DB_BUSY = -3,		/* the database stayed locked past the busy timeout */
};

/* Opens "sqlite:PATH" or "postgres://..." / "postgresql://...". On failure
 * returns -1 with a message in err. The connection belongs to one thread at a
 * time; close it with db_close(). */
int db_open(const char *url, db **out, char *err, size_t errlen);
void db_close(db *d);
db_kind db_backend(const db *d);

/* Last error message of this connection (owned by it). */
const char *db_errmsg(db *d);

/* Runs SQL text without parameters, possibly several statements (used for
 * migrations and transaction control). Returns DB_DONE or an error code. */
int db_exec(db *d, const char *sql);

/* Prepares sql (with $N parameters). Never NULL: a preparation error is
 * reported by the first db_step. sql must stay valid until db_finalize (the
 * SQLite driver caches by the text's address, so pass string literals). */
db_stmt *db_prepare(db *d, const char *sql);

/* Like db_prepare, for SQL text built at run time from fixed names (never
 * from input): bypasses the statement cache, whose key is the text's address. */
db_stmt *db_prepare_dynamic(db *d, const char *sql);

/* Binds parameter idx (1-based). Text is copied; NULL text binds SQL NULL. */
void db_bind_int(db_stmt *st, int idx, int64_t v);
void db_bind_text(db_stmt *st, int idx, const char *s);
void db_bind_null(db_stmt *st, int idx);

/* Advances: DB_ROW, DB_DONE or an error code. */
int db_step(db_stmt *st);

int db_col_count(db_stmt *st);
const char *db_col_name(db_stmt *st, int col);
bool db_col_null(db_stmt *st, int col);
int64_t db_col_int(db_stmt *st, int col);
/* Text of a column; NULL for SQL NULL. Valid until the next step or finalize. */
const char *db_col_text(db_stmt *st, int col);

/* Makes a statement ready to run again with new bindings (all cleared). */
void db_reset(db_stmt *st);

/* Releases the statement (or returns it to the connection's cache). */
void db_finalize(db_stmt *st);

#endif
