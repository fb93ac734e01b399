#!/bin/sh
# bench/run.sh - speed and memory of blsreport on synthetic OEWS all-data
# files, next to the floor (bench_floor: libcsv -> libxlsxwriter, nothing
# else). See bench/README.md. All input data are SYNTHETIC (bench_gen).
#
#   bench/run.sh [--sizes "100000 400000"] [--quick] [--runs N] [--peer]
#                [--extra "BLSREPORT ARGS"] [--no-build] [--keep]
#
# Writes the table to stdout and to bench/results/latest.md (git-ignored).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build-bench"
DATA="$ROOT/bench/data"
RESULTS="$ROOT/bench/results"
SIZES="100000 400000 1600000"
NATIONAL_ROWS=1100
RUNS=""          # empty: 3 up to 400,000 rows, 1 above
EXTRA=""         # extra blsreport arguments, e.g. --no-pdf
PEER=0
BUILD_FIRST=1
KEEP=0
# The generator writes the May 2021+ layout and top code; its file names
# carry no "M2023", so the survey period is given on the command line.
PERIOD="May 2023"

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    cat <<EOF
Options:
  --sizes "N ..."  row counts of the all-data files (default: $SIZES)
  --quick          smoke run: sizes "20000 50000", 1 run each, national 5 runs
  --runs N         runs per size (best time kept; default 3 up to 400,000
                   rows, 1 above)
  --peer           also time bench/peer_pandas.py (pandas + XlsxWriter +
                   matplotlib; installs the Debian packages when root)
  --extra ARGS     more blsreport arguments (e.g. "--no-pdf")
  --no-build       use the binaries already in build-bench/
  --keep           keep the temporary output directory
EOF
}

QUICK=0
while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --peer) PEER=1; shift ;;
    --extra) EXTRA=$2; shift 2 ;;
    --no-build) BUILD_FIRST=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done
NATIONAL_RUNS=20
if [ "$QUICK" = 1 ]; then
    SIZES="20000 50000"
    RUNS=${RUNS:-1}
    NATIONAL_RUNS=5
fi

# ---- tools ------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "run.sh: installing GNU time (apt-get install time)" >&2
        apt-get install -y -q time >/dev/null
    else
        echo "run.sh: /usr/bin/time (GNU time) is missing: apt-get install time" >&2
        exit 2
    fi
fi
if [ "$BUILD_FIRST" = 1 ]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j"$(nproc 2>/dev/null || echo 2)" --target bench_tools >/dev/null
fi
GEN="$BUILD/bench/bench_gen"
FLOOR="$BUILD/bench/bench_floor"
BLS="$BUILD/blsreport"
for exe in "$GEN" "$FLOOR" "$BLS"; do
    [ -x "$exe" ] || { echo "run.sh: $exe not built" >&2; exit 2; }
done
PYTHON=/usr/bin/python3
if [ "$PEER" = 1 ]; then
    if ! "$PYTHON" -c 'import pandas, xlsxwriter, matplotlib' 2>/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "run.sh: installing python3-pandas python3-xlsxwriter python3-matplotlib" >&2
            apt-get install -y -q python3-pandas python3-xlsxwriter python3-matplotlib >/dev/null
        fi
    fi
    if ! "$PYTHON" -c 'import pandas, xlsxwriter, matplotlib' 2>/dev/null; then
        echo "run.sh: --peer needs Debian's python3-pandas python3-xlsxwriter" \
            "python3-matplotlib; skipping the peer" >&2
        PEER=0
    fi
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/blsbench.XXXXXX")
cleanup() {
    if [ "$KEEP" = 1 ]; then
        echo "run.sh: kept $TMP" >&2
    else
        rm -rf "$TMP"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$DATA" "$RESULTS"

# ---- measuring --------------------------------------------------------------
# smaller A B: the smaller of two times, A may be empty (no time yet).
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

# measure RUNS CMD...: sets BEST_S (fastest wall time), PEAK_KB (largest peak
# RSS over the runs) and RC (exit code of the last run). Output to $TMP/log.
measure() {
    n=$1; shift
    BEST_S=""; PEAK_KB=0; RC=0; i=0
    while [ "$i" -lt "$n" ]; do
        i=$((i + 1))
        # Start from clean page cache state: without this, the previous
        # run's output (60+ MB at 400k rows) was written back to disk during
        # the next run, and the floor, which runs after blsreport, paid for
        # it (one 400k floor came out 20% slower than blsreport itself).
        sync
        set +e
        /usr/bin/time -f '%e %M' -o "$TMP/time" "$@" >"$TMP/log" 2>&1
        RC=$?
        set -e
        # GNU time prefixes "Command exited with non-zero status N" then.
        read -r s kb <<EOF
$(tail -n 1 "$TMP/time")
EOF
        BEST_S=$(smaller "$BEST_S" "$s")
        if [ "$kb" -gt "$PEAK_KB" ]; then PEAK_KB=$kb; fi
    done
}

generate() {
    rows=$1
    file="$DATA/synthetic_oews_alldata_$rows.csv"
    if [ ! -s "$file" ]; then
        echo "run.sh: generating $file (synthetic)" >&2
        "$GEN" "$rows" >"$file.tmp" && mv "$file.tmp" "$file"
    fi
    FILE=$file
}

# measure_bls RUNS CSV: blsreport's whole run (validation, cross-check, XLSX,
# PDF, JSON summary) into $TMP/out and $TMP/s.json.
measure_bls() {
    rm -rf "$TMP/out" "$TMP/s.json"
    # shellcheck disable=SC2086 # EXTRA is a list of words
    measure "$1" "$BLS" -q -o "$TMP/out" --json "$TMP/s.json" --wage-period "$PERIOD" $EXTRA "$2"
}

findings_of() { # "errors/warnings" from the JSON summary, "?" without it
    if [ -s "$TMP/s.json" ]; then
        "$PYTHON" -c 'import json,sys; v=json.load(open(sys.argv[1]))["validation"]; print("%d/%d" % (v["errors"], v["warnings"]))' "$TMP/s.json" 2>/dev/null || echo "?"
    else
        echo "?"
    fi
}

mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# ---- the table --------------------------------------------------------------
OUT="$RESULTS/latest.md"
{
    echo "## blsreport benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "- commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')," \
        "$(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs:" \
        "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)"
    echo "- inputs: SYNTHETIC OEWS all-data files from bench_gen (seed 1), not BLS data"
    echo "- blsreport: whole run (validation, cross-check, XLSX, PDF, JSON summary):" \
        "\`blsreport -q -o DIR --json FILE --wage-period \"$PERIOD\"${EXTRA:+ $EXTRA} CSV\`"
    echo "- floor: bench_floor (libcsv parse + libxlsxwriter constant_memory, every cell)"
    echo "- times are the best wall-clock time of the runs; ratio = best / best;" \
        "paired = the median of each turn's blsreport / floor (the two run back to back," \
        "in alternating order); RSS is the largest peak (GNU time %M)"
    echo
    echo "| rows | MB | runs | floor s | floor RSS MB | blsreport s | ratio | paired | blsreport RSS MB | rows/s | MB/s | exit | errors/warnings |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} >"$TMP/table"
cat "$TMP/table"

for rows in $SIZES; do
    generate "$rows"
    bytes=$(wc -c <"$FILE")
    runs=${RUNS:-$([ "$rows" -le 400000 ] && echo 3 || echo 1)}
    cat "$FILE" >/dev/null # same warm page cache for both programs

    # Floor and blsreport take turns, in alternating order (F B, B F, ...),
    # so that a machine that slows down during the measurement slows both;
    # the best of each is kept, and each turn's ratio for the paired median.
    floor_s=""; floor_kb=0; bls_s=""; bls_kb=0; turn=0; : >"$TMP/ratios"
    while [ "$turn" -lt "$runs" ]; do
        turn=$((turn + 1))
        for who in $([ $((turn % 2)) = 1 ] && echo "floor bls" || echo "bls floor"); do
            if [ "$who" = floor ]; then
                measure 1 "$FLOOR" "$FILE" "$TMP/floor.xlsx"
                [ "$RC" = 0 ] || { echo "run.sh: bench_floor failed on $FILE:" >&2; cat "$TMP/log" >&2; }
                floor_s=$(smaller "$floor_s" "$BEST_S"); floor_turn=$BEST_S
                if [ "$PEAK_KB" -gt "$floor_kb" ]; then floor_kb=$PEAK_KB; fi
                rm -f "$TMP/floor.xlsx"
            else
                measure_bls 1 "$FILE"
                bls_rc=$RC
                [ "$bls_rc" -le 1 ] || { echo "run.sh: blsreport exited $bls_rc on $FILE:" >&2; cat "$TMP/log" >&2; }
                bls_s=$(smaller "$bls_s" "$BEST_S"); bls_turn=$BEST_S
                if [ "$PEAK_KB" -gt "$bls_kb" ]; then bls_kb=$PEAK_KB; fi
                found=$(findings_of)
                rm -rf "$TMP/out" "$TMP/s.json"
            fi
        done
        awk -v b="$bls_turn" -v f="$floor_turn" 'BEGIN { if (f > 0) print b / f }' >>"$TMP/ratios"
    done
    paired=$(sort -g "$TMP/ratios" | awk '{ v[NR] = $1 } END {
        if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2];
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')

    line=$(awk -v r="$rows" -v b="$bytes" -v n="$runs" -v fs="$floor_s" -v fk="$floor_kb" \
        -v bs="$bls_s" -v bk="$bls_kb" -v rc="$bls_rc" -v f="$found" -v pr="$paired" 'BEGIN {
        printf "| %d | %.1f | %d | %.2f | %.1f | %.2f | %.2f | %.2f | %.1f | %.0f | %.1f | %d | %s |",
            r, b / 1048576, n, fs, fk / 1024, bs, (fs > 0 ? bs / fs : 0), pr, bk / 1024,
            (bs > 0 ? r / bs : 0), (bs > 0 ? b / 1048576 / bs : 0), rc, f }')
    echo "$line" | tee -a "$TMP/table"
done

# ---- the national-size file, end to end -----------------------------------
generate "$NATIONAL_ROWS"
{
    echo
    echo "National-size file ($NATIONAL_ROWS synthetic rows, $(mb "$(wc -c <"$FILE")") MB), whole run, goal < 0.1 s:"
    echo
} | tee -a "$TMP/table"
# Short runs: bench/turns_timer.py (milliseconds; the three commands take turns).
# "-j1" is blsreport on one thread (the PDF drawn after the workbook).
rm -rf "$TMP/out" "$TMP/s.json"
# shellcheck disable=SC2086 # EXTRA is a list of words
"$PYTHON" "$ROOT/bench/turns_timer.py" "$NATIONAL_RUNS" 2 \
    -- floor "$FLOOR" "$FILE" "$TMP/floor.xlsx" \
    -- blsreport "$BLS" -q -o "$TMP/out" --json "$TMP/s.json" --wage-period "$PERIOD" $EXTRA "$FILE" \
    -- "blsreport-j1" "$BLS" -q -j1 -o "$TMP/out1" --wage-period "$PERIOD" $EXTRA "$FILE" \
    >"$TMP/national"
measure_bls 1 "$FILE" # peak RSS (GNU time) and the findings
{
    echo "| program | best s | median s | exit |"
    echo "|---|---:|---:|---:|"
    awk '{ printf "| %s | %.3f | %.3f | %d |\n", $1, $2, $3, $4 }' "$TMP/national"
    echo
    echo "($NATIONAL_RUNS runs each, taking turns; blsreport peak RSS" \
        "$(awk -v k="$PEAK_KB" 'BEGIN { printf "%.1f", k / 1024 }') MB, errors/warnings $(findings_of))"
} | tee -a "$TMP/table"

# ---- the peer: what an analyst would write --------------------------------
if [ "$PEER" = 1 ]; then
    {
        echo
        echo "Peer: bench/peer_pandas.py (pandas read_csv + XlsxWriter + matplotlib):"
        echo
        echo "| rows | peer s | peer RSS MB | blsreport s / peer s |"
        echo "|---:|---:|---:|---:|"
    } | tee -a "$TMP/table"
    for rows in $SIZES; do
        generate "$rows"
        runs=${RUNS:-$([ "$rows" -le 400000 ] && echo 3 || echo 1)}
        measure "$runs" "$PYTHON" "$ROOT/bench/peer_pandas.py" "$FILE" "$TMP/peer"
        [ "$RC" = 0 ] || { echo "run.sh: peer failed on $FILE:" >&2; cat "$TMP/log" >&2; }
        peer_s=$BEST_S; peer_kb=$PEAK_KB
        bls_s=$(awk -F'|' -v r="$rows" '$2 + 0 == r { print $7 + 0 }' "$TMP/table" | head -n 1)
        awk -v r="$rows" -v ps="$peer_s" -v pk="$peer_kb" -v bs="$bls_s" 'BEGIN {
            printf "| %d | %.2f | %.1f | %.2f |\n", r, ps, pk / 1024, (ps > 0 ? bs / ps : 0) }' |
            tee -a "$TMP/table"
        rm -rf "$TMP/peer"
    done
fi

if grep -q '| [2-9][0-9]* | [^|]* |$' "$TMP/table" || grep -q 'exit [2-9]' "$TMP/table"; then
    {
        echo
        echo "Note: an exit code above 1 means blsreport did not finish its run (2: usage or"
        echo "input, 3: an output could not be written): those times are not a whole run."
    } | tee -a "$TMP/table"
fi
cp "$TMP/table" "$OUT"
echo >&2
echo "run.sh: results in ${OUT#"$ROOT"/}" >&2
