#!/usr/bin/env bash
# bench/engines.sh — builds and runs the engine benchmarks: every
# bench/*_bench.c is a program with its own main() that times one engine
# (tally_bench.c: the tally methods on a million ballots; assign_bench.c:
# group assignment) and prints one line per measure, ending in OK or MISS
# against DESIGN.md section 7.
#
# Each is compiled like the Makefile compiles the sources (-std=c17 -O2
# -D_GNU_SOURCE -Isrc/core -Isrc) and linked against $BUILD/libfabrique.a
# with the libraries of the Makefile's PKGS (pkg-config), -lpthread and -lm.
# The library is made first with `make BUILD=$BUILD $BUILD/libfabrique.a`
# (nothing to do when it is up to date). Binaries go to $BUILD/bench/.
#
# A MISS does not fail the script; a benchmark that does not build or
# exits non-zero does (exit 1, after running the others).
#
# Environment: BUILD (default build), CC (default cc), BENCH_ONLY (a name
# such as "tally" to run that benchmark alone).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=${BUILD:-build}
CC=${CC:-cc}
CFLAGS="-std=c17 -O2 -D_GNU_SOURCE -Isrc/core -Isrc"
# the same package list as the Makefile, read from it so the two agree
PKGS=$(sed -n 's/^PKGS[[:space:]]*:=[[:space:]]*//p' Makefile)
# shellcheck disable=SC2086
LIBS="$(pkg-config --libs $PKGS) -lpthread -lm"

make -s BUILD="$BUILD" "$BUILD/libfabrique.a"
mkdir -p "$BUILD/bench"

failed=0
ran=0
for src in bench/*_bench.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" _bench.c)
	if [ -n "${BENCH_ONLY:-}" ] && [ "$name" != "$BENCH_ONLY" ]; then
		continue
	fi
	bin=$BUILD/bench/${name}_bench
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -o "$bin" "$src" "$BUILD/libfabrique.a" $LIBS; then
		echo "bench $name: BUILD FAILED"
		failed=$((failed + 1))
		continue
	fi
	echo "== $name ($src)"
	rc=0
	"$bin" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "bench $name: FAILED (exit status $rc)"
		failed=$((failed + 1))
	fi
	ran=$((ran + 1))
done
echo "engines: $ran benchmarks run, $failed failed"
[ "$failed" -eq 0 ]
