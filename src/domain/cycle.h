/*
 * cycle.h — cycles and who may do what in them.
 *
 * A cycle's visibility decides who reads it: public and unlisted cycles are
 * read by anyone with the link, members-only cycles by members and
 * administrators (to everyone else they do not exist: 404, not 403).
 * Members write (participants add references and scenarios); facilitators
 * and administrators steer (phases, members, taxonomies, templates,
 * statuses). An archived cycle is read-only for everyone.
 */
#ifndef FAB_CYCLE_H
#define FAB_CYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "problems.h"
#include "../store/store.h"

typedef enum {
	CYCLE_READER = 0,	/* may read, not a member */
	CYCLE_PARTICIPANT,
	CYCLE_FACILITATOR,
} cycle_role;

/* A cycle seen by one person. */
typedef struct cycle_ctx {
	store_cycle c;
	cycle_role role;	/* administrators count as facilitators */
	const store_user *user;	/* NULL when anonymous */
	bool member;		/* a member in the store (not just an administrator) */
} cycle_ctx;

typedef enum {
	CYCLE_OK = 0,
	CYCLE_NOTFOUND,		/* no such cycle, or not visible to this person */
	CYCLE_ERROR,		/* database failure */
} cycle_rc;

/* Loads the cycle of that slug as seen by user (NULL: anonymous). */
cycle_rc cycle_open(store *s, arena *a, const char *slug, const store_user *user, cycle_ctx *out);
/* The same for a cycle already read. */
cycle_rc cycle_view(store *s, arena *a, const store_cycle *c, const store_user *user,
		    cycle_ctx *out);

/* Whether the person of cx may see the cycle at all (the rule cycle_view
 * applies): members-only cycles are for members and administrators. */
bool cycle_visible(const cycle_ctx *cx);

/* May add and edit their own content: a member of a cycle not archived. */
bool cycle_can_write(const cycle_ctx *cx);
/* May steer the cycle (facilitator or administrator), archived or not for
 * un-archiving. */
bool cycle_can_facilitate(const cycle_ctx *cx);

/* Field rules: slug, title, question, description, horizon, visibility.
 * Adds one problem per broken rule, fields named as the form names them. */
void cycle_check(const store_cycle *c, problems *p);
/* Slug pattern of docs/formats.md: [a-z0-9][a-z0-9_-]{0,39}. */
bool cycle_slug_ok(const char *slug);

/* Creates a cycle with creator as its facilitator; with_builtins installs
 * the built-in taxonomies and templates. Problems for invalid fields or a
 * taken slug (field "slug"); returns CYCLE_OK with *id, CYCLE_NOTFOUND when
 * p holds problems, CYCLE_ERROR on a database failure. */
cycle_rc cycle_create(store *s, arena *a, store_cycle *c, int64_t creator, bool with_builtins,
		      int64_t now, problems *p, int64_t *id);

/* Starts the next edition: a new cycle (slug, title) with the taxonomies,
 * templates and phases of src and its facilitators; the copier becomes a
 * facilitator. Same results as cycle_create. */
cycle_rc cycle_copy(store *s, arena *a, const store_cycle *src, const char *slug,
		    const char *title, int64_t copier, int64_t now, problems *p, int64_t *id);

/* Phase kinds in cycle order, and whether k is one of them. */
extern const char *const cycle_phase_kinds[];
bool cycle_phase_kind_ok(const char *k);
/* The phase whose dates contain today (YYYY-MM-DD), or the last one that
 * started; -1 when none has. */
int cycle_current_phase(const store_phase *ph, size_t n, const char *today);

/* Checks a date YYYY-MM-DD (a real calendar day). */
bool cycle_date_ok(const char *d);

/* Adds an existing account to the cycle, or invites an e-mail address:
 * token receives the invitation secret for the link (empty when the person
 * was added directly). Problems on field "email" / "role". */
cycle_rc cycle_invite(store *s, arena *a, const cycle_ctx *cx, const char *email,
		      const char *role, int64_t now, problems *p, char token[64]);
/* Accepts an invitation for user: membership with the invited role.
 * CYCLE_NOTFOUND when the token is unknown, used or expired; the cycle's
 * slug is returned in *slug. */
cycle_rc cycle_accept(store *s, arena *a, const char *token, const store_user *user,
		      int64_t now, const char **slug);

/* A fresh random identifier for an item or scenario (8 characters,
 * letters and digits), allocated from a. */
char *cycle_new_uid(arena *a);

#endif
