#!/usr/bin/env bash
# Static analysis of blsreport's own C code (src/**/*.c; tests, fuzz harnesses
# and bench are not linted here):
#  1. clang-tidy with the checks in .clang-tidy, driven by the compile
#     commands of build-lint/ (configured here, nothing is built)
#  2. cppcheck (warning, style, performance, portability)
# Prints each tool's findings and a count; exits 1 when either found
# anything, 2 when a tool is missing. Runs in about a minute on 2 cores.
# Environment: CLANG_TIDY (default clang-tidy-14, else clang-tidy),
# LINT_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

tidy=${CLANG_TIDY:-}
if [[ -z "$tidy" ]]; then
    if command -v clang-tidy-14 >/dev/null; then tidy=clang-tidy-14; else tidy=clang-tidy; fi
fi
for tool in "$tidy" cppcheck cmake; do
    command -v "$tool" >/dev/null || { echo "lint: $tool not found" >&2; exit 2; }
done
jobs=${LINT_JOBS:-$(nproc)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== clang-tidy ($("$tidy" --version | grep -o 'version [0-9.]*'))"
cmake -S . -B build-lint -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DBLS_TESTS=OFF >/dev/null
# The PDF renderer's files are compiled twice (the module and the static
# library for its tests): keep one command per file, so that each file is
# analysed once.
mkdir -p build-lint/once
/usr/bin/python3 - build-lint/compile_commands.json build-lint/once/compile_commands.json <<'PY'
import json, sys
seen, once = set(), []
for entry in json.load(open(sys.argv[1])):
    if entry["file"] not in seen:
        seen.add(entry["file"])
        once.append(entry)
json.dump(once, open(sys.argv[2], "w"), indent=1)
PY
# One clang-tidy per file, $jobs at a time, largest file first (it takes the
# longest); each writes its own log so the output is not interleaved.
# --quiet drops the "N warnings suppressed" chatter.
find src -name '*.c' -print0 | xargs -0 ls -S | tr '\n' '\0' |
    xargs -0 -P "$jobs" -I{} sh -c \
        '"$1" -p build-lint/once --quiet "$2" >"$3/$(echo "$2" | tr / _).tidy" 2>&1 || true' \
        sh "$tidy" {} "$out"
cat "$out"/*.tidy | grep -v -E '^[0-9]+ warnings? generated\.$' || true
tidy_count=$(cat "$out"/*.tidy | grep -c -E ': (warning|error): ' || true)
echo "clang-tidy: $tidy_count finding(s)"

echo "== cppcheck ($(cppcheck --version))"
# False positives of cppcheck 2.10, suppressed here because the files
# belong to modules whose authors are still writing them (inline
# `// cppcheck-suppress` comments are used everywhere else):
#  - render_xlsx.c: an array of const function pointers and a designated
#    initialiser ({.hidden = LXW_TRUE}) read as uninitialised variables.
cppcheck_status=0
cppcheck --enable=warning,style,performance,portability --std=c11 --inline-suppr \
    --error-exitcode=1 --quiet -j "$jobs" -I include \
    --suppress=uninitvar:src/render/render_xlsx.c \
    --suppress=legacyUninitvar:src/render/render_xlsx.c \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    src 2>"$out/cppcheck.txt" || cppcheck_status=$?
cat "$out/cppcheck.txt"
cppcheck_count=$(grep -c -E '^src/.*: (error|warning|style|performance|portability): ' \
    "$out/cppcheck.txt" || true)
echo "cppcheck: $cppcheck_count finding(s)"

if [[ "$tidy_count" -ne 0 || "$cppcheck_count" -ne 0 || "$cppcheck_status" -ne 0 ]]; then
    echo "lint: findings (clang-tidy $tidy_count, cppcheck $cppcheck_count)" >&2
    exit 1
fi
echo "lint: clean"
