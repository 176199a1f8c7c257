/* store_cycle.c — cycles, their phases, members and invitations. */
#include "store_int.h"

#include <string.h>

#define CYCLE_COLS "c.id, c.slug, c.title, c.question, c.description, c.horizon, c.visibility, " \
		   "c.archived, c.created_by, c.created_at, c.updated_at"

static void read_cycle(db_stmt *st, arena *a, void *row)
{
	store_cycle *c = row;
	c->id = db_col_int(st, 0);
	c->slug = store_col_str(st, 1, a);
	c->title = store_col_str(st, 2, a);
	c->question = store_col_str(st, 3, a);
	c->description = store_col_str(st, 4, a);
	c->horizon = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
	c->visibility = store_col_str(st, 6, a);
	c->archived = db_col_int(st, 7) != 0;
	c->created_by = db_col_null(st, 8) ? 0 : db_col_int(st, 8);
	c->created_at = db_col_int(st, 9);
	c->updated_at = db_col_int(st, 10);
}

static void bind_cycle(db_stmt *st, const store_cycle *c)
{
	db_bind_text(st, 1, c->slug);
	db_bind_text(st, 2, c->title);
	db_bind_text(st, 3, c->question ? c->question : "");
	db_bind_text(st, 4, c->description ? c->description : "");
	if (c->horizon)
		db_bind_int(st, 5, c->horizon);
	else
		db_bind_null(st, 5);
	db_bind_text(st, 6, c->visibility);
	db_bind_int(st, 7, c->archived ? 1 : 0);
}

store_rc store_cycle_create(store *s, const store_cycle *c, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO cycles (slug, title, question, description, horizon, visibility, "
		"archived, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	bind_cycle(st, c);
	if (c->created_by)
		db_bind_int(st, 8, c->created_by);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, c->created_at);
	db_bind_int(st, 10, c->updated_at);
	return store_insert_id(s, st, id);
}

store_rc store_cycle_update(store *s, const store_cycle *c)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE cycles SET slug = $1, title = $2, question = $3, description = $4, "
		"horizon = $5, visibility = $6, archived = $7, updated_at = $8 WHERE id = $9 "
		"RETURNING id");
	bind_cycle(st, c);
	db_bind_int(st, 8, c->updated_at);
	db_bind_int(st, 9, c->id);
	return store_touch(s, st);
}

store_rc store_cycle_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM search_index WHERE cycle_id = $1");
	db_bind_int(st, 1, id);
	store_rc r = store_run(st);
	if (r != STORE_OK)
		return r;
	/* Scenarios reference templates without a cascade (a template in use
	 * cannot go), so they leave first. */
	st = db_prepare(s->db, "DELETE FROM scenarios WHERE cycle_id = $1");
	db_bind_int(st, 1, id);
	if ((r = store_run(st)) != STORE_OK)
		return r;
	st = db_prepare(s->db, "DELETE FROM cycles WHERE id = $1");
	db_bind_int(st, 1, id);
	return store_run(st);
}

store_rc store_cycle_by_slug(store *s, arena *a, const char *slug, store_cycle *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " CYCLE_COLS " FROM cycles c WHERE c.slug = $1");
	db_bind_text(st, 1, slug);
	return store_fetch(st, a, read_cycle, out);
}

store_rc store_cycle_by_id(store *s, arena *a, int64_t id, store_cycle *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " CYCLE_COLS " FROM cycles c WHERE c.id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_cycle, out);
}

store_rc store_cycle_list(store *s, arena *a, int64_t user_id, bool is_admin, bool with_archived,
			  store_cycle **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " CYCLE_COLS " FROM cycles c "
		"WHERE ($3 = 1 OR c.archived = 0) AND ($2 = 1 OR c.visibility = 'public' OR "
		"EXISTS (SELECT 1 FROM members m WHERE m.cycle_id = c.id AND m.user_id = $1)) "
		"ORDER BY c.created_at DESC, c.id DESC");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, is_admin ? 1 : 0);
	db_bind_int(st, 3, with_archived ? 1 : 0);
	return store_collect(st, a, sizeof **out, read_cycle, out, n);
}

static void read_phase(db_stmt *st, arena *a, void *row)
{
	store_phase *p = row;
	p->id = db_col_int(st, 0);
	p->name = store_col_str(st, 1, a);
	p->kind = store_col_str(st, 2, a);
	p->starts_on = store_col_str(st, 3, a);
	p->ends_on = store_col_str(st, 4, a);
}

store_rc store_phase_list(store *s, arena *a, int64_t cycle_id, store_phase **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, name, kind, starts_on, ends_on FROM phases WHERE cycle_id = $1 "
		"ORDER BY position");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_phase, out, n);
}

store_rc store_phase_replace(store *s, int64_t cycle_id, const store_phase *phases, size_t n)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM phases WHERE cycle_id = $1");
	db_bind_int(st, 1, cycle_id);
	store_rc r = store_run(st);
	for (size_t i = 0; i < n && r == STORE_OK; i++) {
		st = db_prepare(s->db,
			"INSERT INTO phases (cycle_id, position, name, kind, starts_on, ends_on) "
			"VALUES ($1, $2, $3, $4, $5, $6)");
		db_bind_int(st, 1, cycle_id);
		db_bind_int(st, 2, (int64_t)i);
		db_bind_text(st, 3, phases[i].name);
		db_bind_text(st, 4, phases[i].kind);
		store_bind_opt(st, 5, phases[i].starts_on);
		store_bind_opt(st, 6, phases[i].ends_on);
		r = store_run(st);
	}
	return r;
}

/* Reads column 0 as a string into a const char *. */
static void read_text(db_stmt *st, arena *a, void *row)
{
	*(const char **)row = store_col_str(st, 0, a);
}

store_rc store_member_role(store *s, arena *a, int64_t cycle_id, int64_t user_id, const char **role)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT role FROM members WHERE cycle_id = $1 AND user_id = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, user_id);
	return store_fetch(st, a, read_text, role);
}

store_rc store_member_set(store *s, int64_t cycle_id, int64_t user_id, const char *role, int64_t now)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE members SET role = $3 WHERE cycle_id = $1 AND user_id = $2 RETURNING id");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, role);
	store_rc r = store_touch(s, st);
	if (r != STORE_NOTFOUND)
		return r;
	st = db_prepare(s->db,
		"INSERT INTO members (cycle_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, role);
	db_bind_int(st, 4, now);
	return store_run(st);
}

store_rc store_member_remove(store *s, int64_t cycle_id, int64_t user_id)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM members WHERE cycle_id = $1 AND user_id = $2 RETURNING id");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, user_id);
	return store_touch(s, st);
}

void store_read_member(db_stmt *st, arena *a, void *row)
{
	store_member *m = row;
	m->user_id = db_col_int(st, 0);
	m->email = store_col_str(st, 1, a);
	m->name = store_col_str(st, 2, a);
	m->role = store_col_str(st, 3, a);
	m->created_at = db_col_int(st, 4);
}

store_rc store_member_list(store *s, arena *a, int64_t cycle_id, store_member **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT u.id, u.email, u.name, m.role, m.created_at FROM members m "
		"JOIN users u ON u.id = m.user_id WHERE m.cycle_id = $1 "
		"ORDER BY m.role, u.name, u.id");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, store_read_member, out, n);
}

store_rc store_member_count(store *s, int64_t cycle_id, const char *role, int64_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*) FROM members WHERE cycle_id = $1 AND ($2 = '' OR role = $2)");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, role ? role : "");
	return store_one_int(st, n);
}

store_rc store_invitation_create(store *s, int64_t cycle_id, const char *email, const char *role,
				 const char *token_hash, int64_t created_by, int64_t now,
				 int64_t expires_at, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO invitations (cycle_id, email, role, token_hash, created_by, created_at, "
		"expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, email);
	db_bind_text(st, 3, role);
	db_bind_text(st, 4, token_hash);
	if (created_by)
		db_bind_int(st, 5, created_by);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, expires_at);
	return store_insert_id(s, st, id);
}

static void read_invitation(db_stmt *st, arena *a, void *row)
{
	store_invitation *v = row;
	v->id = db_col_int(st, 0);
	v->cycle_id = db_col_int(st, 1);
	v->email = store_col_str(st, 2, a);
	v->role = store_col_str(st, 3, a);
	v->created_at = db_col_int(st, 4);
	v->expires_at = db_col_int(st, 5);
	v->accepted_at = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
}

store_rc store_invitation_by_hash(store *s, arena *a, const char *token_hash, int64_t now,
				  store_invitation *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, cycle_id, email, role, created_at, expires_at, accepted_at "
		"FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2");
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, now);
	return store_fetch(st, a, read_invitation, out);
}

store_rc store_invitation_accept(store *s, int64_t id, int64_t user_id, int64_t now)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE invitations SET accepted_by = $2, accepted_at = $3 WHERE id = $1");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now);
	return store_run(st);
}

store_rc store_invitation_delete(store *s, int64_t cycle_id, int64_t id)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM invitations WHERE id = $1 AND cycle_id = $2 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, cycle_id);
	return store_touch(s, st);
}

store_rc store_invitation_list(store *s, arena *a, int64_t cycle_id, int64_t now,
			       store_invitation **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT id, cycle_id, email, role, created_at, expires_at, accepted_at "
		"FROM invitations WHERE cycle_id = $1 AND accepted_at IS NULL AND expires_at > $2 "
		"ORDER BY created_at DESC, id DESC");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, now);
	return store_collect(st, a, sizeof **out, read_invitation, out, n);
}
