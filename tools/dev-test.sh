#!/usr/bin/env bash
# Quick out-of-CMake build of one Qt Test file against a few core sources, for working on a
# mixer while other parts of the tree are in flux. CI never uses this; ctest does the real run.
# usage: [F64=1] tools/dev-test.sh OUT_DIR tests/test_x.cpp core/mixers/x.cpp [more sources...]
# F64=1 builds with Real = double (gradient checks, like the seqscope_core_f64 library).
set -euo pipefail
out=$1; test=$2; shift 2
mkdir -p "$out"
name=$(basename "$test" .cpp)
/usr/lib/qt6/libexec/moc -I. "$test" -o "$out/$name.moc"
defs=""
[ "${F64:-0}" = 1 ] && defs="-DSEQSCOPE_REAL_DOUBLE"
g++ $defs -std=c++20 -O2 -g -fopenmp -fPIC -ffp-contract=off -Wall -Wextra -I. -I"$out" -I/usr/include/eigen3 -Itests \
  $(pkg-config --cflags Qt6Test Qt6Core) "$test" core/parameters.cpp core/mixers/ops.cpp core/mixers/ops_grad.cpp core/mixers/mixer.cpp "$@" \
  $(pkg-config --libs Qt6Test Qt6Core) -o "$out/$name"
echo "built $out/$name"
