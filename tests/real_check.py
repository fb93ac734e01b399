#!/usr/bin/python3
"""Checks for the real-data suite (tests/e2e_real.sh); independent of blsreport.

  real_check.py summary SUMMARY.json [--allow RULE[:FILE-SUBSTRING]]...
      every input accepted all its rows (0 rejected), no error finding, and
      no warning other than the allowed ones (at most one per file each).
  real_check.py values REPORT.xlsx SIDECAR.json SHEET
      every cell of the workbook's data sheet SHEET ("Wage data" or
      "Projection data") equals the source cell of the same row as the
      independent converter read it (number within half a unit of the
      precision displayed, text equal after trimming).
  real_check.py same REPORT_A.xlsx REPORT_B.xlsx SHEET
      both workbooks hold the same rows and values in SHEET (Line excepted).
"""
import collections
import json
import sys

import openpyxl


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def summary(path, allow):
    s = json.load(open(path))
    for i in s["inputs"]:
        if i["rows_read"] != i["rows_accepted"] + i["rows_rejected"]:
            fail(f"{i['path']}: rows not accounted for: {i}")
        if i["rows_rejected"]:
            fail(f"{i['path']}: {i['rows_rejected']} rows rejected")
    per_file = collections.Counter()
    for f in s["validation"]["findings"]:
        ok = any(f["rule"] == rule and sub in f["path"] for rule, sub in allow)
        if f["severity"] == "error" or not ok:
            fail(f"unexpected finding {f['rule']} ({f['severity']}) {f['path']}:{f.get('line')}: "
                 f"{f['message']}")
        per_file[(f["path"], f["rule"])] += 1
        if per_file[(f["path"], f["rule"])] > 1:
            fail(f"{f['rule']} reported more than once for {f['path']}")
    print(f"ok: {len(s['inputs'])} inputs, "
          f"{sum(i['rows_read'] for i in s['inputs'])} rows, 0 rejected, 0 errors")


def as_number(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    t = str(v).strip().replace(",", "").replace("$", "")
    try:
        return float(t)
    except ValueError:
        return None


def rows_of(ws):
    rows = list(ws.iter_rows(values_only=True))
    return rows[0], rows[1:]


def values(xlsx, sidecar, sheet):
    side = json.load(open(sidecar))["rows"]
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    header, rows = rows_of(wb[sheet])
    line_col = header.index("Line")
    checked = 0
    for r in rows:
        src = side.get(str(r[line_col]))
        if src is None:
            fail(f"{sheet} line {r[line_col]}: not a row of the source")
        src_numbers = [as_number(v) for v in src]
        src_texts = {str(v).strip() for v in src if isinstance(v, str)}
        for name, v in zip(header, r):
            if name in ("Input #", "Line") or v is None or v == "":
                continue
            if isinstance(v, (int, float)):
                # the source cell that holds it, to the precision shown
                if not any(n is not None and abs(n - v) <= 0.5 * 10 ** -decimals(v) + 1e-9
                           for n in src_numbers):
                    fail(f"{sheet} line {r[line_col]} {name}: {v} is in no source cell {src}")
            elif str(v).strip() not in src_texts and not any(
                    str(v).strip() in t for t in src_texts):
                fail(f"{sheet} line {r[line_col]} {name}: {v!r} is in no source cell {src}")
            checked += 1
    if checked == 0:
        fail(f"{sheet}: nothing compared")
    print(f"ok: {sheet}: {len(rows)} rows, {checked} cells equal to the source cells")


def decimals(v):
    t = repr(float(v))
    return len(t.split(".")[1]) if "." in t and not t.endswith(".0") else 0


def same(a, b, sheet):
    def body(path):
        wb = openpyxl.load_workbook(path, read_only=True)
        header, rows = rows_of(wb[sheet])
        keep = [i for i, h in enumerate(header) if h not in ("Line", "Input #")]
        return [tuple(r[i] for i in keep) for r in rows]
    ra, rb = body(a), body(b)
    if ra != rb:
        diff = [(x, y) for x, y in zip(ra, rb) if x != y][:3]
        fail(f"{sheet}: {len(ra)} vs {len(rb)} rows; first differences {diff}")
    print(f"ok: {sheet}: the same {len(ra)} rows in both")


def main():
    cmd = sys.argv[1]
    if cmd == "summary":
        allow = []
        args = sys.argv[3:]
        while args:
            if args[0] == "--allow":
                rule, _, sub = args[1].partition(":")
                allow.append((rule, sub))
                args = args[2:]
            else:
                fail(f"unknown argument {args[0]}")
        summary(sys.argv[2], allow)
    elif cmd == "values":
        values(sys.argv[2], sys.argv[3], sys.argv[4])
    elif cmd == "same":
        same(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
