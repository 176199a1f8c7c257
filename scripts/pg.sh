#!/bin/sh
# pg.sh — a throw-away PostgreSQL server for the tests, from Debian's packages.
#   scripts/pg.sh start DIR    initialise DIR, start a server on a free loopback
#                              port, print its base URL (postgresql://...@127.0.0.1:PORT)
#   scripts/pg.sh createdb DIR NAME   create database NAME, print its URL
#   scripts/pg.sh stop DIR     stop the server and remove DIR
# PostgreSQL refuses to run as root: as root, the server runs as the
# 'postgres' system user that Debian's package creates.
set -eu
cmd=${1:?usage: pg.sh start|createdb|stop DIR [NAME]}
dir=${2:?usage: pg.sh start|createdb|stop DIR [NAME]}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000)))
	as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=300 -c shared_buffers=64MB" \
		start >/dev/null
	echo "$port" >"$dir/port"
	echo "postgresql://postgres@127.0.0.1:$port"
	;;
createdb)
	name=${3:?usage: pg.sh createdb DIR NAME}
	port=$(cat "$dir/port")
	"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$name"
	echo "postgresql://postgres@127.0.0.1:$port/$name"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "pg.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
