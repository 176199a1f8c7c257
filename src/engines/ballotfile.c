/*
 * ballotfile.c — Debian tally sheets and PrefLib files in and PrefLib files
 * out (see ballotfile.h for the formats and what is refused).
 *
 * The reader walks the buffer line by line, counting lines so that every
 * refusal names one. Rows grow in heap arrays (doubling), handed to the
 * caller's arena at the end so that a million-row file is not copied; on
 * a refusal they are freed at once. Written from the PrefLib format
 * specification (preflib.org, "Format Specification") and the layout of
 * Debian's published tally sheets.
 *
 * Not for: deciding what a category means for a method (the CLI and the
 * seminar code map categories to approvals or grades).
 */
#include "ballotfile.h"

#include "../core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- reading ---- */

typedef struct parser {
	arena *a;
	const char *p, *end;	/* what is left to read */
	int line;		/* number of the line last returned */
	ballotfile_error *err;
	/* alternatives and categories as they are declared */
	int ncand, ncat;
	const char **names;	/* BALLOTFILE_MAX_CAND + 1 slots, 1-based */
	int *name_line;
	const char **cats;
	/* rows */
	int16_t *v;
	uint32_t *w;
	size_t nrows, cap;
	uint64_t total;
	int16_t *row;		/* the row being read, ncand values */
	bool ties, incomplete;
} parser;

static bool fail(parser *ps, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static bool fail(parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ps->err->line = line;
	vsnprintf(ps->err->msg, sizeof ps->err->msg, fmt, ap);
	va_end(ap);
	return false;
}

/* Next line into [*s, *s + *n) without its "\n" or "\r\n"; false at the end. */
static bool next_line(parser *ps, const char **s, size_t *n)
{
	if (ps->p >= ps->end)
		return false;
	const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	const char *stop = nl ? nl : ps->end;
	*s = ps->p;
	*n = (size_t)(stop - ps->p);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	ps->p = nl ? nl + 1 : ps->end;
	ps->line++;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static bool is_blank(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

/* A name as stored: UTF-8 (Latin-1 converted), control characters as
 * spaces, then trimmed (so that writing it back and reading it again gives
 * the same name). NULL when nothing is left. */
static const char *make_name(arena *a, const char *s, size_t n)
{
	char *out;
	size_t len = 0;
	if (text_utf8_valid(s, n)) {
		out = arena_strndup(a, s, n);
		len = n;
	} else {
		/* Latin-1: bytes 0x80-0xFF are U+0080-U+00FF, two bytes each */
		out = arena_alloc(a, 2 * n + 1);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c < 0x80) {
				out[len++] = (char)c;
			} else {
				out[len++] = (char)(0xC0 | (c >> 6));
				out[len++] = (char)(0x80 | (c & 0x3F));
			}
		}
		out[len] = 0;
	}
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7F)
			out[i] = ' ';
	const char *t = out;
	trim(&t, &len);
	if (len == 0)
		return NULL;
	return t == out && t[len] == 0 ? out : arena_strndup(a, t, len);
}

/* Parses the digits at *s (advancing it) into *out; false when there are
 * none or the value exceeds max. */
static bool parse_uint(const char **s, const char *end, uint64_t max, uint64_t *out)
{
	const char *p = *s;
	uint64_t v = 0;
	if (p >= end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (v > max / 10 || (v == max / 10 && d > max % 10))
			return false;
		v = v * 10 + d;
		p++;
	}
	*s = p;
	*out = v;
	return true;
}

static void skip_spaces(const char **s, const char *end)
{
	while (*s < end && is_space(**s))
		(*s)++;
}

/* Case-insensitive prefix test; on a match *s moves past the prefix. */
static bool eat(const char **s, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	if ((size_t)(end - *s) < n || strncasecmp(*s, prefix, n) != 0)
		return false;
	*s += n;
	return true;
}

/* Renumbers the positive values of row[0..n) 1..m keeping their order;
 * values <= 0 become 0. scratch holds n ints. */
static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

static void densify(int16_t *row, int n, int *scratch)
{
	int m = 0;
	for (int c = 0; c < n; c++)
		if (row[c] > 0)
			scratch[m++] = row[c];
	qsort(scratch, (size_t)m, sizeof *scratch, cmp_int);
	int u = 0;
	for (int k = 0; k < m; k++)
		if (u == 0 || scratch[u - 1] != scratch[k])
			scratch[u++] = scratch[k];
	for (int c = 0; c < n; c++) {
		if (row[c] <= 0) {
			row[c] = 0;
			continue;
		}
		int key = row[c];
		int *hit = bsearch(&key, scratch, (size_t)u, sizeof *scratch, cmp_int);
		row[c] = (int16_t)(hit - scratch + 1);
	}
}

/* Appends ps->row with weight w. */
static bool add_row(parser *ps, uint64_t w)
{
	size_t n = (size_t)ps->ncand;
	if ((ps->nrows + 1) * n > BALLOTFILE_MAX_CELLS)
		return fail(ps, ps->line, "too many ballots: at most %zu ballots of %zu candidates",
			    BALLOTFILE_MAX_CELLS / n, n);
	if (ps->nrows == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 256;
		ps->v = mem_realloc(ps->v, cap * n * sizeof *ps->v);
		ps->w = mem_realloc(ps->w, cap * sizeof *ps->w);
		ps->cap = cap;
	}
	memcpy(ps->v + ps->nrows * n, ps->row, n * sizeof *ps->v);
	ps->w[ps->nrows++] = (uint32_t)w;
	ps->total += w;
	for (size_t c = 0; c < n; c++)
		if (ps->row[c] == 0)
			ps->incomplete = true;
	return true;
}

/* Checks that the names are distinct (the first repeat is refused at the
 * line that declared it). */
static bool check_names(parser *ps)
{
	for (int i = 1; i <= ps->ncand; i++)
		for (int j = 1; j < i; j++)
			if (strcmp(ps->names[i], ps->names[j]) == 0)
				return fail(ps, ps->name_line[i], "two alternatives are named \"%s\" (%d and %d)",
					    ps->names[i], j, i);
	return true;
}

static void alloc_names(parser *ps)
{
	ps->names = arena_zalloc(ps->a, (BALLOTFILE_MAX_CAND + 1) * sizeof *ps->names);
	ps->name_line = arena_zalloc(ps->a, (BALLOTFILE_MAX_CAND + 1) * sizeof *ps->name_line);
}

/* ---- Debian tally sheets ---- */

/* "   ||/  Option 3------->: Steve McIntyre": *k and the name's bytes. */
static bool debian_option(const char *s, size_t n, int *k, const char **name, size_t *name_len)
{
	const char *p = s, *end = s + n;
	while (p < end && (is_space(*p) || *p == '|' || *p == '/'))
		p++;
	if (!eat(&p, end, "Option"))
		return false;
	skip_spaces(&p, end);
	uint64_t v;
	if (!parse_uint(&p, end, 1000000, &v))
		return false;
	while (p < end && *p == '-')
		p++;
	if (!eat(&p, end, ">:"))
		return false;
	*k = (int)v;
	*name = p;
	*name_len = (size_t)(end - p);
	return true;
}

static bool parse_debian(parser *ps)
{
	const char *s;
	size_t n;
	int *scratch = NULL;
	while (next_line(ps, &s, &n)) {
		int k;
		const char *name;
		size_t name_len;
		if (debian_option(s, n, &k, &name, &name_len)) {
			if (ps->row)
				return fail(ps, ps->line, "option line after the first vote");
			if (k != ps->ncand + 1)
				return fail(ps, ps->line, "option %d where option %d was expected", k,
					    ps->ncand + 1);
			if (k > BALLOTFILE_MAX_CAND)
				return fail(ps, ps->line, "more than %d options", BALLOTFILE_MAX_CAND);
			ps->names[k] = make_name(ps->a, name, name_len);
			ps->name_line[k] = ps->line;
			if (!ps->names[k])
				return fail(ps, ps->line, "option %d has no name", k);
			ps->ncand = k;
			continue;
		}
		const char *p = s, *end = s + n;
		skip_spaces(&p, end);
		if (!eat(&p, end, "V:"))
			continue;	/* the sheet's preamble and drawing */
		if (ps->ncand == 0)
			return fail(ps, ps->line, "vote before any \"Option N--->: name\" line");
		if (!ps->row) {
			if (!check_names(ps))
				return false;
			ps->row = arena_alloc(ps->a, (size_t)ps->ncand * sizeof *ps->row);
			scratch = arena_alloc(ps->a, (size_t)ps->ncand * sizeof *scratch);
		}
		skip_spaces(&p, end);
		const char *mark = p;
		while (p < end && !is_space(*p))
			p++;
		if (p - mark != ps->ncand)
			return fail(ps, ps->line, "vote has %d marks for %d options", (int)(p - mark),
				    ps->ncand);
		for (int c = 0; c < ps->ncand; c++) {
			char m = mark[c];
			if (m == '-')
				ps->row[c] = 0;
			else if (m >= '1' && m <= '9')
				ps->row[c] = (int16_t)(m - '0');
			else if ((m | 0x20) >= 'a' && (m | 0x20) <= 'z')
				ps->row[c] = (int16_t)((m | 0x20) - 'a' + 10);
			else
				return fail(ps, ps->line,
					    "unexpected '%c' for option %d (marks are 1-9, A-Z, or '-' for unranked)",
					    (unsigned char)m >= 0x20 && (unsigned char)m < 0x7F ? m : '?', c + 1);
		}
		densify(ps->row, ps->ncand, scratch);
		if (!add_row(ps, 1))
			return false;
	}
	if (ps->ncand == 0)
		return fail(ps, 0,
			    "not a ballot file: expected a Debian tally sheet (\"Option 1--->: name\" and "
			    "\"V: 21-3\" lines) or a PrefLib file (.soc .soi .toc .toi .cat)");
	return check_names(ps);
}

/* ---- PrefLib ---- */

/* Reads one order "3,1,{2,4}" (cat: "{1,2},{},3") from [p, end) into
 * ps->row. */
static bool parse_order(parser *ps, const char *p, const char *end, bool cat)
{
	memset(ps->row, 0, (size_t)ps->ncand * sizeof *ps->row);
	skip_spaces(&p, end);
	if (p == end)
		return true;	/* an empty order: a ballot ranking nobody */
	int pos = 0;
	for (;;) {
		pos++;
		if (cat && pos > ps->ncat)
			return fail(ps, ps->line, "more than the %d categories declared", ps->ncat);
		skip_spaces(&p, end);
		bool group = p < end && *p == '{';
		int members = 0;
		if (group) {
			p++;
			skip_spaces(&p, end);
			if (p < end && *p == '}') {
				if (!cat)
					return fail(ps, ps->line, "empty tie group {} in element %d", pos);
				p++;
				goto next;
			}
		}
		for (;;) {
			skip_spaces(&p, end);
			uint64_t k;
			if (!parse_uint(&p, end, UINT32_MAX, &k))
				return fail(ps, ps->line, "expected an alternative number in element %d", pos);
			if (k < 1 || k > (uint64_t)ps->ncand)
				return fail(ps, ps->line, "alternative %llu is not declared (there are %d)",
					    (unsigned long long)k, ps->ncand);
			if (ps->row[k - 1])
				return fail(ps, ps->line, "alternative %llu appears twice",
					    (unsigned long long)k);
			ps->row[k - 1] = (int16_t)pos;
			members++;
			skip_spaces(&p, end);
			if (!group)
				break;
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			if (p < end && *p == '}') {
				p++;
				break;
			}
			return fail(ps, ps->line, "expected ',' or '}' in the group of element %d", pos);
		}
		if (!cat && members > 1)
			ps->ties = true;
next:
		skip_spaces(&p, end);
		if (p == end)
			return true;
		if (*p != ',')
			return fail(ps, ps->line, "expected ',' after element %d", pos);
		p++;
		skip_spaces(&p, end);
		if (p == end)
			return fail(ps, ps->line, "missing element after the last ','");
	}
}

/* A preference line: COUNT then sep (':' or ',') then the order. */
static bool parse_pref_line(parser *ps, const char *s, size_t n, char sep, bool cat)
{
	const char *p = s, *end = s + n;
	skip_spaces(&p, end);
	uint64_t count;
	if (!parse_uint(&p, end, UINT32_MAX, &count))
		return fail(ps, ps->line, "expected \"COUNT%c order\" (a count of 1 to 4294967295)", sep);
	if (count == 0)
		return fail(ps, ps->line, "a count of 0 voters");
	skip_spaces(&p, end);
	if (p == end || *p != sep)
		return fail(ps, ps->line, "expected '%c' after the count", sep);
	p++;
	if (!parse_order(ps, p, end, cat))
		return false;
	return add_row(ps, count);
}

/* "# ALTERNATIVE NAME 12: ..." style key with a number: 1 with *k from the
 * key, 0 when the key is another one, -1 (after fail) when the number is
 * out of 1..max. */
static int key_number(parser *ps, const char *key, size_t key_len, const char *prefix, int max, int *k)
{
	const char *p = key, *end = key + key_len;
	if (!eat(&p, end, prefix))
		return 0;
	skip_spaces(&p, end);
	uint64_t v;
	if (!parse_uint(&p, end, UINT64_MAX, &v))
		return 0;
	skip_spaces(&p, end);
	if (p != end)
		return 0;
	if (v < 1 || v > (uint64_t)max) {
		fail(ps, ps->line, "%s number %llu is out of range (1 to %d)",
		     strcmp(prefix, "CATEGORY NAME") == 0 ? "category" : "alternative", (unsigned long long)v, max);
		return -1;
	}
	*k = (int)v;
	return 1;
}

static bool key_is(const char *key, size_t key_len, const char *want)
{
	return key_len == strlen(want) && strncasecmp(key, want, key_len) == 0;
}

/* A value that must be a whole number in [0, max]. */
static bool header_uint(parser *ps, const char *val, size_t val_len, uint64_t max, const char *what,
			uint64_t *out)
{
	const char *p = val;
	if (!parse_uint(&p, val + val_len, max, out) || p != val + val_len)
		return fail(ps, ps->line, "%s must be a number from 0 to %llu", what,
			    (unsigned long long)max);
	return true;
}

/* What a PrefLib metadata header declared so far. */
typedef struct header {
	bool cat;
	int declared, max_named, max_named_line;	/* alternatives */
	int ncat_declared, max_cat, max_cat_line;	/* categories */
	const char **cats;				/* 1-based */
	uint64_t voters;
	int voters_line;
} header;

/* The header is complete (at the first preference line, or at the end of
 * a file without any): fixes the alternatives and the categories. line is
 * reported when none is declared (that of the first preference line, 0 at
 * the end). */
static bool settle(parser *ps, header *h, int line)
{
	if (h->declared >= 0 && h->max_named > h->declared)
		return fail(ps, h->max_named_line, "ALTERNATIVE NAME %d but NUMBER ALTERNATIVES is %d",
			    h->max_named, h->declared);
	ps->ncand = h->declared >= 0 ? h->declared : h->max_named;
	if (ps->ncand == 0)
		return fail(ps, line,
			    "no alternatives declared (\"# NUMBER ALTERNATIVES\" or \"# ALTERNATIVE NAME\" lines)");
	for (int c = 1; c <= ps->ncand; c++)
		if (!ps->names[c])
			ps->names[c] = arena_printf(ps->a, "%d", c);
	if (!check_names(ps))
		return false;
	if (h->cat) {
		if (h->ncat_declared >= 0 && h->max_cat > h->ncat_declared)
			return fail(ps, h->max_cat_line, "CATEGORY NAME %d but NUMBER CATEGORIES is %d",
				    h->max_cat, h->ncat_declared);
		ps->ncat = h->ncat_declared >= 0 ? h->ncat_declared : h->max_cat;
		if (ps->ncat == 0)
			return fail(ps, line, "categorical file without categories");
		for (int c = 1; c <= ps->ncat; c++)
			if (!h->cats[c])
				h->cats[c] = arena_printf(ps->a, "category %d", c);
	}
	ps->row = arena_alloc(ps->a, (size_t)ps->ncand * sizeof *ps->row);
	return true;
}

static bool parse_preflib(parser *ps, ballotfile *bf)
{
	const char *s;
	size_t n;
	header h = {.declared = -1, .ncat_declared = -1};
	h.cats = arena_zalloc(ps->a, (BALLOTFILE_MAX_CAND + 1) * sizeof *h.cats);
	bool in_header = true;
	while (next_line(ps, &s, &n)) {
		if (is_blank(s, n))
			continue;
		if (s[0] == '#') {
			if (!in_header)
				return fail(ps, ps->line, "metadata line after the first preference line");
			const char *colon = memchr(s, ':', n);
			if (!colon)
				continue;	/* a comment */
			const char *key = s + 1, *val = colon + 1;
			size_t key_len = (size_t)(colon - key), val_len = (size_t)(s + n - val);
			trim(&key, &key_len);
			trim(&val, &val_len);
			int k, alt, cat;
			uint64_t u;
			if ((alt = key_number(ps, key, key_len, "ALTERNATIVE NAME", BALLOTFILE_MAX_CAND, &k)) < 0 ||
			    (!alt && (cat = key_number(ps, key, key_len, "CATEGORY NAME", BALLOTFILE_MAX_CAND, &k)) < 0))
				return false;
			if (alt) {
				if (ps->names[k])
					return fail(ps, ps->line, "alternative %d is named twice", k);
				ps->names[k] = make_name(ps->a, val, val_len);
				ps->name_line[k] = ps->line;
				if (!ps->names[k])
					return fail(ps, ps->line, "alternative %d has an empty name", k);
				if (k > h.max_named)
					h.max_named = k, h.max_named_line = ps->line;
			} else if (cat) {
				h.cat = true;
				if (h.cats[k])
					return fail(ps, ps->line, "category %d is named twice", k);
				h.cats[k] = make_name(ps->a, val, val_len);
				if (!h.cats[k])
					return fail(ps, ps->line, "category %d has an empty name", k);
				if (k > h.max_cat)
					h.max_cat = k, h.max_cat_line = ps->line;
			} else if (key_is(key, key_len, "NUMBER ALTERNATIVES")) {
				if (!header_uint(ps, val, val_len, BALLOTFILE_MAX_CAND, "NUMBER ALTERNATIVES", &u))
					return false;
				h.declared = (int)u;
			} else if (key_is(key, key_len, "NUMBER CATEGORIES")) {
				h.cat = true;
				if (!header_uint(ps, val, val_len, BALLOTFILE_MAX_CAND, "NUMBER CATEGORIES", &u))
					return false;
				h.ncat_declared = (int)u;
			} else if (key_is(key, key_len, "NUMBER VOTERS")) {
				if (!header_uint(ps, val, val_len, UINT64_MAX, "NUMBER VOTERS", &h.voters))
					return false;
				h.voters_line = ps->line;
			} else if (key_is(key, key_len, "DATA TYPE")) {
				if (val_len == 3 && strncasecmp(val, "cat", 3) == 0)
					h.cat = true;
			} else if (key_is(key, key_len, "TITLE")) {
				bf->title = make_name(ps->a, val, val_len);
			}
			continue;
		}
		if (in_header) {
			in_header = false;
			if (!settle(ps, &h, ps->line))
				return false;
		}
		if (!parse_pref_line(ps, s, n, ':', h.cat))
			return false;
	}
	if (in_header && !settle(ps, &h, 0))
		return false;	/* metadata only: no ballot, which is allowed */
	if (h.voters_line && h.voters != ps->total)
		return fail(ps, h.voters_line, "NUMBER VOTERS is %llu but the counts add up to %llu",
			    (unsigned long long)h.voters, (unsigned long long)ps->total);
	ps->cats = h.cats;
	bf->format = h.cat ? BALLOTFILE_CAT : ps->ties ? (ps->incomplete ? BALLOTFILE_TOI : BALLOTFILE_TOC)
						     : (ps->incomplete ? BALLOTFILE_SOI : BALLOTFILE_SOC);
	return true;
}

/* The older numeric header: "4", "1,Name"..., "475,475,31", then COUNT,order. */
static bool parse_preflib_numeric(parser *ps, ballotfile *bf)
{
	const char *s;
	size_t n;
	int stage = 0, named = 0, sum_line = 0;
	uint64_t sum = 0;
	while (next_line(ps, &s, &n)) {
		if (is_blank(s, n))
			continue;
		const char *p = s, *end = s + n;
		uint64_t v;
		skip_spaces(&p, end);
		if (stage == 0) {
			if (!parse_uint(&p, end, BALLOTFILE_MAX_CAND, &v) || v == 0 || (skip_spaces(&p, end), p != end))
				return fail(ps, ps->line, "expected the number of alternatives, 1 to %d",
					    BALLOTFILE_MAX_CAND);
			ps->ncand = (int)v;
			stage = 1;
		} else if (stage == 1) {
			if (!parse_uint(&p, end, (uint64_t)ps->ncand, &v) || v == 0 ||
			    (skip_spaces(&p, end), p == end || *p != ','))
				return fail(ps, ps->line, "expected \"NUMBER,name\" for an alternative from 1 to %d",
					    ps->ncand);
			p++;
			int k = (int)v;
			if (ps->names[k])
				return fail(ps, ps->line, "alternative %d is named twice", k);
			ps->names[k] = make_name(ps->a, p, (size_t)(end - p));
			ps->name_line[k] = ps->line;
			if (!ps->names[k])
				return fail(ps, ps->line, "alternative %d has an empty name", k);
			if (++named == ps->ncand) {
				if (!check_names(ps))
					return false;
				stage = 2;
			}
		} else if (stage == 2) {
			uint64_t unique;
			bool ok = parse_uint(&p, end, UINT64_MAX, &v);
			skip_spaces(&p, end);
			ok = ok && p < end && *p++ == ',';
			skip_spaces(&p, end);
			ok = ok && parse_uint(&p, end, UINT64_MAX, &sum);
			skip_spaces(&p, end);
			ok = ok && p < end && *p++ == ',';
			skip_spaces(&p, end);
			ok = ok && parse_uint(&p, end, UINT64_MAX, &unique);
			skip_spaces(&p, end);
			if (!ok || p != end)
				return fail(ps, ps->line, "expected \"VOTERS,SUM OF COUNTS,UNIQUE ORDERS\"");
			sum_line = ps->line;
			ps->row = arena_alloc(ps->a, (size_t)ps->ncand * sizeof *ps->row);
			stage = 3;
		} else if (!parse_pref_line(ps, s, n, ',', false)) {
			return false;
		}
	}
	if (stage < 3)
		return fail(ps, 0, "file ends inside the header (%s)",
			    stage == 1 ? "alternatives missing" : "the \"VOTERS,SUM,UNIQUE\" line is missing");
	if (sum != ps->total)
		return fail(ps, sum_line, "the header's sum of counts is %llu but the counts add up to %llu",
			    (unsigned long long)sum, (unsigned long long)ps->total);
	bf->numeric_header = true;
	bf->format = ps->ties ? (ps->incomplete ? BALLOTFILE_TOI : BALLOTFILE_TOC)
			      : (ps->incomplete ? BALLOTFILE_SOI : BALLOTFILE_SOC);
	return true;
}

static void free_rows(void *p)
{
	free(p);
}

ballotfile *ballotfile_parse(arena *a, const char *data, size_t len, ballotfile_error *err)
{
	err->line = 0;
	err->msg[0] = 0;
	parser ps = {.a = a, .p = data, .end = data + len, .err = err};
	ballotfile *bf = arena_zalloc(a, sizeof *bf);
	const char *nul = memchr(data, 0, len);
	if (nul) {
		int line = 1;
		for (const char *q = data; q < nul; q++)
			line += *q == '\n';
		fail(&ps, line, "NUL byte: not a text file");
		return NULL;
	}
	alloc_names(&ps);
	/* the first non-blank line tells the layout */
	const char *s = NULL;
	size_t n = 0;
	parser peek = ps;
	while (next_line(&peek, &s, &n) && is_blank(s, n))
		;
	bool ok;
	if (!s || is_blank(s, n)) {
		ok = fail(&ps, 0, "empty file");
	} else {
		const char *p = s, *end = s + n;
		skip_spaces(&p, end);
		const char *digits = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		bool bare_number = p > digits && (skip_spaces(&p, end), p == end);
		if (s[0] == '#')
			ok = parse_preflib(&ps, bf);
		else if (bare_number)
			ok = parse_preflib_numeric(&ps, bf);
		else
			ok = parse_debian(&ps);	/* bf->format stays BALLOTFILE_DEBIAN */
	}
	if (!ok) {
		free(ps.v);
		free(ps.w);
		return NULL;
	}
	if (ps.v)
		arena_defer(a, free_rows, ps.v);
	bf->ncand = ps.ncand;
	bf->names = ps.names + 1;
	if (bf->format == BALLOTFILE_CAT) {
		bf->ncat = ps.ncat;
		bf->categories = ps.cats + 1;
	}
	bf->ballots.ncand = ps.ncand;
	bf->ballots.nrows = ps.nrows;
	bf->ballots.v = ps.v;
	if (bf->format == BALLOTFILE_DEBIAN) {
		free(ps.w);	/* every line is one voter */
		bf->ballots.weight = NULL;
	} else {
		/* never NULL, even without rows: NULL would mean "weight 1" */
		bf->ballots.weight = ps.w ? ps.w : arena_zalloc(a, sizeof *ps.w);
		if (ps.w)
			arena_defer(a, free_rows, ps.w);
	}
	return bf;
}

const char *ballotfile_format_name(ballotfile_format f)
{
	static const char *const names[] = {
		[BALLOTFILE_DEBIAN] = "debian", [BALLOTFILE_SOC] = "soc", [BALLOTFILE_SOI] = "soi",
		[BALLOTFILE_TOC] = "toc",	[BALLOTFILE_TOI] = "toi", [BALLOTFILE_CAT] = "cat",
	};
	if ((unsigned)f >= sizeof names / sizeof names[0])
		return NULL;
	return names[f];
}

/* ---- writing ---- */

typedef struct order_ctx {
	const int16_t *rows;	/* dense ranks, nrows × n */
	size_t n;
	const uint64_t *count;	/* per merged order, for the second sort */
} order_ctx;

static int cmp_rows(const order_ctx *c, size_t i, size_t j)
{
	const int16_t *a = c->rows + i * c->n, *b = c->rows + j * c->n;
	for (size_t k = 0; k < c->n; k++)
		if (a[k] != b[k])
			return a[k] < b[k] ? -1 : 1;
	return 0;
}

/* Larger count first, then by order. */
static int cmp_lines(const order_ctx *c, size_t i, size_t j)
{
	if (c->count[i] != c->count[j])
		return c->count[i] > c->count[j] ? -1 : 1;
	return cmp_rows(c, i, j);
}

/* Stable merge sort of idx[0..n) (tmp holds n) by cmp. */
static void sort_idx(size_t *idx, size_t *tmp, size_t n, const order_ctx *c,
		     int (*cmp)(const order_ctx *, size_t, size_t))
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	sort_idx(idx, tmp, h, c, cmp);
	sort_idx(idx + h, tmp, n - h, c, cmp);
	while (i < h && j < n)
		tmp[k++] = cmp(c, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, n * sizeof *idx);
}

/* Appends s with newlines as spaces. */
static void put_line_text(buf *out, const char *s)
{
	for (; s && *s; s++)
		buf_putc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
}

ballotfile_format ballotfile_write_preflib(buf *out, const char *title, const char *date, int ncand,
					   const char *const *names, const tally_ballots *b)
{
	size_t n = (size_t)ncand, nrows = b->nrows;
	int16_t *rows = mem_alloc((nrows ? nrows : 1) * (n ? n : 1) * sizeof *rows);
	int *scratch = mem_alloc((n ? n : 1) * sizeof *scratch);
	bool ties = false, incomplete = false;
	for (size_t r = 0; r < nrows; r++) {
		int16_t *row = rows + r * n;
		memcpy(row, b->v + r * n, n * sizeof *row);
		densify(row, ncand, scratch);
		int max_rank = 0, ranked = 0;
		for (size_t c = 0; c < n; c++) {
			ranked += row[c] > 0;
			if (row[c] > max_rank)
				max_rank = row[c];
		}
		if (ranked < ncand)
			incomplete = true;
		if (max_rank < ranked)
			ties = true;	/* dense: fewer ranks than ranked candidates */
	}
	/* merge identical orders */
	size_t *idx = mem_alloc((nrows ? nrows : 1) * sizeof *idx);
	size_t *tmp = mem_alloc((nrows ? nrows : 1) * sizeof *tmp);
	for (size_t r = 0; r < nrows; r++)
		idx[r] = r;
	order_ctx ctx = {rows, n, NULL};
	sort_idx(idx, tmp, nrows, &ctx, cmp_rows);
	uint64_t *count = mem_calloc(nrows ? nrows : 1, sizeof *count);
	size_t *line = mem_alloc((nrows ? nrows : 1) * sizeof *line);
	size_t nlines = 0;
	uint64_t voters = 0;
	for (size_t k = 0; k < nrows; k++) {
		size_t r = idx[k];
		uint64_t w = b->weight ? b->weight[r] : 1;
		if (w == 0)
			continue;
		voters += w;
		if (nlines && cmp_rows(&ctx, line[nlines - 1], r) == 0) {
			count[line[nlines - 1]] += w;
		} else {
			line[nlines++] = r;
			count[r] = w;
		}
	}
	ctx.count = count;
	sort_idx(line, tmp, nlines, &ctx, cmp_lines);
	ballotfile_format f = ties ? (incomplete ? BALLOTFILE_TOI : BALLOTFILE_TOC)
				   : (incomplete ? BALLOTFILE_SOI : BALLOTFILE_SOC);
	const char *type = ballotfile_format_name(f);
	buf_printf(out, "# FILE NAME: \n# TITLE: ");
	put_line_text(out, title);
	buf_printf(out, "\n# DESCRIPTION: \n# DATA TYPE: %s\n# MODIFICATION TYPE: original\n"
			"# RELATES TO: \n# RELATED FILES: \n",
		   type);
	buf_puts(out, "# PUBLICATION DATE: ");
	put_line_text(out, date);
	buf_puts(out, "\n# MODIFICATION DATE: ");
	put_line_text(out, date);
	buf_printf(out, "\n# NUMBER ALTERNATIVES: %d\n# NUMBER VOTERS: %llu\n# NUMBER UNIQUE ORDERS: %zu\n",
		   ncand, (unsigned long long)voters, nlines);
	for (int c = 0; c < ncand; c++) {
		buf_printf(out, "# ALTERNATIVE NAME %d: ", c + 1);
		put_line_text(out, names[c]);
		buf_putc(out, '\n');
	}
	for (size_t k = 0; k < nlines; k++) {
		const int16_t *row = rows + line[k] * n;
		buf_printf(out, "%llu:", (unsigned long long)count[line[k]]);
		int max_rank = 0;
		for (size_t c = 0; c < n; c++)
			if (row[c] > max_rank)
				max_rank = row[c];
		for (int rank = 1; rank <= max_rank; rank++) {
			int members = 0;
			for (size_t c = 0; c < n; c++)
				members += row[c] == rank;
			buf_puts(out, rank == 1 ? " " : ",");
			if (members > 1)
				buf_putc(out, '{');
			bool first = true;
			for (size_t c = 0; c < n; c++) {
				if (row[c] != rank)
					continue;
				buf_printf(out, first ? "%zu" : ",%zu", c + 1);
				first = false;
			}
			if (members > 1)
				buf_putc(out, '}');
		}
		buf_putc(out, '\n');
	}
	free(line);
	free(count);
	free(tmp);
	free(idx);
	free(scratch);
	free(rows);
	return f;
}
