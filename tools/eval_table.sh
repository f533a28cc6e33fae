#!/usr/bin/env bash
# Prints the README's table of shipped checkpoints: exact-match accuracy from `seqscope eval`.
# usage: tools/eval_table.sh [path/to/seqscope]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/seqscope}
echo "| checkpoint | task | parameters | layers | accuracy (exact, n=1000) | token accuracy |"
echo "|---|---|---|---|---|---|"
for dir in resources/models/mqar-*/; do
  name=$(basename "$dir")
  json=$("$bin" eval --model "$dir" --task mqar --pairs 4 --n 1000 --json)
  python3 - "$name" "$json" "$dir" <<'PY'
import json, sys, struct
name, result, d = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
raw = open(d + "model.safetensors", "rb").read()
header = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])
params = sum(eval("*".join(map(str, v["shape"])) or "1") for k, v in header.items() if k != "__metadata__")
cfg = json.load(open(d + "config.json"))
print(f"| {name} | mqar (4 pairs) | {params:,} | {'/'.join(cfg['layer_types'])} | {result['accuracy']:.3f} | {result['token_accuracy']:.3f} |")
PY
done
