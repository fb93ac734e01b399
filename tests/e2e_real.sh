#!/usr/bin/env bash
# The real-data suite: every file BLS published in ../shared/bls/real (or
# $BLS_REAL_DATA), read as BLS and Excel write them.
#  1. Every Excel CSV export (OEWS national 2002-2023, EP 2012-22 and 2019-29
#     tables): 0 rows rejected, 0 errors, no warning BLS's data do not deserve.
#  2. Every sheet of every official .xls/.xlsx (14 zips, 3 national .xlsx, 2 EP
#     workbooks), saved as CSV by an independent converter (tests/bls_to_csv.py,
#     python3-xlrd and openpyxl, cells as Excel displays them): data sheets
#     read clean; the others refused with the file named and a reason.
#  3. The values in the workbook's data sheets equal the source cells.
#  4. The Mac Roman export gives the rows and values of the same sheet read
#     from BLS's own workbook.
#  5. The seed article against the real May 2014 and 2012-22 files.
# Exit 77 (skipped) when the real files are not there.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
real=${BLS_REAL_DATA:-$BLS_SOURCE_DIR/../shared/bls/real}
if [[ ! -d "$real/oews" ]]; then
    echo "SKIP: no real BLS files at $real (set BLS_REAL_DATA)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { "$PYTHON" "$BLS_SOURCE_DIR/tests/real_check.py" "$@" || exit 1; }

# run NAME ARGS...: blsreport into $tmp/NAME, summary in $tmp/NAME/s.json;
# sets rc (0 clean, 1 findings, 2 unusable input, >2 failure).
run() {
    local name=$1
    shift
    mkdir -p "$tmp/$name"
    rc=0
    "$BLSREPORT" -q --no-pdf -o "$tmp/$name" --json "$tmp/$name/s.json" "$@" \
        2>"$tmp/$name/stderr" || rc=$?
}

# The encodings the exports come in: one finding per file at most.
enc=(--allow enc-cp1252 --allow enc-macroman)

# 1. Excel's CSV exports, each file on its own.
n=0
for f in "$real"/oews/csv_exports/*.csv "$real"/ep/*.csv; do
    base=$(basename "$f")
    run "csv_$base" --no-xlsx "$f"
    [[ $rc -eq 0 ]] || fail "$base: exit $rc: $(head -3 "$tmp/csv_$base/stderr")"
    allow=("${enc[@]}")
    # 2009's national_dl names no year (its zip, oesm09nat.zip, does)
    [[ $base == national_dl.csv ]] && allow+=(--allow layout-period-unknown)
    check summary "$tmp/csv_$base/s.json" "${allow[@]}" >/dev/null
    n=$((n + 1))
done
[[ $n -ge 20 ]] || fail "only $n CSV exports found in $real"
echo "ok: $n Excel CSV exports: 0 rejected, 0 errors"

# 2. Every sheet of BLS's own workbooks through the independent converter.
"$PYTHON" "$BLS_SOURCE_DIR/tests/bls_to_csv.py" "$tmp/conv" "$real"/oews/official_zips/*.zip \
    "$real"/oews/*.xlsx "$real"/ep/*.xls "$real"/ep/*.xlsx >"$tmp/converted.txt"
data_sheets=0 refused=0
while read -r csv; do
    base=$(basename "$csv" .csv)
    run "conv_$base" --no-xlsx "$csv"
    case $rc in
    0)
        check summary "$tmp/conv_$base/s.json" >/dev/null
        data_sheets=$((data_sheets + 1))
        ;;
    2)
        grep -q "$base.csv" "$tmp/conv_$base/stderr" ||
            fail "$base: refused without naming the file: $(cat "$tmp/conv_$base/stderr")"
        refused=$((refused + 1))
        ;;
    *) fail "$base: exit $rc: $(head -3 "$tmp/conv_$base/stderr")" ;;
    esac
done <"$tmp/converted.txt"
# 17 OEWS national sheets (14 zips, 2020 and 2023 .xlsx; 2014's twice), EP
# Tables 1.1-1.7 and 1.10 of both releases plus the education tables 1.12
# (2012-22) and 5.4 (2019-29)
[[ $data_sheets -ge 35 ]] || fail "only $data_sheets data sheets read clean"
for t in 1.1 1.2 1.3 1.4 1.5 1.6 1.7 1.10; do
    for rel in 2012-22 2019-29; do
        grep -q "occupation_${rel}__Table_${t}.csv" "$tmp/converted.txt" || fail "no Table $t $rel"
        [[ -s "$tmp/conv_occupation_${rel}__Table_${t}/s.json" ]] || fail "Table $t $rel not read"
    done
done
echo "ok: $data_sheets workbook sheets read clean, $refused refused by name"

# 3. The data sheets hold the source cells' values.
run values_oews "$tmp/conv/oesm14nat__national_M2014_dl__national_dl.csv"
check values "$tmp/values_oews/report.xlsx" \
    "$tmp/conv/oesm14nat__national_M2014_dl__national_dl.json" "Wage data"
run values_ep "$tmp/conv/occupation_2012-22__Table_1.7.csv"
check values "$tmp/values_ep/report.xlsx" "$tmp/conv/occupation_2012-22__Table_1.7.json" \
    "Projection data"
run values_ep19 "$tmp/conv/occupation_2019-29__Table_1.2.csv"
check values "$tmp/values_ep19/report.xlsx" "$tmp/conv/occupation_2019-29__Table_1.2.json" \
    "Projection data"

# 4. Excel for Mac's export (Mac Roman, CRLF) and BLS's workbook: the same rows.
run macroman "$real/ep/table_1.7_2019-29_export_macroman_crlf.csv"
run workbook "$tmp/conv/occupation_2019-29__Table_1.7.csv"
check same "$tmp/macroman/report.xlsx" "$tmp/workbook/report.xlsx" "Projection data"

# 5. The seed article: 9 match, 2 rounding, 2 mismatch (the 5% for psychiatric
#    technicians is BLS's figure for technicians and aides together).
run seed --no-xlsx "$real/oews/csv_exports/national_M2014_dl.csv" \
    "$real/ep/occupation_2012-22_table_1.2.csv" "$real/ep/occupation_2012-22_table_1.7.csv" \
    "$BLS_SOURCE_DIR/../shared/seed/000_6dcdeebd65410cef.txt"
[[ $rc -eq 1 ]] || fail "seed article: exit $rc, expected 1"
"$PYTHON" - "$tmp/seed/s.json" <<'PY'
import collections, json, sys
s = json.load(open(sys.argv[1]))
v = collections.Counter(c["status"] for c in s["claims"])
assert v == {"match": 9, "rounding": 2, "mismatch": 2}, v
for c in s["claims"]:
    if c["status"] == "mismatch":
        assert c["soc_code"] == "29-2053" and c["claimed"] == 5 and c["actual"] == 3.9, c
        assert "claimed 5%, data 3.9%" in c["note"], c["note"]
print("ok: seed article: 9 match, 2 rounding, 2 mismatch (claimed 5%, data 3.9%)")
PY
echo "e2e_real: ok"
