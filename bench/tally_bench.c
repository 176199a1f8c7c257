/*
 * tally_bench.c — times tally_run on a million ballots of 19 candidates,
 * for each method, against DESIGN.md section 7's target (< 500 ms each on
 * the 2-core reference machine). Built and run by bench/engines.sh.
 *
 * The ballots are generated with a fixed seed (a xorshift generator
 * written here, so every run counts the same ballots): each voter ranks a
 * random number of candidates, 1 to 19, in a random order, without ties;
 * one row per voter, weight NULL (a million distinct rows, the worst case
 * for the engine). The other methods get ballots derived from the ranks
 * before timing starts: approval approves the first 3 ranks, dots gives
 * 3/2/1 dots to ranks 1/2/3, majority judgment grades rank r with 7 - r
 * (at least 1) and leaves unranked candidates ungraded (-1).
 *
 * Each method is run 3 times on a fresh arena; the line shows the median.
 * Output: one line per method,
 *   tally <method> 1000000x19 <ms> ms target < 500 ms OK|MISS
 * then, indented, Schulze with unranked as "no opinion" and with the rows
 * given weights (of 1: the 64-bit path of the count), and the process's
 * peak RSS. Exit status 0 even on a MISS (a benchmark
 * reports, it does not judge); 1 when a result is inconsistent.
 */
#include "engines/tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define NBALLOTS 1000000u
#define NCAND 19
#define RUNS 3
#define TARGET_MS 500.0

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;

static uint64_t rng_next(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static unsigned rng_below(unsigned n)
{
	return (unsigned)(rng_next() % n);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Times o on b; returns the median of RUNS runs in ms. */
static double time_method(const tally_ballots *b, const tally_options *o)
{
	double t[RUNS];
	for (int k = 0; k < RUNS; k++) {
		arena *a = arena_new();
		double t0 = now_ms();
		tally_result *r = tally_run(a, b, o);
		t[k] = now_ms() - t0;
		if (r->ballots != NBALLOTS) {
			fprintf(stderr, "tally_bench: %s counted %llu ballots, not %u\n",
				tally_method_name(o->method), (unsigned long long)r->ballots, NBALLOTS);
			exit(1);
		}
		arena_free(a);
	}
	qsort(t, RUNS, sizeof t[0], cmp_double);
	return t[RUNS / 2];
}

int main(void)
{
	size_t cells = (size_t)NBALLOTS * NCAND;
	int16_t *ranks = mem_alloc(cells * sizeof *ranks);
	int16_t *approval = mem_alloc(cells * sizeof *approval);
	int16_t *dots = mem_alloc(cells * sizeof *dots);
	int16_t *grades = mem_alloc(cells * sizeof *grades);
	for (size_t i = 0; i < NBALLOTS; i++) {
		int16_t *v = ranks + i * NCAND;
		int perm[NCAND];
		for (int c = 0; c < NCAND; c++)
			perm[c] = c;
		for (int c = NCAND - 1; c > 0; c--) {
			int j = (int)rng_below((unsigned)c + 1), tmp = perm[c];
			perm[c] = perm[j];
			perm[j] = tmp;
		}
		int k = 1 + (int)rng_below(NCAND);
		memset(v, 0, NCAND * sizeof *v);
		for (int p = 0; p < k; p++)
			v[perm[p]] = (int16_t)(p + 1);
		for (int c = 0; c < NCAND; c++) {
			int r = v[c];
			size_t at = i * NCAND + (size_t)c;
			approval[at] = r >= 1 && r <= 3;
			dots[at] = (int16_t)(r >= 1 && r <= 3 ? 4 - r : 0);
			grades[at] = (int16_t)(r == 0 ? -1 : r < 7 ? 7 - r : 1);
		}
	}
	const struct {
		tally_method m;
		const int16_t *v;
	} runs[] = {
		{TALLY_APPROVAL, approval}, {TALLY_DOTS, dots}, {TALLY_SCHULZE, ranks},
		{TALLY_MJ, grades},	    {TALLY_BORDA, ranks},
	};
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		tally_ballots b = {NCAND, NBALLOTS, runs[k].v, NULL};
		tally_options o = {.method = runs[k].m, .dots = 6, .dots_max = 3, .max_approvals = 3};
		double ms = time_method(&b, &o);
		bool ok = ms < TARGET_MS;
		printf("tally %s %ux%d %.0f ms target < %.0f ms %s\n", tally_method_name(runs[k].m),
		       NBALLOTS, NCAND, ms, TARGET_MS, ok ? "OK" : "MISS");
	}
	/* the other paths of the pairwise count, for information: unranked as
	 * "no opinion", and weighted rows (64-bit counters, no vector
	 * compares), every weight 1 so the figures compare */
	tally_ballots b = {NCAND, NBALLOTS, ranks, NULL};
	tally_options o = {.method = TALLY_SCHULZE, .unranked_ignore = true};
	printf("  schulze, unranked = no opinion: %.0f ms\n", time_method(&b, &o));
	uint32_t *ones = mem_alloc(NBALLOTS * sizeof *ones);
	for (size_t i = 0; i < NBALLOTS; i++)
		ones[i] = 1;
	b.weight = ones;
	o.unranked_ignore = false;
	printf("  schulze, the same rows weighted: %.0f ms\n", time_method(&b, &o));
	free(ones);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("tally peak RSS %.1f MB (the ballots alone: 4 x %.1f MB)\n", ru.ru_maxrss / 1024.0,
	       cells * sizeof(int16_t) / 1048576.0);
	free(ranks);
	free(approval);
	free(dots);
	free(grades);
	return 0;
}
