/*
 * assign.h — assigning seminar participants to working groups, exactly.
 * Pure: no I/O, no clock; the randomness is a recorded seed, so the same
 * problem and seed always give the same assignment.
 *
 * There is one working group per retained scenario. Each participant ranks
 * the groups (1 = first choice); each group has a minimum and a maximum
 * size; an optional diversity rule caps how many people of one
 * organisation kind a group may take. Among the assignments that put every
 * participant in exactly one group and respect the sizes and the rule, the
 * one returned is, in this order:
 *   1. one whose worst rank (the largest rank anyone gets) is smallest;
 *   2. among those, one whose sum of squared ranks is smallest;
 *   3. among those, one whose total seeded tie-break weight (a number in
 *      [0, 2^20) drawn for every (participant, group) pair from the seed,
 *      see assign_tiebreak) is smallest. Different seeds thus pick
 *      different assignments among the equally good ones; equal totals
 *      are settled by the search order, which depends only on the input.
 * 1 and 2 are exact: no heuristic, no time limit.
 *
 * Definitions, exactly:
 *   rank     rank[p * ngroups + g] is participant p's rank of group g, from
 *            1 to ngroups; equal ranks (ties) are allowed and mean equal
 *            preference. 0 means "not ranked": that group counts as rank
 *            ngroups + 1, worse than every stated rank, so a participant
 *            gets a group they did not rank only when no assignment with a
 *            smaller worst rank exists (ASSIGN_UNRANKED(ngroups)).
 *   sizes    min_size[g] <= size of group g <= max_size[g].
 *   kinds    kind[p] is 0 .. nkinds - 1, or -1 for none given.
 *   rule     with share_den > 0 and nkinds > 0: group g takes at most
 *            cap(g) = floor(share_num * max_size[g] / share_den) people of
 *            any one kind (assign_kind_cap). People without a kind are not
 *            limited. The cap is relative to the group's maximum size, so a
 *            full group never holds more than that share of one kind; a
 *            group that stays below its maximum may hold a larger share
 *            (e.g. share 2/5, maximum 10: at most 4 of a kind, which is
 *            4 of 8 if the group ends with 8). Tying the cap to the final
 *            size instead would make the problem an integer program that
 *            no network flow solves exactly; this definition keeps it a
 *            flow and the answer exact.
 *
 * Method (assign.c): a min-cost flow from participants through
 * (group, kind) cells to groups, solved by successive shortest paths on a
 * graph whose nodes are the cells and groups only (participants stay on
 * the arcs, in heaps), first without costs to find the smallest feasible
 * worst rank, then with costs rank² weighted above the tie-break.
 */
#ifndef FAB_ASSIGN_H
#define FAB_ASSIGN_H

#include <stdint.h>

#include "../core/mem.h"

/* Limits of one problem (ASSIGN_INVALID beyond them). */
#define ASSIGN_MAX_PEOPLE 1000000
#define ASSIGN_MAX_GROUPS 1000
#define ASSIGN_MAX_KINDS 64
#define ASSIGN_MAX_RANKS 5000000	/* npeople * ngroups (memory: see assign_solve) */

/* The rank an unranked group counts as. */
#define ASSIGN_UNRANKED(ngroups) ((ngroups) + 1)

typedef struct assign_problem {
	int npeople;		/* participants, 0 .. ASSIGN_MAX_PEOPLE */
	int ngroups;		/* groups, 1 .. ASSIGN_MAX_GROUPS */
	const int16_t *rank;	/* npeople * ngroups, row-major, 0 = not ranked */
	const int *min_size;	/* ngroups entries, >= 0; NULL: 0 for every group */
	const int *max_size;	/* ngroups entries, >= min; NULL: npeople for every group */
	const int *kind;	/* npeople entries, -1 or 0 .. nkinds - 1; NULL: none */
	int nkinds;		/* 0 .. ASSIGN_MAX_KINDS */
	int share_num;		/* diversity rule: share_num / share_den, */
	int share_den;		/* 0 <= num, 0 < den; share_den 0: no rule */
	uint64_t seed;		/* tie-break seed */
	/* Optional, only to name things in reason: NULL gives "group 3"
	 * (1-based) and "kind 2" (0-based, as in kind[]). */
	const char *const *group_name;	/* ngroups entries */
	const char *const *kind_name;	/* nkinds entries */
} assign_problem;

typedef enum {
	ASSIGN_OK = 0,
	ASSIGN_INVALID,		/* the problem breaks the contract above */
	ASSIGN_INFEASIBLE,	/* no assignment meets the sizes and the rule */
} assign_status;

/* Why there is no assignment. The figures a and b and the group or kind
 * concerned (else -1) let a caller write its own message. */
typedef enum {
	ASSIGN_WHY_NONE = 0,	/* ASSIGN_OK */
	ASSIGN_WHY_INPUT,	/* ASSIGN_INVALID; group/kind may point at the value */
	ASSIGN_WHY_MIN_TOTAL,	/* a = sum of minimum sizes > b = npeople */
	ASSIGN_WHY_MAX_TOTAL,	/* a = sum of maximum sizes < b = npeople */
	ASSIGN_WHY_KIND_TOTAL,	/* kind: a = its people > b = room the rule leaves it in all groups */
	ASSIGN_WHY_GROUP_MIN,	/* group: a = its minimum > b = most people the rule lets in */
	ASSIGN_WHY_DIVERSITY,	/* no single culprit: the rule and the sizes together */
} assign_why;

typedef struct assign_result {
	assign_status status;
	assign_why why;
	int group, kind;	/* concerned by why, else -1 */
	long long a, b;		/* figures of why */
	const char *reason;	/* one English sentence, "" when ASSIGN_OK */
	/* Set only when status is ASSIGN_OK: */
	int *group_of;		/* npeople: the group of each participant */
	int16_t *rank_got;	/* npeople: the rank of that group for them
				 * (ASSIGN_UNRANKED(ngroups) if not ranked) */
	int *size;		/* ngroups: final size of each group */
	int *count;		/* ngroups + 2: count[r] participants got rank r,
				 * r = 1 .. ngroups + 1; count[0] is 0 */
	int worst;		/* largest rank given (0 when npeople is 0) */
	long long sum_squares;	/* sum of rank_got² */
} assign_result;

/* Solves the problem. Every array of *res and the reason are allocated
 * from a and live as long as it; the problem's arrays are only read and
 * may be freed once this returns. Returns res->status. ASSIGN_INVALID
 * names the first offending value in res->reason; ASSIGN_INFEASIBLE says
 * why no assignment exists, checking in this order the totals of the
 * minimum and maximum sizes, then (with a rule) each kind's room and each
 * group's minimum, then everything together (ASSIGN_WHY_DIVERSITY).
 * Working memory, freed before returning, is about 40 bytes per
 * (participant, group) pair (some 25 MB for 10 000 × 50). */
assign_status assign_solve(arena *a, const assign_problem *pb, assign_result *res);

/* The most people of one kind group g may take under the rule, or -1 when
 * the problem has no rule (share_den 0 or nkinds 0). */
int assign_kind_cap(const assign_problem *pb, int g);

/* The tie-break weight of giving group g to participant p: a number in
 * [0, 2^20) that depends only on the seed, p and g (fewer bits for very
 * large problems, so that every cost stays within 64 bits). Exposed so
 * that tests can check criterion 3 above. */
uint32_t assign_tiebreak(const assign_problem *pb, int p, int g);

#endif
