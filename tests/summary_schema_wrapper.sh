#!/usr/bin/env bash
# Stands in for blsreport in the end-to-end tests (BLSREPORT): runs the real
# binary ($BLSREPORT_REAL) with the same arguments, stdin, stdout and
# stderr, then validates the JSON summary the run wrote (--json PATH, when
# the file is new or replaced) against docs/blsreport-summary-1.schema.json.
# A summary that does not validate makes the run exit 98, which fails the
# test that ran it. The exit code is the binary's otherwise.
: "${BLSREPORT_REAL:?}" "${BLS_SOURCE_DIR:?}"
json=""
prev=""
for a in "$@"; do
    [[ $prev == --json ]] && json=$a
    [[ $a == --json=* ]] && json=${a#--json=}
    prev=$a
done
before=""
[[ -n $json && $json != - && -f $json ]] && before=$(stat -c '%i %Y %s' -- "$json")
"$BLSREPORT_REAL" "$@"
rc=$?
if [[ -n $json && $json != - && -f $json && $(stat -c '%i %Y %s' -- "$json") != "$before" ]]; then
    if ! "${PYTHON:-/usr/bin/python3}" "$BLS_SOURCE_DIR/tests/check_summary_schema.py" \
        "$BLS_SOURCE_DIR/docs/blsreport-summary-1.schema.json" "$json"; then
        echo "summary_schema_wrapper: $json does not match blsreport-summary/1" >&2
        exit 98
    fi
fi
exit $rc
