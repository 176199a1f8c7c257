/*
 * seminar.h — the seminar day: a vote on candidate scenarios that retains
 * some of them, then working groups formed around the retained ones.
 *
 * A seminar moves through states (preparation → présentation → vote ouvert
 * → vote clos → résultats → inscription aux groupes → groupes constitués)
 * at the facilitator's command. Participants join with a code, a nickname
 * and an organisation kind, without an account: their identity belongs to
 * the cycle and lives in a cookie. Ballots are kept as the tally engine
 * reads them (src/engines/tally.h), one per participant and round; a tie
 * across the cut is resolved by the facilitator (a second round among the
 * tied, lots drawn with a recorded seed, or one more scenario retained) and
 * the resolution is recorded. Groups are assigned exactly by
 * src/engines/assign.h with a recorded seed.
 */
#ifndef FAB_SEMINAR_H
#define FAB_SEMINAR_H

#include <stdbool.h>
#include <stdint.h>

#include "account.h"
#include "cycle.h"
#include "problems.h"
#include "../engines/assign.h"
#include "../engines/tally.h"

typedef enum {
	SEM_PREPARATION,
	SEM_PRESENTATION,
	SEM_VOTE_OPEN,
	SEM_VOTE_CLOSED,
	SEM_RESULTS,
	SEM_GROUPS_OPEN,
	SEM_GROUPS_DONE,
	SEM_NSTATES
} seminar_state;

/* Stable names of the states ("preparation", ...), in order. */
extern const char *const seminar_states[SEM_NSTATES];
/* The state of a name, or -1. */
int seminar_state_of(const char *name);

/* The organisation kinds a participant picks from when joining (codes of
 * the built-in "organisation kinds" taxonomy), NULL-terminated. */
extern const char *const seminar_org_kinds[];
bool seminar_org_kind_ok(const char *k);

/* The method's parameters, read from a seminar's params JSON. */
typedef struct seminar_params {
	tally_method method;
	int max_approvals;	/* approval: K, 0 = no limit */
	int dots, dots_max;	/* dots: D and M */
	bool unranked_ignore;	/* schulze and borda */
} seminar_params;

/* Reads method and params of sm (defaults for missing keys). */
void seminar_params_read(const store_seminar *sm, seminar_params *out);
/* The params JSON of p, allocated from a. */
char *seminar_params_json(arena *a, const seminar_params *p);
/* The tally options of p. */
void seminar_tally_options(const seminar_params *p, tally_options *o);

/* Field rules of a seminar being created or edited (title, method and its
 * parameters, seats against the number of candidates, group sizes, share).
 * ncand < 0 skips the check against the candidates. */
void seminar_check(const store_seminar *sm, const seminar_params *p, long ncand, problems *pb);

/* A fresh join code: 6 characters from an alphabet without look-alikes
 * (none of 0 O 1 I L 2 Z 5 S 6 G 8 B), allocated from a. */
char *seminar_new_code(arena *a);
/* Normalises what a person typed as a code: letters upper-cased, spaces and
 * dashes dropped. Returns false when the rest is not 6 characters of the
 * alphabet. */
bool seminar_code_normalise(const char *typed, char out[8]);

/* Creates a seminar in the cycle with these candidates (scenario ids in
 * order of presentation). Problems on fields; false without problems on a
 * database failure. *out receives the stored seminar. */
bool seminar_create(store *s, arena *a, const cycle_ctx *cx, store_seminar *sm,
		    const seminar_params *p, const int64_t *cand, size_t ncand, int64_t now,
		    problems *pb);

/* Whether the facilitator may move sm to state to now; *why (a msgid) says
 * why not. Moves: one step forward, or back from présentation to
 * préparation and from vote clos to vote ouvert (reopen). */
bool seminar_can_move(const store_seminar *sm, int to, const char **why);

/* The ranking of a seminar's round and the decision it leads to. */
typedef struct seminar_outcome {
	size_t ncand;
	store_candidate *cand;	/* all candidates, order of presentation */
	tally_result *tally;	/* round 1 (indices into cand) */
	uint64_t ballots;
	/* Round 2 when there was one: its candidates (indices into cand) and
	 * its tally (indices into runoff_idx). */
	size_t nrunoff;
	int *runoff_idx;
	tally_result *runoff;
	int64_t seats;		/* after any "one more" resolutions */
	/* The decision: retained[i] for each candidate, or a tie across the
	 * cut (tied lists the candidates concerned) that the facilitator must
	 * resolve first. */
	bool *retained;
	bool tie;
	size_t ntied;
	int *tied;
	int *final_order;	/* candidates best first, after resolutions */
} seminar_outcome;

/* Counts the seminar's ballots and applies its recorded resolution.
 * Everything is allocated from a. False on a database failure. */
bool seminar_outcome_compute(store *s, arena *a, const store_seminar *sm, seminar_outcome *out);

/* Parses a ballot choice string ("1,0,2") for n candidates into v (n
 * values); false when malformed. */
bool seminar_choice_parse(const char *choice, int n, int16_t *v);
/* The choice string of v, allocated from a. */
char *seminar_choice_string(arena *a, const int16_t *v, int n);

/* Normalises then checks a ballot for the method: ranks are compacted to
 * 1..m keeping their order and ties. Returns TALLY_OK or the problem (with
 * the candidate index in *cand). */
tally_error seminar_ballot_normalise(const seminar_params *p, int n, int16_t *v, int *cand);

/* A participant casts or replaces a ballot in the current round. Refused
 * (false, msgid in *why) when the vote is not open, the participant has
 * not joined, or the ballot breaks the method's rules. */
bool seminar_cast(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
		  int16_t *v, int n, int64_t now, const char **why, int *cand);

/* Moves the seminar to state to, doing what the move implies: opening a
 * vote clears nothing; results need no unresolved tie and set the
 * candidates' retained flags and the scenarios' statuses (retenu / non
 * retenu); constituting the groups runs the assignment. Records the move.
 * False with *why (msgid) when refused, or with *why NULL on a database
 * failure. sm is updated. */
bool seminar_move(store *s, arena *a, store_seminar *sm, int to, int64_t actor, int64_t now,
		  const char **why);

typedef enum {
	SEM_RESOLVE_RUNOFF,	/* a second round among the tied */
	SEM_RESOLVE_LOTS,	/* lots drawn with a recorded seed */
	SEM_RESOLVE_EXTRA,	/* one more scenario retained */
} seminar_resolve_kind;

/* Resolves the tie across the cut of a closed vote. seed is used for lots
 * (0: drawn at random, then recorded). Records the resolution. */
bool seminar_resolve(store *s, arena *a, store_seminar *sm, seminar_resolve_kind kind,
		     uint64_t seed, int64_t actor, int64_t now, const char **why);

/* Working groups: the groups (retained candidates) of a seminar. */
typedef struct seminar_groups {
	size_t ngroups;
	store_candidate *groups;	/* retained candidates, in order */
	size_t npeople;
	store_seminar_person *people;
} seminar_groups;
bool seminar_groups_load(store *s, arena *a, const store_seminar *sm, seminar_groups *out);

/* Records a participant's ranking of the groups (ranks[g] for each group,
 * 1 = first, 0 = not ranked; normalised like ballots). Refused unless
 * sign-up is open. */
bool seminar_group_prefs(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
			 int16_t *ranks, int n, int64_t now, const char **why);

/* Runs the exact assignment with the seminar's seed (drawn and recorded
 * when 0) and stores every membership. res receives the engine's result;
 * *why is the engine's English reason when infeasible. */
bool seminar_assign(store *s, arena *a, store_seminar *sm, int64_t actor, int64_t now,
		    assign_result *res, const char **why);

/* Moves one participant to a group by hand; recorded. */
bool seminar_move_person(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
			 int64_t scenario_id, int64_t actor, int64_t now, const char **why);

/* Joins a participant to a seminar: finds or creates the identity (by the
 * cookie's token, else the account's identity in the cycle, else a new one
 * with nickname and org_kind), records the join. token receives a new
 * cookie token (account_new_token) when one must be (re)issued, and is
 * left empty otherwise. Problems on
 * "nickname" and "org_kind". */
bool seminar_join(store *s, arena *a, const store_seminar *sm, const char *cookie_token,
		  const store_user *user, const char *nickname, const char *org_kind, int64_t now,
		  problems *pb, store_participant *out, char token[ACCOUNT_TOKEN_LEN + 1]);

#endif
