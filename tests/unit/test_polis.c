/* test_polis.c — the Pol.is export reader and writer (polis.h) and
 * `fabrique opinion` (cmd_opinion.c).
 *
 * Small files written here: every field of the three files, columns in
 * another order, the dedup rule (latest timestamp, then the later row),
 * the fallback to participants-votes.csv, every error with the file, line
 * and column it names, the limits, the writer's dates and quoting, and the
 * round trip write → parse. Then every real conversation of
 * ../shared/data/polis-opendata (the tests run from the repository root),
 * checked against what its own files say: comments.csv's agrees and
 * disagrees count every row of votes.csv; the latest vote of each pair is
 * exactly participants-votes.csv's cells; n-votes, n-agree, n-disagree and
 * n-comments; summary.csv's voters. Last, the acceptance test: the
 * group-informed consensus of bg2050-volunteers computed by opinion_compute
 * with Pol.is' published groups equals the published column within 1e-9,
 * and the command's JSON and text output on the same conversation. */
#include "unit.h"

#include <jansson.h>
#include <math.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "engines/csv.h"
#include "engines/opinion.h"
#include "engines/polis.h"

#define DATA_DIR "../shared/data/polis-opendata"
#define GIC_DIR DATA_DIR "/bg2050-volunteers"

/* ---- helpers ---- */

/* Reads path into a NUL-terminated heap buffer; NULL when it does not
 * exist and may_be_absent, else the test fails. */
static char *slurp(const char *path, size_t *len, bool may_be_absent)
{
	return unit_read_file(path, len, may_be_absent,
			      "the Pol.is data must be in " DATA_DIR " and the tests run from the repository root");
}

/* polis_parse on C strings (any may be NULL). */
static int parse(arena *a, const char *votes, const char *comments, const char *pv, polis_data *d,
		 char *err, size_t errlen)
{
	return polis_parse(a, votes, votes ? strlen(votes) : 0, comments, comments ? strlen(comments) : 0, pv,
			   pv ? strlen(pv) : 0, d, err, errlen);
}

/* Parses and fails the test on an error. */
static void parse_ok(arena *a, const char *votes, const char *comments, const char *pv, polis_data *d)
{
	char err[512] = "";
	if (parse(a, votes, comments, pv, d, err, sizeof err) != 0)
		fail_msg("polis_parse: %s", err);
}

static int find_comment(const polis_data *d, int64_t id)
{
	for (int j = 0; j < d->ncomments; j++)
		if (d->comments[j].id == id)
			return j;
	return -1;
}

static int find_participant(const polis_data *d, int64_t id)
{
	for (int p = 0; p < d->nparticipants; p++)
		if (d->participant_id[p] == id)
			return p;
	return -1;
}

/* A whole CSV file as rows of fields (arena-owned). */
typedef struct table {
	csv_record *row;	/* row[0] is the header */
	size_t n;
} table;

static void read_table(arena *a, const char *text, size_t len, table *t)
{
	csv_reader r;
	csv_init(&r, text, len);
	r.max_fields = 100000;
	size_t cap = 1024;
	t->row = mem_alloc(cap * sizeof *t->row);
	t->n = 0;
	csv_record rec;
	csv_rc rc;
	while ((rc = csv_next(&r, a, &rec)) == CSV_RECORD) {
		if (t->n == cap)
			t->row = mem_realloc(t->row, (cap *= 2) * sizeof *t->row);
		t->row[t->n++] = rec;
	}
	if (rc != CSV_END)
		fail_msg("csv: line %ld: %s", r.error_line, r.error);
	assert_true(t->n >= 1);
}

/* Index of a header column, or -1. */
static int column_of(const table *t, const char *name)
{
	for (size_t i = 0; i < t->row[0].nfields; i++)
		if (strcmp(t->row[0].field[i], name) == 0)
			return (int)i;
	return -1;
}

static int64_t num(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end)
		fail_msg("'%s' is not a number", s);
	return v;
}

/* Asserts that two parsed conversations hold the same data; times are
 * compared only when with_time. */
static void assert_same(const polis_data *a, const polis_data *b, bool with_time, bool with_groups)
{
	assert_int_equal(a->ncomments, b->ncomments);
	for (int j = 0; j < a->ncomments; j++) {
		const polis_comment *x = &a->comments[j], *y = &b->comments[j];
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->author, y->author);
		assert_int_equal(x->timestamp, y->timestamp);
		assert_int_equal(x->moderated, y->moderated);
		assert_int_equal(x->is_meta, y->is_meta);
		assert_int_equal(x->is_seed, y->is_seed);
		assert_string_equal(x->body, y->body);
	}
	assert_int_equal(a->nparticipants, b->nparticipants);
	for (int p = 0; p < a->nparticipants; p++)
		assert_int_equal(a->participant_id[p], b->participant_id[p]);
	if (with_groups) {
		assert_non_null(a->published_group);
		assert_non_null(b->published_group);
		for (int p = 0; p < a->nparticipants; p++)
			assert_int_equal(a->published_group[p], b->published_group[p]);
	}
	assert_int_equal(a->nvotes, b->nvotes);
	for (size_t i = 0; i < a->nvotes; i++) {
		assert_int_equal(a->vote_participant[i], b->vote_participant[i]);
		assert_int_equal(a->vote_comment[i], b->vote_comment[i]);
		assert_int_equal(a->vote_value[i], b->vote_value[i]);
		if (with_time)
			assert_int_equal(a->vote_time[i], b->vote_time[i]);
	}
}

/* Writes d's three files (with gic from the comments and the published
 * groups), parses them back and checks that the same data comes out,
 * then that writing again gives the same bytes. */
static void round_trip(const polis_data *d)
{
	arena *a = arena_new();
	double *gic = mem_alloc(((size_t)d->ncomments + 1) * sizeof *gic);
	for (int j = 0; j < d->ncomments; j++)
		gic[j] = d->comments[j].gic;
	buf v = BUF_INIT, c = BUF_INIT, p = BUF_INIT;
	polis_write_votes(&v, d);
	polis_write_comments(&c, d, gic);
	polis_write_participants_votes(&p, d, d->published_group);
	polis_data back, fallback;
	parse_ok(a, buf_cstr(&v), buf_cstr(&c), buf_cstr(&p), &back);
	assert_same(d, &back, true, d->published_group != NULL);
	for (int j = 0; j < d->ncomments; j++) {
		double x = d->comments[j].gic, y = back.comments[j].gic;
		assert_true((isnan(x) && isnan(y)) || x == y);
	}
	/* the same votes from participants-votes.csv alone, without times */
	parse_ok(a, NULL, buf_cstr(&c), buf_cstr(&p), &fallback);
	assert_same(d, &fallback, false, d->published_group != NULL);
	for (size_t i = 0; i < fallback.nvotes; i++)
		assert_int_equal(fallback.vote_time[i], 0);
	/* writing what was read gives the same text */
	buf v2 = BUF_INIT, c2 = BUF_INIT, p2 = BUF_INIT;
	polis_write_votes(&v2, &back);
	polis_write_comments(&c2, &back, gic);
	polis_write_participants_votes(&p2, &back, back.published_group);
	assert_string_equal(buf_cstr(&v), buf_cstr(&v2));
	assert_string_equal(buf_cstr(&c), buf_cstr(&c2));
	assert_string_equal(buf_cstr(&p), buf_cstr(&p2));
	buf_free(&v);
	buf_free(&c);
	buf_free(&p);
	buf_free(&v2);
	buf_free(&c2);
	buf_free(&p2);
	free(gic);
	arena_free(a);
}

/* ---- small files ---- */

static const char COMMENTS[] =
	"timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,group-informed-consensus,comment-body\n"
	"1726860676783,5,3,1,0,1,false,true,0.6839080459770114,\"Hello, \"\"world\"\"\n"
	"second line\"\n"
	"2000,7,,0,1,-1,true,false,,plain\n"
	",0,1,,,0,,,,\"\"\n";

static const char VOTES[] =
	"timestamp,datetime,comment-id,voter-id,vote\n"
	"10,Thu Jan 01 00:00:00 UTC 1970,5,3,1\n"
	"20,x,7,3,-1\n"
	"15,x,5,1,0\n"
	"5,x,5,3,-1\n"	/* earlier than the row of time 10: loses though later in the file */
	"20,x,7,3,0\n";	/* same time as the -1 above: the later row wins */

static void test_small(void **state)
{
	(void)state;
	arena *a = arena_new();
	polis_data d;
	parse_ok(a, VOTES, COMMENTS, NULL, &d);
	assert_int_equal(d.ncomments, 3);
	const polis_comment *c = d.comments;
	assert_int_equal(c[0].id, 5);
	assert_int_equal(c[0].author, 3);
	assert_int_equal(c[0].timestamp, 1726860676783);
	assert_int_equal(c[0].moderated, 1);
	assert_int_equal(c[0].is_meta, 0);
	assert_int_equal(c[0].is_seed, 1);
	assert_true(c[0].gic == 0.6839080459770114);
	assert_string_equal(c[0].body, "Hello, \"world\"\nsecond line");
	assert_int_equal(c[1].id, 7);
	assert_int_equal(c[1].author, -1);
	assert_int_equal(c[1].moderated, -1);
	assert_int_equal(c[1].is_meta, 1);
	assert_true(isnan(c[1].gic));
	assert_string_equal(c[1].body, "plain");
	assert_int_equal(c[2].id, 0);
	assert_int_equal(c[2].timestamp, 0);
	assert_int_equal(c[2].moderated, 0);
	assert_string_equal(c[2].body, "");

	assert_null(d.published_group);
	assert_int_equal(d.nparticipants, 2);
	assert_int_equal(d.participant_id[0], 1);
	assert_int_equal(d.participant_id[1], 3);
	/* sorted by participant then comment; the latest of each pair */
	assert_int_equal(d.nvotes, 3);
	int32_t ep[] = {0, 1, 1}, ec[] = {0, 0, 1};
	int8_t ev[] = {0, 1, 0};
	int64_t et[] = {15, 10, 20};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(d.vote_participant[i], ep[i]);
		assert_int_equal(d.vote_comment[i], ec[i]);
		assert_int_equal(d.vote_value[i], ev[i]);
		assert_int_equal(d.vote_time[i], et[i]);
	}
	round_trip(&d);
	arena_free(a);
}

static void test_column_order(void **state)
{
	(void)state;
	arena *a = arena_new();
	polis_data d;
	/* columns in another order, unknown ones, the older layout with
	 * datetime, CRLF line ends, a byte order mark, no final line end; no
	 * timestamp column in votes.csv: the file order decides */
	parse_ok(a,
		 "vote,voter-id,extra,comment-id\r\n1,8,a,22\r\n-1,8,b,22\r\n0,2,,11",
		 "\xEF\xBB\xBF" "comment-body,note,comment-id,moderated,datetime\r\n"
		 "\"a, b\",x,22,1,Fri Sep 20 14:29:43 CDT 2024\r\nc,y,11,0,\r\n",
		 NULL, &d);
	assert_int_equal(d.ncomments, 2);
	assert_int_equal(d.comments[0].id, 22);
	assert_string_equal(d.comments[0].body, "a, b");
	assert_int_equal(d.comments[0].author, -1);
	assert_int_equal(d.comments[0].timestamp, 0);
	assert_int_equal(d.nparticipants, 2);
	assert_int_equal(d.nvotes, 2);
	assert_int_equal(d.participant_id[d.vote_participant[0]], 2);
	assert_int_equal(d.comments[d.vote_comment[0]].id, 11);
	assert_int_equal(d.vote_value[0], 0);
	assert_int_equal(d.participant_id[d.vote_participant[1]], 8);
	assert_int_equal(d.vote_value[1], -1);
	assert_int_equal(d.vote_time[1], 0);

	/* the largest id; empty files of votes (a header only) */
	parse_ok(a, "comment-id,voter-id,vote\n9223372036854775807,9223372036854775807,1\n",
		 "comment-id,comment-body\n9223372036854775807,x\n", NULL, &d);
	assert_int_equal(d.comments[0].id, INT64_MAX);
	assert_int_equal(d.participant_id[0], INT64_MAX);
	parse_ok(a, "comment-id,voter-id,vote\n", "comment-id,comment-body\n", NULL, &d);
	assert_int_equal(d.ncomments, 0);
	assert_int_equal(d.nparticipants, 0);
	assert_int_equal(d.nvotes, 0);
	round_trip(&d);
	/* is-meta and is-seed as 1 and 0; numbers for the consensus column */
	parse_ok(a, "comment-id,voter-id,vote\n",
		 "comment-id,is-meta,is-seed,group-informed-consensus,comment-body\n1,1,0,1e-3,x\n2,0,1,.5,y\n",
		 NULL, &d);
	assert_int_equal(d.comments[0].is_meta, 1);
	assert_int_equal(d.comments[1].is_seed, 1);
	assert_true(d.comments[0].gic == 1e-3 && d.comments[1].gic == 0.5);
	arena_free(a);
}

static const char PV[] = "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,7,5,0\n"
			 "3,,0,1,1,0,1,-1,,\n"
			 "1,abc,,0,1,0,0,,0,\n"
			 "9,,1,0,0,0,0,,,\n";

static void test_fallback(void **state)
{
	(void)state;
	arena *a = arena_new();
	polis_data d;
	parse_ok(a, NULL, COMMENTS, PV, &d);
	assert_int_equal(d.nparticipants, 3);
	int64_t ids[] = {1, 3, 9};
	int groups[] = {-1, 0, 1};
	assert_non_null(d.published_group);
	for (int p = 0; p < 3; p++) {
		assert_int_equal(d.participant_id[p], ids[p]);
		assert_int_equal(d.published_group[p], groups[p]);
	}
	assert_int_equal(d.nvotes, 2);
	assert_int_equal(d.vote_participant[0], 0);
	assert_int_equal(d.comments[d.vote_comment[0]].id, 5);
	assert_int_equal(d.vote_value[0], 0);
	assert_int_equal(d.vote_participant[1], 1);
	assert_int_equal(d.comments[d.vote_comment[1]].id, 7);
	assert_int_equal(d.vote_value[1], -1);
	assert_int_equal(d.vote_time[0], 0);
	round_trip(&d);

	/* with votes.csv too: the votes come from it, the participants from
	 * both, the groups from participants-votes.csv */
	parse_ok(a, VOTES, COMMENTS, PV, &d);
	assert_int_equal(d.nparticipants, 3);
	assert_int_equal(d.nvotes, 3);
	assert_int_equal(d.vote_value[1], 1);
	assert_int_equal(d.vote_time[1], 10);
	assert_int_equal(d.published_group[2], 1);
	parse_ok(a, "comment-id,voter-id,vote\n5,4,1\n", COMMENTS, PV, &d);
	assert_int_equal(d.nparticipants, 4);
	assert_int_equal(d.participant_id[2], 4);
	assert_int_equal(d.published_group[2], -1);
	round_trip(&d);
	arena_free(a);
}

/* ---- errors ---- */

#define C2 "comment-id,comment-body\n1,a\n2,b\n"
#define VH "timestamp,datetime,comment-id,voter-id,vote\n"
#define PH "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,1,2\n"

typedef struct bad_case {
	const char *votes, *comments, *pv;
	const char *expect;
} bad_case;

static const bad_case BAD[] = {
	{VH, NULL, NULL, "comments.csv is required"},
	{NULL, C2, NULL, "neither votes.csv nor participants-votes.csv was given"},
	/* comments.csv */
	{VH, "", NULL, "comments.csv: the file is empty; expected a header line"},
	{VH, "\xEF\xBB\xBF\n\n", NULL, "comments.csv: the file is empty"},
	{VH, "id,comment-body\n1,a\n", NULL, "comments.csv, line 1: no 'comment-id' column in the header"},
	{VH, "comment-id,body\n1,a\n", NULL, "comments.csv, line 1: no 'comment-body' column"},
	{VH, "comment-id,comment-body,comment-id\n", NULL,
	 "comments.csv, line 1, column 3: a second 'comment-id' column (the first is column 1)"},
	{VH, "comment-id,comment-body\n1\n", NULL, "comments.csv, line 2: 1 field where the header has 2"},
	{VH, "comment-id,comment-body\n1,a,b\n", NULL, "comments.csv, line 2: 3 fields where the header has 2"},
	{VH, "comment-id,comment-body\n\"a\nb\",x\n1,\"x\ny\",z\n", NULL,
	 "comments.csv, line 2, column 1 (comment-id): \"a?b\" is not a comment id (a whole number, 0 or more)"},
	{VH, "comment-id,comment-body\n1,\"x\ny\"\n2,a,b\n", NULL, "comments.csv, line 4: 3 fields"},
	{VH, "comment-id,comment-body\n01,a\n", NULL, "column 1 (comment-id): \"01\" is not a comment id"},
	{VH, "comment-id,comment-body\n-1,a\n", NULL, "\"-1\" is not a comment id"},
	{VH, "comment-id,comment-body\n+1,a\n", NULL, "\"+1\" is not a comment id"},
	{VH, "comment-id,comment-body\n 1,a\n", NULL, "\" 1\" is not a comment id"},
	{VH, "comment-id,comment-body\n,a\n", NULL, "\"\" is not a comment id"},
	{VH, "comment-id,comment-body\n9223372036854775808,a\n", NULL,
	 "\"9223372036854775808\" is not a comment id"},
	{VH, "comment-id,comment-body\n1,a\n1,b\n", NULL,
	 "comments.csv, line 3, column 1 (comment-id): \"1\" is already the id of an earlier comment"},
	{VH, "comment-body,comment-id,timestamp\na,1,12.5\n", NULL,
	 "comments.csv, line 2, column 3 (timestamp): \"12.5\" is not a timestamp (milliseconds since 1970)"},
	{VH, "comment-body,comment-id,author-id\na,1,-1\n", NULL,
	 "column 3 (author-id): \"-1\" is not a participant id"},
	{VH, "comment-body,comment-id,agrees\na,1,x\n", NULL, "column 3 (agrees): \"x\" is not a count"},
	{VH, "comment-body,comment-id,disagrees\na,1,-2\n", NULL, "column 3 (disagrees): \"-2\" is not a count"},
	{VH, "comment-body,comment-id,moderated\na,1,2\n", NULL,
	 "column 3 (moderated): \"2\" is not a moderation state: 1 accepted, 0 not yet, -1 moderated out"},
	{VH, "comment-body,comment-id,is-meta\na,1,yes\n", NULL, "column 3 (is-meta): \"yes\" is not true or false"},
	{VH, "comment-body,comment-id,is-seed\na,1,TRUE\n", NULL, "column 3 (is-seed): \"TRUE\" is not true"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1,nan\n", NULL,
	 "column 3 (group-informed-consensus): \"nan\" is not a number"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1,inf\n", NULL, "\"inf\" is not a number"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1,0x1p-2\n", NULL, "\"0x1p-2\" is not a number"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1, 0.5\n", NULL, "\" 0.5\" is not a number"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1,1e999\n", NULL, "\"1e999\" is not a number"},
	{VH, "comment-body,comment-id,group-informed-consensus\na,1,1e\n", NULL, "\"1e\" is not a number"},
	{VH, "comment-id,comment-body\n1,\"open\n", NULL, "comments.csv, line 2: "},
	{VH, "comment-id,comment-body\n1,a\"b\n", NULL, "comments.csv, line 2: "},
	{VH, "comment-id,comment-body\n1,\xC3(\n", NULL, "comments.csv, line 2: "},
	{VH, "comment-id,comment-body\n1,\"x\xC3\xA9\x01\"\n2,a\n3,\"tr\xC3\xA8s long, bien plus de quarante octets \xC3\xA0 montrer\"\n3,b\n",
	 NULL, "line 5, column 1 (comment-id): \"3\" is already"},
	/* votes.csv */
	{"", C2, NULL, "votes.csv: the file is empty; expected a header line"},
	{"timestamp,comment-id,voter-id\n", C2, NULL, "votes.csv, line 1: no 'vote' column in the header"},
	{"vote,voter-id\n", C2, NULL, "votes.csv, line 1: no 'comment-id' column"},
	{"vote,comment-id\n", C2, NULL, "votes.csv, line 1: no 'voter-id' column"},
	{"vote,comment-id,voter-id,vote\n", C2, NULL, "votes.csv, line 1, column 4: a second 'vote' column"},
	{VH "1,x,1,1,1\n2,x,1,1\n", C2, NULL, "votes.csv, line 3: 4 fields where the header has 5"},
	{VH "1,x,1,1,2\n", C2, NULL,
	 "votes.csv, line 2, column 5 (vote): \"2\" is not a vote: 1 agree, -1 disagree, 0 pass"},
	{VH "1,x,1,1,+1\n", C2, NULL, "column 5 (vote): \"+1\" is not a vote"},
	{VH "1,x,1,1,\n", C2, NULL, "column 5 (vote): \"\" is not a vote"},
	{VH "1,x,1,1,1.0\n", C2, NULL, "column 5 (vote): \"1.0\" is not a vote"},
	{VH "1,x,1,1,1\n1,x,3,1,1\n", C2, NULL,
	 "votes.csv, line 3, column 3 (comment-id): \"3\" is not the id of a comment of comments.csv"},
	{VH "1,x,c1,1,1\n", C2, NULL, "column 3 (comment-id): \"c1\" is not a comment id"},
	{VH "1,x,1,-4,1\n", C2, NULL, "votes.csv, line 2, column 4 (voter-id): \"-4\" is not a participant id"},
	{VH "1,x,1,,1\n", C2, NULL, "column 4 (voter-id): \"\" is not a participant id"},
	{VH "-5,x,1,1,1\n", C2, NULL, "votes.csv, line 2, column 1 (timestamp): \"-5\" is not a timestamp"},
	{VH "1,x,1,1,1\n\"2,x,1,1,1\n", C2, NULL, "votes.csv, line 3: "},
	/* participants-votes.csv */
	{NULL, C2, "", "participants-votes.csv: the file is empty"},
	{NULL, C2, "group-id,1\n", "participants-votes.csv, line 1: no 'participant' column"},
	{NULL, C2, "participant,1\n", "participants-votes.csv, line 1: no 'group-id' column"},
	{NULL, C2, "participant,group-id,1,3\n",
	 "participants-votes.csv, line 1, column 4: comment 3 is not in comments.csv"},
	{NULL, C2, "participant,group-id,1,2,1\n",
	 "participants-votes.csv, line 1, column 5: a second column for comment 1"},
	{NULL, C2, PH "1,,0,0,1,1,0,1,\n2,,0,0,1,1,0,1\n", "participants-votes.csv, line 3: 8 fields where the header has 9"},
	{NULL, C2, PH "1,,0,0,1,1,0,1,2\n",
	 "participants-votes.csv, line 2, column 9 (comment 2): \"2\" is not a vote: 1 agree, -1 disagree, 0 pass, or empty"},
	{NULL, C2, PH "1,,0,0,1,1,0,1,x\n", "column 9 (comment 2): \"x\" is not a vote"},
	{NULL, C2, PH "1,,0,0,1,1,0,1,\n1,,0,0,1,1,0,1,\n",
	 "participants-votes.csv, line 3, column 1 (participant): \"1\" already has a row"},
	{NULL, C2, PH "p,,0,0,1,1,0,1,\n", "line 2, column 1 (participant): \"p\" is not a participant id"},
	{NULL, C2, PH "1,,a,0,1,1,0,1,\n",
	 "line 2, column 3 (group-id): \"a\" is not a group id (a whole number from 0 to 999999, or empty)"},
	{NULL, C2, PH "1,,1000000,0,1,1,0,1,\n", "column 3 (group-id): \"1000000\" is not a group id"},
	{NULL, C2, PH "1,,-1,0,1,1,0,1,\n", "column 3 (group-id): \"-1\" is not a group id"},
	{NULL, C2, PH "1,,0,x,1,1,0,1,\n", "column 4 (n-comments): \"x\" is not a count"},
	{NULL, C2, PH "1,,0,0,-1,1,0,1,\n", "column 5 (n-votes): \"-1\" is not a count"},
	{NULL, C2, PH "1,,0,0,1,1.5,0,1,\n", "column 6 (n-agree): \"1.5\" is not a count"},
	{NULL, C2, PH "1,,0,0,1,1,?,1,\n", "column 7 (n-disagree): \"?\" is not a count"},
	/* with both, participants-votes.csv is still checked */
	{VH "1,x,1,1,1\n", C2, PH "1,,0,0,1,1,0,7,\n", "participants-votes.csv, line 2, column 8 (comment 1)"},
	/* the first file with an error is reported: comments, then pv, then votes */
	{VH "1,x,1,1,9\n", C2, PH "1,,z,0,1,1,0,1,\n", "participants-votes.csv, line 2, column 3 (group-id)"},
};

static void test_errors(void **state)
{
	(void)state;
	arena *a = arena_new();
	for (size_t i = 0; i < UNIT_LEN(BAD); i++) {
		const bad_case *b = &BAD[i];
		polis_data d;
		memset(&d, 0xAB, sizeof d);
		char err[512] = "";
		int rc = parse(a, b->votes, b->comments, b->pv, &d, err, sizeof err);
		if (rc != -1)
			fail_msg("case %zu: accepted, expected \"%s\"", i, b->expect);
		if (!strstr(err, b->expect))
			fail_msg("case %zu: \"%s\" does not contain \"%s\"", i, err, b->expect);
		assert_int_equal(d.ncomments, 0);
		assert_null(d.comments);
		assert_int_equal(d.nvotes, 0);
		assert_null(d.participant_id);
		assert_null(d.published_group);
		/* a small buffer is filled and terminated; none is accepted */
		char small[8];
		assert_int_equal(parse(a, b->votes, b->comments, b->pv, &d, small, sizeof small), -1);
		assert_true(strlen(small) < sizeof small);
		assert_int_equal(parse(a, b->votes, b->comments, b->pv, &d, NULL, 0), -1);
	}
	/* a long value is cut in the message, on a character boundary */
	/* Built with bounded appends: "é" is 2 bytes. */
	char votes[256], expect[128];
	size_t nv = (size_t)snprintf(votes, sizeof votes, "%s", VH "1,x,1,1,");
	for (int i = 0; i < 23; i++)
		nv += (size_t)snprintf(votes + nv, sizeof votes - nv, "\xC3\xA9");
	snprintf(votes + nv, sizeof votes - nv, "\n");
	size_t ne = (size_t)snprintf(expect, sizeof expect, "\"");
	for (int i = 0; i < 20; i++)
		ne += (size_t)snprintf(expect + ne, sizeof expect - ne, "\xC3\xA9");
	snprintf(expect + ne, sizeof expect - ne, "...\" is not a vote");
	char err[512];
	polis_data d;
	assert_int_equal(parse(a, votes, C2, NULL, &d, err, sizeof err), -1);
	unit_assert_contains(err, expect);
	nv = (size_t)snprintf(votes, sizeof votes, "%s", VH "1,x,1,1,a");
	for (int i = 0; i < 23; i++)
		nv += (size_t)snprintf(votes + nv, sizeof votes - nv, "\xC3\xA9");
	snprintf(votes + nv, sizeof votes - nv, "\n");
	assert_int_equal(parse(a, votes, C2, NULL, &d, err, sizeof err), -1);
	unit_assert_contains(err, "\"a\xC3\xA9\xC3\xA9");
	unit_assert_contains(err, "\xC3\xA9...\" is not");	/* 39 bytes: the 20th é does not fit */
	assert_null(strstr(err, "\xC3..."));
	arena_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	/* one comment too many */
	buf c = BUF_INIT;
	buf_puts(&c, "comment-id,comment-body\n");
	for (int i = 0; i <= POLIS_MAX_COMMENTS; i++)
		buf_printf(&c, "%d,\n", i);
	arena *a = arena_new();
	polis_data d;
	char err[512];
	assert_int_equal(parse(a, VH, buf_cstr(&c), NULL, &d, err, sizeof err), -1);
	unit_assert_contains(err, "comments.csv, line 200002: more than 200000 comments");
	/* exactly the limit is fine, and so is a participants-votes.csv with
	 * a column for each */
	c.len -= strlen("200000,\n");
	buf_cstr(&c);
	buf p = BUF_INIT;
	buf_puts(&p, "participant,group-id");
	for (int i = 0; i < POLIS_MAX_COMMENTS; i++)
		buf_printf(&p, ",%d", i);
	buf_puts(&p, "\n7,");
	for (int i = 0; i < POLIS_MAX_COMMENTS; i++)
		buf_puts(&p, i % 3 == 0 ? ",1" : i % 3 == 1 ? ",-1" : ",");
	buf_puts(&p, "\n");
	parse_ok(a, NULL, buf_cstr(&c), buf_cstr(&p), &d);
	assert_int_equal(d.ncomments, POLIS_MAX_COMMENTS);
	assert_int_equal(d.nvotes, (POLIS_MAX_COMMENTS + 2) / 3 + (POLIS_MAX_COMMENTS + 1) / 3);
	buf_free(&c);
	buf_free(&p);
	arena_free(a);
}

/* ---- the writer ---- */

static void test_write(void **state)
{
	(void)state;
	polis_comment comments[] = {
		{.id = 9, .author = 4, .timestamp = 5, .moderated = 1, .is_seed = 1, .gic = NAN, .body = "a \"b\", c"},
		{.id = 2, .author = -1, .moderated = -1, .is_meta = 1, .gic = NAN, .body = "line\r\nbreak"},
		{.id = 4, .author = 8, .gic = NAN, .body = "é"},
	};
	int64_t pid[] = {4, 6, 8};
	int32_t vp[] = {0, 0, 1, 2}, vc[] = {0, 1, 0, 2};
	int8_t vv[] = {1, -1, 0, -1};
	int64_t vt[] = {1726860583813, 0, 951782400000, -1};
	polis_data d = {.ncomments = 3, .comments = comments, .nparticipants = 3, .participant_id = pid,
			.nvotes = 4, .vote_participant = vp, .vote_comment = vc, .vote_value = vv, .vote_time = vt};
	buf b = BUF_INIT;
	polis_write_votes(&b, &d);
	assert_string_equal(buf_cstr(&b), "timestamp,datetime,comment-id,voter-id,vote\n"
					  "1726860583813,Fri Sep 20 19:29:43 UTC 2024,9,4,1\n"
					  "0,Thu Jan 01 00:00:00 UTC 1970,2,4,-1\n"
					  "951782400000,Tue Feb 29 00:00:00 UTC 2000,9,6,0\n"
					  "-1,Wed Dec 31 23:59:59 UTC 1969,4,8,-1\n");
	buf_reset(&b);
	double gic[] = {0.25, NAN, 1.0 / 3};
	polis_write_comments(&b, &d, gic);
	assert_string_equal(buf_cstr(&b),
			    "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,"
			    "group-informed-consensus,comment-body\n"
			    "5,9,4,1,0,1,false,true,0.25,\"a \"\"b\"\", c\"\n"
			    "0,2,,0,1,-1,true,false,,\"line\r\nbreak\"\n"
			    "0,4,8,0,1,0,false,false,0.33333333333333331,é\n");
	buf_reset(&b);
	polis_write_comments(&b, &d, NULL);
	unit_assert_contains(buf_cstr(&b), "is-seed,comment-body\n5,9,4,1,0,1,false,true,\"a");
	buf_reset(&b);
	int group[] = {1, -1, 0};
	polis_write_participants_votes(&b, &d, group);
	assert_string_equal(buf_cstr(&b), "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,2,4,9\n"
					  "4,,1,1,2,1,1,-1,,1\n"
					  "6,,,0,1,0,0,,,0\n"
					  "8,,0,1,1,0,1,,-1,\n");
	buf_reset(&b);
	polis_write_participants_votes(&b, &d, NULL);
	unit_assert_contains(buf_cstr(&b), "\n4,,,1,2,1,1,-1,,1\n");
	buf_free(&b);
}

/* ---- the real conversations ---- */

/* Checks one conversation of DATA_DIR against its own files. */
static void check_conversation(const char *name)
{
	char path[1024];
	size_t lc, lv = 0, lp, ls;
	snprintf(path, sizeof path, "%s/%s/comments.csv", DATA_DIR, name);
	char *ctext = slurp(path, &lc, false);
	snprintf(path, sizeof path, "%s/%s/votes.csv", DATA_DIR, name);
	char *vtext = slurp(path, &lv, true);
	snprintf(path, sizeof path, "%s/%s/participants-votes.csv", DATA_DIR, name);
	char *ptext = slurp(path, &lp, false);
	snprintf(path, sizeof path, "%s/%s/summary.csv", DATA_DIR, name);
	char *stext = slurp(path, &ls, false);
	arena *a = arena_new();
	char err[512] = "";
	polis_data d, fb;
	if (polis_parse(a, vtext, lv, ctext, lc, ptext, lp, &d, err, sizeof err) != 0)
		fail_msg("%s: %s", name, err);
	if (polis_parse(a, NULL, 0, ctext, lc, ptext, lp, &fb, err, sizeof err) != 0)
		fail_msg("%s (participants-votes.csv): %s", name, err);

	table tc, tp, ts;
	read_table(a, ctext, lc, &tc);
	read_table(a, ptext, lp, &tp);
	read_table(a, stext, ls, &ts);
	assert_int_equal(d.ncomments, (int)tc.n - 1);
	/* summary.csv's voters are the participants */
	for (size_t i = 0; i < ts.n; i++)
		if (strcmp(ts.row[i].field[0], "voters") == 0)
			assert_int_equal(d.nparticipants, num(ts.row[i].field[1]));
	assert_int_equal(d.nparticipants, (int)tp.n - 1);
	assert_non_null(d.published_group);

	/* the latest vote of each pair is exactly participants-votes.csv */
	assert_same(&d, &fb, false, true);

	/* per comment: counted votes against comments.csv */
	int ca = column_of(&tc, "agrees"), cd = column_of(&tc, "disagrees"), cid = column_of(&tc, "comment-id");
	assert_true(ca >= 0 && cd >= 0 && cid >= 0);
	size_t nc = (size_t)d.ncomments;
	int64_t *agree = mem_calloc(nc, sizeof *agree), *disagree = mem_calloc(nc, sizeof *disagree);
	for (size_t i = 0; i < d.nvotes; i++) {
		agree[d.vote_comment[i]] += d.vote_value[i] == 1;
		disagree[d.vote_comment[i]] += d.vote_value[i] == -1;
	}
	int64_t *raw_agree = mem_calloc(nc, sizeof *agree), *raw_disagree = mem_calloc(nc, sizeof *disagree);
	if (vtext) {
		/* comments.csv counts every row of votes.csv, repeats included */
		table tv;
		read_table(a, vtext, lv, &tv);
		int vc = column_of(&tv, "comment-id"), vv = column_of(&tv, "vote");
		for (size_t i = 1; i < tv.n; i++) {
			int j = find_comment(&d, num(tv.row[i].field[vc]));
			assert_true(j >= 0);
			int64_t x = num(tv.row[i].field[vv]);
			raw_agree[j] += x == 1;
			raw_disagree[j] += x == -1;
		}
		assert_true(tv.n - 1 >= d.nvotes);
		free(tv.row);
	}
	for (size_t k = 1; k < tc.n; k++) {
		int j = (int)k - 1;
		assert_int_equal(d.comments[j].id, num(tc.row[k].field[cid]));
		int64_t A = num(tc.row[k].field[ca]), D = num(tc.row[k].field[cd]);
		if (vtext) {
			assert_int_equal(A, raw_agree[j]);
			assert_int_equal(D, raw_disagree[j]);
		}
		/* repeated votes only ever add to the published counts */
		assert_true(A >= agree[j]);
		assert_true(D >= disagree[j]);
	}

	/* per participant: n-votes, n-agree, n-disagree and n-comments */
	int pp = column_of(&tp, "participant"), pg = column_of(&tp, "group-id");
	int pnv = column_of(&tp, "n-votes"), pna = column_of(&tp, "n-agree"), pnd = column_of(&tp, "n-disagree");
	int pnc = column_of(&tp, "n-comments");
	int np = d.nparticipants;
	int64_t *nv = mem_calloc((size_t)np, sizeof *nv), *na = mem_calloc((size_t)np, sizeof *na);
	int64_t *nd = mem_calloc((size_t)np, sizeof *nd), *ncm = mem_calloc((size_t)np, sizeof *ncm);
	for (size_t i = 0; i < d.nvotes; i++) {
		nv[d.vote_participant[i]]++;
		na[d.vote_participant[i]] += d.vote_value[i] == 1;
		nd[d.vote_participant[i]] += d.vote_value[i] == -1;
	}
	for (int j = 0; j < d.ncomments; j++) {
		int p = find_participant(&d, d.comments[j].author);
		if (d.comments[j].author >= 0 && p >= 0)
			ncm[p]++;
	}
	for (size_t k = 1; k < tp.n; k++) {
		const csv_record *r = &tp.row[k];
		int p = find_participant(&d, num(r->field[pp]));
		assert_true(p >= 0);
		assert_int_equal(d.published_group[p], *r->field[pg] ? num(r->field[pg]) : -1);
		assert_int_equal(nv[p], num(r->field[pnv]));
		assert_int_equal(na[p], num(r->field[pna]));
		assert_int_equal(nd[p], num(r->field[pnd]));
		assert_int_equal(ncm[p], num(r->field[pnc]));
	}
	round_trip(&d);

	free(agree);
	free(disagree);
	free(raw_agree);
	free(raw_disagree);
	free(nv);
	free(na);
	free(nd);
	free(ncm);
	free(tc.row);
	free(tp.row);
	free(ts.row);
	arena_free(a);
	free(ctext);
	free(vtext);
	free(ptext);
	free(stext);
}

static void test_real_conversations(void **state)
{
	(void)state;
	DIR *dir = opendir(DATA_DIR);
	if (!dir)
		fail_msg("cannot open " DATA_DIR ": the tests run from the repository root");
	int n = 0, with_votes = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", DATA_DIR, e->d_name);
		if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		snprintf(path, sizeof path, "%s/%s/votes.csv", DATA_DIR, e->d_name);
		with_votes += access(path, F_OK) == 0;
		check_conversation(e->d_name);
		n++;
	}
	closedir(dir);
	/* 17 conversations, 3 of them without votes.csv */
	assert_int_equal(n, 17);
	assert_int_equal(with_votes, 14);
}

/* ---- group-informed consensus against Pol.is' published column ---- */

static void load_gic_conversation(arena *a, polis_data *d)
{
	size_t lc, lv, lp;
	char *c = slurp(GIC_DIR "/comments.csv", &lc, false);
	char *v = slurp(GIC_DIR "/votes.csv", &lv, false);
	char *p = slurp(GIC_DIR "/participants-votes.csv", &lp, false);
	char err[512];
	if (polis_parse(a, v, lv, c, lc, p, lp, d, err, sizeof err) != 0)
		fail_msg("%s", err);
	free(c);
	free(v);
	free(p);
}

/* Π over groups of (A_g + 1)/(S_g + 2) for comment j, counting the votes
 * of participants with group[p] >= 0 (all voters when all). */
static double gic_of(const polis_data *d, const int *group, int ngroups, int j, bool all)
{
	int A[8] = {0}, S[8] = {0};
	for (size_t i = 0; i < d->nvotes; i++) {
		if (d->vote_comment[i] != j)
			continue;
		int g = group[d->vote_participant[i]];
		if (g < 0 && !all)
			continue;
		g = g < 0 ? 0 : g;
		S[g]++;
		A[g] += d->vote_value[i] == 1;
	}
	double x = 1;
	for (int g = 0; g < ngroups; g++)
		x *= (A[g] + 1.0) / (S[g] + 2.0);
	return x;
}

static void test_gic_published(void **state)
{
	(void)state;
	arena *a = arena_new();
	polis_data d;
	load_gic_conversation(a, &d);
	assert_int_equal(d.ncomments, 371);
	assert_int_equal(d.nparticipants, 126);
	int ngroups = 0, grouped = 0;
	for (int p = 0; p < d.nparticipants; p++) {
		assert_true(d.published_group[p] < OPINION_MAX_GROUPS);
		if (d.published_group[p] >= ngroups)
			ngroups = d.published_group[p] + 1;
		grouped += d.published_group[p] >= 0;
	}
	assert_int_equal(ngroups, 2);
	assert_int_equal(grouped, 108);

	/* What Pol.is publishes, from the data alone: over the latest votes of
	 * the participants in a group only (passes counted in S), every comment
	 * including those moderated out. Counting the ungrouped voters too
	 * would not give it. */
	int mismatch_all = 0, moderated_out = 0;
	for (int j = 0; j < d.ncomments; j++) {
		double pub = d.comments[j].gic;
		assert_false(isnan(pub));
		double mine = gic_of(&d, d.published_group, ngroups, j, false);
		if (fabs(mine - pub) > 1e-9)
			fail_msg("comment %lld: %.17g computed, %.17g published", (long long)d.comments[j].id, mine,
				 pub);
		mismatch_all += fabs(gic_of(&d, d.published_group, ngroups, j, true) - pub) > 1e-9;
		moderated_out += d.comments[j].moderated == -1;
	}
	assert_true(mismatch_all > 0);
	assert_int_equal(moderated_out, 55);

	/* the engine, given Pol.is' groups */
	uint8_t *excluded = arena_zalloc(a, (size_t)d.ncomments);
	for (int j = 0; j < d.ncomments; j++)
		excluded[j] = d.comments[j].moderated == -1;
	opinion_input in = {
		.nparticipants = d.nparticipants,
		.nstatements = d.ncomments,
		.nvotes = d.nvotes,
		.vote_participant = d.vote_participant,
		.vote_statement = d.vote_comment,
		.vote_value = d.vote_value,
		.excluded = excluded,
		.seed = 1,
		.given_group = d.published_group,
	};
	opinion_result r;
	const char *why = NULL;
	if (opinion_compute(&in, &r, &why) != OPINION_OK)
		fail_msg("opinion_compute: %s", why ? why : "?");
	assert_int_equal(r.ngroups, 2);
	int checked = 0;
	for (int j = 0; j < d.ncomments; j++) {
		if (d.comments[j].moderated == -1) {
			assert_true(isnan(r.gac[j]));	/* opinion.h: NAN for excluded statements */
			continue;
		}
		if (!(fabs(r.gac[j] - d.comments[j].gic) <= 1e-9))
			fail_msg("comment %lld: gac %.17g, published %.17g", (long long)d.comments[j].id, r.gac[j],
				 d.comments[j].gic);
		checked++;
	}
	assert_int_equal(checked, 316);
	opinion_free(&r);
	arena_free(a);
}

/* ---- the command ---- */

/* Runs `fabrique opinion ARGS...`; returns the exit status, *out and *err
 * hold what it printed (heap strings). */
static int run_cli(char **out, char **err, const char *const *args, int n)
{
	char *argv[16];
	assert_true(n < 15);
	argv[0] = (char *)"opinion";
	for (int i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	argv[n + 1] = NULL;
	char *ob = NULL, *eb = NULL;
	size_t ol = 0, el = 0;
	FILE *fo = open_memstream(&ob, &ol), *fe = open_memstream(&eb, &el);
	assert_non_null(fo);
	assert_non_null(fe);
	int rc = cmd_opinion_to(fo, fe, n + 1, argv);
	fclose(fo);
	fclose(fe);
	*out = ob;
	*err = eb;
	return rc;
}

static void test_cli_json(void **state)
{
	(void)state;
	char *out, *err;
	const char *args[] = {"--format", "json", "--seed", "7", GIC_DIR};
	int rc = run_cli(&out, &err, args, 5);
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	json_error_t jerr;
	json_t *o = json_loads(out, 0, &jerr);
	if (!o)
		fail_msg("not JSON: %s", jerr.text);
	arena *a = arena_new();
	polis_data d;
	load_gic_conversation(a, &d);
	assert_int_equal(json_integer_value(json_object_get(o, "seed")), 7);
	assert_int_equal(json_integer_value(json_object_get(o, "participants")), 126);
	assert_int_equal(json_integer_value(json_object_get(o, "comments")), 371);
	assert_int_equal(json_integer_value(json_object_get(o, "comments_excluded")), 55);
	assert_int_equal(json_integer_value(json_object_get(o, "votes")), (json_int_t)d.nvotes);
	json_int_t clustered = json_integer_value(json_object_get(o, "clustered"));
	assert_true(clustered >= 15 && clustered <= 126);

	json_t *groups = json_object_get(o, "groups"), *repness = json_object_get(o, "repness");
	assert_true(json_is_array(groups));
	assert_true(json_is_object(repness));
	size_t ng = json_array_size(groups);
	assert_true(ng >= 2 && ng <= OPINION_MAX_GROUPS);
	assert_int_equal(json_object_size(repness), ng);
	json_int_t sizes = 0;
	for (size_t g = 0; g < ng; g++) {
		json_t *jg = json_array_get(groups, g);
		assert_int_equal(json_integer_value(json_object_get(jg, "id")), (json_int_t)g);
		sizes += json_integer_value(json_object_get(jg, "size"));
		json_t *reps = json_object_get(jg, "representative");
		assert_true(json_is_array(reps));
		char key[24];
		snprintf(key, sizeof key, "%zu", g);
		assert_true(json_equal(reps, json_object_get(repness, key)));
		size_t k;
		json_t *rep;
		json_array_foreach(reps, k, rep) {
			json_int_t cid = json_integer_value(json_object_get(rep, "comment"));
			int j = find_comment(&d, cid);
			assert_true(j >= 0);
			assert_int_not_equal(d.comments[j].moderated, -1);
			const char *dir = json_string_value(json_object_get(rep, "direction"));
			assert_true(dir && (strcmp(dir, "agree") == 0 || strcmp(dir, "disagree") == 0));
			assert_true(json_is_number(json_object_get(rep, "p")));
			assert_true(json_is_number(json_object_get(rep, "p_z")));
			assert_true(json_is_number(json_object_get(rep, "r")));
			assert_true(json_is_number(json_object_get(rep, "r_z")));
		}
	}
	assert_int_equal(sizes, clustered);

	/* every participant has an assignment (a group or null) and a place */
	json_t *assign = json_object_get(o, "assignments"), *proj = json_object_get(o, "projections");
	assert_int_equal(json_object_size(assign), (size_t)d.nparticipants);
	assert_int_equal(json_object_size(proj), (size_t)d.nparticipants);
	json_int_t assigned = 0;
	for (int p = 0; p < d.nparticipants; p++) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)d.participant_id[p]);
		json_t *g = json_object_get(assign, key);
		assert_non_null(g);
		assert_true(json_is_null(g) || (json_is_integer(g) && json_integer_value(g) >= 0 &&
						(size_t)json_integer_value(g) < ng));
		assigned += json_is_integer(g);
		assert_int_equal(json_array_size(json_object_get(proj, key)), 2);
	}
	assert_int_equal(assigned, clustered);

	json_t *cons = json_object_get(o, "consensus");
	assert_true(json_is_array(cons));
	json_t *gac = json_object_get(o, "gac");
	assert_int_equal(json_object_size(gac), 371);
	for (int j = 0; j < d.ncomments; j++) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)d.comments[j].id);
		json_t *x = json_object_get(gac, key);
		assert_non_null(x);
		if (d.comments[j].moderated == -1)
			assert_true(json_is_null(x));
		else
			assert_true(json_is_real(x) && json_real_value(x) > 0 && json_real_value(x) < 1);
	}
	json_t *pub = json_object_get(o, "published");
	assert_int_equal(json_integer_value(json_object_get(pub, "groups")), 2);
	assert_int_equal(json_integer_value(json_object_get(pub, "grouped")), 108);

	/* the same seed gives the same output */
	char *out2, *err2;
	assert_int_equal(run_cli(&out2, &err2, args, 5), 0);
	assert_string_equal(out, out2);
	free(out2);
	free(err2);
	json_decref(o);
	arena_free(a);
	free(out);
	free(err);
}

static void test_cli_text(void **state)
{
	(void)state;
	char *out, *err;
	const char *args[] = {GIC_DIR};
	int rc = run_cli(&out, &err, args, 1);
	if (rc != 0)
		fail_msg("exit %d: %s", rc, err);
	/* "voted": on a comment not moderated out (two voted only on such) */
	unit_assert_contains(out, GIC_DIR ": 126 participants (124 voted), 371 comments (55 moderated out), "
				  "14283 votes\n");
	unit_assert_contains(out, "\ngroup 0: ");
	unit_assert_contains(out, "\ngroup 1: ");
	unit_assert_contains(out, "consensus");
	unit_assert_contains(out, "Pol.is' published groups: 2 (108 participants)");
	assert_string_equal(err, "");
	free(out);
	free(err);
}

static void test_cli_errors(void **state)
{
	(void)state;
	char *out, *err;
	struct {
		const char *args[4];
		int n, status;
		const char *expect;
	} cases[] = {
		{{0}, 0, 2, "needs a DIR"},
		{{"--format", "xml", GIC_DIR}, 3, 2, "--format must be text or json, not 'xml'"},
		{{"--seed", "-1", GIC_DIR}, 3, 2, "--seed must be a whole number from 0 to 9007199254740991"},
		{{"--seed", "9007199254740992", GIC_DIR}, 3, 2, "--seed must be"},
		{{"--seed"}, 1, 2, "option --seed needs a value"},
		{{"--colour", GIC_DIR}, 2, 2, "unexpected '--colour'"},
		{{GIC_DIR, GIC_DIR}, 2, 2, "unexpected '" GIC_DIR "'"},
		{{"/nonexistent/polis"}, 1, 1, "fabrique opinion: /nonexistent/polis: No such file or directory"},
		{{GIC_DIR "/votes.csv"}, 1, 1, "not a directory"},
	};
	for (size_t i = 0; i < UNIT_LEN(cases); i++) {
		int rc = run_cli(&out, &err, cases[i].args, cases[i].n);
		if (rc != cases[i].status)
			fail_msg("case %zu: exit %d, expected %d (%s)", i, rc, cases[i].status, err);
		unit_assert_contains(err, cases[i].expect);
		assert_string_equal(out, "");
		free(out);
		free(err);
	}

	/* files: none, comments only, a bad vote, then participants-votes.csv alone */
	char dir[512], path[1024];
	unit_tmpdir(dir, sizeof dir);
	const char *args[] = {dir};
	assert_int_equal(run_cli(&out, &err, args, 1), 1);
	unit_assert_contains(err, "no comments.csv");
	free(out);
	free(err);
	snprintf(path, sizeof path, "%s/comments.csv", dir);
	unit_write_file(path, C2, strlen(C2));
	assert_int_equal(run_cli(&out, &err, args, 1), 1);
	unit_assert_contains(err, "neither votes.csv nor participants-votes.csv");
	free(out);
	free(err);
	snprintf(path, sizeof path, "%s/votes.csv", dir);
	unit_write_file(path, VH "1,x,1,1,1\n1,x,2,1,yes\n", strlen(VH "1,x,1,1,1\n1,x,2,1,yes\n"));
	assert_int_equal(run_cli(&out, &err, args, 1), 1);
	char expect[1200];
	snprintf(expect, sizeof expect, "fabrique opinion: %s/votes.csv, line 3, column 5 (vote): \"yes\" is not a vote",
		 dir);
	unit_assert_contains(err, expect);
	free(out);
	free(err);
	remove(path);
	snprintf(path, sizeof path, "%s/participants-votes.csv", dir);
	unit_write_file(path, PH "1,,0,0,2,1,1,1,-1\n2,,1,0,1,0,0,0,\n", strlen(PH "1,,0,0,2,1,1,1,-1\n2,,1,0,1,0,0,0,\n"));
	const char *jargs[] = {"--format", "json", dir};
	assert_int_equal(run_cli(&out, &err, jargs, 3), 0);
	json_t *o = json_loads(out, 0, NULL);
	assert_non_null(o);
	assert_int_equal(json_integer_value(json_object_get(o, "participants")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "votes")), 3);
	assert_int_equal(json_object_size(json_object_get(o, "assignments")), 2);
	json_decref(o);
	free(out);
	free(err);
	assert_int_equal(run_cli(&out, &err, args, 1), 0);
	unit_assert_contains(out, "2 participants (2 voted), 2 comments (0 moderated out), 3 votes");
	free(out);
	free(err);
	unit_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_column_order),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_real_conversations),
		cmocka_unit_test(test_gic_published),
		cmocka_unit_test(test_cli_json),
		cmocka_unit_test(test_cli_text),
		cmocka_unit_test(test_cli_errors),
	};
	return cmocka_run_group_tests_name("polis", tests, NULL, NULL);
}
