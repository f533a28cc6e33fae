#!/usr/bin/env bash
# Prints the README's table of shipped checkpoints: exact-match accuracy from `seqscope eval`.
# usage: tools/eval_table.sh [path/to/seqscope]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/seqscope}
echo "| checkpoint | task | parameters | layers | steps, peak lr | accuracy (exact, n=1000) | token accuracy |"
echo "|---|---|---|---|---|---|---|"
for dir in resources/models/*/; do
  name=$(basename "$dir")
  case "$name" in
    mqar-*) task=(--task mqar --pairs 4); label="mqar (4 pairs)" ;;
    mqar8-*) task=(--task mqar --pairs 8); label="mqar (8 pairs)" ;;
    mqar16-*) task=(--task mqar --pairs 16); label="mqar (16 pairs)" ;;
    addition-ar|addition-diffusion) task=(--task addition --digits 3); label="addition (3 digits)" ;;
    english-ar|english-diffusion) task=(--task english --length 64); label="english (64 characters)" ;;
    addition-*) task=(--task addition); label="addition (3 digits)" ;;
    english-*) task=(--task english); label="english" ;;
    *) continue ;;  # untrained demo model; sudoku9-* are in tools/nfe_table.sh (n = 100)
  esac
  json=$("$bin" eval --model "$dir" "${task[@]}" --n 1000 --json)
  python3 - "$name" "$json" "$dir" "$label" <<'PY'
import json, sys, struct
name, result, d, label = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
raw = open(d + "model.safetensors", "rb").read()
header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
params = 0
for k, v in header.items():
    if k != "__metadata__":
        n = 1
        for dim in v["shape"]:
            n *= dim
        params += n
cfg = json.load(open(d + "config.json"))
# The budget, from the training log: the last step, and the learning rate's peak.
budget = "?"
try:
    rows = [json.loads(l) for l in open(d + "train_log.jsonl")]
    budget = f"{rows[-1]['step']:,}, {max(r['lr'] for r in rows):.0e}".replace("e-0", "e-")
except (OSError, KeyError, IndexError, ValueError):
    pass
print(f"| {name} | {label} | {params:,} | {'/'.join(cfg['layer_types'])} | {budget} | {result['accuracy']:.3f} | {result['token_accuracy']:.3f} |")
PY
done
