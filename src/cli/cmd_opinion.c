/* cmd_opinion.c — `fabrique opinion`: reads a Pol.is conversation export
 * (engines/polis.h: comments.csv with votes.csv, or participants-votes.csv
 * when votes.csv is absent), computes its opinion map with the engine of
 * controversies (engines/opinion.h) and prints it as a summary for a
 * terminal or as JSON: the opinion groups, what represents each, the
 * consensus, the group-informed consensus of every comment, and where each
 * participant stands. Comments moderated out (-1) are left out of the
 * analysis. When participants-votes.csv is there, Pol.is' own groups are
 * compared with ours (adjusted Rand index). Touches no database.
 * Not for: controversies of a cycle, whose maps the domain computes. */
#include "cli.h"
#include "../core/buf.h"
#include "../core/text.h"
#include "../engines/opinion.h"
#include "../engines/polis.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Largest file read. */
#define OPINION_MAX_BYTES ((size_t)1 << 30)
/* Largest seed: 2^53 - 1, exact in every JSON reader. */
#define SEED_MAX 9007199254740991ll
/* Characters of a comment body shown in the text summary. */
#define BODY_SHOWN 110

typedef struct opinion_args {
	const char *dir;
	bool json;
	long long seed;
} opinion_args;

/* What was read and computed. */
typedef struct analysis {
	const char *dir;
	long long seed;
	polis_data d;
	int nexcluded;
	opinion_result r;
	int published_groups;	/* distinct published group ids, 0 without the file */
	int published_grouped;	/* participants with one */
	double ari;		/* ours against Pol.is' (NAN when not comparable) */
} analysis;

/* Reads DIR/name into a NUL-terminated heap buffer. Returns it; NULL with
 * *absent set when the file does not exist, or NULL after printing why. */
static char *read_file(FILE *err, const char *dir, const char *name, size_t *len, bool *absent)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	*absent = false;
	FILE *f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT) {
			*absent = true;
			return NULL;
		}
		fprintf(err, "fabrique opinion: %s: cannot open: %s\n", path, strerror(errno));
		return NULL;
	}
	buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	bool ok = true;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > OPINION_MAX_BYTES) {
			fprintf(err, "fabrique opinion: %s: larger than %zu MiB\n", path, OPINION_MAX_BYTES >> 20);
			ok = false;
			break;
		}
	}
	if (ok && ferror(f)) {
		fprintf(err, "fabrique opinion: %s: cannot read: %s\n", path, strerror(errno));
		ok = false;
	}
	fclose(f);
	char *data = ok ? buf_detach(&b, len) : NULL;
	buf_free(&b);
	if (ok && !data) {
		data = mem_strdup("");
		*len = 0;
	}
	return data;
}

/* Pol.is' groups against ours, by the adjusted Rand index over the
 * participants both put in a group (published ids made dense first). */
static void compare_published(analysis *an)
{
	an->ari = NAN;
	const polis_data *d = &an->d;
	if (!d->published_group)
		return;
	int n = d->nparticipants;
	int *dense = mem_alloc((size_t)(n ? n : 1) * sizeof *dense);
	int *seen_id = mem_alloc((size_t)(n ? n : 1) * sizeof *seen_id);
	int nseen = 0;
	for (int p = 0; p < n; p++) {
		int g = d->published_group[p];
		dense[p] = -1;
		if (g < 0)
			continue;
		an->published_grouped++;
		int k = 0;
		while (k < nseen && seen_id[k] != g)
			k++;
		if (k == nseen)
			seen_id[nseen++] = g;
		dense[p] = k;
	}
	an->published_groups = nseen;
	if (an->r.ngroups > 0 && an->r.group)
		an->ari = opinion_ari(n, an->r.group, dense);
	free(dense);
	free(seen_id);
}

/* ---- JSON ---- */

/* A number, or null when it is not finite (JSON has no NaN). */
static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *jid(int64_t id)
{
	return json_integer((json_int_t)id);
}

static const char *idkey(int64_t id, char out[24])
{
	snprintf(out, 24, "%lld", (long long)id);
	return out;
}

static json_t *json_rep(const analysis *an, const opinion_rep *rp)
{
	json_t *o = json_object();
	json_object_set_new(o, "comment", jid(an->d.comments[rp->statement].id));
	json_object_set_new(o, "direction", json_string(rp->agree ? "agree" : "disagree"));
	json_object_set_new(o, "n_for", json_integer(rp->n_for));
	json_object_set_new(o, "n_seen", json_integer(rp->n_seen));
	json_object_set_new(o, "p", jnum(rp->p));
	json_object_set_new(o, "p_z", jnum(rp->p_z));
	json_object_set_new(o, "r", jnum(rp->r));
	json_object_set_new(o, "r_z", jnum(rp->r_z));
	json_object_set_new(o, "metric", jnum(rp->metric));
	return o;
}

static json_t *json_reps(const analysis *an, const opinion_group *g)
{
	json_t *arr = json_array();
	for (int k = 0; k < g->nrep; k++)
		json_array_append_new(arr, json_rep(an, &g->rep[k]));
	return arr;
}

static void print_json(FILE *out, const analysis *an)
{
	const polis_data *d = &an->d;
	const opinion_result *r = &an->r;
	char key[24];
	json_t *o = json_object();
	json_object_set_new(o, "seed", json_integer((json_int_t)an->seed));
	json_object_set_new(o, "participants", json_integer(d->nparticipants));
	json_object_set_new(o, "voters", json_integer(r->nvoters));
	json_object_set_new(o, "comments", json_integer(d->ncomments));
	json_object_set_new(o, "comments_excluded", json_integer(an->nexcluded));
	json_object_set_new(o, "votes", json_integer((json_int_t)d->nvotes));
	json_object_set_new(o, "clustered", json_integer(r->nclustered));

	json_t *sil = json_object();
	for (int k = 2; k <= OPINION_MAX_GROUPS; k++)
		if (isfinite(r->silhouette[k]))
			json_object_set_new(sil, idkey(k, key), json_real(r->silhouette[k]));
	json_object_set_new(o, "silhouette", sil);

	json_t *groups = json_array(), *repness = json_object();
	for (int g = 0; g < r->ngroups; g++) {
		const opinion_group *gr = &r->groups[g];
		json_t *jg = json_object();
		json_object_set_new(jg, "id", json_integer(g));
		json_object_set_new(jg, "size", json_integer(gr->size));
		json_object_set_new(jg, "center", json_pack("[oo]", jnum(gr->cx), jnum(gr->cy)));
		json_object_set_new(jg, "representative", json_reps(an, gr));
		json_array_append_new(groups, jg);
		json_object_set_new(repness, idkey(g, key), json_reps(an, gr));
	}
	json_object_set_new(o, "groups", groups);

	json_t *assign = json_object(), *proj = json_object();
	for (int p = 0; p < d->nparticipants; p++) {
		idkey(d->participant_id[p], key);
		int g = r->group ? r->group[p] : -1;
		json_object_set_new(assign, key, g >= 0 ? json_integer(g) : json_null());
		json_object_set_new(proj, key, json_pack("[oo]", jnum(r->x[p]), jnum(r->y[p])));
	}
	json_object_set_new(o, "assignments", assign);

	json_t *cons = json_array();
	for (int k = 0; k < r->nconsensus; k++) {
		const opinion_consensus *c = &r->consensus[k];
		json_t *jc = json_object();
		json_object_set_new(jc, "comment", jid(d->comments[c->statement].id));
		json_object_set_new(jc, "direction", json_string(c->agree ? "agree" : "disagree"));
		json_object_set_new(jc, "p", jnum(c->p));
		json_object_set_new(jc, "p_z", jnum(c->p_z));
		json_array_append_new(cons, jc);
	}
	json_object_set_new(o, "consensus", cons);
	json_object_set_new(o, "repness", repness);

	json_t *gac = json_object(), *divisive = json_object(), *priority = json_object();
	for (int j = 0; j < d->ncomments; j++) {
		idkey(d->comments[j].id, key);
		json_object_set_new(gac, key, jnum(r->gac[j]));
		bool excluded = d->comments[j].moderated == -1;
		json_object_set_new(divisive, key, excluded ? json_null() : jnum(r->divisive[j]));
		json_object_set_new(priority, key, excluded ? json_null() : jnum(r->priority[j]));
	}
	json_object_set_new(o, "gac", gac);
	json_object_set_new(o, "divisiveness", divisive);
	json_object_set_new(o, "priority", priority);
	json_object_set_new(o, "projections", proj);

	if (d->published_group) {
		json_t *pub = json_object();
		json_object_set_new(pub, "groups", json_integer(an->published_groups));
		json_object_set_new(pub, "grouped", json_integer(an->published_grouped));
		json_object_set_new(pub, "ari", jnum(an->ari));
		json_object_set_new(o, "published", pub);
	}
	json_dumpf(o, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(o);
}

/* ---- text ---- */

/* A comment body on one line: line breaks and tabs as spaces, at most
 * BODY_SHOWN characters (cut on a character boundary, then "…"). */
static void put_body(FILE *out, const char *s)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) != 0x80 && ++chars > BODY_SHOWN) {
			fputs("…", out);
			return;
		}
		fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, out);
	}
}

static void print_text(FILE *out, const analysis *an)
{
	const polis_data *d = &an->d;
	const opinion_result *r = &an->r;
	fprintf(out, "%s: %d participants (%d voted), %d comments (%d moderated out), %zu votes\n", an->dir,
		d->nparticipants, r->nvoters, d->ncomments, an->nexcluded, d->nvotes);
	if (r->ngroups == 0) {
		fprintf(out, "%d participants clustered: too few for opinion groups (seed %lld)\n", r->nclustered,
			an->seed);
	} else {
		fprintf(out, "%d participants clustered in %d groups; silhouette", r->nclustered, r->ngroups);
		for (int k = 2; k <= OPINION_MAX_GROUPS; k++)
			if (isfinite(r->silhouette[k]))
				fprintf(out, " k=%d %.3f%s", k, r->silhouette[k], k == r->ngroups ? " (kept)" : "");
		fprintf(out, "; seed %lld\n", an->seed);
	}
	if (d->published_group) {
		fprintf(out, "Pol.is' published groups: %d (%d participants)", an->published_groups,
			an->published_grouped);
		if (isfinite(an->ari))
			fprintf(out, "; adjusted Rand index with ours %.3f", an->ari);
		fputc('\n', out);
	}
	for (int g = 0; g < r->ngroups; g++) {
		const opinion_group *gr = &r->groups[g];
		fprintf(out, "\ngroup %d: %d participants, centre (%.3f, %.3f)\n", g, gr->size, gr->cx, gr->cy);
		if (!gr->nrep)
			fprintf(out, "  no representative comment\n");
		for (int k = 0; k < gr->nrep; k++) {
			const opinion_rep *rp = &gr->rep[k];
			const polis_comment *c = &d->comments[rp->statement];
			fprintf(out, "  %-8s %3.0f%% (%d/%d)  x%.2f  #%lld  ", rp->agree ? "agree" : "disagree",
				100 * rp->p, rp->n_for, rp->n_seen, rp->r, (long long)c->id);
			put_body(out, c->body);
			fputc('\n', out);
		}
	}
	fprintf(out, "\nconsensus (over the clustered participants):\n");
	if (!r->nconsensus)
		fprintf(out, "  none\n");
	for (int k = 0; k < r->nconsensus; k++) {
		const opinion_consensus *cs = &r->consensus[k];
		const polis_comment *c = &d->comments[cs->statement];
		fprintf(out, "  %-8s %3.0f%%  #%lld  ", cs->agree ? "agree" : "disagree", 100 * cs->p,
			(long long)c->id);
		put_body(out, c->body);
		fputc('\n', out);
	}
	/* the comments every group agrees with most */
	if (r->ngroups > 0) {
		int best[5], nbest = 0;
		for (int j = 0; j < d->ncomments; j++) {
			if (!isfinite(r->gac[j]))
				continue;
			if (nbest < 5)
				best[nbest++] = j;
			else if (r->gac[j] > r->gac[best[4]])
				best[4] = j;
			else
				continue;
			for (int at = nbest - 1; at > 0 && r->gac[best[at - 1]] < r->gac[best[at]]; at--) {
				int t = best[at];
				best[at] = best[at - 1];
				best[at - 1] = t;
			}
		}
		fprintf(out, "\ngroup-informed consensus, highest:\n");
		for (int k = 0; k < nbest; k++) {
			const polis_comment *c = &d->comments[best[k]];
			fprintf(out, "  %.3f  #%lld  ", r->gac[best[k]], (long long)c->id);
			put_body(out, c->body);
			fputc('\n', out);
		}
	}
}

/* ---- the command ---- */

static int usage_error(FILE *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints a usage problem; returns the exit status for it, 2. */
static int usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(err, "fabrique opinion: ");
	vfprintf(err, fmt, ap);
	fprintf(err, " (see 'fabrique opinion --help')\n");
	va_end(ap);
	return 2;
}

static int parse_args(FILE *err, int argc, char **argv, opinion_args *oa)
{
	for (int i = 1; i < argc; i++) {
		bool missing = false;
		const char *v;
		if ((v = cli_option(argc, argv, &i, "--format", &missing))) {
			if (strcmp(v, "json") == 0)
				oa->json = true;
			else if (strcmp(v, "text") == 0)
				oa->json = false;
			else
				return usage_error(err, "--format must be text or json, not '%s'", v);
		} else if ((v = cli_option(argc, argv, &i, "--seed", &missing))) {
			int64_t s;
			if (!text_parse_i64(v, &s) || s < 0 || s > SEED_MAX)
				return usage_error(err, "--seed must be a whole number from 0 to %lld, not '%s'",
						   SEED_MAX, v);
			oa->seed = s;
		} else if (missing) {
			return usage_error(err, "option %s needs a value", argv[i]);
		} else if (!oa->dir && argv[i][0] != '-') {
			oa->dir = argv[i];
		} else {
			return usage_error(err, "unexpected '%s'", argv[i]);
		}
	}
	if (!oa->dir)
		return usage_error(err, "needs a DIR holding a Pol.is export");
	return 0;
}

int cmd_opinion_to(FILE *out, FILE *err, int argc, char **argv)
{
	opinion_args oa = {0};
	int rc = parse_args(err, argc, argv, &oa);
	if (rc)
		return rc;
	struct stat st;
	if (stat(oa.dir, &st) != 0) {
		fprintf(err, "fabrique opinion: %s: %s\n", oa.dir, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(err, "fabrique opinion: %s: not a directory (expected one holding comments.csv and votes.csv)\n",
			oa.dir);
		return 1;
	}
	size_t lc = 0, lv = 0, lp = 0;
	bool absent_c, absent_v, absent_p;
	char *comments = NULL, *votes = NULL, *pv = NULL;
	arena *a = arena_new();
	analysis an = {.dir = oa.dir, .seed = oa.seed, .ari = NAN};
	rc = 1;
	comments = read_file(err, oa.dir, "comments.csv", &lc, &absent_c);
	if (!comments) {
		if (absent_c)
			fprintf(err, "fabrique opinion: %s: no comments.csv\n", oa.dir);
		goto done;
	}
	votes = read_file(err, oa.dir, "votes.csv", &lv, &absent_v);
	if (!votes && !absent_v)
		goto done;
	pv = read_file(err, oa.dir, "participants-votes.csv", &lp, &absent_p);
	if (!pv && !absent_p)
		goto done;
	if (!votes && !pv) {
		fprintf(err, "fabrique opinion: %s: neither votes.csv nor participants-votes.csv\n", oa.dir);
		goto done;
	}
	char why[512];
	if (polis_parse(a, votes, lv, comments, lc, pv, lp, &an.d, why, sizeof why) != 0) {
		fprintf(err, "fabrique opinion: %s/%s\n", oa.dir, why);
		goto done;
	}
	const polis_data *d = &an.d;
	uint8_t *excluded = arena_zalloc(a, (size_t)d->ncomments + 1);
	for (int j = 0; j < d->ncomments; j++)
		if (d->comments[j].moderated == -1)
			excluded[j] = 1, an.nexcluded++;
	opinion_input in = {
		.nparticipants = d->nparticipants,
		.nstatements = d->ncomments,
		.nvotes = d->nvotes,
		.vote_participant = d->vote_participant,
		.vote_statement = d->vote_comment,
		.vote_value = d->vote_value,
		.excluded = excluded,
		.seed = (uint64_t)oa.seed,
	};
	const char *reason = NULL;
	if (opinion_compute(&in, &an.r, &reason) != OPINION_OK) {
		fprintf(err, "fabrique opinion: %s: cannot compute the opinion map: %s\n", oa.dir,
			reason ? reason : "invalid input");
		goto done;
	}
	compare_published(&an);
	if (oa.json)
		print_json(out, &an);
	else
		print_text(out, &an);
	rc = 0;
done:
	opinion_free(&an.r);
	arena_free(a);
	free(comments);
	free(votes);
	free(pv);
	return rc;
}

int cmd_opinion(int argc, char **argv)
{
	return cmd_opinion_to(stdout, stderr, argc, argv);
}
