/*
 * store.h — the only way the rest of fabrique reads or writes data: named
 * operations over one connection. Two backends sit behind it (SQLite and
 * PostgreSQL, chosen by the URL); callers never see SQL.
 *
 * Strings returned in records are allocated from the arena passed in and
 * live as long as it. Every operation returns a store_rc; STORE_ERROR leaves
 * the reason in store_errmsg().
 */
#ifndef FAB_STORE_H
#define FAB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../core/mem.h"

typedef struct store store;

typedef enum {
	STORE_OK = 0,
	STORE_NOTFOUND = 1,	/* no such row */
	STORE_EXISTS = 2,	/* a unique value is already taken */
	STORE_ERROR = -1,	/* the database failed; see store_errmsg() */
	STORE_BUSY = -2,	/* the database stayed locked; the caller may retry */
} store_rc;

/* ---- connections and transactions (store.c) ---- */

/* Opens a connection to "sqlite:PATH" or "postgres://...". Returns STORE_OK,
 * or STORE_ERROR with a message in err. Close with store_close(). */
store_rc store_open(const char *url, store **out, char *err, size_t errlen);
void store_close(store *s);
const char *store_errmsg(store *s);
/* "sqlite" or "postgres". */
const char *store_backend(store *s);

/* Applies every embedded migration newer than the database's version, each
 * in its own transaction. Returns STORE_OK or STORE_ERROR (message in err). */
store_rc store_migrate(store *s, char *err, size_t errlen);
/* Highest migration applied, 0 for an empty database, -1 on error. */
int store_schema_version(store *s);
/* Highest migration embedded in this binary. */
int store_schema_latest(void);

/* One transaction at a time per connection. store_begin takes the write lock
 * at once on SQLite so that two writers never deadlock upgrading. */
store_rc store_begin(store *s);
bool store_in_transaction(store *s);
store_rc store_commit(store *s);
store_rc store_rollback(store *s);

/* Per-thread connections for the server: store_pool_init records the URL,
 * store_pool_get opens this thread's connection on first use and returns it
 * (NULL with a message in err when it cannot), store_pool_close_all closes
 * every connection once the worker threads have stopped. */
void store_pool_init(const char *url);
store *store_pool_get(char *err, size_t errlen);
void store_pool_close_all(void);

/* ---- accounts (store_account.c) ---- */

typedef struct store_user {
	int64_t id;
	const char *email, *name, *pwhash;
	bool is_admin;
	int64_t created_at, updated_at;
} store_user;

typedef struct store_session {
	int64_t id, created_at, expires_at;
	const char *ip, *user_agent;
} store_session;

typedef struct store_token {
	int64_t id;
	const char *name, *prefix;
	int64_t created_at, last_used_at; /* last_used_at 0 when never used */
} store_token;

/* Creates a user; email must already be normalised (lower case). Returns
 * STORE_OK with the id, or STORE_EXISTS when the e-mail is taken. */
store_rc store_user_create(store *s, const char *email, const char *name,
			   const char *pwhash, bool is_admin, int64_t now, int64_t *id);
store_rc store_user_by_id(store *s, arena *a, int64_t id, store_user *out);
store_rc store_user_by_email(store *s, arena *a, const char *email, store_user *out);
/* All users ordered by id; *out is an arena array of *n records. */
store_rc store_user_list(store *s, arena *a, store_user **out, size_t *n);
store_rc store_user_count(store *s, int64_t *n);
store_rc store_user_set_password(store *s, int64_t id, const char *pwhash, int64_t now);
store_rc store_user_set_profile(store *s, int64_t id, const char *name, int64_t now);
store_rc store_user_set_admin(store *s, int64_t id, bool is_admin, int64_t now);
/* Deletes the user with their sessions and tokens. */
store_rc store_user_delete(store *s, int64_t id);

/* Sessions are looked up by the SHA-256 hex of their token. */
store_rc store_session_create(store *s, int64_t user_id, const char *token_hash,
			      int64_t now, int64_t expires_at, const char *ip,
			      const char *user_agent);
/* The user owning an unexpired session, STORE_NOTFOUND otherwise. */
store_rc store_session_user(store *s, arena *a, const char *token_hash, int64_t now,
			    store_user *out);
store_rc store_session_delete(store *s, const char *token_hash);
/* Ends every session of the user except keep_hash (NULL: all of them). */
store_rc store_session_delete_others(store *s, int64_t user_id, const char *keep_hash);
/* The user's unexpired sessions, oldest first. */
store_rc store_session_list(store *s, arena *a, int64_t user_id, int64_t now, store_session **out,
			    size_t *n);
store_rc store_session_purge(store *s, int64_t now);

store_rc store_token_create(store *s, int64_t user_id, const char *name, const char *prefix,
			    const char *token_hash, int64_t now, int64_t *id);
/* The user owning the token; records the use time. */
store_rc store_token_user(store *s, arena *a, const char *token_hash, int64_t now,
			  store_user *out);
store_rc store_token_list(store *s, arena *a, int64_t user_id, store_token **out, size_t *n);
/* Deletes token id if it belongs to user_id; STORE_NOTFOUND otherwise. */
store_rc store_token_delete(store *s, int64_t user_id, int64_t id);

/* ---- cycles, phases, members, invitations (store_cycle.c) ---- */

typedef struct store_cycle {
	int64_t id;
	const char *slug, *title, *question, *description;
	int64_t horizon;		/* 0 when none */
	const char *visibility;		/* public, members, unlisted */
	bool archived;
	int64_t created_by;		/* 0 when unknown or deleted */
	int64_t created_at, updated_at;
} store_cycle;

typedef struct store_phase {
	int64_t id;
	const char *name, *kind;
	const char *starts_on, *ends_on;	/* YYYY-MM-DD or NULL */
} store_phase;

typedef struct store_member {
	int64_t user_id;
	const char *email, *name, *role;
	int64_t created_at;
} store_member;

typedef struct store_invitation {
	int64_t id, cycle_id;
	const char *email, *role;
	int64_t created_at, expires_at, accepted_at;	/* accepted_at 0: pending */
} store_invitation;

/* Creates a cycle from c (id ignored); STORE_EXISTS when the slug is taken. */
store_rc store_cycle_create(store *s, const store_cycle *c, int64_t *id);
/* Rewrites every field of cycle c->id except created_by and created_at. */
store_rc store_cycle_update(store *s, const store_cycle *c);
store_rc store_cycle_delete(store *s, int64_t id);
store_rc store_cycle_by_slug(store *s, arena *a, const char *slug, store_cycle *out);
store_rc store_cycle_by_id(store *s, arena *a, int64_t id, store_cycle *out);
/* Cycles that user_id (0: anonymous) may see listed: public ones, those
 * they belong to, every one for an administrator; unlisted ones only to
 * members and administrators. Archived ones only when with_archived.
 * Newest first. */
store_rc store_cycle_list(store *s, arena *a, int64_t user_id, bool is_admin, bool with_archived,
			  store_cycle **out, size_t *n);

store_rc store_phase_list(store *s, arena *a, int64_t cycle_id, store_phase **out, size_t *n);
/* Replaces the cycle's phases by phases[0..n) in that order. */
store_rc store_phase_replace(store *s, int64_t cycle_id, const store_phase *phases, size_t n);

/* The user's role in the cycle ("facilitator", "participant") allocated
 * from a, or STORE_NOTFOUND when not a member. */
store_rc store_member_role(store *s, arena *a, int64_t cycle_id, int64_t user_id, const char **role);
/* Adds the user or changes their role. */
store_rc store_member_set(store *s, int64_t cycle_id, int64_t user_id, const char *role, int64_t now);
store_rc store_member_remove(store *s, int64_t cycle_id, int64_t user_id);
/* Members ordered by role (facilitators first), then name. */
store_rc store_member_list(store *s, arena *a, int64_t cycle_id, store_member **out, size_t *n);
store_rc store_member_count(store *s, int64_t cycle_id, const char *role, int64_t *n);

store_rc store_invitation_create(store *s, int64_t cycle_id, const char *email, const char *role,
				 const char *token_hash, int64_t created_by, int64_t now,
				 int64_t expires_at, int64_t *id);
/* The unaccepted, unexpired invitation with that token hash. */
store_rc store_invitation_by_hash(store *s, arena *a, const char *token_hash, int64_t now,
				  store_invitation *out);
store_rc store_invitation_accept(store *s, int64_t id, int64_t user_id, int64_t now);
store_rc store_invitation_delete(store *s, int64_t cycle_id, int64_t id);
/* Pending invitations of the cycle, newest first. */
store_rc store_invitation_list(store *s, arena *a, int64_t cycle_id, int64_t now,
			       store_invitation **out, size_t *n);

/* ---- taxonomies and terms (store_taxonomy.c) ---- */

typedef struct store_taxonomy {
	int64_t id, cycle_id;
	int64_t position;
	const char *slug, *name, *description;
} store_taxonomy;

typedef struct store_term {
	int64_t id, taxonomy_id, position;
	const char *code, *label, *definition;
	const char *hashtags, *examples;	/* JSON arrays of strings */
} store_term;

/* Appends a taxonomy to the cycle; STORE_EXISTS when the slug is taken. */
store_rc store_taxonomy_create(store *s, const store_taxonomy *t, int64_t *id);
store_rc store_taxonomy_update(store *s, const store_taxonomy *t);
store_rc store_taxonomy_delete(store *s, int64_t id);
store_rc store_taxonomy_list(store *s, arena *a, int64_t cycle_id, store_taxonomy **out, size_t *n);
store_rc store_taxonomy_get(store *s, arena *a, int64_t cycle_id, const char *slug,
			    store_taxonomy *out);
/* Appends a term (position after the last); STORE_EXISTS on a taken code. */
store_rc store_term_create(store *s, const store_term *t, int64_t *id);
/* Rewrites the term t->id of taxonomy t->taxonomy_id (not its position). */
store_rc store_term_update(store *s, const store_term *t);
store_rc store_term_delete(store *s, int64_t taxonomy_id, int64_t id);
store_rc store_term_list(store *s, arena *a, int64_t taxonomy_id, store_term **out, size_t *n);
store_rc store_term_get(store *s, arena *a, int64_t taxonomy_id, const char *code, store_term *out);

/* ---- templates (store_template.c) ---- */

typedef struct store_template {
	int64_t id, cycle_id, position;
	const char *slug, *name, *description;
	const char *sections;		/* JSON array, see docs/formats.md */
	int64_t updated_at;
} store_template;

store_rc store_template_create(store *s, const store_template *t, int64_t *id);
store_rc store_template_update(store *s, const store_template *t);
store_rc store_template_delete(store *s, int64_t id);
store_rc store_template_list(store *s, arena *a, int64_t cycle_id, store_template **out, size_t *n);
store_rc store_template_get(store *s, arena *a, int64_t cycle_id, const char *slug,
			    store_template *out);
store_rc store_template_by_id(store *s, arena *a, int64_t id, store_template *out);
/* How many scenarios use the template. */
store_rc store_template_uses(store *s, int64_t id, int64_t *n);

/* ---- library (store_library.c) ---- */

typedef struct store_item {
	int64_t id, cycle_id;
	const char *uid, *kind, *title, *source, *url;
	const char *date;		/* YYYY, YYYY-MM or YYYY-MM-DD, or NULL */
	const char *summary;
	const char *tags;		/* JSON array of "taxonomy:code" */
	const char *status, *speaker_type, *problem_category;
	int64_t created_by, created_at, updated_at;
} store_item;

typedef struct store_observation {
	int64_t id, item_id;
	const char *observed_on, *status, *note;
	int64_t created_by, created_at;
} store_observation;

/* Filters of a library list; NULL or "" fields do not filter. */
typedef struct store_item_filter {
	const char *kind, *tag, *status;
	const char *year;		/* items whose date starts with it */
	int64_t offset, limit;		/* limit 0: no limit */
} store_item_filter;

store_rc store_item_create(store *s, const store_item *it, int64_t *id);
store_rc store_item_update(store *s, const store_item *it);
store_rc store_item_delete(store *s, int64_t id);
store_rc store_item_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_item *out);
store_rc store_item_by_id(store *s, arena *a, int64_t id, store_item *out);
/* The items of those ids (at most 100) in one query, in no particular
 * order; ids that do not exist are left out. */
store_rc store_item_by_ids(store *s, arena *a, const int64_t *ids, size_t nids, store_item **out,
			   size_t *n);
/* Items of the cycle matching f, by date (newest first, undated last) then
 * title; *total is the count before offset and limit. */
store_rc store_item_list(store *s, arena *a, int64_t cycle_id, const store_item_filter *f,
			 store_item **out, size_t *n, int64_t *total);
/* Counts per value of column "kind" or "status" over the cycle's items. */
typedef struct store_count { const char *key; int64_t n; } store_count;
store_rc store_item_facet(store *s, arena *a, int64_t cycle_id, const char *column,
			  store_count **out, size_t *n);

/* How many scenarios of the cycle cite the item uid in their content. */
store_rc store_item_citations(store *s, int64_t cycle_id, const char *uid, int64_t *n);

store_rc store_observation_add(store *s, const store_observation *o, int64_t *id);
/* Observations of an item in date order. */
store_rc store_observation_list(store *s, arena *a, int64_t item_id, store_observation **out,
				size_t *n);

/* ---- scenarios and revisions (store_scenario.c) ---- */

typedef struct store_scenario {
	int64_t id, cycle_id, template_id;
	const char *uid, *title, *summary, *status;
	int64_t parent_id;		/* 0 when not a fork */
	bool opening;
	const char *sections;		/* JSON object */
	int64_t revision;		/* number of the current revision */
	int64_t created_by, created_at, updated_at;
	const char *template_slug;	/* filled by reads */
	const char *parent_uid;		/* filled by reads, NULL when no parent */
} store_scenario;

typedef struct store_revision {
	int64_t id, scenario_id, number;
	const char *title, *summary, *status, *sections, *note;
	int64_t author_id, created_at;
	const char *author_name, *author_email;	/* NULL when the account is gone */
} store_revision;

typedef struct store_scenario_filter {
	const char *status, *template_slug;
	int64_t parent_id;		/* only forks of it when non-zero */
	int openings;			/* 1 only openings, 0 any */
} store_scenario_filter;

store_rc store_scenario_create(store *s, const store_scenario *sc, int64_t *id);
/* Rewrites title, summary, status, opening, sections, revision, updated_at
 * and template_id of sc->id. */
store_rc store_scenario_update(store *s, const store_scenario *sc);
store_rc store_scenario_set_parent(store *s, int64_t id, int64_t parent_id);
store_rc store_scenario_delete(store *s, int64_t id);
store_rc store_scenario_get(store *s, arena *a, int64_t cycle_id, const char *uid,
			    store_scenario *out);
store_rc store_scenario_by_id(store *s, arena *a, int64_t id, store_scenario *out);
/* The scenarios of those ids (at most 100) in one query, in no
 * particular order; ids that do not exist are left out. */
store_rc store_scenario_by_ids(store *s, arena *a, const int64_t *ids, size_t nids,
			       store_scenario **out, size_t *n);
/* Scenarios of the cycle (cycle_id 0: every cycle) matching f, in creation order. */
store_rc store_scenario_list(store *s, arena *a, int64_t cycle_id, const store_scenario_filter *f,
			     store_scenario **out, size_t *n);
store_rc store_scenario_facet(store *s, arena *a, int64_t cycle_id, store_count **out, size_t *n);

store_rc store_author_add(store *s, int64_t scenario_id, int64_t user_id);
store_rc store_author_is(store *s, int64_t scenario_id, int64_t user_id, bool *yes);
/* Authors in the order they were added. */
store_rc store_author_list(store *s, arena *a, int64_t scenario_id, store_member **out, size_t *n);

store_rc store_revision_add(store *s, const store_revision *r, int64_t *id);
/* Revisions newest first (without their sections when brief). */
store_rc store_revision_list(store *s, arena *a, int64_t scenario_id, bool brief,
			     store_revision **out, size_t *n);
store_rc store_revision_get(store *s, arena *a, int64_t scenario_id, int64_t number,
			    store_revision *out);

/* ---- tags and search (store_search.c) ---- */

typedef struct store_tag { const char *taxonomy, *code; } store_tag;

/* Replaces the tags of one target ("scenario" or "item"). */
store_rc store_tagging_set(store *s, int64_t cycle_id, const char *kind, int64_t target_id,
			   const store_tag *tags, size_t n);
/* How many targets carry each code of the taxonomy. */
store_rc store_tagging_counts(store *s, arena *a, int64_t cycle_id, const char *taxonomy,
			      store_count **out, size_t *n);

typedef struct store_hit {
	const char *kind;		/* "scenario" or "item" */
	int64_t target_id;
	const char *uid, *title;
} store_hit;

/* Targets tagged with taxonomy:code, scenarios first then items, by title. */
store_rc store_tagging_targets(store *s, arena *a, int64_t cycle_id, const char *taxonomy,
			       const char *code, store_hit **out, size_t *n);

/* Indexes one target under folded title and body, replacing what was there. */
store_rc store_search_put(store *s, int64_t cycle_id, const char *kind, int64_t target_id,
			  const char *title, const char *body);
store_rc store_search_remove(store *s, const char *kind, int64_t target_id);
/* Empties the index (before a rebuild). */
store_rc store_search_clear(store *s);
/* Matches a search counts and ranks at most: the newest this many (on
 * SQLite; on PostgreSQL the first the scan yields), or offset + limit when
 * more. */
#define STORE_SEARCH_WINDOW 500
/* Targets of the cycle matching every folded term as a word prefix, best
 * first among the window of STORE_SEARCH_WINDOW matches, at most limit from
 * offset; *total counts them, capped at STORE_SEARCH_WINDOW. terms must
 * already be folded by fold_terms. */
store_rc store_search(store *s, arena *a, int64_t cycle_id, char *const *terms, size_t nterms,
		      const char *kind, int64_t offset, int64_t limit, store_hit **out, size_t *n,
		      int64_t *total);

/* What a person took part in, for their data export: memberships
 * (kind "member", detail = role), scenarios they authored ("scenario",
 * detail = status) and library items they added ("item", detail = kind). */
typedef struct store_contribution {
	const char *kind, *cycle_slug, *uid, *title, *detail;
} store_contribution;
store_rc store_user_contributions(store *s, arena *a, int64_t user_id, store_contribution **out,
				  size_t *n);

/* ---- seminars, participants, ballots and groups (store_seminar.c) ---- */

typedef struct store_seminar {
	int64_t id, cycle_id;
	const char *uid, *title;
	const char *method;	/* approval, dots, schulze, mj, borda */
	const char *params;	/* JSON object of the method's parameters */
	int64_t seats;		/* scenarios to retain */
	const char *state;	/* preparation ... groups_done (seminar.h) */
	int64_t round;		/* 1, or 2 during a second round among the tied */
	const char *join_code;
	int64_t presenting;	/* scenario id being presented, 0 none */
	const char *resolution;	/* JSON of the tie resolution, "" none */
	int64_t group_min, group_max, max_share, group_seed;
	int64_t created_by, created_at, updated_at;
} store_seminar;

/* A candidate scenario; uid, title, summary and status are the scenario's,
 * filled by reads. retained is -1 until the results, then 0 or 1. */
typedef struct store_candidate {
	int64_t scenario_id, position;
	bool runoff;
	int retained;
	int64_t group_min, group_max;
	const char *uid, *title, *summary, *status;
} store_candidate;

typedef struct store_participant {
	int64_t id, cycle_id, user_id, created_at; /* user_id 0 when none */
	const char *nickname, *org_kind;
} store_participant;

typedef struct store_ballot {
	int64_t participant_id, round, cast_at, updated_at;
	const char *choice;	/* comma-separated integers, candidate order */
} store_ballot;

/* A participant of a seminar with what they chose for the groups: ranks
 * (comma-separated, retained-candidate order, "" when none given) and the
 * group they are in (scenario id, 0 when none; rank got, manual). */
typedef struct store_seminar_person {
	int64_t participant_id, user_id;
	const char *nickname, *org_kind;
	const char *ranks;
	int64_t group_scenario, group_rank;
	bool manual;
} store_seminar_person;

typedef struct store_group_member {
	int64_t participant_id, scenario_id, rank;
	bool manual;
} store_group_member;

typedef struct store_seminar_event {
	int64_t id, at, actor;
	const char *kind, *detail, *actor_name; /* actor_name NULL when none */
} store_seminar_event;

/* Creates a seminar; STORE_EXISTS when its uid (in the cycle) or its join
 * code is taken. */
store_rc store_seminar_create(store *s, const store_seminar *sm, int64_t *id);
/* Rewrites every field but id, cycle_id, uid, join_code and created_*. */
store_rc store_seminar_update(store *s, const store_seminar *sm);
store_rc store_seminar_delete(store *s, int64_t id);
store_rc store_seminar_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_seminar *out);
store_rc store_seminar_by_id(store *s, arena *a, int64_t id, store_seminar *out);
store_rc store_seminar_by_code(store *s, arena *a, const char *code, store_seminar *out);
/* The seminars of a cycle, newest first. */
store_rc store_seminar_list(store *s, arena *a, int64_t cycle_id, store_seminar **out, size_t *n);

/* Seminars of public cycles, not archived, in presentation or with the
 * vote open: what a visitor can join now (at most 10, oldest first). */
typedef struct store_open_seminar {
	const char *cycle_slug, *cycle_title, *uid, *title, *method, *state;
} store_open_seminar;
store_rc store_seminar_open_public(store *s, arena *a, store_open_seminar **out, size_t *n);

/* Replaces the candidates by these scenarios, in this order. */
store_rc store_candidates_set(store *s, int64_t seminar_id, const int64_t *scenario_ids, size_t n);
/* The candidates in order of presentation. */
store_rc store_candidate_list(store *s, arena *a, int64_t seminar_id, store_candidate **out, size_t *n);
/* Rewrites runoff, retained (-1 = NULL), group_min and group_max. */
store_rc store_candidate_update(store *s, int64_t seminar_id, const store_candidate *c);

/* A participant identity of a cycle, found by the hash of its cookie's
 * token. STORE_EXISTS when the token hash is taken. */
store_rc store_participant_create(store *s, const store_participant *p, const char *token_hash,
				  int64_t *id);
store_rc store_participant_by_token(store *s, arena *a, const char *token_hash, store_participant *out);
/* The identity an account holds in a cycle (the oldest if several). */
store_rc store_participant_for_user(store *s, arena *a, int64_t cycle_id, int64_t user_id,
				    store_participant *out);
store_rc store_participant_by_id(store *s, arena *a, int64_t id, store_participant *out);
store_rc store_participant_attach(store *s, int64_t id, int64_t user_id);
store_rc store_participant_set_token(store *s, int64_t id, const char *token_hash);

/* Records that a participant joined a seminar (again: nothing changes). */
store_rc store_seminar_join(store *s, int64_t seminar_id, int64_t participant_id, int64_t at);
store_rc store_seminar_joined(store *s, int64_t seminar_id, int64_t participant_id, bool *joined);
/* Participants who joined, and ballots cast in the round. */
store_rc store_seminar_counts(store *s, int64_t seminar_id, int64_t round, int64_t *joined,
			      int64_t *ballots);

/* Casts or replaces a participant's ballot of a round. */
store_rc store_ballot_put(store *s, int64_t seminar_id, int64_t participant_id, int64_t round,
			  const char *choice, int64_t at);
store_rc store_ballot_get(store *s, arena *a, int64_t seminar_id, int64_t participant_id,
			  int64_t round, store_ballot *out);
/* Every ballot of a round, in the order they were first cast. */
store_rc store_ballot_list(store *s, arena *a, int64_t seminar_id, int64_t round, store_ballot **out,
			   size_t *n);
store_rc store_ballot_delete_round(store *s, int64_t seminar_id, int64_t round);

/* Sets a participant's ranking of the groups. */
store_rc store_group_pref_put(store *s, int64_t seminar_id, int64_t participant_id, const char *ranks,
			      int64_t at);
/* Everyone who joined the seminar, in order of joining, with their group
 * preferences and group. */
store_rc store_seminar_people(store *s, arena *a, int64_t seminar_id, store_seminar_person **out,
			      size_t *n);
/* Replaces every group membership of the seminar. */
store_rc store_group_members_set(store *s, int64_t seminar_id, const store_group_member *m, size_t n);
/* Puts one participant in a group by hand (manual = 1). */
store_rc store_group_member_move(store *s, int64_t seminar_id, int64_t participant_id,
				 int64_t scenario_id, int64_t rank);

store_rc store_seminar_event_add(store *s, int64_t seminar_id, int64_t at, int64_t actor,
				 const char *kind, const char *detail);
/* The record of a seminar, oldest first. */
store_rc store_seminar_events(store *s, arena *a, int64_t seminar_id, store_seminar_event **out,
			      size_t *n);

/* ---- controversies, statements, votes and opinion maps (store_controversy.c) ---- */

typedef struct store_controversy {
	int64_t id, cycle_id;
	const char *uid, *title, *question, *description;
	const char *state;	/* draft, open, closed */
	bool proposals;		/* participants may propose statements */
	const char *join_code;
	int64_t seed;		/* of the opinion map's k-means */
	int64_t revision;	/* counts changes of what the map covers (moderation, statements) */
	int64_t created_by, created_at, updated_at;
	/* Filled by store_controversy_list only: */
	int64_t nstatements, nvotes, nvoters;
} store_controversy;

/* A statement. number is its id within the controversy (0, 1, 2... in
 * order of creation, Pol.is' comment-id); priority is the engine's, scaled
 * by 1e9 and at least 1 once computed (0 before). */
typedef struct store_statement {
	int64_t id, controversy_id, number;
	const char *body;
	const char *origin;	/* facilitator, participant, import */
	int64_t author_participant, author_user;	/* 0 when none */
	const char *author_name;	/* nickname or account name, filled by reads; NULL when none */
	const char *status;	/* pending, accepted, rejected */
	bool is_meta;
	const char *note;	/* the moderator's reason */
	int64_t priority, created_at, moderated_by, moderated_at;
	/* Filled by store_statement_list: counts over every vote. */
	int64_t agree, disagree, pass;
} store_statement;

typedef struct store_opinion_vote {
	int64_t participant_id, statement_id, statement_number;
	int value;		/* -1, 0, 1 */
	int64_t voted_at;
} store_opinion_vote;

/* The stored opinion map of a controversy: the JSON that
 * domain/controversy.c writes, and what it was computed from. */
typedef struct store_opinion_result {
	int64_t computed_at, nvotes, last_vote_at, vote_sum, revision;
	const char *data;
} store_opinion_result;

typedef struct store_opinion_report {
	int64_t id, number, frozen_at, frozen_by;
	const char *title, *data, *frozen_by_name;
} store_opinion_report;

/* STORE_EXISTS when the uid (in the cycle) or the join code is taken. */
store_rc store_controversy_create(store *s, const store_controversy *c, int64_t *id);
/* Rewrites title, question, description, state, proposals, seed, updated_at. */
store_rc store_controversy_update(store *s, const store_controversy *c);
/* Takes the controversy's row lock until the transaction ends, so that
 * check-then-insert sequences (a duplicate statement, a report's number)
 * run one at a time on PostgreSQL too (SQLite has one writer anyway). */
store_rc store_controversy_lock(store *s, int64_t id);
/* Sets updated_at and counts one more revision: the map must be recomputed. */
store_rc store_controversy_touch(store *s, int64_t id, int64_t at);
store_rc store_controversy_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_controversy *out);
store_rc store_controversy_by_id(store *s, arena *a, int64_t id, store_controversy *out);
store_rc store_controversy_by_code(store *s, arena *a, const char *code, store_controversy *out);
/* The controversies of a cycle, newest first, with their counts. */
store_rc store_controversy_list(store *s, arena *a, int64_t cycle_id, store_controversy **out, size_t *n);
/* Records that a participant joined a controversy by its code (again:
 * nothing changes), and asks whether they did. */
store_rc store_controversy_join(store *s, int64_t controversy_id, int64_t participant_id, int64_t at);
store_rc store_controversy_joined(store *s, int64_t controversy_id, int64_t participant_id, bool *joined);
/* Ids of every controversy (for the worker's start-up check). */
store_rc store_controversy_ids(store *s, arena *a, int64_t **out, size_t *n);

/* Adds a statement. *number: on entry the number to give it (an imported
 * Pol.is comment-id), or -1 for the controversy's next one (numbers start
 * at 1); on return the number given. STORE_EXISTS when it is taken. */
store_rc store_statement_add(store *s, const store_statement *st, int64_t *id, int64_t *number);
store_rc store_statement_get(store *s, arena *a, int64_t controversy_id, int64_t number, store_statement *out);
/* Every statement in order of number, with vote counts. */
store_rc store_statement_list(store *s, arena *a, int64_t controversy_id, store_statement **out, size_t *n);
/* Sets status, is_meta, note and the moderator. */
store_rc store_statement_moderate(store *s, int64_t id, const char *status, bool is_meta, const char *note,
				  int64_t by, int64_t at);
/* Sets the priorities of many statements (ids[i] gets prio[i]). */
store_rc store_statement_priorities(store *s, const int64_t *ids, const int64_t *prio, size_t n);
/* The accepted statements a participant has not voted on, with priority. */
store_rc store_statement_unvoted(store *s, arena *a, int64_t controversy_id, int64_t participant_id,
				 store_statement **out, size_t *n);

/* Casts or replaces a vote. */
store_rc store_opinion_vote_put(store *s, int64_t controversy_id, int64_t statement_id, int64_t participant_id,
				int value, int64_t at);
/* Every vote of the controversy, by participant then statement. */
store_rc store_opinion_vote_list(store *s, arena *a, int64_t controversy_id, store_opinion_vote **out,
				 size_t *n);
/* The number of votes, the time of the latest, and a checksum of who voted
 * what (changes when a vote is replaced, even within the same second). */
store_rc store_opinion_vote_stats(store *s, int64_t controversy_id, int64_t *nvotes, int64_t *last_at,
				  int64_t *sum);
/* A participant's votes (statement number, value). */
store_rc store_opinion_votes_of(store *s, arena *a, int64_t controversy_id, int64_t participant_id,
				store_opinion_vote **out, size_t *n);
/* The participants who voted or proposed in the controversy, by id. */
store_rc store_controversy_people(store *s, arena *a, int64_t controversy_id, store_participant **out,
				  size_t *n);

/* Replaces the stored opinion map. STORE_NOTFOUND when none. */
store_rc store_opinion_result_put(store *s, int64_t controversy_id, const store_opinion_result *r);
store_rc store_opinion_result_get(store *s, arena *a, int64_t controversy_id, store_opinion_result *out);

/* Freezes a report (number set to the next one). */
store_rc store_opinion_report_add(store *s, int64_t controversy_id, const store_opinion_report *r,
				  int64_t *number);
store_rc store_opinion_report_get(store *s, arena *a, int64_t controversy_id, int64_t number,
				  store_opinion_report *out);
/* The frozen reports, newest first, without their data. */
store_rc store_opinion_report_list(store *s, arena *a, int64_t controversy_id, store_opinion_report **out,
				   size_t *n);

/* ---- maintenance (store_admin.c) ---- */

/* Checks the database: the engine's own integrity check where it has one,
 * foreign keys, and the schema version. Writes one line per problem to out;
 * returns STORE_OK when there is none, STORE_ERROR otherwise. */
store_rc store_check(store *s, FILE *out);

/* Writes a consistent copy of the whole database, taken online, as a SQLite
 * file at path (which must not exist). The format is the same whatever the
 * backend, so a backup of one backend restores into the other. */
store_rc store_backup(store *s, const char *path, char *err, size_t errlen);

/* Replaces every row of the database with the rows of a backup file made by
 * store_backup, in one transaction: on failure nothing changes. */
store_rc store_restore(store *s, const char *path, char *err, size_t errlen);

#endif
