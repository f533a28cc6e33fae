#!/usr/bin/env bash
# Writes resources/models/demo-hybrid: the randomly initialised hybrid the first window opens.
# usage: tools/make_demo_model.sh [path/to/seqscope]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release/app/seqscope}
"$bin" init --config resources/configs/demo-hybrid.json --seed 1 --out resources/models/demo-hybrid \
  --vocab-chars " abcdefghijklmnopqrstuvwxyz.,!?'0123456789"
