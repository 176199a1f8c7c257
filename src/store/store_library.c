/* store_library.c — the library of a cycle: references of every kind and
 * the dated observations of signals. */
#include "store_int.h"

#include <stdio.h>
#include <string.h>

static void read_item(db_stmt *st, arena *a, void *row)
{
	store_item *it = row;
	it->id = db_col_int(st, 0);
	it->cycle_id = db_col_int(st, 1);
	it->uid = store_col_str(st, 2, a);
	it->kind = store_col_str(st, 3, a);
	it->title = store_col_str(st, 4, a);
	it->source = store_col_str(st, 5, a);
	it->url = store_col_str(st, 6, a);
	it->date = store_col_str(st, 7, a);
	it->summary = store_col_str(st, 8, a);
	it->tags = store_col_str(st, 9, a);
	it->status = store_col_str(st, 10, a);
	it->speaker_type = store_col_str(st, 11, a);
	it->problem_category = store_col_str(st, 12, a);
	it->created_by = db_col_null(st, 13) ? 0 : db_col_int(st, 13);
	it->created_at = db_col_int(st, 14);
	it->updated_at = db_col_int(st, 15);
}

#define ITEM_COLS "id, cycle_id, uid, kind, title, source, url, date, summary, tags, status, " \
		  "speaker_type, problem_category, created_by, created_at, updated_at"

/* Binds the fields shared by create and update as $2..$12. */
static void bind_item(db_stmt *st, const store_item *it)
{
	db_bind_text(st, 2, it->kind);
	db_bind_text(st, 3, it->title);
	db_bind_text(st, 4, it->source ? it->source : "");
	db_bind_text(st, 5, it->url ? it->url : "");
	store_bind_opt(st, 6, it->date);
	db_bind_text(st, 7, it->summary ? it->summary : "");
	db_bind_text(st, 8, it->tags ? it->tags : "[]");
	db_bind_text(st, 9, it->status ? it->status : "");
	db_bind_text(st, 10, it->speaker_type ? it->speaker_type : "");
	db_bind_text(st, 11, it->problem_category ? it->problem_category : "");
	db_bind_int(st, 12, it->updated_at);
}

store_rc store_item_create(store *s, const store_item *it, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO library (cycle_id, kind, title, source, url, date, summary, tags, status, "
		"speaker_type, problem_category, updated_at, uid, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id");
	db_bind_int(st, 1, it->cycle_id);
	bind_item(st, it);
	db_bind_text(st, 13, it->uid);
	if (it->created_by)
		db_bind_int(st, 14, it->created_by);
	else
		db_bind_null(st, 14);
	db_bind_int(st, 15, it->created_at);
	return store_insert_id(s, st, id);
}

store_rc store_item_update(store *s, const store_item *it)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE library SET kind = $2, title = $3, source = $4, url = $5, date = $6, "
		"summary = $7, tags = $8, status = $9, speaker_type = $10, problem_category = $11, "
		"updated_at = $12 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, it->id);
	bind_item(st, it);
	return store_touch(s, st);
}

store_rc store_item_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM library WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_item_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_item *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " ITEM_COLS " FROM library WHERE cycle_id = $1 AND uid = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, uid);
	return store_fetch(st, a, read_item, out);
}

store_rc store_item_by_id(store *s, arena *a, int64_t id, store_item *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " ITEM_COLS " FROM library WHERE id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_item, out);
}

store_rc store_item_by_ids(store *s, arena *a, const int64_t *ids, size_t nids, store_item **out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!nids)
		return STORE_OK;
	if (nids > 100)
		nids = 100;
	db_stmt *st = db_prepare_dynamic(s->db, arena_printf(a, "SELECT " ITEM_COLS " FROM library WHERE id IN (%s)",
							     store_in_list(a, nids)));
	for (size_t i = 0; i < nids; i++)
		db_bind_int(st, (int)i + 1, ids[i]);
	return store_collect(st, a, sizeof **out, read_item, out, n);
}

/* The filter clause shared by the list and its count. A tag is looked up
 * in the taggings kept beside the items (exact, indexed); the year is
 * compared on the first four characters of the date, never by pattern. */
#define ITEM_WHERE \
	"WHERE cycle_id = $1 AND ($2 = '' OR kind = $2) AND ($3 = '' OR status = $3) " \
	"AND ($4 = '' OR EXISTS (SELECT 1 FROM taggings g WHERE g.target_kind = 'item' " \
	"AND g.target_id = library.id AND g.taxonomy = $4 AND g.code = $6)) " \
	"AND ($5 = '' OR SUBSTR(COALESCE(date, ''), 1, 4) = $5) "

static void bind_filter(db_stmt *st, int64_t cycle_id, const store_item_filter *f)
{
	const char *tag = f && f->tag ? f->tag : "";
	const char *colon = strchr(tag, ':');
	char tax[64] = "";
	if (colon && (size_t)(colon - tag) < sizeof tax)
		snprintf(tax, sizeof tax, "%.*s", (int)(colon - tag), tag);
	else if (*tag)
		snprintf(tax, sizeof tax, "%s", "?"); /* matches no taxonomy */
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, f && f->kind ? f->kind : "");
	db_bind_text(st, 3, f && f->status ? f->status : "");
	db_bind_text(st, 4, tax);
	db_bind_text(st, 5, f && f->year ? f->year : "");
	db_bind_text(st, 6, colon ? colon + 1 : "");
}

store_rc store_item_list(store *s, arena *a, int64_t cycle_id, const store_item_filter *f,
			 store_item **out, size_t *n, int64_t *total)
{
	db_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM library " ITEM_WHERE);
	bind_filter(st, cycle_id, f);
	store_rc r = store_one_int(st, total);
	if (r != STORE_OK)
		return r;
	st = db_prepare(s->db,
		"SELECT " ITEM_COLS " FROM library " ITEM_WHERE
		"ORDER BY CASE WHEN date IS NULL THEN 1 ELSE 0 END, date DESC, title, id "
		"LIMIT $7 OFFSET $8");
	bind_filter(st, cycle_id, f);
	db_bind_int(st, 7, f && f->limit ? f->limit : INT64_MAX);
	db_bind_int(st, 8, f ? f->offset : 0);
	return store_collect(st, a, sizeof **out, read_item, out, n);
}

static void read_count(db_stmt *st, arena *a, void *row)
{
	store_count *c = row;
	c->key = store_col_str(st, 0, a);
	c->n = db_col_int(st, 1);
}

store_rc store_item_facet(store *s, arena *a, int64_t cycle_id, const char *column,
			  store_count **out, size_t *n)
{
	/* Two fixed statements rather than a column name from the caller. */
	db_stmt *st = db_prepare(s->db, column && column[0] == 's'
		? "SELECT status, COUNT(*) FROM library WHERE cycle_id = $1 AND status <> '' "
		  "GROUP BY status ORDER BY status"
		: "SELECT kind, COUNT(*) FROM library WHERE cycle_id = $1 GROUP BY kind ORDER BY kind");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_count, out, n);
}

store_rc store_item_citations(store *s, int64_t cycle_id, const char *uid, int64_t *n)
{
	/* The uid appears quoted in the JSON of a refs section; a quote inside
	 * a text would be escaped, so the quoted form cannot come from one. */
	char pat[200];
	size_t k = 0;
	pat[k++] = '%';
	pat[k++] = '"';
	for (const char *p = uid; *p && k < sizeof pat - 5; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			pat[k++] = '\\';
		pat[k++] = *p;
	}
	pat[k++] = '"';
	pat[k++] = '%';
	pat[k] = 0;
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*) FROM scenarios WHERE cycle_id = $1 AND sections LIKE $2 ESCAPE '\\'");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, pat);
	return store_one_int(st, n);
}

store_rc store_observation_add(store *s, const store_observation *o, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO observations (item_id, observed_on, status, note, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	db_bind_int(st, 1, o->item_id);
	store_bind_opt(st, 2, o->observed_on);
	db_bind_text(st, 3, o->status ? o->status : "");
	db_bind_text(st, 4, o->note ? o->note : "");
	if (o->created_by)
		db_bind_int(st, 5, o->created_by);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, o->created_at);
	return store_insert_id(s, st, id);
}

static void read_observation(db_stmt *st, arena *a, void *row)
{
	store_observation *o = row;
	o->id = db_col_int(st, 0);
	o->item_id = db_col_int(st, 1);
	o->observed_on = store_col_str(st, 2, a);
	o->status = store_col_str(st, 3, a);
	o->note = store_col_str(st, 4, a);
	o->created_by = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
	o->created_at = db_col_int(st, 6);
}

store_rc store_observation_list(store *s, arena *a, int64_t item_id, store_observation **out,
				size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, item_id, observed_on, status, note, created_by, created_at "
		"FROM observations WHERE item_id = $1 "
		"ORDER BY CASE WHEN observed_on IS NULL THEN 1 ELSE 0 END, observed_on, id");
	db_bind_int(st, 1, item_id);
	return store_collect(st, a, sizeof **out, read_observation, out, n);
}

void store_read_count(db_stmt *st, arena *a, void *row)
{
	read_count(st, a, row);
}
