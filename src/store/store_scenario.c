/* store_scenario.c — scenarios, their authors and their revisions. */
#include "store_int.h"

static void read_scenario(db_stmt *st, arena *a, void *row)
{
	store_scenario *sc = row;
	sc->id = db_col_int(st, 0);
	sc->cycle_id = db_col_int(st, 1);
	sc->template_id = db_col_int(st, 2);
	sc->uid = store_col_str(st, 3, a);
	sc->title = store_col_str(st, 4, a);
	sc->summary = store_col_str(st, 5, a);
	sc->status = store_col_str(st, 6, a);
	sc->parent_id = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
	sc->opening = db_col_int(st, 8) != 0;
	sc->sections = store_col_str(st, 9, a);
	sc->revision = db_col_int(st, 10);
	sc->created_by = db_col_null(st, 11) ? 0 : db_col_int(st, 11);
	sc->created_at = db_col_int(st, 12);
	sc->updated_at = db_col_int(st, 13);
	sc->template_slug = store_col_str(st, 14, a);
	sc->parent_uid = store_col_str(st, 15, a);
}

#define SCENARIO_SELECT \
	"SELECT s.id, s.cycle_id, s.template_id, s.uid, s.title, s.summary, s.status, " \
	"s.parent_id, s.opening, s.sections, s.revision, s.created_by, s.created_at, " \
	"s.updated_at, t.slug, p.uid FROM scenarios s JOIN templates t ON t.id = s.template_id " \
	"LEFT JOIN scenarios p ON p.id = s.parent_id "

store_rc store_scenario_create(store *s, const store_scenario *sc, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO scenarios (cycle_id, template_id, uid, title, summary, status, parent_id, "
		"opening, sections, revision, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id");
	db_bind_int(st, 1, sc->cycle_id);
	db_bind_int(st, 2, sc->template_id);
	db_bind_text(st, 3, sc->uid);
	db_bind_text(st, 4, sc->title);
	db_bind_text(st, 5, sc->summary ? sc->summary : "");
	db_bind_text(st, 6, sc->status);
	if (sc->parent_id)
		db_bind_int(st, 7, sc->parent_id);
	else
		db_bind_null(st, 7);
	db_bind_int(st, 8, sc->opening ? 1 : 0);
	db_bind_text(st, 9, sc->sections ? sc->sections : "{}");
	db_bind_int(st, 10, sc->revision);
	if (sc->created_by)
		db_bind_int(st, 11, sc->created_by);
	else
		db_bind_null(st, 11);
	db_bind_int(st, 12, sc->created_at);
	db_bind_int(st, 13, sc->updated_at);
	return store_insert_id(s, st, id);
}

store_rc store_scenario_update(store *s, const store_scenario *sc)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE scenarios SET title = $2, summary = $3, status = $4, opening = $5, "
		"sections = $6, revision = $7, updated_at = $8, template_id = $9 "
		"WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, sc->id);
	db_bind_text(st, 2, sc->title);
	db_bind_text(st, 3, sc->summary ? sc->summary : "");
	db_bind_text(st, 4, sc->status);
	db_bind_int(st, 5, sc->opening ? 1 : 0);
	db_bind_text(st, 6, sc->sections ? sc->sections : "{}");
	db_bind_int(st, 7, sc->revision);
	db_bind_int(st, 8, sc->updated_at);
	db_bind_int(st, 9, sc->template_id);
	return store_touch(s, st);
}

store_rc store_scenario_set_parent(store *s, int64_t id, int64_t parent_id)
{
	db_stmt *st = db_prepare(s->db, "UPDATE scenarios SET parent_id = $2 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	if (parent_id)
		db_bind_int(st, 2, parent_id);
	else
		db_bind_null(st, 2);
	return store_touch(s, st);
}

store_rc store_scenario_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM scenarios WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_scenario_get(store *s, arena *a, int64_t cycle_id, const char *uid,
			    store_scenario *out)
{
	db_stmt *st = db_prepare(s->db, SCENARIO_SELECT "WHERE s.cycle_id = $1 AND s.uid = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, uid);
	return store_fetch(st, a, read_scenario, out);
}

store_rc store_scenario_by_id(store *s, arena *a, int64_t id, store_scenario *out)
{
	db_stmt *st = db_prepare(s->db, SCENARIO_SELECT "WHERE s.id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_scenario, out);
}

store_rc store_scenario_by_ids(store *s, arena *a, const int64_t *ids, size_t nids,
			       store_scenario **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!nids)
		return STORE_OK;
	if (nids > 100)
		nids = 100;
	db_stmt *st = db_prepare_dynamic(s->db, arena_printf(a, SCENARIO_SELECT "WHERE s.id IN (%s)",
							     store_in_list(a, nids)));
	for (size_t i = 0; i < nids; i++)
		db_bind_int(st, (int)i + 1, ids[i]);
	return store_collect(st, a, sizeof **out, read_scenario, out, n);
}

store_rc store_scenario_list(store *s, arena *a, int64_t cycle_id, const store_scenario_filter *f,
			     store_scenario **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db, SCENARIO_SELECT
		"WHERE ($1 = 0 OR s.cycle_id = $1) AND ($2 = '' OR s.status = $2) "
		"AND ($3 = '' OR t.slug = $3) AND ($4 = 0 OR s.parent_id = $4) "
		"AND ($5 = 0 OR s.opening = 1) ORDER BY s.id");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, f && f->status ? f->status : "");
	db_bind_text(st, 3, f && f->template_slug ? f->template_slug : "");
	db_bind_int(st, 4, f ? f->parent_id : 0);
	db_bind_int(st, 5, f ? f->openings : 0);
	return store_collect(st, a, sizeof **out, read_scenario, out, n);
}

store_rc store_scenario_facet(store *s, arena *a, int64_t cycle_id, store_count **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT status, COUNT(*) FROM scenarios WHERE cycle_id = $1 GROUP BY status "
		"ORDER BY status");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, store_read_count, out, n);
}

store_rc store_author_add(store *s, int64_t scenario_id, int64_t user_id)
{
	bool yes;
	store_rc r = store_author_is(s, scenario_id, user_id, &yes);
	if (r != STORE_OK || yes)
		return r;
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO scenario_authors (scenario_id, user_id) VALUES ($1, $2)");
	db_bind_int(st, 1, scenario_id);
	db_bind_int(st, 2, user_id);
	return store_run(st);
}

store_rc store_author_is(store *s, int64_t scenario_id, int64_t user_id, bool *yes)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*) FROM scenario_authors WHERE scenario_id = $1 AND user_id = $2");
	db_bind_int(st, 1, scenario_id);
	db_bind_int(st, 2, user_id);
	int64_t n = 0;
	store_rc r = store_one_int(st, &n);
	*yes = n > 0;
	return r;
}

store_rc store_author_list(store *s, arena *a, int64_t scenario_id, store_member **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT u.id, u.email, u.name, '', 0 FROM scenario_authors x "
		"JOIN users u ON u.id = x.user_id WHERE x.scenario_id = $1 ORDER BY x.id");
	db_bind_int(st, 1, scenario_id);
	return store_collect(st, a, sizeof **out, store_read_member, out, n);
}

store_rc store_revision_add(store *s, const store_revision *r, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO revisions (scenario_id, number, title, summary, status, sections, "
		"author_id, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
	db_bind_int(st, 1, r->scenario_id);
	db_bind_int(st, 2, r->number);
	db_bind_text(st, 3, r->title);
	db_bind_text(st, 4, r->summary ? r->summary : "");
	db_bind_text(st, 5, r->status);
	db_bind_text(st, 6, r->sections);
	if (r->author_id)
		db_bind_int(st, 7, r->author_id);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, r->note ? r->note : "");
	db_bind_int(st, 9, r->created_at);
	return store_insert_id(s, st, id);
}

static void read_revision(db_stmt *st, arena *a, void *row)
{
	store_revision *r = row;
	r->id = db_col_int(st, 0);
	r->scenario_id = db_col_int(st, 1);
	r->number = db_col_int(st, 2);
	r->title = store_col_str(st, 3, a);
	r->summary = store_col_str(st, 4, a);
	r->status = store_col_str(st, 5, a);
	r->sections = store_col_str(st, 6, a);
	r->author_id = db_col_null(st, 7) ? 0 : db_col_int(st, 7);
	r->note = store_col_str(st, 8, a);
	r->created_at = db_col_int(st, 9);
	r->author_name = store_col_str(st, 10, a);
	r->author_email = store_col_str(st, 11, a);
}

store_rc store_revision_list(store *s, arena *a, int64_t scenario_id, bool brief,
			     store_revision **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT r.id, r.scenario_id, r.number, r.title, r.summary, r.status, "
		"CASE WHEN $2 = 1 THEN '' ELSE r.sections END, r.author_id, r.note, r.created_at, "
		"u.name, u.email FROM revisions r LEFT JOIN users u ON u.id = r.author_id "
		"WHERE r.scenario_id = $1 ORDER BY r.number DESC");
	db_bind_int(st, 1, scenario_id);
	db_bind_int(st, 2, brief ? 1 : 0);
	return store_collect(st, a, sizeof **out, read_revision, out, n);
}

store_rc store_revision_get(store *s, arena *a, int64_t scenario_id, int64_t number,
			    store_revision *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT r.id, r.scenario_id, r.number, r.title, r.summary, r.status, r.sections, "
		"r.author_id, r.note, r.created_at, u.name, u.email FROM revisions r "
		"LEFT JOIN users u ON u.id = r.author_id WHERE r.scenario_id = $1 AND r.number = $2");
	db_bind_int(st, 1, scenario_id);
	db_bind_int(st, 2, number);
	return store_fetch(st, a, read_revision, out);
}
