#!/usr/bin/env bash
# Many documents against one data set (#17): the time to check N SYNTHETIC
# articles (bench/gen_articles.py: the seed article's sentence shapes with
# BLS's real May 2014 national median wages) against BLS's real national
# May 2014 OES file, and the peak memory, for N = 1 ... 10,000.
#   bench/articles.sh [BLSREPORT] [SIZES]     default: build/blsreport, "1 1000 5000 10000"
#   RUNS=3 (default): the best of 3 runs per size
# Two runs per size: "check" writes nothing (--no-xlsx --no-pdf, no JSON):
# reading, extraction and checking alone; "json" also builds the JSON summary
# (--json, --json-findings none). CPU seconds (user + system, GNU time) are
# given beside wall seconds: on a shared machine the wall clock measures the
# neighbours too. Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/blsreport}
sizes=${2:-"1 1000 5000 10000"}
data="$here/../../shared/bls/real/oews/csv_exports/national_M2014_dl.csv"
[[ -f $data ]] || data=${BLS_REAL_DATA:?set BLS_REAL_DATA to ../shared/bls/real}/oews/csv_exports/national_M2014_dl.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME ARGS...: best CPU and wall seconds and the largest RSS (MB) over RUNS runs
measure() {
    local best_cpu="" best_wall="" rss=0 run e u s m
    for ((run = 0; run < ${RUNS:-3}; run++)); do
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" -q --no-pdf --no-xlsx "$@" \
            >/dev/null 2>&1 || true
        read -r e u s m < <(tail -n 1 "$work/time")
        cpu=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')
        if [[ -z $best_cpu ]] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN{exit !(a<b)}'; then
            best_cpu=$cpu best_wall=$e
        fi
        (( m > rss )) && rss=$m
    done
    echo "$best_cpu $best_wall $(awk -v m="$rss" 'BEGIN{printf "%.1f", m/1024}')"
}

echo "| articles | claims | check: CPU s | wall s | CPU ms per article | peak RSS MB | with JSON: CPU s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
base=""
for n in $sizes; do
    python3 "$here/gen_articles.py" "$data" "$n" "$work/a$n" 2>/dev/null
    read -r cpu wall rss < <(measure "$data" "$work/a$n")
    read -r jcpu _ jrss < <(measure --json "$work/s.json" --json-findings none "$data" "$work/a$n")
    claims=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["claims"]))' "$work/s.json")
    [[ -z $base ]] && base=$cpu
    per=$(awk -v t="$cpu" -v b="$base" -v n="$n" 'BEGIN{ if (n>1) printf "%.2f", 1000*(t-b)/(n-1); else print "-" }')
    echo "| $n | $claims | $cpu | $wall | $per | $rss | $jcpu | $jrss |"
    rm -rf "$work/a$n"
done
