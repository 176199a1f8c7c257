#!/bin/sh
# run.sh — builds the fuzz targets of tests/fuzz/ and runs each briefly.
#   tests/fuzz/run.sh [SECONDS]     (default 10 seconds per target)
# With clang and libFuzzer: coverage-guided fuzzing, built with
# -fsanitize=fuzzer,address,undefined; the corpus grows in build/fuzz/corpus/.
# Without them (or with FUZZ_DRIVER=1): driver.c's main() feeds the seed
# corpus and random mutations of it, built with ${CC:-gcc} and
# -fsanitize=address,undefined. The targets link the few files of src/ they
# exercise, never libfabrique.a. Crashing inputs land in build/fuzz/artifacts/.
# Ends with "fuzz: N passed, N failed"; exits non-zero when a target failed.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SECS=${1:-10}
OUT=$ROOT/${FUZZ_BUILD:-build/fuzz}
TARGETS="utf8 accept_language mo router config"
mkdir -p "$OUT/bin" "$OUT/seeds" "$OUT/corpus" "$OUT/artifacts"

sources() {
	case $1 in
	utf8) echo src/core/text.c src/core/mem.c ;;
	accept_language | mo) echo src/core/i18n.c tests/fuzz/stub_assets.c ;;
	router) echo src/web/router.c ;;
	config) echo src/core/config.c src/core/mem.c ;;
	esac
}

# ---- which way: libFuzzer or the plain driver ----
mode=driver
if [ "${FUZZ_DRIVER:-0}" != 1 ] && command -v clang >/dev/null 2>&1; then
	probe=$OUT/probe.c
	printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe"
	if clang -fsanitize=fuzzer,address,undefined -o "$OUT/probe" "$probe" >/dev/null 2>&1; then
		mode=libfuzzer
	fi
	rm -f "$probe" "$OUT/probe"
fi
if [ $mode = libfuzzer ]; then
	echo "fuzz: libFuzzer with clang ($(clang --version | head -n 1)), $SECS s per target"
else
	CC=${CC:-gcc}
	command -v "$CC" >/dev/null 2>&1 || { echo "fuzz: neither clang with libFuzzer nor $CC found" >&2; exit 1; }
	echo "fuzz: no libFuzzer; plain driver built with $CC, $SECS s per target"
fi

# ---- seed corpus, written here so the tree holds no binary files ----
seed() { # seed TARGET NAME PRINTF-FORMAT
	mkdir -p "$OUT/seeds/$1"
	printf "$3" >"$OUT/seeds/$1/$2"
}
seed utf8 ascii 'plain ASCII text'
seed utf8 accents '\303\251t\303\251 \342\202\254 \360\237\230\200'
seed utf8 surrogate '\355\240\200'
seed utf8 overlong '\300\257\340\200\257'
seed utf8 max '\364\217\277\277\364\220\200\200'
seed utf8 truncated 'ab\342\202'
seed accept_language browser 'fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7'
seed accept_language english 'en-GB, en;q=0.9, *;q=0.1'
seed accept_language zero 'en;q=0, fr;q=0.000'
seed accept_language odd ',, ;q=,en ;level=1; q=0.5,EN-latn-GB-oxendict'
seed router login '\000\040/login'
seed router head '\001\010/static/style.css'
seed router token '\004\030/api/v1/tokens/42'
seed router deep '\002\003/a/1/b/2/c/3/d/4'
seed router post '\005\000/admin/users/7/delete'
seed config good '# settings\nlisten = 0.0.0.0:8080\nthreads=4\nmax-body = 1048576 # bytes\n\n'
seed config bad 'listen = a\nthis line has no equals sign\n'
seed config unknown 'colour = blue\n'
seed config config 'config = /etc/fabrique.conf\n'
mkdir -p "$OUT/seeds/mo"
if command -v msgfmt >/dev/null 2>&1; then
	printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Log in"\nmsgstr "Se connecter"\n\nmsgid "%%zu account"\nmsgid_plural "%%zu accounts"\nmsgstr[0] "%%zu compte"\nmsgstr[1] "%%zu comptes"\n' >"$OUT/small.po"
	msgfmt -o "$OUT/seeds/mo/small.mo" "$OUT/small.po" 2>/dev/null || true
	msgfmt -o "$OUT/seeds/mo/fr.mo" po/fr.po 2>/dev/null || true
fi
seed mo header '\336\022\004\225\000\000\000\000\001\000\000\000\034\000\000\000\044\000\000\000\000\000\000\000\054\000\000\000\000\000\000\000\054\000\000\000\000\000\000\000\055\000\000\000\000\000'

# Dictionaries help libFuzzer find the tokens these parsers care about.
dict() { # dict TARGET TOKEN...
	t=$1
	shift
	: >"$OUT/$t.dict"
	for tok in "$@"; do printf '"%s"\n' "$tok" >>"$OUT/$t.dict"; done
}
dict accept_language 'q=' ';' ',' 'fr' 'en' '-' '*' '0.' '1.0' ' '
dict router '/' '{' '}' 'api' 'v1' 'tokens' 'login' 'delete' 'admin' 'users' 'static' '//'
dict config 'listen' 'threads' 'max_body' 'max-body' 'config' '=' '#' '\x0a' ' '
dict mo '\xde\x12\x04\x95' '\x95\x04\x12\xde' '\x00\x00\x00\x00' '\xff\xff\xff\xff'
dict utf8 '\xed\xa0\x80' '\xf4\x8f\xbf\xbf' '\xf0\x90\x80\x80' '\xe0\xa0\x80' '\xc2\x80'

# ---- build and run ----
CFLAGS_COMMON="-std=c17 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Isrc -Isrc/core -Itests/fuzz"
passed=0
failed=0
for t in $TARGETS; do
	bin=$OUT/bin/fuzz_$t
	log=$OUT/fuzz_$t.log
	# shellcheck disable=SC2046
	if [ $mode = libfuzzer ]; then
		clang $CFLAGS_COMMON -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
			-o "$bin" tests/fuzz/target_$t.c $(sources $t) >"$log" 2>&1 || { cat "$log"; echo "fuzz $t: BUILD FAILED"; failed=$((failed + 1)); continue; }
		mkdir -p "$OUT/corpus/$t"
		if "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-dict="$OUT/$t.dict" -artifact_prefix="$OUT/artifacts/$t-" \
			"$OUT/corpus/$t" "$OUT/seeds/$t" >>"$log" 2>&1; then
			runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -n 1)
			cov=$(grep -E '^#[0-9]+.*DONE' "$log" | sed -n 's/.*cov: \([0-9]*\).*/\1/p' | tail -n 1)
			echo "fuzz $t: ok (${runs:-?} runs, coverage ${cov:-?}, corpus $(ls "$OUT/corpus/$t" | wc -l) inputs)"
			passed=$((passed + 1))
		else
			grep -E 'ERROR|invariant|runtime error|SUMMARY|Test unit written' "$log" | head -n 15
			echo "fuzz $t: FAILED (log: $log)"
			failed=$((failed + 1))
		fi
	else
		$CC $CFLAGS_COMMON -fsanitize=address,undefined -fno-sanitize-recover=undefined \
			-o "$bin" tests/fuzz/target_$t.c tests/fuzz/driver.c $(sources $t) >"$log" 2>&1 || { cat "$log"; echo "fuzz $t: BUILD FAILED"; failed=$((failed + 1)); continue; }
		if (cd "$OUT/artifacts" && "$bin" -t "$SECS" "$OUT/seeds/$t"/*) >>"$log" 2>&1; then
			runs=$(sed -n 's/^driver: \([0-9]*\) random inputs passed/\1/p' "$log" | tail -n 1)
			echo "fuzz $t: ok (seeds and ${runs:-?} random inputs)"
			passed=$((passed + 1))
		else
			grep -E 'ERROR|invariant|runtime error|SUMMARY|driver:' "$log" | head -n 15
			echo "fuzz $t: FAILED (log: $log)"
			failed=$((failed + 1))
		fi
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
