#!/usr/bin/python3
"""Independent converter for the real-data suite: BLS .xls/.xlsx (and the
zips they come in) -> one CSV per sheet, the way Excel's "Save as CSV" writes
it: cells as displayed (number formats applied: "145,355.8", "$30,050"),
CRLF, UTF-8 with a BOM. Beside each CSV, a .json sidecar maps the CSV line a
row starts on to the row's raw cell values, so a test can compare what
blsreport read with what the file holds.

Uses python3-xlrd (BIFF .xls) and python3-openpyxl (.xlsx) from Debian; it
shares no code with blsreport.

    bls_to_csv.py OUT_DIR FILE...
Prints one line per CSV written.
"""
import csv
import io
import json
import os
import sys
import tempfile
import zipfile


def display(value, fmt):
    """A number as Excel shows it in the formats BLS uses."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if not isinstance(value, (int, float)):
        return "" if value is None else str(value)
    f = (fmt or "General").replace('"$"', "$").replace("\\$", "$")
    dollar = f.startswith("$")
    body = f.lstrip("$")
    decimals = len(body.split(".")[1]) if "." in body else 0
    if body in ("#,##0", "#,##0.0", "#,##0.00", "0", "0.0", "0.00"):
        text = f"{abs(value):{',' if ',' in body else ''}.{decimals}f}"
        return ("-" if value < 0 and float(text.replace(",", "")) != 0 else "") + \
            ("$" if dollar else "") + text
    # General: up to 11 significant digits, no trailing zeros
    text = f"{value:.11g}"
    if "e" in text:
        text = repr(float(value))
    return text


def sheets_xls(data):
    import xlrd
    book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            shown, raw = [], []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                    shown.append(display(cell.value, fmt))
                    raw.append(cell.value)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    shown.append("TRUE" if cell.value else "FALSE")
                    raw.append(bool(cell.value))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    shown.append("")
                    raw.append(None)
                else:
                    shown.append(str(cell.value))
                    raw.append(str(cell.value))
            rows.append((shown, raw))
        yield sheet.name, rows


def sheets_xlsx(data):
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows():
            shown = [display(c.value, c.number_format) for c in row]
            raw = [c.value if isinstance(c.value, (int, float, bool)) or c.value is None
                   else str(c.value) for c in row]
            rows.append((shown, raw))
        yield ws.title, rows


def members(path):
    """(name, bytes) of each workbook in a file or zip."""
    if path.lower().endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                base = os.path.basename(info.filename)
                if base.lower().endswith((".xls", ".xlsx")):
                    stem = os.path.splitext(os.path.basename(path))[0]
                    yield f"{stem}__{base}", z.read(info)
    else:
        yield os.path.basename(path), open(path, "rb").read()


def safe(name):
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)


def write(out_dir, book_name, sheet_name, rows):
    stem = safe(os.path.splitext(book_name)[0]) + "__" + safe(sheet_name)
    # drop trailing empty columns and rows, as Excel's export does
    width = 0
    for shown, _ in rows:
        for i, v in enumerate(shown):
            if v != "":
                width = max(width, i + 1)
    while rows and all(v == "" for v in rows[-1][0]):
        rows.pop()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    sidecar, line = {}, 1
    for shown, raw in rows:
        sidecar[line] = raw[:width]
        before = text.tell()
        writer.writerow(shown[:width] + [""] * (width - len(shown[:width])))
        line += text.getvalue()[before:].count("\n")
    path = os.path.join(out_dir, stem + ".csv")
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(text.getvalue())
    with open(os.path.join(out_dir, stem + ".json"), "w") as f:
        json.dump({"book": book_name, "sheet": sheet_name, "rows": sidecar}, f)
    print(path)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for path in sys.argv[2:]:
        for name, data in members(path):
            reader = sheets_xlsx if data[:2] == b"PK" else sheets_xls
            for sheet, rows in reader(data):
                write(out_dir, name, sheet, rows)


if __name__ == "__main__":
    main()
