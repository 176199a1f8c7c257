/*
 * seminar_export.c — a seminar's ballots, results and groups as CSV, PrefLib
 * and JSON files (see seminar_export.h).
 */
#include "seminar_export.h"
#include "../engines/ballotfile.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(buf *b, const char *s)
{
	if (!strpbrk(s ? s : "", ",\"\r\n")) {
		buf_puts(b, s ? s : "");
		return;
	}
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

bool seminar_ballots_csv(store *s, arena *a, const store_seminar *sm, buf *b)
{
	store_candidate *c;
	size_t nc;
	if (store_candidate_list(s, a, sm->id, &c, &nc) != STORE_OK)
		return false;
	buf_puts(b, "ballot,round");
	for (size_t i = 0; i < nc; i++) {
		buf_putc(b, ',');
		csv_field(b, c[i].uid);
	}
	buf_puts(b, "\r\n");
	int64_t n = 0;
	int *idx = arena_alloc(a, (nc ? nc : 1) * sizeof *idx);
	int16_t *v = arena_alloc(a, (nc ? nc : 1) * sizeof *v);
	for (int64_t round = 1; round <= sm->round; round++) {
		store_ballot *bl;
		size_t nb;
		if (store_ballot_list(s, a, sm->id, round, &bl, &nb) != STORE_OK)
			return false;
		size_t k = 0;
		for (size_t i = 0; i < nc; i++)
			if (round == 1 || c[i].runoff)
				idx[k++] = (int)i;
		for (size_t i = 0; i < nb; i++) {
			if (!seminar_choice_parse(bl[i].choice, (int)k, v))
				continue;
			buf_printf(b, "%lld,%lld", (long long)++n, (long long)round);
			size_t q = 0;
			for (size_t j = 0; j < nc; j++) {
				if (q < k && idx[q] == (int)j)
					buf_printf(b, ",%d", v[q++]);
				else
					buf_puts(b, ",");
			}
			buf_puts(b, "\r\n");
		}
	}
	return true;
}

/* The value of a non-ranked ballot that orders candidates: higher first;
 * a grade counts one more than its number so that "to reject" still ranks
 * above no grade at all. */
static int order_value(tally_method m, int16_t x)
{
	if (m == TALLY_MJ)
		return x < 0 ? 0 : x + 1;
	return x;
}

bool seminar_ballots_preflib(store *s, arena *a, const store_seminar *sm, buf *b, const char **ext)
{
	store_candidate *c;
	size_t nc;
	store_ballot *bl;
	size_t nb;
	if (store_candidate_list(s, a, sm->id, &c, &nc) != STORE_OK ||
	    store_ballot_list(s, a, sm->id, 1, &bl, &nb) != STORE_OK)
		return false;
	seminar_params p;
	seminar_params_read(sm, &p);
	int n = (int)nc;
	bool ranked = p.method == TALLY_SCHULZE || p.method == TALLY_BORDA;
	int16_t *v = arena_alloc(a, (nb ? nb : 1) * (size_t)(n ? n : 1) * sizeof *v);
	int16_t *tmp = arena_alloc(a, (size_t)(n ? n : 1) * sizeof *tmp);
	size_t rows = 0;
	for (size_t i = 0; i < nb; i++) {
		int16_t *row = v + rows * (size_t)n;
		if (!seminar_choice_parse(bl[i].choice, n, tmp))
			continue;
		for (int j = 0; j < n; j++) {
			if (ranked) {
				row[j] = tmp[j];
				continue;
			}
			int x = order_value(p.method, tmp[j]);
			int16_t rk = 0;
			if (x > 0) {
				rk = 1;
				for (int q = 0; q < n; q++)
					if (order_value(p.method, tmp[q]) > x)
						rk++;
			}
			row[j] = rk;
		}
		rows++;
	}
	const char **names = arena_alloc(a, (nc ? nc : 1) * sizeof *names);
	for (size_t i = 0; i < nc; i++)
		names[i] = c[i].title;
	tally_ballots tb = {.ncand = n, .nrows = rows, .v = v, .weight = NULL};
	ballotfile_format f = ballotfile_write_preflib(b, sm->title, NULL, n, names, &tb);
	*ext = ballotfile_format_name(f);
	if (!*ext)
		*ext = "toi";
	return true;
}

void seminar_results_json(const store_seminar *sm, const seminar_outcome *oc, buf *b)
{
	json_t *j = json_object();
	json_object_set_new(j, "seminar", json_string(sm->uid));
	json_object_set_new(j, "title", json_string(sm->title));
	json_object_set_new(j, "method", json_string(sm->method));
	json_object_set_new(j, "ballots", json_integer((json_int_t)oc->ballots));
	json_object_set_new(j, "seats", json_integer(oc->seats));
	json_object_set_new(j, "tie", json_boolean(oc->tie));
	json_t *cands = json_array(), *ranking = json_array(), *retained = json_array();
	const tally_result *t = oc->tally;
	for (size_t i = 0; i < oc->ncand; i++) {
		json_t *c = json_pack("{s:s,s:s,s:i}", "uid", oc->cand[i].uid, "title", oc->cand[i].title, "rank",
				      t->rank ? t->rank[i] : 0);
		if (t->score)
			json_object_set_new(c, "score", json_real(t->score[i]));
		if (t->median)
			json_object_set_new(c, "median", json_integer(t->median[i]));
		if (t->profile) {
			json_t *pr = json_array();
			for (int g = 0; g < TALLY_MJ_GRADES; g++)
				json_array_append_new(pr, json_integer((json_int_t)t->profile[i * TALLY_MJ_GRADES + g]));
			json_object_set_new(c, "profile", pr);
		}
		json_object_set_new(c, "retained", json_boolean(!oc->tie && oc->retained[i]));
		json_array_append_new(cands, c);
	}
	for (size_t k = 0; k < oc->ncand; k++)
		if (!oc->tie && oc->retained[oc->final_order[k]])
			json_array_append_new(retained, json_string(oc->cand[oc->final_order[k]].uid));
	for (int l = 0; l < t->nlevels; l++) {
		json_t *lv = json_array();
		for (int k = t->level_start[l]; k < t->level_start[l + 1]; k++)
			json_array_append_new(lv, json_string(oc->cand[t->order[k]].uid));
		json_array_append_new(ranking, lv);
	}
	json_object_set_new(j, "candidates", cands);
	json_object_set_new(j, "ranking", ranking);
	json_object_set_new(j, "retained", retained);
	if (t->pairwise) {
		json_t *pw = json_array();
		int n = t->ncand;
		for (int x = 0; x < n; x++) {
			json_t *row = json_array();
			for (int y = 0; y < n; y++)
				json_array_append_new(row, json_integer(t->pairwise[x * n + y]));
			json_array_append_new(pw, row);
		}
		json_object_set_new(j, "pairwise", pw);
	}
	json_t *res = sm->resolution && *sm->resolution ? json_loads(sm->resolution, 0, NULL) : NULL;
	json_object_set_new(j, "resolution", res ? res : json_null());
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	buf_puts(b, text);
	buf_putc(b, '\n');
	free(text);
}

void seminar_results_csv(const seminar_outcome *oc, buf *b)
{
	buf_puts(b, "rank,uid,title,score,median,retained\r\n");
	for (size_t k = 0; k < oc->ncand; k++) {
		int i = oc->final_order[k];
		buf_printf(b, "%d,", oc->tally->rank ? oc->tally->rank[i] : 0);
		csv_field(b, oc->cand[i].uid);
		buf_putc(b, ',');
		csv_field(b, oc->cand[i].title);
		if (oc->tally->score)
			buf_printf(b, ",%g", oc->tally->score[i]);
		else
			buf_puts(b, ",");
		if (oc->tally->median)
			buf_printf(b, ",%d", oc->tally->median[i]);
		else
			buf_puts(b, ",");
		buf_printf(b, ",%s\r\n", oc->tie ? "" : oc->retained[i] ? "yes" : "no");
	}
}

bool seminar_groups_csv(store *s, arena *a, const store_seminar *sm, buf *b)
{
	seminar_groups g;
	if (!seminar_groups_load(s, a, sm, &g))
		return false;
	buf_puts(b, "participant,org_kind,group,group_title,rank,manual\r\n");
	for (size_t i = 0; i < g.npeople; i++) {
		store_seminar_person *p = &g.people[i];
		const char *uid = "", *title = "";
		for (size_t j = 0; j < g.ngroups; j++)
			if (g.groups[j].scenario_id == p->group_scenario) {
				uid = g.groups[j].uid;
				title = g.groups[j].title;
			}
		csv_field(b, p->nickname);
		buf_putc(b, ',');
		csv_field(b, p->org_kind);
		buf_putc(b, ',');
		csv_field(b, uid);
		buf_putc(b, ',');
		csv_field(b, title);
		buf_printf(b, ",%lld,%s\r\n", (long long)p->group_rank, p->manual ? "yes" : "no");
	}
	return true;
}
