#!/usr/bin/env bash
# build.sh's package list is complete for this build (tools/check-packages.sh), and the check
# is not vacuous: without libqt6opengl6-dev (the package missing in 0.1.0, which Qt6Charts'
# CMake files need) it fails and names the file and the package.
# usage: test_package_list.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
fail() { echo "test_package_list: FAIL: $*" >&2; exit 1; }
"$src/tools/check-packages.sh" "$build" || fail "build.sh's package list is incomplete (above)"
set +e
out=$("$src/tools/check-packages.sh" "$build" --without libqt6opengl6-dev 2>&1)
rc=$?
set -e
[ $rc -eq 1 ] || fail "without libqt6opengl6-dev the check exited $rc, not 1: $out"
echo "$out" | grep -q "package libqt6opengl6-dev is used by the build" || fail "the package is not named: $out"
echo "$out" | grep -q "Qt6OpenGL" || fail "no Qt6OpenGL file is named: $out"
echo "test_package_list: ok (and it fails without libqt6opengl6-dev, naming it)"
