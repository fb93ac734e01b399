#!/usr/bin/env bash
# Quick start: install what is missing, build into build/, and run the main
# job: every file in input/ -> output/report.xlsx, output/report.pdf,
# output/summary.json. Extra arguments go to blsreport.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target blsreport >/dev/null
exec ./build/blsreport --json output/summary.json "$@"
