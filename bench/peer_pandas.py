#!/usr/bin/python3
"""peer_pandas.py - the pipeline an analyst would write instead of blsreport.

Where it sits: outside the project, a yardstick for bench/run.sh --peer.
It does roughly what blsreport does with an OEWS all-data file, the way a
pandas user would: read the CSV (markers as missing values, thousands
separators), check the percentile ladders and annual = hourly x 2080, write
the rows to an XLSX workbook (XlsxWriter, as pandas drives it)
and draw a bar chart of the highest median wages into a PDF (matplotlib).

    /usr/bin/python3 bench/peer_pandas.py in.csv OUTDIR

Needs Debian's python3-pandas, python3-xlsxwriter and python3-matplotlib.
The inputs run.sh gives it are SYNTHETIC (bench_gen), not BLS data.
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

MISSING = ["", "*", "**", "#", "~"]  # blank cells and the BLS markers
LADDERS = [
    ["H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90"],
    ["A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"],
]
PAIRS = [("H_MEAN", "A_MEAN"), ("H_MEDIAN", "A_MEDIAN")]
EXCEL_ROWS = 1048576


def main(argv):
    if len(argv) != 3:
        print("usage: peer_pandas.py in.csv OUTDIR", file=sys.stderr)
        return 2
    src, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    # All-data files (AREA ... O_GROUP) or national ones (OCC_GROUP, no area).
    text_columns = {c: str for c in ("AREA", "NAICS", "OWN_CODE", "OCC_CODE", "ANNUAL", "HOURLY")}
    df = pd.read_csv(src, thousands=",", na_values=MISSING, keep_default_na=False,
                     dtype=text_columns, low_memory=False)

    problems = 0
    for ladder in LADDERS:
        values = df[ladder].apply(pd.to_numeric, errors="coerce")
        steps = values.diff(axis=1).iloc[:, 1:]
        problems += int((steps < 0).any(axis=1).sum())
    for hourly, annual in PAIRS:
        gap = (df[annual] - (df[hourly] * 2080).round()).abs()
        problems += int((gap > 10.9).sum())
    key = [c for c in ("AREA", "NAICS", "OWN_CODE", "I_GROUP", "OCC_CODE") if c in df.columns]
    duplicated = int(df.duplicated(key).sum())

    path = os.path.join(outdir, "report.xlsx")
    # No constant_memory: pandas writes column by column, which that mode
    # cannot take (it keeps only the current row), so the sheet is in memory.
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        per_sheet = EXCEL_ROWS - 1
        for part, start in enumerate(range(0, max(len(df), 1), per_sheet)):
            name = "Wage data" if part == 0 else f"Wage data ({part + 1})"
            df.iloc[start:start + per_sheet].to_excel(writer, sheet_name=name, index=False)

    group = "O_GROUP" if "O_GROUP" in df.columns else "OCC_GROUP"
    detailed = df[df[group] == "detailed"]
    if "AREA" in df.columns:
        detailed = detailed[detailed["AREA"] == "99"]
    top = detailed.drop_duplicates("OCC_CODE").nlargest(15, "A_MEDIAN")
    fig, ax = plt.subplots(figsize=(8.27, 11.69))
    ax.barh(top["OCC_TITLE"], top["A_MEDIAN"])
    synthetic = "synthetic" in os.path.basename(src)
    ax.set_xlabel("Median annual wage" + (" (synthetic data)" if synthetic else " (BLS OEWS)"))
    fig.tight_layout()
    fig.savefig(os.path.join(outdir, "report.pdf"))
    plt.close(fig)

    print(f"{len(df)} rows, {problems} rule problems, {duplicated} duplicate keys",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
