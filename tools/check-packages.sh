#!/usr/bin/env bash
# Proves that build.sh's package list is complete: every file the build really used (each
# header the compiler read, from ninja's dependency log; each CMake file configure read; each
# library and tool the build ran or linked) must come from a Debian package that is in
# build.sh's list or installed as a (recursive) dependency of one. A developer machine that
# happens to have an extra -dev package installed hides a missing entry; this finds it.
#
# usage: tools/check-packages.sh [BUILD_DIR] [--without PKG]...
#   BUILD_DIR        a configured and built Ninja tree (default build/release)
#   --without PKG    check as if PKG were not in build.sh's list (shows that the check fails)
# Exit 0: complete. Exit 1: a file comes from a package outside the list's closure, or from no
# package at all; each is named with its package. Exit 2: usage or an unusable build tree.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=""
without=()
while [ $# -gt 0 ]; do
  case "$1" in
    --without) without+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) build=$1; shift ;;
  esac
done
build=$(cd "${build:-$top/build/release}" 2>/dev/null && pwd) || { echo "check-packages: no build tree ${build:-build/release} (build first)" >&2; exit 2; }
[ -f "$build/build.ninja" ] && [ -f "$build/.ninja_deps" ] ||
  { echo "check-packages: $build is not a built Ninja tree (build.ninja and .ninja_deps needed)" >&2; exit 2; }
command -v dpkg-query >/dev/null || { echo "check-packages: dpkg-query not found (Debian only)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. the files the build used ------------------------------------------------------------
{
  # Headers: ninja's dependency log (what the compiler reported with -MD for every object).
  ninja -C "$build" -t deps | awk '/^    /{print $1}'
  # CMake files: the inputs of build.ninja's re-run rule are every file configure read,
  # find_package's config files among them.
  ninja -C "$build" -t query build.ninja | awk '/^    /{print $NF}'
  # Libraries: the full paths CMake links; -lNAME resolved the way the compiler resolves it.
  cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
  awk '/^  LINK_LIBRARIES = /{for (i = 3; i <= NF; i++) print $i}' "$build/build.ninja" |
    while read -r lib; do
      case "$lib" in
        /*) echo "$lib" ;;
        -l*) "$cxx" -print-file-name="lib${lib#-l}.so" ;;
        -fopenmp) "$cxx" -print-file-name=libgomp.so ;;
      esac
    done
  # Tools: the compiler, ninja, cmake, pkg-config, moc and every other program configure found.
  echo "$cxx"
  sed -n 's/^\(CMAKE_MAKE_PROGRAM\|CMAKE_COMMAND\|[A-Z0-9_]*_EXECUTABLE\):[A-Z]*=//p' "$build/CMakeCache.txt"
  find "$build" -name AutogenInfo.json -exec sed -n 's/^ *"\(MOC\|UIC\|RCC\)_EXECUTABLE" *: *"\(.*\)",\{0,1\}$/\2/p' {} +
} | grep '^/' | sort -u | awk '
  # "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/x" -> "/usr/include/c++/12/x"
  # (what realpath -s does, without a process per path: ninja lists ~10^5 dependencies).
  { n = split($0, part, "/"); depth = 0
    for (i = 2; i <= n; i++) {
      if (part[i] == "" || part[i] == ".") continue
      if (part[i] == "..") { if (depth > 0) depth--; continue }
      kept[++depth] = part[i]
    }
    path = ""; for (i = 1; i <= depth; i++) path = path "/" kept[i]
    print (path == "" ? "/" : path) }' | sort -u |
  grep -v -e "^$top/" -e "^$build/" >"$work/used" || true
[ -s "$work/used" ] || { echo "check-packages: found no files in $build's logs" >&2; exit 2; }

# --- 2. which package each file comes from ----------------------------------------------------
# `dpkg -S PATH` searches every package's file list once per path; over a thousand headers that
# takes minutes. dpkg's lists, read once, answer the same question for plain paths. A path no
# list names is tried through its symlinks and the merged-/usr aliases (/lib and /usr/lib are
# one folder on Debian 12, but a package's list names the one it shipped).
for list in /var/lib/dpkg/info/*.list; do
  pkg=$(basename "$list" .list)
  awk -v pkg="${pkg%%:*}" '{print $0 "\t" pkg}' "$list"
done >"$work/index"
while read -r f; do
  r=$(realpath -m "$f")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$f" "${f#/usr}" "/usr$f" "$r" "${r#/usr}" "/usr$r"
done <"$work/used" >"$work/candidates"
awk -F'\t' -v orphans="$work/orphans" '
  NR == FNR { if (!($1 in own)) own[$1] = $2; next }
  { p = ""; for (i = 2; i <= NF && p == ""; i++) if ($i in own) p = own[$i]
    if (p == "") print $1 > orphans; else print p " " $1 }' "$work/index" "$work/candidates" >"$work/owned"
touch "$work/orphans"

# --- 3. what build.sh's list brings -----------------------------------------------------------
"$top/build.sh" packages | tr ' ' '\n' | grep . | sort -u >"$work/listed"
for w in "${without[@]}"; do grep -vxF "$w" "$work/listed" >"$work/l" || true; mv "$work/l" "$work/listed"; done
# The closure: the listed packages and everything they depend on, recursively, as installed
# here (Depends and Pre-Depends; alternatives and virtual packages resolved by what is installed).
xargs apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances <"$work/listed" 2>/dev/null |
  sed -n -e 's/^\([a-z0-9][^ :]*\).*/\1/p' -e 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: \([a-z0-9][^ :]*\).*/\2/p' |
  sort -u >"$work/closure"
# Packages that every Debian system has (Essential: yes, and their dependencies) are there
# before build.sh runs.
dpkg-query -W -f='${Package} ${Essential}\n' | awk '$2 == "yes" {print $1}' |
  xargs apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances 2>/dev/null |
  sed -n -e 's/^\([a-z0-9][^ :]*\).*/\1/p' | sort -u >>"$work/closure"
sort -u -o "$work/closure" "$work/closure"

# --- 4. verdict --------------------------------------------------------------------------------
status=0
missing=$(awk 'NR == FNR {ok[$1] = 1; next} !($1 in ok) {print $1}' "$work/closure" "$work/owned" | sort -u)
for p in $missing; do
  status=1
  n=$(awk -v p="$p" '$1 == p' "$work/owned" | wc -l)
  echo "check-packages: package $p is used by the build but is neither in build.sh's list nor a dependency of a listed package ($n files), e.g.:" >&2
  awk -v p="$p" '$1 == p {print "  " $2}' "$work/owned" | head -3 >&2
done
if [ -s "$work/orphans" ]; then
  status=1
  echo "check-packages: files used by the build that no Debian package installed ($(wc -l <"$work/orphans") files), e.g.:" >&2
  head -5 "$work/orphans" | sed 's/^/  /' >&2
fi
used=$(wc -l <"$work/used")
pkgs=$(awk '{print $1}' "$work/owned" | sort -u | wc -l)
if [ $status -eq 0 ]; then
  echo "check-packages: ok: the build used $used files from $pkgs packages, all in build.sh's list or its dependencies"
else
  echo "check-packages: FAILED: add the package(s) above to PACKAGES in build.sh" >&2
fi
exit $status
