/* cmd_db.c — `fabrique init`, `check`, `backup` and `restore`. */
#include "cli.h"
#include "../domain/scenario.h"
#include "../domain/account.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Takes the single positional argument FILE; NULL after printing usage. */
static const char *one_file(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "fabrique: %s needs exactly one FILE (see 'fabrique %s --help')\n", argv[0], argv[0]);
		return NULL;
	}
	return argv[1];
}

int cmd_init(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	const char *admin = NULL, *name = "Administrator";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--admin") == 0 && i + 1 < argc)
			admin = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name = argv[++i];
		else {
			fprintf(stderr, "fabrique: unknown option '%s' (see 'fabrique init --help')\n", argv[i]);
			config_free(c);
			return 2;
		}
	}
	store *s = cli_open_store(c);
	int rc = s ? 0 : 1;
	if (s) {
		char shown[4096];
		config_redact_url(config_get(c, "db"), shown, sizeof shown);
		printf("database %s ready (schema %d)\n", shown, store_schema_version(s));
		if (admin) {
			char pw[24];
			account_generate_password(pw);
			int64_t id;
			const char *msgid;
			account_rc r = account_create(s, admin, name, pw, true, (int64_t)time(NULL), &id, &msgid);
			if (r == ACCOUNT_OK) {
				printf("administrator %s created with password %s\n", admin, pw);
			} else {
				fprintf(stderr, "fabrique: cannot create %s: %s\n", admin,
					r == ACCOUNT_ERROR ? store_errmsg(s) : msgid);
				rc = 1;
			}
		}
		store_close(s);
	}
	config_free(c);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	if (argc != 1) {
		fprintf(stderr, "fabrique: unknown argument '%s' (see 'fabrique check --help')\n", argv[1]);
		config_free(c);
		return 2;
	}
	char err[512];
	store *s;
	int rc = 1;
	const char *url = config_get(c, "db");
	struct stat sb;
	/* No migration here: check looks at the database as it is, and must
	 * not create an empty one where there was none. */
	if (strncmp(url, "sqlite:", 7) == 0 && stat(url + 7 + (strncmp(url + 7, "//", 2) == 0 ? 2 : 0), &sb) != 0) {
		fprintf(stderr, "fabrique: there is no database at %s\n", url + 7);
	} else if (store_open(url, &s, err, sizeof err) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", err);
	} else {
		if (store_check(s, stdout) == STORE_OK) {
			printf("ok\n");
			rc = 0;
		}
		store_close(s);
	}
	config_free(c);
	return rc;
}

/* Runs op (backup or restore) on the configured database and FILE. */
static int with_file(int argc, char **argv,
		     store_rc (*op)(store *, const char *, char *, size_t), const char *done,
		     const char *failed)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	const char *file = one_file(argc, argv);
	int rc = 2;
	if (file) {
		store *s = cli_open_store(c);
		rc = 1;
		if (s) {
			char err[512], shown[4096];
			if (op(s, file, err, sizeof err) == STORE_OK) {
				config_redact_url(config_get(c, "db"), shown, sizeof shown);
				printf(done, file, shown);
				rc = 0;
			} else {
				fprintf(stderr, failed, err);
			}
			store_close(s);
		}
	}
	config_free(c);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	return with_file(argc, argv, store_backup, "backup written to %s (from %s)\n", "fabrique: %s\n");
}

/* store_restore, then the search index, which backups leave out. */
static store_rc restore_and_index(store *s, const char *file, char *err, size_t errlen)
{
	store_rc r = store_restore(s, file, err, errlen);
	if (r != STORE_OK) {
		size_t used = strlen(err);
		snprintf(err + used, errlen - used, "; nothing was changed");
		return r;
	}
	if (!scenario_rebuild_index(s)) {
		snprintf(err, errlen, "the data is restored but the search index could not be rebuilt "
				      "(%s); run the restore again", store_errmsg(s));
		return STORE_ERROR;
	}
	return r;
}

int cmd_restore(int argc, char **argv)
{
	return with_file(argc, argv, restore_and_index, "restored %s into %s\n", "fabrique: %s\n");
}
