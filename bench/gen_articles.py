#!/usr/bin/env python3
"""Generate SYNTHETIC articles for the many-documents benchmark (bench/articles.sh).

usage: gen_articles.py OEWS_NATIONAL_CSV N OUTDIR [SEED]

Each article is made of the sentence shapes of the seed article
(input/000_6dcdeebd65410cef.txt, lines 34 and 46) filled with REAL figures:
the median annual wages (A_MEDIAN) of detailed occupations in BLS's May 2014
national OES file given (../shared/bls/real/oews/csv_exports/national_M2014_dl.csv).
The articles themselves are synthetic, and say so on their first line; they
are written as synthetic_article_NNNNN.txt. Every tenth article misquotes one
wage by $100, so that the run has mismatches to report.
"""
import csv
import os
import random
import sys

SHAPES = [
    "In May 2014, {a} made a median salary of ${wa} per year, while {b} earned a median of ${wb}.",
    "The 2014 median annual wage for {a} was ${wa}, according to BLS data.",
    "As of May 2014, the median annual wage of {a} was ${wa}.",
]


def main():
    src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2014)
    with open(src, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    # titles that name one row only: a broad group and its one detailed
    # occupation often share a title, which is an ambiguous claim
    count = {}
    for row in rows:
        count[row["OCC_TITLE"].lower()] = count.get(row["OCC_TITLE"].lower(), 0) + 1
    occs = []
    for row in rows:
        wage = row["A_MEDIAN"].replace(",", "")
        title = row["OCC_TITLE"].lower()
        if (row["OCC_GROUP"] == "detailed" and wage.isdigit() and "," not in title
                and count[title] == 1):
            occs.append((title, int(wage)))
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        lines = [f"SYNTHETIC article {i} for the blsreport benchmark: the seed article's "
                 "sentence shapes with BLS's May 2014 national median wages.", ""]
        for k in range(3):
            (a, wa), (b, wb) = rng.sample(occs, 2)
            if i % 10 == 0 and k == 0:
                wa += 100  # a misquote: a mismatch to report
            shape = SHAPES[k % len(SHAPES)]
            lines.append(shape.format(a=a, wa=f"{wa:,}", b=b, wb=f"{wb:,}"))
            lines.append("")
        with open(os.path.join(out, f"synthetic_article_{i:05d}.txt"), "w") as f:
            f.write("\n".join(lines))
    print(f"{n} synthetic articles, {len(occs)} occupations to draw from", file=sys.stderr)


if __name__ == "__main__":
    main()
