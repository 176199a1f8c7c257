/* cmd_tally.c — `fabrique tally`: counts a ballot file (a Debian tally
 * sheet or a PrefLib .soc .soi .toc .toi .cat file, engines/ballotfile.h)
 * by any method of engines/tally.h and prints the ranking with the figures
 * that explain it, as a table or as JSON. Touches no database.
 *
 * The files hold rankings (or categories); approval, dots and majority
 * judgment need other ballots, so each file row is converted first:
 *
 *   method    from a ranking                        from categories (CAT)
 *   schulze   the ranks as read                     category number as rank
 *   borda     the ranks as read                     category number as rank
 *   approval  every ranked candidate, except that   the first category
 *             when the file has a "None of the
 *             above" option and the voter ranked
 *             it, only those ranked strictly above
 *             it; that option itself is never
 *             approved
 *   dots      3 dots at rank 1, 2 at rank 2, 1 at   C - k dots in category k
 *             rank 3 (ranks made dense), none below  of C (the last gets none)
 *   mj        rank r graded 7 - r, at least 1       category k of C graded
 *             (rank 1 "excellent", 2 "very good",   round(6 (C-k) / (C-1))
 *             ... 6 and below "insufficient");      (C = 1: 6); none: not
 *             unranked: not graded (counts as       graded
 *             "reject")
 *
 * Not for: seminars' own ballots, which are counted by domain/seminar.c
 * with the seminar's parameters.
 */
#include "cli.h"
#include "../core/buf.h"
#include "../engines/ballotfile.h"
#include "../engines/tally.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Largest file read (the parser bounds its own memory further). */
#define TALLY_MAX_BYTES ((size_t)512 << 20)

typedef struct tally_args {
	const char *file;
	tally_options opt;
	bool json;
	int seats;	/* 0: no cut */
} tally_args;

/* Reads path ("-": standard input) into a NUL-terminated heap buffer. */
static char *read_all(FILE *err, const char *path, size_t *len)
{
	bool from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(err, "fabrique tally: %s: cannot open: %s\n", path, strerror(errno));
		return NULL;
	}
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	bool ok = true;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > TALLY_MAX_BYTES) {
			fprintf(err, "fabrique tally: %s: larger than %zu MiB\n", path, TALLY_MAX_BYTES >> 20);
			ok = false;
			break;
		}
	}
	if (ok && ferror(f)) {
		fprintf(err, "fabrique tally: %s: cannot read: %s\n", path, strerror(errno));
		ok = false;
	}
	if (!from_stdin)
		fclose(f);
	char *data = ok ? buf_detach(&b, len) : NULL;
	buf_free(&b);
	if (ok && !data) {
		data = mem_strdup("");
		*len = 0;
	}
	return data;
}

/* ---- converting file rows to the method's ballots ---- */

/* Index of a "None of the above" option, or -1. */
static int find_nota(const ballotfile *bf)
{
	for (int c = 0; c < bf->ncand; c++)
		if (strcasecmp(bf->names[c], "None of the above") == 0)
			return c;
	return -1;
}

/* One converted value for candidate c of row v (see the file comment). */
static int16_t convert_one(const ballotfile *bf, tally_method m, const int16_t *v, int c, int nota)
{
	int r = v[c];
	if (bf->format == BALLOTFILE_CAT) {
		int ncat = bf->ncat;
		switch (m) {
		case TALLY_APPROVAL:
			return r == 1;
		case TALLY_DOTS:
			return (int16_t)(r ? ncat - r : 0);
		case TALLY_MJ:
			if (!r)
				return -1;
			if (ncat == 1)
				return TALLY_MJ_GRADES - 1;
			return (int16_t)((2 * 6 * (ncat - r) + (ncat - 1)) / (2 * (ncat - 1)));
		default:
			return (int16_t)r;
		}
	}
	switch (m) {
	case TALLY_APPROVAL:
		if (r <= 0 || c == nota)
			return 0;
		return nota < 0 || v[nota] == 0 || r < v[nota];
	case TALLY_DOTS:
		return (int16_t)(r >= 1 && r <= 3 ? 4 - r : 0);
	case TALLY_MJ:
		return (int16_t)(r <= 0 ? -1 : r < 6 ? 7 - r : 1);
	default:
		return (int16_t)r;
	}
}

static tally_ballots convert(arena *a, const ballotfile *bf, tally_method m)
{
	tally_ballots b = bf->ballots;
	if ((m == TALLY_SCHULZE || m == TALLY_BORDA) || b.nrows == 0)
		return b;
	size_t n = (size_t)bf->ncand;
	int16_t *v = arena_alloc(a, b.nrows * n * sizeof *v);
	int nota = find_nota(bf);
	for (size_t r = 0; r < b.nrows; r++)
		for (size_t c = 0; c < n; c++)
			v[r * n + c] = convert_one(bf, m, bf->ballots.v + r * n, (int)c, nota);
	b.v = v;
	return b;
}

/* ---- output ---- */

static void print_matrix(FILE *out, const char *title, const tally_result *r, const int64_t *m)
{
	int n = r->ncand;
	fprintf(out, "\n%s\n      ", title);
	for (int k = 0; k < n; k++)
		fprintf(out, " %5d", r->order[k] + 1);
	fputc('\n', out);
	for (int i = 0; i < n; i++) {
		int ci = r->order[i];
		fprintf(out, "%5d ", ci + 1);
		for (int j = 0; j < n; j++) {
			int cj = r->order[j];
			if (ci == cj)
				fprintf(out, " %5s", "-");
			else
				fprintf(out, " %5lld", (long long)m[(size_t)ci * n + cj]);
		}
		fputc('\n', out);
	}
}

static void print_text(FILE *out, const tally_args *ta, const ballotfile *bf, const tally_result *r)
{
	tally_method m = ta->opt.method;
	fprintf(out, "%s", tally_method_name(m));
	if (m == TALLY_SCHULZE || m == TALLY_BORDA)
		fprintf(out, ", unranked candidates %s",
			ta->opt.unranked_ignore ? "ignored (no opinion)" : "ranked last");
	fprintf(out, ": %llu ballots, %d candidates (%s file)\n\n", (unsigned long long)r->ballots,
		r->ncand, ballotfile_format_name(bf->format));
	if (m == TALLY_MJ) {
		fprintf(out, "rank  median        ");
		for (int g = TALLY_MJ_GRADES - 1; g >= 0; g--)
			fprintf(out, " %7d", g);
		fprintf(out, "  candidate\n");
	} else if (m == TALLY_SCHULZE) {
		fprintf(out, "rank    #  candidate\n");
	} else {
		fprintf(out, "rank       score    #  candidate\n");
	}
	for (int l = 0; l < r->nlevels; l++)
		for (int k = r->level_start[l]; k < r->level_start[l + 1]; k++) {
			int c = r->order[k];
			fprintf(out, "%4d", r->rank[c]);
			if (m == TALLY_MJ) {
				fprintf(out, "  %-12s  ", tally_mj_grade_name(r->median[c]));
				for (int g = TALLY_MJ_GRADES - 1; g >= 0; g--)
					fprintf(out, " %7llu",
						(unsigned long long)r->profile[(size_t)c * TALLY_MJ_GRADES + g]);
				fprintf(out, "  ");
			} else if (m == TALLY_SCHULZE) {
				fprintf(out, " %4d  ", c + 1);
			} else {
				fprintf(out, "  %10.0f %4d  ", r->score[c], c + 1);
			}
			fprintf(out, "%s\n", bf->names[c]);
		}
	if (m == TALLY_MJ) {
		fprintf(out, "\ngrades:");
		for (int g = TALLY_MJ_GRADES - 1; g >= 0; g--)
			fprintf(out, " %d %s%s", g, tally_mj_grade_name(g), g ? "," : "");
		fprintf(out, "\nties at the median are broken by removing median grades one at a time\n");
	}
	if (m == TALLY_SCHULZE) {
		print_matrix(out, "pairwise: voters preferring the row to the column (candidates by #, "
				  "in ranking order)", r, r->pairwise);
		print_matrix(out, "strongest paths, links weighted by margins", r, r->paths);
	}
	if (ta->seats > 0) {
		int tie;
		int sure = tally_seats(r, ta->seats, &tie);
		fprintf(out, "\nretained (%d seat%s):", ta->seats, ta->seats > 1 ? "s" : "");
		for (int k = 0; k < sure; k++)
			fprintf(out, "%s %s", k ? "," : "", bf->names[r->order[k]]);
		if (!sure)
			fprintf(out, " none for sure");
		fputc('\n', out);
		if (tie >= 0) {
			fprintf(out, "tie across the cut, %d seat%s for:", ta->seats - sure,
				ta->seats - sure > 1 ? "s" : "");
			for (int k = r->level_start[tie]; k < r->level_start[tie + 1]; k++)
				fprintf(out, "%s %s", k > r->level_start[tie] ? "," : "", bf->names[r->order[k]]);
			fputc('\n', out);
		}
	}
}

/* {name: {name: value}} without the diagonal. */
static json_t *json_matrix(const ballotfile *bf, const int64_t *m)
{
	json_t *obj = json_object();
	int n = bf->ncand;
	for (int i = 0; i < n; i++) {
		json_t *row = json_object();
		for (int j = 0; j < n; j++)
			if (i != j)
				json_object_set_new(row, bf->names[j], json_integer((json_int_t)m[(size_t)i * n + j]));
		json_object_set_new(obj, bf->names[i], row);
	}
	return obj;
}

static json_t *json_names(const ballotfile *bf, const tally_result *r, int from, int to)
{
	json_t *arr = json_array();
	for (int k = from; k < to; k++)
		json_array_append_new(arr, json_string(bf->names[r->order[k]]));
	return arr;
}

static void print_json(FILE *out, const tally_args *ta, const ballotfile *bf, const tally_result *r)
{
	tally_method m = ta->opt.method;
	json_t *o = json_object();
	json_object_set_new(o, "method", json_string(tally_method_name(m)));
	if (m == TALLY_SCHULZE || m == TALLY_BORDA)
		json_object_set_new(o, "unranked", json_string(ta->opt.unranked_ignore ? "ignore" : "last"));
	json_object_set_new(o, "file_format", json_string(ballotfile_format_name(bf->format)));
	json_object_set_new(o, "ballots", json_integer((json_int_t)r->ballots));
	json_t *cands = json_array();
	for (int c = 0; c < bf->ncand; c++)
		json_array_append_new(cands, json_string(bf->names[c]));
	json_object_set_new(o, "candidates", cands);
	json_t *ranking = json_array();
	for (int l = 0; l < r->nlevels; l++)
		json_array_append_new(ranking, json_names(bf, r, r->level_start[l], r->level_start[l + 1]));
	json_object_set_new(o, "ranking", ranking);
	if (r->score) {
		json_t *scores = json_object();
		for (int c = 0; c < bf->ncand; c++)
			json_object_set_new(scores, bf->names[c], json_integer((json_int_t)r->score[c]));
		json_object_set_new(o, "scores", scores);
	}
	if (r->pairwise) {
		json_object_set_new(o, "pairwise", json_matrix(bf, r->pairwise));
		json_object_set_new(o, "paths", json_matrix(bf, r->paths));
	}
	if (r->profile) {
		json_t *grades = json_array(), *profiles = json_object(), *medians = json_object();
		for (int g = 0; g < TALLY_MJ_GRADES; g++)
			json_array_append_new(grades, json_string(tally_mj_grade_name(g)));
		for (int c = 0; c < bf->ncand; c++) {
			json_t *p = json_array();
			for (int g = 0; g < TALLY_MJ_GRADES; g++)
				json_array_append_new(
					p, json_integer((json_int_t)r->profile[(size_t)c * TALLY_MJ_GRADES + g]));
			json_object_set_new(profiles, bf->names[c], p);
			json_object_set_new(medians, bf->names[c], json_integer(r->median[c]));
		}
		json_object_set_new(o, "grades", grades);
		json_object_set_new(o, "profiles", profiles);
		json_object_set_new(o, "medians", medians);
	}
	if (ta->seats > 0) {
		int tie;
		int sure = tally_seats(r, ta->seats, &tie);
		json_t *seats = json_object();
		json_object_set_new(seats, "k", json_integer(ta->seats));
		json_object_set_new(seats, "retained", json_names(bf, r, 0, sure));
		json_object_set_new(seats, "tied_at_cut",
				    tie >= 0 ? json_names(bf, r, r->level_start[tie], r->level_start[tie + 1])
					     : json_array());
		json_object_set_new(o, "seats", seats);
	}
	json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(o);
}

/* ---- the command ---- */

static int usage_error(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a usage problem; returns the exit status for it, 2. */
static int usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(err, "fabrique tally: ");
	vfprintf(err, fmt, ap);
	fprintf(err, " (see 'fabrique tally --help')\n");
	va_end(ap);
	return 2;
}

int cmd_tally_to(FILE *out, FILE *err, int argc, char **argv)
{
	tally_args ta = {.opt = {.method = TALLY_SCHULZE}};
	for (int i = 1; i < argc; i++) {
		bool missing = false;
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--method", &missing))) {
			int m = tally_method_parse(v);
			if (m < 0)
				return usage_error(err, "unknown method '%s': approval, dots, schulze, mj or borda", v);
			ta.opt.method = (tally_method)m;
		} else if ((v = cli_option(argc, argv, &i, "--unranked", &missing))) {
			if (strcmp(v, "last") == 0)
				ta.opt.unranked_ignore = false;
			else if (strcmp(v, "ignore") == 0)
				ta.opt.unranked_ignore = true;
			else
				return usage_error(err, "--unranked must be last or ignore, not '%s'", v);
		} else if ((v = cli_option(argc, argv, &i, "--format", &missing))) {
			if (strcmp(v, "json") == 0)
				ta.json = true;
			else if (strcmp(v, "text") == 0)
				ta.json = false;
			else
				return usage_error(err, "--format must be text or json, not '%s'", v);
		} else if ((v = cli_option(argc, argv, &i, "--seats", &missing))) {
			char *end;
			errno = 0;
			long k = strtol(v, &end, 10);
			if (errno || end == v || *end || k < 1 || k > BALLOTFILE_MAX_CAND)
				return usage_error(err, "--seats must be a number from 1 to 1000, not '%s'", v);
			ta.seats = (int)k;
		} else if (missing) {
			return usage_error(err, "option %s needs a value", argv[i]);
		} else if (!ta.file && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
			ta.file = argv[i];
		} else {
			return usage_error(err, "unexpected '%s'", argv[i]);
		}
	}
	if (!ta.file)
		return usage_error(err, "needs a FILE ('-' for standard input)");
	size_t len = 0;
	char *data = read_all(err, ta.file, &len);
	if (!data)
		return 1;
	arena *a = arena_new();
	ballotfile_error perr;
	ballotfile *bf = ballotfile_parse(a, data, len, &perr);
	int rc = 1;
	if (!bf) {
		if (perr.line > 0)
			fprintf(err, "fabrique tally: %s:%d: %s\n", ta.file, perr.line, perr.msg);
		else
			fprintf(err, "fabrique tally: %s: %s\n", ta.file, perr.msg);
		goto done;
	}
	tally_ballots b = convert(a, bf, ta.opt.method);
	tally_result *r = tally_run(a, &b, &ta.opt);
	if (ta.json)
		print_json(out, &ta, bf, r);
	else
		print_text(out, &ta, bf, r);
	rc = 0;
done:
	arena_free(a);
	free(data);
	return rc;
}

int cmd_tally(int argc, char **argv)
{
	return cmd_tally_to(stdout, stderr, argc, argv);
}
