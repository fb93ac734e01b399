#!/bin/sh
# bench/run.sh - speed and memory of blsreport on synthetic OEWS all-data
# files and on the real national file with the article, next to the floor
# (bench_floor: libcsv -> libxlsxwriter, nothing else), the pandas peer and
# the deflate limit (zlib alone on the same sheet XML). See bench/README.md.
# The all-data inputs are SYNTHETIC (bench_gen).
#
#   bench/run.sh [--sizes "100000 400000"] [--quick] [--runs N] [--no-peer]
#                [--peer-max ROWS] [--extra "ARGS"] [--no-build] [--keep]
#
# Writes the tables to stdout and to bench/results/latest.md (git-ignored).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build-bench"
DATA="$ROOT/bench/data"
RESULTS="$ROOT/bench/results"
SIZES="100000 400000 1600000"
RUNS=""          # empty: 3 up to 400,000 rows, 1 above
EXTRA=""         # extra blsreport arguments, e.g. --no-pdf
PEER=1
PEER_MAX=400000  # the peer holds its whole sheet in memory: ~2.3 GB at 400k
BUILD_FIRST=1
KEEP=0
# The generator writes the May 2021+ layout and top code; its file names
# carry no "M2023", so the survey period is given on the command line.
PERIOD="May 2023"
# The real national file and the article (national row of the table).
REAL=${BLS_REAL_DATA:-$ROOT/../shared/bls/real}
NATIONAL="$REAL/oews/csv_exports/national_M2014_dl.csv"
ARTICLE=$(ls "$ROOT"/input/000_*.txt 2>/dev/null | head -n 1 || true)

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    cat <<EOF
Options:
  --sizes "N ..."  row counts of the all-data files (default: $SIZES)
  --quick          smoke run: sizes "20000 50000", 1 run each, national 5 runs
  --runs N         turns per size (best time kept; default 3 up to 400,000
                   rows, 1 above)
  --no-peer        do not time bench/peer_pandas.py
  --peer-max ROWS  time the peer up to this size (default $PEER_MAX)
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
    --peer) PEER=1; shift ;; # the default; kept for old command lines
    --no-peer) PEER=0; shift ;;
    --peer-max) PEER_MAX=$2; shift 2 ;;
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
    cmake --build "$BUILD" -j2 --target bench_tools >/dev/null
fi
GEN="$BUILD/bench/bench_gen"
FLOOR="$BUILD/bench/bench_floor"
DEFLATE="$BUILD/bench/bench_deflate"
BLS="$BUILD/blsreport"
for exe in "$GEN" "$FLOOR" "$BLS"; do
    [ -x "$exe" ] || { echo "run.sh: $exe not built" >&2; exit 2; }
done
if [ ! -x "$DEFLATE" ]; then
    echo "run.sh: no bench_deflate (apt-get install zlib1g-dev); no zlib columns" >&2
fi
PYTHON=/usr/bin/python3
if [ "$PEER" = 1 ]; then
    if ! "$PYTHON" -c 'import pandas, xlsxwriter, matplotlib' 2>/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "run.sh: installing python3-pandas python3-xlsxwriter python3-matplotlib" >&2
            apt-get install -y -q python3-pandas python3-xlsxwriter python3-matplotlib >/dev/null
        fi
    fi
    if ! "$PYTHON" -c 'import pandas, xlsxwriter, matplotlib' 2>/dev/null; then
        echo "run.sh: the peer needs Debian's python3-pandas python3-xlsxwriter" \
            "python3-matplotlib; skipping it" >&2
        PEER=0
    fi
fi
# --xlsx-compression fast needs the shared libxlsxwriter (xlsx_deflate.h);
# without it the "fast" columns stay empty.
FAST=1
if ! "$BLS" --xlsx-compression fast --help >/dev/null 2>&1; then
    echo "run.sh: this blsreport refuses --xlsx-compression fast; no fast columns" >&2
    FAST=0
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
median() { sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2];
    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure_once CMD...: sets WALL_S, CPU_S (user + system), KB (peak RSS) and
# RC. Output to $TMP/log.
measure_once() {
    # Start from clean page cache state: without this, the previous run's
    # output (60+ MB at 400k rows) was written back to disk during the next
    # run, and the program that ran after blsreport paid for it.
    sync
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$@" >"$TMP/log" 2>&1
    RC=$?
    set -e
    # GNU time prefixes "Command exited with non-zero status N" then.
    read -r WALL_S u s KB <<EOF
$(tail -n 1 "$TMP/time")
EOF
    CPU_S=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
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

# run_prog WHO CSV...: one timed run of floor | bls | fast | peer; records
# into $TMP/WHO.{wall,cpu,kb} (one line per run) and keeps the workbook of
# the last bls/fast run in $TMP/WHO.xlsx.
run_prog() {
    who=$1; shift
    rm -rf "$TMP/out" "$TMP/s.json" "$TMP/floor.xlsx"
    case "$who" in
    floor) measure_once "$FLOOR" "$1" "$TMP/floor.xlsx" ;;
    bls | fast)
        comp=""
        [ "$who" = bls ] || comp="--xlsx-compression fast"
        # shellcheck disable=SC2086 # EXTRA and comp are lists of words
        if [ "$WITH_PERIOD" = 1 ]; then
            measure_once "$BLS" -q -o "$TMP/out" --json "$TMP/s.json" --wage-period "$PERIOD" \
                $comp $EXTRA "$@"
        else
            measure_once "$BLS" -q -o "$TMP/out" --json "$TMP/s.json" $comp $EXTRA "$@"
        fi ;;
    peer) measure_once "$PYTHON" "$ROOT/bench/peer_pandas.py" "$1" "$TMP/out" ;;
    esac
    ok=1
    case "$who" in
    bls | fast) [ "$RC" -le 1 ] || ok=0 ;;
    *) [ "$RC" = 0 ] || ok=0 ;;
    esac
    if [ "$ok" = 0 ]; then
        echo "run.sh: $who exited $RC on $1:" >&2
        cat "$TMP/log" >&2
    fi
    echo "$WALL_S" >>"$TMP/$who.wall"
    echo "$CPU_S" >>"$TMP/$who.cpu"
    echo "$KB" >>"$TMP/$who.kb"
    echo "$RC" >"$TMP/$who.rc"
    case "$who" in
    bls | fast)
        [ ! -f "$TMP/out/report.xlsx" ] || mv "$TMP/out/report.xlsx" "$TMP/$who.xlsx"
        findings_of >"$TMP/$who.found" ;;
    esac
    rm -rf "$TMP/out" "$TMP/s.json" "$TMP/floor.xlsx"
}

findings_of() { # "errors/warnings" from the JSON summary, "?" without it
    if [ -s "$TMP/s.json" ]; then
        "$PYTHON" -c 'import json,sys; v=json.load(open(sys.argv[1]))["validation"]; print("%d/%d" % (v["errors"], v["warnings"]))' "$TMP/s.json" 2>/dev/null || echo "?"
    else
        echo "?"
    fi
}

best() { [ -s "$TMP/$1.wall" ] && sort -g "$TMP/$1.wall" | head -n 1 || echo ""; }
best_cpu() { [ -s "$TMP/$1.cpu" ] && sort -g "$TMP/$1.cpu" | head -n 1 || echo ""; }
peak_mb() { [ -s "$TMP/$1.kb" ] && sort -g "$TMP/$1.kb" | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }' || echo ""; }
# paired WHO: the median over the turns of WHO's time / the floor's time.
paired() {
    [ -s "$TMP/$1.wall" ] || { echo ""; return; }
    paste "$TMP/$1.wall" "$TMP/floor.wall" | awk '$2 > 0 { print $1 / $2 }' | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b + 0 > 0) printf "%.2f", a / b }'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v != "") printf f, v; else printf "-" }'; }
mb_of() { [ -f "$1" ] && awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.1f", b / 1048576 }' || echo "-"; }

# deflate_limit XLSX TURNS: zlib level 6 and level 1 alone on the workbook's
# sheet XML (what libxlsxwriter compresses); sets Z6_S, Z1_S (best of the
# turns, alternating the order) and XML_MB.
deflate_limit() {
    Z6_S=""; Z1_S=""; XML_MB="-"
    [ -f "$1" ] && [ -x "$DEFLATE" ] || return 0
    unzip -p "$1" 'xl/worksheets/sheet*.xml' >"$TMP/sheets.xml"
    XML_MB=$(mb_of "$TMP/sheets.xml")
    t=0
    while [ "$t" -lt "$2" ]; do
        t=$((t + 1))
        sync
        if [ $((t % 2)) = 1 ]; then levels="6 1"; else levels="1 6"; fi
        # shellcheck disable=SC2086
        "$DEFLATE" "$TMP/sheets.xml" "$TMP/sheets.z" $levels >"$TMP/z"
        Z6_S=$(smaller "$Z6_S" "$(awk '$1 == 6 { print $2 }' "$TMP/z")")
        Z1_S=$(smaller "$Z1_S" "$(awk '$1 == 1 { print $2 }' "$TMP/z")")
    done
    rm -f "$TMP/sheets.xml" "$TMP/sheets.z"
}

# ---- the tables -------------------------------------------------------------
OUT="$RESULTS/latest.md"
{
    echo "## blsreport benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "- commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')," \
        "$(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs:" \
        "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null);" \
        "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- inputs: SYNTHETIC OEWS all-data files from bench_gen (seed 1), not BLS data;" \
        "the national row is the real BLS national_M2014_dl.csv with the article"
    echo "- blsreport: whole run (validation, cross-check, XLSX, PDF, JSON summary):" \
        "\`blsreport -q -o DIR --json FILE [--wage-period \"$PERIOD\"]${EXTRA:+ $EXTRA} CSV\`;" \
        "fast: the same with \`--xlsx-compression fast\` (zlib level 1)"
    echo "- floor: bench_floor (libcsv parse + libxlsxwriter constant_memory, every cell," \
        "zlib level 6); peer: bench/peer_pandas.py (pandas + XlsxWriter + matplotlib)"
    echo "- zlib 6 / zlib 1: bench_deflate, zlib alone (crc32 + raw deflate, as minizip" \
        "calls it) on blsreport's own sheet XML: the deflate limit of each level"
    echo "- times: best wall-clock seconds of the turns; the programs take turns in a" \
        "rotating order; paired = median over the turns of (program / floor) in the same" \
        "turn; /floor = best / best"
    echo
    echo "| input | rows | MB | turns | floor s | blsreport s | /floor | paired | fast s | /floor | paired | peer s | peer / blsreport | zlib 6 s | zlib 1 s | sheet XML MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$TMP/table"
cat "$TMP/table"
: >"$TMP/details"

# one_case LABEL ROWS TURNS PEER_TURNS CSV...: the floor, blsreport, fast
# (and the peer) in rotating turns on CSV (the first one for the floor and
# the peer), then the deflate limit on blsreport's sheet XML.
one_case() {
    label=$1 rows=$2 turns=$3 peer_turns=$4
    shift 4
    rm -f "$TMP"/*.wall "$TMP"/*.cpu "$TMP"/*.kb "$TMP"/*.rc "$TMP"/*.found "$TMP"/*.xlsx
    who_list="floor bls"
    [ "$FAST" = 0 ] || who_list="$who_list fast"
    n=$(echo "$who_list" | wc -w)
    cat "$@" >/dev/null # the same warm page cache for every program
    t=0
    while [ "$t" -lt "$turns" ]; do
        k=$((t % n)); t=$((t + 1))
        order=$(echo "$who_list" | awk -v k="$k" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + k) % NF + 1) }')
        for who in $order; do run_prog "$who" "$@"; done
        if [ "$PEER" = 1 ] && [ "$t" -le "$peer_turns" ]; then run_prog peer "$1"; fi
    done
    deflate_limit "$TMP/bls.xlsx" "$turns"
    f=$(best floor) b=$(best bls) x=$(best fast) p=$(best peer)
    line=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' \
        "$label" "$rows" "$(mb_of "$1")" "$turns" "$(fmt "$f" %.2f)" "$(fmt "$b" %.2f)" \
        "$(ratio "$b" "$f")" "$(fmt "$(paired bls)" %.2f)" "$(fmt "$x" %.2f)" \
        "$(ratio "$x" "$f")" "$(fmt "$(paired fast)" %.2f)" "$(fmt "$p" %.2f)" \
        "$(ratio "$p" "$b")" "$(fmt "$Z6_S" %.2f)" "$(fmt "$Z1_S" %.2f)" "$XML_MB")
    echo "$line" | tee -a "$TMP/table"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$label $rows" "$(peak_mb floor)" "$(peak_mb bls)" "$(peak_mb fast)" "$(peak_mb peer)" \
        "$(fmt "$(best_cpu floor)" %.2f)" "$(fmt "$(best_cpu bls)" %.2f)" \
        "$(fmt "$(best_cpu fast)" %.2f)" "$(mb_of "$TMP/bls.xlsx")" "$(mb_of "$TMP/fast.xlsx")" \
        "$(cat "$TMP/bls.rc" 2>/dev/null || echo -)" "$(cat "$TMP/bls.found" 2>/dev/null || echo -)" \
        "$(cat "$TMP/fast.rc" 2>/dev/null || echo -)" >>"$TMP/details"
}

for rows in $SIZES; do
    generate "$rows"
    turns=${RUNS:-$([ "$rows" -le 400000 ] && echo 3 || echo 1)}
    # The peer is 7x slower than blsreport: one turn above 100,000 rows.
    peer_turns=$([ "$rows" -le 100000 ] && echo "$turns" || echo 1)
    [ "$rows" -le "$PEER_MAX" ] || peer_turns=0
    WITH_PERIOD=1
    one_case "synthetic" "$rows" "$turns" "$peer_turns" "$FILE"
done

# ---- the real national file with the article --------------------------------
# Short runs: bench/turns_timer.py (milliseconds, rotating turns, paired
# ratio to the floor in each turn).
if [ -r "$NATIONAL" ] && [ -n "$ARTICLE" ]; then
    nat_rows=$(($(wc -l <"$NATIONAL") - 1))
    WITH_PERIOD=0
    rm -rf "$TMP/out" "$TMP/out1" "$TMP/outf" "$TMP/peer"
    set -- -- floor "$FLOOR" "$NATIONAL" "$TMP/floor.xlsx" \
        -- blsreport "$BLS" -q -o "$TMP/out" --json "$TMP/s.json" $EXTRA "$NATIONAL" "$ARTICLE" \
        -- "blsreport-j1" "$BLS" -q -j1 -o "$TMP/out1" $EXTRA "$NATIONAL" "$ARTICLE"
    if [ "$FAST" = 1 ]; then
        set -- "$@" -- fast "$BLS" -q -o "$TMP/outf" --xlsx-compression fast $EXTRA \
            "$NATIONAL" "$ARTICLE"
    fi
    if [ "$PEER" = 1 ]; then
        set -- "$@" -- peer "$PYTHON" "$ROOT/bench/peer_pandas.py" "$NATIONAL" "$TMP/peer"
    fi
    "$PYTHON" "$ROOT/bench/turns_timer.py" "$NATIONAL_RUNS" 2 "$@" >"$TMP/national"
    get() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$TMP/national"; }
    deflate_limit "$TMP/out/report.xlsx" 5
    f=$(get floor 2) b=$(get blsreport 2) x=$(get fast 2) p=$(get peer 2)
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "real national M2014 + article" "$nat_rows" "$(mb_of "$NATIONAL")" "$NATIONAL_RUNS" \
        "$(fmt "$f" %.3f)" "$(fmt "$b" %.3f)" "$(ratio "$b" "$f")" \
        "$(fmt "$(get blsreport 5)" %.2f)" "$(fmt "$x" %.3f)" "$(ratio "$x" "$f")" \
        "$(fmt "$(get fast 5)" %.2f)" "$(fmt "$p" %.3f)" "$(ratio "$p" "$b")" \
        "$(fmt "$Z6_S" %.3f)" "$(fmt "$Z1_S" %.3f)" "$XML_MB" | tee -a "$TMP/table"
    j1=$(get blsreport-j1 2)
    national_note="National row: $NATIONAL_RUNS turns each after 2 warm-up turns (turns_timer.py);
blsreport on one thread (-j1): best $(fmt "$j1" %.3f) s, median $(fmt "$(get blsreport-j1 3)" %.3f) s;
blsreport median $(fmt "$(get blsreport 3)" %.3f) s, floor median $(fmt "$(get floor 3)" %.3f) s."
else
    national_note="National row skipped: $NATIONAL or input/000_*.txt not found."
fi

{
    echo
    echo "$national_note"
    echo
    echo "Memory (largest peak RSS, MB), CPU (best user + system s), workbook sizes (MB), exit codes:"
    echo
    echo "| input | floor RSS | blsreport RSS | fast RSS | peer RSS | floor cpu | blsreport cpu | fast cpu | xlsx MB | fast xlsx MB | exit | errors/warnings | fast exit |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    cat "$TMP/details"
    echo
    echo "Peer above $PEER_MAX rows: not run (pandas holds the whole sheet in memory)."
    echo "Exit: 0 clean, 1 findings; above 1 the run did not finish and its time is not a whole run."
} | tee -a "$TMP/table"
cp "$TMP/table" "$OUT"
echo >&2
echo "run.sh: results in ${OUT#"$ROOT"/}" >&2
