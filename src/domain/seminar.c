/*
 * seminar.c — the rules of the seminar day over the store: states and who
 * may move them, joining by code, casting ballots, the outcome of the vote
 * with tie resolutions, and working groups. Counting and assigning are the
 * engines' (tally.h, assign.h); this file only feeds them and records what
 * they decided.
 */
#include "seminar.h"
#include "participant.h"
#include "scenario.h"
#include "../core/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const seminar_states[SEM_NSTATES] = {
	"preparation", "presentation", "vote_open", "vote_closed",
	"results",     "groups_open",  "groups_done",
};

int seminar_state_of(const char *name)
{
	for (int i = 0; name && i < SEM_NSTATES; i++)
		if (strcmp(seminar_states[i], name) == 0)
			return i;
	return -1;
}

const char *const seminar_org_kinds[] = {
	"grand-groupe", "pme", "start-up", "institution-publique", "collectivite",
	"association", "recherche", "autre", NULL,
};

bool seminar_org_kind_ok(const char *k)
{
	for (int i = 0; k && seminar_org_kinds[i]; i++)
		if (strcmp(seminar_org_kinds[i], k) == 0)
			return true;
	return false;
}

/* ---- parameters ---- */

static int json_int_or(json_t *o, const char *key, int def)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int)json_integer_value(v) : def;
}

void seminar_params_read(const store_seminar *sm, seminar_params *out)
{
	memset(out, 0, sizeof *out);
	int m = tally_method_parse(sm->method ? sm->method : "");
	out->method = m < 0 ? TALLY_APPROVAL : (tally_method)m;
	json_t *o = json_loads(sm->params ? sm->params : "{}", 0, NULL);
	out->max_approvals = json_int_or(o, "max_approvals", 0);
	out->dots = json_int_or(o, "dots", 5);
	out->dots_max = json_int_or(o, "dots_max", 0);
	json_t *u = json_object_get(o, "unranked");
	out->unranked_ignore = json_is_string(u) && strcmp(json_string_value(u), "ignore") == 0;
	json_decref(o);
}

char *seminar_params_json(arena *a, const seminar_params *p)
{
	switch (p->method) {
	case TALLY_APPROVAL:
		return arena_printf(a, "{\"max_approvals\":%d}", p->max_approvals);
	case TALLY_DOTS:
		return arena_printf(a, "{\"dots\":%d,\"dots_max\":%d}", p->dots, p->dots_max);
	case TALLY_SCHULZE:
	case TALLY_BORDA:
		return arena_printf(a, "{\"unranked\":\"%s\"}", p->unranked_ignore ? "ignore" : "last");
	case TALLY_MJ:
		break;
	}
	return arena_strdup(a, "{}");
}

void seminar_tally_options(const seminar_params *p, tally_options *o)
{
	memset(o, 0, sizeof *o);
	o->method = p->method;
	o->unranked_ignore = p->unranked_ignore;
	o->max_approvals = p->max_approvals;
	o->dots = p->dots;
	o->dots_max = p->dots_max;
}

void seminar_check(const store_seminar *sm, const seminar_params *p, long ncand, problems *pb)
{
	size_t tl = sm->title ? text_utf8_len(sm->title) : 0;
	if (tl == 0)
		problems_add(pb, "title", N_("Give the seminar a title."));
	else if (tl > 200)
		problems_add(pb, "title", N_("The title is too long (200 characters at most)."));
	if (tally_method_parse(sm->method ? sm->method : "") < 0)
		problems_add(pb, "method", N_("Choose a ballot method from the list."));
	if (sm->seats < 1)
		problems_add(pb, "seats", N_("Retain at least one scenario."));
	else if (ncand >= 0 && sm->seats >= ncand)
		problems_add(pb, "seats", N_("Retain fewer scenarios than there are candidates."));
	if (ncand >= 0 && ncand < 2)
		problems_add(pb, "candidates", N_("Choose at least two candidate scenarios."));
	if (p->method == TALLY_APPROVAL && (p->max_approvals < 0 || p->max_approvals > 1000))
		problems_add(pb, "max_approvals", N_("The number of approvals must be between 0 (no limit) and 1000."));
	if (p->method == TALLY_DOTS) {
		if (p->dots < 1 || p->dots > 100)
			problems_add(pb, "dots", N_("Give each voter between 1 and 100 dots."));
		if (p->dots_max < 0 || p->dots_max > p->dots)
			problems_add(pb, "dots_max", N_("The most dots on one scenario must be between 0 (no limit) and the number of dots."));
	}
	if (sm->group_min < 0 || sm->group_min > 10000)
		problems_add(pb, "group_min", N_("The smallest group size must be between 0 and 10000."));
	if (sm->group_max < 0 || sm->group_max > 10000)
		problems_add(pb, "group_max", N_("The largest group size must be between 0 (no limit) and 10000."));
	else if (sm->group_max && sm->group_max < sm->group_min)
		problems_add(pb, "group_max", N_("The largest group size cannot be below the smallest."));
	if (sm->max_share < 0 || sm->max_share > 100)
		problems_add(pb, "max_share", N_("The share must be a percentage between 0 (no rule) and 100."));
}

/* ---- join codes ---- */

static const char code_alphabet[] = "ACDEFHJKMNPQRTUVWXY3479";

char *seminar_new_code(arena *a)
{
	unsigned char raw[6];
	account_random(raw, sizeof raw);
	char *c = arena_alloc(a, 7);
	size_t n = sizeof code_alphabet - 1;
	for (int i = 0; i < 6; i++)
		c[i] = code_alphabet[raw[i] % n]; /* 256 % 23 bias is harmless for a code */
	c[6] = 0;
	return c;
}

bool seminar_code_normalise(const char *typed, char out[8])
{
	size_t n = 0;
	for (const char *p = typed ? typed : ""; *p; p++) {
		char ch = *p;
		if (ch == ' ' || ch == '-' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (!strchr(code_alphabet, ch) || ch == 0 || n == 6)
			return false;
		out[n++] = ch;
	}
	out[n] = 0;
	return n == 6;
}

/* ---- creating ---- */

bool seminar_create(store *s, arena *a, const cycle_ctx *cx, store_seminar *sm,
		    const seminar_params *p, const int64_t *cand, size_t ncand, int64_t now,
		    problems *pb)
{
	if (!sm->method)
		sm->method = tally_method_name(p->method);
	seminar_check(sm, p, (long)ncand, pb);
	for (size_t i = 0; i < ncand; i++) {
		store_scenario sc;
		store_rc r = store_scenario_by_id(s, a, cand[i], &sc);
		if (r == STORE_ERROR)
			return false;
		if (r != STORE_OK || sc.cycle_id != cx->c.id) {
			problems_add(pb, "candidates", N_("A candidate is not a scenario of this cycle."));
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (cand[j] == cand[i]) {
				problems_add(pb, "candidates", N_("A scenario is listed twice."));
				i = ncand;
				break;
			}
	}
	if (pb->n)
		return false;
	sm->cycle_id = cx->c.id;
	sm->method = tally_method_name(p->method);
	sm->params = seminar_params_json(a, p);
	sm->state = seminar_states[SEM_PREPARATION];
	sm->round = 1;
	sm->created_by = cx->user ? cx->user->id : 0;
	sm->created_at = sm->updated_at = now;
	sm->resolution = "";
	for (int attempt = 0; attempt < 8; attempt++) {
		if (!sm->uid || attempt)
			sm->uid = cycle_new_uid(a);
		sm->join_code = seminar_new_code(a);
		/* One /join form takes both kinds of code: no controversy may hold it. */
		store_controversy other;
		store_rc r = store_controversy_by_code(s, a, sm->join_code, &other);
		if (r == STORE_ERROR)
			return false;
		if (r == STORE_OK)
			continue;
		r = store_seminar_create(s, sm, &sm->id);
		if (r == STORE_OK)
			return store_candidates_set(s, sm->id, cand, ncand) == STORE_OK &&
			       store_seminar_event_add(s, sm->id, now, sm->created_by, "created", "{}") == STORE_OK;
		if (r != STORE_EXISTS)
			return false;
	}
	return false;
}

/* ---- states ---- */

bool seminar_can_move(const store_seminar *sm, int to, const char **why)
{
	int from = seminar_state_of(sm->state);
	*why = NULL;
	if (to < 0 || to >= SEM_NSTATES || from < 0) {
		*why = N_("This state does not exist.");
		return false;
	}
	if (to == from + 1)
		return true;
	if ((from == SEM_PRESENTATION && to == SEM_PREPARATION) ||
	    (from == SEM_VOTE_CLOSED && to == SEM_VOTE_OPEN))
		return true;
	*why = N_("A seminar moves one step at a time: this change is not possible from its current state.");
	return false;
}

/* ---- ballots ---- */

bool seminar_choice_parse(const char *choice, int n, int16_t *v)
{
	const char *p = choice ? choice : "";
	for (int i = 0; i < n; i++) {
		char *end;
		long x = strtol(p, &end, 10);
		if (end == p || x < -1 || x > 32767)
			return false;
		v[i] = (int16_t)x;
		p = end;
		if (i + 1 < n) {
			if (*p != ',')
				return false;
			p++;
		}
	}
	return *p == 0;
}

char *seminar_choice_string(arena *a, const int16_t *v, int n)
{
	char *out = arena_alloc(a, (size_t)n * 7 + 1);
	size_t k = 0;
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(out + k, 8, "%s%d", i ? "," : "", v[i]);
	out[k] = 0;
	return out;
}

tally_error seminar_ballot_normalise(const seminar_params *p, int n, int16_t *v, int *cand)
{
	if (p->method == TALLY_SCHULZE || p->method == TALLY_BORDA) {
		/* A negative rank is no rank: refused as it is (the compaction
		 * below marks done values negative and would turn it into 1). */
		for (int i = 0; i < n; i++)
			if (v[i] < 0) {
				if (cand)
					*cand = i;
				return TALLY_E_VALUE;
			}
		/* Compact the ranks a person typed (1, 3, 3 → 1, 2, 2) so that
		 * gaps in their numbering never spoil a ballot. */
		int16_t next = 1;
		int16_t prev = 0;
		for (;;) {
			int16_t low = 0;
			for (int i = 0; i < n; i++)
				if (v[i] > prev && (low == 0 || v[i] < low))
					low = v[i];
			if (low == 0)
				break;
			for (int i = 0; i < n; i++)
				if (v[i] == low)
					v[i] = (int16_t)-next; /* mark as done */
			prev = low;
			next++;
		}
		for (int i = 0; i < n; i++)
			v[i] = v[i] < 0 ? (int16_t)-v[i] : 0;
	}
	tally_options o;
	seminar_tally_options(p, &o);
	return tally_check_ballot(&o, n, v, cand);
}

/* The candidates of the current round: all of them in round 1, those in
 * the second round otherwise. idx receives their indices in cand. */
static size_t round_candidates(const store_seminar *sm, const store_candidate *cand, size_t n,
			       int *idx)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (sm->round <= 1 || cand[i].runoff)
			idx[k++] = (int)i;
	return k;
}

bool seminar_cast(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
		  int16_t *v, int n, int64_t now, const char **why, int *cand)
{
	*why = NULL;
	*cand = -1;
	if (seminar_state_of(sm->state) != SEM_VOTE_OPEN) {
		*why = N_("The vote is closed: this ballot was not recorded.");
		return false;
	}
	bool joined = false;
	if (store_seminar_joined(s, sm->id, participant_id, &joined) != STORE_OK)
		return false;
	if (!joined) {
		*why = N_("Join the seminar with its code before voting.");
		return false;
	}
	/* One value per candidate of the current round: a ballot of another
	 * length would be stored and then skipped by the count. */
	store_candidate *all;
	size_t nall;
	if (store_candidate_list(s, a, sm->id, &all, &nall) != STORE_OK)
		return false;
	int *idx = arena_alloc(a, (nall ? nall : 1) * sizeof *idx);
	if (n < 0 || (size_t)n != round_candidates(sm, all, nall, idx)) {
		*why = N_("A value of the ballot is not possible.");
		return false;
	}
	seminar_params p;
	seminar_params_read(sm, &p);
	tally_error e = seminar_ballot_normalise(&p, n, v, cand);
	if (e != TALLY_OK) {
		switch (e) {
		case TALLY_E_TOO_MANY: *why = N_("Too many scenarios approved."); break;
		case TALLY_E_DOTS_TOTAL: *why = N_("More dots than you have."); break;
		case TALLY_E_DOTS_ONE: *why = N_("Too many dots on one scenario."); break;
		case TALLY_E_EMPTY: *why = N_("The ballot is empty: choose at least one scenario."); break;
		default: *why = N_("A value of the ballot is not possible."); break;
		}
		return false;
	}
	return store_ballot_put(s, sm->id, participant_id, sm->round, seminar_choice_string(a, v, n),
				now) == STORE_OK;
}

/* ---- outcome ---- */

/* Counts the ballots of a round over the k candidates of idx. */
static tally_result *count_round(store *s, arena *a, const store_seminar *sm, int64_t round,
				 int k, uint64_t *nballots)
{
	store_ballot *b;
	size_t nb;
	if (store_ballot_list(s, a, sm->id, round, &b, &nb) != STORE_OK)
		return NULL;
	int16_t *v = arena_alloc(a, (nb ? nb : 1) * (size_t)(k ? k : 1) * sizeof *v);
	size_t rows = 0;
	for (size_t i = 0; i < nb; i++)
		if (seminar_choice_parse(b[i].choice, k, v + rows * (size_t)k))
			rows++;
	seminar_params p;
	seminar_params_read(sm, &p);
	tally_options o;
	seminar_tally_options(&p, &o);
	tally_ballots tb = {.ncand = k, .nrows = rows, .v = v, .weight = NULL};
	*nballots = rows;
	return tally_run(a, &tb, &o);
}

static json_t *resolution_json(const store_seminar *sm)
{
	if (!sm->resolution || !*sm->resolution)
		return NULL;
	return json_loads(sm->resolution, 0, NULL);
}

/* Applies lots from a resolution object {"kind":"lots","order":[ids]} to
 * tied candidates: their order in the list. */
static int lots_pos(json_t *order, int64_t scenario_id)
{
	size_t i;
	json_t *x;
	json_array_foreach(order, i, x) if (json_integer_value(x) == scenario_id) return (int)i;
	return 1 << 20;
}

/* Splits the ordered levels at the cut: fills retained, or the tied set. */
static void cut_levels(seminar_outcome *o, int **levels, int *lsize, int nlev, json_t *lots)
{
	int64_t taken = 0;
	size_t fo = 0;
	for (int l = 0; l < nlev; l++) {
		int *lv = levels[l];
		int m = lsize[l];
		if (lots && m > 1) {
			/* Sort the tied level by the drawn order (insertion sort:
			 * levels are short). */
			for (int i = 1; i < m; i++)
				for (int j = i; j > 0 && lots_pos(lots, o->cand[lv[j]].scenario_id) <
							   lots_pos(lots, o->cand[lv[j - 1]].scenario_id); j--) {
					int t = lv[j];
					lv[j] = lv[j - 1];
					lv[j - 1] = t;
				}
			for (int i = 0; i < m; i++) {
				o->final_order[fo++] = lv[i];
				if (taken < o->seats) {
					o->retained[lv[i]] = true;
					taken++;
				}
			}
			continue;
		}
		if (taken < o->seats && taken + m > o->seats) {
			o->tie = true;
			o->ntied = (size_t)m;
			o->tied = lv;
		}
		for (int i = 0; i < m; i++) {
			o->final_order[fo++] = lv[i];
			if (!o->tie && taken < o->seats)
				o->retained[lv[i]] = true;
		}
		if (!o->tie)
			taken += m;
		else if (taken < o->seats)
			taken = o->seats; /* nothing below the tie is retained */
	}
}

bool seminar_outcome_compute(store *s, arena *a, const store_seminar *sm, seminar_outcome *o)
{
	memset(o, 0, sizeof *o);
	if (store_candidate_list(s, a, sm->id, &o->cand, &o->ncand) != STORE_OK)
		return false;
	size_t n = o->ncand;
	o->seats = sm->seats;
	o->retained = arena_zalloc(a, (n ? n : 1) * sizeof *o->retained);
	o->final_order = arena_zalloc(a, (n ? n : 1) * sizeof *o->final_order);
	o->tally = count_round(s, a, sm, 1, (int)n, &o->ballots);
	if (!o->tally)
		return false;
	json_t *res = resolution_json(sm);
	const char *kind = res ? json_string_value(json_object_get(res, "kind")) : NULL;
	json_t *lots = NULL;
	if (kind && strcmp(kind, "lots") == 0)
		lots = json_object_get(res, "order");
	/* The levels of the ranking, refined by a second round when there
	 * was one: the tied level is replaced by the levels of round 2. */
	int nlev = o->tally->nlevels;
	int **levels = arena_alloc(a, (size_t)(nlev + (int)n + 1) * sizeof *levels);
	int *lsize = arena_alloc(a, (size_t)(nlev + (int)n + 1) * sizeof *lsize);
	int L = 0;
	o->runoff_idx = arena_alloc(a, (n ? n : 1) * sizeof *o->runoff_idx);
	o->nrunoff = round_candidates(&(store_seminar){.round = 2}, o->cand, n, o->runoff_idx);
	bool had_runoff = kind && strcmp(kind, "runoff") == 0 && o->nrunoff > 0 && sm->round >= 2;
	if (had_runoff) {
		uint64_t nb2;
		o->runoff = count_round(s, a, sm, 2, (int)o->nrunoff, &nb2);
		if (!o->runoff) {
			json_decref(res);
			return false;
		}
		json_t *then = json_object_get(res, "then");
		const char *k2 = then ? json_string_value(json_object_get(then, "kind")) : NULL;
		if (k2 && strcmp(k2, "lots") == 0)
			lots = json_object_get(then, "order");
	} else {
		o->nrunoff = 0;
	}
	/* Every resolution records the seats it leaves ("one more" adds one,
	 * and later resolutions keep it); the latest one counts. */
	if (res)
		o->seats = json_int_or(res, "seats", (int)o->seats);
	if (res && json_object_get(res, "then"))
		o->seats = json_int_or(json_object_get(res, "then"), "seats", (int)o->seats);
	for (int l = 0; l < nlev; l++) {
		int start = o->tally->level_start[l], end = o->tally->level_start[l + 1];
		bool is_runoff_level = false;
		if (had_runoff)
			for (int i = start; i < end; i++)
				if (o->cand[o->tally->order[i]].runoff)
					is_runoff_level = true;
		if (is_runoff_level) {
			for (int l2 = 0; l2 < o->runoff->nlevels; l2++) {
				int s2 = o->runoff->level_start[l2], e2 = o->runoff->level_start[l2 + 1];
				levels[L] = arena_alloc(a, (size_t)(e2 - s2) * sizeof(int));
				for (int i = s2; i < e2; i++)
					levels[L][i - s2] = o->runoff_idx[o->runoff->order[i]];
				lsize[L++] = e2 - s2;
			}
			continue;
		}
		levels[L] = arena_alloc(a, (size_t)(end - start) * sizeof(int));
		for (int i = start; i < end; i++)
			levels[L][i - start] = o->tally->order[i];
		lsize[L++] = end - start;
	}
	cut_levels(o, levels, lsize, L, lots);
	json_decref(res);
	return true;
}

/* ---- moving ---- */

static bool record(store *s, const store_seminar *sm, int64_t actor, int64_t now, const char *kind,
		   json_t *detail)
{
	char *d = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	bool ok = d && store_seminar_event_add(s, sm->id, now, actor, kind, d) == STORE_OK;
	free(d);
	return ok;
}

/* Sets retained flags and scenario statuses from the outcome. */
static bool publish_results(store *s, arena *a, const store_seminar *sm, const seminar_outcome *o,
			    int64_t actor, int64_t now)
{
	for (size_t i = 0; i < o->ncand; i++) {
		store_candidate c = o->cand[i];
		c.retained = o->retained[i] ? 1 : 0;
		if (store_candidate_update(s, sm->id, &c) != STORE_OK)
			return false;
		store_scenario sc;
		if (store_scenario_by_id(s, a, c.scenario_id, &sc) != STORE_OK)
			return false;
		const char *status = o->retained[i] ? "retenu" : "non_retenu";
		if (strcmp(sc.status, status) == 0)
			continue;
		json_t *secs = json_loads(sc.sections ? sc.sections : "{}", 0, NULL);
		scenario_input in = {
			.title = sc.title, .summary = sc.summary, .status = status,
			.opening = sc.opening, .sections = secs, .keep_authors = true,
			.note = arena_printf(a, "seminar %s", sm->uid),
		};
		problems pb;
		problems_init(&pb, a);
		/* The seminar's decision stands even when the content no longer
		 * validates (a template changed since): the status is written as
		 * decided, and the problems are left for the authors to fix. */
		bool ok = scenario_save(s, a, &sc, &in, actor, now, &pb);
		json_decref(secs);
		if (!ok) {
			if (!pb.n)
				return false;
			sc.status = status;
			sc.updated_at = now;
			if (store_scenario_update(s, &sc) != STORE_OK)
				return false;
		}
	}
	return true;
}

bool seminar_move(store *s, arena *a, store_seminar *sm, int to, int64_t actor, int64_t now,
		  const char **why)
{
	if (!seminar_can_move(sm, to, why))
		return false;
	int from = seminar_state_of(sm->state);
	if (to == SEM_PRESENTATION || to == SEM_VOTE_OPEN) {
		store_candidate *c;
		size_t n;
		if (store_candidate_list(s, a, sm->id, &c, &n) != STORE_OK)
			return false;
		if (n < 2 || sm->seats >= (int64_t)n) {
			*why = N_("The seminar needs at least two candidates and fewer scenarios to retain than candidates.");
			return false;
		}
	}
	if (to == SEM_RESULTS) {
		seminar_outcome o;
		if (!seminar_outcome_compute(s, a, sm, &o))
			return false;
		if (o.tie) {
			*why = N_("A tie straddles the cut: resolve it before publishing the results.");
			return false;
		}
		if (!publish_results(s, a, sm, &o, actor, now))
			return false;
	}
	if (to == SEM_GROUPS_DONE) {
		assign_result res;
		if (!seminar_assign(s, a, sm, actor, now, &res, why))
			return false;
	}
	sm->state = seminar_states[to];
	sm->updated_at = now;
	if (to == SEM_PRESENTATION && from == SEM_PREPARATION)
		sm->presenting = 0;
	if (store_seminar_update(s, sm) != STORE_OK)
		return false;
	return record(s, sm, actor, now, "state",
		      json_pack("{s:s,s:s}", "from", seminar_states[from], "to", seminar_states[to]));
}

/* A seed drawn from the CSPRNG, kept below 2^53 so that JSON carries it
 * exactly. */
static uint64_t draw_seed(void)
{
	uint64_t x;
	account_random(&x, sizeof x);
	x &= (1ULL << 53) - 1;
	return x ? x : 1;
}

/* A permutation of ids drawn with seed (Fisher-Yates over SplitMix64, so
 * the same seed always draws the same order). */
static void draw_lots(int64_t *ids, size_t n, uint64_t seed)
{
	uint64_t st = seed;
	for (size_t i = n; i > 1; i--) {
		st += 0x9E3779B97F4A7C15ULL;
		uint64_t z = st;
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
		z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
		z ^= z >> 31;
		size_t j = (size_t)(z % i);
		int64_t t = ids[i - 1];
		ids[i - 1] = ids[j];
		ids[j] = t;
	}
}

bool seminar_resolve(store *s, arena *a, store_seminar *sm, seminar_resolve_kind kind,
		     uint64_t seed, int64_t actor, int64_t now, const char **why)
{
	*why = NULL;
	if (seminar_state_of(sm->state) != SEM_VOTE_CLOSED) {
		*why = N_("A tie is resolved once the vote is closed and before the results.");
		return false;
	}
	seminar_outcome o;
	if (!seminar_outcome_compute(s, a, sm, &o))
		return false;
	if (!o.tie) {
		*why = N_("There is no tie across the cut to resolve.");
		return false;
	}
	json_t *prev = resolution_json(sm);
	const char *pk = prev ? json_string_value(json_object_get(prev, "kind")) : NULL;
	bool after_runoff = pk && strcmp(pk, "runoff") == 0 && sm->round >= 2;
	if (kind == SEM_RESOLVE_RUNOFF && (after_runoff || sm->round >= 2)) {
		json_decref(prev);
		*why = N_("A second round has already taken place: draw lots or retain one more.");
		return false;
	}
	json_t *tied = json_array();
	int64_t *ids = arena_alloc(a, o.ntied * sizeof *ids);
	for (size_t i = 0; i < o.ntied; i++) {
		ids[i] = o.cand[o.tied[i]].scenario_id;
		json_array_append_new(tied, json_integer(ids[i]));
	}
	json_t *r = json_object();
	json_object_set_new(r, "tied", tied);
	json_object_set_new(r, "seats", json_integer(o.seats + (kind == SEM_RESOLVE_EXTRA ? 1 : 0)));
	switch (kind) {
	case SEM_RESOLVE_RUNOFF:
		json_object_set_new(r, "kind", json_string("runoff"));
		for (size_t i = 0; i < o.ncand; i++) {
			store_candidate c = o.cand[i];
			c.runoff = false;
			for (size_t k = 0; k < o.ntied; k++)
				if ((size_t)o.tied[k] == i)
					c.runoff = true;
			if (store_candidate_update(s, sm->id, &c) != STORE_OK)
				goto fail;
		}
		break;
	case SEM_RESOLVE_LOTS: {
		if (!seed)
			seed = draw_seed();
		draw_lots(ids, o.ntied, seed);
		json_t *order = json_array();
		for (size_t i = 0; i < o.ntied; i++)
			json_array_append_new(order, json_integer(ids[i]));
		json_object_set_new(r, "kind", json_string("lots"));
		json_object_set_new(r, "seed", json_integer((json_int_t)seed));
		json_object_set_new(r, "order", order);
		break;
	}
	case SEM_RESOLVE_EXTRA:
		json_object_set_new(r, "kind", json_string("extra"));
		break;
	}
	json_t *stored = r;
	if (after_runoff) {
		/* The second round tied again: its resolution goes under the
		 * runoff's, which stays the record of what happened first. */
		json_object_set(prev, "then", r);
		stored = prev;
	} else {
		json_decref(prev);
		prev = NULL;
	}
	char *text = json_dumps(stored, JSON_COMPACT | JSON_SORT_KEYS);
	sm->resolution = arena_strdup(a, text);
	free(text);
	if (kind == SEM_RESOLVE_RUNOFF) {
		sm->round = 2;
		sm->state = seminar_states[SEM_VOTE_OPEN];
	}
	sm->updated_at = now;
	bool ok = store_seminar_update(s, sm) == STORE_OK &&
		  record(s, sm, actor, now, "resolution", json_incref(r));
	json_decref(r);
	json_decref(prev);
	return ok;
fail:
	json_decref(r);
	json_decref(prev);
	return false;
}

/* ---- groups ---- */

bool seminar_groups_load(store *s, arena *a, const store_seminar *sm, seminar_groups *out)
{
	memset(out, 0, sizeof *out);
	store_candidate *c;
	size_t n;
	if (store_candidate_list(s, a, sm->id, &c, &n) != STORE_OK)
		return false;
	out->groups = arena_alloc(a, (n ? n : 1) * sizeof *out->groups);
	for (size_t i = 0; i < n; i++)
		if (c[i].retained == 1)
			out->groups[out->ngroups++] = c[i];
	return store_seminar_people(s, a, sm->id, &out->people, &out->npeople) == STORE_OK;
}

bool seminar_group_prefs(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
			 int16_t *ranks, int n, int64_t now, const char **why)
{
	*why = NULL;
	if (seminar_state_of(sm->state) != SEM_GROUPS_OPEN) {
		*why = N_("Sign-up to the working groups is not open.");
		return false;
	}
	bool joined = false;
	if (store_seminar_joined(s, sm->id, participant_id, &joined) != STORE_OK)
		return false;
	if (!joined) {
		*why = N_("Join the seminar with its code first.");
		return false;
	}
	seminar_params p = {.method = TALLY_BORDA};
	int cand;
	if (seminar_ballot_normalise(&p, n, ranks, &cand) != TALLY_OK) {
		*why = N_("Rank at least one group.");
		return false;
	}
	return store_group_pref_put(s, sm->id, participant_id, seminar_choice_string(a, ranks, n), now) ==
	       STORE_OK;
}

bool seminar_assign(store *s, arena *a, store_seminar *sm, int64_t actor, int64_t now,
		    assign_result *res, const char **why)
{
	*why = NULL;
	seminar_groups g;
	if (!seminar_groups_load(s, a, sm, &g))
		return false;
	if (!g.ngroups) {
		*why = N_("No scenario was retained: there is no group to form.");
		return false;
	}
	int G = (int)g.ngroups, P = (int)g.npeople;
	int16_t *rank = arena_zalloc(a, (size_t)(P ? P : 1) * (size_t)G * sizeof *rank);
	int *kind = arena_alloc(a, (size_t)(P ? P : 1) * sizeof *kind);
	int *mins = arena_alloc(a, (size_t)G * sizeof *mins);
	int *maxs = arena_alloc(a, (size_t)G * sizeof *maxs);
	for (int i = 0; i < P; i++) {
		if (*g.people[i].ranks && !seminar_choice_parse(g.people[i].ranks, G, rank + (size_t)i * G))
			memset(rank + (size_t)i * G, 0, (size_t)G * sizeof *rank);
		kind[i] = -1;
		for (int k = 0; seminar_org_kinds[k]; k++)
			if (strcmp(seminar_org_kinds[k], g.people[i].org_kind) == 0)
				kind[i] = k;
	}
	for (int j = 0; j < G; j++) {
		mins[j] = (int)(g.groups[j].group_min ? g.groups[j].group_min : sm->group_min);
		maxs[j] = (int)(g.groups[j].group_max ? g.groups[j].group_max : sm->group_max);
		if (!maxs[j] || maxs[j] > P)
			maxs[j] = P > mins[j] ? P : mins[j];
	}
	if (!sm->group_seed)
		sm->group_seed = (int64_t)draw_seed();
	int nkinds = 0;
	while (seminar_org_kinds[nkinds])
		nkinds++;
	assign_problem pb = {
		.npeople = P, .ngroups = G, .rank = rank, .min_size = mins, .max_size = maxs,
		.kind = kind, .nkinds = nkinds, .share_num = (int)sm->max_share,
		.share_den = sm->max_share ? 100 : 0, .seed = (uint64_t)sm->group_seed,
	};
	if (assign_solve(a, &pb, res) != ASSIGN_OK) {
		/* The engine's reason is English prose; people get a message
		 * of the catalogue for its kind instead. */
		switch (res->why) {
		case ASSIGN_WHY_MIN_TOTAL:
			*why = N_("The groups' smallest sizes add up to more people than have joined: lower them.");
			break;
		case ASSIGN_WHY_MAX_TOTAL:
			*why = N_("The groups' largest sizes cannot hold everyone who joined: raise them.");
			break;
		case ASSIGN_WHY_KIND_TOTAL:
		case ASSIGN_WHY_GROUP_MIN:
		case ASSIGN_WHY_DIVERSITY:
			*why = N_("The diversity rule cannot be met with these group sizes: relax one or the other.");
			break;
		default:
			*why = N_("No assignment meets the group sizes and the diversity rule.");
			break;
		}
		return false;
	}
	store_group_member *m = arena_alloc(a, (size_t)(P ? P : 1) * sizeof *m);
	for (int i = 0; i < P; i++)
		m[i] = (store_group_member){
			.participant_id = g.people[i].participant_id,
			.scenario_id = g.groups[res->group_of[i]].scenario_id,
			.rank = res->rank_got[i],
		};
	if (store_group_members_set(s, sm->id, m, (size_t)P) != STORE_OK)
		return false;
	sm->updated_at = now;
	if (store_seminar_update(s, sm) != STORE_OK)
		return false;
	return record(s, sm, actor, now, "assignment",
		      json_pack("{s:I,s:i,s:I,s:i}", "seed", (json_int_t)sm->group_seed, "worst",
				res->worst, "sum_squares", (json_int_t)res->sum_squares, "people", P));
}

bool seminar_move_person(store *s, arena *a, const store_seminar *sm, int64_t participant_id,
			 int64_t scenario_id, int64_t actor, int64_t now, const char **why)
{
	*why = NULL;
	if (seminar_state_of(sm->state) != SEM_GROUPS_DONE) {
		*why = N_("People are moved by hand once the groups are formed.");
		return false;
	}
	seminar_groups g;
	if (!seminar_groups_load(s, a, sm, &g))
		return false;
	int gi = -1, pi = -1;
	for (size_t j = 0; j < g.ngroups; j++)
		if (g.groups[j].scenario_id == scenario_id)
			gi = (int)j;
	for (size_t i = 0; i < g.npeople; i++)
		if (g.people[i].participant_id == participant_id)
			pi = (int)i;
	if (gi < 0 || pi < 0) {
		*why = N_("Unknown participant or group.");
		return false;
	}
	int16_t *r = arena_zalloc(a, g.ngroups * sizeof *r);
	int64_t rank = 0;
	if (*g.people[pi].ranks && seminar_choice_parse(g.people[pi].ranks, (int)g.ngroups, r))
		rank = r[gi];
	int64_t from = g.people[pi].group_scenario;
	if (store_group_member_move(s, sm->id, participant_id, scenario_id, rank) != STORE_OK)
		return false;
	return record(s, sm, actor, now, "move",
		      json_pack("{s:I,s:I,s:I,s:s}", "participant", (json_int_t)participant_id, "from",
				(json_int_t)from, "to", (json_int_t)scenario_id, "nickname",
				g.people[pi].nickname));
}

/* ---- joining ---- */

bool seminar_join(store *s, arena *a, const store_seminar *sm, const char *cookie_token,
		  const store_user *user, const char *nickname, const char *org_kind, int64_t now,
		  problems *pb, store_participant *out, char token[ACCOUNT_TOKEN_LEN + 1])
{
	if (!participant_identify(s, a, sm->cycle_id, cookie_token, user, nickname, org_kind, now, pb, out,
				  token))
		return false;
	return store_seminar_join(s, sm->id, out->id, now) == STORE_OK;
}
