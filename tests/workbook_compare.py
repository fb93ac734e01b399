#!/usr/bin/env python3
"""Every sheet of every official BLS workbook, read by blsreport's workbook
reader (through tests/workbook_dump) and by independent readers (openpyxl for
.xlsx, xlrd for .xls, Python's zipfile for the zips), must give the same rows.

Values are compared as text after the one documented rule both sides apply:
numbers are written with at most 15 significant digits (Excel's precision,
DBL_DIG), integers without ".0", no exponent for 1e-5 <= |v| < 1e15. Dates
that openpyxl turns into datetimes are turned back into Excel serial numbers.
Trailing empty cells and trailing empty rows are not compared (neither side
has a way to say whether a styled but empty cell is "there").

usage: workbook_compare.py DUMP_TOOL REAL_DATA_DIR   (exit 77 when the data are absent)
"""
import io
import math
import re
import os
import subprocess
import sys
import zipfile

try:
    import openpyxl
    from openpyxl.utils.datetime import to_excel
    import xlrd
except ImportError as e:  # test tools missing: skip, do not pass silently
    print(f"SKIP: {e} (scripts/install-deps.sh --test installs them)")
    sys.exit(77)

ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!",
          0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}


def number(v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if math.isnan(v) or math.isinf(v):
        return "#NUM!"
    if v == 0:
        return "0"
    if abs(v) < 1e15 and v == math.floor(v):
        return str(int(v))
    if 1e-5 <= abs(v) < 1e15:
        s = "%.15g" % v
        if "e" in s:
            s = "%.*f" % (max(0, 14 - math.floor(math.log10(abs(v)))), v)
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        return s
    return "%.15g" % v


def ooxml_unescape(s):
    """ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): _xHHHH_ is the character
    U+HHHH. openpyxl 3.0.9 leaves it as it is ('..._x000D_'); Excel and
    blsreport decode it."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), s)


def text(v):
    if v is None:
        return ""
    if isinstance(v, str):
        return ooxml_unescape(v)
    if hasattr(v, "year") or hasattr(v, "hour"):  # datetime / date / time
        return number(to_excel(v))
    return number(v)


def trim(rows):
    out = []
    for r in rows:
        r = list(r)
        while r and r[-1] == "":
            r.pop()
        out.append(r)
    while out and not out[-1]:
        out.pop()
    return out


def xlsx_sheets(data):
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for ws in wb.worksheets:
        rows = [[text(c.value) for c in row] for row in ws.iter_rows()]
        yield ws.title, trim(rows)


def xls_sheets(data):
    book = xlrd.open_workbook(file_contents=data)
    for sh in book.sheets():
        rows = []
        for r in range(sh.nrows):
            row = []
            for c in sh.row(r):
                if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append("")
                elif c.ctype == xlrd.XL_CELL_TEXT:
                    row.append(c.value)
                elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append("TRUE" if c.value else "FALSE")
                elif c.ctype == xlrd.XL_CELL_ERROR:
                    row.append(ERRORS.get(c.value, "#ERROR!"))
                else:
                    row.append(number(float(c.value)))
            rows.append(row)
        yield sh.name, trim(rows)


def reference(path):
    """[(sheet path as blsreport names it, rows)] from the independent readers."""
    data = open(path, "rb").read()
    if data[:4] == b"PK\x03\x04":
        z = zipfile.ZipFile(io.BytesIO(data))
        if "[Content_Types].xml" in z.namelist():
            return [(f"{path}:{name}", rows) for name, rows in xlsx_sheets(data)]
        out = []
        for info in z.infolist():
            low = info.filename.lower()
            if info.filename.startswith("__MACOSX/") or not low.endswith((".xlsx", ".xlsm", ".xls")):
                continue
            member = z.read(info)
            sheets = xls_sheets(member) if member[:4] == b"\xd0\xcf\x11\xe0" else xlsx_sheets(member)
            out += [(f"{path}:{info.filename}:{name}", rows) for name, rows in sheets]
        return out
    return [(f"{path}:{name}", rows) for name, rows in xls_sheets(data)]


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r", "u": "\x1f"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def ours(tool, path):
    res = subprocess.run([tool, path], capture_output=True)
    if res.returncode != 0:
        raise RuntimeError(f"{tool} {path}: exit {res.returncode}: {res.stderr.decode()}")
    sheets, rows, expect = [], None, 1
    for line in res.stdout.decode("utf-8").split("\n"):
        if not line:
            continue
        if line.startswith("#SHEET\t"):
            rows = []
            sheets.append((line[7:], rows))
            expect = 1
            continue
        num, _, fields = line.partition("\t")
        if int(num) != expect:
            raise RuntimeError(f"{path}: row {num} delivered where row {expect} was due")
        expect += 1
        rows.append([unescape(f) for f in fields.split("\x1f")])
    return [(name, trim(r)) for name, r in sheets]


def official_files(real):
    out = []
    for sub, names in (("oews/official_zips", None), ("oews", None), ("ep", None)):
        d = os.path.join(real, sub)
        for name in sorted(os.listdir(d)):
            if name.lower().endswith((".zip", ".xlsx", ".xls")):
                out.append(os.path.join(d, name))
    return out


def main():
    tool, real = sys.argv[1], os.environ.get("BLS_REAL_DATA") or sys.argv[2]
    if not os.path.isdir(os.path.join(real, "oews", "official_zips")):
        print(f"SKIP: no real BLS data at {real}")
        return 77
    failures, files, sheets_checked, rows_checked, cells_checked = 0, 0, 0, 0, 0
    for path in official_files(real):
        files += 1
        want, got = reference(path), ours(tool, path)
        if [n for n, _ in want] != [n for n, _ in got]:
            print(f"FAIL {path}: sheets differ\n  openpyxl/xlrd: {[n for n, _ in want]}\n"
                  f"  blsreport:     {[n for n, _ in got]}")
            failures += 1
            continue
        for (name, wrows), (_, grows) in zip(want, got):
            sheets_checked += 1
            if len(wrows) != len(grows):
                print(f"FAIL {name}: {len(grows)} rows, reference has {len(wrows)}")
                failures += 1
            shown = 0
            for i, (w, g) in enumerate(zip(wrows, grows)):
                rows_checked += 1
                cells_checked += len(w)
                if w != g and shown < 3:
                    shown += 1
                    failures += 1
                    for c in range(max(len(w), len(g))):
                        a = w[c] if c < len(w) else "<none>"
                        b = g[c] if c < len(g) else "<none>"
                        if a != b:
                            print(f"FAIL {name} row {i + 1} col {c + 1}: "
                                  f"reference {a!r}, blsreport {b!r}")
                            break
    print(f"{files} files, {sheets_checked} sheets, {rows_checked} rows, {cells_checked} cells "
          f"compared; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
