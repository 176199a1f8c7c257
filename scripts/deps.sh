#!/bin/sh
# deps.sh — installs the Debian packages fabrique needs, and nothing when they
# are already there.   scripts/deps.sh build|test|bench
#   build: compiler, libraries and gettext tools to build and run fabrique
#   test:  build + cmocka, PostgreSQL, Chromium, Java (Nu checker), Node modules
#   bench: build + wrk and nginx
set -eu
profile=${1:-build}
cd "$(dirname "$0")/.."

build="gcc make pkg-config gettext libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev libcmark-dev libqrencode-dev"
test="$build libcmocka-dev postgresql chromium fonts-liberation default-jre-headless nodejs npm python3 curl"
bench="$build wrk nginx-light python3 python3-numpy python3-scipy python3-sklearn"
case "$profile" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
*) echo "deps.sh: profile must be build, test or bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	# A package counts as present when dpkg knows it installed, or, for
	# node and npm, when the command exists (the base image ships its own).
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
	echo "deps.sh: installing$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: run as root, or install these Debian packages:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$profile" = test ]; then
	# Node modules from the committed lockfile, only when it changed.
	if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.lock-stamp 2>/dev/null; then
		npm ci --no-audit --no-fund --loglevel=error
		cp package-lock.json node_modules/.lock-stamp
	fi
fi
exit 0
