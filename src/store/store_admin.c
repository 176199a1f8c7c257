/*
 * store_admin.c — integrity check, online backup and restore.
 *
 * A backup is always a SQLite file with the current schema, whatever the
 * backend it was taken from: rows are copied table by table inside one
 * read-only snapshot transaction, so the copy is consistent while the server
 * keeps serving. Restore copies the rows back inside one transaction.
 */
#include "store_int.h"
#include "../core/buf.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* Copies every row of table from src to dst (both inside transactions). */
static int copy_table(db *src, db *dst, const char *table, char *err, size_t errlen)
{
	buf q = BUF_INIT;
	buf_printf(&q, "SELECT * FROM %s ORDER BY 1", table);
	db_stmt *sel = db_prepare_dynamic(src, buf_cstr(&q));
	int rc = db_step(sel);
	buf ins = BUF_INIT;
	db_stmt *st = NULL;
	int ncol = 0;
	int ok = 0;
	while (rc == DB_ROW) {
		if (!ncol) {
			ncol = db_col_count(sel);
			buf_printf(&ins, "INSERT INTO %s (", table);
			for (int c = 0; c < ncol; c++)
				buf_printf(&ins, "%s%s", c ? ", " : "", db_col_name(sel, c));
			buf_puts(&ins, ") VALUES (");
			for (int c = 0; c < ncol; c++)
				buf_printf(&ins, "%s$%d", c ? ", " : "", c + 1);
			buf_puts(&ins, ")");
			st = db_prepare_dynamic(dst, buf_cstr(&ins));
		} else {
			db_reset(st);
		}
		for (int c = 0; c < ncol; c++)
			db_bind_text(st, c + 1, db_col_text(sel, c));
		int r2 = db_step(st);
		if (r2 != DB_DONE) {
			snprintf(err, errlen, "cannot copy a row of %s: %s", table, db_errmsg(dst));
			goto done;
		}
		rc = db_step(sel);
	}
	if (rc != DB_DONE) {
		snprintf(err, errlen, "cannot read %s: %s", table, db_errmsg(src));
		goto done;
	}
	ok = 1;
done:
	db_finalize(st);
	db_finalize(sel);
	buf_free(&q);
	buf_free(&ins);
	return ok ? 0 : -1;
}

/* Removes a SQLite database file and the WAL files beside it. */
static void remove_sqlite_files(const char *path)
{
	buf side = BUF_INIT;
	remove(path);
	buf_printf(&side, "%s-wal", path);
	remove(buf_cstr(&side));
	buf_reset(&side);
	buf_printf(&side, "%s-shm", path);
	remove(buf_cstr(&side));
	buf_free(&side);
}

/* Copies a file byte for byte; 0 or -1. */
static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return -1;
	FILE *out = fopen(to, "wbx");
	if (!out) {
		fclose(in);
		return -1;
	}
	char b[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(b, 1, sizeof b, in)) > 0)
		if (fwrite(b, 1, n, out) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	if (rc)
		remove(to);
	return rc;
}

store_rc store_backup(store *s, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(path, &sb) == 0) {
		snprintf(err, errlen, "%s already exists; choose a new file name", path);
		return STORE_ERROR;
	}
	if (store_schema_version(s) != store_schema_latest()) {
		snprintf(err, errlen, "the database schema is not current; run 'fabrique init' first");
		return STORE_ERROR;
	}
	char url[4096];
	snprintf(url, sizeof url, "sqlite:%s", path);
	store *out;
	if (store_open(url, &out, err, errlen) != STORE_OK)
		return STORE_ERROR;
	store_rc r = STORE_ERROR;
	if (store_migrate(out, err, errlen) != STORE_OK)
		goto fail;
	int rc = db_exec(s->db, db_backend(s->db) == DB_SQLITE
				    ? "BEGIN"
				    : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (rc != DB_DONE) {
		snprintf(err, errlen, "cannot start a snapshot: %s", db_errmsg(s->db));
		goto fail;
	}
	if (store_begin(out) != STORE_OK) {
		snprintf(err, errlen, "cannot write %s: %s", path, store_errmsg(out));
		db_exec(s->db, "ROLLBACK");
		goto fail;
	}
	for (int i = 0; store_tables[i]; i++) {
		if (copy_table(s->db, out->db, store_tables[i], err, errlen) < 0) {
			db_exec(s->db, "ROLLBACK");
			store_rollback(out);
			goto fail;
		}
	}
	db_exec(s->db, "ROLLBACK");
	if (store_commit(out) != STORE_OK) {
		snprintf(err, errlen, "cannot write %s: %s", path, store_errmsg(out));
		goto fail;
	}
	r = STORE_OK;
fail:
	store_close(out);
	if (r != STORE_OK)
		remove_sqlite_files(path);
	return r;
}

store_rc store_restore(store *s, const char *path, char *err, size_t errlen)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		snprintf(err, errlen, "cannot read backup file %s", path);
		return STORE_ERROR;
	}
	/* Work on a private copy in the temporary directory: an older backup
	 * is migrated before use, and the file the administrator keeps (maybe
	 * on read-only media) must stay as it was. */
	char copy[4200];
	const char *tmp = getenv("TMPDIR");
	snprintf(copy, sizeof copy, "%s/fabrique-restore-%ld-%ld.db", tmp && *tmp ? tmp : "/tmp",
		 (long)getpid(), (long)time(NULL));
	if (copy_file(path, copy) < 0) {
		snprintf(err, errlen, "cannot copy %s to %s", path, copy);
		return STORE_ERROR;
	}
	char url[4300];
	snprintf(url, sizeof url, "sqlite:%s", copy);
	store *in;
	if (store_open(url, &in, err, errlen) != STORE_OK) {
		remove(copy);
		return STORE_ERROR;
	}
	store_rc r = STORE_ERROR;
	int v = store_schema_version(in);
	if (v < 1) {
		snprintf(err, errlen, "%s is not a fabrique backup", path);
		goto out;
	}
	if (v > store_schema_latest()) {
		snprintf(err, errlen, "%s comes from a newer fabrique (schema %d, this one knows %d)",
			 path, v, store_schema_latest());
		goto out;
	}
	if (store_migrate(in, err, errlen) != STORE_OK)
		goto out;
	if (store_begin(s) != STORE_OK) {
		snprintf(err, errlen, "cannot start the restore: %s", store_errmsg(s));
		goto out;
	}
	int n = 0;
	while (store_tables[n])
		n++;
	for (int i = n - 1; i >= 0; i--) {
		char q[128];
		snprintf(q, sizeof q, "DELETE FROM %s", store_tables[i]);
		if (db_exec(s->db, q) != DB_DONE) {
			snprintf(err, errlen, "cannot empty %s: %s", store_tables[i], store_errmsg(s));
			store_rollback(s);
			goto out;
		}
	}
	for (int i = 0; i < n; i++) {
		if (copy_table(in->db, s->db, store_tables[i], err, errlen) < 0) {
			store_rollback(s);
			goto out;
		}
		if (db_backend(s->db) == DB_POSTGRES) {
			/* Identity columns do not follow explicit ids: move them on. */
			char q[256];
			snprintf(q, sizeof q,
				 "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
				 "COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)",
				 store_tables[i], store_tables[i]);
			if (db_exec(s->db, q) != DB_DONE) {
				snprintf(err, errlen, "cannot reset ids of %s: %s", store_tables[i], store_errmsg(s));
				store_rollback(s);
				goto out;
			}
		}
	}
	if (store_commit(s) != STORE_OK) {
		snprintf(err, errlen, "cannot commit the restore: %s", store_errmsg(s));
		goto out;
	}
	r = STORE_OK;
out:
	store_close(in);
	remove_sqlite_files(copy);
	return r;
}

store_rc store_check(store *s, FILE *out)
{
	int problems = 0;
	int v = store_schema_version(s), latest = store_schema_latest();
	if (v != latest) {
		fprintf(out, "schema version is %d, this fabrique expects %d\n", v, latest);
		problems++;
	}
	if (db_backend(s->db) == DB_SQLITE) {
		db_stmt *st = db_prepare(s->db, "PRAGMA integrity_check");
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			const char *t = db_col_text(st, 0);
			if (!t || strcmp(t, "ok") != 0) {
				fprintf(out, "integrity: %s\n", t ? t : "?");
				problems++;
			}
		}
		db_finalize(st);
		if (rc != DB_DONE) {
			fprintf(out, "integrity check failed: %s\n", store_errmsg(s));
			problems++;
		}
		st = db_prepare(s->db, "PRAGMA foreign_key_check");
		while ((rc = db_step(st)) == DB_ROW) {
			fprintf(out, "foreign key: row %lld of %s points to a missing %s\n",
				(long long)db_col_int(st, 1), db_col_text(st, 0), db_col_text(st, 2));
			problems++;
		}
		db_finalize(st);
	} else {
		/* PostgreSQL keeps its own invariants; check that every
		 * constraint is validated and that every table reads whole. */
		db_stmt *st = db_prepare(s->db,
			"SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
			"WHERE n.nspname = current_schema() AND NOT c.convalidated");
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			fprintf(out, "constraint not validated: %s\n", db_col_text(st, 0));
			problems++;
		}
		db_finalize(st);
		if (rc != DB_DONE) {
			fprintf(out, "constraint check failed: %s\n", store_errmsg(s));
			problems++;
		}
	}
	for (int i = 0; store_tables[i]; i++) {
		char q[128];
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM %s", store_tables[i]);
		db_stmt *st = db_prepare_dynamic(s->db, q);
		if (db_step(st) != DB_ROW) {
			fprintf(out, "cannot read table %s: %s\n", store_tables[i], store_errmsg(s));
			problems++;
		}
		db_finalize(st);
	}
	/* Logical rules the schema cannot state. */
	db_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM users WHERE email <> LOWER(email) OR email = ''");
	if (db_step(st) == DB_ROW && db_col_int(st, 0) > 0) {
		fprintf(out, "%lld users have an e-mail address that is empty or not in lower case\n",
			(long long)db_col_int(st, 0));
		problems++;
	}
	db_finalize(st);
	return problems ? STORE_ERROR : STORE_OK;
}
