/*
 * demo_seminar.c — the demo's seminars, in the Ruptures cycle: the seminar
 * of 19 October 2011 replayed with 100 synthetic participants whose grades
 * retain the 7 scenarios the real seminar retained, with its working groups
 * formed; and one open seminar per ballot method that a newcomer joins at
 * once from the home page. Ballots are drawn from a fixed seed, so every
 * demo instance holds the same seminar.
 */
#include "demo.h"
#include "seminar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* SplitMix64: a small generator with a fixed seed (nothing secret here). */
static uint64_t next(uint64_t *st)
{
	uint64_t z = (*st += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

#define DEMO_PEOPLE 100

static const char *const first_names[] = {
	"Alix", "Bastien", "Chloé", "Dounia", "Émile", "Farid", "Gaëlle", "Hugo", "Inès", "Jules",
	"Karim", "Léa", "Malo", "Nora", "Oscar", "Paula", "Quentin", "Rose", "Sami", "Thaïs",
};

/* Makes one participant join sm (a new identity each time). */
static bool join_one(store *s, arena *a, const store_seminar *sm, int i, int64_t now,
		     store_participant *p)
{
	problems pb;
	problems_init(&pb, a);
	char token[ACCOUNT_TOKEN_LEN + 1];
	const char *nick = arena_printf(a, "%s %c.", first_names[i % 20], 'A' + (i / 20) % 26);
	const char *kind = seminar_org_kinds[(i * 7 + i / 3) % 8];
	return seminar_join(s, a, sm, NULL, NULL, nick, kind, now, &pb, p, token);
}

/* The ids of the scenarios r-<from> ... r-<to> of the cycle, in that
 * order, into ids; returns how many exist (-1 on a database failure). */
static int ruptures_ids(store *s, arena *a, const cycle_ctx *cx, int from, int to, int64_t *ids)
{
	store_scenario *sc;
	size_t n;
	store_scenario_filter f = {0};
	if (store_scenario_list(s, a, cx->c.id, &f, &sc, &n) != STORE_OK)
		return -1;
	int k = 0;
	for (int want = from; want <= to; want++) {
		char uid[16];
		snprintf(uid, sizeof uid, "r-%02d", want);
		for (size_t i = 0; i < n; i++)
			if (strcmp(sc[i].uid, uid) == 0)
				ids[k++] = sc[i].id;
	}
	return k;
}

/* The seminar of the seed, closed, results published, groups formed. */
static bool replay(store *s, arena *a, const cycle_ctx *cx, int64_t admin, int64_t now)
{
	/* Candidates in the order of the cahier (r-01 ... r-19); the first
	 * seven are those the seminar retained. */
	int64_t ids[19];
	bool retained[19];
	int k = ruptures_ids(s, a, cx, 1, 19, ids);
	if (k < 0)
		return false;
	for (int i = 0; i < 19; i++)
		retained[i] = i < 7;
	if (k != 19)
		return true; /* not the demo's Ruptures cycle: nothing to replay */
	store_seminar sm = {
		.title = "Séminaire du 19 octobre 2011 (Cnam, Paris)", .seats = 7,
		.group_min = 8, .group_max = 20, .max_share = 40, .group_seed = 20111019,
	};
	seminar_params p = {.method = TALLY_MJ};
	problems pb;
	problems_init(&pb, a);
	if (!seminar_create(s, a, cx, &sm, &p, ids, 19, now, &pb)) {
		fprintf(stderr, "fabrique: demo seminar: %s\n", pb.n ? pb.v[0].msgid : store_errmsg(s));
		return false;
	}
	const char *why;
	if (!seminar_move(s, a, &sm, SEM_PRESENTATION, admin, now, &why) ||
	    !seminar_move(s, a, &sm, SEM_VOTE_OPEN, admin, now, &why)) {
		fprintf(stderr, "fabrique: demo seminar: %s\n", why ? why : store_errmsg(s));
		return false;
	}
	uint64_t st = 2011;
	int64_t *people = arena_alloc(a, DEMO_PEOPLE * sizeof *people);
	for (int i = 0; i < DEMO_PEOPLE; i++) {
		store_participant pp;
		if (!join_one(s, a, &sm, i, now, &pp)) {
			fprintf(stderr, "fabrique: demo seminar: cannot join: %s\n", store_errmsg(s));
			return false;
		}
		people[i] = pp.id;
		/* Retained scenarios are liked ("bien" give or take two grades),
		 * the others met with reserve ("passable" give or take two). */
		int16_t v[19];
		for (int j = 0; j < 19; j++) {
			int g = (retained[j] ? 4 : 2) + (int)(next(&st) % 5) - 2;
			v[j] = (int16_t)(g < 0 ? 0 : g > 6 ? 6 : g);
		}
		int cand;
		if (!seminar_cast(s, a, &sm, pp.id, v, 19, now, &why, &cand)) {
			fprintf(stderr, "fabrique: demo seminar: %s\n", why ? why : store_errmsg(s));
			return false;
		}
	}
	if (!seminar_move(s, a, &sm, SEM_VOTE_CLOSED, admin, now, &why))
		return false;
	seminar_outcome oc;
	if (!seminar_outcome_compute(s, a, &sm, &oc))
		return false;
	if (oc.tie && !seminar_resolve(s, a, &sm, SEM_RESOLVE_LOTS, 2011, admin, now, &why))
		return false;
	if (!seminar_move(s, a, &sm, SEM_RESULTS, admin, now, &why) ||
	    !seminar_move(s, a, &sm, SEM_GROUPS_OPEN, admin, now, &why))
		return false;
	for (int i = 0; i < DEMO_PEOPLE; i++) {
		/* Each person ranks three of the seven groups. */
		int16_t r[7] = {0};
		for (int16_t choice = 1; choice <= 3;) {
			int g = (int)(next(&st) % 7);
			if (!r[g])
				r[g] = choice++;
		}
		if (!seminar_group_prefs(s, a, &sm, people[i], r, 7, now, &why))
			return false;
	}
	if (!seminar_move(s, a, &sm, SEM_GROUPS_DONE, admin, now, &why)) {
		fprintf(stderr, "fabrique: demo seminar: %s\n", why ? why : store_errmsg(s));
		return false;
	}
	return true;
}

/* One open seminar per method on six scenarios the 2011 seminar left aside. */
static bool open_seminars(store *s, arena *a, const cycle_ctx *cx, int64_t admin, int64_t now)
{
	int64_t ids[6];
	int k = ruptures_ids(s, a, cx, 8, 13, ids);
	if (k < 0)
		return false;
	if (k != 6)
		return true;
	static const struct {
		tally_method m;
		const char *title;
	} S[] = {
		{TALLY_APPROVAL, "Essayez : vote par approbation"},
		{TALLY_DOTS, "Essayez : vote par gommettes"},
		{TALLY_SCHULZE, "Essayez : classement (méthode de Schulze)"},
		{TALLY_MJ, "Essayez : jugement majoritaire"},
		{TALLY_BORDA, "Essayez : classement (méthode de Borda)"},
	};
	for (size_t i = 0; i < sizeof S / sizeof S[0]; i++) {
		store_seminar sm = {.title = S[i].title, .seats = 2};
		seminar_params p = {.method = S[i].m, .max_approvals = 3, .dots = 6, .dots_max = 3};
		problems pb;
		problems_init(&pb, a);
		const char *why;
		if (!seminar_create(s, a, cx, &sm, &p, ids, 6, now, &pb) ||
		    !seminar_move(s, a, &sm, SEM_PRESENTATION, admin, now, &why) ||
		    !seminar_move(s, a, &sm, SEM_VOTE_OPEN, admin, now, &why))
			return false;
	}
	return true;
}

int demo_seminars(store *s)
{
	arena *a = arena_new();
	int rc = -1;
	int64_t now = (int64_t)time(NULL);
	store_user admin;
	cycle_ctx cx;
	store_seminar *existing;
	size_t nex;
	if (store_begin(s) != STORE_OK)
		goto out;
	if (store_user_by_email(s, a, DEMO_ADMIN_EMAIL, &admin) != STORE_OK ||
	    cycle_open(s, a, "ruptures", &admin, &cx) != CYCLE_OK) {
		rc = 0; /* no demo Ruptures cycle: nothing to add */
		store_rollback(s);
		goto out;
	}
	if (store_seminar_list(s, a, cx.c.id, &existing, &nex) != STORE_OK)
		goto fail;
	if (nex) {
		rc = 0; /* already there */
		store_rollback(s);
		goto out;
	}
	if (!replay(s, a, &cx, admin.id, now) || !open_seminars(s, a, &cx, admin.id, now))
		goto fail;
	if (store_commit(s) != STORE_OK)
		goto out;
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "fabrique: cannot create the demo seminars: %s\n", store_errmsg(s));
	store_rollback(s);
out:
	arena_free(a);
	return rc;
}
