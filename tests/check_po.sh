#!/usr/bin/env bash
# check_po.sh — French must be complete: every message the code marks for
# translation has a French translation that is neither missing nor fuzzy.
set -eu
cd "$(dirname "$0")/.."
pot=$(mktemp --suffix=.pot)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 -k_ -kN_ -kT:2 -kTN:2,3 -o "$pot" src/*/*.c
msgfmt --check -o /dev/null po/fr.po
fuzzy=$(msgattrib --only-fuzzy --no-obsolete po/fr.po | grep -c '^msgid' || true)
if [ "$fuzzy" -gt 0 ]; then
	echo "po/fr.po has fuzzy translations:"
	msgattrib --only-fuzzy --no-obsolete po/fr.po | grep '^msgid' | head
	exit 1
fi
# msgcmp fails when a msgid of the sources has no translation in fr.po.
msgcmp po/fr.po "$pot"
echo "French catalogue complete: $(grep -c '^msgid' "$pot") messages"
