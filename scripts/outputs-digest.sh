#!/usr/bin/env bash
# Print a SHA-256 for every output of a fixed set of runs: the main job on
# input/ and runs on the real BLS files (../shared/bls/real or
# $BLS_REAL_DATA). Run it before and after a refactoring and diff the two:
#   scripts/outputs-digest.sh build/blsreport > /tmp/before.txt
# Every file (XLSX, PDF, JSON, SARIF, charts, stdout, stderr, exit code)
# must be byte-identical unless the change fixes a defect.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/blsreport}")
real=$(realpath "${BLS_REAL_DATA:-../shared/bls/real}")
export SOURCE_DATE_EPOCH=1700000000 TZ=UTC LC_ALL=C.UTF-8
# A fixed work directory: the workbook and summaries name their paths.
work=${DIGEST_WORK:-/tmp/blsreport-digest}
rm -rf "$work" && mkdir -p "$work"

run() {   # run NAME ARGS...: outputs into $work/NAME
    local name=$1; shift
    local dir="$work/$name"
    mkdir -p "$dir"
    local rc=0
    "$bin" -o "$dir" --json "$dir/summary.json" --sarif "$dir/findings.sarif" \
        --charts-dir "$dir/charts" --max-diagnostics 100000 -v "$@" \
        >"$dir/stdout.txt" 2>"$dir/stderr.txt" || rc=$?
    echo "$rc" >"$dir/rc"
    # Paths in messages depend on where the work directory is.
    sed -i "s#$work#WORK#g; s#$real#REAL#g" "$dir/stdout.txt" "$dir/stderr.txt" \
        "$dir/summary.json" "$dir/findings.sarif" 2>/dev/null
}

run main input
run main_github --diagnostics github input
run extract --extract-claims input/000_6dcdeebd65410cef.txt input/oes_national_M2014_dl.csv
run oews2014 input/000_6dcdeebd65410cef.txt "$real/oews/csv_exports/national_M2014_dl.csv" \
    "$real/ep/occupation_2012-22_table_1.7.csv"
run oews2002 "$real/oews/csv_exports/national_2002_dl.csv"
run oews2009 "$real/oews/csv_exports/national_dl.csv"
run oews2023 "$real/oews/csv_exports/national_M2023_dl.csv"
run ep1929 input/claims_health_technicians.csv "$real/ep/table_1.2_2019-29_export_macroman_crlf.csv" \
    "$real/ep/table_1.7_2019-29_export_macroman_crlf.csv"
run xls input/000_6dcdeebd65410cef.txt "$real/oews/official_zips/oesm14nat.zip" \
    "$real/ep/occupation_2012-22.xls"
run xlsx "$real/oews/national_M2020_dl.xlsx" "$real/ep/occupation_2019-29.xlsx"
run select --select '29-*' input
run perdoc --per-document input

cd "$work" && find . -type f | LC_ALL=C sort | xargs sha256sum
