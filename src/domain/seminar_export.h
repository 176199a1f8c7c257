/*
 * seminar_export.h — a seminar's data as files: ballots (anonymous) as CSV
 * and PrefLib, results as JSON and CSV, groups as CSV. The web pages and
 * the API send these bytes as they are; the formats are in docs/formats.md.
 */
#ifndef FAB_SEMINAR_EXPORT_H
#define FAB_SEMINAR_EXPORT_H

#include "seminar.h"
#include "../core/buf.h"

/* Every ballot of every round, numbered in the order first cast, with no
 * identity: "ballot,round,<uid>..." then one value per candidate as the
 * tally reads it (empty for a candidate not in that round). Appends to b. */
bool seminar_ballots_csv(store *s, arena *a, const store_seminar *sm, buf *b);

/* The first round's ballots as a PrefLib file of orders: ranked methods as
 * cast; approval, dots and majority judgment as the order of the values
 * given (higher first, equal values tied, zero or no grade unranked).
 * *ext receives the PrefLib type ("soc", "soi", "toc" or "toi"). */
bool seminar_ballots_preflib(store *s, arena *a, const store_seminar *sm, buf *b, const char **ext);

/* The outcome as a JSON document: seminar, title, method, ballots, seats,
 * tie, candidates (uid, title, rank, score or median and profile,
 * retained), ranking (levels of uids), retained, pairwise (Schulze),
 * resolution. */
void seminar_results_json(const store_seminar *sm, const seminar_outcome *oc, buf *b);

/* The outcome as CSV: rank,uid,title,score,median,retained (yes/no, empty
 * while a tie is unresolved), in final order. */
void seminar_results_csv(const seminar_outcome *oc, buf *b);

/* The members of the working groups: participant,org_kind,group,
 * group_title,rank,manual. */
bool seminar_groups_csv(store *s, arena *a, const store_seminar *sm, buf *b);

#endif
