/* store_controversy.c — controversies, their statements and moderation, the
 * agree/disagree/pass votes of participants, the opinion map the background
 * worker stores, and the reports frozen into the cycle's record. Upserts use
 * ON CONFLICT and numbering uses UPDATE ... RETURNING, which both backends
 * run. */
#include "store_int.h"

#include <string.h>

#define CONTROVERSY_COLS "c.id, c.cycle_id, c.uid, c.title, c.question, c.description, c.state, " \
			 "c.proposals, c.join_code, c.seed, c.created_by, c.created_at, c.updated_at, c.revision"

static void read_controversy(db_stmt *st, arena *a, void *row)
{
	store_controversy *c = row;
	c->id = db_col_int(st, 0);
	c->cycle_id = db_col_int(st, 1);
	c->uid = store_col_str(st, 2, a);
	c->title = store_col_str(st, 3, a);
	c->question = store_col_str(st, 4, a);
	c->description = store_col_str(st, 5, a);
	c->state = store_col_str(st, 6, a);
	c->proposals = db_col_int(st, 7) != 0;
	c->join_code = store_col_str(st, 8, a);
	c->seed = db_col_int(st, 9);
	c->created_by = db_col_null(st, 10) ? 0 : db_col_int(st, 10);
	c->created_at = db_col_int(st, 11);
	c->updated_at = db_col_int(st, 12);
	c->revision = db_col_int(st, 13);
}

static void read_controversy_counts(db_stmt *st, arena *a, void *row)
{
	store_controversy *c = row;
	read_controversy(st, a, row);
	c->nstatements = db_col_int(st, 14);
	c->nvotes = db_col_int(st, 15);
	c->nvoters = db_col_int(st, 16);
}

store_rc store_controversy_create(store *s, const store_controversy *c, int64_t *id)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO controversies (cycle_id, uid, title, question, description, state, proposals, "
		"join_code, seed, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	db_bind_int(st, 1, c->cycle_id);
	db_bind_text(st, 2, c->uid);
	db_bind_text(st, 3, c->title);
	db_bind_text(st, 4, c->question ? c->question : "");
	db_bind_text(st, 5, c->description ? c->description : "");
	db_bind_text(st, 6, c->state ? c->state : "open");
	db_bind_int(st, 7, c->proposals ? 1 : 0);
	db_bind_text(st, 8, c->join_code);
	db_bind_int(st, 9, c->seed);
	if (c->created_by)
		db_bind_int(st, 10, c->created_by);
	else
		db_bind_null(st, 10);
	db_bind_int(st, 11, c->created_at);
	db_bind_int(st, 12, c->updated_at ? c->updated_at : c->created_at);
	return store_insert_id(s, st, id);
}

store_rc store_controversy_update(store *s, const store_controversy *c)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE controversies SET title = $2, question = $3, description = $4, state = $5, "
		"proposals = $6, seed = $7, updated_at = $8 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, c->title);
	db_bind_text(st, 3, c->question ? c->question : "");
	db_bind_text(st, 4, c->description ? c->description : "");
	db_bind_text(st, 5, c->state);
	db_bind_int(st, 6, c->proposals ? 1 : 0);
	db_bind_int(st, 7, c->seed);
	db_bind_int(st, 8, c->updated_at);
	return store_touch(s, st);
}

store_rc store_controversy_lock(store *s, int64_t id)
{
	db_stmt *st = db_prepare(s->db, "UPDATE controversies SET next_number = next_number WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	return store_touch(s, st);
}

store_rc store_controversy_touch(store *s, int64_t id, int64_t at)
{
	db_stmt *st = db_prepare(s->db, "UPDATE controversies SET updated_at = $2, revision = revision + 1 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, at);
	return store_touch(s, st);
}

store_rc store_controversy_get(store *s, arena *a, int64_t cycle_id, const char *uid, store_controversy *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " CONTROVERSY_COLS " FROM controversies c WHERE c.cycle_id = $1 AND c.uid = $2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, uid);
	return store_fetch(st, a, read_controversy, out);
}

store_rc store_controversy_by_id(store *s, arena *a, int64_t id, store_controversy *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " CONTROVERSY_COLS " FROM controversies c WHERE c.id = $1");
	db_bind_int(st, 1, id);
	return store_fetch(st, a, read_controversy, out);
}

store_rc store_controversy_by_code(store *s, arena *a, const char *code, store_controversy *out)
{
	db_stmt *st = db_prepare(s->db, "SELECT " CONTROVERSY_COLS " FROM controversies c WHERE c.join_code = $1");
	db_bind_text(st, 1, code);
	return store_fetch(st, a, read_controversy, out);
}

store_rc store_controversy_list(store *s, arena *a, int64_t cycle_id, store_controversy **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " CONTROVERSY_COLS ", "
		"(SELECT COUNT(*) FROM statements x WHERE x.controversy_id = c.id AND x.status = 'accepted'), "
		"(SELECT COUNT(*) FROM opinion_votes v WHERE v.controversy_id = c.id), "
		"(SELECT COUNT(DISTINCT v.participant_id) FROM opinion_votes v WHERE v.controversy_id = c.id) "
		"FROM controversies c WHERE c.cycle_id = $1 ORDER BY c.created_at DESC, c.id DESC");
	db_bind_int(st, 1, cycle_id);
	return store_collect(st, a, sizeof **out, read_controversy_counts, out, n);
}

store_rc store_controversy_join(store *s, int64_t controversy_id, int64_t participant_id, int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO controversy_joins (controversy_id, participant_id, joined_at) VALUES ($1, $2, $3) "
		"ON CONFLICT (controversy_id, participant_id) DO NOTHING");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, participant_id);
	db_bind_int(st, 3, at);
	return store_run(st);
}

store_rc store_controversy_joined(store *s, int64_t controversy_id, int64_t participant_id, bool *joined)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*) FROM controversy_joins WHERE controversy_id = $1 AND participant_id = $2");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, participant_id);
	int64_t n = 0;
	store_rc r = store_one_int(st, &n);
	*joined = n > 0;
	return r;
}

static void read_id(db_stmt *st, arena *a, void *row)
{
	(void)a;
	*(int64_t *)row = db_col_int(st, 0);
}

store_rc store_controversy_ids(store *s, arena *a, int64_t **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db, "SELECT id FROM controversies ORDER BY id");
	return store_collect(st, a, sizeof **out, read_id, out, n);
}

/* ---- statements ---- */

#define STATEMENT_COLS "x.id, x.controversy_id, x.number, x.body, x.origin, x.author_participant, " \
		       "x.author_user, COALESCE(p.nickname, u.name), x.status, x.is_meta, x.note, " \
		       "x.priority, x.created_at, x.moderated_by, x.moderated_at"
#define STATEMENT_FROM "statements x LEFT JOIN participants p ON p.id = x.author_participant " \
		       "LEFT JOIN users u ON u.id = x.author_user"

static void read_statement(db_stmt *st, arena *a, void *row)
{
	store_statement *x = row;
	x->id = db_col_int(st, 0);
	x->controversy_id = db_col_int(st, 1);
	x->number = db_col_int(st, 2);
	x->body = store_col_str(st, 3, a);
	x->origin = store_col_str(st, 4, a);
	x->author_participant = db_col_null(st, 5) ? 0 : db_col_int(st, 5);
	x->author_user = db_col_null(st, 6) ? 0 : db_col_int(st, 6);
	x->author_name = store_col_str(st, 7, a);
	x->status = store_col_str(st, 8, a);
	x->is_meta = db_col_int(st, 9) != 0;
	x->note = store_col_str(st, 10, a);
	x->priority = db_col_int(st, 11);
	x->created_at = db_col_int(st, 12);
	x->moderated_by = db_col_null(st, 13) ? 0 : db_col_int(st, 13);
	x->moderated_at = db_col_null(st, 14) ? 0 : db_col_int(st, 14);
}

static void read_statement_counts(db_stmt *st, arena *a, void *row)
{
	store_statement *x = row;
	read_statement(st, a, row);
	x->agree = db_col_null(st, 15) ? 0 : db_col_int(st, 15);
	x->disagree = db_col_null(st, 16) ? 0 : db_col_int(st, 16);
	x->pass = db_col_null(st, 17) ? 0 : db_col_int(st, 17);
}

store_rc store_statement_add(store *s, const store_statement *x, int64_t *id, int64_t *number)
{
	db_stmt *st;
	store_rc r;
	if (*number < 0) {
		st = db_prepare(s->db,
			"UPDATE controversies SET next_number = next_number + 1 WHERE id = $1 "
			"RETURNING next_number - 1");
		db_bind_int(st, 1, x->controversy_id);
		r = store_one_int(st, number);
	} else {
		/* An imported number: later ones must come after it. */
		st = db_prepare(s->db,
			"UPDATE controversies SET next_number = CASE WHEN next_number > $2 THEN next_number "
			"ELSE $2 + 1 END WHERE id = $1 RETURNING id");
		db_bind_int(st, 1, x->controversy_id);
		db_bind_int(st, 2, *number);
		r = store_touch(s, st);
	}
	if (r != STORE_OK)
		return r;
	st = db_prepare(s->db,
		"INSERT INTO statements (controversy_id, number, body, origin, author_participant, author_user, "
		"status, is_meta, note, created_at, moderated_by, moderated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
	db_bind_int(st, 1, x->controversy_id);
	db_bind_int(st, 2, *number);
	db_bind_text(st, 3, x->body);
	db_bind_text(st, 4, x->origin ? x->origin : "facilitator");
	if (x->author_participant)
		db_bind_int(st, 5, x->author_participant);
	else
		db_bind_null(st, 5);
	if (x->author_user)
		db_bind_int(st, 6, x->author_user);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, x->status ? x->status : "pending");
	db_bind_int(st, 8, x->is_meta ? 1 : 0);
	db_bind_text(st, 9, x->note ? x->note : "");
	db_bind_int(st, 10, x->created_at);
	if (x->moderated_by)
		db_bind_int(st, 11, x->moderated_by);
	else
		db_bind_null(st, 11);
	if (x->moderated_at)
		db_bind_int(st, 12, x->moderated_at);
	else
		db_bind_null(st, 12);
	return store_insert_id(s, st, id);
}

store_rc store_statement_get(store *s, arena *a, int64_t controversy_id, int64_t number, store_statement *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " STATEMENT_COLS " FROM " STATEMENT_FROM " WHERE x.controversy_id = $1 AND x.number = $2");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, number);
	return store_fetch(st, a, read_statement, out);
}

store_rc store_statement_list(store *s, arena *a, int64_t controversy_id, store_statement **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " STATEMENT_COLS ", k.na, k.nd, k.np FROM " STATEMENT_FROM " LEFT JOIN "
		"(SELECT statement_id, SUM(CASE WHEN value = 1 THEN 1 ELSE 0 END) AS na, "
		"SUM(CASE WHEN value = -1 THEN 1 ELSE 0 END) AS nd, "
		"SUM(CASE WHEN value = 0 THEN 1 ELSE 0 END) AS np FROM opinion_votes "
		"WHERE controversy_id = $1 GROUP BY statement_id) k ON k.statement_id = x.id "
		"WHERE x.controversy_id = $1 ORDER BY x.number");
	db_bind_int(st, 1, controversy_id);
	return store_collect(st, a, sizeof **out, read_statement_counts, out, n);
}

store_rc store_statement_moderate(store *s, int64_t id, const char *status, bool is_meta, const char *note,
				  int64_t by, int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"UPDATE statements SET status = $2, is_meta = $3, note = $4, moderated_by = $5, "
		"moderated_at = $6 WHERE id = $1 RETURNING id");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, is_meta ? 1 : 0);
	db_bind_text(st, 4, note ? note : "");
	if (by)
		db_bind_int(st, 5, by);
	else
		db_bind_null(st, 5);
	db_bind_int(st, 6, at);
	return store_touch(s, st);
}

store_rc store_statement_priorities(store *s, const int64_t *ids, const int64_t *prio, size_t n)
{
	store_rc r = STORE_OK;
	for (size_t i = 0; r == STORE_OK && i < n; i++) {
		db_stmt *st = db_prepare(s->db, "UPDATE statements SET priority = $2 WHERE id = $1");
		db_bind_int(st, 1, ids[i]);
		db_bind_int(st, 2, prio[i]);
		r = store_run(st);
	}
	return r;
}

store_rc store_statement_unvoted(store *s, arena *a, int64_t controversy_id, int64_t participant_id,
				 store_statement **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT " STATEMENT_COLS " FROM " STATEMENT_FROM " WHERE x.controversy_id = $1 "
		"AND x.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM opinion_votes v "
		"WHERE v.participant_id = $2 AND v.statement_id = x.id) ORDER BY x.number");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, participant_id);
	return store_collect(st, a, sizeof **out, read_statement, out, n);
}

/* ---- votes ---- */

store_rc store_opinion_vote_put(store *s, int64_t controversy_id, int64_t statement_id, int64_t participant_id,
				int value, int64_t at)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO opinion_votes (controversy_id, statement_id, participant_id, value, voted_at) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (participant_id, statement_id) "
		"DO UPDATE SET value = excluded.value, voted_at = excluded.voted_at");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, statement_id);
	db_bind_int(st, 3, participant_id);
	db_bind_int(st, 4, value);
	db_bind_int(st, 5, at);
	return store_run(st);
}

static void read_vote(db_stmt *st, arena *a, void *row)
{
	(void)a;
	store_opinion_vote *v = row;
	v->participant_id = db_col_int(st, 0);
	v->statement_id = db_col_int(st, 1);
	v->statement_number = db_col_int(st, 2);
	v->value = (int)db_col_int(st, 3);
	v->voted_at = db_col_int(st, 4);
}

store_rc store_opinion_vote_list(store *s, arena *a, int64_t controversy_id, store_opinion_vote **out,
				 size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT v.participant_id, v.statement_id, x.number, v.value, v.voted_at FROM opinion_votes v "
		"JOIN statements x ON x.id = v.statement_id WHERE v.controversy_id = $1 "
		"ORDER BY v.participant_id, x.number");
	db_bind_int(st, 1, controversy_id);
	return store_collect(st, a, sizeof **out, read_vote, out, n);
}

store_rc store_opinion_vote_stats(store *s, int64_t controversy_id, int64_t *nvotes, int64_t *last_at,
				  int64_t *sum)
{
	/* Each term stays below 2^24, so the sum of 2^38 votes fits 64 bits. */
	db_stmt *st = db_prepare(s->db,
		"SELECT COUNT(*), COALESCE(MAX(voted_at), 0), "
		"CAST(COALESCE(SUM((participant_id % 1048573) * 3 + (statement_id % 4093) * (value + 2) * 977), 0) AS BIGINT) "
		"FROM opinion_votes WHERE controversy_id = $1");
	db_bind_int(st, 1, controversy_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*nvotes = db_col_int(st, 0);
		*last_at = db_col_int(st, 1);
		*sum = db_col_int(st, 2);
	}
	db_finalize(st);
	return rc == DB_ROW ? STORE_OK : store_rc_of(rc);
}

store_rc store_opinion_votes_of(store *s, arena *a, int64_t controversy_id, int64_t participant_id,
				store_opinion_vote **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT v.participant_id, v.statement_id, x.number, v.value, v.voted_at FROM opinion_votes v "
		"JOIN statements x ON x.id = v.statement_id WHERE v.controversy_id = $1 "
		"AND v.participant_id = $2 ORDER BY x.number");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, participant_id);
	return store_collect(st, a, sizeof **out, read_vote, out, n);
}

store_rc store_controversy_people(store *s, arena *a, int64_t controversy_id, store_participant **out,
				  size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT p.id, p.cycle_id, p.user_id, p.created_at, p.nickname, p.org_kind FROM participants p "
		"WHERE p.id IN (SELECT participant_id FROM opinion_votes WHERE controversy_id = $1 "
		"UNION SELECT author_participant FROM statements WHERE controversy_id = $1 "
		"AND author_participant IS NOT NULL) ORDER BY p.id");
	db_bind_int(st, 1, controversy_id);
	return store_collect(st, a, sizeof **out, store_read_participant, out, n);
}

/* ---- opinion maps and reports ---- */

store_rc store_opinion_result_put(store *s, int64_t controversy_id, const store_opinion_result *r)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO opinion_results (controversy_id, computed_at, nvotes, last_vote_at, revision, data, vote_sum) "
		"VALUES ($1, $2, $3, $4, $6, $5, $7) ON CONFLICT (controversy_id) DO UPDATE SET "
		"computed_at = excluded.computed_at, nvotes = excluded.nvotes, "
		"last_vote_at = excluded.last_vote_at, revision = excluded.revision, data = excluded.data, "
		"vote_sum = excluded.vote_sum");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, r->computed_at);
	db_bind_int(st, 3, r->nvotes);
	db_bind_int(st, 4, r->last_vote_at);
	db_bind_text(st, 5, r->data);
	db_bind_int(st, 6, r->revision);
	db_bind_int(st, 7, r->vote_sum);
	return store_run(st);
}

static void read_result(db_stmt *st, arena *a, void *row)
{
	store_opinion_result *r = row;
	r->computed_at = db_col_int(st, 0);
	r->nvotes = db_col_int(st, 1);
	r->last_vote_at = db_col_int(st, 2);
	r->data = store_col_str(st, 3, a);
	r->revision = db_col_int(st, 4);
	r->vote_sum = db_col_int(st, 5);
}

store_rc store_opinion_result_get(store *s, arena *a, int64_t controversy_id, store_opinion_result *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT computed_at, nvotes, last_vote_at, data, revision, vote_sum FROM opinion_results "
		"WHERE controversy_id = $1");
	db_bind_int(st, 1, controversy_id);
	return store_fetch(st, a, read_result, out);
}

store_rc store_opinion_report_add(store *s, int64_t controversy_id, const store_opinion_report *r,
				  int64_t *number)
{
	db_stmt *st = db_prepare(s->db,
		"INSERT INTO opinion_reports (controversy_id, number, title, frozen_at, frozen_by, data) "
		"VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM opinion_reports WHERE controversy_id = $1), "
		"$2, $3, $4, $5) RETURNING number");
	db_bind_int(st, 1, controversy_id);
	db_bind_text(st, 2, r->title);
	db_bind_int(st, 3, r->frozen_at);
	if (r->frozen_by)
		db_bind_int(st, 4, r->frozen_by);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, r->data);
	return store_insert_id(s, st, number);
}

static void read_report(db_stmt *st, arena *a, void *row)
{
	store_opinion_report *r = row;
	r->id = db_col_int(st, 0);
	r->number = db_col_int(st, 1);
	r->title = store_col_str(st, 2, a);
	r->frozen_at = db_col_int(st, 3);
	r->frozen_by = db_col_null(st, 4) ? 0 : db_col_int(st, 4);
	r->frozen_by_name = store_col_str(st, 5, a);
	r->data = db_col_count(st) > 6 ? store_col_str(st, 6, a) : NULL;
}

store_rc store_opinion_report_get(store *s, arena *a, int64_t controversy_id, int64_t number,
				  store_opinion_report *out)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT r.id, r.number, r.title, r.frozen_at, r.frozen_by, u.name, r.data FROM opinion_reports r "
		"LEFT JOIN users u ON u.id = r.frozen_by WHERE r.controversy_id = $1 AND r.number = $2");
	db_bind_int(st, 1, controversy_id);
	db_bind_int(st, 2, number);
	return store_fetch(st, a, read_report, out);
}

store_rc store_opinion_report_list(store *s, arena *a, int64_t controversy_id, store_opinion_report **out,
				   size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT r.id, r.number, r.title, r.frozen_at, r.frozen_by, u.name FROM opinion_reports r "
		"LEFT JOIN users u ON u.id = r.frozen_by WHERE r.controversy_id = $1 ORDER BY r.number DESC");
	db_bind_int(st, 1, controversy_id);
	return store_collect(st, a, sizeof **out, read_report, out, n);
}
