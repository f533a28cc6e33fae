#!/usr/bin/env bash
# The installed layout, as the .deb ships it: `cmake --install` into a scratch root, then the
# validators Debian and the desktop use (desktop-file-validate, appstreamcli), the man page, and
# the installed binary finding its resources under <prefix>/share/seqscope.
# usage: test_install.sh BUILD_DIR VERSION
set -euo pipefail
build=$1 version=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "test_install: FAIL: $*" >&2; exit 1; }

DESTDIR="$dest" cmake --install "$build" --prefix /usr >/dev/null
root=$dest/usr
id=io.github.seqscope.Seqscope

# desktop-file-validate exits 0 on hints; a clean file prints nothing at all.
out=$(desktop-file-validate "$root/share/applications/$id.desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate is not clean: $out"
appstreamcli validate --no-net "$root/share/metainfo/$id.metainfo.xml" >/dev/null ||
  fail "appstreamcli validate: $(appstreamcli validate --no-net "$root/share/metainfo/$id.metainfo.xml" 2>&1)"
grep -q "<release version=\"$version\"" "$root/share/metainfo/$id.metainfo.xml" ||
  fail "the metainfo has no release $version"
icon=$(sed -n 's/^Icon=//p' "$root/share/applications/$id.desktop")
[ -s "$root/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "no icon $icon.svg in hicolor/scalable/apps"

man=$root/share/man/man1/seqscope.1.gz
[ -s "$man" ] || fail "no man page at $man"
for section in NAME SYNOPSIS SUBCOMMANDS; do
  zcat "$man" | grep -q "^\.SH \"*$section" || fail "the man page has no $section section"
done
zcat "$man" | grep -q -- '--scene' || fail "the man page lacks the export subcommand's options"

[ "$("$root/bin/seqscope" --version)" = "seqscope $version" ] || fail "--version: $("$root/bin/seqscope" --version)"
# The installed binary reads <prefix>/share/seqscope, not the source tree it was built from.
info=$(env -u SEQSCOPE_RESOURCE_DIR "$root/bin/seqscope" info --json)
echo "$info" | grep -q "\"resource_dir\": *\"$root/share/seqscope\"" ||
  fail "the installed binary does not read $root/share/seqscope: $(echo "$info" | grep -o '"resource_dir"[^,]*')"
echo "$info" | grep -q "\"path\": *\"$root/share/seqscope/models/mqar-attention\"" ||
  fail "info --json does not list the bundled models under $root/share/seqscope"
[ -f "$root/share/seqscope/scenes/3-associative-recall.json" ] || fail "the scenes are not installed"
[ -f "$root/share/doc/seqscope/CHANGELOG.md" ] || fail "no /usr/share/doc/seqscope/CHANGELOG.md"
echo "test_install: ok ($(find "$dest" -type f | wc -l) files installed)"
