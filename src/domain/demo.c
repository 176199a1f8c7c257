/* demo.c — see demo.h. */
#include "demo.h"
#include "account.h"

#include <sodium.h>
#include <stdio.h>
#include <time.h>

static int ensure_user(store *s, const char *email, const char *name, bool admin, const char *password)
{
	arena *a = arena_new();
	store_user u;
	int64_t now = (int64_t)time(NULL), id;
	int rc = -1;
	store_rc r = store_user_by_email(s, a, email, &u);
	if (r == STORE_OK) {
		char hash[crypto_pwhash_STRBYTES];
		if (account_hash_password(password, hash) == 0 &&
		    store_user_set_password(s, u.id, hash, now) == STORE_OK)
			rc = 0;
	} else if (r == STORE_NOTFOUND) {
		const char *msgid;
		if (account_create(s, email, name, password, admin, now, &id, &msgid) == ACCOUNT_OK)
			rc = 0;
	}
	if (rc)
		fprintf(stderr, "fabrique: cannot create the demo account %s: %s\n", email, store_errmsg(s));
	arena_free(a);
	return rc;
}

int demo_load(store *s, const char *password)
{
	if (store_begin(s) != STORE_OK)
		return -1;
	if (ensure_user(s, DEMO_ADMIN_EMAIL, "Alex Animateur", true, password) ||
	    ensure_user(s, DEMO_MEMBER_EMAIL, "Camille Participante", false, password)) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s) == STORE_OK ? 0 : -1;
}
