#!/usr/bin/env bash
# End-to-end reliability: outputs are replaced atomically, failures to write
# give exit 3 with the path and leave no temporary file, signals stop the run
# promptly with 130/143 and leave the earlier report untouched.
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
cleanup() { mountpoint -q "$tmp/small" 2>/dev/null && umount "$tmp/small"; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
no_temps() { ! ls -A "$1" | grep -q '^\.' || fail "temporary files left in $1: $(ls -A "$1")"; }
# The article quotes one wrong figure (exit 1); these tests are about outputs.
inputs=(--fail-on never "$BLS_SOURCE_DIR"/input/*)
export SOURCE_DATE_EPOCH=1700000000

# A first, good report, with the charts as files.
"$BLSREPORT" -q -o "$tmp/out" --json "$tmp/out/summary.json" --charts-dir "$tmp/out/charts" \
    "${inputs[@]}"
before=$(cd "$tmp/out" && sha256sum report.xlsx report.pdf summary.json charts/*)

# 1. The output directory is a regular file: exit 3, message names the path.
touch "$tmp/plainfile"
rc=0; "$BLSREPORT" -q -o "$tmp/plainfile/sub" "${inputs[@]}" 2>"$tmp/e1" || rc=$?
[[ $rc -eq 3 ]] || fail "output under a regular file: exit $rc, expected 3"
grep -q "plainfile/sub" "$tmp/e1" || fail "message does not name the path: $(cat "$tmp/e1")"
echo "ok: output dir under a regular file -> exit 3"

# 2. An output path that is a directory is refused before any work: exit 2,
#    and the earlier report.xlsx and summary.json are exactly as they were.
#    (A commit that fails half-way is restored: unit_outfile, every step.)
mkdir -p "$tmp/out2" && cp "$tmp/out/report.xlsx" "$tmp/out/summary.json" "$tmp/out2/"
mkdir "$tmp/out2/report.pdf"
old2=$(cd "$tmp/out2" && sha256sum report.xlsx summary.json)
rc=0; SOURCE_DATE_EPOCH=1800000000 "$BLSREPORT" -q -o "$tmp/out2" --json "$tmp/out2/summary.json" \
    "${inputs[@]}" 2>"$tmp/e2" || rc=$?
[[ $rc -eq 2 ]] || fail "report.pdf a directory: exit $rc, expected 2"
grep -q "report.pdf" "$tmp/e2" || fail "message does not name report.pdf: $(cat "$tmp/e2")"
[[ "$(cd "$tmp/out2" && sha256sum report.xlsx summary.json)" == "$old2" ]] \
    || fail "a failed run changed the earlier report"
no_temps "$tmp/out2"
echo "ok: failed run leaves the earlier report exactly as it was"

# 3. A full disk: a 256 KiB tmpfs when this machine lets us mount one.
mkdir "$tmp/small"
if mount -t tmpfs -o size=256k tmpfs "$tmp/small" 2>/dev/null; then
    cat /dev/zero > "$tmp/small/filler" 2>/dev/null || true   # fill it up
    rc=0; "$BLSREPORT" -q -o "$tmp/small" "${inputs[@]}" 2>"$tmp/e3" || rc=$?
    [[ $rc -eq 3 ]] || fail "full disk: exit $rc, expected 3 ($(cat "$tmp/e3"))"
    no_temps "$tmp/small"
    [[ ! -e "$tmp/small/report.xlsx" && ! -e "$tmp/small/report.pdf" ]] || fail "partial output on a full disk"
    echo "ok: full disk -> exit 3, nothing left"
else
    echo "skip: cannot mount a tmpfs here (full-disk case covered by the unit tests' injected failures)"
fi

# 4. The PDF module is missing (a copy of the binary without blsreport-pdf.so
#    beside it): exit 3 naming the module, nothing written, no temporary
#    file; without the PDF the same binary still works.
mkdir -p "$tmp/lonely" "$tmp/out4"
cp "$BLSREPORT" "$tmp/lonely/blsreport"
for jobs in 1 2; do
    rc=0; "$tmp/lonely/blsreport" -q -j"$jobs" -o "$tmp/out4" --json "$tmp/out4/summary.json" \
        "${inputs[@]}" 2>"$tmp/e4" || rc=$?
    [[ $rc -eq 3 ]] || fail "missing PDF module (-j$jobs): exit $rc, expected 3"
    grep -q "cannot load the PDF module.*blsreport-pdf.so" "$tmp/e4" \
        || fail "message does not name the module: $(cat "$tmp/e4")"
    [[ -z "$(ls -A "$tmp/out4")" ]] || fail "missing PDF module left files: $(ls -A "$tmp/out4")"
done
"$tmp/lonely/blsreport" -q --no-pdf -o "$tmp/out4" "${inputs[@]}" || fail "--no-pdf without module"
[[ -s "$tmp/out4/report.xlsx" && ! -e "$tmp/out4/report.pdf" ]] || fail "--no-pdf outputs"
echo "ok: missing PDF module -> exit 3 naming it, nothing written; --no-pdf still works"

# 5. Chart files (--charts-dir) are outputs like the others: listed in the
#    summary, replaced only when the whole run succeeds, never half-written.
"$PYTHON" - "$tmp/out/summary.json" "$tmp/out/charts" <<'PY'
import json, os, sys
outputs = json.load(open(sys.argv[1]))["outputs"]
charts = [o for o in outputs if o["kind"] in ("svg", "png")]
names = sorted(os.path.basename(o["path"]) for o in charts)
want = sorted(f"{c}.{k}" for c in ("growth", "pay", "scatter") for k in ("svg", "png"))
assert names == want, names
assert all(os.path.dirname(o["path"]) == sys.argv[2] for o in charts), charts
assert [o["kind"] for o in outputs][:2] == ["xlsx", "pdf"] and outputs[-1]["kind"] == "json"
PY
no_temps "$tmp/out/charts"
#    A run whose charts would differ (wages only: no growth chart) but whose
#    report.pdf cannot be put in place changes no chart file.
mkdir -p "$tmp/out5" && cp -r "$tmp/out/charts" "$tmp/out5/" && mkdir "$tmp/out5/report.pdf"
old5=$(cd "$tmp/out5" && sha256sum charts/*)
rc=0; "$BLSREPORT" -q -o "$tmp/out5" --charts-dir "$tmp/out5/charts" \
    --fail-on never "$BLS_SOURCE_DIR"/input/000_6dcdeebd65410cef.txt \
    "$BLS_SOURCE_DIR"/input/oes_national_M2014_dl.csv 2>"$tmp/e5" || rc=$?
[[ $rc -eq 2 ]] || fail "charts with report.pdf a directory: exit $rc, expected 2"
[[ "$(cd "$tmp/out5" && sha256sum charts/*)" == "$old5" ]] || fail "a failed run changed the charts"
no_temps "$tmp/out5/charts"
#    The same run, able to finish, replaces every chart file (growth says why
#    it is empty now) and leaves nothing else behind.
rmdir "$tmp/out5/report.pdf"
"$BLSREPORT" -q -o "$tmp/out5" --charts-dir "$tmp/out5/charts" \
    --fail-on never "$BLS_SOURCE_DIR"/input/000_6dcdeebd65410cef.txt \
    "$BLS_SOURCE_DIR"/input/oes_national_M2014_dl.csv
cmp -s "$tmp/out/charts/growth.png" "$tmp/out5/charts/growth.png" && fail "growth.png not replaced"
cmp -s "$tmp/out/charts/pay.png" "$tmp/out5/charts/pay.png" || fail "pay.png changed: same data"
[[ $(ls -A "$tmp/out5/charts" | wc -l) -eq 6 ]] || fail "charts dir: $(ls -A "$tmp/out5/charts")"
#    A chart file's path is a directory: refused before anything is replaced.
mkdir -p "$tmp/out6/charts/pay.png"
rc=0; "$BLSREPORT" -q -o "$tmp/out6" --charts-dir "$tmp/out6/charts" "${inputs[@]}" 2>"$tmp/e6" \
    || rc=$?
[[ $rc -eq 2 ]] || fail "pay.png a directory: exit $rc, expected 2"
grep -q "charts/pay.png: is a directory" "$tmp/e6" || fail "message: $(cat "$tmp/e6")"
[[ -z "$(ls -A "$tmp/out6" | grep -v '^charts$')" ]] || fail "files left: $(ls -A "$tmp/out6")"
[[ "$(ls -A "$tmp/out6/charts")" == "pay.png" ]] || fail "charts left: $(ls -A "$tmp/out6/charts")"
#    The charts directory cannot be created: exit 3 naming it, before any work.
rc=0; "$BLSREPORT" -q -o "$tmp/out7" --charts-dir "$tmp/plainfile/charts" "${inputs[@]}" \
    2>"$tmp/e7" || rc=$?
[[ $rc -eq 3 ]] || fail "charts dir under a regular file: exit $rc, expected 3"
grep -q "plainfile/charts: cannot create the directory" "$tmp/e7" \
    || fail "message: $(cat "$tmp/e7")"
[[ -z "$(ls -A "$tmp/out7" 2>/dev/null)" ]] || fail "files left: $(ls -A "$tmp/out7")"
echo "ok: chart files listed, replaced together with the report, never half-written"

# 6. Signals: a large synthetic wage file keeps the run busy long enough.
"$PYTHON" - "$tmp/big_M2014.csv" <<'PY'
import sys
# SYNTHETIC data, not BLS figures: 300,000 rows in the all-data layout.
with open(sys.argv[1], "w") as f:
    f.write("AREA,AREA_TITLE,AREA_TYPE,NAICS,NAICS_TITLE,OWN_CODE,OCC_CODE,OCC_TITLE,OCC_GROUP,"
            "TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,H_MEDIAN,A_MEDIAN,ANNUAL,HOURLY\n")
    for area in range(300):
        for occ in range(1000):
            f.write(f'{area:05d},Synthetic area {area},2,000000,Cross-industry,1235,'
                    f'29-{2000 + occ:04d},Synthetic occupation {occ},detailed,"1,000",2.0,'
                    f'15.00,"31,200",1.0,15.00,"31,200",,\n')
PY
for sig in INT TERM; do
    rc=0
    "$BLSREPORT" -q -o "$tmp/out" --json "$tmp/out/summary.json" --charts-dir "$tmp/out/charts" \
        "$tmp/big_M2014.csv" 2>/dev/null &
    pid=$!
    sleep 1
    kill -"$sig" "$pid"
    start=$(date +%s%N)
    wait "$pid" || rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    want=$([[ $sig == INT ]] && echo 130 || echo 143)
    [[ $rc -eq $want ]] || fail "SIG$sig: exit $rc, expected $want"
    [[ $ms -lt 2000 ]] || fail "SIG$sig: took $ms ms to stop"
    no_temps "$tmp/out"
    no_temps "$tmp/out/charts"
    [[ "$(cd "$tmp/out" && sha256sum report.xlsx report.pdf summary.json charts/*)" == "$before" ]] \
        || fail "SIG$sig changed the earlier report"
    echo "ok: SIG$sig -> exit $rc in $ms ms, earlier report intact"
done
echo "e2e_reliability: ok"
