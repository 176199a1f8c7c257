/*
 * db_postgres.c — the PostgreSQL side of db.h, through libpq.
 *
 * Parameters travel as text and the server infers their types from the
 * statement, so the same SQL runs here and on SQLite. A statement is executed
 * at its first db_step and its rows are then walked from the result.
 */
#include "db.h"
#include "db_int.h"
#include "../core/mem.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAX_PARAMS 40 /* a search of 16 words binds 36 */

struct pg_db {
	struct db base;
	PGconn *conn;
};

struct pg_stmt {
	struct db_stmt base;
	const char *sql;
	char *param[PG_MAX_PARAMS];
	int nparam;
	int bad_param;
	PGresult *res;
	int row, nrows, executed;
};

static struct pg_db *P(db *d) { return (struct pg_db *)d; }
static struct pg_stmt *PS(db_stmt *s) { return (struct pg_stmt *)s; }

static void set_err(db *d, const char *msg)
{
	free(d->err);
	d->err = mem_strdup(msg && *msg ? msg : "unknown error");
	size_t n = strlen(d->err);
	while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' '))
		d->err[--n] = 0;
}

static int map_result(db *d, PGresult *r)
{
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return DB_DONE;
	set_err(d, r ? PQresultErrorMessage(r) : PQerrorMessage(P(d)->conn));
	/* A server restart breaks the connection: this request fails, and
	 * the next one finds the connection re-established. */
	if (PQstatus(P(d)->conn) == CONNECTION_BAD)
		PQreset(P(d)->conn);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (state && (strcmp(state, "23505") == 0))
		return DB_CONSTRAINT;
	if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		      strcmp(state, "55P03") == 0))
		return DB_BUSY;
	return DB_ERROR;
}

static void pg_close(db *d)
{
	PQfinish(P(d)->conn);
	free(d->err);
	free(d);
}

static int pg_exec(db *d, const char *sql)
{
	PGresult *r = PQexec(P(d)->conn, sql);
	int rc = map_result(d, r);
	PQclear(r);
	return rc;
}

static db_stmt *pg_prepare(db *d, const char *sql, int cached)
{
	(void)cached;
	struct pg_stmt *st = mem_calloc(1, sizeof *st);
	st->base.d = d;
	st->sql = sql;
	return &st->base;
}

static void pg_bind_text(db_stmt *s, int idx, const char *v)
{
	struct pg_stmt *st = PS(s);
	if (idx < 1 || idx > PG_MAX_PARAMS) {
		st->bad_param = 1;
		return;
	}
	free(st->param[idx - 1]);
	st->param[idx - 1] = v ? mem_strdup(v) : NULL;
	if (idx > st->nparam)
		st->nparam = idx;
}

static void pg_bind_int(db_stmt *s, int idx, int64_t v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	pg_bind_text(s, idx, tmp);
}

static int pg_step(db_stmt *s)
{
	struct pg_stmt *st = PS(s);
	db *d = s->d;
	if (st->bad_param) {
		set_err(d, "too many statement parameters");
		return DB_ERROR;
	}
	if (!st->executed) {
		st->executed = 1;
		st->res = PQexecParams(P(d)->conn, st->sql, st->nparam, NULL,
				       (const char *const *)st->param, NULL, NULL, 0);
		int rc = map_result(d, st->res);
		if (rc != DB_DONE)
			return rc;
		st->nrows = PQntuples(st->res);
		st->row = -1;
	}
	if (st->row + 1 < st->nrows) {
		st->row++;
		return DB_ROW;
	}
	return DB_DONE;
}

static int pg_col_count(db_stmt *s) { return PS(s)->res ? PQnfields(PS(s)->res) : 0; }
static const char *pg_col_name(db_stmt *s, int c) { return PQfname(PS(s)->res, c); }
static bool pg_col_null(db_stmt *s, int c) { return PQgetisnull(PS(s)->res, PS(s)->row, c); }
static const char *pg_col_text(db_stmt *s, int c)
{
	if (PQgetisnull(PS(s)->res, PS(s)->row, c))
		return NULL;
	return PQgetvalue(PS(s)->res, PS(s)->row, c);
}
static int64_t pg_col_int(db_stmt *s, int c)
{
	const char *v = pg_col_text(s, c);
	return v ? strtoll(v, NULL, 10) : 0;
}

static void pg_finalize(db_stmt *s)
{
	struct pg_stmt *st = PS(s);
	for (int i = 0; i < st->nparam; i++)
		free(st->param[i]);
	PQclear(st->res);
	free(st);
}

static void pg_reset(db_stmt *s)
{
	struct pg_stmt *st = PS(s);
	for (int i = 0; i < st->nparam; i++) {
		free(st->param[i]);
		st->param[i] = NULL;
	}
	st->nparam = 0;
	PQclear(st->res);
	st->res = NULL;
	st->executed = 0;
	st->row = st->nrows = 0;
}

static const struct db_ops pg_ops = {
	pg_close, pg_exec, pg_prepare, pg_bind_int, pg_bind_text, pg_step, pg_col_count,
	pg_col_name, pg_col_null, pg_col_int, pg_col_text, pg_finalize, pg_reset,
};

static void quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

int db_postgres_open(const char *url, db **out, char *err, size_t errlen)
{
	PGconn *c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", PQerrorMessage(c));
		size_t n = strlen(err);
		while (n && err[n - 1] == '\n')
			err[--n] = 0;
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, quiet_notice, NULL);
	struct pg_db *p = mem_calloc(1, sizeof *p);
	p->base.ops = &pg_ops;
	p->base.kind = DB_POSTGRES;
	p->conn = c;
	if (pg_exec(&p->base, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'") != DB_DONE) {
		snprintf(err, errlen, "cannot set up PostgreSQL session: %s", p->base.err);
		pg_close(&p->base);
		return -1;
	}
	*out = &p->base;
	return 0;
}
