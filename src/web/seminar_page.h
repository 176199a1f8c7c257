/*
 * seminar_page.h — what the seminar pages share: loading the seminar named
 * in the path, the participant identity of this browser (a cookie per
 * cycle, "fab_p<cycle id>", holding a token whose hash the store keeps),
 * and the labels of states, methods and organisation kinds.
 */
#ifndef FAB_SEMINAR_PAGE_H
#define FAB_SEMINAR_PAGE_H

#include "cycle_page.h"
#include "../domain/seminar.h"

/* Loads the seminar of r->param[1] in the cycle; answers 404 and returns
 * false when there is none. */
bool sp_load(http_req *r, const cycle_ctx *cx, store_seminar *sm);

/* The participant identity this browser holds in the cycle (its cookie),
 * or, for a signed-in person, the identity attached to their account.
 * False when there is none (not an error). */
bool sp_participant(http_req *r, const cycle_ctx *cx, store_participant *out);

/* Name of the identity cookie of a cycle (arena). */
const char *sp_cookie_name(http_req *r, int64_t cycle_id);

/* "/c/<slug>/seminars/<uid>" + suffix (arena). */
const char *sp_url(http_req *r, const cycle_ctx *cx, const store_seminar *sm, const char *suffix);

/* Translated labels. */
const char *sp_state_label(http_req *r, const char *state);
const char *sp_method_label(http_req *r, const char *method);
const char *sp_org_label(http_req *r, const char *kind);
/* The 7 majority-judgment grades, worst first, translated. */
const char *sp_grade_label(http_req *r, int grade);

/* The SSE topic of a seminar's live counts ("seminar:<id>"), and the
 * event that tells its projector views the counts or state changed:
 * data is {"joined":N,"ballots":N,"state":"...","round":N,"presenting":id}
 * (the scenario being presented, 0 when none). */
const char *sp_topic(http_req *r, const store_seminar *sm);
/* Queues that event with the counts as the request leaves them; it goes
 * out once the request's changes are committed (http_publish_after_commit),
 * since listeners read the seminar again when told. */
void sp_publish_counts(http_req *r, const store_seminar *sm);

/* Opens a seminar for its participant pages: loads the cycle of
 * r->param[0] and the seminar of r->param[1], and this browser's identity
 * in the cycle (*has_p, p filled when true). Lets through whoever cp_open
 * lets through, and also, in a cycle open to its members only, a person
 * whose identity joined this seminar (by its code): the code is their
 * invitation to this seminar, not to the rest of the cycle. Answers 404
 * (the same as for an absent cycle) or 500 and returns false otherwise. */
bool sp_open_participant(http_req *r, cycle_ctx *cx, store_seminar *sm, store_participant *p,
			 bool *has_p);

/* Whether the cycle itself is visible to the visitor of cx (what cp_open
 * checks): false for an outsider let in by sp_open_participant only. */
bool sp_cycle_visible(const cycle_ctx *cx);

/* Begins a seminar page: inside the cycle's frame (cp_begin) when the
 * cycle is visible to the visitor, in the bare site frame otherwise, so
 * that an outsider is not shown links to pages they cannot open. */
void sp_begin(http_req *r, const cycle_ctx *cx, const char *title);

/* The select of the organisation kinds a participant comes from (field
 * "org_kind"), shared by the join forms of seminars and controversies. */
void sp_org_select(http_req *r, const char *org, const char *error);

/* A join code written for reading aloud and typing: "ABC DEF" (arena). */
const char *sp_code_display(http_req *r, const char *code);

#endif
