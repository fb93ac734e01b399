#!/usr/bin/env bash
# End-to-end, issue #17 and #19 item 9: SARIF (validated against the OASIS
# 2.1.0 schema, fingerprints identical on a rerun), baselines (unchanged
# inputs pass, one new mismatch fails), GitHub workflow commands for
# findings and verdicts with escaped fields, the job summary, directories
# as inputs, --select that matches nothing.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
SCHEMA="$BLS_SOURCE_DIR/../shared/schemas/sarif-schema-2.1.0.json"
[[ -f "$SCHEMA" ]] || { echo "SKIP: $SCHEMA not found"; exit 77; }
"$PYTHON" -c 'import jsonschema' 2>/dev/null || { echo "SKIP: python3-jsonschema missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1700000000
cd "$tmp"
mkdir in
cp "$BLS_SOURCE_DIR"/input/* in/
article=$(cd in && ls 000_*.txt)

# The seed inputs (real BLS extracts) hold 2 mismatches: the article's 5% for
# psychiatric technicians, which BLS projected at 3.9% (lines 11 and 46).
# 1. A directory as the input; SARIF validates; a rerun gives the same fingerprints.
rc=0
"$BLSREPORT" in/ -o out --no-pdf --json base.json --sarif base.sarif 2>err1 || rc=$?
cat err1
[[ $rc -eq 1 ]] || fail "run on in/ exit $rc, expected 1 (2 mismatches)"
rc=0; "$BLSREPORT" in -o out --no-pdf --sarif again.sarif 2>/dev/null || rc=$?
[[ $rc -eq 1 ]] || fail "rerun exit $rc"
"$PYTHON" - "$SCHEMA" base.sarif again.sarif <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
runs = []
for path in sys.argv[2:]:
    doc = json.load(open(path))
    jsonschema.validate(doc, schema)   # raises on any violation
    runs.append(doc)
res = runs[0]["runs"][0]["results"]
verdicts = [r for r in res if r["ruleId"].startswith("claim-")]
assert len(verdicts) == 13, len(verdicts)          # the 13 claims
rules = runs[0]["runs"][0]["tool"]["driver"]["rules"]
for r in res:
    assert rules[r["ruleIndex"]]["id"] == r["ruleId"], r
    loc = r["locations"][0]["physicalLocation"]
    uri = loc["artifactLocation"]["uri"]
    assert not uri.startswith("/") and uri.startswith("in/"), loc   # relative, real paths
    if "region" in loc:
        assert loc["region"]["startLine"] >= 1, loc
errors = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                for r in res if r["level"] == "error")
assert errors == [("claim-mismatch", 11), ("claim-mismatch", 46)], errors
for r in verdicts:
    assert (r.get("kind") == "pass") == (r["ruleId"] == "claim-match"), r
fp = [[r["partialFingerprints"]["blsreport/v1"] for r in d["runs"][0]["results"]] for d in runs]
assert fp[0] == fp[1], "fingerprints differ between runs"
assert len(set(fp[0])) == len(fp[0]), "fingerprints not unique"
PY

# One form of source: the claims CSV's rows and the article's own claims
# name the article by the same path (in/000_...txt), the path it was given by.
"$PYTHON" - base.json "in/$article" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
sources = {c["source"].rsplit(":", 1)[0] for c in s["claims"]}
assert sources == {sys.argv[2]}, sources
PY

# 2. Baseline of unchanged inputs: exit 0, the 2 known mismatches baselined.
for b in base.json base.sarif; do
    "$BLSREPORT" in -o out --no-pdf --baseline $b --json b0.json 2>err2 \
        || fail "baseline run ($b) on unchanged inputs should exit 0: $(cat err2)"
    grep -q "baseline: 2 known" err2 || fail "no baseline line: $(cat err2)"
    "$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["baselined"]==2 and s["exit_code"]==0, s["baselined"]' b0.json
done

# 3. One new mismatch: the article now says $56,990 where BLS says $56,950.
sed -i 's/\$56,950/$56,990/' "in/$article"
rc=0; "$BLSREPORT" in -o out --no-pdf --baseline base.json --json new.json --sarif new.sarif \
    2>err3 || rc=$?
[[ $rc -eq 1 ]] || fail "a new mismatch under the baseline should exit 1, got $rc"
"$PYTHON" - new.json new.sarif "$SCHEMA" <<'PY'
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
assert s["exit_code"] == 1 and s["baselined"] == 2, (s["exit_code"], s.get("baselined"))
sarif = json.load(open(sys.argv[2]))
jsonschema.validate(sarif, json.load(open(sys.argv[3])))
res = sarif["runs"][0]["results"]
bad = [r for r in res if r["level"] == "error"]
assert len(bad) == 3 and all(r["ruleId"] == "claim-mismatch" for r in bad), bad
new = [r for r in bad if r["baselineState"] == "new"]
assert len(new) == 1 and "56,990" in new[0]["message"]["text"], new
PY

# 4. That run as the baseline (its summary, then its SARIF): the known
#    mismatch is baselined, exit 0.
for b in new.json new.sarif; do
    rc=0; "$BLSREPORT" in -o out --no-pdf --baseline "$b" --json known.json 2>err4 || rc=$?
    [[ $rc -eq 0 ]] || fail "known mismatch with --baseline $b should exit 0, got $rc: $(cat err4)"
    "$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["baselined"]==3, s["baselined"]' known.json
done
rc=0; "$BLSREPORT" in -o out --no-pdf 2>/dev/null || rc=$?
[[ $rc -eq 1 ]] || fail "without the baseline the mismatch should exit 1, got $rc"

# 5. Workflow commands: the mismatch annotated on the article's line, error,
#    relative path, no col=0; the job summary appended.
rc=0; GITHUB_STEP_SUMMARY="$tmp/summary.md" "$BLSREPORT" in -o out --no-pdf \
    --diagnostics github 2>gh || rc=$?
[[ $rc -eq 1 ]] || fail "github run exit $rc"
grep -Eq "^::error file=in/$article,line=34,title=mismatch%3A .*56%2C990.*::" gh \
    || fail "no error annotation for the new mismatch: $(cat gh)"
[[ $(grep -c "^::error file=in/$article" gh) -eq 3 ]] || fail "expected 3 error annotations"
grep -q "col=0" gh && fail "col=0 written"
grep -q "^## blsreport: failed" summary.md || fail "job summary: $(cat summary.md)"
grep -q "| error | in/$article:" summary.md || fail "job summary lists no mismatch"

# 6. Injection (#19 item 9): a claims CSV whose occupation holds a newline,
#    a workflow command, commas, colons, % and an escape sequence.
printf 'source,occupation,soc_code,metric,period,claimed,quote\n"evil,%%:x.txt:3","Ghost\n::error::injected %%0A\033[31mred",99-9999,median_annual_wage,May 2014,"$1,000",q\n' \
    > in/claims_evil.csv
rc=0; "$BLSREPORT" in -o out --no-pdf --diagnostics github 2>gh2 || rc=$?
[[ $rc -eq 1 ]] || fail "injection run exit $rc"
grep -q "^::error::injected" gh2 && fail "data started a workflow command"
grep -q $'\033' gh2 && fail "an escape character reached the log"
grep -v '^::\(error\|warning\|notice\) file=[^,:]*\(,line=[0-9]*\)\?\(,col=[1-9][0-9]*\)\?,title=[^:,]*::' gh2 \
    | grep '^::' && fail "a workflow command with unescaped properties"
grep -q 'file=evil%2C%25%3Ax.txt' gh2 || fail "file= not escaped: $(grep evil gh2)"
rc=0; "$BLSREPORT" in -o out --no-pdf 2>txt || rc=$?
grep -q $'\033' txt && fail "an escape character reached the terminal"
grep -q 'Ghost\\n::error::injected' txt || fail "newline not shown as \\n: $(grep Ghost txt)"
rm in/claims_evil.csv
# messages about arguments and files escape them too
rc=0; "$BLSREPORT" --fail-on $'x\e[31m\nred' 2>usage.err || rc=$?
[[ $rc -eq 2 ]] || fail "bad --fail-on exit $rc"
grep -q $'\033' usage.err && fail "an escape character in a usage message"
grep -qF "not 'x\x1B[31m\nred'" usage.err || fail "usage message not escaped: $(cat usage.err)"
rc=0; "$BLSREPORT" --no-pdf -o out $'missing\e]0;title\a.csv' 2>missing.err || rc=$?
[[ $rc -eq 2 ]] || fail "missing file exit $rc"
grep -qF 'missing\x1B]0;title\x07.csv: error: cannot open' missing.err || fail "path not escaped: $(cat -A missing.err)"

# 7. --select that matches nothing: a message and exit 2, nothing written.
rc=0; "$BLSREPORT" in -o sel --no-pdf --select 99-9999 2>sel.err || rc=$?
[[ $rc -eq 2 ]] || fail "--select with no match exit $rc, expected 2"
grep -q "select matches no occupation" sel.err || fail "no message: $(cat sel.err)"
[[ ! -e sel/report.xlsx ]] || fail "--select with no match wrote a workbook"

# 7b. The SARIF file is one of the run's outputs, staged and committed with
#     the others: a path that cannot be written (under a regular file) fails
#     before any work, exit 3, nothing written, no temporary file left; a
#     missing directory is created, as for --json; a SARIF path that is
#     also the --json path is refused (exit 2).
touch plainfile
rc=0; "$BLSREPORT" in -o sarifless --no-pdf --sarif plainfile/x.sarif 2>sarif.err || rc=$?
[[ $rc -eq 3 ]] || fail "unwritable --sarif exit $rc, expected 3"
[[ ! -e sarifless/report.xlsx ]] || fail "unwritable --sarif still wrote the workbook"
grep -q "plainfile" sarif.err || fail "no message: $(cat sarif.err)"
ls -A . | grep -q '^\..*sarif' && fail "temporary SARIF files left: $(ls -A .)"
rc=0; "$BLSREPORT" in -o sarifdir --no-pdf --json sarifdir/s.json --sarif new/dir/x.sarif \
    2>/dev/null || rc=$?
[[ $rc -eq 1 && -s new/dir/x.sarif ]] || fail "--sarif into a new directory: exit $rc"
grep -q '"kind": "sarif"' sarifdir/s.json || fail "the summary does not list the SARIF file"
rc=0; "$BLSREPORT" in -o same --no-pdf --json same.out --sarif same.out 2>same.err || rc=$?
[[ $rc -eq 2 && ! -e same.out ]] || fail "--sarif and --json on one path: exit $rc"

# 8. A baseline that is neither SARIF nor a summary: exit 2.
echo '{"x": 1}' > bogus.json
rc=0; "$BLSREPORT" in -o out --no-pdf --baseline bogus.json 2>/dev/null || rc=$?
[[ $rc -eq 2 ]] || fail "bogus baseline exit $rc, expected 2"
# 9. --progress prints progress lines on stderr even when it is not a
#    terminal; -q silences it; without either, a pipe gets none.
"$BLSREPORT" in -o out --no-pdf --progress 2>prog || true
grep -q "^blsreport: input 1 of [0-9]*, [0-9]* rows read" prog || fail "no progress: $(cat prog)"
"$BLSREPORT" in -o out --no-pdf --progress -q 2>prog || true
grep -q "rows/s" prog && fail "-q did not silence the progress"
"$BLSREPORT" in -o out --no-pdf 2>prog || true
grep -q "rows/s" prog && fail "progress on a pipe without --progress"

# 10. Ambiguous claims list their candidates as data. SYNTHETIC data: two
#     detailed occupations that share a title (not BLS figures).
mkdir amb
hdr='OCC_CODE,OCC_TITLE,OCC_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,ANNUAL,HOURLY'
{ echo "$hdr"
  echo '29-9091,Synthetic Technicians,detailed,"1,000",1.0,15.00,"31,200",1.0,10.00,12.00,15.00,18.00,20.00,"20,800","24,960","31,200","37,440","41,600",,'
  echo '29-9092,Synthetic Technicians,detailed,"2,000",1.0,16.00,"33,280",1.0,10.00,12.00,16.00,18.00,20.00,"20,800","24,960","33,280","37,440","41,600",,'
} > amb/synthetic_national_M2014_dl.csv
printf 'SYNTHETIC article.\n\nIn May 2014, synthetic technicians made a median salary of $31,200 per year.\n' > amb/synthetic_article.txt
"$BLSREPORT" -q --no-pdf --no-xlsx --json amb.json amb 2>/dev/null || true
"$PYTHON" - amb.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
amb = [c for c in s["claims"] if c["status"] == "ambiguous"]
assert len(amb) == 1, [c["status"] for c in s["claims"]]
codes = [x["soc_code"] for x in amb[0]["candidates"]]
assert codes == ["29-9091", "29-9092"], amb[0]["candidates"]
assert all(x["title"] == "Synthetic Technicians" for x in amb[0]["candidates"])
assert all(x in amb[0]["note"] for x in codes), amb[0]["note"]    # the same as the prose
PY
echo "e2e_ci: ok"
