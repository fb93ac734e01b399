#!/usr/bin/env bash
# e2e_xlsx.sh - the real binary writes report.xlsx; openpyxl (tests/xlsx_check.py),
# unzip and, when installed, LibreOffice read it back.
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

    # 3. LibreOffice reads it too (optional tool).
    if command -v soffice >/dev/null 2>&1; then
        mkdir -p "$tmp/csv"
        if HOME="$tmp" soffice --headless --convert-to csv --outdir "$tmp/csv" "$xlsx" \
            >/dev/null 2>&1; then
            grep -q "BLS figures cross-check" "$tmp/csv/report.csv" ||
                fail "LibreOffice CSV of the Summary lacks the title"
        else
            fail "soffice could not convert $xlsx"
        fi
    else
        echo "note: soffice not installed; LibreOffice check skipped"
    fi
fi

# 4. Formula-like titles stay text, markers stay markers (synthetic fixture).
if run "$tmp/inject" "$FIXTURES/synthetic_formula_injection_M2014_dl.csv"; then
    "$PYTHON" "$CHECK" "$tmp/inject/report.xlsx" injection || fail "xlsx_check injection"
fi

if [ $failures -ne 0 ]; then
    echo "e2e_xlsx: $failures failure(s)"
    exit 1
fi
echo "e2e_xlsx: ok"
