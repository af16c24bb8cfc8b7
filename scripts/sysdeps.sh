#!/usr/bin/env bash
# Debian packages Docket needs, checked (and installed when running as root) by `make`.
#   scripts/sysdeps.sh run    what the desktop app needs to open a window (Qt's xcb libraries)
#   scripts/sysdeps.sh test   that, plus what the test suite needs (Xvfb, poppler, PostgreSQL)
#   scripts/sysdeps.sh screenshots   that, plus a tray host for the README's tray picture
set -euo pipefail
what=${1:-test}

run_pkgs=(libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
          libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
          libxss1)  # libxss1: the X11 idle counter (away time)
test_pkgs=(xvfb xauth poppler-utils postgresql sqlite3)

pkgs=("${run_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")
[ "$what" = screenshots ] && pkgs+=("${test_pkgs[@]}" trayer)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "sysdeps: not a Debian-based system; make sure the equivalents of these are installed:" >&2
  echo "  ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Docket needs these Debian packages; install them and run make again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "sysdeps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_get() { apt-get -o DPkg::Lock::Timeout=300 -q "$@"; }
if ! apt_get install -y --no-install-recommends "${missing[@]}" >/tmp/docket-apt.log 2>&1; then
  apt_get update >>/tmp/docket-apt.log 2>&1
  apt_get install -y --no-install-recommends "${missing[@]}" >>/tmp/docket-apt.log 2>&1 || {
    echo "sysdeps: apt-get failed; see /tmp/docket-apt.log" >&2
    tail -20 /tmp/docket-apt.log >&2
    exit 1
  }
fi
