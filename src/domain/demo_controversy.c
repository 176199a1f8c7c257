/*
 * demo_controversy.c — the demo's controversy, in the #RESET cycle: the
 * statements of data/demo/controversies/reset.json (written from the seed's
 * "#RESET en controverses"), a few proposed by participants and moderated,
 * and synthetic votes from a few hundred participants drawn from the
 * planted opinion groups of that file, so the map shows a visible
 * structure. The four camps of that file sit at the corners of two
 * controversies (trust in innovation against sobriety; public rules
 * against self-regulation and the commons), each statement leaning on one
 * or both, so a two-dimensional map can tell all four apart
 * (tests/http/demo.test.mjs checks that it does). Fixed seed: every demo
 * instance holds the same controversy.
 */
#include "demo.h"
#include "controversy.h"
#include "participant.h"
#include "seminar.h"
#include "../core/assets.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const first_names[] = {
	"Ambre", "Bilal", "Capucine", "Diego", "Elsa", "Fanny", "Gabin", "Hélène", "Idriss", "Jade",
	"Kenza", "Lucas", "Maëlle", "Nils", "Olga", "Pierre", "Rania", "Simon", "Tom", "Yasmine",
};

/* The statements' codes and their numbers once created. */
typedef struct coded {
	const char *code;
	int64_t number, id;
	bool votable;
} coded;

static bool load(store *s, arena *a, const cycle_ctx *cx, json_t *root, int64_t now)
{
	store_controversy c = {
		.uid = json_string_value(json_object_get(root, "uid")),
		.title = json_string_value(json_object_get(root, "title")),
		.question = json_string_value(json_object_get(root, "question")),
		.description = json_string_value(json_object_get(root, "description")),
		.state = "open", .proposals = true,
		.seed = json_integer_value(json_object_get(root, "seed")),
	};
	problems pb;
	problems_init(&pb, a);
	int64_t id;
	if (!controversy_create(s, a, cx, &c, now, &pb, &id)) {
		fprintf(stderr, "fabrique: demo controversy: %s\n", pb.n ? pb.v[0].msgid : store_errmsg(s));
		return false;
	}
	opinion_rng g;
	opinion_rng_seed(&g, (uint64_t)c.seed);
	/* The participants first: some statements are theirs. */
	int npeople = (int)json_integer_value(json_object_get(root, "participants"));
	if (npeople <= 0 || npeople > 5000)
		npeople = 300;
	store_participant *people = arena_alloc(a, (size_t)npeople * sizeof *people);
	for (int i = 0; i < npeople; i++) {
		char token[ACCOUNT_TOKEN_LEN + 1];
		const char *nick = arena_printf(a, "%s %c.", first_names[i % 20], 'A' + (i / 20) % 26);
		const char *kind = seminar_org_kinds[(i * 5 + i / 4) % 8];
		if (!participant_identify(s, a, cx->c.id, NULL, NULL, nick, kind, now, &pb, &people[i], token))
			return false;
	}
	json_t *stmts = json_object_get(root, "statements");
	size_t nst = json_array_size(stmts);
	coded *cs = arena_zalloc(a, (nst ? nst : 1) * sizeof *cs);
	int proposer = 0;
	for (size_t j = 0; j < nst; j++) {
		json_t *js = json_array_get(stmts, j);
		const char *status = json_string_value(json_object_get(js, "status"));
		const char *origin = json_string_value(json_object_get(js, "origin"));
		const char *note = json_string_value(json_object_get(js, "note"));
		bool by_participant = origin && strcmp(origin, "participant") == 0;
		/* Proposals that were moderated, or still wait, come from people. */
		if (status && strcmp(status, "accepted") != 0)
			by_participant = true;
		store_statement x = {
			.controversy_id = id, .body = json_string_value(json_object_get(js, "text")),
			.origin = by_participant ? "participant" : "facilitator",
			.author_participant = by_participant ? people[(proposer++ * 37) % npeople].id : 0,
			.author_user = by_participant ? 0 : c.created_by,
			.status = !status || !strcmp(status, "meta") ? "accepted" : status,
			.is_meta = status && !strcmp(status, "meta"), .note = note ? note : "",
			.created_at = now,
			.moderated_by = status && !strcmp(status, "pending") ? 0 : c.created_by,
			.moderated_at = status && !strcmp(status, "pending") ? 0 : now,
		};
		if (!x.body)
			return false;
		cs[j].code = json_string_value(json_object_get(js, "code"));
		cs[j].number = -1;
		cs[j].votable = !strcmp(x.status, "accepted");
		if (store_statement_add(s, &x, &cs[j].id, &cs[j].number) != STORE_OK)
			return false;
	}
	/* Votes: each person belongs to a planted group (by the shares), and
	 * votes on a random subset of the votable statements, each vote drawn
	 * from the group's lean for that statement. */
	json_t *groups = json_object_get(root, "groups");
	size_t ngroups = json_array_size(groups);
	json_t *range = json_object_get(root, "votes_per_participant");
	int vmin = (int)json_integer_value(json_array_get(range, 0)), vmax = (int)json_integer_value(json_array_get(range, 1));
	if (vmin < 1 || vmax < vmin) {
		vmin = 10;
		vmax = 25;
	}
	int *order = arena_alloc(a, (nst ? nst : 1) * sizeof *order);
	for (int i = 0; i < npeople && ngroups; i++) {
		double u = opinion_rng_uniform(&g), acc = 0;
		size_t grp = ngroups - 1;
		for (size_t k = 0; k < ngroups; k++) {
			acc += json_number_value(json_object_get(json_array_get(groups, k), "share"));
			if (u < acc) {
				grp = k;
				break;
			}
		}
		json_t *lean = json_object_get(json_array_get(groups, grp), "lean");
		int nv = 0;
		for (size_t j = 0; j < nst; j++)
			if (cs[j].votable)
				order[nv++] = (int)j;
		for (int k = nv - 1; k > 0; k--) { /* Fisher-Yates */
			int m = (int)(opinion_rng_next(&g) % (uint64_t)(k + 1));
			int t = order[k];
			order[k] = order[m];
			order[m] = t;
		}
		int want = vmin + (int)(opinion_rng_next(&g) % (uint64_t)(vmax - vmin + 1));
		if (want > nv)
			want = nv;
		for (int k = 0; k < want; k++) {
			const coded *st = &cs[order[k]];
			json_t *p = json_object_get(lean, st->code);
			double pa = json_number_value(json_array_get(p, 0)), pd = json_number_value(json_array_get(p, 1));
			double v = opinion_rng_uniform(&g);
			int value = v < pa ? 1 : v < pa + pd ? -1 : 0;
			/* Votes spread over the last days, in order. */
			int64_t at = now - (int64_t)(npeople - i) * 600 + k * 20;
			if (store_opinion_vote_put(s, id, st->id, people[i].id, value, at) != STORE_OK)
				return false;
		}
	}
	return true;
}

int demo_controversies(store *s)
{
	size_t len;
	const unsigned char *data = assets_find("demo/controversies/reset.json", &len);
	if (!data)
		return 0;
	json_error_t jerr;
	json_t *root = json_loadb((const char *)data, len, 0, &jerr);
	if (!root) {
		fprintf(stderr, "fabrique: demo controversy: line %d: %s\n", jerr.line, jerr.text);
		return -1;
	}
	arena *a = arena_new();
	int rc = -1;
	int64_t now = (int64_t)time(NULL);
	store_user admin;
	cycle_ctx cx;
	store_controversy existing;
	const char *slug = json_string_value(json_object_get(root, "cycle"));
	const char *uid = json_string_value(json_object_get(root, "uid"));
	if (store_begin(s) != STORE_OK)
		goto out;
	if (!slug || !uid || store_user_by_email(s, a, DEMO_ADMIN_EMAIL, &admin) != STORE_OK ||
	    cycle_open(s, a, slug, &admin, &cx) != CYCLE_OK) {
		rc = 0; /* no demo #RESET cycle: nothing to add */
		store_rollback(s);
		goto out;
	}
	store_rc er = store_controversy_get(s, a, cx.c.id, uid, &existing);
	if (er == STORE_OK) {
		rc = 0; /* already there */
		store_rollback(s);
		goto out;
	}
	if (er != STORE_NOTFOUND || !load(s, a, &cx, root, now)) {
		fprintf(stderr, "fabrique: cannot create the demo controversy: %s\n", store_errmsg(s));
		store_rollback(s);
		goto out;
	}
	if (store_commit(s) != STORE_OK)
		goto out;
	/* The map at once, so the report is there on the first visit. */
	char err[256];
	if (store_controversy_get(s, a, cx.c.id, uid, &existing) != STORE_OK ||
	    controversy_recompute(s, a, existing.id, now, err, sizeof err) < 0) {
		fprintf(stderr, "fabrique: demo controversy: %s\n", store_errmsg(s));
		goto out;
	}
	rc = 0;
out:
	json_decref(root);
	arena_free(a);
	return rc;
}
