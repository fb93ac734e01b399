#!/usr/bin/env python3
"""End-to-end: for every OEWS year with both BLS's official workbook and an
Excel CSV export of it in ../shared/bls/real, blsreport run on the workbook
(the zip itself, or the .xlsx) and on the CSV reads the same rows and gives
the same findings (rule, line, column), and each finding on a sheet is
located as book:sheet!A1 in the text output.

usage: e2e_workbook.py BLSREPORT REAL_DATA_DIR   (exit 77 when the data are absent)
"""
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

PAIRS = [  # (workbook, sheet inside it, CSV export)
    ("oews/official_zips/oesm06nat.zip", "national_may2006_dl.xls:national_dl", "national_may2006_dl.csv"),
    ("oews/official_zips/oesm07nat.zip", "national_May2007_dl.xls:national_dl", "national_May2007_dl.csv"),
    ("oews/official_zips/oesm09nat.zip", "national_dl.xls:national_dl", "national_dl.csv"),
    ("oews/official_zips/oesm10nat.zip", "national_M2010_dl.xls:national_dl", "national_M2010_dl.csv"),
    ("oews/official_zips/oesm11nat.zip", "national_M2011_dl.xls:national_dl", "national_M2011_dl.csv"),
    ("oews/official_zips/oesm12nat.zip", "national_M2012_dl.xls:national_dl", "national_M2012_dl.csv"),
    ("oews/official_zips/oesm13nat.zip", "national_M2013_dl.xls:national_dl", "national_M2013_dl.csv"),
    ("oews/official_zips/oesm14nat.zip", "national_M2014_dl.xlsx:national_dl", "national_M2014_dl.csv"),
    ("oews/official_zips/oesm15nat.zip", "national_M2015_dl.xlsx:national_dl", "national_M2015_dl.csv"),
    ("oews/official_zips/oesm16nat.zip", "national_M2016_dl.xlsx:national_dl", "national_M2016_dl.csv"),
    ("oews/national_M2014_dl.xlsx", "national_M2014_dl.xlsx:national_dl", "national_M2014_dl.csv"),
    ("oews/national_M2023_dl.xlsx", "national_M2023_dl.xlsx:national_M2023_dl", "national_M2023_dl.csv"),
]


def run(tool, path, out, period):
    js = os.path.join(out, "s.json")
    cmd = [tool, "--no-pdf", "--no-xlsx", "--json", js, "--max-diagnostics", "100000"]
    if period:
        cmd += ["--wage-period", period]
    res = subprocess.run(cmd + [path], capture_output=True, text=True)
    return json.load(open(js)), res.stderr


def summary(s, sheet_suffix):
    inputs = [i for i in s["inputs"] if i["path"].endswith(sheet_suffix)]
    rows = [(i.get("rows_read"), i.get("rows_accepted"), i.get("rows_rejected"), i.get("period"))
            for i in inputs]
    found = collections.Counter((f["rule"], f["line"], f.get("column"))
                                for f in s["validation"]["findings"]
                                if f["path"].endswith(sheet_suffix) and f["rule"] != "enc-cp1252")
    return rows, found


def main():
    tool, real = sys.argv[1], os.environ.get("BLS_REAL_DATA") or sys.argv[2]
    if not os.path.isdir(os.path.join(real, "oews", "csv_exports")):
        print(f"SKIP: no real BLS data at {real}")
        return 77
    failures = 0
    with tempfile.TemporaryDirectory() as out:
        for book, sheet, csv in PAIRS:
            bpath = os.path.join(real, book)
            cpath = os.path.join(real, "oews", "csv_exports", csv)
            if not (os.path.exists(bpath) and os.path.exists(cpath)):
                continue
            year = re.search(r"(20\d\d)", csv).group(1) if re.search(r"(20\d\d)", csv) else "2009"
            period = f"May {year}"
            # the workbook's period comes from its name (oesm09nat.zip, national_M2014_dl)
            sb, text = run(tool, bpath, out, None)
            sc, _ = run(tool, cpath, out, period)
            rb, fb = summary(sb, sheet)
            rc, fc = summary(sc, csv)
            ok = rb == rc and fb == fc
            cells = re.findall(re.escape(sheet) + r"!([A-Z]+)(\d+): ", text)
            if fb and not cells:
                ok = False
                print(f"FAIL {book}: findings not printed as {sheet}!A1")
            print(f"{'ok  ' if ok else 'FAIL'} {book}: rows {rb} vs CSV {rc}; "
                  f"{sum(fb.values())} findings vs CSV {sum(fc.values())}")
            if not ok:
                failures += 1
                for k, v in list((fb - fc).items())[:3]:
                    print(f"     only workbook: {k} x{v}")
                for k, v in list((fc - fb).items())[:3]:
                    print(f"     only CSV:      {k} x{v}")
        failures += seed_article(tool, real, out)
        failures += located_by_cell(tool, out)
        failures += bad_file(tool, out)
    return 1 if failures else 0


def verdicts(tool, out, inputs):
    js = os.path.join(out, "v.json")
    subprocess.run([tool, "--no-pdf", "--no-xlsx", "--json", js] + inputs, capture_output=True)
    s = json.load(open(js))
    return sorted((c["source"], c["metric"], c["soc_code"], c["status"], c["actual"])
                  for c in s["claims"]), s["verdicts"]


def seed_article(tool, real, out):
    """The seed article against BLS's own zip and .xls gives the verdicts it
    gets against the CSV extracts in input/ (cut from the same files)."""
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    doc = os.path.join(src, "input", "000_6dcdeebd65410cef.txt")
    extracts = [os.path.join(src, "input", n) for n in
                ("oes_national_M2014_dl.csv", "ep_occupational_projections_2012-22.csv")]
    books = [os.path.join(real, "oews/official_zips/oesm14nat.zip"),
             os.path.join(real, "ep/occupation_2012-22.xls")]
    if not all(os.path.exists(p) for p in [doc] + extracts + books):
        return 0
    from_books, counts_books = verdicts(tool, out, books + [doc])
    from_csv, counts_csv = verdicts(tool, out, extracts + [doc])
    ok = from_books == from_csv and len(from_books) == 13
    print(f"{'ok  ' if ok else 'FAIL'} seed article: {len(from_books)} checks against the "
          f"workbooks {counts_books}, against the CSV extracts {counts_csv}")
    return 0 if ok else 1


def located_by_cell(tool, out):
    """A finding in a (synthetic) workbook prints as book.xlsx:sheet!A3."""
    try:
        import openpyxl
    except ImportError:
        return 0
    cols = ["OCC_CODE", "OCC_TITLE", "OCC_GROUP", "TOT_EMP", "EMP_PRSE", "H_MEAN", "A_MEAN",
            "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10",
            "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "synthetic"
    ws.append(cols)
    for code in ("11-1011", "11-10X1"):  # invented rows; the second code is malformed
        ws.append([code, "Synthetic occupation", "detailed", 1000, 1.0, 25.0, 52000, 0.5,
                   12.0, 18.0, 24.0, 30.0, 40.0, 24960, 37440, 49920, 62400, 83200])
    book = os.path.join(out, "synthetic_M2014_dl.xlsx")
    wb.save(book)
    res = subprocess.run([tool, "--no-pdf", "--no-xlsx", book], capture_output=True, text=True)
    want = f"{book}:synthetic!A3: error:"
    ok = want in res.stderr and "[soc-format]" in res.stderr
    print(f"{'ok  ' if ok else 'FAIL'} a finding on a sheet is located as {want[len(out) + 1:]}")
    if not ok:
        print(res.stderr)
    return 0 if ok else 1


def bad_file(tool, out):
    """A .xlsx that is really CSV: exit 2, the file named, nothing written."""
    path = os.path.join(out, "national_M2014_dl.xlsx")
    with open(path, "w") as f:
        f.write("OCC_CODE,OCC_TITLE\n31-2021,Synthetic\n")
    outdir = os.path.join(out, "bad-out")
    res = subprocess.run([tool, "-o", outdir, path], capture_output=True, text=True)
    written = os.listdir(outdir) if os.path.isdir(outdir) else []
    ok = res.returncode == 2 and path in res.stderr and "CSV" in res.stderr and not written
    print(f"{'ok  ' if ok else 'FAIL'} a .xlsx that is CSV: exit {res.returncode}, "
          f"{res.stderr.strip().splitlines()[0] if res.stderr.strip() else ''}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
