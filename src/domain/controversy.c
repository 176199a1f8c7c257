/*
 * controversy.c — statements, moderation, votes, the next statement to show,
 * the opinion map (computed by engines/opinion.c, stored as JSON), frozen
 * reports, and Pol.is' layout in and out. See controversy.h.
 *
 * The map is stored as one JSON document rather than in tables because it
 * is always read whole (by the report page), replaced whole (by the
 * worker), and frozen whole into the record; only the statements'
 * priorities, read on every voting page, get a column of their own.
 */
#include "controversy.h"
#include "seminar.h"
#include "../core/text.h"
#include "../engines/fold.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const controversy_states[] = {"draft", "open", "closed", NULL};

bool controversy_state_ok(const char *state)
{
	for (int i = 0; controversy_states[i]; i++)
		if (state && strcmp(state, controversy_states[i]) == 0)
			return true;
	return false;
}

void controversy_check(const store_controversy *c, problems *pb)
{
	size_t n = c->title ? text_utf8_len(c->title) : 0;
	if (n == 0)
		problems_add(pb, "title", N_("Give the controversy a title."));
	else if (n > 200)
		problems_add(pb, "title", N_("The title is too long (200 characters at most)."));
	if (c->question && text_utf8_len(c->question) > 300)
		problems_add(pb, "question", N_("The question is too long (300 characters at most)."));
	if (c->description && text_utf8_len(c->description) > 20000)
		problems_add(pb, "description", N_("The description is too long (20 000 characters at most)."));
	if (!controversy_state_ok(c->state))
		problems_add(pb, "state", N_("Choose one of the states offered."));
}

bool controversy_create(store *s, arena *a, const cycle_ctx *cx, store_controversy *c, int64_t now,
			problems *pb, int64_t *id)
{
	if (!c->state)
		c->state = "open";
	controversy_check(c, pb);
	if (pb->n)
		return false;
	c->cycle_id = cx->c.id;
	c->created_by = cx->user ? cx->user->id : 0;
	c->created_at = c->updated_at = now;
	if (!c->seed) {
		uint32_t r;
		account_random(&r, sizeof r);
		c->seed = r;
	}
	for (int attempt = 0; attempt < 8; attempt++) {
		if (!c->uid || attempt)
			c->uid = cycle_new_uid(a);
		/* One /join form takes both kinds of code: no seminar may hold it. */
		store_seminar other;
		c->join_code = seminar_new_code(a);
		store_rc r = store_seminar_by_code(s, a, c->join_code, &other);
		if (r == STORE_ERROR)
			return false;
		if (r == STORE_OK)
			continue;
		r = store_controversy_create(s, c, id);
		if (r == STORE_OK) {
			c->id = *id;
			return true;
		}
		if (r != STORE_EXISTS)
			return false;
	}
	return false;
}

/* ---- statements ---- */

bool controversy_add_statement(store *s, arena *a, const store_controversy *c, const char *body,
			       bool facilitator, int64_t author_participant, int64_t author_user, int64_t now,
			       problems *pb, const char **why, int64_t *number)
{
	*why = NULL;
	if (!facilitator) {
		if (strcmp(c->state, "open") != 0) {
			*why = N_("This controversy is not open: no statement can be proposed.");
			return false;
		}
		if (!c->proposals) {
			*why = N_("The facilitators of this controversy do not take proposals.");
			return false;
		}
	}
	body = text_trim(a, body ? body : "");
	size_t n = text_utf8_len(body);
	if (n == 0) {
		problems_add(pb, "body", N_("Write the statement."));
		return false;
	}
	if (n > CONTROVERSY_STATEMENT_MAX) {
		problems_add(pb, "body", N_("The statement is too long (280 characters at most)."));
		return false;
	}
	for (const char *p = body; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') {
			problems_add(pb, "body", N_("The statement contains control characters."));
			return false;
		}
	store_statement *all;
	size_t nall;
	/* Two people sending the same statement at once: the second waits for
	 * the first to commit, then finds it. */
	if (store_controversy_lock(s, c->id) != STORE_OK || store_statement_list(s, a, c->id, &all, &nall) != STORE_OK)
		return false;
	const char *folded = fold_text(a, body);
	for (size_t i = 0; i < nall; i++)
		if (strcmp(all[i].status, "rejected") != 0 && strcmp(fold_text(a, all[i].body), folded) == 0) {
			problems_add(pb, "body", N_("This statement is already there: vote on it instead."));
			return false;
		}
	store_statement x = {
		.controversy_id = c->id, .body = body,
		.origin = facilitator ? "facilitator" : "participant",
		.author_participant = author_participant, .author_user = author_user,
		.status = facilitator ? "accepted" : "pending", .created_at = now,
		.moderated_by = facilitator ? author_user : 0, .moderated_at = facilitator ? now : 0,
	};
	int64_t id;
	*number = -1;
	if (store_statement_add(s, &x, &id, number) != STORE_OK)
		return false;
	/* A new accepted statement changes what the map covers. */
	return !facilitator || store_controversy_touch(s, c->id, now) == STORE_OK;
}

int controversy_mod_of(const char *name)
{
	static const char *const N[] = {"accept", "reject", "meta", "pending"};
	for (int i = 0; i < 4; i++)
		if (name && strcmp(name, N[i]) == 0)
			return i;
	return -1;
}

int controversy_moderate(store *s, arena *a, const store_controversy *c, int64_t number,
			 controversy_mod action, const char *note, int64_t by, int64_t now)
{
	store_statement x;
	store_rc r = store_statement_get(s, a, c->id, number, &x);
	if (r == STORE_NOTFOUND)
		return 404;
	if (r != STORE_OK)
		return -1;
	const char *status = action == MOD_REJECT ? "rejected" : action == MOD_PENDING ? "pending" : "accepted";
	bool meta = action == MOD_META;
	note = text_trim(a, note ? note : "");
	if (store_statement_moderate(s, x.id, status, meta, action == MOD_REJECT ? note : "", by, now) != STORE_OK ||
	    store_controversy_touch(s, c->id, now) != STORE_OK)
		return -1;
	return 0;
}

int controversy_vote(store *s, arena *a, const store_controversy *c, int64_t participant_id, int64_t number,
		     int value, int64_t now, const char **why)
{
	*why = NULL;
	if (value < -1 || value > 1)
		return 422;
	store_statement x;
	store_rc r = store_statement_get(s, a, c->id, number, &x);
	if (r == STORE_NOTFOUND)
		return 404;
	if (r != STORE_OK)
		return -1;
	if (strcmp(c->state, "open") != 0) {
		*why = N_("This controversy is not open: votes are no longer taken.");
		return 409;
	}
	if (strcmp(x.status, "accepted") != 0) {
		*why = N_("This statement is not open to votes: the moderators have not accepted it.");
		return 409;
	}
	return store_opinion_vote_put(s, c->id, x.id, participant_id, value, now) == STORE_OK ? 0 : -1;
}

int controversy_next(store *s, arena *a, const store_controversy *c, int64_t participant_id, double u,
		     store_statement *out, int64_t *left)
{
	store_statement *un;
	size_t n;
	*left = 0;
	if (store_statement_unvoted(s, a, c->id, participant_id, &un, &n) != STORE_OK)
		return -1;
	*left = (int64_t)n;
	if (n == 0)
		return 0;
	double *prio = arena_alloc(a, n * sizeof *prio);
	unsigned char *voted = arena_zalloc(a, n); /* the list holds only unvoted ones */
	for (size_t i = 0; i < n; i++)
		prio[i] = un[i].priority > 0 ? (double)un[i].priority / 1e9 : opinion_priority_unseen();
	int k = opinion_pick(prio, voted, (int)n, u);
	if (k < 0)
		k = 0;
	*out = un[k];
	return 1;
}

/* ---- the opinion map ---- */

int controversy_stale(store *s, arena *a, const store_controversy *c, bool *stale)
{
	int64_t nvotes, last, sum;
	store_opinion_result res;
	if (store_opinion_vote_stats(s, c->id, &nvotes, &last, &sum) != STORE_OK)
		return -1;
	store_rc r = store_opinion_result_get(s, a, c->id, &res);
	if (r == STORE_ERROR)
		return -1;
	if (r == STORE_NOTFOUND)
		*stale = nvotes > 0;
	else
		*stale = res.nvotes != nvotes || res.last_vote_at != last || res.vote_sum != sum ||
			 res.revision != c->revision;
	return 0;
}

static json_t *num(double v)
{
	/* JSON has no NaN: a statistic that does not exist is null. */
	return isfinite(v) ? json_real(v) : json_null();
}

/* The JSON of the map (see controversy_map_read for the reading side). */
static char *map_json(const opinion_result *r, const store_statement *st, const int64_t *pid,
		      const int *nvotes_of, int64_t nvotes, int64_t seed, int64_t now)
{
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "computed_at", json_integer(now));
	json_object_set_new(root, "votes", json_integer(nvotes));
	json_object_set_new(root, "seed", json_integer(seed));
	/* Everyone who voted, on any statement: the participants of the input
	 * are exactly those with a vote (the engine's nvoters leaves out those
	 * who voted only on statements moderated out). */
	json_object_set_new(root, "voters", json_integer(r->nparticipants));
	json_object_set_new(root, "clustered", json_integer(r->nclustered));
	json_t *groups = json_array();
	for (int g = 0; g < r->ngroups; g++) {
		const opinion_group *og = &r->groups[g];
		json_t *reps = json_array();
		for (int k = 0; k < og->nrep; k++) {
			const opinion_rep *p = &og->rep[k];
			json_array_append_new(reps, json_pack("{sI sb si si so so so so}", "statement",
							      (json_int_t)st[p->statement].number, "agree", p->agree,
							      "n", p->n_for, "seen", p->n_seen, "p", num(p->p), "p_z",
							      num(p->p_z), "r", num(p->r), "r_z", num(p->r_z)));
		}
		json_array_append_new(groups, json_pack("{si so so so}", "size", og->size, "x", num(og->cx), "y",
							num(og->cy), "repness", reps));
	}
	json_object_set_new(root, "groups", groups);
	json_t *people = json_array();
	for (int i = 0; i < r->nparticipants; i++)
		json_array_append_new(people, json_pack("[I o o i b i]", (json_int_t)pid[i], num(r->x[i]),
							num(r->y[i]), r->group[i], r->clustered[i] != 0,
							nvotes_of[i]));
	json_object_set_new(root, "people", people);
	json_t *stmts = json_array();
	for (int j = 0; j < r->nstatements; j++) {
		json_t *gc = json_array();
		for (int g = 0; g < r->ngroups; g++) {
			const opinion_counts *k = &r->group_counts[g * r->nstatements + j];
			json_array_append_new(gc, json_pack("[i i i]", k->agree, k->disagree, k->seen));
		}
		bool in_map = strcmp(st[j].status, "accepted") == 0 && !st[j].is_meta;
		json_array_append_new(stmts, json_pack("{sI si si si so so so sb so}", "number",
						       (json_int_t)st[j].number, "agree", r->counts[j].agree,
						       "disagree", r->counts[j].disagree, "pass", r->counts[j].pass,
						       "gac", num(r->gac[j]), "divisive", num(r->divisive[j]),
						       "extremity", num(r->extremity[j]), "in_map", in_map, "groups", gc));
	}
	json_object_set_new(root, "statements", stmts);
	json_t *cons = json_array();
	for (int k = 0; k < r->nconsensus; k++) {
		const opinion_consensus *c = &r->consensus[k];
		json_array_append_new(cons, json_pack("{sI sb so so}", "statement", (json_int_t)st[c->statement].number,
						      "agree", c->agree, "p", num(c->p), "p_z", num(c->p_z)));
	}
	json_object_set_new(root, "consensus", cons);
	json_t *sil = json_object();
	for (int k = 2; k <= OPINION_MAX_GROUPS; k++)
		if (isfinite(r->silhouette[k])) {
			char key[16];
			snprintf(key, sizeof key, "%d", k);
			json_object_set_new(sil, key, json_real(r->silhouette[k]));
		}
	json_object_set_new(root, "silhouette", sil);
	char *text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(root);
	if (!text) {
		fprintf(stderr, "fabrique: out of memory writing an opinion map\n");
		abort();
	}
	return text;
}

static int index_of(const int64_t *ids, int n, int64_t id)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (ids[mid] == id)
			return mid;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

struct idpos {
	int64_t id;
	int pos;
};

static int cmp_idpos(const void *x, const void *y)
{
	const struct idpos *p = x, *q = y;
	return (p->id > q->id) - (p->id < q->id);
}

int controversy_recompute(store *s, arena *a, int64_t id, int64_t now, char *err, size_t errlen)
{
	store_controversy c;
	store_statement *st;
	size_t nst;
	store_opinion_vote *v;
	size_t nv;
	int64_t nvotes = 0, last = 0, sum = 0;
	/* Read outside any transaction: on SQLite a transaction here would
	 * hold the writer lock and make voters wait while a large map loads.
	 * The counts are read first, so a vote arriving meanwhile leaves the
	 * stored map stale and the worker computes it again. */
	bool ok = store_opinion_vote_stats(s, id, &nvotes, &last, &sum) == STORE_OK &&
		  store_controversy_by_id(s, a, id, &c) == STORE_OK &&
		  store_statement_list(s, a, id, &st, &nst) == STORE_OK &&
		  store_opinion_vote_list(s, a, id, &v, &nv) == STORE_OK;
	if (!ok) {
		snprintf(err, errlen, "cannot read controversy %lld: %s", (long long)id, store_errmsg(s));
		return -1;
	}
	/* Participants in order of id (the votes come sorted by participant). */
	int np = 0;
	int64_t *pid = arena_alloc(a, (nv ? nv : 1) * sizeof *pid);
	for (size_t i = 0; i < nv; i++)
		if (np == 0 || pid[np - 1] != v[i].participant_id)
			pid[np++] = v[i].participant_id;
	int64_t *sid = arena_alloc(a, (nst ? nst : 1) * sizeof *sid);
	uint8_t *excluded = arena_zalloc(a, nst ? nst : 1);
	for (size_t j = 0; j < nst; j++) {
		sid[j] = st[j].id;
		excluded[j] = strcmp(st[j].status, "accepted") != 0 || st[j].is_meta;
	}
	/* Statement ids ascend with numbers only for statements created here
	 * (imports keep Pol.is' numbers): look ids up through a sorted copy. */
	int *order = arena_alloc(a, (nst ? nst : 1) * sizeof *order);
	int64_t *sorted = arena_alloc(a, (nst ? nst : 1) * sizeof *sorted);
	struct idpos *byid = arena_alloc(a, (nst ? nst : 1) * sizeof *byid);
	for (size_t j = 0; j < nst; j++)
		byid[j] = (struct idpos){sid[j], (int)j};
	qsort(byid, nst, sizeof *byid, cmp_idpos);
	for (size_t j = 0; j < nst; j++)
		order[j] = byid[j].pos;
	for (size_t j = 0; j < nst; j++)
		sorted[j] = sid[order[j]];
	int32_t *vp = arena_alloc(a, (nv ? nv : 1) * sizeof *vp);
	int32_t *vs = arena_alloc(a, (nv ? nv : 1) * sizeof *vs);
	int8_t *vv = arena_alloc(a, nv ? nv : 1);
	int *nvotes_of = arena_zalloc(a, (size_t)(np ? np : 1) * sizeof *nvotes_of);
	int p = -1;
	size_t m = 0;
	for (size_t i = 0; i < nv; i++) {
		if (p < 0 || pid[p] != v[i].participant_id)
			p++;
		int k = index_of(sorted, (int)nst, v[i].statement_id);
		if (k < 0)
			continue; /* a statement added after the list was read */
		vp[m] = p;
		vs[m] = order[k];
		vv[m] = (int8_t)v[i].value;
		m++;
		nvotes_of[p]++;
	}
	nv = m;
	opinion_input in = {
		.nparticipants = np, .nstatements = (int)nst, .nvotes = nv,
		.vote_participant = vp, .vote_statement = vs, .vote_value = vv,
		.excluded = excluded, .seed = (uint64_t)c.seed,
	};
	opinion_result r;
	const char *why = NULL;
	if (opinion_compute(&in, &r, &why) != OPINION_OK) {
		snprintf(err, errlen, "controversy %lld: %s", (long long)id, why ? why : "invalid input");
		return -1;
	}
	char *json = map_json(&r, st, pid, nvotes_of, nvotes, c.seed, now);
	int64_t *prio = arena_alloc(a, (nst ? nst : 1) * sizeof *prio);
	for (size_t j = 0; j < nst; j++) {
		double q = r.priority[j] * 1e9;
		prio[j] = !(q >= 1) ? 1 : q > 4e18 ? (int64_t)4e18 : (int64_t)q;
	}
	opinion_free(&r);
	store_opinion_result res = {.computed_at = now, .nvotes = nvotes, .last_vote_at = last,
				    .vote_sum = sum, .revision = c.revision, .data = json};
	ok = store_begin(s) == STORE_OK && store_opinion_result_put(s, id, &res) == STORE_OK &&
	     store_statement_priorities(s, sid, prio, nst) == STORE_OK;
	if (ok)
		ok = store_commit(s) == STORE_OK;
	else
		store_rollback(s);
	free(json);
	if (!ok) {
		snprintf(err, errlen, "cannot store the map of controversy %lld: %s", (long long)id, store_errmsg(s));
		return -1;
	}
	return 0;
}

static double real_of(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

bool controversy_map_read(arena *a, const char *text, controversy_map *m)
{
	memset(m, 0, sizeof *m);
	json_t *root = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return false;
	}
	arena_defer(a, (void (*)(void *))json_decref, root);
	m->computed_at = json_integer_value(json_object_get(root, "computed_at"));
	m->nvotes = json_integer_value(json_object_get(root, "votes"));
	m->seed = json_integer_value(json_object_get(root, "seed"));
	m->nvoters = (int)json_integer_value(json_object_get(root, "voters"));
	m->nclustered = (int)json_integer_value(json_object_get(root, "clustered"));
	json_t *groups = json_object_get(root, "groups");
	size_t ng = json_array_size(groups);
	if (ng > OPINION_MAX_GROUPS)
		return false;
	m->ngroups = (int)ng;
	for (size_t g = 0; g < ng; g++) {
		json_t *jg = json_array_get(groups, g);
		cmap_group *cg = &m->groups[g];
		cg->size = (int)json_integer_value(json_object_get(jg, "size"));
		cg->x = real_of(json_object_get(jg, "x"));
		cg->y = real_of(json_object_get(jg, "y"));
		json_t *reps = json_object_get(jg, "repness");
		for (size_t k = 0; k < json_array_size(reps) && k < OPINION_MAX_REPNESS; k++) {
			json_t *jr = json_array_get(reps, k);
			cmap_rep *cr = &cg->rep[cg->nrep++];
			cr->number = json_integer_value(json_object_get(jr, "statement"));
			cr->agree = json_is_true(json_object_get(jr, "agree"));
			cr->n_for = (int)json_integer_value(json_object_get(jr, "n"));
			cr->n_seen = (int)json_integer_value(json_object_get(jr, "seen"));
			cr->p = real_of(json_object_get(jr, "p"));
			cr->p_z = real_of(json_object_get(jr, "p_z"));
			cr->r = real_of(json_object_get(jr, "r"));
			cr->r_z = real_of(json_object_get(jr, "r_z"));
		}
	}
	json_t *people = json_object_get(root, "people");
	m->npeople = (int)json_array_size(people);
	m->people = arena_zalloc(a, (size_t)(m->npeople ? m->npeople : 1) * sizeof *m->people);
	for (int i = 0; i < m->npeople; i++) {
		json_t *jp = json_array_get(people, (size_t)i);
		cmap_person *cp = &m->people[i];
		cp->participant_id = json_integer_value(json_array_get(jp, 0));
		cp->x = real_of(json_array_get(jp, 1));
		cp->y = real_of(json_array_get(jp, 2));
		cp->group = (int)json_integer_value(json_array_get(jp, 3));
		if (cp->group >= m->ngroups)
			cp->group = -1;
		cp->clustered = json_is_true(json_array_get(jp, 4));
		cp->nvotes = (int)json_integer_value(json_array_get(jp, 5));
	}
	json_t *stmts = json_object_get(root, "statements");
	m->nst = (int)json_array_size(stmts);
	m->st = arena_zalloc(a, (size_t)(m->nst ? m->nst : 1) * sizeof *m->st);
	for (int j = 0; j < m->nst; j++) {
		json_t *js = json_array_get(stmts, (size_t)j);
		cmap_statement *cs = &m->st[j];
		cs->number = json_integer_value(json_object_get(js, "number"));
		cs->agree = (int)json_integer_value(json_object_get(js, "agree"));
		cs->disagree = (int)json_integer_value(json_object_get(js, "disagree"));
		cs->pass = (int)json_integer_value(json_object_get(js, "pass"));
		cs->gac = real_of(json_object_get(js, "gac"));
		cs->divisive = real_of(json_object_get(js, "divisive"));
		cs->extremity = real_of(json_object_get(js, "extremity"));
		cs->in_map = json_is_true(json_object_get(js, "in_map"));
		json_t *gc = json_object_get(js, "groups");
		for (int g = 0; g < m->ngroups && (size_t)g < json_array_size(gc); g++) {
			json_t *t = json_array_get(gc, (size_t)g);
			cs->g_agree[g] = (int)json_integer_value(json_array_get(t, 0));
			cs->g_disagree[g] = (int)json_integer_value(json_array_get(t, 1));
			cs->g_seen[g] = (int)json_integer_value(json_array_get(t, 2));
		}
	}
	json_t *cons = json_object_get(root, "consensus");
	m->nconsensus = (int)json_array_size(cons);
	m->consensus = arena_zalloc(a, (size_t)(m->nconsensus ? m->nconsensus : 1) * sizeof *m->consensus);
	for (int k = 0; k < m->nconsensus; k++) {
		json_t *jc = json_array_get(cons, (size_t)k);
		cmap_consensus *cc = &m->consensus[k];
		cc->number = json_integer_value(json_object_get(jc, "statement"));
		cc->agree = json_is_true(json_object_get(jc, "agree"));
		cc->p = real_of(json_object_get(jc, "p"));
		cc->p_z = real_of(json_object_get(jc, "p_z"));
	}
	return true;
}

const cmap_statement *controversy_map_statement(const controversy_map *m, int64_t number)
{
	for (int j = 0; j < m->nst; j++)
		if (m->st[j].number == number)
			return &m->st[j];
	return NULL;
}

/* ---- frozen reports ---- */

int controversy_freeze(store *s, arena *a, const store_controversy *c, int64_t by, int64_t now,
		       int64_t *number)
{
	store_opinion_result res;
	/* Reports are numbered in order: one freeze at a time. */
	if (store_controversy_lock(s, c->id) != STORE_OK)
		return -1;
	store_rc r = store_opinion_result_get(s, a, c->id, &res);
	if (r == STORE_NOTFOUND)
		return 409;
	store_statement *st;
	size_t nst;
	if (r != STORE_OK || store_statement_list(s, a, c->id, &st, &nst) != STORE_OK)
		return -1;
	json_t *map = json_loads(res.data, 0, NULL);
	if (!map)
		return -1;
	json_t *texts = json_array();
	for (size_t j = 0; j < nst; j++)
		json_array_append_new(texts, json_pack("{sI ss ss sb}", "number", (json_int_t)st[j].number, "body",
						       st[j].body, "status", st[j].status, "meta", st[j].is_meta));
	json_t *root = json_pack("{si ss ss so so}", "version", 1, "title", c->title, "question",
				 c->question ? c->question : "", "map", map, "statements", texts);
	char *text = json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(12));
	json_decref(root);
	if (!text)
		return -1;
	store_opinion_report rep = {.title = c->title, .frozen_at = now, .frozen_by = by, .data = text};
	r = store_opinion_report_add(s, c->id, &rep, number);
	free(text);
	return r == STORE_OK ? 0 : -1;
}

bool controversy_frozen_read(arena *a, const char *text, controversy_frozen *out)
{
	memset(out, 0, sizeof *out);
	json_t *root = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return false;
	}
	arena_defer(a, (void (*)(void *))json_decref, root);
	out->title = json_string_value(json_object_get(root, "title"));
	out->question = json_string_value(json_object_get(root, "question"));
	char *map = json_dumps(json_object_get(root, "map"), JSON_COMPACT | JSON_REAL_PRECISION(17));
	bool ok = map && controversy_map_read(a, map, &out->map);
	free(map);
	if (!ok)
		return false;
	json_t *texts = json_object_get(root, "statements");
	out->nst = (int)json_array_size(texts);
	out->number = arena_alloc(a, (size_t)(out->nst ? out->nst : 1) * sizeof *out->number);
	out->body = arena_alloc(a, (size_t)(out->nst ? out->nst : 1) * sizeof *out->body);
	out->is_meta = arena_alloc(a, (size_t)(out->nst ? out->nst : 1) * sizeof *out->is_meta);
	for (int j = 0; j < out->nst; j++) {
		json_t *t = json_array_get(texts, (size_t)j);
		out->number[j] = json_integer_value(json_object_get(t, "number"));
		const char *b = json_string_value(json_object_get(t, "body"));
		out->body[j] = b ? b : "";
		out->is_meta[j] = json_is_true(json_object_get(t, "meta"));
	}
	return true;
}

/* ---- Pol.is' layout ---- */

bool controversy_import_polis(store *s, arena *a, const cycle_ctx *cx, store_controversy *c,
			      const polis_data *d, int64_t now, problems *pb, int64_t *id)
{
	if (!controversy_create(s, a, cx, c, now, pb, id))
		return false;
	int64_t *stid = arena_alloc(a, (size_t)(d->ncomments ? d->ncomments : 1) * sizeof *stid);
	for (int j = 0; j < d->ncomments; j++) {
		const polis_comment *pc = &d->comments[j];
		size_t n = text_utf8_len(pc->body);
		store_statement x = {
			.controversy_id = c->id, .body = pc->body, .origin = "import",
			.status = pc->moderated < 0 ? "rejected" : "accepted", .is_meta = pc->is_meta != 0,
			.created_at = pc->timestamp ? pc->timestamp / 1000 : now,
			.moderated_at = now, .moderated_by = cx->user ? cx->user->id : 0,
		};
		if (n == 0 || pc->id < 0) {
			problems_add(pb, "file", N_("A statement of the file is empty or has no number."));
			return false;
		}
		int64_t number = pc->id;
		store_rc r = store_statement_add(s, &x, &stid[j], &number);
		if (r == STORE_EXISTS) {
			problems_add(pb, "file", N_("Two statements of the file have the same number."));
			return false;
		}
		if (r != STORE_OK)
			return false;
	}
	int64_t *pid = arena_alloc(a, (size_t)(d->nparticipants ? d->nparticipants : 1) * sizeof *pid);
	for (int i = 0; i < d->nparticipants; i++) {
		char token[ACCOUNT_TOKEN_LEN + 1], hash[ACCOUNT_HASH_LEN + 1];
		account_new_token(token, hash); /* nobody holds this identity's token */
		store_participant p = {
			.cycle_id = cx->c.id, .created_at = now, .org_kind = "",
			.nickname = arena_printf(a, "Pol.is %lld", (long long)d->participant_id[i]),
		};
		if (store_participant_create(s, &p, hash, &pid[i]) != STORE_OK)
			return false;
	}
	for (size_t k = 0; k < d->nvotes; k++) {
		int64_t at = d->vote_time ? d->vote_time[k] / 1000 : 0;
		if (store_opinion_vote_put(s, c->id, stid[d->vote_comment[k]], pid[d->vote_participant[k]],
					   d->vote_value[k], at ? at : now) != STORE_OK)
			return false;
	}
	return true;
}

/* The controversy as a polis_data (arena-owned); group receives each
 * participant's group in the stored map (-1 none). */
static int as_polis(store *s, arena *a, const store_controversy *c, polis_data *d, int **group)
{
	store_statement *st;
	size_t nst;
	store_participant *pp;
	size_t np;
	store_opinion_vote *v;
	size_t nv;
	if (store_statement_list(s, a, c->id, &st, &nst) != STORE_OK ||
	    store_controversy_people(s, a, c->id, &pp, &np) != STORE_OK ||
	    store_opinion_vote_list(s, a, c->id, &v, &nv) != STORE_OK)
		return -1;
	memset(d, 0, sizeof *d);
	int64_t *ids = arena_alloc(a, (np ? np : 1) * sizeof *ids);
	d->nparticipants = (int)np;
	d->participant_id = arena_alloc(a, (np ? np : 1) * sizeof *d->participant_id);
	for (size_t i = 0; i < np; i++) {
		ids[i] = pp[i].id;
		d->participant_id[i] = (int64_t)i;
	}
	d->ncomments = (int)nst;
	d->comments = arena_zalloc(a, (nst ? nst : 1) * sizeof *d->comments);
	for (size_t j = 0; j < nst; j++) {
		polis_comment *pc = &d->comments[j];
		pc->id = st[j].number;
		int k = st[j].author_participant ? index_of(ids, (int)np, st[j].author_participant) : -1;
		pc->author = k;
		pc->timestamp = st[j].created_at * 1000;
		pc->moderated = strcmp(st[j].status, "accepted") == 0 ? 1 : strcmp(st[j].status, "rejected") == 0 ? -1 : 0;
		pc->is_meta = st[j].is_meta;
		pc->is_seed = strcmp(st[j].origin, "facilitator") == 0;
		pc->gic = NAN;
		pc->body = st[j].body;
	}
	d->nvotes = nv;
	d->vote_participant = arena_alloc(a, (nv ? nv : 1) * sizeof *d->vote_participant);
	d->vote_comment = arena_alloc(a, (nv ? nv : 1) * sizeof *d->vote_comment);
	d->vote_value = arena_alloc(a, nv ? nv : 1);
	d->vote_time = arena_alloc(a, (nv ? nv : 1) * sizeof *d->vote_time);
	size_t kept = 0;
	for (size_t k = 0; k < nv; k++) {
		/* Statements come in order of number: a binary search. */
		size_t lo = 0, hi = nst;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (st[mid].number < v[k].statement_number)
				lo = mid + 1;
			else
				hi = mid;
		}
		int p = index_of(ids, (int)np, v[k].participant_id);
		if (lo == nst || st[lo].number != v[k].statement_number || p < 0)
			continue; /* written between the reads: left for the next export */
		d->vote_participant[kept] = p;
		d->vote_comment[kept] = (int32_t)lo;
		d->vote_value[kept] = (int8_t)v[k].value;
		d->vote_time[kept] = v[k].voted_at * 1000;
		kept++;
	}
	d->nvotes = kept;
	*group = arena_alloc(a, (np ? np : 1) * sizeof **group);
	for (size_t i = 0; i < np; i++)
		(*group)[i] = -1;
	store_opinion_result res;
	controversy_map m;
	if (store_opinion_result_get(s, a, c->id, &res) == STORE_OK && controversy_map_read(a, res.data, &m))
		for (int i = 0; i < m.npeople; i++) {
			int k = index_of(ids, (int)np, m.people[i].participant_id);
			if (k >= 0)
				(*group)[k] = m.people[i].group;
		}
	return 0;
}

int controversy_export_polis(store *s, arena *a, const store_controversy *c, const char *which, buf *b)
{
	if (strcmp(which, "votes.csv") != 0 && strcmp(which, "comments.csv") != 0 &&
	    strcmp(which, "participants-votes.csv") != 0)
		return 404;
	polis_data d;
	int *group;
	if (as_polis(s, a, c, &d, &group) < 0)
		return -1;
	if (strcmp(which, "votes.csv") == 0) {
		polis_write_votes(b, &d);
	} else if (strcmp(which, "comments.csv") == 0) {
		store_opinion_result res;
		controversy_map m;
		double *gic = NULL;
		if (store_opinion_result_get(s, a, c->id, &res) == STORE_OK && controversy_map_read(a, res.data, &m)) {
			gic = arena_alloc(a, (size_t)(d.ncomments ? d.ncomments : 1) * sizeof *gic);
			for (int j = 0; j < d.ncomments; j++) {
				const cmap_statement *cs = controversy_map_statement(&m, d.comments[j].id);
				gic[j] = cs ? cs->gac : NAN;
			}
		}
		polis_write_comments(b, &d, gic);
	} else {
		polis_write_participants_votes(b, &d, group);
	}
	return 0;
}
