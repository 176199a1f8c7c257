/*
 * tally_int.h — what the tally files share and nobody else needs: the
 * pairwise counting kernel (Schulze and Borda), the building of a ranking
 * from a comparison, and the per-method entry points tally.c dispatches to.
 * Not a public header: include tally.h outside src/engines/tally*.c.
 */
#ifndef FAB_TALLY_INT_H
#define FAB_TALLY_INT_H

#include "tally.h"

/* Adds to d[i*ncand+j] (ncand × ncand, zeroed by the caller) the weight of
 * every ballot of b that ranks i strictly above j. A value <= 0 is
 * unranked. unranked_ignore false: a ranked candidate is above every
 * unranked one, unranked ones are tied; true: a pair is counted only when
 * both are ranked. The diagonal stays 0. */
void tally_int_pairwise(arena *a, const tally_ballots *b, bool unranked_ignore, int64_t *d);

/* Compares candidates i and j for a ranking: < 0 when i comes first, 0 when
 * they are tied, > 0 when j comes first. Must be a total preorder. */
typedef int (*tally_int_cmp)(const void *ctx, int i, int j);

/* Fills r->nlevels, order, level_start and rank (allocated from a) by
 * sorting the r->ncand candidates with cmp: tied candidates share a level,
 * in ascending index order. */
void tally_int_rank_by(arena *a, tally_result *r, tally_int_cmp cmp, const void *ctx);

/* Fills the ranking from a "beats" matrix: beats[i*n+j] true when i is
 * ranked above j. Levels are peeled off: each level is every remaining
 * candidate that no remaining candidate beats. The relation must be
 * acyclic (Schulze's is transitive); should a level come out empty all
 * remaining candidates form the last level. */
void tally_int_rank_by_beats(arena *a, tally_result *r, const bool *beats);

/* The methods, called by tally_run with r's method, ncand and ballots set. */
void tally_int_schulze(arena *a, tally_result *r, const tally_ballots *b, const tally_options *o);
void tally_int_mj(arena *a, tally_result *r, const tally_ballots *b);

#endif
