/*
 * store_search.c — tags carried by scenarios and library items, and the
 * full-text index over them; and what one person contributed.
 *
 * The index is the one place where the two backends need different SQL:
 * SQLite answers with an FTS5 table ranked by BM25, PostgreSQL with a
 * tsvector column under the French configuration ranked by ts_rank. Both
 * index text that src/engines/fold.c has already stripped of accents and
 * case, so a query matches the same items on either, with two known
 * differences: PostgreSQL's parser skips text shaped like HTML tags, and
 * its French stems also match other forms of a word. A row's id is derived
 * from its target (2·id, +1 for library items) so that replacing or
 * removing it is a lookup by primary key, not a scan.
 */
#include "store_int.h"

#include "../core/buf.h"

#include <string.h>

store_rc store_tagging_set(store *s, int64_t cycle_id, const char *kind, int64_t target_id,
			   const store_tag *tags, size_t n)
{
	db_stmt *st = db_prepare(s->db,
		"DELETE FROM taggings WHERE target_kind = $1 AND target_id = $2");
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, target_id);
	store_rc r = store_run(st);
	for (size_t i = 0; i < n && r == STORE_OK; i++) {
		st = db_prepare(s->db,
			"INSERT INTO taggings (cycle_id, taxonomy, code, target_kind, target_id) "
			"VALUES ($1, $2, $3, $4, $5)");
		db_bind_int(st, 1, cycle_id);
		db_bind_text(st, 2, tags[i].taxonomy);
		db_bind_text(st, 3, tags[i].code);
		db_bind_text(st, 4, kind);
		db_bind_int(st, 5, target_id);
		r = store_run(st);
	}
	return r;
}

store_rc store_tagging_counts(store *s, arena *a, int64_t cycle_id, const char *taxonomy,
			      store_count **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT code, COUNT(*) FROM taggings WHERE cycle_id = $1 AND taxonomy = $2 "
		"GROUP BY code ORDER BY code");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, taxonomy);
	return store_collect(st, a, sizeof **out, store_read_count, out, n);
}

static void read_hit(db_stmt *st, arena *a, void *row)
{
	store_hit *h = row;
	h->kind = store_col_str(st, 0, a);
	h->target_id = db_col_int(st, 1);
	h->uid = store_col_str(st, 2, a);
	h->title = store_col_str(st, 3, a);
}

store_rc store_tagging_targets(store *s, arena *a, int64_t cycle_id, const char *taxonomy,
			       const char *code, store_hit **out, size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT g.target_kind, g.target_id, COALESCE(x.uid, l.uid), COALESCE(x.title, l.title) "
		"FROM taggings g "
		"LEFT JOIN scenarios x ON g.target_kind = 'scenario' AND x.id = g.target_id "
		"LEFT JOIN library l ON g.target_kind = 'item' AND l.id = g.target_id "
		"WHERE g.cycle_id = $1 AND g.taxonomy = $2 AND g.code = $3 "
		"ORDER BY g.target_kind DESC, 4, 2");
	db_bind_int(st, 1, cycle_id);
	db_bind_text(st, 2, taxonomy);
	db_bind_text(st, 3, code);
	return store_collect(st, a, sizeof **out, read_hit, out, n);
}

/* A row's id in the index: its cycle in the high bits, then its target,
 * then 1 for a library item. Replacing or removing a row is a lookup by
 * primary key, and on SQLite a search keeps to its cycle with a range of
 * rowids, which FTS5 applies while it walks its doclists, without reading
 * the rows (cycle_id is UNINDEXED). Target ids stay below 2^39, cycle ids
 * below 2^23. */
#define INDEX_CYCLE_SHIFT 40
#define INDEX_TARGET_MASK "549755813887" /* 2^39 - 1 */

static int64_t index_rowid(int64_t cycle_id, const char *kind, int64_t target_id)
{
	return (cycle_id << INDEX_CYCLE_SHIFT) | (target_id << 1) | (kind[0] == 'i' ? 1 : 0);
}

store_rc store_search_remove(store *s, const char *kind, int64_t target_id)
{
	db_stmt *st = db_prepare(s->db, kind[0] == 'i'
		? "SELECT cycle_id FROM library WHERE id = $1"
		: "SELECT cycle_id FROM scenarios WHERE id = $1");
	db_bind_int(st, 1, target_id);
	int64_t cycle_id;
	store_rc r = store_one_int(st, &cycle_id);
	if (r == STORE_NOTFOUND)
		return STORE_OK;
	if (r != STORE_OK)
		return r;
	st = db_prepare(s->db, "DELETE FROM search_index WHERE rowid = $1");
	db_bind_int(st, 1, index_rowid(cycle_id, kind, target_id));
	return store_run(st);
}

store_rc store_search_put(store *s, int64_t cycle_id, const char *kind, int64_t target_id,
			  const char *title, const char *body)
{
	db_stmt *st = db_prepare(s->db, "DELETE FROM search_index WHERE rowid = $1");
	db_bind_int(st, 1, index_rowid(cycle_id, kind, target_id));
	store_rc r = store_run(st);
	if (r != STORE_OK)
		return r;
	st = db_prepare(s->db,
		"INSERT INTO search_index (rowid, title, body, cycle_id, kind, target_id) "
		"VALUES ($1, $2, $3, $4, $5, $6)");
	db_bind_int(st, 1, index_rowid(cycle_id, kind, target_id));
	db_bind_text(st, 2, title);
	db_bind_text(st, 3, body);
	db_bind_int(st, 4, cycle_id);
	db_bind_text(st, 5, kind);
	db_bind_int(st, 6, target_id);
	return store_run(st);
}

store_rc store_search_clear(store *s)
{
	store_rc r = store_run(db_prepare(s->db, "DELETE FROM search_index"));
	if (r == STORE_OK && db_backend(s->db) == DB_POSTGRES)
		r = store_run(db_prepare(s->db, "DELETE FROM search_words"));
	return r;
}

/* A ranked hit and the number of candidates it was ranked among. */
struct ranked_hit {
	store_hit h;
	int64_t window;
};

static void read_ranked_hit(db_stmt *st, arena *a, void *row)
{
	struct ranked_hit *r = row;
	r->h.kind = store_col_str(st, 0, a);
	r->h.target_id = db_col_int(st, 1);
	r->window = db_col_int(st, 2);
}

/* A prefix expands to at most this many words of the index; one with
 * more stays a prefix query. */
#define PREFIX_WORDS 16

/* Whether w is a non-empty run of ASCII lowercase letters and digits: a
 * word the tokenizers keep as it is, and that quotes or tsquery syntax
 * cannot surround with a meaning of its own. */
static bool ascii_word(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (!((*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9')))
			return false;
	return true;
}

/* The least string above every word beginning with term: term with its
 * last character raised by one ('z' + 1 and '9' + 1 are still ASCII), or
 * NULL when term is not an ascii_word (a byte-wise range would not match
 * what the tokenizer makes of it). Allocated from a. */
static const char *prefix_end(arena *a, const char *term)
{
	if (!ascii_word(term))
		return NULL;
	char *end = arena_strdup(a, term);
	end[strlen(end) - 1]++;
	return end;
}

/* The words of the index that begin with term, in order, when there are
 * at most PREFIX_WORDS of them: *n is their number (0 when none), or -1 for
 * more, or for a term or a word that is not an ascii_word (the tokenizer,
 * not this byte-wise range, then decides what matches). Words come from
 * every cycle, and may outlive the rows that held them: an extra word only
 * matches nothing more. SQLite: FTS5's vocabulary, through the table
 * temp.search_vocab that store_open declares, one seek per word (the first
 * at or after term, then the first after the last found: its rows are
 * word occurrences, so a DISTINCT would read them all). PostgreSQL: the
 * table search_words (migration 007), one range read. */
static store_rc prefix_words(store *s, arena *a, const char *term, const char **words, int *n)
{
	*n = -1;
	const char *end = prefix_end(a, term);
	if (!end)
		return STORE_OK;
	bool pg = db_backend(s->db) == DB_POSTGRES;
	const char *from = term;
	int k = 0, rc = DB_ROW;
	db_stmt *st = NULL;
	while (rc == DB_ROW) {
		if (!st) {
			st = db_prepare(s->db, pg
				? "SELECT DISTINCT word FROM search_words WHERE word >= $1 AND word < $2 "
				  "ORDER BY word LIMIT $3"
				: "SELECT term FROM temp.search_vocab WHERE term >= $1 AND term < $2 LIMIT $3");
			db_bind_text(st, 1, from);
			db_bind_text(st, 2, end);
			db_bind_int(st, 3, pg ? PREFIX_WORDS + 1 : 1);
		}
		rc = db_step(st);
		if (rc != DB_ROW)
			break;
		const char *w = db_col_text(st, 0);
		if (k == PREFIX_WORDS || !w || !ascii_word(w)) {
			db_finalize(st);
			return STORE_OK;
		}
		words[k++] = arena_strdup(a, w);
		if (!pg) {
			db_finalize(st);
			st = NULL;
			/* The least string above that word: the word and byte 1. */
			from = arena_printf(a, "%s\x01", words[k - 1]);
		}
	}
	if (st)
		db_finalize(st);
	if (rc != DB_DONE)
		return STORE_ERROR;
	*n = k;
	return STORE_OK;
}

/* The FTS5 query of the terms, all of which must match the beginning of a
 * word. FTS5 answers a prefix query by reading and merging the whole list
 * of matches of every word with that prefix before it returns a first row,
 * which for a common word of a large library was most of a search's time;
 * a list of whole words is read lazily, newest first, and stops with the
 * window. So a prefix is replaced by its words when there are few
 * (prefix_words). *match is NULL when a term begins no word at all: nothing
 * can match. The terms hold only letters and digits (fold_terms), so
 * quoting them cannot change the query's structure. */
static store_rc sqlite_match(store *s, arena *a, char *const *terms, size_t nterms, const char **match)
{
	*match = NULL;
	buf m = BUF_INIT;
	for (size_t i = 0; i < nterms; i++) {
		const char *words[PREFIX_WORDS];
		int n;
		store_rc r = prefix_words(s, a, terms[i], words, &n);
		if (r != STORE_OK || n == 0) {
			buf_free(&m);
			return r;
		}
		buf_puts(&m, i ? " AND " : "");
		if (n < 0) {
			buf_printf(&m, "\"%s\"*", terms[i]);
			continue;
		}
		buf_puts(&m, "(");
		for (int k = 0; k < n; k++)
			buf_printf(&m, "%s\"%s\"", k ? " OR " : "", words[k]);
		buf_puts(&m, ")");
	}
	*match = arena_strdup(a, buf_cstr(&m));
	buf_free(&m);
	return STORE_OK;
}

/* The PostgreSQL query of the terms, built from fixed pieces around bound
 * parameters: term i is $(5+2i), and $(6+2i) the words it may begin
 * (pg_words). Each term matches either its French stem (so "economie"
 * finds "économique") or, as on SQLite, the beginning of a word ("resea"
 * finds "réseaux" but not "résilience", which a stemmed prefix would). */
static const char *pg_query(arena *a, size_t nterms)
{
	buf q = BUF_INIT;
	buf_puts(&q, "(");
	for (size_t i = 0; i < nterms; i++)
		buf_printf(&q, "%s(to_tsquery('french', $%zu) || to_tsquery('simple', $%zu))",
			   i ? " && " : "", 2 * i + 5, 2 * i + 6);
	buf_puts(&q, ")");
	const char *r = arena_strdup(a, buf_cstr(&q));
	buf_free(&q);
	return r;
}

/* What term may begin, as the text of a 'simple' tsquery: the words of the
 * index that begin with it joined by "|" (prefix_words), else the prefix
 * query "term:*"; the term itself when it begins no word (its French stem
 * may still match, so the search goes on). See migration 007 for why.
 * Allocated from a. */
static store_rc pg_words(store *s, arena *a, const char *term, const char **out)
{
	const char *words[PREFIX_WORDS];
	int n;
	store_rc r = prefix_words(s, a, term, words, &n);
	if (r != STORE_OK)
		return r;
	if (n < 0) {
		*out = arena_printf(a, "%s:*", term);
		return STORE_OK;
	}
	*out = term; /* begins no word, so is none: an exact query of it */
	for (int k = 0; k < n; k++)
		*out = k ? arena_printf(a, "%s | %s", *out, words[k]) : words[0];
	return STORE_OK;
}

/* STORE_SEARCH_WINDOW spelt into the SQL. Ranking costs per candidate
 * (on PostgreSQL, rows read and ts_rank for each: most of a search's
 * time), so the window is what a common word costs; 500 rather than 1 000
 * made PostgreSQL answer a third more searches per second on a 100 000-item
 * library. */
#define WINDOW_SQL_(n) #n
#define WINDOW_SQL(n) WINDOW_SQL_(n)
#define SEARCH_WINDOW_SQL WINDOW_SQL(STORE_SEARCH_WINDOW)

store_rc store_search(store *s, arena *a, int64_t cycle_id, char *const *terms, size_t nterms,
		      const char *kind, int64_t offset, int64_t limit, store_hit **out, size_t *n,
		      int64_t *total)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	if (!nterms)
		return STORE_OK;
	if (nterms > 16)
		nterms = 16;
	bool pg = db_backend(s->db) == DB_POSTGRES;
	db_stmt *cnt, *sel = NULL;
	/* Both statements read at most max(STORE_SEARCH_WINDOW, offset + limit)
	 * matches. The page is ranked among that window of candidates, whose
	 * size, capped at STORE_SEARCH_WINDOW, is the total; the count alone runs
	 * for a count (limit 0) or a page past the end.
	 * SQLite: the window is the newest matches (FTS5 walks its doclists
	 * backwards at no cost); the cycle is a range of rowids and the kind
	 * the rowid's parity (index_rowid), so FTS5 never reads a row of its
	 * content table, and kind and target_id of a hit come from its rowid.
	 * PostgreSQL: the window is the matches in the order the scan yields
	 * them, with no ORDER BY, so that the plan is cheap with or without
	 * statistics (an ORDER BY rowid makes the planner walk the primary
	 * key and test tens of thousands of rows for two common words). */
	const char **pgw = NULL;
	if (pg) {
		pgw = arena_alloc(a, nterms * sizeof *pgw);
		for (size_t i = 0; i < nterms; i++) {
			store_rc r = pg_words(s, a, terms[i], &pgw[i]);
			if (r != STORE_OK)
				return r;
		}
		const char *q = pg_query(a, nterms);
		cnt = db_prepare_dynamic(s->db, arena_printf(a,
			"SELECT COUNT(*) FROM (SELECT 1 FROM search_index WHERE tsv @@ %s "
			"AND cycle_id = $1 AND ($2 = '' OR kind = $2) AND $3 >= 0 AND $4 >= 0 LIMIT " SEARCH_WINDOW_SQL ") x", q));
		if (limit > 0)
			sel = db_prepare_dynamic(s->db, arena_printf(a,
				"SELECT kind, target_id, window_size FROM (SELECT rowid, kind, target_id, tsv, "
				"COUNT(*) OVER () AS window_size FROM (SELECT rowid, kind, target_id, tsv "
				"FROM search_index WHERE tsv @@ %s AND cycle_id = $1 AND ($2 = '' OR kind = $2) "
				"LIMIT GREATEST(" SEARCH_WINDOW_SQL ", $3::bigint + $4::bigint)) w) c "
				"ORDER BY ts_rank(tsv, %s) DESC, rowid LIMIT $3 OFFSET $4", q, q));
	} else {
		const char *match;
		store_rc r = sqlite_match(s, a, terms, nterms, &match);
		if (r != STORE_OK || !match)
			return r;
		terms = (char *const *)arena_alloc(a, sizeof(char *));
		((const char **)terms)[0] = match;
		nterms = 1;
		cnt = db_prepare(s->db,
			"SELECT COUNT(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH $5 "
			"AND rowid BETWEEN $6 AND $7 AND ($2 = '' OR (rowid & 1) = ($2 = 'item')) "
			"AND $1 >= 0 AND $3 >= 0 AND $4 >= 0 LIMIT " SEARCH_WINDOW_SQL ")");
		if (limit > 0)
			sel = db_prepare(s->db,
				"SELECT CASE rowid & 1 WHEN 1 THEN 'item' ELSE 'scenario' END, "
				"(rowid >> 1) & " INDEX_TARGET_MASK ", window_size "
				"FROM (SELECT rowid, score, COUNT(*) OVER () AS window_size FROM "
				"(SELECT rowid, fab_rank(search_index, 4.0, 1.0) AS score FROM search_index "
				"WHERE search_index MATCH $5 AND rowid BETWEEN $6 AND $7 "
				"AND ($2 = '' OR (rowid & 1) = ($2 = 'item')) AND $1 >= 0 "
				"ORDER BY rowid DESC LIMIT max(" SEARCH_WINDOW_SQL ", $3 + $4))) "
				"ORDER BY score, rowid LIMIT $3 OFFSET $4");
	}
	db_stmt *sts[2] = {cnt, sel};
	for (int k = 0; k < 2; k++) {
		if (!sts[k])
			continue;
		db_bind_int(sts[k], 1, cycle_id);
		db_bind_text(sts[k], 2, kind ? kind : "");
		db_bind_int(sts[k], 3, limit);
		db_bind_int(sts[k], 4, offset);
		for (size_t i = 0; i < nterms; i++) {
			if (pg) {
				db_bind_text(sts[k], 2 * (int)i + 5, terms[i]);
				db_bind_text(sts[k], 2 * (int)i + 6, pgw[i]);
			} else {
				db_bind_text(sts[k], (int)i + 5, terms[i]);
			}
		}
		if (!pg) {
			db_bind_int(sts[k], 6, cycle_id << INDEX_CYCLE_SHIFT);
			db_bind_int(sts[k], 7, ((cycle_id + 1) << INDEX_CYCLE_SHIFT) - 1);
		}
	}
	if (sel) {
		struct ranked_hit *rh;
		size_t nr;
		store_rc r = store_collect(sel, a, sizeof *rh, read_ranked_hit, &rh, &nr);
		if (r != STORE_OK || nr) {
			db_finalize(cnt);
			if (r != STORE_OK)
				return r;
			store_hit *h = arena_alloc(a, nr * sizeof *h);
			for (size_t i = 0; i < nr; i++)
				h[i] = rh[i].h;
			*out = h;
			*n = nr;
			*total = rh[0].window < STORE_SEARCH_WINDOW ? rh[0].window : STORE_SEARCH_WINDOW;
			return STORE_OK;
		}
	}
	return store_one_int(cnt, total);
}

static void read_contribution(db_stmt *st, arena *a, void *row)
{
	store_contribution *c = row;
	c->kind = store_col_str(st, 0, a);
	c->cycle_slug = store_col_str(st, 1, a);
	c->uid = store_col_str(st, 2, a);
	c->title = store_col_str(st, 3, a);
	c->detail = store_col_str(st, 4, a);
}

store_rc store_user_contributions(store *s, arena *a, int64_t user_id, store_contribution **out,
				  size_t *n)
{
	db_stmt *st = db_prepare(s->db,
		"SELECT 'member' AS k, c.slug AS cs, '' AS u, c.title AS t, m.role AS d FROM members m "
		"JOIN cycles c ON c.id = m.cycle_id WHERE m.user_id = $1 "
		"UNION ALL SELECT 'scenario', c.slug, x.uid, x.title, x.status FROM scenario_authors w "
		"JOIN scenarios x ON x.id = w.scenario_id JOIN cycles c ON c.id = x.cycle_id "
		"WHERE w.user_id = $1 "
		"UNION ALL SELECT 'item', c.slug, l.uid, l.title, l.kind FROM library l "
		"JOIN cycles c ON c.id = l.cycle_id WHERE l.created_by = $1 "
		"ORDER BY 1, 2, 3");
	db_bind_int(st, 1, user_id);
	return store_collect(st, a, sizeof **out, read_contribution, out, n);
}
