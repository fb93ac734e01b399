#!/usr/bin/python3
"""Cut input/'s extracts from the real BLS files in ../shared/bls/real/.

The main job runs on these extracts: real BLS rows, byte for byte as the
Excel exports hold them (encoding, quoting, CRLF, title, header and footnote
rows), for the occupations the seed article names, their broad, minor and
major groups, 29-2053's sibling 31-1013 Psychiatric Aides (the article's 5%
is the two together) and the all-occupations total. Every column is kept.

    scripts/cut-input.py [REAL_DIR]     (default ../shared/bls/real, or $BLS_REAL_DATA)

Writes input/oes_national_M2014_dl.csv (from national_M2014_dl.csv),
input/ep_occupational_projections_2012-22.csv (Table 1.2) and
input/ep_occupation_2012-22_table_1.7.csv (Table 1.7). Only the Python
standard library is used.
"""
import os
import re
import sys

ARTICLE_CODES = ["31-2021", "29-2053", "29-2071", "31-2011", "29-2054", "31-1013"]
SOC = re.compile(rb"^\d\d-\d\d\d\d$")


def groups_of(code):
    """The code, its broad, minor and major groups, and the total."""
    return {code, code[:6] + "0", code[:4] + "000", code[:2] + "-0000", "00-0000"}


WANTED = set().union(*(groups_of(c) for c in ARTICLE_CODES))


def records(data):
    """Split CSV bytes into records (a quoted field may span lines), keeping
    each record's bytes and line end exactly."""
    out, start, quoted, i = [], 0, False, 0
    n = len(data)
    while i < n:
        b = data[i]
        if b == 0x22:  # '"'
            quoted = not quoted
        elif not quoted and b in (0x0D, 0x0A):
            end = i + 1
            if b == 0x0D and end < n and data[end] == 0x0A:
                end += 1
            out.append(data[start:end])
            start = i = end
            continue
        i += 1
    if start < n:
        out.append(data[start:])
    return out


def code_of(record):
    """The SOC code of a data record: a field that is exactly NN-NNNN."""
    for field in record.rstrip(b"\r\n").split(b","):
        field = field.strip().strip(b'"').strip()
        if SOC.match(field):
            return field.decode("ascii")
    return None


def cut(src, dst):
    data = open(src, "rb").read()
    recs = records(data)
    first = next(i for i, r in enumerate(recs) if code_of(r))
    last = max(i for i, r in enumerate(recs) if code_of(r))
    head, body, tail = recs[:first], recs[first:last + 1], recs[last + 1:]
    kept = [r for r in body if code_of(r) in WANTED]
    with open(dst, "wb") as out:
        out.write(b"".join(head + kept + tail))
    codes = sorted({code_of(r) for r in kept})
    print(f"{dst}: {len(kept)} of {len(body)} data rows from {src}: {' '.join(codes)}")


def main():
    real = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BLS_REAL_DATA", "")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    if not real:
        real = os.path.join(root, "..", "shared", "bls", "real")
    jobs = [
        ("oews/csv_exports/national_M2014_dl.csv", "oes_national_M2014_dl.csv"),
        ("ep/occupation_2012-22_table_1.2.csv", "ep_occupational_projections_2012-22.csv"),
        ("ep/occupation_2012-22_table_1.7.csv", "ep_occupation_2012-22_table_1.7.csv"),
    ]
    for src, dst in jobs:
        cut(os.path.join(real, src), os.path.join(root, "input", dst))


if __name__ == "__main__":
    main()
