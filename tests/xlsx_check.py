#!/usr/bin/python3
"""xlsx_check.py - read a blsreport workbook back with openpyxl and check it.

Usage: xlsx_check.py WORKBOOK MODE
  structure  sheets, headers, frozen panes, filters, formats, no formulas,
             markers, verdicts, properties, charts (every workbook passes this)
  unit       structure + the synthetic values tests/test_render_xlsx.c writes
  overflow   structure + "Wage data (2)"/"(3)" continuation sheets (row limit 4)
  e2e        structure + the BLS figures of input/ (the article's extract)
  injection  structure + tests/data/xlsx/synthetic_formula_injection_M2014_dl.csv
  dump       print every sheet (for a human)
Exit status 0 when every check passes, 1 otherwise (each failure is printed).

openpyxl is an independent reader: it parses the XML libxlsxwriter wrote, so
these checks do not trust the writer's own idea of what it wrote.
"""
import re
import sys
import zipfile

import openpyxl

SHEETS = ["Summary", "Charts", "Occupations", "Cross-check", "Findings", "Rejected rows",
          "Wage data", "Projection data"]
TABULAR = ["Occupations", "Cross-check", "Findings", "Rejected rows", "Wage data",
           "Projection data"]
STREAMED = ["Rejected rows", "Wage data", "Projection data"]
MARKERS = {"*", "**", "#", "~"}
VERDICTS = {"match", "rounding", "mismatch", "missing", "stale", "ambiguous", "unattributed"}

# Number formats the workbook promises for the Occupations columns: each
# program's own columns; the format follows the figure's written precision
# (a whole 41% is "0%", BLS's 40.9% is "0.0%").
OCC_FORMATS = {
    "Employment (OEWS)": {"#,##0", "#,##0.0"},
    "Employment, base year (EP)": {"#,##0", "#,##0.0"},
    "Projected employment (EP)": {"#,##0", "#,##0.0"},
    "Employment change (EP)": {"#,##0", "#,##0.0"},
    "Employment change, percent (EP)": {"0%", "0.0%", "0.00%"},
    "Median annual wage": {"$#,##0", "$#,##0.00"},
    "Mean annual wage": {"$#,##0", "$#,##0.00"},
    "Median hourly wage": {"$0.00"},
    "Annual wage, 10th percentile": {"$#,##0", "$#,##0.00"},
    "Annual wage, 25th percentile": {"$#,##0", "$#,##0.00"},
    "Annual wage, 75th percentile": {"$#,##0", "$#,##0.00"},
    "Annual wage, 90th percentile": {"$#,##0", "$#,##0.00"},
}
OCC_PERIODS = ["OEWS period", "EP base year", "EP projection period"]
GROUP_LEVELS = {"total", "major", "minor", "broad"}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def header(ws):
    return [c.value for c in ws[1]]


def rows_as_dicts(ws):
    names = header(ws)
    out = []
    for row in ws.iter_rows(min_row=2):
        cells = {names[i]: c for i, c in enumerate(row) if i < len(names) and names[i]}
        if any(c.value is not None for c in cells.values()):
            out.append(cells)
    return out


def find_row(rows, column, value):
    for r in rows:
        if column in r and r[column].value == value:
            return r
    return None


def approx(a, b):
    return isinstance(a, (int, float)) and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def expect_number(row, column, value, fmt, where):
    c = row.get(column) if row else None
    if not check(c is not None, f"{where}: no column {column!r}"):
        return
    check(c.data_type == "n" and approx(c.value, value),
          f"{where} {column}: expected number {value}, got {c.value!r} ({c.data_type})")
    if fmt:
        check(c.number_format == fmt,
              f"{where} {column}: expected format {fmt!r}, got {c.number_format!r}")


def summary_text(wb):
    return " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row
                    if c.value is not None)


def expect_text(row, column, value, where):
    c = row.get(column) if row else None
    if not check(c is not None, f"{where}: no column {column!r}"):
        return
    check(c.data_type == "s" and c.value == value,
          f"{where} {column}: expected text {value!r}, got {c.value!r} ({c.data_type})")


def check_structure(wb, path):
    names = wb.sheetnames
    check(names[:8] == SHEETS, f"sheet order {names[:8]}")
    for extra in names[8:]:
        check(re.fullmatch(r"(Rejected rows|Wage data|Projection data) \(\d+\)", extra),
              f"unexpected sheet {extra!r}")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                check(c.data_type != "f", f"{ws.title}!{c.coordinate}: a formula")
    for name in TABULAR + names[8:]:
        ws = wb[name]
        check(ws.freeze_panes == "A2", f"{name}: frozen panes {ws.freeze_panes!r}")
        check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:"),
              f"{name}: autofilter {ws.auto_filter.ref!r}")
        hdr = header(ws)
        check(all(isinstance(h, str) and h for h in hdr), f"{name}: header {hdr}")
        check(ws["A1"].font.b, f"{name}: header not bold")
    # Occupations: numbers are numbers with their format; markers are markers.
    occ = wb["Occupations"]
    for r in rows_as_dicts(occ):
        for col, fmt in OCC_FORMATS.items():
            c = r.get(col)
            if c is None or c.value is None:
                continue
            if c.data_type == "n":
                check(c.number_format in fmt,
                      f"Occupations {c.coordinate}: format {c.number_format!r}, want {fmt!r}")
                if c.number_format == "0%":
                    check(abs(c.value * 100 - round(c.value * 100)) < 1e-9,
                          f"Occupations {c.coordinate}: {c.value} shown without its decimal")
            else:
                check(c.value in MARKERS, f"Occupations {c.coordinate}: text {c.value!r}")
                notes = (r.get("Notes").value if r.get("Notes") is not None else None) or ""
                check(f"{c.value} = " in notes,
                      f"Occupations {c.coordinate}: marker {c.value!r} not explained in Notes")
        level = r.get("SOC level")
        if level is None and "no SOC level column" not in " ".join(failures):
            check(False, "Occupations: no SOC level column")
        if level is not None and level.value in GROUP_LEVELS:
            check(r["SOC code"].font.b, f"Occupations {level.coordinate}: group row not set apart")
        base, change, proj = (r.get(k) for k in ("Employment, base year (EP)",
                                                  "Employment change (EP)",
                                                  "Projected employment (EP)"))
        if all(x is not None and isinstance(x.value, (int, float)) for x in (base, change, proj)):
            # An EP row adds up (BLS rounds each figure to the hundred: allow 200).
            check(abs(base.value + change.value - proj.value) <= 200,
                  f"Occupations row {proj.row}: EP base + change != projected")
        pct = r.get("Employment change, percent (EP)")
        if pct is not None and pct.value is not None and pct.data_type == "n":
            check(abs(pct.value) < 20, f"Occupations {pct.coordinate}: percent not a fraction")
    cc = wb["Cross-check"]
    for r in rows_as_dicts(cc):
        first = r.get("Source (document:line)")
        if first is not None and str(first.value).startswith("(more claims than"):
            continue  # the sheet was full (the overflow test lowers the row limit)
        v = r.get("Verdict")
        check(v is not None and v.value in VERDICTS,
              f"Cross-check: verdict {v.value if v else None!r}")
    check(len(cc.conditional_formatting) >= 1 and
          sum(len(cf.rules) for cf in cc.conditional_formatting) >= 7,
          "Cross-check: verdict colours missing")
    props = wb.properties
    check(props.title == "BLS figures cross-check", f"property title {props.title!r}")
    check(bool(props.creator), "property author empty")
    check(props.keywords and "BLS" in props.keywords, f"keywords {props.keywords!r}")
    check(props.description and props.description.startswith("Inputs:"),
          f"comments {props.description!r}")
    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, "zip CRC error")
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        for n in charts:
            xml = z.read(n).decode("utf-8")
            check("<c:barChart>" in xml, f"{n}: not a bar chart")
            check("Charts" in xml, f"{n}: data not on the Charts sheet")
    summary = summary_text(wb)
    for needle in ["BLS figures cross-check", "OEWS", "Employment Projections", "thousands",
                   "nothing was published in the inputs, not 0", "General format",
                   "top-code"]:
        check(needle in summary, f"Summary lacks {needle!r}")
    return charts


def check_unit(wb, charts):
    check(charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"], f"charts {charts}")
    occ = rows_as_dicts(wb["Occupations"])
    check(len(occ) == 3, f"Occupations: {len(occ)} rows")
    a = find_row(occ, "SOC code", "11-1111")
    expect_number(a, "Median annual wage", 61230, "$#,##0", "11-1111")
    expect_number(a, "Employment change, percent (EP)", 0.409, "0.0%", "11-1111")
    expect_number(a, "Median hourly wage", 29.44, "$0.00", "11-1111")
    expect_number(a, "Employment (OEWS)", 123450, "#,##0", "11-1111")
    expect_text(a, "OEWS period", "May 2014", "11-1111")
    expect_text(a, "EP projection period", "2012-2022", "11-1111")
    b = find_row(occ, "SOC code", "11-2222")
    expect_text(b, "Occupation title (BLS)", "=SUM(A1:A2)", "11-2222")
    expect_text(b, "Median annual wage", "#", "11-2222")
    expect_number(b, "Employment change, percent (EP)", 0.05, "0%", "11-2222")  # whole 5%
    if b:
        check(b["Median annual wage"].comment is None, "11-2222: markers have no comments")
        check("#" in (b["Notes"].value or ""), "11-2222: notes do not explain #")
        check(b["Employment (OEWS)"].value is None, "11-2222: empty employment is not blank")
    c = find_row(occ, "SOC code", "11-3333")
    expect_text(c, "Occupation title (BLS)", "+Synthetic plus", "11-3333")
    expect_text(c, "Mean annual wage", "*", "11-3333")

    cc = rows_as_dicts(wb["Cross-check"])
    check(len(cc) == 4, f"Cross-check: {len(cc)} rows")
    r = find_row(cc, "Occupation as quoted", "Synthetic alpha")
    expect_text(r, "Source (document:line)", "article.txt:11", "check 1")
    expect_number(r, "Claimed", 0.41, "0%", "check 1")
    expect_number(r, "Data value", 0.409, "0.0%", "check 1")
    # Percentage points, not a percent: 41% - 40.9% = +0.1 pp (issue 16).
    expect_number(r, "Difference (claimed - data)", 0.1, '+0.0" pp";-0.0" pp";0" pp"', "check 1")
    soc = r["SOC code"] if r else None
    check(soc is not None and soc.hyperlink is not None and
          soc.hyperlink.location.startswith("'Occupations'!A"), "check 1: SOC code not linked")
    if soc is not None and soc.hyperlink is not None:
        row = int(soc.hyperlink.location.split("!A")[1])
        check(wb["Occupations"].cell(row=row, column=1).value == soc.value,
              f"check 1: link {soc.hyperlink.location} is not the row of {soc.value}")
    links = {c.value: c.hyperlink.location for c in wb["Summary"]["A"] if c.hyperlink}
    for name in ["Charts", "Occupations", "Cross-check", "Findings", "Wage data"]:
        check(links.get(name) == f"'{name}'!A1", f"Summary: no link to {name} ({links})")
    expect_text(r, "Verdict", "rounding", "check 1")
    expect_text(r, "BLS title", "Synthetic Occupation Alpha", "check 1")
    expect_text(r, "Data period", "2012-2022", "check 1")
    r = find_row(cc, "Occupation as quoted", "@cmd")
    expect_number(r, "Claimed", 54410, "$#,##0", "check 2")
    expect_text(r, "Verdict", "mismatch", "check 2")
    r = find_row(cc, "Verdict", "missing")
    check(r is not None and r["Data value"].value is None, "check 3: missing with a value")
    r = find_row(cc, "Verdict", "unattributed")
    expect_text(r, "Quote", "-2+3", "unattributed")

    fnd = rows_as_dicts(wb["Findings"])
    check(len(fnd) == 2, f"Findings: {len(fnd)} rows")
    expect_text(fnd[0] if fnd else None, "Rule", "soc-format", "finding 1")
    expect_number(fnd[0] if fnd else None, "Line", 7, None, "finding 1")
    check(fnd and fnd[1]["Line"].value is None, "finding 2: line 0 is not blank")

    rej = rows_as_dicts(wb["Rejected rows"])
    check(len(rej) == 1, f"Rejected rows: {len(rej)} rows")
    if rej:
        t = rej[0]["Original text"]
        check(t.data_type == "s" and t.value.startswith("=1+2"), f"rejected text {t.value!r}")
        check("\ufffd" in t.value and "\x01" not in t.value, "control char not replaced")

    wage = rows_as_dicts(wb["Wage data"])
    check(len(wage) == 2, f"Wage data: {len(wage)} rows")
    # one input file: nothing to tell apart, so no Input # column here or on
    # the Summary (the overflow case has two)
    for name in ["Wage data", "Projection data"]:
        first = wb[name].cell(row=1, column=1).value
        check(first == "Line", f"{name}: first column {first!r}, want 'Line'")
    check("Input # in data sheets" not in summary_text(wb), "Summary maps Input # of one input")
    w = find_row(wage, "OCC_CODE", "11-1111")
    expect_number(w, "Line", 2, None, "wage row")
    expect_number(w, "TOT_EMP", 1230, "General", "wage row")
    expect_number(w, "H_MEDIAN", 29.44, "General", "wage row")
    expect_number(w, "A_MEDIAN", 61230, "General", "wage row")
    w = find_row(wage, "OCC_CODE", "11-2222")
    expect_text(w, "A_MEDIAN", "#", "marker row")
    expect_text(w, "H_MEDIAN", "#", "marker row")
    expect_text(w, "OCC_TITLE", "=SUM(A1:A2)", "marker row")
    check(w is None or w["TOT_EMP"].value is None, "empty TOT_EMP is not blank")
    proj = rows_as_dicts(wb["Projection data"])
    check(len(proj) == 1, f"Projection data: {len(proj)} rows")
    p = proj[0] if proj else None
    expect_number(p, "Employment, base year (thousands)", 71.4, "General", "projection row")
    expect_number(p, "Employment change: Percent (percent)", 40.9, "General", "projection row")
    expect_text(p, "OCC_CODE", "11-1111", "projection row")

    ch = wb["Charts"]
    check(ch.column_dimensions["A"].hidden, "Charts: helper columns not hidden")
    labels = [ch.cell(row=i, column=1).value for i in (2, 3)]
    check(labels == ["=SUM(A1:A2)", "Synthetic Occupation Alpha"],
          f"Charts: change % bars {labels} (largest must be drawn on top, i.e. last)")
    check_page_setup(wb)
    props = wb.properties
    check(props.creator == "synthetic-author", f"author {props.creator!r}")
    check(props.created is not None and props.created.year == 2015, f"created {props.created}")


def check_page_setup(wb):
    """Every sheet prints landscape, one page wide, with a footer naming the
    file and the page; sheets with a header row repeat it; a wrapped header
    row is tall enough for its longest header."""
    for ws in wb.worksheets:
        n = ws.title
        check(ws.page_setup.orientation == "landscape", f"{n}: not landscape")
        check(ws.sheet_properties.pageSetUpPr is not None
              and ws.sheet_properties.pageSetUpPr.fitToPage, f"{n}: not fit to page")
        check(ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0,
              f"{n}: fit {ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight}")
        footer = (ws.oddFooter.left.text or "") + (ws.oddFooter.right.text or "")
        check("&F" in footer and "&P" in footer, f"{n}: footer {footer!r}")
        if n not in ("Summary", "Charts"):
            check(ws.print_title_rows in ("1:1", "$1:$1"), f"{n}: header row not repeated")
            for c in ws[1]:
                w = ws.column_dimensions[c.column_letter].width or 8.43
                longest = max((len(x) for x in str(c.value or "").split()), default=0)
                check(longest <= w, f"{n}: header word {c.value!r} wider than its column ({w})")
            wide = [c.value for c in ws[1] if isinstance(c.value, str)
                    and len(c.value) > (ws.column_dimensions[c.column_letter].width or 8.43)]
            height = ws.row_dimensions[1].height
            check(not wide or (height and height >= 30),
                  f"{n}: header row {height} pt for wrapped {wide[:2]}")


def check_overflow(wb):
    names = wb.sheetnames
    check(names[8:] == ["Wage data (2)", "Wage data (3)"], f"continuations {names[8:]}")
    lines = []
    for name in ["Wage data", "Wage data (2)", "Wage data (3)"]:
        if name in names:
            rows = rows_as_dicts(wb[name])
            check(len(rows) <= 3, f"{name}: {len(rows)} rows > limit")
            lines += [r["Line"].value for r in rows]
            check(wb[name].cell(row=1, column=1).value == "Input #", f"{name}: no Input #")
            check(all(r["Input #"].value == 1 for r in rows), f"{name}: Input # not 1")
    check(lines == list(range(2, 9)), f"overflow lines {lines}")
    summary = summary_text(wb)
    check("continuation" in summary, "Summary does not mention the continuation sheets")
    check("Input # in data sheets" in summary, "Summary does not map Input # to files")


def check_e2e(wb, charts):
    # The figures BLS published that the article quotes (shared/bls/LAYOUTS.md).
    published = {
        "31-2021": (54410, 0.41), "29-2053": (31130, 0.039), "29-2071": (35900, 0.221),
        "31-2011": (56950, None), "29-2054": (47810, None),
    }
    occ = rows_as_dicts(wb["Occupations"])
    for soc, (wage, change) in published.items():
        r = find_row(occ, "SOC code", soc)
        if not check(r is not None, f"Occupations: no {soc}"):
            continue
        expect_number(r, "Median annual wage", wage, "$#,##0", soc)
        if change is not None:
            expect_number(r, "Employment change, percent (EP)", change, "0.0%", soc)
    check(len(rows_as_dicts(wb["Wage data"])) >= 5, "Wage data: fewer than 5 rows")
    check(len(rows_as_dicts(wb["Projection data"])) >= 3, "Projection data: fewer than 3 rows")
    cc = rows_as_dicts(wb["Cross-check"])
    check(len(cc) >= 1, "Cross-check: no rows")
    # claims_health_technicians.csv quotes BLS's $54,410 for 31-2021 (May 2014).
    r = next((r for r in cc if r["SOC code"].value == "31-2021" and
              r["Metric"].value == "median_annual_wage"), None)
    expect_number(r, "Claimed", 54410, "$#,##0", "31-2021 wage claim")
    expect_number(r, "Data value", 54410, "$#,##0", "31-2021 wage claim")
    expect_text(r, "Verdict", "match", "31-2021 wage claim")
    check(len(charts) >= 1, f"charts {charts}")


def check_injection(wb):
    titles = {"11-1111": '=HYPERLINK("http://example.invalid","click")', "11-2222": "+1+1",
              "11-3333": "-2 synthetic", "11-4444": "@SUM(1)"}
    occ = rows_as_dicts(wb["Occupations"])
    wage = rows_as_dicts(wb["Wage data"])
    for soc, title in titles.items():
        expect_text(find_row(occ, "SOC code", soc), "Occupation title (BLS)", title, soc)
        expect_text(find_row(wage, "OCC_CODE", soc), "OCC_TITLE", title, soc)
    top = find_row(wage, "OCC_CODE", "11-1111")
    expect_text(top, "A_MEDIAN", "#", "11-1111")
    expect_number(top, "A_PCT25", 124800, "General", "11-1111")
    na = find_row(wage, "OCC_CODE", "11-2222")
    expect_text(na, "TOT_EMP", "**", "11-2222")
    expect_text(na, "A_MEDIAN", "*", "11-2222")
    expect_text(find_row(occ, "SOC code", "11-2222"), "Employment (OEWS)", "**", "11-2222")


def chart_bars(wb, path, chart):
    """The bars of a native chart, top (first drawn by the view) first: its
    category and value ranges read from the chart XML, then the cells."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(chart).decode("utf-8")
    refs = re.findall(r"<c:f>Charts!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)</c:f>", xml)
    if len(refs) < 2:
        return [], xml
    (cc, c0, _, c1), (vc, _, _, _) = refs[0], refs[1]
    ws = wb["Charts"]
    rows = range(int(c0), int(c1) + 1)
    bars = [(ws[f"{cc}{r}"].value, ws[f"{vc}{r}"].value) for r in rows]
    return list(reversed(bars)), xml  # written bottom bar first


def check_real(wb, path, charts, case):
    """The real national file alone (case national) or --select 29-* (s29)."""
    check(wb.sheetnames[1] == "Charts", f"Charts not second: {wb.sheetnames}")
    pay = next((c for c in charts if "Median annual" in
                zipfile.ZipFile(path).read(c).decode("utf-8")), None)
    if not check(pay is not None, f"no pay chart among {charts}"):
        return
    bars, xml = chart_bars(wb, path, pay)
    labels = [b[0] for b in bars]
    notes = " ".join(str(c.value) for c in wb["Charts"]["G"] if c.value)
    check(len(labels) == len(set(labels)), f"{case}: a label drawn twice: {labels}")
    values = [b[1] for b in bars]
    check(values == sorted(values, reverse=True), f"{case}: pay bars not highest first")
    top = [b for b in bars if b[1] == 187200]
    check(len(top) == 7 and bars[:7] == top,
          f"{case}: the seven top-coded wages are not drawn first at the cap: {bars[:8]}")
    check(xml.count("187,200 (#)") == 7, f"{case}: top-coded bars not labelled as such")
    check("Healthcare Practitioners and Technical Occupations" not in labels,
          f"{case}: the major group is charted among its members")
    if case == "national":
        check(len(bars) == 25, f"national: {len(bars)} bars, want 25")
        check("Shown: the 25 highest of" in notes, f"national: no cap note in {notes!r}")
    else:
        check(labels.count("Pharmacists") == 1, "29-*: Pharmacists twice")
        check("broad occupations equal to a detailed occupation" in notes,
              f"29-*: no twins note in {notes!r}")
    occ = rows_as_dicts(wb["Occupations"])
    check(len(occ) >= 1390, f"Occupations: {len(occ)} rows")
    check(bool(occ) and "SOC level" in occ[0], "Occupations: no SOC level column")
    for r in occ:
        level = r["SOC level"].value if "SOC level" in r else None
        if level in GROUP_LEVELS:
            check(r["SOC code"].font.b, f"Occupations: group row {r['SOC code'].value} not set apart")
            break


def dump(wb):
    for ws in wb.worksheets:
        print(f"== {ws.title} (freeze {ws.freeze_panes}, filter {ws.auto_filter.ref})")
        for row in ws.iter_rows():
            cells = [f"{c.value!r}:{c.data_type}:{c.number_format}" for c in row
                     if c.value is not None]
            if cells:
                print(f"  {row[0].row}: " + " | ".join(cells))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    path, mode = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(path)
    if mode == "dump":
        dump(wb)
        return 0
    charts = check_structure(wb, path)
    if mode == "unit":
        check_unit(wb, charts)
    elif mode == "overflow":
        check_overflow(wb)
    elif mode == "e2e":
        check_e2e(wb, charts)
    elif mode == "injection":
        check_injection(wb)
    elif mode in ("national", "s29"):
        check_real(wb, path, charts, mode)
    elif mode != "structure":
        print(f"unknown mode {mode}")
        return 2
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
