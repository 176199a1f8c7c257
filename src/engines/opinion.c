/*
 * opinion.c — the opinion map engine (see opinion.h): sparse vote storage,
 * PCA by block Krylov (power) iteration, projections, base and group
 * k-means, the silhouette choice of the number of groups, and the
 * per-group statistics (representative statements, consensus,
 * group-informed consensus, divisiveness, extremity, priority). Also the
 * statement picker, the adjusted Rand index and the seeded generator.
 *
 * Pure: no I/O, no clock, no global state; every array of the result comes
 * from mem_alloc/mem_calloc and is released by opinion_free. Large inputs
 * get a second thread for the passes over the votes (storage, PCA
 * products, projections, counts) and for the base k-means, which changes
 * nothing in the result: the work is split by the input alone and every
 * sum the split could reorder is exact (integers or fixed point). Not for:
 * reading votes from anywhere, deciding who may vote, or scheduling the
 * recomputation (domain code does that).
 *
 * Faithfulness to Pol.is (whose source was read for the facts, not copied):
 * the in-conversation rule, the column centring, moderated statements as
 * zeroed columns, the sparsity-aware projection, k-means started on the
 * first k distinct points and stopped once no centre moves by 0.01,
 * groups started on the first k base centres, and
 * the silhouette on the base centres follow Pol.is' math service. Where
 * Pol.is depends on its own history (it restarts k-means from the previous
 * run's clusters, keeps participants "in" once they got in, and changes
 * its number of groups only after 4 computations agree), this engine
 * computes from scratch, with two stateless stand-ins explained at
 * group_clusters. On the published Pol.is conversations of
 * ../shared/data/polis-opendata it finds the same number of groups in 16
 * of 17 and a median adjusted Rand index of 0.81 with Pol.is' groups
 * (tests/unit/test_opinion_polis.c).
 *
 * Storage: votes are kept once, by participant, in compressed sparse form
 * (CSR), each vote coded with its statement and value in 32 bits, built by
 * a two-level radix placement in O(votes + P + C); counts and means per
 * statement come from the same passes. Nothing is ever P × C.
 */
#include "opinion.h"

#include "../core/mem.h"

#include <assert.h>
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* ---- tuning (fixed: they are part of what a seed reproduces) ---- */

#define BASE_K 100		/* base clusters, as Pol.is */
#define BASE_ITERS 100		/* k-means iterations for base clusters (Pol.is: 100) */
#define GROUP_ITERS 100		/* k-means iterations for groups */
#define GROUP_RESTARTS 8	/* seeded k-means++ starts besides Pol.is' own start */
#define RESTART_GAIN 0.10	/* how much less inertia a restart needs (see group_clusters) */
#define SILHOUETTE_MARGIN 0.05	/* how much better a larger k must be (see group_clusters) */
#define PCA_BLOCK 2		/* vectors iterated together (the 2 wanted) */
#define PCA_KRYLOV 48		/* Krylov basis vectors before a restart */
#define PCA_KEEP 3		/* Ritz blocks kept at a restart */
#define PCA_MAX_PRODUCTS 4000	/* a bound on time; real data converges in a few dozen */
#define PCA_TOL 1e-6		/* residual ‖Av − θv‖ relative to θ1 ... */
#define PCA_TOL_GAP 1e-5	/* ... and to θ2 − θ3 (see pca2) ... */
#define PCA_TOL_MIN 1e-9	/* ... but never below this relative to θ1 */
#define SPLIT_VOTES 200000	/* from this many votes, a second thread shares the work */
#define SPLIT_POINTS 2000	/* from this many points, base k-means uses a second thread */
#define KMEANS_STILL 0.01	/* k-means stops when no centre moves this far (Pol.is) */
#define KMEANS_SAFE (1 - 1e-12)	/* a margin against rounding in the bounds of k-means */
#define BUCKET_BITS 6		/* 2^6 buckets of participants when placing the votes (more if need be) */
#define GREEDY_N 15		/* clustered participants topped up to this many */

/* ---- the generator ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Seeds the four words of xoshiro256** from splitmix64, as its authors
 * recommend: never all zero, and nearby seeds give unrelated streams. */
void opinion_rng_seed(opinion_rng *g, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = 0; i < 4; i++)
		g->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t opinion_rng_next(opinion_rng *g)
{
	uint64_t *s = g->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double opinion_rng_uniform(opinion_rng *g)
{
	return (double)(opinion_rng_next(g) >> 11) * 0x1.0p-53;
}

/* ---- two threads ---- */

/*
 * A second thread for the whole computation, given many short jobs (a
 * PCA product, one k-means iteration: a millisecond or much less). Each
 * job is split in two halves, a and b: helper_run(h, fn, a, b) runs fn(b)
 * on the second thread and fn(a) on the caller's, and returns when both
 * are done. The two halves write disjoint outputs that the caller
 * combines in a fixed order, so the result is the same bit for bit
 * whether the thread runs or not (without it, helper_run runs both).
 *
 * Why the thread waits for work by spinning (for about HELPER_SPIN pause
 * instructions, a few hundred microseconds) before it sleeps on a
 * condition variable: on this kind of virtual machine, waking a sleeping
 * thread took some 60 µs, longer than many of the jobs, so with a plain
 * condition variable the second core sat mostly idle and a k-means
 * iteration on two threads was slower than on one. Between the jobs of
 * one computation the thread never sleeps; after the last it does, so an
 * idle server burns no CPU. The caller spins in turn while the second
 * half finishes, yielding the core after a while in case the thread was
 * descheduled.
 */
#define HELPER_SPIN 4096

typedef struct helper {
	thrd_t thread;
	mtx_t lock;
	cnd_t wake;
	int (*fn)(void *);
	void *arg;
	atomic_ulong posted, finished;	/* jobs given, jobs done */
	atomic_int sleeping, quit;
	int running;
} helper;

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

static int helper_main(void *arg)
{
	helper *h = arg;
	unsigned long seen = 0;
	for (;;) {
		int spin = 0;
		while (atomic_load(&h->posted) == seen && !atomic_load(&h->quit) && spin++ < HELPER_SPIN)
			cpu_relax();
		if (atomic_load(&h->posted) == seen) {
			/* Sleep; helper_run reads `sleeping` after posting
			 * (both sequentially consistent), so either it sees
			 * the flag and signals, or this sees the job. */
			mtx_lock(&h->lock);
			atomic_store(&h->sleeping, 1);
			while (atomic_load(&h->posted) == seen && !atomic_load(&h->quit))
				cnd_wait(&h->wake, &h->lock);
			atomic_store(&h->sleeping, 0);
			mtx_unlock(&h->lock);
			if (atomic_load(&h->posted) == seen)
				return 0;	/* quit, no job pending */
		}
		seen++;
		h->fn(h->arg);
		atomic_store(&h->finished, seen);
	}
}

/* Starts the thread when par (and a thread can be started). */
static void helper_start(helper *h, int par)
{
	memset(h, 0, sizeof *h);
	atomic_init(&h->posted, 0);
	atomic_init(&h->finished, 0);
	atomic_init(&h->sleeping, 0);
	atomic_init(&h->quit, 0);
	if (!par || mtx_init(&h->lock, mtx_plain) != thrd_success)
		return;
	if (cnd_init(&h->wake) != thrd_success) {
		mtx_destroy(&h->lock);
		return;
	}
	if (thrd_create(&h->thread, helper_main, h) != thrd_success) {
		cnd_destroy(&h->wake);
		mtx_destroy(&h->lock);
		return;
	}
	h->running = 1;
}

static void helper_run(helper *h, int (*fn)(void *), void *a, void *b)
{
	if (!h || !h->running) {
		fn(a);
		fn(b);
		return;
	}
	h->fn = fn;
	h->arg = b;
	unsigned long n = atomic_load(&h->posted) + 1;
	atomic_store(&h->posted, n);	/* publishes fn and arg too */
	if (atomic_load(&h->sleeping)) {
		mtx_lock(&h->lock);
		cnd_signal(&h->wake);
		mtx_unlock(&h->lock);
	}
	fn(a);
	for (int spin = 0; atomic_load(&h->finished) != n; spin++) {
		if (spin < HELPER_SPIN)
			cpu_relax();
		else
			thrd_yield();
	}
}

static void helper_stop(helper *h)
{
	if (!h->running)
		return;
	atomic_store(&h->quit, 1);
	mtx_lock(&h->lock);
	cnd_signal(&h->wake);
	mtx_unlock(&h->lock);
	thrd_join(h->thread, NULL);
	cnd_destroy(&h->wake);
	mtx_destroy(&h->lock);
	h->running = 0;
}

/* ---- the votes, stored sparse ---- */

/* A vote is coded 3·statement + value + 1: 0, 1, 2 for disagree, pass,
 * agree on statement 0, then 3, 4, 5 on statement 1, and so on. */

typedef struct votes {
	int P, C;
	/* By participant, every vote (excluded statements included, so that
	 * duplicates are found there too), coded as above: the rows of the
	 * vote matrix X. Within a row, the votes are in no useful order: every
	 * sum over a row is computed exactly (see fixed_table), so that order
	 * changes nothing. */
	size_t *rstart;		/* P + 1 */
	uint32_t *code;
	int *colcnt;		/* 3C: votes per statement and value, indexed by code */
	int *nvote;		/* P: votes on statements not excluded */
	int *nraw;		/* P: votes, excluded statements included */
	unsigned char *active;	/* C: not excluded and voted on (X's columns) */
	int nactive;		/* how many statements are active */
	int ncols;		/* C' of opinion.h: statements with a vote, excluded or not */
	int nexcl;		/* excluded statements with a vote (Pol.is' zeroed columns) */
	int maxrow;		/* the longest row */
	int par;		/* 1: enough votes for a second thread */
	helper *h;		/* the second thread when par, else NULL */
	int split;		/* rows 0 .. split-1 hold about half the votes (P: no split) */
} votes;

static void votes_free(votes *v)
{
	free(v->rstart);
	free(v->code);
	free(v->colcnt);
	free(v->nvote);
	free(v->nraw);
	free(v->active);
	memset(v, 0, sizeof *v);
}

static int is_excluded(const opinion_input *in, int j)
{
	return in->excluded && in->excluded[j];
}

/* One half of the input for votes_build (see there). */
typedef struct scan_job {
	const opinion_input *in;
	size_t from, to;
	uint32_t *at;		/* P: this half's votes per participant */
	int *colcnt;		/* 3C: votes per code */
	uint32_t *bat;		/* buckets: where this half's next vote goes */
	uint32_t *dest;		/* the rows' array, holding the buckets for now */
	int lowbits, cbits;	/* participant bits within a bucket, code bits */
	int bad;		/* a vote out of range was met */
} scan_job;

static int scan_count(void *arg)
{
	scan_job *job = arg;
	const int32_t *vp = job->in->vote_participant;
	uint32_t P = (uint32_t)job->in->nparticipants, *at = job->at;
	for (size_t q = job->from; q < job->to; q++) {
		uint32_t p = (uint32_t)vp[q];
		if (p >= P) {
			job->bad = 1;
			return 0;
		}
		at[p]++;
	}
	return 0;
}

/* First level of the placement: each vote, with the low bits of its
 * participant, to the bucket of its participant's high bits (a few dozen
 * buckets written in sequence, where writing straight to the rows would
 * touch a random page at every vote). Statements and values are checked
 * and counted here. */
static int scan_bucket(void *arg)
{
	scan_job *job = arg;
	const opinion_input *in = job->in;
	const int32_t *vp = in->vote_participant, *vs = in->vote_statement;
	const int8_t *vv = in->vote_value;
	uint32_t C = (uint32_t)in->nstatements, *bat = job->bat, *dest = job->dest;
	int *colcnt = job->colcnt, lb = job->lowbits, cb = job->cbits;
	uint32_t low = (1u << lb) - 1;
	for (size_t q = job->from; q < job->to; q++) {
		uint32_t p = (uint32_t)vp[q], j = (uint32_t)vs[q], x = (uint32_t)(vv[q] + 1);
		if (j >= C || x > 2) {
			job->bad = 1;
			return 0;
		}
		colcnt[3 * j + x]++;
		dest[bat[p >> lb]++] = (p & low) << cb | (3 * j + x);
	}
	return 0;
}

/* Second level, buckets from .. to-1: each bucket's votes copied aside (a
 * bucket and its rows take the same place in v->code), then each sent to
 * its row, then each row checked for a statement met twice. */
typedef struct place_job {
	votes *v;
	const uint8_t *excluded;
	uint32_t *at;		/* P: the next place in each row */
	int lowbits, cbits;
	int from, to;
	size_t most;		/* votes in the largest bucket */
	int dup;
} place_job;

static int place_rows(void *arg)
{
	place_job *job = arg;
	votes *v = job->v;
	const uint8_t *excluded = job->excluded;
	uint32_t *at = job->at, *code = v->code;
	int lb = job->lowbits, cb = job->cbits;
	uint32_t cmask = (1u << cb) - 1;
	uint32_t *aside = mem_alloc((job->most + 1) * sizeof *aside);
	int *stamp = mem_alloc(((size_t)v->C + 1) * sizeof *stamp);
	for (int j = 0; j < v->C; j++)
		stamp[j] = -1;
	const size_t *rstart = v->rstart;
	int dup = 0;
	for (int b = job->from; b < job->to && !dup; b++) {
		int p0 = b << lb, p1 = (b + 1) << lb > v->P ? v->P : (b + 1) << lb;
		size_t s = rstart[p0], n = rstart[p1] - s;
		memcpy(aside, code + s, n * sizeof *aside);
		uint32_t *atb = at + p0;
		for (size_t q = 0; q < n; q++) {
			uint32_t x = aside[q];
			code[atb[x >> cb]++] = x & cmask;
		}
		for (int i = p0; i < p1 && !dup; i++)
			for (size_t q = rstart[i], e = rstart[i + 1]; q < e; q++) {
				uint32_t j = code[q] / 3;
				if (stamp[j] == i) {
					dup = 1;
					break;
				}
				stamp[j] = i;
			}
		if (excluded)
			for (int i = p0; i < p1; i++) {
				int n = 0;
				for (size_t q = rstart[i], e = rstart[i + 1]; q < e; q++)
					n += excluded[code[q] / 3] != 0;
				v->nvote[i] = v->nraw[i] - n;
			}
	}
	job->dup = dup;
	free(stamp);
	free(aside);
	return 0;
}

/* The reason the first bad vote is bad (the slow path of votes_build). */
static const char *first_bad_vote(const opinion_input *in)
{
	for (size_t q = 0; q < in->nvotes; q++) {
		int32_t p = in->vote_participant[q], j = in->vote_statement[q];
		int8_t x = in->vote_value[q];
		if (p < 0 || p >= in->nparticipants)
			return "vote participant out of range";
		if (j < 0 || j >= in->nstatements)
			return "vote statement out of range";
		if (x < -1 || x > 1)
			return "vote value is not -1, 0 or 1";
	}
	return "bad vote";
}

static int bits_for(uint32_t n)	/* bits to write 0 .. n-1 */
{
	int b = 0;
	while (b < 32 && (n - 1) >> b)
		b++;
	return b;
}

/*
 * Checks every vote and builds the rows, in three passes: one checking
 * participants and counting votes per participant (hence where each row
 * and each bucket starts), one checking statements and values, counting
 * votes per (statement, value) and sending each vote to its bucket of
 * participants, then bucket by bucket (each small enough to stay in
 * cache) each vote to its row and the duplicate check of those rows.
 * Large inputs are cut in two halves of the votes for the first two
 * passes, one per thread, each with its own counts (added afterwards) and
 * its own part of every bucket and row (the first half's votes first),
 * and in two halves of the buckets for the last. Returns NULL when fine,
 * else the reason (v is then freed).
 */
static const char *votes_build(const opinion_input *in, helper *h, votes *v)
{
	int P = in->nparticipants, C = in->nstatements;
	size_t nv = in->nvotes;
	memset(v, 0, sizeof *v);
	v->P = P;
	v->C = C;
	v->par = nv >= SPLIT_VOTES;
	v->h = v->par ? h : NULL;
	size_t Pz = (size_t)P + 1, C3 = 3 * (size_t)C + 1;
	/* Buckets of 2^lowbits participants, at most 2^BUCKET_BITS of them
	 * unless a participant's low bits and a vote code would not fit in
	 * 32 bits (a few hundred at the limits of opinion.h). */
	int cbits = bits_for(3 * (uint32_t)(C > 0 ? C : 1)), pbits = bits_for((uint32_t)(P > 0 ? P : 1));
	int lowbits = pbits > BUCKET_BITS ? pbits - BUCKET_BITS : 0;
	lowbits = lowbits + cbits > 32 ? 32 - cbits : lowbits;
	int nb = P > 0 ? ((P - 1) >> lowbits) + 1 : 0;
	scan_job job[2];
	for (int t = 0; t < 2; t++) {
		job[t] = (scan_job){.in = in, .from = t ? nv / 2 : 0, .to = t ? nv : nv / 2,
				    .lowbits = lowbits, .cbits = cbits};
		job[t].at = mem_calloc(Pz, sizeof *job[t].at);
		job[t].colcnt = mem_calloc(C3, sizeof *job[t].colcnt);
		job[t].bat = mem_alloc(((size_t)nb + 1) * sizeof *job[t].bat);
	}
	helper_run(v->h, scan_count, &job[0], &job[1]);
	const char *bad = job[0].bad || job[1].bad ? first_bad_vote(in) : NULL;
	int bsplit = nb;	/* buckets of the second thread in the last pass */
	size_t most = 0;	/* votes in the largest bucket */
	if (!bad) {
		v->rstart = mem_alloc(Pz * sizeof *v->rstart);
		v->nraw = mem_alloc(Pz * sizeof *v->nraw);
		v->nvote = mem_alloc(Pz * sizeof *v->nvote);
		v->rstart[0] = 0;
		v->split = P;
		for (int p = 0; p < P; p++) {
			uint32_t a = job[0].at[p], b = job[1].at[p];
			int n = (int)(a + b);
			if ((p & ((1 << lowbits) - 1)) == 0) {
				int k = p >> lowbits, e = (k + 1) << lowbits > P ? P : (k + 1) << lowbits;
				job[0].bat[k] = (uint32_t)v->rstart[p];
				job[1].bat[k] = (uint32_t)v->rstart[p];
				if (v->par && bsplit == nb && v->rstart[p] >= nv / 2)
					bsplit = k;
				size_t m = 0;
				for (int i = p; i < e; i++)
					m += job[0].at[i] + job[1].at[i];
				most = m > most ? m : most;
			}
			job[1].bat[p >> lowbits] += a;
			v->nraw[p] = v->nvote[p] = n;
			v->maxrow = n > v->maxrow ? n : v->maxrow;
			job[0].at[p] = (uint32_t)v->rstart[p];	/* from here: where row p goes */
			v->rstart[p + 1] = v->rstart[p] + (size_t)n;
			if (v->par && v->split == P && v->rstart[p] >= nv / 2)
				v->split = p;
		}
		v->code = mem_alloc_large((nv + 1) * sizeof *v->code);
		job[0].dest = job[1].dest = v->code;
		helper_run(v->h, scan_bucket, &job[0], &job[1]);
		if (job[0].bad || job[1].bad)
			bad = first_bad_vote(in);
	}
	if (!bad) {
		v->colcnt = job[0].colcnt;
		job[0].colcnt = NULL;
		for (size_t e = 0; e + 1 < C3; e++)
			v->colcnt[e] += job[1].colcnt[e];
		v->active = mem_calloc((size_t)C + 1, 1);
		for (int j = 0; j < C; j++) {
			const int *c = v->colcnt + 3 * (size_t)j;
			if (c[0] + c[1] + c[2] == 0)
				continue;
			v->ncols++;
			if (is_excluded(in, j)) {
				v->nexcl++;
				continue;
			}
			v->active[j] = 1;
			v->nactive++;
		}
		place_job pj[2] = {{v, in->excluded, job[0].at, lowbits, cbits, 0, bsplit, most, 0},
				   {v, in->excluded, job[0].at, lowbits, cbits, bsplit, nb, most, 0}};
		helper_run(v->h, place_rows, &pj[0], &pj[1]);
		if (pj[0].dup || pj[1].dup)
			bad = "two votes for the same participant and statement";
	}
	for (int t = 0; t < 2; t++) {
		free(job[t].at);
		free(job[t].colcnt);
		free(job[t].bat);
	}
	if (bad)
		votes_free(v);
	return bad;
}

/* ---- sums over the rows ---- */

/*
 * Two vectors a, b over the statements as a table of the row sums'
 * terms in fixed point: T[2e], T[2e + 1] = 2^s · (x − μ_j)·a_j and
 * 2^s · (x − μ_j)·b_j rounded toward 0, for the vote code e of (j, x), 0 for
 * statements not active. The sum over a row of X̃ (the centred vote
 * matrix) with a is then Σ T[2e] · 2^-s, added in integers: exact, so
 * that neither the order of the votes within a row nor how the rows are
 * shared between threads changes a bit of the result. s is chosen so that
 * no row's sum can overflow: |T| · (longest row) < 2^62, which leaves
 * about 62 − log2(longest row) bits for the largest term (some 44 for
 * 200 000 statements), far more than any use here needs. Returns 2^-s.
 */
static double fixed_table(const votes *v, const double *mu, const double *a, const double *b, int stride,
			  int64_t *T)
{
	int C = v->C;
	double big = 0;
	for (int j = 0; j < C; j++) {
		if (!v->active[j])
			continue;
		double m = fabs(mu[j]) + 1, x = fabs(a[(size_t)j * stride]), y = fabs(b[(size_t)j * stride]);
		double t = m * (x > y ? x : y);
		big = t > big ? t : big;
	}
	double bound = big * (v->maxrow > 0 ? v->maxrow : 1);
	int s = 0;
	if (bound > 0 && isfinite(bound)) {
		int ex;
		frexp(bound, &ex);	/* bound < 2^ex */
		s = 62 - ex;
		s = s > 1000 ? 1000 : s;
	}
	double scale = ldexp(1, s);	/* a power of two: scaling is exact */
	for (int j = 0; j < C; j++) {
		int64_t *t = T + 6 * (size_t)j;
		if (!v->active[j]) {
			memset(t, 0, 6 * sizeof *t);
			continue;
		}
		double x = a[(size_t)j * stride] * scale, y = b[(size_t)j * stride] * scale;
		for (int c = 0; c < 3; c++) {
			double d = c - 1 - mu[j];
			t[2 * c] = (int64_t)(d * x);	/* rounded toward 0 */
			t[2 * c + 1] = (int64_t)(d * y);
		}
	}
	return ldexp(1, -s);
}

/* One share of the row sums: rows from .. to-1. With U, X̃ᵀX̃ for the
 * two vectors of the table: each row's two sums t, then t added to U at
 * each of the row's codes (U[2e], U[2e + 1], zeroed here); U is turned
 * into X̃ᵀ(X̃ [a b]) by cov_times. Without U, the sums go to sa, sb. */
typedef struct rows_job {
	const votes *v;
	const int64_t *T;
	double unit;
	double *U;
	double *sa, *sb;
	int from, to;
} rows_job;

/* Pairs, one table entry at a time (GCC and Clang vectors: one SSE2
 * instruction where two scalar ones would do the same sums). */
typedef int64_t pair_i64 __attribute__((vector_size(16)));
typedef double pair_f64 __attribute__((vector_size(16)));

static int rows_sums(void *arg)
{
	const rows_job *job = arg;
	const votes *v = job->v;
	const pair_i64 *T = (const pair_i64 *)job->T;
	const uint32_t *code = v->code;
	pair_f64 *U = (pair_f64 *)job->U;
	double unit = job->unit;
	if (U)
		memset(U, 0, 3 * (size_t)v->C * sizeof *U);
	for (int i = job->from; i < job->to; i++) {
		size_t s = v->rstart[i], e = v->rstart[i + 1], q = s;
		pair_i64 a = {0, 0}, b = {0, 0};
		for (; q + 1 < e; q += 2) {
			a += T[code[q]];
			b += T[code[q + 1]];
		}
		if (q < e)
			a += T[code[q]];
		a += b;
		pair_f64 t = {(double)a[0] * unit, (double)a[1] * unit};
		if (!U) {
			job->sa[i] = t[0];
			job->sb[i] = t[1];
			continue;
		}
		for (q = s; q < e; q++)
			U[code[q]] += t;
	}
	return 0;
}

/* The row sums of X̃ with a and b (sa, sb: P each). */
static void rows_dot(const votes *v, const double *mu, const double *a, const double *b, int stride,
		     int64_t *T, double *sa, double *sb)
{
	double unit = fixed_table(v, mu, a, b, stride, T);
	rows_job job[2] = {{v, T, unit, NULL, sa, sb, 0, v->split}, {v, T, unit, NULL, sa, sb, v->split, v->P}};
	helper_run(v->h, rows_sums, &job[0], &job[1]);
}

/* ---- PCA ---- */

/* Scratch of the products: the fixed-point table and each thread's U. */
typedef struct cov_work {
	int64_t *T;
	double *U[2];
	helper *h;	/* the second thread */
} cov_work;

/*
 * W = X̃ᵀ X̃ V for the block V (C × PCA_BLOCK, row-major by statement), X̃
 * the centred vote matrix. Per participant, the row's sums with V (exact,
 * see fixed_table), then each added to U at the row's vote codes: U holds,
 * per statement and value, the sum of X̃V over the participants who voted
 * so, and W_j = Σ_x (x − μ_j)·U[j, x]. This is where the time goes, so
 * large inputs are split in two halves of the votes (v->split), the
 * second computed by a thread into its own U and added at the end. The
 * split and the order of that sum depend on the input only, never on the
 * machine or on whether the thread could start, so the result is the same
 * bit for bit.
 */
static void cov_times(const votes *v, const double *mu, const double *V, double *W, cov_work *cw)
{
	enum { B = PCA_BLOCK };
	double unit = fixed_table(v, mu, V, V + 1, B, cw->T);
	rows_job job[2] = {{v, cw->T, unit, cw->U[0], NULL, NULL, 0, v->split},
			   {v, cw->T, unit, cw->U[1], NULL, NULL, v->split, v->P}};
	helper_run(cw->h, rows_sums, &job[0], &job[1]);
	const double *U0 = cw->U[0], *U1 = cw->U[1];
	for (int j = 0; j < v->C; j++) {
		double *w = W + (size_t)j * B;
		w[0] = w[1] = 0;
		if (!v->active[j])
			continue;
		for (int c = 0; c < 3; c++) {
			double d = c - 1 - mu[j];
			size_t e = 6 * (size_t)j + 2 * c;
			w[0] += d * (U0[e] + U1[e]);
			w[1] += d * (U0[e + 1] + U1[e + 1]);
		}
	}
}

static double col_dot(const double *A, int a, const double *Bm, int b, int C)
{
	double s0 = 0, s1 = 0;	/* two sums: no chain of additions */
	int j = 0;
	for (; j + 1 < C; j += 2) {
		s0 += A[(size_t)j * PCA_BLOCK + a] * Bm[(size_t)j * PCA_BLOCK + b];
		s1 += A[(size_t)(j + 1) * PCA_BLOCK + a] * Bm[(size_t)(j + 1) * PCA_BLOCK + b];
	}
	if (j < C)
		s0 += A[(size_t)j * PCA_BLOCK + a] * Bm[(size_t)j * PCA_BLOCK + b];
	return s0 + s1;
}

static void random_col(double *V, int k, const votes *v, opinion_rng *g)
{
	for (int j = 0; j < v->C; j++) {
		double u = v->active[j] ? opinion_rng_uniform(g) - 0.5 : 0;
		if (V)
			V[(size_t)j * PCA_BLOCK + k] = u;
	}
}

/* D = Yᵀ X for two blocks (b × b, row-major), in one pass over the rows. */
static void block_dot(const double *Y, const double *X, int b, int C, double *D)
{
	enum { B = PCA_BLOCK };
	double acc[B][B] = {{0}};
	for (int j = 0; j < C; j++) {
		const double *y = Y + (size_t)j * B, *x = X + (size_t)j * B;
		for (int l = 0; l < B; l++)
			for (int k = 0; k < B; k++)
				acc[l][k] += y[l] * x[k];
	}
	for (int l = 0; l < b; l++)
		for (int k = 0; k < b; k++)
			D[l * b + k] = acc[l][k];
}

/* X −= Σ_i prev[i] (prev[i]ᵀ X) over the nprev blocks: the dot products of
 * every block first, then the subtraction in one sweep over the rows
 * (classical block Gram-Schmidt). The coefficients prev[i]ᵀ X are added to D[i] when D
 * is given. */
static void project_out(double *X, double *const *prev, int nprev, int C, double (*D)[PCA_BLOCK][PCA_BLOCK])
{
	enum { B = PCA_BLOCK };
	static_assert(B == 2, "written for blocks of two");
	double E[PCA_KRYLOV][B][B];
	assert(nprev <= PCA_KRYLOV);
	for (int i = 0; i < nprev; i++) {	/* block by block, two sums each */
		const double *y = prev[i];
		double a00 = 0, a01 = 0, a10 = 0, a11 = 0, b00 = 0, b01 = 0, b10 = 0, b11 = 0;
		int j = 0;
		for (; j + 1 < C; j += 2) {
			const double *ya = y + (size_t)j * B, *xa = X + (size_t)j * B;
			a00 += ya[0] * xa[0];
			a01 += ya[0] * xa[1];
			a10 += ya[1] * xa[0];
			a11 += ya[1] * xa[1];
			b00 += ya[2] * xa[2];
			b01 += ya[2] * xa[3];
			b10 += ya[3] * xa[2];
			b11 += ya[3] * xa[3];
		}
		if (j < C) {
			const double *ya = y + (size_t)j * B, *xa = X + (size_t)j * B;
			a00 += ya[0] * xa[0];
			a01 += ya[0] * xa[1];
			a10 += ya[1] * xa[0];
			a11 += ya[1] * xa[1];
		}
		E[i][0][0] = a00 + b00;
		E[i][0][1] = a01 + b01;
		E[i][1][0] = a10 + b10;
		E[i][1][1] = a11 + b11;
	}
	for (int j = 0; j < C; j++) {
		double x[B];
		for (int k = 0; k < B; k++)
			x[k] = X[(size_t)j * B + k];
		for (int i = 0; i < nprev; i++) {
			const double *y = prev[i] + (size_t)j * B;
			for (int l = 0; l < B; l++)
				for (int k = 0; k < B; k++)
					x[k] -= y[l] * E[i][l][k];
		}
		for (int k = 0; k < B; k++)
			X[(size_t)j * B + k] = x[k];
	}
	if (D)
		for (int i = 0; i < nprev; i++)
			for (int l = 0; l < B; l++)
				for (int k = 0; k < B; k++)
					D[i][l][k] += E[i][l][k];
}

/*
 * Orthonormalises the first b columns of the block X against the nprev
 * orthonormal blocks prev[] (twice, as "twice is enough" in floating
 * point, the first time only against the last two), then its columns
 * against each other. A column that vanishes
 * (the Krylov space has run out of new directions) is replaced by a fresh
 * random one, orthogonalised in turn. Columns b .. PCA_BLOCK-1 are zero
 * and stay so. When given, D[i] gets prev[i]ᵀ X (nprev blocks) and Rf the
 * triangular factor of what is left (X − Σ prev[i] D[i] = X' Rf, X' the
 * result; for a replaced column, its tiny remainder). Returns 0, or -1
 * when no independent column can be found (the active space is
 * exhausted).
 */
static int orthonormalise(double *X, int b, double *const *prev, int nprev, const votes *v, opinion_rng *g,
			  double (*D)[PCA_BLOCK][PCA_BLOCK], double Rf[PCA_BLOCK][PCA_BLOCK])
{
	enum { B = PCA_BLOCK };
	int C = v->C;
	double before[B];
	if (D)
		memset(D, 0, (size_t)nprev * sizeof D[0]);
	if (Rf)
		memset(Rf, 0, B * sizeof Rf[0]);
	for (int k = 0; k < b; k++)
		before[k] = sqrt(col_dot(X, k, X, k, C));
	/* The last two blocks first (in a Krylov basis, nearly all of X lies
	 * there), then all of them. */
	if (nprev > 0) {
		int near = nprev < 2 ? nprev : 2;
		project_out(X, prev + (nprev - near), near, C, D ? D + (nprev - near) : NULL);
		project_out(X, prev, nprev, C, D);
	}
	for (int k = 0; k < b; k++) {
		int ok = 0;
		for (int attempt = 0; attempt < 8 && !ok; attempt++) {
			if (attempt > 0) {	/* a fresh column, against everything */
				random_col(X, k, v, g);
				before[k] = sqrt(col_dot(X, k, X, k, C));
				for (int pass = 0; pass < 2; pass++)
					for (int i = 0; i < nprev; i++)
						for (int l = 0; l < b; l++) {
							double d = col_dot(prev[i], l, X, k, C);
							for (int j = 0; j < C; j++)
								X[(size_t)j * B + k] -= d * prev[i][(size_t)j * B + l];
						}
			}
			for (int pass = 0; pass < 2; pass++)
				for (int l = 0; l < k; l++) {
					double d = col_dot(X, l, X, k, C);
					for (int j = 0; j < C; j++)
						X[(size_t)j * B + k] -= d * X[(size_t)j * B + l];
					if (Rf && attempt == 0)
						Rf[l][k] += d;
				}
			double n = sqrt(col_dot(X, k, X, k, C));
			if (Rf && attempt == 0)
				Rf[k][k] = n;
			if (n > 0 && n > 1e-10 * before[k]) {
				for (int j = 0; j < C; j++)
					X[(size_t)j * B + k] /= n;
				ok = 1;
			}
		}
		if (!ok)
			return -1;
	}
	return 0;
}

/* Eigen-decomposition of the symmetric n × n matrix H (row-major; H is
 * destroyed) by cyclic Jacobi rotations: theta gets the eigenvalues in
 * decreasing order, S (row-major, n × n) the matching unit eigenvectors as
 * columns. n is small (the Krylov basis), so O(n³) per sweep is nothing. */
static void sym_eigen(double *H, int n, double *theta, double *S)
{
	double *E = mem_calloc((size_t)n * n, sizeof *E);
	for (int r = 0; r < n; r++)
		E[r * n + r] = 1;
	for (int sweep = 0; sweep < 100; sweep++) {
		double off = 0, diag = 0;
		for (int r = 0; r < n; r++) {
			diag += H[r * n + r] * H[r * n + r];
			for (int c = r + 1; c < n; c++)
				off += H[r * n + c] * H[r * n + c];
		}
		if (off == 0 || off <= 1e-32 * diag)
			break;
		for (int p = 0; p < n; p++)
			for (int q = p + 1; q < n; q++) {
				double hpq = H[p * n + q];
				if (hpq == 0)
					continue;
				double tau = (H[q * n + q] - H[p * n + p]) / (2 * hpq);
				double t = (tau >= 0 ? 1 : -1) / (fabs(tau) + sqrt(1 + tau * tau));
				double c = 1 / sqrt(1 + t * t), s = t * c;
				for (int k = 0; k < n; k++) {
					double hkp = H[k * n + p], hkq = H[k * n + q];
					H[k * n + p] = c * hkp - s * hkq;
					H[k * n + q] = s * hkp + c * hkq;
				}
				for (int k = 0; k < n; k++) {
					double hpk = H[p * n + k], hqk = H[q * n + k];
					H[p * n + k] = c * hpk - s * hqk;
					H[q * n + k] = s * hpk + c * hqk;
				}
				for (int k = 0; k < n; k++) {
					double ekp = E[k * n + p], ekq = E[k * n + q];
					E[k * n + p] = c * ekp - s * ekq;
					E[k * n + q] = s * ekp + c * ekq;
				}
			}
	}
	int *order = mem_alloc((size_t)n * sizeof *order);
	for (int k = 0; k < n; k++)
		order[k] = k;
	for (int k = 1; k < n; k++)	/* insertion sort, decreasing, stable */
		for (int l = k; l > 0 && H[order[l] * n + order[l]] > H[order[l - 1] * n + order[l - 1]]; l--) {
			int t = order[l];
			order[l] = order[l - 1];
			order[l - 1] = t;
		}
	for (int k = 0; k < n; k++) {
		theta[k] = H[order[k] * n + order[k]];
		for (int r = 0; r < n; r++)
			S[r * n + k] = E[r * n + order[k]];
	}
	free(order);
	free(E);
}

/* Makes the largest-magnitude loading positive, so that the arbitrary sign
 * of an eigenvector does not flip the map. Loadings within a relative
 * 1e-9 of the largest count as tied (equal in exact arithmetic, they
 * differ by rounding), and the first of them decides. */
static void fix_sign(double *pc, int C)
{
	double m = 0;
	for (int j = 0; j < C; j++)
		m = fabs(pc[j]) > m ? fabs(pc[j]) : m;
	int best = -1;
	for (int j = 0; j < C && best < 0; j++)
		if (m > 0 && fabs(pc[j]) >= m * (1 - 1e-9))
			best = j;
	if (best >= 0 && pc[best] < 0)
		for (int j = 0; j < C; j++)
			pc[j] = -pc[j];
}

/* Puts the leading two of the n unit vectors Σ_r basis_r S[r, k] (basis:
 * blocks of PCA_BLOCK columns, b of them used) into pc1 and pc2; pc2 stays
 * 0 without a positive second eigenvalue. */
static void ritz_out(double *const *Q, int b, int n, const double *S, const double *theta, int C, double *pc1,
		     double *pc2)
{
	enum { B = PCA_BLOCK };
	int two = n > 1 && theta[1] > 0;
	for (int j = 0; j < C; j++) {
		double a = 0, c = 0;
		for (int r = 0; r < n; r++) {
			double q = Q[r / b][(size_t)j * B + r % b];
			a += q * S[r * n];
			if (two)
				c += q * S[r * n + 1];
		}
		pc1[j] = a;
		pc2[j] = c;
	}
}

/*
 * The two leading eigenvectors of A = X̃ᵀX̃.
 *
 * With at most PCA_KRYLOV active statements, A itself: the products with
 * the unit vectors of the active statements, two at a time, then the
 * eigen-decomposition of that small matrix.
 *
 * Beyond, by thick-restarted block Krylov (Lanczos) iteration, i.e. power
 * iteration that keeps every power. The basis holds orthonormal blocks of
 * PCA_BLOCK vectors: the kept blocks, then A times the last block
 * orthonormalised against all before it, and so on up to PCA_KRYLOV
 * vectors, with the image under A of each block. The coefficients of
 * that orthogonalisation are the new column of H = QᵀAQ, so after each
 * product Rayleigh-Ritz (the small dense eigenproblem of H) gives the best
 * approximations the basis holds, and their residuals ‖Ay − θy‖ without a
 * further product: they all lie along the part of A·(last block) outside
 * the basis, which is the next block before normalisation. It stops when
 * the two leading Ritz pairs have residuals below PCA_TOL·θ1 and below
 * PCA_TOL_GAP·(θ2 − θ3): the plane of the map is then off by about the
 * residual over that gap, so a second component barely above the third
 * (common on noisy votes) is iterated further (down to PCA_TOL_MIN·θ1),
 * while a clear structure stops early. A full basis restarts from the leading PCA_KEEP blocks of
 * Ritz vectors (with their images, known without a product) and that
 * next block.
 *
 * Why not plain power iteration with deflation (Pol.is): on sparse,
 * noisy votes the second eigenvalue is often within a few per cent (or
 * less) of the third, and power iteration then needs hundreds or
 * thousands of products where a Krylov basis needs a few dozen; a block
 * (rather than a single vector) also finds both components when λ1 = λ2.
 * The answer is the same eigenvectors, to the tolerance.
 */
static void pca2(const votes *v, const double *mu, opinion_rng *g, double *pc1, double *pc2)
{
	enum { B = PCA_BLOCK };
	int C = v->C;
	memset(pc1, 0, (size_t)C * sizeof *pc1);
	memset(pc2, 0, (size_t)C * sizeof *pc2);
	int na = v->nactive;
	if (na == 0)
		return;
	size_t blk = (size_t)C * B;
	cov_work cw = {mem_alloc((6 * (size_t)C + 1) * sizeof *cw.T),
		       {mem_alloc((6 * (size_t)C + 1) * sizeof *cw.U[0]),
			mem_alloc((6 * (size_t)C + 1) * sizeof *cw.U[1])}, v->h};
	/* The start, drawn as it always was (four random columns), so that
	 * the generator is where the later steps expect it. */
	int b = na < B ? na : B;
	double *Q0 = mem_calloc(blk, sizeof *Q0);
	for (int k = 0; k < 4 && k < na; k++)
		random_col(k < b ? Q0 : NULL, k, v, g);

	if (na <= PCA_KRYLOV) {
		int *idx = mem_alloc((size_t)na * sizeof *idx);
		for (int j = 0, m = 0; j < C; j++)
			if (v->active[j])
				idx[m++] = j;
		double *E = mem_calloc(blk, sizeof *E), *AE = mem_alloc(blk * sizeof *AE);
		double *H = mem_alloc((size_t)na * na * sizeof *H), *S = mem_alloc((size_t)na * na * sizeof *S);
		double *theta = mem_alloc((size_t)na * sizeof *theta);
		for (int m = 0; m < na; m += B) {
			for (int k = 0; k < B && m + k < na; k++)
				E[(size_t)idx[m + k] * B + k] = 1;
			cov_times(v, mu, E, AE, &cw);
			for (int k = 0; k < B && m + k < na; k++) {
				E[(size_t)idx[m + k] * B + k] = 0;
				for (int r = 0; r < na; r++)
					H[r * na + m + k] = AE[(size_t)idx[r] * B + k];
			}
		}
		for (int r = 0; r < na; r++)
			for (int c = r + 1; c < na; c++)
				H[r * na + c] = H[c * na + r] = 0.5 * (H[r * na + c] + H[c * na + r]);
		sym_eigen(H, na, theta, S);
		if (theta[0] > 0)
			for (int r = 0; r < na; r++) {
				pc1[idx[r]] = S[r * na];
				pc2[idx[r]] = na > 1 && theta[1] > 0 ? S[r * na + 1] : 0;
			}
		free(idx);
		free(E);
		free(AE);
		free(H);
		free(S);
		free(theta);
		free(Q0);
		goto done;
	}

	int maxblk = PCA_KRYLOV / B;
	int keep = PCA_KEEP;
	double **Q = mem_calloc((size_t)maxblk, sizeof *Q);	/* blocks allocated as needed */
	double **AQ = mem_calloc((size_t)maxblk, sizeof *AQ);
	Q[0] = Q0;
	AQ[0] = mem_alloc(blk * sizeof **AQ);
	enum { N = PCA_KRYLOV };
	double *H = mem_calloc((size_t)N * N, sizeof *H);	/* QᵀAQ, leading dimension N */
	double *Hn = mem_alloc((size_t)N * N * sizeof *Hn);
	double *S = mem_alloc((size_t)N * N * sizeof *S);
	double *theta = mem_alloc((size_t)N * sizeof *theta);
	double *Y = mem_alloc(blk * (size_t)keep * sizeof *Y);
	double *AY = mem_alloc(blk * (size_t)keep * sizeof *AY);
	double *R = mem_calloc(blk, sizeof *R);
	double D[PCA_KRYLOV][B][B], Rf[B][B];

	orthonormalise(Q[0], b, NULL, 0, v, g, NULL, NULL);
	cov_times(v, mu, Q[0], AQ[0], &cw);
	int have = 1, products = 1;
	for (;;) {
		/* The next block, and the last column of blocks of H. */
		int c = have - 1;
		memcpy(R, AQ[c], blk * sizeof *R);
		int exhausted = orthonormalise(R, b, Q, have, v, g, D, Rf) < 0;
		for (int i = 0; i <= c; i++)
			for (int l = 0; l < b; l++)
				for (int k = 0; k < b; k++) {
					double h = i < c ? D[i][l][k] : 0.5 * (D[i][l][k] + D[i][k][l]);
					H[(i * b + l) * N + c * b + k] = H[(c * b + k) * N + i * b + l] = h;
				}
		/* Rayleigh-Ritz. */
		int n = have * b;
		for (int r = 0; r < n; r++)
			memcpy(Hn + (size_t)r * n, H + (size_t)r * N, (size_t)n * sizeof *Hn);
		sym_eigen(Hn, n, theta, S);
		if (!(theta[0] > 0))	/* no variance at all: no components */
			break;
		/* Residuals: ‖Rf · (the last block's rows of the Ritz vector)‖. */
		double res[2] = {0, 0};
		for (int k = 0; k < 2 && k < b; k++) {
			for (int l = 0; l < b && !exhausted; l++) {
				double s = 0;
				for (int m = l; m < b; m++)
					s += Rf[l][m] * S[(c * b + m) * n + k];
				res[k] += s * s;
			}
			res[k] = sqrt(res[k]);
		}
		double tol = PCA_TOL * theta[0], gap = n > 2 ? theta[1] - theta[2] : theta[0];
		tol = PCA_TOL_GAP * gap < tol ? PCA_TOL_GAP * gap : tol;
		tol = tol > PCA_TOL_MIN * theta[0] ? tol : PCA_TOL_MIN * theta[0];
		int conv = res[0] <= tol && res[1] <= tol;
		if (conv || exhausted || products >= PCA_MAX_PRODUCTS) {
			ritz_out(Q, b, n, S, theta, C, pc1, pc2);
			break;
		}
		if (have < maxblk) {
			if (!Q[have]) {
				Q[have] = mem_alloc(blk * sizeof **Q);
				AQ[have] = mem_alloc(blk * sizeof **AQ);
			}
			memcpy(Q[have], R, blk * sizeof *R);
			cov_times(v, mu, Q[have], AQ[have], &cw);
			products++;
			have++;
			continue;
		}
		/* Thick restart: the leading Ritz blocks, then R. */
		memset(Y, 0, blk * (size_t)keep * sizeof *Y);
		memset(AY, 0, blk * (size_t)keep * sizeof *AY);
		int ny = keep * b;
		for (int j = 0; j < C; j++)
			for (int r = 0; r < n; r++) {
				double q = Q[r / b][(size_t)j * B + r % b], aq = AQ[r / b][(size_t)j * B + r % b];
				for (int k = 0; k < ny; k++) {
					Y[blk * (size_t)(k / b) + (size_t)j * B + k % b] += q * S[r * n + k];
					AY[blk * (size_t)(k / b) + (size_t)j * B + k % b] += aq * S[r * n + k];
				}
			}
		for (int i = 0; i < keep; i++) {
			memcpy(Q[i], Y + blk * (size_t)i, blk * sizeof *Y);
			memcpy(AQ[i], AY + blk * (size_t)i, blk * sizeof *AY);
		}
		memset(H, 0, (size_t)N * N * sizeof *H);
		for (int r = 0; r < keep; r++)
			for (int q = 0; q < keep; q++) {
				double Dq[B * B];
				block_dot(Q[r], AQ[q], b, C, Dq);
				for (int l = 0; l < b; l++)
					for (int k = 0; k < b; k++)
						H[(r * b + l) * N + q * b + k] += 0.5 * Dq[l * b + k];
				for (int l = 0; l < b; l++)
					for (int k = 0; k < b; k++)
						H[(q * b + k) * N + r * b + l] += 0.5 * Dq[l * b + k];
			}
		memcpy(Q[keep], R, blk * sizeof *R);
		cov_times(v, mu, Q[keep], AQ[keep], &cw);
		products++;
		have = keep + 1;
	}
	for (int i = 0; i < maxblk; i++) {
		free(Q[i]);
		free(AQ[i]);
	}
	free(Q);
	free(AQ);
	free(H);
	free(Hn);
	free(S);
	free(theta);
	free(Y);
	free(AY);
	free(R);
done:
	free(cw.T);
	free(cw.U[0]);
	free(cw.U[1]);
	fix_sign(pc1, C);
	fix_sign(pc2, C);
}

/* ---- k-means in the plane ---- */

static inline double dist2(double ax, double ay, double bx, double by)
{
	double dx = ax - bx, dy = ay - by;
	return dx * dx + dy * dy;
}

/* The nearest centre to (x, y) (the lower one on ties), with its distance
 * and the distance to the second nearest (INFINITY with one centre). */
static int nearest(double x, double y, const double *cx, const double *cy, int k, double *d1, double *d2)
{
	int best = 0;
	double b1 = dist2(x, y, cx[0], cy[0]), b2 = INFINITY;
	for (int c = 1; c < k; c++) {
		double d = dist2(x, y, cx[c], cy[c]);
		if (d < b1) {
			b2 = b1;
			b1 = d;
			best = c;
		} else if (d < b2) {
			b2 = d;
		}
	}
	*d1 = sqrt(b1);
	*d2 = sqrt(b2);
	return best;
}

/*
 * Lloyd's k-means of n weighted points (w NULL: all 1) from the k centres
 * given in cx, cy: assign each point to its nearest centre (the lower
 * centre on ties), move each centre to its members' weighted mean, drop
 * centres left without members, until no point changes centre, no
 * centre moved by KMEANS_STILL or more in the last round (Pol.is' rule:
 * its k-means stops once every centre moved less than 0.01, in the map's
 * own units, which this engine shares), or maxit rounds. Returns the
 * final number of centres (cx, cy compacted, of[] numbering them
 * 0 .. returned-1 in their original order).
 *
 * Hamerly's bounds skip most distance computations once centres settle:
 * ub[i] bounds the distance to the point's own centre from above, lb[i]
 * the distance to any other centre from below; a point whose ub is below
 * both lb and half the distance from its centre to the next centre cannot
 * change centre. Points that might are re-examined in full, so the result
 * is Lloyd's.
 */
static int kmeans(const double *px, const double *py, const double *w, int n,
		  double *cx, double *cy, int k, int maxit, int *of)
{
	if (n == 0 || k == 0)
		return 0;
	size_t kz = (size_t)k + 1;
	double *sx = mem_alloc(kz * sizeof *sx), *sy = mem_alloc(kz * sizeof *sy);
	double *sw = mem_alloc(kz * sizeof *sw), *move = mem_alloc(kz * sizeof *move);
	double *half = mem_alloc(kz * sizeof *half);
	int *renum = mem_alloc(kz * sizeof *renum);
	double *ub = mem_alloc((size_t)n * sizeof *ub), *lb = mem_alloc((size_t)n * sizeof *lb);
	for (int it = 0; it < maxit; it++) {
		int changed = 0;
		if (it == 0) {
			for (int i = 0; i < n; i++)
				of[i] = nearest(px[i], py[i], cx, cy, k, &ub[i], &lb[i]);
			changed = 1;
		} else {
			for (int c = 0; c < k; c++) {
				double m = INFINITY;
				for (int e = 0; e < k; e++)
					if (e != c) {
						double d = dist2(cx[c], cy[c], cx[e], cy[e]);
						m = d < m ? d : m;
					}
				half[c] = 0.5 * sqrt(m);
			}
			for (int i = 0; i < n; i++) {
				double m = half[of[i]] > lb[i] ? half[of[i]] : lb[i];
				if (ub[i] < m)
					continue;
				ub[i] = sqrt(dist2(px[i], py[i], cx[of[i]], cy[of[i]]));
				if (ub[i] < m)
					continue;
				int c = nearest(px[i], py[i], cx, cy, k, &ub[i], &lb[i]);
				if (c != of[i]) {
					of[i] = c;
					changed = 1;
				}
			}
		}
		if (!changed)
			break;
		for (int c = 0; c < k; c++)
			sx[c] = sy[c] = sw[c] = 0;
		for (int i = 0; i < n; i++) {
			double wi = w ? w[i] : 1;
			sx[of[i]] += wi * px[i];
			sy[of[i]] += wi * py[i];
			sw[of[i]] += wi;
		}
		int nk = 0;
		for (int c = 0; c < k; c++) {
			if (sw[c] > 0) {
				double nx = sx[c] / sw[c], ny = sy[c] / sw[c];
				move[nk] = sqrt(dist2(cx[c], cy[c], nx, ny));
				cx[nk] = nx;
				cy[nk] = ny;
				renum[c] = nk++;
			} else {
				renum[c] = -1;
			}
		}
		if (nk < k) {	/* a dropped centre only makes lb looser: still valid */
			for (int i = 0; i < n; i++)
				of[i] = renum[of[i]];
			k = nk;
		}
		int top = 0;
		double m1 = -1, m2 = 0;
		for (int c = 0; c < k; c++)
			if (move[c] > m1) {
				m2 = m1 > 0 ? m1 : 0;
				m1 = move[c];
				top = c;
			} else if (move[c] > m2) {
				m2 = move[c];
			}
		if (m1 < KMEANS_STILL)
			break;
		for (int i = 0; i < n; i++) {
			ub[i] += move[of[i]];
			lb[i] -= of[i] == top ? m2 : m1;
		}
	}
	free(sx);
	free(sy);
	free(sw);
	free(move);
	free(half);
	free(renum);
	free(ub);
	free(lb);
	return k;
}

/* The first k distinct points, in order (Pol.is' start): fewer when there
 * are fewer distinct points. Returns how many were found. */
static int first_distinct(const double *px, const double *py, int n, int k, double *cx, double *cy)
{
	int m = 0;
	for (int i = 0; i < n && m < k; i++) {
		int seen = 0;
		for (int c = 0; c < m && !seen; c++)
			seen = cx[c] == px[i] && cy[c] == py[i];
		if (!seen) {
			cx[m] = px[i];
			cy[m] = py[i];
			m++;
		}
	}
	return m;
}

/* Seeded k-means++ start on weighted points: the first centre drawn with
 * probability ∝ weight, each next one ∝ weight × squared distance to the
 * nearest centre so far. Returns the number of centres (fewer than k when
 * the points run out of distinct positions). */
static int kmeanspp(const double *px, const double *py, const double *w, int n, int k,
		    opinion_rng *g, double *cx, double *cy, double *d2)
{
	for (int i = 0; i < n; i++)
		d2[i] = 1;
	int m = 0;
	while (m < k) {
		double sum = 0;
		for (int i = 0; i < n; i++)
			sum += w[i] * d2[i];
		if (!(sum > 0))
			break;
		double u = opinion_rng_uniform(g) * sum, acc = 0;
		int pick = -1;
		for (int i = 0; i < n; i++) {
			double wi = w[i] * d2[i];
			if (wi <= 0)
				continue;
			pick = i;
			acc += wi;
			if (acc > u)
				break;
		}
		assert(pick >= 0);	/* sum > 0: some point has weight */
		cx[m] = px[pick];
		cy[m] = py[pick];
		m++;
		for (int i = 0; i < n; i++) {
			double d = dist2(px[i], py[i], cx[m - 1], cy[m - 1]);
			if (m == 1 || d < d2[i])
				d2[i] = d;
		}
	}
	return m;
}

static double inertia(const double *px, const double *py, const double *w, int n,
		      const double *cx, const double *cy, const int *of)
{
	double s = 0;
	for (int i = 0; i < n; i++)
		s += w[i] * dist2(px[i], py[i], cx[of[i]], cy[of[i]]);
	return s;
}

/*
 * Silhouette of a grouping of the base centres, as Pol.is computes it: for
 * each base centre b, a = mean distance to the other centres of its group,
 * d = the least mean distance to the centres of another group, s(b) =
 * (d − a) / max(a, d), 0 when its group has no other centre. The means and
 * the final average are weighted by the base clusters' sizes (weights).
 * NAN with fewer than two groups.
 */
static double silhouette(const double *px, const double *py, const double *w, int n,
			 const int *grp, int k)
{
	if (k < 2)
		return NAN;
	double sum_s = 0, sum_w = 0;
	double sd[OPINION_MAX_GROUPS], sdw[OPINION_MAX_GROUPS];
	for (int b = 0; b < n; b++) {
		for (int h = 0; h < k; h++)
			sd[h] = sdw[h] = 0;
		for (int c = 0; c < n; c++) {
			if (c == b)
				continue;
			double d = sqrt(dist2(px[b], py[b], px[c], py[c]));
			sd[grp[c]] += w[c] * d;
			sdw[grp[c]] += w[c];
		}
		double s = 0;
		if (sdw[grp[b]] > 0) {
			double a = sd[grp[b]] / sdw[grp[b]], dmin = INFINITY;
			for (int h = 0; h < k; h++)
				if (h != grp[b] && sdw[h] > 0 && sd[h] / sdw[h] < dmin)
					dmin = sd[h] / sdw[h];
			double mx = a > dmin ? a : dmin;
			s = isfinite(dmin) && mx > 0 ? (dmin - a) / mx : 0;
		}
		sum_s += w[b] * s;
		sum_w += w[b];
	}
	return sum_w > 0 ? sum_s / sum_w : NAN;
}

/* ---- k-means of many points (the base clusters) ---- */

/* Centres sorted by x, for the nearest-centre searches of kmeans_many. */
typedef struct centre_index {
	int k;
	int *order;	/* centre numbers by increasing x (ties: lower number first) */
	int *pos;	/* the place of each centre in order */
	double *ox, *oy;	/* the centre order[r] */
} centre_index;

static void centre_index_sort(centre_index *ix, const double *cx, const double *cy, int k)
{
	ix->k = k;
	for (int r = 1; r < k; r++) {	/* insertion sort: the centres move little */
		int c = ix->order[r], t = r;
		while (t > 0 && (cx[ix->order[t - 1]] > cx[c] ||
				 (cx[ix->order[t - 1]] == cx[c] && ix->order[t - 1] > c))) {
			ix->order[t] = ix->order[t - 1];
			t--;
		}
		ix->order[t] = c;
	}
	for (int r = 0; r < k; r++) {
		ix->pos[ix->order[r]] = r;
		ix->ox[r] = cx[ix->order[r]];
		ix->oy[r] = cy[ix->order[r]];
	}
}

/* What nearest_indexed finds. */
typedef struct near3 {
	int c1, c2;		/* the nearest (lower number on ties) and the next (-1: none) */
	double d1, d2, d3;	/* squared distances to those and to the third nearest */
} near3;

/*
 * The two nearest centres to (x, y), the nearest as nearest() finds it
 * (the lower number on ties), and the distance to the third, looking
 * only at the centres whose x is close enough: from the place `at` in the
 * order by x outwards, each way until the gap in x alone exceeds the third
 * distance found so far (a centre beyond cannot be nearer than any of the
 * three, as its squared distance is at least the squared gap, in floating
 * point too). A scan that starts on the far side of x first moves towards
 * it, but every centre it has met by then is at least as far as the
 * current gap, so the test cannot stop it there. skip: a centre to leave
 * out (-1: none); with only the nearest wanted (two = 0), the scans stop
 * at the first distance and the others are not to be used.
 */
static near3 nearest_indexed(double x, double y, const centre_index *ix, int at, int skip, int two)
{
	const double *ox = ix->ox, *oy = ix->oy;
	const int *order = ix->order;
	near3 r = {-1, -1, INFINITY, INFINITY, INFINITY};
	for (int dir = 1; dir >= -1; dir -= 2)
		for (int t = dir > 0 ? at : at - 1; t >= 0 && t < ix->k; t += dir) {
			double gx = ox[t] - x, g2 = gx * gx;
			if (g2 > (two ? r.d3 : r.d1))
				break;
			double gy = oy[t] - y, d = g2 + gy * gy;
			int c = order[t];
			if (c == skip)
				continue;
			/* insert d into d1 <= d2 <= d3 without branches */
			int lt1 = d < r.d1 || (d == r.d1 && c < r.c1), lt2 = d < r.d2;
			double hi1 = d > r.d1 ? d : r.d1, hi2 = d > r.d2 ? d : r.d2;
			r.d3 = hi2 < r.d3 ? hi2 : r.d3;
			r.d2 = hi1 < r.d2 ? hi1 : r.d2;
			r.d1 = d < r.d1 ? d : r.d1;
			r.c2 = lt1 ? r.c1 : lt2 ? c : r.c2;
			r.c1 = lt1 ? c : r.c1;
		}
	return r;
}

/* The first place in the order by x whose x is at least x (the last
 * place if none). */
static int centre_place(const centre_index *ix, double x)
{
	int lo = 0, hi = ix->k;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (ix->ox[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->k ? lo : ix->k - 1;
}

#define NO_CENTRE 255	/* kmeans_many: no second centre known */

/* The state of kmeans_many shared by its two halves of the points. */
typedef struct kmany {
	const double *px, *py;
	const int64_t *qx, *qy;	/* the points in fixed point */
	int *of;
	uint8_t *sec;		/* a second centre, or NO_CENTRE */
	double *ub, *ls, *lr;	/* bounds, relative (see kmeans_many) */
	const double *cx, *cy, *half, *drift;
	double gdrift;
	const centre_index *ix;
	int k, first;
} kmany;

typedef struct kmany_job {
	const kmany *km;
	int from, to;
	int64_t *dx, *dy;	/* k: changes to the sums of coordinates */
	int *dn;		/* k: changes to the counts */
	int *cand;		/* to - from: the points to look at */
	int changed;
} kmany_job;

/* One iteration's assignments for points from .. to-1: first the points
 * whose bounds do not settle their centre (a sweep without branches),
 * then those. */
static int kmany_assign(void *arg)
{
	kmany_job *job = arg;
	const kmany *km = job->km;
	const double *px = km->px, *py = km->py, *cx = km->cx, *cy = km->cy, *half = km->half, *drift = km->drift;
	const int64_t *qx = km->qx, *qy = km->qy;
	const centre_index *ix = km->ix;
	double *ub = km->ub, *ls = km->ls, *lr = km->lr, g = km->gdrift;
	uint8_t *sec = km->sec;
	int *of = km->of, *cand = job->cand, nc = 0, changed = 0;
	int64_t *dx = job->dx, *dy = job->dy;
	int *dn = job->dn;
	memset(dx, 0, (size_t)km->k * sizeof *dx);
	memset(dy, 0, (size_t)km->k * sizeof *dy);
	memset(dn, 0, (size_t)km->k * sizeof *dn);
	if (km->first) {
		for (int i = job->from; i < job->to; i++) {
			near3 r = nearest_indexed(px[i], py[i], ix, centre_place(ix, px[i]), -1, 1);
			int c = r.c1;
			of[i] = c;
			sec[i] = r.c2 < 0 ? NO_CENTRE : (uint8_t)r.c2;
			ub[i] = sqrt(r.d1) - drift[c];
			ls[i] = sqrt(r.d2) + drift[sec[i]];
			lr[i] = sqrt(r.d3) + g;
			dx[c] += qx[i];
			dy[c] += qy[i];
			dn[c]++;
		}
		job->changed = job->to > job->from;
		return 0;
	}
	for (int i = job->from; i < job->to; i++) {
		int o = of[i];
		double u = ub[i] + drift[o], a = ls[i] - drift[sec[i]], b = lr[i] - g;
		double l = a < b ? a : b, m = half[o] > l ? half[o] : l;
		cand[nc] = i;
		nc += !(u < m * KMEANS_SAFE);
	}
	for (int t = 0; t < nc; t++) {
		int i = cand[t], o = of[i], s = sec[i];
		double a = ls[i] - drift[s], b = lr[i] - g;
		double l = a < b ? a : b, m = half[o] > l ? half[o] : l;
		double u2 = dist2(px[i], py[i], cx[o], cy[o]), u = sqrt(u2);
		if (u < m * KMEANS_SAFE) {
			ub[i] = u - drift[o];
			continue;
		}
		int c;
		if (u < b * KMEANS_SAFE && s != NO_CENTRE) {
			/* Every centre but o and s is farther than b > u: only
			 * those two can be nearest (compared as nearest() does). */
			double d2 = dist2(px[i], py[i], cx[s], cy[s]), d = sqrt(d2);
			if (d2 < u2 || (d2 == u2 && s < o)) {
				c = s;
				sec[i] = (uint8_t)o;
				ub[i] = d - drift[s];
				ls[i] = u + drift[o];
			} else {
				c = o;
				ub[i] = u - drift[o];
				ls[i] = d + drift[s];
			}
		} else if (u < b * KMEANS_SAFE) {
			ub[i] = u - drift[o];	/* no second centre: o is nearest */
			continue;
		} else {
			near3 r = nearest_indexed(px[i], py[i], ix, ix->pos[o], -1, 1);
			c = r.c1;
			sec[i] = r.c2 < 0 ? NO_CENTRE : (uint8_t)r.c2;
			ub[i] = sqrt(r.d1) - drift[c];
			ls[i] = sqrt(r.d2) + drift[sec[i]];
			lr[i] = sqrt(r.d3) + g;
		}
		if (c != o) {
			dx[o] -= qx[i];
			dy[o] -= qy[i];
			dn[o]--;
			dx[c] += qx[i];
			dy[c] += qy[i];
			dn[c]++;
			of[i] = c;
			changed = 1;
		}
	}
	job->changed = changed;
	return 0;
}

/*
 * kmeans() for many unweighted points: the same Lloyd iterations, the
 * same assignments (nearest centre, lower number on ties) and the same
 * stopping rule, with changes that only save time:
 *   - each point keeps three bounds (Hamerly's, refined): above its
 *     distance to its centre o, below its distance to one other centre s
 *     (the second nearest when last looked at), and below its distance to
 *     every other centre; while the first is under the other two (or
 *     under half the distance from o to its nearest centre), o is still
 *     the nearest; when only the bound of s fails, one distance settles
 *     it; the nearest-centre search, when needed, looks only at centres
 *     close in x (see nearest_indexed). The bounds are kept relative to
 *     the total movement of o, of s, and to the total of the largest
 *     movements at each iteration, so that moving the centres does not
 *     rewrite them;
 *   - the centres' sums are kept in fixed point (coordinates scaled by
 *     2^s and rounded, s leaving room for the sum of all of them), so
 *     they are exact: a point that changes centre moves its coordinates
 *     from one sum to the other instead of every sum being recomputed at
 *     every iteration, and the two halves of the points (on two threads
 *     for many points) add their changes in any order.
 * At most NO_CENTRE - 1 centres.
 */
static int kmeans_many(const double *px, const double *py, int n, double *cx, double *cy, int k, int maxit, int *of,
		       helper *h)
{
	if (n == 0 || k == 0)
		return 0;
	assert(k < NO_CENTRE);
	size_t kz = NO_CENTRE + 1;
	double big = 0;
	for (int i = 0; i < n; i++) {
		double a = fabs(px[i]) > fabs(py[i]) ? fabs(px[i]) : fabs(py[i]);
		big = a > big ? a : big;
	}
	int s = 0;
	if (big > 0 && isfinite(big)) {
		int ex;
		frexp(big * n, &ex);
		s = 62 - ex;
		s = s > 1000 ? 1000 : s;
	}
	double up = ldexp(1, s), down = ldexp(1, -s);
	int64_t *qx = mem_alloc((size_t)n * sizeof *qx), *qy = mem_alloc((size_t)n * sizeof *qy);
	for (int i = 0; i < n; i++) {
		qx[i] = (int64_t)(px[i] * up);
		qy[i] = (int64_t)(py[i] * up);
	}
	int64_t *sx = mem_calloc(kz, sizeof *sx), *sy = mem_calloc(kz, sizeof *sy);
	int *cnt = mem_calloc(kz, sizeof *cnt), *renum = mem_alloc(kz * sizeof *renum);
	double *drift = mem_calloc(kz, sizeof *drift), *half = mem_alloc(kz * sizeof *half);
	double *ub = mem_alloc((size_t)n * sizeof *ub), *ls = mem_alloc((size_t)n * sizeof *ls);
	double *lr = mem_alloc((size_t)n * sizeof *lr);
	uint8_t *sec = mem_alloc((size_t)n * sizeof *sec);
	centre_index ix = {k, mem_alloc(kz * sizeof(int)), mem_alloc(kz * sizeof(int)), mem_alloc(kz * sizeof(double)),
			   mem_alloc(kz * sizeof(double))};
	for (int c = 0; c < k; c++)
		ix.order[c] = c;
	centre_index_sort(&ix, cx, cy, k);
	kmany km = {px, py, qx, qy, of, sec, ub, ls, lr, cx, cy, half, drift, 0, &ix, k, 1};
	kmany_job job[2];
	for (int t = 0; t < 2; t++)
		job[t] = (kmany_job){&km, t ? n / 2 : 0, t ? n : n / 2, mem_alloc(kz * sizeof(int64_t)),
				     mem_alloc(kz * sizeof(int64_t)), mem_alloc(kz * sizeof(int)),
				     mem_alloc(((size_t)n / 2 + 1) * sizeof(int)), 0};
	if (n < SPLIT_POINTS)
		h = NULL;
	for (int it = 0; it < maxit; it++) {
		km.first = it == 0;
		km.k = k;
		if (!km.first)
			for (int c = 0; c < k; c++)	/* half the distance to the nearest other centre */
				half[c] = 0.5 * sqrt(nearest_indexed(cx[c], cy[c], &ix, ix.pos[c], c, 0).d1);
		job[0].changed = job[1].changed = 0;
		helper_run(h, kmany_assign, &job[0], &job[1]);
		if (!job[0].changed && !job[1].changed)
			break;
		for (int c = 0; c < k; c++) {
			sx[c] += job[0].dx[c] + job[1].dx[c];
			sy[c] += job[0].dy[c] + job[1].dy[c];
			cnt[c] += job[0].dn[c] + job[1].dn[c];
		}
		int nk = 0;
		double m1 = 0;
		for (int c = 0; c < k; c++) {
			if (cnt[c] > 0) {
				double nx = (double)sx[c] * down / cnt[c], ny = (double)sy[c] * down / cnt[c];
				double mv = sqrt(dist2(cx[c], cy[c], nx, ny));
				m1 = mv > m1 ? mv : m1;
				drift[nk] = drift[c] + mv;
				cx[nk] = nx;
				cy[nk] = ny;
				sx[nk] = sx[c];
				sy[nk] = sy[c];
				cnt[nk] = cnt[c];
				renum[c] = nk++;
			} else {
				renum[c] = -1;
			}
		}
		km.gdrift += m1;
		if (nk < k) {	/* renumbered; a point whose s is gone has none */
			for (int i = 0; i < n; i++) {
				of[i] = renum[of[i]];
				if (sec[i] != NO_CENTRE) {
					int r = renum[sec[i]];
					if (r < 0)
						ls[i] = INFINITY;
					sec[i] = r < 0 ? NO_CENTRE : (uint8_t)r;
				}
			}
			for (int r = 0, m = 0; r < k; r++)
				if (renum[ix.order[r]] >= 0)
					ix.order[m++] = renum[ix.order[r]];
			k = nk;
		}
		/* Pol.is' rule, once the points carry the new numbering. */
		if (m1 < KMEANS_STILL)
			break;
		centre_index_sort(&ix, cx, cy, k);
	}
#ifndef NDEBUG
	for (int i = 0; i < n; i++)
		assert(of[i] >= 0 && of[i] < k);
#endif
	for (int t = 0; t < 2; t++) {
		free(job[t].dx);
		free(job[t].dy);
		free(job[t].dn);
		free(job[t].cand);
	}
	free(qx);
	free(qy);
	free(sx);
	free(sy);
	free(cnt);
	free(renum);
	free(drift);
	free(half);
	free(ub);
	free(ls);
	free(lr);
	free(sec);
	free(ix.order);
	free(ix.pos);
	free(ix.ox);
	free(ix.oy);
	return k;
}

/* ---- statistics ---- */

/* 2·sqrt(n+1)·((s+1)/(n+1) − 1/2): Pol.is' one-proportion test. */
static double prop_test(int s, int n)
{
	return 2 * sqrt(n + 1.0) * ((s + 1.0) / (n + 1.0) - 0.5);
}

/* Two-proportion z-test with +1 on every count (Pol.is'); 0 when the
 * pooled proportion is 1, where the test is undefined. */
static double two_prop_test(int s1, int s2, int n1, int n2)
{
	double a = s1 + 1.0, b = s2 + 1.0, m = n1 + 1.0, o = n2 + 1.0;
	double pi1 = a / m, pi2 = b / o, pih = (a + b) / (m + o);
	if (pih >= 1)
		return 0;
	return (pi1 - pi2) / sqrt(pih * (1 - pih) * (1 / m + 1 / o));
}

/* Inserts r into the list (kept best metric first, lower statement first on
 * ties) of at most OPINION_MAX_REPNESS. */
static void rep_insert(opinion_group *grp, const opinion_rep *r)
{
	int n = grp->nrep, at = n;
	while (at > 0 && (grp->rep[at - 1].metric < r->metric ||
			  (grp->rep[at - 1].metric == r->metric && grp->rep[at - 1].statement > r->statement)))
		at--;
	if (at >= OPINION_MAX_REPNESS)
		return;
	if (n == OPINION_MAX_REPNESS)
		n--;
	memmove(grp->rep + at + 1, grp->rep + at, (size_t)(n - at) * sizeof *grp->rep);
	grp->rep[at] = *r;
	grp->nrep = n + 1;
}

static void representative(opinion_result *r, const unsigned char *active)
{
	int C = r->nstatements;
	for (int g = 0; g < r->ngroups; g++) {
		opinion_group *grp = &r->groups[g];
		grp->nrep = 0;
		for (int j = 0; j < C; j++) {
			if (!active[j])
				continue;
			const opinion_counts *in = &r->group_counts[(size_t)g * C + j];
			const opinion_counts *all = &r->clustered_counts[j];
			double pat = prop_test(in->agree, in->seen), pdt = prop_test(in->disagree, in->seen);
			if (!(pat > OPINION_Z90) && !(pdt > OPINION_Z90))
				continue;	/* neither way can pass: the rest is not needed */
			int ra_n = all->agree - in->agree, rd_n = all->disagree - in->disagree;
			int rs_n = all->seen - in->seen;
			double pa = (in->agree + 1.0) / (in->seen + 2.0);
			double pd = (in->disagree + 1.0) / (in->seen + 2.0);
			double ra = pa / ((1.0 + ra_n) / (2.0 + rs_n));
			double rd = pd / ((1.0 + rd_n) / (2.0 + rs_n));
			double rat = two_prop_test(in->agree, ra_n, in->seen, rs_n);
			double rdt = two_prop_test(in->disagree, rd_n, in->seen, rs_n);
			int ok_a = rat > OPINION_Z90 && pat > OPINION_Z90;
			int ok_d = rdt > OPINION_Z90 && pdt > OPINION_Z90;
			if (!ok_a && !ok_d)
				continue;
			/* Both ways can pass when the rest passes a lot; then the
			 * stronger difference from the rest wins (as Pol.is). */
			int agree = ok_a && (!ok_d || rat > rdt);
			opinion_rep rep = {.statement = j, .agree = agree, .n_seen = in->seen};
			if (agree) {
				rep.n_for = in->agree;
				rep.p = pa, rep.p_z = pat, rep.r = ra, rep.r_z = rat;
			} else {
				rep.n_for = in->disagree;
				rep.p = pd, rep.p_z = pdt, rep.r = rd, rep.r_z = rdt;
			}
			rep.metric = rep.r * rep.r_z * rep.p * rep.p_z;
			rep_insert(grp, &rep);
		}
	}
}

/* Up to 5 consensus statements each way over the clustered participants. */
static void consensus(opinion_result *r, const unsigned char *active)
{
	int C = r->nstatements;
	r->consensus = mem_calloc(10, sizeof *r->consensus);
	r->nconsensus = 0;
	for (int way = 1; way >= 0; way--) {
		opinion_consensus best[5];
		int nb = 0;
		for (int j = 0; j < C; j++) {
			if (!active[j])
				continue;
			const opinion_counts *c = &r->clustered_counts[j];
			int n = way ? c->agree : c->disagree;
			double p = (n + 1.0) / (c->seen + 2.0), pz = prop_test(n, c->seen);
			if (!(p > 0.5 && pz > OPINION_Z90))
				continue;
			opinion_consensus e = {.statement = j, .agree = way, .p = p, .p_z = pz};
			int at = nb;
			while (at > 0 && best[at - 1].p * best[at - 1].p_z < p * pz)
				at--;
			if (at >= 5)
				continue;
			if (nb == 5)
				nb--;
			memmove(best + at + 1, best + at, (size_t)(nb - at) * sizeof *best);
			best[at] = e;
			nb++;
		}
		memcpy(r->consensus + r->nconsensus, best, (size_t)nb * sizeof *best);
		r->nconsensus += nb;
	}
}

/* (A + 1)/(S + 2): the agree share with Pol.is' "dumb prior". */
static double agree_share(const opinion_counts *c)
{
	return (c->agree + 1.0) / (c->seen + 2.0);
}

/* ---- the pipeline ---- */

static const char *check_input(const opinion_input *in)
{
	if (in->nparticipants < 0 || in->nparticipants > OPINION_MAX_PARTICIPANTS)
		return "number of participants out of range";
	if (in->nstatements < 0 || in->nstatements > OPINION_MAX_STATEMENTS)
		return "number of statements out of range";
	if (in->nvotes > OPINION_MAX_VOTES)
		return "too many votes";
	if (in->nvotes && (!in->vote_participant || !in->vote_statement || !in->vote_value))
		return "vote arrays missing";
	if (in->given_group)
		for (int i = 0; i < in->nparticipants; i++)
			if (in->given_group[i] < -1 || in->given_group[i] >= OPINION_MAX_GROUPS)
				return "given group out of range";
	return NULL;
}

/* Step 1: participants with at least min(7, C') votes (excluded statements
 * included, as Pol.is counts them), topped up to GREEDY_N with the
 * heaviest other voters (lower index on ties). */
static void choose_clustered(const votes *v, opinion_result *r)
{
	const int *nvote = v->nraw;
	int cc = v->ncols;
	int P = v->P, need = cc < 7 ? cc : 7;
	r->nclustered = 0;
	for (int i = 0; i < P; i++)
		if (nvote[i] > 0 && nvote[i] >= need) {
			r->clustered[i] = 1;
			r->nclustered++;
		}
	while (r->nclustered < GREEDY_N) {
		int best = -1;
		for (int i = 0; i < P; i++)
			if (!r->clustered[i] && nvote[i] > 0 && (best < 0 || nvote[i] > nvote[best]))
				best = i;
		if (best < 0)
			break;
		r->clustered[best] = 1;
		r->nclustered++;
	}
}

/* Step 4: base clusters of the clustered participants. */
static void base_clusters(opinion_result *r, helper *h)
{
	int n = r->nclustered, P = r->nparticipants;
	double *px = mem_alloc(((size_t)n + 1) * sizeof *px);
	double *py = mem_alloc(((size_t)n + 1) * sizeof *py);
	int *who = mem_alloc(((size_t)n + 1) * sizeof *who);
	int *of = mem_alloc(((size_t)n + 1) * sizeof *of);
	int m = 0;
	for (int i = 0; i < P; i++)
		if (r->clustered[i]) {
			px[m] = r->x[i];
			py[m] = r->y[i];
			who[m++] = i;
		}
	int k = n < BASE_K ? n : BASE_K;
	r->base_x = mem_alloc(((size_t)k + 1) * sizeof *r->base_x);
	r->base_y = mem_alloc(((size_t)k + 1) * sizeof *r->base_y);
	k = first_distinct(px, py, n, k, r->base_x, r->base_y);
	k = n ? kmeans_many(px, py, n, r->base_x, r->base_y, k, BASE_ITERS, of, h) : 0;
	r->nbase = k;
	r->base_size = mem_calloc((size_t)k + 1, sizeof *r->base_size);
	for (int i = 0; i < P; i++)
		r->base_of[i] = -1;
	for (int t = 0; t < n; t++) {
		r->base_of[who[t]] = of[t];
		r->base_size[of[t]]++;
	}
	free(px);
	free(py);
	free(who);
	free(of);
}

/*
 * Step 4 continued: groups of the base centres (weighted by the base
 * clusters' sizes) for k = 2 .. min(5, 2 + ⌊nbase/12⌋), keeping the k of
 * best silhouette, where a larger k must beat the best smaller one by more
 * than SILHOUETTE_MARGIN. Fills r->group, numbering the groups by their
 * lowest participant index so that the numbering does not depend on how
 * the clustering was found.
 *
 * Why the margin: Pol.is starts every conversation with 2 groups (with
 * fewer than 12 base clusters no other k is tried) and its "k smoother"
 * only moves to another k after it has won 4 computations in a row, so a
 * near-tie never changes its number of groups. This engine keeps no state
 * between computations; asking for a clear win instead has the same
 * effect, and keeps the map from flipping between k and k+1 groups from
 * one batch of votes to the next.
 *
 * For each k, Pol.is' own start (the first k distinct base centres) is
 * kept unless the best of GROUP_RESTARTS seeded k-means++ starts lowers
 * the weighted inertia by more than RESTART_GAIN. Why not simply the least
 * inertia: the inertia landscape of opinion maps is flat, with many
 * groupings within a few per cent of each other; Pol.is' start is the
 * canonical one among them (and the one Pol.is' published groups come
 * closest to), while a restart that does much better means that start
 * fell into a clearly poor optimum (two starting centres in one cloud).
 * Near-ties thus give the same answer whatever the seed.
 */
static void group_clusters(opinion_result *r, opinion_rng *g)
{
	int nb = r->nbase, P = r->nparticipants;
	for (int k = 0; k <= OPINION_MAX_GROUPS; k++)
		r->silhouette[k] = NAN;
	r->ngroups = 0;
	if (nb < 2)
		return;
	const double *bx = r->base_x, *by = r->base_y;
	double *w = mem_alloc((size_t)nb * sizeof *w);
	for (int b = 0; b < nb; b++)
		w[b] = r->base_size[b];
	int *of = mem_alloc((size_t)nb * sizeof *of);
	int *try_of = mem_alloc((size_t)nb * sizeof *try_of);
	int *alt_of = mem_alloc((size_t)nb * sizeof *alt_of);
	int *best_of = mem_alloc((size_t)nb * sizeof *best_of);
	double *d2 = mem_alloc((size_t)nb * sizeof *d2);
	int kmax = 2 + nb / 12;
	if (kmax > OPINION_MAX_GROUPS)
		kmax = OPINION_MAX_GROUPS;
	double best_sil = -INFINITY;
	int best_k = 0;
	for (int k = 2; k <= kmax; k++) {
		double cx[OPINION_MAX_GROUPS], cy[OPINION_MAX_GROUPS];
		double tx[OPINION_MAX_GROUPS], ty[OPINION_MAX_GROUPS];
		int kk = first_distinct(bx, by, nb, k, cx, cy);
		kk = kmeans(bx, by, w, nb, cx, cy, kk, GROUP_ITERS, of);
		double start_in = kk == k ? inertia(bx, by, w, nb, cx, cy, of) : INFINITY;
		double alt_in = INFINITY;
		for (int t = 0; t < GROUP_RESTARTS; t++) {
			int tk = kmeanspp(bx, by, w, nb, k, g, tx, ty, d2);
			tk = kmeans(bx, by, w, nb, tx, ty, tk, GROUP_ITERS, try_of);
			double in = tk == k ? inertia(bx, by, w, nb, tx, ty, try_of) : INFINITY;
			if (in < alt_in) {
				alt_in = in;
				memcpy(alt_of, try_of, (size_t)nb * sizeof *alt_of);
			}
		}
		if (isfinite(alt_in) && !(start_in * (1 - RESTART_GAIN) <= alt_in)) {
			memcpy(of, alt_of, (size_t)nb * sizeof *of);
			kk = k;
		}
		if (kk != k)	/* fewer distinct positions than k: no k groups */
			continue;
		double s = silhouette(bx, by, w, nb, of, k);
		r->silhouette[k] = s;
		if (s > best_sil + SILHOUETTE_MARGIN) {
			best_sil = s;
			best_k = k;
			memcpy(best_of, of, (size_t)nb * sizeof *of);
		}
	}
	if (best_k >= 2) {
		assert(best_k <= OPINION_MAX_GROUPS);
		int label[OPINION_MAX_GROUPS], next = 0;
		for (int h = 0; h < OPINION_MAX_GROUPS; h++)
			label[h] = -1;
		for (int i = 0; i < P; i++) {
			int b = r->base_of[i];
			if (b < 0)
				continue;
			int h = best_of[b];
			if (label[h] < 0)
				label[h] = next++;
			r->group[i] = label[h];
		}
		r->ngroups = next;
	}
	free(w);
	free(of);
	free(try_of);
	free(alt_of);
	free(best_of);
	free(d2);
}

void opinion_free(opinion_result *r)
{
	if (!r)
		return;
	free(r->clustered);
	free(r->mean);
	free(r->pc1);
	free(r->pc2);
	free(r->x);
	free(r->y);
	free(r->base_x);
	free(r->base_y);
	free(r->base_size);
	free(r->base_of);
	free(r->group);
	free(r->group_counts);
	free(r->counts);
	free(r->clustered_counts);
	free(r->consensus);
	free(r->gac);
	free(r->divisive);
	free(r->extremity);
	free(r->priority);
	memset(r, 0, sizeof *r);
}

/* Step 5's counts, rows from .. to-1: per vote code, for the clustered
 * participants, one table per group and one (the first) for those in
 * none. */
typedef struct count_job {
	const votes *v;
	const opinion_result *r;
	int from, to;
	int *cnt;	/* (ngroups + 1) × 3C */
} count_job;

static int count_rows(void *arg)
{
	const count_job *job = arg;
	const votes *v = job->v;
	const opinion_result *r = job->r;
	size_t C3 = 3 * (size_t)v->C;
	const uint32_t *code = v->code;
	const size_t *rstart = v->rstart;
	const unsigned char *clustered = r->clustered;
	const int *group = r->group;
	for (int i = job->from; i < job->to; i++) {
		if (!clustered[i])
			continue;
		int *c = job->cnt + (size_t)(group[i] + 1) * C3;
		for (size_t q = rstart[i], e = rstart[i + 1]; q < e; q++)
			c[code[q]]++;
	}
	return 0;
}

static void step5_counts(const votes *v, opinion_result *r)
{
	int C = v->C, ng = r->ngroups;
	size_t C3 = 3 * (size_t)C, n = (size_t)(ng + 1) * C3 + 1;
	count_job job[2] = {{v, r, 0, v->split, mem_calloc(n, sizeof(int))},
			    {v, r, v->split, v->P, mem_calloc(n, sizeof(int))}};
	helper_run(v->h, count_rows, &job[0], &job[1]);
	for (int h = 0; h <= ng; h++)
		for (int j = 0; j < C; j++) {
			if (!v->active[j])
				continue;
			size_t e = (size_t)h * C3 + 3 * (size_t)j;
			int d = job[0].cnt[e] + job[1].cnt[e], p = job[0].cnt[e + 1] + job[1].cnt[e + 1];
			int a = job[0].cnt[e + 2] + job[1].cnt[e + 2];
			opinion_counts *cc = &r->clustered_counts[j];
			cc->disagree += d;
			cc->pass += p;
			cc->agree += a;
			cc->seen += d + p + a;
			if (h > 0) {
				opinion_counts *gc = &r->group_counts[(size_t)(h - 1) * C + j];
				gc->disagree = d;
				gc->pass = p;
				gc->agree = a;
				gc->seen = d + p + a;
			}
		}
	free(job[0].cnt);
	free(job[1].cnt);
}

opinion_rc opinion_compute(const opinion_input *in, opinion_result *out, const char **why)
{
	memset(out, 0, sizeof *out);
	const char *bad = check_input(in);
	votes v;
	/* One second thread for every stage; started only when some stage
	 * is big enough to share. */
	helper h;
	helper_start(&h, !bad && !in->one_thread && (in->nvotes >= SPLIT_VOTES || in->nparticipants >= SPLIT_POINTS));
	if (!bad)
		bad = votes_build(in, &h, &v);
	if (bad) {
		helper_stop(&h);
		if (why)
			*why = bad;
		return OPINION_INVALID;
	}
	int P = in->nparticipants, C = in->nstatements;
	opinion_result *r = out;
	r->nparticipants = P;
	r->nstatements = C;
	size_t Pz = (size_t)P + 1, Cz = (size_t)C + 1;
	r->clustered = mem_calloc(Pz, 1);
	r->mean = mem_calloc(Cz, sizeof *r->mean);
	r->pc1 = mem_calloc(Cz, sizeof *r->pc1);
	r->pc2 = mem_calloc(Cz, sizeof *r->pc2);
	r->x = mem_calloc(Pz, sizeof *r->x);
	r->y = mem_calloc(Pz, sizeof *r->y);
	r->base_of = mem_alloc(Pz * sizeof *r->base_of);
	r->group = mem_alloc(Pz * sizeof *r->group);
	for (int i = 0; i < P; i++)
		r->group[i] = -1;
	r->counts = mem_calloc(Cz, sizeof *r->counts);
	r->clustered_counts = mem_calloc(Cz, sizeof *r->clustered_counts);
	r->gac = mem_alloc(Cz * sizeof *r->gac);
	r->divisive = mem_calloc(Cz, sizeof *r->divisive);
	r->extremity = mem_calloc(Cz, sizeof *r->extremity);
	r->priority = mem_calloc(Cz, sizeof *r->priority);

	opinion_rng rng;
	opinion_rng_seed(&rng, in->seed);

	/* Means and counts over every voter. */
	for (int j = 0; j < C; j++) {
		if (!v.active[j])
			continue;
		const int *c = v.colcnt + 3 * (size_t)j;
		opinion_counts *k = &r->counts[j];
		k->disagree = c[0];
		k->pass = c[1];
		k->agree = c[2];
		k->seen = c[0] + c[1] + c[2];
		r->mean[j] = (double)((long)c[2] - c[0]) / (double)k->seen;
	}
	for (int i = 0; i < P; i++)
		r->nvoters += v.nvote[i] > 0;

	/* Steps 1 to 3. A zeroed column adds nothing to the sums but counts
	 * as a vote of everyone in the scale, as in Pol.is. */
	choose_clustered(&v, r);
	pca2(&v, r->mean, &rng, r->pc1, r->pc2);
	double Cp = v.ncols;
	int extra = v.nexcl;
	int64_t *T = mem_alloc((6 * (size_t)C + 1) * sizeof *T);
	rows_dot(&v, r->mean, r->pc1, r->pc2, 1, T, r->x, r->y);
	free(T);
	for (int i = 0; i < P; i++) {
		if (v.nraw[i] == 0) {
			r->x[i] = r->y[i] = 0;
			continue;
		}
		double scale = sqrt(Cp / (v.nvote[i] + extra));
		r->x[i] *= scale;
		r->y[i] *= scale;
	}

	/* Step 4, or the caller's groups. */
	base_clusters(r, &h);
	if (in->given_group) {
		for (int k = 0; k <= OPINION_MAX_GROUPS; k++)
			r->silhouette[k] = NAN;
		r->nclustered = 0;
		r->ngroups = 0;
		for (int i = 0; i < P; i++) {
			int gi = in->given_group[i];
			r->group[i] = gi;
			r->clustered[i] = gi >= 0;
			r->nclustered += gi >= 0;
			if (gi + 1 > r->ngroups)
				r->ngroups = gi + 1;
		}
	} else {
		group_clusters(r, &rng);
	}

	/* Step 5: counts, centres, and the statistics. */
	r->group_counts = mem_calloc((size_t)r->ngroups * C + 1, sizeof *r->group_counts);
	step5_counts(&v, r);
	for (int i = 0; i < P; i++) {
		int gi = r->group[i];
		if (gi < 0)
			continue;
		r->groups[gi].size++;
		r->groups[gi].cx += r->x[i];
		r->groups[gi].cy += r->y[i];
	}
	for (int gi = 0; gi < r->ngroups; gi++)
		if (r->groups[gi].size) {
			r->groups[gi].cx /= r->groups[gi].size;
			r->groups[gi].cy /= r->groups[gi].size;
		}
	representative(r, v.active);
	consensus(r, v.active);
	for (int j = 0; j < C; j++) {
		if (is_excluded(in, j) || r->ngroups == 0) {
			r->gac[j] = NAN;
		} else {
			double prod = 1, lo = INFINITY, hi = -INFINITY;
			for (int gi = 0; gi < r->ngroups; gi++) {
				double s = agree_share(&r->group_counts[(size_t)gi * C + j]);
				prod *= s;
				lo = s < lo ? s : lo;
				hi = s > hi ? s : hi;
			}
			r->gac[j] = prod;
			r->divisive[j] = r->ngroups >= 2 ? hi - lo : 0;
		}
		if (is_excluded(in, j))
			continue;
		const opinion_counts *c = &r->counts[j];
		double e = sqrt(Cp) * fabs(1 - r->mean[j]) * sqrt(r->pc1[j] * r->pc1[j] + r->pc2[j] * r->pc2[j]);
		r->extremity[j] = e;
		double imp = (1 - (c->pass + 1.0) / (c->seen + 2.0)) * (e + 1) * agree_share(c);
		double pr = imp * (1 + 8 * pow(2, -c->seen / 5.0));
		r->priority[j] = pr * pr;
	}
	helper_stop(&h);
	votes_free(&v);
	return OPINION_OK;
}

/* ---- outside the pipeline ---- */

int opinion_pick(const double *priority, const unsigned char *voted, int nstatements, double u)
{
	double total = 0;
	for (int j = 0; j < nstatements; j++)
		if (!voted[j] && priority[j] > 0 && isfinite(priority[j]))
			total += priority[j];
	if (!(total > 0))
		return -1;
	double target = u * total, acc = 0;
	int last = -1;
	for (int j = 0; j < nstatements; j++) {
		if (voted[j] || !(priority[j] > 0) || !isfinite(priority[j]))
			continue;
		acc += priority[j];
		last = j;
		if (acc > target)
			return j;
	}
	return last;	/* u·total rounded up to the very end */
}

double opinion_priority_unseen(void)
{
	opinion_counts none = {0};
	double imp = (1 - (none.pass + 1.0) / (none.seen + 2.0)) * (0 + 1) * agree_share(&none);
	double pr = imp * (1 + 8 * pow(2, -none.seen / 5.0));
	return pr * pr;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static int cmp_pair(const void *a, const void *b)
{
	const int *x = a, *y = b;
	if (x[0] != y[0])
		return (x[0] > y[0]) - (x[0] < y[0]);
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Σ C(count, 2) over the runs of equal values of the sorted array s. */
static double pairs_in_runs(const int *s, int n, int stride)
{
	double total = 0;
	for (int i = 0; i < n;) {
		int j = i + 1;
		while (j < n && memcmp(s + (size_t)j * stride, s + (size_t)i * stride, (size_t)stride * sizeof *s) == 0)
			j++;
		double c = j - i;
		total += c * (c - 1) / 2;
		i = j;
	}
	return total;
}

double opinion_ari(int n, const int *a, const int *b)
{
	int m = 0;
	for (int i = 0; i < n; i++)
		m += a[i] >= 0 && b[i] >= 0;
	if (m < 2)
		return NAN;
	int *pa = mem_alloc((size_t)m * sizeof *pa), *pb = mem_alloc((size_t)m * sizeof *pb);
	int *pair = mem_alloc((size_t)m * 2 * sizeof *pair);
	for (int i = 0, t = 0; i < n; i++)
		if (a[i] >= 0 && b[i] >= 0) {
			pa[t] = pair[2 * t] = a[i];
			pb[t] = pair[2 * t + 1] = b[i];
			t++;
		}
	qsort(pa, (size_t)m, sizeof *pa, cmp_int);
	qsort(pb, (size_t)m, sizeof *pb, cmp_int);
	qsort(pair, (size_t)m, 2 * sizeof *pair, cmp_pair);
	double index = pairs_in_runs(pair, m, 2);
	double sa = pairs_in_runs(pa, m, 1), sb = pairs_in_runs(pb, m, 1);
	double all = (double)m * (m - 1) / 2;
	double expected = sa * sb / all, max = (sa + sb) / 2;
	free(pa);
	free(pb);
	free(pair);
	if (max == expected)	/* both partitions trivial and equal */
		return 1;
	return (index - expected) / (max - expected);
}
