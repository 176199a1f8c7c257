/*
 * tally.c — the common part of the tally engine (see tally.h): tally_run's
 * dispatch, the score methods (approval, dots, Borda), building a ranking
 * from scores or from a comparison, the seats cut, checking one ballot,
 * and the names. Schulze and its pairwise counting are in tally_schulze.c,
 * majority judgment in tally_mj.c.
 *
 * Pure: no I/O; every allocation comes from the caller's arena. Not for:
 * storing ballots, deciding who may vote, or resolving a tie at the cut
 * (the facilitator does that, domain/seminar.c records it).
 */
#include "tally_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- rankings ---- */

/* Stable merge sort of idx[0..n) with cmp; tmp holds n ints. Stable so that
 * tied candidates stay in ascending index order. */
static void merge_sort(int *idx, int *tmp, int n, tally_int_cmp cmp, const void *ctx)
{
	if (n < 2)
		return;
	int h = n / 2;
	merge_sort(idx, tmp, h, cmp, ctx);
	merge_sort(idx + h, tmp, n - h, cmp, ctx);
	int i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(ctx, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
	while (i < h)
		tmp[k++] = idx[i++];
	while (j < n)
		tmp[k++] = idx[j++];
	memcpy(idx, tmp, (size_t)n * sizeof *idx);
}

/* Allocates the ranking arrays of r (order, level_start, rank). */
static void alloc_ranking(arena *a, tally_result *r)
{
	size_t n = (size_t)r->ncand;
	r->order = arena_alloc(a, (n ? n : 1) * sizeof *r->order);
	r->level_start = arena_alloc(a, (n + 1) * sizeof *r->level_start);
	r->rank = arena_alloc(a, (n ? n : 1) * sizeof *r->rank);
	r->nlevels = 0;
	r->level_start[0] = 0;
}

/* Sets rank[] from order[] and level_start[]. */
static void set_ranks(tally_result *r)
{
	for (int l = 0; l < r->nlevels; l++)
		for (int k = r->level_start[l]; k < r->level_start[l + 1]; k++)
			r->rank[r->order[k]] = r->level_start[l] + 1;
}

void tally_int_rank_by(arena *a, tally_result *r, tally_int_cmp cmp, const void *ctx)
{
	int n = r->ncand;
	alloc_ranking(a, r);
	int *tmp = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *tmp);
	for (int c = 0; c < n; c++)
		r->order[c] = c;
	merge_sort(r->order, tmp, n, cmp, ctx);
	for (int k = 0; k < n; k++) {
		if (k == 0 || cmp(ctx, r->order[k - 1], r->order[k]) != 0)
			r->level_start[r->nlevels++] = k;
	}
	r->level_start[r->nlevels] = n;
	set_ranks(r);
}

void tally_int_rank_by_beats(arena *a, tally_result *r, const bool *beats)
{
	int n = r->ncand;
	alloc_ranking(a, r);
	/* beaten_by[c]: how many remaining candidates beat c. Peeling a level
	 * off lowers the counts of those its members beat, so the whole
	 * ranking costs O(n²). */
	int *beaten_by = arena_zalloc(a, (size_t)(n ? n : 1) * sizeof *beaten_by);
	bool *done = arena_zalloc(a, (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (i != j && beats[(size_t)i * n + j])
				beaten_by[j]++;
	int placed = 0;
	while (placed < n) {
		int start = placed;
		for (int c = 0; c < n; c++)
			if (!done[c] && beaten_by[c] == 0)
				r->order[placed++] = c;
		if (placed == start) {
			/* Only with a cyclic relation, which Schulze's is not. */
			assert(!"tally: cyclic beats relation");
			for (int c = 0; c < n; c++)
				if (!done[c])
					r->order[placed++] = c;
		}
		for (int k = start; k < placed; k++)
			done[r->order[k]] = true;
		for (int k = start; k < placed; k++) {
			int i = r->order[k];
			for (int j = 0; j < n; j++)
				if (!done[j] && j != i && beats[(size_t)i * n + j])
					beaten_by[j]--;
		}
		r->level_start[r->nlevels++] = start;
	}
	r->level_start[r->nlevels] = n;
	set_ranks(r);
}

/* Higher total first; the totals are kept exact in int64 (score[] is a
 * double for the callers' convenience and would lose units past 2^53). */
static int cmp_total(const void *ctx, int i, int j)
{
	const int64_t *t = ctx;
	return t[i] > t[j] ? -1 : t[i] < t[j] ? 1 : 0;
}

static void rank_by_totals(arena *a, tally_result *r, const int64_t *total)
{
	r->score = arena_alloc(a, (size_t)(r->ncand ? r->ncand : 1) * sizeof *r->score);
	for (int c = 0; c < r->ncand; c++)
		r->score[c] = (double)total[c];
	tally_int_rank_by(a, r, cmp_total, total);
}

/* ---- score methods ---- */

/* approval (value > 0 counts one) or dots (positive values summed). */
static void count_scores(arena *a, tally_result *r, const tally_ballots *b, bool dots)
{
	int n = b->ncand;
	int64_t *total = arena_zalloc(a, (size_t)(n ? n : 1) * sizeof *total);
	for (size_t row = 0; n && row < b->nrows; row++) {
		const int16_t *v = b->v + row * (size_t)n;
		int64_t w = b->weight ? b->weight[row] : 1;
		if (dots) {
			for (int c = 0; c < n; c++)
				total[c] += w * (v[c] > 0 ? v[c] : 0);
		} else {
			for (int c = 0; c < n; c++)
				total[c] += w * (v[c] > 0);
		}
	}
	rank_by_totals(a, r, total);
}

/* Borda points are the row sums of the pairwise matrix: on one ballot a
 * candidate earns a point for each candidate it is ranked strictly above,
 * which is what d[c][j] counts, with the same unranked rule. */
static void count_borda(arena *a, tally_result *r, const tally_ballots *b, bool ignore)
{
	size_t n = (size_t)b->ncand;
	int64_t *d = arena_zalloc(a, (n ? n * n : 1) * sizeof *d);
	tally_int_pairwise(a, b, ignore, d);
	int64_t *total = arena_zalloc(a, (n ? n : 1) * sizeof *total);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			total[i] += d[i * n + j];
	rank_by_totals(a, r, total);
}

tally_result *tally_run(arena *a, const tally_ballots *b, const tally_options *o)
{
	assert(b && o && b->ncand >= 0);
	assert(b->nrows == 0 || b->ncand == 0 || b->v);
	tally_result *r = arena_zalloc(a, sizeof *r);
	r->method = o->method;
	r->ncand = b->ncand;
	for (size_t row = 0; row < b->nrows; row++)
		r->ballots += b->weight ? b->weight[row] : 1;
	switch (o->method) {
	case TALLY_APPROVAL:
		count_scores(a, r, b, false);
		break;
	case TALLY_DOTS:
		count_scores(a, r, b, true);
		break;
	case TALLY_BORDA:
		count_borda(a, r, b, o->unranked_ignore);
		break;
	case TALLY_SCHULZE:
		tally_int_schulze(a, r, b, o);
		break;
	case TALLY_MJ:
		tally_int_mj(a, r, b);
		break;
	default:
		assert(!"tally_run: unknown method");
		/* every candidate tied, nothing to explain */
		alloc_ranking(a, r);
		for (int c = 0; c < r->ncand; c++)
			r->order[c] = c;
		r->nlevels = r->ncand ? 1 : 0;
		r->level_start[r->nlevels] = r->ncand;
		set_ranks(r);
	}
	return r;
}

int tally_seats(const tally_result *r, int k, int *tie_level)
{
	if (tie_level)
		*tie_level = -1;
	if (k <= 0)
		return 0;
	if (k >= r->ncand)
		return r->ncand;
	int sure = 0;
	for (int l = 0; l < r->nlevels; l++) {
		int start = r->level_start[l], end = r->level_start[l + 1];
		if (end <= k) {
			sure = end;
		} else {
			if (start < k && tie_level)
				*tie_level = l;
			break;
		}
	}
	return sure;
}

/* ---- checking one ballot ---- */

static tally_error fail(int *cand, int c, tally_error e)
{
	if (cand)
		*cand = c;
	return e;
}

static tally_error check_ranked(int ncand, const int16_t *v, int *cand)
{
	int ranked = 0, max_rank = 0;
	for (int c = 0; c < ncand; c++) {
		if (v[c] < 0 || v[c] > ncand)
			return fail(cand, c, TALLY_E_VALUE);
		if (v[c] > 0)
			ranked++;
		if (v[c] > max_rank)
			max_rank = v[c];
	}
	if (ranked == 0)
		return fail(cand, -1, TALLY_E_EMPTY);
	/* dense: every rank 1..max_rank used; v[c] <= ncand keeps used[] small */
	bool used_small[65] = {false};
	bool *used = ncand < 65 ? used_small : mem_calloc((size_t)ncand + 1, 1);
	for (int c = 0; c < ncand; c++)
		used[v[c]] = true;
	int gap = 0;
	for (int rk = 1; rk <= max_rank && !gap; rk++)
		if (!used[rk])
			gap = rk;
	if (used != used_small)
		free(used);
	if (!gap)
		return fail(cand, -1, TALLY_OK);
	/* the candidate concerned: the first one ranked just after the gap */
	int best = -1;
	for (int c = 0; c < ncand; c++)
		if (v[c] > gap && (best < 0 || v[c] < v[best]))
			best = c;
	return fail(cand, best, TALLY_E_RANKS);
}

tally_error tally_check_ballot(const tally_options *o, int ncand, const int16_t *v, int *cand)
{
	if (cand)
		*cand = -1;
	switch (o->method) {
	case TALLY_APPROVAL: {
		int approved = 0;
		for (int c = 0; c < ncand; c++)
			if (v[c] != 0 && v[c] != 1)
				return fail(cand, c, TALLY_E_VALUE);
		for (int c = 0; c < ncand; c++)
			if (v[c] == 1 && ++approved > o->max_approvals && o->max_approvals > 0)
				return fail(cand, c, TALLY_E_TOO_MANY);
		return approved ? TALLY_OK : fail(cand, -1, TALLY_E_EMPTY);
	}
	case TALLY_DOTS: {
		int max_one = o->dots_max > 0 ? o->dots_max : o->dots;
		long total = 0;
		for (int c = 0; c < ncand; c++) {
			if (v[c] < 0)
				return fail(cand, c, TALLY_E_VALUE);
			if (max_one > 0 && v[c] > max_one)
				return fail(cand, c, TALLY_E_DOTS_ONE);
			total += v[c];
			if (o->dots > 0 && total > o->dots)
				return fail(cand, c, TALLY_E_DOTS_TOTAL);
		}
		return total ? TALLY_OK : fail(cand, -1, TALLY_E_EMPTY);
	}
	case TALLY_SCHULZE:
	case TALLY_BORDA:
		return check_ranked(ncand, v, cand);
	case TALLY_MJ: {
		int graded = 0;
		for (int c = 0; c < ncand; c++) {
			if (v[c] < -1 || v[c] >= TALLY_MJ_GRADES)
				return fail(cand, c, TALLY_E_VALUE);
			graded += v[c] >= 0;
		}
		return graded ? TALLY_OK : fail(cand, -1, TALLY_E_EMPTY);
	}
	}
	return fail(cand, -1, TALLY_E_VALUE);
}

/* ---- names ---- */

static const char *const method_names[] = {
	[TALLY_APPROVAL] = "approval", [TALLY_DOTS] = "dots", [TALLY_SCHULZE] = "schulze",
	[TALLY_MJ] = "mj",	       [TALLY_BORDA] = "borda",
};

const char *tally_method_name(tally_method m)
{
	if ((unsigned)m >= sizeof method_names / sizeof method_names[0])
		return NULL;
	return method_names[m];
}

int tally_method_parse(const char *name)
{
	for (size_t m = 0; name && m < sizeof method_names / sizeof method_names[0]; m++)
		if (strcmp(method_names[m], name) == 0)
			return (int)m;
	return -1;
}

const char *tally_mj_grade_name(int grade)
{
	static const char *const names[TALLY_MJ_GRADES] = {
		"reject", "insufficient", "passable", "fairly good", "good", "very good", "excellent",
	};
	if (grade < 0 || grade >= TALLY_MJ_GRADES)
		return NULL;
	return names[grade];
}
