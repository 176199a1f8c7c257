/* store_taxonomy.c — taxonomies of a cycle, their terms, and templates. */
#include "store_int.h"

static void read_taxonomy(db_stmt *st, arena *a, void *row)
{
	store_taxonomy *t = row;
	t->id = db_col_int(st, 0);
	t->cycle_id = db_col_int(st, 1);
	t->position = db_col_int(st, 2);
	t->slug = store_col_str(st, 3, a);
	t->name = store_col_str(st, 4, a);
	t->description = store_col_str(st, 5, a);
}

#define TAXONOMY_COLS "id, cycle_id, position, slug, name, description"

store_rc store_taxonomy_create(store *s, const store_taxonomy *t, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO taxonomies (cycle_id, position, slug, name, description) "
		"VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM taxonomies WHERE cycle_id = $1), "
		"$2, $3, $4) RETURNING id");
	db_bind_int(st, 1, t->cycle_id);
	db_bind_text(st, 2, t->slug);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->description ? t->description : "");
	return store_insert_id(s, st, id);
}

store_rc store_taxonomy_update(store *s, const store_taxonomy *t)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE taxonomies SET slug = $2, name = $3, description = $4 WHERE id = $1 "
		"RETURNING id");
	db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, t->slug);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->description ? t->description : "");
	return store_touch(s, st);
}

store_rc store_taxonomy_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM taxonomies WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_taxonomy_list(store *s, arena *a, int64_t cycle_id, store_taxonomy **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TAXONOMY_COLS " FROM taxonomies WHERE cycle_id = $1 ORDER BY position, id");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_taxonomy, out, n);
}

store_rc store_taxonomy_get(store *s, arena *a, int64_t cycle_id, const char *slug,
			    store_taxonomy *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TAXONOMY_COLS " FROM taxonomies WHERE cycle_id = $1 AND slug = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, slug);
	return store_fetch(st, a, read_taxonomy, out);
}

static void read_term(db_stmt *st, arena *a, void *row)
{
	store_term *t = row;
	t->id = db_col_int(st, 0);
	t->taxonomy_id = db_col_int(st, 1);
	t->position = db_col_int(st, 2);
	t->code = store_col_str(st, 3, a);
	t->label = store_col_str(st, 4, a);
	t->definition = store_col_str(st, 5, a);
	t->hashtags = store_col_str(st, 6, a);
	t->examples = store_col_str(st, 7, a);
}

#define TERM_COLS "id, taxonomy_id, position, code, label, definition, hashtags, examples"

store_rc store_term_create(store *s, const store_term *t, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO terms (taxonomy_id, position, code, label, definition, hashtags, examples) "
		"VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM terms WHERE taxonomy_id = $1), "
		"$2, $3, $4, $5, $6) RETURNING id");
	db_bind_int(st, 1, t->taxonomy_id);
	db_bind_text(st, 2, t->code);
	db_bind_text(st, 3, t->label);
	db_bind_text(st, 4, t->definition ? t->definition : "");
	db_bind_text(st, 5, t->hashtags ? t->hashtags : "[]");
	db_bind_text(st, 6, t->examples ? t->examples : "[]");
	return store_insert_id(s, st, id);
}

store_rc store_term_update(store *s, const store_term *t)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE terms SET code = $3, label = $4, definition = $5, hashtags = $6, examples = $7 "
		"WHERE id = $1 AND taxonomy_id = $2 RETURNING id");
	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, t->taxonomy_id);
	db_bind_text(st, 3, t->code);
	db_bind_text(st, 4, t->label);
	db_bind_text(st, 5, t->definition ? t->definition : "");
	db_bind_text(st, 6, t->hashtags ? t->hashtags : "[]");
	db_bind_text(st, 7, t->examples ? t->examples : "[]");
	return store_touch(s, st);
}

store_rc store_term_delete(store *s, int64_t taxonomy_id, int64_t id)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM terms WHERE id = $1 AND taxonomy_id = $2 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, taxonomy_id);
	return store_touch(s, st);
}

store_rc store_term_list(store *s, arena *a, int64_t taxonomy_id, store_term **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TERM_COLS " FROM terms WHERE taxonomy_id = $1 ORDER BY position, id");
	db_bind_int(st, 1, taxonomy_id);
	return store_collect(st, a, sizeof **out, read_term, out, n);
}

store_rc store_term_get(store *s, arena *a, int64_t taxonomy_id, const char *code, store_term *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TERM_COLS " FROM terms WHERE taxonomy_id = $1 AND code = $2");
	db_bind_int(st, 1, taxonomy_id);
	db_bind_text(st, 2, code);
	return store_fetch(st, a, read_term, out);
}

static void read_template(db_stmt *st, arena *a, void *row)
{
	store_template *t = row;
	t->id = db_col_int(st, 0);
	t->cycle_id = db_col_int(st, 1);
	t->position = db_col_int(st, 2);
	t->slug = store_col_str(st, 3, a);
	t->name = store_col_str(st, 4, a);
	t->description = store_col_str(st, 5, a);
	t->sections = store_col_str(st, 6, a);
	t->updated_at = db_col_int(st, 7);
}

#define TEMPLATE_COLS "id, cycle_id, position, slug, name, description, sections, updated_at"

store_rc store_template_create(store *s, const store_template *t, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO templates (cycle_id, position, slug, name, description, sections, updated_at) "
		"VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM templates WHERE cycle_id = $1), "
		"$2, $3, $4, $5, $6) RETURNING id");
	db_bind_int(st, 1, t->cycle_id);
	db_bind_text(st, 2, t->slug);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->description ? t->description : "");
	db_bind_text(st, 5, t->sections);
	db_bind_int(st, 6, t->updated_at);
	return store_insert_id(s, st, id);
}

store_rc store_template_update(store *s, const store_template *t)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE templates SET slug = $2, name = $3, description = $4, sections = $5, "
		"updated_at = $6 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, t->id);
	db_bind_text(st, 2, t->slug);
	db_bind_text(st, 3, t->name);
	db_bind_text(st, 4, t->description ? t->description : "");
	db_bind_text(st, 5, t->sections);
	db_bind_int(st, 6, t->updated_at);
	return store_touch(s, st);
}

store_rc store_template_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM templates WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_template_list(store *s, arena *a, int64_t cycle_id, store_template **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TEMPLATE_COLS " FROM templates WHERE cycle_id = $1 ORDER BY position, id");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_template, out, n);
}

store_rc store_template_get(store *s, arena *a, int64_t cycle_id, const char *slug,
			    store_template *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " TEMPLATE_COLS " FROM templates WHERE cycle_id = $1 AND slug = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, slug);
	return store_fetch(st, a, read_template, out);
}

store_rc store_template_by_id(store *s, arena *a, int64_t id, store_template *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " TEMPLATE_COLS " FROM templates WHERE id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_template, out);
}

store_rc store_template_uses(store *s, int64_t id, int64_t *n)
{
	db_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM scenarios WHERE template_id = $1");
	db_bind_int(st, 1, id);
	return store_one_int(st, n);
}
