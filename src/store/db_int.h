/* db_int.h — what the two drivers share: the connection and statement heads
 * and the table of driver functions behind db.h. Private to src/store/. */
#ifndef FAB_DB_INT_H
#define FAB_DB_INT_H

#include "db.h"

struct db_ops {
	void (*close)(db *);
	int (*exec)(db *, const char *);
	db_stmt *(*prepare)(db *, const char *, int cached);
	void (*bind_int)(db_stmt *, int, int64_t);
	void (*bind_text)(db_stmt *, int, const char *);
	int (*step)(db_stmt *);
	int (*col_count)(db_stmt *);
	const char *(*col_name)(db_stmt *, int);
	bool (*col_null)(db_stmt *, int);
	int64_t (*col_int)(db_stmt *, int);
	const char *(*col_text)(db_stmt *, int);
	void (*finalize)(db_stmt *);
	void (*reset)(db_stmt *);
};

struct db {
	const struct db_ops *ops;
	db_kind kind;
	char *err;
};

struct db_stmt {
	db *d;
};

int db_sqlite_open(const char *path, db **out, char *err, size_t errlen);
int db_postgres_open(const char *url, db **out, char *err, size_t errlen);

/* Registers fab_rank(), the search index's ranking (sqlite_rank.c), on the
 * connection h. Returns an SQLite result code: SQLITE_OK, or an error when
 * the library was built without FTS5. */
struct sqlite3;
int db_sqlite_register_rank(struct sqlite3 *h);

#endif
