/*
 * polis.c — reads and writes Pol.is' conversation export (polis.h).
 *
 * Reading goes file by file through the CSV reader (csv.h): comments.csv
 * first (it names the comments every vote must refer to), then
 * participants-votes.csv, then votes.csv. Each file's header is mapped to
 * the columns this module knows; every row is checked field by field and
 * the first problem stops the parse with a message naming the file, the
 * line and the column. Votes are gathered raw, then sorted by (voter,
 * comment, timestamp, row) so that the last of each pair is the one kept.
 * CSV records are read into a scratch arena emptied every few thousand
 * rows, so memory stays proportional to what is kept, not to the text.
 *
 * Not for: deciding what the votes mean (engines/opinion.h does), or I/O.
 */
#include "polis.h"

#include "csv.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char F_VOTES[] = "votes.csv";
static const char F_COMMENTS[] = "comments.csv";
static const char F_PV[] = "participants-votes.csv";

/* The scratch arena is emptied before a row once it holds about this many
 * bytes (text read plus a field's bookkeeping), so that a file of very wide
 * rows does not pile up. */
#define SCRATCH_BYTES ((size_t)4 << 20)

/* ---- errors ---- */

typedef struct perr {
	char *buf;
	size_t len;
} perr;

static int fail(perr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the message into the caller's buffer; returns -1. */
static int fail(perr *e, const char *fmt, ...)
{
	if (e->buf && e->len) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->buf, e->len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A field quoted for a message: at most 40 bytes, cut on a character
 * boundary, control characters shown as '?'. */
static const char *shown(const char *s, char out[64])
{
	size_t n = 0, i = 0;
	while (s[i] && n < 40) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (n + k > 40)
			break;
		for (size_t j = 0; j < k && s[i]; j++, i++)
			out[n++] = (c < 0x20 || c == 0x7F) ? '?' : s[i];
	}
	if (s[i]) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = 0;
	return out;
}

/* ---- strict numbers ---- */

/* A decimal integer from 0 to INT64_MAX: digits only, no leading zero
 * (except "0" itself), no sign, no spaces. */
static bool parse_id(const char *s, int64_t *out)
{
	if (!*s || (s[0] == '0' && s[1]))
		return false;
	uint64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		uint64_t d = (uint64_t)(*p - '0');
		if (v > ((uint64_t)INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = (int64_t)v;
	return true;
}

/* 1, -1 or 0; empty allowed when empty_ok (then *out = 2). */
static bool parse_vote(const char *s, bool empty_ok, int *out)
{
	if (!*s && empty_ok)
		*out = 2;
	else if (strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "-1") == 0)
		*out = -1;
	else if (strcmp(s, "0") == 0)
		*out = 0;
	else
		return false;
	return true;
}

static bool parse_bool(const char *s, int *out)
{
	if (!*s || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else
		return false;
	return true;
}

/* A finite decimal number: [-]digits[.digits][e[+-]digits], nothing else
 * (no spaces, "inf", "nan" or hexadecimal, which strtod would take). */
static bool parse_real(const char *s, double *out)
{
	const char *p = s;
	if (*p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p || p - s > 64)
		return false;
	char *end;
	double v = strtod(s, &end);
	if (*end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* ---- an int64 -> int32 hash map (comment ids, pv participants) ---- */

typedef struct idmap {
	int64_t *key;
	int32_t *val;	/* -1: empty slot */
	size_t mask;
} idmap;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	return x;
}

/* A map for up to n keys (heap memory, released by idmap_free). */
static void idmap_init(idmap *m, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	m->key = mem_alloc(cap * sizeof *m->key);
	m->val = mem_alloc(cap * sizeof *m->val);
	memset(m->val, 0xFF, cap * sizeof *m->val);
	m->mask = cap - 1;
}

static void idmap_free(idmap *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof *m);
}

/* The slot of key: where it is, or the empty one where it would go. */
static size_t idmap_slot(const idmap *m, int64_t key)
{
	size_t i = (size_t)mix((uint64_t)key) & m->mask;
	while (m->val[i] >= 0 && m->key[i] != key)
		i = (i + 1) & m->mask;
	return i;
}

static int32_t idmap_get(const idmap *m, int64_t key)
{
	return m->val[idmap_slot(m, key)];
}

/* Adds key -> val unless present; returns the value already there, or -1. */
static int32_t idmap_put(idmap *m, int64_t key, int32_t val)
{
	size_t i = idmap_slot(m, key);
	if (m->val[i] >= 0)
		return m->val[i];
	m->key[i] = key;
	m->val[i] = val;
	return -1;
}

/* Grows an idmap when it holds n keys and would pass half full. */
static void idmap_reserve(idmap *m, size_t n)
{
	if (2 * (n + 1) <= m->mask + 1)
		return;
	idmap old = *m;
	idmap_init(m, 2 * (n + 1));
	for (size_t i = 0; i <= old.mask; i++)
		if (old.val[i] >= 0)
			idmap_put(m, old.key[i], old.val[i]);
	idmap_free(&old);
}

/* ---- reading one file ---- */

/* A column this module knows: its header name and where it was found. */
typedef struct column {
	const char *name;
	bool required;
	int at;	/* field index, -1 if absent */
} column;

typedef struct file_reader {
	const char *file;	/* file name for messages */
	csv_reader csv;
	arena *head;		/* the header record */
	arena *scratch;		/* rows, emptied every SCRATCH_BYTES or so */
	size_t used;		/* about what scratch holds */
	csv_record header;
	csv_record rec;
} file_reader;

static void reader_close(file_reader *r)
{
	arena_free(r->head);
	arena_free(r->scratch);
	r->head = r->scratch = NULL;
}

/* Opens text and reads its header; finds the columns of cols (n of them).
 * A known column named twice is an error; other repeated names are not
 * (they are ignored anyway). On an error, the caller still closes r. */
static int reader_open(file_reader *r, const char *file, const char *text, size_t len, column *cols,
		       int n, size_t max_fields, perr *e)
{
	memset(r, 0, sizeof *r);
	r->file = file;
	csv_init(&r->csv, text, len);
	r->csv.max_fields = max_fields;
	r->head = arena_new();
	r->scratch = arena_new();
	csv_rc rc = csv_next(&r->csv, r->head, &r->header);
	if (rc == CSV_ERROR)
		return fail(e, "%s, line %ld: %s", file, r->csv.error_line, r->csv.error);
	if (rc == CSV_END)
		return fail(e, "%s: the file is empty; expected a header line", file);
	for (int k = 0; k < n; k++)
		cols[k].at = -1;
	for (size_t i = 0; i < r->header.nfields; i++)
		for (int k = 0; k < n; k++) {
			if (strcmp(r->header.field[i], cols[k].name) != 0)
				continue;
			if (cols[k].at >= 0)
				return fail(e, "%s, line %ld, column %zu: a second '%s' column (the first is column %d)",
					    file, r->header.line, i + 1, cols[k].name, cols[k].at + 1);
			cols[k].at = (int)i;
		}
	for (int k = 0; k < n; k++)
		if (cols[k].required && cols[k].at < 0)
			return fail(e, "%s, line %ld: no '%s' column in the header", file, r->header.line,
				    cols[k].name);
	return 0;
}

/* Reads the next row into r->rec: 1, 0 at the end, -1 on an error. */
static int reader_next(file_reader *r, perr *e)
{
	if (r->used > SCRATCH_BYTES) {
		arena_free(r->scratch);
		r->scratch = arena_new();
		r->used = 0;
	}
	size_t from = r->csv.pos;
	csv_rc rc = csv_next(&r->csv, r->scratch, &r->rec);
	if (rc == CSV_ERROR)
		return fail(e, "%s, line %ld: %s", r->file, r->csv.error_line, r->csv.error);
	if (rc == CSV_END)
		return 0;
	r->used += (r->csv.pos - from) + 32 * r->rec.nfields;
	if (r->rec.nfields != r->header.nfields)
		return fail(e, "%s, line %ld: %zu field%s where the header has %zu", r->file, r->rec.line,
			    r->rec.nfields, r->rec.nfields == 1 ? "" : "s", r->header.nfields);
	return 1;
}

/* The value of a known column in the current row ("" if absent). */
static const char *cell(const file_reader *r, const column *c)
{
	return c->at >= 0 ? r->rec.field[c->at] : "";
}

/* "FILE, line L, column C (NAME): \"VALUE\" WHAT" */
static int bad_cell(perr *e, const file_reader *r, const column *c, const char *what)
{
	char s[64];
	return fail(e, "%s, line %ld, column %d (%s): \"%s\" %s", r->file, r->rec.line, c->at + 1, c->name,
		    shown(cell(r, c), s), what);
}

/* ---- raw votes ---- */

typedef struct raw_vote {
	int64_t voter;
	int64_t time;
	size_t pos;	/* order of reading, the last tie-break */
	int32_t comment;
	int8_t value;
} raw_vote;

typedef struct raw_votes {
	raw_vote *v;
	size_t n, cap;
} raw_votes;

static void raw_push(raw_votes *rv, raw_vote v)
{
	if (rv->n == rv->cap) {
		rv->cap = rv->cap ? 2 * rv->cap : 1024;
		rv->v = mem_realloc(rv->v, rv->cap * sizeof *rv->v);
	}
	rv->v[rv->n++] = v;
}

static int cmp_raw(const void *pa, const void *pb)
{
	const raw_vote *a = pa, *b = pb;
	if (a->voter != b->voter)
		return a->voter < b->voter ? -1 : 1;
	if (a->comment != b->comment)
		return a->comment < b->comment ? -1 : 1;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int cmp_i64(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
	return a < b ? -1 : a > b;
}

/* Index of id in the ascending ids[0..n), or -1. */
static int32_t find_id(const int64_t *ids, int n, int64_t id)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? lo : -1;
}

/* ---- the three files ---- */

typedef struct parse_state {
	arena *a;
	polis_data *d;
	perr *e;
	idmap comments;		/* comment id -> index */
	raw_votes votes;
	/* participants-votes.csv rows */
	int64_t *pv_id;
	int *pv_group;
	int npv, cappv;
} parse_state;

enum { C_TIME, C_ID, C_AUTHOR, C_AGREES, C_DISAGREES, C_MOD, C_META, C_SEED, C_GIC, C_BODY, C_N };

static int read_comments(parse_state *st, const char *text, size_t len)
{
	column cols[C_N] = {
		[C_TIME] = {"timestamp", false, -1},	[C_ID] = {"comment-id", true, -1},
		[C_AUTHOR] = {"author-id", false, -1},	[C_AGREES] = {"agrees", false, -1},
		[C_DISAGREES] = {"disagrees", false, -1}, [C_MOD] = {"moderated", false, -1},
		[C_META] = {"is-meta", false, -1},	[C_SEED] = {"is-seed", false, -1},
		[C_GIC] = {"group-informed-consensus", false, -1}, [C_BODY] = {"comment-body", true, -1},
	};
	file_reader r;
	perr *e = st->e;
	int rc = reader_open(&r, F_COMMENTS, text, len, cols, C_N, 10000, e);
	polis_comment *c = NULL;
	int n = 0, cap = 0;
	idmap_init(&st->comments, 64);
	while (rc == 0 && (rc = reader_next(&r, e)) == 1) {
		rc = 0;
		if (n == POLIS_MAX_COMMENTS) {
			rc = fail(e, "%s, line %ld: more than %d comments", r.file, r.rec.line, POLIS_MAX_COMMENTS);
			break;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			c = mem_realloc(c, (size_t)cap * sizeof *c);
		}
		polis_comment *pc = &c[n];
		memset(pc, 0, sizeof *pc);
		pc->author = -1;
		pc->gic = NAN;
		int64_t v;
		const char *s;
		if (!parse_id(cell(&r, &cols[C_ID]), &pc->id)) {
			rc = bad_cell(e, &r, &cols[C_ID], "is not a comment id (a whole number, 0 or more)");
			break;
		}
		idmap_reserve(&st->comments, (size_t)n);
		int32_t before = idmap_put(&st->comments, pc->id, n);
		if (before >= 0) {
			rc = bad_cell(e, &r, &cols[C_ID], "is already the id of an earlier comment");
			break;
		}
		s = cell(&r, &cols[C_TIME]);
		if (*s && !parse_id(s, &pc->timestamp)) {
			rc = bad_cell(e, &r, &cols[C_TIME], "is not a timestamp (milliseconds since 1970)");
			break;
		}
		s = cell(&r, &cols[C_AUTHOR]);
		if (*s && !parse_id(s, &pc->author)) {
			rc = bad_cell(e, &r, &cols[C_AUTHOR], "is not a participant id (a whole number, 0 or more)");
			break;
		}
		s = cell(&r, &cols[C_AGREES]);
		if (*s && !parse_id(s, &v)) {
			rc = bad_cell(e, &r, &cols[C_AGREES], "is not a count (a whole number, 0 or more)");
			break;
		}
		s = cell(&r, &cols[C_DISAGREES]);
		if (*s && !parse_id(s, &v)) {
			rc = bad_cell(e, &r, &cols[C_DISAGREES], "is not a count (a whole number, 0 or more)");
			break;
		}
		int mod = 0;
		s = cell(&r, &cols[C_MOD]);
		if (*s && !parse_vote(s, false, &mod)) {
			rc = bad_cell(e, &r, &cols[C_MOD], "is not a moderation state: 1 accepted, 0 not yet, -1 moderated out");
			break;
		}
		pc->moderated = mod;
		if (!parse_bool(cell(&r, &cols[C_META]), &pc->is_meta)) {
			rc = bad_cell(e, &r, &cols[C_META], "is not true or false");
			break;
		}
		if (!parse_bool(cell(&r, &cols[C_SEED]), &pc->is_seed)) {
			rc = bad_cell(e, &r, &cols[C_SEED], "is not true or false");
			break;
		}
		s = cell(&r, &cols[C_GIC]);
		if (*s && !parse_real(s, &pc->gic)) {
			rc = bad_cell(e, &r, &cols[C_GIC], "is not a number");
			break;
		}
		pc->body = arena_strdup(st->a, cell(&r, &cols[C_BODY]));
		n++;
	}
	if (rc == 0) {
		st->d->ncomments = n;
		st->d->comments = arena_alloc(st->a, (size_t)(n ? n : 1) * sizeof *c);
		if (n)
			memcpy(st->d->comments, c, (size_t)n * sizeof *c);
	}
	free(c);
	reader_close(&r);
	return rc;
}

enum { P_PART, P_GROUP, P_NCOMM, P_NVOTES, P_NAGREE, P_NDIS, P_N };

static int read_pv(parse_state *st, const char *text, size_t len, bool take_votes)
{
	column cols[P_N] = {
		[P_PART] = {"participant", true, -1},	[P_GROUP] = {"group-id", true, -1},
		[P_NCOMM] = {"n-comments", false, -1},	[P_NVOTES] = {"n-votes", false, -1},
		[P_NAGREE] = {"n-agree", false, -1},	[P_NDIS] = {"n-disagree", false, -1},
	};
	file_reader r;
	perr *e = st->e;
	int rc = reader_open(&r, F_PV, text, len, cols, P_N, POLIS_MAX_COMMENTS + 64, e);
	int32_t *col_comment = NULL;	/* per field: comment index, or -1 */
	idmap rows = {0};
	idmap_init(&rows, 64);
	if (rc == 0) {
		size_t nf = r.header.nfields;
		col_comment = mem_alloc(nf * sizeof *col_comment);
		uint8_t *seen = mem_calloc((size_t)st->d->ncomments + 1, 1);
		for (size_t i = 0; i < nf && rc == 0; i++) {
			col_comment[i] = -1;
			int64_t id;
			bool known = false;
			for (int k = 0; k < P_N; k++)
				known |= cols[k].at == (int)i;
			if (known || !parse_id(r.header.field[i], &id))
				continue;	/* xid and other columns: ignored */
			int32_t ci = idmap_get(&st->comments, id);
			if (ci < 0)
				rc = fail(e, "%s, line %ld, column %zu: comment %lld is not in %s", r.file,
					  r.header.line, i + 1, (long long)id, F_COMMENTS);
			else if (seen[ci])
				rc = fail(e, "%s, line %ld, column %zu: a second column for comment %lld", r.file,
					  r.header.line, i + 1, (long long)id);
			else
				seen[ci] = 1, col_comment[i] = ci;
		}
		free(seen);
	}
	size_t ncells = 0;
	while (rc == 0 && (rc = reader_next(&r, e)) == 1) {
		rc = 0;
		int64_t id, v;
		if (!parse_id(cell(&r, &cols[P_PART]), &id)) {
			rc = bad_cell(e, &r, &cols[P_PART], "is not a participant id (a whole number, 0 or more)");
			break;
		}
		if (st->npv == POLIS_MAX_PARTICIPANTS) {
			rc = fail(e, "%s, line %ld: more than %d participants", r.file, r.rec.line,
				  POLIS_MAX_PARTICIPANTS);
			break;
		}
		idmap_reserve(&rows, (size_t)st->npv);
		if (idmap_put(&rows, id, st->npv) >= 0) {
			rc = bad_cell(e, &r, &cols[P_PART], "already has a row");
			break;
		}
		int group = -1;
		const char *s = cell(&r, &cols[P_GROUP]);
		if (*s) {
			if (!parse_id(s, &v) || v > POLIS_MAX_GROUP) {
				rc = bad_cell(e, &r, &cols[P_GROUP], "is not a group id (a whole number from 0 to 999999, or empty)");
				break;
			}
			group = (int)v;
		}
		for (int k = P_NCOMM; k <= P_NDIS && rc == 0; k++) {
			s = cell(&r, &cols[k]);
			if (*s && !parse_id(s, &v))
				rc = bad_cell(e, &r, &cols[k], "is not a count (a whole number, 0 or more)");
		}
		if (rc)
			break;
		for (size_t i = 0; i < r.rec.nfields; i++) {
			if (col_comment[i] < 0)
				continue;
			int x;
			if (!parse_vote(r.rec.field[i], true, &x)) {
				char sv[64];
				rc = fail(e, "%s, line %ld, column %zu (comment %s): \"%s\" is not a vote: 1 agree, -1 disagree, 0 pass, or empty",
					  r.file, r.rec.line, i + 1, r.header.field[i], shown(r.rec.field[i], sv));
				break;
			}
			if (x == 2)
				continue;
			if (++ncells > POLIS_MAX_VOTES) {
				rc = fail(e, "%s, line %ld: more than %d votes", r.file, r.rec.line, POLIS_MAX_VOTES);
				break;
			}
			if (take_votes)
				raw_push(&st->votes, (raw_vote){.voter = id, .time = 0, .pos = st->votes.n,
								.comment = col_comment[i], .value = (int8_t)x});
		}
		if (rc)
			break;
		if (st->npv == st->cappv) {
			st->cappv = st->cappv ? 2 * st->cappv : 64;
			st->pv_id = mem_realloc(st->pv_id, (size_t)st->cappv * sizeof *st->pv_id);
			st->pv_group = mem_realloc(st->pv_group, (size_t)st->cappv * sizeof *st->pv_group);
		}
		st->pv_id[st->npv] = id;
		st->pv_group[st->npv] = group;
		st->npv++;
	}
	free(col_comment);
	idmap_free(&rows);
	reader_close(&r);
	return rc;
}

enum { V_TIME, V_COMMENT, V_VOTER, V_VOTE, V_N };

static int read_votes(parse_state *st, const char *text, size_t len)
{
	column cols[V_N] = {
		[V_TIME] = {"timestamp", false, -1},
		[V_COMMENT] = {"comment-id", true, -1},
		[V_VOTER] = {"voter-id", true, -1},
		[V_VOTE] = {"vote", true, -1},
	};
	file_reader r;
	perr *e = st->e;
	int rc = reader_open(&r, F_VOTES, text, len, cols, V_N, 10000, e);
	while (rc == 0 && (rc = reader_next(&r, e)) == 1) {
		rc = 0;
		raw_vote v = {.pos = st->votes.n};
		int64_t cid;
		int x;
		if (st->votes.n == POLIS_MAX_VOTES) {
			rc = fail(e, "%s, line %ld: more than %d votes", r.file, r.rec.line, POLIS_MAX_VOTES);
			break;
		}
		const char *s = cell(&r, &cols[V_TIME]);
		if (*s && !parse_id(s, &v.time)) {
			rc = bad_cell(e, &r, &cols[V_TIME], "is not a timestamp (milliseconds since 1970)");
			break;
		}
		if (!parse_id(cell(&r, &cols[V_COMMENT]), &cid)) {
			rc = bad_cell(e, &r, &cols[V_COMMENT], "is not a comment id (a whole number, 0 or more)");
			break;
		}
		int32_t ci = idmap_get(&st->comments, cid);
		if (ci < 0) {
			char msg[96];
			snprintf(msg, sizeof msg, "is not the id of a comment of %s", F_COMMENTS);
			rc = bad_cell(e, &r, &cols[V_COMMENT], msg);
			break;
		}
		v.comment = ci;
		if (!parse_id(cell(&r, &cols[V_VOTER]), &v.voter)) {
			rc = bad_cell(e, &r, &cols[V_VOTER], "is not a participant id (a whole number, 0 or more)");
			break;
		}
		if (!parse_vote(cell(&r, &cols[V_VOTE]), false, &x)) {
			rc = bad_cell(e, &r, &cols[V_VOTE], "is not a vote: 1 agree, -1 disagree, 0 pass");
			break;
		}
		v.value = (int8_t)x;
		raw_push(&st->votes, v);
	}
	reader_close(&r);
	return rc;
}

/* Builds the participant list and the deduplicated votes from st. */
static int finish(parse_state *st, bool have_pv)
{
	polis_data *d = st->d;
	raw_votes *rv = &st->votes;
	if (rv->n > 1)
		qsort(rv->v, rv->n, sizeof *rv->v, cmp_raw);

	/* participants: every voter and every row of participants-votes.csv */
	size_t nid = st->npv;
	for (size_t i = 0; i < rv->n; i++)
		if (i == 0 || rv->v[i].voter != rv->v[i - 1].voter)
			nid++;
	int64_t *ids = mem_alloc((nid ? nid : 1) * sizeof *ids);
	size_t k = 0;
	for (size_t i = 0; i < rv->n; i++)
		if (i == 0 || rv->v[i].voter != rv->v[i - 1].voter)
			ids[k++] = rv->v[i].voter;
	for (int i = 0; i < st->npv; i++)
		ids[k++] = st->pv_id[i];
	if (k > 1)
		qsort(ids, k, sizeof *ids, cmp_i64);
	size_t np = 0;
	for (size_t i = 0; i < k; i++)
		if (np == 0 || ids[i] != ids[np - 1])
			ids[np++] = ids[i];
	if (np > POLIS_MAX_PARTICIPANTS) {
		free(ids);
		return fail(st->e, "%s: more than %d participants", have_pv && !rv->n ? F_PV : F_VOTES,
			    POLIS_MAX_PARTICIPANTS);
	}
	d->nparticipants = (int)np;
	d->participant_id = arena_alloc(st->a, (np ? np : 1) * sizeof *ids);
	if (np)
		memcpy(d->participant_id, ids, np * sizeof *ids);
	free(ids);
	if (have_pv) {
		d->published_group = arena_alloc(st->a, (np ? np : 1) * sizeof *d->published_group);
		for (size_t i = 0; i < np; i++)
			d->published_group[i] = -1;
		for (int i = 0; i < st->npv; i++)
			d->published_group[find_id(d->participant_id, (int)np, st->pv_id[i])] = st->pv_group[i];
	}

	/* votes: the last of each (voter, comment) run, in sorted order */
	size_t nv = 0;
	for (size_t i = 0; i < rv->n; i++)
		if (i + 1 == rv->n || rv->v[i + 1].voter != rv->v[i].voter ||
		    rv->v[i + 1].comment != rv->v[i].comment)
			nv++;
	size_t m = nv ? nv : 1;
	d->nvotes = nv;
	d->vote_participant = arena_alloc(st->a, m * sizeof *d->vote_participant);
	d->vote_comment = arena_alloc(st->a, m * sizeof *d->vote_comment);
	d->vote_value = arena_alloc(st->a, m * sizeof *d->vote_value);
	d->vote_time = arena_alloc(st->a, m * sizeof *d->vote_time);
	size_t out = 0;
	int32_t p = 0;
	for (size_t i = 0; i < rv->n; i++) {
		const raw_vote *v = &rv->v[i];
		if (!(i + 1 == rv->n || rv->v[i + 1].voter != v->voter || rv->v[i + 1].comment != v->comment))
			continue;
		while (d->participant_id[p] != v->voter)
			p++;	/* both ascending; every voter is listed */
		d->vote_participant[out] = p;
		d->vote_comment[out] = v->comment;
		d->vote_value[out] = v->value;
		d->vote_time[out] = v->time;
		out++;
	}
	assert(out == nv);
	return 0;
}

int polis_parse(arena *a, const char *votes, size_t votes_len, const char *comments, size_t comments_len,
		const char *pv, size_t pv_len, polis_data *out, char *err, size_t errlen)
{
	perr e = {err, errlen};
	if (err && errlen)
		err[0] = 0;
	memset(out, 0, sizeof *out);
	if (!comments)
		return fail(&e, "%s is required", F_COMMENTS);
	if (!votes && !pv)
		return fail(&e, "neither %s nor %s was given; one of them holds the votes", F_VOTES, F_PV);
	parse_state st = {.a = a, .d = out, .e = &e};
	int rc = read_comments(&st, comments, comments_len);
	if (rc == 0 && pv)
		rc = read_pv(&st, pv, pv_len, votes == NULL);
	if (rc == 0 && votes)
		rc = read_votes(&st, votes, votes_len);
	if (rc == 0)
		rc = finish(&st, pv != NULL);
	idmap_free(&st.comments);
	free(st.votes.v);
	free(st.pv_id);
	free(st.pv_group);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ---- writing ---- */

/* "Fri Sep 20 19:29:43 UTC 2024" for ms milliseconds since 1970 (any
 * int64: days from the civil calendar, proleptic Gregorian). */
static void put_datetime(buf *b, int64_t ms)
{
	static const char wday[7][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t secs = ms / 1000 - (ms % 1000 < 0);
	int64_t days = secs / 86400 - (secs % 86400 < 0);
	int64_t sod = secs - days * 86400;
	/* civil from days (H. Hinnant's algorithm) */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dom = doy - (153 * mp + 2) / 5 + 1;
	int64_t month = mp < 10 ? mp + 3 : mp - 9;
	if (month <= 2)
		y++;
	int64_t wd = days % 7;
	if (wd < 0)
		wd += 7;
	buf_printf(b, "%s %s %02d %02d:%02d:%02d UTC %lld", wday[wd], mon[month - 1], (int)dom,
		   (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), (long long)y);
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void put_field(buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

void polis_write_votes(buf *b, const polis_data *d)
{
	buf_puts(b, "timestamp,datetime,comment-id,voter-id,vote\n");
	for (size_t i = 0; i < d->nvotes; i++) {
		int64_t t = d->vote_time ? d->vote_time[i] : 0;
		buf_printf(b, "%lld,", (long long)t);
		put_datetime(b, t);
		buf_printf(b, ",%lld,%lld,%d\n", (long long)d->comments[d->vote_comment[i]].id,
			   (long long)d->participant_id[d->vote_participant[i]], d->vote_value[i]);
	}
}

void polis_write_comments(buf *b, const polis_data *d, const double *gic)
{
	size_t nc = (size_t)d->ncomments;
	int64_t *agree = mem_calloc(nc + 1, sizeof *agree), *disagree = mem_calloc(nc + 1, sizeof *disagree);
	for (size_t i = 0; i < d->nvotes; i++) {
		if (d->vote_value[i] > 0)
			agree[d->vote_comment[i]]++;
		else if (d->vote_value[i] < 0)
			disagree[d->vote_comment[i]]++;
	}
	buf_printf(b, "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,%scomment-body\n",
		   gic ? "group-informed-consensus," : "");
	for (size_t j = 0; j < nc; j++) {
		const polis_comment *c = &d->comments[j];
		buf_printf(b, "%lld,%lld,", (long long)c->timestamp, (long long)c->id);
		if (c->author >= 0)
			buf_printf(b, "%lld", (long long)c->author);
		buf_printf(b, ",%lld,%lld,%d,%s,%s,", (long long)agree[j], (long long)disagree[j], c->moderated,
			   c->is_meta ? "true" : "false", c->is_seed ? "true" : "false");
		if (gic) {
			if (isfinite(gic[j]))
				buf_printf(b, "%.17g", gic[j]);
			buf_putc(b, ',');
		}
		put_field(b, c->body ? c->body : "");
		buf_putc(b, '\n');
	}
	free(agree);
	free(disagree);
}

static int cmp_comment_id(const void *pa, const void *pb, void *ctx)
{
	const polis_comment *c = ctx;
	int64_t a = c[*(const int32_t *)pa].id, b = c[*(const int32_t *)pb].id;
	return a < b ? -1 : a > b;
}

void polis_write_participants_votes(buf *b, const polis_data *d, const int *group)
{
	size_t nc = (size_t)d->ncomments, np = (size_t)d->nparticipants;
	/* columns: comments by ascending id, as Pol.is writes them */
	int32_t *order = mem_alloc((nc + 1) * sizeof *order);
	int32_t *column = mem_alloc((nc + 1) * sizeof *column);
	for (size_t j = 0; j < nc; j++)
		order[j] = (int32_t)j;
	qsort_r(order, nc, sizeof *order, cmp_comment_id, d->comments);
	for (size_t k = 0; k < nc; k++)
		column[order[k]] = (int32_t)k;
	/* votes grouped by participant */
	size_t *start = mem_calloc(np + 1, sizeof *start);
	for (size_t i = 0; i < d->nvotes; i++)
		start[d->vote_participant[i] + 1]++;
	for (size_t p = 0; p < np; p++)
		start[p + 1] += start[p];
	size_t *fill = mem_alloc((np + 1) * sizeof *fill);
	memcpy(fill, start, (np + 1) * sizeof *fill);
	size_t *by = mem_alloc((d->nvotes + 1) * sizeof *by);
	for (size_t i = 0; i < d->nvotes; i++)
		by[fill[d->vote_participant[i]]++] = i;
	/* comments written by each participant */
	int64_t *written = mem_calloc(np + 1, sizeof *written);
	for (size_t j = 0; j < nc; j++) {
		int32_t p = find_id(d->participant_id, d->nparticipants, d->comments[j].author);
		if (d->comments[j].author >= 0 && p >= 0)
			written[p]++;
	}
	int8_t *row = mem_alloc(nc + 1);

	buf_puts(b, "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree");
	for (size_t k = 0; k < nc; k++)
		buf_printf(b, ",%lld", (long long)d->comments[order[k]].id);
	buf_putc(b, '\n');
	for (size_t p = 0; p < np; p++) {
		memset(row, 2, nc + 1);
		size_t nagree = 0, ndis = 0;
		for (size_t q = start[p]; q < start[p + 1]; q++) {
			size_t i = by[q];
			row[column[d->vote_comment[i]]] = d->vote_value[i];
			nagree += d->vote_value[i] > 0;
			ndis += d->vote_value[i] < 0;
		}
		buf_printf(b, "%lld,,", (long long)d->participant_id[p]);
		if (group && group[p] >= 0)
			buf_printf(b, "%d", group[p]);
		buf_printf(b, ",%lld,%zu,%zu,%zu", (long long)written[p], start[p + 1] - start[p], nagree, ndis);
		for (size_t k = 0; k < nc; k++) {
			buf_putc(b, ',');
			if (row[k] != 2)
				buf_printf(b, "%d", row[k]);
		}
		buf_putc(b, '\n');
	}
	free(order);
	free(column);
	free(start);
	free(fill);
	free(by);
	free(written);
	free(row);
}
