#!/usr/bin/env bash
# bench/opinion.sh — the opinion map's engine (src/engines/opinion.c) against
# the same pipeline written with NumPy, SciPy and scikit-learn
# (bench/opinion_ref.py), side by side on the same votes, for DESIGN.md
# section 7: "≥ 20× faster than a NumPy/scikit-learn reference run side by
# side". Run by `make bench` after bench/engines.sh.
#
# 1. bench/opinion_bench.c is built and run through bench/engines.sh
#    (BENCH_ONLY=opinion, so it is compiled exactly like the other engine
#    benchmarks) with OPINION_BENCH_DATA set to a temporary directory: it
#    generates the two vote sets (1 M votes on 8 000 × 8 000, 10 M on
#    80 000 × 8 000, fixed seeds), times the engine on each (its own lines,
#    targets < 500 ms and < 5 s), and writes the votes and its groups there.
# 2. bench/opinion_ref.py runs on each file, in its own process, the same
#    number of times (median).
# 3. One line per size: both medians and the ratio, OK when the C engine is
#    at least 20 times faster, MISS otherwise; then both peak memories (each
#    includes the votes themselves).
#
# engines.sh, run just before by `make bench`, already timed the engine
# without writing any file; running it again here costs a few seconds (the
# generation and the engine, no Python), which is the price of having the
# two programs measured on the same votes in the same minute.
#
# A MISS does not fail the script; a benchmark that does not build, exits
# non-zero (an inconsistent map), or a missing NumPy/scikit-learn does.
#
# Environment: BUILD (default build), PYTHON (default /usr/bin/python3 when
# it has NumPy, SciPy and scikit-learn — Debian's python3-numpy,
# python3-scipy, python3-sklearn — else python3), OPINION_BENCH_RUNS (runs
# of each program per size, default 3), OPINION_BENCH_SIZES ("1m 10m").
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
RUNS=${OPINION_BENCH_RUNS:-3}
SIZES=${OPINION_BENCH_SIZES:-1m 10m}
TARGET_RATIO=20

has_libs() { "$1" -c 'import numpy, scipy, sklearn' >/dev/null 2>&1; }
if [ -z "${PYTHON:-}" ]; then
	PYTHON=python3
	if [ -x /usr/bin/python3 ] && has_libs /usr/bin/python3; then
		PYTHON=/usr/bin/python3
	fi
fi
if ! has_libs "$PYTHON"; then
	echo "opinion.sh: $PYTHON lacks NumPy, SciPy or scikit-learn (sh scripts/deps.sh bench)" >&2
	exit 1
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/fabrique-opinion.XXXXXX")
trap 'rm -rf "$data"' EXIT

echo "== opinion map: C engine and NumPy/scikit-learn on the same votes (load average $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null || echo ?))"
rc=0
OPINION_BENCH_DATA=$data OPINION_BENCH_RUNS=$RUNS OPINION_BENCH_SIZES=$SIZES \
	BENCH_ONLY=opinion BUILD=$BUILD bash bench/engines.sh | tee "$data/c.out" || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "opinion.sh: the C benchmark failed (exit status $rc)" >&2
	exit 1
fi

echo "== reference: $("$PYTHON" -c 'import sys, numpy, scipy, sklearn; print("Python", sys.version.split()[0], "NumPy", numpy.__version__, "SciPy", scipy.__version__, "scikit-learn", sklearn.__version__)')"
failed=0
for size in $SIZES; do
	votes=$data/opinion-$size.votes
	if [ ! -f "$votes" ]; then
		echo "opinion.sh: $votes was not written" >&2
		failed=1
		continue
	fi
	if ! "$PYTHON" bench/opinion_ref.py "$votes" "$RUNS" | tee "$data/ref-$size.out"; then
		echo "opinion.sh: the reference failed on $size" >&2
		failed=1
	fi
done

echo "== opinion map, side by side (median of $RUNS runs each)"
for size in $SIZES; do
	c_ms=$(awk -v s="$size" '$1 == "opinion" && $2 == s && $7 == "ms" { print $6 }' "$data/c.out")
	c_mb=$(awk -v s="$size" '$1 == "opinion" && $2 == s { f = 1; next }
		f && $1 == "peak" { print $3; exit }' "$data/c.out")
	py_ms=$(awk '$1 == "ref" { print $3 }' "$data/ref-$size.out" 2>/dev/null || true)
	py_mb=$(awk '$1 == "peak" { print $3 }' "$data/ref-$size.out" 2>/dev/null || true)
	if [ -z "$c_ms" ] || [ -z "$py_ms" ]; then
		echo "opinion.sh: no timing for $size" >&2
		failed=1
		continue
	fi
	awk -v s="$size" -v c="$c_ms" -v p="$py_ms" -v t="$TARGET_RATIO" 'BEGIN {
		r = c > 0 ? p / c : 0
		printf "opinion ratio %s: C %.1f ms, NumPy/scikit-learn %.1f ms, C faster by %.1fx target >= %dx %s\n",
			s, c, p, r, t, (r >= t ? "OK" : "MISS")
	}'
	echo "  peak RSS $size: C ${c_mb:-?} MB, Python ${py_mb:-?} MB (each with the votes in memory)"
done
exit "$failed"
