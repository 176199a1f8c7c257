/*
 * controversy.h — the rules of a controversy: short statements seeded by
 * facilitators or proposed by participants and moderated, agree / disagree /
 * pass votes, which statement a participant sees next, the opinion map
 * computed from the votes (engines/opinion.h) and stored as JSON, reports
 * frozen into the record, and Pol.is' export layout in and out.
 *
 * States: draft (facilitators prepare; nobody votes), open (votes and
 * proposals), closed (the map stays, nothing changes). A statement is
 * pending, accepted or rejected; accepted statements may be marked meta
 * (about the debate itself): they are voted on but left out of the map,
 * as Pol.is does.
 */
#ifndef FAB_CONTROVERSY_H
#define FAB_CONTROVERSY_H

#include <stdbool.h>
#include <stdint.h>

#include "cycle.h"
#include "problems.h"
#include "../core/buf.h"
#include "../engines/opinion.h"
#include "../engines/polis.h"

#define CONTROVERSY_STATEMENT_MAX 280	/* characters of a statement */

extern const char *const controversy_states[];	/* draft, open, closed, NULL */
bool controversy_state_ok(const char *state);

/* Field rules: title (1-200 characters), question (at most 300),
 * description (at most 20 000), state. Problems on those field names. */
void controversy_check(const store_controversy *c, problems *pb);

/* Creates the controversy c in the cycle of cx: gives it a uid, a join
 * code no seminar or controversy holds, a seed when c->seed is 0, and
 * cx's user as creator. False with problems for invalid fields, false
 * with pb empty on a database failure. */
bool controversy_create(store *s, arena *a, const cycle_ctx *cx, store_controversy *c, int64_t now,
			problems *pb, int64_t *id);

/* Adds a statement. Facilitators' statements (facilitator true) are
 * accepted at once; participants' are pending until moderated, and are
 * refused when the controversy is not open or takes no proposals. Checks
 * the text (1 to CONTROVERSY_STATEMENT_MAX characters, not the same as a
 * statement already there, accents and case aside): problems on "body".
 * *number receives the statement's number. False with pb empty on a
 * database failure; false with *why (a msgid) when refused. */
bool controversy_add_statement(store *s, arena *a, const store_controversy *c, const char *body,
			       bool facilitator, int64_t author_participant, int64_t author_user, int64_t now,
			       problems *pb, const char **why, int64_t *number);

/* What a moderator may do to a statement. */
typedef enum { MOD_ACCEPT, MOD_REJECT, MOD_META, MOD_PENDING } controversy_mod;
/* The action of a form value ("accept", "reject", "meta", "pending"), -1 if none. */
int controversy_mod_of(const char *name);

/* Moderates statement number: accept, reject (with an optional note),
 * mark meta (accepted, left out of the map) or put back in the queue.
 * Marks the map as needing a recompute. Returns 0, 404 when there is no
 * such statement, -1 on a database failure. */
int controversy_moderate(store *s, arena *a, const store_controversy *c, int64_t number,
			 controversy_mod action, const char *note, int64_t by, int64_t now);

/* Records a participant's vote (1 agree, -1 disagree, 0 pass) on statement
 * number, replacing an earlier one. Returns 0 on success; 404 when there
 * is no such statement; 409 with *why (a msgid) when the controversy is not
 * open or the statement is not accepted; 422 for another value; -1 on a
 * database failure. */
int controversy_vote(store *s, arena *a, const store_controversy *c, int64_t participant_id, int64_t number,
		     int value, int64_t now, const char **why);

/* The statement to show a participant next, drawn by the priority rule of
 * DESIGN.md section 5 with the uniform number u in [0, 1). *left receives
 * how many accepted statements they have not voted on. Returns 1 with
 * *out, 0 when none is left, -1 on a database failure. */
int controversy_next(store *s, arena *a, const store_controversy *c, int64_t participant_id, double u,
		     store_statement *out, int64_t *left);

/* ---- the opinion map ---- */

/* Whether the stored map is older than the votes or the moderation: the
 * number of votes, the time of the latest (to the second) and the
 * controversy's revision differ from those it was computed from. A vote
 * replaced in the same second as the latest vote, with no other change,
 * goes unnoticed here; the worker still recomputes, since every vote wakes
 * it. */
int controversy_stale(store *s, arena *a, const store_controversy *c, bool *stale);

/* Recomputes the map of controversy id from its votes and stores it with
 * the statements' priorities, in one transaction of its own (s must not be
 * in one). Returns 0, or -1 with a message in err. */
int controversy_recompute(store *s, arena *a, int64_t id, int64_t now, char *err, size_t errlen);

/* The stored map, read back for the pages. Statement and participant
 * references are the controversy's numbers and the participants' ids. */
typedef struct cmap_rep {
	int64_t number;
	bool agree;
	int n_for, n_seen;
	double p, p_z, r, r_z;
} cmap_rep;

typedef struct cmap_group {
	int size;
	double x, y;
	int nrep;
	cmap_rep rep[OPINION_MAX_REPNESS];
} cmap_group;

typedef struct cmap_person {
	int64_t participant_id;
	double x, y;
	int group;		/* -1 none */
	bool clustered;
	int nvotes;
} cmap_person;

typedef struct cmap_statement {
	int64_t number;
	int agree, disagree, pass;	/* every voter */
	double gac, divisive, extremity;	/* gac NAN when not computed */
	int g_agree[OPINION_MAX_GROUPS], g_disagree[OPINION_MAX_GROUPS], g_seen[OPINION_MAX_GROUPS];
	bool in_map;		/* accepted and not meta when computed */
} cmap_statement;

typedef struct cmap_consensus {
	int64_t number;
	bool agree;
	double p, p_z;
} cmap_consensus;

typedef struct controversy_map {
	int64_t computed_at, nvotes, seed;
	int nvoters, nclustered, ngroups;
	cmap_group groups[OPINION_MAX_GROUPS];
	cmap_person *people;
	int npeople;
	cmap_statement *st;
	int nst;
	cmap_consensus *consensus;
	int nconsensus;
} controversy_map;

/* Parses a stored map (arena-owned). False when the JSON is not one. */
bool controversy_map_read(arena *a, const char *json, controversy_map *out);
/* The statement of that number in m, NULL when none. */
const cmap_statement *controversy_map_statement(const controversy_map *m, int64_t number);

/* Freezes the current map, with the statements' texts as they are now, into
 * the record as report *number. Returns 0; 409 when there is no map yet;
 * -1 on a database failure. */
int controversy_freeze(store *s, arena *a, const store_controversy *c, int64_t by, int64_t now,
		       int64_t *number);

/* A frozen report read back: its map and the statements' texts then. */
typedef struct controversy_frozen {
	const char *title, *question;
	controversy_map map;
	int nst;
	int64_t *number;
	const char **body;
	bool *is_meta;
} controversy_frozen;
bool controversy_frozen_read(arena *a, const char *json, controversy_frozen *out);

/* ---- Pol.is export layout ---- */

/* Creates a controversy in cx's cycle from a parsed Pol.is conversation:
 * statements keep their comment-ids as numbers (moderated -1 rejected,
 * others accepted, is-meta kept), every Pol.is participant becomes a
 * participant identity of the cycle (nickname "Pol.is <id>", no cookie),
 * votes keep their times. c carries title, question and description.
 * False with problems, or with pb empty on a database failure. */
bool controversy_import_polis(store *s, arena *a, const cycle_ctx *cx, store_controversy *c,
			      const polis_data *d, int64_t now, problems *pb, int64_t *id);

/* Appends one file of the controversy in Pol.is' layout to b: which is
 * "votes.csv", "comments.csv" or "participants-votes.csv" (group-id from
 * the stored map). Participants are numbered 0, 1, 2... in order of their
 * identity. Returns 0, 404 for another name, -1 on a database failure. */
int controversy_export_polis(store *s, arena *a, const store_controversy *c, const char *which, buf *b);

#endif
