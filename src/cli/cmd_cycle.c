/* cmd_cycle.c — `fabrique cycle list`, `export` and `import`: cycles seen
 * from the command line and moved between instances as bundles
 * (docs/formats.md, "Cycle bundle"). The bundle itself is domain/bundle.c. */
#include "cli.h"
#include "../core/buf.h"
#include "../core/i18n.h"
#include "../domain/bundle.h"
#include "../domain/cycle.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Largest bundle read from a file or standard input. */
#define IMPORT_MAX_BYTES ((size_t)64 << 20)

/* Opens the store for a command whose own arguments were already checked;
 * runs fn and closes everything. */
static int with_store(config *c, int (*fn)(store *, void *), void *arg)
{
	store *s = cli_open_store(c);
	int rc = s ? fn(s, arg) : 1;
	store_close(s);
	config_free(c);
	return rc;
}

/* ---- cycle list ---- */

static int list_cycles(store *s, void *arg)
{
	bool json = *(bool *)arg;
	arena *a = arena_new();
	store_cycle *cy;
	size_t n;
	int rc = 1;
	if (store_cycle_list(s, a, 0, true, true, &cy, &n) != STORE_OK) {
		fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
		goto out;
	}
	json_t *arr = json ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		store_count *counts;
		size_t nc;
		int64_t scenarios = 0, members = 0;
		if (store_scenario_facet(s, a, cy[i].id, &counts, &nc) != STORE_OK ||
		    store_member_count(s, cy[i].id, NULL, &members) != STORE_OK) {
			fprintf(stderr, "fabrique: %s\n", store_errmsg(s));
			json_decref(arr);
			goto out;
		}
		for (size_t k = 0; k < nc; k++)
			scenarios += counts[k].n;
		if (json)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:b, s:I, s:I}",
				"slug", cy[i].slug, "title", cy[i].title, "visibility", cy[i].visibility,
				"archived", cy[i].archived, "scenarios", (json_int_t)scenarios,
				"members", (json_int_t)members));
		else
			printf("%s\t%s\t%s\t%lld scenarios\t%s\n", cy[i].slug, cy[i].visibility,
			       cy[i].archived ? "archived" : "open", (long long)scenarios, cy[i].title);
	}
	if (json) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(arr);
	}
	rc = 0;
out:
	arena_free(a);
	return rc;
}

int cmd_cycle(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	if (argc < 2 || strcmp(argv[1], "list") != 0) {
		if (argc < 2)
			fprintf(stderr, "fabrique: cycle needs list (see 'fabrique cycle --help')\n");
		else
			fprintf(stderr, "fabrique: no cycle command '%s' (list)\n", argv[1]);
		config_free(c);
		return 2;
	}
	bool json = false;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			if (strcmp(f, "json") == 0) {
				json = true;
			} else if (strcmp(f, "text") == 0) {
				json = false;
			} else {
				fprintf(stderr, "fabrique: --format must be text or json\n");
				config_free(c);
				return 2;
			}
		} else {
			fprintf(stderr, "fabrique: unexpected '%s' (see 'fabrique cycle --help')\n", argv[i]);
			config_free(c);
			return 2;
		}
	}
	return with_store(c, list_cycles, &json);
}

/* ---- export ---- */

struct export_args {
	const char *slug, *out;
};

/* Writes len bytes to path (or standard output for NULL or "-"); 0 or -1
 * after printing why. A file is written beside its final name and renamed,
 * so a failed export never leaves half a bundle behind. */
static int write_out(const char *path, const char *data, size_t len)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			fprintf(stderr, "fabrique export: cannot write to standard output: %s\n", strerror(errno));
			return -1;
		}
		return 0;
	}
	buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp%ld", path, (long)time(NULL));
	const char *tname = buf_cstr(&tmp);
	FILE *f = fopen(tname, "wb");
	int rc = -1;
	if (!f) {
		fprintf(stderr, "fabrique export: cannot create %s: %s\n", path, strerror(errno));
	} else {
		bool ok = fwrite(data, 1, len, f) == len;
		ok = (fclose(f) == 0) && ok;
		if (ok && rename(tname, path) == 0)
			rc = 0;
		else {
			fprintf(stderr, "fabrique export: cannot write %s: %s\n", path, strerror(errno));
			remove(tname);
		}
	}
	buf_free(&tmp);
	return rc;
}

static int export_cycle(store *s, void *arg)
{
	struct export_args *ea = arg;
	arena *a = arena_new();
	buf out = BUF_INIT;
	store_cycle cy;
	int rc = 1;
	/* One transaction: the bundle shows the cycle at a single moment. */
	if (store_begin(s) != STORE_OK) {
		fprintf(stderr, "fabrique export: %s\n", store_errmsg(s));
		goto done;
	}
	store_rc r = store_cycle_by_slug(s, a, ea->slug, &cy);
	if (r == STORE_NOTFOUND)
		fprintf(stderr, "fabrique export: no cycle '%s' (see 'fabrique cycle list')\n", ea->slug);
	else if (r != STORE_OK || bundle_export(s, a, cy.id, &out) != 0)
		fprintf(stderr, "fabrique export: %s\n", store_errmsg(s));
	else
		rc = 0;
	store_rollback(s);
	if (rc == 0 && write_out(ea->out, out.data ? out.data : "", out.len) != 0)
		rc = 1;
done:
	buf_free(&out);
	arena_free(a);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	struct export_args ea = {NULL, NULL};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--cycle") == 0 && i + 1 < argc) {
			ea.slug = argv[++i];
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			ea.out = argv[++i];
		} else {
			fprintf(stderr, "fabrique: unexpected '%s' (see 'fabrique export --help')\n", argv[i]);
			config_free(c);
			return 2;
		}
	}
	if (!ea.slug) {
		fprintf(stderr, "fabrique: export needs --cycle SLUG\n");
		config_free(c);
		return 2;
	}
	return with_store(c, export_cycle, &ea);
}

/* ---- import ---- */

struct import_args {
	const char *file, *slug;
	char *data;
	size_t len;
};

/* Reads the whole of path ("-": standard input) into *data, at most
 * IMPORT_MAX_BYTES; 0, or -1 after printing why. */
static int read_in(const char *path, char **data, size_t *len)
{
	bool from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fabrique import: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	int rc = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > IMPORT_MAX_BYTES) {
			fprintf(stderr, "fabrique import: %s is larger than %zu MiB\n", path,
				IMPORT_MAX_BYTES >> 20);
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "fabrique import: cannot read %s: %s\n", path, strerror(errno));
		rc = -1;
	}
	if (!from_stdin)
		fclose(f);
	if (rc == 0) {
		*data = buf_detach(&b, len);
		if (!*data)
			*data = mem_strdup("");
	}
	buf_free(&b);
	return rc;
}

static int import_cycle(store *s, void *arg)
{
	struct import_args *ia = arg;
	arena *a = arena_new();
	int64_t id;
	const char *path, *msgid, *detail;
	int rc = 1;
	if (store_begin(s) != STORE_OK) {
		fprintf(stderr, "fabrique import: %s\n", store_errmsg(s));
		goto done;
	}
	int r = bundle_import(s, a, ia->data, ia->len, ia->slug, (int64_t)time(NULL), &id, &path,
			      &msgid, &detail);
	if (r != 0) {
		store_rollback(s);
		fprintf(stderr, "fabrique import: %s: %s%s%s%s\n", path, i18n_get(LANG_EN, msgid),
			detail ? " (" : "", detail ? detail : "", detail ? ")" : "");
		if (r == -1)
			fprintf(stderr, "fabrique import: nothing was imported\n");
		goto done;
	}
	store_cycle cy;
	if (store_cycle_by_id(s, a, id, &cy) != STORE_OK || store_commit(s) != STORE_OK) {
		fprintf(stderr, "fabrique import: %s; nothing was imported\n", store_errmsg(s));
		if (store_in_transaction(s))
			store_rollback(s);
		goto done;
	}
	printf("%s\n", cy.slug);
	rc = 0;
done:
	arena_free(a);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	config *c = cli_config(&argc, argv);
	if (!c)
		return 2;
	struct import_args ia = {0};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--slug") == 0 && i + 1 < argc) {
			ia.slug = argv[++i];
		} else if (!ia.file && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
			ia.file = argv[i];
		} else {
			fprintf(stderr, "fabrique: unexpected '%s' (see 'fabrique import --help')\n", argv[i]);
			config_free(c);
			return 2;
		}
	}
	if (!ia.file) {
		fprintf(stderr, "fabrique: import needs a FILE ('-' for standard input)\n");
		config_free(c);
		return 2;
	}
	if (ia.slug && !cycle_slug_ok(ia.slug)) {
		fprintf(stderr, "fabrique: --slug %s: use 1 to 40 lower-case letters, digits, - or _, "
				"starting with a letter or a digit\n", ia.slug);
		config_free(c);
		return 2;
	}
	/* Read before opening the database: a missing file creates nothing. */
	if (read_in(ia.file, &ia.data, &ia.len) != 0) {
		config_free(c);
		return 1;
	}
	int rc = with_store(c, import_cycle, &ia);
	free(ia.data);
	return rc;
}
