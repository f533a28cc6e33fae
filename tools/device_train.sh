#!/usr/bin/env bash
# Trains several checkpoints side by side on a many-core machine without Qt (the device box),
# with the same C++ trainers as `seqscope train` (tools/train_driver.cpp, same option names).
# usage: INCLUDE=path/to/eigen+nlohmann OUT=dir THREADS=4 [BUILD_DIR=dir] tools/device_train.sh \
#          "name|driver options" "name|driver options" ...
# Each job runs in the background with THREADS OpenMP threads and a TIMEOUT (seconds, default
# 540); the trainer saves the EMA checkpoint at every evaluation, so a job cut short still
# leaves its last evaluated checkpoint and train_log.jsonl in OUT/name.
set -uo pipefail
cd "$(dirname "$0")/.."
inc=${INCLUDE:?INCLUDE must point at the Eigen and nlohmann headers}
out=${OUT:?OUT must name the output folder}
# BUILD_DIR: where the driver is built, or found already built (several job groups with
# different THREADS share one build).
obj=${BUILD_DIR:-$(mktemp -d)}
flags="-O3 -march=native -std=c++20 -fopenmp -I. -I$inc -DEIGEN_MPL2_ONLY -DSEQSCOPE_VERSION=\"dev\" -DSEQSCOPE_SOURCE_DIR=\".\""
if [ ! -x "$obj/train_driver" ]; then
  mkdir -p "$obj"
  find core -name '*.cpp' | xargs -P "$(nproc)" -I{} sh -c "g++ $flags -c {} -o $obj/\$(echo {} | tr / _).o" || exit 1
  g++ $flags tools/train_driver.cpp "$obj"/*.o -o "$obj/train_driver" || exit 1
fi
mkdir -p "$out"
for job in "$@"; do
  name=${job%%|*}
  opts=${job#*|}
  mkdir -p "$out/$name"
  OMP_NUM_THREADS=${THREADS:-4} timeout "${TIMEOUT:-540}" "$obj/train_driver" $opts --out "$out/$name" \
    > "$out/$name/stdout.txt" 2> "$out/$name/progress.txt" &
done
wait
for job in "$@"; do name=${job%%|*}; echo "== $name"; tail -2 "$out/$name/progress.txt"; cat "$out/$name/stdout.txt"; done
