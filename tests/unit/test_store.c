/* test_store.c — every operation of store.h, on SQLite always and on
 * PostgreSQL too when FABRIQUE_TEST_PG is set. Each test gets a fresh,
 * migrated database (see unit.h). */
#include "unit.h"

#include "core/buf.h"

#define T0 1700000000

typedef struct fx {
	unit_db db;
	arena *a;
	char dir[512]; /* scratch directory for backups */
} fx;

static int setup_backend(void **state, int pg)
{
	fx *f = mem_calloc(1, sizeof *f);
	unit_db_open_backend(&f->db, pg, true);
	f->a = arena_new();
	unit_tmpdir(f->dir, sizeof f->dir);
	*state = f;
	return 0;
}

static int setup_sqlite(void **state) { return setup_backend(state, 0); }
static int setup_pg(void **state) { return setup_backend(state, 1); }

static int teardown(void **state)
{
	fx *f = *state;
	if (!f)
		return 0;
	unit_db_close(&f->db);
	arena_free(f->a);
	unit_rmdir(f->dir);
	free(f);
	return 0;
}

/* Creates a user with a placeholder hash; returns the id. */
static int64_t mkuser(store *s, const char *email, int64_t now)
{
	int64_t id = 0;
	store_rc rc = store_user_create(s, email, "Someone", "$argon2id$placeholder", false, now, &id);
	if (rc != STORE_OK)
		fail_msg("store_user_create(%s) = %d: %s", email, rc, store_errmsg(s));
	assert_true(id > 0);
	return id;
}

/* A 64-hex-character token hash made from a small number. */
static const char *th(int n)
{
	static char h[8][65];
	static int next;
	char *p = h[next++ % 8];
	snprintf(p, 65, "%064x", n);
	return p;
}

/* A canonical text of the whole database through the store's own reads:
 * users with every field, then each user's sessions and tokens. */
static void dump(store *s, buf *out)
{
	arena *a = arena_new();
	store_user *u;
	size_t n;
	assert_int_equal(store_user_list(s, a, &u, &n), STORE_OK);
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "user %lld|%s|%s|%s|%d|%lld|%lld\n", (long long)u[i].id, u[i].email,
			   u[i].name, u[i].pwhash, u[i].is_admin, (long long)u[i].created_at,
			   (long long)u[i].updated_at);
		store_session *ss;
		size_t ns;
		/* now = 0: every session, expired or not. */
		assert_int_equal(store_session_list(s, a, u[i].id, 0, &ss, &ns), STORE_OK);
		for (size_t k = 0; k < ns; k++)
			buf_printf(out, "  session %lld|%lld|%lld|%s|%s\n", (long long)ss[k].id,
				   (long long)ss[k].created_at, (long long)ss[k].expires_at,
				   ss[k].ip ? ss[k].ip : "(null)",
				   ss[k].user_agent ? ss[k].user_agent : "(null)");
		store_token *t;
		size_t nt;
		assert_int_equal(store_token_list(s, a, u[i].id, &t, &nt), STORE_OK);
		for (size_t k = 0; k < nt; k++)
			buf_printf(out, "  token %lld|%s|%s|%lld|%lld\n", (long long)t[k].id, t[k].name,
				   t[k].prefix, (long long)t[k].created_at, (long long)t[k].last_used_at);
	}
	arena_free(a);
}

/* ---- connections and schema ---- */

static void test_open(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	assert_string_equal(store_backend(s), f->db.pg ? "postgres" : "sqlite");
	assert_true(store_schema_latest() >= 1);
	assert_int_equal(store_schema_version(s), store_schema_latest());

	store *bad = NULL;
	char err[512] = "";
	assert_int_equal(store_open("mysql://localhost/x", &bad, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);
	err[0] = 0;
	assert_int_equal(store_open("sqlite:", &bad, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);
	err[0] = 0;
	assert_int_equal(store_open("sqlite:/nonexistent-dir-7f3a/x.db", &bad, err, sizeof err),
			 STORE_ERROR);
	assert_true(strlen(err) > 0);
}

/* store.h: "0 for an empty database". */
static void test_schema_version_empty(void **state)
{
	fx *f = *state;
	unit_db empty;
	unit_db_open_backend(&empty, f->db.pg, false);
	int v = store_schema_version(empty.s);
	char err[512] = "";
	store_rc rc = store_migrate(empty.s, err, sizeof err);
	int after = store_schema_version(empty.s);
	unit_db_close(&empty);
	assert_int_equal(v, 0);
	assert_int_equal(rc, STORE_OK);
	assert_int_equal(after, store_schema_latest());
}

static void test_migrate_idempotent(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = mkuser(s, "kept@example.org", T0);
	char err[512] = "";
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_migrate(s, err, sizeof err), STORE_OK);
		assert_int_equal(store_schema_version(s), store_schema_latest());
	}
	store_user u;
	assert_int_equal(store_user_by_id(s, f->a, id, &u), STORE_OK);
	assert_string_equal(u.email, "kept@example.org");
	int64_t n = -1;
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* A second connection migrating the same database changes nothing. */
	store *s2;
	assert_int_equal(store_open(f->db.url, &s2, err, sizeof err), STORE_OK);
	assert_int_equal(store_migrate(s2, err, sizeof err), STORE_OK);
	assert_int_equal(store_schema_version(s2), store_schema_latest());
	store_close(s2);
}

/* ---- users ---- */

static void test_user_crud(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	int64_t n = -1;
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 0);

	int64_t id = 0;
	assert_int_equal(store_user_create(s, "ada@example.org", "Ada Lovelace", "$argon2id$h1", true,
					   T0, &id),
			 STORE_OK);
	assert_true(id > 0);
	store_user u;
	memset(&u, 0, sizeof u);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.email, "ada@example.org");
	assert_string_equal(u.name, "Ada Lovelace");
	assert_string_equal(u.pwhash, "$argon2id$h1");
	assert_true(u.is_admin);
	assert_int_equal(u.created_at, T0);
	assert_int_equal(u.updated_at, T0);

	store_user v;
	assert_int_equal(store_user_by_email(s, a, "ada@example.org", &v), STORE_OK);
	assert_int_equal(v.id, id);
	assert_int_equal(store_user_by_email(s, a, "ADA@example.org", &v), STORE_NOTFOUND);
	assert_int_equal(store_user_by_email(s, a, "nobody@example.org", &v), STORE_NOTFOUND);
	assert_int_equal(store_user_by_id(s, a, id + 1000, &v), STORE_NOTFOUND);

	assert_int_equal(store_user_set_password(s, id, "$argon2id$h2", T0 + 10), STORE_OK);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_OK);
	assert_string_equal(u.pwhash, "$argon2id$h2");
	assert_int_equal(u.updated_at, T0 + 10);
	assert_int_equal(u.created_at, T0);

	assert_int_equal(store_user_set_profile(s, id, "Augusta Ada King", T0 + 20), STORE_OK);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_OK);
	assert_string_equal(u.name, "Augusta Ada King");
	assert_int_equal(u.updated_at, T0 + 20);

	assert_int_equal(store_user_set_admin(s, id, false, T0 + 30), STORE_OK);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_OK);
	assert_false(u.is_admin);
	assert_int_equal(u.updated_at, T0 + 30);
	assert_string_equal(u.pwhash, "$argon2id$h2"); /* untouched by the other updates */

	/* Updates of a missing user. */
	assert_int_equal(store_user_set_password(s, id + 1000, "x", T0), STORE_NOTFOUND);
	assert_int_equal(store_user_set_profile(s, id + 1000, "x", T0), STORE_NOTFOUND);
	assert_int_equal(store_user_set_admin(s, id + 1000, true, T0), STORE_NOTFOUND);

	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_user_delete(s, id), STORE_OK);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_NOTFOUND);
	assert_int_equal(store_user_delete(s, id), STORE_NOTFOUND);
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 0);
}

static void test_user_unique(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id1 = mkuser(s, "same@example.org", T0), id2 = -7;
	assert_int_equal(store_user_create(s, "same@example.org", "Other", "h", false, T0, &id2),
			 STORE_EXISTS);
	int64_t n = 0;
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* The connection is still usable after the refusal. */
	int64_t id3 = mkuser(s, "other@example.org", T0);
	assert_true(id3 != id1);
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 2);
}

static void test_user_list(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	enum { N = 41 };
	int64_t ids[N];
	for (int i = 0; i < N; i++) {
		char email[64];
		snprintf(email, sizeof email, "user%02d@example.org", i);
		ids[i] = mkuser(s, email, T0 + i);
	}
	store_user *u;
	size_t n = 0;
	assert_int_equal(store_user_list(s, f->a, &u, &n), STORE_OK);
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++) {
		char email[64];
		snprintf(email, sizeof email, "user%02d@example.org", i);
		assert_int_equal(u[i].id, ids[i]);
		assert_string_equal(u[i].email, email);
		assert_int_equal(u[i].created_at, T0 + i);
		if (i)
			assert_true(u[i].id > u[i - 1].id);
	}
	/* An empty list after everyone leaves. */
	for (int i = 0; i < N; i++)
		assert_int_equal(store_user_delete(s, ids[i]), STORE_OK);
	assert_int_equal(store_user_list(s, f->a, &u, &n), STORE_OK);
	assert_int_equal(n, 0);
}

/* Text goes in and out unchanged, whatever it holds: parameters are bound,
 * never formatted into SQL. */
static void test_user_text(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	static const char *names[] = {
		"Zo\xC3\xAB O'Brien \"the\" \xE2\x82\xAC \xF0\x9F\x98\x80",
		"'); DROP TABLE users; --",
		"$1 $2 ?1 ? %s %d \\ \\\\",
		"x",
	};
	for (size_t i = 0; i < UNIT_LEN(names); i++) {
		char email[64];
		snprintf(email, sizeof email, "t%zu'\"@example.org", i);
		int64_t id = 0;
		assert_int_equal(store_user_create(s, email, names[i], names[i], false, T0, &id), STORE_OK);
		store_user u;
		assert_int_equal(store_user_by_email(s, f->a, email, &u), STORE_OK);
		assert_int_equal(u.id, id);
		assert_string_equal(u.name, names[i]);
		assert_string_equal(u.pwhash, names[i]);
	}
	int64_t n = 0;
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, (int64_t)UNIT_LEN(names));
}

/* ---- sessions ---- */

static void test_sessions(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	int64_t uid = mkuser(s, "sess@example.org", T0);
	int64_t other = mkuser(s, "other@example.org", T0);
	char h1[65], h2[65];
	snprintf(h1, sizeof h1, "%s", th(1));
	snprintf(h2, sizeof h2, "%s", th(2));
	assert_int_equal(store_session_create(s, uid, h1, T0, T0 + 100, "192.0.2.1", "Firefox/1"),
			 STORE_OK);
	assert_int_equal(store_session_create(s, uid, h2, T0 + 1, T0 + 1000, NULL, NULL), STORE_OK);

	store_user u;
	assert_int_equal(store_session_user(s, a, h1, T0, &u), STORE_OK);
	assert_int_equal(u.id, uid);
	assert_string_equal(u.email, "sess@example.org");
	assert_int_equal(store_session_user(s, a, h1, T0 + 99, &u), STORE_OK);
	/* expires_at is the first second it no longer works. */
	assert_int_equal(store_session_user(s, a, h1, T0 + 100, &u), STORE_NOTFOUND);
	assert_int_equal(store_session_user(s, a, h1, T0 + 5000, &u), STORE_NOTFOUND);
	assert_int_equal(store_session_user(s, a, th(99), T0, &u), STORE_NOTFOUND);

	/* The same token hash cannot open two sessions. */
	assert_int_equal(store_session_create(s, other, h1, T0, T0 + 100, NULL, NULL), STORE_EXISTS);

	store_session *ss;
	size_t n = 0;
	assert_int_equal(store_session_list(s, a, uid, T0 + 1, &ss, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(ss[0].created_at, T0);
	assert_int_equal(ss[0].expires_at, T0 + 100);
	assert_string_equal(ss[0].ip, "192.0.2.1");
	assert_string_equal(ss[0].user_agent, "Firefox/1");
	assert_int_equal(ss[1].created_at, T0 + 1);
	assert_null(ss[1].ip);
	assert_null(ss[1].user_agent);
	/* Only unexpired sessions are listed. */
	assert_int_equal(store_session_list(s, a, uid, T0 + 100, &ss, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ss[0].expires_at, T0 + 1000);
	assert_int_equal(store_session_list(s, a, other, T0, &ss, &n), STORE_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_session_delete(s, h2), STORE_OK);
	assert_int_equal(store_session_user(s, a, h2, T0, &u), STORE_NOTFOUND);
	assert_int_equal(store_session_list(s, a, uid, T0, &ss, &n), STORE_OK);
	assert_int_equal(n, 1);

	/* A session for a user who does not exist is refused. */
	assert_true(store_session_create(s, uid + other + 1000, th(50), T0, T0 + 10, NULL, NULL) !=
		    STORE_OK);
}

static void test_sessions_others_purge(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	int64_t uid = mkuser(s, "many@example.org", T0);
	int64_t other = mkuser(s, "other@example.org", T0);
	/* 12 sessions: more than any small initial list capacity. */
	for (int i = 0; i < 12; i++)
		assert_int_equal(store_session_create(s, uid, th(100 + i), T0, T0 + 10 * (i + 1), NULL, NULL),
				 STORE_OK);
	assert_int_equal(store_session_create(s, other, th(200), T0, T0 + 5, NULL, NULL), STORE_OK);
	store_session *ss;
	size_t n = 0;
	assert_int_equal(store_session_list(s, a, uid, T0, &ss, &n), STORE_OK);
	assert_int_equal(n, 12);
	assert_int_equal(store_session_list(s, a, uid, T0 + 60, &ss, &n), STORE_OK);
	assert_int_equal(n, 6); /* those expiring at T0+70 ... T0+120 */

	/* Purge at T0 + 30 ends the sessions expiring at T0+10, +20, +30 and
	 * the other user's (T0+5); listing with now = 0 shows what is left. */
	assert_int_equal(store_session_purge(s, T0 + 30), STORE_OK);
	assert_int_equal(store_session_list(s, a, uid, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++)
		assert_true(ss[i].expires_at > T0 + 30);
	assert_int_equal(store_session_list(s, a, other, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_session_create(s, other, th(201), T0, T0 + 500, NULL, NULL), STORE_OK);

	/* Keep one, end the other eight; the other user's session stays. */
	char keep[65];
	snprintf(keep, sizeof keep, "%s", th(105));
	assert_int_equal(store_session_delete_others(s, uid, keep), STORE_OK);
	assert_int_equal(store_session_list(s, a, uid, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 1);
	store_user u;
	assert_int_equal(store_session_user(s, a, keep, T0 + 31, &u), STORE_OK);
	assert_int_equal(store_session_user(s, a, th(201), T0 + 31, &u), STORE_OK);
	assert_int_equal(u.id, other);
	/* NULL: all of them. */
	assert_int_equal(store_session_delete_others(s, uid, NULL), STORE_OK);
	assert_int_equal(store_session_list(s, a, uid, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_session_list(s, a, other, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 1);
}

/* ---- API tokens ---- */

static void test_tokens(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	int64_t uid = mkuser(s, "tok@example.org", T0);
	int64_t other = mkuser(s, "other@example.org", T0);
	int64_t t1 = 0, t2 = 0;
	char h1[65], h2[65];
	snprintf(h1, sizeof h1, "%s", th(301));
	snprintf(h2, sizeof h2, "%s", th(302));
	assert_int_equal(store_token_create(s, uid, "backup script", "fab_AbCdEfGh", h1, T0, &t1),
			 STORE_OK);
	assert_int_equal(store_token_create(s, uid, "ci", "fab_12345678", h2, T0 + 1, &t2), STORE_OK);
	assert_true(t1 > 0 && t2 > 0 && t1 != t2);
	/* Token hashes are unique. */
	int64_t t3 = 0;
	assert_int_equal(store_token_create(s, other, "dup", "fab_x", h1, T0, &t3), STORE_EXISTS);

	store_token *tl;
	size_t n = 0;
	assert_int_equal(store_token_list(s, a, uid, &tl, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tl[0].id, t1);
	assert_string_equal(tl[0].name, "backup script");
	assert_string_equal(tl[0].prefix, "fab_AbCdEfGh");
	assert_int_equal(tl[0].created_at, T0);
	assert_int_equal(tl[0].last_used_at, 0); /* never used */
	assert_int_equal(tl[1].id, t2);

	store_user u;
	assert_int_equal(store_token_user(s, a, h1, T0 + 500, &u), STORE_OK);
	assert_int_equal(u.id, uid);
	assert_int_equal(store_token_user(s, a, th(399), T0 + 500, &u), STORE_NOTFOUND);
	assert_int_equal(store_token_list(s, a, uid, &tl, &n), STORE_OK);
	assert_int_equal(tl[0].last_used_at, T0 + 500); /* the use is recorded */
	assert_int_equal(tl[1].last_used_at, 0);

	/* Only the owner deletes a token. */
	assert_int_equal(store_token_delete(s, other, t1), STORE_NOTFOUND);
	assert_int_equal(store_token_user(s, a, h1, T0 + 600, &u), STORE_OK);
	assert_int_equal(store_token_delete(s, uid, t1), STORE_OK);
	assert_int_equal(store_token_user(s, a, h1, T0 + 700, &u), STORE_NOTFOUND);
	assert_int_equal(store_token_delete(s, uid, t1), STORE_NOTFOUND);
	assert_int_equal(store_token_list(s, a, uid, &tl, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tl[0].id, t2);

	/* Ten more: list growth. */
	for (int i = 0; i < 10; i++) {
		char name[16];
		snprintf(name, sizeof name, "t%d", i);
		assert_int_equal(store_token_create(s, other, name, "fab_p", th(310 + i), T0, NULL), STORE_OK);
	}
	assert_int_equal(store_token_list(s, a, other, &tl, &n), STORE_OK);
	assert_int_equal(n, 10);
	assert_string_equal(tl[9].name, "t9");
}

static void test_delete_cascades(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	int64_t gone = mkuser(s, "gone@example.org", T0), stays = mkuser(s, "stays@example.org", T0);
	assert_int_equal(store_session_create(s, gone, th(1), T0, T0 + 999, NULL, NULL), STORE_OK);
	assert_int_equal(store_session_create(s, gone, th(2), T0, T0 + 999, NULL, NULL), STORE_OK);
	assert_int_equal(store_session_create(s, stays, th(3), T0, T0 + 999, NULL, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, gone, "a", "fab_a", th(11), T0, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, gone, "b", "fab_b", th(12), T0, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, stays, "c", "fab_c", th(13), T0, NULL), STORE_OK);

	assert_int_equal(store_user_delete(s, gone), STORE_OK);
	store_user u;
	assert_int_equal(store_session_user(s, a, th(1), T0 + 1, &u), STORE_NOTFOUND);
	assert_int_equal(store_session_user(s, a, th(2), T0 + 1, &u), STORE_NOTFOUND);
	assert_int_equal(store_token_user(s, a, th(11), T0 + 1, &u), STORE_NOTFOUND);
	assert_int_equal(store_token_user(s, a, th(12), T0 + 1, &u), STORE_NOTFOUND);
	store_session *ss;
	store_token *tl;
	size_t n = 9;
	assert_int_equal(store_session_list(s, a, gone, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_token_list(s, a, gone, &tl, &n), STORE_OK);
	assert_int_equal(n, 0);
	/* The other user's rows are untouched. */
	assert_int_equal(store_session_user(s, a, th(3), T0 + 1, &u), STORE_OK);
	assert_int_equal(u.id, stays);
	assert_int_equal(store_token_user(s, a, th(13), T0 + 1, &u), STORE_OK);
	/* The rows are really gone: the hashes can be used again. */
	int64_t again = mkuser(s, "again@example.org", T0);
	assert_int_equal(store_session_create(s, again, th(1), T0, T0 + 999, NULL, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, again, "a", "fab_a", th(11), T0, NULL), STORE_OK);
	/* The store is consistent afterwards. */
	FILE *devnull = fopen("/dev/null", "w");
	assert_int_equal(store_check(s, devnull), STORE_OK);
	fclose(devnull);
}

/* ---- transactions ---- */

static void test_transactions(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	arena *a = f->a;
	store_user u;
	int64_t n = -1;

	/* Rolled back: as if nothing happened. */
	assert_int_equal(store_begin(s), STORE_OK);
	int64_t id = mkuser(s, "temp@example.org", T0);
	assert_int_equal(store_user_by_id(s, a, id, &u), STORE_OK); /* visible inside */
	assert_int_equal(store_rollback(s), STORE_OK);
	assert_int_equal(store_user_by_email(s, a, "temp@example.org", &u), STORE_NOTFOUND);
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* Committed: kept. */
	assert_int_equal(store_begin(s), STORE_OK);
	int64_t kept = mkuser(s, "kept@example.org", T0);
	assert_int_equal(store_session_create(s, kept, th(1), T0, T0 + 999, "ip", "ua"), STORE_OK);
	assert_int_equal(store_commit(s), STORE_OK);
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 1);

	/* Updates and deletes (with their cascade) are undone too. */
	buf before = BUF_INIT, after = BUF_INIT;
	dump(s, &before);
	assert_int_equal(store_begin(s), STORE_OK);
	assert_int_equal(store_user_set_profile(s, kept, "Renamed", T0 + 5), STORE_OK);
	assert_int_equal(store_session_delete(s, th(1)), STORE_OK);
	assert_int_equal(store_user_delete(s, kept), STORE_OK);
	mkuser(s, "another@example.org", T0);
	assert_int_equal(store_rollback(s), STORE_OK);
	dump(s, &after);
	assert_string_equal(buf_cstr(&after), buf_cstr(&before));
	assert_int_equal(store_session_user(s, a, th(1), T0 + 1, &u), STORE_OK);
	assert_string_equal(u.name, "Someone");

	/* A connection closed inside a transaction commits nothing. */
	store *s2;
	char err[512] = "";
	assert_int_equal(store_open(f->db.url, &s2, err, sizeof err), STORE_OK);
	assert_int_equal(store_begin(s2), STORE_OK);
	mkuser(s2, "uncommitted@example.org", T0);
	store_close(s2);
	assert_int_equal(store_user_by_email(s, a, "uncommitted@example.org", &u), STORE_NOTFOUND);
	/* ... and leaves the database writable. */
	mkuser(s, "later@example.org", T0);
	buf_free(&before);
	buf_free(&after);
}

/* ---- maintenance ---- */

static void test_check(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	assert_int_equal(store_check(s, m), STORE_OK);
	fclose(m);
	if (len)
		fail_msg("store_check wrote on a fresh database: %s", out);
	free(out);
	int64_t uid = mkuser(s, "checked@example.org", T0);
	assert_int_equal(store_session_create(s, uid, th(7), T0, T0 + 9, NULL, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, uid, "n", "fab_n", th(8), T0, NULL), STORE_OK);
	m = open_memstream(&out, &len);
	assert_int_equal(store_check(s, m), STORE_OK);
	fclose(m);
	assert_int_equal(len, 0);
	free(out);
}

/* Fills the database with a bit of everything, ids with a gap included. */
static void populate(store *s)
{
	int64_t ada = 0, bob = 0, eve = 0;
	assert_int_equal(store_user_create(s, "ada@example.org", "Ada", "$argon2id$v=19$ada", true, T0, &ada),
			 STORE_OK);
	assert_int_equal(store_user_create(s, "eve@example.org", "Eve", "$argon2id$v=19$eve", false, T0, &eve),
			 STORE_OK);
	assert_int_equal(store_user_create(s, "bob@example.org", "Bob \xC2\xAB\xC3\x9C\xC2\xBB O'Neil",
					   "$argon2id$v=19$bob", false, T0 + 1, &bob),
			 STORE_OK);
	assert_int_equal(store_user_set_profile(s, bob, "Bob \xC2\xAB\xC3\x9C\xC2\xBB O'Neil \"jr\"", T0 + 5),
			 STORE_OK);
	assert_int_equal(store_user_delete(s, eve), STORE_OK);
	assert_int_equal(store_session_create(s, ada, th(1), T0, T0 + 86400, "2001:db8::1", "Mozilla/5.0 (X11)"),
			 STORE_OK);
	assert_int_equal(store_session_create(s, ada, th(2), T0 + 2, T0 + 3600, NULL, NULL), STORE_OK);
	assert_int_equal(store_session_create(s, bob, th(3), T0 + 3, T0 + 7200, "192.0.2.7", ""), STORE_OK);
	assert_int_equal(store_token_create(s, ada, "cli", "fab_abcdefgh", th(10), T0, NULL), STORE_OK);
	assert_int_equal(store_token_create(s, bob, "n\xC3\xA9", "fab_ijklmnop", th(11), T0 + 4, NULL), STORE_OK);
	store_user u;
	arena *a = arena_new();
	assert_int_equal(store_token_user(s, a, th(11), T0 + 100, &u), STORE_OK); /* last_used_at */
	arena_free(a);
}

/* The bytes of a file (caller frees), for comparing before and after. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return (unsigned char *)buf_detach(&b, len);
}

/* Restores backup into a fresh database of the given backend and checks it
 * holds exactly what want describes, then that new rows get new ids. */
static void restore_and_compare(const char *backup, int pg, const char *want)
{
	unit_db t;
	unit_db_open_backend(&t, pg, true);
	/* Something to be replaced. */
	int64_t zed = mkuser(t.s, "zed@example.org", T0);
	assert_int_equal(store_session_create(t.s, zed, th(77), T0, T0 + 5, NULL, NULL), STORE_OK);
	char err[512] = "";
	size_t blen, alen;
	unsigned char *before = slurp(backup, &blen);
	store_rc rc = store_restore(t.s, backup, err, sizeof err);
	if (rc != STORE_OK)
		fail_msg("restore into %s: %s", pg ? "postgres" : "sqlite", err);
	/* The backup file is left exactly as it was. */
	unsigned char *after = slurp(backup, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
	buf got = BUF_INIT;
	dump(t.s, &got);
	assert_string_equal(buf_cstr(&got), want);
	buf_free(&got);
	arena *a = arena_new();
	store_user u;
	assert_int_equal(store_user_by_email(t.s, a, "zed@example.org", &u), STORE_NOTFOUND);
	/* New rows after a restore take ids past the restored ones. */
	store_user *all;
	size_t n;
	assert_int_equal(store_user_list(t.s, a, &all, &n), STORE_OK);
	int64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (all[i].id > max)
			max = all[i].id;
	int64_t id = 0;
	store_rc cr = store_user_create(t.s, "new@example.org", "New", "h", false, T0, &id);
	if (cr != STORE_OK)
		fail_msg("creating a user after a restore into %s: %d %s", pg ? "postgres" : "sqlite", cr,
			 store_errmsg(t.s));
	assert_true(id > max);
	assert_int_equal(store_session_create(t.s, id, th(500), T0, T0 + 9, NULL, NULL), STORE_OK);
	assert_int_equal(store_token_create(t.s, id, "t", "fab_t", th(501), T0, NULL), STORE_OK);
	FILE *devnull = fopen("/dev/null", "w");
	assert_int_equal(store_check(t.s, devnull), STORE_OK);
	fclose(devnull);
	arena_free(a);
	unit_db_close(&t);
}

static void test_backup_restore(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	populate(s);
	buf want = BUF_INIT;
	dump(s, &want);
	char path[700];
	snprintf(path, sizeof path, "%s/backup.db", f->dir);
	char err[512] = "";
	if (store_backup(s, path, err, sizeof err) != STORE_OK)
		fail_msg("store_backup: %s", err);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	/* The source is unchanged and still writable. */
	buf again = BUF_INIT;
	dump(s, &again);
	assert_string_equal(buf_cstr(&again), buf_cstr(&want));
	buf_free(&again);
	mkuser(s, "after-backup@example.org", T0);

	/* Never over an existing file. */
	err[0] = 0;
	assert_int_equal(store_backup(s, path, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);
	struct stat sb2;
	assert_int_equal(stat(path, &sb2), 0);
	assert_int_equal(sb2.st_size, sb.st_size);

	/* The backup itself is a fabrique database at the current schema. */
	char url[800];
	snprintf(url, sizeof url, "sqlite:%s", path);
	store *b;
	assert_int_equal(store_open(url, &b, err, sizeof err), STORE_OK);
	assert_int_equal(store_schema_version(b), store_schema_latest());
	buf inb = BUF_INIT;
	dump(b, &inb);
	store_close(b);
	assert_string_equal(buf_cstr(&inb), buf_cstr(&want));
	buf_free(&inb);

	restore_and_compare(path, f->db.pg, buf_cstr(&want));
	/* The format is the same whatever the backend: restore across. */
	if (f->db.pg)
		restore_and_compare(path, 0, buf_cstr(&want));
	else if (unit_pg_base())
		restore_and_compare(path, 1, buf_cstr(&want));
	buf_free(&want);
}

static void test_restore_refuses(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	populate(s);
	buf before = BUF_INIT, after = BUF_INIT;
	dump(s, &before);
	char err[512] = "", path[700];

	/* Not a database at all. */
	snprintf(path, sizeof path, "%s/notes.txt", f->dir);
	const char *text = "These are not the rows you are looking for.\n";
	unit_write_file(path, text, strlen(text));
	assert_int_equal(store_restore(s, path, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);

	/* A SQLite database that is not a fabrique backup. */
	snprintf(path, sizeof path, "%s/empty.db", f->dir);
	char url[800];
	snprintf(url, sizeof url, "sqlite:%s", path);
	store *e;
	assert_int_equal(store_open(url, &e, err, sizeof err), STORE_OK);
	store_close(e);
	err[0] = 0;
	assert_int_equal(store_restore(s, path, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);

	/* No such file. */
	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	err[0] = 0;
	assert_int_equal(store_restore(s, path, err, sizeof err), STORE_ERROR);
	assert_true(strlen(err) > 0);

	dump(s, &after);
	assert_string_equal(buf_cstr(&after), buf_cstr(&before));
	/* Still usable. */
	mkuser(s, "still@example.org", T0);
	buf_free(&before);
	buf_free(&after);
}

#define BOTH(fn)                                                      \
	{"sqlite/" #fn, fn, setup_sqlite, teardown, NULL},            \
	{"postgres/" #fn, fn, setup_pg, teardown, NULL}

int main(void)
{
	struct CMUnitTest all[] = {
		BOTH(test_open),
		BOTH(test_schema_version_empty),
		BOTH(test_migrate_idempotent),
		BOTH(test_user_crud),
		BOTH(test_user_unique),
		BOTH(test_user_list),
		BOTH(test_user_text),
		BOTH(test_sessions),
		BOTH(test_sessions_others_purge),
		BOTH(test_tokens),
		BOTH(test_delete_cascades),
		BOTH(test_transactions),
		BOTH(test_check),
		BOTH(test_backup_restore),
		BOTH(test_restore_refuses),
	};
	/* The PostgreSQL half only when a server is given. */
	struct CMUnitTest tests[UNIT_LEN(all)];
	size_t n = 0;
	for (size_t i = 0; i < UNIT_LEN(all); i++)
		if (all[i].setup_func != setup_pg || unit_pg_base())
			tests[n++] = all[i];
	return _cmocka_run_group_tests("store", tests, n, NULL, NULL);
}
