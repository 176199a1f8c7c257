/*
 * assign.c — exact working-group assignment (see assign.h).
 *
 * The flow network. A source S gives one unit to every participant p;
 * p sends it to the cell (g, k) of a group g it may join, k being p's kind
 * (every participant is in kind cell 0 without a rule; with a rule, kinds
 * are cells 0 .. nkinds - 1 and people without a kind use cell nkinds);
 * a cell passes at most cap(g) units to its group node (no limit for the
 * "no kind" cell or without a rule); the group's size must lie in
 * [min, max]. Minimum sizes are lower bounds, handled by the standard
 * reduction: group g owes min(g) units straight to a super-sink T*, and
 * may pass up to max(g) - min(g) more to a node T, which owes T* the
 * remaining npeople - sum(min). An assignment meeting every constraint is
 * exactly a flow of value npeople from S to T*.
 *
 * The compressed graph. Participants are too many to be nodes (10 000 ×
 * 50 arcs), but a residual path only ever passes through a participant q
 * as "cell (g, k) → q → cell (g2, k)", q moving from group g to g2. So
 * the search runs on cells, group nodes, T and T* only (a few hundred
 * nodes), and the arc (g, k) → (g2, k) stands for the cheapest member of
 * cell (g, k) to move to g2: a heap per (cell, g2) of its members, keyed
 * by what the move costs, with stale entries (people who moved since)
 * dropped as soon as they reach the top. Likewise S → (g, k) stands for
 * the cheapest participant of kind k not yet placed: a run per cell,
 * sorted once per phase, whose head skips people as they are placed
 * (nobody is ever unplaced: a path from S never returns to S). Since each
 * arc carries the minimum over the participants it stands for, a shortest
 * path here is a shortest path of the full residual graph.
 *
 * Phase 1, the worst rank. With only arcs of rank <= R, feasibility is a
 * maximum flow. Augmenting paths (costs ignored) place people one by one
 * from R = the largest of everyone's best rank; when no augmenting path
 * exists the current flow is maximum and below npeople, so R is
 * infeasible: R grows by one (arcs only appear, the flow stays valid) and
 * the search resumes. The first R at which everyone is placed is the
 * smallest feasible worst rank R*. Past R = ngroups + 1 (every group
 * allowed) the sizes and the rule themselves are infeasible.
 *
 * Phase 2, the sum of squares and the tie-break. From an empty flow,
 * successive shortest paths with node potentials (Dijkstra on reduced
 * costs, stopped at T*; potentials then raised by min(distance, distance
 * of T*), which keeps every reduced cost >= 0) on arcs of rank <= R* with
 * cost(p, g) = rank(p, g)² × B + w(p, g), w the seeded tie-break weight
 * in [0, W), W = 2^bits, and B = npeople × W. Each augmentation adds one
 * participant, so after npeople of them the flow is a minimum-cost
 * assignment among those of worst rank <= R* (phase 1 showed there is
 * one), and by phase 1 none has a smaller worst rank.
 *   Why minimum cost means minimum sum of squares, exactly: for an
 * assignment A with sum of squares Q(A) and tie-break total w(A),
 * cost(A) = B·Q(A) + w(A) with 0 <= w(A) <= npeople·(W - 1) < B. If
 * Q(A) < Q(A') then Q(A) + 1 <= Q(A'), so cost(A) < B·Q(A) + B =
 * B·(Q(A) + 1) <= B·Q(A') <= cost(A'). Hence a minimum-cost assignment has
 * the least sum of squares, and among those the least tie-break total.
 * Everything is in int64: bits is chosen (20 at most) so that 16 × (nodes
 * + 2) × the largest arc cost stays below 2^61, which bounds every
 * distance and potential (each is at most a few simple paths long).
 *
 * Why it is fast: a search reads at most cells × groups cached heap tops
 * (contiguous, one row per cell) and usually stops after a few nodes;
 * phase 1 even stops as soon as T* has a label, and counts only the
 * cells entered so that a group's free way to T* is taken before other
 * cells are expanded. 10 000 × 50 with binding sizes takes well under
 * 100 ms (bench/assign_bench.c).
 *
 * Not for: reading files, naming groups, or choosing the rule's share.
 */
#include "assign.h"

#include <assert.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define INF64 INT64_MAX

/* ---- heaps of participants ---- */

/* One participant in a heap: key is what using this arc costs; stamp is
 * the participant's move counter when pushed (member heaps: the entry is
 * stale once the participant moves again). */
typedef struct hent {
	int64_t key;
	int32_t who;
	uint32_t stamp;
} hent;

typedef struct heap {
	hent *e;
	int32_t n, cap;
} heap;

static inline bool hent_less(const hent *x, const hent *y)
{
	return x->key < y->key || (x->key == y->key && x->who < y->who);
}

static void heap_down(heap *h, int32_t i)
{
	hent v = h->e[i];
	for (;;) {
		int32_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && hent_less(&h->e[c + 1], &h->e[c]))
			c++;
		if (!hent_less(&h->e[c], &v))
			break;
		h->e[i] = h->e[c];
		i = c;
	}
	h->e[i] = v;
}

static void heap_reserve(heap *h, int32_t extra)
{
	if (h->n + extra <= h->cap)
		return;
	int32_t cap = h->cap ? h->cap : 4;
	while (cap < h->n + extra)
		cap *= 2;
	h->e = mem_realloc(h->e, (size_t)cap * sizeof *h->e);
	h->cap = cap;
}

static void heap_push(heap *h, hent v)
{
	heap_reserve(h, 1);
	int32_t i = h->n++;
	while (i > 0) {
		int32_t parent = (i - 1) / 2;
		if (!hent_less(&v, &h->e[parent]))
			break;
		h->e[i] = h->e[parent];
		i = parent;
	}
	h->e[i] = v;
}

static void heap_pop(heap *h)
{
	h->e[0] = h->e[--h->n];
	if (h->n)
		heap_down(h, 0);
}

/* ---- the solver's state ---- */

/* The search queue: (distance, node), smallest first. */
typedef struct qent {
	int64_t d;
	int32_t v;
} qent;

typedef struct solver {
	const assign_problem *pb;
	int n, m;		/* participants, groups */
	int K, nc;		/* cells per group, cells (m * K) */
	int node_T, node_Tstar, nv;	/* group g is node nc + g */
	int phase;		/* 1: worst rank, 2: cost */
	int R;			/* arcs of rank <= R only */
	int64_t B;		/* weight of rank² in a cost */
	uint32_t wmask;		/* tie-break weights are 0 .. wmask */
	const int *minsz, *maxsz;
	int *kcell;		/* participant's kind cell, 0 .. K - 1 */
	int *grp;		/* participant's group, -1 while not placed */
	uint32_t *stamp;	/* participant's move counter */
	/* Unplaced participants able to join each cell, cheapest first: a run
	 * aent[abeg[c] .. aend[c]) per cell, sorted once per phase; abeg
	 * moves past people as they are placed (nobody is ever unplaced). */
	hent *aent;
	size_t acap, *abeg, *aend;
	uint32_t *skey[2];	/* sorting scratch, npeople entries each */
	int32_t *swho[2];
	heap *member;		/* nc * m: members of cell c able to move to g2, at c * m + g2 */
	/* The valid top of each heap, kept in flat arrays so that a search
	 * reads one contiguous row per cell: key INF64 when the heap is
	 * empty. Stale entries are cleaned off a heap's top as soon as
	 * someone leaves (member) or is placed (avail). */
	int64_t *atop, *mtop;
	int32_t *awho, *mwho;
	int *cnt, *cap;		/* cell: members, most members */
	int *fT;		/* group: flow on group → T (size beyond its minimum) */
	int *absorbed;		/* group: flow on group → T* (at most its minimum) */
	long long Tneed, Trecv;	/* T → T*: owed, sent */
	int64_t *pi;		/* node potentials (phase 2) */
	int64_t *dist;
	int *parent;		/* node before on the search tree, -1: S */
	int32_t *via;		/* participant used by the arc into the node, or -1 */
	unsigned char *done;
	qent *q;		/* search queue, a binary heap */
	size_t qn, qcap;
	int *path;
} solver;

static inline int eff_rank(const solver *s, int p, int g)
{
	int r = s->pb->rank[(size_t)p * (size_t)s->m + (size_t)g];
	return r ? r : s->m + 1;
}

/* The seeded tie-break weight: splitmix64's finaliser over the seed and
 * the pair, top bits kept. Fixed arithmetic, the same on every platform. */
static uint32_t weight(uint64_t seed, int p, int g, uint32_t mask)
{
	uint64_t x = seed ^ ((uint64_t)(uint32_t)p * 0x9E3779B97F4A7C15ull) ^
		     ((uint64_t)(uint32_t)g * 0xC2B2AE3D27D4EB4Full);
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ull;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 31;
	return (uint32_t)(x >> 44) & mask;
}

static inline int64_t cost(const solver *s, int p, int g)
{
	int64_t r = eff_rank(s, p, g);
	return r * r * s->B + (int64_t)weight(s->pb->seed, p, g, s->wmask);
}

static bool has_rule(const assign_problem *pb)
{
	return pb->share_den > 0 && pb->nkinds > 0 && pb->kind;
}

/* Cells per group: one per kind plus one for "no kind" under a rule. */
static int cells_per_group(const assign_problem *pb)
{
	return has_rule(pb) ? pb->nkinds + 1 : 1;
}

/* Bits of tie-break weight that keep every figure of the search within
 * int64 (see the header comment), or -1 when even 0 bits do not. */
static int weight_bits(const assign_problem *pb)
{
	double m = pb->ngroups, n = pb->npeople > 0 ? pb->npeople : 1;
	double nodes = m * cells_per_group(pb) + m + 2;
	for (int bits = 20; bits >= 0; bits--) {
		double w = (double)(1u << bits);
		double maxc = (m + 1) * (m + 1) * n * w + w;
		if (16.0 * (nodes + 2) * maxc < 2305843009213693952.0 /* 2^61 */)
			return bits;
	}
	return -1;
}

/* ---- heap tops: the arcs of the compressed graph ---- */

/* Skips the placed participants at the head of cell c's run of unplaced
 * ones and records its new head. */
static void refresh_avail(solver *s, int c)
{
	size_t i = s->abeg[c];
	while (i < s->aend[c] && s->grp[s->aent[i].who] >= 0)
		i++;
	s->abeg[c] = i;
	s->atop[c] = i < s->aend[c] ? s->aent[i].key : INF64;
	s->awho[c] = i < s->aend[c] ? s->aent[i].who : -1;
}

/* The same for the heap of members of cell c able to move to g2. */
static void refresh_member(solver *s, int c, int g2)
{
	size_t i = (size_t)c * (size_t)s->m + (size_t)g2;
	heap *h = &s->member[i];
	while (h->n && s->stamp[h->e[0].who] != h->e[0].stamp)
		heap_pop(h);
	s->mtop[i] = h->n ? h->e[0].key : INF64;
	s->mwho[i] = h->n ? h->e[0].who : -1;
}

/* Records that participant p is now a member of cell c: one entry per
 * group it could move to. Phase 1 keys on the rank there (the arc exists
 * while the rank is <= R, and R only grows); phase 2 keys on the change of
 * cost, and only ranks <= R* are ever arcs. Entries p left in its former
 * cell's heaps become stale (its stamp changes); the caller refreshes
 * them. */
static void add_member(solver *s, int p, int c)
{
	int g = c / s->K;
	s->grp[p] = g;
	s->stamp[p]++;
	int64_t here = s->phase == 2 ? cost(s, p, g) : 0;
	for (int g2 = 0; g2 < s->m; g2++) {
		if (g2 == g)
			continue;
		int r = eff_rank(s, p, g2);
		if (s->phase == 2 && r > s->R)
			continue;
		hent e = {s->phase == 2 ? cost(s, p, g2) - here : r, p, s->stamp[p]};
		size_t i = (size_t)c * (size_t)s->m + (size_t)g2;
		heap_push(&s->member[i], e);
		s->mtop[i] = s->member[i].e[0].key;	/* old top was valid: so is the new */
		s->mwho[i] = s->member[i].e[0].who;
	}
}

/* Participant p, just placed, leaves the heaps of unplaced ones. */
static void placed(solver *s, int p)
{
	for (int g = 0; g < s->m; g++) {
		int c = g * s->K + s->kcell[p];
		if (s->awho[c] == p)
			refresh_avail(s, c);
	}
}

/* Participant q, just moved out of cell c, leaves that cell's heaps. */
static void left(solver *s, int q, int c)
{
	for (int g2 = 0; g2 < s->m; g2++)
		if (s->mwho[(size_t)c * (size_t)s->m + (size_t)g2] == q)
			refresh_member(s, c, g2);
}

/* ---- the search ---- */

static void q_push(solver *s, int64_t d, int v)
{
	if (s->qn == s->qcap) {
		s->qcap *= 2;
		s->q = mem_realloc(s->q, s->qcap * sizeof *s->q);
	}
	size_t i = s->qn++;
	qent e = {d, v};
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		qent *pe = &s->q[parent];
		if (pe->d < d || (pe->d == d && pe->v > v))
			break;
		s->q[i] = *pe;
		i = parent;
	}
	s->q[i] = e;
}

static qent q_pop(solver *s)
{
	qent top = s->q[0], v = s->q[--s->qn];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= s->qn)
			break;
		if (c + 1 < s->qn && (s->q[c + 1].d < s->q[c].d ||
				      (s->q[c + 1].d == s->q[c].d && s->q[c + 1].v > s->q[c].v)))
			c++;
		if (v.d < s->q[c].d || (v.d == s->q[c].d && v.v > s->q[c].v))
			break;
		s->q[i] = s->q[c];
		i = c;
	}
	if (s->qn)
		s->q[i] = v;
	return top;
}

/* Offers node v distance d through arc u → v (using participant who). */
static inline void relax(solver *s, int u, int v, int64_t d, int32_t who)
{
	if (d < s->dist[v]) {
		s->dist[v] = d;
		s->parent[v] = u;
		s->via[v] = who;
		q_push(s, d, v);
	}
}

/* Reduced cost of an arc of cost c from u to v. Never negative: that is
 * the invariant the potentials keep. Phase 1 needs only some path: it
 * counts the cells entered, so that it finds one with few moves and
 * follows a group's free way to T* before expanding more cells. */
static inline int64_t reduced(const solver *s, int64_t c, int u, int v)
{
	if (s->phase == 1)
		return v < s->nc;
	int64_t rc = c + s->pi[u] - s->pi[v];
	assert(rc >= 0);
	return rc;
}

/* Dijkstra from S over the compressed residual graph, stopped when T* is
 * settled. True when T* was reached (an augmenting path exists). */
static bool search(solver *s)
{
	for (int v = 0; v < s->nv; v++) {
		s->dist[v] = INF64;
		s->done[v] = 0;
	}
	s->qn = 0;
	const int m = s->m, K = s->K, nc = s->nc;
	const int64_t limit = s->phase == 1 ? s->R : INF64 - 1;
	for (int c = 0; c < nc; c++) {
		if (s->atop[c] <= limit) {
			int64_t d = s->phase == 2 ? s->atop[c] - s->pi[c] : 1;
			assert(d >= 0);
			relax(s, -1, c, d, s->awho[c]);
		}
	}
	while (s->qn) {
		/* phase 1 wants any path: done as soon as T* has a label */
		if (s->phase == 1 && s->dist[s->node_Tstar] != INF64)
			return true;
		qent e = q_pop(s);
		int u = e.v;
		if (s->done[u] || e.d != s->dist[u])
			continue;
		s->done[u] = 1;
		int64_t du = e.d;
		if (u == s->node_Tstar)
			return true;
		if (u < nc) {
			/* a cell: move one of its members elsewhere, or enter the group */
			int g = u / K, k = u % K;
			const int64_t *top = s->mtop + (size_t)u * (size_t)m;
			for (int g2 = 0; g2 < m; g2++) {
				int v = g2 * K + k;
				if (top[g2] > limit || s->done[v])
					continue;
				assert(g2 != g);
				relax(s, u, v, du + reduced(s, top[g2], u, v),
				      s->mwho[(size_t)u * (size_t)m + (size_t)g2]);
			}
			if (s->cnt[u] < s->cap[u])
				relax(s, u, nc + g, du + reduced(s, 0, u, nc + g), -1);
		} else if (u < nc + m) {
			/* a group: take someone out of one of its cells, or send on */
			int g = u - nc;
			for (int k = 0; k < K; k++) {
				int c = g * K + k;
				if (s->cnt[c] > 0 && !s->done[c])
					relax(s, u, c, du + reduced(s, 0, u, c), -1);
			}
			if (s->fT[g] < s->maxsz[g] - s->minsz[g] && !s->done[s->node_T])
				relax(s, u, s->node_T, du + reduced(s, 0, u, s->node_T), -1);
			if (s->absorbed[g] < s->minsz[g])
				relax(s, u, s->node_Tstar, du + reduced(s, 0, u, s->node_Tstar), -1);
		} else {
			/* T: a group above its minimum gives back a unit, or T* is owed */
			for (int g = 0; g < m; g++)
				if (s->fT[g] > 0 && !s->done[nc + g])
					relax(s, u, nc + g, du + reduced(s, 0, u, nc + g), -1);
			if (s->Trecv < s->Tneed)
				relax(s, u, s->node_Tstar, du + reduced(s, 0, u, s->node_Tstar), -1);
		}
	}
	return false;
}

/* Pushes one unit along the path the last search found, then (phase 2)
 * raises the potentials. */
static void augment(solver *s)
{
	int len = 0;
	for (int v = s->node_Tstar; v != -1; v = s->parent[v])
		s->path[len++] = v;
	for (int i = 0, j = len - 1; i < j; i++, j--) {
		int t = s->path[i];
		s->path[i] = s->path[j];
		s->path[j] = t;
	}
	const int nc = s->nc, T = s->node_T, Ts = s->node_Tstar;
	int first = s->path[0];
	assert(first < nc);
	s->cnt[first]++;
	add_member(s, s->via[first], first);
	placed(s, s->via[first]);
	for (int i = 0; i + 1 < len; i++) {
		int u = s->path[i], v = s->path[i + 1];
		if (u < nc && v < nc) {
			/* via[v] moves from cell u to cell v */
			s->cnt[u]--;
			s->cnt[v]++;
			add_member(s, s->via[v], v);
			left(s, s->via[v], u);
		} else if (u >= nc && u < nc + s->m && v == T) {
			s->fT[u - nc]++;
		} else if (u == T && v >= nc && v < nc + s->m) {
			s->fT[v - nc]--;
		} else if (v == Ts) {
			if (u == T)
				s->Trecv++;
			else
				s->absorbed[u - nc]++;
		}
		/* cell → group and group → cell change only the counts above */
	}
	if (s->phase == 2) {
		int64_t D = s->dist[Ts];
		for (int v = 0; v < s->nv; v++)
			s->pi[v] += s->done[v] ? s->dist[v] : D;
	}
}

/* Sorts key[0..n) with who[] alongside, by key then by position (a
 * stable LSD radix sort on the low `bits` bits, 11 at a time); the result
 * ends in key[0] / who[0], the [1] arrays are scratch. */
static void radix_sort(uint32_t *key[2], int32_t *who[2], size_t n, int bits)
{
	int from = 0;
	for (int shift = 0; shift < bits; shift += 11) {
		size_t count[2049] = {0};
		for (size_t i = 0; i < n; i++)
			count[((key[from][i] >> shift) & 2047) + 1]++;
		for (int d = 0; d < 2048; d++)
			count[d + 1] += count[d];
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(key[from][i] >> shift) & 2047]++;
			key[!from][at] = key[from][i];
			who[!from][at] = who[from][i];
		}
		from = !from;
	}
	if (from) {
		memcpy(key[0], key[1], n * sizeof *key[0]);
		memcpy(who[0], who[1], n * sizeof *who[0]);
	}
}

static int bit_length(uint32_t x)
{
	int b = 0;
	while (x) {
		b++;
		x >>= 1;
	}
	return b;
}

/* Empties the flow and lays out the runs of unplaced participants for a
 * phase: phase 1 keeps every (participant, group) pair, keyed by rank (R
 * grows); phase 2 the pairs of rank <= R, keyed by cost. A pair's cost
 * orders as (rank, weight), which fits a 32-bit sort key. */
static void start_phase(solver *s, int phase, int R)
{
	const int n = s->n, m = s->m, K = s->K, nc = s->nc;
	s->phase = phase;
	s->R = R;
	for (int p = 0; p < n; p++)
		s->grp[p] = -1;
	for (size_t i = 0; i < (size_t)nc * (size_t)m; i++) {
		s->member[i].n = 0;
		s->mtop[i] = INF64;
		s->mwho[i] = -1;
	}
	for (int c = 0; c < nc; c++) {
		s->cnt[c] = 0;
		s->aend[c] = 0;
	}
	for (int g = 0; g < m; g++)
		s->fT[g] = s->absorbed[g] = 0;
	s->Trecv = 0;
	for (int v = 0; v < s->nv; v++)
		s->pi[v] = 0;

	int limit = phase == 1 ? m + 1 : R;
	for (int p = 0; p < n; p++)
		for (int g = 0; g < m; g++)
			if (eff_rank(s, p, g) <= limit)
				s->aend[g * K + s->kcell[p]]++;
	size_t total = 0;
	for (int c = 0; c < nc; c++) {
		size_t len = s->aend[c];
		s->abeg[c] = s->aend[c] = total;	/* aend is the write cursor */
		total += len;
	}
	if (total > s->acap) {
		free(s->aent);
		s->aent = mem_alloc(total * sizeof *s->aent);
		s->acap = total;
	}
	int wbits = phase == 2 ? bit_length(s->wmask) : 0;
	int bits = bit_length((uint32_t)limit) + wbits;
	for (int g = 0; g < m; g++) {
		size_t len = 0;
		for (int p = 0; p < n; p++) {
			int r = eff_rank(s, p, g);
			if (r > limit)
				continue;
			s->skey[0][len] = (uint32_t)r << wbits |
					  (phase == 2 ? weight(s->pb->seed, p, g, s->wmask) : 0);
			s->swho[0][len++] = p;
		}
		radix_sort(s->skey, s->swho, len, bits);
		for (size_t i = 0; i < len; i++) {
			int p = s->swho[0][i], c = g * K + s->kcell[p];
			int64_t r = s->skey[0][i] >> wbits, w = s->skey[0][i] & s->wmask;
			s->aent[s->aend[c]++] = (hent){phase == 2 ? r * r * s->B + w : r, p, 0};
		}
	}
	for (int c = 0; c < nc; c++)
		refresh_avail(s, c);
}

/* ---- checks and messages ---- */

static const char *group_label(arena *a, const assign_problem *pb, int g)
{
	if (pb->group_name && pb->group_name[g])
		return arena_printf(a, "group '%s'", pb->group_name[g]);
	return arena_printf(a, "group %d", g + 1);
}

static const char *kind_label(arena *a, const assign_problem *pb, int k)
{
	if (pb->kind_name && pb->kind_name[k])
		return arena_printf(a, "kind '%s'", pb->kind_name[k]);
	return arena_printf(a, "kind %d", k);
}

static assign_status fail(assign_result *res, assign_status st, assign_why why, int group,
			  int kind, long long a_, long long b_, const char *reason)
{
	res->status = st;
	res->why = why;
	res->group = group;
	res->kind = kind;
	res->a = a_;
	res->b = b_;
	res->reason = reason;
	return st;
}

static int min_of(const assign_problem *pb, int g)
{
	return pb->min_size ? pb->min_size[g] : 0;
}

static int max_of(const assign_problem *pb, int g)
{
	return pb->max_size ? pb->max_size[g] : pb->npeople;
}

int assign_kind_cap(const assign_problem *pb, int g)
{
	if (!has_rule(pb))
		return -1;
	return (int)((long long)pb->share_num * max_of(pb, g) / pb->share_den);
}

uint32_t assign_tiebreak(const assign_problem *pb, int p, int g)
{
	int bits = weight_bits(pb);
	if (bits < 0)
		return 0;
	return weight(pb->seed, p, g, (uint32_t)((1u << bits) - 1));
}

/* Checks the contract of assign.h; ASSIGN_OK or ASSIGN_INVALID with the
 * reason. */
static assign_status check_input(arena *a, const assign_problem *pb, assign_result *res)
{
#define BAD(g, k, ...) fail(res, ASSIGN_INVALID, ASSIGN_WHY_INPUT, g, k, 0, 0, arena_printf(a, __VA_ARGS__))
	if (pb->npeople < 0 || pb->npeople > ASSIGN_MAX_PEOPLE)
		return BAD(-1, -1, "%d participants: from 0 to %d are possible", pb->npeople,
			   ASSIGN_MAX_PEOPLE);
	if (pb->ngroups < 1 || pb->ngroups > ASSIGN_MAX_GROUPS)
		return BAD(-1, -1, "%d groups: from 1 to %d are possible", pb->ngroups,
			   ASSIGN_MAX_GROUPS);
	if ((long long)pb->npeople * pb->ngroups > ASSIGN_MAX_RANKS)
		return BAD(-1, -1, "%d participants × %d groups: at most %d ranks are possible",
			   pb->npeople, pb->ngroups, ASSIGN_MAX_RANKS);
	if (pb->nkinds < 0 || pb->nkinds > ASSIGN_MAX_KINDS)
		return BAD(-1, -1, "%d kinds: from 0 to %d are possible", pb->nkinds, ASSIGN_MAX_KINDS);
	if (pb->share_den < 0 || (pb->share_den > 0 && pb->share_num < 0))
		return BAD(-1, -1, "the diversity share %d/%d is not a fraction >= 0", pb->share_num,
			   pb->share_den);
	if (pb->npeople > 0 && !pb->rank)
		return BAD(-1, -1, "no rank matrix");
	size_t cells = (size_t)pb->ngroups * (size_t)cells_per_group(pb) * (size_t)pb->ngroups;
	if (cells > ((size_t)1 << 22))
		return BAD(-1, -1, "%d groups with %d kinds are too many to solve", pb->ngroups,
			   pb->nkinds);
	if (weight_bits(pb) < 0)
		return BAD(-1, -1, "the problem is too large for 64-bit costs");
	for (int g = 0; g < pb->ngroups; g++) {
		if (min_of(pb, g) < 0)
			return BAD(g, -1, "%s: minimum size %d is negative", group_label(a, pb, g),
				   min_of(pb, g));
		if (max_of(pb, g) < min_of(pb, g))
			return BAD(g, -1, "%s: maximum size %d is below its minimum %d",
				   group_label(a, pb, g), max_of(pb, g), min_of(pb, g));
	}
	for (int p = 0; p < pb->npeople; p++) {
		for (int g = 0; g < pb->ngroups; g++) {
			int r = pb->rank[(size_t)p * (size_t)pb->ngroups + (size_t)g];
			if (r < 0 || r > pb->ngroups)
				return BAD(g, -1, "participant %d, %s: rank %d is not from 0 to %d", p + 1,
					   group_label(a, pb, g), r, pb->ngroups);
		}
		if (pb->kind && (pb->kind[p] < -1 || pb->kind[p] >= pb->nkinds))
			return BAD(-1, -1, "participant %d: kind %d is not from -1 to %d", p + 1,
				   pb->kind[p], pb->nkinds - 1);
	}
	return ASSIGN_OK;
#undef BAD
}

/* The infeasibilities that have a single culprit (see assign.h). */
static assign_status check_feasible(arena *a, const assign_problem *pb, assign_result *res)
{
	long long sum_min = 0, sum_max = 0;
	for (int g = 0; g < pb->ngroups; g++) {
		sum_min += min_of(pb, g);
		sum_max += max_of(pb, g);
	}
	if (sum_min > pb->npeople)
		return fail(res, ASSIGN_INFEASIBLE, ASSIGN_WHY_MIN_TOTAL, -1, -1, sum_min, pb->npeople,
			    arena_printf(a, "the groups' minimum sizes add up to %lld, more than the %d participants",
					 sum_min, pb->npeople));
	if (sum_max < pb->npeople)
		return fail(res, ASSIGN_INFEASIBLE, ASSIGN_WHY_MAX_TOTAL, -1, -1, sum_max, pb->npeople,
			    arena_printf(a, "the groups' maximum sizes add up to %lld, fewer than the %d participants",
					 sum_max, pb->npeople));
	if (!has_rule(pb))
		return ASSIGN_OK;
	long long *of_kind = arena_zalloc(a, (size_t)(pb->nkinds + 1) * sizeof *of_kind);
	for (int p = 0; p < pb->npeople; p++)
		of_kind[pb->kind[p] < 0 ? pb->nkinds : pb->kind[p]]++;
	for (int k = 0; k < pb->nkinds; k++) {
		long long room = 0;
		for (int g = 0; g < pb->ngroups; g++) {
			int cap = assign_kind_cap(pb, g);
			room += cap < max_of(pb, g) ? cap : max_of(pb, g);
		}
		if (of_kind[k] > room)
			return fail(res, ASSIGN_INFEASIBLE, ASSIGN_WHY_KIND_TOTAL, -1, k, of_kind[k], room,
				    arena_printf(a, "%lld participants are of %s, but the diversity rule leaves "
						    "room for %lld of one kind in all the groups together",
						 of_kind[k], kind_label(a, pb, k), room));
	}
	for (int g = 0; g < pb->ngroups; g++) {
		long long cap = assign_kind_cap(pb, g), room = of_kind[pb->nkinds];
		for (int k = 0; k < pb->nkinds; k++)
			room += of_kind[k] < cap ? of_kind[k] : cap;
		if (min_of(pb, g) > room)
			return fail(res, ASSIGN_INFEASIBLE, ASSIGN_WHY_GROUP_MIN, g, -1, min_of(pb, g), room,
				    arena_printf(a, "%s needs at least %d participants, but the diversity rule "
						    "(at most %lld of one kind there) lets in at most %lld",
						 group_label(a, pb, g), min_of(pb, g), cap, room));
	}
	return ASSIGN_OK;
}

/* ---- entry point ---- */

assign_status assign_solve(arena *a, const assign_problem *pb, assign_result *res)
{
	memset(res, 0, sizeof *res);
	res->group = res->kind = -1;
	res->reason = "";
	if (check_input(a, pb, res) != ASSIGN_OK || check_feasible(a, pb, res) != ASSIGN_OK)
		return res->status;

	solver sv = {0}, *s = &sv;
	s->pb = pb;
	s->n = pb->npeople;
	s->m = pb->ngroups;
	s->K = cells_per_group(pb);
	s->nc = s->m * s->K;
	s->node_T = s->nc + s->m;
	s->node_Tstar = s->node_T + 1;
	s->nv = s->node_Tstar + 1;
	int bits = weight_bits(pb);
	s->wmask = (uint32_t)((1u << bits) - 1);
	s->B = (int64_t)(s->n > 0 ? s->n : 1) << bits;
	arena *w = arena_new();	/* working memory, freed below */
	int *minsz = arena_alloc(w, (size_t)s->m * sizeof *minsz);
	int *maxsz = arena_alloc(w, (size_t)s->m * sizeof *maxsz);
	long long sum_min = 0;
	for (int g = 0; g < s->m; g++) {
		minsz[g] = min_of(pb, g);
		maxsz[g] = max_of(pb, g);
		sum_min += minsz[g];
	}
	s->minsz = minsz;
	s->maxsz = maxsz;
	s->Tneed = s->n - sum_min;
	s->kcell = arena_alloc(w, ((size_t)s->n + 1) * sizeof *s->kcell);
	for (int p = 0; p < s->n; p++)
		s->kcell[p] = !has_rule(pb) ? 0 : pb->kind[p] < 0 ? pb->nkinds : pb->kind[p];
	s->grp = arena_alloc(w, ((size_t)s->n + 1) * sizeof *s->grp);
	s->stamp = arena_zalloc(w, ((size_t)s->n + 1) * sizeof *s->stamp);
	s->abeg = arena_alloc(w, (size_t)s->nc * sizeof *s->abeg);
	s->aend = arena_alloc(w, (size_t)s->nc * sizeof *s->aend);
	for (int i = 0; i < 2; i++) {
		s->skey[i] = arena_alloc(w, ((size_t)s->n + 1) * sizeof *s->skey[i]);
		s->swho[i] = arena_alloc(w, ((size_t)s->n + 1) * sizeof *s->swho[i]);
	}
	s->member = arena_zalloc(w, (size_t)s->nc * (size_t)s->m * sizeof *s->member);
	s->atop = arena_alloc(w, (size_t)s->nc * sizeof *s->atop);
	s->awho = arena_alloc(w, (size_t)s->nc * sizeof *s->awho);
	s->mtop = arena_alloc(w, (size_t)s->nc * (size_t)s->m * sizeof *s->mtop);
	s->mwho = arena_alloc(w, (size_t)s->nc * (size_t)s->m * sizeof *s->mwho);
	s->cnt = arena_zalloc(w, (size_t)s->nc * sizeof *s->cnt);
	s->cap = arena_alloc(w, (size_t)s->nc * sizeof *s->cap);
	for (int c = 0; c < s->nc; c++) {
		int g = c / s->K, k = c % s->K;
		s->cap[c] = has_rule(pb) && k < pb->nkinds ? assign_kind_cap(pb, g) : INT_MAX;
	}
	s->fT = arena_zalloc(w, (size_t)s->m * sizeof *s->fT);
	s->absorbed = arena_zalloc(w, (size_t)s->m * sizeof *s->absorbed);
	s->pi = arena_zalloc(w, (size_t)s->nv * sizeof *s->pi);
	s->dist = arena_alloc(w, (size_t)s->nv * sizeof *s->dist);
	s->parent = arena_alloc(w, (size_t)s->nv * sizeof *s->parent);
	s->via = arena_alloc(w, (size_t)s->nv * sizeof *s->via);
	s->done = arena_alloc(w, (size_t)s->nv);
	s->path = arena_alloc(w, (size_t)s->nv * sizeof *s->path);
	s->qcap = (size_t)s->nv * 4 + 64;
	s->q = mem_alloc(s->qcap * sizeof *s->q);

	/* Phase 1: the smallest feasible worst rank, from the largest of
	 * everyone's best rank (no assignment can do better). */
	int R = 1;
	for (int p = 0; p < s->n; p++) {
		int best = s->m + 1;
		for (int g = 0; g < s->m; g++) {
			int r = eff_rank(s, p, g);
			if (r < best)
				best = r;
		}
		if (best > R)
			R = best;
	}
	start_phase(s, 1, R);
	bool feasible = true;
	for (int placed = 0; placed < s->n;) {
		if (search(s)) {
			augment(s);
			placed++;
		} else if (R <= s->m) {
			s->R = ++R;
		} else {
			feasible = false;
			break;
		}
	}
	if (feasible) {
		/* Phase 2: least cost among assignments of worst rank <= R. */
		start_phase(s, 2, R);
		for (int placed = 0; placed < s->n; placed++) {
			bool found = search(s);
			assert(found);	/* phase 1 proved a full assignment exists */
			if (!found) {
				feasible = false;
				break;
			}
			augment(s);
		}
	}

	if (!feasible) {
		/* Past every rank, only the rule can be at fault: without it any
		 * sizes passing check_feasible have an assignment. */
		assert(has_rule(pb));
		fail(res, ASSIGN_INFEASIBLE, ASSIGN_WHY_DIVERSITY, -1, -1, 0, 0,
		     arena_printf(a, "the diversity rule (at most %d/%d of a group's maximum size of one "
				     "kind) cannot be met together with the groups' minimum and maximum sizes",
				  pb->share_num, pb->share_den));
	} else {
		res->status = ASSIGN_OK;
		res->why = ASSIGN_WHY_NONE;
		res->group_of = arena_alloc(a, ((size_t)s->n + 1) * sizeof *res->group_of);
		res->rank_got = arena_alloc(a, ((size_t)s->n + 1) * sizeof *res->rank_got);
		res->size = arena_zalloc(a, (size_t)s->m * sizeof *res->size);
		res->count = arena_zalloc(a, ((size_t)s->m + 2) * sizeof *res->count);
		for (int p = 0; p < s->n; p++) {
			int g = s->grp[p], r = eff_rank(s, p, g);
			assert(g >= 0 && r <= R);
			res->group_of[p] = g;
			res->rank_got[p] = (int16_t)r;
			res->size[g]++;
			res->count[r]++;
			res->sum_squares += (long long)r * r;
			if (r > res->worst)
				res->worst = r;
		}
		for (int g = 0; g < s->m; g++)
			assert(res->size[g] >= minsz[g] && res->size[g] <= maxsz[g]);
	}

	free(s->q);
	free(s->aent);
	for (size_t i = 0; i < (size_t)s->nc * (size_t)s->m; i++)
		free(s->member[i].e);
	arena_free(w);
	return res->status;
}
