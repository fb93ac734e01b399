#!/usr/bin/env bash
# bench/workbook.sh - the workbook reader against the CSV reader on the same
# SYNTHETIC rows (bench_gen's all-data file, and the same rows written as
# .xlsx by libxlsxwriter in constant-memory mode). Prints wall and CPU time
# and peak RSS for bench_read (the readers alone) and for blsreport on each
# file, and pandas.read_excel when python3-pandas is installed.
#
#   bench/workbook.sh [ROWS]        (default 400000; inputs cached in bench/data/)
set -euo pipefail
rows=${1:-400000}
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build-bench
data=$src/bench/data
mkdir -p "$data"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBLS_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_workbook_tools >/dev/null
csv=$data/synthetic_oews_alldata_$rows.csv
xlsx=$data/synthetic_oews_alldata_$rows.xlsx
[[ -s $csv ]] || "$build/bench/bench_gen" "$rows" >"$csv"
[[ -s $xlsx ]] || "$build/bench/bench_gen_xlsx" "$csv" "$xlsx"
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() { # label command...
    local label=$1 best="" line
    shift
    for _ in 1 2 3; do
        line=$(/usr/bin/time -f "%e %U %S %M" "$@" 2>&1 >/dev/null | tail -1)
        if [[ -z $best ]] || awk -v a="$line" -v b="$best" 'BEGIN{split(a,x," ");split(b,y," ");exit !(x[2]+x[3]<y[2]+y[3])}'; then
            best=$line
        fi
    done
    read -r wall user sys rss <<<"$best"
    printf '| %-34s | %7.2f | %7.2f | %8.1f |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
}
echo "rows: $rows; CSV $(du -h "$csv" | cut -f1), xlsx $(du -h "$xlsx" | cut -f1) (sheet XML $(unzip -l "$xlsx" | awk '/sheet1.xml/{printf "%.0f MB", $1/1e6}'))"
echo
echo "| what (best of 3 by CPU) | wall s | CPU s | peak RSS MB |"
echo "|---|---:|---:|---:|"
measure "bench_read CSV (bls_reader)" "$build/bench/bench_read" "$csv"
measure "bench_read xlsx (bls_workbook)" "$build/bench/bench_read" "$xlsx"
measure "blsreport --no-pdf --no-xlsx CSV" "$build/blsreport" --no-pdf --no-xlsx -o "$out" --wage-period "May 2023" "$csv"
measure "blsreport --no-pdf --no-xlsx xlsx" "$build/blsreport" --no-pdf --no-xlsx -o "$out" --wage-period "May 2023" "$xlsx"
if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    line=$(/usr/bin/time -f "%e %U %S %M" /usr/bin/python3 -c \
        "import pandas as pd, sys; pd.read_excel(sys.argv[1], dtype=object)" "$xlsx" 2>&1 | tail -1)
    read -r wall user sys rss <<<"$line"
    printf '| %-34s | %7.2f | %7.2f | %8.1f |\n' "pandas.read_excel (1 run)" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
fi
