#!/usr/bin/env bash
# End-to-end, issue #17: --per-document on 3 articles writes 3 PDFs whose
# text names only their own article, 3 JSON summaries and an index, beside
# the combined workbook. The articles are SYNTHETIC: each is one sentence of
# the seed article (real BLS figures), made into a document of its own here.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
command -v pdftotext >/dev/null || { echo "SKIP: pdftotext (poppler-utils) missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1700000000
cd "$tmp"
mkdir in
seed="$BLS_SOURCE_DIR/input/000_6dcdeebd65410cef.txt"
# line 34: three wages; 46: psychiatric technicians; 60: health information technicians
for spec in pta:34 psych:46 records:60; do
    name=${spec%%:*} line=${spec##*:}
    { echo "SYNTHETIC test article: line $line of the seed article, as a document of its own."
      echo; sed -n "${line}p" "$seed"; } > "in/synthetic_article_$name.txt"
done
sed -i 's/\$56,950/$56,990/' in/synthetic_article_pta.txt   # a misquote, in one article
cp "$BLS_SOURCE_DIR"/input/oes_*.csv "$BLS_SOURCE_DIR"/input/ep_*.csv in/

rc=0
"$BLSREPORT" in -o out --per-document --json out/summary.json 2>err || rc=$?
cat err
[[ $rc -eq 1 ]] || fail "exit $rc, expected 1 (mismatches)"
grep -q "wrote 3 per-document reports, listed in out/index.json" err || fail "no 'wrote 3' line"
[[ -s out/report.xlsx && -s out/report.pdf ]] || fail "combined outputs missing"
ls -A out | grep -q '^\.' && fail "temporary files left: $(ls -A out)"
names=(pta psych records)
for n in "${names[@]}"; do
    pdf=out/synthetic_article_$n.pdf
    [[ -s $pdf ]] || fail "$pdf missing"
    text=$(pdftotext "$pdf" -)
    grep -q "synthetic_article_$n" <<<"$text" || fail "$pdf does not name its article"
    for other in "${names[@]}"; do
        [[ $other == "$n" ]] && continue
        grep -q "synthetic_article_$other" <<<"$text" && fail "$pdf names synthetic_article_$other"
    done
done
if command -v qpdf >/dev/null; then
    for n in "${names[@]}"; do qpdf --check "out/synthetic_article_$n.pdf" >/dev/null || fail "qpdf $n"; done
fi
"$PYTHON" - out <<'PY'
import json, os, sys
out = sys.argv[1]
index = json.load(open(os.path.join(out, "index.json")))
assert index["schema"] == "blsreport-index/1", index
docs = index["documents"]
assert len(docs) == 3, docs
combined = json.load(open(os.path.join(out, "summary.json")))
total = 0
for d in docs:
    s = json.load(open(os.path.join(out, d["json"])))
    assert s["schema"] == "blsreport-summary/1"
    own = [i["path"] for i in s["inputs"] if i["kind"] == "document"]
    assert own == [d["document"]], (own, d)
    assert all(c["source"].startswith(d["document"] + ":") for c in s["claims"]), s["claims"]
    assert len(s["claims"]) == d["claims"]
    total += d["claims"]
    # pta: the $56,990 misquote; psych: the article's 5% (BLS: 3.9%); records: none
    want = 0 if "records" in d["document"] else 1
    mism = sum(c["status"] == "mismatch" for c in s["claims"])
    assert s["exit_code"] == d["exit_code"] == want, d
    assert mism == want, d
assert total == len(combined["claims"]), (total, len(combined["claims"]))
PY
# each document's summary is a blsreport-summary/1 document
"$PYTHON" "$BLS_SOURCE_DIR/tests/check_summary_schema.py" \
    "$BLS_SOURCE_DIR/docs/blsreport-summary-1.schema.json" out/synthetic_article_*.json \
    || fail "a per-document summary does not match the schema"
echo "e2e_perdoc: ok"
