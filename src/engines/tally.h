/*
 * tally.h — counting a seminar's ballots: approval, dot voting, Schulze,
 * majority judgment and Borda. Pure: no I/O, no clock, no randomness; the
 * same ballots always give the same result, whatever their order.
 *
 * Ballots are a matrix of small integers, one row per distinct ballot with
 * a weight (how many voters cast exactly that ballot), one column per
 * candidate. What a value means depends on the method (see tally_ballots).
 * Every method returns a ranking as levels of tied candidates and the
 * figures that explain it (scores, pairwise matrix and strongest paths,
 * merit profiles), so that pages and exports can show how it was reached.
 *
 * The rules, exactly (each written from its published definition):
 *   approval  score = weighted number of ballots with a value > 0 for the
 *             candidate; ranking by score, equal scores tied.
 *   dots      score = weighted sum of the positive values (a negative value
 *             counts as 0); ranking by score.
 *   borda     on each ballot a candidate earns one point per candidate it
 *             is ranked strictly above: with Debian's rule (the default) an
 *             unranked candidate is below every ranked one, so a ranked
 *             candidate earns a point for each unranked one and an
 *             unranked candidate earns 0; with unranked_ignore only ranked
 *             candidates count, an unranked one still earns 0. Tied
 *             candidates earn the same, the points of the places they
 *             share are not split. score = weighted sum; ranking by score.
 *   schulze   (Schulze 2011, strength of a link measured by its margin;
 *             Debian's constitution measures it by winning votes, which
 *             can differ, but not when a Condorcet winner exists, as in
 *             every Debian election of the tests.) d[i][j] = weighted
 *             number of ballots ranking i strictly above j (unranked as for
 *             borda). The link i→j has strength d[i][j] - d[j][i] when that
 *             is positive, no link otherwise; p[i][j] is the widest path
 *             (largest over paths of the weakest link; 0 when none).
 *             i beats j when p[i][j] > p[j][i]; the ranking takes, level
 *             after level, every remaining candidate that no remaining
 *             candidate beats (the relation is transitive, so each level is
 *             non-empty).
 *   mj        (Balinski & Laraki 2011.) Every voter grades every candidate
 *             (a missing grade is 0), so each candidate has N = number of
 *             voters grades. Sort a candidate's grades x1 <= ... <= xN; its
 *             majority grade is the lower median x[ceil(N/2)]. Candidates
 *             are ordered by majority grade; among equal ones, one median
 *             grade is removed from each and the majority grades of what
 *             remains are compared, and so on until they differ. The
 *             successive removed grades form each candidate's "majority
 *             value"; candidates are ordered lexicographically by it, which
 *             ties exactly the candidates with identical profiles. (For N
 *             even the removals visit x[N/2], x[N/2+1], x[N/2-1], ...; for
 *             N odd x[(N+1)/2], x[(N+1)/2-1], x[(N+1)/2+1], ...)
 * With no ballot every candidate is tied (MJ medians are then 0).
 */
#ifndef FAB_TALLY_H
#define FAB_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/mem.h"

typedef enum {
	TALLY_APPROVAL,
	TALLY_DOTS,
	TALLY_SCHULZE,
	TALLY_MJ,
	TALLY_BORDA,
} tally_method;

/* Majority judgment grades, worst to best (7 named grades). */
#define TALLY_MJ_GRADES 7

/* Ballots to count. v holds nrows × ncand values, row-major:
 *   approval  1 approved, 0 not;
 *   dots      number of dots given to the candidate (>= 0);
 *   schulze   rank, 1 = preferred; equal ranks are ties; 0 = unranked;
 *   borda     same as schulze;
 *   mj        grade 0 (worst, "à rejeter") .. 6 (best, "excellent");
 *             -1 = not graded, counted as grade 0 (the usual rule: a
 *             candidate one did not grade is rejected by that voter).
 *             tally_run counts a value below 0 as 0 and above 6 as 6.
 * For schulze and borda any value <= 0 is "unranked"; ranks need not be
 * dense for counting (only their order matters).
 * weight[r] is how many voters cast row r (NULL: every row counts once).
 * The caller owns v and weight; tally_run only reads them. */
typedef struct tally_ballots {
	int ncand;
	size_t nrows;
	const int16_t *v;
	const uint32_t *weight;
} tally_ballots;

typedef struct tally_options {
	tally_method method;
	/* schulze and borda: false = an unranked candidate ranks below every
	 * ranked one, all unranked tied (Debian's rule); true = the voter has
	 * no opinion on it (schulze: pairs involving it are not counted;
	 * borda: it gets no points). */
	bool unranked_ignore;
	int max_approvals; /* approval: K, at most K approvals per ballot (0 = no limit) */
	int dots;          /* dots: D, total dots per ballot */
	int dots_max;      /* dots: M, at most M dots on one candidate (0 = D) */
} tally_options;

typedef struct tally_result {
	tally_method method;
	int ncand;
	uint64_t ballots;	/* sum of the weights */
	/* The ranking: nlevels levels of tied candidates, best first.
	 * order[] lists candidates level by level (ascending candidate index
	 * inside a level); level_start[l] is where level l begins in order[]
	 * (level_start[nlevels] == ncand). rank[c] is the 1-based position of
	 * candidate c's level counted in candidates (standard competition
	 * ranking: two tied first are both 1, the next is 3). */
	int nlevels;
	int *order;
	int *level_start;
	int *rank;
	/* approval, dots, borda: the total per candidate; NULL otherwise. */
	double *score;
	/* schulze: d[i*ncand+j] = number of voters who prefer i to j (with
	 * the unranked rule of the options);
	 * p[i*ncand+j] = strength of the strongest path from i to j, links
	 * weighted by margins (d[i][j] - d[j][i], only where positive);
	 * NULL for other methods. */
	int64_t *pairwise;
	int64_t *paths;
	/* mj: profile[c*TALLY_MJ_GRADES+g] = voters giving grade g to c;
	 * median[c] = lower median grade; NULL for other methods. */
	uint64_t *profile;
	int *median;
} tally_result;

/* Counts b with o. Everything in the result is allocated from a. A row
 * that tally_check_ballot would refuse is still counted as given (checking
 * is the caller's job, at the time the ballot is cast). ncand may be 0 (an
 * empty ranking) and nrows 0 (every candidate tied). Cost: rows × ncand²
 * for schulze and borda (plus ncand³ for the paths), rows × ncand for the
 * others; a million rows of 19 candidates take about 0.14 s for schulze
 * and borda on the reference machine (bench/tally_bench.c). */
tally_result *tally_run(arena *a, const tally_ballots *b, const tally_options *o);

/* Why a single ballot is not acceptable under o. */
typedef enum {
	TALLY_OK = 0,
	TALLY_E_VALUE,		/* a value out of range for the method */
	TALLY_E_TOO_MANY,	/* approval: more than K approvals */
	TALLY_E_DOTS_TOTAL,	/* dots: more than D dots in all */
	TALLY_E_DOTS_ONE,	/* dots: more than M dots on one candidate */
	TALLY_E_RANKS,		/* ranked: ranks not 1..n with ties */
	TALLY_E_EMPTY,		/* nothing chosen, ranked or graded */
} tally_error;

/* Checks one ballot row of ncand values against o's rules. For ranked
 * methods, ranks must be "dense": the distinct ranks used are exactly 1..m
 * (ties allowed). Returns TALLY_OK or the first problem found; *cand (may be
 * NULL) receives the candidate index concerned, or -1. Exactly:
 *   approval  every value 0 or 1, else E_VALUE (the first such candidate);
 *             then, when max_approvals > 0, E_TOO_MANY on the approved
 *             candidate one past K; then E_EMPTY when none is approved.
 *   dots      candidates in index order: a value < 0 is E_VALUE, above M
 *             (dots_max, or dots when dots_max is 0; no limit when both
 *             are 0) E_DOTS_ONE, and the running total above D (dots, when
 *             > 0) E_DOTS_TOTAL on the candidate that passes it; then
 *             E_EMPTY when no dot is given.
 *   schulze, borda  every value 0..ncand, else E_VALUE; then E_EMPTY when
 *             nothing is ranked; then E_RANKS when a rank is skipped, on
 *             the candidate with the smallest rank above the first gap.
 *   mj        every value -1..6, else E_VALUE; then E_EMPTY when every
 *             value is -1.
 * ncand 0 gives E_EMPTY. */
tally_error tally_check_ballot(const tally_options *o, int ncand, const int16_t *v, int *cand);

/* How the first k places of a ranking fall, for retaining k candidates:
 * returns how many candidates are retained for sure (every level that ends
 * within the first k places), and sets *tie_level (may be NULL) to the level
 * that straddles the cut (it begins before place k and ends after it), or
 * -1 when the cut falls between two levels. k <= 0 retains nobody; k >= ncand
 * retains everyone. */
int tally_seats(const tally_result *r, int k, int *tie_level);

/* English name of a majority judgment grade, 0 (worst) to 6: "reject",
 * "insufficient", "passable", "fairly good", "good", "very good",
 * "excellent"; NULL out of range. Static strings, stable (the CLI and
 * exports print them). Pages show their own translated labels: these are
 * not in the French catalogue. */
const char *tally_mj_grade_name(int grade);

/* The method's stable name ("approval", "dots", "schulze", "mj", "borda"),
 * and back; tally_method_parse returns -1 for an unknown name. */
const char *tally_method_name(tally_method m);
int tally_method_parse(const char *name);

#endif
