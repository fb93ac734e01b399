#!/usr/bin/env bash
# End-to-end: the main job on input/ (the seed article, the OEWS and EP
# extracts and the claims CSV) with outputs read back by independent tools.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# input/ holds real BLS extracts and the article quotes one wrong figure (5%
# growth for psychiatric technicians; BLS: 3.9%): every run exits 1, "report
# written, findings". bls runs blsreport and accepts exactly that.
bls() { local rc=0; "$BLSREPORT" "$@" || rc=$?; [[ $rc -eq 1 ]] || { echo "exit $rc" >&2; return 1; }; }

export SOURCE_DATE_EPOCH=1700000000
rc=0
"$BLSREPORT" -o "$tmp/out" --json "$tmp/out/summary.json" "$BLS_SOURCE_DIR"/input/* \
    2>"$tmp/stderr" || rc=$?
cat "$tmp/stderr"
[[ $rc -eq 1 ]] || fail "exit code $rc, expected 1 (the article's 5% is wrong)"
for f in report.xlsx report.pdf summary.json; do
    [[ -s "$tmp/out/$f" ]] || fail "missing $f"
done
ls -A "$tmp/out" | grep -q '^\.' && fail "temporary files left behind: $(ls -A "$tmp/out")"
grep -q "claims: 13 checked: 9 match, 2 rounding, 2 mismatch, 0 missing" "$tmp/stderr" \
    || fail "closing summary should report 9 match, 2 rounding, 2 mismatch"
grep -q 'mismatch: employment_change_pct Psychiatric Technician "5%": claimed 5%, data 3.9%' \
    "$tmp/stderr" || fail "the wrong 5% is not reported as claimed 5%, data 3.9%"

# The JSON summary, read with Python's json module.
"$PYTHON" - "$tmp/out/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["schema"] == "blsreport-summary/1", s["schema"]
assert s["exit_code"] == 1
kinds = sorted(i["kind"] for i in s["inputs"])
assert kinds == ["claims", "document", "projections", "projections", "wages"], kinds
for i in s["inputs"]:
    assert i["rows_read"] == i["rows_accepted"] + i["rows_rejected"], i
wages = next(i for i in s["inputs"] if i["kind"] == "wages")
assert wages["rows_read"] == 17 and wages["rows_rejected"] == 0 and wages["period"] == "May 2014", wages
for proj in (i for i in s["inputs"] if i["kind"] == "projections"):
    assert proj["rows_read"] == 15 and proj["rows_rejected"] == 0 and proj["period"] == "2012-2022", proj
claims = s["claims"]
assert len(claims) == 13, len(claims)
status = sorted((c["source"].split("/")[-1], c["claimed"], c["status"]) for c in claims
                if c["status"] != "match")
assert status == [("000_6dcdeebd65410cef.txt:11", 5, "mismatch"),
                  ("000_6dcdeebd65410cef.txt:11", 22, "rounding"),
                  ("000_6dcdeebd65410cef.txt:46", 5, "mismatch"),
                  ("000_6dcdeebd65410cef.txt:60", 22, "rounding")], status
by_source = {(c["source"].split("/")[-1], c["claimed"]) for c in claims}
expected = {("000_6dcdeebd65410cef.txt:11", 41), ("000_6dcdeebd65410cef.txt:11", 5),
            ("000_6dcdeebd65410cef.txt:11", 22), ("000_6dcdeebd65410cef.txt:12", 54410),
            ("000_6dcdeebd65410cef.txt:12", 31130), ("000_6dcdeebd65410cef.txt:12", 35900),
            ("000_6dcdeebd65410cef.txt:34", 54410), ("000_6dcdeebd65410cef.txt:34", 56950),
            ("000_6dcdeebd65410cef.txt:34", 47810), ("000_6dcdeebd65410cef.txt:46", 31130),
            ("000_6dcdeebd65410cef.txt:46", 5), ("000_6dcdeebd65410cef.txt:60", 22),
            ("000_6dcdeebd65410cef.txt:60", 35900)}
assert by_source == expected, by_source ^ expected
pta = [c for c in claims if c["soc_code"] == "31-2021" and c["metric"] == "median_annual_wage"]
assert len(pta) == 2 and all(c["actual"] == 54410 and c["period"] in ("May 2014", "2014") for c in pta), pta
assert s["validation"]["errors"] == 0, s["validation"]
assert sorted(o["kind"] for o in s["outputs"]) == ["json", "pdf", "xlsx"], s["outputs"]
print("json summary ok")
PY

# The workbook opens in openpyxl and holds the claims; the PDF in poppler.
"$PYTHON" -c "
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
assert 'Cross-check' in wb.sheetnames, wb.sheetnames
# data rows name their input by number; the Summary maps the number to the file
wage = list(wb['Wage data'].iter_rows(values_only=True))
assert wage[0][0] == 'Input #' and all(isinstance(r[0], (int, float)) for r in wage[1:]), wage[:2]
numbers = {r[0]: r[9] for r in wb['Summary'].iter_rows(values_only=True) if isinstance(r[0], str) and len(r) > 9 and r[9]}
src = [p for p, n in numbers.items() if n == wage[1][0]]
assert len(src) == 1 and src[0].endswith('oes_national_M2014_dl.csv'), numbers
print('xlsx ok:', wb.sheetnames)
" "$tmp/out/report.xlsx"
unzip -tq "$tmp/out/report.xlsx" >/dev/null || fail "report.xlsx is not a valid zip"
pdfinfo "$tmp/out/report.pdf" | grep -q "^Pages:" || fail "pdfinfo cannot read report.pdf"

# Byte-reproducible: the same inputs and SOURCE_DATE_EPOCH give the same files.
# (same options, so the same output directory: the first run's files move aside)
mv "$tmp/out" "$tmp/first"
bls -q -o "$tmp/out" --json "$tmp/out/summary.json" "$BLS_SOURCE_DIR"/input/* || fail "second run"
for f in report.xlsx report.pdf summary.json; do
    cmp "$tmp/first/$f" "$tmp/out/$f" || fail "$f differs between two identical runs"
done
# One thread (-j1: the PDF drawn after the workbook, on the main thread) gives
# the same bytes as the default, where a second thread draws the PDF.
rm -rf "$tmp/out"
bls -q -j1 -o "$tmp/out" --json "$tmp/out/summary.json" "$BLS_SOURCE_DIR"/input/* \
    || fail "run with -j1"
for f in report.xlsx report.pdf summary.json; do
    cmp "$tmp/first/$f" "$tmp/out/$f" || fail "$f differs between -j1 and the default"
done

# The same with the charts as files too: -j1 and the default, same bytes.
for j in 1 2; do
    bls -q -j$j -o "$tmp/charts$j" --json "$tmp/charts$j/summary.json" \
        --charts-dir "$tmp/charts$j/c" "$BLS_SOURCE_DIR"/input/* || fail "run -j$j --charts-dir"
    sed -i "s|$tmp/charts$j|OUT|g" "$tmp/charts$j/summary.json"
done
for f in report.pdf summary.json c/growth.svg c/growth.png c/pay.svg c/pay.png c/scatter.svg \
    c/scatter.png; do
    cmp "$tmp/charts1/$f" "$tmp/charts2/$f" || fail "$f differs between -j1 and the default"
done

# Default inputs: with no FILE arguments it reads ./input and writes ./output.
mkdir -p "$tmp/cwd" && cp -r "$BLS_SOURCE_DIR/input" "$tmp/cwd/input"
(cd "$tmp/cwd" && bls -q) || fail "default run on ./input"
[[ -s "$tmp/cwd/output/report.xlsx" && -s "$tmp/cwd/output/report.pdf" ]] || fail "default outputs"

# --json - prints the summary on stdout.
bls -q --no-xlsx --no-pdf --json - "$BLS_SOURCE_DIR"/input/* > "$tmp/stdout.json"
"$PYTHON" -c "import json,sys; assert json.load(open(sys.argv[1]))['schema']=='blsreport-summary/1'" "$tmp/stdout.json" \
    || fail "--json - did not print the summary"
# One file or several: the same rows split over two files give the same
# verdicts, findings and totals (issue: results identical either way).
hdr=$(head -1 "$BLS_SOURCE_DIR/input/oes_national_M2014_dl.csv")
mkdir -p "$tmp/split"
{ echo "$hdr"; sed -n 2,3p "$BLS_SOURCE_DIR/input/oes_national_M2014_dl.csv"; } > "$tmp/split/a_M2014.csv"
{ echo "$hdr"; sed -n '4,$p' "$BLS_SOURCE_DIR/input/oes_national_M2014_dl.csv"; } > "$tmp/split/b_M2014.csv"
rest=("$BLS_SOURCE_DIR/input/000_6dcdeebd65410cef.txt" "$BLS_SOURCE_DIR/input/claims_health_technicians.csv"
      "$BLS_SOURCE_DIR/input/ep_occupational_projections_2012-22.csv")
bls -q --no-xlsx --no-pdf --json "$tmp/one.json" "$BLS_SOURCE_DIR/input/oes_national_M2014_dl.csv" "${rest[@]}"
bls -q --no-xlsx --no-pdf --json "$tmp/two.json" "$tmp/split/a_M2014.csv" "$tmp/split/b_M2014.csv" "${rest[@]}"
"$PYTHON" - "$tmp/one.json" "$tmp/two.json" <<'PY'
import json, sys
one, two = (json.load(open(p)) for p in sys.argv[1:3])
def claims(s):
    return [{k: v for k, v in c.items() if k not in ("note",)} for c in s["claims"]]
def values(s):  # the data side of each verdict, without the data file's name
    return [(c["status"], c["actual"], c["actual_period"]) for c in s["claims"]]
assert values(one) == values(two), (values(one), values(two))
assert [c["source"] for c in one["claims"]] == [c["source"] for c in two["claims"]]
assert one["verdicts"] == two["verdicts"]
for k in ("errors", "warnings"):
    assert one["validation"][k] == two["validation"][k], k
rows = lambda s: sum(i["rows_read"] for i in s["inputs"] if i["kind"] == "wages")
assert rows(one) == rows(two) == 17
PY
echo "ok: one file or two give the same verdicts"

# The README's rule table is the program's own (--list-rules).
"$BLSREPORT" --list-rules | grep '^| `' > "$tmp/rules.md"
[[ $(wc -l < "$tmp/rules.md") -ge 25 ]] || fail "--list-rules printed too few rules"
while IFS= read -r line; do
    grep -qxF -- "$line" "$BLS_SOURCE_DIR/README.md" || fail "README lacks the rule line: $line"
done < "$tmp/rules.md"
echo "e2e_main: ok"
