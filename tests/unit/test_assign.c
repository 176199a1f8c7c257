/* test_assign.c — the working-group assignment engine (assign.h).
 *
 * Exactness is checked against two oracles written here independently of
 * assign.c: brute force over every assignment of small random instances
 * (up to 7 people × 4 groups, or 5 × 6), and, for medium instances
 * (up to 60 × 8), a textbook min-cost flow on the explicit graph
 * (Bellman-Ford shortest paths, minimum sizes as a large bonus) run for
 * each worst rank in turn. Both compare the lexicographic objective
 * (worst rank, sum of squared ranks, total tie-break weight) exactly.
 * Also: hand-made examples, unranked groups, sizes and the diversity rule
 * respected, each infeasibility reason, invalid input, the seed's effect,
 * a larger instance that must stay valid, and `fabrique assign` itself
 * (its JSON and text output, file errors with their line, exit codes). */
#include "unit.h"

#include "cli/cli.h"
#include "engines/assign.h"

#include <fcntl.h>
#include <jansson.h>

/* ---- a deterministic random source for the instances ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

/* One instance with its storage. */
typedef struct inst {
	assign_problem pb;
	int16_t rank[64 * 8];
	int minsz[8], maxsz[8], kind[64];
} inst;

/* Random preferences: each person ranks a random number of groups, in a
 * random order, sometimes with ties; sizes and the rule are random too. */
static void random_inst(inst *in, int n, int m, bool with_sizes, bool with_rule)
{
	memset(in, 0, sizeof *in);
	assign_problem *pb = &in->pb;
	pb->npeople = n;
	pb->ngroups = m;
	pb->rank = in->rank;
	for (int p = 0; p < n; p++) {
		int order[8];
		for (int g = 0; g < m; g++)
			order[g] = g;
		for (int g = m - 1; g > 0; g--) {
			int j = (int)rnd((uint32_t)g + 1), t = order[g];
			order[g] = order[j];
			order[j] = t;
		}
		int nranked = rnd(4) == 0 ? (int)rnd((uint32_t)m + 1) : m;
		bool ties = rnd(5) == 0;
		int r = 0;
		for (int i = 0; i < nranked; i++) {
			if (!ties || i == 0 || rnd(2))
				r++;
			in->rank[p * m + order[i]] = (int16_t)r;
		}
	}
	if (with_sizes) {
		for (int g = 0; g < m; g++) {
			in->minsz[g] = (int)rnd(3);
			in->maxsz[g] = in->minsz[g] + (int)rnd((uint32_t)n / 2 + 2);
		}
		pb->min_size = in->minsz;
		pb->max_size = in->maxsz;
	}
	if (with_rule) {
		static const int shares[][2] = {{1, 2}, {1, 3}, {2, 3}, {1, 4}, {3, 5}, {1, 1}};
		int s = (int)rnd(UNIT_LEN(shares));
		pb->nkinds = 1 + (int)rnd(3);
		pb->share_num = shares[s][0];
		pb->share_den = shares[s][1];
		for (int p = 0; p < n; p++)
			in->kind[p] = (int)rnd((uint32_t)pb->nkinds + 1) - 1;
		pb->kind = in->kind;
	}
	pb->seed = ((uint64_t)rnd(UINT32_MAX) << 32) | rnd(UINT32_MAX);
}

static int eff(const assign_problem *pb, int p, int g)
{
	int r = pb->rank[p * pb->ngroups + g];
	return r ? r : ASSIGN_UNRANKED(pb->ngroups);
}

/* The objective of an assignment, lexicographic. */
typedef struct score {
	int worst;
	long long squares, weight;
} score;

static int score_cmp(score x, score y)
{
	if (x.worst != y.worst)
		return x.worst < y.worst ? -1 : 1;
	if (x.squares != y.squares)
		return x.squares < y.squares ? -1 : 1;
	if (x.weight != y.weight)
		return x.weight < y.weight ? -1 : 1;
	return 0;
}

/* True when grp respects the sizes and the rule; *sc gets its score. */
static bool valid_assignment(const assign_problem *pb, const int *grp, score *sc)
{
	int size[8] = {0}, per_kind[8][ASSIGN_MAX_KINDS] = {{0}};
	score s = {0, 0, 0};
	for (int p = 0; p < pb->npeople; p++) {
		int g = grp[p], r = eff(pb, p, g);
		if (g < 0 || g >= pb->ngroups)
			return false;
		size[g]++;
		if (pb->kind && pb->kind[p] >= 0)
			per_kind[g][pb->kind[p]]++;
		if (r > s.worst)
			s.worst = r;
		s.squares += r * r;
		s.weight += assign_tiebreak(pb, p, g);
	}
	for (int g = 0; g < pb->ngroups; g++) {
		int lo = pb->min_size ? pb->min_size[g] : 0;
		int hi = pb->max_size ? pb->max_size[g] : pb->npeople;
		if (size[g] < lo || size[g] > hi)
			return false;
		int cap = assign_kind_cap(pb, g);
		for (int k = 0; cap >= 0 && k < pb->nkinds; k++)
			if (per_kind[g][k] > cap)
				return false;
	}
	*sc = s;
	return true;
}

/* Best score over every assignment; false when none is valid. */
static bool brute_force(const assign_problem *pb, score *best)
{
	int n = pb->npeople, m = pb->ngroups, grp[8] = {0};
	bool any = false;
	for (;;) {
		score s;
		if (valid_assignment(pb, grp, &s) && (!any || score_cmp(s, *best) < 0)) {
			*best = s;
			any = true;
		}
		int i = 0;
		while (i < n && ++grp[i] == m)
			grp[i++] = 0;
		if (i == n)
			break;
	}
	return any;
}

/* Checks a solver's result against the problem and an expected best
 * score (feasible) or infeasibility. */
static void check_result(const assign_problem *pb, const assign_result *res, bool feasible,
			 score best, int instance)
{
	if (!feasible) {
		if (res->status != ASSIGN_INFEASIBLE)
			fail_msg("instance %d: expected infeasible, got status %d", instance, res->status);
		assert_true(res->reason[0] != 0);
		return;
	}
	if (res->status != ASSIGN_OK)
		fail_msg("instance %d: expected a solution, got status %d (%s)", instance, res->status,
			 res->reason);
	score got;
	if (!valid_assignment(pb, res->group_of, &got))
		fail_msg("instance %d: the assignment breaks the sizes or the rule", instance);
	if (score_cmp(got, best) != 0)
		fail_msg("instance %d: got (%d, %lld, %lld), best is (%d, %lld, %lld)", instance,
			 got.worst, got.squares, got.weight, best.worst, best.squares, best.weight);
	/* the reported figures agree with the assignment */
	assert_int_equal(res->worst, got.worst);
	assert_int_equal(res->sum_squares, got.squares);
	int count[16] = {0}, size[8] = {0};
	for (int p = 0; p < pb->npeople; p++) {
		assert_int_equal(res->rank_got[p], eff(pb, p, res->group_of[p]));
		count[res->rank_got[p]]++;
		size[res->group_of[p]]++;
	}
	assert_int_equal(res->count[0], 0);
	for (int r = 1; r <= pb->ngroups + 1; r++)
		assert_int_equal(res->count[r], count[r]);
	for (int g = 0; g < pb->ngroups; g++)
		assert_int_equal(res->size[g], size[g]);
}

static void test_brute_force(void **state)
{
	(void)state;
	rng_state = 0x1234567887654321ull;
	int solved = 0, infeasible = 0;
	for (int i = 0; i < 4000; i++) {
		inst in;
		bool small_m = i % 2 == 0;
		int n = (int)rnd(small_m ? 8 : 6), m = 1 + (int)rnd(small_m ? 4 : 6);
		random_inst(&in, n, m, rnd(4) != 0, rnd(2) == 0);
		score best = {0, 0, 0};
		bool feasible = brute_force(&in.pb, &best);
		arena *a = arena_new();
		assign_result res;
		assign_solve(a, &in.pb, &res);
		check_result(&in.pb, &res, feasible, best, i);
		solved += feasible;
		infeasible += !feasible;
		arena_free(a);
	}
	/* the generator must exercise both outcomes */
	assert_true(solved > 1000);
	assert_true(infeasible > 100);
}

/* ---- an independent oracle: min-cost flow on the explicit graph ---- */

typedef struct arc {
	int to, cap;
	int64_t cost;
} arc;

typedef struct graph {
	arc *arcs;
	int narcs, nnodes;
	int *head, *next;	/* adjacency lists */
} graph;

static void add_arc(graph *gr, int u, int v, int cap, int64_t cost)
{
	for (int d = 0; d < 2; d++) {
		int id = gr->narcs++;
		gr->arcs[id] = (arc){d ? u : v, d ? 0 : cap, d ? -cost : cost};
		int from = d ? v : u;
		gr->next[id] = gr->head[from];
		gr->head[from] = id;
	}
}

/* Sends up to need units from s to t along successive shortest paths found
 * by Bellman-Ford (queue-based); returns the units sent and adds the cost. */
static int min_cost_flow(graph *gr, int s, int t, int need, int64_t *total)
{
	int n = gr->nnodes, sent = 0;
	int64_t *dist = malloc((size_t)n * sizeof *dist);
	int *pre = malloc((size_t)n * sizeof *pre), *queue = malloc((size_t)n * sizeof *queue);
	bool *inq = malloc((size_t)n);
	while (sent < need) {
		for (int v = 0; v < n; v++) {
			dist[v] = INT64_MAX;
			inq[v] = false;
		}
		int qh = 0, qt = 0;
		dist[s] = 0;
		queue[qt++] = s;
		inq[s] = true;
		while (qh != qt) {
			int u = queue[qh];
			qh = (qh + 1) % n;
			inq[u] = false;
			for (int id = gr->head[u]; id >= 0; id = gr->next[id]) {
				arc *e = &gr->arcs[id];
				if (e->cap > 0 && dist[u] + e->cost < dist[e->to]) {
					dist[e->to] = dist[u] + e->cost;
					pre[e->to] = id;
					if (!inq[e->to]) {
						inq[e->to] = true;
						queue[qt] = e->to;
						qt = (qt + 1) % n;
					}
				}
			}
		}
		if (dist[t] == INT64_MAX)
			break;
		for (int v = t; v != s; v = gr->arcs[pre[v] ^ 1].to) {
			gr->arcs[pre[v]].cap--;
			gr->arcs[pre[v] ^ 1].cap++;
		}
		*total += dist[t];
		sent++;
	}
	free(dist);
	free(pre);
	free(queue);
	free(inq);
	return sent;
}

/* The best score by min-cost flow: for each worst rank R from 1 up, the
 * cheapest assignment using ranks <= R, costs rank² × B + weight and a
 * bonus of -BIG per person counted towards a minimum; the first R where
 * everyone is placed and every minimum met gives the answer. */
static bool flow_oracle(const assign_problem *pb, score *best)
{
	int n = pb->npeople, m = pb->ngroups;
	int K = pb->share_den > 0 && pb->nkinds > 0 ? pb->nkinds + 1 : 1;
	int64_t B = (int64_t)(n ? n : 1) << 20;
	int64_t BIG = (int64_t)(m + 2) * (m + 2) * B * (n + 1) * 4;
	for (int R = 1; R <= m + 1; R++) {
		/* nodes: S, people, cells, groups, T */
		int S = 0, P0 = 1, C0 = P0 + n, G0 = C0 + m * K, T = G0 + m, nn = T + 1;
		graph gr = {0};
		int maxarcs = 2 * (n + n * m + m * K + 2 * m) + 8;
		gr.arcs = malloc((size_t)maxarcs * sizeof *gr.arcs);
		gr.next = malloc((size_t)maxarcs * sizeof *gr.next);
		gr.head = malloc((size_t)nn * sizeof *gr.head);
		gr.nnodes = nn;
		for (int v = 0; v < nn; v++)
			gr.head[v] = -1;
		for (int p = 0; p < n; p++) {
			add_arc(&gr, S, P0 + p, 1, 0);
			int k = K == 1 ? 0 : pb->kind[p] < 0 ? K - 1 : pb->kind[p];
			for (int g = 0; g < m; g++) {
				int r = eff(pb, p, g);
				if (r <= R)
					add_arc(&gr, P0 + p, C0 + g * K + k, 1,
						(int64_t)r * r * B + assign_tiebreak(pb, p, g));
			}
		}
		for (int g = 0; g < m; g++) {
			int lo = pb->min_size ? pb->min_size[g] : 0;
			int hi = pb->max_size ? pb->max_size[g] : n;
			int cap = assign_kind_cap(pb, g);
			for (int k = 0; k < K; k++)
				add_arc(&gr, C0 + g * K + k, G0 + g,
					cap >= 0 && k < K - 1 ? cap : n, 0);
			add_arc(&gr, G0 + g, T, lo, -BIG);
			add_arc(&gr, G0 + g, T, hi - lo, 0);
		}
		int64_t total = 0;
		int sent = min_cost_flow(&gr, S, T, n, &total);
		int grp[64];
		for (int p = 0; p < n; p++) {
			grp[p] = -1;
			for (int id = gr.head[P0 + p]; id >= 0; id = gr.next[id])
				if (gr.arcs[id].to >= C0 && gr.arcs[id].to < G0 && gr.arcs[id].cap == 0 &&
				    !(id & 1))
					grp[p] = (gr.arcs[id].to - C0) / K;
		}
		free(gr.arcs);
		free(gr.next);
		free(gr.head);
		score s;
		if (sent == n && valid_assignment(pb, grp, &s)) {
			*best = s;
			return true;
		}
	}
	return false;
}

static void test_flow_oracle(void **state)
{
	(void)state;
	rng_state = 0xfeedface12345ull;
	int solved = 0;
	for (int i = 0; i < 300; i++) {
		inst in;
		int n = 10 + (int)rnd(51), m = 2 + (int)rnd(7);
		random_inst(&in, n, m, true, rnd(2) == 0);
		/* sizes that bind without being hopeless */
		for (int g = 0; g < m; g++) {
			in.minsz[g] = (int)rnd((uint32_t)(n / m) + 1);
			in.maxsz[g] = in.minsz[g] + 1 + (int)rnd((uint32_t)(n / m) + 2);
		}
		score best = {0, 0, 0};
		bool feasible = flow_oracle(&in.pb, &best);
		arena *a = arena_new();
		assign_result res;
		assign_solve(a, &in.pb, &res);
		check_result(&in.pb, &res, feasible, best, i);
		solved += feasible;
		arena_free(a);
	}
	assert_true(solved > 100);
}

/* ---- hand-made cases ---- */

static void test_examples(void **state)
{
	(void)state;
	/* 4 people want A; A takes 2: two get their second choice. */
	static const int16_t rank[] = {1, 2, 1, 2, 1, 2, 1, 2};
	int minsz[] = {0, 0}, maxsz[] = {2, 4};
	assign_problem pb = {.npeople = 4, .ngroups = 2, .rank = rank, .min_size = minsz,
			     .max_size = maxsz, .seed = 7};
	arena *a = arena_new();
	assign_result res;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	assert_int_equal(res.worst, 2);
	assert_int_equal(res.sum_squares, 1 + 1 + 4 + 4);
	assert_int_equal(res.count[1], 2);
	assert_int_equal(res.count[2], 2);
	assert_int_equal(res.size[0], 2);
	assert_int_equal(res.size[1], 2);
	assert_string_equal(res.reason, "");

	/* Three people, three groups of exactly one. p0 ranks A B C; p1 ranks
	 * B C A; p2 ranks A second and B, C third (a tie). The least sum of
	 * squares would be p0 A, p1 B, p2 C: ranks 1, 1, 3 (11); the worst
	 * rank comes first, so: p0 B, p1 C, p2 A: ranks 2, 2, 2 (12). */
	static const int16_t r3[] = {1, 2, 3, 3, 1, 2, 2, 3, 3};
	int one[] = {1, 1, 1};
	assign_problem p3 = {.npeople = 3, .ngroups = 3, .rank = r3, .min_size = one,
			     .max_size = one};
	assert_int_equal(assign_solve(a, &p3, &res), ASSIGN_OK);
	assert_int_equal(res.worst, 2);
	assert_int_equal(res.sum_squares, 12);
	assert_int_equal(res.group_of[0], 1);
	assert_int_equal(res.group_of[1], 2);
	assert_int_equal(res.group_of[2], 0);
	arena_free(a);
}

static void test_unranked(void **state)
{
	(void)state;
	/* Person 1 ranks only A; A is full after person 0 (max 1). B must
	 * take someone: person 1 gets an unranked group (rank 3) only
	 * because nothing better exists. */
	static const int16_t rank[] = {1, 2, 1, 0};
	int hi[] = {1, 2};
	assign_problem pb = {.npeople = 2, .ngroups = 2, .rank = rank, .max_size = hi};
	arena *a = arena_new();
	assign_result res;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	assert_int_equal(res.group_of[1], 0);
	assert_int_equal(res.group_of[0], 1);
	assert_int_equal(res.worst, 2);

	/* Now both rank only A: one of them must get B, unranked. */
	static const int16_t r2[] = {1, 0, 1, 0};
	pb.rank = r2;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	assert_int_equal(res.worst, ASSIGN_UNRANKED(2));
	assert_int_equal(res.count[1], 1);
	assert_int_equal(res.count[ASSIGN_UNRANKED(2)], 1);
	assert_int_equal(res.sum_squares, 1 + 9);

	/* Nobody ranked anything: everyone is unranked, still assigned. */
	static const int16_t r0[] = {0, 0, 0, 0, 0, 0};
	assign_problem p0 = {.npeople = 3, .ngroups = 2, .rank = r0};
	assert_int_equal(assign_solve(a, &p0, &res), ASSIGN_OK);
	assert_int_equal(res.worst, 3);
	assert_int_equal(res.count[3], 3);
	arena_free(a);
}

static void test_sizes_and_rule(void **state)
{
	(void)state;
	/* 12 people all want group A first; A takes 3 to 5, B and C 2 to 4;
	 * share 1/2 of the maximum: A at most 2 of a kind, B and C 2. */
	int16_t rank[12 * 3];
	int kind[12];
	for (int p = 0; p < 12; p++) {
		rank[p * 3 + 0] = 1;
		rank[p * 3 + 1] = (int16_t)(p % 2 ? 2 : 3);
		rank[p * 3 + 2] = (int16_t)(p % 2 ? 3 : 2);
		kind[p] = p < 8 ? p % 3 : -1;	/* kinds 0, 1, 2, and 4 without */
	}
	int lo[] = {3, 2, 2}, hi[] = {5, 4, 4};
	assign_problem pb = {.npeople = 12, .ngroups = 3, .rank = rank, .min_size = lo,
			     .max_size = hi, .kind = kind, .nkinds = 3, .share_num = 1,
			     .share_den = 2, .seed = 99};
	assert_int_equal(assign_kind_cap(&pb, 0), 2);
	assert_int_equal(assign_kind_cap(&pb, 1), 2);
	arena *a = arena_new();
	assign_result res;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	int per[3][3] = {{0}};
	for (int p = 0; p < 12; p++)
		if (kind[p] >= 0)
			per[res.group_of[p]][kind[p]]++;
	for (int g = 0; g < 3; g++) {
		assert_true(res.size[g] >= lo[g] && res.size[g] <= hi[g]);
		for (int k = 0; k < 3; k++)
			assert_true(per[g][k] <= assign_kind_cap(&pb, g));
	}
	assert_int_equal(res.size[0], 5);
	assert_int_equal(res.count[1], 5);
	assert_int_equal(res.worst, 2);

	/* Without a rule the kinds are ignored. */
	pb.share_den = 0;
	assert_int_equal(assign_kind_cap(&pb, 0), -1);
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	assert_int_equal(res.size[0], 5);
	arena_free(a);
}

static void test_infeasible(void **state)
{
	(void)state;
	static const int16_t rank[8] = {1, 2, 1, 2, 2, 1, 2, 1};
	int kind[4] = {0, 0, 0, 1};
	arena *a = arena_new();
	assign_result res;

	int lo[] = {3, 2}, hi[] = {4, 4};
	assign_problem pb = {.npeople = 4, .ngroups = 2, .rank = rank, .min_size = lo, .max_size = hi};
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_MIN_TOTAL);
	assert_int_equal(res.a, 5);
	assert_int_equal(res.b, 4);
	unit_assert_contains(res.reason, "minimum sizes add up to 5, more than the 4 participants");

	int lo2[] = {0, 0}, hi2[] = {1, 2};
	pb.min_size = lo2;
	pb.max_size = hi2;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_MAX_TOTAL);
	unit_assert_contains(res.reason, "maximum sizes add up to 3, fewer than the 4 participants");

	/* three of kind 0, at most 1 of a kind per group (share 1/2 of 2) */
	const char *gnames[] = {"Mobilités", "Santé"}, *knames[] = {"PME", "association"};
	int hi3[] = {2, 2};
	pb.max_size = hi3;
	pb.kind = kind;
	pb.nkinds = 2;
	pb.share_num = 1;
	pb.share_den = 2;
	pb.group_name = gnames;
	pb.kind_name = knames;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_KIND_TOTAL);
	assert_int_equal(res.kind, 0);
	assert_int_equal(res.a, 3);
	assert_int_equal(res.b, 2);
	unit_assert_contains(res.reason, "3 participants are of kind 'PME'");

	/* a group whose minimum the rule cannot reach: 4 needed, at most 1
	 * of each of the 2 kinds present (share 1/4 of 4) */
	int lo4[] = {4, 0}, hi4[] = {4, 4};
	int kind4[4] = {0, 0, 1, 1};
	pb.min_size = lo4;
	pb.max_size = hi4;
	pb.kind = kind4;
	pb.share_num = 1;
	pb.share_den = 4;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_GROUP_MIN);
	assert_int_equal(res.group, 0);
	pb.share_num = 2;	/* 2 of a kind in A, so 4 fit; B has room */
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	pb.share_num = 1;
	int kind4b[4] = {0, 1, -1, -1};
	pb.kind = kind4b;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	int lo5[] = {4, 0}, hi5[] = {4, 8};
	int kind5[5] = {0, 0, 0, 1, 1};
	static const int16_t rank5[10] = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2};
	assign_problem p5 = {.npeople = 5, .ngroups = 2, .rank = rank5, .min_size = lo5,
			     .max_size = hi5, .kind = kind5, .nkinds = 2, .share_num = 1,
			     .share_den = 4, .group_name = gnames};
	assert_int_equal(assign_solve(a, &p5, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_GROUP_MIN);
	assert_int_equal(res.group, 0);
	assert_int_equal(res.a, 4);
	assert_int_equal(res.b, 2);
	unit_assert_contains(res.reason, "group 'Mobilités' needs at least 4 participants");

	/* Only the combination fails: A and B each need 2 and may take 1 of
	 * kind 0 each, so both need the single person of kind 1. */
	int lo6[] = {2, 2, 0}, hi6[] = {2, 2, 4};
	int kind6[4] = {0, 0, 0, 1};
	static const int16_t rank6[12] = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3};
	assign_problem p6 = {.npeople = 4, .ngroups = 3, .rank = rank6, .min_size = lo6,
			     .max_size = hi6, .kind = kind6, .nkinds = 2, .share_num = 1,
			     .share_den = 2};
	assert_int_equal(assign_solve(a, &p6, &res), ASSIGN_INFEASIBLE);
	assert_int_equal(res.why, ASSIGN_WHY_DIVERSITY);
	unit_assert_contains(res.reason, "diversity rule");

	/* Nobody, and groups that need nobody: fine. */
	assign_problem p0 = {.npeople = 0, .ngroups = 3};
	assert_int_equal(assign_solve(a, &p0, &res), ASSIGN_OK);
	assert_int_equal(res.worst, 0);
	assert_int_equal(res.sum_squares, 0);
	arena_free(a);
}

static void test_invalid(void **state)
{
	(void)state;
	arena *a = arena_new();
	assign_result res;
	int16_t rank[4] = {1, 2, 3, 1};
	assign_problem pb = {.npeople = 2, .ngroups = 2, .rank = rank};
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);
	assert_int_equal(res.why, ASSIGN_WHY_INPUT);
	unit_assert_contains(res.reason, "participant 2, group 1: rank 3 is not from 0 to 2");
	rank[2] = -1;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);
	rank[2] = 2;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);

	int lo[] = {0, 3}, hi[] = {2, 2};
	pb.min_size = lo;
	pb.max_size = hi;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);
	assert_int_equal(res.group, 1);
	unit_assert_contains(res.reason, "group 2: maximum size 2 is below its minimum 3");
	lo[1] = -1;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);
	lo[1] = 0;

	int kind[2] = {0, 2};
	pb.kind = kind;
	pb.nkinds = 2;
	pb.share_num = 1;
	pb.share_den = 2;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);
	unit_assert_contains(res.reason, "participant 2: kind 2 is not from -1 to 1");
	kind[1] = -1;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	pb.share_num = -1;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_INVALID);

	assign_problem none = {.npeople = 1, .ngroups = 0, .rank = rank};
	assert_int_equal(assign_solve(a, &none, &res), ASSIGN_INVALID);
	assign_problem many = {.npeople = ASSIGN_MAX_PEOPLE + 1, .ngroups = 1, .rank = rank};
	assert_int_equal(assign_solve(a, &many, &res), ASSIGN_INVALID);
	arena_free(a);
}

/* Same seed, same assignment; other seeds pick other optimal ones. */
static void test_seed(void **state)
{
	(void)state;
	/* 10 people, all prefer A (max 5) to B: any 5 of them in A is optimal */
	int16_t rank[20];
	for (int p = 0; p < 10; p++) {
		rank[2 * p] = 1;
		rank[2 * p + 1] = 2;
	}
	int hi[] = {5, 10};
	assign_problem pb = {.npeople = 10, .ngroups = 2, .rank = rank, .max_size = hi};
	arena *a = arena_new();
	int distinct = 0;
	uint32_t seen[64];
	for (uint64_t seed = 0; seed < 64; seed++) {
		pb.seed = seed * 0x9E3779B97F4A7C15ull + 1;
		assign_result r1, r2;
		assert_int_equal(assign_solve(a, &pb, &r1), ASSIGN_OK);
		assert_int_equal(assign_solve(a, &pb, &r2), ASSIGN_OK);
		assert_memory_equal(r1.group_of, r2.group_of, 10 * sizeof(int));
		assert_int_equal(r1.worst, 2);
		assert_int_equal(r1.sum_squares, 5 * 1 + 5 * 4);
		uint32_t mask = 0;
		for (int p = 0; p < 10; p++)
			mask |= (uint32_t)(r1.group_of[p] == 0) << p;
		bool again = false;
		for (int i = 0; i < distinct; i++)
			again |= seen[i] == mask;
		if (!again)
			seen[distinct++] = mask;
	}
	/* 252 optimal assignments; 64 seeds must find many of them */
	assert_true(distinct >= 20);
	arena_free(a);
}

/* A larger instance with a rule: the result must be valid, and its worst
 * rank minimal: with one rank less it must be impossible. */
static void test_larger(void **state)
{
	(void)state;
	rng_state = 0xabcdef987654321ull;
	const int n = 3000, m = 20, nk = 5;
	int16_t *rank = malloc((size_t)n * m * sizeof *rank);
	int *kind = malloc((size_t)n * sizeof *kind), lo[20], hi[20];
	for (int p = 0; p < n; p++) {
		int order[20];
		for (int g = 0; g < m; g++)
			order[g] = g;
		/* popular groups come first more often */
		for (int g = 0; g < m; g++) {
			int j = g + (int)rnd((uint32_t)(m - g));
			if (rnd(3) == 0)
				j = g + (int)rnd((uint32_t)(m - g < 3 ? m - g : 3));
			int t = order[g];
			order[g] = order[j];
			order[j] = t;
		}
		for (int i = 0; i < m; i++)
			rank[p * m + order[i]] = (int16_t)(i + 1);
		kind[p] = (int)rnd(nk + 1) - 1;
	}
	for (int g = 0; g < m; g++) {
		lo[g] = 100;
		hi[g] = 180;
	}
	assign_problem pb = {.npeople = n, .ngroups = m, .rank = rank, .min_size = lo,
			     .max_size = hi, .kind = kind, .nkinds = nk, .share_num = 2,
			     .share_den = 5, .seed = 5};
	arena *a = arena_new();
	assign_result res;
	assert_int_equal(assign_solve(a, &pb, &res), ASSIGN_OK);
	int per[20][5] = {{0}}, size[20] = {0};
	for (int p = 0; p < n; p++) {
		size[res.group_of[p]]++;
		if (kind[p] >= 0)
			per[res.group_of[p]][kind[p]]++;
	}
	for (int g = 0; g < m; g++) {
		assert_true(size[g] >= lo[g] && size[g] <= hi[g]);
		for (int k = 0; k < nk; k++)
			assert_true(per[g][k] <= assign_kind_cap(&pb, g));
	}
	/* minimal: forbidding rank res.worst (turning it into "unranked" is
	 * not enough, so clamp) must make a smaller worst rank impossible */
	int worst = res.worst;
	assert_true(worst > 1);
	for (size_t i = 0; i < (size_t)n * m; i++)
		if (rank[i] >= worst)
			rank[i] = 0;
	/* now ranks >= worst count as unranked (m + 1): the optimum must use
	 * at least one, i.e. worst becomes m + 1 */
	assign_result r2;
	assert_int_equal(assign_solve(a, &pb, &r2), ASSIGN_OK);
	assert_int_equal(r2.worst, m + 1);
	free(rank);
	free(kind);
	arena_free(a);
}

/* ---- the command ---- */

/* Runs cmd_assign with argv, standard output and error going to files in
 * dir; their contents (NUL-terminated, heap) in *out and *err. */
static int run_cli(const char *dir, int argc, char **argv, char **out, char **err)
{
	char opath[600], epath[600];
	snprintf(opath, sizeof opath, "%s/stdout", dir);
	snprintf(epath, sizeof epath, "%s/stderr", dir);
	fflush(stdout);
	fflush(stderr);
	int save_out = dup(1), save_err = dup(2);
	int fo = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int fe = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(save_out >= 0 && save_err >= 0 && fo >= 0 && fe >= 0);
	dup2(fo, 1);
	dup2(fe, 2);
	int rc = cmd_assign(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(save_out, 1);
	dup2(save_err, 2);
	close(fo);
	close(fe);
	close(save_out);
	close(save_err);
	const char *paths[2] = {opath, epath};
	char **dst[2] = {out, err};
	for (int i = 0; i < 2; i++) {
		FILE *f = fopen(paths[i], "rb");
		assert_non_null(f);
		char *b = calloc(1, 1 << 16);
		size_t n = fread(b, 1, (1 << 16) - 1, f);
		b[n] = 0;
		fclose(f);
		*dst[i] = b;
	}
	return rc;
}

static void test_cli(void **state)
{
	(void)state;
	char dir[512], csv[600];
	unit_tmpdir(dir, sizeof dir);
	snprintf(csv, sizeof csv, "%s/prefs.csv", dir);
	static const char prefs[] =
		"\xEF\xBB\xBFparticipant,kind,Mobilit\xC3\xA9s douces,Sant\xC3\xA9,\"Alimentation, circuits courts\"\r\n"
		"#min,,2,2,2\r\n"
		"#max,,3,3,3\r\n"
		"Alice,PME,1,2,3\r\n"
		"Bruno,association,1,3,2\r\n"
		"Chlo\xC3\xA9,PME,1,2,\r\n"
		"\"Dupont, Marie\",recherche,2,1,3\r\n"
		"\xC3\x89lise,,1,,2\r\n"
		"Farid,association,3,1,2\r\n"
		"Ga\xC3\xABlle,PME,1,2,3\r\n"
		"Hugo,,2,3,1\r\n";
	unit_write_file(csv, prefs, sizeof prefs - 1);
	char *out, *err;

	char *a1[] = {"assign", "--format", "json", "--seed", "7", "--max-share", "50%", csv, NULL};
	assert_int_equal(run_cli(dir, 8, a1, &out, &err), 0);
	assert_string_equal(err, "");
	json_error_t je;
	json_t *j = json_loads(out, 0, &je);
	if (!j)
		fail_msg("not JSON (%s): %s", je.text, out);
	assert_int_equal(json_integer_value(json_object_get(j, "seed")), 7);
	assert_int_equal(json_integer_value(json_object_get(j, "participants")), 8);
	assert_true(json_real_value(json_object_get(j, "max_share")) == 0.5);
	json_t *groups = json_object_get(j, "groups"), *rows = json_object_get(j, "assignment");
	assert_int_equal(json_array_size(groups), 3);
	assert_int_equal(json_array_size(rows), 8);
	assert_string_equal(json_string_value(json_object_get(json_array_get(groups, 2), "name")),
			    "Alimentation, circuits courts");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(groups, 0), "max_per_kind")), 1);
	long long squares = 0, counted = 0;
	for (size_t i = 0; i < 8; i++) {
		json_t *rank = json_object_get(json_array_get(rows, i), "rank");
		assert_true(json_is_integer(rank));
		squares += json_integer_value(rank) * json_integer_value(rank);
	}
	assert_int_equal(json_integer_value(json_object_get(j, "sum_of_squares")), squares);
	json_t *counts = json_object_get(j, "counts");
	for (size_t i = 0; i < json_array_size(counts); i++)
		counted += json_integer_value(json_object_get(json_array_get(counts, i), "participants"));
	assert_int_equal(counted, 8);
	assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 3), "participant")),
			    "Dupont, Marie");
	assert_true(json_is_null(json_object_get(json_array_get(rows, 4), "kind")));
	json_decref(j);
	/* the same seed, the same bytes */
	char *out2, *err2;
	assert_int_equal(run_cli(dir, 8, a1, &out2, &err2), 0);
	assert_string_equal(out, out2);
	free(out);
	free(err);
	free(out2);
	free(err2);

	char *a2[] = {"assign", "--seed=7", csv, NULL};
	assert_int_equal(run_cli(dir, 3, a2, &out, &err), 0);
	unit_assert_contains(out, "participant    kind         group");
	unit_assert_contains(out, "8 participants, 3 groups, seed 7");
	unit_assert_contains(out, "worst rank: 2");
	unit_assert_contains(out, "rank 1: 6 (75.0 %)");
	free(out);
	free(err);

	/* a file error names the line */
	static const char dup[] = "participant,A,B\nx,1,2\ny,2,1\nx,1,2\n";
	unit_write_file(csv, dup, sizeof dup - 1);
	assert_int_equal(run_cli(dir, 3, a2, &out, &err), 1);
	unit_assert_contains(err, "prefs.csv:4: participant 'x' is already on line 2");
	assert_string_equal(out, "");
	free(out);
	free(err);
	static const char tight[] = "participant,A,B\n#max,1,1\nx,1,2\ny,2,1\nz,1,2\n";
	unit_write_file(csv, tight, sizeof tight - 1);
	assert_int_equal(run_cli(dir, 3, a2, &out, &err), 1);
	unit_assert_contains(err, "prefs.csv: no assignment is possible: the groups' maximum sizes "
				  "add up to 2, fewer than the 3 participants");
	free(out);
	free(err);
	/* --max from the command line fills the empty #max cells */
	static const char partial[] = "participant,A,B\n#max,,1\nx,1,2\ny,1,2\nz,1,2\n";
	unit_write_file(csv, partial, sizeof partial - 1);
	char *a3[] = {"assign", "--seed", "3", "--max", "2", "--format", "json", csv, NULL};
	assert_int_equal(run_cli(dir, 8, a3, &out, &err), 0);
	j = json_loads(out, 0, &je);
	assert_non_null(j);
	groups = json_object_get(j, "groups");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(groups, 0), "max")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(groups, 1), "max")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(groups, 0), "size")), 2);
	assert_true(json_is_null(json_object_get(json_array_get(groups, 0), "max_per_kind")));
	assert_int_equal(json_integer_value(json_object_get(j, "worst_rank")), 2);
	json_decref(j);
	free(out);
	free(err);

	char *a4[] = {"assign", "--format", "xml", csv, NULL};
	assert_int_equal(run_cli(dir, 4, a4, &out, &err), 2);
	free(out);
	free(err);
	char *a5[] = {"assign", NULL};
	assert_int_equal(run_cli(dir, 1, a5, &out, &err), 2);
	free(out);
	free(err);
	unit_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_unranked),
		cmocka_unit_test(test_sizes_and_rule),
		cmocka_unit_test(test_infeasible),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_brute_force),
		cmocka_unit_test(test_flow_oracle),
		cmocka_unit_test(test_larger),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests_name("assign", tests, NULL, NULL);
}
