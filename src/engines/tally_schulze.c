/*
 * tally_schulze.c — pairwise counting and the Schulze method with margins
 * (the rule is stated in tally.h).
 *
 * Counting is the costly part: every ballot compares every pair of
 * candidates, n² comparisons a ballot (a million ballots of 19 candidates
 * are 361 million). Each ballot is first turned into two rows of int16
 * "keys" where a smaller key means preferred: the row side (the candidate
 * that would be preferred) and the column side (the one it would be
 * preferred to), which differ only in how an unranked candidate is
 * written, so the unranked rule costs no branch in the inner loop:
 *
 *   ranked r >= 1          row r-1      column r-1
 *   unranked, Debian's     row 32767    column 32767   (below every rank)
 *   unranked, no opinion   row 32767    column -1      (never counted)
 *
 * and i is preferred to j exactly when row[i] < column[j]: an unranked
 * row key is never below anything, and a column key of -1 is never above
 * anything. Columns are padded to a multiple of 16 with -1. Unweighted
 * ballots add 0/1 into 16-bit counters (16 lanes of a constant-length
 * loop, which the compiler turns into vector compares), flushed into the
 * 64-bit matrix before they can overflow; weighted ballots add their
 * weight into 64-bit counters directly.
 *
 * The strongest paths are the widest paths of the margin graph, found
 * Floyd–Warshall style in O(n³).
 */
#include "tally_int.h"

#include <assert.h>
#include <string.h>

#define LANES 16
#define KEY_UNRANKED 32767
#define KEY_NEVER (-1)
/* 16-bit counters take at most this many unweighted ballots between flushes. */
#define FLUSH_EVERY 65535u

/* Fills the row and column keys of one ballot (see the file comment). */
static inline void ballot_keys(const int16_t *v, int n, bool ignore, int16_t *row, int16_t *col)
{
	for (int c = 0; c < n; c++) {
		int16_t x = v[c];
		if (x > 0) {
			row[c] = col[c] = (int16_t)(x - 1);
		} else {
			row[c] = KEY_UNRANKED;
			col[c] = ignore ? KEY_NEVER : KEY_UNRANKED;
		}
	}
}

/* Adds 1 to ci[j] for every column j whose key is above ri. restrict:
 * the counters and the keys never overlap, which lets the compiler
 * vectorize the fixed-length inner loop without a run-time check. */
static inline void count_row(uint16_t *restrict ci, int16_t ri, const int16_t *restrict col, int np)
{
	for (int k = 0; k < np; k += LANES)
		for (int l = 0; l < LANES; l++)
			ci[k + l] += (uint16_t)(ri < col[k + l]);
}

/* Adds cnt (n rows of np 16-bit counters) into d (n × n) and clears it. */
static void flush16(uint16_t *cnt, int n, int np, int64_t *d)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			d[(size_t)i * n + j] += cnt[(size_t)i * np + j];
	memset(cnt, 0, (size_t)n * np * sizeof *cnt);
}

void tally_int_pairwise(arena *a, const tally_ballots *b, bool ignore, int64_t *d)
{
	int n = b->ncand;
	if (n == 0 || b->nrows == 0)
		return;
	int np = (n + LANES - 1) / LANES * LANES;
	int16_t *row = arena_alloc(a, (size_t)np * sizeof *row);
	int16_t *col = arena_alloc(a, (size_t)np * sizeof *col);
	for (int c = n; c < np; c++)
		row[c] = col[c] = KEY_NEVER;
	if (!b->weight) {
		uint16_t *cnt = arena_zalloc(a, (size_t)n * np * sizeof *cnt);
		unsigned pending = 0;
		for (size_t r = 0; r < b->nrows; r++) {
			ballot_keys(b->v + r * (size_t)n, n, ignore, row, col);
			for (int i = 0; i < n; i++) {
				int16_t ri = row[i];
				if (ri == KEY_UNRANKED)
					continue;	/* prefers nobody */
				count_row(cnt + (size_t)i * np, ri, col, np);
			}
			if (++pending == FLUSH_EVERY) {
				flush16(cnt, n, np, d);
				pending = 0;
			}
		}
		if (pending)
			flush16(cnt, n, np, d);
		return;
	}
	for (size_t r = 0; r < b->nrows; r++) {
		uint64_t w = b->weight[r];
		if (w == 0)
			continue;
		ballot_keys(b->v + r * (size_t)n, n, ignore, row, col);
		for (int i = 0; i < n; i++) {
			int16_t ri = row[i];
			if (ri == KEY_UNRANKED)
				continue;
			int64_t *di = d + (size_t)i * n;
			for (int j = 0; j < n; j++)
				di[j] += (int64_t)(w & -(uint64_t)(ri < col[j]));
		}
	}
}

void tally_int_schulze(arena *a, tally_result *r, const tally_ballots *b, const tally_options *o)
{
	size_t n = (size_t)b->ncand;
	size_t nn = n ? n * n : 1;
	int64_t *d = arena_zalloc(a, nn * sizeof *d);
	int64_t *p = arena_zalloc(a, nn * sizeof *p);
	tally_int_pairwise(a, b, o->unranked_ignore, d);
	/* links: positive margins only */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int64_t m = d[i * n + j] - d[j * n + i];
			p[i * n + j] = i != j && m > 0 ? m : 0;
		}
	/* widest paths: through k, the path i→k→j is as strong as its weaker half */
	for (size_t k = 0; k < n; k++)
		for (size_t i = 0; i < n; i++) {
			int64_t pik = p[i * n + k];
			if (i == k || pik == 0)
				continue;
			int64_t *pi = p + i * n;
			const int64_t *pk = p + k * n;
			for (size_t j = 0; j < n; j++) {
				int64_t via = pik < pk[j] ? pik : pk[j];
				if (j != i && via > pi[j])
					pi[j] = via;
			}
		}
	bool *beats = arena_alloc(a, nn * sizeof *beats);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			beats[i * n + j] = p[i * n + j] > p[j * n + i];
	r->pairwise = d;
	r->paths = p;
	tally_int_rank_by_beats(a, r, beats);
}
