#!/usr/bin/env bash
# check_html.sh — fails when handler code could write unescaped data into a
# page. In src/web and src/api, only the files listed in RAW_OK may write to a
# buffer directly (the HTML writer itself, and the JSON / event-stream / asset
# writers); everything else writes through html_text / html_printf (escaped)
# or html_raw (a string literal, enforced by the compiler). Every
# html_raw_trusted call must say on its line where its fragment comes from.
# Usage: check_html.sh [FILE...]   (default: every handler file)
set -u
cd "$(dirname "$0")/.."
RAW_OK="src/web/html.c src/web/router.c src/web/http.c src/web/sse.c src/web/static.c src/api/api.c"
if [ $# -gt 0 ]; then files=("$@"); else files=(src/web/*.c src/api/*.c); fi
bad=0
for f in "${files[@]}"; do
	case " $RAW_OK " in *" $f "*) raw_ok=1 ;; *) raw_ok=0 ;; esac
	if [ "$raw_ok" = 0 ]; then
		if grep -nE '\b(buf_puts|buf_printf|buf_vprintf|buf_append|buf_putc|fprintf|fputs|printf|sprintf|snprintf)[[:space:]]*\(' "$f" |
			grep -vE 'snprintf\([a-z_]+, sizeof [a-z_]+, "%(d|lld|zu)"' >/tmp/check_html.$$; then
			# snprintf into a local buffer of a number is harmless; anything
			# else that writes text must go through the escaping writer.
			if [ -s /tmp/check_html.$$ ]; then
				sed "s|^|$f:|; s|$|  <- write through html_text/html_printf instead|" /tmp/check_html.$$
				bad=1
			fi
		fi
	fi
	[ "$f" = src/web/html.c ] && continue
	if grep -n 'html_raw_literal_' "$f" >/dev/null; then
		grep -n 'html_raw_literal_' "$f" | sed "s|^|$f:|; s|$|  <- use html_raw(b, \"literal\")|"
		bad=1
	fi
	if grep -n 'html_raw_trusted(' "$f" | grep -v '/\* trusted:' >/tmp/check_html.$$ && [ -s /tmp/check_html.$$ ]; then
		sed "s|^|$f:|; s|$|  <- html_raw_trusted needs a /* trusted: why */ comment|" /tmp/check_html.$$
		bad=1
	fi
done
rm -f /tmp/check_html.$$
if [ $# -eq 0 ]; then
	# The check must be able to fail: it has to reject the known-bad fixture.
	if bash "$0" tests/fixtures/unescaped_handler.c >/dev/null 2>&1; then
		echo "check_html.sh: the check accepted tests/fixtures/unescaped_handler.c"
		bad=1
	fi
fi
exit $bad
