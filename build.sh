#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine for Seqscope and builds it.
#   ./build.sh run     install missing packages, build (Release), open the explorer on the demo
#   ./build.sh test    install missing packages, build (Release), run every test through ctest
#   ./build.sh build   install missing packages and build only
#   ./build.sh package install missing packages, build, make seqscope_<version>_amd64.deb (CPack)
#   ./build.sh packages  print the Debian packages the build needs (tools/check-packages.sh
#                        proves after every CI build that this list is complete)
set -euo pipefail
cd "$(dirname "$0")"

# qt6-charts-dev does not depend on libqt6opengl6-dev, but Qt6ChartsConfig.cmake needs Qt6OpenGL.
# file: CPack's DEB generator runs it to find the binaries for dpkg-shlibdeps (./build.sh package).
# python3: test_readme_tables and tools/eval_table.sh (a bare Debian 12 root has no Python).
PACKAGES=(build-essential cmake ninja-build pkg-config
          qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev
          libeigen3-dev nlohmann-json3-dev
          libavcodec-dev libavformat-dev libavfilter-dev libswscale-dev libavutil-dev
          fonts-dejavu-core xvfb xauth
          help2man desktop-file-utils appstream file python3)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "build.sh: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)"
}

mode=${1:-run}
shift || true
case "$mode" in
  run)
    install_missing
    build
    exec ./build/release/app/seqscope "$@"
    ;;
  test)
    install_missing
    build
    cd build/release
    ctest --output-on-failure -j "$(nproc)" "$@"
    ;;
  build)
    install_missing
    build
    ;;
  package)
    install_missing
    build
    (cd build/release && cpack -G DEB)
    ls build/release/seqscope_*_amd64.deb
    ;;
  packages)
    echo "${PACKAGES[*]}"
    ;;
  *)
    echo "usage: ./build.sh run|test|build|package|packages" >&2
    exit 2
    ;;
esac
