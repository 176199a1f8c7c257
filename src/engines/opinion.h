/*
 * opinion.h — the opinion map of a controversy: who agrees with whom, which
 * statements characterise each opinion group, what unites them. Same model
 * as Pol.is (DESIGN.md section 5), so that Pol.is' published data can check
 * it. Pure: no I/O, no clock; randomness comes from a recorded seed, so the
 * same input and seed always give the same map, bit for bit.
 *
 * Input: participants 0 .. P-1 and statements 0 .. C-1 (the caller maps its
 * own ids to these indices), and votes as triplets (participant, statement,
 * value) with value +1 agree, -1 disagree, 0 pass. The caller has already
 * kept only the latest vote of each (participant, statement) pair;
 * duplicates are an OPINION_INVALID input. Statements marked excluded
 * (moderated out) take no part in the components, the counts or any
 * statistic; like Pol.is, which keeps their column in its vote matrix but
 * zeroes it, they still count in steps 1 and 3 below (and nowhere else).
 *
 * The pipeline (DESIGN.md section 5, with the details of Pol.is' own code):
 *   1. clustered participants: those with at least min(7, C') votes, C' the
 *      number of statements with at least one vote (passes count, and so
 *      do votes on excluded statements); if fewer than 15 qualify, the
 *      heaviest voters are added up to 15 (ties: lower index);
 *   2. PCA with 2 components of the vote matrix of every participant,
 *      each statement centred on the mean of its observed votes (missing =
 *      the mean, so 0 once centred), by (block Krylov) power iteration on
 *      the sparse matrix; each component's sign is fixed so that its
 *      largest-magnitude loading is positive (the first one when several
 *      tie within rounding);
 *   3. projection of every participant i: sqrt(C' / n_i) ·
 *      Σ_observed (x_ij − μ_j) · pc_j, the sum over statements not
 *      excluded, n_i counting i's votes on those plus one per excluded
 *      statement with a vote (a zeroed column is a pass of everyone);
 *      a participant without votes is at the origin;
 *   4. base clusters: k-means with k = min(100, clustered) on the clustered
 *      participants' projections, started on the first k distinct points;
 *      groups: weighted k-means of the base centres for k = 2 .. min(5,
 *      2 + ⌊n_base/12⌋), started on the first k base centres (and, when
 *      that start is clearly poor, on seeded k-means++ starts), keeping
 *      the k with the best silhouette (computed on the base clusters,
 *      weighted by their sizes), a larger k having to beat every smaller
 *      one by more than 0.05; groups are numbered by their lowest
 *      participant index; participants not clustered get no group (-1);
 *   5. per group and statement: counts, representativeness, consensus,
 *      group-informed consensus, extremity and priority (the formulas are
 *      beside each field below).
 */
#ifndef FAB_OPINION_H
#define FAB_OPINION_H

#include <stddef.h>
#include <stdint.h>

/* Limits of one computation (OPINION_INVALID beyond them). */
#define OPINION_MAX_PARTICIPANTS 2000000
#define OPINION_MAX_STATEMENTS 200000
#define OPINION_MAX_VOTES 200000000
#define OPINION_MAX_GROUPS 5
#define OPINION_MAX_REPNESS 5	/* representative statements kept per group */

/* The z threshold of DESIGN.md (one-sided 90 %). */
#define OPINION_Z90 1.2816

typedef enum {
	OPINION_OK = 0,
	OPINION_INVALID = -1,	/* index out of range, bad value, duplicate, limits */
} opinion_rc;

typedef struct opinion_input {
	int nparticipants;		/* P, 0 .. OPINION_MAX_PARTICIPANTS */
	int nstatements;		/* C, 0 .. OPINION_MAX_STATEMENTS */
	size_t nvotes;			/* 0 .. OPINION_MAX_VOTES */
	const int32_t *vote_participant;	/* nvotes entries, 0 .. P-1 */
	const int32_t *vote_statement;		/* nvotes entries, 0 .. C-1 */
	const int8_t *vote_value;		/* nvotes entries, -1, 0 or +1 */
	const uint8_t *excluded;	/* C entries, non-zero = moderated out; NULL: none */
	uint64_t seed;			/* PCA start and k-means++ restarts */
	/* Optional: the groups to use instead of computing them (a group
	 * number 0 .. OPINION_MAX_GROUPS-1 per participant, -1 for none), for
	 * checking the statistics of step 5 against published groups. When
	 * given, steps 1-4 still run (projections are still wanted) but the
	 * groups, clustered flags and counts of step 5 come from it. */
	const int *given_group;		/* P entries, or NULL */
	/* Non-zero: compute on the caller's thread alone. By default a large
	 * input (see opinion_compute) gets a second thread for its passes;
	 * the result is the same bit for bit either way, so this is for
	 * callers that already run computations side by side. */
	int one_thread;
} opinion_input;

/* Counts of one statement over a set of participants. */
typedef struct opinion_counts {
	int agree, disagree, pass;	/* A, D and passes */
	int seen;			/* S = A + D + passes */
} opinion_counts;

/* One representative statement of a group. "agree" says which way it is
 * representative; the figures are those of that way (for disagree, read
 * d for a in the formulas):
 *   p     = (na + 1) / (ns + 2)                      (probability)
 *   p_z   = 2·sqrt(ns + 1)·((na + 1)/(ns + 1) − 1/2)  (probability test)
 *   r     = p / ((1 + na_rest) / (2 + ns_rest))       (ratio to the rest)
 *   r_z   = two-proportion z-test of (na + 1)/(ns + 1)
 *           against (na_rest + 1)/(ns_rest + 1)       (ratio test)
 *   metric = r · r_z · p · p_z
 * where n* are the group's counts and n*_rest those of every other
 * clustered participant. Representative when r_z > OPINION_Z90 and
 * p_z > OPINION_Z90. */
typedef struct opinion_rep {
	int statement;
	int agree;		/* 1: agree, 0: disagree */
	int n_for, n_seen;	/* the group's na (or nd) and ns */
	double p, p_z, r, r_z, metric;
} opinion_rep;

/* A consensus statement over all clustered participants, either way:
 * p = (n + 1)/(S + 2) > 0.5 and p_z > OPINION_Z90, ranked by p · p_z. */
typedef struct opinion_consensus {
	int statement;
	int agree;		/* 1: agree consensus, 0: disagree consensus */
	double p, p_z;
} opinion_consensus;

typedef struct opinion_group {
	int size;			/* participants in the group */
	double cx, cy;			/* centre (mean of members' projections) */
	int nrep;			/* 0 .. OPINION_MAX_REPNESS */
	opinion_rep rep[OPINION_MAX_REPNESS];	/* best metric first */
} opinion_group;

/* The result. Every array is owned by it and freed by opinion_free.
 * Arrays of C entries are indexed by statement, of P by participant. */
typedef struct opinion_result {
	int nparticipants, nstatements;
	int nvoters;			/* participants with a vote on a statement not excluded */
	int nclustered;			/* participants of step 1 (given_group: those in a group) */
	unsigned char *clustered;	/* P: 1 if clustered */
	double *mean;			/* C: μ_j (0 for excluded or unvoted) */
	double *pc1, *pc2;		/* C: unit loading vectors (0 for excluded) */
	double *x, *y;			/* P: projections (step 3) */

	int nbase;			/* base clusters */
	double *base_x, *base_y;	/* nbase centres */
	int *base_size;			/* nbase member counts */
	int *base_of;			/* P: base cluster of each participant of step 1, -1 otherwise */

	int ngroups;			/* 0 (too few participants), or 2 .. OPINION_MAX_GROUPS;
					 * given_group: 1 + the largest given group */
	double silhouette[OPINION_MAX_GROUPS + 1];	/* [k]: silhouette of k groups, NAN if not
							 * tried (always with given_group) */
	int *group;			/* P: 0 .. ngroups-1, or -1 */
	opinion_group groups[OPINION_MAX_GROUPS];
	opinion_counts *group_counts;	/* ngroups * C, [g * C + j] */
	opinion_counts *counts;		/* C: over every participant who voted */
	opinion_counts *clustered_counts;	/* C: over clustered participants */

	int nconsensus;			/* agree ones first, each way best first */
	opinion_consensus *consensus;	/* at most 5 each way */

	/* Group-informed consensus: Π over groups of (A_g + 1)/(S_g + 2),
	 * S_g counting passes; NAN for excluded statements and with no group. */
	double *gac;			/* C */

	/* Divisiveness: the largest difference between two groups' agree
	 * shares (A_g+1)/(S_g+2); 0 with fewer than two groups. */
	double *divisive;		/* C */

	/* Extremity: sqrt(C')·|1 − μ_j|·sqrt(pc1_j² + pc2_j²) (the length of
	 * the statement's loading vector, scaled); importance =
	 * (1 − (P_j+1)/(S_j+2))·(E_j+1)·(A_j+1)/(S_j+2) over all voters;
	 * priority = (importance · (1 + 8·2^(−S_j/5)))²; 0 for excluded. */
	double *extremity;		/* C */
	double *priority;		/* C */
} opinion_result;

/*
 * Runs the whole pipeline on in. On OPINION_OK, *out is filled (the caller
 * releases it with opinion_free); on OPINION_INVALID, *out is zeroed and
 * *why (if not NULL) points at a static English reason. Never allocates
 * from an arena: the result may outlive any request.
 */
opinion_rc opinion_compute(const opinion_input *in, opinion_result *out, const char **why);

/* Releases every array of r and zeroes it. NULL and a zeroed r are accepted. */
void opinion_free(opinion_result *r);

/*
 * Draws the next statement to show a participant: among statements with
 * voted[j] == 0 and priority[j] > 0, one at random with probability
 * proportional to priority, u being a uniform number in [0, 1). Returns
 * the statement index, or -1 when none is left. Statements that never got
 * a priority (new since the last computation) should be given one by the
 * caller with opinion_priority_unseen().
 */
int opinion_pick(const double *priority, const unsigned char *voted, int nstatements, double u);

/* The priority of a statement nobody has voted on yet (S = 0, E = 0). */
double opinion_priority_unseen(void);

/*
 * Adjusted Rand index of two labellings of n items (labels >= 0; items
 * with a negative label in either labelling are left out). 1 for
 * identical partitions up to renaming; about 0 for independent ones;
 * 1 when both put every item in one cluster. NAN when fewer than two
 * items remain.
 */
double opinion_ari(int n, const int *a, const int *b);

/* A deterministic generator for the engine and its tests (splitmix64 then
 * xoshiro256**): seeded once, same sequence on every platform. */
typedef struct opinion_rng { uint64_t s[4]; } opinion_rng;
void opinion_rng_seed(opinion_rng *g, uint64_t seed);
uint64_t opinion_rng_next(opinion_rng *g);
double opinion_rng_uniform(opinion_rng *g);	/* [0, 1) with 53 bits */

#endif
