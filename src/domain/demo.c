/* demo.c — see demo.h. */
#include "demo.h"
#include "account.h"
#include "bundle.h"
#include "../core/assets.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
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

/* The demo cycles, compiled in from data/demo/. */
static const char *const demo_bundles[] = {"demo/ruptures.json", "demo/think-small.json",
					   "demo/reset.json", NULL};

/* Imports one demo bundle unless its cycle is already there. */
static int load_bundle(store *s, const char *name)
{
	size_t len;
	const unsigned char *data = assets_find(name, &len);
	if (!data)
		return 0;
	arena *a = arena_new();
	int64_t id;
	const char *path = "", *msgid = "", *detail = NULL;
	int rc = bundle_import(s, a, (const char *)data, len, NULL, (int64_t)time(NULL), &id, &path,
			       &msgid, &detail);
	if (rc == -1 && msgid && !strcmp(msgid, "a cycle with this slug already exists"))
		rc = 0;
	else if (rc)
		fprintf(stderr, "fabrique: cannot load the demo %s: %s: %s%s%s\n", name, path, msgid,
			detail ? " — " : "", detail ? detail : "");
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
	if (store_commit(s) != STORE_OK)
		return -1;
	/* Each cycle in its own transaction: a refused one leaves the others. */
	for (size_t i = 0; demo_bundles[i]; i++) {
		if (store_begin(s) != STORE_OK)
			return -1;
		if (load_bundle(s, demo_bundles[i])) {
			store_rollback(s);
			return -1;
		}
		if (store_commit(s) != STORE_OK)
			return -1;
	}
	if (demo_seminars(s) < 0)
		return -1;
	return demo_controversies(s);
}
