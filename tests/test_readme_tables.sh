#!/usr/bin/env bash
# The README's tables of shipped checkpoints are what `seqscope eval` measures now: every row
# tools/eval_table.sh prints (MQAR, addition, English; 1,000 examples each) must be in the
# README with the same figures within ±0.01 (one point), so a retrained checkpoint cannot
# leave a stale number behind.
# usage: test_readme_tables.sh SOURCE_DIR SEQSCOPE
set -euo pipefail
src=$1 bin=$2
fail() { echo "test_readme_tables: FAIL: $*" >&2; exit 1; }
measured=$("$src/tools/eval_table.sh" "$bin") || fail "tools/eval_table.sh failed"
python3 - "$src/README.md" <<PY || exit 1
import sys
readme = {}
for line in open(sys.argv[1], encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 7 and cells[0].startswith(("mqar-", "mqar8-", "mqar16-", "addition-", "english-")):
        readme[cells[0]] = cells
checked, bad = 0, []
for line in """$measured""".splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 7 or cells[0] in ("checkpoint", "---"):
        continue
    name = cells[0]
    if name in ("addition-ar", "addition-diffusion", "english-ar", "english-diffusion"):
        continue  # in the README's NFE table (tools/nfe_table.sh), by generation
    if name not in readme:
        bad.append(f"{name}: measured but not in the README ({line})")
        continue
    for col in (5, 6):
        a, b = float(cells[col]), float(readme[name][col])
        if abs(a - b) > 0.01 + 1e-9:
            bad.append(f"{name}: README says {b}, eval measures {a}")
    checked += 1
if bad:
    print("test_readme_tables: FAIL:\n  " + "\n  ".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"test_readme_tables: ok ({checked} checkpoints within one point of the README)")
PY
