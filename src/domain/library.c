/* library.c — references of a cycle: rules, saving, tags, search entry. */
#include "library.h"
#include "catalog.h"
#include "../core/text.h"
#include "../engines/fold.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

const char *const library_kinds[] = {"signe", "signal", "reference", "inspiration",
				     "contre_modele", "imaginaire", "question", "interview", NULL};
const char *const library_statuses[] = {"a_surveiller", "observe", "confirme", "estompe", NULL};

static bool in_list(const char *const *list, const char *v)
{
	for (size_t i = 0; v && list[i]; i++)
		if (!strcmp(list[i], v))
			return true;
	return false;
}

bool library_kind_ok(const char *k)
{
	return in_list(library_kinds, k);
}

bool library_status_ok(const char *st)
{
	return in_list(library_statuses, st);
}

bool library_date_ok(const char *d)
{
	size_t n = d ? strlen(d) : 0;
	if (n == 10)
		return cycle_date_ok(d);
	if (n != 4 && n != 7)
		return false;
	for (size_t i = 0; i < n; i++)
		if (i == 4 ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	if (y < 1000 || y > 2300)
		return false;
	if (n == 7) {
		int m = (d[5] - '0') * 10 + (d[6] - '0');
		return m >= 1 && m <= 12;
	}
	return true;
}

static void check_text(problems *p, const char *field, const char *v, size_t max,
		       const char *msgid)
{
	if (v && (!text_utf8_valid(v, strlen(v)) || text_utf8_len(v) > max))
		problems_add(p, field, msgid);
}

void library_check(store *s, const store_item *it, problems *p)
{
	if (!library_kind_ok(it->kind))
		problems_add(p, "kind", N_("Choose a kind."));
	if (!it->title || !*it->title)
		problems_add(p, "title", N_("Enter a title."));
	check_text(p, "title", it->title, 300, N_("Keep the title under 300 characters."));
	check_text(p, "source", it->source, 300, N_("Keep the source under 300 characters."));
	check_text(p, "summary", it->summary, 20000, N_("Keep the summary under 20000 characters."));
	check_text(p, "speaker_type", it->speaker_type, 200, N_("Keep this under 200 characters."));
	check_text(p, "problem_category", it->problem_category, 200,
		   N_("Keep this under 200 characters."));
	if (it->url && *it->url &&
	    (strncmp(it->url, "https://", 8) && strncmp(it->url, "http://", 7)))
		problems_add(p, "url", N_("Enter an address starting with https:// or http://."));
	else
		check_text(p, "url", it->url, 2000, N_("Keep the address under 2000 characters."));
	if (it->date && *it->date && !library_date_ok(it->date))
		problems_add(p, "date", N_("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."));
	if (it->status && *it->status && !library_status_ok(it->status))
		problems_add(p, "status", N_("Choose a status."));
	json_t *tags = json_loads(it->tags ? it->tags : "[]", 0, NULL);
	size_t i;
	json_t *t;
	if (!json_is_array(tags)) {
		problems_add(p, "tags", N_("Choose tags from the cycle's taxonomies."));
	} else {
		json_array_foreach(tags, i, t) {
			const char *v = json_string_value(t);
			const char *colon = v ? strchr(v, ':') : NULL;
			char tax[64];
			if (!colon || (size_t)(colon - v) >= sizeof tax) {
				problems_add(p, "tags", N_("Choose tags from the cycle's taxonomies."));
				break;
			}
			snprintf(tax, sizeof tax, "%.*s", (int)(colon - v), v);
			if (!catalog_term_exists(s, it->cycle_id, tax, colon + 1)) {
				problems_add(p, "tags", N_("Choose tags from the cycle's taxonomies."));
				break;
			}
		}
	}
	json_decref(tags);
}

bool library_reindex(store *s, arena *a, const store_item *it)
{
	json_t *tags = json_loads(it->tags ? it->tags : "[]", 0, NULL);
	size_t n = json_is_array(tags) ? json_array_size(tags) : 0;
	store_tag *v = arena_alloc(a, (n + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(tags, i));
		const char *colon = t ? strchr(t, ':') : NULL;
		if (!colon)
			continue;
		v[k].taxonomy = arena_strndup(a, t, (size_t)(colon - t));
		v[k].code = arena_strdup(a, colon + 1);
		k++;
	}
	json_decref(tags);
	if (store_tagging_set(s, it->cycle_id, "item", it->id, v, k) != STORE_OK)
		return false;
	const char *body = arena_printf(a, "%s\n%s\n%s\n%s", it->source ? it->source : "",
					it->summary ? it->summary : "",
					it->speaker_type ? it->speaker_type : "",
					it->problem_category ? it->problem_category : "");
	return store_search_put(s, it->cycle_id, "item", it->id, fold_text(a, it->title),
				fold_text(a, body)) == STORE_OK;
}

bool library_save(store *s, arena *a, store_item *it, int64_t now, problems *p)
{
	library_check(s, it, p);
	if (p->n)
		return false;
	it->updated_at = now;
	store_rc r;
	if (!it->id) {
		if (!it->uid || !*it->uid)
			it->uid = cycle_new_uid(a);
		it->created_at = now;
		r = store_item_create(s, it, &it->id);
		if (r == STORE_EXISTS) {
			problems_add(p, "uid", N_("This identifier is already used in the cycle."));
			return false;
		}
	} else {
		r = store_item_update(s, it);
	}
	return r == STORE_OK && library_reindex(s, a, it);
}

int library_delete(store *s, const store_item *it, int64_t *citing)
{
	*citing = 0;
	if (store_item_citations(s, it->cycle_id, it->uid, citing) != STORE_OK)
		return -1;
	if (*citing)
		return 1;
	return store_tagging_set(s, it->cycle_id, "item", it->id, NULL, 0) == STORE_OK &&
	       store_search_remove(s, "item", it->id) == STORE_OK &&
	       store_item_delete(s, it->id) == STORE_OK ? 0 : -1;
}

bool library_observe(store *s, arena *a, store_item *it, const char *date, const char *status,
		     const char *note, int64_t user_id, int64_t now, problems *p)
{
	if (!date || !cycle_date_ok(date))
		problems_add(p, "observed_on", N_("Enter a date as YYYY-MM-DD."));
	if (status && *status && !library_status_ok(status))
		problems_add(p, "status", N_("Choose a status."));
	if (!note || !*note)
		problems_add(p, "note", N_("Say what was observed."));
	else
		check_text(p, "note", note, 5000, N_("Keep the note under 5000 characters."));
	if (p->n)
		return false;
	store_observation o = {.item_id = it->id, .observed_on = date, .status = status,
			       .note = note, .created_by = user_id, .created_at = now};
	if (store_observation_add(s, &o, NULL) != STORE_OK)
		return false;
	if (status && *status && strcmp(status, it->status ? it->status : "")) {
		it->status = status;
		it->updated_at = now;
		return store_item_update(s, it) == STORE_OK;
	}
	return true;
}
