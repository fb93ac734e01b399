#!/usr/bin/env bash
# The man page and the shell completions name exactly the options --help
# lists; the man page formats without warnings; bash completion completes.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
longs() { grep -o -- '--[a-z][a-z-]*' | sort -u; }
"$BLSREPORT" --help | longs > "$tmp/help"
[[ $(wc -l < "$tmp/help") -ge 20 ]] || fail "--help lists too few options"
sed 's/\\-/-/g' "$BLS_SOURCE_DIR/docs/blsreport.1" | grep -v '^\.\\"' | longs > "$tmp/man"
sed -n '/compgen -W "-o/,/-- "\$cur"))/p' "$BLS_SOURCE_DIR/completions/blsreport.bash" | longs > "$tmp/bash"
grep -o -- "--[a-z][a-z-]*\[" "$BLS_SOURCE_DIR/completions/_blsreport" | tr -d '[' | sort -u > "$tmp/zsh0"
grep -o -- "{-[a-zA-Z],--[a-z-]*}" "$BLS_SOURCE_DIR/completions/_blsreport" | longs > "$tmp/zsh1"
sort -u "$tmp/zsh0" "$tmp/zsh1" > "$tmp/zsh"
for f in man bash zsh; do
    diff "$tmp/help" "$tmp/$f" > "$tmp/$f.diff" \
        || fail "$f differs from --help (< only in --help, > only in $f): $(cat "$tmp/$f.diff")"
done
# every short option of --help too
"$BLSREPORT" --help | grep -o -- '^  -[a-zA-Z],' | tr -d ' ,' | sort -u > "$tmp/shorts"
while read -r s; do
    grep -q -- "\\\\$s\b\|\\\\-${s#-}\b\|B \\\\$s\|BR \\\\$s" "$BLS_SOURCE_DIR/docs/blsreport.1" || fail "man page lacks $s"
    grep -q -- " $s " "$BLS_SOURCE_DIR/completions/blsreport.bash" \
        || grep -q -- "$s |$s$\|\"$s " "$BLS_SOURCE_DIR/completions/blsreport.bash" || fail "bash completion lacks $s"
done < "$tmp/shorts"
if command -v groff >/dev/null; then
    warnings=$(groff -man -Tutf8 -ww -z "$BLS_SOURCE_DIR/docs/blsreport.1" 2>&1)
    [[ -z $warnings ]] || fail "groff: $warnings"
fi
# bash completion: source it and complete an option and an option's value
bash -c '
    source "$1"
    COMP_WORDS=(blsreport --fail); COMP_CWORD=1; _blsreport
    [[ " ${COMPREPLY[*]} " == *" --fail-on "* ]] || { echo "no --fail-on: ${COMPREPLY[*]}"; exit 1; }
    COMP_WORDS=(blsreport --json-findings e); COMP_CWORD=2; _blsreport
    [[ "${COMPREPLY[*]}" == "errors" ]] || { echo "value: ${COMPREPLY[*]}"; exit 1; }
' _ "$BLS_SOURCE_DIR/completions/blsreport.bash" || fail "bash completion"
echo "e2e_docs: ok"
