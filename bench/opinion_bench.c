/*
 * opinion_bench.c — times opinion_compute (engines/opinion.h), the full
 * recompute of a controversy's opinion map, against DESIGN.md section 7:
 * 1 M votes (8 000 participants × 8 000 statements) in under 0.5 s and
 * 10 M votes in under 5 s on the 2-core reference machine. Built and run
 * by bench/engines.sh like every bench/NAME_bench.c; bench/opinion.sh runs
 * it again with OPINION_BENCH_DATA set, to run the NumPy/scikit-learn
 * reference (bench/opinion_ref.py) on the same votes.
 *
 * The votes are generated with a fixed seed (splitmix64, written here, so
 * every run counts the same votes), with a planted opinion structure:
 *   - 3 groups holding 45 %, 35 % and 20 % of the participants;
 *   - every statement has a pass probability (5 to 25 %); half of them are
 *     divisive: each group leans for (agrees 80 % of its non-pass votes) or
 *     against (20 %) at random, not all groups the same way; the other half
 *     are consensual, every group agreeing with the same probability
 *     (drawn from 10 to 90 %);
 *   - each participant votes on a uniformly random subset of the
 *     statements, of a size drawn uniformly from 1 to 249 (mean 125), the
 *     sizes then nudged so that the total is exactly the target (so about
 *     2.4 % of the participants have fewer than 7 votes and are projected
 *     but not clustered);
 *   - the triplets are shuffled (a database hands them over in no useful
 *     order; the engine gets no help from sorted input).
 * Two sizes, the same density (1/64, mean 125 votes per participant):
 *   1m:  8 000 participants ×  8 000 statements,  1 000 000 votes;
 *   10m: 80 000 participants × 8 000 statements, 10 000 000 votes
 * (ten times the participants rather than ten times the votes per
 * participant: a conversation grows by its crowd, and 1 250 votes per
 * person would be unlike any real one).
 *
 * Each size is computed 3 times (engine seed 42); the line shows the
 * median. The runs must agree bit for bit (the header promises it). Then
 * the groups found, the silhouette of the chosen k, and the adjusted Rand
 * index of the groups against the planted ones over the clustered
 * participants (opinion_ari), a check that the map finds what was put in.
 * Peak memory: the resident high-water mark of the process (VmHWM, reset
 * before each size through /proc/self/clear_refs so each size has its own;
 * getrusage's ru_maxrss where that is not possible), and the size of the
 * votes themselves, which it includes.
 *
 * Output: one line per size,
 *   opinion 1m 8000x8000 1000000 votes <ms> ms target < 500 ms OK|MISS
 * then, indented, the runs, groups, ARI and peak RSS.
 *
 * Environment:
 *   OPINION_BENCH_DATA  a directory: the votes of each size are written
 *                       there as opinion-1m.votes / opinion-10m.votes
 *                       (format below), and the engine's groups as
 *                       opinion-1m.cgroups / opinion-10m.cgroups (int32
 *                       per participant, -1 for none), for opinion_ref.py;
 *   OPINION_BENCH_SIZES "1m", "10m" or "1m 10m" (the default);
 *   OPINION_BENCH_RUNS  runs per size (default 3).
 * Votes file, little-endian (this is what the reference reads):
 *   "FABOPIN1", int32 P, int32 C, int64 nvotes, uint64 engine seed,
 *   int32 planted groups, int32 0, then int32 participant[nvotes],
 *   int32 statement[nvotes], int8 value[nvotes], int32 planted[P].
 *
 * Exit status 0 even on a MISS (a benchmark reports, it does not judge);
 * 1 when a result is inconsistent: the engine refuses the input, runs
 * disagree, the vote counts are off, no groups are found, or the ARI is
 * under 0.5.
 */
#include "engines/opinion.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define NGROUPS 3
#define ENGINE_SEED 42
#define MAX_RUNS 9
#define MIN_ARI 0.5

static const double group_share[NGROUPS] = {0.45, 0.35, 0.20};

typedef struct size_spec {
	const char *name;
	int P, C;
	size_t nvotes;
	double target_ms;
	uint64_t seed;
} size_spec;

static const size_spec sizes[] = {
	{"1m", 8000, 8000, 1000000, 500.0, 0x0F1A10A1u},
	{"10m", 80000, 8000, 10000000, 5000.0, 0x0F1A10A2u},
};

static uint64_t rng_state;

static uint64_t rng_next(void)	/* splitmix64 */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rng_uniform(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

static uint32_t rng_below(uint32_t n)
{
	return (uint32_t)(((rng_next() >> 32) * (uint64_t)n) >> 32);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "opinion_bench: out of memory (%zu bytes)\n", n);
		exit(1);
	}
	return p;
}

/* Resets the resident high-water mark; 0 when the kernel allows it. */
static int reset_peak(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return -1;
	int ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* The resident high-water mark in MB: VmHWM, else ru_maxrss. */
static double peak_mb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (f) {
		char line[256];
		while (fgets(line, sizeof line, f)) {
			long kb;
			if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) {
				fclose(f);
				return kb / 1024.0;
			}
		}
		fclose(f);
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024.0;
}

typedef struct votes {
	int P, C;
	size_t n;
	int32_t *participant, *statement;
	int8_t *value;
	int *planted;	/* P: planted group */
} votes;

static void generate(const size_spec *s, votes *v)
{
	int P = s->P, C = s->C;
	rng_state = s->seed;
	v->P = P;
	v->C = C;
	v->n = s->nvotes;
	v->participant = xmalloc(s->nvotes * sizeof *v->participant);
	v->statement = xmalloc(s->nvotes * sizeof *v->statement);
	v->value = xmalloc(s->nvotes);
	v->planted = xmalloc((size_t)P * sizeof *v->planted);

	/* statements: pass probability and each group's agree probability */
	double *pass = xmalloc((size_t)C * sizeof *pass);
	double *agree = xmalloc((size_t)C * NGROUPS * sizeof *agree);
	for (int j = 0; j < C; j++) {
		pass[j] = 0.05 + 0.20 * rng_uniform();
		if (rng_uniform() < 0.5) {
			int lean;
			do	/* not every group the same way */
				lean = (int)rng_below(1u << NGROUPS);
			while (lean == 0 || lean == (1 << NGROUPS) - 1);
			for (int g = 0; g < NGROUPS; g++)
				agree[j * NGROUPS + g] = lean >> g & 1 ? 0.8 : 0.2;
		} else {
			double a = 0.1 + 0.8 * rng_uniform();
			for (int g = 0; g < NGROUPS; g++)
				agree[j * NGROUPS + g] = a;
		}
	}

	/* participants: group, then the number of votes, summing to n */
	int *nv = xmalloc((size_t)P * sizeof *nv);
	size_t total = 0;
	int maxn = (int)(2 * s->nvotes / (size_t)P) - 1;	/* 1 .. maxn, mean n/P */
	if (maxn > C)
		maxn = C;
	for (int i = 0; i < P; i++) {
		double u = rng_uniform(), acc = 0;
		int g = 0;
		while (g < NGROUPS - 1 && u >= (acc += group_share[g]))
			g++;
		v->planted[i] = g;
		nv[i] = 1 + (int)rng_below((uint32_t)maxn);
		total += (size_t)nv[i];
	}
	while (total != s->nvotes) {
		int i = (int)rng_below((uint32_t)P);
		if (total < s->nvotes && nv[i] < C) {
			nv[i]++;
			total++;
		} else if (total > s->nvotes && nv[i] > 1) {
			nv[i]--;
			total--;
		}
	}

	/* the votes: a partial Fisher-Yates over a permutation of the
	 * statements per participant, its swaps undone afterwards */
	int *perm = xmalloc((size_t)C * sizeof *perm);
	int *swap = xmalloc((size_t)C * sizeof *swap);
	for (int j = 0; j < C; j++)
		perm[j] = j;
	size_t at = 0;
	for (int i = 0; i < P; i++) {
		int g = v->planted[i];
		for (int k = 0; k < nv[i]; k++) {
			int r = k + (int)rng_below((uint32_t)(C - k));
			int t = perm[k];
			perm[k] = perm[r];
			perm[r] = t;
			swap[k] = r;
			int j = perm[k];
			double u = rng_uniform();
			int8_t x = u < pass[j] ? 0 : rng_uniform() < agree[j * NGROUPS + g] ? 1 : -1;
			v->participant[at] = i;
			v->statement[at] = j;
			v->value[at] = x;
			at++;
		}
		for (int k = nv[i] - 1; k >= 0; k--) {
			int t = perm[k];
			perm[k] = perm[swap[k]];
			perm[swap[k]] = t;
		}
	}
	/* shuffle the triplets */
	for (size_t k = v->n - 1; k > 0; k--) {
		size_t r = (size_t)(rng_next() % (k + 1));
		int32_t tp = v->participant[k], ts = v->statement[k];
		int8_t tv = v->value[k];
		v->participant[k] = v->participant[r];
		v->statement[k] = v->statement[r];
		v->value[k] = v->value[r];
		v->participant[r] = tp;
		v->statement[r] = ts;
		v->value[r] = tv;
	}
	free(perm);
	free(swap);
	free(nv);
	free(pass);
	free(agree);
}

static void free_votes(votes *v)
{
	free(v->participant);
	free(v->statement);
	free(v->value);
	free(v->planted);
}

static int write_all(FILE *f, const void *p, size_t size, size_t n)
{
	return fwrite(p, size, n, f) == n ? 0 : -1;
}

static int write_votes(const char *path, const votes *v)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int32_t hdr32[2] = {v->P, v->C};
	int64_t n = (int64_t)v->n;
	uint64_t seed = ENGINE_SEED;
	int32_t tail[2] = {NGROUPS, 0};
	int32_t *planted = xmalloc((size_t)v->P * sizeof *planted);
	for (int i = 0; i < v->P; i++)
		planted[i] = v->planted[i];
	int rc = write_all(f, "FABOPIN1", 1, 8) | write_all(f, hdr32, 4, 2) | write_all(f, &n, 8, 1) |
		 write_all(f, &seed, 8, 1) | write_all(f, tail, 4, 2) |
		 write_all(f, v->participant, 4, v->n) | write_all(f, v->statement, 4, v->n) |
		 write_all(f, v->value, 1, v->n) | write_all(f, planted, 4, (size_t)v->P);
	free(planted);
	return (fclose(f) != 0) | rc ? -1 : 0;
}

static int write_groups(const char *path, const opinion_result *r)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int32_t *g = xmalloc((size_t)r->nparticipants * sizeof *g);
	for (int i = 0; i < r->nparticipants; i++)
		g[i] = r->group[i];
	int rc = write_all(f, g, 4, (size_t)r->nparticipants);
	free(g);
	return (fclose(f) != 0) | rc ? -1 : 0;
}

/* 1 if a and b are the same map, as far as the bench can tell cheaply. */
static int same_result(const opinion_result *a, const opinion_result *b)
{
	size_t P = (size_t)a->nparticipants, C = (size_t)a->nstatements;
	if (a->ngroups != b->ngroups || a->nbase != b->nbase || a->nclustered != b->nclustered ||
	    a->nconsensus != b->nconsensus)
		return 0;
	if (memcmp(a->x, b->x, P * sizeof *a->x) || memcmp(a->y, b->y, P * sizeof *a->y) ||
	    memcmp(a->group, b->group, P * sizeof *a->group) ||
	    memcmp(a->pc1, b->pc1, C * sizeof *a->pc1) ||
	    memcmp(a->priority, b->priority, C * sizeof *a->priority))
		return 0;
	return 1;
}

/* Runs one size; returns 0, or 1 on an inconsistency. */
static int bench_size(const size_spec *s, const char *datadir, int runs)
{
	int peak_reset = reset_peak() == 0;
	double t0 = now_ms();
	votes v;
	generate(s, &v);
	double gen_ms = now_ms() - t0;
	double data_mb = (double)v.n * 9 / 1048576.0;

	char path[4096];
	if (datadir) {
		snprintf(path, sizeof path, "%s/opinion-%s.votes", datadir, s->name);
		if (write_votes(path, &v) != 0) {
			fprintf(stderr, "opinion_bench: cannot write %s\n", path);
			free_votes(&v);
			return 1;
		}
	}

	opinion_input in = {
		.nparticipants = v.P,
		.nstatements = v.C,
		.nvotes = v.n,
		.vote_participant = v.participant,
		.vote_statement = v.statement,
		.vote_value = v.value,
		.excluded = NULL,
		.seed = ENGINE_SEED,
		.given_group = NULL,
	};
	double t[MAX_RUNS];
	opinion_result first = {0};
	int bad = 0;
	for (int k = 0; k < runs && !bad; k++) {
		opinion_result r;
		const char *why = NULL;
		double a = now_ms();
		opinion_rc rc = opinion_compute(&in, &r, &why);
		t[k] = now_ms() - a;
		if (rc != OPINION_OK) {
			fprintf(stderr, "opinion_bench %s: opinion_compute refused the votes: %s\n", s->name,
				why ? why : "?");
			bad = 1;
			break;
		}
		if (k == 0) {
			first = r;
		} else {
			if (!same_result(&first, &r)) {
				fprintf(stderr, "opinion_bench %s: run %d differs from run 1\n", s->name, k + 1);
				bad = 1;
			}
			opinion_free(&r);
		}
	}
	if (bad) {
		opinion_free(&first);
		free_votes(&v);
		return 1;
	}
	double sorted[MAX_RUNS];
	memcpy(sorted, t, (size_t)runs * sizeof t[0]);
	qsort(sorted, (size_t)runs, sizeof sorted[0], cmp_double);
	double ms = sorted[runs / 2];
	double peak = peak_mb();

	/* checks of the map against what was generated */
	long seen = 0;
	for (int j = 0; j < v.C; j++)
		seen += first.counts[j].seen;
	double ari = opinion_ari(v.P, v.planted, first.group);
	if ((size_t)seen != v.n || first.ngroups < 2 || !(ari >= MIN_ARI)) {
		fprintf(stderr,
			"opinion_bench %s: inconsistent map: %ld votes counted of %zu, %d groups, ARI %.3f "
			"(wanted >= %.1f)\n",
			s->name, seen, v.n, first.ngroups, ari, MIN_ARI);
		bad = 1;
	}

	printf("opinion %s %dx%d %zu votes %.1f ms target < %.0f ms %s\n", s->name, v.P, v.C, v.n, ms,
	       s->target_ms, ms < s->target_ms ? "OK" : "MISS");
	printf("  runs:");
	for (int k = 0; k < runs; k++)
		printf(" %.1f", t[k]);
	printf(" ms (median of %d); votes generated in %.0f ms\n", runs, gen_ms);
	printf("  %d voters, %d clustered, %d base clusters, %d groups (silhouette %.3f; planted %d), "
	       "ARI vs planted %.3f\n",
	       first.nvoters, first.nclustered, first.nbase, first.ngroups,
	       first.ngroups >= 2 ? first.silhouette[first.ngroups] : NAN, NGROUPS, ari);
	printf("  peak RSS %.1f MB%s (the votes alone: %.1f MB)\n", peak,
	       peak_reset ? " for this size" : " of the process so far", data_mb);

	if (datadir) {
		snprintf(path, sizeof path, "%s/opinion-%s.cgroups", datadir, s->name);
		if (write_groups(path, &first) != 0) {
			fprintf(stderr, "opinion_bench: cannot write %s\n", path);
			bad = 1;
		}
	}
	opinion_free(&first);
	free_votes(&v);
	return bad;
}

int main(void)
{
	const char *datadir = getenv("OPINION_BENCH_DATA");
	if (datadir && !*datadir)
		datadir = NULL;
	const char *which = getenv("OPINION_BENCH_SIZES");
	if (!which || !*which)
		which = "1m 10m";
	int runs = 3;
	const char *r = getenv("OPINION_BENCH_RUNS");
	if (r && *r) {
		runs = atoi(r);
		if (runs < 1 || runs > MAX_RUNS) {
			fprintf(stderr, "opinion_bench: OPINION_BENCH_RUNS must be 1 .. %d\n", MAX_RUNS);
			return 1;
		}
	}
	int bad = 0, done = 0;
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		/* whole words of the list */
		const char *p = which;
		size_t len = strlen(sizes[k].name);
		int wanted = 0;
		while ((p = strstr(p, sizes[k].name)) != NULL) {
			if ((p == which || p[-1] == ' ' || p[-1] == ',') &&
			    (p[len] == 0 || p[len] == ' ' || p[len] == ','))
				wanted = 1;
			p += len;
		}
		if (!wanted)
			continue;
		bad |= bench_size(&sizes[k], datadir, runs);
		done++;
		fflush(stdout);
	}
	if (!done) {
		fprintf(stderr, "opinion_bench: OPINION_BENCH_SIZES names no size (1m, 10m)\n");
		return 1;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("opinion peak RSS %.1f MB (getrusage, the whole process)\n", ru.ru_maxrss / 1024.0);
	return bad;
}
