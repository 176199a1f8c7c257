/* target_polis.c — polis_parse on arbitrary bytes. The input is split at
 * its NUL bytes (which no CSV text may hold): comments.csv, then votes.csv,
 * then participants-votes.csv; a missing part is a file not given, and an
 * empty votes part followed by a third part means "no votes.csv" (the
 * fallback). Checks the contract of polis.h: on an error, a message and a
 * zeroed result; on success, comments with bodies in UTF-8 and states in
 * range, participants strictly ascending, votes in range, one per pair,
 * sorted by participant then comment, groups only with the third file.
 * Then the three files are written and read again: the same data must come
 * out, and writing it again must give the same bytes. */
#include "fuzz.h"

#include <math.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/text.h"
#include "engines/polis.h"

static void check(const polis_data *d, bool have_pv)
{
	FUZZ_CHECK(d->ncomments >= 0 && d->ncomments <= POLIS_MAX_COMMENTS);
	FUZZ_CHECK(d->comments != NULL);
	for (int j = 0; j < d->ncomments; j++) {
		const polis_comment *c = &d->comments[j];
		FUZZ_CHECK(c->id >= 0 && c->author >= -1 && c->timestamp >= 0);
		FUZZ_CHECK(c->moderated >= -1 && c->moderated <= 1);
		FUZZ_CHECK((c->is_meta == 0 || c->is_meta == 1) && (c->is_seed == 0 || c->is_seed == 1));
		FUZZ_CHECK(isnan(c->gic) || isfinite(c->gic));
		FUZZ_CHECK(c->body && text_utf8_valid(c->body, strlen(c->body)));
		for (int k = 0; k < j; k++)
			FUZZ_CHECK(d->comments[k].id != c->id);
	}
	FUZZ_CHECK(d->nparticipants >= 0 && d->nparticipants <= POLIS_MAX_PARTICIPANTS);
	for (int p = 0; p < d->nparticipants; p++) {
		FUZZ_CHECK(d->participant_id[p] >= 0);
		FUZZ_CHECK(p == 0 || d->participant_id[p] > d->participant_id[p - 1]);
	}
	FUZZ_CHECK((d->published_group != NULL) == have_pv);
	if (have_pv)
		for (int p = 0; p < d->nparticipants; p++)
			FUZZ_CHECK(d->published_group[p] >= -1 && d->published_group[p] <= POLIS_MAX_GROUP);
	FUZZ_CHECK(d->nvotes <= POLIS_MAX_VOTES);
	for (size_t i = 0; i < d->nvotes; i++) {
		FUZZ_CHECK(d->vote_participant[i] >= 0 && d->vote_participant[i] < d->nparticipants);
		FUZZ_CHECK(d->vote_comment[i] >= 0 && d->vote_comment[i] < d->ncomments);
		FUZZ_CHECK(d->vote_value[i] >= -1 && d->vote_value[i] <= 1);
		FUZZ_CHECK(d->vote_time[i] >= 0);
		if (i)
			FUZZ_CHECK(d->vote_participant[i] > d->vote_participant[i - 1] ||
				   (d->vote_participant[i] == d->vote_participant[i - 1] &&
				    d->vote_comment[i] > d->vote_comment[i - 1]));
	}
	/* every participant votes or has a row of participants-votes.csv */
	if (!have_pv) {
		size_t i = 0;
		for (int p = 0; p < d->nparticipants; p++) {
			FUZZ_CHECK(i < d->nvotes && d->vote_participant[i] == p);
			while (i < d->nvotes && d->vote_participant[i] == p)
				i++;
		}
	}
}

static void same(const polis_data *a, const polis_data *b, bool with_time)
{
	FUZZ_CHECK(a->ncomments == b->ncomments);
	for (int j = 0; j < a->ncomments; j++) {
		const polis_comment *x = &a->comments[j], *y = &b->comments[j];
		FUZZ_CHECK(x->id == y->id && x->author == y->author && x->timestamp == y->timestamp);
		FUZZ_CHECK(x->moderated == y->moderated && x->is_meta == y->is_meta && x->is_seed == y->is_seed);
		FUZZ_CHECK((isnan(x->gic) && isnan(y->gic)) || x->gic == y->gic);
		FUZZ_CHECK(strcmp(x->body, y->body) == 0);
	}
	FUZZ_CHECK(a->nparticipants == b->nparticipants);
	for (int p = 0; p < a->nparticipants; p++) {
		FUZZ_CHECK(a->participant_id[p] == b->participant_id[p]);
		int ga = a->published_group ? a->published_group[p] : -1;
		FUZZ_CHECK(b->published_group && b->published_group[p] == ga);
	}
	FUZZ_CHECK(a->nvotes == b->nvotes);
	for (size_t i = 0; i < a->nvotes; i++) {
		FUZZ_CHECK(a->vote_participant[i] == b->vote_participant[i]);
		FUZZ_CHECK(a->vote_comment[i] == b->vote_comment[i]);
		FUZZ_CHECK(a->vote_value[i] == b->vote_value[i]);
		FUZZ_CHECK(!with_time || a->vote_time[i] == b->vote_time[i]);
	}
}

/* Writes the three files of d into v, c and p. */
static void write_all(const polis_data *d, buf *v, buf *c, buf *p)
{
	double *gic = malloc(((size_t)d->ncomments + 1) * sizeof *gic);
	FUZZ_CHECK(gic != NULL);
	for (int j = 0; j < d->ncomments; j++)
		gic[j] = d->comments[j].gic;
	polis_write_votes(v, d);
	polis_write_comments(c, d, gic);
	polis_write_participants_votes(p, d, d->published_group);
	free(gic);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[3] = {NULL, NULL, NULL};
	size_t len[3] = {0, 0, 0};
	const char *s = (const char *)data, *end = s + size;
	for (int k = 0; k < 3 && s <= end; k++) {
		const char *z = k < 2 ? memchr(s, 0, (size_t)(end - s)) : NULL;
		part[k] = s;
		len[k] = (size_t)((z ? z : end) - s);
		if (!z)
			break;
		s = z + 1;
	}
	const char *votes = part[1];
	if (part[2] && len[1] == 0)
		votes = NULL;	/* the fallback to participants-votes.csv */

	arena *a = arena_new();
	polis_data d;
	char err[256];
	int rc = polis_parse(a, votes, len[1], part[0], len[0], part[2], len[2], &d, err, sizeof err);
	if (rc != 0) {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(err[0] != 0 && strlen(err) < sizeof err);
		FUZZ_CHECK(d.ncomments == 0 && d.comments == NULL && d.nparticipants == 0 &&
			   d.participant_id == NULL && d.published_group == NULL && d.nvotes == 0);
		arena_free(a);
		return 0;
	}
	check(&d, part[2] != NULL);

	buf v = BUF_INIT, c = BUF_INIT, p = BUF_INIT;
	write_all(&d, &v, &c, &p);
	polis_data back, fallback;
	rc = polis_parse(a, buf_cstr(&v), v.len, buf_cstr(&c), c.len, buf_cstr(&p), p.len, &back, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "written files refused: %s\n", err);
	FUZZ_CHECK(rc == 0);
	check(&back, true);
	same(&d, &back, true);
	rc = polis_parse(a, NULL, 0, buf_cstr(&c), c.len, buf_cstr(&p), p.len, &fallback, err, sizeof err);
	FUZZ_CHECK(rc == 0);
	same(&d, &fallback, false);

	buf v2 = BUF_INIT, c2 = BUF_INIT, p2 = BUF_INIT;
	write_all(&back, &v2, &c2, &p2);
	FUZZ_CHECK(v.len == v2.len && memcmp(buf_cstr(&v), buf_cstr(&v2), v.len) == 0);
	FUZZ_CHECK(c.len == c2.len && memcmp(buf_cstr(&c), buf_cstr(&c2), c.len) == 0);
	FUZZ_CHECK(p.len == p2.len && memcmp(buf_cstr(&p), buf_cstr(&p2), p.len) == 0);
	buf_free(&v);
	buf_free(&c);
	buf_free(&p);
	buf_free(&v2);
	buf_free(&c2);
	buf_free(&p2);
	arena_free(a);
	return 0;
}
