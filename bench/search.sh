#!/usr/bin/env bash
# bench/search.sh — measures search over a large library, on both backends:
# the target "p99 latency of the search page under 50 ms over a library of
# 100 000 items, on SQLite and on PostgreSQL".
#
#   1. bench/gen_library.py writes a bundle with one public cycle and
#      BENCH_ITEMS generated items (fixed seed: the same bytes every run),
#      and the queries to rotate through (common, middle and rare words,
#      accented and not, two words, prefixes, a word matching nothing);
#   2. for each backend, a fresh database: `fabrique init`, `fabrique
#      import` of the bundle (timed), `fabrique serve` on a free loopback
#      port; then wrk loads the search page /c/SLUG/search?q=... with the
#      queries in turn (bench/search.lua), 2 threads, 16 connections, a
#      warm-up, then a measured run with --latency;
#   3. prints a table: import time, items, p50, p99, requests/s, CPU time
#      per request (fabrique, plus PostgreSQL's processes on that backend;
#      unlike latency it hardly depends on what else runs on the machine),
#      and PASS or MISS against the target; under it the slowest queries
#      timed one by one with curl (the first thing to look at after a MISS).
#
# When the search page does not answer 200 yet, the JSON search of the API
# (/api/v1/cycles/SLUG/search?q=...) is measured instead, and the table says
# so. PostgreSQL is started with scripts/pg.sh in a temporary directory;
# when its server binaries are not installed, that backend is skipped with a
# note (apt-get install postgresql, or 'sh scripts/deps.sh test').
#
# A MISS does not fail the script; a missing tool, a failed import, a server
# that does not start or error answers under load do (exit 1): benchmarks
# report, tests check behaviour. Everything started here is stopped and every
# temporary file removed on exit, failure included.
#
# Environment: FABRIQUE_BIN (default build/fabrique), BENCH_ITEMS (100000),
# BENCH_SEARCH_DURATION seconds measured per backend (10), BENCH_WARMUP
# seconds of warm-up (3), BENCH_SEARCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_BACKENDS ("sqlite postgres"), BENCH_ANALYZE (0; 1 runs ANALYZE on
# PostgreSQL after the import, as autovacuum does a minute or so later).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${FABRIQUE_BIN:-build/fabrique}
ITEMS=${BENCH_ITEMS:-100000}
DURATION=${BENCH_SEARCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_SEARCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
BACKENDS=${BENCH_BACKENDS:-sqlite postgres}
SLUG=bench

T_P99_MS=50 # search page p99 latency, below (the issue's target)

die() { echo "bench/search: $*" >&2; exit 1; }

# ---- tools ----
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing (${2:-apt-get install $1}; or 'sh scripts/deps.sh bench')"; }
need wrk
need curl
need python3
[ -x "$BIN" ] || die "$BIN not found: run 'make all' first (or set FABRIQUE_BIN)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash 5 is needed (EPOCHREALTIME)"
ROOT=$(pwd)

# ---- clean-up of everything started here ----
TMP=$(mktemp -d /tmp/fabrique-bench-search-XXXXXX)
PGDIR=""
SPID=""
stop_server() {
	[ -n "$SPID" ] || return 0
	kill -TERM "$SPID" 2>/dev/null || true
	# Wait up to 5 s, then insist.
	for _ in $(seq 50); do kill -0 "$SPID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$SPID" 2>/dev/null || true
	wait "$SPID" 2>/dev/null || true
	SPID=""
}
stop_pg() {
	[ -n "$PGDIR" ] || return 0
	sh "$ROOT/scripts/pg.sh" stop "$PGDIR" >/dev/null 2>&1 || true
	PGDIR=""
}
cleanup() {
	stop_server
	stop_pg
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_health PORT SECONDS: polls /api/v1/health; fails when the server exits.
wait_health() {
	local deadline=$((SECONDS + $2))
	until curl -sf -o /dev/null "http://127.0.0.1:$1/api/v1/health"; do
		kill -0 "$SPID" 2>/dev/null || return 1
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.05
	done
}

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }

# cpu_ticks PID...: CPU time (user + system, clock ticks) used so far by the
# processes, their threads and their children that have ended and been
# waited for.
cpu_ticks() {
	local p t=0 v
	for p in "$@"; do
		v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }') || v=0
		t=$((t + ${v:-0}))
	done
	echo "$t"
}
# server_pids: fabrique, and PostgreSQL's postmaster and its children when
# the backend is PostgreSQL (the work of a search is done in both).
server_pids() {
	local pm
	echo "$SPID"
	if [ -n "$PGDIR" ] && [ -f "$PGDIR/data/postmaster.pid" ]; then
		pm=$(head -n 1 "$PGDIR/data/postmaster.pid")
		echo "$pm"
		ps -o pid= --ppid "$pm" 2>/dev/null || true
	fi
}
CLK_TCK=$(getconf CLK_TCK)

# wrk's figures; latencies in milliseconds.
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_pct_ms() { # FILE PERCENT ("50%", "99%")
	awk -v p="$2" '$1 == p {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		m = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1;
		printf "%.2f\n", v * m }' "$1"
}
wrk_socket_errors() { awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_bad_answers() { awk '/Non-2xx or 3xx responses:/ { n += $5 } END { print n + 0 }' "$1"; }
wrk_requests() { awk '/requests in/ { print $1; exit }' "$1"; }

# ---- 1. the library ----
echo "fabrique search bench: $(nproc) cores (load average $(cut -d" " -f1-3 /proc/loadavg)), $ITEMS items, wrk -t$THREADS -c$CONNS," \
	"${WARMUP} s warm-up + ${DURATION} s per backend"
t0=$(now_us)
python3 bench/gen_library.py "$TMP/bundle.json" "$TMP/queries.txt" --items "$ITEMS" --slug "$SLUG" ||
	die "cannot generate the library"
t1=$(now_us)
NQUERIES=$(grep -c . "$TMP/queries.txt")
echo "  bundle: $(($(wc -c <"$TMP/bundle.json") / 1024 / 1024)) MB, $NQUERIES queries," \
	"generated in $(((t1 - t0) / 1000)) ms"

# ---- 2. each backend ----
declare -A IMPORT_S NITEMS P50 P99 RPS NREQ PAGE SKIP SLOWEST CPU

# bench_backend NAME DB-URL: init, import, serve, load; fills the arrays.
bench_backend() {
	local name=$1 db=$2 out port code base t0 t1 n
	out="$TMP/$name"
	mkdir -p "$out"
	"$BIN" init --db "$db" >"$out/init.log" 2>&1 || { cat "$out/init.log" >&2; die "$name: fabrique init failed"; }
	echo "  $name: importing ..."
	t0=$(now_us)
	"$BIN" import "$TMP/bundle.json" --db "$db" >"$out/import.log" 2>&1 ||
		{ cat "$out/import.log" >&2; die "$name: fabrique import failed"; }
	t1=$(now_us)
	IMPORT_S[$name]=$(python3 -c "print(f'{($t1 - $t0) / 1e6:.1f}')")
	echo "  $name: import took ${IMPORT_S[$name]} s"
	if [ "$name" = postgres ] && [ "${BENCH_ANALYZE:-0}" = 1 ]; then
		# Opt-in: statistics as autovacuum would gather them a minute or
		# so after the import, for figures of the steady state.
		"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -q -c ANALYZE "$db" ||
			die "$name: ANALYZE failed"
		echo "  $name: ANALYZE done (BENCH_ANALYZE=1)"
	fi

	port=$(free_port)
	"$BIN" serve --listen "127.0.0.1:$port" --access-log off --db "$db" >"$out/serve.log" 2>&1 &
	SPID=$!
	wait_health "$port" 60 || { cat "$out/serve.log" >&2; die "$name: fabrique serve did not start"; }

	NITEMS[$name]=$(curl -sf "http://127.0.0.1:$port/api/v1/cycles/$SLUG/library?limit=1" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])') ||
		die "$name: cannot count the library through the API"

	# The HTML search page when it exists, else the API's search.
	base="/c/$SLUG/search?q="
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port${base}reseau") || code=000
	if [ "$code" = 200 ]; then
		PAGE[$name]="the search page $base..."
	else
		PAGE[$name]="the API's JSON search /api/v1/cycles/$SLUG/search?q=... (NOT the page: $base... answered $code)"
		base="/api/v1/cycles/$SLUG/search?q="
		code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port${base}reseau") || code=000
		[ "$code" = 200 ] || die "$name: neither the search page nor the API search answers 200 ($code)"
	fi
	sed "s|^|$base|" "$TMP/queries.txt" >"$out/paths.txt"

	echo "  $name: loading ${base}... ($NQUERIES queries in turn)"
	wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 30s -s bench/search.lua "http://127.0.0.1:$port" \
		-- "$out/paths.txt" >"$out/warmup.txt" 2>&1 || { cat "$out/warmup.txt" >&2; die "$name: wrk failed"; }
	# The processes are listed again at the end: a database connection may
	# open during the run, and one that closes leaves its time to the
	# postmaster's children's total.
	local ticks0 ticks1
	# shellcheck disable=SC2046
	ticks0=$(cpu_ticks $(server_pids))
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 30s --latency -s bench/search.lua "http://127.0.0.1:$port" \
		-- "$out/paths.txt" >"$out/wrk.txt" 2>&1 || { cat "$out/wrk.txt" >&2; die "$name: wrk failed"; }
	# shellcheck disable=SC2046
	ticks1=$(cpu_ticks $(server_pids))
	kill -0 "$SPID" 2>/dev/null || { cat "$out/serve.log" >&2; die "$name: fabrique died under load"; }
	P50[$name]=$(wrk_pct_ms "$out/wrk.txt" 50%)
	P99[$name]=$(wrk_pct_ms "$out/wrk.txt" 99%)
	RPS[$name]=$(wrk_rps "$out/wrk.txt")
	NREQ[$name]=$(wrk_requests "$out/wrk.txt")
	[ -n "${P50[$name]}" ] && [ -n "${P99[$name]}" ] && [ -n "${RPS[$name]}" ] ||
		{ cat "$out/wrk.txt" >&2; die "$name: cannot read wrk's output"; }
	CPU[$name]=$(python3 -c "print(f'{($ticks1 - $ticks0) * 1000 / $CLK_TCK / max(1, ${NREQ[$name]}):.1f}')")
	n=$(wrk_bad_answers "$out/wrk.txt")
	[ "$n" = 0 ] || { cat "$out/wrk.txt" >&2; die "$name: $n answers other than 2xx/3xx under load"; }
	n=$(wrk_socket_errors "$out/wrk.txt")
	[ "$n" = 0 ] || { echo "warning: $name: wrk counted $n socket errors:"; cat "$out/wrk.txt"; }

	# Each query alone, unloaded, on one kept-alive connection: best of 3.
	local urls=() q
	while IFS= read -r q; do urls+=("http://127.0.0.1:$port$q"); done <"$out/paths.txt"
	for _ in 1 2 3; do
		curl -s -o /dev/null -w '%{time_total} %{url_effective}\n' "${urls[@]}"
	done >"$out/alone.txt" || die "$name: curl failed on the queries"
	SLOWEST[$name]=$(awk '{ sub(/^[^?]*\?q=/, "", $2); if (!($2 in best) || $1 < best[$2]) best[$2] = $1 }
		END { for (q in best) printf "%.1f %s\n", best[q] * 1000, q }' "$out/alone.txt" |
		sort -rn | head -n 5 |
		python3 -c 'import sys, urllib.parse
print(", ".join(f"{urllib.parse.unquote(q)!r} {ms} ms" for ms, q in (l.split(" ", 1) for l in sys.stdin.read().splitlines())))')

	stop_server
}

for backend in $BACKENDS; do
	case "$backend" in
	sqlite)
		mkdir -p "$TMP/sqlite"
		bench_backend sqlite "sqlite:$TMP/sqlite/search.db"
		rm -f "$TMP/sqlite/search.db"* # 100 MB that are no longer needed
		;;
	postgres)
		if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
			SKIP[postgres]="PostgreSQL is not installed (apt-get install postgresql; or 'sh scripts/deps.sh test')"
			continue
		fi
		# Its own directory, outside $TMP: as root the server runs as the
		# 'postgres' user, which must be able to reach it.
		PGDIR=$(mktemp -d /tmp/fabrique-bench-pg-XXXXXX)
		pgbase=$(sh scripts/pg.sh start "$PGDIR" 2>"$TMP/pg-start.log") ||
			{ cat "$TMP/pg-start.log" "$PGDIR/initdb.log" >&2 2>/dev/null; die "cannot start PostgreSQL"; }
		url=$(sh scripts/pg.sh createdb "$PGDIR" fabrique_bench) || die "cannot create the PostgreSQL database"
		echo "  postgres: server $pgbase"
		bench_backend postgres "$url"
		stop_pg
		;;
	*) die "unknown backend '$backend' (sqlite, postgres)" ;;
	esac
done

# ---- 3. the table ----
echo
printf '%-9s %10s %8s %10s %10s %9s %9s   %-14s %s\n' backend import items p50 p99 "req/s" "CPU/req" target verdict
printf '%-9s %10s %8s %10s %10s %9s %9s   %-14s %s\n' --------- ---------- -------- ---------- ---------- --------- --------- -------------- -------
for backend in $BACKENDS; do
	if [ -n "${SKIP[$backend]:-}" ]; then
		printf '%-9s %s\n' "$backend" "skipped: ${SKIP[$backend]}"
		continue
	fi
	verdict=$(python3 -c "print('PASS' if ${P99[$backend]} < $T_P99_MS else 'MISS')")
	printf '%-9s %8s s %8s %7.2f ms %7.2f ms %9.0f %6s ms   %-14s %s\n' "$backend" "${IMPORT_S[$backend]}" \
		"${NITEMS[$backend]}" "${P50[$backend]}" "${P99[$backend]}" "${RPS[$backend]}" "${CPU[$backend]}" \
		"p99 < $T_P99_MS ms" "$verdict"
done
echo
for backend in $BACKENDS; do
	[ -z "${SKIP[$backend]:-}" ] || continue
	echo "$backend: ${NREQ[$backend]} requests measured on ${PAGE[$backend]}"
	echo "  slowest queries alone (best of 3): ${SLOWEST[$backend]}"
done
exit 0
