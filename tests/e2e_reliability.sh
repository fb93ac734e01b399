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
inputs=("$BLS_SOURCE_DIR"/input/*)
export SOURCE_DATE_EPOCH=1700000000

# A first, good report.
"$BLSREPORT" -q -o "$tmp/out" --json "$tmp/out/summary.json" "${inputs[@]}"
before=$(cd "$tmp/out" && sha256sum report.xlsx report.pdf summary.json)

# 1. The output directory is a regular file: exit 3, message names the path.
touch "$tmp/plainfile"
rc=0; "$BLSREPORT" -q -o "$tmp/plainfile/sub" "${inputs[@]}" 2>"$tmp/e1" || rc=$?
[[ $rc -eq 3 ]] || fail "output under a regular file: exit $rc, expected 3"
grep -q "plainfile/sub" "$tmp/e1" || fail "message does not name the path: $(cat "$tmp/e1")"
echo "ok: output dir under a regular file -> exit 3"

# 2. One output cannot be put in place (report.pdf is a directory): exit 3,
#    and the earlier report.xlsx and summary.json are exactly as they were.
mkdir -p "$tmp/out2" && cp "$tmp/out/report.xlsx" "$tmp/out/summary.json" "$tmp/out2/"
mkdir "$tmp/out2/report.pdf"
old2=$(cd "$tmp/out2" && sha256sum report.xlsx summary.json)
rc=0; SOURCE_DATE_EPOCH=1800000000 "$BLSREPORT" -q -o "$tmp/out2" --json "$tmp/out2/summary.json" \
    "${inputs[@]}" 2>"$tmp/e2" || rc=$?
[[ $rc -eq 3 ]] || fail "unwritable report.pdf: exit $rc, expected 3"
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

# 5. Signals: a large synthetic wage file keeps the run busy long enough.
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
    "$BLSREPORT" -q -o "$tmp/out" --json "$tmp/out/summary.json" "$tmp/big_M2014.csv" 2>/dev/null &
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
    [[ "$(cd "$tmp/out" && sha256sum report.xlsx report.pdf summary.json)" == "$before" ]] \
        || fail "SIG$sig changed the earlier report"
    echo "ok: SIG$sig -> exit $rc in $ms ms, earlier report intact"
done
echo "e2e_reliability: ok"
