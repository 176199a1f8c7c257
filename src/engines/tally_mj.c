/*
 * tally_mj.c — majority judgment (the rule is stated in tally.h): merit
 * profiles, lower medians, and the order by majority value.
 *
 * Comparing two candidates by removing median grades one at a time would
 * cost one step per voter. It need not: both candidates have the same
 * number N of grades, so step t removes, from each, the grade at the same
 * position p_t of its sorted list (N even: N/2, N/2+1, N/2-1, N/2+2, ...;
 * N odd: (N+1)/2, (N+1)/2-1, (N+1)/2+1, ...). The first step where the
 * removed grades differ is therefore the first position, in that order,
 * where the two sorted lists differ. With cum(g) the number of grades <= g,
 * the p-th smallest grade is <= g exactly when p <= cum(g), so the lists
 * differ at p exactly when min(cumA(g), cumB(g)) < p <= max(...) for some
 * g: at most six intervals, and the first position of each on either side
 * of the middle is found in constant time. Counts are uint64 throughout,
 * so weighted ballots of any size compare exactly.
 */
#include "tally_int.h"

#include <assert.h>

#define G TALLY_MJ_GRADES

typedef struct mj_ctx {
	const uint64_t *cum;	/* ncand × G: cum[c*G+g] = grades <= g given to c */
	uint64_t n;		/* grades per candidate (voters) */
} mj_ctx;

/* The p-th smallest grade (1-based) in a cumulative profile. */
static int grade_at(const uint64_t *cum, uint64_t p)
{
	int g = 0;
	while (g < G - 1 && cum[g] < p)
		g++;
	return g;
}

/* Step of the removal sequence at which position p is removed: left of
 * the middle (p <= left) or right of it. */
static uint64_t step_of(uint64_t n, uint64_t left, uint64_t p)
{
	bool odd = n & 1;
	if (p <= left) {
		uint64_t dist = left - p;
		return odd ? (dist ? 2 * dist - 1 : 0) : 2 * dist;
	}
	uint64_t dist = p - (left + 1);
	return odd ? 2 * dist + 2 : 2 * dist + 1;
}

static int cmp_mj(const void *vctx, int i, int j)
{
	const mj_ctx *ctx = vctx;
	const uint64_t *ca = ctx->cum + (size_t)i * G, *cb = ctx->cum + (size_t)j * G;
	uint64_t n = ctx->n, left = (n + 1) / 2;
	uint64_t best_step = UINT64_MAX, best_p = 0;
	for (int g = 0; g < G - 1; g++) {
		uint64_t lo = ca[g] < cb[g] ? ca[g] : cb[g];
		uint64_t hi = ca[g] < cb[g] ? cb[g] : ca[g];
		if (lo == hi)
			continue;
		/* the differing positions (lo, hi]: the one nearest the middle
		 * on each side */
		uint64_t pl = hi < left ? hi : left;
		if (pl > lo) {
			uint64_t s = step_of(n, left, pl);
			if (s < best_step)
				best_step = s, best_p = pl;
		}
		uint64_t pr = lo + 1 > left + 1 ? lo + 1 : left + 1;
		if (pr <= hi) {
			uint64_t s = step_of(n, left, pr);
			if (s < best_step)
				best_step = s, best_p = pr;
		}
	}
	if (best_step == UINT64_MAX)
		return 0;	/* identical profiles */
	int ga = grade_at(ca, best_p), gb = grade_at(cb, best_p);
	assert(ga != gb);
	return ga > gb ? -1 : 1;
}

void tally_int_mj(arena *a, tally_result *r, const tally_ballots *b)
{
	size_t n = (size_t)b->ncand;
	uint64_t *profile = arena_zalloc(a, (n ? n : 1) * G * sizeof *profile);
	for (size_t row = 0; n && row < b->nrows; row++) {
		const int16_t *v = b->v + row * n;
		uint64_t w = b->weight ? b->weight[row] : 1;
		for (size_t c = 0; c < n; c++) {
			int g = v[c] < 0 ? 0 : v[c] >= G ? G - 1 : v[c];
			profile[c * G + (size_t)g] += w;
		}
	}
	uint64_t *cum = arena_alloc(a, (n ? n : 1) * G * sizeof *cum);
	int *median = arena_alloc(a, (n ? n : 1) * sizeof *median);
	for (size_t c = 0; c < n; c++) {
		uint64_t s = 0;
		for (int g = 0; g < G; g++)
			cum[c * G + (size_t)g] = s += profile[c * G + (size_t)g];
		median[c] = r->ballots ? grade_at(cum + c * G, (r->ballots + 1) / 2) : 0;
	}
	r->profile = profile;
	r->median = median;
	mj_ctx ctx = {cum, r->ballots};
	tally_int_rank_by(a, r, cmp_mj, &ctx);
}
