/* cmd_user.c — `fabrique user add|list|passwd|delete`. */
#include "cli.h"
#include "../core/text.h"
#include "../domain/account.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads a password from the first line of standard input, or generates one
 * (generated = 1). Returns 0, or -1 when the input is empty. */
static int get_password(bool from_stdin, char *out, size_t n, int *generated)
{
	*generated = 0;
	if (!from_stdin) {
		account_generate_password(out);
		*generated = 1;
		return 0;
	}
	if (!fgets(out, (int)n, stdin))
		return -1;
	out[strcspn(out, "\r\n")] = 0;
	return *out ? 0 : -1;
}

static int user_add(store *s, int argc, char **argv)
{
	const char *email = NULL, *name = NULL;
	bool admin = false, from_stdin = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else if (strcmp(argv[i], "--admin") == 0)
			admin = true;
		else if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = true;
		else if (argv[i][0] != '-' && !email)
			email = argv[i];
		else {
			fprintf(stderr, "fabrique: unexpected '%s' (see 'fabrique user --help')\n", argv[i]);
			return 2;
		}
	}
	if (!email) {
		fprintf(stderr, "fabrique: user add needs an EMAIL\n");
		return 2;
	}
	if (!name) {
		/* The part before @ is a fair first display name. */
		static char local[128];
		snprintf(local, sizeof local, "%.*s", (int)strcspn(email, "@"), email);
		name = local;
	}
	char pw[ACCOUNT_PASSWORD_MAX + 2];
	int generated;
	if (get_password(from_stdin, pw, sizeof pw, &generated) < 0) {
		fprintf(stderr, "fabrique: no password on standard input\n");
		return 2;
	}
	int64_t id;
	const char *msgid;
	account_rc rc = account_create(s, email, name, pw, admin, (int64_t)time(NULL), &id, &msgid);
	if (rc != ACCOUNT_OK) {
		fprintf(stderr, "fabrique: %s\n", rc == ACCOUNT_ERROR ? store_errmsg(s) : msgid);
		return 1;
	}
	printf("user %lld created: %s%s\n", (long long)id, email, admin ? " (administrator)" : "");
	if (generated)
		printf("password: %s\n", pw);
	return 0;
}

static int user_list(store *s, int argc, char **argv)
{
	bool json = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "json") == 0)
				json = true;
			else if (strcmp(f, "text") != 0) {
				fprintf(stderr, "fabrique: --format must be text or json\n");
				return 2;
			}
		} else {
			fprintf(stderr, "fabrique: unexpected '%s'\n", argv[i]);
			return 2;
		}
	}
	arena *a = arena_new();
	store_user *u;
	size_t n;
	if (store_user_list(s, a, &u, &n) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
		arena_free(a);
		return 1;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:b, s:I}", "id", (json_int_t)u[i].id,
							     "email", u[i].email, "name", u[i].name, "is_admin",
							     u[i].is_admin, "created_at", (json_int_t)u[i].created_at));
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%s\t%s%s\n", (long long)u[i].id, u[i].email, u[i].name,
			       u[i].is_admin ? "\tadmin" : "");
	}
	arena_free(a);
	return 0;
}

static int find_user(store *s, arena *a, const char *email, store_user *u)
{
	store_rc r = store_user_by_email(s, a, text_lower(a, email), u);
	if (r == STORE_NOTFOUND)
		fprintf(stderr, "fabrique: no account with e-mail %s\n", email);
	else if (r != STORE_OK)
		fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
	return r == STORE_OK ? 0 : -1;
}

static int user_passwd(store *s, int argc, char **argv)
{
	const char *email = NULL;
	bool from_stdin = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--password-stdin") == 0)
			from_stdin = true;
		else if (!email && argv[i][0] != '-')
			email = argv[i];
		else {
			fprintf(stderr, "fabrique: unexpected '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!email) {
		fprintf(stderr, "fabrique: user passwd needs an EMAIL\n");
		return 2;
	}
	arena *a = arena_new();
	store_user u;
	int rc = 1;
	char pw[ACCOUNT_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	int generated;
	const char *msg;
	if (find_user(s, a, email, &u) < 0)
		goto out;
	if (get_password(from_stdin, pw, sizeof pw, &generated) < 0) {
		fprintf(stderr, "fabrique: no password on standard input\n");
		rc = 2;
		goto out;
	}
	if ((msg = account_check_password(pw))) {
		fprintf(stderr, "fabrique: %s\n", msg);
		goto out;
	}
	if (account_hash_password(pw, hash) != 0 || store_begin(s) != STORE_OK ||
	    store_user_set_password(s, u.id, hash, (int64_t)time(NULL)) != STORE_OK ||
	    store_session_delete_others(s, u.id, NULL) != STORE_OK || store_commit(s) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
		goto out;
	}
	printf("password of %s changed; their sessions were closed\n", u.email);
	if (generated)
		printf("password: %s\n", pw);
	rc = 0;
out:
	arena_free(a);
	return rc;
}

static int user_delete(store *s, int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "fabrique: user delete needs exactly one EMAIL\n");
		return 2;
	}
	arena *a = arena_new();
	store_user u;
	int rc = 1;
	if (find_user(s, a, argv[2], &u) == 0) {
		if (store_user_delete(s, u.id) == STORE_OK) {
			printf("account %s deleted\n", u.email);
			rc = 0;
		} else {
			fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
		}
	}
	arena_free(a);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	if (argc < 2) {
		fprintf(stderr, "fabrique: user needs add, list, passwd or delete (see 'fabrique user --help')\n");
		config_free(c);
		return 2;
	}
	const char *sub = argv[1];
	int (*fn)(store *, int, char **) = NULL;
	if (strcmp(sub, "add") == 0)
		fn = user_add;
	else if (strcmp(sub, "list") == 0)
		fn = user_list;
	else if (strcmp(sub, "passwd") == 0)
		fn = user_passwd;
	else if (strcmp(sub, "delete") == 0)
		fn = user_delete;
	if (!fn) {
		fprintf(stderr, "fabrique: no user command '%s' (add, list, passwd, delete)\n", sub);
		config_free(c);
		return 2;
	}
	store *s = cli_open_store(c);
	int rc = s ? fn(s, argc, argv) : 1;
	store_close(s);
	config_free(c);
	return rc;
}
