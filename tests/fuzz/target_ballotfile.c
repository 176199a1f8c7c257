/* target_ballotfile.c — ballotfile_parse on arbitrary bytes. Either the file
 * is refused with a message, or what came back keeps the contract of
 * ballotfile.h: 1 to BALLOTFILE_MAX_CAND candidates with non-empty,
 * distinct, valid UTF-8 names without control characters; ranks between 0
 * and the number of candidates (categories for CAT), dense on each row for
 * the ordinal formats; weights of at least 1 (none for Debian). Then every
 * method counts the ballots, and the ballots written back as PrefLib
 * (ballotfile_write_preflib) read again into the same candidates, the same
 * number of voters and the same pairwise matrix under both unranked
 * rules (counting only for files of at most 64 candidates, so that every
 * input stays fast). */
#include "fuzz.h"

#include <stdbool.h>

#include "core/text.h"
#include "engines/ballotfile.h"

static void check_names(const ballotfile *bf)
{
	for (int c = 0; c < bf->ncand; c++) {
		const char *s = bf->names[c];
		size_t n = strlen(s);
		FUZZ_CHECK(n > 0 && text_utf8_valid(s, n));
		FUZZ_CHECK(s[0] != ' ' && s[n - 1] != ' ');
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK((unsigned char)s[i] >= 0x20 && s[i] != 0x7F);
		for (int d = 0; d < c; d++)
			FUZZ_CHECK(strcmp(bf->names[d], s) != 0);
	}
}

static void check_rows(const ballotfile *bf)
{
	const tally_ballots *b = &bf->ballots;
	FUZZ_CHECK(b->ncand == bf->ncand);
	FUZZ_CHECK((bf->format == BALLOTFILE_DEBIAN) == (b->weight == NULL));
	int top = bf->format == BALLOTFILE_CAT ? bf->ncat : bf->ncand;
	for (size_t r = 0; r < b->nrows; r++) {
		const int16_t *v = b->v + r * (size_t)b->ncand;
		int max = 0;
		bool used[BALLOTFILE_MAX_CAND + 1] = {false};
		for (int c = 0; c < b->ncand; c++) {
			FUZZ_CHECK(v[c] >= 0 && v[c] <= top);
			used[v[c]] = true;
			if (v[c] > max)
				max = v[c];
		}
		if (bf->format != BALLOTFILE_CAT)
			for (int k = 1; k <= max; k++)
				FUZZ_CHECK(used[k]);
		if (b->weight)
			FUZZ_CHECK(b->weight[r] >= 1);
	}
}

static int64_t *pairwise(arena *a, const tally_ballots *b, bool ignore)
{
	tally_options o = {.method = TALLY_SCHULZE, .unranked_ignore = ignore};
	tally_result *r = tally_run(a, b, &o);
	FUZZ_CHECK(r->ncand == b->ncand && r->level_start[r->nlevels] == b->ncand);
	return r->pairwise;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new();
	ballotfile_error err;
	ballotfile *bf = ballotfile_parse(a, (const char *)data, size, &err);
	if (!bf) {
		FUZZ_CHECK(err.msg[0] != 0 && err.line >= 0);
		arena_free(a);
		return 0;
	}
	FUZZ_CHECK(bf->ncand >= 1 && bf->ncand <= BALLOTFILE_MAX_CAND);
	FUZZ_CHECK(ballotfile_format_name(bf->format) != NULL);
	check_names(bf);
	check_rows(bf);
	/* counting costs n² per row and Schulze's paths n³: keep each input
	 * fast by counting only files of a seminar's size */
	bool count = bf->ncand <= 64;
	for (int m = TALLY_APPROVAL; count && m <= TALLY_BORDA; m++) {
		tally_options o = {.method = (tally_method)m};
		tally_result *r = tally_run(a, &bf->ballots, &o);
		FUZZ_CHECK(r->nlevels >= 1 && r->level_start[r->nlevels] == bf->ncand);
	}

	buf out = BUF_INIT;
	ballotfile_write_preflib(&out, bf->title, "2024-01-31", bf->ncand, bf->names, &bf->ballots);
	ballotfile *again = ballotfile_parse(a, out.data, out.len, &err);
	if (!again)
		fprintf(stderr, "written file refused at line %d: %s\n%s", err.line, err.msg, buf_cstr(&out));
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(again->ncand == bf->ncand && again->format != BALLOTFILE_CAT);
	for (int c = 0; c < bf->ncand; c++)
		FUZZ_CHECK(strcmp(again->names[c], bf->names[c]) == 0);
	uint64_t n1 = 0, n2 = 0;
	for (size_t r = 0; r < bf->ballots.nrows; r++)
		n1 += bf->ballots.weight ? bf->ballots.weight[r] : 1;
	for (size_t r = 0; r < again->ballots.nrows; r++)
		n2 += again->ballots.weight[r];
	FUZZ_CHECK(n1 == n2);
	size_t nn = (size_t)bf->ncand * (size_t)bf->ncand;
	for (int ignore = 0; count && ignore < 2; ignore++)
		FUZZ_CHECK(memcmp(pairwise(a, &bf->ballots, ignore), pairwise(a, &again->ballots, ignore),
				  nn * sizeof(int64_t)) == 0);
	buf_free(&out);
	arena_free(a);
	return 0;
}
