#!/usr/bin/env bash
# End-to-end: issue #19 items 1-4, 8 and 10 (docs/outputs-safety.md).
# Never destroy a file, never commit a broken report, never pass silently:
#   1  outputs that are inputs, devices, symlinks or twice one file: exit 2
#   2  a file size limit cutting the PDF, the workbook, the JSON at many
#      points: exit 3, the earlier set byte-identical, nothing left behind
#   4  200 concurrent runs into one directory and 200 runs stopped by
#      SIGTERM/SIGINT/SIGKILL at random moments: 0 mixed sets, 0 leftovers
#   8  --json memory flat in the number of findings; stdout failures exit 3
#   10 smaller: no "Success" errors, unknown options named, failed runs
#      create no -o, FIFO inputs refused
# (item 3, writes through descriptors, is unit_outfile's swapped-directory test)
set -euo pipefail
: "${BLSREPORT:?}" "${BLS_SOURCE_DIR:?}"
PYTHON=${PYTHON:-/usr/bin/python3}
B=$BLSREPORT
tmp=$(mktemp -d)
# Only the test's own shell cleans up: bash runs the EXIT trap also in a
# background child that a signal hits before its exec (the signal runs below
# do that), which would remove $tmp under the running test.
main_shell=$BASHPID
cleanup() {
    [[ $BASHPID == "$main_shell" ]] || return 0
    mountpoint -q "$tmp/o3/report.pdf" 2>/dev/null && umount "$tmp/o3/report.pdf"
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
leftovers() { find "$1" -name '.blsreport-stage.*' | wc -l; }
inputs=("$BLS_SOURCE_DIR"/input/*)
doc=$(ls "$BLS_SOURCE_DIR"/input/*.txt | head -1)
export SOURCE_DATE_EPOCH=1700000000
t0=$(date +%s%N)

# ---- item 1: refused outputs ------------------------------------------------
mkdir -p "$tmp/in" "$tmp/o1"
cp "${inputs[@]}" "$tmp/in/"
in_claims=$(ls "$tmp"/in/claims_*.csv)
sum_in=$(sha256sum "$tmp"/in/* | sha256sum)
ln -s "$tmp/o1/target.json" "$tmp/o1/link.json"
mkfifo "$tmp/o1/fifo.json"
ln "$in_claims" "$tmp/o1/report.xlsx"   # an input stored where the workbook goes
expect2() { # args...: exit 2, before any work, nothing changed
    local rc=0; "$B" -q "$@" 2>"$tmp/e1" || rc=$?
    [[ $rc -eq 2 ]] || fail "exit $rc, expected 2: $* ($(cat "$tmp/e1"))"
}
# Device nodes of our own (as root): a binary without the fix would replace
# whatever it is given, and this test must never destroy the real /dev/null.
if mknod "$tmp/o1/null" c 1 3 2>/dev/null && mknod "$tmp/o1/full" c 1 7 2>/dev/null; then
    expect2 -o "$tmp/o2" --json "$tmp/o1/null" "$tmp"/in/*
    expect2 -o "$tmp/o2" --json "$tmp/o1/full" "$tmp"/in/*
    [[ -c "$tmp/o1/null" && -c "$tmp/o1/full" ]] || fail "a device node was replaced"
else
    echo "skip: cannot make device nodes here (not root); FIFOs and symlinks stand in"
fi
ln -s "/proc/self/fd/1" "$tmp/o1/stdout"   # what /dev/stdout is
expect2 -o "$tmp/o2" --json "$tmp/o1/stdout" "$tmp"/in/*
expect2 -o "$tmp/o2" --json "$in_claims" "$tmp"/in/*
expect2 -o "$tmp/o2" --json "$doc" "$tmp"/in/* "$doc"
expect2 -o "$tmp/o2" --json "$tmp/o2/report.xlsx" "$tmp"/in/*
expect2 -o "$tmp/o2" --json "$tmp/o2/../o2/report.pdf" "$tmp"/in/*
expect2 -o "$tmp/o2" --json "$tmp/o1/link.json" "$tmp"/in/*
expect2 -o "$tmp/o2" --json "$tmp/o1/fifo.json" "$tmp"/in/*
expect2 -o "$tmp/o1" "$tmp"/in/*          # o1/report.xlsx is an input (hard link)
grep -q "report.xlsx: is an input" "$tmp/e1" || fail "message: $(cat "$tmp/e1")"
[[ -L "$tmp/o1/stdout" ]] || fail "the /dev/stdout look-alike was replaced"
[[ -L "$tmp/o1/link.json" && ! -e "$tmp/o1/target.json" ]] || fail "symlink replaced/followed"
[[ -p "$tmp/o1/fifo.json" ]] || fail "FIFO replaced"
[[ "$(sha256sum "$tmp"/in/* | sha256sum)" == "$sum_in" ]] || fail "an input was changed"
[[ ! -e "$tmp/o2" ]] || fail "a refused run created -o"
echo "ok 1: outputs that are inputs, devices, symlinks, FIFOs or one file twice -> exit 2"

# ---- item 2: cut at many points ----------------------------------------------
# An earlier set, then runs whose workbook, PDF or JSON passes RLIMIT_FSIZE.
"$B" -q -o "$tmp/o3" --json "$tmp/o3/s.json" --fail-on never "${inputs[@]}" 2>/dev/null
earlier=$(cd "$tmp/o3" && sha256sum report.xlsx report.pdf s.json)
cut_points=0
cut() { # kind size-of-that-file options...
    local kind=$1 size=$2; shift 2
    for i in $(seq 1 12); do
        local limit=$(( size * i / 13 ))
        local rc=0
        SOURCE_DATE_EPOCH=1800000000 prlimit --fsize="$limit" "$B" -q -o "$tmp/o3" --fail-on never "$@" \
            "${inputs[@]}" 2>"$tmp/e2" || rc=$?
        [[ $rc -eq 3 ]] || fail "$kind cut at $limit of $size bytes: exit $rc ($(cat "$tmp/e2"))"
        [[ "$(cd "$tmp/o3" && sha256sum report.xlsx report.pdf s.json)" == "$earlier" ]] \
            || fail "$kind cut at $limit: the earlier set changed"
        [[ $(leftovers "$tmp/o3") -eq 0 ]] || fail "$kind cut at $limit: staging left"
        cut_points=$((cut_points + 1))
    done
}
cut pdf "$(stat -c %s "$tmp/o3/report.pdf")" --no-xlsx
cut xlsx "$(stat -c %s "$tmp/o3/report.xlsx")" --no-pdf
cut json "$(stat -c %s "$tmp/o3/s.json")" --no-pdf --no-xlsx --json "$tmp/o3/s.json"
# A rename refused half-way (report.pdf a single-file bind mount: EBUSY,
# as in the issue) after report.xlsx was replaced: the workbook is restored.
if touch "$tmp/pdf.mnt" && mount --bind "$tmp/pdf.mnt" "$tmp/o3/report.pdf" 2>/dev/null; then
    mounted=$(cd "$tmp/o3" && sha256sum report.xlsx s.json)
    rc=0; SOURCE_DATE_EPOCH=1800000000 "$B" -q -o "$tmp/o3" --json "$tmp/o3/s.json" \
        --fail-on never "${inputs[@]}" 2>"$tmp/e2" || rc=$?
    umount "$tmp/o3/report.pdf"
    [[ $rc -eq 3 ]] || fail "bind-mounted report.pdf: exit $rc, expected 3 ($(cat "$tmp/e2"))"
    grep -q "report.pdf: cannot put in place" "$tmp/e2" || fail "message: $(cat "$tmp/e2")"
    [[ "$(cd "$tmp/o3" && sha256sum report.xlsx s.json)" == "$mounted" ]] \
        || fail "a commit refused half-way left the new workbook in place"
    [[ $(leftovers "$tmp/o3") -eq 0 ]] || fail "bind mount: staging left"
    echo "ok 2b: a rename refused half-way (EBUSY) -> exit 3, the workbook restored"
else
    echo "skip: cannot bind-mount here (the rollback is unit_outfile's, at every step)"
fi
echo "ok 2: $cut_points cuts (PDF, workbook, JSON; 12 points each) -> exit 3, earlier set intact"

# ---- item 4: concurrency and signals ------------------------------------------
# Two kinds of run that differ in every output: A (all inputs) and B (no
# document). A set is mixed unless all three files are A's or all are B's.
runA=("${inputs[@]}")
runB=()
for f in "${inputs[@]}"; do [[ $f == *.txt ]] || runB+=("$f"); done
hash_set() { (cd "$1" && { cat report.xlsx report.pdf s.json charts/* 2>/dev/null || true; } | sha256sum); }
state_of() { # dir: A, B, none, or mixed
    local d=$1
    [[ -e "$d/report.xlsx" || -e "$d/report.pdf" || -e "$d/s.json" ]] || { echo none; return; }
    local s
    s=$(hash_set "$d")
    if [[ $s == "$refA" ]]; then echo A; elif [[ $s == "$refB" ]]; then echo B; else echo mixed; fi
}
# The outputs name their paths: the reference sets are made in the test's
# own directory, A's then B's, and the runs end on A's.
make_refs() { # dir [options]
    one_run "$1" X B "${@:2}" && refB=$(hash_set "$1")
    one_run "$1" X A "${@:2}" && refA=$(hash_set "$1")
    [[ "$refA" != "$refB" ]] || fail "runs A and B give the same outputs"
}
one_run() { # dir name A|B [options]
    local -n files=run$3
    "$B" -q -o "$1" --json "$1/s.json" --fail-on never "${@:4}" "${files[@]}" 2>/dev/null
}
# 200 runs, 4 at a time, into one directory; a reader that takes the
# directory's lock (shared) checks the set while they run.
mkdir -p "$tmp/c/X"
t4=$(date +%s%N)
make_refs "$tmp/c/X" --no-pdf   # the workbook and the JSON: half the time of a PDF run
for w in 1 2 3 4; do
    ( for i in $(seq 1 50); do one_run "$tmp/c/X" X $([[ $(( (i + w) % 2 )) -eq 0 ]] && echo A || echo B) --no-pdf || exit 1; done ) &
done
mixed=0 reads=0
while [[ $(jobs -r | wc -l) -gt 0 ]]; do
    s=$(flock -s "$tmp/c/X" bash -c "$(declare -f state_of hash_set); refA='$refA' refB='$refB' state_of '$tmp/c/X'")
    [[ $s == mixed ]] && mixed=$((mixed + 1))
    reads=$((reads + 1))
done
wait
s=$(state_of "$tmp/c/X")
[[ $s == A || $s == B ]] || fail "concurrent runs: final set $s"
[[ $mixed -eq 0 ]] || fail "concurrent runs: $mixed of $reads locked reads saw a mixed set"
[[ $(leftovers "$tmp/c") -eq 0 ]] || fail "concurrent runs left staging directories"
echo "ok 4a: ($(( ($(date +%s%N) - t4) / 1000000 )) ms) 200 concurrent runs, 4 at a time: 0 mixed sets in $reads locked reads, 0 leftovers"

# 200 runs stopped at random moments (TERM, INT, and every fifth KILL); the
# set is A's or B's after each; SIGKILL's staging is cleaned by the next run.
mkdir -p "$tmp/s/X"
t4=$(date +%s%N)
make_refs "$tmp/s/X" --charts-dir "$tmp/s/X/charts"   # 9 files, two threads
mixed=0 killed=0 completed=0
for i in $(seq 1 200); do
    kind=$([[ $((i % 2)) -eq 0 ]] && echo A || echo B)
    ( local_files=run$kind; declare -n files=$local_files
      exec "$B" -q -o "$tmp/s/X" --json "$tmp/s/X/s.json" --charts-dir "$tmp/s/X/charts" \
          --fail-on never "${files[@]}" 2>/dev/null ) &
    pid=$!   # blsreport itself (exec), not a subshell
    # 0-149 ms: during the work; every eighth run 150-449 ms: at or after the commit
    sleep "$(printf '0.%03d' $(( i % 8 ? RANDOM % 150 : 150 + RANDOM % 300 )))"
    sig=$([[ $((i % 5)) -eq 0 ]] && echo KILL || ([[ $((i % 2)) -eq 0 ]] && echo TERM || echo INT))
    kill -"$sig" "$pid" 2>/dev/null || true
    rc=0; { wait "$pid"; } 2>/dev/null || rc=$?
    case $rc in 0) completed=$((completed + 1)) ;; 130|143|137) killed=$((killed + 1)) ;;
        *) fail "run $i stopped by SIG$sig: exit $rc" ;; esac
    s=$(state_of "$tmp/s/X")
    [[ $s == A || $s == B ]] || { mixed=$((mixed + 1)); echo "run $i (SIG$sig, exit $rc): set $s" >&2; }
    # its own staging directory (a SIGKILLed one's waits for the next run to get that far)
    if [[ $sig != KILL && -n "$(find "$tmp/s" -name ".blsreport-stage.$pid.*")" ]]; then
        fail "run $i (SIG$sig, exit $rc) left a staging directory"
    fi
done
one_run "$tmp/s/X" X A --charts-dir "$tmp/s/X/charts"   # cleans what SIGKILLed runs left
[[ $mixed -eq 0 ]] || fail "signals: $mixed mixed sets"
[[ $(leftovers "$tmp/s") -eq 0 ]] || fail "signals: staging left after a clean run"
echo "ok 4b: ($(( ($(date +%s%N) - t4) / 1000000 )) ms) 200 runs stopped at random ($killed stopped, $completed finished first): 0 mixed, 0 leftovers"

# ---- item 8: memory flat in findings; stdout failures ----------------------------
"$PYTHON" - "$tmp/many_M2023_dl.csv" <<'PY'
import sys
# SYNTHETIC data, not BLS figures: 100,000 rows with a malformed SOC code
# (one finding each) in the OEWS national layout.
with open(sys.argv[1], "w") as f:
    f.write("OCC_CODE,OCC_TITLE,OCC_GROUP,TOT_EMP,EMP_PRSE,H_MEAN,A_MEAN,MEAN_PRSE,H_PCT10,"
            "H_PCT25,H_MEDIAN,H_PCT75,H_PCT90,A_PCT10,A_PCT25,A_MEDIAN,A_PCT75,A_PCT90,"
            "ANNUAL,HOURLY\n")
    for i in range(100000):
        f.write(f'29-{i:05d},Synthetic occupation {i},detailed,,,,,,,,,,,,,"40,000",,,,\n')
PY
claims=$(ls "$BLS_SOURCE_DIR"/input/claims_*.csv)
# (under AddressSanitizer, freed memory waits in a quarantine: none here, so that peak
# memory means what is in use)
rss() { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" /usr/bin/time -f %M "$B" -q --max-diagnostics 0 --no-pdf --no-xlsx "$@" \
        "$tmp/many_M2023_dl.csv" "$claims" 2>&1 >/dev/null | tail -1 || true; }  # exit 1: findings
without=$(rss) with=$(rss --json "$tmp/many.json") to_stdout=$(rss --json -)
n=$("$PYTHON" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['validation']['findings']))" "$tmp/many.json")
[[ $n -eq 100000 ]] || fail "the JSON lists $n findings, expected 100000"
(( with - without < 4096 && to_stdout - without < 4096 )) \
    || fail "--json grows memory: $without KB without, $with KB to a file, $to_stdout KB to stdout"
echo "ok 8a: 100,000 findings: $without KB without --json, $with KB with, $to_stdout KB to stdout"
status() { # stdout (a path, or "closed") command...: prints the exit code
    local to=$1 rc=0; shift
    if [[ $to == closed ]]; then "$@" >&- 2>"$tmp/e8" || rc=$?
    else "$@" >"$to" 2>"$tmp/e8" || rc=$?; fi
    echo $rc
}
[[ $(status /dev/full "$B" --help) -eq 3 ]] || fail "--help > /dev/full"
[[ $(status /dev/full "$B" --list-rules) -eq 3 ]] || fail "--list-rules > /dev/full"
[[ $(status closed "$B" --version) -eq 3 ]] || fail "--version, stdout closed"
[[ $(status /dev/full "$B" -q -o "$tmp/o8" --json - "${inputs[@]}") -eq 3 ]] || fail "--json - > /dev/full"
grep -q "standard output" "$tmp/e8" || fail "no message for /dev/full: $(cat "$tmp/e8")"
[[ $(status closed "$B" -q -o "$tmp/o8" --json - "${inputs[@]}") -eq 3 ]] || fail "--json -, stdout closed"
[[ ! -e "$tmp/o8" ]] || fail "a run whose stdout failed committed its reports"
# | head: the reader leaves early; a JSON larger than the pipe's buffer
set +o pipefail
"$B" -q --max-diagnostics 0 -o "$tmp/o8" --json - "$tmp/many_M2023_dl.csv" "$claims" \
    2>"$tmp/e8" | head -c 100 >/dev/null
rc=${PIPESTATUS[0]}
set -o pipefail
[[ $rc -eq 3 ]] || fail "--json - | head: exit $rc, expected 3 (nothing committed)"
[[ ! -e "$tmp/o8" ]] || fail "--json - | head committed the reports"
[[ $(status /dev/full "$B" --extract-claims "$doc") -eq 3 ]] || fail "--extract-claims > /dev/full"
echo "ok 8b: stdout failures (/dev/full, closed, | head) -> exit 3 with a message, nothing committed"

# ---- item 10: smaller -------------------------------------------------------------
touch "$tmp/plain"
rc=$(status /dev/null "$B" -q -o "$tmp/plain/sub" "${inputs[@]}")
[[ $rc -eq 3 ]] && ! grep -q "Success" "$tmp/e8" || fail "output dir under a file: $rc $(cat "$tmp/e8")"
rc=$(status /dev/null "$B" -qZ)
[[ $rc -eq 2 ]] && grep -q "unknown option -Z" "$tmp/e8" || fail "-qZ: $(cat "$tmp/e8")"
rc=$(status /dev/null "$B" -Zq)
[[ $rc -eq 2 ]] && grep -q "unknown option -Z" "$tmp/e8" || fail "-Zq: $(cat "$tmp/e8")"
# the --json directory is checked before any work: no input is read. An
# input of no known layout would end the run with exit 2 once read; the
# refused output path ends it first, with 3 (no timing: a loaded or
# sanitized build is slow, the order is not)
printf 'name,colour\nx,y\n' >"$tmp/unknown_layout.csv"
rc=$(status /dev/null "$B" -q -o "$tmp/o10" --json "$tmp/plain/x.json" "$tmp/unknown_layout.csv" \
    "$tmp/many_M2023_dl.csv")
[[ $rc -eq 3 ]] && ! grep -q "unknown_layout" "$tmp/e8" || fail "--json under a file: exit $rc: $(cat "$tmp/e8")"
rc=$(status /dev/null "$B" -q -o "$tmp/o10/deep" "$tmp/none.csv")
[[ $rc -eq 2 && ! -e "$tmp/o10" ]] || fail "a failed run (exit $rc) left -o behind"
mkfifo "$tmp/in.csv"
rc=0; timeout 5 "$B" -q -o "$tmp/o10" "$tmp/in.csv" "${inputs[@]}" 2>"$tmp/e8" || rc=$?
[[ $rc -eq 2 ]] || fail "FIFO input: exit $rc"
echo "ok 10: no 'Success' errors, options named, --json dir checked first, no -o left, FIFO refused"

echo "e2e_safety: ok ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
