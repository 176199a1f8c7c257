#!/usr/bin/env bash
# bench/run.sh — measures the performance targets of DESIGN.md section 7
# that concern the web server, in one run on this machine:
#
#   - rendered home page throughput of `fabrique demo`, side by side with
#     nginx serving the very same bytes as a static file (wrk, 256
#     connections, 2 threads), and the ratio of the two;
#   - p99 latency of both under that load;
#   - peak resident memory of the fabrique server (VmHWM) during its load;
#   - page weight of the home page (HTML + linked CSS);
#   - start-up time of `fabrique serve` on an existing database, until it
#     answers /api/v1/health (polled).
#
# A missed target prints MISS but does not fail the script; a missing tool,
# a server that does not start or a load that gets errors does (exit 1).
# Called by `make bench` after `make all`.
#
# Environment: FABRIQUE_BIN (default build/fabrique), BENCH_DURATION seconds
# per measurement (10), BENCH_WARMUP seconds of warm-up (3), BENCH_CONNECTIONS
# (256), BENCH_THREADS (2), BENCH_STARTS start-ups to time (7).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${FABRIQUE_BIN:-build/fabrique}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNS=${BENCH_CONNECTIONS:-256}
THREADS=${BENCH_THREADS:-2}
STARTS=${BENCH_STARTS:-7}

# Targets (DESIGN.md section 7).
T_RATIO=0.30      # fabrique req/s divided by nginx req/s, at least
T_P99_MS=20       # fabrique p99 latency, below
T_RSS_MB=40       # fabrique peak RSS, below
T_WEIGHT_KB=40    # HTML + CSS of the page, below
T_START_MS=100    # serve ready on an existing database, below

die() { echo "bench: $*" >&2; exit 1; }

# ---- tools ----
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing (${2:-apt-get install $1}; or 'sh scripts/deps.sh bench')"; }
need wrk
need curl
need python3
NGINX=$(command -v nginx 2>/dev/null || true)
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } ||
	die "nginx is missing (apt-get install nginx-light; or 'sh scripts/deps.sh bench')"
[ -x "$BIN" ] || die "$BIN not found: run 'make all' first (or set FABRIQUE_BIN)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
[ "${BASH_VERSINFO[0]}" -ge 5 ] || die "bash 5 is needed (EPOCHREALTIME)"

# ---- clean-up of everything started here ----
TMP=$(mktemp -d /tmp/fabrique-bench-XXXXXX)
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		# Wait up to 5 s, then insist.
		for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget() { # forget PID: drop it from the clean-up list once it has ended
	local keep=() p
	for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
	PIDS=("${keep[@]}")
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# health PORT: 0 when /api/v1/health answers 200. Plain bash, no process
# spawned, so that polling is fine-grained.
health() {
	local line=""
	{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
	printf 'GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 2>/dev/null || { exec 3<&-; return 1; }
	IFS= read -r -t 2 line <&3 || true
	exec 3<&- 3>&-
	[[ $line == "HTTP/1."?" 200"* ]]
}

# wait_health PORT PID SECONDS: polls until healthy; fails when PID exits.
wait_health() {
	local deadline=$((SECONDS + $3))
	while ! health "$1"; do
		kill -0 "$2" 2>/dev/null || return 1
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.01
	done
}

# content_type HEADERS-FILE: the Content-Type value of a response head.
content_type() {
	awk 'tolower($0) ~ /^content-type:/ { sub(/^[^:]*:[ \t]*/, ""); sub(/\r$/, ""); print; exit }' "$1"
}

# wrk_run URL OUT: warm-up, then the measured run with --latency into OUT.
wrk_run() {
	wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" "$1" >/dev/null 2>&1 || die "wrk failed on $1"
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency "$1" >"$2" 2>&1 || { cat "$2" >&2; die "wrk failed on $1"; }
}

# wrk_rps FILE, wrk_p99_ms FILE (99th percentile in ms), counts of errors
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_p99_ms() {
	awk '$1 == "99%" {
		v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
		m = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1;
		printf "%.2f\n", v * m }' "$1"
}
wrk_socket_errors() { awk '/Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_bad_answers() { awk '/Non-2xx or 3xx responses:/ { n += $5 } END { print n + 0 }' "$1"; }

# ---- 1. fabrique demo ----
FPORT=$(free_port)
DB="sqlite:$TMP/demo.db"
"$BIN" demo --listen "127.0.0.1:$FPORT" --access-log off --db "$DB" >"$TMP/demo.log" 2>&1 &
FPID=$!
PIDS+=("$FPID")
wait_health "$FPORT" "$FPID" 30 || { cat "$TMP/demo.log" >&2; die "fabrique demo did not start"; }
grep -q "administrator:" "$TMP/demo.log" || { cat "$TMP/demo.log" >&2; die "fabrique demo printed no login"; }
FURL="http://127.0.0.1:$FPORT/"

mkdir -p "$TMP/www"
code=$(curl -sS -o "$TMP/www/index.html" -D "$TMP/home.head" -w '%{http_code}' "$FURL") || die "cannot fetch $FURL"
[ "$code" = 200 ] || die "GET / answered $code"
CTYPE=$(content_type "$TMP/home.head")
[ -n "$CTYPE" ] || die "GET / has no Content-Type"
HTML_BYTES=$(wc -c <"$TMP/www/index.html")

# Page weight: the HTML and every stylesheet it links.
CSS_BYTES=0
NCSS=0
while IFS= read -r href; do
	[ -n "$href" ] || continue
	case "$href" in
	http://* | https://*) url=$href ;;
	/*) url="http://127.0.0.1:$FPORT$href" ;;
	*) url="${FURL}$href" ;;
	esac
	n=$(curl -sS -f -o /dev/null -w '%{size_download}' "$url") || die "cannot fetch stylesheet $url"
	CSS_BYTES=$((CSS_BYTES + n))
	NCSS=$((NCSS + 1))
done < <(grep -o '<link[^>]*>' "$TMP/www/index.html" | grep 'rel="stylesheet"' |
	sed -n 's/.*href="\([^"]*\)".*/\1/p' | sed 's/&amp;/\&/g')
NSCRIPT=$( (grep -o '<script' "$TMP/www/index.html" || true) | wc -l)

# ---- 2. nginx serving the same bytes ----
NPORT=$(free_port)
mkdir -p "$TMP/nginx/tmp"
chmod 755 "$TMP" "$TMP/www"
chmod 644 "$TMP/www/index.html"
{
	if [ "$(id -u)" = 0 ]; then
		# Workers drop root; they must be able to read the page.
		if id www-data >/dev/null 2>&1; then echo "user www-data;"; else echo "user nobody nogroup;"; fi
	fi
	cat <<EOF
worker_processes auto;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	# nginx at its best for one small, hot file: no open/stat per request,
	# plain writes (faster than sendfile for 2 KB), keep-alive not capped.
	open_file_cache max=16 inactive=60s;
	sendfile off;
	keepalive_requests 1000000;
	types { }
	default_type "$CTYPE";
	client_body_temp_path $TMP/nginx/tmp/body;
	proxy_temp_path $TMP/nginx/tmp/proxy;
	fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
	uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
	scgi_temp_path $TMP/nginx/tmp/scgi;
	server {
		listen 127.0.0.1:$NPORT;
		root $TMP/www;
		location = / { try_files /index.html =404; }
	}
}
EOF
} >"$TMP/nginx/nginx.conf"
"$NGINX" -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx/out.log" 2>&1 &
NPID=$!
PIDS+=("$NPID")
NURL="http://127.0.0.1:$NPORT/"
for _ in $(seq 300); do
	curl -s -o /dev/null "$NURL" 2>/dev/null && break
	kill -0 "$NPID" 2>/dev/null || break
	sleep 0.02
done
curl -sS -o "$TMP/nginx.html" -D "$TMP/nginx.head" "$NURL" 2>/dev/null ||
	{ cat "$TMP/nginx/out.log" "$TMP/nginx/error.log" >&2 2>/dev/null; die "nginx did not start"; }
cmp -s "$TMP/nginx.html" "$TMP/www/index.html" || die "nginx does not serve the same bytes"
NCTYPE=$(content_type "$TMP/nginx.head")
[ "$NCTYPE" = "$CTYPE" ] || die "nginx answers Content-Type '$NCTYPE', fabrique '$CTYPE'"

# ---- 3. load, one after the other, same settings ----
echo "fabrique bench: $(nproc) cores, wrk -t$THREADS -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s each"
echo "  page: $HTML_BYTES bytes of HTML ($CTYPE), $NCSS stylesheet(s)"

# Peak RSS of fabrique: VmHWM at the end of its load; VmRSS sampled during it.
rss_sampler() {
	local max=0 v
	while kill -0 "$FPID" 2>/dev/null; do
		v=$(awk '/^VmRSS:/ {print $2}' "/proc/$FPID/status" 2>/dev/null || echo 0)
		[ "${v:-0}" -gt "$max" ] && max=$v
		echo "$max" >"$TMP/rss.max"
		sleep 0.2
	done
}
HWM0_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$FPID/status")
rss_sampler &
SPID=$!
PIDS+=("$SPID")
echo "  loading fabrique ..."
wrk_run "$FURL" "$TMP/wrk-fabrique.txt"
HWM_KB=$(awk '/^VmHWM:/ {print $2}' "/proc/$FPID/status")
kill "$SPID" 2>/dev/null || true
wait "$SPID" 2>/dev/null || true
forget "$SPID"
RSS_SAMPLED_KB=$(cat "$TMP/rss.max" 2>/dev/null || echo 0)
kill -0 "$FPID" 2>/dev/null || { cat "$TMP/demo.log" >&2; die "fabrique died under load"; }

echo "  loading nginx ..."
wrk_run "$NURL" "$TMP/wrk-nginx.txt"

F_RPS=$(wrk_rps "$TMP/wrk-fabrique.txt")
N_RPS=$(wrk_rps "$TMP/wrk-nginx.txt")
F_P99=$(wrk_p99_ms "$TMP/wrk-fabrique.txt")
N_P99=$(wrk_p99_ms "$TMP/wrk-nginx.txt")
F_ERR=$(wrk_socket_errors "$TMP/wrk-fabrique.txt")
N_ERR=$(wrk_socket_errors "$TMP/wrk-nginx.txt")
F_BAD=$(wrk_bad_answers "$TMP/wrk-fabrique.txt")
N_BAD=$(wrk_bad_answers "$TMP/wrk-nginx.txt")
[ -n "$F_RPS" ] && [ -n "$N_RPS" ] && [ -n "$F_P99" ] && [ -n "$N_P99" ] ||
	{ cat "$TMP/wrk-fabrique.txt" "$TMP/wrk-nginx.txt" >&2; die "cannot read wrk's output"; }

# ---- 4. start-up of `fabrique serve` on the existing demo database ----
kill -TERM "$FPID"
wait "$FPID" 2>/dev/null || true
forget "$FPID"
kill -TERM "$NPID" 2>/dev/null || true
wait "$NPID" 2>/dev/null || true
forget "$NPID"
STARTUPS=()
mkfifo "$TMP/never"
exec 9<>"$TMP/never"   # read -t on it is a sleep without a process
for _ in $(seq "$STARTS"); do
	SPORT=$(free_port)
	t0=${EPOCHREALTIME/[.,]/}
	"$BIN" serve --listen "127.0.0.1:$SPORT" --access-log off --db "$DB" >"$TMP/serve.log" 2>&1 &
	pid=$!
	PIDS+=("$pid")
	until health "$SPORT"; do
		kill -0 "$pid" 2>/dev/null || { cat "$TMP/serve.log" >&2; die "fabrique serve did not start"; }
		t=${EPOCHREALTIME/[.,]/}
		[ $((t - t0)) -lt 30000000 ] || { cat "$TMP/serve.log" >&2; die "fabrique serve did not answer in 30 s"; }
		read -r -t 0.001 -u 9 _ || true
	done
	t1=${EPOCHREALTIME/[.,]/}
	STARTUPS+=($(((t1 - t0) / 100))) # tenths of a millisecond
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	forget "$pid"
done
exec 9<&-
START_MED=$(printf '%s\n' "${STARTUPS[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/10}')

# ---- 5. the table ----
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
calc() { python3 -c "print($1)"; }
RATIO=$(calc "round($F_RPS / $N_RPS, 3)")
WEIGHT=$((HTML_BYTES + CSS_BYTES))
HWM_MB=$(calc "round($HWM_KB / 1024, 1)")
SAMPLED_MB=$(calc "round($RSS_SAMPLED_KB / 1024, 1)")
WEIGHT_KB=$(calc "round($WEIGHT / 1024, 1)")

V_RATIO=$(verdict "$(calc "int($RATIO >= $T_RATIO)")")
V_P99=$(verdict "$(calc "int($F_P99 < $T_P99_MS)")")
V_RSS=$(verdict "$(calc "int($HWM_KB < $T_RSS_MB * 1024)")")
V_WEIGHT=$(verdict "$(calc "int($WEIGHT < $T_WEIGHT_KB * 1024)")")
V_START=$(verdict "$(calc "int($START_MED < $T_START_MS)")")

echo
printf '%-34s %14s %14s   %-14s %s\n' "measure" "fabrique" "nginx" "target" "verdict"
printf '%-34s %14s %14s   %-14s %s\n' "----------------------------------" "--------------" "--------------" "--------------" "-------"
printf '%-34s %14.0f %14.0f   %-14s %s\n' "requests/s (home page)" "$F_RPS" "$N_RPS" "" ""
printf '%-34s %14s %14s   %-14s %s\n' "throughput ratio fabrique/nginx" "$RATIO" "" ">= $T_RATIO" "$V_RATIO"
printf '%-34s %11.2f ms %11.2f ms   %-14s %s\n' "p99 latency at $CONNS connections" "$F_P99" "$N_P99" "< $T_P99_MS ms" "$V_P99"
printf '%-34s %11s MB %14s   %-14s %s\n' "peak RSS under load (VmHWM)" "$HWM_MB" "" "< $T_RSS_MB MB" "$V_RSS"
printf '%-34s %11s KB %14s   %-14s %s\n' "page weight (HTML + CSS)" "$WEIGHT_KB" "" "< $T_WEIGHT_KB KB" "$V_WEIGHT"
printf '%-34s %11s ms %14s   %-14s %s\n' "serve start-up (median of $STARTS)" "$START_MED" "" "< $T_START_MS ms" "$V_START"
echo
echo "details: HTML $HTML_BYTES B + CSS $CSS_BYTES B in $NCSS file(s), $NSCRIPT script element(s)"
echo "         fabrique VmHWM $(calc "round($HWM0_KB / 1024, 1)") MB before its load (start-up and demo loading)," \
	"largest VmRSS sampled under load $SAMPLED_MB MB"
echo "         start-ups (ms): $(printf '%s\n' "${STARTUPS[@]}" | awk '{printf "%s%.1f", (NR > 1 ? " " : ""), $1 / 10}')"
echo "         socket errors under load (wrk): fabrique $F_ERR, nginx $N_ERR;" \
	"answers other than 2xx/3xx: fabrique $F_BAD, nginx $N_BAD"
if [ "$F_BAD" != 0 ] || [ "$N_BAD" != 0 ]; then
	echo
	echo "== wrk, fabrique"; cat "$TMP/wrk-fabrique.txt"
	echo "== wrk, nginx"; cat "$TMP/wrk-nginx.txt"
	die "some answers under load were errors: the figures above are not valid"
fi
if [ "$F_ERR" != 0 ] || [ "$N_ERR" != 0 ]; then
	echo "warning: wrk counted socket errors (connect/read/write/timeout); see its output:"
	echo "== wrk, fabrique"; cat "$TMP/wrk-fabrique.txt"
	echo "== wrk, nginx"; cat "$TMP/wrk-nginx.txt"
fi
exit 0
