/* store_seminar.c — seminars and their candidates, the participants who join
 * them by code, ballots, working-group preferences and members, and the
 * record of the facilitators' decisions. Upserts use ON CONFLICT, which both
 * backends run. */
#include "store_int.h"

#include <string.h>

#define SEMINAR_COLS "id, cycle_id, uid, title, method, params, seats, state, round, join_code, " \
		     "presenting, resolution, group_min, group_max, max_share, group_seed, " \
		     "created_by, created_at, updated_at"

static void read_seminar(db_stmt *st, arena *a, void *row)
{
	store_seminar *m = row;
	m->id = db_col_int(st, 0);
	m->cycle_id = db_col_int(st, 1);
	m->uid = store_col_str(st, 2, a);
	m->title = store_col_str(st, 3, a);
	m->method = store_col_str(st, 4, a);
	m->params = store_col_str(st, 5, a);
	m->seats = db_col_int(st, 6);
	m->state = store_col_str(st, 7, a);
	m->round = db_col_int(st, 8);
	m->join_code = store_col_str(st, 9, a);
	m->presenting = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
	m->resolution = store_col_str(st, 11, a);
	m->group_min = db_col_int(st, 12);
	m->group_max = db_col_int(st, 13);
	m->max_share = db_col_int(st, 14);
	m->group_seed = db_col_int(st, 15);
	m->created_by = db_col_null(st, 16) ? 0 : db_col_int(st, 16);
	m->created_at = db_col_int(st, 17);
	m->updated_at = db_col_int(st, 18);
}

/* Binds the fields that create and update share as $2..$14. */
static void bind_seminar(db_stmt *st, const store_seminar *m)
{
	db_bind_text(st, 2, m->title);
	db_bind_text(st, 3, m->method);
	db_bind_text(st, 4, m->params ? m->params : "{}");
	db_bind_int(st, 5, m->seats);
	db_bind_text(st, 6, m->state ? m->state : "preparation");
	db_bind_int(st, 7, m->round ? m->round : 1);
	if (m->presenting)
		db_bind_int(st, 8, m->presenting);
	else
		db_bind_null(st, 8);
	db_bind_text(st, 9, m->resolution ? m->resolution : "");
	db_bind_int(st, 10, m->group_min);
	db_bind_int(st, 11, m->group_max);
	db_bind_int(st, 12, m->max_share);
	db_bind_int(st, 13, m->group_seed);
	db_bind_int(st, 14, m->updated_at);
}

store_rc store_seminar_create(store *s, const store_seminar *m, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO seminars (cycle_id, title, method, params, seats, state, round, presenting, "
		"resolution, group_min, group_max, max_share, group_seed, updated_at, uid, join_code, "
		"created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
		"$14, $15, $16, $17, $18) RETURNING id");
	db_bind_int(st, 1, m->cycle_id);
	bind_seminar(st, m);
	db_bind_text(st, 15, m->uid);
	db_bind_text(st, 16, m->join_code);
	if (m->created_by)
		db_bind_int(st, 17, m->created_by);
	else
		db_bind_null(st, 17);
	db_bind_int(st, 18, m->created_at);
	return store_insert_id(s, st, id);
}

store_rc store_seminar_update(store *s, const store_seminar *m)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE seminars SET title = $2, method = $3, params = $4, seats = $5, state = $6, "
		"round = $7, presenting = $8, resolution = $9, group_min = $10, group_max = $11, "
		"max_share = $12, group_seed = $13, updated_at = $14 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, m->id);
	bind_seminar(st, m);
	return store_touch(s, st);
}

store_rc store_seminar_delete(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM seminars WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_seminar_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_seminar *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " SEMINAR_COLS " FROM seminars WHERE cycle_id = $1 AND uid = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, uid);
	return store_fetch(st, a, read_seminar, out);
}

store_rc store_seminar_by_id(store *s, arena *a, int64_t id, store_seminar *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " SEMINAR_COLS " FROM seminars WHERE id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_seminar, out);
}

store_rc store_seminar_by_code(store *s, arena *a, const char *code, store_seminar *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " SEMINAR_COLS " FROM seminars WHERE join_code = $1");
	db_bind_text(st, 1, code);
	return store_fetch(st, a, read_seminar, out);
}

store_rc store_seminar_list(store *s, arena *a, int64_t cycle_id, store_seminar **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " SEMINAR_COLS " FROM seminars WHERE cycle_id = $1 ORDER BY created_at DESC, id DESC");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_seminar, out, n);
}

static void read_open(db_stmt *st, arena *a, void *row)
{
	store_open_seminar *o = row;
	o->cycle_slug = store_col_str(st, 0, a);
	o->cycle_title = store_col_str(st, 1, a);
	o->uid = store_col_str(st, 2, a);
	o->title = store_col_str(st, 3, a);
	o->method = store_col_str(st, 4, a);
	o->state = store_col_str(st, 5, a);
}

store_rc store_seminar_open_public(store *s, arena *a, store_open_seminar **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT c.slug, c.title, m.uid, m.title, m.method, m.state FROM seminars m "
		"JOIN cycles c ON c.id = m.cycle_id WHERE c.visibility = 'public' AND c.archived = 0 "
		"AND m.state IN ('presentation', 'vote_open') ORDER BY m.id LIMIT 10");
	return store_collect(st, a, sizeof **out, read_open, out, n);
}

/* ---- candidates ---- */

store_rc store_candidates_set(store *s, int64_t seminar_id, const int64_t *scenario_ids, size_t n)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM seminar_candidates WHERE seminar_id = $1");
	db_bind_int(st, 1, seminar_id);
	store_rc r = store_run(st);
	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		st = db_prepare(s->db,
			"INSERT INTO seminar_candidates (seminar_id, scenario_id, position) "
			"VALUES ($1, $2, $3) RETURNING id");
		db_bind_int(st, 1, seminar_id);
		db_bind_int(st, 2, scenario_ids[i]);
		db_bind_int(st, 3, (int64_t)i);
		r = store_insert_id(s, st, NULL);
	}
	return r;
}

static void read_candidate(db_stmt *st, arena *a, void *row)
{
	store_candidate *c = row;
	c->scenario_id = db_col_int(st, 0);
	c->position = db_col_int(st, 1);
	c->runoff = db_col_int(st, 2) != 0;
	c->retained = db_col_null(st, 3) ? -1 : (int)db_col_int(st, 3);
	c->group_min = db_col_int(st, 4);
	c->group_max = db_col_int(st, 5);
	c->uid = store_col_str(st, 6, a);
	c->title = store_col_str(st, 7, a);
	c->summary = store_col_str(st, 8, a);
	c->status = store_col_str(st, 9, a);
}

store_rc store_candidate_list(store *s, arena *a, int64_t seminar_id, store_candidate **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT c.scenario_id, c.position, c.runoff, c.retained, c.group_min, c.group_max, "
		"x.uid, x.title, x.summary, x.status FROM seminar_candidates c "
		"JOIN scenarios x ON x.id = c.scenario_id WHERE c.seminar_id = $1 ORDER BY c.position, c.id");
	db_bind_int(st, 1, seminar_id);
	return store_collect(st, a, sizeof **out, read_candidate, out, n);
}

store_rc store_candidate_update(store *s, int64_t seminar_id, const store_candidate *c)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE seminar_candidates SET runoff = $3, retained = $4, group_min = $5, group_max = $6 "
		"WHERE seminar_id = $1 AND scenario_id = $2 RETURNING id");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, c->scenario_id);
	db_bind_int(st, 3, c->runoff ? 1 : 0);
	if (c->retained < 0)
		db_bind_null(st, 4);
	else
		db_bind_int(st, 4, c->retained ? 1 : 0);
	db_bind_int(st, 5, c->group_min);
	db_bind_int(st, 6, c->group_max);
	return store_touch(s, st);
}

/* ---- participants ---- */

#define PARTICIPANT_COLS "id, cycle_id, user_id, created_at, nickname, org_kind"

void store_read_participant(db_stmt *st, arena *a, void *row)
{
	store_participant *p = row;
	p->id = db_col_int(st, 0);
	p->cycle_id = db_col_int(st, 1);
	p->user_id = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
	p->created_at = db_col_int(st, 3);
	p->nickname = store_col_str(st, 4, a);
	p->org_kind = store_col_str(st, 5, a);
}

store_rc store_participant_create(store *s, const store_participant *p, const char *token_hash,
				  int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO participants (cycle_id, token_hash, nickname, org_kind, user_id, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
	db_bind_int(st, 1, p->cycle_id);
	db_bind_text(st, 2, token_hash);
	db_bind_text(st, 3, p->nickname);
	db_bind_text(st, 4, p->org_kind ? p->org_kind : "");
	if (p->user_id)
		db_bind_int(st, 5, p->user_id);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, p->created_at);
	return store_insert_id(s, st, id);
}

store_rc store_participant_by_token(store *s, arena *a, const char *token_hash, store_participant *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " PARTICIPANT_COLS " FROM participants WHERE token_hash = $1");
	db_bind_text(st, 1, token_hash);
	return store_fetch(st, a, store_read_participant, out);
}

store_rc store_participant_for_user(store *s, arena *a, int64_t cycle_id, int64_t user_id,
				    store_participant *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " PARTICIPANT_COLS " FROM participants WHERE cycle_id = $1 AND user_id = $2 "
		"ORDER BY id LIMIT 1");
	db_bind_int(st, 1, cycle_id);
	db_bind_int(st, 2, user_id);
	return store_fetch(st, a, store_read_participant, out);
}

store_rc store_participant_by_id(store *s, arena *a, int64_t id, store_participant *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " PARTICIPANT_COLS " FROM participants WHERE id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, store_read_participant, out);
}

store_rc store_participant_attach(store *s, int64_t id, int64_t user_id)
{
	db_stmt *st = db_prepare(s->db, "UPDATE participants SET user_id = $2 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	return store_touch(s, st);
}

store_rc store_participant_set_token(store *s, int64_t id, const char *token_hash)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE participants SET token_hash = $2 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, token_hash);
	return store_touch(s, st);
}

/* ---- joining, ballots ---- */

store_rc store_seminar_join(store *s, int64_t seminar_id, int64_t participant_id, int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO seminar_joins (seminar_id, participant_id, joined_at) VALUES ($1, $2, $3) "
		"ON CONFLICT (seminar_id, participant_id) DO NOTHING");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, at);
	return store_run(st);
}

store_rc store_seminar_joined(store *s, int64_t seminar_id, int64_t participant_id, bool *joined)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*) FROM seminar_joins WHERE seminar_id = $1 AND participant_id = $2");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	int64_t n = 0;
	store_rc r = store_one_int(st, &n);
	*joined = n > 0;
	return r;
}

store_rc store_seminar_counts(store *s, int64_t seminar_id, int64_t round, int64_t *joined,
			      int64_t *ballots)
{
	db_stmt *st = db_prepare(s->db, "SELECT COUNT(*) FROM seminar_joins WHERE seminar_id = $1");
	db_bind_int(st, 1, seminar_id);
	store_rc r = store_one_int(st, joined);
	if (r != STORE_OK)
		return r;
	st = db_prepare(s->db, "SELECT COUNT(*) FROM ballots WHERE seminar_id = $1 AND round = $2");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, round);
	return store_one_int(st, ballots);
}

store_rc store_ballot_put(store *s, int64_t seminar_id, int64_t participant_id, int64_t round,
			  const char *choice, int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO ballots (seminar_id, participant_id, round, choice, cast_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (seminar_id, round, participant_id) "
		"DO UPDATE SET choice = excluded.choice, updated_at = excluded.updated_at");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, round);
	db_bind_text(st, 4, choice);
	db_bind_int(st, 5, at);
	return store_run(st);
}

static void read_ballot(db_stmt *st, arena *a, void *row)
{
	store_ballot *b = row;
	b->participant_id = db_col_int(st, 0);
	b->round = db_col_int(st, 1);
	b->cast_at = db_col_int(st, 2);
	b->updated_at = db_col_int(st, 3);
	b->choice = store_col_str(st, 4, a);
}

store_rc store_ballot_get(store *s, arena *a, int64_t seminar_id, int64_t participant_id,
			  int64_t round, store_ballot *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT participant_id, round, cast_at, updated_at, choice FROM ballots "
		"WHERE seminar_id = $1 AND participant_id = $2 AND round = $3");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, round);
	return store_fetch(st, a, read_ballot, out);
}

store_rc store_ballot_list(store *s, arena *a, int64_t seminar_id, int64_t round, store_ballot **out,
			   size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT participant_id, round, cast_at, updated_at, choice FROM ballots "
		"WHERE seminar_id = $1 AND round = $2 ORDER BY id");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, round);
	return store_collect(st, a, sizeof **out, read_ballot, out, n);
}

store_rc store_ballot_delete_round(store *s, int64_t seminar_id, int64_t round)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM ballots WHERE seminar_id = $1 AND round = $2");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, round);
	return store_run(st);
}

/* ---- working groups ---- */

store_rc store_group_pref_put(store *s, int64_t seminar_id, int64_t participant_id, const char *ranks,
			      int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO group_prefs (seminar_id, participant_id, ranks, updated_at) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT (seminar_id, participant_id) "
		"DO UPDATE SET ranks = excluded.ranks, updated_at = excluded.updated_at");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	db_bind_text(st, 3, ranks);
	db_bind_int(st, 4, at);
	return store_run(st);
}

static void read_person(db_stmt *st, arena *a, void *row)
{
	store_seminar_person *p = row;
	p->participant_id = db_col_int(st, 0);
	p->user_id = db_col_null(st, 1) ? 0 : db_col_int(st, 1);
	p->nickname = store_col_str(st, 2, a);
	p->org_kind = store_col_str(st, 3, a);
	p->ranks = db_col_null(st, 4) ? "" : store_col_str(st, 4, a);
	p->group_scenario = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
	p->group_rank = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
	p->manual = !db_col_null(st, 7) && db_col_int(st, 7) != 0;
}

store_rc store_seminar_people(store *s, arena *a, int64_t seminar_id, store_seminar_person **out,
			      size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT p.id, p.user_id, p.nickname, p.org_kind, g.ranks, m.scenario_id, m.rank, m.manual "
		"FROM seminar_joins j JOIN participants p ON p.id = j.participant_id "
		"LEFT JOIN group_prefs g ON g.seminar_id = j.seminar_id AND g.participant_id = p.id "
		"LEFT JOIN group_members m ON m.seminar_id = j.seminar_id AND m.participant_id = p.id "
		"WHERE j.seminar_id = $1 ORDER BY j.id");
	db_bind_int(st, 1, seminar_id);
	return store_collect(st, a, sizeof **out, read_person, out, n);
}

store_rc store_group_members_set(store *s, int64_t seminar_id, const store_group_member *m, size_t n)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM group_members WHERE seminar_id = $1");
	db_bind_int(st, 1, seminar_id);
	store_rc r = store_run(st);
	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		st = db_prepare(s->db,
			"INSERT INTO group_members (seminar_id, participant_id, scenario_id, rank, manual) "
			"VALUES ($1, $2, $3, $4, $5)");
		db_bind_int(st, 1, seminar_id);
		db_bind_int(st, 2, m[i].participant_id);
		db_bind_int(st, 3, m[i].scenario_id);
		db_bind_int(st, 4, m[i].rank);
		db_bind_int(st, 5, m[i].manual ? 1 : 0);
		r = store_run(st);
	}
	return r;
}

store_rc store_group_member_move(store *s, int64_t seminar_id, int64_t participant_id,
				 int64_t scenario_id, int64_t rank)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO group_members (seminar_id, participant_id, scenario_id, rank, manual) "
		"VALUES ($1, $2, $3, $4, 1) ON CONFLICT (seminar_id, participant_id) "
		"DO UPDATE SET scenario_id = excluded.scenario_id, rank = excluded.rank, manual = 1");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, scenario_id);
	db_bind_int(st, 4, rank);
	return store_run(st);
}

/* ---- the record ---- */

store_rc store_seminar_event_add(store *s, int64_t seminar_id, int64_t at, int64_t actor,
				 const char *kind, const char *detail)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO seminar_events (seminar_id, at, actor, kind, detail) VALUES ($1, $2, $3, $4, $5)");
	db_bind_int(st, 1, seminar_id);
	db_bind_int(st, 2, at);
	if (actor)
		db_bind_int(st, 3, actor);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, kind);
	db_bind_text(st, 5, detail ? detail : "{}");
	return store_run(st);
}

static void read_event(db_stmt *st, arena *a, void *row)
{
	store_seminar_event *e = row;
	e->id = db_col_int(st, 0);
	e->at = db_col_int(st, 1);
	e->actor = db_col_null(st, 2) ? 0 : db_col_int(st, 2);
	e->kind = store_col_str(st, 3, a);
	e->detail = store_col_str(st, 4, a);
	e->actor_name = store_col_str(st, 5, a);
}

store_rc store_seminar_events(store *s, arena *a, int64_t seminar_id, store_seminar_event **out,
			      size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT e.id, e.at, e.actor, e.kind, e.detail, u.name FROM seminar_events e "
		"LEFT JOIN users u ON u.id = e.actor WHERE e.seminar_id = $1 ORDER BY e.id");
	db_bind_int(st, 1, seminar_id);
	return store_collect(st, a, sizeof **out, read_event, out, n);
}
