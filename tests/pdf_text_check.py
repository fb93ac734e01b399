#!/usr/bin/python3
"""Read a PDF's words back with poppler's `pdftotext -bbox` and fail when
any two words on a page overlap (text drawn over text) or a word runs off
the page, or when a word carries an ellipsis (text cut short).

Usage: pdf_text_check.py FILE.pdf [--allow-ellipsis]
Prints one line per defect; exit 1 when there is any."""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/1999/xhtml}"
TOLERANCE = 0.6  # points: glyph boxes of neighbouring words may touch


def words_by_page(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(out)
    for page in root.iter(NS + "page"):
        w, h = float(page.get("width")), float(page.get("height"))
        words = [(float(x.get("xMin")), float(x.get("yMin")), float(x.get("xMax")),
                  float(x.get("yMax")), x.text or "") for x in page.iter(NS + "word")]
        yield w, h, words


def overlap(a, b):
    return (min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE and
            min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE)


def main():
    path = sys.argv[1]
    allow_ellipsis = "--allow-ellipsis" in sys.argv[2:]
    defects = []
    for n, (w, h, words) in enumerate(words_by_page(path), 1):
        for i, a in enumerate(words):
            if a[0] < -0.5 or a[1] < -0.5 or a[2] > w + 0.5 or a[3] > h + 0.5:
                defects.append(f"page {n}: {a[4]!r} runs off the page")
            if not allow_ellipsis and "\u2026" in a[4]:
                defects.append(f"page {n}: {a[4]!r} is cut short")
            for b in words[i + 1:]:
                if overlap(a, b):
                    defects.append(f"page {n}: {a[4]!r} overlaps {b[4]!r}")
    for d in defects[:40]:
        print(d)
    sys.exit(1 if defects else 0)


if __name__ == "__main__":
    main()
