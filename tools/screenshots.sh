#!/bin/sh
# Screenshots of every built-in scene from the real app in a real X server (Xvfb, no window
# manager; the window fills the screen), at 1280x720 (a projector) and 1920x1080, in the window
# and in presentation mode, each at the first frame, a narration step (the first one that
# pauses; the middle frame for a scene without narration) and the last frame:
#   docs/screenshots/<scene>/<W>x<H>-<window|present>-<first|step|middle|end>.png
# plus docs/screenshots/<scene>.png (1920x1080, window, that step) for the README.
# seqscope --screenshot saves the screen once the runs end and the frame is shown, then quits.
# Usage: tools/screenshots.sh [BUILD_DIR [SCENE.json...]]   (default: every built-in scene;
# needs xvfb and xauth, which build.sh installs)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/release}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- resources/scenes/*.json
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
for scene in "$@"; do
  name=$(basename "$scene" .json)
  mkdir -p "docs/screenshots/$name"
  rm -f "docs/screenshots/$name"/*.png
  step=$(python3 -c 'import json, sys
steps = json.load(open(sys.argv[1])).get("steps", [])
paused = [s["frame"] for s in steps if s.get("pause")]
print(paused[0] if paused else "middle")' "$scene")
  for size in 1280x720 1920x1080; do
    for mode in window present; do
      flag=""
      [ "$mode" = present ] && flag=--present
      for frame in 0 "$step" end; do
        label=$frame
        [ "$frame" = 0 ] && label=first
        [ "$frame" = "$step" ] && [ "$step" != middle ] && label=step
        out="docs/screenshots/$name/$size-$mode-$label.png"
        # A fresh settings folder: no window state or palette carried over from another shot.
        rm -rf "${cfg:?}"/*
        shoot() {
          XDG_CONFIG_HOME=$cfg timeout 120 xvfb-run -a -s "-screen 0 ${size}x24" \
            "$build/app/seqscope" "$scene" --frame "$frame" $flag --screenshot "$out" 2>/dev/null
        }
        # Once more on failure: two X servers started at once can race for a display number.
        shoot || shoot || { echo "screenshots: seqscope failed on $scene ($size $mode $label)" >&2; exit 3; }
        echo "wrote $out"
      done
    done
  done
  [ "$step" = middle ] && label=middle || label=step
  cp "docs/screenshots/$name/1920x1080-window-$label.png" "docs/screenshots/$name.png"
done
