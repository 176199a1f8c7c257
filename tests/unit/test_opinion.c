/* test_opinion.c — the opinion map engine (opinion.h).
 *
 * Every expected number below is computed by hand from the formulas of
 * opinion.h (the arithmetic is in the comments), never copied from the
 * engine's output: representative statements, consensus, group-informed
 * consensus, divisiveness and priority on a small case with given groups;
 * a PCA small enough to solve on paper; the adjusted Rand index of a
 * contingency table; the generator against the published splitmix64
 * sequence. Then properties: planted opinion groups recovered (several
 * seeds), determinism to the byte (with or without the second thread),
 * invalid input refused, excluded
 * statements ignored, the top-up to 15 clustered participants, and the
 * statement picker's distribution. Pol.is' published conversations are in
 * test_opinion_polis.c. */
#include "unit.h"

#include "engines/opinion.h"

#include <math.h>

/* Asserts |a − b| <= eps in double precision (cmocka's float version
 * would round the very digits checked here). */
#define assert_near(a, b, eps)                                                              \
	do {                                                                                \
		double a_ = (a), b_ = (b), e_ = (eps);                                      \
		if (!(fabs(a_ - b_) <= e_))                                                 \
			fail_msg("%s = %.17g, expected %.17g (± %g)", #a, a_, b_, e_);       \
	} while (0)

/* ---- building inputs ---- */

typedef struct votes {
	int n, cap;
	int32_t *p, *s;
	int8_t *v;
} votes;

static void add(votes *vs, int p, int s, int v)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? 2 * vs->cap : 256;
		vs->p = mem_realloc(vs->p, (size_t)vs->cap * sizeof *vs->p);
		vs->s = mem_realloc(vs->s, (size_t)vs->cap * sizeof *vs->s);
		vs->v = mem_realloc(vs->v, (size_t)vs->cap * sizeof *vs->v);
	}
	vs->p[vs->n] = p;
	vs->s[vs->n] = s;
	vs->v[vs->n] = (int8_t)v;
	vs->n++;
}

static void votes_free(votes *vs)
{
	free(vs->p);
	free(vs->s);
	free(vs->v);
	memset(vs, 0, sizeof *vs);
}

static opinion_input input(const votes *vs, int P, int C)
{
	opinion_input in = {
		.nparticipants = P,
		.nstatements = C,
		.nvotes = (size_t)vs->n,
		.vote_participant = vs->p,
		.vote_statement = vs->s,
		.vote_value = vs->v,
		.seed = 1,
	};
	return in;
}

static void compute_ok(const opinion_input *in, opinion_result *r)
{
	const char *why = NULL;
	opinion_rc rc = opinion_compute(in, r, &why);
	if (rc != OPINION_OK)
		fail_msg("opinion_compute refused: %s", why ? why : "(no reason)");
}

/* A deterministic source for the synthetic data, independent of the
 * engine's generator. */
static uint64_t rng_state;

static double rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double)(rng_state >> 11) * 0x1.0p-53;
}

/* ---- a small case with given groups, by hand ---- */

/*
 * Participants 0-3 form group 0, 4-7 group 1, 8 has no group.
 * Statements (+ agree, - disagree, 0 pass, . no vote):
 *          p0 p1 p2 p3 | p4 p5 p6 p7 | p8
 *   s0      +  +  +  + |  -  -  -  - |  +
 *   s1      +  +  +  + |  +  +  +  + |  +
 *   s2      -  -  -  0 |  -  -  -  0 |  +
 *   s3      +  +  +  - |  +  -  -  - |  .
 *   s4      -  -  -  - |  +  +  +  +     (excluded)
 */
static void hand_case(votes *vs, uint8_t *excluded, int *given)
{
	static const char *rows[5] = {"++++----+", "+++++++++", "---0---0+", "+++-+---.", "----++++."};
	memset(vs, 0, sizeof *vs);
	for (int s = 0; s < 5; s++)
		for (int p = 0; p < 9; p++) {
			char c = rows[s][p];
			if (c != '.')
				add(vs, p, s, c == '+' ? 1 : c == '-' ? -1 : 0);
		}
	for (int s = 0; s < 5; s++)
		excluded[s] = s == 4;
	for (int p = 0; p < 9; p++)
		given[p] = p < 4 ? 0 : p < 8 ? 1 : -1;
}

static void test_statistics_by_hand(void **state)
{
	votes vs;
	uint8_t excluded[5];
	int given[9];
	hand_case(&vs, excluded, given);
	opinion_input in = input(&vs, 9, 5);
	in.excluded = excluded;
	in.given_group = given;
	opinion_result r;
	compute_ok(&in, &r);

	assert_int_equal(r.ngroups, 2);
	assert_int_equal(r.nclustered, 8);
	assert_int_equal(r.nvoters, 9);
	assert_int_equal(r.groups[0].size, 4);
	assert_int_equal(r.groups[1].size, 4);
	assert_int_equal(r.group[8], -1);
	for (int k = 0; k <= OPINION_MAX_GROUPS; k++)
		assert_true(isnan(r.silhouette[k]));

	/* Counts: s0 over every voter A=5 D=4 S=9; over the clustered A=4 D=4. */
	assert_int_equal(r.counts[0].agree, 5);
	assert_int_equal(r.counts[0].disagree, 4);
	assert_int_equal(r.counts[0].seen, 9);
	assert_int_equal(r.clustered_counts[0].agree, 4);
	assert_int_equal(r.clustered_counts[0].seen, 8);
	assert_int_equal(r.group_counts[1 * 5 + 2].disagree, 3);
	assert_int_equal(r.group_counts[1 * 5 + 2].pass, 1);
	assert_int_equal(r.counts[4].seen, 0);	/* excluded: as if unvoted */

	/*
	 * Group 0, s0, agree: na=4 ns=4, rest na=0 ns=4.
	 *   p   = 5/6 = 0.833333
	 *   p_z = 2·sqrt(5)·(5/5 − 1/2) = sqrt(5) = 2.236068
	 *   r   = (5/6) / ((1+0)/(2+4)) = 5
	 *   r_z : a=5 b=1 m=5 o=5, π1=1, π2=0.2, π̂=6/10
	 *         = 0.8 / sqrt(0.6·0.4·(1/5+1/5)) = 0.8/sqrt(0.096) = 2.581989
	 *   metric = 5 · 2.581989 · 0.833333 · 2.236068 = 24.056261
	 * Group 0, s3, agree: na=3 ns=4, rest na=1 ns=4.
	 *   p = 4/6, p_z = 2·sqrt(5)·(4/5 − 1/2) = 1.341641 (> 1.2816)
	 *   r = (4/6) / (2/6) = 2
	 *   r_z: π1=4/5, π2=2/5, π̂=6/10: 0.4/sqrt(0.6·0.4·0.4) = 1.290994 (> 1.2816)
	 *   metric = 2 · 1.290994 · 0.666667 · 1.341641 = 2.309401
	 * s1 (everyone agrees): r_z = 0 (π̂ = 1); s2: rest identical, r_z = 0;
	 * s4 is excluded. Group 1 mirrors group 0 with disagree.
	 */
	for (int g = 0; g < 2; g++) {
		const opinion_group *grp = &r.groups[g];
		assert_int_equal(grp->nrep, 2);
		assert_int_equal(grp->rep[0].statement, 0);
		assert_int_equal(grp->rep[0].agree, g == 0);
		assert_int_equal(grp->rep[0].n_for, 4);
		assert_int_equal(grp->rep[0].n_seen, 4);
		assert_near(grp->rep[0].p, 5.0 / 6, 1e-12);
		assert_near(grp->rep[0].p_z, 2.2360679774997896, 1e-12);
		assert_near(grp->rep[0].r, 5.0, 1e-12);
		assert_near(grp->rep[0].r_z, 2.5819888974716112, 1e-12);
		assert_near(grp->rep[0].metric, 24.056261216234414, 1e-9);
		assert_int_equal(grp->rep[1].statement, 3);
		assert_int_equal(grp->rep[1].agree, g == 0);
		assert_int_equal(grp->rep[1].n_for, 3);
		assert_near(grp->rep[1].p, 4.0 / 6, 1e-12);
		assert_near(grp->rep[1].p_z, 1.3416407864998738, 1e-12);
		assert_near(grp->rep[1].r, 2.0, 1e-12);
		assert_near(grp->rep[1].r_z, 1.2909944487358056, 1e-12);
		assert_near(grp->rep[1].metric, 2.3094010767585034, 1e-9);
	}

	/*
	 * Consensus over the 8 clustered participants:
	 *   s1 agree: A=8 S=8, p = 9/10, p_z = 2·sqrt(9)·(9/9 − 1/2) = 3;
	 *   s2 disagree: D=6 S=8, p = 7/10, p_z = 2·3·(7/9 − 1/2) = 1.666667;
	 *   s0, s3: 4 of 8 either way, p = 5/10, not > 0.5.
	 */
	assert_int_equal(r.nconsensus, 2);
	assert_int_equal(r.consensus[0].statement, 1);
	assert_int_equal(r.consensus[0].agree, 1);
	assert_near(r.consensus[0].p, 0.9, 1e-12);
	assert_near(r.consensus[0].p_z, 3.0, 1e-12);
	assert_int_equal(r.consensus[1].statement, 2);
	assert_int_equal(r.consensus[1].agree, 0);
	assert_near(r.consensus[1].p, 0.7, 1e-12);
	assert_near(r.consensus[1].p_z, 1.6666666666666667, 1e-12);

	/*
	 * Group-informed consensus, Π (A_g+1)/(S_g+2):
	 *   s0: (5/6)(1/6) = 5/36;  s1: (5/6)(5/6) = 25/36;
	 *   s2: (1/6)(1/6) = 1/36;  s3: (4/6)(2/6) = 8/36;  s4: excluded, NAN.
	 * Divisiveness, the largest difference of those shares:
	 *   s0: 5/6 − 1/6 = 4/6;  s1, s2: 0;  s3: 4/6 − 2/6 = 2/6.
	 */
	assert_near(r.gac[0], 5.0 / 36, 1e-12);
	assert_near(r.gac[1], 25.0 / 36, 1e-12);
	assert_near(r.gac[2], 1.0 / 36, 1e-12);
	assert_near(r.gac[3], 8.0 / 36, 1e-12);
	assert_true(isnan(r.gac[4]));
	assert_near(r.divisive[0], 4.0 / 6, 1e-12);
	assert_near(r.divisive[1], 0, 1e-12);
	assert_near(r.divisive[2], 0, 1e-12);
	assert_near(r.divisive[3], 2.0 / 6, 1e-12);

	/*
	 * Priority of s1: all 9 voters agree, so μ = 1 and the extremity
	 * sqrt(C')·|1 − μ|·|loading| is 0 whatever the components.
	 *   importance = (1 − (0+1)/(9+2)) · (0+1) · (9+1)/(9+2) = 100/121
	 *   factor = 1 + 8·2^(−9/5) = 3.297397
	 *   priority = (100/121 · 3.297397)² = 7.426286
	 */
	assert_near(r.extremity[1], 0, 1e-12);
	assert_near(r.priority[1], 7.426285815914016, 1e-9);
	/* s4 is excluded: no mean, no loading, no priority. */
	assert_near(r.mean[4], 0, 0);
	assert_near(r.pc1[4], 0, 0);
	assert_near(r.pc2[4], 0, 0);
	assert_near(r.priority[4], 0, 0);
	assert_near(r.extremity[4], 0, 0);

	opinion_free(&r);
	votes_free(&vs);
}

/* GIC with passes, a participant outside every group and a group of one:
 *   s0: group 0 {p0 +, p1 0, p2 −}, group 1 {p3 +}, p4 (no group) +.
 *   Group 0: A=1 S=3 → 2/5; group 1: A=1 S=1 → 2/3; GIC = 4/15.
 *   s1: group 0 {p0 +, p1 +}, group 1: no vote → (3/4)(1/2) = 3/8. */
static void test_gic_by_hand(void **state)
{
	votes vs = {0};
	add(&vs, 0, 0, 1);
	add(&vs, 1, 0, 0);
	add(&vs, 2, 0, -1);
	add(&vs, 3, 0, 1);
	add(&vs, 4, 0, 1);
	add(&vs, 0, 1, 1);
	add(&vs, 1, 1, 1);
	int given[5] = {0, 0, 0, 1, -1};
	opinion_input in = input(&vs, 5, 2);
	in.given_group = given;
	opinion_result r;
	compute_ok(&in, &r);
	assert_int_equal(r.ngroups, 2);
	assert_near(r.gac[0], 4.0 / 15, 1e-15);
	assert_near(r.gac[1], 3.0 / 8, 1e-15);
	/* divisive of s0: 2/3 − 2/5 = 4/15 */
	assert_near(r.divisive[0], 4.0 / 15, 1e-15);
	opinion_free(&r);
	votes_free(&vs);
}

/* ---- a PCA small enough for paper ---- */

/*
 * Four participants, two statements, always opposite: rows ±(1, −1), both
 * means 0. X̃ᵀX̃ = 4·[[1, −1], [−1, 1]]: pc1 = (1, −1)/√2 (sign: the two
 * loadings tie in magnitude, the first is made positive), the other
 * eigenvalue is 0 so every y is 0. x = sqrt(C'/n)·(1·1/√2 + (−1)·(−1/√2))
 * = sqrt(2/2)·√2 = √2 for rows (1, −1), −√2 for the others. Two distinct
 * points, so two base clusters and two groups, numbered from p0.
 */
static void test_pca_by_hand(void **state)
{
	votes vs = {0};
	for (int p = 0; p < 4; p++) {
		int v = p % 2 ? -1 : 1;
		add(&vs, p, 0, v);
		add(&vs, p, 1, -v);
	}
	opinion_input in = input(&vs, 4, 2);
	opinion_result r;
	compute_ok(&in, &r);
	assert_near(r.mean[0], 0, 1e-15);
	assert_near(r.pc1[0], M_SQRT1_2, 1e-12);
	assert_near(r.pc1[1], -M_SQRT1_2, 1e-12);
	for (int p = 0; p < 4; p++) {
		assert_near(r.x[p], p % 2 ? -M_SQRT2 : M_SQRT2, 1e-12);
		assert_near(r.y[p], 0, 1e-12);
		assert_int_equal(r.group[p], p % 2);
	}
	assert_int_equal(r.nclustered, 4);
	assert_int_equal(r.nbase, 2);
	assert_int_equal(r.ngroups, 2);
	opinion_free(&r);
	votes_free(&vs);
}

/* ---- the adjusted Rand index ---- */

static void test_ari(void **state)
{
	/*
	 * a = 0 0 0 1 1 1, b = 0 0 1 1 2 2. Contingency: row a0 (2, 1, 0),
	 * row a1 (0, 1, 2). Σ C(n_ij, 2) = 1 + 1 = 2; rows Σ C(3, 2)·2 = 6;
	 * columns Σ C(2, 2)·3 = 3; C(6, 2) = 15; expected = 6·3/15 = 1.2;
	 * max = (6 + 3)/2 = 4.5; ARI = (2 − 1.2)/(4.5 − 1.2) = 0.8/3.3.
	 */
	int a[] = {0, 0, 0, 1, 1, 1}, b[] = {0, 0, 1, 1, 2, 2};
	assert_near(opinion_ari(6, a, b), 0.8 / 3.3, 1e-12);
	/* Renamed labels: identical partitions. */
	int c[] = {7, 7, 7, 3, 3, 3};
	assert_near(opinion_ari(6, a, c), 1, 1e-12);
	/* Items with a negative label are left out: the same table as above. */
	int a2[] = {0, 0, -1, 0, 1, 1, 1}, b2[] = {0, 0, 5, 1, 1, 2, 2};
	assert_near(opinion_ari(7, a2, b2), 0.8 / 3.3, 1e-12);
	/* Everything in one cluster on both sides. */
	int one[] = {4, 4, 4, 4};
	assert_near(opinion_ari(4, one, one), 1, 0);
	/* Fewer than two items. */
	int x[] = {0, -1}, y[] = {0, 0};
	assert_true(isnan(opinion_ari(2, x, y)));
	assert_true(isnan(opinion_ari(0, x, y)));
	/* a0 (1, 1) a1 (1, 1): index 0, expected 2·2/6, max 2: ARI = −0.5. */
	int p[] = {0, 0, 1, 1}, q[] = {0, 1, 0, 1};
	assert_near(opinion_ari(4, p, q), -0.5, 1e-12);
}

/* ---- the generator ---- */

static void test_rng(void **state)
{
	/* The seeding words are splitmix64's published sequence from 0. */
	opinion_rng g;
	opinion_rng_seed(&g, 0);
	assert_true(g.s[0] == 0xe220a8397b1dcdafULL);
	assert_true(g.s[1] == 0x6e789e6aa1b965f4ULL);
	assert_true(g.s[2] == 0x06c45d188009454fULL);
	assert_true(g.s[3] == 0xf88bb8a8724c81ecULL);
	/* xoshiro256** from those words, computed with an independent
	 * implementation of the published algorithm. */
	assert_true(opinion_rng_next(&g) == 0x99ec5f36cb75f2b4ULL);
	assert_true(opinion_rng_next(&g) == 0xbf6e1f784956452aULL);
	assert_true(opinion_rng_next(&g) == 0x1a5f849d4933e6e0ULL);
	opinion_rng h;
	opinion_rng_seed(&h, 12345);
	double lo = 1, hi = 0;
	for (int i = 0; i < 100000; i++) {
		double u = opinion_rng_uniform(&h);
		assert_true(u >= 0 && u < 1);
		lo = u < lo ? u : lo;
		hi = u > hi ? u : hi;
	}
	assert_true(lo < 0.001 && hi > 0.999);
}

/* ---- planted opinion groups ---- */

/* ng groups of per participants in random order, C statements; group g
 * agrees with statement j with probability 0.85 or 0.15 (drawn per g, j),
 * passes 10 % of the time, and 30 % of the votes are missing. */
static void planted(uint64_t seed, int ng, int per, int C, votes *vs, int *truth)
{
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	double pa[8][64];
	for (int g = 0; g < ng; g++)
		for (int j = 0; j < C; j++)
			pa[g][j] = rnd() < 0.5 ? 0.85 : 0.15;
	int P = ng * per;
	for (int i = 0; i < P; i++)
		truth[i] = i % ng;
	for (int i = P - 1; i > 0; i--) {
		int j = (int)(rnd() * (i + 1)), t = truth[i];
		truth[i] = truth[j];
		truth[j] = t;
	}
	memset(vs, 0, sizeof *vs);
	for (int i = 0; i < P; i++)
		for (int j = 0; j < C; j++) {
			if (rnd() < 0.3)
				continue;
			double u = rnd();
			int v = u < 0.1 ? 0 : rnd() < pa[truth[i]][j] ? 1 : -1;
			add(vs, i, j, v);
		}
}

static void test_planted_groups(void **state)
{
	for (uint64_t seed = 1; seed <= 5; seed++) {
		votes vs;
		int truth[300];
		planted(seed, 3, 100, 60, &vs, truth);
		opinion_input in = input(&vs, 300, 60);
		in.seed = seed;
		opinion_result r;
		compute_ok(&in, &r);
		double ari = opinion_ari(300, r.group, truth);
		if (!(ari >= 0.95) || r.ngroups != 3)
			fail_msg("seed %d: ARI %.3f with %d groups", (int)seed, ari, r.ngroups);
		assert_int_equal(r.nclustered, 300);
		int total = 0;
		for (int g = 0; g < r.ngroups; g++) {
			total += r.groups[g].size;
			assert_true(r.groups[g].nrep >= 1);
		}
		assert_int_equal(total, 300);
		opinion_free(&r);
		votes_free(&vs);
	}
	/* Two groups, as far apart. */
	votes vs;
	int truth[200];
	planted(9, 2, 100, 40, &vs, truth);
	opinion_input in = input(&vs, 200, 40);
	opinion_result r;
	compute_ok(&in, &r);
	assert_int_equal(r.ngroups, 2);
	assert_true(opinion_ari(200, r.group, truth) >= 0.95);
	opinion_free(&r);
	votes_free(&vs);
}

/* ---- determinism ---- */

static void test_determinism(void **state)
{
	votes vs;
	int truth[240];
	planted(21, 3, 80, 50, &vs, truth);
	opinion_input in = input(&vs, 240, 50);
	in.seed = 77;
	opinion_result a, b;
	compute_ok(&in, &a);
	compute_ok(&in, &b);
	assert_memory_equal(a.x, b.x, 240 * sizeof *a.x);
	assert_memory_equal(a.y, b.y, 240 * sizeof *a.y);
	assert_memory_equal(a.pc1, b.pc1, 50 * sizeof *a.pc1);
	assert_memory_equal(a.pc2, b.pc2, 50 * sizeof *a.pc2);
	assert_memory_equal(a.group, b.group, 240 * sizeof *a.group);
	assert_memory_equal(a.base_of, b.base_of, 240 * sizeof *a.base_of);
	assert_memory_equal(a.priority, b.priority, 50 * sizeof *a.priority);
	assert_int_equal(a.ngroups, b.ngroups);
	opinion_free(&b);

	/* The order of the vote triplets does not matter either. */
	votes rev = {0};
	for (int q = vs.n - 1; q >= 0; q--)
		add(&rev, vs.p[q], vs.s[q], vs.v[q]);
	opinion_input in2 = input(&rev, 240, 50);
	in2.seed = 77;
	compute_ok(&in2, &b);
	assert_memory_equal(a.x, b.x, 240 * sizeof *a.x);
	assert_memory_equal(a.group, b.group, 240 * sizeof *a.group);
	opinion_free(&b);

	/* Another seed: the same groups on data this clear. */
	in.seed = 78;
	compute_ok(&in, &b);
	assert_near(opinion_ari(240, a.group, b.group), 1, 1e-12);
	opinion_free(&a);
	opinion_free(&b);
	votes_free(&rev);
	votes_free(&vs);
}

/* The second thread (taken from SPLIT_VOTES = 200 000 votes and
 * SPLIT_POINTS = 2 000 points in opinion.c) changes no bit of the result:
 * 4 500 participants, 64 statements, about 200 000 votes, computed with it
 * and on one thread. */
static void test_two_threads_same_bits(void **state)
{
	enum { NG = 3, PER = 1500, P = NG * PER, C = 64 };
	votes vs;
	int *truth = mem_alloc(P * sizeof *truth);
	planted(5, NG, PER, C, &vs, truth);
	assert_true(vs.n >= 200000);
	opinion_input in = input(&vs, P, C);
	in.seed = 3;
	opinion_result a, b;
	compute_ok(&in, &a);
	in.one_thread = 1;
	compute_ok(&in, &b);
	assert_int_equal(a.ngroups, NG);
	assert_true(opinion_ari(P, a.group, truth) >= 0.95);
	assert_int_equal(a.ngroups, b.ngroups);
	assert_int_equal(a.nbase, b.nbase);
	assert_memory_equal(a.x, b.x, P * sizeof *a.x);
	assert_memory_equal(a.y, b.y, P * sizeof *a.y);
	assert_memory_equal(a.pc1, b.pc1, C * sizeof *a.pc1);
	assert_memory_equal(a.pc2, b.pc2, C * sizeof *a.pc2);
	assert_memory_equal(a.base_of, b.base_of, P * sizeof *a.base_of);
	assert_memory_equal(a.group, b.group, P * sizeof *a.group);
	assert_memory_equal(a.group_counts, b.group_counts, (size_t)a.ngroups * C * sizeof *a.group_counts);
	assert_memory_equal(a.priority, b.priority, C * sizeof *a.priority);
	opinion_free(&a);
	opinion_free(&b);
	votes_free(&vs);
	free(truth);
}

/* ---- invalid input ---- */

static void expect_invalid(const opinion_input *in)
{
	opinion_result r;
	memset(&r, 0xab, sizeof r);
	const char *why = NULL;
	assert_int_equal(opinion_compute(in, &r, &why), OPINION_INVALID);
	assert_non_null(why);
	assert_true(strlen(why) > 0);
	assert_null(r.x);
	assert_null(r.group);
	assert_int_equal(r.ngroups, 0);
	opinion_free(&r);
}

static void test_invalid(void **state)
{
	votes vs = {0};
	add(&vs, 0, 0, 1);
	add(&vs, 1, 1, -1);
	add(&vs, 0, 1, 0);
	opinion_input in = input(&vs, 2, 2);
	opinion_result r;
	compute_ok(&in, &r);
	opinion_free(&r);

	add(&vs, 1, 1, 1);	/* the same pair twice */
	in = input(&vs, 2, 2);
	expect_invalid(&in);
	vs.n--;
	in = input(&vs, 2, 2);

	vs.v[0] = 2;	/* not -1, 0 or 1 */
	expect_invalid(&in);
	vs.v[0] = -2;
	expect_invalid(&in);
	vs.v[0] = 1;

	vs.p[1] = 2;	/* participant out of range */
	expect_invalid(&in);
	vs.p[1] = -1;
	expect_invalid(&in);
	vs.p[1] = 1;

	vs.s[2] = 2;	/* statement out of range */
	expect_invalid(&in);
	vs.s[2] = 1;

	opinion_input bad = in;
	bad.nparticipants = -1;
	expect_invalid(&bad);
	bad = in;
	bad.nstatements = OPINION_MAX_STATEMENTS + 1;
	expect_invalid(&bad);
	bad = in;
	bad.vote_value = NULL;
	expect_invalid(&bad);
	int given[2] = {0, OPINION_MAX_GROUPS};
	bad = in;
	bad.given_group = given;
	expect_invalid(&bad);
	given[1] = -2;
	expect_invalid(&bad);

	/* A duplicate on an excluded statement is still a duplicate. */
	uint8_t ex[2] = {0, 1};
	add(&vs, 1, 1, 0);
	in = input(&vs, 2, 2);
	in.excluded = ex;
	expect_invalid(&in);

	/* Nothing at all is valid. */
	opinion_input empty = {0};
	compute_ok(&empty, &r);
	assert_int_equal(r.ngroups, 0);
	assert_int_equal(r.nclustered, 0);
	opinion_free(&r);
	opinion_free(NULL);
	votes_free(&vs);
}

/* ---- excluded statements ---- */

static void test_excluded_ignored(void **state)
{
	/* Statement 50 is excluded and its votes are flipped between two
	 * runs: nothing may change (a zeroed column carries no values). */
	votes vs;
	int truth[240];
	planted(5, 3, 80, 50, &vs, truth);
	int n0 = vs.n;
	for (int i = 0; i < 240; i += 2)
		add(&vs, i, 50, truth[i] == 0 ? 1 : -1);
	uint8_t ex[51] = {0};
	ex[50] = 1;
	opinion_input in = input(&vs, 240, 51);
	in.excluded = ex;
	opinion_result a, b;
	compute_ok(&in, &a);
	for (int q = n0; q < vs.n; q++)
		vs.v[q] = (int8_t)-vs.v[q];
	compute_ok(&in, &b);
	assert_memory_equal(a.x, b.x, 240 * sizeof *a.x);
	assert_memory_equal(a.y, b.y, 240 * sizeof *a.y);
	assert_memory_equal(a.group, b.group, 240 * sizeof *a.group);
	assert_near(a.pc1[50], 0, 0);
	assert_near(a.pc2[50], 0, 0);
	assert_int_equal(a.counts[50].seen, 0);
	assert_true(isnan(a.gac[50]));
	assert_near(a.priority[50], 0, 0);
	for (int g = 0; g < a.ngroups; g++)
		for (int k = 0; k < a.groups[g].nrep; k++)
			assert_int_not_equal(a.groups[g].rep[k].statement, 50);
	for (int k = 0; k < a.nconsensus; k++)
		assert_int_not_equal(a.consensus[k].statement, 50);
	opinion_free(&a);
	opinion_free(&b);
	votes_free(&vs);
}

/* ---- step 1 ---- */

static void test_clustered_top_up(void **state)
{
	/*
	 * 10 statements. p0-p9 vote on 8 of them (>= min(7, 10): clustered);
	 * the others vote on: p10 5, p11 6, p12 6, p13 5, p14 4, p15 5, p16 2,
	 * p17 none. Only 10 qualify, so the 5 heaviest others are added:
	 * p11, p12 (6), then p10, p13, p15 (5, lower index first); p14 is not.
	 */
	static const int nv[18] = {8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 5, 6, 6, 5, 4, 5, 2, 0};
	votes vs = {0};
	for (int p = 0; p < 18; p++)
		for (int j = 0; j < nv[p]; j++)
			add(&vs, p, (p + j) % 10, (p * 7 + j * 3) % 3 - 1);
	opinion_input in = input(&vs, 18, 10);
	opinion_result r;
	compute_ok(&in, &r);
	assert_int_equal(r.nclustered, 15);
	assert_int_equal(r.nvoters, 17);
	for (int p = 0; p < 18; p++) {
		int want = p < 10 || p == 10 || p == 11 || p == 12 || p == 13 || p == 15;
		if (r.clustered[p] != want)
			fail_msg("participant %d: clustered %d, expected %d", p, r.clustered[p], want);
		if (!want)
			assert_int_equal(r.group[p], -1);
	}
	/* p17 has no votes: at the origin. */
	assert_near(r.x[17], 0, 0);
	assert_near(r.y[17], 0, 0);
	opinion_free(&r);
	votes_free(&vs);

	/* With 5 statements, 5 votes are enough (min(7, 5)). */
	votes few = {0};
	for (int p = 0; p < 20; p++)
		for (int j = 0; j < (p < 16 ? 5 : 4); j++)
			add(&few, p, j, (p + j) % 2 ? 1 : -1);
	in = input(&few, 20, 5);
	compute_ok(&in, &r);
	assert_int_equal(r.nclustered, 16);
	assert_int_equal(r.clustered[16], 0);
	opinion_free(&r);
	votes_free(&few);
}

/* ---- choosing the next statement ---- */

static void test_pick(void **state)
{
	/* Eligible: s0 (1), s2 (3), s4 (4); s1 has priority 0, s3 is voted.
	 * Cumulative 1, 4, 8 of 8: u < 1/8 → s0, u < 4/8 → s2, else s4. */
	double pr[5] = {1, 0, 3, 2, 4};
	unsigned char voted[5] = {0, 0, 0, 1, 0};
	assert_int_equal(opinion_pick(pr, voted, 5, 0.0), 0);
	assert_int_equal(opinion_pick(pr, voted, 5, 0.124), 0);
	assert_int_equal(opinion_pick(pr, voted, 5, 0.125), 2);
	assert_int_equal(opinion_pick(pr, voted, 5, 0.49), 2);
	assert_int_equal(opinion_pick(pr, voted, 5, 0.5), 4);
	assert_int_equal(opinion_pick(pr, voted, 5, 0.999999), 4);

	int hits[5] = {0};
	opinion_rng g;
	opinion_rng_seed(&g, 3);
	int N = 80000;
	for (int i = 0; i < N; i++)
		hits[opinion_pick(pr, voted, 5, opinion_rng_uniform(&g))]++;
	assert_int_equal(hits[1], 0);
	assert_int_equal(hits[3], 0);
	/* 1/8, 3/8, 4/8 of 80000, each within 5 standard deviations. */
	assert_true(abs(hits[0] - 10000) < 5 * 94);
	assert_true(abs(hits[2] - 30000) < 5 * 137);
	assert_true(abs(hits[4] - 40000) < 5 * 142);

	unsigned char all[5] = {1, 1, 1, 1, 1};
	assert_int_equal(opinion_pick(pr, all, 5, 0.3), -1);
	double zero[3] = {0, 0, 0};
	unsigned char none[3] = {0, 0, 0};
	assert_int_equal(opinion_pick(zero, none, 3, 0.3), -1);

	/* S = 0, E = 0: ((1 − 1/2)·1·(1/2)·(1 + 8))² = 2.25² = 5.0625. */
	assert_near(opinion_priority_unseen(), 5.0625, 1e-12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statistics_by_hand),
		cmocka_unit_test(test_gic_by_hand),
		cmocka_unit_test(test_pca_by_hand),
		cmocka_unit_test(test_ari),
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_planted_groups),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_two_threads_same_bits),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_excluded_ignored),
		cmocka_unit_test(test_clustered_top_up),
		cmocka_unit_test(test_pick),
	};
	return cmocka_run_group_tests_name("opinion", tests, NULL, NULL);
}
