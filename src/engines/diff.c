/*
 * diff.c — word-level difference between two texts (see diff.h).
 *
 * Texts are cut into tokens: a run of word bytes (ASCII letters and digits,
 * and every byte >= 0x80, so that accented words and other non-ASCII
 * letters stay whole), a run of ASCII white space, or any other single
 * byte. Tokens are interned to integers, the common beginning and end are
 * set aside, and the rest is diffed with Myers' linear-space algorithm
 * (the middle snake found from both ends, then each half diffed in turn).
 * The search stops after DIFF_MAX_EDITS token edits, and the whole texts
 * are then given as one deletion and one insertion.
 *
 * Pure: no I/O; every allocation comes from the caller's arena. Not for:
 * character-level or line-level diffs, or rendering the result.
 */
#include "diff.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Beyond this many token edits the texts count as too different. */
#define DIFF_MAX_EDITS 20000

/* ---- tokens ---- */

static bool is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Length of the token starting at s (s[0] != 0). */
static size_t token_len(const unsigned char *s)
{
	size_t n = 1;
	if (is_word_byte(s[0]))
		while (s[n] && is_word_byte(s[n]))
			n++;
	else if (is_space_byte(s[0]))
		while (s[n] && is_space_byte(s[n]))
			n++;
	return n;
}

/* One text cut into tokens: token i is text[off[i] .. off[i + 1]). */
typedef struct tokens {
	const char *text;
	size_t n;
	size_t *off;	/* n + 1 offsets */
	uint32_t *id;	/* interned token of each position */
} tokens;

static void tokenize(arena *a, const char *text, tokens *t)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = 0;
	for (size_t i = 0; s[i]; i += token_len(s + i))
		n++;
	t->text = text;
	t->n = n;
	t->off = arena_alloc(a, (n + 1) * sizeof *t->off);
	t->id = arena_alloc(a, (n ? n : 1) * sizeof *t->id);
	size_t i = 0, k = 0;
	while (s[i]) {
		t->off[k++] = i;
		i += token_len(s + i);
	}
	t->off[k] = i;
}

/* Gives equal tokens of both texts the same id (open addressing over
 * FNV-1a hashes), so the diff compares integers. */
static void intern(arena *a, tokens *t0, tokens *t1)
{
	size_t total = t0->n + t1->n, cap = 16;
	while (cap < 2 * total)
		cap *= 2;
	/* a slot holds the first occurrence of a token (p NULL: empty) */
	struct slot {
		const char *p;
		size_t len;
		uint32_t id;
	} *slots = arena_zalloc(a, cap * sizeof *slots);
	uint32_t next_id = 0;
	tokens *ts[2] = {t0, t1};
	for (int w = 0; w < 2; w++) {
		tokens *t = ts[w];
		for (size_t i = 0; i < t->n; i++) {
			const char *p = t->text + t->off[i];
			size_t len = t->off[i + 1] - t->off[i];
			uint64_t h = 1469598103934665603ull;
			for (size_t j = 0; j < len; j++)
				h = (h ^ (unsigned char)p[j]) * 1099511628211ull;
			size_t pos = (size_t)h & (cap - 1);
			for (;;) {
				struct slot *sl = &slots[pos];
				if (!sl->p) {
					sl->p = p;
					sl->len = len;
					sl->id = next_id++;
					t->id[i] = sl->id;
					break;
				}
				if (sl->len == len && memcmp(sl->p, p, len) == 0) {
					t->id[i] = sl->id;
					break;
				}
				pos = (pos + 1) & (cap - 1);
			}
		}
	}
}

/* ---- the edit script ---- */

/* Edits come out in reading order as runs of tokens. */
typedef struct run {
	diff_op op;
	size_t count;
} run;

typedef struct dctx {
	arena *a;
	const uint32_t *x, *y;	/* old and new token ids */
	run *runs;
	size_t nruns, cap;
	int *v;			/* scratch for the search: two vectors */
	size_t vlen;		/* entries in each vector */
	long dlimit;		/* largest d a search may reach */
} dctx;

static void emit(dctx *c, diff_op op, size_t count)
{
	if (count == 0)
		return;
	if (c->nruns && c->runs[c->nruns - 1].op == op) {
		c->runs[c->nruns - 1].count += count;
		return;
	}
	if (c->nruns == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		run *r = arena_alloc(c->a, cap * sizeof *r);
		if (c->nruns)
			memcpy(r, c->runs, c->nruns * sizeof *r);
		c->runs = r;
		c->cap = cap;
	}
	c->runs[c->nruns].op = op;
	c->runs[c->nruns].count = count;
	c->nruns++;
}

/* What the search for the middle of a path found. */
typedef enum { MID_FOUND, MID_DISJOINT, MID_TOO_FAR } mid_rc;

/* Finds a point (*sx, *sy) on a shortest edit path from (0, 0) to (n, m)
 * of x[0..n) against y[0..m), in the middle of that path (Myers 1986,
 * section 4b; both ends already differ): MID_FOUND. The search covers
 * paths of up to n + m - 1 edits, so MID_DISJOINT means the sequences
 * share no token; MID_TOO_FAR means the path needs more than 2 * dlimit
 * edits. */
static mid_rc middle(dctx *c, const uint32_t *x, long n, const uint32_t *y, long m, long *sx,
		     long *sy)
{
	long max_d = (n + m + 1) / 2;
	mid_rc none = MID_DISJOINT;
	if (max_d > c->dlimit + 1) {
		max_d = c->dlimit + 1;
		none = MID_TOO_FAR;
	}
	long off = max_d + 1;	/* index of diagonal 0 */
	long len = 2 * max_d + 3;
	int *vf = c->v, *vb = c->v + c->vlen;
	for (long i = 0; i < len; i++)
		vf[i] = vb[i] = -1;
	vf[off + 1] = 0;
	vb[off + 1] = 0;
	long delta = n - m;
	bool front = (delta & 1) != 0;
	/* k ranges shrink when a path runs off the edit graph */
	long kf_lo = 0, kf_hi = 0, kb_lo = 0, kb_hi = 0;
	for (long d = 0; d < max_d; d++) {
		for (long k = -d + kf_lo; k <= d - kf_hi; k += 2) {
			long ko = off + k, px;
			if (k == -d || (k != d && vf[ko - 1] < vf[ko + 1]))
				px = vf[ko + 1];
			else
				px = vf[ko - 1] + 1;
			long py = px - k;
			while (px < n && py < m && x[px] == y[py])
				px++, py++;
			vf[ko] = (int)px;
			if (px > n) {
				kf_hi += 2;
			} else if (py > m) {
				kf_lo += 2;
			} else if (front) {
				long kb = off + delta - k;
				if (kb >= 0 && kb < len && vb[kb] != -1 && px >= n - vb[kb]) {
					*sx = px;
					*sy = py;
					return MID_FOUND;
				}
			}
		}
		for (long k = -d + kb_lo; k <= d - kb_hi; k += 2) {
			long ko = off + k, px;
			if (k == -d || (k != d && vb[ko - 1] < vb[ko + 1]))
				px = vb[ko + 1];
			else
				px = vb[ko - 1] + 1;
			long py = px - k;
			while (px < n && py < m && x[n - px - 1] == y[m - py - 1])
				px++, py++;
			vb[ko] = (int)px;
			if (px > n) {
				kb_hi += 2;
			} else if (py > m) {
				kb_lo += 2;
			} else if (!front) {
				long kf = off + delta - k;
				if (kf >= 0 && kf < len && vf[kf] != -1) {
					long fx = vf[kf];
					long fy = fx - (kf - off);
					if (fx >= n - px) {
						*sx = fx;
						*sy = fy;
						return MID_FOUND;
					}
				}
			}
		}
	}
	return none;
}

/* Appends the edit script of x[0..n) against y[0..m) to c->runs. Returns
 * false when the cost bound was reached. */
static bool diff_range(dctx *c, const uint32_t *x, long n, const uint32_t *y, long m)
{
	long pre = 0;
	while (pre < n && pre < m && x[pre] == y[pre])
		pre++;
	long suf = 0;
	while (suf < n - pre && suf < m - pre && x[n - 1 - suf] == y[m - 1 - suf])
		suf++;
	emit(c, DIFF_SAME, (size_t)pre);
	const uint32_t *xm = x + pre, *ym = y + pre;
	long nm = n - pre - suf, mm = m - pre - suf;
	if (nm == 0 || mm == 0) {
		emit(c, DIFF_DEL, (size_t)nm);
		emit(c, DIFF_INS, (size_t)mm);
	} else {
		long sx = 0, sy = 0;
		mid_rc rc = middle(c, xm, nm, ym, mm, &sx, &sy);
		if (rc == MID_TOO_FAR)
			return false;
		if (rc == MID_DISJOINT || (sx == 0 && sy == 0) || (sx == nm && sy == mm)) {
			/* nothing in common (a split at either end cannot happen once
			 * both ends differ; never recurse on it) */
			emit(c, DIFF_DEL, (size_t)nm);
			emit(c, DIFF_INS, (size_t)mm);
		} else if (!diff_range(c, xm, sx, ym, sy) ||
			   !diff_range(c, xm + sx, nm - sx, ym + sy, mm - sy)) {
			return false;
		}
	}
	emit(c, DIFF_SAME, (size_t)suf);
	return true;
}

/* ---- spans ---- */

/* Adds a span, merged with the previous one when it has the same op. */
static void add_span(diff_span *spans, size_t *n, diff_op op, const char *text, size_t len)
{
	if (len == 0)
		return;
	if (*n && spans[*n - 1].op == op && spans[*n - 1].text + spans[*n - 1].len == text) {
		spans[*n - 1].len += len;
		return;
	}
	spans[*n].op = op;
	spans[*n].text = text;
	spans[*n].len = len;
	(*n)++;
}

diff_span *diff_words(arena *a, const char *old_text, const char *new_text, size_t *nspans)
{
	assert(a && old_text && new_text && nspans);
	tokens t0, t1;
	tokenize(a, old_text, &t0);
	tokenize(a, new_text, &t1);
	size_t old_len = t0.off[t0.n], new_len = t1.off[t1.n];
	diff_span *spans;
	size_t ns = 0;

	long n = (long)t0.n, m = (long)t1.n;
	long gap = n > m ? n - m : m - n;
	bool ok = gap <= DIFF_MAX_EDITS;
	dctx c = {a, NULL, NULL, NULL, 0, 0, NULL, 0, DIFF_MAX_EDITS / 2};
	if (ok) {
		intern(a, &t0, &t1);
		c.x = t0.id;
		c.y = t1.id;
		long max_d = (n + m + 1) / 2;
		if (max_d > c.dlimit + 1)
			max_d = c.dlimit + 1;
		c.vlen = (size_t)(2 * max_d + 3);
		c.v = arena_alloc(a, 2 * c.vlen * sizeof *c.v);
		ok = diff_range(&c, t0.id, n, t1.id, m);
		if (ok) {
			size_t edits = 0;
			for (size_t i = 0; i < c.nruns; i++)
				if (c.runs[i].op != DIFF_SAME)
					edits += c.runs[i].count;
			ok = edits <= DIFF_MAX_EDITS;
		}
	}
	if (!ok) {
		spans = arena_alloc(a, 2 * sizeof *spans);
		add_span(spans, &ns, DIFF_DEL, old_text, old_len);
		add_span(spans, &ns, DIFF_INS, new_text, new_len);
		*nspans = ns;
		return spans;
	}

	spans = arena_alloc(a, (c.nruns + 1) * sizeof *spans);
	/* Between two unchanged stretches, old tokens deleted are contiguous in
	 * the old text and new ones contiguous in the new: one DEL then one INS. */
	size_t i0 = 0, i1 = 0;		/* next token of each text */
	size_t del_from = 0, del_n = 0, ins_from = 0, ins_n = 0;
	for (size_t r = 0; r <= c.nruns; r++) {
		if (r == c.nruns || c.runs[r].op == DIFF_SAME) {
			if (del_n)
				add_span(spans, &ns, DIFF_DEL, old_text + t0.off[del_from],
					 t0.off[del_from + del_n] - t0.off[del_from]);
			if (ins_n)
				add_span(spans, &ns, DIFF_INS, new_text + t1.off[ins_from],
					 t1.off[ins_from + ins_n] - t1.off[ins_from]);
			del_n = ins_n = 0;
			if (r == c.nruns)
				break;
			size_t k = c.runs[r].count;
			add_span(spans, &ns, DIFF_SAME, old_text + t0.off[i0],
				 t0.off[i0 + k] - t0.off[i0]);
			i0 += k;
			i1 += k;
		} else if (c.runs[r].op == DIFF_DEL) {
			if (!del_n)
				del_from = i0;
			del_n += c.runs[r].count;
			i0 += c.runs[r].count;
		} else {
			if (!ins_n)
				ins_from = i1;
			ins_n += c.runs[r].count;
			i1 += c.runs[r].count;
		}
	}
	*nspans = ns;
	return spans;
}

void diff_stats(const diff_span *spans, size_t n, size_t *ins_words, size_t *del_words)
{
	size_t ins = 0, del = 0;
	for (size_t i = 0; i < n; i++) {
		if (spans[i].op == DIFF_SAME)
			continue;
		size_t words = 0;
		const unsigned char *s = (const unsigned char *)spans[i].text;
		for (size_t j = 0; j < spans[i].len; j++)
			if (is_word_byte(s[j]) && (j == 0 || !is_word_byte(s[j - 1])))
				words++;
		if (spans[i].op == DIFF_INS)
			ins += words;
		else
			del += words;
	}
	if (ins_words)
		*ins_words = ins;
	if (del_words)
		*del_words = del;
}
