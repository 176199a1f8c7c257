#!/usr/bin/env bash
# test.sh — builds fabrique and runs every test: static checks, C unit tests,
# black-box HTTP tests, durability tests and browser tests, once on SQLite and
# once on a PostgreSQL server started here; then a build with AddressSanitizer
# and UndefinedBehaviorSanitizer runs the unit and HTTP tests again.
# Ends with one line "N passed, N failed". Called by `make test`.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
LOGDIR=${TEST_LOGDIR:-$ROOT/build/test-logs}
mkdir -p "$LOGDIR"
passed=0
failed=0
failures=()

note() { printf '\n== %s\n' "$*"; }

# record NAME PASSED FAILED
record() {
	passed=$((passed + $2))
	failed=$((failed + $3))
	if [ "$3" -gt 0 ]; then failures+=("$1 ($3 failed)"); fi
	printf '   %-44s %4d passed %4d failed\n' "$1" "$2" "$3"
}

# run_node NAME LOG ARGS... — runs node's test runner and counts its tests.
run_node() {
	local name=$1 log=$2
	shift 2
	node --test --test-concurrency=1 --test-reporter=tap "$@" >"$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -E '^# pass ' "$log" | tail -n 1 | awk '{print $3}')
	f=$(grep -E '^# fail ' "$log" | tail -n 1 | awk '{print $3}')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -gt 0 ]; then
		grep -E '^not ok|^\s+(error|message|expected|actual|stack):|AssertionError|Error:' "$log" | head -n 40
	fi
	record "$name" "$p" "$f"
}

# run_unit NAME BUILD — runs every cmocka binary of a build.
run_unit() {
	local name=$1 build=$2 p=0 f=0
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		local log="$LOGDIR/$(basename "$build")-$(basename "$t")-$name.log"
		"$t" >"$log" 2>&1
		local rc=$?
		local tp tf
		tp=$(grep -E '^\[  PASSED  \]' "$log" | awk '{print $4}' | tail -n 1)
		tf=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{print $4}' | tail -n 1)
		tp=${tp:-0}
		tf=${tf:-0}
		if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then tf=1; fi
		[ "$tf" -gt 0 ] && { echo "   $(basename "$t"):"; grep -E 'FAILED|ERROR|error|runtime' "$log" | head -n 20; }
		p=$((p + tp))
		f=$((f + tf))
	done
	record "$name" "$p" "$f"
}

# run_check NAME COMMAND... — a whole-tree check counted as one test.
run_check() {
	local name=$1
	shift
	if "$@" >"$LOGDIR/check-$name.log" 2>&1; then
		record "$name" 1 0
	else
		cat "$LOGDIR/check-$name.log" | head -n 30
		record "$name" 0 1
	fi
}

note "build (-Wall -Wextra -Werror)"
if ! make -j2 WERROR=-Werror all unit >"$LOGDIR/build.log" 2>&1; then
	tail -n 40 "$LOGDIR/build.log"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "   ok"

note "static checks"
run_check html-escaping bash tests/check_html.sh
run_check translations bash tests/check_po.sh
run_check stylesheet-size bash -c '[ "$(wc -c <assets/style.css)" -lt 15360 ]'
run_check fuzz-targets bash tests/fuzz/run.sh 5

PGDIR=$(mktemp -d /tmp/fabrique-pg-XXXXXX)
rmdir "$PGDIR"
cleanup() { sh scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
note "PostgreSQL test server"
if PGBASE=$(sh scripts/pg.sh start "$PGDIR" 2>"$LOGDIR/pg-start.log"); then
	echo "   $PGBASE"
else
	cat "$LOGDIR/pg-start.log" "$PGDIR/initdb.log" 2>/dev/null | tail -n 20
	record "postgresql server start" 0 1
	PGBASE=""
fi

export FABRIQUE_BIN=$ROOT/build/fabrique
for backend in sqlite postgres; do
	if [ "$backend" = postgres ]; then
		[ -n "$PGBASE" ] || continue
		export FABRIQUE_TEST_PG=$PGBASE FABRIQUE_TEST_PGDIR=$PGDIR
	else
		unset FABRIQUE_TEST_PG FABRIQUE_TEST_PGDIR
	fi
	note "tests on $backend"
	run_unit "unit ($backend)" build
	[ -d tests/http ] && run_node "http ($backend)" "$LOGDIR/http-$backend.log" tests/http/
	[ -d tests/durability ] && run_node "durability ($backend)" "$LOGDIR/durability-$backend.log" tests/durability/
	[ -d tests/browser ] && run_node "browser ($backend)" "$LOGDIR/browser-$backend.log" tests/browser/
done
unset FABRIQUE_TEST_PG FABRIQUE_TEST_PGDIR

note "sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer)"
SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
if make -j2 BUILD=build/asan OPT="-O1 -g" SAN="$SANFLAGS" WERROR=-Werror all unit >"$LOGDIR/build-asan.log" 2>&1; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export FABRIQUE_BIN=$ROOT/build/asan/fabrique
	run_unit "unit (sanitizers)" build/asan
	[ -d tests/http ] && run_node "http (sanitizers)" "$LOGDIR/http-asan.log" tests/http/
else
	tail -n 30 "$LOGDIR/build-asan.log"
	record "sanitizer build" 0 1
fi

echo
if [ "${#failures[@]}" -gt 0 ]; then
	echo "failed: ${failures[*]}"
	echo "logs: $LOGDIR"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
