#!/usr/bin/env bash
# Many documents against one data set (#17): the time to check N SYNTHETIC
# articles (bench/gen_articles.py: the seed article's sentence shapes with
# BLS's real May 2014 national median wages) against BLS's real national
# May 2014 OES file, and the peak memory, for N = 1 ... 10,000.
#   bench/articles.sh [BLSREPORT] [SIZES]     default: build/blsreport, "1 1000 5000 10000"
# Prints a Markdown table: wall seconds (best of 3), peak RSS (GNU time %M),
# claims checked, and the time per article over the 1-article run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/blsreport}
sizes=${2:-"1 1000 5000 10000"}
data="$here/../../shared/bls/real/oews/csv_exports/national_M2014_dl.csv"
[[ -f $data ]] || data=${BLS_REAL_DATA:?set BLS_REAL_DATA to ../shared/bls/real}/oews/csv_exports/national_M2014_dl.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| articles | claims | wall s (best of RUNS, default 3) | s per article above 1 | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|"
base=""
for n in $sizes; do
    python3 "$here/gen_articles.py" "$data" "$n" "$work/a$n" 2>/dev/null
    best=""
    rss=0
    for ((run = 0; run < ${RUNS:-3}; run++)); do
        /usr/bin/time -f "%e %M" -o "$work/time" "$bin" -q --no-pdf --no-xlsx \
            --json "$work/s.json" --json-findings none "$data" "$work/a$n" 2>/dev/null || true
        read -r t m < <(tail -n 1 "$work/time")
        [[ -z $best ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}' && best=$t
        (( m > rss )) && rss=$m
    done
    claims=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["claims"]))' "$work/s.json")
    [[ -z $base ]] && base=$best
    per=$(awk -v t="$best" -v b="$base" -v n="$n" 'BEGIN{ if (n>1) printf "%.6f", (t-b)/(n-1); else print "-" }')
    printf "| %s | %s | %s | %s | %.1f |\n" "$n" "$claims" "$best" "$per" "$(awk -v m="$rss" 'BEGIN{print m/1024}')"
    rm -rf "$work/a$n"
done
