#!/usr/bin/env bash
# A newcomer's first hour, rehearsed on a bare Debian 12: makes a minbase bookworm root with
# debootstrap, clones this repository's committed HEAD into it and runs the README's test
# command there (`./build.sh test`), then `./build.sh package`; installs the .deb into a second,
# untouched bare root with `apt install ./seqscope_*.deb`, runs the installed seqscope
# (--version, info --json, an export), removes it and checks nothing of it is left.
#
# usage: tools/fresh-debian-check.sh [WORKDIR [REV]]  (default /var/tmp/seqscope-fresh, HEAD)
# Needs root and debootstrap (apt-get install debootstrap). Takes 30-60 minutes on 2 cores, so
# it is not part of CI; CI runs tools/check-packages.sh, which catches a missing package from
# the build's own logs. Uncommitted changes are not tested: the root gets a clone at REV.
# The Debian mirror is the one this machine's apt uses; nothing names a mirror in the repo.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/var/tmp/seqscope-fresh}
rev=$(git -C "$top" rev-parse --verify "${2:-HEAD}^{commit}") || { echo "fresh-debian-check: no revision ${2:-HEAD}" >&2; exit 2; }
log() { printf 'fresh-debian-check: %s\n' "$*"; }
die() { printf 'fresh-debian-check: FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"

# The machine's bookworm mirror: a one-line sources.list entry or a deb822 stanza.
mirror=$({
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}'
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk 'BEGIN {RS = ""} /\nSuites:[^\n]*bookworm( |\n|$)/ && !/Enabled: *no/ {
      if (match($0, /URIs: *[^ \n]+/)) {u = substr($0, RSTART, RLENGTH); sub(/URIs: */, "", u); print u; exit}}'
} | head -n 1)
[ -n "$mirror" ] || die "no bookworm mirror in /etc/apt/sources.list{,.d}"

mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount -R -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
enter() {  # enter ROOT COMMAND: run COMMAND in ROOT with a clean environment, as a login would
  local root=$1
  shift
  if ! mountpoint -q "$root/proc"; then
    mount -t proc proc "$root/proc" && mounted+=("$root/proc")
    mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" && mounted+=("$root/sys")
    mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && mounted+=("$root/dev")
  fi
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$*"
}

rm -rf "$work"
mkdir -p "$work"
log "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$work/base" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  die "debootstrap failed (see $work/debootstrap.log)"
# Apt sources as this machine has them (updates and security too), and name resolution.
rm -f "$work/base/etc/apt/sources.list"
cp /etc/apt/sources.list "$work/base/etc/apt/" 2>/dev/null || true
cp /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list "$work/base/etc/apt/sources.list.d/" 2>/dev/null || true
cp -L /etc/resolv.conf "$work/base/etc/resolv.conf"
log "bare root: $(chroot "$work/base" dpkg-query -W | wc -l) packages"
cp -a "$work/base" "$work/install"  # kept bare for installing the .deb

log "cloning $(git -C "$top" rev-parse --short "$rev") into the root"
mv "$work/base" "$work/build"
git clone --quiet --no-hardlinks "$top" "$work/build/root/seqscope"
git -C "$work/build/root/seqscope" checkout --quiet "$rev"

log "README test command: ./build.sh test (log: $work/test.log)"
start=$(date +%s)
enter "$work/build" "cd /root/seqscope && ./build.sh test" >"$work/test.log" 2>&1 ||
  { tail -n 30 "$work/test.log" >&2; die "./build.sh test failed on a bare Debian 12"; }
log "  $(grep -E 'tests passed' "$work/test.log" | tail -n 1) in $(($(date +%s) - start)) s"

log "./build.sh package (log: $work/package.log)"
enter "$work/build" "cd /root/seqscope && ./build.sh package" >"$work/package.log" 2>&1 ||
  { tail -n 30 "$work/package.log" >&2; die "./build.sh package failed"; }
deb=$(ls "$work"/build/root/seqscope/build/release/seqscope_*_amd64.deb)
log "  $(basename "$deb"), $(du -h "$deb" | cut -f1); Depends: $(dpkg-deb -f "$deb" Depends)"

log "apt install ./$(basename "$deb") on a second bare root (log: $work/install.log)"
cp "$deb" "$work/install/root/"
enter "$work/install" "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/$(basename "$deb")" \
  >"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log" >&2; die "apt install of the .deb failed"; }
log "  $(grep -E 'newly installed' "$work/install.log" | tail -n 1)"
if ! enter "$work/install" "cd /tmp && seqscope --version && seqscope info --json > info.json && \
  grep -o '\"resource_dir\": *\"[^\"]*\"' info.json && \
  echo \"bundled models: \$(grep -o '\"path\": *\"/usr/share/seqscope/models/' info.json | wc -l)\" && \
  QT_QPA_PLATFORM=offscreen seqscope export --scene /usr/share/seqscope/scenes/3-associative-recall.json --out x.gif && \
  echo \"x.gif: \$(stat -c %s x.gif) bytes\"" 2>&1 | tee "$work/run.log" | sed 's/^/  /'; then
  die "the installed seqscope failed (above)"
fi

log "apt remove seqscope"
if ! enter "$work/install" "dpkg-query -L seqscope > /root/files && DEBIAN_FRONTEND=noninteractive apt-get remove -y -q seqscope >/dev/null && \
  left=\$(while read -r f; do [ -f \"\$f\" ] || [ -L \"\$f\" ] && echo \"\$f\"; done < /root/files; \
          [ -e /usr/share/seqscope ] && echo /usr/share/seqscope; true) && \
  { [ -z \"\$left\" ] || { echo \"left behind: \$left\"; exit 1; }; } && \
  echo \"removed: \$(wc -l < /root/files) paths, none left\"" 2>&1 | sed 's/^/  /'; then
  die "apt remove left files behind (above)"
fi
log "ok: a bare Debian 12 builds, tests, packages, installs, runs and removes Seqscope"
