#!/bin/sh
# Screenshots of every built-in scene at 1920x1080, taken from the real app in a real X server
# (Xvfb, no window manager; the window maximises itself), each at the scene's last frame (the diffusion scene at frame 8).
# Usage: tools/screenshots.sh [BUILD_DIR]   (needs xvfb, xauth, imagemagick: apt-get install)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/release}
wait_s=${WAIT:-15}
mkdir -p docs/screenshots
for scene in resources/scenes/*.json; do
  name=$(basename "$scene" .json)
  # The diffusion scene mid-way (diffusion has committed several tokens per step, AR one per
  # step); the others at their last frame.
  case "$name" in 1-*) frame=8 ;; *) frame=end ;; esac
  out="docs/screenshots/$name.png"
  xvfb-run -a -s "-screen 0 1920x1080x24" sh -c '
    "$1" "$2" --frame "$5" & pid=$!
    sleep "$3"
    kill -0 $pid || { echo "screenshots: seqscope exited early on $2" >&2; exit 3; }
    import -window root "$4"
    kill $pid; wait $pid 2>/dev/null || true' _ "$build/app/seqscope" "$scene" "$wait_s" "$out" "$frame"
  echo "wrote $out"
done
