/* test_ballotfile.c — reading ballot files (ballotfile.h) and the
 * `fabrique tally` command over them.
 *
 * The real files of ../shared/data/ballots/ (the tests run from the
 * repository root): three Debian tally sheets, one in Latin-1, and two
 * PrefLib .soi files, with their counts, names and a few rows checked
 * against the text. Small files of every layout written here: Debian
 * sheets (ties, letters, non-dense ranks made dense), PrefLib with the
 * metadata header (soc, soi, toc, toi, cat with empty categories) and
 * with the older numeric header; what each refusal says and on which
 * line. The writer: merged identical orders, the exact text of a small
 * file, and files written then read back to the same ballots. Then the
 * command: JSON for a real election, text with the seats cut, its exit
 * statuses and messages. */
#include "unit.h"

#include <jansson.h>

#include "cli/cli.h"
#include "engines/ballotfile.h"
#include "engines/tally.h"

#define DATA_DIR "../shared/data/ballots/"

static char *read_data(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, DATA_DIR "%s", name);
	return unit_read_file(path, len, false,
			      "the shared ballot files must be in ../shared/data/ballots/ and the tests run from the "
			      "repository root");
}

static ballotfile *load(arena *a, const char *name)
{
	size_t len;
	char *data = read_data(name, &len);
	ballotfile_error err;
	ballotfile *bf = ballotfile_parse(a, data, len, &err);
	free(data);
	if (!bf)
		fail_msg("%s:%d: %s", name, err.line, err.msg);
	return bf;
}

static ballotfile *parse_ok(arena *a, const char *text)
{
	ballotfile_error err;
	ballotfile *bf = ballotfile_parse(a, text, strlen(text), &err);
	if (!bf)
		fail_msg("refused at line %d: %s\n%s", err.line, err.msg, text);
	return bf;
}

/* Asserts that text is refused at line with a message containing want. */
static void parse_bad(const char *text, int line, const char *want)
{
	arena *a = arena_new();
	ballotfile_error err;
	ballotfile *bf = ballotfile_parse(a, text, strlen(text), &err);
	if (bf)
		fail_msg("accepted:\n%s", text);
	if (err.line != line || !strstr(err.msg, want))
		fail_msg("refused at line %d with \"%s\", expected line %d with \"%s\"\n%s", err.line,
			 err.msg, line, want, text);
	arena_free(a);
}

/* Asserts row r of bf's ranks ("2 0 1") and weight (0: weight NULL). */
static void expect_row(const ballotfile *bf, size_t r, const char *ranks, uint32_t weight)
{
	char got[256] = "";
	size_t n = 0;
	assert_true(r < bf->ballots.nrows);
	for (int c = 0; c < bf->ncand; c++)
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%d", c ? " " : "",
				      bf->ballots.v[r * (size_t)bf->ncand + (size_t)c]);
	if (strcmp(got, ranks) != 0)
		fail_msg("row %zu is \"%s\", expected \"%s\"", r, got, ranks);
	if (weight == 0)
		assert_null(bf->ballots.weight);
	else
		assert_int_equal(bf->ballots.weight[r], weight);
}

static uint64_t voters(const ballotfile *bf)
{
	uint64_t n = 0;
	for (size_t r = 0; r < bf->ballots.nrows; r++)
		n += bf->ballots.weight ? bf->ballots.weight[r] : 1;
	return n;
}

/* ---- the real files ---- */

static void test_real_files(void **state)
{
	(void)state;
	arena *a = arena_new();
	ballotfile *bf = load(a, "debian/leader2006_tally.txt");
	assert_int_equal(bf->format, BALLOTFILE_DEBIAN);
	assert_int_equal(bf->ncand, 8);
	assert_int_equal(bf->ballots.nrows, 421);
	assert_string_equal(bf->names[0], "Jeroen van Wolffelaar");
	assert_string_equal(bf->names[5], "Jonathan aka Ted Walther");
	assert_string_equal(bf->names[7], "None of the Above");
	expect_row(bf, 0, "5 7 2 1 3 8 4 6", 0);	/* V: 57213846 */
	expect_row(bf, 1, "2 0 2 1 1 0 3 4", 0);	/* V: 3-311-56, made dense */
	expect_row(bf, 4, "2 0 1 0 0 0 0 3", 0);	/* V: 2-1----3 */
	/* V: 31323735: ranks 1 2 3 5 7 renumbered 1 2 3 4 5 */
	expect_row(bf, 15, "3 1 3 2 3 5 3 4", 0);

	bf = load(a, "debian/leader2007_tally.txt");
	assert_int_equal(bf->ncand, 9);
	assert_int_equal(bf->ballots.nrows, 482);
	assert_string_equal(bf->names[5], "Rapha\xc3\xabl Hertzog");	/* Latin-1 0xEB read as ë */
	expect_row(bf, 0, "1 1 1 1 1 1 3 1 2", 0);	/* V: 111111312 */

	bf = load(a, "debian/leader2020_tally.txt");
	assert_int_equal(bf->ncand, 4);
	assert_int_equal(bf->ballots.nrows, 339);
	assert_string_equal(bf->names[0], "Jonathan Carter");

	bf = load(a, "preflib/deb2002.soi");
	assert_int_equal(bf->format, BALLOTFILE_SOI);
	assert_false(bf->numeric_header);
	assert_int_equal(bf->ncand, 4);
	assert_int_equal(bf->ballots.nrows, 41);
	assert_int_equal(voters(bf), 475);
	assert_string_equal(bf->names[2], "Bdale Garbee");
	expect_row(bf, 0, "2 3 1 4", 60);	/* 60: 3,1,2,4 */
	expect_row(bf, 2, "2 3 1 0", 40);	/* 40: 3,1,2 */
	expect_row(bf, 40, "0 0 0 1", 1);	/* 1: 4 */

	bf = load(a, "preflib/deb2012.soi");
	assert_int_equal(bf->format, BALLOTFILE_SOI);
	assert_int_equal(voters(bf), 403);
	assert_string_equal(bf->names[2], "Stefano Zacchiroli");
	arena_free(a);
}

/* ---- Debian tally sheets ---- */

static void test_debian(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* drawing before the options, CRLF endings, a hash-less vote, ties,
	 * letters above 9, a Latin-1 name and a UTF-8 one */
	ballotfile *bf = parse_ok(a, "\n\t\tTally Sheet for the votes cast.\r\n"
				     " The format is:\r\n"
				     "       \"V: vote \t\tMD5SUM\"\r\n"
				     "     Option 1--->: Ann \r\n"
				     "   /  Option 2-->: Caf\xe9\r\n"
				     "   |/  Option 3->: Z\xc3\xa9ro\r\n"
				     "   ||/\r\n"
				     "V: 1-2 \t\tab12\r\n"
				     "V: 11-\r\n"
				     "V: A-1  \t x\r\n"
				     "V: --- \t\tef56\r\n");
	assert_int_equal(bf->format, BALLOTFILE_DEBIAN);
	assert_string_equal(ballotfile_format_name(bf->format), "debian");
	assert_int_equal(bf->ncand, 3);
	assert_string_equal(bf->names[0], "Ann");
	assert_string_equal(bf->names[1], "Caf\xc3\xa9");
	assert_string_equal(bf->names[2], "Z\xc3\xa9ro");
	assert_int_equal(bf->ballots.nrows, 4);
	expect_row(bf, 0, "1 0 2", 0);
	expect_row(bf, 1, "1 1 0", 0);
	expect_row(bf, 2, "2 0 1", 0);	/* A = rank 10, made dense */
	expect_row(bf, 3, "0 0 0", 0);
	assert_null(bf->title);
	/* options without votes: accepted, no ballot */
	bf = parse_ok(a, "Option 1->: A\nOption 2->: B\n");
	assert_int_equal(bf->ncand, 2);
	assert_int_equal(bf->ballots.nrows, 0);

	parse_bad("Option 1->: A\nOption 2->: B\nV: 1-3 h\n", 3, "vote has 3 marks for 2 options");
	parse_bad("Option 1->: A\nOption 2->: B\nV: 12\nV: 1* h\n", 4, "unexpected '*' for option 2");
	parse_bad("Option 1->: A\nOption 3->: B\n", 2, "option 3 where option 2 was expected");
	parse_bad("Option 1->: A\nOption 2->:  \n", 2, "option 2 has no name");
	parse_bad("Option 1->: A\nOption 2->: A\nV: 12\n", 2, "two alternatives are named \"A\"");
	parse_bad("Tally\nV: 12\nOption 1->: A\n", 2, "vote before any");
	parse_bad("Option 1->: A\nV: 1\nOption 2->: B\n", 3, "option line after the first vote");
	parse_bad("Tally Sheet\nnothing here\n", 0, "not a ballot file");
	arena_free(a);
}

/* ---- PrefLib ---- */

static void test_preflib_orders(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* the specification's example, with a tie: toc */
	ballotfile *bf = parse_ok(a, "# FILE NAME: 00002-00000001.toc\n"
				     "# TITLE: Debian 2002 Leader\n"
				     "# DATA TYPE: toc\n"
				     "# NUMBER ALTERNATIVES: 4\n"
				     "# NUMBER VOTERS: 109\n"
				     "# NUMBER UNIQUE ORDERS: 2\n"
				     "# ALTERNATIVE NAME 1: Branden Robinson\n"
				     "# ALTERNATIVE NAME 2: Raphael Hertzog\n"
				     "# ALTERNATIVE NAME 3: Bdale Garbee\n"
				     "# ALTERNATIVE NAME 4: None Of The Above\n"
				     "100: 3,1,2,4\n"
				     "9: 3,{1,2,4}\n");
	assert_int_equal(bf->format, BALLOTFILE_TOC);
	assert_string_equal(bf->title, "Debian 2002 Leader");
	expect_row(bf, 0, "2 3 1 4", 100);
	expect_row(bf, 1, "2 2 1 2", 9);
	/* complete and strict: soc; spaces anywhere; names may hold ':' */
	bf = parse_ok(a, "# ALTERNATIVE NAME 2: B: the second\n# ALTERNATIVE NAME 1: A\n"
			 "\n 3 :  2 , 1 \n1:1,2\n");
	assert_int_equal(bf->format, BALLOTFILE_SOC);
	assert_string_equal(bf->names[1], "B: the second");
	expect_row(bf, 0, "2 1", 3);
	/* incomplete with ties: toi; an empty order is a ballot ranking nobody;
	 * declared but unnamed alternatives are named by their number */
	bf = parse_ok(a, "# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n"
			 "2: {1, 3}\n5:\n");
	assert_int_equal(bf->format, BALLOTFILE_TOI);
	assert_string_equal(bf->names[1], "2");
	assert_string_equal(bf->names[2], "3");
	expect_row(bf, 0, "1 0 1", 2);
	expect_row(bf, 1, "0 0 0", 5);
	assert_string_equal(ballotfile_format_name(BALLOTFILE_TOI), "toi");
	/* metadata only: no ballot */
	bf = parse_ok(a, "# ALTERNATIVE NAME 1: A\n");
	assert_int_equal(bf->ballots.nrows, 0);
	assert_non_null(bf->ballots.weight);

	static const char head[] = "# NUMBER VOTERS: 4\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n";
	char text[512];
#define BAD(body, line, msg)                                               \
	do {                                                               \
		snprintf(text, sizeof text, "%s%s", head, body);           \
		parse_bad(text, line, msg);                                \
	} while (0)
	BAD("3: 1,2\n1: 2,3\n", 5, "alternative 3 is not declared (there are 2)");
	BAD("3: 1,1\n1: 2\n", 4, "alternative 1 appears twice");
	BAD("3: {1,{2}}\n", 4, "expected an alternative number in element 1");
	BAD("3: {}, 1\n", 4, "empty tie group {} in element 1");
	BAD("3: 1,\n", 4, "missing element after the last ','");
	BAD("3: 1 2\n", 4, "expected ',' after element 1");
	BAD("3: {1 2}\n", 4, "expected ',' or '}' in the group of element 1");
	BAD("0: 1\n", 4, "a count of 0 voters");
	BAD("x: 1\n", 4, "expected \"COUNT: order\"");
	BAD("4294967296: 1\n", 4, "expected \"COUNT: order\"");
	BAD("3 1,2\n", 4, "expected ':' after the count");
	BAD("3: 1,2\n", 1, "NUMBER VOTERS is 4 but the counts add up to 3");
	BAD("3: 1,2\n# TITLE: late\n", 5, "metadata line after the first preference line");
	BAD("# ALTERNATIVE NAME 1: C\n", 4, "alternative 1 is named twice");
	BAD("# ALTERNATIVE NAME 3: A\n4: 1\n", 4, "two alternatives are named \"A\" (1 and 3)");
	BAD("# ALTERNATIVE NAME 1001: C\n", 4, "alternative number 1001 is out of range (1 to 1000)");
#undef BAD
	parse_bad("# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 2: B\n1: 1\n", 2,
		  "ALTERNATIVE NAME 2 but NUMBER ALTERNATIVES is 1");
	parse_bad("# NUMBER ALTERNATIVES: 1001\n", 1, "NUMBER ALTERNATIVES must be a number from 0 to 1000");
	parse_bad("# TITLE: nothing\n1: 1\n", 2, "no alternatives declared");
	parse_bad("# TITLE: nothing\n", 0, "no alternatives declared");
	parse_bad("# ALTERNATIVE NAME 1:  \n", 1, "alternative 1 has an empty name");
	parse_bad("", 0, "empty file");
	parse_bad(" \n\n", 0, "empty file");
	arena_free(a);
}

static void test_preflib_categories(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* the specification's examples: "1, 3, {}" and "{}, 1, {2, 3}" */
	ballotfile *bf = parse_ok(a, "# DATA TYPE: cat\n"
				     "# NUMBER ALTERNATIVES: 3\n"
				     "# NUMBER VOTERS: 87\n"
				     "# NUMBER CATEGORIES: 3\n"
				     "# CATEGORY NAME 1: Yes\n"
				     "# CATEGORY NAME 2: Maybe\n"
				     "# CATEGORY NAME 3: No\n"
				     "# ALTERNATIVE NAME 1: A\n"
				     "# ALTERNATIVE NAME 2: B\n"
				     "# ALTERNATIVE NAME 3: C\n"
				     "1: 1, 3, {}\n"
				     "86: {}, 1, {2, 3}\n");
	assert_int_equal(bf->format, BALLOTFILE_CAT);
	assert_int_equal(bf->ncat, 3);
	assert_string_equal(bf->categories[0], "Yes");
	assert_string_equal(bf->categories[2], "No");
	expect_row(bf, 0, "1 0 2", 1);	/* category numbers, not made dense */
	expect_row(bf, 1, "2 3 3", 86);
	/* categories recognised by their names alone, unnamed ones numbered */
	bf = parse_ok(a, "# CATEGORY NAME 2: No\n# ALTERNATIVE NAME 1: A\n1: {},1\n");
	assert_int_equal(bf->format, BALLOTFILE_CAT);
	assert_string_equal(bf->categories[0], "category 1");
	expect_row(bf, 0, "2", 1);
	parse_bad("# NUMBER CATEGORIES: 2\n# ALTERNATIVE NAME 1: A\n1: {},{},1\n", 3,
		  "more than the 2 categories declared");
	parse_bad("# DATA TYPE: cat\n# ALTERNATIVE NAME 1: A\n1: 1\n", 3, "categorical file without categories");
	parse_bad("# NUMBER CATEGORIES: 1\n# CATEGORY NAME 2: X\n# ALTERNATIVE NAME 1: A\n1: 1\n", 2,
		  "CATEGORY NAME 2 but NUMBER CATEGORIES is 1");
	arena_free(a);
}

static void test_preflib_numeric_header(void **state)
{
	(void)state;
	arena *a = arena_new();
	ballotfile *bf = parse_ok(a, "3\n1,Ann\n3, Cy, Jr\n2,Bob\n6,6,3\n3,1,2,3\n2,2,{1,3}\n1,3\n");
	assert_true(bf->numeric_header);
	assert_int_equal(bf->format, BALLOTFILE_TOI);
	assert_string_equal(bf->names[2], "Cy, Jr");
	expect_row(bf, 0, "1 2 3", 3);
	expect_row(bf, 1, "2 1 2", 2);
	expect_row(bf, 2, "0 0 1", 1);
	parse_bad("2\n1,A\n2,B\n3,3,1\n3,1,2\n1,2\n", 4, "the header's sum of counts is 3 but the counts add up to 4");
	parse_bad("2\n1,A\n3,B\n", 3, "expected \"NUMBER,name\" for an alternative from 1 to 2");
	parse_bad("2\n1,A\n1,B\n", 3, "alternative 1 is named twice");
	parse_bad("2\n1,A\n2,B\n3,3\n", 4, "expected \"VOTERS,SUM OF COUNTS,UNIQUE ORDERS\"");
	parse_bad("2\n1,A\n2,B\n", 0, "file ends inside the header");
	parse_bad("2\n1,A\n2,B\n1,1,1\n1:1\n", 5, "expected ',' after the count");
	parse_bad("1001\n", 1, "expected the number of alternatives, 1 to 1000");
	arena_free(a);
}

static void test_limits(void **state)
{
	(void)state;
	static const char nul[] = "Option 1->: A\nV: 1\0more";
	arena *a = arena_new();
	ballotfile_error err;
	assert_null(ballotfile_parse(a, nul, sizeof nul - 1, &err));
	assert_int_equal(err.line, 2);
	unit_assert_contains(err.msg, "NUL byte");
	arena_free(a);
	size_t cap = 64 * 1024, n = 0;
	char *text = mem_alloc(cap);
	for (int k = 1; k <= 1001; k++)
		n += (size_t)snprintf(text + n, cap - n, "Option %d->: c%d\n", k, k);
	parse_bad(text, 1001, "more than 1000 options");
	free(text);
}

/* ---- writing ---- */

static void test_write(void **state)
{
	(void)state;
	arena *a = arena_new();
	/* rows: A>B, {A,B}>C unweighted, B alone, A>B again, non-dense ranks
	 * (5, 9, 0 is A>B) */
	static const int16_t v[] = {1, 2, 0, 1, 1, 2, 0, 1, 0, 1, 2, 0, 5, 9, -1};
	static const char *const names[] = {"A", "B\nbis", "C"};
	tally_ballots b = {3, 5, v, NULL};
	buf out = BUF_INIT;
	ballotfile_format f = ballotfile_write_preflib(&out, "Test", "2024-05-01", 3, names, &b);
	assert_int_equal(f, BALLOTFILE_TOI);
	assert_string_equal(buf_cstr(&out), "# FILE NAME: \n"
					    "# TITLE: Test\n"
					    "# DESCRIPTION: \n"
					    "# DATA TYPE: toi\n"
					    "# MODIFICATION TYPE: original\n"
					    "# RELATES TO: \n"
					    "# RELATED FILES: \n"
					    "# PUBLICATION DATE: 2024-05-01\n"
					    "# MODIFICATION DATE: 2024-05-01\n"
					    "# NUMBER ALTERNATIVES: 3\n"
					    "# NUMBER VOTERS: 5\n"
					    "# NUMBER UNIQUE ORDERS: 3\n"
					    "# ALTERNATIVE NAME 1: A\n"
					    "# ALTERNATIVE NAME 2: B bis\n"
					    "# ALTERNATIVE NAME 3: C\n"
					    "3: 1,2\n"
					    "1: 2\n"
					    "1: {1,2},3\n");
	buf_free(&out);
	/* strict and complete: soc, weights summed, no title or date */
	static const int16_t v2[] = {2, 1, 1, 2, 2, 1};
	static const uint32_t w2[] = {4, 1, 3};
	tally_ballots b2 = {2, 3, v2, w2};
	f = ballotfile_write_preflib(&out, NULL, NULL, 2, names, &b2);
	assert_int_equal(f, BALLOTFILE_SOC);
	unit_assert_contains(buf_cstr(&out), "# TITLE: \n");
	unit_assert_contains(buf_cstr(&out), "# PUBLICATION DATE: \n");
	unit_assert_contains(buf_cstr(&out), "\n7: 2,1\n1: 1,2\n");
	buf_free(&out);
	arena_free(a);
}

/* Reading a written file gives the same ballots: same names, voters, and
 * the same pairwise counts. */
static void test_round_trip(void **state)
{
	(void)state;
	static const char *files[] = {"debian/leader2006_tally.txt", "debian/leader2007_tally.txt",
				      "debian/leader2020_tally.txt", "preflib/deb2002.soi",
				      "preflib/deb2012.soi"};
	for (size_t i = 0; i < UNIT_LEN(files); i++) {
		arena *a = arena_new();
		ballotfile *bf = load(a, files[i]);
		buf out = BUF_INIT;
		ballotfile_format f =
			ballotfile_write_preflib(&out, "t", NULL, bf->ncand, bf->names, &bf->ballots);
		ballotfile *again = parse_ok(a, buf_cstr(&out));
		assert_int_equal(again->format, f);
		assert_int_equal(again->ncand, bf->ncand);
		for (int c = 0; c < bf->ncand; c++)
			assert_string_equal(again->names[c], bf->names[c]);
		assert_int_equal(voters(again), voters(bf));
		if (bf->format != BALLOTFILE_DEBIAN)	/* PrefLib files are merged already */
			assert_int_equal(again->ballots.nrows, bf->ballots.nrows);
		for (int ignore = 0; ignore < 2; ignore++) {
			tally_options o = {.method = TALLY_SCHULZE, .unranked_ignore = ignore};
			tally_result *r1 = tally_run(a, &bf->ballots, &o), *r2 = tally_run(a, &again->ballots, &o);
			assert_memory_equal(r1->pairwise, r2->pairwise,
					    (size_t)bf->ncand * bf->ncand * sizeof(int64_t));
		}
		buf_free(&out);
		arena_free(a);
	}
}

/* ---- the command ---- */

/* Runs `fabrique tally ARGS...` into out and err (NUL-terminated, static);
 * returns the exit status. */
static char cli_out[1 << 16], cli_err[4096];

static int tally_cli(int argc, const char **args)
{
	char *argv[16];
	argv[0] = "tally";
	for (int i = 0; i < argc; i++)
		argv[i + 1] = (char *)args[i];
	argv[argc + 1] = NULL;
	FILE *out = tmpfile(), *err = tmpfile();
	assert_non_null(out);
	assert_non_null(err);
	int rc = cmd_tally_to(out, err, argc + 1, argv);
	rewind(out);
	rewind(err);
	size_t n = fread(cli_out, 1, sizeof cli_out - 1, out);
	cli_out[n] = 0;
	n = fread(cli_err, 1, sizeof cli_err - 1, err);
	cli_err[n] = 0;
	fclose(out);
	fclose(err);
	return rc;
}

static void test_cli(void **state)
{
	(void)state;
	const char *json_args[] = {"--format", "json", "--seats=2", DATA_DIR "preflib/deb2002.soi"};
	assert_int_equal(tally_cli(4, json_args), 0);
	json_error_t jerr;
	json_t *o = json_loads(cli_out, 0, &jerr);
	if (!o)
		fail_msg("not JSON (%s): %s", jerr.text, cli_out);
	assert_string_equal(json_string_value(json_object_get(o, "method")), "schulze");
	assert_string_equal(json_string_value(json_object_get(o, "unranked")), "last");
	assert_int_equal(json_integer_value(json_object_get(o, "ballots")), 475);
	json_t *ranking = json_object_get(o, "ranking");
	assert_int_equal(json_array_size(ranking), 4);
	assert_string_equal(json_string_value(json_array_get(json_array_get(ranking, 0), 0)), "Bdale Garbee");
	json_t *pw = json_object_get(json_object_get(o, "pairwise"), "Bdale Garbee");
	assert_int_equal(json_integer_value(json_object_get(pw, "None Of The Above")), 444);
	assert_null(json_object_get(pw, "Bdale Garbee"));
	assert_non_null(json_object_get(o, "paths"));
	json_t *seats = json_object_get(o, "seats");
	assert_int_equal(json_array_size(json_object_get(seats, "retained")), 2);
	assert_int_equal(json_array_size(json_object_get(seats, "tied_at_cut")), 0);
	json_decref(o);

	/* majority judgment from the 2020 sheet: profiles and medians */
	const char *mj_args[] = {"--method", "mj", "--format", "json", DATA_DIR "debian/leader2020_tally.txt"};
	assert_int_equal(tally_cli(5, mj_args), 0);
	o = json_loads(cli_out, 0, &jerr);
	assert_non_null(o);
	assert_int_equal(json_array_size(json_object_get(o, "grades")), 7);
	json_t *prof = json_object_get(json_object_get(o, "profiles"), "Jonathan Carter");
	json_int_t sum = 0;
	for (size_t g = 0; g < json_array_size(prof); g++)
		sum += json_integer_value(json_array_get(prof, g));
	assert_int_equal(sum, 339);
	assert_non_null(json_object_get(json_object_get(o, "medians"), "Jonathan Carter"));
	assert_null(json_object_get(o, "pairwise"));
	json_decref(o);

	/* text, with a tie across the cut: approval of a file where Bob and
	 * Cy are approved by as many voters */
	char dir[512], path[600];
	unit_tmpdir(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/t.soi", dir);
	static const char soi[] = "# ALTERNATIVE NAME 1: Ann\n# ALTERNATIVE NAME 2: Bob\n"
				  "# ALTERNATIVE NAME 3: Cy\n3: 1,2,3\n2: 3,2\n1: 1\n";
	unit_write_file(path, soi, strlen(soi));
	/* approvals: Ann 3 + 1 = 4, Bob 3 + 2 = 5, Cy 3 + 2 = 5 */
	const char *text_args[] = {"--method", "approval", "--seats", "1", path};
	assert_int_equal(tally_cli(5, text_args), 0);
	unit_assert_contains(cli_out, "approval: 6 ballots, 3 candidates (soi file)");
	unit_assert_contains(cli_out, "   1           5    2  Bob\n   1           5    3  Cy\n"
				      "   3           4    1  Ann\n");
	unit_assert_contains(cli_out, "retained (1 seat): none for sure");
	unit_assert_contains(cli_out, "tie across the cut, 1 seat for: Bob, Cy");
	text_args[3] = "2";
	assert_int_equal(tally_cli(5, text_args), 0);
	unit_assert_contains(cli_out, "retained (2 seats): Bob, Cy\n");
	unit_assert_not_contains(cli_out, "tie across");
	const char *borda_args[] = {"--method", "borda", "--unranked", "ignore", path};
	assert_int_equal(tally_cli(5, borda_args), 0);
	unit_assert_contains(cli_out, "borda, unranked candidates ignored (no opinion)");

	/* a bad file: FILE:LINE: why, status 1 */
	static const char bad[] = "# ALTERNATIVE NAME 1: Ann\n1: 1\n1: 2\n";
	unit_write_file(path, bad, strlen(bad));
	const char *bad_args[] = {path};
	assert_int_equal(tally_cli(1, bad_args), 1);
	char want[700];
	snprintf(want, sizeof want, "fabrique tally: %s:3: alternative 2 is not declared", path);
	unit_assert_contains(cli_err, want);
	const char *missing[] = {"/nonexistent/ballots.soi"};
	assert_int_equal(tally_cli(1, missing), 1);
	unit_assert_contains(cli_err, "cannot open");
	unit_rmdir(dir);

	/* bad usage: status 2 */
	const char *u1[] = {"--method", "plurality", "x"};
	assert_int_equal(tally_cli(3, u1), 2);
	unit_assert_contains(cli_err, "unknown method 'plurality'");
	const char *u2[] = {"--unranked", "first", "x"};
	assert_int_equal(tally_cli(3, u2), 2);
	const char *u3[] = {"--seats", "0", "x"};
	assert_int_equal(tally_cli(3, u3), 2);
	const char *u4[] = {"--format"};
	assert_int_equal(tally_cli(1, u4), 2);
	unit_assert_contains(cli_err, "option --format needs a value");
	assert_int_equal(tally_cli(0, NULL), 2);
	unit_assert_contains(cli_err, "needs a FILE");
	const char *u5[] = {"a", "b"};
	assert_int_equal(tally_cli(2, u5), 2);
	unit_assert_contains(cli_err, "unexpected 'b'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_preflib_orders),
		cmocka_unit_test(test_preflib_categories),
		cmocka_unit_test(test_preflib_numeric_header),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests_name("ballotfile", tests, NULL, NULL);
}
