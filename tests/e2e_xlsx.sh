#!/usr/bin/env bash
# e2e_xlsx.sh - the real binary writes report.xlsx; openpyxl (tests/xlsx_check.py),
# unzip and LibreOffice (headless, every sheet to CSV) read it back.
#
# Environment (set by ctest): BLSREPORT (the binary), BLS_SOURCE_DIR, PYTHON.
# Exit 77 (skip) only when the binary is missing. Writes only under mktemp -d.
set -u

: "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
if [ -z "${BLSREPORT:-}" ] || [ ! -x "$BLSREPORT" ]; then
    echo "SKIP: blsreport binary not found (BLSREPORT=${BLSREPORT:-})"
    exit 77
fi
CHECK="$BLS_SOURCE_DIR/tests/xlsx_check.py"
FIXTURES="$BLS_SOURCE_DIR/tests/data/xlsx"
EPOCH=1420070400 # 2015-01-01T00:00:00Z

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run OUTDIR FILE... : 0 (clean) and 1 (findings) both mean "report written".
run() {
    local out=$1
    shift
    SOURCE_DATE_EPOCH=$EPOCH "$BLSREPORT" -q --no-pdf -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$?
    if [ $rc -gt 1 ]; then
        fail "blsreport exited $rc on $*"
        cat "$tmp/stderr"
        return 1
    fi
    [ -f "$out/report.xlsx" ] || { fail "no $out/report.xlsx"; return 1; }
}

# 1. The article's inputs: structure and the BLS figures they restate.
if run "$tmp/main" "$BLS_SOURCE_DIR"/input/*; then
    xlsx="$tmp/main/report.xlsx"
    unzip -tq "$xlsx" >/dev/null || fail "unzip -t $xlsx"
    "$PYTHON" "$CHECK" "$xlsx" e2e || fail "xlsx_check e2e"

    # 2. Same inputs, same SOURCE_DATE_EPOCH, same output path: same bytes.
    cp "$xlsx" "$tmp/first.xlsx"
    if run "$tmp/main" "$BLS_SOURCE_DIR"/input/*; then
        cmp -s "$tmp/first.xlsx" "$xlsx" || fail "report.xlsx differs between two runs"
    fi

    # 3. LibreOffice reads it too: every sheet exported as CSV "as shown",
    #    so the analyst's formats are applied to real numbers by another
    #    spreadsheet program, not only parsed by openpyxl.
    if ! command -v soffice >/dev/null 2>&1; then
        fail "soffice not installed (libreoffice-calc-nogui: scripts/install-deps.sh --test)"
    else
        lo="$tmp/lo"
        mkdir -p "$lo"
        # CSV filter tokens: 44 = comma, 34 = quote, UTF-8, from line 1, ...,
        # 9th "true" = cell contents as shown, 12th -1 = every sheet to its file
        if HOME="$tmp" soffice --headless --convert-to \
            'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,-1' \
            --outdir "$lo" "$xlsx" >"$tmp/soffice.log" 2>&1; then
            "$PYTHON" - "$lo" <<'PY' || fail "LibreOffice's reading of report.xlsx"
import csv, os, sys
d = sys.argv[1]
def sheet(name):
    with open(os.path.join(d, f"report-{name}.csv"), newline="", encoding="utf-8") as f:
        return list(csv.reader(f))
names = sorted(f for f in os.listdir(d))
want = sorted(f"report-{n}.csv" for n in ("Summary", "Occupations", "Cross-check", "Findings",
                                          "Rejected rows", "Wage data", "Projection data", "Charts"))
assert names == want, names
assert any("BLS figures cross-check" in c for r in sheet("Summary") for c in r), "Summary title"
occ = sheet("Occupations")
head = occ[0]
pta = next(r for r in occ if r[0] == "31-2021")
assert pta[head.index("Median annual wage")] == "$54,410", pta
assert pta[head.index("Employment change, percent (EP)")] == "41.0%", pta  # BLS wrote 41.0
assert pta[head.index("OEWS period")] == "May 2014", pta
xc = sheet("Cross-check")
verdicts = [r[xc[0].index("Verdict")] for r in xc[1:] if r and r[0]]
import collections
assert collections.Counter(verdicts) == {"match": 9, "rounding": 2, "mismatch": 2}, verdicts
wage = sheet("Wage data")
row = next(r for r in wage if "31-2021" in r)
assert row[wage[0].index("A_MEDIAN")] == "54410", row  # General format: the number itself
print("LibreOffice: 8 sheets; $54,410 and 41.0% as formatted; 9 match, 2 rounding, 2 mismatch verdicts")
PY
        else
            fail "soffice could not convert $xlsx: $(tail -3 "$tmp/soffice.log")"
        fi
    fi
fi

# 4. Formula-like titles stay text, markers stay markers (synthetic fixture).
if run "$tmp/inject" "$FIXTURES/synthetic_formula_injection_M2014_dl.csv"; then
    "$PYTHON" "$CHECK" "$tmp/inject/report.xlsx" injection || fail "xlsx_check injection"
fi

# 5. Real BLS files (../shared/bls/real or $BLS_REAL_DATA), skipped when absent:
#    the national file alone and --select 29-*: Charts second, the seven
#    top-coded wages first, the cap and twins notes, no group among members.
real="${BLS_REAL_DATA:-$BLS_SOURCE_DIR/../shared/bls/real}/oews/csv_exports"
if [ -f "$real/national_M2014_dl.csv" ]; then
    if run "$tmp/nat" "$real/national_M2014_dl.csv"; then
        "$PYTHON" "$CHECK" "$tmp/nat/report.xlsx" national || fail "xlsx_check national"
    fi
    if run "$tmp/s29" --select '29-*' "$real/national_M2014_dl.csv"; then
        "$PYTHON" "$CHECK" "$tmp/s29/report.xlsx" s29 || fail "xlsx_check s29"
    fi
else
    echo "note: real BLS files not found at $real; real-data checks skipped"
fi

if [ $failures -ne 0 ]; then
    echo "e2e_xlsx: $failures failure(s)"
    exit 1
fi
echo "e2e_xlsx: ok"
