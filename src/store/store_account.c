/* store_account.c — users, login sessions and personal API tokens. */
#include "store_int.h"

#include <string.h>

#define USER_COLS "id, email, name, pwhash, is_admin, created_at, updated_at"

static void read_user(db_stmt *st, arena *a, store_user *u)
{
	u->id = db_col_int(st, 0);
	u->email = store_col_str(st, 1, a);
	u->name = store_col_str(st, 2, a);
	u->pwhash = store_col_str(st, 3, a);
	u->is_admin = db_col_int(st, 4) != 0;
	u->created_at = db_col_int(st, 5);
	u->updated_at = db_col_int(st, 6);
}

/* Runs a statement expected to return at most one user row. */
static store_rc one_user(db_stmt *st, arena *a, store_user *out)
{
	int rc = db_step(st);
	store_rc r;
	if (rc == DB_ROW) {
		read_user(st, a, out);
		r = STORE_OK;
	} else if (rc == DB_DONE) {
		r = STORE_NOTFOUND;
	} else {
		r = store_rc_of(rc);
	}
	db_finalize(st);
	return r;
}

store_rc store_user_create(store *s, const char *email, const char *name,
			   const char *pwhash, bool is_admin, int64_t now, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO users (email, name, pwhash, is_admin, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $5) RETURNING id");
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, pwhash);
	db_bind_int(st, 4, is_admin ? 1 : 0);
	db_bind_int(st, 5, now);
	return store_insert_id(s, st, id);
}

store_rc store_user_by_id(store *s, arena *a, int64_t id, store_user *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " USER_COLS " FROM users WHERE id = $1");
	db_bind_int(st, 1, id);
	return one_user(st, a, out);
}

store_rc store_user_by_email(store *s, arena *a, const char *email, store_user *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " USER_COLS " FROM users WHERE email = $1");
	db_bind_text(st, 1, email);
	return one_user(st, a, out);
}

store_rc store_user_list(store *s, arena *a, store_user **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db, "SELECT " USER_COLS " FROM users ORDER BY id");
	size_t cap = 0, len = 0;
	store_user *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, len, &cap, sizeof *v);
		read_user(st, a, &v[len++]);
	}
	db_finalize(st);
	*out = v;
	*n = len;
	return store_rc_of(rc);
}

store_rc store_user_count(store *s, int64_t *n)
{
	db_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM users");
	int rc = db_step(st);
	if (rc == DB_ROW)
		*n = db_col_int(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? STORE_OK : store_rc_of(rc);
}

/* An UPDATE of one user: STORE_NOTFOUND when no row changed. */
static store_rc update_user(db_stmt *st)
{
	int rc = db_step(st);
	int found = rc == DB_ROW;
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_rc_of(rc);
	return found ? STORE_OK : STORE_NOTFOUND;
}

store_rc store_user_set_password(store *s, int64_t id, const char *pwhash, int64_t now)
{
	db_stmt *st = db_prepare(s->db, "UPDATE users SET pwhash = $1, updated_at = $2 WHERE id = $3 RETURNING id");
	db_bind_text(st, 1, pwhash);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return update_user(st);
}

store_rc store_user_set_profile(store *s, int64_t id, const char *name, int64_t now)
{
	db_stmt *st = db_prepare(s->db, "UPDATE users SET name = $1, updated_at = $2 WHERE id = $3 RETURNING id");
	db_bind_text(st, 1, name);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return update_user(st);
}

store_rc store_user_set_admin(store *s, int64_t id, bool is_admin, int64_t now)
{
	db_stmt *st = db_prepare(s->db, "UPDATE users SET is_admin = $1, updated_at = $2 WHERE id = $3 RETURNING id");
	db_bind_int(st, 1, is_admin ? 1 : 0);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return update_user(st);
}

store_rc store_user_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM users WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return update_user(st);
}

store_rc store_session_create(store *s, int64_t user_id, const char *token_hash,
			      int64_t now, int64_t expires_at, const char *ip,
			      const char *user_agent)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO sessions (user_id, token_hash, created_at, expires_at, ip, user_agent) "
		"VALUES ($1, $2, $3, $4, $5, $6)");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, expires_at);
	db_bind_text(st, 5, ip);
	db_bind_text(st, 6, user_agent);
	return store_run(st);
}

store_rc store_session_user(store *s, arena *a, const char *token_hash, int64_t now,
			    store_user *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT u.id, u.email, u.name, u.pwhash, u.is_admin, u.created_at, u.updated_at "
		"FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = $1 AND s.expires_at > $2");
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	return one_user(st, a, out);
}

store_rc store_session_delete(store *s, const char *token_hash)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM sessions WHERE token_hash = $1");
	db_bind_text(st, 1, token_hash);
	return store_run(st);
}

store_rc store_session_delete_others(store *s, int64_t user_id, const char *keep_hash)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, keep_hash ? keep_hash : "");
	return store_run(st);
}

store_rc store_session_list(store *s, arena *a, int64_t user_id, int64_t now, store_session **out,
			    size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, created_at, expires_at, ip, user_agent FROM sessions "
		"WHERE user_id = $1 AND expires_at > $2 ORDER BY id");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	size_t cap = 0, len = 0;
	store_session *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, len, &cap, sizeof *v);
		store_session *x = &v[len++];
		x->id = db_col_int(st, 0);
		x->created_at = db_col_int(st, 1);
		x->expires_at = db_col_int(st, 2);
		x->ip = store_col_str(st, 3, a);
		x->user_agent = store_col_str(st, 4, a);
	}
	db_finalize(st);
	*out = v;
	*n = len;
	return store_rc_of(rc);
}

store_rc store_session_purge(store *s, int64_t now)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM sessions WHERE expires_at <= $1");
	db_bind_int(st, 1, now);
	return store_run(st);
}

store_rc store_token_create(store *s, int64_t user_id, const char *name, const char *prefix,
			    const char *token_hash, int64_t now, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, prefix);
	db_bind_text(st, 4, token_hash);
	db_bind_int(st, 5, now);
	return store_insert_id(s, st, id);
}

store_rc store_token_user(store *s, arena *a, const char *token_hash, int64_t now,
			  store_user *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT u.id, u.email, u.name, u.pwhash, u.is_admin, u.created_at, u.updated_at, "
		"t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
	db_bind_text(st, 1, token_hash);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_finalize(st);
		return rc == DB_DONE ? STORE_NOTFOUND : store_rc_of(rc);
	}
	read_user(st, a, out);
	bool stale = db_col_null(st, 7) || db_col_int(st, 7) < now - 60;
	db_finalize(st);
	/* Record the use at most once a minute: a request that only reads
	 * should not queue for the write lock every time. */
	if (!stale)
		return STORE_OK;
	st = db_prepare(s->db, "UPDATE api_tokens SET last_used_at = $1 "
			       "WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)");
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, token_hash);
	db_bind_int(st, 3, now - 60);
	store_run(st);
	return STORE_OK;
}

store_rc store_token_list(store *s, arena *a, int64_t user_id, store_token **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, name, prefix, created_at, last_used_at FROM api_tokens "
		"WHERE user_id = $1 ORDER BY id");
	db_bind_int(st, 1, user_id);
	size_t cap = 0, len = 0;
	store_token *v = NULL;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, len, &cap, sizeof *v);
		store_token *t = &v[len++];
		t->id = db_col_int(st, 0);
		t->name = store_col_str(st, 1, a);
		t->prefix = store_col_str(st, 2, a);
		t->created_at = db_col_int(st, 3);
		t->last_used_at = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	}
	db_finalize(st);
	*out = v;
	*n = len;
	return store_rc_of(rc);
}

store_rc store_token_delete(store *s, int64_t user_id, int64_t id)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM api_tokens WHERE id = $1 AND user_id = $2 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	return update_user(st);
}
