/*
 * polis.h — Pol.is' conversation export layout, read and written in memory:
 * votes.csv, comments.csv and participants-votes.csv. Pure: the caller
 * reads and writes the files; this module only parses and formats text.
 *
 * The layout (as Pol.is publishes it, e.g. ../shared/data/polis-opendata):
 *   comments.csv  timestamp,comment-id,author-id,agrees,disagrees,moderated,
 *                 is-meta,is-seed[,group-informed-consensus],comment-body
 *                 moderated: 1 accepted, 0 not yet, -1 moderated out.
 *   votes.csv     timestamp,datetime,comment-id,voter-id,vote
 *                 vote: 1 agree, -1 disagree, 0 pass.
 *   participants-votes.csv
 *                 participant,xid,group-id,n-comments,n-votes,n-agree,
 *                 n-disagree, then one column per comment id holding 1, -1,
 *                 0 or nothing; group-id empty for participants in no group.
 * Columns are found by their header name, so their order may vary and
 * unknown columns are ignored. When votes.csv is absent, the votes are read
 * from participants-votes.csv instead (without timestamps).
 *
 * What the published conversations show (checked by tests/unit/test_polis.c
 * on every one of ../shared/data/polis-opendata): comments.csv's agrees and
 * disagrees count every row of votes.csv, repeated votes included; keeping
 * the latest vote of each pair gives exactly the cells of
 * participants-votes.csv, whose n-votes, n-agree and n-disagree count its
 * own cells and n-comments the rows of comments.csv the participant wrote.
 * The published group-informed-consensus is the product over groups of
 * (A + 1)/(S + 2) over those latest votes, counting only participants with
 * a group-id (passes in S), and is given for moderated-out comments too.
 *
 * Reading is strict, for files that may be hostile: every row has as many
 * fields as the header; ids are decimal integers from 0 to 2^63-1 written
 * without sign, spaces or leading zeros; a known column may appear once;
 * the sizes below are limits. Not for: fetching exports from Pol.is, or
 * summary.csv (not read, not written).
 */
#ifndef FAB_POLIS_H
#define FAB_POLIS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"
#include "../core/mem.h"

/* Limits of one conversation (an error beyond them); the same as the
 * opinion engine's (opinion.h). */
#define POLIS_MAX_COMMENTS 200000
#define POLIS_MAX_PARTICIPANTS 2000000
#define POLIS_MAX_VOTES 200000000	/* rows of votes.csv, or cells of participants-votes.csv */
#define POLIS_MAX_GROUP 999999		/* largest group-id accepted */

typedef struct polis_comment {
	int64_t id;		/* comment-id */
	int64_t author;		/* author-id, -1 if empty */
	int64_t timestamp;	/* milliseconds since 1970, 0 if empty */
	int moderated;		/* -1, 0 or 1; 0 if empty or no column */
	int is_meta, is_seed;	/* 0 or 1 ("false"/"true", "0"/"1", empty: 0) */
	double gic;		/* group-informed-consensus column, NAN if absent or empty */
	const char *body;	/* UTF-8, never NULL */
} polis_comment;

/* A whole conversation. Every pointer is owned by the arena given to
 * polis_parse (or, for polis_write_*, by the caller). */
typedef struct polis_data {
	int ncomments;
	polis_comment *comments;	/* in the order of comments.csv */

	int nparticipants;
	int64_t *participant_id;	/* Pol.is participant / voter id, ascending: every
					 * voter of votes.csv and every row of
					 * participants-votes.csv */
	int *published_group;		/* group-id of participants-votes.csv, -1 when
					 * empty; NULL when that file was not given */

	/* Votes, one per (participant, comment) pair: the latest by timestamp
	 * (then by position in the file) when votes.csv repeats a pair. */
	size_t nvotes;
	int32_t *vote_participant;	/* index into participant_id */
	int32_t *vote_comment;		/* index into comments */
	int8_t *vote_value;		/* 1, -1 or 0 */
	int64_t *vote_time;		/* milliseconds, 0 when unknown */
} polis_data;

/*
 * Parses a conversation from the texts of its files (any of votes and pv
 * may be NULL, not both; comments is required). Votes on a comment id
 * missing from comments.csv are an error, as are unknown vote values.
 * Required columns: comment-id and comment-body (comments.csv); comment-id,
 * voter-id and vote (votes.csv); participant and group-id
 * (participants-votes.csv). When both votes and pv are given, the votes
 * come from votes.csv and pv only adds its participants and their groups
 * (its cells are still checked). Votes come out sorted by participant,
 * then by comment index. The texts need not be NUL-terminated.
 * Returns 0 and fills *out (arena-owned); or -1 with a message in err
 * (English, naming the file, line and column) and *out zeroed.
 */
int polis_parse(arena *a,
		const char *votes, size_t votes_len,
		const char *comments, size_t comments_len,
		const char *pv, size_t pv_len,
		polis_data *out, char *err, size_t errlen);

/*
 * Writes the three files of d in the layout above, appending to b. The
 * datetime column of votes.csv is written in UTC ("Fri Sep 20 19:29:43 UTC
 * 2024"). In comments.csv, agrees and disagrees are counted from d's
 * votes, and group-informed-consensus is written when gic is not NULL
 * (one value per comment, NAN written as empty). In
 * participants-votes.csv, group-id comes from group (one per participant,
 * -1 written as empty; NULL: every one empty) and n-comments counts the
 * comments each participant authored; there is a row for every participant
 * (by ascending id, xid empty) and a column for every comment (by
 * ascending id, as Pol.is orders them). Lines end with LF; comment bodies
 * are quoted when they hold a comma, a quote or a line break. Whatever
 * polis_parse returned, written then parsed again, gives the same data
 * (without vote times through participants-votes.csv alone).
 */
void polis_write_votes(buf *b, const polis_data *d);
void polis_write_comments(buf *b, const polis_data *d, const double *gic);
void polis_write_participants_votes(buf *b, const polis_data *d, const int *group);

#endif
