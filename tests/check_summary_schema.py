#!/usr/bin/env python3
"""Validate blsreport JSON summaries against docs/blsreport-summary-1.schema.json.

usage: check_summary_schema.py SCHEMA SUMMARY... ; exit 1 naming the first
file and member that do not validate."""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        doc = json.load(open(path))
        for err in validator.iter_errors(doc):
            where = "/".join(str(p) for p in err.absolute_path)
            print(f"{path}: /{where}: {err.message}", file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
