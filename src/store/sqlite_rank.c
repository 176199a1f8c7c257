/*
 * sqlite_rank.c — the ranking function of the SQLite search index,
 * fab_rank(search_index, title weight, body weight), registered on every
 * SQLite connection.
 *
 * It is FTS5's BM25 (k1 = 1.2, b = 0.75, the column weights summed into
 * the term frequency, the row's length against the average) with every
 * word's inverse document frequency taken as 1. FTS5's bm25() works that
 * frequency out on the first row of every query by walking each word's
 * whole list of matches, which for two common words of a 100 000-item
 * library was most of a search's time, whatever the page size. With one
 * word the order is BM25's exactly (its IDF is a positive constant factor);
 * with several, which must all match, they weigh the same.
 */
#include "db_int.h"

#include <sqlite3.h>
#include <stddef.h>

#define RANK_K1 1.2
#define RANK_B 0.75

/* Per query: the average row length, and room for each phrase's frequency. */
struct rank_query {
	double avg_len;
	int nphrase;
	double freq[];
};

static void rank_query_free(void *p) { sqlite3_free(p); }

static void fab_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		     sqlite3_value **val)
{
	struct rank_query *q = api->xGetAuxdata(fts, 0);
	if (!q) {
		int np = api->xPhraseCount(fts);
		q = sqlite3_malloc64(sizeof *q + (size_t)(np > 0 ? np : 1) * sizeof(double));
		if (!q) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		sqlite3_int64 nrow = 0, ntok = 0;
		int rc = api->xRowCount(fts, &nrow);
		if (rc == SQLITE_OK)
			rc = api->xColumnTotalSize(fts, -1, &ntok);
		if (rc == SQLITE_OK)
			rc = api->xSetAuxdata(fts, q, rank_query_free);
		else
			sqlite3_free(q);
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
		q->nphrase = np;
		q->avg_len = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
	}
	int ncol = api->xColumnCount(fts);
	for (int p = 0; p < q->nphrase; p++)
		q->freq[p] = 0;
	int ninst = 0;
	int rc = api->xInstCount(fts, &ninst);
	for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
		int phrase, col, off;
		rc = api->xInst(fts, i, &phrase, &col, &off);
		if (rc == SQLITE_OK && phrase >= 0 && phrase < q->nphrase) {
			/* A column without a weight weighs 1, as in bm25(). */
			double w = col < nval && col < ncol ? sqlite3_value_double(val[col]) : 1.0;
			q->freq[phrase] += w;
		}
	}
	int len = 0;
	if (rc == SQLITE_OK)
		rc = api->xColumnSize(fts, -1, &len);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double norm = RANK_K1 * (1 - RANK_B + RANK_B * (double)len / q->avg_len), score = 0;
	for (int p = 0; p < q->nphrase; p++)
		score += q->freq[p] * (RANK_K1 + 1) / (q->freq[p] + norm);
	/* Negative, as bm25(): the best match sorts first in ascending order. */
	sqlite3_result_double(ctx, -score);
}

int db_sqlite_register_rank(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	rc = sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	if (!api)
		return SQLITE_ERROR;
	return api->xCreateFunction(api, "fab_rank", NULL, fab_rank, NULL);
}
