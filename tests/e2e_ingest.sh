#!/usr/bin/env bash
# End-to-end: bad and awkward inputs. Each gets its documented exit code, a
# message naming the file (and line), no crash, no hang, and no output file.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
HDR='OCC_CODE,OCC_TITLE,OCC_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY'
# Synthetic rows (not BLS figures): shaped like the national file.
ROW_OK='29-2053,Synthetic Technicians,detailed,"1,000",1.0,15.00,"31,200",1.0,10.00,12.00,15.00,18.00,20.00,"20,800","24,960","31,200","37,440","41,600",,'

# run NAME EXPECTED_RC PATTERN -- ARGS... : run blsreport, check rc and stderr
run() {
    local name=$1 want=$2 pattern=$3; shift 4
    local out="$tmp/out-$name" rc=0
    timeout 60 "$BLSREPORT" -o "$out" --json "$out/summary.json" "$@" 2>"$tmp/$name.err" >/dev/null || rc=$?
    [[ $rc -eq $want ]] || { cat "$tmp/$name.err"; fail "$name: exit $rc, expected $want"; }
    grep -Eq -- "$pattern" "$tmp/$name.err" || { cat "$tmp/$name.err"; fail "$name: stderr lacks /$pattern/"; }
    if [[ $want -ge 2 ]]; then
        [[ ! -e "$out/report.xlsx" && ! -e "$out/report.pdf" && ! -e "$out/summary.json" ]] \
            || fail "$name: an output was written despite exit $want"
    fi
    if [[ -d "$out" ]] && ls -A "$out" | grep -q '^\.'; then fail "$name: temporary files left"; fi
    echo "ok: $name (exit $rc)"
}

: > "$tmp/empty.csv"
run empty 2 "empty.csv: error: .*empty" -- "$tmp/empty.csv"

printf '%s\n' "$HDR" > "$tmp/header_only.csv"
run header_only 2 "header_only.csv: error: .*no data rows" -- "$tmp/header_only.csv"

head -c 4096 /dev/urandom > "$tmp/garbage.csv"
run garbage 2 "garbage.csv(:[0-9]+)?: error: " -- "$tmp/garbage.csv"

printf 'name,colour\nalice,red\n' > "$tmp/other.csv"
run unknown_layout 2 "other.csv(:1)?: error: .*known layouts" -- "$tmp/other.csv"

mkdir "$tmp/adir"
# A directory gives the files in it (#17); an empty one is a usage error.
run directory 2 "adir: no input files" -- "$tmp/adir"

run missing 2 "nope.csv: error: cannot open" -- "$tmp/nope.csv"

if [[ $(id -u) -ne 0 ]]; then
    printf '%s\n%s\n' "$HDR" "$ROW_OK" > "$tmp/unreadable.csv"; chmod 000 "$tmp/unreadable.csv"
    run unreadable 2 "unreadable.csv: error: cannot open" -- "$tmp/unreadable.csv"
fi

# A good file alongside a bad one: still exit 2 and nothing written.
printf '%s\n%s\n' "$HDR" "$ROW_OK" > "$tmp/good.csv"
run good_and_bad 2 "other.csv" -- "$tmp/good.csv" "$tmp/other.csv"
run good 0 "wrote" -- "$tmp/good.csv"

# Row-level problems: the row is rejected with file:line:col, the run goes on.
printf '%s\n%s\n%s\n' "$HDR" "$ROW_OK" '29-20X3,Bad code,detailed,,,,,,,,,,,,,,,,,' > "$tmp/badsoc.csv"
run bad_soc 1 "badsoc.csv:3:1: error: .*\[soc-format\]" -- "$tmp/badsoc.csv"
"$PYTHON" - "$tmp/out-bad_soc/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
i = s["inputs"][0]
assert (i["rows_read"], i["rows_accepted"], i["rows_rejected"]) == (2, 1, 1), i
PY

printf '%s\n%s\n"29-2054,Unclosed,detailed\n' "$HDR" "$ROW_OK" > "$tmp/quote.csv"
run unbalanced_quote 1 "quote.csv:3(:[0-9]+)?: error: .*\[csv-quote\]" -- "$tmp/quote.csv"

printf '%s\n29-2053,Synthetic\x00Tech,detailed,,,,,,,,,,,,,"31,200",,,,\n' "$HDR" > "$tmp/nul.csv"
run nul_byte 0 "nul.csv:2:2: warning: .*\[cell-control-char\]" -- "$tmp/nul.csv"

printf '%s\n29-2053,Synthetic \x96 Technicians caf\xe9,detailed,,,,,,,,,,,,,"31,200",,,,\n' "$HDR" > "$tmp/cp1252.csv"
run cp1252 0 "cp1252.csv:2: info: .*\[enc-cp1252\]" -- "$tmp/cp1252.csv"
"$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
vals = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
assert any('café' in v and '\u2013' in v for v in vals), 'transcoded title not found'
" "$tmp/out-cp1252/report.xlsx" || fail "cp1252 title not transcoded into the workbook"

# Encodings and delimiters (issue 19 item 5): the same synthetic rows saved as
# UTF-16 with tabs (Excel "Unicode text"), as semicolon CSV, and as Mac Roman
# (Excel for Mac) are read like the UTF-8 comma file: one row accepted each.
printf '%s\r\n%s\r\n' "$HDR" "$ROW_OK" | tr ',' '\t' | sed 's/"1\t000"/1000/; s/"31\t200"/31200/g; s/"20\t800"/20800/; s/"24\t960"/24960/; s/"37\t440"/37440/; s/"41\t600"/41600/' \
    | iconv -f utf-8 -t utf-16 > "$tmp/unicode.csv"
run utf16_tabs 0 "wrote" -- "$tmp/unicode.csv"
printf '%s\n%s\n' "$HDR" "$ROW_OK" | sed 's/,/;/g; s/"1;000"/1000/; s/"31;200"/31200/g; s/"20;800"/20800/; s/"24;960"/24960/; s/"37;440"/37440/; s/"41;600"/41600/' > "$tmp/semicolon.csv"
run semicolon 0 "wrote" -- "$tmp/semicolon.csv"
printf '%s\r\n%s\r\n' "$HDR" "$(echo "$ROW_OK" | sed 's/Synthetic Technicians/Synthetic \xd1 Technicians \xd5s/')" > "$tmp/macroman.csv"
run macroman 0 "macroman.csv:2: info: 1 line\\(s\\) not UTF-8, read as Mac Roman.*\\[enc-macroman\\]" -- "$tmp/macroman.csv"
for name in utf16_tabs semicolon macroman; do
    "$PYTHON" - "$tmp/out-$name/summary.json" <<'PY' || fail "$name: rows not read as the UTF-8 comma file"
import json, sys
i = json.load(open(sys.argv[1]))["inputs"][0]
assert (i["rows_read"], i["rows_accepted"], i["rows_rejected"]) == (1, 1, 0), i
PY
done
"$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
vals = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
assert any('Synthetic \u2014 Technicians \u2019s' in v for v in vals), 'Mac Roman title not found'
" "$tmp/out-macroman/report.xlsx" || fail "Mac Roman title not transcoded into the workbook"
# An article given where a table was expected is said to be one.
cp "$BLS_SOURCE_DIR/input/000_6dcdeebd65410cef.txt" "$tmp/article.csv"
run article_as_csv 2 "article.csv(:1)?: error: .*read as prose, not as a table: a document\\?" -- "$tmp/article.csv"

"$PYTHON" -c "
import sys
print(sys.argv[1]); print('29-2053,' + 'x' * 40000 + ',detailed' + ',' * 17)
" "$HDR" > "$tmp/huge_field.csv"
run huge_field 1 "huge_field.csv:2:2: error: .*\[cell-too-long\]" -- "$tmp/huge_field.csv"

"$PYTHON" -c "
import sys
print(sys.argv[1]); print('29-2053,Wide,detailed' + ',1' * 5000)
" "$HDR" > "$tmp/wide.csv"
run wide_row 1 "wide.csv:2(:[0-9]+)?: error: .*\[row-too-wide\]" -- "$tmp/wide.csv"

"$PYTHON" -c "
import sys
print(sys.argv[1]); print('29-2053,\"' + '\"\"' * 100000 + '\",detailed' + ',' * 17)
" "$HDR" > "$tmp/quotes.csv"
run repeated_quotes 1 "quotes.csv:2:2: error: .*\[cell-too-long\]" -- "$tmp/quotes.csv"

# A header that names a column twice: the first is used, with a warning.
printf '%s,A_MEDIAN\n%s,"99,999"\n' "$HDR" "$ROW_OK" > "$tmp/dupcol.csv"
run duplicate_column 0 "dupcol.csv:1:21: warning: .*\[layout-duplicate-column\]" -- "$tmp/dupcol.csv"

# Invalid UTF-8 that is also valid cp1252 is transcoded; lone bytes never crash.
printf '%s\n29-2053,\xff\xfe\xc3,detailed,,,,,,,,,,,,,"31,200",,,,\n' "$HDR" > "$tmp/badutf8.csv"
run invalid_utf8 0 "badutf8.csv:2: info" -- "$tmp/badutf8.csv"

# Diagnostics formats and caps.
printf '%s\n' "$HDR" > "$tmp/many_M2014.csv"
for i in $(seq 1 80); do echo "29-20X$i,Bad,detailed,,,,,,,,,,,,,,,,," >> "$tmp/many_M2014.csv"; done
echo "$ROW_OK" >> "$tmp/many_M2014.csv"
run cap 1 "\.\.\. and 78 more findings" -- --max-diagnostics 2 "$tmp/many_M2014.csv"
run github 1 "^::error file=.*many_M2014.csv,line=2,col=1,title=soc-format::" -- --diagnostics github "$tmp/many_M2014.csv"
[[ $(grep -c "\[soc-format\]" "$tmp/cap.err") -eq 2 ]] || fail "--max-diagnostics 2 printed $(grep -c soc-format "$tmp/cap.err")"
"$PYTHON" -c "
import json, sys
s = json.load(open(sys.argv[1]))
assert len(s['validation']['findings']) == 80, len(s['validation']['findings'])
" "$tmp/out-cap/summary.json" || fail "JSON summary should hold all 80 findings"

# A document one byte over the 16 MiB limit: refused, naming the file and the limit.
head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'x' > "$tmp/huge_article.txt"
run huge_document 2 "huge_article.txt: error: document exceeds a limit \(16777216 bytes" \
    -- "$tmp/good.csv" "$tmp/huge_article.txt"

# Usage errors.
run bad_option 2 "unknown option --frobnicate" -- --frobnicate
run bad_fail_on 2 "--fail-on takes" -- --fail-on sometimes "$tmp/good.csv"
# The Excel-for-Mac export of EP Table 1.7 (2019-29, Mac Roman, CRLF) gives
# the workbook a UTF-8 copy of it gives (iconv, an independent converter):
# every data sheet equal cell for cell, read back with openpyxl.
real=${BLS_REAL_DATA:-$BLS_SOURCE_DIR/../shared/bls/real}
mac="$real/ep/table_1.7_2019-29_export_macroman_crlf.csv"
if [[ -f "$mac" ]]; then
    cp "$mac" "$tmp/t17.csv"
    iconv -f macintosh -t utf-8 "$mac" > "$tmp/t17_utf8.csv"
    run macroman_real 0 "t17.csv:4: info: [0-9]+ line\\(s\\) not UTF-8, read as Mac Roman.*\\[enc-macroman\\]" -- "$tmp/t17.csv"
    run macroman_real_utf8 0 "wrote" -- "$tmp/t17_utf8.csv"
    "$PYTHON" - "$tmp/out-macroman_real/report.xlsx" "$tmp/out-macroman_real_utf8/report.xlsx" <<'PY' \
        || fail "Mac Roman export and its UTF-8 copy differ"
import openpyxl, sys
a, b = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
for name in ("Occupations", "Projection data"):
    x = list(a[name].iter_rows(values_only=True))
    y = list(b[name].iter_rows(values_only=True))
    assert len(x) > 1000 and x == y, name
    assert any("\u2014" in str(c) for r in x for c in r) or name == "Occupations", name
PY
    echo "ok: Mac Roman export = its UTF-8 copy, sheet for sheet"
fi
echo "e2e_ingest: ok"
