/* cmd_assign.c — `fabrique assign`: reads participants' ranked preferences
 * for working groups from a CSV file (docs/formats.md, "Working-group
 * preferences (CSV)"), assigns everyone with the exact engine
 * (engines/assign.h) and prints the assignment and its statistics as a
 * table or as JSON. Touches no database; the file is the whole input.
 * Not for: recording the assignment in a seminar (that is the domain's). */
#include "cli.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../engines/assign.h"
#include "../engines/csv.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

/* Largest preferences file read. */
#define ASSIGN_MAX_BYTES ((size_t)64 << 20)
/* Largest seed: 2^53 - 1, exact in every JSON reader. */
#define SEED_MAX 9007199254740991ll

/* What the file says. */
typedef struct prefs {
	const char *file;	/* as named on the command line, for messages */
	int ngroups;
	char **group;		/* names */
	int *minsz, *maxsz;	/* -1 where the #min / #max rows leave it open */
	long min_line, max_line;	/* lines of those rows, 0 if absent */
	bool has_kind;
	int nkinds;
	char *kind_name[ASSIGN_MAX_KINDS];
	int n, cap;		/* participants */
	char **name;
	long *line;
	int *kind;
	int16_t *rank;		/* n × ngroups */
} prefs;

/* Prints "fabrique assign: FILE:LINE: why" (no line when 0); returns 1. */
static int file_error(const prefs *p, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int file_error(const prefs *p, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (line > 0)
		fprintf(stderr, "fabrique assign: %s:%ld: ", p->file, line);
	else
		fprintf(stderr, "fabrique assign: %s: ", p->file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

/* Reads the whole of path ("-": standard input), at most ASSIGN_MAX_BYTES;
 * 0, or 1 after printing why. The caller frees *data. */
static int read_whole(const char *path, char **data, size_t *len)
{
	bool from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fabrique assign: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	int rc = 0;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, got);
		if (b.len > ASSIGN_MAX_BYTES) {
			fprintf(stderr, "fabrique assign: %s is larger than %zu MiB\n", path,
				ASSIGN_MAX_BYTES >> 20);
			rc = 1;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		fprintf(stderr, "fabrique assign: cannot read %s: %s\n", path, strerror(errno));
		rc = 1;
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

/* True when s holds a control character (a line break in a quoted name
 * would break the table). */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* Parses a whole decimal number from lo to hi; false otherwise. */
static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
	int64_t v;
	if (!text_parse_i64(s, &v) || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* A set of participant names, to refuse the same name twice: open
 * addressing over FNV-1a hashes, values are indexes into p->name. */
typedef struct name_set {
	int *slot;	/* -1: empty */
	size_t mask;
} name_set;

static size_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

/* Index of an equal name already in the set, else adds index i: -1. */
static int name_add(name_set *ns, prefs *p, int i)
{
	size_t at = name_hash(p->name[i]) & ns->mask;
	while (ns->slot[at] >= 0) {
		if (strcmp(p->name[ns->slot[at]], p->name[i]) == 0)
			return ns->slot[at];
		at = (at + 1) & ns->mask;
	}
	ns->slot[at] = i;
	return -1;
}

/* Reads a #min or #max row into sizes. */
static int read_size_row(prefs *p, const csv_record *rec, int first_group, const char *what,
			 int *sizes, long *row_line)
{
	if (*row_line)
		return file_error(p, rec->line, "a second %s row (the first is on line %ld)", what,
				  *row_line);
	*row_line = rec->line;
	if (first_group == 2 && rec->nfields > 1) {
		/* "#min,3,3" with a kind column: the first size would be lost */
		arena *a = arena_new();
		bool kind_cell = *text_trim(a, rec->field[1]) != 0;
		arena_free(a);
		if (kind_cell)
			return file_error(p, rec->line, "the %s row has a value in the kind column; leave "
							"it empty, the sizes start under the first group", what);
	}
	for (int g = 0; g < p->ngroups; g++) {
		size_t col = (size_t)(first_group + g);
		if (col >= rec->nfields)
			break;
		arena *a = arena_new();
		char *cell = text_trim(a, rec->field[col]);
		long long v;
		int rc = 0;
		if (*cell && !parse_int(cell, 0, ASSIGN_MAX_PEOPLE, &v))
			rc = file_error(p, rec->line, "group '%s': %s size '%s' is not a whole number from 0 to %d",
					p->group[g], what + 1, cell, ASSIGN_MAX_PEOPLE);
		else if (*cell)
			sizes[g] = (int)v;
		arena_free(a);
		if (rc)
			return rc;
	}
	return 0;
}

/* Reads the whole file into p (its strings from a); 0, or 1 after
 * printing FILE:LINE: why. */
static int read_prefs(arena *a, const char *data, size_t len, prefs *p)
{
	csv_reader r;
	csv_record rec;
	csv_init(&r, data, len);
	csv_rc rc = csv_next(&r, a, &rec);
	if (rc == CSV_ERROR)
		return file_error(p, r.error_line, "%s", r.error);
	if (rc == CSV_END)
		return file_error(p, 0, "the file is empty: expected a header row "
					"'participant,kind,GROUP,GROUP...'");
	/* the header */
	size_t width = rec.nfields;
	p->has_kind = width >= 2 && strcasecmp(text_trim(a, rec.field[1]), "kind") == 0;
	int first_group = p->has_kind ? 2 : 1;
	if ((int)width <= first_group)
		return file_error(p, rec.line, "the header names no group: expected "
					       "'participant,kind,GROUP,GROUP...'");
	if (width - (size_t)first_group > ASSIGN_MAX_GROUPS)
		return file_error(p, rec.line, "%zu groups; at most %d are possible",
				  width - (size_t)first_group, ASSIGN_MAX_GROUPS);
	p->ngroups = (int)width - first_group;
	p->group = arena_alloc(a, (size_t)p->ngroups * sizeof *p->group);
	p->minsz = arena_alloc(a, (size_t)p->ngroups * sizeof *p->minsz);
	p->maxsz = arena_alloc(a, (size_t)p->ngroups * sizeof *p->maxsz);
	for (int g = 0; g < p->ngroups; g++) {
		p->group[g] = text_trim(a, rec.field[first_group + g]);
		p->minsz[g] = p->maxsz[g] = -1;
		if (!*p->group[g])
			return file_error(p, rec.line, "column %d has no group name", first_group + g + 1);
		if (has_control(p->group[g]))
			return file_error(p, rec.line, "the name of group %d holds a line break or a "
						       "control character", g + 1);
		for (int h = 0; h < g; h++)
			if (strcmp(p->group[h], p->group[g]) == 0)
				return file_error(p, rec.line, "group '%s' is named twice", p->group[g]);
	}

	name_set ns = {NULL, 0};
	int rcode = 0;
	while (rcode == 0 && (rc = csv_next(&r, a, &rec)) == CSV_RECORD) {
		if (rec.nfields > width) {
			rcode = file_error(p, rec.line, "%zu cells, but the header has %zu", rec.nfields, width);
			break;
		}
		char *first = text_trim(a, rec.field[0]);
		bool blank = !*first;
		for (size_t i = 1; blank && i < rec.nfields; i++)
			blank = !*text_trim(a, rec.field[i]);
		if (blank)
			continue;	/* spreadsheets write ",,,," for empty rows */
		if (first[0] == '#') {
			if (strcasecmp(first, "#min") == 0)
				rcode = read_size_row(p, &rec, first_group, "#min", p->minsz, &p->min_line);
			else if (strcasecmp(first, "#max") == 0)
				rcode = read_size_row(p, &rec, first_group, "#max", p->maxsz, &p->max_line);
			else
				rcode = file_error(p, rec.line, "unknown row '%s': only #min and #max rows "
								"may start with '#'", first);
			continue;
		}
		/* a participant */
		if (!*first) {
			rcode = file_error(p, rec.line, "a participant without a name (first column)");
			break;
		}
		if (has_control(first)) {
			rcode = file_error(p, rec.line, "the participant's name holds a line break or a "
							"control character");
			break;
		}
		if (p->n == ASSIGN_MAX_PEOPLE ||
		    (long long)(p->n + 1) * p->ngroups > ASSIGN_MAX_RANKS) {
			rcode = file_error(p, rec.line, "too many participants for %d groups (at most %d)",
					   p->ngroups, ASSIGN_MAX_RANKS / p->ngroups < ASSIGN_MAX_PEOPLE
							   ? ASSIGN_MAX_RANKS / p->ngroups : ASSIGN_MAX_PEOPLE);
			break;
		}
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 64;
			p->name = mem_realloc(p->name, (size_t)p->cap * sizeof *p->name);
			p->line = mem_realloc(p->line, (size_t)p->cap * sizeof *p->line);
			p->kind = mem_realloc(p->kind, (size_t)p->cap * sizeof *p->kind);
			p->rank = mem_realloc(p->rank, (size_t)p->cap * (size_t)p->ngroups * sizeof *p->rank);
			/* a larger set of names, rebuilt */
			free(ns.slot);
			ns.mask = (size_t)p->cap * 2 - 1;
			ns.slot = mem_alloc((ns.mask + 1) * sizeof *ns.slot);
			memset(ns.slot, 0xff, (ns.mask + 1) * sizeof *ns.slot);
			for (int i = 0; i < p->n; i++)
				name_add(&ns, p, i);
		}
		int i = p->n;
		p->name[i] = first;
		p->line[i] = rec.line;
		int dup = name_add(&ns, p, i);
		if (dup >= 0) {
			rcode = file_error(p, rec.line, "participant '%s' is already on line %ld", first,
					   p->line[dup]);
			break;
		}
		p->kind[i] = -1;
		if (p->has_kind && rec.nfields > 1) {
			char *k = text_trim(a, rec.field[1]);
			if (*k) {
				int found = -1;
				for (int j = 0; j < p->nkinds && found < 0; j++)
					if (strcmp(p->kind_name[j], k) == 0)
						found = j;
				if (found < 0 && has_control(k)) {
					rcode = file_error(p, rec.line, "the kind holds a line break or a control "
									"character");
					break;
				}
				if (found < 0 && p->nkinds == ASSIGN_MAX_KINDS) {
					rcode = file_error(p, rec.line, "more than %d different kinds",
							   ASSIGN_MAX_KINDS);
					break;
				}
				if (found < 0) {
					found = p->nkinds;
					p->kind_name[p->nkinds++] = k;
				}
				p->kind[i] = found;
			}
		}
		int16_t *row = p->rank + (size_t)i * (size_t)p->ngroups;
		for (int g = 0; g < p->ngroups; g++) {
			size_t col = (size_t)(first_group + g);
			const char *cell = col < rec.nfields ? text_trim(a, rec.field[col]) : "";
			long long v = 0;
			if (*cell && !parse_int(cell, 1, p->ngroups, &v)) {
				rcode = file_error(p, rec.line, "participant '%s', group '%s': rank '%s' is not a "
								"whole number from 1 to %d (leave the cell empty "
								"for a group not ranked)",
						   first, p->group[g], cell, p->ngroups);
				break;
			}
			row[g] = (int16_t)v;
		}
		if (rcode == 0)
			p->n++;
	}
	free(ns.slot);
	if (rcode)
		return rcode;
	if (rc == CSV_ERROR)
		return file_error(p, r.error_line, "%s", r.error);
	if (p->n == 0)
		return file_error(p, 0, "no participant rows after the header");
	return 0;
}

/* Parses a share "0.4", ".4", "1", "40%" or "33.5%" exactly into num/den;
 * true when 0 < share <= 1. */
static bool parse_share(const char *s, int *num, int *den)
{
	long long n = 0, d = 1;
	int digits = 0, decimals = 0;
	bool dot = false;
	const char *c = s;
	for (; *c && *c != '%'; c++) {
		if (*c == '.' && !dot) {
			dot = true;
		} else if (*c >= '0' && *c <= '9') {
			if (dot && ++decimals > 6)
				return false;
			if (++digits > 12)
				return false;
			n = n * 10 + (*c - '0');
			if (dot)
				d *= 10;
		} else {
			return false;
		}
	}
	if (digits == 0)
		return false;
	if (*c == '%') {
		if (c[1])
			return false;
		d *= 100;
	}
	if (n <= 0 || n > d)
		return false;
	/* reduce, so that the fraction printed is the simplest */
	long long x = n, y = d;
	while (y) {
		long long t = x % y;
		x = y;
		y = t;
	}
	*num = (int)(n / x);
	*den = (int)(d / x);
	return true;
}

/* Appends s padded with spaces to width code points. */
static void put_padded(buf *line, const char *s, size_t width)
{
	size_t w = text_utf8_len(s);
	buf_puts(line, s);
	for (; w < width; w++)
		buf_putc(line, ' ');
}

/* Prints a table line without its trailing spaces, and empties it. */
static void end_line(buf *line)
{
	size_t n = line->len;
	while (n > 0 && line->data[n - 1] == ' ')
		n--;
	fwrite(line->data, 1, n, stdout);
	putchar('\n');
	buf_reset(line);
}

static size_t max_width(size_t w, const char *s)
{
	size_t n = text_utf8_len(s);
	return n > w ? n : w;
}

/* Options of the command. */
typedef struct opts {
	bool json;
	long long seed;		/* -1: draw one */
	long long min, max;	/* -1: not given */
	int share_num, share_den;	/* den 0: no rule */
	const char *share_text;
	const char *file;
} opts;

static void print_text(const prefs *p, const opts *o, const assign_problem *pb,
		       const assign_result *res)
{
	arena *a = arena_new();
	buf line = BUF_INIT;
	int unranked = ASSIGN_UNRANKED(p->ngroups);
	/* the assignment */
	size_t wn = strlen("participant"), wk = strlen("kind"), wg = strlen("group");
	for (int i = 0; i < p->n; i++) {
		wn = max_width(wn, p->name[i]);
		if (p->kind[i] >= 0)
			wk = max_width(wk, p->kind_name[p->kind[i]]);
		wg = max_width(wg, p->group[res->group_of[i]]);
	}
	put_padded(&line, "participant", wn + 2);
	if (p->has_kind)
		put_padded(&line, "kind", wk + 2);
	put_padded(&line, "group", wg + 2);
	buf_puts(&line, "rank");
	end_line(&line);
	for (int i = 0; i < p->n; i++) {
		put_padded(&line, p->name[i], wn + 2);
		if (p->has_kind)
			put_padded(&line, p->kind[i] >= 0 ? p->kind_name[p->kind[i]] : "", wk + 2);
		put_padded(&line, p->group[res->group_of[i]], wg + 2);
		if (res->rank_got[i] == unranked)
			buf_puts(&line, "not ranked");
		else
			buf_printf(&line, "%d", res->rank_got[i]);
		end_line(&line);
	}

	/* the groups, with the largest number of one kind in each */
	bool kinds = p->has_kind && p->nkinds > 0;
	int *most = arena_zalloc(a, (size_t)p->ngroups * sizeof *most);
	int *most_kind = arena_alloc(a, (size_t)p->ngroups * sizeof *most_kind);
	for (int g = 0; g < p->ngroups; g++)
		most_kind[g] = -1;
	if (kinds) {
		int *per = arena_zalloc(a, (size_t)p->ngroups * (size_t)p->nkinds * sizeof *per);
		for (int i = 0; i < p->n; i++)
			if (p->kind[i] >= 0)
				per[res->group_of[i] * p->nkinds + p->kind[i]]++;
		for (int g = 0; g < p->ngroups; g++)
			for (int k = 0; k < p->nkinds; k++)
				if (per[g * p->nkinds + k] > most[g]) {
					most[g] = per[g * p->nkinds + k];
					most_kind[g] = k;
				}
	}
	size_t wg2 = strlen("group");
	for (int g = 0; g < p->ngroups; g++)
		wg2 = max_width(wg2, p->group[g]);
	putchar('\n');
	put_padded(&line, "group", wg2 + 2);
	buf_printf(&line, "%-6s%-6s%-6s%s", "size", "min", "max", kinds ? "most of one kind" : "");
	end_line(&line);
	for (int g = 0; g < p->ngroups; g++) {
		put_padded(&line, p->group[g], wg2 + 2);
		buf_printf(&line, "%-6d%-6d%-6d", res->size[g], pb->min_size[g], pb->max_size[g]);
		if (most_kind[g] >= 0)
			buf_printf(&line, "%s %d", p->kind_name[most_kind[g]], most[g]);
		int cap = assign_kind_cap(pb, g);
		if (kinds && cap >= 0)
			buf_printf(&line, "%s(at most %d)", most_kind[g] >= 0 ? " " : "", cap);
		end_line(&line);
	}

	/* the figures */
	printf("\n%d participant%s, %d group%s, seed %lld", p->n, p->n == 1 ? "" : "s", p->ngroups,
	       p->ngroups == 1 ? "" : "s", o->seed);
	if (o->share_den)
		printf(", at most %s of a group's maximum size of one kind", o->share_text);
	printf("\nworst rank: ");
	if (res->worst == unranked)
		printf("a group not ranked\n");
	else
		printf("%d\n", res->worst);
	printf("sum of squared ranks: %lld\n", res->sum_squares);
	int last = res->worst < unranked ? res->worst : p->ngroups;
	for (int r = 1; r <= last; r++)
		printf("rank %d: %d (%.1f %%)\n", r, res->count[r], 100.0 * res->count[r] / p->n);
	if (res->count[unranked])
		printf("not ranked: %d (%.1f %%)\n", res->count[unranked],
		       100.0 * res->count[unranked] / p->n);
	buf_free(&line);
	arena_free(a);
}

static void print_json(const prefs *p, const opts *o, const assign_problem *pb,
		       const assign_result *res)
{
	int unranked = ASSIGN_UNRANKED(p->ngroups);
	json_t *root = json_object();
	json_object_set_new(root, "seed", json_integer(o->seed));
	json_object_set_new(root, "participants", json_integer(p->n));
	json_object_set_new(root, "max_share",
			    o->share_den ? json_real((double)o->share_num / o->share_den) : json_null());
	json_object_set_new(root, "worst_rank",
			    res->worst == unranked ? json_null() : json_integer(res->worst));
	json_object_set_new(root, "sum_of_squares", json_integer(res->sum_squares));
	json_t *counts = json_array();
	int last = res->worst < unranked ? res->worst : p->ngroups;
	for (int r = 1; r <= last; r++)
		json_array_append_new(counts, json_pack("{s:i, s:i}", "rank", r, "participants",
							res->count[r]));
	if (res->count[unranked])
		json_array_append_new(counts, json_pack("{s:n, s:i}", "rank", "participants",
							res->count[unranked]));
	json_object_set_new(root, "counts", counts);
	json_t *groups = json_array();
	for (int g = 0; g < p->ngroups; g++) {
		int cap = assign_kind_cap(pb, g);
		json_array_append_new(groups, json_pack("{s:s, s:i, s:i, s:i, s:o}", "name", p->group[g],
							"size", res->size[g], "min", pb->min_size[g],
							"max", pb->max_size[g], "max_per_kind",
							cap >= 0 ? json_integer(cap) : json_null()));
	}
	json_object_set_new(root, "groups", groups);
	json_t *rows = json_array();
	for (int i = 0; i < p->n; i++) {
		json_t *row = json_object();
		json_object_set_new(row, "participant", json_string(p->name[i]));
		json_object_set_new(row, "kind", p->kind[i] >= 0 ? json_string(p->kind_name[p->kind[i]])
								  : json_null());
		json_object_set_new(row, "group", json_string(p->group[res->group_of[i]]));
		json_object_set_new(row, "rank", res->rank_got[i] == unranked
							 ? json_null() : json_integer(res->rank_got[i]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(root, "assignment", rows);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

static int parse_opts(int argc, char **argv, opts *o)
{
	memset(o, 0, sizeof *o);
	o->seed = o->min = o->max = -1;
	for (int i = 1; i < argc; i++) {
		bool bad = false;
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--format", &bad))) {
			if (strcmp(v, "json") == 0 || strcmp(v, "text") == 0) {
				o->json = strcmp(v, "json") == 0;
				continue;
			}
			fprintf(stderr, "fabrique assign: --format must be text or json\n");
			return 2;
		}
		if (!bad && (v = cli_option(argc, argv, &i, "--seed", &bad))) {
			if (parse_int(v, 0, SEED_MAX, &o->seed))
				continue;
			fprintf(stderr, "fabrique assign: --seed %s: expected a whole number from 0 to %lld\n",
				v, SEED_MAX);
			return 2;
		}
		if (!bad && (v = cli_option(argc, argv, &i, "--min", &bad))) {
			if (parse_int(v, 0, ASSIGN_MAX_PEOPLE, &o->min))
				continue;
			fprintf(stderr, "fabrique assign: --min %s: expected a whole number from 0 to %d\n", v,
				ASSIGN_MAX_PEOPLE);
			return 2;
		}
		if (!bad && (v = cli_option(argc, argv, &i, "--max", &bad))) {
			if (parse_int(v, 0, ASSIGN_MAX_PEOPLE, &o->max))
				continue;
			fprintf(stderr, "fabrique assign: --max %s: expected a whole number from 0 to %d\n", v,
				ASSIGN_MAX_PEOPLE);
			return 2;
		}
		if (!bad && (v = cli_option(argc, argv, &i, "--max-share", &bad))) {
			if (parse_share(v, &o->share_num, &o->share_den)) {
				o->share_text = v;
				continue;
			}
			fprintf(stderr, "fabrique assign: --max-share %s: expected a share above 0 and up to 1, "
					"such as 0.4 or 40%%\n", v);
			return 2;
		}
		if (bad) {
			fprintf(stderr, "fabrique assign: %s needs a value\n", argv[i]);
			return 2;
		}
		if (!o->file && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
			o->file = argv[i];
			continue;
		}
		fprintf(stderr, "fabrique assign: unexpected '%s' (see 'fabrique assign --help')\n", argv[i]);
		return 2;
	}
	if (!o->file) {
		fprintf(stderr, "fabrique assign: needs a preferences file (CSV; '-' for standard input)\n");
		return 2;
	}
	if (o->min >= 0 && o->max >= 0 && o->min > o->max) {
		fprintf(stderr, "fabrique assign: --min %lld is above --max %lld\n", o->min, o->max);
		return 2;
	}
	return 0;
}

int cmd_assign(int argc, char **argv)
{
	opts o;
	int rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc;
	char *data = NULL;
	size_t len = 0;
	if (read_whole(o.file, &data, &len) != 0)
		return 1;
	arena *a = arena_new();
	prefs p = {0};
	p.file = strcmp(o.file, "-") == 0 ? "(standard input)" : o.file;
	rc = read_prefs(a, data, len, &p);
	if (rc == 0 && o.share_den && !p.has_kind)
		rc = file_error(&p, 1, "--max-share needs a 'kind' column (the second column of the header)");
	assign_problem pb = {0};
	if (rc == 0) {
		/* sizes: the file's rows first, then the options */
		int *lo = arena_alloc(a, (size_t)p.ngroups * sizeof *lo);
		int *hi = arena_alloc(a, (size_t)p.ngroups * sizeof *hi);
		for (int g = 0; g < p.ngroups && rc == 0; g++) {
			lo[g] = p.minsz[g] >= 0 ? p.minsz[g] : o.min >= 0 ? (int)o.min : 0;
			hi[g] = p.maxsz[g] >= 0 ? p.maxsz[g] : o.max >= 0 ? (int)o.max : p.n;
			if (lo[g] > hi[g])
				rc = file_error(&p, p.minsz[g] >= 0 ? p.min_line : p.max_line,
						"group '%s': minimum %d (%s) is above its maximum %d (%s)",
						p.group[g], lo[g], p.minsz[g] >= 0 ? "#min row" : "--min",
						hi[g], p.maxsz[g] >= 0 ? "#max row" : o.max >= 0 ? "--max"
						: "the number of participants");
		}
		if (o.seed < 0) {
			uint64_t r = 0;
			if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r) {
				fprintf(stderr, "fabrique assign: cannot draw a seed: %s\n", strerror(errno));
				rc = 1;
			}
			o.seed = (long long)(r & (uint64_t)SEED_MAX);
		}
		pb = (assign_problem){.npeople = p.n, .ngroups = p.ngroups, .rank = p.rank,
				      .min_size = lo, .max_size = hi, .kind = p.kind,
				      .nkinds = p.nkinds, .share_num = o.share_num,
				      .share_den = o.share_den, .seed = (uint64_t)o.seed,
				      .group_name = (const char *const *)p.group,
				      .kind_name = (const char *const *)p.kind_name};
	}
	if (rc == 0) {
		assign_result res;
		assign_status st = assign_solve(a, &pb, &res);
		if (st == ASSIGN_INFEASIBLE)
			rc = file_error(&p, 0, "no assignment is possible: %s", res.reason);
		else if (st != ASSIGN_OK)
			rc = file_error(&p, 0, "%s", res.reason);
		else if (o.json)
			print_json(&p, &o, &pb, &res);
		else
			print_text(&p, &o, &pb, &res);
		if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
			fprintf(stderr, "fabrique assign: cannot write the result: %s\n", strerror(errno));
			rc = 1;
		}
	}
	free(p.name);
	free(p.line);
	free(p.kind);
	free(p.rank);
	arena_free(a);
	free(data);
	return rc;
}
