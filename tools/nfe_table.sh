#!/usr/bin/env bash
# Accuracy against network evaluations (NFE): each diffusion checkpoint sampled at
# steps = L, L/2, L/4, L/8 (rounded up, since L = 5 and 81 are odd; one block, low_confidence remasking, greedy) beside its AR baseline
# (greedy with the KV cache: L evaluations), on the same evaluation examples (`seqscope eval`,
# seed 1). Writes docs/data/accuracy_vs_nfe.json and prints the README table.
# usage: tools/nfe_table.sh [path/to/seqscope]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/seqscope}
rows=()
measure() {  # name, task label, L, n, eval options...
  local name=$1 label=$2 L=$3 n=$4; shift 4
  local dir=resources/models/$name
  [ -f "$dir/config.json" ] || return 0
  if [[ $name == *-ar ]]; then
    rows+=("$name|$label|ar|$L|$("$bin" eval --model "$dir" "$@" --n "$n" --json)")
  else
    for s in $L $(((L + 1) / 2)) $(((L + 3) / 4)) $(((L + 7) / 8)); do
      rows+=("$name|$label|diffusion|$s|$("$bin" eval --model "$dir" "$@" --n "$n" --steps "$s" --json)")
    done
  fi
}
for kind in ar diffusion; do
  measure "addition-$kind" "addition (3 digits)" 5 1000 --task addition
  measure "sudoku9-$kind" "sudoku9" 81 ${SUDOKU_N:-100} --task sudoku9
done
mkdir -p docs/data
rowfile=$(mktemp)
printf '%s\n' "${rows[@]}" > "$rowfile"
python3 - "$rowfile" <<'PY'
import json, sys
rows = []
for line in open(sys.argv[1]):
    name, label, sampler, nfe, result = line.rstrip("\n").split("|", 4)
    r = json.loads(result)
    rows.append({"model": name, "task": label, "sampler": sampler, "nfe": int(nfe), "n": r["n"],
                 "accuracy": r["accuracy"], "token_accuracy": r["token_accuracy"]})
json.dump({"seed": 1, "rows": rows}, open("docs/data/accuracy_vs_nfe.json", "w"), indent=1)
print("| task | model | sampler | NFE | exact match | answer tokens right | n |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['task']} | {r['model']} | {r['sampler']} | {r['nfe']} | {r['accuracy']:.3f} | "
          f"{r['token_accuracy']:.3f} | {r['n']} |")
PY
rm -f "$rowfile"
