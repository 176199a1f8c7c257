/* test_tally.c — the tally engine (tally.h).
 *
 * Real elections: the Debian project leader elections of 2002, 2006, 2007,
 * 2012 and 2020, read from ../shared/data/ballots/ (relative to the
 * repository root, where the tests run), must elect the official winner
 * under Schulze with unranked candidates last; 2006 elects someone else
 * when unranked means "no opinion", and the figures that make it so are
 * checked. Small cases worked out by hand in the comments: Schulze with a
 * cycle, approval, dots, Borda, majority judgment (ties at the median, one
 * needing several removals, an even number of voters). Properties on
 * random ballots (a xorshift generator seeded here): a Condorcet winner
 * always wins Schulze; adding ballots that rank the winner first never
 * makes it lose; approval with one approval each is plurality; weights are
 * duplicated rows; row order changes nothing; the strongest paths match a
 * brute-force search over every path; Borda matches a direct count; the
 * majority judgment order matches removing median grades one at a time.
 * Then the 16-bit counters' flush, odd numbers of candidates, empty
 * inputs, the seats cut, names, and every error of tally_check_ballot. */
#include "unit.h"

#include "engines/ballotfile.h"
#include "engines/tally.h"

#define DATA_DIR "../shared/data/ballots/"

/* ---- helpers ---- */

static uint64_t rng = 0x853C49E6748FEA9Bull;

static uint64_t rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int rnd(int n)
{
	return (int)(rnd64() % (uint64_t)n);
}

/* Reads a file of the shared data into a heap buffer (the caller frees). */
static char *read_data(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, DATA_DIR "%s", name);
	return unit_read_file(path, len, false,
			      "the shared ballot files must be in ../shared/data/ballots/ and the tests run from the "
			      "repository root");
}

static ballotfile *load(arena *a, const char *name)
{
	size_t len;
	char *data = read_data(name, &len);
	ballotfile_error err;
	ballotfile *bf = ballotfile_parse(a, data, len, &err);
	free(data);
	if (!bf)
		fail_msg("%s:%d: %s", name, err.line, err.msg);
	return bf;
}

static int find(const ballotfile *bf, const char *name)
{
	for (int c = 0; c < bf->ncand; c++)
		if (strcmp(bf->names[c], name) == 0)
			return c;
	fail_msg("no candidate \"%s\"", name);
	return -1;
}

static tally_result *run(arena *a, const tally_ballots *b, tally_method m, bool ignore)
{
	tally_options o = {.method = m, .unranked_ignore = ignore};
	tally_result *r = tally_run(a, b, &o);
	assert_non_null(r);
	assert_int_equal(r->ncand, b->ncand);
	assert_int_equal(r->level_start[0], 0);
	assert_int_equal(r->level_start[r->nlevels], b->ncand);
	return r;
}

/* Asserts the ranking's levels, written as "0|1 2" (levels separated by
 * '|', candidates by spaces, in ascending index order inside a level). */
static void expect_levels(const tally_result *r, const char *want)
{
	char got[512] = "";
	size_t n = 0;
	for (int l = 0; l < r->nlevels; l++)
		for (int k = r->level_start[l]; k < r->level_start[l + 1]; k++)
			n += (size_t)snprintf(got + n, sizeof got - n, "%s%d",
					      k == 0 ? "" : k == r->level_start[l] ? "|" : " ", r->order[k]);
	if (strcmp(got, want) != 0)
		fail_msg("ranking %s, expected %s", got, want);
	/* rank[] agrees: standard competition ranking */
	for (int l = 0; l < r->nlevels; l++)
		for (int k = r->level_start[l]; k < r->level_start[l + 1]; k++)
			assert_int_equal(r->rank[r->order[k]], r->level_start[l] + 1);
}

/* The winner's name when there is exactly one. */
static const char *sole_winner(const ballotfile *bf, const tally_result *r)
{
	if (r->nlevels == 0 || r->level_start[1] != 1)
		fail_msg("no sole winner: %d tied first", r->nlevels ? r->level_start[1] : 0);
	return bf->names[r->order[0]];
}

#define D(r, i, j) ((r)->pairwise[(size_t)(i) * (r)->ncand + (j)])
#define P(r, i, j) ((r)->paths[(size_t)(i) * (r)->ncand + (j)])

/* ---- real elections ---- */

static void test_debian_winners(void **state)
{
	(void)state;
	static const struct {
		const char *file, *winner;
	} cases[] = {
		{"preflib/deb2002.soi", "Bdale Garbee"},
		{"debian/leader2006_tally.txt", "Anthony Towns"},
		{"debian/leader2007_tally.txt", "Sam Hocevar"},
		{"preflib/deb2012.soi", "Stefano Zacchiroli"},
		{"debian/leader2020_tally.txt", "Jonathan Carter"},
	};
	for (size_t i = 0; i < UNIT_LEN(cases); i++) {
		arena *a = arena_new();
		ballotfile *bf = load(a, cases[i].file);
		tally_result *r = run(a, &bf->ballots, TALLY_SCHULZE, false);
		const char *w = sole_winner(bf, r);
		if (strcmp(w, cases[i].winner) != 0)
			fail_msg("%s: Schulze elects %s, officially %s", cases[i].file, w, cases[i].winner);
		/* each of these winners is a Condorcet winner, so Borda's count
		 * need not agree but every pairwise contest must */
		int c = find(bf, cases[i].winner);
		for (int j = 0; j < bf->ncand; j++)
			if (j != c)
				assert_true(D(r, c, j) > D(r, j, c));
		arena_free(a);
	}
}

/* 2006 with "unranked = no opinion". Under Debian's rule Anthony Towns is
 * the Condorcet winner; he beats Steve McIntyre 190 to 184. Of those 190
 * voters, 23 ranked Towns and left McIntyre unranked (190 - 167), while
 * only 10 of the 184 ranked McIntyre and left Towns unranked (184 - 174).
 * When an unranked candidate is "no opinion" those ballots no longer count
 * in that pair: McIntyre then leads 174 to 167, is the Condorcet winner
 * (he also beats everyone else), and wins. */
static void test_debian_2006_no_opinion(void **state)
{
	(void)state;
	arena *a = arena_new();
	ballotfile *bf = load(a, "debian/leader2006_tally.txt");
	assert_int_equal(bf->ncand, 8);
	assert_int_equal(bf->ballots.nrows, 421);
	int towns = find(bf, "Anthony Towns"), steve = find(bf, "Steve McIntyre");
	tally_result *last = run(a, &bf->ballots, TALLY_SCHULZE, false);
	tally_result *none = run(a, &bf->ballots, TALLY_SCHULZE, true);
	assert_string_equal(sole_winner(bf, last), "Anthony Towns");
	assert_string_equal(sole_winner(bf, none), "Steve McIntyre");
	assert_int_equal(D(last, towns, steve), 190);
	assert_int_equal(D(last, steve, towns), 184);
	assert_int_equal(D(none, towns, steve), 167);
	assert_int_equal(D(none, steve, towns), 174);
	for (int j = 0; j < bf->ncand; j++)
		if (j != steve)
			assert_true(D(none, steve, j) > D(none, j, steve));
	/* Towns is second, alone, either way */
	assert_int_equal(last->rank[steve], 2);
	assert_int_equal(none->rank[towns], 2);
	arena_free(a);
}

/* ---- Schulze by hand ---- */

static void test_schulze_cycle(void **state)
{
	(void)state;
	/* candidates A=0 B=1 C=2; 4 voters A>B>C, 3 B>C>A, 2 C>A>B.
	 * d[A][B] = 4+2 = 6, d[B][A] = 3: link A→B of 3;
	 * d[B][C] = 4+3 = 7, d[C][B] = 2: link B→C of 5;
	 * d[C][A] = 3+2 = 5, d[A][C] = 4: link C→A of 1 (a cycle).
	 * paths: A→B 3, A→C min(3,5) = 3, B→C 5, B→A min(5,1) = 1,
	 * C→A 1, C→B min(1,3) = 1. A beats B (3 > 1) and C (3 > 1), B beats
	 * C (5 > 1): A, B, C. */
	static const int16_t v[] = {1, 2, 3, 3, 1, 2, 2, 3, 1};
	static const uint32_t w[] = {4, 3, 2};
	tally_ballots b = {3, 3, v, w};
	arena *a = arena_new();
	tally_result *r = run(a, &b, TALLY_SCHULZE, false);
	expect_levels(r, "0|1|2");
	assert_int_equal(r->ballots, 9);
	static const int64_t d[] = {0, 6, 4, 3, 0, 7, 5, 2, 0};
	static const int64_t p[] = {0, 3, 3, 1, 0, 5, 1, 1, 0};
	for (int k = 0; k < 9; k++) {
		assert_int_equal(r->pairwise[k], d[k]);
		assert_int_equal(r->paths[k], p[k]);
	}
	assert_null(r->score);
	assert_null(r->profile);
	arena_free(a);
}

static void test_schulze_ties_and_unranked(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* one voter A>B, one B>A: nothing beats anything, all tied */
	static const int16_t v1[] = {1, 2, 2, 1};
	tally_ballots b1 = {2, 2, v1, NULL};
	expect_levels(run(a, &b1, TALLY_SCHULZE, false), "0 1");
	/* two voters rank A alone, one B>A>C.
	 * Debian's rule: the first two give A>B and A>C, the third B>A, B>C
	 * and A>C: d[A][B] = 2, d[B][A] = 1, d[A][C] = 3, d[B][C] = 1, the rest
	 * 0: A, B, C.
	 * No opinion: the first two count nothing: d[B][A] = d[B][C] =
	 * d[A][C] = 1: B, A, C. */
	static const int16_t v2[] = {1, 0, 0, 1, 0, 0, 2, 1, 3};
	tally_ballots b2 = {3, 3, v2, NULL};
	tally_result *last = run(a, &b2, TALLY_SCHULZE, false);
	expect_levels(last, "0|1|2");
	assert_int_equal(D(last, 0, 1), 2);
	assert_int_equal(D(last, 1, 0), 1);
	assert_int_equal(D(last, 0, 2), 3);
	assert_int_equal(D(last, 2, 1), 0);
	tally_result *none = run(a, &b2, TALLY_SCHULZE, true);
	expect_levels(none, "1|0|2");
	assert_int_equal(D(none, 0, 1), 0);
	assert_int_equal(D(none, 1, 0), 1);
	assert_int_equal(D(none, 0, 2), 1);
	/* ties inside a ballot: A=B>C counts neither A>B nor B>A */
	static const int16_t v3[] = {1, 1, 2};
	tally_ballots b3 = {3, 1, v3, NULL};
	tally_result *r3 = run(a, &b3, TALLY_SCHULZE, false);
	expect_levels(r3, "0 1|2");
	assert_int_equal(D(r3, 0, 1), 0);
	assert_int_equal(D(r3, 1, 2), 1);
	/* ranks need not be dense for counting, negative values are unranked */
	static const int16_t v4[] = {5, 9, -3};
	tally_ballots b4 = {3, 1, v4, NULL};
	expect_levels(run(a, &b4, TALLY_SCHULZE, false), "0|1|2");
	arena_free(a);
}

/* ---- score methods by hand ---- */

static void test_approval_dots_borda(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* approval, 4 candidates: {A,B} x2, {B} x1, {C,D}, {B,D}:
	 * A 2, B 4, C 1, D 2 -> B | A D | C */
	static const int16_t ap[] = {1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1};
	static const uint32_t apw[] = {2, 1, 1, 1};
	tally_ballots b = {4, 4, ap, apw};
	tally_result *r = run(a, &b, TALLY_APPROVAL, false);
	expect_levels(r, "1|0 3|2");
	assert_true(r->score[0] == 2 && r->score[1] == 4 && r->score[2] == 1 && r->score[3] == 2);
	assert_int_equal(r->rank[2], 4);
	assert_null(r->pairwise);
	/* dots, 3 candidates: (3,0,2), (0,5,0), (1,1,1) x2:
	 * A 3+2 = 5, B 5+2 = 7, C 2+2 = 4; a negative value counts 0 */
	static const int16_t dt[] = {3, 0, 2, 0, 5, 0, 1, 1, 1, -4, 0, 0};
	static const uint32_t dtw[] = {1, 1, 2, 7};
	tally_ballots bd = {3, 4, dt, dtw};
	r = run(a, &bd, TALLY_DOTS, false);
	expect_levels(r, "1|0|2");
	assert_true(r->score[0] == 5 && r->score[1] == 7 && r->score[2] == 4);
	/* borda, 4 candidates:
	 *   A>B>C>D      A 3, B 2, C 1, D 0
	 *   B>{A,C}, D unranked: B 3 (above A, C, D), A 1, C 1 (above D), D 0;
	 *     no opinion: B 2, A 0, C 0, D 0
	 *   D alone: D 3 (above all three unranked); no opinion: D 0
	 * Debian's rule: A 4, B 5, C 2, D 3 -> B|A|D|C
	 * no opinion: A 3, B 4, C 1, D 0 -> B|A|C|D */
	static const int16_t bo[] = {1, 2, 3, 4, 2, 1, 2, 0, 0, 0, 0, 1};
	tally_ballots bb = {4, 3, bo, NULL};
	r = run(a, &bb, TALLY_BORDA, false);
	expect_levels(r, "1|0|3|2");
	assert_true(r->score[0] == 4 && r->score[1] == 5 && r->score[2] == 2 && r->score[3] == 3);
	r = run(a, &bb, TALLY_BORDA, true);
	expect_levels(r, "1|0|2|3");
	assert_true(r->score[0] == 3 && r->score[1] == 4 && r->score[2] == 1 && r->score[3] == 0);
	arena_free(a);
}

/* ---- majority judgment by hand ---- */

/* Runs MJ on columns given as grade lists: grades[c][voter]. */
static tally_result *mj(arena *a, int ncand, int nvoters, const int16_t *by_cand)
{
	int16_t *v = arena_alloc(a, (size_t)ncand * nvoters * sizeof *v);
	for (int c = 0; c < ncand; c++)
		for (int i = 0; i < nvoters; i++)
			v[i * ncand + c] = by_cand[c * nvoters + i];
	tally_ballots b = {ncand, (size_t)nvoters, v, NULL};
	return run(a, &b, TALLY_MJ, false);
}

static void test_mj_hand(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* medians differ: A 6,4,0 -> sorted 0,4,6, median 4; B 5,5,1 -> 1,5,5,
	 * median 5: B first. */
	static const int16_t g1[] = {6, 4, 0, 5, 5, 1};
	tally_result *r = mj(a, 2, 3, g1);
	expect_levels(r, "1|0");
	assert_int_equal(r->median[0], 4);
	assert_int_equal(r->median[1], 5);
	assert_int_equal(r->profile[0 * TALLY_MJ_GRADES + 6], 1);
	assert_int_equal(r->profile[1 * TALLY_MJ_GRADES + 5], 2);

	/* tie at the median, broken by the first removal: A 1,3,3,3,6 and
	 * B 2,2,3,4,4 both have median 3. Remove a 3 from each: A 1,3,3,6 has
	 * lower median 3, B 2,2,4,4 has 2: A first. */
	static const int16_t g2[] = {1, 3, 3, 3, 6, 2, 2, 3, 4, 4};
	r = mj(a, 2, 5, g2);
	expect_levels(r, "0|1");
	assert_int_equal(r->median[0], 3);
	assert_int_equal(r->median[1], 3);

	/* a tie that needs several removals: A 0,2,2,2,5 and B 1,2,2,2,4,
	 * C the same as A.
	 *   medians 2, 2          remove a 2: A 0,2,2,5  B 1,2,2,4
	 *   lower medians 2, 2    remove a 2: A 0,2,5    B 1,2,4
	 *   medians 2, 2          remove a 2: A 0,5      B 1,4
	 *   lower medians 0, 1: B is above A (and C, tied with A: same
	 *   profile). */
	static const int16_t g3[] = {0, 2, 2, 2, 5, 1, 2, 2, 2, 4, 5, 2, 0, 2, 2};
	r = mj(a, 3, 5, g3);
	expect_levels(r, "1|0 2");
	assert_int_equal(r->median[0], 2);
	assert_int_equal(r->median[1], 2);
	assert_int_equal(r->rank[0], 2);
	assert_int_equal(r->rank[2], 2);

	/* an even number of voters takes the lower median: A 1,2,5,6 has
	 * lower median 2 (not 5), B 2,2,3,3 has 2. Remove a 2: A 1,5,6 has 5,
	 * B 2,3,3 has 3: A first. */
	static const int16_t g4[] = {1, 2, 5, 6, 2, 2, 3, 3};
	r = mj(a, 2, 4, g4);
	expect_levels(r, "0|1");
	assert_int_equal(r->median[0], 2);

	/* not graded (-1) counts as "reject" (0), out of range is clamped:
	 * A -1,6,6 -> 0,6,6 median 6; B 9,9,-5 -> 6,6,0 median 6, the same
	 * profile: tied. */
	static const int16_t g5[] = {-1, 6, 6, 9, 9, -5};
	r = mj(a, 2, 3, g5);
	expect_levels(r, "0 1");
	assert_int_equal(r->profile[0], 1);
	assert_int_equal(r->profile[6], 2);

	/* weights beyond 32 bits stay exact: W voters give A 6 and B 1, W give
	 * A 0 and B 1 (W = 2^32 - 1): A's lower median is 0, B's 1. */
	static const int16_t v6[] = {6, 1, 0, 1};
	static const uint32_t w6[] = {UINT32_MAX, UINT32_MAX};
	tally_ballots b6 = {2, 2, v6, w6};
	r = run(a, &b6, TALLY_MJ, false);
	expect_levels(r, "1|0");
	assert_int_equal(r->median[0], 0);
	assert_true(r->ballots == 2 * (uint64_t)UINT32_MAX);
	arena_free(a);
}

/* ---- properties on random ballots ---- */

/* Random ranked ballots: each ranks k of n candidates (k random, 1..n),
 * with ties when ties is true. */
static void random_ranked(int16_t *v, size_t nrows, int n, bool ties)
{
	for (size_t r = 0; r < nrows; r++) {
		int16_t *row = v + r * (size_t)n;
		memset(row, 0, (size_t)n * sizeof *row);
		int k = 1 + rnd(n), rank = 0;
		int perm[64];
		for (int c = 0; c < n; c++)
			perm[c] = c;
		for (int c = n - 1; c > 0; c--) {
			int j = rnd(c + 1), t = perm[c];
			perm[c] = perm[j];
			perm[j] = t;
		}
		for (int p = 0; p < k; p++) {
			if (p == 0 || !ties || rnd(3))
				rank++;
			row[perm[p]] = (int16_t)rank;
		}
	}
}

static void test_condorcet_winner(void **state)
{
	(void)state;
	int found = 0;
	for (int round = 0; round < 300; round++) {
		arena *a = arena_new();
		int n = 2 + rnd(6);
		size_t rows = 1 + (size_t)rnd(40);
		int16_t *v = arena_alloc(a, rows * n * sizeof *v);
		random_ranked(v, rows, n, round & 1);
		tally_ballots b = {n, rows, v, NULL};
		for (int ignore = 0; ignore < 2; ignore++) {
			tally_result *r = run(a, &b, TALLY_SCHULZE, ignore);
			for (int w = 0; w < n; w++) {
				bool beats_all = true;
				for (int j = 0; j < n; j++)
					if (j != w && D(r, w, j) <= D(r, j, w))
						beats_all = false;
				if (!beats_all)
					continue;
				found++;
				if (r->order[0] != w || r->level_start[1] != 1)
					fail_msg("round %d: Condorcet winner %d is not Schulze's sole winner", round, w);
			}
		}
		arena_free(a);
	}
	assert_true(found > 100);	/* the property was exercised */
}

static void test_mono_add_top(void **state)
{
	(void)state;
	for (int round = 0; round < 300; round++) {
		arena *a = arena_new();
		int n = 2 + rnd(5);
		size_t rows = 1 + (size_t)rnd(30), extra = 1 + (size_t)rnd(10);
		int16_t *v = arena_alloc(a, (rows + extra) * n * sizeof *v);
		random_ranked(v, rows + extra, n, round & 1);
		tally_ballots b = {n, rows, v, NULL};
		tally_result *r = run(a, &b, TALLY_SCHULZE, false);
		for (int k = 0; k < r->level_start[1]; k++) {
			int w = r->order[k];
			/* the extra ballots, with w moved to the top alone */
			for (size_t e = rows; e < rows + extra; e++) {
				int16_t *row = v + e * (size_t)n;
				for (int c = 0; c < n; c++)
					if (row[c] > 0)
						row[c]++;
				row[w] = 1;
			}
			tally_ballots more = {n, rows + extra, v, NULL};
			tally_result *r2 = run(a, &more, TALLY_SCHULZE, false);
			if (r2->rank[w] != 1)
				fail_msg("round %d: winner %d ranked %d after ballots ranking it first", round, w,
					 r2->rank[w]);
		}
		arena_free(a);
	}
}

static void test_approval_is_plurality(void **state)
{
	(void)state;
	for (int round = 0; round < 100; round++) {
		arena *a = arena_new();
		int n = 1 + rnd(8);
		size_t rows = (size_t)rnd(50);
		int16_t *v = arena_zalloc(a, (rows ? rows : 1) * n * sizeof *v);
		int64_t plurality[8] = {0};
		for (size_t r = 0; r < rows; r++) {
			int c = rnd(n);
			v[r * n + c] = 1;
			plurality[c]++;
		}
		tally_options o = {.method = TALLY_APPROVAL, .max_approvals = 1};
		for (size_t r = 0; r < rows; r++)
			assert_int_equal(tally_check_ballot(&o, n, v + r * n, NULL), TALLY_OK);
		tally_ballots b = {n, rows, v, NULL};
		tally_result *res = tally_run(a, &b, &o);
		for (int c = 0; c < n; c++) {
			assert_true(res->score[c] == (double)plurality[c]);
			/* rank = 1 + number of candidates with more first places */
			int above = 0;
			for (int j = 0; j < n; j++)
				above += plurality[j] > plurality[c];
			assert_int_equal(res->rank[c], above + 1);
		}
		arena_free(a);
	}
}

/* Asserts that two results say the same thing. */
static void same_result(const tally_result *x, const tally_result *y)
{
	assert_int_equal(x->ncand, y->ncand);
	assert_true(x->ballots == y->ballots);
	assert_int_equal(x->nlevels, y->nlevels);
	size_t n = (size_t)x->ncand;
	assert_memory_equal(x->order, y->order, n * sizeof(int));
	assert_memory_equal(x->level_start, y->level_start, (size_t)(x->nlevels + 1) * sizeof(int));
	assert_memory_equal(x->rank, y->rank, n * sizeof(int));
	if (x->score)
		assert_memory_equal(x->score, y->score, n * sizeof(double));
	if (x->pairwise) {
		assert_memory_equal(x->pairwise, y->pairwise, n * n * sizeof(int64_t));
		assert_memory_equal(x->paths, y->paths, n * n * sizeof(int64_t));
	}
	if (x->profile) {
		assert_memory_equal(x->profile, y->profile, n * TALLY_MJ_GRADES * sizeof(uint64_t));
		assert_memory_equal(x->median, y->median, n * sizeof(int));
	}
}

/* Values fit for method m, random. */
static void random_for(tally_method m, int16_t *v, size_t rows, int n)
{
	if (m == TALLY_SCHULZE || m == TALLY_BORDA) {
		random_ranked(v, rows, n, rnd(2));
		return;
	}
	for (size_t k = 0; k < rows * (size_t)n; k++)
		v[k] = (int16_t)(m == TALLY_APPROVAL ? rnd(2) : m == TALLY_DOTS ? rnd(4) : rnd(8) - 1);
}

static void test_weights_and_order(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		arena *a = arena_new();
		tally_method m = (tally_method)(round % 5);
		bool ignore = (round / 5) & 1;
		int n = 1 + rnd(20);
		size_t rows = (size_t)rnd(30);
		int16_t *v = arena_alloc(a, (rows ? rows : 1) * n * sizeof *v);
		uint32_t *w = arena_alloc(a, (rows ? rows : 1) * sizeof *w);
		random_for(m, v, rows, n);
		size_t total = 0;
		for (size_t r = 0; r < rows; r++)
			total += w[r] = (uint32_t)rnd(5);	/* 0 too: a row nobody cast */
		/* duplicated rows */
		int16_t *dup = arena_alloc(a, (total ? total : 1) * n * sizeof *dup);
		size_t k = 0;
		for (size_t r = 0; r < rows; r++)
			for (uint32_t i = 0; i < w[r]; i++)
				memcpy(dup + k++ * n, v + r * n, (size_t)n * sizeof *v);
		/* shuffled rows, weights following */
		int16_t *shuf = arena_alloc(a, (rows ? rows : 1) * n * sizeof *shuf);
		uint32_t *sw = arena_alloc(a, (rows ? rows : 1) * sizeof *sw);
		size_t *perm = arena_alloc(a, (rows ? rows : 1) * sizeof *perm);
		for (size_t r = 0; r < rows; r++)
			perm[r] = r;
		for (size_t r = rows; r > 1; r--) {
			size_t j = (size_t)rnd((int)r), t = perm[r - 1];
			perm[r - 1] = perm[j];
			perm[j] = t;
		}
		for (size_t r = 0; r < rows; r++) {
			memcpy(shuf + r * n, v + perm[r] * n, (size_t)n * sizeof *v);
			sw[r] = w[perm[r]];
		}
		tally_ballots bw = {n, rows, v, w}, bd = {n, total, dup, NULL}, bs = {n, rows, shuf, sw};
		tally_result *rw = run(a, &bw, m, ignore);
		same_result(rw, run(a, &bd, m, ignore));
		same_result(rw, run(a, &bs, m, ignore));
		arena_free(a);
	}
}

/* Widest path from i to j by trying every simple path (n <= 6). */
static int64_t widest(const int64_t *link, int n, int at, int to, unsigned visited)
{
	if (at == to)
		return INT64_MAX;
	int64_t best = 0;
	for (int k = 0; k < n; k++) {
		if (visited & (1u << k) || link[at * n + k] <= 0)
			continue;
		int64_t rest = widest(link, n, k, to, visited | (1u << k));
		int64_t via = rest < link[at * n + k] ? rest : link[at * n + k];
		if (via > best)
			best = via;
	}
	return best;
}

static void test_paths_brute_force(void **state)
{
	(void)state;
	for (int round = 0; round < 200; round++) {
		arena *a = arena_new();
		int n = 2 + rnd(5);
		size_t rows = 1 + (size_t)rnd(25);
		int16_t *v = arena_alloc(a, rows * n * sizeof *v);
		random_ranked(v, rows, n, true);
		tally_ballots b = {n, rows, v, NULL};
		tally_result *r = run(a, &b, TALLY_SCHULZE, round & 1);
		int64_t link[64];
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				link[i * n + j] = D(r, i, j) - D(r, j, i);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (i != j && P(r, i, j) != widest(link, n, i, j, 1u << i))
					fail_msg("round %d: p[%d][%d] = %lld, brute force %lld", round, i, j,
						 (long long)P(r, i, j), (long long)widest(link, n, i, j, 1u << i));
		/* ranking: each level's members are beaten by nobody left */
		for (int l = 0; l < r->nlevels; l++)
			for (int k = r->level_start[l]; k < r->level_start[l + 1]; k++)
				for (int q = r->level_start[l]; q < n; q++) {
					int x = r->order[k], y = r->order[q];
					assert_false(P(r, y, x) > P(r, x, y));
				}
		arena_free(a);
	}
}

static void test_borda_direct(void **state)
{
	(void)state;
	for (int round = 0; round < 100; round++) {
		arena *a = arena_new();
		int n = 1 + rnd(20);
		size_t rows = (size_t)rnd(40);
		int16_t *v = arena_alloc(a, (rows ? rows : 1) * n * sizeof *v);
		random_ranked(v, rows, n, true);
		bool ignore = round & 1;
		double want[32] = {0};
		for (size_t r = 0; r < rows; r++) {
			const int16_t *row = v + r * n;
			for (int c = 0; c < n; c++) {
				if (!row[c])
					continue;	/* unranked: no points */
				for (int j = 0; j < n; j++)
					want[c] += row[j] ? row[j] > row[c] : !ignore;
			}
		}
		tally_ballots b = {n, rows, v, NULL};
		tally_result *res = run(a, &b, TALLY_BORDA, ignore);
		for (int c = 0; c < n; c++)
			if (res->score[c] != want[c])
				fail_msg("round %d: Borda %g for %d, direct count %g", round, res->score[c], c,
					 want[c]);
		arena_free(a);
	}
}

static int cmp_int16(const void *x, const void *y)
{
	return *(const int16_t *)x - *(const int16_t *)y;
}

/* Majority judgment the slow way: both sorted lists lose their lower
 * median at each step until the removed grades differ. */
static int mj_slow(const int16_t *ga, const int16_t *gb, int nv)
{
	int16_t x[64], y[64];
	memcpy(x, ga, (size_t)nv * sizeof *x);
	memcpy(y, gb, (size_t)nv * sizeof *y);
	qsort(x, (size_t)nv, sizeof *x, cmp_int16);
	qsort(y, (size_t)nv, sizeof *y, cmp_int16);
	for (int m = nv; m > 0; m--) {
		int mid = (m + 1) / 2 - 1;	/* lower median, 0-based */
		if (x[mid] != y[mid])
			return x[mid] > y[mid] ? -1 : 1;
		memmove(x + mid, x + mid + 1, (size_t)(m - mid - 1) * sizeof *x);
		memmove(y + mid, y + mid + 1, (size_t)(m - mid - 1) * sizeof *y);
	}
	return 0;
}

static void test_mj_slow(void **state)
{
	(void)state;
	for (int round = 0; round < 300; round++) {
		arena *a = arena_new();
		int n = 2 + rnd(5), nv = 1 + rnd(30), spread = 2 + rnd(6);
		int16_t *g = arena_alloc(a, (size_t)n * nv * sizeof *g);
		/* few distinct grades make ties at the median common */
		for (int k = 0; k < n * nv; k++)
			g[k] = (int16_t)(rnd(spread) + (spread < 4 ? 2 : 0));
		tally_result *r = mj(a, n, nv, g);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++) {
				int want = mj_slow(g + i * nv, g + j * nv, nv);
				int got = r->rank[i] < r->rank[j] ? -1 : r->rank[i] > r->rank[j] ? 1 : 0;
				if (want != got)
					fail_msg("round %d: candidates %d and %d: %d, removing medians says %d",
						 round, i, j, got, want);
			}
		arena_free(a);
	}
}

/* ---- sizes ---- */

static void test_counter_flush(void **state)
{
	(void)state;
	/* more unweighted ballots than a 16-bit counter holds, 17 candidates
	 * (one past a block of 16 lanes): 70000 voters rank 0 > 1 > ... > 16,
	 * 1000 rank them the other way round, unranked candidate 16 */
	arena *a = arena_new();
	int n = 17;
	size_t rows = 71000;
	int16_t *v = arena_alloc(a, rows * n * sizeof *v);
	for (size_t r = 0; r < rows; r++)
		for (int c = 0; c < n; c++)
			v[r * n + c] = (int16_t)(r < 70000 ? c + 1 : c == 16 ? 0 : 16 - c);
	tally_ballots b = {n, rows, v, NULL};
	tally_result *r = run(a, &b, TALLY_SCHULZE, false);
	assert_int_equal(D(r, 0, 1), 70000);
	assert_int_equal(D(r, 1, 0), 1000);
	assert_int_equal(D(r, 0, 16), 71000);
	assert_int_equal(D(r, 16, 0), 0);
	assert_int_equal(P(r, 0, 16), 71000);
	for (int c = 0; c < n; c++)
		assert_int_equal(r->rank[c], c + 1);
	tally_result *borda = run(a, &b, TALLY_BORDA, false);
	/* candidate 0 is above the 16 others 70000 times, and above the
	 * unranked 16 only in the 1000 reversed ballots */
	assert_true(borda->score[0] == 70000.0 * 16 + 1000 * 1);
	arena_free(a);
}

static void test_empty(void **state)
{
	(void)state;
	arena *a = arena_new();
	tally_ballots none = {0, 5, NULL, NULL};
	tally_ballots no_rows = {3, 0, NULL, NULL};
	for (int m = TALLY_APPROVAL; m <= TALLY_BORDA; m++) {
		tally_result *r = run(a, &none, (tally_method)m, false);
		assert_int_equal(r->nlevels, 0);
		assert_int_equal(r->ballots, 5);
		r = run(a, &no_rows, (tally_method)m, false);
		expect_levels(r, "0 1 2");
		assert_int_equal(r->ballots, 0);
		if (m == TALLY_MJ)
			assert_int_equal(r->median[1], 0);
	}
	arena_free(a);
}

static void test_seats(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* approval scores 5, 3, 3, 3, 1 -> levels {0} {1,2,3} {4} */
	static const int16_t v[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	tally_ballots b = {5, 5, v, NULL};
	tally_result *r = run(a, &b, TALLY_APPROVAL, false);
	expect_levels(r, "0|1 2 3|4");
	int tie;
	assert_int_equal(tally_seats(r, 1, &tie), 1);
	assert_int_equal(tie, -1);
	assert_int_equal(tally_seats(r, 2, &tie), 1);
	assert_int_equal(tie, 1);
	assert_int_equal(tally_seats(r, 3, &tie), 1);
	assert_int_equal(tie, 1);
	assert_int_equal(tally_seats(r, 4, &tie), 4);
	assert_int_equal(tie, -1);
	assert_int_equal(tally_seats(r, 5, &tie), 5);
	assert_int_equal(tally_seats(r, 9, NULL), 5);
	assert_int_equal(tally_seats(r, 0, &tie), 0);
	assert_int_equal(tie, -1);
	arena_free(a);
}

static void test_names(void **state)
{
	(void)state;
	static const char *names[] = {"approval", "dots", "schulze", "mj", "borda"};
	for (int m = 0; m < 5; m++) {
		assert_string_equal(tally_method_name((tally_method)m), names[m]);
		assert_int_equal(tally_method_parse(names[m]), m);
	}
	assert_int_equal(tally_method_parse("condorcet"), -1);
	assert_int_equal(tally_method_parse(NULL), -1);
	assert_null(tally_method_name((tally_method)7));
	assert_string_equal(tally_mj_grade_name(0), "reject");
	assert_string_equal(tally_mj_grade_name(6), "excellent");
	assert_null(tally_mj_grade_name(7));
	assert_null(tally_mj_grade_name(-1));
}

/* ---- checking ballots ---- */

static void check_is(const tally_options *o, int n, const int16_t *v, tally_error want, int want_cand)
{
	int cand = 99;
	tally_error e = tally_check_ballot(o, n, v, &cand);
	if (e != want || cand != want_cand)
		fail_msg("%s ballot: error %d for candidate %d, expected %d for %d",
			 tally_method_name(o->method), e, cand, want, want_cand);
	assert_int_equal(tally_check_ballot(o, n, v, NULL), want);
}

static void test_check_ballot(void **state)
{
	(void)state;
	tally_options ap = {.method = TALLY_APPROVAL, .max_approvals = 2};
	check_is(&ap, 4, (int16_t[]){1, 0, 1, 0}, TALLY_OK, -1);
	check_is(&ap, 4, (int16_t[]){1, 2, 1, 0}, TALLY_E_VALUE, 1);
	check_is(&ap, 4, (int16_t[]){1, 1, 0, 1}, TALLY_E_TOO_MANY, 3);
	check_is(&ap, 4, (int16_t[]){0, 0, 0, 0}, TALLY_E_EMPTY, -1);
	ap.max_approvals = 0;	/* no limit */
	check_is(&ap, 4, (int16_t[]){1, 1, 1, 1}, TALLY_OK, -1);

	tally_options dt = {.method = TALLY_DOTS, .dots = 5, .dots_max = 3};
	check_is(&dt, 3, (int16_t[]){3, 2, 0}, TALLY_OK, -1);
	check_is(&dt, 3, (int16_t[]){1, -1, 0}, TALLY_E_VALUE, 1);
	check_is(&dt, 3, (int16_t[]){1, 4, 0}, TALLY_E_DOTS_ONE, 1);
	check_is(&dt, 3, (int16_t[]){3, 2, 1}, TALLY_E_DOTS_TOTAL, 2);
	check_is(&dt, 3, (int16_t[]){0, 0, 0}, TALLY_E_EMPTY, -1);
	dt.dots_max = 0;	/* M = D */
	check_is(&dt, 3, (int16_t[]){5, 0, 0}, TALLY_OK, -1);
	check_is(&dt, 3, (int16_t[]){6, 0, 0}, TALLY_E_DOTS_ONE, 0);

	tally_options sc = {.method = TALLY_SCHULZE};
	check_is(&sc, 4, (int16_t[]){2, 1, 0, 2}, TALLY_OK, -1);
	check_is(&sc, 4, (int16_t[]){1, 1, 1, 1}, TALLY_OK, -1);
	check_is(&sc, 4, (int16_t[]){1, -1, 0, 2}, TALLY_E_VALUE, 1);
	check_is(&sc, 4, (int16_t[]){1, 5, 0, 2}, TALLY_E_VALUE, 1);
	/* rank 2 missing: the candidate ranked just after the gap */
	check_is(&sc, 4, (int16_t[]){4, 1, 3, 0}, TALLY_E_RANKS, 2);
	check_is(&sc, 4, (int16_t[]){0, 0, 0, 0}, TALLY_E_EMPTY, -1);
	tally_options bo = {.method = TALLY_BORDA};
	check_is(&bo, 3, (int16_t[]){1, 3, 0}, TALLY_E_RANKS, 1);
	/* many candidates: the heap path of the rank check */
	int16_t big[100];
	for (int c = 0; c < 100; c++)
		big[c] = (int16_t)(c + 1);
	check_is(&sc, 100, big, TALLY_OK, -1);
	big[50] = 0;
	check_is(&sc, 100, big, TALLY_E_RANKS, 51);

	tally_options mjo = {.method = TALLY_MJ};
	check_is(&mjo, 3, (int16_t[]){6, -1, 0}, TALLY_OK, -1);
	check_is(&mjo, 3, (int16_t[]){6, 7, 0}, TALLY_E_VALUE, 1);
	check_is(&mjo, 3, (int16_t[]){-2, 1, 0}, TALLY_E_VALUE, 0);
	check_is(&mjo, 3, (int16_t[]){-1, -1, -1}, TALLY_E_EMPTY, -1);
	check_is(&mjo, 0, NULL, TALLY_E_EMPTY, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_winners),
		cmocka_unit_test(test_debian_2006_no_opinion),
		cmocka_unit_test(test_schulze_cycle),
		cmocka_unit_test(test_schulze_ties_and_unranked),
		cmocka_unit_test(test_approval_dots_borda),
		cmocka_unit_test(test_mj_hand),
		cmocka_unit_test(test_condorcet_winner),
		cmocka_unit_test(test_mono_add_top),
		cmocka_unit_test(test_approval_is_plurality),
		cmocka_unit_test(test_weights_and_order),
		cmocka_unit_test(test_paths_brute_force),
		cmocka_unit_test(test_borda_direct),
		cmocka_unit_test(test_mj_slow),
		cmocka_unit_test(test_counter_flush),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_seats),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_check_ballot),
	};
	return cmocka_run_group_tests_name("tally", tests, NULL, NULL);
}
