/*
 * account.h — people and how they prove who they are: validation of account
 * fields, Argon2id password hashes, login with rate limiting, sessions, API
 * tokens, the personal data export and account deletion.
 *
 * Secrets (session and API tokens) are 256-bit values from the system CSPRNG
 * given to the client once; the store keeps only their SHA-256.
 */
#ifndef FAB_ACCOUNT_H
#define FAB_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/mem.h"
#include "../store/store.h"

typedef struct json_t json_t;

/* Result of account operations that can fail for the user's reasons. */
typedef enum {
	ACCOUNT_OK = 0,
	ACCOUNT_INVALID,	/* a field is invalid; *msgid says which rule */
	ACCOUNT_EXISTS,		/* e-mail already used */
	ACCOUNT_BAD_LOGIN,	/* wrong e-mail or password */
	ACCOUNT_LIMITED,	/* too many failed attempts; *retry_after seconds */
	ACCOUNT_NOTFOUND,
	ACCOUNT_ERROR,		/* database failure */
} account_rc;

#define ACCOUNT_TOKEN_LEN 43	/* base64url of 32 bytes */
#define ACCOUNT_HASH_LEN 64	/* hex SHA-256 */
#define ACCOUNT_PASSWORD_MIN 10
#define ACCOUNT_PASSWORD_MAX 256

/* Prepares the CSPRNG and the login rate limiters. Call once at start. */
void account_init(void);

/* Fills p with n random bytes from the system CSPRNG. */
void account_random(void *p, size_t n);

/* Field rules. Each returns NULL when value is acceptable, else an English
 * msgid describing the rule broken (for T()). */
const char *account_check_email(const char *email);
const char *account_check_name(const char *name);
const char *account_check_password(const char *password);

/* Hashes password with Argon2id into out (crypto_pwhash_STRBYTES = 128).
 * Returns 0, -1 if the system lacks the memory to hash. */
int account_hash_password(const char *password, char out[128]);
bool account_verify_password(const char *hash, const char *password);

/* Writes a new random token (ACCOUNT_TOKEN_LEN chars + NUL) and its hash
 * (ACCOUNT_HASH_LEN + NUL). */
void account_new_token(char token[ACCOUNT_TOKEN_LEN + 1], char hash[ACCOUNT_HASH_LEN + 1]);
void account_hash_token(const char *token, char hash[ACCOUNT_HASH_LEN + 1]);

/* Creates an account after validating every field (e-mail is trimmed and
 * lower-cased). *msgid names the broken rule for ACCOUNT_INVALID. */
account_rc account_create(store *s, const char *email, const char *name, const char *password,
			  bool is_admin, int64_t now, int64_t *id, const char **msgid);

/* Checks e-mail and password under the rate limits (per address ip, per
 * account) and opens a session: token receives the cookie value. The check
 * only reads; the session is written in the caller's transaction, or in one
 * of its own when the caller has none. */
account_rc account_login(store *s, arena *a, const char *email, const char *password,
			 const char *ip, const char *user_agent, int64_t now, int64_t session_days,
			 store_user *out, char token[ACCOUNT_TOKEN_LEN + 1], int *retry_after);

/* The user of a session cookie; *hash receives the session's hash (arena).
 * Returns 0, or -1 when the session is unknown or expired. */
int account_session_user(store *s, arena *a, const char *token, int64_t now, store_user *out,
			 const char **hash);
/* The user of an API token ("fab_" + token). 0 or -1. */
int account_token_user(store *s, arena *a, const char *token, int64_t now, store_user *out);

/* Changes the password after checking the current one; ends every other
 * session of the user (keep_hash is the current session, may be NULL). */
account_rc account_change_password(store *s, const store_user *u, const char *current,
				   const char *fresh, const char *keep_hash, int64_t now,
				   const char **msgid);

/* Creates a personal API token named name; full receives "fab_" + token,
 * shown to its owner once. */
account_rc account_create_token(store *s, int64_t user_id, const char *name, int64_t now,
				int64_t *id, char full[ACCOUNT_TOKEN_LEN + 5], const char **msgid);

/* Everything fabrique holds about the user, as a new JSON object the caller
 * releases with json_decref(). NULL on a database failure. */
json_t *account_export(store *s, arena *a, const store_user *u);

/* Deletes the account after checking the password. */
account_rc account_delete(store *s, const store_user *u, const char *password, const char **msgid);

/* Makes a readable random password (for the demo and `fabrique user add`). */
void account_generate_password(char out[24]);

#endif
