/* test_seminar.c — the seminar day's rules (domain/seminar.h) and exports
 * (domain/seminar_export.h) over a real store: creating a seminar, moving it
 * through its states, joining, casting, the outcome of each method on small
 * cases counted by hand, ties across the cut and their three resolutions,
 * publishing the results, working groups and the exports. A fresh database
 * per test (PostgreSQL when FABRIQUE_TEST_PG is set, else SQLite).
 *
 * Every expected value below was worked out by hand from the rules in
 * DESIGN.md section 3 and the comments of seminar.h and tally.h. */
#include "unit.h"

#include <jansson.h>

#include "core/buf.h"
#include "domain/account.h"
#include "domain/cycle.h"
#include "domain/scenario.h"
#include "domain/seminar.h"
#include "domain/seminar_export.h"

#define T0 1700000000

/* Candidates A, B, C, D of cycle c1 (indices into fx.sc), E of cycle c2. */
enum { A, B, C, D, NSC };

typedef struct fx {
	unit_db db;
	arena *a;
	store_user fac, other;
	cycle_ctx cx;		/* c1 seen by its facilitator */
	int64_t sc[NSC];	/* scenario ids of c1 */
	const char *uid[NSC];	/* and their uids */
	int64_t foreign;	/* a scenario of c2 */
	int64_t now;
} fx;

static int group_setup(void **state)
{
	(void)state;
	account_init();
	return 0;
}

static int64_t mkuser(fx *f, const char *email, store_user *out)
{
	int64_t id = 0;
	if (store_user_create(f->db.s, email, email, "$argon2id$placeholder", false, T0, &id) != STORE_OK)
		fail_msg("store_user_create(%s): %s", email, store_errmsg(f->db.s));
	assert_int_equal(store_user_by_id(f->db.s, f->a, id, out), STORE_OK);
	return id;
}

static int64_t mkcycle(fx *f, const char *slug)
{
	store_cycle c = {.slug = slug, .title = slug, .question = "", .description = "",
			 .visibility = "members"};
	problems pb;
	problems_init(&pb, f->a);
	int64_t id = 0;
	assert_int_equal(cycle_create(f->db.s, f->a, &c, f->fac.id, false, T0, &pb, &id), CYCLE_OK);
	/* One template with one required section: a draft may leave it
	 * empty, a candidate may not. */
	store_template t = {.cycle_id = id, .slug = "t", .name = "T", .description = "",
			    .sections = "[{\"id\":\"recit\",\"type\":\"text\",\"label\":\"R\",\"required\":true}]",
			    .updated_at = T0};
	assert_int_equal(store_template_create(f->db.s, &t, NULL), STORE_OK);
	return id;
}

static int64_t mkscenario(fx *f, int64_t cycle_id, const char *title, bool complete, const char **uid)
{
	store_template t;
	assert_int_equal(store_template_get(f->db.s, f->a, cycle_id, "t", &t), STORE_OK);
	store_scenario sc = {.cycle_id = cycle_id, .template_id = t.id};
	json_t *secs = complete ? json_pack("{s:s}", "recit", "Il était une fois.") : json_object();
	scenario_input in = {.title = title, .summary = "", .status = complete ? "candidat" : "brouillon",
			     .sections = secs};
	problems pb;
	problems_init(&pb, f->a);
	bool ok = scenario_save(f->db.s, f->a, &sc, &in, f->fac.id, T0, &pb);
	json_decref(secs);
	if (!ok)
		fail_msg("scenario_save(%s): %zu problems", title, pb.n);
	if (uid)
		*uid = sc.uid;
	return sc.id;
}

static int setup(void **state)
{
	fx *f = mem_calloc(1, sizeof *f);
	unit_db_open(&f->db);
	f->a = arena_new();
	f->now = T0 + 100;
	mkuser(f, "fac@example.org", &f->fac);
	mkuser(f, "other@example.org", &f->other);
	mkcycle(f, "c1");
	int64_t c2 = mkcycle(f, "c2");
	assert_int_equal(cycle_open(f->db.s, f->a, "c1", &f->fac, &f->cx), CYCLE_OK);
	assert_int_equal(f->cx.role, CYCLE_FACILITATOR);
	/* A and B are complete candidates; C and D drafts with the required
	 * section empty (publishing must still set their status). */
	static const char *titles[NSC] = {"Alpha", "Beta", "Gamma", "Delta"};
	for (int i = 0; i < NSC; i++)
		f->sc[i] = mkscenario(f, f->cx.c.id, titles[i], i < C, &f->uid[i]);
	f->foreign = mkscenario(f, c2, "Elsewhere", true, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	unit_db_close(&f->db);
	arena_free(f->a);
	free(f);
	return 0;
}

/* ---- helpers ---- */

/* A seminar over the four candidates of c1, in order A B C D. */
static store_seminar mkseminar(fx *f, tally_method m, const char *params_json, int seats)
{
	store_seminar sm = {.title = "Séminaire", .method = tally_method_name(m), .params = params_json,
			    .seats = seats};
	seminar_params p;
	seminar_params_read(&sm, &p);
	problems pb;
	problems_init(&pb, f->a);
	if (!seminar_create(f->db.s, f->a, &f->cx, &sm, &p, f->sc, NSC, f->now, &pb))
		fail_msg("seminar_create: %zu problems, first on %s", pb.n, pb.n ? pb.v[0].field : "-");
	assert_true(sm.id > 0);
	return sm;
}

static void move(fx *f, store_seminar *sm, int to)
{
	const char *why = NULL;
	if (!seminar_move(f->db.s, f->a, sm, to, f->fac.id, ++f->now, &why))
		fail_msg("move %s -> %s refused: %s", sm->state, seminar_states[to], why ? why : "(db)");
	assert_string_equal(sm->state, seminar_states[to]);
}

static void open_vote(fx *f, store_seminar *sm)
{
	move(f, sm, SEM_PRESENTATION);
	move(f, sm, SEM_VOTE_OPEN);
}

/* Joins a new person without an account; returns the participant id. */
static int64_t join(fx *f, const store_seminar *sm, const char *nick, const char *kind)
{
	problems pb;
	problems_init(&pb, f->a);
	store_participant p;
	char tok[ACCOUNT_TOKEN_LEN + 1];
	if (!seminar_join(f->db.s, f->a, sm, NULL, NULL, nick, kind, ++f->now, &pb, &p, tok))
		fail_msg("seminar_join(%s): %zu problems", nick, pb.n);
	assert_int_equal(strlen(tok), ACCOUNT_TOKEN_LEN);
	return p.id;
}

/* Casts a ballot of n values, which must be accepted. */
static void cast(fx *f, const store_seminar *sm, int64_t pid, int n, const int16_t *vals)
{
	int16_t v[16];
	memcpy(v, vals, (size_t)n * sizeof *v);
	const char *why = NULL;
	int cand = -1;
	if (!seminar_cast(f->db.s, f->a, sm, pid, v, n, ++f->now, &why, &cand))
		fail_msg("seminar_cast refused: %s (candidate %d)", why ? why : "(db)", cand);
}

/* Joins a voter and casts one 4-value ballot. */
static int64_t voter(fx *f, const store_seminar *sm, const char *nick, int16_t a, int16_t b, int16_t c,
		     int16_t d)
{
	int64_t pid = join(f, sm, nick, "association");
	int16_t v[4] = {a, b, c, d};
	cast(f, sm, pid, 4, v);
	return pid;
}

static seminar_outcome outcome(fx *f, const store_seminar *sm)
{
	seminar_outcome o;
	assert_true(seminar_outcome_compute(f->db.s, f->a, sm, &o));
	return o;
}

/* The retained flags as a string "ABxx" (letter when retained, x not). */
static const char *retained_str(fx *f, const seminar_outcome *o)
{
	char *s = arena_alloc(f->a, o->ncand + 1);
	for (size_t i = 0; i < o->ncand; i++)
		s[i] = o->retained[i] ? (char)('A' + i) : 'x';
	s[o->ncand] = 0;
	return s;
}

/* The final order as letters, "ACBD". */
static const char *order_str(fx *f, const seminar_outcome *o)
{
	char *s = arena_alloc(f->a, o->ncand + 1);
	for (size_t i = 0; i < o->ncand; i++)
		s[i] = (char)('A' + o->final_order[i]);
	s[o->ncand] = 0;
	return s;
}

/* The round-1 ranking as levels, "AB|C|D". */
static const char *levels_str(fx *f, const tally_result *t)
{
	char *s = arena_alloc(f->a, 64);
	size_t k = 0;
	for (int l = 0; l < t->nlevels; l++) {
		if (l)
			s[k++] = '|';
		for (int i = t->level_start[l]; i < t->level_start[l + 1]; i++)
			s[k++] = (char)('A' + t->order[i]);
	}
	s[k] = 0;
	return s;
}

/* The last recorded event of a seminar. */
static store_seminar_event last_event(fx *f, const store_seminar *sm)
{
	store_seminar_event *e;
	size_t n;
	assert_int_equal(store_seminar_events(f->db.s, f->a, sm->id, &e, &n), STORE_OK);
	assert_true(n > 0);
	return e[n - 1];
}

static size_t count_events(fx *f, const store_seminar *sm, const char *kind)
{
	store_seminar_event *e;
	size_t n, k = 0;
	assert_int_equal(store_seminar_events(f->db.s, f->a, sm->id, &e, &n), STORE_OK);
	for (size_t i = 0; i < n; i++)
		k += strcmp(e[i].kind, kind) == 0;
	return k;
}

static const char *status_of(fx *f, int64_t scenario_id)
{
	store_scenario sc;
	assert_int_equal(store_scenario_by_id(f->db.s, f->a, scenario_id, &sc), STORE_OK);
	return sc.status;
}

static int64_t ballots_in_round(fx *f, const store_seminar *sm, int64_t round)
{
	int64_t joined = -1, ballots = -1;
	assert_int_equal(store_seminar_counts(f->db.s, sm->id, round, &joined, &ballots), STORE_OK);
	return ballots;
}

/* Approval (K = 2, 2 seats) with A 3 approvals, B 2, C 2, D 0: B and C tie
 * across the cut. */
static store_seminar tied_approval(fx *f)
{
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{\"max_approvals\":2}", 2);
	open_vote(f, &sm);
	voter(f, &sm, "v1", 1, 1, 0, 0);
	voter(f, &sm, "v2", 1, 0, 1, 0);
	voter(f, &sm, "v3", 1, 0, 0, 0);
	voter(f, &sm, "v4", 0, 1, 1, 0);
	move(f, &sm, SEM_VOTE_CLOSED);
	return sm;
}

/* ---- creating ---- */

static bool create_fails(fx *f, store_seminar sm, const int64_t *cand, size_t n, const char *field,
			 const char *msgid)
{
	seminar_params p;
	seminar_params_read(&sm, &p);
	problems pb;
	problems_init(&pb, f->a);
	bool ok = seminar_create(f->db.s, f->a, &f->cx, &sm, &p, cand, n, f->now, &pb);
	const problem *pr = problems_for(&pb, field);
	if (ok)
		fail_msg("seminar_create accepted what should fail on %s", field);
	if (!pr)
		fail_msg("no problem on %s (%zu problems)", field, pb.n);
	assert_string_equal(pr->msgid, msgid);
	return true;
}

static void test_create_problems(void **state)
{
	fx *f = *state;
	store_seminar base = {.title = "S", .method = "approval", .params = "{}", .seats = 2};
	store_seminar sm = base;
	sm.title = "";
	create_fails(f, sm, f->sc, NSC, "title", "Give the seminar a title.");
	/* 200 characters at most, counted as characters: 201 ASCII letters
	 * are too many, 150 "é" (300 bytes) are not. */
	char longt[202], accents[301];
	memset(longt, 'x', 201);
	longt[201] = 0;
	sm = base;
	sm.title = longt;
	create_fails(f, sm, f->sc, NSC, "title", "The title is too long (200 characters at most).");
	for (int i = 0; i < 150; i++)
		memcpy(accents + 2 * i, "\xC3\xA9", 2);
	accents[300] = 0;
	sm = base;
	sm.title = accents;
	seminar_params p;
	seminar_params_read(&sm, &p);
	problems pb;
	problems_init(&pb, f->a);
	assert_true(seminar_create(f->db.s, f->a, &f->cx, &sm, &p, f->sc, NSC, f->now, &pb));
	assert_int_equal(pb.n, 0);

	sm = base;
	sm.method = "plurality";
	create_fails(f, sm, f->sc, NSC, "method", "Choose a ballot method from the list.");
	/* Seats against candidates: 4 candidates, retaining 4 or more is no
	 * choice at all; 0 retains nothing. */
	sm = base;
	sm.seats = 4;
	create_fails(f, sm, f->sc, NSC, "seats", "Retain fewer scenarios than there are candidates.");
	sm.seats = 5;
	create_fails(f, sm, f->sc, NSC, "seats", "Retain fewer scenarios than there are candidates.");
	sm.seats = 0;
	create_fails(f, sm, f->sc, NSC, "seats", "Retain at least one scenario.");
	/* Fewer than two candidates. */
	sm = base;
	sm.seats = 1;
	create_fails(f, sm, f->sc, 1, "candidates", "Choose at least two candidate scenarios.");
	create_fails(f, sm, f->sc, 0, "candidates", "Choose at least two candidate scenarios.");
	/* A scenario of another cycle, and an id that is no scenario. */
	int64_t mixed[3] = {f->sc[A], f->foreign, f->sc[B]};
	create_fails(f, base, mixed, 3, "candidates", "A candidate is not a scenario of this cycle.");
	int64_t ghost[3] = {f->sc[A], f->sc[B], 999999};
	create_fails(f, base, ghost, 3, "candidates", "A candidate is not a scenario of this cycle.");
	/* The same scenario twice. */
	int64_t dup[3] = {f->sc[A], f->sc[B], f->sc[A]};
	create_fails(f, base, dup, 3, "candidates", "A scenario is listed twice.");
	/* Dots: D between 1 and 100, M at most D. */
	sm = base;
	sm.method = "dots";
	sm.params = "{\"dots\":0}";
	create_fails(f, sm, f->sc, NSC, "dots", "Give each voter between 1 and 100 dots.");
	sm.params = "{\"dots\":3,\"dots_max\":4}";
	create_fails(f, sm, f->sc, NSC, "dots_max",
		     "The most dots on one scenario must be between 0 (no limit) and the number of dots.");
	/* Group sizes. */
	sm = base;
	sm.group_min = 5;
	sm.group_max = 3;
	create_fails(f, sm, f->sc, NSC, "group_max", "The largest group size cannot be below the smallest.");
	sm = base;
	sm.max_share = 101;
	create_fails(f, sm, f->sc, NSC, "max_share", "The share must be a percentage between 0 (no rule) and 100.");

	/* Only the accented one was stored. */
	store_seminar *all;
	size_t n;
	assert_int_equal(store_seminar_list(f->db.s, f->a, f->cx.c.id, &all, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(all[0].title, accents);
}

static void test_create_stores(void **state)
{
	fx *f = *state;
	store_seminar sm = mkseminar(f, TALLY_DOTS, "{\"dots\":5,\"dots_max\":3}", 2);
	store_seminar got;
	assert_int_equal(store_seminar_get(f->db.s, f->a, f->cx.c.id, sm.uid, &got), STORE_OK);
	assert_string_equal(got.state, "preparation");
	assert_int_equal(got.round, 1);
	assert_string_equal(got.method, "dots");
	assert_int_equal(got.seats, 2);
	assert_int_equal(got.created_by, f->fac.id);
	seminar_params p;
	seminar_params_read(&got, &p);
	assert_int_equal(p.method, TALLY_DOTS);
	assert_int_equal(p.dots, 5);
	assert_int_equal(p.dots_max, 3);
	/* A join code of 6 characters from the unambiguous alphabet, which
	 * finds the seminar however it is typed. */
	assert_int_equal(strlen(got.join_code), 6);
	for (const char *c = got.join_code; *c; c++)
		assert_null(strchr("0O1IL2Z5S6G8B", *c));
	char typed[16], norm[8];
	snprintf(typed, sizeof typed, "%c%c%c-%c %c%c", got.join_code[0] + 32 * (got.join_code[0] >= 'A'),
		 got.join_code[1], got.join_code[2], got.join_code[3], got.join_code[4], got.join_code[5]);
	assert_true(seminar_code_normalise(typed, norm));
	assert_string_equal(norm, got.join_code);
	assert_false(seminar_code_normalise("ACDEF", norm));	/* 5 characters */
	assert_false(seminar_code_normalise("ACDEFHJ", norm));	/* 7 */
	assert_false(seminar_code_normalise("ACDEF0", norm));	/* 0 is not in the alphabet */
	store_seminar by;
	assert_int_equal(store_seminar_by_code(f->db.s, f->a, got.join_code, &by), STORE_OK);
	assert_int_equal(by.id, sm.id);
	/* The candidates in order, nothing retained yet. */
	store_candidate *c;
	size_t n;
	assert_int_equal(store_candidate_list(f->db.s, f->a, sm.id, &c, &n), STORE_OK);
	assert_int_equal(n, 4);
	for (int i = 0; i < NSC; i++) {
		assert_int_equal(c[i].scenario_id, f->sc[i]);
		assert_int_equal(c[i].retained, -1);
		assert_false(c[i].runoff);
	}
	assert_string_equal(last_event(f, &sm).kind, "created");
	/* Two seminars never share a code. */
	store_seminar sm2 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	assert_string_not_equal(sm2.join_code, sm.join_code);
	assert_string_not_equal(sm2.uid, sm.uid);
}

/* ---- states ---- */

static void test_state_moves(void **state)
{
	fx *f = *state;
	const char *why;
	store_seminar sm = {.state = NULL};
	/* Allowed: one step forward from every state but the last. */
	for (int from = 0; from < SEM_NSTATES; from++)
		for (int to = -1; to <= SEM_NSTATES; to++) {
			sm.state = from < SEM_NSTATES ? seminar_states[from] : "x";
			bool want = to == from + 1 && to < SEM_NSTATES;
			want = want || (from == SEM_PRESENTATION && to == SEM_PREPARATION) ||
			       (from == SEM_VOTE_CLOSED && to == SEM_VOTE_OPEN);
			bool got = seminar_can_move(&sm, to, &why);
			if (got != want)
				fail_msg("%s -> %d: %s, expected %s", sm.state, to, got ? "allowed" : "refused",
					 want ? "allowed" : "refused");
			if (!got)
				assert_non_null(why);
		}
	sm.state = "preparation";
	assert_false(seminar_can_move(&sm, SEM_VOTE_OPEN, &why));
	assert_string_equal(why, "A seminar moves one step at a time: this change is not possible from its current state.");
	sm.state = "nonsense";
	assert_false(seminar_can_move(&sm, SEM_PRESENTATION, &why));
	assert_string_equal(why, "This state does not exist.");
	assert_int_equal(seminar_state_of("vote_closed"), SEM_VOTE_CLOSED);
	assert_int_equal(seminar_state_of("Vote_closed"), -1);

	/* On a real seminar: moves are stored and recorded. */
	store_seminar s1 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	move(f, &s1, SEM_PRESENTATION);
	move(f, &s1, SEM_PREPARATION);
	move(f, &s1, SEM_PRESENTATION);
	assert_false(seminar_move(f->db.s, f->a, &s1, SEM_VOTE_CLOSED, f->fac.id, f->now, &why));
	assert_string_equal(s1.state, "presentation");
	move(f, &s1, SEM_VOTE_OPEN);
	assert_false(seminar_move(f->db.s, f->a, &s1, SEM_PRESENTATION, f->fac.id, f->now, &why));
	move(f, &s1, SEM_VOTE_CLOSED);
	move(f, &s1, SEM_VOTE_OPEN); /* reopened */
	move(f, &s1, SEM_VOTE_CLOSED);
	store_seminar got;
	assert_int_equal(store_seminar_by_id(f->db.s, f->a, s1.id, &got), STORE_OK);
	assert_string_equal(got.state, "vote_closed");
	assert_int_equal(count_events(f, &s1, "state"), 7);
	store_seminar_event e = last_event(f, &s1);
	assert_string_equal(e.kind, "state");
	assert_int_equal(e.actor, f->fac.id);
	unit_assert_contains(e.detail, "\"from\":\"vote_open\"");
	unit_assert_contains(e.detail, "\"to\":\"vote_closed\"");
	/* Results with no ballot at all: every candidate tied, a tie
	 * straddles the cut (1 seat of 4). */
	assert_false(seminar_move(f->db.s, f->a, &s1, SEM_RESULTS, f->fac.id, f->now, &why));
	assert_string_equal(why, "A tie straddles the cut: resolve it before publishing the results.");
	assert_int_equal(store_seminar_by_id(f->db.s, f->a, s1.id, &got), STORE_OK);
	assert_string_equal(got.state, "vote_closed");

	/* The vote needs candidates: with one left, neither presenting nor
	 * opening the vote is possible. */
	store_seminar s2 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	assert_int_equal(store_candidates_set(f->db.s, s2.id, f->sc, 1), STORE_OK);
	assert_false(seminar_move(f->db.s, f->a, &s2, SEM_PRESENTATION, f->fac.id, f->now, &why));
	assert_string_equal(why, "The seminar needs at least two candidates and fewer scenarios to retain than candidates.");
	assert_string_equal(s2.state, "preparation");
	/* Two candidates and one seat are enough; two seats of two are not. */
	assert_int_equal(store_candidates_set(f->db.s, s2.id, f->sc, 2), STORE_OK);
	move(f, &s2, SEM_PRESENTATION);
	s2.seats = 2;
	assert_false(seminar_move(f->db.s, f->a, &s2, SEM_VOTE_OPEN, f->fac.id, f->now, &why));
	assert_string_equal(s2.state, "presentation");
}

/* ---- joining ---- */

static void test_join(void **state)
{
	fx *f = *state;
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	problems pb;
	store_participant p, q;
	char tok[ACCOUNT_TOKEN_LEN + 1], tok2[ACCOUNT_TOKEN_LEN + 1];

	/* Nickname and organisation kind are required of a new identity. */
	problems_init(&pb, f->a);
	assert_false(seminar_join(f->db.s, f->a, &sm, NULL, NULL, "", "pme", T0, &pb, &p, tok));
	assert_non_null(problems_for(&pb, "nickname"));
	assert_string_equal(problems_for(&pb, "nickname")->msgid, "Choose a nickname.");
	assert_null(problems_for(&pb, "org_kind"));
	problems_init(&pb, f->a);
	assert_false(seminar_join(f->db.s, f->a, &sm, NULL, NULL, "Zoé", "multinationale", T0, &pb, &p, tok));
	assert_string_equal(problems_for(&pb, "org_kind")->msgid,
			    "Choose the kind of organisation you come from.");
	assert_null(problems_for(&pb, "nickname"));
	problems_init(&pb, f->a);
	assert_false(seminar_join(f->db.s, f->a, &sm, NULL, NULL, NULL, NULL, T0, &pb, &p, tok));
	assert_int_equal(pb.n, 2);
	char longn[62];
	memset(longn, 'n', 61);
	longn[61] = 0;
	problems_init(&pb, f->a);
	assert_false(seminar_join(f->db.s, f->a, &sm, NULL, NULL, longn, "pme", T0, &pb, &p, tok));
	assert_string_equal(problems_for(&pb, "nickname")->msgid,
			    "The nickname is too long (60 characters at most).");
	int64_t joined = -1, ballots = -1;
	assert_int_equal(store_seminar_counts(f->db.s, sm.id, 1, &joined, &ballots), STORE_OK);
	assert_int_equal(joined, 0);

	/* 60 characters are fine even when they take 120 bytes. */
	char accents[121];
	for (int i = 0; i < 60; i++)
		memcpy(accents + 2 * i, "\xC3\xA9", 2);
	accents[120] = 0;
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, NULL, NULL, accents, "recherche", T0, &pb, &q, tok));
	assert_int_equal(pb.n, 0);

	/* A new identity gets a token; joining again with that cookie finds
	 * the same identity and issues no new token; nickname and kind typed
	 * then are not needed. */
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, NULL, NULL, "Zoé", "pme", T0, &pb, &p, tok));
	assert_int_equal(strlen(tok), ACCOUNT_TOKEN_LEN);
	assert_string_equal(p.nickname, "Zoé");
	assert_string_equal(p.org_kind, "pme");
	assert_int_equal(p.user_id, 0);
	assert_int_equal(p.cycle_id, f->cx.c.id);
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, tok, NULL, "", "", T0 + 1, &pb, &q, tok2));
	assert_int_equal(q.id, p.id);
	assert_string_equal(tok2, "");
	assert_int_equal(store_seminar_counts(f->db.s, sm.id, 1, &joined, &ballots), STORE_OK);
	assert_int_equal(joined, 2); /* the accented one and Zoé, once */

	/* The same cookie in another seminar of the cycle: the same person. */
	store_seminar sm2 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm2, tok, NULL, "", "", T0 + 2, &pb, &q, tok2));
	assert_int_equal(q.id, p.id);
	bool j = false;
	assert_int_equal(store_seminar_joined(f->db.s, sm2.id, p.id, &j), STORE_OK);
	assert_true(j);

	/* An unknown cookie is a new person. */
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, "not-a-token", NULL, "Yann", "pme", T0, &pb, &q, tok2));
	assert_int_not_equal(q.id, p.id);
	assert_int_equal(strlen(tok2), ACCOUNT_TOKEN_LEN);

	/* Attaching: Zoé signs in and joins again with her cookie: her
	 * identity now belongs to her account. */
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, tok, &f->other, "", "", T0 + 3, &pb, &q, tok2));
	assert_int_equal(q.id, p.id);
	assert_int_equal(q.user_id, f->other.id);
	assert_string_equal(tok2, "");
	store_participant st;
	assert_int_equal(store_participant_by_id(f->db.s, f->a, p.id, &st), STORE_OK);
	assert_int_equal(st.user_id, f->other.id);

	/* On another device (no cookie), signed in: the account's identity is
	 * found and a new cookie issued; the old one no longer finds it. */
	char tok3[ACCOUNT_TOKEN_LEN + 1];
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, NULL, &f->other, "", "", T0 + 4, &pb, &q, tok3));
	assert_int_equal(q.id, p.id);
	assert_int_equal(strlen(tok3), ACCOUNT_TOKEN_LEN);
	assert_string_not_equal(tok3, tok);
	char hash[ACCOUNT_HASH_LEN + 1];
	account_hash_token(tok3, hash);
	assert_int_equal(store_participant_by_token(f->db.s, f->a, hash, &st), STORE_OK);
	assert_int_equal(st.id, p.id);
	account_hash_token(tok, hash);
	assert_int_equal(store_participant_by_token(f->db.s, f->a, hash, &st), STORE_NOTFOUND);

	/* A signed-in account with no identity yet gets a new one linked to it. */
	store_user u3;
	mkuser(f, "third@example.org", &u3);
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &sm, NULL, &u3, "Tiers", "collectivite", T0, &pb, &q, tok2));
	assert_int_equal(q.user_id, u3.id);
	assert_int_not_equal(q.id, p.id);

	/* A cookie of cycle c1 means nothing in cycle c2: a new identity there. */
	cycle_ctx cx2;
	assert_int_equal(cycle_open(f->db.s, f->a, "c2", &f->fac, &cx2), CYCLE_OK);
	store_seminar other = {.title = "Ailleurs", .method = "approval", .params = "{}", .seats = 1};
	seminar_params prm;
	seminar_params_read(&other, &prm);
	int64_t e2[2] = {f->foreign, mkscenario(f, cx2.c.id, "Deux", true, NULL)};
	problems_init(&pb, f->a);
	assert_true(seminar_create(f->db.s, f->a, &cx2, &other, &prm, e2, 2, T0, &pb));
	problems_init(&pb, f->a);
	assert_false(seminar_join(f->db.s, f->a, &other, tok3, NULL, "", "", T0, &pb, &q, tok2));
	assert_non_null(problems_for(&pb, "nickname"));
	problems_init(&pb, f->a);
	assert_true(seminar_join(f->db.s, f->a, &other, tok3, NULL, "Zoé", "pme", T0, &pb, &q, tok2));
	assert_int_not_equal(q.id, p.id);
	assert_int_equal(q.cycle_id, cx2.c.id);
}

/* ---- casting ---- */

static void test_cast_rules(void **state)
{
	fx *f = *state;
	const char *why;
	int cand;
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{\"max_approvals\":2}", 1);
	int64_t zoe = join(f, &sm, "Zoé", "pme");
	int16_t v[4] = {1, 0, 0, 0};

	/* Not open: preparation, presentation, and after closing. */
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, v, 4, f->now, &why, &cand));
	assert_string_equal(why, "The vote is closed: this ballot was not recorded.");
	move(f, &sm, SEM_PRESENTATION);
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, v, 4, f->now, &why, &cand));
	assert_string_equal(why, "The vote is closed: this ballot was not recorded.");
	move(f, &sm, SEM_VOTE_OPEN);

	/* Not joined: an identity of the cycle that joined another seminar. */
	store_seminar sm2 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	int64_t yann = join(f, &sm2, "Yann", "pme");
	assert_false(seminar_cast(f->db.s, f->a, &sm, yann, v, 4, f->now, &why, &cand));
	assert_string_equal(why, "Join the seminar with its code before voting.");

	/* Approval over K = 2: refused, third approval named. */
	int16_t three[4] = {1, 1, 0, 1};
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, three, 4, f->now, &why, &cand));
	assert_string_equal(why, "Too many scenarios approved.");
	assert_int_equal(cand, 3);
	int16_t none[4] = {0, 0, 0, 0};
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, none, 4, f->now, &why, &cand));
	assert_string_equal(why, "The ballot is empty: choose at least one scenario.");
	int16_t two[4] = {1, 2, 0, 0};
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, two, 4, f->now, &why, &cand));
	assert_string_equal(why, "A value of the ballot is not possible.");
	assert_int_equal(ballots_in_round(f, &sm, 1), 0);

	/* A ballot, then another replaces it. */
	int16_t first[4] = {1, 1, 0, 0}, second[4] = {0, 0, 1, 0};
	cast(f, &sm, zoe, 4, first);
	cast(f, &sm, zoe, 4, second);
	assert_int_equal(ballots_in_round(f, &sm, 1), 1);
	store_ballot b;
	assert_int_equal(store_ballot_get(f->db.s, f->a, sm.id, zoe, 1, &b), STORE_OK);
	assert_string_equal(b.choice, "0,0,1,0");
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.ballots, 1);
	assert_true(o.tally->score[C] == 1 && o.tally->score[A] == 0 && o.tally->score[B] == 0);

	/* A ballot of the wrong length is refused, not stored uncounted. */
	int16_t short3[3] = {1, 0, 0};
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, short3, 3, f->now, &why, &cand));
	assert_non_null(why);
	assert_int_equal(store_ballot_get(f->db.s, f->a, sm.id, zoe, 1, &b), STORE_OK);
	assert_string_equal(b.choice, "0,0,1,0");

	/* After closing: refused, the ballot kept as it was. */
	move(f, &sm, SEM_VOTE_CLOSED);
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, first, 4, f->now, &why, &cand));
	assert_string_equal(why, "The vote is closed: this ballot was not recorded.");
	assert_int_equal(store_ballot_get(f->db.s, f->a, sm.id, zoe, 1, &b), STORE_OK);
	assert_string_equal(b.choice, "0,0,1,0");
}

static void test_cast_dots_and_ranks(void **state)
{
	fx *f = *state;
	const char *why;
	int cand;
	/* Dots: D = 5, at most M = 3 on one. */
	store_seminar sm = mkseminar(f, TALLY_DOTS, "{\"dots\":5,\"dots_max\":3}", 1);
	open_vote(f, &sm);
	int64_t zoe = join(f, &sm, "Zoé", "pme");
	int16_t over_d[4] = {2, 2, 2, 0}; /* 6 > 5 */
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, over_d, 4, f->now, &why, &cand));
	assert_string_equal(why, "More dots than you have.");
	int16_t over_m[4] = {4, 0, 0, 0}; /* 4 > 3 on one */
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, over_m, 4, f->now, &why, &cand));
	assert_string_equal(why, "Too many dots on one scenario.");
	assert_int_equal(cand, 0);
	int16_t negative[4] = {3, -1, 0, 0};
	assert_false(seminar_cast(f->db.s, f->a, &sm, zoe, negative, 4, f->now, &why, &cand));
	assert_string_equal(why, "A value of the ballot is not possible.");
	assert_int_equal(ballots_in_round(f, &sm, 1), 0);
	int16_t ok[4] = {3, 0, 1, 1}; /* exactly 5, 3 on one */
	cast(f, &sm, zoe, 4, ok);
	assert_int_equal(ballots_in_round(f, &sm, 1), 1);

	/* Ranked: what a person typed is compacted keeping order and ties. */
	seminar_params p = {.method = TALLY_SCHULZE};
	int16_t r1[4] = {1, 3, 3, 0};
	assert_int_equal(seminar_ballot_normalise(&p, 4, r1, &cand), TALLY_OK);
	assert_int_equal(r1[0], 1);
	assert_int_equal(r1[1], 2);
	assert_int_equal(r1[2], 2);
	assert_int_equal(r1[3], 0);
	int16_t r2[4] = {7, 2, 0, 9};
	assert_int_equal(seminar_ballot_normalise(&p, 4, r2, &cand), TALLY_OK);
	assert_int_equal(r2[0], 2);
	assert_int_equal(r2[1], 1);
	assert_int_equal(r2[2], 0);
	assert_int_equal(r2[3], 3);
	/* Nothing ranked is empty; a negative rank is no rank anyone can
	 * type: refused, never turned into a first place. */
	int16_t r3[4] = {0, 0, 0, 0};
	assert_int_equal(seminar_ballot_normalise(&p, 4, r3, &cand), TALLY_E_EMPTY);
	int16_t r4[4] = {-1, -1, 1, 0};
	assert_int_equal(seminar_ballot_normalise(&p, 4, r4, &cand), TALLY_E_VALUE);
	assert_int_equal(r4[0], -1);

	store_seminar sr = mkseminar(f, TALLY_SCHULZE, "{}", 1);
	open_vote(f, &sr);
	int64_t yann = join(f, &sr, "Yann", "pme");
	int16_t typed[4] = {1, 3, 3, 0};
	cast(f, &sr, yann, 4, typed);
	store_ballot b;
	assert_int_equal(store_ballot_get(f->db.s, f->a, sr.id, yann, 1, &b), STORE_OK);
	assert_string_equal(b.choice, "1,2,2,0");
	int16_t neg[4] = {-1, -1, 1, 0};
	assert_false(seminar_cast(f->db.s, f->a, &sr, yann, neg, 4, f->now, &why, &cand));
	assert_int_equal(store_ballot_get(f->db.s, f->a, sr.id, yann, 1, &b), STORE_OK);
	assert_string_equal(b.choice, "1,2,2,0");

	/* Choice strings. */
	int16_t v[3];
	assert_true(seminar_choice_parse("1,0,-1", 3, v));
	assert_int_equal(v[2], -1);
	assert_false(seminar_choice_parse("1,0", 3, v));
	assert_false(seminar_choice_parse("1,0,2,3", 3, v));
	assert_false(seminar_choice_parse("1,x,2", 3, v));
	assert_false(seminar_choice_parse("1,-2,2", 3, v));
	int16_t w[3] = {3, 0, -1};
	assert_string_equal(seminar_choice_string(f->a, w, 3), "3,0,-1");
}

/* ---- outcomes by method ---- */

static void test_outcome_approval(void **state)
{
	fx *f = *state;
	/* K = 2, 2 seats. Ballots: AB, AC, A, BC, B.
	 * A: 3 (1,2,3), B: 3 (1,4,5), C: 2 (2,4), D: 0.
	 * Ranking {A,B} {C} {D}; ranks 1 1 3 4; A and B retained. */
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{\"max_approvals\":2}", 2);
	open_vote(f, &sm);
	voter(f, &sm, "v1", 1, 1, 0, 0);
	voter(f, &sm, "v2", 1, 0, 1, 0);
	voter(f, &sm, "v3", 1, 0, 0, 0);
	voter(f, &sm, "v4", 0, 1, 1, 0);
	voter(f, &sm, "v5", 0, 1, 0, 0);
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.ballots, 5);
	assert_int_equal(o.ncand, 4);
	assert_true(o.tally->score[A] == 3 && o.tally->score[B] == 3 && o.tally->score[C] == 2 &&
		    o.tally->score[D] == 0);
	assert_string_equal(levels_str(f, o.tally), "AB|C|D");
	assert_int_equal(o.tally->rank[A], 1);
	assert_int_equal(o.tally->rank[B], 1);
	assert_int_equal(o.tally->rank[C], 3);
	assert_int_equal(o.tally->rank[D], 4);
	assert_false(o.tie);
	assert_int_equal(o.seats, 2);
	assert_string_equal(retained_str(f, &o), "ABxx");
	assert_string_equal(order_str(f, &o), "ABCD");

	/* Publishing: retained flags and statuses. C and D were drafts whose
	 * required section is empty: their status is set all the same. */
	move(f, &sm, SEM_RESULTS);
	assert_string_equal(status_of(f, f->sc[A]), "retenu");
	assert_string_equal(status_of(f, f->sc[B]), "retenu");
	assert_string_equal(status_of(f, f->sc[C]), "non_retenu");
	assert_string_equal(status_of(f, f->sc[D]), "non_retenu");
	store_candidate *c;
	size_t n;
	assert_int_equal(store_candidate_list(f->db.s, f->a, sm.id, &c, &n), STORE_OK);
	assert_int_equal(c[A].retained, 1);
	assert_int_equal(c[B].retained, 1);
	assert_int_equal(c[C].retained, 0);
	assert_int_equal(c[D].retained, 0);
	/* A complete scenario got a revision saying why. */
	store_revision *rv;
	size_t nrv;
	assert_int_equal(store_revision_list(f->db.s, f->a, f->sc[A], true, &rv, &nrv), STORE_OK);
	bool noted = false;
	for (size_t i = 0; i < nrv; i++)
		if (rv[i].status && !strcmp(rv[i].status, "retenu") && rv[i].note &&
		    strstr(rv[i].note, sm.uid))
			noted = true;
	assert_true(noted);
}

static void test_outcome_dots(void **state)
{
	fx *f = *state;
	/* D = 5, M = 3, 1 seat. Ballots 3,2,0,0 / 0,3,2,0 / 1,1,1,2.
	 * A 4, B 6, C 3, D 2: B, A, C, D; B retained. */
	store_seminar sm = mkseminar(f, TALLY_DOTS, "{\"dots\":5,\"dots_max\":3}", 1);
	open_vote(f, &sm);
	voter(f, &sm, "v1", 3, 2, 0, 0);
	voter(f, &sm, "v2", 0, 3, 2, 0);
	voter(f, &sm, "v3", 1, 1, 1, 2);
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	assert_true(o.tally->score[A] == 4 && o.tally->score[B] == 6 && o.tally->score[C] == 3 &&
		    o.tally->score[D] == 2);
	assert_string_equal(levels_str(f, o.tally), "B|A|C|D");
	assert_false(o.tie);
	assert_string_equal(retained_str(f, &o), "xBxx");
}

static void test_outcome_mj(void **state)
{
	fx *f = *state;
	/* Four voters grade A B C D (0 reject .. 6 excellent):
	 *   5 6 3 1 / 5 4 3 2 / 3 4 3 2 / 2 0 3 6
	 * A: 2 3 5 5 → lower median (2nd of 4) 3
	 * B: 0 4 4 6 → 4
	 * C: 3 3 3 3 → 3
	 * D: 1 2 2 6 → 2
	 * B first; A and C tie at 3: remove one median grade each, A's
	 * 2 5 5 has median 5, C's 3 3 3 has 3: A before C. Then D.
	 * 2 seats: B and A. */
	store_seminar sm = mkseminar(f, TALLY_MJ, "{}", 2);
	open_vote(f, &sm);
	voter(f, &sm, "v1", 5, 6, 3, 1);
	voter(f, &sm, "v2", 5, 4, 3, 2);
	voter(f, &sm, "v3", 3, 4, 3, 2);
	voter(f, &sm, "v4", 2, 0, 3, 6);
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.ballots, 4);
	assert_int_equal(o.tally->median[A], 3);
	assert_int_equal(o.tally->median[B], 4);
	assert_int_equal(o.tally->median[C], 3);
	assert_int_equal(o.tally->median[D], 2);
	/* A's profile: one 2, one 3, two 5. */
	const uint64_t *pa = o.tally->profile + A * TALLY_MJ_GRADES;
	assert_int_equal(pa[0] + pa[1] + pa[4] + pa[6], 0);
	assert_int_equal(pa[2], 1);
	assert_int_equal(pa[3], 1);
	assert_int_equal(pa[5], 2);
	assert_int_equal(o.tally->profile[C * TALLY_MJ_GRADES + 3], 4);
	assert_string_equal(levels_str(f, o.tally), "B|A|C|D");
	assert_false(o.tie);
	assert_string_equal(retained_str(f, &o), "ABxx");
	assert_string_equal(order_str(f, &o), "BACD");
}

static void test_outcome_schulze(void **state)
{
	fx *f = *state;
	/* A cycle among A, B, C, D last on every ballot (ranks of A B C D):
	 *   4 × A>B>C>D (1,2,3,4); 3 × B>C>A>D (3,1,2,4); 2 × C>A>B>D (2,3,1,4).
	 * d[A][B] = 4+2 = 6, d[B][A] = 3: margin A→B 3.
	 * d[B][C] = 4+3 = 7, d[C][B] = 2: margin B→C 5.
	 * d[C][A] = 3+2 = 5, d[A][C] = 4: margin C→A 1.
	 * Widest paths: p[A][B] 3, p[B][A] min(5,1) = 1; p[A][C] min(3,5) = 3,
	 * p[C][A] 1; p[B][C] 5, p[C][B] min(1,3) = 1.
	 * So A beats B and C, B beats C: A, B, C, D. 1 seat: A. */
	store_seminar sm = mkseminar(f, TALLY_SCHULZE, "{}", 1);
	open_vote(f, &sm);
	char nick[8];
	for (int i = 0; i < 9; i++) {
		snprintf(nick, sizeof nick, "v%d", i);
		if (i < 4)
			voter(f, &sm, nick, 1, 2, 3, 4);
		else if (i < 7)
			voter(f, &sm, nick, 3, 1, 2, 4);
		else
			voter(f, &sm, nick, 2, 3, 1, 4);
	}
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.ballots, 9);
	const int64_t *d = o.tally->pairwise, *p = o.tally->paths;
	assert_non_null(d);
	assert_int_equal(d[A * 4 + B], 6);
	assert_int_equal(d[B * 4 + A], 3);
	assert_int_equal(d[B * 4 + C], 7);
	assert_int_equal(d[C * 4 + B], 2);
	assert_int_equal(d[C * 4 + A], 5);
	assert_int_equal(d[A * 4 + C], 4);
	assert_int_equal(d[A * 4 + D], 9);
	assert_int_equal(d[D * 4 + A], 0);
	assert_int_equal(p[A * 4 + B], 3);
	assert_int_equal(p[B * 4 + A], 1);
	assert_int_equal(p[A * 4 + C], 3);
	assert_int_equal(p[C * 4 + A], 1);
	assert_int_equal(p[B * 4 + C], 5);
	assert_int_equal(p[C * 4 + B], 1);
	assert_string_equal(levels_str(f, o.tally), "A|B|C|D");
	assert_false(o.tie);
	assert_string_equal(retained_str(f, &o), "Axxx");
}

static void test_outcome_borda_tie(void **state)
{
	fx *f = *state;
	/* The same nine ballots under Borda (one point per candidate ranked
	 * below): A 4×3 + 3×1 + 2×2 = 19, B 4×2 + 3×3 + 2×1 = 19,
	 * C 4×1 + 3×2 + 2×3 = 16, D 0. A and B tie for the one seat. */
	store_seminar sm = mkseminar(f, TALLY_BORDA, "{}", 1);
	open_vote(f, &sm);
	char nick[8];
	for (int i = 0; i < 9; i++) {
		snprintf(nick, sizeof nick, "v%d", i);
		if (i < 4)
			voter(f, &sm, nick, 1, 2, 3, 4);
		else if (i < 7)
			voter(f, &sm, nick, 3, 1, 2, 4);
		else
			voter(f, &sm, nick, 2, 3, 1, 4);
	}
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	assert_true(o.tally->score[A] == 19 && o.tally->score[B] == 19 && o.tally->score[C] == 16 &&
		    o.tally->score[D] == 0);
	assert_true(o.tie);
	assert_int_equal(o.ntied, 2);
	assert_int_equal(o.tied[0] + o.tied[1], A + B);
	assert_int_not_equal(o.tied[0], o.tied[1]);
	assert_string_equal(retained_str(f, &o), "xxxx");
}

/* ---- ties across the cut ---- */

static void test_tie_detected(void **state)
{
	fx *f = *state;
	store_seminar sm = tied_approval(f);
	seminar_outcome o = outcome(f, &sm);
	/* A 3 (v1 v2 v3), B 2 (v1 v4), C 2 (v2 v4), D 0: A is in, one of B
	 * and C takes the second seat. */
	assert_true(o.tie);
	assert_int_equal(o.ntied, 2);
	bool hasB = false, hasC = false;
	for (size_t i = 0; i < o.ntied; i++) {
		hasB |= o.tied[i] == B;
		hasC |= o.tied[i] == C;
	}
	assert_true(hasB && hasC);
	assert_true(o.retained[A]);
	assert_false(o.retained[B] || o.retained[C] || o.retained[D]);
	/* The results cannot be published yet; nothing changes. */
	const char *why;
	assert_false(seminar_move(f->db.s, f->a, &sm, SEM_RESULTS, f->fac.id, f->now, &why));
	assert_string_equal(why, "A tie straddles the cut: resolve it before publishing the results.");
	assert_string_equal(status_of(f, f->sc[A]), "candidat");
	assert_string_equal(status_of(f, f->sc[C]), "brouillon");
	/* A tie inside the retained set is no tie across the cut: A and B
	 * tied first with 2 seats. */
	store_seminar s2 = mkseminar(f, TALLY_APPROVAL, "{}", 2);
	open_vote(f, &s2);
	voter(f, &s2, "w1", 1, 1, 0, 0);
	voter(f, &s2, "w2", 1, 1, 1, 0);
	move(f, &s2, SEM_VOTE_CLOSED);
	o = outcome(f, &s2);
	assert_false(o.tie);
	assert_string_equal(retained_str(f, &o), "ABxx");
	/* Nothing to resolve there. */
	assert_false(seminar_resolve(f->db.s, f->a, &s2, SEM_RESOLVE_LOTS, 1, f->fac.id, f->now, &why));
	assert_string_equal(why, "There is no tie across the cut to resolve.");
	/* Nor while the vote is open. */
	store_seminar s3 = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	open_vote(f, &s3);
	assert_false(seminar_resolve(f->db.s, f->a, &s3, SEM_RESOLVE_LOTS, 1, f->fac.id, f->now, &why));
	assert_string_equal(why, "A tie is resolved once the vote is closed and before the results.");
}

static void test_tie_lots(void **state)
{
	fx *f = *state;
	store_seminar sm = tied_approval(f);
	const char *why;
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_LOTS, 42, f->fac.id, ++f->now, &why));
	/* Recorded with its seed, in the seminar and in the record. */
	store_seminar got;
	assert_int_equal(store_seminar_by_id(f->db.s, f->a, sm.id, &got), STORE_OK);
	json_t *r = json_loads(got.resolution, 0, NULL);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "lots");
	assert_int_equal(json_integer_value(json_object_get(r, "seed")), 42);
	assert_int_equal(json_integer_value(json_object_get(r, "seats")), 2);
	json_t *order = json_object_get(r, "order");
	assert_int_equal(json_array_size(order), 2);
	int64_t first = json_integer_value(json_array_get(order, 0));
	int64_t second = json_integer_value(json_array_get(order, 1));
	assert_true((first == f->sc[B] && second == f->sc[C]) || (first == f->sc[C] && second == f->sc[B]));
	json_decref(r);
	store_seminar_event e = last_event(f, &sm);
	assert_string_equal(e.kind, "resolution");
	assert_int_equal(e.actor, f->fac.id);
	unit_assert_contains(e.detail, "\"seed\":42");
	unit_assert_contains(e.detail, "\"kind\":\"lots\"");
	/* The tie is gone: A and the first drawn are retained. */
	seminar_outcome o = outcome(f, &sm);
	assert_false(o.tie);
	int winner = first == f->sc[B] ? B : C, loser = winner == B ? C : B;
	assert_true(o.retained[A] && o.retained[winner]);
	assert_false(o.retained[loser] || o.retained[D]);
	assert_int_equal(o.final_order[0], A);
	assert_int_equal(o.final_order[1], winner);
	assert_int_equal(o.final_order[2], loser);
	assert_int_equal(o.final_order[3], D);
	/* A second resolution is refused: there is no tie any more. */
	assert_false(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_EXTRA, 0, f->fac.id, f->now, &why));
	assert_string_equal(why, "There is no tie across the cut to resolve.");
	/* Publishable now. */
	move(f, &sm, SEM_RESULTS);
	assert_string_equal(status_of(f, f->sc[A]), "retenu");
	assert_string_equal(status_of(f, f->sc[winner]), "retenu");
	assert_string_equal(status_of(f, f->sc[loser]), "non_retenu");
	assert_string_equal(status_of(f, f->sc[D]), "non_retenu");

	/* The same ballots and the same seed draw the same order. */
	store_seminar again = tied_approval(f);
	assert_true(seminar_resolve(f->db.s, f->a, &again, SEM_RESOLVE_LOTS, 42, f->fac.id, f->now, &why));
	seminar_outcome o2 = outcome(f, &again);
	assert_string_equal(order_str(f, &o2), order_str(f, &o));
	/* And the seed decides: over seeds 1..40 both B and C win sometimes
	 * (a fair draw giving the same in all 40 has odds 2^-39). */
	bool won[NSC] = {false};
	for (uint64_t seed = 1; seed <= 40; seed++) {
		store_seminar t = tied_approval(f);
		assert_true(seminar_resolve(f->db.s, f->a, &t, SEM_RESOLVE_LOTS, seed, f->fac.id, f->now, &why));
		seminar_outcome ot = outcome(f, &t);
		assert_false(ot.tie);
		won[ot.final_order[1]] = true;
	}
	assert_true(won[B] && won[C]);
	assert_false(won[D]);
	/* Seed 0 draws one and records it. */
	store_seminar z = tied_approval(f);
	assert_true(seminar_resolve(f->db.s, f->a, &z, SEM_RESOLVE_LOTS, 0, f->fac.id, f->now, &why));
	r = json_loads(z.resolution, 0, NULL);
	assert_true(json_integer_value(json_object_get(r, "seed")) > 0);
	json_decref(r);
}

static void test_tie_extra(void **state)
{
	fx *f = *state;
	store_seminar sm = tied_approval(f);
	const char *why;
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_EXTRA, 0, f->fac.id, ++f->now, &why));
	seminar_outcome o = outcome(f, &sm);
	assert_false(o.tie);
	assert_int_equal(o.seats, 3);
	assert_string_equal(retained_str(f, &o), "ABCx");
	store_seminar_event e = last_event(f, &sm);
	assert_string_equal(e.kind, "resolution");
	unit_assert_contains(e.detail, "\"kind\":\"extra\"");
	unit_assert_contains(e.detail, "\"seats\":3");
	move(f, &sm, SEM_RESULTS);
	assert_string_equal(status_of(f, f->sc[C]), "retenu");
	assert_string_equal(status_of(f, f->sc[D]), "non_retenu");
	/* The stored seats are the seminar's; the outcome carries the 3. */
	buf b = BUF_INIT;
	seminar_results_json(&sm, &o, &b);
	json_t *j = json_loads(buf_cstr(&b), 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(j, "seats")), 3);
	assert_int_equal(json_array_size(json_object_get(j, "retained")), 3);
	json_decref(j);
	buf_free(&b);
}

static void test_tie_runoff(void **state)
{
	fx *f = *state;
	store_seminar sm = tied_approval(f);
	const char *why;
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_RUNOFF, 0, f->fac.id, ++f->now, &why));
	/* A second round, open, among B and C only. */
	assert_int_equal(sm.round, 2);
	assert_string_equal(sm.state, "vote_open");
	store_candidate *c;
	size_t n;
	assert_int_equal(store_candidate_list(f->db.s, f->a, sm.id, &c, &n), STORE_OK);
	assert_false(c[A].runoff);
	assert_true(c[B].runoff);
	assert_true(c[C].runoff);
	assert_false(c[D].runoff);
	/* Round-2 ballots have two values, B then C. v1..v4 joined; round 1's
	 * ballots stay, round 2 starts empty. */
	assert_int_equal(ballots_in_round(f, &sm, 1), 4);
	assert_int_equal(ballots_in_round(f, &sm, 2), 0);
	store_seminar_person *ppl;
	size_t np;
	assert_int_equal(store_seminar_people(f->db.s, f->a, sm.id, &ppl, &np), STORE_OK);
	assert_int_equal(np, 4);
	int16_t forC[2] = {0, 1}, forB[2] = {1, 0};
	cast(f, &sm, ppl[0].participant_id, 2, forC);
	cast(f, &sm, ppl[1].participant_id, 2, forC);
	cast(f, &sm, ppl[2].participant_id, 2, forB);
	/* A ballot over the four round-1 candidates does not fit round 2. */
	int16_t four[4] = {0, 1, 0, 0};
	int cand;
	assert_false(seminar_cast(f->db.s, f->a, &sm, ppl[3].participant_id, four, 4, f->now, &why, &cand));
	assert_int_equal(ballots_in_round(f, &sm, 2), 3);
	move(f, &sm, SEM_VOTE_CLOSED);
	/* Round 2: C 2, B 1. Final order A, C, B, D; A and C retained. */
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.nrunoff, 2);
	assert_non_null(o.runoff);
	assert_false(o.tie);
	assert_string_equal(order_str(f, &o), "ACBD");
	assert_string_equal(retained_str(f, &o), "AxCx");
	/* Round 1 is still what it was. */
	assert_string_equal(levels_str(f, o.tally), "A|BC|D");
	/* A second runoff is not offered. */
	assert_false(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_RUNOFF, 0, f->fac.id, f->now, &why));
	move(f, &sm, SEM_RESULTS);
	assert_string_equal(status_of(f, f->sc[C]), "retenu");
	assert_string_equal(status_of(f, f->sc[B]), "non_retenu");
	/* The ballots export holds both rounds: 4 + 3 lines, round-2 lines
	 * empty for A and D. */
	buf b = BUF_INIT;
	assert_true(seminar_ballots_csv(f->db.s, f->a, &sm, &b));
	char want[256];
	snprintf(want, sizeof want, "5,2,,0,1,\r\n6,2,,0,1,\r\n7,2,,1,0,\r\n");
	unit_assert_contains(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_tie_runoff_then_lots(void **state)
{
	fx *f = *state;
	store_seminar sm = tied_approval(f);
	const char *why;
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_RUNOFF, 0, f->fac.id, ++f->now, &why));
	store_seminar_person *ppl;
	size_t np;
	assert_int_equal(store_seminar_people(f->db.s, f->a, sm.id, &ppl, &np), STORE_OK);
	int16_t forC[2] = {0, 1}, forB[2] = {1, 0};
	cast(f, &sm, ppl[0].participant_id, 2, forC);
	cast(f, &sm, ppl[1].participant_id, 2, forB);
	move(f, &sm, SEM_VOTE_CLOSED);
	/* Round 2 ties again (1 – 1): lots then, under the runoff's record. */
	seminar_outcome o = outcome(f, &sm);
	assert_true(o.tie);
	assert_int_equal(o.ntied, 2);
	assert_false(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_RUNOFF, 0, f->fac.id, f->now, &why));
	assert_string_equal(why, "A second round has already taken place: draw lots or retain one more.");
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_LOTS, 9, f->fac.id, ++f->now, &why));
	json_t *r = json_loads(sm.resolution, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(r, "kind")), "runoff");
	json_t *then = json_object_get(r, "then");
	assert_string_equal(json_string_value(json_object_get(then, "kind")), "lots");
	assert_int_equal(json_integer_value(json_object_get(then, "seed")), 9);
	json_decref(r);
	o = outcome(f, &sm);
	assert_false(o.tie);
	assert_true(o.retained[A]);
	assert_true(o.retained[B] != o.retained[C]);
	assert_false(o.retained[D]);
	move(f, &sm, SEM_RESULTS);
}

/* ---- working groups ---- */

/* Results with A and B retained (approval, no tie), groups of at most 2,
 * four people with preferences over the groups A and B. */
static store_seminar groups_ready(fx *f, int64_t pid[4])
{
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{}", 2);
	sm.group_max = 2;
	assert_int_equal(store_seminar_update(f->db.s, &sm), STORE_OK);
	open_vote(f, &sm);
	pid[0] = voter(f, &sm, "p1", 1, 1, 0, 0);
	pid[1] = voter(f, &sm, "p2", 1, 1, 0, 0);
	pid[2] = voter(f, &sm, "p3", 1, 0, 0, 0);
	pid[3] = join(f, &sm, "p4", "recherche");
	move(f, &sm, SEM_VOTE_CLOSED);
	move(f, &sm, SEM_RESULTS);
	return sm;
}

static void prefs(fx *f, const store_seminar *sm, int64_t pid, int16_t a, int16_t b)
{
	int16_t r[2] = {a, b};
	const char *why;
	if (!seminar_group_prefs(f->db.s, f->a, sm, pid, r, 2, ++f->now, &why))
		fail_msg("seminar_group_prefs refused: %s", why ? why : "(db)");
}

static void test_groups(void **state)
{
	fx *f = *state;
	int64_t pid[4];
	store_seminar sm = groups_ready(f, pid);
	const char *why;
	int16_t r[2] = {1, 2};
	/* Not open yet (results). */
	assert_false(seminar_group_prefs(f->db.s, f->a, &sm, pid[0], r, 2, f->now, &why));
	assert_string_equal(why, "Sign-up to the working groups is not open.");
	move(f, &sm, SEM_GROUPS_OPEN);
	seminar_groups g;
	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	assert_int_equal(g.ngroups, 2);
	assert_int_equal(g.groups[0].scenario_id, f->sc[A]);
	assert_int_equal(g.groups[1].scenario_id, f->sc[B]);
	assert_int_equal(g.npeople, 4);
	/* Ranking nothing is refused; ranks are compacted. */
	int16_t nothing[2] = {0, 0};
	assert_false(seminar_group_prefs(f->db.s, f->a, &sm, pid[0], nothing, 2, f->now, &why));
	assert_string_equal(why, "Rank at least one group.");
	/* Someone of the cycle who did not join this seminar. */
	store_seminar other = mkseminar(f, TALLY_APPROVAL, "{}", 1);
	int64_t stranger = join(f, &other, "x", "pme");
	int16_t r2[2] = {1, 2};
	assert_false(seminar_group_prefs(f->db.s, f->a, &sm, stranger, r2, 2, f->now, &why));
	assert_string_equal(why, "Join the seminar with its code first.");
	/* p1, p2, p3 want A first, p4 wants B first; p3 changes their mind
	 * once (typed 3 then 5: compacted to 1, 2). */
	prefs(f, &sm, pid[0], 1, 2);
	prefs(f, &sm, pid[1], 1, 2);
	prefs(f, &sm, pid[2], 2, 1);
	prefs(f, &sm, pid[2], 3, 5);
	prefs(f, &sm, pid[3], 2, 1);
	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	assert_string_equal(g.people[2].ranks, "1,2");

	/* Constituting the groups runs the assignment: three want A, which
	 * takes two; the worst rank is 2 (one of p1..p3 in B), the sum of
	 * squared ranks 1 + 1 + 4 + 1 = 7. */
	move(f, &sm, SEM_GROUPS_DONE);
	assert_true(sm.group_seed > 0);
	store_seminar_event *ev;
	size_t nev;
	assert_int_equal(store_seminar_events(f->db.s, f->a, sm.id, &ev, &nev), STORE_OK);
	assert_string_equal(ev[nev - 1].kind, "state");
	assert_string_equal(ev[nev - 2].kind, "assignment");
	char seed[64];
	snprintf(seed, sizeof seed, "\"seed\":%lld", (long long)sm.group_seed);
	unit_assert_contains(ev[nev - 2].detail, seed);
	unit_assert_contains(ev[nev - 2].detail, "\"worst\":2");
	unit_assert_contains(ev[nev - 2].detail, "\"sum_squares\":7");
	unit_assert_contains(ev[nev - 2].detail, "\"people\":4");
	store_seminar got;
	assert_int_equal(store_seminar_by_id(f->db.s, f->a, sm.id, &got), STORE_OK);
	assert_int_equal(got.group_seed, sm.group_seed);

	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	int inA = 0, inB = 0, firsts = 0;
	int64_t before[4];
	for (size_t i = 0; i < 4; i++) {
		assert_true(g.people[i].group_scenario == f->sc[A] || g.people[i].group_scenario == f->sc[B]);
		inA += g.people[i].group_scenario == f->sc[A];
		inB += g.people[i].group_scenario == f->sc[B];
		firsts += g.people[i].group_rank == 1;
		assert_false(g.people[i].manual);
		before[i] = g.people[i].group_scenario;
	}
	assert_int_equal(inA, 2);
	assert_int_equal(inB, 2);
	assert_int_equal(firsts, 3);
	assert_int_equal(g.people[3].group_scenario, f->sc[B]);
	assert_int_equal(g.people[3].group_rank, 1);

	/* The same seed gives the same groups. */
	assign_result res;
	assert_true(seminar_assign(f->db.s, f->a, &sm, f->fac.id, ++f->now, &res, &why));
	assert_int_equal(res.worst, 2);
	assert_int_equal(res.sum_squares, 7);
	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(g.people[i].group_scenario, before[i]);
	/* Over seeds 1..30 each of p1..p3 is the one sent to B at least once
	 * (a fair tie-break missing one in 30 draws has odds below 2^-16). */
	bool sent[3] = {false};
	for (int64_t seed = 1; seed <= 30; seed++) {
		sm.group_seed = seed;
		assert_true(seminar_assign(f->db.s, f->a, &sm, f->fac.id, f->now, &res, &why));
		assert_int_equal(res.worst, 2);
		assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
		for (int i = 0; i < 3; i++)
			if (g.people[i].group_scenario == f->sc[B])
				sent[i] = true;
	}
	assert_true(sent[0] && sent[1] && sent[2]);

	/* A manual move: p4 to A, recorded, flagged manual, with p4's rank
	 * of A (2). */
	assert_true(seminar_move_person(f->db.s, f->a, &sm, pid[3], f->sc[A], f->fac.id, ++f->now, &why));
	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	assert_int_equal(g.people[3].group_scenario, f->sc[A]);
	assert_true(g.people[3].manual);
	assert_int_equal(g.people[3].group_rank, 2);
	assert_false(g.people[0].manual);
	store_seminar_event e = last_event(f, &sm);
	assert_string_equal(e.kind, "move");
	assert_int_equal(e.actor, f->fac.id);
	char want[96];
	snprintf(want, sizeof want, "\"to\":%lld", (long long)f->sc[A]);
	unit_assert_contains(e.detail, want);
	snprintf(want, sizeof want, "\"from\":%lld", (long long)f->sc[B]);
	unit_assert_contains(e.detail, want);
	unit_assert_contains(e.detail, "\"nickname\":\"p4\"");
	/* Unknown group (a scenario not retained) or person: refused. */
	assert_false(seminar_move_person(f->db.s, f->a, &sm, pid[3], f->sc[C], f->fac.id, f->now, &why));
	assert_string_equal(why, "Unknown participant or group.");
	assert_false(seminar_move_person(f->db.s, f->a, &sm, stranger, f->sc[A], f->fac.id, f->now, &why));
	assert_string_equal(why, "Unknown participant or group.");

	/* The groups CSV: one line per person, the manual move shown. */
	buf b = BUF_INIT;
	assert_true(seminar_groups_csv(f->db.s, f->a, &sm, &b));
	const char *csv = buf_cstr(&b);
	assert_true(strncmp(csv, "participant,org_kind,group,group_title,rank,manual\r\n", 52) == 0);
	char line[128];
	snprintf(line, sizeof line, "p4,recherche,%s,Alpha,2,yes\r\n", f->uid[A]);
	unit_assert_contains(csv, line);
	int lines = 0;
	for (const char *p = csv; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 5);
	buf_free(&b);

	/* Sign-up is closed now. */
	assert_false(seminar_group_prefs(f->db.s, f->a, &sm, pid[0], r, 2, f->now, &why));
	assert_string_equal(why, "Sign-up to the working groups is not open.");
}

static void test_groups_move_refused_before(void **state)
{
	fx *f = *state;
	int64_t pid[4];
	store_seminar sm = groups_ready(f, pid);
	const char *why;
	assert_false(seminar_move_person(f->db.s, f->a, &sm, pid[0], f->sc[A], f->fac.id, f->now, &why));
	assert_string_equal(why, "People are moved by hand once the groups are formed.");
	move(f, &sm, SEM_GROUPS_OPEN);
	assert_false(seminar_move_person(f->db.s, f->a, &sm, pid[0], f->sc[A], f->fac.id, f->now, &why));
	/* Nobody states a preference: unranked groups count alike and the
	 * sizes still hold (at most 2 in each). */
	move(f, &sm, SEM_GROUPS_DONE);
	seminar_groups g;
	assert_true(seminar_groups_load(f->db.s, f->a, &sm, &g));
	int inA = 0;
	for (size_t i = 0; i < g.npeople; i++) {
		assert_int_not_equal(g.people[i].group_scenario, 0);
		inA += g.people[i].group_scenario == f->sc[A];
	}
	assert_int_equal(inA, 2);
	assert_int_equal(count_events(f, &sm, "move"), 0);
}

static void test_groups_edge_cases(void **state)
{
	fx *f = *state;
	const char *why;
	/* Nobody joined: no ballot, the four candidates tie for the 2 seats;
	 * "one more" twice leaves a tie (4 tied for 3 seats), lots settle it.
	 * Then the groups are formed with nobody in them. */
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{}", 2);
	open_vote(f, &sm);
	move(f, &sm, SEM_VOTE_CLOSED);
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_EXTRA, 0, f->fac.id, ++f->now, &why));
	seminar_outcome o = outcome(f, &sm);
	assert_int_equal(o.seats, 3);
	assert_true(o.tie);
	assert_int_equal(o.ntied, 4);
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_LOTS, 5, f->fac.id, ++f->now, &why));
	o = outcome(f, &sm);
	assert_false(o.tie);
	assert_int_equal(o.seats, 3);
	int kept = 0;
	for (size_t i = 0; i < o.ncand; i++)
		kept += o.retained[i];
	assert_int_equal(kept, 3);
	move(f, &sm, SEM_RESULTS);
	move(f, &sm, SEM_GROUPS_OPEN);
	move(f, &sm, SEM_GROUPS_DONE);
	store_seminar_event e = last_event(f, &sm);
	assert_string_equal(e.kind, "state");
	assert_int_equal(count_events(f, &sm, "assignment"), 1);

	/* Four people, two groups of at most one: no assignment exists; the
	 * move is refused with a reason and nothing is assigned. */
	int64_t pid[4];
	store_seminar s2 = groups_ready(f, pid);
	s2.group_max = 1;
	assert_int_equal(store_seminar_update(f->db.s, &s2), STORE_OK);
	move(f, &s2, SEM_GROUPS_OPEN);
	assert_false(seminar_move(f->db.s, f->a, &s2, SEM_GROUPS_DONE, f->fac.id, ++f->now, &why));
	assert_non_null(why);
	assert_string_equal(s2.state, "groups_open");
	seminar_groups g;
	assert_true(seminar_groups_load(f->db.s, f->a, &s2, &g));
	assert_int_equal(g.npeople, 4);
	for (size_t i = 0; i < g.npeople; i++)
		assert_int_equal(g.people[i].group_scenario, 0);
	assert_int_equal(count_events(f, &s2, "assignment"), 0);
}

/* ---- exports ---- */

static void test_exports(void **state)
{
	fx *f = *state;
	/* The approval case of test_outcome_approval: A and B retained. */
	store_seminar sm = mkseminar(f, TALLY_APPROVAL, "{\"max_approvals\":2}", 2);
	open_vote(f, &sm);
	voter(f, &sm, "Nadège", 1, 1, 0, 0);
	voter(f, &sm, "Octave", 1, 0, 1, 0);
	int64_t third = voter(f, &sm, "Prune", 1, 0, 0, 0);
	voter(f, &sm, "Quentin", 0, 1, 1, 0);
	voter(f, &sm, "Rosa", 0, 1, 0, 0);
	/* Prune changes her ballot: still one line, numbered third, the
	 * new choice. */
	int16_t changed[4] = {0, 0, 0, 1};
	cast(f, &sm, third, 4, changed);
	move(f, &sm, SEM_VOTE_CLOSED);

	buf b = BUF_INIT;
	assert_true(seminar_ballots_csv(f->db.s, f->a, &sm, &b));
	char want[512];
	snprintf(want, sizeof want,
		 "ballot,round,%s,%s,%s,%s\r\n"
		 "1,1,1,1,0,0\r\n"
		 "2,1,1,0,1,0\r\n"
		 "3,1,0,0,0,1\r\n"
		 "4,1,0,1,1,0\r\n"
		 "5,1,0,1,0,0\r\n",
		 f->uid[A], f->uid[B], f->uid[C], f->uid[D]);
	assert_string_equal(buf_cstr(&b), want);
	/* No identity: no nickname anywhere. */
	unit_assert_not_contains(buf_cstr(&b), "Prune");
	unit_assert_not_contains(buf_cstr(&b), "Nad");
	buf_free(&b);

	/* Now A 2 (Nadège, Octave), B 3, C 2, D 1: B, then A and C tie
	 * across the cut of 2. The CSV leaves "retained" empty, the JSON
	 * says tie and retains nothing. */
	seminar_outcome o = outcome(f, &sm);
	assert_true(o.tie);
	b = (buf)BUF_INIT;
	seminar_results_csv(&o, &b);
	unit_assert_contains(buf_cstr(&b), "rank,uid,title,score,median,retained\r\n");
	snprintf(want, sizeof want, "1,%s,Beta,3,,\r\n", f->uid[B]);
	unit_assert_contains(buf_cstr(&b), want);
	buf_free(&b);
	b = (buf)BUF_INIT;
	seminar_results_json(&sm, &o, &b);
	json_t *j = json_loads(buf_cstr(&b), 0, NULL);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "tie")));
	assert_int_equal(json_array_size(json_object_get(j, "retained")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "ballots")), 5);
	json_decref(j);
	buf_free(&b);

	/* Extra seat: B, A, C retained. */
	const char *why;
	assert_true(seminar_resolve(f->db.s, f->a, &sm, SEM_RESOLVE_EXTRA, 0, f->fac.id, ++f->now, &why));
	o = outcome(f, &sm);
	assert_false(o.tie);
	b = (buf)BUF_INIT;
	seminar_results_csv(&o, &b);
	/* In final order: B 3, then A and C (2 each, rank 2), then D 1 (rank 4). */
	snprintf(want, sizeof want,
		 "rank,uid,title,score,median,retained\r\n"
		 "1,%s,Beta,3,,yes\r\n"
		 "2,%s,Alpha,2,,yes\r\n"
		 "2,%s,Gamma,2,,yes\r\n"
		 "4,%s,Delta,1,,no\r\n",
		 f->uid[B], f->uid[A], f->uid[C], f->uid[D]);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
	b = (buf)BUF_INIT;
	seminar_results_json(&sm, &o, &b);
	j = json_loads(buf_cstr(&b), 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "method")), "approval");
	assert_string_equal(json_string_value(json_object_get(j, "seminar")), sm.uid);
	assert_false(json_is_true(json_object_get(j, "tie")));
	json_t *ret = json_object_get(j, "retained");
	assert_int_equal(json_array_size(ret), 3);
	assert_string_equal(json_string_value(json_array_get(ret, 0)), f->uid[B]);
	assert_string_equal(json_string_value(json_array_get(ret, 1)), f->uid[A]);
	assert_string_equal(json_string_value(json_array_get(ret, 2)), f->uid[C]);
	json_t *cands = json_object_get(j, "candidates");
	assert_int_equal(json_array_size(cands), 4);
	assert_true(json_is_false(json_object_get(json_array_get(cands, D), "retained")));
	assert_true(json_is_true(json_object_get(json_array_get(cands, C), "retained")));
	assert_int_equal((int)json_real_value(json_object_get(json_array_get(cands, B), "score")), 3);
	json_t *ranking = json_object_get(j, "ranking");
	assert_int_equal(json_array_size(ranking), 3); /* B | A C | D */
	assert_int_equal(json_array_size(json_array_get(ranking, 1)), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "resolution"), "kind")), "extra");
	json_decref(j);
	buf_free(&b);

	/* PrefLib: approvals become a two-level order (approved first); the
	 * five ballots are all there. */
	b = (buf)BUF_INIT;
	const char *ext = NULL;
	assert_true(seminar_ballots_preflib(f->db.s, f->a, &sm, &b, &ext));
	assert_non_null(ext);
	unit_assert_contains(buf_cstr(&b), "# NUMBER VOTERS: 5");
	unit_assert_not_contains(buf_cstr(&b), "Prune");
	buf_free(&b);
}

static void test_exports_mj_csv(void **state)
{
	fx *f = *state;
	/* MJ: the median column is filled, score empty. Two voters:
	 * A 6 4 → lower median (1st of 2) 4; B 0 2 → 0; C 3 3 → 3; D 1 1 → 1.
	 * A, C, D, B; 1 seat: A. */
	store_seminar sm = mkseminar(f, TALLY_MJ, "{}", 1);
	open_vote(f, &sm);
	voter(f, &sm, "v1", 6, 0, 3, 1);
	voter(f, &sm, "v2", 4, 2, 3, 1);
	move(f, &sm, SEM_VOTE_CLOSED);
	seminar_outcome o = outcome(f, &sm);
	buf b = BUF_INIT;
	seminar_results_csv(&o, &b);
	char want[512];
	snprintf(want, sizeof want,
		 "rank,uid,title,score,median,retained\r\n"
		 "1,%s,Alpha,,4,yes\r\n"
		 "2,%s,Gamma,,3,no\r\n"
		 "3,%s,Delta,,1,no\r\n"
		 "4,%s,Beta,,0,no\r\n",
		 f->uid[A], f->uid[C], f->uid[D], f->uid[B]);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_stores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_join, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cast_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cast_dots_and_ranks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_approval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_dots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_mj, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_schulze, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcome_borda_tie, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_lots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_extra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_runoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tie_runoff_then_lots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_move_refused_before, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_edge_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exports_mj_csv, setup, teardown),
	};
	return cmocka_run_group_tests_name("seminar", tests, group_setup, NULL);
}
