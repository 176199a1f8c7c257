/*
 * assign_bench.c — times the working-group assignment engine (assign.h)
 * against its target of DESIGN.md section 7: 10 000 participants × 50
 * groups, exact, in under a second on the 2-core reference machine.
 *
 * Built against the library like every bench/NAME_bench.c:
 *   cc -std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc bench/assign_bench.c \
 *      build/libfabrique.a $(pkg-config --libs ...) -lpthread -lm
 *
 * The preferences are generated, fixed-seed, so every run solves the same
 * problems: each group has a popularity (a few groups are very popular,
 * most are not, Zipf-like), and each participant ranks every group by
 * popularity plus a personal taste drawn from a Gumbel distribution (the
 * Plackett-Luce model of rankings, so rankings are correlated but
 * varied). Sizes bind on both sides: every group takes 160 to 240, so the
 * popular groups fill up and the unpopular ones must be brought to their
 * minimum. Lines printed:
 *   the target line (every group ranked, no diversity rule), then, for
 *   information, a variant where each participant ranks only 10 groups,
 *   and one with 7 organisation kinds, one of them a third of everyone,
 *   and a share of 3/10 (at most 72 of a kind per group) that binds. Each line gives
 *   the worst rank, the sum of squared ranks and the 1st-choice count;
 *   the last line the process's peak RSS.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "engines/assign.h"

#define N 10000
#define M 50

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Fills rank (N × M) with Plackett-Luce rankings; only the first
 * `ranked` places are kept (the rest left unranked). */
static void make_preferences(int16_t *rank, int ranked)
{
	double logpop[M];
	for (int g = 0; g < M; g++)
		logpop[g] = log(1.0 / pow(g + 1, 1.1));	/* Zipf-like popularity */
	for (int p = 0; p < N; p++) {
		double score[M];
		int order[M];
		for (int g = 0; g < M; g++) {
			score[g] = logpop[g] - log(-log(uniform()));	/* + Gumbel taste */
			order[g] = g;
		}
		/* insertion sort by score, best first (M is small) */
		for (int i = 1; i < M; i++) {
			int v = order[i], j = i;
			while (j > 0 && score[order[j - 1]] < score[v]) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = v;
		}
		for (int i = 0; i < M; i++)
			rank[p * M + order[i]] = (int16_t)(i < ranked ? i + 1 : 0);
	}
}

/* Solves and prints one line; returns the time in milliseconds. */
static double run(const char *label, const assign_problem *pb)
{
	arena *a = arena_new();
	assign_result res;
	double t0 = now_ms();
	assign_status st = assign_solve(a, pb, &res);
	double ms = now_ms() - t0;
	if (st != ASSIGN_OK) {
		fprintf(stderr, "assign_bench: %s: %s\n", label, res.reason);
		exit(1);
	}
	printf("%s %.0f ms; worst rank %d%s, sum of squares %lld, first choice %d of %d\n", label,
	       ms, res.worst, res.worst == ASSIGN_UNRANKED(pb->ngroups) ? " (unranked)" : "",
	       res.sum_squares, res.count[1], pb->npeople);
	arena_free(a);
	return ms;
}

int main(void)
{
	int16_t *rank = malloc((size_t)N * M * sizeof *rank);
	int *kind = malloc(N * sizeof *kind), lo[M], hi[M];
	if (!rank || !kind)
		return 1;
	for (int g = 0; g < M; g++) {
		lo[g] = 160;
		hi[g] = 240;
	}
	make_preferences(rank, M);
	assign_problem pb = {.npeople = N, .ngroups = M, .rank = rank, .min_size = lo,
			     .max_size = hi, .seed = 20240611};

	/* the target: best of 3 runs, as the first pays for page faults */
	double best = 1e9;
	for (int i = 0; i < 3; i++) {
		arena *a = arena_new();
		assign_result res;
		double t0 = now_ms();
		if (assign_solve(a, &pb, &res) != ASSIGN_OK) {
			fprintf(stderr, "assign_bench: %s\n", res.reason);
			return 1;
		}
		double ms = now_ms() - t0;
		if (ms < best)
			best = ms;
		if (i == 2)
			printf("assign %dx%d %.0f ms target < 1000 ms %s (worst rank %d, sum of squares "
			       "%lld, first choice %d)\n",
			       N, M, best, best < 1000 ? "OK" : "MISS", res.worst, res.sum_squares,
			       res.count[1]);
		arena_free(a);
	}

	run("  same, one run:", &pb);
	make_preferences(rank, 10);
	run("  10 groups ranked each:", &pb);
	make_preferences(rank, M);
	/* 7 kinds and none; kind 0 (say, large firms) is a third of everyone,
	 * so that its cap of 72 per group binds: 3 300 of them for 3 600 places */
	for (int p = 0; p < N; p++) {
		double u = uniform();
		kind[p] = u < 0.33 ? 0 : u < 0.9 ? 1 + (int)((u - 0.33) / 0.57 * 6) : -1;
	}
	pb.kind = kind;
	pb.nkinds = 7;
	pb.share_num = 3;
	pb.share_den = 10;
	run("  7 kinds, share 3/10:", &pb);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("  peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
	free(rank);
	free(kind);
	return 0;
}
