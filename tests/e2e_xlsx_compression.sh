#!/usr/bin/env bash
# e2e_xlsx_compression.sh - --xlsx-compression on the real binary (issue #20).
#
# On the real national M2014 file (1,300 rows; $BLS_REAL_DATA or
# ../shared/bls/real beside the source tree) with the article and its EP
# table from input/ (input/ alone when the real file is absent): the default workbook is byte-identical with and
# without "--xlsx-compression default"; with "fast" every zip entry holds the
# same bytes once inflated, and its compressed bytes are exactly zlib level 1
# (raw deflate, as minizip calls it) of them, as the default's are level 6 -
# checked by Python's zipfile and zlib, not by our code; openpyxl reads the
# same values from both workbooks and LibreOffice exports every sheet of both
# to the same CSV.
#
# Environment (set by ctest): BLSREPORT, BLS_SOURCE_DIR, PYTHON.
# Exit 77 (skip) only when the binary is missing. Writes only under mktemp -d.
set -u

: "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
if [ -z "${BLSREPORT:-}" ] || [ ! -x "$BLSREPORT" ]; then
    echo "SKIP: blsreport binary not found (BLSREPORT=${BLSREPORT:-})"
    exit 77
fi
EPOCH=1420070400 # 2015-01-01T00:00:00Z
REAL=${BLS_REAL_DATA:-$BLS_SOURCE_DIR/../shared/bls/real}
NATIONAL=$REAL/oews/csv_exports/national_M2014_dl.csv
INPUTS=("$BLS_SOURCE_DIR"/input/*)
MIN_WAGE_ROWS=2
if [ -r "$NATIONAL" ]; then
    INPUTS=("$NATIONAL" "$BLS_SOURCE_DIR"/input/000_*.txt
        "$BLS_SOURCE_DIR"/input/ep_occupational_projections_2012-22.csv)
    MIN_WAGE_ROWS=1000
else
    echo "note: $NATIONAL not found; using input/ only"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# run NAME [OPTIONS]: the workbook of the article's inputs into $tmp/NAME.xlsx
# (always written to the same output directory: the Summary names it).
run() {
    local name=$1
    shift
    rm -rf "$tmp/out"
    SOURCE_DATE_EPOCH=$EPOCH "$BLSREPORT" -q --no-pdf -o "$tmp/out" "$@" \
        "${INPUTS[@]}" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$?
    if [ $rc -gt 1 ] || [ ! -f "$tmp/out/report.xlsx" ]; then
        fail "blsreport $* exited $rc"
        cat "$tmp/stderr"
        return 1
    fi
    mv "$tmp/out/report.xlsx" "$tmp/$name.xlsx"
}

run plain || exit 1
run default --xlsx-compression default || exit 1
run fast --xlsx-compression fast || exit 1

# 1. The default is untouched.
cmp -s "$tmp/plain.xlsx" "$tmp/default.xlsx" ||
    fail "--xlsx-compression default changed report.xlsx"

# 2. A word that is not a setting is a usage error (exit 2), nothing written.
rm -rf "$tmp/out"
"$BLSREPORT" -q -o "$tmp/out" --xlsx-compression 1 "${INPUTS[@]}" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "--xlsx-compression 1 exited $rc, not 2"
[ ! -e "$tmp/out/report.xlsx" ] || fail "--xlsx-compression 1 wrote a workbook"

# 3. Zip level of every entry, checked with Python's zipfile and zlib.
unzip -tq "$tmp/fast.xlsx" >/dev/null || fail "unzip -t fast.xlsx"
"$PYTHON" - "$tmp/default.xlsx" "$tmp/fast.xlsx" <<'PY' || fail "zip entries of the fast workbook"
import struct, sys, zipfile, zlib

def raw_entries(path):
    """name -> (flags, compressed bytes, inflated bytes), from the local headers."""
    out = {}
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for info in z.infolist():
            f.seek(info.header_offset)
            head = f.read(30)
            sig, _, flags, method, _, _, _, csize, _, nlen, xlen = struct.unpack("<IHHHHHIIIHH", head)
            assert sig == 0x04034B50 and method == 8, (info.filename, sig, method)
            f.seek(info.header_offset + 30 + nlen + xlen)
            out[info.filename] = (flags, f.read(info.compress_size), z.read(info.filename))
    return out

def deflate(data, level):
    c = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, 8)  # minizip's call
    return c.compress(data) + c.flush()

default, fast = raw_entries(sys.argv[1]), raw_entries(sys.argv[2])
assert list(default) == list(fast), "same entries in the same order"
for name in default:
    dflags, dz, draw = default[name]
    fflags, fz, fraw = fast[name]
    assert draw == fraw, f"{name}: different content"
    assert dz == deflate(draw, 6), f"{name}: default is not level 6"
    assert fz == deflate(fraw, 1), f"{name}: fast is not level 1"
    assert dflags & 6 == 0 and fflags & 6 == 6, (name, dflags, fflags)
dsize = sum(len(v[1]) for v in default.values())
fsize = sum(len(v[1]) for v in fast.values())
print(f"zip: {len(default)} entries, same content; level 6 {dsize} B, level 1 {fsize} B")
PY

# 4. openpyxl reads the same values from both.
"$PYTHON" - "$tmp/default.xlsx" "$tmp/fast.xlsx" "$MIN_WAGE_ROWS" <<'PY' || fail "openpyxl on the fast workbook"
import sys
import openpyxl

def values(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [tuple(c for c in r) for r in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}

a, b = values(sys.argv[1]), values(sys.argv[2])
assert a == b, "openpyxl reads different values"
assert len(a) == 8 and len(a["Wage data"]) > int(sys.argv[3]), {k: len(v) for k, v in a.items()}
print(f"openpyxl: {len(a)} sheets, {sum(len(v) for v in a.values())} rows, same values")
PY

# 5. LibreOffice: every sheet "as shown" to CSV, the same from both.
if ! command -v soffice >/dev/null 2>&1; then
    fail "soffice not installed (libreoffice-calc-nogui: scripts/install-deps.sh --test)"
else
    for name in default fast; do
        mkdir -p "$tmp/lo-$name"
        HOME="$tmp" soffice --headless --convert-to \
            'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,-1' \
            --outdir "$tmp/lo-$name" "$tmp/$name.xlsx" >"$tmp/soffice.log" 2>&1 ||
            fail "soffice could not convert $name.xlsx: $(tail -3 "$tmp/soffice.log")"
        for f in "$tmp/lo-$name"/*.csv; do mv "$f" "${f/\/$name-//}"; done
    done
    n=$(find "$tmp/lo-fast" -name '*.csv' | wc -l)
    [ "$n" -eq 8 ] || fail "LibreOffice exported $n sheets of fast.xlsx, not 8"
    diff -r "$tmp/lo-default" "$tmp/lo-fast" >/dev/null ||
        fail "LibreOffice shows the fast workbook differently"
    [ $failures -ne 0 ] || echo "LibreOffice: $n sheets, the same CSV from both"
fi

if [ $failures -ne 0 ]; then
    echo "e2e_xlsx_compression: $failures failure(s)"
    exit 1
fi
echo "e2e_xlsx_compression: ok"
