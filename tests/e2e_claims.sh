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
# 5. Inputs together: the same file twice is read once (its claims are not
#    counted twice); two inputs that disagree on a figure give a data-conflict
#    finding naming both, and a check of that figure is ambiguous, not a match.
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/dup.json" "${data[@]}" "$article" "$article" \
    "${data[0]}" || rc=$?
[[ $rc -eq 0 ]] || fail "same file twice: exit $rc"
mkdir -p "$tmp/conflict"
sed 's/"54,410"/"55,410"/' "${data[0]}" > "$tmp/conflict/other_national_M2014_dl.csv"
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/conflict.json" "${data[@]}" \
    "$tmp/conflict/other_national_M2014_dl.csv" "$article" || rc=$?
[[ $rc -eq 0 ]] || fail "conflicting data: exit $rc (ambiguous does not fail by default)"
"$PYTHON" - "$tmp/dup.json" "$tmp/conflict.json" <<'PY'
import json, sys
dup, con = (json.load(open(p)) for p in sys.argv[1:3])
assert len(dup["claims"]) == 13, len(dup["claims"])
rules = [f["rule"] for f in dup["validation"]["findings"]]
assert rules.count("input-duplicate") == 2, rules
pta = [c for c in con["claims"] if c["soc_code"] == "31-2021" and c["metric"] == "median_annual_wage"]
assert pta and all(c["status"] == "ambiguous" and "55,410" in c["note"] and "54,410" in c["note"]
                   for c in pta), pta
conf = [f for f in con["validation"]["findings"] if f["rule"] == "data-conflict"]
assert len(conf) == 1 and "oes_national_M2014_dl.csv" in conf[0]["message"], conf
assert conf[0]["path"].endswith("other_national_M2014_dl.csv"), conf[0]
PY
echo "ok: the same file twice is read once; disagreeing inputs are a data-conflict"

# 6. Round trip on every extraction fixture and the seed article: the claims
#    read back from the --extract-claims CSV are the claims extracted from the
#    document (source, metric, period, value with its sign and unit).
seed="$BLS_SOURCE_DIR/../shared/seed/000_6dcdeebd65410cef.txt"
docs=("$BLS_SOURCE_DIR"/tests/data/extract/*.txt)
[[ -f "$seed" ]] && docs+=("$seed")
for doc in "${docs[@]}"; do
    name=$(basename "$doc")
    mkdir -p "$tmp/rt/$name" && cp "$doc" "$tmp/rt/$name/"
    "$BLSREPORT" --extract-claims "$tmp/rt/$name/$name" "${data[@]}" > "$tmp/rt/$name/claims.csv" \
        || fail "--extract-claims $name"
    set +e
    "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/rt/$name/doc.json" "${data[@]}" \
        "$tmp/rt/$name/$name" > /dev/null 2>&1
    "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/rt/$name/csv.json" "${data[@]}" \
        "$tmp/rt/$name/claims.csv" > /dev/null 2>&1
    set -e
    "$PYTHON" - "$tmp/rt/$name" <<'PY' || fail "round trip of $name"
import json, sys
d = sys.argv[1]
def claims(path):
    try:
        s = json.load(open(path))
    except FileNotFoundError:
        return []  # no usable input (a document without attributed figures)
    return sorted((c["source"].rsplit("/", 1)[-1], c["metric"], c["period"], c["claimed"])
                  for c in s["claims"])
a, b = claims(d + "/doc.json"), claims(d + "/csv.json")
assert a == b, (a, b)
print("  %s: %d claims" % (d.rsplit("/", 1)[1], len(a)))
PY
done
"$PYTHON" - "$tmp/rt/signs_and_scales.txt/csv.json" <<'PY' || fail "signs and scales"
import json, sys
got = {c["source"].rsplit(":", 1)[1]: c["claimed"] for c in json.load(open(sys.argv[1]))["claims"]}
want = {"5": -4, "6": -14, "7": -3, "8": -2, "10": 54000, "11": 54400, "12": 54410,
        "13": 35900, "15": 5, "16": 3.9, "17": 47810}
assert got == want, got
PY
echo "ok: --extract-claims round trip on every fixture (signs and units kept)"
# 7. Documents that are not plain UTF-8 text (issue 19 item 5): a UTF-16
#    article (Notepad's "Unicode") gives the 13 claims; an empty, a binary and
#    a figure-less document are document-unreadable errors: exit 1, said why.
mkdir -p "$tmp/docs"
iconv -f utf-8 -t utf-16 "$in/000_6dcdeebd65410cef.txt" > "$tmp/docs/unicode.txt"
rc=0; "$BLSREPORT" -q --no-xlsx --no-pdf --json "$tmp/docs/u16.json" "${data[@]}" \
    "$tmp/docs/unicode.txt" || rc=$?
[[ $rc -eq 1 ]] || fail "UTF-16 article: exit $rc, expected 1 as for its UTF-8 text"
"$PYTHON" -c "
import json, sys
def verdicts(path):
    return sorted((x['source'].split(':')[-1], x['metric'], x['claimed'], x['status'])
                  for x in json.load(open(path))['claims'])
a, b = verdicts(sys.argv[1]), verdicts(sys.argv[2])
assert len(a) == 13 and a == b, (a, b)
" "$tmp/docs/u16.json" "$tmp/doc.json" || fail "UTF-16 article not read as its UTF-8 text"
: > "$tmp/docs/empty.txt"
head -c 2048 /dev/urandom > "$tmp/docs/binary.txt"
printf 'Psychiatric technicians care for patients.\n' > "$tmp/docs/nofigure.txt"
for doc in empty:"empty document" binary:"binary data" nofigure:"no figure"; do
    name=${doc%%:*} says=${doc#*:}
    rc=0
    "$BLSREPORT" -q --no-xlsx --no-pdf "${data[@]}" "$tmp/docs/$name.txt" 2> "$tmp/docs/$name.err" || rc=$?
    [[ $rc -eq 1 ]] || { cat "$tmp/docs/$name.err"; fail "$name document: exit $rc, expected 1"; }
    grep -q "$name.txt: error: $says.*expected an article.*\[document-unreadable\]" "$tmp/docs/$name.err" \
        || { cat "$tmp/docs/$name.err"; fail "$name document: not said"; }
done
echo "ok: UTF-16 article read; empty, binary and figure-less documents fail with a reason"
echo "e2e_claims: ok"
