#!/usr/bin/env bash
# End-to-end cross-check: claims read from the article itself, an altered
# copy whose changed figures must come out as exactly those mismatches, stale
# figures against later (synthetic) data, --extract-claims and --fail-on.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
in="$BLS_SOURCE_DIR/input"
article="$in/000_6dcdeebd65410cef.txt"
data=("$in/oes_national_M2014_dl.csv" "$in/ep_occupational_projections_2012-22.csv")

# 1. Claims extracted from the article alone (no claims CSV): 13, against the
#    real BLS extracts: 9 match, 2 rounding (22% for 22.1), 2 mismatch (the
#    article's 5% for psychiatric technicians; BLS projected 3.9%): exit 1.
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/doc.json" "${data[@]}" "$article" || rc=$?
[[ $rc -eq 1 ]] || fail "article alone: exit $rc, expected 1"
"$PYTHON" - "$tmp/doc.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
c = s["claims"]
assert len(c) == 13, len(c)
assert sum(1 for x in c if x["origin"] == "table") == 6, [x["origin"] for x in c]
assert sum(1 for x in c if x["origin"] == "prose") == 7
import collections
assert collections.Counter(x["status"] for x in c) == {"match": 9, "rounding": 2, "mismatch": 2}, c
bad = sorted((x["source"].split(":")[-1], x["soc_code"], x["claimed"], x["actual"]) for x in c
             if x["status"] == "mismatch")
assert bad == [("11", "29-2053", 5, 3.9), ("46", "29-2053", 5, 3.9)], bad
assert s["unattributed"] == [], s["unattributed"]
PY
echo "ok: 13 figures extracted from the article: 9 match, 2 rounding, 2 mismatch (5% vs 3.9%)"

# The rest works on a copy with the one wrong figure corrected (5% -> 3.9%),
# so that exactly the figures a test changes come out wrong.
sed -e 's/ 5%22%/ 3.9%22%/' -e 's/by 5%/by 3.9%/' "$article" > "$tmp/000_6dcdeebd65410cef.txt"
article="$tmp/000_6dcdeebd65410cef.txt"
"$BLSREPORT" -q --no-xlsx --no-pdf "${data[@]}" "$article" || fail "corrected article: exit $?"
sed -e 's/,5%,/,3.9%,/' "$in/claims_health_technicians.csv" > "$tmp/claims_corrected.csv"

# 2. An altered copy: exactly the changed figures are mismatches; the table
#    and the prose now disagree about one fact, which is flagged.
sed -e 's/\$56,950/$56,590/' -e 's/increase by 22%/increase by 25%/' "$article" > "$tmp/altered.txt"
rc=0; "$BLSREPORT" --no-xlsx --no-pdf --json "$tmp/alt.json" "${data[@]}" "$tmp/altered.txt" \
    2>"$tmp/alt.err" || rc=$?
[[ $rc -eq 1 ]] || fail "altered article: exit $rc, expected 1"
grep -q "altered.txt:34: mismatch" "$tmp/alt.err" || fail "no mismatch line for line 34: $(cat "$tmp/alt.err")"
"$PYTHON" - "$tmp/alt.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
bad = sorted((x["source"].split(":")[-1], x["claimed"], x["actual"]) for x in s["claims"] if x["status"] == "mismatch")
assert bad == [("34", 56590, 56950), ("60", 25, 22.1)], bad
rules = [f["rule"] for f in s["validation"]["findings"]]
assert "claim-quotes-disagree" in rules, rules
PY
echo "ok: altered copy -> exactly the two changed figures mismatch"

# 3. Later data: the May 2014 wages come out stale with both values shown.
later="$BLS_SOURCE_DIR/tests/data/e2e/synthetic_national_M2023_dl.csv"
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/stale.json" "$later" "${data[1]}" \
    "$tmp/claims_corrected.csv" || rc=$?
[[ $rc -eq 0 ]] || fail "stale claims with the default --fail-on: exit $rc, expected 0"
"$PYTHON" - "$tmp/stale.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wages = [x for x in s["claims"] if x["metric"] == "median_annual_wage"]
assert len(wages) == 8 and all(x["status"] == "stale" for x in wages), [(x["source"], x["status"]) for x in wages]
pta = next(x for x in wages if x["soc_code"] == "31-2021")
assert pta["claimed"] == 54410 and pta["latest"] == 60000 and pta["latest_period"] == "May 2023", pta
PY
# Both periods in the data: right for May 2014, but out of date -> stale.
"$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/both.json" "$later" "${data[@]}" \
    "$tmp/claims_corrected.csv" || fail "2014 + 2023 data: exit $?"
"$PYTHON" - "$tmp/both.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
pta = [x for x in s["claims"] if x["soc_code"] == "31-2021" and x["metric"] == "median_annual_wage"]
assert pta and all(x["status"] == "stale" and x["actual"] == 54410 and x["latest"] == 60000 for x in pta), pta
PY
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --fail-on stale "$later" "${data[1]}" \
    "$tmp/claims_corrected.csv" || rc=$?
[[ $rc -eq 1 ]] || fail "--fail-on stale: exit $rc, expected 1"
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --fail-on never "${data[@]}" "$tmp/altered.txt" || rc=$?
[[ $rc -eq 0 ]] || fail "--fail-on never: exit $rc, expected 0"
echo "ok: stale verdicts and --fail-on"

# 4. --extract-claims prints a claims CSV that blsreport reads back.
"$BLSREPORT" --extract-claims "$article" "${data[@]}" > "$tmp/extracted.csv" || fail "--extract-claims"
[[ $(grep -c . "$tmp/extracted.csv") -eq 14 ]] || fail "expected header + 13 claims: $(cat "$tmp/extracted.csv")"
mkdir "$tmp/x" && cp "$tmp/extracted.csv" "$tmp/x/claims.csv" && cp "$article" "$tmp/x/"
"$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/rt.json" "${data[@]}" "$tmp/x/claims.csv" \
    || fail "extracted claims CSV does not check clean"
"$PYTHON" -c "
import json, sys
s = json.load(open(sys.argv[1])); assert len(s['claims']) == 13 and all(c['status'] in ('match', 'rounding') for c in s['claims'])
" "$tmp/rt.json" || fail "round trip of --extract-claims"
echo "ok: --extract-claims round trip"
echo "e2e_claims: ok"
