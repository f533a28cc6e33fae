#!/usr/bin/env bash
# "Diffusion language models are super data learners", at toy scale: an AR and a masked
# diffusion model of the same size train on the SAME small fixed set of 3-digit additions,
# repeated for many epochs; after every epoch both are evaluated on fresh problems (exact
# match by generating, and loss per answer token). Writes docs/data/data_learners.json (the
# chart renderer in views/ draws it) and prints the README table.
# usage: tools/data_learners.sh [path/to/seqscope]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/seqscope}
work=${WORK:-$(mktemp -d)}
SET=${SET:-500}; BATCH=32; EPOCHS=${EPOCHS:-150}
per_epoch=$(( (SET + BATCH - 1) / BATCH ))
for objective in ar diffusion; do
  rm -rf "$work/$objective"
  "$bin" train --task addition --digits 3 --arch attention --d-model 64 --layers 2 --heads 4 \
    --objective "$objective" --train-set "$SET" --batch-size "$BATCH" --steps $((per_epoch * EPOCHS)) \
    --eval-every "$per_epoch" --eval-examples 200 --lr 0.003 --seed 1 --out "$work/$objective" > /dev/null
done
mkdir -p docs/data
python3 - "$work" "$SET" "$per_epoch" > docs/data/data_learners.json <<'PY'
import json, sys
work, size, per_epoch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = {"task": "addition", "digits": 3, "train_set": size, "batch_size": 32, "steps_per_epoch": per_epoch,
       "eval_examples": 200, "model": "attention, d_model 64, 2 layers, 4 heads", "runs": []}
for objective in ("ar", "diffusion"):
    rows = [json.loads(l) for l in open(f"{work}/{objective}/train_log.jsonl")]
    evals = [r for r in rows if "eval_accuracy" in r]
    out["runs"].append({"objective": objective,
                        "epoch": [r["step"] // per_epoch for r in evals],
                        "train_loss": [r["loss"] for r in evals],
                        "val_loss": [r["eval_loss"] for r in evals],
                        "val_accuracy": [r["eval_accuracy"] for r in evals]})
print(json.dumps(out, indent=1))
PY
python3 - <<'PY'
import json
d = json.load(open("docs/data/data_learners.json"))
ar, df = d["runs"]
print("| epoch | AR val loss | AR val exact | diffusion val loss | diffusion val exact |")
print("|---|---|---|---|---|")
n = len(ar["epoch"])
for i in sorted(set([0, 1, 2, 4, 9, 19, 29, 39, 49, 59, 79, 99, 124, n - 1])):
    if i < n:
        print(f"| {ar['epoch'][i]} | {ar['val_loss'][i]:.3f} | {ar['val_accuracy'][i]:.3f} | "
              f"{df['val_loss'][i]:.3f} | {df['val_accuracy'][i]:.3f} |")
PY
