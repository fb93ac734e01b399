#!/usr/bin/env python3
"""The data flow one way: a file in src/STAGE/ or include/blsreport/STAGE/ includes
headers of its own stage and of earlier stages only (README, "Source layout").

Stages, first to last: base, layouts, read, check, render, pipeline, cli. The one
exception is named: the pipeline asks cli/exit_code.h for the code the JSON summary
carries, and that header may itself include nothing after check/.
Usage: check_layers.py SOURCE_DIR; exits 1 listing every include that goes backwards."""
import pathlib
import re
import sys

ORDER = ["base", "layouts", "read", "check", "render", "pipeline", "cli"]
ALLOWED = {("pipeline", "cli/exit_code.h")}
root = pathlib.Path(sys.argv[1])
include = re.compile(r'^#include "blsreport/([a-z]+)/([a-z_]+\.h)"', re.M)
bad, seen = [], 0
for top in (root / "src", root / "include" / "blsreport"):
    for path in sorted(top.rglob("*.[ch]")):
        stage = path.relative_to(top).parts[0]
        if stage not in ORDER:
            bad.append(f"{path.relative_to(root)}: not in a stage folder ({', '.join(ORDER)})")
            continue
        for m in include.finditer(path.read_text(encoding="utf-8")):
            seen += 1
            to = m.group(1)
            if to not in ORDER:
                bad.append(f"{path.relative_to(root)}: includes blsreport/{to}/, not a stage")
            elif ORDER.index(to) > ORDER.index(stage) and (stage, f"{to}/{m.group(2)}") not in ALLOWED:
                bad.append(f"{path.relative_to(root)}: {stage}/ includes {to}/{m.group(2)}, a later stage")
# the allowed exception stays narrow: exit_code.h includes nothing after check/
ec = root / "include/blsreport/cli/exit_code.h"
for m in include.finditer(ec.read_text(encoding="utf-8")):
    if ORDER.index(m.group(1)) > ORDER.index("check"):
        bad.append(f"include/blsreport/cli/exit_code.h includes {m.group(1)}/{m.group(2)}")
for line in bad:
    print(line)
print(f"check_layers: {seen} includes, {len(bad)} going backwards")
sys.exit(1 if bad or seen < 100 else 0)
