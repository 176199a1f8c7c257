/* test_account.c — account rules, Argon2id password hashes, tokens, login
 * with its rate limits, sessions, password change, API tokens, the personal
 * data export and deletion (account.h), over a fresh database per test
 * (PostgreSQL when FABRIQUE_TEST_PG is set, else SQLite).
 *
 * The login rate limiters live for the whole process, so every test uses
 * its own e-mail addresses and client addresses. */
#include "unit.h"

#include <jansson.h>
#include <time.h>

#include "core/text.h"
#include "domain/account.h"

#define PW "correct horse battery staple"

static int64_t NOW; /* real time: the export lists sessions unexpired now */

typedef struct fx {
	unit_db db;
	arena *a;
} fx;

static int group_setup(void **state)
{
	(void)state;
	account_init();
	NOW = (int64_t)time(NULL);
	return 0;
}

static int setup(void **state)
{
	fx *f = mem_calloc(1, sizeof *f);
	unit_db_open(&f->db);
	f->a = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	unit_db_close(&f->db);
	arena_free(f->a);
	free(f);
	return 0;
}

static int64_t make_account(store *s, const char *email, const char *pw)
{
	int64_t id = 0;
	const char *msgid = NULL;
	account_rc rc = account_create(s, email, "Test Person", pw, false, NOW, &id, &msgid);
	if (rc != ACCOUNT_OK)
		fail_msg("account_create(%s) = %d (%s)", email, rc, msgid ? msgid : "");
	return id;
}

static bool is_b64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool is_lower_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* ---- field rules ---- */

static void test_check_email(void **state)
{
	(void)state;
	static const char *ok[] = {
		"ada@example.org", "a.b+tag@sub.example.co.uk", "x@y.z", "o'brien@example.ie",
	};
	static const char *bad[] = {
		"", "ada", "@example.org", "ada@", "ada@example", "ada@@example.org",
		"ada@exa@mple.org", "ada@.example.org", "ada@example.org.", "a da@example.org",
		"ada@exam ple.org", "<ada@example.org>", "ada@example.org,bob@example.org",
		"\"ada\"@example.org", "ada\n@example.org", "ada@example.org\r\n",
	};
	for (size_t i = 0; i < UNIT_LEN(ok); i++)
		if (account_check_email(ok[i]))
			fail_msg("refused %s: %s", ok[i], account_check_email(ok[i]));
	for (size_t i = 0; i < UNIT_LEN(bad); i++)
		if (!account_check_email(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_non_null(account_check_email(NULL));
	/* RFC 5321 section 4.5.3.1.3: a path is at most 256 octets with its
	 * angle brackets, so an address at most 254. */
	char longest[300];
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 254 - 12, "@example.org", 13);
	assert_int_equal(strlen(longest), 254);
	assert_null(account_check_email(longest));
	memset(longest, 'a', sizeof longest);
	memcpy(longest + 255 - 12, "@example.org", 13);
	assert_non_null(account_check_email(longest));
}

static void test_check_name(void **state)
{
	(void)state;
	assert_null(account_check_name("Ada"));
	assert_null(account_check_name("Zo\xC3\xAB O'Brien-\xC3\x89lise \xE2\x80\x94 \xF0\x9F\x98\x80"));
	assert_non_null(account_check_name(""));
	assert_non_null(account_check_name(NULL));
	assert_non_null(account_check_name("tab\there"));
	assert_non_null(account_check_name("line\nbreak"));
	assert_non_null(account_check_name("\x1b[31mred"));
	/* 100 characters allowed, counted as characters not bytes. */
	char name[512] = "";
	size_t len = 0;
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(name + len, sizeof name - len, "\xC3\xA9");
	assert_null(account_check_name(name));
	snprintf(name + len, sizeof name - len, "e");
	assert_non_null(account_check_name(name));
}

/* DEL (U+007F) and the C1 controls (U+0080..U+009F) are control characters
 * too (Unicode general category Cc). */
static void test_check_name_other_controls(void **state)
{
	(void)state;
	assert_non_null(account_check_name("del\x7f"));
	assert_non_null(account_check_name("next line \xC2\x85 here"));
}

static void test_check_password(void **state)
{
	(void)state;
	assert_non_null(account_check_password(NULL));
	assert_non_null(account_check_password(""));
	assert_non_null(account_check_password("123456789"));
	assert_null(account_check_password("1234567890"));
	/* Ten characters of two bytes each: long enough. Nine are not. */
	assert_null(account_check_password("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
	assert_non_null(account_check_password("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"));
	char pw[300];
	memset(pw, 'p', ACCOUNT_PASSWORD_MAX);
	pw[ACCOUNT_PASSWORD_MAX] = 0;
	assert_null(account_check_password(pw));
	pw[ACCOUNT_PASSWORD_MAX] = 'p';
	pw[ACCOUNT_PASSWORD_MAX + 1] = 0;
	assert_non_null(account_check_password(pw));
}

/* ---- hashes and tokens ---- */

static void test_password_hash(void **state)
{
	(void)state;
	char h1[128], h2[128];
	assert_int_equal(account_hash_password(PW, h1), 0);
	assert_int_equal(account_hash_password(PW, h2), 0);
	/* The PHC string format of Argon2id, version 0x13 = 19. */
	assert_memory_equal(h1, "$argon2id$v=19$", 15);
	unit_assert_not_contains(h1, PW);
	/* A random salt each time. */
	assert_string_not_equal(h1, h2);
	assert_true(account_verify_password(h1, PW));
	assert_true(account_verify_password(h2, PW));
	assert_false(account_verify_password(h1, PW "x"));
	assert_false(account_verify_password(h1, "Correct horse battery staple"));
	assert_false(account_verify_password(h1, ""));
	assert_false(account_verify_password(h1, NULL));
	assert_false(account_verify_password(NULL, PW));
	assert_false(account_verify_password("", PW));
	assert_false(account_verify_password("$argon2id$v=19$garbage", PW));
	/* A damaged hash verifies nothing. */
	h1[strlen(h1) - 2] = h1[strlen(h1) - 2] == 'A' ? 'B' : 'A';
	assert_false(account_verify_password(h1, PW));
}

static void test_tokens(void **state)
{
	(void)state;
	/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
	char h[ACCOUNT_HASH_LEN + 1];
	account_hash_token("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* SHA-256(""). */
	account_hash_token("", h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	enum { N = 200 };
	static char tok[N][ACCOUNT_TOKEN_LEN + 1], hash[N][ACCOUNT_HASH_LEN + 1];
	for (int i = 0; i < N; i++) {
		account_new_token(tok[i], hash[i]);
		assert_int_equal(strlen(tok[i]), 43);
		assert_int_equal(strlen(hash[i]), 64);
		assert_true(is_b64url(tok[i]));
		assert_true(is_lower_hex(hash[i]));
		char again[ACCOUNT_HASH_LEN + 1];
		account_hash_token(tok[i], again);
		assert_string_equal(again, hash[i]);
		for (int k = 0; k < i; k++) {
			assert_string_not_equal(tok[i], tok[k]);
			assert_string_not_equal(hash[i], hash[k]);
		}
	}
	/* Randomness: 32 random bytes of zeros are not what comes out. */
	unsigned char r1[32] = {0}, r2[32] = {0}, zero[32] = {0};
	account_random(r1, sizeof r1);
	account_random(r2, sizeof r2);
	assert_true(memcmp(r1, zero, 32) != 0);
	assert_true(memcmp(r1, r2, 32) != 0);
}

static void test_generate_password(void **state)
{
	(void)state;
	char p1[24], p2[24];
	account_generate_password(p1);
	account_generate_password(p2);
	assert_int_equal(strlen(p1), 23);
	for (int i = 0; i < 23; i++) {
		if (i % 6 == 5)
			assert_int_equal(p1[i], '-');
		else
			assert_true((p1[i] >= 'a' && p1[i] <= 'z') || (p1[i] >= 'A' && p1[i] <= 'Z') ||
				    (p1[i] >= '0' && p1[i] <= '9'));
	}
	assert_null(account_check_password(p1));
	assert_string_not_equal(p1, p2);
}

/* ---- accounts in the store ---- */

static void test_create(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = 0;
	const char *msgid = NULL;
	assert_int_equal(account_create(s, "  Ada.Lovelace@Example.ORG \n", "  Ada  ", PW, true, NOW, &id,
					&msgid),
			 ACCOUNT_OK);
	assert_true(id > 0);
	store_user u;
	/* Stored trimmed and lower-cased. */
	assert_int_equal(store_user_by_email(s, f->a, "ada.lovelace@example.org", &u), STORE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.name, "Ada");
	assert_true(u.is_admin);
	assert_int_equal(u.created_at, NOW);
	assert_memory_equal(u.pwhash, "$argon2id$", 10);
	assert_true(account_verify_password(u.pwhash, PW));

	/* The same address in another case is the same address. */
	msgid = NULL;
	int64_t id2 = 0;
	assert_int_equal(account_create(s, "ADA.LOVELACE@example.org", "Other", PW, false, NOW, &id2, &msgid),
			 ACCOUNT_EXISTS);
	assert_non_null(msgid);

	/* Each broken rule: refused, with a message, nothing stored. */
	static const struct {
		const char *email, *name, *pw;
	} bad[] = {
		{"not-an-address", "Name", PW},
		{"", "Name", PW},
		{NULL, "Name", PW},
		{"x@example.org", "", PW},
		{"x@example.org", "   ", PW},
		{"x@example.org", NULL, PW},
		{"x@example.org", "Name", "short"},
		{"x@example.org", "Name", NULL},
	};
	for (size_t i = 0; i < UNIT_LEN(bad); i++) {
		msgid = NULL;
		account_rc rc = account_create(s, bad[i].email, bad[i].name, bad[i].pw, false, NOW, &id2, &msgid);
		if (rc != ACCOUNT_INVALID)
			fail_msg("case %zu: %d instead of ACCOUNT_INVALID", i, rc);
		assert_non_null(msgid);
	}
	int64_t n = 0;
	assert_int_equal(store_user_count(s, &n), STORE_OK);
	assert_int_equal(n, 1);
}

static void test_login_ok(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = make_account(s, "login-ok@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1] = "";
	int retry = -1;
	assert_int_equal(account_login(s, f->a, "  LOGIN-OK@example.org ", PW, "198.51.100.1",
				       "TestBrowser/1.0", NOW, 14, &u, token, &retry),
			 ACCOUNT_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.email, "login-ok@example.org");
	assert_int_equal(strlen(token), ACCOUNT_TOKEN_LEN);
	assert_true(is_b64url(token));

	store_user v;
	const char *hash = NULL;
	assert_int_equal(account_session_user(s, f->a, token, NOW + 1, &v, &hash), 0);
	assert_int_equal(v.id, id);
	char want[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token, want);
	assert_string_equal(hash, want);

	store_session *ss;
	size_t n = 0;
	assert_int_equal(store_session_list(s, f->a, id, NOW, &ss, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ss[0].ip, "198.51.100.1");
	assert_string_equal(ss[0].user_agent, "TestBrowser/1.0");
	assert_int_equal(ss[0].created_at, NOW);
	assert_int_equal(ss[0].expires_at, NOW + 14 * 86400);

	/* A second login opens a second, different session. */
	char token2[ACCOUNT_TOKEN_LEN + 1];
	assert_int_equal(account_login(s, f->a, "login-ok@example.org", PW, "198.51.100.1", NULL, NOW, 14,
				       &u, token2, &retry),
			 ACCOUNT_OK);
	assert_string_not_equal(token, token2);
	assert_int_equal(store_session_list(s, f->a, id, NOW, &ss, &n), STORE_OK);
	assert_int_equal(n, 2);
}

static void test_login_bad(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = make_account(s, "login-bad@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0;
	assert_int_equal(account_login(s, f->a, "login-bad@example.org", PW "!", "198.51.100.2", "ua", NOW,
				       14, &u, token, &retry),
			 ACCOUNT_BAD_LOGIN);
	assert_int_equal(account_login(s, f->a, "nobody-here@example.org", PW, "198.51.100.2", "ua", NOW, 14,
				       &u, token, &retry),
			 ACCOUNT_BAD_LOGIN);
	assert_int_equal(account_login(s, f->a, "login-bad@example.org", "", "198.51.100.2", "ua", NOW, 14, &u,
				       token, &retry),
			 ACCOUNT_BAD_LOGIN);
	assert_int_equal(account_login(s, f->a, "login-bad@example.org", NULL, "198.51.100.2", "ua", NOW, 14,
				       &u, token, &retry),
			 ACCOUNT_BAD_LOGIN);
	store_session *ss;
	size_t n = 9;
	assert_int_equal(store_session_list(s, f->a, id, 0, &ss, &n), STORE_OK);
	assert_int_equal(n, 0); /* no session opened */
}

/* Repeated failures on one account: refused for a while, even with the
 * right password, then allowed again once the wait is over. */
static void test_login_limit_account(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	make_account(s, "limited@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0, failures = 0;
	account_rc rc = ACCOUNT_BAD_LOGIN;
	/* Each from its own address, so only the per-account limit applies. */
	while (failures < 50) {
		char ip[32];
		snprintf(ip, sizeof ip, "203.0.113.%d", failures + 1);
		rc = account_login(s, f->a, "limited@example.org", "wrong password", ip, "ua", NOW, 14, &u,
				   token, &retry);
		if (rc != ACCOUNT_BAD_LOGIN)
			break;
		failures++;
	}
	assert_int_equal(rc, ACCOUNT_LIMITED);
	assert_true(failures >= 3 && failures <= 20);
	assert_true(retry > 0 && retry <= 86400);

	retry = 0;
	assert_int_equal(account_login(s, f->a, "limited@example.org", PW, "192.0.2.200", "ua", NOW + 1, 14,
				       &u, token, &retry),
			 ACCOUNT_LIMITED);
	assert_true(retry > 0);
	/* The address does not matter, nor the case of the e-mail. */
	assert_int_equal(account_login(s, f->a, "LIMITED@example.org", PW, "192.0.2.201", "ua", NOW + 1, 14,
				       &u, token, &retry),
			 ACCOUNT_LIMITED);
	/* Once the wait is over. */
	int wait = retry;
	assert_int_equal(account_login(s, f->a, "limited@example.org", PW, "192.0.2.202", "ua",
				       NOW + 1 + wait, 14, &u, token, &retry),
			 ACCOUNT_OK);
}

/* Failures from one address across many accounts: that address is slowed
 * down, other addresses are not. */
static void test_login_limit_address(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	make_account(s, "victim@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0, failures = 0;
	account_rc rc = ACCOUNT_BAD_LOGIN;
	while (failures < 100) {
		char email[64];
		snprintf(email, sizeof email, "guess%d@example.org", failures);
		rc = account_login(s, f->a, email, "whatever it is", "192.0.2.66", "ua", NOW, 14, &u, token,
				   &retry);
		if (rc != ACCOUNT_BAD_LOGIN)
			break;
		failures++;
	}
	assert_int_equal(rc, ACCOUNT_LIMITED);
	assert_true(failures >= 3);
	assert_true(retry > 0);
	/* Even a right password from that address waits... */
	assert_int_equal(account_login(s, f->a, "victim@example.org", PW, "192.0.2.66", "ua", NOW, 14, &u,
				       token, &retry),
			 ACCOUNT_LIMITED);
	/* ... but not from another. */
	assert_int_equal(account_login(s, f->a, "victim@example.org", PW, "192.0.2.67", "ua", NOW, 14, &u,
				       token, &retry),
			 ACCOUNT_OK);
}

/* A successful login forgets the account's earlier failures. */
static void test_login_success_resets(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	make_account(s, "probe@example.org", PW);
	make_account(s, "typo@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0, limit = 0;
	/* Find how many failures the account limit allows. */
	for (; limit < 50; limit++) {
		char ip[32];
		snprintf(ip, sizeof ip, "100.64.0.%d", limit + 1);
		if (account_login(s, f->a, "probe@example.org", "nope nope nope", ip, "ua", NOW, 14, &u, token,
				  &retry) == ACCOUNT_LIMITED)
			break;
	}
	assert_true(limit > 1 && limit < 50);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < limit - 1; i++) {
			char ip[32];
			snprintf(ip, sizeof ip, "100.65.%d.%d", round, i + 1);
			assert_int_equal(account_login(s, f->a, "typo@example.org", "nope nope nope", ip, "ua", NOW,
						       14, &u, token, &retry),
					 ACCOUNT_BAD_LOGIN);
		}
		assert_int_equal(account_login(s, f->a, "typo@example.org", PW, "100.66.0.1", "ua", NOW, 14, &u,
					       token, &retry),
				 ACCOUNT_OK);
	}
}

/* The stored user agent stays valid UTF-8 whatever the client sends (a
 * PostgreSQL database refuses invalid UTF-8 outright). */
static void test_login_user_agent(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = make_account(s, "agent@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0;
	char ua[700] = "";
	size_t ualen = 0;
	for (int i = 0; i < 300; i++) /* 600 bytes */
		ualen += (size_t)snprintf(ua + ualen, sizeof ua - ualen, "\xC3\xA9");
	assert_int_equal(account_login(s, f->a, "agent@example.org", PW, "192.0.2.90", ua, NOW, 1, &u, token,
				       &retry),
			 ACCOUNT_OK);
	assert_int_equal(account_login(s, f->a, "agent@example.org", PW, "192.0.2.90", "bad \xFF\xFE bytes",
				       NOW, 1, &u, token, &retry),
			 ACCOUNT_OK);
	store_session *ss;
	size_t n = 0;
	assert_int_equal(store_session_list(s, f->a, id, NOW, &ss, &n), STORE_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		const char *got = ss[i].user_agent ? ss[i].user_agent : "";
		assert_true(text_utf8_valid(got, strlen(got)));
	}
	/* The long one is a prefix of what was sent. */
	const char *first = ss[0].user_agent;
	assert_non_null(first);
	assert_true(strlen(first) > 0);
	assert_memory_equal(first, ua, strlen(first));
}

static void test_session_expiry(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	make_account(s, "expiry@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0;
	assert_int_equal(account_login(s, f->a, "expiry@example.org", PW, "192.0.2.91", "ua", NOW, 1, &u,
				       token, &retry),
			 ACCOUNT_OK);
	const char *hash;
	assert_int_equal(account_session_user(s, f->a, token, NOW + 86399, &u, &hash), 0);
	assert_int_equal(account_session_user(s, f->a, token, NOW + 86400, &u, &hash), -1);
	/* Wrong tokens. */
	assert_int_equal(account_session_user(s, f->a, "", NOW, &u, &hash), -1);
	assert_int_equal(account_session_user(s, f->a, "short", NOW, &u, &hash), -1);
	char other[ACCOUNT_TOKEN_LEN + 1], oh[ACCOUNT_HASH_LEN + 1];
	account_new_token(other, oh);
	assert_int_equal(account_session_user(s, f->a, other, NOW, &u, &hash), -1);
	char longer[ACCOUNT_TOKEN_LEN + 2];
	snprintf(longer, sizeof longer, "%sA", token);
	assert_int_equal(account_session_user(s, f->a, longer, NOW, &u, &hash), -1);
	/* The hash is not the token. */
	char th[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token, th);
	char cut[ACCOUNT_TOKEN_LEN + 1];
	snprintf(cut, sizeof cut, "%.43s", th);
	assert_int_equal(account_session_user(s, f->a, cut, NOW, &u, &hash), -1);
}

static void test_change_password(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	const char *fresh = "a brand new passphrase";
	int64_t id = make_account(s, "change@example.org", PW);
	store_user u;
	char t1[ACCOUNT_TOKEN_LEN + 1], t2[ACCOUNT_TOKEN_LEN + 1];
	int retry = 0;
	assert_int_equal(account_login(s, f->a, "change@example.org", PW, "192.0.2.92", "one", NOW, 14, &u, t1,
				       &retry),
			 ACCOUNT_OK);
	assert_int_equal(account_login(s, f->a, "change@example.org", PW, "192.0.2.92", "two", NOW, 14, &u, t2,
				       &retry),
			 ACCOUNT_OK);
	const char *keep;
	store_user me;
	assert_int_equal(account_session_user(s, f->a, t1, NOW, &me, &keep), 0);

	const char *msgid = NULL;
	assert_int_equal(account_change_password(s, &me, "not the password", fresh, keep, NOW, &msgid),
			 ACCOUNT_BAD_LOGIN);
	assert_non_null(msgid);
	msgid = NULL;
	assert_int_equal(account_change_password(s, &me, PW, "short", keep, NOW, &msgid), ACCOUNT_INVALID);
	assert_non_null(msgid);
	/* Nothing changed so far: both sessions work. */
	const char *h;
	assert_int_equal(account_session_user(s, f->a, t2, NOW, &u, &h), 0);

	assert_int_equal(account_change_password(s, &me, PW, fresh, keep, NOW + 5, &msgid), ACCOUNT_OK);
	/* This session stays, the other is closed. */
	assert_int_equal(account_session_user(s, f->a, t1, NOW + 6, &u, &h), 0);
	assert_int_equal(account_session_user(s, f->a, t2, NOW + 6, &u, &h), -1);
	store_user after;
	assert_int_equal(store_user_by_id(s, f->a, id, &after), STORE_OK);
	assert_true(account_verify_password(after.pwhash, fresh));
	assert_false(account_verify_password(after.pwhash, PW));
	assert_int_equal(after.updated_at, NOW + 5);
	char t3[ACCOUNT_TOKEN_LEN + 1];
	assert_int_equal(account_login(s, f->a, "change@example.org", PW, "192.0.2.93", "ua", NOW + 7, 14, &u,
				       t3, &retry),
			 ACCOUNT_BAD_LOGIN);
	assert_int_equal(account_login(s, f->a, "change@example.org", fresh, "192.0.2.93", "ua", NOW + 7, 14,
				       &u, t3, &retry),
			 ACCOUNT_OK);

	/* Without a session to keep (NULL): every session ends. */
	assert_int_equal(store_user_by_id(s, f->a, id, &me), STORE_OK);
	assert_int_equal(account_change_password(s, &me, fresh, PW, NULL, NOW + 8, &msgid), ACCOUNT_OK);
	assert_int_equal(account_session_user(s, f->a, t1, NOW + 9, &u, &h), -1);
	assert_int_equal(account_session_user(s, f->a, t3, NOW + 9, &u, &h), -1);
}

static void test_api_tokens(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = make_account(s, "api@example.org", PW);
	int64_t tid = 0;
	char full[ACCOUNT_TOKEN_LEN + 5];
	const char *msgid = NULL;
	assert_int_equal(account_create_token(s, id, "  nightly backup  ", NOW, &tid, full, &msgid), ACCOUNT_OK);
	assert_true(tid > 0);
	assert_int_equal(strlen(full), 4 + ACCOUNT_TOKEN_LEN);
	assert_memory_equal(full, "fab_", 4);
	assert_true(is_b64url(full + 4));

	store_user u;
	assert_int_equal(account_token_user(s, f->a, full, NOW + 1, &u), 0);
	assert_int_equal(u.id, id);
	assert_int_equal(account_token_user(s, f->a, full + 4, NOW, &u), -1); /* without "fab_" */
	char wrong[ACCOUNT_TOKEN_LEN + 5];
	snprintf(wrong, sizeof wrong, "%s", full);
	wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
	assert_int_equal(account_token_user(s, f->a, wrong, NOW, &u), -1);
	assert_int_equal(account_token_user(s, f->a, "fab_", NOW, &u), -1);
	assert_int_equal(account_token_user(s, f->a, "", NOW, &u), -1);

	store_token *tl;
	size_t n = 0;
	assert_int_equal(store_token_list(s, f->a, id, &tl, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(tl[0].id, tid);
	assert_string_equal(tl[0].name, "nightly backup");
	/* The prefix shown to identify it is the start of the secret. */
	assert_true(strlen(tl[0].prefix) >= 5 && strlen(tl[0].prefix) < strlen(full) / 2);
	assert_memory_equal(tl[0].prefix, full, strlen(tl[0].prefix));
	assert_int_equal(tl[0].last_used_at, NOW + 1);

	/* Two tokens are two secrets. */
	char full2[ACCOUNT_TOKEN_LEN + 5];
	assert_int_equal(account_create_token(s, id, "second", NOW, NULL, full2, &msgid), ACCOUNT_OK);
	assert_string_not_equal(full, full2);

	/* Names: required, at most 80 characters. */
	msgid = NULL;
	assert_int_equal(account_create_token(s, id, "   ", NOW, &tid, full, &msgid), ACCOUNT_INVALID);
	assert_non_null(msgid);
	msgid = NULL;
	assert_int_equal(account_create_token(s, id, NULL, NOW, &tid, full, &msgid), ACCOUNT_INVALID);
	assert_non_null(msgid);
	char name[400] = "";
	size_t len = 0;
	for (int i = 0; i < 80; i++)
		len += (size_t)snprintf(name + len, sizeof name - len, "\xC3\xA9");
	assert_int_equal(account_create_token(s, id, name, NOW, &tid, full, &msgid), ACCOUNT_OK);
	snprintf(name + len, sizeof name - len, "x");
	msgid = NULL;
	assert_int_equal(account_create_token(s, id, name, NOW, &tid, full, &msgid), ACCOUNT_INVALID);
	assert_non_null(msgid);
	assert_int_equal(store_token_list(s, f->a, id, &tl, &n), STORE_OK);
	assert_int_equal(n, 3);
}

static void test_export(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = 0;
	const char *msgid;
	assert_int_equal(account_create(s, "export@example.org", "Exp\xC3\xB3rt <Me>", PW, false, NOW, &id,
					&msgid),
			 ACCOUNT_OK);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1], full[ACCOUNT_TOKEN_LEN + 5];
	int retry = 0;
	assert_int_equal(account_login(s, f->a, "export@example.org", PW, "192.0.2.94", "Exporter/2", NOW, 14,
				       &u, token, &retry),
			 ACCOUNT_OK);
	assert_int_equal(account_create_token(s, id, "my script", NOW, NULL, full, &msgid), ACCOUNT_OK);
	assert_int_equal(store_user_by_id(s, f->a, id, &u), STORE_OK);

	json_t *j = account_export(s, f->a, &u);
	assert_non_null(j);
	assert_true(json_is_object(j));
	json_t *user = json_object_get(j, "user");
	assert_true(json_is_object(user));
	assert_string_equal(json_string_value(json_object_get(user, "email")), "export@example.org");
	assert_string_equal(json_string_value(json_object_get(user, "name")), "Exp\xC3\xB3rt <Me>");
	json_t *sessions = json_object_get(j, "sessions");
	assert_true(json_is_array(sessions));
	assert_int_equal(json_array_size(sessions), 1);
	json_t *tokens = json_object_get(j, "api_tokens");
	assert_true(json_is_array(tokens));
	assert_int_equal(json_array_size(tokens), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tokens, 0), "name")), "my script");

	/* No secret of any kind: not the password hash, not the session or
	 * API token, not their hashes. */
	char *text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	unit_assert_contains(text, "export@example.org");
	unit_assert_contains(text, "Exporter/2");
	unit_assert_not_contains(text, u.pwhash);
	unit_assert_not_contains(text, "$argon2");
	unit_assert_not_contains(text, "pwhash");
	unit_assert_not_contains(text, PW);
	unit_assert_not_contains(text, token);
	unit_assert_not_contains(text, full + 4);
	char h[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token, h);
	unit_assert_not_contains(text, h);
	account_hash_token(full + 4, h);
	unit_assert_not_contains(text, h);
	free(text);
	json_decref(j);
}

static void test_delete(void **state)
{
	fx *f = *state;
	store *s = f->db.s;
	int64_t id = make_account(s, "leaving@example.org", PW);
	int64_t stays = make_account(s, "staying@example.org", PW);
	store_user u;
	char token[ACCOUNT_TOKEN_LEN + 1], full[ACCOUNT_TOKEN_LEN + 5];
	int retry = 0;
	const char *msgid = NULL;
	assert_int_equal(account_login(s, f->a, "leaving@example.org", PW, "192.0.2.95", "ua", NOW, 14, &u,
				       token, &retry),
			 ACCOUNT_OK);
	assert_int_equal(account_create_token(s, id, "t", NOW, NULL, full, &msgid), ACCOUNT_OK);
	store_user me;
	assert_int_equal(store_user_by_id(s, f->a, id, &me), STORE_OK);

	msgid = NULL;
	assert_int_equal(account_delete(s, &me, "not my password", &msgid), ACCOUNT_BAD_LOGIN);
	assert_non_null(msgid);
	assert_int_equal(store_user_by_id(s, f->a, id, &u), STORE_OK);
	assert_int_equal(account_delete(s, &me, NULL, &msgid), ACCOUNT_BAD_LOGIN);

	assert_int_equal(account_delete(s, &me, PW, &msgid), ACCOUNT_OK);
	assert_int_equal(store_user_by_id(s, f->a, id, &u), STORE_NOTFOUND);
	const char *h;
	assert_int_equal(account_session_user(s, f->a, token, NOW, &u, &h), -1);
	assert_int_equal(account_token_user(s, f->a, full, NOW, &u), -1);
	assert_int_equal(account_login(s, f->a, "leaving@example.org", PW, "192.0.2.96", "ua", NOW, 14, &u,
				       token, &retry),
			 ACCOUNT_BAD_LOGIN);
	/* Again: there is nobody left to delete. */
	assert_int_equal(account_delete(s, &me, PW, &msgid), ACCOUNT_NOTFOUND);
	/* The other account is untouched. */
	assert_int_equal(store_user_by_id(s, f->a, stays, &u), STORE_OK);
	/* The address is free again. */
	make_account(s, "leaving@example.org", PW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_email),
		cmocka_unit_test(test_check_name),
		cmocka_unit_test(test_check_name_other_controls),
		cmocka_unit_test(test_check_password),
		cmocka_unit_test(test_password_hash),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_generate_password),
		cmocka_unit_test_setup_teardown(test_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_limit_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_limit_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_success_resets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_user_agent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
	};
	return cmocka_run_group_tests_name("account", tests, group_setup, NULL);
}
