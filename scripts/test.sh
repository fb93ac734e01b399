#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this):
#  1. install what is missing (build + test tools)
#  2. warnings-as-errors build in build-test/, every ctest test
#  3. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer
#  4. the end-to-end run under valgrind memcheck (zero errors, zero leaks)
#  5. each libFuzzer harness (reader, extract, workbook) for a while on its committed corpus
#  6. clang-tidy and cppcheck on the project's code (scripts/lint.sh)
# BLS_FUZZ_SECONDS (default 30) sets step 5's time per harness; 0 skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
jobs=$(nproc)

step() { printf '\n== %s\n' "$*"; }

step "build (-Werror) and unit + end-to-end tests"
cmake -S . -B build-test -DBLS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$jobs" >/dev/null
ctest --test-dir build-test --output-on-failure -j"$jobs"

step "AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DBLS_WERROR=ON -DBLS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp":print_suppressions=0 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs"

step "valgrind memcheck on the end-to-end run"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1700000000 valgrind --quiet --error-exitcode=99 --leak-check=full \
    --suppressions=tests/valgrind.supp \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    ./build-test/blsreport -q -o "$tmp/out" --json "$tmp/out/summary.json" \
    --charts-dir "$tmp/out/charts" input/* \
    || { rc=$?; if [[ $rc -eq 99 ]]; then echo "valgrind found errors" >&2; exit 1; fi; \
         if [[ $rc -gt 1 ]]; then echo "blsreport failed under valgrind ($rc)" >&2; exit 1; fi; }
echo "valgrind: no errors, no leaks"

fuzz_seconds=${BLS_FUZZ_SECONDS:-30}
if [[ "$fuzz_seconds" != 0 ]]; then
    step "fuzzing, ${fuzz_seconds}s per harness"
    cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBLS_FUZZ=ON -DBLS_TESTS=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build-fuzz -j"$jobs" --target fuzz_reader fuzz_extract fuzz_workbook >/dev/null
    for h in reader extract workbook; do
        work="$tmp/corpus-$h"
        mkdir -p "$work"
        cp -r "fuzz/corpus/$h/." "$work/"
        dict=()
        [[ -f "fuzz/$h.dict" ]] && dict=(-dict="fuzz/$h.dict")
        ./build-fuzz/fuzz/fuzz_$h "${dict[@]}" -max_total_time="$fuzz_seconds" -max_len=65536 \
            -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$tmp/" -print_final_stats=1 \
            "$work" 2>"$tmp/fuzz-$h.log" || { tail -50 "$tmp/fuzz-$h.log"; exit 1; }
        grep -E "stat::number_of_executed_units|Done" "$tmp/fuzz-$h.log" | head -2
    done
fi

step "static analysis"
scripts/lint.sh

printf '\nall test steps passed\n'
