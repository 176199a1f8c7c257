#!/usr/bin/env python3
"""opinion_ref.py — the opinion map of DESIGN.md section 5 written with NumPy,
SciPy and scikit-learn, the way a data scientist would, to time fabrique's C
engine (src/engines/opinion.c) against it on the same votes. Run by
bench/opinion.sh; alone:

    python3 bench/opinion_ref.py VOTES_FILE [RUNS]

VOTES_FILE is written by bench/opinion_bench.c (OPINION_BENCH_DATA; format in
its header comment). When VOTES_FILE with ".votes" replaced by ".cgroups"
exists (the C engine's groups on the same votes), the adjusted Rand index
between the two maps' groups is printed too.

The pipeline, the same steps as the engine:
  1. clustered participants: at least min(7, C') votes, else the heaviest
     voters up to 15;
  2. each statement centred on the mean of its observed votes, as a
     scipy.sparse CSR matrix (missing = 0 once centred); PCA with 2
     components = the top 2 right singular vectors of that matrix
     (scipy.sparse.linalg.svds, ARPACK: faster here than sklearn's
     TruncatedSVD, whose randomized default is also less exact); each
     component's sign fixed so that its largest-magnitude loading is
     positive;
  3. projections sqrt(C'/n_i) · X_i · [pc1 pc2];
  4. base clusters: sklearn KMeans, k = min(100, clustered), one start
     (n_init=1, like the engine; sklearn's default of 10 would do ten times
     the work), otherwise its defaults (k-means++, tol 1e-4); groups: KMeans
     of the base centres weighted by their sizes, one start (the engine
     tries 8 more; sklearn's fixed cost per start would make the reference
     slower for nothing), for k = 2 .. min(5, 2 + nbase // 12), keeping the
     best silhouette
     computed on the base centres weighted by their sizes (sklearn's
     silhouette_score takes no weights, so it is written here with NumPy:
     a 100 × 100 distance matrix);
  5. per group and statement counts (np.bincount), representativeness,
     consensus, group-informed consensus, divisiveness, extremity and
     priority, vectorised over groups × statements.
Only the pipeline is timed (from the vote arrays in memory to the last
figure), not the imports nor reading the file; the median of RUNS runs
(default 1). Peak memory is the process's ru_maxrss after the first run
(later runs raise it further with what the allocator keeps, which is not the
pipeline's need); the resident size just before the first run (Python, the
libraries and the votes) is printed beside it. NumPy and scikit-learn use
every core they find.

Output:
    ref NAME MS ms runs MS1 MS2 ...
      G groups (silhouette S), ARI vs planted A[, vs the C engine's groups B]
      peak RSS X MB after the first run (Y MB before it; Z MB after all RUNS)
"""
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import svds
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, pairwise_distances

Z90 = 1.2816
MAX_GROUPS = 5
MAX_REPNESS = 5


def load(path):
    """Reads a votes file of opinion_bench.c."""
    with open(path, "rb") as f:
        head = f.read(40)
    if head[:8] != b"FABOPIN1":
        sys.exit(f"opinion_ref: {path} is not a votes file")
    P, C = np.frombuffer(head, "<i4", 2, 8)
    (n,) = np.frombuffer(head, "<i8", 1, 16)
    (seed,) = np.frombuffer(head, "<u8", 1, 24)
    P, C, n = int(P), int(C), int(n)
    off = 40
    part = np.fromfile(path, "<i4", n, offset=off)
    off += 4 * n
    stmt = np.fromfile(path, "<i4", n, offset=off)
    off += 4 * n
    val = np.fromfile(path, "<i1", n, offset=off)
    off += n
    planted = np.fromfile(path, "<i4", P, offset=off)
    return P, C, part, stmt, val, int(seed), planted


def two_prop_z(s1, s2, n1, n2):
    """Two-proportion z-test of s1/n1 against s2/n2 (arrays, already +1)."""
    p1, p2 = s1 / n1, s2 / n2
    pi = (s1 + s2) / (n1 + n2)
    den = np.sqrt(pi * (1 - pi) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / den
    return np.where(den > 0, z, 0.0)


def prop_z(s, n):
    """The probability test: 2·sqrt(n+1)·((s+1)/(n+1) − 1/2)."""
    return 2 * np.sqrt(n + 1) * ((s + 1) / (n + 1) - 0.5)


def weighted_silhouette(d, labels, w):
    """Silhouette of points with weights w (w_i points at the same place),
    from their distance matrix d; the weighted mean of every point's."""
    k = labels.max() + 1
    member = np.zeros((len(w), k))
    member[np.arange(len(w)), labels] = w
    tot = member.sum(axis=0)  # weight of each cluster
    sums = d @ member  # Σ_j w_j d_ij per cluster
    own = tot[labels] - w  # the point's own cluster without itself
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = sums / tot
        a = sums[np.arange(len(w)), labels] / own
    mean[np.arange(len(w)), labels] = np.inf
    b = mean.min(axis=1)
    s = np.where(own > 0, (b - a) / np.maximum(a, b), 0.0)
    s = np.nan_to_num(s)
    return float((s * w).sum() / w.sum())


def opinion_map(P, C, part, stmt, val, seed, excluded=None):
    """The whole pipeline; returns a dict of its results."""
    if excluded is not None and excluded.any():
        keep = ~excluded[stmt]
        part, stmt, val = part[keep], stmt[keep], val[keep]
    Cp = C - (int(excluded.sum()) if excluded is not None else 0)

    # 1. clustered participants
    n_i = np.bincount(part, minlength=P)
    clustered = n_i >= min(7, Cp)
    if clustered.sum() < 15:
        order = np.lexsort((np.arange(P), -n_i))  # heaviest, then lower index
        order = order[n_i[order] > 0][:15]
        clustered[order] = True

    # 2. centred sparse matrix, PCA
    vf = val.astype(np.float64)
    cnt_j = np.bincount(stmt, minlength=C)
    mu = np.bincount(stmt, weights=vf, minlength=C)
    np.divide(mu, cnt_j, out=mu, where=cnt_j > 0)
    X = sp.csr_matrix((vf - mu[stmt], (part, stmt)), shape=(P, C))
    _, sv, vt = svds(X, k=2)  # ARPACK; singular values ascending
    pcs = vt[np.argsort(-sv)]  # 2 × C
    big = np.abs(pcs).argmax(axis=1)
    pcs *= np.sign(pcs[np.arange(2), big])[:, None]

    # 3. projections
    proj = X @ pcs.T  # P × 2
    scale = np.zeros(P)
    np.sqrt(Cp / n_i, out=scale, where=n_i > 0)
    proj *= scale[:, None]

    # 4. base clusters, then groups
    idx = np.flatnonzero(clustered)
    kb = min(100, len(idx))
    base = KMeans(n_clusters=kb, n_init=1, random_state=seed & 0xFFFFFFFF).fit(proj[idx])
    base_size = np.bincount(base.labels_, minlength=kb)
    live = base_size > 0
    centres, sizes = base.cluster_centers_[live], base_size[live].astype(np.float64)
    renum = np.cumsum(live) - 1
    base_of = renum[base.labels_]
    nbase = len(sizes)
    d = pairwise_distances(centres)
    best = None
    silhouette = {}
    for k in range(2, min(MAX_GROUPS, 2 + nbase // 12) + 1):
        if k > nbase:
            break
        # one start: the engine tries 8 more k-means++ starts here, but
        # sklearn spends some 15 ms per start even on 100 points, which
        # would weigh on the reference for a step that costs nothing
        km = KMeans(n_clusters=k, n_init=1, random_state=seed & 0xFFFFFFFF)
        km.fit(centres, sample_weight=sizes)
        s = weighted_silhouette(d, km.labels_, sizes)
        silhouette[k] = s
        if best is None or s > silhouette[best[0]]:
            best = (k, km.labels_)
    group = np.full(P, -1)
    G = 0
    if best is not None:
        G = best[0]
        group[idx] = best[1][base_of]

    # 5. counts: one bincount over (group + 1, statement, vote) codes for
    # the groups (row 0: in no group), one over (statement, vote) for all
    code = val.astype(np.int64) + 1  # 0 disagree, 1 pass, 2 agree
    sc = stmt * 3 + code
    by_g = np.bincount((group[part] + 1) * (3 * C) + sc, minlength=(G + 1) * 3 * C)
    by_g = by_g.reshape(G + 1, C, 3)[1:].astype(np.float64)
    nd, na = by_g[:, :, 0], by_g[:, :, 2]
    ns = by_g.sum(axis=2)
    if G:  # the groups partition the clustered participants
        D_c, A_c, S_c = nd.sum(axis=0), na.sum(axis=0), ns.sum(axis=0)
    else:
        c = np.bincount(sc[clustered[part]], minlength=3 * C).reshape(C, 3)
        D_c, A_c, S_c = c[:, 0], c[:, 2], c.sum(axis=1)
    every = np.bincount(sc, minlength=3 * C).reshape(C, 3).astype(np.float64)
    A, Pass, S = every[:, 2], every[:, 1], every.sum(axis=1)

    # representativeness, each way, groups × statements
    reps = []
    if G:
        ways = []
        for n_for, tot in ((na, A_c), (nd, D_c)):
            rest, ns_rest = tot - n_for, S_c - ns
            p = (n_for + 1) / (ns + 2)
            pz = prop_z(n_for, ns)
            r = p / ((1 + rest) / (2 + ns_rest))
            rz = two_prop_z(n_for + 1, rest + 1, ns + 1, ns_rest + 1)
            metric = r * rz * p * pz
            ok = (rz > Z90) & (pz > Z90)
            ways.append(np.where(ok, metric, -np.inf))
        way_agree = ways[0] >= ways[1]
        metric = np.maximum(ways[0], ways[1])
        for g in range(G):
            top = np.argsort(-metric[g], kind="stable")[:MAX_REPNESS]
            reps.append([(int(j), bool(way_agree[g, j])) for j in top if np.isfinite(metric[g, j])])

    # consensus over the clustered participants, at most 5 each way
    consensus = []
    for n_for, way in ((A_c, 1), (D_c, 0)):
        p = (n_for + 1) / (S_c + 2)
        pz = prop_z(n_for, S_c)
        score = np.where((p > 0.5) & (pz > Z90), p * pz, -np.inf)
        top = np.argsort(-score, kind="stable")[:5]
        consensus += [(int(j), way) for j in top if np.isfinite(score[j])]

    # group-informed consensus, divisiveness
    share = (na + 1) / (ns + 2)
    gac = share.prod(axis=0) if G else np.full(C, np.nan)
    divisive = share.max(axis=0) - share.min(axis=0) if G >= 2 else np.zeros(C)

    # extremity and priority
    ext = np.sqrt(Cp) * np.abs(1 - mu) * np.sqrt((pcs**2).sum(axis=0))
    importance = (1 - (Pass + 1) / (S + 2)) * (ext + 1) * (A + 1) / (S + 2)
    priority = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2
    if excluded is not None:
        for a in (ext, priority, gac):
            a[excluded] = np.nan if a is gac else 0

    return {
        "group": group,
        "ngroups": G,
        "silhouette": silhouette,
        "x": proj[:, 0],
        "y": proj[:, 1],
        "reps": reps,
        "consensus": consensus,
        "gac": gac,
        "divisive": divisive,
        "priority": priority,
    }


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: opinion_ref.py VOTES_FILE [RUNS]")
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) == 3 else 1
    name = os.path.basename(path).removeprefix("opinion-").removesuffix(".votes")
    P, C, part, stmt, val, seed, planted = load(path)
    before = rss_mb()
    times, res, peak = [], None, None
    for _ in range(runs):
        res = None  # the previous run's result is not kept during the next
        t0 = time.perf_counter()
        res = opinion_map(P, C, part, stmt, val, seed)
        times.append((time.perf_counter() - t0) * 1e3)
        if peak is None:  # later runs only add the allocator's leftovers
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ms = sorted(times)[len(times) // 2]
    peak_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    group = res["group"]
    m = group >= 0
    ari = adjusted_rand_score(planted[m], group[m])
    line = f"  {res['ngroups']} groups"
    if res["ngroups"]:
        line += f" (silhouette {res['silhouette'][res['ngroups']]:.3f})"
    line += f", ARI vs planted {ari:.3f}"
    cpath = path[: -len(".votes")] + ".cgroups" if path.endswith(".votes") else None
    if cpath and os.path.exists(cpath):
        cg = np.fromfile(cpath, "<i4")
        if len(cg) == P:
            both = m & (cg >= 0)
            if both.sum() >= 2:
                line += f", vs the C engine's groups {adjusted_rand_score(cg[both], group[both]):.3f}"
    print(f"ref {name} {ms:.1f} ms runs " + " ".join(f"{t:.1f}" for t in times))
    print(line)
    print(
        f"  peak RSS {peak:.1f} MB after the first run ({before:.1f} MB before it; "
        f"{peak_all:.1f} MB after all {runs})"
    )


if __name__ == "__main__":
    main()
