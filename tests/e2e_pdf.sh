#!/usr/bin/env bash
# e2e_pdf.sh - the real binary writes report.pdf (and, with --charts-dir, the
# charts as SVG and PNG); poppler-utils and qpdf read them back.
#
# Environment (set by ctest): BLSREPORT (the binary), BLS_SOURCE_DIR, PYTHON.
# Exit 77 (skip) only when the binary is missing. Writes only under mktemp -d.
set -u

: "${BLS_SOURCE_DIR:?}"
if [ -z "${BLSREPORT:-}" ] || [ ! -x "$BLSREPORT" ]; then
    echo "SKIP: blsreport binary not found (BLSREPORT=${BLSREPORT:-})"
    exit 77
fi
EPOCH=1420070400 # 2015-01-01T00:00:00Z

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
for tool in pdfinfo pdftotext pdffonts qpdf; do
    command -v $tool >/dev/null 2>&1 || fail "$tool not installed (poppler-utils, qpdf)"
done
[ $failures -eq 0 ] || exit 1

# run OUTDIR ARGS... : 0 (clean) and 1 (findings) both mean "report written".
run() {
    local out=$1
    shift
    SOURCE_DATE_EPOCH=$EPOCH "$BLSREPORT" -q --no-xlsx -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$?
    if [ $rc -gt 1 ]; then
        fail "blsreport exited $rc on $*"
        cat "$tmp/stderr"
        return 1
    fi
    [ -f "$out/report.pdf" ] || { fail "no $out/report.pdf"; return 1; }
}

has() { # has FILE TEXT...: every TEXT occurs in FILE (fixed strings)
    local file=$1
    shift
    for text in "$@"; do
        grep -qF -- "$text" "$file" || fail "'$text' not in $(basename "$file")"
    done
}

version=$("$BLSREPORT" --version | head -n 1)

# 1. The article's inputs: pages, metadata, text, fonts, structure, charts.
if run "$tmp/main" --charts-dir "$tmp/charts" "$BLS_SOURCE_DIR"/input/*; then
    pdf="$tmp/main/report.pdf"
    pdfinfo -isodates "$pdf" >"$tmp/info.txt" || fail "pdfinfo $pdf"
    has "$tmp/info.txt" "Pages:           5" \
        "Title:           BLS figures in 000_6dcdeebd65410cef.txt: cross-check report" \
        "Creator:         $version" "CreationDate:    2015-01-01T00:00:00" \
        "Page size:       595 x 842 pts (A4)"

    # pdftotext wraps lines: compare with line breaks folded into spaces.
    pdftotext -enc UTF-8 "$pdf" - | tr '\n\f' '  ' | tr -s ' ' >"$tmp/text.txt"
    has "$tmp/text.txt" "Projected employment growth" "Median annual pay" "Growth versus pay" \
        "Cross-check of the document's figures" \
        "Physical Therapist Assistants" "Psychiatric Technicians" \
        "Medical Records and Health Information Technicians" \
        "Occupational Therapy Assistants" "Respiratory Therapy Technicians" \
        '$54,410' '$31,130' '$35,900' '$56,950' '$47,810' "41%" "22%" "5%" \
        "Percent change, 2012-2022" \
        "Source: U.S. Bureau of Labor Statistics, Employment Projections program, 2012-22." \
        "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2014." \
        "match 9" "mismatch 2" "Document: 000_6dcdeebd65410cef.txt"
    "$PYTHON" "$BLS_SOURCE_DIR/tests/pdf_text_check.py" "$pdf" || fail "main job: text overlaps"

    pdffonts "$pdf" | tail -n +3 >"$tmp/fonts.txt"
    [ -s "$tmp/fonts.txt" ] || fail "pdffonts lists no fonts"
    while read -r line; do
        # name type encoding emb sub uni object ID (type may be two words)
        emb=$(echo "$line" | awk '{print $(NF-4)}')
        [ "$emb" = yes ] || fail "font not embedded: $line"
    done <"$tmp/fonts.txt"

    qpdf --check "$pdf" >"$tmp/qpdf.txt" 2>&1 || { fail "qpdf --check"; cat "$tmp/qpdf.txt"; }
    grep -qi "warning" "$tmp/qpdf.txt" && fail "qpdf warns: $(cat "$tmp/qpdf.txt")"
    qpdf --json=2 --json-key=qpdf "$pdf" | grep -qF '"/Lang": "u:en-US"' || fail "no /Lang"

    for f in growth.svg growth.png pay.svg pay.png scatter.svg scatter.png; do
        [ -s "$tmp/charts/$f" ] || fail "chart file $f missing or empty"
    done
    head -c 8 "$tmp/charts/pay.png" | od -An -c | grep -q "P   N   G" || fail "pay.png is no PNG"
    grep -q "</svg>" "$tmp/charts/growth.svg" || fail "growth.svg is no complete SVG"
    # SVG parsed as XML: <title>, <desc>, and the labels as real <text>.
    "$PYTHON" - "$tmp/charts" <<'PY' || fail "chart SVGs lack title, desc or real text"
import sys, xml.etree.ElementTree as E
N = "{http://www.w3.org/2000/svg}"
want = {"growth": ("Projected employment growth", "Physical Therapist Assistants"),
        "pay": ("Median annual pay", "$54,410"), "scatter": ("Growth versus pay", None)}
bad = 0
for stem, (title, label) in want.items():
    r = E.parse(f"{sys.argv[1]}/{stem}.svg").getroot()
    texts = [e.text for e in r.iter(N + "text")]
    ok = (r.find(N + "title") is not None and r.find(N + "title").text == title
          and r.find(N + "desc") is not None and "Source: U.S. Bureau of Labor Statistics"
          in r.find(N + "desc").text and title in texts and (label is None or label in texts))
    if not ok:
        print(f"{stem}.svg: {texts[:8]}")
        bad += 1
sys.exit(1 if bad else 0)
PY
    ls -A "$tmp/charts" | grep -q '^\.' && fail "temporary files left in the charts directory"

    # 2. Same inputs and SOURCE_DATE_EPOCH: byte-identical PDF.
    cp "$pdf" "$tmp/first.pdf"
    sleep 1
    if run "$tmp/main" "$BLS_SOURCE_DIR"/input/*; then
        cmp -s "$tmp/first.pdf" "$pdf" || fail "report.pdf differs between two runs"
    fi
fi

# 2b. --charts-dir with --no-pdf: the chart files, no PDF; the same bytes.
SOURCE_DATE_EPOCH=$EPOCH "$BLSREPORT" -q --no-xlsx --no-pdf -o "$tmp/nopdf" \
    --charts-dir "$tmp/nopdf/charts" "$BLS_SOURCE_DIR"/input/* 2>"$tmp/stderr" \
    || [ $? -eq 1 ] || fail "--no-pdf --charts-dir: exit $? ($(cat "$tmp/stderr"))"
[ -e "$tmp/nopdf/report.pdf" ] && fail "--no-pdf wrote report.pdf"
for f in growth.svg growth.png pay.svg pay.png scatter.svg scatter.png; do
    cmp -s "$tmp/charts/$f" "$tmp/nopdf/charts/$f" || fail "$f differs without the PDF"
done

# 3. Letter paper.
if run "$tmp/letter" --paper letter "$BLS_SOURCE_DIR"/input/*; then
    pdfinfo "$tmp/letter/report.pdf" | grep -qF "612 x 792 pts (letter)" || fail "not Letter"
fi

# 4. A selection charts only those occupations (the table still lists every claim).
if run "$tmp/select" --select 31-2021 "$BLS_SOURCE_DIR"/input/*; then
    pdftotext -f 2 -l 2 "$tmp/select/report.pdf" - | tr '\n' ' ' >"$tmp/pay.txt"
    has "$tmp/pay.txt" "Median annual pay" '$54,410'
    grep -qF '$31,130' "$tmp/pay.txt" && fail "unselected occupation on the pay chart"
fi

# 5. Real BLS files (../shared/bls/real or $BLS_REAL_DATA); skipped when absent.
real="${BLS_REAL_DATA:-$BLS_SOURCE_DIR/../shared/bls/real}/oews/csv_exports"
if [ -f "$real/national_M2014_dl.csv" ]; then
    # 5a. The national file alone (1,394 occupations, no document): a data
    # report; the pay chart starts with the seven top-coded wages and says
    # how many it shows; no cross-check page; nothing overlaps.
    if run "$tmp/nat" --author "Ann Analyst" "$real/national_M2014_dl.csv"; then
        pdf="$tmp/nat/report.pdf"
        pdfinfo "$pdf" >"$tmp/info.txt"
        has "$tmp/info.txt" "Title:           BLS occupational data: national_M2014_dl.csv" \
            "Author:          Ann Analyst"
        pdftotext -enc UTF-8 "$pdf" - | tr '\n\f' '  ' | tr -s ' ' >"$tmp/nat.txt"
        has "$tmp/nat.txt" "No document was checked." "Shown: the 25 highest of" \
            "occupation groups (totals of other rows) left out"
        grep -qF "Cross-check of the document" "$tmp/nat.txt" && fail "national: empty cross-check"
        grep -qF "verdicts" "$tmp/nat.txt" && fail "national: verdicts without a document"
        # Top-coded first: the first pay label is "≥ $187,200", before $181,880.
        pdftotext -layout -enc UTF-8 -f 2 -l 2 "$pdf" - >"$tmp/natpay.txt"
        first=$(grep -o -m1 -E '(≥ )?\$[0-9]{3},[0-9]{3}' "$tmp/natpay.txt")
        [ "$first" = "≥ \$187,200" ] || fail "national: first pay bar is '$first', not the top code"
        [ "$(grep -c '≥ \$187,200' "$tmp/natpay.txt")" -ge 7 ] || fail "national: top-coded bars missing"
        "$PYTHON" "$BLS_SOURCE_DIR/tests/pdf_text_check.py" "$pdf" || fail "national: text overlaps"
    fi
    # 5b. --select 29-*: broad codes equal to their detailed code shown once,
    # the 29-0000 total not among its members, titles told apart by codes.
    if run "$tmp/s29" --select '29-*' "$real/national_M2014_dl.csv"; then
        pdf="$tmp/s29/report.pdf"
        pdftotext -layout -enc UTF-8 "$pdf" - >"$tmp/s29.txt"
        pharm=$(grep -c '^ *Pharmacists ' "$tmp/s29.txt")
        [ "$pharm" -eq 1 ] || fail "29-*: Pharmacists drawn $pharm times"
        pdftotext -layout -enc UTF-8 -f 2 "$pdf" - \
            | grep -q 'Healthcare Practitioners and Technical Occupations' \
            && fail "29-*: the major group total is charted among its members"
        grep -qF "broad occupations equal to a detailed occupation shown once" "$tmp/s29.txt" \
            || grep -qF "broad occupations equal" "$tmp/s29.txt" || fail "29-*: no note on twins"
        "$PYTHON" "$BLS_SOURCE_DIR/tests/pdf_text_check.py" "$pdf" || fail "29-*: text overlaps"
    fi
    # 5c. Two releases together: the latest period is charted, the title names both.
    if run "$tmp/two" "$real/national_M2013_dl.csv" "$real/national_M2014_dl.csv"; then
        pdf="$tmp/two/report.pdf"
        pdfinfo "$pdf" | grep -qF "national_M2013_dl.csv and 1 other file" || fail "two: title"
        pdftotext -enc UTF-8 -f 2 -l 2 "$pdf" - | tr '\n' ' ' | grep -qF "Median annual wage, May 2014" \
            || fail "two releases: pay chart not of May 2014"
        "$PYTHON" "$BLS_SOURCE_DIR/tests/pdf_text_check.py" "$pdf" || fail "two: text overlaps"
    fi
else
    echo "note: real BLS files not found at $real; real-data checks skipped"
fi

[ $failures -eq 0 ] && echo "e2e_pdf: all checks passed"
exit $((failures > 0))
