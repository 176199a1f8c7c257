/* account.c — see account.h. */
#include "account.h"
#include "../core/i18n.h"
#include "../core/ratelimit.h"
#include "../core/text.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Argon2id cost: OWASP's minimum recommendation (19 MiB, 2 passes), which
 * keeps a login near 30 ms and the server's memory bounded. */
#define PW_OPS 2
#define PW_MEM (19u * 1024u * 1024u)

/* Failed logins allowed: per account and per address, per window. */
#define LIMIT_ACCOUNT 5
#define LIMIT_ADDRESS 20
#define LIMIT_WINDOW 900

static ratelimit *per_account, *per_address;
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* A hash to verify against when the e-mail is unknown, so that answering
 * "wrong e-mail" takes as long as "wrong password". Made on first need: an
 * Argon2 hash at start-up would slow every command down. */
static void make_dummy(void)
{
	account_hash_password("not a password of anyone", dummy_hash);
}

void account_init(void)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "fabrique: libsodium cannot start\n");
		abort();
	}
	if (!per_account) {
		per_account = ratelimit_new(LIMIT_ACCOUNT, LIMIT_WINDOW);
		per_address = ratelimit_new(LIMIT_ADDRESS, LIMIT_WINDOW);
	}
}

void account_random(void *p, size_t n)
{
	randombytes_buf(p, n);
}

const char *account_check_email(const char *email)
{
	if (!email || !*email)
		return N_("Enter an e-mail address.");
	size_t n = strlen(email);
	if (n > 254)
		return N_("This e-mail address is too long.");
	const char *at = strchr(email, '@');
	if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
	    email[n - 1] == '.')
		return N_("Enter an e-mail address such as name@example.org.");
	for (const char *p = email; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' || *p == '"' || *p == ',')
			return N_("Enter an e-mail address such as name@example.org.");
	return NULL;
}

const char *account_check_name(const char *name)
{
	if (!name || !*name)
		return N_("Enter a name.");
	if (text_utf8_len(name) > 100)
		return N_("The name must have at most 100 characters.");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < ' ' || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return N_("The name cannot contain control characters.");
	return NULL;
}

const char *account_check_password(const char *pw)
{
	if (!pw || text_utf8_len(pw) < ACCOUNT_PASSWORD_MIN)
		return N_("The password must have at least 10 characters.");
	if (strlen(pw) > ACCOUNT_PASSWORD_MAX)
		return N_("The password must have at most 256 characters.");
	return NULL;
}

int account_hash_password(const char *pw, char out[128])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPS, PW_MEM, crypto_pwhash_ALG_ARGON2ID13);
}

bool account_verify_password(const char *hash, const char *pw)
{
	return hash && pw && crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void account_hash_token(const char *token, char hash[ACCOUNT_HASH_LEN + 1])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	text_hex(h, sizeof h, hash);
}

void account_new_token(char token[ACCOUNT_TOKEN_LEN + 1], char hash[ACCOUNT_HASH_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	text_b64url(raw, sizeof raw, token);
	account_hash_token(token, hash);
	sodium_memzero(raw, sizeof raw);
}

account_rc account_create(store *s, const char *email_in, const char *name_in, const char *password,
			  bool is_admin, int64_t now, int64_t *id, const char **msgid)
{
	arena *a = arena_new();
	char *email = text_lower(a, text_trim(a, email_in ? email_in : ""));
	char *name = text_trim(a, name_in ? name_in : "");
	account_rc rc = ACCOUNT_INVALID;
	if ((*msgid = account_check_email(email)) || (*msgid = account_check_name(name)) ||
	    (*msgid = account_check_password(password)))
		goto out;
	char hash[crypto_pwhash_STRBYTES];
	if (account_hash_password(password, hash) != 0) {
		rc = ACCOUNT_ERROR;
		goto out;
	}
	store_rc r = store_user_create(s, email, name, hash, is_admin, now, id);
	if (r == STORE_EXISTS) {
		*msgid = N_("An account already uses this e-mail address.");
		rc = ACCOUNT_EXISTS;
	} else {
		rc = r == STORE_OK ? ACCOUNT_OK : ACCOUNT_ERROR;
	}
out:
	arena_free(a);
	return rc;
}

account_rc account_login(store *s, arena *a, const char *email_in, const char *password,
			 const char *ip, const char *user_agent, int64_t now, int64_t session_days,
			 store_user *out, char token[ACCOUNT_TOKEN_LEN + 1], int *retry_after)
{
	char *email = text_lower(a, text_trim(a, email_in ? email_in : ""));
	char *acct_key = arena_printf(a, "u:%s", email);
	char *addr_key = arena_printf(a, "a:%s", ip ? ip : "-");
	int wait = ratelimit_check(per_account, acct_key, now);
	int wait2 = ratelimit_check(per_address, addr_key, now);
	if (wait2 > wait)
		wait = wait2;
	if (wait > 0) {
		*retry_after = wait;
		return ACCOUNT_LIMITED;
	}
	store_rc r = store_user_by_email(s, a, email, out);
	if (r != STORE_OK && r != STORE_NOTFOUND)
		return ACCOUNT_ERROR;
	if (r != STORE_OK)
		pthread_once(&dummy_once, make_dummy);
	bool ok = account_verify_password(r == STORE_OK ? out->pwhash : dummy_hash, password ? password : "");
	if (r != STORE_OK || !ok) {
		ratelimit_hit(per_account, acct_key, now);
		ratelimit_hit(per_address, addr_key, now);
		return ACCOUNT_BAD_LOGIN;
	}
	ratelimit_reset(per_account, acct_key);
	char hash[ACCOUNT_HASH_LEN + 1];
	account_new_token(token, hash);
	char ua[256];
	snprintf(ua, sizeof ua, "%s", user_agent ? user_agent : "");
	/* Cut at a character boundary so the stored text stays UTF-8. */
	size_t n = strlen(ua);
	while (n && !text_utf8_valid(ua, n))
		ua[--n] = 0;
	/* The password was checked outside any transaction: Argon2 takes tens
	 * of milliseconds, too long to hold SQLite's write lock. The writes
	 * get a transaction of their own unless the caller has one. */
	bool own = !store_in_transaction(s);
	if (own && store_begin(s) != STORE_OK)
		return ACCOUNT_ERROR;
	/* Expired sessions are useless: sweep them while we write anyway. */
	if (store_session_purge(s, now) != STORE_OK ||
	    store_session_create(s, out->id, hash, now, now + session_days * 86400, ip, ua) != STORE_OK) {
		if (own)
			store_rollback(s);
		return ACCOUNT_ERROR;
	}
	if (own && store_commit(s) != STORE_OK)
		return ACCOUNT_ERROR;
	return ACCOUNT_OK;
}

int account_session_user(store *s, arena *a, const char *token, int64_t now, store_user *out,
			 const char **hash_out)
{
	if (strlen(token) != ACCOUNT_TOKEN_LEN)
		return -1;
	char hash[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token, hash);
	if (store_session_user(s, a, hash, now, out) != STORE_OK)
		return -1;
	*hash_out = arena_strdup(a, hash);
	return 0;
}

int account_token_user(store *s, arena *a, const char *token, int64_t now, store_user *out)
{
	while (*token == ' ')
		token++;
	if (strncmp(token, "fab_", 4) != 0 || strlen(token + 4) != ACCOUNT_TOKEN_LEN)
		return -1;
	char hash[ACCOUNT_HASH_LEN + 1];
	account_hash_token(token + 4, hash);
	return store_token_user(s, a, hash, now, out) == STORE_OK ? 0 : -1;
}

account_rc account_change_password(store *s, const store_user *u, const char *current,
				   const char *fresh, const char *keep_hash, int64_t now,
				   const char **msgid)
{
	if (!account_verify_password(u->pwhash, current ? current : "")) {
		*msgid = N_("The current password is not correct.");
		return ACCOUNT_BAD_LOGIN;
	}
	if ((*msgid = account_check_password(fresh)))
		return ACCOUNT_INVALID;
	char hash[crypto_pwhash_STRBYTES];
	if (account_hash_password(fresh, hash) != 0)
		return ACCOUNT_ERROR;
	if (store_user_set_password(s, u->id, hash, now) != STORE_OK ||
	    store_session_delete_others(s, u->id, keep_hash) != STORE_OK)
		return ACCOUNT_ERROR;
	return ACCOUNT_OK;
}

account_rc account_create_token(store *s, int64_t user_id, const char *name_in, int64_t now,
				int64_t *id, char full[ACCOUNT_TOKEN_LEN + 5], const char **msgid)
{
	arena *a = arena_new();
	const char *name = text_trim(a, name_in ? name_in : "");
	account_rc rc = ACCOUNT_INVALID;
	if (!*name) {
		*msgid = N_("Give the token a name, such as the script that will use it.");
		goto out;
	}
	if (text_utf8_len(name) > 80) {
		*msgid = N_("The token name must have at most 80 characters.");
		goto out;
	}
	char token[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1];
	account_new_token(token, hash);
	snprintf(full, ACCOUNT_TOKEN_LEN + 5, "fab_%s", token);
	char prefix[13];
	snprintf(prefix, sizeof prefix, "%.12s", full);
	rc = store_token_create(s, user_id, name, prefix, hash, now, id) == STORE_OK ? ACCOUNT_OK
										    : ACCOUNT_ERROR;
out:
	arena_free(a);
	return rc;
}

json_t *account_export(store *s, arena *a, const store_user *u)
{
	store_session *sess;
	store_token *tok;
	size_t ns, nt;
	if (store_session_list(s, a, u->id, (int64_t)time(NULL), &sess, &ns) != STORE_OK ||
	    store_token_list(s, a, u->id, &tok, &nt) != STORE_OK)
		return NULL;
	json_t *sessions = json_array();
	for (size_t i = 0; i < ns; i++)
		json_array_append_new(sessions,
				      json_pack("{s:I, s:I, s:s?, s:s?}", "created_at", (json_int_t)sess[i].created_at,
						"expires_at", (json_int_t)sess[i].expires_at, "ip", sess[i].ip,
						"user_agent", sess[i].user_agent));
	json_t *tokens = json_array();
	for (size_t i = 0; i < nt; i++) {
		json_t *t = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)tok[i].id, "name", tok[i].name,
				      "prefix", tok[i].prefix, "created_at", (json_int_t)tok[i].created_at);
		json_object_set_new(t, "last_used_at",
				    tok[i].last_used_at ? json_integer(tok[i].last_used_at) : json_null());
		json_array_append_new(tokens, t);
	}
	store_contribution *c;
	size_t nc;
	if (store_user_contributions(s, a, u->id, &c, &nc) != STORE_OK) {
		json_decref(sessions);
		json_decref(tokens);
		return NULL;
	}
	json_t *cycles = json_array(), *scenarios = json_array(), *items = json_array();
	for (size_t i = 0; i < nc; i++) {
		if (!strcmp(c[i].kind, "member"))
			json_array_append_new(cycles, json_pack("{s:s, s:s, s:s}", "cycle", c[i].cycle_slug,
								 "title", c[i].title, "role", c[i].detail));
		else
			json_array_append_new(!strcmp(c[i].kind, "scenario") ? scenarios : items,
					      json_pack("{s:s, s:s, s:s, s:s}", "cycle", c[i].cycle_slug, "uid",
							c[i].uid, "title", c[i].title,
							!strcmp(c[i].kind, "scenario") ? "status" : "kind",
							c[i].detail));
	}
	return json_pack("{s:s, s:i, s:{s:I, s:s, s:s, s:b, s:I, s:I}, s:o, s:o, s:o, s:o, s:o}", "format",
			 "fabrique-personal-data", "version", 1, "user", "id", (json_int_t)u->id, "email",
			 u->email, "name", u->name, "is_admin", u->is_admin, "created_at",
			 (json_int_t)u->created_at, "updated_at", (json_int_t)u->updated_at, "sessions",
			 sessions, "api_tokens", tokens, "cycles", cycles, "scenarios", scenarios,
			 "library_items", items);
}

account_rc account_delete(store *s, const store_user *u, const char *password, const char **msgid)
{
	if (!account_verify_password(u->pwhash, password ? password : "")) {
		*msgid = N_("The password is not correct.");
		return ACCOUNT_BAD_LOGIN;
	}
	store_rc r = store_user_delete(s, u->id);
	return r == STORE_OK ? ACCOUNT_OK : r == STORE_NOTFOUND ? ACCOUNT_NOTFOUND : ACCOUNT_ERROR;
}

void account_generate_password(char out[24])
{
	/* No 0/O or 1/l/I: the password is read off a terminal. */
	static const char al[] = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479";
	for (int g = 0, o = 0; g < 4; g++) {
		for (int i = 0; i < 5; i++)
			out[o++] = al[randombytes_uniform(sizeof al - 1)];
		out[o++] = g < 3 ? '-' : 0;
	}
}
